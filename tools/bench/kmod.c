// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu-bench.ko: the workloads of workload.c inside the kernel, on the
 * translation core of swsmmu.ko.  The model functions they call are
 * exported only for tests (EXPORT_SYMBOL_IF_KUNIT), so this module is
 * built only for kernels with KUnit, like the KUnit suites.
 *
 * Loading it runs the workloads once at BENCH_KERNEL sizes (seconds
 * natively, well under a minute in the TCG debug guest) and keeps what they
 * printed: /sys/kernel/debug/swsmmu-bench/results holds the results table
 * and one TAP line per correctness check.  The figures are never pass/fail;
 * the checks (every translation and every byte read is what the tables
 * say, TLBIs remove exactly their entries) are.
 *
 * Memory for the structures comes from the page allocator, naturally
 * aligned and physically contiguous, and is freed once the run is over.
 */
#define pr_fmt(fmt) "swsmmu-bench: " fmt

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include "../../drivers/model/model.h"
#include "workload.h"

#define BENCH_OUT_SIZE	(64 * 1024)

/**
 * struct bench_env - the kernel environment of one run
 * @allocs: struct bench_alloc of every allocation, to free at the end
 * @out: what the run printed
 * @len: bytes in @out
 */
struct bench_env {
	struct list_head allocs;
	char *out;
	size_t len;
};

/**
 * struct bench_alloc - pages handed out by bench_env_alloc()
 * @node: in &bench_env.allocs
 * @page: the first page
 * @order: log2 of the number of pages
 */
struct bench_alloc {
	struct list_head node;
	struct page *page;
	unsigned int order;
};

static struct bench_env bench_env;
static struct dentry *bench_dir;

/**
 * bench_env_alloc() - zeroed, naturally aligned, contiguous memory
 * @env: the environment
 * @size: bytes
 * @pa: its physical address
 *
 * Return: its kernel address, or NULL.
 */
void *bench_env_alloc(struct bench_env *env, size_t size, u64 *pa)
{
	struct bench_alloc *a = kmalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return NULL;
	a->order = get_order(size);
	a->page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
			      a->order);
	if (!a->page) {
		kfree(a);
		return NULL;
	}
	list_add(&a->node, &env->allocs);
	*pa = page_to_phys(a->page);
	return page_address(a->page);
}

/**
 * bench_env_table_alloc() - memory for a buffer that stands for a table of
 *                           kmalloc()ed chunks
 * @env: the environment
 * @size: bytes
 *
 * kvmalloc(): beyond 4 MiB that is vmalloc()'s 4KB pages, where the
 * chunks it stands for are in the direct map; the module's figures are
 * taken under TCG and say nothing of cache misses anyway.
 *
 * Return: the memory, or NULL.
 */
void *bench_env_table_alloc(struct bench_env *env, size_t size)
{
	return kvmalloc(size, GFP_KERNEL);
}

/**
 * bench_env_table_free() - free what bench_env_table_alloc() gave
 * @env: the environment
 * @p: the memory
 * @size: its size
 */
void bench_env_table_free(struct bench_env *env, void *p, size_t size)
{
	kvfree(p);
}

/**
 * bench_env_now_ns() - a monotonic clock
 *
 * Return: ns.
 */
u64 bench_env_now_ns(void)
{
	return ktime_get_ns();
}

/**
 * bench_env_print() - append to the results
 * @env: the environment
 * @fmt: printf format
 */
void bench_env_print(struct bench_env *env, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	env->len += vscnprintf(env->out + env->len, BENCH_OUT_SIZE - env->len,
			       fmt, ap);
	va_end(ap);
}

/**
 * bench_env_hw_create() - an SMMU instance with the caches asked for
 * @env: the environment
 * @feat: its features
 * @tlb_entries: IOTLB capacity, 0 for none
 * @cfg_entries: configuration cache capacity, 0 for none
 * @utlb: give the configuration cache's handles a micro-TLB
 *
 * Return: the instance, or NULL.
 */
struct swsmmu_hw *bench_env_hw_create(struct bench_env *env,
				      const struct swsmmu_hw_features *feat,
				      unsigned int tlb_entries,
				      unsigned int cfg_entries, bool utlb)
{
	struct swsmmu_hw *hw = swsmmu_hw_create("swsmmu-bench", feat);

	if (IS_ERR(hw))
		return NULL;
	swsmmu_hw_tlb_destroy(hw);
	swsmmu_hw_cfgcache_destroy(hw);
	if (swsmmu_hw_tlb_init(hw, tlb_entries) ||
	    swsmmu_hw_cfgcache_init(hw, cfg_entries, utlb)) {
		swsmmu_hw_destroy(hw);
		return NULL;
	}
	return hw;
}

/**
 * bench_env_hw_enable() - point an instance at a linear Stream table and
 *                         enable translation, through its registers
 * @env: the environment
 * @hw: the instance
 * @strtab_pa: the Stream table
 * @log2size: its LOG2SIZE
 */
void bench_env_hw_enable(struct bench_env *env, struct swsmmu_hw *hw,
			 u64 strtab_pa, unsigned int log2size)
{
	swsmmu_hw_write64(hw, SMMU_STRTAB_BASE, strtab_pa & STRTAB_BASE_ADDR);
	swsmmu_hw_write32(hw, SMMU_STRTAB_BASE_CFG,
			  FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, log2size));
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN);
}

/**
 * bench_env_hw_destroy() - free an instance
 * @env: the environment
 * @hw: the instance
 */
void bench_env_hw_destroy(struct bench_env *env, struct swsmmu_hw *hw)
{
	swsmmu_hw_destroy(hw);
}

/**
 * bench_env_insns() - instruction count: not measured in the kernel
 * @env: the environment
 * @count: unused
 *
 * Return: false.
 */
bool bench_env_insns(struct bench_env *env, u64 *count)
{
	return false;
}

/**
 * bench_env_yield() - let the scheduler in between samples
 * @env: the environment
 */
void bench_env_yield(struct bench_env *env)
{
	cond_resched();
}

/**
 * bench_env_parallel() - throughput runs: user space only
 * @env: the environment
 * @nr_threads: unused
 * @msecs: unused
 * @fn: unused
 * @arg: unused
 * @ops: unused
 * @cpu_ns: unused
 *
 * Return: -EOPNOTSUPP.
 */
int bench_env_parallel(struct bench_env *env, unsigned int nr_threads,
		       unsigned int msecs, bench_thread_fn fn, void *arg,
		       u64 *ops, u64 *cpu_ns)
{
	return -EOPNOTSUPP;
}

static void bench_free_allocs(struct bench_env *env)
{
	struct bench_alloc *a, *tmp;

	list_for_each_entry_safe(a, tmp, &env->allocs, node) {
		__free_pages(a->page, a->order);
		kfree(a);
	}
	INIT_LIST_HEAD(&env->allocs);
}

static int bench_results_show(struct seq_file *m, void *v)
{
	seq_write(m, bench_env.out, bench_env.len);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench_results);

static int __init swsmmu_bench_init(void)
{
	struct bench_env *env = &bench_env;
	u64 t0 = ktime_get_ns();
	int ret;

	INIT_LIST_HEAD(&env->allocs);
	env->out = kvzalloc(BENCH_OUT_SIZE, GFP_KERNEL);
	if (!env->out)
		return -ENOMEM;
	bench_env_print(env, "# swsmmu-bench: in the kernel (%s), swsmmu.ko's translation core\n",
			init_utsname()->release);
	ret = bench_run(env, BENCH_KERNEL, NULL);
	if (ret < 0)
		bench_env_print(env, "not ok 1 - setting up the workloads (%d)\n1..1\n",
				ret);
	bench_free_allocs(env);
	bench_env_print(env, "# %llu ms\n", (ktime_get_ns() - t0) / NSEC_PER_MSEC);

	bench_dir = debugfs_create_dir("swsmmu-bench", NULL);
	debugfs_create_file("results", 0400, bench_dir, NULL,
			    &bench_results_fops);
	pr_info("done, %d failed checks: see /sys/kernel/debug/swsmmu-bench/results\n",
		ret);
	return 0;
}

static void __exit swsmmu_bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	kvfree(bench_env.out);
}

module_init(swsmmu_bench_init);
module_exit(swsmmu_bench_exit);
MODULE_DESCRIPTION("swsmmu translation core benchmark");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
