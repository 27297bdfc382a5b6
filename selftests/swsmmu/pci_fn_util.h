/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the swsmmu PCIe test functions, reading their config space
 * through sysfs, and moving one between drivers (driver_override), for the
 * kselftests that hand one to vfio-pci and those that decode the config
 * space (pci_test, pci_lspci).
 */
#ifndef _SWSMMU_SELFTEST_PCI_FN_UTIL_H
#define _SWSMMU_SELFTEST_PCI_FN_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs_util.h"

#define PCI_DEVS	"/sys/bus/pci/devices"
#define OUR_DRV		"swsmmu-tdev-pci"
#define OUR_VENDOR	0x5357

/* Whether the PCI function @fn (a name under PCI_DEVS) is one of ours */
static inline bool fn_is_ours(const char *fn)
{
	char path[512], buf[32];

	snprintf(path, sizeof(path), PCI_DEVS "/%s/vendor", fn);
	return read_str(path, buf, sizeof(buf)) >= 0 &&
	       strtoul(buf, NULL, 0) == OUR_VENDOR;
}

/* @len bytes of @fn's config space at @off through sysfs: bytes or -errno */
static inline int fn_cfg_io(const char *fn, unsigned int off, void *buf,
			    size_t len, bool write)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PCI_DEVS "/%.400s/config", fn);
	fd = open(path, write ? O_WRONLY : O_RDONLY);
	if (fd < 0)
		return -errno;
	n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
	if (n < 0)
		n = -errno;
	close(fd);
	return (int)n;
}

/*
 * Read @fn's config space from offset 0 through sysfs: 256 bytes, or 4096
 * where the kernel found PCIe extended config space.  Bytes read or -errno.
 */
static inline int fn_cfg_read(const char *fn, uint8_t *cfg, size_t len)
{
	return fn_cfg_io(fn, 0, cfg, len, false);
}

/* The little-endian field of @size (1 to 4) bytes at @off of @cfg */
static inline uint32_t cfg_le(const uint8_t *cfg, unsigned int off,
			      unsigned int size)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)cfg[off + i] << (8 * i);
	return v;
}

/*
 * Write @len bytes of @fn's config space at @off through sysfs, behind
 * whatever driver has the function (as root).  0 or -errno.
 */
static inline int fn_cfg_write(const char *fn, unsigned int off,
			       const void *v, size_t len)
{
	int n = fn_cfg_io(fn, off, (void *)v, len, true);

	return n == (int)len ? 0 : n < 0 ? n : -EIO;
}

/* Offset of extended capability @id in @cfg (4096 bytes), 0 if absent */
static inline unsigned int cfg_ext_cap(const uint8_t *cfg, uint16_t id)
{
	unsigned int pos = 0x100;

	for (int guard = 0; pos >= 0x100 && pos < 4096 && guard < 64; guard++) {
		uint32_t hdr = cfg_le(cfg, pos, 4);

		if (!hdr)
			break;
		if ((hdr & 0xffff) == id)
			return pos;
		pos = hdr >> 20;
	}
	return 0;
}

/* The function to use: SWSMMU_VFIO_FN, or the last of ours by name */
static inline int pick_fn(char *fn, size_t len)
{
	const char *env = getenv("SWSMMU_VFIO_FN");
	struct dirent *e;
	DIR *d;

	if (env && *env) {
		snprintf(fn, len, "%s", env);
		return 0;
	}
	d = opendir(PCI_DEVS);
	if (!d)
		return -errno;
	fn[0] = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !fn_is_ours(e->d_name))
			continue;
		if (strcmp(e->d_name, fn) > 0)
			snprintf(fn, len, "%.63s", e->d_name);
	}
	closedir(d);
	return fn[0] ? 0 : -ENODEV;
}

/* The driver bound to @fn ("" for none) */
static inline void fn_driver(const char *fn, char *drv, size_t len)
{
	char path[512], target[512];
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver", fn);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		drv[0] = 0;
		return;
	}
	target[n] = 0;
	snprintf(drv, len, "%s", basename(target));
}

/* Bind @fn to @drv through driver_override ("" gives it back to ours) */
static inline int rebind(const char *fn, const char *drv)
{
	char path[512], now[64];
	int ret;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", fn);
	ret = write_str(path, *drv ? drv : "\n");
	if (ret)
		return ret;
	fn_driver(fn, now, sizeof(now));
	if (now[0]) {
		snprintf(path, sizeof(path), PCI_DEVS "/%s/driver/unbind", fn);
		ret = write_str(path, fn);
		if (ret)
			return ret;
	}
	ret = write_str("/sys/bus/pci/drivers_probe", fn);
	if (ret)
		return ret;
	fn_driver(fn, now, sizeof(now));
	return strcmp(now, *drv ? drv : OUR_DRV) ? -ENODEV : 0;
}

#endif
