// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual test devices: the platform driver of swsmmu-tdev.N devices.  The
 * board creates them, each with a fwspec naming its SMMU and StreamID (so
 * the IOMMU core probes it into a group with a default domain, as it would
 * a device described by firmware) and a struct swsmmu_tdev_pdata; binding
 * gives one a dmaengine provider (dma.c) and a character device for
 * user-space SVA (cdev.c).
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "tdev.h"

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
