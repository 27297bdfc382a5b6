// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the model's event counters (enum hw_stat), per CPU, and
 * the debugfs counters file's view of them and of the caches' occupancy.
 */
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <kunit/visibility.h>
#include "model.h"

static const char * const hw_stat_names[HW_STAT_NR] = {
	[HW_STAT_TRANSLATIONS]		= "translations",
	[HW_STAT_TLB_HIT]		= "tlb_hits",
	[HW_STAT_TLB_MISS]		= "tlb_misses",
	[HW_STAT_WALKS]			= "walks",
	[HW_STAT_TLB_FILL]		= "tlb_fills",
	[HW_STAT_TLB_EVICT]		= "tlb_evictions",
	[HW_STAT_TLB_INV_ENTRIES]	= "tlb_invalidated_entries",
	[HW_STAT_CFG_HIT]		= "cfg_hits",
	[HW_STAT_CFG_MISS]		= "cfg_misses",
	[HW_STAT_CFG_INV_ENTRIES]	= "cfg_invalidated_entries",
	[HW_STAT_TLBI]			= "tlbi_commands",
	[HW_STAT_CFGI]			= "cfgi_commands",
	[HW_STAT_SYNC]			= "sync_commands",
	[HW_STAT_SYNC_WAITS]		= "sync_waits",
	[HW_STAT_PAGE_REQUESTS]		= "pri_page_requests",
	[HW_STAT_PRI_WAIT_SUCC]		= "pri_responses_success",
	[HW_STAT_PRI_WAIT_FAIL]		= "pri_responses_failure",
	[HW_STAT_STALLS]		= "stalls",
	[HW_STAT_STALL_RETRY]		= "stalls_retried",
	[HW_STAT_STALL_ABORT]		= "stalls_terminated",
	[HW_STAT_STALL_TIMEOUT]		= "stalls_timed_out",
	[HW_STAT_WALK_CACHE_HIT]	= "walk_cache_hits",
	[HW_STAT_WALK_CACHE_FILL]	= "walk_cache_fills",
	[HW_STAT_SPEC_TLB_FILL]		= "speculative_tlb_fills",
	[HW_STAT_SPEC_STE_FILL]		= "speculative_ste_fills",
	[HW_STAT_SPEC_CD_FILL]		= "speculative_cd_fills",
	[HW_STAT_TORN_STE]		= "strict_torn_ste",
	[HW_STAT_TORN_CD]		= "strict_torn_cd",
	[HW_STAT_TLB_CONFLICT]		= "strict_tlb_conflict",
	[HW_STAT_ATS_TREQ]		= "ats_translation_requests",
	[HW_STAT_ATS_TRANSLATED]	= "ats_translated",
	[HW_STAT_ATC_INV]		= "atc_inv",
};

/**
 * swsmmu_hw_stats_get() - add up the counters of every CPU
 * @hw: the instance
 * @s: the totals
 */
void swsmmu_hw_stats_get(struct swsmmu_hw *hw, struct hw_stats *s)
{
	const struct hw_stats *c;
	unsigned int cpu, i;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(hw->stats, cpu);
		for (i = 0; i < HW_STAT_NR; i++)
			s->v[i] += READ_ONCE(c->v[i]);
	}
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_stats_get);

/**
 * hw_stats_print() - print the counters and cache occupancy, for debugfs
 * @hw: the instance
 * @m: where to print, one "name value" per line
 */
void hw_stats_print(struct swsmmu_hw *hw, struct seq_file *m)
{
	unsigned int i, nr_ste, nr_cd;
	struct hw_stats s;

	swsmmu_hw_stats_get(hw, &s);
	for (i = 0; i < HW_STAT_NR; i++)
		seq_printf(m, "%s %llu\n", hw_stat_names[i], s.v[i]);
	swsmmu_hw_cfgcache_count(hw, &nr_ste, &nr_cd);
	seq_printf(m, "tlb_entries %u\ntlb_capacity %u\n", swsmmu_hw_tlb_count(hw),
		   swsmmu_hw_tlb_capacity(hw));
	seq_printf(m, "cfg_ste_entries %u\ncfg_cd_entries %u\n", nr_ste, nr_cd);
}
