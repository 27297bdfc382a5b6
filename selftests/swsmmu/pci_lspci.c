// SPDX-License-Identifier: GPL-2.0
/*
 * lspci -vv for swsmmu's PCIe test functions, where there is no lspci: the
 * guests' busybox lspci prints IDs only, and pciutils is not in them.
 * Reads each function's config space through sysfs and prints what
 * lspci -vv prints for it, in lspci's words: IDs, Control, the BAR, the
 * PCI Express capability, ATS, PRI and PASID with their control and status
 * bits, the register interface's ID, and the driver in use.  Decoded from
 * the PCIe specification's encodings, independently of the module.
 *
 *   pci_lspci [domain:bus:dev.fn...]   (default: every function of ours)
 *
 * Exits 1 if a function's config space cannot be read.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs_util.h"
#include "pci_fn_util.h"

static uint8_t cfg[4096];

static uint32_t le(unsigned int off, unsigned int size)
{
	return cfg_le(cfg, off, size);
}

static char pm(uint32_t v, uint32_t bit)
{
	return v & bit ? '+' : '-';
}

static void show_ats(unsigned int at)
{
	uint16_t cap = le(at + 4, 2), ctl = le(at + 6, 2);

	printf("\t\tATSCap:\tInvalidate Queue Depth: %02x\n", cap & 0x1f);
	printf("\t\tATSCtl:\tEnable%c, Smallest Translation Unit: %02x\n",
	       pm(ctl, 0x8000), ctl & 0x1f);
}

static void show_pri(unsigned int at)
{
	uint16_t ctl = le(at + 4, 2), sta = le(at + 6, 2);

	printf("\t\tPRICtl: Enable%c Reset%c\n", pm(ctl, 1), pm(ctl, 2));
	printf("\t\tPRISta: RF%c UPRGI%c Stopped%c PASID%c\n", pm(sta, 1),
	       pm(sta, 2), pm(sta, 0x100), pm(sta, 0x8000));
	printf("\t\tPage Request Capacity: %08x, Page Request Allocation: %08x\n",
	       le(at + 8, 4), le(at + 12, 4));
}

static void show_pasid(unsigned int at)
{
	uint16_t cap = le(at + 4, 2), ctl = le(at + 6, 2);

	printf("\t\tPASIDCap: Exec%c Priv%c, Max PASID Width: %02x\n",
	       pm(cap, 2), pm(cap, 4), (cap >> 8) & 0x1f);
	printf("\t\tPASIDCtl: Enable%c Exec%c Priv%c\n", pm(ctl, 1),
	       pm(ctl, 2), pm(ctl, 4));
}

static int show(const char *fn)
{
	char drv[512];
	unsigned int pos, n;
	uint32_t bar, hdr;
	uint64_t addr;
	ssize_t len;

	memset(cfg, 0xff, sizeof(cfg));
	len = fn_cfg_read(fn, cfg, sizeof(cfg));
	if (len < 0)
		return len;
	if (len < 64)
		return -EIO;

	printf("%s System peripheral [%04x]: Device [%04x:%04x] (rev %02x)\n",
	       fn, le(0x0a, 2), le(0, 2), le(2, 2), le(8, 1));
	printf("\tControl: I/O%c Mem%c BusMaster%c DisINTx%c\n",
	       pm(le(4, 2), 1), pm(le(4, 2), 2), pm(le(4, 2), 4),
	       pm(le(4, 2), 0x400));
	bar = le(0x10, 4);
	addr = (bar & ~0xfULL) | ((bar & 6) == 4 ? (uint64_t)le(0x14, 4) << 32 : 0);
	printf("\tRegion 0: Memory at %llx (%s, %sprefetchable)\n",
	       (unsigned long long)addr, (bar & 6) == 4 ? "64-bit" : "32-bit",
	       bar & 8 ? "" : "non-");

	/* Capabilities: the standard list, then the extended one */
	for (pos = le(0x34, 1) & ~3, n = 0; pos && n < 48;
	     pos = le(pos + 1, 1) & ~3, n++) {
		if (le(pos, 1) == 0x10)
			printf("\tCapabilities: [%x] Express (v%u) %s\n", pos,
			       le(pos + 2, 2) & 0xf,
			       ((le(pos + 2, 2) >> 4) & 0xf) == 9 ?
			       "Root Complex Integrated Endpoint" : "other");
		else
			printf("\tCapabilities: [%x] ID %02x\n", pos, le(pos, 1));
	}
	for (pos = len > 256 ? 0x100 : 0, n = 0; pos && n < 48;
	     pos = (hdr >> 20) & ~3, n++) {
		hdr = le(pos, 4);
		if (!hdr || hdr == 0xffffffff)
			break;
		switch (hdr & 0xffff) {
		case 0x0f:
			printf("\tCapabilities: [%x v%u] Address Translation Service (ATS)\n",
			       pos, (hdr >> 16) & 0xf);
			show_ats(pos);
			break;
		case 0x13:
			printf("\tCapabilities: [%x v%u] Page Request Interface (PRI)\n",
			       pos, (hdr >> 16) & 0xf);
			show_pri(pos);
			break;
		case 0x1b:
			printf("\tCapabilities: [%x v%u] Process Address Space ID (PASID)\n",
			       pos, (hdr >> 16) & 0xf);
			show_pasid(pos);
			break;
		default:
			printf("\tCapabilities: [%x v%u] Extended Capability ID %#x\n",
			       pos, (hdr >> 16) & 0xf, hdr & 0xffff);
		}
	}
	/* Not a capability: the register interface's ID register */
	printf("\tRegister interface at [c0]: ID %08x\n", le(0xc0, 4));

	fn_driver(fn, drv, sizeof(drv));
	if (drv[0])
		printf("\tKernel driver in use: %s\n", drv);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct dirent *e;
	int ret = 0;
	DIR *d;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (show(argv[i]))
				ret = 1;
		return ret;
	}
	d = opendir(PCI_DEVS);
	if (!d)
		return 1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !fn_is_ours(e->d_name))
			continue;
		if (show(e->d_name))
			ret = 1;
	}
	closedir(d);
	return ret;
}
