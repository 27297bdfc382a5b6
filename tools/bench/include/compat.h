/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's API for the software SMMU's translation core
 * (drivers/model/ config.c, walk.c, tlb.c, cfgcache.c, sync.c, stats.c,
 * mem.c, xlate.c, and drivers/iommu/entry.c) to build as a user-space library,
 * unchanged.  Every <linux/...>, <asm/...> and <kunit/...> header those
 * files include is a one-line file under tools/bench/include/ that includes
 * this one; nothing comes from kernel headers.
 *
 * What stands for what:
 *  - RCU is liburcu (the memb flavour, read side inlined): rcu_read_lock()
 *    and friends keep their kernel names; kfree_rcu() is call_rcu() with a
 *    callback that frees the enclosing object (compat.c).  Every thread
 *    that runs transactions calls compat_thread_init().
 *  - A "CPU" is a thread: compat_thread_init() gives each thread a CPU
 *    number, and per-CPU data is one COMPAT_PCPU_UNIT slot per CPU, so
 *    per_cpu_ptr() works on any pointer into a per-CPU object.
 *  - "Physical memory" is one arena (compat_arena_*): PA compat_arena_pa
 *    onwards maps onto it; any other address is not RAM (pfn_valid() is
 *    false), which the memory port turns into an external abort.
 *  - Interrupts do not exist: local_irq_save() and the _irqsave locks only
 *    take the lock.  Spinlocks are pthread spinlocks.
 *  - The xarray is a small RCU-readable radix tree (compat.c) with the
 *    kernel's semantics for the calls the model makes.
 *  - WARN_ON() and BUG_ON() print and abort(): a benchmark or fuzzer run
 *    that trips one has found a bug.
 */
#ifndef _SWSMMU_BENCH_COMPAT_H
#define _SWSMMU_BENCH_COMPAT_H

#define _LGPL_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <urcu.h>

/* ---------------------------------------------------------------------- */
/* Types and annotations                                                  */
/* ---------------------------------------------------------------------- */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;	/* as the kernel's, for printf formats */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;
typedef u64 __le64;
typedef u32 __le32;
typedef u16 __le16;
typedef u64 phys_addr_t;
typedef unsigned int gfp_t;

#define __force
#define __bitwise
#define __percpu
#define __rcu
#define __iomem
#define __acquires(x)
#define __releases(x)
#define __must_check		__attribute__((warn_unused_result))
#define __aligned(n)		__attribute__((aligned(n)))
#define ____cacheline_aligned	__aligned(64)
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#undef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#define noinline		__attribute__((noinline))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define BITS_PER_LONG		64
#define U8_MAX			((u8)~0U)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)

/* CONFIG_* options are all off: no KUnit hooks in the library */
#define IS_ENABLED(option)	0

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#define module_param(name, type, perm)
#define MODULE_PARM_DESC(name, desc)
/* Parameters keep their defaults: no loader ever calls ->set */
struct kernel_param;
struct kernel_param_ops {
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
};
int param_get_uint(char *buffer, const struct kernel_param *kp);
int swsmmu_param_set_flags(const char *val, const struct kernel_param *kp,
			   const char * const *names, unsigned int n);
int swsmmu_param_get_flags(char *buf, const struct kernel_param *kp,
			   const char * const *names, unsigned int n);
#define module_param_cb(name, ops, arg, perm) \
	const struct kernel_param_ops *compat_param_##name = (ops)

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------------- */
/* Bits, fields, arithmetic                                               */
/* ---------------------------------------------------------------------- */

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (63 - (h))))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define _BITUL(n)		(1UL << (n))
#define _BITULL(n)		(1ULL << (n))

#define __bf_shf(m)		__builtin_ctzll(m)
#define FIELD_GET(m, v)		((__typeof__(m))(((v) & (m)) >> __bf_shf(m)))
#define FIELD_PREP(m, v)	((((__typeof__(m))(v)) << __bf_shf(m)) & (m))
#define FIELD_MAX(m)		((__typeof__(m))((m) >> __bf_shf(m)))

#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp_t(t, v, lo, hi)	min_t(t, max_t(t, v, lo), hi)

#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & \
				 ~((__typeof__(x))(a) - 1))
/*
 * prefetchw(): on x86 the instruction, in an asm the compiler keeps, as the
 * kernel's is on CPUs with PREFETCHW (it patches in prefetcht0 elsewhere).
 * GCC takes __builtin_prefetch() to have no side effect, so a void helper
 * that only prefetches is deleted whole, call and all: other
 * architectures' builds may lose such prefetches.
 */
#if defined(__x86_64__)
#define prefetchw(p)	__asm__ __volatile__("prefetchw %0" :: "m" (*(const char *)(p)))
#else
#define prefetchw(p)		__builtin_prefetch((p), 1)
#endif
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)

static inline unsigned int ilog2(u64 n)
{
	return 63 - __builtin_clzll(n);
}

static inline u64 roundup_pow_of_two(u64 n)
{
	return n < 2 ? 1 : 1ULL << (64 - __builtin_clzll(n - 1));
}

static inline u64 rol64(u64 w, unsigned int s)
{
	return (w << (s & 63)) | (w >> ((-s) & 63));
}

static inline s64 sign_extend64(u64 v, unsigned int index)
{
	unsigned int shift = 63 - index;

	return (s64)(v << shift) >> shift;
}

static inline unsigned long compat_find_next_bit(const unsigned long *addr,
						 unsigned long size,
						 unsigned long off)
{
	unsigned long w;

	while (off < size) {
		w = addr[off / BITS_PER_LONG] & (~0UL << (off % BITS_PER_LONG));
		if (w) {
			off = (off & ~(BITS_PER_LONG - 1UL)) + __builtin_ctzl(w);
			return off < size ? off : size;
		}
		off = (off | (BITS_PER_LONG - 1UL)) + 1;
	}
	return size;
}

#define for_each_set_bit(bit, addr, size)				\
	for ((bit) = compat_find_next_bit((addr), (size), 0);		\
	     (bit) < (size);						\
	     (bit) = compat_find_next_bit((addr), (size), (bit) + 1))

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

/* Atomic and unordered, as the kernel's (a locked OR / AND on x86) */
static inline void set_bit(unsigned long nr, unsigned long *addr)
{
	__atomic_fetch_or(&addr[nr / BITS_PER_LONG], 1UL << (nr % BITS_PER_LONG),
			  __ATOMIC_RELAXED);
}

static inline void clear_bit(unsigned long nr, unsigned long *addr)
{
	__atomic_fetch_and(&addr[nr / BITS_PER_LONG],
			   ~(1UL << (nr % BITS_PER_LONG)), __ATOMIC_RELAXED);
}

static inline unsigned int hweight_long(unsigned long w)
{
	return __builtin_popcountl(w);
}

static inline unsigned long __ffs(unsigned long w)
{
	return __builtin_ctzl(w);
}

/* hash_64(): multiplicative hashing by 2^64 / phi, as the kernel does */
#define GOLDEN_RATIO_64		0x61C8864680B583EBULL
static inline u32 hash_64(u64 val, unsigned int bits)
{
	return val * GOLDEN_RATIO_64 >> (64 - bits);
}

/* hash_32(): likewise, by 2^32 / phi */
#define GOLDEN_RATIO_32		0x61C88647U
static inline u32 hash_32(u32 val, unsigned int bits)
{
	return val * GOLDEN_RATIO_32 >> (32 - bits);
}

/* SMMU structures are little-endian, and so is every host we build on */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "tools/bench assumes a little-endian host"
#endif
#define cpu_to_le64(x)		((__le64)(x))
#define le64_to_cpu(x)		((u64)(x))
#define cpu_to_le32(x)		((__le32)(x))
#define le32_to_cpu(x)		((u32)(x))

/* ---------------------------------------------------------------------- */
/* Diagnostics                                                            */
/* ---------------------------------------------------------------------- */

void compat_warn(const char *file, int line, const char *cond)
	__attribute__((noreturn));

#define WARN_ON(c) ({							\
	bool __c = !!(c);						\
	if (unlikely(__c))						\
		compat_warn(__FILE__, __LINE__, #c);			\
	__c;								\
})
#define WARN_ON_ONCE(c)		WARN_ON(c)
#define BUG_ON(c)		((void)WARN_ON(c))
#define BUILD_BUG_ON(c)		_Static_assert(!(c), "BUILD_BUG_ON(" #c ")")

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_err(fmt, ...)	fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)

/* No lock checking in user space: the kernel builds check all of this */
#define lockdep_assert_held(l)		do { (void)(l); } while (0)
#define RCU_LOCKDEP_WARN(c, s)		do { } while (0)
#define rcu_read_lock_held()		1

/* seq_file output exists only in the kernel (debugfs); never called here */
struct seq_file;
static inline __printf(2, 3)
void seq_printf(struct seq_file *m, const char *fmt, ...)
{
}

#define scnprintf(buf, size, fmt, ...)					\
	({ int __n = snprintf(buf, size, fmt, ##__VA_ARGS__);		\
	   __n < 0 ? 0 : (size_t)__n >= (size_t)(size) ?		\
	   (int)(size) - 1 : __n; })
static inline int strscpy(char *dst, const char *src, size_t size)
{
	snprintf(dst, size, "%s", src);
	return strlen(dst);
}

/* Strict mode's torn-read window (strict.c): a short busy wait */
static inline void ndelay(unsigned long ns)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000000L +
	       (t.tv_nsec - t0.tv_nsec) < (long)ns);
}

/* Strict mode's read order: any spread will do, no security needed */
static inline u32 get_random_u32_below(u32 ceil)
{
	static __thread u64 x = 0x9e3779b97f4a7c15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (u32)((x >> 32) % ceil);
}

/* ---------------------------------------------------------------------- */
/* Memory ordering and atomics                                            */
/* ---------------------------------------------------------------------- */

#define barrier()		__asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	do { *(volatile __typeof__(x) *)&(x) = (v); } while (0)

#if defined(__x86_64__)
/* As the kernel's x86 smp_mb(): a locked no-op add, cheaper than mfence */
#define smp_mb()	__asm__ __volatile__("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#define cpu_relax()	__asm__ __volatile__("pause" ::: "memory")
#else
#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define cpu_relax()	barrier()
#endif
/* As the kernel's: a store and a full barrier, xchg where it is one */
#define smp_store_mb(var, v)	((void)__atomic_exchange_n(&(var), (v), __ATOMIC_SEQ_CST))
#define dma_wmb()		smp_wmb()
#define dma_rmb()		smp_rmb()
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define cmpxchg64(p, o, n)	__sync_val_compare_and_swap((p), (o), (n))
#define cmpxchg(p, o, n)	__sync_val_compare_and_swap((p), (o), (n))

/* ---------------------------------------------------------------------- */
/* Locks, wait queues, work: no interrupts, no sleeping in the core       */
/* ---------------------------------------------------------------------- */

typedef struct {
	pthread_spinlock_t l;
} spinlock_t;

#define spin_lock_init(s)	pthread_spin_init(&(s)->l, PTHREAD_PROCESS_PRIVATE)
#define spin_lock(s)		pthread_spin_lock(&(s)->l)
#define spin_unlock(s)		pthread_spin_unlock(&(s)->l)
#define spin_lock_irqsave(s, f)	do { (f) = 0; spin_lock(s); } while (0)
#define spin_unlock_irqrestore(s, f) do { (void)(f); spin_unlock(s); } while (0)
#define local_irq_save(f)	do { (f) = 0; barrier(); } while (0)
#define local_irq_restore(f)	do { (void)(f); barrier(); } while (0)

struct mutex {
	pthread_mutex_t m;
};

typedef struct {
	int unused;
} wait_queue_head_t;

struct work_struct {
	int unused;
};

/* ---------------------------------------------------------------------- */
/* Lists                                                                  */
/* ---------------------------------------------------------------------- */

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void list_add(struct list_head *n, struct list_head *h)
{
	n->next = h->next;
	n->prev = h;
	h->next->prev = n;
	h->next = n;
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	list_add(n, h->prev);
}

static inline void list_del(struct list_head *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = NULL;
	e->prev = NULL;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

#define list_entry(p, type, member)	container_of(p, type, member)
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_entry((head)->next, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_entry((head)->next, __typeof__(*pos), member),	\
	     n = list_entry(pos->member.next, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

/* Hash lists; the _rcu variants publish and read like the kernel's */
struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

#define INIT_HLIST_HEAD(h)	((h)->first = NULL)

static inline void hlist_add_head_rcu(struct hlist_node *n,
				      struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	n->pprev = &h->first;
	rcu_assign_pointer(h->first, n);
	if (first)
		first->pprev = &n->next;
}

/* Readers still on @n keep following n->next, which is left as it was */
static inline void hlist_del_rcu(struct hlist_node *n)
{
	struct hlist_node *next = n->next;

	WRITE_ONCE(*n->pprev, next);
	if (next)
		next->pprev = n->pprev;
	n->pprev = NULL;
}

#define hlist_entry_safe(ptr, type, member) ({				\
	__typeof__(ptr) ____p = (ptr);					\
	____p ? container_of(____p, type, member) : NULL;		\
})
#define hlist_for_each_entry_rcu(pos, head, member)			\
	for (pos = hlist_entry_safe(rcu_dereference((head)->first),	\
				    __typeof__(*(pos)), member);	\
	     pos;							\
	     pos = hlist_entry_safe(rcu_dereference((pos)->member.next), \
				    __typeof__(*(pos)), member))
#define hlist_for_each_entry_safe(pos, n, head, member)		\
	for (pos = hlist_entry_safe((head)->first, __typeof__(*pos), member); \
	     pos && ({ n = pos->member.next; 1; });			\
	     pos = hlist_entry_safe(n, __typeof__(*pos), member))

/* ---------------------------------------------------------------------- */
/* Allocation and RCU-deferred freeing                                    */
/* ---------------------------------------------------------------------- */

#define GFP_KERNEL		0U
#define GFP_ATOMIC		0U
#define GFP_NOWAIT		0U
#define __GFP_NOWARN		0U
#define __GFP_ZERO		0U

/*
 * The kernel's kmalloc() of 512 bytes or more comes from a slab whose
 * objects are at least cache-line aligned (kmalloc-4k holds the IOTLB's
 * table chunks); malloc() gives 16 bytes, which would split the table's
 * 32-byte entries across lines.  Smaller objects keep malloc()'s layout.
 */
static inline void *compat_kmalloc(size_t size, bool zero)
{
	void *p;

	if (size < 512)
		return zero ? calloc(1, size) : malloc(size);
	if (posix_memalign(&p, 64, size))
		return NULL;
	if (zero)
		memset(p, 0, size);
	return p;
}

#define kmalloc(size, gfp)	compat_kmalloc((size), false)
static inline void *compat_kmalloc_array(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return compat_kmalloc(n * size, false);
}

#define kmalloc_array(n, size, gfp)	compat_kmalloc_array((n), (size))
#define kzalloc(size, gfp)	compat_kmalloc((size), true)
#define kcalloc(n, size, gfp)	calloc((n), (size))

/*
 * kvmalloc() beyond what kmalloc() can give (4 MiB, an order-10 block) is
 * vmalloc(), on 4KB pages on x86 (no huge vmalloc there): such a block
 * gets a mapping of its own on 4KB pages, where the heap is on huge pages
 * (main.c), and its pages at once, as vmalloc() allocates them.
 */
#define COMPAT_KMALLOC_MAX	(4UL << 20)
void *compat_map_pages(size_t size, bool huge);
void compat_unmap_pages(void *p, size_t size);
void *compat_kvmalloc(size_t n, size_t size, bool zero);
void compat_kvfree(const void *p);
#define kvcalloc(n, size, gfp)	compat_kvmalloc((n), (size), true)
#define kvmalloc(size, gfp)	compat_kvmalloc(1, (size), false)
#define kvzalloc(size, gfp)	compat_kvmalloc(1, (size), true)
#define kvmalloc_array(n, size, gfp) compat_kvmalloc((n), (size), false)
#define kfree(p)		free(p)
#define kvfree(p)		compat_kvfree(p)

/*
 * The kernel's struct rcu_head is liburcu's plus the offset of the head in
 * the object that kfree_rcu() frees (liburcu's callback only gets the
 * head).  Everything after this point that says rcu_head means ours.
 */
typedef struct rcu_head compat_urcu_head;
struct compat_rcu_head {
	compat_urcu_head h;
	size_t offset;
};

#define rcu_head compat_rcu_head

void compat_kfree_rcu(struct compat_rcu_head *head, size_t offset);
#define kfree_rcu(p, field) \
	compat_kfree_rcu(&(p)->field, offsetof(__typeof__(*(p)), field))

/* ---------------------------------------------------------------------- */
/* CPUs and per-CPU data                                                  */
/* ---------------------------------------------------------------------- */

#define COMPAT_NR_CPUS		8
#define COMPAT_PCPU_UNIT	16384	/* bytes per CPU in each allocation */

extern __thread unsigned int compat_cpu;

void *compat_alloc_percpu(size_t size);
void compat_thread_init(unsigned int cpu);
extern unsigned long compat_events;	/* events recorded or stalled */
void compat_thread_exit(void);

#define alloc_percpu(type)	((type *)compat_alloc_percpu(sizeof(type)))
#define free_percpu(p)		free(p)
#define per_cpu_ptr(p, cpu)						\
	((__typeof__(p))((char *)(p) + (size_t)(cpu) * COMPAT_PCPU_UNIT))
#define this_cpu_ptr(p)		per_cpu_ptr(p, compat_cpu)
#define this_cpu_add(var, n)	(*this_cpu_ptr(&(var)) += (n))
#define this_cpu_inc(var)	this_cpu_add(var, 1)
#define raw_smp_processor_id()	compat_cpu
#define smp_processor_id()	compat_cpu
#define for_each_possible_cpu(cpu) \
	for ((cpu) = 0; (cpu) < COMPAT_NR_CPUS; (cpu)++)

/* ---------------------------------------------------------------------- */
/* Physical memory: the arena                                             */
/* ---------------------------------------------------------------------- */

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define MAX_PHYSMEM_BITS	52
#define PHYS_PFN(pa)		((unsigned long)((pa) >> PAGE_SHIFT))
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

extern u64 compat_arena_pa;		/* PA of the first arena byte */
extern u64 compat_arena_size;		/* bytes, a multiple of PAGE_SIZE */
extern unsigned char *compat_arena;	/* where the arena is mapped */

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn >= PHYS_PFN(compat_arena_pa) &&
	       pfn - PHYS_PFN(compat_arena_pa) < PHYS_PFN(compat_arena_size);
}

static inline void *phys_to_virt(u64 pa)
{
	return compat_arena + (pa - compat_arena_pa);
}

/* A struct page * is the page's address in the arena */
struct page;
#define pfn_to_page(pfn)	((struct page *)phys_to_virt((u64)(pfn) << PAGE_SHIFT))
#define kmap_local_page(pg)	((void *)(pg))
#define kunmap_local(va)	((void)(va))
#define PageReserved(pg)	((void)(pg), false)

/* Arena memory is always mapped: no faults to handle, nothing to check */
#define kasan_check_read(p, n)	((void)(p), (void)(n))
#define kasan_check_write(p, n)	((void)(p), (void)(n))
#define pagefault_disable()	barrier()
#define pagefault_enable()	barrier()
#define get_kernel_nofault(dst, src) \
	({ (dst) = *(const volatile __typeof__(dst) *)(src); 0; })
#define __put_kernel_nofault(dst, src, type, label)			\
	do {								\
		if (0)							\
			goto label;					\
		*(volatile type *)(dst) = *(const type *)(src);		\
	} while (0)

/* ---------------------------------------------------------------------- */
/* xarray (compat.c): the subset the model uses                           */
/* ---------------------------------------------------------------------- */

struct xa_node;

/**
 * struct xarray - an RCU-readable radix tree of 64-way nodes
 * @head: the root node (RCU readers), NULL when empty
 * @lock: serialises writers (the model also serialises them itself)
 */
struct xarray {
	struct xa_node *head;
	spinlock_t lock;
};

#define XA_PRESENT		((unsigned int)1)

void xa_init(struct xarray *xa);
void xa_destroy(struct xarray *xa);
void *xa_load(struct xarray *xa, unsigned long index);
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max,
	      unsigned int filter);
void *xa_find_after(struct xarray *xa, unsigned long *index,
		    unsigned long max, unsigned int filter);

#define xa_for_each_range(xa, index, entry, start, last)		\
	for (index = start,						\
	     entry = xa_find(xa, &index, last, XA_PRESENT);		\
	     entry;							\
	     entry = xa_find_after(xa, &index, last, XA_PRESENT))
#define xa_for_each(xa, index, entry) \
	xa_for_each_range(xa, index, entry, 0, ULONG_MAX)

#endif /* _SWSMMU_BENCH_COMPAT_H */
