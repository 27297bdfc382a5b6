// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMU: the ATS interface (ARM IHI 0070, section 3.9.1), present
 * with IDR0.ATS (features=-ats takes it away).
 *
 * Translation Requests.  swsmmu_hw_ats_translate() is what a root complex
 * forwards when an endpoint with ATS enabled asks for a translation.  The
 * response follows section 3.9.1.2:
 *  - SMMUEN == 0, STE.Config bypass, or an effective STE.EATS of 0b00:
 *    Unsupported Request and F_BAD_ATS_TREQ (7.3.6);
 *  - STE.Config abort: Unsupported Request, no event;
 *  - a configuration error (C_BAD_STREAMID, F_STE_FETCH, C_BAD_STE,
 *    C_BAD_SUBSTREAMID, F_STREAM_DISABLED, F_CD_FETCH, C_BAD_CD,
 *    F_WALK_EABT, F_TLB_CONFLICT): Completer Abort, no event
 *    (CR2.REC_CFG_ATS is not implemented, so it reads as 0);
 *  - F_TRANSLATION, F_ADDR_SIZE, F_ACCESS: Success granting nothing
 *    (R == W == 0) for one STU, no event;
 *  - F_PERMISSION: Success with the permissions the tables do grant: the
 *    request is translated as a read, then, if reading is not allowed, as
 *    a write (a write-only stage-2 page grants W alone);
 *  - a translation: Success with the page or block, its output address
 *    and R/W/Exe as the combined stages grant them to the request's
 *    privilege.  A stage-1-only STE whose S1DSS skips stage 1 answers
 *    R == W == 1 with the identity (3.9.1.2).
 * A request never stalls and never records a translation fault: CD.R,
 * CD.S, CD.A and their stage-2 equivalents do not apply (3.9.1).  It uses
 * and fills the IOTLB like a transaction, which is why software must
 * invalidate the SMMU's TLB before the endpoint's ATC (3.9.1).
 *
 * Translated transactions (swsmmu_hw_access() with SWSMMU_TXN_TRANSLATED)
 * are handled in xlate.c: CR0.ATSCHK decides whether the STE is checked.
 *
 * ATC invalidation.  An endpoint with an ATC attaches to its StreamID with
 * swsmmu_hw_ats_attach(); CMD_ATC_INV (4.5.1) is forwarded to it while the
 * command executes, and the endpoint has finished the invalidation (and
 * every access that used what it dropped) when its callback returns.  A
 * CMD_SYNC after it therefore completes only after it (4.7.3: a CMD_SYNC
 * waits for the ATC invalidations before it); an invalidation never times
 * out, so CERROR_ATC_INV_SYNC is never raised.  Size is the log2 of the
 * number of 4KB pages, the address aligned down to the range; Size 52 or
 * more covers the whole address space.  A command for a StreamID with no
 * endpoint attached has no effect, as a Request that reaches no function.
 */
#include <linux/bitfield.h>
#include <linux/mm.h>
#include <kunit/visibility.h>
#include "model.h"

/* The smallest granule the model implements (IDR5): the STU (3.9.1) */
#define HW_ATS_STU_SHIFT	12

/**
 * hw_ats_init() - no endpoint has an ATC yet
 * @hw: the new instance
 */
void hw_ats_init(struct swsmmu_hw *hw)
{
	xa_init(&hw->atc_eps);
}

/**
 * hw_ats_destroy() - forget the endpoints (they detach before this)
 * @hw: the instance
 */
void hw_ats_destroy(struct swsmmu_hw *hw)
{
	WARN_ON(!xa_empty(&hw->atc_eps));
	xa_destroy(&hw->atc_eps);
}

/**
 * swsmmu_hw_ats_attach() - connect an endpoint's ATC to its StreamID
 * @hw: the instance
 * @sid: the endpoint's StreamID
 * @ops: where CMD_ATC_INV for @sid is forwarded; must stay valid until
 *       swsmmu_hw_ats_detach()
 *
 * Return: 0, -EOPNOTSUPP without IDR0.ATS, -EBUSY if @sid already has
 * one, -ENOMEM.
 */
int swsmmu_hw_ats_attach(struct swsmmu_hw *hw, u32 sid,
			 const struct swsmmu_hw_atc_ops *ops)
{
	if (!hw->feat.ats)
		return -EOPNOTSUPP;
	return xa_insert(&hw->atc_eps, sid, (void *)ops, GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_ats_attach);

/**
 * swsmmu_hw_ats_detach() - disconnect it
 * @hw: the instance
 * @sid: the StreamID given to swsmmu_hw_ats_attach()
 *
 * When this returns no CMD_ATC_INV is still calling the endpoint: commands
 * run under the command queue lock, taken once here after the removal.
 */
void swsmmu_hw_ats_detach(struct swsmmu_hw *hw, u32 sid)
{
	unsigned long flags;

	xa_erase(&hw->atc_eps, sid);
	spin_lock_irqsave(&hw->cmdq_lock, flags);
	spin_unlock_irqrestore(&hw->cmdq_lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_ats_detach);

/**
 * hw_cmd_atc_inv() - execute CMD_ATC_INV (IDR0.ATS)
 * @hw: the instance
 * @cmd: the command
 *
 * Called with @hw->cmdq_lock held, interrupts off.
 *
 * Return: CMDQ_CONS_ERR_NONE.
 */
int hw_cmd_atc_inv(struct swsmmu_hw *hw, const u64 *cmd)
{
	const struct swsmmu_hw_atc_ops *ep;
	u32 sid = FIELD_GET(CMDQ_ATC_0_SID, cmd[0]);
	u8 size = FIELD_GET(CMDQ_ATC_1_SIZE, cmd[1]);
	u64 addr = cmd[1] & CMDQ_ATC_1_ADDR, len;

	lockdep_assert_held(&hw->cmdq_lock);
	hw_stat_inc(hw, HW_STAT_ATC_INV);
	if (size >= 52) {
		addr = 0;
		len = U64_MAX;
	} else {
		len = BIT_ULL(HW_ATS_STU_SHIFT + size);
		addr &= ~(len - 1);
	}
	ep = xa_load(&hw->atc_eps, sid);
	if (ep)
		ep->invalidate(ep->priv, cmd[0] & CMDQ_0_SSV,
			       FIELD_GET(CMDQ_ATC_0_SSID, cmd[0]),
			       cmd[0] & CMDQ_ATC_0_GLOBAL, addr, len);
	return CMDQ_CONS_ERR_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(hw_cmd_atc_inv);

/* The response to a request whose translation faulted with @id */
static void hw_ats_fault_cpl(enum evt_id id, struct swsmmu_ats_cpl *cpl)
{
	switch (id) {
	case EVT_ID_TRANSLATION:
	case EVT_ID_ADDR_SIZE:
	case EVT_ID_ACCESS:
	case EVT_ID_PERMISSION:
		cpl->status = SWSMMU_ATS_SUCCESS;
		cpl->size = BIT_ULL(HW_ATS_STU_SHIFT);
		cpl->prot = 0;
		break;
	default:
		cpl->status = SWSMMU_ATS_CA;
		break;
	}
}

/**
 * swsmmu_hw_ats_translate() - an ATS Translation Request
 * @hw: the instance
 * @txn: StreamID, PASID (SWSMMU_TXN_SSV) and attributes: SWSMMU_TXN_WRITE
 *       asks for write permission (NW == 0), SWSMMU_TXN_EXEC and
 *       SWSMMU_TXN_PRIV are the PASID prefix's Exe and Priv
 * @addr: the untranslated address
 * @cpl: the Translation Completion
 *
 * Side effects as the architecture has them: F_BAD_ATS_TREQ may be
 * recorded, the IOTLB and configuration caches may be filled, and the
 * Access flag updated with HTTU.  Never sleeps.
 *
 * Return: 0, or -EOPNOTSUPP without IDR0.ATS (no ATS interface: the
 * request never reaches the SMMU).
 */
int swsmmu_hw_ats_translate(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			    u64 addr, struct swsmmu_ats_cpl *cpl)
{
	struct swsmmu_txn rd = *txn;
	struct swsmmu_xlate xl;
	struct hw_fault f = { };
	const struct hw_ste *ste;
	struct hw_ste ste_buf;
	struct hw_piece p;
	bool bad = false;
	u64 evt[4] = { };
	u8 id;

	if (!hw->feat.ats)
		return -EOPNOTSUPP;
	memset(cpl, 0, sizeof(*cpl));
	hw_stat_inc(hw, HW_STAT_ATS_TREQ);
	rd.flags &= ~(SWSMMU_TXN_WRITE | SWSMMU_TXN_TRANSLATED);
	rd.nr_stalls = NULL;

	swsmmu_hw_piece_begin(hw, &p, true);
	if (!(READ_ONCE(hw->cr0) & CR0_SMMUEN)) {
		bad = true;
		goto out;
	}
	if (hw_cfg_ste_ref(hw, &p, txn->sid, &ste_buf, &ste, &f)) {
		cpl->status = SWSMMU_ATS_CA;
		goto out;
	}
	if (ste->config == STRTAB_STE_0_CFG_ABORT) {
		cpl->status = SWSMMU_ATS_UR;
		goto out;
	}
	/* bypass: the effective EATS is 0b00 (5.2, STE.EATS) */
	if (ste->config == STRTAB_STE_0_CFG_BYPASS ||
	    ste->eats == STRTAB_STE_1_EATS_ABT) {
		bad = true;
		goto out;
	}

	if (hw_xlate_piece(hw, &p, &rd, addr, &xl)) {
		id = FIELD_GET(EVTQ_0_ID, xl.event[0]);
		if (id == EVT_ID_PERMISSION) {
			/* no read: perhaps write (stage-2 write-only) */
			rd.flags |= SWSMMU_TXN_WRITE;
			if (hw_xlate_piece(hw, &p, &rd, addr, &xl))
				id = FIELD_GET(EVTQ_0_ID, xl.event[0]);
			else
				id = 0;
		}
		if (id) {
			hw_ats_fault_cpl(id, cpl);
			goto out;
		}
	}
	cpl->status = SWSMMU_ATS_SUCCESS;
	cpl->size = max(xl.size, BIT_ULL(HW_ATS_STU_SHIFT));
	cpl->addr = xl.pa & ~(cpl->size - 1);
	cpl->prot = xl.prot;

out:
	swsmmu_hw_piece_end(hw, &p);
	if (bad) {
		/* Unsupported Request, and the event (7.3.6) */
		cpl->status = SWSMMU_ATS_UR;
		evt[0] = FIELD_PREP(EVTQ_0_ID, EVT_ID_BAD_ATS_TREQ) |
			 FIELD_PREP(EVTQ_0_SID, txn->sid);
		if (txn->flags & SWSMMU_TXN_SSV)
			evt[0] |= EVTQ_0_SSV |
				  FIELD_PREP(EVTQ_0_SSID, txn->ssid);
		/* before STE overrides; R is always requested, W == !NW */
		evt[1] = ((txn->flags & SWSMMU_TXN_PRIV) ? EVTQ_1_PnU : 0) |
			 ((txn->flags & SWSMMU_TXN_EXEC) ? EVTQ_1_InD : 0) |
			 ((txn->flags & SWSMMU_TXN_WRITE) ? 0 : EVTQ_1_RnW);
		evt[2] = addr & ~(BIT_ULL(HW_ATS_STU_SHIFT) - 1);
		swsmmu_hw_evtq_push(hw, evt);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_ats_translate);
