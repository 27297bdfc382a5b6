// SPDX-License-Identifier: GPL-2.0
/*
 * Stream Table Entries (STEs) and Context Descriptors (CDs).
 *
 * Building.  Each builder fills a whole entry from nothing: every bit it
 * does not set is zero, and it sets only bits that swsmmu_ste_get_used() or
 * swsmmu_cd_get_used() report as interpreted for the entry it builds, so two
 * entries built for the same configuration are bit-for-bit equal.
 *
 * Used bits.  The SMMU interprets a field only in some configurations; in
 * the others the architecture declares it IGNORED.  get_used() turns an
 * entry into the mask of the bits the SMMU interprets for that very entry.
 * Reporting an ignored bit as used is harmless (an update that could have
 * been hitless may become a breaking one); missing a used bit would let an
 * update tear, so where the architecture leaves room we count a bit used.
 *
 * Updating a live entry.  The SMMU reads an entry one 64-bit qword at a
 * time, whenever it likes, and may keep what it read until the entry is
 * invalidated (the writer's sync op: CFGI_STE/CFGI_CD and CMD_SYNC).  A
 * reader can therefore combine, qword by qword, any of the values a qword
 * had since the last sync.  swsmmu_entry_write() orders its single-qword
 * stores and syncs so that every such combination is configured exactly
 * like the old entry, exactly like the new one, or (only when neither is
 * possible) is invalid, V=0, which makes the SMMU abort the stream's
 * transactions and record C_BAD_STE/C_BAD_CD for the duration.
 *
 * Which updates are hitless, and what they cost (with the builders here):
 *
 *  - Abort <-> bypass, abort <-> S1, abort <-> S2, bypass <-> S1, bypass <->
 *    S2, S2 <-> nested, and S1 <-> S2 or nested <-> S1 when the S2VMID stays
 *    the same: hitless, Config is the one critical qword; 2 or 3 syncs.
 *  - S1 -> S1 changing only the CD table pointer, S1CDMax or S1Fmt (qword
 *    0), or only S1DSS (qword 1): hitless, 1 sync; enabling or disabling
 *    substreams (S1CDMax 0 <-> N, which makes S1DSS used or ignored): 2.
 *  - S2 -> S2 changing only S2TTB, or only VMID/VTCR: hitless, 1 sync.
 *  - S1 <-> S2 or nested -> S1 with a different S2VMID (an S1 STE uses
 *    S2VMID 0, and the VMID tags its TLB entries under StreamWorld NS-EL1),
 *    or any update that changes used bits in two qwords (CD table pointer
 *    and S1DSS together; S2TTB and VMID together): breaking, 3 syncs.
 *  - CD invalid -> valid: 2 syncs; valid -> invalid: 2 syncs (V is cleared
 *    first, and the V=0 entry is the target itself); valid -> other ASID
 *    only, other TTB0 only or other MAIR only: hitless, 1 sync; ASID and
 *    TTB0 together: breaking, 3 syncs.
 *  - No used bit changes: one sync if ignored bits change, none if nothing
 *    does.
 */
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <kunit/visibility.h>
#include "entry.h"

/* ---------------------------------------------------------------------- */
/* Used bits                                                              */
/* ---------------------------------------------------------------------- */

/*
 * Do the STE's attribute overrides (SHCFG, MTCFG, MemAttr, ALLOCCFG) apply
 * to some of the stream's transactions?  They replace the incoming
 * attributes of transactions that stage 1 does not translate: all of them
 * with Config bypass or stage 2 only, and those without a SubstreamID when
 * S1DSS bypasses stage 1.  Under nesting we count them used whatever S1DSS
 * says: stage 2 combines its attributes with the ones that reach it.
 */
static bool ste_overrides_used(unsigned int cfg, u64 q0, u64 q1)
{
	switch (cfg) {
	case STRTAB_STE_0_CFG_BYPASS:
	case STRTAB_STE_0_CFG_S2_TRANS:
	case STRTAB_STE_0_CFG_NESTED:
		return true;
	case STRTAB_STE_0_CFG_S1_TRANS:
		return FIELD_GET(STRTAB_STE_0_S1CDMAX, q0) &&
		       FIELD_GET(STRTAB_STE_1_S1DSS, q1) ==
		       STRTAB_STE_1_S1DSS_BYPASS;
	default:
		return false;
	}
}

static bool ste_cfg_s1(unsigned int cfg)
{
	return cfg == STRTAB_STE_0_CFG_S1_TRANS ||
	       cfg == STRTAB_STE_0_CFG_NESTED;
}

static bool ste_cfg_s2(unsigned int cfg)
{
	return cfg == STRTAB_STE_0_CFG_S2_TRANS ||
	       cfg == STRTAB_STE_0_CFG_NESTED;
}

/**
 * swsmmu_ste_get_used() - the bits of an STE that the SMMU interprets
 * @ste: the STE (STRTAB_STE_DWORDS qwords)
 * @used: filled with the mask, STRTAB_STE_DWORDS qwords
 *
 * V is always used.  With V=1, Config is; with Config abort (or one of the
 * reserved encodings below bypass) nothing else is.  Otherwise:
 *
 *  - PRIVCFG, INSTCFG, MEV and EATS, for any stream that is not aborted;
 *  - STRW once a stage translates;
 *  - the attribute overrides (see ste_overrides_used()), MemAttr only with
 *    MTCFG=1;
 *  - with stage 1: S1ContextPtr, S1CDMax, S1CIR/S1COR/S1CSH, S1STALLD, PPAR,
 *    and S1Fmt and S1DSS only when S1CDMax is not 0 (with S1CDMax 0 the
 *    pointer is the only CD, used by every transaction without a
 *    SubstreamID); S2VMID under StreamWorld NS-EL1, where it tags the
 *    stage-1 TLB entries even when stage 2 is bypassed;
 *  - with stage 2: every S2* field of qword 2 and S2TTB.
 *
 * Whether a bit is used depends only on bits that are themselves used.
 */
void swsmmu_ste_get_used(const __le64 *ste, __le64 *used)
{
	u64 q0 = le64_to_cpu(ste[0]);
	u64 q1 = le64_to_cpu(ste[1]);
	unsigned int cfg = FIELD_GET(STRTAB_STE_0_CFG, q0);
	u64 u[STRTAB_STE_DWORDS] = { STRTAB_STE_0_V };
	unsigned int i;

	if (!(q0 & STRTAB_STE_0_V))
		goto out;
	u[0] |= STRTAB_STE_0_CFG;
	if (cfg < STRTAB_STE_0_CFG_BYPASS)
		goto out;

	u[1] |= STRTAB_STE_1_PRIVCFG | STRTAB_STE_1_INSTCFG |
		STRTAB_STE_1_MEV | STRTAB_STE_1_EATS;
	if (ste_cfg_s1(cfg) || ste_cfg_s2(cfg))
		u[1] |= STRTAB_STE_1_STRW;

	if (ste_overrides_used(cfg, q0, q1)) {
		u[1] |= STRTAB_STE_1_SHCFG | STRTAB_STE_1_MTCFG |
			STRTAB_STE_1_ALLOCCFG;
		if (q1 & STRTAB_STE_1_MTCFG)
			u[1] |= STRTAB_STE_1_MEMATTR;
	}

	if (ste_cfg_s1(cfg)) {
		u[0] |= STRTAB_STE_0_S1CTXPTR | STRTAB_STE_0_S1CDMAX;
		if (FIELD_GET(STRTAB_STE_0_S1CDMAX, q0)) {
			u[0] |= STRTAB_STE_0_S1FMT;
			u[1] |= STRTAB_STE_1_S1DSS;
		}
		u[1] |= STRTAB_STE_1_S1CIR | STRTAB_STE_1_S1COR |
			STRTAB_STE_1_S1CSH | STRTAB_STE_1_S1STALLD |
			STRTAB_STE_1_PPAR;
		if (FIELD_GET(STRTAB_STE_1_STRW, q1) == STRTAB_STE_1_STRW_NSEL1)
			u[2] |= STRTAB_STE_2_S2VMID;
	}

	if (ste_cfg_s2(cfg)) {
		u[2] |= STRTAB_STE_2_S2VMID | STRTAB_STE_2_VTCR |
			STRTAB_STE_2_S2AA64 | STRTAB_STE_2_S2ENDI |
			STRTAB_STE_2_S2AFFD | STRTAB_STE_2_S2PTW |
			STRTAB_STE_2_S2HD | STRTAB_STE_2_S2HA |
			STRTAB_STE_2_S2S | STRTAB_STE_2_S2R;
		u[3] |= STRTAB_STE_3_S2TTB;
	}
out:
	for (i = 0; i < STRTAB_STE_DWORDS; i++)
		used[i] = cpu_to_le64(u[i]);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_ste_get_used);

/**
 * swsmmu_cd_get_used() - the bits of a CD that the SMMU interprets
 * @cd: the CD (CTXDESC_CD_DWORDS qwords)
 * @used: filled with the mask, CTXDESC_CD_DWORDS qwords
 *
 * V is always used; with V=1 every bit is, except that EPD0=1 makes T0SZ,
 * TG0, IRGN0, ORGN0, SH0 and TTB0 ignored, and EPD1=1 the same for TTB1.
 */
void swsmmu_cd_get_used(const __le64 *cd, __le64 *used)
{
	u64 q0 = le64_to_cpu(cd[0]);
	u64 u[CTXDESC_CD_DWORDS] = { CTXDESC_CD_0_V };
	unsigned int i;

	if (q0 & CTXDESC_CD_0_V) {
		for (i = 0; i < CTXDESC_CD_DWORDS; i++)
			u[i] = ~0ULL;
		if (q0 & CTXDESC_CD_0_TCR_EPD0) {
			u[0] &= ~(CTXDESC_CD_0_TCR_T0SZ | CTXDESC_CD_0_TCR_TG0 |
				  CTXDESC_CD_0_TCR_IRGN0 |
				  CTXDESC_CD_0_TCR_ORGN0 |
				  CTXDESC_CD_0_TCR_SH0);
			u[1] &= ~CTXDESC_CD_1_TTB0;
		}
		if (q0 & CTXDESC_CD_0_TCR_EPD1) {
			u[0] &= ~(CTXDESC_CD_0_TCR_T1SZ | CTXDESC_CD_0_TCR_TG1 |
				  CTXDESC_CD_0_TCR_IRGN1 |
				  CTXDESC_CD_0_TCR_ORGN1 |
				  CTXDESC_CD_0_TCR_SH1);
			u[2] &= ~CTXDESC_CD_2_TTB1;
		}
	}
	for (i = 0; i < CTXDESC_CD_DWORDS; i++)
		used[i] = cpu_to_le64(u[i]);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_cd_get_used);

/* ---------------------------------------------------------------------- */
/* Builders                                                               */
/* ---------------------------------------------------------------------- */

/*
 * Finish an STE whose stage fields are in @q: V, Config, and SHCFG "use
 * incoming" wherever the overrides apply (the other overrides stay 0: no
 * MTCFG, ALLOCCFG "use incoming").  PRIVCFG and INSTCFG stay 0, "use
 * incoming", and STRW stays 0, NS-EL1.
 */
static void ste_finish(struct swsmmu_ste *ste, u64 *q, unsigned int cfg)
{
	unsigned int i;

	q[0] |= STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, cfg);
	if (ste_overrides_used(cfg, q[0], q[1]))
		q[1] |= FIELD_PREP(STRTAB_STE_1_SHCFG,
				   STRTAB_STE_1_SHCFG_INCOMING);
	for (i = 0; i < STRTAB_STE_DWORDS; i++)
		ste->data[i] = cpu_to_le64(q[i]);
}

static void ste_put_s1(u64 *q, const struct swsmmu_cdtab_params *p)
{
	q[0] |= (p->cdtab_pa & STRTAB_STE_0_S1CTXPTR) |
		FIELD_PREP(STRTAB_STE_0_S1CDMAX, p->s1cdmax);
	if (p->s1cdmax) {
		q[0] |= FIELD_PREP(STRTAB_STE_0_S1FMT, p->s1fmt);
		q[1] |= FIELD_PREP(STRTAB_STE_1_S1DSS, p->s1dss);
	}
	/* CDs are fetched Write-Back cacheable, Inner Shareable */
	q[1] |= FIELD_PREP(STRTAB_STE_1_S1CIR, STRTAB_STE_1_S1C_CACHE_WBRA) |
		FIELD_PREP(STRTAB_STE_1_S1COR, STRTAB_STE_1_S1C_CACHE_WBRA) |
		FIELD_PREP(STRTAB_STE_1_S1CSH, SWSMMU_TCR_SH_ISH) |
		FIELD_PREP(STRTAB_STE_1_STRW, STRTAB_STE_1_STRW_NSEL1);
	if (p->stall_disable)
		q[1] |= STRTAB_STE_1_S1STALLD;
	/* S2VMID stays 0: the VMID of streams without stage 2 */
}

/*
 * Stage 2: AArch64 tables, little-endian (the only TTENDIAN the SMMU
 * offers), walked Write-Back cacheable and Inner Shareable, with S2PTW set
 * so that a stage-1 walk or CD fetch landing in Device memory faults.
 */
static void ste_put_s2(u64 *q, const struct swsmmu_s2_params *p)
{
	q[2] = FIELD_PREP(STRTAB_STE_2_S2VMID, p->vmid) |
	       FIELD_PREP(STRTAB_STE_2_S2T0SZ, p->t0sz) |
	       FIELD_PREP(STRTAB_STE_2_S2SL0, p->sl0) |
	       FIELD_PREP(STRTAB_STE_2_S2IR0, SWSMMU_TCR_RGN_WBWA) |
	       FIELD_PREP(STRTAB_STE_2_S2OR0, SWSMMU_TCR_RGN_WBWA) |
	       FIELD_PREP(STRTAB_STE_2_S2SH0, SWSMMU_TCR_SH_ISH) |
	       FIELD_PREP(STRTAB_STE_2_S2TG, p->tg) |
	       FIELD_PREP(STRTAB_STE_2_S2PS, p->ps) |
	       STRTAB_STE_2_S2AA64 | STRTAB_STE_2_S2PTW |
	       (p->affd ? STRTAB_STE_2_S2AFFD : 0) |
	       (p->ha ? STRTAB_STE_2_S2HA : 0) |
	       (p->hd ? STRTAB_STE_2_S2HD : 0) |
	       (p->stall ? STRTAB_STE_2_S2S : 0) |
	       (p->record ? STRTAB_STE_2_S2R : 0);
	q[3] = p->vttb & STRTAB_STE_3_S2TTB;
}

/**
 * swsmmu_ste_abort() - build an STE that aborts every transaction silently
 * @ste: filled
 */
void swsmmu_ste_abort(struct swsmmu_ste *ste)
{
	u64 q[STRTAB_STE_DWORDS] = {};

	ste_finish(ste, q, STRTAB_STE_0_CFG_ABORT);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_ste_abort);

/**
 * swsmmu_ste_bypass() - build an STE that lets transactions through untranslated
 * @ste: filled
 *
 * Incoming attributes are kept (SHCFG "use incoming").
 */
void swsmmu_ste_bypass(struct swsmmu_ste *ste)
{
	u64 q[STRTAB_STE_DWORDS] = {};

	ste_finish(ste, q, STRTAB_STE_0_CFG_BYPASS);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_ste_bypass);

/**
 * swsmmu_ste_s1() - build an STE translating through a CD table, stage 1 only
 * @ste: filled
 * @cdtab_pa: S1ContextPtr, 64-byte aligned: the CD table, or the only CD
 *            when @s1cdmax is 0
 * @s1fmt: S1Fmt, STRTAB_STE_0_S1FMT_* (written 0 when @s1cdmax is 0)
 * @s1cdmax: S1CDMax, log2 of the number of CDs (0: no substreams)
 * @s1dss: S1DSS, STRTAB_STE_1_S1DSS_* (written 0 when @s1cdmax is 0)
 * @stall_disable: S1STALLD (only with STALL_MODEL 0)
 *
 * StreamWorld NS-EL1 with S2VMID 0, which the driver must keep out of the
 * VMIDs it gives to stage-2 domains.
 */
void swsmmu_ste_s1(struct swsmmu_ste *ste, u64 cdtab_pa, u8 s1fmt,
		   u8 s1cdmax, u8 s1dss, bool stall_disable)
{
	const struct swsmmu_cdtab_params p = {
		.cdtab_pa = cdtab_pa,
		.s1fmt = s1fmt,
		.s1cdmax = s1cdmax,
		.s1dss = s1dss,
		.stall_disable = stall_disable,
	};
	u64 q[STRTAB_STE_DWORDS] = {};

	ste_put_s1(q, &p);
	ste_finish(ste, q, STRTAB_STE_0_CFG_S1_TRANS);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_ste_s1);

/**
 * swsmmu_ste_s2() - build an STE translating through stage 2 only
 * @ste: filled
 * @p: the stage-2 regime
 */
void swsmmu_ste_s2(struct swsmmu_ste *ste, const struct swsmmu_s2_params *p)
{
	u64 q[STRTAB_STE_DWORDS] = {};

	ste_put_s2(q, p);
	ste_finish(ste, q, STRTAB_STE_0_CFG_S2_TRANS);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_ste_s2);

/**
 * swsmmu_ste_nested() - build an STE translating through both stages
 * @ste: filled
 * @s1: the CD table; its address is an IPA, translated by @s2
 * @s2: the stage-2 regime
 */
void swsmmu_ste_nested(struct swsmmu_ste *ste,
		       const struct swsmmu_cdtab_params *s1,
		       const struct swsmmu_s2_params *s2)
{
	u64 q[STRTAB_STE_DWORDS] = {};

	ste_put_s1(q, s1);
	ste_put_s2(q, s2);
	ste_finish(ste, q, STRTAB_STE_0_CFG_NESTED);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_ste_nested);

/**
 * swsmmu_cd_s1() - build a valid CD translating through TTB0
 * @cd: filled
 * @p: the stage-1 regime
 *
 * AArch64 tables walked Write-Back cacheable and Inner Shareable; TTB1 is
 * disabled (EPD1=1).  A=1: terminated transactions report an abort to the
 * device rather than reading as zero.  ASET=1: the ASID belongs to the
 * SMMU's own set, which broadcast TLB invalidations from the CPUs never
 * match; the driver allocates ASIDs for its domains itself and shares none
 * with a CPU address space, so it invalidates them with SMMU commands only.
 */
void swsmmu_cd_s1(struct swsmmu_cd *cd, const struct swsmmu_cd_params *p)
{
	u64 q0;

	q0 = FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, p->t0sz) |
	     FIELD_PREP(CTXDESC_CD_0_TCR_TG0, p->tg0) |
	     FIELD_PREP(CTXDESC_CD_0_TCR_IRGN0, SWSMMU_TCR_RGN_WBWA) |
	     FIELD_PREP(CTXDESC_CD_0_TCR_ORGN0, SWSMMU_TCR_RGN_WBWA) |
	     FIELD_PREP(CTXDESC_CD_0_TCR_SH0, SWSMMU_TCR_SH_ISH) |
	     CTXDESC_CD_0_TCR_EPD1 | CTXDESC_CD_0_V |
	     FIELD_PREP(CTXDESC_CD_0_TCR_IPS, p->ips) |
	     (p->affd ? CTXDESC_CD_0_AFFD : 0) |
	     CTXDESC_CD_0_AA64 |
	     (p->ha ? CTXDESC_CD_0_TCR_HA : 0) |
	     (p->hd ? CTXDESC_CD_0_TCR_HD : 0) |
	     (p->stall ? CTXDESC_CD_0_S : 0) |
	     (p->record ? CTXDESC_CD_0_R : 0) |
	     CTXDESC_CD_0_A | CTXDESC_CD_0_ASET |
	     FIELD_PREP(CTXDESC_CD_0_ASID, p->asid);

	memset(cd, 0, sizeof(*cd));
	cd->data[0] = cpu_to_le64(q0);
	cd->data[1] = cpu_to_le64(p->ttb0 & CTXDESC_CD_1_TTB0);
	cd->data[3] = cpu_to_le64(FIELD_PREP(CTXDESC_CD_3_MAIR, p->mair));
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_cd_s1);

/**
 * swsmmu_cd_clear() - build an invalid CD
 * @cd: filled with zeroes (V=0)
 *
 * A transaction that selects it is terminated with C_BAD_CD.
 */
void swsmmu_cd_clear(struct swsmmu_cd *cd)
{
	memset(cd, 0, sizeof(*cd));
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_cd_clear);

/* ---------------------------------------------------------------------- */
/* Tear-free update                                                       */
/* ---------------------------------------------------------------------- */

/*
 * Store qwords [@first, @first + @count) of @val that differ from @entry,
 * each with one 64-bit store, then sync if anything was stored.
 */
static void entry_store(struct swsmmu_entry_writer *w, __le64 *entry,
			const __le64 *val, unsigned int first,
			unsigned int count)
{
	unsigned int i, stored = 0;

	for (i = first; i < first + count; i++) {
		if (entry[i] != val[i]) {
			WRITE_ONCE(entry[i], val[i]);
			stored++;
		}
	}
	if (stored)
		w->ops->sync(w);
}

/**
 * swsmmu_entry_write() - replace a live STE or CD without tearing it
 * @w: the writer: kind of entry, and the sync that invalidates it
 * @entry: the entry in the table the SMMU reads
 * @target: its new value
 *
 * First, every bit the current entry does not use may take its new value
 * at once (the SMMU ignores it).  After that, the qwords in which a bit
 * used by the target still differs are critical:
 *
 *  - none: store what differs, one sync (no sync if nothing does);
 *  - one: store the ignored bits of the other qwords, sync; store the
 *    critical qword, in one store, sync: the SMMU now sees the target;
 *    store the rest (bits the target ignores), sync.  Hitless.
 *  - more: clear V in qword 0 (its other bits take their new values with
 *    it), sync; store qwords 1 and up, sync; store qword 0 with V set,
 *    sync.  Breaking: transactions abort between the first and last sync.
 *
 * Syncs whose step stored nothing are skipped.  Everything @target points
 * to (CD tables, translation tables) must be written before the call.
 *
 * Context: may sleep if @w's sync does; the caller serialises all updates
 * of @entry.
 */
void swsmmu_entry_write(struct swsmmu_entry_writer *w, __le64 *entry,
			const __le64 *target)
{
	const struct swsmmu_entry_writer_ops *ops = w->ops;
	unsigned int n = ops->num_qwords;
	__le64 cur_used[SWSMMU_ENTRY_MAX_QWORDS] = {};
	__le64 new_used[SWSMMU_ENTRY_MAX_QWORDS] = {};
	__le64 step[SWSMMU_ENTRY_MAX_QWORDS];
	unsigned long critical = 0;
	unsigned int i;

	if (WARN_ON_ONCE(!n || n > SWSMMU_ENTRY_MAX_QWORDS))
		return;

	/* What the target points to is visible before the target is */
	dma_wmb();

#ifdef SWSMMU_MUTANT_ste_one_pass
	/* Mutant (tools/mutants.sh): a live STE rewritten qword 0 first, one sync */
	if (ops->get_used == swsmmu_ste_get_used) {
		entry_store(w, entry, target, 0, n);
		return;
	}
#endif
	ops->get_used(entry, cur_used);
	ops->get_used(target, new_used);
	for (i = 0; i < n; i++) {
		step[i] = (entry[i] & cur_used[i]) | (target[i] & ~cur_used[i]);
		if ((step[i] ^ target[i]) & new_used[i])
			__set_bit(i, &critical);
	}

	if (!critical) {
		entry_store(w, entry, target, 0, n);
	} else if (hweight_long(critical) == 1) {
		i = __ffs(critical);
		/* The critical qword goes in whole, in the second step */
		step[i] = entry[i];
		entry_store(w, entry, step, 0, n);
		entry_store(w, entry, target, i, 1);
		entry_store(w, entry, target, 0, n);
	} else {
		step[0] = target[0] & ~cpu_to_le64(ops->valid);
		entry_store(w, entry, step, 0, 1);
		entry_store(w, entry, target, 1, n - 1);
		entry_store(w, entry, target, 0, 1);
	}
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_entry_write);
