// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's queues, programmed through the
 * register file like a driver does: command legality per opcode and per
 * feature, CONS advance and wrap, command errors and their recovery,
 * CMD_SYNC completion signals, event and PRI queue records and overflow,
 * PRI responses, and the stall model.  Queues live in kmalloc()ed memory
 * (naturally aligned for power-of-two sizes) and are addressed by PA.
 */
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <kunit/test.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"

/* A PA with no RAM behind it (16TB): fetches and writes to it abort */
#define QT_NO_RAM	BIT_ULL(44)

/* Features a case can take away from the full set */
#define F_NO_S1		BIT(0)
#define F_NO_S2		BIT(1)
#define F_NO_PRI	BIT(2)
#define F_NO_STALL	BIT(3)
#define F_NO_RIL	BIT(4)
#define F_NO_ASID16	BIT(5)
#define F_NO_VMID16	BIT(6)
#define F_NO_SEV	BIT(7)
#define F_NO_MSI	BIT(8)
#define F_SSID4		BIT(9)	/* SSIDSIZE 4 instead of 20 */
#define F_CMDQ2		BIT(10)	/* CMDQS 2: at most 4 commands */

#define QT_MAX_THREADS	8

struct qt;

/* A helper thread that blocks in the model (swsmmu_hw_stall(), swsmmu_hw_pri_wait()) */
struct qt_thread {
	struct qt *qt;
	u64 evt[4];
	u32 sid, ssid;
	bool ssv;
	u16 grpid;
	unsigned long timeout;
	int ret;
	struct completion done;
};

struct qt {
	struct kunit *test;
	struct swsmmu_hw *hw;
	__le64 *cmdq;
	__le64 *evtq;
	__le64 *priq;
	unsigned int cmdq_log2;
	unsigned int evtq_log2;
	unsigned int priq_log2;
	u32 prod;		/* the driver's copy of CMDQ_PROD */
	spinlock_t lock;	/* protects @lines */
	unsigned int lines;	/* interrupt lines delivered */
	struct completion irq;
	/* allocated with @qt, so that they outlive qt_destroy() */
	struct qt_thread threads[QT_MAX_THREADS];
	unsigned int nr_threads;	/* started */
	unsigned int nr_alloc;
};

static struct swsmmu_hw_features qt_features(unsigned int off)
{
	struct swsmmu_hw_features f = {
		.sid_bits = 16, .ssid_bits = 20, .oas = PA_SIZE_48,
		.cmdq_bits = 19, .evtq_bits = 19, .priq_bits = 19,
		.st_2lvl = true, .cd_2lvl = true, .s1 = true, .s2 = true,
		.gran4k = true, .gran16k = true, .gran64k = true,
		.asid16 = true, .vmid16 = true, .pri = true, .stall = true,
		.ril = true, .msi = true, .sev = true,
	};

	f.s1 = !(off & F_NO_S1);
	f.s2 = !(off & F_NO_S2);
	f.pri = !(off & F_NO_PRI);
	f.stall = !(off & F_NO_STALL);
	f.ril = !(off & F_NO_RIL);
	f.asid16 = !(off & F_NO_ASID16);
	f.vmid16 = !(off & F_NO_VMID16);
	f.sev = !(off & F_NO_SEV);
	f.msi = !(off & F_NO_MSI);
	if (off & F_SSID4)
		f.ssid_bits = 4;
	if (off & F_CMDQ2)
		f.cmdq_bits = 2;
	return f;
}

static void qt_irq(void *priv, unsigned int lines)
{
	struct qt *qt = priv;

	spin_lock(&qt->lock);
	qt->lines |= lines;
	spin_unlock(&qt->lock);
	complete(&qt->irq);
}

/* Interrupt lines delivered so far (after flushing delivery), cleared */
static unsigned int qt_lines(struct qt *qt)
{
	unsigned int lines;

	flush_work(&qt->hw->irq_work);
	spin_lock(&qt->lock);
	lines = qt->lines;
	qt->lines = 0;
	spin_unlock(&qt->lock);
	return lines;
}

static void qt_destroy(void *data)
{
	struct qt *qt = data;
	unsigned int i;

	/* SMMUEN 1->0 aborts every stall: no helper thread outlives us */
	swsmmu_hw_write32(qt->hw, SMMU_CR0, 0);
	for (i = 0; i < qt->nr_threads; i++)
		wait_for_completion(&qt->threads[i].done);
	swsmmu_hw_free_irq(qt->hw);
	swsmmu_hw_destroy(qt->hw);
}

static __le64 *qt_alloc_queue(struct qt *qt, unsigned int log2,
			      unsigned int ent_shift)
{
	size_t size = max_t(size_t, BIT(log2 + ent_shift), 32);
	__le64 *q = kunit_kzalloc(qt->test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(qt->test, q);
	KUNIT_ASSERT_TRUE(qt->test, IS_ALIGNED(virt_to_phys(q), size));
	return q;
}

/*
 * An enabled instance with queues of 2^cmdq_log2 commands, 2^evtq_log2
 * events and 2^priq_log2 page requests, all interrupts enabled and a
 * handler installed, CR0 = SMMUEN | CMDQEN | EVTQEN | PRIQEN.
 */
static struct qt *qt_create(struct kunit *test, unsigned int off,
			    unsigned int cmdq_log2, unsigned int evtq_log2,
			    unsigned int priq_log2)
{
	struct swsmmu_hw_features f = qt_features(off);
	struct qt *qt;

	qt = kunit_kzalloc(test, sizeof(*qt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, qt);
	qt->test = test;
	spin_lock_init(&qt->lock);
	init_completion(&qt->irq);
	qt->cmdq_log2 = cmdq_log2;
	qt->evtq_log2 = evtq_log2;
	qt->priq_log2 = priq_log2;
	qt->cmdq = qt_alloc_queue(qt, cmdq_log2, CMDQ_ENT_SZ_SHIFT);
	qt->evtq = qt_alloc_queue(qt, evtq_log2, EVTQ_ENT_SZ_SHIFT);
	qt->priq = qt_alloc_queue(qt, priq_log2, PRIQ_ENT_SZ_SHIFT);

	qt->hw = swsmmu_hw_create("kunit-queue", &f);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, qt->hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, qt_destroy, qt),
			0);
	swsmmu_hw_request_irq(qt->hw, qt_irq, qt);

	swsmmu_hw_write64(qt->hw, SMMU_CMDQ_BASE,
			  virt_to_phys(qt->cmdq) | cmdq_log2);
	swsmmu_hw_write32(qt->hw, SMMU_CMDQ_PROD, 0);
	swsmmu_hw_write32(qt->hw, SMMU_CMDQ_CONS, 0);
	swsmmu_hw_write64(qt->hw, SMMU_EVTQ_BASE,
			  virt_to_phys(qt->evtq) | evtq_log2);
	swsmmu_hw_write32(qt->hw, SMMU_EVTQ_PROD, 0);
	swsmmu_hw_write32(qt->hw, SMMU_EVTQ_CONS, 0);
	swsmmu_hw_write64(qt->hw, SMMU_PRIQ_BASE,
			  virt_to_phys(qt->priq) | priq_log2);
	swsmmu_hw_write32(qt->hw, SMMU_PRIQ_PROD, 0);
	swsmmu_hw_write32(qt->hw, SMMU_PRIQ_CONS, 0);
	swsmmu_hw_write32(qt->hw, SMMU_IRQ_CTRL, IRQ_CTRL_GERROR_IRQEN |
			  IRQ_CTRL_PRIQ_IRQEN | IRQ_CTRL_EVTQ_IRQEN);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN |
			  CR0_EVTQEN | CR0_PRIQEN);
	return qt;
}

/* Queue one command at the driver's PROD, without telling the SMMU */
static void qt_put(struct qt *qt, u64 c0, u64 c1)
{
	u32 idx = qt->prod & (BIT(qt->cmdq_log2) - 1);

	qt->cmdq[2 * idx] = cpu_to_le64(c0);
	qt->cmdq[2 * idx + 1] = cpu_to_le64(c1);
	qt->prod = (qt->prod + 1) & GENMASK(qt->cmdq_log2, 0);
}

static void qt_kick(struct qt *qt)
{
	swsmmu_hw_write32(qt->hw, SMMU_CMDQ_PROD, qt->prod);
}

static void qt_issue(struct qt *qt, u64 c0, u64 c1)
{
	qt_put(qt, c0, c1);
	qt_kick(qt);
}

static u32 qt_read(struct qt *qt, u32 off)
{
	return swsmmu_hw_read32(qt->hw, off);
}

/* CMDQ_CONS with index @idx and error code @err */
static u32 qt_cons_err(u32 idx, u32 err)
{
	return idx | FIELD_PREP(CMDQ_CONS_ERR, err);
}

/* Poll a register until it reads @want (2s at most) */
static bool qt_poll(struct qt *qt, u32 off, u32 want)
{
	unsigned long end = jiffies + 2 * HZ;

	while (qt_read(qt, off) != want) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(200, 500);
	}
	return true;
}

static u64 qt_evt(struct qt *qt, unsigned int slot, unsigned int dw)
{
	return le64_to_cpu(READ_ONCE(qt->evtq[slot * EVTQ_ENT_DWORDS + dw]));
}

static u64 qt_pri(struct qt *qt, unsigned int slot, unsigned int dw)
{
	return le64_to_cpu(READ_ONCE(qt->priq[slot * PRIQ_ENT_DWORDS + dw]));
}

static int qt_stall_fn(void *data)
{
	struct qt_thread *t = data;

	t->ret = swsmmu_hw_stall(t->qt->hw, t->evt);
	/* all: waited for by the test and by qt_destroy() */
	complete_all(&t->done);
	return 0;
}

static int qt_pri_fn(void *data)
{
	struct qt_thread *t = data;

	t->ret = swsmmu_hw_pri_wait(t->qt->hw, t->sid, t->ssid, t->ssv, t->grpid,
				    t->timeout);
	/* all: waited for by the test and by qt_destroy() */
	complete_all(&t->done);
	return 0;
}

static struct qt_thread *qt_thread_new(struct qt *qt)
{
	struct qt_thread *t;

	/* threads start in allocation order: one at a time */
	KUNIT_ASSERT_EQ(qt->test, qt->nr_alloc, qt->nr_threads);
	KUNIT_ASSERT_LT(qt->test, qt->nr_alloc, QT_MAX_THREADS);
	t = &qt->threads[qt->nr_alloc++];
	t->qt = qt;
	init_completion(&t->done);
	return t;
}

static void qt_thread_start(struct qt_thread *t, int (*fn)(void *))
{
	struct qt *qt = t->qt;
	struct task_struct *task;

	task = kthread_run(fn, t, "swsmmu-qt");
	KUNIT_ASSERT_FALSE(qt->test, IS_ERR(task));
	/* from here on, qt_destroy() waits for it */
	qt->nr_threads++;
}

/* A thread whose transaction on @sid faulted with stall enabled */
static struct qt_thread *qt_start_stall(struct qt *qt, u32 sid, u64 addr)
{
	struct qt_thread *t = qt_thread_new(qt);

	t->evt[0] = FIELD_PREP(EVTQ_0_ID, EVT_ID_TRANSLATION) |
		    FIELD_PREP(EVTQ_0_SID, sid);
	/* with a stale STAG the model must replace */
	t->evt[1] = EVTQ_1_RnW | FIELD_PREP(EVTQ_1_STAG, 0xffff);
	t->evt[2] = addr;
	qt_thread_start(t, qt_stall_fn);
	return t;
}

static bool qt_done(struct qt_thread *t, unsigned int ms)
{
	return wait_for_completion_timeout(&t->done, msecs_to_jiffies(ms));
}

/* ---------------------------------------------------------------------- */
/* Command legality, one case per opcode and per rejection rule           */
/* ---------------------------------------------------------------------- */

#define OP(op)		FIELD_PREP_CONST(CMDQ_0_OP, CMDQ_OP_##op)
#define OPN(n)		FIELD_PREP_CONST(CMDQ_0_OP, n)
#define SID(s)		FIELD_PREP_CONST(CMDQ_CFGI_0_SID, s)
#define SSID(s)		FIELD_PREP_CONST(CMDQ_CFGI_0_SSID, s)
#define ASID(a)		FIELD_PREP_CONST(CMDQ_TLBI_0_ASID, a)
#define VMID(v)		FIELD_PREP_CONST(CMDQ_TLBI_0_VMID, v)
#define NUM(n)		FIELD_PREP_CONST(CMDQ_TLBI_0_NUM, n)
#define SCALE(s)	FIELD_PREP_CONST(CMDQ_TLBI_0_SCALE, s)
#define TG(g)		FIELD_PREP_CONST(CMDQ_TLBI_1_TG, g)
#define TTL(l)		FIELD_PREP_CONST(CMDQ_TLBI_1_TTL, l)
#define CS(c)		FIELD_PREP_CONST(CMDQ_SYNC_0_CS, c)
#define PRESP(r)	FIELD_PREP_CONST(CMDQ_PRI_1_RESP, r)
#define RRESP(r)	FIELD_PREP_CONST(CMDQ_RESUME_0_RESP, r)

/* Which hook a legal command calls */
enum { H_NONE, H_CFG, H_TLB, H_SYNC };

struct qt_cmd_case {
	const char *name;
	unsigned int off;
	u64 c0, c1;
	u8 err;
	u8 hook;
};

#define OK(n, o, a, b, h)	{ n, o, a, b, CMDQ_CONS_ERR_NONE, h }
#define ILL(n, o, a, b)		{ n, o, a, b, CMDQ_CONS_ERR_ILL, H_NONE }

static const struct qt_cmd_case qt_cmd_cases[] = {
	OK("PREFETCH_CONFIG", 0, OP(PREFETCH_CONFIG) | SID(5), 0, H_NONE),
	OK("PREFETCH_CONFIG SSID out of range is no error", F_SSID4,
	   OP(PREFETCH_CONFIG) | CMDQ_0_SSV | SID(5) | SSID(16), 0, H_NONE),
	ILL("PREFETCH_CONFIG SSec", 0,
	    OP(PREFETCH_CONFIG) | CMDQ_0_SSEC | SID(5), 0),
	OK("PREFETCH_ADDR", 0, OP(PREFETCH_ADDR) | SID(5), 0x40003, H_NONE),
	ILL("PREFETCH_ADDR SSec", 0, OP(PREFETCH_ADDR) | CMDQ_0_SSEC, 0),
	OK("CFGI_STE", 0, OP(CFGI_STE) | SID(9), CMDQ_CFGI_1_LEAF, H_CFG),
	ILL("CFGI_STE SSec", 0, OP(CFGI_STE) | CMDQ_0_SSEC | SID(9), 0),
	OK("CFGI_STE_RANGE", 0, OP(CFGI_STE_RANGE) | SID(9), 3, H_CFG),
	ILL("CFGI_STE_RANGE SSec", 0, OP(CFGI_STE_RANGE) | CMDQ_0_SSEC, 3),
	OK("CFGI_ALL", 0, OP(CFGI_STE_RANGE), CMDQ_CFGI_1_RANGE_ALL, H_CFG),
	OK("CFGI_CD", 0, OP(CFGI_CD) | SID(9) | SSID(3), 0, H_CFG),
	ILL("CFGI_CD without stage 1", F_NO_S1, OP(CFGI_CD) | SID(9), 0),
	ILL("CFGI_CD SSec", 0, OP(CFGI_CD) | CMDQ_0_SSEC | SID(9), 0),
	OK("CFGI_CD_ALL", 0, OP(CFGI_CD_ALL) | SID(9), 0, H_CFG),
	ILL("CFGI_CD_ALL without stage 1", F_NO_S1, OP(CFGI_CD_ALL), 0),
	ILL("CFGI_CD_ALL SSec", 0, OP(CFGI_CD_ALL) | CMDQ_0_SSEC, 0),
	ILL("CFGI_VMS_PIDM (no MPAM)", 0, OP(CFGI_VMS_PIDM), 0),
	OK("TLBI_NH_ALL", 0, OP(TLBI_NH_ALL) | VMID(1), 0, H_TLB),
	ILL("TLBI_NH_ALL without stage 1", F_NO_S1, OP(TLBI_NH_ALL), 0),
	OK("TLBI_NH_ASID", 0, OP(TLBI_NH_ASID) | ASID(0x1234), 0, H_TLB),
	ILL("TLBI_NH_ASID without stage 1", F_NO_S1, OP(TLBI_NH_ASID), 0),
	ILL("TLBI_NH_ASID ASID[15:8] without ASID16", F_NO_ASID16,
	    OP(TLBI_NH_ASID) | ASID(0x100), 0),
	OK("TLBI_NH_ASID 8-bit ASID without ASID16", F_NO_ASID16,
	   OP(TLBI_NH_ASID) | ASID(0xff), 0, H_TLB),
	ILL("TLBI_NH_ASID VMID[15:8] without VMID16", F_NO_VMID16,
	    OP(TLBI_NH_ASID) | VMID(0x100), 0),
	OK("TLBI_NH_ASID VMID unchecked without stage 2",
	   F_NO_S2 | F_NO_VMID16, OP(TLBI_NH_ASID) | VMID(0x100), 0, H_TLB),
	OK("TLBI_NH_VA", 0, OP(TLBI_NH_VA) | ASID(1), 0x5000, H_TLB),
	OK("TLBI_NH_VA range", 0, OP(TLBI_NH_VA) | NUM(3) | SCALE(2),
	   0x5000 | TG(CMDQ_TLBI_TG_4K), H_TLB),
	OK("TLBI_NH_VA level hint only", 0, OP(TLBI_NH_VA),
	   0x5000 | TG(CMDQ_TLBI_TG_4K) | TTL(3) | CMDQ_TLBI_1_LEAF, H_TLB),
	ILL("TLBI_NH_VA without stage 1", F_NO_S1, OP(TLBI_NH_VA), 0x5000),
	ILL("TLBI_NH_VA range without RIL", F_NO_RIL,
	    OP(TLBI_NH_VA) | NUM(3), 0x5000 | TG(CMDQ_TLBI_TG_4K)),
	ILL("TLBI_NH_VA TTL without RIL", F_NO_RIL,
	    OP(TLBI_NH_VA), 0x5000 | TG(CMDQ_TLBI_TG_4K) | TTL(3)),
	ILL("TLBI_NH_VA NUM without TG", 0, OP(TLBI_NH_VA) | NUM(1), 0x5000),
	ILL("TLBI_NH_VA SCALE without TG", 0,
	    OP(TLBI_NH_VA) | SCALE(1), 0x5000),
	ILL("TLBI_NH_VA TTL without TG", 0, OP(TLBI_NH_VA), 0x5000 | TTL(2)),
	ILL("TLBI_NH_VA TG alone is Reserved", 0, OP(TLBI_NH_VA),
	    0x5000 | TG(CMDQ_TLBI_TG_64K)),
	ILL("TLBI_NH_VA 16KB TTL 1 without DS", 0, OP(TLBI_NH_VA),
	    0x5000 | TG(CMDQ_TLBI_TG_16K) | TTL(1)),
	ILL("TLBI_NH_VA ASID[15:8] without ASID16", F_NO_ASID16,
	    OP(TLBI_NH_VA) | ASID(0x8000), 0x5000),
	OK("TLBI_NH_VAA", 0, OP(TLBI_NH_VAA) | VMID(2), 0x5000, H_TLB),
	ILL("TLBI_NH_VAA without stage 1", F_NO_S1, OP(TLBI_NH_VAA), 0),
	ILL("TLBI_NH_VAA VMID[15:8] without VMID16", F_NO_VMID16,
	    OP(TLBI_NH_VAA) | VMID(0x200), 0x5000),
	ILL("TLBI_EL3_ALL", 0, OP(TLBI_EL3_ALL), 0),
	ILL("TLBI_EL3_VA", 0, OP(TLBI_EL3_VA), 0x5000),
	ILL("TLBI_EL2_ALL (no HYP)", 0, OP(TLBI_EL2_ALL), 0),
	ILL("TLBI_EL2_ASID (no HYP)", 0, OP(TLBI_EL2_ASID), 0),
	ILL("TLBI_EL2_VA (no HYP)", 0, OP(TLBI_EL2_VA), 0x5000),
	ILL("TLBI_EL2_VAA (no HYP)", 0, OP(TLBI_EL2_VAA), 0x5000),
	OK("TLBI_S12_VMALL", 0, OP(TLBI_S12_VMALL) | VMID(0x1ff), 0, H_TLB),
	ILL("TLBI_S12_VMALL without stage 2", F_NO_S2, OP(TLBI_S12_VMALL), 0),
	ILL("TLBI_S12_VMALL VMID[15:8] without VMID16", F_NO_VMID16,
	    OP(TLBI_S12_VMALL) | VMID(0x100), 0),
	OK("TLBI_S2_IPA", 0, OP(TLBI_S2_IPA) | VMID(3), 0x80000, H_TLB),
	OK("TLBI_S2_IPA range", 0, OP(TLBI_S2_IPA) | SCALE(1),
	   0x80000 | TG(CMDQ_TLBI_TG_64K), H_TLB),
	ILL("TLBI_S2_IPA without stage 2", F_NO_S2, OP(TLBI_S2_IPA), 0),
	ILL("TLBI_S2_IPA range without RIL", F_NO_RIL,
	    OP(TLBI_S2_IPA) | SCALE(1), 0x80000 | TG(CMDQ_TLBI_TG_64K)),
	ILL("TLBI_S2_IPA VMID[15:8] without VMID16", F_NO_VMID16,
	    OP(TLBI_S2_IPA) | VMID(0x100), 0x80000),
	OK("TLBI_NSNH_ALL", 0, OP(TLBI_NSNH_ALL), 0, H_TLB),
	OK("TLBI_NSNH_ALL stage 1 only", F_NO_S2, OP(TLBI_NSNH_ALL), 0, H_TLB),
	OK("TLBI_NSNH_ALL stage 2 only", F_NO_S1, OP(TLBI_NSNH_ALL), 0, H_TLB),
	ILL("ATC_INV (no ATS)", 0, OP(ATC_INV) | SID(1), 0),
	OK("PRI_RESP", 0, OP(PRI_RESP) | SID(1), PRESP(2) | 7, H_NONE),
	OK("PRI_RESP SSID out of range has no effect", F_SSID4,
	   OP(PRI_RESP) | CMDQ_0_SSV | SSID(16), PRESP(2), H_NONE),
	ILL("PRI_RESP without PRI", F_NO_PRI, OP(PRI_RESP) | SID(1), 0),
	ILL("PRI_RESP Resp 0b11", 0, OP(PRI_RESP) | SID(1), PRESP(3)),
	OK("RESUME", 0, OP(RESUME) | SID(1) | RRESP(1), 5, H_NONE),
	ILL("RESUME without stall model", F_NO_STALL,
	    OP(RESUME) | SID(1) | RRESP(1), 5),
	ILL("RESUME SSec", 0, OP(RESUME) | CMDQ_0_SSEC | SID(1), 5),
	OK("STALL_TERM", 0, OP(STALL_TERM) | SID(1), 0, H_NONE),
	ILL("STALL_TERM without stall model", F_NO_STALL,
	    OP(STALL_TERM) | SID(1), 0),
	ILL("STALL_TERM SSec", 0, OP(STALL_TERM) | CMDQ_0_SSEC | SID(1), 0),
	OK("SYNC CS=NONE", 0, OP(SYNC) | CS(CMDQ_SYNC_0_CS_NONE), 0, H_SYNC),
	OK("SYNC CS=IRQ", 0, OP(SYNC) | CS(CMDQ_SYNC_0_CS_IRQ), 0, H_SYNC),
	OK("SYNC CS=SEV", 0, OP(SYNC) | CS(CMDQ_SYNC_0_CS_SEV), 0, H_SYNC),
	OK("SYNC CS=SEV without SEV is SIG_NONE", F_NO_SEV,
	   OP(SYNC) | CS(CMDQ_SYNC_0_CS_SEV), 0, H_SYNC),
	ILL("SYNC CS=0b11", 0, OP(SYNC) | CS(3), 0),
	ILL("reserved opcode 0x00", 0, OPN(0x00), 0),
	ILL("reserved opcode 0x08", 0, OPN(0x08), 0),
	ILL("reserved opcode 0x14", 0, OPN(0x14), 0),
	ILL("reserved opcode 0x19", 0, OPN(0x19), 0),
	ILL("reserved opcode 0x31", 0, OPN(0x31), 0),
	ILL("reserved opcode 0x42", 0, OPN(0x42), 0),
	ILL("reserved opcode 0x47", 0, OPN(0x47), 0),
	ILL("TLBI_S_EL2_ALL (Secure only)", 0, OPN(0x50), 0),
	ILL("TLBI_SNH_ALL (Secure only)", 0, OPN(0x60), 0),
	ILL("DPTI_ALL (no DPT)", 0, OPN(0x70), 0),
	ILL("IMPLEMENTATION DEFINED opcode 0x80", 0, OPN(0x80), 0),
	ILL("reserved opcode 0xff", 0, OPN(0xff), 0),
};

static void qt_cmd_case_desc(const struct qt_cmd_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(qt_cmd, qt_cmd_cases, qt_cmd_case_desc);

static void queue_cmd_legality(struct kunit *test)
{
	const struct qt_cmd_case *c = test->param_value;
	struct qt *qt = qt_create(test, c->off, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	u32 cons;

	qt_issue(qt, c->c0, c->c1);
	cons = qt_read(qt, SMMU_CMDQ_CONS);
	if (c->err) {
		/* CONS stays on the command (index 0) with ERR = ILL */
		KUNIT_EXPECT_EQ(test, cons, qt_cons_err(0, c->err));
		KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), GERROR_CMDQ_ERR);
	} else {
		KUNIT_EXPECT_EQ(test, cons, 1);
		KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
	}
	KUNIT_EXPECT_EQ(test, tr->nr_cfg, c->hook == H_CFG ? 1 : 0);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, c->hook == H_TLB ? 1 : 0);
	KUNIT_EXPECT_EQ(test, tr->nr_sync, c->hook == H_SYNC ? 1 : 0);
}

/* ---------------------------------------------------------------------- */
/* Decoding of invalidation commands into the cache hooks                 */
/* ---------------------------------------------------------------------- */

static void queue_cfgi_decode(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;

	qt_issue(qt, OP(CFGI_STE) | SID(0x1234), CMDQ_CFGI_1_LEAF);
	KUNIT_EXPECT_EQ(test, tr->nr_cfg, 1);
	KUNIT_EXPECT_EQ(test, tr->cfg.op, HW_CFGI_STE);
	KUNIT_EXPECT_EQ(test, tr->cfg.sid, 0x1234);
	KUNIT_EXPECT_EQ(test, tr->cfg.nr_sids, 1);
	KUNIT_EXPECT_TRUE(test, tr->cfg.leaf);

	/* Range 3: 2^(3+1) = 16 StreamIDs, 0x12345 & ~0xf = 0x12340 */
	qt_issue(qt, OP(CFGI_STE_RANGE) | SID(0x12345), 3);
	KUNIT_EXPECT_EQ(test, tr->cfg.op, HW_CFGI_STE_RANGE);
	KUNIT_EXPECT_EQ(test, tr->cfg.sid, 0x12340);
	KUNIT_EXPECT_EQ(test, tr->cfg.nr_sids, 16);
	KUNIT_EXPECT_FALSE(test, tr->cfg.leaf);

	/* Range 0: 2 StreamIDs, 0x7 & ~0x1 = 0x6 */
	qt_issue(qt, OP(CFGI_STE_RANGE) | SID(7), 0);
	KUNIT_EXPECT_EQ(test, tr->cfg.sid, 6);
	KUNIT_EXPECT_EQ(test, tr->cfg.nr_sids, 2);

	/* Range 31 is CFGI_ALL: StreamID ignored, 2^32 StreamIDs from 0 */
	qt_issue(qt, OP(CFGI_STE_RANGE) | SID(0xabc), CMDQ_CFGI_1_RANGE_ALL);
	KUNIT_EXPECT_EQ(test, tr->cfg.op, HW_CFGI_ALL);
	KUNIT_EXPECT_EQ(test, tr->cfg.sid, 0);
	KUNIT_EXPECT_EQ(test, tr->cfg.nr_sids, BIT_ULL(32));

	qt_issue(qt, OP(CFGI_CD) | SID(7) | SSID(0x2a), 0);
	KUNIT_EXPECT_EQ(test, tr->cfg.op, HW_CFGI_CD);
	KUNIT_EXPECT_EQ(test, tr->cfg.sid, 7);
	KUNIT_EXPECT_EQ(test, tr->cfg.ssid, 0x2a);
	KUNIT_EXPECT_FALSE(test, tr->cfg.leaf);

	qt_issue(qt, OP(CFGI_CD) | SID(8) | SSID(0xfffff), CMDQ_CFGI_1_LEAF);
	KUNIT_EXPECT_EQ(test, tr->cfg.ssid, 0xfffff);
	KUNIT_EXPECT_TRUE(test, tr->cfg.leaf);

	qt_issue(qt, OP(CFGI_CD_ALL) | SID(0xffffffff), 0);
	KUNIT_EXPECT_EQ(test, tr->cfg.op, HW_CFGI_CD_ALL);
	KUNIT_EXPECT_EQ(test, tr->cfg.sid, 0xffffffff);
	KUNIT_EXPECT_EQ(test, tr->nr_cfg, 7);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 7);
}

static void queue_tlbi_decode(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;

	/*
	 * NUM 3, SCALE 2, TG 4KB (shift 12): (3 + 1) << (2 + 12) = 0x10000
	 * bytes from 0xffff800012345000 (VA[63:12]; bits [11:0] of qword 1
	 * carry Leaf, TTL and TG).
	 */
	qt_issue(qt, OP(TLBI_NH_VA) | ASID(0x1234) | VMID(0x56) | NUM(3) |
		 SCALE(2), 0xffff800012345000ULL | TG(CMDQ_TLBI_TG_4K) |
		 TTL(3) | CMDQ_TLBI_1_LEAF);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 1);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_NH_VA);
	KUNIT_EXPECT_EQ(test, tr->tlb.asid, 0x1234);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 0x56);
	KUNIT_EXPECT_EQ(test, tr->tlb.addr, 0xffff800012345000ULL);
	KUNIT_EXPECT_TRUE(test, tr->tlb.leaf);
	KUNIT_EXPECT_EQ(test, tr->tlb.tg, CMDQ_TLBI_TG_4K);
	KUNIT_EXPECT_EQ(test, tr->tlb.ttl, 3);
	KUNIT_EXPECT_EQ(test, tr->tlb.num, 3);
	KUNIT_EXPECT_EQ(test, tr->tlb.scale, 2);
	KUNIT_EXPECT_EQ(test, tr->tlb.tg_shift, 12);
	KUNIT_EXPECT_EQ(test, tr->tlb.size, 0x10000);

	/* No TG: a single address, no range (size 0) */
	qt_issue(qt, OP(TLBI_NH_VAA) | VMID(0x9), 0x7000);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_NH_VAA);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 9);
	KUNIT_EXPECT_EQ(test, tr->tlb.asid, 0);
	KUNIT_EXPECT_EQ(test, tr->tlb.addr, 0x7000);
	KUNIT_EXPECT_FALSE(test, tr->tlb.leaf);
	KUNIT_EXPECT_EQ(test, tr->tlb.tg, 0);
	KUNIT_EXPECT_EQ(test, tr->tlb.size, 0);

	/*
	 * IPA[51:12] only: bit 60 is not part of the address.  NUM 0,
	 * SCALE 1, TG 64KB (shift 16): (0 + 1) << (1 + 16) = 0x20000.
	 */
	qt_issue(qt, OP(TLBI_S2_IPA) | VMID(0x77) | SCALE(1),
		 BIT_ULL(60) | 0x123456780000ULL | TG(CMDQ_TLBI_TG_64K));
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_S2_IPA);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 0x77);
	KUNIT_EXPECT_EQ(test, tr->tlb.addr, 0x123456780000ULL);
	KUNIT_EXPECT_EQ(test, tr->tlb.tg_shift, 16);
	KUNIT_EXPECT_EQ(test, tr->tlb.size, 0x20000);

	/* NUM 31, SCALE 31, TG 16KB: 32 << (31 + 14) = 2^50 */
	qt_issue(qt, OP(TLBI_S2_IPA) | NUM(31) | SCALE(31),
		 TG(CMDQ_TLBI_TG_16K));
	KUNIT_EXPECT_EQ(test, tr->tlb.size, BIT_ULL(50));

	qt_issue(qt, OP(TLBI_NH_ASID) | ASID(0xbeef) | VMID(0xcafe), 0);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_NH_ASID);
	KUNIT_EXPECT_EQ(test, tr->tlb.asid, 0xbeef);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 0xcafe);

	qt_issue(qt, OP(TLBI_NH_ALL) | VMID(0x42), 0);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_NH_ALL);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 0x42);

	qt_issue(qt, OP(TLBI_S12_VMALL) | VMID(0x43), 0);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_S12_VMALL);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 0x43);

	qt_issue(qt, OP(TLBI_NSNH_ALL), 0);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_NSNH_ALL);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 0);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 8);
	KUNIT_EXPECT_EQ(test, tr->nr_cfg, 0);
}

/* Without stage 2 the VMID of NH commands is RES0 and decodes as 0 */
static void queue_tlbi_nh_vmid_s1_only(struct kunit *test)
{
	struct qt *qt = qt_create(test, F_NO_S2, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;

	qt_issue(qt, OP(TLBI_NH_ASID) | ASID(5) | VMID(0x42), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	KUNIT_EXPECT_EQ(test, tr->tlb.asid, 5);
	KUNIT_EXPECT_EQ(test, tr->tlb.vmid, 0);
}

/* ---------------------------------------------------------------------- */
/* CONS, wrap, enable and errors                                          */
/* ---------------------------------------------------------------------- */

static void qt_asid_cmds(struct qt *qt, unsigned int *n, unsigned int count)
{
	while (count--) {
		qt_put(qt, OP(TLBI_NH_ASID) | FIELD_PREP(CMDQ_TLBI_0_ASID, *n), 0);
		(*n)++;
	}
	qt_kick(qt);
}

static void queue_cons_wrap(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 2, 3, 3);	/* 4 commands */
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	unsigned int n = 0;

	/*
	 * 4 entries: index in bits [1:0], wrap in bit 2, so CONS after k
	 * commands is k & 7.
	 */
	qt_asid_cmds(qt, &n, 1);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	qt_asid_cmds(qt, &n, 3);
	/* 4 = 0b100: index 0, wrap 1 */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 4);
	qt_asid_cmds(qt, &n, 1);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 5);
	/* a full queue: PROD 9 & 7 = 0b001, CONS 0b101 (same index) */
	qt_asid_cmds(qt, &n, 4);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	qt_asid_cmds(qt, &n, 1);
	/* 10 & 7 = 2: index 2, wrap 0 */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 2);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 10);
	KUNIT_EXPECT_EQ(test, tr->tlb.asid, 9);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
}

/* LOG2SIZE above IDR1.CMDQS is capped: wrap at 4 entries, not 32 */
static void queue_log2size_capped(struct kunit *test)
{
	struct qt *qt = qt_create(test, F_CMDQ2, 2, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	unsigned int n = 0;

	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_EVTQEN);
	swsmmu_hw_write64(qt->hw, SMMU_CMDQ_BASE,
			  virt_to_phys(qt->cmdq) | 5);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_EVTQEN |
			  CR0_CMDQEN);
	qt_asid_cmds(qt, &n, 3);
	qt_asid_cmds(qt, &n, 2);
	/* the fifth command came from slot 0 again: CONS 0b101 */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 5);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 5);
	KUNIT_EXPECT_EQ(test, tr->tlb.asid, 4);
}

static void queue_consume_on_enable(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;

	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_EVTQEN);
	qt_issue(qt, OP(TLBI_NSNH_ALL), 0);
	qt_issue(qt, OP(TLBI_NSNH_ALL), 0);
	/* CMDQEN == 0: nothing is fetched */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 0);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 0);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_EVTQEN |
			  CR0_CMDQEN);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 2);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 2);
}

static void queue_cmd_error_and_resume(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	u32 gerror;

	qt_put(qt, OP(TLBI_NSNH_ALL), 0);
	qt_put(qt, OPN(0x08), 0);			/* Reserved opcode */
	qt_put(qt, OP(TLBI_NH_ALL) | VMID(7), 0);
	qt_kick(qt);

	/* The first command is consumed; CONS stops at the bad one */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS),
			qt_cons_err(1, CMDQ_CONS_ERR_ILL));
	gerror = qt_read(qt, SMMU_GERROR);
	KUNIT_EXPECT_EQ(test, gerror, GERROR_CMDQ_ERR);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 1);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_NSNH_ALL);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&qt->irq, HZ));
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_GERROR);

	/* Nothing more is consumed while the error is active */
	qt_kick(qt);
	qt_put(qt, OP(TLBI_NSNH_ALL), 0);
	qt_kick(qt);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS),
			qt_cons_err(1, CMDQ_CONS_ERR_ILL));
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 1);

	/* Replace the bad command by a CMD_SYNC, as Linux does, then ack */
	qt->cmdq[2] = cpu_to_le64(OP(SYNC));
	qt->cmdq[3] = 0;
	swsmmu_hw_write32(qt->hw, SMMU_GERRORN, gerror);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 4);
	KUNIT_EXPECT_EQ(test, tr->nr_sync, 1);
	KUNIT_EXPECT_EQ(test, tr->nr_tlb, 3);
	KUNIT_EXPECT_EQ(test, tr->tlb.op, HW_TLBI_NSNH_ALL);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR),
			qt_read(qt, SMMU_GERRORN));

	/* A second error toggles GERROR.CMDQ_ERR back */
	qt_issue(qt, OP(TLBI_EL2_ALL), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS),
			qt_cons_err(4, CMDQ_CONS_ERR_ILL));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERRORN), GERROR_CMDQ_ERR);
}

static void queue_cmd_fetch_abort(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);

	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN);
	swsmmu_hw_write64(qt->hw, SMMU_CMDQ_BASE, QT_NO_RAM | 3);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN);
	swsmmu_hw_write32(qt->hw, SMMU_CMDQ_PROD, 1);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS),
			qt_cons_err(0, CMDQ_CONS_ERR_ABT));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), GERROR_CMDQ_ERR);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_GERROR);
}

/* ---------------------------------------------------------------------- */
/* CMD_SYNC completion signals                                            */
/* ---------------------------------------------------------------------- */

#define QT_MSIDATA	0xdeadbeefU

static u64 qt_sync_msi(u32 cs)
{
	return OP(SYNC) | FIELD_PREP(CMDQ_SYNC_0_CS, cs) |
	       FIELD_PREP(CMDQ_SYNC_0_MSIDATA, QT_MSIDATA);
}

static void queue_sync_msi(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	u32 *word = kunit_kzalloc(test, 2 * sizeof(*word), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, word);
	/* CS=IRQ with MSIAddress: the 32-bit MSIData lands on the word */
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_IRQ), virt_to_phys(&word[1]));
	KUNIT_EXPECT_EQ(test, READ_ONCE(word[1]), QT_MSIDATA);
	KUNIT_EXPECT_EQ(test, READ_ONCE(word[0]), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);

	/* CS=NONE ignores MSIAddress */
	WRITE_ONCE(word[1], 0);
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_NONE), virt_to_phys(&word[1]));
	KUNIT_EXPECT_EQ(test, READ_ONCE(word[1]), 0);
	/* and so does CS=SEV */
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_SEV), virt_to_phys(&word[1]));
	KUNIT_EXPECT_EQ(test, READ_ONCE(word[1]), 0);

	/* An MSI to non-RAM: MSI_CMDQ_ABT_ERR, the CMD_SYNC still completes */
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_IRQ), QT_NO_RAM);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 4);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR),
			GERROR_MSI_CMDQ_ABT_ERR);
	KUNIT_EXPECT_EQ(test, qt_lines(qt),
			SWSMMU_IRQ_GERROR | SWSMMU_IRQ_CMD_SYNC);
}

static void queue_sync_no_msi(struct kunit *test)
{
	struct qt *qt = qt_create(test, F_NO_MSI, 3, 3, 3);
	u32 *word = kunit_kzalloc(test, sizeof(*word), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, word);
	/* Without IDR0.MSI the MSI fields are ignored; the wired irq fires */
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_IRQ), virt_to_phys(word));
	KUNIT_EXPECT_EQ(test, READ_ONCE(*word), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_CMD_SYNC);
}

static void queue_sync_irq(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);

	qt_issue(qt, OP(SYNC) | CS(CMDQ_SYNC_0_CS_NONE), 0);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&qt->irq));

	qt_issue(qt, OP(SYNC) | CS(CMDQ_SYNC_0_CS_IRQ), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&qt->irq, HZ));
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_CMD_SYNC);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 2);
}

/* ---------------------------------------------------------------------- */
/* Event queue                                                            */
/* ---------------------------------------------------------------------- */

/*
 * F_TRANSLATION for StreamID 0x1234, SubstreamID 0x56:
 * qword 0 = ID 0x10 | SSV (bit 11) | 0x56 << 12 | 0x1234 << 32
 *         = 0x10 + 0x800 + 0x56000 + 0x123400000000 = 0x0000123400056810
 * qword 1 = RnW (bit 35) | PnU (bit 33) = 0x0000000a00000000
 */
static const u64 qt_evt0[4] = {
	0x0000123400056810ULL, 0x0000000a00000000ULL,
	0xffff800012345678ULL, 0x0000000087654000ULL,
};

static void qt_evt_n(u64 *evt, unsigned int n)
{
	memcpy(evt, qt_evt0, sizeof(qt_evt0));
	evt[2] = n;
}

static void queue_evtq_record(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	unsigned int i;
	u64 evt[4];

	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_ID, qt_evt0[0]),
			EVT_ID_TRANSLATION);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_SID, qt_evt0[0]), 0x1234);
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_SSID, qt_evt0[0]), 0x56);

	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, i), qt_evt0[i]);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_EVTQ);

	qt_evt_n(evt, 1);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 1, 2), 1);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 1, 0), qt_evt0[0]);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 2);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_EVTQ);
	/* slot 2 untouched */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, qt_evt(qt, 2, i), 0);
	/* the driver's CONS write is accepted */
	swsmmu_hw_write32(qt->hw, SMMU_EVTQ_CONS, 2);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_CONS), 2);

	/* no interrupt with EVTQ_IRQEN clear, the record is still written */
	swsmmu_hw_write32(qt->hw, SMMU_IRQ_CTRL, IRQ_CTRL_GERROR_IRQEN);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 3);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);
}

static void queue_evtq_disabled(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);

	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	/* discarded without an overflow */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);
}

static void queue_evtq_overflow(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 1, 3);	/* 2 events */
	u64 evt[4];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		qt_evt_n(evt, i);
		KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	}
	/* PROD 2 = 0b10: index 0, wrap 1: full against CONS 0 */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 2);
	qt_evt_n(evt, 2);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 2 | Q_OVF);
	/* a second drop while the overflow is pending does not toggle */
	qt_evt_n(evt, 3);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 2 | Q_OVF);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 2), 0);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 1, 2), 1);

	/* consume one without acknowledging: recording carries on */
	swsmmu_hw_write32(qt->hw, SMMU_EVTQ_CONS, 1);
	qt_evt_n(evt, 4);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 2), 4);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 3 | Q_OVF);
	qt_evt_n(evt, 5);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 3 | Q_OVF);

	/* consume all and acknowledge (OVACKFLG = OVFLG) */
	swsmmu_hw_write32(qt->hw, SMMU_EVTQ_CONS, 3 | Q_OVF);
	qt_evt_n(evt, 6);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 1, 2), 6);
	/* 3 + 1 = 0b100, masked to index + wrap (bits [1:0]): 0 */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0 | Q_OVF);
	qt_evt_n(evt, 7);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1 | Q_OVF);
	/* full again; a new overflow toggles OVFLG back to 0 */
	qt_evt_n(evt, 8);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 2), 7);
}

static void queue_evtq_abort(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	u32 gerror;

	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN);
	swsmmu_hw_write64(qt->hw, SMMU_EVTQ_BASE, QT_NO_RAM | 3);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN |
			  CR0_EVTQEN);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	/* a synchronous abort: PROD does not move */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0);
	gerror = qt_read(qt, SMMU_GERROR);
	KUNIT_EXPECT_EQ(test, gerror, GERROR_EVTQ_ABT_ERR);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_GERROR);

	/* fixed, but not writable until the abort is acknowledged */
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN);
	swsmmu_hw_write64(qt->hw, SMMU_EVTQ_BASE, virt_to_phys(qt->evtq) | 3);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN |
			  CR0_EVTQEN);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0);
	swsmmu_hw_write32(qt->hw, SMMU_GERRORN, gerror);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 0), qt_evt0[0]);
}

/* ---------------------------------------------------------------------- */
/* PRI queue                                                              */
/* ---------------------------------------------------------------------- */

/*
 * A Last page request for reading, StreamID 0x21, PASID 5:
 * qword 0 = 0x21 | 5 << 32 | READ (60) | LAST (62) | SSID_V (63)
 *         = 0xd000000500000021
 * qword 1 = PRG index 0x1a3 | address 0x7f0000005000 = 0x00007f00000051a3
 */
#define QT_PRI_SID	0x21
#define QT_PRI_SSID	5
#define QT_PRI_GRP	0x1a3

static const u64 qt_req0[2] = { 0xd000000500000021ULL,
				0x00007f00000051a3ULL };

/* A request of group @grp (last or not) from StreamID 0x21 without PASID */
static void qt_req(u64 *req, u16 grp, bool last)
{
	req[0] = FIELD_PREP(PRIQ_0_SID, QT_PRI_SID) | PRIQ_0_PERM_READ |
		 (last ? PRIQ_0_PRG_LAST : 0);
	req[1] = FIELD_PREP(PRIQ_1_PRG_IDX, grp) | 0x9000;
}

static void qt_issue_pri_resp(struct qt *qt, u32 sid, u32 ssid, bool ssv,
			      u16 grp, u8 resp)
{
	qt_issue(qt, OP(PRI_RESP) | FIELD_PREP(CMDQ_PRI_0_SID, sid) |
		 FIELD_PREP(CMDQ_PRI_0_SSID, ssid) | (ssv ? CMDQ_0_SSV : 0),
		 FIELD_PREP(CMDQ_PRI_1_GRPID, grp) |
		 FIELD_PREP(CMDQ_PRI_1_RESP, resp));
}

static void queue_priq_record_and_resp(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 2);
	struct qt_thread *t;
	struct hw_stats st;

	KUNIT_EXPECT_EQ(test, FIELD_GET(PRIQ_0_SID, qt_req0[0]), QT_PRI_SID);
	KUNIT_EXPECT_EQ(test, FIELD_GET(PRIQ_0_SSID, qt_req0[0]), QT_PRI_SSID);
	KUNIT_EXPECT_EQ(test, FIELD_GET(PRIQ_1_PRG_IDX, qt_req0[1]),
			QT_PRI_GRP);

	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, qt_req0));
	KUNIT_EXPECT_EQ(test, qt_pri(qt, 0, 0), qt_req0[0]);
	KUNIT_EXPECT_EQ(test, qt_pri(qt, 0, 1), qt_req0[1]);
	KUNIT_EXPECT_EQ(test, qt_pri(qt, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 1);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_PRIQ);

	t = qt_thread_new(qt);
	t->sid = QT_PRI_SID;
	t->ssid = QT_PRI_SSID;
	t->ssv = true;
	t->grpid = QT_PRI_GRP;
	t->timeout = 5 * HZ;
	qt_thread_start(t, qt_pri_fn);
	/* (the thread may start waiting before or after these responses) */
	msleep(20);
	/* responses to other groups, or without the PASID, do not match */
	qt_issue_pri_resp(qt, QT_PRI_SID, QT_PRI_SSID, true, QT_PRI_GRP - 1,
			  CMDQ_PRI_1_RESP_DENY);
	qt_issue_pri_resp(qt, QT_PRI_SID, 0, false, QT_PRI_GRP,
			  CMDQ_PRI_1_RESP_DENY);
	qt_issue_pri_resp(qt, QT_PRI_SID + 1, QT_PRI_SSID, true, QT_PRI_GRP,
			  CMDQ_PRI_1_RESP_DENY);
	qt_issue_pri_resp(qt, QT_PRI_SID, QT_PRI_SSID + 1, true, QT_PRI_GRP,
			  CMDQ_PRI_1_RESP_DENY);
	KUNIT_EXPECT_FALSE(test, qt_done(t, 50));
	qt_issue_pri_resp(qt, QT_PRI_SID, QT_PRI_SSID, true, QT_PRI_GRP,
			  CMDQ_PRI_1_RESP_SUCC);
	KUNIT_ASSERT_TRUE(test, qt_done(t, 2000));
	KUNIT_EXPECT_EQ(test, t->ret, CMDQ_PRI_1_RESP_SUCC);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 5);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
	/* collected: the group is gone */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, QT_PRI_SSID,
						 true, QT_PRI_GRP, 1), -ENOENT);
	/* the PRI counters debugfs shows */
	swsmmu_hw_stats_get(qt->hw, &st);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_PAGE_REQUESTS], 1);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_PRI_WAIT_SUCC], 1);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_PRI_WAIT_FAIL], 0);
}

static void queue_pri_wait_cases(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 2);
	u64 req[2];

	/* never requested */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, 1, 0, false, 1, HZ),
			-ENOENT);

	/* the response arrives before anyone waits: kept for the waiter */
	qt_req(req, 3, true);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, req));
	qt_issue_pri_resp(qt, QT_PRI_SID, 0, false, 3, CMDQ_PRI_1_RESP_FAIL);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 3, 1),
			CMDQ_PRI_1_RESP_FAIL);

	/* no response: time out */
	qt_req(req, 4, true);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 4,
						 msecs_to_jiffies(20)), -ETIMEDOUT);

	/* CMD_PRI_RESP is IGNORED while SMMUEN == 0 */
	qt_req(req, 5, true);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, req));
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_CMDQEN | CR0_EVTQEN |
			  CR0_PRIQEN);
	qt_issue_pri_resp(qt, QT_PRI_SID, 0, false, 5, CMDQ_PRI_1_RESP_SUCC);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 2);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 5,
						 msecs_to_jiffies(20)), -ETIMEDOUT);
}

static void queue_priq_overflow(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 1);	/* 2 requests */
	u64 req[2];

	qt_req(req, 1, false);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, req));
	qt_req(req, 1, true);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 2);

	/* full: a Last request is dropped and answered with Success */
	qt_req(req, 2, true);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 2 | Q_OVF);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 2, 1),
			CMDQ_PRI_1_RESP_SUCC);
	/* a non-Last request is dropped silently */
	qt_req(req, 3, false);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 3, 1),
			-ETIMEDOUT);

	/* consumed but not acknowledged: the overflow still inhibits */
	swsmmu_hw_write32(qt->hw, SMMU_PRIQ_CONS, 2);
	qt_req(req, 4, true);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 2 | Q_OVF);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 4, 1),
			CMDQ_PRI_1_RESP_SUCC);

	/* acknowledged: recording resumes at slot 0 */
	swsmmu_hw_write32(qt->hw, SMMU_PRIQ_CONS, 2 | Q_OVF);
	qt_req(req, 5, true);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 3 | Q_OVF);
	KUNIT_EXPECT_EQ(test, FIELD_GET(PRIQ_1_PRG_IDX, qt_pri(qt, 0, 1)), 5);
}

static void queue_priq_disabled(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 2);
	u64 req[2];

	/* PRIQEN == 0: discarded and answered with ResponseFailure */
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN |
			  CR0_EVTQEN);
	qt_req(req, 7, false);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_priq_push(qt->hw, req));
	qt_req(req, 7, true);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 7, 1),
			CMDQ_PRI_1_RESP_DENY);
	/* one group, one response: nothing left over */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 7, 1),
			-ENOENT);

	/* SMMUEN == 0 makes the effective PRIQEN 0 */
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_CMDQEN | CR0_EVTQEN |
			  CR0_PRIQEN);
	qt_req(req, 8, true);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, 0, false, 8, 1),
			CMDQ_PRI_1_RESP_DENY);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 0);
	KUNIT_EXPECT_EQ(test, qt_pri(qt, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);
}

/* ---------------------------------------------------------------------- */
/* Stall model                                                            */
/* ---------------------------------------------------------------------- */

/* Find the stall record of @sid among the first @n records */
static int qt_stall_rec(struct qt *qt, unsigned int n, u32 sid, u16 skip_stag,
			bool skip)
{
	unsigned int i;
	u64 q1;

	for (i = 0; i < n; i++) {
		if (FIELD_GET(EVTQ_0_SID, qt_evt(qt, i, 0)) != sid)
			continue;
		q1 = qt_evt(qt, i, 1);
		if (!(q1 & EVTQ_1_STALL))
			continue;
		if (skip && FIELD_GET(EVTQ_1_STAG, q1) == skip_stag)
			continue;
		return i;
	}
	return -1;
}

static void qt_resume(struct qt *qt, u32 sid, u16 stag, u8 resp)
{
	qt_issue(qt, OP(RESUME) | FIELD_PREP(CMDQ_RESUME_0_SID, sid) |
		 FIELD_PREP(CMDQ_RESUME_0_RESP, resp),
		 FIELD_PREP(CMDQ_RESUME_1_STAG, stag));
}

/* The stall counters debugfs shows (HW_STAT_STALL*) */
static void qt_expect_stall_stats(struct kunit *test, struct qt *qt,
				  u64 stalls, u64 retried, u64 terminated)
{
	struct hw_stats st;

	swsmmu_hw_stats_get(qt->hw, &st);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_STALLS], stalls);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_STALL_RETRY], retried);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_STALL_ABORT], terminated);
}

static void queue_stall_resume(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct qt_thread *t = qt_start_stall(qt, 0x42, 0x1234000);
	u64 q1;
	u16 stag;

	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 1));
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 0),
			FIELD_PREP(EVTQ_0_ID, EVT_ID_TRANSLATION) |
			FIELD_PREP(EVTQ_0_SID, 0x42));
	q1 = qt_evt(qt, 0, 1);
	stag = FIELD_GET(EVTQ_1_STAG, q1);
	KUNIT_EXPECT_TRUE(test, q1 & EVTQ_1_STALL);
	KUNIT_EXPECT_TRUE(test, q1 & EVTQ_1_RnW);
	KUNIT_EXPECT_NE(test, stag, 0xffff);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 2), 0x1234000);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_EVTQ);

	/* RESUMEs naming no outstanding stall have no effect */
	qt_resume(qt, 0x42, stag + 1, CMDQ_RESUME_0_RESP_RETRY);
	qt_resume(qt, 0x43, stag, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_EXPECT_FALSE(test, qt_done(t, 50));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 2);

	qt_resume(qt, 0x42, stag, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_ASSERT_TRUE(test, qt_done(t, 2000));
	KUNIT_EXPECT_EQ(test, t->ret, CMDQ_RESUME_0_RESP_RETRY);
	/* resuming it again is a legal no-op */
	qt_resume(qt, 0x42, stag, CMDQ_RESUME_0_RESP_ABORT);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 4);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
	qt_expect_stall_stats(test, qt, 1, 1, 0);
}

static void queue_stall_term(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct qt_thread *a, *b, *c, *d;
	int ia, ib, ic, id;
	u16 sa, sb;

	a = qt_start_stall(qt, 3, 0xa000);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 1));
	b = qt_start_stall(qt, 3, 0xb000);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 2));
	c = qt_start_stall(qt, 4, 0xc000);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 3));
	d = qt_start_stall(qt, 5, 0xd000);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 4));

	ia = qt_stall_rec(qt, 4, 3, 0, false);
	KUNIT_ASSERT_EQ(test, ia, 0);
	sa = FIELD_GET(EVTQ_1_STAG, qt_evt(qt, ia, 1));
	ib = qt_stall_rec(qt, 4, 3, sa, true);
	KUNIT_ASSERT_EQ(test, ib, 1);
	sb = FIELD_GET(EVTQ_1_STAG, qt_evt(qt, ib, 1));
	/* two outstanding stalls of one StreamID have distinct STAGs */
	KUNIT_EXPECT_NE(test, sa, sb);
	ic = qt_stall_rec(qt, 4, 4, 0, false);
	id = qt_stall_rec(qt, 4, 5, 0, false);
	KUNIT_ASSERT_EQ(test, ic, 2);
	KUNIT_ASSERT_EQ(test, id, 3);

	/* STALL_TERM(3) aborts both stalls of StreamID 3 and nothing else */
	qt_issue(qt, OP(STALL_TERM) | FIELD_PREP(CMDQ_STALL_TERM_0_SID, 3), 0);
	KUNIT_ASSERT_TRUE(test, qt_done(a, 2000));
	KUNIT_ASSERT_TRUE(test, qt_done(b, 2000));
	KUNIT_EXPECT_EQ(test, a->ret, CMDQ_RESUME_0_RESP_ABORT);
	KUNIT_EXPECT_EQ(test, b->ret, CMDQ_RESUME_0_RESP_ABORT);
	KUNIT_EXPECT_FALSE(test, qt_done(c, 50));
	KUNIT_EXPECT_FALSE(test, completion_done(&d->done));

	/* RESUME Terminate (Ac 0, Ab 0): RAZ/WI termination */
	qt_resume(qt, 4, FIELD_GET(EVTQ_1_STAG, qt_evt(qt, ic, 1)),
		  CMDQ_RESUME_0_RESP_TERM);
	KUNIT_ASSERT_TRUE(test, qt_done(c, 2000));
	KUNIT_EXPECT_EQ(test, c->ret, CMDQ_RESUME_0_RESP_TERM);
	/* Resp 0b11 is Ac 1: retry, Ab ignored */
	qt_resume(qt, 5, FIELD_GET(EVTQ_1_STAG, qt_evt(qt, id, 1)), 3);
	KUNIT_ASSERT_TRUE(test, qt_done(d, 2000));
	KUNIT_EXPECT_EQ(test, d->ret, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
	/* two aborted by STALL_TERM, one terminated, one retried */
	qt_expect_stall_stats(test, qt, 4, 1, 3);
}

static void queue_stall_smmu_disable(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct qt_thread *t = qt_start_stall(qt, 9, 0x9000);
	u64 evt[4] = { FIELD_PREP(EVTQ_0_SID, 9) };

	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 1));
	KUNIT_EXPECT_FALSE(test, qt_done(t, 20));
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_CMDQEN | CR0_EVTQEN);
	KUNIT_ASSERT_TRUE(test, qt_done(t, 2000));
	KUNIT_EXPECT_EQ(test, t->ret, CMDQ_RESUME_0_RESP_ABORT);
	/* SMMUEN == 0: no new stall, no record */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_stall(qt->hw, evt), CMDQ_RESUME_0_RESP_ABORT);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1);
}

static void queue_stall_queue_full(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 1, 3);	/* 2 events */
	struct qt_thread *t;
	u64 evt[4];
	u16 stag;

	qt_evt_n(evt, 0);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	t = qt_start_stall(qt, 0x77, 0x7000);
	/* full: the stall record waits; no drop, no overflow */
	msleep(50);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 2);
	KUNIT_EXPECT_FALSE(test, completion_done(&t->done));

	/* the driver consumes one record: the stall record goes in slot 0 */
	swsmmu_hw_write32(qt->hw, SMMU_EVTQ_CONS, 1);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 3));
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_SID, qt_evt(qt, 0, 0)), 0x77);
	KUNIT_EXPECT_TRUE(test, qt_evt(qt, 0, 1) & EVTQ_1_STALL);
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 0, 2), 0x7000);
	stag = FIELD_GET(EVTQ_1_STAG, qt_evt(qt, 0, 1));
	KUNIT_EXPECT_FALSE(test, completion_done(&t->done));
	qt_resume(qt, 0x77, stag, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_ASSERT_TRUE(test, qt_done(t, 2000));
	KUNIT_EXPECT_EQ(test, t->ret, CMDQ_RESUME_0_RESP_RETRY);
}

static void queue_stall_evtq_disabled(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct qt_thread *t;

	/* EVTQEN == 0: the record is held, not discarded */
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN);
	t = qt_start_stall(qt, 0x11, 0x1000);
	msleep(50);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&t->done));
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN |
			  CR0_EVTQEN);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 1));
	KUNIT_EXPECT_TRUE(test, qt_evt(qt, 0, 1) & EVTQ_1_STALL);
	qt_resume(qt, 0x11, FIELD_GET(EVTQ_1_STAG, qt_evt(qt, 0, 1)),
		  CMDQ_RESUME_0_RESP_ABORT);
	KUNIT_ASSERT_TRUE(test, qt_done(t, 2000));
	KUNIT_EXPECT_EQ(test, t->ret, CMDQ_RESUME_0_RESP_ABORT);
}

static void queue_stall_max(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct qt_thread *a, *b;
	u16 stag;

	/* pretend IDR5.STALL_MAX is 1 */
	qt->hw->idr[5] = (qt->hw->idr[5] & ~IDR5_STALL_MAX) |
			 FIELD_PREP(IDR5_STALL_MAX, 1);
	a = qt_start_stall(qt, 1, 0x1000);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 1));
	b = qt_start_stall(qt, 2, 0x2000);
	/* no free stall slot: the second transaction waits, unrecorded */
	msleep(50);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1);

	stag = FIELD_GET(EVTQ_1_STAG, qt_evt(qt, 0, 1));
	qt_resume(qt, 1, stag, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_ASSERT_TRUE(test, qt_done(a, 2000));
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 2));
	KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_SID, qt_evt(qt, 1, 0)), 2);
	KUNIT_EXPECT_FALSE(test, completion_done(&b->done));
	stag = FIELD_GET(EVTQ_1_STAG, qt_evt(qt, 1, 1));
	qt_resume(qt, 2, stag, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_ASSERT_TRUE(test, qt_done(b, 2000));
	KUNIT_EXPECT_EQ(test, b->ret, CMDQ_RESUME_0_RESP_RETRY);
}

/* ---------------------------------------------------------------------- */
/* Fault injection (inject.c): each attribute armed once                  */
/* ---------------------------------------------------------------------- */

#ifdef CONFIG_FAULT_INJECTION
/* Fail the next call of @which, once; true once it has fired */
static void qt_arm(struct qt *qt, enum hw_inject which)
{
	struct fault_attr *attr = &qt->hw->inject[which];

	attr->interval = 1;
	atomic_set(&attr->space, 0);
	atomic_set(&attr->times, 1);
	attr->verbose = 0;
	WRITE_ONCE(attr->probability, 100);
}

static bool qt_fired(struct qt *qt, enum hw_inject which)
{
	return !atomic_read(&qt->hw->inject[which].times);
}
#endif

/* Every attribute starts disarmed: nothing fails until armed */
static void queue_inject_disarmed(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	unsigned int i;

	for (i = 0; i < HW_INJ_NR; i++) {
		KUNIT_EXPECT_EQ(test, qt->hw->inject[i].probability, 0);
		KUNIT_EXPECT_FALSE(test, hw_inject(qt->hw, i));
	}
	KUNIT_EXPECT_EQ(test, qt->hw->stall_timeout, HW_STALL_TIMEOUT);
#else
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#endif
}

/* A command fetch abort stops the queue as a real one does, then resumes */
static void queue_inject_cmd_fetch(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct qt *qt = qt_create(test, 0, 3, 3, 3);

	qt_arm(qt, HW_INJ_CMD_FETCH);
	qt_issue(qt, OP(TLBI_NSNH_ALL), 0);
	KUNIT_EXPECT_TRUE(test, qt_fired(qt, HW_INJ_CMD_FETCH));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS),
			qt_cons_err(0, CMDQ_CONS_ERR_ABT));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), GERROR_CMDQ_ERR);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_GERROR);
	KUNIT_EXPECT_EQ(test, qt->hw->ktrace.nr_tlb, 0);
	/* acknowledged: the same command is fetched again and executed */
	swsmmu_hw_write32(qt->hw, SMMU_GERRORN, GERROR_CMDQ_ERR);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	KUNIT_EXPECT_EQ(test, qt->hw->ktrace.nr_tlb, 1);
#else
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#endif
}

/* The CMD_SYNC's MSI write aborts: MSI_CMDQ_ABT_ERR, the sync completes */
static void queue_inject_msi(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	u32 *word = kunit_kzalloc(test, sizeof(*word), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, word);
	qt_arm(qt, HW_INJ_MSI_WRITE);
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_IRQ), virt_to_phys(word));
	KUNIT_EXPECT_TRUE(test, qt_fired(qt, HW_INJ_MSI_WRITE));
	KUNIT_EXPECT_EQ(test, READ_ONCE(*word), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR),
			GERROR_MSI_CMDQ_ABT_ERR);
	KUNIT_EXPECT_EQ(test, qt_lines(qt),
			SWSMMU_IRQ_GERROR | SWSMMU_IRQ_CMD_SYNC);
	/* the next one is written */
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_IRQ), virt_to_phys(word));
	KUNIT_EXPECT_EQ(test, READ_ONCE(*word), QT_MSIDATA);
#else
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#endif
}

/* An event record write aborts: lost, EVTQ_ABT_ERR, then writable again */
static void queue_inject_evtq_write(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct qt *qt = qt_create(test, 0, 3, 3, 3);

	qt_arm(qt, HW_INJ_EVTQ_WRITE);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	KUNIT_EXPECT_TRUE(test, qt_fired(qt, HW_INJ_EVTQ_WRITE));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), GERROR_EVTQ_ABT_ERR);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_GERROR);
	/* unwritable until acknowledged */
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	swsmmu_hw_write32(qt->hw, SMMU_GERRORN, GERROR_EVTQ_ABT_ERR);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1);
#else
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#endif
}

/*
 * A PRI record write aborts: PRIQ_ABT_ERR, and the request is answered by
 * the SMMU itself (not Success), so its device does not wait for ever
 */
static void queue_inject_priq_write(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct qt *qt = qt_create(test, 0, 3, 3, 3);

	qt_arm(qt, HW_INJ_PRIQ_WRITE);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_priq_push(qt->hw, qt_req0));
	KUNIT_EXPECT_TRUE(test, qt_fired(qt, HW_INJ_PRIQ_WRITE));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), GERROR_PRIQ_ABT_ERR);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_GERROR);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_pri_wait(qt->hw, QT_PRI_SID, QT_PRI_SSID,
						 true, QT_PRI_GRP, HZ),
			CMDQ_PRI_1_RESP_DENY);
	swsmmu_hw_write32(qt->hw, SMMU_GERRORN, GERROR_PRIQ_ABT_ERR);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, qt_req0));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 1);
#else
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#endif
}

/* A lost CMD_PRI_RESP: consumed, no error, its device times out */
static void queue_inject_pri_resp_lost(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct qt_thread *t;

	KUNIT_ASSERT_TRUE(test, swsmmu_hw_priq_push(qt->hw, qt_req0));
	t = qt_thread_new(qt);
	t->sid = QT_PRI_SID;
	t->ssid = QT_PRI_SSID;
	t->ssv = true;
	t->grpid = QT_PRI_GRP;
	t->timeout = HZ / 2;
	qt_thread_start(t, qt_pri_fn);
	qt_arm(qt, HW_INJ_PRI_RESP_LOST);
	qt_issue_pri_resp(qt, QT_PRI_SID, QT_PRI_SSID, true, QT_PRI_GRP,
			  CMDQ_PRI_1_RESP_SUCC);
	KUNIT_EXPECT_TRUE(test, qt_fired(qt, HW_INJ_PRI_RESP_LOST));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
	KUNIT_ASSERT_TRUE(test, qt_done(t, 3000));
	KUNIT_EXPECT_EQ(test, t->ret, -ETIMEDOUT);
#else
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#endif
}

/*
 * A lost CMD_RESUME: the stall stays outstanding until its device's
 * timeout terminates it with an abort, counted as such
 */
static void queue_inject_resume_lost(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct qt_thread *t;
	struct hw_stats st;
	u16 stag;

	qt->hw->stall_timeout = HZ / 2;
	t = qt_start_stall(qt, 0x42, 0x1234000);
	KUNIT_ASSERT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, 1));
	stag = FIELD_GET(EVTQ_1_STAG, qt_evt(qt, 0, 1));
	qt_arm(qt, HW_INJ_RESUME_LOST);
	qt_resume(qt, 0x42, stag, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_EXPECT_TRUE(test, qt_fired(qt, HW_INJ_RESUME_LOST));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
	KUNIT_EXPECT_FALSE(test, qt_done(t, 100));
	KUNIT_ASSERT_TRUE(test, qt_done(t, 3000));
	KUNIT_EXPECT_EQ(test, t->ret, CMDQ_RESUME_0_RESP_ABORT);
	qt_expect_stall_stats(test, qt, 1, 0, 1);
	swsmmu_hw_stats_get(qt->hw, &st);
	KUNIT_EXPECT_EQ(test, st.v[HW_STAT_STALL_TIMEOUT], 1);
	/* a late RESUME of it is a legal no-op */
	qt_resume(qt, 0x42, stag, CMDQ_RESUME_0_RESP_RETRY);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_GERROR), 0);
#else
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#endif
}

/* ---------------------------------------------------------------------- */
/* The asynchronous model (async.c)                                       */
/* ---------------------------------------------------------------------- */

/* Long enough that no TCG guest reads a register that late by accident */
#define QT_LAT_NS	(100 * NSEC_PER_MSEC)

/* Give @qt's instance latencies; its queues are re-enabled as they were */
static void qt_async(struct qt *qt, u32 cmd_min, u32 cmd_max, u32 evt_min,
		     u32 evt_max)
{
	struct swsmmu_hw_latency lat = {
		.cmd_min = cmd_min, .cmd_max = cmd_max,
		.evt_min = evt_min, .evt_max = evt_max,
	};
	u32 cr0 = qt_read(qt, SMMU_CR0);

	swsmmu_hw_write32(qt->hw, SMMU_CR0, 0);
	KUNIT_ASSERT_EQ(qt->test, swsmmu_hw_set_latency(qt->hw, &lat), 0);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, cr0);
}

/* Poll a register until it reads @want; the time it took, or -1 */
static s64 qt_poll_ns(struct qt *qt, u32 off, u32 want, u64 t0)
{
	return qt_poll(qt, off, want) ? (s64)(ktime_get_ns() - t0) : -1;
}

/* The parameters are checked, and only a quiescent instance changes mode */
static void queue_async_latency_checked(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct swsmmu_hw_latency lat = { .cmd_min = 2, .cmd_max = 1 };

	KUNIT_EXPECT_EQ(test, swsmmu_hw_set_latency(qt->hw, &lat), -EINVAL);
	lat = (struct swsmmu_hw_latency){ .evt_min = 2, .evt_max = 1 };
	KUNIT_EXPECT_EQ(test, swsmmu_hw_set_latency(qt->hw, &lat), -EINVAL);
	lat = (struct swsmmu_hw_latency){ .cmd_max = 100000001 };
	KUNIT_EXPECT_EQ(test, swsmmu_hw_set_latency(qt->hw, &lat), -EINVAL);
	lat = (struct swsmmu_hw_latency){ .cmd_max = 1000 };
	/* CR0 != 0 */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_set_latency(qt->hw, &lat), -EBUSY);
	KUNIT_EXPECT_NULL(test, qt->hw->async);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_set_latency(qt->hw, &lat), 0);
	KUNIT_EXPECT_NOT_NULL(test, qt->hw->async);
	/* and back: all zero is the synchronous model, no context */
	lat.cmd_max = 0;
	KUNIT_EXPECT_EQ(test, swsmmu_hw_set_latency(qt->hw, &lat), 0);
	KUNIT_EXPECT_NULL(test, qt->hw->async);
}

/* The PROD write does not execute; CONS moves only after the latency */
static void queue_async_cons_later(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	u64 t0 = ktime_get_ns();
	unsigned int n = 0;
	s64 took;

	qt_async(qt, QT_LAT_NS, QT_LAT_NS, 0, 0);
	qt_asid_cmds(qt, &n, 2);
	/* a CONS read lends the CPU, but nothing is due yet */
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_tlb), 0);
	took = qt_poll_ns(qt, SMMU_CMDQ_CONS, 2, t0);
	KUNIT_EXPECT_GE(test, took, QT_LAT_NS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_tlb), 2);
	KUNIT_EXPECT_EQ(test, tr->tlb.asid, 1);
	kunit_info(test, "CONS moved after %lld ns\n", took);
}

/*
 * A CMD_SYNC completes after the commands before it: when its MSI lands,
 * they have all executed and CONS is past it; its interrupt comes then,
 * not before.
 */
static void queue_async_sync_after_effect(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 4, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	u32 *word = kunit_kzalloc(test, sizeof(*word), GFP_KERNEL);
	unsigned long end;
	unsigned int n = 0, tlb;
	u32 cons;

	KUNIT_ASSERT_NOT_NULL(test, word);
	qt_async(qt, QT_LAT_NS / 2, QT_LAT_NS, 0, 0);
	qt_asid_cmds(qt, &n, 5);
	qt_issue(qt, qt_sync_msi(CMDQ_SYNC_0_CS_IRQ), virt_to_phys(word));
	KUNIT_EXPECT_EQ(test, READ_ONCE(*word), 0);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);

	/* watch the word without touching a register (no lending) */
	end = jiffies + 2 * HZ;
	while (!READ_ONCE(*word) && time_before(jiffies, end))
		usleep_range(50, 100);
	/* the MSI write comes after CONS and the effects: read them after */
	smp_rmb();
	tlb = READ_ONCE(tr->nr_tlb);
	cons = qt_read(qt, SMMU_CMDQ_CONS);
	KUNIT_ASSERT_EQ(test, READ_ONCE(*word), QT_MSIDATA);
	KUNIT_EXPECT_EQ(test, tlb, 5);
	KUNIT_EXPECT_EQ(test, cons, 6);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_sync), 1);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&qt->irq, HZ));
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_CMD_SYNC);
}

/* CS=IRQ without MSI: the wired interrupt fires only at completion */
static void queue_async_sync_irq(struct kunit *test)
{
	struct qt *qt = qt_create(test, F_NO_MSI, 3, 3, 3);

	qt_async(qt, QT_LAT_NS, QT_LAT_NS, 0, 0);
	qt_issue(qt, OP(SYNC) | CS(CMDQ_SYNC_0_CS_IRQ), 0);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&qt->irq));
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&qt->irq, HZ));
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_CMD_SYNC);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);
}

/* CMDQEN 1->0 stops consumption with commands queued; 0->1 resumes it */
static void queue_async_disable(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	u32 on = CR0_SMMUEN | CR0_EVTQEN | CR0_PRIQEN;
	unsigned int n = 0;

	qt_async(qt, QT_LAT_NS, QT_LAT_NS, 0, 0);
	qt_asid_cmds(qt, &n, 3);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, on);
	msleep(2 * QT_LAT_NS / NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_tlb), 0);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, on | CR0_CMDQEN);
	KUNIT_EXPECT_TRUE(test, qt_poll(qt, SMMU_CMDQ_CONS, 3));
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_tlb), 3);
}

/* An illegal command stops the context at it; GERRORN resumes it */
static void queue_async_error(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_cache_trace *tr = &qt->hw->ktrace;
	u32 gerror;

	qt_async(qt, QT_LAT_NS / 10, QT_LAT_NS / 5, 0, 0);
	qt_put(qt, OP(TLBI_NSNH_ALL), 0);
	qt_put(qt, OPN(0x08), 0);			/* Reserved opcode */
	qt_put(qt, OP(TLBI_NSNH_ALL), 0);
	qt_kick(qt);
	KUNIT_EXPECT_TRUE(test, qt_poll(qt, SMMU_CMDQ_CONS,
					qt_cons_err(1, CMDQ_CONS_ERR_ILL)));
	gerror = qt_read(qt, SMMU_GERROR);
	KUNIT_EXPECT_EQ(test, gerror, GERROR_CMDQ_ERR);
	msleep(2 * QT_LAT_NS / NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_tlb), 1);
	qt->cmdq[2] = cpu_to_le64(OP(SYNC));
	qt->cmdq[3] = 0;
	swsmmu_hw_write32(qt->hw, SMMU_GERRORN, gerror);
	KUNIT_EXPECT_TRUE(test, qt_poll(qt, SMMU_CMDQ_CONS, 3));
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_tlb), 2);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tr->nr_sync), 1);
}

/*
 * Teardown with commands queued and records unpublished: destroy stops the
 * context, which never touches the instance again (KASAN would report it),
 * and the queues' memory can go at once.
 */
static void queue_async_teardown(struct kunit *test)
{
	struct swsmmu_hw_features f = qt_features(0);
	struct swsmmu_hw_latency lat = {
		.cmd_min = QT_LAT_NS, .cmd_max = QT_LAT_NS,
		.evt_min = QT_LAT_NS, .evt_max = QT_LAT_NS,
	};
	__le64 *cmdq = kzalloc(SZ_4K, GFP_KERNEL);
	__le64 *evtq = kzalloc(SZ_4K, GFP_KERNEL);
	struct swsmmu_hw *hw;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, cmdq);
	KUNIT_ASSERT_NOT_NULL(test, evtq);
	hw = swsmmu_hw_create("kunit-async", &f);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_set_latency(hw, &lat), 0);
	swsmmu_hw_write64(hw, SMMU_CMDQ_BASE, virt_to_phys(cmdq) | 8);
	swsmmu_hw_write64(hw, SMMU_EVTQ_BASE, virt_to_phys(evtq) | 7);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN | CR0_EVTQEN);
	for (i = 0; i < 8; i++)
		cmdq[2 * i] = cpu_to_le64(OP(TLBI_NSNH_ALL));
	swsmmu_hw_write32(hw, SMMU_CMDQ_PROD, 8);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(hw, qt_evt0));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_EVTQ_PROD), 0);
	swsmmu_hw_destroy(hw);
	kfree(cmdq);
	kfree(evtq);
	/* past the due time: a context still running would use freed memory */
	msleep(3 * QT_LAT_NS / NSEC_PER_MSEC);
}

/* Records and their interrupt are published after the event latency */
static void queue_async_events(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	u64 t0 = ktime_get_ns(), req[2];
	s64 took;
	u64 evt[4];

	qt_async(qt, 0, 0, QT_LAT_NS, QT_LAT_NS);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, qt_evt0));
	qt_evt_n(evt, 1);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	/* written, not yet published */
	KUNIT_EXPECT_EQ(test, qt_evt(qt, 1, 2), 1);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);
	took = qt_poll_ns(qt, SMMU_EVTQ_PROD, 2, t0);
	KUNIT_EXPECT_GE(test, took, QT_LAT_NS);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_EVTQ);

	/* commands stay synchronous */
	qt_issue(qt, OP(SYNC), 0);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_CMDQ_CONS), 1);

	/* a page request likewise */
	t0 = ktime_get_ns();
	qt_req(req, 1, false);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_priq_push(qt->hw, req));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_PRIQ_PROD), 0);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), 0);
	took = qt_poll_ns(qt, SMMU_PRIQ_PROD, 1, t0);
	KUNIT_EXPECT_GE(test, took, QT_LAT_NS);
	KUNIT_EXPECT_EQ(test, qt_pri(qt, 0, 0), req[0]);
	KUNIT_EXPECT_EQ(test, qt_lines(qt), SWSMMU_IRQ_PRIQ);
}

/* An overflow found while a publication is pending is published with it */
static void queue_async_evtq_overflow(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 1, 3);	/* 2 events */
	unsigned int i;
	u64 evt[4];

	qt_async(qt, 0, 0, QT_LAT_NS, QT_LAT_NS);
	for (i = 0; i < 3; i++) {
		qt_evt_n(evt, i);
		KUNIT_EXPECT_EQ(test, swsmmu_hw_evtq_push(qt->hw, evt), i < 2);
	}
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 0);
	/* index 0, wrap 1 (bit 1), OVFLG */
	KUNIT_EXPECT_TRUE(test, qt_poll(qt, SMMU_EVTQ_PROD, BIT(1) | Q_OVF));
	/* disabling publishes at once */
	swsmmu_hw_write32(qt->hw, SMMU_EVTQ_CONS, BIT(1) | Q_OVF);
	KUNIT_EXPECT_TRUE(test, swsmmu_hw_evtq_push(qt->hw, evt));
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), BIT(1) | Q_OVF);
	swsmmu_hw_write32(qt->hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN);
	KUNIT_EXPECT_EQ(test, qt_read(qt, SMMU_EVTQ_PROD), 1 | BIT(1) | Q_OVF);
}

/*
 * A CPU that polls CONS with interrupts off gets its commands executed
 * even if the context cannot run on it (it lends its cycles): without
 * lending this spins until the latency is long past.
 */
static void queue_async_lend(struct kunit *test)
{
	struct qt *qt = qt_create(test, 0, 3, 3, 3);
	struct hw_async *a;
	unsigned long flags;
	unsigned int n = 0;
	u64 t0, took;
	u32 cons;

	qt_async(qt, NSEC_PER_MSEC, NSEC_PER_MSEC, 0, 0);
	a = qt->hw->async;
	/* park the context: only lending can consume now */
	kthread_park(a->task);
	qt_asid_cmds(qt, &n, 2);
	t0 = ktime_get_ns();
	local_irq_save(flags);
	do {
		cons = qt_read(qt, SMMU_CMDQ_CONS);
		took = ktime_get_ns() - t0;
	} while (cons != 2 && took < 20 * NSEC_PER_MSEC);
	local_irq_restore(flags);
	kthread_unpark(a->task);
	KUNIT_EXPECT_EQ(test, cons, 2);
	KUNIT_EXPECT_LT(test, took, 20 * NSEC_PER_MSEC);
}

static struct kunit_case swsmmu_queue_cases[] = {
	KUNIT_CASE_PARAM(queue_cmd_legality, qt_cmd_gen_params),
	KUNIT_CASE(queue_cfgi_decode),
	KUNIT_CASE(queue_tlbi_decode),
	KUNIT_CASE(queue_tlbi_nh_vmid_s1_only),
	KUNIT_CASE(queue_cons_wrap),
	KUNIT_CASE(queue_log2size_capped),
	KUNIT_CASE(queue_consume_on_enable),
	KUNIT_CASE(queue_cmd_error_and_resume),
	KUNIT_CASE(queue_cmd_fetch_abort),
	KUNIT_CASE(queue_sync_msi),
	KUNIT_CASE(queue_sync_no_msi),
	KUNIT_CASE(queue_sync_irq),
	KUNIT_CASE(queue_evtq_record),
	KUNIT_CASE(queue_evtq_disabled),
	KUNIT_CASE(queue_evtq_overflow),
	KUNIT_CASE(queue_evtq_abort),
	KUNIT_CASE(queue_priq_record_and_resp),
	KUNIT_CASE(queue_pri_wait_cases),
	KUNIT_CASE(queue_priq_overflow),
	KUNIT_CASE(queue_priq_disabled),
	KUNIT_CASE(queue_stall_resume),
	KUNIT_CASE(queue_stall_term),
	KUNIT_CASE(queue_stall_smmu_disable),
	KUNIT_CASE(queue_stall_queue_full),
	KUNIT_CASE(queue_stall_evtq_disabled),
	KUNIT_CASE(queue_stall_max),
	KUNIT_CASE(queue_inject_disarmed),
	KUNIT_CASE(queue_inject_cmd_fetch),
	KUNIT_CASE(queue_inject_msi),
	KUNIT_CASE(queue_inject_evtq_write),
	KUNIT_CASE(queue_inject_priq_write),
	KUNIT_CASE(queue_inject_pri_resp_lost),
	KUNIT_CASE(queue_inject_resume_lost),
	KUNIT_CASE(queue_async_latency_checked),
	KUNIT_CASE(queue_async_cons_later),
	KUNIT_CASE(queue_async_sync_after_effect),
	KUNIT_CASE(queue_async_sync_irq),
	KUNIT_CASE(queue_async_disable),
	KUNIT_CASE(queue_async_error),
	KUNIT_CASE(queue_async_teardown),
	KUNIT_CASE(queue_async_events),
	KUNIT_CASE(queue_async_evtq_overflow),
	KUNIT_CASE(queue_async_lend),
	{}
};

static struct kunit_suite swsmmu_queue_suite = {
	.name = "swsmmu-queue",
	.test_cases = swsmmu_queue_cases,
};

kunit_test_suite(swsmmu_queue_suite);
