/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What iommufd uses of the IOMMU core to attach a domain whose faults it
 * handles: exported to the IOMMUFD_INTERNAL namespace, declared in the
 * core's private drivers/iommu/iommu-priv.h, which an out-of-tree module
 * cannot include.  For the KUnit tests that do what iommufd does.
 */
#ifndef _SWSMMU_KUNIT_IOMMUFD_INTERNAL_H
#define _SWSMMU_KUNIT_IOMMUFD_INTERNAL_H

#include <linux/iommu.h>
#include <linux/module.h>

int iommu_attach_group_handle(struct iommu_domain *domain,
			      struct iommu_group *group,
			      struct iommu_attach_handle *handle);
void iommu_detach_group_handle(struct iommu_domain *domain,
			       struct iommu_group *group);

#endif
