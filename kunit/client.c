// SPDX-License-Identifier: GPL-2.0
/*
 * The test-device fixture and device access of swsmmu-kunit.ko's suites
 * (kunit/client.h).
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/device.h>
#include "board/board.h"
#include "iommu/swsmmu.h"
#include "client.h"

static void swsmmu_tc_put(void *data)
{
	struct swsmmu_tc *c = data;

	put_device(c->dev);
	swsmmu_board_remove_client_on(c->board, c->sid);
}

/**
 * swsmmu_tc_get_on() - a test device of the case's own
 * @test: the case; skipped when swsmmu.ko (or the SMMU @board, or with
 *        @flags without %SWSMMU_TC_ANY_DRIVER our driver) is not there
 * @board: which of the board's SMMUs the device is behind
 * @sids: its StreamIDs, which no other device may use
 * @nr: how many (1 or 2)
 * @flags: SWSMMU_TC_*
 *
 * The device is removed (after the suite's exit) when the case ends, also
 * when the case fails before it has the device.
 *
 * Return: the client; a failure to make it aborts the case.
 */
struct swsmmu_tc *
swsmmu_tc_get_on(struct kunit *test, unsigned int board, const u32 *sids,
		 unsigned int nr, unsigned int flags)
{
	struct swsmmu_device *smmu = swsmmu_kunit_smmu();
	struct swsmmu_tc *c;

	if (!smmu && !(flags & SWSMMU_TC_ANY_DRIVER))
		kunit_skip(test, "swsmmu.ko is not loaded");
	if (swsmmu_board_nr_smmus() <= board)
		kunit_skip(test, "needs swsmmu.ko nr_smmus=%u", board + 1);
	if (!smmu && !swsmmu_board_hw(board))
		kunit_skip(test, "swsmmu.ko is not loaded");
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->board = board;
	c->sid = sids[0];
	if (!board)
		c->smmu = smmu;
	c->hw = c->smmu ? c->smmu->hw : swsmmu_board_hw(board);
	KUNIT_ASSERT_EQ(test, 0, swsmmu_board_add_client_on(board, sids, nr));
	c->dev = swsmmu_board_get_client_on(board, c->sid);
	if (!c->dev) {
		swsmmu_board_remove_client_on(board, c->sid);
		KUNIT_FAIL_AND_ABORT(test, "no device for StreamID %#x", c->sid);
	}
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   swsmmu_tc_put,
							   c));
	return c;
}

/**
 * swsmmu_tc_access() - one device access through a model
 * @hw: the model
 * @how: the transaction's StreamID, SubstreamID, flags (but
 *       %SWSMMU_TXN_WRITE, which @write sets) and issue time
 * @iova: the address the device puts out
 * @data: what it writes, or where what it reads goes
 * @len: how many bytes
 * @write: a write, else a read
 *
 * Return: as swsmmu_hw_access(): 0, or the error of a fault.
 */
int swsmmu_tc_access(struct swsmmu_hw *hw, const struct swsmmu_txn *how,
		     u64 iova, void *data, size_t len, bool write)
{
	struct swsmmu_txn txn = *how;

	txn.flags &= ~SWSMMU_TXN_WRITE;
	if (write)
		txn.flags |= SWSMMU_TXN_WRITE;
	return swsmmu_hw_access(hw, &txn, iova, data, len);
}
