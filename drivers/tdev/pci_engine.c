// SPDX-License-Identifier: GPL-2.0
/*
 * The command engine behind a PCIe test function's register interface
 * (include/uapi/swsmmu/pci_tdev.h): the function's own hardware, which
 * performs the DMA a doorbell asks for whichever driver has the function
 * (ours, vfio-pci, or none).  The board's config accessors decode the
 * registers (drivers/board/pci.c) and hand a rung doorbell's command here;
 * the engine runs it from a work item, because a transaction through the
 * SMMU may sleep (a stall), and reports the outcome back to the board,
 * which publishes it in the registers.
 *
 * Each access covers at most one page of its IOVA, so that the address
 * of the access that failed is exact.  On a terminated access the
 * function sees only that it failed (a PCIe function gets an Unsupported
 * Request or Completer Abort); the fault register also names the SMMU's
 * event for that address, which the engine asks the SMMU for afterwards
 * with swsmmu_hw_translate(), a side-effect free probe: a diagnostic of
 * the software SMMU for tests, not something a real function could know.
 *
 * While its PRI capability is enabled, the function asks for a page it
 * could not access with a PRI Page Request (with its PASID when the
 * access carried one) and waits for the response: on Success it tries the
 * access again, on anything else the access fails as above.  This is how
 * a fault reaches a domain's iopf_handler (iommufd's fault queue, say)
 * and how the answer completes the doorbell's command; the loop is the
 * test devices' shared one, swsmmu_tdev_pri_access() (pri.c).  A device
 * that stalls needs nothing of this: swsmmu_hw_access() returns once the
 * stalled transaction is resumed or aborted.
 */
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include <uapi/swsmmu/pci_tdev.h>
#include "tdev.h"

/**
 * struct swsmmu_pci_engine - one function's command engine
 * @pd: the function's wiring: its SMMU and StreamID
 * @done: called with the outcome of each command, from @work
 * @priv: cookie for @done
 * @work: runs @cmd
 * @cmd: the command the doorbell started
 * @buf: a page the function moves data through
 * @next_grpid: the last Page Request Group Index used
 * @pri: how the function asks for pages: @pd's PRI Enable, @next_grpid
 */
struct swsmmu_pci_engine {
	const struct swsmmu_tdev_pdata *pd;
	swsmmu_pci_done_fn done;
	void *priv;
	struct work_struct work;
	struct swsmmu_pci_cmd cmd;
	void *buf;
	atomic_t next_grpid;
	struct swsmmu_tdev_pri pri;
};

/*
 * A page that faults again after every Success (an unmap racing with each
 * retry) fails after this many page requests and the try that follows the
 * last (.retry_last: no Success is thrown away); a response that never
 * comes (nobody handles the PRI queue) fails the access after the timeout.
 */
#define SWSMMU_PCI_PRI_RETRIES	32
#define SWSMMU_PCI_PRI_TIMEOUT	(10 * HZ)

/* A failed access at @iova: what the function saw, and the SMMU's event */
static void swsmmu_pci_engine_fault(struct swsmmu_pci_engine *e,
				    const struct swsmmu_txn *txn, u64 iova,
				    int err, struct swsmmu_pci_result *res)
{
	struct swsmmu_xlate xl = {};
	u32 fault;

	if (err == -EFAULT) {
		fault = FIELD_PREP(SWSMMU_PCI_FAULT_ERR, SWSMMU_PCI_ERR_FAULT);
		if (swsmmu_hw_translate(e->pd->hw, txn, iova, &xl))
			fault |= FIELD_PREP(SWSMMU_PCI_FAULT_EVENT,
					    FIELD_GET(EVTQ_0_ID, xl.event[0]));
	} else {
		fault = FIELD_PREP(SWSMMU_PCI_FAULT_ERR, SWSMMU_PCI_ERR_ABORT);
	}
	if (txn->flags & SWSMMU_TXN_WRITE)
		fault |= SWSMMU_PCI_FAULT_WRITE;
	res->fault = fault;
	res->fault_addr = iova;
}

/* Bytes up to the end of @iova's page */
static u32 swsmmu_pci_to_page_end(u64 iova)
{
	return PAGE_SIZE - offset_in_page(iova);
}

static void swsmmu_pci_engine_run(struct swsmmu_pci_engine *e,
				  const struct swsmmu_pci_cmd *cmd,
				  struct swsmmu_pci_result *res)
{
	u32 op = FIELD_GET(SWSMMU_PCI_OP_CODE, cmd->op);
	bool ssv = cmd->op & SWSMMU_PCI_OP_SSV;
	struct swsmmu_txn rd = {
		.sid = e->pd->sid,
		.ssid = cmd->pasid,
		.flags = ssv ? SWSMMU_TXN_SSV : 0,
	};
	struct swsmmu_txn wr = rd;
	bool reads = op == SWSMMU_PCI_OP_COPY || op == SWSMMU_PCI_OP_READ;
	bool writes = op == SWSMMU_PCI_OP_COPY || op == SWSMMU_PCI_OP_FILL;
	u32 done = 0, n, crc = ~0U;
	int ret;

	wr.flags |= SWSMMU_TXN_WRITE;
	if ((!reads && !writes) || !cmd->len || cmd->len > SWSMMU_PCI_MAX_LEN) {
		res->fault = FIELD_PREP(SWSMMU_PCI_FAULT_ERR,
					SWSMMU_PCI_ERR_BAD_CMD);
		return;
	}
	/* A PCIe function may not send requests its registers forbid */
	if (!cmd->master || (ssv && !cmd->pasid_enabled)) {
		res->fault = FIELD_PREP(SWSMMU_PCI_FAULT_ERR,
					SWSMMU_PCI_ERR_DISABLED);
		return;
	}
	if (op == SWSMMU_PCI_OP_FILL)
		memset(e->buf, FIELD_GET(SWSMMU_PCI_OP_FILL_BYTE, cmd->op),
		       PAGE_SIZE);

	while (done < cmd->len) {
		n = cmd->len - done;
		if (reads)
			n = min(n, swsmmu_pci_to_page_end(cmd->src + done));
		if (writes)
			n = min(n, swsmmu_pci_to_page_end(cmd->dst + done));
		if (reads) {
			ret = swsmmu_tdev_pri_access(&e->pri, &rd,
						     cmd->src + done, e->buf, n);
			if (ret) {
				swsmmu_pci_engine_fault(e, &rd, cmd->src + done,
							ret, res);
				break;
			}
		}
		if (op == SWSMMU_PCI_OP_READ)
			crc = crc32_le(crc, e->buf, n);
		if (writes) {
			ret = swsmmu_tdev_pri_access(&e->pri, &wr,
						     cmd->dst + done, e->buf, n);
			if (ret) {
				swsmmu_pci_engine_fault(e, &wr, cmd->dst + done,
							ret, res);
				break;
			}
		}
		done += n;
		cond_resched();
	}
	res->xfer = done;
	if (op == SWSMMU_PCI_OP_READ)
		res->crc = ~crc;
}

static void swsmmu_pci_engine_work(struct work_struct *work)
{
	struct swsmmu_pci_engine *e = container_of(work,
						   struct swsmmu_pci_engine,
						   work);
	struct swsmmu_pci_result res = {};

	swsmmu_pci_engine_run(e, &e->cmd, &res);
	e->done(e->priv, &res);
}

/**
 * swsmmu_pci_engine_create() - the command engine of a PCIe test function
 * @pd: the function's SMMU and StreamID; must outlive the engine
 * @done: called from the engine's work item with each command's outcome
 * @priv: cookie for @done
 *
 * Return: the engine, or NULL when out of memory.
 */
struct swsmmu_pci_engine *swsmmu_pci_engine_create(const struct swsmmu_tdev_pdata *pd,
						   swsmmu_pci_done_fn done,
						   void *priv)
{
	struct swsmmu_pci_engine *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return NULL;
	e->buf = (void *)__get_free_page(GFP_KERNEL);
	if (!e->buf) {
		kfree(e);
		return NULL;
	}
	e->pd = pd;
	e->done = done;
	e->priv = priv;
	/*
	 * No counters: the function's statistics are its registers.  The
	 * work item takes no signals, so the wait for a response never ends
	 * in -ERESTARTSYS here: a failure is always -EFAULT.
	 */
	e->pri = (struct swsmmu_tdev_pri) {
		.hw = pd->hw,
		.pd = pd,
		.next_grpid = &e->next_grpid,
		.max_requests = SWSMMU_PCI_PRI_RETRIES,
		.retry_last = true,
		.timeout = SWSMMU_PCI_PRI_TIMEOUT,
	};
	INIT_WORK(&e->work, swsmmu_pci_engine_work);
	return e;
}

/**
 * swsmmu_pci_engine_start() - run a command
 * @e: the engine, idle (its last command's @done has been called)
 * @cmd: the command, copied
 *
 * May be called in any context (the board calls it from a config write,
 * under a raw spinlock).
 */
void swsmmu_pci_engine_start(struct swsmmu_pci_engine *e,
			     const struct swsmmu_pci_cmd *cmd)
{
	e->cmd = *cmd;
	queue_work(system_unbound_wq, &e->work);
}

/**
 * swsmmu_pci_engine_destroy() - wait for the command in progress and free
 * @e: the engine, or NULL
 *
 * The caller makes sure no command is started any more.
 */
void swsmmu_pci_engine_destroy(struct swsmmu_pci_engine *e)
{
	if (!e)
		return;
	cancel_work_sync(&e->work);
	free_page((unsigned long)e->buf);
	kfree(e);
}
