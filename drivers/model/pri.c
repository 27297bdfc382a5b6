// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: Page Requests as a PRI-capable device issues them.
 *
 * A device whose access was terminated by a translation fault (with CD.R=0
 * an SVA context reports nothing itself) asks the SMMU for the page with a
 * PRI Page Request: one PRI queue record with Last=1 (a group of one page),
 * then waits for the Page Request Group Response that software sends with
 * CMD_PRI_RESP.  The queue side lives in queue.c (hw_priq_push(),
 * hw_pri_wait()); this file only builds the record.
 */
#include <linux/bitfield.h>
#include <linux/mm.h>
#include <kunit/visibility.h>
#include "model.h"

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
 * answered by the SMMU itself (queue.c): ResponseFailure while the queue is
 * disabled, Success for a Last request lost to an overflow.
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

	hw_priq_push(hw, req);
	return hw_pri_wait(hw, txn->sid, txn->ssid, ssv, grpid, timeout);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_page_request);
