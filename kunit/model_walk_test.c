// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's translation table walker
 * (drivers/model/walk.c).
 *
 * Tables are built by hand in memory the test allocates, and every expected
 * translation is worked out in a comment from the VMSAv8-64 geometry:
 * a granule of 2^g bytes resolves g - 3 input bits per level, level L
 * resolving bits [g + (3 - L)(g - 3) + (g - 4) : g + (3 - L)(g - 3)]:
 *
 *   4KB:  L0 [47:39]  L1 [38:30]  L2 [29:21]  L3 [20:12]
 *   16KB: L0 [47]     L1 [46:36]  L2 [35:25]  L3 [24:14]
 *   64KB:             L1 [47:42]  L2 [41:29]  L3 [28:16]
 *
 * Then a fuzz case walks random tables and checks that every outcome is a
 * translation or an architectural fault.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include "model/model.h"

/* A physical address that is not RAM: fetches from it abort */
#define WT_HOLE		BIT_ULL(46)

/* Stage-1 AP[2:1] values */
#define WT_AP_RW_PRIV	0
#define WT_AP_RW_ALL	SWSMMU_PTE_S1_AP_UNPRIV
#define WT_AP_RO_PRIV	SWSMMU_PTE_S1_AP_RDONLY
#define WT_AP_RO_ALL	(SWSMMU_PTE_S1_AP_RDONLY | SWSMMU_PTE_S1_AP_UNPRIV)
#define WT_AP(ap)	FIELD_PREP_CONST(SWSMMU_PTE_S1_AP, (ap))
#define WT_APTABLE(ap)	FIELD_PREP_CONST(SWSMMU_PTE_TABLE_AP, (ap))

/* Stage-2 S2AP values */
#define WT_S2_R		FIELD_PREP_CONST(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_READ)
#define WT_S2_W		FIELD_PREP_CONST(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_WRITE)
#define WT_S2_RW	(WT_S2_R | WT_S2_W)

/* Permission shorthands for expected values */
#define RP	HW_PERM_R_PRIV
#define WP	HW_PERM_W_PRIV
#define XP	HW_PERM_X_PRIV
#define RU	HW_PERM_R_UNPRIV
#define WU	HW_PERM_W_UNPRIV
#define XU	HW_PERM_X_UNPRIV

static const struct swsmmu_hw_features wt_features = {
	.sid_bits = 8, .oas = PA_SIZE_48,
	.cmdq_bits = 8, .evtq_bits = 8,
	.s1 = true, .s2 = true,
	.gran4k = true, .gran16k = true, .gran64k = true,
};

KUNIT_DEFINE_ACTION_WRAPPER(wt_hw_destroy, swsmmu_hw_destroy,
			    struct swsmmu_hw *);
KUNIT_DEFINE_ACTION_WRAPPER(wt_free_page, __free_page, struct page *);

static struct swsmmu_hw *wt_hw(struct kunit *test, u8 oas, bool httu)
{
	struct swsmmu_hw_features feat = wt_features;
	struct swsmmu_hw *hw;

	feat.oas = oas;
	feat.httu_access = httu;
	hw = swsmmu_hw_create("kunit-walk", &feat);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wt_hw_destroy,
							hw), 0);
	return hw;
}

/*
 * A zeroed table of @size bytes, naturally aligned (kmalloc aligns
 * power-of-two sizes to their size), freed when the test ends.
 */
static __le64 *wt_table(struct kunit *test, size_t size)
{
	__le64 *t = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED(virt_to_phys(t), size));
	return t;
}

static u64 wt_pa(void *p)
{
	return virt_to_phys(p);
}

static void wt_set(__le64 *table, unsigned int idx, u64 desc)
{
	WRITE_ONCE(table[idx], cpu_to_le64(desc));
}

static u64 wt_get(const __le64 *table, unsigned int idx)
{
	return le64_to_cpu(READ_ONCE(table[idx]));
}

/* Table descriptor pointing at a table we own, or at any address */
static u64 wt_tbl(void *next)
{
	return wt_pa(next) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID;
}

static u64 wt_tbl_at(u64 addr)
{
	return addr | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID;
}

/* Level-3 page and level-1/2 block descriptors, Access flag set */
static u64 wt_page(u64 oa)
{
	return oa | SWSMMU_PTE_AF | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID;
}

static u64 wt_block(u64 oa)
{
	return oa | SWSMMU_PTE_AF | SWSMMU_PTE_VALID;
}

/* A stage-1 regime using TTB0 only */
static struct hw_s1_cfg wt_s1_cfg(u64 ttb0, u8 tsz, u8 g)
{
	return (struct hw_s1_cfg) {
		.ttb = { ttb0, 0 },
		.tsz = { tsz, tsz },
		.tg_shift = { g, g },
		.epd = { false, true },
		.ips_bits = 48,
	};
}

static struct hw_s2_cfg wt_s2_cfg(u64 ttb, u8 t0sz, u8 sl0, u8 g, u8 start)
{
	return (struct hw_s2_cfg) {
		.ttb = ttb,
		.t0sz = t0sz,
		.sl0 = sl0,
		.tg_shift = g,
		.start_level = start,
		.ps_bits = 48,
	};
}

/* Stage 1 (nested under @s2 if not NULL): expect @va -> @oa, leaf 2^@shift */
static void wt_s1_ok(struct kunit *test, struct swsmmu_hw *hw,
		     const struct hw_s1_cfg *s1, const struct hw_s2_cfg *s2,
		     u64 va, u64 oa, unsigned int shift, struct hw_walk *w)
{
	struct hw_fault f;
	int ret;

	memset(w, 0x5a, sizeof(*w));
	memset(&f, 0, sizeof(f));
	ret = swsmmu_hw_walk_s1(hw, s1, s2, va, 0, w, &f);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "va %#llx: fault %#x s2 %d",
			    va, f.id, f.s2);
	if (ret)
		return;
	KUNIT_EXPECT_EQ_MSG(test, w->oa, oa, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, w->block_shift, shift, "va %#llx", va);
	if (!s2) {
		KUNIT_EXPECT_EQ(test, w->ipa, oa);
		KUNIT_EXPECT_EQ(test, w->perm_s2, HW_PERM_ALL);
	}
}

/* Stage 1: expect @va to fault with @id; a lone stage 1 has @f->s2 clear */
static void wt_s1_fault(struct kunit *test, struct swsmmu_hw *hw,
			const struct hw_s1_cfg *s1, const struct hw_s2_cfg *s2,
			u64 va, unsigned int acc, u8 id, struct hw_fault *f)
{
	struct hw_walk w;
	int ret;

	memset(f, 0x5a, sizeof(*f));
	ret = swsmmu_hw_walk_s1(hw, s1, s2, va, acc, &w, f);
	KUNIT_EXPECT_EQ_MSG(test, ret, id, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(test, f->id, id, "va %#llx", va);
	if (!s2)
		KUNIT_EXPECT_FALSE_MSG(test, f->s2, "va %#llx", va);
}

/* Stage-1 permissions of @va (which must translate) */
static u8 wt_s1_perm(struct kunit *test, struct swsmmu_hw *hw,
		     const struct hw_s1_cfg *s1, u64 va)
{
	struct hw_walk w;
	struct hw_fault f;
	int ret;

	ret = swsmmu_hw_walk_s1(hw, s1, NULL, va, 0, &w, &f);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "va %#llx", va);
	return ret ? 0xff : w.perm_s1;
}

static void wt_s2_ok(struct kunit *test, struct swsmmu_hw *hw,
		     const struct hw_s2_cfg *s2, u64 ipa, u64 oa,
		     unsigned int shift, struct hw_walk *w)
{
	struct hw_fault f;
	int ret;

	memset(w, 0x5a, sizeof(*w));
	memset(&f, 0, sizeof(f));
	ret = swsmmu_hw_walk_s2(hw, s2, ipa, EVTQ_1_CLASS_IN, w, &f);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "ipa %#llx: fault %#x", ipa, f.id);
	if (ret)
		return;
	KUNIT_EXPECT_EQ_MSG(test, w->oa, oa, "ipa %#llx", ipa);
	KUNIT_EXPECT_EQ_MSG(test, w->block_shift, shift, "ipa %#llx", ipa);
	KUNIT_EXPECT_EQ(test, w->ipa, ipa);
	KUNIT_EXPECT_EQ(test, w->perm_s1, HW_PERM_ALL);
}

/* Stage 2: every fault has S2 set and reports the class and the IPA */
static void wt_s2_fault(struct kunit *test, struct swsmmu_hw *hw,
			const struct hw_s2_cfg *s2, u64 ipa, u8 class, u8 id,
			struct hw_fault *f)
{
	struct hw_walk w;
	int ret;

	memset(f, 0x5a, sizeof(*f));
	ret = swsmmu_hw_walk_s2(hw, s2, ipa, class, &w, f);
	KUNIT_EXPECT_EQ_MSG(test, ret, id, "ipa %#llx", ipa);
	KUNIT_EXPECT_EQ(test, f->id, id);
	KUNIT_EXPECT_TRUE(test, f->s2);
	KUNIT_EXPECT_EQ(test, f->class, class);
	KUNIT_EXPECT_EQ(test, f->ipa, ipa);
}

/* ---------------------------------------------------------------------- */
/* Stage 1: granules, levels, blocks                                       */
/* ---------------------------------------------------------------------- */

static void walk_s1_4k(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	__le64 *l0 = wt_table(test, SZ_4K), *l1 = wt_table(test, SZ_4K);
	__le64 *l2 = wt_table(test, SZ_4K), *l3 = wt_table(test, SZ_4K);
	/* T0SZ 16: 48-bit VA, (48 - 12) / 9 = 4 levels, start at level 0 */
	struct hw_s1_cfg s1 = wt_s1_cfg(wt_pa(l0), 16, 12);
	struct hw_walk w;
	struct hw_fault f;

	wt_set(l0, 1, wt_tbl(l1));
	wt_set(l1, 2, wt_tbl(l2));
	wt_set(l2, 3, wt_tbl(l3));
	wt_set(l3, 4, wt_page(0x12345000));
	wt_set(l2, 5, wt_block(0x40000000));
	wt_set(l1, 7, wt_block(0x8000000000));
	wt_set(l0, 2, wt_block(0));			/* no level-0 blocks */
	wt_set(l3, 6, 0x12346000 | SWSMMU_PTE_AF | SWSMMU_PTE_VALID);	/* L3, bit 1 clear */

	/*
	 * 0x80_8060_4abc = 1 << 39 | 2 << 30 | 3 << 21 | 4 << 12 | 0xabc:
	 * L0[1] -> L1[2] -> L2[3] -> L3[4] = page 0x12345000, + 0xabc.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0x8080604abcULL, 0x12345abcULL, 12, &w);
	/* AP 00, no XN: privileged RW and X, unprivileged X only */
	KUNIT_EXPECT_EQ(test, w.perm_s1, RP | WP | XP | XU);

	/*
	 * 0x80_80a1_2345 = 1 << 39 | 2 << 30 | 5 << 21 | 0x12345:
	 * L2[5] = 2MB block 0x40000000, + (VA & 0x1fffff = 0x12345).
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0x8080a12345ULL, 0x40012345ULL, 21, &w);

	/*
	 * 0x81_d234_5678 = 1 << 39 | 7 << 30 | 0x12345678:
	 * L1[7] = 1GB block 0x80_0000_0000, + 0x12345678.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0x81d2345678ULL, 0x8012345678ULL, 30, &w);

	/* The starting table base ignores bits below its alignment (4KB) */
	s1.ttb[0] = wt_pa(l0) | 0xff0;
	wt_s1_ok(test, hw, &s1, NULL, 0x8080604abcULL, 0x12345abcULL, 12, &w);
	s1.ttb[0] = wt_pa(l0);

	/* 2 << 39: L0[2] holds a block, which level 0 cannot have */
	wt_s1_fault(test, hw, &s1, NULL, 0x10000000000ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	/* L3[6]: bit 1 clear is reserved at level 3 */
	wt_s1_fault(test, hw, &s1, NULL, 0x8080606000ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	/* L3[8] and L0[3] are invalid */
	wt_s1_fault(test, hw, &s1, NULL, 0x8080608000ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	wt_s1_fault(test, hw, &s1, NULL, 0x18000000000ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	/* VA[63:48] must be zero for TTB0 with T0SZ 16 */
	wt_s1_fault(test, hw, &s1, NULL, BIT_ULL(48) | 0x8080604abcULL, 0,
		    EVT_ID_TRANSLATION, &f);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, 0);
}

static void walk_s1_16k(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	__le64 *l0 = wt_table(test, 16), *l1 = wt_table(test, SZ_16K);
	__le64 *l2 = wt_table(test, SZ_16K), *l3 = wt_table(test, SZ_16K);
	/* T0SZ 17: 47 bits, ceil((47 - 14) / 11) = 3 levels from level 1 */
	struct hw_s1_cfg s1 = wt_s1_cfg(wt_pa(l1), 17, 14);
	struct hw_walk w;
	struct hw_fault f;

	wt_set(l1, 5, wt_tbl(l2));
	wt_set(l2, 6, wt_tbl(l3));
	wt_set(l3, 7, wt_page(0x100004000ULL));
	wt_set(l2, 9, wt_block(0x200000000ULL));
	wt_set(l1, 6, wt_block(0x1000000000ULL));	/* no 16KB L1 blocks */

	/*
	 * 0x50_0c01_dabc = 5 << 36 | 6 << 25 | 7 << 14 | 0x1abc:
	 * L1[5] -> L2[6] -> L3[7] = page 0x1_0000_4000, + 0x1abc.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0x500c01dabcULL, 0x100005abcULL, 14, &w);

	/*
	 * 0x50_1212_3456 = 5 << 36 | 9 << 25 | 0x123456:
	 * L2[9] = 32MB block 0x2_0000_0000, + 0x123456.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0x5012123456ULL, 0x200123456ULL, 25, &w);

	/* 6 << 36: L1[6] is a block, illegal at level 1 with 16KB */
	wt_s1_fault(test, hw, &s1, NULL, 0x6000000000ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	/* Bit 47 is outside a 47-bit TTB0 range */
	wt_s1_fault(test, hw, &s1, NULL, BIT_ULL(47), 0, EVT_ID_TRANSLATION,
		    &f);

	/*
	 * T0SZ 16: 48 bits, ceil((48 - 14) / 11) = 4 levels: level 0
	 * resolves VA[47] alone, a two-entry table.  0x8050_0c01_dabc has
	 * VA[47] = 1: L0[1] -> the same L1 as above.
	 */
	wt_set(l0, 1, wt_tbl(l1));
	s1.tsz[0] = 16;
	s1.ttb[0] = wt_pa(l0);
	wt_s1_ok(test, hw, &s1, NULL, 0x80500c01dabcULL, 0x100005abcULL, 14,
		 &w);
	wt_s1_fault(test, hw, &s1, NULL, 0x500c01dabcULL, 0,
		    EVT_ID_TRANSLATION, &f);
}

static void walk_s1_64k(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	struct swsmmu_hw *hw52 = wt_hw(test, PA_SIZE_52, false);
	/* T0SZ 16: ceil((48 - 16) / 13) = 3 levels, L1 has 2^6 entries */
	__le64 *l1 = wt_table(test, 64 * 8);
	__le64 *l2 = wt_table(test, SZ_64K), *l3 = wt_table(test, SZ_64K);
	struct hw_s1_cfg s1 = wt_s1_cfg(wt_pa(l1), 16, 16);
	struct hw_walk w;
	struct hw_fault f;

	wt_set(l1, 3, wt_tbl(l2));
	wt_set(l2, 4, wt_tbl(l3));
	wt_set(l3, 5, wt_page(0x300000000ULL));
	wt_set(l2, 7, wt_block(0x2000000000ULL));
	wt_set(l1, 4, wt_block(0x40000000000ULL));
	/* Descriptor bits [15:12] = 1: OA[51:48] with a 52-bit OAS only */
	wt_set(l3, 6, wt_page(0x300010000ULL | BIT_ULL(12)));

	/*
	 * 0xc00_8005_abcd = 3 << 42 | 4 << 29 | 5 << 16 | 0xabcd:
	 * L1[3] -> L2[4] -> L3[5] = page 0x3_0000_0000, + 0xabcd.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0xc008005abcdULL, 0x30000abcdULL, 16, &w);

	/*
	 * 0xc00_f234_5678 = 3 << 42 | 7 << 29 | 0x12345678:
	 * L2[7] = 512MB block 0x20_0000_0000, + 0x12345678.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0xc00f2345678ULL, 0x2012345678ULL, 29,
		 &w);

	/* 4 << 42: a 4TB level-1 block needs 52-bit output addresses */
	wt_s1_fault(test, hw, &s1, NULL, 0x100001234567ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	/* 0xc00_8006_0042: L3[6], bits [15:12] are RES0 with a 48-bit OAS */
	wt_s1_ok(test, hw, &s1, NULL, 0xc0080060042ULL, 0x300010042ULL, 16,
		 &w);

	/* With a 52-bit OAS and IPS: L1[4] is 0x400_0000_0000 + 0x1234567 */
	s1.ips_bits = 52;
	wt_s1_ok(test, hw52, &s1, NULL, 0x100001234567ULL, 0x40001234567ULL,
		 42, &w);
	/* and L3[6] is OA 1 << 48 | 0x3_0001_0000, + 0x42 */
	wt_s1_ok(test, hw52, &s1, NULL, 0xc0080060042ULL,
		 0x1000300010042ULL, 16, &w);
	/* which a 48-bit IPS refuses */
	s1.ips_bits = 48;
	wt_s1_fault(test, hw52, &s1, NULL, 0xc0080060042ULL, 0,
		    EVT_ID_ADDR_SIZE, &f);

	/*
	 * A 4TB block at 0 under a 40-bit IPS: the block's base fits, but
	 * 5 << 42 | 1 << 40 translates to OA 1 << 40, which does not.
	 */
	wt_set(l1, 5, wt_block(0));
	s1.ips_bits = 40;
	wt_s1_ok(test, hw52, &s1, NULL, 0x140000001234ULL, 0x1234, 42, &w);
	wt_s1_fault(test, hw52, &s1, NULL, 0x150000001234ULL, 0,
		    EVT_ID_ADDR_SIZE, &f);
}

/* ---------------------------------------------------------------------- */
/* Stage 1: TTB1, TBI, EPD, per-TTB granule                                */
/* ---------------------------------------------------------------------- */

static void walk_s1_ttb1(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	/* TTB1: 4KB, T1SZ 25, 39 bits from level 1 (512 entries) */
	__le64 *a1 = wt_table(test, SZ_4K), *a2 = wt_table(test, SZ_4K);
	__le64 *a3 = wt_table(test, SZ_4K);
	/* TTB0: 64KB, T0SZ 25, ceil((39 - 16) / 13) = 2 levels, L2 2^10 */
	__le64 *b2 = wt_table(test, SZ_8K), *b3 = wt_table(test, SZ_64K);
	struct hw_s1_cfg s1 = {
		.ttb = { wt_pa(b2), wt_pa(a1) },
		.tsz = { 25, 25 },
		.tg_shift = { 16, 12 },
		.ips_bits = 48,
	};
	struct hw_walk w;
	struct hw_fault f;

	wt_set(a1, 1, wt_tbl(a2));
	wt_set(a2, 2, wt_tbl(a3));
	wt_set(a3, 3, wt_page(0x55555000));
	wt_set(b2, 1, wt_tbl(b3));
	wt_set(b3, 1, wt_page(0x66660000));

	/*
	 * 0xffff_ff80_4040_3456: VA[63:39] all ones selects TTB1;
	 * VA[38:0] = 1 << 30 | 2 << 21 | 3 << 12 | 0x456:
	 * L1[1] -> L2[2] -> L3[3] = page 0x55555000, + 0x456.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0xffffff8040403456ULL, 0x55555456ULL,
		 12, &w);
	/*
	 * 0x2001_0abc = 1 << 29 | 1 << 16 | 0xabc through TTB0's 64KB
	 * tables: L2[1] -> L3[1] = page 0x66660000, + 0xabc.
	 */
	wt_s1_ok(test, hw, &s1, NULL, 0x20010abcULL, 0x66660abcULL, 16, &w);

	/* VA[55] = 1 but VA[63:56] = 0: no TTB1 address without TBI1 */
	wt_s1_fault(test, hw, &s1, NULL, 0x00ffff8040403456ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	wt_s1_fault(test, hw, &s1, NULL, 0xabffff8040403456ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	s1.tbi[1] = true;
	wt_s1_ok(test, hw, &s1, NULL, 0x00ffff8040403456ULL, 0x55555456ULL,
		 12, &w);
	wt_s1_ok(test, hw, &s1, NULL, 0xabffff8040403456ULL, 0x55555456ULL,
		 12, &w);
	/* TBI1 does not cover VA[55:39] */
	wt_s1_fault(test, hw, &s1, NULL, 0xffffff0040403456ULL, 0,
		    EVT_ID_TRANSLATION, &f);

	/* VA[55] = 0 with a tag: TTB0 only with TBI0 */
	wt_s1_fault(test, hw, &s1, NULL, 0xab00000020010abcULL, 0,
		    EVT_ID_TRANSLATION, &f);
	s1.tbi[0] = true;
	wt_s1_ok(test, hw, &s1, NULL, 0xab00000020010abcULL, 0x66660abcULL, 16,
		 &w);

	/* Between the ranges: VA[39] = 1 for TTB0, VA[39] = 0 for TTB1 */
	wt_s1_fault(test, hw, &s1, NULL, 0x8000000000ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	wt_s1_fault(test, hw, &s1, NULL, 0xffffff0000000000ULL, 0,
		    EVT_ID_TRANSLATION, &f);

	/* EPD1 disables TTB1 walks only, EPD0 TTB0 walks only */
	s1.epd[1] = true;
	wt_s1_fault(test, hw, &s1, NULL, 0xffffff8040403456ULL, 0,
		    EVT_ID_TRANSLATION, &f);
	wt_s1_ok(test, hw, &s1, NULL, 0x20010abcULL, 0x66660abcULL, 16, &w);
	s1.epd[1] = false;
	s1.epd[0] = true;
	wt_s1_fault(test, hw, &s1, NULL, 0x20010abcULL, 0, EVT_ID_TRANSLATION,
		    &f);
	wt_s1_ok(test, hw, &s1, NULL, 0xffffff8040403456ULL, 0x55555456ULL,
		 12, &w);
}

/* ---------------------------------------------------------------------- */
/* Stage 1: permissions                                                   */
/* ---------------------------------------------------------------------- */

/* VA of L1[i] -> L2[j] -> L3[k] with 4KB tables from level 1 */
#define WT_VA(i, j, k)	((u64)(i) << 30 | (u64)(j) << 21 | (u64)(k) << 12)

static void walk_s1_perms(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	__le64 *l1 = wt_table(test, SZ_4K), *l3 = wt_table(test, SZ_4K);
	__le64 *l2[5];
	struct hw_s1_cfg s1 = wt_s1_cfg(wt_pa(l1), 25, 12);
	static const u64 leaf[] = {
		/* 0 */ WT_AP(WT_AP_RW_PRIV),
		/* 1 */ WT_AP(WT_AP_RW_ALL),
		/* 2 */ WT_AP(WT_AP_RO_PRIV),
		/* 3 */ WT_AP(WT_AP_RO_ALL),
		/* 4 */ WT_AP(WT_AP_RW_ALL) | SWSMMU_PTE_S1_PXN | SWSMMU_PTE_S1_UXN,
		/* 5 */ WT_AP(WT_AP_RW_PRIV) | SWSMMU_PTE_S1_UXN,
		/* 6 */ WT_AP(WT_AP_RW_PRIV) | SWSMMU_PTE_S1_PXN,
		/* 7 */ WT_AP(WT_AP_RW_ALL) | SWSMMU_PTE_S1_UXN,
	};
	static const u64 tbl[] = {
		/* L1[0] */ 0,
		/* L1[1] */ WT_APTABLE(SWSMMU_PTE_TABLE_AP_NO_EL0),
		/* L1[2] */ WT_APTABLE(SWSMMU_PTE_TABLE_AP_RDONLY),
		/* L1[3] */ WT_APTABLE(SWSMMU_PTE_TABLE_AP_NO_EL0 |
				       SWSMMU_PTE_TABLE_AP_RDONLY),
		/* L1[4] */ SWSMMU_PTE_TABLE_PXN,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(leaf); i++)
		wt_set(l3, i, wt_page(0x70000000 + i * SZ_4K) | leaf[i]);
	for (i = 0; i < ARRAY_SIZE(tbl); i++) {
		l2[i] = wt_table(test, SZ_4K);
		wt_set(l1, i, wt_tbl(l2[i]) | tbl[i]);
		wt_set(l2[i], 0, wt_tbl(l3));
	}
	/* L2[1] of the plain L1[0] subtree: UXNTable */
	wt_set(l2[0], 1, wt_tbl(l3) | SWSMMU_PTE_TABLE_UXN);

	/*
	 * AP[2:1] alone.  AP 01 (EL0 RW) makes the page privileged
	 * execute-never in VMSAv8-64; UXN/PXN remove X at their level.
	 */
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 0)),
			RP | WP | XP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 1)),
			RP | WP | RU | WU | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 2)),
			RP | XP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 3)),
			RP | RU | XP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 4)),
			RP | WP | RU | WU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 5)),
			RP | WP | XP);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 6)),
			RP | WP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 7)),
			RP | WP | RU | WU);

	/*
	 * APTable[0] (no EL0): AP 01 loses its EL0 access, so it is no
	 * longer EL0-writable and becomes privileged-executable again.
	 */
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(1, 0, 0)),
			RP | WP | XP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(1, 0, 1)),
			RP | WP | XP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(1, 0, 3)),
			RP | XP | XU);
	/* APTable[1] (read-only at every level) */
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(2, 0, 0)),
			RP | XP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(2, 0, 1)),
			RP | RU | XP | XU);
	/* APTable 11: privileged read only */
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(3, 0, 1)),
			RP | XP | XU);
	/* PXNTable at level 1, UXNTable at level 2 */
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(4, 0, 0)),
			RP | WP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(4, 0, 1)),
			RP | WP | RU | WU | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 1, 0)),
			RP | WP | XP);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 1, 1)),
			RP | WP | RU | WU);

	/* UWXN is IGNORED with VMSAv8-64 tables: the rule above always holds */
	s1.uwxn = true;
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 1)),
			RP | WP | RU | WU | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 0)),
			RP | WP | XP | XU);
	s1.uwxn = false;

	/* WXN: writable at a level means not executable at that level */
	s1.wxn = true;
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 0)),
			RP | WP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 1)),
			RP | WP | RU | WU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 3)),
			RP | RU | XP | XU);
	/* ... after APTable made it read-only */
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(2, 0, 0)),
			RP | XP | XU);
	s1.wxn = false;

	/*
	 * PAN: privileged data accesses lose EL0-accessible pages; the
	 * privileged instruction fetch permission is unchanged.
	 */
	s1.pan = true;
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 0)),
			RP | WP | XP | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 1)),
			RU | WU | XU);
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(0, 0, 3)),
			RU | XP | XU);
	/* ... unless APTable already removed EL0 access */
	KUNIT_EXPECT_EQ(test, wt_s1_perm(test, hw, &s1, WT_VA(1, 0, 1)),
			RP | WP | XP | XU);
	s1.pan = false;
}

static void walk_check_perm(struct kunit *test)
{
	struct hw_walk w = {
		.oa = 0x1000, .ipa = 0x12345000, .block_shift = 12,
		.perm_s1 = XP, .perm_s2 = HW_PERM_ALL,
	};
	struct hw_fault f;

	/* Execute-only at stage 1, privileged: fetch yes, read no */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_EXEC | HW_ACC_PRIV, &f),
			0);
	/* An instruction fetch is checked for X only, even if also "write" */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_EXEC | HW_ACC_WRITE |
					    HW_ACC_PRIV, &f), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_PRIV, &f),
			EVT_ID_PERMISSION);
	KUNIT_EXPECT_EQ(test, f.id, EVT_ID_PERMISSION);
	KUNIT_EXPECT_FALSE(test, f.s2);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_EXEC, &f),
			EVT_ID_PERMISSION);

	/* Stage 1 unprivileged RW, stage 2 read-only */
	w.perm_s1 = RU | WU;
	w.perm_s2 = RP | RU;
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, 0, &f), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_WRITE, &f),
			EVT_ID_PERMISSION);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_IN);
	KUNIT_EXPECT_EQ(test, f.ipa, 0x12345000);
	/* Both refuse a privileged write: stage 1 is reported */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_WRITE | HW_ACC_PRIV,
						   &f), EVT_ID_PERMISSION);
	KUNIT_EXPECT_FALSE(test, f.s2);
	/* Stage 1 allows a privileged write only */
	w.perm_s1 = WP;
	w.perm_s2 = HW_PERM_ALL;
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_WRITE | HW_ACC_PRIV,
						   &f), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_WRITE, &f),
			EVT_ID_PERMISSION);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_PRIV, &f),
			EVT_ID_PERMISSION);
}

/* ---------------------------------------------------------------------- */
/* Stage 1: Access flag, address size, external abort                     */
/* ---------------------------------------------------------------------- */

static void walk_s1_af(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	struct swsmmu_hw *httu = wt_hw(test, PA_SIZE_48, true);
	__le64 *l1 = wt_table(test, SZ_4K), *l2 = wt_table(test, SZ_4K);
	__le64 *l3 = wt_table(test, SZ_4K), *rsv;
	struct hw_s1_cfg s1 = wt_s1_cfg(wt_pa(l1), 25, 12);
	struct hw_walk w;
	struct hw_fault f;
	struct page *pg;

	wt_set(l1, 0, wt_tbl(l2));
	wt_set(l2, 0, wt_tbl(l3));
	wt_set(l3, 0, 0x70000000 | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);	/* page, AF 0 */
	wt_set(l2, 1, 0x80000000 | SWSMMU_PTE_VALID);		/* 2MB block, AF 0 */

	/* 0x123: L3[0]; 0x201234: L2[1] block */
	wt_s1_fault(test, hw, &s1, NULL, 0x123, 0, EVT_ID_ACCESS, &f);
	wt_s1_fault(test, hw, &s1, NULL, 0x201234, 0, EVT_ID_ACCESS, &f);
	/* HA without IDR0.HTTU has no effect */
	s1.ha = true;
	wt_s1_fault(test, hw, &s1, NULL, 0x123, 0, EVT_ID_ACCESS, &f);
	KUNIT_EXPECT_FALSE(test, wt_get(l3, 0) & SWSMMU_PTE_AF);

	/* AFFD: AF is taken as 1 and memory is left alone */
	s1.ha = false;
	s1.affd = true;
	wt_s1_ok(test, hw, &s1, NULL, 0x123, 0x70000123, 12, &w);
	wt_s1_ok(test, hw, &s1, NULL, 0x201234, 0x80001234, 21, &w);
	KUNIT_EXPECT_FALSE(test, wt_get(l3, 0) & SWSMMU_PTE_AF);
	KUNIT_EXPECT_FALSE(test, wt_get(l2, 1) & SWSMMU_PTE_AF);

	/* HTTU: the walker sets AF in memory and translates */
	s1.affd = false;
	s1.ha = true;
	wt_s1_ok(test, httu, &s1, NULL, 0x123, 0x70000123, 12, &w);
	KUNIT_EXPECT_EQ(test, wt_get(l3, 0),
			0x70000000 | SWSMMU_PTE_AF | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	wt_s1_ok(test, httu, &s1, NULL, 0x201234, 0x80001234, 21, &w);
	KUNIT_EXPECT_EQ(test, wt_get(l2, 1), 0x80000000 | SWSMMU_PTE_AF | SWSMMU_PTE_VALID);
	/* Now set, no fault even without HA */
	s1.ha = false;
	wt_s1_ok(test, hw, &s1, NULL, 0x123, 0x70000123, 12, &w);

	/*
	 * A reserved page (say, kernel rodata) is never written: the update
	 * fails as an external abort at the descriptor, which stays as it is.
	 * 0x401000 is L2[2] -> L3'[1], in a page of its own.
	 */
	pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wt_free_page, pg),
			0);
	rsv = page_address(pg);
	wt_set(l2, 2, wt_tbl(rsv));
	wt_set(rsv, 1, 0x70001000 | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	s1.ha = true;
	SetPageReserved(pg);
	wt_s1_fault(test, httu, &s1, NULL, 0x401000, 0, EVT_ID_WALK_EABT, &f);
	ClearPageReserved(pg);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, wt_pa(rsv) + 8);
	KUNIT_EXPECT_FALSE(test, wt_get(rsv, 1) & SWSMMU_PTE_AF);
	wt_s1_ok(test, httu, &s1, NULL, 0x401000, 0x70001000, 12, &w);
	KUNIT_EXPECT_TRUE(test, wt_get(rsv, 1) & SWSMMU_PTE_AF);
}

static void walk_s1_addr_size(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	__le64 *l1 = wt_table(test, SZ_4K), *l2 = wt_table(test, SZ_4K);
	__le64 *l3 = wt_table(test, SZ_4K);
	struct hw_s1_cfg s1 = wt_s1_cfg(wt_pa(l1), 25, 12);
	struct hw_walk w;
	struct hw_fault f;

	s1.ips_bits = 40;
	wt_set(l1, 0, wt_tbl(l2));
	wt_set(l2, 0, wt_tbl(l3));
	wt_set(l3, 0, wt_page(BIT_ULL(40)));
	wt_set(l3, 1, wt_page(BIT_ULL(40) - SZ_4K));
	wt_set(l2, 1, wt_tbl_at(BIT_ULL(40)));
	wt_set(l2, 2, wt_block(BIT_ULL(40) - SZ_2M));
	/* AF 0 as well: the address size fault is found first */
	wt_set(l3, 2, BIT_ULL(41) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);

	/* Page at 1 << 40 is beyond a 40-bit IPS; one page lower is not */
	wt_s1_fault(test, hw, &s1, NULL, 0x0, 0, EVT_ID_ADDR_SIZE, &f);
	wt_s1_ok(test, hw, &s1, NULL, 0x1abc, 0xfffffffabcULL, 12, &w);
	wt_s1_fault(test, hw, &s1, NULL, 0x2000, 0, EVT_ID_ADDR_SIZE, &f);
	/* Next-level table address: 0x200000 is L2[1] */
	wt_s1_fault(test, hw, &s1, NULL, 0x200000, 0, EVT_ID_ADDR_SIZE, &f);
	/* 2MB block just below the limit: 0x400000 is L2[2] */
	wt_s1_ok(test, hw, &s1, NULL, 0x412345, 0xffffe12345ULL, 21, &w);
	/* The starting table itself */
	s1.ttb[0] = BIT_ULL(40);
	wt_s1_fault(test, hw, &s1, NULL, 0x0, 0, EVT_ID_ADDR_SIZE, &f);
	/* 32-bit IPS (the tables themselves must then be below 4GB) */
	s1.ttb[0] = wt_pa(l1);
	s1.ips_bits = 32;
	wt_set(l3, 3, wt_page(BIT_ULL(32)));
	wt_set(l3, 4, wt_page(BIT_ULL(32) - SZ_4K));
	wt_s1_fault(test, hw, &s1, NULL, 0x3000, 0, EVT_ID_ADDR_SIZE, &f);
	if (wt_pa(l1) < BIT_ULL(32) && wt_pa(l2) < BIT_ULL(32) &&
	    wt_pa(l3) < BIT_ULL(32))
		wt_s1_ok(test, hw, &s1, NULL, 0x4abc, 0xfffffabcULL, 12, &w);
	else
		kunit_info(test, "tables above 4GB, 32-bit IPS success skipped\n");
}

static void walk_s1_eabt(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	__le64 *l1 = wt_table(test, SZ_4K), *l2 = wt_table(test, SZ_4K);
	struct hw_s1_cfg s1 = wt_s1_cfg(wt_pa(l1), 25, 12);
	struct hw_fault f;

	wt_set(l1, 0, wt_tbl(l2));
	wt_set(l2, 2, wt_tbl_at(WT_HOLE));

	/* 0x405000 = L2[2] -> L3[5]: fetch of WT_HOLE + 5 * 8 aborts */
	wt_s1_fault(test, hw, &s1, NULL, 0x405000, 0, EVT_ID_WALK_EABT, &f);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, WT_HOLE + 0x28);
	/* TTB0 not RAM: 0x40000000 is L1[1], at WT_HOLE + 8 */
	s1.ttb[0] = WT_HOLE;
	wt_s1_fault(test, hw, &s1, NULL, 0x40000000, 0, EVT_ID_WALK_EABT, &f);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, WT_HOLE + 8);
}

/* ---------------------------------------------------------------------- */
/* Stage 2                                                                */
/* ---------------------------------------------------------------------- */

static void walk_s2_4k(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	/*
	 * S2T0SZ 24 (40-bit IPA), SL0 1: start at level 1, which resolves
	 * IPA[39:30], 10 bits = 2^(10 - 9) = 2 concatenated tables (8KB).
	 */
	__le64 *root = wt_table(test, SZ_8K), *l2 = wt_table(test, SZ_4K);
	__le64 *l3 = wt_table(test, SZ_4K);
	__le64 *l0 = wt_table(test, 16), *l1 = wt_table(test, SZ_4K);
	struct hw_s2_cfg s2 = wt_s2_cfg(wt_pa(root), 24, 1, 12, 1);
	struct hw_walk w;
	struct hw_fault f;

	wt_set(root, 0x201, wt_tbl(l2));	/* 2nd table, entry 1 */
	wt_set(root, 1, wt_block(0x4000000000ULL) | WT_S2_RW);
	wt_set(l2, 3, wt_tbl(l3));
	wt_set(l2, 4, wt_block(0x200000000ULL) | WT_S2_R | SWSMMU_PTE_S2_XN);
	wt_set(l2, 5, wt_tbl_at(WT_HOLE));
	wt_set(l3, 4, wt_page(0x777777000ULL) | WT_S2_RW);
	wt_set(l3, 5, wt_page(0x777778000ULL) | WT_S2_W);
	wt_set(l3, 6, wt_page(0x777779000ULL));
	wt_set(l3, 7, wt_page(0x77777a000ULL) | WT_S2_RW | SWSMMU_PTE_S2_XN);
	wt_set(l3, 8, 0x77777b000ULL | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID | WT_S2_RW);
	wt_set(l3, 9, wt_page(BIT_ULL(40)) | WT_S2_RW);

	/*
	 * 0x80_4060_4abc = 0x201 << 30 | 3 << 21 | 4 << 12 | 0xabc: L1 index
	 * 0x201 = entry 1 of the second table, byte 0x1008 of the root;
	 * -> L2[3] -> L3[4] = page 0x7_7777_7000, + 0xabc.
	 */
	wt_s2_ok(test, hw, &s2, 0x8040604abcULL, 0x777777abcULL, 12, &w);
	/* S2AP 11, XN 0: everything, for both privileges */
	KUNIT_EXPECT_EQ(test, w.perm_s2, HW_PERM_ALL);
	/* L1[1] 1GB block 0x40_0000_0000: IPA 0x4000_0123 */
	wt_s2_ok(test, hw, &s2, 0x40000123ULL, 0x4000000123ULL, 30, &w);
	/*
	 * 0x80_4081_2345 = 0x201 << 30 | 4 << 21 | 0x12345: L2[4] 2MB block
	 * 0x2_0000_0000, read-only and execute-never.
	 */
	wt_s2_ok(test, hw, &s2, 0x8040812345ULL, 0x200012345ULL, 21, &w);
	KUNIT_EXPECT_EQ(test, w.perm_s2, RP | RU);
	/* L3[5] write-only, L3[6] no access (X only), L3[7] RW + XN */
	wt_s2_ok(test, hw, &s2, 0x8040605000ULL, 0x777778000ULL, 12, &w);
	KUNIT_EXPECT_EQ(test, w.perm_s2, WP | WU | XP | XU);
	wt_s2_ok(test, hw, &s2, 0x8040606000ULL, 0x777779000ULL, 12, &w);
	KUNIT_EXPECT_EQ(test, w.perm_s2, XP | XU);
	wt_s2_ok(test, hw, &s2, 0x8040607000ULL, 0x77777a000ULL, 12, &w);
	KUNIT_EXPECT_EQ(test, w.perm_s2, RP | RU | WP | WU);

	/* Faults carry S2, the class given and the IPA */
	/* IPA[40] set: beyond the 40-bit input range */
	wt_s2_fault(test, hw, &s2, BIT_ULL(40) | 0x123, EVTQ_1_CLASS_CD,
		    EVT_ID_TRANSLATION, &f);
	/* L1[0] invalid */
	wt_s2_fault(test, hw, &s2, 0x123, EVTQ_1_CLASS_IN, EVT_ID_TRANSLATION,
		    &f);
	/* L3[8]: AF 0; then AFFD */
	wt_s2_fault(test, hw, &s2, 0x8040608000ULL, EVTQ_1_CLASS_TT,
		    EVT_ID_ACCESS, &f);
	s2.affd = true;
	wt_s2_ok(test, hw, &s2, 0x8040608000ULL, 0x77777b000ULL, 12, &w);
	s2.affd = false;
	/* L3[9]: OA 1 << 40, fine with PS 48, not with PS 40 */
	wt_s2_ok(test, hw, &s2, 0x8040609000ULL, BIT_ULL(40), 12, &w);
	s2.ps_bits = 40;
	wt_s2_fault(test, hw, &s2, 0x8040609000ULL, EVTQ_1_CLASS_IN,
		    EVT_ID_ADDR_SIZE, &f);
	s2.ps_bits = 48;
	/* 0x80_40a0_2000: L2[5] -> a table at WT_HOLE, L3 index 2 */
	wt_s2_fault(test, hw, &s2, 0x8040a02000ULL, EVTQ_1_CLASS_IN,
		    EVT_ID_WALK_EABT, &f);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, WT_HOLE + 0x10);

	/*
	 * S2SL0 0 would start at level 2 with IPA[39:21] = 19 bits, more
	 * than 2^4 concatenated tables: inconsistent, Translation fault.
	 * SL0 3 is reserved.
	 */
	s2.sl0 = 0;
	wt_s2_fault(test, hw, &s2, 0x8040604abcULL, EVTQ_1_CLASS_IN,
		    EVT_ID_TRANSLATION, &f);
	s2.sl0 = 3;
	wt_s2_fault(test, hw, &s2, 0x8040604abcULL, EVTQ_1_CLASS_IN,
		    EVT_ID_TRANSLATION, &f);

	/*
	 * S2SL0 2: start at level 0, IPA[39] alone (a two-entry table);
	 * L0[1] -> a full L1 table indexed by IPA[38:30] = 0x201 & 0x1ff = 1.
	 */
	wt_set(l0, 1, wt_tbl(l1));
	wt_set(l1, 1, wt_tbl(l2));
	s2 = wt_s2_cfg(wt_pa(l0), 24, 2, 12, 0);
	wt_s2_ok(test, hw, &s2, 0x8040604abcULL, 0x777777abcULL, 12, &w);
}

static void walk_s2_concat_limits(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	__le64 *root = wt_table(test, SZ_64K);
	/* S2T0SZ 21, SL0 1: IPA[42:30] at level 1, 13 bits = 16 tables */
	struct hw_s2_cfg s2 = wt_s2_cfg(wt_pa(root), 21, 1, 12, 1);
	struct hw_walk w;
	struct hw_fault f;

	wt_set(root, 0x1fff, wt_block(0x140000000ULL) | WT_S2_RW);
	wt_set(root, 1, wt_block(0x180000000ULL) | WT_S2_RW);

	/* 0x7ff_c000_1234 = 0x1fff << 30 | 0x1234: last entry of table 16 */
	wt_s2_ok(test, hw, &s2, 0x7ffc0001234ULL, 0x140001234ULL, 30, &w);
	/* S2T0SZ 20: 14 bits, 32 tables: too many */
	s2.t0sz = 20;
	wt_s2_fault(test, hw, &s2, 0x7ffc0001234ULL, EVTQ_1_CLASS_IN,
		    EVT_ID_TRANSLATION, &f);
	/* S2T0SZ 33: IPA[30] alone at level 1 (2 entries) */
	s2.t0sz = 33;
	wt_s2_ok(test, hw, &s2, 0x40005678ULL, 0x180005678ULL, 30, &w);
	/* S2T0SZ 34: nothing left for level 1 to resolve */
	s2.t0sz = 34;
	wt_s2_fault(test, hw, &s2, 0x5678, EVTQ_1_CLASS_IN, EVT_ID_TRANSLATION,
		    &f);
	/* S2T0SZ 15: beyond 48-bit IPAs */
	s2 = wt_s2_cfg(wt_pa(root), 15, 2, 12, 0);
	wt_s2_fault(test, hw, &s2, 0x5678, EVTQ_1_CLASS_IN, EVT_ID_TRANSLATION,
		    &f);
}

static void walk_s2_16k_64k(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, false);
	/*
	 * 16KB, S2T0SZ 16, SL0 2: start at level 1 (shift 36), IPA[47:36] =
	 * 12 bits = 2 concatenated 16KB tables.
	 */
	__le64 *a1 = wt_table(test, SZ_32K), *a2 = wt_table(test, SZ_16K);
	__le64 *a3 = wt_table(test, SZ_16K);
	/* 64KB, S2T0SZ 16, SL0 2: level 1 resolves IPA[47:42], 64 entries */
	__le64 *b1 = wt_table(test, 512), *b2 = wt_table(test, SZ_64K);
	__le64 *b3 = wt_table(test, SZ_64K);
	struct hw_s2_cfg s2 = wt_s2_cfg(wt_pa(a1), 16, 2, 14, 1);
	struct hw_walk w;
	struct hw_fault f;

	wt_set(a1, 0x805, wt_tbl(a2));
	wt_set(a2, 6, wt_tbl(a3));
	wt_set(a3, 7, wt_page(0x100004000ULL) | WT_S2_RW);
	wt_set(b1, 3, wt_tbl(b2));
	wt_set(b2, 4, wt_tbl(b3));
	wt_set(b3, 5, wt_page(0x300000000ULL) | WT_S2_RW);
	wt_set(b2, 9, wt_block(0x2000000000ULL) | WT_S2_RW);

	/*
	 * 0x8050_0c01_dabc: L1 index IPA[47:36] = 0x805 (2nd table, entry 5)
	 * -> L2[6] -> L3[7] = page 0x1_0000_4000, + 0x1abc.
	 */
	wt_s2_ok(test, hw, &s2, 0x80500c01dabcULL, 0x100005abcULL, 14, &w);
	/* SL0 0: start at level 3 with 48 - 14 = 34 bits: inconsistent */
	s2.sl0 = 0;
	wt_s2_fault(test, hw, &s2, 0x80500c01dabcULL, EVTQ_1_CLASS_IN,
		    EVT_ID_TRANSLATION, &f);

	/* 0xc00_8005_abcd = 3 << 42 | 4 << 29 | 5 << 16 | 0xabcd */
	s2 = wt_s2_cfg(wt_pa(b1), 16, 2, 16, 1);
	wt_s2_ok(test, hw, &s2, 0xc008005abcdULL, 0x30000abcdULL, 16, &w);

	/*
	 * 64KB, S2T0SZ 22 (42 bits), SL0 1: start at level 2, IPA[41:29]
	 * (one full table).  0x1_2345_6789 = 9 << 29 | 0x3456789: L2[9] is
	 * the 512MB block 0x20_0000_0000.
	 */
	s2 = wt_s2_cfg(wt_pa(b2), 22, 1, 16, 2);
	wt_s2_ok(test, hw, &s2, 0x123456789ULL, 0x2003456789ULL, 29, &w);
}

/* ---------------------------------------------------------------------- */
/* Nested                                                                 */
/* ---------------------------------------------------------------------- */

/* IPAs at which stage 2 maps the stage-1 tables */
#define N_IPA_L1	0x100000ULL	/* S1 L1 */
#define N_IPA_L2	0x101000ULL	/* S1 L2 */
#define N_IPA_L3	0x102000ULL	/* S1 L3 */
#define N_IPA_NONE	0x103000ULL	/* unmapped at stage 2 */
#define N_IPA_WO	0x104000ULL	/* S1 L3b, stage-2 write-only */
#define N_IPA_NOAF	0x105000ULL	/* S1 L3c, stage-2 AF 0 */
#define N_IPA_HOLE	0x106000ULL	/* stage 2 maps it to WT_HOLE */
#define N_IPA_RO	0x107000ULL	/* S1 L3d, stage-2 read-only */
#define N_IPA_RW	0x108000ULL	/* S1 L3d again, stage-2 RW */
#define N_IPA_S2EABT	0x200000ULL	/* stage-2 L3 table at WT_HOLE */

static void walk_nested(struct kunit *test)
{
	struct swsmmu_hw *hw = wt_hw(test, PA_SIZE_48, true);
	/* Stage 2: 4KB, S2T0SZ 24, SL0 1, two concatenated L1 tables */
	__le64 *r = wt_table(test, SZ_8K), *q2 = wt_table(test, SZ_4K);
	__le64 *q3 = wt_table(test, SZ_4K);
	/* Stage 1: 4KB, T0SZ 25, from level 1 */
	__le64 *l1 = wt_table(test, SZ_4K), *l2 = wt_table(test, SZ_4K);
	__le64 *l3 = wt_table(test, SZ_4K), *l3b = wt_table(test, SZ_4K);
	__le64 *l3c = wt_table(test, SZ_4K), *l3d = wt_table(test, SZ_4K);
	struct hw_s2_cfg s2 = wt_s2_cfg(wt_pa(r), 24, 1, 12, 1);
	struct hw_s1_cfg s1 = wt_s1_cfg(N_IPA_L1, 25, 12);
	struct hw_walk w;
	struct hw_fault f;

	/* Stage 2: IPA 0x10_0000 + n * 4KB is L1[0] -> L2[0] -> L3[0x100 + n] */
	wt_set(r, 0, wt_tbl(q2));
	wt_set(q2, 0, wt_tbl(q3));
	wt_set(q2, 1, wt_tbl_at(WT_HOLE));
	wt_set(q3, 0x100, wt_page(wt_pa(l1)) | WT_S2_RW);
	wt_set(q3, 0x101, wt_page(wt_pa(l2)) | WT_S2_RW);
	wt_set(q3, 0x102, wt_page(wt_pa(l3)) | WT_S2_RW);
	wt_set(q3, 0x104, wt_page(wt_pa(l3b)) | WT_S2_W);
	wt_set(q3, 0x105, (wt_pa(l3c) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID) | WT_S2_RW);
	wt_set(q3, 0x106, wt_page(WT_HOLE) | WT_S2_RW);
	wt_set(q3, 0x107, wt_page(wt_pa(l3d)) | WT_S2_R);
	wt_set(q3, 0x108, wt_page(wt_pa(l3d)) | WT_S2_RW);
	/* IPA 1GB-2GB RW, 2GB-3GB unmapped, 3GB-4GB read-only */
	wt_set(r, 1, wt_block(0x8000000000ULL) | WT_S2_RW);
	wt_set(r, 3, wt_block(0x9000000000ULL) | WT_S2_R);

	/* Stage 1, addresses of tables are IPAs */
	wt_set(l1, 0, wt_tbl_at(N_IPA_L2));
	wt_set(l1, 1, wt_block(0x40000000));
	wt_set(l1, 2, wt_tbl_at(N_IPA_NONE));
	wt_set(l1, 3, wt_tbl_at(N_IPA_S2EABT));
	wt_set(l2, 0, wt_tbl_at(N_IPA_L3));
	wt_set(l2, 1, wt_tbl_at(N_IPA_WO));
	wt_set(l2, 2, wt_tbl_at(N_IPA_NOAF));
	wt_set(l2, 3, wt_tbl_at(N_IPA_HOLE));
	wt_set(l2, 4, wt_tbl_at(N_IPA_RO));
	wt_set(l2, 5, wt_tbl_at(N_IPA_RW));
	wt_set(l2, 6, wt_block(0x40200000));
	wt_set(l3, 0, wt_page(0x40005000) | WT_AP(WT_AP_RW_ALL));
	wt_set(l3, 1, wt_page(0x80000000));
	wt_set(l3, 2, wt_page(0xc0001000));
	wt_set(l3, 3, wt_page(0x80001000) | WT_AP(WT_AP_RO_ALL));
	wt_set(l3, 4, wt_page(0x40006000) | WT_AP(WT_AP_RO_PRIV));
	wt_set(l3b, 0, wt_page(0x40008000));
	wt_set(l3c, 0, wt_page(0x40008000));
	wt_set(l3d, 0, 0x40007000 | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);	/* AF 0 */

	/*
	 * VA 0xabc: S1 L1[0] -> L2[0] -> L3[0] = IPA 0x4000_5abc, which
	 * stage 2's L1[1] 1GB block maps to 0x80_0000_5abc.  Leaf sizes
	 * 4KB and 1GB: the smaller, 12.
	 */
	wt_s1_ok(test, hw, &s1, &s2, 0xabc, 0x8000005abcULL, 12, &w);
	KUNIT_EXPECT_EQ(test, w.ipa, 0x40005abcULL);
	KUNIT_EXPECT_EQ(test, w.perm_s1, RP | WP | RU | WU | XU);
	KUNIT_EXPECT_EQ(test, w.perm_s2, HW_PERM_ALL);
	/* VA 0x4000_1234: S1 1GB block IPA 0x4000_1234, S2 1GB block */
	wt_s1_ok(test, hw, &s1, &s2, 0x40001234ULL, 0x8000001234ULL, 30, &w);
	/* VA 0xc1_2345 = L2[6] 2MB block: IPA 0x4021_2345, min(21, 30) */
	wt_s1_ok(test, hw, &s1, &s2, 0xc12345ULL, 0x8000212345ULL, 21, &w);

	/* S1 TTB at an IPA stage 2 does not map: class TT, IPA of L1[1] */
	s1.ttb[0] = N_IPA_NONE;
	wt_s1_fault(test, hw, &s1, &s2, 0x40000000, 0, EVT_ID_TRANSLATION,
		    &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_TT);
	KUNIT_EXPECT_EQ(test, f.ipa, N_IPA_NONE + 8);
	s1.ttb[0] = N_IPA_L1;

	/* WT_VA(2, 5, 0): S1 L1[2] -> L2 table at N_IPA_NONE, entry 5 */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(2, 5, 0), 0, EVT_ID_TRANSLATION,
		    &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_TT);
	KUNIT_EXPECT_EQ(test, f.ipa, N_IPA_NONE + 0x28);

	/* Stage 2's own walk aborts while translating a S1 table address */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(3, 0, 0), 0, EVT_ID_WALK_EABT,
		    &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_TT);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, WT_HOLE);

	/* S1 L3 table mapped write-only at stage 2: a walk needs read */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 1, 0), 0, EVT_ID_PERMISSION,
		    &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_TT);
	KUNIT_EXPECT_EQ(test, f.ipa, N_IPA_WO);

	/* ... with stage-2 AF 0: L3 index 3 reads N_IPA_NOAF + 0x18 */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 2, 3), 0, EVT_ID_ACCESS, &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_TT);
	KUNIT_EXPECT_EQ(test, f.ipa, N_IPA_NOAF + 0x18);

	/* ... at a PA that is not RAM: a stage-1 external abort */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 3, 2), 0, EVT_ID_WALK_EABT,
		    &f);
	KUNIT_EXPECT_FALSE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.fetch_addr, WT_HOLE + 0x10);

	/*
	 * Output IPA 0x8000_0000 + 0x42 unmapped: class IN (a privileged
	 * read, which stage 1 allows: else its permission fault comes first)
	 */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 0, 1) + 0x42, HW_ACC_PRIV,
		    EVT_ID_TRANSLATION, &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_IN);
	KUNIT_EXPECT_EQ(test, f.ipa, 0x80000042ULL);

	/*
	 * L3[3]: read-only at stage 1, output unmapped at stage 2.  A write
	 * faults at stage 1 first; a read reaches stage 2.
	 */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 0, 3), HW_ACC_WRITE,
		    EVT_ID_PERMISSION, &f);
	KUNIT_EXPECT_FALSE(test, f.s2);
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 0, 3), 0, EVT_ID_TRANSLATION,
		    &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_IN);

	/* Intersection: L3[2] S1 privileged RW, S2 read-only (3GB block) */
	/* IPA 0xc000_1000 is 0x1000 into the 3GB block: 0x90_0000_1000 */
	wt_s1_ok(test, hw, &s1, &s2, WT_VA(0, 0, 2), 0x9000001000ULL, 12, &w);
	KUNIT_EXPECT_EQ(test, w.perm_s1, RP | WP | XP | XU);
	KUNIT_EXPECT_EQ(test, w.perm_s2, RP | RU | XP | XU);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_PRIV, &f), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_PRIV | HW_ACC_WRITE,
						   &f), EVT_ID_PERMISSION);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_IN);
	KUNIT_EXPECT_EQ(test, f.ipa, 0xc0001000ULL);
	/* unprivileged: stage 1 refuses first */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, 0, &f), EVT_ID_PERMISSION);
	KUNIT_EXPECT_FALSE(test, f.s2);
	/* L3[4]: S1 privileged read-only, S2 RW: a write is stage 1's */
	wt_s1_ok(test, hw, &s1, &s2, WT_VA(0, 0, 4), 0x8000006000ULL, 12, &w);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_check_perm(&w, HW_ACC_PRIV | HW_ACC_WRITE,
						   &f), EVT_ID_PERMISSION);
	KUNIT_EXPECT_FALSE(test, f.s2);

	/*
	 * HTTU through stage 2: the AF update of S1 L3d[0] is a write to
	 * its IPA.  Through the read-only alias it is a stage-2 permission
	 * fault on the walk; through the RW alias AF is set.
	 */
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 5, 0), 0, EVT_ID_ACCESS, &f);
	KUNIT_EXPECT_FALSE(test, f.s2);
	s1.ha = true;
	wt_s1_fault(test, hw, &s1, &s2, WT_VA(0, 4, 0), 0, EVT_ID_PERMISSION,
		    &f);
	KUNIT_EXPECT_TRUE(test, f.s2);
	KUNIT_EXPECT_EQ(test, f.class, EVTQ_1_CLASS_TT);
	KUNIT_EXPECT_EQ(test, f.ipa, N_IPA_RO);
	KUNIT_EXPECT_FALSE(test, wt_get(l3d, 0) & SWSMMU_PTE_AF);
	wt_s1_ok(test, hw, &s1, &s2, WT_VA(0, 5, 0), 0x8000007000ULL, 12, &w);
	KUNIT_EXPECT_TRUE(test, wt_get(l3d, 0) & SWSMMU_PTE_AF);
}

/* ---------------------------------------------------------------------- */
/* Fuzz                                                                   */
/* ---------------------------------------------------------------------- */

#define WF_ARENA	8		/* 64KB pages of random descriptors */
#define WF_ROUNDS	128
#define WF_WALKS	64

struct wf {
	struct kunit *test;
	struct rnd_state rnd;
	__le64 *arena[WF_ARENA];
	struct swsmmu_hw *hw[2];	/* 48-bit OAS, 52-bit OAS; both HTTU */
	__le64 *ident;			/* stage 2 mapping the arena 1:1 */
	struct hw_s2_cfg ident_s2;
};

static u64 wf_u64(struct wf *wf)
{
	return (u64)prandom_u32_state(&wf->rnd) << 32 |
	       prandom_u32_state(&wf->rnd);
}

static u32 wf_below(struct wf *wf, u32 n)
{
	return prandom_u32_state(&wf->rnd) % n;
}

/*
 * An address for a random descriptor or TTB: 3 times in 4 a granule-aligned
 * address in the arena, else one in [WT_HOLE, 2 * WT_HOLE), never RAM.
 */
static u64 wf_addr(struct wf *wf, unsigned int g)
{
	if (wf_below(wf, 4))
		return wt_pa(wf->arena[wf_below(wf, WF_ARENA)]) +
		       ((u64)wf_below(wf, SZ_64K >> g) << g);
	return WT_HOLE | (wf_u64(wf) & GENMASK_ULL(45, g));
}

/* Random descriptors, mostly valid, whose address fields are wf_addr() */
static void wf_fill(struct wf *wf, unsigned int g)
{
	unsigned int i, j;
	u64 d;

	for (i = 0; i < WF_ARENA; i++) {
		for (j = 0; j < SZ_64K / sizeof(u64); j++) {
			d = (wf_u64(wf) & ~SWSMMU_PTE_ADDR) | wf_addr(wf, g);
			if (wf_below(wf, 8))
				d |= SWSMMU_PTE_VALID;
			wt_set(wf->arena[i], j, d);
		}
	}
}

static const u8 wf_granules[] = { 12, 14, 16 };
static const u8 wf_oas_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

static bool wf_leaf_ok(unsigned int g, unsigned int shift)
{
	switch (g) {
	case 12:
		return shift == 12 || shift == 21 || shift == 30;
	case 14:
		return shift == 14 || shift == 25;
	default:
		return shift == 16 || shift == 29 || shift == 42;
	}
}

/*
 * A legal outcome of one walk through a granule of 2^@g into @oa_bits of
 * output; @stage2 is what a fault's S2 bit must be (-1: nested, either).
 * Asserts, so the first failure stops the case.
 */
static void wf_check(struct wf *wf, int ret, const struct hw_walk *w,
		     const struct hw_fault *f, u64 in, unsigned int g,
		     unsigned int oa_bits, int stage2)
{
	struct kunit *test = wf->test;

	if (!ret) {
		KUNIT_ASSERT_TRUE_MSG(test, wf_leaf_ok(g, w->block_shift),
				      "in %#llx shift %u", in, w->block_shift);
		KUNIT_ASSERT_EQ_MSG(test, oa_bits < 64 ? w->oa >> oa_bits : 0,
				    0, "in %#llx oa %#llx", in, w->oa);
		KUNIT_ASSERT_EQ_MSG(test, (w->oa ^ in) &
				    GENMASK_ULL(w->block_shift - 1, 0), 0,
				    "in %#llx oa %#llx", in, w->oa);
		KUNIT_ASSERT_EQ(test, w->perm_s1 & ~HW_PERM_ALL, 0);
		KUNIT_ASSERT_EQ(test, w->perm_s2 & ~HW_PERM_ALL, 0);
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, f->id);
	switch (ret) {
	case EVT_ID_WALK_EABT:
		/* Only fetches outside the arena abort */
		KUNIT_ASSERT_GE_MSG(test, f->fetch_addr, WT_HOLE,
				    "in %#llx", in);
		break;
	case EVT_ID_TRANSLATION:
	case EVT_ID_ADDR_SIZE:
	case EVT_ID_ACCESS:
		break;
	case EVT_ID_PERMISSION:
		/* Only nested walks fault on permission */
		KUNIT_ASSERT_EQ_MSG(test, stage2, -1, "in %#llx", in);
		break;
	default:
		KUNIT_FAIL_AND_ABORT(test, "in %#llx: event %#x", in, ret);
	}
	if (stage2 >= 0) {
		KUNIT_ASSERT_EQ(test, (int)f->s2, stage2);
		if (stage2)
			KUNIT_ASSERT_EQ(test, f->ipa, in);
	} else if (f->s2) {
		KUNIT_ASSERT_TRUE(test, f->class == EVTQ_1_CLASS_TT ||
				  f->class == EVTQ_1_CLASS_IN);
	}
}

static void wf_s1_cfg(struct wf *wf, struct hw_s1_cfg *s1, bool nested)
{
	unsigned int x;

	memset(s1, 0, sizeof(*s1));
	for (x = 0; x < 2; x++) {
		s1->tg_shift[x] = wf_granules[wf_below(wf, 3)];
		/* Mostly legal sizes, sometimes anything a 6-bit field holds */
		s1->tsz[x] = wf_below(wf, 8) ? 16 + wf_below(wf, 24) :
					       wf_below(wf, 64);
		s1->ttb[x] = wf_addr(wf, 4) | wf_below(wf, 16);
		s1->epd[x] = !wf_below(wf, 8);
		s1->tbi[x] = wf_below(wf, 2);
	}
	s1->ips_bits = wf_oas_bits[wf_below(wf, ARRAY_SIZE(wf_oas_bits))];
	s1->affd = !wf_below(wf, 4);
	s1->ha = wf_below(wf, 2);
	s1->wxn = wf_below(wf, 2);
	s1->pan = wf_below(wf, 2);
	if (nested) {
		/* TTBs are IPAs: the arena is mapped 1:1, WT_HOLE is not */
		s1->ttb[0] = wf_addr(wf, 12);
		s1->ttb[1] = wf_addr(wf, 12);
	}
}

static void wf_s2_cfg(struct wf *wf, struct hw_s2_cfg *s2)
{
	unsigned int g = wf_granules[wf_below(wf, 3)];
	int start, bits;

	memset(s2, 0, sizeof(*s2));
	s2->tg_shift = g;
	s2->t0sz = wf_below(wf, 8) ? 16 + wf_below(wf, 26) : wf_below(wf, 64);
	s2->sl0 = wf_below(wf, 4);
	s2->ps_bits = wf_oas_bits[wf_below(wf, ARRAY_SIZE(wf_oas_bits))];
	s2->affd = !wf_below(wf, 4);
	/*
	 * The starting table may be up to 16 granules: keep it inside one
	 * 64KB arena page, or point it where nothing is RAM.
	 */
	start = (g == 12 ? 2 : 3) - s2->sl0;
	bits = (64 - s2->t0sz) - (g + (3 - start) * (g - 3));
	if (start >= 0 && bits + 3 <= 16)
		s2->ttb = wf_addr(wf, 4) | wf_below(wf, 16);
	else
		s2->ttb = WT_HOLE;
	s2->start_level = start;
}

/* Map the arena 1:1 at stage 2: 4KB, S2T0SZ 25, SL0 1 (level 1, 1 table) */
static void wf_ident(struct wf *wf)
{
	struct kunit *test = wf->test;
	unsigned int i, lvl, idx;
	__le64 *t, *next;
	u64 pa, d;

	wf->ident = wt_table(test, SZ_4K);
	wf->ident_s2 = wt_s2_cfg(wt_pa(wf->ident), 25, 1, 12, 1);
	for (i = 0; i < WF_ARENA * SZ_64K / SZ_4K; i++) {
		pa = wt_pa(wf->arena[i / 16]) + (i % 16) * SZ_4K;
		KUNIT_ASSERT_LT(test, pa, BIT_ULL(39));
		t = wf->ident;
		for (lvl = 1; lvl < 3; lvl++) {
			idx = (pa >> (12 + (3 - lvl) * 9)) & 511;
			d = wt_get(t, idx);
			if (!d) {
				next = wt_table(test, SZ_4K);
				wt_set(t, idx, wt_tbl(next));
				t = next;
			} else {
				t = phys_to_virt(d & SWSMMU_PTE_ADDR);
			}
		}
		wt_set(t, (pa >> 12) & 511, wt_page(pa) | WT_S2_RW);
	}
}

/* A random VA: anywhere, or inside one of the two ranges */
static u64 wf_va(struct wf *wf, const struct hw_s1_cfg *s1)
{
	unsigned int x = wf_below(wf, 2);
	unsigned int bits = clamp_t(unsigned int, 64 - s1->tsz[x], 25, 48);
	u64 va = wf_u64(wf);

	if (wf_below(wf, 4)) {
		va &= GENMASK_ULL(bits - 1, 0);
		if (x)
			va |= GENMASK_ULL(63, bits);
	}
	return va;
}

static void walk_fuzz(struct kunit *test)
{
	struct wf *wf = kunit_kzalloc(test, sizeof(*wf), GFP_KERNEL);
	struct hw_s1_cfg s1 = {};
	struct hw_s2_cfg s2 = {};
	struct hw_walk w, w2;
	struct hw_fault f, f2;
	unsigned int round, i, mode, ok[3] = {}, faults[3] = {};
	struct swsmmu_hw *hw;
	u64 seed = get_random_u64(), in;
	int ret, ret2;

	KUNIT_ASSERT_NOT_NULL(test, wf);
	wf->test = test;
	kunit_info(test, "seed %#llx\n", seed);
	prandom_seed_state(&wf->rnd, seed);
	for (i = 0; i < WF_ARENA; i++)
		wf->arena[i] = wt_table(test, SZ_64K);
	wf->hw[0] = wt_hw(test, PA_SIZE_48, true);
	wf->hw[1] = wt_hw(test, PA_SIZE_52, true);
	wf_ident(wf);

	for (round = 0; round < 3 * WF_ROUNDS; round++) {
		mode = round % 3;	/* stage 1, stage 2, nested */
		hw = wf->hw[wf_below(wf, 2)];
		if (round % 48 == 0)
			wf_fill(wf, wf_granules[wf_below(wf, 3)]);
		if (mode == 1)
			wf_s2_cfg(wf, &s2);
		else
			wf_s1_cfg(wf, &s1, mode == 2);

		for (i = 0; i < WF_WALKS; i++) {
			unsigned int acc = wf_below(wf, 8);

			if (mode == 1) {
				in = wf_u64(wf);
				if (wf_below(wf, 8))
					in &= GENMASK_ULL(63 - min_t(u8, s2.t0sz, 63), 0);
				ret = swsmmu_hw_walk_s2(hw, &s2, in,
							EVTQ_1_CLASS_IN, &w, &f);
				wf_check(wf, ret, &w, &f, in, s2.tg_shift,
					 s2.ps_bits, 1);
			} else {
				in = wf_va(wf, &s1);
				ret = swsmmu_hw_walk_s1(hw, &s1, mode == 2 ?
						 &wf->ident_s2 : NULL, in, acc,
						 &w, &f);
				/* Nested: the 1:1 stage 2 uses 4KB pages */
				wf_check(wf, ret, &w, &f, in, mode == 2 ? 12 :
					 s1.tg_shift[!!(in & BIT_ULL(55))],
					 mode == 2 ? 48 : s1.ips_bits,
					 mode == 2 ? -1 : 0);
			}
			if (ret)
				faults[mode]++;
			else
				ok[mode]++;
			if (mode != 1 && s1.ha)
				continue;
			/* Pure: the same walk again gives the same answer */
			if (mode == 1)
				ret2 = swsmmu_hw_walk_s2(hw, &s2, in,
							 EVTQ_1_CLASS_IN, &w2, &f2);
			else
				ret2 = swsmmu_hw_walk_s1(hw, &s1, mode == 2 ?
						 &wf->ident_s2 : NULL, in, acc,
						 &w2, &f2);
			KUNIT_ASSERT_EQ(test, ret2, ret);
			if (ret)
				KUNIT_ASSERT_EQ(test, f2.id, f.id);
			else
				KUNIT_ASSERT_EQ(test, w2.oa, w.oa);
		}
	}
	kunit_info(test, "s1 %u/%u, s2 %u/%u, nested %u/%u ok/fault\n",
		   ok[0], faults[0], ok[1], faults[1], ok[2], faults[2]);
	/* The fuzz must reach leaves in every mode, or it tests little */
	KUNIT_EXPECT_GT(test, ok[0], 0);
	KUNIT_EXPECT_GT(test, ok[1], 0);
	KUNIT_EXPECT_GT(test, ok[2], 0);
}

static struct kunit_case swsmmu_walk_cases[] = {
	KUNIT_CASE(walk_s1_4k),
	KUNIT_CASE(walk_s1_16k),
	KUNIT_CASE(walk_s1_64k),
	KUNIT_CASE(walk_s1_ttb1),
	KUNIT_CASE(walk_s1_perms),
	KUNIT_CASE(walk_check_perm),
	KUNIT_CASE(walk_s1_af),
	KUNIT_CASE(walk_s1_addr_size),
	KUNIT_CASE(walk_s1_eabt),
	KUNIT_CASE(walk_s2_4k),
	KUNIT_CASE(walk_s2_concat_limits),
	KUNIT_CASE(walk_s2_16k_64k),
	KUNIT_CASE(walk_nested),
	KUNIT_CASE(walk_fuzz),
	{}
};

static struct kunit_suite swsmmu_walk_suite = {
	.name = "swsmmu-walk",
	.test_cases = swsmmu_walk_cases,
};

kunit_test_suite(swsmmu_walk_suite);
