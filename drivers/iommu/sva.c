// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: shared virtual addressing (SVA) domains.
 *
 * x86 page tables are not in the SMMU's format, so a CD cannot point at
 * mm->pgd.  Each SVA domain instead owns a stage-1 VMSAv8-64 table (4KB
 * granule, 48-bit VA, 4 levels) that mirrors part of the process's
 * address space, tagged by an ASID of its own:
 *
 *  - The mirror starts empty.  A device access that misses is terminated
 *    silently (CD.R=0, CD.A=1) and the device sends a PRI Page Request; the
 *    iopf handler (iopf.c) calls swsmmu_sva_fault(), which checks the VMA
 *    permissions, faults the page in with handle_mm_fault() under
 *    mmap_read_lock, looks the page up (GUP with FOLL_NOFAULT, which never
 *    faults again) and installs one 4KB leaf: read-only unless the request
 *    asked for write permission, which is only granted where the VMA allows
 *    writing.  A read of an untouched anonymous page mirrors the shared zero
 *    page read-only; a later device write faults again and breaks COW.
 *
 *  - Coherence is kept by an mmu interval notifier covering the whole user
 *    address space.  Its invalidate callback clears the leaves in the range
 *    and, if any was valid, issues CMD_TLBI_NH_VA by ASID for the range and a
 *    CMD_SYNC before it returns, so after munmap(), mprotect(),
 *    madvise(MADV_DONTNEED), COW (fork, write to the zero page), migration,
 *    reclaim or exit the SMMU can no longer use the old translation.
 *
 *  - The fault path and the notifier are serialised by the notifier's
 *    sequence: the page is looked up between mmu_interval_read_begin() and
 *    a mmu_interval_read_retry() check made under @lock, the lock the
 *    invalidate callback holds while it clears, so a translation that an
 *    invalidation overtook is never installed (the fault is retried).
 *
 *  - A table that an invalidation leaves empty is unlinked and freed, so
 *    the mirror does not grow with every region a process ever let the
 *    device touch.  Its descriptor is cleared first, then the whole ASID
 *    is invalidated (a leaf-only TLBI would leave the SMMU free to keep
 *    walking the unlinked table: IHI 0070 3.17, walk caches) and a
 *    CMD_SYNC waits for transactions that may still be walking it, and
 *    only then is the page freed.  Tables are only ever added by the
 *    fault path and removed by the notifier, both under @lock, so no
 *    table needs break-before-make.  The rest go with the domain, after
 *    its CDs are gone and its ASID has been invalidated.
 *
 *  - Table pages are charged to the process's memory cgroup
 *    (__GFP_ACCOUNT under the mm's memcg: the fault path runs on a
 *    kworker), and counted in debugfs (sva_table_pages).
 *
 * The device side (drivers/tdev/sva.c) retries an access after a Success
 * response; an Invalid Request response fails its operation.
 *
 * Why a table writer of its own rather than pgtable.c's: pgtable.c serves
 * map/unmap from any context without a lock (tables allocated on the way
 * down and published with cmpxchg, blocks at several levels, tables
 * unlinked by unmap and freed after the IOTLB sync).  The mirror instead
 * changes under @lock, which the mmu notifier holds in a context that may
 * not allocate, so tables come from pages allocated before the lock; it
 * has one granule, 4KB leaves only and unprivileged user permissions; and
 * it unlinks a table only when an invalidation empties it, under @lock.
 * What the two share is what the architecture
 * fixes: the descriptor encodings of <swsmmu/arch.h>, and the TLB
 * invalidation (swsmmu_tlbi_range()).
 */
#include <linux/bitfield.h>
#include <linux/memcontrol.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include <swsmmu/iommu.h>
#include "swsmmu.h"
#include "entry.h"

/* Mirrored VA space: 48 bits, 4KB granule, levels 0 to 3 */
#define SVA_VA_BITS		48
#define SVA_LEVELS		4
#define SVA_STRIDE		9
#define SVA_PTRS		BIT(SVA_STRIDE)
/* How often one page request retries a fault that an invalidation raced */
#define SVA_FAULT_TRIES		16

/**
 * struct swsmmu_sva_domain - an SVA domain and its mirrored table
 * @domain: the IOMMU core's domain (domain.mm is the process)
 * @smmu: the SMMU
 * @asid: its ASID
 * @root: level-0 table
 * @lock: serialises changes of the table with the invalidate callback;
 *        a spinlock because the callback may not sleep
 * @tables: every table page, for freeing (page->lru), under @lock
 * @notifier: the mmu interval notifier over the whole user VA space
 */
struct swsmmu_sva_domain {
	struct iommu_domain domain;
	struct swsmmu_device *smmu;
	u16 asid;
	__le64 *root;
	/* Protects the table contents and @tables */
	spinlock_t lock;
	struct list_head tables;
	struct mmu_interval_notifier notifier;
};

static struct swsmmu_sva_domain *to_sva(struct iommu_domain *dom)
{
	return container_of(dom, struct swsmmu_sva_domain, domain);
}

static unsigned int sva_index(u64 va, unsigned int lvl)
{
	return (va >> (PAGE_SHIFT + (SVA_LEVELS - 1 - lvl) * SVA_STRIDE)) &
	       (SVA_PTRS - 1);
}

static u64 sva_level_size(unsigned int lvl)
{
	return 1ULL << (PAGE_SHIFT + (SVA_LEVELS - 1 - lvl) * SVA_STRIDE);
}

/* Leaf for one user page: unprivileged, never executable, Normal WB */
static u64 sva_leaf(phys_addr_t pa, bool writable)
{
	unsigned int ap = SWSMMU_PTE_S1_AP_UNPRIV |
			  (writable ? 0 : SWSMMU_PTE_S1_AP_RDONLY);

	return SWSMMU_PTE_VALID | SWSMMU_PTE_TYPE | SWSMMU_PTE_AF |
	       SWSMMU_PTE_S1_NG | SWSMMU_PTE_S1_UXN | SWSMMU_PTE_S1_PXN |
	       FIELD_PREP(SWSMMU_PTE_SH, SWSMMU_TCR_SH_ISH) |
	       FIELD_PREP(SWSMMU_PTE_S1_ATTRINDX, 0) |
	       FIELD_PREP(SWSMMU_PTE_S1_AP, ap) | (pa & SWSMMU_PTE_ADDR);
}

/*
 * Install the leaf for @va, using pages of @spare for missing tables.
 * Returns the previous leaf value.  Under @sd->lock.
 */
static u64 sva_install(struct swsmmu_sva_domain *sd, u64 va, u64 leaf,
		       struct list_head *spare)
{
	__le64 *table = sd->root, *ptep;
	struct page *page;
	unsigned int lvl;
	u64 desc, old;

	lockdep_assert_held(&sd->lock);
	for (lvl = 0; lvl < SVA_LEVELS - 1; lvl++) {
		ptep = table + sva_index(va, lvl);
		desc = le64_to_cpu(READ_ONCE(*ptep));
		if (!(desc & SWSMMU_PTE_VALID)) {
			page = list_first_entry(spare, struct page, lru);
			list_move(&page->lru, &sd->tables);
			atomic64_inc(&sd->smmu->iopf.sva_table_pages);
			desc = (page_to_phys(page) & SWSMMU_PTE_ADDR) |
			       SWSMMU_PTE_TYPE | SWSMMU_PTE_VALID;
			/* The zeroed table before the descriptor reaching it */
			wmb();
			WRITE_ONCE(*ptep, cpu_to_le64(desc));
		}
		table = phys_to_virt(desc & SWSMMU_PTE_ADDR);
	}
	ptep = table + sva_index(va, lvl);
	old = le64_to_cpu(READ_ONCE(*ptep));
	WRITE_ONCE(*ptep, cpu_to_le64(leaf));
	return old;
}

/* Free the pages on @list; returns how many */
static unsigned int sva_free_pages(struct list_head *list)
{
	struct page *page, *next;
	unsigned int n = 0;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		__free_page(page);
		n++;
	}
	return n;
}

static bool sva_table_empty(const __le64 *table)
{
	unsigned int i;

	for (i = 0; i < SVA_PTRS; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * Clear the leaves in [@start, @end) of @table at @lvl, and unlink the
 * tables that leaves empty onto @freed.  True if any entry was cleared.
 */
static bool sva_clear(__le64 *table, unsigned int lvl, u64 base, u64 start,
		      u64 end, struct list_head *freed)
{
	u64 size = sva_level_size(lvl), desc, lo;
	unsigned int i = sva_index(start, lvl);
	bool cleared = false;
	__le64 *next;

	for (lo = base + i * size; i < SVA_PTRS && lo < end; i++, lo += size) {
		desc = le64_to_cpu(READ_ONCE(table[i]));
		if (!(desc & SWSMMU_PTE_VALID))
			continue;
		if (lvl == SVA_LEVELS - 1) {
			WRITE_ONCE(table[i], 0);
			cleared = true;
			continue;
		}
		next = phys_to_virt(desc & SWSMMU_PTE_ADDR);
		cleared |= sva_clear(next, lvl + 1, lo, max(start, lo),
				     min(end, lo + size), freed);
		if (sva_table_empty(next)) {
			WRITE_ONCE(table[i], 0);
			list_move(&virt_to_page(next)->lru, freed);
			cleared = true;
		}
	}
	return cleared;
}

/*
 * Invalidate the leaves of [@start, @start + @size) and wait (CMD_SYNC),
 * as paging domains do: range commands with IDR3.RIL, else one
 * CMD_TLBI_NH_VA per page, or the whole ASID beyond SWSMMU_TLBI_MAX_OPS
 * pages.  Only leaves change: tables are never freed while the domain
 * lives.
 */
static void sva_tlbi(struct swsmmu_sva_domain *sd, u64 start, u64 size)
{
	const struct swsmmu_tlbi inv = {
		.stage = 1,
		.asid = sd->asid,
		.granule_shift = PAGE_SHIFT,
	};
	u64 pages = DIV_ROUND_UP(size + offset_in_page(start), PAGE_SIZE);
	struct swsmmu_cmd_batch b = { };

	swsmmu_tlbi_range(sd->smmu, &b, &inv, start & PAGE_MASK,
			  pages << PAGE_SHIFT, true);
	/* CMD_SYNC: the SMMU no longer uses what was invalidated */
	swsmmu_batch_submit(sd->smmu, &b);
}

static bool swsmmu_sva_invalidate(struct mmu_interval_notifier *mn,
				  const struct mmu_notifier_range *range,
				  unsigned long cur_seq)
{
	struct swsmmu_sva_domain *sd =
		container_of(mn, struct swsmmu_sva_domain, notifier);
	u64 start = range->start, end = min_t(u64, range->end,
					      BIT_ULL(SVA_VA_BITS));
	struct swsmmu_cmd_batch b = { };
	struct swsmmu_cmd cmd;
	unsigned long flags;
	LIST_HEAD(freed);

	/* Never sleeps: fine for non-blockable ranges too */
	spin_lock_irqsave(&sd->lock, flags);
	mmu_interval_set_seq(mn, cur_seq);
	if (start < end && sva_clear(sd->root, 0, 0, start, end, &freed)) {
		if (list_empty(&freed)) {
			sva_tlbi(sd, start, end - start);
		} else {
			/* Walk caches too: the unlinked tables' contents */
			swsmmu_cmd_tlbi_asid(&cmd, sd->asid);
			swsmmu_batch_add(sd->smmu, &b, &cmd);
			swsmmu_batch_submit(sd->smmu, &b);
			/* CMD_SYNC done: nothing walks them any more */
			atomic64_sub(sva_free_pages(&freed),
				     &sd->smmu->iopf.sva_table_pages);
		}
		atomic64_inc(&sd->smmu->iopf.invalidations);
	}
	spin_unlock_irqrestore(&sd->lock, flags);
	return true;
}

static const struct mmu_interval_notifier_ops swsmmu_sva_mn_ops = {
	.invalidate = swsmmu_sva_invalidate,
};

/* Table pages, charged to @mm's memory cgroup whoever allocates them */
static struct page *sva_alloc_table(struct mm_struct *mm)
{
	struct mem_cgroup *memcg = get_mem_cgroup_from_mm(mm);
	struct mem_cgroup *old = set_active_memcg(memcg);
	struct page *page;

	page = swsmmu_fail_page_alloc(0) ? NULL :
	       alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	set_active_memcg(old);
	mem_cgroup_put(memcg);
	return page;
}

static int sva_alloc_spare(struct mm_struct *mm, struct list_head *spare)
{
	struct page *page;
	int i;

	for (i = 0; i < SVA_LEVELS - 1; i++) {
		page = sva_alloc_table(mm);
		if (!page)
			return -ENOMEM;
		list_add(&page->lru, spare);
	}
	return 0;
}

/* Fault @addr in and look its page up; mmap_read_lock held */
static int sva_fault_page(struct mm_struct *mm, u64 addr, bool write,
			  struct page **page)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	vm_fault_t fault;
	long got;

	/* The VMA decides: no write fault on a read-only mapping */
	if (!vma || (vma->vm_flags & (VM_IO | VM_PFNMAP)) ||
	    !(vma->vm_flags & (write ? VM_WRITE : VM_READ)))
		return -EFAULT;
	fault = handle_mm_fault(vma, addr,
				FAULT_FLAG_REMOTE |
				(write ? FAULT_FLAG_WRITE : 0), NULL);
	if (fault & VM_FAULT_ERROR)
		return -EFAULT;
	got = get_user_pages_remote(mm, addr, 1,
				    FOLL_NOFAULT | (write ? FOLL_WRITE : 0),
				    page, NULL);
	return got == 1 ? 0 : -EAGAIN;
}

/**
 * swsmmu_sva_fault() - resolve one page request of an SVA domain
 * @domain: the SVA domain the request's PASID is attached to
 * @addr: the faulting address
 * @perm: IOMMU_FAULT_PERM_* requested
 *
 * Process context (the iopf workqueue); sleeps.
 *
 * Return: 0 when the page is mirrored with the permission asked for (or
 * an invalidation kept overtaking the fault: the device will simply ask
 * again), -EFAULT for an address the process has no such mapping at,
 * -EINVAL for execute or privileged requests, -ESRCH once the process has
 * exited, -ENOMEM.
 */
int swsmmu_sva_fault(struct iommu_domain *domain, u64 addr, u32 perm)
{
	struct swsmmu_sva_domain *sd = to_sva(domain);
	bool write = perm & IOMMU_FAULT_PERM_WRITE;
	struct mm_struct *mm = domain->mm;
	unsigned long seq, flags;
	struct page *page;
	LIST_HEAD(spare);
	int ret, tries;
	u64 old;

	if (perm & (IOMMU_FAULT_PERM_EXEC | IOMMU_FAULT_PERM_PRIV))
		return -EINVAL;
	if (addr >= min_t(u64, TASK_SIZE_MAX, BIT_ULL(SVA_VA_BITS)))
		return -EFAULT;
	addr &= PAGE_MASK;
	if (!mmget_not_zero(mm))
		return -ESRCH;
	ret = sva_alloc_spare(mm, &spare);
	if (ret)
		goto out;

	for (tries = 0; tries < SVA_FAULT_TRIES; tries++) {
		seq = mmu_interval_read_begin(&sd->notifier);
		mmap_read_lock(mm);
		ret = sva_fault_page(mm, addr, write, &page);
		mmap_read_unlock(mm);
		if (ret == -EAGAIN)
			continue;
		if (ret)
			break;

		spin_lock_irqsave(&sd->lock, flags);
		if (mmu_interval_read_retry(&sd->notifier, seq)) {
			spin_unlock_irqrestore(&sd->lock, flags);
			put_page(page);
			ret = 0;
			continue;
		}
		old = sva_install(sd, addr, sva_leaf(page_to_phys(page), write),
				  &spare);
		/* A valid leaf replaced (read-only -> writable): drop its copy */
		if (old & SWSMMU_PTE_VALID)
			sva_tlbi(sd, addr, PAGE_SIZE);
		spin_unlock_irqrestore(&sd->lock, flags);
		put_page(page);
		atomic64_inc(&sd->smmu->iopf.faults_handled);
		break;
	}
	if (ret == -EAGAIN)
		ret = 0;	/* the device asks again */
out:
	sva_free_pages(&spare);
	mmput(mm);
	return ret;
}

static int swsmmu_sva_set_dev_pasid(struct iommu_domain *dom,
				    struct device *dev, ioasid_t pasid,
				    struct iommu_domain *old)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	struct swsmmu_sva_domain *sd = to_sva(dom);
	struct swsmmu_cd_params p = {
		.ttb0 = virt_to_phys(sd->root),
		.t0sz = 64 - SVA_VA_BITS,
		.tg0 = SWSMMU_TCR_TG0_4K,
		.ips = PA_SIZE_48,
		.asid = sd->asid,
		.mair = (u64)SWSMMU_MAIR_ATTR_NORMAL_WB << SWSMMU_MAIR_ATTR_SHIFT(0),
		/*
		 * Misses are the device's to report, with PRI; a device that
		 * stalls has the SMMU report them, as stall events.
		 */
		.record = master->stall_enabled,
		.stall = master->stall_enabled,
	};
	struct swsmmu_cd cd;

	if (sd->smmu != master->smmu || !master->sva_enabled)
		return -EINVAL;
	swsmmu_cd_s1(&cd, &p);
	return swsmmu_master_set_pasid(master, pasid, &cd);
}

static void swsmmu_sva_domain_free(struct iommu_domain *dom)
{
	struct swsmmu_sva_domain *sd = to_sva(dom);
	struct swsmmu_cmd cmd;

	/* Waits for a running invalidate callback */
	mmu_interval_notifier_remove(&sd->notifier);
	/* No CD uses the ASID any more: forget it, then free the tables */
	swsmmu_cmd_tlbi_asid(&cmd, sd->asid);
	swsmmu_cmdq_issue(sd->smmu, &cmd, 1, true);
	atomic64_sub(sva_free_pages(&sd->tables),
		     &sd->smmu->iopf.sva_table_pages);
	ida_free(&swsmmu_asid_ida, sd->asid);
	kfree(sd);
}

static const struct iommu_domain_ops swsmmu_sva_ops = {
	.set_dev_pasid = swsmmu_sva_set_dev_pasid,
	.free = swsmmu_sva_domain_free,
};

/**
 * swsmmu_sva_domain_alloc() - the iommu_ops.domain_alloc_sva callback
 * @dev: a device of the SMMU, with IOMMU_DEV_FEAT_SVA enabled
 * @mm: the process; live (the caller runs in it or holds mm_users)
 *
 * Allocates the mirrored table's root and an ASID, and registers the mmu
 * interval notifier.  Like every domain_alloc_sva, this leaves type, mm
 * (and its mmgrab), owner and iopf_handler to the caller: the IOMMU core,
 * or swsmmu_sva_bind() below.
 *
 * Return: the domain or an ERR_PTR().
 */
struct iommu_domain *swsmmu_sva_domain_alloc(struct device *dev,
					     struct mm_struct *mm)
{
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	struct swsmmu_device *smmu = master->smmu;
	struct swsmmu_sva_domain *sd;
	struct page *root;
	int asid, ret;

	if (!master->sva_enabled || !(smmu->pgsize_bitmap & SZ_4K) ||
	    smmu->oas < SVA_VA_BITS || PAGE_SIZE != SZ_4K)
		return ERR_PTR(-EOPNOTSUPP);
	sd = swsmmu_fail_alloc() ? NULL : kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&sd->lock);
	INIT_LIST_HEAD(&sd->tables);
	sd->smmu = smmu;
	root = sva_alloc_table(mm);
	if (!root) {
		ret = -ENOMEM;
		goto err_free;
	}
	list_add(&root->lru, &sd->tables);
	atomic64_inc(&smmu->iopf.sva_table_pages);
	sd->root = page_address(root);

	asid = ida_alloc_range(&swsmmu_asid_ida, 1, smmu->asid_max, GFP_KERNEL);
	if (asid < 0) {
		ret = asid;
		goto err_free;
	}
	sd->asid = asid;
	ret = mmu_interval_notifier_insert(&sd->notifier, mm, 0,
					   min_t(u64, TASK_SIZE_MAX,
						 BIT_ULL(SVA_VA_BITS)),
					   &swsmmu_sva_mn_ops);
	if (ret)
		goto err_asid;
	sd->domain.ops = &swsmmu_sva_ops;
	sd->domain.pgsize_bitmap = SZ_4K;
	return &sd->domain;

err_asid:
	ida_free(&swsmmu_asid_ida, sd->asid);
err_free:
	atomic64_sub(sva_free_pages(&sd->tables), &smmu->iopf.sva_table_pages);
	kfree(sd);
	return ERR_PTR(ret);
}

/**
 * struct swsmmu_sva_bond - a process bound to a device
 * @dev: the device
 * @pasid: the PASID its traffic for the process carries
 * @core: the IOMMU core's bond when iommu_sva_bind_device() worked
 * @domain: our own SVA domain otherwise
 * @handle: attach handle of @domain (the iopf core finds it by PASID)
 */
struct swsmmu_sva_bond {
	struct device *dev;
	u32 pasid;
	struct iommu_sva *core;
	struct iommu_domain *domain;
	struct iommu_attach_handle handle;
};

/**
 * swsmmu_sva_bind() - bind a process's address space to a device
 * @dev: a device behind a swsmmu SMMU, with IOPF and SVA features enabled
 * @mm: the process (current's, or one the caller holds mm_users on)
 *
 * Uses iommu_sva_bind_device() when the kernel allows it (then our fault
 * handler replaces the core's, which would fault in the CPU tables only,
 * not the mirror).  On -EOPNOTSUPP (every x86 6.12 kernel) it binds by
 * itself: a global PASID, an SVA domain allocated here (mmgrab'd, like
 * the core's) and iommu_attach_device_pasid() with our iopf handler.
 *
 * Return: the bond or an ERR_PTR(): -ENOSPC when the device's PASIDs are
 * exhausted, -EOPNOTSUPP without PASID/PRI support, -ENOMEM.
 */
struct swsmmu_sva_bond *swsmmu_sva_bind(struct device *dev,
					struct mm_struct *mm)
{
	struct swsmmu_sva_bond *bond;
	struct iommu_domain *domain;
	struct iommu_sva *core;
	int ret;

	bond = swsmmu_fail_alloc() ? NULL : kzalloc(sizeof(*bond), GFP_KERNEL);
	if (!bond)
		return ERR_PTR(-ENOMEM);
	bond->dev = dev;

	core = iommu_sva_bind_device(dev, mm);
	if (!IS_ERR(core)) {
		bond->core = core;
		bond->pasid = iommu_sva_get_pasid(core);
		core->handle.domain->iopf_handler = swsmmu_sva_iopf_handler;
		return bond;
	}
	ret = PTR_ERR(core);
	if (ret != -EOPNOTSUPP)
		goto err_free;

	bond->pasid = iommu_alloc_global_pasid(dev);
	if (bond->pasid == IOMMU_PASID_INVALID) {
		ret = -ENOSPC;
		goto err_free;
	}
	domain = swsmmu_sva_domain_alloc(dev, mm);
	if (IS_ERR(domain)) {
		ret = PTR_ERR(domain);
		goto err_pasid;
	}
	/* What iommu_sva_domain_alloc() does in the core */
	domain->type = IOMMU_DOMAIN_SVA;
	mmgrab(mm);
	domain->mm = mm;
	domain->owner = &swsmmu_ops;
	domain->iopf_handler = swsmmu_sva_iopf_handler;
	bond->domain = domain;

	ret = iommu_attach_device_pasid(domain, dev, bond->pasid,
					&bond->handle);
	if (ret)
		goto err_domain;
	return bond;

err_domain:
	iommu_domain_free(domain);
err_pasid:
	iommu_free_global_pasid(bond->pasid);
err_free:
	kfree(bond);
	return ERR_PTR(ret);
}

/**
 * swsmmu_sva_bond_pasid() - the PASID of a bond
 * @bond: the bond
 *
 * Return: the PASID.
 */
u32 swsmmu_sva_bond_pasid(const struct swsmmu_sva_bond *bond)
{
	return bond->pasid;
}

/**
 * swsmmu_sva_unbind() - undo swsmmu_sva_bind()
 * @bond: the bond; the device no longer issues traffic with its PASID
 *
 * Detaches the PASID (its CD is cleared), then drains the iopf workqueue
 * so that no fault handler still uses the domain, then frees it.
 */
void swsmmu_sva_unbind(struct swsmmu_sva_bond *bond)
{
	if (bond->core) {
		iommu_sva_unbind_device(bond->core);
	} else {
		iommu_detach_device_pasid(bond->domain, bond->dev, bond->pasid);
		iopf_queue_flush_dev(bond->dev);
		iommu_domain_free(bond->domain);
		iommu_free_global_pasid(bond->pasid);
	}
	kfree(bond);
}
