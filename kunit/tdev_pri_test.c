// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the test devices' page request loop,
 * swsmmu_tdev_pri_access() (drivers/tdev/pri.c), which the PASID engine
 * (sva.c) and the PCIe functions' doorbell engine (pci_engine.c) share.
 *
 * The loop runs against a model instance of the case's own, with no
 * driver: StreamID PT_SID_BAD has an invalid STE, so every access to it
 * is terminated (C_BAD_STE), and StreamID PT_SID_BYPASS bypasses.  Page
 * requests are answered by the SMMU itself: with the PRI queue full, a
 * Last request is answered Success (as a lost one must be), and with the
 * queue disabled, ResponseFailure.  A page that faults after every
 * Success is thus what an unmap racing with every retry looks like to
 * the device.  A sanitizer hook, which the model calls for every access,
 * counts the tries, so the bounds are checked exactly: sva.c's engine
 * tries at most max_requests times, the PCI engine once more.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/jiffies.h>
#include <linux/string.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"
#include "tdev/tdev.h"
#include "model_env.h"

#define PT_ST_LOG2	2	/* 4 STEs */
#define PT_EVTQ_LOG2	2
#define PT_SID_BAD	1	/* STE V = 0 */
#define PT_SID_BYPASS	2	/* STE Config bypass */
#define PT_SID_FILLER	3	/* the request that fills the PRI queue */
#define PT_BOUND	3	/* max_requests of the cases */
#define PT_IOVA		0x4000

struct pt {
	struct kunit *test;
	struct swsmmu_hw *hw;
	__le64 *st;
	__le64 *priq;
	struct swsmmu_hw_sanitizer san;
	atomic_t tries;		/* accesses the model saw */
	struct swsmmu_tdev_pdata pd;
	unsigned int en;	/* what pd.enabled returns */
	atomic_t en_calls;	/* and how often it was asked */
	atomic_t next_grpid;
	atomic64_t requests, ok, fail;
	struct swsmmu_tdev_pri pri;
};

static const struct swsmmu_hw_features pt_features = {
	.sid_bits = 8, .ssid_bits = 8, .oas = PA_SIZE_48,
	.cmdq_bits = 8, .evtq_bits = 8, .priq_bits = 8,
	.s1 = true, .s2 = true, .gran4k = true, .pri = true,
};

static void pt_count_access(void *priv, const struct swsmmu_txn *txn,
			    u64 iova, size_t len)
{
	struct pt *pt = priv;

	atomic_inc(&pt->tries);
}

static unsigned int pt_enabled(const struct swsmmu_tdev_pdata *pd)
{
	struct pt *pt = container_of(pd, struct pt, pd);

	atomic_inc(&pt->en_calls);
	return READ_ONCE(pt->en);
}

static void pt_unhook(void *data)
{
	swsmmu_hw_set_sanitizer(data, NULL);
}

/*
 * An enabled instance; with @priq_full its PRI queue (one entry) holds a
 * request nobody consumes, so that the SMMU answers every Last request
 * with Success; else PRIQEN is 0 and it answers ResponseFailure.  The
 * loop's parameters are the PCI engine's (counters and all) until a case
 * changes them.
 */
static struct pt *pt_create(struct kunit *test, bool priq_full)
{
	struct pt *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);
	u64 filler[PRIQ_ENT_DWORDS] = {
		FIELD_PREP(PRIQ_0_SID, PT_SID_FILLER) | PRIQ_0_PERM_READ,
		FIELD_PREP(PRIQ_1_PRG_IDX, 1),
	};
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, pt);
	pt->test = test;
	pt->hw = me_hw_create(test, "kunit-tdev-pri", &pt_features);
	pt->st = me_alloc(test, BIT(PT_ST_LOG2) * STRTAB_STE_DWORDS * 8);
	pt->priq = me_alloc(test, 32);
	me_set(pt->st, PT_SID_BYPASS * STRTAB_STE_DWORDS,
	       me_ste_q0(STRTAB_STE_0_CFG_BYPASS, 0, 0));
	me_hw_enable(pt->hw, pt->st, PT_ST_LOG2,
		     me_alloc(test, BIT(PT_EVTQ_LOG2) * EVTQ_ENT_DWORDS * 8),
		     PT_EVTQ_LOG2, 0);
	if (priq_full) {
		swsmmu_hw_write64(pt->hw, SMMU_PRIQ_BASE, me_pa(pt->priq) | 0);
		swsmmu_hw_write32(pt->hw, SMMU_CR0, CR0_SMMUEN | CR0_EVTQEN |
				  CR0_PRIQEN);
		KUNIT_ASSERT_TRUE(test, swsmmu_hw_priq_push(pt->hw, filler));
	}

	pt->san.access = pt_count_access;
	pt->san.priv = pt;
	swsmmu_hw_set_sanitizer(pt->hw, &pt->san);
	ret = kunit_add_action_or_reset(test, pt_unhook, pt->hw);
	KUNIT_ASSERT_EQ(test, ret, 0);

	pt->pd.hw = pt->hw;
	pt->pd.enabled = pt_enabled;
	pt->en = SWSMMU_TDEV_EN_PASID | SWSMMU_TDEV_EN_PRI;
	pt->pri = (struct swsmmu_tdev_pri) {
		.hw = pt->hw,
		.pd = &pt->pd,
		.next_grpid = &pt->next_grpid,
		.max_requests = PT_BOUND,
		.retry_last = true,
		.timeout = 5 * HZ,
		.page_requests = &pt->requests,
		.responses_ok = &pt->ok,
		.responses_fail = &pt->fail,
	};
	return pt;
}

static int pt_access(struct pt *pt, u32 sid, u64 iova, void *buf, size_t len)
{
	struct swsmmu_txn txn = { .sid = sid };

	return swsmmu_tdev_pri_access(&pt->pri, &txn, iova, buf, len);
}

/* A read through the invalid STE: it must fail, however often retried */
static void pt_expect_fault(struct pt *pt)
{
	u64 buf;

	KUNIT_EXPECT_EQ(pt->test, pt_access(pt, PT_SID_BAD, PT_IOVA, &buf,
					    sizeof(buf)), -EFAULT);
}

/* Tries, page requests, Success and other responses, as counted */
static void pt_expect(struct pt *pt, int tries, s64 requests, s64 ok,
		      s64 fail)
{
	struct kunit *test = pt->test;
	struct hw_stats st;

	KUNIT_EXPECT_EQ(test, atomic_read(&pt->tries), tries);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pt->requests), requests);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pt->ok), ok);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pt->fail), fail);
	/* what the SMMU answered agrees with what the device counted */
	swsmmu_hw_stats_get(pt->hw, &st);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_PRI_WAIT_SUCC], ok);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_PRI_WAIT_FAIL], fail);
}

/* An access that does not fault is one try, and no request */
static void tdev_pri_no_fault(struct kunit *test)
{
	struct pt *pt = pt_create(test, true);
	u64 *src = me_alloc(test, 64), dst[8] = {};

	memset(src, 0x5a, 64);
	KUNIT_EXPECT_EQ(test, pt_access(pt, PT_SID_BYPASS, me_pa(src), dst,
					sizeof(dst)), 0);
	KUNIT_EXPECT_EQ(test, dst[7], 0x5a5a5a5a5a5a5a5aULL);
	pt_expect(pt, 1, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->en_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->next_grpid), 0);
}

/*
 * The PCI engine's bound: PT_BOUND requests, each answered Success, and a
 * try after each; the access fails after PT_BOUND + 1 tries.  The Group
 * Indexes wrap at 9 bits: the second request's is 0, not 512, which the
 * SMMU would refuse (-EINVAL, counted as a failed response).
 */
static void tdev_pri_bound_retry_last(struct kunit *test)
{
	struct pt *pt = pt_create(test, true);

	atomic_set(&pt->next_grpid, FIELD_MAX(PRIQ_1_PRG_IDX) - 1);
	pt_expect_fault(pt);
	pt_expect(pt, PT_BOUND + 1, PT_BOUND, PT_BOUND, 0);
	/* PRI Enable was asked before each request, not at the bound */
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->en_calls), PT_BOUND);
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->next_grpid),
			FIELD_MAX(PRIQ_1_PRG_IDX) - 1 + PT_BOUND);
}

/*
 * sva.c's bound: the access fails right after the last Success, so tries
 * and requests are both PT_BOUND.  No platform data: a platform device
 * may always send requests.
 */
static void tdev_pri_bound_no_retry_last(struct kunit *test)
{
	struct pt *pt = pt_create(test, true);

	pt->pri.retry_last = false;
	pt->pri.pd = NULL;
	pt_expect_fault(pt);
	pt_expect(pt, PT_BOUND, PT_BOUND, PT_BOUND, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->en_calls), 0);
}

/* A bound of 0: the fault fails the access without a request */
static void tdev_pri_bound_zero(struct kunit *test)
{
	struct pt *pt = pt_create(test, true);

	pt->pri.max_requests = 0;
	pt_expect_fault(pt);
	pt_expect(pt, 1, 0, 0, 0);
}

/* PRI Enable clear: one try, no request */
static void tdev_pri_disabled(struct kunit *test)
{
	struct pt *pt = pt_create(test, true);

	pt->en = SWSMMU_TDEV_EN_PASID;
	pt_expect_fault(pt);
	pt_expect(pt, 1, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->en_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->next_grpid), 0);
}

/* A response other than Success fails the access at once, as -EFAULT */
static void tdev_pri_failure(struct kunit *test)
{
	struct pt *pt = pt_create(test, false);

	pt_expect_fault(pt);
	pt_expect(pt, 1, 1, 0, 1);
}

/* The PCI engine keeps no counters: none is needed */
static void tdev_pri_no_counters(struct kunit *test)
{
	struct pt *pt = pt_create(test, true);
	struct hw_stats st;

	pt->pri.page_requests = NULL;
	pt->pri.responses_ok = NULL;
	pt->pri.responses_fail = NULL;
	pt_expect_fault(pt);
	KUNIT_EXPECT_EQ(test, atomic_read(&pt->tries), PT_BOUND + 1);
	swsmmu_hw_stats_get(pt->hw, &st);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_PRI_WAIT_SUCC], PT_BOUND);
}

static struct kunit_case tdev_pri_cases[] = {
	KUNIT_CASE(tdev_pri_no_fault),
	KUNIT_CASE(tdev_pri_bound_retry_last),
	KUNIT_CASE(tdev_pri_bound_no_retry_last),
	KUNIT_CASE(tdev_pri_bound_zero),
	KUNIT_CASE(tdev_pri_disabled),
	KUNIT_CASE(tdev_pri_failure),
	KUNIT_CASE(tdev_pri_no_counters),
	{}
};

static struct kunit_suite tdev_pri_suite = {
	.name = "swsmmu-tdev-pri",
	.test_cases = tdev_pri_cases,
};

kunit_test_suite(tdev_pri_suite);
