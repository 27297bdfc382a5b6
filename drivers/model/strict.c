// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: strict mode.  The architecture lets an SMMU cache more,
 * earlier and longer than swsmmu does by default, and real SMMUs do; a
 * driver that is only correct against a cautious SMMU passes every test of
 * a cautious model.  The module parameter strict= makes the model use the
 * freedoms and run the checks below, each named in the parameter:
 *
 *  walk_cache  intermediate (table) descriptors are cached with the leaf
 *              translations (tlb.c): a TLBI with Leaf=1 leaves them, one
 *              with Leaf=0 removes them, and a TTL hint is honoured.
 *  speculate   a walk that succeeds also walks the next page or block and
 *              caches it if it translates, an STE fetched on a miss
 *              brings in the next StreamID's STE if it is valid, and a CD
 *              the next SubstreamID's CD of the same table (xlate.c,
 *              cfgcache.c).
 *  torn        STE and CD fetches read their qwords in a random order with
 *              a window between the reads, and reject (C_BAD_STE, C_BAD_CD)
 *              a combination that was never in memory as a whole (here).
 *  conflict    an IOTLB lookup that matches two entries (a block and a
 *              page of one address) aborts with F_TLB_CONFLICT (tlb.c).
 *
 * "all" (the default) is all four, "none" none.  Documentation/strict.rst
 * gives the architecture's sections that permit each one, and the cost
 * measured.  Instances that KUnit tests create start with none: each test
 * chooses (most check exact cache contents); everything else, the board's
 * SMMUs included, takes strict=.
 *
 * Every detection (a torn read, a conflict) is also reported: a counter, a
 * line in debugfs strict/reports (the newest HW_STRICT_LOG_LEN) and the
 * trace event swsmmu_strict, so that the driver developer learns what the
 * driver did, not only that a test failed.
 *
 * Torn reads
 * ----------
 * An STE or CD is read as several 64-bit single-copy-atomic loads
 * (3.21.3); software that rewrites a live entry must do it so that every
 * mix of old and new qwords a reader can see is a valid entry that it
 * means (Linux's arm_smmu_write_entry(), our drivers/iommu/entry.c): one
 * qword whose used fields change per step, with CFGI and CMD_SYNC between
 * the steps.  So within one fetch (which is inside one transaction piece:
 * a CMD_SYNC waits for it), at most one step lands.  The check reads the
 * entry once quickly ("before"), then qword by qword in a random order
 * with a window ("as read"), then again ("after"), and compares what each
 * version means: the qwords masked with the fields its own V and Config
 * (STE) or V and EPDx (CD) make the SMMU use.  "As read" that means
 * neither "before" nor "after" is a combination that was never written
 * as a whole.  A one-step update cannot produce one; an update that
 * changes used fields in two qwords at once can.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <kunit/visibility.h>
#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/test-bug.h>
#endif
#include <swsmmu/param.h>
#include "model.h"
#include "model_trace.h"

static const char * const hw_strict_flag_names[] = {
	"walk_cache", "speculate", "torn", "conflict",
};

static int strict_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_flags(val, kp, hw_strict_flag_names,
				      ARRAY_SIZE(hw_strict_flag_names));
}

static int strict_get(char *buf, const struct kernel_param *kp)
{
	return swsmmu_param_get_flags(buf, kp, hw_strict_flag_names,
				      ARRAY_SIZE(hw_strict_flag_names));
}

static const struct kernel_param_ops strict_ops = {
	.set = strict_set,
	.get = strict_get,
};

static unsigned int strict = HW_STRICT_ALL;
module_param_cb(strict, &strict_ops, &strict, 0444);
MODULE_PARM_DESC(strict,
		 "Caching freedoms and checks: all (default), none, or a comma-separated set of walk_cache,speculate,torn,conflict");

/* Between two qword reads of a torn-read check: long enough to be hit */
#define HW_STRICT_WINDOW_NS	200

/**
 * hw_strict_names() - the strict= text of a set of HW_STRICT_* flags
 * @flags: the set
 * @buf: where to write it
 * @len: its size
 *
 * Return: @buf.
 */
const char *hw_strict_names(u32 flags, char *buf, size_t len)
{
	unsigned int i;
	size_t n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(hw_strict_flag_names); i++)
		if (flags & BIT(i))
			n += scnprintf(buf + n, len - n, "%s%s", n ? "," : "",
				       hw_strict_flag_names[i]);
	if (!n)
		strscpy(buf, "none", len);
	return buf;
}

/**
 * hw_strict_init() - give a new instance the strict mode strict= asks for
 * @hw: the instance
 *
 * Return: 0 or -ENOMEM.
 */
int hw_strict_init(struct swsmmu_hw *hw)
{
	hw->slog = kzalloc(sizeof(*hw->slog), GFP_KERNEL);
	if (!hw->slog)
		return -ENOMEM;
	spin_lock_init(&hw->slog->lock);
	hw->strict = READ_ONCE(strict);
#if IS_ENABLED(CONFIG_KUNIT)
	if (kunit_get_current_test())
		hw->strict = 0;
#endif
	return 0;
}

/**
 * hw_strict_destroy() - free what hw_strict_init() allocated
 * @hw: the instance; no transaction is in progress
 */
void hw_strict_destroy(struct swsmmu_hw *hw)
{
	kfree(hw->slog);
	hw->slog = NULL;
}

/**
 * swsmmu_hw_strict_report() - record that strict mode saw a driver error
 * @hw: the instance
 * @r: what it saw (@r->seq is assigned here)
 *
 * Counts it, keeps it for debugfs strict/reports and emits the trace event
 * swsmmu_strict.  Any context; never sleeps.
 */
void swsmmu_hw_strict_report(struct swsmmu_hw *hw,
			     const struct hw_strict_report *r)
{
	static const u8 stat[HW_STRICT_NR] = {
		[HW_STRICT_TORN_STE] = HW_STAT_TORN_STE,
		[HW_STRICT_TORN_CD] = HW_STAT_TORN_CD,
		[HW_STRICT_TLB_CONFLICT] = HW_STAT_TLB_CONFLICT,
	};
	struct hw_strict_log *l = hw->slog;
	unsigned long flags;
	u64 seq = 0;

	if (r->kind >= HW_STRICT_NR)
		return;
	hw_stat_inc(hw, stat[r->kind]);
	if (l) {
		spin_lock_irqsave(&l->lock, flags);
		seq = ++l->nr;
		l->log[seq % HW_STRICT_LOG_LEN] = *r;
		l->log[seq % HW_STRICT_LOG_LEN].seq = seq;
		spin_unlock_irqrestore(&l->lock, flags);
	}
	trace_swsmmu_strict(hw->name, r->kind, r->sid, r->ssv, r->ssid, r->addr,
			    r->val[0], r->val[1]);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_strict_report);

/**
 * swsmmu_hw_strict_reports() - copy the newest strict reports
 * @hw: the instance
 * @out: where to copy them, oldest first
 * @max: room in @out
 * @total: reports made since the instance was created
 *
 * Return: how many were copied.
 */
int swsmmu_hw_strict_reports(struct swsmmu_hw *hw,
			     struct hw_strict_report *out, unsigned int max,
			     u64 *total)
{
	struct hw_strict_log *l = hw->slog;
	unsigned long flags;
	u64 seq, first;
	int n = 0;

	*total = 0;
	if (!l)
		return 0;
	spin_lock_irqsave(&l->lock, flags);
	*total = l->nr;
	first = l->nr > HW_STRICT_LOG_LEN ? l->nr - HW_STRICT_LOG_LEN + 1 : 1;
	if (l->nr - first + 1 > max)
		first = l->nr - max + 1;
	for (seq = first; seq <= l->nr; seq++)
		out[n++] = l->log[seq % HW_STRICT_LOG_LEN];
	spin_unlock_irqrestore(&l->lock, flags);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_strict_reports);

static const char *hw_strict_kind_name(unsigned int kind)
{
	switch (kind) {
	case HW_STRICT_TORN_STE:
		return "torn_ste";
	case HW_STRICT_TORN_CD:
		return "torn_cd";
	case HW_STRICT_TLB_CONFLICT:
		return "tlb_conflict";
	}
	return "?";
}

/**
 * hw_strict_print() - the text of debugfs strict/reports
 * @hw: the instance
 * @m: where to print
 *
 * A header (mode, counts), then one line per kept report, oldest first.
 *
 * Return: 0 or -ENOMEM.
 */
int hw_strict_print(struct swsmmu_hw *hw, struct seq_file *m)
{
	struct hw_strict_report *r;
	struct hw_stats s;
	char names[64];
	u64 total;
	int i, n;

	r = kcalloc(HW_STRICT_LOG_LEN, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	n = swsmmu_hw_strict_reports(hw, r, HW_STRICT_LOG_LEN, &total);
	swsmmu_hw_stats_get(hw, &s);
	seq_printf(m, "strict %s\n",
		   hw_strict_names(READ_ONCE(hw->strict), names, sizeof(names)));
	seq_printf(m, "reports %llu torn_ste %llu torn_cd %llu tlb_conflict %llu\n",
		   total, s.v[HW_STAT_TORN_STE], s.v[HW_STAT_TORN_CD],
		   s.v[HW_STAT_TLB_CONFLICT]);
	for (i = 0; i < n; i++) {
		seq_printf(m, "#%llu %s sid %#x", r[i].seq,
			   hw_strict_kind_name(r[i].kind), r[i].sid);
		if (r[i].ssv)
			seq_printf(m, " ssid %#x", r[i].ssid);
		if (r[i].kind == HW_STRICT_TLB_CONFLICT)
			seq_printf(m, " addr %#llx: entries %#llx/%u and %#llx/%u both match\n",
				   r[i].addr, r[i].val[0], r[i].shift[0],
				   r[i].val[1], r[i].shift[1]);
		else
			seq_printf(m, " at %#llx: qword %u read %#018llx, memory then held %#018llx\n",
				   r[i].addr, r[i].idx, r[i].val[0],
				   r[i].val[1]);
	}
	kfree(r);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Torn reads                                                             */
/* ---------------------------------------------------------------------- */

/* STE qword-1 fields only stage 1 uses */
#define HW_STE_1_S1_FIELDS	(STRTAB_STE_1_S1DSS | STRTAB_STE_1_S1CIR | \
				 STRTAB_STE_1_S1COR | STRTAB_STE_1_S1CSH | \
				 STRTAB_STE_1_S1STALLD)

/* The fields of STE @q the SMMU uses, given its own V and Config (5.2) */
static void hw_ste_used(const u64 *q, u64 *m)
{
	unsigned int cfg = FIELD_GET(STRTAB_STE_0_CFG, q[0]);

	m[0] = STRTAB_STE_0_V;
	m[1] = 0;
	m[2] = 0;
	m[3] = 0;
	if (!(q[0] & STRTAB_STE_0_V))
		return;
	m[0] |= STRTAB_STE_0_CFG;
	if (!(cfg & STRTAB_STE_0_CFG_BYPASS))
		return;		/* abort, and the Reserved encodings */
	m[1] = ~HW_STE_1_S1_FIELDS;
	if (cfg & BIT(0)) {
		m[0] |= STRTAB_STE_0_S1FMT | STRTAB_STE_0_S1CTXPTR |
			STRTAB_STE_0_S1CDMAX;
		m[1] |= HW_STE_1_S1_FIELDS;
	}
	if (cfg != STRTAB_STE_0_CFG_BYPASS)
		m[2] = STRTAB_STE_2_S2VMID;
	if (cfg & BIT(1)) {
		m[2] = ~0ULL;
		m[3] = STRTAB_STE_3_S2TTB;
	}
}

#define HW_CD_0_TT0	(CTXDESC_CD_0_TCR_T0SZ | CTXDESC_CD_0_TCR_TG0 | \
			 CTXDESC_CD_0_TCR_IRGN0 | CTXDESC_CD_0_TCR_ORGN0 | \
			 CTXDESC_CD_0_TCR_SH0)
#define HW_CD_0_TT1	(CTXDESC_CD_0_TCR_T1SZ | CTXDESC_CD_0_TCR_TG1 | \
			 CTXDESC_CD_0_TCR_IRGN1 | CTXDESC_CD_0_TCR_ORGN1 | \
			 CTXDESC_CD_0_TCR_SH1)

/*
 * The fields of CD @q the SMMU uses, given its V and EPDx: a half of the
 * VA space whose walks are disabled ignores its TTBx and TCR fields (5.4)
 */
static void hw_cd_used(const u64 *q, u64 *m)
{
	m[0] = CTXDESC_CD_0_V;
	m[1] = 0;
	m[2] = 0;
	m[3] = 0;
	if (!(q[0] & CTXDESC_CD_0_V))
		return;
	m[0] = ~0ULL;
	if (q[0] & CTXDESC_CD_0_TCR_EPD0)
		m[0] &= ~HW_CD_0_TT0;
	else
		m[1] = CTXDESC_CD_1_TTB0;
	if (q[0] & CTXDESC_CD_0_TCR_EPD1)
		m[0] &= ~HW_CD_0_TT1;
	else
		m[2] = CTXDESC_CD_2_TTB1;
}

/* Do @a and @b mean the same entry, each by its own used fields? */
static bool hw_same_meaning(bool is_cd, const u64 *a, const u64 *b,
			    unsigned int n)
{
	u64 ma[HW_STRICT_QWORDS], mb[HW_STRICT_QWORDS];
	unsigned int i;

	if (is_cd) {
		hw_cd_used(a, ma);
		hw_cd_used(b, mb);
	} else {
		hw_ste_used(a, ma);
		hw_ste_used(b, mb);
	}
	for (i = 0; i < n; i++)
		if (ma[i] != mb[i] || (a[i] & ma[i]) != (b[i] & mb[i]))
			return false;
	return true;
}

static void hw_strict_order(struct swsmmu_hw *hw, u8 *order, unsigned int n)
{
	unsigned int i, j;
	u8 tmp;

	for (i = 0; i < n; i++)
		order[i] = i;
#if IS_ENABLED(CONFIG_KUNIT)
	/* A test's order, if it is one of these @n qwords */
	if (hw->slog && hw->slog->order[0] != hw->slog->order[1]) {
		u16 seen = 0;

		for (i = 0; i < n; i++)
			if (hw->slog->order[i] < n)
				seen |= BIT(hw->slog->order[i]);
		if (seen == BIT(n) - 1) {
			memcpy(order, hw->slog->order, n);
			return;
		}
	}
#endif
	for (i = n - 1; i > 0; i--) {	/* Fisher-Yates */
		j = get_random_u32_below(i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
}

/**
 * hw_strict_read_entry() - read an STE or CD, checking for a torn read
 * @hw: the instance
 * @is_cd: a CD (3 qwords used), else an STE (4)
 * @sid: StreamID, for the report
 * @ssid: SubstreamID (CDs), for the report
 * @pa: where the entry is
 * @q: the qwords as read, when 0 is returned
 * @torn: set when they are a combination memory never held; reported
 *
 * See "Torn reads" at the top of this file.  Runs inside a transaction
 * piece (interrupts off): the window is a short busy wait.
 *
 * Return: 0, or -EFAULT if a qword cannot be read.
 */
int hw_strict_read_entry(struct swsmmu_hw *hw, bool is_cd, u32 sid,
			 u32 ssid, u64 pa, u64 *q, bool *torn)
{
	unsigned int n = is_cd ? 3 : 4, i, k;
	u64 before[HW_STRICT_QWORDS], after[HW_STRICT_QWORDS];
	u64 m[HW_STRICT_QWORDS];
	struct hw_strict_report r;
	u8 order[HW_STRICT_QWORDS];

	*torn = false;
	for (i = 0; i < n; i++)
		if (hw_read_desc(pa + i * sizeof(u64), &before[i]))
			return -EFAULT;
	hw_strict_order(hw, order, n);
	for (k = 0; k < n; k++) {
		i = order[k];
		if (hw_read_desc(pa + i * sizeof(u64), &q[i]))
			return -EFAULT;
#if IS_ENABLED(CONFIG_KUNIT)
		if (hw->slog && hw->slog->hook)
			hw->slog->hook(hw, pa, i, k, hw->slog->hook_priv);
#endif
		if (k + 1 < n)
			ndelay(HW_STRICT_WINDOW_NS);
	}
	for (i = 0; i < n; i++)
		if (hw_read_desc(pa + i * sizeof(u64), &after[i]))
			return -EFAULT;
	if (hw_same_meaning(is_cd, q, before, n) ||
	    hw_same_meaning(is_cd, q, after, n))
		return 0;

	*torn = true;
	r = (struct hw_strict_report) {
		.kind = is_cd ? HW_STRICT_TORN_CD : HW_STRICT_TORN_STE,
		.sid = sid,
		.ssv = is_cd,
		.ssid = ssid,
		.addr = pa,
	};
	/* Name the first used qword that differs from what memory now has */
	if (is_cd)
		hw_cd_used(q, m);
	else
		hw_ste_used(q, m);
	for (i = 0; i < n; i++)
		if ((q[i] & m[i]) != (after[i] & m[i]))
			break;
	if (i == n)
		i = 0;
	r.idx = i;
	r.val[0] = q[i];
	r.val[1] = after[i];
	swsmmu_hw_strict_report(hw, &r);
	return 0;
}
