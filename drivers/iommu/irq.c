// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: interrupt handling.
 *
 * The software SMMU delivers its interrupt lines to swsmmu_irq() from a
 * workqueue, as a threaded handler would run.  Event records are decoded,
 * logged (rate-limited) and translation faults are reported to the IOMMU
 * core; global errors are logged and acknowledged.
 */
#include <linux/bitfield.h>
#include <linux/iommu.h>
#include <linux/ratelimit.h>
#include <swsmmu/arch.h>
#include "swsmmu.h"

static void swsmmu_handle_event(struct swsmmu_device *smmu, const u64 *evt)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	u8 id = FIELD_GET(EVTQ_0_ID, evt[0]);
	u32 sid = FIELD_GET(EVTQ_0_SID, evt[0]);
	struct swsmmu_master *master;
	int flags;

	spin_lock(&smmu->stats.last_event_lock);
	memcpy(smmu->stats.last_event, evt, sizeof(smmu->stats.last_event));
	spin_unlock(&smmu->stats.last_event_lock);
	/* Counted after the record is kept: a test that sees the count sees it */
	atomic64_inc(&smmu->stats.events);

	if (__ratelimit(&rs)) {
		dev_info(smmu->dev,
			 "event %s (%#x) sid %#x%s%#llx addr %#llx ipa %#llx%s%s%s%s class %llu\n",
			 smmu_event_name(id), id, sid,
			 (evt[0] & EVTQ_0_SSV) ? " ssid " : " ssid none ",
			 (evt[0] & EVTQ_0_SSV) ? FIELD_GET(EVTQ_0_SSID, evt[0]) : 0,
			 evt[2], FIELD_GET(EVTQ_3_IPA, evt[3]) << 12,
			 (evt[1] & EVTQ_1_RnW) ? " read" : " write",
			 (evt[1] & EVTQ_1_PnU) ? " priv" : " unpriv",
			 (evt[1] & EVTQ_1_InD) ? " exec" : "",
			 (evt[1] & EVTQ_1_S2) ? " S2" : "",
			 FIELD_GET(EVTQ_1_CLASS, evt[1]));
		dev_info(smmu->dev, "  raw %016llx %016llx %016llx %016llx\n",
			 evt[0], evt[1], evt[2], evt[3]);
	}

	/* A stalled transaction waits for an answer, whatever the event */
	if (evt[1] & EVTQ_1_STALL) {
		swsmmu_handle_stall(smmu, evt);
		return;
	}
	if (!smmu_event_is_translation(id))
		return;

	/* Tell the domain's owner (e.g. a fault handler set by a test) */
	mutex_lock(&smmu->streams_mutex);
	master = xa_load(&smmu->streams, sid);
	if (master && master->domain) {
		flags = (evt[1] & EVTQ_1_RnW) ? IOMMU_FAULT_READ :
						IOMMU_FAULT_WRITE;
		atomic64_inc(&smmu->stats.faults);
		report_iommu_fault(&master->domain->domain, master->dev, evt[2],
				   flags);
	}
	mutex_unlock(&smmu->streams_mutex);
}

static void swsmmu_evtq_irq(struct swsmmu_device *smmu)
{
	swsmmu_queue_consume(smmu, &smmu->evtq, &smmu->stats.evtq_overflows,
			     "event", "events", false, swsmmu_handle_event);
}

static void swsmmu_gerror_irq(struct swsmmu_device *smmu)
{
	u32 gerror = swsmmu_hw_read32(smmu->hw, SMMU_GERROR);
	u32 gerrorn = swsmmu_hw_read32(smmu->hw, SMMU_GERRORN);
	u32 active = (gerror ^ gerrorn) & GERROR_ERR_MASK;

	if (!active)
		return;
	dev_warn(smmu->dev, "global error %#x:%s%s%s%s%s%s%s%s\n", active,
		 (active & GERROR_CMDQ_ERR) ? " CMDQ_ERR" : "",
		 (active & GERROR_EVTQ_ABT_ERR) ? " EVTQ_ABT" : "",
		 (active & GERROR_PRIQ_ABT_ERR) ? " PRIQ_ABT" : "",
		 (active & GERROR_MSI_CMDQ_ABT_ERR) ? " MSI_CMDQ_ABT" : "",
		 (active & GERROR_MSI_EVTQ_ABT_ERR) ? " MSI_EVTQ_ABT" : "",
		 (active & GERROR_MSI_PRIQ_ABT_ERR) ? " MSI_PRIQ_ABT" : "",
		 (active & GERROR_MSI_GERROR_ABT_ERR) ? " MSI_GERROR_ABT" : "",
		 (active & GERROR_SFM_ERR) ? " SFM" : "");
	/*
	 * A stopped command queue is restarted by the submitter that waits
	 * on it (swsmmu_cmdq_issue() skips the bad command under cmdq_lock);
	 * a sync here makes that happen if no submitter is waiting.
	 */
	if (active & GERROR_CMDQ_ERR)
		swsmmu_cmdq_sync(smmu);
	/* Acknowledge the others */
	gerrorn = swsmmu_hw_read32(smmu->hw, SMMU_GERRORN);
	swsmmu_hw_write32(smmu->hw, SMMU_GERRORN,
			  (gerrorn & GERROR_CMDQ_ERR) | (gerror & ~GERROR_CMDQ_ERR));
}

/**
 * swsmmu_irq() - the SMMU's interrupt handler
 * @priv: the struct swsmmu_device
 * @lines: SWSMMU_IRQ_* lines that fired
 *
 * Runs in process context (the software SMMU's interrupt worker).
 */
void swsmmu_irq(void *priv, unsigned int lines)
{
	struct swsmmu_device *smmu = priv;

	if (lines & SWSMMU_IRQ_GERROR)
		swsmmu_gerror_irq(smmu);
	if (lines & SWSMMU_IRQ_EVTQ)
		swsmmu_evtq_irq(smmu);
	if (lines & SWSMMU_IRQ_PRIQ)
		swsmmu_priq_irq(smmu);
}
