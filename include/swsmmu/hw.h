/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software SMMU ("the hardware") as seen from outside: an instance is
 * created with a feature set, then programmed only through its register
 * file, exactly as a driver programs a memory-mapped SMMUv3.  Devices issue
 * transactions through swsmmu_hw_access().
 */
#ifndef _SWSMMU_HW_H
#define _SWSMMU_HW_H

#include <linux/types.h>

struct swsmmu_hw;

/**
 * struct swsmmu_hw_features - what one software SMMU instance implements
 * @sid_bits: IDR1.SIDSIZE, 1 to 32
 * @ssid_bits: IDR1.SSIDSIZE, 0 (no substreams) to 20
 * @oas: IDR5.OAS encoding (PA_SIZE_*)
 * @cmdq_bits: IDR1.CMDQS, log2 of the largest command queue
 * @evtq_bits: IDR1.EVTQS, log2 of the largest event queue
 * @priq_bits: IDR1.PRIQS, log2 of the largest PRI queue
 * @st_2lvl: 2-level stream table (IDR0.ST_LVL)
 * @cd_2lvl: 2-level context descriptor tables (IDR0.CD2L)
 * @s1: stage 1 translation (IDR0.S1P)
 * @s2: stage 2 translation (IDR0.S2P); with @s1, nesting
 * @gran4k: 4KB translation granule (IDR5.GRAN4K)
 * @gran16k: 16KB translation granule (IDR5.GRAN16K)
 * @gran64k: 64KB translation granule (IDR5.GRAN64K)
 * @asid16: 16-bit ASIDs (IDR0.ASID16)
 * @vmid16: 16-bit VMIDs (IDR0.VMID16)
 * @pri: PRI queue and page requests (IDR0.PRI)
 * @stall: stall model, STALL_MODEL 0 (else 1, terminate only)
 * @ril: range invalidation (IDR3.RIL)
 * @msi: MSI delivery of interrupts and CMD_SYNC (IDR0.MSI)
 * @sev: SEV completion of CMD_SYNC (IDR0.SEV)
 * @httu_access: hardware update of the Access flag (IDR0.HTTU 1)
 * @httu_dirty: hardware update of the dirty state too (IDR0.HTTU 2);
 *              meaningful only with @httu_access
 * @ats: PCIe ATS: translation requests, translated transactions,
 *       CMD_ATC_INV, CR0.ATSCHK (IDR0.ATS)
 */
struct swsmmu_hw_features {
	u8 sid_bits;
	u8 ssid_bits;
	u8 oas;
	u8 cmdq_bits;
	u8 evtq_bits;
	u8 priq_bits;
	bool st_2lvl;
	bool cd_2lvl;
	bool s1;
	bool s2;
	bool gran4k;
	bool gran16k;
	bool gran64k;
	bool asid16;
	bool vmid16;
	bool pri;
	bool stall;
	bool ril;
	bool msi;
	bool sev;
	bool httu_access;
	bool httu_dirty;
	bool ats;
};

/* Interrupt lines of an instance, passed as a mask to the irq callback */
#define SWSMMU_IRQ_EVTQ		BIT(0)
#define SWSMMU_IRQ_PRIQ		BIT(1)
#define SWSMMU_IRQ_GERROR	BIT(2)
#define SWSMMU_IRQ_CMD_SYNC	BIT(3)

/**
 * typedef swsmmu_hw_irq_fn - interrupt delivery to the driver half
 * @priv: the cookie given to swsmmu_hw_request_irq()
 * @lines: SWSMMU_IRQ_* lines that fired
 *
 * Called in process context from the instance's interrupt worker, never
 * from the context of a transaction or of a register write: it behaves
 * like a threaded interrupt handler and may sleep.
 */
typedef void (*swsmmu_hw_irq_fn)(void *priv, unsigned int lines);

struct swsmmu_hw *swsmmu_hw_create(const char *name,
				   const struct swsmmu_hw_features *feat);
void swsmmu_hw_destroy(struct swsmmu_hw *hw);
void swsmmu_hw_request_irq(struct swsmmu_hw *hw, swsmmu_hw_irq_fn fn,
			   void *priv);
void swsmmu_hw_free_irq(struct swsmmu_hw *hw);

/**
 * struct swsmmu_hw_latency - how long an instance takes to act, in ns
 * @cmd_min: least time from the CMDQ_PROD write that publishes a command
 *           to its execution
 * @cmd_max: most time (plus scheduling delays); 0: commands execute in the
 *           register write that publishes them (synchronous)
 * @evt_min: least time from an event or page request to the *Q_PROD write
 *           and interrupt that publish it
 * @evt_max: most time; 0: published at once
 *
 * Each delay is drawn at random in [min, max].
 */
struct swsmmu_hw_latency {
	u32 cmd_min;
	u32 cmd_max;
	u32 evt_min;
	u32 evt_max;
};

int swsmmu_hw_set_latency(struct swsmmu_hw *hw,
			  const struct swsmmu_hw_latency *lat);
int swsmmu_hw_set_latency_default(struct swsmmu_hw *hw);

u32 swsmmu_hw_read32(struct swsmmu_hw *hw, u32 offset);
u64 swsmmu_hw_read64(struct swsmmu_hw *hw, u32 offset);
void swsmmu_hw_write32(struct swsmmu_hw *hw, u32 offset, u32 val);
void swsmmu_hw_write64(struct swsmmu_hw *hw, u32 offset, u64 val);
void swsmmu_hw_poll(struct swsmmu_hw *hw);

/* Transaction attributes */
#define SWSMMU_TXN_WRITE	BIT(0)	/* write, else read (RnW) */
#define SWSMMU_TXN_EXEC		BIT(1)	/* instruction fetch (InD) */
#define SWSMMU_TXN_PRIV		BIT(2)	/* privileged (PnU) */
#define SWSMMU_TXN_SSV		BIT(3)	/* @ssid is valid */
/*
 * ATS Translated (PCIe AT=0b10): the address is the output of a
 * Translation Request, not an input address (SMMUv3 3.9.1.3)
 */
#define SWSMMU_TXN_TRANSLATED	BIT(4)

/**
 * struct swsmmu_txn - one device transaction, as it enters the SMMU
 * @sid: StreamID
 * @ssid: SubstreamID (PASID), meaningful with SWSMMU_TXN_SSV
 * @flags: SWSMMU_TXN_*
 * @nr_stalls: optional: swsmmu_hw_access() adds the number of times the
 *             transaction stalled (what a device sees as a retried or
 *             failed access after a wait)
 * @issued_ns: not architectural, for the DMA sanitizer only: when the
 *             device was handed the address (ktime_get_ns()), 0 if the
 *             device does not know.  A mapping made after this time is
 *             one the device cannot have been meant to use (IOVA reuse).
 */
struct swsmmu_txn {
	u32 sid;
	u32 ssid;
	unsigned int flags;
	unsigned int *nr_stalls;
	u64 issued_ns;
};

/**
 * struct swsmmu_xlate - the outcome of translating one address
 * @pa: output address (valid when @event[0] is 0)
 * @size: size of the page or block that translated the address
 * @prot: SWSMMU_PROT_* granted by the combined stages
 * @event: the event record the transaction raised (or would raise) on a
 *         fault, in its architectural layout; all zero on success.  A fault
 *         that the architecture terminates silently has EVTQ_0_ID 0 and
 *         @silent set.
 * @silent: the transaction was terminated without an event (STE abort,
 *          GBPA abort, a stall that was terminated)
 */
struct swsmmu_xlate {
	u64 pa;
	u64 size;
	unsigned int prot;
	u64 event[4];
	bool silent;
};

#define SWSMMU_PROT_R		BIT(0)
#define SWSMMU_PROT_W		BIT(1)
#define SWSMMU_PROT_X		BIT(2)

int swsmmu_hw_translate(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			u64 iova, struct swsmmu_xlate *out);
int swsmmu_hw_access(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
		     u64 iova, void *buf, size_t len);

/**
 * struct swsmmu_hw_sanitizer - a DMA sanitizer watching an instance
 * @access: called by swsmmu_hw_access() with each whole device access,
 *          before it is translated, under rcu_read_lock(): must not sleep
 * @priv: cookie for @access
 *
 * Not architectural: no SMMU tells anyone about the accesses it
 * translates.  This is a diagnostic side channel from the software SMMU
 * to whoever registered (the IOMMU driver's sanitizer, see
 * Documentation/diagnostics.rst), and it costs a patched-out branch while
 * no instance has one.
 */
struct swsmmu_hw_sanitizer {
	void (*access)(void *priv, const struct swsmmu_txn *txn, u64 iova,
		       size_t len);
	void *priv;
};

void swsmmu_hw_set_sanitizer(struct swsmmu_hw *hw,
			     const struct swsmmu_hw_sanitizer *san);

/* Status of an ATS Translation Completion (struct swsmmu_ats_cpl.status) */
enum swsmmu_ats_status {
	SWSMMU_ATS_SUCCESS,	/* a translation, possibly granting nothing */
	SWSMMU_ATS_UR,		/* Unsupported Request: ATS is off here */
	SWSMMU_ATS_CA,		/* Completer Abort: a configuration error */
};

/**
 * struct swsmmu_ats_cpl - an ATS Translation Completion (one entry)
 * @status: SWSMMU_ATS_*
 * @addr: the translated address of the page or block holding the
 *        requested address (Success only)
 * @size: its size in bytes, a power of two; the STU for a completion that
 *        grants nothing
 * @prot: SWSMMU_PROT_* granted (the R, W and Exe bits of the completion);
 *        0 is the architectural "R == W == 0" refusal
 */
struct swsmmu_ats_cpl {
	enum swsmmu_ats_status status;
	u64 addr;
	u64 size;
	unsigned int prot;
};

int swsmmu_hw_ats_translate(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			    u64 addr, struct swsmmu_ats_cpl *cpl);

/**
 * struct swsmmu_hw_atc_ops - an endpoint's Address Translation Cache, as
 *                            the SMMU reaches it through the root complex
 * @invalidate: an ATS Invalidate Request: drop every entry (of untagged
 *              traffic if !@ssv, of PASID @ssid if @ssv; with @global,
 *              global entries of every PASID too) that overlaps
 *              [@addr, @addr + @size).  Called from command execution with
 *              interrupts off: must not sleep.  The SMMU treats the
 *              request as complete when it returns, so the endpoint must
 *              have finished every access that used a dropped entry.
 * @priv: cookie for @invalidate
 */
struct swsmmu_hw_atc_ops {
	void (*invalidate)(void *priv, bool ssv, u32 ssid, bool global,
			   u64 addr, u64 size);
	void *priv;
};

int swsmmu_hw_ats_attach(struct swsmmu_hw *hw, u32 sid,
			 const struct swsmmu_hw_atc_ops *ops);
void swsmmu_hw_ats_detach(struct swsmmu_hw *hw, u32 sid);
void swsmmu_hw_ats_sanitize(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			    u64 iova, size_t len);

struct dentry;
struct dentry *swsmmu_hw_debugfs_dir(struct swsmmu_hw *hw);
int swsmmu_hw_page_request(struct swsmmu_hw *hw, const struct swsmmu_txn *txn,
			   u64 addr, u16 grpid, unsigned long timeout);

#endif /* _SWSMMU_HW_H */
