// SPDX-License-Identifier: GPL-2.0
/*
 * The tests that catch deliberately broken builds of the driver
 * (SWSMMU_MUTANT=<name>, tools/mutants.sh, Documentation/driver.rst): each
 * case does what a mutant gets wrong, over and over for mutant_seconds,
 * and fails at the first sign of it, saying after how long.  The correct
 * driver passes them (they run in every make test).
 *
 *  - mutant_stale_after_unmap (no_sync_wait): map a page, let the device
 *    read it, unmap it and flush: a device read through the old IOVA must
 *    fault.  A driver that does not wait for CMD_SYNC returns before the
 *    TLBI has executed on an asynchronous SMMU, and the read still finds
 *    the page.
 *  - mutant_walk_freed_table (free_pgtable_before_sync): a 2 MiB range of
 *    4 KiB pages (one last-level table) is mapped and unmapped whole while
 *    threads read through it with the device, so the SMMU walks the table
 *    as it is freed.  A driver that frees the table before the TLBI+sync
 *    lets a walk in flight read a freed page: KASAN reports it, and the
 *    case counts the report (error_report_end).  One report per boot
 *    unless the kernel runs with kasan_multi_shot.
 *  - mutant_walk_after_table_free (leaf_tlbi_table_free): one page is
 *    mapped in an otherwise empty 2 MiB range (its own last-level table),
 *    read by the device, the whole range unmapped (the table is unlinked
 *    and freed) and the page mapped again to another page (a new table).
 *    The device must read the new page.  A Leaf=1 TLBI leaves the old
 *    table's descriptor in the walk cache, and the walk goes through the
 *    freed table: a fault or the old page (the test holds the freed table
 *    page, zeroed, so that it is not the new table), else KASAN.
 *  - mutant_stale_after_remap (pte_no_tlbi): one page of a table that
 *    stays is unmapped and mapped again to another page; the device must
 *    read the new page, not the translation it cached for the old one.
 *  - mutant_torn_ste (ste_one_pass): the device's STE changes between
 *    abort and stage 1 (DMA ownership claimed and released: the blocking
 *    domain and back) while a thread makes the SMMU fetch it again and
 *    again (CFGI_ALL, then a read, as an SMMU may evict it at any time;
 *    under arm-smmu-v3 the eviction is the model's own, the command queue
 *    being the driver's).  Strict mode's torn-read check must report
 *    nothing (strict_torn_ste).
 *  - mutant_stale_cd (cd_no_cfgi): the device moves between two stage-1
 *    domains mapping one IOVA to two pages; CD 0 is rewritten in place
 *    (the STE stays), so only CFGI_CD makes the SMMU use the new
 *    ASID/TTB0: the device must read the page of the domain it is in.
 *  - mutant_asid_reuse (asid_reuse_no_tlbi): a domain is used and freed,
 *    the next one gets its ASID (VMID at stage 2) and maps the same IOVA
 *    to another page: the device must read that page, not what the TLB
 *    kept under the tag from its previous owner.  Under arm-smmu-v3 the
 *    domain is freed with its page still mapped: its unmap would send a
 *    TLBI by VA in that ASID, and only the TLBI of the freed domain is
 *    under test.  The tag is read from the device's STE and CD in memory.
 *
 * Each case tries mutant_runs times for up to mutant_seconds and logs the
 * median time to detection ("MUTANT MEDIAN", read by tools/mutants.sh).
 *  - mutant_stale_atc (no_atc_inv): a PCIe test function with ATS enabled
 *    reads a mapped page through its ATC (a miss, then hits), the page is
 *    unmapped and flushed, and the same read must fault.  A driver that
 *    sends no CMD_ATC_INV leaves the translation in the function's ATC,
 *    and the read still reaches the page: at once, every time.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/pci.h>
#include "board/board.h"
#include "iommu/swsmmu.h"
#include "model/model.h"
#include "tdev/tdev.h"
#include "client.h"
#include <trace/events/error_report.h>

static unsigned int mutant_seconds = 3;
module_param(mutant_seconds, uint, 0444);
MODULE_PARM_DESC(mutant_seconds,
		 "Seconds each swsmmu-mutant case tries to show a bug (default 3)");

static unsigned int mutant_runs = 1;
module_param(mutant_runs, uint, 0444);
MODULE_PARM_DESC(mutant_runs,
		 "Times each swsmmu-mutant case tries, for a median time to detection (default 1)");

#define MUT_SID			0x5100
#define MUT_TOKEN		0x4d5554414e54ULL	/* "MUTANT" */
/* Far above what iommu-dma hands out first (below 4 GiB) */
#define MUT_WALK_IOVA		(512ULL << 30)
#define MUT_WALKERS		2
/* Empty 2 MiB ranges of their own: one last-level table each */
#define MUT_REMAP_IOVA		(513ULL << 30)
#define MUT_TAG_IOVA		(514ULL << 30)

struct mut_dev {
	struct swsmmu_device *smmu;	/* NULL under arm-smmu-v3 */
	struct swsmmu_hw *hw;
	struct device *dev;
	struct iommu_domain *dom;
	u32 sid;
};

static int mut_rw(struct mut_dev *md, u64 iova, void *buf, size_t len,
		  bool write)
{
	return swsmmu_tc_dma(md->hw, md->sid, iova, buf, len, write);
}

/*
 * A test device of its own, in a DMA domain; skips the case otherwise.
 * Every case works through the IOMMU API and the model alone, so under
 * Linux's arm-smmu-v3 too (swsmmu.ko driver=upstream, for the patches in
 * tools/upstream-mutants/): there @md->smmu is NULL, and what a case
 * would read from our driver it reads from the model.
 */
static struct mut_dev *mut_get(struct kunit *test, u32 sid)
{
	struct swsmmu_tc *c;
	struct mut_dev *md;

	c = swsmmu_tc_get_on(test, 0, &sid, 1, SWSMMU_TC_ANY_DRIVER);
	md = kunit_kzalloc(test, sizeof(*md), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, md);
	md->smmu = c->smmu;
	md->hw = c->hw;
	md->sid = sid;
	md->dev = c->dev;
	md->dom = iommu_get_domain_for_dev(md->dev);
	if (!md->dom || !iommu_is_dma_domain(md->dom))
		kunit_skip(test, "the test devices are not in DMA domains");
	return md;
}

/* One try: how long until a stale read (0: none within mutant_seconds) */
static u64 mut_stale_try(struct kunit *test, struct mut_dev *md, u64 *page,
			 u64 end, unsigned long *rounds, unsigned long *errors)
{
	u64 token, val;
	dma_addr_t iova;
	unsigned int off;

	while (ktime_get_ns() < end) {
		token = MUT_TOKEN ^ *rounds;
		for (off = 0; off < PAGE_SIZE / 8; off++)
			page[off] = token;
		off = get_random_u32_below(PAGE_SIZE / 8);
		iova = dma_map_single(md->dev, page, PAGE_SIZE, DMA_TO_DEVICE);
		if (dma_mapping_error(md->dev, iova)) {
			(*errors)++;
			return 0;
		}
		/* the device reads it: the translation is now in the IOTLB */
		if (mut_rw(md, iova + off * 8, &val, 8, false) || val != token)
			(*errors)++;
		dma_unmap_single(md->dev, iova, PAGE_SIZE, DMA_TO_DEVICE);
		/* lazy (DMA-FQ) domains: this is the invalidation; strict: a second one */
		iommu_flush_iotlb_all(md->dom);
		(*rounds)++;
		/* unmapped and flushed: the page must be out of the device's reach */
		if (!mut_rw(md, iova + off * 8, &val, 8, false) && val == token)
			return 1;
		cond_resched();
	}
	return 0;
}

static int mut_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * One try of a case: whether the bug showed (0: not within
 * mutant_seconds; 1: at the return; more: that many ns after the try's
 * start, when the try saw it happen before it could return); counts its
 * rounds and the errors that are no sign of the bug but of a broken test.
 */
typedef u64 (*mut_try_t)(struct kunit *test, void *ctx, u64 end,
			 unsigned long *rounds, unsigned long *errors);

/* Tries mutant_runs times; the correct driver must never show the bug */
static void mut_run(struct kunit *test, const char *what, mut_try_t try,
		    void *ctx)
{
	unsigned int i, runs = clamp(mutant_runs, 1U, 100U), caught = 0;
	unsigned long rounds = 0, errors = 0;
	u64 *ns, t0, seen;

	ns = kunit_kcalloc(test, runs, sizeof(*ns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ns);
	kunit_info(test, "MUTANT START: %s, %u x %u s\n", what, runs,
		   mutant_seconds);
	for (i = 0; i < runs; i++) {
		t0 = ktime_get_ns();
		seen = try(test, ctx, t0 + (u64)mutant_seconds * NSEC_PER_SEC,
			   &rounds, &errors);
		/* 1: caught at the return; more: the try's own measure */
		if (seen)
			ns[i] = seen > 1 ? seen : max(ktime_get_ns() - t0, 1ULL);
		if (ns[i]) {
			caught++;
			kunit_info(test, "MUTANT CAUGHT: %s after %llu us (run %u)\n",
				   what, ns[i] / NSEC_PER_USEC, i + 1);
		}
	}
	if (caught) {
		/* the median of the runs that caught it */
		sort(ns, runs, sizeof(*ns), mut_cmp_u64, NULL);
		kunit_info(test, "MUTANT MEDIAN: %llu us over %u of %u runs (%s)\n",
			   ns[runs - caught + (caught - 1) / 2] / NSEC_PER_USEC,
			   caught, runs, what);
	} else {
		kunit_info(test, "%lu rounds in %u x %u s, no %s\n", rounds,
			   runs, mutant_seconds, what);
	}
	KUNIT_EXPECT_EQ_MSG(test, caught, 0, "%s", what);
	KUNIT_EXPECT_EQ(test, errors, 0);
	KUNIT_EXPECT_GT(test, rounds, 0);
}

static u64 mut_stale_try_ctx(struct kunit *test, void *ctx, u64 end,
			     unsigned long *rounds, unsigned long *errors)
{
	struct mut_dev *md = ctx;
	u64 *page = (u64 *)get_zeroed_page(GFP_KERNEL);
	u64 ns;

	if (!page) {
		(*errors)++;
		return 0;
	}
	ns = mut_stale_try(test, md, page, end, rounds, errors);
	free_page((unsigned long)page);
	return ns;
}

static void mutant_stale_after_unmap(struct kunit *test)
{
	mut_run(test, "stale translation", mut_stale_try_ctx,
		mut_get(test, MUT_SID));
}

struct mut_walker {
	struct mut_dev *md;
	u64 end;
	unsigned long reads;
};

static int mut_walker_fn(void *arg)
{
	struct mut_walker *w = arg;
	u64 val;

	while (!kthread_should_stop()) {
		if (ktime_get_ns() < READ_ONCE(w->end)) {
			/* a fresh page each time: a miss, so a walk */
			mut_rw(w->md, MUT_WALK_IOVA +
			       (get_random_u32_below(SZ_2M / SZ_4K) << 12),
			       &val, sizeof(val), false);
			w->reads++;
		}
		cond_resched();
	}
	return 0;
}

/*
 * KASAN reports, counted through the error_report_end tracepoint that
 * every report ends with: the case itself sees the SMMU's walk read a
 * freed table page (in a walker thread, so KUnit's own KASAN hook, which
 * fails the current task's test, cannot).  After the first report of a
 * boot KASAN stays silent unless the kernel runs with kasan_multi_shot
 * (tools/mutants.sh boots it so), so without it only the first try of a
 * boot can catch the mutant.
 */
static atomic64_t mut_kasan_first_ns;

static void mut_error_report(void *data, enum error_detector det,
			     unsigned long id)
{
	if (det == ERROR_DETECTOR_KASAN)
		atomic64_cmpxchg(&mut_kasan_first_ns, 0, ktime_get_ns());
}

/*
 * One try: map and unmap a 2 MiB range whole, over and over, while the
 * walkers read through it, until a KASAN report or @end.  Returns the
 * time from the try's start to the first report, or 0.
 */
static u64 mut_freed_try(struct kunit *test, void *ctx, u64 end,
			 unsigned long *rounds, unsigned long *errors)
{
	struct mut_dev *md = ctx;
	struct mut_walker w[MUT_WALKERS] = {};
	struct task_struct *t[MUT_WALKERS];
	struct page *pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
	u64 t0 = ktime_get_ns(), seen = 0;
	unsigned int i, nr = 0;
	size_t done;
	int ret;

	if (!pg) {
		(*errors)++;
		return 0;
	}
	atomic64_set(&mut_kasan_first_ns, 0);
	for (i = 0; i < MUT_WALKERS; i++) {
		w[i].md = md;
		w[i].end = end;
		t[i] = kthread_run(mut_walker_fn, &w[i], "swsmmu-mutw%u", i);
		if (IS_ERR(t[i])) {
			(*errors)++;
			break;
		}
		get_task_struct(t[i]);
		nr++;
	}
	while (nr == MUT_WALKERS && ktime_get_ns() < end) {
		/* 512 pages on one physical page: one last-level table */
		for (i = 0; i < SZ_2M / SZ_4K; i++) {
			ret = iommu_map(md->dom, MUT_WALK_IOVA + i * SZ_4K,
					page_to_phys(pg), SZ_4K, IOMMU_READ,
					GFP_KERNEL);
			if (ret)
				(*errors)++;
		}
		/* whole: the table itself goes */
		done = iommu_unmap(md->dom, MUT_WALK_IOVA, SZ_2M);
		if (done != SZ_2M)
			(*errors)++;
		(*rounds)++;
		seen = atomic64_read(&mut_kasan_first_ns);
		if (seen)
			break;
		cond_resched();
	}
	for (i = 0; i < nr; i++) {
		WRITE_ONCE(w[i].end, 0);
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}
	__free_page(pg);
	kunit_info(test, "%lu + %lu device reads in %llu ms\n", w[0].reads,
		   w[1].reads, (ktime_get_ns() - t0) / NSEC_PER_MSEC);
	return seen ? max(seen - t0, 1ULL) : 0;
}

/*
 * The case's messages say "use-after-free report": the harness fails a run
 * whose kernel log has the word KASAN, and the correct driver's must not.
 */
static void mutant_walk_freed_table(struct kunit *test)
{
	struct mut_dev *md = mut_get(test, MUT_SID + 1);

	if (!(md->dom->pgsize_bitmap & SZ_4K))
		kunit_skip(test, "no 4 KiB pages in this domain");
	KUNIT_ASSERT_EQ(test, register_trace_error_report_end(mut_error_report,
							      NULL), 0);
	mut_run(test, "use-after-free report", mut_freed_try, md);
	unregister_trace_error_report_end(mut_error_report, NULL);
	tracepoint_synchronize_unregister();
}

/* A page the device reads @token from, at every offset */
static struct page *mut_token_page(struct kunit *test, u64 token)
{
	struct page *pg = alloc_page(GFP_KERNEL);
	u64 *p;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, pg);
	p = page_address(pg);
	for (i = 0; i < PAGE_SIZE / 8; i++)
		p[i] = token;
	return pg;
}

static void mut_free_page(void *pg)
{
	__free_page(pg);
}

/* Page 0 reads MUT_TOKEN, page 1 its complement; freed after the case */
static void mut_token_pages(struct kunit *test, struct page **pg)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		pg[i] = mut_token_page(test, i ? ~MUT_TOKEN : MUT_TOKEN);
		ret = kunit_add_action_or_reset(test, mut_free_page, pg[i]);
		KUNIT_ASSERT_EQ(test, 0, ret);
	}
}

/* Read one u64 at @iova through the device: @want, or a sign of the bug */
static bool mut_reads(struct mut_dev *md, u64 iova, u64 want)
{
	u64 val;

	return !mut_rw(md, iova, &val, sizeof(val), false) && val == want;
}

struct mut_remap {
	struct mut_dev *md;
	struct page *pg[2];
	bool whole_table;
};

/*
 * Map IOVA to page 0, read it, unmap (the whole 2 MiB range and so its
 * table, or the page alone), map it to page 1: the device must read page 1
 */
static u64 mut_remap_try(struct kunit *test, void *ctx, u64 end,
			 unsigned long *rounds, unsigned long *errors)
{
	struct mut_remap *r = ctx;
	struct iommu_domain *dom = r->md->dom;
	struct page *hold = NULL;
	u64 iova, off;
	size_t size;
	int ret;

	while (ktime_get_ns() < end) {
		off = get_random_u32_below(SZ_2M / SZ_4K) << 12;
		iova = MUT_REMAP_IOVA + off;
		if (iommu_map(dom, iova, page_to_phys(r->pg[0]), SZ_4K,
			      IOMMU_READ, GFP_KERNEL)) {
			(*errors)++;
			return 0;
		}
		/* now in the TLB, and the table's descriptor in the walk cache */
		if (!mut_reads(r->md, iova, MUT_TOKEN))
			(*errors)++;
		size = r->whole_table ? SZ_2M : SZ_4K;
		if (iommu_unmap(dom, r->whole_table ? MUT_REMAP_IOVA : iova,
				size) != size)
			(*errors)++;
		/*
		 * The freed table page is the next one handed out: take it, so
		 * that the new table is another page and a walk through the old
		 * one finds zeros
		 */
		if (r->whole_table)
			hold = alloc_page(GFP_KERNEL | __GFP_ZERO);
		ret = iommu_map(dom, iova, page_to_phys(r->pg[1]), SZ_4K,
				IOMMU_READ, GFP_KERNEL);
		(*rounds)++;
		if (!ret && !mut_reads(r->md, iova, ~MUT_TOKEN)) {
			iommu_unmap(dom, MUT_REMAP_IOVA, SZ_2M);
			if (hold)
				__free_page(hold);
			return 1;
		}
		if (ret)
			(*errors)++;
		if (iommu_unmap(dom, MUT_REMAP_IOVA, SZ_2M) != SZ_2M)
			(*errors)++;
		if (hold)
			__free_page(hold);
		hold = NULL;
		if (ret)
			return 0;
		cond_resched();
	}
	return 0;
}

static void mut_remap_case(struct kunit *test, u32 sid, bool whole_table)
{
	struct mut_remap *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->md = mut_get(test, sid);
	r->whole_table = whole_table;
	if (!(r->md->dom->pgsize_bitmap & SZ_4K))
		kunit_skip(test, "no 4 KiB pages in this domain");
	mut_token_pages(test, r->pg);
	mut_run(test, whole_table ? "walk through a freed table" :
		"stale translation after remap", mut_remap_try, r);
}

static void mutant_walk_after_table_free(struct kunit *test)
{
	mut_remap_case(test, MUT_SID + 2, true);
}

static void mutant_stale_after_remap(struct kunit *test)
{
	mut_remap_case(test, MUT_SID + 3, false);
}

struct mut_torn {
	struct mut_dev *md;
	dma_addr_t iova;
	unsigned long fetches;
};

/* Evicts the configuration caches and has the SMMU fetch the STE again */
static int mut_fetcher_fn(void *arg)
{
	/* under arm-smmu-v3: an eviction, which the architecture allows */
	const struct hw_cfgi all = {
		.op = HW_CFGI_ALL,
		.nr_sids = BIT_ULL(32),
	};
	struct mut_torn *t = arg;
	struct swsmmu_cmd cmd;
	u64 val;

	swsmmu_cmd_cfgi_all(&cmd);
	while (!kthread_should_stop()) {
		if (t->md->smmu)
			swsmmu_cmdq_issue(t->md->smmu, &cmd, 1, true);
		else
			hw_cfgcache_invalidate(t->md->hw, &all);
		mut_rw(t->md, t->iova, &val, sizeof(val), false);
		t->fetches++;
		cond_resched();
	}
	return 0;
}

static u64 mut_torn_stes(struct swsmmu_hw *hw)
{
	struct hw_stats st;

	swsmmu_hw_stats_get(hw, &st);
	return st.v[HW_STAT_TORN_STE];
}

static u64 mut_torn_try(struct kunit *test, void *ctx, u64 end,
			unsigned long *rounds, unsigned long *errors)
{
	struct mut_torn *t = ctx;
	struct task_struct *task;
	u64 torn0 = mut_torn_stes(t->md->hw), caught = 0;
	int ret;

	task = kthread_run(mut_fetcher_fn, t, "swsmmu-mutf");
	if (IS_ERR(task)) {
		(*errors)++;
		return 0;
	}
	get_task_struct(task);
	while (ktime_get_ns() < end && !caught) {
		/* blocking domain (STE abort), then the DMA domain (stage 1) */
		ret = iommu_device_claim_dma_owner(t->md->dev, t);
		if (ret) {
			kunit_err(test, "claiming DMA ownership: %d\n", ret);
			(*errors)++;
			break;
		}
		iommu_device_release_dma_owner(t->md->dev);
		(*rounds)++;
		if (mut_torn_stes(t->md->hw) != torn0)
			caught = 1;
		cond_resched();
	}
	kthread_stop(task);
	put_task_struct(task);
	return caught;
}

static void mutant_torn_ste(struct kunit *test)
{
	struct mut_torn *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct page *pg;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->md = mut_get(test, MUT_SID + 4);
	pg = mut_token_page(test, MUT_TOKEN);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, mut_free_page,
							   pg));
	/*
	 * A bound driver owns the device's DMA (iommu_device_use_default_domain):
	 * unbound, the test may claim it.  The test device is removed after.
	 */
	device_release_driver(t->md->dev);
	t->iova = MUT_TAG_IOVA;
	KUNIT_ASSERT_EQ(test, 0, iommu_map(t->md->dom, t->iova, page_to_phys(pg),
					   SZ_4K, IOMMU_READ, GFP_KERNEL));
	mut_run(test, "torn STE read", mut_torn_try, t);
	iommu_unmap(t->md->dom, t->iova, SZ_4K);
	kunit_info(test, "%lu STE fetches forced\n", t->fetches);
	KUNIT_EXPECT_GT(test, t->fetches, 0);
}

struct mut_doms {
	struct mut_dev *md;
	struct iommu_domain *dom[2];
	struct page *pg[2];
	s32 mem_tag;
};

/*
 * Under arm-smmu-v3, whose domains the test cannot look into: the
 * configuration the device's STE (and CD 0) in memory give now, as the
 * SMMU would read it.  Returns the STE's Config, or -1 if it does not
 * decode; *@tag: the CD's ASID at stage 1, the VMID at stage 2, else -1.
 */
static int mut_mem_cfg(struct mut_dev *md, s32 *tag)
{
	struct hw_fault f = {};
	struct hw_s1_cfg cd;
	struct hw_ste ste;

	*tag = -1;
	if (swsmmu_hw_fetch_ste(md->hw, md->sid, &ste, &f, NULL))
		return -1;
	if (ste.config == STRTAB_STE_0_CFG_S1_TRANS &&
	    !swsmmu_hw_fetch_cd(md->hw, &ste, 0, &cd, &f, NULL))
		*tag = cd.asid;
	else if (ste.config == STRTAB_STE_0_CFG_S2_TRANS)
		*tag = ste.s2.vmid;
	return ste.config;
}

/* A paging domain mapping MUT_TAG_IOVA to page @i, or NULL */
static struct iommu_domain *mut_dom_alloc(struct mut_doms *m, unsigned int i)
{
	struct iommu_domain *dom = iommu_paging_domain_alloc(m->md->dev);

	if (IS_ERR(dom))
		return NULL;
	if (iommu_map(dom, MUT_TAG_IOVA, page_to_phys(m->pg[i]), SZ_4K,
		      IOMMU_READ, GFP_KERNEL)) {
		iommu_domain_free(dom);
		return NULL;
	}
	return dom;
}

static void mut_dom_free(struct iommu_domain *dom)
{
	iommu_unmap(dom, MUT_TAG_IOVA, SZ_4K);
	iommu_domain_free(dom);
}

/*
 * Attach @dom, read MUT_TAG_IOVA: true if the device read page @i's token.
 * Back in the DMA domain after.  A failed attach is an error.
 */
static bool mut_dom_reads(struct mut_doms *m, struct iommu_domain *dom,
			  unsigned int i, unsigned long *errors)
{
	bool ok;

	if (iommu_attach_device(dom, m->md->dev)) {
		(*errors)++;
		return true;
	}
	if (!m->md->smmu)
		mut_mem_cfg(m->md, &m->mem_tag);
	ok = mut_reads(m->md, MUT_TAG_IOVA, i ? ~MUT_TOKEN : MUT_TOKEN);
	iommu_detach_device(dom, m->md->dev);
	return ok;
}

/* Two domains, the device moved between them: CD 0 rewritten each time */
static u64 mut_cd_try(struct kunit *test, void *ctx, u64 end,
		      unsigned long *rounds, unsigned long *errors)
{
	struct mut_doms *m = ctx;
	unsigned int i;

	while (ktime_get_ns() < end) {
		for (i = 0; i < 2; i++)
			if (!mut_dom_reads(m, m->dom[i], i, errors))
				return 1;
		(*rounds)++;
		cond_resched();
	}
	return 0;
}

static s32 mut_dom_tag(struct mut_doms *m, struct iommu_domain *dom)
{
	struct swsmmu_domain *d;

	if (!m->md->smmu)
		return m->mem_tag;
	d = to_swsmmu_domain(dom);
	return d->stage == 1 ? d->asid : d->vmid;
}

/* A domain used and freed, the next with its ASID/VMID, same IOVA */
static u64 mut_tag_try(struct kunit *test, void *ctx, u64 end,
		       unsigned long *rounds, unsigned long *errors)
{
	struct mut_doms *m = ctx;
	struct iommu_domain *dom;
	unsigned long other_tag = 0;
	unsigned int i = 0;
	s32 tag = 0;
	bool ok;

	while (ktime_get_ns() < end) {
		dom = mut_dom_alloc(m, i);
		if (!dom) {
			(*errors)++;
			return 0;
		}
		ok = mut_dom_reads(m, dom, i, errors);
		/* ours: the domain's tag; arm-smmu-v3's: the one in memory */
		if (*rounds && mut_dom_tag(m, dom) != tag)
			other_tag++;
		tag = mut_dom_tag(m, dom);
		/* no tag read: reuse would go unchecked */
		if (tag < 0)
			(*errors)++;
		if (m->md->smmu)
			mut_dom_free(dom);
		else
			iommu_domain_free(dom);	/* the page still mapped */
		(*rounds)++;
		if (!ok)
			return 1;
		i ^= 1;
		cond_resched();
	}
	/* the test shows nothing unless tags are reused */
	kunit_info(test, "%lu domains, the last with tag %d\n", *rounds, tag);
	if (other_tag)
		kunit_info(test, "%lu domains got a tag not just freed\n",
			   other_tag);
	if (other_tag * 2 > *rounds)
		(*errors)++;
	return 0;
}

static struct mut_doms *mut_doms_get(struct kunit *test, u32 sid)
{
	struct mut_doms *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->md = mut_get(test, sid);
	mut_token_pages(test, m->pg);
	return m;
}

static void mutant_stale_cd(struct kunit *test)
{
	struct mut_doms *m = mut_doms_get(test, MUT_SID + 5);
	unsigned int i;
	bool s1;
	s32 tag;

	if (m->md->smmu)
		s1 = to_swsmmu_domain(m->md->dom)->stage == 1;
	else
		s1 = mut_mem_cfg(m->md, &tag) == STRTAB_STE_0_CFG_S1_TRANS;
	if (!s1)
		kunit_skip(test, "stage-2 domains: no CDs");
	for (i = 0; i < 2; i++) {
		m->dom[i] = mut_dom_alloc(m, i);
		KUNIT_ASSERT_NOT_NULL(test, m->dom[i]);
	}
	mut_run(test, "stale CD", mut_cd_try, m);
	for (i = 0; i < 2; i++)
		mut_dom_free(m->dom[i]);
}

static void mutant_asid_reuse(struct kunit *test)
{
	mut_run(test, "stale translation of a reused ASID/VMID", mut_tag_try,
		mut_doms_get(test, MUT_SID + 6));
}

static void mut_pci_put(void *data)
{
	pci_dev_put(data);
}

#define MUT_ATC_ROUNDS	16
#define MUT_ATC_TRIES	8

static void mutant_stale_atc(struct kunit *test)
{
	const struct swsmmu_tdev_pdata *pd;
	struct swsmmu_atc_stats s0, s1;
	struct iommu_domain *dom;
	unsigned int i, tries, stale = 0;
	struct swsmmu_txn txn = { };
	struct swsmmu_atc *atc;
	struct pci_dev *pdev;
	dma_addr_t iova;
	u64 *page, val, token;

	pdev = pci_get_device(SWSMMU_PCI_VENDOR_ID, SWSMMU_PCI_DEVICE_ID, NULL);
	if (!pdev)
		kunit_skip(test, "no PCIe test function (pci_devices=0)");
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, mut_pci_put,
							   pdev));
	pd = dev_get_platdata(&pdev->dev);
	atc = pdev->dev.driver ? swsmmu_tdev_atc(&pdev->dev) : NULL;
	dom = iommu_get_domain_for_dev(&pdev->dev);
	if (!atc || !pd || !dom || !iommu_is_dma_domain(dom))
		kunit_skip(test, "the function has no ATC or is not in a DMA domain");
	KUNIT_ASSERT_TRUE_MSG(test, pdev->ats_enabled,
			      "ATS not enabled on a function in a DMA domain");
	txn.sid = pd->sid;
	page = (u64 *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);

	for (i = 0; i < MUT_ATC_ROUNDS; i++) {
		token = MUT_TOKEN ^ i;
		page[3] = token;
		iova = dma_map_single(&pdev->dev, page, PAGE_SIZE, DMA_TO_DEVICE);
		if (dma_mapping_error(&pdev->dev, iova)) {
			KUNIT_FAIL(test, "dma_map_single() failed");
			break;
		}
		/*
		 * One Translation Request, then the ATC: a hit for each read.
		 * An ATC invalidation in between (a flush queue's timer
		 * flushing the domain) empties it: then the reads are tried
		 * again, and may find the translation cached already.
		 */
		for (tries = 0; tries < MUT_ATC_TRIES; tries++) {
			swsmmu_atc_stats(atc, &s0);
			val = 0;
			KUNIT_EXPECT_EQ(test, swsmmu_atc_access(atc, pd->hw, &txn,
								iova + 24, &val, 8), 0);
			KUNIT_EXPECT_EQ(test, val, token);
			val = 0;
			KUNIT_EXPECT_EQ(test, swsmmu_atc_access(atc, pd->hw, &txn,
								iova + 24, &val, 8), 0);
			KUNIT_EXPECT_EQ(test, val, token);
			swsmmu_atc_stats(atc, &s1);
			if (s1.inv_requests == s0.inv_requests)
				break;
		}
		KUNIT_EXPECT_LT(test, tries, MUT_ATC_TRIES);
		if (!tries)
			KUNIT_EXPECT_EQ(test, s1.misses - s0.misses, 1);
		else
			KUNIT_EXPECT_LE(test, s1.misses - s0.misses, 1);
		KUNIT_EXPECT_EQ(test, s1.hits - s0.hits, 2);

		dma_unmap_single(&pdev->dev, iova, PAGE_SIZE, DMA_TO_DEVICE);
		/* lazy (DMA-FQ) domains: this is the invalidation */
		iommu_flush_iotlb_all(dom);
		swsmmu_atc_stats(atc, &s0);
		val = 0;
		if (!swsmmu_atc_access(atc, pd->hw, &txn, iova + 24, &val, 8) &&
		    val == token)
			stale++;
		swsmmu_atc_stats(atc, &s1);
		/* the read went out untranslated after a refused request */
		KUNIT_EXPECT_EQ(test, s1.hits, s0.hits);
	}
	free_page((unsigned long)page);
	if (stale)
		kunit_info(test, "MUTANT CAUGHT: %u of %u reads after unmap used a stale ATC entry\n",
			   stale, MUT_ATC_ROUNDS);
	KUNIT_EXPECT_EQ(test, stale, 0);
}

static struct kunit_case mutant_cases[] = {
	KUNIT_CASE_SLOW(mutant_stale_after_unmap),
	KUNIT_CASE_SLOW(mutant_walk_freed_table),
	KUNIT_CASE_SLOW(mutant_walk_after_table_free),
	KUNIT_CASE_SLOW(mutant_stale_after_remap),
	KUNIT_CASE_SLOW(mutant_torn_ste),
	KUNIT_CASE_SLOW(mutant_stale_cd),
	KUNIT_CASE_SLOW(mutant_asid_reuse),
	KUNIT_CASE(mutant_stale_atc),
	{}
};

static struct kunit_suite mutant_suite = {
	.name = "swsmmu-mutant",
	.test_cases = mutant_cases,
};

kunit_test_suite(mutant_suite);
