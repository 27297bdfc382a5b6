// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's caches (drivers/model/tlb.c,
 * cfgcache.c) and the CMD_SYNC guarantee (cache.c), driven like a driver
 * drives the model: Stream table, CDs and translation tables built by hand
 * in memory, commands through the command queue, transactions through
 * swsmmu_hw_access().
 *
 * How a test sees the TLB: it fills entries by translating, then "zaps"
 * the tables (clears the level-1 descriptors in memory, without any TLBI).
 * From then on an address still translates only while its entry is cached:
 * a hit returns the data page's tag, a miss walks the zapped tables and
 * faults (-EFAULT; the CDs have A = 1 and R = 0, so the fault is silent).
 * An invalidation command must then turn exactly the expected hits into
 * faults.
 *
 * The VA (and, for stage 2, IPA) layout, 4KB granule, 39-bit input (T0SZ
 * 25, lookup from level 1: L1 [38:30], L2 [29:21], L3 [20:12]):
 *
 *   probe  address                     leaf
 *   P0     0x1ff000                    L1[0] L2[0] L3a[511] 4KB page
 *   B      0x200000 + (pa & 0x1fffff)  L1[0] L2[1] 2MB block [0x200000, 0x400000)
 *   P1     0x400000                    L1[0] L2[2] L3b[0] 4KB page
 *   P2     0x401000                    L1[0] L2[2] L3b[1] 4KB page
 *   GV     0x402000                    L1[0] L2[2] L3b[2] 4KB page, nG = 0
 *   G1     0x40000000 + (pa & 0x3fffffff)  L1[1] 1GB block
 *
 * (0x1ff000 = 511 << 12; 0x400000 = 2 << 21; 0x40000000 = 1 << 30.)  A
 * block maps the block-aligned region around the data page it must reach,
 * and the probe reads that page at its offset in the block, so no test
 * needs 2MB or 1GB of contiguous memory.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"
#include "model_env.h"

#define TT_CMDQ_LOG2	8
#define TT_EVTQ_LOG2	8
#define TT_ST_LOG2	4	/* 16 STEs */

/* Probes (bits of a keep mask) */
enum { PR_P0, PR_B, PR_P1, PR_P2, PR_GV, PR_G1, TT_NPROBES };
#define K_P0	BIT(PR_P0)
#define K_B	BIT(PR_B)
#define K_P1	BIT(PR_P1)
#define K_P2	BIT(PR_P2)
#define K_GV	BIT(PR_GV)
#define K_G1	BIT(PR_G1)
#define K_ALL	(BIT(TT_NPROBES) - 1)
#define K_NOT(m)	(K_ALL & ~(m))

#define VA_P0	0x1ff000ULL
#define VA_B	0x200000ULL
#define VA_P1	0x400000ULL
#define VA_P2	0x401000ULL
#define VA_GV	0x402000ULL
#define VA_G1	0x40000000ULL

/*
 * Streams: kind, StreamID, ASID, VMID.  A, B and X share the stage-1
 * tables; S and T share the stage-2 tables (same layout, in IPA space); N
 * nests the stage-1 tables under an identity stage 2.
 */
enum { ST_A, ST_B, ST_X, ST_S, ST_N, ST_T, TT_NSTREAMS };

enum tt_kind { TT_S1, TT_S2, TT_NEST };

static const struct {
	enum tt_kind kind;
	u32 sid;
	u16 asid;
	u16 vmid;
} tt_streams[TT_NSTREAMS] = {
	[ST_A] = { TT_S1, 1, 1, 1 },
	[ST_B] = { TT_S1, 2, 2, 1 },
	[ST_X] = { TT_S1, 3, 1, 2 },
	[ST_S] = { TT_S2, 4, 0, 1 },
	[ST_N] = { TT_NEST, 5, 1, 1 },
	[ST_T] = { TT_S2, 6, 0, 2 },
};

static const char * const tt_stream_names[TT_NSTREAMS] = {
	"A(s1 asid1 vmid1)", "B(s1 asid2 vmid1)", "X(s1 asid1 vmid2)",
	"S(s2 vmid1)", "N(nested asid1 vmid1)", "T(s2 vmid2)",
};

static const char * const tt_probe_names[TT_NPROBES] = {
	"P0", "B", "P1", "P2", "GV", "G1",
};

/* One set of translation tables with the layout above */
struct tt_pt {
	__le64 *l1, *l2, *l3a, *l3b;
	bool s2;
};

struct tt {
	struct kunit *test;
	struct swsmmu_hw *hw;
	__le64 *cmdq;
	__le64 *evtq;
	__le64 *st;
	u32 prod;
	struct tt_pt s1;
	struct tt_pt s2;
	__le64 *s2id;			/* identity stage 2, 1GB blocks */
	__le64 *cd[TT_NSTREAMS];
	u64 *data[TT_NPROBES];		/* the page each probe reaches */
};

static const struct swsmmu_hw_features tt_features = {
	.sid_bits = 8, .ssid_bits = 4, .oas = PA_SIZE_48,
	.cmdq_bits = TT_CMDQ_LOG2, .evtq_bits = TT_EVTQ_LOG2,
	.s1 = true, .s2 = true,
	.gran4k = true, .gran16k = true, .gran64k = true,
	.asid16 = true, .vmid16 = true, .stall = true, .ril = true,
};

static u64 tt_tag(unsigned int probe)
{
	return 0x7a6b5c4d00000000ULL | (probe + 1);
}

static void tt_fill_page(u64 *page, u64 val)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(u64); i++)
		WRITE_ONCE(page[i], val);
}

/* ---------------------------------------------------------------------- */
/* Descriptors                                                            */
/* ---------------------------------------------------------------------- */

/* A leaf for @pa aligned down to 2^@shift; S1: EL0 and EL1 RW, nG */
static u64 tt_leaf(bool s2, u64 pa, unsigned int shift, bool global)
{
	u64 d = (pa & ~(BIT_ULL(shift) - 1)) | SWSMMU_PTE_AF | SWSMMU_PTE_VALID;

	if (shift == 12)
		d |= SWSMMU_PTE_TYPE;
	if (s2)
		return d | FIELD_PREP(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_READ |
				      SWSMMU_PTE_S2_AP_WRITE) |
		       FIELD_PREP(SWSMMU_PTE_S2_MEMATTR, SWSMMU_PTE_S2_MEMATTR_NORMAL_WB);
	d |= FIELD_PREP(SWSMMU_PTE_S1_AP, SWSMMU_PTE_S1_AP_UNPRIV);
	return global ? d : d | SWSMMU_PTE_S1_NG;
}

/* The address through which probe @i reaches its data page */
static u64 tt_probe_va(const struct tt *tt, unsigned int i)
{
	u64 pa = me_pa(tt->data[i]);

	switch (i) {
	case PR_P0:
		return VA_P0;
	case PR_B:
		return VA_B + (pa & (SZ_2M - 1));
	case PR_P1:
		return VA_P1;
	case PR_P2:
		return VA_P2;
	case PR_GV:
		return VA_GV;
	default:
		return VA_G1 + (pa & (SZ_1G - 1));
	}
}

/* (Re)write the whole layout into @pt */
static void tt_pt_map(struct tt *tt, struct tt_pt *pt)
{
	bool s2 = pt->s2;

	me_set(pt->l1, 0, me_table(me_pa(pt->l2)));
	me_set(pt->l1, 1, tt_leaf(s2, me_pa(tt->data[PR_G1]), 30, false));
	me_set(pt->l2, 0, me_table(me_pa(pt->l3a)));
	me_set(pt->l2, 1, tt_leaf(s2, me_pa(tt->data[PR_B]), 21, false));
	me_set(pt->l2, 2, me_table(me_pa(pt->l3b)));
	me_set(pt->l3a, 511, tt_leaf(s2, me_pa(tt->data[PR_P0]), 12, false));
	me_set(pt->l3b, 0, tt_leaf(s2, me_pa(tt->data[PR_P1]), 12, false));
	me_set(pt->l3b, 1, tt_leaf(s2, me_pa(tt->data[PR_P2]), 12, false));
	me_set(pt->l3b, 2, tt_leaf(s2, me_pa(tt->data[PR_GV]), 12, true));
}

/* Clear the level-1 descriptors: from now on only cached entries work */
static void tt_pt_zap(struct tt_pt *pt)
{
	me_set(pt->l1, 0, 0);
	me_set(pt->l1, 1, 0);
}

static void tt_pt_alloc(struct tt *tt, struct tt_pt *pt, bool s2)
{
	pt->l1 = me_alloc(tt->test, SZ_4K);
	pt->l2 = me_alloc(tt->test, SZ_4K);
	pt->l3a = me_alloc(tt->test, SZ_4K);
	pt->l3b = me_alloc(tt->test, SZ_4K);
	pt->s2 = s2;
}

/* ---------------------------------------------------------------------- */
/* Stream table and CDs                                                   */
/* ---------------------------------------------------------------------- */

#define TT_S2_Q2(vmid) \
	(STRTAB_STE_2_S2AA64 | \
	 FIELD_PREP(STRTAB_STE_2_S2VMID, vmid) | \
	 FIELD_PREP(STRTAB_STE_2_S2TG, SWSMMU_TCR_TG0_4K) | \
	 FIELD_PREP(STRTAB_STE_2_S2T0SZ, 25) | \
	 FIELD_PREP(STRTAB_STE_2_S2SL0, STRTAB_STE_2_S2SL0_4K_L1) | \
	 FIELD_PREP(STRTAB_STE_2_S2PS, PA_SIZE_48))

static __le64 *tt_ste_ptr(struct tt *tt, u32 sid)
{
	return tt->st + sid * (STRTAB_STE_SIZE / sizeof(u64));
}

static void tt_put_ste(struct tt *tt, u32 sid, u64 q0, u64 q1, u64 q2, u64 q3)
{
	__le64 *p = tt_ste_ptr(tt, sid);

	me_set(p, 1, q1);
	me_set(p, 2, q2);
	me_set(p, 3, q3);
	me_set(p, 0, q0);
}

static u64 tt_ste_q0(unsigned int config, const void *cd)
{
	return STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, config) |
	       (cd ? me_pa(cd) & STRTAB_STE_0_S1CTXPTR : 0);
}

/* CD: TTB0 only, 4KB, T0SZ 25, IPS 48, A = 1 (abort), R = 0 (silent) */
static u64 tt_cd_q0(u16 asid)
{
	return CTXDESC_CD_0_V | CTXDESC_CD_0_AA64 | CTXDESC_CD_0_A |
	       CTXDESC_CD_0_TCR_EPD1 |
	       FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, 25) |
	       FIELD_PREP(CTXDESC_CD_0_TCR_TG0, SWSMMU_TCR_TG0_4K) |
	       FIELD_PREP(CTXDESC_CD_0_TCR_IPS, PA_SIZE_48) |
	       FIELD_PREP(CTXDESC_CD_0_ASID, asid);
}

static void tt_put_cd(__le64 *cd, u64 q0, const void *ttb0)
{
	me_set(cd, 1, me_pa(ttb0));
	me_set(cd, 0, q0);
}

/* Write the STE (and CD) of stream @s */
static void tt_stream(struct tt *tt, unsigned int s)
{
	u32 sid = tt_streams[s].sid;
	u16 vmid = tt_streams[s].vmid;

	switch (tt_streams[s].kind) {
	case TT_S1:
		tt_put_cd(tt->cd[s], tt_cd_q0(tt_streams[s].asid), tt->s1.l1);
		tt_put_ste(tt, sid, tt_ste_q0(STRTAB_STE_0_CFG_S1_TRANS,
					      tt->cd[s]),
			   0, FIELD_PREP(STRTAB_STE_2_S2VMID, vmid), 0);
		break;
	case TT_S2:
		tt_put_ste(tt, sid, tt_ste_q0(STRTAB_STE_0_CFG_S2_TRANS, NULL),
			   0, TT_S2_Q2(vmid), me_pa(tt->s2.l1));
		break;
	case TT_NEST:
		/* identity stage 2: every IPA is its PA */
		tt_put_cd(tt->cd[s], tt_cd_q0(tt_streams[s].asid), tt->s1.l1);
		tt_put_ste(tt, sid, tt_ste_q0(STRTAB_STE_0_CFG_NESTED,
					      tt->cd[s]),
			   0, TT_S2_Q2(vmid), me_pa(tt->s2id));
		break;
	}
}

/* ---------------------------------------------------------------------- */
/* Commands                                                               */
/* ---------------------------------------------------------------------- */

/* Issue one command and check that it executed without error */
static void tt_cmd(struct tt *tt, u64 c0, u64 c1)
{
	u32 idx = tt->prod & (BIT(TT_CMDQ_LOG2) - 1);

	tt->cmdq[2 * idx] = cpu_to_le64(c0);
	tt->cmdq[2 * idx + 1] = cpu_to_le64(c1);
	tt->prod = (tt->prod + 1) & GENMASK(TT_CMDQ_LOG2, 0);
	swsmmu_hw_write32(tt->hw, SMMU_CMDQ_PROD, tt->prod);
	/* consumed synchronously; CONS.ERR would be set on an error */
	KUNIT_ASSERT_EQ_MSG(tt->test, swsmmu_hw_read32(tt->hw, SMMU_CMDQ_CONS),
			    tt->prod, "command %#llx %#llx", c0, c1);
}

static void tt_sync(struct tt *tt)
{
	tt_cmd(tt, FIELD_PREP(CMDQ_0_OP, CMDQ_OP_SYNC), 0);
}

/* Command + CMD_SYNC */
static void tt_cmd_sync(struct tt *tt, u64 c0, u64 c1)
{
	tt_cmd(tt, c0, c1);
	tt_sync(tt);
}

#define TLBI0(op, vmid, asid, num, scale) \
	(FIELD_PREP_CONST(CMDQ_0_OP, CMDQ_OP_TLBI_##op) | \
	 FIELD_PREP_CONST(CMDQ_TLBI_0_VMID, vmid) | \
	 FIELD_PREP_CONST(CMDQ_TLBI_0_ASID, asid) | \
	 FIELD_PREP_CONST(CMDQ_TLBI_0_NUM, num) | \
	 FIELD_PREP_CONST(CMDQ_TLBI_0_SCALE, scale))
#define TLBI1(addr, tg, ttl) \
	((addr) | FIELD_PREP_CONST(CMDQ_TLBI_1_TG, tg) | \
	 FIELD_PREP_CONST(CMDQ_TLBI_1_TTL, ttl))

static u64 tt_cfgi0(u8 op, u32 sid, u32 ssid)
{
	return FIELD_PREP(CMDQ_0_OP, op) | FIELD_PREP(CMDQ_CFGI_0_SID, sid) |
	       FIELD_PREP(CMDQ_CFGI_0_SSID, ssid);
}

/* ---------------------------------------------------------------------- */
/* Environment                                                            */
/* ---------------------------------------------------------------------- */

static void tt_destroy(void *data)
{
	struct tt *tt = data;

	swsmmu_hw_write32(tt->hw, SMMU_CR0, 0);
	swsmmu_hw_destroy(tt->hw);
}

/*
 * Give the instance a configuration cache of @cfg_entries, with or without
 * the micro-TLB (xlate.c); cases that watch the IOTLB's own replacement
 * or removal go without it, as it would keep serving what the IOTLB lost
 */
static void tt_cfgcache(struct tt *tt, unsigned int cfg_entries, bool utlb)
{
	swsmmu_hw_cfgcache_destroy(tt->hw);
	KUNIT_ASSERT_EQ(tt->test,
			swsmmu_hw_cfgcache_init(tt->hw, cfg_entries, utlb), 0);
}

/*
 * An enabled instance with every stream of tt_streams[] configured, a TLB
 * of @tlb_entries (0: none) and a configuration cache of @cfg_entries (0:
 * none), whatever the module parameters say.
 */
static struct tt *tt_create(struct kunit *test, unsigned int tlb_entries,
			    unsigned int cfg_entries)
{
	struct tt *tt = kunit_kzalloc(test, sizeof(*tt), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, tt);
	tt->test = test;
	tt->hw = swsmmu_hw_create("kunit-tlb", &tt_features);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tt->hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tt_destroy, tt),
			0);
	swsmmu_hw_tlb_destroy(tt->hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_init(tt->hw, tlb_entries), 0);
	tt_cfgcache(tt, cfg_entries, true);

	tt->cmdq = me_alloc(tt->test, BIT(TT_CMDQ_LOG2 + CMDQ_ENT_SZ_SHIFT));
	tt->evtq = me_alloc(tt->test, BIT(TT_EVTQ_LOG2 + EVTQ_ENT_SZ_SHIFT));
	tt->st = me_alloc(tt->test, BIT(TT_ST_LOG2) * STRTAB_STE_SIZE);
	tt_pt_alloc(tt, &tt->s1, false);
	tt_pt_alloc(tt, &tt->s2, true);
	/* T0SZ 25 from level 1: 512 1GB blocks cover the 39-bit IPA space */
	tt->s2id = me_alloc(tt->test, SZ_4K);
	for (i = 0; i < 512; i++)
		me_set(tt->s2id, i, tt_leaf(true, (u64)i << 30, 30, false));
	for (i = 0; i < TT_NSTREAMS; i++)
		tt->cd[i] = me_alloc(tt->test, CTXDESC_CD_SIZE);
	for (i = 0; i < TT_NPROBES; i++) {
		tt->data[i] = me_alloc(tt->test, PAGE_SIZE);
		tt_fill_page(tt->data[i], tt_tag(i));
	}
	tt_pt_map(tt, &tt->s1);
	tt_pt_map(tt, &tt->s2);
	for (i = 0; i < TT_NSTREAMS; i++)
		tt_stream(tt, i);

	swsmmu_hw_write64(tt->hw, SMMU_STRTAB_BASE, me_pa(tt->st));
	swsmmu_hw_write32(tt->hw, SMMU_STRTAB_BASE_CFG,
			  FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, TT_ST_LOG2));
	swsmmu_hw_write64(tt->hw, SMMU_CMDQ_BASE,
			  me_pa(tt->cmdq) | TT_CMDQ_LOG2);
	swsmmu_hw_write64(tt->hw, SMMU_EVTQ_BASE,
			  me_pa(tt->evtq) | TT_EVTQ_LOG2);
	swsmmu_hw_write32(tt->hw, SMMU_CR0,
			  CR0_SMMUEN | CR0_CMDQEN | CR0_EVTQEN);
	return tt;
}

/*
 * Keep the test's thread on the CPU it is on: stream handles are per CPU,
 * and a case that checks one must meet it again.  (The thread is the
 * case's own; it ends with the case.)
 */
static void tt_pin(struct tt *tt)
{
	KUNIT_ASSERT_EQ(tt->test,
			set_cpus_allowed_ptr(current,
					     cpumask_of(raw_smp_processor_id())),
			0);
}

/* Read 8 bytes at @va through @sid */
static int tt_rd(struct tt *tt, u32 sid, u64 va, u64 *val)
{
	struct swsmmu_txn txn = { .sid = sid };

	*val = 0;
	return swsmmu_hw_access(tt->hw, &txn, va, val, sizeof(*val));
}

/* Probe @i through stream @s translates to its page (or, !@ok, faults) */
static void tt_expect(struct tt *tt, unsigned int s, unsigned int i, bool ok)
{
	u64 val;
	int ret = tt_rd(tt, tt_streams[s].sid, tt_probe_va(tt, i), &val);

	if (ok) {
		KUNIT_EXPECT_EQ_MSG(tt->test, ret, 0, "%s %s: should hit",
				    tt_stream_names[s], tt_probe_names[i]);
		KUNIT_EXPECT_EQ_MSG(tt->test, val, tt_tag(i), "%s %s",
				    tt_stream_names[s], tt_probe_names[i]);
	} else {
		KUNIT_EXPECT_EQ_MSG(tt->test, ret, -EFAULT,
				    "%s %s: should have been invalidated",
				    tt_stream_names[s], tt_probe_names[i]);
	}
}

/* Probes that apply to stream @s: no global pages at stage 2 alone */
static unsigned int tt_probes_of(unsigned int s)
{
	return tt_streams[s].kind == TT_S2 ? K_NOT(K_GV) : K_ALL;
}

/* Translate every probe through every stream: fills the TLB */
static void tt_fill_all(struct tt *tt)
{
	unsigned long mask;
	unsigned int s, i;

	for (s = 0; s < TT_NSTREAMS; s++) {
		mask = tt_probes_of(s);
		for_each_set_bit(i, &mask, TT_NPROBES)
			tt_expect(tt, s, i, true);
	}
}

static void tt_zap_all(struct tt *tt)
{
	tt_pt_zap(&tt->s1);
	tt_pt_zap(&tt->s2);
}

/* After a zap: exactly the probes in @keep[s] still translate */
static void tt_check_kept(struct tt *tt, const u8 keep[TT_NSTREAMS])
{
	unsigned long mask;
	unsigned int s, i;

	for (s = 0; s < TT_NSTREAMS; s++) {
		mask = tt_probes_of(s);
		for_each_set_bit(i, &mask, TT_NPROBES)
			tt_expect(tt, s, i, keep[s] & BIT(i));
	}
}

/* ---------------------------------------------------------------------- */
/* Basic caching                                                          */
/* ---------------------------------------------------------------------- */

static u64 tt_stat(struct tt *tt, enum hw_stat s)
{
	struct hw_stats st;

	swsmmu_hw_stats_get(tt->hw, &st);
	return st.v[s];
}

/*
 * The first translation misses both caches (STE and CD, then the TLB) and
 * walks; the second hits all three.  Zapped tables keep translating until
 * an invalidation: every probe of every kind of stream is cached.
 */
static void tlb_hit_and_stale(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	static const u8 all[TT_NSTREAMS] = {
		K_ALL, K_ALL, K_ALL, K_ALL, K_ALL, K_ALL,
	};
	struct hw_stats a, b;
	u64 val;

	swsmmu_hw_stats_get(tt->hw, &a);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), 0);
	KUNIT_EXPECT_EQ(test, val, tt_tag(PR_P1));
	swsmmu_hw_stats_get(tt->hw, &b);
	KUNIT_EXPECT_EQ(test, b.v[HW_STAT_TRANSLATIONS] -
			a.v[HW_STAT_TRANSLATIONS], 1);
	KUNIT_EXPECT_EQ(test, b.v[HW_STAT_CFG_MISS] - a.v[HW_STAT_CFG_MISS], 2);
	KUNIT_EXPECT_EQ(test, b.v[HW_STAT_CFG_HIT] - a.v[HW_STAT_CFG_HIT], 0);
	KUNIT_EXPECT_EQ(test, b.v[HW_STAT_TLB_MISS] - a.v[HW_STAT_TLB_MISS], 1);
	KUNIT_EXPECT_EQ(test, b.v[HW_STAT_WALKS] - a.v[HW_STAT_WALKS], 1);
	KUNIT_EXPECT_EQ(test, b.v[HW_STAT_TLB_FILL] - a.v[HW_STAT_TLB_FILL], 1);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 1);

	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1 + 8, &val), 0);
	KUNIT_EXPECT_EQ(test, val, tt_tag(PR_P1));
	swsmmu_hw_stats_get(tt->hw, &a);
	KUNIT_EXPECT_EQ(test, a.v[HW_STAT_CFG_HIT] - b.v[HW_STAT_CFG_HIT], 2);
	KUNIT_EXPECT_EQ(test, a.v[HW_STAT_TLB_HIT] - b.v[HW_STAT_TLB_HIT], 1);
	KUNIT_EXPECT_EQ(test, a.v[HW_STAT_WALKS] - b.v[HW_STAT_WALKS], 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 1);

	/*
	 * Every stream, every probe: 6 probes for A, B, X and N, 5 for S and
	 * T.  GV is global: A fills one entry for VMID 1 that B then hits,
	 * and N fills a combined global one, X one for VMID 2.  Entries:
	 * A 6, B 5 (GV shared), X 6, S 5, N 6, T 5 = 33.
	 */
	tt_fill_all(tt);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 33);
	tt_zap_all(tt);
	tt_check_kept(tt, all);
	/* Nothing walked successfully since the zap: still 33 */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 33);
}

/*
 * Global entries: B's first translation of GV hits the entry A's walk made
 * (the tables are zapped before B ever walks), X's (another VMID) does not.
 */
static void tlb_global_shared(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	u64 val;

	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_GV, &val), 0);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), 0);
	tt_zap_all(tt);
	/* B, ASID 2: the global GV hits, A's non-global P1 does not */
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 2, VA_GV, &val), 0);
	KUNIT_EXPECT_EQ(test, val, tt_tag(PR_GV));
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 2, VA_P1, &val), -EFAULT);
	/* X, VMID 2: global entries are per VMID */
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 3, VA_GV, &val), -EFAULT);
	/* N, nested in VMID 1: combined entries are not stage-1 ones */
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 5, VA_GV, &val), -EFAULT);
}

/* Without a TLB every translation walks: a zap is seen at once */
static void tlb_disabled(struct kunit *test)
{
	struct tt *tt = tt_create(test, 0, 64);
	u64 val, walks;

	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_capacity(tt->hw), 0);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), 0);
	walks = tt_stat(tt, HW_STAT_WALKS);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), 0);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_WALKS), walks + 1);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), 0);
	tt_zap_all(tt);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), -EFAULT);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);
}

/*
 * TBI: VA[63:56] are ignored, so a tagged VA fills the entry of the
 * canonical one, which any other tag then hits; a TLBI by VA with yet
 * another tag in the top byte removes it.
 */
static void tlb_tbi(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	u64 val;

	tt_put_cd(tt->cd[ST_A], tt_cd_q0(1) | CTXDESC_CD_0_TCR_TBI0,
		  tt->s1.l1);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, 0x5a00000000000000ULL | VA_P1,
				    &val), 0);
	KUNIT_EXPECT_EQ(test, val, tt_tag(PR_P1));
	tt_zap_all(tt);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), 0);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, 0x1200000000000000ULL | VA_P1,
				    &val), 0);
	KUNIT_EXPECT_EQ(test, val, tt_tag(PR_P1));
	tt_cmd_sync(tt, TLBI0(NH_VA, 1, 1, 0, 0),
		    TLBI1(0xa500000000000000ULL | VA_P1, 0, 0));
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), -EFAULT);
}

/* ---------------------------------------------------------------------- */
/* Invalidation scope                                                     */
/* ---------------------------------------------------------------------- */

/**
 * struct tt_inv_case - one invalidation command and its exact effect
 * @name: description
 * @c0: command qword 0
 * @c1: command qword 1
 * @keep: per stream, the probes that must still hit afterwards
 */
struct tt_inv_case {
	const char *name;
	u64 c0, c1;
	u8 keep[TT_NSTREAMS];
};

#define KEEP(a, b, x, s, n, t) { a, b, x, s, n, t }

static const struct tt_inv_case tt_inv_cases[] = {
	/* ASID 1 of VMID 1 goes, for stage 1 and nested; global entries stay */
	{ "NH_ASID vmid1 asid1", TLBI0(NH_ASID, 1, 1, 0, 0), 0,
	  KEEP(K_GV, K_ALL, K_ALL, K_ALL, K_GV, K_ALL) },
	{ "NH_ASID vmid1 asid2", TLBI0(NH_ASID, 1, 2, 0, 0), 0,
	  KEEP(K_ALL, K_GV, K_ALL, K_ALL, K_ALL, K_ALL) },
	/* One page of ASID 1 in VMID 1 (stage 1 and nested) */
	{ "NH_VA vmid1 asid1 P1", TLBI0(NH_VA, 1, 1, 0, 0), TLBI1(VA_P1, 0, 0),
	  KEEP(K_NOT(K_P1), K_ALL, K_ALL, K_ALL, K_NOT(K_P1), K_ALL) },
	/* A VA inside a block removes the block (B, from its first page) */
	{ "NH_VA vmid1 asid1 in 2MB block", TLBI0(NH_VA, 1, 1, 0, 0),
	  TLBI1(VA_B + 0x1ff000, 0, 0),
	  KEEP(K_NOT(K_B), K_ALL, K_ALL, K_ALL, K_NOT(K_B), K_ALL) },
	/* NH_VA also removes the VMID's global entries for the VA */
	{ "NH_VA vmid1 asid2 global GV", TLBI0(NH_VA, 1, 2, 0, 0),
	  TLBI1(VA_GV, 0, 0),
	  KEEP(K_NOT(K_GV), K_NOT(K_GV), K_ALL, K_ALL, K_NOT(K_GV), K_ALL) },
	/* Every ASID of VMID 1 for one VA */
	{ "NH_VAA vmid1 P1", TLBI0(NH_VAA, 1, 0, 0, 0), TLBI1(VA_P1, 0, 0),
	  KEEP(K_NOT(K_P1), K_NOT(K_P1), K_ALL, K_ALL, K_NOT(K_P1), K_ALL) },
	/* All stage-1 and nested entries of VMID 1, not stage 2 alone */
	{ "NH_ALL vmid1", TLBI0(NH_ALL, 1, 0, 0, 0), 0,
	  KEEP(0, 0, K_ALL, K_ALL, 0, K_ALL) },
	{ "NH_ALL vmid2", TLBI0(NH_ALL, 2, 0, 0, 0), 0,
	  KEEP(K_ALL, K_ALL, 0, K_ALL, K_ALL, K_ALL) },
	/* Stage 2 by IPA; nested entries of the VMID go too (conservative) */
	{ "S2_IPA vmid1 P1", TLBI0(S2_IPA, 1, 0, 0, 0), TLBI1(VA_P1, 0, 0),
	  KEEP(K_ALL, K_ALL, K_ALL, K_NOT(K_P1), 0, K_ALL) },
	{ "S2_IPA vmid2 G1", TLBI0(S2_IPA, 2, 0, 0, 0),
	  TLBI1(VA_G1 + 0x3ffff000, 0, 0),
	  KEEP(K_ALL, K_ALL, K_ALL, K_ALL, K_ALL, K_NOT(K_G1)) },
	{ "S12_VMALL vmid1", TLBI0(S12_VMALL, 1, 0, 0, 0), 0,
	  KEEP(0, 0, K_ALL, 0, 0, K_ALL) },
	{ "S12_VMALL vmid2", TLBI0(S12_VMALL, 2, 0, 0, 0), 0,
	  KEEP(K_ALL, K_ALL, 0, K_ALL, K_ALL, 0) },
	{ "NSNH_ALL", TLBI0(NSNH_ALL, 0, 0, 0, 0), 0,
	  KEEP(0, 0, 0, 0, 0, 0) },

	/*
	 * Ranges (RIL): [addr, addr + (NUM + 1) << (SCALE + TG shift)).
	 * TTL 3 with NUM = SCALE = 0 is one 4KB page.
	 */
	{ "NH_VA range [P1, +4K)", TLBI0(NH_VA, 1, 1, 0, 0),
	  TLBI1(VA_P1, CMDQ_TLBI_TG_4K, 3),
	  KEEP(K_NOT(K_P1), K_ALL, K_ALL, K_ALL, K_NOT(K_P1), K_ALL) },
	/* The page just below the 2MB block: the block stays */
	{ "NH_VA range [0x1ff000, +4K) below block", TLBI0(NH_VA, 1, 1, 0, 0),
	  TLBI1(VA_P0, CMDQ_TLBI_TG_4K, 3),
	  KEEP(K_NOT(K_P0), K_ALL, K_ALL, K_ALL, K_NOT(K_P0), K_ALL) },
	/* The block's last page: the block goes, P1 just above stays */
	{ "NH_VA range [0x3ff000, +4K) block's last page",
	  TLBI0(NH_VA, 1, 1, 0, 0), TLBI1(0x3ff000, CMDQ_TLBI_TG_4K, 3),
	  KEEP(K_NOT(K_B), K_ALL, K_ALL, K_ALL, K_NOT(K_B), K_ALL) },
	/* NUM 1: two pages, P1 and P2; GV right after them stays */
	{ "NH_VA range [P1, +8K)", TLBI0(NH_VA, 1, 1, 1, 0),
	  TLBI1(VA_P1, CMDQ_TLBI_TG_4K, 0),
	  KEEP(K_NOT(K_P1 | K_P2), K_ALL, K_ALL, K_ALL, K_NOT(K_P1 | K_P2),
	       K_ALL) },
	/* NUM 15, SCALE 5: 16 << 17 = 2MB, exactly the block */
	{ "NH_VA range [0x200000, +2M)", TLBI0(NH_VA, 1, 1, 15, 5),
	  TLBI1(VA_B, CMDQ_TLBI_TG_4K, 0),
	  KEEP(K_NOT(K_B), K_ALL, K_ALL, K_ALL, K_NOT(K_B), K_ALL) },
	/* The page below the 1GB block, then the block's last page */
	{ "NH_VA range [0x3ffff000, +4K) below 1GB block",
	  TLBI0(NH_VA, 1, 1, 0, 0), TLBI1(0x3ffff000, CMDQ_TLBI_TG_4K, 3),
	  KEEP(K_ALL, K_ALL, K_ALL, K_ALL, K_ALL, K_ALL) },
	{ "NH_VA range [0x7ffff000, +4K) 1GB block's last page",
	  TLBI0(NH_VA, 1, 1, 0, 0), TLBI1(0x7ffff000, CMDQ_TLBI_TG_4K, 3),
	  KEEP(K_NOT(K_G1), K_ALL, K_ALL, K_ALL, K_NOT(K_G1), K_ALL) },
	/*
	 * 64KB, NUM 31, SCALE 31: 32 << 47 = 2^52 bytes from 0: all of ASID
	 * 1's entries and the globals of VMID 1 (the tag's list is walked
	 * rather than 2^40 addresses probed).
	 */
	{ "NH_VA range [0, 2^52)", TLBI0(NH_VA, 1, 1, 31, 31),
	  TLBI1(0, CMDQ_TLBI_TG_64K, 0),
	  KEEP(0, K_NOT(K_GV), K_ALL, K_ALL, 0, K_ALL) },
	{ "NH_VAA range [P1, +8K)", TLBI0(NH_VAA, 1, 0, 1, 0),
	  TLBI1(VA_P1, CMDQ_TLBI_TG_4K, 0),
	  KEEP(K_NOT(K_P1 | K_P2), K_NOT(K_P1 | K_P2), K_ALL, K_ALL,
	       K_NOT(K_P1 | K_P2), K_ALL) },
	{ "S2_IPA range [0x3ff000, +4K)", TLBI0(S2_IPA, 1, 0, 0, 0),
	  TLBI1(0x3ff000, CMDQ_TLBI_TG_4K, 3),
	  KEEP(K_ALL, K_ALL, K_ALL, K_NOT(K_B), 0, K_ALL) },
	/* [0x1ff000, 0x201000): P0 and the block's first page */
	{ "S2_IPA range [0x1ff000, +8K)", TLBI0(S2_IPA, 1, 0, 1, 0),
	  TLBI1(VA_P0, CMDQ_TLBI_TG_4K, 0),
	  KEEP(K_ALL, K_ALL, K_ALL, K_NOT(K_P0 | K_B), 0, K_ALL) },
	/* A TTL hint that does not match the entries' level: still removed */
	{ "NH_VA range [P1, +4K) TTL 2 hint", TLBI0(NH_VA, 1, 1, 0, 0),
	  TLBI1(VA_P1, CMDQ_TLBI_TG_4K, 2),
	  KEEP(K_NOT(K_P1), K_ALL, K_ALL, K_ALL, K_NOT(K_P1), K_ALL) },
};

static void tt_inv_desc(const struct tt_inv_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tt_inv, tt_inv_cases, tt_inv_desc);

/*
 * Fill every probe of every stream, zap the tables, execute the command
 * and a CMD_SYNC: exactly @keep still translates.  Then the same again
 * with the tables restored and refilled: after the invalidation, the
 * removed probes walk again (and hit once more afterwards).
 */
static void tlb_inv_scope(struct kunit *test)
{
	const struct tt_inv_case *c = test->param_value;
	struct tt *tt = tt_create(test, 1024, 64);
	static const u8 all[TT_NSTREAMS] = {
		K_ALL, K_ALL, K_ALL, K_ALL, K_ALL, K_ALL,
	};
	unsigned int before, removed = 0, s;

	tt_fill_all(tt);
	before = swsmmu_hw_tlb_count(tt->hw);
	tt_zap_all(tt);
	tt_cmd_sync(tt, c->c0, c->c1);
	tt_check_kept(tt, c->keep);

	/* Entries removed: B's GV probe hit A's global entry, not its own */
	for (s = 0; s < TT_NSTREAMS; s++) {
		unsigned long gone = tt_probes_of(s) & ~c->keep[s];

		if (s == ST_B && (gone & K_GV))
			gone &= ~K_GV;
		removed += hweight_long(gone);
	}
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), before - removed);

	/* Restored tables: everything translates again and is cached again */
	tt_pt_map(tt, &tt->s1);
	tt_pt_map(tt, &tt->s2);
	tt_fill_all(tt);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), before);
	tt_zap_all(tt);
	tt_check_kept(tt, all);
}

/* ---------------------------------------------------------------------- */
/* Replacement                                                            */
/* ---------------------------------------------------------------------- */

/* Map @n pages from VA_P1 (L3b[0..n-1]) to the probe pages, round robin */
static void tt_map_pages(struct tt *tt, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		me_set(tt->s1.l3b, i,
		       tt_leaf(false, me_pa(tt->data[i % TT_NPROBES]), 12,
			       false));
}

static int tt_rd_page(struct tt *tt, unsigned int i, u64 *val)
{
	return tt_rd(tt, 1, VA_P1 + i * SZ_4K, val);
}

/*
 * CLOCK: a TLB of 4.  V0-V3 fill slots 0-3 with their referenced bits
 * clear; hits on V0 and V1 set theirs.  Filling V4 moves the hand over
 * slot 0 (V0 referenced: cleared), slot 1 (V1: cleared) and evicts slot 2
 * (V2).  So V0, V1, V3 and V4 stay cached, V2 does not.
 */
static void tlb_clock_second_chance(struct kunit *test)
{
	struct tt *tt = tt_create(test, 4, 64);
	unsigned int i;
	u64 val;

	tt_cfgcache(tt, 64, false);
	tt_map_pages(tt, 5);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, tt_rd_page(tt, i, &val), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 4);
	KUNIT_EXPECT_EQ(test, tt_rd_page(tt, 0, &val), 0);
	KUNIT_EXPECT_EQ(test, tt_rd_page(tt, 1, &val), 0);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_EVICT), 0);
	KUNIT_EXPECT_EQ(test, tt_rd_page(tt, 4, &val), 0);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_EVICT), 1);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 4);

	tt_zap_all(tt);
	for (i = 0; i < 5; i++) {
		int ret = tt_rd_page(tt, i, &val);

		KUNIT_EXPECT_EQ_MSG(test, ret, i == 2 ? -EFAULT : 0, "V%u", i);
		if (!ret)
			KUNIT_EXPECT_EQ(test, val, tt_tag(i % TT_NPROBES));
	}
}

/*
 * Pressure: 64 pages through a TLB of 4, three passes.  Every translation
 * is right, the TLB never holds more than 4, and it is never emptied to
 * make room (always exactly 4 once full).  An invalidation of a page not
 * cached keeps the others.
 */
static void tlb_pressure(struct kunit *test)
{
	struct tt *tt = tt_create(test, 4, 64);
	unsigned int pass, i, n;
	u64 val;

	tt_map_pages(tt, 64);
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < 64; i++) {
			KUNIT_ASSERT_EQ(test, tt_rd_page(tt, i, &val), 0);
			KUNIT_EXPECT_EQ(test, val, tt_tag(i % TT_NPROBES));
			n = swsmmu_hw_tlb_count(tt->hw);
			KUNIT_ASSERT_LE(test, n, 4);
			if (pass || i >= 3)
				KUNIT_ASSERT_EQ(test, n, 4);
		}
	}
	/* 4 fills without eviction, then one eviction per fill */
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_EVICT),
			tt_stat(tt, HW_STAT_TLB_FILL) - 4);
	/* The last four pages (60-63) are the ones cached */
	tt_cmd_sync(tt, TLBI0(NH_VA, 1, 1, 0, 0),
		    TLBI1(VA_P1 + 10 * SZ_4K, 0, 0));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 4);
	tt_cmd_sync(tt, TLBI0(NH_VA, 1, 1, 0, 0),
		    TLBI1(VA_P1 + 63 * SZ_4K, 0, 0));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 3);
	tt_cmd_sync(tt, TLBI0(NSNH_ALL, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);
}

/*
 * Every page of @keep[] hits (no walk, no miss) and translates right; the
 * others are not cached.  Reads only the kept pages first, so that a miss
 * refilling a removed one cannot reconnect a probe run.
 */
static void tt_expect_cached(struct tt *tt, const bool *keep, unsigned int n,
			     const char *when)
{
	u64 hit = tt_stat(tt, HW_STAT_TLB_HIT), miss = tt_stat(tt, HW_STAT_TLB_MISS);
	unsigned int i, kept = 0, lost = 0;
	u64 val;

	for (i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		kept++;
		KUNIT_ASSERT_EQ(tt->test, tt_rd_page(tt, i, &val), 0);
		KUNIT_EXPECT_EQ(tt->test, val, tt_tag(i % TT_NPROBES));
		if (tt_stat(tt, HW_STAT_TLB_MISS) != miss + lost)
			lost++;
	}
	KUNIT_EXPECT_EQ_MSG(tt->test, lost, 0, "%s: kept pages that missed",
			    when);
	KUNIT_EXPECT_EQ_MSG(tt->test, tt_stat(tt, HW_STAT_TLB_HIT) - hit,
			    kept - lost, "%s", when);
	KUNIT_EXPECT_EQ_MSG(tt->test, swsmmu_hw_tlb_count(tt->hw), kept, "%s",
			    when);
}

/* Directory test: ASID @asid's page @i, filled straight into the IOTLB */
#define TD_VA(asid, i)	(0x10000000ULL * (asid) + (u64)(i) * SZ_4K)
#define TD_PA(asid, i)	(0x800000000ULL + TD_VA(asid, i))

static struct hw_tlb_tag td_tag(u16 asid)
{
	return (struct hw_tlb_tag) {
		.kind = HW_TLB_S1, .g = 12, .vmid = 1, .asid = asid,
	};
}

static void td_fill(struct tt *tt, u16 asid, unsigned int i)
{
	struct hw_tlb_tag tag = td_tag(asid);
	struct hw_walk w = {
		.oa = TD_PA(asid, i), .ipa = TD_PA(asid, i), .block_shift = 12,
		.perm_s1 = HW_PERM_ALL, .perm_s2 = HW_PERM_ALL, .ng = true,
	};
	struct hw_piece p;

	swsmmu_hw_piece_begin(tt->hw, &p, true);
	swsmmu_hw_tlb_fill(tt->hw, &p, &tag, TD_VA(asid, i), &w);
	swsmmu_hw_piece_end(tt->hw, &p);
}

/* Whether page @i of @asid hits, to its own PA (a wrong PA fails here) */
static bool td_hit(struct tt *tt, u16 asid, unsigned int i)
{
	struct hw_tlb_tag tag = td_tag(asid);
	struct hw_walk w = { };
	struct hw_piece p;
	bool hit;

	swsmmu_hw_piece_begin(tt->hw, &p, false);
	hit = swsmmu_hw_tlb_lookup(tt->hw, &tag, TD_VA(asid, i), &w);
	swsmmu_hw_piece_end(tt->hw, &p);
	KUNIT_EXPECT_TRUE(tt->test, !hit || w.oa == TD_PA(asid, i));
	return hit;
}

static unsigned int td_hits(struct tt *tt, u16 asid, unsigned int n)
{
	unsigned int i, hits = 0;

	for (i = 0; i < n; i++)
		hits += td_hit(tt, asid, i);
	return hits;
}

static unsigned int td_tlbi(struct tt *tt, u8 op, u16 asid, unsigned int i)
{
	struct hw_tlbi t = {
		.op = op, .vmid = 1, .asid = asid, .addr = TD_VA(asid, i),
		.leaf = true,
	};

	return swsmmu_hw_tlb_invalidate(tt->hw, &t);
}

/*
 * The directories TLBI by ASID walks (tlb.c, "Invalidation: per-tag
 * directories") stay exact while they grow and shrink over several pages.
 * A TLB of 2048: ASID 1 fills it (a directory of four pages); 1792 of its
 * pages go by TLBI_NH_VA in a scattered order, each removing exactly one
 * entry, the rest checked after every 256 (the directory is trimmed to
 * at most 2 x 256 + 64 elements on the way, two pages freed); ASID 2 then
 * fills 4352 pages, so CLOCK evicts 2560 entries, some of ASID 1's (the
 * eviction path trims too); TLBI_NH_ASID of each ASID must remove exactly
 * the entries that still hit; ASID 1 refills the whole TLB (its trimmed
 * directory grows again) and a last TLBI_NH_ASID removes all 2048.  A
 * trim that did not tell a moved entry its new element, or freed a page
 * in use, fails the counts or WARNs.
 */
static void tlb_directory_pages(struct kunit *test)
{
	struct tt *tt = tt_create(test, 2048, 64);
	unsigned int i, k, n = 2048, hits1, hits2, bad = 0;

	for (i = 0; i < n; i++)
		td_fill(tt, 1, i);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_count(tt->hw), n);
	for (k = 0; k < n; k++) {
		i = (k * 1031) % n;	/* 1031 is prime to 2048 */
		if (i % 8 == 0)
			continue;
		bad += td_tlbi(tt, HW_TLBI_NH_VA, 1, i) != 1;
		/* 439 is 1031's inverse mod 2048: page i goes at step i * 439 */
		if (k % 256 == 255)
			for (i = 0; i < n; i++)
				bad += td_hit(tt, 1, i) != (i % 8 == 0 ||
							   (i * 439) % n > k);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_count(tt->hw), n / 8);
	KUNIT_EXPECT_EQ(test, td_hits(tt, 1, n), n / 8);

	for (i = 0; i < 4352; i++)
		td_fill(tt, 2, i);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_EVICT), 2560);
	hits1 = td_hits(tt, 1, n);
	hits2 = td_hits(tt, 2, 4352);
	KUNIT_EXPECT_LT(test, hits1, n / 8);	/* ASID 1 lost some */
	KUNIT_EXPECT_EQ(test, hits1 + hits2, n);
	KUNIT_EXPECT_EQ(test, td_tlbi(tt, HW_TLBI_NH_ASID, 1, 0), hits1);
	KUNIT_EXPECT_EQ(test, td_hits(tt, 1, n), 0);
	KUNIT_EXPECT_EQ(test, td_tlbi(tt, HW_TLBI_NH_ASID, 2, 0), hits2);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);

	for (i = 0; i < n; i++)
		td_fill(tt, 1, i);
	KUNIT_EXPECT_EQ(test, td_hits(tt, 1, n), n);
	KUNIT_EXPECT_EQ(test, td_tlbi(tt, HW_TLBI_NH_ASID, 1, 0), n);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);
}

/*
 * A fill whose allocations fail is dropped and the translation is still
 * right.  The first fill of an ASID allocates, under the IOTLB's lock and
 * so without sleeping, the tag, xarray nodes, the tag's directory and its
 * first page.  fail-nth (the task's n-th slab allocation fails) fails
 * each of them in turn, after a TLBI of everything: the read walks and
 * returns the page's data, at most the one entry is cached, nothing is
 * leaked (kmemleak), and once n passes the number of allocations the fill
 * caches and the next read hits.  Not every failure drops the fill: the
 * xarray allocates its nodes again after a failure (xas_nomem()), so only
 * the tag's, the directory's and its page's are counted on.
 */
static void tlb_fill_alloc_fails(struct kunit *test)
{
#ifdef CONFIG_FAILSLAB
	struct tt *tt = tt_create(test, 64, 64);
	unsigned int nth, left, dropped = 0;
	u64 val, hits;
	int ret;

	tt_map_pages(tt, 1);
	/* The configuration cache and the stream handle: filled here */
	KUNIT_ASSERT_EQ(test, tt_rd_page(tt, 0, &val), 0);
	for (nth = 1; nth < 32; nth++) {
		tt_cmd_sync(tt, TLBI0(NSNH_ALL, 0, 0, 0, 0), 0);
		KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);
		current->fail_nth = nth;
		ret = tt_rd_page(tt, 0, &val);
		left = current->fail_nth;
		current->fail_nth = 0;
		KUNIT_ASSERT_EQ(test, ret, 0);
		KUNIT_EXPECT_EQ(test, val, tt_tag(0));
		if (left)	/* fewer than @nth allocations: none failed */
			break;
		KUNIT_EXPECT_LE_MSG(test, swsmmu_hw_tlb_count(tt->hw), 1,
				    "allocation %u failed", nth);
		dropped += !swsmmu_hw_tlb_count(tt->hw);
	}
	KUNIT_EXPECT_LT(test, nth, 32);
	/* At least the tag, the directory and its page */
	KUNIT_EXPECT_GE(test, dropped, 3);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 1);
	hits = tt_stat(tt, HW_STAT_TLB_HIT);
	tt_cmd_sync(tt, TLBI0(NH_VA, 1, 1, 0, 0), TLBI1(VA_P1 + SZ_4K, 0, 0));
	KUNIT_EXPECT_EQ(test, tt_rd_page(tt, 0, &val), 0);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), hits + 1);
#else
	kunit_skip(test, "needs CONFIG_FAILSLAB (fail-nth)");
#endif
}

/*
 * Removal keeps every other entry reachable.  The IOTLB is an open-
 * addressed table at load factor 1/2 (tlb.c, "Entries in the table"):
 * 512 pages in a TLB of 512 share probe runs, and removing an entry must
 * move later entries of its run back (a table that only emptied the
 * position would lose them: the probe stops at the hole).  Removes 3/4 of
 * the pages in a scattered order, one TLBI_NH_VA each, and checks after
 * every 32 removals that the rest still hit; then fills them again and
 * removes the rest by ASID.  On the way the ASID's directory (the array
 * of its entries that TLBI by ASID walks) is trimmed: from the 289th
 * removal on (fewer than 224 of its 512 elements in use, 2 x 224 +
 * TLB_EL_SLACK), each removal moves a few live elements from its end into
 * free ones and tells their entries; a TLBI that later freed an entry's
 * old element would leave the TLBI by ASID entries it cannot find (the
 * count) or elements of none (a WARN).
 */
static void tlb_removal_keeps_runs(struct kunit *test)
{
	struct tt *tt = tt_create(test, 512, 64);
	unsigned int i, k, n = 512;
	bool *keep = kunit_kcalloc(test, n, sizeof(*keep), GFP_KERNEL);
	u64 val;

	KUNIT_ASSERT_NOT_NULL(test, keep);
	/* The micro-TLB would answer the checks without a TLBI between */
	tt_cfgcache(tt, 64, false);
	tt_map_pages(tt, n);
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_EQ(test, tt_rd_page(tt, i, &val), 0);
		keep[i] = true;
	}
	KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_count(tt->hw), n);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_EVICT), 0);
	tt_expect_cached(tt, keep, n, "full");

	for (k = 0; k < 3 * n / 4; k++) {
		i = (k * 167) % n;	/* 167 is prime to 512: a permutation */
		tt_cmd_sync(tt, TLBI0(NH_VA, 1, 1, 0, 0),
			    TLBI1(VA_P1 + i * SZ_4K, 0, 0));
		keep[i] = false;
		if (k % 32 == 31)
			tt_expect_cached(tt, keep, n, "after removals");
	}
	tt_expect_cached(tt, keep, n, "a quarter left");

	/* Refill the removed pages among the kept ones: each misses once */
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_EQ(test, tt_rd_page(tt, i, &val), 0);
		KUNIT_EXPECT_EQ(test, val, tt_tag(i % TT_NPROBES));
		keep[i] = true;
	}
	tt_expect_cached(tt, keep, n, "refilled");
	tt_cmd_sync(tt, TLBI0(NH_ASID, 1, 1, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_INV_ENTRIES),
			3 * n / 4 + n);
}

/* ---------------------------------------------------------------------- */
/* Configuration cache                                                    */
/* ---------------------------------------------------------------------- */

static void tt_expect_rd(struct tt *tt, u32 sid, u64 va, int ret, u64 tag,
			 const char *what)
{
	u64 val;

	KUNIT_EXPECT_EQ_MSG(tt->test, tt_rd(tt, sid, va, &val), ret, "%s",
			    what);
	if (!ret)
		KUNIT_EXPECT_EQ_MSG(tt->test, val, tag, "%s", what);
}

/*
 * An STE changed in memory keeps its cached decoding until CFGI_STE and
 * CMD_SYNC; so does an abort STE (valid, hence cached).  No TLB, so only
 * the configuration cache can be stale.
 */
static void cfg_ste_stale_until_cfgi(struct kunit *test)
{
	struct tt *tt = tt_create(test, 0, 64);
	u64 q0 = le64_to_cpu(tt_ste_ptr(tt, 1)[0]);
	unsigned int nr_ste, nr_cd;

	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "cached S1 STE");
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, 1);
	KUNIT_EXPECT_EQ(test, nr_cd, 1);

	/* Config 0b000: abort, in memory only */
	me_set(tt_ste_ptr(tt, 1), 0, STRTAB_STE_0_V);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "stale STE still used");
	/* A CFGI_STE of another StreamID, a CFGI_CD: not enough */
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 2, 0), CMDQ_CFGI_1_LEAF);
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_CD, 1, 0), CMDQ_CFGI_1_LEAF);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "other CFGIs");

	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 1, 0), CMDQ_CFGI_1_LEAF);
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "abort STE after CFGI_STE");
	/* The abort STE is valid: cached in turn */
	me_set(tt_ste_ptr(tt, 1), 0, q0);
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "stale abort STE");
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 1, 0), 0);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "S1 STE again");
}

/*
 * A CD changed in memory (TTB0 moved to tables mapping P1 elsewhere) keeps
 * its cached decoding until CFGI_CD, CFGI_CD_ALL or CFGI_STE of its
 * StreamID.
 */
static void cfg_cd_stale_until_cfgi(struct kunit *test)
{
	struct tt *tt = tt_create(test, 0, 64);
	struct tt_pt alt;
	u64 alt_tag = tt_tag(PR_P2);

	/* alt maps VA_P1 to P2's page */
	tt_pt_alloc(tt, &alt, false);
	tt_pt_map(tt, &alt);
	me_set(alt.l3b, 0, tt_leaf(false, me_pa(tt->data[PR_P2]), 12, false));

	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "cached CD");
	tt_put_cd(tt->cd[ST_A], tt_cd_q0(1), alt.l1);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "stale CD");
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_CD, 1, 1), CMDQ_CFGI_1_LEAF);
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_CD, 2, 0), CMDQ_CFGI_1_LEAF);
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_CD_ALL, 2, 0), 0);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "other SSID/SID");
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_CD, 1, 0), CMDQ_CFGI_1_LEAF);
	tt_expect_rd(tt, 1, VA_P1, 0, alt_tag, "new CD after CFGI_CD");

	tt_put_cd(tt->cd[ST_A], tt_cd_q0(1), tt->s1.l1);
	tt_expect_rd(tt, 1, VA_P1, 0, alt_tag, "stale again");
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_CD_ALL, 1, 0), 0);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "after CFGI_CD_ALL");

	/* CFGI_STE drops the StreamID's CDs as well (see cfgcache.c) */
	tt_put_cd(tt->cd[ST_A], tt_cd_q0(1), alt.l1);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "stale a third time");
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 1, 0), CMDQ_CFGI_1_LEAF);
	tt_expect_rd(tt, 1, VA_P1, 0, alt_tag, "after CFGI_STE");
}

/*
 * CFGI_STE_RANGE drops the 2^(Range + 1) StreamIDs of the aligned range
 * and only those; CFGI_ALL drops everything.
 */
static void cfg_ste_range(struct kunit *test)
{
	struct tt *tt = tt_create(test, 0, 64);

	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "sid 1");
	tt_expect_rd(tt, 2, VA_P1, 0, tt_tag(PR_P1), "sid 2");
	tt_expect_rd(tt, 4, VA_P1, 0, tt_tag(PR_P1), "sid 4");
	me_set(tt_ste_ptr(tt, 1), 0, STRTAB_STE_0_V);
	me_set(tt_ste_ptr(tt, 2), 0, STRTAB_STE_0_V);
	me_set(tt_ste_ptr(tt, 4), 0, STRTAB_STE_0_V);

	/* StreamID 3, Range 0: the bottom bit ignored: StreamIDs 2 and 3 */
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE_RANGE, 3, 0),
		    FIELD_PREP(CMDQ_CFGI_1_RANGE, 0));
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "sid 1 kept");
	tt_expect_rd(tt, 2, VA_P1, -EFAULT, 0, "sid 2 dropped");
	tt_expect_rd(tt, 4, VA_P1, 0, tt_tag(PR_P1), "sid 4 kept");

	/* StreamID 6, Range 1: StreamIDs 4 to 7 */
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE_RANGE, 6, 0),
		    FIELD_PREP(CMDQ_CFGI_1_RANGE, 1));
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "sid 1 kept");
	tt_expect_rd(tt, 4, VA_P1, -EFAULT, 0, "sid 4 dropped");

	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE_RANGE, 0, 0),
		    FIELD_PREP(CMDQ_CFGI_1_RANGE, CMDQ_CFGI_1_RANGE_ALL));
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "sid 1 dropped by CFGI_ALL");
}

/* Faulting configuration is looked up again every time: never cached */
static void cfg_negative_not_cached(struct kunit *test)
{
	struct tt *tt = tt_create(test, 0, 64);
	u64 q0 = le64_to_cpu(tt_ste_ptr(tt, 1)[0]);
	u64 cd0 = le64_to_cpu(tt->cd[ST_A][0]);
	unsigned int nr_ste, nr_cd;

	/* STE V = 0: C_BAD_STE */
	me_set(tt_ste_ptr(tt, 1), 0, q0 & ~STRTAB_STE_0_V);
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "C_BAD_STE");
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, 0);
	me_set(tt_ste_ptr(tt, 1), 0, q0);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "fixed STE, no CFGI");

	/* CD V = 0 on another stream: C_BAD_CD */
	me_set(tt->cd[ST_B], 0, cd0 & ~CTXDESC_CD_0_V);
	tt_expect_rd(tt, 2, VA_P1, -EFAULT, 0, "C_BAD_CD");
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, 2);	/* STEs 1 and 2 */
	KUNIT_EXPECT_EQ(test, nr_cd, 1);	/* only stream 1's */
	me_set(tt->cd[ST_B], 0, tt_cd_q0(2));
	tt_expect_rd(tt, 2, VA_P1, 0, tt_tag(PR_P1), "fixed CD, no CFGI");

	/* A StreamID beyond the Stream table: C_BAD_STREAMID, not cached */
	tt_expect_rd(tt, 200, VA_P1, -EFAULT, 0, "C_BAD_STREAMID");
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, 2);
	KUNIT_EXPECT_EQ(test, nr_cd, 2);
}

/* Without a configuration cache a changed STE is seen at once */
static void cfg_disabled(struct kunit *test)
{
	struct tt *tt = tt_create(test, 0, 0);

	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "S1 STE");
	me_set(tt_ste_ptr(tt, 1), 0, STRTAB_STE_0_V);
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "abort at once");
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_CFG_HIT), 0);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_CFG_MISS), 0);
}

/*
 * A full configuration cache replaces an entry; it never exceeds its size.
 * On one CPU, so that the last read meets StreamID 1's stream handle, which
 * the replacement must have made invalid.
 */
static void cfg_replacement(struct kunit *test)
{
	struct tt *tt = tt_create(test, 0, 2);
	unsigned int nr_ste, nr_cd;

	tt_pin(tt);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "sid 1");
	tt_expect_rd(tt, 2, VA_P1, 0, tt_tag(PR_P1), "sid 2");
	tt_expect_rd(tt, 3, VA_P1, 0, tt_tag(PR_P1), "sid 3");
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, 2);
	KUNIT_EXPECT_EQ(test, nr_cd, 2);
	/* The cursor starts at 0: StreamID 1's entries were replaced */
	me_set(tt_ste_ptr(tt, 1), 0, STRTAB_STE_0_V);
	me_set(tt_ste_ptr(tt, 3), 0, STRTAB_STE_0_V);
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "sid 1 was replaced");
	tt_expect_rd(tt, 3, VA_P1, 0, tt_tag(PR_P1), "sid 3 cached");
}

/* ---------------------------------------------------------------------- */
/* Stream handles (cfgcache.c; "Remembered tags" in tlb.c)                */
/* ---------------------------------------------------------------------- */

/*
 * A stream handle remembers its IOTLB tag.  A TLBI that empties the tag
 * frees it, and the next fill makes a new one, which the handle must use
 * from then on: after a zap, the refilled page must still hit (through a
 * freed tag, whose size bitmap is empty, it would miss and walk the zapped
 * tables) and count one hit and no walk.  Handles are per CPU: the test
 * stays on one, so the reads below all meet the same handle.  (The CFGI
 * and replacement cases above cover the configuration cache's side.)
 */
static void handle_tag_reaped(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	unsigned int round;
	u64 hits, walks;

	tt_pin(tt);
	for (round = 0; round < 3; round++) {
		tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "fill");
		tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "hit");
		tt_cmd_sync(tt, TLBI0(NH_ASID, 1, 1, 0, 0), 0);
		KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);
	}
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "refill");
	/* Another ASID's TLBI: drops the handle's last translation only */
	tt_cmd_sync(tt, TLBI0(NH_ASID, 1, 2, 0, 0), 0);
	hits = tt_stat(tt, HW_STAT_TLB_HIT);
	walks = tt_stat(tt, HW_STAT_WALKS);
	tt_zap_all(tt);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "hit through the new tag");
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), hits + 1);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_WALKS), walks);
}

/*
 * Handles stand for configuration cache hits, and count them: two per
 * stage-1 access (STE and CD), one per stage-2 access (STE), none missed.
 */
static void handle_counts_exact(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	u64 hits, miss;
	unsigned int i;

	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "stage 1");
	tt_expect_rd(tt, 4, VA_P1, 0, tt_tag(PR_P1), "stage 2");
	hits = tt_stat(tt, HW_STAT_CFG_HIT);
	miss = tt_stat(tt, HW_STAT_CFG_MISS);
	for (i = 0; i < 10; i++) {
		tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "stage 1");
		tt_expect_rd(tt, 4, VA_P1, 0, tt_tag(PR_P1), "stage 2");
	}
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_CFG_HIT), hits + 30);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_CFG_MISS), miss);
}

/*
 * Counters stay exact on the handle's hit path: a hit that the permissions
 * refuse (a write to a read-only page, no HD) is one IOTLB hit and no
 * walk, whether swsmmu_hw_access()'s hit path found it and handed it on,
 * or hw_translate() found it itself (swsmmu_hw_translate()).
 */
static void handle_refused_hit_counts_once(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	struct swsmmu_txn wr = { .sid = 1, .flags = SWSMMU_TXN_WRITE };
	struct swsmmu_xlate xl;
	u64 hits, walks, val = 0;

	tt_pin(tt);
	me_set(tt->s1.l3b, 0,
	       tt_leaf(false, me_pa(tt->data[PR_P1]), 12, false) |
	       FIELD_PREP(SWSMMU_PTE_S1_AP, SWSMMU_PTE_S1_AP_RDONLY));
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "read: fill");
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "read: handle");

	hits = tt_stat(tt, HW_STAT_TLB_HIT);
	walks = tt_stat(tt, HW_STAT_WALKS);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_access(tt->hw, &wr, VA_P1, &val,
					       sizeof(val)), -EFAULT);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), hits + 1);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_translate(tt->hw, &wr, VA_P1, &xl),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_ID, xl.event[0]),
			EVT_ID_PERMISSION);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), hits + 2);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_WALKS), walks);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "read: still cached");
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), hits + 3);
}

/*
 * The last translation (xlate.c): a handle keeps its stream's last page,
 * which serves it without the IOTLB, even after the IOTLB evicted the
 * entry (a TLB of one, refilled by another stream), until a TLBI.  Reads
 * of A: the first resolves the stream, the second makes the handle and its
 * last translation; S's read evicts A's entry.  After the zap, A's page
 * still translates (one hit, no walk), any other page walks and faults,
 * and after TLBI_NH_VA of the page and CMD_SYNC the page faults too.
 */
static void last_translation(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1, 64);
	u64 hits, walks;

	tt_pin(tt);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: fill");
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: handle");
	tt_expect_rd(tt, 4, VA_P2, 0, tt_tag(PR_P2), "S P2: evicts A P1");
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 1);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_EVICT), 1);
	tt_zap_all(tt);

	hits = tt_stat(tt, HW_STAT_TLB_HIT);
	walks = tt_stat(tt, HW_STAT_WALKS);
	tt_expect_rd(tt, 1, VA_P1 + 0x808, 0, tt_tag(PR_P1),
		     "A P1: its last translation");
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), hits + 1);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_WALKS), walks);
	tt_expect_rd(tt, 1, VA_P2, -EFAULT, 0, "A P2: another page walks");
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1),
		     "A P1: kept across a fault");

	tt_cmd_sync(tt, TLBI0(NH_VA, 1, 1, 0, 0), TLBI1(VA_P1, 0, 0));
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "A P1: after TLBI_NH_VA");
}

/*
 * Strict mode keeps no last translation (its hits check for conflicts in
 * the IOTLB): the same sequence, and A's page faults once evicted.
 */
static void last_translation_not_strict(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1, 64);

	tt_pin(tt);
	tt->hw->strict = HW_STRICT_CONFLICT;
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: fill");
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: handle");
	tt_expect_rd(tt, 4, VA_P2, 0, tt_tag(PR_P2), "S P2: evicts A P1");
	tt_zap_all(tt);
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "A P1: evicted, strict");
	tt->hw->strict = 0;
}

/*
 * The micro-TLB (xlate.c): a CPU's stream handles keep the pages they
 * translated, not only the last one, until a TLBI.  A one-entry IOTLB
 * holds only the last page filled; after the zap, the pages A translated
 * before it (a page, then a page of a 2MB block, each evicted from the
 * IOTLB) still translate, to the right PA, with one hit each and no walk,
 * and the last one through the last translation.  After a TLBI of another
 * ASID and CMD_SYNC, only the page the IOTLB holds does: any TLBI empties
 * every micro-TLB.
 */
static void utlb_serves_pages(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1, 64);
	u64 hits, walks, b = tt_probe_va(tt, PR_B);

	tt_pin(tt);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: fill");
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: handle");
	tt_expect_rd(tt, 1, b, 0, tt_tag(PR_B), "A B: evicts P1");
	tt_expect_rd(tt, 1, VA_P2, 0, tt_tag(PR_P2), "A P2: evicts B");
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 1);
	tt_zap_all(tt);

	hits = tt_stat(tt, HW_STAT_TLB_HIT);
	walks = tt_stat(tt, HW_STAT_WALKS);
	tt_expect_rd(tt, 1, VA_P1 + 0x808, 0, tt_tag(PR_P1),
		     "A P1: micro-TLB");
	tt_expect_rd(tt, 1, b + 0x10, 0, tt_tag(PR_B), "A B: micro-TLB");
	tt_expect_rd(tt, 1, VA_P2, 0, tt_tag(PR_P2), "A P2: last");
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_TLB_HIT), hits + 3);
	KUNIT_EXPECT_EQ(test, tt_stat(tt, HW_STAT_WALKS), walks);

	tt_cmd_sync(tt, TLBI0(NH_ASID, 1, 2, 0, 0), 0);
	tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "A P1: after a TLBI");
	tt_expect_rd(tt, 1, b, -EFAULT, 0, "A B: after a TLBI");
	tt_expect_rd(tt, 1, VA_P2, 0, tt_tag(PR_P2), "A P2: IOTLB");
}

/*
 * A new handle in a slot sees none of the micro-TLB entries of the one it
 * replaces.  A's first handle keeps P1 in the micro-TLB and P2 evicts P1
 * from the one-entry IOTLB; then CFGI_STE (which moves no tlb_seq) and a
 * zap.  Each pass makes a new handle for A (its first read; the CFGI of
 * another StreamID at the end of the pass makes every handle invalid) and
 * reads P1 through it, which must fault.  A handle's entries sit at an
 * offset that comes back every HW_UTLB_ENTRIES >> HW_UTLB_STAMP_SHIFT
 * stamps (hw_utlb_slot()), so one of the passes looks P1 up in the very
 * entry the first handle made: only the stamp tells them apart.  P2 stays
 * in the IOTLB, which a CFGI leaves alone.
 */
static void utlb_new_handle(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1, 64);
	unsigned int i;

	tt_pin(tt);
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: fill");
	tt_expect_rd(tt, 1, VA_P1, 0, tt_tag(PR_P1), "A P1: handle");
	tt_expect_rd(tt, 1, VA_P2, 0, tt_tag(PR_P2), "A P2: evicts P1");
	tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 1, 0), CMDQ_CFGI_1_LEAF);
	tt_zap_all(tt);
	for (i = 0; i <= (HW_UTLB_ENTRIES >> HW_UTLB_STAMP_SHIFT) + 1; i++) {
		tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "A P1: new handle");
		tt_expect_rd(tt, 1, VA_P1, -EFAULT, 0, "A P1: through it");
		tt_expect_rd(tt, 1, VA_P2, 0, tt_tag(PR_P2), "A P2: IOTLB");
		tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 3, 0),
			    CMDQ_CFGI_1_LEAF);
	}
}

/* ---------------------------------------------------------------------- */
/* The CMD_SYNC guarantee                                                 */
/* ---------------------------------------------------------------------- */

/*
 * A fill by a transaction piece that began before an invalidation (any
 * invalidation of its cache, even of something else) is dropped: its walk
 * or fetch may have read memory from before the command.  A piece that
 * began after it fills.  Deterministic; the race tests below need luck.
 */
static void sync_stale_fill_dropped(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	struct hw_tlb_tag tag = {
		.kind = HW_TLB_S1, .g = 12, .vmid = 1, .asid = 1,
	};
	struct hw_walk w = {
		.oa = me_pa(tt->data[PR_P1]), .ipa = me_pa(tt->data[PR_P1]),
		.block_shift = 12, .perm_s1 = HW_PERM_ALL,
		.perm_s2 = HW_PERM_ALL, .ng = true,
	};
	unsigned int nr_ste, nr_cd, base;
	struct hw_piece p, q;
	struct hw_fault f;
	struct hw_ste ste;
	u64 val;

	swsmmu_hw_piece_begin(tt->hw, &p, true);
	swsmmu_hw_piece_end(tt->hw, &p);
	tt_cmd(tt, TLBI0(NH_ASID, 2, 7, 0, 0), 0);
	swsmmu_hw_tlb_fill(tt->hw, &p, &tag, VA_P1, &w);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 0);
	swsmmu_hw_piece_begin(tt->hw, &q, true);
	swsmmu_hw_tlb_fill(tt->hw, &q, &tag, VA_P1, &w);
	swsmmu_hw_piece_end(tt->hw, &q);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 1);
	/* That entry is what A (ASID 1, VMID 1) now hits */
	tt_zap_all(tt);
	KUNIT_EXPECT_EQ(test, tt_rd(tt, 1, VA_P1, &val), 0);
	KUNIT_EXPECT_EQ(test, val, tt_tag(PR_P1));
	/* A CFGI does not stop TLB fills */
	tt_cmd(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 9, 0), 0);
	swsmmu_hw_tlb_fill(tt->hw, &q, &tag, VA_P2, &w);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_tlb_count(tt->hw), 2);

	/* The same for the configuration cache (StreamID 1's STE is in) */
	swsmmu_hw_cfgcache_count(tt->hw, &base, &nr_cd);
	swsmmu_hw_piece_begin(tt->hw, &p, true);
	swsmmu_hw_piece_end(tt->hw, &p);
	tt_cmd(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 9, 0), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_cfg_ste(tt->hw, &p, 2, &ste, &f), 0);
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, base);
	swsmmu_hw_piece_begin(tt->hw, &q, true);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_cfg_ste(tt->hw, &q, 2, &ste, &f), 0);
	swsmmu_hw_piece_end(tt->hw, &q);
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, base + 1);
	KUNIT_EXPECT_EQ(test, ste.config, STRTAB_STE_0_CFG_S1_TRANS);
	/* A TLBI does not stop configuration fills */
	tt_cmd(tt, TLBI0(NSNH_ALL, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_cfg_ste(tt->hw, &q, 3, &ste, &f), 0);
	swsmmu_hw_cfgcache_count(tt->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ(test, nr_ste, base + 2);
}

#define TT_POISON	0xdeaddeaddeaddeadULL
#define TT_RTAG(k)	(0x5eed000000000000ULL | (k))
#define TT_WPAT		0x7777777777777777ULL
#define TT_ROUNDS	200

/**
 * struct tt_race - devices racing with invalidations
 * @tt: the environment
 * @sid: their StreamID
 * @va_r: where the reader reads a page
 * @va_w: where the writer writes a page
 * @reads: completed reads
 * @writes: completed writes
 * @errors: accesses that failed
 * @bad: reads that saw poison or a torn page
 * @bad_val: the first bad word seen
 * @buf_r: reader's buffer
 * @buf_w: writer's buffer
 * @rd: the reader thread, until stopped
 * @wr: the writer thread, until stopped
 */
struct tt_race {
	struct tt *tt;
	u32 sid;
	u64 va_r, va_w;
	atomic_t reads, writes, errors, bad;
	u64 bad_val;
	u64 *buf_r, *buf_w;
	struct task_struct *rd, *wr;
};

/* Also a KUnit action: no thread outlives the pages it accesses */
static void tt_race_stop(void *data)
{
	struct tt_race *r = data;

	if (r->rd)
		kthread_stop(r->rd);
	if (r->wr)
		kthread_stop(r->wr);
	r->rd = NULL;
	r->wr = NULL;
}

static int tt_reader(void *data)
{
	struct tt_race *r = data;
	struct swsmmu_txn txn = { .sid = r->sid };
	unsigned int i;
	u64 first;

	while (!kthread_should_stop()) {
		if (swsmmu_hw_access(r->tt->hw, &txn, r->va_r, r->buf_r,
				     PAGE_SIZE)) {
			atomic_inc(&r->errors);
			continue;
		}
		first = r->buf_r[0];
		for (i = 0; i < PAGE_SIZE / sizeof(u64); i++)
			if (r->buf_r[i] != first || first == TT_POISON)
				break;
		if (i < PAGE_SIZE / sizeof(u64)) {
			if (atomic_inc_return(&r->bad) == 1)
				r->bad_val = r->buf_r[i];
		}
		atomic_inc(&r->reads);
		cond_resched();
	}
	return 0;
}

static int tt_writer(void *data)
{
	struct tt_race *r = data;
	struct swsmmu_txn txn = { .sid = r->sid, .flags = SWSMMU_TXN_WRITE };

	while (!kthread_should_stop()) {
		if (swsmmu_hw_access(r->tt->hw, &txn, r->va_w, r->buf_w,
				     PAGE_SIZE))
			atomic_inc(&r->errors);
		else
			atomic_inc(&r->writes);
		cond_resched();
	}
	return 0;
}

static bool tt_page_is(const u64 *page, u64 val)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(u64); i++)
		if (READ_ONCE(page[i]) != val)
			return false;
	return true;
}

enum tt_race_mode { TT_RACE_TLB, TT_RACE_CFG };

/*
 * A reader and a writer thread access one page each, back to back, while
 * the test moves both mappings to fresh pages and invalidates, round after
 * round.  TLB mode rewrites the level-3 descriptors and issues TLBI_NH_VA
 * (a 2-page range) + CMD_SYNC; CFG mode switches the STE between two CDs
 * (other ASID, other tables) and issues CFGI_STE + CMD_SYNC.  Once the
 * CMD_SYNC has completed, the old pages are poisoned: a read that still
 * used the old translation would see poison (or a torn page), a write
 * would overwrite the poison, which is checked before the page is reused
 * in the next round.
 */
static void tt_race(struct kunit *test, enum tt_race_mode mode)
{
	struct tt *tt = tt_create(test, 1024, 64);
	struct task_struct *task;
	struct tt_race *r;
	u64 *rp[2], *wp[2];
	__le64 *cd2;
	struct tt_pt pt2;
	unsigned int k, cur, late = 0;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->tt = tt;
	r->sid = 1;
	r->va_r = VA_P1;
	r->va_w = VA_P2;
	r->buf_r = me_alloc(tt->test, PAGE_SIZE);
	r->buf_w = me_alloc(tt->test, PAGE_SIZE);
	tt_fill_page(r->buf_w, TT_WPAT);
	for (k = 0; k < 2; k++) {
		rp[k] = me_alloc(tt->test, PAGE_SIZE);
		wp[k] = me_alloc(tt->test, PAGE_SIZE);
		tt_fill_page(rp[k], TT_POISON);
		tt_fill_page(wp[k], TT_POISON);
	}
	/* CFG mode: the second regime, ASID 9 with its own tables */
	tt_pt_alloc(tt, &pt2, false);
	tt_pt_map(tt, &pt2);
	cd2 = me_alloc(tt->test, CTXDESC_CD_SIZE);
	tt_put_cd(cd2, tt_cd_q0(9), pt2.l1);

	/* Round 0: page 0 of each, through the first regime */
	tt_fill_page(rp[0], TT_RTAG(0));
	me_set(tt->s1.l3b, 0, tt_leaf(false, me_pa(rp[0]), 12, false));
	me_set(tt->s1.l3b, 1, tt_leaf(false, me_pa(wp[0]), 12, false));
	me_set(pt2.l3b, 0, tt_leaf(false, me_pa(rp[1]), 12, false));
	me_set(pt2.l3b, 1, tt_leaf(false, me_pa(wp[1]), 12, false));

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tt_race_stop, r),
			0);
	task = kthread_run(tt_reader, r, "swsmmu-tt-rd");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	r->rd = task;
	task = kthread_run(tt_writer, r, "swsmmu-tt-wr");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	r->wr = task;

	for (k = 1; k <= TT_ROUNDS; k++) {
		cur = k & 1;
		/* Poisoned last round: nothing may have written it since */
		if (k >= 2 && !tt_page_is(wp[cur], TT_POISON))
			late++;
		tt_fill_page(rp[cur], TT_RTAG(k));
		if (mode == TT_RACE_TLB) {
			me_set(tt->s1.l3b, 0,
			       tt_leaf(false, me_pa(rp[cur]), 12, false));
			me_set(tt->s1.l3b, 1,
			       tt_leaf(false, me_pa(wp[cur]), 12, false));
			tt_cmd_sync(tt, TLBI0(NH_VA, 1, 1, 1, 0),
				    TLBI1(VA_P1, CMDQ_TLBI_TG_4K, 0));
		} else {
			me_set(tt_ste_ptr(tt, 1), 0,
			       tt_ste_q0(STRTAB_STE_0_CFG_S1_TRANS,
					 cur ? cd2 : tt->cd[ST_A]));
			tt_cmd_sync(tt, tt_cfgi0(CMDQ_OP_CFGI_STE, 1, 0),
				    CMDQ_CFGI_1_LEAF);
		}
		/* The old pages are no longer used by anyone */
		tt_fill_page(rp[!cur], TT_POISON);
		tt_fill_page(wp[!cur], TT_POISON);
		usleep_range(200, 400);
	}

	tt_race_stop(r);
	kunit_info(test, "%d reads, %d writes, %llu CMD_SYNC waits",
		   atomic_read(&r->reads), atomic_read(&r->writes),
		   tt_stat(tt, HW_STAT_SYNC_WAITS));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->errors), 0);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->bad), 0,
			    "a read used an invalidated translation: %#llx",
			    r->bad_val);
	KUNIT_EXPECT_EQ_MSG(test, late, 0,
			    "a write used an invalidated translation");
	/* The pages poisoned after the last round stay so */
	KUNIT_EXPECT_TRUE(test, tt_page_is(wp[!(TT_ROUNDS & 1)], TT_POISON));
	KUNIT_EXPECT_GT(test, atomic_read(&r->reads), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&r->writes), 0);
}

static void sync_inflight_tlbi(struct kunit *test)
{
	tt_race(test, TT_RACE_TLB);
}

static void sync_inflight_cfgi(struct kunit *test)
{
	tt_race(test, TT_RACE_CFG);
}

/**
 * struct tt_stalled - a transaction that stalls
 * @tt: the environment
 * @va: its address
 * @val: what it read
 * @ret: its result
 * @done: completed when it returns
 */
struct tt_stalled {
	struct tt *tt;
	u64 va;
	u64 val;
	int ret;
	struct completion done;
};

static int tt_stalled_fn(void *data)
{
	struct tt_stalled *s = data;

	s->ret = tt_rd(s->tt, 7, s->va, &s->val);
	/* complete_all(): both the test and its cleanup may wait */
	complete_all(&s->done);
	return 0;
}

static void tt_stalled_cleanup(void *data)
{
	struct tt_stalled *s = data;

	/* SMMUEN 1->0 terminates the stall if the test did not */
	swsmmu_hw_write32(s->tt->hw, SMMU_CR0, 0);
	wait_for_completion(&s->done);
}

/*
 * A stalled transaction sleeps outside any piece: a CMD_SYNC completes
 * while it is stalled (the command queue consumes it at once); once
 * resumed, the retry translates afresh.
 */
static void sync_ignores_stalled(struct kunit *test)
{
	struct tt *tt = tt_create(test, 1024, 64);
	struct task_struct *task;
	struct tt_stalled *s;
	unsigned long end;
	__le64 *cd;
	u64 evt1;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->tt = tt;
	s->va = VA_P1 + 3 * SZ_4K;	/* L3b[3]: not mapped yet */
	init_completion(&s->done);

	/* StreamID 7: stage 1, CD with S = 1 (stall) and R = 1 */
	cd = me_alloc(tt->test, CTXDESC_CD_SIZE);
	tt_put_cd(cd, tt_cd_q0(7) | CTXDESC_CD_0_S | CTXDESC_CD_0_R,
		  tt->s1.l1);
	tt_put_ste(tt, 7, tt_ste_q0(STRTAB_STE_0_CFG_S1_TRANS, cd), 0,
		   FIELD_PREP(STRTAB_STE_2_S2VMID, 1), 0);

	task = kthread_run(tt_stalled_fn, s, "swsmmu-tt-stall");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							tt_stalled_cleanup, s),
			0);

	/* Wait for the stall record */
	end = jiffies + 5 * HZ;
	while (!swsmmu_hw_read32(tt->hw, SMMU_EVTQ_PROD) &&
	       time_before(jiffies, end))
		usleep_range(500, 1000);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_read32(tt->hw, SMMU_EVTQ_PROD), 1);
	evt1 = le64_to_cpu(tt->evtq[1]);
	KUNIT_ASSERT_TRUE(test, evt1 & EVTQ_1_STALL);

	/* The SYNC does not wait for it (tt_cmd checks CONS moved) */
	tt_cmd_sync(tt, TLBI0(NH_ASID, 1, 7, 0, 0), 0);
	tt_sync(tt);
	KUNIT_EXPECT_FALSE(test, completion_done(&s->done));

	/* Map the page and retry: the retry walks the new tables */
	me_set(tt->s1.l3b, 3, tt_leaf(false, me_pa(tt->data[PR_G1]), 12,
				      false));
	tt_cmd_sync(tt, FIELD_PREP(CMDQ_0_OP, CMDQ_OP_RESUME) |
		    FIELD_PREP(CMDQ_RESUME_0_SID, 7) |
		    FIELD_PREP(CMDQ_RESUME_0_RESP, CMDQ_RESUME_0_RESP_RETRY),
		    FIELD_PREP(CMDQ_RESUME_1_STAG,
			       FIELD_GET(EVTQ_1_STAG, evt1)));
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&s->done,
							    5 * HZ));
	KUNIT_EXPECT_EQ(test, s->ret, 0);
	KUNIT_EXPECT_EQ(test, s->val, tt_tag(PR_G1));
}

static struct kunit_case swsmmu_tlb_cases[] = {
	KUNIT_CASE(tlb_hit_and_stale),
	KUNIT_CASE(tlb_global_shared),
	KUNIT_CASE(tlb_disabled),
	KUNIT_CASE(tlb_tbi),
	KUNIT_CASE_PARAM(tlb_inv_scope, tt_inv_gen_params),
	KUNIT_CASE(tlb_clock_second_chance),
	KUNIT_CASE(tlb_pressure),
	KUNIT_CASE(tlb_removal_keeps_runs),
	KUNIT_CASE(tlb_fill_alloc_fails),
	KUNIT_CASE(tlb_directory_pages),
	KUNIT_CASE(cfg_ste_stale_until_cfgi),
	KUNIT_CASE(cfg_cd_stale_until_cfgi),
	KUNIT_CASE(cfg_ste_range),
	KUNIT_CASE(cfg_negative_not_cached),
	KUNIT_CASE(cfg_disabled),
	KUNIT_CASE(cfg_replacement),
	KUNIT_CASE(handle_tag_reaped),
	KUNIT_CASE(handle_counts_exact),
	KUNIT_CASE(handle_refused_hit_counts_once),
	KUNIT_CASE(last_translation),
	KUNIT_CASE(last_translation_not_strict),
	KUNIT_CASE(utlb_serves_pages),
	KUNIT_CASE(utlb_new_handle),
	KUNIT_CASE(sync_stale_fill_dropped),
	KUNIT_CASE_SLOW(sync_inflight_tlbi),
	KUNIT_CASE_SLOW(sync_inflight_cfgi),
	KUNIT_CASE(sync_ignores_stalled),
	{}
};

static struct kunit_suite swsmmu_tlb_suite = {
	.name = "swsmmu-model-tlb",
	.test_cases = swsmmu_tlb_cases,
};

kunit_test_suite(swsmmu_tlb_suite);
