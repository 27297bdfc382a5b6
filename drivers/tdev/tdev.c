// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual test devices: the platform driver of swsmmu-tdev.N devices.  The
 * board creates them, each with a fwspec naming its SMMU and StreamID (so
 * the IOMMU core probes it into a group with a default domain, as it would
 * a device described by firmware) and a struct swsmmu_tdev_pdata; binding
 * gives one a dmaengine provider (dma.c) and a character device for
 * user-space SVA (cdev.c).  The PCIe test functions' driver (pci.c) binds
 * them with the same swsmmu_tdev_bind().
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "tdev.h"

/**
 * struct swsmmu_tdev_bound - what the driver gives a test device it binds
 * @atc: its ATC (a PCIe function behind an SMMU with ATS), or NULL
 * @dma: its dmaengine provider
 * @cdev: its character device for user-space SVA, or NULL
 */
struct swsmmu_tdev_bound {
	struct swsmmu_atc *atc;
	struct swsmmu_dma *dma;
	struct swsmmu_tdev_cdev *cdev;
};

/**
 * swsmmu_tdev_bind() - what every test device's driver does at probe
 * @dev: the test device (platform device or PCIe function), with its
 *       struct swsmmu_tdev_pdata
 * @cdev_minor: minor number of its character device for user-space SVA
 * @cdev_name: and its name
 *
 * Sets a 48-bit DMA mask, registers the DMA engine (dma.c) and the
 * character device (cdev.c); @dev's driver data is theirs.  Without a
 * character device (its log says why) the device still binds.
 *
 * Return: 0 or the error of the DMA mask or the engine.
 */
int swsmmu_tdev_bind(struct device *dev, int cdev_minor, const char *cdev_name)
{
	struct swsmmu_tdev_bound *b;
	int ret;

	/* Let tests reach IOVAs above 4GB */
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(48));
	if (ret)
		return ret;
	b = devm_kzalloc(dev, sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	/* A PCIe function's ATC, used while its ATS Enable is set */
	b->atc = swsmmu_atc_create(dev, dev_get_platdata(dev));
	if (IS_ERR(b->atc))
		return PTR_ERR(b->atc);
	b->dma = swsmmu_tdev_dma_probe(dev, b->atc);
	if (IS_ERR(b->dma)) {
		swsmmu_atc_destroy(b->atc);
		return PTR_ERR(b->dma);
	}
	/*
	 * Bonds hold PASIDs of the device, which the IOMMU core wants gone
	 * before the driver lets go of it: the cdev lives with the binding.
	 */
	b->cdev = swsmmu_tdev_cdev_create(dev, cdev_minor, cdev_name);
	if (IS_ERR(b->cdev)) {
		dev_warn(dev, "no character device: %ld\n", PTR_ERR(b->cdev));
		b->cdev = NULL;
	}
	dev_set_drvdata(dev, b);
	return 0;
}

/**
 * swsmmu_tdev_unbind() - undo swsmmu_tdev_bind() as the driver lets go
 * @dev: the test device
 */
void swsmmu_tdev_unbind(struct device *dev)
{
	struct swsmmu_tdev_bound *b = dev_get_drvdata(dev);

	/* Revokes open files and unbinds their PASIDs */
	if (b->cdev)
		swsmmu_tdev_cdev_destroy(b->cdev);
	swsmmu_tdev_dma_remove(b->dma);
	/* no access is in flight any more */
	swsmmu_atc_destroy(b->atc);
}

/**
 * swsmmu_tdev_atc() - the ATC of a bound test device
 * @dev: a test device bound to our driver
 *
 * Return: its ATC, NULL if it has none (platform device, no ATS in the
 * SMMU) or is not bound.  For tests; valid while it stays bound.
 */
struct swsmmu_atc *swsmmu_tdev_atc(struct device *dev)
{
	struct swsmmu_tdev_bound *b = dev_get_drvdata(dev);

	return b ? b->atc : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_tdev_atc);

static int swsmmu_tdev_probe(struct platform_device *pdev)
{
	char name[32];

	if (pdev->id < 0 || pdev->id >= SWSMMU_TDEV_MAX)
		return -ENODEV;
	snprintf(name, sizeof(name), "%s%d", SWSMMU_TDEV_NAME, pdev->id);
	return swsmmu_tdev_bind(&pdev->dev, pdev->id, name);
}

static void swsmmu_tdev_driver_remove(struct platform_device *pdev)
{
	swsmmu_tdev_unbind(&pdev->dev);
}

static struct platform_driver swsmmu_tdev_driver = {
	.driver = {
		.name = SWSMMU_TDEV_NAME,
	},
	.probe = swsmmu_tdev_probe,
	.remove = swsmmu_tdev_driver_remove,
};

/**
 * swsmmu_tdev_register_driver() - register the test devices' drivers:
 *                                 platform and PCI
 *
 * Return: 0 or a negative errno from their registration.
 */
int swsmmu_tdev_register_driver(void)
{
	int ret = swsmmu_tdev_cdev_init();

	if (ret)
		return ret;
	ret = platform_driver_register(&swsmmu_tdev_driver);
	if (ret)
		goto err_cdev;
	ret = swsmmu_tdev_pci_register_driver();
	if (ret)
		goto err_platform;
	return 0;

err_platform:
	platform_driver_unregister(&swsmmu_tdev_driver);
err_cdev:
	swsmmu_tdev_cdev_exit();
	return ret;
}

/**
 * swsmmu_tdev_unregister_driver() - unregister the test devices' drivers
 */
void swsmmu_tdev_unregister_driver(void)
{
	swsmmu_tdev_pci_unregister_driver();
	platform_driver_unregister(&swsmmu_tdev_driver);
	swsmmu_tdev_dma_exit();
	swsmmu_tdev_cdev_exit();
}
