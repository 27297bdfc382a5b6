/* SPDX-License-Identifier: GPL-2.0 */
/*
 * swsmmu driver half: the IOMMU driver that programs a software SMMU through
 * its registers and in-memory structures, and the virtual test devices whose
 * DMA it translates.
 */
#ifndef _SWSMMU_H
#define _SWSMMU_H

#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <swsmmu/hw.h>

#define SWSMMU_DRV_NAME		"swsmmu"
#define SWSMMU_TDEV_NAME	"swsmmu-tdev"
/* The largest number of test devices one instance accepts */
#define SWSMMU_MAX_CLIENTS	1024

/**
 * struct swsmmu_device - one SMMU as its driver sees it
 * @iommu: registration with the IOMMU core
 * @dev: the SMMU's platform device
 * @hw: the software SMMU behind the register interface
 * @sid_bits: IDR1.SIDSIZE as read back from the hardware
 * @clients_lock: serialises creation and removal of test devices
 * @clients: test devices translated by this SMMU (struct swsmmu_tdev.node)
 */
struct swsmmu_device {
	struct iommu_device iommu;
	struct device *dev;
	struct swsmmu_hw *hw;
	unsigned int sid_bits;

	/* Protects @clients and creation/removal of test devices */
	struct mutex clients_lock;
	struct list_head clients;
};

/**
 * struct swsmmu_master - a device translated by the SMMU
 * @smmu: its SMMU
 * @dev: the device
 * @sids: StreamIDs from the fwspec
 * @num_sids: number of @sids
 */
struct swsmmu_master {
	struct swsmmu_device *smmu;
	struct device *dev;
	const u32 *sids;
	unsigned int num_sids;
};

/**
 * struct swsmmu_tdev - a virtual test device
 * @pdev: its platform device (swsmmu-tdev.N)
 * @sid: its StreamID
 * @node: entry in swsmmu_device.clients, under clients_lock
 */
struct swsmmu_tdev {
	struct platform_device *pdev;
	u32 sid;
	struct list_head node;
};

/* smmu.c */
extern const struct iommu_ops swsmmu_ops;
int swsmmu_device_probe(struct platform_device *pdev);
void swsmmu_device_remove(struct platform_device *pdev);

/* main.c */
struct swsmmu_device *swsmmu_device_from_fwnode(struct fwnode_handle *fwnode);

/* compat.c */
int swsmmu_fwspec_attach(struct device *dev, struct fwnode_handle *iommu_fwnode,
			 const u32 *ids, unsigned int num_ids);
void swsmmu_fwspec_detach(struct device *dev);

/* tdev.c */
int swsmmu_tdev_create(struct swsmmu_device *smmu, u32 sid);
int swsmmu_tdev_destroy(struct swsmmu_device *smmu, u32 sid);
void swsmmu_tdev_destroy_all(struct swsmmu_device *smmu);
int swsmmu_tdev_register_driver(void);
void swsmmu_tdev_unregister_driver(void);

#endif /* _SWSMMU_H */
