// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the driver's translation tables (drivers/iommu/pgtable.c).
 *
 * The known-answer tests walk the tables by hand: every index and every
 * descriptor value below was worked out on paper from the VMSAv8-64
 * layouts, with the arithmetic in the comments, and the attribute bits are
 * written as hex constants rather than with the arch.h macros so that a
 * wrong macro fails too.  Hex shorthands used in the comments:
 *   0x3 page/table, 0x1 block, AF 0x400, SH=inner 0x300, nG 0x800,
 *   stage 1: AP[1] (EL0) 0x40, AP[2] (RO) 0x80, AttrIndx n: n << 2,
 *            PXN|UXN 0x0060000000000000;
 *   stage 2: S2AP read 0x40, write 0x80, MemAttr m: m << 2 (WB 0xf -> 0x3c,
 *            NC 0x5 -> 0x14, Device-nGnRE 0x1 -> 0x4), XN 0x0040000000000000.
 * A differential test maps the same random ranges with the kernel's
 * io-pgtable-arm and compares, and two concurrency tests run mappers and a
 * walker on several CPUs.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/io-pgtable.h>
#include <linux/iommu.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include <swsmmu/arch.h>
#include "iommu/pgtable.h"

#define RD	IOMMU_READ
#define WR	IOMMU_WRITE
#define CA	IOMMU_CACHE
#define NX	IOMMU_NOEXEC
#define MMIO	IOMMU_MMIO
#define PRIV	IOMMU_PRIV

/* Output address bits [47:12] of a descriptor, written out */
#define ADDR_MASK	0x0000fffffffff000ULL

static void free_pgt_action(void *pgt)
{
	swsmmu_pgtable_free(pgt);
}

static struct swsmmu_pgtable *new_pgt(struct kunit *test, u8 stage, u8 g,
				      u8 ias, u8 oas)
{
	struct swsmmu_pgtable_cfg cfg = {
		.stage = stage, .granule_shift = g, .ias = ias, .oas = oas,
	};
	struct swsmmu_pgtable *pgt = swsmmu_pgtable_alloc(&cfg, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pgt);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, free_pgt_action, pgt));
	return pgt;
}

/* Descriptor @idx of the table at physical address @table */
static u64 rd(phys_addr_t table, unsigned long idx)
{
	const __le64 *t = phys_to_virt(table);

	return le64_to_cpu(READ_ONCE(t[idx]));
}

static unsigned int nonzero(phys_addr_t table, unsigned long entries)
{
	unsigned long i;
	unsigned int n = 0;

	for (i = 0; i < entries; i++)
		n += rd(table, i) != 0;
	return n;
}

/* A table descriptor carries only its address and 0b11: no APTable/XN */
static phys_addr_t next_tbl(struct kunit *test, u64 desc)
{
	KUNIT_ASSERT_EQ(test, desc & ~ADDR_MASK, 0x3ULL);
	return desc & ADDR_MASK;
}

static int map(struct swsmmu_pgtable *pgt, unsigned long iova, phys_addr_t pa,
	       size_t pgsize, size_t count, int prot, size_t *mapped)
{
	*mapped = 0;
	return swsmmu_pgtable_map(pgt, iova, pa, pgsize, count, prot,
				  GFP_KERNEL, mapped);
}

static void map_ok(struct kunit *test, struct swsmmu_pgtable *pgt,
		   unsigned long iova, phys_addr_t pa, size_t pgsize,
		   size_t count, int prot)
{
	size_t mapped;

	KUNIT_ASSERT_EQ(test, map(pgt, iova, pa, pgsize, count, prot, &mapped),
			0);
	KUNIT_ASSERT_EQ(test, mapped, pgsize * count);
}

static unsigned int list_pages(struct list_head *list)
{
	struct page *page;
	unsigned int n = 0;

	list_for_each_entry(page, list, lru)
		n++;
	return n;
}

/*
 * A walker written for the test: the leaf descriptor for @iova and its
 * level, or 0.  Used where the KATs' explicit indices would be unwieldy,
 * and to read io-pgtable-arm's tables.
 */
static u64 hand_walk(phys_addr_t root, unsigned int g, unsigned int start,
		     unsigned int root_bits, unsigned long iova,
		     unsigned int *level)
{
	unsigned int stride = g - 3, lvl, bits, shift;
	phys_addr_t table = root;
	u64 desc = 0;

	for (lvl = start; lvl < 4; lvl++) {
		shift = g + (3 - lvl) * stride;
		bits = lvl == start ? root_bits : stride;
		desc = rd(table, (iova >> shift) & (BIT(bits) - 1));
		if (!(desc & 1))
			return 0;
		if (lvl == 3 || !(desc & 2))
			break;
		table = desc & ADDR_MASK;
	}
	*level = lvl;
	return desc;
}

/* ---------------------------------------------------------------------- */
/* Geometry and configuration                                             */
/* ---------------------------------------------------------------------- */

struct geom_case {
	u8 stage, g, ias, oas;
	u8 start, concat, sl0, tsz, tg, ps;
	unsigned long bitmap;
};

/*
 * shift(L) = g + (3 - L) * (g - 3); start = 4 - ceil((ias - g) / (g - 3));
 * the starting level resolves ias - shift(start) bits.  Stage 2 drops a
 * level of at most 4 bits if S2SL0 can encode the next one (4K: L0-L2,
 * 16K/64K: L1-L3).  SL0: 4K 2 - start, 16K/64K 3 - start.  TG0: 4K 0,
 * 64K 1, 16K 2.  PS: 32 0, 36 1, 40 2, 42 3, 44 4, 48 5.
 */
static const struct geom_case geom_cases[] = {
	/* 4K: ceil(36/9) = 4 -> L0 with 48-39 = 9 bits */
	{ 1, 12, 48, 48, 0, 1, 0, 16, 0, 5, SZ_4K | SZ_2M | SZ_1G },
	/* 4K ias 39: ceil(27/9) = 3 -> L1 */
	{ 1, 12, 39, 40, 1, 1, 0, 25, 0, 2, SZ_4K | SZ_2M | SZ_1G },
	/* 4K ias 32: ceil(20/9) = 3 -> L1 with 2 bits (no concat at S1) */
	{ 1, 12, 32, 32, 1, 1, 0, 32, 0, 0, SZ_4K | SZ_2M | SZ_1G },
	/* 16K: ceil(34/11) = 4 -> L0 with 48-47 = 1 bit */
	{ 1, 14, 48, 44, 0, 1, 0, 16, 2, 4, SZ_16K | SZ_32M },
	/* 16K ias 36: ceil(22/11) = 2 -> L2 */
	{ 1, 14, 36, 36, 2, 1, 0, 28, 2, 1, SZ_16K | SZ_32M },
	/* 64K: ceil(32/13) = 3 -> L1 with 48-42 = 6 bits */
	{ 1, 16, 48, 42, 1, 1, 0, 16, 1, 3, SZ_64K | SZ_512M },
	/* 64K ias 42: ceil(26/13) = 2 -> L2 with 13 bits */
	{ 1, 16, 42, 48, 2, 1, 0, 22, 1, 5, SZ_64K | SZ_512M },
	/* 4K S2 ias 48: L0 with 9 bits, too many to concatenate; SL0 2 */
	{ 2, 12, 48, 48, 0, 1, 2, 16, 0, 5, SZ_4K | SZ_2M | SZ_1G },
	/* 4K S2 ias 44: L0 with 5 bits > 4: no concat */
	{ 2, 12, 44, 44, 0, 1, 2, 20, 0, 4, SZ_4K | SZ_2M | SZ_1G },
	/* 4K S2 ias 43: L0 with 4 bits -> L1, 16 tables; SL0 1 */
	{ 2, 12, 43, 48, 1, 16, 1, 21, 0, 5, SZ_4K | SZ_2M | SZ_1G },
	/* 4K S2 ias 40: L0 with 1 bit -> L1, 2 tables */
	{ 2, 12, 40, 40, 1, 2, 1, 24, 0, 2, SZ_4K | SZ_2M | SZ_1G },
	/* 4K S2 ias 39: L1 with 9 bits */
	{ 2, 12, 39, 40, 1, 1, 1, 25, 0, 2, SZ_4K | SZ_2M | SZ_1G },
	/* 4K S2 ias 32: L1 with 2 bits -> L2, 4 tables; SL0 0; no 1G */
	{ 2, 12, 32, 40, 2, 4, 0, 32, 0, 2, SZ_4K | SZ_2M },
	/* 16K S2 ias 48: L0 with 1 bit -> L1, 2 tables; SL0 3 - 1 = 2 */
	{ 2, 14, 48, 48, 1, 2, 2, 16, 2, 5, SZ_16K | SZ_32M },
	/* 16K S2 ias 40: ceil(26/11) = 3 -> L1 with 40-36 = 4 bits -> L2 x16 */
	{ 2, 14, 40, 40, 2, 16, 1, 24, 2, 2, SZ_16K | SZ_32M },
	/* 16K S2 ias 36: L2 with 11 bits */
	{ 2, 14, 36, 36, 2, 1, 1, 28, 2, 1, SZ_16K | SZ_32M },
	/* 64K S2 ias 48: L1 with 6 bits; SL0 2 */
	{ 2, 16, 48, 48, 1, 1, 2, 16, 1, 5, SZ_64K | SZ_512M },
	/* 64K S2 ias 44: L1 with 2 bits -> L2, 4 tables; SL0 1 */
	{ 2, 16, 44, 48, 2, 4, 1, 20, 1, 5, SZ_64K | SZ_512M },
	/* 64K S2 ias 34: ceil(18/13) = 2 -> L2 with 34-29 = 5 bits */
	{ 2, 16, 34, 40, 2, 1, 1, 30, 1, 2, SZ_64K | SZ_512M },
	/* 64K S2 ias 33: L2 with 4 bits -> L3, 16 tables; SL0 0; no 512M */
	{ 2, 16, 33, 40, 3, 16, 0, 31, 1, 2, SZ_64K },
	/* 64K S2 ias 32: L2 with 3 bits -> L3, 8 tables */
	{ 2, 16, 32, 40, 3, 8, 0, 32, 1, 2, SZ_64K },
};

static void pgt_geometry(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(geom_cases); i++) {
		const struct geom_case *c = &geom_cases[i];
		struct swsmmu_pgtable_cfg cfg = {
			.stage = c->stage, .granule_shift = c->g,
			.ias = c->ias, .oas = c->oas,
		};
		struct swsmmu_pgtable *pgt = new_pgt(test, c->stage, c->g,
						     c->ias, c->oas);

		kunit_info(test, "case %u: S%u %u ias %u oas %u\n", i,
			   c->stage, 1U << c->g, c->ias, c->oas);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_start_level(pgt), c->start);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_concat(pgt), c->concat);
		if (c->stage == 2)
			KUNIT_EXPECT_EQ(test, swsmmu_pgtable_s2_sl0(pgt), c->sl0);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_tsz(pgt), c->tsz);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_tg(pgt), c->tg);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_ps(pgt), c->ps);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_pgsize_bitmap(&cfg),
				c->bitmap);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 0);
		/* Concatenated tables are aligned to their total size */
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(swsmmu_pgtable_root(pgt),
						   (u64)c->concat << c->g));
	}
}

static void pgt_mair(struct kunit *test)
{
	/* Attr0 WB 0xff, Attr1 NC 0x44 << 8, Attr2 Device-nGnRE 0x04 << 16 */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_mair(new_pgt(test, 1, 12, 48, 48)),
			0x00000000000444ffULL);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_mair(new_pgt(test, 2, 12, 48, 48)),
			0ULL);
}

static void pgt_bad_cfg(struct kunit *test)
{
	static const struct swsmmu_pgtable_cfg bad[] = {
		{ .stage = 0, .granule_shift = 12, .ias = 48, .oas = 48 },
		{ .stage = 3, .granule_shift = 12, .ias = 48, .oas = 48 },
		{ .stage = 1, .granule_shift = 13, .ias = 48, .oas = 48 },
		{ .stage = 1, .granule_shift = 15, .ias = 48, .oas = 48 },
		{ .stage = 2, .granule_shift = 0, .ias = 48, .oas = 48 },
		{ .stage = 1, .granule_shift = 12, .ias = 31, .oas = 48 },
		{ .stage = 2, .granule_shift = 16, .ias = 49, .oas = 48 },
		{ .stage = 1, .granule_shift = 12, .ias = 48, .oas = 38 },
		{ .stage = 1, .granule_shift = 12, .ias = 48, .oas = 52 },
		{ .stage = 2, .granule_shift = 14, .ias = 40, .oas = 31 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(swsmmu_pgtable_alloc(&bad[i],
								   GFP_KERNEL)),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_pgsize_bitmap(&bad[i]), 0);
	}
}

/* ---------------------------------------------------------------------- */
/* Known answers: one leaf, walked by hand                                */
/* ---------------------------------------------------------------------- */

struct pgt_kat {
	const char *name;
	struct swsmmu_pgtable_cfg cfg;
	unsigned long iova;
	phys_addr_t pa;
	size_t pgsize;
	int prot;
	unsigned long root_entries;
	unsigned int nidx;
	unsigned int idx[4];	/* index at each level walked, root first */
	u64 leaf;
	unsigned int tables;	/* tables below the root after the map */
};

#define S1_4K	{ .stage = 1, .granule_shift = 12, .ias = 48, .oas = 48 }
#define S1_16K	{ .stage = 1, .granule_shift = 14, .ias = 48, .oas = 48 }
#define S1_64K	{ .stage = 1, .granule_shift = 16, .ias = 48, .oas = 48 }
#define S2_4K	{ .stage = 2, .granule_shift = 12, .ias = 40, .oas = 40 }
#define S2_16K	{ .stage = 2, .granule_shift = 14, .ias = 48, .oas = 48 }
#define S2_64K	{ .stage = 2, .granule_shift = 16, .ias = 48, .oas = 48 }

static const struct pgt_kat kats[] = {
	/*
	 * S1 4K ias 48: L0 [47:39] (512 entries), L1 [38:30], L2 [29:21],
	 * L3 [20:12].  iova 0x55f35df23000 = 0xab << 39 | 0x1cd << 30 |
	 * 0xef << 21 | 0x123 << 12.  RD|WR|CACHE: AP=01 0x40, AttrIndx 0:
	 * 0x123456789000 | 0x400 | 0x300 | 0x800 | 0x40 | 0x3.
	 */
	{ "s1-4k-page", S1_4K, 0x55f35df23000UL, 0x123456789000ULL, SZ_4K,
	  RD | WR | CA, 512, 4, { 0xab, 0x1cd, 0xef, 0x123 },
	  0x0000123456789f43ULL, 3 },
	/*
	 * 2M block: iova 0x8080600000 = 1 << 39 | 2 << 30 | 3 << 21.
	 * RD|NX|MMIO: AP=11 0xc0, AttrIndx 2 0x8, PXN|UXN:
	 * 0x0060000000000000 | 0xabcde00000 | 0xf00 | 0xc0 | 0x8 | 0x1.
	 */
	{ "s1-4k-2m", S1_4K, 0x8080600000UL, 0xabcde00000ULL, SZ_2M,
	  RD | NX | MMIO, 512, 3, { 1, 2, 3 }, 0x006000abcde00fc9ULL, 2 },
	/*
	 * 1G block at the top: 0xffffc0000000 = 0x1ff << 39 | 0x1ff << 30.
	 * WR|PRIV: write-only is RW, privileged: AP=00; AttrIndx 1 (NC) 0x4:
	 * 0x7fc0000000 | 0xf00 | 0x4 | 0x1.
	 */
	{ "s1-4k-1g", S1_4K, 0xffffc0000000UL, 0x7fc0000000ULL, SZ_1G,
	  WR | PRIV, 512, 2, { 0x1ff, 0x1ff }, 0x0000007fc0000f05ULL, 1 },
	/*
	 * S1 16K ias 48: L0 [47] (2 entries), L1 [46:36], L2 [35:25],
	 * L3 [24:14].  0xda57863c0000 = 1 << 47 | 0x5a5 << 36 |
	 * 0x3c3 << 25 | 0xf0 << 14.  RD|WR|NX|PRIV: AP=00, AttrIndx 1, XN:
	 * 0x0060000000000000 | 0xabcdef04000 | 0xf00 | 0x4 | 0x3.
	 */
	{ "s1-16k-page", S1_16K, 0xda57863c0000UL, 0x0abcdef04000ULL, SZ_16K,
	  RD | WR | NX | PRIV, 2, 4, { 1, 0x5a5, 0x3c3, 0xf0 },
	  0x00600abcdef04f07ULL, 3 },
	/*
	 * 32M block: 0x1004000000 = 0 << 47 | 1 << 36 | 2 << 25.
	 * RD|CACHE: AP=11 0xc0, AttrIndx 0: 0x42000000 | 0xf00 | 0xc0 | 0x1.
	 */
	{ "s1-16k-32m", S1_16K, 0x1004000000UL, 0x42000000ULL, SZ_32M,
	  RD | CA, 2, 3, { 0, 1, 2 }, 0x0000000042000fc1ULL, 2 },
	/*
	 * S1 64K ias 48: L1 [47:42] (64 entries), L2 [41:29], L3 [28:16].
	 * 0xaaaaaaaa0000 = 0x2a << 42 | 0x1555 << 29 | 0xaaa << 16.
	 * RD|WR|MMIO: AP=01 0x40, AttrIndx 2 0x8:
	 * 0x765432100000 | 0xf00 | 0x40 | 0x8 | 0x3.
	 */
	{ "s1-64k-page", S1_64K, 0xaaaaaaaa0000UL, 0x765432100000ULL, SZ_64K,
	  RD | WR | MMIO, 64, 3, { 0x2a, 0x1555, 0xaaa },
	  0x0000765432100f4bULL, 2 },
	/*
	 * 512M block at the top: 0xffffe0000000 = 0x3f << 42 | 0x1fff << 29.
	 * RD|WR: AP=01, AttrIndx 1: 0xe000000000 | 0xf00 | 0x40 | 0x4 | 0x1.
	 */
	{ "s1-64k-512m", S1_64K, 0xffffe0000000UL, 0xe000000000ULL, SZ_512M,
	  RD | WR, 64, 2, { 0x3f, 0x1fff }, 0x000000e000000f45ULL, 1 },
	/*
	 * S2 4K ias 40: two concatenated L1 tables, index [39:30] (1024
	 * entries), L2 [29:21], L3 [20:12].  0xb0d4bf0000 = 0x2c3 << 30 |
	 * 0xa5 << 21 | 0x1f0 << 12 (0x2c3 = 707: in the second table).
	 * RD|WR|CACHE: S2AP 0xc0, MemAttr WB 0x3c:
	 * 0xfffffff000 | 0x400 | 0x300 | 0xc0 | 0x3c | 0x3.
	 */
	{ "s2-4k-page", S2_4K, 0xb0d4bf0000UL, 0xfffffff000ULL, SZ_4K,
	  RD | WR | CA, 1024, 3, { 0x2c3, 0xa5, 0x1f0 }, 0x000000fffffff7ffULL, 2 },
	/*
	 * 2M: 0x403fe00000 = 0x100 << 30 | 0x1ff << 21.  WR|NX|MMIO: S2AP
	 * 0x80, MemAttr Device 0x4, XN: 0x0040000000000000 | 0x200000 |
	 * 0x700 | 0x80 | 0x4 | 0x1.
	 */
	{ "s2-4k-2m", S2_4K, 0x403fe00000UL, 0x200000ULL, SZ_2M,
	  WR | NX | MMIO, 1024, 2, { 0x100, 0x1ff }, 0x0040000000200785ULL, 1 },
	/*
	 * 1G block in the concatenated root: 0xffc0000000 = 0x3ff << 30.
	 * RD|NX: S2AP 0x40, MemAttr NC 0x14, XN: 0x0040000000000000 |
	 * 0x40000000 | 0x700 | 0x40 | 0x14 | 0x1.
	 */
	{ "s2-4k-1g", S2_4K, 0xffc0000000UL, 0x40000000ULL, SZ_1G,
	  RD | NX, 1024, 1, { 0x3ff }, 0x0040000040000755ULL, 0 },
	/*
	 * S2 16K ias 48: two concatenated L1 tables, index [47:36] (4096
	 * entries), L2 [35:25], L3 [24:14].  0xabc247158000 = 0xabc << 36 |
	 * 0x123 << 25 | 0x456 << 14.  RD|WR|PRIV (PRIV means nothing at S2):
	 * 0x10000000c000 | 0x700 | 0xc0 | 0x14 | 0x3.
	 */
	{ "s2-16k-page", S2_16K, 0xabc247158000UL, 0x10000000c000ULL, SZ_16K,
	  RD | WR | PRIV, 4096, 3, { 0xabc, 0x123, 0x456 },
	  0x000010000000c7d7ULL, 2 },
	/*
	 * 32M: 0x1ffe000000 = 1 << 36 | 0x7ff << 25.  RD|CACHE|NX:
	 * XN | 0xfffe00000000 | 0x700 | 0x40 | 0x3c | 0x1.
	 */
	{ "s2-16k-32m", S2_16K, 0x1ffe000000UL, 0xfffe00000000ULL, SZ_32M,
	  RD | CA | NX, 4096, 2, { 1, 0x7ff }, 0x0040fffe0000077dULL, 1 },
	/*
	 * S2 64K ias 48: L1 [47:42] (64 entries), L2 [41:29], L3 [28:16].
	 * 0x4003fff0000 = 1 << 42 | 1 << 29 | 0x1fff << 16.  WR only: S2AP
	 * 0x80, NC: 0x10000 | 0x700 | 0x80 | 0x14 | 0x3.
	 */
	{ "s2-64k-page", S2_64K, 0x4003fff0000UL, 0x10000ULL, SZ_64K,
	  WR, 64, 3, { 1, 1, 0x1fff }, 0x0000000000010797ULL, 2 },
	/*
	 * 512M: 0x802000000000 = 0x20 << 42 | 0x100 << 29.  RD|WR|MMIO|CACHE:
	 * MMIO wins: Device 0x4: 0x400000000000 | 0x700 | 0xc0 | 0x4 | 0x1.
	 */
	{ "s2-64k-512m", S2_64K, 0x802000000000UL, 0x400000000000ULL, SZ_512M,
	  RD | WR | MMIO | CA, 64, 2, { 0x20, 0x100 }, 0x00004000000007c5ULL, 1 },
	/*
	 * S2 64K ias 32: eight concatenated L3 tables, index [31:16]
	 * (65536 entries).  0xfedc0000 = 0xfedc << 16.  RD|WR|NX|CACHE:
	 * XN | 0xfffff0000 | 0x700 | 0xc0 | 0x3c | 0x3.
	 */
	{ "s2-64k-ias32-page",
	  { .stage = 2, .granule_shift = 16, .ias = 32, .oas = 40 },
	  0xfedc0000UL, 0xfffff0000ULL, SZ_64K, RD | WR | NX | CA, 65536, 1,
	  { 0xfedc }, 0x0040000fffff07ffULL, 0 },
};

static void kat_desc(const struct pgt_kat *k, char *desc)
{
	strscpy(desc, k->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kat, kats, kat_desc);

static void pgt_kat(struct kunit *test)
{
	const struct pgt_kat *k = test->param_value;
	struct swsmmu_pgtable *pgt = new_pgt(test, k->cfg.stage,
					     k->cfg.granule_shift,
					     k->cfg.ias, k->cfg.oas);
	unsigned long entries = BIT(k->cfg.granule_shift - 3);
	phys_addr_t table = swsmmu_pgtable_root(pgt), leaf_table = 0;
	struct iommu_iotlb_gather gather;
	unsigned int i;
	u64 desc = 0;

	map_ok(test, pgt, k->iova, k->pa, k->pgsize, 1, k->prot);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), k->tables);

	for (i = 0; i < k->nidx; i++) {
		/* Exactly one descriptor in use in each table on the way */
		KUNIT_EXPECT_EQ(test, nonzero(table, i ? entries :
					      k->root_entries), 1);
		desc = rd(table, k->idx[i]);
		leaf_table = table;
		if (i + 1 < k->nidx)
			table = next_tbl(test, desc);
	}
	KUNIT_EXPECT_EQ(test, desc, k->leaf);

	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, k->iova),
			k->pa);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, k->iova +
							  k->pgsize - 8),
			k->pa + k->pgsize - 8);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, k->iova - 8), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt,
							  k->iova + k->pgsize),
			0);

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, k->iova, k->pgsize, 1,
						   &gather), k->pgsize);
	KUNIT_EXPECT_EQ(test, rd(leaf_table, k->idx[k->nidx - 1]), 0);
	KUNIT_EXPECT_EQ(test, gather.start, k->iova);
	KUNIT_EXPECT_EQ(test, gather.end, k->iova + k->pgsize - 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&gather.freelist));
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, k->iova), 0);
	/* Tables stay: the unmap covered only the leaf */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), k->tables);
	/* And unmapping it again finds nothing */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, k->iova, k->pgsize, 1,
						   &gather), 0);
}

/* ---------------------------------------------------------------------- */
/* Permissions: every prot combination                                    */
/* ---------------------------------------------------------------------- */

/*
 * Each prot value p (0..63) is mapped as a 4K page at iova p << 12 in one
 * L3 table of a 4K table with ias 39 (start L1): indices 0, 0, p.
 */
static void pgt_prot_all(struct kunit *test, u8 stage)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, stage, 12, 39, 40);
	phys_addr_t l3;
	size_t mapped;
	unsigned int p;
	u64 exp;
	int ret;

	for (p = 0; p < 64; p++) {
		ret = map(pgt, (unsigned long)p << 12, 0x80000000ULL + (p << 12),
			  SZ_4K, 1, p, &mapped);
		KUNIT_EXPECT_EQ_MSG(test, ret, p & (RD | WR) ? 0 : -EINVAL,
				    "prot %#x", p);
	}
	l3 = next_tbl(test, rd(next_tbl(test, rd(swsmmu_pgtable_root(pgt), 0)),
			       0));

	for (p = 0; p < 64; p++) {
		if (!(p & (RD | WR))) {
			KUNIT_EXPECT_EQ_MSG(test, rd(l3, p), 0, "prot %#x", p);
			continue;
		}
		exp = 0x80000000ULL + (p << 12) + 0x3;
		if (stage == 1) {
			exp |= 0xf00;			/* AF, SH inner, nG */
			if (!(p & WR))
				exp |= 0x80;		/* AP[2]: read-only */
			if (!(p & PRIV))
				exp |= 0x40;		/* AP[1]: EL0 too */
			if (p & NX)
				exp |= 0x0060000000000000ULL;
			if (p & MMIO)
				exp |= 0x8;		/* AttrIndx 2 */
			else if (!(p & CA))
				exp |= 0x4;		/* AttrIndx 1 */
		} else {
			exp |= 0x700;			/* AF, SH inner */
			if (p & RD)
				exp |= 0x40;
			if (p & WR)
				exp |= 0x80;
			if (p & NX)
				exp |= 0x0040000000000000ULL;
			if (p & MMIO)
				exp |= 0x04;		/* MemAttr 0b0001 */
			else if (p & CA)
				exp |= 0x3c;		/* MemAttr 0b1111 */
			else
				exp |= 0x14;		/* MemAttr 0b0101 */
		}
		KUNIT_EXPECT_EQ_MSG(test, rd(l3, p), exp, "prot %#x", p);
	}
}

static void pgt_prot_s1(struct kunit *test)
{
	pgt_prot_all(test, 1);
}

static void pgt_prot_s2(struct kunit *test)
{
	pgt_prot_all(test, 2);
}

/* ---------------------------------------------------------------------- */
/* Unmap: tables onto the freelist, partial blocks, the gather            */
/* ---------------------------------------------------------------------- */

/*
 * S1 4K ias 48, IOVA_X = 0x40000000 (1G): L0 0, L1 1, L2 0 -> the L3 table of
 * [IOVA_X, IOVA_X + 2M) hangs off L2 index 0.
 */
#define IOVA_X	0x40000000UL
#define PA_X	0x880000000ULL

static phys_addr_t l2_of_x(struct kunit *test, struct swsmmu_pgtable *pgt)
{
	return next_tbl(test, rd(next_tbl(test, rd(swsmmu_pgtable_root(pgt),
						   0)), 1));
}

static void pgt_unmap_frees_table(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 48, 48);
	struct iommu_iotlb_gather gather;

	/* 512 4K pages: L1, L2 and one L3 table */
	map_ok(test, pgt, IOVA_X, PA_X, SZ_4K, 512, RD | WR);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 3);
	KUNIT_EXPECT_EQ(test, nonzero(rd(l2_of_x(test, pgt), 0) & ADDR_MASK,
				      512), 512);

	/* The 2M-sized unmap covers the L3 table: unlinked and queued */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_2M, 1, &gather),
			SZ_2M);
	KUNIT_EXPECT_EQ(test, rd(l2_of_x(test, pgt), 0), 0);
	KUNIT_EXPECT_EQ(test, list_pages(&gather.freelist), 1);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 2);
	KUNIT_EXPECT_EQ(test, gather.start, IOVA_X);
	KUNIT_EXPECT_EQ(test, gather.end, IOVA_X + SZ_2M - 1);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 0x1234), 0);
	swsmmu_pgtable_put_pages_list(&gather.freelist);
	KUNIT_EXPECT_TRUE(test, list_empty(&gather.freelist));

	/* 4K x 512 covers the table as well, whatever the unit */
	map_ok(test, pgt, IOVA_X, PA_X, SZ_4K, 512, RD | WR);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 3);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_4K, 512,
						   &gather), SZ_2M);
	KUNIT_EXPECT_EQ(test, list_pages(&gather.freelist), 1);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 2);
	swsmmu_pgtable_put_pages_list(&gather.freelist);

	/* 511 pages do not: leaves cleared, the table and page 511 stay */
	map_ok(test, pgt, IOVA_X, PA_X, SZ_4K, 512, RD | WR);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_4K, 511,
						   &gather), 511 * SZ_4K);
	KUNIT_EXPECT_TRUE(test, list_empty(&gather.freelist));
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 3);
	KUNIT_EXPECT_EQ(test, nonzero(rd(l2_of_x(test, pgt), 0) & ADDR_MASK,
				      512), 1);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 511 * SZ_4K),
			PA_X + 511 * SZ_4K);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 510 * SZ_4K),
			0);
	KUNIT_EXPECT_EQ(test, gather.end, IOVA_X + 511 * SZ_4K - 1);
}

static void pgt_unmap_frees_subtree(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 48, 48);
	struct iommu_iotlb_gather gather;
	phys_addr_t l1;

	/*
	 * In the 1G at IOVA_X: a 2M block at IOVA_X, 512 pages at IOVA_X + 2M (an L3
	 * table), 16 pages at IOVA_X + 4M (another one): L1 + L2 + 2 x L3.
	 */
	map_ok(test, pgt, IOVA_X, PA_X, SZ_2M, 1, RD);
	map_ok(test, pgt, IOVA_X + SZ_2M, PA_X + SZ_2M, SZ_4K, 512, RD);
	map_ok(test, pgt, IOVA_X + SZ_4M, PA_X + SZ_4M, SZ_4K, 16, RD);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 4);

	/* Unmapping the 1G unlinks the L2 table: it and both L3s go */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_1G, 1, &gather),
			SZ_1G);
	KUNIT_EXPECT_EQ(test, list_pages(&gather.freelist), 3);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 1);
	l1 = next_tbl(test, rd(swsmmu_pgtable_root(pgt), 0));
	KUNIT_EXPECT_EQ(test, rd(l1, 1), 0);
	KUNIT_EXPECT_EQ(test, gather.start, IOVA_X);
	KUNIT_EXPECT_EQ(test, gather.end, IOVA_X + SZ_1G - 1);
	swsmmu_pgtable_put_pages_list(&gather.freelist);
}

static void pgt_unmap_64k_compound(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 2, 16, 48, 48);
	struct iommu_iotlb_gather gather;
	struct page *page;

	/* 64K pages at 512M: L1 1 (the root), L2 index 0 -> L3 table */
	map_ok(test, pgt, SZ_512M * 3ULL, 0x10000000ULL, SZ_64K, 8, RD | WR);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 2);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, SZ_512M * 3ULL,
						   SZ_512M, 1, &gather),
			SZ_512M);
	KUNIT_ASSERT_EQ(test, list_pages(&gather.freelist), 1);
	page = list_first_entry(&gather.freelist, struct page, lru);
	/* A 64K table is one compound allocation of 64K */
	KUNIT_EXPECT_EQ(test, PAGE_SIZE << compound_order(page), SZ_64K);
	if (PAGE_SIZE < SZ_64K)
		KUNIT_EXPECT_TRUE(test, PageHead(page));
	swsmmu_pgtable_put_pages_list(&gather.freelist);
}

static void pgt_unmap_no_gather(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 48, 48);

	/* Without a gather the table stays, only its leaves are cleared */
	map_ok(test, pgt, IOVA_X, PA_X, SZ_4K, 512, RD);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_2M, 1, NULL),
			SZ_2M);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 3);
	KUNIT_EXPECT_EQ(test, nonzero(rd(l2_of_x(test, pgt), 0) & ADDR_MASK,
				      512), 0);
}

static void pgt_unmap_queued_gather(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 48, 48);
	struct iommu_iotlb_gather gather;

	/* A queued gather gets the table but no range (a full flush follows) */
	map_ok(test, pgt, IOVA_X, PA_X, SZ_4K, 512, RD);
	iommu_iotlb_gather_init(&gather);
	gather.queued = true;
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_2M, 1, &gather),
			SZ_2M);
	KUNIT_EXPECT_EQ(test, list_pages(&gather.freelist), 1);
	KUNIT_EXPECT_EQ(test, gather.start, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, gather.end, 0);
	swsmmu_pgtable_put_pages_list(&gather.freelist);
}

struct fake_domain {
	struct iommu_domain domain;
	unsigned int syncs;
	unsigned long start, end;
	size_t pgsize;
	unsigned int freed;
};

static void fake_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather)
{
	struct fake_domain *fd = container_of(domain, struct fake_domain,
					      domain);

	fd->syncs++;
	fd->start = gather->start;
	fd->end = gather->end;
	fd->pgsize = gather->pgsize;
	fd->freed += list_pages(&gather->freelist);
	swsmmu_pgtable_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops fake_domain_ops = {
	.iotlb_sync = fake_iotlb_sync,
};

static void pgt_unmap_gather_sync(struct kunit *test)
{
	struct fake_domain fd = { .domain.ops = &fake_domain_ops };
	struct swsmmu_pgtable_cfg cfg = {
		.stage = 1, .granule_shift = 12, .ias = 48, .oas = 48,
		.domain = &fd.domain,
	};
	struct swsmmu_pgtable *pgt = swsmmu_pgtable_alloc(&cfg, GFP_KERNEL);
	struct iommu_iotlb_gather gather;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pgt);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, free_pgt_action, pgt));

	/* 16 pages at IOVA_X (L3 table T1), 16 pages at IOVA_X + 2M (T2) */
	map_ok(test, pgt, IOVA_X, PA_X, SZ_4K, 16, RD);
	map_ok(test, pgt, IOVA_X + SZ_2M, PA_X + SZ_2M, SZ_4K, 16, RD);
	iommu_iotlb_gather_init(&gather);

	/* T1 unlinked: gathered as one 2M unit, no sync yet */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_2M, 1, &gather),
			SZ_2M);
	KUNIT_EXPECT_EQ(test, fd.syncs, 0);
	KUNIT_EXPECT_EQ(test, gather.pgsize, SZ_2M);
	KUNIT_EXPECT_EQ(test, list_pages(&gather.freelist), 1);

	/*
	 * A 4K page changes the unit: the gather syncs the 2M range first,
	 * and T1 is freed by that sync, after its range was invalidated.
	 */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + SZ_2M, SZ_4K, 2,
						   &gather), 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, fd.syncs, 1);
	KUNIT_EXPECT_EQ(test, fd.start, IOVA_X);
	KUNIT_EXPECT_EQ(test, fd.end, IOVA_X + SZ_2M - 1);
	KUNIT_EXPECT_EQ(test, fd.pgsize, SZ_2M);
	KUNIT_EXPECT_EQ(test, fd.freed, 1);
	KUNIT_EXPECT_EQ(test, gather.start, IOVA_X + SZ_2M);
	KUNIT_EXPECT_EQ(test, gather.end, IOVA_X + SZ_2M + 2 * SZ_4K - 1);
	KUNIT_EXPECT_EQ(test, gather.pgsize, SZ_4K);
	KUNIT_EXPECT_TRUE(test, list_empty(&gather.freelist));
}

static void pgt_partial_block_refused(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 48, 48);
	struct iommu_iotlb_gather gather;
	u64 block;

	map_ok(test, pgt, IOVA_X, PA_X, SZ_2M, 1, RD | WR);
	block = rd(l2_of_x(test, pgt), 0);
	/* 2M block: PA_X | 0xf00 | 0x40 | AttrIndx 1 0x4 | 0x1 */
	KUNIT_EXPECT_EQ(test, block, PA_X | 0xf45);

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_4K, 1, &gather),
			0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + SZ_1M, SZ_4K, 1,
						   &gather), 0);
	/* Up to the end of the block but not from its start */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + SZ_4K, SZ_4K, 511,
						   &gather), 0);
	/* A range that starts in a hole stops there */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X - SZ_2M, SZ_2M, 2,
						   &gather), 0);
	KUNIT_EXPECT_EQ(test, rd(l2_of_x(test, pgt), 0), block);
	KUNIT_EXPECT_EQ(test, gather.start, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 0x12345),
			PA_X + 0x12345);

	/* The whole block in 4K units is fine; a range running past it stops */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_4K, 513,
						   &gather), SZ_2M);
	KUNIT_EXPECT_EQ(test, rd(l2_of_x(test, pgt), 0), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 0x12345), 0);
}

/* A block over a table left by page-wise unmaps is mapped through it */
static void pgt_block_over_empty_table(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 48, 48);
	struct iommu_iotlb_gather gather;
	phys_addr_t l3;
	size_t mapped;

	map_ok(test, pgt, IOVA_X + SZ_8K, PA_X, SZ_4K, 1, RD);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + SZ_8K, SZ_4K, 1,
						   &gather), SZ_4K);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 3);

	map_ok(test, pgt, IOVA_X, PA_X, SZ_2M, 1, RD | WR);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 3);
	l3 = next_tbl(test, rd(l2_of_x(test, pgt), 0));
	KUNIT_EXPECT_EQ(test, nonzero(l3, 512), 512);
	/* Page 0x1ff: PA_X + 0x1ff000 | 0xf00 | 0x40 | 0x4 | 0x3 */
	KUNIT_EXPECT_EQ(test, rd(l3, 0x1ff), (PA_X + 0x1ff000) | 0xf47);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 0x1abcde),
			PA_X + 0x1abcde);

	/* Not through a table that still maps something */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_4K, 2, &gather),
			SZ_8K);
	KUNIT_EXPECT_EQ(test, map(pgt, IOVA_X, PA_X, SZ_2M, 1, RD, &mapped), -EEXIST);
	/* ...which maps pages 0 and 1 before it finds page 2 */
	KUNIT_EXPECT_EQ(test, mapped, SZ_8K);
	swsmmu_pgtable_put_pages_list(&gather.freelist);
}

/* ---------------------------------------------------------------------- */
/* Bad arguments                                                          */
/* ---------------------------------------------------------------------- */

static void pgt_bad_map_args(struct kunit *test)
{
	/* ias 39, oas 40 */
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 39, 40);
	const unsigned long top = 1UL << 39;
	const phys_addr_t ptop = 1ULL << 40;
	size_t mapped;

#define EXPECT_MAP(iova, pa, sz, n, prot, err) do {			\
	KUNIT_EXPECT_EQ(test, map(pgt, iova, pa, sz, n, prot, &mapped), err); \
	KUNIT_EXPECT_EQ(test, mapped, 0);				\
} while (0)

	EXPECT_MAP(IOVA_X + 0x800, PA_X, SZ_4K, 1, RD, -EINVAL);	/* iova */
	EXPECT_MAP(IOVA_X + SZ_4K, PA_X, SZ_2M, 1, RD, -EINVAL);	/* iova/2M */
	EXPECT_MAP(IOVA_X, PA_X + 0x800, SZ_4K, 1, RD, -EINVAL);	/* paddr */
	EXPECT_MAP(IOVA_X, PA_X + SZ_1M, SZ_2M, 1, RD, -EINVAL);	/* paddr/2M */
	EXPECT_MAP(IOVA_X, PA_X, SZ_8K, 1, RD, -EINVAL);		/* not a size */
	EXPECT_MAP(IOVA_X, PA_X, 0, 1, RD, -EINVAL);
	EXPECT_MAP(IOVA_X, PA_X, SZ_4K | SZ_2M, 1, RD, -EINVAL);
	EXPECT_MAP(IOVA_X, PA_X, SZ_64K, 1, RD, -EINVAL);		/* other granule */
	EXPECT_MAP(0, 0, 1UL << 39, 1, RD, -EINVAL);		/* no L0 block */
	EXPECT_MAP(IOVA_X, PA_X, SZ_4K, 0, RD, -EINVAL);		/* no pages */
	EXPECT_MAP(IOVA_X, PA_X, SZ_4K, 1, 0, -EINVAL);		/* no access */
	EXPECT_MAP(IOVA_X, PA_X, SZ_4K, 1, NX | CA | PRIV, -EINVAL);
	EXPECT_MAP(top, PA_X, SZ_4K, 1, RD, -ERANGE);		/* iova > ias */
	EXPECT_MAP(top - SZ_4K, PA_X, SZ_4K, 2, RD, -ERANGE);	/* runs past */
	EXPECT_MAP(~0UL << 12, PA_X, SZ_4K, 1, RD, -ERANGE);
	EXPECT_MAP(IOVA_X, PA_X, SZ_4K, SIZE_MAX, RD, -ERANGE);	/* overflow */
	EXPECT_MAP(IOVA_X, ptop, SZ_4K, 1, RD, -ERANGE);		/* pa > oas */
	EXPECT_MAP(IOVA_X, ptop - SZ_4K, SZ_4K, 2, RD, -ERANGE);
	EXPECT_MAP(IOVA_X, ptop - SZ_1G, SZ_1G, 2, RD, -ERANGE);
#undef EXPECT_MAP
	/* None of this allocated a table */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(pgt), 0);
	KUNIT_EXPECT_EQ(test, nonzero(swsmmu_pgtable_root(pgt), 512), 0);

	/* The very top of both spaces is fine */
	map_ok(test, pgt, top - SZ_4K, ptop - SZ_4K, SZ_4K, 1, RD);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, top - 1),
			ptop - 1);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, top), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, ~0UL), 0);
}

static void pgt_map_exists(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 48, 48);
	size_t mapped;

	map_ok(test, pgt, IOVA_X + 4 * SZ_4K, PA_X, SZ_4K, 4, RD);
	/* Pages IOVA_X+2, IOVA_X+3 map, IOVA_X+4 exists: -EEXIST with 8K counted */
	KUNIT_EXPECT_EQ(test, map(pgt, IOVA_X + 2 * SZ_4K, PA_X, SZ_4K, 8, RD,
				  &mapped), -EEXIST);
	KUNIT_EXPECT_EQ(test, mapped, 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 3 * SZ_4K),
			PA_X + SZ_4K);
	/* The existing page is untouched */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 4 * SZ_4K),
			PA_X);

	/* A page inside a block, and a block over a block */
	map_ok(test, pgt, IOVA_X + SZ_1G, PA_X, SZ_2M, 1, RD);
	KUNIT_EXPECT_EQ(test, map(pgt, IOVA_X + SZ_1G + SZ_4K, PA_X, SZ_4K, 1, RD,
				  &mapped), -EEXIST);
	KUNIT_EXPECT_EQ(test, mapped, 0);
	KUNIT_EXPECT_EQ(test, map(pgt, IOVA_X + SZ_1G, PA_X, SZ_2M, 1, RD, &mapped),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, map(pgt, IOVA_X + SZ_1G, PA_X, SZ_1G, 1, RD, &mapped),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, mapped, 0);
}

static void pgt_bad_unmap_args(struct kunit *test)
{
	struct swsmmu_pgtable *pgt = new_pgt(test, 1, 12, 39, 40);
	struct iommu_iotlb_gather gather;

	map_ok(test, pgt, IOVA_X, PA_X, SZ_4K, 16, RD);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + 8, SZ_4K, 1,
						   &gather), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_8K, 1, &gather),
			0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_64K, 1, &gather),
			0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_4K, 0, &gather),
			0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X, SZ_4K, SIZE_MAX,
						   &gather), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, 1UL << 39, SZ_4K, 1,
						   &gather), 0);
	/* Never mapped */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + SZ_1G, SZ_4K, 1,
						   &gather), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + SZ_2M, SZ_2M, 1,
						   &gather), 0);
	KUNIT_EXPECT_EQ(test, gather.start, ULONG_MAX);
	KUNIT_EXPECT_TRUE(test, list_empty(&gather.freelist));
	/* Everything still mapped; a range running into a hole stops there */
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(pgt, IOVA_X + 15 * SZ_4K),
			PA_X + 15 * SZ_4K);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(pgt, IOVA_X + 8 * SZ_4K, SZ_4K,
						   16, &gather), 8 * SZ_4K);
}

/* ---------------------------------------------------------------------- */
/* Differential test against io-pgtable-arm                               */
/* ---------------------------------------------------------------------- */

struct diff_case {
	const char *name;
	u8 stage, g, ias, oas;
};

static const struct diff_case diff_cases[] = {
	{ "s1-4k-48", 1, 12, 48, 48 },
	{ "s1-4k-39", 1, 12, 39, 44 },
	{ "s1-16k-48", 1, 14, 48, 48 },
	{ "s1-64k-48", 1, 16, 48, 48 },
	{ "s2-4k-40", 2, 12, 40, 40 },
	{ "s2-16k-48", 2, 14, 48, 48 },
	{ "s2-64k-48", 2, 16, 48, 48 },
};

static void diff_desc(const struct diff_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(diff, diff_cases, diff_desc);

#if IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_LPAE)

#define DIFF_RANGES	1000
#define DIFF_SEED	0x5eed5a11

struct diff_range {
	unsigned long iova;
	phys_addr_t pa;
	size_t pgsize;
	size_t count;
	int prot;
	bool mapped;
};

struct diff_ctx {
	struct kunit *test;
	const struct diff_case *c;
	struct swsmmu_pgtable *ours;
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg cfg;
	phys_addr_t io_root;
	unsigned int start, root_bits;
	struct rnd_state rnd;
	unsigned long compared;
};

static void noop_flush_all(void *cookie)
{
}

static void noop_flush_walk(unsigned long iova, size_t size, size_t granule,
			    void *cookie)
{
}

static void noop_add_page(struct iommu_iotlb_gather *gather,
			  unsigned long iova, size_t granule, void *cookie)
{
}

static const struct iommu_flush_ops noop_flush_ops = {
	.tlb_flush_all = noop_flush_all,
	.tlb_flush_walk = noop_flush_walk,
	.tlb_add_page = noop_add_page,
};

static void free_io_pgtable_action(void *ops)
{
	free_io_pgtable_ops(ops);
}

static u32 rnd32(struct diff_ctx *d)
{
	return prandom_u32_state(&d->rnd);
}

static u64 rnd64(struct diff_ctx *d)
{
	return (u64)rnd32(d) << 32 | rnd32(d);
}

/*
 * Bits compared between the two implementations' leaves.  Differences by
 * design, not compared: stage 1 AttrIndx [4:2] (ours: 0 WB, 1 NC, 2 Dev;
 * io-pgtable-arm: 0 NC, 1 WB, 2 Dev) and SH [9:8] (ours always inner;
 * io-pgtable-arm outer unless IOMMU_CACHE); stage 2 SH the same, and
 * XN[0] (bit 53), which io-pgtable-arm sets with XN[1] for IOMMU_NOEXEC
 * while we leave it 0: XN[1:0] = 0b10 is execute-never at every EL, and
 * with FEAT_XNX 0b11 would allow EL1 execution.
 */
static u64 diff_mask(u8 stage)
{
	if (stage == 1)		/* type, AP[2:1], AF, nG, PXN, UXN */
		return 0x3 | 0xc0 | 0x400 | 0x800 | 0x0060000000000000ULL;
	/* type, MemAttr, S2AP, AF, XN[1] */
	return 0x3 | 0x3c | 0xc0 | 0x400 | 0x0040000000000000ULL;
}

static void diff_probe(struct diff_ctx *d, unsigned long iova,
		       phys_addr_t expect, bool mapped)
{
	struct kunit *test = d->test;
	unsigned int g = d->c->g, lo = 0, li = 0;
	phys_addr_t po, pi;
	u64 o, i, mask = diff_mask(d->c->stage);

	po = swsmmu_pgtable_iova_to_phys(d->ours, iova);
	pi = d->ops->iova_to_phys(d->ops, iova);
	KUNIT_EXPECT_EQ_MSG(test, po, pi, "iova %#lx", iova);
	if (mapped)
		KUNIT_EXPECT_EQ_MSG(test, po, expect, "iova %#lx", iova);

	o = hand_walk(swsmmu_pgtable_root(d->ours), g, d->start, d->root_bits,
		      iova, &lo);
	i = hand_walk(d->io_root, g, d->start, d->root_bits, iova, &li);
	KUNIT_EXPECT_EQ_MSG(test, !o, !mapped, "iova %#lx", iova);
	KUNIT_EXPECT_EQ_MSG(test, !i, !mapped, "iova %#lx", iova);
	if (!o || !i)
		return;
	KUNIT_EXPECT_EQ_MSG(test, lo, li, "iova %#lx leaf level", iova);
	KUNIT_EXPECT_EQ_MSG(test, o & mask, i & mask, "iova %#lx: %#llx %#llx",
			    iova, o, i);
	/* Output address of the leaf, plus the offset into it */
	KUNIT_EXPECT_EQ_MSG(test, o & ADDR_MASK, i & ADDR_MASK, "iova %#lx",
			    iova);
	d->compared++;
}

static void diff_probe_range(struct diff_ctx *d, const struct diff_range *r)
{
	size_t size = r->pgsize * r->count;
	unsigned long off[3] = { 0, size - 8,
				 (rnd64(d) % size) & ~7UL };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(off); k++)
		diff_probe(d, r->iova + off[k], r->pa + off[k], r->mapped);
}

static void diff_map(struct diff_ctx *d, struct diff_range *r)
{
	struct kunit *test = d->test;
	size_t size = r->pgsize * r->count, mapped = 0, done = 0, m;

	KUNIT_ASSERT_EQ(test, swsmmu_pgtable_map(d->ours, r->iova, r->pa,
						 r->pgsize, r->count, r->prot,
						 GFP_KERNEL, &mapped), 0);
	KUNIT_ASSERT_EQ(test, mapped, size);
	/* io-pgtable-arm maps at most up to the end of a table per call */
	while (done < size) {
		m = 0;
		KUNIT_ASSERT_EQ(test, d->ops->map_pages(d->ops, r->iova + done,
							r->pa + done, r->pgsize,
							(size - done) / r->pgsize,
							r->prot, GFP_KERNEL, &m),
				0);
		KUNIT_ASSERT_GT(test, m, 0);
		done += m;
	}
	r->mapped = true;
}

static void diff_unmap(struct diff_ctx *d, struct diff_range *r)
{
	struct kunit *test = d->test;
	size_t size = r->pgsize * r->count, done = 0, u;
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, swsmmu_pgtable_unmap(d->ours, r->iova, r->pgsize,
						   r->count, &gather), size);
	swsmmu_pgtable_put_pages_list(&gather.freelist);
	while (done < size) {
		iommu_iotlb_gather_init(&gather);
		u = d->ops->unmap_pages(d->ops, r->iova + done, r->pgsize,
					(size - done) / r->pgsize, &gather);
		KUNIT_ASSERT_GT(test, u, 0);
		done += u;
	}
	r->mapped = false;
}

static void diff_new_target(struct diff_ctx *d, struct diff_range *r)
{
	u64 oas_mask = BIT_ULL(d->c->oas) - 1;
	size_t size = r->pgsize * r->count;

	r->pa = rnd64(d) & oas_mask & ~(u64)(r->pgsize - 1);
	if (r->pa + size > oas_mask + 1)
		r->pa = oas_mask + 1 - size;
	r->prot = rnd32(d) & 0x3f;
	if (!(r->prot & (RD | WR)))
		r->prot |= RD;
}

static void pgt_diff_io_pgtable(struct kunit *test)
{
	const struct diff_case *c = test->param_value;
	struct swsmmu_pgtable_cfg ocfg = {
		.stage = c->stage, .granule_shift = c->g, .ias = c->ias,
		.oas = c->oas,
	};
	unsigned long bitmap = swsmmu_pgtable_pgsize_bitmap(&ocfg);
	unsigned long cursor = 0, limit = 1UL << c->ias;
	unsigned int i, n = 0, stride = c->g - 3;
	unsigned long blocks[2] = { 0, 0 };
	struct diff_range *ranges;
	struct diff_ctx *d;
	struct device *dev;
	size_t pgsize;
	u32 r, gap;

	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	ranges = kunit_kcalloc(test, DIFF_RANGES, sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	d->test = test;
	d->c = c;
	prandom_seed_state(&d->rnd, DIFF_SEED + c->stage * 10000 + c->g * 100 +
			   c->ias);
	d->ours = new_pgt(test, c->stage, c->g, c->ias, c->oas);

	dev = kunit_device_register(test, "swsmmu-pgt-diff");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	d->cfg = (struct io_pgtable_cfg) {
		.pgsize_bitmap = bitmap, .ias = c->ias, .oas = c->oas,
		.coherent_walk = true, .tlb = &noop_flush_ops,
		.iommu_dev = dev,
	};
	d->ops = alloc_io_pgtable_ops(c->stage == 1 ? ARM_64_LPAE_S1 :
				      ARM_64_LPAE_S2, &d->cfg, NULL);
	KUNIT_ASSERT_NOT_NULL(test, d->ops);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, free_io_pgtable_action,
						  d->ops));

	/* Both agree on the page sizes and on what the CD/STE get */
	KUNIT_EXPECT_EQ(test, d->cfg.pgsize_bitmap, bitmap);
	if (c->stage == 1) {
		d->io_root = d->cfg.arm_lpae_s1_cfg.ttbr;
		KUNIT_EXPECT_EQ(test, (unsigned int)d->cfg.arm_lpae_s1_cfg.tcr.tsz,
				swsmmu_pgtable_tsz(d->ours));
		KUNIT_EXPECT_EQ(test, (unsigned int)d->cfg.arm_lpae_s1_cfg.tcr.tg,
				swsmmu_pgtable_tg(d->ours));
		KUNIT_EXPECT_EQ(test, (unsigned int)d->cfg.arm_lpae_s1_cfg.tcr.ips,
				swsmmu_pgtable_ps(d->ours));
	} else {
		d->io_root = d->cfg.arm_lpae_s2_cfg.vttbr;
		KUNIT_EXPECT_EQ(test, (unsigned int)d->cfg.arm_lpae_s2_cfg.vtcr.tsz,
				swsmmu_pgtable_tsz(d->ours));
		KUNIT_EXPECT_EQ(test, (unsigned int)d->cfg.arm_lpae_s2_cfg.vtcr.tg,
				swsmmu_pgtable_tg(d->ours));
		KUNIT_EXPECT_EQ(test, (unsigned int)d->cfg.arm_lpae_s2_cfg.vtcr.ps,
				swsmmu_pgtable_ps(d->ours));
		KUNIT_EXPECT_EQ(test, (unsigned int)d->cfg.arm_lpae_s2_cfg.vtcr.sl,
				swsmmu_pgtable_s2_sl0(d->ours));
	}
	d->start = swsmmu_pgtable_start_level(d->ours);
	d->root_bits = c->ias - (c->g + (3 - d->start) * stride);

	/* The block sizes, largest last */
	for (i = 0, pgsize = bitmap & ~BIT(c->g); pgsize && i < 2; i++) {
		blocks[i] = BIT(__ffs(pgsize));
		pgsize &= pgsize - 1;
	}

	/*
	 * Phase 1: disjoint random ranges, mapped into both; the second half
	 * in the upper half of the input space, which with concatenated
	 * starting tables lies in the last of them.
	 */
	for (n = 0; n < DIFF_RANGES; n++) {
		struct diff_range *rg = &ranges[n];

		if (n == DIFF_RANGES / 2)
			cursor = max(cursor, limit / 2);
		r = rnd32(d) % 10;
		gap = rnd32(d) % 4;
		if (r == 0 && blocks[1]) {
			/* 1G blocks: keep the 512G of ias 39 from running out */
			rg->pgsize = blocks[1];
			rg->count = 1 + rnd32(d) % 2;
			gap %= 2;
		} else if (r < 3) {
			rg->pgsize = blocks[0];
			rg->count = 1 + rnd32(d) % 3;
		} else {
			rg->pgsize = BIT(c->g);
			rg->count = 1 + rnd32(d) % 64;
		}
		rg->iova = ALIGN(cursor, rg->pgsize) + gap * rg->pgsize;
		if (rg->iova >= limit ||
		    rg->pgsize * rg->count > limit - rg->iova)
			break;
		cursor = rg->iova + rg->pgsize * rg->count;
		diff_new_target(d, rg);
		diff_map(d, rg);
	}
	kunit_info(test, "%u ranges up to iova %#lx\n", n, cursor);
	KUNIT_EXPECT_EQ(test, n, DIFF_RANGES);

	for (i = 0; i < n; i++)
		diff_probe_range(d, &ranges[i]);
	/* Anywhere, mapped or not: the two agree */
	for (i = 0; i < 4 * n; i++) {
		unsigned long iova = rnd64(d) % cursor;

		KUNIT_EXPECT_EQ_MSG(test,
				    swsmmu_pgtable_iova_to_phys(d->ours, iova),
				    d->ops->iova_to_phys(d->ops, iova),
				    "iova %#lx", iova);
	}

	/* Phase 2: unmap every other range from both */
	for (i = 1; i < n; i += 2)
		diff_unmap(d, &ranges[i]);
	for (i = 0; i < n; i++)
		diff_probe_range(d, &ranges[i]);

	/* Phase 3: map them again, elsewhere and with other permissions */
	for (i = 1; i < n; i += 2) {
		diff_new_target(d, &ranges[i]);
		diff_map(d, &ranges[i]);
	}
	for (i = 0; i < n; i++)
		diff_probe_range(d, &ranges[i]);

	/* Phase 4: unmap everything */
	for (i = 0; i < n; i++)
		diff_unmap(d, &ranges[i]);
	for (i = 0; i < n; i++)
		diff_probe_range(d, &ranges[i]);
	kunit_info(test, "%lu leaves compared\n", d->compared);
}

#else /* !CONFIG_IOMMU_IO_PGTABLE_LPAE */

static void pgt_diff_io_pgtable(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_IOMMU_IO_PGTABLE_LPAE");
}

#endif

/* ---------------------------------------------------------------------- */
/* Concurrency                                                            */
/* ---------------------------------------------------------------------- */

/*
 * Two threads map the pages IOVA_X and IOVA_X + 4K of a fresh 4K table at the same
 * moment: both race to install the L1, L2 and L3 tables on the same empty
 * slots.  Whoever loses must use the winner's table, so afterwards there
 * are exactly three tables and both pages are in the same L3 table.
 */
struct race {
	struct swsmmu_pgtable *pgt;
	atomic_t ready;
	atomic_t go;
	int ret[2];
	struct completion done[2];
};

struct race_arg {
	struct race *r;
	unsigned int id;
};

static int race_thread(void *data)
{
	struct race_arg *a = data;
	struct race *r = a->r;
	size_t mapped = 0;

	atomic_inc(&r->ready);
	while (!atomic_read(&r->go))
		cpu_relax();
	r->ret[a->id] = swsmmu_pgtable_map(r->pgt, IOVA_X + a->id * SZ_4K,
					   PA_X + a->id * SZ_4K, SZ_4K, 1, RD,
					   GFP_ATOMIC, &mapped);
	kthread_complete_and_exit(&r->done[a->id], 0);
}

#define RACE_ROUNDS	64

static void pgt_race_install(struct kunit *test)
{
	struct swsmmu_pgtable_cfg cfg = {
		.stage = 1, .granule_shift = 12, .ias = 48, .oas = 48,
	};
	struct race_arg args[2];
	struct task_struct *t;
	struct race r;
	unsigned int round, id;
	phys_addr_t l3;

	for (round = 0; round < RACE_ROUNDS; round++) {
		memset(&r, 0, sizeof(r));
		r.pgt = swsmmu_pgtable_alloc(&cfg, GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r.pgt);
		for (id = 0; id < 2; id++) {
			init_completion(&r.done[id]);
			args[id] = (struct race_arg){ .r = &r, .id = id };
			t = kthread_run(race_thread, &args[id], "pgt-race/%u",
					id);
			if (IS_ERR(t)) {
				/* Let a started thread finish, then fail */
				atomic_set(&r.go, 1);
				if (id)
					wait_for_completion(&r.done[0]);
				swsmmu_pgtable_free(r.pgt);
				KUNIT_FAIL(test, "kthread_run: %ld",
					   PTR_ERR(t));
				return;
			}
		}
		while (atomic_read(&r.ready) < 2)
			schedule_timeout_uninterruptible(1);
		atomic_set(&r.go, 1);
		wait_for_completion(&r.done[0]);
		wait_for_completion(&r.done[1]);

		KUNIT_EXPECT_EQ(test, r.ret[0], 0);
		KUNIT_EXPECT_EQ(test, r.ret[1], 0);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_nr_tables(r.pgt), 3);
		l3 = next_tbl(test, rd(l2_of_x(test, r.pgt), 0));
		KUNIT_EXPECT_EQ(test, nonzero(l3, 512), 2);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(r.pgt,
								  IOVA_X + SZ_4K),
				PA_X + SZ_4K);
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(r.pgt, IOVA_X),
				PA_X);
		swsmmu_pgtable_free(r.pgt);
	}
}

/*
 * Two mappers own interleaved 2M regions of one L2 table (thread i the
 * regions 2k + i, k < 8) and toggle random ones between mapped and
 * unmapped in every way they can (4K pages in one or two calls with
 * GFP_ATOMIC and preemption off, or a 2M block, possibly through a table
 * left by page-wise unmaps; unmapped whole, which unlinks the table, or
 * in halves, which keeps it) while a walker translates random addresses
 * in all 16 regions, about half of them mapped at any time.  A
 * translation must be absent or iova + SMOKE_DELTA.  Unlinked tables are
 * freed only after an RCU grace period, the walker translating under
 * rcu_read_lock(): our stand-in for the IOTLB invalidation that a real
 * walker would need.
 */
#define SMOKE_BASE	0x7f0000000000UL
#define SMOKE_DELTA	0x100000000000ULL
#define SMOKE_REGIONS	16

struct smoke {
	struct swsmmu_pgtable *pgt;
	atomic_t errors;
	atomic_long_t cycles;
	atomic_long_t probes;
	atomic_long_t hits;
};

struct smoke_arg {
	struct smoke *s;
	unsigned int id;
	struct rnd_state rnd;
};

static void smoke_error(struct smoke *s, const char *what, unsigned long iova,
			long val)
{
	if (atomic_inc_return(&s->errors) <= 5)
		pr_err("swsmmu-pgtable smoke: %s at %#lx: %ld\n", what, iova,
		       val);
}

static int smoke_map(struct smoke *s, unsigned long iova, size_t pgsize,
		     size_t count)
{
	size_t mapped = 0;
	int ret;

	preempt_disable();
	ret = swsmmu_pgtable_map(s->pgt, iova, iova + SMOKE_DELTA, pgsize,
				 count, RD | WR, GFP_ATOMIC, &mapped);
	preempt_enable();
	if (ret || mapped != pgsize * count)
		smoke_error(s, "map", iova, ret ? ret : (long)mapped);
	return ret;
}

/* Unmap region @iova, mapped with pages unless @block; queue its tables */
static void smoke_unmap(struct smoke_arg *a, unsigned long iova, bool block,
			struct list_head *pending)
{
	struct iommu_iotlb_gather gather;
	size_t unmapped;

	iommu_iotlb_gather_init(&gather);
	if (block || prandom_u32_state(&a->rnd) % 2) {
		unmapped = swsmmu_pgtable_unmap(a->s->pgt, iova, SZ_2M, 1,
						&gather);
	} else {
		unmapped = swsmmu_pgtable_unmap(a->s->pgt, iova, SZ_4K, 256,
						&gather);
		unmapped += swsmmu_pgtable_unmap(a->s->pgt, iova + SZ_1M,
						 SZ_4K, 256, &gather);
	}
	if (unmapped != SZ_2M)
		smoke_error(a->s, "unmap", iova, unmapped);
	list_splice_tail_init(&gather.freelist, pending);
}

enum { SMOKE_UNMAPPED, SMOKE_PAGES, SMOKE_BLOCK };

static int smoke_mapper(void *data)
{
	struct smoke_arg *a = data;
	struct smoke *s = a->s;
	u8 state[SMOKE_REGIONS / 2] = { };
	unsigned long iova, n = 0;
	LIST_HEAD(pending);
	unsigned int k;

	while (!kthread_should_stop()) {
		k = prandom_u32_state(&a->rnd) % ARRAY_SIZE(state);
		iova = SMOKE_BASE + (2 * k + a->id) * SZ_2M;
		if (state[k] != SMOKE_UNMAPPED) {
			smoke_unmap(a, iova, state[k] == SMOKE_BLOCK, &pending);
			state[k] = SMOKE_UNMAPPED;
		} else {
			switch (prandom_u32_state(&a->rnd) % 3) {
			case 0:
				smoke_map(s, iova, SZ_4K, 512);
				state[k] = SMOKE_PAGES;
				break;
			case 1:
				smoke_map(s, iova, SZ_4K, 200);
				smoke_map(s, iova + 200 * SZ_4K, SZ_4K, 312);
				state[k] = SMOKE_PAGES;
				break;
			default:
				/* Through a table if halves left one behind */
				smoke_map(s, iova, SZ_2M, 1);
				state[k] = SMOKE_BLOCK;
				break;
			}
		}
		if (++n % 16 == 0) {
			synchronize_rcu();
			swsmmu_pgtable_put_pages_list(&pending);
		}
		atomic_long_inc(&s->cycles);
		cond_resched();
	}
	for (k = 0; k < ARRAY_SIZE(state); k++)
		if (state[k] != SMOKE_UNMAPPED)
			smoke_unmap(a, SMOKE_BASE + (2 * k + a->id) * SZ_2M,
				    state[k] == SMOKE_BLOCK, &pending);
	synchronize_rcu();
	swsmmu_pgtable_put_pages_list(&pending);
	return 0;
}

static int smoke_walker(void *data)
{
	struct smoke_arg *a = data;
	struct smoke *s = a->s;
	unsigned long iova, n = 0;
	phys_addr_t pa;

	while (!kthread_should_stop()) {
		iova = SMOKE_BASE + ((prandom_u32_state(&a->rnd) %
				      (SMOKE_REGIONS * SZ_2M)) & ~7UL);
		rcu_read_lock();
		pa = swsmmu_pgtable_iova_to_phys(s->pgt, iova);
		rcu_read_unlock();
		if (pa && pa != iova + SMOKE_DELTA)
			smoke_error(s, "translation", iova, pa);
		atomic_long_inc(&s->probes);
		if (pa)
			atomic_long_inc(&s->hits);
		if (++n % 64 == 0)
			cond_resched();
	}
	return 0;
}

static void pgt_concurrency_smoke(struct kunit *test)
{
	struct smoke *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct smoke_arg *args = kunit_kcalloc(test, 3, sizeof(*args),
					       GFP_KERNEL);
	struct task_struct *t[3];
	unsigned long iova;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, args);
	s->pgt = new_pgt(test, 1, 12, 48, 48);
	for (i = 0; i < 3; i++) {
		args[i].s = s;
		args[i].id = i;
		prandom_seed_state(&args[i].rnd, 0xc0ffee + i);
		t[i] = kthread_run(i < 2 ? smoke_mapper : smoke_walker,
				   &args[i], "pgt-smoke/%u", i);
		if (IS_ERR(t[i])) {
			while (i--)
				kthread_stop(t[i]);
			KUNIT_FAIL(test, "kthread_run failed");
			return;
		}
	}
	msleep(1000);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, kthread_stop(t[i]), 0);

	kunit_info(test, "%ld map/unmap cycles, %ld probes, %ld hits\n",
		   atomic_long_read(&s->cycles), atomic_long_read(&s->probes),
		   atomic_long_read(&s->hits));
	KUNIT_EXPECT_EQ(test, atomic_read(&s->errors), 0);
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->cycles), 0);
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->probes), 0);
	/* Every region ends unmapped */
	for (i = 0; i < SMOKE_REGIONS * 512; i++) {
		iova = SMOKE_BASE + i * SZ_4K;
		KUNIT_EXPECT_EQ(test, swsmmu_pgtable_iova_to_phys(s->pgt, iova),
				0);
	}
}

static struct kunit_case swsmmu_pgtable_cases[] = {
	KUNIT_CASE(pgt_geometry),
	KUNIT_CASE(pgt_mair),
	KUNIT_CASE(pgt_bad_cfg),
	KUNIT_CASE_PARAM(pgt_kat, kat_gen_params),
	KUNIT_CASE(pgt_prot_s1),
	KUNIT_CASE(pgt_prot_s2),
	KUNIT_CASE(pgt_unmap_frees_table),
	KUNIT_CASE(pgt_unmap_frees_subtree),
	KUNIT_CASE(pgt_unmap_64k_compound),
	KUNIT_CASE(pgt_unmap_no_gather),
	KUNIT_CASE(pgt_unmap_queued_gather),
	KUNIT_CASE(pgt_unmap_gather_sync),
	KUNIT_CASE(pgt_partial_block_refused),
	KUNIT_CASE(pgt_block_over_empty_table),
	KUNIT_CASE(pgt_bad_map_args),
	KUNIT_CASE(pgt_map_exists),
	KUNIT_CASE(pgt_bad_unmap_args),
	KUNIT_CASE_PARAM(pgt_diff_io_pgtable, diff_gen_params),
	KUNIT_CASE(pgt_race_install),
	KUNIT_CASE_SLOW(pgt_concurrency_smoke),
	{}
};

static struct kunit_suite swsmmu_pgtable_suite = {
	.name = "swsmmu-pgtable",
	.test_cases = swsmmu_pgtable_cases,
};

kunit_test_suite(swsmmu_pgtable_suite);
