// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: PRI queue and I/O page faults.
 *
 * The PRI queue is consumed by the interrupt handler (swsmmu_priq_irq(),
 * called from irq.c in the SMMU's threaded interrupt context).  Each
 * Page Request becomes a struct iopf_fault reported with
 * iommu_report_device_fault() to the IOMMU core, which groups them and
 * calls the iopf_handler of the domain attached to the PASID.  Our SVA
 * domains' handler (swsmmu_sva_iopf_handler()) defers each group to the
 * iopf queue's workqueue, where the pages are faulted in and mirrored
 * (sva.c); the group is then answered through ->page_response, which
 * issues CMD_PRI_RESP.  Requests of unknown StreamIDs, or of devices that
 * have not enabled IOPF, are answered Invalid Request at once so that the
 * device never waits forever.
 *
 * Devices that stall instead (swsmmu_master.stall_enabled) take the same
 * road from the event queue: a stall event record (Stall = 1) becomes a
 * one-request group whose grpid is the STAG, and ->page_response answers
 * it with CMD_RESUME, Retry on Success and Abort otherwise.  Every stall
 * is answered, whoever's it is: a stalled transaction that nobody resumes
 * would hang its device.
 */
#include <linux/bitfield.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/workqueue.h>
#include <swsmmu/arch.h>
#include "swsmmu.h"

static void swsmmu_pri_respond(struct swsmmu_device *smmu, u32 sid, bool ssv,
			       u32 ssid, u16 grpid, u8 resp)
{
	struct swsmmu_cmd cmd;

	swsmmu_cmd_pri_resp(&cmd, sid, ssv, ssid, grpid, resp);
	if (resp == CMDQ_PRI_1_RESP_SUCC)
		atomic64_inc(&smmu->iopf.responses_ok);
	else
		atomic64_inc(&smmu->iopf.responses_fail);
	swsmmu_cmdq_issue(smmu, &cmd, 1, true);
}

/* private_data[1] of a fault that came from a stall event */
#define SWSMMU_IOPF_STALL	1

static void swsmmu_resume(struct swsmmu_device *smmu, u32 sid, u16 stag,
			  bool retry)
{
	struct swsmmu_cmd cmd;

	swsmmu_cmd_resume(&cmd, sid, stag, retry);
	atomic64_inc(retry ? &smmu->iopf.resumes_retry :
			     &smmu->iopf.resumes_abort);
	swsmmu_cmdq_issue(smmu, &cmd, 1, true);
}

/**
 * swsmmu_handle_stall() - report a stall event as a page fault
 * @smmu: the SMMU
 * @evt: the event record, EVTQ_1_STALL set
 *
 * Runs in the SMMU's interrupt context (process context).  The stall is
 * resumed by ->page_response, or aborted here when nobody can handle it.
 */
void swsmmu_handle_stall(struct swsmmu_device *smmu, const u64 *evt)
{
	u32 sid = FIELD_GET(EVTQ_0_SID, evt[0]);
	u16 stag = FIELD_GET(EVTQ_1_STAG, evt[1]);
	struct iommu_fault_page_request *prm;
	struct swsmmu_master *master;
	struct iopf_fault fault = { };

	atomic64_inc(&smmu->iopf.stall_events);
	mutex_lock(&smmu->streams_mutex);
	master = xa_load(&smmu->streams, sid);
	if (!master || !master->iopf_enabled ||
	    !smmu_event_is_translation(FIELD_GET(EVTQ_0_ID, evt[0]))) {
		mutex_unlock(&smmu->streams_mutex);
		swsmmu_resume(smmu, sid, stag, false);
		return;
	}

	fault.fault.type = IOMMU_FAULT_PAGE_REQ;
	prm = &fault.fault.prm;
	prm->flags = IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE;
	if (evt[0] & EVTQ_0_SSV) {
		prm->flags |= IOMMU_FAULT_PAGE_REQUEST_PASID_VALID;
		prm->pasid = FIELD_GET(EVTQ_0_SSID, evt[0]);
	}
	prm->grpid = stag;
	prm->perm = ((evt[1] & EVTQ_1_RnW) ? IOMMU_FAULT_PERM_READ :
					     IOMMU_FAULT_PERM_WRITE) |
		    ((evt[1] & EVTQ_1_InD) ? IOMMU_FAULT_PERM_EXEC : 0) |
		    ((evt[1] & EVTQ_1_PnU) ? IOMMU_FAULT_PERM_PRIV : 0);
	prm->addr = evt[2];
	prm->private_data[0] = sid;
	prm->private_data[1] = SWSMMU_IOPF_STALL;

	/* On failure the core has already answered through ->page_response */
	iommu_report_device_fault(master->dev, &fault);
	mutex_unlock(&smmu->streams_mutex);
}

static void swsmmu_handle_ppr(struct swsmmu_device *smmu, const u64 *req)
{
	u32 sid = FIELD_GET(PRIQ_0_SID, req[0]);
	u32 ssid = FIELD_GET(PRIQ_0_SSID, req[0]);
	bool ssv = req[0] & PRIQ_0_SSID_V;
	bool last = req[0] & PRIQ_0_PRG_LAST;
	u16 grpid = FIELD_GET(PRIQ_1_PRG_IDX, req[1]);
	struct iommu_fault_page_request *prm;
	struct swsmmu_master *master;
	struct iopf_fault evt = { };

	atomic64_inc(&smmu->iopf.page_requests);
	mutex_lock(&smmu->streams_mutex);
	master = xa_load(&smmu->streams, sid);
	if (!master || !master->iopf_enabled) {
		mutex_unlock(&smmu->streams_mutex);
		dev_info_ratelimited(smmu->dev,
				     "page request from sid %#x without IOPF: denied\n",
				     sid);
		if (last)
			swsmmu_pri_respond(smmu, sid, ssv, ssid, grpid,
					   CMDQ_PRI_1_RESP_DENY);
		return;
	}

	evt.fault.type = IOMMU_FAULT_PAGE_REQ;
	prm = &evt.fault.prm;
	if (ssv) {
		prm->flags |= IOMMU_FAULT_PAGE_REQUEST_PASID_VALID;
		if (master->pri_resp_pasid)
			prm->flags |= IOMMU_FAULT_PAGE_RESPONSE_NEEDS_PASID;
		prm->pasid = ssid;
	}
	if (last)
		prm->flags |= IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE;
	prm->grpid = grpid;
	prm->perm = ((req[0] & PRIQ_0_PERM_READ) ? IOMMU_FAULT_PERM_READ : 0) |
		    ((req[0] & PRIQ_0_PERM_WRITE) ? IOMMU_FAULT_PERM_WRITE : 0) |
		    ((req[0] & PRIQ_0_PERM_EXEC) ? IOMMU_FAULT_PERM_EXEC : 0) |
		    ((req[0] & PRIQ_0_PERM_PRIV) ? IOMMU_FAULT_PERM_PRIV : 0);
	prm->addr = req[1] & PRIQ_1_ADDR;
	/* The StreamID, for ->page_response */
	prm->private_data[0] = sid;

	/* On failure the core has already answered through ->page_response */
	iommu_report_device_fault(master->dev, &evt);
	mutex_unlock(&smmu->streams_mutex);
}

/**
 * swsmmu_priq_irq() - consume the PRI queue
 * @smmu: the SMMU
 *
 * Runs in the SMMU's interrupt context (process context, may sleep).
 */
void swsmmu_priq_irq(struct swsmmu_device *smmu)
{
	if (!smmu->pri)
		return;
	/* Free each slot before handling: handling may sleep */
	swsmmu_queue_consume(smmu, &smmu->priq, &smmu->iopf.priq_overflows,
			     "PRI", "page requests", true, swsmmu_handle_ppr);
}

/**
 * swsmmu_page_response() - the iommu_ops.page_response callback
 * @dev: the device whose page request is answered
 * @evt: the last request of the group
 * @msg: the response
 *
 * IOMMU_PAGE_RESP_SUCCESS becomes Success, INVALID becomes Invalid Request
 * (the device fails the access) and FAILURE becomes Response Failure.  A
 * stalled transaction is resumed: Retry on Success, else Abort.
 */
void swsmmu_page_response(struct device *dev, struct iopf_fault *evt,
			  struct iommu_page_response *msg)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	const struct iommu_fault_page_request *prm = &evt->fault.prm;
	u8 resp;

	if (prm->private_data[1] == SWSMMU_IOPF_STALL) {
		swsmmu_resume(master->smmu, prm->private_data[0], msg->grpid,
			      msg->code == IOMMU_PAGE_RESP_SUCCESS);
		return;
	}
#ifdef SWSMMU_MUTANT_iopf_no_resp
	/* Broken on purpose: the PCI function never hears the answer */
	return;
#endif
	switch (msg->code) {
	case IOMMU_PAGE_RESP_SUCCESS:
		resp = CMDQ_PRI_1_RESP_SUCC;
		break;
	case IOMMU_PAGE_RESP_INVALID:
		resp = CMDQ_PRI_1_RESP_DENY;
		break;
	default:
		resp = CMDQ_PRI_1_RESP_FAIL;
		break;
	}
	/* A PCI function says whether the response must carry the PASID */
	swsmmu_pri_respond(master->smmu, prm->private_data[0],
			   (prm->flags & IOMMU_FAULT_PAGE_REQUEST_PASID_VALID) &&
			   (prm->flags & IOMMU_FAULT_PAGE_RESPONSE_NEEDS_PASID),
			   msg->pasid, msg->grpid, resp);
}

static void swsmmu_iopf_work(struct work_struct *work)
{
	struct iopf_group *group = container_of(work, struct iopf_group, work);
	struct iommu_domain *domain = group->attach_handle->domain;
	enum iommu_page_response_code status = IOMMU_PAGE_RESP_SUCCESS;
	struct iopf_fault *iopf;

	list_for_each_entry(iopf, &group->faults, list) {
		/* One bad page fails the group, as the core's SVA handler does */
		if (swsmmu_sva_fault(domain, iopf->fault.prm.addr,
				     iopf->fault.prm.perm)) {
			status = IOMMU_PAGE_RESP_INVALID;
			break;
		}
	}
	iopf_group_response(group, status);
	iopf_free_group(group);
}

/**
 * swsmmu_sva_iopf_handler() - iopf_handler of swsmmu SVA domains
 * @group: a group of page requests for one PASID
 *
 * Called by iommu_report_device_fault() in the PRI queue's interrupt
 * context; the faults are handled on the iopf queue's workqueue, which
 * iopf_queue_flush_dev() drains.
 *
 * Return: 0 (the group is answered later), or -EBUSY if the work could not
 * be queued (the core then answers Failure).
 */
int swsmmu_sva_iopf_handler(struct iopf_group *group)
{
	INIT_WORK(&group->work, swsmmu_iopf_work);
	if (!queue_work(group->fault_param->queue->wq, &group->work))
		return -EBUSY;
	return 0;
}

/*
 * PRI of a PCI function, as pci_enable_pri() and pci_disable_pri() do it:
 * 6.12 exports neither pci_enable_pri() nor pci_prg_resp_pasid_required()
 * to modules, so the same steps go through the config accessors.  The
 * function must be Stopped (no request outstanding) to be enabled, and is
 * allowed as many outstanding requests as it has capacity for.
 */
static int swsmmu_pci_enable_pri(struct swsmmu_master *master)
{
	struct pci_dev *pdev = to_pci_dev(master->dev);
	u16 pri = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_PRI);
	u16 status;
	u32 reqs;

	if (!pri)
		return -ENODEV;
	pci_read_config_word(pdev, pri + PCI_PRI_STATUS, &status);
	if (!(status & PCI_PRI_STATUS_STOPPED))
		return -EBUSY;
	master->pri_resp_pasid = status & PCI_PRI_STATUS_PASID;
	pci_read_config_dword(pdev, pri + PCI_PRI_MAX_REQ, &reqs);
	pci_write_config_dword(pdev, pri + PCI_PRI_ALLOC_REQ, reqs);
	pci_write_config_word(pdev, pri + PCI_PRI_CTRL, PCI_PRI_CTRL_ENABLE);
	return 0;
}

static void swsmmu_pci_disable_pri(struct swsmmu_master *master)
{
	struct pci_dev *pdev = to_pci_dev(master->dev);
	u16 pri = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_PRI);

	if (pri)
		pci_write_config_word(pdev, pri + PCI_PRI_CTRL, 0);
}

/* A PCI function that faults through PRI (not stalls) */
static bool swsmmu_master_pci_pri(struct swsmmu_master *master)
{
	return dev_is_pci(master->dev) && !master->stall_enabled;
}

/**
 * swsmmu_iopf_release() - a master with IOPF enabled goes: out of the
 *                         iopf queue, and PRI off
 * @master: the master
 */
void swsmmu_iopf_release(struct swsmmu_master *master)
{
	iopf_queue_remove_device(master->smmu->iopfq, master->dev);
	if (swsmmu_master_pci_pri(master))
		swsmmu_pci_disable_pri(master);
}

/**
 * swsmmu_dev_enable_feat() - the iommu_ops.dev_enable_feat callback
 * @dev: the device
 * @feat: IOMMU_DEV_FEAT_IOPF (needs PRI or stalls; adds the device to the
 *        SMMU's iopf queue) or IOMMU_DEV_FEAT_SVA (needs IOPF and PASIDs)
 *
 * IOPF does not need PASIDs: a PCI function may send page requests
 * without a PASID, and a stall names no SubstreamID, for faults of the
 * domain attached to the device itself (iommufd enables IOPF for a paging
 * HWPT that has a fault queue, before it attaches it).
 *
 * Return: 0, -ENODEV without both PRI and stalls (or without PASIDs, for
 * SVA), -EINVAL without IOPF for SVA, -EBUSY if already enabled, or an
 * error from iopf_queue_add_device().
 */
int swsmmu_dev_enable_feat(struct device *dev, enum iommu_dev_features feat)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	int ret;

	if (!(master->smmu->pri || master->stall_enabled) ||
	    !master->smmu->iopfq)
		return -ENODEV;
	switch (feat) {
	case IOMMU_DEV_FEAT_IOPF:
		if (master->iopf_enabled)
			return -EBUSY;
		master->pri_resp_pasid = true;
		if (swsmmu_master_pci_pri(master)) {
			ret = swsmmu_pci_enable_pri(master);
			if (ret)
				return ret;
		}
		ret = iopf_queue_add_device(master->smmu->iopfq, dev);
		if (ret) {
			if (swsmmu_master_pci_pri(master))
				swsmmu_pci_disable_pri(master);
			return ret;
		}
		mutex_lock(&master->smmu->streams_mutex);
		master->iopf_enabled = true;
		mutex_unlock(&master->smmu->streams_mutex);
		return 0;
	case IOMMU_DEV_FEAT_SVA:
		if (!master->ssid_bits)
			return -ENODEV;
		if (!master->iopf_enabled)
			return -EINVAL;
		if (master->sva_enabled)
			return -EBUSY;
		master->sva_enabled = true;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * swsmmu_dev_disable_feat() - the iommu_ops.dev_disable_feat callback
 * @dev: the device
 * @feat: IOMMU_DEV_FEAT_IOPF (SVA must be disabled first) or
 *        IOMMU_DEV_FEAT_SVA
 *
 * Return: 0, -EINVAL if not enabled, -EBUSY to disable IOPF under SVA.
 */
int swsmmu_dev_disable_feat(struct device *dev, enum iommu_dev_features feat)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);

	switch (feat) {
	case IOMMU_DEV_FEAT_IOPF:
		if (!master->iopf_enabled)
			return -EINVAL;
		if (master->sva_enabled)
			return -EBUSY;
		/* No handler reports a fault for @dev once this is seen */
		mutex_lock(&master->smmu->streams_mutex);
		master->iopf_enabled = false;
		mutex_unlock(&master->smmu->streams_mutex);
		iopf_queue_remove_device(master->smmu->iopfq, dev);
		if (swsmmu_master_pci_pri(master))
			swsmmu_pci_disable_pri(master);
		return 0;
	case IOMMU_DEV_FEAT_SVA:
		if (!master->sva_enabled)
			return -EINVAL;
		master->sva_enabled = false;
		return 0;
	default:
		return -EINVAL;
	}
}
