// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the stall model.
 *
 * swsmmu_hw_stall() runs in the faulting transaction's thread.  It takes a stall
 * slot (at most IDR5.STALL_MAX outstanding, waiting for one if necessary),
 * allocates a STAG unique among the outstanding stalls of the StreamID,
 * records the event with STALL == 1 (never discarded: it waits until the
 * event queue is writable) and sleeps until CMD_RESUME (retry, or
 * terminate with or without abort), CMD_STALL_TERM of its StreamID (abort)
 * or CR0.SMMUEN 1->0 (abort, 6.3.9.6) releases it.  An event queue abort
 * loses the stall record; the transaction then stays stalled until
 * CMD_STALL_TERM or SMMUEN 1->0, as the architecture says (7.2.2), or
 * until the device gives up on it: a stall that nothing answers within
 * swsmmu_hw.stall_timeout is terminated with an abort by its device (a
 * transaction completion timeout), so that a lost record or a lost
 * CMD_RESUME (fail_resume, inject.c) cannot hang a device for ever.
 */
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <kunit/visibility.h>
#include "model.h"
#include "model_trace.h"

/**
 * struct swsmmu_hw_stall - one stalled transaction, on its thread's stack
 * @node: in &swsmmu_hw.stalls while outstanding
 * @sid: StreamID
 * @stag: STAG given in the stall event record
 * @resp: CMDQ_RESUME_0_RESP_* it was released with, valid after @done
 * @done: completed, under &swsmmu_hw.stall_lock, once @resp is set and
 *        the entry is off the list
 */
struct swsmmu_hw_stall {
	struct list_head node;
	u32 sid;
	u16 stag;
	u8 resp;
	struct completion done;
};

/* Called with stall_lock held; the caller wakes stall_wq afterwards */
static void hw_stall_release(struct swsmmu_hw *hw, struct swsmmu_hw_stall *s, u8 resp)
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
	struct swsmmu_hw_stall *s;
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

/**
 * hw_stall_release_all() - release stalled transactions
 * @hw: the instance
 * @all: release every outstanding stall (CR0.SMMUEN 1->0), not only @sid's
 * @sid: the StreamID whose stalls are released (CMD_STALL_TERM)
 * @resp: CMDQ_RESUME_0_RESP_* to release them with
 */
void hw_stall_release_all(struct swsmmu_hw *hw, bool all, u32 sid, u8 resp)
{
	unsigned long sflags;
	struct swsmmu_hw_stall *s, *tmp;
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

/**
 * hw_cmd_stall() - execute CMD_RESUME or CMD_STALL_TERM
 * @hw: the instance
 * @cmd: the command
 * @op: its opcode
 *
 * Return: a CMDQ_CONS_ERR_* code.
 */
int hw_cmd_stall(struct swsmmu_hw *hw, const u64 *cmd, u8 op)
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
	/* Consumed, but resumes nothing: the stall stays outstanding */
	if (hw_inject(hw, HW_INJ_RESUME_LOST))
		return CMDQ_CONS_ERR_NONE;
	sid = FIELD_GET(CMDQ_RESUME_0_SID, cmd[0]);
	/* Resp is {Ab, Ac}: Ac == 1 retries whatever Ab says */
	resp = FIELD_GET(CMDQ_RESUME_0_RESP, cmd[0]);
	if (resp & CMDQ_RESUME_0_RESP_RETRY)
		resp = CMDQ_RESUME_0_RESP_RETRY;
	hw_stall_resume(hw, sid, FIELD_GET(CMDQ_RESUME_1_STAG, cmd[1]), resp);
	return CMDQ_CONS_ERR_NONE;
}

/* A STAG not used by another outstanding stall of the same StreamID */
static u16 hw_stall_new_stag(struct swsmmu_hw *hw, u32 sid)
{
	struct swsmmu_hw_stall *s;
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
static int hw_stall_add(struct swsmmu_hw *hw, struct swsmmu_hw_stall *s)
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

static bool hw_stall_try_add(struct swsmmu_hw *hw, struct swsmmu_hw_stall *s,
			     int *err)
{
	*err = hw_stall_add(hw, s);
	return *err != -EAGAIN;
}

/* true once the record is written, lost to an abort, or moot */
static bool hw_stall_try_record(struct swsmmu_hw *hw, const u64 *evt,
				struct swsmmu_hw_stall *s)
{
	unsigned long rflags;
	int ret;

	if (completion_done(&s->done))
		return true;
	spin_lock_irqsave(&hw->reg_lock, rflags);
	ret = hw_evtq_write(hw, evt, true);
	if (ret != -EAGAIN)
		swsmmu_hw_dbg_event(hw, evt, ret);
	spin_unlock_irqrestore(&hw->reg_lock, rflags);
	return ret != -EAGAIN;
}

/* Take @s off the list if it is still outstanding */
static bool hw_stall_cancel(struct swsmmu_hw *hw, struct swsmmu_hw_stall *s)
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
static int hw_stall_outcome(struct swsmmu_hw *hw, const struct swsmmu_hw_stall *s)
{
	hw_stat_inc(hw, s->resp == CMDQ_RESUME_0_RESP_RETRY ?
			HW_STAT_STALL_RETRY : HW_STAT_STALL_ABORT);
	trace_swsmmu_resume(hw->name, s->sid, s->stag,
			    s->resp == CMDQ_RESUME_0_RESP_RETRY);
	return s->resp;
}

/**
 * swsmmu_hw_stall() - stall a faulting transaction until software resolves it
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
 * model, after @hw->stall_timeout without an answer, or if the thread is
 * killed).
 */
int swsmmu_hw_stall(struct swsmmu_hw *hw, u64 evt[4])
{
	struct swsmmu_hw_stall s = { .sid = FIELD_GET(EVTQ_0_SID, evt[0]) };
	long left;
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
	trace_swsmmu_stall(hw->name, s.sid, s.stag, false);
	/*
	 * A device does not wait for ever: a stall nobody resumes (software
	 * lost it, or its CMD_RESUME was lost) ends in the device's own
	 * timeout, as a PCIe completion timeout would end it, with an abort
	 */
	left = wait_for_completion_killable_timeout(&s.done, hw->stall_timeout);
	if (left > 0)
		return hw_stall_outcome(hw, &s);
	if (!left)
		hw_stat_inc(hw, HW_STAT_STALL_TIMEOUT);

killed:
	if (hw_stall_cancel(hw, &s)) {
		s.resp = CMDQ_RESUME_0_RESP_ABORT;
		return hw_stall_outcome(hw, &s);
	}
	/* released concurrently: complete() has already run */
	wait_for_completion(&s.done);
	return hw_stall_outcome(hw, &s);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_stall);

/**
 * hw_stall_init() - initialise the stall state of a new instance
 * @hw: the instance
 */
void hw_stall_init(struct swsmmu_hw *hw)
{
	spin_lock_init(&hw->stall_lock);
	INIT_LIST_HEAD(&hw->stalls);
	init_waitqueue_head(&hw->stall_wq);
}
