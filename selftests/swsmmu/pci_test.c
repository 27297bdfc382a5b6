// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu's PCI host bridge as lspci -vv would see it: each PCIe test
 * function's config space, read through sysfs and decoded here (the
 * guest's busybox has no lspci), its writable and read-only bits, BAR
 * sizing, the PRI Stopped bit, and the module parameters that shape the
 * bridge.
 *
 * The expected values are the PCIe specification's encodings, written out
 * here independently of the module's headers.  Expects swsmmu.ko loaded
 * with default parameters; leaves it loaded with default parameters.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "module_util.h"
#include "sysfs_util.h"
#include "pci_fn_util.h"

#define SMMU		"/sys/devices/platform/swsmmu.0"
#define DRV		"/sys/bus/pci/drivers/" OUR_DRV
#define OUR_DEVICE	0x3376
#define DEFAULT_FNS	2
#define MAX_FNS		32

/* Extended capability IDs (PCIe Base Specification, 7.6) */
#define EXT_ATS		0x000f
#define EXT_PRI		0x0013
#define EXT_PASID	0x001b

/* Capabilities, as the test reads them: offsets or 0 */
struct fn_caps {
	int exp, ats, pri, pasid, nr_ext;
};

static int find_fns(char names[][32], int max)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(PCI_DEVS);

	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.' || !fn_is_ours(e->d_name))
			continue;
		snprintf(names[n++], 32, "%.31s", e->d_name);
	}
	closedir(d);
	return n;
}

static int cfg_fd(const char *fn, int flags)
{
	char path[512];

	snprintf(path, sizeof(path), PCI_DEVS "/%s/config", fn);
	return open(path, flags);
}

static long long cfg_rd(const char *fn, unsigned int off, unsigned int size)
{
	int fd = cfg_fd(fn, O_RDONLY);
	uint32_t v = 0;

	if (fd < 0 || pread(fd, &v, size, off) != (ssize_t)size)
		v = 0xdeadbeef;
	if (fd >= 0)
		close(fd);
	return v;
}

static int cfg_wr(const char *fn, unsigned int off, unsigned int size,
		  uint32_t v)
{
	int fd = cfg_fd(fn, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pwrite(fd, &v, size, off);
	close(fd);
	return n == (ssize_t)size ? 0 : -EIO;
}

static long long le(const uint8_t *cfg, unsigned int off, unsigned int size)
{
	return cfg_le(cfg, off, size);
}

/* Walk the capability list and the extended capability list */
static void decode_caps(const uint8_t *cfg, struct fn_caps *c)
{
	unsigned int pos, hdr, guard;

	memset(c, 0, sizeof(*c));
	pos = cfg[0x34] & ~3u;
	for (guard = 0; pos && guard < 48; guard++) {
		if (cfg[pos] == 0x10)
			c->exp = (int)pos;
		pos = cfg[pos + 1] & ~3u;
	}
	pos = 0x100;
	for (guard = 0; pos >= 0x100 && pos < 4096 && guard < 64; guard++) {
		hdr = le(cfg, pos, 4);
		if (!hdr)
			break;
		c->nr_ext++;
		switch (hdr & 0xffff) {
		case EXT_ATS:
			c->ats = (int)pos;
			break;
		case EXT_PRI:
			c->pri = (int)pos;
			break;
		case EXT_PASID:
			c->pasid = (int)pos;
			break;
		}
		pos = hdr >> 20;
	}
}

static int caps_of(const char *fn, struct fn_caps *c)
{
	uint8_t cfg[4096];
	int n = fn_cfg_read(fn, cfg, sizeof(cfg));

	if (n != (int)sizeof(cfg))
		return -1;
	decode_caps(cfg, c);
	return 0;
}

/* Header, PCI Express capability, ATS, PRI, PASID of every function */
TEST(config_space_decodes)
{
	char fns[MAX_FNS][32];
	int n = find_fns(fns, MAX_FNS);

	ASSERT_EQ(DEFAULT_FNS, n);
	for (int i = 0; i < n; i++) {
		uint8_t cfg[4096];
		struct fn_caps c;
		char path[1100], buf[256];
		unsigned long long start, end, flags;
		int got;
		long long e;

		TH_LOG("%s", fns[i]);
		/* 4 KiB: the kernel found PCIe extended config space */
		ASSERT_EQ(4096, fn_cfg_read(fns[i], cfg, sizeof(cfg)));
		EXPECT_EQ(OUR_VENDOR, le(cfg, 0x00, 2));
		EXPECT_EQ(OUR_DEVICE, le(cfg, 0x02, 2));
		EXPECT_EQ(0x088000u, le(cfg, 0x09, 3));	/* class */
		EXPECT_EQ(0, cfg[0x0e] & 0x7f);		/* header type 0 */
		EXPECT_EQ(0, cfg[0x0e] & 0x80);		/* single function */
		EXPECT_EQ(0x10, le(cfg, 0x06, 2) & 0x10);	/* cap list */
		EXPECT_EQ(1, cfg[0x3d]);			/* INTA */
		/* The driver enabled memory decoding and bus mastering */
		EXPECT_EQ(0x6, le(cfg, 0x04, 2) & 0x6);

		/* BAR0: 64-bit memory, assigned, 4 KiB */
		EXPECT_EQ(0x4, le(cfg, 0x10, 4) & 0xf);
		EXPECT_NE(0, le(cfg, 0x10, 4) & ~0xfu);
		snprintf(path, sizeof(path), PCI_DEVS "/%s/resource", fns[i]);
		ASSERT_LT(0, read_str(path, buf, sizeof(buf)));
		got = sscanf(buf, "%llx %llx %llx", &start, &end, &flags);
		ASSERT_EQ(3, got);
		EXPECT_EQ(4096ull, end - start + 1);
		EXPECT_EQ((unsigned long long)(le(cfg, 0x10, 4) & ~0xfu) |
			  (unsigned long long)le(cfg, 0x14, 4) << 32, start);

		decode_caps(cfg, &c);
		/* PCI Express: version 2, Root Complex Integrated Endpoint */
		ASSERT_NE(0, c.exp);
		EXPECT_EQ(2, le(cfg, c.exp + 2, 2) & 0xf);
		EXPECT_EQ(9, (le(cfg, c.exp + 2, 2) >> 4) & 0xf);
		/* End-End TLP Prefix Supported (DEVCAP2 bit 21) */
		EXPECT_NE(0, le(cfg, c.exp + 0x24, 4) & (1u << 21));

		EXPECT_EQ(3, c.nr_ext);
		/* ATS: page-aligned requests, queue depth 0 (32) */
		ASSERT_EQ(0x100, c.ats);
		e = le(cfg, c.ats, 4);
		EXPECT_EQ(1, (e >> 16) & 0xf);		/* version */
		EXPECT_EQ(0x20, le(cfg, c.ats + 4, 2));
		/* PRI: capacity 32, PASID required in PRG responses */
		ASSERT_NE(0, c.pri);
		EXPECT_EQ(32, le(cfg, c.pri + 8, 4));
		/* PASID: Max PASID Width 5 (pci_pasid_bits), no Exec/Priv */
		ASSERT_NE(0, c.pasid);
		EXPECT_EQ(5 << 8, le(cfg, c.pasid + 4, 2));

		/*
		 * What the drivers enabled: PASID at the IOMMU probe, PRI
		 * with IOPF when the function's character device came, with
		 * the whole capacity allocated; so not Stopped.  ATS while
		 * the function is in a paging domain (pci_enable_ats() at
		 * attach, STU 4KB), not in an identity domain.
		 */
		TH_LOG("%s: ATS ctl %#llx, PRI ctl %#llx sta %#llx alloc %lld, PASID ctl %#llx",
		       fns[i], le(cfg, c.ats + 6, 2), le(cfg, c.pri + 4, 2),
		       le(cfg, c.pri + 6, 2), le(cfg, c.pri + 0xc, 4),
		       le(cfg, c.pasid + 6, 2));
		EXPECT_EQ(0x0001, le(cfg, c.pasid + 6, 2));
		EXPECT_EQ(0x0001, le(cfg, c.pri + 4, 2));
		EXPECT_EQ(0x8000, le(cfg, c.pri + 6, 2));
		EXPECT_EQ(32, le(cfg, c.pri + 0xc, 4));
		snprintf(path, sizeof(path), PCI_DEVS "/%s/iommu_group/type",
			 fns[i]);
		ASSERT_LT(0, read_str(path, buf, sizeof(buf)));
		TH_LOG("%s: domain %s", fns[i], buf);
		EXPECT_EQ(strncmp(buf, "identity", 8) ? 0x8000 : 0,
			  le(cfg, c.ats + 6, 2));
	}
}

/* Read-only bits stay, writable bits take, BARs size, PRI stops */
TEST(config_space_writes)
{
	char fns[MAX_FNS][32];
	struct fn_caps c;
	uint32_t lo, hi, v;
	const char *fn;

	ASSERT_LE(1, find_fns(fns, MAX_FNS));
	fn = fns[0];
	ASSERT_EQ(0, caps_of(fn, &c));

	/* IDs and class are read-only */
	ASSERT_EQ(0, cfg_wr(fn, 0x00, 4, 0x12345678));
	EXPECT_EQ(OUR_VENDOR | OUR_DEVICE << 16, cfg_rd(fn, 0x00, 4));
	ASSERT_EQ(0, cfg_wr(fn, 0x08, 4, 0xffffffff));
	EXPECT_EQ(0x088000u, cfg_rd(fn, 0x08, 4) >> 8);

	/* BAR sizing: all-ones reads back the size mask and the type */
	lo = cfg_rd(fn, 0x10, 4);
	hi = cfg_rd(fn, 0x14, 4);
	ASSERT_EQ(0, cfg_wr(fn, 0x10, 4, 0xffffffff));
	ASSERT_EQ(0, cfg_wr(fn, 0x14, 4, 0xffffffff));
	EXPECT_EQ(0xfffff004u, cfg_rd(fn, 0x10, 4));
	EXPECT_EQ(0xffffffffu, cfg_rd(fn, 0x14, 4));
	ASSERT_EQ(0, cfg_wr(fn, 0x10, 4, lo));
	ASSERT_EQ(0, cfg_wr(fn, 0x14, 4, hi));
	EXPECT_EQ(lo, cfg_rd(fn, 0x10, 4));
	EXPECT_EQ(hi, cfg_rd(fn, 0x14, 4));

	/* Interrupt Line is writable, Interrupt Pin is not */
	v = cfg_rd(fn, 0x3c, 2);
	ASSERT_EQ(0, cfg_wr(fn, 0x3c, 2, 0xffff));
	EXPECT_EQ(0x01ffu, cfg_rd(fn, 0x3c, 2));	/* INTA */
	ASSERT_EQ(0, cfg_wr(fn, 0x3c, 2, v));

	/* ATS Control: Enable and STU only */
	ASSERT_NE(0, c.ats);
	v = cfg_rd(fn, c.ats + 6, 2);
	ASSERT_EQ(0, cfg_wr(fn, c.ats + 6, 2, 0xffff));
	EXPECT_EQ(0x801fu, cfg_rd(fn, c.ats + 6, 2));
	ASSERT_EQ(0, cfg_wr(fn, c.ats + 6, 2, v));
	EXPECT_EQ(v, cfg_rd(fn, c.ats + 6, 2));

	/* PASID Control: Enable only (no Exec or Privileged Mode) */
	ASSERT_NE(0, c.pasid);
	v = cfg_rd(fn, c.pasid + 6, 2);
	ASSERT_EQ(0, cfg_wr(fn, c.pasid + 6, 2, 0xfffe));
	EXPECT_EQ(0u, cfg_rd(fn, c.pasid + 6, 2));
	ASSERT_EQ(0, cfg_wr(fn, c.pasid + 6, 2, 0xffff));
	EXPECT_EQ(0x0001u, cfg_rd(fn, c.pasid + 6, 2));
	ASSERT_EQ(0, cfg_wr(fn, c.pasid + 6, 2, v));
	EXPECT_EQ(v, cfg_rd(fn, c.pasid + 6, 2));

	/*
	 * Unbound, the driver has disabled PRI (IOPF goes with the character
	 * device); PASID stays enabled while the IOMMU has the function
	 */
	ASSERT_NE(0, c.pri);
	ASSERT_EQ(0, write_str(DRV "/unbind", fn));
	EXPECT_EQ(0, cfg_rd(fn, c.pri + 4, 2));
	EXPECT_EQ(0x8100, cfg_rd(fn, c.pri + 6, 2));
	EXPECT_EQ(1, cfg_rd(fn, c.pasid + 6, 2));

	/* PRI: Stopped clears on Enable, sets on disable; Alloc is RW */
	ASSERT_EQ(0, cfg_wr(fn, c.pri + 0xc, 4, 7));
	EXPECT_EQ(7u, cfg_rd(fn, c.pri + 0xc, 4));
	ASSERT_EQ(0, cfg_wr(fn, c.pri + 4, 2, 1));
	EXPECT_EQ(1u, cfg_rd(fn, c.pri + 4, 2));
	EXPECT_EQ(0, cfg_rd(fn, c.pri + 6, 2) & 0x100);
	/* A dword write of control and status: Stopped is read-only */
	ASSERT_EQ(0, cfg_wr(fn, c.pri + 4, 4, 0x01000000));
	EXPECT_EQ(0x8100u, cfg_rd(fn, c.pri + 6, 2));
	/* Reset (bit 1) is never read back; the errors stay clear */
	ASSERT_EQ(0, cfg_wr(fn, c.pri + 4, 2, 2));
	EXPECT_EQ(0u, cfg_rd(fn, c.pri + 4, 2));
	EXPECT_EQ(0x8100u, cfg_rd(fn, c.pri + 6, 2));
	ASSERT_EQ(0, cfg_wr(fn, c.pri + 0xc, 4, 0));

	/* Bound again, PRI is back on */
	ASSERT_EQ(0, write_str(DRV "/bind", fn));
	EXPECT_EQ(1, cfg_rd(fn, c.pri + 4, 2));
	EXPECT_EQ(0x8000, cfg_rd(fn, c.pri + 6, 2));
}

/* Bad parameters are refused; pci_devices and pci_caps shape the bus */
FIXTURE(cycles) {};
FIXTURE_SETUP(cycles) {}
FIXTURE_TEARDOWN(cycles) {}

/* Loads and unloads: slow under KASAN and TCG */
static void check_module_parameters(struct __test_metadata *_metadata)
{
	static const char * const bad[] = {
		"pci_devices=33",
		"pci_devices=-1",
		"pci_caps=bogus",
		"pci_caps=ats+bogus",
		"pci_caps=ats,",
		"pci_pasid_bits=0",
		"pci_pasid_bits=21",
		"pci_sid_base=2",		/* the test devices' 0-3 */
		"pci_sid_base=-2",
		"pci_sid_base=0x100000000",
		"sid_bits=8 pci_sid_base=0xf9",	/* RID 8 is 0x101 */
	};
	char fns[MAX_FNS][32];
	struct fn_caps c;
	int kmsg;

	ASSERT_EQ(0, write_str(SMMU "/remove_client", "all"));
	/* "all" took the PCI functions too: nothing pins the module */
	EXPECT_EQ(0, find_fns(fns, MAX_FNS));
	ASSERT_EQ(0, unload_module());
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, load_module(bad[i])) TH_LOG("%s", bad[i]);
		EXPECT_FALSE(module_loaded());
	}

	/* No bridge at all */
	ASSERT_EQ(0, load_module("pci_devices=0"));
	EXPECT_EQ(0, find_fns(fns, MAX_FNS));
	ASSERT_EQ(0, write_str(SMMU "/remove_client", "all"));
	ASSERT_EQ(0, unload_module());

	/* Capabilities per function; the last entry holds for the rest */
	kmsg = kmsg_open();
	ASSERT_EQ(0, load_module("pci_devices=4 pci_caps=none,ats,pri+pasid pci_sid_base=0x100"));
	EXPECT_TRUE(kmsg_has(kmsg, "4 functions, PCI domain"));
	close(kmsg);
	ASSERT_EQ(4, find_fns(fns, MAX_FNS));
	qsort(fns, 4, sizeof(fns[0]), (int (*)(const void *, const void *))strcmp);
	ASSERT_EQ(0, caps_of(fns[0], &c));
	EXPECT_EQ(0, c.nr_ext);
	ASSERT_EQ(0, caps_of(fns[1], &c));
	EXPECT_EQ(1, c.nr_ext);
	EXPECT_EQ(0x100, c.ats);
	for (int i = 2; i < 4; i++) {
		ASSERT_EQ(0, caps_of(fns[i], &c));
		EXPECT_EQ(2, c.nr_ext);
		EXPECT_EQ(0, c.ats);
		EXPECT_EQ(0x100, c.pri);
		EXPECT_NE(0, c.pasid);
	}
	ASSERT_EQ(0, write_str(SMMU "/remove_client", "all"));
	ASSERT_EQ(0, unload_module());

	ASSERT_EQ(0, load_module(""));
	EXPECT_EQ(DEFAULT_FNS, find_fns(fns, MAX_FNS));
}

/* The harness's own vfork() in TEST_F_TIMEOUT trips gcc's -Wclobbered */
#pragma GCC diagnostic ignored "-Wclobbered"
TEST_F_TIMEOUT(cycles, module_parameters, 300)
{
	check_module_parameters(_metadata);
}

TEST_HARNESS_MAIN
