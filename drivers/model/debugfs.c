// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: debugfs.
 *
 * Each instance gets /sys/kernel/debug/swsmmu/<name>/ (the driver half adds
 * its own files in a driver/ subdirectory, see swsmmu_hw_debugfs_dir()):
 *
 *   regs       0400  every register with its value and its fields, by
 *                    architectural name; queue PROD/CONS as IDX, WR (wrap),
 *                    ERR (CMDQ_CONS), OVFLG/OVACKFLG (EVTQ, PRIQ)
 *   ste        0600  write "<sid>"; read the lookup (Stream table base,
 *                    L1STD), the STE as the model decodes it (or the event
 *                    its fetch raises and the rule that failed, "reason:")
 *                    and its eight raw qwords
 *   cd         0600  write "<sid> <ssid>"; read the STE's stage-1 fields, the
 *                    lookup (L1CD), the decoded CD (or the event) and its
 *                    raw qwords
 *   translate  0600  write "<sid> <ssid>|- <iova> r|w|x [priv]"; read the PA,
 *                    size and permissions, or the event record the
 *                    transaction would raise, decoded and raw.  Nothing is
 *                    recorded: swsmmu_hw_translate() has no side effects.
 *   events     0400  the last HW_DBG_EVLOG_LEN event records the model tried
 *                    to write to the event queue, oldest first, each marked
 *                    "recorded", "DROPPED:overflow" (queue full),
 *                    "DROPPED:unwritable" (EVTQEN 0 or EVTQ_ABT_ERR active)
 *                    or "LOST:abort" (the write hit non-RAM)
 *   counters   0400  one "name value" per line: events by outcome, commands
 *                    consumed, command errors by CERROR code, outstanding
 *                    stalls
 *   fault/     0700  one fault attribute per injection site (inject.c)
 *
 * Numbers are C literals (decimal, 0x hex, 0 octal), words are separated by
 * blanks, one command per write().  Errors: -EINVAL for an empty or
 * oversized (> HW_DBG_CMD_MAX bytes) write, a NUL byte, a word that is not
 * a number (or not r/w/x, priv, "-" where those are expected), or too many
 * or too few words; -ERANGE for a number that does not fit its field:
 * a StreamID >= 2^SIDSIZE, a SubstreamID >= 2^SSIDSIZE, or a value beyond
 * 32 bits (64 for the IOVA).  A rejected write leaves the previous query
 * in place.
 *
 * The query written to ste, cd and translate is per instance, not per
 * open file, so that "echo 3 > ste; cat ste" works from a shell: the last
 * writer wins, and every reader sees the result of the last query
 * (hw_debug.query_lock).  Reading evaluates the query afresh, against the
 * tables in memory at that moment.
 *
 * Lifetime: the directory is created with the instance and removed first
 * thing when it is destroyed; debugfs_remove_recursive() waits for file
 * operations in progress, so none of them can touch a freed instance.
 */
#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <kunit/visibility.h>
#include "model.h"
#include "debugfs.h"

/* Words in the longest command: "sid ssid iova access priv" */
#define HW_DBG_MAX_WORDS	5

/**
 * struct hw_dbg_evlog_ent - one event the model tried to record
 * @seq: its number, counting from 0 since the instance was created
 * @evt: the record
 * @status: what became of it: 0 recorded, -ENOSPC dropped on overflow,
 *          -EAGAIN dropped because the queue was not writable, -EIO lost
 *          to an external abort of the queue write
 */
struct hw_dbg_evlog_ent {
	u64 seq;
	u64 evt[EVTQ_ENT_DWORDS];
	int status;
};

/**
 * struct hw_debug - debugfs state, event log and counters of one instance
 * @dir: the instance's directory (NULL if it could not be created)
 * @evlog_lock: protects @evlog and @evlog_seq; taken with interrupts off,
 *              innermost (callers of swsmmu_hw_dbg_event() hold reg_lock)
 * @evlog: the last HW_DBG_EVLOG_LEN events, at @seq % HW_DBG_EVLOG_LEN
 * @evlog_seq: events logged since creation
 * @evt_recorded: events written to the event queue
 * @evt_overflow: events dropped because the queue was full
 * @evt_unwritable: events dropped because the queue was disabled or an
 *                  EVTQ_ABT_ERR was active
 * @evt_abort: events lost to an external abort of the queue write
 * @cmds: commands executed without error
 * @cmd_err: command errors by CMDQ_CONS_ERR_* code ([0] counts all)
 * @query_lock: protects the queries below
 * @ste_set: @ste_sid was written
 * @ste_sid: StreamID of the ste file
 * @cd_set: @cd_sid and @cd_ssid were written
 * @cd_sid: StreamID of the cd file
 * @cd_ssid: SubstreamID of the cd file
 * @xl_set: @xl_txn and @xl_iova were written
 * @xl_txn: transaction of the translate file
 * @xl_iova: address of the translate file
 */
struct hw_debug {
	struct dentry *dir;

	/* Protects @evlog and @evlog_seq; innermost, interrupts off */
	spinlock_t evlog_lock;
	struct hw_dbg_evlog_ent evlog[HW_DBG_EVLOG_LEN];
	u64 evlog_seq;

	atomic64_t evt_recorded;
	atomic64_t evt_overflow;
	atomic64_t evt_unwritable;
	atomic64_t evt_abort;
	atomic64_t cmds;
	atomic64_t cmd_err[CMDQ_CONS_ERR_ATC_INV_SYNC + 1];

	/* Protects every field below */
	struct mutex query_lock;
	bool ste_set;
	u32 ste_sid;
	bool cd_set;
	u32 cd_sid;
	u32 cd_ssid;
	bool xl_set;
	struct swsmmu_txn xl_txn;
	u64 xl_iova;
};

/* /sys/kernel/debug/swsmmu/, shared by every instance */
static DEFINE_MUTEX(hw_dbg_root_lock);
/* Under hw_dbg_root_lock: the directory and the instances that use it */
static struct dentry *hw_dbg_root;
static unsigned int hw_dbg_root_users;

/* ---------------------------------------------------------------------- */
/* Hooks                                                                  */
/* ---------------------------------------------------------------------- */

/**
 * swsmmu_hw_dbg_event() - log an event record the model tried to write
 * @hw: the instance
 * @evt: the record
 * @status: 0 (recorded), -ENOSPC (dropped: overflow), -EAGAIN (dropped:
 *          queue disabled or aborted), -EIO (lost: external abort)
 *
 * Called by the event queue (evtq.c) for every non-stall event and for
 * every stall record once it is written or lost.  Any context; never
 * sleeps.
 */
void swsmmu_hw_dbg_event(struct swsmmu_hw *hw, const u64 evt[4], int status)
{
	struct hw_debug *d = hw->dbg;
	struct hw_dbg_evlog_ent *e;
	unsigned long flags;

	BUILD_BUG_ON(!is_power_of_2(HW_DBG_EVLOG_LEN));
	if (!d)
		return;
	switch (status) {
	case 0:
		atomic64_inc(&d->evt_recorded);
		break;
	case -ENOSPC:
		atomic64_inc(&d->evt_overflow);
		break;
	case -EIO:
		atomic64_inc(&d->evt_abort);
		break;
	default:
		atomic64_inc(&d->evt_unwritable);
		break;
	}

	spin_lock_irqsave(&d->evlog_lock, flags);
	e = &d->evlog[d->evlog_seq & (HW_DBG_EVLOG_LEN - 1)];
	e->seq = d->evlog_seq++;
	memcpy(e->evt, evt, sizeof(e->evt));
	e->status = status;
	spin_unlock_irqrestore(&d->evlog_lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_event);

/**
 * swsmmu_hw_dbg_cmd() - count one command the command queue executed
 * @hw: the instance
 * @err: its CMDQ_CONS_ERR_* outcome (CMDQ_CONS_ERR_NONE: consumed)
 *
 * Any context; never sleeps.
 */
void swsmmu_hw_dbg_cmd(struct swsmmu_hw *hw, int err)
{
	struct hw_debug *d = hw->dbg;

	if (!d)
		return;
	if (err == CMDQ_CONS_ERR_NONE) {
		atomic64_inc(&d->cmds);
		return;
	}
	atomic64_inc(&d->cmd_err[0]);
	if (err > 0 && err < ARRAY_SIZE(d->cmd_err))
		atomic64_inc(&d->cmd_err[err]);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_cmd);

/* ---------------------------------------------------------------------- */
/* Names                                                                  */
/* ---------------------------------------------------------------------- */

static const char *hw_dbg_config_name(unsigned int cfg)
{
	switch (cfg) {
	case STRTAB_STE_0_CFG_ABORT:
		return "ABORT";
	case STRTAB_STE_0_CFG_BYPASS:
		return "BYPASS";
	case STRTAB_STE_0_CFG_S1_TRANS:
		return "S1_TRANS";
	case STRTAB_STE_0_CFG_S2_TRANS:
		return "S2_TRANS";
	case STRTAB_STE_0_CFG_NESTED:
		return "NESTED";
	}
	return "RESERVED";
}

static const char *hw_dbg_s1fmt_name(unsigned int fmt)
{
	switch (fmt) {
	case STRTAB_STE_0_S1FMT_LINEAR:
		return "LINEAR";
	case STRTAB_STE_0_S1FMT_4K_L2:
		return "4K_L2";
	case STRTAB_STE_0_S1FMT_64K_L2:
		return "64K_L2";
	}
	return "RESERVED";
}

static const char *hw_dbg_s1dss_name(unsigned int dss)
{
	switch (dss) {
	case STRTAB_STE_1_S1DSS_TERMINATE:
		return "TERMINATE";
	case STRTAB_STE_1_S1DSS_BYPASS:
		return "BYPASS";
	case STRTAB_STE_1_S1DSS_SSID0:
		return "SSID0";
	}
	return "RESERVED";
}

static const char *hw_dbg_strw_name(unsigned int strw)
{
	switch (strw) {
	case STRTAB_STE_1_STRW_NSEL1:
		return "NS-EL1";
	case STRTAB_STE_1_STRW_EL2:
		return "EL2";
	}
	return "RESERVED";
}

static const char *hw_dbg_granule_name(unsigned int shift)
{
	switch (shift) {
	case 12:
		return "4K";
	case 14:
		return "16K";
	case 16:
		return "64K";
	}
	return "NONE";
}

static const char *hw_dbg_class_name(unsigned int class)
{
	switch (class) {
	case EVTQ_1_CLASS_CD:
		return "CD";
	case EVTQ_1_CLASS_TT:
		return "TT";
	case EVTQ_1_CLASS_IN:
		return "IN";
	}
	return "RESERVED";
}

static const char *hw_dbg_cerror_name(unsigned int err)
{
	switch (err) {
	case CMDQ_CONS_ERR_NONE:
		return "NONE";
	case CMDQ_CONS_ERR_ILL:
		return "ILL";
	case CMDQ_CONS_ERR_ABT:
		return "ABT";
	case CMDQ_CONS_ERR_ATC_INV_SYNC:
		return "ATC_INV_SYNC";
	}
	return "RESERVED";
}

static const char *hw_dbg_status_name(int status)
{
	switch (status) {
	case 0:
		return "recorded";
	case -ENOSPC:
		return "DROPPED:overflow";
	case -EIO:
		return "LOST:abort";
	}
	return "DROPPED:unwritable";
}

/* ---------------------------------------------------------------------- */
/* Parsing                                                                */
/* ---------------------------------------------------------------------- */

/*
 * Split @buf in place into at most @max blank-separated words.
 * Return: the number of words, or -EINVAL if there are more than @max.
 */
static int hw_dbg_split(char *buf, char **argv, int max)
{
	int argc = 0;
	char *w;

	while ((w = strsep(&buf, " \t\n"))) {
		if (!*w)
			continue;
		if (argc == max)
			return -EINVAL;
		argv[argc++] = w;
	}
	return argc;
}

static int hw_dbg_get_sid(const struct swsmmu_hw *hw, const char *s, u32 *sid)
{
	int ret = kstrtou32(s, 0, sid);

	if (ret)
		return ret;
	if (hw->feat.sid_bits < 32 && *sid >> hw->feat.sid_bits)
		return -ERANGE;
	return 0;
}

static int hw_dbg_get_ssid(const struct swsmmu_hw *hw, const char *s,
			   u32 *ssid)
{
	int ret = kstrtou32(s, 0, ssid);

	if (ret)
		return ret;
	if ((u64)*ssid >> hw->feat.ssid_bits)
		return -ERANGE;
	return 0;
}

/**
 * swsmmu_hw_dbg_parse_sid() - parse the command of the ste file: "<sid>"
 * @hw: the instance (for IDR1.SIDSIZE)
 * @buf: the command, NUL-terminated; modified
 * @sid: the StreamID
 *
 * Return: 0, -EINVAL (not exactly one number) or -ERANGE (@sid does not
 * fit SIDSIZE, or 32 bits).
 */
VISIBLE_IF_KUNIT
int swsmmu_hw_dbg_parse_sid(const struct swsmmu_hw *hw, char *buf, u32 *sid)
{
	char *argv[HW_DBG_MAX_WORDS];

	if (hw_dbg_split(buf, argv, 1) != 1)
		return -EINVAL;
	return hw_dbg_get_sid(hw, argv[0], sid);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_parse_sid);

/**
 * swsmmu_hw_dbg_parse_cd() - parse the command of the cd file: "<sid> <ssid>"
 * @hw: the instance (for IDR1.SIDSIZE and SSIDSIZE)
 * @buf: the command, NUL-terminated; modified
 * @sid: the StreamID
 * @ssid: the SubstreamID (the CD index; 0 for the only CD)
 *
 * Return: 0, -EINVAL (not exactly two numbers) or -ERANGE (a number does
 * not fit SIDSIZE or SSIDSIZE).
 */
VISIBLE_IF_KUNIT
int swsmmu_hw_dbg_parse_cd(const struct swsmmu_hw *hw, char *buf, u32 *sid,
			   u32 *ssid)
{
	char *argv[HW_DBG_MAX_WORDS];
	int ret;

	if (hw_dbg_split(buf, argv, 2) != 2)
		return -EINVAL;
	ret = hw_dbg_get_sid(hw, argv[0], sid);
	if (ret)
		return ret;
	return hw_dbg_get_ssid(hw, argv[1], ssid);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_parse_cd);

/**
 * swsmmu_hw_dbg_parse_txn() - parse the command of the translate file
 * @hw: the instance (for IDR1.SIDSIZE and SSIDSIZE)
 * @buf: "<sid> <ssid>|- <iova> r|w|x [priv]", NUL-terminated; modified
 * @txn: the transaction: StreamID, SubstreamID (SWSMMU_TXN_SSV unless
 *       "-"), SWSMMU_TXN_WRITE for w, SWSMMU_TXN_EXEC for x (an
 *       instruction fetch, a read), SWSMMU_TXN_PRIV for priv
 * @iova: the input address
 *
 * Return: 0, -EINVAL (four or five words of the wrong kind expected) or
 * -ERANGE (a number does not fit its field).
 */
VISIBLE_IF_KUNIT
int swsmmu_hw_dbg_parse_txn(const struct swsmmu_hw *hw, char *buf,
			    struct swsmmu_txn *txn, u64 *iova)
{
	char *argv[HW_DBG_MAX_WORDS];
	int argc, ret;

	memset(txn, 0, sizeof(*txn));
	argc = hw_dbg_split(buf, argv, HW_DBG_MAX_WORDS);
	if (argc != 4 && argc != 5)
		return -EINVAL;

	ret = hw_dbg_get_sid(hw, argv[0], &txn->sid);
	if (ret)
		return ret;
	if (strcmp(argv[1], "-")) {
		ret = hw_dbg_get_ssid(hw, argv[1], &txn->ssid);
		if (ret)
			return ret;
		txn->flags |= SWSMMU_TXN_SSV;
	}
	ret = kstrtou64(argv[2], 0, iova);
	if (ret)
		return ret;

	if (!strcmp(argv[3], "w"))
		txn->flags |= SWSMMU_TXN_WRITE;
	else if (!strcmp(argv[3], "x"))
		txn->flags |= SWSMMU_TXN_EXEC;
	else if (strcmp(argv[3], "r"))
		return -EINVAL;

	if (argc == 5) {
		if (strcmp(argv[4], "priv"))
			return -EINVAL;
		txn->flags |= SWSMMU_TXN_PRIV;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_parse_txn);

/* ---------------------------------------------------------------------- */
/* regs                                                                   */
/* ---------------------------------------------------------------------- */

/* log2 of the entries of a queue: Q_BASE.LOG2SIZE capped by IDR1 */
static unsigned int hw_dbg_q_log2(struct swsmmu_hw *hw, u8 q)
{
	u32 base_off, max;

	switch (q) {
	case HW_REG_Q_CMDQ:
		base_off = SMMU_CMDQ_BASE;
		max = hw->feat.cmdq_bits;
		break;
	case HW_REG_Q_EVTQ:
		base_off = SMMU_EVTQ_BASE;
		max = hw->feat.evtq_bits;
		break;
	default:
		base_off = SMMU_PRIQ_BASE;
		max = hw->feat.priq_bits;
		break;
	}
	return min_t(u32, FIELD_GET(Q_BASE_LOG2SIZE,
				    swsmmu_hw_read64(hw, base_off)), max);
}

static void hw_dbg_show_fields(struct seq_file *m,
			       const struct hw_reg_field *f, u64 val)
{
	for (; f && f->name; f++) {
		if (f->addr)
			seq_printf(m, " %s=0x%llx", f->name, val & f->mask);
		else
			seq_printf(m, " %s=%llu", f->name,
				   (val & f->mask) >> __ffs64(f->mask));
	}
}

/**
 * swsmmu_hw_dbg_show_regs() - generate the regs file
 * @m: where to print
 * @hw: the instance
 *
 * One line per register: name, value, then NAME=value for each field
 * (addresses in hex, in place; other fields in decimal).  PROD and CONS
 * registers also show IDX and WR (the wrap bit) for the queue's current
 * size; CMDQ_CONS names its ERR code.  A last line, active_errors, shows
 * the active global errors (GERROR ^ GERRORN).
 */
VISIBLE_IF_KUNIT
void swsmmu_hw_dbg_show_regs(struct seq_file *m, struct swsmmu_hw *hw)
{
	const struct hw_reg *r;
	unsigned int l;
	u32 gerror;
	u64 val;

	for (r = swsmmu_hw_regs; r < swsmmu_hw_regs + swsmmu_hw_nr_regs; r++) {
		if (r->is64) {
			val = swsmmu_hw_read64(hw, r->offset);
			seq_printf(m, "%-16s 0x%016llx", r->name, val);
		} else {
			val = swsmmu_hw_read32(hw, r->offset);
			seq_printf(m, "%-16s 0x%08llx", r->name, val);
		}
		if (r->q != HW_REG_Q_NONE) {
			l = hw_dbg_q_log2(hw, r->q);
			seq_printf(m, " IDX=%llu WR=%llu",
				   val & (BIT_ULL(l) - 1), (val >> l) & 1);
		}
		hw_dbg_show_fields(m, r->fields, val);
		if (r->offset == SMMU_CMDQ_CONS)
			seq_printf(m, "(%s)",
				   hw_dbg_cerror_name(FIELD_GET(CMDQ_CONS_ERR,
								val)));
		seq_putc(m, '\n');
	}
	gerror = swsmmu_hw_read32(hw, SMMU_GERROR) ^
		 swsmmu_hw_read32(hw, SMMU_GERRORN);
	seq_printf(m, "%-16s 0x%08x", "active_errors", gerror);
	hw_dbg_show_fields(m, swsmmu_hw_reg_find(SMMU_GERROR, false)->fields, gerror);
	seq_putc(m, '\n');
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_show_regs);

/* ---------------------------------------------------------------------- */
/* Structures in memory                                                   */
/* ---------------------------------------------------------------------- */

/* Print @n raw qwords from @pa, four per line */
static void hw_dbg_show_raw(struct seq_file *m, const char *what, u64 pa,
			    unsigned int n)
{
	unsigned int i;
	u64 q;

	seq_printf(m, "raw %s at 0x%llx:", what, pa);
	for (i = 0; i < n; i++) {
		if (i && !(i % 4))
			seq_puts(m, "\n ");
		if (hw_read_desc(pa + i * sizeof(u64), &q))
			seq_printf(m, " q%u=unreadable", i);
		else
			seq_printf(m, " q%u=0x%016llx", i, q);
	}
	seq_putc(m, '\n');
}

/* The steps of a lookup, as swsmmu_hw_fetch_ste() or swsmmu_hw_fetch_cd() took them */
static void hw_dbg_show_steps(struct seq_file *m, const struct hw_trace *t)
{
	const struct hw_trace_step *st;

	for (st = t->step; st < t->step + t->nr; st++) {
		if (st->kind == HW_TRACE_S2) {
			if (st->ok)
				seq_printf(m, "IPA 0x%llx -> PA 0x%llx\n",
					   st->addr, st->val);
			else
				seq_printf(m, "IPA 0x%llx: no stage-2 translation\n",
					   st->addr);
			continue;
		}
		seq_printf(m, "%s[0x%x] at 0x%llx: ",
			   st->kind == HW_TRACE_L1STD ? "L1STD" : "L1CD",
			   st->index, st->addr);
		if (!st->ok)
			seq_puts(m, "unreadable\n");
		else if (st->kind == HW_TRACE_L1STD)
			seq_printf(m, "0x%016llx Span=%llu L2Ptr=0x%llx\n",
				   st->val,
				   FIELD_GET(STRTAB_L1_DESC_SPAN, st->val),
				   st->val & STRTAB_L1_DESC_L2PTR);
		else
			seq_printf(m, "0x%016llx V=%d L2Ptr=0x%llx\n", st->val,
				   !!(st->val & CTXDESC_L1_DESC_V),
				   st->val & CTXDESC_L1_DESC_L2PTR);
	}
}

static void hw_dbg_show_reason(struct seq_file *m, const struct hw_trace *t)
{
	if (t->reason)
		seq_printf(m, "reason: %s\n", t->reason);
}

static void hw_dbg_show_fault(struct seq_file *m, const char *what, int id,
			      const struct hw_fault *f)
{
	seq_printf(m, "%s: %s(0x%x)", what, smmu_event_name(id), id);
	if (id == EVT_ID_STE_FETCH || id == EVT_ID_CD_FETCH ||
	    id == EVT_ID_WALK_EABT)
		seq_printf(m, " FetchAddr=0x%llx", f->fetch_addr);
	if (f->s2)
		seq_printf(m, " S2=1 CLASS=%s IPA=0x%llx",
			   hw_dbg_class_name(f->class), f->ipa);
	seq_putc(m, '\n');
}

static bool hw_dbg_ste_s1(const struct hw_ste *ste)
{
	return ste->config == STRTAB_STE_0_CFG_S1_TRANS ||
	       ste->config == STRTAB_STE_0_CFG_NESTED;
}

static bool hw_dbg_ste_s2(const struct hw_ste *ste)
{
	return ste->config == STRTAB_STE_0_CFG_S2_TRANS ||
	       ste->config == STRTAB_STE_0_CFG_NESTED;
}

static void hw_dbg_show_ste_s1(struct seq_file *m, const struct hw_ste *ste)
{
	seq_printf(m, "S1Fmt=%s S1ContextPtr=0x%llx S1CDMax=%u S1DSS=%s",
		   hw_dbg_s1fmt_name(ste->s1fmt), ste->s1ctxptr, ste->s1cdmax,
		   hw_dbg_s1dss_name(ste->s1dss));
}

static void hw_dbg_show_ste_fields(struct seq_file *m, struct swsmmu_hw *hw,
				   const struct hw_ste *ste)
{
	const struct hw_s2_cfg *s2 = &ste->s2;

	seq_printf(m, "V=1 Config=%s(%u)", hw_dbg_config_name(ste->config),
		   ste->config);
	if (ste->config == STRTAB_STE_0_CFG_ABORT) {
		seq_putc(m, '\n');
		return;
	}
	seq_printf(m, " STRW=%s PRIVCFG=%u INSTCFG=%u\n",
		   hw_dbg_strw_name(ste->strw), ste->privcfg, ste->instcfg);
	if (hw_dbg_ste_s1(ste)) {
		hw_dbg_show_ste_s1(m, ste);
		seq_printf(m, " S1STALLD=%d\n", ste->s1stalld);
	}
	if (hw->feat.s2 && ste->config != STRTAB_STE_0_CFG_BYPASS)
		seq_printf(m, "S2VMID=0x%x\n", s2->vmid);
	if (hw_dbg_ste_s2(ste))
		seq_printf(m, "S2TTB=0x%llx S2T0SZ=%u S2SL0=%u StartLevel=%u S2TG=%s S2PS=%u-bit S2AFFD=%d S2HA=%d S2R=%d S2S=%d S2PTW=%d\n",
			   s2->ttb, s2->t0sz, s2->sl0, s2->start_level,
			   hw_dbg_granule_name(s2->tg_shift), s2->ps_bits,
			   s2->affd, s2->ha, s2->record, s2->stall, s2->ptw);
}

/**
 * swsmmu_hw_dbg_show_ste() - generate the ste file for a StreamID
 * @m: where to print
 * @hw: the instance
 * @sid: the StreamID
 *
 * Shows the Stream table lookup (and the L1STD of a 2-level table), then
 * "result: OK" and the STE as swsmmu_hw_fetch_ste() decodes it (V=1 Config=...),
 * or "result: <event>(<id>)" with the fault's fields and "reason: <rule>",
 * then the raw qwords when the lookup reached an STE.  Everything comes
 * from swsmmu_hw_fetch_ste()'s trace: the lookup rules are written once.
 */
VISIBLE_IF_KUNIT
void swsmmu_hw_dbg_show_ste(struct seq_file *m, struct swsmmu_hw *hw, u32 sid)
{
	struct hw_trace t = { };
	struct hw_fault f = { };
	struct hw_ste ste;
	int ret;

	seq_printf(m, "StreamID 0x%x\n", sid);
	ret = swsmmu_hw_fetch_ste(hw, sid, &ste, &f, &t);
	seq_printf(m, "Stream table at 0x%llx LOG2SIZE=%u", t.st_base,
		   t.st_log2size);
	if (t.st_split)
		seq_printf(m, " FMT=2-level SPLIT=%u\n", t.st_split);
	else
		seq_puts(m, " FMT=linear\n");
	hw_dbg_show_steps(m, &t);
	if (ret) {
		hw_dbg_show_fault(m, "result", ret, &f);
		hw_dbg_show_reason(m, &t);
	} else {
		seq_puts(m, "result: OK\n");
		hw_dbg_show_ste_fields(m, hw, &ste);
	}
	if (t.reached)
		hw_dbg_show_raw(m, "STE", t.addr, STRTAB_STE_DWORDS);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_show_ste);

static void hw_dbg_show_cd_fields(struct seq_file *m,
				  const struct hw_s1_cfg *cd)
{
	unsigned int i;

	seq_printf(m, "V=1 ASID=0x%x IPS=%u-bit AFFD=%d HA=%d R=%d S=%d A=%d WXN=%d UWXN=%d PAN=%d\n",
		   cd->asid, cd->ips_bits, cd->affd, cd->ha, cd->record,
		   cd->stall, cd->abort, cd->wxn, cd->uwxn, cd->pan);
	for (i = 0; i < 2; i++) {
		if (cd->epd[i]) {
			seq_printf(m, "EPD%u=1\n", i);
			continue;
		}
		seq_printf(m, "TTB%u=0x%llx T%uSZ=%u TG%u=%s TBI%u=%d EPD%u=0\n",
			   i, cd->ttb[i], i, cd->tsz[i], i,
			   hw_dbg_granule_name(cd->tg_shift[i]), i, cd->tbi[i],
			   i);
	}
}

/**
 * swsmmu_hw_dbg_show_cd() - generate the cd file for a StreamID and SubstreamID
 * @m: where to print
 * @hw: the instance
 * @sid: the StreamID
 * @ssid: the SubstreamID (the CD's index in the STE's CD table)
 *
 * Shows the STE's stage-1 fields, the CD table lookup (the L1CD of a
 * 2-level table, the stage-2 translation of a nested STE), then
 * "result: OK" and the CD as swsmmu_hw_fetch_cd() decodes it, or
 * "result: <event>(<id>)" and "reason: <rule>", then the raw qwords when
 * the lookup reached a CD.
 */
VISIBLE_IF_KUNIT
void swsmmu_hw_dbg_show_cd(struct seq_file *m, struct swsmmu_hw *hw, u32 sid,
			   u32 ssid)
{
	struct hw_trace t = { };
	struct hw_fault f = { };
	struct hw_s1_cfg cd;
	struct hw_ste ste;
	int ret;

	seq_printf(m, "StreamID 0x%x SubstreamID 0x%x\n", sid, ssid);
	ret = swsmmu_hw_fetch_ste(hw, sid, &ste, &f, &t);
	if (ret) {
		hw_dbg_show_fault(m, "STE", ret, &f);
		hw_dbg_show_reason(m, &t);
		return;
	}
	seq_printf(m, "STE: Config=%s(%u)", hw_dbg_config_name(ste.config),
		   ste.config);
	if (!hw_dbg_ste_s1(&ste)) {
		seq_puts(m, ": no stage 1, no CD\n");
		return;
	}
	seq_putc(m, ' ');
	hw_dbg_show_ste_s1(m, &ste);
	seq_putc(m, '\n');

	memset(&t, 0, sizeof(t));
	ret = swsmmu_hw_fetch_cd(hw, &ste, ssid, &cd, &f, &t);
	hw_dbg_show_steps(m, &t);
	if (ret) {
		hw_dbg_show_fault(m, "result", ret, &f);
		hw_dbg_show_reason(m, &t);
	} else {
		seq_puts(m, "result: OK\n");
		hw_dbg_show_cd_fields(m, &cd);
	}
	if (t.reached)
		hw_dbg_show_raw(m, "CD", t.addr, CTXDESC_CD_DWORDS);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_show_cd);

/* ---------------------------------------------------------------------- */
/* Event records                                                          */
/* ---------------------------------------------------------------------- */

static bool hw_dbg_event_has_access(u8 id)
{
	switch (id) {
	case EVT_ID_WALK_EABT:
	case EVT_ID_TRANSLATION:
	case EVT_ID_ADDR_SIZE:
	case EVT_ID_ACCESS:
	case EVT_ID_PERMISSION:
		return true;
	}
	return false;
}

/* One event record: decoded fields on one line, the raw qwords on another */
static void hw_dbg_show_event(struct seq_file *m, const u64 *evt)
{
	u8 id = FIELD_GET(EVTQ_0_ID, evt[0]);

	seq_printf(m, "%s(0x%x) SID=0x%llx", smmu_event_name(id), id,
		   FIELD_GET(EVTQ_0_SID, evt[0]));
	if (id == EVT_ID_BAD_SUBSTREAMID)	/* always valid, no SSV */
		seq_printf(m, " SSID=0x%llx", FIELD_GET(EVTQ_0_SSID, evt[0]));
	else if (evt[0] & EVTQ_0_SSV)
		seq_printf(m, " SSV=1 SSID=0x%llx",
			   FIELD_GET(EVTQ_0_SSID, evt[0]));
	else
		seq_puts(m, " SSV=0");

	if (id == EVT_ID_STE_FETCH || id == EVT_ID_CD_FETCH)
		seq_printf(m, " FetchAddr=0x%llx", evt[3] & EVTQ_3_FETCH_ADDR);
	if (hw_dbg_event_has_access(id)) {
		seq_printf(m, " ADDR=0x%llx RnW=%d InD=%d PnU=%d",
			   evt[2], !!(evt[1] & EVTQ_1_RnW),
			   !!(evt[1] & EVTQ_1_InD), !!(evt[1] & EVTQ_1_PnU));
		if (evt[1] & EVTQ_1_STALL)
			seq_printf(m, " STALL=1 STAG=0x%llx",
				   FIELD_GET(EVTQ_1_STAG, evt[1]));
		else
			seq_puts(m, " STALL=0");
		/* CLASS: IN or TT for stage 1 too (TT only for F_WALK_EABT) */
		seq_printf(m, " S2=%d CLASS=%s", !!(evt[1] & EVTQ_1_S2),
			   hw_dbg_class_name(FIELD_GET(EVTQ_1_CLASS, evt[1])));
		if (evt[1] & EVTQ_1_S2)
			seq_printf(m, " TTRnW=%d NSIPA=%d",
				   !!(evt[1] & EVTQ_1_TT_READ),
				   !!(evt[1] & EVTQ_1_NSIPA));
		if (id == EVT_ID_WALK_EABT)
			seq_printf(m, " FetchAddr=0x%llx",
				   evt[3] & EVTQ_3_FETCH_ADDR);
		else if (evt[1] & EVTQ_1_S2)
			seq_printf(m, " IPA=0x%llx", evt[3] & EVTQ_3_IPA);
	}
	seq_printf(m, "\n  raw q0=0x%016llx q1=0x%016llx q2=0x%016llx q3=0x%016llx\n",
		   evt[0], evt[1], evt[2], evt[3]);
}

/*
 * The rule behind a configuration fault of a transaction: the STE and CD
 * lookups run again, traced, as the transaction ran them.
 */
static void hw_dbg_xlate_reason(struct seq_file *m, struct swsmmu_hw *hw,
				const struct swsmmu_txn *txn, u8 id)
{
	u32 ssid = (txn->flags & SWSMMU_TXN_SSV) ? txn->ssid : 0;
	struct hw_trace t = { };
	struct hw_fault f = { };
	struct hw_s1_cfg cd;
	struct hw_ste ste;

	switch (id) {
	case EVT_ID_BAD_STREAMID:
	case EVT_ID_STE_FETCH:
	case EVT_ID_BAD_STE:
	case EVT_ID_BAD_SUBSTREAMID:
	case EVT_ID_CD_FETCH:
	case EVT_ID_BAD_CD:
		break;
	default:
		return;
	}
	if (!swsmmu_hw_fetch_ste(hw, txn->sid, &ste, &f, &t))
		swsmmu_hw_fetch_cd(hw, &ste, ssid, &cd, &f, &t);
	hw_dbg_show_reason(m, &t);
}

/**
 * swsmmu_hw_dbg_show_xlate() - generate the translate file for a transaction
 * @m: where to print
 * @hw: the instance
 * @txn: the transaction
 * @iova: its input address
 *
 * Shows the transaction, then "result: OK PA=... size=... prot=rwx", or
 * "result: fault <event>(<id>)" (with ", not recorded" when the
 * configuration would terminate it without an event record) and the
 * event record, then for a configuration error "reason: <rule>", or
 * "result: terminated silently" for an abort without a record (abort
 * STE, GBPA.ABORT).
 */
VISIBLE_IF_KUNIT
void swsmmu_hw_dbg_show_xlate(struct seq_file *m, struct swsmmu_hw *hw,
			      const struct swsmmu_txn *txn, u64 iova)
{
	struct swsmmu_xlate xl;
	u8 id;

	seq_printf(m, "StreamID 0x%x SubstreamID ", txn->sid);
	if (txn->flags & SWSMMU_TXN_SSV)
		seq_printf(m, "0x%x", txn->ssid);
	else
		seq_putc(m, '-');
	seq_printf(m, " IOVA 0x%llx %s %s\n", iova,
		   (txn->flags & SWSMMU_TXN_WRITE) ? "write" :
		   (txn->flags & SWSMMU_TXN_EXEC) ? "exec" : "read",
		   (txn->flags & SWSMMU_TXN_PRIV) ? "priv" : "unpriv");

	if (!swsmmu_hw_translate(hw, txn, iova, &xl)) {
		seq_printf(m, "result: OK PA=0x%llx size=0x%llx prot=%c%c%c\n",
			   xl.pa, xl.size,
			   (xl.prot & SWSMMU_PROT_R) ? 'r' : '-',
			   (xl.prot & SWSMMU_PROT_W) ? 'w' : '-',
			   (xl.prot & SWSMMU_PROT_X) ? 'x' : '-');
		return;
	}
	id = FIELD_GET(EVTQ_0_ID, xl.event[0]);
	if (!id) {
		seq_puts(m, "result: terminated silently\n");
		return;
	}
	seq_printf(m, "result: fault %s(0x%x)%s\nevent: ", smmu_event_name(id),
		   id, xl.silent ? ", not recorded" : "");
	hw_dbg_show_event(m, xl.event);
	hw_dbg_xlate_reason(m, hw, txn, id);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_show_xlate);

/**
 * swsmmu_hw_dbg_show_events() - generate the events file
 * @m: where to print
 * @hw: the instance
 *
 * A header line ("<n> events logged, last <k> shown"), then for each of the
 * last HW_DBG_EVLOG_LEN events, oldest first: "#<seq> <status> " and the
 * decoded record, then its raw qwords.
 *
 * Return: 0 or -ENOMEM.
 */
VISIBLE_IF_KUNIT
int swsmmu_hw_dbg_show_events(struct seq_file *m, struct swsmmu_hw *hw)
{
	struct hw_debug *d = hw->dbg;
	struct hw_dbg_evlog_ent *snap, *e;
	unsigned long flags;
	unsigned int n, i;
	u64 seq;

	if (!d)
		return 0;
	snap = kmalloc(sizeof(d->evlog), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	spin_lock_irqsave(&d->evlog_lock, flags);
	memcpy(snap, d->evlog, sizeof(d->evlog));
	seq = d->evlog_seq;
	spin_unlock_irqrestore(&d->evlog_lock, flags);

	n = min_t(u64, seq, HW_DBG_EVLOG_LEN);
	seq_printf(m, "%llu events logged, last %u shown\n", seq, n);
	for (i = 0; i < n; i++) {
		e = &snap[(seq - n + i) & (HW_DBG_EVLOG_LEN - 1)];
		seq_printf(m, "#%llu %s ", e->seq, hw_dbg_status_name(e->status));
		hw_dbg_show_event(m, e->evt);
	}
	kfree(snap);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_show_events);

/**
 * swsmmu_hw_dbg_show_counters() - generate the counters file
 * @m: where to print
 * @hw: the instance
 *
 * One "name value" pair per line.
 */
VISIBLE_IF_KUNIT
void swsmmu_hw_dbg_show_counters(struct seq_file *m, struct swsmmu_hw *hw)
{
	struct hw_debug *d = hw->dbg;

	if (!d)
		return;
	seq_printf(m, "events_recorded %lld\n",
		   atomic64_read(&d->evt_recorded));
	seq_printf(m, "events_dropped_overflow %lld\n",
		   atomic64_read(&d->evt_overflow));
	seq_printf(m, "events_dropped_unwritable %lld\n",
		   atomic64_read(&d->evt_unwritable));
	seq_printf(m, "events_lost_abort %lld\n",
		   atomic64_read(&d->evt_abort));
	seq_printf(m, "commands %lld\n", atomic64_read(&d->cmds));
	seq_printf(m, "command_errors %lld\n", atomic64_read(&d->cmd_err[0]));
	seq_printf(m, "command_errors_ill %lld\n",
		   atomic64_read(&d->cmd_err[CMDQ_CONS_ERR_ILL]));
	seq_printf(m, "command_errors_abt %lld\n",
		   atomic64_read(&d->cmd_err[CMDQ_CONS_ERR_ABT]));
	seq_printf(m, "command_errors_atc_inv_sync %lld\n",
		   atomic64_read(&d->cmd_err[CMDQ_CONS_ERR_ATC_INV_SYNC]));
	seq_printf(m, "stalls_outstanding %u\n", READ_ONCE(hw->nr_stalls));
	/* Translation, cache, PRI and stall counters (stats.c) */
	hw_stats_print(hw, m);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_dbg_show_counters);

/* ---------------------------------------------------------------------- */
/* Files                                                                  */
/* ---------------------------------------------------------------------- */

/* A command written to a file, NUL-terminated, or an ERR_PTR() */
static char *hw_dbg_get_cmd(const char __user *ubuf, size_t count)
{
	char *buf;

	if (!count || count > HW_DBG_CMD_MAX)
		return ERR_PTR(-EINVAL);
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return buf;
	if (strlen(buf) != count) {
		kfree(buf);
		return ERR_PTR(-EINVAL);
	}
	return buf;
}

static struct swsmmu_hw *hw_dbg_file_hw(struct file *file)
{
	struct seq_file *m = file->private_data;

	return m->private;
}

static int hw_dbg_regs_show(struct seq_file *m, void *v)
{
	swsmmu_hw_dbg_show_regs(m, m->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hw_dbg_regs);

static int hw_dbg_events_show(struct seq_file *m, void *v)
{
	return swsmmu_hw_dbg_show_events(m, m->private);
}
DEFINE_SHOW_ATTRIBUTE(hw_dbg_events);

static int hw_dbg_counters_show(struct seq_file *m, void *v)
{
	swsmmu_hw_dbg_show_counters(m, m->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hw_dbg_counters);

/* strict/reports: what strict mode caught the driver doing (strict.c) */
static int hw_dbg_strict_reports_show(struct seq_file *m, void *v)
{
	return hw_strict_print(m->private, m);
}
DEFINE_SHOW_ATTRIBUTE(hw_dbg_strict_reports);

static int hw_dbg_ste_show(struct seq_file *m, void *v)
{
	struct swsmmu_hw *hw = m->private;
	struct hw_debug *d = hw->dbg;
	bool set;
	u32 sid;

	mutex_lock(&d->query_lock);
	set = d->ste_set;
	sid = d->ste_sid;
	mutex_unlock(&d->query_lock);
	if (set)
		swsmmu_hw_dbg_show_ste(m, hw, sid);
	else
		seq_puts(m, "write a StreamID first\n");
	return 0;
}

static ssize_t hw_dbg_ste_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct swsmmu_hw *hw = hw_dbg_file_hw(file);
	struct hw_debug *d = hw->dbg;
	char *buf;
	u32 sid;
	int ret;

	buf = hw_dbg_get_cmd(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = swsmmu_hw_dbg_parse_sid(hw, buf, &sid);
	kfree(buf);
	if (ret)
		return ret;
	mutex_lock(&d->query_lock);
	d->ste_sid = sid;
	d->ste_set = true;
	mutex_unlock(&d->query_lock);
	return count;
}
DEFINE_SHOW_STORE_ATTRIBUTE(hw_dbg_ste);

static int hw_dbg_cd_show(struct seq_file *m, void *v)
{
	struct swsmmu_hw *hw = m->private;
	struct hw_debug *d = hw->dbg;
	u32 sid, ssid;
	bool set;

	mutex_lock(&d->query_lock);
	set = d->cd_set;
	sid = d->cd_sid;
	ssid = d->cd_ssid;
	mutex_unlock(&d->query_lock);
	if (set)
		swsmmu_hw_dbg_show_cd(m, hw, sid, ssid);
	else
		seq_puts(m, "write a StreamID and a SubstreamID first\n");
	return 0;
}

static ssize_t hw_dbg_cd_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct swsmmu_hw *hw = hw_dbg_file_hw(file);
	struct hw_debug *d = hw->dbg;
	u32 sid, ssid;
	char *buf;
	int ret;

	buf = hw_dbg_get_cmd(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = swsmmu_hw_dbg_parse_cd(hw, buf, &sid, &ssid);
	kfree(buf);
	if (ret)
		return ret;
	mutex_lock(&d->query_lock);
	d->cd_sid = sid;
	d->cd_ssid = ssid;
	d->cd_set = true;
	mutex_unlock(&d->query_lock);
	return count;
}
DEFINE_SHOW_STORE_ATTRIBUTE(hw_dbg_cd);

static int hw_dbg_translate_show(struct seq_file *m, void *v)
{
	struct swsmmu_hw *hw = m->private;
	struct hw_debug *d = hw->dbg;
	struct swsmmu_txn txn;
	bool set;
	u64 iova;

	mutex_lock(&d->query_lock);
	set = d->xl_set;
	txn = d->xl_txn;
	iova = d->xl_iova;
	mutex_unlock(&d->query_lock);
	if (set)
		swsmmu_hw_dbg_show_xlate(m, hw, &txn, iova);
	else
		seq_puts(m, "write \"<sid> <ssid>|- <iova> r|w|x [priv]\" first\n");
	return 0;
}

static ssize_t hw_dbg_translate_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct swsmmu_hw *hw = hw_dbg_file_hw(file);
	struct hw_debug *d = hw->dbg;
	struct swsmmu_txn txn;
	char *buf;
	u64 iova;
	int ret;

	buf = hw_dbg_get_cmd(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = swsmmu_hw_dbg_parse_txn(hw, buf, &txn, &iova);
	kfree(buf);
	if (ret)
		return ret;
	mutex_lock(&d->query_lock);
	d->xl_txn = txn;
	d->xl_iova = iova;
	d->xl_set = true;
	mutex_unlock(&d->query_lock);
	return count;
}
DEFINE_SHOW_STORE_ATTRIBUTE(hw_dbg_translate);

/* ---------------------------------------------------------------------- */
/* Life cycle                                                             */
/* ---------------------------------------------------------------------- */

/* Under hw_dbg_root_lock: the instance's directory, or NULL */
static struct dentry *hw_dbg_create_dir(const char *name)
{
	struct dentry *dir;

	lockdep_assert_held(&hw_dbg_root_lock);
	if (!hw_dbg_root) {
		dir = debugfs_create_dir("swsmmu", NULL);
		if (IS_ERR(dir))
			return NULL;
		hw_dbg_root = dir;
	}
	/* Two instances of one name (KUnit's): the first one keeps it */
	dir = debugfs_lookup(name, hw_dbg_root);
	if (dir) {
		dput(dir);
		dir = NULL;
	} else {
		dir = debugfs_create_dir(name, hw_dbg_root);
		if (IS_ERR(dir))
			dir = NULL;
	}
	if (dir) {
		hw_dbg_root_users++;
	} else if (!hw_dbg_root_users) {
		debugfs_remove(hw_dbg_root);
		hw_dbg_root = NULL;
	}
	return dir;
}

/**
 * hw_debugfs_init() - create an instance's debugfs state and files
 * @hw: the new instance, not yet in use
 *
 * Allocates the event log and the counters and creates
 * /sys/kernel/debug/swsmmu/<name>/.  Failures are not fatal: the instance
 * then has no debugfs directory (and, without memory, no event log or
 * counters either).  Process context.
 */
void hw_debugfs_init(struct swsmmu_hw *hw)
{
	struct dentry *dir, *sdir;
	struct hw_debug *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return;
	spin_lock_init(&d->evlog_lock);
	mutex_init(&d->query_lock);
	hw->dbg = d;

	mutex_lock(&hw_dbg_root_lock);
	dir = hw_dbg_create_dir(hw->name);
	mutex_unlock(&hw_dbg_root_lock);
	if (!dir)
		return;
	d->dir = dir;
	debugfs_create_file("regs", 0400, dir, hw, &hw_dbg_regs_fops);
	debugfs_create_file("ste", 0600, dir, hw, &hw_dbg_ste_fops);
	debugfs_create_file("cd", 0600, dir, hw, &hw_dbg_cd_fops);
	debugfs_create_file("translate", 0600, dir, hw,
			    &hw_dbg_translate_fops);
	debugfs_create_file("events", 0400, dir, hw, &hw_dbg_events_fops);
	debugfs_create_file("counters", 0400, dir, hw, &hw_dbg_counters_fops);
	hw_inject_debugfs(hw, dir);
	sdir = debugfs_create_dir("strict", dir);
	debugfs_create_file("reports", 0400, sdir, hw,
			    &hw_dbg_strict_reports_fops);
}

/**
 * hw_debugfs_exit() - remove an instance's debugfs files and state
 * @hw: the instance, about to be freed
 *
 * Removes the directory, with anything the driver half left in it, and
 * waits for file operations in progress.  Process context.
 */
void hw_debugfs_exit(struct swsmmu_hw *hw)
{
	struct hw_debug *d = hw->dbg;

	if (!d)
		return;
	if (d->dir) {
		mutex_lock(&hw_dbg_root_lock);
		debugfs_remove_recursive(d->dir);
		if (!--hw_dbg_root_users) {
			debugfs_remove(hw_dbg_root);
			hw_dbg_root = NULL;
		}
		mutex_unlock(&hw_dbg_root_lock);
	}
	hw->dbg = NULL;
	mutex_destroy(&d->query_lock);
	kfree(d);
}

/**
 * swsmmu_hw_debugfs_dir() - the instance's debugfs directory
 * @hw: the instance
 *
 * The driver half may create its own files and directories in it; they
 * must be removed before swsmmu_hw_destroy(), which removes the directory
 * (and anything left in it).
 *
 * Return: the directory, or NULL when the instance has none (debugfs is
 * unavailable, or another instance has the same name).
 */
struct dentry *swsmmu_hw_debugfs_dir(struct swsmmu_hw *hw)
{
	return hw->dbg ? hw->dbg->dir : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_debugfs_dir);
