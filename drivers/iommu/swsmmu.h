/* SPDX-License-Identifier: GPL-2.0 */
/*
 * swsmmu's IOMMU driver: private declarations (the role arm-smmu-v3.h
 * plays).  The driver programs a software SMMU through its registers and
 * in-memory structures (<swsmmu/hw.h>) and knows nothing of the devices
 * behind it beyond their fwspecs.
 */
#ifndef _SWSMMU_IOMMU_H
#define _SWSMMU_IOMMU_H

#include <linux/atomic.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <swsmmu/hw.h>
#include <swsmmu/iommu.h>

/**
 * struct swsmmu_queue - the driver's side of one in-memory queue
 * @base: the entries (little-endian qwords), physically contiguous
 * @base_pa: physical address of @base
 * @shift: log2 of the number of entries
 * @ent_dwords: entry size in qwords
 * @prod: producer index with wrap bit (cmdq: ours; evtq/priq: last read)
 * @cons: consumer index with wrap bit (cmdq: last read; evtq/priq: ours)
 * @prod_reg: offset of the PROD register
 * @cons_reg: offset of the CONS register
 */
/* The largest record swsmmu_queue_consume() reads: an event, 4 qwords */
#define SWSMMU_QUEUE_MAX_DWORDS	4

struct swsmmu_queue {
	__le64 *base;
	phys_addr_t base_pa;
	unsigned int shift;
	unsigned int ent_dwords;
	u32 prod;
	u32 cons;
	u32 prod_reg;
	u32 cons_reg;
};

/**
 * struct swsmmu_cmd - one 16-byte command, in CPU byte order
 * @q: its two qwords
 */
struct swsmmu_cmd {
	u64 q[2];
};

/* Commands gathered before a submission; a full batch is submitted early */
#define SWSMMU_CMD_BATCH	32

/**
 * struct swsmmu_cmd_batch - commands to submit together
 * @cmds: the commands
 * @num: how many of @cmds are used
 */
struct swsmmu_cmd_batch {
	struct swsmmu_cmd cmds[SWSMMU_CMD_BATCH];
	unsigned int num;
};

/* Without range invalidation, more pages than this flush the whole ASID/VMID */
#define SWSMMU_TLBI_MAX_OPS	64

/**
 * struct swsmmu_tlbi - the scope of an invalidation by address
 * @stage: 1 (TLBI_NH_VA by ASID) or 2 (TLBI_S2_IPA by VMID)
 * @asid: ASID, stage 1
 * @vmid: VMID
 * @granule_shift: log2 of the translation granule
 */
struct swsmmu_tlbi {
	u8 stage;
	u16 asid;
	u16 vmid;
	u8 granule_shift;
};

/**
 * struct swsmmu_stats - driver-side counters, shown in debugfs and the demo
 * @maps: map_pages calls
 * @unmaps: unmap_pages calls
 * @commands: commands submitted (CMD_SYNCs included)
 * @cmd_errors: commands the SMMU rejected (CERROR_*)
 * @events: event records consumed
 * @faults: translation faults reported to the IOMMU core
 * @evtq_overflows: event queue overflows seen
 * @last_event_lock: protects @last_event
 * @last_event: the most recent event record consumed, for tests
 */
struct swsmmu_stats {
	atomic64_t maps;
	atomic64_t unmaps;
	atomic64_t commands;
	atomic64_t cmd_errors;
	atomic64_t events;
	atomic64_t faults;
	atomic64_t evtq_overflows;
	/* Protects @last_event */
	spinlock_t last_event_lock;
	u64 last_event[4];
};

/**
 * struct swsmmu_iopf_stats - PRI and SVA counters (iopf.c, sva.c)
 * @page_requests: PRI queue records consumed
 * @responses_ok: CMD_PRI_RESP Success sent
 * @responses_fail: CMD_PRI_RESP Invalid/Failure sent
 * @priq_overflows: PRI queue overflows seen
 * @stall_events: stall event records consumed
 * @resumes_retry: CMD_RESUME Retry sent
 * @resumes_abort: CMD_RESUME Abort sent
 * @faults_handled: page faults resolved into the mirrored tables
 * @invalidations: mmu-notifier invalidations that cleared mirrored entries
 * @sva_table_pages: table pages of SVA mirrors now allocated
 */
struct swsmmu_iopf_stats {
	atomic64_t page_requests;
	atomic64_t responses_ok;
	atomic64_t responses_fail;
	atomic64_t priq_overflows;
	atomic64_t stall_events;
	atomic64_t resumes_retry;
	atomic64_t resumes_abort;
	atomic64_t faults_handled;
	atomic64_t invalidations;
	atomic64_t sva_table_pages;
};

/* Stream table: 2-level with 256 STEs per level-2 table, as Linux does */
#define SWSMMU_STRTAB_SPLIT	8
/* Level-1 tables are at most 2^17 descriptors (1 MiB): 25-bit StreamIDs */
#define SWSMMU_STRTAB_L1_MAX_BITS	17
/* A linear table (no 2-level support) is at most 2^12 STEs (256 KiB) */
#define SWSMMU_STRTAB_LINEAR_MAX_BITS	12

/**
 * struct swsmmu_device - one SMMU as its driver sees it
 * @iommu: registration with the IOMMU core
 * @dev: the SMMU's platform device
 * @hw: the software SMMU behind the register interface
 * @sid_bits: IDR1.SIDSIZE as read back from the hardware
 * @ssid_bits: IDR1.SSIDSIZE
 * @strtab_bits: StreamIDs the stream table covers, in bits (<= @sid_bits)
 * @s1: stage 1 is implemented (IDR0.S1P)
 * @s2: stage 2 is implemented (IDR0.S2P)
 * @ril: range invalidation (IDR3.RIL)
 * @st_2lvl: the stream table is 2-level
 * @cd_2lvl: 2-level CD tables (IDR0.CD2L)
 * @pri: the PRI queue exists (IDR0.PRI) and is enabled
 * @ats: ATS is implemented (IDR0.ATS): PCIe functions may use it (ats.c)
 * @stall: the stall model is implemented (IDR0.STALL_MODEL 0): masters
 *         that can stall may, the others get STE.S1STALLD
 * @httu_dirty: hardware dirty state (IDR0.HTTU == 2): dirty tracking
 * @pgsize_bitmap: granules the SMMU supports (IDR5.GRAN*), as page sizes
 * @oas: output address size in bits (IDR5.OAS)
 * @strtab: level-1 table (2-level) or the linear stream table
 * @strtab_pa: physical address of @strtab
 * @strtab_l2: level-2 tables by level-1 index (2-level only)
 * @strtab_lock: serialises allocation of level-2 tables
 * @streams: StreamID -> struct swsmmu_master of probed devices
 * @streams_mutex: held by the event and PRI handlers from looking a
 *                 master up until they are done with it, and by
 *                 release_device() to take one out, so a handler never
 *                 uses a freed master; also orders @iopf_enabled changes
 *                 against the handlers
 * @cmdq: command queue
 * @cmdq_lock: serialises command submission (spinlock: atomic callers)
 * @evtq: event queue, consumed by the interrupt handler only
 * @priq: PRI queue, consumed by the interrupt handler only (iopf.c)
 * @iopfq: the I/O page fault queue page requests are reported to
 * @iopf: page request and fault-handling counters (iopf.c, sva.c)
 * @asid_max: largest ASID: 255, or 65535 with IDR0.ASID16
 * @vmid_max: largest VMID: 255, or 65535 with IDR0.VMID16
 * @stats: counters
 * @debugfs: this SMMU's debugfs directory
 * @san: the DMA sanitizer, or NULL when it is off (sanitize.c)
 */
struct swsmmu_device {
	struct iommu_device iommu;
	struct device *dev;
	struct swsmmu_hw *hw;
	unsigned int sid_bits;
	unsigned int ssid_bits;
	unsigned int strtab_bits;
	bool s1;
	bool s2;
	bool ril;
	bool st_2lvl;
	bool cd_2lvl;
	bool pri;
	bool stall;
	bool httu_dirty;
	bool ats;
	unsigned long pgsize_bitmap;
	unsigned int oas;

	__le64 *strtab;
	phys_addr_t strtab_pa;
	struct swsmmu_ste **strtab_l2;
	/* Protects @strtab_l2 and the level-1 descriptors */
	struct mutex strtab_lock;
	struct xarray streams;
	/* Protects masters found in @streams by the interrupt handlers */
	struct mutex streams_mutex;

	struct swsmmu_queue cmdq;
	/* Protects @cmdq and command submission */
	spinlock_t cmdq_lock;
	struct swsmmu_queue evtq;
	struct swsmmu_queue priq;
	struct iopf_queue *iopfq;
	struct swsmmu_iopf_stats iopf;

	u16 asid_max;
	u16 vmid_max;
	struct swsmmu_stats stats;
	struct dentry *debugfs;
	struct swsmmu_san *san;
};

/**
 * struct swsmmu_domain - a paging domain
 * @domain: the IOMMU core's domain
 * @smmu: the SMMU it was allocated for: its counters count the maps
 * @smmus: every SMMU a master of the domain has been attached through
 *         since allocation, @smmu first; each may cache the domain's
 *         translations, so each gets its invalidations (grow-only until
 *         the domain is freed, appended under @masters_lock)
 * @nr_smmus: entries of @smmus, published with release semantics after
 *            the entry is written
 * @stage: 1 or 2: which translation stage its tables are for
 * @pgt: its page tables
 * @granule_shift: log2 of its translation granule
 * @asid: ASID (stage 1)
 * @vmid: VMID (stage 2)
 * @dirty: allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING: HA and HD (or
 *         S2HA and S2HD) set, DBM on every writable leaf
 * @masters_lock: protects @masters
 * @masters: masters attached to it (struct swsmmu_master.domain_node)
 * @san: the DMA sanitizer's records of its mappings, or NULL (sanitize.c)
 */
struct swsmmu_domain {
	struct iommu_domain domain;
	struct swsmmu_device *smmu;
	struct swsmmu_device *smmus[SWSMMU_MAX_SMMUS];
	unsigned int nr_smmus;
	u8 stage;
	struct swsmmu_pgtable *pgt;
	u8 granule_shift;
	u16 asid;
	u16 vmid;
	bool dirty;
	/* Protects @masters; taken with interrupts off (see domain.c) */
	spinlock_t masters_lock;
	struct list_head masters;
	struct swsmmu_san_domain *san;
};

/**
 * struct swsmmu_master - a device translated by the SMMU
 * @smmu: its SMMU
 * @dev: the device
 * @sids: StreamIDs from the fwspec
 * @num_sids: number of @sids
 * @ssid_bits: SubstreamID bits it uses: min("pasid-num-bits", SSIDSIZE);
 *             0: one CD, no PASIDs (S1CDMax 0)
 * @s1fmt: STRTAB_STE_0_S1FMT_* of its CD table
 * @cdtab: the only CD (@ssid_bits 0), the linear CD table or the level-1
 *         CD table
 * @cdtab_pa: physical address of @cdtab
 * @cdtab_order: page order of @cdtab when @ssid_bits != 0
 * @cd_l2: level-2 CD tables (one page, 64 CDs each) by level-1 index
 * @cd_lock: serialises level-2 allocation, CD writes and the STE choice
 * @rid: what untagged traffic gets: SWSMMU_RID_*, under @cd_lock
 * @nr_pasids: PASIDs with a domain attached, under @cd_lock
 * @iopf_enabled: IOMMU_DEV_FEAT_IOPF enabled (added to the iopf queue);
 *                changed under smmu->streams_mutex
 * @sva_enabled: IOMMU_DEV_FEAT_SVA enabled
 * @stall_enabled: the device waits out stalled transactions (firmware
 *                 property "dma-can-stall") and the SMMU can stall: its
 *                 page faults are stall events answered with CMD_RESUME,
 *                 not PRI page requests
 * @pri_resp_pasid: PRG responses to its PASID-tagged page requests carry
 *                  the PASID (platform devices; PCI functions whose PRI
 *                  status says "PRG Response PASID Required")
 * @ats_supported: a PCIe function that may use ATS (ats.c)
 * @ats_enabled: its ATS Enable is set (written under the group mutex,
 *               read by invalidations without it)
 * @eats: STEs written for it get EATS 0b01 (Full ATS)
 * @domain: the paging domain attached, or NULL (written under the group
 *          mutex with WRITE_ONCE: the DMA sanitizer reads it under RCU)
 * @domain_node: entry in @domain's masters list
 */
struct swsmmu_master {
	struct swsmmu_device *smmu;
	struct device *dev;
	const u32 *sids;
	unsigned int num_sids;
	unsigned int ssid_bits;
	u8 s1fmt;
	__le64 *cdtab;
	phys_addr_t cdtab_pa;
	unsigned int cdtab_order;
	struct swsmmu_cd **cd_l2;
	/* Protects @cd_l2, CD writes, @rid and @nr_pasids */
	struct mutex cd_lock;
	u8 rid;
	unsigned int nr_pasids;
	bool iopf_enabled;
	bool sva_enabled;
	bool stall_enabled;
	bool pri_resp_pasid;
	bool ats_supported;
	bool ats_enabled;
	bool eats;
	struct swsmmu_domain *domain;
	struct list_head domain_node;
};

/* What a master's untagged (no PASID) traffic is attached to */
#define SWSMMU_RID_ABORT	0
#define SWSMMU_RID_BYPASS	1
#define SWSMMU_RID_S1		2	/* a stage-1 paging domain in CD 0 */
#define SWSMMU_RID_S2		3	/* a stage-2 paging domain in the STE */

static inline struct swsmmu_domain *to_swsmmu_domain(struct iommu_domain *dom)
{
	return container_of(dom, struct swsmmu_domain, domain);
}

/* smmu.c */
extern const struct iommu_ops swsmmu_ops;
/*
 * ASIDs and VMIDs are allocated from one space for every SMMU the driver
 * has bound, so that a domain's tag means the same on each SMMU it is
 * attached through (as arm-smmu-v3's arm_smmu_asid_xa does for ASIDs)
 */
extern struct ida swsmmu_asid_ida;
extern struct ida swsmmu_vmid_ida;
#if IS_ENABLED(CONFIG_KUNIT)
struct swsmmu_device *swsmmu_kunit_smmu(void);
struct fault_attr *swsmmu_page_alloc_fault_attr(void);
#endif

/* cmdq.c */
int swsmmu_queue_alloc(struct swsmmu_device *smmu, struct swsmmu_queue *q,
		       unsigned int shift, unsigned int ent_dwords,
		       u32 prod_reg, u32 cons_reg);
u64 swsmmu_queue_base(const struct swsmmu_queue *q);
void swsmmu_cmd_cfgi_ste(struct swsmmu_cmd *cmd, u32 sid);
void swsmmu_cmd_cfgi_cd(struct swsmmu_cmd *cmd, u32 sid, u32 ssid, bool leaf);
void swsmmu_cmd_cfgi_all(struct swsmmu_cmd *cmd);
void swsmmu_cmd_tlbi_addr(struct swsmmu_cmd *cmd,
			  const struct swsmmu_tlbi *inv, u64 addr, bool leaf,
			  u8 num, u8 scale, u8 tg);
void swsmmu_cmd_pri_resp(struct swsmmu_cmd *cmd, u32 sid, bool ssv, u32 ssid,
			 u16 grpid, u8 resp);
void swsmmu_cmd_resume(struct swsmmu_cmd *cmd, u32 sid, u16 stag, bool retry);
void swsmmu_cmd_tlbi_asid(struct swsmmu_cmd *cmd, u16 asid);
void swsmmu_cmd_tlbi_vmall(struct swsmmu_cmd *cmd, u16 vmid);
void swsmmu_cmd_tlbi_nsnh_all(struct swsmmu_cmd *cmd);
void swsmmu_cmd_sync(struct swsmmu_cmd *cmd);
int swsmmu_cmdq_issue(struct swsmmu_device *smmu,
		      const struct swsmmu_cmd *cmds, unsigned int n, bool sync);
int swsmmu_cmdq_sync(struct swsmmu_device *smmu);
void swsmmu_batch_add(struct swsmmu_device *smmu, struct swsmmu_cmd_batch *b,
		      const struct swsmmu_cmd *cmd);
int swsmmu_batch_submit(struct swsmmu_device *smmu, struct swsmmu_cmd_batch *b);
void swsmmu_tlbi_range(struct swsmmu_device *smmu, struct swsmmu_cmd_batch *b,
		       const struct swsmmu_tlbi *inv, u64 iova, u64 size,
		       bool leaf);
void swsmmu_queue_consume(struct swsmmu_device *smmu, struct swsmmu_queue *q,
			  atomic64_t *overflows, const char *name,
			  const char *lost, bool free_first,
			  void (*handle)(struct swsmmu_device *smmu,
					 const u64 *rec));

/* strtab.c */
struct swsmmu_ste;
struct swsmmu_cd;
int swsmmu_strtab_init(struct swsmmu_device *smmu);
void swsmmu_strtab_free(struct swsmmu_device *smmu);
u32 swsmmu_strtab_base_cfg(const struct swsmmu_device *smmu);
struct swsmmu_ste *swsmmu_strtab_ste(struct swsmmu_device *smmu, u32 sid);
int swsmmu_strtab_prepare(struct swsmmu_device *smmu, u32 sid);
void swsmmu_master_write_ste(struct swsmmu_master *master,
			     const struct swsmmu_ste *target);
int swsmmu_master_write_cd(struct swsmmu_master *master, u32 ssid,
			   const struct swsmmu_cd *target);
int swsmmu_master_cdtab_alloc(struct swsmmu_master *master,
			      unsigned int ssid_bits);
void swsmmu_master_cdtab_free(struct swsmmu_master *master);
void swsmmu_master_set_rid(struct swsmmu_master *master, u8 rid);
int swsmmu_master_set_pasid(struct swsmmu_master *master, u32 pasid,
			    const struct swsmmu_cd *target);

/* domain.c */
extern const struct iommu_domain_ops swsmmu_paging_ops;
bool swsmmu_domain_dma_capable(struct swsmmu_device *smmu);
struct iommu_domain *swsmmu_domain_alloc_paging(struct device *dev);
struct iommu_domain *
swsmmu_domain_alloc_user(struct device *dev, u32 flags,
			 struct iommu_domain *parent,
			 const struct iommu_user_data *user_data);
void swsmmu_master_detach(struct swsmmu_master *master);

/* ats.c */
void swsmmu_master_ats_probe(struct swsmmu_master *master);
void swsmmu_master_ats_prepare(struct swsmmu_master *master);
void swsmmu_master_ats_enable(struct swsmmu_master *master);
void swsmmu_master_ats_disable(struct swsmmu_master *master);
void swsmmu_ste_apply_eats(const struct swsmmu_master *master,
			   struct swsmmu_ste *ste);
void swsmmu_cmd_atc_inv(struct swsmmu_cmd *cmd, u32 sid, u64 iova, u64 size);
void swsmmu_domain_atc_inv(struct swsmmu_domain *d, u64 iova, u64 size);
void swsmmu_domain_cd(const struct swsmmu_domain *d, struct swsmmu_cd *cd);
void swsmmu_remove_dev_pasid(struct device *dev, ioasid_t pasid,
			     struct iommu_domain *domain);

/* sva.c */
struct iommu_domain *swsmmu_sva_domain_alloc(struct device *dev,
					     struct mm_struct *mm);
int swsmmu_sva_fault(struct iommu_domain *domain, u64 addr, u32 perm);

/* iopf.c */
int swsmmu_priq_init(struct swsmmu_device *smmu);
void swsmmu_priq_irq(struct swsmmu_device *smmu);
void swsmmu_handle_stall(struct swsmmu_device *smmu, const u64 *evt);
int swsmmu_sva_iopf_handler(struct iopf_group *group);
void swsmmu_page_response(struct device *dev, struct iopf_fault *evt,
			  struct iommu_page_response *msg);
int swsmmu_dev_enable_feat(struct device *dev, enum iommu_dev_features feat);
void swsmmu_iopf_release(struct swsmmu_master *master);
int swsmmu_dev_disable_feat(struct device *dev, enum iommu_dev_features feat);

/* irq.c */
void swsmmu_irq(void *priv, unsigned int lines);

/* sanitize.c: the DMA sanitizer's report classes (diagnostics.rst) */
enum swsmmu_san_class {
	SWSMMU_SAN_UNMAPPED,	/* (a) an IOVA unmapped since */
	SWSMMU_SAN_DIRECTION,	/* (b) against the mapping's DMA direction */
	SWSMMU_SAN_OVERRUN,	/* (c) past the declared end, in its granule */
	SWSMMU_SAN_REUSE,	/* (d) an IOVA that went to another mapping */
	SWSMMU_SAN_NR
};

/* The text of one report: four stacks of 24 frames fit */
#define SWSMMU_SAN_REPORT_MAX	8192

/**
 * struct swsmmu_san - the DMA sanitizer of one SMMU
 * @ops: what the software SMMU calls with each device access
 * @counts: reports by class, rate-limited or not
 * @lock: serialises reports, protects @buf and @len
 * @buf: the text of the last report
 * @len: its length
 */
struct swsmmu_san {
	struct swsmmu_hw_sanitizer ops;
	atomic64_t counts[SWSMMU_SAN_NR];
	/* Protects @buf and @len; serialises reports */
	spinlock_t lock;
	char buf[SWSMMU_SAN_REPORT_MAX];
	size_t len;
};

struct seq_file;
struct swsmmu_san_domain;
bool swsmmu_san_enabled(void);
struct swsmmu_san_domain *swsmmu_san_domain_alloc(unsigned int granule_shift);
void swsmmu_san_domain_free(struct swsmmu_san_domain *sd);
void swsmmu_san_map(struct swsmmu_san_domain *sd, unsigned long iova,
		    size_t size, int prot);
void swsmmu_san_unmap(struct swsmmu_san_domain *sd, unsigned long iova,
		      size_t size);
int swsmmu_san_init(struct swsmmu_device *smmu);
void swsmmu_san_exit(struct swsmmu_device *smmu);
void swsmmu_san_show(struct seq_file *m, struct swsmmu_device *smmu);
size_t swsmmu_san_last_report(struct swsmmu_device *smmu, char *buf,
			      size_t size);
int swsmmu_sanitize_dma_len(struct device *dev, dma_addr_t addr, size_t len);
#if IS_ENABLED(CONFIG_KUNIT)
#define SWSMMU_SAN_KUNIT_LIVE	BIT(0)
#define SWSMMU_SAN_KUNIT_OLD	BIT(1)
struct swsmmu_san_domain *swsmmu_san_kunit_domain(unsigned int shift,
						  unsigned int qsize);
int swsmmu_san_kunit_state(struct swsmmu_san_domain *sd, u64 iova,
			   unsigned int *nr_slots);
#endif
/* inject.c */
bool swsmmu_fail_alloc(void);
bool swsmmu_fail_page_alloc(unsigned int order);
void swsmmu_inject_debugfs(struct dentry *dir);

/* debugfs.c */
void swsmmu_debugfs_init(struct swsmmu_device *smmu);
void swsmmu_debugfs_exit(struct swsmmu_device *smmu);

#endif /* _SWSMMU_IOMMU_H */
