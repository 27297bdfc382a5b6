// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu-bench: what one translation of the software SMMU costs.
 *
 * The same source runs in user space (main.c, the translation core built
 * as a library over an arena of "physical memory") and in the kernel
 * (kmod.c, swsmmu-bench.ko over swsmmu.ko).  It builds real architectural
 * structures in that memory with the driver's STE and CD builders
 * (drivers/iommu/entry.c) and its own VMSAv8-64 tables (4KB granule):
 *
 *   StreamID 0  stage 1, one CD (ASID 4000), 48-bit VA: 4-level walks
 *   StreamID 1  nested: the same stage-1 tables under a 39-bit stage 2
 *               (VMID 7, 3 levels, 4KB pages mapping IPA = PA)
 *   StreamID 2  stage 1, 256 CDs (ASIDs 1-256) sharing those tables
 *
 * Stage-1 regions (VA -> PA; the data window is BENCH_DATA_PAGES pages,
 * every qword of which holds its own PA, so that a read checks the data):
 *
 *   main   0x4000_0000_0000 + i * 4KB  page i -> data page i % 16
 *   cold   0x5000_0000_0000 + i * 2MB  page i -> data page i % 16 (each
 *          page has a level-3 table of its own: 4KB of table per page)
 *   block  0x6000_0000_0000 + i * 2MB  2MB block i -> the 2MB region that
 *          holds the data window
 *
 * A translation is one swsmmu_hw_access() of 8 bytes (a device read): a
 * transaction piece (the CMD_SYNC handshake of sync.c), the STE and CD
 * (configuration cache or fetch), the IOTLB lookup or the walk and the
 * fill, the permission check, and an 8-byte copy from the data window.
 * Times are taken over batches of BENCH_BATCH translations; the median
 * and 99th percentile reported are those of the per-batch means, minus
 * the cost of reading the clock.  Each workload runs three times, on a new
 * instance each time: with both caches, without the IOTLB, and without the
 * configuration cache.  After each run every address of a sample is
 * translated again (swsmmu_hw_translate()) and read, and the PA and the
 * data must be what the tables say: those checks are the pass/fail
 * results; the times never are.
 */
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "../../drivers/model/model.h"
#include "../../drivers/iommu/entry.h"
#include "workload.h"

#define BENCH_BATCH		64
#define BENCH_DATA_PAGES	16
#define BENCH_PAGE		4096ULL
#define BENCH_BLOCK		(2ULL << 20)

#define BENCH_VA_MAIN		0x400000000000ULL
#define BENCH_VA_COLD		0x500000000000ULL
#define BENCH_VA_BLOCK		0x600000000000ULL

#define BENCH_SID_S1		0
#define BENCH_SID_NEST		1
#define BENCH_SID_MULTI		2
#define BENCH_ST_LOG2		7	/* 128 STEs */
#define BENCH_SID_DEV0		64	/* hit-1 x 64 devices: StreamIDs 64-127 */
#define BENCH_DEVICES		64
#define BENCH_ASID_S1		4000
#define BENCH_ASID_NEST		4001
#define BENCH_VMID_NEST		7
#define BENCH_MULTI_CDMAX	8	/* 256 CDs */
#define BENCH_MULTI_CDS		BIT(BENCH_MULTI_CDMAX)
#define BENCH_S2_T0SZ		25	/* 39-bit IPA: levels 1 to 3 */
#define BENCH_MISS_TLB		64	/* IOTLB entries of the miss workloads */
#define BENCH_CFG_ENTRIES	4096

/*
 * Which stage-1 region (or which stream) a workload's addresses are in;
 * R_DEVS: the main region's first BENCH_DEVICES pages, page i by StreamID
 * BENCH_SID_DEV0 + i (ASID i + 1), taken in turn
 */
enum bench_region { R_MAIN, R_COLD, R_BLOCK, R_NEST, R_DEVS };

/*
 * CFG_STRICT: caches on and strict=all (drivers/model/strict.c);
 * CFG_NO_UTLB: caches on but the handles' micro-TLB (drivers/model/xlate.c)
 */
enum bench_cfg {
	CFG_ON, CFG_STRICT, CFG_NO_TLB, CFG_NO_CFGC, CFG_NO_UTLB, CFG_NR
};

static const char * const bench_cfg_names[CFG_NR] = {
	"caches on", "strict all", "IOTLB off", "cfgc off", "uTLB off",
};

/**
 * struct bench_load - one translation workload
 * @name: printed name
 * @region: where its addresses are
 * @nr: pages (blocks for R_BLOCK) it uses, from the region's first
 * @cycle: visit them in one random cyclic order (every access then misses
 *         an IOTLB smaller than @nr); else pick them at random
 * @tlb_entries: IOTLB capacity when the IOTLB is on
 * @note: what to say about it
 * @parts: also time the parts of a hit (the piece, the IOTLB lookup)
 */
struct bench_load {
	const char *name;
	enum bench_region region;
	unsigned int nr;
	bool cycle;
	unsigned int tlb_entries;
	const char *note;
	bool parts;
};

/**
 * struct bench - one run
 * @env: the environment (main.c or kmod.c)
 * @scale: how big
 * @only: run only workloads whose name starts with this (NULL: all)
 * @nr_tests: checks made
 * @nr_failed: checks failed
 * @feat: features of every instance
 * @data_pa: PA of the data window
 * @data: the data window (BENCH_DATA_PAGES pages)
 * @strtab_pa: PA of the linear Stream table
 * @s1_root: PA of the stage-1 level-0 table
 * @s2_root: PA of the stage-2 level-1 table
 * @main_pages: pages mapped in the main region
 * @cold_pages: pages mapped in the cold region
 * @blocks: blocks mapped in the block region
 * @nest_pages: main-region pages reachable through stage 2
 * @devs: the workload takes its StreamID from the position in @seq (R_DEVS)
 * @samples: batches timed per run
 * @verify: addresses of the sequence checked after each run
 * @seq: addresses to translate, in order
 * @seq_cap: capacity of @seq
 * @seq_len: addresses in @seq
 * @times: one duration per sample, in ns
 * @rng: xorshift state
 */
struct bench {
	struct bench_env *env;
	enum bench_scale scale;
	const char *only;
	unsigned int nr_tests;
	unsigned int nr_failed;
	struct swsmmu_hw_features feat;
	u64 data_pa;
	u64 *data;
	u64 strtab_pa;
	u64 s1_root;
	u64 s2_root;
	unsigned int main_pages;
	unsigned int cold_pages;
	unsigned int blocks;
	unsigned int nest_pages;
	bool devs;
	unsigned int samples;
	unsigned int verify;
	u64 *seq;
	unsigned int seq_cap;
	unsigned int seq_len;
	u64 *times;
	u64 rng;
};

static u64 bench_rand(struct bench *b)
{
	/* xorshift64* */
	b->rng ^= b->rng >> 12;
	b->rng ^= b->rng << 25;
	b->rng ^= b->rng >> 27;
	return b->rng * 0x2545f4914f6cdd1dULL;
}

static u32 bench_below(struct bench *b, u32 n)
{
	return (u32)(((bench_rand(b) >> 32) * n) >> 32);
}

/* TAP result of one check */
static void bench_check(struct bench *b, bool ok, const char *what,
			const char *detail)
{
	b->nr_tests++;
	if (!ok)
		b->nr_failed++;
	bench_env_print(b->env, "%s %u - %s%s%s\n", ok ? "ok" : "not ok",
			b->nr_tests, what, detail ? ": " : "",
			detail ? detail : "");
}

/* Sort a few thousand values (no sort() in both worlds) */
static void bench_sort(u64 *v, unsigned int n)
{
	static const unsigned int gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
	unsigned int g, i, j, gap;
	u64 x;

	for (g = 0; g < ARRAY_SIZE(gaps); g++) {
		gap = gaps[g];
		for (i = gap; i < n; i++) {
			x = v[i];
			for (j = i; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
	}
}

/* @v in hundredths, printed with one decimal into @buf */
static const char *bench_fmt(char *buf, size_t len, u64 v)
{
	v = (v + 5) / 10;
	snprintf(buf, len, "%llu.%llu", v / 10, v % 10);
	return buf;
}

/* ---------------------------------------------------------------------- */
/* Building the structures                                                */
/* ---------------------------------------------------------------------- */

static u64 bench_table(struct bench *b)
{
	u64 pa;

	if (!bench_env_alloc(b->env, BENCH_PAGE, &pa))
		return 0;
	return pa;
}

/*
 * Map @ia -> @oa at @leaf_lvl (3: page, 2: 2MB block) in the 4KB-granule
 * tables at @root (starting level @start); @attrs are the leaf's
 * permission bits.  Tables are created as needed.  Returns 0 or -ENOMEM.
 */
static int bench_map(struct bench *b, u64 root, unsigned int start, u64 ia,
		     u64 oa, unsigned int leaf_lvl, u64 attrs)
{
	unsigned int lvl, idx;
	u64 table = root, d, next;
	__le64 *t;

	for (lvl = start; ; lvl++) {
		t = phys_to_virt(table);
		idx = (ia >> (12 + 9 * (3 - lvl))) & 511;
		if (lvl == leaf_lvl)
			break;
		d = le64_to_cpu(t[idx]);
		if (!(d & SWSMMU_PTE_VALID)) {
			next = bench_table(b);
			if (!next)
				return -ENOMEM;
			t[idx] = cpu_to_le64(next | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
			table = next;
		} else {
			table = d & SWSMMU_PTE_ADDR;
		}
	}
	t[idx] = cpu_to_le64(oa | attrs | SWSMMU_PTE_AF | SWSMMU_PTE_VALID |
			     (leaf_lvl == 3 ? SWSMMU_PTE_TYPE : 0));
	return 0;
}

/* Stage-1 leaf: privileged read/write, ASID-tagged, Normal memory */
#define BENCH_S1_ATTRS	(SWSMMU_PTE_S1_NG | \
			 FIELD_PREP(SWSMMU_PTE_SH, SWSMMU_TCR_SH_ISH))
/* Stage-2 leaf: read/write, Normal Write-Back */
#define BENCH_S2_ATTRS	(FIELD_PREP(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_READ | \
					      SWSMMU_PTE_S2_AP_WRITE) | \
			 FIELD_PREP(SWSMMU_PTE_S2_MEMATTR, SWSMMU_PTE_S2_MEMATTR_NORMAL_WB) | \
			 FIELD_PREP(SWSMMU_PTE_SH, SWSMMU_TCR_SH_ISH))

/* Identity-map (IPA = PA) the 4KB page at @pa in stage 2, once */
static int bench_s2_map(struct bench *b, u64 pa)
{
	return bench_map(b, b->s2_root, 1, pa & ~(BENCH_PAGE - 1),
			 pa & ~(BENCH_PAGE - 1), 3, BENCH_S2_ATTRS);
}

/* Stage 2 must map every stage-1 table on the way to @va */
static int bench_s2_map_walk(struct bench *b, u64 va)
{
	u64 table = b->s1_root, d;
	unsigned int lvl;
	int ret;

	for (lvl = 0; lvl <= 3; lvl++) {
		ret = bench_s2_map(b, table);
		if (ret)
			return ret;
		if (lvl == 3)
			break;
		d = le64_to_cpu(((__le64 *)phys_to_virt(table))
				[(va >> (12 + 9 * (3 - lvl))) & 511]);
		table = d & SWSMMU_PTE_ADDR;
	}
	return 0;
}

static void bench_cd(struct swsmmu_cd *cd, u64 ttb0, u16 asid)
{
	const struct swsmmu_cd_params p = {
		.ttb0 = ttb0,
		.t0sz = 16,
		.tg0 = SWSMMU_TCR_TG0_4K,
		.ips = PA_SIZE_48,
		.asid = asid,
		.mair = SWSMMU_MAIR_ATTR_NORMAL_WB,
		.record = true,
	};

	swsmmu_cd_s1(cd, &p);
}

static int bench_build(struct bench *b)
{
	const struct swsmmu_s2_params s2 = {
		.vmid = BENCH_VMID_NEST,
		.t0sz = BENCH_S2_T0SZ,
		.sl0 = STRTAB_STE_2_S2SL0_4K_L1,
		.tg = SWSMMU_TCR_TG0_4K,
		.ps = PA_SIZE_48,
		.record = true,
	};
	struct swsmmu_s2_params s2p = s2;
	struct swsmmu_cdtab_params s1p = { };
	u64 cd_pa, cds_pa, ncd_pa, block_pa, pa;
	struct swsmmu_ste *st;
	struct swsmmu_cd *cd, *cds, *ncd;
	unsigned int i;
	int ret = 0;

	/* The data window: every qword holds its own PA */
	b->data = bench_env_alloc(b->env, BENCH_DATA_PAGES * BENCH_PAGE,
				  &b->data_pa);
	st = bench_env_alloc(b->env, STRTAB_STE_SIZE << BENCH_ST_LOG2,
			     &b->strtab_pa);
	cd = bench_env_alloc(b->env, CTXDESC_CD_SIZE, &cd_pa);
	ncd = bench_env_alloc(b->env, CTXDESC_CD_SIZE, &ncd_pa);
	cds = bench_env_alloc(b->env, CTXDESC_CD_SIZE * BENCH_MULTI_CDS,
			      &cds_pa);
	b->s1_root = bench_table(b);
	b->s2_root = bench_table(b);
	if (!b->data || !st || !cd || !ncd || !cds || !b->s1_root ||
	    !b->s2_root)
		return -ENOMEM;
	for (i = 0; i < BENCH_DATA_PAGES * BENCH_PAGE / 8; i++)
		b->data[i] = b->data_pa + i * 8;

	bench_cd(cd, b->s1_root, BENCH_ASID_S1);
	bench_cd(ncd, b->s1_root, BENCH_ASID_NEST);
	for (i = 0; i < BENCH_MULTI_CDS; i++)
		bench_cd(&cds[i], b->s1_root, i + 1);

	swsmmu_ste_s1(&st[BENCH_SID_S1], cd_pa,
		      STRTAB_STE_0_S1FMT_LINEAR, 0, 0, false);
	swsmmu_ste_s1(&st[BENCH_SID_MULTI], cds_pa,
		      STRTAB_STE_0_S1FMT_LINEAR, BENCH_MULTI_CDMAX,
		      STRTAB_STE_1_S1DSS_BYPASS, false);
	/* 64 devices, each with one CD of its own (ASID i + 1) */
	for (i = 0; i < BENCH_DEVICES; i++)
		swsmmu_ste_s1(&st[BENCH_SID_DEV0 + i],
			      cds_pa + i * CTXDESC_CD_SIZE,
			      STRTAB_STE_0_S1FMT_LINEAR, 0, 0, false);
	s1p.cdtab_pa = ncd_pa;
	s2p.vttb = b->s2_root;
	swsmmu_ste_nested(&st[BENCH_SID_NEST], &s1p, &s2p);

	for (i = 0; i < b->main_pages && !ret; i++)
		ret = bench_map(b, b->s1_root, 0, BENCH_VA_MAIN + i * BENCH_PAGE,
				b->data_pa + (i % BENCH_DATA_PAGES) * BENCH_PAGE,
				3, BENCH_S1_ATTRS);
	for (i = 0; i < b->cold_pages && !ret; i++)
		ret = bench_map(b, b->s1_root, 0, BENCH_VA_COLD + i * BENCH_BLOCK,
				b->data_pa + (i % BENCH_DATA_PAGES) * BENCH_PAGE,
				3, BENCH_S1_ATTRS);
	block_pa = b->data_pa & ~(BENCH_BLOCK - 1);
	for (i = 0; i < b->blocks && !ret; i++)
		ret = bench_map(b, b->s1_root, 0, BENCH_VA_BLOCK + i * BENCH_BLOCK,
				block_pa, 2, BENCH_S1_ATTRS);

	/* Stage 2: the nested CD, the data and the tables the walks read */
	ret = ret ?: bench_s2_map(b, ncd_pa);
	for (pa = b->data_pa; !ret && pa < b->data_pa +
	     BENCH_DATA_PAGES * BENCH_PAGE; pa += BENCH_PAGE)
		ret = bench_s2_map(b, pa);
	for (i = 0; i < b->nest_pages && !ret; i += 512)
		ret = bench_s2_map_walk(b, BENCH_VA_MAIN + i * BENCH_PAGE);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Address sequences and the answers they must get                        */
/* ---------------------------------------------------------------------- */

static u64 bench_iova(struct bench *b, enum bench_region r, u32 idx, u64 off)
{
	switch (r) {
	case R_COLD:
		return BENCH_VA_COLD + idx * BENCH_BLOCK + off;
	case R_BLOCK:
		/* inside the block, at the data page the index picks */
		return BENCH_VA_BLOCK + idx * BENCH_BLOCK +
		       ((b->data_pa + (idx % BENCH_DATA_PAGES) * BENCH_PAGE) &
			(BENCH_BLOCK - 1)) + off;
	default:
		return BENCH_VA_MAIN + idx * BENCH_PAGE + off;
	}
}

/* The PA the tables give @iova of region @r */
static u64 bench_expect(struct bench *b, enum bench_region r, u64 iova)
{
	u64 off = iova & (BENCH_PAGE - 1), idx;

	switch (r) {
	case R_COLD:
		idx = (iova - BENCH_VA_COLD) / BENCH_BLOCK;
		break;
	case R_BLOCK:
		return (b->data_pa & ~(BENCH_BLOCK - 1)) +
		       (iova & (BENCH_BLOCK - 1));
	default:
		idx = (iova - BENCH_VA_MAIN) / BENCH_PAGE;
		break;
	}
	return b->data_pa + (idx % BENCH_DATA_PAGES) * BENCH_PAGE + off;
}

/* Fill b->seq for @l: random picks, or one random cycle through all */
static void bench_make_seq(struct bench *b, const struct bench_load *l)
{
	unsigned int i, j, n = l->nr;
	u64 t;

	b->devs = l->region == R_DEVS;
	if (b->devs) {
		/* round robin: device (and page) i at positions i mod 64 */
		b->seq_len = min(BENCH_DEVICES * 256U, b->seq_cap);
		for (i = 0; i < b->seq_len; i++)
			b->seq[i] = i % BENCH_DEVICES;
	} else if (l->cycle) {
		b->seq_len = min(n, b->seq_cap);
		for (i = 0; i < b->seq_len; i++)
			b->seq[i] = i;
		for (i = b->seq_len - 1; i > 0; i--) {
			j = bench_below(b, i + 1);
			t = b->seq[i];
			b->seq[i] = b->seq[j];
			b->seq[j] = t;
		}
	} else {
		b->seq_len = min(max(n, 16384U), b->seq_cap);
		for (i = 0; i < b->seq_len; i++)
			b->seq[i] = bench_below(b, n);
	}
	/* Index -> address, 8-byte aligned anywhere in the page */
	for (i = 0; i < b->seq_len; i++)
		b->seq[i] = bench_iova(b, l->region, b->seq[i],
				       bench_below(b, BENCH_PAGE / 8) * 8);
}

/* The transaction of position @pos of b->seq: @txn, or its device's */
static const struct swsmmu_txn *bench_txn_at(struct bench *b,
					     const struct swsmmu_txn *txn,
					     struct swsmmu_txn *buf,
					     unsigned int pos)
{
	if (!b->devs)
		return txn;
	*buf = *txn;
	buf->sid = BENCH_SID_DEV0 + pos % BENCH_DEVICES;
	return buf;
}

static struct swsmmu_txn bench_txn(enum bench_region r)
{
	return (struct swsmmu_txn) {
		.sid = r == R_NEST ? BENCH_SID_NEST : BENCH_SID_S1,
		.flags = SWSMMU_TXN_PRIV,
	};
}

/*
 * Translate and read up to b->verify addresses of the sequence; every PA and
 * every qword read must be what the tables say.  Returns the first wrong
 * address (0: none).
 */
static u64 bench_verify(struct bench *b, struct swsmmu_hw *hw,
			const struct swsmmu_txn *txn, enum bench_region r)
{
	const struct swsmmu_txn *t0 = txn;
	struct swsmmu_xlate xl;
	struct swsmmu_txn buf;
	unsigned int i, n = min(b->seq_len, b->verify);
	u64 iova, val;

	for (i = 0; i < n; i++) {
		iova = b->seq[i];
		txn = bench_txn_at(b, t0, &buf, i);
		if (swsmmu_hw_translate(hw, txn, iova, &xl) ||
		    xl.pa != bench_expect(b, r, iova))
			return iova;
		if (swsmmu_hw_access(hw, txn, iova, &val, sizeof(val)) ||
		    val != bench_expect(b, r, iova))
			return iova;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Timing                                                                 */
/* ---------------------------------------------------------------------- */

/**
 * struct bench_result - the figures of one run of a workload
 * @med: median ns per operation, in hundredths
 * @p99: 99th percentile, likewise
 * @insns: instructions per operation, in hundredths (U64_MAX: n/a)
 * @hits: IOTLB hits per hundred operations
 * @walks: table walks per operation, in hundredths
 */
struct bench_result {
	u64 med;
	u64 p99;
	u64 insns;
	u64 hits;
	u64 walks;
};

/* What reading the clock twice costs, in ns (the median of many) */
static u64 bench_clock_cost(struct bench *b)
{
	unsigned int i, n = min(b->samples, 1000U);
	u64 t0;

	for (i = 0; i < n; i++) {
		t0 = bench_env_now_ns();
		b->times[i] = bench_env_now_ns() - t0;
	}
	bench_sort(b->times, n);
	return b->times[n / 2];
}

/* Median and p99 of b->times[0..n) (ns per @per operations) */
static void bench_stats(struct bench *b, unsigned int n, unsigned int per,
			u64 clock, struct bench_result *r)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		b->times[i] = b->times[i] > clock ? b->times[i] - clock : 0;
	bench_sort(b->times, n);
	r->med = b->times[n / 2] * 100 / per;
	r->p99 = b->times[min(n - 1, n * 99 / 100)] * 100 / per;
}

/* Time b->samples batches of accesses through b->seq */
static int bench_time(struct bench *b, struct swsmmu_hw *hw,
		      const struct swsmmu_txn *txn, struct bench_result *r)
{
	unsigned int s, i, pos = 0;
	struct hw_stats a, z;
	struct swsmmu_txn buf;
	u64 t0, val, i0, i1, clock, ops;
	bool insns;
	int err = 0;

	clock = bench_clock_cost(b);
	swsmmu_hw_stats_get(hw, &a);
	insns = bench_env_insns(b->env, &i0);
	for (s = 0; s < b->samples; s++) {
		t0 = bench_env_now_ns();
		for (i = 0; i < BENCH_BATCH; i++) {
			err |= swsmmu_hw_access(hw,
						bench_txn_at(b, txn, &buf, pos),
						b->seq[pos], &val, sizeof(val));
			if (++pos == b->seq_len)
				pos = 0;
		}
		b->times[s] = bench_env_now_ns() - t0;
		bench_env_yield(b->env);
	}
	insns = insns && bench_env_insns(b->env, &i1);
	swsmmu_hw_stats_get(hw, &z);

	ops = (u64)b->samples * BENCH_BATCH;
	bench_stats(b, b->samples, BENCH_BATCH, clock, r);
	r->insns = insns ? (i1 - i0) * 100 / ops : U64_MAX;
	r->hits = (z.v[HW_STAT_TLB_HIT] - a.v[HW_STAT_TLB_HIT]) * 100 / ops;
	r->walks = (z.v[HW_STAT_WALKS] - a.v[HW_STAT_WALKS]) * 100 / ops;
	return err;
}

/* The tables' column layouts (reST simple tables) */
#define BENCH_THR_ROW	"%-26s %-10s %10llu %10llu %10llu %10llu  "
#define BENCH_THR_RULE	"========================== ========== ========== ========== ========== ==========  =============\n"
#define BENCH_ROW	"%-26s %-10s %10s %10s %9s %6s %7s  %s\n"
#define BENCH_RULE	"========================== ========== ========== ========== ========= ====== =======  =====\n"

static void bench_row(struct bench *b, const char *name, const char *cfg,
		      const struct bench_result *r, const char *note)
{
	char med[24], p99[24], ins[24], hits[24], walks[24];

	if (r->insns == U64_MAX)
		snprintf(ins, sizeof(ins), "n/a");
	else
		bench_fmt(ins, sizeof(ins), r->insns);
	if (r->hits == U64_MAX)
		snprintf(hits, sizeof(hits), "-");
	else
		snprintf(hits, sizeof(hits), "%llu", r->hits);
	if (r->walks == U64_MAX)
		snprintf(walks, sizeof(walks), "-");
	else
		bench_fmt(walks, sizeof(walks), r->walks);
	bench_env_print(b->env, BENCH_ROW, name, cfg,
			bench_fmt(med, sizeof(med), r->med),
			bench_fmt(p99, sizeof(p99), r->p99), ins, hits, walks,
			note ? note : "");
}

/*
 * --only PREFIX: the workloads whose name starts with PREFIX; --only
 * "NAME [CACHES]" (a row's check name, as "hit-1 [caches on]"): that
 * workload in that configuration only, for callgrind
 */
static bool bench_wanted(struct bench *b, const char *name)
{
	const char *br;

	if (!b->only)
		return true;
	br = strstr(b->only, " [");
	if (!br)
		return !strncmp(name, b->only, strlen(b->only));
	return strlen(name) == br - b->only &&
	       !strncmp(name, b->only, br - b->only);
}

static bool bench_cfg_wanted(struct bench *b, enum bench_cfg cfg)
{
	const char *br = b->only ? strstr(b->only, " [") : NULL;
	size_t len = strlen(bench_cfg_names[cfg]);

	return !br || (!strncmp(br + 2, bench_cfg_names[cfg], len) &&
		       !strcmp(br + 2 + len, "]"));
}

static struct swsmmu_hw *bench_hw(struct bench *b, enum bench_cfg cfg,
				  unsigned int tlb_entries)
{
	struct swsmmu_hw *hw;

	hw = bench_env_hw_create(b->env, &b->feat,
				 cfg == CFG_NO_TLB ? 0 : tlb_entries,
				 cfg == CFG_NO_CFGC ? 0 : BENCH_CFG_ENTRIES,
				 cfg != CFG_NO_UTLB);
	if (!hw)
		return NULL;
	/* Every row says what it ran, whatever strict= says */
	hw->strict = cfg == CFG_STRICT ? HW_STRICT_ALL : 0;
	bench_env_hw_enable(b->env, hw, b->strtab_pa, BENCH_ST_LOG2);
	return hw;
}

/* ---------------------------------------------------------------------- */
/* Workloads                                                              */
/* ---------------------------------------------------------------------- */

/*
 * The parts of a hit, on an instance whose IOTLB holds every page of
 * b->seq: a transaction piece alone (the CMD_SYNC handshake and RCU), then
 * a piece with one IOTLB lookup in it.
 */
static void bench_parts(struct bench *b, struct swsmmu_hw *hw,
			const char *name)
{
	struct hw_tlb_tag tag = {
		.kind = HW_TLB_S1, .g = 12, .asid = BENCH_ASID_S1,
	};
	struct bench_result r = { .insns = U64_MAX, .walks = U64_MAX };
	unsigned int s, i, pos = 0, hits = 0;
	struct hw_piece p;
	struct hw_walk w;
	char label[64];
	u64 t0, clock = bench_clock_cost(b);

	for (s = 0; s < b->samples; s++) {
		t0 = bench_env_now_ns();
		for (i = 0; i < BENCH_BATCH; i++) {
			swsmmu_hw_piece_begin(hw, &p, false);
			swsmmu_hw_piece_end(hw, &p);
		}
		b->times[s] = bench_env_now_ns() - t0;
		bench_env_yield(b->env);
	}
	bench_stats(b, b->samples, BENCH_BATCH, clock, &r);
	r.hits = U64_MAX;
	snprintf(label, sizeof(label), "%s: piece only", name);
	bench_row(b, label, "caches on", &r, "swsmmu_hw_piece_begin() + _end()");

	for (s = 0; s < b->samples; s++) {
		t0 = bench_env_now_ns();
		for (i = 0; i < BENCH_BATCH; i++) {
			swsmmu_hw_piece_begin(hw, &p, false);
			hits += swsmmu_hw_tlb_lookup(hw, &tag, b->seq[pos], &w);
			swsmmu_hw_piece_end(hw, &p);
			if (++pos == b->seq_len)
				pos = 0;
		}
		b->times[s] = bench_env_now_ns() - t0;
		bench_env_yield(b->env);
	}
	bench_stats(b, b->samples, BENCH_BATCH, clock, &r);
	r.hits = (u64)hits * 100 / ((u64)b->samples * BENCH_BATCH);
	snprintf(label, sizeof(label), "%s: piece+lookup", name);
	bench_row(b, label, "caches on", &r, "... + swsmmu_hw_tlb_lookup()");
}

/* One workload in the three cache configurations */
static void bench_load(struct bench *b, const struct bench_load *l)
{
	struct swsmmu_txn txn = bench_txn(l->region);
	enum bench_region r = l->region;
	struct bench_result res;
	struct swsmmu_txn buf;
	struct swsmmu_hw *hw;
	char what[96], detail[64];
	unsigned int cfg, i, warm;
	u64 val, bad;
	int err;

	if (!bench_wanted(b, l->name))
		return;
	bench_make_seq(b, l);
	for (cfg = 0; cfg < CFG_NR; cfg++) {
		if (!bench_cfg_wanted(b, cfg))
			continue;
		snprintf(what, sizeof(what), "%s [%s]", l->name,
			 bench_cfg_names[cfg]);
		hw = bench_hw(b, cfg, l->tlb_entries);
		if (!hw) {
			bench_check(b, false, what, "no instance");
			continue;
		}
		/* Warm up: a pass over the pages fills the IOTLB for hits */
		warm = cfg == CFG_NO_TLB ||
		       (l->cycle && l->nr > l->tlb_entries) ?
		       min(b->seq_len, 256U) : b->seq_len;
		err = 0;
		for (i = 0; i < warm; i++)
			err |= swsmmu_hw_access(hw,
						bench_txn_at(b, &txn, &buf, i),
						b->seq[i], &val, sizeof(val));
		err |= bench_time(b, hw, &txn, &res);
		bad = bench_verify(b, hw, &txn, r);
		if (l->parts && cfg == CFG_ON)
			bench_parts(b, hw, l->name);
		bench_env_hw_destroy(b->env, hw);

		if (err)
			snprintf(detail, sizeof(detail), "an access failed (%d)",
				 err);
		else if (bad)
			snprintf(detail, sizeof(detail),
				 "wrong translation or data at %#llx", bad);
		bench_check(b, !err && !bad, what, err || bad ? detail : NULL);
		bench_row(b, l->name, bench_cfg_names[cfg], &res,
			  cfg == CFG_ON ? l->note : NULL);
	}
}

/*
 * TLBI by VA and by ASID with the IOTLB full: 256 ASIDs (the CDs of
 * StreamID 2) times @per pages each.  Each command is timed alone, its
 * effect on the entry count checked, and what it removed filled again
 * before the next.
 */
static void bench_tlbi(struct bench *b, unsigned int per)
{
	struct swsmmu_txn txn = {
		.sid = BENCH_SID_MULTI,
		.flags = SWSMMU_TXN_PRIV | SWSMMU_TXN_SSV,
	};
	unsigned int full = per * BENCH_MULTI_CDS, s, i, n, k, p, bad;
	struct bench_result res = { .insns = U64_MAX, .hits = U64_MAX,
				    .walks = U64_MAX };
	char name[48], what[128], note[64];
	struct hw_tlbi t;
	struct swsmmu_hw *hw;
	u64 val, t0, clock, before;
	int err = 0;

	snprintf(name, sizeof(name), "tlbi-va (%uK entries)", full / 1024);
	if (!bench_wanted(b, "tlbi"))
		return;
	hw = bench_hw(b, CFG_ON, full);
	if (!hw) {
		bench_check(b, false, name, "no instance");
		return;
	}
	for (k = 0; k < BENCH_MULTI_CDS; k++) {
		txn.ssid = k;
		for (p = 0; p < per; p++)
			err |= swsmmu_hw_access(hw, &txn,
						BENCH_VA_MAIN + p * BENCH_PAGE,
						&val, sizeof(val));
	}
	snprintf(what, sizeof(what), "IOTLB full before TLBIs (%u entries)",
		 full);
	bench_check(b, !err && swsmmu_hw_tlb_count(hw) == full, what, NULL);
	clock = bench_clock_cost(b);

	/* By VA: one page of one ASID; exactly one entry must go */
	n = b->samples;
	bad = 0;
	for (s = 0; s < n; s++) {
		k = bench_below(b, BENCH_MULTI_CDS);
		p = bench_below(b, per);
		t = (struct hw_tlbi) {
			.op = HW_TLBI_NH_VA,
			.asid = k + 1,
			.addr = BENCH_VA_MAIN + p * BENCH_PAGE,
			.leaf = true,
		};
		before = swsmmu_hw_tlb_count(hw);
		t0 = bench_env_now_ns();
		swsmmu_hw_tlb_invalidate(hw, &t);
		b->times[s] = bench_env_now_ns() - t0;
		bad += before - swsmmu_hw_tlb_count(hw) != 1;
		txn.ssid = k;
		err |= swsmmu_hw_access(hw, &txn, t.addr, &val, sizeof(val));
		bench_env_yield(b->env);
	}
	bench_stats(b, n, 1, clock, &res);
	snprintf(what, sizeof(what), "%s removes exactly its entry", name);
	bench_check(b, !bad && !err, what, NULL);
	bench_row(b, name, "caches on", &res, "ns per command");

	/*
	 * By ASID: the ASID's @per entries must go, and nothing else.  The
	 * refill that follows each command is timed too (b->times[n...]): a
	 * TLBI may leave work to the fills after it, and the row says so.
	 */
	snprintf(name, sizeof(name), "tlbi-asid (%uK entries)", full / 1024);
	n = min(b->samples, 200U);
	bad = 0;
	for (s = 0; s < n; s++) {
		k = bench_below(b, BENCH_MULTI_CDS);
		t = (struct hw_tlbi) { .op = HW_TLBI_NH_ASID, .asid = k + 1 };
		before = swsmmu_hw_tlb_count(hw);
		t0 = bench_env_now_ns();
		swsmmu_hw_tlb_invalidate(hw, &t);
		b->times[s] = bench_env_now_ns() - t0;
		bad += before - swsmmu_hw_tlb_count(hw) != per;
		txn.ssid = k;
		t0 = bench_env_now_ns();
		for (i = 0; i < per; i++)
			err |= swsmmu_hw_access(hw, &txn,
						BENCH_VA_MAIN + i * BENCH_PAGE,
						&val, sizeof(val));
		b->times[n + s] = bench_env_now_ns() - t0;
		bad += swsmmu_hw_tlb_count(hw) != before;
		bench_env_yield(b->env);
	}
	bench_stats(b, n, 1, clock, &res);
	snprintf(what, sizeof(what),
		 "%s removes exactly its %u entries, refilled after", name, per);
	bench_check(b, !bad && !err, what, NULL);
	snprintf(note, sizeof(note), "ns per command (%u entries removed)",
		 per);
	bench_row(b, name, "caches on", &res, note);
	memmove(b->times, b->times + n, n * sizeof(*b->times));
	bench_stats(b, n, per, clock, &res);
	snprintf(name, sizeof(name), "tlbi-asid refill (%uK)", full / 1024);
	bench_row(b, name, "caches on", &res,
		  "ns per entry: walk, fill (and the TLBI's leftovers)");
	bench_env_hw_destroy(b->env, hw);
}

/*
 * What one cache miss costs on this machine, for reading the rows of an
 * IOTLB of @entries: dependent loads (each address read from the line
 * before) over random 64-byte lines of a buffer the size of that IOTLB's
 * table (40 bytes a position, two positions an entry), in memory mapped
 * as the table's chunks are (bench_env_table_alloc()).  No load overlaps
 * another, so this is the latency of one
 * miss at that size, the floor under a lookup or a TLBI that has to read
 * one line of the table.
 */
static void bench_floor(struct bench *b, unsigned int entries)
{
	size_t lines = (size_t)entries * 2 * 40 / 64, i, j, n;
	struct bench_result res = { .insns = U64_MAX, .hits = U64_MAX,
				    .walks = U64_MAX };
	u32 *next, t, at = 0;
	char name[48], what[96], note[64];
	unsigned int s, k;
	u64 t0, clock;

	if (lines * 64 >= 1024 * 1024)
		snprintf(name, sizeof(name), "dependent load (%zu MiB)",
			 lines * 64 / (1024 * 1024));
	else
		snprintf(name, sizeof(name), "dependent load (%zu KiB)",
			 lines * 64 / 1024);
	if (!bench_wanted(b, "dependent"))
		return;
	next = bench_env_table_alloc(b->env, lines * 64);
	if (!next) {
		bench_check(b, false, name, "no memory");
		return;
	}
	/* Sattolo's shuffle: line i's first word names the next, one cycle */
	for (i = 0; i < lines; i++)
		next[i * 16] = i;
	for (i = lines - 1; i > 0; i--) {
		j = bench_below(b, i);
		t = next[i * 16];
		next[i * 16] = next[j * 16];
		next[j * 16] = t;
	}
	/* Line 0 comes back after exactly @lines steps, not before */
	for (n = 1, k = next[0]; k && n <= lines; n++)
		k = next[k * 16];
	snprintf(what, sizeof(what), "%s: one cycle through %zu lines", name,
		 lines);
	bench_check(b, n == lines, what,
		    n != lines ? "the shuffle left more than one cycle" : NULL);
	clock = bench_clock_cost(b);
	for (s = 0; s < b->samples; s++) {
		t0 = bench_env_now_ns();
		for (k = 0; k < BENCH_BATCH; k++)
			at = READ_ONCE(next[at * 16]);
		b->times[s] = bench_env_now_ns() - t0;
		bench_env_yield(b->env);
	}
	bench_stats(b, b->samples, BENCH_BATCH, clock, &res);
	snprintf(note, sizeof(note), "one miss: the table of %uK entries",
		 entries / 1024);
	bench_row(b, name, "-", &res, note);
	bench_env_table_free(b->env, next, lines * 64);
}

/**
 * struct bench_par - a throughput run shared by its threads
 * @b: the run
 * @hw: the instance they translate through
 * @txn: the transaction
 */
struct bench_par {
	struct bench *b;
	struct swsmmu_hw *hw;
	struct swsmmu_txn txn;
};

static u64 bench_par_thread(void *arg, unsigned int thread, const bool *stop)
{
	struct bench_par *par = arg;
	struct bench *b = par->b;
	unsigned int i, pos = (thread * 7919U) % b->seq_len;
	u64 ops = 0, val;

	while (!READ_ONCE(*stop)) {
		for (i = 0; i < BENCH_BATCH; i++) {
			swsmmu_hw_access(par->hw, &par->txn, b->seq[pos], &val,
					 sizeof(val));
			if (++pos == b->seq_len)
				pos = 0;
		}
		ops += BENCH_BATCH;
	}
	return ops;
}

/* The machine's own scaling: arithmetic only, nothing shared */
static u64 bench_spin_thread(void *arg, unsigned int thread, const bool *stop)
{
	u64 ops = 0, x = thread + 1;
	unsigned int i;

	while (!READ_ONCE(*stop)) {
		for (i = 0; i < BENCH_BATCH; i++)
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		ops += BENCH_BATCH;
	}
	return ops + (x & 1);
}

/*
 * 1 then 2 threads running @fn for @msecs each; prints thousands of
 * operations per second of wall time and per CPU-second (the latter does
 * not depend on how much CPU a loaded machine lends us, the former does).
 * Returns false if the environment has no threads.
 */
static bool bench_par_run(struct bench *b, const char *name, const char *cfg,
			  unsigned int msecs, bench_thread_fn fn, void *arg)
{
	u64 ops[2], cpu[2], wall[2], per_cpu[2];
	unsigned int t;

	for (t = 0; t < 2; t++) {
		if (bench_env_parallel(b->env, t + 1, msecs, fn, arg, &ops[t],
				       &cpu[t]))
			return false;
		wall[t] = ops[t] * 1000 / msecs / 1000;
		per_cpu[t] = ops[t] * 1000000 / max(cpu[t] / 1000, 1ULL) / 1000;
	}
	bench_env_print(b->env, BENCH_THR_ROW "%llu.%02llu wall, %llu.%02llu per CPU-s\n",
			name, cfg, wall[0], wall[1], per_cpu[0], per_cpu[1],
			wall[1] * 100 / max(wall[0], 1ULL) / 100,
			wall[1] * 100 / max(wall[0], 1ULL) % 100,
			per_cpu[1] * 100 / max(per_cpu[0], 1ULL) / 100,
			per_cpu[1] * 100 / max(per_cpu[0], 1ULL) % 100);
	return true;
}

/* Lookups per second with 1 and 2 threads on one instance */
static void bench_threads(struct bench *b, const struct bench_load *l,
			  unsigned int msecs)
{
	struct bench_par par = { .b = b, .txn = bench_txn(l->region) };
	unsigned int cfg, i;
	char name[80];
	u64 val;

	snprintf(name, sizeof(name), "%s", l->name);
	if (!bench_wanted(b, "threads"))
		return;
	bench_env_print(b->env, "\n" BENCH_THR_RULE);
	bench_env_print(b->env, "%-26s %-10s %10s %10s %10s %10s  %s\n",
			"threads", "caches", "1T kop/s", "2T kop/s",
			"1T kop/cpu", "2T kop/cpu", "2 threads / 1");
	bench_env_print(b->env, BENCH_THR_RULE);
	if (!bench_par_run(b, "no SMMU: spin", "-", msecs, bench_spin_thread,
			   NULL)) {
		bench_env_print(b->env, "%-26s %-10s %10s %10s %10s %10s  %s\n",
				name, "-", "n/a", "n/a", "n/a", "n/a",
				"one thread only here");
		bench_env_print(b->env, BENCH_THR_RULE);
		return;
	}
	bench_make_seq(b, l);
	for (cfg = 0; cfg < CFG_NR; cfg++) {
		if (!bench_cfg_wanted(b, cfg))
			continue;
		par.hw = bench_hw(b, cfg, l->tlb_entries);
		if (!par.hw)
			return;
		for (i = 0; i < b->seq_len; i++)
			swsmmu_hw_access(par.hw, &par.txn, b->seq[i], &val,
					 sizeof(val));
		bench_par_run(b, name, bench_cfg_names[cfg], msecs,
			      bench_par_thread, &par);
		bench_env_hw_destroy(b->env, par.hw);
	}
	bench_env_print(b->env, BENCH_THR_RULE);
}

/* ---------------------------------------------------------------------- */
/* The run                                                                */
/* ---------------------------------------------------------------------- */

static const struct swsmmu_hw_features bench_features = {
	.sid_bits = 8, .ssid_bits = BENCH_MULTI_CDMAX, .oas = PA_SIZE_48,
	.cmdq_bits = 8, .evtq_bits = 8,
	.s1 = true, .s2 = true, .gran4k = true,
	.asid16 = true, .vmid16 = true,
};

/**
 * bench_run() - build the structures, run every workload, print the table
 * @env: the environment
 * @scale: sizes and durations
 * @only: run only workloads whose name starts with this (NULL: all)
 *
 * Prints the results table and one TAP line per correctness check.
 *
 * Return: the number of failed checks, or -ENOMEM.
 */
int bench_run(struct bench_env *env, enum bench_scale scale, const char *only)
{
	struct bench b = {
		.env = env, .scale = scale, .only = only, .feat = bench_features,
		.rng = 0x9e3779b97f4a7c15ULL,
	};
	static const unsigned int hit_full[] = { 1, 1024, 65536, 1048576 };
	static const unsigned int hit_quick[] = { 1, 1024, 16384 };
	static const unsigned int hit_kernel[] = { 1, 1024, 4096 };
	const unsigned int *hits = scale == BENCH_FULL ? hit_full :
				   scale == BENCH_QUICK ? hit_quick : hit_kernel;
	unsigned int nr_hits = scale == BENCH_FULL ? ARRAY_SIZE(hit_full) :
			       ARRAY_SIZE(hit_quick);
	struct bench_load l;
	char names[4][32], cold[48];
	unsigned int i, threads_ms;
	int ret;

	b.main_pages = hits[nr_hits - 1];
	b.cold_pages = scale == BENCH_FULL ? 65536 :
		       scale == BENCH_QUICK ? 2048 : 512;
	b.blocks = scale == BENCH_KERNEL ? 128 : 1024;
	b.nest_pages = scale == BENCH_KERNEL ? 128 : 1024;
	b.samples = scale == BENCH_FULL ? 2000 :
		    scale == BENCH_QUICK ? 100 : 30;
	b.verify = scale == BENCH_KERNEL ? 256 : 4096;
	threads_ms = scale == BENCH_FULL ? 1000 : 100;
	b.seq_cap = max(b.main_pages, b.cold_pages);
	b.seq = kvmalloc_array(b.seq_cap, sizeof(*b.seq), GFP_KERNEL);
	b.times = kvmalloc_array(max(b.samples, 1000U), sizeof(*b.times),
				 GFP_KERNEL);
	ret = -ENOMEM;
	if (!b.seq || !b.times)
		goto out;
	ret = bench_build(&b);
	if (ret)
		goto out;

	bench_env_print(env, "# ns per translation (an 8-byte swsmmu_hw_access()), batches of %u\n",
			BENCH_BATCH);
	bench_env_print(env, BENCH_RULE);
	bench_env_print(env, BENCH_ROW, "workload", "caches", "ns median",
			"ns p99", "insn/op", "hit %", "walk/op", "notes");
	bench_env_print(env, BENCH_RULE);

	for (i = 0; i < nr_hits; i++) {
		if (hits[i] >= 1024)
			snprintf(names[i], sizeof(names[i]), "hit-%uK",
				 hits[i] / 1024);
		else
			snprintf(names[i], sizeof(names[i]), "hit-%u", hits[i]);
		l = (struct bench_load) {
			.name = names[i], .region = R_MAIN, .nr = hits[i],
			.tlb_entries = max(hits[i], 65536U),
			.note = "4KB pages, random, 4-level S1",
			.parts = hits[i] == 1024,
		};
		bench_load(&b, &l);
	}

	l = (struct bench_load) {
		.name = "hit-1 x 64 devices", .region = R_DEVS,
		.nr = BENCH_DEVICES, .tlb_entries = 65536,
		.note = "64 StreamIDs, 1 page each, round robin",
	};
	bench_load(&b, &l);

	/* The shapes of the seed project's benchmark, to compare like for like */
	l = (struct bench_load) {
		.name = "seed-shape: 1 page", .region = R_MAIN, .nr = 1,
		.tlb_entries = 65536, .note = "one page, random offsets",
	};
	bench_load(&b, &l);
	l = (struct bench_load) {
		.name = "seed-shape: 1000 cycled", .region = R_MAIN,
		.nr = 1000, .cycle = true, .tlb_entries = 65536,
		.note = "1,000 pages in one cycle; TLB off: IOTLB off row",
	};
	bench_load(&b, &l);

	l = (struct bench_load) {
		.name = "miss-hot (4 levels)", .region = R_MAIN,
		.nr = min(4096U, b.main_pages),
		.cycle = true, .tlb_entries = BENCH_MISS_TLB,
		.note = "pages cycled, 64-entry IOTLB: walk+fill",
	};
	bench_load(&b, &l);

	snprintf(cold, sizeof(cold), "%u pages, %u MiB of L3 tables",
		 b.cold_pages, b.cold_pages / 256);
	l = (struct bench_load) {
		.name = "miss-cold (4 levels)", .region = R_COLD,
		.nr = b.cold_pages, .cycle = true,
		.tlb_entries = BENCH_MISS_TLB, .note = cold,
	};
	bench_load(&b, &l);

	l = (struct bench_load) {
		.name = "block-2M", .region = R_BLOCK, .nr = b.blocks,
		.tlb_entries = 65536, .note = "2MB blocks at level 2, random",
	};
	bench_load(&b, &l);

	l = (struct bench_load) {
		.name = "nested S1+S2", .region = R_NEST, .nr = b.nest_pages,
		.tlb_entries = 65536,
		.note = "4-level S1 over 3-level S2, 4KB",
	};
	bench_load(&b, &l);

	bench_tlbi(&b, scale == BENCH_FULL ? 256 :
		   scale == BENCH_QUICK ? 64 : 16);
	if (scale == BENCH_FULL)
		bench_tlbi(&b, 4096);
	bench_floor(&b, 65536);
	if (scale == BENCH_FULL)
		bench_floor(&b, 1 << 20);

	l = (struct bench_load) {
		.name = names[min(2U, nr_hits - 1)], .region = R_MAIN,
		.nr = hits[min(2U, nr_hits - 1)], .tlb_entries = 65536,
	};
	bench_env_print(env, BENCH_RULE);
	bench_threads(&b, &l, threads_ms);
	bench_env_print(env, "# threads: kilo-translations per second, wall and CPU\n");
	bench_env_print(env, "1..%u\n", b.nr_tests);
	ret = b.nr_failed;
out:
	kvfree(b.seq);
	kvfree(b.times);
	return ret;
}
