/* SPDX-License-Identifier: GPL-2.0 */
/* Instruction counting for swsmmu-bench (perf.c) */
#ifndef _SWSMMU_BENCH_PERF_H
#define _SWSMMU_BENCH_PERF_H

int bench_perf_open(void);
int bench_perf_read(int fd, unsigned long long *count);

#endif /* _SWSMMU_BENCH_PERF_H */
