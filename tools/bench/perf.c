// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction counting for swsmmu-bench with perf_event_open().  Built
 * without the kernel-API stand-ins (its <linux/...> headers are the C
 * library's), so it only uses plain C types.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "perf.h"

/**
 * bench_perf_open() - count the calling thread's user-space instructions
 *
 * Return: a file descriptor for bench_perf_read(), or -errno (no hardware
 * counters, as in many virtual machines, or perf_event_paranoid).
 */
int bench_perf_open(void)
{
	struct perf_event_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_HARDWARE;
	a.config = PERF_COUNT_HW_INSTRUCTIONS;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
	return fd < 0 ? -errno : fd;
}

/**
 * bench_perf_read() - the count so far
 * @fd: from bench_perf_open()
 * @count: the count
 *
 * Return: 0, or -1 if it could not be read.
 */
int bench_perf_read(int fd, unsigned long long *count)
{
	return read(fd, count, sizeof(*count)) == sizeof(*count) ? 0 : -1;
}
