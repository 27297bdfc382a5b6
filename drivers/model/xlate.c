// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the transaction path.
 *
 * A transaction (StreamID, optional SubstreamID, address, access type) is
 * looked up as the architecture orders it: SMMU enable and GBPA, the STE,
 * the SubstreamID rules of S1CDMax/S1DSS, the CD, the stage-1 walk (whose
 * table fetches go through stage 2 when nested), the stage-2 walk of the
 * result, then the permission check.  Whatever fails becomes one event
 * record in its architectural layout; whether it is recorded, stalls or
 * terminates silently follows CD.R/CD.S/CD.A, STE.S2R/S2S/S1STALLD and
 * (for C_BAD_STREAMID) CR2.RECINVSID.
 *
 * STEs and CDs come from the configuration cache (cfgcache.c) and
 * translations from the IOTLB (tlb.c) when they hit there.  Each page of
 * an access is one transaction piece (sync.c): lookups, walks and the
 * memory copy run between swsmmu_hw_piece_begin() and swsmmu_hw_piece_end(), which is
 * what lets CMD_SYNC wait for the accesses that may use what it
 * invalidated.  Events are recorded, and stalls wait, outside the piece.
 */
#include <linux/bitfield.h>
#include <linux/jump_label.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <kunit/visibility.h>
#include "model.h"
#include "model_trace.h"

/**
 * struct hw_txn - what the transaction path learns about a transaction
 * @txn: the transaction as issued
 * @acc: HW_ACC_* after the STE's PRIVCFG/INSTCFG overrides
 * @ste: its STE, once fetched: the configuration cache's entry or
 *       @ste_buf, valid until the transaction piece ends (cfgcache.c)
 * @cd: its CD, when stage 1 translates: likewise, or @cd_buf
 * @s1: stage 1 translates
 * @s2: stage 2 translates
 * @ste_buf: the STE fetched from memory on a configuration cache miss
 * @cd_buf: the CD fetched from memory on a configuration cache miss
 *
 * Until they are fetched, @ste and @cd point to all-zero structures.
 * @ste_buf and @cd_buf are not initialised: only a fetch writes them.
 */
struct hw_txn {
	const struct swsmmu_txn *txn;
	unsigned int acc;
	const struct hw_ste *ste;
	const struct hw_s1_cfg *cd;
	bool s1;
	bool s2;
	struct hw_ste ste_buf;
	struct hw_s1_cfg cd_buf;
};

static const struct hw_ste hw_txn_no_ste;
static const struct hw_s1_cfg hw_txn_no_cd;

/* What the path decided to do with a transaction (values in model_trace.h) */
enum hw_outcome {
	HW_OK,			/* translated */
	HW_TERMINATE,		/* aborted, event recorded if @evt[0] != 0 */
	HW_RAZ_WI,		/* terminated, reads as zero, writes ignored */
	HW_STALL,		/* fault that stalls: wait for CMD_RESUME */
};

/* Build the event record of @f for transaction @t at address @iova. */
static void hw_make_event(const struct hw_txn *t, u64 iova,
			  const struct hw_fault *f, u64 evt[4])
{
	const struct swsmmu_txn *txn = t->txn;

	evt[0] = FIELD_PREP(EVTQ_0_ID, f->id) |
		 FIELD_PREP(EVTQ_0_SID, txn->sid);
	evt[1] = 0;
	evt[2] = 0;
	evt[3] = 0;

	switch (f->id) {
	case EVT_ID_STREAM_DISABLED:
		/* StreamID only (7.3.7) */
		return;
	case EVT_ID_BAD_SUBSTREAMID:
		/* The SubstreamID is always valid here: no SSV (7.3.9) */
		evt[0] |= FIELD_PREP(EVTQ_0_SSID, txn->ssid);
		return;
	}
	if (txn->flags & SWSMMU_TXN_SSV)
		evt[0] |= EVTQ_0_SSV | FIELD_PREP(EVTQ_0_SSID, txn->ssid);

	switch (f->id) {
	case EVT_ID_BAD_ATS_TREQ:
	case EVT_ID_TRANSL_FORBIDDEN:
		/*
		 * The access (for a Translation Request: RnW set for a
		 * read-only request, NW = 1) and the address (7.3.6, 7.3.8)
		 */
		evt[1] = ((t->acc & HW_ACC_PRIV) ? EVTQ_1_PnU : 0) |
			 ((t->acc & HW_ACC_EXEC) ? EVTQ_1_InD : 0) |
			 ((t->acc & HW_ACC_WRITE) ? 0 : EVTQ_1_RnW);
		evt[2] = iova;
		return;
	case EVT_ID_STE_FETCH:
	case EVT_ID_CD_FETCH:
		evt[3] = f->fetch_addr & EVTQ_3_FETCH_ADDR;
		return;
	case EVT_ID_WALK_EABT:
	case EVT_ID_TRANSLATION:
	case EVT_ID_ADDR_SIZE:
	case EVT_ID_ACCESS:
	case EVT_ID_PERMISSION:
	case EVT_ID_TLB_CONFLICT:
		break;
	default:
		/* configuration errors carry only the stream identification */
		return;
	}

	evt[1] = ((t->acc & HW_ACC_PRIV) ? EVTQ_1_PnU : 0) |
		 ((t->acc & HW_ACC_EXEC) ? EVTQ_1_InD : 0) |
		 ((t->acc & HW_ACC_WRITE) ? 0 : EVTQ_1_RnW);
	if (f->id == EVT_ID_TLB_CONFLICT) {
		/*
		 * F_TLB_CONFLICT: the access, S2 for a stage-2 regime's
		 * entries, and InputAddr; no CLASS, and the IMPLEMENTATION
		 * DEFINED reason is 0 (strict/reports has the two entries)
		 */
		evt[1] |= f->s2 ? EVTQ_1_S2 : 0;
		evt[2] = iova;
		return;
	}
	if (f->s2) {
		evt[1] |= EVTQ_1_S2 | FIELD_PREP(EVTQ_1_CLASS, f->class);
		/* TTRnW: F_PERMISSION of a stage-1 descriptor access (7.3.16) */
		if (f->id == EVT_ID_PERMISSION &&
		    f->class == EVTQ_1_CLASS_TT && !f->tt_write)
			evt[1] |= EVTQ_1_TT_READ;
	} else {
		/*
		 * Stage 1: CLASS IN (7.3.13), except an external abort on a
		 * descriptor fetch, CLASS TT (7.3.12)
		 */
		evt[1] |= FIELD_PREP(EVTQ_1_CLASS, f->id == EVT_ID_WALK_EABT ?
				     EVTQ_1_CLASS_TT : EVTQ_1_CLASS_IN);
	}
	evt[2] = iova;
	if (f->id == EVT_ID_WALK_EABT)
		evt[3] = f->fetch_addr & EVTQ_3_FETCH_ADDR;
	else if (f->s2)
		evt[3] = f->ipa & EVTQ_3_IPA;
}

/* The attributes of a transaction as issued */
static unsigned int hw_txn_acc(const struct swsmmu_txn *txn)
{
	unsigned int acc = txn->flags & (HW_ACC_WRITE | HW_ACC_EXEC |
					 HW_ACC_PRIV);

	/* Incoming writes are always Data (13.1.2) */
	if (acc & HW_ACC_WRITE)
		acc &= ~HW_ACC_EXEC;
	return acc;
}

/* Apply STE.PRIVCFG and STE.INSTCFG overrides to the incoming attributes */
static unsigned int hw_ste_attrs(const struct hw_ste *ste, unsigned int acc)
{
	if (ste->privcfg == 2)
		acc &= ~HW_ACC_PRIV;
	else if (ste->privcfg == 3)
		acc |= HW_ACC_PRIV;
	/* INSTCFG only applies to reads: writes are never instruction fetches */
	if (!(acc & HW_ACC_WRITE)) {
		if (ste->instcfg == 2)
			acc &= ~HW_ACC_EXEC;
		else if (ste->instcfg == 3)
			acc |= HW_ACC_EXEC;
	}
	return acc;
}

/*
 * Resolve the SubstreamID rules and fetch the CD.  Returns 0 with t->s1 set
 * or cleared (S1DSS bypass), or the event ID.
 */
static enum evt_id hw_select_cd(struct swsmmu_hw *hw, const struct hw_piece *p,
				struct hw_txn *t, struct hw_fault *f)
{
	const struct swsmmu_txn *txn = t->txn;
	bool ssv = txn->flags & SWSMMU_TXN_SSV;
	u32 ssid = 0;

	if (ssv) {
		if (!t->ste->s1cdmax ||
		    (hw->feat.ssid_bits < 32 && txn->ssid >= BIT(hw->feat.ssid_bits)) ||
		    txn->ssid >= BIT(t->ste->s1cdmax))
			goto bad_ssid;
		/*
		 * With S1DSS=SSID0, substream 0 is reserved for untagged
		 * traffic: F_STREAM_DISABLED (5.2 S1DSS, 7.3.7)
		 */
		if (txn->ssid == 0 &&
		    t->ste->s1dss == STRTAB_STE_1_S1DSS_SSID0) {
			f->id = EVT_ID_STREAM_DISABLED;
			return f->id;
		}
		ssid = txn->ssid;
	} else if (t->ste->s1cdmax) {
		switch (t->ste->s1dss) {
		case STRTAB_STE_1_S1DSS_TERMINATE:
			f->id = EVT_ID_STREAM_DISABLED;
			return f->id;
		case STRTAB_STE_1_S1DSS_BYPASS:
			t->s1 = false;
			return 0;
		default:
			break;	/* SSID0: untagged traffic uses CD 0 */
		}
	}
	return hw_cfg_cd_ref(hw, p, txn->sid, t->ste, ssid, &t->cd_buf, &t->cd,
			     f);

bad_ssid:
	f->id = EVT_ID_BAD_SUBSTREAMID;
	return f->id;
}

/* Decide the fate of a faulting transaction from the fault and its config */
static enum hw_outcome hw_fault_outcome(const struct swsmmu_hw *hw,
					const struct hw_txn *t,
					const struct hw_fault *f, bool *record)
{
	bool stall;

	/* C_BAD_STREAMID is recorded only with CR2.RECINVSID (7.3.3) */
	*record = f->id != EVT_ID_BAD_STREAMID ||
		  (READ_ONCE(hw->cr2) & CR2_RECINVSID);
	if (!smmu_event_is_translation(f->id))
		return HW_TERMINATE;

	if (f->s2) {
		*record = t->ste->s2.record;
		stall = t->ste->s2.stall;
	} else {
		*record = t->cd->record;
		stall = t->cd->stall && !t->ste->s1stalld;
	}
	if (stall && hw->feat.stall) {
		*record = true;
		return HW_STALL;
	}
	if (!f->s2 && !t->cd->abort)
		return HW_RAZ_WI;
	return HW_TERMINATE;
}

/* SWSMMU_PROT_* of permissions @perm (HW_PERM_*) for an access @acc */
static unsigned int hw_prot_for(u8 perm, unsigned int acc)
{
	/* HW_PERM_{R,W,X}_PRIV are SWSMMU_PROT_*, the unprivileged three << 3 */
	BUILD_BUG_ON((SWSMMU_PROT_R | SWSMMU_PROT_W << 8 | SWSMMU_PROT_X << 16) !=
		     (HW_PERM_R_PRIV | HW_PERM_W_PRIV << 8 | HW_PERM_X_PRIV << 16));
	BUILD_BUG_ON((SWSMMU_PROT_R | SWSMMU_PROT_W << 8 | SWSMMU_PROT_X << 16) << 3 !=
		     (HW_PERM_R_UNPRIV | HW_PERM_W_UNPRIV << 8 |
		      HW_PERM_X_UNPRIV << 16));
	return (acc & HW_ACC_PRIV ? perm : perm >> 3) &
	       (SWSMMU_PROT_R | SWSMMU_PROT_W | SWSMMU_PROT_X);
}

/*
 * The last translation
 * --------------------
 * Each stream handle (cfgcache.c) also keeps the last translation its
 * stream made, as a one-entry micro-TLB in front of the IOTLB, so that a
 * device that keeps using one page or block (a ring, a descriptor, a
 * mailbox) costs a compare instead of a hash probe.  It is valid while
 * hw->tlb_seq is the one its piece read at the beginning: every TLBI moves
 * tlb_seq after its removals, so the argument that makes fills safe
 * (tlb.c, "Consistency with concurrent fills") covers it unchanged: a
 * piece that began before the TLBI may use it, and the CMD_SYNC after the
 * TLBI waits for that piece; one that began after it reads the new
 * tlb_seq through the piece's barrier and misses.  Any TLBI at all drops
 * every handle's last translation (a miss is always allowed); a CFGI
 * drops the handle itself.  Not kept in strict mode (its hits check for
 * conflicts), nor without an IOTLB (nothing is cached then), nor from a
 * write that had to walk again for the dirty state.  A hit through it
 * counts as an IOTLB hit and leaves the IOTLB entry's CLOCK bit alone:
 * the IOTLB may evict the entry meanwhile, as a TLB hierarchy may.  Its
 * callers have checked strict mode already.
 *
 * The micro-TLB
 * -------------
 * Behind the last translations, the stream handles of a CPU share a
 * micro-TLB of HW_UTLB_ENTRIES entries (struct hw_utlb_ent), direct-mapped
 * by page number, as an SMMU's TBU keeps a small TLB in front of the TCU's
 * main one.  Its entries have the last translation's rules and validity
 * (the piece's tlb_seq), and name the handle that made them (its stamp,
 * never reused on a CPU), so that a new handle in a slot, after a CFGI or
 * another stream's use, sees none of its predecessor's entries.  A block
 * is kept whole but found only from the page that filled it: other pages
 * of the block miss, and go to the IOTLB.  Like the handles, it is written
 * only by its own CPU inside a piece (interrupts off): no lock, no
 * sequence word, and a hit reads one line the CPU wrote itself, not the
 * IOTLB's shared table.  Not used in strict mode, nor without an IOTLB.
 * The last translation is an entry of the same kind (struct hw_utlb_ent),
 * kept in the handle and matched the same way (hw_utlb_match()).
 */
static __always_inline struct hw_utlb_ent *
hw_utlb_slot(const struct hw_stream_ref *ref, u64 iova)
{
	u64 pn = iova >> 12;

	/* Consecutive pages take consecutive entries; streams start apart */
	return &ref->utlb[((pn ^ (pn >> HW_UTLB_BITS)) +
			   (ref->stamp << HW_UTLB_STAMP_SHIFT)) &
			  (HW_UTLB_ENTRIES - 1)];
}

/*
 * Whether @e, kept by @ref, translates @iova for an access @acc in piece
 * @p; if so @out gets the translation, and the hit is counted
 */
static __always_inline bool hw_utlb_match(struct swsmmu_hw *hw,
					  const struct hw_piece *p,
					  const struct hw_stream_ref *ref,
					  const struct hw_utlb_ent *e,
					  u64 iova, unsigned int acc,
					  struct swsmmu_xlate *out)
{
	u64 mask;
	u8 perm;

	if (e->stamp != ref->stamp || e->seq != p->tlb_seq)
		return false;
	mask = ~0ULL << FIELD_GET(HW_UTLB_OA_SHIFT, e->oa);
	perm = FIELD_GET(HW_UTLB_IA_PERM, e->ia);
	if (((iova ^ e->ia) & mask) || !hw_perm_ok(perm, acc))
		return false;
	out->pa = (e->oa & mask) | (iova & ~mask);
	out->size = ~mask + 1;
	out->prot = hw_prot_for(perm, acc);
	hw_stat_inc(hw, HW_STAT_TLB_HIT);
	return true;
}

/* Keep a translation as @ref's last one, and in its CPU's micro-TLB */
static void hw_xlate_last_set(struct swsmmu_hw *hw, const struct hw_piece *p,
			      struct hw_stream_ref *ref, u64 iova,
			      const struct hw_walk *w)
{
	u64 mask = ~(BIT_ULL(w->block_shift) - 1);

	if (!p->fill || !hw->tlb || hw_strict(hw, HW_STRICT_ALL))
		return;
	ref->last = (struct hw_utlb_ent) {
		.ia = (iova & mask) |
		      FIELD_PREP(HW_UTLB_IA_PERM, w->perm_s1 & w->perm_s2),
		.oa = (w->oa & mask) |
		      FIELD_PREP(HW_UTLB_OA_SHIFT, w->block_shift),
		.seq = p->tlb_seq,
		.stamp = ref->stamp,
	};
	if (ref->utlb)
		*hw_utlb_slot(ref, iova) = ref->last;
}

/*
 * The IOTLB tag of the regime translating @iova, and the address to look
 * up: with TBI, VA[63:56] are ignored and the key is made canonical.
 */
static u64 hw_txn_tag(const struct hw_txn *t, u64 iova, struct hw_tlb_tag *tag)
{
	unsigned int x = !!(iova & BIT_ULL(55));

	/* STE.S2VMID tags NS-EL1 translations whenever stage 2 exists */
	tag->vmid = t->ste->s2.vmid;
	if (!t->s1) {
		tag->kind = HW_TLB_S2;
		tag->asid = 0;
		tag->g = t->ste->s2.tg_shift;
		return iova;
	}
	tag->kind = t->s2 ? HW_TLB_S12 : HW_TLB_S1;
	tag->asid = t->cd->asid;
	tag->g = t->cd->tg_shift[x];
	return t->cd->tbi[x] ? sign_extend64(iova, 55) : iova;
}

/* One walk of @iova (IOTLB key @ia), through the walk cache if enabled */
static enum evt_id hw_xlate_walk_one(struct swsmmu_hw *hw,
				     const struct hw_piece *p,
				     const struct hw_txn *t,
				     const struct hw_tlb_tag *tag, u64 iova,
				     u64 ia, struct hw_walk *w,
				     struct hw_fault *f)
{
	struct hw_walk_cache wcache = { .p = p, .tag = *tag, .ia = ia };
	bool cached = hw_strict(hw, HW_STRICT_WALK_CACHE) && t->s1 != t->s2;

	hw_stat_inc(hw, HW_STAT_WALKS);
	if (t->s1 && cached)
		return hw_walk_s1_cached(hw, &wcache, t->cd, iova, t->acc, w, f);
	if (t->s1)
		return swsmmu_hw_walk_s1(hw, t->cd, t->s2 ? &t->ste->s2 : NULL,
					 iova, t->acc, w, f);
	if (cached)
		return hw_walk_s2_cached(hw, &wcache, &t->ste->s2, iova, t->acc,
					 w, f);
	return swsmmu_hw_walk_s2_acc(hw, &t->ste->s2, iova, t->acc, w, f);
}

/*
 * Strict speculate: the architecture lets an SMMU walk and cache any valid
 * translation at any time; we walk the page or block after the one just
 * filled, as a prefetcher would, and cache it if it translates.  Inside the
 * same piece, so a TLBI since the piece began drops it like any fill.  Not
 * with hardware Access flag updates: a speculative walk must not write.
 */
static void hw_xlate_speculate(struct swsmmu_hw *hw, const struct hw_piece *p,
			       const struct hw_txn *t,
			       const struct hw_tlb_tag *tag, u64 iova, u64 ia,
			       const struct hw_walk *w)
{
	u64 step = BIT_ULL(w->block_shift);
	struct hw_fault f;
	struct hw_walk sw;

	if (!p->fill || (t->s1 && t->cd->ha) || (t->s2 && t->ste->s2.ha))
		return;
	iova = (iova & ~(step - 1)) + step;
	ia = (ia & ~(step - 1)) + step;
	if (!iova || swsmmu_hw_tlb_lookup(hw, tag, ia, &sw))
		return;
	if (hw_xlate_walk_one(hw, p, t, tag, iova, ia, &sw, &f))
		return;
	swsmmu_hw_tlb_fill(hw, p, tag, ia, &sw);
	hw_stat_inc(hw, HW_STAT_SPEC_TLB_FILL);
}

/* Strict conflict: F_TLB_CONFLICT, and a report naming both entries */
static enum evt_id hw_xlate_conflict(struct swsmmu_hw *hw,
				     const struct hw_txn *t, u64 iova,
				     const struct hw_tlb_conflict *c,
				     struct hw_fault *f)
{
	struct hw_strict_report r = {
		.kind = HW_STRICT_TLB_CONFLICT,
		.sid = t->txn->sid,
		.ssv = t->txn->flags & SWSMMU_TXN_SSV,
		.ssid = t->txn->ssid,
		.addr = iova,
		.shift = { c->shift[0], c->shift[1] },
		.val = { c->oa[0], c->oa[1] },
	};

	swsmmu_hw_strict_report(hw, &r);
	*f = (struct hw_fault) { .id = EVT_ID_TLB_CONFLICT, .s2 = !t->s1 };
	return EVT_ID_TLB_CONFLICT;
}

/* Walk @iova (IOTLB key @ia) after an IOTLB miss, and fill the IOTLB */
static enum evt_id hw_xlate_miss(struct swsmmu_hw *hw, const struct hw_piece *p,
				 const struct hw_txn *t,
				 const struct hw_tlb_tag *tag, u64 iova, u64 ia,
				 struct hw_walk *w, struct hw_fault *f)
{
	enum evt_id ret;

	ret = hw_xlate_walk_one(hw, p, t, tag, iova, ia, w, f);
	if (ret)
		return ret;
	swsmmu_hw_tlb_fill(hw, p, tag, ia, w);
	if (hw_strict(hw, HW_STRICT_SPECULATE))
		hw_xlate_speculate(hw, p, t, tag, iova, ia, w);
	return 0;
}

/* Translate @iova through the IOTLB, walking the tables on a miss */
static enum evt_id hw_xlate_walk(struct swsmmu_hw *hw, const struct hw_piece *p,
				 const struct hw_txn *t, u64 iova,
				 struct hw_walk *w, struct hw_fault *f)
{
	struct hw_tlb_conflict c;
	struct hw_tlb_tag tag;
	u64 ia = hw_txn_tag(t, iova, &tag);
	int ret;

	if (unlikely(hw_strict(hw, HW_STRICT_ALL))) {
		if (!hw_strict(hw, HW_STRICT_CONFLICT))
			ret = swsmmu_hw_tlb_lookup(hw, &tag, ia, w);
		else
			ret = swsmmu_hw_tlb_lookup_strict(hw, &tag, ia, w, &c);
		if (ret == -EEXIST)
			return hw_xlate_conflict(hw, t, iova, &c, f);
	} else {
		ret = swsmmu_hw_tlb_lookup(hw, &tag, ia, w);
	}
	if (ret)
		return 0;
	return hw_xlate_miss(hw, p, t, &tag, iova, ia, w, f);
}

/*
 * A write refused by a translation that may have come from the IOTLB: with
 * HD or S2HD the leaf may be writable-clean, cached as read-only by an
 * earlier read.  The write must then make it writable-dirty in memory (Arm
 * ARM D8.4.6: a cached writable-clean entry is not enough to write), so it
 * walks the tables again as a write, past the IOTLB; the fresh result
 * decides.  Not filled into the IOTLB, which still holds the read-only
 * entry until software invalidates it: the next write walks again.
 * Returns 0 if the write is now allowed, else the fault in @f.
 */
static enum evt_id hw_xlate_dirty_rewalk(struct swsmmu_hw *hw,
					 const struct hw_piece *p,
					 const struct hw_txn *t, u64 iova,
					 struct hw_walk *w, struct hw_fault *f)
{
	struct hw_tlb_tag tag;
	struct hw_fault f2 = { };
	struct hw_walk w2;
	u64 ia;

	if (!(t->acc & HW_ACC_WRITE) || !((t->s1 && t->cd->hd) ||
					  (t->s2 && t->ste->s2.hd)))
		return f->id;
	ia = hw_txn_tag(t, iova, &tag);
	if (hw_xlate_walk_one(hw, p, t, &tag, iova, ia, &w2, &f2) ||
	    swsmmu_hw_check_perm(&w2, t->acc, &f2)) {
		*f = f2;
		return f->id;
	}
	*w = w2;
	return 0;
}

/*
 * An ATS Translated transaction (3.9.1.3): it carries an output address.
 * With CR0.ATSCHK == 0 it passes after the address size check; with
 * ATSCHK == 1 the STE decides: Config abort or a configuration error
 * aborts it (silently: CR2.REC_CFG_ATS is not implemented), bypass or an
 * effective EATS of 0b00 aborts it with F_TRANSL_FORBIDDEN.  With SMMUEN
 * == 0 it is always F_TRANSL_FORBIDDEN.  PASIDTT is 0: it is treated as
 * PnU == 0, InD == 0, SSV == 0.
 */
static enum hw_outcome hw_translated(struct swsmmu_hw *hw,
				     const struct hw_piece *p,
				     struct hw_txn *t, u32 cr0, u64 addr,
				     struct swsmmu_xlate *out, bool *record)
{
	struct hw_fault f = { };

	t->acc &= HW_ACC_WRITE;
	if (!hw->feat.ats) {
		/* no ATS interface: nothing can mark traffic Translated */
		out->silent = true;
		return HW_TERMINATE;
	}
	if (!(cr0 & CR0_SMMUEN)) {
		f.id = EVT_ID_TRANSL_FORBIDDEN;
		goto fault;
	}
	if (cr0 & CR0_ATSCHK) {
		if (hw_cfg_ste_ref(hw, p, t->txn->sid, &t->ste_buf, &t->ste,
				   &f) ||
		    t->ste->config == STRTAB_STE_0_CFG_ABORT) {
			out->silent = true;
			return HW_TERMINATE;
		}
		if (t->ste->config == STRTAB_STE_0_CFG_BYPASS ||
		    t->ste->eats == STRTAB_STE_1_EATS_ABT) {
			f.id = EVT_ID_TRANSL_FORBIDDEN;
			goto fault;
		}
	}
	/*
	 * Address bits above the OAS (3.9.1.1): of the two IMPLEMENTATION
	 * DEFINED behaviours, terminate without an event
	 */
	if (addr >> smmu_pa_size_bits(hw->feat.oas)) {
		out->silent = true;
		return HW_TERMINATE;
	}
	hw_stat_inc(hw, HW_STAT_ATS_TRANSLATED);
	out->pa = addr;
	out->size = PAGE_SIZE;
	out->prot = SWSMMU_PROT_R | SWSMMU_PROT_W | SWSMMU_PROT_X;
	return HW_OK;

fault:
	hw_make_event(t, addr, &f, out->event);
	*record = true;
	return HW_TERMINATE;
}

/*
 * What a stream handle's hit path needs, derived once from the STE and CD
 * of the transaction that made it: the attributes for each incoming access
 * type, and the IOTLB tag and TBI of each half of the VA space.
 */
static void hw_stream_ref_prepare(struct hw_stream_ref *ref,
				  const struct hw_txn *t)
{
	unsigned int acc, x;

	for (acc = 0; acc < ARRAY_SIZE(ref->attrs); acc++)
		ref->attrs[acc] = hw_ste_attrs(t->ste, acc);
	for (x = 0; x < 2; x++) {
		hw_txn_tag(t, (u64)x << 55, &ref->tag[x]);
		ref->tbi[x] = t->s1 && t->cd->tbi[x];
	}
}

/**
 * struct hw_xlate_hint - what swsmmu_hw_access()'s hit path learnt before
 *                        it handed a piece to hw_translate()
 * @ref: the stream's handle (NULL: nothing learnt, start afresh)
 * @gen: the configuration cache generation read with it
 * @tag: the IOTLB tag of the address's regime
 * @ia: the IOTLB key of the address
 * @w: the IOTLB's translation, when @hit (the permissions refused it)
 * @hit: the IOTLB hit, else it missed: walk
 */
struct hw_xlate_hint {
	struct hw_stream_ref *ref;
	unsigned long gen;
	const struct hw_tlb_tag *tag;
	u64 ia;
	struct hw_walk w;
	bool hit;
};

/*
 * The IOTLB half of a stream handle's hit path: a lookup with what the
 * handle derived (not in strict mode: its lookups check for conflicts).
 * Returns 1 with @out filled; 0 for a miss, with @tag and @ia ready for
 * the walk; -EACCES for a hit that the permissions refuse, in @w
 * (hw_translate()'s slower path decides: a fault, or a write that walks
 * again for the dirty state).
 */
static int hw_xlate_ref_tlb(struct swsmmu_hw *hw, const struct hw_piece *p,
			    struct hw_stream_ref *ref, u64 iova,
			    unsigned int acc, const struct hw_tlb_tag **tag,
			    u64 *ia, struct hw_walk *w, struct swsmmu_xlate *out)
{
	unsigned int x = !!(iova & BIT_ULL(55));

	*tag = &ref->tag[x];
	*ia = ref->tbi[x] ? sign_extend64(iova, 55) : iova;
	if (!hw_tlb_lookup_ref(hw, *tag, *ia, w, &ref->tlb))
		return 0;
	if (!hw_perm_ok(w->perm_s1 & w->perm_s2, acc))
		return -EACCES;
	hw_xlate_last_set(hw, p, ref, iova, w);
	out->pa = w->oa;
	out->size = BIT_ULL(w->block_shift);
	out->prot = hw_prot_for(w->perm_s1 & w->perm_s2, acc);
	return 1;
}

/*
 * A stream handle's hit path, outside strict mode: its last translation,
 * else its CPU's micro-TLB, else the IOTLB; returns as hw_xlate_ref_tlb()
 */
static __always_inline int hw_xlate_ref(struct swsmmu_hw *hw,
					const struct hw_piece *p,
					struct hw_stream_ref *ref, u64 iova,
					unsigned int acc,
					const struct hw_tlb_tag **tag, u64 *ia,
					struct hw_walk *w,
					struct swsmmu_xlate *out)
{
	if (hw_utlb_match(hw, p, ref, &ref->last, iova, acc, out) ||
	    (ref->utlb && hw_utlb_match(hw, p, ref, hw_utlb_slot(ref, iova),
					iova, acc, out)))
		return 1;
	return hw_xlate_ref_tlb(hw, p, ref, iova, acc, tag, ia, w, out);
}

/*
 * Translate one address, inside the transaction piece @p.  Fills @out (PA,
 * or the event record) and returns what should happen to the transaction.
 */
static enum hw_outcome hw_translate(struct swsmmu_hw *hw,
				    const struct hw_piece *p,
				    const struct swsmmu_txn *txn, u64 iova,
				    struct swsmmu_xlate *out, bool *record,
				    const struct hw_xlate_hint *hint)
{
	const struct hw_tlb_tag *tag;
	struct hw_stream_ref *ref;
	struct hw_txn t;
	struct hw_fault f = { };
	struct hw_walk w = { };
	enum hw_outcome outcome;
	unsigned long gen = 1;
	u32 cr0, gbpa;
	int ret;
	u64 ia;

	/* Not "= { .txn = txn }": @ste_buf and @cd_buf need no zeroing */
	t.txn = txn;
	t.ste = &hw_txn_no_ste;
	t.cd = &hw_txn_no_cd;
	t.s1 = false;
	t.s2 = false;
	memset(out, 0, sizeof(*out));
	*record = false;
	hw_stat_inc(hw, HW_STAT_TRANSLATIONS);
	t.acc = hw_txn_acc(txn);

	cr0 = READ_ONCE(hw->cr0);
	if (unlikely(txn->flags & SWSMMU_TXN_TRANSLATED))
		return hw_translated(hw, p, &t, cr0, iova, out, record);
	if (!(cr0 & CR0_SMMUEN)) {
		gbpa = READ_ONCE(hw->gbpa);
		if (gbpa & GBPA_ABORT) {
			out->silent = true;
			return HW_TERMINATE;
		}
		goto bypass;
	}

	/* The stream resolved by an earlier transaction (cfgcache.c) */
	if (hint && hint->ref) {
		ref = hint->ref;
		gen = hint->gen;
	} else {
		ref = hw_stream_ref_get(hw, txn, &gen);
	}
	if (ref) {
		hw_stream_ref_hit(hw, ref);
		t.acc = ref->attrs[t.acc];
		t.ste = ref->ste;
		t.cd = ref->cd ?: &hw_txn_no_cd;
		t.s1 = ref->s1;
		t.s2 = ref->s2;
		if (hw_strict(hw, HW_STRICT_ALL))
			goto translate;
		if (hint && hint->ref) {
			/* What the hit path found out */
			tag = hint->tag;
			ia = hint->ia;
			ret = hint->hit ? -EACCES : 0;
			if (ret)
				w = hint->w;
		} else {
			ret = hw_xlate_ref(hw, p, ref, iova, t.acc, &tag, &ia,
					   &w, out);
			if (ret > 0)
				return HW_OK;
		}
		/* A hit the permissions refuse decides below */
		if (ret)
			goto translated;
		/* Missed the IOTLB: walk */
		if (hw_xlate_miss(hw, p, &t, tag, iova, ia, &w, &f))
			goto fault;
		goto translated;
	}

	if (hw_cfg_ste_ref(hw, p, txn->sid, &t.ste_buf, &t.ste, &f))
		goto fault;
	t.acc = hw_ste_attrs(t.ste, t.acc);

	switch (t.ste->config) {
	case STRTAB_STE_0_CFG_ABORT:
		out->silent = true;
		return HW_TERMINATE;
	case STRTAB_STE_0_CFG_BYPASS:
		if (txn->flags & SWSMMU_TXN_SSV) {
			f.id = EVT_ID_BAD_SUBSTREAMID;
			goto fault;
		}
		goto bypass;
	case STRTAB_STE_0_CFG_S1_TRANS:
		t.s1 = true;
		break;
	case STRTAB_STE_0_CFG_S2_TRANS:
		t.s2 = true;
		if (txn->flags & SWSMMU_TXN_SSV) {
			f.id = EVT_ID_BAD_SUBSTREAMID;
			goto fault;
		}
		break;
	default:
		t.s1 = true;
		t.s2 = true;
		break;
	}

	if (t.s1 && hw_select_cd(hw, p, &t, &f))
		goto fault;
	if (!t.s1 && !t.s2)
		goto bypass;	/* S1DSS bypass of a stage-1-only STE */
	ref = hw_stream_ref_set(hw, p, txn, gen, t.ste, t.s1 ? t.cd : NULL,
				t.s1, t.s2);
	if (ref)
		hw_stream_ref_prepare(ref, &t);

translate:
	if (hw_xlate_walk(hw, p, &t, iova, &w, &f))
		goto fault;
translated:
	if (!swsmmu_hw_check_perm(&w, t.acc, &f)) {
		if (ref)
			hw_xlate_last_set(hw, p, ref, iova, &w);
	} else if (hw_xlate_dirty_rewalk(hw, p, &t, iova, &w, &f)) {
		goto fault;
	}

	out->pa = w.oa;
	out->size = BIT_ULL(w.block_shift);
	out->prot = hw_prot_for(w.perm_s1 & w.perm_s2, t.acc);
	return HW_OK;

bypass:
	out->pa = iova;
	out->size = PAGE_SIZE;
	out->prot = SWSMMU_PROT_R | SWSMMU_PROT_W | SWSMMU_PROT_X;
	return HW_OK;

fault:
	hw_make_event(&t, iova, &f, out->event);
	outcome = hw_fault_outcome(hw, &t, &f, record);
	if (!*record && outcome != HW_STALL)
		out->silent = true;
	return outcome;
}

/**
 * hw_xlate_piece() - translate an address as an ATS Translation Request
 *                    would: the path of a transaction, recording nothing
 * @hw: the instance
 * @p: the transaction piece the caller began (caches may be filled)
 * @txn: stream, substream and attributes
 * @iova: input address
 * @out: PA, size and permissions, or the event the fault would raise
 *
 * Return: 0 if it translates, -EFAULT otherwise (@out->event, or
 * @out->silent for a termination without an event).
 */
int hw_xlate_piece(struct swsmmu_hw *hw, const struct hw_piece *p,
		   const struct swsmmu_txn *txn, u64 iova,
		   struct swsmmu_xlate *out)
{
	bool record;

	return hw_translate(hw, p, txn, iova, out, &record, NULL) == HW_OK ?
	       0 : -EFAULT;
}

/**
 * swsmmu_hw_translate() - translate an address without side effects
 * @hw: the instance
 * @txn: the transaction's stream, substream and attributes
 * @iova: input address
 * @out: PA, size and permissions, or the event the transaction would raise
 *
 * Nothing is recorded, nothing stalls, and the caches are looked up but
 * not filled: this is the debugfs "translate" probe and a test oracle, and
 * it sees stale cached translations and configuration as a device would.
 *
 * Return: 0 if the address translates, -EFAULT if it faults (with the event
 * record in @out->event, or @out->silent for a silent termination).
 */
int swsmmu_hw_translate(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			u64 iova, struct swsmmu_xlate *out)
{
	enum hw_outcome outcome;
	struct hw_piece p;
	bool record;

	swsmmu_hw_piece_begin(hw, &p, false);
	outcome = hw_translate(hw, &p, txn, iova, out, &record, NULL);
	swsmmu_hw_piece_end(hw, &p);
	return outcome == HW_OK ? 0 : -EFAULT;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_translate);

/*
 * On while any instance has a DMA sanitizer (regs.c): until then the hook
 * in swsmmu_hw_access() is a NOP in the instruction stream.
 */
DEFINE_STATIC_KEY_FALSE(swsmmu_hw_san_key);

/* Show the whole access to the sanitizer, before any of it translates */
static void hw_san_access(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			  u64 iova, size_t len)
{
	const struct swsmmu_hw_sanitizer *san;

	rcu_read_lock();
	san = rcu_dereference(hw->san);
	if (san)
		san->access(san->priv, txn, iova, len);
	rcu_read_unlock();
}

/**
 * swsmmu_hw_ats_sanitize() - show an access made through an ATC to the
 *                            DMA sanitizer
 * @hw: the instance
 * @txn: the transaction as the device would have issued it untranslated
 * @iova: the untranslated address of its first byte
 * @len: bytes
 *
 * Not architectural.  ATS Translated accesses carry physical addresses,
 * which the sanitizer (it watches IOVAs) must not see; an endpoint that
 * serves an access from its ATC reports the IOVA here instead.
 */
void swsmmu_hw_ats_sanitize(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			    u64 iova, size_t len)
{
	if (static_branch_unlikely(&swsmmu_hw_san_key) && len)
		hw_san_access(hw, txn, iova, len);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_ats_sanitize);

/*
 * The hit path of an access: its stream's handle, then the handle's last
 * translation, its CPU's micro-TLB or the IOTLB (hw_xlate_ref()), nothing
 * else.  False sends
 * the piece down hw_translate() with what was learnt in @hint, so that a
 * miss neither resolves the stream nor looks the IOTLB up twice.
 */
static bool hw_access_hit(struct swsmmu_hw *hw, const struct hw_piece *p,
			  const struct swsmmu_txn *txn, u64 iova, u64 *pa,
			  struct hw_xlate_hint *hint)
{
	struct hw_stream_ref *ref;
	struct swsmmu_xlate xl;
	unsigned long gen;
	unsigned int acc;
	int ret;

	hint->ref = NULL;
	if ((txn->flags & SWSMMU_TXN_TRANSLATED) ||
	    !(READ_ONCE(hw->cr0) & CR0_SMMUEN) || hw_strict(hw, HW_STRICT_ALL))
		return false;
	ref = hw_stream_ref_get(hw, txn, &gen);
	if (!ref)
		return false;
	acc = ref->attrs[hw_txn_acc(txn)];
	ret = hw_xlate_ref(hw, p, ref, iova, acc, &hint->tag, &hint->ia,
			   &hint->w, &xl);
	if (ret <= 0) {
		hint->ref = ref;
		hint->gen = gen;
		hint->hit = ret < 0;
		return false;
	}
	hw_stat_inc(hw, HW_STAT_TRANSLATIONS);
	hw_stream_ref_hit(hw, ref);
	*pa = xl.pa;
	return true;
}

/**
 * swsmmu_hw_access() - perform a device transaction through the SMMU
 * @hw: the instance
 * @txn: StreamID, SubstreamID and attributes (SWSMMU_TXN_WRITE: @buf is
 *       written to memory, else memory is read into @buf)
 * @iova: input address of the first byte
 * @buf: kernel buffer
 * @len: bytes to transfer
 *
 * Translates page by page and performs each piece of the access; each
 * piece (translation and copy) is one transaction piece in flight for
 * CMD_SYNC (see sync.c), run with interrupts disabled.  A fault
 * is handled as the configuration says: recorded in the event queue (or
 * terminated silently), stalled until the driver resumes or terminates it,
 * or completed as read-as-zero/write-ignored (CD.A=0).  May sleep when a
 * transaction stalls: call from process context.
 *
 * Return: 0 when every byte was transferred (or RAZ/WI), -EFAULT when a
 * piece was terminated by a fault, -EIO when a translated address is not
 * memory (external abort).  Pieces before the faulting one have already
 * been transferred, as on a real bus.
 */
int swsmmu_hw_access(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
		     u64 iova, void *buf, size_t len)
{
	bool write = txn->flags & SWSMMU_TXN_WRITE;
	struct hw_xlate_hint hint;
	struct swsmmu_xlate xl;
	enum hw_outcome outcome;
	struct hw_piece p;
	bool record;
	size_t chunk;
	int ret = 0;

	/* Translated addresses are not IOVAs: see swsmmu_hw_ats_sanitize() */
	if (static_branch_unlikely(&swsmmu_hw_san_key) && len &&
	    !(txn->flags & SWSMMU_TXN_TRANSLATED))
		hw_san_access(hw, txn, iova, len);
	while (len) {
		chunk = min_t(u64, len, PAGE_SIZE - (iova & (PAGE_SIZE - 1)));
		swsmmu_hw_piece_begin(hw, &p, true);
		if (hw_access_hit(hw, &p, txn, iova, &xl.pa, &hint))
			outcome = HW_OK;
		else
			outcome = hw_translate(hw, &p, txn, iova, &xl,
					       &record, &hint);
		if (outcome == HW_OK)
			ret = hw_mem_copy(xl.pa, buf, chunk, write);
		swsmmu_hw_piece_end(hw, &p);
		if (outcome != HW_OK)
			trace_swsmmu_fault(hw->name, txn->sid,
					   txn->flags & SWSMMU_TXN_SSV,
					   txn->ssid, iova, write,
					   FIELD_GET(EVTQ_0_ID, xl.event[0]),
					   outcome, record);

		switch (outcome) {
		case HW_OK:
			if (ret)
				return ret;
			break;
		case HW_RAZ_WI:
			if (record)
				swsmmu_hw_evtq_push(hw, xl.event);
			if (!write)
				memset(buf, 0, chunk);
			break;
		case HW_STALL:
			if (txn->nr_stalls)
				(*txn->nr_stalls)++;
			ret = swsmmu_hw_stall(hw, xl.event);
			if (ret == CMDQ_RESUME_0_RESP_RETRY)
				continue;	/* the same piece again */
			if (ret != CMDQ_RESUME_0_RESP_TERM)
				return -EFAULT;
			/* Terminate without abort: RAZ/WI, the access goes on */
			if (!write)
				memset(buf, 0, chunk);
			ret = 0;
			break;
		case HW_TERMINATE:
			if (record)
				swsmmu_hw_evtq_push(hw, xl.event);
			return -EFAULT;
		}
		iova += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_access);
