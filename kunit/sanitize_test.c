// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the DMA sanitizer (drivers/iommu/sanitize.c): each
 * report class provoked once by a test device's access through the DMA
 * API's mappings, with its count, its title and the functions that
 * mapped and unmapped checked in the report text; and the accesses next
 * to each that must not be reported.
 *
 * Needs swsmmu loaded with sanitize=1 (the debug plan does); skipped
 * otherwise.  The mapping and unmapping is done by the noinline
 * functions san_mapper(), san_unmapper() and san_remapper(), whose names
 * the reports must show: a report with the wrong stack fails.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "iommu/swsmmu.h"
#include "client.h"

#define SAN_TEST_SID	0x4444

struct san_ctx {
	struct swsmmu_tc *c;
	struct swsmmu_device *smmu;
	struct device *dev;
	void *buf;
	char *report;
	s64 counts[SWSMMU_SAN_NR];
};

/* Calls counted after the DMA API's: no tail call hides these frames */
static unsigned int san_calls;

static noinline void san_mapper(struct device *dev, void *buf, size_t size,
				enum dma_data_direction dir, dma_addr_t *addr)
{
	*addr = dma_map_single(dev, buf, size, dir);
	WRITE_ONCE(san_calls, san_calls + 1);
}

/*
 * Not the same code as san_mapper(): GCC would fold the two into one
 * (-fipa-icf) and the reports would name only one of them.  Read-only:
 * DMA-API debug allows overlapping DMA_TO_DEVICE mappings.
 */
static noinline void san_remapper(struct device *dev, void *buf,
				  dma_addr_t *addr)
{
	*addr = dma_map_single(dev, buf, PAGE_SIZE, DMA_TO_DEVICE);
	WRITE_ONCE(san_calls, san_calls + 2);
}

static noinline void san_unmapper(struct device *dev, dma_addr_t addr,
				  size_t size, enum dma_data_direction dir)
{
	dma_unmap_single(dev, addr, size, dir);
	WRITE_ONCE(san_calls, san_calls + 1);
}

static int san_test_init(struct kunit *test)
{
	struct san_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct iommu_domain *dom;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->c = swsmmu_tc_get(test, SAN_TEST_SID);
	ctx->smmu = ctx->c->smmu;
	ctx->dev = ctx->c->dev;
	if (!ctx->smmu->san)
		kunit_skip(test, "swsmmu.ko is loaded without sanitize=1");
	ctx->report = kunit_kzalloc(test, SWSMMU_SAN_REPORT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->report);
	test->priv = ctx;
	dom = iommu_get_domain_for_dev(ctx->dev);
	KUNIT_ASSERT_NOT_NULL(test, dom);
	if (!(dom->type & __IOMMU_DOMAIN_DMA_API))
		kunit_skip(test, "the test device is not in a DMA domain");
	ctx->buf = (void *)__get_free_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->buf);
	return 0;
}

static void san_test_exit(struct kunit *test)
{
	struct san_ctx *ctx = test->priv;

	if (!ctx)
		return;
	free_page((unsigned long)ctx->buf);
}

static int san_access(struct san_ctx *ctx, u64 iova, size_t len, bool write,
		      u64 issued_ns)
{
	u8 data[64] = { 0x5a };
	struct swsmmu_txn how = {
		.sid = SAN_TEST_SID,
		.issued_ns = issued_ns,
	};

	if (len > sizeof(data))
		return -EINVAL;
	return swsmmu_tc_access(ctx->c->hw, &how, iova, data, len, write);
}

static void san_snapshot(struct san_ctx *ctx)
{
	int i;

	for (i = 0; i < SWSMMU_SAN_NR; i++)
		ctx->counts[i] = atomic64_read(&ctx->smmu->san->counts[i]);
}

/* Reports since the snapshot in @cls, and none in any other class */
static void san_expect_reports(struct kunit *test, int cls, s64 n)
{
	struct san_ctx *ctx = test->priv;
	int i;

	for (i = 0; i < SWSMMU_SAN_NR; i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    atomic64_read(&ctx->smmu->san->counts[i]) -
				    ctx->counts[i], i == cls ? n : 0,
				    "reports of class %d", i);
}

static void san_expect_text(struct kunit *test, const char *what)
{
	struct san_ctx *ctx = test->priv;

	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(ctx->report, what),
				  "\"%s\" is not in the report:\n%s", what,
				  ctx->report);
}

static void san_last(struct san_ctx *ctx)
{
	swsmmu_san_last_report(ctx->smmu, ctx->report, SWSMMU_SAN_REPORT_MAX);
}

/* (a): a read after the unmap names the mapper and the unmapper */
static void san_use_after_unmap(struct kunit *test)
{
	struct san_ctx *ctx = test->priv;
	dma_addr_t addr;

	san_mapper(ctx->dev, ctx->buf, PAGE_SIZE, DMA_BIDIRECTIONAL, &addr);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, addr));
	san_snapshot(ctx);
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, addr + 64, 64, false, 0));
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, addr + 64, 64, true, 0));
	san_expect_reports(test, -1, 0);

	san_unmapper(ctx->dev, addr, PAGE_SIZE, DMA_BIDIRECTIONAL);
	iommu_flush_iotlb_all(iommu_get_domain_for_dev(ctx->dev));
	/* The SMMU faults it too; the sanitizer says whose it was */
	KUNIT_EXPECT_EQ(test, -EFAULT, san_access(ctx, addr + 64, 32, false, 0));
	san_expect_reports(test, SWSMMU_SAN_UNMAPPED, 1);
	san_last(ctx);
	san_expect_text(test, "swsmmu-sanitizer: use-after-unmap in");
	san_expect_text(test, "Read of size 32");
	san_expect_text(test, "san_mapper");
	san_expect_text(test, "san_unmapper");
	san_expect_text(test, "Unmapped by task");
}

/* (b): against the DMA direction, in both directions; not after a write */
static void san_wrong_direction(struct kunit *test)
{
	struct san_ctx *ctx = test->priv;
	dma_addr_t to, from;

	san_mapper(ctx->dev, ctx->buf, PAGE_SIZE / 2, DMA_TO_DEVICE, &to);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, to));
	san_mapper(ctx->dev, ctx->buf + PAGE_SIZE / 2, PAGE_SIZE / 2,
		   DMA_FROM_DEVICE, &from);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, from));

	san_snapshot(ctx);
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, to, 16, false, 0));
	san_expect_reports(test, -1, 0);
	/* The SMMU refuses the write (read-only); the sanitizer names it */
	san_access(ctx, to + 8, 16, true, 0);
	san_expect_reports(test, SWSMMU_SAN_DIRECTION, 1);
	san_last(ctx);
	san_expect_text(test, "swsmmu-sanitizer: wrong-direction in");
	san_expect_text(test, "may only read");
	san_expect_text(test, "DMA_TO_DEVICE");
	san_expect_text(test, "san_mapper");

	san_snapshot(ctx);
	san_access(ctx, from, 16, false, 0);
	san_expect_reports(test, SWSMMU_SAN_DIRECTION, 1);
	san_last(ctx);
	san_expect_text(test, "before writing it");
	san_expect_text(test, "DMA_FROM_DEVICE");
	san_expect_text(test, "san_mapper");
	/* Once the device has written it, reading back is no error */
	san_snapshot(ctx);
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, from, 16, true, 0));
	san_access(ctx, from, 16, false, 0);
	san_expect_reports(test, -1, 0);

	san_unmapper(ctx->dev, from, PAGE_SIZE / 2, DMA_FROM_DEVICE);
	san_unmapper(ctx->dev, to, PAGE_SIZE / 2, DMA_TO_DEVICE);
}

/* (c): past the declared end in the last granule, not before it */
static void san_sub_page_overrun(struct kunit *test)
{
	struct san_ctx *ctx = test->priv;
	dma_addr_t addr;

	san_mapper(ctx->dev, ctx->buf, 100, DMA_BIDIRECTIONAL, &addr);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, addr));
	KUNIT_EXPECT_EQ(test, -EINVAL, swsmmu_sanitize_dma_len(ctx->dev, addr, 0));
	KUNIT_EXPECT_EQ(test, 0, swsmmu_sanitize_dma_len(ctx->dev, addr, 100));

	san_snapshot(ctx);
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, addr + 36, 64, true, 0));
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, addr + 36, 64, false, 0));
	san_expect_reports(test, -1, 0);
	/* Bytes 96-103: the page table maps them, the buffer ends at 100 */
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, addr + 96, 8, false, 0));
	san_expect_reports(test, SWSMMU_SAN_OVERRUN, 1);
	san_last(ctx);
	san_expect_text(test, "swsmmu-sanitizer: sub-page-overrun in");
	san_expect_text(test, "Read of size 8");
	san_expect_text(test, "san_mapper");

	san_unmapper(ctx->dev, addr, 100, DMA_BIDIRECTIONAL);
	/* The end of an unmapped buffer cannot be declared */
	KUNIT_EXPECT_EQ(test, -ENOENT, swsmmu_sanitize_dma_len(ctx->dev, addr, 100));
}

#define SAN_REMAPS	16

/*
 * Map @other (san_remapper()) until the IOVA allocator hands out @first
 * again: at once, or (DMA-FQ) once the flush queue has freed it.  Returns
 * how many mappings it made, the last at @again[n - 1] == @first; 0 if
 * the IOVA did not come back (then nothing stays mapped).
 *
 * The caller unmaps @first and calls this with migration disabled: iommu-dma
 * frees an IOVA into the per-CPU cache of the CPU that frees it (directly, or
 * from the flush queue's timer, which runs where it was armed), and allocates
 * from the current CPU's, so a move to the other CPU in between makes the
 * IOVA come back only by chance.
 */
static int san_map_again(struct kunit *test, struct device *dev,
			 dma_addr_t first, void *other, dma_addr_t *again)
{
	int i, n;

	for (n = 0; n < SAN_REMAPS; n++) {
		san_remapper(dev, other, &again[n]);
		if (dma_mapping_error(dev, again[n])) {
			/* Not an assertion: the caller has migration disabled */
			KUNIT_FAIL(test, "mapping again failed");
			break;
		}
		if (again[n] == first)
			return n + 1;
		msleep(20);
	}
	for (i = 0; i < n; i++)
		san_unmapper(dev, again[i], PAGE_SIZE, DMA_TO_DEVICE);
	return 0;
}

static void san_unmap_again(struct device *dev, dma_addr_t *again, int n)
{
	int i;

	for (i = 0; i < n; i++)
		san_unmapper(dev, again[i], PAGE_SIZE, DMA_TO_DEVICE);
}

/*
 * (d): an access issued before the IOVA went to another mapping names the
 * mapping it was meant for (mapper and unmapper) and the new one
 */
static void san_iova_reuse(struct kunit *test)
{
	struct san_ctx *ctx = test->priv;
	dma_addr_t first, again[SAN_REMAPS];
	void *other;
	u64 issued;
	int n;

	other = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	san_mapper(ctx->dev, ctx->buf, PAGE_SIZE, DMA_BIDIRECTIONAL, &first);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, first));
	issued = ktime_get_ns();
	migrate_disable();
	san_unmapper(ctx->dev, first, PAGE_SIZE, DMA_BIDIRECTIONAL);
	n = san_map_again(test, ctx->dev, first, other, again);
	migrate_enable();
	if (!n)
		kunit_skip(test, "the IOVA was not handed out again");

	san_snapshot(ctx);
	/* Issued after the new mapping, or by a device that cannot say: fine */
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, first, 16, false, ktime_get_ns()));
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, first, 16, false, 0));
	san_expect_reports(test, -1, 0);
	/* The device still holds the IOVA it was given before the unmap */
	KUNIT_EXPECT_EQ(test, 0, san_access(ctx, first + 16, 16, false, issued));
	san_expect_reports(test, SWSMMU_SAN_REUSE, 1);
	san_last(ctx);
	san_expect_text(test, "swsmmu-sanitizer: iova-reuse in");
	san_expect_text(test, "Read of size 16");
	san_expect_text(test, "san_mapper");
	san_expect_text(test, "san_unmapper");
	san_expect_text(test, "san_remapper");
	san_unmap_again(ctx->dev, again, n);
}

static bool san_chan_of(struct dma_chan *chan, void *dev)
{
	return chan->device->dev == dev;
}

static void san_dma_done(void *done)
{
	complete(done);
}

/*
 * (d) end to end: a memcpy descriptor prepared on the test device's DMA
 * engine, then its source unmapped and the IOVA mapped again before the
 * engine runs it.  The engine tells the SMMU when it was handed the
 * address (swsmmu_txn.issued_ns): the read of the source is reported.
 */
static void san_dma_engine_reuse(struct kunit *test)
{
	struct san_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	dma_addr_t src, dst, again[SAN_REMAPS];
	DECLARE_COMPLETION_ONSTACK(done);
	struct dma_chan *chan;
	dma_cap_mask_t mask;
	void *other, *dbuf;
	int n;

	other = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	dbuf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_NOT_NULL(test, dbuf);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, san_chan_of, ctx->dev);
	KUNIT_ASSERT_NOT_NULL(test, chan);

	san_mapper(ctx->dev, ctx->buf, PAGE_SIZE, DMA_BIDIRECTIONAL, &src);
	dst = dma_map_single(ctx->dev, dbuf, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ctx->dev, src) || dma_mapping_error(ctx->dev, dst)) {
		dma_release_channel(chan);
		KUNIT_FAIL(test, "DMA mapping failed");
		return;
	}
	tx = dmaengine_prep_dma_memcpy(chan, dst, src, 64, DMA_PREP_INTERRUPT);
	migrate_disable();
	san_unmapper(ctx->dev, src, PAGE_SIZE, DMA_BIDIRECTIONAL);
	n = tx ? san_map_again(test, ctx->dev, src, other, again) : 0;
	migrate_enable();
	if (n) {
		san_snapshot(ctx);
		tx->callback = san_dma_done;
		tx->callback_param = &done;
		dmaengine_submit(tx);
		dma_async_issue_pending(chan);
		KUNIT_EXPECT_NE(test, 0UL,
				wait_for_completion_timeout(&done, 10 * HZ));
		san_expect_reports(test, SWSMMU_SAN_REUSE, 1);
		san_last(ctx);
		san_expect_text(test, "swsmmu-sanitizer: iova-reuse in");
		san_expect_text(test, "Read of size 64");
		san_expect_text(test, "san_mapper");
		san_expect_text(test, "san_unmapper");
		san_expect_text(test, "san_remapper");
		san_unmap_again(ctx->dev, again, n);
	} else if (tx) {
		/*
		 * Only a submitted descriptor is the engine's to free: submit
		 * it without issuing it, so that releasing the channel
		 * terminates it unrun (its source is unmapped)
		 */
		dmaengine_submit(tx);
	}
	/* Terminates what is still queued and waits for the worker */
	dma_release_channel(chan);
	dma_unmap_single(ctx->dev, dst, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	if (!n)
		kunit_skip(test, "the IOVA was not handed out again");
}

/* An access to an IOVA never mapped is the SMMU's business, not a report */
static void san_never_mapped(struct kunit *test)
{
	struct san_ctx *ctx = test->priv;

	san_snapshot(ctx);
	KUNIT_EXPECT_EQ(test, -EFAULT, san_access(ctx, 0x7f0000000ULL, 8, false, 0));
	san_expect_reports(test, -1, 0);
}

/*
 * Unmapped records are bounded: a quarantine of 2 keeps the last 2
 * unmapped granules and forgets the older ones, live or not
 */
static void san_quarantine_bound(struct kunit *test)
{
	struct swsmmu_san_domain *sd = swsmmu_san_kunit_domain(PAGE_SHIFT, 2);
	unsigned int nr, i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sd);
	for (i = 0; i < 5; i++) {
		swsmmu_san_map(sd, i * PAGE_SIZE, PAGE_SIZE, IOMMU_READ);
		swsmmu_san_unmap(sd, i * PAGE_SIZE, PAGE_SIZE);
	}
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, 0, swsmmu_san_kunit_state(sd, i * PAGE_SIZE, &nr),
				    "granule %u", i);
	KUNIT_EXPECT_EQ(test, SWSMMU_SAN_KUNIT_OLD,
			swsmmu_san_kunit_state(sd, 3 * PAGE_SIZE, &nr));
	KUNIT_EXPECT_EQ(test, SWSMMU_SAN_KUNIT_OLD,
			swsmmu_san_kunit_state(sd, 4 * PAGE_SIZE, &nr));
	KUNIT_EXPECT_EQ(test, nr, 2);

	/* A live mapping keeps its granule's old record until it is evicted */
	swsmmu_san_map(sd, 3 * PAGE_SIZE, 2 * PAGE_SIZE, IOMMU_READ);
	KUNIT_EXPECT_EQ(test, SWSMMU_SAN_KUNIT_LIVE | SWSMMU_SAN_KUNIT_OLD,
			swsmmu_san_kunit_state(sd, 3 * PAGE_SIZE, &nr));
	swsmmu_san_map(sd, 5 * PAGE_SIZE, PAGE_SIZE, IOMMU_READ);
	swsmmu_san_unmap(sd, 5 * PAGE_SIZE, PAGE_SIZE);
	swsmmu_san_map(sd, 6 * PAGE_SIZE, PAGE_SIZE, IOMMU_READ);
	swsmmu_san_unmap(sd, 6 * PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, SWSMMU_SAN_KUNIT_LIVE,
			swsmmu_san_kunit_state(sd, 3 * PAGE_SIZE, &nr));
	KUNIT_EXPECT_EQ(test, SWSMMU_SAN_KUNIT_LIVE,
			swsmmu_san_kunit_state(sd, 4 * PAGE_SIZE, &nr));
	/* Two live granules, two quarantined: 3 and 4 keep no old record */
	KUNIT_EXPECT_EQ(test, nr, 4);
	swsmmu_san_domain_free(sd);
}

static struct kunit_case san_cases[] = {
	KUNIT_CASE(san_use_after_unmap),
	KUNIT_CASE(san_wrong_direction),
	KUNIT_CASE(san_sub_page_overrun),
	KUNIT_CASE(san_iova_reuse),
	KUNIT_CASE(san_dma_engine_reuse),
	KUNIT_CASE(san_never_mapped),
	KUNIT_CASE(san_quarantine_bound),
	{}
};

static struct kunit_suite san_suite = {
	.name = "swsmmu-sanitizer",
	.init = san_test_init,
	.exit = san_test_exit,
	.test_cases = san_cases,
};

kunit_test_suite(san_suite);
