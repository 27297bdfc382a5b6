/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and writing sysfs control files, for the swsmmu kselftests.
 */
#ifndef _SWSMMU_SELFTEST_SYSFS_UTIL_H
#define _SWSMMU_SELFTEST_SYSFS_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Write @s in one write(); 0 or -errno */
static inline int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

/*
 * The whole file, NUL-terminated (sysfs hands out at most a page per
 * read()); its length or -errno
 */
static inline int read_str(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	size_t got = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -errno;
	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	close(fd);
	if (n < 0)
		return -errno;
	buf[got] = 0;
	return got;
}

#endif /* _SWSMMU_SELFTEST_SYSFS_UTIL_H */
