// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu IOMMU driver: VMSAv8-64 translation tables for paging domains.
 *
 * Geometry.  With a granule of 2^g bytes a table holds 2^(g - 3) eight-byte
 * descriptors, so each level resolves stride = g - 3 bits of the input
 * address; level L (0..3) resolves bits [shift(L) + stride - 1 : shift(L)]
 * with shift(L) = g + (3 - L) * stride.  The walk starts at the highest
 * level needed to cover ias bits: start = 4 - DIV_ROUND_UP(ias - g, stride);
 * the starting table holds 2^(ias - shift(start)) descriptors.
 *
 * Stage-2 concatenation rule: when the starting level would resolve at most
 * 4 bits (at most 16 descriptors) and the next level down is a starting
 * level S2SL0 can encode (4KB: levels 0-2; 16KB and 64KB: levels 1-3), that
 * level is dropped and the walk starts one level lower with 2^bits
 * concatenated tables instead (ias 40 with 4KB: start at level 1 with two
 * tables; ias 48 with 16KB: level 1, two tables).  The concatenated tables
 * are one naturally aligned allocation, as the architecture requires.
 *
 * Leaves: pages at level 3; blocks at levels 1 and 2 with 4KB (1GB, 2MB),
 * at level 2 only with 16KB (32MB) and 64KB (512MB) since larger blocks
 * need 52-bit addressing.  A block size is offered only at or below the
 * starting level.
 *
 * Concurrency.  map and unmap may run at the same time on disjoint IOVA
 * ranges, from atomic context, while a software SMMU walks the tables on
 * other CPUs reading each descriptor once with a single 64-bit load; this
 * file takes no lock at all:
 *  - every descriptor store is one WRITE_ONCE() of the complete
 *    little-endian value, and a live descriptor is never read, modified
 *    and written back;
 *  - a new table is zeroed by the page allocator and published on an empty
 *    slot with try_cmpxchg64(), which is fully ordered: the zeroes are
 *    visible before the table descriptor is.  Two mappers racing on one
 *    empty slot both allocate; the loser frees its table, which nobody can
 *    have seen, and continues in the winner's.  Walkers reach the table
 *    through an address dependency on the descriptor they loaded;
 *  - a table is unlinked only by an unmap that covers its whole input
 *    range: that caller owns the range, so nobody can be mapping into it.
 *    Its pages are not freed here but put on the gather's freelist, to be
 *    freed after the IOTLB invalidation, because a walker may still hold
 *    the old table descriptor;
 *  - a map of a block over a slot that holds a table (left behind by
 *    page-wise unmaps; tables are never unlinked just for being empty)
 *    does not replace the table, which would need an invalidation before
 *    the table could be freed and map has no means to request one: the
 *    block is mapped as the next level's entries inside that table.
 *
 * Table pages are accounted as IOMMU page-table memory like the IOMMU
 * core's own allocator does.  Pages on a gather freelist are freed by
 * iommu-dma's flush queue (iommu_put_pages_list()) or by the driver's
 * ->iotlb_sync() with swsmmu_pgtable_put_pages_list(); both put_page() each
 * list entry and take one page off the counters, so a table larger than a
 * page is a compound page and the rest of its accounting is dropped when
 * it is queued.
 */
#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include <kunit/visibility.h>
#include <swsmmu/arch.h>
#include "pgtable.h"
#include "swsmmu.h"	/* swsmmu_fail_page_alloc() */

#define PGT_LEVELS		4
#define PGT_IAS_MIN		32
#define PGT_IAS_MAX		48
/* Stage-2 concatenation: at most 16 tables, that is 4 extra index bits */
#define PGT_CONCAT_MAX_BITS	4

/**
 * struct swsmmu_pgtable - one translation table tree
 * @cfg: the configuration it was allocated with
 * @stride: index bits per level, granule_shift - 3
 * @start_level: level of the starting table
 * @root_bits: index bits resolved by the starting table (with concatenated
 *             tables: stride plus log2 of their number)
 * @concat_bits: log2 of the number of concatenated starting tables
 * @table_order: page order of one table
 * @root: the starting table(s)
 * @nr_tables: tables below the root currently linked into the tree
 *
 * Nothing here changes after swsmmu_pgtable_alloc() except the table
 * contents (see the rules at the top of this file) and @nr_tables.
 */
struct swsmmu_pgtable {
	struct swsmmu_pgtable_cfg cfg;
	u8 stride;
	u8 start_level;
	u8 root_bits;
	u8 concat_bits;
	u8 table_order;
	__le64 *root;
	atomic_t nr_tables;
};

/* ---------------------------------------------------------------------- */
/* Geometry                                                               */
/* ---------------------------------------------------------------------- */

/* Our tables stop at 48-bit output addresses (no 52-bit descriptor format) */
static int pgt_ps_encode(unsigned int oas)
{
	int enc = smmu_pa_size_enc(oas);

	return enc < 0 || oas > 48 ? -EINVAL : enc;
}

static unsigned int pgt_shift_of(unsigned int g, unsigned int lvl)
{
	return g + (PGT_LEVELS - 1 - lvl) * (g - 3);
}

static bool pgt_sl0_encodable(unsigned int g, unsigned int lvl)
{
	return g == 12 ? lvl <= 2 : lvl >= 1;
}

/*
 * Check @cfg and work out the starting level and the number of index bits
 * of the starting table (see "Geometry" above).
 */
static int pgt_geometry(const struct swsmmu_pgtable_cfg *cfg,
			unsigned int *start, unsigned int *root_bits,
			unsigned int *concat_bits)
{
	unsigned int g = cfg->granule_shift, stride, lvl, bits;

	if (cfg->stage != 1 && cfg->stage != 2)
		return -EINVAL;
	if (g != 12 && g != 14 && g != 16)
		return -EINVAL;
	if (cfg->ias < PGT_IAS_MIN || cfg->ias > PGT_IAS_MAX)
		return -EINVAL;
	if (pgt_ps_encode(cfg->oas) < 0)
		return -EINVAL;

	stride = g - 3;
	lvl = PGT_LEVELS - DIV_ROUND_UP(cfg->ias - g, stride);
	bits = cfg->ias - pgt_shift_of(g, lvl);
	*concat_bits = 0;
	if (cfg->stage == 2 && bits <= PGT_CONCAT_MAX_BITS &&
	    lvl < PGT_LEVELS - 1 && pgt_sl0_encodable(g, lvl + 1)) {
		*concat_bits = bits;
		lvl++;
		bits += stride;
	}
	/* Cannot happen for ias 32..48, but never hand out an unusable SL0 */
	if (cfg->stage == 2 && !pgt_sl0_encodable(g, lvl))
		return -EINVAL;

	*start = lvl;
	*root_bits = bits;
	return 0;
}

static unsigned int pgt_shift(const struct swsmmu_pgtable *pgt,
			      unsigned int lvl)
{
	return pgt_shift_of(pgt->cfg.granule_shift, lvl);
}

static unsigned long pgt_span(const struct swsmmu_pgtable *pgt,
			      unsigned int lvl)
{
	return 1UL << pgt_shift(pgt, lvl);
}

static unsigned int pgt_index(const struct swsmmu_pgtable *pgt,
			      unsigned int lvl, unsigned long iova)
{
	unsigned int bits = lvl == pgt->start_level ? pgt->root_bits :
						      pgt->stride;

	return (iova >> pgt_shift(pgt, lvl)) & (BIT(bits) - 1);
}

static unsigned long pgt_bitmap(const struct swsmmu_pgtable_cfg *cfg,
				unsigned int start)
{
	unsigned int g = cfg->granule_shift;
	unsigned long bitmap = BIT(g);
	unsigned int lvl;

	/* 2MB/1GB blocks with 4KB, 32MB with 16KB and 512MB with 64KB */
	for (lvl = start; lvl < PGT_LEVELS - 1; lvl++)
		if (lvl == 2 || (lvl == 1 && g == 12))
			bitmap |= BIT(pgt_shift_of(g, lvl));
	return bitmap;
}

/* ---------------------------------------------------------------------- */
/* Descriptors                                                            */
/* ---------------------------------------------------------------------- */

static u64 pgt_read(const __le64 *ptep)
{
	return le64_to_cpu(READ_ONCE(*ptep));
}

static void pgt_write(__le64 *ptep, u64 desc)
{
	WRITE_ONCE(*ptep, cpu_to_le64(desc));
}

static bool pgt_is_table(u64 desc, unsigned int lvl)
{
	return lvl < PGT_LEVELS - 1 && (desc & SWSMMU_PTE_VALID) && (desc & SWSMMU_PTE_TYPE);
}

static bool pgt_is_leaf(u64 desc, unsigned int lvl)
{
	if (!(desc & SWSMMU_PTE_VALID))
		return false;
	/* Bits [1:0] = 0b01 is a block above level 3 and reserved at it */
	return lvl == PGT_LEVELS - 1 ? desc & SWSMMU_PTE_TYPE : !(desc & SWSMMU_PTE_TYPE);
}

static __le64 *pgt_table_va(u64 desc)
{
	return phys_to_virt(desc & SWSMMU_PTE_ADDR);
}

/* Leaf attributes (everything but the type bits and the address) for @prot */
static u64 pgt_leaf_attrs(const struct swsmmu_pgtable *pgt, int prot)
{
	u64 attrs = SWSMMU_PTE_AF | FIELD_PREP(SWSMMU_PTE_SH, SWSMMU_TCR_SH_ISH);
	unsigned int ap = 0, idx, memattr;

	if (pgt->cfg.stage == 1) {
		/* Stage 1 cannot express write-only: IOMMU_WRITE gives RW */
		if (!(prot & IOMMU_WRITE))
			ap |= SWSMMU_PTE_S1_AP_RDONLY;
		if (!(prot & IOMMU_PRIV))
			ap |= SWSMMU_PTE_S1_AP_UNPRIV;
		if (prot & IOMMU_MMIO)
			idx = SWSMMU_PGT_ATTRIDX_DEV;
		else if (prot & IOMMU_CACHE)
			idx = SWSMMU_PGT_ATTRIDX_WB;
		else
			idx = SWSMMU_PGT_ATTRIDX_NC;
		attrs |= SWSMMU_PTE_S1_NG | FIELD_PREP(SWSMMU_PTE_S1_AP, ap) |
			 FIELD_PREP(SWSMMU_PTE_S1_ATTRINDX, idx);
		if (prot & IOMMU_NOEXEC)
			attrs |= SWSMMU_PTE_S1_UXN | SWSMMU_PTE_S1_PXN;
	} else {
		if (prot & IOMMU_READ)
			ap |= SWSMMU_PTE_S2_AP_READ;
		if (prot & IOMMU_WRITE)
			ap |= SWSMMU_PTE_S2_AP_WRITE;
		if (prot & IOMMU_MMIO)
			memattr = SWSMMU_PTE_S2_MEMATTR_DEVICE_NGNRE;
		else if (prot & IOMMU_CACHE)
			memattr = SWSMMU_PTE_S2_MEMATTR_NORMAL_WB;
		else
			memattr = SWSMMU_PTE_S2_MEMATTR_NORMAL_NC;
		attrs |= FIELD_PREP(SWSMMU_PTE_S2_AP, ap) |
			 FIELD_PREP(SWSMMU_PTE_S2_MEMATTR, memattr);
		if (prot & IOMMU_NOEXEC)
			attrs |= SWSMMU_PTE_S2_XN;
	}
	/*
	 * Writable-dirty from the start: a page mapped while tracking is
	 * reported dirty by the next read, as the device may have written it.
	 */
	if (pgt->cfg.dbm && (prot & IOMMU_WRITE))
		attrs |= SWSMMU_PTE_DBM;
	return attrs;
}

/* ---------------------------------------------------------------------- */
/* Table memory                                                           */
/* ---------------------------------------------------------------------- */

static void pgt_account(struct page *page, long nr)
{
	mod_node_page_state(page_pgdat(page), NR_IOMMU_PAGES, nr);
	mod_lruvec_page_state(page, NR_SECONDARY_PAGETABLE, nr);
}

/* A zeroed, naturally aligned table of 2^@order pages below 2^oas */
static struct page *pgt_alloc_pages(const struct swsmmu_pgtable *pgt,
				    unsigned int order, gfp_t gfp)
{
	struct page *page;

	gfp |= __GFP_ZERO;
	if (order)
		gfp |= __GFP_COMP;
	if (pgt->cfg.oas <= 32)
		gfp |= GFP_DMA32;
	if (swsmmu_fail_page_alloc(order))
		return NULL;
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	/* The walker must be able to address the table with oas bits */
	if ((page_to_phys(page) + (PAGE_SIZE << order) - 1) >> pgt->cfg.oas) {
		__free_pages(page, order);
		return NULL;
	}
	pgt_account(page, 1L << order);
	return page;
}

static void pgt_free_pages(struct page *page, unsigned int order)
{
	pgt_account(page, -(1L << order));
	put_page(page);
}

static void pgt_free_tree(struct swsmmu_pgtable *pgt, __le64 *table,
			  unsigned int lvl, unsigned int nr)
{
	unsigned int i;
	u64 desc;

	for (i = 0; lvl < PGT_LEVELS - 1 && i < nr; i++) {
		desc = pgt_read(&table[i]);
		if (pgt_is_table(desc, lvl))
			pgt_free_tree(pgt, pgt_table_va(desc), lvl + 1,
				      BIT(pgt->stride));
	}
	if (lvl != pgt->start_level) {
		pgt_free_pages(virt_to_page(table), pgt->table_order);
		atomic_dec(&pgt->nr_tables);
	}
}

/*
 * Queue the unlinked table @table of level @lvl and every table below it
 * on @freelist.  Only the caller can reach these tables now (it owns their
 * whole input range); walkers may still read them until the invalidation.
 */
static void pgt_queue_tree(struct swsmmu_pgtable *pgt, __le64 *table,
			   unsigned int lvl, struct list_head *freelist)
{
	struct page *page = virt_to_page(table);
	unsigned int i;
	u64 desc;

	for (i = 0; lvl < PGT_LEVELS - 1 && i < BIT(pgt->stride); i++) {
		desc = pgt_read(&table[i]);
		if (pgt_is_table(desc, lvl))
			pgt_queue_tree(pgt, pgt_table_va(desc), lvl + 1,
				       freelist);
	}
	/* The list's consumer takes one page off the counters */
	if (pgt->table_order)
		pgt_account(page, 1 - (1L << pgt->table_order));
	list_add_tail(&page->lru, freelist);
	atomic_dec(&pgt->nr_tables);
}

/**
 * swsmmu_pgtable_put_pages_list() - free table pages queued by an unmap
 * @list: a gather's freelist
 *
 * Frees every page on @list the way the IOMMU core's flush queue does, so
 * the driver's ->iotlb_sync() can call it on gather->freelist once the
 * IOTLB invalidation of the gathered range has completed.  Leaves @list
 * empty.
 */
void swsmmu_pgtable_put_pages_list(struct list_head *list)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		pgt_account(page, -1);
		put_page(page);
	}
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_put_pages_list);

/* ---------------------------------------------------------------------- */
/* Allocation                                                             */
/* ---------------------------------------------------------------------- */

/**
 * swsmmu_pgtable_pgsize_bitmap() - page and block sizes a table can map
 * @cfg: the table's configuration
 *
 * Return: the granule plus the block sizes legal at or below the starting
 * level (4KB: 4K | 2M | 1G; 16KB: 16K | 32M; 64KB: 64K | 512M), or 0 if
 * @cfg is invalid.
 */
unsigned long swsmmu_pgtable_pgsize_bitmap(const struct swsmmu_pgtable_cfg *cfg)
{
	unsigned int start, root_bits, concat_bits;

	if (pgt_geometry(cfg, &start, &root_bits, &concat_bits))
		return 0;
	return pgt_bitmap(cfg, start);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_pgsize_bitmap);

/**
 * swsmmu_pgtable_alloc() - allocate an empty translation table
 * @cfg: stage, granule and address sizes (copied)
 * @gfp: allocation flags for the bookkeeping and the starting table(s)
 *
 * Return: the new table, ERR_PTR(-EINVAL) if @cfg is not supported or
 * ERR_PTR(-ENOMEM).
 */
struct swsmmu_pgtable *swsmmu_pgtable_alloc(const struct swsmmu_pgtable_cfg *cfg,
					    gfp_t gfp)
{
	unsigned int start, root_bits, concat_bits;
	struct swsmmu_pgtable *pgt;
	struct page *page;
	int ret;

	ret = pgt_geometry(cfg, &start, &root_bits, &concat_bits);
	if (ret)
		return ERR_PTR(ret);

	pgt = swsmmu_fail_alloc() ? NULL : kzalloc(sizeof(*pgt), gfp);
	if (!pgt)
		return ERR_PTR(-ENOMEM);
	pgt->cfg = *cfg;
	pgt->stride = cfg->granule_shift - 3;
	pgt->start_level = start;
	pgt->root_bits = root_bits;
	pgt->concat_bits = concat_bits;
	pgt->table_order = cfg->granule_shift > PAGE_SHIFT ?
			   cfg->granule_shift - PAGE_SHIFT : 0;
	atomic_set(&pgt->nr_tables, 0);

	/* A starting table smaller than a granule still gets a whole one */
	page = pgt_alloc_pages(pgt, pgt->table_order + concat_bits, gfp);
	if (!page) {
		kfree(pgt);
		return ERR_PTR(-ENOMEM);
	}
	pgt->root = page_address(page);
	return pgt;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_alloc);

/**
 * swsmmu_pgtable_free() - free a translation table and every table in it
 * @pgt: the table; may be NULL or an error pointer
 *
 * The caller must have made sure that no walker can reach the tables any
 * more (the CD or STE no longer points at them and the walk caches have
 * been invalidated) and that no map or unmap is running.
 */
void swsmmu_pgtable_free(struct swsmmu_pgtable *pgt)
{
	if (IS_ERR_OR_NULL(pgt))
		return;
	pgt_free_tree(pgt, pgt->root, pgt->start_level, BIT(pgt->root_bits));
	pgt_free_pages(virt_to_page(pgt->root),
		       pgt->table_order + pgt->concat_bits);
	kfree(pgt);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_free);

/* ---------------------------------------------------------------------- */
/* Map                                                                    */
/* ---------------------------------------------------------------------- */

/*
 * Return the table descriptor in *@ptep, installing a new empty table there
 * if the slot is empty: see "Concurrency" above.  Returns 0 without memory.
 */
static u64 pgt_install_table(struct swsmmu_pgtable *pgt, __le64 *ptep,
			     gfp_t gfp)
{
	struct page *page;
	__le64 old = 0, new;

	page = pgt_alloc_pages(pgt, pgt->table_order, gfp);
	if (!page)
		return 0;
	new = cpu_to_le64(SWSMMU_PTE_VALID | SWSMMU_PTE_TYPE |
			  (page_to_phys(page) & SWSMMU_PTE_ADDR));
	/* Fully ordered on success: the zeroed table is visible first */
	if (try_cmpxchg64(ptep, &old, new)) {
		atomic_inc(&pgt->nr_tables);
		return le64_to_cpu(new);
	}
	/* Somebody else installed a table (or mapped a block) first */
	pgt_free_pages(page, pgt->table_order);
	return le64_to_cpu(old);
}

/*
 * Map [@iova, @end) to @paddr onwards with leaves of level @leaf, in @table
 * of level @lvl; the range lies within @table's input range and is aligned
 * to the leaf size.  *@mapped grows by every byte mapped.
 */
static int pgt_map_range(struct swsmmu_pgtable *pgt, __le64 *table,
			 unsigned int lvl, unsigned long iova,
			 unsigned long end, phys_addr_t paddr,
			 unsigned int leaf, u64 attrs, gfp_t gfp,
			 size_t *mapped)
{
	unsigned long span = pgt_span(pgt, lvl), next;
	__le64 *ptep;
	u64 desc;
	int ret;

	for (; iova < end; paddr += next - iova, iova = next) {
		next = min(ALIGN_DOWN(iova, span) + span, end);
		ptep = &table[pgt_index(pgt, lvl, iova)];
		desc = pgt_read(ptep);

		if (lvl == leaf && !desc) {
			desc = attrs | (paddr & SWSMMU_PTE_ADDR) | SWSMMU_PTE_VALID;
			if (lvl == PGT_LEVELS - 1)
				desc |= SWSMMU_PTE_TYPE;
			pgt_write(ptep, desc);
			*mapped += span;
			continue;
		}
		if (!desc) {
			desc = pgt_install_table(pgt, ptep, gfp);
			if (!desc)
				return -ENOMEM;
		}
		if (!pgt_is_table(desc, lvl))
			return -EEXIST;
		/*
		 * A table where a leaf of this level belongs is mapped through
		 * with the next level's leaves; see "Concurrency" above.
		 */
		ret = pgt_map_range(pgt, pgt_table_va(desc), lvl + 1, iova,
				    next, paddr, lvl == leaf ? lvl + 1 : leaf,
				    attrs, gfp, mapped);
		if (ret)
			return ret;
	}
	return 0;
}

/* Level whose leaves are @pgsize bytes, or -EINVAL if it cannot be mapped */
static int pgt_pgsize_level(const struct swsmmu_pgtable *pgt, size_t pgsize)
{
	unsigned int g = pgt->cfg.granule_shift;

	if (!is_power_of_2(pgsize) ||
	    !(pgsize & pgt_bitmap(&pgt->cfg, pgt->start_level)))
		return -EINVAL;
	return PGT_LEVELS - 1 - (ilog2(pgsize) - g) / pgt->stride;
}

/* Check that [@addr, @addr + @count * @pgsize) fits in @bits bits */
static bool pgt_range_ok(u64 addr, size_t pgsize, size_t count,
			 unsigned int bits)
{
	u64 limit = BIT_ULL(bits);

	if (addr >= limit || count > (limit >> ilog2(pgsize)))
		return false;
	return count * pgsize <= limit - addr;
}

/**
 * swsmmu_pgtable_map() - map pages or blocks
 * @pgt: the table
 * @iova: input address, aligned to @pgsize
 * @paddr: output address, aligned to @pgsize
 * @pgsize: leaf size, one of swsmmu_pgtable_pgsize_bitmap()
 * @pgcount: number of consecutive leaves, at least one
 * @prot: IOMMU_READ, IOMMU_WRITE (at least one of them), IOMMU_NOEXEC,
 *        IOMMU_PRIV (stage 1 only), IOMMU_CACHE, IOMMU_MMIO (wins over
 *        IOMMU_CACHE)
 * @gfp: allocation flags for new tables; may be GFP_ATOMIC
 * @mapped: incremented by the number of bytes mapped, also on failure
 *
 * Maps all @pgcount leaves unless an error occurs; concurrent calls for
 * disjoint ranges are allowed, from any context @gfp allows.  A leaf goes
 * at the level of @pgsize, except over a table left behind by page-wise
 * unmaps, which is filled with smaller leaves instead.
 *
 * Return: 0; -EINVAL for a bad size, alignment, count or @prot; -ERANGE
 * if the input range exceeds ias or the output range oas; -EEXIST if part
 * of the range is already mapped (what precedes it stays mapped and is
 * counted in *@mapped); -ENOMEM.
 */
int swsmmu_pgtable_map(struct swsmmu_pgtable *pgt, unsigned long iova,
		       phys_addr_t paddr, size_t pgsize, size_t pgcount,
		       int prot, gfp_t gfp, size_t *mapped)
{
	int leaf = pgt_pgsize_level(pgt, pgsize);

	if (leaf < 0 || !pgcount || !IS_ALIGNED(iova, pgsize) ||
	    !IS_ALIGNED(paddr, pgsize) || !(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (!pgt_range_ok(iova, pgsize, pgcount, pgt->cfg.ias) ||
	    !pgt_range_ok(paddr, pgsize, pgcount, pgt->cfg.oas))
		return -ERANGE;

	return pgt_map_range(pgt, pgt->root, pgt->start_level, iova,
			     iova + pgcount * pgsize, paddr, leaf,
			     pgt_leaf_attrs(pgt, prot), gfp, mapped);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_map);

/* ---------------------------------------------------------------------- */
/* Unmap                                                                  */
/* ---------------------------------------------------------------------- */

static void pgt_gather_add(struct swsmmu_pgtable *pgt,
			   struct iommu_iotlb_gather *gather,
			   unsigned long iova, size_t size)
{
	/* A queued gather is followed by a full flush, like io-pgtable-arm */
	if (!gather || iommu_iotlb_gather_queued(gather))
		return;
	if (pgt->cfg.domain)
		iommu_iotlb_gather_add_page(pgt->cfg.domain, gather, iova, size);
	else
		iommu_iotlb_gather_add_range(gather, iova, size);
}

/*
 * Unmap [@iova, @end) in @table of level @lvl.  Returns the bytes unmapped
 * from @iova on; *@stop is set at an unmapped slot or at a block the range
 * covers only partly.
 */
static size_t pgt_unmap_range(struct swsmmu_pgtable *pgt, __le64 *table,
			      unsigned int lvl, unsigned long iova,
			      unsigned long end,
			      struct iommu_iotlb_gather *gather, bool *stop)
{
	unsigned long span = pgt_span(pgt, lvl), base, next;
	size_t done = 0;
	__le64 *ptep;
	u64 desc;

	for (; iova < end; iova = next) {
		base = ALIGN_DOWN(iova, span);
		next = min(base + span, end);
		ptep = &table[pgt_index(pgt, lvl, iova)];
		desc = pgt_read(ptep);

		if (pgt_is_table(desc, lvl)) {
			if (iova == base && next == base + span && gather) {
				/* The whole table goes: see "Concurrency" */
				pgt_write(ptep, 0);
				pgt_gather_add(pgt, gather, iova, span);
				pgt_queue_tree(pgt, pgt_table_va(desc), lvl + 1,
					       &gather->freelist);
				done += span;
				continue;
			}
			done += pgt_unmap_range(pgt, pgt_table_va(desc),
						lvl + 1, iova, next, gather,
						stop);
			if (*stop)
				break;
			continue;
		}
		/* A hole, or a block the range does not cover entirely */
		if (!pgt_is_leaf(desc, lvl) || iova != base ||
		    next != base + span) {
			*stop = true;
			break;
		}
		pgt_write(ptep, 0);
		pgt_gather_add(pgt, gather, iova, span);
		done += span;
	}
	return done;
}

/**
 * swsmmu_pgtable_unmap() - unmap a range
 * @pgt: the table
 * @iova: input address, aligned to @pgsize
 * @pgsize: one of swsmmu_pgtable_pgsize_bitmap(); the range is
 *          @pgsize * @pgcount bytes, whatever the sizes it was mapped with
 * @pgcount: number of @pgsize units
 * @gather: collects the range to invalidate and the table pages to free
 *          after the invalidation; may be NULL, then no table is unlinked
 *
 * Clears the leaves in the range from @iova on and stops early at the
 * first hole or at a block the range does not cover entirely: unmapping
 * part of a block is refused (0 bytes if the block comes first), as
 * io-pgtable-arm does in kernels after 6.12 (6.12's still splits the
 * block); splitting would need a table installed in the block's place
 * with an invalidation in between, which unmap cannot issue.  A
 * table whose whole input range lies in the range is unlinked with one
 * store and counts as unmapped in full, holes included; it and the tables
 * below it go on @gather->freelist.  Without a @gather, tables stay linked
 * and only their leaves are cleared (stopping at a hole).  Unmapped leaves
 * and tables are added to @gather (nothing is added to a queued gather,
 * which gets a full flush instead).
 *
 * Return: the number of bytes unmapped from @iova on; 0 for bad arguments.
 */
size_t swsmmu_pgtable_unmap(struct swsmmu_pgtable *pgt, unsigned long iova,
			    size_t pgsize, size_t pgcount,
			    struct iommu_iotlb_gather *gather)
{
	bool stop = false;

	if (pgt_pgsize_level(pgt, pgsize) < 0 || !pgcount ||
	    !IS_ALIGNED(iova, pgsize) ||
	    !pgt_range_ok(iova, pgsize, pgcount, pgt->cfg.ias))
		return 0;

	return pgt_unmap_range(pgt, pgt->root, pgt->start_level, iova,
			       iova + pgcount * pgsize, gather, &stop);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_unmap);

/**
 * swsmmu_pgtable_iova_to_phys() - translate an input address in software
 * @pgt: the table
 * @iova: input address
 *
 * May run concurrently with map and unmap; for a range being changed it
 * returns either translation.
 *
 * Return: the output address, or 0 if @iova is not mapped.
 */
phys_addr_t swsmmu_pgtable_iova_to_phys(struct swsmmu_pgtable *pgt,
					unsigned long iova)
{
	__le64 *table = pgt->root;
	unsigned int lvl;
	u64 desc;

	if (iova >> pgt->cfg.ias)
		return 0;
	for (lvl = pgt->start_level; lvl < PGT_LEVELS; lvl++) {
		desc = pgt_read(&table[pgt_index(pgt, lvl, iova)]);
		if (pgt_is_leaf(desc, lvl))
			return (desc & SWSMMU_PTE_ADDR & ~(pgt_span(pgt, lvl) - 1)) |
			       (iova & (pgt_span(pgt, lvl) - 1));
		if (!pgt_is_table(desc, lvl))
			return 0;
		table = pgt_table_va(desc);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_iova_to_phys);

/* ---------------------------------------------------------------------- */
/* Dirty state                                                            */
/* ---------------------------------------------------------------------- */

/* Stage 1 AP[2] (read-only) and stage 2 S2AP[1] (write) as descriptor bits */
#define PGT_S1_AP_RDONLY	FIELD_PREP(SWSMMU_PTE_S1_AP, SWSMMU_PTE_S1_AP_RDONLY)
#define PGT_S2_AP_WRITE		FIELD_PREP(SWSMMU_PTE_S2_AP, SWSMMU_PTE_S2_AP_WRITE)

/* Writable-dirty: DBM set and writable (stage 1 AP[2] clear, S2AP[1] set) */
static bool pgt_desc_dirty(const struct swsmmu_pgtable *pgt, u64 desc)
{
	if (!(desc & SWSMMU_PTE_DBM))
		return false;
	if (pgt->cfg.stage == 1)
		return !(desc & PGT_S1_AP_RDONLY);
	return desc & PGT_S2_AP_WRITE;
}

/*
 * Make the leaf at @ptep writable-clean.  The SMMU may make it dirty again
 * at any moment (a compare-and-swap of its own): the change is a
 * compare-and-swap too, so that it is lost neither way.  A leaf found clean
 * is left alone.
 */
static void pgt_clear_dirty(const struct swsmmu_pgtable *pgt, __le64 *ptep)
{
	__le64 old = READ_ONCE(*ptep), new;
	u64 desc;

	do {
		desc = le64_to_cpu(old);
		if (!pgt_desc_dirty(pgt, desc))
			return;
		if (pgt->cfg.stage == 1)
			desc |= PGT_S1_AP_RDONLY;
		else
			desc &= ~PGT_S2_AP_WRITE;
		new = cpu_to_le64(desc);
	} while (!try_cmpxchg64(ptep, &old, new));
}

/**
 * struct pgt_dirty_walk - one read_and_clear_dirty walk
 * @flags: IOMMU_DIRTY_NO_CLEAR or 0
 * @end: end of the range (exclusive)
 * @record: called with every dirty part of the range
 * @opaque: its argument
 * @gather: collects the leaves made clean, for the caller's invalidation
 */
struct pgt_dirty_walk {
	unsigned long flags;
	unsigned long end;
	swsmmu_pgtable_dirty_fn record;
	void *opaque;
	struct iommu_iotlb_gather *gather;
};

static void pgt_dirty_range(struct swsmmu_pgtable *pgt,
			    const struct pgt_dirty_walk *dw, __le64 *table,
			    unsigned int lvl, unsigned long iova,
			    unsigned long end)
{
	unsigned long span = pgt_span(pgt, lvl), base, next;
	__le64 *ptep;
	u64 desc;

	for (; iova < end; iova = next) {
		base = ALIGN_DOWN(iova, span);
		next = min(base + span, end);
		ptep = &table[pgt_index(pgt, lvl, iova)];
		desc = pgt_read(ptep);

		if (pgt_is_table(desc, lvl)) {
			pgt_dirty_range(pgt, dw, pgt_table_va(desc), lvl + 1,
					iova, next);
			continue;
		}
		if (!pgt_is_leaf(desc, lvl) || !pgt_desc_dirty(pgt, desc))
			continue;
		/* A dirty block: every page of it in the range is dirty */
		dw->record(dw->opaque, iova, next - iova);
		/*
		 * A leaf that goes on past the range stays dirty: its pages
		 * beyond are reported by the call that covers them (iommufd
		 * walks a large range in pieces).
		 */
		if ((dw->flags & IOMMU_DIRTY_NO_CLEAR) || base + span > dw->end)
			continue;
		pgt_clear_dirty(pgt, ptep);
#ifndef SWSMMU_MUTANT_dirty_no_tlbi
		/* The SMMU may cache the leaf as writable: invalidate it */
		if (dw->gather)
			iommu_iotlb_gather_add_range(dw->gather, base, span);
#endif
	}
}

/**
 * swsmmu_pgtable_read_and_clear_dirty() - report and clear the dirty state
 * @pgt: a table allocated with @cfg.dbm
 * @iova: start of the range
 * @size: its length, at least 1
 * @flags: IOMMU_DIRTY_NO_CLEAR to leave the leaves dirty, else 0
 * @record: called with every dirty part of the range, in increasing
 *          order: a writable-dirty page or block, cut to the range
 * @opaque: @record's argument
 * @gather: receives every leaf made writable-clean; may be NULL only with
 *          IOMMU_DIRTY_NO_CLEAR.  The caller must invalidate the
 *          gathered range (->iotlb_sync()) before it relies on the next
 *          write to any of those pages being seen: until then a device
 *          may write through a writable translation the SMMU cached.
 *
 * Without IOMMU_DIRTY_NO_CLEAR each dirty leaf reported is made
 * writable-clean with a compare-and-swap, so a write by the SMMU that
 * lands between the read and the clear is never lost; except a leaf that
 * extends past the end of the range, which is reported but left dirty for
 * the call that covers the rest of it (callers walk a large range in
 * increasing pieces, as iommufd does).  The caller must not map or unmap
 * in the range meanwhile.
 *
 * Return: 0; -EOPNOTSUPP if the table does not track dirty state; -EINVAL
 * for an empty range, one beyond ias, or no @gather to clear with.
 */
int swsmmu_pgtable_read_and_clear_dirty(struct swsmmu_pgtable *pgt,
					unsigned long iova, size_t size,
					unsigned long flags,
					swsmmu_pgtable_dirty_fn record,
					void *opaque,
					struct iommu_iotlb_gather *gather)
{
	struct pgt_dirty_walk dw = {
		.flags = flags,
		.end = iova + size,
		.record = record,
		.opaque = opaque,
		.gather = gather,
	};

	if (!pgt->cfg.dbm)
		return -EOPNOTSUPP;
	if (!size || iova >> pgt->cfg.ias ||
	    size > BIT_ULL(pgt->cfg.ias) - iova ||
	    (!gather && !(flags & IOMMU_DIRTY_NO_CLEAR)))
		return -EINVAL;
	pgt_dirty_range(pgt, &dw, pgt->root, pgt->start_level, iova, dw.end);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_read_and_clear_dirty);

/* ---------------------------------------------------------------------- */
/* What the CD and the STE need                                           */
/* ---------------------------------------------------------------------- */

/**
 * swsmmu_pgtable_root() - physical address of the starting table
 * @pgt: the table
 *
 * Return: TTB0 (stage 1) or S2TTB (stage 2); with concatenated starting
 * tables, the first of them, aligned to their total size.
 */
phys_addr_t swsmmu_pgtable_root(const struct swsmmu_pgtable *pgt)
{
	return virt_to_phys(pgt->root);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_root);

/**
 * swsmmu_pgtable_tsz() - the TxSZ field: T0SZ or S2T0SZ
 * @pgt: the table
 *
 * Return: 64 - ias.
 */
unsigned int swsmmu_pgtable_tsz(const struct swsmmu_pgtable *pgt)
{
	return 64 - pgt->cfg.ias;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_tsz);

/**
 * swsmmu_pgtable_start_level() - level of the starting table
 * @pgt: the table
 *
 * Return: 0 to 3; stage 1 implies it from TxSZ, stage 2 encodes it in
 * S2SL0 (swsmmu_pgtable_s2_sl0()).
 */
unsigned int swsmmu_pgtable_start_level(const struct swsmmu_pgtable *pgt)
{
	return pgt->start_level;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_start_level);

/**
 * swsmmu_pgtable_concat() - number of concatenated starting tables
 * @pgt: the table
 *
 * Return: 1 without concatenation (always so at stage 1), else 2 to 16.
 */
unsigned int swsmmu_pgtable_concat(const struct swsmmu_pgtable *pgt)
{
	return 1U << pgt->concat_bits;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_concat);

/**
 * swsmmu_pgtable_s2_sl0() - the STE's S2SL0 for this table's starting level
 * @pgt: a stage-2 table
 *
 * Return: STRTAB_STE_2_S2SL0_4K_* or STRTAB_STE_2_S2SL0_16K_64K_*.
 */
unsigned int swsmmu_pgtable_s2_sl0(const struct swsmmu_pgtable *pgt)
{
	if (pgt->cfg.granule_shift == 12)
		return STRTAB_STE_2_S2SL0_4K_L0 - pgt->start_level;
	return STRTAB_STE_2_S2SL0_16K_64K_L3 + (PGT_LEVELS - 1) -
	       pgt->start_level;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_s2_sl0);

/**
 * swsmmu_pgtable_tg() - the granule as TG0 (CD) or S2TG (STE) encodes it
 * @pgt: the table
 *
 * Return: SWSMMU_TCR_TG0_4K, SWSMMU_TCR_TG0_16K or SWSMMU_TCR_TG0_64K.
 */
unsigned int swsmmu_pgtable_tg(const struct swsmmu_pgtable *pgt)
{
	switch (pgt->cfg.granule_shift) {
	case 14:
		return SWSMMU_TCR_TG0_16K;
	case 16:
		return SWSMMU_TCR_TG0_64K;
	default:
		return SWSMMU_TCR_TG0_4K;
	}
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_tg);

/**
 * swsmmu_pgtable_ps() - the output size as IPS (CD) or S2PS (STE) encodes it
 * @pgt: the table
 *
 * Return: PA_SIZE_* for oas.
 */
unsigned int swsmmu_pgtable_ps(const struct swsmmu_pgtable *pgt)
{
	return pgt_ps_encode(pgt->cfg.oas);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_ps);

/**
 * swsmmu_pgtable_mair() - MAIR for the AttrIndx values of stage-1 leaves
 * @pgt: the table
 *
 * Return: the CD's MAIR: Attr0 Normal WB (IOMMU_CACHE), Attr1 Normal
 * Non-cacheable, Attr2 Device-nGnRE (IOMMU_MMIO); 0 for stage 2, whose
 * leaves carry the memory type themselves.
 */
u64 swsmmu_pgtable_mair(const struct swsmmu_pgtable *pgt)
{
	if (pgt->cfg.stage != 1)
		return 0;
	return (u64)SWSMMU_MAIR_ATTR_NORMAL_WB << SWSMMU_MAIR_ATTR_SHIFT(SWSMMU_PGT_ATTRIDX_WB) |
	       (u64)SWSMMU_MAIR_ATTR_NORMAL_NC << SWSMMU_MAIR_ATTR_SHIFT(SWSMMU_PGT_ATTRIDX_NC) |
	       (u64)SWSMMU_MAIR_ATTR_DEVICE_NGNRE << SWSMMU_MAIR_ATTR_SHIFT(SWSMMU_PGT_ATTRIDX_DEV);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_mair);

/**
 * swsmmu_pgtable_nr_tables() - tables currently linked below the root
 * @pgt: the table
 *
 * Return: the number of next-level tables reachable from the starting
 * table(s); tables queued on a gather freelist are no longer counted.
 */
unsigned int swsmmu_pgtable_nr_tables(const struct swsmmu_pgtable *pgt)
{
	return atomic_read(&pgt->nr_tables);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_pgtable_nr_tables);
