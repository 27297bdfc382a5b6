/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading and unloading swsmmu.ko and reading what a load logs, for the
 * swsmmu kselftests that cycle the module.
 */
#ifndef _SWSMMU_SELFTEST_MODULE_UTIL_H
#define _SWSMMU_SELFTEST_MODULE_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MODULE_PATH	"/lib/swsmmu/swsmmu.ko"

/* Seek /dev/kmsg to its end, to read what a load logs */
static inline int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Did the kernel log a record containing @s since kmsg_open()? */
static inline int kmsg_has(int fd, const char *s)
{
	char rec[1024];
	ssize_t n;
	int found = 0;

	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		rec[n] = 0;
		found |= !!strstr(rec, s);
	}
	return found;
}

static inline int module_loaded(void)
{
	return access("/sys/module/swsmmu", F_OK) == 0;
}

static inline int load_module(const char *params)
{
	int fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(__NR_finit_module, fd, params, 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

static inline int unload_module(void)
{
	return syscall(__NR_delete_module, "swsmmu", O_NONBLOCK) ? -errno : 0;
}

#endif /* _SWSMMU_SELFTEST_MODULE_UTIL_H */
