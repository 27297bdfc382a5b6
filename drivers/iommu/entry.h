/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stream Table Entries and Context Descriptors: building them, and
 * replacing one that the SMMU may be reading with another without the SMMU
 * ever seeing a torn mixture of the two.
 */
#ifndef _SWSMMU_ENTRY_H
#define _SWSMMU_ENTRY_H

#include <linux/types.h>
#include <swsmmu/arch.h>

/**
 * struct swsmmu_ste - a Stream Table Entry, as the SMMU reads it
 * @data: its qwords, little-endian
 */
struct swsmmu_ste {
	__le64 data[STRTAB_STE_DWORDS];
};

/**
 * struct swsmmu_cd - a Context Descriptor, as the SMMU reads it
 * @data: its qwords, little-endian
 */
struct swsmmu_cd {
	__le64 data[CTXDESC_CD_DWORDS];
};

/* The largest structure swsmmu_entry_write() handles, in 64-bit qwords */
#define SWSMMU_ENTRY_MAX_QWORDS		8

struct swsmmu_entry_writer;

/**
 * struct swsmmu_entry_writer_ops - how to update one kind of entry
 * @num_qwords: size of the entry in qwords, 1 to SWSMMU_ENTRY_MAX_QWORDS
 * @valid: the entry's V bit, which lives in qword 0 (STRTAB_STE_0_V or
 *         CTXDESC_CD_0_V); while it is clear the SMMU interprets nothing
 *         else in the entry
 * @get_used: fill @used (@num_qwords qwords) with the mask of the bits of
 *            @entry that the SMMU interprets, given the values of @entry
 *            itself.  The mask may only depend on bits that it reports as
 *            used, and must cover every bit the SMMU may read.
 * @sync: make the SMMU forget any copy of the entry it has cached and wait
 *        until it has (CFGI_STE or CFGI_CD, then CMD_SYNC).  After @sync
 *        returns, the SMMU sees the entry as it is in memory.
 */
struct swsmmu_entry_writer_ops {
	unsigned int num_qwords;
	u64 valid;
	void (*get_used)(const __le64 *entry, __le64 *used);
	void (*sync)(struct swsmmu_entry_writer *w);
};

/**
 * struct swsmmu_entry_writer - one update of one entry
 * @ops: the kind of entry being written
 *
 * Embed it in a structure that tells @ops->sync which entry to invalidate
 * (StreamID, SubstreamID) and get back to it with container_of().
 */
struct swsmmu_entry_writer {
	const struct swsmmu_entry_writer_ops *ops;
};

/**
 * struct swsmmu_s2_params - a stage-2 translation regime for an STE
 * @vttb: physical address of the starting-level table (S2TTB); bits
 *        outside STRTAB_STE_3_S2TTB are dropped
 * @vmid: S2VMID
 * @t0sz: S2T0SZ: the IPA space is 2^(64 - @t0sz) bytes
 * @sl0: S2SL0, the starting level as the architecture encodes it for @tg
 * @tg: S2TG, granule (SWSMMU_TCR_TG0_*)
 * @ps: S2PS, output address size (PA_SIZE_*)
 * @affd: S2AFFD: Access flag faults disabled
 * @ha: S2HA: the SMMU sets Access flags itself (needs IDR0.HTTU)
 * @hd: S2HD: the SMMU makes writable-clean leaves writable-dirty on a
 *      write (needs IDR0.HTTU == 2, and @ha)
 * @record: S2R: record faults from stage 2 in the event queue
 * @stall: S2S: stall, rather than terminate, faulting transactions
 */
struct swsmmu_s2_params {
	u64 vttb;
	u16 vmid;
	u8 t0sz;
	u8 sl0;
	u8 tg;
	u8 ps;
	bool affd;
	bool ha;
	bool hd;
	bool record;
	bool stall;
};

/**
 * struct swsmmu_cdtab_params - the stage-1 part of an STE: its CD table
 * @cdtab_pa: address of the CD table, or of the only CD when @s1cdmax is 0
 *            (S1ContextPtr, 64-byte aligned; an IPA under nesting)
 * @s1fmt: S1Fmt, STRTAB_STE_0_S1FMT_* (ignored, and written 0, when
 *         @s1cdmax is 0)
 * @s1cdmax: S1CDMax: log2 of the number of CDs; 0 disables substreams
 * @s1dss: S1DSS, STRTAB_STE_1_S1DSS_*: what becomes of transactions
 *         without a SubstreamID (ignored, and written 0, when @s1cdmax is 0:
 *         they then use the only CD)
 * @stall_disable: S1STALLD: stage-1 faults of this stream never stall.
 *                 Only legal when the SMMU's STALL_MODEL is 0.
 */
struct swsmmu_cdtab_params {
	u64 cdtab_pa;
	u8 s1fmt;
	u8 s1cdmax;
	u8 s1dss;
	bool stall_disable;
};

/**
 * struct swsmmu_cd_params - a stage-1 translation regime for a CD
 * @ttb0: address of the starting-level table for TTB0 (bits outside
 *        CTXDESC_CD_1_TTB0 are dropped)
 * @t0sz: T0SZ: the input address space is 2^(64 - @t0sz) bytes
 * @tg0: TG0, granule (SWSMMU_TCR_TG0_*)
 * @ips: IPS, intermediate address size (PA_SIZE_*)
 * @asid: ASID
 * @mair: MAIR, the eight memory attributes AttrIndx selects from
 * @affd: AFFD: Access flag faults disabled
 * @ha: HA: the SMMU sets Access flags itself (needs IDR0.HTTU)
 * @hd: HD: the SMMU makes writable-clean leaves writable-dirty on a write
 *      (needs IDR0.HTTU == 2, and @ha)
 * @record: R: record faults in the event queue (normally true)
 * @stall: S: stall, rather than terminate, faulting transactions
 */
struct swsmmu_cd_params {
	u64 ttb0;
	u8 t0sz;
	u8 tg0;
	u8 ips;
	u16 asid;
	u64 mair;
	bool affd;
	bool ha;
	bool hd;
	bool record;
	bool stall;
};

void swsmmu_ste_abort(struct swsmmu_ste *ste);
void swsmmu_ste_bypass(struct swsmmu_ste *ste);
void swsmmu_ste_s1(struct swsmmu_ste *ste, u64 cdtab_pa, u8 s1fmt,
		   u8 s1cdmax, u8 s1dss, bool stall_disable);
void swsmmu_ste_s2(struct swsmmu_ste *ste, const struct swsmmu_s2_params *p);
void swsmmu_ste_nested(struct swsmmu_ste *ste,
		       const struct swsmmu_cdtab_params *s1,
		       const struct swsmmu_s2_params *s2);
void swsmmu_cd_s1(struct swsmmu_cd *cd, const struct swsmmu_cd_params *p);
void swsmmu_cd_clear(struct swsmmu_cd *cd);

void swsmmu_ste_get_used(const __le64 *ste, __le64 *used);
void swsmmu_cd_get_used(const __le64 *cd, __le64 *used);

/* Initialisers of struct swsmmu_entry_writer_ops for STEs and CDs */
#define SWSMMU_STE_WRITER_OPS(sync_fn) {			\
	.num_qwords = STRTAB_STE_DWORDS,			\
	.valid = STRTAB_STE_0_V,				\
	.get_used = swsmmu_ste_get_used,			\
	.sync = (sync_fn),					\
}

#define SWSMMU_CD_WRITER_OPS(sync_fn) {				\
	.num_qwords = CTXDESC_CD_DWORDS,			\
	.valid = CTXDESC_CD_0_V,				\
	.get_used = swsmmu_cd_get_used,				\
	.sync = (sync_fn),					\
}

void swsmmu_entry_write(struct swsmmu_entry_writer *w, __le64 *entry,
			const __le64 *target);

#endif /* _SWSMMU_ENTRY_H */
