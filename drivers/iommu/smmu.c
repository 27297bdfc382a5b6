// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu IOMMU driver: iommu_ops for devices behind a software SMMUv3.
 *
 * The driver knows the SMMU only through its register interface
 * (<swsmmu/hw.h>) and the architectural layouts in <swsmmu/arch.h>.
 */
#define pr_fmt(fmt) "swsmmu: " fmt

#include <linux/bitfield.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include "../swsmmu.h"

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

static int swsmmu_attach_identity(struct iommu_domain *domain,
				  struct device *dev)
{
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

static struct iommu_device *swsmmu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct swsmmu_master *master;
	struct swsmmu_device *smmu;
	unsigned int i;

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

	master = kzalloc(sizeof(*master), GFP_KERNEL);
	if (!master)
		return ERR_PTR(-ENOMEM);
	master->smmu = smmu;
	master->dev = dev;
	master->sids = fwspec->ids;
	master->num_sids = fwspec->num_ids;
	dev_iommu_priv_set(dev, master);
	return &smmu->iommu;
}

static void swsmmu_release_device(struct device *dev)
{
	/* The core frees dev->iommu itself; priv may only be set under its lock */
	kfree(dev_iommu_priv_get(dev));
}

static int swsmmu_def_domain_type(struct device *dev)
{
	return IOMMU_DOMAIN_IDENTITY;
}

static bool swsmmu_capable(struct device *dev, enum iommu_cap cap)
{
	switch (cap) {
	case IOMMU_CAP_CACHE_COHERENCY:
		return true;
	default:
		return false;
	}
}

const struct iommu_ops swsmmu_ops = {
	.capable = swsmmu_capable,
	.identity_domain = &swsmmu_identity_domain,
	.blocked_domain = &swsmmu_blocked_domain,
	.probe_device = swsmmu_probe_device,
	.release_device = swsmmu_release_device,
	.device_group = generic_device_group,
	.def_domain_type = swsmmu_def_domain_type,
	.owner = THIS_MODULE,
};

/* ---------------------------------------------------------------------- */
/* SMMU probe and removal                                                 */
/* ---------------------------------------------------------------------- */

static int swsmmu_reset(struct swsmmu_device *smmu)
{
	u32 idr0 = swsmmu_read(smmu, SMMU_IDR0);
	u32 idr1 = swsmmu_read(smmu, SMMU_IDR1);

	if (FIELD_GET(IDR0_TTF, idr0) != IDR0_TTF_AARCH64 ||
	    !(idr0 & (IDR0_S1P | IDR0_S2P))) {
		dev_err(smmu->dev, "no AArch64 translation stage (IDR0 %#x)\n",
			idr0);
		return -ENXIO;
	}
	smmu->sid_bits = FIELD_GET(IDR1_SIDSIZE, idr1);

	/* Disable everything, abort incoming traffic until tables exist */
	swsmmu_write(smmu, SMMU_CR0, 0);
	if (swsmmu_read(smmu, SMMU_CR0ACK) != 0)
		return -ETIMEDOUT;
	swsmmu_write(smmu, SMMU_GBPA, GBPA_UPDATE | GBPA_ABORT);
	return 0;
}

/**
 * swsmmu_device_probe() - bind the driver to a software SMMU
 * @pdev: the SMMU platform device; its platform data points at the
 *        struct swsmmu_hw that implements its registers
 *
 * Return: 0 or a negative errno.
 */
int swsmmu_device_probe(struct platform_device *pdev)
{
	struct swsmmu_hw **hwp = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct swsmmu_device *smmu;
	int ret;

	if (!hwp || !*hwp)
		return -ENODEV;

	smmu = devm_kzalloc(dev, sizeof(*smmu), GFP_KERNEL);
	if (!smmu)
		return -ENOMEM;
	smmu->dev = dev;
	smmu->hw = *hwp;
	mutex_init(&smmu->clients_lock);
	INIT_LIST_HEAD(&smmu->clients);
	platform_set_drvdata(pdev, smmu);

	ret = swsmmu_reset(smmu);
	if (ret)
		return ret;

	ret = iommu_device_sysfs_add(&smmu->iommu, dev, NULL, "%s",
				     dev_name(dev));
	if (ret)
		return ret;

	ret = iommu_device_register(&smmu->iommu, &swsmmu_ops, dev);
	if (ret) {
		iommu_device_sysfs_remove(&smmu->iommu);
		return ret;
	}

	dev_info(dev, "software SMMUv3, %u-bit StreamIDs, IDR0 %#x IDR1 %#x IDR5 %#x\n",
		 smmu->sid_bits, swsmmu_read(smmu, SMMU_IDR0),
		 swsmmu_read(smmu, SMMU_IDR1), swsmmu_read(smmu, SMMU_IDR5));
	return 0;
}

/**
 * swsmmu_device_remove() - unbind from a software SMMU
 * @pdev: the SMMU platform device
 *
 * Client devices hold a reference on this module while they exist, so they
 * are all gone by the time the driver can be unbound (bind/unbind through
 * sysfs is suppressed).
 */
void swsmmu_device_remove(struct platform_device *pdev)
{
	struct swsmmu_device *smmu = platform_get_drvdata(pdev);

	swsmmu_tdev_destroy_all(smmu);
	iommu_device_unregister(&smmu->iommu);
	iommu_device_sysfs_remove(&smmu->iommu);
	swsmmu_write(smmu, SMMU_CR0, 0);
}
