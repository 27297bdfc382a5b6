// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the command, event and PRI queues, and the stall model.
 *
 * Command queue
 * -------------
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
 *  - CMD_ATC_INV: always (IDR0.ATS == 0).
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
 *
 * Event and PRI queues
 * --------------------
 * The model produces records under reg_lock: the record is written, then
 * (after a write barrier) PROD is published, then the queue interrupt is
 * raised.  An event queue is writable when EVTQEN == 1, it is not full and
 * no EVTQ_ABT_ERR is active (7.2.1).  A non-stall event that cannot be
 * written is discarded; if the queue was full this is an overflow, which
 * toggles PROD.OVFLG unless an overflow is already pending (OVFLG !=
 * CONS.OVACKFLG, 7.4).  A write to non-RAM activates EVTQ_ABT_ERR and PROD
 * is not advanced (a synchronous abort).
 *
 * The PRI queue is writable when the effective PRIQEN (PRIQEN && SMMUEN) is
 * 1 and no PRIQ_ABT_ERR is active; an overflow condition inhibits all new
 * entries until it is acknowledged (8.1).  Page requests that are not
 * recorded are answered automatically (8.1, 8.2): with Success when a
 * Last == 1 request is dropped by overflow, with ResponseFailure when the
 * queue is disabled or aborted; other dropped requests get no response.
 *
 * A device model waits for the response to a Page Request Group with
 * hw_pri_wait().  The model tracks one entry per (StreamID, SSV,
 * SubstreamID, PRGIndex) group from its first request until a waiter has
 * collected the response; the first response to a group (CMD_PRI_RESP or
 * automatic) wins.  Groups nobody waits for are freed with the instance.
 *
 * Stall model
 * -----------
 * hw_stall() runs in the faulting transaction's thread.  It takes a stall
 * slot (at most IDR5.STALL_MAX outstanding, waiting for one if necessary),
 * allocates a STAG unique among the outstanding stalls of the StreamID,
 * records the event with STALL == 1 (never discarded: it waits until the
 * event queue is writable) and sleeps until CMD_RESUME (retry, or
 * terminate with or without abort), CMD_STALL_TERM of its StreamID (abort)
 * or CR0.SMMUEN 1->0 (abort, 6.3.9.6) releases it.  An event queue abort
 * loses the stall record; the transaction then stays stalled until
 * CMD_STALL_TERM or SMMUEN 1->0, as the architecture says (7.2.2).
 */
#define pr_fmt(fmt) "swsmmu-hw: " fmt

#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <kunit/visibility.h>
#include "model.h"

/* ---------------------------------------------------------------------- */
/* Queue geometry                                                         */
/* ---------------------------------------------------------------------- */

/* Effective log2 of the number of entries: LOG2SIZE capped by IDR1 */
static unsigned int hw_q_log2(const struct hw_queue *q, unsigned int max)
{
	return min_t(unsigned int, FIELD_GET(Q_BASE_LOG2SIZE, q->base), max);
}

static u32 hw_q_mask(unsigned int l)
{
	return GENMASK(l, 0);	/* index and wrap bit */
}

static bool hw_q_empty(u32 prod, u32 cons, unsigned int l)
{
	return !((prod ^ cons) & hw_q_mask(l));
}

static bool hw_q_full(u32 prod, u32 cons, unsigned int l)
{
	return ((prod ^ cons) & hw_q_mask(l)) == BIT(l);
}

static u32 hw_q_inc(u32 v, unsigned int l)
{
	return ((v & hw_q_mask(l)) + 1) & hw_q_mask(l);
}

/*
 * Address of entry @idx.  The base is aligned to the larger of the queue
 * size and 32 bytes; lower bits of Q_BASE.ADDR are ignored.
 */
static u64 hw_q_slot(const struct hw_queue *q, unsigned int l, u32 idx)
{
	u64 size = max_t(u64, BIT_ULL(l + q->ent_shift), 32);
	u64 base = (q->base & Q_BASE_ADDR) & ~(size - 1);

	return base + ((u64)(idx & (BIT(l) - 1)) << q->ent_shift);
}

static bool hw_gerror_active(struct swsmmu_hw *hw, u32 err)
{
	return (hw->gerror ^ hw->gerrorn) & err;
}

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

static int hw_cmd_cfgi(struct swsmmu_hw *hw, const u64 *cmd, u8 op)
{
	struct hw_cfgi c = {
		.sid = FIELD_GET(CMDQ_CFGI_0_SID, cmd[0]),
		.nr_sids = 1,
	};
	unsigned int range;

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
	hw_inv_cfg(hw, &c);
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
	hw_inv_tlb(hw, &t);
	return CMDQ_CONS_ERR_NONE;
}

/* ---------------------------------------------------------------------- */
/* PRI groups                                                             */
/* ---------------------------------------------------------------------- */

/**
 * struct hw_prg - a Page Request Group a device is (or will be) waiting for
 * @node: in &swsmmu_hw.prgs, oldest first
 * @sid: StreamID of the requests
 * @ssid: SubstreamID (PASID), meaningful with @ssv
 * @ssv: the requests carried a PASID
 * @grpid: Page Request Group Index
 * @claimed: a hw_pri_wait() caller owns this group
 * @done: a response arrived; @resp is valid
 * @resp: CMDQ_PRI_1_RESP_* of the response
 *
 * All fields are protected by &swsmmu_hw.pri_lock; @done is also read
 * locklessly by the waiter (set once, never cleared).
 */
struct hw_prg {
	struct list_head node;
	u32 sid;
	u32 ssid;
	bool ssv;
	u16 grpid;
	bool claimed;
	bool done;
	u8 resp;
};

static bool hw_prg_match(const struct hw_prg *p, u32 sid, u32 ssid, bool ssv,
			 u16 grpid)
{
	return p->sid == sid && p->ssv == ssv && p->grpid == grpid &&
	       (!ssv || p->ssid == ssid);
}

/* The oldest group with this key that a new request or a waiter can join */
static struct hw_prg *hw_prg_find_unclaimed(struct swsmmu_hw *hw, u32 sid,
					    u32 ssid, bool ssv, u16 grpid)
{
	struct hw_prg *p;

	lockdep_assert_held(&hw->pri_lock);
	list_for_each_entry(p, &hw->prgs, node)
		if (!p->claimed && hw_prg_match(p, sid, ssid, ssv, grpid))
			return p;
	return NULL;
}

/* Deliver a response to the oldest unanswered group; false if none */
static bool hw_prg_respond(struct swsmmu_hw *hw, u32 sid, u32 ssid, bool ssv,
			   u16 grpid, u8 resp)
{
	struct hw_prg *p;

	lockdep_assert_held(&hw->pri_lock);
	list_for_each_entry(p, &hw->prgs, node) {
		if (p->done || !hw_prg_match(p, sid, ssid, ssv, grpid))
			continue;
		p->resp = resp;
		WRITE_ONCE(p->done, true);
		return true;
	}
	return false;
}

static int hw_cmd_pri_resp(struct swsmmu_hw *hw, const u64 *cmd)
{
	unsigned long pflags;
	u32 sid = FIELD_GET(CMDQ_PRI_0_SID, cmd[0]);
	u32 ssid = FIELD_GET(CMDQ_PRI_0_SSID, cmd[0]);
	bool ssv = cmd[0] & CMDQ_0_SSV;
	u16 grpid = FIELD_GET(CMDQ_PRI_1_GRPID, cmd[1]);
	u8 resp = FIELD_GET(CMDQ_PRI_1_RESP, cmd[1]);
	bool woke;

	if (!hw->feat.pri || resp > CMDQ_PRI_1_RESP_SUCC)
		return CMDQ_CONS_ERR_ILL;
	/* IGNORED while SMMUEN == 0 */
	if (!(READ_ONCE(hw->cr0) & CR0_SMMUEN))
		return CMDQ_CONS_ERR_NONE;
	/* out-of-range SubstreamID: no effect (CONSTRAINED UNPREDICTABLE) */
	if (ssv && (!hw->feat.ssid_bits || ssid >= BIT(hw->feat.ssid_bits)))
		return CMDQ_CONS_ERR_NONE;

	spin_lock_irqsave(&hw->pri_lock, pflags);
	woke = hw_prg_respond(hw, sid, ssid, ssv, grpid, resp);
	spin_unlock_irqrestore(&hw->pri_lock, pflags);
	if (woke)
		wake_up_all(&hw->pri_wq);
	return CMDQ_CONS_ERR_NONE;
}

/* ---------------------------------------------------------------------- */
/* Stalls                                                                 */
/* ---------------------------------------------------------------------- */

/**
 * struct hw_stall - one stalled transaction, on its thread's stack
 * @node: in &swsmmu_hw.stalls while outstanding
 * @sid: StreamID
 * @stag: STAG given in the stall event record
 * @resp: CMDQ_RESUME_0_RESP_* it was released with, valid after @done
 * @done: completed, under &swsmmu_hw.stall_lock, once @resp is set and
 *        the entry is off the list
 */
struct hw_stall {
	struct list_head node;
	u32 sid;
	u16 stag;
	u8 resp;
	struct completion done;
};

/* Called with stall_lock held; the caller wakes stall_wq afterwards */
static void hw_stall_release(struct swsmmu_hw *hw, struct hw_stall *s, u8 resp)
{
	lockdep_assert_held(&hw->stall_lock);
	list_del_init(&s->node);
	hw->nr_stalls--;
	s->resp = resp;
	complete(&s->done);
}

static void hw_stall_resume(struct swsmmu_hw *hw, u32 sid, u16 stag, u8 resp)
{
	unsigned long sflags;
	struct hw_stall *s;
	bool found = false;

	spin_lock_irqsave(&hw->stall_lock, sflags);
	list_for_each_entry(s, &hw->stalls, node) {
		if (s->sid == sid && s->stag == stag) {
			hw_stall_release(hw, s, resp);
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&hw->stall_lock, sflags);
	if (found)
		wake_up_all(&hw->stall_wq);
}

/* Release every stall of @sid (all StreamIDs if @all) with @resp */
static void hw_stall_release_all(struct swsmmu_hw *hw, bool all, u32 sid,
				 u8 resp)
{
	unsigned long sflags;
	struct hw_stall *s, *tmp;
	bool found = false;

	spin_lock_irqsave(&hw->stall_lock, sflags);
	list_for_each_entry_safe(s, tmp, &hw->stalls, node) {
		if (all || s->sid == sid) {
			hw_stall_release(hw, s, resp);
			found = true;
		}
	}
	spin_unlock_irqrestore(&hw->stall_lock, sflags);
	if (found)
		wake_up_all(&hw->stall_wq);
}

static int hw_cmd_stall(struct swsmmu_hw *hw, const u64 *cmd, u8 op)
{
	u32 sid;
	u8 resp;

	if (!hw->feat.stall)
		return CMDQ_CONS_ERR_ILL;
	if (op == CMDQ_OP_STALL_TERM) {
		sid = FIELD_GET(CMDQ_STALL_TERM_0_SID, cmd[0]);
		hw_stall_release_all(hw, false, sid, CMDQ_RESUME_0_RESP_ABORT);
		return CMDQ_CONS_ERR_NONE;
	}
	sid = FIELD_GET(CMDQ_RESUME_0_SID, cmd[0]);
	/* Resp is {Ab, Ac}: Ac == 1 retries whatever Ab says */
	resp = FIELD_GET(CMDQ_RESUME_0_RESP, cmd[0]);
	if (resp & CMDQ_RESUME_0_RESP_RETRY)
		resp = CMDQ_RESUME_0_RESP_RETRY;
	hw_stall_resume(hw, sid, FIELD_GET(CMDQ_RESUME_1_STAG, cmd[1]), resp);
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
	    hw_write32_pa(hw, addr, FIELD_GET(CMDQ_SYNC_0_MSIDATA, cmd[0]))) {
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
	case CMDQ_OP_RESUME:
	case CMDQ_OP_STALL_TERM:
		return hw_cmd_stall(hw, cmd, op);
	case CMDQ_OP_SYNC:
		return hw_cmd_sync(hw, cmd, signal);
	}
	/*
	 * CFGI_VMS_PIDM (no MPAM), TLBI_EL3_* (Secure queue only), TLBI_EL2_*
	 * (no IDR0.HYP), ATC_INV (no IDR0.ATS) and every Reserved opcode.
	 */
	return CMDQ_CONS_ERR_ILL;
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
	unsigned long rflags, cflags;
	struct hw_queue *q = &hw->cmdq;
	unsigned int l;
	bool signal;
	u64 cmd[CMDQ_ENT_DWORDS];
	u64 slot;
	int err;

	spin_lock_irqsave(&hw->cmdq_lock, cflags);
	for (;;) {
		spin_lock_irqsave(&hw->reg_lock, rflags);
		l = hw_q_log2(q, hw->feat.cmdq_bits);
		if (!(hw->cr0 & CR0_CMDQEN) ||
		    hw_gerror_active(hw, GERROR_CMDQ_ERR) ||
		    hw_q_empty(q->prod, q->cons, l)) {
			spin_unlock_irqrestore(&hw->reg_lock, rflags);
			break;
		}
		slot = hw_q_slot(q, l, q->cons);
		spin_unlock_irqrestore(&hw->reg_lock, rflags);

		signal = false;
		if (hw_read_desc(hw, slot, &cmd[0]) ||
		    hw_read_desc(hw, slot + 8, &cmd[1]))
			err = CMDQ_CONS_ERR_ABT;
		else
			err = hw_cmd_exec(hw, cmd, &signal);
		hw_dbg_cmd(hw, err);

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
	spin_unlock_irqrestore(&hw->cmdq_lock, cflags);
}

/* ---------------------------------------------------------------------- */
/* Event queue                                                            */
/* ---------------------------------------------------------------------- */

/*
 * Write one record at PROD and publish it.  Called with reg_lock held.
 * Returns 0 if recorded, -EAGAIN if the queue is not writable (disabled,
 * full, or an abort is active), -ENOSPC if it is full (only when
 * @can_overflow, after recording the overflow), -EIO on an external abort.
 */
static int hw_outq_write(struct swsmmu_hw *hw, struct hw_queue *q,
			 unsigned int max_log2, u32 abt_err, const u64 *rec,
			 unsigned int dwords, bool can_overflow)
{
	unsigned int l = hw_q_log2(q, max_log2);
	unsigned int i;
	u64 slot;

	lockdep_assert_held(&hw->reg_lock);
	if (hw_gerror_active(hw, abt_err))
		return -EAGAIN;
	if (hw_q_full(q->prod, q->cons, l)) {
		if (!can_overflow)
			return -EAGAIN;
		/* toggle OVFLG unless an overflow is already pending */
		if (!((q->prod ^ q->cons) & Q_OVF))
			q->prod ^= Q_OVF;
		return -ENOSPC;
	}
	slot = hw_q_slot(q, l, q->prod);
	for (i = 0; i < dwords; i++) {
		if (hw_write_desc(hw, slot + 8 * i, rec[i])) {
			/* synchronous abort: PROD does not move */
			hw_gerror_raise(hw, abt_err);
			return -EIO;
		}
	}
	/* The record must be visible before the PROD that covers it */
	smp_wmb();
	q->prod = (q->prod & Q_OVF) | hw_q_inc(q->prod, l);
	return 0;
}

static int hw_evtq_write(struct swsmmu_hw *hw, const u64 *evt, bool stall)
{
	int ret;

	lockdep_assert_held(&hw->reg_lock);
	if (!(hw->cr0 & CR0_EVTQEN))
		return -EAGAIN;
	/* stall records are never discarded and never overflow */
	ret = hw_outq_write(hw, &hw->evtq, hw->feat.evtq_bits,
			    GERROR_EVTQ_ABT_ERR, evt, EVTQ_ENT_DWORDS, !stall);
	if (!ret)
		hw_raise_irq(hw, SWSMMU_IRQ_EVTQ);
	return ret;
}

/**
 * hw_evtq_push() - record an event (not a stall) in the event queue
 * @hw: the instance
 * @evt: the record, in its architectural layout (EVTQ_*)
 *
 * The record is written if the queue is writable; otherwise it is
 * discarded, and if the queue was full an overflow is signalled in
 * EVTQ_PROD.OVFLG.  Raises SWSMMU_IRQ_EVTQ for a recorded event.  May be
 * called in atomic context; takes @hw->reg_lock.
 *
 * Return: true if the event was recorded.
 */
bool hw_evtq_push(struct swsmmu_hw *hw, const u64 evt[4])
{
	unsigned long rflags;
	int ret;

	spin_lock_irqsave(&hw->reg_lock, rflags);
	ret = hw_evtq_write(hw, evt, false);
	hw_dbg_event(hw, evt, ret);
	spin_unlock_irqrestore(&hw->reg_lock, rflags);
	return !ret;
}
EXPORT_SYMBOL_IF_KUNIT(hw_evtq_push);

/* ---------------------------------------------------------------------- */
/* PRI queue                                                              */
/* ---------------------------------------------------------------------- */

/**
 * hw_priq_push() - deliver a Page Request to the PRI queue
 * @hw: the instance
 * @req: the PRI queue record, in its architectural layout (PRIQ_*)
 *
 * The request is written if the PRI queue is writable.  Otherwise it is
 * discarded: a PRI queue overflow toggles PRIQ_PROD.OVFLG if no overflow
 * is pending and answers a Last request automatically with Success; with
 * the queue disabled (effective PRIQEN 0) or an active PRIQ_ABT_ERR every
 * request is answered with ResponseFailure.  The response to the group is
 * collected with hw_pri_wait().  Raises SWSMMU_IRQ_PRIQ for a recorded
 * request.  May be called in atomic context.
 *
 * Return: true if the request was recorded in the queue.
 */
bool hw_priq_push(struct swsmmu_hw *hw, const u64 req[2])
{
	unsigned long rflags, pflags;
	u32 sid = FIELD_GET(PRIQ_0_SID, req[0]);
	u32 ssid = FIELD_GET(PRIQ_0_SSID, req[0]);
	bool ssv = req[0] & PRIQ_0_SSID_V;
	bool last = req[0] & PRIQ_0_PRG_LAST;
	u16 grpid = FIELD_GET(PRIQ_1_PRG_IDX, req[1]);
	struct hw_prg *new, *p;
	int auto_resp = -1;
	bool woke = false;
	int ret;

	if (!hw->feat.pri)
		return false;
	new = kzalloc(sizeof(*new), GFP_ATOMIC);

	spin_lock_irqsave(&hw->reg_lock, rflags);
	if ((hw->cr0 & (CR0_PRIQEN | CR0_SMMUEN)) !=
	    (CR0_PRIQEN | CR0_SMMUEN) ||
	    hw_gerror_active(hw, GERROR_PRIQ_ABT_ERR)) {
		ret = -EAGAIN;
	} else if ((hw->priq.prod ^ hw->priq.cons) & Q_OVF) {
		/* a pending overflow inhibits new entries */
		ret = -ENOSPC;
	} else {
		ret = hw_outq_write(hw, &hw->priq, hw->feat.priq_bits,
				    GERROR_PRIQ_ABT_ERR, req, PRIQ_ENT_DWORDS,
				    true);
	}
	if (ret == -ENOSPC) {
		if (last)
			auto_resp = CMDQ_PRI_1_RESP_SUCC;
	} else if (ret) {
		auto_resp = CMDQ_PRI_1_RESP_DENY;
	}

	/* Under reg_lock, so that software cannot answer before this */
	spin_lock_irqsave(&hw->pri_lock, pflags);
	p = hw_prg_find_unclaimed(hw, sid, ssid, ssv, grpid);
	if (!p && new) {
		new->sid = sid;
		new->ssid = ssv ? ssid : 0;
		new->ssv = ssv;
		new->grpid = grpid;
		list_add_tail(&new->node, &hw->prgs);
		p = new;
		new = NULL;
	}
	if (auto_resp >= 0)
		woke = hw_prg_respond(hw, sid, ssid, ssv, grpid, auto_resp);
	spin_unlock_irqrestore(&hw->pri_lock, pflags);

	if (!ret) {
		hw_stat_inc(hw, HW_STAT_PAGE_REQUESTS);
		hw_raise_irq(hw, SWSMMU_IRQ_PRIQ);
	}
	spin_unlock_irqrestore(&hw->reg_lock, rflags);

	kfree(new);
	if (woke)
		wake_up_all(&hw->pri_wq);
	return !ret;
}
EXPORT_SYMBOL_IF_KUNIT(hw_priq_push);

/**
 * hw_pri_wait() - wait for the response to a Page Request Group
 * @hw: the instance
 * @sid: StreamID of the requests
 * @ssid: SubstreamID of the requests, if @ssv
 * @ssv: the requests had a PASID (PRIQ_0_SSID_V)
 * @grpid: Page Request Group Index
 * @timeout: how long to wait, in jiffies
 *
 * Waits for the CMD_PRI_RESP (or automatic response) to the group that
 * earlier hw_priq_push() calls for this key opened, then forgets the
 * group.  Process context only; sleeps.
 *
 * Return: the response code (CMDQ_PRI_1_RESP_*), -ENOENT if no request of
 * this group is outstanding, -ETIMEDOUT, or -ERESTARTSYS if killed.
 */
int hw_pri_wait(struct swsmmu_hw *hw, u32 sid, u32 ssid, bool ssv, u16 grpid,
		unsigned long timeout)
{
	unsigned long pflags;
	struct hw_prg *p;
	long left;
	int ret;

	might_sleep();
	if (!ssv)
		ssid = 0;
	spin_lock_irqsave(&hw->pri_lock, pflags);
	p = hw_prg_find_unclaimed(hw, sid, ssid, ssv, grpid);
	if (p)
		p->claimed = true;
	spin_unlock_irqrestore(&hw->pri_lock, pflags);
	if (!p)
		return -ENOENT;

	left = wait_event_killable_timeout(hw->pri_wq, READ_ONCE(p->done),
					   timeout);

	spin_lock_irqsave(&hw->pri_lock, pflags);
	if (p->done)
		ret = p->resp;
	else
		ret = left < 0 ? left : -ETIMEDOUT;
	list_del(&p->node);
	spin_unlock_irqrestore(&hw->pri_lock, pflags);
	kfree(p);
	hw_stat_inc(hw, ret == CMDQ_PRI_1_RESP_SUCC ? HW_STAT_PRI_WAIT_SUCC :
						     HW_STAT_PRI_WAIT_FAIL);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(hw_pri_wait);

/* ---------------------------------------------------------------------- */
/* Stall model                                                            */
/* ---------------------------------------------------------------------- */

/* A STAG not used by another outstanding stall of the same StreamID */
static u16 hw_stall_new_stag(struct swsmmu_hw *hw, u32 sid)
{
	struct hw_stall *s;
	u16 stag;

	lockdep_assert_held(&hw->stall_lock);
again:
	stag = hw->next_stag++;
	list_for_each_entry(s, &hw->stalls, node)
		if (s->sid == sid && s->stag == stag)
			goto again;
	return stag;
}

/* Take a stall slot: 0, -EAGAIN if none is free, -ENODEV if SMMUEN == 0 */
static int hw_stall_add(struct swsmmu_hw *hw, struct hw_stall *s)
{
	unsigned long sflags;
	unsigned int max = FIELD_GET(IDR5_STALL_MAX, hw->idr[5]);
	int ret = 0;

	spin_lock_irqsave(&hw->stall_lock, sflags);
	/*
	 * SMMUEN is checked under stall_lock: a concurrent 1->0 transition
	 * either sees this stall on the list or is seen here.
	 */
	if (!(READ_ONCE(hw->cr0) & CR0_SMMUEN)) {
		ret = -ENODEV;
	} else if (hw->nr_stalls >= max) {
		ret = -EAGAIN;
	} else {
		s->stag = hw_stall_new_stag(hw, s->sid);
		list_add_tail(&s->node, &hw->stalls);
		hw->nr_stalls++;
	}
	spin_unlock_irqrestore(&hw->stall_lock, sflags);
	return ret;
}

static bool hw_stall_try_add(struct swsmmu_hw *hw, struct hw_stall *s,
			     int *err)
{
	*err = hw_stall_add(hw, s);
	return *err != -EAGAIN;
}

/* true once the record is written, lost to an abort, or moot */
static bool hw_stall_try_record(struct swsmmu_hw *hw, const u64 *evt,
				struct hw_stall *s)
{
	unsigned long rflags;
	int ret;

	if (completion_done(&s->done))
		return true;
	spin_lock_irqsave(&hw->reg_lock, rflags);
	ret = hw_evtq_write(hw, evt, true);
	if (ret != -EAGAIN)
		hw_dbg_event(hw, evt, ret);
	spin_unlock_irqrestore(&hw->reg_lock, rflags);
	return ret != -EAGAIN;
}

/* Take @s off the list if it is still outstanding */
static bool hw_stall_cancel(struct swsmmu_hw *hw, struct hw_stall *s)
{
	unsigned long sflags;
	bool cancelled = false;

	spin_lock_irqsave(&hw->stall_lock, sflags);
	if (!list_empty(&s->node)) {
		list_del_init(&s->node);
		hw->nr_stalls--;
		cancelled = true;
	}
	spin_unlock_irqrestore(&hw->stall_lock, sflags);
	if (cancelled)
		wake_up_all(&hw->stall_wq);
	return cancelled;
}

/* Count how a stall ended */
static int hw_stall_outcome(struct swsmmu_hw *hw, u8 resp)
{
	hw_stat_inc(hw, resp == CMDQ_RESUME_0_RESP_RETRY ? HW_STAT_STALL_RETRY :
							  HW_STAT_STALL_ABORT);
	return resp;
}

/**
 * hw_stall() - stall a faulting transaction until software resolves it
 * @hw: the instance (IDR0.STALL_MODEL must be 0: @hw->feat.stall)
 * @evt: the fault's event record; EVTQ_1_STALL and EVTQ_1_STAG are set in
 *       it before it is recorded
 *
 * Records @evt as a stall event (waiting for room in the event queue as
 * long as necessary: stall records are never discarded) and sleeps until
 * the stall is resolved.  Process context only, no locks held.
 *
 * Return: CMDQ_RESUME_0_RESP_RETRY to retry the transaction,
 * CMDQ_RESUME_0_RESP_TERM to terminate it with RAZ/WI behaviour, or
 * CMDQ_RESUME_0_RESP_ABORT to terminate it with an abort (also after
 * CMD_STALL_TERM, CR0.SMMUEN 1->0, with SMMUEN already 0, without the stall
 * model, or if the thread is killed).
 */
int hw_stall(struct swsmmu_hw *hw, u64 evt[4])
{
	struct hw_stall s = { .sid = FIELD_GET(EVTQ_0_SID, evt[0]) };
	int err;

	might_sleep();
	if (WARN_ON_ONCE(!hw->feat.stall))
		return CMDQ_RESUME_0_RESP_ABORT;
	INIT_LIST_HEAD(&s.node);
	init_completion(&s.done);

	if (wait_event_killable(hw->stall_wq, hw_stall_try_add(hw, &s, &err)))
		return CMDQ_RESUME_0_RESP_ABORT;
	if (err)
		return CMDQ_RESUME_0_RESP_ABORT;

	evt[1] &= ~EVTQ_1_STAG;
	evt[1] |= EVTQ_1_STALL | FIELD_PREP(EVTQ_1_STAG, s.stag);
	if (wait_event_killable(hw->stall_wq, hw_stall_try_record(hw, evt, &s)))
		goto killed;
	hw_stat_inc(hw, HW_STAT_STALLS);
	if (wait_for_completion_killable(&s.done))
		goto killed;
	return hw_stall_outcome(hw, s.resp);

killed:
	if (hw_stall_cancel(hw, &s))
		return hw_stall_outcome(hw, CMDQ_RESUME_0_RESP_ABORT);
	/* released concurrently: complete() has already run */
	wait_for_completion(&s.done);
	return hw_stall_outcome(hw, s.resp);
}
EXPORT_SYMBOL_IF_KUNIT(hw_stall);

/* ---------------------------------------------------------------------- */
/* Register-file hooks and life cycle                                     */
/* ---------------------------------------------------------------------- */

/**
 * hw_queue_notify() - act on a register write that affects the queues
 * @hw: the instance
 * @ev: HW_QEV_* that the write caused
 *
 * Called by the register file after it has dropped @hw->reg_lock.  Never
 * sleeps.
 */
void hw_queue_notify(struct swsmmu_hw *hw, unsigned int ev)
{
	if (ev & HW_QEV_SMMU_OFF)
		hw_stall_release_all(hw, true, 0, CMDQ_RESUME_0_RESP_ABORT);
	if (ev & HW_QEV_EVTQ)
		wake_up_all(&hw->stall_wq);
	if (ev & HW_QEV_CMDQ)
		hw_cmdq_consume(hw);
}

/**
 * hw_queue_init() - initialise the queue and stall state of a new instance
 * @hw: the instance
 */
void hw_queue_init(struct swsmmu_hw *hw)
{
	spin_lock_init(&hw->cmdq_lock);
	spin_lock_init(&hw->stall_lock);
	INIT_LIST_HEAD(&hw->stalls);
	init_waitqueue_head(&hw->stall_wq);
	spin_lock_init(&hw->pri_lock);
	INIT_LIST_HEAD(&hw->prgs);
	init_waitqueue_head(&hw->pri_wq);
}

/**
 * hw_queue_destroy() - free the queue state of an instance
 * @hw: the instance; no transaction or register access is in progress
 */
void hw_queue_destroy(struct swsmmu_hw *hw)
{
	struct hw_prg *p, *tmp;

	WARN_ON(!list_empty(&hw->stalls));
	list_for_each_entry_safe(p, tmp, &hw->prgs, node) {
		list_del(&p->node);
		kfree(p);
	}
}
