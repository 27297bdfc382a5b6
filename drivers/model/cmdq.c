// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the command queue.  Every command is decoded and
 * executed here: CFGI and TLBI commands call the caches (cfgcache.c,
 * tlb.c) directly, CMD_SYNC waits for transactions in flight (sync.c),
 * CMD_PRI_RESP answers a Page Request Group (pri.c), CMD_RESUME and
 * CMD_STALL_TERM release stalls (stall.c).
 *
 * Commands are consumed synchronously in the context of the register write
 * that makes them available (CMDQ_PROD, CR0.CMDQEN 0->1, or the GERRORN
 * write that acknowledges a command error): the model is a very fast SMMU.
 * PROD is stored under reg_lock; consumption then runs under cmdq_lock with
 * reg_lock taken only around register accesses, so that a command never
 * executes under reg_lock.  Nothing in command execution sleeps (drivers
 * write CMDQ_PROD in atomic context).  CONS advances after each command has
 * completed.  A CMD_SYNC advances CONS before it signals completion, so that
 * observing the MSI (or the interrupt) implies observing the consumption.
 *
 * Legality rules (ARM IHI 0070 chapter 4; CERROR_ILL unless stated):
 *  - Reserved and unimplemented opcodes (anything not listed below; also
 *    the Secure-only CMD_TLBI_S_* / CMD_TLBI_SNH_ALL, and CMD_DPTI_*).
 *  - SSec == 1 on any command that has the field (PREFETCH_*, CFGI_*,
 *    RESUME, STALL_TERM): this is the Non-secure Command queue (4.1.6).
 *  - CMD_CFGI_VMS_PIDM: no MPAM (IDR3.MPAM == 0).
 *  - CMD_CFGI_CD, CMD_CFGI_CD_ALL: without stage 1 (IDR0.S1P == 0).
 *  - CMD_TLBI_NH_*: without stage 1.
 *  - CMD_TLBI_EL3_*: always (Secure Command queue only).
 *  - CMD_TLBI_EL2_*: always (IDR0.HYP == 0).
 *  - CMD_TLBI_S12_VMALL, CMD_TLBI_S2_IPA: without stage 2 (IDR0.S2P == 0).
 *  - CMD_ATC_INV: without IDR0.ATS (ats.c has the rest).
 *  - CMD_PRI_RESP: without IDR0.PRI; Resp == 0b11 (Reserved).
 *  - CMD_RESUME, CMD_STALL_TERM: without the stall model
 *    (IDR0.STALL_MODEL == 0b01).
 *  - CMD_SYNC: CS == 0b11 (Reserved).
 *  - ASID[15:8] != 0 without IDR0.ASID16, VMID[15:8] != 0 without
 *    IDR0.VMID16 (RES0 fields, 4.4; checking them is permitted by 4.1.5).
 *    The VMID of CMD_TLBI_NH_* is wholly RES0 without stage 2 and is not
 *    checked (4.4.2); it is decoded as 0.
 *  - Address-based TLBIs (NH_VA, NH_VAA, S2_IPA), 4.4.1.1:
 *    TG, TTL, NUM or SCALE != 0 without IDR3.RIL (RES0);
 *    TG == 0 with TTL, NUM or SCALE != 0 (RES0);
 *    TG != 0 with NUM == SCALE == TTL == 0 (Reserved combination);
 *    TG == 16KB with TTL == 0b01 without IDR5.DS (which we do not have).
 * Not errors:
 *  - PREFETCH_* are consumed with no effect (nothing is cached).  An
 *    out-of-range SubstreamID never causes a prefetch error (4.2).
 *  - CMD_SYNC with CS == SIG_SEV without IDR0.SEV behaves as SIG_NONE
 *    (4.7.3); with IDR0.SEV the event is not modelled either.
 *  - CMD_PRI_RESP with SSV == 1 and a SubstreamID out of range (including
 *    SSIDSIZE == 0) has no effect: the CONSTRAINED UNPREDICTABLE choice of
 *    4.1.7/4.5.2.  CMD_PRI_RESP while SMMUEN == 0 is IGNORED (4.5.2).
 *  - CMD_RESUME naming no outstanding stall of that StreamID: no effect.
 *    Resp == 0b11 is Ac == 1 (retry), Ab ignored.
 *  - StreamIDs beyond SIDSIZE and other out-of-range parameters are passed
 *    to the invalidation hooks unchanged (they match nothing cached).
 *  - Other RES0 fields are ignored.
 * A command queue fetch that hits non-RAM is CERROR_ABT.  On an error CONS
 * keeps pointing at the failing command, CONS.ERR holds the code and
 * GERROR.CMDQ_ERR is activated; consumption resumes at CONS (CONS.ERR
 * cleared) when software acknowledges it in GERRORN.
 *
 * CMD_SYNC with CS == SIG_IRQ raises the wired SWSMMU_IRQ_CMD_SYNC line
 * and, with IDR0.MSI and MSIAddress != 0, writes MSIData (32 bits) to
 * MSIAddress; a write to non-RAM activates GERROR.MSI_CMDQ_ABT_ERR.
 */
#include <linux/bitfield.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include "model.h"
#include "model_trace.h"

/* ---------------------------------------------------------------------- */
/* Command decoding                                                       */
/* ---------------------------------------------------------------------- */

static bool hw_cmd_has_ssec(u8 op)
{
	switch (op) {
	case CMDQ_OP_PREFETCH_CONFIG:
	case CMDQ_OP_PREFETCH_ADDR:
	case CMDQ_OP_CFGI_STE:
	case CMDQ_OP_CFGI_STE_RANGE:
	case CMDQ_OP_CFGI_CD:
	case CMDQ_OP_CFGI_CD_ALL:
	case CMDQ_OP_CFGI_VMS_PIDM:
	case CMDQ_OP_RESUME:
	case CMDQ_OP_STALL_TERM:
		return true;
	}
	return false;
}

/* Upper byte of a 16-bit ASID or VMID must be zero without ASID16/VMID16 */
static bool hw_id16_ok(u16 id, bool wide)
{
	return wide || id <= U8_MAX;
}

/* KUnit builds record what the invalidations were given (hw->ktrace) */
static void hw_cmd_trace_cfgi(struct swsmmu_hw *hw, const struct hw_cfgi *c)
{
#if IS_ENABLED(CONFIG_KUNIT)
	hw->ktrace.nr_cfg++;
	hw->ktrace.cfg = *c;
#endif
}

static void hw_cmd_trace_tlbi(struct swsmmu_hw *hw, const struct hw_tlbi *t)
{
#if IS_ENABLED(CONFIG_KUNIT)
	hw->ktrace.nr_tlb++;
	hw->ktrace.tlb = *t;
#endif
}

static int hw_cmd_cfgi(struct swsmmu_hw *hw, const u64 *cmd, u8 op)
{
	struct hw_cfgi c = {
		.sid = FIELD_GET(CMDQ_CFGI_0_SID, cmd[0]),
		.nr_sids = 1,
	};
	unsigned int range, n;

	switch (op) {
	case CMDQ_OP_CFGI_STE:
		c.op = HW_CFGI_STE;
		c.leaf = cmd[1] & CMDQ_CFGI_1_LEAF;
		break;
	case CMDQ_OP_CFGI_STE_RANGE:
		range = FIELD_GET(CMDQ_CFGI_1_RANGE, cmd[1]);
		c.nr_sids = BIT_ULL(range + 1);
		/* the bottom Range+1 bits of StreamID are ignored */
		c.sid &= ~(u32)(c.nr_sids - 1);
		c.op = range == CMDQ_CFGI_1_RANGE_ALL ? HW_CFGI_ALL :
							HW_CFGI_STE_RANGE;
		break;
	case CMDQ_OP_CFGI_CD:
		if (!hw->feat.s1)
			return CMDQ_CONS_ERR_ILL;
		c.op = HW_CFGI_CD;
		c.ssid = FIELD_GET(CMDQ_CFGI_0_SSID, cmd[0]);
		c.leaf = cmd[1] & CMDQ_CFGI_1_LEAF;
		break;
	case CMDQ_OP_CFGI_CD_ALL:
		if (!hw->feat.s1)
			return CMDQ_CONS_ERR_ILL;
		c.op = HW_CFGI_CD_ALL;
		break;
	default:
		return CMDQ_CONS_ERR_ILL;
	}
	hw_cmd_trace_cfgi(hw, &c);
	hw_stat_inc(hw, HW_STAT_CFGI);
	n = hw_cfgcache_invalidate(hw, &c);
	trace_swsmmu_cfgi(hw->name, c.op, c.sid, c.nr_sids, c.ssid, n);
	return CMDQ_CONS_ERR_NONE;
}

/* NUM, SCALE, TG and TTL of an address-based TLBI (4.4.1.1) */
static int hw_cmd_tlbi_range(struct swsmmu_hw *hw, const u64 *cmd,
			     struct hw_tlbi *t)
{
	t->num = FIELD_GET(CMDQ_TLBI_0_NUM, cmd[0]);
	t->scale = FIELD_GET(CMDQ_TLBI_0_SCALE, cmd[0]);
	t->tg = FIELD_GET(CMDQ_TLBI_1_TG, cmd[1]);
	t->ttl = FIELD_GET(CMDQ_TLBI_1_TTL, cmd[1]);
	t->leaf = cmd[1] & CMDQ_TLBI_1_LEAF;

	if (!t->tg) {
		/* NUM, SCALE and TTL are RES0 with TG == 0, and without RIL */
		if (t->num || t->scale || t->ttl)
			return CMDQ_CONS_ERR_ILL;
		return CMDQ_CONS_ERR_NONE;
	}
	if (!hw->feat.ril)
		return CMDQ_CONS_ERR_ILL;
	/* a granule with neither a range nor a level hint is Reserved */
	if (!t->num && !t->scale && !t->ttl)
		return CMDQ_CONS_ERR_ILL;
	/* level 1 of a 16KB granule only exists with IDR5.DS */
	if (t->tg == CMDQ_TLBI_TG_16K && t->ttl == 1)
		return CMDQ_CONS_ERR_ILL;
	/* TG 1, 2, 3 encode 4KB, 16KB, 64KB: shift 12, 14, 16 */
	t->tg_shift = 10 + 2 * t->tg;
	t->size = (u64)(t->num + 1) << (t->scale + t->tg_shift);
	return CMDQ_CONS_ERR_NONE;
}

static int hw_cmd_tlbi(struct swsmmu_hw *hw, const u64 *cmd, u8 op)
{
	struct hw_tlbi t = {};
	bool nh = false, has_asid = false, has_vmid = true, addr = false;
	unsigned int n;
	int err;

	switch (op) {
	case CMDQ_OP_TLBI_NH_ALL:
		t.op = HW_TLBI_NH_ALL;
		nh = true;
		break;
	case CMDQ_OP_TLBI_NH_ASID:
		t.op = HW_TLBI_NH_ASID;
		nh = true;
		has_asid = true;
		break;
	case CMDQ_OP_TLBI_NH_VA:
		t.op = HW_TLBI_NH_VA;
		nh = true;
		has_asid = true;
		addr = true;
		t.addr = cmd[1] & CMDQ_TLBI_1_VA;
		break;
	case CMDQ_OP_TLBI_NH_VAA:
		t.op = HW_TLBI_NH_VAA;
		nh = true;
		addr = true;
		t.addr = cmd[1] & CMDQ_TLBI_1_VA;
		break;
	case CMDQ_OP_TLBI_S12_VMALL:
		t.op = HW_TLBI_S12_VMALL;
		break;
	case CMDQ_OP_TLBI_S2_IPA:
		t.op = HW_TLBI_S2_IPA;
		addr = true;
		t.addr = cmd[1] & CMDQ_TLBI_1_IPA;
		break;
	case CMDQ_OP_TLBI_NSNH_ALL:
		t.op = HW_TLBI_NSNH_ALL;
		has_vmid = false;
		break;
	default:
		return CMDQ_CONS_ERR_ILL;
	}

	if (nh && !hw->feat.s1)
		return CMDQ_CONS_ERR_ILL;
	if (!nh && has_vmid && !hw->feat.s2)
		return CMDQ_CONS_ERR_ILL;
	/* VMID of NH commands is RES0 (not matched) without stage 2 */
	if (nh && !hw->feat.s2)
		has_vmid = false;

	if (has_vmid) {
		t.vmid = FIELD_GET(CMDQ_TLBI_0_VMID, cmd[0]);
		if (!hw_id16_ok(t.vmid, hw->feat.vmid16))
			return CMDQ_CONS_ERR_ILL;
	}
	if (has_asid) {
		t.asid = FIELD_GET(CMDQ_TLBI_0_ASID, cmd[0]);
		if (!hw_id16_ok(t.asid, hw->feat.asid16))
			return CMDQ_CONS_ERR_ILL;
	}
	if (addr) {
		err = hw_cmd_tlbi_range(hw, cmd, &t);
		if (err)
			return err;
	}
	hw_cmd_trace_tlbi(hw, &t);
	hw_stat_inc(hw, HW_STAT_TLBI);
	n = swsmmu_hw_tlb_invalidate(hw, &t);
	trace_swsmmu_tlbi(hw->name, t.op, t.asid, t.vmid, t.addr, t.size, t.leaf,
			  n);
	return CMDQ_CONS_ERR_NONE;
}

/* ---------------------------------------------------------------------- */
/* Command execution                                                      */
/* ---------------------------------------------------------------------- */

static int hw_cmd_sync(struct swsmmu_hw *hw, const u64 *cmd, bool *signal)
{
	u8 cs = FIELD_GET(CMDQ_SYNC_0_CS, cmd[0]);

	if (cs > CMDQ_SYNC_0_CS_SEV)
		return CMDQ_CONS_ERR_ILL;
	hw_sync_inflight(hw);
	*signal = cs == CMDQ_SYNC_0_CS_IRQ;
	return CMDQ_CONS_ERR_NONE;
}

/* Completion signal of a CMD_SYNC with CS == SIG_IRQ, after CONS moved */
static void hw_cmd_sync_signal(struct swsmmu_hw *hw, const u64 *cmd)
{
	unsigned long rflags;
	u64 addr = cmd[1] & CMDQ_SYNC_1_MSIADDR;

	if (hw->feat.msi && addr &&
	    (hw_inject(hw, HW_INJ_MSI_WRITE) ||
	     hw_write32_pa(addr, FIELD_GET(CMDQ_SYNC_0_MSIDATA, cmd[0])))) {
		spin_lock_irqsave(&hw->reg_lock, rflags);
		hw_gerror_raise(hw, GERROR_MSI_CMDQ_ABT_ERR);
		spin_unlock_irqrestore(&hw->reg_lock, rflags);
	}
	hw_raise_irq(hw, SWSMMU_IRQ_CMD_SYNC);
}

/* Execute one command; returns a CMDQ_CONS_ERR_* code */
static int hw_cmd_exec(struct swsmmu_hw *hw, const u64 *cmd, bool *signal)
{
	u8 op = FIELD_GET(CMDQ_0_OP, cmd[0]);

	if (hw_cmd_has_ssec(op) && (cmd[0] & CMDQ_0_SSEC))
		return CMDQ_CONS_ERR_ILL;

	switch (op) {
	case CMDQ_OP_PREFETCH_CONFIG:
	case CMDQ_OP_PREFETCH_ADDR:
		/* Nothing is cached, so there is nothing to prefetch */
		return CMDQ_CONS_ERR_NONE;
	case CMDQ_OP_CFGI_STE:
	case CMDQ_OP_CFGI_STE_RANGE:
	case CMDQ_OP_CFGI_CD:
	case CMDQ_OP_CFGI_CD_ALL:
		return hw_cmd_cfgi(hw, cmd, op);
	case CMDQ_OP_TLBI_NH_ALL:
	case CMDQ_OP_TLBI_NH_ASID:
	case CMDQ_OP_TLBI_NH_VA:
	case CMDQ_OP_TLBI_NH_VAA:
	case CMDQ_OP_TLBI_S12_VMALL:
	case CMDQ_OP_TLBI_S2_IPA:
	case CMDQ_OP_TLBI_NSNH_ALL:
		return hw_cmd_tlbi(hw, cmd, op);
	case CMDQ_OP_PRI_RESP:
		return hw_cmd_pri_resp(hw, cmd);
	case CMDQ_OP_ATC_INV:
		if (!hw->feat.ats)
			return CMDQ_CONS_ERR_ILL;
		return hw_cmd_atc_inv(hw, cmd);
	case CMDQ_OP_RESUME:
	case CMDQ_OP_STALL_TERM:
		return hw_cmd_stall(hw, cmd, op);
	case CMDQ_OP_SYNC:
		return hw_cmd_sync(hw, cmd, signal);
	}
	/*
	 * CFGI_VMS_PIDM (no MPAM), TLBI_EL3_* (Secure queue only), TLBI_EL2_*
	 * (no IDR0.HYP) and every Reserved opcode.
	 */
	return CMDQ_CONS_ERR_ILL;
}

/*
 * Execute commands from CMDQ_CONS while CR0.CMDQEN is set, no command queue
 * error is active and the queue is not empty; with @batch, stop when CONS
 * reaches @stop.  Called with @hw->cmdq_lock held, never sleeps.
 */
static void hw_cmdq_run(struct swsmmu_hw *hw, bool batch, u32 stop)
{
	unsigned long rflags;
	struct hw_queue *q = &hw->cmdq;
	unsigned int l;
	bool signal;
	u64 cmd[CMDQ_ENT_DWORDS];
	u64 slot;
	int err;

	lockdep_assert_held(&hw->cmdq_lock);
	for (;;) {
		spin_lock_irqsave(&hw->reg_lock, rflags);
		l = hw_q_log2(q, hw->feat.cmdq_bits);
		if (!(hw->cr0 & CR0_CMDQEN) ||
		    hw_gerror_active(hw, GERROR_CMDQ_ERR) ||
		    hw_q_empty(q->prod, q->cons, l) ||
		    (batch && hw_q_empty(stop, q->cons, l))) {
			spin_unlock_irqrestore(&hw->reg_lock, rflags);
			break;
		}
		slot = hw_q_slot(q, l, q->cons);
		spin_unlock_irqrestore(&hw->reg_lock, rflags);

		signal = false;
		if (hw_inject(hw, HW_INJ_CMD_FETCH) ||
		    hw_read_desc(slot, &cmd[0]) ||
		    hw_read_desc(slot + 8, &cmd[1]))
			err = CMDQ_CONS_ERR_ABT;
		else
			err = hw_cmd_exec(hw, cmd, &signal);
		trace_swsmmu_cmd(hw->name, cmd, err);
		swsmmu_hw_dbg_cmd(hw, err);

		spin_lock_irqsave(&hw->reg_lock, rflags);
		if (err) {
			/* CONS stays on the command; the code before GERROR */
			q->cons = (q->cons & ~CMDQ_CONS_ERR) |
				  FIELD_PREP(CMDQ_CONS_ERR, err);
			hw_gerror_raise(hw, GERROR_CMDQ_ERR);
			spin_unlock_irqrestore(&hw->reg_lock, rflags);
			break;
		}
		q->cons = hw_q_inc(q->cons, l);
		spin_unlock_irqrestore(&hw->reg_lock, rflags);

		if (signal)
			hw_cmd_sync_signal(hw, cmd);
	}
}

/**
 * hw_cmdq_consume() - consume commands from the command queue
 * @hw: the instance
 *
 * Executes commands from CMDQ_CONS up to CMDQ_PROD while CR0.CMDQEN is set
 * and no command queue error is active.  Called in the context of the
 * register write that made commands available; never sleeps.  The caller
 * must not hold @hw->reg_lock.
 */
void hw_cmdq_consume(struct swsmmu_hw *hw)
{
	unsigned long cflags;

	spin_lock_irqsave(&hw->cmdq_lock, cflags);
	hw_cmdq_run(hw, false, 0);
	spin_unlock_irqrestore(&hw->cmdq_lock, cflags);
}

/**
 * hw_cmdq_advance() - the asynchronous command queue: execute due batches
 * @hw: the instance, asynchronous for commands
 * @now: the time (ktime_get_ns())
 * @lend: called by a CPU polling the SMMU: give up if the queue is busy
 *
 * Schedules the commands published and not yet scheduled as a batch due a
 * random latency from @now, and executes every batch that is due (async.c
 * describes the timing).  Never sleeps; the caller holds no model lock.
 *
 * Return: when the next batch is due, U64_MAX if none is scheduled (or
 * @lend found the queue busy).
 */
u64 hw_cmdq_advance(struct swsmmu_hw *hw, u64 now, bool lend)
{
	struct hw_async_cmd *ac = hw_async_cmd(hw);
	unsigned long rflags, cflags;
	struct hw_queue *q = &hw->cmdq;
	u64 next = U64_MAX;
	bool avail;
	u32 prod;

	if (!lend)
		spin_lock_irqsave(&hw->cmdq_lock, cflags);
	else if (!spin_trylock_irqsave(&hw->cmdq_lock, cflags))
		return U64_MAX;
	for (;;) {
		if (!ac->sched) {
			spin_lock_irqsave(&hw->reg_lock, rflags);
			avail = (hw->cr0 & CR0_CMDQEN) &&
				!hw_gerror_active(hw, GERROR_CMDQ_ERR) &&
				!hw_q_empty(q->prod, q->cons,
					    hw_q_log2(q, hw->feat.cmdq_bits));
			prod = q->prod;
			spin_unlock_irqrestore(&hw->reg_lock, rflags);
			if (!avail)
				break;
			ac->sched = true;
			ac->due = now + hw_async_cmd_latency(hw);
			ac->stop = prod;
		}
		if (now < ac->due) {
			next = ac->due;
			break;
		}
		hw_cmdq_run(hw, true, ac->stop);
		/* done, or stopped by an error or CMDQEN: rescheduled on a kick */
		ac->sched = false;
		now = ktime_get_ns();
	}
	spin_unlock_irqrestore(&hw->cmdq_lock, cflags);
	return next;
}

/**
 * hw_cmdq_quiesce() - wait until no command is being fetched or executed
 * @hw: the instance, whose CR0.CMDQEN has just been cleared; no model lock
 *      held
 *
 * Every command checks CMDQEN under the command queue lock before it is
 * fetched, so once that lock has been free no fetch can follow.
 */
void hw_cmdq_quiesce(struct swsmmu_hw *hw)
{
	unsigned long cflags;
	struct hw_async_cmd *ac = hw_async_cmd(hw);

	spin_lock_irqsave(&hw->cmdq_lock, cflags);
	if (ac)
		ac->sched = false;
	spin_unlock_irqrestore(&hw->cmdq_lock, cflags);
}
