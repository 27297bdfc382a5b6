/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the model suites that program an instance the way a driver does
 * share (model_xlate_test.c, model_strict_test.c; model_tlb_test.c and
 * model_stress_test.c take the memory and descriptor helpers): the
 * instance with small caches and its teardown, the registers that enable
 * it, naturally aligned memory for tables, and the descriptors of a
 * 4KB-granule stage-1 layout.  "me_": model environment.
 */
#ifndef _SWSMMU_KUNIT_MODEL_ENV_H
#define _SWSMMU_KUNIT_MODEL_ENV_H

#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/types.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>

struct kunit;

static inline u64 me_pa(const void *p)
{
	return virt_to_phys((void *)p);
}

static inline void me_set(__le64 *t, unsigned int idx, u64 desc)
{
	WRITE_ONCE(t[idx], cpu_to_le64(desc));
}

static inline u64 me_get(const __le64 *t, unsigned int idx)
{
	return le64_to_cpu(READ_ONCE(t[idx]));
}

/* A table descriptor to @next */
static inline u64 me_table(u64 next)
{
	return next | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID;
}

/* A stage-1 page for @oa with AP[2:1] = @ap, AF and nG, and @extra */
static inline u64 me_s1_page(u64 oa, unsigned int ap, u64 extra)
{
	return oa | FIELD_PREP(SWSMMU_PTE_S1_AP, ap) | SWSMMU_PTE_AF | SWSMMU_PTE_S1_NG |
	       SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID | extra;
}

/* CD qword 0: TTB0 only, 4KB, T0SZ 25 (walks from level 1), IPS 48, @flags */
static inline u64 me_cd_q0(u16 asid, u64 flags)
{
	return CTXDESC_CD_0_V | CTXDESC_CD_0_AA64 | CTXDESC_CD_0_TCR_EPD1 |
	       FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, 25) |
	       FIELD_PREP(CTXDESC_CD_0_TCR_TG0, SWSMMU_TCR_TG0_4K) |
	       FIELD_PREP(CTXDESC_CD_0_TCR_IPS, PA_SIZE_48) |
	       FIELD_PREP(CTXDESC_CD_0_ASID, asid) | flags;
}

/* STE qword 0: valid, Config @config, S1ContextPtr @ctxptr, S1CDMax @cdmax */
static inline u64 me_ste_q0(unsigned int config, u64 ctxptr,
			    unsigned int cdmax)
{
	return STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, config) |
	       (ctxptr & STRTAB_STE_0_S1CTXPTR) |
	       FIELD_PREP(STRTAB_STE_0_S1CDMAX, cdmax);
}

void *me_alloc(struct kunit *test, size_t size);
struct swsmmu_hw *me_hw_create(struct kunit *test, const char *name,
			       const struct swsmmu_hw_features *feat);
void me_hw_enable(struct swsmmu_hw *hw, const __le64 *st,
		  unsigned int st_log2, const __le64 *evtq,
		  unsigned int evtq_log2, u32 cr2);

#endif /* _SWSMMU_KUNIT_MODEL_ENV_H */
