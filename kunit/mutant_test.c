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
 *    lets a walk in flight read a freed page: KASAN reports it (the test
 *    itself cannot see it; the harness fails on the report).
 *  - mutant_stale_atc (no_atc_inv): a PCIe test function with ATS enabled
 *    reads a mapped page through its ATC (a miss, then hits), the page is
 *    unmapped and flushed, and the same read must fault.  A driver that
 *    sends no CMD_ATC_INV leaves the translation in the function's ATC,
 *    and the read still reaches the page: at once, every time.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/pci.h>
#include "board/board.h"
#include "iommu/swsmmu.h"
#include "tdev/tdev.h"

static unsigned int mutant_seconds = 3;
module_param(mutant_seconds, uint, 0444);
MODULE_PARM_DESC(mutant_seconds,
		 "Seconds each swsmmu-mutant case tries to show a bug (default 3)");

static unsigned int mutant_runs = 1;
module_param(mutant_runs, uint, 0444);
MODULE_PARM_DESC(mutant_runs,
		 "Times mutant_stale_after_unmap tries, for a median time to detection (default 1)");

#define MUT_SID			0x5100
#define MUT_TOKEN		0x4d5554414e54ULL	/* "MUTANT" */
/* Far above what iommu-dma hands out first (below 4 GiB) */
#define MUT_WALK_IOVA		(512ULL << 30)
#define MUT_WALKERS		2

struct mut_dev {
	struct swsmmu_device *smmu;
	struct device *dev;
	struct iommu_domain *dom;
	u32 sid;
};

static int mut_rw(struct mut_dev *md, u64 iova, void *buf, size_t len,
		  bool write)
{
	struct swsmmu_txn txn = {
		.sid = md->sid,
		.flags = write ? SWSMMU_TXN_WRITE : 0,
	};

	return swsmmu_hw_access(md->smmu->hw, &txn, iova, buf, len);
}

static void mut_put(void *data)
{
	struct mut_dev *md = data;

	put_device(md->dev);
	swsmmu_board_remove_client(md->sid);
}

/* A test device of its own, in a DMA domain; skips the case otherwise */
static struct mut_dev *mut_get(struct kunit *test, u32 sid)
{
	struct swsmmu_device *smmu = swsmmu_kunit_smmu();
	struct mut_dev *md;

	if (!smmu)
		kunit_skip(test, "swsmmu.ko is not loaded");
	md = kunit_kzalloc(test, sizeof(*md), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, md);
	md->smmu = smmu;
	md->sid = sid;
	KUNIT_ASSERT_EQ(test, 0, swsmmu_board_add_client(sid));
	md->dev = swsmmu_board_get_client(sid);
	if (!md->dev) {
		swsmmu_board_remove_client(sid);
		KUNIT_FAIL_AND_ABORT(test, "no device for StreamID %#x", sid);
	}
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, mut_put, md));
	md->dom = iommu_get_domain_for_dev(md->dev);
	if (!md->dom || !iommu_is_dma_domain(md->dom))
		kunit_skip(test, "the test devices are not in DMA domains");
	return md;
}

/* One try: how long until a stale read (0: none within mutant_seconds) */
static u64 mut_stale_try(struct kunit *test, struct mut_dev *md, u64 *page,
			 unsigned long *rounds, unsigned long *errors)
{
	u64 t0 = ktime_get_ns(), end, token, val;
	dma_addr_t iova;
	unsigned int off;

	end = t0 + (u64)mutant_seconds * NSEC_PER_SEC;
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
			return max(ktime_get_ns() - t0, 1ULL);
		cond_resched();
	}
	return 0;
}

static int mut_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void mutant_stale_after_unmap(struct kunit *test)
{
	struct mut_dev *md = mut_get(test, MUT_SID);
	u64 *page = (u64 *)get_zeroed_page(GFP_KERNEL);
	unsigned long rounds = 0, errors = 0;
	unsigned int i, runs = clamp(mutant_runs, 1U, 100U), caught = 0;
	u64 *ns;

	KUNIT_ASSERT_NOT_NULL(test, page);
	ns = kunit_kcalloc(test, runs, sizeof(*ns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ns);
	for (i = 0; i < runs; i++) {
		ns[i] = mut_stale_try(test, md, page, &rounds, &errors);
		if (ns[i]) {
			caught++;
			kunit_info(test, "MUTANT CAUGHT: stale translation after %llu us (run %u)\n",
				   ns[i] / NSEC_PER_USEC, i + 1);
		}
	}
	free_page((unsigned long)page);
	if (caught) {
		/* the median of the runs that caught it */
		sort(ns, runs, sizeof(*ns), mut_cmp_u64, NULL);
		kunit_info(test, "MUTANT MEDIAN: %llu us over %u of %u runs\n",
			   ns[runs - caught + (caught - 1) / 2] / NSEC_PER_USEC,
			   caught, runs);
	} else {
		kunit_info(test, "%lu rounds in %u x %u s, none stale\n", rounds,
			   runs, mutant_seconds);
	}
	KUNIT_EXPECT_EQ(test, caught, 0);
	KUNIT_EXPECT_EQ(test, errors, 0);
	KUNIT_EXPECT_GT(test, rounds, 0);
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
		if (ktime_get_ns() < w->end) {
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

static void mutant_walk_freed_table(struct kunit *test)
{
	struct mut_dev *md = mut_get(test, MUT_SID + 1);
	struct mut_walker w[MUT_WALKERS] = {};
	struct task_struct *t[MUT_WALKERS];
	struct page *pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
	unsigned long cycles = 0, errors = 0;
	u64 t0 = ktime_get_ns(), end;
	size_t done;
	unsigned int i;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, pg);
	if (!(md->dom->pgsize_bitmap & SZ_4K)) {
		__free_page(pg);
		kunit_skip(test, "no 4 KiB pages in this domain");
	}
	end = t0 + (u64)mutant_seconds * NSEC_PER_SEC;
	kunit_info(test, "MUTANT START: walks through a table freed and remapped for %u s\n",
		   mutant_seconds);
	for (i = 0; i < MUT_WALKERS; i++) {
		w[i].md = md;
		w[i].end = end;
		t[i] = kthread_run(mut_walker_fn, &w[i], "swsmmu-mutw%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[i]));
		get_task_struct(t[i]);
	}
	while (ktime_get_ns() < end) {
		/* 512 pages on one physical page: one last-level table */
		for (i = 0; i < SZ_2M / SZ_4K; i++) {
			ret = iommu_map(md->dom, MUT_WALK_IOVA + i * SZ_4K,
					page_to_phys(pg), SZ_4K, IOMMU_READ,
					GFP_KERNEL);
			if (ret)
				errors++;
		}
		/* whole: the table itself goes */
		done = iommu_unmap(md->dom, MUT_WALK_IOVA, SZ_2M);
		if (done != SZ_2M)
			errors++;
		cycles++;
		cond_resched();
	}
	for (i = 0; i < MUT_WALKERS; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}
	__free_page(pg);
	kunit_info(test, "%lu map/unmap cycles, %lu + %lu device reads in %llu ms\n",
		   cycles, w[0].reads, w[1].reads,
		   (ktime_get_ns() - t0) / NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, errors, 0);
	KUNIT_EXPECT_GT(test, cycles, 0);
}

static void mut_pci_put(void *data)
{
	pci_dev_put(data);
}

#define MUT_ATC_ROUNDS	16

static void mutant_stale_atc(struct kunit *test)
{
	const struct swsmmu_tdev_pdata *pd;
	struct swsmmu_atc_stats s0, s1;
	struct iommu_domain *dom;
	unsigned int i, stale = 0;
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
		/* one Translation Request, then the ATC: a hit for each read */
		KUNIT_EXPECT_EQ(test, s1.misses - s0.misses, 1);
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
	KUNIT_CASE(mutant_stale_atc),
	{}
};

static struct kunit_suite mutant_suite = {
	.name = "swsmmu-mutant",
	.test_cases = mutant_cases,
};

kunit_test_suite(mutant_suite);
