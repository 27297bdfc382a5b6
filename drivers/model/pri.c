// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the PRI queue, Page Request Groups and their
 * responses, and Page Requests as a PRI-capable device issues them.
 *
 * The PRI queue is writable when the effective PRIQEN (PRIQEN && SMMUEN) is
 * 1 and no PRIQ_ABT_ERR is active; an overflow condition inhibits all new
 * entries until it is acknowledged (8.1).  Page requests that are not
 * recorded are answered automatically (8.1, 8.2): with Success when a
 * Last == 1 request is dropped by overflow, with ResponseFailure when the
 * queue is disabled or aborted; other dropped requests get no response.
 *
 * A device model waits for the response to a Page Request Group with
 * swsmmu_hw_pri_wait().  The model tracks one entry per (StreamID, SSV,
 * SubstreamID, PRGIndex) group from its first request until a waiter has
 * collected the response; the first response to a group (CMD_PRI_RESP or
 * automatic) wins.  Groups nobody waits for are freed with the instance.
 *
 * A device whose access was terminated by a translation fault (with CD.R=0
 * an SVA context reports nothing itself) asks the SMMU for the page with a
 * PRI Page Request: one PRI queue record with Last=1 (a group of one page),
 * then waits for the Page Request Group Response that software sends with
 * CMD_PRI_RESP (swsmmu_hw_page_request()).
 */
#include <linux/bitfield.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <kunit/visibility.h>
#include "model.h"
#include "model_trace.h"

/**
 * struct hw_prg - a Page Request Group a device is (or will be) waiting for
 * @node: in &swsmmu_hw.prgs, oldest first
 * @sid: StreamID of the requests
 * @ssid: SubstreamID (PASID), meaningful with @ssv
 * @ssv: the requests carried a PASID
 * @grpid: Page Request Group Index
 * @claimed: a swsmmu_hw_pri_wait() caller owns this group
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

/**
 * hw_cmd_pri_resp() - execute CMD_PRI_RESP
 * @hw: the instance
 * @cmd: the command
 *
 * Return: a CMDQ_CONS_ERR_* code.
 */
int hw_cmd_pri_resp(struct swsmmu_hw *hw, const u64 *cmd)
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

	/* Consumed, but the response is lost on its way to the device */
	if (hw_inject(hw, HW_INJ_PRI_RESP_LOST))
		return CMDQ_CONS_ERR_NONE;

	spin_lock_irqsave(&hw->pri_lock, pflags);
	woke = hw_prg_respond(hw, sid, ssid, ssv, grpid, resp);
	spin_unlock_irqrestore(&hw->pri_lock, pflags);
	if (woke)
		wake_up_all(&hw->pri_wq);
	return CMDQ_CONS_ERR_NONE;
}

/**
 * swsmmu_hw_priq_push() - deliver a Page Request to the PRI queue
 * @hw: the instance
 * @req: the PRI queue record, in its architectural layout (PRIQ_*)
 *
 * The request is written if the PRI queue is writable.  Otherwise it is
 * discarded: a PRI queue overflow toggles PRIQ_PROD.OVFLG if no overflow
 * is pending and answers a Last request automatically with Success; with
 * the queue disabled (effective PRIQEN 0) or an active PRIQ_ABT_ERR every
 * request is answered with ResponseFailure.  The response to the group is
 * collected with swsmmu_hw_pri_wait().  Raises SWSMMU_IRQ_PRIQ for a recorded
 * request when it is published.  May be called in atomic context.
 *
 * Return: true if the request was recorded in the queue.
 */
VISIBLE_IF_KUNIT
bool swsmmu_hw_priq_push(struct swsmmu_hw *hw, const u64 req[2])
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
	} else if ((hw->priq.wprod ^ hw->priq.cons) & Q_OVF) {
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
		trace_swsmmu_page_request(hw->name, sid, ssv, ssid,
					  req[1] & PRIQ_1_ADDR, grpid, last);
	}
	spin_unlock_irqrestore(&hw->reg_lock, rflags);

	kfree(new);
	if (woke)
		wake_up_all(&hw->pri_wq);
	return !ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_priq_push);

/**
 * swsmmu_hw_pri_wait() - wait for the response to a Page Request Group
 * @hw: the instance
 * @sid: StreamID of the requests
 * @ssid: SubstreamID of the requests, if @ssv
 * @ssv: the requests had a PASID (PRIQ_0_SSID_V)
 * @grpid: Page Request Group Index
 * @timeout: how long to wait, in jiffies
 *
 * Waits for the CMD_PRI_RESP (or automatic response) to the group that
 * earlier swsmmu_hw_priq_push() calls for this key opened, then forgets the
 * group.  Process context only; sleeps.
 *
 * Return: the response code (CMDQ_PRI_1_RESP_*), -ENOENT if no request of
 * this group is outstanding, -ETIMEDOUT, or -ERESTARTSYS if killed.
 */
VISIBLE_IF_KUNIT
int swsmmu_hw_pri_wait(struct swsmmu_hw *hw, u32 sid, u32 ssid, bool ssv, u16 grpid,
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
	trace_swsmmu_page_response(hw->name, sid, ssid, grpid, ret);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_pri_wait);

/**
 * swsmmu_hw_page_request() - issue a Page Request and wait for the response
 * @hw: the instance
 * @txn: the faulting transaction: StreamID, SubstreamID (with
 *       SWSMMU_TXN_SSV) and attributes (SWSMMU_TXN_WRITE asks for write
 *       permission, else read; SWSMMU_TXN_EXEC and SWSMMU_TXN_PRIV are
 *       passed on as PERM_EXEC and PERM_PRIV)
 * @addr: the faulting address; the request names its 4KB page
 * @grpid: Page Request Group Index (9 bits, PRIQ_1_PRG_IDX), chosen by the
 *         device among its outstanding groups
 * @timeout: how long to wait for the response, in jiffies
 *
 * Process context only; sleeps.  A request the PRI queue cannot record is
 * answered by the SMMU itself (swsmmu_hw_priq_push()): ResponseFailure while the
 * queue is disabled, Success for a Last request lost to an overflow.
 *
 * Return: CMDQ_PRI_1_RESP_SUCC (retry the access), CMDQ_PRI_1_RESP_DENY
 * (Invalid Request: do not retry), CMDQ_PRI_1_RESP_FAIL (Response Failure),
 * -EINVAL for a bad @grpid or SubstreamID, -EOPNOTSUPP without IDR0.PRI,
 * -ETIMEDOUT, or -ERESTARTSYS if the thread was killed.
 */
int swsmmu_hw_page_request(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			   u64 addr, u16 grpid, unsigned long timeout)
{
	bool ssv = txn->flags & SWSMMU_TXN_SSV;
	u64 req[PRIQ_ENT_DWORDS];

	if (!hw->feat.pri)
		return -EOPNOTSUPP;
	if (grpid > FIELD_MAX(PRIQ_1_PRG_IDX) ||
	    (ssv && txn->ssid > FIELD_MAX(PRIQ_0_SSID)))
		return -EINVAL;

	req[0] = FIELD_PREP(PRIQ_0_SID, txn->sid) | PRIQ_0_PRG_LAST |
		 ((txn->flags & SWSMMU_TXN_WRITE) ? PRIQ_0_PERM_WRITE :
						    PRIQ_0_PERM_READ) |
		 ((txn->flags & SWSMMU_TXN_EXEC) ? PRIQ_0_PERM_EXEC : 0) |
		 ((txn->flags & SWSMMU_TXN_PRIV) ? PRIQ_0_PERM_PRIV : 0);
	if (ssv)
		req[0] |= PRIQ_0_SSID_V | FIELD_PREP(PRIQ_0_SSID, txn->ssid);
	req[1] = FIELD_PREP(PRIQ_1_PRG_IDX, grpid) | (addr & PRIQ_1_ADDR);

	swsmmu_hw_priq_push(hw, req);
	return swsmmu_hw_pri_wait(hw, txn->sid, txn->ssid, ssv, grpid, timeout);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_page_request);

/**
 * hw_pri_init() - initialise the Page Request Group state of a new instance
 * @hw: the instance
 */
void hw_pri_init(struct swsmmu_hw *hw)
{
	spin_lock_init(&hw->pri_lock);
	INIT_LIST_HEAD(&hw->prgs);
	init_waitqueue_head(&hw->pri_wq);
}

/**
 * hw_pri_destroy() - free the groups nobody collected
 * @hw: the instance; no transaction or register access is in progress
 */
void hw_pri_destroy(struct swsmmu_hw *hw)
{
	struct hw_prg *p, *tmp;

	list_for_each_entry_safe(p, tmp, &hw->prgs, node) {
		list_del(&p->node);
		kfree(p);
	}
}
