// SPDX-License-Identifier: GPL-2.0
/*
 * The PCIe test functions' driver.  The board's PCI host bridge
 * (drivers/board/pci.c) creates functions with our vendor and device IDs,
 * each with a fwspec naming the SMMU and the StreamID its Requester ID
 * maps to, and a struct swsmmu_tdev_pdata as platform data.  Binding one
 * enables it as a bus master and makes it a dmaengine provider with the
 * platform test devices' engine (dma.c, through swsmmu_tdev_bind()), with
 * a character device /dev/swsmmu-pciN (N its slot) for user-space SVA
 * (cdev.c).  Its PASID engine (sva.c) uses PASIDs and page requests only
 * while its PASID and PRI capabilities are enabled.
 *
 * The driver does not map BAR0 (nothing decodes it).  The dmaengine
 * provider does not use the function's register interface (config space,
 * pci_engine.c): the engine completes descriptors from its own worker.
 * The register interface is for drivers that have the function instead
 * of this one, such as a user-space driver through vfio-pci, and for the
 * sysfs attribute irq_test: a doorbell-driven FILL of a coherent buffer
 * that sleeps until the function's INTx says it is over, the way a
 * driver for real hardware would wait (irq_stats counts the interrupts).
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <uapi/swsmmu/pci_tdev.h>
#include "tdev.h"

/* The byte irq_test fills with, and its largest length */
#define SWSMMU_TDEV_PCI_TEST_BYTE	0x5a
#define SWSMMU_TDEV_PCI_TEST_MAX	SZ_64K
/* How long irq_test waits for the interrupt */
#define SWSMMU_TDEV_PCI_TEST_MS		5000

#define SWSMMU_TDEV_PCI_REG(r)	(SWSMMU_PCI_REGS_OFFSET + SWSMMU_PCI_REG_##r)

/**
 * struct swsmmu_tdev_pci_irq - a bound function's interrupt
 * @pdev: the function
 * @lock: one irq_test at a time
 * @done: completed by the handler
 * @status: STATUS as the handler found it
 * @handled: interrupts that found a command ended
 * @unhandled: interrupts that found none
 */
struct swsmmu_tdev_pci_irq {
	struct pci_dev *pdev;
	/* Serialises irq_test: one command of ours in the function at a time */
	struct mutex lock;
	struct completion done;
	u32 status;
	atomic_long_t handled;
	atomic_long_t unhandled;
};

static void swsmmu_tdev_pci_irq_release(struct device *dev, void *res)
{
	struct swsmmu_tdev_pci_irq *ti = res;

	mutex_destroy(&ti->lock);
}

static struct swsmmu_tdev_pci_irq *swsmmu_tdev_pci_irq_of(struct device *dev)
{
	return devres_find(dev, swsmmu_tdev_pci_irq_release, NULL, NULL);
}

static irqreturn_t swsmmu_tdev_pci_irq(int irq, void *data)
{
	struct swsmmu_tdev_pci_irq *ti = data;
	u32 status;

	if (pci_read_config_dword(ti->pdev, SWSMMU_TDEV_PCI_REG(STATUS),
				  &status) ||
	    !(status & (SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR))) {
		atomic_long_inc(&ti->unhandled);
		return IRQ_NONE;
	}
	/* Clearing DONE and ERROR deasserts the level */
	pci_write_config_dword(ti->pdev, SWSMMU_TDEV_PCI_REG(STATUS),
			       status & (SWSMMU_PCI_STATUS_DONE |
					 SWSMMU_PCI_STATUS_ERROR));
	WRITE_ONCE(ti->status, status);
	atomic_long_inc(&ti->handled);
	complete(&ti->done);
	return IRQ_HANDLED;
}

static void swsmmu_tdev_pci_reg_wr(struct pci_dev *pdev, unsigned int reg,
				   u32 val)
{
	pci_write_config_dword(pdev, SWSMMU_PCI_REGS_OFFSET + reg, val);
}

static u32 swsmmu_tdev_pci_reg_rd(struct pci_dev *pdev, unsigned int reg)
{
	u32 val;

	if (pci_read_config_dword(pdev, SWSMMU_PCI_REGS_OFFSET + reg, &val))
		return U32_MAX;
	return val;
}

/* The command is over, or 5 s passed */
static bool swsmmu_tdev_pci_idle(struct pci_dev *pdev)
{
	unsigned long end = jiffies + msecs_to_jiffies(SWSMMU_TDEV_PCI_TEST_MS);

	while (swsmmu_tdev_pci_reg_rd(pdev, SWSMMU_PCI_REG_STATUS) &
	       SWSMMU_PCI_STATUS_BUSY) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(1000, 2000);
	}
	return true;
}

/*
 * FILL @len bytes of a coherent buffer through the doorbell, with OP.IRQ,
 * and sleep until the interrupt: -ETIMEDOUT if none came, -EIO if the
 * command failed, -EILSEQ if the buffer does not hold the fill.
 */
static int swsmmu_tdev_pci_irq_test(struct swsmmu_tdev_pci_irq *ti, u32 len)
{
	struct pci_dev *pdev = ti->pdev;
	dma_addr_t dma;
	u32 status;
	void *buf;
	int ret;

	if (swsmmu_tdev_pci_reg_rd(pdev, SWSMMU_PCI_REG_STATUS) &
	    SWSMMU_PCI_STATUS_BUSY)
		return -EBUSY;
	buf = dma_alloc_coherent(&pdev->dev, len, &dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	reinit_completion(&ti->done);
	swsmmu_tdev_pci_reg_wr(pdev, SWSMMU_PCI_REG_OP,
			       SWSMMU_PCI_OP_FILL | SWSMMU_PCI_OP_IRQ |
			       SWSMMU_TDEV_PCI_TEST_BYTE << SWSMMU_PCI_OP_FILL_SHIFT);
	swsmmu_tdev_pci_reg_wr(pdev, SWSMMU_PCI_REG_LEN, len);
	swsmmu_tdev_pci_reg_wr(pdev, SWSMMU_PCI_REG_DST_LO, lower_32_bits(dma));
	swsmmu_tdev_pci_reg_wr(pdev, SWSMMU_PCI_REG_DST_HI, upper_32_bits(dma));
	swsmmu_tdev_pci_reg_wr(pdev, SWSMMU_PCI_REG_DOORBELL, SWSMMU_PCI_DB_GO);

	if (!wait_for_completion_timeout(&ti->done,
					 msecs_to_jiffies(SWSMMU_TDEV_PCI_TEST_MS))) {
		/* The function may still write the buffer: keep it then */
		if (!swsmmu_tdev_pci_idle(pdev)) {
			pci_err(pdev, "irq_test: the command never ended; buffer leaked\n");
			return -ETIMEDOUT;
		}
		ret = -ETIMEDOUT;
		goto out;
	}
	/*
	 * Someone else's command (a write to config space through sysfs) may
	 * have woken us before ours started: free nothing the function may
	 * still write.
	 */
	if (!swsmmu_tdev_pci_idle(pdev)) {
		pci_err(pdev, "irq_test: the command never ended; buffer leaked\n");
		return -ETIMEDOUT;
	}
	status = READ_ONCE(ti->status);
	if (status & SWSMMU_PCI_STATUS_ERROR)
		ret = -EIO;
	else if (memchr_inv(buf, SWSMMU_TDEV_PCI_TEST_BYTE, len))
		ret = -EILSEQ;
	else
		ret = 0;
out:
	dma_free_coherent(&pdev->dev, len, buf, dma);
	return ret;
}

static ssize_t irq_test_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct swsmmu_tdev_pci_irq *ti = swsmmu_tdev_pci_irq_of(dev);
	u32 len;
	int ret;

	if (!ti)
		return -ENODEV;
	ret = kstrtou32(buf, 0, &len);
	if (ret)
		return ret;
	if (!len || len > SWSMMU_TDEV_PCI_TEST_MAX) {
		dev_err(dev, "irq_test: length %u not in 1-%u\n", len,
			SWSMMU_TDEV_PCI_TEST_MAX);
		return -EINVAL;
	}
	mutex_lock(&ti->lock);
	ret = swsmmu_tdev_pci_irq_test(ti, len);
	mutex_unlock(&ti->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(irq_test);

static ssize_t irq_stats_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct swsmmu_tdev_pci_irq *ti = swsmmu_tdev_pci_irq_of(dev);

	if (!ti)
		return -ENODEV;
	return sysfs_emit(buf, "irq %d\nhandled %ld\nunhandled %ld\n",
			  ti->pdev->irq, atomic_long_read(&ti->handled),
			  atomic_long_read(&ti->unhandled));
}
static DEVICE_ATTR_RO(irq_stats);

static struct attribute *swsmmu_tdev_pci_attrs[] = {
	&dev_attr_irq_test.attr,
	&dev_attr_irq_stats.attr,
	NULL
};
ATTRIBUTE_GROUPS(swsmmu_tdev_pci);

/* The function's INTx, through the PCI core as for any INTx device */
static int swsmmu_tdev_pci_irq_init(struct pci_dev *pdev)
{
	struct swsmmu_tdev_pci_irq *ti;
	int ret;

	ti = devres_alloc(swsmmu_tdev_pci_irq_release, sizeof(*ti), GFP_KERNEL);
	if (!ti)
		return -ENOMEM;
	ti->pdev = pdev;
	mutex_init(&ti->lock);
	init_completion(&ti->done);
	devres_add(&pdev->dev, ti);

	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_INTX);
	if (ret < 0) {
		pci_err(pdev, "no INTx: %d\n", ret);
		return ret;
	}
	return devm_request_irq(&pdev->dev, pci_irq_vector(pdev, 0),
				swsmmu_tdev_pci_irq, 0, dev_name(&pdev->dev),
				ti);
}

static int swsmmu_tdev_pci_probe(struct pci_dev *pdev,
				 const struct pci_device_id *id)
{
	char name[32];
	int ret;

	/* Only the board's functions know their SMMU */
	if (!dev_get_platdata(&pdev->dev))
		return -ENODEV;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = swsmmu_tdev_pci_irq_init(pdev);
	if (ret)
		return ret;
	/* One bus of ours: the slot names the function */
	snprintf(name, sizeof(name), "%s%u", SWSMMU_TDEV_PCI_NAME,
		 PCI_SLOT(pdev->devfn));
	return swsmmu_tdev_bind(&pdev->dev,
				SWSMMU_TDEV_MAX + PCI_SLOT(pdev->devfn), name);
}

static void swsmmu_tdev_pci_remove(struct pci_dev *pdev)
{
	swsmmu_tdev_unbind(&pdev->dev);
	pci_clear_master(pdev);
}

static const struct pci_device_id swsmmu_tdev_pci_ids[] = {
	{ PCI_DEVICE(SWSMMU_PCI_VENDOR_ID, SWSMMU_PCI_DEVICE_ID) },
	{ }
};

static struct pci_driver swsmmu_tdev_pci_driver = {
	.name = "swsmmu-tdev-pci",
	.id_table = swsmmu_tdev_pci_ids,
	.probe = swsmmu_tdev_pci_probe,
	.remove = swsmmu_tdev_pci_remove,
	.dev_groups = swsmmu_tdev_pci_groups,
};

/**
 * swsmmu_tdev_pci_register_driver() - register the PCIe test functions'
 *                                     driver
 *
 * Return: 0 or the error of pci_register_driver().
 */
int swsmmu_tdev_pci_register_driver(void)
{
	return pci_register_driver(&swsmmu_tdev_pci_driver);
}

/**
 * swsmmu_tdev_pci_unregister_driver() - and unregister it
 */
void swsmmu_tdev_pci_unregister_driver(void)
{
	pci_unregister_driver(&swsmmu_tdev_pci_driver);
}
