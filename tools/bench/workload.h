/* SPDX-License-Identifier: GPL-2.0 */
/*
 * swsmmu-bench workloads (workload.c), shared by the user-space program
 * (main.c, on the translation core built as a library) and the kernel
 * module swsmmu-bench.ko (kmod.c, on the translation core of swsmmu.ko).
 * The workloads call the model; the functions declared below under
 * "environment" are what each side provides for them.
 */
#ifndef _SWSMMU_BENCH_WORKLOAD_H
#define _SWSMMU_BENCH_WORKLOAD_H

#include <linux/types.h>

struct swsmmu_hw;
struct swsmmu_hw_features;
struct bench_env;

/* How big a run is */
enum bench_scale {
	BENCH_FULL,	/* make bench: every workload at the sizes asked for */
	BENCH_QUICK,	/* swsmmu-bench --quick (callgrind, smoke tests) */
	BENCH_KERNEL,	/* the debug kernel under TCG: small and short */
};

/**
 * typedef bench_thread_fn - one thread of a throughput run
 * @arg: the workload's argument
 * @thread: 0 to the number of threads - 1
 * @stop: becomes true when the run ends
 *
 * Return: the number of translations done.
 */
typedef u64 (*bench_thread_fn)(void *arg, unsigned int thread,
			       const bool *stop);

/* ---------------------------------------------------------------------- */
/* Environment (main.c in user space, kmod.c in the kernel)               */
/* ---------------------------------------------------------------------- */

void *bench_env_alloc(struct bench_env *env, size_t size, u64 *pa);
void *bench_env_table_alloc(struct bench_env *env, size_t size);
void bench_env_table_free(struct bench_env *env, void *p, size_t size);
u64 bench_env_now_ns(void);
void bench_env_print(struct bench_env *env, const char *fmt, ...)
	__printf(2, 3);
struct swsmmu_hw *bench_env_hw_create(struct bench_env *env,
				      const struct swsmmu_hw_features *feat,
				      unsigned int tlb_entries,
				      unsigned int cfg_entries, bool utlb);
void bench_env_hw_enable(struct bench_env *env, struct swsmmu_hw *hw,
			 u64 strtab_pa, unsigned int log2size);
void bench_env_hw_destroy(struct bench_env *env, struct swsmmu_hw *hw);
bool bench_env_insns(struct bench_env *env, u64 *count);
void bench_env_yield(struct bench_env *env);
int bench_env_parallel(struct bench_env *env, unsigned int nr_threads,
		       unsigned int msecs, bench_thread_fn fn, void *arg,
		       u64 *ops, u64 *cpu_ns);

/* ---------------------------------------------------------------------- */
/* Workloads (workload.c)                                                 */
/* ---------------------------------------------------------------------- */

int bench_run(struct bench_env *env, enum bench_scale scale,
	      const char *only);

#endif /* _SWSMMU_BENCH_WORKLOAD_H */
