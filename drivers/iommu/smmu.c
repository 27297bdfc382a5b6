// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu IOMMU driver: iommu_ops for devices behind a software SMMUv3.
 *
 * The driver knows the SMMU only through its register interface
 * (<swsmmu/hw.h>) and the architectural layouts in <swsmmu/arch.h>.
 */
#include <linux/bitfield.h>
#include <linux/iommu.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/property.h>
#include <linux/pci.h>
#include <linux/pci-ats.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <swsmmu/arch.h>
#include <swsmmu/iommu.h>
#include "swsmmu.h"
#include "entry.h"

static int default_domain_set(const char *val, const struct kernel_param *kp)
{
	if (!sysfs_streq(val, "") && !sysfs_streq(val, "identity") &&
	    !sysfs_streq(val, "dma")) {
		pr_err("default_domain=%s: must be \"identity\", \"dma\" or empty\n",
		       val);
		return -EINVAL;
	}
	return param_set_charp(val, kp);
}

static const struct kernel_param_ops default_domain_ops = {
	.set = default_domain_set,
	.get = param_get_charp,
	.free = param_free_charp,
};

static char *default_domain = "";
module_param_cb(default_domain, &default_domain_ops, &default_domain, 0444);
MODULE_PARM_DESC(default_domain,
		 "Default domain of test devices: \"\" (the IOMMU core's choice, default), \"identity\", \"dma\"");

/* Event queue: 2^8 records of 32 bytes; command queue: 2^10 commands */
#define SWSMMU_EVTQ_SHIFT	8
/* PRI queue: 2^8 page requests of 16 bytes */
#define SWSMMU_PRIQ_SHIFT	8
#define SWSMMU_CMDQ_SHIFT	10

/* The x86 MSI window, which no IOVA may cover */
#define SWSMMU_MSI_BASE		0xfee00000UL
#define SWSMMU_MSI_SIZE		0x00100000UL

static u32 swsmmu_read(struct swsmmu_device *smmu, u32 offset)
{
	return swsmmu_hw_read32(smmu->hw, offset);
}

static void swsmmu_write(struct swsmmu_device *smmu, u32 offset, u32 val)
{
	swsmmu_hw_write32(smmu->hw, offset, val);
}

/* ---------------------------------------------------------------------- */
/* Static domains                                                         */
/* ---------------------------------------------------------------------- */

static void swsmmu_attach_static(struct device *dev, bool bypass)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);

	/* No Translated traffic may arrive once the STE stops translating */
	swsmmu_master_ats_disable(master);
	/* PASIDs keep their CDs: the STE only changes what S1DSS does */
	swsmmu_master_set_rid(master, bypass ? SWSMMU_RID_BYPASS :
					       SWSMMU_RID_ABORT);
	swsmmu_master_detach(master);
}

static int swsmmu_attach_identity(struct iommu_domain *domain,
				  struct device *dev)
{
	swsmmu_attach_static(dev, true);
	return 0;
}

static const struct iommu_domain_ops swsmmu_identity_ops = {
	.attach_dev = swsmmu_attach_identity,
};

static struct iommu_domain swsmmu_identity_domain = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &swsmmu_identity_ops,
};

static int swsmmu_attach_blocked(struct iommu_domain *domain,
				 struct device *dev)
{
	swsmmu_attach_static(dev, false);
	return 0;
}

static const struct iommu_domain_ops swsmmu_blocked_ops = {
	.attach_dev = swsmmu_attach_blocked,
};

static struct iommu_domain swsmmu_blocked_domain = {
	.type = IOMMU_DOMAIN_BLOCKED,
	.ops = &swsmmu_blocked_ops,
};

/* ---------------------------------------------------------------------- */
/* Device probe and release                                               */
/* ---------------------------------------------------------------------- */

static struct platform_driver swsmmu_driver;

/* Shared by every bound SMMU (swsmmu.h); 0 is never handed out */
DEFINE_IDA(swsmmu_asid_ida);
DEFINE_IDA(swsmmu_vmid_ida);

/*
 * The bound SMMU a client's fwspec names, or NULL.  No reference is taken:
 * an SMMU outlives its clients (see swsmmu_device_remove()).
 */
static struct swsmmu_device *swsmmu_device_from_fwnode(struct fwnode_handle *fwnode)
{
	struct swsmmu_device *smmu;
	struct device *dev;

	dev = driver_find_device_by_fwnode(&swsmmu_driver.driver, fwnode);
	if (!dev)
		return NULL;
	smmu = dev_get_drvdata(dev);
	put_device(dev);
	return smmu;
}

/*
 * A PCI function says how many PASIDs it has in its PASID capability, and
 * may use them once the capability is enabled; as arm-smmu-v3 does, enable
 * it when the device is probed, before anything is attached.
 */
static u32 swsmmu_pci_enable_pasid(struct pci_dev *pdev)
{
	int num = pci_max_pasids(pdev);
	int ret;

	if (num <= 0)
		return 0;
	ret = pci_enable_pasid(pdev, 0);
	if (ret) {
		pci_info(pdev, "no PASIDs: pci_enable_pasid() failed: %d\n",
			 ret);
		return 0;
	}
	return ilog2(num);
}

static void swsmmu_pci_disable_pasid(struct device *dev)
{
	if (dev_is_pci(dev) && to_pci_dev(dev)->pasid_enabled)
		pci_disable_pasid(to_pci_dev(dev));
}

static struct iommu_device *swsmmu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct swsmmu_master *master;
	struct swsmmu_device *smmu;
	u32 pasid_bits = 0;
	unsigned int i;
	int ret;

	if (!fwspec || fwspec->num_ids == 0)
		return ERR_PTR(-ENODEV);

	smmu = swsmmu_device_from_fwnode(fwspec->iommu_fwnode);
	if (!smmu)
		return ERR_PTR(-ENODEV);

	for (i = 0; i < fwspec->num_ids; i++) {
		if (smmu->sid_bits < 32 &&
		    fwspec->ids[i] >= BIT_ULL(smmu->sid_bits)) {
			dev_err(dev, "StreamID %#x exceeds %u-bit SIDSIZE\n",
				fwspec->ids[i], smmu->sid_bits);
			return ERR_PTR(-ERANGE);
		}
	}

	master = swsmmu_fail_alloc() ? NULL :
		 kzalloc(sizeof(*master), GFP_KERNEL);
	if (!master)
		return ERR_PTR(-ENOMEM);
	master->smmu = smmu;
	master->dev = dev;
	master->sids = fwspec->ids;
	master->num_sids = fwspec->num_ids;
	INIT_LIST_HEAD(&master->domain_node);
	master->rid = SWSMMU_RID_ABORT;
	/* PASID-capable platform devices say so with "pasid-num-bits" */
	if (dev_is_pci(dev))
		pasid_bits = swsmmu_pci_enable_pasid(to_pci_dev(dev));
	else if (device_property_read_u32(dev, "pasid-num-bits", &pasid_bits) ||
		 pasid_bits > 20)
		pasid_bits = 0;
	/* As arm-smmu-v3: platform devices that tolerate stalls say so */
	master->stall_enabled = smmu->stall &&
				device_property_read_bool(dev, "dma-can-stall");
	ret = swsmmu_master_cdtab_alloc(master, pasid_bits);
	if (ret)
		goto err_free;
	swsmmu_master_ats_probe(master);

	for (i = 0; i < master->num_sids; i++) {
		ret = swsmmu_strtab_prepare(smmu, master->sids[i]);
		if (ret) {
			dev_err(dev, "StreamID %#x not covered by the stream table\n",
				master->sids[i]);
			goto err_streams;
		}
		ret = xa_insert(&smmu->streams, master->sids[i], master,
				GFP_KERNEL);
		if (ret) {
			dev_err(dev, "StreamID %#x already in use\n",
				master->sids[i]);
			goto err_streams;
		}
	}
	dev_iommu_priv_set(dev, master);
	return &smmu->iommu;

err_streams:
	mutex_lock(&smmu->streams_mutex);
	while (i--)
		xa_erase(&smmu->streams, master->sids[i]);
	mutex_unlock(&smmu->streams_mutex);
	swsmmu_master_cdtab_free(master);
err_free:
	swsmmu_pci_disable_pasid(dev);
	kfree(master);
	return ERR_PTR(ret);
}

static void swsmmu_release_device(struct device *dev)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	unsigned int i;

	/* Nothing of this device may get through once it is gone */
	swsmmu_attach_static(dev, false);
	if (master->iopf_enabled)
		swsmmu_iopf_release(master);
	/* Once out of @streams, no interrupt handler can still be using it */
	mutex_lock(&master->smmu->streams_mutex);
	for (i = 0; i < master->num_sids; i++)
		xa_erase(&master->smmu->streams, master->sids[i]);
	mutex_unlock(&master->smmu->streams_mutex);
	/* The core frees dev->iommu itself; priv may only be set under its lock */
	swsmmu_master_cdtab_free(master);
	swsmmu_pci_disable_pasid(dev);
	/* The sanitizer finds masters in @streams under RCU */
	if (swsmmu_san_enabled())
		synchronize_rcu();
	kfree(master);
}

static int swsmmu_def_domain_type(struct device *dev)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);

	if (!swsmmu_domain_dma_capable(master->smmu)) {
		dev_info_once(dev, "paging domains have a granule larger than PAGE_SIZE: identity default domains\n");
		return IOMMU_DOMAIN_IDENTITY;
	}
	if (sysfs_streq(default_domain, "identity"))
		return IOMMU_DOMAIN_IDENTITY;
	if (sysfs_streq(default_domain, "dma"))
		return IOMMU_DOMAIN_DMA;
	return 0;
}

static bool swsmmu_capable(struct device *dev, enum iommu_cap cap)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);

	switch (cap) {
	case IOMMU_CAP_DIRTY_TRACKING:
		return master && master->smmu->httu_dirty;
	case IOMMU_CAP_CACHE_COHERENCY:
		/* The SMMU's walks and the devices' DMA are cache coherent */
		return true;
	case IOMMU_CAP_DEFERRED_FLUSH:
		/* flush_iotlb_all is cheap enough for a flush queue: DMA-FQ */
		return true;
	default:
		return false;
	}
}

static void swsmmu_get_resv_regions(struct device *dev, struct list_head *head)
{
	struct iommu_resv_region *region;

	region = iommu_alloc_resv_region(SWSMMU_MSI_BASE, SWSMMU_MSI_SIZE, 0,
					 IOMMU_RESV_MSI, GFP_KERNEL);
	if (region)
		list_add_tail(&region->list, head);
}

/* PCI functions are grouped by topology and DMA aliases, as on any SMMU */
static struct iommu_group *swsmmu_device_group(struct device *dev)
{
	if (dev_is_pci(dev))
		return pci_device_group(dev);
	return generic_device_group(dev);
}

const struct iommu_ops swsmmu_ops = {
	.capable = swsmmu_capable,
	.identity_domain = &swsmmu_identity_domain,
	.blocked_domain = &swsmmu_blocked_domain,
	.release_domain = &swsmmu_blocked_domain,
	.domain_alloc_paging = swsmmu_domain_alloc_paging,
	.domain_alloc_user = swsmmu_domain_alloc_user,
	.domain_alloc_sva = swsmmu_sva_domain_alloc,
	.probe_device = swsmmu_probe_device,
	.release_device = swsmmu_release_device,
	.device_group = swsmmu_device_group,
	.get_resv_regions = swsmmu_get_resv_regions,
	.def_domain_type = swsmmu_def_domain_type,
	.remove_dev_pasid = swsmmu_remove_dev_pasid,
	.dev_enable_feat = swsmmu_dev_enable_feat,
	.dev_disable_feat = swsmmu_dev_disable_feat,
	.page_response = swsmmu_page_response,
	.owner = THIS_MODULE,
};

/* ---------------------------------------------------------------------- */
/* SMMU probe and removal                                                 */
/* ---------------------------------------------------------------------- */

static int swsmmu_read_idrs(struct swsmmu_device *smmu)
{
	u32 idr0 = swsmmu_read(smmu, SMMU_IDR0);
	u32 idr1 = swsmmu_read(smmu, SMMU_IDR1);
	u32 idr3 = swsmmu_read(smmu, SMMU_IDR3);
	u32 idr5 = swsmmu_read(smmu, SMMU_IDR5);

	if (FIELD_GET(IDR0_TTF, idr0) != IDR0_TTF_AARCH64 ||
	    !(idr0 & (IDR0_S1P | IDR0_S2P))) {
		dev_err(smmu->dev, "no AArch64 translation stage (IDR0 %#x)\n",
			idr0);
		return -ENXIO;
	}
	if (FIELD_GET(IDR0_TTENDIAN, idr0) == 3) {
		dev_err(smmu->dev, "big-endian tables only\n");
		return -ENXIO;
	}
	smmu->s1 = idr0 & IDR0_S1P;
	smmu->s2 = idr0 & IDR0_S2P;
	smmu->st_2lvl = FIELD_GET(IDR0_ST_LVL, idr0) == IDR0_ST_LVL_2LVL;
	smmu->cd_2lvl = idr0 & IDR0_CD2L;
	smmu->pri = (idr0 & IDR0_PRI) &&
		    FIELD_GET(IDR1_PRIQS, idr1) >= SWSMMU_PRIQ_SHIFT;
	smmu->sid_bits = FIELD_GET(IDR1_SIDSIZE, idr1);
	smmu->ssid_bits = FIELD_GET(IDR1_SSIDSIZE, idr1);
	smmu->ril = idr3 & IDR3_RIL;
	smmu->stall = FIELD_GET(IDR0_STALL_MODEL, idr0) == IDR0_STALL_MODEL_STALL;
	smmu->httu_dirty = FIELD_GET(IDR0_HTTU, idr0) == IDR0_HTTU_ACCESS_DIRTY;
	smmu->ats = idr0 & IDR0_ATS;
	smmu->asid_max = (idr0 & IDR0_ASID16) ? U16_MAX : U8_MAX;
	smmu->vmid_max = (idr0 & IDR0_VMID16) ? U16_MAX : U8_MAX;
	smmu->oas = smmu_pa_size_bits(FIELD_GET(IDR5_OAS, idr5));
	smmu->pgsize_bitmap = 0;
	if (idr5 & IDR5_GRAN4K)
		smmu->pgsize_bitmap |= SZ_4K;
	if (idr5 & IDR5_GRAN16K)
		smmu->pgsize_bitmap |= SZ_16K;
	if (idr5 & IDR5_GRAN64K)
		smmu->pgsize_bitmap |= SZ_64K;
	if (FIELD_GET(IDR1_CMDQS, idr1) < SWSMMU_CMDQ_SHIFT ||
	    FIELD_GET(IDR1_EVTQS, idr1) < SWSMMU_EVTQ_SHIFT) {
		dev_err(smmu->dev, "queues too small (IDR1 %#x)\n", idr1);
		return -ENXIO;
	}
	return 0;
}

static int swsmmu_write_ack(struct swsmmu_device *smmu, u32 reg, u32 ack,
			    u32 val)
{
	swsmmu_write(smmu, reg, val);
	return swsmmu_read(smmu, ack) == val ? 0 : -ETIMEDOUT;
}

static int swsmmu_reset(struct swsmmu_device *smmu)
{
	struct swsmmu_cmd cmds[2];
	u32 cr0 = 0;
	int ret;

	ret = swsmmu_read_idrs(smmu);
	if (ret)
		return ret;

	/* Disable everything; traffic aborts (GBPA) until the tables exist */
	swsmmu_write(smmu, SMMU_GBPA, GBPA_UPDATE | GBPA_ABORT);
	ret = swsmmu_write_ack(smmu, SMMU_CR0, SMMU_CR0ACK, 0);
	if (ret)
		return ret;

	ret = swsmmu_strtab_init(smmu);
	if (ret)
		return ret;
	ret = swsmmu_queue_alloc(smmu, &smmu->cmdq, SWSMMU_CMDQ_SHIFT,
				 CMDQ_ENT_DWORDS, SMMU_CMDQ_PROD, SMMU_CMDQ_CONS);
	if (ret)
		return ret;
	ret = swsmmu_queue_alloc(smmu, &smmu->evtq, SWSMMU_EVTQ_SHIFT,
				 EVTQ_ENT_DWORDS, SMMU_EVTQ_PROD, SMMU_EVTQ_CONS);
	if (ret)
		return ret;
	if (smmu->pri) {
		ret = swsmmu_queue_alloc(smmu, &smmu->priq, SWSMMU_PRIQ_SHIFT,
					 PRIQ_ENT_DWORDS, SMMU_PRIQ_PROD,
					 SMMU_PRIQ_CONS);
		if (ret)
			return ret;
	}

	swsmmu_write(smmu, SMMU_CR1,
		     FIELD_PREP(CR1_TABLE_SH, 3) | FIELD_PREP(CR1_TABLE_OC, 1) |
		     FIELD_PREP(CR1_TABLE_IC, 1) | FIELD_PREP(CR1_QUEUE_SH, 3) |
		     FIELD_PREP(CR1_QUEUE_OC, 1) | FIELD_PREP(CR1_QUEUE_IC, 1));
	swsmmu_write(smmu, SMMU_CR2, CR2_RECINVSID | CR2_PTM);
	swsmmu_hw_write64(smmu->hw, SMMU_STRTAB_BASE,
			  STRTAB_BASE_RA | (smmu->strtab_pa & STRTAB_BASE_ADDR));
	swsmmu_write(smmu, SMMU_STRTAB_BASE_CFG, swsmmu_strtab_base_cfg(smmu));

	/* Command queue first: it invalidates whatever the SMMU may hold */
	swsmmu_hw_write64(smmu->hw, SMMU_CMDQ_BASE, swsmmu_queue_base(&smmu->cmdq));
	swsmmu_write(smmu, SMMU_CMDQ_PROD, 0);
	swsmmu_write(smmu, SMMU_CMDQ_CONS, 0);
	cr0 |= CR0_CMDQEN;
	ret = swsmmu_write_ack(smmu, SMMU_CR0, SMMU_CR0ACK, cr0);
	if (ret)
		return ret;
	swsmmu_cmd_cfgi_all(&cmds[0]);
	swsmmu_cmd_tlbi_nsnh_all(&cmds[1]);
	ret = swsmmu_cmdq_issue(smmu, cmds, ARRAY_SIZE(cmds), true);
	if (ret)
		return ret;

	swsmmu_hw_write64(smmu->hw, SMMU_EVTQ_BASE, swsmmu_queue_base(&smmu->evtq));
	swsmmu_write(smmu, SMMU_EVTQ_PROD, 0);
	swsmmu_write(smmu, SMMU_EVTQ_CONS, 0);
	cr0 |= CR0_EVTQEN;
	ret = swsmmu_write_ack(smmu, SMMU_CR0, SMMU_CR0ACK, cr0);
	if (ret)
		return ret;

	if (smmu->pri) {
		swsmmu_hw_write64(smmu->hw, SMMU_PRIQ_BASE,
				  swsmmu_queue_base(&smmu->priq));
		swsmmu_write(smmu, SMMU_PRIQ_PROD, 0);
		swsmmu_write(smmu, SMMU_PRIQ_CONS, 0);
		cr0 |= CR0_PRIQEN;
		ret = swsmmu_write_ack(smmu, SMMU_CR0, SMMU_CR0ACK, cr0);
		if (ret)
			return ret;
	}

	swsmmu_hw_request_irq(smmu->hw, swsmmu_irq, smmu);
	ret = swsmmu_write_ack(smmu, SMMU_IRQ_CTRL, SMMU_IRQ_CTRLACK,
			       IRQ_CTRL_EVTQ_IRQEN | IRQ_CTRL_GERROR_IRQEN |
			       (smmu->pri ? IRQ_CTRL_PRIQ_IRQEN : 0));
	if (ret)
		return ret;

	cr0 |= CR0_SMMUEN;
	return swsmmu_write_ack(smmu, SMMU_CR0, SMMU_CR0ACK, cr0);
}

static void swsmmu_disable(struct swsmmu_device *smmu)
{
	swsmmu_write(smmu, SMMU_CR0, 0);
	swsmmu_write(smmu, SMMU_IRQ_CTRL, 0);
	swsmmu_hw_free_irq(smmu->hw);
}

/* Bind to a software SMMU whose platform data points at its struct swsmmu_hw */
static int swsmmu_device_probe(struct platform_device *pdev)
{
	struct swsmmu_hw **hwp = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct swsmmu_device *smmu;
	int ret;

	if (!hwp || !*hwp)
		return -ENODEV;

	smmu = swsmmu_fail_alloc() ? NULL :
	       devm_kzalloc(dev, sizeof(*smmu), GFP_KERNEL);
	if (!smmu)
		return -ENOMEM;
	smmu->dev = dev;
	smmu->hw = *hwp;
	mutex_init(&smmu->strtab_lock);
	xa_init(&smmu->streams);
	mutex_init(&smmu->streams_mutex);
	spin_lock_init(&smmu->cmdq_lock);
	spin_lock_init(&smmu->stats.last_event_lock);
	platform_set_drvdata(pdev, smmu);

	ret = swsmmu_reset(smmu);
	if (ret)
		goto err_disable;

	/* Devices narrow this with "pasid-num-bits" (dev->iommu->max_pasids) */
	if (smmu->ssid_bits && smmu->s1)
		smmu->iommu.max_pasids = 1U << smmu->ssid_bits;
	/* Page requests and stalls both become I/O page faults */
	if (smmu->pri || smmu->stall) {
		smmu->iopfq = iopf_queue_alloc(dev_name(dev));
		if (!smmu->iopfq) {
			ret = -ENOMEM;
			goto err_disable;
		}
	}

	/* Before any client is probed: it sees every mapping */
	ret = swsmmu_san_init(smmu);
	if (ret)
		goto err_iopfq;

	ret = iommu_device_sysfs_add(&smmu->iommu, dev, NULL, "%s",
				     dev_name(dev));
	if (ret)
		goto err_san;

	ret = iommu_device_register(&smmu->iommu, &swsmmu_ops, dev);
	if (ret) {
		iommu_device_sysfs_remove(&smmu->iommu);
		goto err_san;
	}

	dev_info(dev, "software SMMUv3, %u-bit StreamIDs, IDR0 %#x IDR1 %#x IDR5 %#x\n",
		 smmu->sid_bits, swsmmu_read(smmu, SMMU_IDR0),
		 swsmmu_read(smmu, SMMU_IDR1), swsmmu_read(smmu, SMMU_IDR5));
	swsmmu_debugfs_init(smmu);
	return 0;

err_san:
	swsmmu_san_exit(smmu);
err_iopfq:
	if (smmu->iopfq)
		iopf_queue_free(smmu->iopfq);
err_disable:
	swsmmu_disable(smmu);
	swsmmu_strtab_free(smmu);
	return ret;
}

/*
 * Clients are gone by now: whoever creates them removes them before the
 * SMMU device, and bind/unbind through sysfs is suppressed.
 */
static void swsmmu_device_remove(struct platform_device *pdev)
{
	struct swsmmu_device *smmu = platform_get_drvdata(pdev);

	swsmmu_debugfs_exit(smmu);
	iommu_device_unregister(&smmu->iommu);
	iommu_device_sysfs_remove(&smmu->iommu);
	swsmmu_san_exit(smmu);
	swsmmu_disable(smmu);
	if (smmu->iopfq)
		iopf_queue_free(smmu->iopfq);
	/* SVA domains' notifiers may still have SRCU callbacks pending */
	mmu_notifier_synchronize();
	swsmmu_strtab_free(smmu);
	xa_destroy(&smmu->streams);
}

static struct platform_driver swsmmu_driver = {
	.driver = {
		.name = SWSMMU_IOMMU_DRV_NAME,
		/* Unbinding with clients present would pull the IOMMU from under them */
		.suppress_bind_attrs = true,
	},
	.probe = swsmmu_device_probe,
	.remove = swsmmu_device_remove,
};

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * swsmmu_kunit_smmu() - an SMMU the driver is bound to, for its KUnit tests
 *
 * Return: the first bound SMMU or NULL.
 */
struct swsmmu_device *swsmmu_kunit_smmu(void)
{
	struct swsmmu_device *smmu = NULL;
	struct device *dev;

	dev = driver_find_next_device(&swsmmu_driver.driver, NULL);
	if (dev) {
		smmu = dev_get_drvdata(dev);
		put_device(dev);
	}
	return smmu;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_kunit_smmu);
#endif

/**
 * swsmmu_iommu_register() - register the IOMMU driver
 *
 * Return: 0 or an error from platform_driver_register().
 */
int swsmmu_iommu_register(void)
{
	return platform_driver_register(&swsmmu_driver);
}

/**
 * swsmmu_iommu_unregister() - unregister it, after every SMMU device is gone
 */
void swsmmu_iommu_unregister(void)
{
	platform_driver_unregister(&swsmmu_driver);
}
