/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the board (swsmmu.ko, drivers/board/upstream.c) hands to the
 * upstream lane (swsmmu-upstream.ko: Linux's arm-smmu-v3 and our compat
 * layer, drivers/upstream/compat.c) with the SMMU's platform device.
 * Neither module links against the other: the platform data is the whole
 * interface, as firmware tables and a bus are on a real machine.
 */
#ifndef _SWSMMU_UPSTREAM_H
#define _SWSMMU_UPSTREAM_H

#include <linux/types.h>

struct acpi_iort_node;
struct swsmmu_hw;

/**
 * struct swsmmu_upstream_pdata - platform data of the SMMU device that
 *                                arm-smmu-v3 probes
 * @iort_node: the IORT SMMUv3 node; first, because arm-smmu-v3 reads
 *             *(struct acpi_iort_node **)dev_get_platdata(dev)
 * @hw: the software SMMU behind the MMIO resource
 * @read32: 32-bit register read (swsmmu_hw_read32())
 * @write32: 32-bit register write
 * @read64: 64-bit register read
 * @write64: 64-bit register write
 * @poll: a CPU spins waiting for the SMMU (swsmmu_hw_poll()); may be NULL
 *
 * The accessors stand for the bus: an MMIO access at resource start +
 * offset reaches register offset of @hw.  They stay valid while the
 * device exists.
 */
struct swsmmu_upstream_pdata {
	struct acpi_iort_node *iort_node;
	struct swsmmu_hw *hw;
	u32 (*read32)(struct swsmmu_hw *hw, u32 offset);
	void (*write32)(struct swsmmu_hw *hw, u32 offset, u32 val);
	u64 (*read64)(struct swsmmu_hw *hw, u32 offset);
	void (*write64)(struct swsmmu_hw *hw, u32 offset, u64 val);
	void (*poll)(struct swsmmu_hw *hw);
};

#endif /* _SWSMMU_UPSTREAM_H */
