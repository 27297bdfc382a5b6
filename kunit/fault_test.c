// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of fault injection with the driver and the software SMMU
 * together: each of the model's bus aborts armed once on the SMMU the
 * driver runs, with the event or global error it must produce, and the
 * driver's recovery (the command retried, the abort acknowledged, the
 * translation working again).  The driver's page-allocation attribute
 * fails a domain allocation cleanly.
 *
 * Needs swsmmu.ko loaded and a kernel with CONFIG_FAULT_INJECTION (the
 * cases skip otherwise); each case creates its own test device.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/fault-inject.h>
#include <linux/iommu.h>
#include <swsmmu/arch.h>
#include "iommu/swsmmu.h"
#include "model/model.h"
#include "client.h"

/* A StreamID no other test device uses */
#define FLT_TEST_SID	0x4343

struct flt_ctx {
	struct swsmmu_tc *c;
	struct swsmmu_device *smmu;
	struct swsmmu_hw *hw;
	struct device *dev;
	void *buf;
	dma_addr_t iova;
};

#ifdef CONFIG_FAULT_INJECTION
/* Fail the next call of @attr, once */
static void flt_arm(struct fault_attr *attr)
{
	attr->interval = 1;
	atomic_set(&attr->space, 0);
	atomic_set(&attr->times, 1);
	attr->verbose = 1;
	WRITE_ONCE(attr->probability, 100);
}

static void flt_disarm(struct fault_attr *attr)
{
	WRITE_ONCE(attr->probability, 0);
}

/* Whether the armed fault fired (and so disarmed itself) */
static bool flt_fired(struct fault_attr *attr)
{
	return !atomic_read(&attr->times);
}
#endif

static int flt_test_init(struct kunit *test)
{
	struct iommu_domain *dom;
	struct flt_ctx *ctx;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->c = swsmmu_tc_get(test, FLT_TEST_SID);
	ctx->smmu = ctx->c->smmu;
	ctx->hw = ctx->c->hw;
	ctx->dev = ctx->c->dev;
	ctx->buf = (void *)__get_free_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->buf);
	test->priv = ctx;
	dom = iommu_get_domain_for_dev(ctx->dev);
	KUNIT_ASSERT_NOT_NULL(test, dom);
	if (!(dom->type & __IOMMU_DOMAIN_PAGING))
		kunit_skip(test, "the default domain does not translate");
	ctx->iova = dma_map_single(ctx->dev, ctx->buf, PAGE_SIZE,
				   DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, ctx->iova));
	return 0;
}

static void flt_test_exit(struct kunit *test)
{
	struct flt_ctx *ctx = test->priv;
#ifdef CONFIG_FAULT_INJECTION
	unsigned int i;
#endif

	if (!ctx)
		return;
#ifdef CONFIG_FAULT_INJECTION
	for (i = 0; i < HW_INJ_NR; i++)
		flt_disarm(&ctx->hw->inject[i]);
	flt_disarm(swsmmu_page_alloc_fault_attr());
#endif
	if (ctx->iova && !dma_mapping_error(ctx->dev, ctx->iova))
		dma_unmap_single(ctx->dev, ctx->iova, PAGE_SIZE,
				 DMA_BIDIRECTIONAL);
	free_page((unsigned long)ctx->buf);
}

static int flt_access(struct flt_ctx *ctx, u64 iova, bool write)
{
	u8 data[16] = { 7 };

	return swsmmu_tc_rw(ctx->c, iova, data, sizeof(data), write);
}

/* Poll @cond (an expression) for up to 2 s */
#define flt_wait(cond) ({						\
	unsigned long __end = jiffies + 2 * HZ;				\
	bool __ok;							\
									\
	while (!(__ok = (cond)) && time_before(jiffies, __end))	\
		usleep_range(500, 1000);				\
	__ok;								\
})

/* The driver has consumed more than @before events: the last one's ID */
static u8 flt_last_event(struct kunit *test, struct flt_ctx *ctx, s64 before)
{
	u64 evt0;

	KUNIT_ASSERT_TRUE(test, flt_wait(atomic64_read(&ctx->smmu->stats.events) >
					 before));
	spin_lock(&ctx->smmu->stats.last_event_lock);
	evt0 = ctx->smmu->stats.last_event[0];
	spin_unlock(&ctx->smmu->stats.last_event_lock);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_SID, evt0), FLT_TEST_SID);
	return FIELD_GET(EVTQ_0_ID, evt0);
}

/* Every STE and CD, every TLB entry: the next access fetches and walks */
static void flt_invalidate_all(struct kunit *test, struct flt_ctx *ctx)
{
	struct swsmmu_cmd cmd[2];

	swsmmu_cmd_cfgi_all(&cmd[0]);
	swsmmu_cmd_tlbi_nsnh_all(&cmd[1]);
	KUNIT_ASSERT_EQ(test, 0, swsmmu_cmdq_issue(ctx->smmu, cmd, 2, true));
}

#ifdef CONFIG_FAULT_INJECTION
/*
 * Arm @which, access the mapped page after invalidating everything: the
 * access fails with event @id; the next one succeeds (a failed fetch is
 * not cached)
 */
static void flt_fetch_case(struct kunit *test, enum hw_inject which, u8 id)
{
	struct flt_ctx *ctx = test->priv;
	struct fault_attr *attr = &ctx->hw->inject[which];
	s64 before;

	KUNIT_ASSERT_EQ(test, 0, flt_access(ctx, ctx->iova, false));
	flt_invalidate_all(test, ctx);
	before = atomic64_read(&ctx->smmu->stats.events);
	flt_arm(attr);
	KUNIT_EXPECT_NE(test, 0, flt_access(ctx, ctx->iova, true));
	KUNIT_EXPECT_TRUE(test, flt_fired(attr));
	KUNIT_EXPECT_EQ(test, flt_last_event(test, ctx, before), id);
	KUNIT_EXPECT_EQ(test, 0, flt_access(ctx, ctx->iova, true));
}
#endif

static void fault_ste_fetch(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	flt_fetch_case(test, HW_INJ_STE_FETCH, EVT_ID_STE_FETCH);
#endif
}

static void fault_cd_fetch(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct flt_ctx *ctx = test->priv;
	struct iommu_domain *dom = iommu_get_domain_for_dev(ctx->dev);

	if (to_swsmmu_domain(dom)->stage != 1)
		kunit_skip(test, "a stage-2 default domain has no CD");
	flt_fetch_case(test, HW_INJ_CD_FETCH, EVT_ID_CD_FETCH);
#endif
}

static void fault_walk_fetch(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	flt_fetch_case(test, HW_INJ_WALK_FETCH, EVT_ID_WALK_EABT);
#endif
}

/*
 * A command whose fetch aborted is fetched again: the TLBI is executed
 * once, CMDQ_ERR is acknowledged, the driver counts one command error.
 * (A driver that skipped it as an illegal command would lose the TLBI.)
 */
static void fault_cmd_fetch_retried(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct flt_ctx *ctx = test->priv;
	struct fault_attr *attr = &ctx->hw->inject[HW_INJ_CMD_FETCH];
	s64 errors = atomic64_read(&ctx->smmu->stats.cmd_errors);
	struct hw_stats st0, st1;
	struct swsmmu_cmd cmd;
	u32 gerror, gerrorn;

	swsmmu_cmd_tlbi_nsnh_all(&cmd);
	swsmmu_hw_stats_get(ctx->hw, &st0);
	flt_arm(attr);
	KUNIT_EXPECT_EQ(test, 0, swsmmu_cmdq_issue(ctx->smmu, &cmd, 1, true));
	KUNIT_EXPECT_TRUE(test, flt_fired(attr));
	swsmmu_hw_stats_get(ctx->hw, &st1);
	KUNIT_EXPECT_EQ(test, st1.v[HW_STAT_TLBI] - st0.v[HW_STAT_TLBI], 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&ctx->smmu->stats.cmd_errors),
			errors + 1);
	gerror = swsmmu_hw_read32(ctx->hw, SMMU_GERROR);
	gerrorn = swsmmu_hw_read32(ctx->hw, SMMU_GERRORN);
	KUNIT_EXPECT_EQ(test, (gerror ^ gerrorn) & GERROR_CMDQ_ERR, 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CMDQ_CONS_ERR,
					swsmmu_hw_read32(ctx->hw, SMMU_CMDQ_CONS)),
			CMDQ_CONS_ERR_NONE);
	/* the queue goes on */
	KUNIT_EXPECT_EQ(test, 0, swsmmu_cmdq_issue(ctx->smmu, &cmd, 1, true));
#endif
}

/* (GERROR ^ GERRORN) & @err: the error is active */
static u32 flt_gerror_active(struct flt_ctx *ctx, u32 err)
{
	return (swsmmu_hw_read32(ctx->hw, SMMU_GERROR) ^
		swsmmu_hw_read32(ctx->hw, SMMU_GERRORN)) & err;
}

/*
 * An event record write that aborts: the event is lost, EVTQ_ABT_ERR is
 * raised and the driver acknowledges it, after which events are recorded
 * again.  (A driver that left it active would see no event any more.)
 */
static void fault_evtq_abort_acknowledged(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct flt_ctx *ctx = test->priv;
	struct fault_attr *attr = &ctx->hw->inject[HW_INJ_EVTQ_WRITE];
	u32 gerror0 = swsmmu_hw_read32(ctx->hw, SMMU_GERROR);
	u64 hole = ctx->iova - 64 * PAGE_SIZE;	/* never mapped here */
	u32 prod0 = swsmmu_hw_read32(ctx->hw, SMMU_EVTQ_PROD);
	s64 before;

	before = atomic64_read(&ctx->smmu->stats.events);
	flt_arm(attr);
	KUNIT_EXPECT_NE(test, 0, flt_access(ctx, hole, false));
	KUNIT_EXPECT_TRUE(test, flt_fired(attr));
	/* PROD did not move; the error was raised ... */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(ctx->hw, SMMU_EVTQ_PROD), prod0);
	KUNIT_EXPECT_EQ(test, (swsmmu_hw_read32(ctx->hw, SMMU_GERROR) ^ gerror0) &
			GERROR_EVTQ_ABT_ERR, GERROR_EVTQ_ABT_ERR);
	/* ... and acknowledged by the driver's handler */
	KUNIT_EXPECT_TRUE(test, flt_wait(!flt_gerror_active(ctx,
							    GERROR_EVTQ_ABT_ERR)));
	KUNIT_EXPECT_EQ(test, atomic64_read(&ctx->smmu->stats.events), before);

	/* The next fault is recorded and reaches the driver */
	KUNIT_EXPECT_NE(test, 0, flt_access(ctx, hole, false));
	KUNIT_EXPECT_EQ(test, flt_last_event(test, ctx, before),
			EVT_ID_TRANSLATION);
#endif
}

/*
 * The driver's page allocations: a domain whose first table page cannot
 * be allocated is not created, and the next allocation works
 */
static void fault_page_alloc_domain(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct flt_ctx *ctx = test->priv;
	struct iommu_domain *dom;

	flt_arm(swsmmu_page_alloc_fault_attr());
	dom = iommu_paging_domain_alloc(ctx->dev);
	KUNIT_EXPECT_TRUE(test, IS_ERR(dom));
	KUNIT_EXPECT_TRUE(test, flt_fired(swsmmu_page_alloc_fault_attr()));
	if (!IS_ERR(dom))
		iommu_domain_free(dom);
	dom = iommu_paging_domain_alloc(ctx->dev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dom));
	iommu_domain_free(dom);
#endif
}

static struct kunit_case flt_cases[] = {
	KUNIT_CASE(fault_ste_fetch),
	KUNIT_CASE(fault_cd_fetch),
	KUNIT_CASE(fault_walk_fetch),
	KUNIT_CASE(fault_cmd_fetch_retried),
	KUNIT_CASE(fault_evtq_abort_acknowledged),
	KUNIT_CASE(fault_page_alloc_domain),
	{}
};

static struct kunit_suite flt_suite = {
	.name = "swsmmu-fault",
	.init = flt_test_init,
	.exit = flt_test_exit,
	.test_cases = flt_cases,
};

kunit_test_suite(flt_suite);
