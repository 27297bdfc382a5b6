// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the event queue, and the record writer it shares with
 * the PRI queue (pri.c).
 *
 * The model produces records under reg_lock: the record is written at the
 * model's write pointer (wprod), which then moves (after a write barrier);
 * PROD is published from it and the queue interrupt raised, at once or,
 * with an event latency, later from the instance's context (async.c).
 * An event queue is writable when EVTQEN == 1, it is not full and no
 * EVTQ_ABT_ERR is active (7.2.1).  A non-stall event that cannot be
 * written is discarded; if the queue was full this is an overflow, which
 * toggles PROD.OVFLG unless an overflow is already pending (OVFLG !=
 * CONS.OVACKFLG, 7.4).  A write to non-RAM activates EVTQ_ABT_ERR and PROD
 * is not advanced (a synchronous abort).
 */
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <kunit/visibility.h>
#include "model.h"
#include "model_trace.h"

/**
 * hw_outq_write() - write one record at PROD of an output queue, publish it
 * @hw: the instance, with @hw->reg_lock held
 * @q: the event or PRI queue
 * @max_log2: its IDR1 size limit
 * @abt_err: its GERROR_*_ABT_ERR
 * @rec: the record
 * @dwords: its size in 64-bit words
 * @can_overflow: a full queue is an overflow, not merely unwritable
 *
 * The record is published (PROD, then the queue's interrupt) at once or,
 * with an event latency, later (async.c); so is an overflow.
 *
 * Return: 0 if recorded, -EAGAIN if the queue is not writable (full, or an
 * abort is active), -ENOSPC if it is full (only when @can_overflow, after
 * recording the overflow), -EIO on an external abort.
 */
int hw_outq_write(struct swsmmu_hw *hw, struct hw_queue *q,
		  unsigned int max_log2, u32 abt_err, const u64 *rec,
		  unsigned int dwords, bool can_overflow)
{
	unsigned int l = hw_q_log2(q, max_log2);
	unsigned int i;
	u64 slot;

	lockdep_assert_held(&hw->reg_lock);
	if (hw_gerror_active(hw, abt_err))
		return -EAGAIN;
	if (hw_q_full(q->wprod, q->cons, l)) {
		if (!can_overflow)
			return -EAGAIN;
		/* toggle OVFLG unless an overflow is already pending */
		if (!((q->wprod ^ q->cons) & Q_OVF)) {
			q->wprod ^= Q_OVF;
			hw_outq_publish(hw, q, false);
		}
		return -ENOSPC;
	}
	slot = hw_q_slot(q, l, q->wprod);
	for (i = 0; i < dwords; i++) {
		if ((!i && hw_inject(hw, abt_err == GERROR_EVTQ_ABT_ERR ?
				     HW_INJ_EVTQ_WRITE : HW_INJ_PRIQ_WRITE)) ||
		    hw_write_desc(slot + 8 * i, rec[i])) {
			/* synchronous abort: PROD does not move */
			hw_gerror_raise(hw, abt_err);
			return -EIO;
		}
	}
	/* The record must be visible before the PROD that covers it */
	smp_wmb();
	q->wprod = (q->wprod & Q_OVF) | hw_q_inc(q->wprod, l);
	hw_outq_publish(hw, q, true);
	return 0;
}

/**
 * hw_evtq_write() - write an event record, for swsmmu_hw_evtq_push() and swsmmu_hw_stall()
 * @hw: the instance, with @hw->reg_lock held
 * @evt: the record
 * @stall: a stall record: never discarded, so never an overflow
 *
 * Return: as hw_outq_write(); -EAGAIN also while EVTQEN is 0.  Raises
 * SWSMMU_IRQ_EVTQ for a recorded event, when it is published.
 */
int hw_evtq_write(struct swsmmu_hw *hw, const u64 *evt, bool stall)
{
	int ret;

	lockdep_assert_held(&hw->reg_lock);
	if (!(hw->cr0 & CR0_EVTQEN))
		return -EAGAIN;
	/* stall records are never discarded and never overflow */
	ret = hw_outq_write(hw, &hw->evtq, hw->feat.evtq_bits,
			    GERROR_EVTQ_ABT_ERR, evt, EVTQ_ENT_DWORDS, !stall);
	/* A stall record that waits for room is traced once it is written */
	if (!stall || ret != -EAGAIN)
		trace_swsmmu_event(hw->name, evt, ret);
	return ret;
}

/**
 * swsmmu_hw_evtq_push() - record an event (not a stall) in the event queue
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
bool swsmmu_hw_evtq_push(struct swsmmu_hw *hw, const u64 evt[4])
{
	unsigned long rflags;
	int ret;

	spin_lock_irqsave(&hw->reg_lock, rflags);
	ret = hw_evtq_write(hw, evt, false);
	swsmmu_hw_dbg_event(hw, evt, ret);
	spin_unlock_irqrestore(&hw->reg_lock, rflags);
	return !ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_evtq_push);
