/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (-include) before every upstream file of swsmmu-upstream.ko
 * (arm-smmu-v3.c, and arm-smmu-v3-sva.c and arm-smmu-v3-test.c where the
 * kernel has KUnit): what arm64 has and x86 lacks, each
 * item saying what it stands for.  The upstream files are compiled as
 * shipped; see Documentation/upstream.rst.
 */
#ifndef _SWSMMU_UPSTREAM_COMPAT_H
#define _SWSMMU_UPSTREAM_COMPAT_H

/* Included first, so that what follows overrides their definitions */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/io-pgtable.h>
#include <linux/processor.h>
#include <asm/barrier.h>

struct resource;

void __iomem *swsmmu_up_ioremap(struct device *dev, const struct resource *res);
u32 swsmmu_up_readl(const void __iomem *addr);
u64 swsmmu_up_readq(const void __iomem *addr);
void swsmmu_up_writel(u32 val, void __iomem *addr);
void swsmmu_up_writeq(u64 val, void __iomem *addr);
void swsmmu_up_poll(void);
void swsmmu_up_udelay(unsigned long usecs);

/* Mapping the SMMU's MMIO resource: a cookie for the software SMMU's registers */
#define devm_ioremap_resource(dev, res)	swsmmu_up_ioremap(dev, res)

/* MMIO reads and writes of the SMMU: the software SMMU's register accessors */
#undef readl
#undef readl_relaxed
#undef readq
#undef readq_relaxed
#undef writel
#undef writel_relaxed
#undef writeq
#undef writeq_relaxed
#define readl(a)		swsmmu_up_readl(a)
#define readl_relaxed(a)	swsmmu_up_readl(a)
#define readq(a)		swsmmu_up_readq(a)
#define readq_relaxed(a)	swsmmu_up_readq(a)
#define writel(v, a)		swsmmu_up_writel(v, a)
#define writel_relaxed(v, a)	swsmmu_up_writel(v, a)
#define writeq(v, a)		swsmmu_up_writeq(v, a)
#define writeq_relaxed(v, a)	swsmmu_up_writeq(v, a)

/* arm64 __iomb(): order memory accesses before a later MMIO write */
#define __iomb()		mb()

/*
 * arm64 WFE while polling for CMD_SYNC: x86 has no event register; spin.
 * A CPU that polls the software SMMU lends it its cycles (the SMMU may be
 * asynchronous and every CPU may be polling with interrupts off), and
 * so does one that waits in udelay() between polls of the MSI word.
 */
#define wfe()			swsmmu_up_poll()
#undef udelay
#define udelay(n)		swsmmu_up_udelay(n)

/* arm64 SEV: wakes WFE waiters; nothing waits in WFE on x86 */
#define sev()			do { } while (0)

/* arm64 CPU capabilities: none of them exist on x86 (no VHE, ...) */
#define cpus_have_cap(cap)	((void)(cap), false)
#define ARM64_HAS_VIRT_HOST_EXTN	0

/* arm64's CPU virtual address size, which caps stage 1's input size: its default */
#define VA_BITS			48

/*
 * arm64's sanitised CPU ID registers and VA size, read by arm-smmu-v3-sva.c
 * (built only for arm_smmu_make_sva_cd(), which arm-smmu-v3's KUnit suite
 * calls; see Kbuild).  x86 has no ID_AA64MMFR0_EL1: it reads as zero
 * (PARange 32 bits, 8-bit ASIDs), which only sets the IPS field of the CDs
 * that suite builds.  No arm64 kernel runs here, so none is unmapped at EL0.
 */
#define SYS_ID_AA64MMFR0_EL1			0
#define ID_AA64MMFR0_EL1_PARANGE_SHIFT		0
#define ID_AA64MMFR0_EL1_ASIDBITS_SHIFT		4
#define read_sanitised_ftr_reg(reg)		((void)(reg), 0ULL)
#define cpuid_feature_extract_unsigned_field(reg, shift) \
	((unsigned int)(((reg) >> (shift)) & 0xf))
#define id_aa64mmfr0_parange_to_phys_shift(parange) ((void)(parange), 32)
#define vabits_actual				VA_BITS
/* and MAIR_EL1, which SVA CDs copy: no arm64 CPU, no attributes to share */
#define read_sysreg(reg)			swsmmu_up_sysreg_##reg
#define swsmmu_up_sysreg_mair_el1		0ULL
#define arm64_kernel_unmapped_at_el0()		false

/* io-pgtable's format table: x86 kernels may lack the LPAE formats */
#if !IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_LPAE)
struct io_pgtable_ops *swsmmu_up_alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
						      struct io_pgtable_cfg *cfg,
						      void *cookie);
void swsmmu_up_free_io_pgtable_ops(struct io_pgtable_ops *ops);
#define alloc_io_pgtable_ops(f, c, k)	swsmmu_up_alloc_io_pgtable_ops(f, c, k)
#define free_io_pgtable_ops(ops)	swsmmu_up_free_io_pgtable_ops(ops)
#endif

#endif /* _SWSMMU_UPSTREAM_COMPAT_H */
