/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the suites that make a test device DMA through the SMMU share: a
 * test device of the case's own (a "client" of the board), removed when the
 * case ends, and one device access through a model.
 */
#ifndef _SWSMMU_KUNIT_CLIENT_H
#define _SWSMMU_KUNIT_CLIENT_H

#include <linux/bits.h>
#include <linux/types.h>
#include <swsmmu/hw.h>

struct kunit;
struct device;
struct swsmmu_device;

/* Also under Linux's arm-smmu-v3 (swsmmu.ko driver=upstream) */
#define SWSMMU_TC_ANY_DRIVER	BIT(0)

/**
 * struct swsmmu_tc - a test device of one KUnit case
 * @smmu: our driver's SMMU the device is behind; NULL under arm-smmu-v3
 *        and behind any SMMU but the first
 * @hw: the model whose swsmmu_hw_access() is the device's DMA
 * @dev: the device (a reference held until the case ends)
 * @board: which of the board's SMMUs
 * @sid: its (first) StreamID
 */
struct swsmmu_tc {
	struct swsmmu_device *smmu;
	struct swsmmu_hw *hw;
	struct device *dev;
	unsigned int board;
	u32 sid;
};

struct swsmmu_tc *
swsmmu_tc_get_on(struct kunit *test, unsigned int board, const u32 *sids,
		 unsigned int nr, unsigned int flags);

/* A client with one StreamID behind the first SMMU, of our driver */
static inline struct swsmmu_tc *swsmmu_tc_get(struct kunit *test, u32 sid)
{
	return swsmmu_tc_get_on(test, 0, &sid, 1, 0);
}

int swsmmu_tc_access(struct swsmmu_hw *hw, const struct swsmmu_txn *how,
		     u64 iova, void *data, size_t len, bool write);

/* Plain DMA (no SubstreamID) by StreamID @sid through @hw */
static inline int swsmmu_tc_dma(struct swsmmu_hw *hw, u32 sid, u64 iova,
				void *data, size_t len, bool write)
{
	struct swsmmu_txn how = { .sid = sid };

	return swsmmu_tc_access(hw, &how, iova, data, len, write);
}

/* Plain DMA by a client */
static inline int swsmmu_tc_rw(const struct swsmmu_tc *c, u64 iova,
			       void *data, size_t len, bool write)
{
	return swsmmu_tc_dma(c->hw, c->sid, iova, data, len, write);
}

#endif /* _SWSMMU_KUNIT_CLIENT_H */
