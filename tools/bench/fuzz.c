// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu-fuzz: the translation core on memory full of fuzz bytes.
 *
 * A libFuzzer target (clang -fsanitize=fuzzer,address,undefined), or, built
 * with -DBENCH_FUZZ_STANDALONE, a plain program that feeds it random inputs
 * for a given number of seconds.  Each input makes a new instance (small
 * IOTLB and configuration cache) over a 256KB arena of "physical memory"
 * at PA FZ_ARENA_PA, and either
 *  - fills the whole arena with the input's bytes (raw mode), or
 *  - builds valid structures there (Stream table, CD table, 4-level
 *    stage-1 tables, stage-2 tables, data pages) and XORs input bytes into
 *    chosen qwords of them (patch mode),
 * then runs up to 32 steps: transactions (swsmmu_hw_translate() and an
 * 8-byte swsmmu_hw_access(), read or write) with fuzzed StreamID,
 * SubstreamID, attributes and address, and TLBI/CFGI invalidations with
 * fuzzed operands.  It must never crash, trip a sanitizer or a WARN; and
 * every result must be a translation (no event, a page or block size) or
 * a fault (an event record, or a silent termination).
 */
#include "include/compat.h"
#include "../../drivers/model/model.h"

#define FZ_ARENA_PA	0x10000ULL
#define FZ_PAGES	64
#define FZ_PAGE		4096
#define FZ_PA(page)	(FZ_ARENA_PA + (u64)(page) * FZ_PAGE)

/* Patch-mode layout, in arena pages */
enum {
	P_ST, P_CD, P_S1L0, P_S1L1, P_S1L2, P_S1L3, P_S2L1, P_S2L2, P_S2L3,
	P_DATA = 16,
};

static unsigned char fz_arena[FZ_PAGES * FZ_PAGE] __aligned(4096);

/**
 * struct fz - the input, consumed from the front
 * @p: next byte
 * @n: bytes left
 */
struct fz {
	const u8 *p;
	size_t n;
};

static u8 fz_u8(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

static u64 fz_bytes(struct fz *f, unsigned int n)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (u64)fz_u8(f) << (8 * i);
	return v;
}

static __le64 *fz_q(unsigned int page, unsigned int idx)
{
	return (__le64 *)(fz_arena + page * FZ_PAGE) + idx;
}

static void fz_set(unsigned int page, unsigned int idx, u64 v)
{
	*fz_q(page, idx) = cpu_to_le64(v);
}

/* Valid structures for every kind of stream, as a driver would write */
static void fz_baseline(void)
{
	u64 q0, s2q2;
	unsigned int i;

	/* STE 0: stage 1, 64 CDs; 1: stage 2; 2: nested; 3: bypass */
	fz_set(P_ST, 0, STRTAB_STE_0_V |
	       FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_S1_TRANS) |
	       (FZ_PA(P_CD) & STRTAB_STE_0_S1CTXPTR) |
	       FIELD_PREP(STRTAB_STE_0_S1CDMAX, 6));
	fz_set(P_ST, 1, FIELD_PREP(STRTAB_STE_1_S1DSS,
				   STRTAB_STE_1_S1DSS_SSID0));
	s2q2 = FIELD_PREP(STRTAB_STE_2_S2VMID, 3) |
	       FIELD_PREP(STRTAB_STE_2_S2T0SZ, 25) |
	       FIELD_PREP(STRTAB_STE_2_S2SL0, STRTAB_STE_2_S2SL0_4K_L1) |
	       FIELD_PREP(STRTAB_STE_2_S2TG, SWSMMU_TCR_TG0_4K) |
	       FIELD_PREP(STRTAB_STE_2_S2PS, PA_SIZE_48) |
	       STRTAB_STE_2_S2AA64 | STRTAB_STE_2_S2R;
	fz_set(P_ST, 8, STRTAB_STE_0_V |
	       FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_S2_TRANS));
	fz_set(P_ST, 10, s2q2);
	fz_set(P_ST, 11, FZ_PA(P_S2L1));
	fz_set(P_ST, 16, STRTAB_STE_0_V |
	       FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_NESTED) |
	       (FZ_PA(P_CD) & STRTAB_STE_0_S1CTXPTR) |
	       FIELD_PREP(STRTAB_STE_0_S1CDMAX, 6));
	fz_set(P_ST, 17, FIELD_PREP(STRTAB_STE_1_S1DSS,
				    STRTAB_STE_1_S1DSS_SSID0));
	fz_set(P_ST, 18, s2q2 | FIELD_PREP(STRTAB_STE_2_S2VMID, 4));
	fz_set(P_ST, 19, FZ_PA(P_S2L1));
	fz_set(P_ST, 24, STRTAB_STE_0_V |
	       FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_BYPASS));

	for (i = 0; i < 64; i++) {
		q0 = FIELD_PREP(CTXDESC_CD_0_TCR_T0SZ, 16) |
		     FIELD_PREP(CTXDESC_CD_0_TCR_TG0, SWSMMU_TCR_TG0_4K) |
		     CTXDESC_CD_0_TCR_EPD1 | CTXDESC_CD_0_V |
		     FIELD_PREP(CTXDESC_CD_0_TCR_IPS, PA_SIZE_48) |
		     CTXDESC_CD_0_AA64 | CTXDESC_CD_0_R | CTXDESC_CD_0_A |
		     FIELD_PREP(CTXDESC_CD_0_ASID, i);
		fz_set(P_CD, i * CTXDESC_CD_DWORDS, q0);
		fz_set(P_CD, i * CTXDESC_CD_DWORDS + 1, FZ_PA(P_S1L0));
	}

	/* Stage 1: VA page i (i < 48) -> data page i, nG, EL0 read/write */
	fz_set(P_S1L0, 0, FZ_PA(P_S1L1) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	fz_set(P_S1L1, 0, FZ_PA(P_S1L2) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	fz_set(P_S1L2, 0, FZ_PA(P_S1L3) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	fz_set(P_S1L2, 1, (FZ_PA(0) & ~0x1fffffULL) | SWSMMU_PTE_AF | SWSMMU_PTE_VALID);
	for (i = 0; i < FZ_PAGES - P_DATA; i++)
		fz_set(P_S1L3, i, FZ_PA(P_DATA + i) | SWSMMU_PTE_AF | SWSMMU_PTE_S1_NG |
		       FIELD_PREP(SWSMMU_PTE_S1_AP, SWSMMU_PTE_S1_AP_UNPRIV) | SWSMMU_PTE_TYPE |
		       SWSMMU_PTE_VALID);

	/* Stage 2: IPA = PA for the whole arena (the first 2MB) */
	fz_set(P_S2L1, 0, FZ_PA(P_S2L2) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	fz_set(P_S2L2, 0, FZ_PA(P_S2L3) | SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
	for (i = 0; i < 512; i++)
		fz_set(P_S2L3, i, (u64)i * FZ_PAGE | SWSMMU_PTE_AF |
		       FIELD_PREP(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_READ |
				  SWSMMU_PTE_S2_AP_WRITE) |
		       SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID);
}

/* Every outcome is a translation or a fault, never both or neither */
static void fz_check(int ret, const struct swsmmu_xlate *xl)
{
	bool event = xl->event[0] || xl->event[1] || xl->event[2] ||
		     xl->event[3];

	if (!ret && (event || xl->silent || !xl->size ||
		     (xl->size & (xl->size - 1)) || xl->size < 4096))
		compat_warn(__FILE__, __LINE__, "translation with a fault");
	if (ret && ret != -EFAULT)
		compat_warn(__FILE__, __LINE__, "unexpected error");
	if (ret && !event && !xl->silent)
		compat_warn(__FILE__, __LINE__, "fault without an event");
	if (event && !FIELD_GET(EVTQ_0_ID, xl->event[0]))
		compat_warn(__FILE__, __LINE__, "event without an ID");
}

static void fz_tlbi(struct swsmmu_hw *hw, struct fz *f)
{
	static const u8 shifts[] = { 0, 12, 14, 16 };
	struct hw_tlbi t = {
		.op = fz_u8(f) % (HW_TLBI_NSNH_ALL + 1),
		.leaf = fz_u8(f) & 1,
		.asid = fz_bytes(f, 2),
		.vmid = fz_bytes(f, 2),
		.addr = fz_bytes(f, 8) & ~0xfffULL,
		.tg = fz_u8(f) & 3,
	};

	if (t.tg) {
		t.tg_shift = shifts[t.tg];
		t.num = fz_u8(f) & 31;
		t.scale = fz_u8(f) & 31;
		t.ttl = fz_u8(f) & 3;
		t.size = (u64)(t.num + 1) << (t.scale + t.tg_shift);
	}
	swsmmu_hw_tlb_invalidate(hw, &t);
}

static void fz_cfgi(struct swsmmu_hw *hw, struct fz *f)
{
	struct hw_cfgi c = {
		.op = fz_u8(f) % (HW_CFGI_CD_ALL + 1),
		.leaf = fz_u8(f) & 1,
		.sid = fz_bytes(f, 4),
		.ssid = fz_bytes(f, 4),
		.nr_sids = 1,
	};
	unsigned int range = fz_u8(f) & 31;

	if (c.op == HW_CFGI_STE_RANGE) {
		c.nr_sids = 2ULL << range;
		c.sid &= ~(u32)(c.nr_sids - 1);
	} else if (c.op == HW_CFGI_ALL) {
		c.sid = 0;
		c.nr_sids = 1ULL << 32;
	}
	hw_cfgcache_invalidate(hw, &c);
}

static struct swsmmu_hw *fz_hw(struct fz *f)
{
	u8 a = fz_u8(f), b = fz_u8(f);
	struct swsmmu_hw *hw = calloc(1, sizeof(*hw));

	if (!hw)
		return NULL;
	hw->feat = (struct swsmmu_hw_features) {
		.sid_bits = 1 + (b & 31), .ssid_bits = (a >> 4) & 15,
		.oas = (a & 1) ? PA_SIZE_52 : PA_SIZE_48,
		.cmdq_bits = 8, .evtq_bits = 8,
		.st_2lvl = a & 2, .cd_2lvl = a & 4, .s1 = true, .s2 = true,
		.gran4k = true, .gran16k = a & 8, .gran64k = b & 32,
		.asid16 = b & 64, .vmid16 = true, .stall = b & 128,
		.httu_access = a & 0x80,
	};
	spin_lock_init(&hw->reg_lock);
	spin_lock_init(&hw->cmdq_lock);
	hw->inflight = alloc_percpu(unsigned long);
	hw->stats = alloc_percpu(struct hw_stats);
	if (!hw->inflight || !hw->stats || swsmmu_hw_tlb_init(hw, 32) ||
	    swsmmu_hw_cfgcache_init(hw, 8, true))
		abort();
	hw->cr0 = CR0_SMMUEN;
	hw->gbpa = fz_u8(f) & 1 ? GBPA_ABORT : 0;
	return hw;
}

static void fz_hw_destroy(struct swsmmu_hw *hw)
{
	swsmmu_hw_cfgcache_destroy(hw);
	swsmmu_hw_tlb_destroy(hw);
	free_percpu(hw->stats);
	free_percpu(hw->inflight);
	free(hw);
}

static bool fz_ready;

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { .p = data, .n = size };
	struct swsmmu_xlate xl;
	struct swsmmu_txn txn;
	struct swsmmu_hw *hw;
	unsigned int mode, step, i, qw;
	u64 iova, val;
	int ret;

	if (!fz_ready) {
		compat_arena_pa = FZ_ARENA_PA;
		compat_arena_size = sizeof(fz_arena);
		compat_arena = fz_arena;
		compat_thread_init(0);
		fz_ready = true;
	}

	mode = fz_u8(&f);
	hw = fz_hw(&f);
	if (!hw)
		return 0;
	memset(fz_arena, 0, sizeof(fz_arena));
	if (mode & 1) {
		/* raw: the arena is the input (repeated), base from it too */
		for (i = 0; i < sizeof(fz_arena) && size; i++)
			fz_arena[i] = data[i % size];
		hw->strtab_base = fz_bytes(&f, 8);
		hw->strtab_base_cfg = fz_bytes(&f, 4);
	} else {
		fz_baseline();
		hw->strtab_base = FZ_PA(P_ST);
		hw->strtab_base_cfg = FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, 6);
		if (mode & 2)
			hw->strtab_base_cfg = fz_bytes(&f, 4);
		/* XOR patches into any qword of the structures */
		for (i = fz_u8(&f) % 16; i; i--) {
			qw = fz_bytes(&f, 2) % (P_DATA * FZ_PAGE / 8);
			*((__le64 *)fz_arena + qw) ^= cpu_to_le64(fz_bytes(&f, 8));
		}
	}

	for (step = 0; step < 32 && f.n; step++) {
		switch (fz_u8(&f) & 7) {
		case 0:
			fz_tlbi(hw, &f);
			continue;
		case 1:
			fz_cfgi(hw, &f);
			continue;
		default:
			break;
		}
		txn = (struct swsmmu_txn) {
			.sid = fz_u8(&f) % 8,
			.ssid = fz_u8(&f),
			.flags = fz_u8(&f) & 15,
		};
		iova = fz_bytes(&f, 4) & 0xffffff8;
		if (txn.flags & 8 && fz_u8(&f) & 1)
			iova |= fz_bytes(&f, 4) << 28;
		fz_check(swsmmu_hw_translate(hw, &txn, iova, &xl), &xl);
		val = 0;
		ret = swsmmu_hw_access(hw, &txn, iova, &val, sizeof(val));
		if (ret && ret != -EFAULT && ret != -EIO)
			compat_warn(__FILE__, __LINE__, "access error");
	}
	fz_hw_destroy(hw);
	return 0;
}

#ifdef BENCH_FUZZ_STANDALONE
#include <time.h>

/* Without libFuzzer: random inputs of random sizes for argv[1] seconds */
int main(int argc, char **argv)
{
	unsigned int seconds = argc > 1 ? atoi(argv[1]) : 10;
	time_t end = time(NULL) + seconds;
	u64 x = 0x2545f4914f6cdd1dULL, n = 0;
	static u8 buf[4096];
	size_t len, i;

	while (time(NULL) < end) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % sizeof(buf);
		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = x;
		}
		LLVMFuzzerTestOneInput(buf, len);
		n++;
	}
	printf("swsmmu-fuzz: %llu random inputs, no crash\n", n);
	return 0;
}
#endif
