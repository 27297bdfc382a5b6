// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu-bench: the software SMMU's translation core, built as a user-space
 * library (include/compat.h), timed by the workloads of workload.c.
 *
 *   swsmmu-bench [--quick] [--small-pages] [--only PREFIX]
 *
 * --quick runs small sizes for a few seconds (for valgrind --tool=callgrind
 * and smoke tests); --only runs the workloads whose name starts with
 * PREFIX ("hit-1K", "miss", "tlbi", "threads"...), or with --only
 * "NAME [CACHES]" one workload in one configuration ("hit-1 [caches on]",
 * what callgrind should count).  Exits 1 if a correctness check failed.
 *
 * The environment of the workloads: "physical memory" is one arena mapped
 * with transparent huge pages where possible (as the kernel's direct map
 * uses large pages) at PA BENCH_ARENA_PA; allocations are carved from it,
 * naturally aligned, never freed.  Threads of throughput runs are CPUs 1
 * and 2; the main thread is CPU 0.
 *
 * kmalloc() is malloc(), and malloc's heap is put on transparent huge
 * pages too (glibc.malloc.hugetlb=1, set by running the program again with
 * it): kmalloc's memory is in the kernel's direct map, which uses large
 * pages, so a random access to a large IOTLB costs a cache miss there, not
 * a cache miss and a page walk of the CPU's own.  --small-pages keeps 4KB
 * pages, for comparison.  Not under valgrind, whose children would run
 * natively.
 */
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <time.h>
#include "include/compat.h"
#include "../../drivers/model/model.h"
#include "perf.h"
#include "workload.h"

#define BENCH_ARENA_PA		0x40000000ULL
#define BENCH_ARENA_FULL	(1280ULL << 20)
#define BENCH_ARENA_QUICK	(128ULL << 20)
#define BENCH_HUGE		(2ULL << 20)

/**
 * struct bench_env - the user-space environment
 * @used: bytes of the arena handed out
 * @perf_fd: instruction counter, or -errno
 * @small_pages: --small-pages: the heap on 4KB pages
 */
struct bench_env {
	u64 used;
	int perf_fd;
	bool small_pages;
};

void *bench_env_alloc(struct bench_env *env, size_t size, u64 *pa)
{
	u64 align = min(roundup_pow_of_two(size), BENCH_HUGE), off;

	off = ALIGN(env->used, align);
	if (off + size > compat_arena_size)
		return NULL;
	env->used = off + size;
	*pa = compat_arena_pa + off;
	/* The arena is fresh anonymous memory: already zero */
	return compat_arena + off;
}

/*
 * Memory mapped as kmalloc()'s is in the kernel, the direct map's large
 * pages, whatever its size (bench_floor() stands for the IOTLB's chunks);
 * 4KB pages with --small-pages, as the rest of the heap
 */
void *bench_env_table_alloc(struct bench_env *env, size_t size)
{
	return compat_map_pages(size, !env->small_pages);
}

void bench_env_table_free(struct bench_env *env, void *p, size_t size)
{
	compat_unmap_pages(p, size);
}

u64 bench_env_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void bench_env_print(struct bench_env *env, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

struct swsmmu_hw *bench_env_hw_create(struct bench_env *env,
				      const struct swsmmu_hw_features *feat,
				      unsigned int tlb_entries,
				      unsigned int cfg_entries, bool utlb)
{
	struct swsmmu_hw *hw = calloc(1, sizeof(*hw));

	if (!hw)
		return NULL;
	strscpy(hw->name, "bench", sizeof(hw->name));
	hw->feat = *feat;
	spin_lock_init(&hw->reg_lock);
	spin_lock_init(&hw->cmdq_lock);
	hw->inflight = alloc_percpu(unsigned long);
	hw->stats = alloc_percpu(struct hw_stats);
	if (!hw->inflight || !hw->stats || swsmmu_hw_tlb_init(hw, tlb_entries) ||
	    swsmmu_hw_cfgcache_init(hw, cfg_entries, utlb)) {
		bench_env_hw_destroy(env, hw);
		return NULL;
	}
	return hw;
}

void bench_env_hw_enable(struct bench_env *env, struct swsmmu_hw *hw,
			 u64 strtab_pa, unsigned int log2size)
{
	hw->strtab_base = strtab_pa & STRTAB_BASE_ADDR;
	hw->strtab_base_cfg = FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, log2size);
	/* after the Stream table registers, as a driver's MMIO writes are */
	smp_store_release(&hw->cr0, CR0_SMMUEN);
}

void bench_env_hw_destroy(struct bench_env *env, struct swsmmu_hw *hw)
{
	swsmmu_hw_cfgcache_destroy(hw);
	swsmmu_hw_tlb_destroy(hw);
	free_percpu(hw->stats);
	free_percpu(hw->inflight);
	free(hw);
}

bool bench_env_insns(struct bench_env *env, u64 *count)
{
	unsigned long long c;

	if (env->perf_fd < 0 || bench_perf_read(env->perf_fd, &c))
		return false;
	*count = c;
	return true;
}

void bench_env_yield(struct bench_env *env)
{
}

/**
 * struct bench_thread - one thread of bench_env_parallel()
 * @tid: the thread
 * @cpu: its CPU number
 * @fn: what it runs
 * @arg: @fn's argument
 * @stop: set when the run ends
 * @ops: what @fn returned
 * @cpu_ns: CPU time the thread used
 */
struct bench_thread {
	pthread_t tid;
	unsigned int cpu;
	bench_thread_fn fn;
	void *arg;
	const bool *stop;
	u64 ops;
	u64 cpu_ns;
};

static void *bench_thread_main(void *p)
{
	struct bench_thread *t = p;
	struct timespec a, z;

	compat_thread_init(t->cpu);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
	t->ops = t->fn(t->arg, t->cpu - 1, t->stop);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &z);
	t->cpu_ns = (z.tv_sec - a.tv_sec) * 1000000000ULL + z.tv_nsec -
		    a.tv_nsec;
	compat_thread_exit();
	return NULL;
}

int bench_env_parallel(struct bench_env *env, unsigned int nr_threads,
		       unsigned int msecs, bench_thread_fn fn, void *arg,
		       u64 *ops, u64 *cpu_ns)
{
	struct bench_thread t[COMPAT_NR_CPUS - 1];
	struct timespec ts = {
		.tv_sec = msecs / 1000,
		.tv_nsec = (msecs % 1000) * 1000000L,
	};
	bool stop = false;
	unsigned int i;

	if (nr_threads >= COMPAT_NR_CPUS)
		return -EINVAL;
	for (i = 0; i < nr_threads; i++) {
		t[i] = (struct bench_thread) {
			.cpu = i + 1, .fn = fn, .arg = arg, .stop = &stop,
		};
		if (pthread_create(&t[i].tid, NULL, bench_thread_main, &t[i]))
			return -EAGAIN;
	}
	nanosleep(&ts, NULL);
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	*ops = 0;
	*cpu_ns = 0;
	for (i = 0; i < nr_threads; i++) {
		pthread_join(t[i].tid, NULL);
		*ops += t[i].ops;
		*cpu_ns += t[i].cpu_ns;
	}
	return 0;
}

/* "model name" from /proc/cpuinfo */
static void bench_cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], *v;

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10))
			continue;
		v = strchr(line, ':');
		if (v) {
			v += 1 + (v[1] == ' ');
			v[strcspn(v, "\n")] = 0;
			snprintf(buf, len, "%s", v);
		}
		break;
	}
	fclose(f);
}

static void bench_usage(void)
{
	fprintf(stderr,
		"usage: swsmmu-bench [--quick] [--small-pages] [--only PREFIX | --only \"NAME [CACHES]\"]\n");
	exit(2);
}

#define BENCH_THP_TUNABLE	"glibc.malloc.hugetlb=1"

/*
 * Run the program again with malloc's heap on transparent huge pages
 * (glibc reads its tunables once, at start-up); returns if it cannot, or
 * need not
 */
static void bench_heap_thp(char **argv)
{
	const char *old = getenv("GLIBC_TUNABLES"), *pre = getenv("LD_PRELOAD");
	char val[512];

	if ((old && strstr(old, "glibc.malloc.hugetlb")) ||
	    (pre && strstr(pre, "vgpreload")))
		return;
	if (snprintf(val, sizeof(val), "%s%s%s", old ?: "", old ? ":" : "",
		     BENCH_THP_TUNABLE) >= (int)sizeof(val))
		return;
	if (!setenv("GLIBC_TUNABLES", val, 1))
		execv("/proc/self/exe", argv);
	fprintf(stderr, "swsmmu-bench: cannot run again with %s: %s\n", val,
		strerror(errno));
}

/* What the heap is on, from the tunable and the kernel's THP mode */
static void bench_heap_print(bool small)
{
	const char *t = getenv("GLIBC_TUNABLES");
	char mode[32] = "unknown", line[128], *b;
	FILE *f;

	f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (f) {
		/* "always [madvise] never": the bracketed word is the mode */
		b = fgets(line, sizeof(line), f) ? strchr(line, '[') : NULL;
		if (b)
			snprintf(mode, sizeof(mode), "%.*s",
				 (int)strcspn(b + 1, "]"), b + 1);
		fclose(f);
	}
	/* An inherited tunable holds with --small-pages too: say so */
	if (t && strstr(t, BENCH_THP_TUNABLE))
		printf("# heap: kmalloc() = malloc() on transparent huge pages (%s, THP %s)%s\n",
		       BENCH_THP_TUNABLE, mode,
		       small ? ", despite --small-pages" : "");
	else
		printf("# heap: kmalloc() = malloc() on 4KB pages%s\n",
		       small ? " (--small-pages)" : "");
}

int main(int argc, char **argv)
{
	enum bench_scale scale = BENCH_FULL;
	struct bench_env env = { };
	const char *only = NULL;
	char model[128];
	struct utsname u;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			scale = BENCH_QUICK;
		else if (!strcmp(argv[i], "--small-pages"))
			env.small_pages = true;
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else
			bench_usage();
	}

	if (!env.small_pages)
		bench_heap_thp(argv);

	compat_arena_pa = BENCH_ARENA_PA;
	compat_arena_size = scale == BENCH_FULL ? BENCH_ARENA_FULL :
			    BENCH_ARENA_QUICK;
	compat_arena = mmap(NULL, compat_arena_size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (compat_arena == MAP_FAILED) {
		perror("swsmmu-bench: arena");
		return 1;
	}
	madvise(compat_arena, compat_arena_size, MADV_HUGEPAGE);
	compat_thread_init(0);

	env.perf_fd = bench_perf_open();
	bench_cpu_model(model, sizeof(model));
	uname(&u);
	printf("# swsmmu-bench%s: user space, translation core built with liburcu (memb)\n",
	       scale == BENCH_QUICK ? " --quick" : "");
	printf("# machine: %s, %ld CPUs; kernel %s; compiler gcc %s\n", model,
	       sysconf(_SC_NPROCESSORS_ONLN), u.release, __VERSION__);
	bench_heap_print(env.small_pages);
	if (env.perf_fd < 0)
		printf("# insn/op: n/a, perf_event_open(PERF_COUNT_HW_INSTRUCTIONS): %s\n",
		       strerror(-env.perf_fd));

	ret = bench_run(&env, scale, only);
	if (ret < 0)
		fprintf(stderr, "swsmmu-bench: %s\n", strerror(-ret));
	else if (compat_events)
		fprintf(stderr, "swsmmu-bench: %lu unexpected events\n",
			compat_events);
	rcu_barrier();
	compat_thread_exit();
	munmap(compat_arena, compat_arena_size);
	return ret || compat_events ? 1 : 0;
}
