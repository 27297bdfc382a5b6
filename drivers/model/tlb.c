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
 * Entries live in the table itself: an open-addressed array of 2^n
 * positions, n chosen at creation so that there are at least twice as
 * many positions as the capacity (load factor at most 1/2), hashed on
 * (tag, aligned input address, size), with linear probing.  An entry is
 * 32 bytes (struct tlb_ent), two to a cache line, so a hit reads the
 * line of its home position and rarely the next one: about one cache
 * miss however large the TLB, where a chained table costs one for the
 * bucket and one (or two) for the entry.  The capacity is fixed (module
 * parameter tlb_entries), so the table never resizes: rhashtable's
 * incremental resizing, per-bucket bit locks and its -EBUSY insertion
 * failures under pressure buy nothing here.  The table is allocated 64
 * positions (a struct tlb_chunk) at a time, on the first fill that needs
 * them, so that tlb_entries=2^24 costs only its slots until used.
 *
 * Entries in the table
 * --------------------
 * Readers (a transaction piece, under rcu_read_lock(), see sync.c) take
 * no lock, and their only atomic read-modify-write is the setting of an
 * entry's CLOCK bit when it is clear (below).  Entries are written in
 * place under tlb->lock, so a reader could see one half-written: the
 * first word (meta) holds the tag key, a valid bit and a version that
 * moves on every write of the position.  A writer empties a position by
 * storing a new, invalid meta; it fills an empty one by writing the other
 * words, smp_wmb(), then the valid meta with the next version.  A reader
 * reads meta, smp_rmb(), the words, smp_rmb(), and meta again; if meta
 * changed (but for the CLOCK bit, which readers set), what it read may be
 * torn and the lookup is a miss (a TLB may always miss; the walk that
 * follows is right).  The version has 27 bits: a reader would need 2^26
 * rewrites of one position between its two reads to be fooled.  Nothing
 * is freed while readers may look (entries are not allocated at all), so
 * removal needs no grace period: a piece that
 * found an entry before its TLBI may still use what it copied, and the
 * CMD_SYNC after the TLBI waits for that piece (hw_sync_inflight()).
 *
 * Removal uses linear probing's backward shift: the later entries of the
 * run whose home does not lie between the hole and them move back into
 * it, so a probe never meets an empty position before its entry (no
 * tombstones, so probe runs do not grow with churn).  A move writes the
 * entry at its new position before emptying the old one; a reader racing
 * with it may miss, never find a wrong entry.  Every entry also owns a
 * slot (struct tlb_slot, its position), which does not move: capacity and
 * CLOCK work on slots; and an element of its tag's directory (below).
 * Beside each position the table keeps its owner (struct tlb_owner: the
 * slot and the element), so that removing an entry found by a probe reads
 * nothing but the lines of its position.
 *
 * A block entry covers many pages, so a lookup must know which sizes to try.
 * Tags (one struct tlb_tag per kind/VMID/ASID, in an xarray read under
 * RCU) keep a bitmap of the leaf sizes they currently hold, with a count
 * per size.  A lookup loads the tag (one xa_load, at most six levels for
 * our 35-bit keys, or none with a remembered tag, below), then probes
 * (tag, iova aligned down to 2^s, s) for each size s present: a hit costs
 * at most popcount(sizes) probes, typically 1 to 3 (4KB pages and 2MB
 * blocks, say), and never depends on how many entries the TLB holds.  A
 * stage-1 lookup that misses its ASID's tag tries the VMID's global tag
 * too, when any global tag exists.
 *
 * Replacement
 * -----------
 * Capacity is bounded: every entry owns one slot of a ring of tlb_entries
 * slots.  Free slots (never used, or freed by invalidation) sit on a list;
 * when none is free, CLOCK (second chance) picks the victim: the hand
 * sweeps the ring, clearing referenced bits, and evicts the first entry
 * whose bit is clear.  The bit is in the entry's meta word, so a hit
 * reads no other line for it (in a TLB larger than the CPU caches, a
 * separate array of bits costs a second miss per hit); a hit sets it, with
 * set_bit() because other readers and the writers share the word, only
 * when it is clear, so a hot entry's line is not written on every hit.
 * Readers ignore the bit when they compare meta's two reads; writers
 * under the lock clear it with clear_bit(), and a store of a new meta may
 * lose a concurrent setting (the entry just lost its second chance) or a
 * setting may land on a position just rewritten (a new entry starts
 * referenced): CLOCK is an approximation either way, and nothing else
 * reads the bit.  One sweep clears every bit, so eviction normally
 * visits at most capacity + 1 slots, amortised O(1) (and never more than two sweeps, even
 * if concurrent hits keep setting bits).  The TLB is never flushed to make
 * room.
 *
 * Invalidation: per-tag directories, not generations
 * --------------------------------------------------
 * Each tag keeps a directory of its entries: an array (a page at a time)
 * whose elements are the entries' @ia words, free elements chained
 * through their high bits.  TLBI by ASID or VMID visits only the tags
 * concerned (tag keys are kind << 32 | VMID << 16 | ASID, so all ASIDs of
 * one VMID are one contiguous xarray range; a kind with no tag at all is
 * not searched), walks their directories in order and, from each element's
 * key and address, probes for its entry and empties its position.  The
 * elements lie in order in memory, so the table lines of the entries a few
 * elements ahead are fetched while one is removed: at 1M entries the
 * misses overlap, where following a linked list made each one wait for
 * the last.  Removing one entry (TLBI by address, eviction) frees its
 * element by storing into it (and into the free chain's head), which no
 * later load of the removal waits for.  A directory more than half free is
 * trimmed after each command or eviction that removed from it, by about
 * twice what that removed (tlb_tag_trim()), so a walk costs in proportion
 * to the tag's entries and no fill or TLBI pays for removals before it.
 * Directories start at TLB_EL_FIRST elements and grow to whole pages;
 * they are allocated under the lock (GFP_NOWAIT: a fill that gets no
 * memory is dropped) and read only under it.  Generation counters would make those
 * commands O(1), but dead entries would then keep occupying capacity (and
 * CLOCK would have to tell dead from live), every hit would need a
 * generation check, and a per-VA invalidation must find entries anyway;
 * tried with a dead list reclaimed by later fills, the refills cost more
 * than the command saved (Documentation/bench.rst).  Removing on
 * invalidation keeps the capacity accounting exact and the hit path
 * minimal.
 *
 * By-address invalidation (NH_VA, NH_VAA, S2_IPA, with or without a range)
 * removes exactly the entries of the tags concerned whose page or block
 * overlaps [addr, addr + size) (a single address without TG), whatever
 * their granule and level: TG and TTL are hints that we do not need (except
 * in strict walk_cache mode, below).  Per
 * tag, it either probes every aligned address of the range for each size
 * the tag holds, or walks the tag's directory, whichever is fewer steps:
 * the cost is at most the directory's length (about twice the tag's
 * entries at most), never a scan of the whole TLB.  What each command
 * removes:
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
 * below.  Readers hold only rcu_read_lock() and read only the entries,
 * the chunk pointers and the tags' keys and @sizes: slots, owners and
 * directories are the writers' alone, freed with kfree().  Tags are freed
 * with kfree_rcu(); entries are never freed, only overwritten as above,
 * and the table's chunks live until the TLB is destroyed.
 */
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/prefetch.h>
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
 * @els: the tag's directory: TLB_EL_PAGE elements a page (the first page
 *       starts smaller, @cap0), each the @ia word of one of its entries or
 *       free (TLB_EL_FREE); under the lock
 * @nr_pages: pages @els has room for, under the lock
 * @cap0: elements the first page has room for, under the lock
 * @len: elements in use or free, under the lock
 * @free_el: first free element (TLB_EL_NIL: none), under the lock
 * @rcu: for kfree_rcu()
 */
struct tlb_tag {
	unsigned long key;
	u32 sizes;
	unsigned int nr;
	unsigned int nr_size[TLB_NR_SHIFTS];
	u64 **els;
	u32 nr_pages;
	u32 cap0;
	u32 len;
	u32 free_el;
	struct rcu_head rcu;
};

/*
 * One entry, as it sits in the table: 32 bytes, two to a cache line, so
 * that a hit reads one line.  @meta is also the entry's sequence word:
 * its version moves on every write of the position (see "Entries in the
 * table" above).
 */
#define TLB_M_KEY	GENMASK_ULL(34, 0)	/* tlb_key() */
#define TLB_M_VALID	BIT_ULL(35)
#define TLB_M_REF_NR	36			/* CLOCK referenced bit */
#define TLB_M_REF	BIT_ULL(TLB_M_REF_NR)
#define TLB_M_VER	GENMASK_ULL(63, 37)
#define TLB_M_VER_ONE	BIT_ULL(37)
#define TLB_IA_SHIFT	GENMASK_ULL(4, 0)	/* log2(size) - TLB_MIN_SHIFT */
#define TLB_IA_G	GENMASK_ULL(7, 5)	/* log2(granule) - 12 */
#define TLB_IA_ADDR	GENMASK_ULL(63, 12)
#define TLB_OA_PERM_S1	GENMASK_ULL(5, 0)
#define TLB_OA_PERM_S2	GENMASK_ULL(11, 6)
#define TLB_OA_ADDR	GENMASK_ULL(63, 12)

/*
 * A tag's directory element: an entry's @ia word (bits [11:8] are always
 * clear in one), or a free element on the tag's doubly linked free chain.
 * A directory grows only when none of its elements is free, so it never
 * has more than TLB_MAX_ENTRIES: 26-bit indices are plenty.
 */
#define TLB_EL_FREE	BIT_ULL(8)
#define TLB_EL_PREV	GENMASK_ULL(37, 12)
#define TLB_EL_NEXT	GENMASK_ULL(63, 38)
#define TLB_EL_NIL	((u32)FIELD_MAX(TLB_EL_NEXT))
#define TLB_EL_PAGE	(PAGE_SIZE / sizeof(u64))
#define TLB_EL_FIRST	16	/* elements of a new directory's first page */
/*
 * A directory is trimmed while more than twice its entries plus this are
 * elements: after each command or eviction that removed some of its
 * entries, by TLB_EL_TRIM more steps than twice their number, so that
 * each pays for its own removals and none for earlier ones
 */
#define TLB_EL_SLACK	64
#define TLB_EL_TRIM	8

/**
 * struct tlb_ent - one cached page or block translation, in the table
 * @meta: TLB_M_*: version, CLOCK bit, valid bit and tag key
 * @ia: input address (VA or IPA), aligned to its size, with TLB_IA_SHIFT
 *      and TLB_IA_G in the low bits
 * @oa: output address (the next table for the walk cache), aligned, with
 *      the stage-1 and stage-2 permissions (HW_PERM_*) in the low bits
 * @ipa: stage-1 output (the IPA; the OA without stage 2), aligned; the
 *       hierarchical attributes for the walk cache
 */
struct tlb_ent {
	u64 meta;
	u64 ia;
	u64 oa;
	u64 ipa;
};

/*
 * The table is allocated a chunk at a time, on the first fill that needs
 * one, so that a large capacity costs memory only once used.
 */
#define TLB_CHUNK	64
#define TLB_NONE	U32_MAX

/**
 * struct tlb_owner - what a valid position belongs to, beside the entries
 * @slot: the entry's slot
 * @el: the entry's element in its tag's directory
 */
struct tlb_owner {
	u32 slot;
	u32 el;
};

/**
 * struct tlb_chunk - TLB_CHUNK positions of the table
 * @ent: the entries (RCU readers; written under the lock, see above)
 * @own: the slot and directory element of each valid position, under the
 *       lock; moved with the entry
 */
struct tlb_chunk {
	struct tlb_ent ent[TLB_CHUNK];
	struct tlb_owner own[TLB_CHUNK];
};

/**
 * struct tlb_slot - one unit of capacity, stable while its entry lives
 * @pos: the entry's position in the table (TLB_NONE: free)
 * @next: next slot on the free list
 */
struct tlb_slot {
	u32 pos;
	u32 next;
};

/**
 * struct hw_tlb - the IOTLB of one instance
 * @lock: serialises fills, evictions and invalidations
 * @capacity: number of slots (entries at most)
 * @nr: entries present, under @lock (read locklessly for statistics)
 * @hand: CLOCK hand, a slot index, under @lock
 * @free: first free slot (TLB_NONE: none), under @lock
 * @slots: the slots, under @lock
 * @npos: positions in the table (a power of two, at least twice the
 *        capacity)
 * @pos_bits: log2 of @npos
 * @chunks: the table, @npos / TLB_CHUNK chunks, NULL until first used:
 *          RCU readers, allocated under @lock and kept until the end
 * @tags: tag key -> struct tlb_tag: RCU readers, writers under @lock
 * @nr_global: global tags present, under @lock (read locklessly: a stale
 *             zero only costs a miss)
 * @tag_gen: odd while a tag is being freed, under @lock (read locklessly:
 *           "Remembered tags" above)
 * @nr_tags: tags present of each kind, under @lock
 */
struct hw_tlb {
	/* serialises fills, evictions, invalidations; see "Locking" above */
	spinlock_t lock;
	unsigned int capacity;
	unsigned int nr;
	unsigned int hand;
	u32 free;
	struct tlb_slot *slots;
	unsigned int npos;
	unsigned int pos_bits;
	struct tlb_chunk **chunks;
	struct xarray tags;
	unsigned int nr_global;
	unsigned long tag_gen;
	unsigned int nr_tags[TLB_K_NR];
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

static u64 tlb_size_mask(unsigned int shift)
{
	return BIT_ULL(shift) - 1;
}

/* The @ia word of an entry: address, size and granule, as compared */
static u64 tlb_ia_word(u64 ia, unsigned int shift, u8 g)
{
	return (ia & ~tlb_size_mask(shift)) |
	       FIELD_PREP(TLB_IA_SHIFT, shift - TLB_MIN_SHIFT) |
	       FIELD_PREP(TLB_IA_G, g - 12);
}

static unsigned int tlb_iaw_shift(u64 iaw)
{
	return FIELD_GET(TLB_IA_SHIFT, iaw) + TLB_MIN_SHIFT;
}

static u8 tlb_iaw_g(u64 iaw)
{
	return FIELD_GET(TLB_IA_G, iaw) + 12;
}

static unsigned int tlb_ent_shift(const struct tlb_ent *e)
{
	return tlb_iaw_shift(e->ia);
}

static unsigned long tlb_ent_key(const struct tlb_ent *e)
{
	return e->meta & TLB_M_KEY;
}

/* Home position of (key, ia word without the granule) */
static u32 tlb_home(const struct hw_tlb *tlb, unsigned long key, u64 iaw)
{
	return hash_64((iaw & ~TLB_IA_G) ^ rol64(key, 29), tlb->pos_bits);
}

static u32 tlb_next_pos(const struct hw_tlb *tlb, u32 pos)
{
	return (pos + 1) & (tlb->npos - 1);
}

/* The position's entry, or NULL while its chunk does not exist */
static struct tlb_ent *tlb_ent_at(const struct hw_tlb *tlb, u32 pos)
{
	struct tlb_chunk *c = READ_ONCE(tlb->chunks[pos / TLB_CHUNK]);

	return c ? &c->ent[pos % TLB_CHUNK] : NULL;
}

static struct tlb_chunk *tlb_chunk_of(const struct hw_tlb *tlb, u32 pos)
{
	return tlb->chunks[pos / TLB_CHUNK];
}

/* ---------------------------------------------------------------------- */
/* Lookup (lockless)                                                      */
/* ---------------------------------------------------------------------- */

/*
 * Probe from @pos for an entry of tag @key whose @ia word, masked with
 * @iamask, is @iaw.  On a match, *@out is a consistent copy of it and its
 * position is returned; TLB_NONE for none.  A position written while it
 * was read ends the probe as a miss: a lookup may always miss, and under
 * the lock nothing moves.
 */
static u32 tlb_probe_from(const struct hw_tlb *tlb, u32 pos,
			  unsigned long key, u64 iaw, u64 iamask,
			  struct tlb_ent *out)
{
	const struct tlb_ent *s;
	unsigned int n;
	u64 m;

	for (n = 0; n < tlb->npos; n++, pos = tlb_next_pos(tlb, pos)) {
		s = tlb_ent_at(tlb, pos);
		if (!s)
			return TLB_NONE;
		m = READ_ONCE(s->meta);
		if (!(m & TLB_M_VALID))
			return TLB_NONE;
		if ((m & TLB_M_KEY) != key)
			continue;
		/* Pairs with the smp_wmb()s of tlb_ent_set() */
		smp_rmb();
		out->ia = READ_ONCE(s->ia);
		out->oa = READ_ONCE(s->oa);
		out->ipa = READ_ONCE(s->ipa);
		/* The words before meta's second read: a change shows there */
		smp_rmb();
		if ((READ_ONCE(s->meta) ^ m) & ~TLB_M_REF)
			return TLB_NONE;
		if ((out->ia & iamask) != iaw)
			continue;
		out->meta = m;
		return pos;
	}
	return TLB_NONE;
}

static u32 tlb_find(const struct hw_tlb *tlb, unsigned long key, u64 ia,
		    unsigned int shift, u8 g, struct tlb_ent *out)
{
	u64 iaw = tlb_ia_word(ia, shift, g);

	return tlb_probe_from(tlb, tlb_home(tlb, key, iaw), key, iaw, U64_MAX,
			      out);
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
static u32 tlb_probe_tag(struct hw_tlb *tlb, unsigned long key, u8 g, u64 ia,
			 struct hw_tlb_ref *ref, struct tlb_ent *out)
{
	struct tlb_tag *tag;
	unsigned long sizes;
	unsigned int i;
	u32 pos;

	tag = tlb_tag_find(tlb, key, ref);
	if (!tag)
		return TLB_NONE;
	sizes = READ_ONCE(tag->sizes);
	for_each_set_bit(i, &sizes, TLB_NR_SHIFTS) {
		pos = tlb_find(tlb, key, ia, i + TLB_MIN_SHIFT, g, out);
		if (pos != TLB_NONE)
			return pos;
	}
	return TLB_NONE;
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
 * @key and @gkey (0: none) with granule @g also cover @ia?  Copies it to
 * @o.  Within one tag an entry is unique per size, so what is found at
 * another size, or in the other tag, is another entry (a copy of @e that
 * a concurrent removal is moving cannot be found: @e's size is skipped).
 */
static bool tlb_other_match(struct hw_tlb *tlb, const struct tlb_ent *e,
			    unsigned long key, unsigned long gkey, u8 g, u64 ia,
			    struct tlb_ent *o)
{
	unsigned long keys[2] = { key, gkey }, sizes;
	struct tlb_tag *tag;
	unsigned int i, k;

	for (k = 0; k < 2 && keys[k]; k++) {
		tag = xa_load(&tlb->tags, keys[k]);
		if (!tag)
			continue;
		sizes = READ_ONCE(tag->sizes);
		if (keys[k] == tlb_ent_key(e))
			sizes &= ~BIT(tlb_ent_shift(e) - TLB_MIN_SHIFT);
		for_each_set_bit(i, &sizes, TLB_NR_SHIFTS)
			if (tlb_find(tlb, keys[k], ia, i + TLB_MIN_SHIFT, g,
				     o) != TLB_NONE)
				return true;
	}
	return false;
}

/*
 * Second chance for the entry at @pos, whose meta read @m; written only
 * when clear, so hot lines stay clean
 */
static void tlb_touch(struct hw_tlb *tlb, u32 pos, u64 m)
{
	if (!(m & TLB_M_REF))
		set_bit(TLB_M_REF_NR,
			(unsigned long *)&tlb_ent_at(tlb, pos)->meta);
}

static int tlb_lookup(struct swsmmu_hw *hw, const struct hw_tlb_tag *t, u64 ia,
		      struct hw_walk *w, struct hw_tlb_conflict *c,
		      struct hw_tlb_ref *ref)
{
	struct hw_tlb *tlb = hw->tlb;
	struct tlb_ent e, o;
	unsigned int kind, shift;
	unsigned long key, gkey = 0;
	u64 off;
	u32 pos;

	if (!tlb)
		return 0;
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "TLB lookup outside RCU");

	kind = tlb_kind_of(t, false);
	key = tlb_key(kind, t->vmid, t->asid);
	if (kind != TLB_K_S2 && READ_ONCE(tlb->nr_global))
		gkey = tlb_key(tlb_kind_of(t, true), t->vmid, 0);
	pos = tlb_probe_tag(tlb, key, t->g, ia, ref, &e);
	if (pos == TLB_NONE && gkey)
		pos = tlb_probe_tag(tlb, gkey, t->g, ia, NULL, &e);
	if (pos == TLB_NONE) {
		hw_stat_inc(hw, HW_STAT_TLB_MISS);
		return 0;
	}
	shift = tlb_ent_shift(&e);
	if (unlikely(c) && tlb_other_match(tlb, &e, key, gkey, t->g, ia, &o)) {
		c->shift[0] = shift;
		c->shift[1] = tlb_ent_shift(&o);
		c->oa[0] = e.oa & TLB_OA_ADDR;
		c->oa[1] = o.oa & TLB_OA_ADDR;
		return -EEXIST;
	}

	tlb_touch(tlb, pos, e.meta);
	off = ia & tlb_size_mask(shift);
	w->oa = (e.oa & TLB_OA_ADDR) | off;
	w->ipa = e.ipa | off;
	w->block_shift = shift;
	w->perm_s1 = FIELD_GET(TLB_OA_PERM_S1, e.oa);
	w->perm_s2 = FIELD_GET(TLB_OA_PERM_S2, e.oa);
	kind = tlb_key_kind(tlb_ent_key(&e));
	w->ng = !tlb_kind_global(kind) && kind != TLB_K_S2;
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
	struct tlb_ent e;
	u32 pos;

	if (!tlb)
		return false;
	pos = tlb_find(tlb, tlb_walk_key(t), ia, shift, t->g, &e);
	if (pos == TLB_NONE)
		return false;
	tlb_touch(tlb, pos, e.meta);
	*table = e.oa & TLB_OA_ADDR;
	*attrs = e.ipa;
	hw_stat_inc(hw, HW_STAT_WALK_CACHE_HIT);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Removal, replacement and fill (under tlb->lock)                        */
/* ---------------------------------------------------------------------- */

/*
 * Write an entry into an empty position: the fields, then the valid meta
 * with the next version.  The first barrier orders the fields after the
 * store that emptied the position, the second the meta after the fields.
 */
static void tlb_ent_set(struct tlb_ent *s, unsigned long key, u64 ia, u64 oa,
			u64 ipa, u64 ref)
{
	u64 ver = (s->meta & TLB_M_VER) + TLB_M_VER_ONE;

	/* Pairs with tlb_probe_from()'s: the emptying store first */
	smp_wmb();
	WRITE_ONCE(s->ia, ia);
	WRITE_ONCE(s->oa, oa);
	WRITE_ONCE(s->ipa, ipa);
	/* Pairs with tlb_probe_from()'s: the words before the valid meta */
	smp_wmb();
	WRITE_ONCE(s->meta, (ver & TLB_M_VER) | ref | TLB_M_VALID | key);
}

/* Empty a position; the version moves, so a reader of it sees the change */
static void tlb_ent_clear(struct tlb_ent *s)
{
	WRITE_ONCE(s->meta, ((s->meta & TLB_M_VER) + TLB_M_VER_ONE) &
			    TLB_M_VER);
}

/*
 * Empty position @i and close the gap (linear probing's backward shift):
 * each later entry of the run whose home is not in (i, j] moves back into
 * the hole, so that no probe meets an empty position before its entry.
 * A moved entry keeps its slot, which learns its new position, and its
 * directory element, which holds no position.
 */
static void tlb_pos_remove(struct hw_tlb *tlb, u32 i)
{
	struct tlb_chunk *ci, *cj;
	struct tlb_owner own;
	struct tlb_ent *s;
	u32 j, k;

	tlb_ent_clear(&tlb_chunk_of(tlb, i)->ent[i % TLB_CHUNK]);
	for (j = tlb_next_pos(tlb, i); j != i; j = tlb_next_pos(tlb, j)) {
		cj = tlb_chunk_of(tlb, j);
		if (!cj)
			return;
		s = &cj->ent[j % TLB_CHUNK];
		if (!(s->meta & TLB_M_VALID))
			return;
		k = tlb_home(tlb, tlb_ent_key(s), s->ia);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		ci = tlb_chunk_of(tlb, i);
		tlb_ent_set(&ci->ent[i % TLB_CHUNK], tlb_ent_key(s), s->ia,
			    s->oa, s->ipa, READ_ONCE(s->meta) & TLB_M_REF);
		own = cj->own[j % TLB_CHUNK];
		ci->own[i % TLB_CHUNK] = own;
		tlb->slots[own.slot].pos = i;
		tlb_ent_clear(s);
		i = j;
	}
}

/* Element @i of @tag's directory */
static u64 *tlb_el(const struct tlb_tag *tag, u32 i)
{
	return &tag->els[i / TLB_EL_PAGE][i % TLB_EL_PAGE];
}

static u64 tlb_el_link(u32 prev, u32 next)
{
	return TLB_EL_FREE | FIELD_PREP(TLB_EL_PREV, prev) |
	       FIELD_PREP(TLB_EL_NEXT, next);
}

/* Link free element @i back to @prev */
static void tlb_el_set_prev(struct tlb_tag *tag, u32 i, u32 prev)
{
	u64 *e = tlb_el(tag, i);

	*e = (*e & ~TLB_EL_PREV) | FIELD_PREP(TLB_EL_PREV, prev);
}

/* Link free element @i on to @next */
static void tlb_el_set_next(struct tlb_tag *tag, u32 i, u32 next)
{
	u64 *e = tlb_el(tag, i);

	*e = (*e & ~TLB_EL_NEXT) | FIELD_PREP(TLB_EL_NEXT, next);
}

/* Give element @i back to @tag's free chain, at its head */
static void tlb_el_free(struct tlb_tag *tag, u32 i)
{
	if (tag->free_el != TLB_EL_NIL)
		tlb_el_set_prev(tag, tag->free_el, i);
	*tlb_el(tag, i) = tlb_el_link(TLB_EL_NIL, tag->free_el);
	tag->free_el = i;
}

/* Take free element @i off @tag's free chain */
static void tlb_el_unchain(struct tlb_tag *tag, u32 i)
{
	u64 v = *tlb_el(tag, i);
	u32 prev = FIELD_GET(TLB_EL_PREV, v), next = FIELD_GET(TLB_EL_NEXT, v);

	if (prev != TLB_EL_NIL)
		tlb_el_set_next(tag, prev, next);
	else
		tag->free_el = next;
	if (next != TLB_EL_NIL)
		tlb_el_set_prev(tag, next, prev);
}

/*
 * Room for element @i, the next at the end of @tag's directory: the first
 * page grows by doubling from TLB_EL_FIRST elements (most tags of a busy
 * IOTLB hold a few entries), later pages come whole.  Under the lock, so
 * GFP_NOWAIT: a fill that gets no memory is dropped, as a TLB may drop any
 * fill, and need not dip into the atomic reserves.
 */
static bool tlb_el_room(struct tlb_tag *tag, u32 i)
{
	u32 pg = i / TLB_EL_PAGE, nr;
	u64 **els, *page;

	if (pg == 0 && i < tag->cap0)
		return true;
	if (pg && i % TLB_EL_PAGE && tag->els[pg])
		return true;
	if (pg >= tag->nr_pages) {
		nr = max(2 * tag->nr_pages, 4U);
		els = kcalloc(nr, sizeof(*els), GFP_NOWAIT | __GFP_NOWARN);
		if (!els)
			return false;
		if (tag->nr_pages)
			memcpy(els, tag->els, tag->nr_pages * sizeof(*els));
		kfree(tag->els);
		tag->els = els;
		tag->nr_pages = nr;
	}
	if (pg) {
		if (!tag->els[pg])
			tag->els[pg] = kmalloc(PAGE_SIZE,
					       GFP_NOWAIT | __GFP_NOWARN);
		return tag->els[pg];
	}
	nr = tag->cap0 ? min_t(u32, 2 * tag->cap0, TLB_EL_PAGE) : TLB_EL_FIRST;
	page = kmalloc_array(nr, sizeof(*page), GFP_NOWAIT | __GFP_NOWARN);
	if (!page)
		return false;
	if (tag->cap0)
		memcpy(page, tag->els[0], tag->cap0 * sizeof(*page));
	kfree(tag->els[0]);
	tag->els[0] = page;
	tag->cap0 = nr;
	return true;
}

/*
 * A directory element for a new entry of @tag: a free one if any, else
 * one more at the end; TLB_EL_NIL when out of memory
 */
static u32 tlb_el_alloc(struct tlb_tag *tag)
{
	u32 i = tag->free_el;

	if (i != TLB_EL_NIL) {
		tlb_el_unchain(tag, i);
		return i;
	}
	i = tag->len;
	if (!tlb_el_room(tag, i))
		return TLB_EL_NIL;
	tag->len++;
	return i;
}

/* Free @tag's directory (its elements are of no entry any more) */
static void tlb_els_free(struct tlb_tag *tag)
{
	u32 pg;

	for (pg = 0; pg < tag->nr_pages; pg++)
		kfree(tag->els[pg]);
	kfree(tag->els);
	tag->els = NULL;
	tag->nr_pages = 0;
	tag->cap0 = 0;
	tag->len = 0;
	tag->free_el = TLB_EL_NIL;
}

/* The position of the entry of tag @key whose @ia word is @iaw (locked) */
static u32 tlb_pos_of(const struct hw_tlb *tlb, unsigned long key, u64 iaw)
{
	const struct tlb_chunk *c;
	const struct tlb_ent *s;
	u32 pos = tlb_home(tlb, key, iaw), n;

	for (n = 0; n < tlb->npos; n++, pos = tlb_next_pos(tlb, pos)) {
		c = tlb_chunk_of(tlb, pos);
		if (!c)
			return TLB_NONE;
		s = &c->ent[pos % TLB_CHUNK];
		if (!(s->meta & TLB_M_VALID))
			return TLB_NONE;
		if (tlb_ent_key(s) == key && s->ia == iaw)
			return pos;
	}
	return TLB_NONE;
}

/*
 * Remove the entry at @pos, of @tag, but leave its directory element to
 * the caller; the tag may become empty (reap it)
 */
static void tlb_remove_pos(struct hw_tlb *tlb, struct tlb_tag *tag, u32 pos)
{
	struct tlb_chunk *c = tlb_chunk_of(tlb, pos);
	u32 slot = c->own[pos % TLB_CHUNK].slot;
	unsigned int i = tlb_ent_shift(&c->ent[pos % TLB_CHUNK]) - TLB_MIN_SHIFT;
	struct tlb_slot *sl = &tlb->slots[slot];

	lockdep_assert_held(&tlb->lock);
	if (!--tag->nr_size[i])
		WRITE_ONCE(tag->sizes, tag->sizes & ~BIT(i));
	tag->nr--;
	tlb_pos_remove(tlb, pos);
	sl->pos = TLB_NONE;
	sl->next = tlb->free;
	tlb->free = slot;
	WRITE_ONCE(tlb->nr, tlb->nr - 1);
}

/*
 * Remove the entry at @pos, of @tag, and free its directory element.  Only
 * stores, besides the position's own lines and the free chain's head: the
 * element and the slot are written, not read, so a large TLB does not wait
 * for them.
 */
static void tlb_unlink(struct hw_tlb *tlb, struct tlb_tag *tag, u32 pos)
{
	u32 el = tlb_chunk_of(tlb, pos)->own[pos % TLB_CHUNK].el;

	/* Only a bug gets here; it costs the element, not the kernel */
	if (!WARN_ON_ONCE(el >= tag->len))
		tlb_el_free(tag, el);
	tlb_remove_pos(tlb, tag, pos);
}

/*
 * Trim @tag's directory by up to @steps elements while more than twice
 * its entries (and TLB_EL_SLACK) are elements, so that a walk of it costs
 * in proportion to the entries: the last element goes, taken off the free
 * chain if free, else moved into a free element nearer the front (whose
 * entry, probed for, learns it), and a page left empty is freed.  Each
 * step is O(1); tlb_tag_reap() sizes @steps to what was just removed.
 */
static void tlb_tag_trim(struct hw_tlb *tlb, struct tlb_tag *tag, u32 steps)
{
	u32 last, f, pos;
	u64 v;

	while (steps-- && tag->len > 2 * tag->nr + TLB_EL_SLACK) {
		last = tag->len - 1;
		v = *tlb_el(tag, last);
		if (v & TLB_EL_FREE) {
			tlb_el_unchain(tag, last);
		} else {
			/* More free elements than entries: one is below @last */
			f = tag->free_el;
			if (WARN_ON_ONCE(f == TLB_EL_NIL))
				return;	/* only a bug: nr counts elements lost */
			tlb_el_unchain(tag, f);
			pos = tlb_pos_of(tlb, tag->key, v);
			if (!WARN_ON_ONCE(pos == TLB_NONE)) {
				tlb_chunk_of(tlb, pos)->own[pos % TLB_CHUNK].el = f;
				*tlb_el(tag, f) = v;
			} else {
				tlb_el_free(tag, f);
			}
		}
		tag->len = last;
		if (last && last % TLB_EL_PAGE == 0) {
			kfree(tag->els[last / TLB_EL_PAGE]);
			tag->els[last / TLB_EL_PAGE] = NULL;
		}
	}
}

/* Free @tag, which has no entries left */
static void tlb_tag_free(struct hw_tlb *tlb, struct tlb_tag *tag)
{
	tlb_els_free(tag);
	/* Remembered tags (struct hw_tlb_ref) go stale: see the top comment */
	WRITE_ONCE(tlb->tag_gen, tlb->tag_gen + 1);
	/* The odd generation before the erase and the kfree_rcu() */
	smp_wmb();
	xa_erase(&tlb->tags, tag->key);
	tlb->nr_tags[tlb_key_kind(tag->key)]--;
	if (tlb_kind_global(tlb_key_kind(tag->key)))
		WRITE_ONCE(tlb->nr_global, tlb->nr_global - 1);
	kfree_rcu(tag, rcu);
	/* Release: a reader of the new generation no longer finds the tag */
	smp_store_release(&tlb->tag_gen, tlb->tag_gen + 1);
}

/*
 * After @removed entries of @tag went: free it if it has no entries left,
 * else trim its directory by what they freed (tlb_tag_trim()).  Each
 * removal adds at most two to the directory's excess over twice its
 * entries, so a directory within the bound stays within it.
 */
static void tlb_tag_reap(struct hw_tlb *tlb, struct tlb_tag *tag,
			 unsigned int removed)
{
	lockdep_assert_held(&tlb->lock);
	if (!tag->nr)
		tlb_tag_free(tlb, tag);
	else if (tag->len > 2 * tag->nr + TLB_EL_SLACK)
		tlb_tag_trim(tlb, tag, TLB_EL_TRIM + 2 * removed);
}

/*
 * CLOCK: evict the first entry past the hand whose referenced bit is clear.
 * After two sweeps (hits may keep setting bits behind the hand) the entry
 * under the hand goes regardless, so this always ends.  Returns the
 * victim's tag if it still has entries (a fill of the same tag, the usual
 * case of a device evicting its own entries, need not look it up again),
 * else NULL.
 */
static struct tlb_tag *tlb_evict_one(struct swsmmu_hw *hw, struct hw_tlb *tlb)
{
	struct tlb_tag *tag, *victim;
	struct tlb_chunk *c;
	unsigned int steps;
	u32 slot, pos;

	lockdep_assert_held(&tlb->lock);
	for (steps = 0; ; steps++) {
		slot = tlb->hand;
		pos = tlb->slots[slot].pos;
		if (++tlb->hand == tlb->capacity)
			tlb->hand = 0;
		if (pos == TLB_NONE)
			continue;	/* cannot happen while full; harmless */
		c = tlb_chunk_of(tlb, pos);
		if ((READ_ONCE(c->ent[pos % TLB_CHUNK].meta) & TLB_M_REF) &&
		    steps < 2 * tlb->capacity) {
			clear_bit(TLB_M_REF_NR,
				  (unsigned long *)&c->ent[pos % TLB_CHUNK].meta);
			continue;
		}
		tag = xa_load(&tlb->tags, tlb_ent_key(&c->ent[pos % TLB_CHUNK]));
		if (WARN_ON_ONCE(!tag))
			return NULL;
		tlb_unlink(tlb, tag, pos);
		hw_stat_inc(hw, HW_STAT_TLB_EVICT);
		/* An empty tag is freed by the reap: not handed out */
		victim = tag->nr ? tag : NULL;
		tlb_tag_reap(tlb, tag, 1);
		return victim;
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
	tag->free_el = TLB_EL_NIL;
	if (xa_insert(&tlb->tags, key, tag, GFP_ATOMIC | __GFP_NOWARN)) {
		kfree(tag);
		return NULL;
	}
	tlb->nr_tags[tlb_key_kind(key)]++;
	if (tlb_kind_global(tlb_key_kind(key)))
		WRITE_ONCE(tlb->nr_global, tlb->nr_global + 1);
	return tag;
}

/*
 * The first empty position of the run from @iaw's home, its chunk
 * allocated if need be; TLB_NONE if out of memory.  There is one: the
 * table has twice as many positions as the TLB has slots.
 */
static u32 tlb_free_pos(struct hw_tlb *tlb, unsigned long key, u64 iaw)
{
	struct tlb_chunk *c;
	u32 pos = tlb_home(tlb, key, iaw);

	for (;;) {
		c = tlb_chunk_of(tlb, pos);
		if (!c) {
			c = kzalloc(sizeof(*c), GFP_ATOMIC | __GFP_NOWARN);
			if (!c)
				return TLB_NONE;
			/* Release: readers find the chunk zeroed (empty) */
			smp_store_release(&tlb->chunks[pos / TLB_CHUNK], c);
			return pos;
		}
		if (!(c->ent[pos % TLB_CHUNK].meta & TLB_M_VALID))
			return pos;
		pos = tlb_next_pos(tlb, pos);
	}
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
	u64 iaw = tlb_ia_word(ia, shift, g);
	struct hw_tlb *tlb = hw->tlb;
	struct tlb_tag *tag, *victim;
	struct tlb_slot *sl;
	struct tlb_chunk *c;
	unsigned long flags;
	u32 slot, pos, el;
	bool ret = false;

	spin_lock_irqsave(&tlb->lock, flags);
	/* Under the lock nothing moves: no need for tlb_find()'s double read */
	if (READ_ONCE(hw->tlb_seq) != p->tlb_seq ||
	    tlb_pos_of(tlb, key, iaw) != TLB_NONE)
		goto out;
	victim = tlb->free == TLB_NONE ? tlb_evict_one(hw, tlb) : NULL;
	if (tlb->free == TLB_NONE)
		goto out;
	/* After the eviction, which may have reaped our tag */
	tag = victim && victim->key == key ? victim : tlb_tag_get(tlb, key);
	if (!tag)
		goto out;
	pos = tlb_free_pos(tlb, key, iaw);
	el = pos == TLB_NONE ? TLB_EL_NIL : tlb_el_alloc(tag);
	if (el == TLB_EL_NIL) {
		tlb_tag_reap(tlb, tag, 0);
		goto out;
	}
	*tlb_el(tag, el) = iaw;

	slot = tlb->free;
	sl = &tlb->slots[slot];
	tlb->free = sl->next;
	sl->pos = pos;
	tag->nr++;
	if (!tag->nr_size[shift - TLB_MIN_SHIFT]++)
		WRITE_ONCE(tag->sizes, tag->sizes | BIT(shift - TLB_MIN_SHIFT));
	WRITE_ONCE(tlb->nr, tlb->nr + 1);

	c = tlb_chunk_of(tlb, pos);
	c->own[pos % TLB_CHUNK] = (struct tlb_owner){ .slot = slot, .el = el };
	tlb_ent_set(&c->ent[pos % TLB_CHUNK], key, iaw,
		    (oa & TLB_OA_ADDR) | FIELD_PREP(TLB_OA_PERM_S1, perm_s1) |
		    FIELD_PREP(TLB_OA_PERM_S2, perm_s2), ipa, 0);
	ret = true;
out:
	spin_unlock_irqrestore(&tlb->lock, flags);
	return ret;
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
	/* Table addresses are granule-aligned: the low bits hold no address */
	if (!hw->tlb || !p->fill || shift < TLB_MIN_SHIFT ||
	    shift > TLB_MAX_SHIFT || (table & ~TLB_OA_ADDR))
		return;
	if (tlb_insert(hw, p, tlb_walk_key(t), ia, shift, t->g, table, attrs,
		       0, 0))
		hw_stat_inc(hw, HW_STAT_WALK_CACHE_FILL);
}

/* ---------------------------------------------------------------------- */
/* Invalidation (under tlb->lock)                                         */
/* ---------------------------------------------------------------------- */

/* Directory elements ahead of the one removed whose lines are fetched */
#define TLB_INV_AHEAD	8

/* Start fetching the lines of the entry of element @i of @tag */
static void tlb_prefetch_el(const struct hw_tlb *tlb,
			    const struct tlb_tag *tag, u32 i)
{
	u64 v = *tlb_el(tag, i);
	struct tlb_chunk *c;
	u32 pos;

	if (v & TLB_EL_FREE)
		return;
	pos = tlb_home(tlb, tag->key, v);
	c = tlb_chunk_of(tlb, pos);
	if (c) {
		prefetchw(&c->ent[pos % TLB_CHUNK]);
		prefetchw(&c->own[pos % TLB_CHUNK]);
	}
}

/*
 * Remove every entry of @tag, walking its directory, whose elements lie
 * in order in memory: the lines of the entries a few elements ahead are
 * fetched while one is removed.  The directory itself goes with the tag
 * (tlb_tag_reap()).  Returns how many were removed.
 */
static unsigned int tlb_inv_tag_all(struct hw_tlb *tlb, struct tlb_tag *tag)
{
	unsigned int n = 0;
	u32 i, pos;
	u64 v;

	for (i = 0; i < tag->len && tag->nr; i++) {
		if (i + TLB_INV_AHEAD < tag->len)
			tlb_prefetch_el(tlb, tag, i + TLB_INV_AHEAD);
		v = *tlb_el(tag, i);
		if (v & TLB_EL_FREE)
			continue;
		pos = tlb_pos_of(tlb, tag->key, v);
		if (WARN_ON_ONCE(pos == TLB_NONE))
			continue;
		tlb_remove_pos(tlb, tag, pos);
		n++;
	}
	return n;
}

/*
 * Bucket probes needed to cover [start, last] for every size @tag holds,
 * counted until they outnumber the elements of its directory
 */
static u64 tlb_range_probes(const struct tlb_tag *tag, u64 start, u64 last)
{
	unsigned long sizes = tag->sizes;
	unsigned int i, shift;
	u64 n = 0;

	for_each_set_bit(i, &sizes, TLB_NR_SHIFTS) {
		shift = i + TLB_MIN_SHIFT;
		n += (last >> shift) - (start >> shift) + 1;
		if (n > tag->len)
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
 * An entry (of tag @key, @ia word @iaw) the hint allows us to keep: a leaf
 * of another level than TTL, or a table descriptor at or below it (only
 * the walk above a level-TTL leaf need go).  Combined stage 1+2 entries
 * have no one level: they go.
 */
static bool tlb_hint_keeps(const struct tlb_hint *h, unsigned long key,
			   u64 iaw)
{
	unsigned int kind = tlb_key_kind(key), lvl;
	unsigned int shift = tlb_iaw_shift(iaw);
	u8 g = tlb_iaw_g(iaw);

	if (!h || g != h->tg_shift || shift < g ||
	    kind == TLB_K_S12 || kind == TLB_K_S12G)
		return false;
	lvl = 3 - (shift - g) / (g - 3);
	if (kind == TLB_K_WS1 || kind == TLB_K_WS2)
		return lvl >= h->ttl;
	return lvl != h->ttl;
}

/*
 * Remove the entries of @tag of size 2^@shift at @a, whatever their
 * granule (the command's TG is only a hint), unless the hint keeps them.
 * A removal moves later entries of the run back, so the probe starts over
 * from the home position after each.
 */
static unsigned int tlb_inv_addr(struct hw_tlb *tlb, struct tlb_tag *tag,
				 u64 a, unsigned int shift,
				 const struct tlb_hint *h)
{
	u64 iaw = tlb_ia_word(a, shift, 12), mask = ~TLB_IA_G;
	u32 home = tlb_home(tlb, tag->key, iaw), pos = home;
	struct tlb_chunk *c = tlb_chunk_of(tlb, home);
	struct tlb_ent e;
	unsigned int n = 0;

	/*
	 * A removal reads the position's owner, in another line of the chunk,
	 * and closing the gap reads the next position, often in the next
	 * line: fetch them with the entry's line, not after it (a large TLB
	 * misses the CPU caches on each)
	 */
	if (c) {
		prefetchw(&c->own[home % TLB_CHUNK]);
		if (home % TLB_CHUNK != TLB_CHUNK - 1)
			prefetchw(&c->ent[home % TLB_CHUNK + 1]);
	}
	for (;;) {
		pos = tlb_probe_from(tlb, pos, tag->key, iaw & mask, mask, &e);
		if (pos == TLB_NONE)
			return n;
		if (tlb_hint_keeps(h, tag->key, e.ia)) {
			pos = tlb_next_pos(tlb, pos);
			if (pos == home)
				return n;
			continue;
		}
		tlb_unlink(tlb, tag, pos);
		n++;
		pos = home;
	}
}

/*
 * Remove the entries of @tag whose page or block overlaps [start, last]:
 * by probing each aligned address of the range, or by walking the tag's
 * directory when that is shorter (its elements say the address and size,
 * so only the entries removed are looked up).  Returns how many were
 * removed.
 */
static unsigned int tlb_inv_tag_range(struct hw_tlb *tlb, struct tlb_tag *tag,
				      u64 start, u64 last,
				      const struct tlb_hint *h)
{
	unsigned long sizes;
	unsigned int i, shift, n = 0;
	u64 a, a_last, ia, v;
	u32 el, pos;

	if (tlb_range_probes(tag, start, last) > tag->len) {
		for (el = 0; el < tag->len; el++) {
			v = *tlb_el(tag, el);
			if (v & TLB_EL_FREE)
				continue;
			ia = v & TLB_IA_ADDR;
			if (ia > last ||
			    ia + tlb_size_mask(tlb_iaw_shift(v)) < start ||
			    tlb_hint_keeps(h, tag->key, v))
				continue;
			pos = tlb_pos_of(tlb, tag->key, v);
			if (WARN_ON_ONCE(pos == TLB_NONE))
				continue;
			tlb_unlink(tlb, tag, pos);
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
			n += tlb_inv_addr(tlb, tag, a, shift, h);
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
	unsigned int n = 0, m;

	/* Kinds with no tag at all (no S12, no global...): no search */
	if (tlb_key_kind(first) == tlb_key_kind(last_key) &&
	    !tlb->nr_tags[tlb_key_kind(first)])
		return 0;
	xa_for_each_range(&tlb->tags, idx, tag, first, last_key) {
		m = all ? tlb_inv_tag_all(tlb, tag) :
			  tlb_inv_tag_range(tlb, tag, start, last, h);
		tlb_tag_reap(tlb, tag, m);
		n += m;
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
	struct tlb_tag *tag;
	unsigned int n;

	if (!tlb->nr_tags[kind])
		return 0;
	tag = xa_load(&tlb->tags, key);
	if (!tag)
		return 0;
	if (all)
		n = tlb_inv_tag_all(tlb, tag);
	else
		n = tlb_inv_tag_range(tlb, tag, start, last, h);
	tlb_tag_reap(tlb, tag, n);
	return n;
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
	if (tlb->chunks)
		for (i = 0; i < tlb->npos / TLB_CHUNK; i++)
			kfree(tlb->chunks[i]);
	xa_for_each(&tlb->tags, idx, tag) {
		tlb_els_free(tag);
		kfree(tag);
	}
	xa_destroy(&tlb->tags);
	kvfree(tlb->chunks);
	kvfree(tlb->slots);
	kfree(tlb);
}

/**
 * swsmmu_hw_tlb_init() - give an instance an IOTLB
 * @hw: the instance, with no TLB and no transaction in progress
 * @capacity: number of entries; 0 for no TLB (every translation walks)
 *
 * swsmmu_hw_create() calls it with tlb_entries, or 0 without tlb_enable;
 * tests call it again (after swsmmu_hw_tlb_destroy()) for a tiny TLB.
 * The table itself is allocated a chunk at a time as it fills.
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
	BUILD_BUG_ON(sizeof(struct tlb_ent) != 32);
	BUILD_BUG_ON(FIELD_MAX(TLB_OA_PERM_S1) < HW_PERM_ALL);
	BUILD_BUG_ON(TLB_MAX_ENTRIES >= TLB_EL_NIL);
	BUILD_BUG_ON((TLB_IA_SHIFT | TLB_IA_G) & TLB_EL_FREE);
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
	/* Load factor at most 1/2: probes stay short, one is always empty */
	tlb->npos = roundup_pow_of_two(2 * max(capacity, TLB_CHUNK));
	tlb->pos_bits = ilog2(tlb->npos);
	tlb->chunks = kvcalloc(tlb->npos / TLB_CHUNK, sizeof(*tlb->chunks),
			       GFP_KERNEL);
	tlb->slots = kvcalloc(capacity, sizeof(*tlb->slots), GFP_KERNEL);
	if (!tlb->chunks || !tlb->slots) {
		tlb_free(tlb);
		return -ENOMEM;
	}
	/* Hand out slots 0, 1, 2... first */
	for (i = 0; i < capacity; i++) {
		tlb->slots[i].pos = TLB_NONE;
		tlb->slots[i].next = i + 1 < capacity ? i + 1 : TLB_NONE;
	}
	tlb->free = 0;
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

