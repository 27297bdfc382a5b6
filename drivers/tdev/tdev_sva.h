/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test devices: PASID engine (sva.c) and character device (cdev.c).
 */
#ifndef _SWSMMU_TDEV_SVA_H
#define _SWSMMU_TDEV_SVA_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <swsmmu/hw.h>

struct swsmmu_tdev_pdata;

/**
 * struct swsmmu_tdev_engine - the device side of a test device
 * @hw: the SMMU its transactions enter
 * @sid: its StreamID
 * @pd: its platform data: what its control registers let it do
 * @stall: the device stalls on faults ("dma-can-stall") and issues no
 *         page requests
 * @next_grpid: source of Page Request Group indexes
 * @page_requests: page requests issued
 * @stalls: transactions that stalled
 * @responses_ok: Success responses (or retried stalls) received
 * @responses_fail: other responses (or aborted stalls) received
 */
struct swsmmu_tdev_engine {
	struct swsmmu_hw *hw;
	u32 sid;
	const struct swsmmu_tdev_pdata *pd;
	bool stall;
	atomic_t next_grpid;
	atomic64_t page_requests;
	atomic64_t stalls;
	atomic64_t responses_ok;
	atomic64_t responses_fail;
};

int swsmmu_tdev_xfer(struct swsmmu_tdev_engine *eng, u32 pasid, u64 va,
		     void *buf, size_t len, bool write, u64 *fault_addr);

#endif /* _SWSMMU_TDEV_SVA_H */
