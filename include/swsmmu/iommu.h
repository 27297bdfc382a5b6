/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What swsmmu's IOMMU driver (drivers/iommu/) offers the rest of the
 * module, beyond the IOMMU API itself.  The board registers the driver and
 * creates SMMU platform devices named SWSMMU_IOMMU_DRV_NAME with a struct
 * swsmmu_hw * as platform data; clients reach the driver through their
 * fwspecs like any firmware-described device.
 */
#ifndef _SWSMMU_IOMMU_API_H
#define _SWSMMU_IOMMU_API_H

#include <linux/types.h>

struct device;
struct mm_struct;
struct swsmmu_sva_bond;

/* The platform driver's name, and so the name of the SMMU devices */
#define SWSMMU_IOMMU_DRV_NAME	"swsmmu"

/*
 * SMMU instances the board may create (nr_smmus=; its description says 4
 * too), and so the SMMUs one domain of the driver can be attached through
 */
#define SWSMMU_MAX_SMMUS	4

int swsmmu_iommu_register(void);
void swsmmu_iommu_unregister(void);

/*
 * Binding a process to a device.  iommu_sva_bind_device() refuses every
 * x86 6.12 kernel (no IOMMU_SVA there), so the driver offers its own,
 * which uses the core's when the kernel allows it (drivers/iommu/sva.c).
 */
struct swsmmu_sva_bond *swsmmu_sva_bind(struct device *dev,
					struct mm_struct *mm);
void swsmmu_sva_unbind(struct swsmmu_sva_bond *bond);
u32 swsmmu_sva_bond_pasid(const struct swsmmu_sva_bond *bond);

#endif /* _SWSMMU_IOMMU_API_H */
