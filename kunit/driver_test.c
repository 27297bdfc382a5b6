// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the driver and the software SMMU together, through the
 * kernel's DMA API: a test device's accesses succeed exactly where iommu-dma
 * has mapped, with the permissions it asked for, and fault (F_TRANSLATION,
 * F_PERMISSION) everywhere else without touching memory.
 *
 * Needs swsmmu.ko loaded; each case creates its own test device.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include "iommu/swsmmu.h"
#include "client.h"

/* A StreamID no test device of the default set uses */
#define DRV_TEST_SID	0x4242

struct drv_ctx {
	struct swsmmu_tc *c;
	struct swsmmu_device *smmu;
	struct device *dev;
	void *buf;
};

static int drv_test_init(struct kunit *test)
{
	struct drv_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->c = swsmmu_tc_get(test, DRV_TEST_SID);
	ctx->smmu = ctx->c->smmu;
	ctx->dev = ctx->c->dev;
	KUNIT_ASSERT_NOT_NULL(test, iommu_get_domain_for_dev(ctx->dev));
	ctx->buf = (void *)__get_free_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->buf);
	test->priv = ctx;
	return 0;
}

static void drv_test_exit(struct kunit *test)
{
	struct drv_ctx *ctx = test->priv;

	if (!ctx)
		return;
	free_page((unsigned long)ctx->buf);
}

/* Wait until the driver has consumed @n more events; return the last one */
static void wait_event_rec(struct kunit *test, struct drv_ctx *ctx, s64 before,
			   u64 evt[4])
{
	int i;

	for (i = 0; i < 1000; i++) {
		if (atomic64_read(&ctx->smmu->stats.events) > before)
			break;
		usleep_range(1000, 2000);
	}
	KUNIT_ASSERT_GT(test, atomic64_read(&ctx->smmu->stats.events), before);
	spin_lock(&ctx->smmu->stats.last_event_lock);
	memcpy(evt, ctx->smmu->stats.last_event, 4 * sizeof(u64));
	spin_unlock(&ctx->smmu->stats.last_event_lock);
}

static void drv_map_read_write(struct kunit *test)
{
	struct drv_ctx *ctx = test->priv;
	u8 data[64], back[64], want[64];
	dma_addr_t iova;
	int i;

	memset(ctx->buf, 0x5a, PAGE_SIZE);
	iova = dma_map_single(ctx->dev, ctx->buf, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, iova));
	/* The IOVA is not the physical address: translation happens */
	KUNIT_EXPECT_NE(test, (u64)iova, (u64)virt_to_phys(ctx->buf));

	/* Compared with @want, not @data: an access must not change @data */
	for (i = 0; i < sizeof(want); i++)
		want[i] = i * 3;
	memcpy(data, want, sizeof(data));
	KUNIT_EXPECT_EQ(test, 0, swsmmu_tc_rw(ctx->c, iova + 100, data, sizeof(data), true));
	KUNIT_EXPECT_EQ(test, 0, swsmmu_tc_rw(ctx->c, iova + 100, back, sizeof(back), false));
	KUNIT_EXPECT_MEMEQ(test, back, want, sizeof(want));
	dma_unmap_single(ctx->dev, iova, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)ctx->buf + 100, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, ((u8 *)ctx->buf)[99], 0x5a);
	KUNIT_EXPECT_EQ(test, ((u8 *)ctx->buf)[164], 0x5a);
}

static void drv_never_mapped_faults(struct kunit *test)
{
	struct drv_ctx *ctx = test->priv;
	s64 before = atomic64_read(&ctx->smmu->stats.events);
	u64 iova = 0x7f0000000ULL, evt[4];
	u8 data[16] = { 1, 2, 3 };

	KUNIT_EXPECT_EQ(test, -EFAULT, swsmmu_tc_rw(ctx->c, iova, data, sizeof(data), true));
	wait_event_rec(test, ctx, before, evt);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_ID, evt[0]), (u64)EVT_ID_TRANSLATION);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_SID, evt[0]), (u64)DRV_TEST_SID);
	KUNIT_EXPECT_FALSE(test, evt[1] & EVTQ_1_RnW);	/* a write */
	KUNIT_EXPECT_EQ(test, evt[2], iova);
}

static void drv_unmapped_and_flushed_faults(struct kunit *test)
{
	struct drv_ctx *ctx = test->priv;
	u8 data[32], zero[32] = { };
	dma_addr_t iova;
	s64 before;
	u64 evt[4];

	memset(ctx->buf, 0, PAGE_SIZE);
	memset(data, 0xee, sizeof(data));
	iova = dma_map_single(ctx->dev, ctx->buf, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, iova));
	KUNIT_ASSERT_EQ(test, 0, swsmmu_tc_rw(ctx->c, iova, zero, sizeof(zero), false));
	dma_unmap_single(ctx->dev, iova, PAGE_SIZE, DMA_BIDIRECTIONAL);
	/* A lazy (DMA-FQ) domain flushes later: make it now */
	iommu_flush_iotlb_all(iommu_get_domain_for_dev(ctx->dev));

	before = atomic64_read(&ctx->smmu->stats.events);
	KUNIT_EXPECT_EQ(test, -EFAULT, swsmmu_tc_rw(ctx->c, iova, data, sizeof(data), true));
	wait_event_rec(test, ctx, before, evt);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_ID, evt[0]), (u64)EVT_ID_TRANSLATION);
	KUNIT_EXPECT_EQ(test, evt[2], (u64)iova);
	/* The page the IOVA used to reach is untouched */
	KUNIT_EXPECT_MEMEQ(test, ctx->buf, zero, sizeof(zero));
}

static void drv_read_only_mapping(struct kunit *test)
{
	struct drv_ctx *ctx = test->priv;
	u8 data[32], back[32];
	dma_addr_t iova;
	s64 before;
	u64 evt[4];

	memset(ctx->buf, 0x11, PAGE_SIZE);
	/* DMA_TO_DEVICE: the device may read, not write */
	iova = dma_map_single(ctx->dev, ctx->buf, PAGE_SIZE, DMA_TO_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, iova));
	KUNIT_EXPECT_EQ(test, 0, swsmmu_tc_rw(ctx->c, iova + 8, back, sizeof(back), false));
	KUNIT_EXPECT_EQ(test, back[0], 0x11);

	memset(data, 0x99, sizeof(data));
	before = atomic64_read(&ctx->smmu->stats.events);
	KUNIT_EXPECT_EQ(test, -EFAULT, swsmmu_tc_rw(ctx->c, iova + 8, data, sizeof(data), true));
	wait_event_rec(test, ctx, before, evt);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_ID, evt[0]), (u64)EVT_ID_PERMISSION);
	KUNIT_EXPECT_EQ(test, evt[2], (u64)iova + 8);
	dma_unmap_single(ctx->dev, iova, PAGE_SIZE, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, ((u8 *)ctx->buf)[8], 0x11);
	KUNIT_EXPECT_EQ(test, ((u8 *)ctx->buf)[39], 0x11);
}

static void drv_coherent_alloc(struct kunit *test)
{
	struct drv_ctx *ctx = test->priv;
	u8 data[128], want[128];
	dma_addr_t iova;
	void *cpu;
	int i;

	cpu = dma_alloc_coherent(ctx->dev, 3 * PAGE_SIZE, &iova, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	for (i = 0; i < sizeof(want); i++)
		want[i] = 0xff - i;
	memcpy(data, want, sizeof(data));
	/* Across a page boundary of the IOVA range */
	KUNIT_EXPECT_EQ(test, 0, swsmmu_tc_rw(ctx->c, iova + PAGE_SIZE - 64, data,
					      sizeof(data), true));
	KUNIT_EXPECT_MEMEQ(test, (u8 *)cpu + PAGE_SIZE - 64, want, sizeof(want));
	dma_free_coherent(ctx->dev, 3 * PAGE_SIZE, cpu, iova);
}

static struct kunit_case drv_cases[] = {
	KUNIT_CASE(drv_map_read_write),
	KUNIT_CASE(drv_never_mapped_faults),
	KUNIT_CASE(drv_unmapped_and_flushed_faults),
	KUNIT_CASE(drv_read_only_mapping),
	KUNIT_CASE(drv_coherent_alloc),
	{}
};

static struct kunit_suite drv_suite = {
	.name = "swsmmu-driver",
	.init = drv_test_init,
	.exit = drv_test_exit,
	.test_cases = drv_cases,
};

kunit_test_suite(drv_suite);
