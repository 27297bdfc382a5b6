// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: cache maintenance hooks, called by the command queue.
 *
 * The model does not cache anything yet: every transaction fetches its STE
 * and CD and walks the translation tables from memory.  Invalidating
 * nothing is therefore exactly what the architecture requires, and a
 * CMD_SYNC has no in-flight transaction to wait for beyond what the
 * caller's own ordering already gives.  When configuration and TLB caches
 * are added, these hooks invalidate them (and hw_sync_inflight() waits for
 * transactions that may still use invalidated entries).
 *
 * All three are called from command execution with hw->cmdq_lock held, in
 * the atomic context of a register write: they must not sleep.  In KUnit
 * builds they record their arguments in hw->ktrace for the tests.
 */
#include <linux/lockdep.h>
#include "model.h"

/**
 * hw_inv_cfg() - invalidate cached configuration (CMD_CFGI_*)
 * @hw: the instance
 * @c: the decoded command
 *
 * Nothing is cached yet, so nothing is invalidated.
 */
void hw_inv_cfg(struct swsmmu_hw *hw, const struct hw_cfgi *c)
{
	lockdep_assert_held(&hw->cmdq_lock);
#if IS_ENABLED(CONFIG_KUNIT)
	hw->ktrace.nr_cfg++;
	hw->ktrace.cfg = *c;
#endif
}

/**
 * hw_inv_tlb() - invalidate cached translations (CMD_TLBI_*)
 * @hw: the instance
 * @t: the decoded command
 *
 * Nothing is cached yet, so nothing is invalidated.
 */
void hw_inv_tlb(struct swsmmu_hw *hw, const struct hw_tlbi *t)
{
	lockdep_assert_held(&hw->cmdq_lock);
#if IS_ENABLED(CONFIG_KUNIT)
	hw->ktrace.nr_tlb++;
	hw->ktrace.tlb = *t;
#endif
}

/**
 * hw_sync_inflight() - complete prior invalidations for a CMD_SYNC
 * @hw: the instance
 *
 * Waits (without sleeping) until no transaction that started before the
 * CMD_SYNC can still use configuration or translations invalidated by
 * earlier commands.  With no caches, a transaction always uses what is in
 * memory, so there is nothing to wait for.
 */
void hw_sync_inflight(struct swsmmu_hw *hw)
{
	lockdep_assert_held(&hw->cmdq_lock);
#if IS_ENABLED(CONFIG_KUNIT)
	hw->ktrace.nr_sync++;
#endif
}
