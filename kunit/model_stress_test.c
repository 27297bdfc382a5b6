// SPDX-License-Identifier: GPL-2.0
/*
 * Stress test of the CMD_SYNC guarantee (drivers/model/sync.c): once a
 * CMD_SYNC that follows a TLBI or CFGI has completed, no device access
 * that used the old translation or configuration is still in progress, and
 * no later access can use it.
 *
 * One software SMMU per case, programmed by hand as in model_tlb_test.c:
 * one stream (StreamID 1) whose MS_NR_SLOTS slots (input addresses one
 * granule apart) are mapped to pages of a pool.  Accessor threads read and
 * write the slots through swsmmu_hw_access() while remapper threads, for
 * swsmmu_stress_seconds, retarget slots to other pages, unmap and map them
 * again, and switch the whole stream to another set of tables through its
 * STE or CD.  Every change is made with single 64-bit stores into the live
 * tables, followed by the TLBI or CFGI it needs and a CMD_SYNC; only after
 * the CMD_SYNC has completed is the page that left the translation "killed":
 * filled with MS_DEAD and put at the tail of the pool, from which pages are
 * reused oldest first.
 *
 * A page in use holds MS_LIVE(slot, generation) in every word.  Each slot
 * has a sequence count, odd while a change is in progress and even when it
 * is done (after its CMD_SYNC); a page mapped by a change is stamped with
 * the count that change ends with.  An accessor loads the count before its
 * access and again after it, and checks:
 *  - a read returns only MS_LIVE words of its own slot, of a generation at
 *    least the (even part of the) count it loaded first: MS_DEAD means it
 *    read a page after the CMD_SYNC that unmapped it had completed, an older
 *    generation that a translation invalidated earlier was used, another
 *    slot's tag that a stale translation reached a reused page;
 *  - an access made while the slot was stably unmapped must fault, one
 *    made while it was stably mapped must succeed.
 * Reads use the first half of each page, writes the second half: a device
 * write into a page after it was killed is found when the pool hands the
 * page out again (every word must still be MS_DEAD) or when the case ends.
 *
 * Configurations: stage 1 and stage 2 with the 4KB and 64KB granules, and
 * nested (stage 1 over stage 2, 4KB), where slots are retargeted at either
 * stage: at stage 1 with TLBI_NH_*, at stage 2 with TLBI_S2_IPA followed by
 * TLBI_NH_ALL, or TLBI_S12_VMALL.  Table switches are CFGI_STE after an STE
 * change, CFGI_CD (+ TLBI_NH_ASID) after a CD change, and CFGI_STE +
 * TLBI_S12_VMALL for a new stage-2 table base.
 *
 * The checks do not depend on timing: a correct model passes however the
 * threads interleave, and the case fails on the first stale access seen.
 * Documentation/model.rst gives the long-run command and its results.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/sched/task.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stdarg.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"
#include "model_env.h"
#include "stress.h"

#define MS_CMDQ_LOG2	8
#define MS_EVTQ_LOG2	6
#define MS_ST_LOG2	2	/* 4 STEs; StreamID 1 is used */
#define MS_SID		1
#define MS_VMID		1
#define MS_NR_SLOTS	16
#define MS_NR_PAGES	(4 * MS_NR_SLOTS)
#define MS_ACCESSORS	3
#define MS_REMAPPERS	2
#define MS_SWITCH_ONE_IN	32	/* remapper steps that switch tables */
#define MS_BATCH	4	/* commands before the CMD_SYNC */

/* Tags: [63:56] kind, [55:40] slot or thread, [39:0] generation or count */
#define MS_TAG_KIND	GENMASK_ULL(63, 56)
#define MS_TAG_ID	GENMASK_ULL(55, 40)
#define MS_TAG_GEN	GENMASK_ULL(39, 0)
#define MS_KIND_LIVE	0xa1
#define MS_KIND_WRITE	0xb2
#define MS_DEAD		0xdeaddeaddeaddeadULL

static u64 ms_live(unsigned int slot, unsigned long gen)
{
	return FIELD_PREP(MS_TAG_KIND, MS_KIND_LIVE) |
	       FIELD_PREP(MS_TAG_ID, slot) | FIELD_PREP(MS_TAG_GEN, gen);
}

/* Nested: the IPAs of the slots start at 256GB, above the identity map */
#define MS_IPA_TOP_IDX	256

enum ms_kind { MS_S1, MS_S2, MS_NEST };

/**
 * struct ms_config - one configuration under test
 * @name: its description, the case's parameter name
 * @kind: stage 1, stage 2, or nested
 * @shift: log2 of the granule (both stages when nested)
 */
struct ms_config {
	const char *name;
	enum ms_kind kind;
	unsigned int shift;
};

static const struct ms_config ms_configs[] = {
	{ "stage 1, 4K granule", MS_S1, 12 },
	{ "stage 1, 64K granule", MS_S1, 16 },
	{ "stage 2, 4K granule", MS_S2, 12 },
	{ "stage 2, 64K granule", MS_S2, 16 },
	{ "nested, 4K granule", MS_NEST, 12 },
};

KUNIT_ARRAY_PARAM_DESC(ms_configs, ms_configs, name);

/*
 * Geometry.  4KB: T0SZ 25 (39 bits) from level 1, L1 [38:30] -> L2
 * [29:21] -> L3 [20:12]; the slots are L1[1] L2[0] L3[i], from 1GB.
 * 64KB: T0SZ 22 (42 bits) from level 2, L2 [41:29] (8192 entries, 64KB)
 * -> L3 [28:16]; the slots are L2[1] L3[i], from 512MB.  Every table is
 * one granule.  Leaves are always level-3 pages.
 */
static bool ms_has_mid(unsigned int shift)
{
	return shift == 12;
}

static unsigned int ms_top_shift(unsigned int shift)
{
	return shift + (shift - 3) * (ms_has_mid(shift) ? 2 : 1);
}

static unsigned int ms_t0sz(unsigned int shift)
{
	return shift == 12 ? 25 : 22;
}

/* CD.TG0 and STE.S2TG share this encoding */
static unsigned int ms_tg0(unsigned int shift)
{
	return shift == 12 ? SWSMMU_TCR_TG0_4K : SWSMMU_TCR_TG0_64K;
}

static unsigned int ms_sl0(unsigned int shift)
{
	return shift == 12 ? STRTAB_STE_2_S2SL0_4K_L1 :
			     STRTAB_STE_2_S2SL0_16K_64K_L2;
}

static unsigned int ms_tlbi_tg(unsigned int shift)
{
	return shift == 12 ? CMDQ_TLBI_TG_4K : CMDQ_TLBI_TG_64K;
}

/* One set of translation tables: top -> (mid ->) leaf */
struct ms_tree {
	__le64 *top, *mid, *leaf;
};

/**
 * struct ms_page - a page of the pool
 * @va: its kernel address, one granule, naturally aligned
 * @pa: its physical address
 * @node: in &ms.pool while dead, under &ms.pool_lock
 */
struct ms_page {
	u64 *va;
	u64 pa;
	struct list_head node;
};

/**
 * struct ms_slot - one input address and what it maps
 * @lock: serialises the changes of this slot (taken with &ms.cfg_lock read)
 * @seq: odd while a change is in progress; written under @lock, or with
 *       &ms.cfg_lock held for write; read locklessly by the accessors
 * @mapped: the slot translates; written before @seq becomes even
 * @page: the page it maps, if any; under @lock (or cfg_lock write)
 * @ipa: nested: which of the slot's two IPAs stage 1 points at; likewise
 */
struct ms_slot {
	/* see the comment above: @seq, @mapped, @page, @ipa */
	struct mutex lock;
	unsigned long seq;
	bool mapped;
	struct ms_page *page;
	unsigned int ipa;
};

/**
 * struct ms_thread - an accessor or remapper thread and what it counted
 * @ms: the environment
 * @task: the thread, until stopped
 * @id: its number
 * @buf: accessor's buffer (half a granule)
 * @reads: accessor: reads that succeeded
 * @writes: accessor: writes that succeeded
 * @faults: accessor: accesses that faulted while the slot was, or was
 *          becoming, unmapped
 * @rounds: remapper: slot changes completed (each that takes a page out of
 *          a translation ends with its TLBI and a CMD_SYNC)
 * @switches: remapper: table switches completed
 *
 * The counters are written only by the thread and read after it stopped.
 */
struct ms_thread {
	struct ms *ms;
	struct task_struct *task;
	unsigned int id;
	u64 *buf;
	u64 reads, writes, faults;
	u64 rounds, switches;
};

/**
 * struct ms - the environment of one case
 * @test: the case
 * @cfg: its configuration
 * @hw: the software SMMU
 * @cmdq: command queue memory
 * @evtq: event queue memory (no event is expected: faults are silent)
 * @st: stream table
 * @cd: two CDs (ASIDs 1 and 2), stage 1 and nested
 * @s1: two stage-1 trees (stage 1 and nested), or two stage-2 trees
 *      (stage 2)
 * @s2: nested: the stage-2 tree (identity below 256GB, the slots' IPAs
 *      above)
 * @pages: the pool's pages
 * @cmdq_lock: serialises command submission; protects @prod
 * @prod: the command queue's producer index
 * @cfg_lock: slot changes hold it for read, table switches for write
 * @ste_cd: which CD the STE points at; under @cfg_lock
 * @cd_tree: which tree each CD's TTB0 points at; under @cfg_lock
 * @s2_tree: stage 2: which tree STE.S2TTB points at; under @cfg_lock
 * @slot: the slots
 * @pool_lock: protects @pool
 * @pool: dead pages, oldest first
 * @th: the threads
 * @stale: accesses that used a translation or configuration they could not
 *         use any more (the failure this suite is about)
 * @late_writes: killed pages found written
 * @spurious: accesses that faulted while their slot was stably mapped
 * @errors: commands that failed, accesses that returned -EIO
 * @bad_lock: protects @bad
 * @bad: the first stale access or late write, described
 */
struct ms {
	struct kunit *test;
	const struct ms_config *cfg;
	struct swsmmu_hw *hw;
	__le64 *cmdq, *evtq, *st;
	__le64 *cd[2];
	struct ms_tree s1[2];
	struct ms_tree s2;
	struct ms_page pages[MS_NR_PAGES];

	/* serialises submission; protects @prod */
	struct mutex cmdq_lock;
	u32 prod;

	/* slot changes: read; switches: write; protects the next three */
	struct rw_semaphore cfg_lock;
	unsigned int ste_cd;
	unsigned int cd_tree[2];
	unsigned int s2_tree;

	struct ms_slot slot[MS_NR_SLOTS];

	/* protects @pool */
	spinlock_t pool_lock;
	struct list_head pool;

	struct ms_thread th[MS_ACCESSORS + MS_REMAPPERS];
	atomic64_t stale, late_writes, spurious, errors;

	/* protects @bad */
	spinlock_t bad_lock;
	char bad[160];
};

static const struct swsmmu_hw_features ms_features = {
	.sid_bits = 8, .oas = PA_SIZE_48,
	.cmdq_bits = MS_CMDQ_LOG2, .evtq_bits = MS_EVTQ_LOG2,
	.s1 = true, .s2 = true,
	.gran4k = true, .gran64k = true,
	.asid16 = true, .vmid16 = true, .ril = true,
};

static u16 ms_asid(unsigned int cd)
{
	return cd + 1;
}

static size_t ms_gran(const struct ms *ms)
{
	return BIT(ms->cfg->shift);
}

static unsigned int ms_words(const struct ms *ms)
{
	return ms_gran(ms) / sizeof(u64);
}

/* Count a failure; describe the first one of the case */
static __printf(3, 4) void ms_bad(struct ms *ms, atomic64_t *count,
				  const char *fmt, ...)
{
	va_list args;

	atomic64_inc(count);
	spin_lock(&ms->bad_lock);
	if (!ms->bad[0]) {
		va_start(args, fmt);
		vscnprintf(ms->bad, sizeof(ms->bad), fmt, args);
		va_end(args);
	}
	spin_unlock(&ms->bad_lock);
}

/* ---------------------------------------------------------------------- */
/* Descriptors and tables                                                 */
/* ---------------------------------------------------------------------- */

/* A level-3 page (or, with @block, a level-1 4KB-granule block) */
static u64 ms_leaf(bool s2, u64 pa, bool block)
{
	u64 d = pa | SWSMMU_PTE_AF | SWSMMU_PTE_VALID;

	if (!block)
		d |= SWSMMU_PTE_TYPE;
	if (s2)
		return d | FIELD_PREP(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_READ |
				      SWSMMU_PTE_S2_AP_WRITE) |
		       FIELD_PREP(SWSMMU_PTE_S2_MEMATTR, SWSMMU_PTE_S2_MEMATTR_NORMAL_WB);
	return d | FIELD_PREP(SWSMMU_PTE_S1_AP, SWSMMU_PTE_S1_AP_UNPRIV) | SWSMMU_PTE_S1_NG;
}

static void ms_tree_alloc(struct ms *ms, struct ms_tree *t,
			  unsigned int top_idx)
{
	size_t g = ms_gran(ms);

	t->top = me_alloc(ms->test, g);
	t->leaf = me_alloc(ms->test, g);
	if (ms_has_mid(ms->cfg->shift)) {
		t->mid = me_alloc(ms->test, g);
		me_set(t->top, top_idx, me_table(me_pa(t->mid)));
		me_set(t->mid, 0, me_table(me_pa(t->leaf)));
	} else {
		me_set(t->top, top_idx, me_table(me_pa(t->leaf)));
	}
}

/* The input address of a slot (a VA, or an IPA at stage 2 alone) */
static u64 ms_slot_addr(const struct ms *ms, unsigned int s)
{
	return BIT_ULL(ms_top_shift(ms->cfg->shift)) +
	       ((u64)s << ms->cfg->shift);
}

/* Nested: IPA @j (0 or 1) of slot @s, and its index in the stage-2 leaf */
static unsigned int ms_ipa_idx(unsigned int s, unsigned int j)
{
	return 2 * s + j;
}

static u64 ms_ipa(unsigned int s, unsigned int j)
{
	return BIT_ULL(30) * MS_IPA_TOP_IDX + ((u64)ms_ipa_idx(s, j) << 12);
}

/* ---------------------------------------------------------------------- */
/* Stream table, CDs, commands                                            */
/* ---------------------------------------------------------------------- */

static u64 ms_ste_q0(const struct ms *ms)
{
	unsigned int config;

	switch (ms->cfg->kind) {
	case MS_S1:
		config = STRTAB_STE_0_CFG_S1_TRANS;
		break;
	case MS_S2:
		return STRTAB_STE_0_V |
		       FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_S2_TRANS);
	default:
		config = STRTAB_STE_0_CFG_NESTED;
		break;
	}
	return STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, config) |
	       (me_pa(ms->cd[ms->ste_cd]) & STRTAB_STE_0_S1CTXPTR);
}

static u64 ms_ste_q2(const struct ms *ms)
{
	unsigned int shift = ms->cfg->shift;

	if (ms->cfg->kind == MS_S1)
		return FIELD_PREP(STRTAB_STE_2_S2VMID, MS_VMID);
	return STRTAB_STE_2_S2AA64 |
	       FIELD_PREP(STRTAB_STE_2_S2VMID, MS_VMID) |
	       FIELD_PREP(STRTAB_STE_2_S2TG, ms_tg0(shift)) |
	       FIELD_PREP(STRTAB_STE_2_S2T0SZ, ms_t0sz(shift)) |
	       FIELD_PREP(STRTAB_STE_2_S2SL0, ms_sl0(shift)) |
	       FIELD_PREP(STRTAB_STE_2_S2PS, PA_SIZE_48);
}

static u64 ms_ste_q3(const struct ms *ms)
{
	switch (ms->cfg->kind) {
	case MS_S1:
		return 0;
	case MS_S2:
		return me_pa(ms->s1[ms->s2_tree].top) & STRTAB_STE_3_S2TTB;
	default:
		return me_pa(ms->s2.top) & STRTAB_STE_3_S2TTB;
	}
}

/* CD: TTB0 only, A = 1 (abort), R = 0 (silent): faults leave no event */
static u64 ms_cd_q0(const struct ms *ms, unsigned int cd)
{
	unsigned int shift = ms->cfg->shift;

	return CTXDESC_CD_0_V | CTXDESC_CD_0_AA64 | CTXDESC_CD_0_A |
	       CTXDESC_CD_0_TCR_EPD1 |
	       FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, ms_t0sz(shift)) |
	       FIELD_PREP(CTXDESC_CD_0_TCR_TG0, ms_tg0(shift)) |
	       FIELD_PREP(CTXDESC_CD_0_TCR_IPS, PA_SIZE_48) |
	       FIELD_PREP(CTXDESC_CD_0_ASID, ms_asid(cd));
}

static u64 ms_cd_q1(const struct ms *ms, unsigned int tree)
{
	return me_pa(ms->s1[tree].top) & CTXDESC_CD_1_TTB0;
}

/**
 * struct ms_batch - commands to issue, followed by a CMD_SYNC
 * @c: the commands' two qwords
 * @n: how many
 */
struct ms_batch {
	u64 c[MS_BATCH][2];
	unsigned int n;
};

static void ms_add(struct ms_batch *b, u64 c0, u64 c1)
{
	if (WARN_ON_ONCE(b->n == MS_BATCH))
		return;
	b->c[b->n][0] = c0;
	b->c[b->n][1] = c1;
	b->n++;
}

static void ms_put_cmd(struct ms *ms, u64 c0, u64 c1)
{
	u32 idx = ms->prod & (BIT(MS_CMDQ_LOG2) - 1);

	lockdep_assert_held(&ms->cmdq_lock);
	WRITE_ONCE(ms->cmdq[2 * idx], cpu_to_le64(c0));
	WRITE_ONCE(ms->cmdq[2 * idx + 1], cpu_to_le64(c1));
	ms->prod = (ms->prod + 1) & GENMASK(MS_CMDQ_LOG2, 0);
}

/*
 * Issue @b and a CMD_SYNC, and return once the CMD_SYNC has completed (the
 * model consumes the queue in the CMDQ_PROD write: CONS == PROD afterwards,
 * unless a command failed).  @b is emptied.
 */
static void ms_submit(struct ms *ms, struct ms_batch *b)
{
	unsigned int i;

	mutex_lock(&ms->cmdq_lock);
	for (i = 0; i < b->n; i++)
		ms_put_cmd(ms, b->c[i][0], b->c[i][1]);
	ms_put_cmd(ms, FIELD_PREP(CMDQ_0_OP, CMDQ_OP_SYNC), 0);
	swsmmu_hw_write32(ms->hw, SMMU_CMDQ_PROD, ms->prod);
	if (swsmmu_hw_read32(ms->hw, SMMU_CMDQ_CONS) != ms->prod)
		ms_bad(ms, &ms->errors, "command error: CONS %#x, PROD %#x",
		       swsmmu_hw_read32(ms->hw, SMMU_CMDQ_CONS), ms->prod);
	mutex_unlock(&ms->cmdq_lock);
	b->n = 0;
}

static u64 ms_tlbi0(u8 op, u16 asid)
{
	return FIELD_PREP(CMDQ_0_OP, op) |
	       FIELD_PREP(CMDQ_TLBI_0_VMID, MS_VMID) |
	       FIELD_PREP(CMDQ_TLBI_0_ASID, asid);
}

/* TLBI by address: one page, either as a leaf VA or as a one-page range */
static void ms_add_tlbi_addr(struct ms *ms, struct ms_batch *b, u8 op,
			     u16 asid, u64 addr)
{
	u64 c1 = addr | CMDQ_TLBI_1_LEAF;

	/* NUM = SCALE = 0 with TG: one granule, TTL 3: a level-3 leaf */
	if (get_random_u32_below(2))
		c1 |= FIELD_PREP(CMDQ_TLBI_1_TG, ms_tlbi_tg(ms->cfg->shift)) |
		      FIELD_PREP(CMDQ_TLBI_1_TTL, 3);
	ms_add(b, ms_tlbi0(op, asid), c1);
}

/* What a stage-1 change of @addr needs (active ASID @asid) */
static void ms_add_tlbi_s1(struct ms *ms, struct ms_batch *b, u16 asid,
			   u64 addr)
{
	switch (get_random_u32_below(8)) {
	case 0 ... 3:
		ms_add_tlbi_addr(ms, b, CMDQ_OP_TLBI_NH_VA, asid, addr);
		break;
	case 4:
		ms_add_tlbi_addr(ms, b, CMDQ_OP_TLBI_NH_VAA, 0, addr);
		break;
	case 5:
	case 6:
		ms_add(b, ms_tlbi0(CMDQ_OP_TLBI_NH_ASID, asid), 0);
		break;
	default:
		ms_add(b, ms_tlbi0(CMDQ_OP_TLBI_NH_ALL, 0), 0);
		break;
	}
}

/*
 * What a stage-2 change of @ipa needs: TLBI_S2_IPA, and when nested also
 * the combined entries (TLBI_NH_ALL after it); or TLBI_S12_VMALL.
 */
static void ms_add_tlbi_s2(struct ms *ms, struct ms_batch *b, u64 ipa)
{
	if (get_random_u32_below(4)) {
		ms_add_tlbi_addr(ms, b, CMDQ_OP_TLBI_S2_IPA, 0, ipa);
		if (ms->cfg->kind == MS_NEST)
			ms_add(b, ms_tlbi0(CMDQ_OP_TLBI_NH_ALL, 0), 0);
	} else {
		ms_add(b, ms_tlbi0(CMDQ_OP_TLBI_S12_VMALL, 0), 0);
	}
}

/* What an STE change needs: CFGI_STE, CFGI_STE_RANGE or CFGI_ALL */
static void ms_add_cfgi_ste(struct ms_batch *b)
{
	u64 c0 = FIELD_PREP(CMDQ_CFGI_0_SID, MS_SID);

	switch (get_random_u32_below(4)) {
	case 0 ... 1:
		ms_add(b, c0 | FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_STE),
		       CMDQ_CFGI_1_LEAF);
		break;
	case 2:
		/* 2^(Range + 1) StreamIDs: 0 to 3 */
		ms_add(b, FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_STE_RANGE),
		       FIELD_PREP(CMDQ_CFGI_1_RANGE, 1));
		break;
	default:
		ms_add(b, FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_STE_RANGE),
		       FIELD_PREP(CMDQ_CFGI_1_RANGE, CMDQ_CFGI_1_RANGE_ALL));
		break;
	}
}

/* What a CD change needs: CFGI_CD or CFGI_CD_ALL */
static void ms_add_cfgi_cd(struct ms_batch *b)
{
	u64 c0 = FIELD_PREP(CMDQ_CFGI_0_SID, MS_SID);

	if (get_random_u32_below(2))
		ms_add(b, c0 | FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_CD),
		       CMDQ_CFGI_1_LEAF);
	else
		ms_add(b, c0 | FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_CD_ALL), 0);
}

/* ---------------------------------------------------------------------- */
/* Pages                                                                  */
/* ---------------------------------------------------------------------- */

static void ms_fill(struct ms *ms, struct ms_page *pg, u64 val)
{
	unsigned int i;

	for (i = 0; i < ms_words(ms); i++)
		WRITE_ONCE(pg->va[i], val);
}

/* A page that nothing has written since it was killed, or 0 */
static unsigned int ms_dead_check(struct ms *ms, struct ms_page *pg)
{
	unsigned int i, bad = 0;
	u64 v;

	for (i = 0; i < ms_words(ms); i++) {
		v = READ_ONCE(pg->va[i]);
		if (v != MS_DEAD && !bad++)
			ms_bad(ms, &ms->late_writes,
			       "device write into a killed page: pa %#llx word %u: %#llx",
			       pg->pa, i, v);
	}
	return bad;
}

/*
 * The oldest dead page, checked, stamped for slot @s with generation @gen,
 * and published: its words are visible before any descriptor that points
 * at it.
 */
static struct ms_page *ms_page_get(struct ms *ms, unsigned int s,
				   unsigned long gen)
{
	struct ms_page *pg;

	spin_lock(&ms->pool_lock);
	pg = list_first_entry_or_null(&ms->pool, struct ms_page, node);
	if (pg)
		list_del(&pg->node);
	spin_unlock(&ms->pool_lock);
	if (WARN_ON_ONCE(!pg))
		return NULL;
	ms_dead_check(ms, pg);
	ms_fill(ms, pg, ms_live(s, gen));
	smp_wmb();	/* the tags before the descriptor */
	return pg;
}

/*
 * After the CMD_SYNC that took @pg out of every translation.  The read
 * half is killed first and downwards: a copy still running in it (which
 * goes upwards) meets the dead words instead of staying ahead of them.
 */
static void ms_page_kill(struct ms *ms, struct ms_page *pg)
{
	unsigned int i;

	for (i = ms_words(ms) / 2; i-- > 0; )
		WRITE_ONCE(pg->va[i], MS_DEAD);
	for (i = ms_words(ms); i-- > ms_words(ms) / 2; )
		WRITE_ONCE(pg->va[i], MS_DEAD);
	spin_lock(&ms->pool_lock);
	list_add_tail(&pg->node, &ms->pool);
	spin_unlock(&ms->pool_lock);
}

/* ---------------------------------------------------------------------- */
/* Slot changes                                                           */
/* ---------------------------------------------------------------------- */

/* A change of slot @s begins: the odd count before any descriptor store */
static void ms_seq_begin(struct ms_slot *sl)
{
	WRITE_ONCE(sl->seq, sl->seq + 1);
	/* pairs with the accessor's smp_rmb() after its access */
	smp_wmb();
}

/* ... and ends, after its CMD_SYNC */
static void ms_seq_end(struct ms_slot *sl, bool mapped)
{
	WRITE_ONCE(sl->mapped, mapped);
	/* @mapped and the CMD_SYNC before: pairs with the accessor's acquire */
	smp_store_release(&sl->seq, sl->seq + 1);
}

/* Nested: IPA @idx of the stage-2 leaf table to @pg (NULL: unmapped) */
static void ms_set_ipa(struct ms *ms, unsigned int idx, struct ms_page *pg)
{
	me_set(ms->s2.leaf, idx, pg ? ms_leaf(true, pg->pa, false) : 0);
	/* the stage-2 entry before any stage-1 leaf that leads to it */
	smp_wmb();
}

/* The active tree: stage 1 (its ASID is the STE's CD's) or stage 2 alone */
static struct ms_tree *ms_active(struct ms *ms)
{
	if (ms->cfg->kind == MS_S2)
		return &ms->s1[ms->s2_tree];
	return &ms->s1[ms->cd_tree[ms->ste_cd]];
}

/* Stage 1 or stage 2 alone: map, retarget or unmap slot @s */
static void ms_change_1stage(struct ms *ms, struct ms_thread *t,
			     unsigned int s)
{
	bool s2 = ms->cfg->kind == MS_S2;
	struct ms_slot *sl = &ms->slot[s];
	struct ms_page *old = sl->page, *pg = NULL;
	struct ms_tree *tr = ms_active(ms);
	u64 addr = ms_slot_addr(ms, s);
	struct ms_batch b = {};

	/* an unmapped slot is mapped again; a mapped one retargeted (3/4) */
	if (!old || get_random_u32_below(4)) {
		pg = ms_page_get(ms, s, sl->seq + 2);
		if (!pg)
			return;
	}
	ms_seq_begin(sl);
	me_set(tr->leaf, s, pg ? ms_leaf(s2, pg->pa, false) : 0);
	/* invalid to valid needs no invalidation: faults are not cached */
	if (old) {
		if (s2)
			ms_add_tlbi_s2(ms, &b, addr);
		else
			ms_add_tlbi_s1(ms, &b, ms_asid(ms->ste_cd), addr);
		ms_submit(ms, &b);
	}
	sl->page = pg;
	ms_seq_end(sl, pg);
	if (old)
		ms_page_kill(ms, old);
	t->rounds++;
}

/*
 * Nested: the slot's VA -> IPA j (stage 1, active tree) -> page (stage 2);
 * its other IPA is unmapped.  Retarget at stage 1 (to the other IPA, mapped
 * to a new page), at stage 2 (IPA j to a new page), unmap at either stage,
 * or map.
 */
static void ms_change_nested(struct ms *ms, struct ms_thread *t,
			     unsigned int s)
{
	struct ms_slot *sl = &ms->slot[s];
	struct ms_page *old = sl->page, *pg = NULL;
	struct ms_tree *tr = ms_active(ms);
	u16 asid = ms_asid(ms->ste_cd);
	u64 va = ms_slot_addr(ms, s);
	unsigned int j = sl->ipa, op;
	struct ms_batch b = {};

	op = old ? get_random_u32_below(8) : 8;
	if (op < 6 || op == 8) {
		pg = ms_page_get(ms, s, sl->seq + 2);
		if (!pg)
			return;
	}
	ms_seq_begin(sl);
	switch (op) {
	case 0 ... 2:	/* stage 1: VA to the other IPA */
		ms_set_ipa(ms, ms_ipa_idx(s, !j), pg);
		me_set(tr->leaf, s, ms_leaf(false, ms_ipa(s, !j), false));
		ms_add_tlbi_s1(ms, &b, asid, va);
		ms_submit(ms, &b);
		sl->ipa = !j;
		break;
	case 3 ... 5:	/* stage 2: IPA j to the new page */
		ms_set_ipa(ms, ms_ipa_idx(s, j), pg);
		ms_add_tlbi_s2(ms, &b, ms_ipa(s, j));
		ms_submit(ms, &b);
		break;
	case 6:		/* unmap at stage 1 */
		me_set(tr->leaf, s, 0);
		ms_add_tlbi_s1(ms, &b, asid, va);
		ms_submit(ms, &b);
		break;
	case 7:		/* unmap at stage 2 */
		ms_set_ipa(ms, ms_ipa_idx(s, j), NULL);
		ms_add_tlbi_s2(ms, &b, ms_ipa(s, j));
		ms_submit(ms, &b);
		break;
	default:	/* map: IPA j, then the VA to it */
		ms_set_ipa(ms, ms_ipa_idx(s, j), pg);
		me_set(tr->leaf, s, ms_leaf(false, ms_ipa(s, j), false));
		break;
	}
	sl->page = pg;
	ms_seq_end(sl, pg);
	if (old)
		ms_page_kill(ms, old);

	/* Tidy up what the old page left behind, unreachable already */
	if (op <= 2 || op == 6) {
		/* the IPA stage 1 no longer uses */
		ms_set_ipa(ms, ms_ipa_idx(s, j), NULL);
		ms_add_tlbi_s2(ms, &b, ms_ipa(s, j));
		ms_submit(ms, &b);
	} else if (op == 7) {
		/* the VA that leads to an unmapped IPA */
		me_set(tr->leaf, s, 0);
		ms_add_tlbi_s1(ms, &b, asid, va);
		ms_submit(ms, &b);
	}
	t->rounds++;
}

/*
 * Switch the stream to the other tree, every slot mapped to a new page:
 * stage 1 and nested through the STE (S1ContextPtr to the other CD, which
 * points at the other tree: CFGI_STE) or the CD (its TTB0: CFGI_CD and
 * TLBI_NH_ASID, as the ASID stays); stage 2 through STE.S2TTB (CFGI_STE
 * and TLBI_S12_VMALL, as the VMID stays).  Then the old tree is emptied.
 * Called with cfg_lock held for write: no slot changes meanwhile.
 */
static void ms_switch(struct ms *ms, struct ms_thread *t)
{
	enum ms_kind kind = ms->cfg->kind;
	struct ms_page *old[MS_NR_SLOTS];
	struct ms_tree *from = ms_active(ms), *to;
	unsigned int s, to_idx, old_cd = ms->ste_cd;
	struct ms_batch b = {};
	struct ms_slot *sl;
	struct ms_page *pg;
	bool by_ste;

	to_idx = kind == MS_S2 ? !ms->s2_tree : !ms->cd_tree[ms->ste_cd];
	to = &ms->s1[to_idx];

	/* The new tree maps every slot to a new page (it was empty) */
	for (s = 0; s < MS_NR_SLOTS; s++) {
		sl = &ms->slot[s];
		pg = ms_page_get(ms, s, sl->seq + 2);
		if (!pg)
			return;		/* cannot happen: counted as a WARN */
		old[s] = sl->page;
		sl->page = pg;
		if (kind == MS_NEST) {
			/* the other IPA of each slot, which is unmapped */
			ms_set_ipa(ms, ms_ipa_idx(s, !sl->ipa), pg);
			me_set(to->leaf, s,
			       ms_leaf(false, ms_ipa(s, !sl->ipa), false));
		} else {
			me_set(to->leaf, s, ms_leaf(kind == MS_S2, pg->pa,
						    false));
		}
	}
	for (s = 0; s < MS_NR_SLOTS; s++)
		ms_seq_begin(&ms->slot[s]);

	if (kind == MS_S2) {
		ms->s2_tree = to_idx;
		me_set(ms->st + MS_SID * STRTAB_STE_SIZE / sizeof(u64), 3,
		       ms_ste_q3(ms));
		ms_add_cfgi_ste(&b);
		ms_add(&b, ms_tlbi0(CMDQ_OP_TLBI_S12_VMALL, 0), 0);
	} else {
		/* by the STE only if the other CD points at the new tree */
		by_ste = ms->cd_tree[!ms->ste_cd] == to_idx &&
			 get_random_u32_below(2);
		if (by_ste) {
			ms->ste_cd = !ms->ste_cd;
			me_set(ms->st + MS_SID * STRTAB_STE_SIZE / sizeof(u64),
			       0, ms_ste_q0(ms));
			ms_add_cfgi_ste(&b);
		} else {
			ms->cd_tree[ms->ste_cd] = to_idx;
			me_set(ms->cd[ms->ste_cd], 1, ms_cd_q1(ms, to_idx));
			ms_add_cfgi_cd(&b);
			ms_add(&b, ms_tlbi0(CMDQ_OP_TLBI_NH_ASID,
					    ms_asid(ms->ste_cd)), 0);
		}
	}
	ms_submit(ms, &b);

	for (s = 0; s < MS_NR_SLOTS; s++) {
		sl = &ms->slot[s];
		if (kind == MS_NEST)
			sl->ipa = !sl->ipa;
		ms_seq_end(sl, true);
	}
	for (s = 0; s < MS_NR_SLOTS; s++)
		if (old[s])
			ms_page_kill(ms, old[s]);

	/*
	 * Empty the old tree (and, nested, the IPAs it used).  Stage 2: no
	 * entry of the old tree survived the TLBI_S12_VMALL and none can be
	 * made any more.  Stage 1: the old ASID's entries may still be
	 * cached (CFGI_STE does not touch the TLB), so they go before that
	 * CD can be used again.
	 */
	for (s = 0; s < MS_NR_SLOTS; s++) {
		me_set(from->leaf, s, 0);
		if (kind == MS_NEST)
			me_set(ms->s2.leaf,
			       ms_ipa_idx(s, !ms->slot[s].ipa), 0);
	}
	if (kind != MS_S2) {
		ms_add(&b, ms_tlbi0(CMDQ_OP_TLBI_NH_ASID, ms_asid(old_cd)), 0);
		if (kind == MS_NEST)
			ms_add(&b, ms_tlbi0(CMDQ_OP_TLBI_S12_VMALL, 0), 0);
		ms_submit(ms, &b);
	}
	t->switches++;
}

static int ms_remapper(void *data)
{
	struct ms_thread *t = data;
	struct ms *ms = t->ms;
	struct ms_slot *sl;
	unsigned int s;

	while (!kthread_should_stop()) {
		if (!get_random_u32_below(MS_SWITCH_ONE_IN)) {
			down_write(&ms->cfg_lock);
			ms_switch(ms, t);
			up_write(&ms->cfg_lock);
		} else {
			s = get_random_u32_below(MS_NR_SLOTS);
			sl = &ms->slot[s];
			down_read(&ms->cfg_lock);
			mutex_lock(&sl->lock);
			if (ms->cfg->kind == MS_NEST)
				ms_change_nested(ms, t, s);
			else
				ms_change_1stage(ms, t, s);
			mutex_unlock(&sl->lock);
			up_read(&ms->cfg_lock);
		}
		cond_resched();
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Accessors                                                              */
/* ---------------------------------------------------------------------- */

/* Every word of a read through slot @s, which had count @seq before it */
static void ms_check_read(struct ms *ms, unsigned int s, unsigned long seq,
			  const u64 *buf, unsigned int n)
{
	unsigned long min = seq & ~1UL;
	unsigned int i;
	u64 v;

	for (i = 0; i < n; i++) {
		v = buf[i];
		if (v == MS_DEAD) {
			ms_bad(ms, &ms->stale,
			       "slot %u (sequence %lu) read a page killed after its unmap and CMD_SYNC",
			       s, seq);
			return;
		}
		if (FIELD_GET(MS_TAG_KIND, v) != MS_KIND_LIVE ||
		    FIELD_GET(MS_TAG_ID, v) != s ||
		    FIELD_GET(MS_TAG_GEN, v) < min) {
			ms_bad(ms, &ms->stale,
			       "slot %u (sequence %lu) read %#llx through an invalidated translation",
			       s, seq, v);
			return;
		}
	}
}

static int ms_accessor(void *data)
{
	struct ms_thread *t = data;
	struct ms *ms = t->ms;
	unsigned int half = ms_gran(ms) / 2, words, s, off, len, i;
	struct swsmmu_txn txn = { .sid = MS_SID };
	unsigned long seq1, seq2;
	bool write, mapped, stable;
	u64 count = 0;
	int ret;

	words = half / sizeof(u64);
	while (!kthread_should_stop()) {
		s = get_random_u32_below(MS_NR_SLOTS);
		write = !get_random_u32_below(4);
		/* 8 bytes to half a granule (more than one piece for 64KB) */
		len = sizeof(u64) << get_random_u32_below(ilog2(words) + 1);
		off = get_random_u32_below((half - len) / sizeof(u64) + 1) *
		      sizeof(u64);
		if (write) {
			for (i = 0; i < len / sizeof(u64); i++)
				t->buf[i] = FIELD_PREP(MS_TAG_KIND,
						       MS_KIND_WRITE) |
					    FIELD_PREP(MS_TAG_ID, t->id) |
					    FIELD_PREP(MS_TAG_GEN, count);
			off += half;
		}
		txn.flags = write ? SWSMMU_TXN_WRITE : 0;

		/* pairs with ms_seq_end(): what that change did is visible */
		seq1 = smp_load_acquire(&ms->slot[s].seq);
		mapped = READ_ONCE(ms->slot[s].mapped);
		ret = swsmmu_hw_access(ms->hw, &txn, ms_slot_addr(ms, s) + off,
				       t->buf, len);
		smp_rmb();	/* the access before the second load */
		seq2 = READ_ONCE(ms->slot[s].seq);
		stable = seq1 == seq2 && !(seq1 & 1);

		if (ret == -EFAULT) {
			if (stable && mapped)
				ms_bad(ms, &ms->spurious,
				       "slot %u (sequence %lu) mapped, but the %s faulted",
				       s, seq1, write ? "write" : "read");
			else
				t->faults++;
		} else if (ret) {
			ms_bad(ms, &ms->errors, "slot %u: access error %d", s,
			       ret);
		} else if (stable && !mapped) {
			ms_bad(ms, &ms->stale,
			       "slot %u (sequence %lu) unmapped and synced, but the %s went through",
			       s, seq1, write ? "write" : "read");
		} else if (write) {
			t->writes++;
		} else {
			ms_check_read(ms, s, seq1, t->buf, len / sizeof(u64));
			t->reads++;
		}
		count++;
		cond_resched();
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Environment                                                            */
/* ---------------------------------------------------------------------- */

/* A KUnit action: no thread outlives the memory it uses */
static void ms_stop(void *data)
{
	struct ms *ms = data;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ms->th); i++) {
		if (!ms->th[i].task)
			continue;
		kthread_stop(ms->th[i].task);
		put_task_struct(ms->th[i].task);
		ms->th[i].task = NULL;
	}
}

static void ms_destroy(void *data)
{
	struct ms *ms = data;

	swsmmu_hw_write32(ms->hw, SMMU_CR0, 0);
	swsmmu_hw_destroy(ms->hw);
}

static struct ms *ms_create(struct kunit *test, const struct ms_config *cfg)
{
	struct ms *ms = kunit_kzalloc(test, sizeof(*ms), GFP_KERNEL);
	unsigned int i, s;
	struct ms_page *pg;
	__le64 *ste;

	KUNIT_ASSERT_NOT_NULL(test, ms);
	ms->test = test;
	ms->cfg = cfg;
	mutex_init(&ms->cmdq_lock);
	init_rwsem(&ms->cfg_lock);
	spin_lock_init(&ms->pool_lock);
	spin_lock_init(&ms->bad_lock);
	INIT_LIST_HEAD(&ms->pool);
	atomic64_set(&ms->stale, 0);
	atomic64_set(&ms->late_writes, 0);
	atomic64_set(&ms->spurious, 0);
	atomic64_set(&ms->errors, 0);
	for (s = 0; s < MS_NR_SLOTS; s++)
		mutex_init(&ms->slot[s].lock);

	/* Memory first: KUnit frees it after the actions below have run */
	ms->cmdq = me_alloc(ms->test, BIT(MS_CMDQ_LOG2 + CMDQ_ENT_SZ_SHIFT));
	ms->evtq = me_alloc(ms->test, BIT(MS_EVTQ_LOG2 + EVTQ_ENT_SZ_SHIFT));
	ms->st = me_alloc(ms->test, BIT(MS_ST_LOG2) * STRTAB_STE_SIZE);
	for (i = 0; i < 2; i++) {
		ms->cd[i] = me_alloc(ms->test, CTXDESC_CD_SIZE);
		ms_tree_alloc(ms, &ms->s1[i], 1);
	}
	if (cfg->kind == MS_NEST) {
		/* 4KB only: 1GB blocks at level 1 map IPA = PA below 256GB */
		ms_tree_alloc(ms, &ms->s2, MS_IPA_TOP_IDX);
		for (i = 0; i < MS_IPA_TOP_IDX; i++)
			me_set(ms->s2.top, i, ms_leaf(true, (u64)i << 30, true));
	}
	for (i = 0; i < MS_NR_PAGES; i++) {
		pg = &ms->pages[i];
		pg->va = me_alloc(ms->test, ms_gran(ms));
		pg->pa = me_pa(pg->va);
		ms_fill(ms, pg, MS_DEAD);
		list_add_tail(&pg->node, &ms->pool);
	}
	for (i = 0; i < ARRAY_SIZE(ms->th); i++) {
		ms->th[i].ms = ms;
		ms->th[i].id = i;
		if (i < MS_ACCESSORS)
			ms->th[i].buf = me_alloc(ms->test, ms_gran(ms) / 2);
	}

	ms->hw = swsmmu_hw_create("kunit-stress", &ms_features);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ms->hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ms_destroy, ms),
			0);
	/* Caches on, whatever the module parameters say */
	swsmmu_hw_tlb_destroy(ms->hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_init(ms->hw, 1024), 0);
	swsmmu_hw_cfgcache_destroy(ms->hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_cfgcache_init(ms->hw, 64, true), 0);

	/* CD i points at tree i; the STE at CD 0 (stage 2: at tree 0) */
	for (i = 0; i < 2; i++) {
		ms->cd_tree[i] = i;
		me_set(ms->cd[i], 1, ms_cd_q1(ms, i));
		me_set(ms->cd[i], 0, ms_cd_q0(ms, i));
	}
	ste = ms->st + MS_SID * STRTAB_STE_SIZE / sizeof(u64);
	me_set(ste, 2, ms_ste_q2(ms));
	me_set(ste, 3, ms_ste_q3(ms));
	me_set(ste, 0, ms_ste_q0(ms));

	swsmmu_hw_write64(ms->hw, SMMU_STRTAB_BASE, me_pa(ms->st));
	swsmmu_hw_write32(ms->hw, SMMU_STRTAB_BASE_CFG,
			  FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, MS_ST_LOG2));
	swsmmu_hw_write64(ms->hw, SMMU_CMDQ_BASE,
			  me_pa(ms->cmdq) | MS_CMDQ_LOG2);
	swsmmu_hw_write64(ms->hw, SMMU_EVTQ_BASE,
			  me_pa(ms->evtq) | MS_EVTQ_LOG2);
	swsmmu_hw_write32(ms->hw, SMMU_CR0,
			  CR0_SMMUEN | CR0_CMDQEN | CR0_EVTQEN);
	return ms;
}

/* Map every slot (no thread runs yet), and check that each translates */
static void ms_map_all(struct ms *ms)
{
	struct ms_thread t = {};
	unsigned int s;
	u64 val;

	for (s = 0; s < MS_NR_SLOTS; s++) {
		if (ms->cfg->kind == MS_NEST)
			ms_change_nested(ms, &t, s);
		else
			ms_change_1stage(ms, &t, s);
	}
	for (s = 0; s < MS_NR_SLOTS; s++) {
		struct swsmmu_txn txn = { .sid = MS_SID };

		KUNIT_ASSERT_EQ(ms->test, swsmmu_hw_access(ms->hw, &txn,
							   ms_slot_addr(ms, s),
							   &val, sizeof(val)),
				0);
		KUNIT_ASSERT_EQ(ms->test, val, ms_live(s, 2));
	}
}

static void ms_stress(struct kunit *test)
{
	const struct ms_config *cfg = test->param_value;
	u64 reads = 0, writes = 0, faults = 0, rounds = 0, switches = 0;
	struct ms_thread *t;
	struct hw_stats st;
	unsigned long end;
	struct ms *ms;
	ktime_t start;
	unsigned int i, dead = 0, mapped = 0;
	struct ms_page *pg;

	ms = ms_create(test, cfg);
	ms_map_all(ms);

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ms_stop, ms), 0);
	start = ktime_get();
	for (i = 0; i < ARRAY_SIZE(ms->th); i++) {
		t = &ms->th[i];
		t->task = kthread_run(i < MS_ACCESSORS ? ms_accessor :
				      ms_remapper, t, "swsmmu-ms-%s%u",
				      i < MS_ACCESSORS ? "acc" : "map", i);
		if (IS_ERR(t->task)) {
			t->task = NULL;
			KUNIT_FAIL(test, "cannot start a thread");
			break;
		}
		get_task_struct(t->task);
	}
	end = jiffies + swsmmu_stress_seconds * HZ;
	/* (a failure ends the case early: the first one is what matters) */
	while (time_before(jiffies, end) && !atomic64_read(&ms->stale) &&
	       !atomic64_read(&ms->late_writes) &&
	       !atomic64_read(&ms->spurious) && !atomic64_read(&ms->errors))
		msleep_interruptible(100);
	ms_stop(ms);

	/* Every dead page must still be all MS_DEAD */
	list_for_each_entry(pg, &ms->pool, node) {
		ms_dead_check(ms, pg);
		dead++;
	}
	for (i = 0; i < MS_NR_SLOTS; i++)
		mapped += !!ms->slot[i].page;
	for (i = 0; i < ARRAY_SIZE(ms->th); i++) {
		t = &ms->th[i];
		reads += t->reads;
		writes += t->writes;
		faults += t->faults;
		rounds += t->rounds;
		switches += t->switches;
	}
	swsmmu_hw_stats_get(ms->hw, &st);
	kunit_info(test, "%s: %lld ms, %llu rounds, %llu table switches, %llu reads, %llu writes, %llu faults",
		   cfg->name, ktime_ms_delta(ktime_get(), start), rounds,
		   switches, reads, writes, faults);
	kunit_info(test, "%s: %llu TLBI, %llu CFGI, %llu CMD_SYNC, %llu CMD_SYNC waits, %llu TLB hits, %llu walks",
		   cfg->name, st.v[HW_STAT_TLBI], st.v[HW_STAT_CFGI],
		   st.v[HW_STAT_SYNC], st.v[HW_STAT_SYNC_WAITS],
		   st.v[HW_STAT_TLB_HIT], st.v[HW_STAT_WALKS]);
	if (ms->bad[0])
		kunit_info(test, "first failure: %s", ms->bad);

	KUNIT_EXPECT_EQ_MSG(test, atomic64_read(&ms->stale), 0,
			    "accesses used a stale translation or configuration");
	KUNIT_EXPECT_EQ_MSG(test, atomic64_read(&ms->late_writes), 0,
			    "device writes reached killed pages");
	KUNIT_EXPECT_EQ_MSG(test, atomic64_read(&ms->spurious), 0,
			    "accesses faulted on mapped slots");
	KUNIT_EXPECT_EQ(test, atomic64_read(&ms->errors), 0);
	/* The pool holds every page no slot maps */
	KUNIT_EXPECT_EQ(test, dead + mapped, MS_NR_PAGES);
	KUNIT_EXPECT_GT(test, rounds, 0);
	KUNIT_EXPECT_GT(test, reads, 0);
	KUNIT_EXPECT_GT(test, writes, 0);
}

static struct kunit_case ms_cases[] = {
	KUNIT_CASE_PARAM_ATTR(ms_stress, ms_configs_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite ms_suite = {
	.name = "swsmmu-model-stress",
	.test_cases = ms_cases,
};

kunit_test_suite(ms_suite);
