// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual test devices: platform devices whose DMA is translated by a
 * software SMMU.  Each one carries a fwspec naming its SMMU and StreamID
 * before it is added, so the IOMMU core probes it into a group with a
 * default domain as it would a device described by firmware.
 */
#define pr_fmt(fmt) "swsmmu-tdev: " fmt

#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include <swsmmu/param.h>
#include "../swsmmu.h"
#include "tdev.h"

static DEFINE_IDA(swsmmu_tdev_ida);

static int pasid_bits_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_uint_range(val, kp, 0, 20);
}

static const struct kernel_param_ops pasid_bits_ops = {
	.set = pasid_bits_set,
	.get = param_get_uint,
};

static unsigned int pasid_bits = 5;
module_param_cb(pasid_bits, &pasid_bits_ops, &pasid_bits, 0444);
MODULE_PARM_DESC(pasid_bits,
		 "PASID bits of test devices (\"pasid-num-bits\"): 0 (no PASIDs) to 20, default 5");

static bool dma_can_stall;
module_param(dma_can_stall, bool, 0444);
MODULE_PARM_DESC(dma_can_stall,
		 "Test devices stall on faults (\"dma-can-stall\") instead of issuing PRI page requests (default: no)");

static struct swsmmu_tdev *swsmmu_tdev_find(struct swsmmu_device *smmu,
					    u32 sid)
{
	struct swsmmu_tdev *tdev;

	lockdep_assert_held(&smmu->clients_lock);
	list_for_each_entry(tdev, &smmu->clients, node)
		if (tdev->sid == sid)
			return tdev;
	return NULL;
}

/**
 * swsmmu_tdev_create() - create a test device behind an SMMU
 * @smmu: the SMMU that translates its DMA
 * @sid: its StreamID
 *
 * Return: 0; -ERANGE if @sid does not fit the SMMU's SIDSIZE or stream
 * table (25 bits at most, see SWSMMU_STRTAB_L1_MAX_BITS); -EEXIST if a
 * test device already uses @sid; -ENOSPC past SWSMMU_MAX_CLIENTS; -ENODEV
 * if the IOMMU core did not take the device; -ENOMEM.
 */
int swsmmu_tdev_create(struct swsmmu_device *smmu, u32 sid)
{
	const struct swsmmu_tdev_pdata pd = { .hw = smmu->hw, .sid = sid };
	struct platform_device *pdev;
	struct swsmmu_tdev *tdev;
	unsigned int count = 0;
	int id, ret;

	/* The StreamID must fit SIDSIZE and the driver's stream table */
	if (smmu->strtab_bits < 32 && sid >= BIT_ULL(smmu->strtab_bits))
		return -ERANGE;

	mutex_lock(&smmu->clients_lock);
	if (swsmmu_tdev_find(smmu, sid)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	list_for_each_entry(tdev, &smmu->clients, node)
		count++;
	if (count >= SWSMMU_MAX_CLIENTS) {
		ret = -ENOSPC;
		goto out_unlock;
	}

	tdev = kzalloc(sizeof(*tdev), GFP_KERNEL);
	if (!tdev) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	id = ida_alloc(&swsmmu_tdev_ida, GFP_KERNEL);
	if (id < 0) {
		ret = id;
		goto out_free;
	}
	pdev = platform_device_alloc(SWSMMU_TDEV_NAME, id);
	if (!pdev) {
		ret = -ENOMEM;
		goto out_ida;
	}
	pdev->dev.parent = smmu->dev;
	ret = platform_device_add_data(pdev, &pd, sizeof(pd));
	if (ret)
		goto out_put;
	if (pasid_bits || dma_can_stall) {
		struct property_entry props[3] = { };
		unsigned int n = 0;

		/* What firmware would say about a platform device */
		if (pasid_bits)
			props[n++] = PROPERTY_ENTRY_U32("pasid-num-bits",
							pasid_bits);
		if (dma_can_stall)
			props[n++] = PROPERTY_ENTRY_BOOL("dma-can-stall");
		/* Freed with the device */
		ret = device_create_managed_software_node(&pdev->dev, props,
							  NULL);
		if (ret)
			goto out_put;
	}

	ret = swsmmu_fwspec_attach(&pdev->dev, dev_fwnode(smmu->dev), &sid, 1);
	if (ret)
		goto out_put;

	ret = platform_device_add(pdev);
	if (ret) {
		/* Not added: the IOMMU core never saw the fwspec */
		swsmmu_fwspec_detach(&pdev->dev);
		goto out_put;
	}
	if (!pdev->dev.iommu_group) {
		dev_err(&pdev->dev, "not taken by the IOMMU core\n");
		platform_device_unregister(pdev);
		ret = -ENODEV;
		goto out_ida;
	}

	tdev->pdev = pdev;
	tdev->sid = sid;
	list_add_tail(&tdev->node, &smmu->clients);
	mutex_unlock(&smmu->clients_lock);
	return 0;

out_put:
	platform_device_put(pdev);
out_ida:
	ida_free(&swsmmu_tdev_ida, id);
out_free:
	kfree(tdev);
out_unlock:
	mutex_unlock(&smmu->clients_lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_tdev_create);

static void swsmmu_tdev_remove(struct swsmmu_tdev *tdev)
{
	int id = tdev->pdev->id;

	list_del(&tdev->node);
	platform_device_unregister(tdev->pdev);
	ida_free(&swsmmu_tdev_ida, id);
	kfree(tdev);
}

/**
 * swsmmu_tdev_get() - the device of the test device with a given StreamID
 * @smmu: its SMMU
 * @sid: its StreamID
 *
 * Return: the device with a reference held (put_device() it), or NULL.
 */
struct device *swsmmu_tdev_get(struct swsmmu_device *smmu, u32 sid)
{
	struct swsmmu_tdev *tdev;
	struct device *dev = NULL;

	mutex_lock(&smmu->clients_lock);
	tdev = swsmmu_tdev_find(smmu, sid);
	if (tdev)
		dev = get_device(&tdev->pdev->dev);
	mutex_unlock(&smmu->clients_lock);
	return dev;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_tdev_get);

/**
 * swsmmu_tdev_destroy() - remove the test device with a given StreamID
 * @smmu: its SMMU
 * @sid: its StreamID
 *
 * Return: 0, or -ENOENT if no test device uses @sid.
 */
int swsmmu_tdev_destroy(struct swsmmu_device *smmu, u32 sid)
{
	struct swsmmu_tdev *tdev;
	int ret = -ENOENT;

	mutex_lock(&smmu->clients_lock);
	tdev = swsmmu_tdev_find(smmu, sid);
	if (tdev) {
		swsmmu_tdev_remove(tdev);
		ret = 0;
	}
	mutex_unlock(&smmu->clients_lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_tdev_destroy);

/**
 * swsmmu_tdev_destroy_all() - remove every test device of an SMMU
 * @smmu: the SMMU
 */
void swsmmu_tdev_destroy_all(struct swsmmu_device *smmu)
{
	struct swsmmu_tdev *tdev, *next;

	mutex_lock(&smmu->clients_lock);
	list_for_each_entry_safe(tdev, next, &smmu->clients, node)
		swsmmu_tdev_remove(tdev);
	mutex_unlock(&smmu->clients_lock);
}

/**
 * struct swsmmu_tdev_bound - what the driver gives a test device it binds
 * @dma: its dmaengine provider
 * @cdev: its character device for user-space SVA, or NULL
 */
struct swsmmu_tdev_bound {
	struct swsmmu_dma *dma;
	struct swsmmu_tdev_cdev *cdev;
};

static int swsmmu_tdev_probe(struct platform_device *pdev)
{
	const struct swsmmu_tdev_pdata *pd = dev_get_platdata(&pdev->dev);
	struct swsmmu_tdev_bound *b;
	int ret;

	/* Let tests reach IOVAs above 4GB */
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(48));
	if (ret)
		return ret;
	b = devm_kzalloc(&pdev->dev, sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->dma = swsmmu_tdev_dma_probe(pdev);
	if (IS_ERR(b->dma))
		return PTR_ERR(b->dma);
	/*
	 * Bonds hold PASIDs of the device, which the IOMMU core wants gone
	 * before the driver lets go of it: the cdev lives with the binding.
	 */
	b->cdev = swsmmu_tdev_cdev_create(&pdev->dev, pd->hw, pd->sid);
	if (IS_ERR(b->cdev)) {
		dev_warn(&pdev->dev, "no character device: %ld\n",
			 PTR_ERR(b->cdev));
		b->cdev = NULL;
	}
	platform_set_drvdata(pdev, b);
	return 0;
}

static void swsmmu_tdev_driver_remove(struct platform_device *pdev)
{
	struct swsmmu_tdev_bound *b = platform_get_drvdata(pdev);

	/* Revokes open files and unbinds their PASIDs */
	if (b->cdev)
		swsmmu_tdev_cdev_destroy(b->cdev);
	swsmmu_tdev_dma_remove(b->dma);
}

static struct platform_driver swsmmu_tdev_driver = {
	.driver = {
		.name = SWSMMU_TDEV_NAME,
	},
	.probe = swsmmu_tdev_probe,
	.remove = swsmmu_tdev_driver_remove,
};

/**
 * swsmmu_tdev_register_driver() - register the test devices' driver
 *
 * Return: 0 or a negative errno from platform_driver_register().
 */
int swsmmu_tdev_register_driver(void)
{
	int ret = swsmmu_tdev_cdev_init();

	if (ret)
		return ret;
	ret = platform_driver_register(&swsmmu_tdev_driver);
	if (ret)
		swsmmu_tdev_cdev_exit();
	return ret;
}

/**
 * swsmmu_tdev_unregister_driver() - unregister the test devices' driver
 */
void swsmmu_tdev_unregister_driver(void)
{
	platform_driver_unregister(&swsmmu_tdev_driver);
	swsmmu_tdev_dma_exit();
	swsmmu_tdev_cdev_exit();
}
