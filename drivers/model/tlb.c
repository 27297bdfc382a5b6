// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: the IOTLB.
 *
 * What an entry is
 * ----------------
 * One entry caches the final translation of one whole page or block: the
 * input address aligned down to the leaf's size, the output address (and,
 * for stage 1, the IPA) aligned the same way, the size, and the stage-1
 * and stage-2 permissions the walk granted (struct hw_walk).  Only
 * successful walks are cached, never faults.  Entries are tagged with:
 *  - the regime kind: stage 1 only (S1, keyed by VA), stage 2 only (S2,
 *    keyed by IPA), or both stages combined (S12, nested, keyed by VA);
 *  - the VMID (STE.S2VMID whenever stage 2 is implemented, else 0);
 *  - the ASID for stage 1 and combined entries whose leaf has nG = 1, or
 *    "global" for a leaf with nG = 0: a global entry matches every ASID of
 *    its VMID, as on silicon;
 *  - the granule of the regime that produced it (a lookup from a regime
 *    with another granule does not hit it; invalidations ignore it).
 * A VA key with TBI in force is made canonical (VA[63:56] copies VA[55]).
 *
 * Lookup, and why our own hash table
 * ----------------------------------
 * Entries live in a fixed array of 2^n hlist buckets, n chosen at creation
 * so that there are at least as many buckets as the capacity (load factor
 * at most 1), hashed on (tag, aligned input address, size).  The capacity
 * is fixed (module parameter tlb_entries), so the table never resizes:
 * rhashtable's incremental resizing, per-bucket bit locks and its -EBUSY
 * insertion failures under pressure buy nothing here, while a fixed array
 * makes the cost of a probe a constant (one hash, expected at most one
 * chain link) whatever the occupancy.  Readers walk a bucket with
 * hlist_for_each_entry_rcu() under rcu_read_lock() (a transaction piece,
 * see sync.c); they take no lock and do no atomic read-modify-write.
 *
 * A block entry covers many pages, so a lookup must know which sizes to try.
 * Tags (one struct tlb_tag per kind/VMID/ASID, in an xarray read under
 * RCU) keep a bitmap of the leaf sizes they currently hold, with a count
 * per size.  A lookup loads the tag (one xa_load, at most six levels for
 * our 35-bit keys), then probes (tag, iova aligned down to 2^s, s) for each
 * size s present: a hit costs one xa_load plus at most popcount(sizes)
 * bucket probes, typically 1 to 3 (4KB pages and 2MB blocks, say), and
 * never depends on how many entries the TLB holds.  A stage-1 lookup that
 * misses its ASID's tag tries the VMID's global tag too, when any global
 * tag exists.
 *
 * Replacement
 * -----------
 * Capacity is bounded: every entry owns one slot of a ring of tlb_entries
 * slots.  Free slots (never used, or freed by invalidation) sit on a stack;
 * when none is free, CLOCK (second chance) picks the victim: the hand
 * sweeps the ring, clearing referenced bits, and evicts the first entry
 * whose bit is clear.  A hit sets the bit with a plain WRITE_ONCE() only
 * when it is clear, so a hot entry's cache line is not written on every
 * hit.  One sweep clears every bit, so eviction normally visits at most
 * capacity + 1 slots, amortised O(1) (and never more than two sweeps, even
 * if concurrent hits keep setting bits).  The TLB is never flushed to make
 * room.
 *
 * Invalidation: per-tag lists, not generations
 * --------------------------------------------
 * Each tag keeps a list of its entries.  TLBI by ASID or VMID visits only
 * the tags concerned (tag keys are kind << 32 | VMID << 16 | ASID, so all
 * ASIDs of one VMID are one contiguous xarray range) and frees their
 * entries at once.  Generation counters would make those commands O(1),
 * but dead entries would then keep occupying capacity (and CLOCK would have
 * to tell dead from live), every hit would need a generation check, and a
 * per-VA invalidation must find entries anyway.  Freeing on invalidation
 * keeps the capacity accounting exact and the hit path minimal.
 *
 * By-address invalidation (NH_VA, NH_VAA, S2_IPA, with or without a range)
 * removes exactly the entries of the tags concerned whose page or block
 * overlaps [addr, addr + size) (a single address without TG), whatever
 * their granule and level: TG and TTL are hints that we do not need (except
 * in strict walk_cache mode, below).  Per
 * tag, it either probes every aligned address of the range for each size
 * the tag holds, or walks the tag's list, whichever is fewer steps: the
 * cost is at most the number of entries of the tags concerned, never a scan
 * of the whole TLB.  What each command removes:
 *  - NH_ASID: the S1 and S12 entries of (VMID, ASID); not global ones;
 *  - NH_VA: the S1 and S12 entries of (VMID, ASID) and the VMID's global
 *    entries, in the range;
 *  - NH_VAA: the S1 and S12 entries of every ASID of the VMID, global ones
 *    included, in the range;
 *  - NH_ALL: every S1 and S12 entry of the VMID;
 *  - S2_IPA: the S2 entries of the VMID in the IPA range, and every S12
 *    (combined) entry of the VMID.  The architecture does not require
 *    TLBI_S2_IPA to remove combined entries (software follows it with
 *    TLBI_S12_VMALL or NH_ALL); we are conservative, as a combined entry
 *    is keyed by VA and we do not want to trust its recorded IPA to be the
 *    only stage-2 translation it depends on;
 *  - S12_VMALL: everything of the VMID;
 *  - NSNH_ALL: everything.
 * Addresses of NH_* commands are made canonical like TBI keys (more is
 * removed, never less).
 *
 * Strict mode (strict.c): walk cache, level hints, conflicts
 * ----------------------------------------------------------
 * With strict walk_cache, walks also cache table descriptors here, under
 * two more tag kinds (stage-1 by VMID and ASID, stage-2 by VMID), as
 * entries whose size is the span of their level and whose "output" is the
 * next table: they share the hash table, the capacity and CLOCK with the
 * leaves.  By-address TLBIs remove them only with Leaf=0; by ASID, VMID
 * or all, always.  A TLBI with TG and TTL keeps what its hint excludes:
 * leaves of another level than TTL, table entries at or below it (see
 * tlb_hint_keeps()).  With strict conflict, a hit also probes the other
 * sizes of its tag (and the global tag): a second match is a conflict.
 *
 * Consistency with concurrent fills: every TLBI increments hw->tlb_seq
 * under tlb->lock, after its removals.  A fill is made under the same lock
 * and is dropped if hw->tlb_seq moved since its transaction piece began,
 * so a walk that may have read a descriptor from before an invalidation
 * never installs an entry after it; and a piece that began after the
 * increment sees the removals.  With hw_sync_inflight() (sync.c) this gives the
 * CMD_SYNC guarantee.
 *
 * Remembered tags: a stream handle (cfgcache.c) keeps the struct tlb_tag
 * of its regime (struct hw_tlb_ref) so that a hit skips the xa_load() of
 * the tag.  Tags are freed only by tlb_tag_reap(), which brackets the
 * erase and the kfree_rcu() with two increments of tlb->tag_gen (odd
 * during); a remembered tag is used only while the generation is the one
 * read, even, when it was found.  A reader that read that generation read
 * it before the odd increment, so before the kfree_rcu(), inside its RCU
 * read-side section: the tag stays allocated until it is done.  A tag that
 * is kept is the one the xarray holds, so a lookup through it finds what a
 * lookup by key finds.  TLBIs need not touch handles: they remove entries,
 * and a tag left empty is reaped, which moves the generation.
 *
 * Locking: tlb->lock (a spinlock taken with interrupts disabled) serialises
 * fills, evictions and invalidations, and protects every field marked so
 * below.  Readers hold only rcu_read_lock().  Entries and tags are freed
 * with kfree_rcu().
 */
#include <linux/bitops.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>
#include <swsmmu/param.h>
#include "model.h"

static bool tlb_enable = true;
module_param(tlb_enable, bool, 0444);
MODULE_PARM_DESC(tlb_enable, "Cache translations in an IOTLB (default: on)");

/* Leaf sizes: 4KB pages up to 4TB level-1 blocks (64KB granule, 52 bits) */
#define TLB_MIN_SHIFT	12
#define TLB_MAX_SHIFT	42
#define TLB_NR_SHIFTS	(TLB_MAX_SHIFT - TLB_MIN_SHIFT + 1)
#define TLB_MAX_ENTRIES	BIT(24)
#define TLB_MIN_BUCKETS	16

static int tlb_entries_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_uint_range(val, kp, 0, TLB_MAX_ENTRIES);
}

static const struct kernel_param_ops tlb_entries_ops = {
	.set = tlb_entries_set,
	.get = param_get_uint,
};

static unsigned int tlb_entries = 65536;
module_param_cb(tlb_entries, &tlb_entries_ops, &tlb_entries, 0444);
MODULE_PARM_DESC(tlb_entries,
		 "IOTLB capacity of each SMMU instance, in entries (0 to 2^24, default 65536)");

/* Tag kinds: the key's bits [34:32] */
enum tlb_kind {
	TLB_K_S1,	/* stage 1 only, ASID-tagged */
	TLB_K_S1G,	/* stage 1 only, global (ASID 0 in the key) */
	TLB_K_S12,	/* nested, ASID-tagged */
	TLB_K_S12G,	/* nested, global */
	TLB_K_S2,	/* stage 2 only (ASID 0 in the key) */
	TLB_K_WS1,	/* strict walk cache: stage-1 table descriptors */
	TLB_K_WS2,	/* strict walk cache: stage-2 table descriptors */
	TLB_K_NR,
};

/**
 * struct tlb_tag - the entries of one kind, VMID and ASID
 * @key: tlb_key() of the tag
 * @sizes: bit i set while entries of 2^(i + TLB_MIN_SHIFT) bytes exist;
 *         written under the lock, read locklessly
 * @nr: number of entries, under the lock
 * @nr_size: number of entries of each size, under the lock
 * @entries: the entries (struct tlb_entry.tnode), under the lock
 * @rcu: for kfree_rcu()
 */
struct tlb_tag {
	unsigned long key;
	u32 sizes;
	unsigned int nr;
	unsigned int nr_size[TLB_NR_SHIFTS];
	struct list_head entries;
	struct rcu_head rcu;
};

/**
 * struct tlb_entry - one cached page or block translation
 * @hnode: in a hash bucket (RCU readers, writers under the lock)
 * @tnode: on its tag's list, under the lock
 * @tag: its tag, under the lock (set once: RCU readers of the entry may
 *       read it, tags are freed with kfree_rcu() after their entries)
 * @key: tag key (immutable, like every field down to @perm_s2)
 * @ia: input address (VA or IPA), aligned to 2^@shift
 * @oa: output address, aligned to 2^@shift
 * @ipa: stage-1 output (the IPA; @oa without stage 2), aligned likewise
 * @shift: log2 of the size of the page or block
 * @g: log2 of the granule of the regime that produced it
 * @perm_s1: HW_PERM_* granted by stage 1
 * @perm_s2: HW_PERM_* granted by stage 2
 * @referenced: CLOCK bit: set by hits (WRITE_ONCE, lockless), cleared by
 *              the hand under the lock
 * @slot: index in the ring, under the lock
 * @rcu: for kfree_rcu()
 */
struct tlb_entry {
	struct hlist_node hnode;
	struct list_head tnode;
	struct tlb_tag *tag;
	unsigned long key;
	u64 ia;
	u64 oa;
	u64 ipa;
	u8 shift;
	u8 g;
	u8 perm_s1;
	u8 perm_s2;
	u8 referenced;
	u32 slot;
	struct rcu_head rcu;
};

/**
 * struct hw_tlb - the IOTLB of one instance
 * @lock: serialises fills, evictions and invalidations
 * @capacity: number of slots (entries at most)
 * @nr: entries present, under @lock (read locklessly for statistics)
 * @hand: CLOCK hand, a slot index, under @lock
 * @nr_free: depth of @free, under @lock
 * @free: stack of free slot indices, under @lock
 * @ring: slot -> entry (NULL when free), under @lock
 * @hash_bits: log2 of the number of buckets
 * @buckets: hash buckets: RCU readers, writers under @lock
 * @tags: tag key -> struct tlb_tag: RCU readers, writers under @lock
 * @nr_global: global tags present, under @lock (read locklessly: a stale
 *             zero only costs a miss)
 * @tag_gen: odd while a tag is being freed, under @lock (read locklessly:
 *           "Remembered tags" above)
 */
struct hw_tlb {
	/* serialises fills, evictions, invalidations; see "Locking" above */
	spinlock_t lock;
	unsigned int capacity;
	unsigned int nr;
	unsigned int hand;
	unsigned int nr_free;
	u32 *free;
	struct tlb_entry **ring;
	unsigned int hash_bits;
	struct hlist_head *buckets;
	struct xarray tags;
	unsigned int nr_global;
	unsigned long tag_gen;
};

/* Key layout: kind << 32 | VMID << 16 | ASID (35 bits: 64-bit kernels) */
static unsigned long tlb_key(unsigned int kind, u16 vmid, u16 asid)
{
	return (unsigned long)kind << 32 | (unsigned long)vmid << 16 | asid;
}

static unsigned int tlb_key_kind(unsigned long key)
{
	return key >> 32;
}

static bool tlb_kind_global(unsigned int kind)
{
	return kind == TLB_K_S1G || kind == TLB_K_S12G;
}

static u32 tlb_hash(const struct hw_tlb *tlb, unsigned long key, u64 ia,
		    unsigned int shift)
{
	return hash_64((ia >> TLB_MIN_SHIFT) ^ rol64(key, 29) ^
		       ((u64)shift << 56), tlb->hash_bits);
}

static u64 tlb_size_mask(unsigned int shift)
{
	return BIT_ULL(shift) - 1;
}

/* ---------------------------------------------------------------------- */
/* Lookup (lockless)                                                      */
/* ---------------------------------------------------------------------- */

static struct tlb_entry *tlb_find(const struct hw_tlb *tlb, unsigned long key,
				  u64 ia, unsigned int shift, u8 g)
{
	struct hlist_head *b = &tlb->buckets[tlb_hash(tlb, key, ia, shift)];
	struct tlb_entry *e;

	hlist_for_each_entry_rcu(e, b, hnode)
		if (e->key == key && e->ia == ia && e->shift == shift &&
		    e->g == g)
			return e;
	return NULL;
}

/*
 * The tag of @key: remembered in @ref (when given) while the tag
 * generation has not moved, else looked up, and remembered when found
 */
static struct tlb_tag *tlb_tag_find(struct hw_tlb *tlb, unsigned long key,
				    struct hw_tlb_ref *ref)
{
	struct tlb_tag *tag;
	unsigned long gen;

	if (!ref)
		return xa_load(&tlb->tags, key);
	/* acquire, pairs with tlb_tag_reap(): a new one sees the erase */
	gen = smp_load_acquire(&tlb->tag_gen);
	if (ref->tag && ref->gen == gen)
		return ref->tag;
	tag = xa_load(&tlb->tags, key);
	if (tag && !(gen & 1)) {
		ref->tag = tag;
		ref->gen = gen;
	}
	return tag;
}

/* The entry of tag @key with granule @g that covers @ia, if any */
static struct tlb_entry *tlb_probe_tag(struct hw_tlb *tlb,
				       unsigned long key, u8 g, u64 ia,
				       struct hw_tlb_ref *ref)
{
	struct tlb_entry *e;
	struct tlb_tag *tag;
	unsigned long sizes;
	unsigned int i, shift;

	tag = tlb_tag_find(tlb, key, ref);
	if (!tag)
		return NULL;
	sizes = READ_ONCE(tag->sizes);
	for_each_set_bit(i, &sizes, TLB_NR_SHIFTS) {
		shift = i + TLB_MIN_SHIFT;
		e = tlb_find(tlb, key, ia & ~tlb_size_mask(shift), shift, g);
		if (e)
			return e;
	}
	return NULL;
}

static unsigned int tlb_kind_of(const struct hw_tlb_tag *t, bool global)
{
	switch (t->kind) {
	case HW_TLB_S1:
		return global ? TLB_K_S1G : TLB_K_S1;
	case HW_TLB_S12:
		return global ? TLB_K_S12G : TLB_K_S12;
	default:
		return TLB_K_S2;
	}
}

/*
 * Strict conflict check: after @e hit, does another entry of the tags
 * @key and @gkey (0: none) with granule @g also cover @ia?  Returns it.
 */
static struct tlb_entry *tlb_other_match(struct hw_tlb *tlb,
					 const struct tlb_entry *e,
					 unsigned long key, unsigned long gkey,
					 u8 g, u64 ia)
{
	unsigned long keys[2] = { key, gkey }, sizes;
	struct tlb_entry *o;
	struct tlb_tag *tag;
	unsigned int i, k, shift;

	for (k = 0; k < 2 && keys[k]; k++) {
		/* @e's own tag and size hold only @e for @ia: not probed */
		tag = keys[k] == e->key ? e->tag : xa_load(&tlb->tags, keys[k]);
		if (!tag)
			continue;
		sizes = READ_ONCE(tag->sizes);
		if (keys[k] == e->key)
			sizes &= ~BIT(e->shift - TLB_MIN_SHIFT);
		for_each_set_bit(i, &sizes, TLB_NR_SHIFTS) {
			shift = i + TLB_MIN_SHIFT;
			o = tlb_find(tlb, keys[k], ia & ~tlb_size_mask(shift),
				     shift, g);
			if (o && o != e)
				return o;
		}
	}
	return NULL;
}

static int tlb_lookup(struct swsmmu_hw *hw, const struct hw_tlb_tag *t, u64 ia,
		      struct hw_walk *w, struct hw_tlb_conflict *c,
		      struct hw_tlb_ref *ref)
{
	struct hw_tlb *tlb = hw->tlb;
	struct tlb_entry *e, *o;
	unsigned int kind;
	unsigned long key, gkey = 0;
	u64 off;

	if (!tlb)
		return 0;
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "TLB lookup outside RCU");

	kind = tlb_kind_of(t, false);
	key = tlb_key(kind, t->vmid, t->asid);
	if (kind != TLB_K_S2 && READ_ONCE(tlb->nr_global))
		gkey = tlb_key(tlb_kind_of(t, true), t->vmid, 0);
	e = tlb_probe_tag(tlb, key, t->g, ia, ref);
	if (!e && gkey)
		e = tlb_probe_tag(tlb, gkey, t->g, ia, NULL);
	if (!e) {
		hw_stat_inc(hw, HW_STAT_TLB_MISS);
		return 0;
	}
	if (unlikely(c)) {
		o = tlb_other_match(tlb, e, key, gkey, t->g, ia);
		if (o) {
			c->shift[0] = e->shift;
			c->shift[1] = o->shift;
			c->oa[0] = e->oa;
			c->oa[1] = o->oa;
			return -EEXIST;
		}
	}

	/* Second chance; written only when clear, so hot lines stay clean */
	if (!READ_ONCE(e->referenced))
		WRITE_ONCE(e->referenced, 1);
	off = ia & tlb_size_mask(e->shift);
	w->oa = e->oa | off;
	w->ipa = e->ipa | off;
	w->block_shift = e->shift;
	w->perm_s1 = e->perm_s1;
	w->perm_s2 = e->perm_s2;
	w->ng = !tlb_kind_global(tlb_key_kind(e->key)) &&
		tlb_key_kind(e->key) != TLB_K_S2;
	hw_stat_inc(hw, HW_STAT_TLB_HIT);
	return 1;
}

/**
 * swsmmu_hw_tlb_lookup() - look a translation up in the IOTLB
 * @hw: the instance
 * @t: the regime's tag (kind, VMID, ASID, granule)
 * @ia: input address (VA, made canonical when TBI applies, or IPA)
 * @w: the cached translation of @ia, on a hit
 *
 * Call inside a transaction piece (swsmmu_hw_piece_begin()), which holds
 * rcu_read_lock().  Takes no lock and does no atomic read-modify-write.
 *
 * Return: true on a hit.
 */
bool swsmmu_hw_tlb_lookup(struct swsmmu_hw *hw, const struct hw_tlb_tag *t, u64 ia,
			  struct hw_walk *w)
{
	return tlb_lookup(hw, t, ia, w, NULL, NULL) > 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_lookup);

/**
 * hw_tlb_lookup_ref() - swsmmu_hw_tlb_lookup() with the tag remembered
 * @hw: the instance
 * @t: as swsmmu_hw_tlb_lookup(); always the same regime for one @ref
 * @ia: as swsmmu_hw_tlb_lookup()
 * @w: as swsmmu_hw_tlb_lookup()
 * @ref: where the tag of @t is remembered between lookups (a stream
 *       handle's, cfgcache.c); written only by the CPU that owns it
 *
 * Return: true on a hit.
 */
bool hw_tlb_lookup_ref(struct swsmmu_hw *hw, const struct hw_tlb_tag *t,
		       u64 ia, struct hw_walk *w, struct hw_tlb_ref *ref)
{
	return tlb_lookup(hw, t, ia, w, NULL, ref) > 0;
}

/**
 * swsmmu_hw_tlb_lookup_strict() - swsmmu_hw_tlb_lookup() that also looks
 *                                 for a second matching entry
 * @hw: the instance
 * @t: as swsmmu_hw_tlb_lookup()
 * @ia: as swsmmu_hw_tlb_lookup()
 * @w: as swsmmu_hw_tlb_lookup()
 * @c: the two entries, when -EEXIST is returned
 *
 * Two entries match one address only when software replaced a block by a
 * table (or the reverse) without break-before-make and a TLBI between the
 * two walks that filled them; the architecture then allows an SMMU to
 * report F_TLB_CONFLICT (strict conflict).  Every size the tags hold is
 * probed: at most popcount(sizes) more bucket probes than a plain hit.
 *
 * Return: 1 on a hit, 0 on a miss, -EEXIST on a conflict.
 */
int swsmmu_hw_tlb_lookup_strict(struct swsmmu_hw *hw,
				const struct hw_tlb_tag *t, u64 ia,
				struct hw_walk *w, struct hw_tlb_conflict *c)
{
	return tlb_lookup(hw, t, ia, w, c, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_lookup_strict);

/* The walk-cache tag key of regime @t */
static unsigned long tlb_walk_key(const struct hw_tlb_tag *t)
{
	if (t->kind == HW_TLB_S2)
		return tlb_key(TLB_K_WS2, t->vmid, 0);
	return tlb_key(TLB_K_WS1, t->vmid, t->asid);
}

/**
 * hw_tlb_walk_lookup() - look up a cached table descriptor (strict
 *                        walk_cache)
 * @hw: the instance
 * @t: the regime's tag (HW_TLB_S1 or HW_TLB_S2)
 * @ia: the input address
 * @shift: log2 of the span of the table descriptor's level
 * @table: the next-level table's address, on a hit
 * @attrs: the hierarchical attributes of the descriptors down to it
 *
 * Inside a transaction piece, like swsmmu_hw_tlb_lookup().
 *
 * Return: true on a hit.
 */
bool hw_tlb_walk_lookup(struct swsmmu_hw *hw, const struct hw_tlb_tag *t,
			u64 ia, unsigned int shift, u64 *table, u64 *attrs)
{
	struct hw_tlb *tlb = hw->tlb;
	struct tlb_entry *e;

	if (!tlb)
		return false;
	e = tlb_find(tlb, tlb_walk_key(t), ia & ~tlb_size_mask(shift), shift,
		     t->g);
	if (!e)
		return false;
	if (!READ_ONCE(e->referenced))
		WRITE_ONCE(e->referenced, 1);
	*table = e->oa;
	*attrs = e->ipa;
	hw_stat_inc(hw, HW_STAT_WALK_CACHE_HIT);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Removal, replacement and fill (under tlb->lock)                        */
/* ---------------------------------------------------------------------- */

/* Unhash @e and give its slot back; its tag may become empty (reap it) */
static void tlb_unlink(struct hw_tlb *tlb, struct tlb_entry *e)
{
	struct tlb_tag *tag = e->tag;
	unsigned int i = e->shift - TLB_MIN_SHIFT;

	lockdep_assert_held(&tlb->lock);
	hlist_del_rcu(&e->hnode);
	list_del(&e->tnode);
	if (!--tag->nr_size[i])
		WRITE_ONCE(tag->sizes, tag->sizes & ~BIT(i));
	tag->nr--;
	tlb->ring[e->slot] = NULL;
	tlb->free[tlb->nr_free++] = e->slot;
	WRITE_ONCE(tlb->nr, tlb->nr - 1);
	kfree_rcu(e, rcu);
}

/* Free @tag if it has no entries left */
static void tlb_tag_reap(struct hw_tlb *tlb, struct tlb_tag *tag)
{
	lockdep_assert_held(&tlb->lock);
	if (tag->nr)
		return;
	/* Remembered tags (struct hw_tlb_ref) go stale: see the top comment */
	WRITE_ONCE(tlb->tag_gen, tlb->tag_gen + 1);
	/* The odd generation before the erase and the kfree_rcu() */
	smp_wmb();
	xa_erase(&tlb->tags, tag->key);
	if (tlb_kind_global(tlb_key_kind(tag->key)))
		WRITE_ONCE(tlb->nr_global, tlb->nr_global - 1);
	kfree_rcu(tag, rcu);
	/* Release: a reader of the new generation no longer finds the tag */
	smp_store_release(&tlb->tag_gen, tlb->tag_gen + 1);
}

/*
 * CLOCK: evict the first entry past the hand whose referenced bit is clear.
 * After two sweeps (hits may keep setting bits behind the hand) the entry
 * under the hand goes regardless, so this always ends.
 */
static void tlb_evict_one(struct swsmmu_hw *hw, struct hw_tlb *tlb)
{
	struct tlb_entry *e;
	struct tlb_tag *tag;
	unsigned int steps;

	lockdep_assert_held(&tlb->lock);
	for (steps = 0; ; steps++) {
		e = tlb->ring[tlb->hand];
		if (++tlb->hand == tlb->capacity)
			tlb->hand = 0;
		if (!e)
			continue;	/* cannot happen while full; harmless */
		if (READ_ONCE(e->referenced) && steps < 2 * tlb->capacity) {
			WRITE_ONCE(e->referenced, 0);
			continue;
		}
		tag = e->tag;
		tlb_unlink(tlb, e);
		tlb_tag_reap(tlb, tag);
		hw_stat_inc(hw, HW_STAT_TLB_EVICT);
		return;
	}
}

/* The tag for @key, created if need be; NULL if out of memory */
static struct tlb_tag *tlb_tag_get(struct hw_tlb *tlb, unsigned long key)
{
	struct tlb_tag *tag = xa_load(&tlb->tags, key);

	lockdep_assert_held(&tlb->lock);
	if (tag)
		return tag;
	tag = kzalloc(sizeof(*tag), GFP_ATOMIC | __GFP_NOWARN);
	if (!tag)
		return NULL;
	tag->key = key;
	INIT_LIST_HEAD(&tag->entries);
	if (xa_insert(&tlb->tags, key, tag, GFP_ATOMIC | __GFP_NOWARN)) {
		kfree(tag);
		return NULL;
	}
	if (tlb_kind_global(tlb_key_kind(key)))
		WRITE_ONCE(tlb->nr_global, tlb->nr_global + 1);
	return tag;
}

/*
 * Install an entry (key, ia, shift, g) -> (oa, ipa, perms) unless a TLBI ran
 * since @p began, an equal entry exists, or memory is short.  Returns
 * whether it was installed.
 */
static bool tlb_insert(struct swsmmu_hw *hw, const struct hw_piece *p,
		       unsigned long key, u64 ia, unsigned int shift, u8 g,
		       u64 oa, u64 ipa, u8 perm_s1, u8 perm_s2)
{
	struct hw_tlb *tlb = hw->tlb;
	struct tlb_entry *e;
	struct tlb_tag *tag;
	unsigned long flags;

	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		return false;
	*e = (struct tlb_entry) {
		.key = key,
		.ia = ia & ~tlb_size_mask(shift),
		.oa = oa,
		.ipa = ipa,
		.shift = shift,
		.g = g,
		.perm_s1 = perm_s1,
		.perm_s2 = perm_s2,
	};

	spin_lock_irqsave(&tlb->lock, flags);
	if (READ_ONCE(hw->tlb_seq) != p->tlb_seq ||
	    tlb_find(tlb, key, e->ia, shift, e->g))
		goto drop;
	if (!tlb->nr_free)
		tlb_evict_one(hw, tlb);
	/* After the eviction, which may have reaped our tag */
	tag = tlb_tag_get(tlb, key);
	if (!tag)
		goto drop;

	e->tag = tag;
	e->slot = tlb->free[--tlb->nr_free];
	tlb->ring[e->slot] = e;
	list_add(&e->tnode, &tag->entries);
	tag->nr++;
	if (!tag->nr_size[shift - TLB_MIN_SHIFT]++)
		WRITE_ONCE(tag->sizes, tag->sizes | BIT(shift - TLB_MIN_SHIFT));
	WRITE_ONCE(tlb->nr, tlb->nr + 1);
	hlist_add_head_rcu(&e->hnode,
			   &tlb->buckets[tlb_hash(tlb, key, e->ia, shift)]);
	spin_unlock_irqrestore(&tlb->lock, flags);
	return true;

drop:
	spin_unlock_irqrestore(&tlb->lock, flags);
	kfree(e);
	return false;
}

/**
 * swsmmu_hw_tlb_fill() - cache the result of a successful walk
 * @hw: the instance
 * @p: the transaction piece that walked (its fill permission and the
 *     invalidation count it started with)
 * @t: the regime's tag, as given to swsmmu_hw_tlb_lookup()
 * @ia: the input address, as given to swsmmu_hw_tlb_lookup()
 * @w: the walk's result
 *
 * The entry is dropped if a TLBI was executed since @p began (its walk may
 * have read descriptors from before it), if an equal entry exists, or if
 * memory is short.  When the TLB is full, CLOCK evicts one entry.  A stage-1
 * leaf with nG = 0 (@w->ng clear) makes a global entry.
 */
void swsmmu_hw_tlb_fill(struct swsmmu_hw *hw, const struct hw_piece *p,
			const struct hw_tlb_tag *t, u64 ia, const struct hw_walk *w)
{
	bool global = t->kind != HW_TLB_S2 && !w->ng;
	unsigned int shift = w->block_shift;
	unsigned long key;

	if (!hw->tlb || !p->fill || shift < TLB_MIN_SHIFT ||
	    shift > TLB_MAX_SHIFT)
		return;
	key = tlb_key(tlb_kind_of(t, global), t->vmid, global ? 0 : t->asid);
	if (tlb_insert(hw, p, key, ia, shift, t->g,
		       w->oa & ~tlb_size_mask(shift),
		       w->ipa & ~tlb_size_mask(shift), w->perm_s1, w->perm_s2))
		hw_stat_inc(hw, HW_STAT_TLB_FILL);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_fill);

/**
 * hw_tlb_walk_fill() - cache a table descriptor (strict walk_cache)
 * @hw: the instance
 * @p: the transaction piece that walked
 * @t: the regime's tag (HW_TLB_S1 or HW_TLB_S2)
 * @ia: the input address of the walk
 * @shift: log2 of the span of the descriptor's level
 * @table: the next-level table's address the descriptor holds
 * @attrs: the hierarchical attributes of the descriptors down to it
 *
 * As swsmmu_hw_tlb_fill(): dropped if a TLBI ran since @p began.
 */
void hw_tlb_walk_fill(struct swsmmu_hw *hw, const struct hw_piece *p,
		      const struct hw_tlb_tag *t, u64 ia, unsigned int shift,
		      u64 table, u64 attrs)
{
	if (!hw->tlb || !p->fill || shift < TLB_MIN_SHIFT ||
	    shift > TLB_MAX_SHIFT)
		return;
	if (tlb_insert(hw, p, tlb_walk_key(t), ia, shift, t->g, table, attrs,
		       0, 0))
		hw_stat_inc(hw, HW_STAT_WALK_CACHE_FILL);
}

/* ---------------------------------------------------------------------- */
/* Invalidation (under tlb->lock)                                         */
/* ---------------------------------------------------------------------- */

/* Remove every entry of @tag; returns how many */
static unsigned int tlb_inv_tag_all(struct hw_tlb *tlb, struct tlb_tag *tag)
{
	struct tlb_entry *e, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(e, tmp, &tag->entries, tnode) {
		tlb_unlink(tlb, e);
		n++;
	}
	return n;
}

/* Bucket probes needed to cover [start, last] for every size @tag holds */
static u64 tlb_range_probes(const struct tlb_tag *tag, u64 start, u64 last)
{
	unsigned long sizes = tag->sizes;
	unsigned int i, shift;
	u64 n = 0;

	for_each_set_bit(i, &sizes, TLB_NR_SHIFTS) {
		shift = i + TLB_MIN_SHIFT;
		n += (last >> shift) - (start >> shift) + 1;
		if (n > tag->nr)
			break;
	}
	return n;
}

/**
 * struct tlb_hint - the level hint of a by-address TLBI (strict walk_cache)
 * @ttl: TTL: the level of the leaf the command is about (1 to 3)
 * @tg_shift: log2 of the granule named by TG; the hint only speaks of
 *            entries of that granule
 */
struct tlb_hint {
	u8 ttl;
	u8 tg_shift;
};

/*
 * An entry the hint allows us to keep: a leaf of another level than TTL,
 * or a table descriptor at or below it (only the walk above a level-TTL
 * leaf need go).  Combined stage 1+2 entries have no one level: they go.
 */
static bool tlb_hint_keeps(const struct tlb_hint *h, const struct tlb_entry *e)
{
	unsigned int kind = tlb_key_kind(e->key), lvl;

	if (!h || e->g != h->tg_shift || e->shift < e->g ||
	    kind == TLB_K_S12 || kind == TLB_K_S12G)
		return false;
	lvl = 3 - (e->shift - e->g) / (e->g - 3);
	if (kind == TLB_K_WS1 || kind == TLB_K_WS2)
		return lvl >= h->ttl;
	return lvl != h->ttl;
}

/*
 * Remove the entries of @tag whose page or block overlaps [start, last]:
 * by probing each aligned address of the range, or by walking the tag's
 * list when that is shorter.  Returns how many were removed.
 */
static unsigned int tlb_inv_tag_range(struct hw_tlb *tlb, struct tlb_tag *tag,
				      u64 start, u64 last,
				      const struct tlb_hint *h)
{
	struct tlb_entry *e, *tmp;
	struct hlist_node *ntmp;
	unsigned long sizes;
	unsigned int i, shift, n = 0;
	u64 a, a_last;

	if (tlb_range_probes(tag, start, last) > tag->nr) {
		list_for_each_entry_safe(e, tmp, &tag->entries, tnode) {
			if (e->ia > last ||
			    e->ia + tlb_size_mask(e->shift) < start ||
			    tlb_hint_keeps(h, e))
				continue;
			tlb_unlink(tlb, e);
			n++;
		}
		return n;
	}

	sizes = tag->sizes;
	for_each_set_bit(i, &sizes, TLB_NR_SHIFTS) {
		shift = i + TLB_MIN_SHIFT;
		a = start & ~tlb_size_mask(shift);
		a_last = last & ~tlb_size_mask(shift);
		for (;;) {
			struct hlist_head *b =
				&tlb->buckets[tlb_hash(tlb, tag->key, a, shift)];

			/* every granule: the command's TG is only a hint */
			hlist_for_each_entry_safe(e, ntmp, b, hnode) {
				if (e->key == tag->key && e->ia == a &&
				    e->shift == shift &&
				    !tlb_hint_keeps(h, e)) {
					tlb_unlink(tlb, e);
					n++;
				}
			}
			if (a == a_last)
				break;
			a += BIT_ULL(shift);
		}
	}
	return n;
}

/*
 * Invalidate the entries overlapping [start, last] (everything with @all)
 * of every tag whose key is in [first, last_key].
 */
static unsigned int tlb_inv_keys(struct hw_tlb *tlb, unsigned long first,
				 unsigned long last_key, bool all, u64 start,
				 u64 last, const struct tlb_hint *h)
{
	struct tlb_tag *tag;
	unsigned long idx;
	unsigned int n = 0;

	xa_for_each_range(&tlb->tags, idx, tag, first, last_key) {
		if (all)
			n += tlb_inv_tag_all(tlb, tag);
		else
			n += tlb_inv_tag_range(tlb, tag, start, last, h);
		tlb_tag_reap(tlb, tag);
	}
	return n;
}

/* Every ASID of @kind in @vmid (the global kinds only have ASID 0) */
static unsigned int tlb_inv_vmid(struct hw_tlb *tlb, unsigned int kind,
				 u16 vmid, bool all, u64 start, u64 last,
				 const struct tlb_hint *h)
{
	return tlb_inv_keys(tlb, tlb_key(kind, vmid, 0),
			    tlb_key(kind, vmid, U16_MAX), all, start, last, h);
}

static unsigned int tlb_inv_one(struct hw_tlb *tlb, unsigned int kind,
				u16 vmid, u16 asid, bool all, u64 start,
				u64 last, const struct tlb_hint *h)
{
	unsigned long key = tlb_key(kind, vmid, asid);

	return tlb_inv_keys(tlb, key, key, all, start, last, h);
}

/**
 * swsmmu_hw_tlb_invalidate() - execute a TLBI command on the IOTLB
 * @hw: the instance
 * @t: the decoded command
 *
 * Removes what the comment at the top of this file says @t->op removes,
 * and counts an invalidation in hw->tlb_seq (so that fills by transaction
 * pieces that began earlier are dropped).  Never sleeps.
 *
 * Return: how many entries it removed.
 */
unsigned int swsmmu_hw_tlb_invalidate(struct swsmmu_hw *hw, const struct hw_tlbi *t)
{
	struct hw_tlb *tlb = hw->tlb;
	struct tlb_hint hint, *h = NULL;
	u16 vmid = t->vmid, asid = t->asid;
	unsigned int n = 0;
	unsigned long flags;
	u64 start = t->addr, last;
	bool wc, walk;

	if (!tlb)
		return 0;

	/* Stage-1 addresses are compared in canonical form, like TBI keys */
	if (t->op == HW_TLBI_NH_VA || t->op == HW_TLBI_NH_VAA)
		start = sign_extend64(start, 55);
	if (t->size && start + (t->size - 1) >= start)
		last = start + (t->size - 1);
	else if (t->size)
		last = U64_MAX;
	else
		last = start;

	/* Strict walk_cache: hints are honoured, table entries kept by Leaf */
	wc = hw_strict(hw, HW_STRICT_WALK_CACHE);
	if (wc && t->tg && t->ttl) {
		hint.ttl = t->ttl;
		hint.tg_shift = t->tg_shift;
		h = &hint;
	}
	walk = wc && !t->leaf;

	spin_lock_irqsave(&tlb->lock, flags);
	switch (t->op) {
	case HW_TLBI_NSNH_ALL:
		n = tlb_inv_keys(tlb, 0, ULONG_MAX, true, 0, U64_MAX, NULL);
		break;
	case HW_TLBI_S12_VMALL:
		n += tlb_inv_vmid(tlb, TLB_K_S1, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S1G, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S12, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S12G, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S2, vmid, true, 0, 0, NULL);
		if (wc) {
			n += tlb_inv_vmid(tlb, TLB_K_WS1, vmid, true, 0, 0,
					  NULL);
			n += tlb_inv_vmid(tlb, TLB_K_WS2, vmid, true, 0, 0,
					  NULL);
		}
		break;
	case HW_TLBI_NH_ALL:
		n += tlb_inv_vmid(tlb, TLB_K_S1, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S1G, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S12, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S12G, vmid, true, 0, 0, NULL);
		if (wc)
			n += tlb_inv_vmid(tlb, TLB_K_WS1, vmid, true, 0, 0,
					  NULL);
		break;
	case HW_TLBI_NH_ASID:
		n += tlb_inv_one(tlb, TLB_K_S1, vmid, asid, true, 0, 0, NULL);
		n += tlb_inv_one(tlb, TLB_K_S12, vmid, asid, true, 0, 0, NULL);
		if (wc)
			n += tlb_inv_one(tlb, TLB_K_WS1, vmid, asid, true, 0, 0,
					 NULL);
		break;
	case HW_TLBI_NH_VA:
		n += tlb_inv_one(tlb, TLB_K_S1, vmid, asid, false, start, last,
				 h);
		n += tlb_inv_one(tlb, TLB_K_S12, vmid, asid, false, start,
				 last, h);
		n += tlb_inv_one(tlb, TLB_K_S1G, vmid, 0, false, start, last,
				 h);
		n += tlb_inv_one(tlb, TLB_K_S12G, vmid, 0, false, start, last,
				 h);
		if (walk)
			n += tlb_inv_one(tlb, TLB_K_WS1, vmid, asid, false,
					 start, last, h);
		break;
	case HW_TLBI_NH_VAA:
		n += tlb_inv_vmid(tlb, TLB_K_S1, vmid, false, start, last, h);
		n += tlb_inv_vmid(tlb, TLB_K_S12, vmid, false, start, last, h);
		n += tlb_inv_one(tlb, TLB_K_S1G, vmid, 0, false, start, last,
				 h);
		n += tlb_inv_one(tlb, TLB_K_S12G, vmid, 0, false, start, last,
				 h);
		if (walk)
			n += tlb_inv_vmid(tlb, TLB_K_WS1, vmid, false, start,
					  last, h);
		break;
	case HW_TLBI_S2_IPA:
		n += tlb_inv_one(tlb, TLB_K_S2, vmid, 0, false, start, last, h);
		/* Conservative: combined entries of the VMID all go */
		n += tlb_inv_vmid(tlb, TLB_K_S12, vmid, true, 0, 0, NULL);
		n += tlb_inv_vmid(tlb, TLB_K_S12G, vmid, true, 0, 0, NULL);
		if (walk)
			n += tlb_inv_one(tlb, TLB_K_WS2, vmid, 0, false, start,
					 last, h);
		break;
	}
	/*
	 * Counted after the removal, in the same critical section: a fill
	 * (under this lock) that still sees the old count was made before
	 * the removal, which removed it if in scope; one made later sees the
	 * new count.  Release: a piece that reads the new count (acquire)
	 * sees the removal and the memory the driver wrote before issuing
	 * the command.  Counting before the removal would let a piece read
	 * the new count, then still find an entry about to be removed.
	 */
	smp_store_release(&hw->tlb_seq, hw->tlb_seq + 1);
	spin_unlock_irqrestore(&tlb->lock, flags);
	hw_stat_add(hw, HW_STAT_TLB_INV_ENTRIES, n);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_invalidate);

/* ---------------------------------------------------------------------- */
/* Life cycle                                                             */
/* ---------------------------------------------------------------------- */

static void tlb_free(struct hw_tlb *tlb)
{
	struct tlb_tag *tag;
	unsigned long idx;
	unsigned int i;

	if (!tlb)
		return;
	/* No reader is left: free directly (pending kfree_rcu()s are fine) */
	if (tlb->ring)
		for (i = 0; i < tlb->capacity; i++)
			kfree(tlb->ring[i]);
	xa_for_each(&tlb->tags, idx, tag)
		kfree(tag);
	xa_destroy(&tlb->tags);
	kvfree(tlb->buckets);
	kvfree(tlb->ring);
	kvfree(tlb->free);
	kfree(tlb);
}

/**
 * swsmmu_hw_tlb_init() - give an instance an IOTLB
 * @hw: the instance, with no TLB and no transaction in progress
 * @capacity: number of entries; 0 for no TLB (every translation walks)
 *
 * swsmmu_hw_create() calls it with tlb_entries, or 0 without tlb_enable;
 * tests call it again (after swsmmu_hw_tlb_destroy()) for a tiny TLB.
 *
 * Return: 0, -EINVAL for more than 2^24 entries, or -ENOMEM.
 */
int swsmmu_hw_tlb_init(struct swsmmu_hw *hw, unsigned int capacity)
{
	struct hw_tlb *tlb;
	unsigned int i;

	/* Tag keys are 35 bits */
	BUILD_BUG_ON(BITS_PER_LONG < 64);
	BUILD_BUG_ON(TLB_NR_SHIFTS > 32);
	WARN_ON_ONCE(hw->tlb);
	if (!capacity)
		return 0;
	if (capacity > TLB_MAX_ENTRIES)
		return -EINVAL;

	tlb = kzalloc(sizeof(*tlb), GFP_KERNEL);
	if (!tlb)
		return -ENOMEM;
	spin_lock_init(&tlb->lock);
	xa_init(&tlb->tags);
	tlb->capacity = capacity;
	tlb->hash_bits = ilog2(roundup_pow_of_two(max(capacity,
						      TLB_MIN_BUCKETS)));
	tlb->buckets = kvcalloc(BIT(tlb->hash_bits), sizeof(*tlb->buckets),
				GFP_KERNEL);
	tlb->ring = kvcalloc(capacity, sizeof(*tlb->ring), GFP_KERNEL);
	tlb->free = kvcalloc(capacity, sizeof(*tlb->free), GFP_KERNEL);
	if (!tlb->buckets || !tlb->ring || !tlb->free) {
		tlb_free(tlb);
		return -ENOMEM;
	}
	for (i = 0; i < BIT(tlb->hash_bits); i++)
		INIT_HLIST_HEAD(&tlb->buckets[i]);
	/* Hand out slots 0, 1, 2... first: the stack top is the last one */
	for (i = 0; i < capacity; i++)
		tlb->free[i] = capacity - 1 - i;
	tlb->nr_free = capacity;
	hw_stream_refs_reset(hw);
	hw->tlb = tlb;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_init);

/**
 * hw_tlb_init_default() - give a new instance the IOTLB the module
 *                         parameters ask for
 * @hw: the instance
 *
 * Return: 0 or -ENOMEM.
 */
int hw_tlb_init_default(struct swsmmu_hw *hw)
{
	return swsmmu_hw_tlb_init(hw, tlb_enable ? tlb_entries : 0);
}

/**
 * swsmmu_hw_tlb_destroy() - free an instance's IOTLB
 * @hw: the instance; no transaction is in progress
 */
void swsmmu_hw_tlb_destroy(struct swsmmu_hw *hw)
{
	tlb_free(hw->tlb);
	hw->tlb = NULL;
	hw_stream_refs_reset(hw);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_destroy);

/**
 * swsmmu_hw_tlb_count() - entries currently in the IOTLB
 * @hw: the instance
 *
 * Return: the number of entries (0 without a TLB).
 */
unsigned int swsmmu_hw_tlb_count(struct swsmmu_hw *hw)
{
	return hw->tlb ? READ_ONCE(hw->tlb->nr) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_count);

/**
 * swsmmu_hw_tlb_capacity() - the IOTLB's capacity
 * @hw: the instance
 *
 * Return: the number of entries it can hold (0 without a TLB).
 */
unsigned int swsmmu_hw_tlb_capacity(struct swsmmu_hw *hw)
{
	return hw->tlb ? hw->tlb->capacity : 0;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_tlb_capacity);
