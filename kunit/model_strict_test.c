// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's strict mode (drivers/model/strict.c
 * and its uses in tlb.c, walk.c, xlate.c, config.c, cfgcache.c): the walk
 * cache's Leaf and TTL semantics, the legality of speculative fills, torn
 * STE and CD reads, F_TLB_CONFLICT and its record, the reports, and the
 * strict= parameter's parser.
 *
 * The instance is set up as a driver would (linear Stream table, CDs and
 * tables built by hand, registers written through the register file); the
 * invalidations are the decoded TLBIs the command queue passes to the
 * IOTLB (swsmmu_hw_tlb_invalidate()).  Known answers (which data page an
 * address reads, the event record's qwords, written out as numbers from
 * IHI 0070 7.3) are independent of the code under test.
 *
 * Stage-1 layout (4KB granule, T0SZ 25: walks from level 1):
 *   VA 0x400000 + n * 4KB, n = 0..3   L1[0] L2[2] L3[n]   data page n
 *   VA 0x404000                        L1[0] L2[2] L3[4]   invalid
 * The "alternate" level-3 table maps VA 0x400000 to data page 3.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include <swsmmu/param.h>
#include "model/model.h"
#include "model_env.h"

#define ST_LOG2		4
#define EVTQ_LOG2	4
#define NDATA		4
#define VA0		0x400000ULL
#define VA_INVALID	0x404000ULL
#define SID		1
#define SID_NEXT	2
#define SID_INVALID	6
#define ASID		5

/* Record qword 0/1 fields (IHI 0070 7.3) */
#define KA_C_BAD_STE		0x04
#define KA_F_CD_FETCH		0x09
#define KA_C_BAD_CD		0x0a
#define KA_F_TLB_CONFLICT	0x20
#define KA_RNW			BIT_ULL(35)

struct st {
	struct kunit *test;
	struct swsmmu_hw *hw;
	__le64 *st, *evtq, *cd, *cd2;
	__le64 *l1, *l2, *l3, *alt_l3;
	u64 *data[NDATA];
	u32 cons;
};

static const struct swsmmu_hw_features st_features = {
	.sid_bits = 8, .ssid_bits = 8, .oas = PA_SIZE_48,
	.cmdq_bits = 8, .evtq_bits = 8,
	.s1 = true, .s2 = true, .gran4k = true,
	.asid16 = true, .vmid16 = true,
};

static void *st_alloc(struct st *s, size_t size)
{
	return me_alloc(s->test, size);
}

static u64 st_tag(unsigned int i)
{
	return 0x5354524943540000ULL | (i + 1);
}

static u64 st_page(u64 oa)
{
	return me_s1_page(oa, SWSMMU_PTE_S1_AP_UNPRIV, 0);
}

/* A level-2 block (2MB) at @oa */
static u64 st_block(u64 oa)
{
	return oa | FIELD_PREP(SWSMMU_PTE_S1_AP, SWSMMU_PTE_S1_AP_UNPRIV) |
	       SWSMMU_PTE_AF | SWSMMU_PTE_S1_NG | SWSMMU_PTE_VALID;
}

static u64 st_cd_q0(u16 asid)
{
	return me_cd_q0(asid, CTXDESC_CD_0_R | CTXDESC_CD_0_A);
}

static u64 st_ste_q0(u64 cd)
{
	return me_ste_q0(STRTAB_STE_0_CFG_S1_TRANS, cd, 0);
}

static __le64 *st_ste(struct st *s, u32 sid)
{
	return s->st + sid * STRTAB_STE_DWORDS;
}

/*
 * An enabled instance with the layout above and strict mode @strict (named
 * after @strict: a test may have two at once, each with its debugfs files)
 */
static struct st *st_create(struct kunit *test, u32 strict)
{
	struct st *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	unsigned int i, j;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->test = test;
	s->hw = me_hw_create(test, strict ? "kunit-strict" : "kunit-strict-off",
			     &st_features);
	KUNIT_ASSERT_NOT_NULL(test, s->hw->slog);
	s->hw->strict = strict;

	s->evtq = st_alloc(s, BIT(EVTQ_LOG2 + EVTQ_ENT_SZ_SHIFT));
	s->st = st_alloc(s, BIT(ST_LOG2) * STRTAB_STE_SIZE);
	for (i = 0; i < NDATA; i++) {
		s->data[i] = st_alloc(s, PAGE_SIZE);
		for (j = 0; j < PAGE_SIZE / sizeof(u64); j++)
			s->data[i][j] = st_tag(i);
	}
	s->l1 = st_alloc(s, SZ_4K);
	s->l2 = st_alloc(s, SZ_4K);
	s->l3 = st_alloc(s, SZ_4K);
	s->alt_l3 = st_alloc(s, SZ_4K);
	me_set(s->l1, 0, me_table(me_pa(s->l2)));
	me_set(s->l2, 2, me_table(me_pa(s->l3)));
	for (i = 0; i < NDATA; i++)
		me_set(s->l3, i, st_page(me_pa(s->data[i])));
	me_set(s->alt_l3, 0, st_page(me_pa(s->data[3])));

	s->cd = st_alloc(s, CTXDESC_CD_SIZE);
	s->cd2 = st_alloc(s, CTXDESC_CD_SIZE);
	me_set(s->cd, 1, me_pa(s->l1));
	me_set(s->cd, 0, st_cd_q0(ASID));
	me_set(st_ste(s, SID), 0, st_ste_q0(me_pa(s->cd)));
	me_set(st_ste(s, SID_NEXT), 0, st_ste_q0(me_pa(s->cd)));

	me_hw_enable(s->hw, s->st, ST_LOG2, s->evtq, EVTQ_LOG2, 0);
	return s;
}

static int st_rd(struct st *s, u32 sid, u64 va, u64 *val)
{
	struct swsmmu_txn txn = { .sid = sid };

	*val = 0xa5a5a5a5a5a5a5a5ULL;
	return swsmmu_hw_access(s->hw, &txn, va, val, sizeof(*val));
}

/* @va must read data page @i's tag */
static void st_expect(struct st *s, u64 va, unsigned int i, const char *what)
{
	u64 val;

	KUNIT_EXPECT_EQ_MSG(s->test, st_rd(s, SID, va, &val), 0, "%s", what);
	KUNIT_EXPECT_EQ_MSG(s->test, val, st_tag(i), "%s", what);
}

/* Exactly one new event record, @q0..@q3; consumed */
static void st_expect_event(struct st *s, const char *what, u64 q0, u64 q1,
			    u64 q2, u64 q3)
{
	u32 mask = GENMASK(EVTQ_LOG2, 0);
	u32 prod = swsmmu_hw_read32(s->hw, SMMU_EVTQ_PROD) & mask;
	u32 next = (s->cons + 1) & mask;
	const u64 want[4] = { q0, q1, q2, q3 };
	const __le64 *rec;
	unsigned int i;

	KUNIT_ASSERT_EQ_MSG(s->test, prod, next,
			    "%s: exactly one event record expected", what);
	rec = s->evtq + (s->cons & (BIT(EVTQ_LOG2) - 1)) * EVTQ_ENT_DWORDS;
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ_MSG(s->test, me_get(rec, i), want[i],
				    "%s: record qword %u", what, i);
	s->cons = next;
	swsmmu_hw_write32(s->hw, SMMU_EVTQ_CONS, next);
}

static void st_expect_no_event(struct st *s, const char *what)
{
	u32 prod = swsmmu_hw_read32(s->hw, SMMU_EVTQ_PROD) &
		   GENMASK(EVTQ_LOG2, 0);

	KUNIT_EXPECT_EQ_MSG(s->test, prod, s->cons, "%s: no record expected",
			    what);
}

/* TLBI_NH_VA of one 4KB page at @va (optionally with TG 4KB and TTL) */
static void st_tlbi_va(struct st *s, u64 va, bool leaf, u8 ttl)
{
	struct hw_tlbi t = {
		.op = HW_TLBI_NH_VA, .leaf = leaf, .asid = ASID, .addr = va,
	};

	if (ttl) {
		t.tg = CMDQ_TLBI_TG_4K;
		t.tg_shift = 12;
		t.ttl = ttl;
		t.size = SZ_4K;
	}
	swsmmu_hw_tlb_invalidate(s->hw, &t);
}

static void st_tlbi_asid(struct st *s)
{
	struct hw_tlbi t = { .op = HW_TLBI_NH_ASID, .asid = ASID };

	swsmmu_hw_tlb_invalidate(s->hw, &t);
}

static u64 st_stat(struct st *s, enum hw_stat i)
{
	struct hw_stats st;

	swsmmu_hw_stats_get(s->hw, &st);
	return st.v[i];
}

/* Is @va's translation in the IOTLB? (a lookup inside a piece) */
static bool st_cached(struct st *s, u64 va)
{
	struct hw_tlb_tag tag = {
		.kind = HW_TLB_S1, .g = 12, .vmid = 0, .asid = ASID,
	};
	struct hw_piece p;
	struct hw_walk w;
	bool hit;

	swsmmu_hw_piece_begin(s->hw, &p, false);
	hit = swsmmu_hw_tlb_lookup(s->hw, &tag, va, &w);
	swsmmu_hw_piece_end(s->hw, &p);
	return hit;
}

/* ---------------------------------------------------------------------- */
/* Walk cache                                                             */
/* ---------------------------------------------------------------------- */

/*
 * The driver frees the level-3 table under VA0 and puts another in its
 * place (L2[2] rewritten).  A TLBI with Leaf=1 removes the leaf only: the
 * walk cache still holds the old L2[2], so the next walk goes through the
 * old table (data page 0).  Leaf=0 removes it: the new table (page 3).
 * Without strict walk_cache, the Leaf=1 TLBI is enough (the control).
 */
static void strict_walk_cache_leaf(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_WALK_CACHE);
	struct st *c = st_create(test, 0);

	st_expect(s, VA0, 0, "first walk");
	KUNIT_EXPECT_GE(test, st_stat(s, HW_STAT_WALK_CACHE_FILL), 2);
	me_set(s->l2, 2, me_table(me_pa(s->alt_l3)));
	st_tlbi_va(s, VA0, true, 0);
	st_expect(s, VA0, 0, "after Leaf=1: the cached L2[2] still walks");
	KUNIT_EXPECT_GE(test, st_stat(s, HW_STAT_WALK_CACHE_HIT), 1);
	st_tlbi_va(s, VA0, false, 0);
	st_expect(s, VA0, 3, "after Leaf=0: the new table");

	/* By ASID removes table descriptors too */
	me_set(s->l2, 2, me_table(me_pa(s->l3)));
	st_tlbi_va(s, VA0, true, 0);
	st_expect(s, VA0, 3, "Leaf=1 again: cached L2[2] to the alternate");
	st_tlbi_asid(s);
	st_expect(s, VA0, 0, "after TLBI_NH_ASID");

	/* The control: no walk cache, Leaf=1 is enough */
	st_expect(c, VA0, 0, "control: first walk");
	me_set(c->l2, 2, me_table(me_pa(c->alt_l3)));
	st_tlbi_va(c, VA0, true, 0);
	st_expect(c, VA0, 3, "control: after Leaf=1");
	KUNIT_EXPECT_EQ(test, st_stat(c, HW_STAT_WALK_CACHE_HIT), 0);
}

/*
 * TTL names the level of the leaf the TLBI is about: a level-3 page
 * here.  With Leaf=0 and TTL 3 the walk above it goes (L1[0], L2[2]);
 * with TTL 2 (a level-2 leaf) only the level-1 descriptor need go, and the
 * level-2 one stays; and a leaf of another level than TTL may stay.
 */
static void strict_walk_cache_ttl(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_WALK_CACHE);

	st_expect(s, VA0, 0, "first walk");
	me_set(s->l2, 2, me_table(me_pa(s->alt_l3)));

	/* TTL 2 claims a level-2 leaf: our level-3 leaf may stay */
	st_tlbi_va(s, VA0, true, 2);
	KUNIT_EXPECT_TRUE_MSG(test, st_cached(s, VA0),
			      "a level-3 leaf survives a TTL 2 TLBI");
	/* TTL 3, Leaf=1: the leaf goes, the walk stays */
	st_tlbi_va(s, VA0, true, 3);
	KUNIT_EXPECT_FALSE(test, st_cached(s, VA0));
	st_expect(s, VA0, 0, "Leaf=1 TTL 3: walk cache kept");
	/* Leaf=0, TTL 2: removes the level-1 entry, keeps level 2 */
	st_tlbi_va(s, VA0, true, 3);
	st_tlbi_va(s, VA0, false, 2);
	st_expect(s, VA0, 0, "Leaf=0 TTL 2: the level-2 entry stays");
	/* Leaf=0, TTL 3: every table descriptor above level 3 goes */
	st_tlbi_va(s, VA0, false, 3);
	st_expect(s, VA0, 3, "Leaf=0 TTL 3: the new table");
}

/* ---------------------------------------------------------------------- */
/* Speculation                                                            */
/* ---------------------------------------------------------------------- */

/*
 * A walk that succeeds also caches the next page, if it translates; an
 * invalid one is never cached; and once a TLBI (and the SYNC, which has
 * nothing to wait for here) removed an entry whose descriptor is now
 * invalid, no speculation brings it back, until it is valid again.
 */
static void strict_speculate(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_SPECULATE);
	unsigned int nr_ste, nr_cd;

	st_expect(s, VA0, 0, "first access");
	KUNIT_EXPECT_TRUE_MSG(test, st_cached(s, VA0 + SZ_4K),
			      "next page cached speculatively");
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_TLB_FILL), 1);
	st_expect(s, VA0 + 3 * SZ_4K, 3, "last valid page");
	KUNIT_EXPECT_FALSE_MSG(test, st_cached(s, VA_INVALID),
			       "an invalid translation is never cached");

	/* Unmap page 1, TLBI it and page 0: page 0's walk must not refill 1 */
	me_set(s->l3, 1, 0);
	st_tlbi_va(s, VA0 + SZ_4K, true, 0);
	st_tlbi_va(s, VA0, true, 0);
	st_expect(s, VA0, 0, "page 0 walked again");
	KUNIT_EXPECT_FALSE_MSG(test, st_cached(s, VA0 + SZ_4K),
			       "no refill of an invalidated, invalid entry");
	/* Valid again in memory: speculation may cache it again */
	me_set(s->l3, 1, st_page(me_pa(s->data[1])));
	st_tlbi_va(s, VA0, true, 0);
	st_expect(s, VA0, 0, "page 0 walked once more");
	KUNIT_EXPECT_TRUE(test, st_cached(s, VA0 + SZ_4K));

	/* STEs: the next StreamID's valid STE comes in with a miss */
	swsmmu_hw_cfgcache_count(s->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ_MSG(test, nr_ste, 2, "STE 1 and, speculatively, 2");
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_STE_FILL), 1);
	/* StreamID 5's STE fetch brings nothing: 6 is invalid */
	me_set(st_ste(s, SID_INVALID - 1), 0, st_ste_q0(me_pa(s->cd)));
	{
		struct swsmmu_txn txn = { .sid = SID_INVALID - 1 };
		u64 val;

		KUNIT_EXPECT_EQ(test, swsmmu_hw_access(s->hw, &txn, VA0, &val,
						       sizeof(val)), 0);
	}
	swsmmu_hw_cfgcache_count(s->hw, &nr_ste, &nr_cd);
	KUNIT_EXPECT_EQ_MSG(test, nr_ste, 3, "an invalid STE is never cached");
	st_expect_no_event(s, "speculation records nothing");
}

/* ---------------------------------------------------------------------- */
/* Torn reads                                                             */
/* ---------------------------------------------------------------------- */

/**
 * struct st_writer - a test-only "driver" rewriting an entry mid-fetch
 * @at: rewrite after the fetch's read number @at
 * @entry: the entry
 * @val: the new qwords
 * @mask: which qwords to write (one pass, in index order)
 * @done: the rewrite happened
 */
struct st_writer {
	unsigned int at;
	__le64 *entry;
	u64 val[4];
	unsigned int mask;
	bool done;
};

static void st_writer_hook(struct swsmmu_hw *hw, u64 pa, unsigned int i,
			   unsigned int n, void *priv)
{
	struct st_writer *w = priv;
	unsigned int k;

	if (n != w->at || w->done || pa != me_pa(w->entry))
		return;
	for (k = 0; k < 4; k++)
		if (w->mask & BIT(k))
			me_set(w->entry, k, w->val[k]);
	w->done = true;
}

static void st_order(struct st *s, u8 a, u8 b, u8 c, u8 d)
{
	s->hw->slog->order[0] = a;
	s->hw->slog->order[1] = b;
	s->hw->slog->order[2] = c;
	s->hw->slog->order[3] = d;
}

static void st_hook(struct st *s, struct st_writer *w)
{
	w->done = false;
	s->hw->slog->hook_priv = w;
	s->hw->slog->hook = st_writer_hook;
}

/*
 * An STE rewritten in one pass while the SMMU reads it: qword 0 (CD
 * pointer) as it was, qword 1 (S1DSS) as it became: a combination never
 * written, C_BAD_STE and a report.  Rewrites that change the used fields
 * of one qword only (the hitless way), or whose reader sees the new
 * qwords used with the new qword 0, are not reported.
 */
static void strict_torn_ste(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_TORN);
	struct hw_strict_report r[4];
	struct st_writer w = { .at = 0 };
	__le64 *ste = st_ste(s, SID);
	u64 old0 = me_get(ste, 0), new0, val, total;

	me_set(s->cd2, 1, me_pa(s->l1));
	me_set(s->cd2, 0, st_cd_q0(ASID));
	new0 = st_ste_q0(me_pa(s->cd2));
	w.entry = ste;
	w.val[0] = new0;
	w.val[1] = FIELD_PREP(STRTAB_STE_1_S1DSS, STRTAB_STE_1_S1DSS_BYPASS);
	w.val[3] = 0x1234000;	/* not used by a stage-1 STE */
	w.mask = 0xf;

	/* In order 0, 1, 2, 3 with the rewrite after qword 0: torn */
	st_order(s, 0, 1, 2, 3);
	st_hook(s, &w);
	KUNIT_EXPECT_EQ(test, st_rd(s, SID, VA0, &val), -EFAULT);
	KUNIT_EXPECT_TRUE(test, w.done);
	st_expect_event(s, "torn STE", (u64)SID << 32 | KA_C_BAD_STE, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_TORN_STE), 1);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_strict_reports(s->hw, r, 4, &total), 1);
	KUNIT_EXPECT_EQ(test, total, 1);
	KUNIT_EXPECT_EQ(test, r[0].seq, 1);
	KUNIT_EXPECT_EQ(test, r[0].kind, HW_STRICT_TORN_STE);
	KUNIT_EXPECT_EQ(test, r[0].sid, SID);
	KUNIT_EXPECT_EQ(test, r[0].addr, me_pa(ste));
	KUNIT_EXPECT_EQ(test, r[0].idx, 0);
	KUNIT_EXPECT_EQ(test, r[0].val[0], old0);
	KUNIT_EXPECT_EQ(test, r[0].val[1], new0);

	/* Reverse order: qwords 3..1 old, 0 new (means the new STE): fine */
	me_set(ste, 3, 0);
	me_set(ste, 1, 0);
	me_set(ste, 0, old0);
	st_order(s, 3, 2, 1, 0);
	st_hook(s, &w);
	st_expect(s, VA0, 0, "qword 3 read old: unused by the new STE");
	KUNIT_EXPECT_TRUE(test, w.done);

	/* Hitless: one qword's used fields per step (here S1DSS alone) */
	me_set(ste, 0, old0);
	me_set(ste, 1, 0);
	swsmmu_hw_cfgcache_destroy(s->hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_cfgcache_init(s->hw, 64, true), 0);
	w.mask = BIT(1);
	st_order(s, 0, 1, 2, 3);
	st_hook(s, &w);
	st_expect(s, VA0, 0, "one-qword step");
	KUNIT_EXPECT_TRUE(test, w.done);
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_TORN_STE), 1);
	st_expect_no_event(s, "hitless updates");

	/* Without strict torn, the same torn read goes unnoticed */
	s->hw->strict = 0;
	swsmmu_hw_cfgcache_destroy(s->hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_cfgcache_init(s->hw, 64, true), 0);
	me_set(ste, 0, old0);
	me_set(ste, 1, 0);
	w.mask = 0xf;
	st_hook(s, &w);
	st_expect(s, VA0, 0, "strict off");
	KUNIT_EXPECT_FALSE(test, w.done);
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_TORN_STE), 1);
}

/*
 * A CD rewritten in one pass under the reader: ASID (qword 0) old, TTB0
 * (qword 1) new: C_BAD_CD, a torn_cd report naming qword 0.
 */
static void strict_torn_cd(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_TORN);
	struct st_writer w = { .at = 0 };
	struct hw_strict_report r;
	u64 val, total, old0 = me_get(s->cd, 0);

	__le64 *l1b = st_alloc(s, SZ_4K);

	me_set(l1b, 0, me_table(me_pa(s->l2)));
	w.entry = s->cd;
	w.val[0] = st_cd_q0(ASID + 1);
	w.val[1] = me_pa(l1b);
	w.mask = BIT(0) | BIT(1);
	st_order(s, 0, 1, 2, 3);
	st_hook(s, &w);
	KUNIT_EXPECT_EQ(test, st_rd(s, SID, VA0, &val), -EFAULT);
	KUNIT_EXPECT_TRUE(test, w.done);
	st_expect_event(s, "torn CD", (u64)SID << 32 | KA_C_BAD_CD, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_TORN_CD), 1);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_strict_reports(s->hw, &r, 1, &total),
			1);
	KUNIT_EXPECT_EQ(test, r.kind, HW_STRICT_TORN_CD);
	KUNIT_EXPECT_EQ(test, r.addr, me_pa(s->cd));
	KUNIT_EXPECT_EQ(test, r.idx, 0);
	KUNIT_EXPECT_EQ(test, r.val[0], old0);
	KUNIT_EXPECT_EQ(test, r.val[1], st_cd_q0(ASID + 1));
	/* Now whole: the next fetch takes it */
	st_expect(s, VA0, 0, "the CD as written");
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_TORN_CD), 1);
}

/* ---------------------------------------------------------------------- */
/* Speculative CD fetches                                                 */
/* ---------------------------------------------------------------------- */

/*
 * CDs.  StreamID SID_PASID has a linear CD table of 4 CDs (S1CDMax 2),
 * and memory right after it holds a fifth, valid-looking CD that is not
 * the table's.  Every CD translates through a table whose data page is
 * named: page 0 (the usual tables) or page 3 (l1b: VA0 to data page 3).
 */
#define SID_PASID	3
#define NR_CDS		4

struct st_pasid {
	__le64 *table;
	__le64 *l1b, *l2b;
};

static __le64 *st_cd(struct st_pasid *sp, unsigned int ssid)
{
	return sp->table + ssid * CTXDESC_CD_DWORDS;
}

static void st_cd_set(struct st_pasid *sp, unsigned int ssid, u64 q0,
		      u64 ttb)
{
	me_set(st_cd(sp, ssid), 1, ttb);
	me_set(st_cd(sp, ssid), 0, q0);
}

static void st_pasid_init(struct st *s, struct st_pasid *sp)
{
	/* two tables' worth: CD 4 lies just past the table */
	sp->table = st_alloc(s, 2 * NR_CDS * CTXDESC_CD_SIZE);
	sp->l1b = st_alloc(s, SZ_4K);
	sp->l2b = st_alloc(s, SZ_4K);
	me_set(sp->l1b, 0, me_table(me_pa(sp->l2b)));
	me_set(sp->l2b, 2, me_table(me_pa(s->alt_l3)));
	st_cd_set(sp, 0, st_cd_q0(10), me_pa(s->l1));
	st_cd_set(sp, 1, st_cd_q0(11), me_pa(s->l1));
	/* CD 2 invalid */
	st_cd_set(sp, 3, st_cd_q0(13), me_pa(s->l1));
	st_cd_set(sp, 4, st_cd_q0(14), me_pa(s->l1));
	me_set(st_ste(s, SID_PASID), 0, st_ste_q0(me_pa(sp->table)) |
	       FIELD_PREP(STRTAB_STE_0_S1CDMAX, ilog2(NR_CDS)));
}

/* Read @va with SubstreamID @ssid: the data page's index, or -1 */
static int st_pasid_page(struct st *s, u32 ssid, u64 va)
{
	struct swsmmu_txn txn = {
		.sid = SID_PASID, .flags = SWSMMU_TXN_SSV, .ssid = ssid,
	};
	u64 val = 0;
	unsigned int i;

	if (swsmmu_hw_access(s->hw, &txn, va, &val, sizeof(val)))
		return -1;
	for (i = 0; i < NDATA; i++)
		if (val == st_tag(i))
			return i;
	return -1;
}

static void st_cfgi_cd(struct st *s, u32 ssid)
{
	struct hw_cfgi ci = {
		.op = HW_CFGI_CD, .sid = SID_PASID, .nr_sids = 1, .ssid = ssid,
	};

	hw_cfgcache_invalidate(s->hw, &ci);
}

static unsigned int st_nr_cd(struct st *s)
{
	unsigned int nr_ste, nr_cd;

	swsmmu_hw_cfgcache_count(s->hw, &nr_ste, &nr_cd);
	return nr_cd;
}

/*
 * A CD miss also brings in the next SubstreamID's CD of the same table,
 * if it is valid and well-formed: a change to it without CFGI_CD is then
 * not seen (page 0 where page 3 is now mapped), although no transaction
 * of that SubstreamID ran before the change (without speculation, the
 * control, page 3).  CFGI_CD removes it.  An invalid CD, an ill-formed
 * one, and one past S1CDMax are never cached, and nothing is recorded.
 */
static void strict_speculate_cd(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_SPECULATE);
	struct st *c = st_create(test, 0);
	struct st_pasid sp, cp;

	st_pasid_init(s, &sp);
	st_pasid_init(c, &cp);
	KUNIT_EXPECT_EQ(test, st_pasid_page(s, 0, VA0), 0);
	KUNIT_EXPECT_EQ(test, st_pasid_page(c, 0, VA0), 0);
	KUNIT_EXPECT_EQ_MSG(test, st_nr_cd(s), 2, "CD 0 and, speculatively, 1");
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_CD_FILL), 1);
	KUNIT_EXPECT_EQ(test, st_nr_cd(c), 1);
	KUNIT_EXPECT_EQ(test, st_stat(c, HW_STAT_SPEC_CD_FILL), 0);

	/* CD 1 now has another ASID and l1b, without CFGI_CD */
	st_cd_set(&sp, 1, st_cd_q0(21), me_pa(sp.l1b));
	st_cd_set(&cp, 1, st_cd_q0(21), me_pa(cp.l1b));
	KUNIT_EXPECT_EQ_MSG(test, st_pasid_page(s, 1, VA0), 0,
			    "the CD 1 cached speculatively, before the change");
	KUNIT_EXPECT_EQ_MSG(test, st_pasid_page(c, 1, VA0), 3,
			    "control: CD 1 first fetched after the change");
	st_cfgi_cd(s, 1);
	KUNIT_EXPECT_EQ_MSG(test, st_pasid_page(s, 1, VA0), 3,
			    "CFGI_CD removed the speculative CD 1");

	/* That miss of CD 1 looked at CD 2: invalid, not cached */
	KUNIT_EXPECT_EQ(test, st_nr_cd(s), 2);
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_CD_FILL), 1);
	/* V == 1 but AArch32 tables: C_BAD_CD for a transaction, so not cached */
	st_cd_set(&sp, 2, st_cd_q0(12) & ~CTXDESC_CD_0_AA64, me_pa(s->l1));
	st_cfgi_cd(s, 1);
	KUNIT_EXPECT_EQ(test, st_pasid_page(s, 1, VA0), 3);
	KUNIT_EXPECT_EQ_MSG(test, st_nr_cd(s), 2, "an ill-formed CD is never cached");
	/* CD 3 is the last: the CD after it is no CD of this table */
	KUNIT_EXPECT_EQ(test, st_pasid_page(s, 3, VA0), 0);
	KUNIT_EXPECT_EQ_MSG(test, st_nr_cd(s), 3, "nothing past S1CDMax");
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_CD_FILL), 1);
	st_expect_no_event(s, "speculative CD fetches record nothing");
}

/* Make the CFGI of @priv's StreamID's CD 1 during the fetch of CD 0 */
static void st_cfgi_hook(struct swsmmu_hw *hw, u64 pa, unsigned int i,
			 unsigned int n, void *priv)
{
	struct st_writer *w = priv;
	struct hw_cfgi ci = {
		.op = HW_CFGI_CD, .sid = SID_PASID, .nr_sids = 1, .ssid = 1,
	};

	if (n || w->done || pa != me_pa(w->entry))
		return;
	hw_cfgcache_invalidate(hw, &ci);
	w->done = true;
}

/*
 * A speculative CD fill never outlives a CFGI that its transaction piece
 * overlapped (the fetch may have read the CD before it); nor may it use
 * up a fault armed for the next transaction's fetch.
 */
static void strict_speculate_cd_cfgi(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_SPECULATE | HW_STRICT_TORN);
	struct st_writer w = { };
	struct st_pasid sp;

	st_pasid_init(s, &sp);
	w.entry = st_cd(&sp, 0);
	s->hw->slog->hook_priv = &w;
	s->hw->slog->hook = st_cfgi_hook;
	KUNIT_EXPECT_EQ(test, st_pasid_page(s, 0, VA0), 0);
	s->hw->slog->hook = NULL;
	KUNIT_EXPECT_TRUE(test, w.done);
	KUNIT_EXPECT_EQ_MSG(test, st_nr_cd(s), 0,
			    "no fill of a piece a CFGI overlapped");
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_CD_FILL), 0);
	/* The next piece may fill both */
	KUNIT_EXPECT_EQ(test, st_pasid_page(s, 0, VA0), 0);
	KUNIT_EXPECT_EQ(test, st_nr_cd(s), 2);
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_CD_FILL), 1);

#ifdef CONFIG_FAULT_INJECTION
	{
		struct fault_attr *attr = &s->hw->inject[HW_INJ_CD_FETCH];
		u32 prod;

		/*
		 * CD 2 valid, CD 1 gone: CD 1's miss speculates CD 2.  The
		 * fault is armed for the fetch after CD 1's (space 2: one
		 * skipped), which must be CD 3's, a transaction's.
		 */
		st_cd_set(&sp, 2, st_cd_q0(12), me_pa(s->l1));
		st_cfgi_cd(s, 1);
		attr->interval = 1;
		atomic_set(&attr->space, 2);
		atomic_set(&attr->times, 1);
		WRITE_ONCE(attr->probability, 100);
		KUNIT_EXPECT_EQ(test, st_pasid_page(s, 1, VA0), 0);
		KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_SPEC_CD_FILL), 2);
		KUNIT_EXPECT_EQ_MSG(test, st_pasid_page(s, 3, VA0), -1,
				    "the armed fault is CD 3's");
		WRITE_ONCE(attr->probability, 0);
		prod = swsmmu_hw_read32(s->hw, SMMU_EVTQ_PROD) &
		       GENMASK(EVTQ_LOG2, 0);
		KUNIT_ASSERT_EQ(test, prod, (s->cons + 1) & GENMASK(EVTQ_LOG2, 0));
		KUNIT_EXPECT_EQ(test, me_get(s->evtq, 0) & 0xff, KA_F_CD_FETCH);
	}
#endif
}

/* ---------------------------------------------------------------------- */
/* TLB conflicts                                                          */
/* ---------------------------------------------------------------------- */

static void st_free_pages(void *p)
{
	__free_pages(p, 1);
}

/*
 * A page is cached from a level-3 table; the driver replaces the table by
 * a 2MB block without break-before-make or TLBI; an access elsewhere in
 * the block caches the block; the page's address now matches both:
 * F_TLB_CONFLICT (StreamID, RnW, InputAddr), a tlb_conflict report with
 * both entries, and after a TLBI the block alone.
 */
static void strict_tlb_conflict(struct kunit *test)
{
	struct st *s = st_create(test, HW_STRICT_CONFLICT);
	struct page *pg = alloc_pages(GFP_KERNEL, 1);
	struct hw_strict_report r;
	u64 pa, off, va_a, va_b, val, total;
	u64 *a, *b;

	KUNIT_ASSERT_NOT_NULL(test, pg);
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, st_free_pages, pg), 0);
	a = page_address(pg);
	b = a + PAGE_SIZE / sizeof(u64);
	a[0] = 0xaaaa;
	b[0] = 0xbbbb;
	pa = page_to_phys(pg);
	off = pa & (SZ_2M - 1);
	va_a = VA0 + off;
	va_b = va_a + SZ_4K;

	me_set(s->l3, off >> 12, st_page(pa));
	KUNIT_EXPECT_EQ(test, st_rd(s, SID, va_a, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0xaaaa);
	me_set(s->l2, 2, st_block(pa - off));
	KUNIT_EXPECT_EQ(test, st_rd(s, SID, va_b, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0xbbbb);

	KUNIT_EXPECT_EQ(test, st_rd(s, SID, va_a, &val), -EFAULT);
	st_expect_event(s, "F_TLB_CONFLICT",
			(u64)SID << 32 | KA_F_TLB_CONFLICT, KA_RNW, va_a, 0);
	KUNIT_EXPECT_EQ(test, st_stat(s, HW_STAT_TLB_CONFLICT), 1);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_strict_reports(s->hw, &r, 1, &total),
			1);
	KUNIT_EXPECT_EQ(test, r.kind, HW_STRICT_TLB_CONFLICT);
	KUNIT_EXPECT_EQ(test, r.sid, SID);
	KUNIT_EXPECT_EQ(test, r.addr, va_a);
	KUNIT_EXPECT_EQ(test, r.shift[0] + r.shift[1], 12 + 21);
	KUNIT_EXPECT_EQ(test, r.val[0] + r.val[1], pa + (pa - off));

	st_tlbi_asid(s);
	KUNIT_EXPECT_EQ(test, st_rd(s, SID, va_a, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0xaaaa);
	st_expect_no_event(s, "after the TLBI");

	/* Without strict conflict: no fault (either entry may be used) */
	s->hw->strict = 0;
	me_set(s->l2, 2, me_table(me_pa(s->l3)));
	KUNIT_EXPECT_EQ(test, st_rd(s, SID, va_a, &val), 0);
	st_expect_no_event(s, "strict off");
}

/* ---------------------------------------------------------------------- */
/* strict= parsing                                                        */
/* ---------------------------------------------------------------------- */

static void strict_param(struct kunit *test)
{
	static const char * const names[] = {
		"walk_cache", "speculate", "torn", "conflict",
	};
	unsigned int v = 0x55;
	struct kernel_param kp = { .name = "strict", .arg = &v };
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, swsmmu_param_set_flags("all", &kp, names, 4), 0);
	KUNIT_EXPECT_EQ(test, v, 0xf);
	KUNIT_EXPECT_EQ(test, swsmmu_param_set_flags("none", &kp, names, 4), 0);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_EXPECT_EQ(test, swsmmu_param_set_flags("torn,conflict\n", &kp,
						     names, 4), 0);
	KUNIT_EXPECT_EQ(test, v, 0xc);
	KUNIT_EXPECT_GT(test, swsmmu_param_get_flags(buf, &kp, names, 4), 0);
	KUNIT_EXPECT_STREQ(test, buf, "torn,conflict\n");
	KUNIT_EXPECT_EQ(test, swsmmu_param_set_flags("walk_cache", &kp, names,
						     4), 0);
	KUNIT_EXPECT_EQ(test, v, 1);
	/* Bad values: -EINVAL, the value unchanged */
	KUNIT_EXPECT_EQ(test, swsmmu_param_set_flags("tron", &kp, names, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, swsmmu_param_set_flags("torn,", &kp, names, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, swsmmu_param_set_flags("all,torn", &kp, names,
						     4), -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 1);
}

static struct kunit_case swsmmu_strict_cases[] = {
	KUNIT_CASE(strict_walk_cache_leaf),
	KUNIT_CASE(strict_walk_cache_ttl),
	KUNIT_CASE(strict_speculate),
	KUNIT_CASE(strict_speculate_cd),
	KUNIT_CASE(strict_speculate_cd_cfgi),
	KUNIT_CASE(strict_torn_ste),
	KUNIT_CASE(strict_torn_cd),
	KUNIT_CASE(strict_tlb_conflict),
	KUNIT_CASE(strict_param),
	{}
};

static struct kunit_suite swsmmu_strict_suite = {
	.name = "swsmmu_strict",
	.test_cases = swsmmu_strict_cases,
};

kunit_test_suite(swsmmu_strict_suite);
