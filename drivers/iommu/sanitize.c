// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: the device-side DMA sanitizer (sanitize=1).
 *
 * The driver sees every mapping of its paging domains (map_pages and
 * unmap_pages); the software SMMU shows it every device access before
 * translating it (struct swsmmu_hw_sanitizer, a diagnostic side channel
 * that is not architectural).  Between the two it can say what no SMMU
 * can: that a device used an IOVA after its unmap, against the direction
 * of its mapping, past the length its driver declared, or after the IOVA
 * went to another mapping.  Documentation/diagnostics.rst says how exact
 * each class is and how to read a report.
 *
 * Records.  Each paging domain has an xarray indexed by IOVA granule
 * whose entries (struct swsmmu_san_slot) are immutable once published,
 * but for two flags the access path sets: a change publishes a new slot
 * and frees the old one after an RCU grace period, so the access path
 * reads them under RCU without a lock.  A slot holds the live mapping of
 * its granule and the last unmapped one.  Unmapped records are bounded:
 * each domain has a FIFO quarantine of sanitize_quarantine of them, and
 * the oldest is forgotten when it is full, as KASAN's quarantine does.
 * Writers hold the xarray's lock with interrupts off (map_pages may be
 * called from any context).  A slot that cannot be allocated is erased:
 * a granule without a record never produces a report.
 */
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/stackdepot.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>
#include <swsmmu/param.h>
#include "swsmmu.h"
#include "iommu_trace.h"

static bool sanitize;
module_param(sanitize, bool, 0444);
MODULE_PARM_DESC(sanitize,
		 "DMA sanitizer: report device accesses to unmapped, wrong-direction, overrun or reused IOVAs (default 0)");

static bool sanitize_warn;
module_param(sanitize_warn, bool, 0644);
MODULE_PARM_DESC(sanitize_warn,
		 "A sanitizer report also WARNs, so that test harnesses fail on it (default 0)");

static int quarantine_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_uint_range(val, kp, 1, 1U << 20);
}

static const struct kernel_param_ops quarantine_ops = {
	.set = quarantine_set,
	.get = param_get_uint,
};

static unsigned int sanitize_quarantine = 4096;
module_param_cb(sanitize_quarantine, &quarantine_ops, &sanitize_quarantine,
		0444);
MODULE_PARM_DESC(sanitize_quarantine,
		 "Unmapped IOVA granules each domain remembers, 1 to 2^20 (default 4096)");

/* Frames kept per stack: the DMA API and IOMMU core take about 10 */
#define SAN_STACK_DEPTH		24
/* Reports printed: 10 per 5 seconds; all are counted */
static DEFINE_RATELIMIT_STATE(swsmmu_san_rs, 5 * HZ, 10);

static const char * const swsmmu_san_class_names[SWSMMU_SAN_NR] = {
	[SWSMMU_SAN_UNMAPPED] = "use-after-unmap",
	[SWSMMU_SAN_DIRECTION] = "wrong-direction",
	[SWSMMU_SAN_OVERRUN] = "sub-page-overrun",
	[SWSMMU_SAN_REUSE] = "iova-reuse",
};

/**
 * struct swsmmu_san_rec - one mapping of a granule, as map_pages saw it
 * @iova: the start of the map_pages call that mapped it
 * @size: its size in bytes
 * @map_ns: when it was mapped (ktime_get_ns())
 * @unmap_ns: when it was unmapped, or 0
 * @map_stack: who mapped it (stack depot; 0 if not saved)
 * @unmap_stack: who unmapped it
 * @map_pid: the task that mapped it
 * @unmap_pid: the task that unmapped it
 * @prot: IOMMU_READ/IOMMU_WRITE: the DMA direction (iommu-dma maps
 *        DMA_TO_DEVICE read-only and DMA_FROM_DEVICE write-only)
 */
struct swsmmu_san_rec {
	u64 iova;
	u64 size;
	u64 map_ns;
	u64 unmap_ns;
	depot_stack_handle_t map_stack;
	depot_stack_handle_t unmap_stack;
	pid_t map_pid;
	pid_t unmap_pid;
	int prot;
};

/**
 * struct swsmmu_san_slot - what the sanitizer knows of one IOVA granule
 * @rcu: frees the slot once replaced
 * @live: the mapping now there, with @has_live
 * @old: the last mapping unmapped from there, with @has_old
 * @old_qseq: @old's place in the domain's quarantine
 * @has_live: @live is valid
 * @has_old: @old is valid
 * @written: the device has written the granule since @live was mapped
 *           (set by the access path, WRITE_ONCE)
 * @end: where the buffer that ends in this granule ends, as declared with
 *       swsmmu_sanitize_dma_len() (offset in the granule), 0 if undeclared
 */
struct swsmmu_san_slot {
	struct rcu_head rcu;
	struct swsmmu_san_rec live;
	struct swsmmu_san_rec old;
	u64 old_qseq;
	bool has_live;
	bool has_old;
	bool written;
	u32 end;
};

/* One unmapped record in a domain's quarantine */
struct swsmmu_san_qent {
	unsigned long idx;
	u64 seq;
};

/**
 * struct swsmmu_san_domain - the sanitizer's records of one paging domain
 * @pages: IOVA >> @shift -> struct swsmmu_san_slot; its lock (taken with
 *         interrupts off) also protects @quarantine and @qseq
 * @shift: log2 of the domain's granule
 * @quarantine: a ring of the unmapped records kept, oldest overwritten
 * @qsize: entries of @quarantine
 * @qseq: records ever quarantined; entry @qseq % @qsize is the newest
 */
struct swsmmu_san_domain {
	struct xarray pages;
	unsigned int shift;
	struct swsmmu_san_qent *quarantine;
	unsigned int qsize;
	u64 qseq;
};

/**
 * swsmmu_san_enabled() - is the sanitizer on?
 *
 * Return: the sanitize parameter, fixed at load.
 */
bool swsmmu_san_enabled(void)
{
	return sanitize;
}

static depot_stack_handle_t swsmmu_san_save_stack(void)
{
	unsigned long entries[SAN_STACK_DEPTH];
	unsigned int n;

	/* Skip this function and the map/unmap hook: the caller is what matters */
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 2);
	return stack_depot_save(entries, n, GFP_NOWAIT | __GFP_NOWARN);
}

static struct swsmmu_san_domain *swsmmu_san_domain_create(unsigned int shift,
							  unsigned int qsize)
{
	struct swsmmu_san_domain *sd;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return ERR_PTR(-ENOMEM);
	sd->qsize = qsize;
	sd->quarantine = kvcalloc(sd->qsize, sizeof(*sd->quarantine),
				  GFP_KERNEL);
	if (!sd->quarantine) {
		kfree(sd);
		return ERR_PTR(-ENOMEM);
	}
	xa_init_flags(&sd->pages, XA_FLAGS_LOCK_IRQ);
	sd->shift = shift;
	return sd;
}

/**
 * swsmmu_san_domain_alloc() - the records of a new paging domain
 * @granule_shift: log2 of its granule
 *
 * Return: the records, NULL when the sanitizer is off, or ERR_PTR(-ENOMEM).
 */
struct swsmmu_san_domain *swsmmu_san_domain_alloc(unsigned int granule_shift)
{
	if (!sanitize)
		return NULL;
	return swsmmu_san_domain_create(granule_shift, sanitize_quarantine);
}

/**
 * swsmmu_san_domain_free() - free a domain's records
 * @sd: what swsmmu_san_domain_alloc() returned (NULL is fine)
 *
 * The domain is attached to no master any more; the access path may still
 * be reading it from before the detach: wait for it.
 */
void swsmmu_san_domain_free(struct swsmmu_san_domain *sd)
{
	struct swsmmu_san_slot *slot;
	unsigned long idx;

	if (!sd)
		return;
	synchronize_rcu();
	xa_for_each(&sd->pages, idx, slot)
		kfree(slot);
	xa_destroy(&sd->pages);
	kvfree(sd->quarantine);
	kfree(sd);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_san_domain_free);

/* Replace the slot at @idx by @new (NULL: erase); xa_lock held */
static void swsmmu_san_publish(struct swsmmu_san_domain *sd, unsigned long idx,
			       struct swsmmu_san_slot *new)
{
	struct swsmmu_san_slot *old;

	old = __xa_store(&sd->pages, idx, new, GFP_ATOMIC | __GFP_NOWARN);
	if (xa_is_err(old)) {
		/* No node for it: forget the granule rather than keep a stale slot */
		kfree(new);
		old = __xa_erase(&sd->pages, idx);
	}
	if (old)
		kfree_rcu(old, rcu);
}

/* A copy of @cur (or an empty slot), for a change; xa_lock held */
static struct swsmmu_san_slot *swsmmu_san_copy(const struct swsmmu_san_slot *cur)
{
	struct swsmmu_san_slot *new = kzalloc(sizeof(*new),
					      GFP_ATOMIC | __GFP_NOWARN);

	if (new && cur) {
		*new = *cur;
		new->written = READ_ONCE(cur->written);
		new->end = READ_ONCE(cur->end);
	}
	return new;
}

/* Forget the quarantined record at @idx if it is still the one of @seq */
static void swsmmu_san_evict(struct swsmmu_san_domain *sd, unsigned long idx,
			     u64 seq)
{
	struct swsmmu_san_slot *cur = xa_load(&sd->pages, idx), *new = NULL;

	if (!cur || !cur->has_old || cur->old_qseq != seq)
		return;
	if (cur->has_live) {
		new = swsmmu_san_copy(cur);
		if (new)
			new->has_old = false;
	}
	swsmmu_san_publish(sd, idx, new);
}

/**
 * swsmmu_san_map() - record a mapping made by map_pages
 * @sd: the domain's records (NULL: the sanitizer is off)
 * @iova: first IOVA mapped
 * @size: bytes mapped
 * @prot: IOMMU_* protection it was mapped with
 */
void swsmmu_san_map(struct swsmmu_san_domain *sd, unsigned long iova,
		    size_t size, int prot)
{
	struct swsmmu_san_rec rec = {
		.iova = iova,
		.size = size,
		.prot = prot,
	};
	struct swsmmu_san_slot *cur, *new;
	unsigned long idx, last, flags;

	if (!sd || !size)
		return;
	rec.map_stack = swsmmu_san_save_stack();
	rec.map_pid = task_pid_nr(current);
	rec.map_ns = ktime_get_ns();
	last = (iova + size - 1) >> sd->shift;
	xa_lock_irqsave(&sd->pages, flags);
	for (idx = iova >> sd->shift; idx <= last; idx++) {
		cur = xa_load(&sd->pages, idx);
		new = swsmmu_san_copy(NULL);
		if (new) {
			new->live = rec;
			new->has_live = true;
			/* The last unmapped record stays: it names a reuse */
			if (cur && cur->has_old) {
				new->old = cur->old;
				new->old_qseq = cur->old_qseq;
				new->has_old = true;
			}
		}
		swsmmu_san_publish(sd, idx, new);
	}
	xa_unlock_irqrestore(&sd->pages, flags);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_san_map);

/**
 * swsmmu_san_unmap() - record an unmap by unmap_pages
 * @sd: the domain's records (NULL: the sanitizer is off)
 * @iova: first IOVA unmapped
 * @size: bytes unmapped
 *
 * The records of the granules move to the quarantine.
 */
void swsmmu_san_unmap(struct swsmmu_san_domain *sd, unsigned long iova,
		      size_t size)
{
	depot_stack_handle_t stack;
	struct swsmmu_san_slot *cur, *new;
	struct swsmmu_san_qent *q;
	unsigned long idx, last, flags;
	pid_t pid;
	u64 now;

	if (!sd || !size)
		return;
	stack = swsmmu_san_save_stack();
	pid = task_pid_nr(current);
	now = ktime_get_ns();
	last = (iova + size - 1) >> sd->shift;
	xa_lock_irqsave(&sd->pages, flags);
	for (idx = iova >> sd->shift; idx <= last; idx++) {
		cur = xa_load(&sd->pages, idx);
		if (!cur || !cur->has_live)
			continue;
		new = swsmmu_san_copy(NULL);
		if (new) {
			new->old = cur->live;
			new->old.unmap_ns = now;
			new->old.unmap_stack = stack;
			new->old.unmap_pid = pid;
			new->has_old = true;
			new->old_qseq = ++sd->qseq;
		}
		swsmmu_san_publish(sd, idx, new);
		if (!new)
			continue;
		q = &sd->quarantine[sd->qseq % sd->qsize];
		if (q->seq)
			swsmmu_san_evict(sd, q->idx, q->seq);
		q->idx = idx;
		q->seq = sd->qseq;
	}
	xa_unlock_irqrestore(&sd->pages, flags);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_san_unmap);

/**
 * swsmmu_sanitize_dma_len() - declare the exact length of a DMA buffer
 * @dev: the device it is mapped for
 * @addr: its DMA address, as the DMA API returned it
 * @len: its length in bytes, as the driver mapped it
 *
 * The IOMMU sees mappings rounded to its granule; a device access past
 * @addr + @len inside the last granule is reported (sub-page-overrun) once
 * the driver says where the buffer ends.  Valid until the granule is
 * unmapped.
 *
 * Return: 0, -ENODEV if @dev is not in one of our paging domains or the
 * sanitizer is off, -ENOENT if the end of the buffer is not mapped.
 */
int swsmmu_sanitize_dma_len(struct device *dev, dma_addr_t addr, size_t len)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);
	struct swsmmu_san_slot *slot;
	struct swsmmu_san_domain *sd;
	unsigned long flags;
	u64 end;
	int ret = -ENOENT;

	if (!dom || dom->ops != &swsmmu_paging_ops ||
	    !to_swsmmu_domain(dom)->san)
		return -ENODEV;
	if (!len || addr + len - 1 < addr)
		return -EINVAL;
	sd = to_swsmmu_domain(dom)->san;
	end = addr + len;
	xa_lock_irqsave(&sd->pages, flags);
	slot = xa_load(&sd->pages, (end - 1) >> sd->shift);
	if (slot && slot->has_live) {
		/* A buffer that ends on a granule boundary has no tail to watch */
		WRITE_ONCE(slot->end, end & (BIT_ULL(sd->shift) - 1));
		ret = 0;
	}
	xa_unlock_irqrestore(&sd->pages, flags);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_sanitize_dma_len);

/* Which class, if any, an access of @n bytes at @off in a granule breaks */
static int swsmmu_san_classify(const struct swsmmu_san_slot *slot,
			       const struct swsmmu_txn *txn, u64 off, u64 n,
			       bool write)
{
	u32 end;

	if (!slot->has_live)
		return slot->has_old ? SWSMMU_SAN_UNMAPPED : -1;
	if (txn->issued_ns && slot->live.map_ns > txn->issued_ns)
		return SWSMMU_SAN_REUSE;
	if (write && !(slot->live.prot & IOMMU_WRITE))
		return SWSMMU_SAN_DIRECTION;
	if (!write && !(slot->live.prot & IOMMU_READ) &&
	    !READ_ONCE(slot->written))
		return SWSMMU_SAN_DIRECTION;
	end = READ_ONCE(slot->end);
	if (end && off + n > end)
		return SWSMMU_SAN_OVERRUN;
	return -1;
}

static const char *swsmmu_san_dir(int prot)
{
	switch (prot & (IOMMU_READ | IOMMU_WRITE)) {
	case IOMMU_READ | IOMMU_WRITE:
		return "DMA_BIDIRECTIONAL";
	case IOMMU_READ:
		return "DMA_TO_DEVICE";
	case IOMMU_WRITE:
		return "DMA_FROM_DEVICE";
	}
	return "DMA_NONE";
}

/* Append to the report in @s->buf; @s->lock held */
static __printf(2, 3) void swsmmu_san_add(struct swsmmu_san *s,
					  const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	s->len += vscnprintf(s->buf + s->len, sizeof(s->buf) - s->len, fmt,
			     args);
	va_end(args);
}

static void swsmmu_san_add_stack(struct swsmmu_san *s,
				 depot_stack_handle_t stack)
{
	if (!stack) {
		swsmmu_san_add(s, " (stack not saved)\n");
		return;
	}
	s->len += stack_depot_snprint(stack, s->buf + s->len,
				      sizeof(s->buf) - s->len, 1);
}

static void swsmmu_san_add_rec(struct swsmmu_san *s,
			       const struct swsmmu_san_rec *r, u64 now,
			       bool unmap)
{
	if (unmap) {
		swsmmu_san_add(s, "Unmapped by task %d %llu us before the access:\n",
			       r->unmap_pid, (now - r->unmap_ns) / NSEC_PER_USEC);
		swsmmu_san_add_stack(s, r->unmap_stack);
		return;
	}
	swsmmu_san_add(s, "Mapped %#llx+%#llx %s by task %d %llu us before the access:\n",
		       r->iova, r->size, swsmmu_san_dir(r->prot), r->map_pid,
		       (now - r->map_ns) / NSEC_PER_USEC);
	swsmmu_san_add_stack(s, r->map_stack);
}

/* Print the report in @s->buf line by line: one printk record holds ~1 KiB */
static void swsmmu_san_print(const struct swsmmu_san *s)
{
	const char *p = s->buf, *nl;

	while (*p) {
		nl = strchrnul(p, '\n');
		pr_err("%.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

static void swsmmu_san_report(struct swsmmu_device *smmu,
			      struct swsmmu_master *master,
			      const struct swsmmu_san_slot *slot, int cls,
			      const struct swsmmu_txn *txn, u64 iova, size_t len,
			      u64 at, unsigned int shift)
{
	struct swsmmu_san *s = smmu->san;
	bool write = txn->flags & SWSMMU_TXN_WRITE;
	unsigned long entries[SAN_STACK_DEPTH];
	u64 now = ktime_get_ns();
	unsigned long flags;
	unsigned int n;

	atomic64_inc(&s->counts[cls]);
	trace_swsmmu_sanitizer(dev_name(smmu->dev), dev_name(master->dev),
			       swsmmu_san_class_names[cls], txn->sid, iova, len,
			       write, slot->has_live ? slot->live.map_stack :
			       slot->old.map_stack,
			       slot->has_old ? slot->old.unmap_stack : 0);

	spin_lock_irqsave(&s->lock, flags);
	s->len = 0;
	swsmmu_san_add(s, "==================================================================\n");
	swsmmu_san_add(s, "swsmmu-sanitizer: %s in %s\n",
		       swsmmu_san_class_names[cls], dev_name(master->dev));
	swsmmu_san_add(s, "%s of size %zu at IOVA %#llx by %s (%s StreamID %#x)\n",
		       write ? "Write" : "Read", len, iova,
		       dev_name(master->dev), dev_name(smmu->dev), txn->sid);
	swsmmu_san_add(s, "First byte against the rules: IOVA %#llx\n", at);
	switch (cls) {
	case SWSMMU_SAN_UNMAPPED:
		swsmmu_san_add(s, "The IOVA is not mapped: it was, until an unmap\n");
		swsmmu_san_add_rec(s, &slot->old, now, false);
		swsmmu_san_add_rec(s, &slot->old, now, true);
		break;
	case SWSMMU_SAN_REUSE:
		swsmmu_san_add(s, "The device was handed the IOVA %llu us ago,\n",
			       (now - txn->issued_ns) / NSEC_PER_USEC);
		swsmmu_san_add(s, "before it was unmapped and mapped again\n");
		if (slot->has_old) {
			swsmmu_san_add(s, "The mapping it was given:\n");
			swsmmu_san_add_rec(s, &slot->old, now, false);
			swsmmu_san_add_rec(s, &slot->old, now, true);
		} else {
			swsmmu_san_add(s, "The mapping it was given: out of the quarantine\n");
		}
		swsmmu_san_add(s, "The mapping now there:\n");
		swsmmu_san_add_rec(s, &slot->live, now, false);
		break;
	case SWSMMU_SAN_DIRECTION:
		swsmmu_san_add(s, write ? "The device may only read this mapping\n" :
			       "The device read a mapping it may only write, before writing it\n");
		swsmmu_san_add_rec(s, &slot->live, now, false);
		break;
	case SWSMMU_SAN_OVERRUN:
		swsmmu_san_add(s, "The buffer ends at IOVA %#llx, as its driver declared\n",
			       (at & ~(BIT_ULL(shift) - 1)) +
			       READ_ONCE(slot->end));
		swsmmu_san_add_rec(s, &slot->live, now, false);
		break;
	}
	if (slot->has_old && cls != SWSMMU_SAN_UNMAPPED &&
	    cls != SWSMMU_SAN_REUSE) {
		swsmmu_san_add(s, "Before it, the IOVA held:\n");
		swsmmu_san_add_rec(s, &slot->old, now, false);
		swsmmu_san_add_rec(s, &slot->old, now, true);
	}
	/* From swsmmu_hw_access(): skip this function and the hook */
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 2);
	swsmmu_san_add(s, "Access by the device, from:\n");
	s->len += stack_trace_snprint(s->buf + s->len, sizeof(s->buf) - s->len,
				      entries, n, 1);
	swsmmu_san_add(s, "==================================================================\n");
	if (__ratelimit(&swsmmu_san_rs))
		swsmmu_san_print(s);
	spin_unlock_irqrestore(&s->lock, flags);

	WARN(READ_ONCE(sanitize_warn), "swsmmu-sanitizer: %s in %s (sanitize_warn=1)\n",
	     swsmmu_san_class_names[cls], dev_name(master->dev));
}

/* The sanitizer's view of every device access (struct swsmmu_hw_sanitizer) */
static void swsmmu_san_access(void *priv, const struct swsmmu_txn *txn,
			      u64 iova, size_t len)
{
	struct swsmmu_device *smmu = priv;
	bool write = txn->flags & SWSMMU_TXN_WRITE;
	struct swsmmu_san_slot *slot;
	struct swsmmu_master *master;
	struct swsmmu_san_domain *sd;
	struct swsmmu_domain *d;
	u64 a, last, next, gmask;
	int cls;

	/* PASID traffic (SVA, PASID domains) is not watched */
	if (txn->flags & SWSMMU_TXN_SSV)
		return;
	master = xa_load(&smmu->streams, txn->sid);
	if (!master)
		return;
	d = READ_ONCE(master->domain);
	if (!d || !d->san)
		return;
	sd = d->san;
	gmask = BIT_ULL(sd->shift) - 1;
	last = iova + len - 1 < iova ? U64_MAX : iova + len - 1;
	for (a = iova; ; a = next) {
		next = (a | gmask) + 1;
		slot = xa_load(&sd->pages, a >> sd->shift);
		if (slot) {
			cls = swsmmu_san_classify(slot, txn, a & gmask,
						  min(last, next - 1) - a + 1,
						  write);
			if (cls >= 0) {
				swsmmu_san_report(smmu, master, slot, cls, txn,
						  iova, len, a, sd->shift);
				return;
			}
			if (write && slot->has_live && !READ_ONCE(slot->written))
				WRITE_ONCE(slot->written, true);
		}
		if (next - 1 >= last || !next)
			break;
	}
}

/**
 * swsmmu_san_init() - start the sanitizer on a probed SMMU
 * @smmu: the SMMU, with its debugfs directory if any
 *
 * Return: 0 (also when the sanitizer is off), or -ENOMEM.
 */
int swsmmu_san_init(struct swsmmu_device *smmu)
{
	struct swsmmu_san *s;

	if (!sanitize)
		return 0;
	if (stack_depot_init())
		return -ENOMEM;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	spin_lock_init(&s->lock);
	s->ops.access = swsmmu_san_access;
	s->ops.priv = smmu;
	smmu->san = s;
	swsmmu_hw_set_sanitizer(smmu->hw, &s->ops);
	dev_info(smmu->dev, "DMA sanitizer on (quarantine %u granules per domain%s)\n",
		 sanitize_quarantine, sanitize_warn ? ", WARN on reports" : "");
	return 0;
}

/**
 * swsmmu_san_exit() - stop the sanitizer of an SMMU being removed
 * @smmu: the SMMU
 */
void swsmmu_san_exit(struct swsmmu_device *smmu)
{
	if (!smmu->san)
		return;
	/* Returns once no access is in the sanitizer any more */
	swsmmu_hw_set_sanitizer(smmu->hw, NULL);
	kfree(smmu->san);
	smmu->san = NULL;
}

/**
 * swsmmu_san_show() - the sanitizer's counters, for debugfs
 * @m: the file
 * @smmu: the SMMU
 */
void swsmmu_san_show(struct seq_file *m, struct swsmmu_device *smmu)
{
	struct swsmmu_san *s = smmu->san;
	s64 total = 0, v;
	int i;

	seq_printf(m, "enabled %d\n", !!s);
	for (i = 0; i < SWSMMU_SAN_NR; i++) {
		v = s ? atomic64_read(&s->counts[i]) : 0;
		total += v;
		seq_printf(m, "%s %lld\n", swsmmu_san_class_names[i], v);
	}
	seq_printf(m, "reports %lld\n", total);
}

/**
 * swsmmu_san_last_report() - copy the text of the last report
 * @smmu: the SMMU
 * @buf: where to copy it, NUL-terminated
 * @size: bytes at @buf
 *
 * For debugfs and KUnit: the last report is kept even when rate limiting
 * kept it out of the kernel log.
 *
 * Return: its length, 0 if there was none or the sanitizer is off.
 */
size_t swsmmu_san_last_report(struct swsmmu_device *smmu, char *buf,
			      size_t size)
{
	struct swsmmu_san *s = smmu->san;
	unsigned long flags;
	ssize_t n;

	if (size)
		buf[0] = '\0';
	if (!s || !size)
		return 0;
	spin_lock_irqsave(&s->lock, flags);
	n = strscpy(buf, s->buf, size);
	spin_unlock_irqrestore(&s->lock, flags);
	return n < 0 ? size - 1 : n;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_san_last_report);

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * swsmmu_san_kunit_domain() - records with a quarantine of a chosen size
 * @shift: log2 of the granule
 * @qsize: quarantine entries
 *
 * Return: as swsmmu_san_domain_alloc(), whatever the parameters.
 */
struct swsmmu_san_domain *swsmmu_san_kunit_domain(unsigned int shift,
						  unsigned int qsize)
{
	return swsmmu_san_domain_create(shift, qsize);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_san_kunit_domain);

/**
 * swsmmu_san_kunit_state() - what the records say of one IOVA
 * @sd: the records
 * @iova: the IOVA
 * @nr_slots: set to the number of granules with a record
 *
 * Return: SWSMMU_SAN_KUNIT_LIVE and/or SWSMMU_SAN_KUNIT_OLD, 0 if none.
 */
int swsmmu_san_kunit_state(struct swsmmu_san_domain *sd, u64 iova,
			   unsigned int *nr_slots)
{
	struct swsmmu_san_slot *slot;
	unsigned long idx;
	int ret = 0;

	*nr_slots = 0;
	rcu_read_lock();
	xa_for_each(&sd->pages, idx, slot)
		(*nr_slots)++;
	slot = xa_load(&sd->pages, iova >> sd->shift);
	if (slot && slot->has_live)
		ret |= SWSMMU_SAN_KUNIT_LIVE;
	if (slot && slot->has_old)
		ret |= SWSMMU_SAN_KUNIT_OLD;
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_san_kunit_state);
#endif
