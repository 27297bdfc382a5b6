// SPDX-License-Identifier: GPL-2.0
/*
 * The Address Translation Cache of a PCIe test function (PCIe ATS; SMMUv3
 * section 3.9.1).  While the function's ATS capability has Enable set,
 * which the PCI core's pci_enable_ats() does, its DMA engine (dma.c) asks
 * the SMMU for translations with ATS Translation Requests, keeps them
 * here, and sends the accesses they cover as Translated transactions: the
 * SMMU does not translate them again.  Only an ATS Invalidate Request
 * (CMD_ATC_INV, forwarded by the SMMU through swsmmu_hw_ats_attach())
 * removes an entry, so a driver that forgets CMD_ATC_INV leaves the
 * function writing wherever the old translation pointed: the bug ATS
 * exists to expose.
 *
 * The cache is small (SWSMMU_ATC_ENTRIES, replaced in turn) and tagged by
 * PASID, though the engine sends only untagged traffic through it:
 * PASID-tagged accesses (sva.c) stay untranslated.  A Translation Request
 * that is refused (Unsupported Request, Completer Abort, or a Success
 * granting less than the access needs) is not cached, and the access is
 * sent untranslated instead: PCIe lets a function do so at any time, and
 * it makes the SMMU record the fault as it would without ATS.
 *
 * Invalidation completes in the callback: the lock that it takes is held
 * by the engine from the lookup to the end of the access that uses the
 * entry, so once the callback returns no access with a dropped entry is
 * in flight, which is what the SMMU's CMD_SYNC relies on (3.9.1).  A
 * translation that races with an invalidation is not cached (@gen).
 * Clearing ATS Enable empties the cache, as the PCIe ATS specification
 * has it (a function may not keep translations across a disable).
 *
 * Counters in debugfs: <SMMU instance>/atc-<PCI name>.
 */
#define pr_fmt(fmt) "swsmmu-tdev: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <kunit/visibility.h>
#include <swsmmu/hw.h>
#include "tdev.h"

/* Translations one function caches */
#define SWSMMU_ATC_ENTRIES	8

/**
 * struct swsmmu_atc_entry - one cached Translation Completion
 * @valid: in use
 * @ssv: for PASID @ssid (else untagged traffic)
 * @ssid: the PASID
 * @addr: untranslated address of the range, aligned to @size
 * @size: bytes
 * @pa: translated address of @addr
 * @prot: SWSMMU_PROT_* granted
 */
struct swsmmu_atc_entry {
	bool valid;
	bool ssv;
	u32 ssid;
	u64 addr;
	u64 size;
	u64 pa;
	unsigned int prot;
};

/**
 * struct swsmmu_atc - the ATC of one function
 * @hw: the SMMU its requests go to
 * @pd: the function's platform data (for ATS Enable)
 * @name: the function's name, for debugfs
 * @ops: what the SMMU calls for CMD_ATC_INV
 * @lock: protects @e, @next, @gen and @enabled; held across an access
 *        that uses an entry.  Taken with interrupts off: CMD_ATC_INV runs
 *        with them off.
 * @e: the entries
 * @next: the entry the next fill replaces
 * @gen: invalidations so far (a fill is dropped if one came meanwhile)
 * @enabled: ATS Enable as last seen
 * @hits: accesses served by an entry
 * @misses: Translation Requests sent
 * @refused: requests that granted less than the access needed
 * @inv_requests: ATS Invalidate Requests received
 * @inv_entries: entries they removed
 * @dir: debugfs file
 */
struct swsmmu_atc {
	struct swsmmu_hw *hw;
	const struct swsmmu_tdev_pdata *pd;
	const char *name;
	struct swsmmu_hw_atc_ops ops;
	/* see above */
	spinlock_t lock;
	struct swsmmu_atc_entry e[SWSMMU_ATC_ENTRIES];
	unsigned int next;
	unsigned long gen;
	bool enabled;
	atomic64_t hits;
	atomic64_t misses;
	atomic64_t refused;
	atomic64_t inv_requests;
	atomic64_t inv_entries;
	struct dentry *dir;
};

static void swsmmu_atc_flush_locked(struct swsmmu_atc *atc)
{
	unsigned int i;

	for (i = 0; i < SWSMMU_ATC_ENTRIES; i++)
		atc->e[i].valid = false;
	atc->gen++;
}

/* CMD_ATC_INV, forwarded by the SMMU (ats.c): interrupts are off */
static void swsmmu_atc_invalidate(void *priv, bool ssv, u32 ssid, bool global,
				  u64 addr, u64 size)
{
	struct swsmmu_atc *atc = priv;
	struct swsmmu_atc_entry *e;
	u64 last = addr + (size - 1);
	unsigned int i, n = 0;
	unsigned long flags;

	spin_lock_irqsave(&atc->lock, flags);
	for (i = 0; i < SWSMMU_ATC_ENTRIES; i++) {
		e = &atc->e[i];
		/* no entry is global: PASID completions have Global 0 (3.9.1) */
		if (!e->valid || e->ssv != ssv || (ssv && e->ssid != ssid))
			continue;
		if (e->addr > last || e->addr + (e->size - 1) < addr)
			continue;
		e->valid = false;
		n++;
	}
	atc->gen++;
	spin_unlock_irqrestore(&atc->lock, flags);
	atomic64_inc(&atc->inv_requests);
	atomic64_add(n, &atc->inv_entries);
}

static struct swsmmu_atc_entry *swsmmu_atc_lookup(struct swsmmu_atc *atc,
						  const struct swsmmu_txn *txn,
						  u64 iova)
{
	bool ssv = txn->flags & SWSMMU_TXN_SSV;
	struct swsmmu_atc_entry *e;
	unsigned int i;

	lockdep_assert_held(&atc->lock);
	for (i = 0; i < SWSMMU_ATC_ENTRIES; i++) {
		e = &atc->e[i];
		if (e->valid && e->ssv == ssv && (!ssv || e->ssid == txn->ssid) &&
		    iova - e->addr < e->size)
			return e;
	}
	return NULL;
}

/* Is ATS Enable set?  Empty the cache when it has been cleared. */
static bool swsmmu_atc_enabled(struct swsmmu_atc *atc)
{
	bool en = atc->pd->enabled(atc->pd) & SWSMMU_TDEV_EN_ATS;
	unsigned long flags;

	if (en != READ_ONCE(atc->enabled)) {
		spin_lock_irqsave(&atc->lock, flags);
		if (!en)
			swsmmu_atc_flush_locked(atc);
		atc->enabled = en;
		spin_unlock_irqrestore(&atc->lock, flags);
	}
	return en;
}

/* One access within a page, through the ATC */
static int swsmmu_atc_access_page(struct swsmmu_atc *atc,
				  const struct swsmmu_txn *txn, u64 iova,
				  void *buf, size_t len)
{
	unsigned int need = (txn->flags & SWSMMU_TXN_WRITE) ? SWSMMU_PROT_W :
							       SWSMMU_PROT_R;
	struct swsmmu_txn tt = {
		.sid = txn->sid,
		.flags = (txn->flags & SWSMMU_TXN_WRITE) | SWSMMU_TXN_TRANSLATED,
	};
	struct swsmmu_atc_entry *e;
	struct swsmmu_ats_cpl cpl;
	unsigned long flags, gen;
	unsigned int tries;
	int ret;

	for (tries = 0; tries < 2; tries++) {
		spin_lock_irqsave(&atc->lock, flags);
		e = swsmmu_atc_lookup(atc, txn, iova);
		if (e && (e->prot & need)) {
			swsmmu_hw_ats_sanitize(atc->hw, txn, iova, len);
			ret = swsmmu_hw_access(atc->hw, &tt,
					       e->pa + (iova - e->addr), buf, len);
			spin_unlock_irqrestore(&atc->lock, flags);
			atomic64_inc(&atc->hits);
			return ret;
		}
		gen = atc->gen;
		spin_unlock_irqrestore(&atc->lock, flags);

		atomic64_inc(&atc->misses);
		if (swsmmu_hw_ats_translate(atc->hw, txn, iova, &cpl) ||
		    cpl.status != SWSMMU_ATS_SUCCESS || !(cpl.prot & need)) {
			atomic64_inc(&atc->refused);
			break;
		}
		spin_lock_irqsave(&atc->lock, flags);
		if (gen == atc->gen && atc->enabled) {
			/* a new completion replaces the one it supersedes */
			e = swsmmu_atc_lookup(atc, txn, iova);
			if (!e) {
				e = &atc->e[atc->next];
				atc->next = (atc->next + 1) % SWSMMU_ATC_ENTRIES;
			}
			*e = (struct swsmmu_atc_entry) {
				.valid = true,
				.ssv = txn->flags & SWSMMU_TXN_SSV,
				.ssid = txn->ssid,
				.addr = iova & ~(cpl.size - 1),
				.size = cpl.size,
				.pa = cpl.addr,
				.prot = cpl.prot,
			};
		}
		spin_unlock_irqrestore(&atc->lock, flags);
	}
	/* refused, or invalidated as it arrived: send it untranslated */
	return swsmmu_hw_access(atc->hw, txn, iova, buf, len);
}

/**
 * swsmmu_atc_access() - a DMA access of a function, through its ATC when
 *                       ATS is enabled
 * @atc: the function's ATC, or NULL (no ATS: a platform device)
 * @hw: the SMMU (used when @atc is NULL)
 * @txn: the access as swsmmu_hw_access() takes it
 * @iova: untranslated address
 * @buf: kernel buffer
 * @len: bytes
 *
 * May sleep (an untranslated access may stall).
 *
 * Return: as swsmmu_hw_access().
 */
int swsmmu_atc_access(struct swsmmu_atc *atc, struct swsmmu_hw *hw,
		      const struct swsmmu_txn *txn, u64 iova, void *buf,
		      size_t len)
{
	size_t chunk;
	int ret;

	/* PASID-tagged traffic does not use the ATC (see above) */
	if (!atc || (txn->flags & SWSMMU_TXN_SSV) || !swsmmu_atc_enabled(atc))
		return swsmmu_hw_access(hw, txn, iova, buf, len);
	while (len) {
		chunk = min_t(u64, len, PAGE_SIZE - (iova & (PAGE_SIZE - 1)));
		ret = swsmmu_atc_access_page(atc, txn, iova, buf, chunk);
		if (ret)
			return ret;
		iova += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_atc_access);

/**
 * swsmmu_atc_stats() - the ATC's counters
 * @atc: the ATC
 * @s: filled
 */
void swsmmu_atc_stats(struct swsmmu_atc *atc, struct swsmmu_atc_stats *s)
{
	s->hits = atomic64_read(&atc->hits);
	s->misses = atomic64_read(&atc->misses);
	s->refused = atomic64_read(&atc->refused);
	s->inv_requests = atomic64_read(&atc->inv_requests);
	s->inv_entries = atomic64_read(&atc->inv_entries);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_atc_stats);

static int swsmmu_atc_show(struct seq_file *m, void *v)
{
	struct swsmmu_atc *atc = m->private;
	struct swsmmu_atc_stats s;
	unsigned int i, n = 0;
	unsigned long flags;

	swsmmu_atc_stats(atc, &s);
	spin_lock_irqsave(&atc->lock, flags);
	for (i = 0; i < SWSMMU_ATC_ENTRIES; i++)
		n += atc->e[i].valid;
	spin_unlock_irqrestore(&atc->lock, flags);
	seq_printf(m, "enabled %d\nentries %u\ncapacity %u\nhits %llu\nmisses %llu\nrefused %llu\ninvalidate_requests %llu\ninvalidated_entries %llu\n",
		   READ_ONCE(atc->enabled), n, SWSMMU_ATC_ENTRIES, s.hits,
		   s.misses, s.refused, s.inv_requests, s.inv_entries);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swsmmu_atc);

/**
 * swsmmu_atc_create() - give a function an ATC
 * @dev: the function
 * @pd: its platform data (SMMU, StreamID, control registers)
 *
 * Return: the ATC, NULL if the function has no ATS Enable to read (a
 * platform device) or the SMMU has no ATS, or an ERR_PTR().
 */
struct swsmmu_atc *swsmmu_atc_create(struct device *dev,
				     const struct swsmmu_tdev_pdata *pd)
{
	struct swsmmu_atc *atc;
	struct dentry *parent;
	int ret;

	if (!pd || !pd->enabled)
		return NULL;
	atc = kzalloc(sizeof(*atc), GFP_KERNEL);
	if (!atc)
		return ERR_PTR(-ENOMEM);
	atc->hw = pd->hw;
	atc->pd = pd;
	atc->name = dev_name(dev);
	spin_lock_init(&atc->lock);
	atc->ops.invalidate = swsmmu_atc_invalidate;
	atc->ops.priv = atc;
	ret = swsmmu_hw_ats_attach(pd->hw, pd->sid, &atc->ops);
	if (ret) {
		kfree(atc);
		/* an SMMU without ATS: the function never gets to use it */
		return ret == -EOPNOTSUPP ? NULL : ERR_PTR(ret);
	}
	parent = swsmmu_hw_debugfs_dir(pd->hw);
	if (!IS_ERR_OR_NULL(parent)) {
		char name[64];

		snprintf(name, sizeof(name), "atc-%s", atc->name);
		atc->dir = debugfs_create_file(name, 0444, parent, atc,
					       &swsmmu_atc_fops);
	}
	return atc;
}

/**
 * swsmmu_atc_destroy() - take it away (the engine no longer uses it)
 * @atc: the ATC, or NULL
 */
void swsmmu_atc_destroy(struct swsmmu_atc *atc)
{
	if (!atc)
		return;
	debugfs_remove(atc->dir);
	swsmmu_hw_ats_detach(atc->hw, atc->pd->sid);
	kfree(atc);
}
