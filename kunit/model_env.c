// SPDX-License-Identifier: GPL-2.0
/*
 * The model environment of the model suites (kunit/model_env.h).
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/align.h>
#include "model/model.h"
#include "model_env.h"

/**
 * me_alloc() - zeroed memory for a table, queue or page, freed with the case
 * @test: the case
 * @size: a power of two: kmalloc() aligns it naturally, as the tables'
 *        base addresses must be
 *
 * Return: the memory; a failure (or a misaligned block) aborts the case.
 */
void *me_alloc(struct kunit *test, size_t size)
{
	void *p = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED(me_pa(p), size));
	return p;
}

static void me_hw_destroy(void *data)
{
	struct swsmmu_hw *hw = data;

	swsmmu_hw_write32(hw, SMMU_CR0, 0);
	swsmmu_hw_destroy(hw);
}

/**
 * me_hw_create() - a model instance, disabled, destroyed with the case
 * @test: the case
 * @name: the instance's name (its debugfs directory: unique while it lives)
 * @feat: what it implements
 *
 * Its IOTLB (256 entries) and configuration cache (64) are small, so that
 * a case sees hits, and misses after invalidation, with a few streams.
 *
 * Return: the instance; a failure aborts the case.
 */
struct swsmmu_hw *me_hw_create(struct kunit *test, const char *name,
			       const struct swsmmu_hw_features *feat)
{
	struct swsmmu_hw *hw = swsmmu_hw_create(name, feat);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, me_hw_destroy, hw),
			0);
	swsmmu_hw_tlb_destroy(hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_init(hw, 256), 0);
	swsmmu_hw_cfgcache_destroy(hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_cfgcache_init(hw, 64, true), 0);
	return hw;
}

/**
 * me_hw_enable() - program and enable an instance as a driver would
 * @hw: the instance
 * @st: its linear Stream table, 2^@st_log2 STEs
 * @st_log2: the table's size
 * @evtq: its event queue, 2^@evtq_log2 records
 * @evtq_log2: the queue's size
 * @cr2: CR2 (e.g. CR2_RECINVSID), written before SMMUEN and EVTQEN are set
 */
void me_hw_enable(struct swsmmu_hw *hw, const __le64 *st,
		  unsigned int st_log2, const __le64 *evtq,
		  unsigned int evtq_log2, u32 cr2)
{
	swsmmu_hw_write64(hw, SMMU_STRTAB_BASE, me_pa(st));
	swsmmu_hw_write32(hw, SMMU_STRTAB_BASE_CFG,
			  FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, st_log2));
	swsmmu_hw_write64(hw, SMMU_EVTQ_BASE, me_pa(evtq) | evtq_log2);
	if (cr2)
		swsmmu_hw_write32(hw, SMMU_CR2, cr2);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN | CR0_EVTQEN);
}
