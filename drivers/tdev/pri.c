// SPDX-License-Identifier: GPL-2.0
/*
 * Test devices: the device side of PCIe's Page Request Interface, shared
 * by the PASID engine of the platform test devices (sva.c) and the
 * doorbell engine of the PCIe functions (pci_engine.c).
 *
 * A device that finds a page unmapped cannot wait in the SMMU as a
 * stalling one does: the SMMU terminates its access, and the device then
 * asks for the page with a Page Request and waits for the response.
 * Success means "try again", not "it worked": the page can be unmapped
 * again before the retry, so the retries are bounded.  Every other answer
 * (Invalid Request, Response Failure, no response at all) fails the access.
 *
 * PRI Enable is sampled at every fault, not once per operation, because a
 * driver (or user space, through vfio-pci) can clear it while a command
 * runs, and a function must not send requests its capability forbids.
 */
#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <kunit/visibility.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "tdev.h"

/* Bump one of the caller's counters, if it keeps that one */
static void swsmmu_tdev_pri_count(atomic64_t *counter)
{
	if (counter)
		atomic64_inc(counter);
}

/**
 * swsmmu_tdev_pri_access() - one device access, with page requests
 * @pri: the device's page request state and the caller's policy
 * @txn: the transaction: StreamID, PASID and attributes
 * @addr: first address; the access must not cross its page
 * @buf: kernel buffer the data comes from (SWSMMU_TXN_WRITE) or goes to
 * @len: bytes
 *
 * Tries the access through the SMMU; on a translation fault, while the
 * device's PRI Enable is set, sends a Page Request for @addr's page with
 * the next Page Request Group Index from @pri->next_grpid, waits up to
 * @pri->timeout for the response and, on Success, tries again, at most
 * @pri->max_requests times.  Bumps whichever of @pri's counters are set.
 *
 * Process context; sleeps while a page request is answered.
 *
 * Return: 0; -EFAULT if the access faulted and either PRI Enable was
 * clear, a response was not Success, or the retries ran out; -ERESTARTSYS
 * if a fatal signal ended the wait for a response; or what
 * swsmmu_hw_access() returned for an access that did not fault (-EIO: not
 * memory).
 */
int swsmmu_tdev_pri_access(const struct swsmmu_tdev_pri *pri,
			   const struct swsmmu_txn *txn, u64 addr, void *buf,
			   size_t len)
{
	unsigned int nr_requests;
	int ret, resp;
	u16 grpid;

	for (nr_requests = 0; ; nr_requests++) {
		ret = swsmmu_hw_access(pri->hw, txn, addr, buf, len);
		if (ret != -EFAULT || nr_requests == pri->max_requests ||
		    !(swsmmu_tdev_enabled(pri->pd) & SWSMMU_TDEV_EN_PRI))
			return ret;
		/*
		 * An access waits for one request at a time, and a
		 * free-running counter gives the device's concurrent
		 * accesses different indexes while fewer than 512 wait.
		 */
		grpid = atomic_inc_return(pri->next_grpid) &
			FIELD_MAX(PRIQ_1_PRG_IDX);
		swsmmu_tdev_pri_count(pri->page_requests);
		resp = swsmmu_hw_page_request(pri->hw, txn, addr, grpid,
					      pri->timeout);
		if (resp != CMDQ_PRI_1_RESP_SUCC) {
			swsmmu_tdev_pri_count(pri->responses_fail);
			return resp == -ERESTARTSYS ? resp : -EFAULT;
		}
		swsmmu_tdev_pri_count(pri->responses_ok);
		if (nr_requests + 1 == pri->max_requests && !pri->retry_last)
			return -EFAULT;
	}
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_tdev_pri_access);
