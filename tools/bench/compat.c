// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line parts of the user-space stand-in for the kernel API
 * (include/compat.h): the xarray, kfree_rcu(), per-CPU allocation, the
 * physical memory arena, and the two queue functions the transaction path
 * calls (the command, event and PRI queues are not part of the library).
 */
#include <sys/mman.h>
#include "include/compat.h"
#include "../../drivers/model/model.h"

__thread unsigned int compat_cpu;
u64 compat_arena_pa;
u64 compat_arena_size;
unsigned char *compat_arena;

void compat_warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "WARNING at %s:%d: %s\n", file, line, cond);
	abort();
}

/**
 * compat_thread_init() - make the calling thread a CPU that may translate
 * @cpu: its CPU number, below COMPAT_NR_CPUS, unique among live threads
 */
void compat_thread_init(unsigned int cpu)
{
	if (cpu >= COMPAT_NR_CPUS)
		compat_warn(__FILE__, __LINE__, "cpu >= COMPAT_NR_CPUS");
	compat_cpu = cpu;
	rcu_register_thread();
}

/**
 * compat_thread_exit() - undo compat_thread_init()
 */
void compat_thread_exit(void)
{
	rcu_unregister_thread();
}

/**
 * compat_alloc_percpu() - zeroed per-CPU storage
 * @size: bytes per CPU, at most COMPAT_PCPU_UNIT
 *
 * Each CPU's copy starts on its own cache lines, so that per-CPU counters
 * and in-flight marks of two threads do not share a line (as in the kernel).
 *
 * Return: CPU 0's copy, or NULL.
 */
void *compat_alloc_percpu(size_t size)
{
	void *p;

	if (size > COMPAT_PCPU_UNIT)
		compat_warn(__FILE__, __LINE__, "per-CPU object too large");
	if (posix_memalign(&p, 128, COMPAT_PCPU_UNIT * COMPAT_NR_CPUS))
		return NULL;
	memset(p, 0, COMPAT_PCPU_UNIT * COMPAT_NR_CPUS);
	return p;
}

static void compat_kfree_rcu_cb(compat_urcu_head *h)
{
	struct compat_rcu_head *head = caa_container_of(h, struct compat_rcu_head, h);

	free((char *)head - head->offset);
}

/**
 * compat_kfree_rcu() - free an object after an RCU grace period
 * @head: its rcu_head
 * @offset: where @head is in the object
 */
void compat_kfree_rcu(struct compat_rcu_head *head, size_t offset)
{
	head->offset = offset;
	call_rcu(&head->h, compat_kfree_rcu_cb);
}

/* ---------------------------------------------------------------------- */
/* xarray                                                                 */
/* ---------------------------------------------------------------------- */

/*
 * A radix tree of 64-way nodes whose height grows with the largest index
 * stored, like the kernel's: a lookup follows one node per 6 index bits.
 * Readers (xa_load()) hold rcu_read_lock(); writers hold xa->lock (the
 * model serialises them under its own locks as well).  Nodes are published
 * with rcu_assign_pointer() once initialised and are not freed before
 * xa_destroy(): a node emptied by xa_erase() stays, which costs memory
 * proportional to the index range ever used, never a wrong answer.
 */
#define XA_SHIFT	6
#define XA_SLOTS	BIT(XA_SHIFT)

/**
 * struct xa_node - one level of the tree
 * @shift: index bits below this level: the slot of index i is
 *         (i >> @shift) % XA_SLOTS; 0 for a leaf, whose slots are entries
 * @slots: child nodes, or entries in a leaf
 */
struct xa_node {
	unsigned int shift;
	void *slots[XA_SLOTS];
};

/* Does @node's subtree cover @index? */
static bool xa_covers(const struct xa_node *node, unsigned long index)
{
	unsigned int top = node->shift + XA_SHIFT;

	return top >= BITS_PER_LONG || !(index >> top);
}

void xa_init(struct xarray *xa)
{
	xa->head = NULL;
	spin_lock_init(&xa->lock);
}

static void xa_free_node(struct xa_node *node)
{
	unsigned int i;

	if (!node)
		return;
	if (node->shift)
		for (i = 0; i < XA_SLOTS; i++)
			xa_free_node(node->slots[i]);
	free(node);
}

/* No reader may be left: the caller owns the tree */
void xa_destroy(struct xarray *xa)
{
	xa_free_node(xa->head);
	xa->head = NULL;
	pthread_spin_destroy(&xa->lock.l);
}

void *xa_load(struct xarray *xa, unsigned long index)
{
	struct xa_node *node = rcu_dereference(xa->head);
	void *e;

	if (!node || !xa_covers(node, index))
		return NULL;
	for (;;) {
		e = rcu_dereference(node->slots[(index >> node->shift) %
						XA_SLOTS]);
		if (!node->shift || !e)
			return e;
		node = e;
	}
}

static struct xa_node *xa_new_node(unsigned int shift)
{
	struct xa_node *node = calloc(1, sizeof(*node));

	if (node)
		node->shift = shift;
	return node;
}

/* The leaf slot for @index, creating nodes on the way; under xa->lock */
static void **xa_slot(struct xarray *xa, unsigned long index, bool create)
{
	struct xa_node *node = xa->head, *n;
	void **slot;

	if (!node) {
		if (!create)
			return NULL;
		node = xa_new_node(0);
		if (!node)
			return NULL;
		rcu_assign_pointer(xa->head, node);
	}
	while (!xa_covers(node, index)) {
		if (!create)
			return NULL;
		n = xa_new_node(node->shift + XA_SHIFT);
		if (!n)
			return NULL;
		n->slots[0] = node;
		rcu_assign_pointer(xa->head, n);
		node = n;
	}
	for (;;) {
		slot = &node->slots[(index >> node->shift) % XA_SLOTS];
		if (!node->shift)
			return slot;
		if (!*slot) {
			if (!create)
				return NULL;
			n = xa_new_node(node->shift - XA_SHIFT);
			if (!n)
				return NULL;
			rcu_assign_pointer(*slot, n);
		}
		node = *slot;
	}
}

int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void **slot;
	int ret = 0;

	spin_lock(&xa->lock);
	slot = xa_slot(xa, index, true);
	if (!slot)
		ret = -ENOMEM;
	else if (*slot)
		ret = -EBUSY;
	else
		rcu_assign_pointer(*slot, entry);
	spin_unlock(&xa->lock);
	return ret;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	void **slot, *old = NULL;

	spin_lock(&xa->lock);
	slot = xa_slot(xa, index, false);
	if (slot) {
		old = *slot;
		rcu_assign_pointer(*slot, NULL);
	}
	spin_unlock(&xa->lock);
	return old;
}

/* First entry of @node's subtree at an index in [*index, max] */
static void *xa_find_in(struct xa_node *node, unsigned long base,
			unsigned long *index, unsigned long max)
{
	unsigned long step = 1UL << node->shift, i0 = 0, lo;
	unsigned int i, nr = XA_SLOTS;
	void *e;

	/* A root above bit 63 has fewer slots than XA_SLOTS in use */
	if (node->shift + XA_SHIFT > BITS_PER_LONG)
		nr = 1U << (BITS_PER_LONG - node->shift);
	if (*index > base)
		i0 = (*index - base) >> node->shift;
	for (i = i0; i < nr; i++) {
		lo = base + i * step;
		if (lo > max)
			return NULL;
		e = node->slots[i];
		if (!e)
			continue;
		if (!node->shift) {
			*index = lo;
			return e;
		}
		e = xa_find_in(e, lo, index, max);
		if (e)
			return e;
	}
	return NULL;
}

void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max,
	      unsigned int filter)
{
	struct xa_node *node = xa->head;

	if (!node || *index > max || !xa_covers(node, *index))
		return NULL;
	return xa_find_in(node, 0, index, max);
}

void *xa_find_after(struct xarray *xa, unsigned long *index,
		    unsigned long max, unsigned int filter)
{
	if (*index >= max)
		return NULL;
	(*index)++;
	return xa_find(xa, index, max, filter);
}

/* ---------------------------------------------------------------------- */
/* The queues the transaction path reaches (evtq.c, stall.c are not here) */
/* ---------------------------------------------------------------------- */

unsigned long compat_events;

/* A recorded event: counted only (the library has no event queue) */
bool swsmmu_hw_evtq_push(struct swsmmu_hw *hw, const u64 evt[4])
{
	__atomic_fetch_add(&compat_events, 1, __ATOMIC_RELAXED);
	return true;
}

/* A stalled transaction: there is nobody to resume it, terminate it */
int swsmmu_hw_stall(struct swsmmu_hw *hw, u64 evt[4])
{
	__atomic_fetch_add(&compat_events, 1, __ATOMIC_RELAXED);
	return CMDQ_RESUME_0_RESP_ABORT;
}

/* The checked module parameters (drivers/param.c): never set here */
int param_get_uint(char *buffer, const struct kernel_param *kp)
{
	return -EINVAL;
}

int swsmmu_param_set_uint_range(const char *val, const struct kernel_param *kp,
				unsigned int min, unsigned int max)
{
	return -EINVAL;
}

/* Strict mode's parameter: the bench sets hw->strict itself */
int swsmmu_param_set_flags(const char *val, const struct kernel_param *kp,
			   const char * const *names, unsigned int n)
{
	return -EINVAL;
}

int swsmmu_param_get_flags(char *buf, const struct kernel_param *kp,
			   const char * const *names, unsigned int n)
{
	return 0;
}

/**
 * compat_map_pages() - fresh anonymous memory on the pages asked for
 * @size: bytes (rounded up to PAGE_SIZE)
 * @huge: transparent huge pages (MADV_HUGEPAGE), else 4KB ones
 *
 * Free with compat_unmap_pages() and the same @size.
 *
 * Return: the memory, zero and not yet faulted in, or NULL.
 */
void *compat_map_pages(size_t size, bool huge)
{
	void *p;

	size = ALIGN(size, PAGE_SIZE);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, size, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	return p;
}

void compat_unmap_pages(void *p, size_t size)
{
	munmap(p, ALIGN(size, PAGE_SIZE));
}

/*
 * The blocks compat_kvmalloc() mapped itself (a malloc() block could come
 * from a heap already on huge pages), for kvfree(): a handful at a time
 */
static struct {
	void *p;
	size_t size;
} compat_vmaps[64];
static pthread_mutex_t compat_vmaps_lock = PTHREAD_MUTEX_INITIALIZER;

void *compat_kvmalloc(size_t n, size_t size, bool zero)
{
	unsigned int i;
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	size *= n;
	if (size <= COMPAT_KMALLOC_MAX)
		return compat_kmalloc(size, zero);
	p = compat_map_pages(size, false);
	if (!p)
		return NULL;
	/* Fault every page in now, as vmalloc() allocates them at once */
	memset(p, 0, size);
	pthread_mutex_lock(&compat_vmaps_lock);
	for (i = 0; i < ARRAY_SIZE(compat_vmaps); i++) {
		if (!compat_vmaps[i].p) {
			compat_vmaps[i].p = p;
			compat_vmaps[i].size = size;
			break;
		}
	}
	pthread_mutex_unlock(&compat_vmaps_lock);
	if (i == ARRAY_SIZE(compat_vmaps)) {
		compat_unmap_pages(p, size);
		return NULL;
	}
	return p;
}

void compat_kvfree(const void *p)
{
	unsigned int i;

	if (!p)
		return;
	pthread_mutex_lock(&compat_vmaps_lock);
	for (i = 0; i < ARRAY_SIZE(compat_vmaps); i++) {
		if (compat_vmaps[i].p == p) {
			compat_unmap_pages(compat_vmaps[i].p,
					   compat_vmaps[i].size);
			compat_vmaps[i].p = NULL;
			break;
		}
	}
	pthread_mutex_unlock(&compat_vmaps_lock);
	if (i == ARRAY_SIZE(compat_vmaps))
		free((void *)p);
}
