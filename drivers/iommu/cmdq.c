// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: the queues.  Every command the driver sends is built by a
 * swsmmu_cmd_*() builder below; the event and PRI queues are drained by
 * swsmmu_queue_consume() at the end.
 *
 * Commands are written into the queue in memory and published by a write to
 * CMDQ_PROD; the SMMU consumes them and advances CMDQ_CONS.  A CMD_SYNC at
 * the end of a submission makes its completion mean that every command
 * before it has taken effect, so submission with @sync waits until CONS has
 * passed the CMD_SYNC.  Submission is serialised by cmdq_lock, a spinlock,
 * because invalidation runs in atomic context (iommu-dma's map path).
 *
 * An illegal command stops the queue with CMDQ_CONS.ERR and GERROR.CMDQ_ERR;
 * the submitter that finds it logs the command, overwrites it with a
 * CMD_SYNC and acknowledges through GERRORN so that the queue resumes.  A
 * command whose fetch aborted (CERROR_ABT) is left in place and fetched
 * again.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <kunit/visibility.h>
#include <swsmmu/arch.h>
#include "swsmmu.h"
#include "iommu_trace.h"

#define SWSMMU_CMDQ_TIMEOUT_US	1000000

static u32 q_idx(const struct swsmmu_queue *q, u32 p)
{
	return p & (BIT(q->shift) - 1);
}

static u32 q_wrp(const struct swsmmu_queue *q, u32 p)
{
	return p & BIT(q->shift);
}

static u32 q_inc(const struct swsmmu_queue *q, u32 p)
{
	return (p + 1) & (BIT(q->shift + 1) - 1);
}

static bool q_full(const struct swsmmu_queue *q, u32 prod, u32 cons)
{
	return q_idx(q, prod) == q_idx(q, cons) && q_wrp(q, prod) != q_wrp(q, cons);
}

/**
 * swsmmu_queue_alloc() - allocate an in-memory queue and describe it
 * @smmu: the SMMU
 * @q: the queue to fill in
 * @shift: log2 of the number of entries
 * @ent_dwords: entry size in 64-bit words
 * @prod_reg: offset of its PROD register
 * @cons_reg: offset of its CONS register
 *
 * Return: 0 or -ENOMEM.  The memory is device-managed, and aligned to its
 * size as the architecture requires of a queue base.
 */
int swsmmu_queue_alloc(struct swsmmu_device *smmu, struct swsmmu_queue *q,
		       unsigned int shift, unsigned int ent_dwords,
		       u32 prod_reg, u32 cons_reg)
{
	size_t size = (size_t)8 * ent_dwords << shift;

	if (swsmmu_fail_page_alloc(get_order(size)))
		return -ENOMEM;
	q->base = (__le64 *)devm_get_free_pages(smmu->dev,
						 GFP_KERNEL | __GFP_ZERO,
						 get_order(size));
	if (!q->base)
		return -ENOMEM;
	q->base_pa = virt_to_phys(q->base);
	q->shift = shift;
	q->ent_dwords = ent_dwords;
	q->prod_reg = prod_reg;
	q->cons_reg = cons_reg;
	q->prod = 0;
	q->cons = 0;
	return 0;
}

/**
 * swsmmu_queue_base() - the *Q_BASE register value for a queue
 * @q: the queue
 *
 * Return: address, log2 size and read/write-allocate hint.
 */
u64 swsmmu_queue_base(const struct swsmmu_queue *q)
{
	return Q_BASE_RWA | (q->base_pa & Q_BASE_ADDR) |
	       FIELD_PREP(Q_BASE_LOG2SIZE, q->shift);
}

/* ---------------------------------------------------------------------- */
/* Command builders: each fills one 16-byte command                      */
/* ---------------------------------------------------------------------- */

/**
 * swsmmu_cmd_cfgi_ste() - CMD_CFGI_STE: forget the cached STE of a stream
 * @cmd: the command to fill
 * @sid: StreamID
 */
void swsmmu_cmd_cfgi_ste(struct swsmmu_cmd *cmd, u32 sid)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_STE) |
		    FIELD_PREP(CMDQ_CFGI_0_SID, sid);
	cmd->q[1] = CMDQ_CFGI_1_LEAF;
}

/**
 * swsmmu_cmd_cfgi_cd() - CMD_CFGI_CD: forget one cached CD of a stream
 * @cmd: the command to fill
 * @sid: StreamID
 * @ssid: SubstreamID of the CD
 * @leaf: only the CD changed (Leaf=1); false when the level-1 descriptor
 *        that reaches it changed too
 */
void swsmmu_cmd_cfgi_cd(struct swsmmu_cmd *cmd, u32 sid, u32 ssid, bool leaf)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_CD) |
		    FIELD_PREP(CMDQ_CFGI_0_SSID, ssid) |
		    FIELD_PREP(CMDQ_CFGI_0_SID, sid);
	cmd->q[1] = leaf ? CMDQ_CFGI_1_LEAF : 0;
}

/**
 * swsmmu_cmd_cfgi_all() - CMD_CFGI_ALL: forget all cached configuration
 * @cmd: the command to fill
 */
void swsmmu_cmd_cfgi_all(struct swsmmu_cmd *cmd)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_CFGI_STE_RANGE);
	cmd->q[1] = FIELD_PREP(CMDQ_CFGI_1_RANGE, CMDQ_CFGI_1_RANGE_ALL);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_cmd_cfgi_all);

/**
 * swsmmu_cmd_tlbi_asid() - CMD_TLBI_NH_ASID
 * @cmd: the command to fill
 * @asid: ASID whose stage-1 entries go
 */
void swsmmu_cmd_tlbi_asid(struct swsmmu_cmd *cmd, u16 asid)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_TLBI_NH_ASID) |
		    FIELD_PREP(CMDQ_TLBI_0_ASID, asid);
	cmd->q[1] = 0;
}

/**
 * swsmmu_cmd_tlbi_vmall() - CMD_TLBI_S12_VMALL
 * @cmd: the command to fill
 * @vmid: VMID whose stage-1 and stage-2 entries go
 */
void swsmmu_cmd_tlbi_vmall(struct swsmmu_cmd *cmd, u16 vmid)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_TLBI_S12_VMALL) |
		    FIELD_PREP(CMDQ_TLBI_0_VMID, vmid);
	cmd->q[1] = 0;
}

/**
 * swsmmu_cmd_tlbi_nsnh_all() - CMD_TLBI_NSNH_ALL: every non-secure,
 *                              non-hypervisor entry
 * @cmd: the command to fill
 */
void swsmmu_cmd_tlbi_nsnh_all(struct swsmmu_cmd *cmd)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_TLBI_NSNH_ALL);
	cmd->q[1] = 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_cmd_tlbi_nsnh_all);

/**
 * swsmmu_cmd_tlbi_addr() - CMD_TLBI_NH_VA or CMD_TLBI_S2_IPA
 * @cmd: the command to fill
 * @inv: stage (1: NH_VA by ASID and VMID; 2: S2_IPA by VMID) and tags
 * @addr: the VA or IPA (bits below the granule are ignored)
 * @leaf: only leaf entries need go
 * @num: NUM, the range is NUM + 1 times 2^SCALE granules; with @scale,
 *       meaningful only with @tg
 * @scale: SCALE
 * @tg: TG, CMDQ_TLBI_TG_* (0: one address, no range)
 */
void swsmmu_cmd_tlbi_addr(struct swsmmu_cmd *cmd,
			  const struct swsmmu_tlbi *inv, u64 addr, bool leaf,
			  u8 num, u8 scale, u8 tg)
{
	if (inv->stage == 1)
		cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_TLBI_NH_VA) |
			    FIELD_PREP(CMDQ_TLBI_0_ASID, inv->asid);
	else
		cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_TLBI_S2_IPA);
	cmd->q[0] |= FIELD_PREP(CMDQ_TLBI_0_VMID, inv->vmid) |
		     FIELD_PREP(CMDQ_TLBI_0_NUM, num) |
		     FIELD_PREP(CMDQ_TLBI_0_SCALE, scale);
	cmd->q[1] = (leaf ? CMDQ_TLBI_1_LEAF : 0) |
		    FIELD_PREP(CMDQ_TLBI_1_TG, tg) | (addr & CMDQ_TLBI_1_VA);
}

/**
 * swsmmu_cmd_pri_resp() - CMD_PRI_RESP: answer a Page Request Group
 * @cmd: the command to fill
 * @sid: StreamID of the requests
 * @ssv: the requests carried a PASID
 * @ssid: the PASID, with @ssv
 * @grpid: Page Request Group Index
 * @resp: CMDQ_PRI_1_RESP_*
 */
void swsmmu_cmd_pri_resp(struct swsmmu_cmd *cmd, u32 sid, bool ssv, u32 ssid,
			 u16 grpid, u8 resp)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_PRI_RESP) |
		    (ssv ? CMDQ_0_SSV | FIELD_PREP(CMDQ_PRI_0_SSID, ssid) : 0) |
		    FIELD_PREP(CMDQ_PRI_0_SID, sid);
	cmd->q[1] = FIELD_PREP(CMDQ_PRI_1_GRPID, grpid) |
		    FIELD_PREP(CMDQ_PRI_1_RESP, resp);
}

/**
 * swsmmu_cmd_resume() - CMD_RESUME: release a stalled transaction
 * @cmd: the command to fill
 * @sid: its StreamID
 * @stag: the STAG of its stall event
 * @retry: retry it, else terminate it with an abort
 */
void swsmmu_cmd_resume(struct swsmmu_cmd *cmd, u32 sid, u16 stag, bool retry)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_RESUME) |
		    FIELD_PREP(CMDQ_RESUME_0_SID, sid) |
		    FIELD_PREP(CMDQ_RESUME_0_RESP,
			       retry ? CMDQ_RESUME_0_RESP_RETRY :
				       CMDQ_RESUME_0_RESP_ABORT);
	cmd->q[1] = FIELD_PREP(CMDQ_RESUME_1_STAG, stag);
}

/**
 * swsmmu_cmd_sync() - CMD_SYNC without interrupt or MSI
 * @cmd: the command to fill
 */
void swsmmu_cmd_sync(struct swsmmu_cmd *cmd)
{
	cmd->q[0] = FIELD_PREP(CMDQ_0_OP, CMDQ_OP_SYNC) |
		    FIELD_PREP(CMDQ_SYNC_0_CS, CMDQ_SYNC_0_CS_NONE);
	cmd->q[1] = 0;
}

/* ---------------------------------------------------------------------- */
/* Submission                                                             */
/* ---------------------------------------------------------------------- */

static void swsmmu_cmdq_write(struct swsmmu_queue *q, u32 prod,
			      const struct swsmmu_cmd *cmd)
{
	__le64 *ent = q->base + (size_t)q_idx(q, prod) * CMDQ_ENT_DWORDS;

	WRITE_ONCE(ent[0], cpu_to_le64(cmd->q[0]));
	WRITE_ONCE(ent[1], cpu_to_le64(cmd->q[1]));
}

/*
 * The queue stopped on the command at CONS: report it and let the SMMU go
 * on.  An illegal command is replaced with a CMD_SYNC; a command whose
 * fetch aborted (CERROR_ABT) is good and fetched again, because skipping
 * it would lose an invalidation.  Called with cmdq_lock held.
 */
static void swsmmu_cmdq_skip_err(struct swsmmu_device *smmu, u32 cons)
{
	struct swsmmu_queue *q = &smmu->cmdq;
	__le64 *ent = q->base + (size_t)q_idx(q, cons) * CMDQ_ENT_DWORDS;
	u32 err = FIELD_GET(CMDQ_CONS_ERR, cons);
	u32 gerror, gerrorn;
	struct swsmmu_cmd sync;

	dev_err_ratelimited(smmu->dev,
			    "CMDQ error %u (%s) at %#x: command %#llx %#llx (opcode %#llx)\n",
			    err, err == CMDQ_CONS_ERR_ABT ? "fetch abort, retried" :
			    "skipped", q_idx(q, cons),
			    le64_to_cpu(ent[0]), le64_to_cpu(ent[1]),
			    FIELD_GET(CMDQ_0_OP, le64_to_cpu(ent[0])));
	atomic64_inc(&smmu->stats.cmd_errors);

	if (err != CMDQ_CONS_ERR_ABT) {
		swsmmu_cmd_sync(&sync);
		swsmmu_cmdq_write(q, cons, &sync);
	}
	/* Acknowledge: GERRORN.CMDQ_ERR := GERROR.CMDQ_ERR resumes the queue */
	gerror = swsmmu_hw_read32(smmu->hw, SMMU_GERROR);
	gerrorn = swsmmu_hw_read32(smmu->hw, SMMU_GERRORN);
	gerrorn = (gerrorn & ~GERROR_CMDQ_ERR) | (gerror & GERROR_CMDQ_ERR);
	swsmmu_hw_write32(smmu->hw, SMMU_GERRORN, gerrorn);
}

/* Read CONS; handle a stopped queue.  Called with cmdq_lock held. */
static u32 swsmmu_cmdq_read_cons(struct swsmmu_device *smmu)
{
	u32 cons = swsmmu_hw_read32(smmu->hw, SMMU_CMDQ_CONS);

	if (FIELD_GET(CMDQ_CONS_ERR, cons) != CMDQ_CONS_ERR_NONE) {
		swsmmu_cmdq_skip_err(smmu, cons);
		cons = swsmmu_hw_read32(smmu->hw, SMMU_CMDQ_CONS);
	}
	return cons & (BIT(smmu->cmdq.shift + 1) - 1);
}

/* Has CONS moved past @target (a value of PROD)? */
static bool swsmmu_cmdq_done(u32 target, u32 cons)
{
	/* consumed when CONS has caught up with the PROD we published */
	return cons == target;
}

/**
 * swsmmu_cmdq_issue() - submit commands, optionally followed by a CMD_SYNC
 * @smmu: the SMMU
 * @cmds: commands
 * @n: number of @cmds
 * @sync: append a CMD_SYNC and wait until the SMMU has consumed it
 *
 * May be called in atomic context.
 *
 * Return: 0, or -ETIMEDOUT if the SMMU stopped consuming.
 */
int swsmmu_cmdq_issue(struct swsmmu_device *smmu,
		      const struct swsmmu_cmd *cmds, unsigned int n, bool sync)
{
	struct swsmmu_queue *q = &smmu->cmdq;
	struct swsmmu_cmd sync_cmd;
	unsigned long flags;
	unsigned int i, total = n + (sync ? 1 : 0);
	u64 t0 = 0;
	int ret = 0;
	int spin;

	swsmmu_cmd_sync(&sync_cmd);
	spin_lock_irqsave(&smmu->cmdq_lock, flags);
	for (i = 0; i < total; i++) {
		spin = 0;
		while (q_full(q, q->prod, q->cons)) {
			/* Publish what we have so the SMMU can make room */
			swsmmu_hw_write32(smmu->hw, SMMU_CMDQ_PROD, q->prod);
			q->cons = swsmmu_cmdq_read_cons(smmu);
			if (++spin > SWSMMU_CMDQ_TIMEOUT_US) {
				ret = -ETIMEDOUT;
				goto out;
			}
			udelay(1);
		}
		swsmmu_cmdq_write(q, q->prod, i < n ? &cmds[i] : &sync_cmd);
		q->prod = q_inc(q, q->prod);
	}
	/* Entries must be visible before the SMMU sees the new PROD */
	wmb();
	if (trace_swsmmu_cmdq_submit_enabled())
		t0 = ktime_get_ns();
	swsmmu_hw_write32(smmu->hw, SMMU_CMDQ_PROD, q->prod);
	atomic64_add(total, &smmu->stats.commands);
#ifdef SWSMMU_MUTANT_no_sync_wait
	/* Mutant (tools/mutants.sh): the CMD_SYNC is queued, never waited for */
	sync = false;
#endif

	spin = 0;
	for (;;) {
		q->cons = swsmmu_cmdq_read_cons(smmu);
		if (!sync || swsmmu_cmdq_done(q->prod, q->cons))
			break;
		if (++spin > SWSMMU_CMDQ_TIMEOUT_US) {
			ret = -ETIMEDOUT;
			break;
		}
		udelay(1);
	}
out:
	spin_unlock_irqrestore(&smmu->cmdq_lock, flags);
	trace_swsmmu_cmdq_submit(dev_name(smmu->dev), total, sync,
				 t0 ? ktime_get_ns() - t0 : 0, ret);
	if (ret)
		dev_err_ratelimited(smmu->dev, "command queue timeout (PROD %#x CONS %#x)\n",
				    q->prod, q->cons);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_cmdq_issue);

/**
 * swsmmu_cmdq_sync() - submit a CMD_SYNC alone and wait for it
 * @smmu: the SMMU
 *
 * Return: as swsmmu_cmdq_issue().
 */
int swsmmu_cmdq_sync(struct swsmmu_device *smmu)
{
	return swsmmu_cmdq_issue(smmu, NULL, 0, true);
}

/**
 * swsmmu_batch_add() - append a command to a batch, submitting a full batch
 * @smmu: the SMMU
 * @b: the batch (initialise with num = 0)
 * @cmd: the command
 */
void swsmmu_batch_add(struct swsmmu_device *smmu, struct swsmmu_cmd_batch *b,
		      const struct swsmmu_cmd *cmd)
{
	if (b->num == ARRAY_SIZE(b->cmds)) {
		swsmmu_cmdq_issue(smmu, b->cmds, b->num, false);
		b->num = 0;
	}
	b->cmds[b->num++] = *cmd;
}

/**
 * swsmmu_batch_submit() - submit a batch followed by a CMD_SYNC, and wait
 * @smmu: the SMMU
 * @b: the batch; empty again on return
 *
 * Return: as swsmmu_cmdq_issue().
 */
int swsmmu_batch_submit(struct swsmmu_device *smmu, struct swsmmu_cmd_batch *b)
{
	int ret = swsmmu_cmdq_issue(smmu, b->cmds, b->num, true);

	b->num = 0;
	return ret;
}

/* ---------------------------------------------------------------------- */
/* TLB invalidation by address                                            */
/* ---------------------------------------------------------------------- */

static u8 swsmmu_tlbi_tg(unsigned int granule_shift)
{
	switch (granule_shift) {
	case 12:
		return CMDQ_TLBI_TG_4K;
	case 14:
		return CMDQ_TLBI_TG_16K;
	default:
		return CMDQ_TLBI_TG_64K;
	}
}

/**
 * swsmmu_tlbi_range() - queue TLBI commands for an address range
 * @smmu: the SMMU
 * @b: batch to add the commands to
 * @inv: what to invalidate: stage, ASID or VMID, granule
 * @iova: first address (granule-aligned)
 * @size: bytes (a multiple of the granule)
 * @leaf: only leaf entries changed (no table was freed)
 *
 * With range invalidation (IDR3.RIL) each command covers
 * (NUM + 1) * 2^SCALE granules starting at its address, so a range takes
 * one command per set bit run of its page count; without it, one command
 * per granule, or the whole ASID/VMID when that would take more than
 * SWSMMU_TLBI_MAX_OPS commands.
 */
void swsmmu_tlbi_range(struct swsmmu_device *smmu, struct swsmmu_cmd_batch *b,
		       const struct swsmmu_tlbi *inv, u64 iova, u64 size,
		       bool leaf)
{
	unsigned int shift = inv->granule_shift;
	u64 pages = size >> shift;
	struct swsmmu_cmd cmd;

	if (!pages)
		return;

	if (!smmu->ril) {
		if (pages > SWSMMU_TLBI_MAX_OPS) {
			if (inv->stage == 1)
				swsmmu_cmd_tlbi_asid(&cmd, inv->asid);
			else
				swsmmu_cmd_tlbi_vmall(&cmd, inv->vmid);
			swsmmu_batch_add(smmu, b, &cmd);
			return;
		}
		while (pages--) {
			swsmmu_cmd_tlbi_addr(&cmd, inv, iova, leaf, 0, 0, 0);
			swsmmu_batch_add(smmu, b, &cmd);
			iova += BIT_ULL(shift);
		}
		return;
	}

	while (pages) {
		/*
		 * Take the lowest set bit of the page count as 2^SCALE and the
		 * five bits from there as NUM + 1 (odd, so never zero); what is
		 * left has its lowest set bit higher up.
		 */
		unsigned int scale = __ffs64(pages);
		u64 num = (pages >> scale) & 0x1f;
		u64 cover = num;

		/*
		 * TG != 0 with NUM = SCALE = TTL = 0 is a Reserved encoding, and
		 * TTL (the leaf level) is not known here since blocks may have
		 * been unmapped: cover a single page with a two-page range.
		 */
		if (!scale && num == 1)
			cover = 2;
		swsmmu_cmd_tlbi_addr(&cmd, inv, iova, leaf, cover - 1, scale,
				     swsmmu_tlbi_tg(shift));
		swsmmu_batch_add(smmu, b, &cmd);
		iova += (num << scale) << shift;
		pages -= num << scale;
	}
}

/* ---------------------------------------------------------------------- */
/* Output queues: events and page requests                                */
/* ---------------------------------------------------------------------- */

/**
 * swsmmu_queue_consume() - drain the event queue or the PRI queue
 * @smmu: the SMMU
 * @q: the queue (its @prod_reg and @cons_reg are used)
 * @overflows: counts the overflows seen (PROD.OVFLG != CONS.OVACKFLG)
 * @name: the queue, for the overflow message ("event", "PRI")
 * @lost: what an overflow lost, for the message ("events")
 * @free_first: write CONS before handling each record (a handler that may
 *              wait for the SMMU to produce more), else after each run
 * @handle: called for each record, in order, with its qwords in CPU order
 *
 * Acknowledges an overflow (CONS.OVACKFLG follows PROD.OVFLG), then
 * handles records until PROD stops moving.  Process context.
 */
void swsmmu_queue_consume(struct swsmmu_device *smmu, struct swsmmu_queue *q,
			  atomic64_t *overflows, const char *name,
			  const char *lost, bool free_first,
			  void (*handle)(struct swsmmu_device *smmu,
					 const u64 *rec))
{
	u32 mask = BIT(q->shift + 1) - 1;
	u64 rec[SWSMMU_QUEUE_MAX_DWORDS];
	unsigned int i;
	u32 prod;

	if (WARN_ON_ONCE(q->ent_dwords > ARRAY_SIZE(rec)))
		return;
	for (;;) {
		prod = swsmmu_hw_read32(smmu->hw, q->prod_reg);
		if ((prod & Q_OVF) != (q->cons & Q_OVF)) {
			atomic64_inc(overflows);
			dev_err_ratelimited(smmu->dev,
					    "%s queue overflowed: %s were lost\n",
					    name, lost);
			q->cons ^= Q_OVF;
		}
		if ((prod & mask) == (q->cons & mask))
			break;
		while ((q->cons & mask) != (prod & mask)) {
			const __le64 *ent = q->base + (size_t)(q->cons &
				(BIT(q->shift) - 1)) * q->ent_dwords;

			/* Read the record only after seeing PROD move past it */
			rmb();
			for (i = 0; i < q->ent_dwords; i++)
				rec[i] = le64_to_cpu(READ_ONCE(ent[i]));
			q->cons = (q->cons & Q_OVF) | ((q->cons + 1) & mask);
			if (free_first)
				swsmmu_hw_write32(smmu->hw, q->cons_reg, q->cons);
			handle(smmu, rec);
		}
		if (!free_first)
			swsmmu_hw_write32(smmu->hw, q->cons_reg, q->cons);
	}
	swsmmu_hw_write32(smmu->hw, q->cons_reg, q->cons);
}
