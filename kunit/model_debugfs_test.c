// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's debugfs (drivers/model/debugfs.c):
 * the command parsers with every error path, the text of regs, ste, cd
 * and translate for hand-built Stream tables (known answers), the event
 * log with recorded, dropped (queue disabled, overflow) and lost (abort)
 * events and its wrap-around, the counters, and the per-instance
 * directory's life cycle.  Output is generated into a seq_file buffer of
 * our own, exactly as the files generate it.
 */
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/test.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"
#include "model/debugfs.h"

/* A PA with no RAM behind it (16TB): fetches and writes to it abort */
#define DBG_NO_RAM	BIT_ULL(44)
#define DBG_BUF_SIZE	SZ_16K

static const struct swsmmu_hw_features dbg_full = {
	.sid_bits = 16, .ssid_bits = 20, .oas = PA_SIZE_48,
	.cmdq_bits = 19, .evtq_bits = 19, .priq_bits = 19,
	.st_2lvl = true, .cd_2lvl = true, .s1 = true, .s2 = true,
	.gran4k = true, .gran16k = true, .gran64k = true,
	.asid16 = true, .vmid16 = true, .pri = true, .stall = true,
	.ril = true, .msi = true, .sev = true,
};

static void dbg_hw_destroy(void *hw)
{
	swsmmu_hw_destroy(hw);
}

static struct swsmmu_hw *dbg_hw(struct kunit *test,
				const struct swsmmu_hw_features *f)
{
	struct swsmmu_hw *hw = swsmmu_hw_create("kunit-debugfs", f);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, dbg_hw_destroy,
							hw), 0);
	return hw;
}

/* A seq_file that prints into a buffer of its own */
static struct seq_file *dbg_seq(struct kunit *test)
{
	struct seq_file *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->size = DBG_BUF_SIZE;
	m->buf = kunit_kzalloc(test, DBG_BUF_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	return m;
}

/* What was printed since the last call, NUL-terminated */
static const char *dbg_text(struct kunit *test, struct seq_file *m)
{
	KUNIT_ASSERT_LT(test, m->count, m->size);
	m->buf[m->count] = 0;
	m->count = 0;
	return m->buf;
}

#define DBG_EXPECT_HAS(test, text, want) do {				\
	const char *__t = (text), *__w = (want);			\
									\
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(__t, __w),		\
				  "missing \"%s\" in:\n%s", __w, __t);	\
} while (0)
#define DBG_EXPECT_PREFIX(test, text, want) do {			\
	const char *__t = (text), *__w = (want);			\
									\
	KUNIT_EXPECT_TRUE_MSG(test, str_has_prefix(__t, __w),		\
			      "\"%s\" does not start:\n%s", __w, __t);	\
} while (0)
#define DBG_EXPECT_LACKS(test, text, what) do {				\
	const char *__t = (text), *__w = (what);			\
									\
	KUNIT_EXPECT_NULL_MSG(test, strstr(__t, __w),			\
			      "unexpected \"%s\" in:\n%s", __w, __t);	\
} while (0)

/* Parse @cmd (copied: the parsers write to their buffer) */
static int dbg_sid(const struct swsmmu_hw *hw, const char *cmd, u32 *sid)
{
	char buf[HW_DBG_CMD_MAX + 1];

	strscpy(buf, cmd, sizeof(buf));
	return swsmmu_hw_dbg_parse_sid(hw, buf, sid);
}

static int dbg_cd(const struct swsmmu_hw *hw, const char *cmd, u32 *sid,
		  u32 *ssid)
{
	char buf[HW_DBG_CMD_MAX + 1];

	strscpy(buf, cmd, sizeof(buf));
	return swsmmu_hw_dbg_parse_cd(hw, buf, sid, ssid);
}

static int dbg_txn(const struct swsmmu_hw *hw, const char *cmd,
		   struct swsmmu_txn *txn, u64 *iova)
{
	char buf[HW_DBG_CMD_MAX + 1];

	strscpy(buf, cmd, sizeof(buf));
	return swsmmu_hw_dbg_parse_txn(hw, buf, txn, iova);
}

static void dbg_parse_sid(struct kunit *test)
{
	static const char * const einval[] = {
		"", " ", "\n", "x", "-1", "0x", "1x", "1 2", "1 -", "+", "1,",
	};
	struct swsmmu_hw_features f = dbg_full;
	struct swsmmu_hw *hw = dbg_hw(test, &dbg_full);
	unsigned int i;
	u32 sid;

	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "0", &sid), 0);
	KUNIT_EXPECT_EQ(test, sid, 0);
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "  0x2a\n", &sid), 0);
	KUNIT_EXPECT_EQ(test, sid, 42);
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "010", &sid), 0);	/* octal */
	KUNIT_EXPECT_EQ(test, sid, 8);
	/* SIDSIZE 16: 0xffff is the last StreamID */
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "0xffff", &sid), 0);
	KUNIT_EXPECT_EQ(test, sid, 0xffff);
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "0x10000", &sid), -ERANGE);
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "4294967295", &sid), -ERANGE);
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "4294967296", &sid), -ERANGE);
	for (i = 0; i < ARRAY_SIZE(einval); i++)
		KUNIT_EXPECT_EQ_MSG(test, dbg_sid(hw, einval[i], &sid), -EINVAL,
				    "\"%s\"", einval[i]);

	/* SIDSIZE 32: every 32-bit StreamID */
	f.sid_bits = 32;
	f.st_2lvl = false;
	hw = swsmmu_hw_create("kunit-debugfs-32", &f);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "0xffffffff", &sid), 0);
	KUNIT_EXPECT_EQ(test, sid, 0xffffffff);
	KUNIT_EXPECT_EQ(test, dbg_sid(hw, "0x100000000", &sid), -ERANGE);
	swsmmu_hw_destroy(hw);
}

static void dbg_parse_cd(struct kunit *test)
{
	static const char * const einval[] = {
		"", "1", "1 2 3", "1 -", "- 1", "a 1", "1 a", "1 -1",
	};
	struct swsmmu_hw_features f = dbg_full;
	struct swsmmu_hw *hw = dbg_hw(test, &dbg_full);
	u32 sid, ssid;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, dbg_cd(hw, "3 0xfffff\n", &sid, &ssid), 0);
	KUNIT_EXPECT_EQ(test, sid, 3);
	KUNIT_EXPECT_EQ(test, ssid, 0xfffff);
	/* SSIDSIZE 20 */
	KUNIT_EXPECT_EQ(test, dbg_cd(hw, "3 0x100000", &sid, &ssid), -ERANGE);
	KUNIT_EXPECT_EQ(test, dbg_cd(hw, "0x10000 0", &sid, &ssid), -ERANGE);
	for (i = 0; i < ARRAY_SIZE(einval); i++)
		KUNIT_EXPECT_EQ_MSG(test, dbg_cd(hw, einval[i], &sid, &ssid),
				    -EINVAL, "\"%s\"", einval[i]);

	/* Without substreams only CD 0 exists */
	f.ssid_bits = 0;
	hw = swsmmu_hw_create("kunit-debugfs-nossid", &f);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	KUNIT_EXPECT_EQ(test, dbg_cd(hw, "1 0", &sid, &ssid), 0);
	KUNIT_EXPECT_EQ(test, ssid, 0);
	KUNIT_EXPECT_EQ(test, dbg_cd(hw, "1 1", &sid, &ssid), -ERANGE);
	swsmmu_hw_destroy(hw);
}

static void dbg_parse_txn(struct kunit *test)
{
	static const char * const einval[] = {
		"", "1", "1 -", "1 - 0x1000", "1 - 0x1000 q", "1 - 0x1000 rw",
		"1 - 0x1000 R", "1 - 0x1000 r unpriv", "1 - 0x1000 r priv x",
		"1 -- 0x1000 r", "1 + 0x1000 r", "1 - zz r", "1 - -1 r",
		"y - 0 r", "1 - 0 priv r",
	};
	struct swsmmu_hw *hw = dbg_hw(test, &dbg_full);
	struct swsmmu_txn txn;
	unsigned int i;
	u64 iova;

	KUNIT_EXPECT_EQ(test, dbg_txn(hw, "3 - 0x1000 r", &txn, &iova), 0);
	KUNIT_EXPECT_EQ(test, txn.sid, 3);
	KUNIT_EXPECT_EQ(test, txn.flags, 0);
	KUNIT_EXPECT_EQ(test, iova, 0x1000);

	KUNIT_EXPECT_EQ(test, dbg_txn(hw, "\t7 0x12 0xffffffffffffffff w priv\n",
				      &txn, &iova), 0);
	KUNIT_EXPECT_EQ(test, txn.sid, 7);
	KUNIT_EXPECT_EQ(test, txn.ssid, 0x12);
	KUNIT_EXPECT_EQ(test, txn.flags,
			SWSMMU_TXN_SSV | SWSMMU_TXN_WRITE | SWSMMU_TXN_PRIV);
	KUNIT_EXPECT_EQ(test, iova, U64_MAX);

	KUNIT_EXPECT_EQ(test, dbg_txn(hw, "0 0 0 x", &txn, &iova), 0);
	KUNIT_EXPECT_EQ(test, txn.flags, SWSMMU_TXN_SSV | SWSMMU_TXN_EXEC);
	KUNIT_EXPECT_EQ(test, txn.ssid, 0);

	KUNIT_EXPECT_EQ(test, dbg_txn(hw, "0x10000 - 0 r", &txn, &iova),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, dbg_txn(hw, "1 0x100000 0 r", &txn, &iova),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, dbg_txn(hw, "1 - 0x10000000000000000 r", &txn,
				      &iova), -ERANGE);
	for (i = 0; i < ARRAY_SIZE(einval); i++)
		KUNIT_EXPECT_EQ_MSG(test, dbg_txn(hw, einval[i], &txn, &iova),
				    -EINVAL, "\"%s\"", einval[i]);
}

/*
 * A linear Stream table of 4 STEs (LOG2SIZE 2: 256 bytes, which kmalloc
 * aligns to 256, as STRTAB_BASE needs):
 *   0: V, Config bypass:   q0 = V | 0b100 << 1 = 0x9
 *   1: V == 0               -> C_BAD_STE
 *   2: V, Config abort:    q0 = 0x1
 *   3: V, Config S1 translate, S1ContextPtr = a PA without RAM
 *      q0 = V | 0b101 << 1 | 2^44 = 0x0000100000000000b
 */
static struct swsmmu_hw *dbg_hw_strtab(struct kunit *test, __le64 **tbl)
{
	struct swsmmu_hw *hw = dbg_hw(test, &dbg_full);
	__le64 *ste = kunit_kzalloc(test, 4 * STRTAB_STE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ste);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED(virt_to_phys(ste), 256));
	ste[0] = cpu_to_le64(0x9);
	ste[2 * STRTAB_STE_DWORDS] = cpu_to_le64(0x1);
	ste[3 * STRTAB_STE_DWORDS] = cpu_to_le64(0xb | DBG_NO_RAM);
	swsmmu_hw_write64(hw, SMMU_STRTAB_BASE, virt_to_phys(ste));
	swsmmu_hw_write32(hw, SMMU_STRTAB_BASE_CFG,
			  FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, 2));
	*tbl = ste;
	return hw;
}

static void dbg_ste_known_answers(struct kunit *test)
{
	struct seq_file *m = dbg_seq(test);
	struct swsmmu_hw *hw;
	const char *t;
	__le64 *tbl;
	char want[128];

	hw = dbg_hw_strtab(test, &tbl);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN);

	swsmmu_hw_dbg_show_ste(m, hw, 0);
	t = dbg_text(test, m);
	snprintf(want, sizeof(want), "Stream table at 0x%llx LOG2SIZE=2 FMT=linear\n",
		 (u64)virt_to_phys(tbl));
	DBG_EXPECT_HAS(test, t, want);
	DBG_EXPECT_HAS(test, t,
		       "result: OK\nV=1 Config=BYPASS(4) STRW=NS-EL1 PRIVCFG=0 INSTCFG=0\n");
	snprintf(want, sizeof(want),
		 "raw STE at 0x%llx: q0=0x0000000000000009 q1=0x0000000000000000",
		 (u64)virt_to_phys(tbl));
	DBG_EXPECT_HAS(test, t, want);
	DBG_EXPECT_HAS(test, t, " q7=0x0000000000000000\n");

	swsmmu_hw_dbg_show_ste(m, hw, 1);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "StreamID 0x1\n");
	DBG_EXPECT_HAS(test, t, "result: C_BAD_STE(0x4)\nreason: STE.V == 0\n");
	/* STE 1 is 64 bytes into the table */
	snprintf(want, sizeof(want), "raw STE at 0x%llx: q0=0x0000000000000000",
		 (u64)virt_to_phys(tbl) + 64);
	DBG_EXPECT_HAS(test, t, want);

	swsmmu_hw_dbg_show_ste(m, hw, 2);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "result: OK\nV=1 Config=ABORT(0)\n");

	swsmmu_hw_dbg_show_ste(m, hw, 3);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "V=1 Config=S1_TRANS(5)");
	DBG_EXPECT_HAS(test, t,
		       "S1Fmt=LINEAR S1ContextPtr=0x100000000000 S1CDMax=0 S1DSS=TERMINATE S1STALLD=0\n");
	DBG_EXPECT_HAS(test, t, "S2VMID=0x0\n");
	DBG_EXPECT_HAS(test, t, "q0=0x000010000000000b");

	/* StreamID 4 is beyond LOG2SIZE 2: no STE to show */
	swsmmu_hw_dbg_show_ste(m, hw, 4);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "result: C_BAD_STREAMID(0x2)\nreason: StreamID >= 2^MIN(LOG2SIZE, IDR1.SIDSIZE)\n");
	DBG_EXPECT_LACKS(test, t, "raw");

	/* The CD of STE 3 is not in RAM: F_CD_FETCH with its address */
	swsmmu_hw_dbg_show_cd(m, hw, 3, 0);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "StreamID 0x3 SubstreamID 0x0\nSTE: Config=S1_TRANS(5) S1Fmt=LINEAR S1ContextPtr=0x100000000000 S1CDMax=0 S1DSS=TERMINATE\n");
	DBG_EXPECT_HAS(test, t,
		       "result: F_CD_FETCH(0x9) FetchAddr=0x100000000000\nreason: CD address not RAM or beyond IDR5.OAS\n");
	DBG_EXPECT_HAS(test, t, "raw CD at 0x100000000000: q0=unreadable");
	/* CD 1 does not exist with S1CDMax 0 */
	swsmmu_hw_dbg_show_cd(m, hw, 3, 1);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "result: C_BAD_SUBSTREAMID(0x8)\nreason: SubstreamID >= 2^STE.S1CDMax\n");
	DBG_EXPECT_LACKS(test, t, "raw");
	/* No CD without stage 1 */
	swsmmu_hw_dbg_show_cd(m, hw, 0, 0);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "STE: Config=BYPASS(4): no stage 1, no CD\n");
	swsmmu_hw_dbg_show_cd(m, hw, 1, 0);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "STE: C_BAD_STE(0x4)\nreason: STE.V == 0\n");

	/* S1CDMax 21 > SSIDSIZE 20: the rule is named */
	tbl[3 * STRTAB_STE_DWORDS] = cpu_to_le64(0xb | DBG_NO_RAM |
				FIELD_PREP(STRTAB_STE_0_S1CDMAX, 21));
	swsmmu_hw_dbg_show_ste(m, hw, 3);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "result: C_BAD_STE(0x4)\nreason: STE.S1CDMax > IDR1.SSIDSIZE\n");
	tbl[3 * STRTAB_STE_DWORDS] = cpu_to_le64(0xb | DBG_NO_RAM);

	/* The Stream table itself outside RAM: F_STE_FETCH */
	swsmmu_hw_write32(hw, SMMU_CR0, 0);
	swsmmu_hw_write64(hw, SMMU_STRTAB_BASE, DBG_NO_RAM);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN);
	/* STE 2 of a linear table at 2^44 is at 2^44 + 2 * 64 = 0x100000000080 */
	swsmmu_hw_dbg_show_ste(m, hw, 2);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "result: F_STE_FETCH(0x3) FetchAddr=0x100000000080\nreason: STE address not RAM or beyond IDR5.OAS\n");
	DBG_EXPECT_HAS(test, t, "raw STE at 0x100000000080: q0=unreadable");
}

static void dbg_translate_known_answers(struct kunit *test)
{
	struct seq_file *m = dbg_seq(test);
	struct swsmmu_txn txn = { };
	struct swsmmu_hw *hw;
	const char *t;
	__le64 *tbl;

	hw = dbg_hw_strtab(test, &tbl);

	/* Reset state: SMMUEN 0, GBPA.ABORT 1 */
	swsmmu_hw_dbg_show_xlate(m, hw, &txn, 0x1234);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "StreamID 0x0 SubstreamID - IOVA 0x1234 read unpriv\nresult: terminated silently\n");

	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN);
	/* Bypass: the address itself, one page, everything allowed */
	txn.flags = SWSMMU_TXN_WRITE;
	swsmmu_hw_dbg_show_xlate(m, hw, &txn, 0x1234);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "IOVA 0x1234 write unpriv\nresult: OK PA=0x1234 size=0x1000 prot=rwx\n");

	/* Abort STE: no record */
	txn.sid = 2;
	swsmmu_hw_dbg_show_xlate(m, hw, &txn, 0x1234);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "result: terminated silently\n");
	DBG_EXPECT_LACKS(test, t, "event:");

	/*
	 * STE 3, a privileged instruction fetch at 0x5000: the CD fetch
	 * aborts.  q0 = SID 3 << 32 | F_CD_FETCH 0x09; q3 = the CD's
	 * address, bits [51:3] = 2^44.
	 */
	txn.sid = 3;
	txn.flags = SWSMMU_TXN_EXEC | SWSMMU_TXN_PRIV;
	swsmmu_hw_dbg_show_xlate(m, hw, &txn, 0x5000);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "StreamID 0x3 SubstreamID - IOVA 0x5000 exec priv\n");
	DBG_EXPECT_HAS(test, t,
		       "result: fault F_CD_FETCH(0x9)\nevent: F_CD_FETCH(0x9) SID=0x3 SSV=0 FetchAddr=0x100000000000\n");
	DBG_EXPECT_HAS(test, t,
		       "  raw q0=0x0000000300000009 q1=0x0000000000000000 q2=0x0000000000000000 q3=0x0000100000000000\nreason: CD address not RAM or beyond IDR5.OAS\n");

	/* A SubstreamID with a bypass STE: C_BAD_SUBSTREAMID, SSID, no SSV */
	txn.sid = 0;
	txn.ssid = 0x1f;
	txn.flags = SWSMMU_TXN_SSV;
	swsmmu_hw_dbg_show_xlate(m, hw, &txn, 0x1000);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "StreamID 0x0 SubstreamID 0x1f IOVA 0x1000 read unpriv\n");
	/* q0 = SSID 0x1f << 12 | 0x08 = 0x1f008 (7.3.9: no SSV field) */
	DBG_EXPECT_HAS(test, t,
		       "event: C_BAD_SUBSTREAMID(0x8) SID=0x0 SSID=0x1f\n  raw q0=0x000000000001f008 ");
	DBG_EXPECT_HAS(test, t, "reason: STE.Config without stage 1\n");

	/* Nothing above was recorded or logged */
	swsmmu_hw_dbg_show_events(m, hw);
	t = dbg_text(test, m);
	KUNIT_EXPECT_STREQ(test, t, "0 events logged, last 0 shown\n");
}

/* Event @n: F_TRANSLATION, StreamID @n, a read at @n pages */
static void dbg_evt(u64 evt[4], u32 n)
{
	evt[0] = FIELD_PREP(EVTQ_0_ID, EVT_ID_TRANSLATION) |
		 FIELD_PREP(EVTQ_0_SID, n);
	evt[1] = EVTQ_1_RnW;
	evt[2] = (u64)n << 12;
	evt[3] = 0;
}

static void dbg_event_log(struct kunit *test)
{
	struct swsmmu_hw *hw = dbg_hw(test, &dbg_full);
	struct seq_file *m = dbg_seq(test);
	__le64 *q;
	const char *t;
	u64 evt[4];
	u32 i;

	/* A queue of two 32-byte records (LOG2SIZE 1), 64-byte aligned */
	q = kunit_kzalloc(test, 2 * 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	swsmmu_hw_write64(hw, SMMU_EVTQ_BASE, virt_to_phys(q) | 1);

	/* #0: EVTQEN 0, dropped; #1, #2 recorded; #3, #4 overflow */
	dbg_evt(evt, 0);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(hw, evt));
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_EVTQEN);
	for (i = 1; i < 5; i++) {
		dbg_evt(evt, i);
		KUNIT_EXPECT_EQ(test, swsmmu_hw_evtq_push(hw, evt), i < 3);
	}

	swsmmu_hw_dbg_show_events(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "5 events logged, last 5 shown\n#0 DROPPED:unwritable F_TRANSLATION(0x10) SID=0x0 SSV=0 ADDR=0x0 RnW=1 InD=0 PnU=0 STALL=0 S2=0 CLASS=CD\n");
	/* RnW is bit 35 of q1: 0x800000000 */
	DBG_EXPECT_HAS(test, t,
		       "#1 recorded F_TRANSLATION(0x10) SID=0x1 SSV=0 ADDR=0x1000 RnW=1 InD=0 PnU=0 STALL=0 S2=0 CLASS=CD\n  raw q0=0x0000000100000010 q1=0x0000000800000000 q2=0x0000000000001000 q3=0x0000000000000000\n#2 recorded ");
	DBG_EXPECT_HAS(test, t, "#3 DROPPED:overflow F_TRANSLATION(0x10) SID=0x3 ");
	DBG_EXPECT_HAS(test, t, "#4 DROPPED:overflow F_TRANSLATION(0x10) SID=0x4 ");

	swsmmu_hw_dbg_show_counters(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "events_recorded 2\nevents_dropped_overflow 2\nevents_dropped_unwritable 1\nevents_lost_abort 0\n");

	/* 70 more: the log keeps the last 64, #11 to #74, oldest first */
	for (i = 5; i < 75; i++) {
		dbg_evt(evt, i);
		swsmmu_hw_evtq_push(hw, evt);
	}
	swsmmu_hw_dbg_show_events(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "75 events logged, last 64 shown\n#11 DROPPED:overflow F_TRANSLATION(0x10) SID=0xb ");
	DBG_EXPECT_HAS(test, t, "#74 DROPPED:overflow F_TRANSLATION(0x10) SID=0x4a ");
	DBG_EXPECT_LACKS(test, t, "#10 ");
	KUNIT_EXPECT_LT(test, (unsigned long)(strstr(t, "#11 ") - t),
			(unsigned long)(strstr(t, "#74 ") - t));
}

static void dbg_event_abort(struct kunit *test)
{
	struct swsmmu_hw *hw = dbg_hw(test, &dbg_full);
	struct seq_file *m = dbg_seq(test);
	const char *t;
	u64 evt[4];

	/* The queue is not in RAM: the write aborts, EVTQ_ABT_ERR */
	swsmmu_hw_write64(hw, SMMU_EVTQ_BASE, DBG_NO_RAM | 1);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_EVTQEN);
	dbg_evt(evt, 9);
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(hw, evt));
	/* and with the error active the queue is not writable */
	KUNIT_EXPECT_FALSE(test, swsmmu_hw_evtq_push(hw, evt));

	swsmmu_hw_dbg_show_events(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "#0 LOST:abort F_TRANSLATION(0x10) SID=0x9 ");
	DBG_EXPECT_HAS(test, t, "#1 DROPPED:unwritable F_TRANSLATION(0x10) SID=0x9 ");
	swsmmu_hw_dbg_show_counters(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "events_recorded 0\nevents_dropped_overflow 0\nevents_dropped_unwritable 1\nevents_lost_abort 1\n");
	swsmmu_hw_dbg_show_regs(m, hw);
	t = dbg_text(test, m);
	/* GERROR.EVTQ_ABT_ERR is bit 2 */
	DBG_EXPECT_HAS(test, t, "\nGERROR           0x00000004 CMDQ_ERR=0 EVTQ_ABT_ERR=1 ");
	DBG_EXPECT_HAS(test, t, "\nactive_errors    0x00000004 CMDQ_ERR=0 EVTQ_ABT_ERR=1 ");
}

static void dbg_regs_and_commands(struct kunit *test)
{
	struct swsmmu_hw *hw = dbg_hw(test, &dbg_full);
	struct seq_file *m = dbg_seq(test);
	const char *t;
	char want[160];
	__le64 *q;

	swsmmu_hw_dbg_show_regs(m, hw);
	t = dbg_text(test, m);
	/* Reset values; IDRs as in model_regs_test.c */
	DBG_EXPECT_PREFIX(test, t,
			  "IDR0             0x084d701b S2P=1 S1P=1 TTF=2 COHACC=1 BTM=0 HTTU=0 ");
	DBG_EXPECT_HAS(test, t, " TTENDIAN=2 STALL_MODEL=0 TERM_MODEL=0 ST_LEVEL=1\n");
	DBG_EXPECT_HAS(test, t,
		       "\nIDR1             0x02739d10 SIDSIZE=16 SSIDSIZE=20 PRIQS=19 EVTQS=19 CMDQS=19 ");
	DBG_EXPECT_HAS(test, t,
		       "\nIDR5             0x00400075 OAS=5 GRAN4K=1 GRAN16K=1 GRAN64K=1 VAX=0 STALL_MAX=64\n");
	DBG_EXPECT_HAS(test, t, "\nAIDR             0x00000002 ArchMinorRev=2 ArchMajorRev=0\n");
	DBG_EXPECT_HAS(test, t, "\nCR0              0x00000000 SMMUEN=0 ");
	DBG_EXPECT_HAS(test, t, "\nGBPA             0x00100000 ABORT=1 Update=0\n");
	DBG_EXPECT_HAS(test, t, "\nSTRTAB_BASE      0x0000000000000000 ADDR=0x0 RA=0\n");

	/*
	 * Four commands (LOG2SIZE 2, 64 bytes): a CMD_SYNC (0x46), then an
	 * opcode that does not exist (0xff).  The SYNC is consumed, the other
	 * stops the queue with CERROR_ILL: CONS = ERR 1 << 24 | index 1.
	 */
	q = kunit_kzalloc(test, 4 * 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	q[0] = cpu_to_le64(CMDQ_OP_SYNC);
	q[2] = cpu_to_le64(0xff);
	swsmmu_hw_write64(hw, SMMU_CMDQ_BASE, virt_to_phys(q) | 2 | Q_BASE_RWA);
	swsmmu_hw_write32(hw, SMMU_CMDQ_PROD, 2);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_CMDQEN);

	swsmmu_hw_dbg_show_regs(m, hw);
	t = dbg_text(test, m);
	snprintf(want, sizeof(want), "\nCMDQ_BASE        0x%016llx ADDR=0x%llx LOG2SIZE=2 RA=1\n",
		 (u64)virt_to_phys(q) | 2 | Q_BASE_RWA, (u64)virt_to_phys(q));
	DBG_EXPECT_HAS(test, t, want);
	DBG_EXPECT_HAS(test, t, "\nCMDQ_PROD        0x00000002 IDX=2 WR=0\n");
	DBG_EXPECT_HAS(test, t, "\nCMDQ_CONS        0x01000001 IDX=1 WR=0 ERR=1(ILL)\n");
	DBG_EXPECT_HAS(test, t,
		       "\nCR0              0x00000008 SMMUEN=0 PRIQEN=0 EVTQEN=0 CMDQEN=1 ATSCHK=0 VMW=0\n");
	DBG_EXPECT_HAS(test, t, "\nCR0ACK           0x00000008 SMMUEN=0 ");
	DBG_EXPECT_HAS(test, t, "\nactive_errors    0x00000001 CMDQ_ERR=1 ");

	swsmmu_hw_dbg_show_counters(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t,
		       "\ncommands 1\ncommand_errors 1\ncommand_errors_ill 1\ncommand_errors_abt 0\ncommand_errors_atc_inv_sync 0\nstalls_outstanding 0\n");

	/*
	 * Wrap: PROD index 0 with the wrap bit (1 << 2 = 4) after a fixed
	 * command 1 and two more SYNCs at 2 and 3.
	 */
	q[2] = cpu_to_le64(CMDQ_OP_SYNC);
	q[4] = cpu_to_le64(CMDQ_OP_SYNC);
	q[6] = cpu_to_le64(CMDQ_OP_SYNC);
	swsmmu_hw_write32(hw, SMMU_CMDQ_PROD, 4);
	swsmmu_hw_write32(hw, SMMU_GERRORN, GERROR_CMDQ_ERR);
	swsmmu_hw_dbg_show_regs(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "\nCMDQ_CONS        0x00000004 IDX=0 WR=1 ERR=0(NONE)\n");
	swsmmu_hw_dbg_show_counters(m, hw);
	t = dbg_text(test, m);
	DBG_EXPECT_HAS(test, t, "\ncommands 4\ncommand_errors 1\n");
}

static void dbg_directory(struct kunit *test)
{
	struct swsmmu_hw *a, *b, *c;
	struct seq_file *m = dbg_seq(test);
	u64 evt[4];

	a = swsmmu_hw_create("kunit-debugfs-dir", &dbg_full);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, swsmmu_hw_debugfs_dir(a));

	/* A second instance of that name gets no directory, but a log */
	b = swsmmu_hw_create("kunit-debugfs-dir", &dbg_full);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_NULL(test, swsmmu_hw_debugfs_dir(b));
	dbg_evt(evt, 1);
	swsmmu_hw_evtq_push(b, evt);
	swsmmu_hw_dbg_show_events(m, b);
	DBG_EXPECT_HAS(test, dbg_text(test, m), "#0 DROPPED:unwritable ");

	/* Destroying the first frees the name */
	swsmmu_hw_destroy(a);
	c = swsmmu_hw_create("kunit-debugfs-dir", &dbg_full);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, swsmmu_hw_debugfs_dir(c));
	swsmmu_hw_destroy(c);
	swsmmu_hw_destroy(b);
}

static struct kunit_case swsmmu_debugfs_cases[] = {
	KUNIT_CASE(dbg_parse_sid),
	KUNIT_CASE(dbg_parse_cd),
	KUNIT_CASE(dbg_parse_txn),
	KUNIT_CASE(dbg_ste_known_answers),
	KUNIT_CASE(dbg_translate_known_answers),
	KUNIT_CASE(dbg_event_log),
	KUNIT_CASE(dbg_event_abort),
	KUNIT_CASE(dbg_regs_and_commands),
	KUNIT_CASE(dbg_directory),
	{}
};

static struct kunit_suite swsmmu_debugfs_suite = {
	.name = "swsmmu-model-debugfs",
	.test_cases = swsmmu_debugfs_cases,
};

kunit_test_suite(swsmmu_debugfs_suite);
