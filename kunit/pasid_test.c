// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of PASID support: a test device's CD table (2-level, S1Fmt
 * 4K_L2, S1CDMax = its "pasid-num-bits", S1DSS=SSID0) and
 * iommu_attach_device_pasid() of a paging domain.  Traffic tagged with the
 * attached PASID translates through that domain, other PASIDs fault with
 * the event the architecture names, and untagged traffic keeps using the
 * default (DMA) domain in CD 0.
 *
 * Needs swsmmu.ko loaded with test devices of at least 3 PASID bits
 * (tdev pasid_bits, default 5).
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include "iommu/entry.h"
#include "iommu/swsmmu.h"
#include "client.h"

#define PASID_TEST_SID		0x4343
/* An IOVA of the PASID domain; iommu-dma hands out IOVAs near the top */
#define PASID_TEST_IOVA		0x100000ULL

struct pasid_ctx {
	struct swsmmu_tc *c;
	struct swsmmu_device *smmu;
	struct device *dev;
	struct iommu_domain *dom;
	void *buf;
};

static int pasid_test_init(struct kunit *test)
{
	struct pasid_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->c = swsmmu_tc_get(test, PASID_TEST_SID);
	ctx->smmu = ctx->c->smmu;
	ctx->dev = ctx->c->dev;
	test->priv = ctx;
	if (ctx->dev->iommu->max_pasids < 8)
		kunit_skip(test, "test devices have fewer than 3 PASID bits");
	ctx->buf = (void *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->buf);
	ctx->dom = iommu_paging_domain_alloc(ctx->dev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx->dom));
	KUNIT_ASSERT_EQ(test, 0, iommu_map(ctx->dom, PASID_TEST_IOVA,
					   virt_to_phys(ctx->buf), PAGE_SIZE,
					   IOMMU_READ | IOMMU_WRITE,
					   GFP_KERNEL));
	return 0;
}

static void pasid_test_exit(struct kunit *test)
{
	struct pasid_ctx *ctx = test->priv;

	if (!ctx)
		return;
	if (ctx->dom && !IS_ERR(ctx->dom)) {
		iommu_unmap(ctx->dom, PASID_TEST_IOVA, PAGE_SIZE);
		iommu_domain_free(ctx->dom);
	}
	free_page((unsigned long)ctx->buf);
}

static int pasid_access(struct pasid_ctx *ctx, bool ssv, u32 ssid, u64 iova,
			void *data, size_t len, bool write)
{
	struct swsmmu_txn how = {
		.sid = PASID_TEST_SID,
		.ssid = ssid,
		.flags = ssv ? SWSMMU_TXN_SSV : 0,
	};

	return swsmmu_tc_access(ctx->c->hw, &how, iova, data, len, write);
}

/* The event a read with @ssid at @iova raises (0 if it translates) */
static u8 pasid_event(struct pasid_ctx *ctx, bool ssv, u32 ssid, u64 iova)
{
	struct swsmmu_txn txn = {
		.sid = PASID_TEST_SID,
		.ssid = ssid,
		.flags = ssv ? SWSMMU_TXN_SSV : 0,
	};
	struct swsmmu_xlate xl;

	if (!swsmmu_hw_translate(ctx->smmu->hw, &txn, iova, &xl))
		return 0;
	return FIELD_GET(EVTQ_0_ID, xl.event[0]);
}

/* The STE: S1 translate, 4K_L2 CD table, S1CDMax = PASID bits, SSID0 */
static void pasid_ste_format(struct kunit *test)
{
	struct pasid_ctx *ctx = test->priv;
	struct swsmmu_ste *ste = swsmmu_strtab_ste(ctx->smmu, PASID_TEST_SID);
	u64 q0 = le64_to_cpu(ste->data[0]), q1 = le64_to_cpu(ste->data[1]);
	/* max_pasids = 2^bits, e.g. 32 -> 5 */
	unsigned int bits = ilog2(ctx->dev->iommu->max_pasids);

	KUNIT_EXPECT_EQ(test, FIELD_GET(STRTAB_STE_0_CFG, q0),
			(u64)STRTAB_STE_0_CFG_S1_TRANS);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STRTAB_STE_0_S1FMT, q0),
			(u64)STRTAB_STE_0_S1FMT_4K_L2);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STRTAB_STE_0_S1CDMAX, q0), (u64)bits);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STRTAB_STE_1_S1DSS, q1),
			(u64)STRTAB_STE_1_S1DSS_SSID0);
}

static void pasid_attach_translates(struct kunit *test)
{
	struct pasid_ctx *ctx = test->priv;
	u8 data[32], back[32];
	void *dmabuf;
	dma_addr_t dma;
	int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = 0xa0 + i;
	KUNIT_ASSERT_EQ(test, 0, iommu_attach_device_pasid(ctx->dom, ctx->dev,
							   5, NULL));

	/* PASID 5 reaches the domain's page: written through it, read back */
	KUNIT_EXPECT_EQ(test, 0, pasid_access(ctx, true, 5, PASID_TEST_IOVA + 8,
					      data, sizeof(data), true));
	KUNIT_EXPECT_MEMEQ(test, (u8 *)ctx->buf + 8, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, 0, pasid_access(ctx, true, 5, PASID_TEST_IOVA + 8,
					      back, sizeof(back), false));
	KUNIT_EXPECT_MEMEQ(test, back, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, ((u8 *)ctx->buf)[7], 0);

	/* PASID 6 shares CD 5's level-2 table (6 >> 6 == 5 >> 6) but V=0 */
	KUNIT_EXPECT_EQ(test, pasid_event(ctx, true, 6, PASID_TEST_IOVA),
			(u8)EVT_ID_BAD_CD);
	KUNIT_EXPECT_EQ(test, -EFAULT, pasid_access(ctx, true, 6, PASID_TEST_IOVA,
						    back, 8, false));
	/* S1DSS=SSID0 reserves SSID 0 for untagged traffic (IHI 0070 7.3.7) */
	KUNIT_EXPECT_EQ(test, pasid_event(ctx, true, 0, PASID_TEST_IOVA),
			(u8)EVT_ID_STREAM_DISABLED);
	/* Beyond S1CDMax */
	KUNIT_EXPECT_EQ(test, pasid_event(ctx, true, ctx->dev->iommu->max_pasids,
					  PASID_TEST_IOVA),
			(u8)EVT_ID_BAD_SUBSTREAMID);

	/* Untagged traffic: the default domain, where this IOVA is unmapped */
	KUNIT_EXPECT_EQ(test, pasid_event(ctx, false, 0, PASID_TEST_IOVA),
			(u8)EVT_ID_TRANSLATION);
	dmabuf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dmabuf);
	dma = dma_map_single(ctx->dev, dmabuf, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, dma));
	KUNIT_EXPECT_EQ(test, 0, pasid_access(ctx, false, 0, dma, data,
					      sizeof(data), true));
	/* ... and that IOVA is not mapped for PASID 5 */
	KUNIT_EXPECT_EQ(test, pasid_event(ctx, true, 5, dma),
			(u8)EVT_ID_TRANSLATION);
	dma_unmap_single(ctx->dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_MEMEQ(test, dmabuf, data, sizeof(data));
	kfree(dmabuf);

	/* Detached: C_BAD_CD again, the page is left alone */
	iommu_detach_device_pasid(ctx->dom, ctx->dev, 5);
	KUNIT_EXPECT_EQ(test, pasid_event(ctx, true, 5, PASID_TEST_IOVA),
			(u8)EVT_ID_BAD_CD);
	memset(data, 0x77, sizeof(data));
	KUNIT_EXPECT_EQ(test, -EFAULT, pasid_access(ctx, true, 5,
						    PASID_TEST_IOVA + 8, data,
						    sizeof(data), true));
	KUNIT_EXPECT_EQ(test, ((u8 *)ctx->buf)[8], 0xa0);
}

/* A second PASID in another level-2 table, and the limits */
static void pasid_attach_limits(struct kunit *test)
{
	struct pasid_ctx *ctx = test->priv;
	u32 max = ctx->dev->iommu->max_pasids;
	u8 v = 0x3c, back = 0;

	KUNIT_EXPECT_EQ(test, -EINVAL, iommu_attach_device_pasid(ctx->dom,
								 ctx->dev, max,
								 NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, iommu_attach_device_pasid(ctx->dom,
								 ctx->dev, 0,
								 NULL));
	/* The last PASID: level-1 index (max - 1) >> 6 */
	KUNIT_ASSERT_EQ(test, 0, iommu_attach_device_pasid(ctx->dom, ctx->dev,
							   max - 1, NULL));
	KUNIT_EXPECT_EQ(test, 0, pasid_access(ctx, true, max - 1,
					      PASID_TEST_IOVA + 1, &v, 1,
					      true));
	KUNIT_EXPECT_EQ(test, ((u8 *)ctx->buf)[1], 0x3c);
	KUNIT_EXPECT_EQ(test, 0, pasid_access(ctx, true, max - 1,
					      PASID_TEST_IOVA + 1, &back, 1,
					      false));
	KUNIT_EXPECT_EQ(test, back, 0x3c);
	/* Attached twice to the same PASID: the core refuses */
	KUNIT_EXPECT_EQ(test, -EBUSY, iommu_attach_device_pasid(ctx->dom,
								ctx->dev,
								max - 1, NULL));
	iommu_detach_device_pasid(ctx->dom, ctx->dev, max - 1);
	KUNIT_EXPECT_EQ(test, pasid_event(ctx, true, max - 1, PASID_TEST_IOVA),
			(u8)EVT_ID_BAD_CD);
}

static struct kunit_case pasid_cases[] = {
	KUNIT_CASE(pasid_ste_format),
	KUNIT_CASE(pasid_attach_translates),
	KUNIT_CASE(pasid_attach_limits),
	{ }
};

static struct kunit_suite pasid_suite = {
	.name = "swsmmu-pasid",
	.init = pasid_test_init,
	.exit = pasid_test_exit,
	.test_cases = pasid_cases,
};

kunit_test_suite(pasid_suite);
