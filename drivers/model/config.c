// SPDX-License-Identifier: GPL-2.0
/*
 * The software SMMU's configuration decoder: Stream table and Context
 * descriptor lookup, fetch and validation (ARM IHI 0070, chapter 5).
 *
 * Every structure is fetched one 64-bit qword at a time through
 * hw_read_desc(), qword 0 first, each qword exactly once, and decoded from
 * the local copy: a driver that rewrites an entry while the SMMU reads it
 * sees the tearing the architecture allows and nothing worse.  A fetch
 * address that is not RAM, or is above the OAS, is an external abort of
 * the fetch (F_STE_FETCH / F_CD_FETCH with the address of the structure).
 *
 * This model is an SMMUv3.2 (AIDR) with IDR0.TTF = AArch64 only,
 * IDR0.TTENDIAN = little-endian only, IDR0.HYP = 0, IDR0.ATS = 0,
 * IDR0.TERM_MODEL = 0, IDR0.HTTU = 0 or 1 (Access flag only),
 * IDR1.ATTR_PERMS_OVR = IDR1.ATTR_TYPES_OVR = 0, IDR3.STT = 0,
 * IDR5.VAX = 0 (48-bit VAs), IDR5.DS = 0, IDR5.D128 = 0.  IAS == OAS.
 * What follows is what those choices make of the architecture's rules.
 *
 * Stream table (SMMU_STRTAB_BASE(_CFG), L1STD, section 5.1 and 6.3.25):
 *  - effective LOG2SIZE = MIN(LOG2SIZE, IDR1.SIDSIZE); StreamID >=
 *    2^LOG2SIZE -> C_BAD_STREAMID;
 *  - FMT other than 2-level, or any FMT without IDR0.ST_LEVEL, is linear;
 *    a Reserved SPLIT (not 6, 8 or 10) behaves as 6;
 *  - the base is aligned down to the table size from the literal LOG2SIZE:
 *    2^(LOG2SIZE + 6) bytes linear, MAX(64, 2^(LOG2SIZE - SPLIT + 3)) bytes
 *    for the level-1 table;
 *  - L1STD.Span 0, Reserved (12-31) or > SPLIT + 1, or StreamID[SPLIT-1:0]
 *    >= 2^(Span - 1) -> C_BAD_STREAMID; L2Ptr is aligned down to the size of
 *    the level-2 array, 2^(Span + 5) bytes;
 *  - a base, L1STD or STE address above the OAS is not truncated: it is
 *    F_STE_FETCH (one of the options of section 3.4.3).
 *
 * STE (section 5.2.2, SteIllegal()); any of these -> C_BAD_STE:
 *  - V == 0;
 *  - Config 0b1x1 without IDR0.S1P, 0b11x without IDR0.S2P.
 *  Config 0b000 is abort and 0b001-0b011 are Reserved and "behave as
 *  0b000": the STE decodes with config = STRTAB_STE_0_CFG_ABORT, the
 *  transaction is terminated without an event.  Config 0b100 (bypass)
 *  ignores every S1 and S2 field.  With stage 1 enabled:
 *  - S1STALLD == 1 when IDR0.STALL_MODEL != 0b00;
 *  - S1CDMax > IDR1.SSIDSIZE (when SSIDSIZE != 0; with SSIDSIZE == 0,
 *    S1CDMax, S1Fmt and S1DSS are IGNORED and decode as 0);
 *  - S1Fmt 4K_L2 or 64K_L2 with S1CDMax != 0 and without IDR0.CD2L.
 *    S1Fmt 0b11 is Reserved and behaves as linear; so is any S1Fmt when
 *    S1CDMax == 0;
 *  - S1ContextPtr >= 2^OAS (a PA outside the OAS, or an IPA outside the
 *    IAS; section 3.4.3 makes both C_BAD_STE, the v3.1+ choice).
 *  S1DSS 0b11 is Reserved and decodes as 0b00 (terminate).  With stage 2
 *  implemented and Config 0b1x1 or 0b11x (StreamWorld NS-EL1):
 *  - S2VMID[15:8] != 0 without IDR0.VMID16.
 *  With stage 2 enabled (Config 0b11x):
 *  - S2AA64 == 0 (VMSAv8-32 LPAE not implemented), S2ENDI == 1;
 *  - S2S == 1 when IDR0.STALL_MODEL == 0b01;
 *  - S2HA == 1 without IDR0.HTTU, S2HD == 1 without IDR0.HTTU == 2;
 *  - S2TG Reserved (0b11) or a granule IDR5 does not advertise;
 *  - S2T0SZ > 39 (IDR3.STT == 0) or < MAX(16, 64 - IAS) for 4KB/16KB,
 *    < MAX(12, 64 - IAS) for 64KB;
 *  - S2SL0 == 0b11 (no FEAT_TTST, no DS); S2SL0 == 0b10 (level 0 at 4KB,
 *    level 1 at 16KB and 64KB) with an OAS below 44 bits (42 for 16KB),
 *    as AArch64.S2InvalidSL();
 *  - IPA size 64 - S2T0SZ inconsistent with the start level, as
 *    AArch64.S2InconsistentSL(): at least one bit must be resolved by the
 *    start level, and at most a full table plus 16 concatenated tables;
 *  - S2TTB >= 2^eff_S2PS, or S2TTB >= 2^48 with a 4KB or 16KB granule.
 *  S2PS is capped to the OAS (0b111 behaves as 52 bits before v3.4), not
 *  checked.  S2TTB is aligned down to the size of the (concatenated)
 *  starting-level table, and to 64 bytes with a 52-bit eff_S2PS.
 *  PRIVCFG and INSTCFG are RES0 without IDR1.ATTR_PERMS_OVR and decode as
 *  0 (use incoming); STRW is RES0 without IDR0.HYP (StreamWorld NS-EL1);
 *  EATS is IGNORED without IDR0.ATS.  With IDR0.ATS (ats.c) and a
 *  translating Config: EATS 0b10 (Split-stage) needs IDR0.NS1ATS and 0b11
 *  (DPT) needs DPT, neither implemented -> C_BAD_STE; Config 0b100
 *  (bypass) makes the effective EATS 0b00 (section 3.9.1.2).
 *
 * CD tables (sections 5.2 S1Fmt, 5.3 and 3.4.3):
 *  - SubstreamID >= 2^S1CDMax -> C_BAD_SUBSTREAMID, as is a CD lookup for
 *    an STE without stage 1 (callers should not make one);
 *  - linear: base S1ContextPtr aligned down to 2^(S1CDMax + 6);
 *  - 4K_L2: 4KB level-2 tables of 64 CDs, SSID[S1CDMax-1:6] indexes the
 *    level-1 table, SSID[5:0] the level-2 table; 64K_L2: 64KB tables of
 *    1024 CDs, split at SSID bit 10; level-1 tables aligned to their size
 *    or 64 bytes; L1CD.L2Ptr aligned to 4KB or 64KB;
 *  - L1CD.V == 0 -> C_BAD_SUBSTREAMID, and so is an L1CD.L2Ptr above the
 *    OAS (IAS when nested).  Section 5.3.1: "If a CD fetch for a
 *    transaction with SubstreamID encounters an L1CD with V == 0, L2Ptr is
 *    IGNORED, the transaction is terminated with abort and a
 *    C_BAD_SUBSTREAMID event is recorded"; section 7.3.9 lists both causes
 *    under C_BAD_SUBSTREAMID.  (QEMU's hw/arm/smmuv3.c has no 2-level CD
 *    tables to compare with; Linux's arm-smmu-v3 only writes L1CDs, as
 *    64K_L2 tables, and never reads them back.)
 *  - with stage 2 enabled the level-1 and CD addresses are IPAs, each
 *    translated through swsmmu_hw_walk_s2() with CLASS == CD and checked for
 *    stage 2 read permission; a fault there is reported as the walker
 *    reports it (stage 2, CLASS_CD, the IPA).  The fetch itself then uses
 *    the PA: F_CD_FETCH carries the PA, as section 7.3.10 requires.
 *
 * CD (section 5.4.2, CdIllegal()); any of these -> C_BAD_CD:
 *  - V == 0;
 *  - S == 1 with STE.S1STALLD == 1, or when IDR0.STALL_MODEL == 0b01;
 *  - AA64 == 0 (VMSAv8-32 LPAE not implemented);
 *  - ENDI == 1, unless both EPD0 and EPD1 are set;
 *  - HA == 1 without IDR0.HTTU; HD == 1 without IDR0.HTTU == 2;
 *  - ASID[15:8] != 0 without IDR0.ASID16;
 *  and for each of TTB0 and TTB1 whose EPDx is 0:
 *  - TxSZ < 16 (IDR5.VAX == 0, for every granule) or > 39 (IDR3.STT == 0);
 *  - TGx Reserved (TG0 0b11, TG1 0b00) or a granule IDR5 does not
 *    advertise (TG1 has its own encoding, SWSMMU_TCR_TG1_*);
 *  - TTBx >= 2^eff_IPS, or TTBx >= 2^48 with a 4KB or 16KB granule.
 *  IPS is capped to the OAS (0b111 behaves as 52 bits before v3.4), not
 *  checked.  TTBx is aligned down to the size of the starting-level table
 *  (64 bytes at least with a 52-bit eff_IPS), not to the granule.  UWXN is
 *  IGNORED by VMSAv8-64, where an EL0-writable page is always privileged
 *  execute-never: it decodes as true.  A is honoured (IDR0.TERM_MODEL ==
 *  0 allows RAZ/WI termination).
 */
#include <linux/bitfield.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include "model.h"

/* STE qwords and CD qwords this decoder uses (the rest are IGNORED here) */
#define HW_STE_QWORDS	4
#define HW_CD_QWORDS	3

/* Largest level-2 Stream table span: 2^10 STEs (SPLIT 10) */
#define HW_L1STD_SPAN_MAX	11

/* PA_SIZE_* to bits.  0b111 (56 bits from v3.4) behaves as 52 in v3.2. */
static unsigned int hw_oas_bits(const struct swsmmu_hw *hw)
{
	return smmu_pa_size_bits(hw->feat.oas);
}

/* @addr with bits [@shift - 1:0] cleared; a shift of 64 or more clears all */
static u64 hw_align_down(u64 addr, unsigned int shift)
{
	if (shift >= 64)
		return 0;
	return addr & ~(BIT_ULL(shift) - 1);
}

/* log2 of the granule a TG0 (or S2TG) encoding selects; 0 if unusable */
static unsigned int hw_tg0_shift(const struct swsmmu_hw *hw, unsigned int tg)
{
	switch (tg) {
	case SWSMMU_TCR_TG0_4K:
		return hw->feat.gran4k ? 12 : 0;
	case SWSMMU_TCR_TG0_16K:
		return hw->feat.gran16k ? 14 : 0;
	case SWSMMU_TCR_TG0_64K:
		return hw->feat.gran64k ? 16 : 0;
	}
	return 0;
}

/* log2 of the granule a TG1 encoding selects; 0 if unusable */
static unsigned int hw_tg1_shift(const struct swsmmu_hw *hw, unsigned int tg)
{
	switch (tg) {
	case SWSMMU_TCR_TG1_4K:
		return hw->feat.gran4k ? 12 : 0;
	case SWSMMU_TCR_TG1_16K:
		return hw->feat.gran16k ? 14 : 0;
	case SWSMMU_TCR_TG1_64K:
		return hw->feat.gran64k ? 16 : 0;
	}
	return 0;
}

/*
 * log2 of the size of a starting-level table: the IA bits the start level
 * resolves (including concatenation at stage 2), plus 3 for 8-byte
 * descriptors.  A 52-bit output size needs 64-byte alignment at least.
 */
static unsigned int hw_ttb_align(unsigned int ia_bits, unsigned int tg,
				 unsigned int level, unsigned int oa_bits)
{
	unsigned int below = tg + (tg - 3) * (3 - level);
	unsigned int align = ia_bits - below + 3;

	return oa_bits == 52 ? max(align, 6U) : align;
}

/* Note in @t (if any) the first rule that rejected the configuration */
static bool hw_why(struct hw_trace *t, const char *reason)
{
	if (t && !t->reason)
		t->reason = reason;
	return false;
}

static void hw_trace_step(struct hw_trace *t, u8 kind, bool ok, u32 index,
			  u64 addr, u64 val)
{
	if (!t || t->nr >= HW_TRACE_STEPS)
		return;
	t->step[t->nr++] = (struct hw_trace_step) {
		.kind = kind, .ok = ok, .index = index, .addr = addr,
		.val = val,
	};
}

static void hw_trace_reached(struct hw_trace *t, u64 addr)
{
	if (t) {
		t->reached = true;
		t->addr = addr;
	}
}

static enum evt_id hw_cfg_fault(struct hw_fault *f, enum evt_id id)
{
	f->id = id;
	f->s2 = false;
	f->class = 0;
	return id;
}

static enum evt_id hw_cfg_fetch_fault(struct hw_fault *f, enum evt_id id,
				      u64 addr)
{
	f->fetch_addr = addr;
	return hw_cfg_fault(f, id);
}

/* hw_cfg_fault() for a rule named @reason */
static enum evt_id hw_cfg_reject(struct hw_fault *f, enum evt_id id,
				 struct hw_trace *t, const char *reason)
{
	hw_why(t, reason);
	return hw_cfg_fault(f, id);
}

/*
 * One structure qword; a PA above the OAS is an abort, never truncated.
 * @which (HW_INJ_STE_FETCH or HW_INJ_CD_FETCH) may make it abort, but only
 * for a transaction: a debugfs query (@t set) must not use up an armed
 * fault.
 */
static int hw_cfg_read(struct swsmmu_hw *hw, u64 pa, u64 *val,
		       enum hw_inject which, const struct hw_trace *t)
{
	if (pa >> hw_oas_bits(hw))
		return -EFAULT;
	if (!t && hw_inject(hw, which))
		return -EFAULT;
	return hw_read_desc(pa, val);
}

/*
 * Decode the stage 2 fields of an STE with stage 2 enabled (qwords 2 and
 * 3).  Return: true if they are legal, with @s2 filled in.
 */
static bool hw_decode_s2(const struct swsmmu_hw *hw, u64 q2, u64 q3,
			 struct hw_s2_cfg *s2, struct hw_trace *t)
{
	unsigned int oas = hw_oas_bits(hw);	/* also IAS and PAMax */
	unsigned int tg, t0sz, sl0, level, ia_bits, below, stride, ps;
	u64 ttb;

	if (!(q2 & STRTAB_STE_2_S2AA64))
		return hw_why(t, "STE.S2AA64 == 0 (AArch32 tables)");
	if (q2 & STRTAB_STE_2_S2ENDI)
		return hw_why(t, "STE.S2ENDI == 1 (big-endian tables)");
	if ((q2 & STRTAB_STE_2_S2S) && !hw->feat.stall)
		return hw_why(t, "STE.S2S == 1 without the stall model");
	if ((q2 & STRTAB_STE_2_S2HA) && !hw->feat.httu_access)
		return hw_why(t, "STE.S2HA == 1 without IDR0.HTTU");
	if ((q2 & STRTAB_STE_2_S2HD) && !hw_httu_dirty(hw))
		return hw_why(t, "STE.S2HD == 1 without IDR0.HTTU == 2");

	tg = hw_tg0_shift(hw, FIELD_GET(STRTAB_STE_2_S2TG, q2));
	if (!tg)
		return hw_why(t, "STE.S2TG Reserved or not in IDR5");
	stride = tg - 3;

	t0sz = FIELD_GET(STRTAB_STE_2_S2T0SZ, q2);
	if (t0sz > 39 || t0sz < max(tg == 16 ? 12U : 16U, 64 - oas))
		return hw_why(t, "STE.S2T0SZ out of range for the IAS");
	ia_bits = 64 - t0sz;

	sl0 = FIELD_GET(STRTAB_STE_2_S2SL0, q2);
	if (sl0 == 3)
		return hw_why(t, "STE.S2SL0 == 0b11");
	if (sl0 == 2 && oas < (tg == 14 ? 42U : 44U))
		return hw_why(t, "STE.S2SL0 == 0b10 with IDR5.OAS too small");
	level = (tg == 12 ? 2 : 3) - sl0;
	below = tg + stride * (3 - level);
	if (ia_bits < below + 1 || ia_bits > below + stride + 4)
		return hw_why(t, "STE.S2T0SZ inconsistent with STE.S2SL0");

	ps = min(smmu_pa_size_bits(FIELD_GET(STRTAB_STE_2_S2PS, q2)), oas);
	ttb = q3 & STRTAB_STE_3_S2TTB;
	if (ttb >> ps || (tg != 16 && ttb >> 48))
		return hw_why(t, "STE.S2TTB beyond STE.S2PS");

	s2->ttb = hw_align_down(ttb, hw_ttb_align(ia_bits, tg, level, ps));
	s2->t0sz = t0sz;
	s2->sl0 = sl0;
	s2->tg_shift = tg;
	s2->start_level = level;
	s2->ps_bits = ps;
	s2->affd = q2 & STRTAB_STE_2_S2AFFD;
	s2->ha = q2 & STRTAB_STE_2_S2HA;
	/* Dirty state needs the Access flag managed too (HD without HA: none) */
	s2->hd = s2->ha && (q2 & STRTAB_STE_2_S2HD);
	s2->record = q2 & STRTAB_STE_2_S2R;
	s2->stall = q2 & STRTAB_STE_2_S2S;
	s2->ptw = q2 & STRTAB_STE_2_S2PTW;
	return true;
}

/*
 * Decode the stage 1 fields of an STE with stage 1 enabled.
 * Return: true if they are legal, with @ste filled in.
 */
static bool hw_decode_ste_s1(const struct swsmmu_hw *hw, u64 q0, u64 q1,
			     struct hw_ste *ste, struct hw_trace *t)
{
	unsigned int cdmax = 0, fmt;

	if (q1 & STRTAB_STE_1_S1STALLD) {
		if (!hw->feat.stall)
			return hw_why(t, "STE.S1STALLD == 1 without the stall model");
		ste->s1stalld = true;
	}

	if (hw->feat.ssid_bits) {
		cdmax = FIELD_GET(STRTAB_STE_0_S1CDMAX, q0);
		if (cdmax > hw->feat.ssid_bits)
			return hw_why(t, "STE.S1CDMax > IDR1.SSIDSIZE");
	}

	fmt = FIELD_GET(STRTAB_STE_0_S1FMT, q0);
	if (!cdmax || fmt == 3)
		fmt = STRTAB_STE_0_S1FMT_LINEAR;
	else if (fmt != STRTAB_STE_0_S1FMT_LINEAR && !hw->feat.cd_2lvl)
		return hw_why(t, "STE.S1Fmt 2-level without IDR0.CD2L");

	ste->s1ctxptr = q0 & STRTAB_STE_0_S1CTXPTR;
	if (ste->s1ctxptr >> hw_oas_bits(hw))
		return hw_why(t, "STE.S1ContextPtr beyond IDR5.OAS");

	ste->s1fmt = fmt;
	ste->s1cdmax = cdmax;
	if (cdmax) {
		ste->s1dss = FIELD_GET(STRTAB_STE_1_S1DSS, q1);
		if (ste->s1dss == 3)
			ste->s1dss = STRTAB_STE_1_S1DSS_TERMINATE;
	}
	return true;
}

/*
 * Strict mode's torn-read check (strict.c) reads all the qwords up front;
 * a debugfs view (@t) is no transaction, so no CMD_SYNC orders it against
 * the driver's updates: it reads as usual.
 */
static bool hw_cfg_strict_read(struct swsmmu_hw *hw, bool is_cd, u32 sid,
			       u32 ssid, u64 pa, u64 *q, unsigned int *have,
			       bool *torn, const struct hw_trace *t)
{
	*have = 0;
	*torn = false;
	if (t || !hw_strict(hw, HW_STRICT_TORN) || pa >> hw_oas_bits(hw))
		return true;
	/* An injected abort fails the entry's fetch, as hw_cfg_read() would */
	if (hw_inject(hw, is_cd ? HW_INJ_CD_FETCH : HW_INJ_STE_FETCH) ||
	    hw_strict_read_entry(hw, is_cd, sid, ssid, pa, q, torn))
		return false;
	*have = is_cd ? HW_CD_QWORDS : HW_STE_QWORDS;
	return true;
}

/* Fetch and decode the STE at @addr, StreamID @sid's */
static enum evt_id hw_decode_ste(struct swsmmu_hw *hw, u32 sid, u64 addr,
				 struct hw_ste *ste, struct hw_fault *f,
				 struct hw_trace *t)
{
	u64 q[HW_STE_QWORDS] = { };
	unsigned int config, i, n, have;
	bool torn;

	memset(ste, 0, sizeof(*ste));
	hw_trace_reached(t, addr);

	if (!hw_cfg_strict_read(hw, false, sid, 0, addr, q, &have, &torn, t) ||
	    (!have && hw_cfg_read(hw, addr, &q[0], HW_INJ_STE_FETCH, t))) {
		hw_why(t, "STE address not RAM or beyond IDR5.OAS");
		return hw_cfg_fetch_fault(f, EVT_ID_STE_FETCH, addr);
	}
	if (torn)
		return hw_cfg_reject(f, EVT_ID_BAD_STE, t,
				     "torn read: qwords never in memory together (strict)");
	if (!(q[0] & STRTAB_STE_0_V))
		return hw_cfg_reject(f, EVT_ID_BAD_STE, t, "STE.V == 0");

	config = FIELD_GET(STRTAB_STE_0_CFG, q[0]);
	if (!(config & STRTAB_STE_0_CFG_BYPASS)) {
		/* 0b000 abort, 0b001-0b011 Reserved, behave as 0b000 */
		ste->config = STRTAB_STE_0_CFG_ABORT;
		return 0;
	}
	if ((config & BIT(0)) && !hw->feat.s1)
		return hw_cfg_reject(f, EVT_ID_BAD_STE, t,
				     "STE.Config stage 1 without IDR0.S1P");
	if ((config & BIT(1)) && !hw->feat.s2)
		return hw_cfg_reject(f, EVT_ID_BAD_STE, t,
				     "STE.Config stage 2 without IDR0.S2P");

	/* Bypass needs qword 1, stage 1 also qword 2 (VMID), stage 2 all */
	if (config == STRTAB_STE_0_CFG_BYPASS)
		n = 2;
	else if (config == STRTAB_STE_0_CFG_S1_TRANS)
		n = 3;
	else
		n = 4;
	for (i = have ? n : 1; i < n; i++) {
		if (hw_cfg_read(hw, addr + i * sizeof(u64), &q[i],
				HW_INJ_STE_FETCH, t)) {
			hw_why(t, "STE address not RAM or beyond IDR5.OAS");
			return hw_cfg_fetch_fault(f, EVT_ID_STE_FETCH, addr);
		}
	}

	ste->config = config;
	ste->strw = STRTAB_STE_1_STRW_NSEL1;
	if (hw->idr[1] & IDR1_ATTR_PERMS_OVR) {
		/* 0b01 is Reserved and behaves as 0b00 (use incoming) */
		ste->privcfg = FIELD_GET(STRTAB_STE_1_PRIVCFG, q[1]);
		if (ste->privcfg == 1)
			ste->privcfg = 0;
		ste->instcfg = FIELD_GET(STRTAB_STE_1_INSTCFG, q[1]);
		if (ste->instcfg == 1)
			ste->instcfg = 0;
	}
	if (config == STRTAB_STE_0_CFG_BYPASS)
		return 0;
	if (hw->feat.ats) {
		ste->eats = FIELD_GET(STRTAB_STE_1_EATS, q[1]);
		if (ste->eats > STRTAB_STE_1_EATS_TRANS)
			return hw_cfg_reject(f, EVT_ID_BAD_STE, t,
					     "STE.EATS 0b10 without IDR0.NS1ATS, or 0b11 without DPT");
	}

	if ((config & BIT(0)) && !hw_decode_ste_s1(hw, q[0], q[1], ste, t))
		return hw_cfg_fault(f, EVT_ID_BAD_STE);

	/* NS-EL1 translations are VMID-tagged whenever stage 2 exists */
	if (hw->feat.s2) {
		ste->s2.vmid = FIELD_GET(STRTAB_STE_2_S2VMID, q[2]);
		if (!hw->feat.vmid16 && ste->s2.vmid >> 8)
			return hw_cfg_reject(f, EVT_ID_BAD_STE, t,
					     "STE.S2VMID[15:8] != 0 without IDR0.VMID16");
	}

	if ((config & BIT(1)) && !hw_decode_s2(hw, q[2], q[3], &ste->s2, t))
		return hw_cfg_fault(f, EVT_ID_BAD_STE);
	return 0;
}

/**
 * swsmmu_hw_fetch_ste() - locate, fetch and validate the STE of a StreamID
 * @hw: the instance
 * @sid: StreamID
 * @ste: the decoded STE, valid when 0 is returned
 * @f: the fault, filled in when an event ID is returned
 * @t: if not NULL, filled with the lookup's steps and the rule that
 *     rejected the configuration (debugfs)
 *
 * Reads SMMU_STRTAB_BASE and SMMU_STRTAB_BASE_CFG without @hw->reg_lock:
 * they only change while SMMUEN == 0, when no transaction looks up an STE.
 * A Stream table that is rewritten concurrently yields some mix of old and
 * new qwords, never a fault of the model.
 *
 * Return: 0 (@ste->config may be STRTAB_STE_0_CFG_ABORT: terminate without
 * an event), or EVT_ID_BAD_STREAMID, EVT_ID_STE_FETCH (@f->fetch_addr set)
 * or EVT_ID_BAD_STE.
 */
enum evt_id swsmmu_hw_fetch_ste(struct swsmmu_hw *hw, u32 sid, struct hw_ste *ste,
				struct hw_fault *f, struct hw_trace *t)
{
	u64 base = READ_ONCE(hw->strtab_base) & STRTAB_BASE_ADDR;
	u32 cfg = READ_ONCE(hw->strtab_base_cfg);
	unsigned int log2size = FIELD_GET(STRTAB_BASE_CFG_LOG2SIZE, cfg);
	unsigned int split, span, l1_align;
	bool linear = !hw->feat.st_2lvl ||
		      FIELD_GET(STRTAB_BASE_CFG_FMT, cfg) !=
		      STRTAB_BASE_CFG_FMT_2LVL;
	u64 l1, desc = 0, addr;
	bool readable;
	u32 l2_idx;

	split = FIELD_GET(STRTAB_BASE_CFG_SPLIT, cfg);
	if (split != 6 && split != 8 && split != 10)
		split = 6;
	if (t) {
		t->st_base = base;
		t->st_log2size = log2size;
		t->st_split = linear ? 0 : split;
	}

	if ((u64)sid >> min_t(unsigned int, log2size, hw->feat.sid_bits))
		return hw_cfg_reject(f, EVT_ID_BAD_STREAMID, t,
				     "StreamID >= 2^MIN(LOG2SIZE, IDR1.SIDSIZE)");

	if (linear)
		return hw_decode_ste(hw, sid, hw_align_down(base, log2size + 6) +
				     (u64)sid * STRTAB_STE_SIZE, ste, f, t);

	l1_align = log2size + 3 > split + 6 ? log2size + 3 - split : 6;
	l1 = hw_align_down(base, l1_align) +
	     (u64)(sid >> split) * STRTAB_L1_DESC_SIZE;
	readable = !hw_cfg_read(hw, l1, &desc, HW_INJ_STE_FETCH, t);
	hw_trace_step(t, HW_TRACE_L1STD, readable, sid >> split, l1, desc);
	if (!readable) {
		hw_why(t, "L1STD address not RAM or beyond IDR5.OAS");
		return hw_cfg_fetch_fault(f, EVT_ID_STE_FETCH, l1);
	}

	/* Span 0, Reserved (12-31, behave as 0) or beyond SPLIT + 1 */
	span = FIELD_GET(STRTAB_L1_DESC_SPAN, desc);
	if (!span || span > HW_L1STD_SPAN_MAX || span > split + 1)
		return hw_cfg_reject(f, EVT_ID_BAD_STREAMID, t,
				     "L1STD.Span 0, Reserved or > SPLIT + 1");
	l2_idx = sid & (BIT(split) - 1);
	if (l2_idx >> (span - 1))
		return hw_cfg_reject(f, EVT_ID_BAD_STREAMID, t,
				     "StreamID beyond L1STD.Span");

	addr = hw_align_down(desc & STRTAB_L1_DESC_L2PTR, span + 5) +
	       (u64)l2_idx * STRTAB_STE_SIZE;
	return hw_decode_ste(hw, sid, addr, ste, f, t);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_fetch_ste);

/*
 * An address of a CD-table structure: an IPA to translate through stage 2
 * when @ste nests, else already the PA.
 */
static enum evt_id hw_cd_xlate(struct swsmmu_hw *hw, const struct hw_ste *ste,
			       u64 ipa, u64 *pa, struct hw_fault *f,
			       struct hw_trace *t)
{
	struct hw_walk w;
	int ret;

	if (ste->config != STRTAB_STE_0_CFG_NESTED) {
		*pa = ipa;
		return 0;
	}
	ret = swsmmu_hw_walk_s2(hw, &ste->s2, ipa, EVTQ_1_CLASS_CD, &w, f);
	hw_trace_step(t, HW_TRACE_S2, !ret, 0, ipa, ret ? 0 : w.oa);
	if (ret) {
		hw_why(t, "stage 2 fault on a CD table address");
		return ret;
	}
	/* A CD or L1CD fetch is a data read: stage 2 must grant read */
	ret = swsmmu_hw_check_perm(&w, 0, f);
	if (ret) {
		hw_why(t, "stage 2 denies reading a CD table address");
		f->id = ret;
		f->s2 = true;
		f->class = EVTQ_1_CLASS_CD;
		f->ipa = ipa;
		return ret;
	}
	*pa = w.oa;
	return 0;
}

/* Fetch and decode the CD at @pa */
static enum evt_id hw_decode_cd(struct swsmmu_hw *hw, const struct hw_ste *ste,
				u32 sid, u32 ssid, u64 pa, struct hw_s1_cfg *cd,
				struct hw_fault *f, struct hw_trace *t)
{
	u64 q[HW_STRICT_QWORDS];
	unsigned int ips, i, have;
	bool torn;

	memset(cd, 0, sizeof(*cd));
	hw_trace_reached(t, pa);

	if (!hw_cfg_strict_read(hw, true, sid, ssid, pa, q, &have, &torn, t) ||
	    (!have && hw_cfg_read(hw, pa, &q[0], HW_INJ_CD_FETCH, t))) {
		hw_why(t, "CD address not RAM or beyond IDR5.OAS");
		return hw_cfg_fetch_fault(f, EVT_ID_CD_FETCH, pa);
	}
	if (torn)
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t,
				     "torn read: qwords never in memory together (strict)");
	if (!(q[0] & CTXDESC_CD_0_V))
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t, "CD.V == 0");

	cd->epd[0] = q[0] & CTXDESC_CD_0_TCR_EPD0;
	cd->epd[1] = q[0] & CTXDESC_CD_0_TCR_EPD1;

	if ((q[0] & CTXDESC_CD_0_S) && (ste->s1stalld || !hw->feat.stall))
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t,
				     "CD.S == 1 with STE.S1STALLD or without the stall model");
	if (!(q[0] & CTXDESC_CD_0_AA64))
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t,
				     "CD.AA64 == 0 (AArch32 tables)");
	if ((q[0] & CTXDESC_CD_0_ENDI) && !(cd->epd[0] && cd->epd[1]))
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t,
				     "CD.ENDI == 1 (big-endian tables)");
	if ((q[0] & CTXDESC_CD_0_TCR_HA) && !hw->feat.httu_access)
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t,
				     "CD.HA == 1 without IDR0.HTTU");
	if ((q[0] & CTXDESC_CD_0_TCR_HD) && !hw_httu_dirty(hw))
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t,
				     "CD.HD == 1 without IDR0.HTTU == 2");

	cd->asid = FIELD_GET(CTXDESC_CD_0_ASID, q[0]);
	if (!hw->feat.asid16 && cd->asid >> 8)
		return hw_cfg_reject(f, EVT_ID_BAD_CD, t,
				     "CD.ASID[15:8] != 0 without IDR0.ASID16");

	ips = min(smmu_pa_size_bits(FIELD_GET(CTXDESC_CD_0_TCR_IPS, q[0])),
		  hw_oas_bits(hw));

	for (i = 0; i < 2; i++) {
		unsigned int tsz, tg, ia_bits, level, align;
		u64 ttb;

		if (cd->epd[i])
			continue;
		if (i == 0) {
			tsz = FIELD_GET(CTXDESC_CD_0_TCR_T0SZ, q[0]);
			tg = hw_tg0_shift(hw, FIELD_GET(CTXDESC_CD_0_TCR_TG0,
							q[0]));
		} else {
			tsz = FIELD_GET(CTXDESC_CD_0_TCR_T1SZ, q[0]);
			tg = hw_tg1_shift(hw, FIELD_GET(CTXDESC_CD_0_TCR_TG1,
							q[0]));
		}
		if (!tg)
			return hw_cfg_reject(f, EVT_ID_BAD_CD, t, i ?
					     "CD.TG1 Reserved or not in IDR5" :
					     "CD.TG0 Reserved or not in IDR5");
		if (tsz < 16 || tsz > 39)
			return hw_cfg_reject(f, EVT_ID_BAD_CD, t, i ?
					     "CD.T1SZ < 16 or > 39" :
					     "CD.T0SZ < 16 or > 39");

		/* Only read the TTB qwords that are not IGNORED */
		if (!have &&
		    hw_cfg_read(hw, pa + (i + 1) * sizeof(u64), &q[i + 1],
				HW_INJ_CD_FETCH, t)) {
			hw_why(t, "CD address not RAM or beyond IDR5.OAS");
			return hw_cfg_fetch_fault(f, EVT_ID_CD_FETCH, pa);
		}
		ttb = q[i + 1] & (i ? CTXDESC_CD_2_TTB1 : CTXDESC_CD_1_TTB0);
		if (ttb >> ips || (tg != 16 && ttb >> 48))
			return hw_cfg_reject(f, EVT_ID_BAD_CD, t, i ?
					     "CD.TTB1 beyond CD.IPS" :
					     "CD.TTB0 beyond CD.IPS");

		/* Stage 1 starts where a single table covers the IA */
		ia_bits = 64 - tsz;
		level = 3 - (ia_bits - 1 - tg) / (tg - 3);
		align = hw_ttb_align(ia_bits, tg, level, ips);
		cd->ttb[i] = hw_align_down(ttb, align);
		cd->tsz[i] = tsz;
		cd->tg_shift[i] = tg;
	}

	cd->ips_bits = ips;
	cd->affd = q[0] & CTXDESC_CD_0_AFFD;
	cd->ha = q[0] & CTXDESC_CD_0_TCR_HA;
	cd->hd = cd->ha && (q[0] & CTXDESC_CD_0_TCR_HD);
	cd->record = q[0] & CTXDESC_CD_0_R;
	cd->stall = q[0] & CTXDESC_CD_0_S;
	cd->abort = q[0] & CTXDESC_CD_0_A;
	cd->wxn = q[0] & CTXDESC_CD_0_WXN;
	cd->uwxn = true;
	cd->pan = q[0] & CTXDESC_CD_0_PAN;
	cd->tbi[0] = q[0] & CTXDESC_CD_0_TCR_TBI0;
	cd->tbi[1] = q[0] & CTXDESC_CD_0_TCR_TBI1;
	return 0;
}

/**
 * swsmmu_hw_fetch_cd() - locate, fetch and validate a Context descriptor
 * @hw: the instance
 * @ste: a decoded STE with stage 1 enabled (from swsmmu_hw_fetch_ste())
 * @ssid: SubstreamID; 0 for the single CD when @ste->s1cdmax is 0, and for
 *        transactions without a SubstreamID when S1DSS selects substream 0
 * @cd: the decoded stage 1 regime, valid when 0 is returned
 * @f: the fault, filled in when an event ID is returned
 * @t: if not NULL, filled as by swsmmu_hw_fetch_ste()
 *
 * With stage 2 enabled, the CD table addresses are IPAs translated by
 * swsmmu_hw_walk_s2(); its faults are returned as it reports them (CLASS_CD).
 *
 * Return: 0, or EVT_ID_BAD_SUBSTREAMID, EVT_ID_CD_FETCH (@f->fetch_addr
 * set), EVT_ID_BAD_CD, or a stage 2 fault of the CD table walk.
 */
enum evt_id swsmmu_hw_fetch_cd(struct swsmmu_hw *hw, const struct hw_ste *ste,
			       u32 ssid, struct hw_s1_cfg *cd, struct hw_fault *f,
			struct hw_trace *t)
{
	return hw_fetch_cd_sid(hw, ste, 0, ssid, cd, f, t);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_fetch_cd);

/**
 * hw_fetch_cd_sid() - swsmmu_hw_fetch_cd(), for a transaction of StreamID
 *                     @sid (named in strict-mode reports)
 * @hw: the instance
 * @ste: as swsmmu_hw_fetch_cd()
 * @sid: the StreamID @ste belongs to
 * @ssid: as swsmmu_hw_fetch_cd()
 * @cd: as swsmmu_hw_fetch_cd()
 * @f: as swsmmu_hw_fetch_cd()
 * @t: as swsmmu_hw_fetch_cd()
 *
 * Return: as swsmmu_hw_fetch_cd().
 */
enum evt_id hw_fetch_cd_sid(struct swsmmu_hw *hw, const struct hw_ste *ste,
			    u32 sid, u32 ssid, struct hw_s1_cfg *cd,
			    struct hw_fault *f, struct hw_trace *t)
{
	unsigned int split, l1_align;
	u64 ipa, pa, desc = 0;
	bool readable;
	int ret;

	if (ste->config != STRTAB_STE_0_CFG_S1_TRANS &&
	    ste->config != STRTAB_STE_0_CFG_NESTED)
		return hw_cfg_reject(f, EVT_ID_BAD_SUBSTREAMID, t,
				     "STE.Config without stage 1");
	if ((u64)ssid >> ste->s1cdmax)
		return hw_cfg_reject(f, EVT_ID_BAD_SUBSTREAMID, t,
				     "SubstreamID >= 2^STE.S1CDMax");

	if (ste->s1fmt == STRTAB_STE_0_S1FMT_LINEAR) {
		ipa = hw_align_down(ste->s1ctxptr, ste->s1cdmax + 6) +
		      (u64)ssid * CTXDESC_CD_SIZE;
	} else {
		split = ste->s1fmt == STRTAB_STE_0_S1FMT_4K_L2 ?
			CTXDESC_L2_4K_BITS : CTXDESC_L2_64K_BITS;
		l1_align = ste->s1cdmax + 3 > split + 6 ?
			   ste->s1cdmax + 3 - split : 6;
		ipa = hw_align_down(ste->s1ctxptr, l1_align) +
		      (u64)(ssid >> split) * CTXDESC_L1_DESC_SIZE;
		ret = hw_cd_xlate(hw, ste, ipa, &pa, f, t);
		if (ret)
			return ret;
		readable = !hw_cfg_read(hw, pa, &desc, HW_INJ_CD_FETCH, t);
		hw_trace_step(t, HW_TRACE_L1CD, readable, ssid >> split, pa,
			      desc);
		if (!readable) {
			hw_why(t, "L1CD address not RAM or beyond IDR5.OAS");
			return hw_cfg_fetch_fault(f, EVT_ID_CD_FETCH, pa);
		}
		if (!(desc & CTXDESC_L1_DESC_V))
			return hw_cfg_reject(f, EVT_ID_BAD_SUBSTREAMID, t,
					     "L1CD.V == 0");
		/* L2 tables are aligned to their size: 4KB or 64KB */
		ipa = hw_align_down(desc & CTXDESC_L1_DESC_L2PTR,
				    split + ilog2(CTXDESC_CD_SIZE));
		if (ipa >> hw_oas_bits(hw))
			return hw_cfg_reject(f, EVT_ID_BAD_SUBSTREAMID, t,
					     "L1CD.L2Ptr beyond IDR5.OAS");
		ipa += (u64)(ssid & (BIT(split) - 1)) * CTXDESC_CD_SIZE;
	}

	ret = hw_cd_xlate(hw, ste, ipa, &pa, f, t);
	if (ret)
		return ret;
	return hw_decode_cd(hw, ste, sid, ssid, pa, cd, f, t);
}

