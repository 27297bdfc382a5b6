// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for hardware dirty state (issue 15): the model's HTTU dirty
 * update (drivers/model/walk.c, IDR0.HTTU == 2), the driver's tables with
 * DBM and swsmmu_pgtable_read_and_clear_dirty() (drivers/iommu/pgtable.c),
 * and the driver's iommufd entry points (drivers/iommu/domain.c, smmu.c).
 *
 * The model and the driver's tables meet here without the IOMMU core: each
 * case makes a model instance of its own (with or without HTTU == 2), maps
 * the driver's tables with its own CD or STE (the driver's builders), and
 * makes the "device" access them with swsmmu_hw_access().  The invalidation
 * the driver's ->iotlb_sync() would send for a gather is sent to the
 * model's IOTLB directly, range for range.
 *
 * read_and_clear_dirty reports to an iova_bitmap, which iova_bitmap_alloc()
 * only builds over user memory; so the cases pass the table walk a recorder
 * of their own (the walk's record callback), and the iova_bitmap path is
 * left to the iommufd kselftest.  Known answers are the cases' own lists of
 * which pages they mapped writable and which the device wrote, never the
 * descriptors.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/iommu.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <uapi/linux/iommufd.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "model/model.h"
#include "iommu/pgtable.h"
#include "iommu/entry.h"
#include "iommu/swsmmu.h"
#include "board/board.h"
#include "client.h"

#define DT_SID		1
#define DT_ST_LOG2	5
#define DT_ASID		7
#define DT_VMID		9
#define DT_IAS		48
#define DT_PAGES	8		/* pages of the data buffer */
#define DT_IOVA_PG	0x100000000ULL	/* the pages' IOVAs */
#define DT_IOVA_BLK	0x8000000000ULL	/* the block's (512 GiB, any size) */
#define DT_TOKEN	0x4449525459000000ULL	/* "DIRTY" */

struct dt {
	struct kunit *test;
	struct swsmmu_hw *hw;
	struct swsmmu_pgtable *pgt;
	u8 stage;
	u8 g;
	__le64 *st;
	struct swsmmu_cd *cd;
	struct page *buf;	/* the mapped memory: DT_PAGES granules */
	unsigned int buf_order;
	phys_addr_t buf_pa;
};

/* The cases' parameters: stage and granule */
struct dt_param {
	u8 stage;
	u8 g;
	const char *name;
};

static const struct dt_param dt_params[] = {
	{ 1, 12, "s1-4k" }, { 1, 14, "s1-16k" }, { 1, 16, "s1-64k" },
	{ 2, 12, "s2-4k" }, { 2, 14, "s2-16k" }, { 2, 16, "s2-64k" },
};

KUNIT_ARRAY_PARAM_DESC(dt, dt_params, name);

static const struct dt_param dt_race_params[] = {
	{ 1, 12, "s1-4k" }, { 2, 12, "s2-4k" },
};

KUNIT_ARRAY_PARAM_DESC(dt_race, dt_race_params, name);

static void dt_destroy(void *data)
{
	struct dt *dt = data;

	swsmmu_hw_write32(dt->hw, SMMU_CR0, 0);
	swsmmu_hw_destroy(dt->hw);
	swsmmu_pgtable_free(dt->pgt);
	__free_pages(dt->buf, dt->buf_order);
}

static void *dt_zalloc(struct kunit *test, size_t size)
{
	void *p = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED(virt_to_phys(p), size));
	return p;
}

/*
 * An enabled instance with the driver's tables of @stage and granule 2^@g
 * (with DBM when @dbm) behind StreamID DT_SID.  @httu_dirty: IDR0.HTTU 2,
 * else 1; @hd: the CD's HA and HD (or the STE's S2HA and S2HD).  Faults
 * are not recorded (CD.R, STE.S2R clear): an access that faults fails.
 */
static struct dt *dt_create(struct kunit *test, u8 stage, u8 g,
			    bool httu_dirty, bool hd, bool dbm)
{
	struct swsmmu_hw_features feat = {
		.sid_bits = 8, .ssid_bits = 0, .oas = PA_SIZE_48,
		.cmdq_bits = 8, .evtq_bits = 8,
		.s1 = true, .s2 = true,
		.gran4k = true, .gran16k = true, .gran64k = true,
		.asid16 = true, .vmid16 = true,
		.httu_access = true, .httu_dirty = httu_dirty,
	};
	struct swsmmu_pgtable_cfg cfg = {
		.stage = stage, .granule_shift = g, .ias = DT_IAS, .oas = 48,
		.dbm = dbm,
	};
	struct swsmmu_ste ste;
	struct dt *dt;

	dt = kunit_kzalloc(test, sizeof(*dt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dt);
	dt->test = test;
	dt->stage = stage;
	dt->g = g;
	dt->buf_order = get_order(DT_PAGES << g);
	dt->buf = alloc_pages(GFP_KERNEL | __GFP_ZERO, dt->buf_order);
	KUNIT_ASSERT_NOT_NULL(test, dt->buf);
	dt->buf_pa = page_to_phys(dt->buf);
	dt->pgt = swsmmu_pgtable_alloc(&cfg, GFP_KERNEL);
	if (IS_ERR(dt->pgt)) {
		__free_pages(dt->buf, dt->buf_order);
		KUNIT_FAIL_AND_ABORT(test, "swsmmu_pgtable_alloc: %ld",
				     PTR_ERR(dt->pgt));
	}
	dt->hw = swsmmu_hw_create("kunit-dirty", &feat);
	if (IS_ERR_OR_NULL(dt->hw)) {
		swsmmu_pgtable_free(dt->pgt);
		__free_pages(dt->buf, dt->buf_order);
		KUNIT_FAIL_AND_ABORT(test, "swsmmu_hw_create failed");
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, dt_destroy, dt),
			0);
	swsmmu_hw_tlb_destroy(dt->hw);
	KUNIT_ASSERT_EQ(test, swsmmu_hw_tlb_init(dt->hw, 256), 0);

	dt->st = dt_zalloc(test, BIT(DT_ST_LOG2) * STRTAB_STE_SIZE);
	if (stage == 1) {
		struct swsmmu_cd_params p = {
			.ttb0 = swsmmu_pgtable_root(dt->pgt),
			.t0sz = swsmmu_pgtable_tsz(dt->pgt),
			.tg0 = swsmmu_pgtable_tg(dt->pgt),
			.ips = swsmmu_pgtable_ps(dt->pgt),
			.asid = DT_ASID,
			.mair = swsmmu_pgtable_mair(dt->pgt),
			.ha = hd, .hd = hd,
		};

		dt->cd = dt_zalloc(test, sizeof(*dt->cd));
		swsmmu_cd_s1(dt->cd, &p);
		swsmmu_ste_s1(&ste, virt_to_phys(dt->cd), 0, 0,
			      STRTAB_STE_1_S1DSS_TERMINATE, false);
	} else {
		struct swsmmu_s2_params p = {
			.vttb = swsmmu_pgtable_root(dt->pgt),
			.vmid = DT_VMID,
			.t0sz = swsmmu_pgtable_tsz(dt->pgt),
			.sl0 = swsmmu_pgtable_s2_sl0(dt->pgt),
			.tg = swsmmu_pgtable_tg(dt->pgt),
			.ps = swsmmu_pgtable_ps(dt->pgt),
			.ha = hd, .hd = hd,
		};

		swsmmu_ste_s2(&ste, &p);
	}
	memcpy(dt->st + DT_SID * STRTAB_STE_DWORDS, ste.data, sizeof(ste));

	swsmmu_hw_write64(dt->hw, SMMU_STRTAB_BASE, virt_to_phys(dt->st));
	swsmmu_hw_write32(dt->hw, SMMU_STRTAB_BASE_CFG,
			  FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, DT_ST_LOG2));
	swsmmu_hw_write32(dt->hw, SMMU_CR0, CR0_SMMUEN);
	return dt;
}

static size_t dt_gran(const struct dt *dt)
{
	return BIT(dt->g);
}

/* Map @count granules from IOVA page @first onwards to the buffer's pages */
static void dt_map(struct dt *dt, unsigned int first, unsigned int count,
		   int prot)
{
	size_t mapped = 0;

	KUNIT_ASSERT_EQ(dt->test, 0,
			swsmmu_pgtable_map(dt->pgt,
					   DT_IOVA_PG + first * dt_gran(dt),
					   dt->buf_pa + first * dt_gran(dt),
					   dt_gran(dt), count, prot, GFP_KERNEL,
					   &mapped));
	KUNIT_ASSERT_EQ(dt->test, mapped, count * dt_gran(dt));
}

/* One 8-byte device access at @iova: 0, or the error of a fault */
static int dt_access(struct dt *dt, u64 iova, bool write, u64 *val)
{
	return swsmmu_tc_dma(dt->hw, DT_SID, iova, val, sizeof(*val), write);
}

static int dt_write(struct dt *dt, u64 iova, u64 val)
{
	return dt_access(dt, iova, true, &val);
}

static int dt_read(struct dt *dt, u64 iova)
{
	u64 val;

	return dt_access(dt, iova, false, &val);
}

/*
 * What ->iotlb_sync() sends for a gather: TLBI by address over the range,
 * one per granule (by ASID or VMID beyond 64 of them, as the driver does
 * for large ranges without range invalidation).
 */
static void dt_sync(struct dt *dt, struct iommu_iotlb_gather *gather)
{
	struct hw_tlbi t = { .leaf = true, .asid = DT_ASID };
	u64 a;

	/* A stage-1-only stream's translations are tagged VMID 0 */
	if (dt->stage == 2)
		t.vmid = DT_VMID;

	if (gather->end < gather->start)
		return;
	if ((gather->end - gather->start) >> dt->g >= 64) {
		t.op = dt->stage == 1 ? HW_TLBI_NH_ASID : HW_TLBI_S12_VMALL;
		swsmmu_hw_tlb_invalidate(dt->hw, &t);
	} else {
		t.op = dt->stage == 1 ? HW_TLBI_NH_VA : HW_TLBI_S2_IPA;
		for (a = gather->start; a <= gather->end; a += dt_gran(dt)) {
			t.addr = a;
			swsmmu_hw_tlb_invalidate(dt->hw, &t);
		}
	}
	iommu_iotlb_gather_init(gather);
}

/* A recorder: granule bits from @base, and anything outside is an error */
struct dt_rec {
	u64 base;
	unsigned int g;
	unsigned long nbits;
	unsigned long *bits;
	unsigned int calls;
	bool outside;
};

static void dt_record(void *opaque, unsigned long iova, size_t size)
{
	struct dt_rec *r = opaque;
	u64 a;

	r->calls++;
	if (iova < r->base || !IS_ALIGNED(iova | size, BIT(r->g)) || !size) {
		r->outside = true;
		return;
	}
	for (a = iova; a < iova + size; a += BIT(r->g)) {
		if (((a - r->base) >> r->g) >= r->nbits)
			r->outside = true;
		else
			__set_bit((a - r->base) >> r->g, r->bits);
	}
}

static struct dt_rec *dt_rec_new(struct dt *dt, u64 base, unsigned long nbits)
{
	struct dt_rec *r = kunit_kzalloc(dt->test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(dt->test, r);
	r->base = base;
	r->g = dt->g;
	r->nbits = nbits;
	r->bits = kunit_kcalloc(dt->test, BITS_TO_LONGS(nbits),
				sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(dt->test, r->bits);
	return r;
}

/*
 * read_and_clear_dirty of [@iova, @iova + @size) into @r (emptied first),
 * then the invalidation of what it cleared; the walk must succeed.
 */
static void dt_rac(struct dt *dt, struct dt_rec *r, u64 iova, u64 size,
		   unsigned long flags)
{
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	bitmap_zero(r->bits, r->nbits);
	r->outside = false;
	KUNIT_ASSERT_EQ(dt->test, 0,
			swsmmu_pgtable_read_and_clear_dirty(dt->pgt, iova, size,
							    flags, dt_record,
							    r, &gather));
	KUNIT_EXPECT_FALSE(dt->test, r->outside);
	if (flags & IOMMU_DIRTY_NO_CLEAR)
		KUNIT_EXPECT_GT(dt->test, gather.start, gather.end);
	dt_sync(dt, &gather);
}

/* The recorder holds exactly the pages whose bits are set in @want */
static void dt_expect(struct dt *dt, const struct dt_rec *r, unsigned long want,
		      const char *what)
{
	unsigned long got = 0;
	unsigned int i;

	for (i = 0; i < min(r->nbits, BITS_PER_LONG); i++)
		if (test_bit(i, r->bits))
			got |= BIT(i);
	KUNIT_EXPECT_EQ_MSG(dt->test, got, want, "%s", what);
	KUNIT_EXPECT_EQ_MSG(dt->test, bitmap_weight(r->bits, r->nbits),
			    hweight_long(want), "%s", what);
}

static u64 dt_pg(const struct dt *dt, unsigned int i)
{
	return DT_IOVA_PG + ((u64)i << dt->g);
}

/* ---------------------------------------------------------------------- */
/* Cases                                                                  */
/* ---------------------------------------------------------------------- */

/*
 * Pages 0, 1, 3 read-write, 2 read-only, 4 unmapped.  Dirty state changes
 * only when the device writes a writable page: new writable leaves start
 * dirty (they may have been written), reads, faulting writes and writes to
 * the read-only page change nothing; NO_CLEAR reports without clearing;
 * a page read (so cached read-only) and then written is dirty.
 */
static void dirty_writes_only(struct kunit *test)
{
	const struct dt_param *p = test->param_value;
	struct dt *dt = dt_create(test, p->stage, p->g, true, true, true);
	struct dt_rec *r = dt_rec_new(dt, DT_IOVA_PG, DT_PAGES);
	u64 *data = page_address(dt->buf);
	u64 range = DT_PAGES << dt->g;

	dt_map(dt, 0, 2, IOMMU_READ | IOMMU_WRITE);
	dt_map(dt, 2, 1, IOMMU_READ);
	dt_map(dt, 3, 1, IOMMU_READ | IOMMU_WRITE);

	dt_rac(dt, r, DT_IOVA_PG, range, 0);
	dt_expect(dt, r, BIT(0) | BIT(1) | BIT(3), "writable pages start dirty");
	dt_rac(dt, r, DT_IOVA_PG, range, IOMMU_DIRTY_NO_CLEAR);
	dt_expect(dt, r, 0, "clean after the clear");

	KUNIT_EXPECT_EQ(test, dt_read(dt, dt_pg(dt, 0)), 0);
	KUNIT_EXPECT_EQ(test, dt_read(dt, dt_pg(dt, 3) + 8), 0);
	KUNIT_EXPECT_EQ(test, dt_write(dt, dt_pg(dt, 1) + 16, DT_TOKEN), 0);
	KUNIT_EXPECT_NE(test, dt_write(dt, dt_pg(dt, 2), DT_TOKEN), 0);
	KUNIT_EXPECT_NE(test, dt_write(dt, dt_pg(dt, 4), DT_TOKEN), 0);
	KUNIT_EXPECT_NE(test, dt_read(dt, dt_pg(dt, 4)), 0);
	/* The write landed, the refused one did not */
	KUNIT_EXPECT_EQ(test, data[(dt_gran(dt) + 16) / 8], DT_TOKEN);
	KUNIT_EXPECT_EQ(test, data[2 * dt_gran(dt) / 8], 0ULL);

	dt_rac(dt, r, DT_IOVA_PG, range, IOMMU_DIRTY_NO_CLEAR);
	dt_expect(dt, r, BIT(1), "the written page, not cleared");
	dt_rac(dt, r, DT_IOVA_PG, range, IOMMU_DIRTY_NO_CLEAR);
	dt_expect(dt, r, BIT(1), "still dirty after NO_CLEAR");
	dt_rac(dt, r, DT_IOVA_PG, range, 0);
	dt_expect(dt, r, BIT(1), "read and cleared");
	dt_rac(dt, r, DT_IOVA_PG, range, 0);
	dt_expect(dt, r, 0, "nothing after the clear");

	/* Page 0 is in the IOTLB as read-only (read above): a write must dirty it */
	KUNIT_EXPECT_EQ(test, dt_read(dt, dt_pg(dt, 0)), 0);
	KUNIT_EXPECT_EQ(test, dt_write(dt, dt_pg(dt, 0), DT_TOKEN + 1), 0);
	/* Page 1 was cleared and invalidated: its next write dirties it again */
	KUNIT_EXPECT_EQ(test, dt_write(dt, dt_pg(dt, 1), DT_TOKEN + 2), 0);
	KUNIT_EXPECT_EQ(test, dt_write(dt, dt_pg(dt, 1) + 8, DT_TOKEN + 3), 0);
	dt_rac(dt, r, DT_IOVA_PG, range, 0);
	dt_expect(dt, r, BIT(0) | BIT(1), "written again after the clear");
	KUNIT_EXPECT_EQ(test, data[0], DT_TOKEN + 1);
	KUNIT_EXPECT_EQ(test, data[dt_gran(dt) / 8 + 1], DT_TOKEN + 3);

	/* A range that is part of the mapping: only its pages */
	KUNIT_EXPECT_EQ(test, dt_write(dt, dt_pg(dt, 0), 1), 0);
	KUNIT_EXPECT_EQ(test, dt_write(dt, dt_pg(dt, 3), 1), 0);
	dt_rac(dt, r, dt_pg(dt, 1), 3 * dt_gran(dt), 0);
	dt_expect(dt, r, BIT(3), "pages 1-3 of 0 and 3");
	dt_rac(dt, r, DT_IOVA_PG, range, 0);
	dt_expect(dt, r, BIT(0), "page 0 was left alone");
}

/*
 * A block: one write anywhere makes all its pages dirty; a part of it is
 * reported as that part; a read and clear of a range that ends inside the
 * block reports the range and leaves the block dirty for the rest.
 */
static void dirty_block(struct kunit *test)
{
	const struct dt_param *p = test->param_value;
	struct dt *dt = dt_create(test, p->stage, p->g, true, true, true);
	/* 2 MiB with 4 KiB granules, 32 MiB with 16 KiB, 512 MiB with 64 KiB */
	unsigned int bshift = p->g + (p->g - 3);
	u64 bsz = BIT_ULL(bshift), pages = bsz >> p->g;
	u64 pa = ALIGN_DOWN(dt->buf_pa, bsz), off = dt->buf_pa - pa;
	struct dt_rec *r = dt_rec_new(dt, DT_IOVA_BLK, pages);
	size_t mapped = 0;
	u64 *data = page_address(dt->buf);

	/* The block's output covers the buffer; the device only touches that */
	KUNIT_ASSERT_EQ(test, 0,
			swsmmu_pgtable_map(dt->pgt, DT_IOVA_BLK, pa, bsz, 1,
					   IOMMU_READ | IOMMU_WRITE, GFP_KERNEL,
					   &mapped));
	dt_rac(dt, r, DT_IOVA_BLK, bsz, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), pages);
	dt_rac(dt, r, DT_IOVA_BLK, bsz, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), 0);

	KUNIT_EXPECT_EQ(test, dt_read(dt, DT_IOVA_BLK + off), 0);
	dt_rac(dt, r, DT_IOVA_BLK, bsz, IOMMU_DIRTY_NO_CLEAR);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), 0);

	KUNIT_EXPECT_EQ(test, dt_write(dt, DT_IOVA_BLK + off + 24, DT_TOKEN), 0);
	KUNIT_EXPECT_EQ(test, data[3], DT_TOKEN);
	dt_rac(dt, r, DT_IOVA_BLK, bsz, IOMMU_DIRTY_NO_CLEAR);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), pages);

	/* The third quarter, not cleared: exactly its pages */
	dt_rac(dt, r, DT_IOVA_BLK + bsz / 2, bsz / 4, IOMMU_DIRTY_NO_CLEAR);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), pages / 4);
	KUNIT_EXPECT_EQ(test, find_first_bit(r->bits, pages), pages / 2);

	/* The first half, cleared: reported, but the block stays dirty */
	dt_rac(dt, r, DT_IOVA_BLK, bsz / 2, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), pages / 2);
	KUNIT_EXPECT_EQ(test, find_first_zero_bit(r->bits, pages), pages / 2);
	/* The second half: the rest, and now it is clean */
	dt_rac(dt, r, DT_IOVA_BLK + bsz / 2, bsz / 2, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), pages / 2);
	KUNIT_EXPECT_EQ(test, find_first_bit(r->bits, pages), pages / 2);
	dt_rac(dt, r, DT_IOVA_BLK, bsz, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), 0);

	/* Cleared and invalidated: the next write dirties the block again */
	KUNIT_EXPECT_EQ(test, dt_write(dt, DT_IOVA_BLK + off, DT_TOKEN), 0);
	dt_rac(dt, r, DT_IOVA_BLK, bsz, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(r->bits, pages), pages);
}

/*
 * Without dirty state: an SMMU with HTTU == 2 but HA/HD clear in the CD
 * (S2HA/S2HD in the STE) refuses a write to a writable-clean leaf and
 * leaves it clean; an SMMU with HTTU == 1 refuses the CD/STE with HD (the
 * access fails); tables without DBM refuse read_and_clear_dirty, and
 * malformed ranges are refused.
 */
static void dirty_off(struct kunit *test)
{
	const struct dt_param *p = test->param_value;
	struct dt *dt = dt_create(test, p->stage, p->g, true, false, true);
	struct dt_rec *r = dt_rec_new(dt, DT_IOVA_PG, DT_PAGES);
	struct iommu_iotlb_gather gather;
	u64 range = DT_PAGES << dt->g;

	dt_map(dt, 0, 1, IOMMU_READ | IOMMU_WRITE);
	dt_rac(dt, r, DT_IOVA_PG, range, 0);
	dt_expect(dt, r, BIT(0), "mapped dirty");
	KUNIT_EXPECT_EQ(test, dt_read(dt, dt_pg(dt, 0)), 0);
	KUNIT_EXPECT_NE(test, dt_write(dt, dt_pg(dt, 0), DT_TOKEN), 0);
	dt_rac(dt, r, DT_IOVA_PG, range, 0);
	dt_expect(dt, r, 0, "no HD: the refused write left it clean");
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(dt->hw, SMMU_IDR0) & IDR0_HTTU,
			FIELD_PREP(IDR0_HTTU, 2));

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			swsmmu_pgtable_read_and_clear_dirty(dt->pgt, 0, 0, 0,
							    dt_record, r,
							    &gather));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			swsmmu_pgtable_read_and_clear_dirty(dt->pgt,
							    BIT_ULL(DT_IAS),
							    dt_gran(dt), 0,
							    dt_record, r,
							    &gather));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			swsmmu_pgtable_read_and_clear_dirty(dt->pgt,
							    BIT_ULL(DT_IAS) - dt_gran(dt),
							    2 * dt_gran(dt), 0,
							    dt_record, r,
							    &gather));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			swsmmu_pgtable_read_and_clear_dirty(dt->pgt, DT_IOVA_PG,
							    range, 0, dt_record,
							    r, NULL));
	/* Only the first read and clear found anything */
	KUNIT_EXPECT_EQ(test, r->calls, 1U);

	/* HTTU 1: the CD or STE with HD is ILLEGAL, nothing translates */
	dt = dt_create(test, p->stage, p->g, false, true, true);
	dt_map(dt, 0, 1, IOMMU_READ | IOMMU_WRITE);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(dt->hw, SMMU_IDR0) & IDR0_HTTU,
			FIELD_PREP(IDR0_HTTU, 1));
	KUNIT_EXPECT_NE(test, dt_read(dt, dt_pg(dt, 0)), 0);

	/* No DBM: no dirty tracking */
	dt = dt_create(test, p->stage, p->g, true, true, false);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			swsmmu_pgtable_read_and_clear_dirty(dt->pgt, DT_IOVA_PG,
							    range, 0, dt_record,
							    r, &gather));
}

/*
 * The race: a thread makes the device write random pages while the test
 * reads and clears over and over, invalidating after each clear.  A write
 * that began in round k (after round k - 1's invalidation) must be
 * reported by round k or a later one, which the check finds at the round
 * after the write is seen complete.  Dirty state set by the SMMU between
 * the walk's read and its clear, or a write through an IOTLB entry the
 * clear did not invalidate, would break it.
 */
#define DT_RACE_PAGES	64
#define DT_RACE_MS	1500

struct dt_race {
	struct dt *dt;
	atomic_t round;
	/* per page: 1 + the round the latest completed write began in */
	atomic_t pend[DT_RACE_PAGES];
	unsigned long writes;
	unsigned long errors;
};

static int dt_race_writer(void *data)
{
	struct dt_race *rc = data;
	unsigned int i, r0;

	while (!kthread_should_stop()) {
		i = get_random_u32_below(DT_RACE_PAGES);
		r0 = atomic_read(&rc->round);
		if (dt_write(rc->dt, dt_pg(rc->dt, i) + 8 * (r0 % 64), r0))
			rc->errors++;
		atomic_set(&rc->pend[i], r0 + 1);
		rc->writes++;
		if (!(rc->writes % 16))
			cond_resched();
	}
	return 0;
}

static void dirty_race(struct kunit *test)
{
	const struct dt_param *p = test->param_value;
	struct dt *dt = dt_create(test, p->stage, p->g, true, true, true);
	struct dt_rec *r = dt_rec_new(dt, DT_IOVA_PG, DT_RACE_PAGES);
	unsigned int *due, *last, i, lost = 0, first_lost = 0;
	unsigned long end, rounds = 0;
	struct task_struct *task;
	struct dt_race *rc;
	struct page *buf;

	rc = kunit_kzalloc(test, sizeof(*rc), GFP_KERNEL);
	due = kunit_kcalloc(test, DT_RACE_PAGES, sizeof(*due), GFP_KERNEL);
	last = kunit_kcalloc(test, DT_RACE_PAGES, sizeof(*last), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, rc && due && last);
	rc->dt = dt;
	atomic_set(&rc->round, 1);

	/* A buffer as large as the pages: DT_PAGES granules are too few */
	buf = alloc_pages(GFP_KERNEL | __GFP_ZERO,
			  get_order(DT_RACE_PAGES << dt->g));
	KUNIT_ASSERT_NOT_NULL(test, buf);
	__free_pages(dt->buf, dt->buf_order);
	dt->buf = buf;
	dt->buf_order = get_order(DT_RACE_PAGES << dt->g);
	dt->buf_pa = page_to_phys(dt->buf);
	dt_map(dt, 0, DT_RACE_PAGES, IOMMU_READ | IOMMU_WRITE);
	dt_rac(dt, r, DT_IOVA_PG, DT_RACE_PAGES << dt->g, 0);

	task = kthread_run(dt_race_writer, rc, "swsmmu-dirty-race");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	end = jiffies + msecs_to_jiffies(DT_RACE_MS);
	while (time_before(jiffies, end)) {
		unsigned int k = atomic_read(&rc->round);

		dt_rac(dt, r, DT_IOVA_PG, DT_RACE_PAGES << dt->g, 0);
		for (i = 0; i < DT_RACE_PAGES; i++) {
			if (test_bit(i, r->bits))
				last[i] = k;
			/* Seen complete before this round's walk: due now */
			if (due[i] && last[i] + 1 < due[i] && !lost++)
				first_lost = i + 1;
			due[i] = 0;
		}
		/* Writes seen complete now are due after the next walk */
		for (i = 0; i < DT_RACE_PAGES; i++)
			due[i] = atomic_xchg(&rc->pend[i], 0);
		atomic_inc(&rc->round);
		rounds++;
		cond_resched();
	}
	kthread_stop(task);
	/* The last writes: one more round reports them */
	dt_rac(dt, r, DT_IOVA_PG, DT_RACE_PAGES << dt->g, 0);
	for (i = 0; i < DT_RACE_PAGES; i++) {
		unsigned int v = atomic_read(&rc->pend[i]);

		if (test_bit(i, r->bits))
			last[i] = atomic_read(&rc->round);
		if ((due[i] || v) && last[i] + 1 < max(due[i], v) && !lost++)
			first_lost = i + 1;
	}
	kunit_info(test, "%lu writes, %lu rounds of read and clear\n",
		   rc->writes, rounds);
	KUNIT_EXPECT_EQ(test, rc->errors, 0UL);
	KUNIT_EXPECT_GT(test, rc->writes, 100UL);
	KUNIT_EXPECT_GT(test, rounds, 10UL);
	KUNIT_EXPECT_EQ_MSG(test, lost, 0U,
			    "dirty pages lost (first: page %u)", first_lost - 1);
}

/*
 * The driver's iommufd entry points on the board's SMMU: dirty tracking is
 * offered (capable, allocation) exactly when IDR0.HTTU is 2, read from the
 * SMMU; unsupported flags and a parent are refused either way.
 */
#define DT_CLIENT_SID	0x5200

static void dirty_driver_cap(struct kunit *test)
{
	struct swsmmu_tc *c = swsmmu_tc_get(test, DT_CLIENT_SID);
	struct swsmmu_device *smmu = c->smmu;
	struct device *dev = c->dev;
	struct iommu_domain *dom;
	bool hd;

	hd = FIELD_GET(IDR0_HTTU, swsmmu_hw_read32(smmu->hw, SMMU_IDR0)) == 2;
	kunit_info(test, "IDR0.HTTU %s\n", hd ? "2" : "< 2");
	KUNIT_EXPECT_EQ(test, device_iommu_capable(dev, IOMMU_CAP_DIRTY_TRACKING),
			hd);

	dom = swsmmu_domain_alloc_user(dev, IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
				       NULL, NULL);
	if (!hd) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(dom), -EOPNOTSUPP);
	} else {
		KUNIT_ASSERT_FALSE(test, IS_ERR(dom));
		KUNIT_EXPECT_NOT_NULL(test, dom->dirty_ops);
		KUNIT_EXPECT_EQ(test, dom->type, IOMMU_DOMAIN_UNMANAGED);
		KUNIT_EXPECT_EQ(test, dom->dirty_ops->set_dirty_tracking(dom, true), 0);
		dom->ops->free(dom);
	}

	dom = swsmmu_domain_alloc_user(dev, 0, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dom));
	KUNIT_EXPECT_NULL(test, dom->dirty_ops);
	dom->ops->free(dom);

	dom = swsmmu_domain_alloc_user(dev, IOMMU_HWPT_ALLOC_NEST_PARENT,
				       NULL, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dom), -EOPNOTSUPP);
	dom = swsmmu_domain_alloc_user(dev, 0, iommu_get_domain_for_dev(dev),
				       NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dom), -EOPNOTSUPP);
}

static struct kunit_case dirty_cases[] = {
	KUNIT_CASE_PARAM(dirty_writes_only, dt_gen_params),
	KUNIT_CASE_PARAM(dirty_block, dt_gen_params),
	KUNIT_CASE_PARAM(dirty_off, dt_gen_params),
	KUNIT_CASE_PARAM_ATTR(dirty_race, dt_race_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE(dirty_driver_cap),
	{ }
};

static struct kunit_suite dirty_suite = {
	.name = "swsmmu-dirty",
	.test_cases = dirty_cases,
};

kunit_test_suite(dirty_suite);

