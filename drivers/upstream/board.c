// SPDX-License-Identifier: GPL-2.0
/*
 * The board of the upstream lane: with driver=upstream, swsmmu.ko describes
 * its software SMMU the way ACPI firmware describes an SMMUv3 to Linux, and
 * Linux's own arm-smmu-v3 driver (swsmmu-upstream.ko, which must be loaded
 * first) binds to it instead of ours:
 *
 *  - a platform device "arm-smmu-v3" whose MMIO resource is the software
 *    SMMU's register window (pages 0 and 1, 128K at an unused physical
 *    address; the compat layer routes accesses to it, see
 *    include/swsmmu/upstream.h);
 *  - an IORT SMMUv3 node as its platform data, as iort.c passes one:
 *    generic model, coherent (COHACC override), HTTU override = IDR0.HTTU;
 *  - wired interrupts "eventq", "priq" and "gerror", from an IRQ domain of
 *    ours, fired by the software SMMU's interrupt callback;
 *  - test devices whose fwspecs name the SMMU's fwnode with their
 *    StreamIDs, and the control files of our lane (clients, add_client,
 *    remove_client) on the SMMU device, plus bad_dma (below).
 */
#define pr_fmt(fmt) "swsmmu: " fmt

#include <linux/acpi.h>
#include <linux/acpi_iort.h>
#include <linux/bitfield.h>
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include <swsmmu/upstream.h>
#include "../swsmmu.h"

/* The wired interrupt lines, in the order of our IRQ domain's hwirqs */
static const struct {
	const char *name;
	unsigned int line;
} swsmmu_up_irqs[] = {
	{ "eventq", SWSMMU_IRQ_EVTQ },
	{ "priq", SWSMMU_IRQ_PRIQ },
	{ "gerror", SWSMMU_IRQ_GERROR },
};

#define SWSMMU_UP_NR_IRQS	ARRAY_SIZE(swsmmu_up_irqs)

/**
 * struct swsmmu_board_up - the upstream lane's board state (one instance)
 * @pdev: the SMMU's platform device, bound to arm-smmu-v3
 * @fwnode: fwnode of the IRQ domain
 * @domain: the IRQ domain of the SMMU's wired interrupts
 * @virq: Linux interrupt of each line of swsmmu_up_irqs
 * @iort: the IORT node (struct acpi_iort_node + struct acpi_iort_smmu_v3)
 * @clients: what the test devices need of an SMMU: @clients.hw,
 *           @clients.dev, @clients.strtab_bits and the clients list; the
 *           rest of struct swsmmu_device belongs to our driver and is unused
 */
struct swsmmu_board_up {
	struct platform_device *pdev;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	unsigned int virq[SWSMMU_UP_NR_IRQS];
	struct acpi_iort_node *iort;
	struct swsmmu_device clients;
};

static struct swsmmu_board_up *swsmmu_up;

static bool swsmmu_driver_upstream;

static int swsmmu_driver_set(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "swsmmu"))
		swsmmu_driver_upstream = false;
	else if (sysfs_streq(val, "upstream"))
		swsmmu_driver_upstream = true;
	else
		return -EINVAL;
	return 0;
}

static int swsmmu_driver_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  swsmmu_driver_upstream ? "upstream" : "swsmmu");
}

static const struct kernel_param_ops swsmmu_driver_ops = {
	.set = swsmmu_driver_set,
	.get = swsmmu_driver_get,
};
module_param_cb(driver, &swsmmu_driver_ops, NULL, 0444);
MODULE_PARM_DESC(driver, "IOMMU driver of the SMMU: swsmmu (ours, default) or upstream (Linux's arm-smmu-v3 from swsmmu-upstream.ko, loaded first)");

/**
 * swsmmu_upstream_selected() - is the upstream lane asked for?
 *
 * Return: true with driver=upstream.
 */
bool swsmmu_upstream_selected(void)
{
	return swsmmu_driver_upstream;
}

/* The software SMMU's interrupt callback: its lines become Linux interrupts */
static void swsmmu_up_irq(void *priv, unsigned int lines)
{
	struct swsmmu_board_up *up = priv;
	unsigned int i;

	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++)
		if (lines & swsmmu_up_irqs[i].line)
			generic_handle_irq_safe(up->virq[i]);
}

static int swsmmu_up_irq_map(struct irq_domain *d, unsigned int virq,
			     irq_hw_number_t hwirq)
{
	/* Edge-like lines that need no acknowledgment: the simple flow */
	irq_set_chip_and_handler(virq, &dummy_irq_chip, handle_simple_irq);
	return 0;
}

static const struct irq_domain_ops swsmmu_up_irq_ops = {
	.map = swsmmu_up_irq_map,
};

static int swsmmu_up_irqs_create(struct swsmmu_board_up *up)
{
	unsigned int i;

	up->fwnode = irq_domain_alloc_named_fwnode("swsmmu-upstream");
	if (!up->fwnode)
		return -ENOMEM;
	up->domain = irq_domain_create_simple(up->fwnode, SWSMMU_UP_NR_IRQS, 0,
					      &swsmmu_up_irq_ops, up);
	if (!up->domain) {
		irq_domain_free_fwnode(up->fwnode);
		return -ENOMEM;
	}
	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++) {
		up->virq[i] = irq_create_mapping(up->domain, i);
		if (!up->virq[i])
			return -ENOMEM;	/* the caller disposes of the rest */
	}
	return 0;
}

static void swsmmu_up_irqs_destroy(struct swsmmu_board_up *up)
{
	unsigned int i;

	if (!up->domain)
		return;
	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++)
		if (up->virq[i])
			irq_dispose_mapping(up->virq[i]);
	irq_domain_remove(up->domain);
	irq_domain_free_fwnode(up->fwnode);
}

/* The IORT SMMUv3 node firmware would publish for this SMMU */
static struct acpi_iort_node *swsmmu_up_iort_node(struct swsmmu_hw *hw,
						  phys_addr_t base)
{
	struct acpi_iort_smmu_v3 *smmu;
	struct acpi_iort_node *node;
	u32 idr0 = swsmmu_hw_read32(hw, SMMU_IDR0);

	node = kzalloc(sizeof(*node) + sizeof(*smmu), GFP_KERNEL);
	if (!node)
		return NULL;
	node->type = ACPI_IORT_NODE_SMMU_V3;
	node->length = sizeof(*node) + sizeof(*smmu);
	node->revision = 4;
	smmu = (struct acpi_iort_smmu_v3 *)node->node_data;
	smmu->base_address = base;
	smmu->model = ACPI_IORT_SMMU_V3_GENERIC;
	/* Coherent, as IDR0.COHACC says; HTTU as IDR0.HTTU says */
	smmu->flags = ((idr0 & IDR0_COHACC) ? ACPI_IORT_SMMU_V3_COHACC_OVERRIDE : 0) |
		      FIELD_PREP(ACPI_IORT_SMMU_V3_HTTU_OVERRIDE,
				 FIELD_GET(IDR0_HTTU, idr0));
	return node;
}

/* A physical address range no RAM or device uses, for the MMIO resource */
static int swsmmu_up_mmio_range(struct resource *res)
{
	struct resource probe = DEFINE_RES_MEM_NAMED(0, SMMU_REG_SIZE,
						     "swsmmu-upstream");
	int ret;

	ret = allocate_resource(&iomem_resource, &probe, SMMU_REG_SIZE, SZ_4G,
				iomem_resource.end, SZ_64K, NULL, NULL);
	if (ret)
		return ret;
	release_resource(&probe);
	*res = DEFINE_RES_MEM_NAMED(probe.start, SMMU_REG_SIZE,
				    "swsmmu-upstream");
	return 0;
}

static ssize_t clients_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct swsmmu_device *smmu = &swsmmu_up->clients;
	struct swsmmu_tdev *tdev;
	int len = 0;

	mutex_lock(&smmu->clients_lock);
	list_for_each_entry(tdev, &smmu->clients, node)
		len += sysfs_emit_at(buf, len, "%s %#x\n",
				     dev_name(&tdev->pdev->dev), tdev->sid);
	mutex_unlock(&smmu->clients_lock);
	return len;
}
static DEVICE_ATTR_ADMIN_RO(clients);

static ssize_t add_client_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	u32 sid;
	int ret;

	ret = kstrtou32(buf, 0, &sid);
	if (ret)
		return ret;
	ret = swsmmu_tdev_create(&swsmmu_up->clients, sid);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(add_client);

static ssize_t remove_client_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	u32 sid;
	int ret;

	if (sysfs_streq(buf, "all")) {
		swsmmu_tdev_destroy_all(&swsmmu_up->clients);
		return count;
	}
	ret = kstrtou32(buf, 0, &sid);
	if (ret)
		return ret;
	ret = swsmmu_tdev_destroy(&swsmmu_up->clients, sid);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(remove_client);

/* An IOVA that no DMA domain maps: the top page below 4G */
#define SWSMMU_UP_BAD_IOVA	0xfffff000ULL

/*
 * bad_dma: write a StreamID; a read of SWSMMU_UP_BAD_IOVA with it enters
 * the SMMU, as a misbehaving device's DMA would, so that the driver has a
 * translation fault to report.  The write fails with the access's error.
 */
static ssize_t bad_dma_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct swsmmu_txn txn = { };
	u64 val;
	int ret;

	ret = kstrtou32(buf, 0, &txn.sid);
	if (ret)
		return ret;
	ret = swsmmu_hw_access(swsmmu_up->clients.hw, &txn, SWSMMU_UP_BAD_IOVA,
			       &val, sizeof(val));
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(bad_dma);

static struct attribute *swsmmu_up_attrs[] = {
	&dev_attr_clients.attr,
	&dev_attr_add_client.attr,
	&dev_attr_remove_client.attr,
	&dev_attr_bad_dma.attr,
	NULL
};
ATTRIBUTE_GROUPS(swsmmu_up);

static int swsmmu_up_pdev_create(struct swsmmu_board_up *up,
				 struct swsmmu_hw *hw)
{
	static const struct property_entry no_props[] = { { } };
	struct swsmmu_upstream_pdata pd = {
		.hw = hw,
		.read32 = swsmmu_hw_read32,
		.write32 = swsmmu_hw_write32,
		.read64 = swsmmu_hw_read64,
		.write64 = swsmmu_hw_write64,
	};
	struct resource res[1 + SWSMMU_UP_NR_IRQS];
	struct platform_device *pdev;
	unsigned int i;
	int ret;

	ret = swsmmu_up_mmio_range(&res[0]);
	if (ret)
		return ret;
	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++)
		res[1 + i] = DEFINE_RES_IRQ_NAMED(up->virq[i],
						  swsmmu_up_irqs[i].name);
	up->iort = swsmmu_up_iort_node(hw, res[0].start);
	if (!up->iort)
		return -ENOMEM;
	pd.iort_node = up->iort;

	pdev = platform_device_alloc("arm-smmu-v3", 0);
	if (!pdev)
		return -ENOMEM;
	ret = platform_device_add_resources(pdev, res, ARRAY_SIZE(res));
	if (ret)
		goto err_put;
	ret = platform_device_add_data(pdev, &pd, sizeof(pd));
	if (ret)
		goto err_put;
	/* The fwnode that the IOMMU registers with and fwspecs name */
	ret = device_create_managed_software_node(&pdev->dev, no_props, NULL);
	if (ret)
		goto err_put;
	pdev->dev.groups = swsmmu_up_groups;
	ret = platform_device_add(pdev);
	if (ret)
		goto err_put;
	if (!device_is_bound(&pdev->dev)) {
		pr_err("arm-smmu-v3 did not bind to %s (is swsmmu-upstream.ko loaded?)\n",
		       dev_name(&pdev->dev));
		platform_device_unregister(pdev);
		return -ENODEV;
	}
	up->pdev = pdev;
	return 0;

err_put:
	platform_device_put(pdev);
	return ret;
}

static void swsmmu_up_free(struct swsmmu_board_up *up)
{
	swsmmu_up_irqs_destroy(up);
	kfree(up->iort);
	kfree(up);
}

/**
 * swsmmu_upstream_init() - bring up the upstream lane
 * @hw: the software SMMU, in its reset state
 * @sid_base: StreamID of the first test device
 * @nr_devices: test devices to create
 *
 * Return: 0, or a negative errno with everything undone (@hw excepted).
 */
int swsmmu_upstream_init(struct swsmmu_hw *hw, u32 sid_base,
			 unsigned int nr_devices)
{
	struct swsmmu_board_up *up;
	unsigned int i;
	u32 idr1;
	int ret;

	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	mutex_init(&up->clients.clients_lock);
	INIT_LIST_HEAD(&up->clients.clients);
	up->clients.hw = hw;
	/* arm-smmu-v3 covers every StreamID of SIDSIZE */
	idr1 = swsmmu_hw_read32(hw, SMMU_IDR1);
	up->clients.strtab_bits = FIELD_GET(IDR1_SIDSIZE, idr1);
	swsmmu_up = up;

	ret = swsmmu_up_irqs_create(up);
	if (ret)
		goto err_free;
	swsmmu_hw_request_irq(hw, swsmmu_up_irq, up);
	ret = swsmmu_up_pdev_create(up, hw);
	if (ret)
		goto err_irq;
	up->clients.dev = &up->pdev->dev;

	for (i = 0; i < nr_devices; i++) {
		ret = swsmmu_tdev_create(&up->clients, sid_base + i);
		if (ret) {
			pr_err("cannot create test device for StreamID %#x: %d\n",
			       sid_base + i, ret);
			goto err_clients;
		}
	}
	return 0;

err_clients:
	swsmmu_tdev_destroy_all(&up->clients);
	platform_device_unregister(up->pdev);
err_irq:
	swsmmu_hw_free_irq(hw);
err_free:
	swsmmu_up = NULL;
	swsmmu_up_free(up);
	return ret;
}

/**
 * swsmmu_upstream_exit() - tear the upstream lane down, if it is up
 *
 * The test devices are gone already: each pins the module.
 */
void swsmmu_upstream_exit(void)
{
	struct swsmmu_board_up *up = swsmmu_up;

	if (!up)
		return;
	swsmmu_tdev_destroy_all(&up->clients);
	/* arm-smmu-v3 disables the SMMU and frees its interrupts */
	platform_device_unregister(up->pdev);
	swsmmu_hw_free_irq(up->clients.hw);
	swsmmu_up = NULL;
	swsmmu_up_free(up);
}
