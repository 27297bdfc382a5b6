// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the configuration cache.
 *
 * Decoded STEs are cached per StreamID and decoded CDs per (StreamID,
 * SubstreamID), each in an xarray: lookups are xa_load() under RCU (inside
 * a transaction piece, see cache.c), with no lock and no atomic
 * read-modify-write.  A hit hands out a pointer to the cached entry, not a
 * copy: the piece is an RCU read-side critical section and entries are
 * immutable and freed by kfree_rcu(), so it stays valid, and unchanged,
 * until swsmmu_hw_piece_end() even if a CFGI drops the entry meanwhile.  An entry is
 * filled on first use and stays until a CFGI command drops it, so a driver
 * that changes an STE or a CD in memory without the CFGI (and CMD_SYNC)
 * keeps seeing the old configuration, as on silicon.  Only successful
 * decodes are cached: C_BAD_STE, C_BAD_CD, C_BAD_STREAMID,
 * C_BAD_SUBSTREAMID, fetch aborts and stage-2 faults of a CD fetch are
 * found again on every transaction.  (An STE with Config abort is a valid
 * STE and is cached.)
 *
 * What each command drops:
 *  - CFGI_STE: the STE of the StreamID and every CD cached for it.  The
 *    CDs depend on the STE (S1ContextPtr, S1Fmt, S1CDMax, S1STALLD, and the
 *    stage 2 that translates the CD table when nested), and Linux's
 *    arm-smmu-v3 repoints an STE at a new CD table with CFGI_STE alone, so
 *    keeping them would be unsafe; dropping more than asked is always
 *    allowed;
 *  - CFGI_STE_RANGE, CFGI_ALL: likewise for every StreamID of the range;
 *  - CFGI_CD: the CD of (StreamID, SubstreamID);
 *  - CFGI_CD_ALL: every CD of the StreamID.
 * The Leaf hint is not needed: no level-1 descriptor is cached.  The cost
 * is that of the xarray range walk over the entries present.
 *
 * The cache is bounded (cfgcache_entries STEs and as many CDs per
 * instance); when one xarray is full, the entry at a rotating cursor is
 * replaced (round robin by key).
 *
 * Consistency with concurrent fills: every CFGI increments hw->cfg_seq
 * under the cache's lock, after its removals; a fill made under the lock
 * is dropped when the count moved since its transaction piece began, so a
 * fetch that may have read the structure before a CFGI (or derived it from
 * an STE cached before it) never installs it after.
 *
 * Locking: cfg->lock (a spinlock taken with interrupts disabled) serialises
 * fills, replacement and invalidations; the xarrays' own locks nest inside
 * it.  Readers hold only rcu_read_lock(); entries are freed by kfree_rcu().
 *
 * Stream handles
 * --------------
 * A device issues many transactions with one (StreamID, SubstreamID), and
 * each would look its STE and its CD up (two xa_load()s), apply the
 * SubstreamID rules and derive its IOTLB tag (another xa_load() in tlb.c).
 * So the result of that resolution is kept: each CPU has a small
 * direct-mapped table of struct hw_stream_ref (HW_STREAM_REFS slots, by
 * StreamID and SubstreamID) holding pointers to the cached STE and CD,
 * the stage flags, and the IOTLB tag once found.  A slot is written only
 * by its own CPU inside a transaction piece (interrupts off), so it needs
 * no lock; only successful resolutions whose STE and CD both came from
 * the cache are kept, and only by pieces allowed to fill.
 *
 * A slot is valid while cfg->gen has not moved since it was made.  Every
 * removal of an entry (CFGI, or replacement when full) is bracketed by two
 * increments of cfg->gen under cfg->lock: odd before the first removal,
 * even after the last, like a seqcount write section but read without
 * retrying: a reader that sees the generation the slot was made with, and
 * an even one, uses the slot, anything else resolves afresh.  Why that is
 * enough:
 *  - the entries stay allocated: a reader that read the old generation
 *    read it before the odd increment, which precedes the kfree_rcu() of
 *    any entry the section removes, and it reads inside its RCU read-side
 *    section, so the grace period waits for it;
 *  - it sees no more than a cache lookup would: such a reader is ordered
 *    before the removal, where a lookup could have found the entry too;
 *    one that began after a CFGI's CMD_SYNC reads the even increment made
 *    before it (the piece's full barrier, sync.c) and resolves afresh;
 *  - a slot is made with the generation read before the lookups it
 *    records, so a removal that overlaps them makes it invalid at once.
 * Statistics stay exact: a slot hit counts the configuration cache hits
 * its lookups would have counted (HW_STAT_CFG_HIT, one for the STE and one
 * for the CD).  The IOTLB tag has its own generation (tlb.c); the tables
 * are cleared when either cache is set up again (tests resize them).
 *
 * The transaction path (xlate.c) keeps more in a slot, derived from the
 * same STE and CD and so valid for as long: the access attributes after
 * PRIVCFG/INSTCFG for each incoming access type, the IOTLB tag and TBI of
 * each half of the VA space, and the stream's last translation ("The last
 * translation" there), which has a validity of its own.  The handles of a
 * CPU also share a micro-TLB ("The micro-TLB" there); its entries name the
 * handle that made them by a stamp that no later handle of the CPU has, so
 * a slot that is made again (after a CFGI, or for another stream) starts
 * with none of them, and hw_stream_refs_reset() keeps the stamps counting.
 */
#include <linux/hash.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>
#include "model.h"

static bool cfgcache_enable = true;
module_param(cfgcache_enable, bool, 0444);
MODULE_PARM_DESC(cfgcache_enable,
		 "Cache decoded STEs and CDs (default: on)");

static unsigned int cfgcache_entries = 4096;
module_param(cfgcache_entries, uint, 0444);
MODULE_PARM_DESC(cfgcache_entries,
		 "STEs, and CDs, each configuration cache holds (default 4096)");

/* CD keys: StreamID << 20 | SubstreamID (52 bits: 64-bit kernels) */
#define CFG_SSID_BITS	20

/* Stream handles per CPU: 64 lines of 64 bytes, one per StreamID mod 64 */
#define HW_STREAM_REF_BITS	6
#define HW_STREAM_REFS		BIT(HW_STREAM_REF_BITS)

static bool utlb_enable = true;
module_param(utlb_enable, bool, 0444);
MODULE_PARM_DESC(utlb_enable,
		 "Give each CPU's stream handles a micro-TLB (default: on)");

/* One CPU's micro-TLB (xlate.c), in one allocation */
struct hw_utlb {
	struct hw_utlb_ent ent[HW_UTLB_ENTRIES];
};

/**
 * struct hw_stream_refs - one CPU's stream handles
 * @ref: direct-mapped by StreamID and SubstreamID (hw_stream_slot())
 * @utlb: their micro-TLB (HW_UTLB_ENTRIES entries), or NULL
 * @stamp: the last &hw_stream_ref.stamp given out on this CPU
 */
struct hw_stream_refs {
	struct hw_stream_ref ref[HW_STREAM_REFS];
	struct hw_utlb_ent *utlb;
	u64 stamp;
};

/**
 * struct cfg_ent - a cached STE or CD
 * @rcu: for kfree_rcu()
 * @ste: the decoded STE (in &hw_cfgcache.ste)
 * @cd: the decoded CD (in &hw_cfgcache.cd)
 *
 * Immutable once published.
 */
struct cfg_ent {
	struct rcu_head rcu;
	union {
		struct hw_ste ste;
		struct hw_s1_cfg cd;
	};
};

/**
 * struct hw_cfgcache - the configuration cache of one instance
 * @lock: serialises fills, replacement and invalidations
 * @ste: StreamID -> struct cfg_ent; RCU readers, writers under @lock
 * @cd: cfg_cd_key() -> struct cfg_ent; RCU readers, writers under @lock
 * @max: capacity of each of @ste and @cd
 * @nr_ste: entries in @ste, under @lock (read locklessly for statistics)
 * @nr_cd: entries in @cd, likewise
 * @ste_hand: replacement cursor of @ste, under @lock
 * @cd_hand: replacement cursor of @cd, under @lock
 * @gen: odd while entries are being removed, incremented again after:
 *       written under @lock, read locklessly ("Stream handles" above)
 * @refs: per-CPU stream handles
 */
struct hw_cfgcache {
	/* serialises fills, replacement, invalidations; see "Locking" above */
	spinlock_t lock;
	struct xarray ste;
	struct xarray cd;
	unsigned int max;
	unsigned int nr_ste;
	unsigned int nr_cd;
	unsigned long ste_hand;
	unsigned long cd_hand;
	unsigned long gen;
	struct hw_stream_refs __percpu *refs;
};

/* Open a removal section: stream handles made before it are invalid */
static void cfg_gen_begin(struct hw_cfgcache *c)
{
	lockdep_assert_held(&c->lock);
	WRITE_ONCE(c->gen, c->gen + 1);
	/* The odd generation before any unlinking or kfree_rcu() */
	smp_wmb();
}

/* Close it */
static void cfg_gen_end(struct hw_cfgcache *c)
{
	/* Release: a reader of the new generation sees the removals */
	smp_store_release(&c->gen, c->gen + 1);
}

static unsigned long cfg_cd_key(u32 sid, u32 ssid)
{
	return (unsigned long)sid << CFG_SSID_BITS |
	       (ssid & (BIT(CFG_SSID_BITS) - 1));
}

/* Drop the entry at @idx of @xa, if any; returns 1 if there was one */
static unsigned int cfg_erase(struct xarray *xa, unsigned int *nr,
			      unsigned long idx)
{
	struct cfg_ent *old = xa_erase(xa, idx);

	if (!old)
		return 0;
	WRITE_ONCE(*nr, *nr - 1);
	kfree_rcu(old, rcu);
	return 1;
}

/* Drop every entry of @xa with an index in [first, last] */
static unsigned int cfg_erase_range(struct xarray *xa, unsigned int *nr,
				    unsigned long first, unsigned long last)
{
	struct cfg_ent *e;
	unsigned long idx;
	unsigned int n = 0;

	xa_for_each_range(xa, idx, e, first, last)
		n += cfg_erase(xa, nr, idx);
	return n;
}

/*
 * Insert @e at @idx of @xa (holding *@nr of at most @max entries), first
 * replacing the entry at or after the cursor *@hand if @xa is full.
 * Returns false (the caller frees @e) if @idx is taken or memory is short.
 */
static bool cfg_insert(struct hw_cfgcache *c, struct xarray *xa,
		       unsigned int *nr, unsigned int max,
		       unsigned long *hand, unsigned long idx,
		       struct cfg_ent *e)
{
	if (xa_load(xa, idx))
		return false;
	if (*nr >= max) {
		if (!xa_find(xa, hand, ULONG_MAX, XA_PRESENT)) {
			*hand = 0;
			if (!xa_find(xa, hand, ULONG_MAX, XA_PRESENT))
				return false;
		}
		cfg_gen_begin(c);
		cfg_erase(xa, nr, *hand);
		cfg_gen_end(c);
		(*hand)++;
	}
	if (xa_insert(xa, idx, e, GFP_ATOMIC | __GFP_NOWARN))
		return false;
	WRITE_ONCE(*nr, *nr + 1);
	return true;
}

/*
 * Cache @e (a fetched STE or CD) if no CFGI ran since @p began; frees it
 * otherwise.  Returns whether it was cached.
 */
static bool cfg_fill(struct swsmmu_hw *hw, const struct hw_piece *p,
		     bool is_cd, unsigned long idx, struct cfg_ent *e)
{
	struct hw_cfgcache *c = hw->cfgc;
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&c->lock, flags);
	ok = READ_ONCE(hw->cfg_seq) == p->cfg_seq;
	if (ok && is_cd)
		ok = cfg_insert(c, &c->cd, &c->nr_cd, c->max, &c->cd_hand, idx,
				e);
	else if (ok)
		ok = cfg_insert(c, &c->ste, &c->nr_ste, c->max, &c->ste_hand,
				idx, e);
	spin_unlock_irqrestore(&c->lock, flags);
	if (!ok)
		kfree(e);
	return ok;
}

/*
 * Strict speculate: an SMMU may fetch and cache any valid STE at any time
 * (16.2), so bring in the next StreamID's along with a missed one, if it
 * is valid and not cached yet.  A driver that changes an STE without
 * CFGI_STE then sees the old one used, as on such hardware.
 *
 * A speculative fetch is nobody's transaction: what it finds wrong is
 * dropped without an event, and it must neither use up a fault armed for
 * the next real fetch nor report a torn read (no transaction saw one).
 * The fetch functions behave so when given a trace (as for a debugfs
 * view), so it passes one and ignores what is recorded in it.  It runs in
 * the piece @p like the fetch that missed, so cfg_fill() drops it if a
 * CFGI ran meanwhile, and a CFGI's CMD_SYNC waits for it.
 */
static void cfg_speculate_ste(struct swsmmu_hw *hw, const struct hw_piece *p,
			      u32 sid)
{
	struct hw_trace t = { };
	struct cfg_ent *e;
	struct hw_fault f;

	if (!sid || xa_load(&hw->cfgc->ste, sid))
		return;
	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		return;
	if (swsmmu_hw_fetch_ste(hw, sid, &e->ste, &f, &t)) {
		kfree(e);
		return;
	}
	if (cfg_fill(hw, p, false, sid, e))
		hw_stat_inc(hw, HW_STAT_SPEC_STE_FILL);
}

/*
 * Strict speculate, for CDs: likewise (16.2: any valid structure), bring
 * in the CD of the next SubstreamID of the same CD table along with a
 * missed one, if it is valid, well-formed and not cached yet.  A driver
 * that changes a PASID's CD without CFGI_CD then sees the old one used
 * even when no transaction of that PASID ran before the change.
 *
 * Not for nested STEs: there the CD table's address is an IPA, and its
 * stage-2 walk may set Access flags, which a speculative walk must not.
 */
static void cfg_speculate_cd(struct swsmmu_hw *hw, const struct hw_piece *p,
			     u32 sid, const struct hw_ste *ste, u32 ssid)
{
	unsigned long key = cfg_cd_key(sid, ssid);
	struct hw_trace t = { };
	struct cfg_ent *e;
	struct hw_fault f;

	if (ste->config != STRTAB_STE_0_CFG_S1_TRANS ||
	    (u64)ssid >> ste->s1cdmax || ssid >= BIT(CFG_SSID_BITS) ||
	    xa_load(&hw->cfgc->cd, key))
		return;
	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		return;
	if (hw_fetch_cd_sid(hw, ste, sid, ssid, &e->cd, &f, &t)) {
		kfree(e);
		return;
	}
	if (cfg_fill(hw, p, true, key, e))
		hw_stat_inc(hw, HW_STAT_SPEC_CD_FILL);
}

/**
 * hw_cfg_ste_ref() - the decoded STE of a StreamID, from the cache or memory
 * @hw: the instance
 * @p: the transaction piece (inside which this runs)
 * @sid: StreamID
 * @buf: where the STE is decoded on a miss
 * @ste: when 0 is returned, the decoded STE: the cached entry (read-only,
 *       valid until @p ends) or @buf
 * @f: the fault, when an event ID is returned
 *
 * A miss fetches the STE with swsmmu_hw_fetch_ste() into @buf and caches a copy
 * of it if valid.
 *
 * Return: as swsmmu_hw_fetch_ste().
 */
enum evt_id hw_cfg_ste_ref(struct swsmmu_hw *hw, const struct hw_piece *p,
			   u32 sid, struct hw_ste *buf,
			   const struct hw_ste **ste, struct hw_fault *f)
{
	struct hw_cfgcache *c = hw->cfgc;
	struct cfg_ent *e;
	int ret;

	if (c) {
		e = xa_load(&c->ste, sid);
		if (e) {
			*ste = &e->ste;
			hw_stat_inc(hw, HW_STAT_CFG_HIT);
			return 0;
		}
		hw_stat_inc(hw, HW_STAT_CFG_MISS);
	}
	ret = swsmmu_hw_fetch_ste(hw, sid, buf, f, NULL);
	if (ret)
		return ret;
	*ste = buf;
	if (!c || !p->fill)
		return 0;
	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (e) {
		e->ste = *buf;
		cfg_fill(hw, p, false, sid, e);
	}
	if (hw_strict(hw, HW_STRICT_SPECULATE))
		cfg_speculate_ste(hw, p, sid + 1);
	return 0;
}

/**
 * swsmmu_hw_cfg_ste() - a copy of the decoded STE of a StreamID, from the cache
 *                or memory
 * @hw: the instance
 * @p: the transaction piece (inside which this runs)
 * @sid: StreamID
 * @ste: the decoded STE, valid when 0 is returned
 * @f: the fault, when an event ID is returned
 *
 * As hw_cfg_ste_ref(), for callers that keep the STE.
 *
 * Return: as swsmmu_hw_fetch_ste().
 */
enum evt_id swsmmu_hw_cfg_ste(struct swsmmu_hw *hw, const struct hw_piece *p, u32 sid,
			      struct hw_ste *ste, struct hw_fault *f)
{
	const struct hw_ste *ref;
	int ret;

	ret = hw_cfg_ste_ref(hw, p, sid, ste, &ref, f);
	if (!ret && ref != ste)
		*ste = *ref;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_cfg_ste);

/**
 * hw_cfg_cd_ref() - a decoded CD, from the cache or memory
 * @hw: the instance
 * @p: the transaction piece (inside which this runs)
 * @sid: StreamID the STE @ste belongs to
 * @ste: its decoded STE
 * @ssid: SubstreamID (0 for transactions without one, see swsmmu_hw_fetch_cd())
 * @buf: where the CD is decoded on a miss
 * @cd: when 0 is returned, the decoded CD: the cached entry (read-only,
 *      valid until @p ends) or @buf
 * @f: the fault, when an event ID is returned
 *
 * A miss fetches the CD with swsmmu_hw_fetch_cd() into @buf and caches a copy of
 * it if valid.
 *
 * Return: as swsmmu_hw_fetch_cd().
 */
enum evt_id hw_cfg_cd_ref(struct swsmmu_hw *hw, const struct hw_piece *p,
			  u32 sid, const struct hw_ste *ste, u32 ssid,
			  struct hw_s1_cfg *buf, const struct hw_s1_cfg **cd,
			  struct hw_fault *f)
{
	struct hw_cfgcache *c = hw->cfgc;
	struct cfg_ent *e;
	int ret;

	/* swsmmu_hw_fetch_cd() rejects larger SubstreamIDs before any fetch */
	if (c && ssid < BIT(CFG_SSID_BITS)) {
		e = xa_load(&c->cd, cfg_cd_key(sid, ssid));
		if (e) {
			*cd = &e->cd;
			hw_stat_inc(hw, HW_STAT_CFG_HIT);
			return 0;
		}
		hw_stat_inc(hw, HW_STAT_CFG_MISS);
	}
	ret = hw_fetch_cd_sid(hw, ste, sid, ssid, buf, f, NULL);
	if (ret)
		return ret;
	*cd = buf;
	if (!c || !p->fill || ssid >= BIT(CFG_SSID_BITS))
		return 0;
	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (e) {
		e->cd = *buf;
		cfg_fill(hw, p, true, cfg_cd_key(sid, ssid), e);
	}
	if (hw_strict(hw, HW_STRICT_SPECULATE))
		cfg_speculate_cd(hw, p, sid, ste, ssid + 1);
	return 0;
}

/* Stream handles: "Stream handles" at the top of this file */

static u64 hw_stream_key(const struct swsmmu_txn *txn)
{
	if (!(txn->flags & SWSMMU_TXN_SSV))
		return (u64)txn->sid << 32;
	return (u64)txn->sid << 32 | BIT_ULL(31) | txn->ssid;
}

static struct hw_stream_ref *hw_stream_slot(struct hw_stream_refs *refs,
					    const struct swsmmu_txn *txn)
{
	u32 i = txn->sid;

	if (txn->flags & SWSMMU_TXN_SSV)
		i ^= hash_32(txn->ssid, HW_STREAM_REF_BITS);
	return &refs->ref[i & (HW_STREAM_REFS - 1)];
}

/**
 * hw_stream_ref_get() - this CPU's handle of a transaction's stream
 * @hw: the instance
 * @txn: the transaction (StreamID, SSV, SubstreamID)
 * @gen: the configuration cache's generation, for hw_stream_ref_set()
 *
 * Call inside a transaction piece, before any configuration lookup of the
 * transaction.  A caller that uses the handle counts the configuration
 * cache hits it stands for with hw_stream_ref_hit().
 *
 * Return: the valid handle, or NULL (resolve the stream, then call
 * hw_stream_ref_set() with @gen).
 */
struct hw_stream_ref *hw_stream_ref_get(struct swsmmu_hw *hw,
					const struct swsmmu_txn *txn,
					unsigned long *gen)
{
	struct hw_cfgcache *c = hw->cfgc;
	struct hw_stream_ref *ref;

	if (!c)
		return NULL;
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "stream handle outside RCU");
	/* acquire, pairs with cfg_gen_end(): a new one sees the removals */
	*gen = smp_load_acquire(&c->gen);
	ref = hw_stream_slot(this_cpu_ptr(c->refs), txn);
	if (!ref->ste || ref->gen != *gen || ref->key != hw_stream_key(txn))
		return NULL;
	return ref;
}

/**
 * hw_stream_ref_set() - remember a transaction's resolved stream
 * @hw: the instance
 * @p: the transaction piece
 * @txn: the transaction
 * @gen: what hw_stream_ref_get() read, before the lookups
 * @ste: the STE the lookups found
 * @cd: the CD they found, or NULL when the regime has no stage 1
 * @s1: stage 1 translates
 * @s2: stage 2 translates
 *
 * Kept only when @ste and @cd are the configuration cache's own entries
 * (not copies fetched on a miss), @gen is even, and @p may fill.
 *
 * Return: the handle, or NULL when nothing was kept.
 */
struct hw_stream_ref *hw_stream_ref_set(struct swsmmu_hw *hw,
					const struct hw_piece *p,
					const struct swsmmu_txn *txn,
					unsigned long gen,
					const struct hw_ste *ste,
					const struct hw_s1_cfg *cd,
					bool s1, bool s2)
{
	struct hw_cfgcache *c = hw->cfgc;
	struct hw_stream_refs *refs;
	struct hw_stream_ref *ref;
	struct cfg_ent *e;

	if (!c || !p->fill || (gen & 1))
		return NULL;
	/* SubstreamIDs the cache keys (larger ones never resolve) */
	if ((txn->flags & SWSMMU_TXN_SSV) && txn->ssid >= BIT(CFG_SSID_BITS))
		return NULL;
	e = xa_load(&c->ste, txn->sid);
	if (!e || &e->ste != ste)
		return NULL;
	if (cd) {
		e = xa_load(&c->cd, cfg_cd_key(txn->sid, txn->flags &
					       SWSMMU_TXN_SSV ? txn->ssid : 0));
		if (!e || &e->cd != cd)
			return NULL;
	}
	refs = this_cpu_ptr(c->refs);
	ref = hw_stream_slot(refs, txn);
	/* A new stamp: the micro-TLB entries of the slot's last handle die */
	*ref = (struct hw_stream_ref) {
		.gen = gen, .key = hw_stream_key(txn), .ste = ste, .cd = cd,
		.s1 = s1, .s2 = s2, .utlb = refs->utlb, .stamp = ++refs->stamp,
	};
	return ref;
}

/**
 * hw_stream_refs_reset() - forget every stream handle
 * @hw: the instance; no transaction is in progress
 *
 * For when the IOTLB or the configuration cache is set up again: handles
 * point into them.
 */
void hw_stream_refs_reset(struct swsmmu_hw *hw)
{
	struct hw_cfgcache *c = hw->cfgc;
	unsigned int cpu;

	if (!c)
		return;
	/* Stamps go on: the micro-TLBs' entries name none of the new handles */
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(c->refs, cpu)->ref, 0,
		       sizeof(c->refs->ref));
}

/**
 * hw_cfgcache_invalidate() - execute a CFGI command on the cache
 * @hw: the instance
 * @ci: the decoded command
 *
 * Drops what the comment at the top of this file says @ci->op drops and
 * counts an invalidation in hw->cfg_seq.  Never sleeps.
 *
 * Return: how many cached STEs and CDs it removed.
 */
unsigned int hw_cfgcache_invalidate(struct swsmmu_hw *hw,
				    const struct hw_cfgi *ci)
{
	struct hw_cfgcache *c = hw->cfgc;
	u64 last_sid = min_t(u64, (u64)ci->sid + ci->nr_sids - 1, U32_MAX);
	unsigned long flags;
	unsigned int n = 0;

	if (!c)
		return 0;

	spin_lock_irqsave(&c->lock, flags);
	cfg_gen_begin(c);
	switch (ci->op) {
	case HW_CFGI_STE:
	case HW_CFGI_STE_RANGE:
	case HW_CFGI_ALL:
		n += cfg_erase_range(&c->ste, &c->nr_ste, ci->sid, last_sid);
		n += cfg_erase_range(&c->cd, &c->nr_cd, cfg_cd_key(ci->sid, 0),
				     cfg_cd_key(last_sid,
						BIT(CFG_SSID_BITS) - 1));
		break;
	case HW_CFGI_CD:
		n += cfg_erase(&c->cd, &c->nr_cd, cfg_cd_key(ci->sid, ci->ssid));
		break;
	case HW_CFGI_CD_ALL:
		n += cfg_erase_range(&c->cd, &c->nr_cd, cfg_cd_key(ci->sid, 0),
				     cfg_cd_key(ci->sid,
						BIT(CFG_SSID_BITS) - 1));
		break;
	}
	/*
	 * After the removal (see swsmmu_hw_tlb_invalidate()).  It matters more here:
	 * a piece that read the new count and then still found the old STE
	 * would fetch and cache the old CD through it, after the removal.
	 */
	smp_store_release(&hw->cfg_seq, hw->cfg_seq + 1);
	cfg_gen_end(c);
	spin_unlock_irqrestore(&c->lock, flags);
	hw_stat_add(hw, HW_STAT_CFG_INV_ENTRIES, n);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(hw_cfgcache_invalidate);

static void cfg_free_all(struct xarray *xa)
{
	struct cfg_ent *e;
	unsigned long idx;

	xa_for_each(xa, idx, e)
		kfree(e);
	xa_destroy(xa);
}

/*
 * Each CPU's micro-TLB (xlate.c) is a separate allocation: at 32 KB it
 * would fill the per-CPU allocator's largest unit on its own, and the
 * slab's memory sits in the linear map, where a random probe costs no
 * page walk of the CPU's own.
 */
static int hw_utlb_alloc(struct hw_cfgcache *c)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hw_utlb *u = kvzalloc(sizeof(*u), GFP_KERNEL);

		if (!u)
			return -ENOMEM;
		per_cpu_ptr(c->refs, cpu)->utlb = u->ent;
	}
	return 0;
}

static void hw_utlb_free(struct hw_cfgcache *c)
{
	unsigned int cpu;

	if (!c->refs)
		return;
	for_each_possible_cpu(cpu)
		kvfree(per_cpu_ptr(c->refs, cpu)->utlb);
}

/**
 * swsmmu_hw_cfgcache_init() - give an instance a configuration cache
 * @hw: the instance, with none, and no transaction in progress
 * @max: STEs (and CDs) it may hold; 0 for no cache
 * @utlb: give each CPU's stream handles a micro-TLB (xlate.c)
 *
 * swsmmu_hw_create() calls it with cfgcache_entries, or 0 without
 * cfgcache_enable, and utlb_enable; tests call it again after
 * swsmmu_hw_cfgcache_destroy().
 *
 * Return: 0 or -ENOMEM.
 */
int swsmmu_hw_cfgcache_init(struct swsmmu_hw *hw, unsigned int max, bool utlb)
{
	struct hw_cfgcache *c;

	/* CD keys are 52 bits */
	BUILD_BUG_ON(BITS_PER_LONG < 64);
	WARN_ON_ONCE(hw->cfgc);
	if (!max)
		return 0;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->refs = alloc_percpu(struct hw_stream_refs);
	if (!c->refs || (utlb && hw_utlb_alloc(c))) {
		hw_utlb_free(c);
		free_percpu(c->refs);
		kfree(c);
		return -ENOMEM;
	}
	spin_lock_init(&c->lock);
	xa_init(&c->ste);
	xa_init(&c->cd);
	c->max = max;
	hw->cfgc = c;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_cfgcache_init);

/**
 * hw_cfgcache_init_default() - give a new instance the configuration cache
 *                              the module parameters ask for
 * @hw: the instance
 *
 * Return: 0 or -ENOMEM.
 */
int hw_cfgcache_init_default(struct swsmmu_hw *hw)
{
	return swsmmu_hw_cfgcache_init(hw, cfgcache_enable ? cfgcache_entries : 0,
				       utlb_enable);
}

/**
 * swsmmu_hw_cfgcache_destroy() - free an instance's configuration cache
 * @hw: the instance; no transaction is in progress
 */
void swsmmu_hw_cfgcache_destroy(struct swsmmu_hw *hw)
{
	struct hw_cfgcache *c = hw->cfgc;

	if (!c)
		return;
	cfg_free_all(&c->ste);
	cfg_free_all(&c->cd);
	hw_utlb_free(c);
	free_percpu(c->refs);
	kfree(c);
	hw->cfgc = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_cfgcache_destroy);

/**
 * swsmmu_hw_cfgcache_count() - entries in the configuration cache
 * @hw: the instance
 * @nr_ste: STEs cached
 * @nr_cd: CDs cached
 */
void swsmmu_hw_cfgcache_count(struct swsmmu_hw *hw, unsigned int *nr_ste,
			      unsigned int *nr_cd)
{
	struct hw_cfgcache *c = hw->cfgc;

	*nr_ste = c ? READ_ONCE(c->nr_ste) : 0;
	*nr_cd = c ? READ_ONCE(c->nr_cd) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_cfgcache_count);
