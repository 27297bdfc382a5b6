/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMSAv8-64 translation tables built by the swsmmu IOMMU driver for its
 * paging domains (stage 1 or stage 2, 4KB, 16KB or 64KB granule).
 *
 * The tables are written for a walker that runs concurrently on other
 * CPUs and reads every descriptor with a single 64-bit load; the rules
 * that make this safe are described at the top of pgtable.c.
 */
#ifndef _SWSMMU_IOMMU_PGTABLE_H
#define _SWSMMU_IOMMU_PGTABLE_H

#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/types.h>

struct swsmmu_pgtable;

/**
 * struct swsmmu_pgtable_cfg - shape of a translation table
 * @stage: 1 (VA to PA through a CD) or 2 (IPA to PA through an STE)
 * @granule_shift: log2 of the translation granule: 12, 14 or 16
 * @ias: input address size in bits, 32 to 48 (TxSZ = 64 - @ias)
 * @oas: output address size in bits: 32, 36, 40, 42, 44 or 48; it bounds
 *       the mapped physical addresses and the table pages themselves
 * @domain: optional; when set, unmapped ranges are added to the gather with
 *          iommu_iotlb_gather_add_page() on this domain, which may call its
 *          ->iotlb_sync() in the middle of an unmap (the driver's
 *          ->iotlb_sync() must then free the gather's freelist, see
 *          swsmmu_pgtable_put_pages_list()).  When NULL, ranges are merged
 *          with iommu_iotlb_gather_add_range() and gather->pgsize is left
 *          alone.
 * @dbm: dirty tracking: every writable leaf is mapped with DBM set,
 *       writable-dirty, for an SMMU with HD (stage 1) or S2HD (stage 2) to
 *       find writable-clean after swsmmu_pgtable_read_and_clear_dirty()
 */
struct swsmmu_pgtable_cfg {
	u8 stage;
	u8 granule_shift;
	u8 ias;
	u8 oas;
	struct iommu_domain *domain;
	bool dbm;
};

/**
 * typedef swsmmu_pgtable_dirty_fn - records a dirty range
 * @opaque: the caller's argument
 * @iova: start of the range
 * @size: its length in bytes
 */
typedef void (*swsmmu_pgtable_dirty_fn)(void *opaque, unsigned long iova,
					size_t size);

/*
 * Stage-1 memory attributes: the AttrIndx values written into descriptors
 * and the MAIR attribute each index selects (swsmmu_pgtable_mair() returns
 * the MAIR value to program into the CD).
 */
#define SWSMMU_PGT_ATTRIDX_WB		0	/* IOMMU_CACHE */
#define SWSMMU_PGT_ATTRIDX_NC		1	/* neither IOMMU_CACHE nor MMIO */
#define SWSMMU_PGT_ATTRIDX_DEV		2	/* IOMMU_MMIO */

struct swsmmu_pgtable *swsmmu_pgtable_alloc(const struct swsmmu_pgtable_cfg *cfg,
					    gfp_t gfp);
void swsmmu_pgtable_free(struct swsmmu_pgtable *pgt);
unsigned long swsmmu_pgtable_pgsize_bitmap(const struct swsmmu_pgtable_cfg *cfg);

int swsmmu_pgtable_map(struct swsmmu_pgtable *pgt, unsigned long iova,
		       phys_addr_t paddr, size_t pgsize, size_t pgcount,
		       int prot, gfp_t gfp, size_t *mapped);
size_t swsmmu_pgtable_unmap(struct swsmmu_pgtable *pgt, unsigned long iova,
			    size_t pgsize, size_t pgcount,
			    struct iommu_iotlb_gather *gather);
phys_addr_t swsmmu_pgtable_iova_to_phys(struct swsmmu_pgtable *pgt,
					unsigned long iova);
void swsmmu_pgtable_put_pages_list(struct list_head *list);
int swsmmu_pgtable_read_and_clear_dirty(struct swsmmu_pgtable *pgt,
					unsigned long iova, size_t size,
					unsigned long flags,
					swsmmu_pgtable_dirty_fn record,
					void *opaque,
					struct iommu_iotlb_gather *gather);

/* What the CD (stage 1) or the STE (stage 2) needs to point at the tables */
phys_addr_t swsmmu_pgtable_root(const struct swsmmu_pgtable *pgt);
unsigned int swsmmu_pgtable_tsz(const struct swsmmu_pgtable *pgt);
unsigned int swsmmu_pgtable_start_level(const struct swsmmu_pgtable *pgt);
unsigned int swsmmu_pgtable_concat(const struct swsmmu_pgtable *pgt);
unsigned int swsmmu_pgtable_s2_sl0(const struct swsmmu_pgtable *pgt);
unsigned int swsmmu_pgtable_tg(const struct swsmmu_pgtable *pgt);
unsigned int swsmmu_pgtable_ps(const struct swsmmu_pgtable *pgt);
u64 swsmmu_pgtable_mair(const struct swsmmu_pgtable *pgt);
unsigned int swsmmu_pgtable_nr_tables(const struct swsmmu_pgtable *pgt);

#endif /* _SWSMMU_IOMMU_PGTABLE_H */
