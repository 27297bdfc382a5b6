// SPDX-License-Identifier: GPL-2.0
/*
 * Test devices: the device-side engine for PASID traffic.
 *
 * It behaves like a PRI-capable accelerator: every access carries the
 * StreamID and a PASID (SWSMMU_TXN_SSV), goes through the SMMU page by
 * page, and an access the SMMU terminates (the SVA context records nothing,
 * CD.R=0) is followed by a PRI Page Request for that page
 * (swsmmu_tdev_pri_access() in pri.c, which the PCIe functions' doorbell
 * engine shares).  On Success the access is retried; Invalid Request or
 * Response Failure fails the operation with -EFAULT and the faulting
 * address.  A page that keeps faulting after Success responses (an
 * invalidation racing with every retry) fails after
 * SWSMMU_TDEV_MAX_RETRIES attempts.
 *
 * A PCIe function does this only while its PASID capability is enabled
 * (else PASID traffic fails with -EIO), and issues page requests only
 * while its PRI capability is (else the fault fails the operation).
 *
 * A device that can stall (eng->stall, "dma-can-stall") issues no page
 * requests: the SMMU holds its faulting access (CD.S=1) until the driver
 * resumes it, and the access either completes or comes back -EFAULT.
 */
#define pr_fmt(fmt) "swsmmu-tdev: " fmt

#include <linux/jiffies.h>
#include <linux/mm.h>
#include <swsmmu/hw.h>
#include "tdev.h"
#include "tdev_sva.h"

#define SWSMMU_TDEV_MAX_RETRIES	32
#define SWSMMU_TDEV_PRI_TIMEOUT	(10 * HZ)

/* One access of at most a page, with page requests until it succeeds */
static int tdev_access_page(struct swsmmu_tdev_engine *eng, u32 pasid, u64 va,
			    void *buf, size_t len, bool write)
{
	const struct swsmmu_tdev_pri pri = {
		.hw = eng->hw,
		.pd = eng->pd,
		.next_grpid = &eng->next_grpid,
		/*
		 * This engine has always given up right after its last page
		 * request, whatever the answer: its bound counts accesses,
		 * and changing that would change its statistics.
		 */
		.max_requests = SWSMMU_TDEV_MAX_RETRIES,
		.retry_last = false,
		.timeout = SWSMMU_TDEV_PRI_TIMEOUT,
		.page_requests = &eng->page_requests,
		.responses_ok = &eng->responses_ok,
		.responses_fail = &eng->responses_fail,
	};
	struct swsmmu_txn txn = {
		.sid = eng->sid,
		.ssid = pasid,
		.flags = SWSMMU_TXN_SSV | (write ? SWSMMU_TXN_WRITE : 0),
	};
	unsigned int nr_stalls = 0;
	int ret;

	/* A PCIe function sends no PASID prefix with PASID Enable clear */
	if (!(swsmmu_tdev_enabled(eng->pd) & SWSMMU_TDEV_EN_PASID))
		return -EIO;
	if (eng->stall) {
		txn.nr_stalls = &nr_stalls;
		ret = swsmmu_hw_access(eng->hw, &txn, va, buf, len);
		/* every stall but a last, aborted one was retried */
		atomic64_add(nr_stalls, &eng->stalls);
		if (ret && nr_stalls) {
			atomic64_inc(&eng->responses_fail);
			nr_stalls--;
		}
		atomic64_add(nr_stalls, &eng->responses_ok);
		return ret;
	}

	ret = swsmmu_tdev_pri_access(&pri, &txn, va, buf, len);
	/*
	 * Killed while waiting for a response: -ERESTARTSYS is for the
	 * system call's return path, and this engine's callers were
	 * promised -EINTR
	 */
	return ret == -ERESTARTSYS ? -EINTR : ret;
}

/**
 * swsmmu_tdev_xfer() - a device transfer on a process's virtual addresses
 * @eng: the device
 * @pasid: the PASID of the process's bond
 * @va: first address
 * @buf: kernel buffer the data comes from (@write) or goes to
 * @len: bytes
 * @write: write memory (else read it)
 * @fault_addr: set to the address that could not be accessed on -EFAULT
 *
 * Process context; sleeps while page requests are answered.
 *
 * Return: 0, -EFAULT (unresolvable fault at *@fault_addr), -EINTR if the
 * thread was killed, -EIO when the SMMU translated to something that is
 * not memory.
 */
int swsmmu_tdev_xfer(struct swsmmu_tdev_engine *eng, u32 pasid, u64 va,
		     void *buf, size_t len, bool write, u64 *fault_addr)
{
	size_t chunk;
	int ret;

	while (len) {
		chunk = min_t(u64, len, PAGE_SIZE - offset_in_page(va));
		ret = tdev_access_page(eng, pasid, va, buf, chunk, write);
		if (ret) {
			*fault_addr = va;
			return ret;
		}
		va += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}
