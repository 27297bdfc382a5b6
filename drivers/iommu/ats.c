// SPDX-License-Identifier: GPL-2.0
/*
 * ATS for PCIe functions (SMMUv3 section 3.9.1), as arm-smmu-v3 does it.
 *
 * A function may use ATS when the SMMU has IDR0.ATS, the root complex
 * forwards it (the fwspec's IOMMU_FWSPEC_PCI_RC_ATS) and the function has
 * an ATS capability the PCI core accepts; probe then programs its STU
 * (pci_prepare_ats(), the smallest granule, 4KB).  ATS is on only while
 * the function's untagged traffic is attached to a paging domain:
 *  - attach: the STE is written with EATS = 0b01 (Full ATS) first, then
 *    ATS Enable is set (pci_enable_ats()); a function already using ATS
 *    that moves to another paging domain keeps it, and its whole ATC is
 *    invalidated once the new STE is in place;
 *  - leaving for the identity or blocked domain, or release: ATS Enable
 *    is cleared (pci_disable_ats()) and the whole ATC invalidated before
 *    the STE changes, so no Translated transaction arrives for a stream
 *    whose STE no longer allows it.
 * Every TLB invalidation of a paging domain (unmap's iotlb_sync, and
 * flush_iotlb_all) is followed, after its CMD_SYNC, by CMD_ATC_INV for
 * the same range to each ATS-enabled function attached to the domain, and
 * a CMD_SYNC: the SMMU's TLB must be clean first, or a Translation Request
 * could refill the ATC from it (3.9.1).  The ATC_INV range is the
 * smallest aligned power of two of 4KB pages covering the IOVA range.
 *
 * PASID-attached domains (set_dev_pasid, SVA) are not covered: the test
 * functions send PASID-tagged traffic untranslated (drivers/tdev/atc.c).
 */
#include <linux/bitfield.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/pci-ats.h>
#include <swsmmu/arch.h>
#include "entry.h"
#include "swsmmu.h"

/* The Smallest Translation Unit: the model's smallest granule (IDR5) */
#define SWSMMU_ATS_STU_SHIFT	12

static struct pci_dev *swsmmu_master_pdev(struct swsmmu_master *master)
{
	return dev_is_pci(master->dev) ? to_pci_dev(master->dev) : NULL;
}

/**
 * swsmmu_master_ats_probe() - may this master use ATS?
 * @master: a master being probed
 *
 * Sets @master->ats_supported, programming the function's STU.
 */
void swsmmu_master_ats_probe(struct swsmmu_master *master)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(master->dev);
	struct pci_dev *pdev = swsmmu_master_pdev(master);

	master->ats_supported = false;
	if (!pdev || !master->smmu->ats || !fwspec ||
	    !(fwspec->flags & IOMMU_FWSPEC_PCI_RC_ATS) ||
	    !pci_ats_supported(pdev))
		return;
	master->ats_supported = !pci_prepare_ats(pdev, SWSMMU_ATS_STU_SHIFT);
}

/**
 * swsmmu_cmd_atc_inv() - build a CMD_ATC_INV
 * @cmd: filled
 * @sid: StreamID of the function
 * @iova: first address to invalidate
 * @size: bytes from @iova; 0 for the whole address space
 *
 * Size is log2 of the number of 4KB pages, the range aligned to its size
 * (4.5.1): the smallest such range that covers [@iova, @iova + @size).
 */
void swsmmu_cmd_atc_inv(struct swsmmu_cmd *cmd, u32 sid, u64 iova, u64 size)
{
	u64 first, last;
	unsigned int log2;

	if (!size) {
		log2 = 52;	/* everything */
		first = 0;
	} else {
		first = iova >> SWSMMU_ATS_STU_SHIFT;
		last = (iova + size - 1) >> SWSMMU_ATS_STU_SHIFT;
		/* the lowest bit above which first and last agree */
		log2 = first == last ? 0 : fls64(first ^ last);
		if (log2 >= 52) {
			log2 = 52;
			first = 0;
		} else {
			first &= ~(BIT_ULL(log2) - 1);
		}
	}
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_ATC_INV) |
		    FIELD_PREP(CMDQ_ATC_0_SID, sid);
	cmd->q[1] = FIELD_PREP(CMDQ_ATC_1_SIZE, log2) |
		    ((first << SWSMMU_ATS_STU_SHIFT) & CMDQ_ATC_1_ADDR);
}

/* Invalidate [iova, iova + size) (size 0: all) in a master's ATC, and wait */
static void swsmmu_master_atc_inv(struct swsmmu_master *master, u64 iova,
				  u64 size)
{
	struct swsmmu_cmd_batch b = { };
	struct swsmmu_cmd cmd;
	unsigned int i;

	for (i = 0; i < master->num_sids; i++) {
		swsmmu_cmd_atc_inv(&cmd, master->sids[i], iova, size);
		swsmmu_batch_add(master->smmu, &b, &cmd);
	}
	swsmmu_batch_submit(master->smmu, &b);
}

/**
 * swsmmu_domain_atc_inv() - after a TLB invalidation of a paging domain,
 *                           invalidate the ATCs of its functions
 * @d: the domain
 * @iova: first address
 * @size: bytes; 0 for everything
 *
 * Call after the TLB invalidation's CMD_SYNC has completed.  Any context.
 */
void swsmmu_domain_atc_inv(struct swsmmu_domain *d, u64 iova, u64 size)
{
	struct swsmmu_master *master;
	unsigned long flags;

#ifdef SWSMMU_MUTANT_no_atc_inv
	/* Mutant (tools/mutants.sh): the ATCs keep what was unmapped */
	return;
#endif
	spin_lock_irqsave(&d->masters_lock, flags);
	list_for_each_entry(master, &d->masters, domain_node)
		if (READ_ONCE(master->ats_enabled))
			swsmmu_master_atc_inv(master, iova, size);
	spin_unlock_irqrestore(&d->masters_lock, flags);
}

/**
 * swsmmu_master_ats_disable() - stop a master's ATS before its STE stops
 *                               allowing it
 * @master: the master
 *
 * Clears ATS Enable, then invalidates the whole ATC (what an endpoint
 * cached before the disable must not survive a later enable), and makes
 * the next STE written for it have EATS 0b00.
 */
void swsmmu_master_ats_disable(struct swsmmu_master *master)
{
	master->eats = false;
	if (!master->ats_enabled)
		return;
	pci_disable_ats(to_pci_dev(master->dev));
	WRITE_ONCE(master->ats_enabled, false);
	swsmmu_master_atc_inv(master, 0, 0);
}

/**
 * swsmmu_master_ats_prepare() - before the STE of a paging domain is
 *                               written: give it EATS 0b01 if ATS may be used
 * @master: the master
 */
void swsmmu_master_ats_prepare(struct swsmmu_master *master)
{
	master->eats = master->ats_supported;
}

/**
 * swsmmu_master_ats_enable() - once that STE is in place: enable ATS
 * @master: the master, just attached to a paging domain
 *
 * A master already using ATS (it came from another paging domain) keeps it
 * and loses everything its ATC holds: it was the old domain's.
 */
void swsmmu_master_ats_enable(struct swsmmu_master *master)
{
	int ret;

	if (!master->eats)
		return;
	if (master->ats_enabled) {
		swsmmu_master_atc_inv(master, 0, 0);
		return;
	}
	ret = pci_enable_ats(to_pci_dev(master->dev), SWSMMU_ATS_STU_SHIFT);
	if (ret) {
		dev_err(master->dev, "cannot enable ATS: %d\n", ret);
		return;
	}
	WRITE_ONCE(master->ats_enabled, true);
}

/**
 * swsmmu_ste_apply_eats() - the EATS a master's STE gets
 * @master: the master
 * @ste: the STE about to be written for it
 *
 * EATS only matters for an STE that translates: 0b01 there while the
 * master may use ATS (swsmmu_master_ats_prepare()).
 */
void swsmmu_ste_apply_eats(const struct swsmmu_master *master,
			   struct swsmmu_ste *ste)
{
	u64 q0 = le64_to_cpu(ste->data[0]);
	unsigned int cfg = FIELD_GET(STRTAB_STE_0_CFG, q0);

	if (!master->eats || !(q0 & STRTAB_STE_0_V) ||
	    cfg == STRTAB_STE_0_CFG_BYPASS || !(cfg & STRTAB_STE_0_CFG_BYPASS))
		return;
	ste->data[1] |= cpu_to_le64(FIELD_PREP(STRTAB_STE_1_EATS,
					       STRTAB_STE_1_EATS_TRANS));
}
