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
 * The driver does not map BAR0 (nothing decodes it) and uses no
 * interrupt: the engine completes descriptors from its own worker.  It
 * does not use the function's register interface either (config space,
 * pci_engine.c): that is for drivers that have the function instead of
 * this one, such as a user-space driver through vfio-pci.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include "tdev.h"

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
