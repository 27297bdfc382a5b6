// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the asynchronous context.
 *
 * The synchronous model (latencies 0) is a very fast SMMU: a command
 * executes in the CMDQ_PROD write that publishes it and a record is
 * published in the transaction that raises it, so a driver that forgets to
 * wait for CMD_SYNC still passes.  With a latency (module parameters
 * cmdq_latency_ns and evtq_latency_ns, "MIN" or "MIN-MAX" nanoseconds,
 * 2000-20000 by default) the instance gets a context of its own that does
 * the work later:
 *
 *  - Commands.  A CMDQ_PROD write only wakes the context.  The commands
 *    published by then form a batch that becomes due a random time in
 *    [MIN, MAX] later; the batch then executes in order, CONS advancing
 *    after each command, and what was published meanwhile forms the next
 *    batch, due from then.  So no command executes less than MIN after the
 *    write that published it.  A CMD_SYNC completes (CONS past it, then its
 *    MSI write and interrupt, as in cmdq.c) in its turn, so only once every
 *    command before it has taken effect.
 *  - Event and PRI records are written into the queue when they happen (so
 *    that fullness and overflow are decided in order) but published, PROD
 *    and then the interrupt, a random time in [MIN, MAX] later, together
 *    with the records written before that publication was scheduled.
 *
 * The context is a kthread per instance, not a work item: it sleeps until
 * an absolute due time with hrtimer precision (delayed work has jiffy
 * resolution, milliseconds, against latencies of microseconds), it is the
 * only consumer so it needs no concurrency, and its lifetime is the
 * instance's: swsmmu_hw_destroy() stops it, after which nothing the
 * instance queued can run.
 *
 * Lending.  Drivers wait for CMD_SYNC spinning with interrupts off (ours and
 * arm-smmu-v3 alike).  On a small machine every CPU can be spinning so (one
 * owns the queue and waits, the others wait for its lock), and the context
 * would never run: silicon executes on its own, the model needs a CPU.  So
 * a CPU that polls the SMMU (reads CMDQ_CONS, swsmmu_hw_poll()) lends it
 * its cycles: it executes the batches that are already due, never one that
 * is not.  Timing is what the latency says either way; only which CPU does
 * the work differs.  The lender only trylocks the command queue: if the
 * context holds it, the work is being done.
 *
 * Disabling the command queue (CR0.CMDQEN 1->0), an error (CMDQ_CONS.ERR)
 * and SMMUEN = 0 stop consumption where the synchronous model stops: each
 * command checks them first.  A CR0 write that clears CMDQEN returns only
 * once no command fetch is in progress (hw_cmdq_quiesce()), so software
 * may free the queue once it has seen CR0ACK.
 */
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <kunit/visibility.h>
#include <swsmmu/param.h>
#include "model.h"

/* Longest latency a parameter takes: drivers time out CMD_SYNC after 1 s */
#define HW_LATENCY_LIMIT	100000000U	/* 100 ms */

/*
 * The default is asynchronous: it catches drivers that do not wait for what
 * they asked, and measured no dearer than the synchronous model in dmatest
 * (Documentation/model.rst, "Cost and the default").
 */
static u32 cmdq_lat[2] = { 2000, 20000 }, evtq_lat[2] = { 2000, 20000 };

static int hw_latency_set(const char *val, const struct kernel_param *kp)
{
	u32 *lat = kp->arg;

	return swsmmu_param_parse_range(val, kp, HW_LATENCY_LIMIT, &lat[0],
					&lat[1]);
}

static int hw_latency_get(char *buf, const struct kernel_param *kp)
{
	const u32 *lat = kp->arg;

	if (lat[0] == lat[1])
		return sysfs_emit(buf, "%u\n", lat[0]);
	return sysfs_emit(buf, "%u-%u\n", lat[0], lat[1]);
}

static const struct kernel_param_ops hw_latency_ops = {
	.set = hw_latency_set,
	.get = hw_latency_get,
};

module_param_cb(cmdq_latency_ns, &hw_latency_ops, cmdq_lat, 0444);
MODULE_PARM_DESC(cmdq_latency_ns,
		 "Time the SMMU takes to execute published commands, MIN or MIN-MAX ns (at most 100 ms; default 2000-20000); 0: at once, in the CMDQ_PROD write");
module_param_cb(evtq_latency_ns, &hw_latency_ops, evtq_lat, 0444);
MODULE_PARM_DESC(evtq_latency_ns,
		 "Time the SMMU takes to publish event and PRI records and their interrupts, MIN or MIN-MAX ns (at most 100 ms; default 2000-20000); 0: at once");

static u64 hw_async_rand(u32 min, u32 max)
{
	return min + (max > min ? get_random_u32_below(max - min + 1) : 0);
}

/**
 * hw_async_kick() - tell the context that work may have arrived
 * @hw: the instance; any context
 */
void hw_async_kick(struct swsmmu_hw *hw)
{
	struct hw_async *a = hw->async;

	if (!a)
		return;
	/* read after the thread's set_current_state(): see the loop */
	WRITE_ONCE(a->kicked, true);
	wake_up_process(a->task);
}

/**
 * hw_async_cmd_latency() - the delay of a batch of commands becoming due
 * @hw: the instance, asynchronous for commands
 *
 * Return: nanoseconds, random within the range.
 */
u64 hw_async_cmd_latency(struct swsmmu_hw *hw)
{
	return hw_async_rand(hw->async->lat.cmd_min, hw->async->lat.cmd_max);
}

/**
 * hw_async_cmd() - the command batch state of an asynchronous instance
 * @hw: the instance
 *
 * Return: the state (under @hw->cmdq_lock), NULL if commands are
 * synchronous.
 */
struct hw_async_cmd *hw_async_cmd(struct swsmmu_hw *hw)
{
	return hw->async && hw->async->lat.cmd_max ? &hw->async->cmd : NULL;
}

/* Commands are asynchronous on @hw */
static bool hw_async_cmds(struct swsmmu_hw *hw)
{
	return hw->async && hw->async->lat.cmd_max;
}

/* Records are published later on @hw */
static bool hw_async_evts(struct swsmmu_hw *hw)
{
	return hw->async && hw->async->lat.evt_max;
}

/**
 * hw_async_lend() - execute the commands that are due, on the caller's CPU
 * @hw: the instance; any context, no model lock held
 */
void hw_async_lend(struct swsmmu_hw *hw)
{
	if (hw_async_cmds(hw))
		hw_cmdq_advance(hw, ktime_get_ns(), true);
}

static struct hw_async_pub *hw_async_pub_of(struct swsmmu_hw *hw,
					    struct hw_queue *q)
{
	return &hw->async->pub[q == &hw->priq];
}

static unsigned int hw_outq_line(struct swsmmu_hw *hw, struct hw_queue *q)
{
	return q == &hw->priq ? SWSMMU_IRQ_PRIQ : SWSMMU_IRQ_EVTQ;
}

/**
 * hw_outq_publish() - make what was written at @q->wprod visible
 * @hw: the instance, with @hw->reg_lock held
 * @q: the event or PRI queue
 * @records: records were written (not only an overflow flagged)
 *
 * Synchronous: PROD follows at once, and the queue's interrupt is raised
 * for records.  Asynchronous: schedules a publication, which raises the
 * interrupt when it moves PROD past records.
 */
void hw_outq_publish(struct swsmmu_hw *hw, struct hw_queue *q, bool records)
{
	struct hw_async_pub *p;

	lockdep_assert_held(&hw->reg_lock);
	if (!hw_async_evts(hw)) {
		q->prod = q->wprod;
		if (records)
			hw_raise_irq(hw, hw_outq_line(hw, q));
		return;
	}
	p = hw_async_pub_of(hw, q);
	if (p->sched)
		return;
	p->sched = true;
	p->due = ktime_get_ns() + hw_async_rand(hw->async->lat.evt_min,
						hw->async->lat.evt_max);
	p->target = q->wprod;
	hw_async_kick(hw);
}

/**
 * hw_outq_flush() - publish at once what is written, cancelling any
 *                   scheduled publication (the queue is being disabled)
 * @hw: the instance, with @hw->reg_lock held
 * @q: the event or PRI queue
 */
void hw_outq_flush(struct swsmmu_hw *hw, struct hw_queue *q)
{
	lockdep_assert_held(&hw->reg_lock);
	q->prod = q->wprod;
	if (hw->async)
		hw_async_pub_of(hw, q)->sched = false;
}

/*
 * Publish @q if its publication is due; returns when the next one is
 * (U64_MAX: none).  Takes reg_lock.
 */
static u64 hw_async_outq_run(struct swsmmu_hw *hw, struct hw_queue *q, u64 now)
{
	struct hw_async_pub *p = hw_async_pub_of(hw, q);
	unsigned long flags;
	u64 next = U64_MAX;
	u32 old;

	spin_lock_irqsave(&hw->reg_lock, flags);
	if (p->sched && p->due <= now) {
		old = q->prod;
		/* the records were written before wprod moved (smp_wmb()) */
		q->prod = p->target;
		if ((old ^ p->target) & ~Q_OVF)
			hw_raise_irq(hw, hw_outq_line(hw, q));
		p->sched = false;
		if (q->wprod != q->prod) {
			p->sched = true;
			p->due = now + hw_async_rand(hw->async->lat.evt_min,
						     hw->async->lat.evt_max);
			p->target = q->wprod;
		}
	}
	if (p->sched)
		next = p->due;
	spin_unlock_irqrestore(&hw->reg_lock, flags);
	return next;
}

static int hw_async_thread(void *data)
{
	struct swsmmu_hw *hw = data;
	struct hw_async *a = hw->async;
	u64 now, due;
	ktime_t t;

	for (;;) {
		WRITE_ONCE(a->kicked, false);
		now = ktime_get_ns();
		due = U64_MAX;
		if (a->lat.cmd_max)
			due = hw_cmdq_advance(hw, now, false);
		due = min(due, hw_async_outq_run(hw, &hw->evtq, now));
		due = min(due, hw_async_outq_run(hw, &hw->priq, now));

		/* KUnit parks the context to show that lending suffices */
		if (kthread_should_park()) {
			kthread_parkme();
			continue;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		if (READ_ONCE(a->kicked)) {
			__set_current_state(TASK_RUNNING);
			continue;
		}
		if (due == U64_MAX) {
			schedule();
			continue;
		}
		t = ns_to_ktime(due);
		schedule_hrtimeout_range(&t, NSEC_PER_USEC, HRTIMER_MODE_ABS);
	}
	return 0;
}

/**
 * swsmmu_hw_set_latency() - make an instance synchronous or asynchronous
 * @hw: the instance, with its queues disabled (CR0 == 0)
 * @lat: the latencies; all zero for the synchronous model
 *
 * Return: 0; -EBUSY while CR0 is not 0; -EINVAL for a range above 100 ms or
 * upside down; -ENOMEM, or the kthread's error.
 */
int swsmmu_hw_set_latency(struct swsmmu_hw *hw,
			  const struct swsmmu_hw_latency *lat)
{
	struct task_struct *task;
	struct hw_async *a;

	if (lat->cmd_min > lat->cmd_max || lat->evt_min > lat->evt_max ||
	    lat->cmd_max > HW_LATENCY_LIMIT || lat->evt_max > HW_LATENCY_LIMIT)
		return -EINVAL;
	if (READ_ONCE(hw->cr0))
		return -EBUSY;
	hw_async_destroy(hw);
	if (!lat->cmd_max && !lat->evt_max)
		return 0;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->lat = *lat;
	task = kthread_create(hw_async_thread, hw, "swsmmu-%s", hw->name);
	if (IS_ERR(task)) {
		kfree(a);
		return PTR_ERR(task);
	}
	/* complete before anyone (the thread included) can see it */
	a->task = task;
	hw->async = a;
	wake_up_process(task);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_set_latency);

/**
 * swsmmu_hw_set_latency_default() - the latencies the module parameters say
 * @hw: the instance, as for swsmmu_hw_set_latency()
 *
 * Return: as swsmmu_hw_set_latency().
 */
int swsmmu_hw_set_latency_default(struct swsmmu_hw *hw)
{
	struct swsmmu_hw_latency lat = {
		.cmd_min = cmdq_lat[0], .cmd_max = cmdq_lat[1],
		.evt_min = evtq_lat[0], .evt_max = evtq_lat[1],
	};

	return swsmmu_hw_set_latency(hw, &lat);
}

/**
 * hw_async_destroy() - stop the context; what it had not done is dropped
 * @hw: the instance
 */
void hw_async_destroy(struct swsmmu_hw *hw)
{
	struct hw_async *a = hw->async;

	if (!a)
		return;
	/* a task that has not run yet still exits: kthread_stop() wakes it */
	if (a->task)
		kthread_stop(a->task);
	hw->async = NULL;
	kfree(a);
}
