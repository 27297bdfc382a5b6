// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: VMSAv8-64 translation table walks (stage 1, stage 2 and
 * stage 1 nested under stage 2) and the permission check of an access
 * against a walk's result.
 *
 * A walk is a pure function of the decoded configuration and of memory.  It
 * takes no lock and keeps no state, so any number of walks may run at once,
 * concurrently with software rewriting the tables.  Each descriptor is
 * fetched exactly once with one single-copy-atomic 64-bit load
 * (hw_read_desc()), from the starting level down in architectural order.
 * The only stores are the hardware updates of the Access flag and of the
 * dirty state (HTTU), one atomic compare-and-swap against the value that
 * was read.
 *
 * Supported: 4KB, 16KB and 64KB granules; input addresses of up to 48 bits;
 * output addresses of up to 48 bits, and of 52 bits with the 64KB granule
 * when the instance implements a 52-bit OAS (OA[51:48] in descriptor bits
 * [15:12], and 4TB level-1 blocks).  Not supported: 52-bit input addresses,
 * the 52-bit layout of the 4KB and 16KB granules (DS), VMSAv8-32 and
 * VMSAv9-128 tables, HAD, E0PD, EPAN and FEAT_XNX; with hardware dirty
 * state, the stage-2 dirty update of a page holding stage-1 tables (the
 * Access flag or dirty update of a nested stage-1 descriptor needs stage 2
 * to grant write there already, or takes a stage-2 Permission fault).
 * Stage 1 is the EL1&0 regime: two VA ranges, privileged and unprivileged
 * permissions.
 */
#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <kunit/visibility.h>
#include "model.h"

/* ---------------------------------------------------------------------- */
/* Geometry                                                               */
/* ---------------------------------------------------------------------- */

#define WALK_LAST_LEVEL		3
#define WALK_MAX_IA_BITS	48
/* T0SZ/T1SZ range without 52-bit VAs or small translation tables */
#define WALK_S1_MIN_TSZ		16
#define WALK_S1_MAX_TSZ		39
/* log2 of the largest number of concatenated stage-2 starting tables */
#define WALK_S2_MAX_CONCAT	4
/*
 * Descriptor updates (Access flag, dirty state) lost to concurrent writers
 * before giving up: the update then fails as F_WALK_EABT, as SMMUv3 allows
 * for a failed HTTU update (the same as an update of a reserved page).
 */
#define WALK_AF_RETRIES		16

/* Stage 1 AP[2] (read-only) and stage 2 S2AP[1] (write) as descriptor bits */
#define WALK_S1_AP_RDONLY	FIELD_PREP(SWSMMU_PTE_S1_AP, SWSMMU_PTE_S1_AP_RDONLY)
#define WALK_S2_AP_WRITE	FIELD_PREP(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_WRITE)

/**
 * struct walk_geo - the shape of one walk
 * @g: log2 of the granule: 12, 14 or 16
 * @ia_bits: size of the input address space in bits
 * @start: starting lookup level
 */
struct walk_geo {
	u8 g;
	u8 ia_bits;
	u8 start;
};

/* Each table is one granule of 8-byte descriptors: it resolves g - 3 bits */
static unsigned int geo_bpl(unsigned int g)
{
	return g - 3;
}

/* Lowest input address bit resolved at @lvl: log2 of a leaf's size there */
static unsigned int geo_shift(unsigned int g, unsigned int lvl)
{
	return g + (WALK_LAST_LEVEL - lvl) * geo_bpl(g);
}

/*
 * Index bits at @lvl.  The starting level resolves everything above its
 * shift: fewer bits than a full table, or (stage 2) more, for concatenated
 * tables.
 */
static unsigned int geo_idx_bits(const struct walk_geo *geo, unsigned int lvl)
{
	if (lvl == geo->start)
		return geo->ia_bits - geo_shift(geo->g, lvl);
	return geo_bpl(geo->g);
}

static u64 geo_index(const struct walk_geo *geo, unsigned int lvl, u64 ia)
{
	return (ia >> geo_shift(geo->g, lvl)) &
	       GENMASK_ULL(geo_idx_bits(geo, lvl) - 1, 0);
}

/* First level of a stage-1 walk: as many levels as @ia_bits needs */
static unsigned int geo_s1_start(unsigned int g, unsigned int ia_bits)
{
	return WALK_LAST_LEVEL - (ia_bits - g - 1) / geo_bpl(g);
}

static bool geo_granule_ok(unsigned int g)
{
	return g == 12 || g == 14 || g == 16;
}

/*
 * Block descriptors: level 2 for every granule, level 1 for 4KB (1GB) and,
 * with 52-bit output addresses, 64KB (4TB); never level 0.
 */
static bool geo_block_ok(unsigned int g, unsigned int lvl, bool lpa)
{
	if (lvl == 2)
		return true;
	return lvl == 1 && (g == 12 || (g == 16 && lpa));
}

/* ---------------------------------------------------------------------- */
/* The walk                                                               */
/* ---------------------------------------------------------------------- */

/**
 * struct walk_ctx - one walk through one stage's tables
 * @hw: the instance
 * @geo: geometry
 * @ia: input address (VA or IPA)
 * @oa_bits: output address size (IPS or S2PS)
 * @lpa: 64KB descriptors carry OA[51:48] in bits [15:12]
 * @affd: Access flag faults disabled
 * @ha: set the Access flag in memory instead of faulting (stage 1 HTTU)
 * @hd: make a writable-clean leaf writable-dirty on a write (HD, S2HD)
 * @acc: stage 1: HW_ACC_* of the access; stage 2: HW_ACC_WRITE or 0, and
 *       only for the access itself (a table or CD fetch is a read)
 * @s1: stage 1 only: the regime, to know whether a write would be allowed
 *      once the leaf is writable
 * @nest: stage 1 only: the stage 2 that translates table addresses
 * @s2: this is a stage-2 walk (for fault records)
 * @class: stage 2 only: class of the access being translated
 * @wcache: strict walk_cache: the piece and tag to look table descriptors
 *          up and cache them with; NULL for a walk from memory alone
 */
struct walk_ctx {
	struct swsmmu_hw *hw;
	struct walk_geo geo;
	u64 ia;
	u8 oa_bits;
	bool lpa;
	bool affd;
	bool ha;
	bool hd;
	unsigned int acc;
	const struct hw_s1_cfg *s1;
	const struct hw_s2_cfg *nest;
	bool s2;
	u8 class;
	const struct hw_walk_cache *wcache;
};

/**
 * struct walk_leaf - what the table walk found
 * @desc: the block or page descriptor (with AF as updated)
 * @lvl: its level
 * @shift: log2 of its size
 * @oa: the output address of the input address
 * @tbl: OR of the hierarchical attributes of the table descriptors above it
 */
struct walk_leaf {
	u64 desc;
	unsigned int lvl;
	unsigned int shift;
	u64 oa;
	u64 tbl;
};

static enum evt_id walk_fault(const struct walk_ctx *wc, enum evt_id id,
			      u64 fetch_addr, struct hw_fault *f)
{
	*f = (struct hw_fault) {
		.id = id,
		.s2 = wc->s2,
		.class = wc->s2 ? wc->class : 0,
		.ipa = wc->s2 ? wc->ia : 0,
		.fetch_addr = fetch_addr,
	};
	return id;
}

static enum evt_id walk_s1_perm_fault(struct hw_fault *f)
{
	*f = (struct hw_fault) { .id = EVT_ID_PERMISSION };
	return EVT_ID_PERMISSION;
}

static enum evt_id walk_s2_perm_fault(u8 class, u64 ipa, struct hw_fault *f)
{
	*f = (struct hw_fault) {
		.id = EVT_ID_PERMISSION,
		.s2 = true,
		.class = class,
		.ipa = ipa,
	};
	return EVT_ID_PERMISSION;
}

static bool walk_oa_ok(const struct walk_ctx *wc, u64 pa)
{
	return wc->oa_bits >= 64 || !(pa >> wc->oa_bits);
}

/* Output (or next-level table) address of @desc, aligned to 2^@shift */
static u64 walk_desc_oa(const struct walk_ctx *wc, u64 desc, unsigned int shift)
{
	u64 oa = desc & SWSMMU_PTE_ADDR & ~GENMASK_ULL(shift - 1, 0);

	if (wc->lpa && wc->geo.g == 16)
		oa |= FIELD_GET(SWSMMU_PTE_ADDR_64K_HI, desc) << 48;
	return oa;
}

/*
 * Starting-table base: the bits below the table's alignment (its size, and
 * at least 64 bytes with 52-bit output addresses) are treated as zero.
 */
static u64 walk_ttb(const struct walk_ctx *wc, u64 ttb)
{
	unsigned int align = geo_idx_bits(&wc->geo, wc->geo.start) + 3;

	if (wc->oa_bits >= 52)
		align = max(align, 6U);
	return ttb & ~GENMASK_ULL(align - 1, 0);
}

/*
 * Fetch the descriptor at @addr (an IPA in a nested stage-1 walk): on
 * success @pa is where it was read and @s2perm what stage 2 grants there.
 */
static enum evt_id walk_fetch(const struct walk_ctx *wc, u64 addr, u64 *pa,
			      u64 *desc, u8 *s2perm, struct hw_fault *f)
{
	*pa = addr;
	*s2perm = HW_PERM_ALL;
	if (wc->nest) {
		struct hw_walk w2;
		int ret;

		ret = swsmmu_hw_walk_s2(wc->hw, wc->nest, addr, EVTQ_1_CLASS_TT,
					&w2, f);
		if (ret)
			return ret;
		/* A table walk reads: stage 2 must grant read */
		if (!(w2.perm_s2 & HW_PERM_R_PRIV))
			return walk_s2_perm_fault(EVTQ_1_CLASS_TT, addr, f);
		*pa = w2.oa;
		*s2perm = w2.perm_s2;
	}
	if (hw_inject(wc->hw, HW_INJ_WALK_FETCH) || hw_read_desc(*pa, desc))
		return walk_fault(wc, EVT_ID_WALK_EABT, *pa, f);
	return 0;
}

/*
 * HTTU: replace the descriptor at @pa, which holds *@desc as far as we know,
 * by @new.  hw_read_desc() has just shown @pa to be RAM.  The update is one
 * single-copy-atomic compare-and-swap: if software changed the descriptor
 * since it was read, nothing is written, *@desc becomes the new value (read
 * atomically by the compare-and-swap) and the caller decodes it again, as
 * the architecture requires of an update that finds the descriptor changed
 * (Arm ARM DDI0487 D8.4.5 and D8.4.6, hardware management of the Access
 * flag and of the dirty state; SMMUv3 IHI0070 3.13).
 *
 * Reserved pages (the kernel image, firmware tables) may be mapped
 * read-only: tables there are read but never written, the update fails.
 */
static int walk_update(u64 pa, u64 *desc, u64 new)
{
	u64 *p = phys_to_virt(pa);
	u64 old = (__force u64)cpu_to_le64(*desc);
	u64 cur;

	if (PageReserved(pfn_to_page(PHYS_PFN(pa))))
		return -EPERM;
	cur = cmpxchg64(p, old, (__force u64)cpu_to_le64(new));
	if (cur == old) {
		*desc = new;
		return 0;
	}
	*desc = le64_to_cpu((__force __le64)cur);
	return -EAGAIN;
}

static u8 walk_s1_perms(const struct hw_s1_cfg *s1, u64 desc, u64 tbl);

/*
 * The bits a write sets and clears to make the writable-clean leaf @desc
 * writable-dirty (DBM set and stage 1 AP[2] set, or stage 2 S2AP[1] clear),
 * or 0 and 0 when it is not to be updated: not a write, no HD, not
 * writable-clean, or (stage 1) a write that the leaf would refuse even
 * writable because of APTable, PAN or privilege.  A write that faults for
 * any reason leaves the descriptor as it is; so does every read.
 */
static void walk_dirty_bits(const struct walk_ctx *wc, u64 desc, u64 tbl,
			    u64 *set, u64 *clr)
{
	if (!wc->hd || !(wc->acc & HW_ACC_WRITE) || !(desc & SWSMMU_PTE_DBM))
		return;
	if (wc->s2) {
		if (!(desc & WALK_S2_AP_WRITE))
			*set |= WALK_S2_AP_WRITE;
		return;
	}
	if ((desc & WALK_S1_AP_RDONLY) &&
	    hw_perm_ok(walk_s1_perms(wc->s1, desc & ~WALK_S1_AP_RDONLY, tbl),
		       wc->acc))
		*clr |= WALK_S1_AP_RDONLY;
}

/*
 * Walk from the starting table at @table down to a leaf.  Faults, in the
 * order the architecture finds them at each level: external abort on the
 * fetch (and, nested, any stage-2 fault of the descriptor's IPA), invalid or
 * reserved descriptor, address size, then (leaf) the Access flag.
 */
/*
 * Strict walk_cache: start below the deepest table descriptor cached for
 * this address.  Returns the level to start at, with @table and @tbl as
 * the cached descriptor left them.
 */
static unsigned int walk_cache_start(const struct walk_ctx *wc, u64 *table,
				     u64 *tbl)
{
	const struct walk_geo *geo = &wc->geo;
	unsigned int lvl;

	for (lvl = WALK_LAST_LEVEL - 1; lvl + 1 > geo->start; lvl--)
		if (hw_tlb_walk_lookup(wc->hw, &wc->wcache->tag, wc->wcache->ia,
				       geo_shift(geo->g, lvl), table, tbl))
			return lvl + 1;
	return geo->start;
}

/* Cache the table descriptors a walk read, whatever became of the walk */
static void walk_cache_fill(const struct walk_ctx *wc, unsigned int first,
			    unsigned int nr, const u64 *tables,
			    const u64 *tbls)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		hw_tlb_walk_fill(wc->hw, wc->wcache->p, &wc->wcache->tag,
				 wc->wcache->ia, geo_shift(wc->geo.g, first + i),
				 tables[i], tbls[i]);
}

static enum evt_id walk_tables_from(const struct walk_ctx *wc, u64 table,
				    struct walk_leaf *leaf,
				    struct hw_fault *f, unsigned int start,
				    unsigned int *nr, u64 *tables, u64 *tbls);

static enum evt_id walk_tables(const struct walk_ctx *wc, u64 table,
			       struct walk_leaf *leaf, struct hw_fault *f)
{
	u64 tables[WALK_LAST_LEVEL], tbls[WALK_LAST_LEVEL];
	unsigned int start = wc->geo.start, nr = 0;
	int ret;

	leaf->tbl = 0;
	if (!wc->wcache)
		return walk_tables_from(wc, table, leaf, f, start, NULL, NULL,
					NULL);
	start = walk_cache_start(wc, &table, &leaf->tbl);
	ret = walk_tables_from(wc, table, leaf, f, start, &nr, tables, tbls);
	walk_cache_fill(wc, start, nr, tables, tbls);
	return ret;
}

/*
 * The walk proper, from level @start.  With @nr, the table descriptors
 * read (the next table's address, and the hierarchical attributes so far)
 * are returned in @tables and @tbls, level @start first.
 */
static enum evt_id walk_tables_from(const struct walk_ctx *wc, u64 table,
				    struct walk_leaf *leaf,
				    struct hw_fault *f, unsigned int start,
				    unsigned int *nr, u64 *tables, u64 *tbls)
{
	const struct walk_geo *geo = &wc->geo;
	unsigned int lvl, shift, tries = 0;
	u64 addr, pa, desc, set, clr;
	u8 s2perm;
	int ret;

	for (lvl = start; lvl <= WALK_LAST_LEVEL; lvl++) {
		shift = geo_shift(geo->g, lvl);
		addr = table + geo_index(geo, lvl, wc->ia) * sizeof(u64);
		ret = walk_fetch(wc, addr, &pa, &desc, &s2perm, f);
		if (ret)
			return ret;
decode:
		if (!(desc & SWSMMU_PTE_VALID))
			return walk_fault(wc, EVT_ID_TRANSLATION, 0, f);

		if (lvl < WALK_LAST_LEVEL && (desc & SWSMMU_PTE_TYPE)) {
			table = walk_desc_oa(wc, desc, geo->g);
			if (!walk_oa_ok(wc, table))
				return walk_fault(wc, EVT_ID_ADDR_SIZE, 0, f);
			leaf->tbl |= desc & (SWSMMU_PTE_TABLE_PXN | SWSMMU_PTE_TABLE_UXN |
					     SWSMMU_PTE_TABLE_AP);
			if (nr) {
				tables[*nr] = table;
				tbls[(*nr)++] = leaf->tbl;
			}
			continue;
		}

		/* Reserved: bit 1 clear at level 3, a block where none fits */
		if (lvl == WALK_LAST_LEVEL ? !(desc & SWSMMU_PTE_TYPE) :
		    !geo_block_ok(geo->g, lvl, wc->lpa))
			return walk_fault(wc, EVT_ID_TRANSLATION, 0, f);

		/*
		 * The output address itself must fit: with a block larger
		 * than the output space (a 4TB block, 40-bit IPS) that is
		 * more than the descriptor's address field.
		 */
		leaf->oa = walk_desc_oa(wc, desc, shift) |
			   (wc->ia & GENMASK_ULL(shift - 1, 0));
		if (!walk_oa_ok(wc, leaf->oa))
			return walk_fault(wc, EVT_ID_ADDR_SIZE, 0, f);

		set = 0;
		clr = 0;
		if (!(desc & SWSMMU_PTE_AF) && wc->ha)
			set |= SWSMMU_PTE_AF;
		else if (!(desc & SWSMMU_PTE_AF) && !wc->affd)
			return walk_fault(wc, EVT_ID_ACCESS, 0, f);
		walk_dirty_bits(wc, desc, leaf->tbl, &set, &clr);
		if (set | clr) {
			/* The update is a write of the descriptor's IPA */
			if (!(s2perm & HW_PERM_W_PRIV)) {
				walk_s2_perm_fault(EVTQ_1_CLASS_TT, addr, f);
				f->tt_write = true;
				return EVT_ID_PERMISSION;
			}
			ret = walk_update(pa, &desc, (desc | set) & ~clr);
			if (ret == -EAGAIN && ++tries <= WALK_AF_RETRIES)
				goto decode;
			if (ret)
				return walk_fault(wc, EVT_ID_WALK_EABT, pa, f);
		}

		leaf->desc = desc;
		leaf->lvl = lvl;
		leaf->shift = shift;
		return 0;
	}
	/* Not reached: level 3 descriptors are never tables */
	return walk_fault(wc, EVT_ID_TRANSLATION, 0, f);
}

/* ---------------------------------------------------------------------- */
/* Permissions                                                            */
/* ---------------------------------------------------------------------- */

static u8 walk_perm(bool r, bool w, bool x, bool priv)
{
	u8 p = 0;

	if (r)
		p |= priv ? HW_PERM_R_PRIV : HW_PERM_R_UNPRIV;
	if (w)
		p |= priv ? HW_PERM_W_PRIV : HW_PERM_W_UNPRIV;
	if (x)
		p |= priv ? HW_PERM_X_PRIV : HW_PERM_X_UNPRIV;
	return p;
}

/*
 * Stage-1 permissions of a leaf in the EL1&0 regime: AP[2:1], then the
 * hierarchical APTable, PXNTable and UXNTable of every table above it,
 * then the execute-never rules and PAN.
 */
static u8 walk_s1_perms(const struct hw_s1_cfg *s1, u64 desc, u64 tbl)
{
	unsigned int ap = FIELD_GET(SWSMMU_PTE_S1_AP, desc);
	unsigned int apt = FIELD_GET(SWSMMU_PTE_TABLE_AP, tbl);
	bool pr = true;
	bool pw = !(ap & SWSMMU_PTE_S1_AP_RDONLY);
	bool ur = ap & SWSMMU_PTE_S1_AP_UNPRIV;
	bool uw = ur && pw;
	bool px, ux;

	if (apt & SWSMMU_PTE_TABLE_AP_NO_EL0) {
		ur = false;
		uw = false;
	}
	if (apt & SWSMMU_PTE_TABLE_AP_RDONLY) {
		pw = false;
		uw = false;
	}

	/*
	 * In VMSAv8-64 every EL0-writable location is privileged
	 * execute-never; that is why CD.UWXN is IGNORED with AA64 tables.
	 */
	px = !(desc & SWSMMU_PTE_S1_PXN) && !(tbl & SWSMMU_PTE_TABLE_PXN) && !uw;
	ux = !(desc & SWSMMU_PTE_S1_UXN) && !(tbl & SWSMMU_PTE_TABLE_UXN);
	if (s1->wxn) {
		px = px && !pw;
		ux = ux && !uw;
	}
	/* PAN restricts data accesses only: instruction fetches keep X */
	if (s1->pan && (ur || uw)) {
		pr = false;
		pw = false;
	}

	return walk_perm(pr, pw, px, true) | walk_perm(ur, uw, ux, false);
}

/* Stage 2 does not distinguish privilege: S2AP[0] read, S2AP[1] write */
static u8 walk_s2_perms(u64 desc)
{
	unsigned int ap = FIELD_GET(SWSMMU_PTE_S2_AP, desc);
	bool r = ap & SWSMMU_PTE_S2_AP_READ;
	bool w = ap & SWSMMU_PTE_S2_AP_WRITE;
	bool x = !(desc & SWSMMU_PTE_S2_XN);

	return walk_perm(r, w, x, true) | walk_perm(r, w, x, false);
}

/**
 * swsmmu_hw_check_perm() - check an access against a walk's permissions
 * @w: the walk (or cached translation)
 * @acc: HW_ACC_* of the access
 * @f: the fault, if any
 *
 * Stage 1 is checked first: its permission fault has priority over any
 * fault of stage 2.
 *
 * Return: 0 if the access is allowed, else EVT_ID_PERMISSION (@f->s2 says
 * which stage refused it).
 */
enum evt_id swsmmu_hw_check_perm(const struct hw_walk *w, unsigned int acc,
				 struct hw_fault *f)
{
	if (!hw_perm_ok(w->perm_s1, acc))
		return walk_s1_perm_fault(f);
	if (!hw_perm_ok(w->perm_s2, acc))
		return walk_s2_perm_fault(EVTQ_1_CLASS_IN, w->ipa, f);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_check_perm);

/* ---------------------------------------------------------------------- */
/* Stages                                                                 */
/* ---------------------------------------------------------------------- */

static enum evt_id walk_s2(struct swsmmu_hw *hw,
			   const struct hw_walk_cache *wcache,
			   const struct hw_s2_cfg *s2, u64 ipa, u8 class,
			   unsigned int acc, struct hw_walk *w,
			   struct hw_fault *f);
static enum evt_id walk_s1(struct swsmmu_hw *hw,
			   const struct hw_walk_cache *wcache,
			   const struct hw_s1_cfg *s1,
			   const struct hw_s2_cfg *s2, u64 va, unsigned int acc,
			   struct hw_walk *w, struct hw_fault *f);

/**
 * swsmmu_hw_walk_s2() - translate an IPA through a stage-2 regime
 * @hw: the instance
 * @s2: the decoded stage-2 configuration
 * @ipa: the input address (permissions are checked by the caller, see
 *       swsmmu_hw_check_perm())
 * @class: EVTQ_1_CLASS_* of the access, reported with any fault
 * @w: the result, on success: @w->perm_s1 is HW_PERM_ALL
 * @f: the fault otherwise; @f->s2 is set, @f->ipa is @ipa
 *
 * The starting level comes from S2SL0 and the granule; S2T0SZ must then
 * leave 1 to 16 tables' worth of index bits at that level (concatenated
 * tables), or the walk takes a Translation fault.
 *
 * Return: 0, or the EVT_ID_* of the fault.
 */
enum evt_id swsmmu_hw_walk_s2(struct swsmmu_hw *hw, const struct hw_s2_cfg *s2,
			      u64 ipa, u8 class, struct hw_walk *w, struct hw_fault *f)
{
	return walk_s2(hw, NULL, s2, ipa, class, 0, w, f);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_walk_s2);

/**
 * swsmmu_hw_walk_s2_acc() - swsmmu_hw_walk_s2() of a transaction's input
 *                           address (EVTQ_1_CLASS_IN)
 * @hw: the instance
 * @s2: as swsmmu_hw_walk_s2()
 * @ipa: as swsmmu_hw_walk_s2()
 * @acc: HW_ACC_* of the access: with S2HD, a write makes a writable-clean
 *       leaf writable-dirty in memory before its permissions are taken
 * @w: as swsmmu_hw_walk_s2()
 * @f: as swsmmu_hw_walk_s2()
 *
 * Return: as swsmmu_hw_walk_s2().
 */
enum evt_id swsmmu_hw_walk_s2_acc(struct swsmmu_hw *hw,
				  const struct hw_s2_cfg *s2, u64 ipa,
				  unsigned int acc, struct hw_walk *w,
				  struct hw_fault *f)
{
	return walk_s2(hw, NULL, s2, ipa, EVTQ_1_CLASS_IN, acc, w, f);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_walk_s2_acc);

/**
 * hw_walk_s2_cached() - swsmmu_hw_walk_s2() of a stage-2-only regime's
 *                       input address, through the walk cache
 * @hw: the instance
 * @wcache: the piece and the regime's tag (strict walk_cache)
 * @s2: as swsmmu_hw_walk_s2()
 * @ipa: as swsmmu_hw_walk_s2()
 * @acc: as swsmmu_hw_walk_s2_acc()
 * @w: as swsmmu_hw_walk_s2()
 * @f: as swsmmu_hw_walk_s2()
 *
 * Return: as swsmmu_hw_walk_s2().
 */
enum evt_id hw_walk_s2_cached(struct swsmmu_hw *hw,
			      const struct hw_walk_cache *wcache,
			      const struct hw_s2_cfg *s2, u64 ipa,
			      unsigned int acc, struct hw_walk *w,
			      struct hw_fault *f)
{
	return walk_s2(hw, wcache, s2, ipa, EVTQ_1_CLASS_IN, acc, w, f);
}

static enum evt_id walk_s2(struct swsmmu_hw *hw,
			   const struct hw_walk_cache *wcache,
			   const struct hw_s2_cfg *s2, u64 ipa, u8 class,
			   unsigned int acc, struct hw_walk *w,
			   struct hw_fault *f)
{
	struct walk_ctx wc = {
		.wcache = wcache,
		.hw = hw,
		.ia = ipa,
		.oa_bits = s2->ps_bits,
		.lpa = hw->feat.oas == PA_SIZE_52,
		.affd = s2->affd,
		.ha = s2->ha && hw->feat.httu_access,
		.hd = s2->hd && hw_httu_dirty(hw),
		.acc = acc & HW_ACC_WRITE,
		.s2 = true,
		.class = class,
	};
	unsigned int g = s2->tg_shift;
	struct walk_leaf leaf;
	int start_bits, ret;
	u64 ttb;

	if (!geo_granule_ok(g) || s2->sl0 > 2 ||
	    s2->t0sz < 64 - WALK_MAX_IA_BITS || s2->t0sz > 63)
		return walk_fault(&wc, EVT_ID_TRANSLATION, 0, f);
	wc.geo.g = g;
	wc.geo.ia_bits = 64 - s2->t0sz;
	/* SL0 0/1/2: level 2/1/0 with 4KB, 3/2/1 with 16KB and 64KB */
	wc.geo.start = (g == 12 ? 2 : 3) - s2->sl0;
	start_bits = (int)wc.geo.ia_bits - (int)geo_shift(g, wc.geo.start);
	if (start_bits < 1 || start_bits > geo_bpl(g) + WALK_S2_MAX_CONCAT)
		return walk_fault(&wc, EVT_ID_TRANSLATION, 0, f);
	if (ipa >> wc.geo.ia_bits)
		return walk_fault(&wc, EVT_ID_TRANSLATION, 0, f);

	ttb = walk_ttb(&wc, s2->ttb);
	if (!walk_oa_ok(&wc, ttb))
		return walk_fault(&wc, EVT_ID_ADDR_SIZE, 0, f);

	ret = walk_tables(&wc, ttb, &leaf, f);
	if (ret)
		return ret;

	w->oa = leaf.oa;
	w->ipa = ipa;
	w->block_shift = leaf.shift;
	w->perm_s1 = HW_PERM_ALL;
	w->perm_s2 = walk_s2_perms(leaf.desc);
	w->ng = false;
	return 0;
}

/**
 * swsmmu_hw_walk_s1() - translate a VA through a stage-1 regime, maybe nested
 * @hw: the instance
 * @s1: the decoded stage-1 configuration (from the CD)
 * @s2: the stage 2 it is nested under, or NULL
 * @va: the input address
 * @acc: HW_ACC_* of the access (permissions are checked by the caller, see
 *       swsmmu_hw_check_perm(), except as below)
 * @w: the result, on success
 * @f: the fault otherwise
 *
 * VA[55] selects TTB0 or TTB1; VA[63:56] must match it too unless TBI is
 * set for that half.  With @s2, the address of every table descriptor is
 * an IPA that stage 2 translates (EVTQ_1_CLASS_TT faults), and so is the
 * output (EVTQ_1_CLASS_IN).  A stage-1 permission fault for @acc takes
 * priority over any stage-2 fault of the output address, as stage 1
 * completes before stage 2 sees its output.
 *
 * Return: 0, or the EVT_ID_* of the fault.
 */
enum evt_id swsmmu_hw_walk_s1(struct swsmmu_hw *hw, const struct hw_s1_cfg *s1,
			      const struct hw_s2_cfg *s2, u64 va, unsigned int acc,
		       struct hw_walk *w, struct hw_fault *f)
{
	return walk_s1(hw, NULL, s1, s2, va, acc, w, f);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_walk_s1);

/**
 * hw_walk_s1_cached() - swsmmu_hw_walk_s1() of a stage-1-only regime,
 *                       through the walk cache
 * @hw: the instance
 * @wcache: the piece and the regime's tag (strict walk_cache)
 * @s1: as swsmmu_hw_walk_s1()
 * @va: as swsmmu_hw_walk_s1()
 * @acc: as swsmmu_hw_walk_s1()
 * @w: as swsmmu_hw_walk_s1()
 * @f: as swsmmu_hw_walk_s1()
 *
 * Nested regimes do not use the walk cache: their table addresses are
 * IPAs, and an entry would hold the result of two stages.
 *
 * Return: as swsmmu_hw_walk_s1().
 */
enum evt_id hw_walk_s1_cached(struct swsmmu_hw *hw,
			      const struct hw_walk_cache *wcache,
			      const struct hw_s1_cfg *s1, u64 va,
			      unsigned int acc, struct hw_walk *w,
			      struct hw_fault *f)
{
	return walk_s1(hw, wcache, s1, NULL, va, acc, w, f);
}

static enum evt_id walk_s1(struct swsmmu_hw *hw,
			   const struct hw_walk_cache *wcache,
			   const struct hw_s1_cfg *s1,
			   const struct hw_s2_cfg *s2, u64 va, unsigned int acc,
			   struct hw_walk *w, struct hw_fault *f)
{
	unsigned int x = !!(va & BIT_ULL(55));
	unsigned int top = s1->tbi[x] ? 55 : 63;
	unsigned int g = s1->tg_shift[x], tsz;
	struct walk_ctx wc = {
		.hw = hw,
		.ia = va,
		.oa_bits = s1->ips_bits,
		.lpa = hw->feat.oas == PA_SIZE_52,
		.affd = s1->affd,
		.ha = s1->ha && hw->feat.httu_access,
		.hd = s1->hd && hw_httu_dirty(hw),
		.acc = acc,
		.s1 = s1,
		.nest = s2,
		.wcache = s2 ? NULL : wcache,
	};
	struct walk_leaf leaf;
	struct hw_walk w2;
	u64 ttb, upper;
	u8 perm;
	int ret;

	/*
	 * Out-of-range sizes make the CD ILLEGAL; should one get here, use
	 * the SMMUv3.0 behaviour of clamping to the valid range.
	 */
	tsz = clamp_t(unsigned int, s1->tsz[x], WALK_S1_MIN_TSZ,
		      WALK_S1_MAX_TSZ);
	wc.geo.ia_bits = 64 - tsz;
	upper = va & GENMASK_ULL(top, wc.geo.ia_bits);
	if (upper != (x ? GENMASK_ULL(top, wc.geo.ia_bits) : 0))
		return walk_fault(&wc, EVT_ID_TRANSLATION, 0, f);
	if (s1->epd[x] || !geo_granule_ok(g))
		return walk_fault(&wc, EVT_ID_TRANSLATION, 0, f);
	wc.geo.g = g;
	wc.geo.start = geo_s1_start(g, wc.geo.ia_bits);

	ttb = walk_ttb(&wc, s1->ttb[x]);
	if (!walk_oa_ok(&wc, ttb))
		return walk_fault(&wc, EVT_ID_ADDR_SIZE, 0, f);

	ret = walk_tables(&wc, ttb, &leaf, f);
	if (ret)
		return ret;

	perm = walk_s1_perms(s1, leaf.desc, leaf.tbl);
	if (s2) {
		/*
		 * Stage 1 has completed, dirty update included: a write that
		 * stage 2 then refuses still found stage 1 writable.
		 */
		ret = walk_s2(hw, NULL, s2, leaf.oa, EVTQ_1_CLASS_IN,
			      hw_perm_ok(perm, acc) ? acc : 0, &w2, f);
		if (ret)
			return hw_perm_ok(perm, acc) ? ret :
			       walk_s1_perm_fault(f);
	} else {
		w2 = (struct hw_walk) {
			.oa = leaf.oa,
			.block_shift = leaf.shift,
			.perm_s2 = HW_PERM_ALL,
		};
	}
	w->oa = w2.oa;
	w->ipa = leaf.oa;
	w->block_shift = min_t(unsigned int, leaf.shift, w2.block_shift);
	w->perm_s1 = perm;
	w->perm_s2 = w2.perm_s2;
	w->ng = leaf.desc & SWSMMU_PTE_S1_NG;
	return 0;
}
