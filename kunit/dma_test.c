// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the test devices' DMA engine (drivers/tdev/dma.c), run as
 * a client of the dmaengine API against the swsmmu-tdev channels of a
 * loaded swsmmu, whose transactions go through the software SMMU: known
 * answer copies and fills across page boundaries, translation failures
 * completing with DMA_TRANS_READ_FAILED / DMA_TRANS_WRITE_FAILED and
 * DMA_ERROR, in-order completion, termination, prep limits, and removal of
 * a device while its channel is busy.
 *
 * A module of its own (swsmmu-dma-kunit.ko), loaded by the guest's dmatest
 * step once swsmmu has created its test devices.  The copies use the DMA
 * API, so they run in any default domain; the removal test needs the
 * identity domain (see dma_remove_busy()).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "board/board.h"
#include "iommu/swsmmu.h"
#include "tdev/tdev.h"

/*
 * Neither RAM nor mapped: in the identity domain its PA is no memory (an
 * external abort, -EIO), in a DMA domain no IOVA there is mapped (the
 * IOVA allocator hands out addresses from the top of the 48-bit mask, 256
 * TiB, downwards; this is 64 TiB): a translation fault.
 */
#define DT_BAD_ADDR	BIT_ULL(46)
#define DT_TIMEOUT	(10 * HZ)

struct dt_cb {
	struct completion done;
	int result;		/* enum dmaengine_tx_result, -1 before */
	u32 residue;
	int calls;
	int order;		/* position among the callbacks of a test */
	int *next_order;	/* shared counter, or NULL */
};

struct dt_ctx {
	struct dma_chan *chan;
	struct device *dev;	/* the device that does the DMA */
};

struct dt_map {
	struct device *dev;
	void *cpu;
	dma_addr_t addr;
	size_t size;
};

static void dt_callback(void *param, const struct dmaengine_result *res)
{
	struct dt_cb *cb = param;

	cb->result = res->result;
	cb->residue = res->residue;
	cb->calls++;
	if (cb->next_order)
		cb->order = (*cb->next_order)++;
	complete(&cb->done);
}

static void dt_cb_init(struct dt_cb *cb, int *next_order)
{
	init_completion(&cb->done);
	cb->result = -1;
	cb->residue = U32_MAX;
	cb->calls = 0;
	cb->order = -1;
	cb->next_order = next_order;
}

static bool dt_is_tdev(struct device *dev)
{
	return dev->driver && !strcmp(dev->driver->name, SWSMMU_TDEV_NAME);
}

static bool dt_filter_any(struct dma_chan *chan, void *param)
{
	return dt_is_tdev(chan->device->dev);
}

static struct dma_chan *dt_request(dma_filter_fn fn, void *param)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	return dma_request_channel(mask, fn, param);
}

static int dt_init(struct kunit *test)
{
	struct dt_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	test->priv = ctx;
	ctx->chan = dt_request(dt_filter_any, NULL);
	if (!ctx->chan)
		kunit_skip(test, "no free swsmmu-tdev DMA channel (is swsmmu loaded?)");
	ctx->dev = ctx->chan->device->dev;
	return 0;
}

static void dt_exit(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;

	/* Terminates and synchronizes, before the mappings go (actions) */
	if (ctx && ctx->chan)
		dma_release_channel(ctx->chan);
}

static void dt_unmap_action(void *data)
{
	struct dt_map *m = data;

	dma_unmap_single(m->dev, m->addr, m->size, DMA_BIDIRECTIONAL);
}

/* A kmalloc buffer of @size bytes set to @fill, mapped for @dev */
static struct dt_map *dt_map(struct kunit *test, struct device *dev,
			     size_t size, u8 fill)
{
	struct dt_map *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->cpu = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->cpu);
	memset(m->cpu, fill, size);
	m->dev = dev;
	m->size = size;
	m->addr = dma_map_single(dev, m->cpu, size, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, m->addr));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, dt_unmap_action, m));
	return m;
}

/* Hand the buffer to the device / take it back (no-ops when coherent) */
static void dt_to_dev(struct dt_map *m)
{
	dma_sync_single_for_device(m->dev, m->addr, m->size, DMA_BIDIRECTIONAL);
}

static void dt_to_cpu(struct dt_map *m)
{
	dma_sync_single_for_cpu(m->dev, m->addr, m->size, DMA_BIDIRECTIONAL);
}

static dma_cookie_t dt_submit(struct kunit *test,
			      struct dma_async_tx_descriptor *tx,
			      struct dt_cb *cb)
{
	dma_cookie_t cookie;

	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback_result = dt_callback;
	tx->callback_param = cb;
	cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	return cookie;
}

static void dt_wait(struct kunit *test, struct dt_cb *cb)
{
	KUNIT_ASSERT_NE_MSG(test, 0UL,
			    wait_for_completion_timeout(&cb->done, DT_TIMEOUT),
			    "no completion callback");
}

static void dma_caps(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_device *ddev = ctx->chan->device;

	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_MEMCPY, ddev->cap_mask));
	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_MEMSET, ddev->cap_mask));
	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_PRIVATE, ddev->cap_mask));
	KUNIT_EXPECT_FALSE(test, dma_has_cap(DMA_SLAVE, ddev->cap_mask));
	KUNIT_EXPECT_EQ(test, ddev->chancnt, SWSMMU_DMA_CHANNELS);
	KUNIT_EXPECT_EQ(test, ddev->copy_align, DMAENGINE_ALIGN_1_BYTE);
	KUNIT_EXPECT_EQ(test, ddev->fill_align, DMAENGINE_ALIGN_1_BYTE);
	KUNIT_EXPECT_EQ(test, dma_get_max_seg_size(ctx->dev), SZ_16M);
	/* The DMA device is the test device itself, behind the SMMU */
	KUNIT_EXPECT_PTR_EQ(test, dmaengine_get_dma_device(ctx->chan), ctx->dev);
	KUNIT_EXPECT_NOT_NULL(test, ctx->dev->iommu_group);
}

/*
 * Copy 2 pages + 100 bytes from offset 5 of the source to offset 4091 of
 * the destination: the source range [5, 8297) crosses two page boundaries
 * (4096, 8192), the destination range [4091, 12383) three (4096, 8192,
 * 12288), and the pieces of the bounce buffer fall on neither.
 */
static void dma_copy_known_answer(struct kunit *test)
{
	const size_t size = 4 * PAGE_SIZE, soff = 5, doff = PAGE_SIZE - 5;
	const size_t len = 2 * PAGE_SIZE + 100;
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dt_map *src, *dst;
	struct dma_tx_state state;
	struct dt_cb cb;
	dma_cookie_t cookie;
	u8 *s, *d;
	size_t i;

	src = dt_map(test, ctx->dev, size, 0);
	dst = dt_map(test, ctx->dev, size, 0xa5);
	s = src->cpu;
	d = dst->cpu;
	/* s[i] = (7i + 3) mod 256 */
	for (i = 0; i < size; i++)
		s[i] = 7 * i + 3;
	dt_to_dev(src);
	dt_to_dev(dst);

	dt_cb_init(&cb, NULL);
	tx = dmaengine_prep_dma_memcpy(ctx->chan, dst->addr + doff,
				       src->addr + soff, len,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	cookie = dt_submit(test, tx, &cb);
	dma_async_issue_pending(ctx->chan);
	dt_wait(test, &cb);
	dt_to_cpu(dst);

	KUNIT_EXPECT_EQ(test, cb.calls, 1);
	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cb.residue, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie, &state),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, state.last, cookie);

	/* d[4091] = s[5] = 7 * 5 + 3 = 38 */
	KUNIT_EXPECT_EQ(test, d[doff], 38);
	/* d[4096] = s[10] = 73: the first byte of the second page */
	KUNIT_EXPECT_EQ(test, d[PAGE_SIZE], 73);
	/* last byte d[4091 + 8291] = d[12382] = s[8296] = 58075 mod 256 = 219 */
	KUNIT_EXPECT_EQ(test, d[doff + len - 1], 219);
	KUNIT_EXPECT_EQ(test, memcmp(d + doff, s + soff, len), 0);
	/* Nothing written outside [4091, 12383) */
	KUNIT_EXPECT_EQ(test, d[doff - 1], 0xa5);
	KUNIT_EXPECT_EQ(test, d[doff + len], 0xa5);
	KUNIT_EXPECT_NULL(test, memchr_inv(d, 0xa5, doff));
	KUNIT_EXPECT_NULL(test, memchr_inv(d + doff + len, 0xa5,
					   size - doff - len));
	/* The source is only read */
	KUNIT_EXPECT_EQ(test, s[soff], 38);
}

/*
 * memset of 5000 bytes at offset 1 with the value 0x1ff: only the low
 * byte counts, so [1, 5001) becomes 0xff and bytes 0 and 5001 keep 0x11.
 */
static void dma_memset_known_answer(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dt_map *dst;
	struct dt_cb cb;
	dma_cookie_t cookie;
	u8 *d;

	dst = dt_map(test, ctx->dev, 2 * PAGE_SIZE, 0x11);
	d = dst->cpu;
	dt_to_dev(dst);

	dt_cb_init(&cb, NULL);
	tx = dmaengine_prep_dma_memset(ctx->chan, dst->addr + 1, 0x1ff, 5000,
				       DMA_PREP_INTERRUPT);
	cookie = dt_submit(test, tx, &cb);
	dma_async_issue_pending(ctx->chan);
	dt_wait(test, &cb);
	dt_to_cpu(dst);

	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie, NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, d[0], 0x11);
	KUNIT_EXPECT_NULL(test, memchr_inv(d + 1, 0xff, 5000));
	KUNIT_EXPECT_EQ(test, d[5001], 0x11);
}

/* A source that does not translate: read failure, nothing written */
static void dma_read_fault(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dt_map *dst;
	struct dt_cb cb;
	dma_cookie_t cookie;

	dst = dt_map(test, ctx->dev, PAGE_SIZE, 0x3c);
	dt_to_dev(dst);
	dt_cb_init(&cb, NULL);
	tx = dmaengine_prep_dma_memcpy(ctx->chan, dst->addr, DT_BAD_ADDR, 256,
				       DMA_PREP_INTERRUPT);
	cookie = dt_submit(test, tx, &cb);
	dma_async_issue_pending(ctx->chan);
	dt_wait(test, &cb);
	dt_to_cpu(dst);

	KUNIT_EXPECT_EQ(test, cb.calls, 1);
	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_READ_FAILED);
	/* The first piece failed: all 256 bytes are left */
	KUNIT_EXPECT_EQ(test, cb.residue, 256);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie, NULL),
			DMA_ERROR);
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu, 0x3c, PAGE_SIZE));
}

/*
 * A destination that does not translate, two pieces into the copy: the
 * first two pieces (pages) cannot be written either, so the descriptor
 * fails at its first write with the whole length left.
 */
static void dma_write_fault(struct kunit *test)
{
	const size_t len = 3 * PAGE_SIZE;
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dt_map *src;
	struct dt_cb cb;
	dma_cookie_t cookie;

	src = dt_map(test, ctx->dev, len, 0x42);
	dt_to_dev(src);
	dt_cb_init(&cb, NULL);
	tx = dmaengine_prep_dma_memcpy(ctx->chan, DT_BAD_ADDR, src->addr, len,
				       DMA_PREP_INTERRUPT);
	cookie = dt_submit(test, tx, &cb);
	dma_async_issue_pending(ctx->chan);
	dt_wait(test, &cb);

	KUNIT_EXPECT_EQ(test, cb.result, DMA_TRANS_WRITE_FAILED);
	KUNIT_EXPECT_EQ(test, cb.residue, len);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie, NULL),
			DMA_ERROR);
	KUNIT_EXPECT_NULL(test, memchr_inv(src->cpu, 0x42, len));
}

/* A failure ends one descriptor only: the channel goes on in order */
static void dma_fault_then_ok(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dt_map *src, *dst;
	dma_cookie_t cookie[3];
	int order = 0, i;
	struct dt_cb *cb;

	cb = kunit_kcalloc(test, 3, sizeof(*cb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cb);
	src = dt_map(test, ctx->dev, PAGE_SIZE, 0x77);
	dst = dt_map(test, ctx->dev, PAGE_SIZE, 0);
	dt_to_dev(src);
	dt_to_dev(dst);

	for (i = 0; i < 3; i++)
		dt_cb_init(&cb[i], &order);
	tx = dmaengine_prep_dma_memcpy(ctx->chan, dst->addr, src->addr, 100,
				       DMA_PREP_INTERRUPT);
	cookie[0] = dt_submit(test, tx, &cb[0]);
	tx = dmaengine_prep_dma_memcpy(ctx->chan, dst->addr + 100, DT_BAD_ADDR,
				       100, DMA_PREP_INTERRUPT);
	cookie[1] = dt_submit(test, tx, &cb[1]);
	tx = dmaengine_prep_dma_memcpy(ctx->chan, dst->addr + 200, src->addr,
				       100, DMA_PREP_INTERRUPT);
	cookie[2] = dt_submit(test, tx, &cb[2]);
	KUNIT_EXPECT_GT(test, cookie[1], cookie[0]);
	KUNIT_EXPECT_GT(test, cookie[2], cookie[1]);
	/* Nothing runs before issue_pending */
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie[0], NULL),
			DMA_IN_PROGRESS);
	dma_async_issue_pending(ctx->chan);
	dt_wait(test, &cb[2]);
	dt_to_cpu(dst);

	KUNIT_EXPECT_EQ(test, cb[0].result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cb[1].result, DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, cb[2].result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, cb[0].order, 0);
	KUNIT_EXPECT_EQ(test, cb[1].order, 1);
	KUNIT_EXPECT_EQ(test, cb[2].order, 2);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie[0], NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie[1], NULL),
			DMA_ERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie[2], NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu, 0x77, 100));
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu + 100, 0, 100));
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu + 200, 0x77, 100));
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu + 300, 0, PAGE_SIZE - 300));
}

/* Many descriptors: callbacks in cookie order, each exactly once */
static void dma_in_order(struct kunit *test)
{
	enum { N = 24 };
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dt_map *src, *dst;
	dma_cookie_t cookie[N];
	struct dma_tx_state state;
	struct dt_cb *cb;
	int order = 0, i;
	u8 *d;

	cb = kunit_kcalloc(test, N, sizeof(*cb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cb);
	src = dt_map(test, ctx->dev, N, 0);
	dst = dt_map(test, ctx->dev, N * PAGE_SIZE, 0);
	for (i = 0; i < N; i++)
		((u8 *)src->cpu)[i] = 0x80 + i;
	dt_to_dev(src);
	dt_to_dev(dst);

	/* Descriptor i fills page i of dst with 0x80 + i, by memset or copy */
	for (i = 0; i < N; i++) {
		dt_cb_init(&cb[i], &order);
		if (i % 2)
			tx = dmaengine_prep_dma_memset(ctx->chan,
						       dst->addr + i * PAGE_SIZE,
						       0x80 + i, PAGE_SIZE,
						       DMA_PREP_INTERRUPT);
		else
			tx = dmaengine_prep_dma_memcpy(ctx->chan,
						       dst->addr + i * PAGE_SIZE,
						       src->addr + i, 1,
						       DMA_PREP_INTERRUPT);
		cookie[i] = dt_submit(test, tx, &cb[i]);
		/* Issue in batches, while earlier ones may be running */
		if (i % 5 == 4)
			dma_async_issue_pending(ctx->chan);
	}
	dma_async_issue_pending(ctx->chan);
	for (i = 0; i < N; i++)
		dt_wait(test, &cb[i]);
	dt_to_cpu(dst);

	d = dst->cpu;
	for (i = 0; i < N; i++) {
		KUNIT_EXPECT_EQ(test, cb[i].calls, 1);
		KUNIT_EXPECT_EQ(test, cb[i].order, i);
		KUNIT_EXPECT_EQ(test, cb[i].result, DMA_TRANS_NOERROR);
		KUNIT_EXPECT_EQ(test, d[i * PAGE_SIZE], 0x80 + i);
		if (i)
			KUNIT_EXPECT_GT(test, cookie[i], cookie[i - 1]);
	}
	/* page 23 was a memset of 0x80 + 23 = 0x97 */
	KUNIT_EXPECT_NULL(test, memchr_inv(d + 23 * PAGE_SIZE, 0x97, PAGE_SIZE));
	/* page 22 was a 1-byte copy of 0x96: the rest stays 0 */
	KUNIT_EXPECT_NULL(test, memchr_inv(d + 22 * PAGE_SIZE + 1, 0,
					   PAGE_SIZE - 1));
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(ctx->chan, cookie[N - 1],
						  &state), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, state.last, cookie[N - 1]);
	KUNIT_EXPECT_EQ(test, state.used, cookie[N - 1]);
}

/* Terminated descriptors never run and never call back */
static void dma_terminate(struct kunit *test)
{
	enum { N = 8 };
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dt_map *src, *dst;
	struct dt_cb *cb, last;
	int i;

	cb = kunit_kcalloc(test, N, sizeof(*cb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cb);
	src = dt_map(test, ctx->dev, PAGE_SIZE, 0x5e);
	dst = dt_map(test, ctx->dev, PAGE_SIZE, 0);
	dt_to_dev(src);
	dt_to_dev(dst);

	for (i = 0; i < N; i++) {
		dt_cb_init(&cb[i], NULL);
		tx = dmaengine_prep_dma_memcpy(ctx->chan, dst->addr, src->addr,
					       PAGE_SIZE, DMA_PREP_INTERRUPT);
		dt_submit(test, tx, &cb[i]);
	}
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(ctx->chan), 0);
	/* Nothing left to issue */
	dma_async_issue_pending(ctx->chan);
	dmaengine_synchronize(ctx->chan);
	dt_to_cpu(dst);
	for (i = 0; i < N; i++)
		KUNIT_EXPECT_EQ(test, cb[i].calls, 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu, 0, PAGE_SIZE));

	/* The channel still works */
	dt_to_dev(dst);
	dt_cb_init(&last, NULL);
	tx = dmaengine_prep_dma_memcpy(ctx->chan, dst->addr, src->addr, 64,
				       DMA_PREP_INTERRUPT);
	dt_submit(test, tx, &last);
	dma_async_issue_pending(ctx->chan);
	dt_wait(test, &last);
	dt_to_cpu(dst);
	KUNIT_EXPECT_EQ(test, last.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu, 0x5e, 64));
	KUNIT_EXPECT_NULL(test, memchr_inv(dst->cpu + 64, 0, PAGE_SIZE - 64));
	for (i = 0; i < N; i++)
		KUNIT_EXPECT_EQ(test, cb[i].calls, 0);
}

/* What prep refuses */
static void dma_prep_limits(struct kunit *test)
{
	struct dt_ctx *ctx = test->priv;
	struct dma_async_tx_descriptor *tx;

	/* Addresses that would fault, should a refused descriptor ever run */
	const dma_addr_t a = DT_BAD_ADDR, b = DT_BAD_ADDR + SZ_32M;

	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(ctx->chan, a, b, 0, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memset(ctx->chan, a, 0, 0, 0));
	/* SZ_16M is the longest descriptor */
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(ctx->chan, a, b,
							  SZ_16M + 1, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memset(ctx->chan, a, 0,
							  SZ_16M + 1, 0));
	/* [2^64 - 16, 2^64 + 16) wraps */
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(ctx->chan,
							  (dma_addr_t)-16,
							  b, 32, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(ctx->chan, a,
							  (dma_addr_t)-16, 32,
							  0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memset(ctx->chan,
							  (dma_addr_t)-16,
							  0, 32, 0));
	/* [2^64 - 16, 2^64) does not */
	tx = dmaengine_prep_dma_memset(ctx->chan, (dma_addr_t)-16, 0, 16, 0);
	KUNIT_EXPECT_NOT_NULL(test, tx);
	if (tx) {
		KUNIT_EXPECT_FALSE(test, dma_submit_error(dmaengine_submit(tx)));
		KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(ctx->chan), 0);
	}
	/* The longest is accepted */
	tx = dmaengine_prep_dma_memcpy(ctx->chan, a, b, SZ_16M, 0);
	KUNIT_EXPECT_NOT_NULL(test, tx);
	if (tx) {
		/* submitted but never issued: terminate frees it */
		KUNIT_EXPECT_FALSE(test, dma_submit_error(dmaengine_submit(tx)));
		KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(ctx->chan), 0);
	}
}

struct dt_busy {
	struct swsmmu_device *smmu;
	u32 sid;
};

/* Test end, also after a failed assertion: the device comes back */
static void dt_recreate_action(void *data)
{
	struct dt_busy *b = data;

	swsmmu_board_add_client(b->sid);
}

/*
 * Remove a test device while its channel is busy and its client still
 * holds it: every descriptor ends exactly once, in order, those that had
 * not finished as DMA_TRANS_ABORTED with tx_status DMA_ERROR; prep fails
 * afterwards; releasing the channel then frees the engine (KASAN and
 * kmemleak watch this).  The device is created again (with the IOMMU
 * core's default domain) at the end.
 *
 * The device goes away under its client's feet, so the client must not
 * hold DMA API mappings for it (DMA-API debug rightly reports mappings
 * that outlive their device).  The test therefore runs in the identity
 * domain only, where a DMA address is the physical address, and gives the
 * engine physical addresses of its own buffer.
 */
static void dma_remove_busy(struct kunit *test)
{
	enum { N = 64 };
	const size_t half = SZ_512K;
	struct dt_ctx *ctx = test->priv;
	const struct swsmmu_tdev_pdata *pd;
	struct dma_async_tx_descriptor *tx;
	struct iommu_domain *domain;
	int order = 0, aborted = 0, i;
	dma_cookie_t cookie[N];
	struct dt_busy *b;
	struct dt_cb *cb;
	phys_addr_t pa;
	void *buf;

	domain = iommu_get_domain_for_dev(ctx->dev);
	if (!domain || domain->type != IOMMU_DOMAIN_IDENTITY)
		kunit_skip(test, "needs the identity domain");
	pd = dev_get_platdata(ctx->dev);
	KUNIT_ASSERT_NOT_NULL(test, pd);

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->smmu = swsmmu_kunit_smmu();
	KUNIT_ASSERT_NOT_NULL(test, b->smmu);
	b->sid = pd->sid;
	cb = kunit_kcalloc(test, N, sizeof(*cb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cb);
	/* Large kmalloc: physically contiguous */
	buf = kunit_kmalloc(test, 2 * half, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	pa = virt_to_phys(buf);

	/* N copies of 512 KiB, first half to second half: 32 MiB of work */
	for (i = 0; i < N; i++) {
		dt_cb_init(&cb[i], &order);
		tx = dmaengine_prep_dma_memcpy(ctx->chan, pa + half, pa, half,
					       DMA_PREP_INTERRUPT);
		cookie[i] = dt_submit(test, tx, &cb[i]);
	}
	dma_async_issue_pending(ctx->chan);
	/* The first is done, the second is running */
	dt_wait(test, &cb[0]);

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, dt_recreate_action, b));
	KUNIT_EXPECT_EQ(test, swsmmu_board_remove_client(b->sid), 0);

	/* Every callback ran before removal returned, in order, once */
	for (i = 0; i < N; i++) {
		KUNIT_EXPECT_EQ(test, cb[i].calls, 1);
		KUNIT_EXPECT_EQ(test, cb[i].order, i);
		if (cb[i].result == DMA_TRANS_ABORTED) {
			aborted++;
			KUNIT_EXPECT_EQ(test,
					dmaengine_tx_status(ctx->chan, cookie[i], NULL),
					DMA_ERROR);
		} else {
			/* Nothing completes after the first aborted one */
			KUNIT_EXPECT_EQ(test, aborted, 0);
			KUNIT_EXPECT_EQ(test, cb[i].result, DMA_TRANS_NOERROR);
			KUNIT_EXPECT_EQ(test,
					dmaengine_tx_status(ctx->chan, cookie[i], NULL),
					DMA_COMPLETE);
		}
	}
	KUNIT_EXPECT_EQ(test, cb[0].result, DMA_TRANS_NOERROR);
	/*
	 * Removal does not wait for the 62 copies still queued behind the
	 * running one (31 MiB, seconds of work under TCG)
	 */
	KUNIT_EXPECT_GT(test, aborted, 0);

	/* The channel is dead for its client */
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(ctx->chan, pa + half,
							  pa, 64, 0));
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(ctx->chan), 0);

	/* The last reference: the engine is released now */
	dma_release_channel(ctx->chan);
	ctx->chan = NULL;
}

static struct kunit_case dma_cases[] = {
	KUNIT_CASE(dma_caps),
	KUNIT_CASE(dma_copy_known_answer),
	KUNIT_CASE(dma_memset_known_answer),
	KUNIT_CASE(dma_read_fault),
	KUNIT_CASE(dma_write_fault),
	KUNIT_CASE(dma_fault_then_ok),
	KUNIT_CASE(dma_in_order),
	KUNIT_CASE(dma_terminate),
	KUNIT_CASE(dma_prep_limits),
	KUNIT_CASE(dma_remove_busy),
	{}
};

static struct kunit_suite dma_suite = {
	.name = "swsmmu_dma",
	.init = dt_init,
	.exit = dt_exit,
	.test_cases = dma_cases,
};

kunit_test_suite(dma_suite);

MODULE_DESCRIPTION("KUnit tests for the swsmmu test devices' DMA engine");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
