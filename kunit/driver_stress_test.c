// SPDX-License-Identifier: GPL-2.0
/*
 * Stress test of the driver and the software SMMU: on several test devices
 * and CPUs at once, checker threads map a page, let the device read and
 * write it through its IOVA, unmap it, make the unmap visible (sync or
 * flush), and then check that the device can no longer reach the page: a
 * read through the old IOVA never returns the page's token and a write
 * through it never changes the page.  Noise threads map and unmap other
 * pages in the same domains at the same time, so the old IOVA may well be
 * reused: a stale translation is the only way the checks can fail.
 *
 * stress_seconds (module parameter of swsmmu-kunit) sets the duration; the
 * harness runs it briefly, Documentation/ gives the command for a long run.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>
#include "board/board.h"
#include "iommu/swsmmu.h"
#include "stress.h"

unsigned int swsmmu_stress_seconds = 10;
module_param_named(stress_seconds, swsmmu_stress_seconds, uint, 0444);
MODULE_PARM_DESC(stress_seconds,
		 "Seconds of swsmmu-stress and of each swsmmu-model-stress case (default 10)");

#define STRESS_SID_BASE		0x5000
#define STRESS_DEVICES		3
#define STRESS_TOKEN		0x5757534d4d55ULL	/* "WWSMMU" */

struct stress_dev {
	struct swsmmu_device *smmu;
	struct device *dev;
	u32 sid;
	unsigned long deadline;
	/* results, written by the threads */
	atomic64_t rounds;
	atomic64_t stale;		/* a stale translation was used */
	atomic64_t errors;		/* an access that should work failed */
	atomic64_t noise_maps;
};

static int dev_rw(struct stress_dev *sd, u64 iova, void *buf, size_t len,
		  bool write)
{
	struct swsmmu_txn txn = {
		.sid = sd->sid,
		.flags = write ? SWSMMU_TXN_WRITE : 0,
	};

	return swsmmu_hw_access(sd->smmu->hw, &txn, iova, buf, len);
}

static int stress_checker(void *arg)
{
	struct stress_dev *sd = arg;
	struct iommu_domain *dom = iommu_get_domain_for_dev(sd->dev);
	u64 *page = (u64 *)__get_free_page(GFP_KERNEL);
	u64 token, val, marker;
	dma_addr_t iova;
	unsigned int off;

	if (!page) {
		atomic64_inc(&sd->errors);
		return 0;
	}
	while (time_before(jiffies, sd->deadline)) {
		token = STRESS_TOKEN ^ ((u64)sd->sid << 48) ^
			atomic64_read(&sd->rounds);
		for (off = 0; off < PAGE_SIZE / 8; off++)
			page[off] = token;
		off = get_random_u32_below(PAGE_SIZE / 8);

		iova = dma_map_single(sd->dev, page, PAGE_SIZE, DMA_BIDIRECTIONAL);
		if (dma_mapping_error(sd->dev, iova)) {
			atomic64_inc(&sd->errors);
			break;
		}
		/* Mapped: the device sees the token and can write the page */
		if (dev_rw(sd, iova + off * 8, &val, 8, false) || val != token)
			atomic64_inc(&sd->errors);
		marker = ~token;
		if (dev_rw(sd, iova + off * 8, &marker, 8, true))
			atomic64_inc(&sd->errors);
		dma_unmap_single(sd->dev, iova, PAGE_SIZE, DMA_BIDIRECTIONAL);
		if (READ_ONCE(page[off]) != ~token)
			atomic64_inc(&sd->errors);
		/* Completes the invalidation in lazy mode; strict already did */
		iommu_flush_iotlb_all(dom);

		/* Unmapped and synced: the page must be out of reach */
		page[off] = token;
		if (!dev_rw(sd, iova + off * 8, &val, 8, false) && val == token)
			atomic64_inc(&sd->stale);
		marker = 0xdeadbeefULL;
		dev_rw(sd, iova + off * 8, &marker, 8, true);
		if (READ_ONCE(page[off]) != token)
			atomic64_inc(&sd->stale);
		atomic64_inc(&sd->rounds);
		cond_resched();
	}
	free_page((unsigned long)page);
	return 0;
}

static int stress_noise(void *arg)
{
	struct stress_dev *sd = arg;
	unsigned int order;
	struct page *pg;
	dma_addr_t iova;
	size_t size;

	while (time_before(jiffies, sd->deadline)) {
		order = get_random_u32_below(5);
		size = PAGE_SIZE << order;
		pg = alloc_pages(GFP_KERNEL, order);
		if (!pg)
			continue;
		/*
		 * Noise pages never hold a checker's token.  They are mapped
		 * DMA_TO_DEVICE: the noise only churns the domain's IOVAs and
		 * tables.  DMA-API debug tracks only FROM_DEVICE and
		 * BIDIRECTIONAL mappings by cacheline, and it reports false
		 * overlaps when two threads of one device race an unmap (the
		 * IOVA is freed before the debug entry is dropped): see
		 * DMA_DEBUG in tools/guest/init.
		 */
		memset(page_address(pg), 0xa5, size);
		iova = dma_map_page(sd->dev, pg, 0, size, DMA_TO_DEVICE);
		if (!dma_mapping_error(sd->dev, iova)) {
			atomic64_inc(&sd->noise_maps);
			dma_unmap_page(sd->dev, iova, size, DMA_TO_DEVICE);
		}
		__free_pages(pg, order);
		cond_resched();
	}
	return 0;
}

static void stress_map_unmap_dma(struct kunit *test)
{
	struct swsmmu_device *smmu = swsmmu_kunit_smmu();
	struct stress_dev *sd;
	struct task_struct *t[STRESS_DEVICES * 2];
	struct iommu_domain *dom;
	unsigned long deadline;
	int i, n = 0;

	if (!smmu)
		kunit_skip(test, "swsmmu.ko is not loaded");
	sd = kunit_kcalloc(test, STRESS_DEVICES, sizeof(*sd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sd);
	deadline = jiffies + swsmmu_stress_seconds * HZ;

	for (i = 0; i < STRESS_DEVICES; i++) {
		sd[i].smmu = smmu;
		sd[i].sid = STRESS_SID_BASE + i;
		sd[i].deadline = deadline;
		KUNIT_ASSERT_EQ(test, 0, swsmmu_board_add_client(sd[i].sid));
		sd[i].dev = swsmmu_board_get_client(sd[i].sid);
		KUNIT_ASSERT_NOT_NULL(test, sd[i].dev);
	}
	/*
	 * Only a DMA domain takes an unmapped IOVA away from the device; with
	 * a granule larger than PAGE_SIZE the driver gives identity domains.
	 */
	dom = iommu_get_domain_for_dev(sd[0].dev);
	if (!dom || !iommu_is_dma_domain(dom)) {
		for (i = 0; i < STRESS_DEVICES; i++) {
			put_device(sd[i].dev);
			KUNIT_EXPECT_EQ(test, 0,
					swsmmu_board_remove_client(sd[i].sid));
		}
		kunit_skip(test, "the test devices are not in DMA domains");
	}
	for (i = 0; i < STRESS_DEVICES; i++) {
		t[n++] = kthread_run(stress_checker, &sd[i], "swsmmu-chk%d", i);
		t[n++] = kthread_run(stress_noise, &sd[i], "swsmmu-noise%d", i);
	}
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[i]));
		get_task_struct(t[i]);
	}
	for (i = 0; i < n; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}

	for (i = 0; i < STRESS_DEVICES; i++) {
		kunit_info(test, "device %#x: %lld rounds, %lld noise maps, %lld stale, %lld errors\n",
			   sd[i].sid, atomic64_read(&sd[i].rounds),
			   atomic64_read(&sd[i].noise_maps),
			   atomic64_read(&sd[i].stale),
			   atomic64_read(&sd[i].errors));
		KUNIT_EXPECT_GT(test, atomic64_read(&sd[i].rounds), 0);
		KUNIT_EXPECT_EQ(test, atomic64_read(&sd[i].stale), 0);
		KUNIT_EXPECT_EQ(test, atomic64_read(&sd[i].errors), 0);
		put_device(sd[i].dev);
		KUNIT_EXPECT_EQ(test, 0, swsmmu_board_remove_client(sd[i].sid));
	}
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE_SLOW(stress_map_unmap_dma),
	{}
};

static struct kunit_suite stress_suite = {
	.name = "swsmmu-stress",
	.test_cases = stress_cases,
};

kunit_test_suite(stress_suite);
