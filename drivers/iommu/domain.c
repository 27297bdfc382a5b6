// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: paging domains.
 *
 * A paging domain owns one set of VMSAv8-64 tables (pgtable.c) for stage 1
 * (the default: the tables hang off a CD, tagged by an ASID) or stage 2
 * (stage=2: they hang off the STE, tagged by a VMID).  Attaching writes the
 * master's CD and STE; every change of a live mapping is followed by TLBI
 * commands and a CMD_SYNC, all through the command queue.
 *
 * No ->iotlb_sync_map: the SMMU never caches an invalid translation or an
 * invalid table descriptor, so a new mapping is visible to it as soon as the
 * descriptor is written (the same reasoning as arm-smmu-v3's).
 */
#include <linux/bitfield.h>
#include <linux/iommu.h>
#include <linux/iova_bitmap.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include <uapi/linux/iommufd.h>
#include <swsmmu/arch.h>
#include <swsmmu/param.h>
#include "swsmmu.h"
#include "entry.h"
#include "pgtable.h"

static int stage_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_uint_range(val, kp, 0, 2);
}

static const struct kernel_param_ops stage_ops = {
	.set = stage_set,
	.get = param_get_uint,
};

static unsigned int stage;
module_param_cb(stage, &stage_ops, &stage, 0444);
MODULE_PARM_DESC(stage,
		 "Translation stage of paging domains: 1, 2, or 0 (default): stage 1 if the SMMU has it, else 2");

static int granule_set(const char *val, const struct kernel_param *kp)
{
	static const unsigned int kib[] = { 0, 4, 16, 64 };

	return swsmmu_param_set_uint_choice(val, kp, kib, ARRAY_SIZE(kib));
}

static const struct kernel_param_ops granule_ops = {
	.set = granule_set,
	.get = param_get_uint,
};

static unsigned int granule;
module_param_cb(granule, &granule_ops, &granule, 0444);
MODULE_PARM_DESC(granule,
		 "Translation granule of paging domains in KiB: 4, 16, 64, or 0 (default): the smallest the SMMU has");

/* Input address size of paging domains: 48-bit VAs/IPAs */
#define SWSMMU_DOMAIN_IAS	48

/*
 * The stage and granule of a new paging domain: what the parameters ask
 * for, or with 0 ("auto") the stage and granule Linux's arm-smmu-v3 would
 * pick, so that a reduced SMMU (swsmmu.ko features=-s1p,-gran4k, ...)
 * still gets working DMA domains.  An explicit request the SMMU cannot
 * honour fails domain allocation.
 */
static int swsmmu_domain_params(struct swsmmu_device *smmu, u8 *stg, u8 *gshift)
{
	switch (granule) {
	case 0:
		*gshift = __ffs(smmu->pgsize_bitmap);
		break;
	case 4:
		*gshift = 12;
		break;
	case 16:
		*gshift = 14;
		break;
	case 64:
		*gshift = 16;
		break;
	default:
		return -EINVAL;
	}
	if (!(smmu->pgsize_bitmap & BIT(*gshift)))
		return -EINVAL;
	if (stage == 0)
		*stg = smmu->s1 ? 1 : 2;
	else if ((stage == 1 && smmu->s1) || (stage == 2 && smmu->s2))
		*stg = stage;
	else
		return -EINVAL;
	return 0;
}

/**
 * swsmmu_domain_dma_capable() - can the DMA API use this SMMU's domains?
 * @smmu: the SMMU
 *
 * iommu-dma needs an IOVA granule no larger than the CPU page (iova.c
 * BUG()s otherwise).  With a larger granule (granule=64, or an SMMU
 * without 4KB pages) only UNMANAGED domains are offered, and default
 * domains are identity (swsmmu_def_domain_type()).
 *
 * Return: true if paging domains can be, and fit, DMA domains.
 */
bool swsmmu_domain_dma_capable(struct swsmmu_device *smmu)
{
	u8 stg, gshift;

	return !swsmmu_domain_params(smmu, &stg, &gshift) &&
	       BIT(gshift) <= PAGE_SIZE;
}

static const struct iommu_dirty_ops swsmmu_dirty_ops;

static struct iommu_domain *swsmmu_domain_alloc(struct device *dev, bool dirty)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	struct swsmmu_device *smmu = master->smmu;
	struct swsmmu_pgtable_cfg cfg = { };
	struct swsmmu_domain *d;
	int id, ret;

	d = swsmmu_fail_alloc() ? NULL : kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return ERR_PTR(-ENOMEM);
	ret = swsmmu_domain_params(smmu, &d->stage, &d->granule_shift);
	if (ret)
		goto err_free;

	cfg.stage = d->stage;
	cfg.granule_shift = d->granule_shift;
	cfg.ias = min(SWSMMU_DOMAIN_IAS, d->stage == 2 ? smmu->oas : 64);
	/* Our tables stop at 48-bit output: map_pages refuses higher PAs */
	cfg.oas = min(smmu->oas, 48U);
	cfg.domain = &d->domain;
	cfg.dbm = dirty;
	d->pgt = swsmmu_pgtable_alloc(&cfg, GFP_KERNEL);
	if (IS_ERR(d->pgt)) {
		ret = PTR_ERR(d->pgt);
		goto err_free;
	}

	if (d->stage == 1)
		id = ida_alloc_range(&swsmmu_asid_ida, 1, smmu->asid_max,
				     GFP_KERNEL);
	else
		id = ida_alloc_range(&swsmmu_vmid_ida, 1, smmu->vmid_max,
				     GFP_KERNEL);
	if (id < 0) {
		ret = id;
		goto err_pgt;
	}
	if (d->stage == 1)
		d->asid = id;
	else
		d->vmid = id;

	d->san = swsmmu_san_domain_alloc(d->granule_shift);
	if (IS_ERR(d->san)) {
		ret = PTR_ERR(d->san);
		goto err_id;
	}

	d->smmu = smmu;
	d->smmus[0] = smmu;
	d->nr_smmus = 1;
	spin_lock_init(&d->masters_lock);
	INIT_LIST_HEAD(&d->masters);
	d->domain.ops = &swsmmu_paging_ops;
	d->dirty = dirty;
	if (dirty)
		d->domain.dirty_ops = &swsmmu_dirty_ops;
	d->domain.pgsize_bitmap = swsmmu_pgtable_pgsize_bitmap(&cfg);
	d->domain.geometry.aperture_start = 0;
	d->domain.geometry.aperture_end = BIT_ULL(cfg.ias) - 1;
	d->domain.geometry.force_aperture = true;
	return &d->domain;

err_id:
	if (d->stage == 1)
		ida_free(&swsmmu_asid_ida, d->asid);
	else
		ida_free(&swsmmu_vmid_ida, d->vmid);
err_pgt:
	swsmmu_pgtable_free(d->pgt);
err_free:
	kfree(d);
	return ERR_PTR(ret);
}

/**
 * swsmmu_domain_alloc_paging() - allocate a paging domain for a device
 * @dev: a device of the SMMU the domain will be used with
 *
 * Return: the domain or an ERR_PTR().
 */
struct iommu_domain *swsmmu_domain_alloc_paging(struct device *dev)
{
	return swsmmu_domain_alloc(dev, false);
}

/**
 * swsmmu_domain_alloc_user() - the iommu_ops.domain_alloc_user callback
 * @dev: a device of the SMMU the domain will be used with
 * @flags: IOMMU_HWPT_ALLOC_DIRTY_TRACKING or 0
 * @parent: must be NULL (no nesting)
 * @user_data: must be NULL (no driver-specific data)
 *
 * iommufd's paging domains.  With IOMMU_HWPT_ALLOC_DIRTY_TRACKING the
 * SMMU keeps the dirty state (CD.HA and HD, or STE.S2HA and S2HD) and
 * every writable leaf carries DBM; that needs IDR0.HTTU == 2
 * (IOMMU_CAP_DIRTY_TRACKING).
 *
 * Return: an UNMANAGED domain, ERR_PTR(-EOPNOTSUPP) for any flag, parent
 * or data we do not support or dirty tracking without hardware dirty
 * state, or another ERR_PTR() as swsmmu_domain_alloc_paging().
 */
struct iommu_domain *
swsmmu_domain_alloc_user(struct device *dev, u32 flags,
			 struct iommu_domain *parent,
			 const struct iommu_user_data *user_data)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	bool dirty = flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING;
	struct iommu_domain *dom;

	if ((flags & ~IOMMU_HWPT_ALLOC_DIRTY_TRACKING) || parent || user_data)
		return ERR_PTR(-EOPNOTSUPP);
	if (dirty && !master->smmu->httu_dirty)
		return ERR_PTR(-EOPNOTSUPP);
	dom = swsmmu_domain_alloc(dev, dirty);
	if (!IS_ERR(dom))
		dom->type = IOMMU_DOMAIN_UNMANAGED;
	return dom;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_domain_alloc_user);

static struct swsmmu_tlbi swsmmu_domain_tlbi(const struct swsmmu_domain *d)
{
	return (struct swsmmu_tlbi) {
		.stage = d->stage,
		.asid = d->asid,
		.vmid = d->vmid,
		.granule_shift = d->granule_shift,
	};
}

/*
 * The SMMUs that may hold the domain's translations.  An SMMU that joins
 * after the caller read the count had its STE or CD written after the
 * caller's table change (attach publishes first, then writes), so it
 * cannot have cached what the change removed.
 */
static unsigned int swsmmu_domain_nr_smmus(struct swsmmu_domain *d)
{
	unsigned int n;

	/* Pairs with swsmmu_domain_add_smmu(): the entries below n are set */
	n = smp_load_acquire(&d->nr_smmus);

#ifdef SWSMMU_MUTANT_first_smmu_only
	/* Mutant (tools/mutants.sh): only the allocating SMMU is invalidated */
	n = 1;
#endif
	return n;
}

/* Invalidate everything the domain's tag may have cached, and wait */
static void swsmmu_domain_flush_all(struct swsmmu_domain *d)
{
	unsigned int i, n = swsmmu_domain_nr_smmus(d);
	struct swsmmu_cmd cmd;

	if (d->stage == 1)
		swsmmu_cmd_tlbi_asid(&cmd, d->asid);
	else
		swsmmu_cmd_tlbi_vmall(&cmd, d->vmid);
	for (i = 0; i < n; i++)
		swsmmu_cmdq_issue(d->smmus[i], &cmd, 1, true);
	/* The TLB first, or a Translation Request could refill an ATC */
	swsmmu_domain_atc_inv(d, 0, 0);
}

/*
 * Let @smmu's masters use @d: its tables, tag and granule must mean the
 * same there as on the SMMU it was allocated for.  The instances the board
 * creates are alike, so this refuses only SMMUs built differently.
 */
static int swsmmu_domain_add_smmu(struct swsmmu_domain *d,
				  struct swsmmu_device *smmu)
{
	unsigned long flags;
	unsigned int i;
	int ret = 0;

	if (smmu != d->smmu) {
		if (d->stage == 1 ? !smmu->s1 || d->asid > smmu->asid_max :
				    !smmu->s2 || d->vmid > smmu->vmid_max)
			return -EINVAL;
		if (!(smmu->pgsize_bitmap & BIT(d->granule_shift)) ||
		    smmu->oas < d->smmu->oas)
			return -EINVAL;
	}
	spin_lock_irqsave(&d->masters_lock, flags);
	for (i = 0; i < d->nr_smmus; i++)
		if (d->smmus[i] == smmu)
			break;
	if (i == d->nr_smmus) {
		if (i < ARRAY_SIZE(d->smmus)) {
			d->smmus[i] = smmu;
			/* Readers see the entry before the count covers it */
			smp_store_release(&d->nr_smmus, i + 1);
		} else {
			ret = -ENOSPC;
		}
	}
	spin_unlock_irqrestore(&d->masters_lock, flags);
	return ret;
}

static void swsmmu_domain_free(struct iommu_domain *dom)
{
	struct swsmmu_domain *d = to_swsmmu_domain(dom);

	/* Nothing is attached any more: drop what the TLB holds, then the tables */
#ifndef SWSMMU_MUTANT_asid_reuse_no_tlbi
	swsmmu_domain_flush_all(d);
#else
	/* Mutant (tools/mutants.sh): the ASID/VMID goes back still cached */
#endif
	/* Waits for device accesses still looking at the domain's records */
	swsmmu_san_domain_free(d->san);
	swsmmu_pgtable_free(d->pgt);
	if (d->stage == 1)
		ida_free(&swsmmu_asid_ida, d->asid);
	else
		ida_free(&swsmmu_vmid_ida, d->vmid);
	kfree(d);
}

/**
 * swsmmu_master_detach() - forget the paging domain a master was attached to
 * @master: the master; its STE has already been changed away from it
 */
void swsmmu_master_detach(struct swsmmu_master *master)
{
	struct swsmmu_domain *d = master->domain;
	unsigned long flags;

	if (!d)
		return;
	spin_lock_irqsave(&d->masters_lock, flags);
	list_del(&master->domain_node);
	spin_unlock_irqrestore(&d->masters_lock, flags);
	WRITE_ONCE(master->domain, NULL);
}

/**
 * swsmmu_domain_cd() - the CD that makes a stage-1 domain translate
 * @d: a stage-1 paging domain
 * @cd: filled
 */
void swsmmu_domain_cd(const struct swsmmu_domain *d, struct swsmmu_cd *cd)
{
	struct swsmmu_cd_params p = {
		.ttb0 = swsmmu_pgtable_root(d->pgt),
		.t0sz = swsmmu_pgtable_tsz(d->pgt),
		.tg0 = swsmmu_pgtable_tg(d->pgt),
		.ips = swsmmu_pgtable_ps(d->pgt),
		.asid = d->asid,
		.mair = swsmmu_pgtable_mair(d->pgt),
		.ha = d->dirty,
		.hd = d->dirty,
		.record = true,
	};

	swsmmu_cd_s1(cd, &p);
}

static int swsmmu_attach_paging(struct iommu_domain *dom, struct device *dev)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	struct swsmmu_domain *d = to_swsmmu_domain(dom);
	unsigned long flags;
	int ret;

	/* Before the STE or CD: from then on the SMMU may cache the tables */
	ret = swsmmu_domain_add_smmu(d, master->smmu);
	if (ret)
		return ret;

	/* The STEs written from here on allow ATS if the function may use it */
	swsmmu_master_ats_prepare(master);
	if (d->stage == 1) {
		struct swsmmu_cd cdv;

		swsmmu_domain_cd(d, &cdv);
		ret = swsmmu_master_write_cd(master, 0, &cdv);
		if (ret) {
			master->eats = master->ats_enabled;
			return ret;
		}
		swsmmu_master_set_rid(master, SWSMMU_RID_S1);
	} else {
		struct swsmmu_s2_params s2 = {
			.vttb = swsmmu_pgtable_root(d->pgt),
			.vmid = d->vmid,
			.t0sz = swsmmu_pgtable_tsz(d->pgt),
			.sl0 = swsmmu_pgtable_s2_sl0(d->pgt),
			.tg = swsmmu_pgtable_tg(d->pgt),
			.ps = swsmmu_pgtable_ps(d->pgt),
			.ha = d->dirty,
			.hd = d->dirty,
			.record = true,
		};
		struct swsmmu_ste ste = { };

		/* Stage 2 alone has no substreams: PASIDs must be gone */
		if (READ_ONCE(master->nr_pasids)) {
			master->eats = master->ats_enabled;
			return -EBUSY;
		}
		swsmmu_ste_s2(&ste, &s2);
		swsmmu_master_write_ste(master, &ste);
		swsmmu_master_set_rid(master, SWSMMU_RID_S2);
	}

	if (master->domain != d) {
		swsmmu_master_detach(master);
		spin_lock_irqsave(&d->masters_lock, flags);
		list_add(&master->domain_node, &d->masters);
		spin_unlock_irqrestore(&d->masters_lock, flags);
		WRITE_ONCE(master->domain, d);
	}
	/* On the domain's list first: its invalidations now reach the ATC */
	swsmmu_master_ats_enable(master);
	return 0;
}

/*
 * A stage-1 paging domain on one PASID of a device: its CD goes into the
 * master's CD table at that index.  The domain's TLB entries are tagged by
 * its ASID whatever the PASID, so invalidation is unchanged.
 */
static int swsmmu_set_dev_pasid(struct iommu_domain *dom, struct device *dev,
				ioasid_t pasid, struct iommu_domain *old)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	struct swsmmu_domain *d = to_swsmmu_domain(dom);
	struct swsmmu_cd cdv;

	int ret;

	if (d->stage != 1)
		return -EINVAL;
	ret = swsmmu_domain_add_smmu(d, master->smmu);
	if (ret)
		return ret;
	swsmmu_domain_cd(d, &cdv);
	return swsmmu_master_set_pasid(master, pasid, &cdv);
}

/**
 * swsmmu_remove_dev_pasid() - the iommu_ops.remove_dev_pasid callback
 * @dev: the device
 * @pasid: the PASID a domain was attached to with set_dev_pasid
 * @domain: that domain (paging or SVA)
 *
 * Clears the CD: from then on the PASID's traffic gets C_BAD_CD.  Page
 * requests already queued for the PASID are flushed by the caller of the
 * SVA unbind (iopf_queue_flush_dev()) before the domain goes.
 */
void swsmmu_remove_dev_pasid(struct device *dev, ioasid_t pasid,
			     struct iommu_domain *domain)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);

	WARN_ON(swsmmu_master_set_pasid(master, pasid, NULL));
}

static int swsmmu_map_pages(struct iommu_domain *dom, unsigned long iova,
			    phys_addr_t paddr, size_t pgsize, size_t pgcount,
			    int prot, gfp_t gfp, size_t *mapped)
{
	struct swsmmu_domain *d = to_swsmmu_domain(dom);
	size_t before = *mapped;
	int ret;

	atomic64_inc(&d->smmu->stats.maps);
	ret = swsmmu_pgtable_map(d->pgt, iova, paddr, pgsize, pgcount, prot,
				 gfp, mapped);
	/* What was mapped before a failure is unmapped by the core: record it */
	swsmmu_san_map(d->san, iova, *mapped - before, prot);
	return ret;
}

static size_t swsmmu_unmap_pages(struct iommu_domain *dom, unsigned long iova,
				 size_t pgsize, size_t pgcount,
				 struct iommu_iotlb_gather *gather)
{
	struct swsmmu_domain *d = to_swsmmu_domain(dom);
	size_t unmapped;

	atomic64_inc(&d->smmu->stats.unmaps);
	unmapped = swsmmu_pgtable_unmap(d->pgt, iova, pgsize, pgcount, gather);
	swsmmu_san_unmap(d->san, iova, unmapped);
	return unmapped;
}

static void swsmmu_flush_iotlb_all(struct iommu_domain *dom)
{
	swsmmu_domain_flush_all(to_swsmmu_domain(dom));
}

static void swsmmu_iotlb_sync(struct iommu_domain *dom,
			      struct iommu_iotlb_gather *gather)
{
	struct swsmmu_domain *d = to_swsmmu_domain(dom);
	struct swsmmu_tlbi inv = swsmmu_domain_tlbi(d);
	unsigned int i, n;
	bool leaf;

	if (gather->end < gather->start) {
		/* Nothing was unmapped; a table is never freed without a range */
		swsmmu_pgtable_put_pages_list(&gather->freelist);
		return;
	}
	/* Freed tables mean non-leaf entries changed too */
	leaf = list_empty(&gather->freelist);
#ifdef SWSMMU_MUTANT_leaf_tlbi_table_free
	/* Mutant (tools/mutants.sh): Leaf=1 although a table was unlinked */
	leaf = true;
#endif
#ifdef SWSMMU_MUTANT_pte_no_tlbi
	/* Mutant (tools/mutants.sh): cleared leaves are never invalidated */
	if (leaf)
		return;
#endif
#ifdef SWSMMU_MUTANT_free_pgtable_before_sync
	/* Mutant (tools/mutants.sh): tables freed before the SMMU forgets them */
	swsmmu_pgtable_put_pages_list(&gather->freelist);
#endif
	/* Every SMMU the domain was attached through may have walked them */
	n = swsmmu_domain_nr_smmus(d);
	for (i = 0; i < n; i++) {
		struct swsmmu_cmd_batch b = { };

		swsmmu_tlbi_range(d->smmus[i], &b, &inv, gather->start,
				  gather->end - gather->start + 1, leaf);
		swsmmu_batch_submit(d->smmus[i], &b);
	}
	/* After the TLB's CMD_SYNC: the functions' ATCs (ats.c) */
	swsmmu_domain_atc_inv(d, gather->start, gather->end - gather->start + 1);
	/* Only now can no walk reach the unlinked tables */
	swsmmu_pgtable_put_pages_list(&gather->freelist);
}

static phys_addr_t swsmmu_iova_to_phys(struct iommu_domain *dom,
				       dma_addr_t iova)
{
	return swsmmu_pgtable_iova_to_phys(to_swsmmu_domain(dom)->pgt, iova);
}

/* Records into iommufd's bitmap; the gather is filled by the table walk */
static void swsmmu_dirty_record(void *opaque, unsigned long iova, size_t size)
{
	struct iommu_dirty_bitmap *dirty = opaque;

	if (dirty->bitmap)
		iova_bitmap_set(dirty->bitmap, iova, size);
}

static int swsmmu_read_and_clear_dirty(struct iommu_domain *dom,
				       unsigned long iova, size_t size,
				       unsigned long flags,
				       struct iommu_dirty_bitmap *dirty)
{
	struct swsmmu_domain *d = to_swsmmu_domain(dom);

	/* The caller invalidates the gather (->iotlb_sync()) afterwards */
	return swsmmu_pgtable_read_and_clear_dirty(d->pgt, iova, size, flags,
						   swsmmu_dirty_record, dirty,
						   dirty->gather);
}

/*
 * The SMMU keeps the dirty state from allocation on and new writable
 * leaves start dirty, so there is nothing to switch: iommufd clears the
 * state when tracking starts and stops reading it when tracking stops.
 * Leaves left writable-clean then cost one descriptor update on the next
 * write, no more.
 */
static int swsmmu_set_dirty_tracking(struct iommu_domain *dom, bool enabled)
{
	return 0;
}

#if IS_ENABLED(CONFIG_IOMMUFD_DRIVER)
/* iova_bitmap_set(); a stub that does nothing without iommufd */
MODULE_IMPORT_NS(IOMMUFD);
#endif

static const struct iommu_dirty_ops swsmmu_dirty_ops = {
	.set_dirty_tracking = swsmmu_set_dirty_tracking,
	.read_and_clear_dirty = swsmmu_read_and_clear_dirty,
};

const struct iommu_domain_ops swsmmu_paging_ops = {
	.attach_dev = swsmmu_attach_paging,
	.set_dev_pasid = swsmmu_set_dev_pasid,
	.map_pages = swsmmu_map_pages,
	.unmap_pages = swsmmu_unmap_pages,
	.flush_iotlb_all = swsmmu_flush_iotlb_all,
	.iotlb_sync = swsmmu_iotlb_sync,
	.iova_to_phys = swsmmu_iova_to_phys,
	.free = swsmmu_domain_free,
};
