// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: transactions in flight and the CMD_SYNC guarantee, and
 * the set-up of the caches the guarantee covers.
 *
 * The caches are the IOTLB (tlb.c) and the configuration cache
 * (cfgcache.c).  The command queue (cmdq.c) calls swsmmu_hw_tlb_invalidate() for
 * each CMD_TLBI_*, hw_cfgcache_invalidate() for each CMD_CFGI_* and
 * hw_sync_inflight() for each CMD_SYNC, with hw->cmdq_lock held (so with
 * interrupts off), in the context of a register write, or of the
 * instance's kthread or a CPU polling CMDQ_CONS when commands are
 * asynchronous (async.c): none of them sleeps.  The argument below does not
 * depend on which CPU runs the CMD_SYNC: it only needs that no piece is in
 * flight on that CPU, which holds because pieces run with interrupts off
 * and never touch registers.
 *
 * The CMD_SYNC guarantee
 * ----------------------
 * Once a CMD_SYNC that follows a TLBI or CFGI has completed, no device
 * access that used the old translation or configuration is still in
 * progress, and no later access can use it.
 *
 * swsmmu_hw_access() performs an access in pieces (one page each).  A piece
 * (swsmmu_hw_piece_begin() .. swsmmu_hw_piece_end()) covers everything that may use a
 * cached or freshly read translation: the configuration and TLB lookups,
 * the fetches and walks of a miss, the fills, and the memory copy.  It runs
 * with interrupts disabled (so a CMD_SYNC issued from an interrupt or
 * softirq on the same CPU cannot spin on the piece it interrupted), never
 * sleeps, takes no queue lock, and is bounded: one page of copy and at most
 * one nested walk.  Each CPU has a mark, hw->inflight, odd while a piece
 * runs there: the piece begins with mark++ (odd) and a full barrier
 * (smp_store_mb(): the store and the barrier in one), and ends
 * with smp_store_release(mark + 1) (even) after its copy.  A fault ends the
 * piece before the event is recorded; a stalled transaction (swsmmu_hw_stall()
 * sleeps) is therefore never in flight while it sleeps, and its retry is a
 * new piece.
 *
 * A TLBI or CFGI unlinks the entries in its scope under the cache's lock
 * and then, in the same critical section, increments hw->tlb_seq or
 * hw->cfg_seq (release); commands run in order, so it is done before the
 * CMD_SYNC that follows it.  hw_sync_inflight() issues smp_mb(), then,
 * for each possible CPU, reads the mark with acquire and, if it is odd,
 * spins until it changes.  Then for any piece P:
 *  - if the SYNC saw P's mark odd, it waited for P to end, and the acquire
 *    of the changed mark orders P's copy before the SYNC completes;
 *  - if it saw the mark even after P ended, P is over, likewise;
 *  - if it saw the mark even before P began, the two full barriers (P's
 *    after its mark, the SYNC's before reading it) order P's lookups after
 *    the unlinking: P cannot find an invalidated entry, and it reads the
 *    new sequence count, so its walks and fetches see what software wrote
 *    before issuing the command (the count is published with release).
 * A piece that began before the invalidation and fills a cache after it
 * finds the sequence count changed under the cache's lock and drops its
 * fill; one that filled before it had its entry removed by it (when in
 * scope).  The count moves after the removal, not before: otherwise a
 * piece could read the new count, still find the old STE, and cache the
 * old CD it leads to after the CFGI (the race test caught exactly that).
 * So once the SYNC completes, no piece that may use an old translation or
 * configuration is running and none can start.
 * hw_sync_inflight() waits for at most one bounded piece per CPU, and no
 * piece waits for anything the SYNC holds, so it cannot deadlock.
 *
 * The mark is a per-CPU variable written by its own CPU with interrupts
 * off, so it needs no atomic read-modify-write for itself; the one full
 * barrier per piece is what the Dekker-style handshake with a
 * non-sleeping CMD_SYNC needs.  smp_store_mb() makes the mark's store and
 * that barrier one instruction (an xchg on x86, whose implied lock is the
 * barrier, where a store and smp_mb()'s locked add were two).
 */
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/timekeeping.h>
#include <kunit/visibility.h>
#include "model.h"
#include "model_trace.h"

/**
 * hw_sync_inflight() - complete prior invalidations for a CMD_SYNC
 * @hw: the instance
 *
 * Spins (without sleeping) until every transaction piece that was in
 * flight when it was called has ended; see the argument at the top of this
 * file.
 */
void hw_sync_inflight(struct swsmmu_hw *hw)
{
	u64 t0 = trace_swsmmu_sync_enabled() ? ktime_get_ns() : 0;
	unsigned int cpu, waited = 0;
	unsigned long seen, *mark;

	lockdep_assert_held(&hw->cmdq_lock);
#if IS_ENABLED(CONFIG_KUNIT)
	hw->ktrace.nr_sync++;
#endif
	hw_stat_inc(hw, HW_STAT_SYNC);

	/* Earlier invalidations before the marks: pairs with swsmmu_hw_piece_begin() */
	smp_mb();
	for_each_possible_cpu(cpu) {
		mark = per_cpu_ptr(hw->inflight, cpu);
		/* acquire: a piece that ended did all its accesses before */
		seen = smp_load_acquire(mark);
		if (!(seen & 1))
			continue;
		/* a piece never issues commands: it cannot be our own */
		if (WARN_ON_ONCE(cpu == raw_smp_processor_id()))
			continue;
		hw_stat_inc(hw, HW_STAT_SYNC_WAITS);
		waited++;
		/* acquire, pairs with swsmmu_hw_piece_end(): its copy is complete */
		while (smp_load_acquire(mark) == seen)
			cpu_relax();
	}
	trace_swsmmu_sync(hw->name, waited, t0 ? ktime_get_ns() - t0 : 0);
}

/**
 * swsmmu_hw_piece_begin() - start one piece of a transaction
 * @hw: the instance
 * @p: the piece's state
 * @fill: the piece may fill the caches (false: lookups only)
 *
 * Disables interrupts and enters an RCU read-side critical section until
 * swsmmu_hw_piece_end(); the piece must not sleep.
 */
void swsmmu_hw_piece_begin(struct swsmmu_hw *hw, struct hw_piece *p, bool fill)
	__acquires(RCU)
{
	unsigned long *mark;

	local_irq_save(p->flags);
	mark = this_cpu_ptr(hw->inflight);
	/*
	 * The odd mark before any lookup: pairs with hw_sync_inflight().  One
	 * instruction for the store and the barrier (xchg on x86).
	 */
	smp_store_mb(*mark, *mark + 1);
	/* acquire, pairs with the invalidations' release: see tlb.c */
	p->tlb_seq = smp_load_acquire(&hw->tlb_seq);
	/* likewise with hw_cfgcache_invalidate() */
	p->cfg_seq = smp_load_acquire(&hw->cfg_seq);
	p->fill = fill;
	rcu_read_lock();
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_piece_begin);

/**
 * swsmmu_hw_piece_end() - end a piece begun with swsmmu_hw_piece_begin()
 * @hw: the instance
 * @p: the piece's state
 */
void swsmmu_hw_piece_end(struct swsmmu_hw *hw, struct hw_piece *p)
	__releases(RCU)
{
	unsigned long *mark = this_cpu_ptr(hw->inflight);

	rcu_read_unlock();
	/* Every access of the piece happens before the even mark */
	smp_store_release(mark, *mark + 1);
	local_irq_restore(p->flags);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_piece_end);

/**
 * hw_caches_init() - set up the caches, counters and in-flight marks of a
 *                    new instance, as the module parameters say
 * @hw: the instance
 *
 * Return: 0 or -ENOMEM (nothing is left allocated).
 */
int hw_caches_init(struct swsmmu_hw *hw)
{
	hw->inflight = alloc_percpu(unsigned long);
	hw->stats = alloc_percpu(struct hw_stats);
	if (!hw->inflight || !hw->stats)
		goto fail;
	if (hw_tlb_init_default(hw))
		goto fail;
	if (hw_cfgcache_init_default(hw))
		goto fail;
	if (hw_strict_init(hw))
		goto fail;
	return 0;
fail:
	hw_caches_destroy(hw);
	return -ENOMEM;
}

/**
 * hw_caches_destroy() - free what hw_caches_init() set up
 * @hw: the instance; no transaction or command is in progress
 */
void hw_caches_destroy(struct swsmmu_hw *hw)
{
	hw_strict_destroy(hw);
	swsmmu_hw_cfgcache_destroy(hw);
	swsmmu_hw_tlb_destroy(hw);
	free_percpu(hw->stats);
	free_percpu(hw->inflight);
	hw->stats = NULL;
	hw->inflight = NULL;
}
