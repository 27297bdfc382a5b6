/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the swsmmu PCIe test functions and moving one between drivers
 * (driver_override), for the kselftests that hand one to vfio-pci.
 */
#ifndef _SWSMMU_SELFTEST_PCI_FN_UTIL_H
#define _SWSMMU_SELFTEST_PCI_FN_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs_util.h"

#define PCI_DEVS	"/sys/bus/pci/devices"
#define OUR_DRV		"swsmmu-tdev-pci"
#define OUR_VENDOR	0x5357

/* The function to use: SWSMMU_VFIO_FN, or the last of ours by name */
static inline int pick_fn(char *fn, size_t len)
{
	const char *env = getenv("SWSMMU_VFIO_FN");
	char path[512], buf[32];
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
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), PCI_DEVS "/%s/vendor", e->d_name);
		if (read_str(path, buf, sizeof(buf)) < 0 ||
		    strtoul(buf, NULL, 0) != OUR_VENDOR)
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
