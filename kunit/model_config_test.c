// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's configuration decoder
 * (drivers/model/config.c): Stream table lookup (linear and 2-level, the
 * largest StreamID, Span limits), STE decoding field by field, every
 * C_BAD_STE condition the decoder enforces, CD table lookup (linear, 4K_L2,
 * 64K_L2, the largest SubstreamID, nested through stage 2), every C_BAD_CD
 * condition, fetch aborts, and a fuzz run over random tables.
 *
 * Tables live in pages the test allocates; the instance finds them through
 * SMMU_STRTAB_BASE(_CFG), programmed while SMMUEN is 0.  Expected values
 * are worked out by hand in the comments next to them.
 */
#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/bitfield.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"

/* An address no test VM has RAM at (and below every OAS used here but 40) */
#define BEYOND_RAM		BIT_ULL(46)

enum cfg_feat_id {
	F_FULL,
	F_S1ONLY,
	F_S2ONLY,
	F_SSID0,
	F_SSID8,
	F_NOCD2L,
	F_NOSTALL,
	F_NOHTTU,
	F_NOVMID16,
	F_NOASID16,
	F_NO16K,
	F_NO64K,
	F_OAS40,
	F_OAS42,
	F_OAS52,
	F_NOST2LVL,
	F_SID8,
	F_SID32,
};

static void cfg_feat(enum cfg_feat_id id, struct swsmmu_hw_features *f)
{
	*f = (struct swsmmu_hw_features) {
		.sid_bits = 16, .ssid_bits = 20, .oas = PA_SIZE_48,
		.cmdq_bits = 8, .evtq_bits = 8, .priq_bits = 8,
		.st_2lvl = true, .cd_2lvl = true, .s1 = true, .s2 = true,
		.gran4k = true, .gran16k = true, .gran64k = true,
		.asid16 = true, .vmid16 = true, .pri = true, .stall = true,
		.httu_access = true,
	};
	switch (id) {
	case F_FULL:
		break;
	case F_S1ONLY:
		f->s2 = false;
		break;
	case F_S2ONLY:
		f->s1 = false;
		break;
	case F_SSID0:
		f->ssid_bits = 0;
		break;
	case F_SSID8:
		f->ssid_bits = 8;
		break;
	case F_NOCD2L:
		f->cd_2lvl = false;
		break;
	case F_NOSTALL:
		f->stall = false;
		break;
	case F_NOHTTU:
		f->httu_access = false;
		break;
	case F_NOVMID16:
		f->vmid16 = false;
		break;
	case F_NOASID16:
		f->asid16 = false;
		break;
	case F_NO16K:
		f->gran16k = false;
		break;
	case F_NO64K:
		f->gran64k = false;
		break;
	case F_OAS40:
		f->oas = PA_SIZE_40;
		break;
	case F_OAS42:
		f->oas = PA_SIZE_42;
		break;
	case F_OAS52:
		f->oas = PA_SIZE_52;
		break;
	case F_NOST2LVL:
		f->st_2lvl = false;
		break;
	case F_SID8:
		f->sid_bits = 8;
		break;
	case F_SID32:
		f->sid_bits = 32;
		break;
	}
}

KUNIT_DEFINE_ACTION_WRAPPER(cfg_hw_destroy, swsmmu_hw_destroy,
			    struct swsmmu_hw *);

static struct swsmmu_hw *cfg_hw_feat(struct kunit *test,
				     const struct swsmmu_hw_features *f)
{
	struct swsmmu_hw *hw = swsmmu_hw_create("kunit-cfg", f);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cfg_hw_destroy,
							hw), 0);
	return hw;
}

static struct swsmmu_hw *cfg_hw(struct kunit *test, enum cfg_feat_id id)
{
	struct swsmmu_hw_features f;

	cfg_feat(id, &f);
	return cfg_hw_feat(test, &f);
}

struct cfg_pages {
	struct page *page;
	unsigned int order;
};

static void cfg_pages_free(void *p)
{
	struct cfg_pages *t = p;

	__free_pages(t->page, t->order);
}

static void cfg_own_pages(struct kunit *test, struct page *page,
			  unsigned int order)
{
	struct cfg_pages *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->page = page;
	t->order = order;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cfg_pages_free,
							t), 0);
}

/*
 * A zeroed table of @size bytes in RAM, aligned to @size rounded up to a
 * power-of-two number of pages (the buddy allocator aligns blocks).
 */
static __le64 *cfg_tbl(struct kunit *test, size_t size, u64 *pa)
{
	unsigned int order = get_order(size);
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);

	KUNIT_ASSERT_NOT_NULL(test, page);
	cfg_own_pages(test, page, order);
	*pa = page_to_phys(page);
	return page_address(page);
}

static void cfg_put(__le64 *p, u64 q0, u64 q1, u64 q2, u64 q3)
{
	p[0] = cpu_to_le64(q0);
	p[1] = cpu_to_le64(q1);
	p[2] = cpu_to_le64(q2);
	p[3] = cpu_to_le64(q3);
}

/* The STE (or CD) @idx of a table of 64-byte entries */
static __le64 *cfg_ent(__le64 *tbl, u64 idx)
{
	return tbl + idx * 8;
}

/* Program the Stream table: the registers only take writes with SMMUEN 0 */
static void cfg_strtab(struct swsmmu_hw *hw, u64 base, u32 cfg)
{
	swsmmu_hw_write64(hw, SMMU_STRTAB_BASE, base);
	swsmmu_hw_write32(hw, SMMU_STRTAB_BASE_CFG, cfg);
}

#define ST_LINEAR(log2size) \
	FIELD_PREP_CONST(STRTAB_BASE_CFG_LOG2SIZE, log2size)
#define ST_2LVL(log2size, split) \
	(FIELD_PREP_CONST(STRTAB_BASE_CFG_FMT, STRTAB_BASE_CFG_FMT_2LVL) | \
	 FIELD_PREP_CONST(STRTAB_BASE_CFG_LOG2SIZE, log2size) | \
	 FIELD_PREP_CONST(STRTAB_BASE_CFG_SPLIT, split))
#define L1STD(l2pa, span) \
	((l2pa) | FIELD_PREP_CONST(STRTAB_L1_DESC_SPAN, span))

#define STE_V(cfg) \
	(STRTAB_STE_0_V | FIELD_PREP_CONST(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_##cfg))
#define STE_S1(ctxptr, fmt, cdmax) \
	(STE_V(S1_TRANS) | (ctxptr) | \
	 FIELD_PREP_CONST(STRTAB_STE_0_S1FMT, fmt) | \
	 FIELD_PREP_CONST(STRTAB_STE_0_S1CDMAX, cdmax))
#define S2(tg, t0sz, sl0, ps) \
	(STRTAB_STE_2_S2AA64 | FIELD_PREP_CONST(STRTAB_STE_2_S2TG, tg) | \
	 FIELD_PREP_CONST(STRTAB_STE_2_S2T0SZ, t0sz) | \
	 FIELD_PREP_CONST(STRTAB_STE_2_S2SL0, sl0) | \
	 FIELD_PREP_CONST(STRTAB_STE_2_S2PS, ps))
/* A legal stage 2: 4KB, 40-bit IPA from level 1 (2 concatenated tables) */
#define S2_OK		S2(SWSMMU_TCR_TG0_4K, 24, 1, PA_SIZE_48)
#define S2TTB_OK	0x10000000ULL
#define VMID(v)		FIELD_PREP_CONST(STRTAB_STE_2_S2VMID, v)

static int cfg_fetch_ste(struct swsmmu_hw *hw, u32 sid, struct hw_ste *ste,
			 struct hw_fault *f)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = swsmmu_hw_fetch_ste(hw, sid, ste, f, NULL);
	if (ret)
		KUNIT_EXPECT_EQ(kunit_get_current_test(), f->id, ret);
	return ret;
}

/* An instance with a linear Stream table of 256 STEs */
struct cfg_env {
	struct swsmmu_hw *hw;
	__le64 *st;
	u64 st_pa;
};

static void cfg_env_init(struct kunit *test, struct cfg_env *env,
			 enum cfg_feat_id id)
{
	env->hw = cfg_hw(test, id);
	env->st = cfg_tbl(test, 256 * STRTAB_STE_SIZE, &env->st_pa);
	cfg_strtab(env->hw, env->st_pa, ST_LINEAR(8));
}

/* ---------------------------------------------------------------------- */
/* Stream table lookup                                                    */
/* ---------------------------------------------------------------------- */

static void cfg_st_linear(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *st;
	u64 pa;

	st = cfg_tbl(test, SZ_4K, &pa);
	cfg_put(cfg_ent(st, 5), STE_V(BYPASS), 0, 0, 0);
	cfg_put(cfg_ent(st, 15), STE_V(BYPASS), 0, 0, 0);
	/*
	 * 16 STEs: the table is 16 * 64 = 1KB and aligned to it, so the
	 * SMMU ignores ADDR[9:6]: a base of pa + 0x3c0 is pa.
	 */
	cfg_strtab(hw, pa + 0x3c0, ST_LINEAR(4));

	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 5, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_BYPASS);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 15, &ste, &f), 0);
	/* STE 4 is all zero: V == 0 */
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 4, &ste, &f), EVT_ID_BAD_STE);
	/* 2^LOG2SIZE = 16 StreamIDs */
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 16, &ste, &f),
			EVT_ID_BAD_STREAMID);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0xffffffff, &ste, &f),
			EVT_ID_BAD_STREAMID);

	/* LOG2SIZE 0: one STE */
	cfg_put(cfg_ent(st, 0), STE_V(BYPASS), 0, 0, 0);
	cfg_strtab(hw, pa, ST_LINEAR(0));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 1, &ste, &f),
			EVT_ID_BAD_STREAMID);
}

static void cfg_st_log2size_capped(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_SID8);
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *st;
	u64 pa;

	/*
	 * LOG2SIZE 10 with IDR1.SIDSIZE 8: StreamIDs are checked against
	 * 2^8, but the base is aligned with the literal LOG2SIZE, to
	 * 2^(10 + 6) = 64KB: pa + 0x8000 reads as pa.  (Aligning to the
	 * effective 2^(8 + 6) = 16KB would find the zero STE at pa + 0x8000 +
	 * 255 * 64 instead.)
	 */
	st = cfg_tbl(test, SZ_64K, &pa);
	cfg_put(cfg_ent(st, 255), STE_V(BYPASS), 0, 0, 0);
	cfg_strtab(hw, pa + 0x8000, ST_LINEAR(10));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 255, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_BYPASS);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 256, &ste, &f),
			EVT_ID_BAD_STREAMID);
}

static void cfg_st_2lvl(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	__le64 *l1, *l2a, *l2b;
	u64 l1pa, l2apa, l2bpa;
	struct hw_fault f;
	struct hw_ste ste;

	/*
	 * LOG2SIZE 16, SPLIT 8: 2^8 L1STDs, 2KB, aligned to 2KB, so a base
	 * of l1pa + 0x7c0 is l1pa.  StreamID 0xXXYY uses L1STD XX, STE YY.
	 */
	l1 = cfg_tbl(test, SZ_4K, &l1pa);
	l2a = cfg_tbl(test, SZ_16K, &l2apa);
	l2b = cfg_tbl(test, SZ_4K, &l2bpa);
	cfg_strtab(hw, l1pa + 0x7c0, ST_2LVL(16, 8));

	/*
	 * L1STD 1: Span 9, 2^8 STEs, 16KB, L2Ptr aligned to 2^(9 + 5):
	 * l2apa + 0x1000 reads as l2apa.
	 */
	l1[1] = cpu_to_le64(L1STD(l2apa + 0x1000, 9));
	cfg_put(cfg_ent(l2a, 0x05), STE_V(BYPASS), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x105, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_BYPASS);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x1ff, &ste, &f),
			EVT_ID_BAD_STE);

	/* L1STD 2: Span 0, invalid */
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x205, &ste, &f),
			EVT_ID_BAD_STREAMID);

	/* L1STD 3: Span 3, 2^2 STEs: 0x303 is the last one */
	l1[3] = cpu_to_le64(L1STD(l2bpa, 3));
	cfg_put(cfg_ent(l2b, 3), STE_V(BYPASS), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x303, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x304, &ste, &f),
			EVT_ID_BAD_STREAMID);

	/* Span 10 > SPLIT + 1; Span 12 and 31 Reserved */
	l1[4] = cpu_to_le64(L1STD(l2apa, 10));
	l1[5] = cpu_to_le64(L1STD(l2apa, 12));
	l1[6] = cpu_to_le64(L1STD(l2apa, 31));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x400, &ste, &f),
			EVT_ID_BAD_STREAMID);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x500, &ste, &f),
			EVT_ID_BAD_STREAMID);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x600, &ste, &f),
			EVT_ID_BAD_STREAMID);
	/* Span 9 == SPLIT + 1 is the largest legal one */
	l1[7] = cpu_to_le64(L1STD(l2apa, 9));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x705, &ste, &f), 0);

	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x10000, &ste, &f),
			EVT_ID_BAD_STREAMID);
}

static void cfg_st_2lvl_split(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	u64 l1pa, l2pa, l2bigpa;
	__le64 *l1, *l2, *l2big;
	struct hw_fault f;
	struct hw_ste ste;

	l1 = cfg_tbl(test, SZ_4K, &l1pa);
	l2 = cfg_tbl(test, SZ_4K, &l2pa);
	l2big = cfg_tbl(test, SZ_64K, &l2bigpa);

	/*
	 * SPLIT 7 is Reserved and behaves as 6: StreamID 0x85 uses L1STD
	 * 0x85 >> 6 = 2 and STE 5 (SPLIT 7 would use L1STD 1, left invalid).
	 */
	l1[2] = cpu_to_le64(L1STD(l2pa, 7));
	cfg_put(cfg_ent(l2, 5), STE_V(BYPASS), 0, 0, 0);
	cfg_strtab(hw, l1pa, ST_2LVL(12, 7));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x85, &ste, &f), 0);
	/* With SPLIT 6, Span 8 > SPLIT + 1 */
	l1[2] = cpu_to_le64(L1STD(l2pa, 8));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x85, &ste, &f),
			EVT_ID_BAD_STREAMID);

	/* SPLIT 10: 0x7ff is L1STD 1, STE 0x3ff of 2^10 (Span 11) */
	l1[1] = cpu_to_le64(L1STD(l2bigpa, 11));
	cfg_put(cfg_ent(l2big, 0x3ff), STE_V(BYPASS), 0, 0, 0);
	cfg_strtab(hw, l1pa, ST_2LVL(16, 10));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x7ff, &ste, &f), 0);

	/*
	 * SPLIT 8 >= LOG2SIZE 4: a single L1STD (at the base, aligned to 64
	 * bytes) and StreamIDs 0 to 15 of its level-2 table (Span 5: 16).
	 */
	l1[0] = cpu_to_le64(L1STD(l2pa, 5));
	cfg_put(cfg_ent(l2, 15), STE_V(BYPASS), 0, 0, 0);
	cfg_strtab(hw, l1pa, ST_2LVL(4, 8));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 15, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 16, &ste, &f),
			EVT_ID_BAD_STREAMID);

	/* FMT 0b10 is Reserved and behaves as linear: STE 5 of l2 */
	cfg_strtab(hw, l2pa, ST_LINEAR(4) |
		   FIELD_PREP(STRTAB_BASE_CFG_FMT, 2));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 5, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 6, &ste, &f), EVT_ID_BAD_STE);
}

static void cfg_st_no_2lvl(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_NOST2LVL);
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *st;
	u64 pa;

	/* Without IDR0.ST_LEVEL, FMT and SPLIT are RES0: the table is linear */
	st = cfg_tbl(test, SZ_4K, &pa);
	cfg_put(cfg_ent(st, 5), STE_V(BYPASS), 0, 0, 0);
	cfg_strtab(hw, pa, ST_2LVL(6, 6));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 5, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_BYPASS);
}

static void cfg_st_largest_sid_fetch_addr(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_SID32);
	struct hw_fault f;
	struct hw_ste ste;

	/*
	 * SIDSIZE 32, LOG2SIZE 32, SPLIT 10: StreamID 0xffffffff uses L1STD
	 * 0xffffffff >> 10 = 0x3fffff at base + 0x3fffff * 8 = base +
	 * 0x1fffff8, past the end of RAM here.
	 */
	cfg_strtab(hw, BEYOND_RAM, ST_2LVL(32, 10));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0xffffffff, &ste, &f),
			EVT_ID_STE_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 0x1fffff8);

	/* Linear: STE 0xffffffff at base + 0xffffffff * 64 */
	cfg_strtab(hw, BEYOND_RAM, ST_LINEAR(32));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0xffffffff, &ste, &f),
			EVT_ID_STE_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 0x3fffffffc0ULL);
}

#define CFG_BIG_ORDER	10		/* 4MB blocks */
#define CFG_BIG_TRIES	64

static void cfg_st_largest_sid(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_SID32);
	struct page *tried[CFG_BIG_TRIES], *blk = NULL;
	unsigned int i, n = 0;
	u64 blkpa, l2pa, r;
	__le64 *l1, *l2;
	struct hw_fault f;
	struct hw_ste ste;

	/*
	 * LOG2SIZE 32 and SPLIT 10 make a level-1 table of 2^22 L1STDs,
	 * 32MB, aligned to 32MB.  StreamID 0xffffffff uses its last L1STD,
	 * at offset 32MB - 8.  The test owns only that part: it looks for a
	 * 4MB block that ends on a 32MB boundary, at offset 28MB.
	 */
	for (i = 0; i < CFG_BIG_TRIES && !blk; i++) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN |
					     __GFP_NORETRY, CFG_BIG_ORDER);

		if (!p)
			break;
		if ((page_to_phys(p) & (SZ_32M - 1)) == SZ_32M - SZ_4M)
			blk = p;
		else
			tried[n++] = p;
	}
	while (n)
		__free_pages(tried[--n], CFG_BIG_ORDER);
	if (!blk)
		kunit_skip(test, "no 4MB block at offset 28MB of a 32MB region");
	cfg_own_pages(test, blk, CFG_BIG_ORDER);
	blkpa = page_to_phys(blk);
	r = blkpa - (SZ_32M - SZ_4M);		/* the 32MB region */
	l1 = page_address(blk);

	/* Last L1STD: Span 11, 2^10 STEs; the one before it: invalid */
	l2 = cfg_tbl(test, SZ_64K, &l2pa);
	l1[SZ_4M / 8 - 1] = cpu_to_le64(L1STD(l2pa, 11));
	l1[SZ_4M / 8 - 2] = 0;
	cfg_put(cfg_ent(l2, 0x3ff), STE_S1(0x1234540ULL, 0, 0), 0, 0, 0);

	/* Any base inside the region: it is aligned down to r */
	cfg_strtab(hw, r + 0x1234540, ST_2LVL(32, 10));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0xffffffff, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_S1_TRANS);
	KUNIT_EXPECT_EQ(test, ste.s1ctxptr, 0x1234540ULL);
	/* 0xfffffc00: same L1STD, STE 0 (zero) */
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0xfffffc00, &ste, &f),
			EVT_ID_BAD_STE);
	/* 0xfffffbff: L1STD 0x3ffffe */
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0xfffffbff, &ste, &f),
			EVT_ID_BAD_STREAMID);
}

static void cfg_st_fetch_abort(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *l1;
	u64 l1pa;

	/* Linear: STE 3 at base + 3 * 64 */
	cfg_strtab(hw, BEYOND_RAM, ST_LINEAR(8));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 3, &ste, &f),
			EVT_ID_STE_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 0xc0);
	KUNIT_EXPECT_FALSE(test, f.s2);

	/* 2-level, SPLIT 8: the L1STD of 0x305 at base + 3 * 8 */
	cfg_strtab(hw, BEYOND_RAM, ST_2LVL(16, 8));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x305, &ste, &f),
			EVT_ID_STE_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 0x18);

	/* The L1STD is fine, its L2Ptr is not: STE 0xff at L2Ptr + 0x3fc0 */
	l1 = cfg_tbl(test, SZ_4K, &l1pa);
	l1[1] = cpu_to_le64(L1STD(BEYOND_RAM, 9));
	cfg_strtab(hw, l1pa, ST_2LVL(16, 8));
	KUNIT_EXPECT_EQ(test, cfg_fetch_ste(hw, 0x1ff, &ste, &f),
			EVT_ID_STE_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 0x3fc0);
}

/* ---------------------------------------------------------------------- */
/* STE decoding                                                           */
/* ---------------------------------------------------------------------- */

/* Decode an STE through StreamID 0 and check the outcome */
static void cfg_ste_is(struct kunit *test, struct cfg_env *env, u64 q0,
		       u64 q1, u64 q2, u64 q3, struct hw_ste *ste, int expect)
{
	struct hw_fault f;
	int ret;

	cfg_put(cfg_ent(env->st, 0), q0, q1, q2, q3);
	ret = cfg_fetch_ste(env->hw, 0, ste, &f);
	KUNIT_EXPECT_EQ(test, ret, expect);
}

static void cfg_ste_abort(struct kunit *test)
{
	struct cfg_env env;
	struct hw_ste ste;
	unsigned int cfg;

	cfg_env_init(test, &env, F_FULL);
	/*
	 * Config 0b000 aborts silently; 0b001 to 0b011 are Reserved and
	 * behave as 0b000.  Nothing else in the STE matters, not even an
	 * S1CDMax beyond SSIDSIZE or a malformed stage 2.
	 */
	for (cfg = 0; cfg < 4; cfg++) {
		u64 q0 = STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, cfg) |
			 FIELD_PREP(STRTAB_STE_0_S1CDMAX, 31);

		cfg_ste_is(test, &env, q0, ~0ULL, ~0ULL, ~0ULL,
			   &ste, 0);
		KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_ABORT);
		KUNIT_EXPECT_EQ(test, ste.s1cdmax, 0);
	}
}

static void cfg_ste_bypass(struct kunit *test)
{
	struct cfg_env env;
	struct hw_ste ste;

	/*
	 * Bypass ignores every S1 and S2 field (S2VMID too: no 16-bit VMIDs
	 * here, yet 0xff00 is fine).  PRIVCFG and INSTCFG are RES0 without
	 * IDR1.ATTR_PERMS_OVR: 0, use the incoming attributes.
	 */
	cfg_env_init(test, &env, F_NOVMID16);
	cfg_ste_is(test, &env,
		   STE_V(BYPASS) | STRTAB_STE_0_S1CTXPTR |
		   STRTAB_STE_0_S1CDMAX,
		   STRTAB_STE_1_S1STALLD |
		   STRTAB_STE_1_PRIVCFG |
		   STRTAB_STE_1_INSTCFG,
		   VMID(0xff00), ~0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_BYPASS);
	KUNIT_EXPECT_EQ(test, ste.privcfg, 0);
	KUNIT_EXPECT_EQ(test, ste.instcfg, 0);
	KUNIT_EXPECT_EQ(test, ste.s1ctxptr, 0);
	KUNIT_EXPECT_EQ(test, ste.s1cdmax, 0);
	KUNIT_EXPECT_FALSE(test, ste.s1stalld);
	KUNIT_EXPECT_EQ(test, ste.s2.vmid, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0);
}

static void cfg_ste_s1(struct kunit *test)
{
	struct cfg_env env;
	struct hw_ste ste;

	cfg_env_init(test, &env, F_FULL);
	/*
	 * Stage 1, 64K_L2 CD table of 2^16 CDs at 0x812345000; S1DSS 0b10
	 * (substream 0), S1STALLD; STRW EL2 is RES0 without IDR0.HYP; VMID
	 * 0x1234 (16-bit VMIDs); the S2 fields are IGNORED (S2AA64 0, S2T0SZ
	 * 63 would be ILLEGAL with stage 2).
	 */
	cfg_ste_is(test, &env,
		   STE_S1(0x812345000ULL,
			  STRTAB_STE_0_S1FMT_64K_L2, 16),
		   FIELD_PREP(STRTAB_STE_1_S1DSS,
			      STRTAB_STE_1_S1DSS_SSID0) |
		   STRTAB_STE_1_S1STALLD |
		   FIELD_PREP(STRTAB_STE_1_STRW,
			      STRTAB_STE_1_STRW_EL2),
		   VMID(0x1234) |
		   FIELD_PREP(STRTAB_STE_2_S2T0SZ, 63),
		   ~0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_S1_TRANS);
	KUNIT_EXPECT_EQ(test, ste.s1fmt, STRTAB_STE_0_S1FMT_64K_L2);
	KUNIT_EXPECT_EQ(test, ste.s1ctxptr, 0x812345000ULL);
	KUNIT_EXPECT_EQ(test, ste.s1cdmax, 16);
	KUNIT_EXPECT_EQ(test, ste.s1dss, STRTAB_STE_1_S1DSS_SSID0);
	KUNIT_EXPECT_TRUE(test, ste.s1stalld);
	KUNIT_EXPECT_EQ(test, ste.strw, STRTAB_STE_1_STRW_NSEL1);
	KUNIT_EXPECT_EQ(test, ste.s2.vmid, 0x1234);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.tg_shift, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.t0sz, 0);

	/* S1DSS 0b11 is Reserved, behaves as 0b00; S1Fmt 0b11 as linear */
	cfg_ste_is(test, &env, STE_S1(0x40000ULL, 3, 4),
		   STRTAB_STE_1_S1DSS, 0, 0, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s1fmt, STRTAB_STE_0_S1FMT_LINEAR);
	KUNIT_EXPECT_EQ(test, ste.s1cdmax, 4);
	KUNIT_EXPECT_EQ(test, ste.s1dss, STRTAB_STE_1_S1DSS_TERMINATE);
	KUNIT_EXPECT_FALSE(test, ste.s1stalld);

	/* S1CDMax 0: one CD, S1Fmt and S1DSS IGNORED */
	cfg_ste_is(test, &env,
		   STE_S1(0x40000ULL,
			  STRTAB_STE_0_S1FMT_4K_L2, 0),
		   STRTAB_STE_1_S1DSS, 0, 0, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s1fmt, STRTAB_STE_0_S1FMT_LINEAR);
	KUNIT_EXPECT_EQ(test, ste.s1cdmax, 0);
	KUNIT_EXPECT_EQ(test, ste.s1dss, 0);
}

static void cfg_ste_s1_no_substreams(struct kunit *test)
{
	struct cfg_env env;
	struct hw_ste ste;

	/* SSIDSIZE 0: S1CDMax (31 here), S1Fmt and S1DSS are IGNORED */
	cfg_env_init(test, &env, F_SSID0);
	cfg_ste_is(test, &env,
		   STE_S1(0x40000ULL,
			  STRTAB_STE_0_S1FMT_64K_L2, 31),
		   STRTAB_STE_1_S1DSS, 0, 0, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s1cdmax, 0);
	KUNIT_EXPECT_EQ(test, ste.s1fmt, STRTAB_STE_0_S1FMT_LINEAR);
	KUNIT_EXPECT_EQ(test, ste.s1dss, 0);
}

static void cfg_ste_s2(struct kunit *test)
{
	struct cfg_env env;
	struct hw_ste ste;

	cfg_env_init(test, &env, F_FULL);
	/*
	 * 4KB granule, S2T0SZ 24: a 40-bit IPA.  S2SL0 1: level 1, below
	 * which 12 + 2 * 9 = 30 bits are resolved; level 1 takes the other
	 * 10, two concatenated 4KB tables, 8KB: S2TTB 0xf123456ff0 aligns
	 * to 0xf123456000.  S2PS 44 bits (OAS 48).
	 */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_4K, 24, 1, PA_SIZE_44) |
		   VMID(0x42) | STRTAB_STE_2_S2AFFD |
		   STRTAB_STE_2_S2PTW |
		   STRTAB_STE_2_S2HA |
		   STRTAB_STE_2_S2S | STRTAB_STE_2_S2R,
		   0xf123456ff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_S2_TRANS);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0xf123456000ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.vmid, 0x42);
	KUNIT_EXPECT_EQ(test, ste.s2.t0sz, 24);
	KUNIT_EXPECT_EQ(test, ste.s2.sl0, 1);
	KUNIT_EXPECT_EQ(test, ste.s2.tg_shift, 12);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 1);
	KUNIT_EXPECT_EQ(test, ste.s2.ps_bits, 44);
	KUNIT_EXPECT_TRUE(test, ste.s2.affd);
	KUNIT_EXPECT_TRUE(test, ste.s2.ha);
	KUNIT_EXPECT_TRUE(test, ste.s2.record);
	KUNIT_EXPECT_TRUE(test, ste.s2.stall);
	KUNIT_EXPECT_TRUE(test, ste.s2.ptw);
	KUNIT_EXPECT_EQ(test, ste.s1ctxptr, 0);

	/*
	 * 16KB, S2T0SZ 28 (36-bit IPA), S2SL0 1: level 2, 14 + 11 = 25 bits
	 * below, 11 at level 2: one full 16KB table: 0x123456789ff0 aligns
	 * to 0x123456788000.  S2PS 0b111 behaves as 52 bits, capped to the
	 * 48-bit OAS.  No flags.
	 */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_16K, 28, 1, 7),
		   0x123456789ff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0x123456788000ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.tg_shift, 14);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 2);
	KUNIT_EXPECT_EQ(test, ste.s2.ps_bits, 48);
	KUNIT_EXPECT_EQ(test, ste.s2.vmid, 0);
	KUNIT_EXPECT_FALSE(test, ste.s2.affd);
	KUNIT_EXPECT_FALSE(test, ste.s2.ha);
	KUNIT_EXPECT_FALSE(test, ste.s2.record);
	KUNIT_EXPECT_FALSE(test, ste.s2.stall);
	KUNIT_EXPECT_FALSE(test, ste.s2.ptw);

	/* 64KB, S2T0SZ 39 (25 bits), S2SL0 0: level 3, 9 bits, 4KB */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_64K, 39, 0, PA_SIZE_48),
		   0x1234ff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0x1234000ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 3);
	KUNIT_EXPECT_EQ(test, ste.s2.tg_shift, 16);

	/* 4KB, S2T0SZ 16 (48 bits), S2SL0 2: level 0, 48 - 39 = 9 bits */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_4K, 16, 2, PA_SIZE_48),
		   0x1234ff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0x1234000ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 0);

	/*
	 * 4KB, S2T0SZ 30 (34 bits), S2SL0 0: level 2 (21 bits below) with
	 * the maximum of 16 concatenated tables, 64KB: 0x12345fff0 aligns to
	 * 0x123450000.
	 */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_4K, 30, 0, PA_SIZE_48),
		   0x12345fff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0x123450000ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 2);

	/* 16KB, S2T0SZ 38, level 2: a 16-byte table, 16-byte aligned */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_16K, 38, 1, PA_SIZE_48),
		   0x1234ff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0x1234ff0ULL);
}

static void cfg_ste_s2_52bit(struct kunit *test)
{
	struct cfg_env env;
	struct hw_ste ste;

	cfg_env_init(test, &env, F_OAS52);
	/*
	 * OAS 52, 64KB: S2T0SZ 12 is the minimum, a 52-bit IPA.  S2SL0 2:
	 * level 1 (legal, OAS >= 44), 16 + 2 * 13 = 42 bits below, 10 at
	 * level 1: 8KB.  S2TTB may use bits [51:48] with 64KB:
	 * 0xfedcba9877ff0 aligns to 0xfedcba9876000.
	 */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_64K, 12, 2, PA_SIZE_52),
		   0xfedcba9877ff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0xfedcba9876000ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.t0sz, 12);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 1);
	KUNIT_EXPECT_EQ(test, ste.s2.ps_bits, 52);

	/*
	 * 64-byte minimum alignment with a 52-bit eff_S2PS: 16KB, S2T0SZ 38
	 * (26 bits), S2SL0 1: level 2, 25 bits below, 1 bit at level 2: a
	 * 16-byte table, yet 0x1234ff0 aligns to 0x1234fc0.  (cfg_ste_s2
	 * has the same STE with a 48-bit output.)
	 */
	cfg_ste_is(test, &env, STE_V(S2_TRANS), 0,
		   S2(SWSMMU_TCR_TG0_16K, 38, 1, PA_SIZE_52),
		   0x1234ff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0x1234fc0ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 2);
	KUNIT_EXPECT_EQ(test, ste.s2.ps_bits, 52);
}

static void cfg_ste_nested(struct kunit *test)
{
	struct cfg_env env;
	struct hw_ste ste;

	cfg_env_init(test, &env, F_FULL);
	/*
	 * Nested: one CD at IPA 0x40000, S1DSS IGNORED (S1CDMax 0).  Stage
	 * 2: 64KB, S2T0SZ 20 (44 bits), S2SL0 1: level 2, 16 + 13 = 29 bits
	 * below, 15 at level 2: four concatenated 64KB tables, 256KB:
	 * 0xabcdf2fff0 aligns to 0xabcdf00000.  S2PS 40 bits.
	 */
	cfg_ste_is(test, &env,
		   STE_V(NESTED) | 0x40000ULL,
		   FIELD_PREP(STRTAB_STE_1_S1DSS, 1),
		   S2(SWSMMU_TCR_TG0_64K, 20, 1, PA_SIZE_40) |
		   VMID(7),
		   0xabcdf2fff0ULL, &ste, 0);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_NESTED);
	KUNIT_EXPECT_EQ(test, ste.s1ctxptr, 0x40000ULL);
	KUNIT_EXPECT_EQ(test, ste.s1cdmax, 0);
	KUNIT_EXPECT_EQ(test, ste.s1dss, 0);
	KUNIT_EXPECT_EQ(test, ste.s2.vmid, 7);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, 0xabcdf00000ULL);
	KUNIT_EXPECT_EQ(test, ste.s2.t0sz, 20);
	KUNIT_EXPECT_EQ(test, ste.s2.tg_shift, 16);
	KUNIT_EXPECT_EQ(test, ste.s2.start_level, 2);
	KUNIT_EXPECT_EQ(test, ste.s2.ps_bits, 40);
}

/* One STE, the instance it is fetched by, and the expected outcome */
struct cfg_ste_case {
	const char *name;
	enum cfg_feat_id feat;
	u64 q[4];
	int expect;
};

static const struct cfg_ste_case cfg_ste_cases[] = {
	/* Legal neighbours of the ILLEGAL cases below */
	{ "s1 legal", F_FULL, { STE_S1(0x40000ULL, 0, 20) }, 0 },
	{ "s2 legal", F_FULL, { STE_V(S2_TRANS), 0, S2_OK, S2TTB_OK }, 0 },
	{ "nested legal", F_FULL,
	  { STE_V(NESTED) | 0x40000ULL, 0, S2_OK, S2TTB_OK }, 0 },
	{ "s2 T0SZ 39 legal", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 39, 0, PA_SIZE_48),
	    S2TTB_OK }, 0 },
	{ "s2 64KB T0SZ 12 legal with OAS 52", F_OAS52,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_64K, 12, 2, PA_SIZE_52),
	    S2TTB_OK }, 0 },
	{ "s2 4KB level 0 legal with OAS 48", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 20, 2, PA_SIZE_48),
	    S2TTB_OK }, 0 },
	{ "S2PS 32 with S2TTB below 4GB legal", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 32, 1, PA_SIZE_32),
	    0xfffff000ULL }, 0 },
	{ "VMID 0xff without VMID16 legal", F_NOVMID16,
	  { STE_S1(0x40000ULL, 0, 0), 0, VMID(0xff) }, 0 },
	{ "S1ContextPtr below the OAS legal", F_OAS40,
	  { STE_S1(BIT_ULL(40) - 64, 0, 0) }, 0 },

	/* C_BAD_STE, one condition each */
	{ "V == 0", F_FULL, { STE_S1(0x40000ULL, 0, 0) & ~STRTAB_STE_0_V },
	  EVT_ID_BAD_STE },
	{ "stage 1 without S1P", F_S2ONLY, { STE_S1(0x40000ULL, 0, 0) },
	  EVT_ID_BAD_STE },
	{ "nested without S1P", F_S2ONLY,
	  { STE_V(NESTED) | 0x40000ULL, 0, S2_OK, S2TTB_OK }, EVT_ID_BAD_STE },
	{ "stage 2 without S2P", F_S1ONLY,
	  { STE_V(S2_TRANS), 0, S2_OK, S2TTB_OK }, EVT_ID_BAD_STE },
	{ "nested without S2P", F_S1ONLY,
	  { STE_V(NESTED) | 0x40000ULL, 0, S2_OK, S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S1CDMax 21 > SSIDSIZE 20", F_FULL, { STE_S1(0x40000ULL, 0, 21) },
	  EVT_ID_BAD_STE },
	{ "S1CDMax 9 > SSIDSIZE 8", F_SSID8, { STE_S1(0x40000ULL, 0, 9) },
	  EVT_ID_BAD_STE },
	{ "S1Fmt 4K_L2 without CD2L", F_NOCD2L,
	  { STE_S1(0x40000ULL, STRTAB_STE_0_S1FMT_4K_L2, 4) },
	  EVT_ID_BAD_STE },
	{ "S1Fmt 64K_L2 without CD2L", F_NOCD2L,
	  { STE_S1(0x40000ULL, STRTAB_STE_0_S1FMT_64K_L2, 4) },
	  EVT_ID_BAD_STE },
	{ "S1STALLD without the stall model", F_NOSTALL,
	  { STE_S1(0x40000ULL, 0, 0), STRTAB_STE_1_S1STALLD },
	  EVT_ID_BAD_STE },
	{ "S1ContextPtr PA beyond the OAS", F_OAS40,
	  { STE_S1(BIT_ULL(40), 0, 0) }, EVT_ID_BAD_STE },
	{ "S1ContextPtr IPA beyond the IAS", F_OAS40,
	  { STE_V(NESTED) | BIT_ULL(41), 0, S2_OK, S2TTB_OK },
	  EVT_ID_BAD_STE },
	{ "stage 1 VMID[15:8] without VMID16", F_NOVMID16,
	  { STE_S1(0x40000ULL, 0, 0), 0, VMID(0x100) }, EVT_ID_BAD_STE },
	{ "stage 2 VMID[15:8] without VMID16", F_NOVMID16,
	  { STE_V(S2_TRANS), 0, S2_OK | VMID(0x8000), S2TTB_OK },
	  EVT_ID_BAD_STE },
	{ "S2AA64 == 0", F_FULL,
	  { STE_V(S2_TRANS), 0, S2_OK & ~STRTAB_STE_2_S2AA64, S2TTB_OK },
	  EVT_ID_BAD_STE },
	{ "S2ENDI == 1", F_FULL,
	  { STE_V(S2_TRANS), 0, S2_OK | STRTAB_STE_2_S2ENDI, S2TTB_OK },
	  EVT_ID_BAD_STE },
	{ "S2S without the stall model", F_NOSTALL,
	  { STE_V(S2_TRANS), 0, S2_OK | STRTAB_STE_2_S2S, S2TTB_OK },
	  EVT_ID_BAD_STE },
	{ "S2HA without HTTU", F_NOHTTU,
	  { STE_V(S2_TRANS), 0, S2_OK | STRTAB_STE_2_S2HA, S2TTB_OK },
	  EVT_ID_BAD_STE },
	{ "S2HD without HTTU 2", F_FULL,
	  { STE_V(S2_TRANS), 0, S2_OK | STRTAB_STE_2_S2HA | STRTAB_STE_2_S2HD,
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2TG Reserved", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(3, 24, 1, PA_SIZE_48), S2TTB_OK },
	  EVT_ID_BAD_STE },
	{ "S2TG 16KB not implemented", F_NO16K,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_16K, 28, 1, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2TG 64KB not implemented", F_NO64K,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_64K, 39, 0, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2T0SZ 40 > 39", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 40, 0, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2T0SZ 15 < 16 with 4KB", F_OAS52,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 15, 2, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2T0SZ 11 < 12 with 64KB", F_OAS52,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_64K, 11, 2, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2T0SZ 15 < 64 - IAS with 64KB", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_64K, 15, 2, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2T0SZ 23 < 64 - IAS 40", F_OAS40,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 23, 1, PA_SIZE_40),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2SL0 0b11", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 37, 3, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "4KB level 0 with OAS 42", F_OAS42,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 22, 2, PA_SIZE_42),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "16KB level 1 with OAS 40", F_OAS40,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_16K, 24, 2, PA_SIZE_40),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "4KB level 1 with a 48-bit IPA (> 16 tables)", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 16, 1, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "4KB level 2 with a 35-bit IPA (32 tables)", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 29, 0, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "4KB level 1 with a 25-bit IPA (nothing at level 1)", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 39, 1, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "64KB level 3 with a 48-bit IPA", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_64K, 16, 0, PA_SIZE_48),
	    S2TTB_OK }, EVT_ID_BAD_STE },
	{ "S2TTB beyond S2PS", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 32, 1, PA_SIZE_32),
	    BIT_ULL(32) }, EVT_ID_BAD_STE },
	{ "S2TTB beyond 48 bits with 4KB", F_OAS52,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_4K, 16, 2, PA_SIZE_52),
	    BIT_ULL(48) }, EVT_ID_BAD_STE },
	{ "S2TTB beyond 48 bits with 16KB", F_OAS52,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_16K, 16, 2, PA_SIZE_52),
	    BIT_ULL(48) }, EVT_ID_BAD_STE },
	{ "S2TTB beyond the OAS via a capped S2PS", F_FULL,
	  { STE_V(S2_TRANS), 0, S2(SWSMMU_TCR_TG0_64K, 16, 2, PA_SIZE_52),
	    BIT_ULL(48) }, EVT_ID_BAD_STE },
};

KUNIT_ARRAY_PARAM_DESC(cfg_ste_case, cfg_ste_cases, name);

static void cfg_ste_illegal(struct kunit *test)
{
	const struct cfg_ste_case *c = test->param_value;
	struct cfg_env env;
	struct hw_ste ste;

	cfg_env_init(test, &env, c->feat);
	cfg_ste_is(test, &env, c->q[0], c->q[1], c->q[2], c->q[3], &ste,
		   c->expect);
}

/* ---------------------------------------------------------------------- */
/* CD tables                                                              */
/* ---------------------------------------------------------------------- */

#define CD_Q0(t0sz, tg0, ips, asid) \
	(CTXDESC_CD_0_V | CTXDESC_CD_0_AA64 | \
	 FIELD_PREP_CONST(CTXDESC_CD_0_TCR_T0SZ, t0sz) | \
	 FIELD_PREP_CONST(CTXDESC_CD_0_TCR_TG0, tg0) | \
	 FIELD_PREP_CONST(CTXDESC_CD_0_TCR_IPS, ips) | \
	 FIELD_PREP_CONST(CTXDESC_CD_0_ASID, asid))
#define CD_T1(t1sz, tg1) \
	(FIELD_PREP_CONST(CTXDESC_CD_0_TCR_T1SZ, t1sz) | \
	 FIELD_PREP_CONST(CTXDESC_CD_0_TCR_TG1, tg1))
/* A legal CD: TTB0 only, 4KB, 39-bit VA, 48-bit IPA, A, ASID 1 */
#define CD_OK	(CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 1) | CTXDESC_CD_0_A | \
		 CTXDESC_CD_0_TCR_EPD1)
#define CD_TTB_OK	0x20000000ULL

static int cfg_fetch_cd(struct swsmmu_hw *hw, const struct hw_ste *ste,
			u32 ssid, struct hw_s1_cfg *cd, struct hw_fault *f)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = swsmmu_hw_fetch_cd(hw, ste, ssid, cd, f, NULL);
	if (ret)
		KUNIT_EXPECT_EQ(kunit_get_current_test(), f->id, ret);
	return ret;
}

static struct hw_ste cfg_s1_ste(u64 ctxptr, unsigned int fmt,
				unsigned int cdmax)
{
	return (struct hw_ste) {
		.config = STRTAB_STE_0_CFG_S1_TRANS,
		.s1ctxptr = ctxptr,
		.s1fmt = fmt,
		.s1cdmax = cdmax,
	};
}

/* A known CD and its decoding, used by several tests */
static void cfg_put_known_cd(__le64 *cd)
{
	/*
	 * TTB0 only (EPD1; T1SZ 63 and TG1 0b00 are then IGNORED), 4KB,
	 * T0SZ 25: a 39-bit VA starting at level 1, a full 4KB table:
	 * TTB0 0xab123456ff8 (bits [3:0] are not in the field) aligns to
	 * 0xab123456000.  IPS 44 bits.  ASID 0xabcd.
	 */
	cfg_put(cd, CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_44, 0xabcd) |
		CD_T1(63, 0) | CTXDESC_CD_0_TCR_EPD1 | CTXDESC_CD_0_AFFD |
		CTXDESC_CD_0_WXN | CTXDESC_CD_0_TCR_TBI0 | CTXDESC_CD_0_PAN |
		CTXDESC_CD_0_TCR_HA | CTXDESC_CD_0_S | CTXDESC_CD_0_R |
		CTXDESC_CD_0_A, 0xab123456ff8ULL, ~0ULL, ~0ULL);
}

static void cfg_expect_known_cd(struct kunit *test, const struct hw_s1_cfg *cd)
{
	KUNIT_EXPECT_EQ(test, cd->ttb[0], 0xab123456000ULL);
	KUNIT_EXPECT_EQ(test, cd->ttb[1], 0);
	KUNIT_EXPECT_EQ(test, cd->tsz[0], 25);
	KUNIT_EXPECT_EQ(test, cd->tsz[1], 0);
	KUNIT_EXPECT_EQ(test, cd->tg_shift[0], 12);
	KUNIT_EXPECT_EQ(test, cd->tg_shift[1], 0);
	KUNIT_EXPECT_FALSE(test, cd->epd[0]);
	KUNIT_EXPECT_TRUE(test, cd->epd[1]);
	KUNIT_EXPECT_EQ(test, cd->ips_bits, 44);
	KUNIT_EXPECT_EQ(test, cd->asid, 0xabcd);
	KUNIT_EXPECT_TRUE(test, cd->affd);
	KUNIT_EXPECT_TRUE(test, cd->ha);
	KUNIT_EXPECT_TRUE(test, cd->record);
	KUNIT_EXPECT_TRUE(test, cd->stall);
	KUNIT_EXPECT_TRUE(test, cd->abort);
	KUNIT_EXPECT_TRUE(test, cd->wxn);
	/* IGNORED with VMSAv8-64, which always behaves as UWXN */
	KUNIT_EXPECT_TRUE(test, cd->uwxn);
	KUNIT_EXPECT_TRUE(test, cd->pan);
	KUNIT_EXPECT_TRUE(test, cd->tbi[0]);
	KUNIT_EXPECT_FALSE(test, cd->tbi[1]);
}

static void cfg_cd_linear(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *tbl;
	u64 pa;

	/*
	 * 2^3 CDs, 512 bytes, aligned to 512: S1ContextPtr[8:6] are RES0 and
	 * treated as zero, so pa + 0x100 reads as pa.  CD 5 at pa + 0x140.
	 */
	tbl = cfg_tbl(test, SZ_4K, &pa);
	ste = cfg_s1_ste(pa + 0x100, STRTAB_STE_0_S1FMT_LINEAR, 3);
	cfg_put_known_cd(cfg_ent(tbl, 5));
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 5, &cd, &f), 0);
	cfg_expect_known_cd(test, &cd);

	/*
	 * CD 2: both TTBs.  TTB0: 64KB, T0SZ 16 (48 bits) starts at level 1
	 * with 48 - 42 = 6 bits, 512 bytes: 0x12345678 -> 0x12345600.
	 * TTB1: TG1 0b01 is 16KB, T1SZ 33 (31 bits) starts at level 2 with
	 * 31 - 25 = 6 bits: 0x76543210fff0 -> 0x76543210fe00.  IPS 0b111
	 * behaves as 52 bits, capped to the 48-bit OAS.  A clear: RAZ/WI.
	 */
	cfg_put(cfg_ent(tbl, 2), CD_Q0(16, SWSMMU_TCR_TG0_64K, 7, 0) |
		CD_T1(33, SWSMMU_TCR_TG1_16K) | CTXDESC_CD_0_TCR_TBI1,
		0x12345678ULL, 0x76543210fff0ULL, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 2, &cd, &f), 0);
	KUNIT_EXPECT_EQ(test, cd.ttb[0], 0x12345600ULL);
	KUNIT_EXPECT_EQ(test, cd.ttb[1], 0x76543210fe00ULL);
	KUNIT_EXPECT_EQ(test, cd.tsz[0], 16);
	KUNIT_EXPECT_EQ(test, cd.tsz[1], 33);
	KUNIT_EXPECT_EQ(test, cd.tg_shift[0], 16);
	KUNIT_EXPECT_EQ(test, cd.tg_shift[1], 14);
	KUNIT_EXPECT_FALSE(test, cd.epd[0]);
	KUNIT_EXPECT_FALSE(test, cd.epd[1]);
	KUNIT_EXPECT_EQ(test, cd.ips_bits, 48);
	KUNIT_EXPECT_EQ(test, cd.asid, 0);
	KUNIT_EXPECT_FALSE(test, cd.abort);
	KUNIT_EXPECT_FALSE(test, cd.record);
	KUNIT_EXPECT_FALSE(test, cd.stall);
	KUNIT_EXPECT_FALSE(test, cd.ha);
	KUNIT_EXPECT_FALSE(test, cd.tbi[0]);
	KUNIT_EXPECT_TRUE(test, cd.tbi[1]);

	/* TG1 0b10 is 4KB and 0b11 64KB */
	cfg_put(cfg_ent(tbl, 3), CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 0) |
		CD_T1(25, SWSMMU_TCR_TG1_4K), CD_TTB_OK, CD_TTB_OK, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 3, &cd, &f), 0);
	KUNIT_EXPECT_EQ(test, cd.tg_shift[1], 12);
	cfg_put(cfg_ent(tbl, 3), CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 0) |
		CD_T1(25, SWSMMU_TCR_TG1_64K), CD_TTB_OK, CD_TTB_OK, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 3, &cd, &f), 0);
	KUNIT_EXPECT_EQ(test, cd.tg_shift[1], 16);

	/* CD 7 is zero (V == 0); 8 is beyond 2^S1CDMax */
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 7, &cd, &f),
			EVT_ID_BAD_CD);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 8, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
}

static void cfg_cd_52bit(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_OAS52);
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *tbl;
	u64 pa;

	tbl = cfg_tbl(test, SZ_4K, &pa);
	ste = cfg_s1_ste(pa, STRTAB_STE_0_S1FMT_LINEAR, 1);
	/*
	 * OAS 52, IPS 52.  TTB0: 16KB, T0SZ 38 (26 bits) starts at level
	 * 3 - (25 - 14) / 11 = 2 with one bit, a 16-byte table, but a 52-bit
	 * IPS makes it 64-byte aligned: 0x1234ff0 -> 0x1234fc0.  TTB1: 64KB,
	 * T1SZ 16, 6 bits at level 1 (512 bytes), and bits [51:48] allowed:
	 * 0xfedcba98761f0 -> 0xfedcba9876000.
	 */
	cfg_put(cfg_ent(tbl, 1), CD_Q0(38, SWSMMU_TCR_TG0_16K, PA_SIZE_52, 0) |
		CD_T1(16, SWSMMU_TCR_TG1_64K), 0x1234ff0ULL, 0xfedcba98761f0ULL, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 1, &cd, &f), 0);
	KUNIT_EXPECT_EQ(test, cd.ips_bits, 52);
	KUNIT_EXPECT_EQ(test, cd.ttb[0], 0x1234fc0ULL);
	KUNIT_EXPECT_EQ(test, cd.tg_shift[0], 14);
	KUNIT_EXPECT_EQ(test, cd.ttb[1], 0xfedcba9876000ULL);
	KUNIT_EXPECT_EQ(test, cd.tg_shift[1], 16);

	/* The same with IPS 48: 16-byte alignment, and TTB1 out of range */
	cfg_put(cfg_ent(tbl, 1), CD_Q0(38, SWSMMU_TCR_TG0_16K, PA_SIZE_48, 0) |
		CTXDESC_CD_0_TCR_EPD1, 0x1234ff0ULL, 0xfedcba98761f0ULL, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 1, &cd, &f), 0);
	KUNIT_EXPECT_EQ(test, cd.ttb[0], 0x1234ff0ULL);
	cfg_put(cfg_ent(tbl, 1), CD_Q0(38, SWSMMU_TCR_TG0_16K, PA_SIZE_48, 0) |
		CD_T1(16, SWSMMU_TCR_TG1_64K), 0x1234ff0ULL, 0xfedcba98761f0ULL, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 1, &cd, &f),
			EVT_ID_BAD_CD);
}

static void cfg_cd_single(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *tbl;
	u64 pa;

	/* S1CDMax 0: S1ContextPtr is the CD itself, only 64-byte aligned */
	tbl = cfg_tbl(test, SZ_4K, &pa);
	cfg_put_known_cd(cfg_ent(tbl, 1));
	ste = cfg_s1_ste(pa + 0x40, STRTAB_STE_0_S1FMT_LINEAR, 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0, &cd, &f), 0);
	cfg_expect_known_cd(test, &cd);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 1, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
}

static void cfg_cd_2lvl_4k(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	__le64 *l1, *l2;
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;
	u64 l1pa, l2pa;

	/*
	 * 4K_L2, S1CDMax 12: 2^(12 - 6) = 64 L1CDs, 512 bytes, aligned to
	 * 512 (l1pa + 0x1c0 reads as l1pa); SSID[11:6] selects the L1CD,
	 * SSID[5:0] the CD in a 4KB table of 64.  SSID 0x7c5: L1CD 0x1f, CD
	 * 5.  (A split at bit 8 would use L1CD 7, which is invalid.)
	 */
	l1 = cfg_tbl(test, SZ_4K, &l1pa);
	l2 = cfg_tbl(test, SZ_4K, &l2pa);
	ste = cfg_s1_ste(l1pa + 0x1c0, STRTAB_STE_0_S1FMT_4K_L2, 12);
	l1[0x1f] = cpu_to_le64(l2pa | CTXDESC_L1_DESC_V);
	cfg_put_known_cd(cfg_ent(l2, 5));
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x7c5, &cd, &f), 0);
	cfg_expect_known_cd(test, &cd);

	/* L1CD.V == 0: C_BAD_SUBSTREAMID (IHI 0070 5.3.1) */
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x785, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
	/* L1CD.L2Ptr beyond the OAS: C_BAD_SUBSTREAMID too (3.4.3) */
	l1[0x1d] = cpu_to_le64(BIT_ULL(48) | CTXDESC_L1_DESC_V);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x745, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
	/* An L2 table that is not RAM: F_CD_FETCH of CD 5 */
	l1[0x1c] = cpu_to_le64(BEYOND_RAM | CTXDESC_L1_DESC_V);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x705, &cd, &f),
			EVT_ID_CD_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 5 * 64);
	/* 2^12 SubstreamIDs */
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x1000, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);

	/* S1CDMax 4 <= 6: only L1CD 0 is used */
	l1[0] = cpu_to_le64(l2pa | CTXDESC_L1_DESC_V);
	ste = cfg_s1_ste(l1pa, STRTAB_STE_0_S1FMT_4K_L2, 4);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 5, &cd, &f), 0);
	KUNIT_EXPECT_EQ(test, cd.asid, 0xabcd);
}

static void cfg_cd_largest_ssid(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	u64 l1pa, l2pa, st_pa;
	__le64 *l1, *l2, *st;
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;

	/*
	 * SSIDSIZE 20, S1CDMax 20, 64K_L2: 2^10 L1CDs, 8KB, aligned to 8KB;
	 * SSID 0xfffff uses L1CD 0x3ff and CD 0x3ff of a 64KB table.  The
	 * STE comes from the Stream table, to check the whole path.
	 */
	l1 = cfg_tbl(test, SZ_8K, &l1pa);
	l2 = cfg_tbl(test, SZ_64K, &l2pa);
	l1[0x3ff] = cpu_to_le64(l2pa | CTXDESC_L1_DESC_V);
	cfg_put_known_cd(cfg_ent(l2, 0x3ff));
	st = cfg_tbl(test, SZ_4K, &st_pa);
	cfg_put(cfg_ent(st, 1), STE_S1(l1pa, STRTAB_STE_0_S1FMT_64K_L2, 20),
		0, 0, 0);
	cfg_strtab(hw, st_pa, ST_LINEAR(4));
	KUNIT_ASSERT_EQ(test, cfg_fetch_ste(hw, 1, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0xfffff, &cd, &f), 0);
	cfg_expect_known_cd(test, &cd);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x100000, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0xffffffff, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
	/* SSID 0xffbff: L1CD 0x3fe, invalid */
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0xffbff, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);

	/*
	 * The same with 4K_L2: 2^14 L1CDs, 128KB; SSID 0xfffff uses L1CD
	 * 0x3fff and CD 0x3f of a 4KB table (the last 64 bytes of l2).
	 */
	l1 = cfg_tbl(test, SZ_128K, &l1pa);
	l1[0x3fff] = cpu_to_le64((l2pa + 0xf000) | CTXDESC_L1_DESC_V);
	ste = cfg_s1_ste(l1pa, STRTAB_STE_0_S1FMT_4K_L2, 20);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0xfffff, &cd, &f), 0);
	cfg_expect_known_cd(test, &cd);
}

static void cfg_cd_bad_substreamid(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;

	/* No stage 1: no CD to fetch */
	ste = cfg_s1_ste(0x40000, STRTAB_STE_0_S1FMT_LINEAR, 0);
	ste.config = STRTAB_STE_0_CFG_S2_TRANS;
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
	ste.config = STRTAB_STE_0_CFG_BYPASS;
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
	/* SubstreamID >= 2^S1CDMax */
	ste = cfg_s1_ste(0x40000, STRTAB_STE_0_S1FMT_64K_L2, 11);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x800, &cd, &f),
			EVT_ID_BAD_SUBSTREAMID);
}

static void cfg_cd_fetch_abort(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *l1;
	u64 l1pa;

	/* Linear: CD 3 at S1ContextPtr + 3 * 64 */
	ste = cfg_s1_ste(BEYOND_RAM, STRTAB_STE_0_S1FMT_LINEAR, 4);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 3, &cd, &f),
			EVT_ID_CD_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 0xc0);
	KUNIT_EXPECT_FALSE(test, f.s2);

	/* 64K_L2, S1CDMax 12: SSID 0x805 uses L1CD 2, at base + 16 */
	ste = cfg_s1_ste(BEYOND_RAM, STRTAB_STE_0_S1FMT_64K_L2, 12);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x805, &cd, &f),
			EVT_ID_CD_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 16);

	/* The L1CD is fine, its 64KB table is not: CD 5 */
	l1 = cfg_tbl(test, SZ_4K, &l1pa);
	l1[2] = cpu_to_le64(BEYOND_RAM | CTXDESC_L1_DESC_V);
	ste = cfg_s1_ste(l1pa, STRTAB_STE_0_S1FMT_64K_L2, 12);
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0x805, &cd, &f),
			EVT_ID_CD_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 5 * 64);
}

/* One CD (and the STE and instance around it), and the expected outcome */
struct cfg_cd_case {
	const char *name;
	enum cfg_feat_id feat;
	bool s1stalld;
	u64 q[3];
	int expect;
};

#define CD_BOTH		(CD_OK & ~CTXDESC_CD_0_TCR_EPD1)

static const struct cfg_cd_case cfg_cd_cases[] = {
	/* Legal neighbours of the ILLEGAL cases below */
	{ "legal", F_FULL, false, { CD_OK, CD_TTB_OK }, 0 },
	{ "TTB1 legal", F_FULL, false,
	  { CD_BOTH | CD_T1(25, SWSMMU_TCR_TG1_4K), CD_TTB_OK, CD_TTB_OK }, 0 },
	{ "ENDI with EPD0 and EPD1 legal", F_FULL, false,
	  { CD_OK | CTXDESC_CD_0_ENDI | CTXDESC_CD_0_TCR_EPD0 }, 0 },
	{ "everything IGNORED under EPD0 legal", F_FULL, false,
	  { (CD_OK | CTXDESC_CD_0_TCR_EPD0) & ~CTXDESC_CD_0_TCR_T0SZ &
	    ~CTXDESC_CD_0_TCR_TG0, ~0ULL }, 0 },
	{ "T0SZ 16 and T1SZ 39 legal", F_FULL, false,
	  { CD_Q0(16, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 1) | CD_T1(39, SWSMMU_TCR_TG1_4K),
	    CD_TTB_OK, CD_TTB_OK }, 0 },
	{ "TTB0 beyond 48 bits with 64KB legal", F_OAS52, false,
	  { CD_Q0(16, SWSMMU_TCR_TG0_64K, PA_SIZE_52, 0) | CTXDESC_CD_0_TCR_EPD1,
	    BIT_ULL(48) }, 0 },
	{ "ASID 0xff without ASID16 legal", F_NOASID16, false,
	  { CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 0xff) | CTXDESC_CD_0_TCR_EPD1,
	    CD_TTB_OK }, 0 },
	{ "S with stalls legal", F_FULL, false,
	  { CD_OK | CTXDESC_CD_0_S, CD_TTB_OK }, 0 },

	/* C_BAD_CD, one condition each */
	{ "V == 0", F_FULL, false, { CD_OK & ~CTXDESC_CD_0_V, CD_TTB_OK },
	  EVT_ID_BAD_CD },
	{ "AA64 == 0", F_FULL, false,
	  { CD_OK & ~CTXDESC_CD_0_AA64, CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "ENDI == 1", F_FULL, false,
	  { CD_OK | CTXDESC_CD_0_ENDI, CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "S with STE.S1STALLD", F_FULL, true,
	  { CD_OK | CTXDESC_CD_0_S, CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "S without the stall model", F_NOSTALL, false,
	  { CD_OK | CTXDESC_CD_0_S, CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "HA without HTTU", F_NOHTTU, false,
	  { CD_OK | CTXDESC_CD_0_TCR_HA, CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "HD without HTTU 2", F_FULL, false,
	  { CD_OK | CTXDESC_CD_0_TCR_HA | CTXDESC_CD_0_TCR_HD, CD_TTB_OK },
	  EVT_ID_BAD_CD },
	{ "ASID[15:8] without ASID16", F_NOASID16, false,
	  { CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 0x100) | CTXDESC_CD_0_TCR_EPD1,
	    CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "T0SZ 15", F_FULL, false,
	  { CD_Q0(15, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 0) | CTXDESC_CD_0_TCR_EPD1,
	    CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "T0SZ 12 with 64KB (no 52-bit VAs)", F_OAS52, false,
	  { CD_Q0(12, SWSMMU_TCR_TG0_64K, PA_SIZE_52, 0) | CTXDESC_CD_0_TCR_EPD1,
	    CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "T0SZ 40", F_FULL, false,
	  { CD_Q0(40, SWSMMU_TCR_TG0_4K, PA_SIZE_48, 0) | CTXDESC_CD_0_TCR_EPD1,
	    CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "T1SZ 40", F_FULL, false,
	  { CD_BOTH | CD_T1(40, SWSMMU_TCR_TG1_4K), CD_TTB_OK, CD_TTB_OK },
	  EVT_ID_BAD_CD },
	{ "T1SZ 15", F_FULL, false,
	  { CD_BOTH | CD_T1(15, SWSMMU_TCR_TG1_4K), CD_TTB_OK, CD_TTB_OK },
	  EVT_ID_BAD_CD },
	{ "TG0 Reserved", F_FULL, false,
	  { CD_Q0(25, 3, PA_SIZE_48, 0) | CTXDESC_CD_0_TCR_EPD1, CD_TTB_OK },
	  EVT_ID_BAD_CD },
	{ "TG1 Reserved (0b00)", F_FULL, false,
	  { CD_BOTH | CD_T1(25, 0), CD_TTB_OK, CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "TG0 64KB not implemented", F_NO64K, false,
	  { CD_Q0(25, SWSMMU_TCR_TG0_64K, PA_SIZE_48, 0) | CTXDESC_CD_0_TCR_EPD1,
	    CD_TTB_OK }, EVT_ID_BAD_CD },
	{ "TG1 16KB not implemented", F_NO16K, false,
	  { CD_BOTH | CD_T1(25, SWSMMU_TCR_TG1_16K), CD_TTB_OK, CD_TTB_OK },
	  EVT_ID_BAD_CD },
	{ "TTB0 beyond IPS", F_FULL, false,
	  { CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_32, 0) | CTXDESC_CD_0_TCR_EPD1,
	    BIT_ULL(32) }, EVT_ID_BAD_CD },
	{ "TTB1 beyond IPS", F_FULL, false,
	  { CD_Q0(25, SWSMMU_TCR_TG0_4K, PA_SIZE_40, 0) | CD_T1(25, SWSMMU_TCR_TG1_4K),
	    CD_TTB_OK, BIT_ULL(40) }, EVT_ID_BAD_CD },
	{ "TTB0 beyond 48 bits with 4KB", F_OAS52, false,
	  { CD_Q0(16, SWSMMU_TCR_TG0_4K, PA_SIZE_52, 0) | CTXDESC_CD_0_TCR_EPD1,
	    BIT_ULL(48) }, EVT_ID_BAD_CD },
	{ "TTB0 beyond the OAS via a capped IPS", F_FULL, false,
	  { CD_Q0(16, SWSMMU_TCR_TG0_64K, PA_SIZE_52, 0) | CTXDESC_CD_0_TCR_EPD1,
	    BIT_ULL(48) }, EVT_ID_BAD_CD },
};

KUNIT_ARRAY_PARAM_DESC(cfg_cd_case, cfg_cd_cases, name);

static void cfg_cd_illegal(struct kunit *test)
{
	const struct cfg_cd_case *c = test->param_value;
	struct swsmmu_hw *hw = cfg_hw(test, c->feat);
	struct hw_s1_cfg cd;
	struct hw_fault f;
	struct hw_ste ste;
	__le64 *tbl;
	u64 pa;

	tbl = cfg_tbl(test, SZ_4K, &pa);
	cfg_put(tbl, c->q[0], c->q[1], c->q[2], 0);
	ste = cfg_s1_ste(pa, STRTAB_STE_0_S1FMT_LINEAR, 0);
	ste.s1stalld = c->s1stalld;
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 0, &cd, &f), c->expect);
}

/* ---------------------------------------------------------------------- */
/* Nested: CD tables in IPA space                                         */
/* ---------------------------------------------------------------------- */

#define S2_LEAF(pa, ap) \
	((pa) | FIELD_PREP_CONST(SWSMMU_PTE_S2_MEMATTR,			\
				 SWSMMU_PTE_S2_MEMATTR_NORMAL_WB) |		\
	 FIELD_PREP_CONST(SWSMMU_PTE_S2_AP, ap) |			\
	 FIELD_PREP_CONST(SWSMMU_PTE_SH, SWSMMU_TCR_SH_ISH) |		\
	 SWSMMU_PTE_AF | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID)
#define S2_RW		(SWSMMU_PTE_S2_AP_READ | SWSMMU_PTE_S2_AP_WRITE)

static void cfg_cd_nested(struct kunit *test)
{
	struct swsmmu_hw *hw = cfg_hw(test, F_FULL);
	u64 st_pa, s2l2pa, s2l3pa, cdpa, l1cdpa;
	__le64 *st, *s2l2, *s2l3, *cds, *l1cd;
	struct hw_ste ste, ste2;
	struct hw_s1_cfg cd;
	struct hw_fault f;

	/*
	 * Stage 2: 4KB, S2T0SZ 34 (30-bit IPA), S2SL0 0: a single level-2
	 * table.  IPA[29:21] == 1 leads to a level-3 table, IPA[20:12]:
	 *   1: the CD page     2: the L1CD page     3: invalid
	 *   4: the CD page, no read permission      5: PA BEYOND_RAM
	 */
	s2l2 = cfg_tbl(test, SZ_4K, &s2l2pa);
	s2l3 = cfg_tbl(test, SZ_4K, &s2l3pa);
	cds = cfg_tbl(test, SZ_4K, &cdpa);
	l1cd = cfg_tbl(test, SZ_4K, &l1cdpa);
	s2l2[1] = cpu_to_le64(s2l3pa | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	s2l3[1] = cpu_to_le64(S2_LEAF(cdpa, S2_RW));
	s2l3[2] = cpu_to_le64(S2_LEAF(l1cdpa, S2_RW));
	s2l3[4] = cpu_to_le64(S2_LEAF(cdpa, SWSMMU_PTE_S2_AP_WRITE));
	s2l3[5] = cpu_to_le64(S2_LEAF(BEYOND_RAM, S2_RW));
	cfg_put_known_cd(cfg_ent(cds, 1));

	/* Nested STE: 2^2 CDs at IPA 0x201000 */
	st = cfg_tbl(test, SZ_4K, &st_pa);
	cfg_put(st, STE_V(NESTED) | 0x201000ULL |
		FIELD_PREP(STRTAB_STE_0_S1CDMAX, 2), 0,
		S2(SWSMMU_TCR_TG0_4K, 34, 0, PA_SIZE_48) | VMID(5), s2l2pa);
	cfg_strtab(hw, st_pa, ST_LINEAR(0));
	KUNIT_ASSERT_EQ(test, cfg_fetch_ste(hw, 0, &ste, &f), 0);
	KUNIT_EXPECT_EQ(test, ste.s2.ttb, s2l2pa);

	/* CD 1: IPA 0x201040, PA cdpa + 0x40 */
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste, 1, &cd, &f), 0);
	cfg_expect_known_cd(test, &cd);

	/* 4K_L2 at IPA 0x202000; SSID 0x41: L1CD 1 -> IPA 0x201000, CD 1 */
	l1cd[1] = cpu_to_le64(0x201000ULL | CTXDESC_L1_DESC_V);
	l1cd[2] = cpu_to_le64(0x203000ULL | CTXDESC_L1_DESC_V);
	l1cd[3] = cpu_to_le64(BIT_ULL(30) | CTXDESC_L1_DESC_V);
	ste2 = ste;
	ste2.s1ctxptr = 0x202000;
	ste2.s1fmt = STRTAB_STE_0_S1FMT_4K_L2;
	ste2.s1cdmax = 8;
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste2, 0x41, &cd, &f), 0);
	cfg_expect_known_cd(test, &cd);

	/* The L1CD's L2 table is unmapped: stage 2 fault at IPA 0x203040 */
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste2, 0x81, &cd, &f),
			EVT_ID_TRANSLATION);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_CD);
	KUNIT_EXPECT_EQ(test, f.ipa, 0x203040ULL);
	/* L2Ptr beyond the IPA range but within the IAS: the walker's fault */
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste2, 0xc1, &cd, &f),
			EVT_ID_TRANSLATION);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.ipa, BIT_ULL(30) + 0x40);

	/* The CD table itself unmapped: IPA 0x203000 + 64 */
	ste2 = ste;
	ste2.s1ctxptr = 0x203000;
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste2, 1, &cd, &f),
			EVT_ID_TRANSLATION);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_CD);
	KUNIT_EXPECT_EQ(test, f.ipa, 0x203040ULL);

	/* Mapped without read permission: stage 2 Permission fault */
	ste2.s1ctxptr = 0x204000;
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste2, 1, &cd, &f),
			EVT_ID_PERMISSION);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_CD);
	KUNIT_EXPECT_EQ(test, f.ipa, 0x204040ULL);

	/* Mapped to a PA that is not RAM: F_CD_FETCH with the PA */
	ste2.s1ctxptr = 0x205000;
	KUNIT_EXPECT_EQ(test, cfg_fetch_cd(hw, &ste2, 1, &cd, &f),
			EVT_ID_CD_FETCH);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, BEYOND_RAM + 0x40);
	KUNIT_EXPECT_FALSE(test, f.s2);
}

/* ---------------------------------------------------------------------- */
/* Event names                                                            */
/* ---------------------------------------------------------------------- */

static void cfg_event_names(struct kunit *test)
{
	static const struct {
		u8 id;
		const char *name;
	} names[] = {
		{ 0, "NONE" },
		{ EVT_ID_UUT, "F_UUT" },
		{ EVT_ID_BAD_STREAMID, "C_BAD_STREAMID" },
		{ EVT_ID_STE_FETCH, "F_STE_FETCH" },
		{ EVT_ID_BAD_STE, "C_BAD_STE" },
		{ EVT_ID_BAD_ATS_TREQ, "F_BAD_ATS_TREQ" },
		{ EVT_ID_STREAM_DISABLED, "F_STREAM_DISABLED" },
		{ EVT_ID_TRANSL_FORBIDDEN, "F_TRANSL_FORBIDDEN" },
		{ EVT_ID_BAD_SUBSTREAMID, "C_BAD_SUBSTREAMID" },
		{ EVT_ID_CD_FETCH, "F_CD_FETCH" },
		{ EVT_ID_BAD_CD, "C_BAD_CD" },
		{ EVT_ID_WALK_EABT, "F_WALK_EABT" },
		{ EVT_ID_TRANSLATION, "F_TRANSLATION" },
		{ EVT_ID_ADDR_SIZE, "F_ADDR_SIZE" },
		{ EVT_ID_ACCESS, "F_ACCESS" },
		{ EVT_ID_PERMISSION, "F_PERMISSION" },
		{ EVT_ID_TLB_CONFLICT, "F_TLB_CONFLICT" },
		{ EVT_ID_CFG_CONFLICT, "F_CFG_CONFLICT" },
		{ EVT_ID_PAGE_REQUEST, "E_PAGE_REQUEST" },
		{ EVT_ID_VMS_FETCH, "F_VMS_FETCH" },
		/* Not architected */
		{ 0x0c, "UNKNOWN" },
		{ 0x26, "UNKNOWN" },
		{ 0xff, "UNKNOWN" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_STREQ(test, smmu_event_name(names[i].id),
				   names[i].name);
}

/* ---------------------------------------------------------------------- */
/* Fuzz                                                                   */
/* ---------------------------------------------------------------------- */

/*
 * Random tables, decoded many times.  Every outcome must be success or one
 * of the events the decoder may raise, a success must satisfy the
 * invariants its users rely on, and nothing may touch memory outside the
 * arena the test owns: every pointer field is steered either into the right
 * part of the arena (by the kind of structure it points at) or past the
 * end of RAM; every other bit is random.
 *
 *   STE region   128KB: STEs (linear tables and level-2 arrays)
 *   L1STD region   8KB: level-1 Stream tables
 *   CD region    128KB: CDs (linear CD tables and level-2 CD tables)
 *   L1CD region    4KB: level-1 CD tables
 *
 * Table sizes are bounded so that aligning any pointer down and indexing
 * from it stays in its region: linear LOG2SIZE <= 10 (64KB), 2-level
 * LOG2SIZE <= 16 (8KB of L1STDs at SPLIT 6), Span <= 11 (64KB), and
 * SSIDSIZE 8 (16KB linear CD tables, 64 bytes of L1CDs).  Stage-2 walks
 * are not fuzzed here (their tables would be random), so CDs are fetched
 * for stage-1-only STEs.
 */
struct cfg_fuzz {
	struct rnd_state rnd;
	__le64 *ste, *l1std, *cd, *l1cd;
	u64 ste_pa, l1std_pa, cd_pa, l1cd_pa;
	unsigned int ste_ok, cd_ok, events[256];
};

static u64 fz_rand(struct cfg_fuzz *z)
{
	return (u64)prandom_u32_state(&z->rnd) << 32 |
	       prandom_u32_state(&z->rnd);
}

static unsigned int fz_below(struct cfg_fuzz *z, unsigned int n)
{
	return prandom_u32_state(&z->rnd) % n;
}

/* A 64-byte aligned pointer into [pa, pa + span), or past RAM 1 in 8 */
static u64 fz_ptr(struct cfg_fuzz *z, u64 pa, u64 span)
{
	u64 off = fz_rand(z) & (span - 1) & ~63ULL;

	return fz_below(z, 8) ? pa + off : BEYOND_RAM + off;
}

static void fz_ste(struct cfg_fuzz *z, __le64 *p)
{
	u64 q[8], ptr;
	unsigned int i, fmt;

	for (i = 0; i < 8; i++)
		q[i] = fz_rand(z);
	/* Mostly valid, mostly translating: the interesting paths */
	if (fz_below(z, 8))
		q[0] |= STRTAB_STE_0_V;
	if (fz_below(z, 4)) {
		q[0] &= ~STRTAB_STE_0_CFG;
		q[0] |= FIELD_PREP(STRTAB_STE_0_CFG, fz_below(z, 2) ?
				   STRTAB_STE_0_CFG_S1_TRANS :
				   4 + fz_below(z, 4));
	}
	if (fz_below(z, 4)) {
		q[0] &= ~STRTAB_STE_0_S1CDMAX;
		q[0] |= FIELD_PREP(STRTAB_STE_0_S1CDMAX, fz_below(z, 9));
	}
	/* 2-level CD tables in the L1CD region, CDs in the CD region */
	fmt = FIELD_GET(STRTAB_STE_0_S1FMT, q[0]);
	if (fmt == STRTAB_STE_0_S1FMT_4K_L2 || fmt == STRTAB_STE_0_S1FMT_64K_L2)
		ptr = fz_ptr(z, z->l1cd_pa, SZ_2K);
	else
		ptr = fz_ptr(z, z->cd_pa, SZ_64K);
	q[0] = (q[0] & ~STRTAB_STE_0_S1CTXPTR) | ptr;
	if (fz_below(z, 2)) {
		q[2] &= ~(STRTAB_STE_2_VTCR | STRTAB_STE_2_S2VMID);
		q[2] |= STRTAB_STE_2_S2AA64 |
			FIELD_PREP(STRTAB_STE_2_S2TG, fz_below(z, 3)) |
			FIELD_PREP(STRTAB_STE_2_S2T0SZ, 12 + fz_below(z, 30)) |
			FIELD_PREP(STRTAB_STE_2_S2SL0, fz_below(z, 3)) |
			FIELD_PREP(STRTAB_STE_2_S2PS, fz_below(z, 8)) |
			FIELD_PREP(STRTAB_STE_2_S2VMID, fz_below(z, 256));
		q[2] &= ~(STRTAB_STE_2_S2HD | STRTAB_STE_2_S2ENDI);
		q[3] &= GENMASK_ULL(39, 0);
	}
	for (i = 0; i < 8; i++)
		p[i] = cpu_to_le64(q[i]);
}

static void fz_l1std(struct cfg_fuzz *z, __le64 *p)
{
	u64 d = fz_rand(z) & ~STRTAB_L1_DESC_L2PTR & ~STRTAB_L1_DESC_SPAN;

	/* Mostly full level-2 arrays for SPLIT 6, 8 or 10, some odd Spans */
	switch (fz_below(z, 4)) {
	case 0:
	case 1:
		d |= FIELD_PREP(STRTAB_L1_DESC_SPAN, 7 + 2 * fz_below(z, 3));
		break;
	case 2:
		d |= FIELD_PREP(STRTAB_L1_DESC_SPAN, fz_below(z, 12));
		break;
	default:
		d |= FIELD_PREP(STRTAB_L1_DESC_SPAN, fz_below(z, 32));
		break;
	}
	*p = cpu_to_le64(d | fz_ptr(z, z->ste_pa, SZ_64K));
}

static void fz_cd(struct cfg_fuzz *z, __le64 *p)
{
	u64 q[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		q[i] = fz_rand(z);
	if (fz_below(z, 2)) {
		q[0] |= CTXDESC_CD_0_V | CTXDESC_CD_0_AA64;
		q[0] &= ~(CTXDESC_CD_0_ENDI | CTXDESC_CD_0_TCR_HD |
			  CTXDESC_CD_0_TCR_T0SZ | CTXDESC_CD_0_TCR_T1SZ |
			  CTXDESC_CD_0_TCR_TG0 | CTXDESC_CD_0_TCR_TG1);
		q[0] |= FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, 16 + fz_below(z, 24)) |
			FIELD_PREP(CTXDESC_CD_0_TCR_T1SZ, 16 + fz_below(z, 24)) |
			FIELD_PREP(CTXDESC_CD_0_TCR_TG0, fz_below(z, 3)) |
			FIELD_PREP(CTXDESC_CD_0_TCR_TG1, 1 + fz_below(z, 3));
		q[1] &= GENMASK_ULL(43, 0);
		q[2] &= GENMASK_ULL(43, 0);
		/* Legal without ASID16, stalls or HTTU too */
		if (fz_below(z, 2))
			q[0] &= ~(GENMASK_ULL(63, 56) | CTXDESC_CD_0_S |
				  CTXDESC_CD_0_TCR_HA);
	}
	for (i = 0; i < 8; i++)
		p[i] = cpu_to_le64(q[i]);
}

static void fz_l1cd(struct cfg_fuzz *z, __le64 *p)
{
	u64 d = fz_rand(z) & ~CTXDESC_L1_DESC_L2PTR;

	if (fz_below(z, 8))
		d |= CTXDESC_L1_DESC_V;
	*p = cpu_to_le64(d | (fz_ptr(z, z->cd_pa, SZ_64K) & ~0xfffULL));
}

static void fz_check_ste(struct kunit *test, struct swsmmu_hw *hw,
			 const struct hw_ste *ste)
{
	const struct hw_s2_cfg *s2 = &ste->s2;
	unsigned int below;

	KUNIT_EXPECT_TRUE(test, ste->config == STRTAB_STE_0_CFG_ABORT ||
			  ste->config >= STRTAB_STE_0_CFG_BYPASS);
	if (ste->config & BIT(0)) {
		KUNIT_EXPECT_LE(test, ste->s1cdmax, hw->feat.ssid_bits);
		KUNIT_EXPECT_LE(test, ste->s1fmt, STRTAB_STE_0_S1FMT_64K_L2);
		if (!ste->s1cdmax)
			KUNIT_EXPECT_EQ(test, ste->s1fmt, 0);
		KUNIT_EXPECT_LE(test, ste->s1dss, 2);
		KUNIT_EXPECT_EQ(test, ste->s1ctxptr >> 48, 0);
		KUNIT_EXPECT_EQ(test, ste->s1ctxptr & 63, 0);
	}
	if (ste->config == STRTAB_STE_0_CFG_S2_TRANS ||
	    ste->config == STRTAB_STE_0_CFG_NESTED) {
		KUNIT_EXPECT_TRUE(test, s2->tg_shift == 12 ||
				  s2->tg_shift == 14 || s2->tg_shift == 16);
		KUNIT_EXPECT_LE(test, s2->sl0, 2);
		KUNIT_EXPECT_LE(test, s2->start_level, 3);
		KUNIT_EXPECT_GE(test, s2->t0sz, s2->tg_shift == 16 ? 12 : 16);
		KUNIT_EXPECT_LE(test, s2->t0sz, 39);
		KUNIT_EXPECT_LE(test, s2->ps_bits, 48);
		KUNIT_EXPECT_EQ(test, s2->ttb >> s2->ps_bits, 0);
		KUNIT_EXPECT_EQ(test, s2->ttb & 15, 0);
		/* 1 to 16 tables' worth of bits at the start level */
		below = s2->tg_shift + (s2->tg_shift - 3) *
			(3 - s2->start_level);
		KUNIT_EXPECT_GT(test, 64 - s2->t0sz, below);
		KUNIT_EXPECT_LE(test, 64 - s2->t0sz,
				below + s2->tg_shift - 3 + 4);
	}
}

static void fz_check_cd(struct kunit *test, const struct hw_s1_cfg *cd)
{
	unsigned int i;

	KUNIT_EXPECT_GE(test, cd->ips_bits, 32);
	KUNIT_EXPECT_LE(test, cd->ips_bits, 48);
	for (i = 0; i < 2; i++) {
		if (cd->epd[i])
			continue;
		KUNIT_EXPECT_TRUE(test, cd->tg_shift[i] == 12 ||
				  cd->tg_shift[i] == 14 ||
				  cd->tg_shift[i] == 16);
		KUNIT_EXPECT_GE(test, cd->tsz[i], 16);
		KUNIT_EXPECT_LE(test, cd->tsz[i], 39);
		KUNIT_EXPECT_EQ(test, cd->ttb[i] >> cd->ips_bits, 0);
	}
}

#define CFG_FUZZ_ITERS	6000
#define CFG_FUZZ_CDS	8	/* CD lookups per stage-1 STE */

static void cfg_fuzz_one(struct kunit *test,
			 const struct swsmmu_hw_features *feat, u64 seed)
{
	struct swsmmu_hw *hw = cfg_hw_feat(test, feat);
	struct cfg_fuzz *z;
	unsigned int it, i;

	z = kunit_kzalloc(test, sizeof(*z), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, z);
	prandom_seed_state(&z->rnd, seed);
	z->ste = cfg_tbl(test, SZ_128K, &z->ste_pa);
	z->l1std = cfg_tbl(test, SZ_8K, &z->l1std_pa);
	z->cd = cfg_tbl(test, SZ_128K, &z->cd_pa);
	z->l1cd = cfg_tbl(test, SZ_4K, &z->l1cd_pa);
	for (i = 0; i < SZ_128K / 64; i++) {
		fz_ste(z, cfg_ent(z->ste, i));
		fz_cd(z, cfg_ent(z->cd, i));
	}
	for (i = 0; i < SZ_8K / 8; i++)
		fz_l1std(z, &z->l1std[i]);
	for (i = 0; i < SZ_4K / 8; i++)
		fz_l1cd(z, &z->l1cd[i]);

	for (it = 0; it < CFG_FUZZ_ITERS; it++) {
		unsigned int log2size, sid, ssid;
		struct hw_s1_cfg cd;
		struct hw_fault f;
		struct hw_ste ste;
		bool two = fz_below(z, 2);
		u32 cfg;
		u64 base;
		int ret;

		/* Re-randomise part of the arena */
		for (i = 0; i < 16; i++) {
			fz_ste(z, cfg_ent(z->ste, fz_below(z, SZ_128K / 64)));
			fz_cd(z, cfg_ent(z->cd, fz_below(z, SZ_128K / 64)));
		}
		for (i = 0; i < 4; i++) {
			fz_l1std(z, &z->l1std[fz_below(z, SZ_8K / 8)]);
			fz_l1cd(z, &z->l1cd[fz_below(z, SZ_4K / 8)]);
		}

		if (two) {
			log2size = fz_below(z, 17);
			cfg = FIELD_PREP(STRTAB_BASE_CFG_FMT,
					 STRTAB_BASE_CFG_FMT_2LVL) |
			      FIELD_PREP(STRTAB_BASE_CFG_SPLIT,
					 fz_below(z, 2) ? 6 + 2 * fz_below(z, 3) :
					 fz_below(z, 32));
			base = z->l1std_pa;
		} else {
			log2size = fz_below(z, 11);
			cfg = 0;
			base = z->ste_pa;
		}
		if (!fz_below(z, 16))
			base = BEYOND_RAM;
		cfg |= FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, log2size);
		cfg_strtab(hw, base, cfg);

		/* Mostly in range */
		sid = fz_rand(z) & (BIT(log2size + !fz_below(z, 8)) - 1);
		ret = cfg_fetch_ste(hw, sid, &ste, &f);
		z->events[ret & 0xff]++;
		if (ret) {
			KUNIT_EXPECT_TRUE(test, ret == EVT_ID_BAD_STREAMID ||
					  ret == EVT_ID_STE_FETCH ||
					  ret == EVT_ID_BAD_STE);
			continue;
		}
		z->ste_ok++;
		fz_check_ste(test, hw, &ste);
		if (ste.config != STRTAB_STE_0_CFG_S1_TRANS)
			continue;

		for (i = 0; i < CFG_FUZZ_CDS; i++) {
			ssid = fz_rand(z) &
			       (BIT(ste.s1cdmax + !fz_below(z, 8)) - 1);
			ret = cfg_fetch_cd(hw, &ste, ssid, &cd, &f);
			z->events[ret & 0xff]++;
			if (ret) {
				KUNIT_EXPECT_TRUE(test,
						  ret == EVT_ID_BAD_SUBSTREAMID ||
						  ret == EVT_ID_CD_FETCH ||
						  ret == EVT_ID_BAD_CD);
				continue;
			}
			z->cd_ok++;
			fz_check_cd(test, &cd);
		}
	}

	kunit_info(test, "seed %llx: %u STEs and %u CDs decoded; events: %u %s, %u %s, %u %s, %u %s, %u %s, %u %s\n",
		   seed, z->ste_ok, z->cd_ok,
		   z->events[EVT_ID_BAD_STREAMID], "C_BAD_STREAMID",
		   z->events[EVT_ID_STE_FETCH], "F_STE_FETCH",
		   z->events[EVT_ID_BAD_STE], "C_BAD_STE",
		   z->events[EVT_ID_BAD_SUBSTREAMID], "C_BAD_SUBSTREAMID",
		   z->events[EVT_ID_CD_FETCH], "F_CD_FETCH",
		   z->events[EVT_ID_BAD_CD], "C_BAD_CD");
	/* The fuzz must reach every outcome, or it tests less than it says */
	KUNIT_EXPECT_GT(test, z->ste_ok, 0);
	KUNIT_EXPECT_GT(test, z->cd_ok, 0);
	KUNIT_EXPECT_GT(test, z->events[EVT_ID_BAD_STREAMID], 0);
	KUNIT_EXPECT_GT(test, z->events[EVT_ID_STE_FETCH], 0);
	KUNIT_EXPECT_GT(test, z->events[EVT_ID_BAD_STE], 0);
	KUNIT_EXPECT_GT(test, z->events[EVT_ID_BAD_SUBSTREAMID], 0);
	KUNIT_EXPECT_GT(test, z->events[EVT_ID_CD_FETCH], 0);
	KUNIT_EXPECT_GT(test, z->events[EVT_ID_BAD_CD], 0);
}

static void cfg_fuzz(struct kunit *test)
{
	struct swsmmu_hw_features f;

	cfg_feat(F_SSID8, &f);
	cfg_fuzz_one(test, &f, 0x5eed0001);
}

static void cfg_fuzz_restricted(struct kunit *test)
{
	struct swsmmu_hw_features f;

	/* No stalls, HTTU, 16-bit IDs or 16KB: more of the rules apply */
	cfg_feat(F_SSID8, &f);
	f.stall = false;
	f.httu_access = false;
	f.vmid16 = false;
	f.asid16 = false;
	f.gran16k = false;
	cfg_fuzz_one(test, &f, 0x5eed0002);
}

static struct kunit_case swsmmu_config_cases[] = {
	KUNIT_CASE(cfg_st_linear),
	KUNIT_CASE(cfg_st_log2size_capped),
	KUNIT_CASE(cfg_st_2lvl),
	KUNIT_CASE(cfg_st_2lvl_split),
	KUNIT_CASE(cfg_st_no_2lvl),
	KUNIT_CASE(cfg_st_largest_sid_fetch_addr),
	KUNIT_CASE(cfg_st_largest_sid),
	KUNIT_CASE(cfg_st_fetch_abort),
	KUNIT_CASE(cfg_ste_abort),
	KUNIT_CASE(cfg_ste_bypass),
	KUNIT_CASE(cfg_ste_s1),
	KUNIT_CASE(cfg_ste_s1_no_substreams),
	KUNIT_CASE(cfg_ste_s2),
	KUNIT_CASE(cfg_ste_s2_52bit),
	KUNIT_CASE(cfg_ste_nested),
	KUNIT_CASE_PARAM(cfg_ste_illegal, cfg_ste_case_gen_params),
	KUNIT_CASE(cfg_cd_linear),
	KUNIT_CASE(cfg_cd_52bit),
	KUNIT_CASE(cfg_cd_single),
	KUNIT_CASE(cfg_cd_2lvl_4k),
	KUNIT_CASE(cfg_cd_largest_ssid),
	KUNIT_CASE(cfg_cd_bad_substreamid),
	KUNIT_CASE(cfg_cd_fetch_abort),
	KUNIT_CASE_PARAM(cfg_cd_illegal, cfg_cd_case_gen_params),
	KUNIT_CASE(cfg_cd_nested),
	KUNIT_CASE(cfg_event_names),
	KUNIT_CASE(cfg_fuzz),
	KUNIT_CASE(cfg_fuzz_restricted),
	{}
};

static struct kunit_suite swsmmu_config_suite = {
	.name = "swsmmu-config",
	.test_cases = swsmmu_config_cases,
};

kunit_test_suite(swsmmu_config_suite);
