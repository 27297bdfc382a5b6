// SPDX-License-Identifier: GPL-2.0
/*
 * The one place where swsmmu reaches into IOMMU core internals.
 *
 * A platform device is claimed by an IOMMU through its fwspec, which must
 * exist before device_add() so that the core's bus notifier probes it.  The
 * exported iommu_fwspec_init() asserts iommu_probe_device_lock, which is not
 * exported, so on a PROVE_LOCKING kernel every call from a module WARNs.  We
 * therefore build dev->iommu and the fwspec the way the core does; the core
 * frees both (dev_iommu_free()) when it releases the device, or when its
 * probe fails.
 */
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/property.h>
#include <linux/slab.h>
#include "../swsmmu.h"

/**
 * swsmmu_fwspec_attach() - give a not-yet-added device its IOMMU fwspec
 * @dev: the client device, before device_add()
 * @iommu_fwnode: fwnode of the IOMMU instance that translates for it
 * @ids: StreamIDs
 * @num_ids: number of @ids
 *
 * Return: 0, -EBUSY if @dev already has IOMMU data, -ENOMEM.
 */
int swsmmu_fwspec_attach(struct device *dev, struct fwnode_handle *iommu_fwnode,
			 const u32 *ids, unsigned int num_ids)
{
	struct iommu_fwspec *fwspec;
	struct dev_iommu *param;

	if (dev->iommu)
		return -EBUSY;

	param = kzalloc(sizeof(*param), GFP_KERNEL);
	if (!param)
		return -ENOMEM;
	fwspec = kzalloc(struct_size(fwspec, ids, num_ids), GFP_KERNEL);
	if (!fwspec) {
		kfree(param);
		return -ENOMEM;
	}

	mutex_init(&param->lock);
	fwspec->iommu_fwnode = fwnode_handle_get(iommu_fwnode);
	fwspec->num_ids = num_ids;
	memcpy(fwspec->ids, ids, flex_array_size(fwspec, ids, num_ids));
	param->fwspec = fwspec;
	dev->iommu = param;
	return 0;
}

/**
 * swsmmu_fwspec_detach() - undo swsmmu_fwspec_attach() for a device that
 *                          was never added
 * @dev: the device
 */
void swsmmu_fwspec_detach(struct device *dev)
{
	struct dev_iommu *param = dev->iommu;

	if (!param)
		return;
	dev->iommu = NULL;
	if (param->fwspec) {
		fwnode_handle_put(param->fwspec->iommu_fwnode);
		kfree(param->fwspec);
	}
	kfree(param);
}
