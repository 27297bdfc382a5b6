// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of the software SMMU's table walker against the
 * kernel's own ARM LPAE page table code (io-pgtable-arm): tables built by
 * alloc_io_pgtable_ops() with thousands of random mappings are walked both
 * by the model and by ops->iova_to_phys(), which must agree on every output
 * address and on where there is no translation.  The permissions the
 * walker grants are compared with those implied by the IOMMU_* flags each
 * range was mapped with.
 *
 * Skipped unless the kernel has CONFIG_IOMMU_IO_PGTABLE_LPAE.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/io-pgtable.h>
#include <linux/iommu.h>
#include <linux/log2.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include "model/model.h"

#define WD_MAPS		1500
#define WD_PROBES	4000
/* Mappings go in two windows, at the bottom and the top of a 48-bit space */
#define WD_IAS		48
#define WD_WINDOW	BIT_ULL(36)

/* Permission shorthands */
#define RP	HW_PERM_R_PRIV
#define WP	HW_PERM_W_PRIV
#define XP	HW_PERM_X_PRIV
#define RU	HW_PERM_R_UNPRIV
#define WU	HW_PERM_W_UNPRIV
#define XU	HW_PERM_X_UNPRIV

struct wd_map {
	u64 iova;
	u64 pa;
	u64 size;	/* of one page or block */
	unsigned int count;
	int prot;
	bool unmapped;
};

struct wd {
	struct kunit *test;
	struct rnd_state rnd;
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg cfg;
	struct swsmmu_hw *hw;
	bool s2;
	unsigned int nr;
	struct wd_map map[WD_MAPS];
};

static void wd_flush_all(void *cookie)
{
}

static void wd_flush_walk(unsigned long iova, size_t size, size_t granule,
			  void *cookie)
{
}

static const struct iommu_flush_ops wd_flush_ops = {
	.tlb_flush_all = wd_flush_all,
	.tlb_flush_walk = wd_flush_walk,
};

KUNIT_DEFINE_ACTION_WRAPPER(wd_free_ops, free_io_pgtable_ops,
			    struct io_pgtable_ops *);
KUNIT_DEFINE_ACTION_WRAPPER(wd_hw_destroy, swsmmu_hw_destroy,
			    struct swsmmu_hw *);

static u64 wd_u64(struct wd *wd)
{
	return (u64)prandom_u32_state(&wd->rnd) << 32 |
	       prandom_u32_state(&wd->rnd);
}

static u32 wd_below(struct wd *wd, u32 n)
{
	return prandom_u32_state(&wd->rnd) % n;
}

/* TCR.TG0 (and VTCR.TG0) encoding to log2 of the granule */
static u8 wd_tg0_shift(unsigned int tg)
{
	switch (tg) {
	case SWSMMU_TCR_TG0_4K:
		return 12;
	case SWSMMU_TCR_TG0_16K:
		return 14;
	case SWSMMU_TCR_TG0_64K:
		return 16;
	}
	return 0;
}

/* TCR.IPS / VTCR.PS encoding to a number of bits */
static u8 wd_ps_bits(unsigned int ps)
{
	static const u8 bits[] = {
		[PA_SIZE_32] = 32, [PA_SIZE_36] = 36, [PA_SIZE_40] = 40,
		[PA_SIZE_42] = 42, [PA_SIZE_44] = 44, [PA_SIZE_48] = 48,
		[PA_SIZE_52] = 52,
	};

	return ps < ARRAY_SIZE(bits) ? bits[ps] : 0;
}

static bool wd_overlaps(const struct wd *wd, u64 start, u64 end)
{
	unsigned int i;

	for (i = 0; i < wd->nr; i++) {
		const struct wd_map *m = &wd->map[i];

		if (start < m->iova + m->size * m->count && m->iova < end)
			return true;
	}
	return false;
}

/* Map up to WD_MAPS random, non-overlapping ranges; unmap a tenth again */
static void wd_populate(struct wd *wd)
{
	struct kunit *test = wd->test;
	unsigned long sizes = wd->cfg.pgsize_bitmap;
	unsigned int i, nsizes = hweight_long(sizes), pick;
	struct wd_map *m;
	size_t mapped;
	u64 size, base, done;
	int ret;

	for (i = 0; i < WD_MAPS; i++) {
		m = &wd->map[wd->nr];
		/* Pages 3 times in 4, else any block size */
		pick = wd_below(wd, 4) ? 0 : wd_below(wd, nsizes);
		size = 1ULL << __ffs(sizes);
		while (pick--)
			size = 1ULL << __ffs(sizes & ~(2 * size - 1));
		m->size = size;
		m->count = size == (1ULL << __ffs(sizes)) ?
			   1 + wd_below(wd, 8) : 1;
		base = wd_below(wd, 2) ? 0 : BIT_ULL(WD_IAS) - WD_WINDOW;
		m->iova = base + (wd_u64(wd) % (WD_WINDOW / size -
						 m->count + 1)) * size;
		/* Any PA below 2^47 (not dereferenced), never 0 */
		m->pa = (wd_u64(wd) & GENMASK_ULL(46, 0) & ~(size - 1)) | size;
		/* IOMMU_READ (1), IOMMU_WRITE (2) or both */
		m->prot = 1 + wd_below(wd, 3);
		if (wd_below(wd, 2))
			m->prot |= IOMMU_NOEXEC;
		if (wd_below(wd, 2))
			m->prot |= IOMMU_PRIV;
		if (wd_below(wd, 2))
			m->prot |= IOMMU_CACHE;
		m->unmapped = false;
		if (wd_overlaps(wd, m->iova, m->iova + size * m->count))
			continue;

		/* map_pages() stops at the end of a table: go on from there */
		for (done = 0; done < size * m->count; done += mapped) {
			mapped = 0;
			ret = wd->ops->map_pages(wd->ops, m->iova + done,
						 m->pa + done, size,
						 m->count - done / size,
						 m->prot, GFP_KERNEL, &mapped);
			KUNIT_ASSERT_EQ(test, ret, 0);
			KUNIT_ASSERT_NE(test, mapped, 0);
		}
		KUNIT_ASSERT_EQ(test, done, size * m->count);
		wd->nr++;
	}

	for (i = 0; i < wd->nr; i++) {
		m = &wd->map[i];
		if (wd_below(wd, 10))
			continue;
		for (done = 0; done < m->size * m->count; done += mapped) {
			mapped = wd->ops->unmap_pages(wd->ops, m->iova + done,
						      m->size, m->count -
						      done / m->size, NULL);
			KUNIT_ASSERT_NE(test, mapped, 0);
		}
		KUNIT_ASSERT_EQ(test, done, m->size * m->count);
		m->unmapped = true;
	}
}

/*
 * What a leaf mapped with @prot grants.  Stage 1 (io-pgtable): AP[2] unless
 * IOMMU_WRITE, AP[1] unless IOMMU_PRIV, UXN and PXN with IOMMU_NOEXEC.
 * Stage 2: S2AP from IOMMU_READ/WRITE, XN with IOMMU_NOEXEC.
 */
static u8 wd_expect_perm(const struct wd *wd, int prot, bool wxn, bool pan)
{
	bool r = prot & IOMMU_READ, w = prot & IOMMU_WRITE;
	bool x = !(prot & IOMMU_NOEXEC), el0 = !(prot & IOMMU_PRIV);
	u8 p = 0;

	if (wd->s2) {
		if (r)
			p |= RP | RU;
		if (w)
			p |= WP | WU;
		if (x)
			p |= XP | XU;
		return p;
	}
	/* Every mapping is readable at stage 1; writable iff IOMMU_WRITE */
	p = RP | (w ? WP : 0);
	if (el0)
		p |= RU | (w ? WU : 0);
	/* EL0-writable is privileged execute-never; WXN; PAN */
	if (x && !(el0 && w) && !(wxn && w))
		p |= XP;
	if (x && !(wxn && el0 && w))
		p |= XU;
	if (pan && el0)
		p &= ~(RP | WP);
	return p;
}

static const struct wd_map *wd_find(const struct wd *wd, u64 iova)
{
	unsigned int i;

	for (i = 0; i < wd->nr; i++) {
		const struct wd_map *m = &wd->map[i];

		if (iova >= m->iova && iova < m->iova + m->size * m->count)
			return m;
	}
	return NULL;
}

/* Probe @iova both ways; true if it translates */
static bool wd_probe(struct wd *wd, const struct hw_s1_cfg *s1_base,
		     const struct hw_s2_cfg *s2, u64 iova)
{
	struct kunit *test = wd->test;
	struct hw_s1_cfg s1 = *s1_base;
	const struct wd_map *m;
	struct hw_walk w;
	struct hw_fault f;
	phys_addr_t pa;
	int ret;

	s1.wxn = wd_below(wd, 2);
	s1.pan = wd_below(wd, 2);
	pa = wd->ops->iova_to_phys(wd->ops, iova);
	if (wd->s2)
		ret = swsmmu_hw_walk_s2(wd->hw, s2, iova, EVTQ_1_CLASS_IN, &w, &f);
	else
		ret = swsmmu_hw_walk_s1(wd->hw, &s1, NULL, iova, 0, &w, &f);

	m = wd_find(wd, iova);
	if (!pa) {
		KUNIT_ASSERT_EQ_MSG(test, ret, EVT_ID_TRANSLATION,
				    "iova %#llx", iova);
		KUNIT_ASSERT_EQ(test, f.s2, wd->s2);
		KUNIT_ASSERT_TRUE_MSG(test, !m || m->unmapped,
				      "iova %#llx mapped but no PA", iova);
		return false;
	}
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "iova %#llx pa %pa: event %#x",
			    iova, &pa, f.id);
	KUNIT_ASSERT_EQ_MSG(test, w.oa, (u64)pa, "iova %#llx", iova);
	KUNIT_ASSERT_NOT_NULL_MSG(test, m, "iova %#llx unknown", iova);
	KUNIT_ASSERT_FALSE(test, m->unmapped);
	KUNIT_ASSERT_EQ(test, w.oa, m->pa + (iova - m->iova));
	KUNIT_ASSERT_EQ_MSG(test, BIT_ULL(w.block_shift), m->size,
			    "iova %#llx", iova);
	KUNIT_ASSERT_EQ_MSG(test, wd->s2 ? w.perm_s2 : w.perm_s1,
			    wd_expect_perm(wd, m->prot, s1.wxn, s1.pan),
			    "iova %#llx prot %#x wxn %d pan %d", iova, m->prot,
			    s1.wxn, s1.pan);
	KUNIT_ASSERT_EQ(test, wd->s2 ? w.perm_s1 : w.perm_s2, HW_PERM_ALL);
	return true;
}

static void wd_run(struct kunit *test, enum io_pgtable_fmt fmt,
		   unsigned long pgsizes)
{
	static const struct swsmmu_hw_features feat = {
		.sid_bits = 8, .oas = PA_SIZE_48,
		.cmdq_bits = 8, .evtq_bits = 8,
		.s1 = true, .s2 = true,
		.gran4k = true, .gran16k = true, .gran64k = true,
	};
	struct hw_s1_cfg s1 = {};
	struct hw_s2_cfg s2 = {};
	struct device *dev;
	u64 seed, iova;
	unsigned int i, hits = 0;
	struct wd *wd;

	if (!IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_LPAE)) {
		kunit_skip(test, "needs CONFIG_IOMMU_IO_PGTABLE_LPAE");
		return;
	}

	wd = kunit_kzalloc(test, sizeof(*wd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, wd);
	wd->test = test;
	wd->s2 = fmt == ARM_64_LPAE_S2;
	seed = get_random_u64();
	kunit_info(test, "seed %#llx\n", seed);
	prandom_seed_state(&wd->rnd, seed);

	dev = kunit_device_register(test, "swsmmu-walk-diff");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	wd->cfg = (struct io_pgtable_cfg) {
		.pgsize_bitmap = pgsizes,
		.ias = WD_IAS,
		.oas = 48,
		.coherent_walk = true,
		.tlb = &wd_flush_ops,
		.iommu_dev = dev,
	};
	wd->ops = alloc_io_pgtable_ops(fmt, &wd->cfg, wd);
	KUNIT_ASSERT_NOT_NULL(test, wd->ops);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wd_free_ops,
							wd->ops), 0);
	KUNIT_ASSERT_EQ(test, wd->cfg.pgsize_bitmap, pgsizes);

	wd->hw = swsmmu_hw_create("kunit-walk-diff", &feat);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, wd->hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wd_hw_destroy,
							wd->hw), 0);

	if (wd->s2) {
		s2.ttb = wd->cfg.arm_lpae_s2_cfg.vttbr;
		s2.t0sz = wd->cfg.arm_lpae_s2_cfg.vtcr.tsz;
		s2.sl0 = wd->cfg.arm_lpae_s2_cfg.vtcr.sl;
		s2.tg_shift = wd_tg0_shift(wd->cfg.arm_lpae_s2_cfg.vtcr.tg);
		s2.ps_bits = wd_ps_bits(wd->cfg.arm_lpae_s2_cfg.vtcr.ps);
		KUNIT_ASSERT_NE(test, s2.tg_shift, 0);
		KUNIT_ASSERT_EQ(test, s2.ps_bits, 48);
	} else {
		s1.ttb[0] = wd->cfg.arm_lpae_s1_cfg.ttbr;
		s1.tsz[0] = wd->cfg.arm_lpae_s1_cfg.tcr.tsz;
		s1.tg_shift[0] = wd_tg0_shift(wd->cfg.arm_lpae_s1_cfg.tcr.tg);
		s1.epd[1] = true;
		s1.ips_bits = wd_ps_bits(wd->cfg.arm_lpae_s1_cfg.tcr.ips);
		KUNIT_ASSERT_NE(test, s1.tg_shift[0], 0);
		KUNIT_ASSERT_EQ(test, s1.ips_bits, 48);
	}

	wd_populate(wd);
	kunit_info(test, "%u ranges mapped\n", wd->nr);
	KUNIT_ASSERT_GT(test, wd->nr, WD_MAPS / 2);

	for (i = 0; i < WD_PROBES; i++) {
		const struct wd_map *m = &wd->map[wd_below(wd, wd->nr)];

		switch (wd_below(wd, 4)) {
		case 0:
		case 1:
			/* Inside a range, mapped or since unmapped */
			iova = m->iova + wd_u64(wd) % (m->size * m->count);
			break;
		case 2:
			/* Near one: the same last-level table, or a neighbour */
			iova = (m->iova ^ (wd_u64(wd) &
					   GENMASK_ULL(ilog2(m->size) + 9, 0))) &
			       GENMASK_ULL(WD_IAS - 1, 0);
			break;
		default:
			iova = wd_u64(wd) & GENMASK_ULL(WD_IAS - 1, 0);
			break;
		}
		hits += wd_probe(wd, &s1, &s2, iova);
	}
	kunit_info(test, "%u of %u probes translated\n", hits, WD_PROBES);
	/* Both outcomes must be well represented for the test to mean much */
	KUNIT_EXPECT_GT(test, hits, WD_PROBES / 4);
	KUNIT_EXPECT_LT(test, hits, WD_PROBES * 3 / 4);

	/*
	 * Beyond the 48-bit input range iova_to_phys() aliases into the
	 * tables; the walker must fault.
	 */
	for (i = 0; i < wd->nr; i++) {
		struct hw_walk w;
		struct hw_fault f;
		int ret;

		iova = wd->map[i].iova | BIT_ULL(WD_IAS);
		if (wd->s2)
			ret = swsmmu_hw_walk_s2(wd->hw, &s2, iova, EVTQ_1_CLASS_IN,
						&w, &f);
		else
			ret = swsmmu_hw_walk_s1(wd->hw, &s1, NULL, iova, 0, &w, &f);
		KUNIT_ASSERT_EQ(test, ret, EVT_ID_TRANSLATION);
	}
}

static void walk_diff_s1_4k(struct kunit *test)
{
	wd_run(test, ARM_64_LPAE_S1, SZ_4K | SZ_2M | SZ_1G);
}

static void walk_diff_s1_16k(struct kunit *test)
{
	wd_run(test, ARM_64_LPAE_S1, SZ_16K | SZ_32M);
}

static void walk_diff_s1_64k(struct kunit *test)
{
	wd_run(test, ARM_64_LPAE_S1, SZ_64K | SZ_512M);
}

static void walk_diff_s2_4k(struct kunit *test)
{
	wd_run(test, ARM_64_LPAE_S2, SZ_4K | SZ_2M | SZ_1G);
}

static void walk_diff_s2_16k(struct kunit *test)
{
	wd_run(test, ARM_64_LPAE_S2, SZ_16K | SZ_32M);
}

static void walk_diff_s2_64k(struct kunit *test)
{
	wd_run(test, ARM_64_LPAE_S2, SZ_64K | SZ_512M);
}

static struct kunit_case swsmmu_walk_diff_cases[] = {
	KUNIT_CASE(walk_diff_s1_4k),
	KUNIT_CASE(walk_diff_s1_16k),
	KUNIT_CASE(walk_diff_s1_64k),
	KUNIT_CASE(walk_diff_s2_4k),
	KUNIT_CASE(walk_diff_s2_16k),
	KUNIT_CASE(walk_diff_s2_64k),
	{}
};

static struct kunit_suite swsmmu_walk_diff_suite = {
	.name = "swsmmu-walk-diff",
	.test_cases = swsmmu_walk_diff_cases,
};

kunit_test_suite(swsmmu_walk_diff_suite);
