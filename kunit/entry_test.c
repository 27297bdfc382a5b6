// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the driver's STE and CD builders and of the tear-free
 * update of a live entry (drivers/iommu/entry.c).
 *
 * The builders are checked against qwords worked out by hand from the field
 * positions in <swsmmu/arch.h>.  The update is checked by a writer whose
 * sync op plays the SMMU: at each sync it considers every entry a reader
 * could have assembled since the previous sync (each qword changed since
 * then taken either old or new) and classifies it as configured like the
 * initial entry, like the target, as invalid (V=0: the transition broke
 * the stream for a while), or as torn: a third configuration, which is
 * always a failure.
 */
#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/string.h>
#include <swsmmu/arch.h>
#include "iommu/entry.h"

#define NQ	SWSMMU_ENTRY_MAX_QWORDS

/**
 * struct entry_test_writer - a writer that checks what the SMMU could see
 * @w: the writer passed to swsmmu_entry_write()
 * @init: the entry before the update
 * @target: the entry the update must produce
 * @live: the entry being updated
 * @synced: @live as of the last sync: what the SMMU had been told about
 * @syncs: number of syncs
 * @broke: some reader could have seen an invalid (V=0) entry that is
 *         neither @init nor @target
 * @torn: some reader could have seen a third configuration
 * @torn_mix: the first such entry, for the failure message
 */
struct entry_test_writer {
	struct swsmmu_entry_writer w;
	const __le64 *init;
	const __le64 *target;
	const __le64 *live;
	__le64 synced[NQ];
	unsigned int syncs;
	bool broke;
	bool torn;
	__le64 torn_mix[NQ];
};

/* Would the SMMU treat @a and @b alike: same used bits, same values there? */
static bool same_config(const struct swsmmu_entry_writer_ops *ops,
			const __le64 *a, const __le64 *b)
{
	__le64 ua[NQ] = {}, ub[NQ] = {};
	unsigned int i;

	ops->get_used(a, ua);
	ops->get_used(b, ub);
	for (i = 0; i < ops->num_qwords; i++)
		if (ua[i] != ub[i] || ((a[i] ^ b[i]) & ua[i]))
			return false;
	return true;
}

static void entry_test_sync(struct swsmmu_entry_writer *w)
{
	struct entry_test_writer *tw =
		container_of(w, struct entry_test_writer, w);
	const struct swsmmu_entry_writer_ops *ops = w->ops;
	unsigned long changed = 0, pick = 0;
	__le64 mix[NQ] = {};
	unsigned int i;

	tw->syncs++;
	for (i = 0; i < ops->num_qwords; i++)
		if (tw->live[i] != tw->synced[i])
			__set_bit(i, &changed);

	/* Every subset @pick of the changed qwords, new; the others, old */
	do {
		for (i = 0; i < ops->num_qwords; i++)
			mix[i] = test_bit(i, &pick) ? tw->live[i] : tw->synced[i];
		if (!same_config(ops, mix, tw->init) &&
		    !same_config(ops, mix, tw->target)) {
			if (!(le64_to_cpu(mix[0]) & ops->valid)) {
				tw->broke = true;
			} else if (!tw->torn) {
				tw->torn = true;
				memcpy(tw->torn_mix, mix, sizeof(mix));
			}
		}
		pick = (pick - changed) & changed;
	} while (pick);

	memcpy(tw->synced, tw->live, ops->num_qwords * sizeof(__le64));
}

static const struct swsmmu_entry_writer_ops ste_ops =
	SWSMMU_STE_WRITER_OPS(entry_test_sync);
static const struct swsmmu_entry_writer_ops cd_ops =
	SWSMMU_CD_WRITER_OPS(entry_test_sync);

static void entry_test_init(struct entry_test_writer *tw,
			    const struct swsmmu_entry_writer_ops *ops,
			    const __le64 *init, const __le64 *target,
			    __le64 *live)
{
	memset(tw, 0, sizeof(*tw));
	tw->w.ops = ops;
	tw->init = init;
	tw->target = target;
	tw->live = live;
	memcpy(live, init, ops->num_qwords * sizeof(__le64));
	memcpy(tw->synced, init, ops->num_qwords * sizeof(__le64));
}

static void expect_transition(struct kunit *test,
			      const struct swsmmu_entry_writer_ops *ops,
			      const __le64 *init, const __le64 *target,
			      unsigned int syncs, bool hitless)
{
	size_t size = ops->num_qwords * sizeof(__le64);
	struct entry_test_writer tw;
	__le64 live[NQ];

	entry_test_init(&tw, ops, init, target, live);
	swsmmu_entry_write(&tw.w, live, target);

	if (tw.torn)
		KUNIT_FAIL(test,
			   "torn entry visible: %016llx %016llx %016llx %016llx %016llx %016llx %016llx %016llx",
			   le64_to_cpu(tw.torn_mix[0]),
			   le64_to_cpu(tw.torn_mix[1]),
			   le64_to_cpu(tw.torn_mix[2]),
			   le64_to_cpu(tw.torn_mix[3]),
			   le64_to_cpu(tw.torn_mix[4]),
			   le64_to_cpu(tw.torn_mix[5]),
			   le64_to_cpu(tw.torn_mix[6]),
			   le64_to_cpu(tw.torn_mix[7]));
	KUNIT_EXPECT_EQ(test, tw.syncs, syncs);
	KUNIT_EXPECT_EQ(test, tw.broke, !hitless);
	KUNIT_EXPECT_MEMEQ(test, live, target, size);
	/* No store was left without a sync after it */
	KUNIT_EXPECT_MEMEQ(test, live, tw.synced, size);
}

static void expect_ste(struct kunit *test, const struct swsmmu_ste *init,
		       const struct swsmmu_ste *target, unsigned int syncs,
		       bool hitless)
{
	expect_transition(test, &ste_ops, init->data, target->data, syncs,
			  hitless);
}

static void expect_cd(struct kunit *test, const struct swsmmu_cd *init,
		      const struct swsmmu_cd *target, unsigned int syncs,
		      bool hitless)
{
	expect_transition(test, &cd_ops, init->data, target->data, syncs,
			  hitless);
}

#define HITLESS		true
#define BREAKING	false

/* ---------------------------------------------------------------------- */
/* Fixtures                                                               */
/* ---------------------------------------------------------------------- */

/* A 39-bit IPA space with 4K pages starting at level 1, 48-bit PAs */
static const struct swsmmu_s2_params s2_vmid2a = {
	.vttb = 0xabcdef1000ULL, .vmid = 0x2a, .t0sz = 25, .sl0 = 1,
	.tg = SWSMMU_TCR_TG0_4K, .ps = PA_SIZE_48, .record = true,
};

static const struct swsmmu_cdtab_params cdtab = {
	.cdtab_pa = 0x12345640, .s1fmt = STRTAB_STE_0_S1FMT_4K_L2,
	.s1cdmax = 10, .s1dss = STRTAB_STE_1_S1DSS_SSID0,
	.stall_disable = true,
};

static void s1_ste(struct swsmmu_ste *ste, u64 cdtab_pa, u8 s1cdmax, u8 s1dss)
{
	swsmmu_ste_s1(ste, cdtab_pa, STRTAB_STE_0_S1FMT_4K_L2, s1cdmax, s1dss,
		      true);
}

static void s2_ste(struct swsmmu_ste *ste, u16 vmid)
{
	struct swsmmu_s2_params p = s2_vmid2a;

	p.vmid = vmid;
	swsmmu_ste_s2(ste, &p);
}

static void nested_ste(struct swsmmu_ste *ste, u16 vmid)
{
	struct swsmmu_s2_params p = s2_vmid2a;

	p.vmid = vmid;
	swsmmu_ste_nested(ste, &cdtab, &p);
}

/* A 48-bit VA space with 4K pages and 48-bit IPAs */
static const struct swsmmu_cd_params cd_a = {
	.ttb0 = 0x1234567000ULL, .t0sz = 16, .tg0 = SWSMMU_TCR_TG0_4K,
	.ips = PA_SIZE_48, .asid = 0x1234, .mair = 0x000000000004ff44ULL,
	.record = true,
};

/* ---------------------------------------------------------------------- */
/* Builders: known answers                                                */
/* ---------------------------------------------------------------------- */

static void expect_qwords(struct kunit *test, const __le64 *e,
			  const u64 *want, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, le64_to_cpu(e[i]), want[i],
				    "qword %u", i);
}

static void entry_ste_abort_bypass_kat(struct kunit *test)
{
	/* abort: V (bit 0) | Config 0 << 1 */
	static const u64 abort[8] = { 0x1 };
	/* bypass: V | Config 4 << 1 = 0x9; SHCFG 1 << 44 */
	static const u64 bypass[8] = { 0x9, 0x0000100000000000ULL };
	struct swsmmu_ste ste;

	memset(&ste, 0xff, sizeof(ste));
	swsmmu_ste_abort(&ste);
	expect_qwords(test, ste.data, abort, 8);
	memset(&ste, 0xff, sizeof(ste));
	swsmmu_ste_bypass(&ste);
	expect_qwords(test, ste.data, bypass, 8);
}

static void entry_ste_s1_kat(struct kunit *test)
{
	/*
	 * q0: V 0x1 | Config 5 << 1 = 0xa | S1Fmt 1 << 4 = 0x10 |
	 *     S1ContextPtr 0x1234567f & GENMASK(51, 6) = 0x12345640 |
	 *     S1CDMax 10 << 59 = 0x5000000000000000
	 *   = 0x500000001234565b
	 * q1: S1DSS 2 | S1CIR 1 << 2 = 0x4 | S1COR 1 << 4 = 0x10 |
	 *     S1CSH 3 << 6 = 0xc0 | S1STALLD 1 << 27 = 0x8000000; STRW 0,
	 *     no SHCFG (S1DSS is not bypass)
	 *   = 0x080000d6
	 * q2: S2VMID 0
	 */
	static const u64 want[8] = { 0x500000001234565bULL, 0x080000d6 };
	/*
	 * S1CDMax 0: S1Fmt and S1DSS are ignored and written 0, so no SHCFG
	 * either.  q0: 0x1 | 0xa | 0x40000 = 0x4000b; q1: 0x4 | 0x10 | 0xc0.
	 */
	static const u64 one_cd[8] = { 0x4000b, 0xd4 };
	/*
	 * S1CDMax 8 with S1DSS bypass: SHCFG "use incoming" for the
	 * transactions without a SubstreamID.  q0: 0x1 | 0xa | S1Fmt 2 << 4 =
	 * 0x20 | 0x40000 | 8 << 59 = 0x4000000000000000; q1: S1DSS 1 | 0xd4 |
	 * SHCFG 1 << 44.
	 */
	static const u64 dss_bypass[8] = { 0x400000000004002bULL,
					   0x00001000000000d5ULL };
	struct swsmmu_ste ste;

	memset(&ste, 0xff, sizeof(ste));
	swsmmu_ste_s1(&ste, 0x1234567f, STRTAB_STE_0_S1FMT_4K_L2, 10,
		      STRTAB_STE_1_S1DSS_SSID0, true);
	expect_qwords(test, ste.data, want, 8);

	swsmmu_ste_s1(&ste, 0x40000, STRTAB_STE_0_S1FMT_64K_L2, 0,
		      STRTAB_STE_1_S1DSS_BYPASS, false);
	expect_qwords(test, ste.data, one_cd, 8);

	swsmmu_ste_s1(&ste, 0x40000, STRTAB_STE_0_S1FMT_64K_L2, 8,
		      STRTAB_STE_1_S1DSS_BYPASS, false);
	expect_qwords(test, ste.data, dss_bypass, 8);
}

/*
 * Stage 2 of s2_vmid2a, qword 2: S2VMID 0x2a; upper half (bit 32 up):
 * S2T0SZ 25 = 0x19 | S2SL0 1 << 6 = 0x40 | S2IR0 1 << 8 = 0x100 |
 * S2OR0 1 << 10 = 0x400 | S2SH0 3 << 12 = 0x3000 | S2TG 0 |
 * S2PS 5 << 16 = 0x50000 | S2AA64 1 << 19 = 0x80000 |
 * S2PTW 1 << 22 = 0x400000 | S2R 1 << 26 = 0x4000000 = 0x044d3559.
 * Qword 3: S2TTB 0xabcdef1000.
 */
#define S2_Q2	0x044d35590000002aULL
#define S2_Q3	0x000000abcdef1000ULL

static void entry_ste_s2_nested_kat(struct kunit *test)
{
	/* q0: V | Config 6 << 1 = 0xd; q1: SHCFG 1 << 44 */
	static const u64 s2[8] = { 0xd, 0x0000100000000000ULL, S2_Q2, S2_Q3 };
	/*
	 * q0: V | Config 7 << 1 = 0xf | S1Fmt 0x10 | 0x12345640 | 10 << 59;
	 * q1: the S1 fields 0x080000d6 | SHCFG 1 << 44 (stage 2 translates)
	 */
	static const u64 nested[8] = { 0x500000001234565fULL,
				       0x00001000080000d6ULL, S2_Q2, S2_Q3 };
	struct swsmmu_s2_params p = s2_vmid2a;
	struct swsmmu_ste ste;

	memset(&ste, 0xff, sizeof(ste));
	swsmmu_ste_s2(&ste, &s2_vmid2a);
	expect_qwords(test, ste.data, s2, 8);

	memset(&ste, 0xff, sizeof(ste));
	swsmmu_ste_nested(&ste, &cdtab, &s2_vmid2a);
	expect_qwords(test, ste.data, nested, 8);

	/*
	 * The other flags, and an unaligned S2TTB: q2 gains S2AFFD 1 << 53
	 * and S2S 1 << 57 and loses S2R 1 << 58: 0x044d35590000002a +
	 * 0x0020000000000000 + 0x0200000000000000 - 0x0400000000000000 =
	 * 0x026d35590000002a; S2TTB 0xf0000abcdef1000f & GENMASK(51, 4) =
	 * 0x00000abcdef10000.
	 */
	p.affd = true;
	p.stall = true;
	p.record = false;
	p.vttb = 0xf0000abcdef1000fULL;
	swsmmu_ste_s2(&ste, &p);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ste.data[2]), 0x026d35590000002aULL);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(ste.data[3]), 0x00000abcdef10000ULL);
}

static void entry_cd_kat(struct kunit *test)
{
	/*
	 * q0 low half: T0SZ 16 = 0x10 | TG0 0 | IRGN0 1 << 8 = 0x100 |
	 *   ORGN0 1 << 10 = 0x400 | SH0 3 << 12 = 0x3000 |
	 *   EPD1 1 << 30 = 0x40000000 | V 1 << 31 = 0x80000000 = 0xc0003510
	 * q0 high half (bit 32 up): IPS 5 | AA64 1 << 9 = 0x200 |
	 *   R 1 << 13 = 0x2000 | A 1 << 14 = 0x4000 | ASET 1 << 15 = 0x8000 |
	 *   ASID 0x1234 << 16 = 0x12340000 = 0x1234e205
	 * q1: TTB0; q2: 0 (TTB1 unused); q3: MAIR
	 */
	static const u64 want[8] = { 0x1234e205c0003510ULL, 0x1234567000ULL,
				     0, 0x000000000004ff44ULL };
	/*
	 * The other flags: T0SZ 25 = 0x19 | TG0 64K 1 << 6 = 0x40 | 0x3500 |
	 * 0xc0000000 = 0xc0003559; high: IPS 2 | AFFD 1 << 3 | AA64 0x200 |
	 * HA 1 << 11 = 0x800 | S 1 << 12 = 0x1000 | no R | A 0x4000 |
	 * ASET 0x8000 | ASID 1 << 16 = 0x0001da0a.  TTB0 0xf000001234567fff &
	 * GENMASK(51, 4) = 0x1234567ff0.
	 */
	static const u64 flags[8] = { 0x0001da0ac0003559ULL, 0x1234567ff0ULL,
				      0, 0xffffffffffffffffULL };
	static const u64 zero[8];
	struct swsmmu_cd_params p = {
		.ttb0 = 0xf000001234567fffULL, .t0sz = 25, .tg0 = SWSMMU_TCR_TG0_64K,
		.ips = PA_SIZE_40, .asid = 1, .mair = ~0ULL, .affd = true,
		.ha = true, .stall = true,
	};
	struct swsmmu_cd cd;

	memset(&cd, 0xff, sizeof(cd));
	swsmmu_cd_s1(&cd, &cd_a);
	expect_qwords(test, cd.data, want, 8);

	memset(&cd, 0xff, sizeof(cd));
	swsmmu_cd_s1(&cd, &p);
	expect_qwords(test, cd.data, flags, 8);

	swsmmu_cd_clear(&cd);
	expect_qwords(test, cd.data, zero, 8);
}

/* ---------------------------------------------------------------------- */
/* Used bits                                                              */
/* ---------------------------------------------------------------------- */

static void entry_used_kat(struct kunit *test)
{
	/* Invalid: V only, whatever else is set */
	static const u64 invalid[8] = { 0x1 };
	/* Abort: V | Config (bits 3:1) */
	static const u64 abort[8] = { 0xf };
	/*
	 * Bypass q1: EATS 29:28 = 0x30000000 | MEV 1 << 19 = 0x80000 |
	 * ALLOCCFG 35:32 and MTCFG 36 = 0x1f00000000 | SHCFG 45:44 =
	 * 0x300000000000 | PRIVCFG 49:48 and INSTCFG 51:50 =
	 * 0xf000000000000; MemAttr not, as MTCFG is 0.
	 */
	static const u64 bypass[8] = { 0xf, 0x000f301f30080000ULL };
	/*
	 * S1 with S1CDMax 0, q0: V | Config | S1ContextPtr GENMASK(51, 6) |
	 * S1CDMax GENMASK(63, 59), not S1Fmt (5:4): 0xf80fffffffffffcf.
	 * q1: S1CIR/S1COR/S1CSH 7:2 = 0xfc | PPAR 1 << 18 = 0x40000 |
	 * MEV 0x80000 | S1STALLD 1 << 27 = 0x8000000 | EATS 0x30000000 |
	 * STRW 31:30 = 0xc0000000 | PRIVCFG/INSTCFG 0xf000000000000, not
	 * S1DSS (1:0) nor the overrides.  q2: S2VMID 15:0 (NS-EL1).
	 */
	static const u64 s1_one_cd[8] = { 0xf80fffffffffffcfULL,
					  0x000f0000f80c00fcULL, 0xffff };
	/* The same with S1CDMax 10 and S1DSS bypass: + S1Fmt, S1DSS, overrides */
	static const u64 s1_dss_bypass[8] = { 0xf80fffffffffffffULL,
					      0x000f301ff80c00ffULL, 0xffff };
	/*
	 * S2: q1 as bypass | STRW; q2: S2VMID 15:0 | VTCR 50:32 | S2AA64 51 to
	 * S2R 58 = GENMASK(58, 32) | 0xffff; q3: S2TTB GENMASK(51, 4).
	 */
	static const u64 s2[8] = { 0xf, 0x000f301ff0080000ULL,
				   0x07ffffff0000ffffULL,
				   0x000ffffffffffff0ULL };
	/*
	 * CD built by swsmmu_cd_s1() (EPD1 set): all but T1SZ 21:16, TG1
	 * 23:22, IRGN1 25:24, ORGN1 27:26, SH1 29:28 = 0x3fff0000 in q0 and
	 * TTB1 GENMASK(51, 4) in q2.
	 */
	static const u64 cd[8] = { 0xffffffffc000ffffULL, ~0ULL,
				   0xfff000000000000fULL, ~0ULL, ~0ULL, ~0ULL,
				   ~0ULL, ~0ULL };
	struct swsmmu_ste ste = { };
	struct swsmmu_cd cdv;
	__le64 used[8];

	ste.data[0] = cpu_to_le64(~STRTAB_STE_0_V);
	ste.data[1] = cpu_to_le64(~0ULL);
	swsmmu_ste_get_used(ste.data, used);
	expect_qwords(test, used, invalid, 8);

	swsmmu_ste_abort(&ste);
	swsmmu_ste_get_used(ste.data, used);
	expect_qwords(test, used, abort, 8);

	swsmmu_ste_bypass(&ste);
	swsmmu_ste_get_used(ste.data, used);
	expect_qwords(test, used, bypass, 8);

	s1_ste(&ste, 0x40000, 0, STRTAB_STE_1_S1DSS_BYPASS);
	swsmmu_ste_get_used(ste.data, used);
	expect_qwords(test, used, s1_one_cd, 8);

	s1_ste(&ste, 0x40000, 10, STRTAB_STE_1_S1DSS_BYPASS);
	swsmmu_ste_get_used(ste.data, used);
	expect_qwords(test, used, s1_dss_bypass, 8);

	s2_ste(&ste, 0x2a);
	swsmmu_ste_get_used(ste.data, used);
	expect_qwords(test, used, s2, 8);

	swsmmu_cd_s1(&cdv, &cd_a);
	swsmmu_cd_get_used(cdv.data, used);
	expect_qwords(test, used, cd, 8);

	swsmmu_cd_clear(&cdv);
	cdv.data[1] = cpu_to_le64(~0ULL);
	swsmmu_cd_get_used(cdv.data, used);
	/* CD V is bit 31 */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(used[0]), 0x80000000ULL);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(used[1]), 0ULL);
}

/*
 * For every entry the builders make: it sets no bit it does not use, and
 * whatever is put in its unused bits, the SMMU would use the same bits.
 */
static void check_used_properties(struct kunit *test, const __le64 *e,
				  void (*get_used)(const __le64 *, __le64 *))
{
	static const u64 junk[] = { ~0ULL, 0xaaaaaaaaaaaaaaaaULL,
				    0x5555555555555555ULL };
	__le64 used[8], dirty[8], used2[8];
	unsigned int i, j;

	get_used(e, used);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ_MSG(test, le64_to_cpu(e[i] & ~used[i]), 0ULL,
				    "qword %u sets unused bits", i);
	for (j = 0; j < ARRAY_SIZE(junk); j++) {
		for (i = 0; i < 8; i++)
			dirty[i] = e[i] | (cpu_to_le64(junk[j]) & ~used[i]);
		get_used(dirty, used2);
		KUNIT_EXPECT_MEMEQ(test, used, used2, sizeof(used));
	}
}

static void entry_used_properties(struct kunit *test)
{
	static const u8 dss[] = { STRTAB_STE_1_S1DSS_TERMINATE,
				  STRTAB_STE_1_S1DSS_BYPASS,
				  STRTAB_STE_1_S1DSS_SSID0 };
	struct swsmmu_ste ste;
	struct swsmmu_cd cd;
	unsigned int i;

	swsmmu_ste_abort(&ste);
	check_used_properties(test, ste.data, swsmmu_ste_get_used);
	swsmmu_ste_bypass(&ste);
	check_used_properties(test, ste.data, swsmmu_ste_get_used);
	for (i = 0; i < ARRAY_SIZE(dss); i++) {
		s1_ste(&ste, 0x12345640, 0, dss[i]);
		check_used_properties(test, ste.data, swsmmu_ste_get_used);
		s1_ste(&ste, 0x12345640, 10, dss[i]);
		check_used_properties(test, ste.data, swsmmu_ste_get_used);
	}
	s2_ste(&ste, 0x2a);
	check_used_properties(test, ste.data, swsmmu_ste_get_used);
	nested_ste(&ste, 0x2a);
	check_used_properties(test, ste.data, swsmmu_ste_get_used);
	swsmmu_cd_s1(&cd, &cd_a);
	check_used_properties(test, cd.data, swsmmu_cd_get_used);
	swsmmu_cd_clear(&cd);
	check_used_properties(test, cd.data, swsmmu_cd_get_used);
}

/* ---------------------------------------------------------------------- */
/* STE transitions                                                        */
/* ---------------------------------------------------------------------- */

static void entry_ste_abort_bypass(struct kunit *test)
{
	struct swsmmu_ste abort, bypass, s2;

	swsmmu_ste_abort(&abort);
	swsmmu_ste_bypass(&bypass);
	s2_ste(&s2, 0x2a);
	/* SHCFG (unused by &abort) first, then Config */
	expect_ste(test, &abort, &bypass, 2, HITLESS);
	/* Config first, then the now unused SHCFG cleared */
	expect_ste(test, &bypass, &abort, 2, HITLESS);
	/* qwords 1-3, then Config; and the reverse */
	expect_ste(test, &abort, &s2, 2, HITLESS);
	expect_ste(test, &s2, &abort, 2, HITLESS);
}

static void entry_ste_bypass_s1(struct kunit *test)
{
	struct swsmmu_ste bypass, s1, s1_dss_bypass;

	swsmmu_ste_bypass(&bypass);
	s1_ste(&s1, 0x12345640, 10, STRTAB_STE_1_S1DSS_SSID0);
	s1_ste(&s1_dss_bypass, 0x12345640, 10, STRTAB_STE_1_S1DSS_BYPASS);
	/* S1 fields of q1, sync, Config, sync, SHCFG cleared, sync */
	expect_ste(test, &bypass, &s1, 3, HITLESS);
	/* SHCFG set, sync, Config, sync, S1 fields of q1 cleared, sync */
	expect_ste(test, &s1, &bypass, 3, HITLESS);
	/* SHCFG is used and "use incoming" on both sides: no clean-up */
	expect_ste(test, &bypass, &s1_dss_bypass, 2, HITLESS);
	expect_ste(test, &s1_dss_bypass, &bypass, 2, HITLESS);
}

static void entry_ste_s1_s2(struct kunit *test)
{
	struct swsmmu_ste s1, s2, s2_vmid0;

	s1_ste(&s1, 0x12345640, 10, STRTAB_STE_1_S1DSS_SSID0);
	s2_ste(&s2, 0x2a);
	s2_ste(&s2_vmid0, 0);
	/*
	 * The S1 STE uses S2VMID 0 (NS-EL1 TLB tag): Config (q0) and S2VMID
	 * (q2) both change, so the stream is broken for a moment.
	 */
	expect_ste(test, &s1, &s2, 3, BREAKING);
	expect_ste(test, &s2, &s1, 3, BREAKING);
	/* With the same VMID, only Config is critical */
	expect_ste(test, &s1, &s2_vmid0, 3, HITLESS);
	expect_ste(test, &s2_vmid0, &s1, 3, HITLESS);
}

static void entry_ste_s2_nested(struct kunit *test)
{
	struct swsmmu_ste s2, nested;

	s2_ste(&s2, 0x2a);
	nested_ste(&nested, 0x2a);
	/* S1 fields of q1 (unused by S2), sync, q0, sync; nothing to clean */
	expect_ste(test, &s2, &nested, 2, HITLESS);
	/* q0, sync, S1 fields of q1 cleared, sync */
	expect_ste(test, &nested, &s2, 2, HITLESS);
}

static void entry_ste_nested_s1(struct kunit *test)
{
	struct swsmmu_ste nested, nested_vmid0, s1;

	nested_ste(&nested, 0x2a);
	nested_ste(&nested_vmid0, 0);
	swsmmu_ste_s1(&s1, cdtab.cdtab_pa, cdtab.s1fmt, cdtab.s1cdmax,
		      cdtab.s1dss, cdtab.stall_disable);
	/* Config and S2VMID 0x2a -> 0 */
	expect_ste(test, &nested, &s1, 3, BREAKING);
	expect_ste(test, &s1, &nested, 3, BREAKING);
	/* Same VMID: Config, sync, clean SHCFG and qwords 2-3, sync */
	expect_ste(test, &nested_vmid0, &s1, 2, HITLESS);
	/* SHCFG and the rest of S2, sync, Config, sync */
	expect_ste(test, &s1, &nested_vmid0, 2, HITLESS);
}

static void entry_ste_s1dss(struct kunit *test)
{
	struct swsmmu_ste ssid0, bypass, terminate;

	s1_ste(&ssid0, 0x12345640, 10, STRTAB_STE_1_S1DSS_SSID0);
	s1_ste(&bypass, 0x12345640, 10, STRTAB_STE_1_S1DSS_BYPASS);
	s1_ste(&terminate, 0x12345640, 10, STRTAB_STE_1_S1DSS_TERMINATE);
	/* S1DSS and SHCFG are both in q1: one store */
	expect_ste(test, &ssid0, &bypass, 1, HITLESS);
	expect_ste(test, &bypass, &ssid0, 1, HITLESS);
	expect_ste(test, &ssid0, &terminate, 1, HITLESS);
	expect_ste(test, &terminate, &ssid0, 1, HITLESS);
	expect_ste(test, &terminate, &bypass, 1, HITLESS);
	expect_ste(test, &bypass, &terminate, 1, HITLESS);
}

static void entry_ste_cdtab_ptr(struct kunit *test)
{
	struct swsmmu_ste a, b, b_bypass, one_cd;

	s1_ste(&a, 0x12345640, 10, STRTAB_STE_1_S1DSS_SSID0);
	s1_ste(&b, 0x23456780, 10, STRTAB_STE_1_S1DSS_SSID0);
	s1_ste(&b_bypass, 0x23456780, 10, STRTAB_STE_1_S1DSS_BYPASS);
	s1_ste(&one_cd, 0x23456780, 0, STRTAB_STE_1_S1DSS_SSID0);
	/* S1ContextPtr is in q0 alone */
	expect_ste(test, &a, &b, 1, HITLESS);
	expect_ste(test, &b, &a, 1, HITLESS);
	/* Pointer (q0) and S1DSS (q1) together */
	expect_ste(test, &a, &b_bypass, 3, BREAKING);
	/* Substreams off: q0, sync, S1DSS now ignored and cleared, sync */
	expect_ste(test, &a, &one_cd, 2, HITLESS);
	/* Substreams on: S1DSS (ignored so far), sync, q0, sync */
	expect_ste(test, &one_cd, &a, 2, HITLESS);
}

static void entry_ste_s2_changes(struct kunit *test)
{
	struct swsmmu_s2_params p = s2_vmid2a;
	struct swsmmu_ste s2, ttb, ttb_vmid;

	swsmmu_ste_s2(&s2, &p);
	p.vttb = 0x5555000;
	swsmmu_ste_s2(&ttb, &p);
	p.vmid = 7;
	swsmmu_ste_s2(&ttb_vmid, &p);
	expect_ste(test, &s2, &ttb, 1, HITLESS);
	expect_ste(test, &ttb, &ttb_vmid, 1, HITLESS);
	expect_ste(test, &s2, &ttb_vmid, 3, BREAKING);
}

static void entry_ste_no_change(struct kunit *test)
{
	struct swsmmu_ste s1, abort, dirty;

	s1_ste(&s1, 0x12345640, 10, STRTAB_STE_1_S1DSS_SSID0);
	expect_ste(test, &s1, &s1, 0, HITLESS);
	/* Junk in bits an abort STE ignores: cleaned with one sync */
	swsmmu_ste_abort(&abort);
	memcpy(&dirty, &abort, sizeof(dirty));
	dirty.data[1] = cpu_to_le64(0xdeadbeefdeadbeefULL);
	dirty.data[3] = cpu_to_le64(0x1234);
	expect_ste(test, &dirty, &abort, 1, HITLESS);
	/* Same for an invalid STE becoming another invalid one */
	dirty.data[0] = cpu_to_le64(0xfe);
	memset(&abort, 0, sizeof(abort));
	expect_ste(test, &dirty, &abort, 1, HITLESS);
}

/* ---------------------------------------------------------------------- */
/* CD transitions                                                         */
/* ---------------------------------------------------------------------- */

static void entry_cd_transitions(struct kunit *test)
{
	struct swsmmu_cd_params p = cd_a;
	struct swsmmu_cd clear, a, asid, ttb, mair, both;

	swsmmu_cd_clear(&clear);
	swsmmu_cd_s1(&a, &p);
	p.asid = 0x4321;
	swsmmu_cd_s1(&asid, &p);
	p.ttb0 = 0x7654321000ULL;
	swsmmu_cd_s1(&both, &p);
	p.asid = cd_a.asid;
	swsmmu_cd_s1(&ttb, &p);
	p = cd_a;
	p.mair = 0x44;
	swsmmu_cd_s1(&mair, &p);

	/* TTB0 and MAIR, sync, q0 with V, sync */
	expect_cd(test, &clear, &a, 2, HITLESS);
	/* q0 (V=0: the target itself), sync, q1 and q3 cleared, sync */
	expect_cd(test, &a, &clear, 2, HITLESS);
	expect_cd(test, &a, &asid, 1, HITLESS);
	expect_cd(test, &a, &ttb, 1, HITLESS);
	expect_cd(test, &a, &mair, 1, HITLESS);
	/* ASID (q0) and TTB0 (q1) */
	expect_cd(test, &a, &both, 3, BREAKING);
	expect_cd(test, &both, &a, 3, BREAKING);
	expect_cd(test, &a, &a, 0, HITLESS);
}

/* ---------------------------------------------------------------------- */
/* The checker itself                                                     */
/* ---------------------------------------------------------------------- */

/*
 * Copying an entry in qword order and syncing once is what the update must
 * not do: check that the test writer notices the torn entries it exposes,
 * so that its silence above means something.
 */
static void entry_checker_catches_tear(struct kunit *test)
{
	struct entry_test_writer tw;
	struct swsmmu_ste s1, s2, live;
	unsigned int i;

	s1_ste(&s1, 0x12345640, 10, STRTAB_STE_1_S1DSS_SSID0);
	s2_ste(&s2, 0);

	entry_test_init(&tw, &ste_ops, s1.data, s2.data, live.data);
	for (i = 0; i < 8; i++)
		WRITE_ONCE(live.data[i], s2.data[i]);
	entry_test_sync(&tw.w);
	KUNIT_EXPECT_TRUE(test, tw.torn);

	/* Clearing V first, but then not syncing before setting it again */
	entry_test_init(&tw, &ste_ops, s1.data, s2.data, live.data);
	live.data[0] = s2.data[0] & ~cpu_to_le64(STRTAB_STE_0_V);
	entry_test_sync(&tw.w);
	KUNIT_EXPECT_FALSE(test, tw.torn);
	KUNIT_EXPECT_TRUE(test, tw.broke);
	for (i = 0; i < 8; i++)
		WRITE_ONCE(live.data[i], s2.data[i]);
	entry_test_sync(&tw.w);
	KUNIT_EXPECT_TRUE(test, tw.torn);

	/* A correct single-qword change passes */
	s1_ste(&s2, 0x23456780, 10, STRTAB_STE_1_S1DSS_SSID0);
	entry_test_init(&tw, &ste_ops, s1.data, s2.data, live.data);
	live.data[0] = s2.data[0];
	entry_test_sync(&tw.w);
	KUNIT_EXPECT_FALSE(test, tw.torn);
	KUNIT_EXPECT_FALSE(test, tw.broke);
}

static struct kunit_case swsmmu_entry_cases[] = {
	KUNIT_CASE(entry_ste_abort_bypass_kat),
	KUNIT_CASE(entry_ste_s1_kat),
	KUNIT_CASE(entry_ste_s2_nested_kat),
	KUNIT_CASE(entry_cd_kat),
	KUNIT_CASE(entry_used_kat),
	KUNIT_CASE(entry_used_properties),
	KUNIT_CASE(entry_ste_abort_bypass),
	KUNIT_CASE(entry_ste_bypass_s1),
	KUNIT_CASE(entry_ste_s1_s2),
	KUNIT_CASE(entry_ste_s2_nested),
	KUNIT_CASE(entry_ste_nested_s1),
	KUNIT_CASE(entry_ste_s1dss),
	KUNIT_CASE(entry_ste_cdtab_ptr),
	KUNIT_CASE(entry_ste_s2_changes),
	KUNIT_CASE(entry_ste_no_change),
	KUNIT_CASE(entry_cd_transitions),
	KUNIT_CASE(entry_checker_catches_tear),
	{}
};

static struct kunit_suite swsmmu_entry_suite = {
	.name = "swsmmu-entry",
	.test_cases = swsmmu_entry_cases,
};

kunit_test_suite(swsmmu_entry_suite);
