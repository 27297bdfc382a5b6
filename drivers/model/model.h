/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the software SMMU.  Nothing outside drivers/model/ (and the
 * KUnit tests of the model) includes this file: the driver half sees only
 * <swsmmu/hw.h> and the architectural layouts in <swsmmu/arch.h>.
 */
#ifndef _SWSMMU_MODEL_H
#define _SWSMMU_MODEL_H

#include <linux/bitfield.h>
#include <linux/cache.h>
#include <linux/fault-inject.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>

/**
 * struct hw_queue - the model's view of one in-memory queue
 * @base: *Q_BASE register value
 * @prod: *Q_PROD register value
 * @cons: *Q_CONS register value
 * @wprod: output queues: where the model writes its next record (index,
 *         wrap and OVFLG); @prod publishes it, at once or, with an event
 *         latency, later (async.c)
 * @ent_shift: log2 of the entry size in bytes
 */
struct hw_queue {
	u64 base;
	u32 prod;
	u32 cons;
	u32 wprod;
	u8 ent_shift;
};

/* ---------------------------------------------------------------------- */
/* Invalidation commands (cmdq.c), as tlb.c and cfgcache.c receive them   */
/* ---------------------------------------------------------------------- */

/* Scope of a configuration invalidation (struct hw_cfgi.op) */
enum hw_cfgi_op {
	HW_CFGI_STE,		/* CMD_CFGI_STE */
	HW_CFGI_STE_RANGE,	/* CMD_CFGI_STE_RANGE, Range < 31 */
	HW_CFGI_ALL,		/* CMD_CFGI_STE_RANGE, Range == 31 */
	HW_CFGI_CD,		/* CMD_CFGI_CD */
	HW_CFGI_CD_ALL,		/* CMD_CFGI_CD_ALL */
};

/**
 * struct hw_cfgi - a decoded configuration invalidation command
 * @op: HW_CFGI_*
 * @leaf: Leaf (CFGI_STE, CFGI_CD): intermediate L1 descriptors need not be
 *        invalidated
 * @sid: first StreamID (the only one for STE, CD and CD_ALL; aligned down
 *       to the range for STE_RANGE; 0 for ALL)
 * @nr_sids: number of StreamIDs from @sid: 1, 2^(Range + 1), or 2^32
 * @ssid: SubstreamID (CD table index) for HW_CFGI_CD
 */
struct hw_cfgi {
	u8 op;
	bool leaf;
	u32 sid;
	u64 nr_sids;
	u32 ssid;
};

/* Scope of a TLB invalidation (struct hw_tlbi.op) */
enum hw_tlbi_op {
	HW_TLBI_NH_ALL,		/* stage 1 EL1, all ASIDs, by VMID */
	HW_TLBI_NH_ASID,	/* stage 1 EL1, non-global, by ASID and VMID */
	HW_TLBI_NH_VA,		/* stage 1 EL1, by VA, ASID (and global) and VMID */
	HW_TLBI_NH_VAA,		/* stage 1 EL1, by VA, all ASIDs, by VMID */
	HW_TLBI_S12_VMALL,	/* all stages, by VMID */
	HW_TLBI_S2_IPA,		/* stage 2, by IPA and VMID */
	HW_TLBI_NSNH_ALL,	/* everything (Non-secure, non-EL2) */
};

/**
 * struct hw_tlbi - a decoded TLB invalidation command
 * @op: HW_TLBI_*
 * @leaf: Leaf: only last-level entries need be invalidated
 * @asid: ASID (NH_ASID, NH_VA)
 * @vmid: VMID (0 for NSNH_ALL, and for NH_* without stage 2, where the
 *        field is RES0 and not matched)
 * @addr: VA (NH_VA, NH_VAA; bits [63:12]) or IPA (S2_IPA; bits [51:12])
 * @tg: TG: 0 (any granule, no range, no level hint) or CMDQ_TLBI_TG_*
 * @ttl: TTL level hint (0: none), meaningful with @tg
 * @num: NUM of a range invalidation, meaningful with @tg
 * @scale: SCALE of a range invalidation, meaningful with @tg
 * @tg_shift: log2 of the granule named by @tg (0 without @tg)
 * @size: with @tg, the bytes covered from @addr:
 *        (@num + 1) << (@scale + @tg_shift); 0 without @tg (one address,
 *        whatever the size of the entry that maps it)
 */
struct hw_tlbi {
	u8 op;
	bool leaf;
	u16 asid;
	u16 vmid;
	u64 addr;
	u8 tg;
	u8 ttl;
	u8 num;
	u8 scale;
	u8 tg_shift;
	u64 size;
};

/**
 * struct hw_cache_trace - what the invalidation commands last passed to the
 *                         caches (KUnit builds only, for tests)
 * @nr_cfg: number of CMD_CFGI_* executed
 * @nr_tlb: number of CMD_TLBI_* executed
 * @nr_sync: number of hw_sync_inflight() calls
 * @cfg: the last CMD_CFGI_*, decoded
 * @tlb: the last CMD_TLBI_*, decoded
 */
struct hw_cache_trace {
	unsigned int nr_cfg;
	unsigned int nr_tlb;
	unsigned int nr_sync;
	struct hw_cfgi cfg;
	struct hw_tlbi tlb;
};

/*
 * Faults an instance can be told to inject, each through its own fault
 * attribute (debugfs fault/<name>, Documentation/faults.rst): the bus
 * aborts of the architecture (a fetch or a write that external-aborts) and
 * two commands that the SMMU consumes without effect.
 */
enum hw_inject {
	HW_INJ_STE_FETCH,	/* STE or L1STD fetch aborts: F_STE_FETCH */
	HW_INJ_CD_FETCH,	/* CD or L1CD fetch aborts: F_CD_FETCH */
	HW_INJ_WALK_FETCH,	/* table descriptor fetch aborts: F_WALK_EABT */
	HW_INJ_CMD_FETCH,	/* command fetch aborts: CERROR_ABT */
	HW_INJ_EVTQ_WRITE,	/* event record write aborts: EVTQ_ABT_ERR */
	HW_INJ_PRIQ_WRITE,	/* PRI record write aborts: PRIQ_ABT_ERR */
	HW_INJ_MSI_WRITE,	/* CMD_SYNC MSI write aborts: MSI_CMDQ_ABT_ERR */
	HW_INJ_PRI_RESP_LOST,	/* CMD_PRI_RESP reaches no device */
	HW_INJ_RESUME_LOST,	/* CMD_RESUME resumes nothing */
	HW_INJ_NR,
};

/* How long a stalled transaction waits for its answer before it gives up */
#define HW_STALL_TIMEOUT	(10 * HZ)

/* Side effects of a register write, acted on after reg_lock (regs.c) */
#define HW_QEV_CMDQ		BIT(0)	/* commands may be consumable */
#define HW_QEV_EVTQ		BIT(1)	/* the event queue may be writable */
#define HW_QEV_SMMU_OFF		BIT(2)	/* SMMUEN 1->0: abort all stalls */
#define HW_QEV_CMDQ_OFF		BIT(3)	/* CMDQEN 1->0: wait for the consumer */

/* Room for an instance's name: "swsmmu.N", and the KUnit suites' names */
#define HW_NAME_LEN		24

/**
 * struct swsmmu_hw - one software SMMUv3 instance
 * @name: instance name, for messages and trace events
 * @feat: the features it was built with; the IDRs are derived from these
 * @idr: ID registers IDR0-IDR5
 * @aidr: AIDR
 * @irq_lock: serialises the handler against swsmmu_hw_free_irq()
 * @irq: interrupt handler installed by the driver, under @irq_lock
 * @irq_priv: cookie for @irq, under @irq_lock
 * @san: the DMA sanitizer (not architectural), read under RCU, changed
 *       under @irq_lock (swsmmu_hw_set_sanitizer())
 * @irq_work: runs @irq in process context
 * @irq_pending: SWSMMU_IRQ_* lines raised and not yet delivered
 * @reg_lock: serialises register writes and their side effects
 * @cr0: CR0 as written; @cr0 is acknowledged in CR0ACK immediately
 * @cr1: CR1
 * @cr2: CR2 (written under @reg_lock with WRITE_ONCE; transactions read
 *       RECINVSID without the lock)
 * @gbpa: GBPA
 * @irq_ctrl: IRQ_CTRL, acknowledged in IRQ_CTRLACK immediately
 * @gerror: GERROR (read-only to software, toggled by the model)
 * @gerrorn: GERRORN (written by software to acknowledge)
 * @gerror_irq_cfg0: GERROR_IRQ_CFG0
 * @gerror_irq_cfg1: GERROR_IRQ_CFG1
 * @gerror_irq_cfg2: GERROR_IRQ_CFG2
 * @strtab_base: STRTAB_BASE
 * @strtab_base_cfg: STRTAB_BASE_CFG
 * @cmdq: command queue registers
 * @evtq: event queue registers
 * @priq: PRI queue registers
 * @evtq_irq_cfg0: EVTQ_IRQ_CFG0
 * @evtq_irq_cfg1: EVTQ_IRQ_CFG1
 * @evtq_irq_cfg2: EVTQ_IRQ_CFG2
 * @priq_irq_cfg0: PRIQ_IRQ_CFG0
 * @priq_irq_cfg1: PRIQ_IRQ_CFG1
 * @priq_irq_cfg2: PRIQ_IRQ_CFG2
 * @cmdq_lock: serialises command consumption (cmdq.c)
 * @stall_lock: protects @stalls, @nr_stalls and @next_stag
 * @stalls: outstanding stalled transactions (struct swsmmu_hw_stall, stall.c)
 * @nr_stalls: number of entries on @stalls, at most IDR5.STALL_MAX
 * @next_stag: next STAG to try
 * @stall_wq: stalled transactions waiting for a stall slot or for room in
 *            the event queue
 * @pri_lock: protects @prgs
 * @prgs: Page Request Groups awaiting or holding a response (pri.c)
 * @pri_wq: swsmmu_hw_pri_wait() callers
 * @ktrace: invalidations executed, under @cmdq_lock
 * @dbg: debugfs files, event log and counters (debugfs.c); set when the
 *       instance is created, freed when it is destroyed, NULL if that
 *       allocation failed
 * @tlb: the IOTLB (tlb.c), NULL when disabled
 * @cfgc: the configuration cache (cfgcache.c), NULL when disabled
 * @tlb_seq: TLBI commands executed, written under the IOTLB's lock
 * @cfg_seq: CFGI commands executed, written under the cache's lock
 * @inflight: per-CPU mark, odd while a transaction piece runs (sync.c)
 * @stats: per-CPU event counters (struct hw_stats)
 * @inject: fault attributes, indexed by HW_INJ_* (empty without
 *          CONFIG_FAULT_INJECTION)
 * @stall_timeout: jiffies a stalled transaction waits for CMD_RESUME
 *                 before the device terminates it (HW_STALL_TIMEOUT)
 * @strict: HW_STRICT_* freedoms and checks in force (strict.c), from the
 *          module parameter strict= at creation
 * @slog: strict-mode reports (strict.c), NULL if that allocation failed
 * @async: the asynchronous context and its latencies (async.c); NULL for a
 *         synchronous instance
 * @atc_eps: endpoints with an ATC, by StreamID (struct swsmmu_hw_atc_ops,
 *           ats.c); read under @cmdq_lock by CMD_ATC_INV
 */
struct swsmmu_hw {
	char name[HW_NAME_LEN];
	struct swsmmu_hw_features feat;
	u32 idr[6];
	u32 aidr;

	/* Protects @irq, @irq_priv and changes of @san; held while the handler runs */
	struct mutex irq_lock;
	swsmmu_hw_irq_fn irq;
	void *irq_priv;
	struct work_struct irq_work;
	unsigned long irq_pending;

	/* The DMA sanitizer watching accesses (not architectural), or NULL */
	const struct swsmmu_hw_sanitizer __rcu *san;

	/*
	 * Protects every register field below.  Registers are accessed from
	 * any context (drivers poke them with interrupts off, from softirq
	 * flush-queue timers, from interrupt handlers), so every model lock
	 * is taken with interrupts disabled.
	 */
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

	/*
	 * Queues (cmdq.c, evtq.c, pri.c, stall.c).  Lock order:
	 *   cmdq_lock -> reg_lock, cmdq_lock -> stall_lock,
	 *   cmdq_lock -> pri_lock, reg_lock -> pri_lock.
	 * reg_lock is never held when cmdq_lock or stall_lock is taken, and
	 * commands never execute under reg_lock.  All four are spinlocks:
	 * command execution never sleeps (drivers write CMDQ_PROD in atomic
	 * context).  A stalled transaction sleeps with none of them held.
	 */
	spinlock_t cmdq_lock;
	/* stall_lock protects stalls, nr_stalls and next_stag */
	spinlock_t stall_lock;
	struct list_head stalls;
	unsigned int nr_stalls;
	u16 next_stag;
	wait_queue_head_t stall_wq;
	/* pri_lock protects prgs */
	spinlock_t pri_lock;
	struct list_head prgs;
	wait_queue_head_t pri_wq;
#if IS_ENABLED(CONFIG_KUNIT)
	struct hw_cache_trace ktrace;
#endif
	struct hw_debug *dbg;

	/* Caches (tlb.c, cfgcache.c, sync.c): locking rules in those files */
	struct hw_tlb *tlb;
	struct hw_cfgcache *cfgc;
	unsigned long tlb_seq;
	unsigned long cfg_seq;
	unsigned long __percpu *inflight;
	struct hw_stats __percpu *stats;
	struct fault_attr inject[HW_INJ_NR];
	unsigned long stall_timeout;
	u32 strict;
	struct hw_strict_log *slog;
	struct hw_async *async;
	struct xarray atc_eps;
};

void hw_raise_irq(struct swsmmu_hw *hw, unsigned int lines);

/**
 * hw_inject() - should this access fail now?
 * @hw: the instance
 * @which: HW_INJ_*
 *
 * An attribute fires only once armed through its own files (probability
 * above 0): checking that first keeps a fail-nth sweep of the driver's
 * allocations (which counts every should_fail() of its task) out of the
 * model, and costs an unarmed site one load.
 *
 * Return: true if the access must fail.  Any context.
 */
static inline bool hw_inject(struct swsmmu_hw *hw, enum hw_inject which)
{
#ifdef CONFIG_FAULT_INJECTION
	struct fault_attr *attr = &hw->inject[which];

	return READ_ONCE(attr->probability) && should_fail(attr, 1);
#else
	return false;
#endif
}

void hw_inject_init(struct swsmmu_hw *hw);
void hw_inject_debugfs(struct swsmmu_hw *hw, struct dentry *parent);

/* ---------------------------------------------------------------------- */
/* The register file, described once (regs.c; printed by debugfs.c)       */
/* ---------------------------------------------------------------------- */

/**
 * struct hw_reg_field - one field of a register
 * @name: architectural name
 * @mask: its bits
 * @addr: an address: shown in place (value & @mask), in hex
 */
struct hw_reg_field {
	const char *name;
	u64 mask;
	bool addr;
};

/* The queue whose size decodes a PROD or CONS value (struct hw_reg.q) */
enum hw_reg_q {
	HW_REG_Q_NONE,
	HW_REG_Q_CMDQ,
	HW_REG_Q_EVTQ,
	HW_REG_Q_PRIQ,
};

/* struct hw_reg.store of a register that reads as zero */
#define HW_REG_RAZ		U32_MAX

/**
 * struct hw_reg - one register of the register file
 * @name: architectural name, without SMMU_
 * @offset: SMMU_* offset from the base of page 0 (a page-1 register is at
 *          0x10000 plus its offset in page 1)
 * @is64: a 64-bit register (accessed only with the 64-bit accessors)
 * @q: HW_REG_Q_* for a PROD or CONS register
 * @store: offset of its value in struct swsmmu_hw (u32, or u64 with
 *         @is64), or HW_REG_RAZ
 * @wmask: the bits a write stores; 0 for a read-only register
 * @wen: CR0 bits that must be clear for a write to take effect
 * @wev: HW_QEV_* side effects of a write that took effect
 * @fields: its fields, for debugfs, terminated by an empty entry; or NULL
 */
struct hw_reg {
	const char *name;
	u32 offset;
	bool is64;
	u8 q;
	u32 store;
	u64 wmask;
	u32 wen;
	u8 wev;
	const struct hw_reg_field *fields;
};

/* xlate.c: on while an instance has a DMA sanitizer */
DECLARE_STATIC_KEY_FALSE(swsmmu_hw_san_key);

extern const struct hw_reg swsmmu_hw_regs[];
extern const unsigned int swsmmu_hw_nr_regs;
const struct hw_reg *swsmmu_hw_reg_find(u32 offset, bool is64);

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
 * @ha: S2HA, hardware update of the Access flag at stage 2 (only with
 *      IDR0.HTTU; the STE is ILLEGAL otherwise)
 * @hd: S2HD and S2HA, hardware update of the dirty state at stage 2 (only
 *      with IDR0.HTTU == 2; S2HD without S2HA updates nothing)
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
	bool ha;
	bool hd;
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
 * @hd: HD and HA, hardware dirty state update (only with IDR0.HTTU == 2)
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
	bool hd;
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

/*
 * Whether permissions @perm (HW_PERM_*) allow an access @acc (HW_ACC_*):
 * an instruction fetch needs X, a data write W, a data read R
 */
static inline bool hw_perm_ok(u8 perm, unsigned int acc)
{
	bool priv = acc & HW_ACC_PRIV;

	if (acc & HW_ACC_EXEC)
		return perm & (priv ? HW_PERM_X_PRIV : HW_PERM_X_UNPRIV);
	if (acc & HW_ACC_WRITE)
		return perm & (priv ? HW_PERM_W_PRIV : HW_PERM_W_UNPRIV);
	return perm & (priv ? HW_PERM_R_PRIV : HW_PERM_R_UNPRIV);
}

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
 * @tt_write: a stage-2 permission fault of a stage-1 descriptor write (the
 *            Access flag update), not a read: F_PERMISSION TTRnW 0
 */
struct hw_fault {
	u8 id;
	bool s2;
	u8 class;
	u64 ipa;
	u64 fetch_addr;
	bool tt_write;
};

/**
 * struct hw_walk - result of a successful table walk (one or both stages)
 * @oa: output address of the translated input address
 * @ipa: intermediate physical address: the stage-2 input (with stage 1,
 *       its output); equal to @oa when stage 2 does not translate.  A
 *       stage-2 permission fault reports it (EVTQ_3_IPA).
 * @block_shift: log2 of the size of the leaf (page or block) that mapped
 *               it; for two stages, the smaller of the two
 * @perm_s1: HW_PERM_* granted by stage 1 (HW_PERM_ALL without stage 1)
 * @perm_s2: HW_PERM_* granted by stage 2 (HW_PERM_ALL without stage 2)
 * @ng: the stage-1 leaf has nG set: the translation belongs to the ASID
 *      (clear for a global stage-1 leaf, and for stage 2 alone)
 *
 * Permissions are kept per stage so that a permission fault found later
 * (for example on a TLB hit) is reported against the right stage.
 */
struct hw_walk {
	u64 oa;
	u64 ipa;
	u8 block_shift;
	u8 perm_s1;
	u8 perm_s2;
	bool ng;
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
 * @eats: EATS, 0b00 (ATS off) or 0b01 (Full ATS); 0 without IDR0.ATS and
 *        for bypass, where the effective value is 0b00 (ats.c)
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
	u8 eats;
	struct hw_s2_cfg s2;
};

/* What a step of a struct hw_trace read (struct hw_trace_step.kind) */
enum hw_trace_kind {
	HW_TRACE_L1STD,		/* a level-1 Stream table descriptor */
	HW_TRACE_L1CD,		/* a level-1 CD table descriptor */
	HW_TRACE_S2,		/* the stage-2 translation of a CD-table IPA */
};

/**
 * struct hw_trace_step - one step of an STE or CD lookup
 * @kind: HW_TRACE_*
 * @ok: the descriptor could be read, or the IPA translated
 * @index: the descriptor's index in its table (L1STD, L1CD)
 * @addr: where the descriptor was read; the IPA for HW_TRACE_S2
 * @val: the descriptor; the PA for HW_TRACE_S2
 */
struct hw_trace_step {
	u8 kind;
	bool ok;
	u32 index;
	u64 addr;
	u64 val;
};

#define HW_TRACE_STEPS	4

/**
 * struct hw_trace - how swsmmu_hw_fetch_ste() or swsmmu_hw_fetch_cd() got to its answer,
 *                   for debugfs
 * @st_base: Stream table base (STE lookups)
 * @st_log2size: STRTAB_BASE_CFG.LOG2SIZE
 * @st_split: SPLIT of a 2-level Stream table as used; 0 when linear
 * @nr: steps recorded in @step
 * @step: the descriptors read and addresses translated, in order
 * @reached: the lookup reached the structure: @addr is valid
 * @addr: the PA of the STE or CD
 * @reason: the rule that rejected the configuration, or NULL
 */
struct hw_trace {
	u64 st_base;
	u8 st_log2size;
	u8 st_split;
	unsigned int nr;
	struct hw_trace_step step[HW_TRACE_STEPS];
	bool reached;
	u64 addr;
	const char *reason;
};

/*
 * Translation core.  Each returns EVT_ID_NONE (0) or the EVT_ID_* of the fault
 * (also stored in @f->id).  Table walks: drivers/model/walk.c; STE and CD
 * fetch and decode: drivers/model/config.c.
 */
enum evt_id swsmmu_hw_walk_s1(struct swsmmu_hw *hw, const struct hw_s1_cfg *s1,
			      const struct hw_s2_cfg *s2, u64 va, unsigned int acc,
		       struct hw_walk *w, struct hw_fault *f);
enum evt_id swsmmu_hw_walk_s2(struct swsmmu_hw *hw, const struct hw_s2_cfg *s2,
			      u64 ipa, u8 class, struct hw_walk *w, struct hw_fault *f);
enum evt_id swsmmu_hw_walk_s2_acc(struct swsmmu_hw *hw,
				  const struct hw_s2_cfg *s2, u64 ipa,
				  unsigned int acc, struct hw_walk *w,
				  struct hw_fault *f);
enum evt_id swsmmu_hw_check_perm(const struct hw_walk *w, unsigned int acc,
				 struct hw_fault *f);
enum evt_id swsmmu_hw_fetch_ste(struct swsmmu_hw *hw, u32 sid, struct hw_ste *ste,
				struct hw_fault *f, struct hw_trace *t);
enum evt_id swsmmu_hw_fetch_cd(struct swsmmu_hw *hw, const struct hw_ste *ste,
			       u32 ssid, struct hw_s1_cfg *cd, struct hw_fault *f,
			struct hw_trace *t);

enum evt_id hw_fetch_cd_sid(struct swsmmu_hw *hw, const struct hw_ste *ste,
			    u32 sid, u32 ssid, struct hw_s1_cfg *cd,
			    struct hw_fault *f, struct hw_trace *t);

int hw_read_desc(u64 pa, u64 *val);
int hw_mem_copy(u64 pa, void *buf, size_t len, bool write);

/* ---------------------------------------------------------------------- */
/* Queues: commands (cmdq.c), events (evtq.c), PRI (pri.c), stall.c      */
/* ---------------------------------------------------------------------- */

/* Effective log2 of the number of entries: LOG2SIZE capped by IDR1 */
/* IDR0.HTTU == 2: the Access flag and the dirty state are managed */
static inline bool hw_httu_dirty(const struct swsmmu_hw *hw)
{
	return hw->feat.httu_access && hw->feat.httu_dirty;
}

static inline unsigned int hw_q_log2(const struct hw_queue *q, unsigned int max)
{
	return min_t(unsigned int, FIELD_GET(Q_BASE_LOG2SIZE, q->base), max);
}

static inline u32 hw_q_mask(unsigned int l)
{
	return GENMASK(l, 0);	/* index and wrap bit */
}

static inline bool hw_q_empty(u32 prod, u32 cons, unsigned int l)
{
	return !((prod ^ cons) & hw_q_mask(l));
}

static inline bool hw_q_full(u32 prod, u32 cons, unsigned int l)
{
	return ((prod ^ cons) & hw_q_mask(l)) == BIT(l);
}

static inline u32 hw_q_inc(u32 v, unsigned int l)
{
	return ((v & hw_q_mask(l)) + 1) & hw_q_mask(l);
}

/*
 * Address of entry @idx.  The base is aligned to the larger of the queue
 * size and 32 bytes; lower bits of Q_BASE.ADDR are ignored.
 */
static inline u64 hw_q_slot(const struct hw_queue *q, unsigned int l, u32 idx)
{
	u64 size = max_t(u64, BIT_ULL(l + q->ent_shift), 32);
	u64 base = (q->base & Q_BASE_ADDR) & ~(size - 1);

	return base + ((u64)(idx & (BIT(l) - 1)) << q->ent_shift);
}

static inline bool hw_gerror_active(struct swsmmu_hw *hw, u32 err)
{
	return (hw->gerror ^ hw->gerrorn) & err;
}

int hw_write_desc(u64 pa, u64 val);
int hw_write32_pa(u64 pa, u32 val);
void hw_gerror_raise(struct swsmmu_hw *hw, u32 err);

void hw_cmdq_consume(struct swsmmu_hw *hw);
u64 hw_cmdq_advance(struct swsmmu_hw *hw, u64 now, bool lend);
void hw_cmdq_quiesce(struct swsmmu_hw *hw);
void hw_outq_publish(struct swsmmu_hw *hw, struct hw_queue *q, bool records);
void hw_outq_flush(struct swsmmu_hw *hw, struct hw_queue *q);

/* The asynchronous context (async.c) */
struct task_struct;

/**
 * struct hw_async_cmd - the batch of commands an asynchronous instance has
 *                       scheduled
 * @sched: a batch is scheduled
 * @due: when it is due (ktime_get_ns())
 * @stop: the CMDQ_PROD that ends it
 */
struct hw_async_cmd {
	bool sched;
	u64 due;
	u32 stop;
};

/**
 * struct hw_async_pub - a scheduled publication of an output queue
 * @sched: a publication is due
 * @due: when (ktime_get_ns())
 * @target: the PROD it publishes (index, wrap and OVFLG)
 */
struct hw_async_pub {
	bool sched;
	u64 due;
	u32 target;
};

/**
 * struct hw_async - an instance's asynchronous context
 * @task: the kthread
 * @lat: the latencies
 * @kicked: work may have arrived since the context last looked
 * @cmd: the batch of commands due (under cmdq_lock)
 * @pub: scheduled publications of the event [0] and PRI [1] queues (under
 *       reg_lock)
 */
struct hw_async {
	struct task_struct *task;
	struct swsmmu_hw_latency lat;
	bool kicked;
	struct hw_async_cmd cmd;
	struct hw_async_pub pub[2];
};

struct hw_async_cmd *hw_async_cmd(struct swsmmu_hw *hw);
void hw_async_kick(struct swsmmu_hw *hw);
void hw_async_lend(struct swsmmu_hw *hw);
void hw_async_destroy(struct swsmmu_hw *hw);
u64 hw_async_cmd_latency(struct swsmmu_hw *hw);
int hw_outq_write(struct swsmmu_hw *hw, struct hw_queue *q,
		  unsigned int max_log2, u32 abt_err, const u64 *rec,
		  unsigned int dwords, bool can_overflow);
int hw_evtq_write(struct swsmmu_hw *hw, const u64 *evt, bool stall);
bool swsmmu_hw_evtq_push(struct swsmmu_hw *hw, const u64 evt[4]);

/* ATS (ats.c; the translation path's side in xlate.c) */
struct hw_piece;
int hw_xlate_piece(struct swsmmu_hw *hw, const struct hw_piece *p,
		   const struct swsmmu_txn *txn, u64 iova,
		   struct swsmmu_xlate *out);
void hw_ats_init(struct swsmmu_hw *hw);
void hw_ats_destroy(struct swsmmu_hw *hw);
int hw_cmd_atc_inv(struct swsmmu_hw *hw, const u64 *cmd);

void hw_pri_init(struct swsmmu_hw *hw);
void hw_pri_destroy(struct swsmmu_hw *hw);
int hw_cmd_pri_resp(struct swsmmu_hw *hw, const u64 *cmd);
#if IS_ENABLED(CONFIG_KUNIT)	/* static otherwise (VISIBLE_IF_KUNIT) */
bool swsmmu_hw_priq_push(struct swsmmu_hw *hw, const u64 req[2]);
int swsmmu_hw_pri_wait(struct swsmmu_hw *hw, u32 sid, u32 ssid, bool ssv, u16 grpid,
		       unsigned long timeout);
#endif

void hw_stall_init(struct swsmmu_hw *hw);
int hw_cmd_stall(struct swsmmu_hw *hw, const u64 *cmd, u8 op);
void hw_stall_release_all(struct swsmmu_hw *hw, bool all, u32 sid, u8 resp);
int swsmmu_hw_stall(struct swsmmu_hw *hw, u64 evt[4]);

void hw_sync_inflight(struct swsmmu_hw *hw);

/* ---------------------------------------------------------------------- */
/* debugfs, event log and counters (drivers/model/debugfs.c)              */
/* ---------------------------------------------------------------------- */

void hw_debugfs_init(struct swsmmu_hw *hw);
void hw_debugfs_exit(struct swsmmu_hw *hw);
void swsmmu_hw_dbg_event(struct swsmmu_hw *hw, const u64 evt[4], int status);
void swsmmu_hw_dbg_cmd(struct swsmmu_hw *hw, int err);

/* ---------------------------------------------------------------------- */
/* Caches: IOTLB (tlb.c), configuration cache (cfgcache.c); transactions */
/* in flight and CMD_SYNC (sync.c); counters (stats.c)                    */
/* ---------------------------------------------------------------------- */

struct hw_tlb;
struct hw_cfgcache;
struct seq_file;

/* Event counters, per CPU (struct hw_stats) */
enum hw_stat {
	HW_STAT_TRANSLATIONS,		/* addresses translated */
	HW_STAT_TLB_HIT,
	HW_STAT_TLB_MISS,
	HW_STAT_WALKS,			/* table walks (TLB misses, no TLB) */
	HW_STAT_TLB_FILL,		/* entries installed */
	HW_STAT_TLB_EVICT,		/* entries replaced when full */
	HW_STAT_TLB_INV_ENTRIES,	/* entries removed by TLBI */
	HW_STAT_CFG_HIT,		/* STE or CD found in the cache */
	HW_STAT_CFG_MISS,		/* STE or CD fetched (cache enabled) */
	HW_STAT_CFG_INV_ENTRIES,	/* STEs and CDs removed by CFGI */
	HW_STAT_TLBI,			/* CMD_TLBI_* executed */
	HW_STAT_CFGI,			/* CMD_CFGI_* executed */
	HW_STAT_SYNC,			/* CMD_SYNC executed */
	HW_STAT_SYNC_WAITS,		/* pieces a CMD_SYNC waited for */
	HW_STAT_PAGE_REQUESTS,		/* PRI queue records written */
	HW_STAT_PRI_WAIT_SUCC,		/* PRGs answered Success */
	HW_STAT_PRI_WAIT_FAIL,		/* PRGs answered otherwise, or timed out */
	HW_STAT_STALLS,			/* stall event records written */
	HW_STAT_STALL_RETRY,		/* stalls resumed with a retry */
	HW_STAT_STALL_ABORT,		/* stalls terminated or aborted */
	HW_STAT_STALL_TIMEOUT,		/* stalls the device gave up on */
	HW_STAT_WALK_CACHE_HIT,		/* walks started below the top (strict) */
	HW_STAT_WALK_CACHE_FILL,	/* table descriptors cached (strict) */
	HW_STAT_SPEC_TLB_FILL,		/* translations cached speculatively */
	HW_STAT_SPEC_STE_FILL,		/* STEs cached speculatively */
	HW_STAT_SPEC_CD_FILL,		/* CDs cached speculatively */
	HW_STAT_TORN_STE,		/* torn STE reads seen (strict) */
	HW_STAT_TORN_CD,		/* torn CD reads seen (strict) */
	HW_STAT_TLB_CONFLICT,		/* TLB conflicts seen (strict) */
	HW_STAT_ATS_TREQ,		/* ATS Translation Requests */
	HW_STAT_ATS_TRANSLATED,		/* ATS Translated pieces passed */
	HW_STAT_ATC_INV,		/* CMD_ATC_INV executed */
	HW_STAT_NR,
};

/**
 * struct hw_stats - the model's event counters
 * @v: one counter per enum hw_stat
 */
struct hw_stats {
	u64 v[HW_STAT_NR];
};

static inline void hw_stat_add(struct swsmmu_hw *hw, enum hw_stat s, u64 n)
{
	this_cpu_add(hw->stats->v[s], n);
}

static inline void hw_stat_inc(struct swsmmu_hw *hw, enum hw_stat s)
{
	this_cpu_inc(hw->stats->v[s]);
}

/**
 * struct hw_piece - one piece of a transaction in flight (sync.c)
 * @flags: interrupt state to restore
 * @tlb_seq: hw->tlb_seq when the piece began
 * @cfg_seq: hw->cfg_seq when the piece began
 * @fill: the piece may fill the caches
 */
struct hw_piece {
	unsigned long flags;
	unsigned long tlb_seq;
	unsigned long cfg_seq;
	bool fill;
};

/* Translation regimes the IOTLB tells apart (struct hw_tlb_tag.kind) */
enum hw_tlb_kind {
	HW_TLB_S1,	/* stage 1 only: VA -> PA */
	HW_TLB_S12,	/* stage 1 nested in stage 2: VA -> PA */
	HW_TLB_S2,	/* stage 2 only: IPA -> PA */
};

/**
 * struct hw_tlb_tag - what an IOTLB lookup is tagged with
 * @kind: HW_TLB_*
 * @g: log2 of the regime's granule for the address
 * @vmid: VMID (0 without stage 2)
 * @asid: ASID (stage 1; 0 for HW_TLB_S2)
 */
struct hw_tlb_tag {
	u8 kind;
	u8 g;
	u16 vmid;
	u16 asid;
};

int hw_caches_init(struct swsmmu_hw *hw);
void hw_caches_destroy(struct swsmmu_hw *hw);
void swsmmu_hw_piece_begin(struct swsmmu_hw *hw, struct hw_piece *p, bool fill)
	__acquires(RCU);
void swsmmu_hw_piece_end(struct swsmmu_hw *hw, struct hw_piece *p)
	__releases(RCU);
void swsmmu_hw_stats_get(struct swsmmu_hw *hw, struct hw_stats *s);
void hw_stats_print(struct swsmmu_hw *hw, struct seq_file *m);

int swsmmu_hw_tlb_init(struct swsmmu_hw *hw, unsigned int capacity);
int hw_tlb_init_default(struct swsmmu_hw *hw);
void swsmmu_hw_tlb_destroy(struct swsmmu_hw *hw);
bool swsmmu_hw_tlb_lookup(struct swsmmu_hw *hw, const struct hw_tlb_tag *t, u64 ia,
			  struct hw_walk *w);
void swsmmu_hw_tlb_fill(struct swsmmu_hw *hw, const struct hw_piece *p,
			const struct hw_tlb_tag *t, u64 ia, const struct hw_walk *w);
unsigned int swsmmu_hw_tlb_invalidate(struct swsmmu_hw *hw, const struct hw_tlbi *t);
unsigned int swsmmu_hw_tlb_count(struct swsmmu_hw *hw);
unsigned int swsmmu_hw_tlb_capacity(struct swsmmu_hw *hw);

int swsmmu_hw_cfgcache_init(struct swsmmu_hw *hw, unsigned int max,
			    bool utlb);
int hw_cfgcache_init_default(struct swsmmu_hw *hw);
void swsmmu_hw_cfgcache_destroy(struct swsmmu_hw *hw);
enum evt_id swsmmu_hw_cfg_ste(struct swsmmu_hw *hw, const struct hw_piece *p, u32 sid,
			      struct hw_ste *ste, struct hw_fault *f);
enum evt_id hw_cfg_ste_ref(struct swsmmu_hw *hw, const struct hw_piece *p,
			   u32 sid, struct hw_ste *buf,
			   const struct hw_ste **ste, struct hw_fault *f);
enum evt_id hw_cfg_cd_ref(struct swsmmu_hw *hw, const struct hw_piece *p,
			  u32 sid, const struct hw_ste *ste, u32 ssid,
			  struct hw_s1_cfg *buf, const struct hw_s1_cfg **cd,
			  struct hw_fault *f);
unsigned int hw_cfgcache_invalidate(struct swsmmu_hw *hw,
				    const struct hw_cfgi *ci);

/**
 * struct hw_tlb_ref - an IOTLB tag remembered across transactions (tlb.c)
 * @tag: the tag's struct, or NULL
 * @gen: the IOTLB's tag generation when @tag was found
 */
struct hw_tlb_ref {
	void *tag;
	unsigned long gen;
};

/* The micro-TLB of each CPU's stream handles: 1024 entries, 32 KB */
#define HW_UTLB_BITS		10
#define HW_UTLB_ENTRIES		BIT(HW_UTLB_BITS)
#define HW_UTLB_IA_PERM		GENMASK_ULL(5, 0)	/* HW_PERM_* */
#define HW_UTLB_OA_SHIFT	GENMASK_ULL(5, 0)	/* log2 of the size */
#define HW_UTLB_STAMP_SHIFT	4	/* a handle's offset: stamp << this */

/**
 * struct hw_utlb_ent - one translation a stream handle keeps: its last
 *                      translation, or an entry of its CPU's micro-TLB
 *                      (xlate.c, "The last translation", "The micro-TLB")
 * @ia: input address, aligned to its page or block; HW_UTLB_IA_PERM holds
 *      its stage-1 and stage-2 permissions, combined
 * @oa: output address, aligned likewise; HW_UTLB_OA_SHIFT holds log2 of
 *      the page or block's size
 * @seq: hw->tlb_seq of the piece that made it (valid while unchanged)
 * @stamp: &hw_stream_ref.stamp of the handle that made it (0: empty; a
 *         handle's own @last is valid when it holds the handle's stamp)
 */
struct hw_utlb_ent {
	u64 ia;
	u64 oa;
	unsigned long seq;
	u64 stamp;
};

/**
 * struct hw_stream_ref - a stream's configuration, resolved once and kept
 *                        per CPU (cfgcache.c, "Stream handles")
 * @gen: the configuration cache's generation when it was made
 * @key: StreamID, SSV and SubstreamID it resolves (hw_stream_key())
 * @last: its last translation, written by xlate.c only
 * @ste: the cached STE (NULL: the slot is empty)
 * @cd: the cached CD, or NULL when no CD is used
 * @s1: stage 1 translates
 * @s2: stage 2 translates
 * @attrs: HW_ACC_* of an access after STE.PRIVCFG and STE.INSTCFG, by
 *         its HW_ACC_* as issued (xlate.c)
 * @tbi: top byte ignored, for each half of the VA space (VA[55])
 * @tag: the IOTLB tag of the regime, for each half of the VA space
 * @tlb: the IOTLB tag of the regime, found on first use
 * @utlb: this CPU's micro-TLB, or NULL when there is none
 * @stamp: names this handle in @utlb's entries: never the same twice on
 *         a CPU, never 0
 *
 * What a hit through @last reads comes first, in one cache line; the rest
 * of a hit, in the next.
 */
struct hw_stream_ref {
	unsigned long gen;
	u64 key;
	struct hw_utlb_ent last;
	const struct hw_ste *ste;
	const struct hw_s1_cfg *cd;
	bool s1;
	bool s2;
	u8 attrs[8];
	bool tbi[2];
	struct hw_tlb_tag tag[2];
	struct hw_tlb_ref tlb;
	struct hw_utlb_ent *utlb;
	u64 stamp;
} ____cacheline_aligned;

struct hw_stream_ref *hw_stream_ref_get(struct swsmmu_hw *hw,
					const struct swsmmu_txn *txn,
					unsigned long *gen);
/* Count the configuration cache hits that a use of @ref stands for */
static inline void hw_stream_ref_hit(struct swsmmu_hw *hw,
				     const struct hw_stream_ref *ref)
{
	hw_stat_add(hw, HW_STAT_CFG_HIT, ref->cd ? 2 : 1);
}

struct hw_stream_ref *hw_stream_ref_set(struct swsmmu_hw *hw,
					const struct hw_piece *p,
					const struct swsmmu_txn *txn,
					unsigned long gen,
					const struct hw_ste *ste,
					const struct hw_s1_cfg *cd,
					bool s1, bool s2);
void hw_stream_refs_reset(struct swsmmu_hw *hw);
bool hw_tlb_lookup_ref(struct swsmmu_hw *hw, const struct hw_tlb_tag *t,
		       u64 ia, struct hw_walk *w, struct hw_tlb_ref *ref);
void swsmmu_hw_cfgcache_count(struct swsmmu_hw *hw, unsigned int *nr_ste,
			      unsigned int *nr_cd);

/* ---------------------------------------------------------------------- */
/* Strict mode: caching freedoms and checks (drivers/model/strict.c)       */
/* ---------------------------------------------------------------------- */

/* What strict= turns on (struct swsmmu_hw.strict) */
#define HW_STRICT_WALK_CACHE	BIT(0)	/* cache table descriptors; TTL */
#define HW_STRICT_SPECULATE	BIT(1)	/* speculative TLB, STE, CD fills */
#define HW_STRICT_TORN		BIT(2)	/* STE/CD fetch detects torn reads */
#define HW_STRICT_CONFLICT	BIT(3)	/* overlapping TLB hits fault */
#define HW_STRICT_ALL		GENMASK(3, 0)

/* What a strict report is about (struct hw_strict_report.kind) */
enum hw_strict_kind {
	HW_STRICT_TORN_STE,	/* an STE read that was never written whole */
	HW_STRICT_TORN_CD,	/* likewise a CD */
	HW_STRICT_TLB_CONFLICT,	/* two IOTLB entries matched one address */
	HW_STRICT_NR,
};

/**
 * struct hw_strict_report - one thing strict mode saw a driver do wrong
 * @seq: report number, from 1
 * @kind: HW_STRICT_*
 * @ssv: @ssid is valid
 * @idx: torn reads: the qword that tore; conflicts: unused
 * @shift: conflicts: log2 of the sizes of the two entries
 * @sid: StreamID of the transaction
 * @ssid: SubstreamID of the transaction (CDs: the CD's index)
 * @addr: torn reads: the PA of the STE or CD; conflicts: the input address
 * @val: torn reads: qword @idx as read, and as memory holds it after the
 *       read; conflicts: the output addresses of the two entries
 */
struct hw_strict_report {
	u64 seq;
	u8 kind;
	bool ssv;
	u8 idx;
	u8 shift[2];
	u32 sid;
	u32 ssid;
	u64 addr;
	u64 val[2];
};

/* Reports kept per instance, the newest ones */
#define HW_STRICT_LOG_LEN	64

/* Qwords a torn-read check reads: every one STE or CD decoding uses */
#define HW_STRICT_QWORDS	4

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Test hook: called by a strict STE/CD fetch after it read qword @i (the
 * @n-th read), so that a test can rewrite the entry at a chosen point.
 */
typedef void (*hw_strict_hook_fn)(struct swsmmu_hw *hw, u64 pa,
				  unsigned int i, unsigned int n, void *priv);
#endif

/**
 * struct hw_strict_log - strict-mode reports of one instance
 * @lock: protects everything below
 * @nr: reports made (the newest has seq @nr)
 * @log: the last HW_STRICT_LOG_LEN reports, a ring indexed by seq
 * @hook: KUnit only: see hw_strict_hook_fn
 * @hook_priv: its cookie
 * @order: KUnit only: if @order[0] != @order[1], the order in which
 *         torn-read checks read the qwords, instead of a random one (for
 *         a fetch of n qwords, when @order[0..n-1] are 0 to n-1)
 */
struct hw_strict_log {
	/* protects every field below */
	spinlock_t lock;
	u64 nr;
	struct hw_strict_report log[HW_STRICT_LOG_LEN];
#if IS_ENABLED(CONFIG_KUNIT)
	hw_strict_hook_fn hook;
	void *hook_priv;
	u8 order[HW_STRICT_QWORDS];
#endif
};

static inline bool hw_strict(const struct swsmmu_hw *hw, u32 what)
{
	return READ_ONCE(hw->strict) & what;
}

int hw_strict_init(struct swsmmu_hw *hw);
void hw_strict_destroy(struct swsmmu_hw *hw);
void swsmmu_hw_strict_report(struct swsmmu_hw *hw,
			     const struct hw_strict_report *r);
int swsmmu_hw_strict_reports(struct swsmmu_hw *hw,
			     struct hw_strict_report *out, unsigned int max,
			     u64 *total);
int hw_strict_read_entry(struct swsmmu_hw *hw, bool is_cd, u32 sid,
			 u32 ssid, u64 pa, u64 *q, bool *torn);
int hw_strict_print(struct swsmmu_hw *hw, struct seq_file *m);
const char *hw_strict_names(u32 flags, char *buf, size_t len);

/* Walk cache entries (tlb.c; only with HW_STRICT_WALK_CACHE) */
bool hw_tlb_walk_lookup(struct swsmmu_hw *hw, const struct hw_tlb_tag *t,
			u64 ia, unsigned int shift, u64 *table, u64 *attrs);
void hw_tlb_walk_fill(struct swsmmu_hw *hw, const struct hw_piece *p,
		      const struct hw_tlb_tag *t, u64 ia, unsigned int shift,
		      u64 table, u64 attrs);

/**
 * struct hw_tlb_conflict - two IOTLB entries that match one address
 * @shift: log2 of their sizes
 * @oa: their output addresses
 */
struct hw_tlb_conflict {
	u8 shift[2];
	u64 oa[2];
};

int swsmmu_hw_tlb_lookup_strict(struct swsmmu_hw *hw,
				const struct hw_tlb_tag *t, u64 ia,
				struct hw_walk *w, struct hw_tlb_conflict *c);

/**
 * struct hw_walk_cache - how a walk may use the walk cache (strict mode)
 * @p: the transaction piece that walks (fills are checked against it)
 * @tag: the regime's IOTLB tag (kind HW_TLB_S1 or HW_TLB_S2)
 * @ia: the input address as the IOTLB keys it (canonical VA, or IPA)
 */
struct hw_walk_cache {
	const struct hw_piece *p;
	struct hw_tlb_tag tag;
	u64 ia;
};

enum evt_id hw_walk_s1_cached(struct swsmmu_hw *hw,
			      const struct hw_walk_cache *wcache,
			      const struct hw_s1_cfg *s1, u64 va,
			      unsigned int acc, struct hw_walk *w,
			      struct hw_fault *f);
enum evt_id hw_walk_s2_cached(struct swsmmu_hw *hw,
			      const struct hw_walk_cache *wcache,
			      const struct hw_s2_cfg *s2, u64 ipa,
			      unsigned int acc, struct hw_walk *w,
			      struct hw_fault *f);

#endif /* _SWSMMU_MODEL_H */
