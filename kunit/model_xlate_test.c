// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's transaction path
 * (drivers/model/xlate.c): what swsmmu_hw_access() does with a transaction,
 * and the event record it leaves in the event queue.
 *
 * The instance is programmed the way a driver programs it: a linear Stream
 * table, CDs and translation tables built by hand in kmalloc()ed memory
 * (naturally aligned for power-of-two sizes), STRTAB_BASE, EVTQ_BASE, CR2
 * and CR0 written through the register file.  Every faulting access must
 * move EVTQ_PROD by exactly one record (or by none, when the configuration
 * says so), and every record is compared qword by qword with a known
 * answer.
 *
 * The known answers use the event numbers and field positions of ARM IHI
 * 0070 section 7.3, written out below as numbers rather than taken from
 * the EVTQ_* and EVT_ID_* definitions the model builds its records with,
 * so that a wrong definition shared by both would still show.  Fields the
 * architecture does not define for an event are RES0 and are expected to
 * be zero; so are the UNKNOWN ones (the IPA of a stage-1 fault, TTRnW
 * outside CLASS TT), which this model writes as zero.
 *
 * Stage-1 layout (4KB granule, T0SZ 25: a 39-bit VA space walked from
 * level 1; L1 [38:30], L2 [29:21], L3 [20:12]), tables at PAs:
 *
 *   VA        descriptor path        leaf
 *   0x400000  L1[0] L2[2] L3[0]      data page 0, EL0 and EL1 read/write
 *   0x401000  L1[0] L2[2] L3[1]      data page 1, read-only
 *   0x402000  L1[0] L2[2] L3[2]      data page 2, read/write, UXN and PXN
 *   0x403000  L1[0] L2[2] L3[3]      data page 3, EL1 only, read/write
 *   0x404000  L1[0] L2[2] L3[4]      data page 4, read/write
 *   0x405000  L1[0] L2[2] L3[5]      invalid
 *   0x600000  L1[0] L2[3]            a table at a PA without RAM
 *   0x40000000 L1[1]                 invalid
 *
 * A second ("alternate") set of tables maps VA 0x400000 to data page 4,
 * so that a test can tell which CD translated an address.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"
#include "model_env.h"

/* Event numbers (IHI 0070 7.3) */
#define KA_C_BAD_STREAMID	0x02
#define KA_C_BAD_STE		0x04
#define KA_F_STREAM_DISABLED	0x06
#define KA_C_BAD_SUBSTREAMID	0x08
#define KA_C_BAD_CD		0x0a
#define KA_F_WALK_EABT		0x0b
#define KA_F_TRANSLATION	0x10
#define KA_F_ACCESS		0x12
#define KA_F_PERMISSION		0x13
#define KA_F_BAD_ATS_TREQ	0x05
#define KA_F_TRANSL_FORBIDDEN	0x07

/* Record qword 1 of the translation-related events (record bit 64 + n) */
#define KA_PNU		BIT_ULL(33)
#define KA_IND		BIT_ULL(34)
#define KA_RNW		BIT_ULL(35)
#define KA_S2		BIT_ULL(39)
/* CLASS [41:40]: CD 0b00, TT 0b01, IN 0b10 */
#define KA_CLASS_CD	0x0000000000000000ULL
#define KA_CLASS_TT	0x0000010000000000ULL
#define KA_CLASS_IN	0x0000020000000000ULL
#define KA_TTRNW	BIT_ULL(44)

/*
 * Record qword 0: event number [7:0], SSV [11], SubstreamID [31:12],
 * StreamID [63:32]
 */
static u64 ka_q0(u8 id, u32 sid)
{
	return (u64)sid << 32 | id;
}

static u64 ka_q0_ssid(u8 id, u32 sid, u32 ssid)
{
	return ka_q0(id, sid) | BIT_ULL(11) | (u64)ssid << 12;
}

#define XT_EVTQ_LOG2	4	/* 16 records */
#define XT_ST_LOG2	5	/* 32 STEs */
#define XT_NDATA	5

/* A PA with no RAM behind it (16TB): a descriptor fetch there aborts */
#define XT_NO_RAM	BIT_ULL(44)

#define VA_RW		0x400000ULL
#define VA_RO		0x401000ULL
#define VA_XN		0x402000ULL
#define VA_PRIV		0x403000ULL
#define VA_RW2		0x404000ULL
#define VA_HOLE		0x405000ULL
#define VA_EABT		0x600000ULL
#define VA_L1_HOLE	0x40000000ULL

/*
 * StreamIDs.  S1_* are stage-1 streams through the tables above with CD.R
 * (record) and CD.A (abort) as named; SUB_* have four CDs (S1CDMax 2).
 * Some known answers below spell these numbers out in qword 0.
 */
enum {
	SID_S1 = 1,		/* R = 1, A = 1 */
	SID_S1_SILENT = 2,	/* R = 0, A = 1 */
	SID_S1_RAZ_REC = 3,	/* R = 1, A = 0 */
	SID_S1_RAZ = 4,		/* R = 0, A = 0 */
	SID_ABORT = 5,		/* STE Config abort */
	SID_INVALID = 6,	/* STE V = 0 */
	SID_BYPASS = 7,		/* STE Config bypass */
	SID_SUB_TERM = 8,	/* S1DSS terminate */
	SID_SUB_BYPASS = 9,	/* S1DSS bypass */
	SID_SUB_SSID0 = 10,	/* S1DSS SSID0 */
	SID_SUB_RSVD = 11,	/* S1DSS 0b11, Reserved */
	SID_NEST = 12,		/* nested */
	SID_NEST_HA = 13,	/* nested, CD.HA = 1 */
	SID_NEST_BAD_CD = 14,	/* nested, S1ContextPtr not mapped at stage 2 */
};

/* One set of stage-1 (or stage-2) tables: a level-1, -2 and -3 table */
struct xt_pt {
	__le64 *l1, *l2, *l3;
};

struct xt {
	struct kunit *test;
	struct swsmmu_hw *hw;
	__le64 *evtq;
	__le64 *st;
	unsigned int evtq_log2;
	u32 cons;		/* records checked so far: index and wrap */
	struct xt_pt pt;	/* the layout above */
	struct xt_pt alt;	/* VA 0x400000 -> data page 4 */
	__le64 *nest_l3d;	/* nested: level-3 table "D" (see xt_nested()) */
	u64 *data[XT_NDATA];
};

static const struct swsmmu_hw_features xt_features = {
	.sid_bits = 8, .ssid_bits = 8, .oas = PA_SIZE_48,
	.cmdq_bits = 8, .evtq_bits = 8,
	.s1 = true, .s2 = true, .gran4k = true,
	.asid16 = true, .vmid16 = true, .httu_access = true, .ats = true,
};

/* Zeroed, naturally aligned, freed with the case */
static void *xt_alloc(struct xt *xt, size_t size)
{
	return me_alloc(xt->test, size);
}

/* What every u64 of data page @i holds */
static u64 xt_tag(unsigned int i)
{
	return 0x7a6b5c4d00000000ULL | (i + 1);
}

/* ---------------------------------------------------------------------- */
/* Descriptors, CDs, STEs                                                 */
/* ---------------------------------------------------------------------- */

#define AP_RW		SWSMMU_PTE_S1_AP_UNPRIV
#define AP_RO		(SWSMMU_PTE_S1_AP_UNPRIV | SWSMMU_PTE_S1_AP_RDONLY)
#define AP_PRIV_RW	0

/* Stage-2 page for @pa with S2AP = @s2ap */
static u64 xt_s2_page(u64 pa, unsigned int s2ap)
{
	return pa | FIELD_PREP(SWSMMU_PTE_S2_AP, s2ap) |
	       FIELD_PREP(SWSMMU_PTE_S2_MEMATTR, SWSMMU_PTE_S2_MEMATTR_NORMAL_WB) |
	       SWSMMU_PTE_AF | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID;
}

#define S2AP_RW		(SWSMMU_PTE_S2_AP_READ | SWSMMU_PTE_S2_AP_WRITE)

static void xt_pt_alloc(struct xt *xt, struct xt_pt *pt)
{
	pt->l1 = xt_alloc(xt, SZ_4K);
	pt->l2 = xt_alloc(xt, SZ_4K);
	pt->l3 = xt_alloc(xt, SZ_4K);
}

static void xt_put_cd(__le64 *cd, u64 q0, u64 ttb0)
{
	me_set(cd, 1, ttb0);
	me_set(cd, 0, q0);
}

static void xt_put_ste(struct xt *xt, u32 sid, u64 q0, u64 q1, u64 q2,
		       u64 q3)
{
	__le64 *p = xt->st + sid * STRTAB_STE_DWORDS;

	me_set(p, 1, q1);
	me_set(p, 2, q2);
	me_set(p, 3, q3);
	me_set(p, 0, q0);
}

/* Stream @sid: stage 1 through the main tables, one CD with @cd_flags */
static void xt_s1_stream(struct xt *xt, u32 sid, u64 cd_flags)
{
	__le64 *cd = xt_alloc(xt, CTXDESC_CD_SIZE);

	xt_put_cd(cd, me_cd_q0(sid, cd_flags), me_pa(xt->pt.l1));
	xt_put_ste(xt, sid, me_ste_q0(STRTAB_STE_0_CFG_S1_TRANS, me_pa(cd), 0),
		   0, 0, 0);
}

/*
 * Stream @sid with four CDs (S1CDMax 2): CD 0 translates through the main
 * tables, CD 1 through the alternate ones (both R = 1, A = 1), CD 2 is
 * invalid, CD 3 unused.
 */
static void xt_sub_stream(struct xt *xt, u32 sid, unsigned int s1dss)
{
	__le64 *cds = xt_alloc(xt, 4 * CTXDESC_CD_SIZE);

	xt_put_cd(cds, me_cd_q0(8, CTXDESC_CD_0_R | CTXDESC_CD_0_A),
		  me_pa(xt->pt.l1));
	xt_put_cd(cds + CTXDESC_CD_DWORDS,
		  me_cd_q0(9, CTXDESC_CD_0_R | CTXDESC_CD_0_A),
		  me_pa(xt->alt.l1));
	xt_put_ste(xt, sid, me_ste_q0(STRTAB_STE_0_CFG_S1_TRANS, me_pa(cds), 2),
		   FIELD_PREP(STRTAB_STE_1_S1DSS, s1dss), 0, 0);
}

/* ---------------------------------------------------------------------- */
/* Environment                                                            */
/* ---------------------------------------------------------------------- */

/*
 * An enabled instance (SMMUEN, EVTQEN, CR2.RECINVSID, as a driver sets
 * them) with an event queue of 2^@evtq_log2 records, a small IOTLB and
 * configuration cache, the tables of the layout above and an all-zero
 * Stream table: each case writes the STEs it uses before using them.
 */
static struct xt *xt_create(struct kunit *test, unsigned int evtq_log2)
{
	struct xt *xt = kunit_kzalloc(test, sizeof(*xt), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, xt);
	xt->test = test;
	xt->evtq_log2 = evtq_log2;
	/* Caches on: a permission fault found on an IOTLB hit is recorded too */
	xt->hw = me_hw_create(test, "kunit-xlate", &xt_features);

	xt->evtq = xt_alloc(xt, BIT(evtq_log2 + EVTQ_ENT_SZ_SHIFT));
	xt->st = xt_alloc(xt, BIT(XT_ST_LOG2) * STRTAB_STE_SIZE);
	for (i = 0; i < XT_NDATA; i++) {
		unsigned int j;

		xt->data[i] = xt_alloc(xt, PAGE_SIZE);
		for (j = 0; j < PAGE_SIZE / sizeof(u64); j++)
			xt->data[i][j] = xt_tag(i);
	}

	xt_pt_alloc(xt, &xt->pt);
	me_set(xt->pt.l1, 0, me_table(me_pa(xt->pt.l2)));
	me_set(xt->pt.l2, 2, me_table(me_pa(xt->pt.l3)));
	me_set(xt->pt.l2, 3, me_table(XT_NO_RAM));
	me_set(xt->pt.l3, 0, me_s1_page(me_pa(xt->data[0]), AP_RW, 0));
	me_set(xt->pt.l3, 1, me_s1_page(me_pa(xt->data[1]), AP_RO, 0));
	me_set(xt->pt.l3, 2, me_s1_page(me_pa(xt->data[2]), AP_RW,
					SWSMMU_PTE_S1_UXN | SWSMMU_PTE_S1_PXN));
	me_set(xt->pt.l3, 3, me_s1_page(me_pa(xt->data[3]), AP_PRIV_RW, 0));
	me_set(xt->pt.l3, 4, me_s1_page(me_pa(xt->data[4]), AP_RW, 0));

	xt_pt_alloc(xt, &xt->alt);
	me_set(xt->alt.l1, 0, me_table(me_pa(xt->alt.l2)));
	me_set(xt->alt.l2, 2, me_table(me_pa(xt->alt.l3)));
	me_set(xt->alt.l3, 0, me_s1_page(me_pa(xt->data[4]), AP_RW, 0));

	me_hw_enable(xt->hw, xt->st, XT_ST_LOG2, xt->evtq, evtq_log2,
		     CR2_RECINVSID);
	return xt;
}

/* ---------------------------------------------------------------------- */
/* Transactions and records                                               */
/* ---------------------------------------------------------------------- */

static struct swsmmu_txn xt_txn(u32 sid, unsigned int flags)
{
	return (struct swsmmu_txn){ .sid = sid, .flags = flags };
}

static struct swsmmu_txn xt_txn_ssid(u32 sid, u32 ssid, unsigned int flags)
{
	return (struct swsmmu_txn){
		.sid = sid, .ssid = ssid, .flags = flags | SWSMMU_TXN_SSV,
	};
}

/* Read 8 bytes at @va; *@val is poisoned first, so RAZ shows */
static int xt_rd(struct xt *xt, struct swsmmu_txn txn, u64 va, u64 *val)
{
	*val = 0xa5a5a5a5a5a5a5a5ULL;
	txn.flags &= ~SWSMMU_TXN_WRITE;
	return swsmmu_hw_access(xt->hw, &txn, va, val, sizeof(*val));
}

static int xt_wr(struct xt *xt, struct swsmmu_txn txn, u64 va, u64 val)
{
	txn.flags |= SWSMMU_TXN_WRITE;
	return swsmmu_hw_access(xt->hw, &txn, va, &val, sizeof(val));
}

static u32 xt_qmask(const struct xt *xt)
{
	return GENMASK(xt->evtq_log2, 0);	/* index and wrap */
}

/* The event queue holds no record that has not been checked yet */
static void xt_expect_none(struct xt *xt, const char *what)
{
	u32 prod = swsmmu_hw_read32(xt->hw, SMMU_EVTQ_PROD);

	KUNIT_EXPECT_EQ_MSG(xt->test, prod & xt_qmask(xt), xt->cons,
			    "%s: no event record expected", what);
	xt->cons = prod & xt_qmask(xt);
}

/*
 * Exactly one record was written since the last check, and it is
 * @q0..@q3.  The record is then consumed (EVTQ_CONS), as a driver would.
 */
static void xt_expect_event(struct xt *xt, const char *what, u64 q0, u64 q1,
			    u64 q2, u64 q3)
{
	u32 prod = swsmmu_hw_read32(xt->hw, SMMU_EVTQ_PROD);
	u32 next = (xt->cons + 1) & xt_qmask(xt);
	const u64 want[EVTQ_ENT_DWORDS] = { q0, q1, q2, q3 };
	const __le64 *rec;
	unsigned int i;

	KUNIT_EXPECT_EQ_MSG(xt->test, prod & xt_qmask(xt), next,
			    "%s: exactly one event record expected", what);
	if ((prod & xt_qmask(xt)) != next) {
		xt->cons = prod & xt_qmask(xt);
		return;
	}
	rec = xt->evtq + (xt->cons & (BIT(xt->evtq_log2) - 1)) *
			 EVTQ_ENT_DWORDS;
	for (i = 0; i < EVTQ_ENT_DWORDS; i++)
		KUNIT_EXPECT_EQ_MSG(xt->test, me_get(rec, i), want[i],
				    "%s: record qword %u", what, i);
	xt->cons = next;
	swsmmu_hw_write32(xt->hw, SMMU_EVTQ_CONS, next | (prod & Q_OVF));
}

/* A read of @va that must complete with data page @i's tag, unrecorded */
static void xt_expect_read(struct xt *xt, struct swsmmu_txn txn, u64 va,
			   unsigned int i, const char *what)
{
	u64 val;

	KUNIT_EXPECT_EQ_MSG(xt->test, xt_rd(xt, txn, va, &val), 0, "%s", what);
	KUNIT_EXPECT_EQ_MSG(xt->test, val, xt_tag(i), "%s", what);
	xt_expect_none(xt, what);
}

/* A read of @va that must be terminated with an abort, with the record */
static void xt_expect_rd_fault(struct xt *xt, struct swsmmu_txn txn, u64 va,
			       const char *what, u64 q0, u64 q1, u64 q2, u64 q3)
{
	u64 val;

	KUNIT_EXPECT_EQ_MSG(xt->test, xt_rd(xt, txn, va, &val), -EFAULT, "%s",
			    what);
	xt_expect_event(xt, what, q0, q1, q2, q3);
}

/* A write of @va that must be terminated with an abort, with the record */
static void xt_expect_wr_fault(struct xt *xt, struct swsmmu_txn txn, u64 va,
			       const char *what, u64 q0, u64 q1, u64 q2, u64 q3)
{
	KUNIT_EXPECT_EQ_MSG(xt->test, xt_wr(xt, txn, va, 0x1122334455667788ULL),
			    -EFAULT, "%s", what);
	xt_expect_event(xt, what, q0, q1, q2, q3);
}

/* A read of @va that must be terminated with an abort, unrecorded */
static void xt_expect_silent(struct xt *xt, struct swsmmu_txn txn, u64 va,
			     const char *what)
{
	u64 val;

	KUNIT_EXPECT_EQ_MSG(xt->test, xt_rd(xt, txn, va, &val), -EFAULT, "%s",
			    what);
	xt_expect_none(xt, what);
}

/* ---------------------------------------------------------------------- */
/* Stage 1                                                                */
/* ---------------------------------------------------------------------- */

/*
 * F_TRANSLATION at stage 1: S2 = 0 and CLASS = IN wherever the walk ends,
 * the IPA UNKNOWN (7.3.13); RnW, InD and PnU those of the transaction.
 */
static void xlate_s1_translation(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	struct swsmmu_txn txn = xt_txn(SID_S1, 0);

	xt_s1_stream(xt, SID_S1, CTXDESC_CD_0_R | CTXDESC_CD_0_A);

	xt_expect_read(xt, txn, VA_RW + 0x18, 0, "mapped read");
	/* Invalid level-3 descriptor: q1 = RnW 1 << 35 | CLASS IN 2 << 40 */
	xt_expect_rd_fault(xt, txn, VA_HOLE + 0x18, "level-3 miss, read",
			   0x0000000100000010ULL, 0x0000020800000000ULL,
			   VA_HOLE + 0x18, 0);
	/* Invalid level-1 descriptor: still CLASS IN at stage 1 */
	xt_expect_rd_fault(xt, txn, VA_L1_HOLE + 0x123, "level-1 miss, read",
			   ka_q0(KA_F_TRANSLATION, SID_S1),
			   KA_RNW | KA_CLASS_IN, VA_L1_HOLE + 0x123, 0);
	/* Beyond T0SZ (VA bit 39 set): the range check, same record */
	xt_expect_rd_fault(xt, txn, BIT_ULL(39), "beyond T0SZ",
			   ka_q0(KA_F_TRANSLATION, SID_S1),
			   KA_RNW | KA_CLASS_IN, BIT_ULL(39), 0);
	xt_expect_wr_fault(xt, txn, VA_HOLE + 8, "level-3 miss, write",
			   ka_q0(KA_F_TRANSLATION, SID_S1), KA_CLASS_IN,
			   VA_HOLE + 8, 0);
	xt_expect_rd_fault(xt, xt_txn(SID_S1, SWSMMU_TXN_PRIV), VA_HOLE,
			   "privileged read",
			   ka_q0(KA_F_TRANSLATION, SID_S1),
			   KA_PNU | KA_RNW | KA_CLASS_IN, VA_HOLE, 0);
	xt_expect_rd_fault(xt, xt_txn(SID_S1, SWSMMU_TXN_EXEC), VA_HOLE,
			   "instruction fetch",
			   ka_q0(KA_F_TRANSLATION, SID_S1),
			   KA_IND | KA_RNW | KA_CLASS_IN, VA_HOLE, 0);
	xt_expect_rd_fault(xt, xt_txn(SID_S1, SWSMMU_TXN_EXEC |
				      SWSMMU_TXN_PRIV), VA_HOLE,
			   "privileged instruction fetch",
			   ka_q0(KA_F_TRANSLATION, SID_S1),
			   KA_PNU | KA_IND | KA_RNW | KA_CLASS_IN, VA_HOLE, 0);
	/* The same miss again: a second record, not a cached silence */
	xt_expect_rd_fault(xt, txn, VA_HOLE + 0x18, "level-3 miss again",
			   0x0000000100000010ULL, 0x0000020800000000ULL,
			   VA_HOLE + 0x18, 0);
}

/* F_PERMISSION at stage 1: S2 = 0, CLASS = IN; one record per access */
static void xlate_s1_permission(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	struct swsmmu_txn txn = xt_txn(SID_S1, 0);
	struct swsmmu_txn priv = xt_txn(SID_S1, SWSMMU_TXN_PRIV);
	struct swsmmu_txn exec = xt_txn(SID_S1, SWSMMU_TXN_EXEC);

	xt_s1_stream(xt, SID_S1, CTXDESC_CD_0_R | CTXDESC_CD_0_A);

	/* Read-only page: the read fills the IOTLB, the write hits it */
	xt_expect_read(xt, txn, VA_RO, 1, "read of a read-only page");
	xt_expect_wr_fault(xt, txn, VA_RO + 0x10, "write to a read-only page",
			   0x0000000100000013ULL, 0x0000020000000000ULL,
			   VA_RO + 0x10, 0);
	KUNIT_EXPECT_EQ(test, xt->data[1][2], xt_tag(1));
	xt_expect_wr_fault(xt, priv, VA_RO, "privileged write, read-only",
			   ka_q0(KA_F_PERMISSION, SID_S1), KA_PNU | KA_CLASS_IN,
			   VA_RO, 0);

	/* Execute-never: an instruction fetch faults, a data read does not */
	xt_expect_read(xt, txn, VA_XN, 2, "data read of an XN page");
	xt_expect_rd_fault(xt, exec, VA_XN + 0x20, "instruction fetch, XN",
			   ka_q0(KA_F_PERMISSION, SID_S1),
			   KA_IND | KA_RNW | KA_CLASS_IN, VA_XN + 0x20, 0);
	xt_expect_read(xt, exec, VA_RW, 0, "instruction fetch, executable");

	/* EL1-only page: unprivileged access faults, privileged does not */
	xt_expect_rd_fault(xt, txn, VA_PRIV + 0x8, "unprivileged read, EL1 page",
			   ka_q0(KA_F_PERMISSION, SID_S1), KA_RNW | KA_CLASS_IN,
			   VA_PRIV + 0x8, 0);
	xt_expect_read(xt, priv, VA_PRIV + 0x8, 3, "privileged read, EL1 page");
	xt_expect_wr_fault(xt, txn, VA_PRIV, "unprivileged write, EL1 page",
			   ka_q0(KA_F_PERMISSION, SID_S1), KA_CLASS_IN,
			   VA_PRIV, 0);

	/*
	 * A write marked as an instruction is a data write (13.1.2): InD = 0
	 * in the record (InD == 0 when RnW == 0), and the XN page, writable,
	 * takes it.
	 */
	xt_expect_wr_fault(xt, xt_txn(SID_S1, SWSMMU_TXN_EXEC), VA_RO + 0x30,
			   "write marked instruction, read-only page",
			   ka_q0(KA_F_PERMISSION, SID_S1), KA_CLASS_IN,
			   VA_RO + 0x30, 0);
	KUNIT_EXPECT_EQ(test, xt_wr(xt, exec, VA_XN + 0x28, 0x1234), 0);
	KUNIT_EXPECT_EQ(test, xt->data[2][5], 0x1234);
	xt_expect_none(xt, "write marked instruction, XN writable page");
}

/*
 * F_WALK_EABT of a stage-1 table fetch: S2 = 0 and CLASS = TT, unlike the
 * other stage-1 faults (7.3.12); FetchAddr is the descriptor's PA.
 */
static void xlate_s1_walk_eabt(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);

	xt_s1_stream(xt, SID_S1, CTXDESC_CD_0_R | CTXDESC_CD_0_A);
	/* L3 index 7 of the table at 16TB: descriptor at 16TB + 0x38 */
	xt_expect_rd_fault(xt, xt_txn(SID_S1, 0), VA_EABT + 0x7010,
			   "walk external abort",
			   ka_q0(KA_F_WALK_EABT, SID_S1),
			   KA_RNW | KA_CLASS_TT, VA_EABT + 0x7010,
			   0x0000100000000038ULL);
}

/* ---------------------------------------------------------------------- */
/* Substreams                                                             */
/* ---------------------------------------------------------------------- */

/*
 * A SubstreamID reaches its CD and shows in the records of that CD's
 * faults (SSV = 1).  C_BAD_SUBSTREAMID carries the SubstreamID without
 * SSV (7.3.9); F_STREAM_DISABLED only the StreamID (7.3.7).
 */
static void xlate_substreams(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	struct swsmmu_txn ss1 = xt_txn_ssid(SID_SUB_TERM, 1, 0);

	xt_sub_stream(xt, SID_SUB_TERM, STRTAB_STE_1_S1DSS_TERMINATE);
	xt_s1_stream(xt, SID_S1, CTXDESC_CD_0_R | CTXDESC_CD_0_A);
	xt_put_ste(xt, SID_BYPASS, me_ste_q0(STRTAB_STE_0_CFG_BYPASS, 0, 0),
		   0, 0, 0);

	xt_expect_read(xt, ss1, VA_RW, 4, "SSID 1 uses CD 1");
	xt_expect_read(xt, xt_txn_ssid(SID_SUB_TERM, 0, 0), VA_RW, 0,
		       "SSID 0 uses CD 0");
	/* q0 = SID 8 << 32 | SSID 1 << 12 | SSV 1 << 11 | 0x10 */
	xt_expect_rd_fault(xt, ss1, VA_HOLE, "SSID 1, translation fault",
			   0x0000000800001810ULL, KA_RNW | KA_CLASS_IN,
			   VA_HOLE, 0);
	xt_expect_wr_fault(xt, xt_txn_ssid(SID_SUB_TERM, 0, SWSMMU_TXN_PRIV),
			   VA_RO, "SSID 0, permission fault",
			   ka_q0_ssid(KA_F_PERMISSION, SID_SUB_TERM, 0),
			   KA_PNU | KA_CLASS_IN, VA_RO, 0);
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_SUB_TERM, 2, 0), VA_RW,
			   "SSID 2, invalid CD",
			   ka_q0_ssid(KA_C_BAD_CD, SID_SUB_TERM, 2), 0, 0, 0);

	/* q0 = SID 8 << 32 | SSID 4 << 12 | 0x08: bit 11 is RES0 here */
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_SUB_TERM, 4, 0), VA_RW,
			   "SSID beyond S1CDMax",
			   0x0000000800004008ULL, 0, 0, 0);
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_SUB_TERM, 0x100, 0), VA_RW,
			   "SSID beyond SSIDSIZE",
			   ka_q0(KA_C_BAD_SUBSTREAMID, SID_SUB_TERM) |
			   0x100ULL << 12, 0, 0, 0);
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_S1, 0, 0), VA_RW,
			   "SSID with S1CDMax 0",
			   ka_q0(KA_C_BAD_SUBSTREAMID, SID_S1), 0, 0, 0);
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_BYPASS, 3, 0), VA_RW,
			   "SSID with stage 1 bypassed",
			   ka_q0(KA_C_BAD_SUBSTREAMID, SID_BYPASS) | 3ULL << 12,
			   0, 0, 0);

	/* Untagged traffic, S1DSS terminate: F_STREAM_DISABLED */
	xt_expect_rd_fault(xt, xt_txn(SID_SUB_TERM, 0), VA_RW,
			   "untagged, S1DSS terminate",
			   0x0000000800000006ULL, 0, 0, 0);
	xt_expect_wr_fault(xt, xt_txn(SID_SUB_TERM, SWSMMU_TXN_PRIV), VA_HOLE,
			   "untagged write, S1DSS terminate",
			   ka_q0(KA_F_STREAM_DISABLED, SID_SUB_TERM), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, xt->data[0][0], xt_tag(0));
}

/* S1DSS bypass: untagged traffic skips stage 1, tagged is translated */
static void xlate_s1dss_bypass(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	u64 pa = me_pa(xt->data[3]);

	xt_sub_stream(xt, SID_SUB_BYPASS, STRTAB_STE_1_S1DSS_BYPASS);
	xt_sub_stream(xt, SID_SUB_RSVD, 3);

	/* The input address is the output address: data page 3 by its PA */
	xt_expect_read(xt, xt_txn(SID_SUB_BYPASS, 0), pa + 0x40, 3,
		       "untagged, S1DSS bypass");
	KUNIT_EXPECT_EQ(test, xt_wr(xt, xt_txn(SID_SUB_BYPASS, 0), pa + 0x48,
				    0xfeed), 0);
	KUNIT_EXPECT_EQ(test, xt->data[3][9], 0xfeed);
	xt_expect_none(xt, "untagged write, S1DSS bypass");
	xt_expect_read(xt, xt_txn_ssid(SID_SUB_BYPASS, 1, 0), VA_RW, 4,
		       "SSID 1, S1DSS bypass");
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_SUB_BYPASS, 1, 0), VA_HOLE,
			   "SSID 1 fault, S1DSS bypass",
			   ka_q0_ssid(KA_F_TRANSLATION, SID_SUB_BYPASS, 1),
			   KA_RNW | KA_CLASS_IN, VA_HOLE, 0);

	/* S1DSS 0b11 is Reserved and behaves as terminate (5.2) */
	xt_expect_rd_fault(xt, xt_txn(SID_SUB_RSVD, 0), VA_RW,
			   "untagged, S1DSS Reserved",
			   ka_q0(KA_F_STREAM_DISABLED, SID_SUB_RSVD), 0, 0, 0);
}

/*
 * S1DSS SSID0: untagged traffic uses CD 0, and SubstreamID 0 is no longer
 * available to tagged traffic: F_STREAM_DISABLED (5.2 S1DSS, 7.3.7).
 */
static void xlate_s1dss_ssid0(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);

	xt_sub_stream(xt, SID_SUB_SSID0, STRTAB_STE_1_S1DSS_SSID0);

	xt_expect_read(xt, xt_txn(SID_SUB_SSID0, 0), VA_RW, 0,
		       "untagged uses CD 0");
	xt_expect_read(xt, xt_txn_ssid(SID_SUB_SSID0, 1, 0), VA_RW, 4,
		       "SSID 1 uses CD 1");
	/* A fault of untagged traffic through CD 0: SSV = 0 */
	xt_expect_rd_fault(xt, xt_txn(SID_SUB_SSID0, 0), VA_HOLE,
			   "untagged fault through CD 0",
			   0x0000000a00000010ULL, KA_RNW | KA_CLASS_IN,
			   VA_HOLE, 0);
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_SUB_SSID0, 0, 0), VA_RW,
			   "SSID 0 with S1DSS SSID0",
			   0x0000000a00000006ULL, 0, 0, 0);
	xt_expect_wr_fault(xt, xt_txn_ssid(SID_SUB_SSID0, 0, 0), VA_RW,
			   "SSID 0 write with S1DSS SSID0",
			   ka_q0(KA_F_STREAM_DISABLED, SID_SUB_SSID0), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, xt->data[0][0], xt_tag(0));
}

/* ---------------------------------------------------------------------- */
/* Nested                                                                 */
/* ---------------------------------------------------------------------- */

/*
 * Nested layout.  Stage 2 (4KB, S2T0SZ 25, from level 1) maps IPA
 * 0x200000 + i * 4KB through S2 L1[0] L2[1] L3[i]:
 *
 *   IPA       i     PA                        S2AP
 *   0x200000  0     stage-1 level-1 table     RW
 *   0x201000  1     stage-1 level-2 table     RW
 *   0x202000  2     stage-1 level-3 table     RW
 *   0x203000  3     -                         (invalid)
 *   0x204000  4     level-3 table "C"         write only
 *   0x205000  5     level-3 table "D"         read only
 *   0x210000  0x10  data page 0               RW
 *   0x211000  0x11  data page 1               read only
 *   0x212000  0x12  -                         (invalid)
 *   0x220000  0x20  the CDs                   RW
 *
 * Stage 1 (IPAs everywhere): L1[0] -> L2 at 0x201000; L2[2] -> 0x202000,
 * L2[3] -> 0x203000, L2[4] -> 0x204000, L2[5] -> 0x205000.  The level-3
 * table maps VA 0x400000, 0x401000, 0x402000 to IPA 0x210000, 0x211000,
 * 0x212000 (all read/write at stage 1); table D maps VA 0xa00000 to IPA
 * 0x210000 with AF = 0.
 */
#define XT_IPA(i)	(0x200000ULL + (u64)(i) * SZ_4K)

static void xt_nested(struct xt *xt)
{
	struct xt_pt s2, s1;
	__le64 *l3c, *l3d, *cds;
	u64 q2;

	xt_pt_alloc(xt, &s2);
	xt_pt_alloc(xt, &s1);
	l3c = xt_alloc(xt, SZ_4K);
	l3d = xt_alloc(xt, SZ_4K);
	cds = xt_alloc(xt, SZ_4K);

	me_set(s2.l1, 0, me_table(me_pa(s2.l2)));
	me_set(s2.l2, 1, me_table(me_pa(s2.l3)));
	me_set(s2.l3, 0, xt_s2_page(me_pa(s1.l1), S2AP_RW));
	me_set(s2.l3, 1, xt_s2_page(me_pa(s1.l2), S2AP_RW));
	me_set(s2.l3, 2, xt_s2_page(me_pa(s1.l3), S2AP_RW));
	me_set(s2.l3, 4, xt_s2_page(me_pa(l3c), SWSMMU_PTE_S2_AP_WRITE));
	me_set(s2.l3, 5, xt_s2_page(me_pa(l3d), SWSMMU_PTE_S2_AP_READ));
	me_set(s2.l3, 0x10, xt_s2_page(me_pa(xt->data[0]), S2AP_RW));
	me_set(s2.l3, 0x11, xt_s2_page(me_pa(xt->data[1]), SWSMMU_PTE_S2_AP_READ));
	me_set(s2.l3, 0x20, xt_s2_page(me_pa(cds), S2AP_RW));

	me_set(s1.l1, 0, me_table(XT_IPA(1)));
	me_set(s1.l2, 2, me_table(XT_IPA(2)));
	me_set(s1.l2, 3, me_table(XT_IPA(3)));
	me_set(s1.l2, 4, me_table(XT_IPA(4)));
	me_set(s1.l2, 5, me_table(XT_IPA(5)));
	me_set(s1.l3, 0, me_s1_page(XT_IPA(0x10), AP_RW, 0));
	me_set(s1.l3, 1, me_s1_page(XT_IPA(0x11), AP_RW, 0));
	me_set(s1.l3, 2, me_s1_page(XT_IPA(0x12), AP_RW, 0));
	me_set(l3c, 0, me_s1_page(XT_IPA(0x10), AP_RW, 0));
	me_set(l3d, 0, me_s1_page(XT_IPA(0x10), AP_RW, 0) & ~SWSMMU_PTE_AF);

	/* CD 0 at IPA 0x220000, CD 1 (HA) at IPA 0x220040 */
	xt_put_cd(cds, me_cd_q0(20, CTXDESC_CD_0_R | CTXDESC_CD_0_A), XT_IPA(0));
	xt_put_cd(cds + CTXDESC_CD_DWORDS,
		  me_cd_q0(21, CTXDESC_CD_0_R | CTXDESC_CD_0_A |
			   CTXDESC_CD_0_TCR_HA), XT_IPA(0));

	q2 = STRTAB_STE_2_S2AA64 | STRTAB_STE_2_S2R |
	     FIELD_PREP(STRTAB_STE_2_S2VMID, 1) |
	     FIELD_PREP(STRTAB_STE_2_S2TG, SWSMMU_TCR_TG0_4K) |
	     FIELD_PREP(STRTAB_STE_2_S2T0SZ, 25) |
	     FIELD_PREP(STRTAB_STE_2_S2SL0, STRTAB_STE_2_S2SL0_4K_L1) |
	     FIELD_PREP(STRTAB_STE_2_S2PS, PA_SIZE_48);
	xt_put_ste(xt, SID_NEST,
		   me_ste_q0(STRTAB_STE_0_CFG_NESTED, XT_IPA(0x20), 0), 0, q2,
		   me_pa(s2.l1));
	xt_put_ste(xt, SID_NEST_HA,
		   me_ste_q0(STRTAB_STE_0_CFG_NESTED, XT_IPA(0x20) + 0x40, 0), 0,
		   q2, me_pa(s2.l1));
	xt_put_ste(xt, SID_NEST_BAD_CD,
		   me_ste_q0(STRTAB_STE_0_CFG_NESTED, XT_IPA(0x30), 0), 0, q2,
		   me_pa(s2.l1));
	xt->nest_l3d = l3d;
}

/*
 * Stage-2 faults of a nested stream: S2 = 1, the IPA in qword 3, and the
 * CLASS of the access stage 2 was translating (7.3.13): the CD fetch (CD),
 * a stage-1 descriptor fetch (TT, IPA of the descriptor), or the output
 * of stage 1 (IN).  TTRnW only in F_PERMISSION with CLASS TT (7.3.16).
 */
static void xlate_nested(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	struct swsmmu_txn txn = xt_txn(SID_NEST, 0);

	xt_nested(xt);

	xt_expect_read(xt, txn, VA_RW + 8, 0, "nested read");
	xt_expect_read(xt, txn, VA_RO + 8, 1, "nested read, S2 read-only");

	/* q1 = S2 1 << 39 | CLASS IN 2 << 40 (a write: RnW 0) */
	xt_expect_wr_fault(xt, txn, VA_RO + 0x10, "S2 permission, write",
			   0x0000000c00000013ULL, 0x0000028000000000ULL,
			   VA_RO + 0x10, 0x0000000000211000ULL);
	KUNIT_EXPECT_EQ(test, xt->data[1][2], xt_tag(1));

	/* Output IPA 0x212018 not mapped: IPA[51:12] in qword 3 */
	xt_expect_rd_fault(xt, txn, VA_XN + 0x18, "S2 translation, output",
			   ka_q0(KA_F_TRANSLATION, SID_NEST),
			   KA_RNW | KA_S2 | KA_CLASS_IN, VA_XN + 0x18,
			   XT_IPA(0x12));
	xt_expect_rd_fault(xt, xt_txn(SID_NEST, SWSMMU_TXN_PRIV), VA_XN,
			   "S2 translation, privileged read",
			   ka_q0(KA_F_TRANSLATION, SID_NEST),
			   KA_PNU | KA_RNW | KA_S2 | KA_CLASS_IN, VA_XN,
			   XT_IPA(0x12));
	/* (EL0-writable is privileged execute-never: an EL0 fetch here) */
	xt_expect_rd_fault(xt, xt_txn(SID_NEST, SWSMMU_TXN_EXEC), VA_XN,
			   "S2 translation, instruction fetch",
			   ka_q0(KA_F_TRANSLATION, SID_NEST),
			   KA_IND | KA_RNW | KA_S2 | KA_CLASS_IN, VA_XN,
			   XT_IPA(0x12));

	/* Level-3 descriptor 5 at IPA 0x203028, not mapped: CLASS TT */
	xt_expect_rd_fault(xt, txn, 0x605000, "S2 translation, table walk",
			   ka_q0(KA_F_TRANSLATION, SID_NEST),
			   KA_RNW | KA_S2 | KA_CLASS_TT, 0x605000, XT_IPA(3));
	/* Table C is write-only at stage 2: the walk's read faults */
	xt_expect_wr_fault(xt, txn, 0x800000, "S2 permission, table walk",
			   ka_q0(KA_F_PERMISSION, SID_NEST),
			   KA_S2 | KA_CLASS_TT | KA_TTRNW, 0x800000, XT_IPA(4));

	/* Stage 1 through table D without HTTU: F_ACCESS, stage 1 */
	xt_expect_rd_fault(xt, txn, 0xa00000, "S1 Access flag",
			   ka_q0(KA_F_ACCESS, SID_NEST), KA_RNW | KA_CLASS_IN,
			   0xa00000, 0);
	/*
	 * With HTTU the Access flag update is a descriptor write that stage
	 * 2 refuses (table D is read-only there): CLASS TT, TTRnW 0
	 */
	xt_expect_rd_fault(xt, xt_txn(SID_NEST_HA, 0), 0xa00000,
			   "S2 permission, Access flag update",
			   ka_q0(KA_F_PERMISSION, SID_NEST_HA),
			   KA_RNW | KA_S2 | KA_CLASS_TT, 0xa00000, XT_IPA(5));
	KUNIT_EXPECT_FALSE(test, me_get(xt->nest_l3d, 0) & SWSMMU_PTE_AF);

	/* The CD at IPA 0x230000 is not mapped: CLASS CD */
	xt_expect_rd_fault(xt, xt_txn(SID_NEST_BAD_CD, 0), VA_RW,
			   "S2 translation, CD fetch",
			   ka_q0(KA_F_TRANSLATION, SID_NEST_BAD_CD),
			   KA_RNW | KA_S2 | KA_CLASS_CD, VA_RW, XT_IPA(0x30));
}

/* ---------------------------------------------------------------------- */
/* Configuration that suppresses or changes the outcome                   */
/* ---------------------------------------------------------------------- */

/*
 * CD.R = 0: translation faults are not recorded.  CD.A = 0: the
 * transaction is terminated as read-as-zero/write-ignored, successfully,
 * and recorded only if R = 1.
 */
static void xlate_cd_record_abort(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	u64 val;

	xt_s1_stream(xt, SID_S1_SILENT, CTXDESC_CD_0_A);
	xt_s1_stream(xt, SID_S1_RAZ_REC, CTXDESC_CD_0_R);
	xt_s1_stream(xt, SID_S1_RAZ, 0);

	/* R = 0, A = 1: abort, nothing recorded */
	xt_expect_silent(xt, xt_txn(SID_S1_SILENT, 0), VA_HOLE, "R 0: miss");
	KUNIT_EXPECT_EQ(test, xt_wr(xt, xt_txn(SID_S1_SILENT, 0), VA_RO, 1),
			-EFAULT);
	xt_expect_none(xt, "R 0: permission");
	KUNIT_EXPECT_EQ(test, xt->data[1][0], xt_tag(1));
	xt_expect_read(xt, xt_txn(SID_S1_SILENT, 0), VA_RW, 0, "R 0: mapped");

	/* R = 1, A = 0: zeroes, success, and the record */
	KUNIT_EXPECT_EQ(test, xt_rd(xt, xt_txn(SID_S1_RAZ_REC, 0), VA_HOLE,
				    &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0);
	xt_expect_event(xt, "A 0: read as zero",
			ka_q0(KA_F_TRANSLATION, SID_S1_RAZ_REC),
			KA_RNW | KA_CLASS_IN, VA_HOLE, 0);
	KUNIT_EXPECT_EQ(test, xt_wr(xt, xt_txn(SID_S1_RAZ_REC, 0), VA_RO + 8,
				    0x55), 0);
	KUNIT_EXPECT_EQ(test, xt->data[1][1], xt_tag(1));
	xt_expect_event(xt, "A 0: write ignored",
			ka_q0(KA_F_PERMISSION, SID_S1_RAZ_REC), KA_CLASS_IN,
			VA_RO + 8, 0);

	/* R = 0, A = 0: zeroes, success, nothing recorded */
	KUNIT_EXPECT_EQ(test, xt_rd(xt, xt_txn(SID_S1_RAZ, 0), VA_PRIV, &val),
			0);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_EXPECT_EQ(test, xt_wr(xt, xt_txn(SID_S1_RAZ, 0), VA_RO, 0x66), 0);
	KUNIT_EXPECT_EQ(test, xt->data[1][0], xt_tag(1));
	xt_expect_none(xt, "A 0, R 0");
}

/*
 * The STE: Config abort terminates silently (5.2); V = 0 is C_BAD_STE; a
 * StreamID beyond the Stream table is C_BAD_STREAMID, recorded only with
 * CR2.RECINVSID (7.3.3).  These carry SSV and the SubstreamID.
 */
static void xlate_ste_config(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	struct swsmmu_txn byp = xt_txn(SID_BYPASS, 0);

	xt_put_ste(xt, SID_ABORT, me_ste_q0(STRTAB_STE_0_CFG_ABORT, 0, 0),
		   0, 0, 0);
	xt_put_ste(xt, SID_BYPASS, me_ste_q0(STRTAB_STE_0_CFG_BYPASS, 0, 0),
		   0, 0, 0);

	xt_expect_silent(xt, xt_txn(SID_ABORT, 0), VA_RW, "Config abort");
	KUNIT_EXPECT_EQ(test, xt_wr(xt, xt_txn(SID_ABORT, 0),
				    me_pa(xt->data[0]), 7), -EFAULT);
	KUNIT_EXPECT_EQ(test, xt->data[0][0], xt_tag(0));
	xt_expect_none(xt, "Config abort, write");

	xt_expect_read(xt, byp, me_pa(xt->data[2]) + 0x100, 2, "bypass STE");

	xt_expect_rd_fault(xt, xt_txn(SID_INVALID, 0), VA_RW, "STE V 0",
			   0x0000000600000004ULL, 0, 0, 0);
	xt_expect_rd_fault(xt, xt_txn_ssid(SID_INVALID, 2, SWSMMU_TXN_PRIV),
			   VA_RW, "STE V 0, SSID 2",
			   0x0000000600002804ULL, 0, 0, 0);

	/* LOG2SIZE 5: StreamID 40 is beyond the table, 0x1000 beyond SIDSIZE */
	xt_expect_rd_fault(xt, xt_txn(40, 0), VA_RW, "StreamID beyond table",
			   0x0000002800000002ULL, 0, 0, 0);
	xt_expect_wr_fault(xt, xt_txn_ssid(40, 5, 0), VA_RW,
			   "StreamID beyond table, SSID 5",
			   ka_q0_ssid(KA_C_BAD_STREAMID, 40, 5), 0, 0, 0);
	xt_expect_rd_fault(xt, xt_txn(0x1000, 0), VA_RW,
			   "StreamID beyond SIDSIZE",
			   ka_q0(KA_C_BAD_STREAMID, 0x1000), 0, 0, 0);

	swsmmu_hw_write32(xt->hw, SMMU_CR2, 0);
	xt_expect_silent(xt, xt_txn(40, 0), VA_RW, "RECINVSID 0");
	/* ... which silences only C_BAD_STREAMID */
	xt_expect_rd_fault(xt, xt_txn(SID_INVALID, 0), VA_RW,
			   "STE V 0, RECINVSID 0",
			   ka_q0(KA_C_BAD_STE, SID_INVALID), 0, 0, 0);
}

/* SMMUEN = 0: GBPA decides, and nothing is ever recorded */
static void xlate_smmu_disabled(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	u64 pa = me_pa(xt->data[1]);

	/* The event queue stays enabled: a record would be written */
	swsmmu_hw_write32(xt->hw, SMMU_CR0, CR0_EVTQEN);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_CR0ACK),
			CR0_EVTQEN);

	/* GBPA.ABORT (its reset value): every transaction aborts */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_GBPA), GBPA_ABORT);
	xt_expect_silent(xt, xt_txn(SID_S1, 0), pa, "GBPA abort, read");
	KUNIT_EXPECT_EQ(test, xt_wr(xt, xt_txn(SID_S1, 0), pa, 3), -EFAULT);
	KUNIT_EXPECT_EQ(test, xt->data[1][0], xt_tag(1));
	/* Even a StreamID no Stream table could hold, and a SubstreamID */
	xt_expect_silent(xt, xt_txn_ssid(0x1000, 1, 0), pa, "GBPA abort, SID");
	xt_expect_none(xt, "GBPA abort");

	/* GBPA.ABORT = 0: bypass, the address is the PA */
	swsmmu_hw_write32(xt->hw, SMMU_GBPA, GBPA_UPDATE);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_GBPA), 0);
	xt_expect_read(xt, xt_txn(SID_S1, 0), pa + 0x10, 1, "GBPA bypass");
	xt_expect_read(xt, xt_txn_ssid(0x1000, 1, 0), pa, 1,
		       "GBPA bypass, any stream");
	KUNIT_EXPECT_EQ(test, xt_wr(xt, xt_txn(SID_S1, 0), pa + 0x18, 0xbeef),
			0);
	KUNIT_EXPECT_EQ(test, xt->data[1][3], 0xbeef);
	xt_expect_none(xt, "GBPA bypass, write");
}

/*
 * An access across a page boundary is one transaction piece per page: the
 * pieces before the fault are transferred, the fault is one record (at the
 * address of the faulting piece), and nothing after it is.
 */
static void xlate_page_boundary(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	struct swsmmu_txn txn = xt_txn(SID_S1, 0);
	u64 buf[3];

	xt_s1_stream(xt, SID_S1, CTXDESC_CD_0_R | CTXDESC_CD_0_A);
	xt_s1_stream(xt, SID_S1_RAZ_REC, CTXDESC_CD_0_R);

	/* Two mapped pages: no record */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_access(xt->hw, &txn, VA_RO - 8, buf,
					       16), 0);
	KUNIT_EXPECT_EQ(test, buf[0], xt_tag(0));
	KUNIT_EXPECT_EQ(test, buf[1], xt_tag(1));
	xt_expect_none(xt, "read across two mapped pages");

	/* Page 4, then the hole at 0x405000 */
	memset(buf, 0xa5, sizeof(buf));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_access(xt->hw, &txn, VA_HOLE - 8, buf,
					       24), -EFAULT);
	KUNIT_EXPECT_EQ(test, buf[0], xt_tag(4));
	xt_expect_event(xt, "read into the hole",
			ka_q0(KA_F_TRANSLATION, SID_S1), KA_RNW | KA_CLASS_IN,
			VA_HOLE, 0);

	buf[0] = 0x1111;
	buf[1] = 0x2222;
	txn.flags = SWSMMU_TXN_WRITE;
	KUNIT_EXPECT_EQ(test, swsmmu_hw_access(xt->hw, &txn, VA_HOLE - 8, buf,
					       16), -EFAULT);
	KUNIT_EXPECT_EQ(test, xt->data[4][511], 0x1111);
	KUNIT_EXPECT_EQ(test, xt->data[4][510], xt_tag(4));
	xt_expect_event(xt, "write into the hole",
			ka_q0(KA_F_TRANSLATION, SID_S1), KA_CLASS_IN,
			VA_HOLE, 0);

	/* Read-only page after a writable one */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_access(xt->hw, &txn, VA_RO - 8, buf,
					       16), -EFAULT);
	KUNIT_EXPECT_EQ(test, xt->data[0][511], 0x1111);
	KUNIT_EXPECT_EQ(test, xt->data[1][0], xt_tag(1));
	xt_expect_event(xt, "write into a read-only page",
			ka_q0(KA_F_PERMISSION, SID_S1), KA_CLASS_IN, VA_RO, 0);

	/* A = 0: the access completes, the faulting piece reads as zero */
	txn = xt_txn(SID_S1_RAZ_REC, 0);
	memset(buf, 0xa5, sizeof(buf));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_access(xt->hw, &txn, VA_HOLE - 8, buf,
					       16), 0);
	KUNIT_EXPECT_EQ(test, buf[0], 0x1111);	/* written above */
	KUNIT_EXPECT_EQ(test, buf[1], 0);
	KUNIT_EXPECT_EQ(test, buf[2], 0xa5a5a5a5a5a5a5a5ULL);
	xt_expect_event(xt, "A 0: read into the hole",
			ka_q0(KA_F_TRANSLATION, SID_S1_RAZ_REC),
			KA_RNW | KA_CLASS_IN, VA_HOLE, 0);
}

/*
 * A full event queue (non-stall events): the record is dropped, PROD.OVFLG
 * toggles once until software acknowledges it in CONS.OVACKFLG (7.4), and
 * the access is terminated as it would have been.
 */
static void xlate_evtq_full(struct kunit *test)
{
	struct xt *xt = xt_create(test, 1);	/* two records */
	struct swsmmu_txn txn = xt_txn(SID_S1, 0);
	u64 val;

	xt_s1_stream(xt, SID_S1, CTXDESC_CD_0_R | CTXDESC_CD_0_A);

	KUNIT_EXPECT_EQ(test, xt_rd(xt, txn, VA_HOLE + 0x100, &val), -EFAULT);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_EVTQ_PROD), 1);
	KUNIT_EXPECT_EQ(test, xt_rd(xt, txn, VA_HOLE + 0x200, &val), -EFAULT);
	/* index 0, wrap 1: full */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_EVTQ_PROD), 2);

	KUNIT_EXPECT_EQ(test, xt_rd(xt, txn, VA_HOLE + 0x300, &val), -EFAULT);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_EVTQ_PROD),
			0x80000002);
	/* Overflow pending: OVFLG does not toggle back */
	KUNIT_EXPECT_EQ(test, xt_wr(xt, txn, VA_RO, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, xt->data[1][0], xt_tag(1));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_EVTQ_PROD),
			0x80000002);
	/* The two records are the first two faults, untouched */
	KUNIT_EXPECT_EQ(test, me_get(xt->evtq, 2), VA_HOLE + 0x100);
	KUNIT_EXPECT_EQ(test, me_get(xt->evtq, 4 + 2), VA_HOLE + 0x200);

	/* Consume both and acknowledge the overflow */
	swsmmu_hw_write32(xt->hw, SMMU_EVTQ_CONS, 0x80000002);
	xt->cons = 2;
	xt_expect_rd_fault(xt, txn, VA_HOLE + 0x400, "after the overflow",
			   ka_q0(KA_F_TRANSLATION, SID_S1),
			   KA_RNW | KA_CLASS_IN, VA_HOLE + 0x400, 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_EVTQ_PROD),
			0x80000003);
}

/*
 * swsmmu_hw_translate() reports the record an access would write, and
 * writes nothing.
 */
static void xlate_translate_no_record(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	struct swsmmu_txn txn = xt_txn_ssid(SID_SUB_TERM, 1, SWSMMU_TXN_PRIV);
	struct swsmmu_xlate out;

	xt_sub_stream(xt, SID_SUB_TERM, STRTAB_STE_1_S1DSS_TERMINATE);

	KUNIT_EXPECT_EQ(test, swsmmu_hw_translate(xt->hw, &txn, VA_HOLE, &out),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, out.event[0], 0x0000000800001810ULL);
	KUNIT_EXPECT_EQ(test, out.event[1],
			KA_PNU | KA_RNW | KA_CLASS_IN);
	KUNIT_EXPECT_EQ(test, out.event[2], VA_HOLE);
	KUNIT_EXPECT_EQ(test, out.event[3], 0);
	KUNIT_EXPECT_FALSE(test, out.silent);
	xt_expect_none(xt, "translate");

	KUNIT_EXPECT_EQ(test, swsmmu_hw_translate(xt->hw, &txn, VA_RW + 0x10,
						  &out), 0);
	KUNIT_EXPECT_EQ(test, out.pa, me_pa(xt->data[4]) + 0x10);
	KUNIT_EXPECT_EQ(test, out.event[0], 0);
	xt_expect_none(xt, "translate, mapped");
}

/* ---------------------------------------------------------------------- */
/* ATS (drivers/model/ats.c)                                              */
/* ---------------------------------------------------------------------- */

#define SID_ATS		16	/* stage 1, EATS 0b01 */
#define SID_ATS_SPLIT	17	/* stage 1, EATS 0b10: no NS1ATS, ILLEGAL */

/* The stage-1 streams of the ATS cases: SID_S1 has EATS 0b00 */
static struct xt *xt_ats_create(struct kunit *test)
{
	struct xt *xt = xt_create(test, XT_EVTQ_LOG2);
	__le64 *cd = xt_alloc(xt, CTXDESC_CD_SIZE);

	xt_s1_stream(xt, SID_S1, CTXDESC_CD_0_R | CTXDESC_CD_0_A);
	xt_put_cd(cd, me_cd_q0(SID_ATS, CTXDESC_CD_0_R | CTXDESC_CD_0_A),
		  me_pa(xt->pt.l1));
	xt_put_ste(xt, SID_ATS, me_ste_q0(STRTAB_STE_0_CFG_S1_TRANS, me_pa(cd), 0),
		   FIELD_PREP(STRTAB_STE_1_EATS, 1), 0, 0);
	xt_put_ste(xt, SID_ATS_SPLIT,
		   me_ste_q0(STRTAB_STE_0_CFG_S1_TRANS, me_pa(cd), 0),
		   FIELD_PREP(STRTAB_STE_1_EATS, 2), 0, 0);
	xt_put_ste(xt, SID_ABORT, me_ste_q0(STRTAB_STE_0_CFG_ABORT, 0, 0),
		   0, 0, 0);
	xt_put_ste(xt, SID_BYPASS, me_ste_q0(STRTAB_STE_0_CFG_BYPASS, 0, 0),
		   0, 0, 0);
	return xt;
}

static enum swsmmu_ats_status xt_treq(struct xt *xt, u32 sid, unsigned int flags,
				      u64 va, struct swsmmu_ats_cpl *cpl)
{
	struct swsmmu_txn txn = xt_txn(sid, flags);

	KUNIT_EXPECT_EQ(xt->test, swsmmu_hw_ats_translate(xt->hw, &txn, va, cpl),
			0);
	return cpl->status;
}

/*
 * Translation Requests (3.9.1.2): Success with the page and the
 * permissions granted, Success with R == W == 0 for a translation fault,
 * no event for either; Unsupported Request with F_BAD_ATS_TREQ where ATS
 * is not allowed (EATS 0b00, bypass, SMMUEN 0); UR without an event for
 * Config abort; Completer Abort without an event for a bad STE.
 */
static void ats_translation_request(struct kunit *test)
{
	struct xt *xt = xt_ats_create(test);
	struct swsmmu_ats_cpl cpl;

	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ATS, SWSMMU_TXN_WRITE, VA_RW + 0x18,
				      &cpl), SWSMMU_ATS_SUCCESS);
	KUNIT_EXPECT_EQ(test, cpl.addr, me_pa(xt->data[0]));
	KUNIT_EXPECT_EQ(test, cpl.size, SZ_4K);
	KUNIT_EXPECT_EQ(test, cpl.prot & (SWSMMU_PROT_R | SWSMMU_PROT_W),
			SWSMMU_PROT_R | SWSMMU_PROT_W);
	/* a read-only page grants read only, even to a request to write */
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ATS, SWSMMU_TXN_WRITE, VA_RO, &cpl),
			SWSMMU_ATS_SUCCESS);
	KUNIT_EXPECT_EQ(test, cpl.addr, me_pa(xt->data[1]));
	KUNIT_EXPECT_EQ(test, cpl.prot & (SWSMMU_PROT_R | SWSMMU_PROT_W),
			SWSMMU_PROT_R);
	/* unprivileged request, privileged-only page: nothing granted */
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ATS, 0, VA_PRIV, &cpl),
			SWSMMU_ATS_SUCCESS);
	KUNIT_EXPECT_EQ(test, cpl.prot, 0);
	/* a hole: Success, R == W == 0, one STU */
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ATS, 0, VA_HOLE, &cpl),
			SWSMMU_ATS_SUCCESS);
	KUNIT_EXPECT_EQ(test, cpl.prot, 0);
	KUNIT_EXPECT_EQ(test, cpl.size, SZ_4K);
	/* a walk that aborts is a configuration-class error: CA */
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ATS, 0, VA_EABT, &cpl),
			SWSMMU_ATS_CA);
	xt_expect_none(xt, "requests that translate or fault");

	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_S1, SWSMMU_TXN_WRITE, VA_RW, &cpl),
			SWSMMU_ATS_UR);
	xt_expect_event(xt, "EATS 0b00", ka_q0(KA_F_BAD_ATS_TREQ, SID_S1), 0,
			VA_RW, 0);
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_BYPASS, 0, VA_RO + 0x10, &cpl),
			SWSMMU_ATS_UR);
	xt_expect_event(xt, "bypass", ka_q0(KA_F_BAD_ATS_TREQ, SID_BYPASS),
			KA_RNW, VA_RO, 0);
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ABORT, 0, VA_RW, &cpl),
			SWSMMU_ATS_UR);
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_INVALID, 0, VA_RW, &cpl),
			SWSMMU_ATS_CA);
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ATS_SPLIT, 0, VA_RW, &cpl),
			SWSMMU_ATS_CA);
	xt_expect_none(xt, "Config abort, V 0, EATS 0b10");

	swsmmu_hw_write32(xt->hw, SMMU_CR0, CR0_EVTQEN);
	KUNIT_EXPECT_EQ(test, xt_treq(xt, SID_ATS, 0, VA_RW, &cpl),
			SWSMMU_ATS_UR);
	xt_expect_event(xt, "SMMUEN 0", ka_q0(KA_F_BAD_ATS_TREQ, SID_ATS),
			KA_RNW, VA_RW, 0);
}

/*
 * Translated transactions (3.9.1.3): with ATSCHK 0 they pass whatever the
 * STE says; with ATSCHK 1 EATS 0b00 and bypass are F_TRANSL_FORBIDDEN,
 * Config abort aborts silently, EATS 0b01 passes; with SMMUEN 0 they are
 * always F_TRANSL_FORBIDDEN.  An address above the OAS aborts silently.
 */
static void ats_translated(struct kunit *test)
{
	struct xt *xt = xt_ats_create(test);
	struct swsmmu_txn tt = xt_txn(SID_S1, SWSMMU_TXN_TRANSLATED);
	u64 pa = me_pa(xt->data[2]) + 0x40, val;

	/* ATSCHK 0: no check at all, even for EATS 0b00 */
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, pa, &val), 0);
	KUNIT_EXPECT_EQ(test, val, xt_tag(2));
	tt.sid = SID_BYPASS;
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, pa, &val), 0);
	xt_expect_none(xt, "ATSCHK 0");

	swsmmu_hw_write32(xt->hw, SMMU_CR0, CR0_SMMUEN | CR0_EVTQEN | CR0_ATSCHK);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_CR0ACK) & CR0_ATSCHK,
			CR0_ATSCHK);
	tt.sid = SID_S1;
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, pa, &val), -EFAULT);
	xt_expect_event(xt, "ATSCHK 1, EATS 0b00",
			ka_q0(KA_F_TRANSL_FORBIDDEN, SID_S1), KA_RNW, pa, 0);
	KUNIT_EXPECT_EQ(test, xt_wr(xt, tt, pa, 5), -EFAULT);
	KUNIT_EXPECT_EQ(test, xt->data[2][8], xt_tag(2));
	xt_expect_event(xt, "ATSCHK 1, EATS 0b00, write",
			ka_q0(KA_F_TRANSL_FORBIDDEN, SID_S1), 0, pa, 0);
	tt.sid = SID_BYPASS;
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, pa, &val), -EFAULT);
	xt_expect_event(xt, "ATSCHK 1, bypass",
			ka_q0(KA_F_TRANSL_FORBIDDEN, SID_BYPASS), KA_RNW, pa, 0);
	tt.sid = SID_ABORT;
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, pa, &val), -EFAULT);
	xt_expect_none(xt, "ATSCHK 1, Config abort");
	tt.sid = SID_ATS;
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, pa, &val), 0);
	KUNIT_EXPECT_EQ(test, val, xt_tag(2));
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, BIT_ULL(48) | pa, &val), -EFAULT);
	xt_expect_none(xt, "ATSCHK 1, EATS 0b01");

	swsmmu_hw_write32(xt->hw, SMMU_CR0, CR0_EVTQEN);
	KUNIT_EXPECT_EQ(test, xt_rd(xt, tt, pa, &val), -EFAULT);
	xt_expect_event(xt, "SMMUEN 0", ka_q0(KA_F_TRANSL_FORBIDDEN, SID_ATS),
			KA_RNW, pa, 0);
}

struct xt_atc {
	unsigned int calls;
	bool ssv, global;
	u32 ssid;
	u64 addr, size;
};

static void xt_atc_inv(void *priv, bool ssv, u32 ssid, bool global, u64 addr,
		       u64 size)
{
	struct xt_atc *a = priv;

	a->calls++;
	a->ssv = ssv;
	a->ssid = ssid;
	a->global = global;
	a->addr = addr;
	a->size = size;
}

static void xt_cmd_atc_inv(struct xt *xt, u64 q0, u64 q1)
{
	const u64 cmd[2] = { q0 | CMDQ_OP_ATC_INV, q1 };
	unsigned long flags;

	spin_lock_irqsave(&xt->hw->cmdq_lock, flags);
	KUNIT_EXPECT_EQ(xt->test, hw_cmd_atc_inv(xt->hw, cmd), 0);
	spin_unlock_irqrestore(&xt->hw->cmdq_lock, flags);
}

/*
 * CMD_ATC_INV (4.5.1) reaches the endpoint that owns the StreamID, with
 * the range decoded: 2^Size 4KB pages, aligned; Size >= 52 is everything.
 * Nothing else is called; after detach, nothing is.  Without IDR0.ATS
 * there is no ATS interface to attach to or send requests through.
 */
static void ats_atc_inv(struct kunit *test)
{
	struct xt *xt = xt_ats_create(test);
	struct xt_atc a = { }, b = { };
	const struct swsmmu_hw_atc_ops ops_a = { xt_atc_inv, &a };
	const struct swsmmu_hw_atc_ops ops_b = { xt_atc_inv, &b };
	struct swsmmu_hw_features nf = xt_features;
	struct swsmmu_ats_cpl cpl;
	struct swsmmu_txn txn = xt_txn(SID_ATS, 0);
	struct swsmmu_hw *hw;

	KUNIT_ASSERT_EQ(test, swsmmu_hw_ats_attach(xt->hw, 20, &ops_a), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_ats_attach(xt->hw, 20, &ops_b), -EBUSY);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_ats_attach(xt->hw, 21, &ops_b), 0);

	xt_cmd_atc_inv(xt, FIELD_PREP(CMDQ_ATC_0_SID, 20), 0x12345000);
	KUNIT_EXPECT_EQ(test, a.calls, 1);
	KUNIT_EXPECT_EQ(test, a.addr, 0x12345000);
	KUNIT_EXPECT_EQ(test, a.size, SZ_4K);
	KUNIT_EXPECT_FALSE(test, a.ssv);
	xt_cmd_atc_inv(xt, FIELD_PREP(CMDQ_ATC_0_SID, 20) | CMDQ_0_SSV |
		       FIELD_PREP(CMDQ_ATC_0_SSID, 7) | CMDQ_ATC_0_GLOBAL,
		       0x12345000 | FIELD_PREP(CMDQ_ATC_1_SIZE, 3));
	KUNIT_EXPECT_EQ(test, a.calls, 2);
	KUNIT_EXPECT_EQ(test, a.addr, 0x12340000);
	KUNIT_EXPECT_EQ(test, a.size, SZ_32K);
	KUNIT_EXPECT_TRUE(test, a.ssv);
	KUNIT_EXPECT_EQ(test, a.ssid, 7);
	KUNIT_EXPECT_TRUE(test, a.global);
	xt_cmd_atc_inv(xt, FIELD_PREP(CMDQ_ATC_0_SID, 20),
		       0x12345000 | FIELD_PREP(CMDQ_ATC_1_SIZE, 52));
	KUNIT_EXPECT_EQ(test, a.addr, 0);
	KUNIT_EXPECT_EQ(test, a.size, U64_MAX);
	KUNIT_EXPECT_EQ(test, b.calls, 0);
	/* a StreamID with no endpoint: no effect */
	xt_cmd_atc_inv(xt, FIELD_PREP(CMDQ_ATC_0_SID, 22), 0);
	KUNIT_EXPECT_EQ(test, a.calls + b.calls, 3);

	swsmmu_hw_ats_detach(xt->hw, 20);
	swsmmu_hw_ats_detach(xt->hw, 21);
	xt_cmd_atc_inv(xt, FIELD_PREP(CMDQ_ATC_0_SID, 20), 0);
	KUNIT_EXPECT_EQ(test, a.calls, 3);

	nf.ats = false;
	hw = swsmmu_hw_create("kunit-no-ats", &nf);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR0) & IDR0_ATS, 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_ats_attach(hw, 20, &ops_a),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_ats_translate(hw, &txn, 0, &cpl),
			-EOPNOTSUPP);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_ATSCHK);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_CR0ACK), 0);
	swsmmu_hw_destroy(hw);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(xt->hw, SMMU_IDR0) & IDR0_ATS,
			IDR0_ATS);
}

static struct kunit_case swsmmu_ats_cases[] = {
	KUNIT_CASE(ats_translation_request),
	KUNIT_CASE(ats_translated),
	KUNIT_CASE(ats_atc_inv),
	{}
};

static struct kunit_suite swsmmu_ats_suite = {
	.name = "swsmmu-ats",
	.test_cases = swsmmu_ats_cases,
};

static struct kunit_case swsmmu_xlate_cases[] = {
	KUNIT_CASE(xlate_s1_translation),
	KUNIT_CASE(xlate_s1_permission),
	KUNIT_CASE(xlate_s1_walk_eabt),
	KUNIT_CASE(xlate_substreams),
	KUNIT_CASE(xlate_s1dss_bypass),
	KUNIT_CASE(xlate_s1dss_ssid0),
	KUNIT_CASE(xlate_nested),
	KUNIT_CASE(xlate_cd_record_abort),
	KUNIT_CASE(xlate_ste_config),
	KUNIT_CASE(xlate_smmu_disabled),
	KUNIT_CASE(xlate_page_boundary),
	KUNIT_CASE(xlate_evtq_full),
	KUNIT_CASE(xlate_translate_no_record),
	{}
};

static struct kunit_suite swsmmu_xlate_suite = {
	.name = "swsmmu-xlate",
	.test_cases = swsmmu_xlate_cases,
};

kunit_test_suites(&swsmmu_xlate_suite, &swsmmu_ats_suite);
