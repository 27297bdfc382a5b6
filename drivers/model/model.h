/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the software SMMU.  Nothing outside drivers/model/ (and the
 * KUnit tests of the model) includes this file: the driver half sees only
 * <swsmmu/hw.h> and the architectural layouts in <swsmmu/arch.h>.
 */
#ifndef _SWSMMU_MODEL_H
#define _SWSMMU_MODEL_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>

/**
 * struct hw_queue - the model's view of one in-memory queue
 * @base: *Q_BASE register value
 * @prod: *Q_PROD register value
 * @cons: *Q_CONS register value
 * @ent_shift: log2 of the entry size in bytes
 */
struct hw_queue {
	u64 base;
	u32 prod;
	u32 cons;
	u8 ent_shift;
};

/**
 * struct swsmmu_hw - one software SMMUv3 instance
 * @name: instance name, for messages
 * @feat: the features it was built with; the IDRs are derived from these
 * @idr: ID registers IDR0-IDR5
 * @irq_lock: serialises the handler against swsmmu_hw_free_irq()
 * @irq: interrupt handler installed by the driver, under @irq_lock
 * @irq_priv: cookie for @irq, under @irq_lock
 * @irq_work: runs @irq in process context
 * @irq_pending: SWSMMU_IRQ_* lines raised and not yet delivered
 * @reg_lock: serialises register writes and their side effects
 * @cr0: CR0 as written; @cr0 is acknowledged in CR0ACK immediately
 * @cr1: CR1
 * @cr2: CR2
 * @gbpa: GBPA
 * @irq_ctrl: IRQ_CTRL, acknowledged in IRQ_CTRLACK immediately
 * @gerror: GERROR (read-only to software, toggled by the model)
 * @gerrorn: GERRORN (written by software to acknowledge)
 * @gerror_irq_cfg: GERROR_IRQ_CFG0/1/2
 * @strtab_base: STRTAB_BASE
 * @strtab_base_cfg: STRTAB_BASE_CFG
 * @cmdq: command queue registers
 * @evtq: event queue registers
 * @priq: PRI queue registers
 * @evtq_irq_cfg: EVTQ_IRQ_CFG0/1/2
 * @priq_irq_cfg: PRIQ_IRQ_CFG0/1/2
 */
struct swsmmu_hw {
	const char *name;
	struct swsmmu_hw_features feat;
	u32 idr[6];

	struct mutex irq_lock;
	swsmmu_hw_irq_fn irq;
	void *irq_priv;
	struct work_struct irq_work;
	unsigned long irq_pending;

	/* Protects every register field below. */
	spinlock_t reg_lock;
	u32 cr0;
	u32 cr1;
	u32 cr2;
	u32 gbpa;
	u32 irq_ctrl;
	u32 gerror;
	u32 gerrorn;
	u64 gerror_irq_cfg0;
	u32 gerror_irq_cfg1;
	u32 gerror_irq_cfg2;
	u64 strtab_base;
	u32 strtab_base_cfg;
	struct hw_queue cmdq;
	struct hw_queue evtq;
	struct hw_queue priq;
	u64 evtq_irq_cfg0;
	u32 evtq_irq_cfg1;
	u32 evtq_irq_cfg2;
	u64 priq_irq_cfg0;
	u32 priq_irq_cfg1;
	u32 priq_irq_cfg2;
};

void hw_raise_irq(struct swsmmu_hw *hw, unsigned int lines);

/* ---------------------------------------------------------------------- */
/* Decoded configuration, shared by the config decoder and the walker     */
/* ---------------------------------------------------------------------- */

/**
 * struct hw_s2_cfg - a decoded stage-2 translation regime (from an STE)
 * @ttb: S2TTB, the base of the (possibly concatenated) starting table
 * @vmid: S2VMID (upper byte zero without VMID16)
 * @t0sz: S2T0SZ; the IPA space is 2^(64 - @t0sz) bytes
 * @sl0: S2SL0 as encoded in the STE
 * @tg_shift: log2 of the granule: 12, 14 or 16 (from S2TG)
 * @start_level: starting lookup level derived from @sl0 and @tg_shift
 * @ps_bits: output address size in bits (from S2PS, capped by IDR5.OAS)
 * @affd: S2AFFD, Access flag faults disabled
 * @record: S2R, record faults from this stage
 * @stall: S2S, stall faults from this stage
 * @ptw: S2PTW, stage 1 table walks to Device memory fault (we never fault,
 *       all memory is Normal, but the bit is kept for debugfs)
 */
struct hw_s2_cfg {
	u64 ttb;
	u16 vmid;
	u8 t0sz;
	u8 sl0;
	u8 tg_shift;
	u8 start_level;
	u8 ps_bits;
	bool affd;
	bool record;
	bool stall;
	bool ptw;
};

/**
 * struct hw_s1_cfg - a decoded stage-1 translation regime (from a CD)
 * @ttb: TTB0 and TTB1 (IPAs when stage 2 is nested under this stage)
 * @tsz: T0SZ and T1SZ
 * @tg_shift: log2 of the granule for TTB0 and TTB1: 12, 14 or 16
 * @epd: EPD0 and EPD1, walks through TTBx disabled
 * @ips_bits: intermediate/output address size in bits (from IPS, capped
 *            by IDR5.OAS)
 * @asid: ASID (upper byte zero without ASID16)
 * @affd: AFFD, Access flag faults disabled
 * @ha: HA, hardware Access flag update (only with IDR0.HTTU)
 * @record: R, record faults
 * @stall: S, stall faults
 * @abort: A, terminated transactions abort (else RAZ/WI)
 * @wxn: WXN, writable implies privileged execute-never
 * @uwxn: UWXN, unprivileged-writable implies privileged execute-never
 * @pan: PAN, privileged accesses to unprivileged-accessible pages fault
 * @tbi: TBI0 and TBI1, top byte ignored
 */
struct hw_s1_cfg {
	u64 ttb[2];
	u8 tsz[2];
	u8 tg_shift[2];
	bool epd[2];
	u8 ips_bits;
	u16 asid;
	bool affd;
	bool ha;
	bool record;
	bool stall;
	bool abort;
	bool wxn;
	bool uwxn;
	bool pan;
	bool tbi[2];
};

/* Access attributes the walker checks, a subset of SWSMMU_TXN_* */
#define HW_ACC_WRITE	SWSMMU_TXN_WRITE
#define HW_ACC_EXEC	SWSMMU_TXN_EXEC
#define HW_ACC_PRIV	SWSMMU_TXN_PRIV

/*
 * Permissions a leaf grants, split by privilege so that a cached
 * translation can be checked against any later access without a walk.
 */
#define HW_PERM_R_PRIV		BIT(0)
#define HW_PERM_W_PRIV		BIT(1)
#define HW_PERM_X_PRIV		BIT(2)
#define HW_PERM_R_UNPRIV	BIT(3)
#define HW_PERM_W_UNPRIV	BIT(4)
#define HW_PERM_X_UNPRIV	BIT(5)
#define HW_PERM_ALL		GENMASK(5, 0)

/**
 * struct hw_fault - a fault found while decoding configuration or walking
 * @id: EVT_ID_* of the event it raises (0: no fault)
 * @s2: found by stage 2 (EVTQ_1_S2)
 * @class: EVTQ_1_CLASS_* of the access that faulted at stage 2: CD (a CD
 *         or CD table fetch), TT (a stage-1 table walk) or IN (the input
 *         address's own IPA)
 * @ipa: for a stage-2 fault, the IPA that faulted (EVTQ_3_IPA)
 * @fetch_addr: for F_STE_FETCH, F_CD_FETCH and F_WALK_EABT, the address of
 *              the structure that could not be read (EVTQ_3_FETCH_ADDR)
 */
struct hw_fault {
	u8 id;
	bool s2;
	u8 class;
	u64 ipa;
	u64 fetch_addr;
};

/**
 * struct hw_walk - result of a successful table walk (one or both stages)
 * @oa: output address of the translated input address
 * @block_shift: log2 of the size of the leaf (page or block) that mapped
 *               it; for two stages, the smaller of the two
 * @perm_s1: HW_PERM_* granted by stage 1 (HW_PERM_ALL without stage 1)
 * @perm_s2: HW_PERM_* granted by stage 2 (HW_PERM_ALL without stage 2)
 *
 * Permissions are kept per stage so that a permission fault found later
 * (for example on a TLB hit) is reported against the right stage.
 */
struct hw_walk {
	u64 oa;
	u8 block_shift;
	u8 perm_s1;
	u8 perm_s2;
};

/**
 * struct hw_ste - a decoded, validated Stream Table Entry
 * @config: STRTAB_STE_0_CFG_*
 * @s1fmt: S1Fmt
 * @s1ctxptr: S1ContextPtr (an IPA when stage 2 is enabled)
 * @s1cdmax: S1CDMax: log2 of the number of CDs (0: one CD, no substreams)
 * @s1dss: S1DSS
 * @s1stalld: S1STALLD, stage-1 stalls disabled
 * @strw: StreamWorld
 * @privcfg: PRIVCFG override
 * @instcfg: INSTCFG override
 * @s2: stage-2 regime, when @config enables stage 2
 */
struct hw_ste {
	u8 config;
	u8 s1fmt;
	u64 s1ctxptr;
	u8 s1cdmax;
	u8 s1dss;
	bool s1stalld;
	u8 strw;
	u8 privcfg;
	u8 instcfg;
	struct hw_s2_cfg s2;
};

/*
 * Translation core.  Each returns 0 on success or the EVT_ID_* of the fault
 * (also stored in @f->id).  Table walks: drivers/model/walk.c; STE and CD
 * fetch and decode: drivers/model/config.c.
 */
int hw_walk_s1(struct swsmmu_hw *hw, const struct hw_s1_cfg *s1,
	       const struct hw_s2_cfg *s2, u64 va, unsigned int acc,
	       struct hw_walk *w, struct hw_fault *f);
int hw_walk_s2(struct swsmmu_hw *hw, const struct hw_s2_cfg *s2, u64 ipa,
	       unsigned int acc, u8 class, struct hw_walk *w,
	       struct hw_fault *f);
int hw_check_perm(const struct hw_walk *w, unsigned int acc,
		  struct hw_fault *f);
int hw_fetch_ste(struct swsmmu_hw *hw, u32 sid, struct hw_ste *ste,
		 struct hw_fault *f);
int hw_fetch_cd(struct swsmmu_hw *hw, const struct hw_ste *ste, u32 ssid,
		struct hw_s1_cfg *cd, struct hw_fault *f);

int hw_read_desc(struct swsmmu_hw *hw, u64 pa, u64 *val);

#endif /* _SWSMMU_MODEL_H */
