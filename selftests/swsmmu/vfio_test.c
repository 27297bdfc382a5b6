// SPDX-License-Identifier: GPL-2.0
/*
 * A PCIe test function handed to user space with VFIO's type1 container:
 * bound to vfio-pci through driver_override, its group set on a container
 * with VFIO_TYPE1v2_IOMMU, a buffer mapped at an IOVA with
 * VFIO_IOMMU_MAP_DMA, and the function's doorbell rung through the config
 * region of its vfio device file (include/uapi/swsmmu/pci_tdev.h): the
 * copy, fill and read land where the mapping says; after
 * VFIO_IOMMU_UNMAP_DMA the same doorbell faults, with F_TRANSLATION in the
 * function's fault register and in the SMMU's event log.  A command rung
 * with OP.IRQ signals the eventfd set with VFIO_DEVICE_SET_IRQS on the
 * INTx index, as a level interrupt that vfio-pci masks and user space
 * unmasks; one without OP.IRQ, or while masked, signals nothing.
 *
 * Expects swsmmu.ko loaded, vfio-pci and vfio_iommu_type1 present, and
 * vfio_iommu_type1.allow_unsafe_interrupts=1 (x86 without interrupt
 * remapping: Documentation/pci.rst).  SWSMMU_VFIO_FN names the function
 * (domain:bus:dev.fn); default the last of ours.  Each test gives the
 * function back to swsmmu-tdev-pci at its end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <swsmmu/pci_tdev.h>

#include "kselftest_harness.h"
#include "sysfs_util.h"
#include "pci_fn_util.h"

#define HWDBG		"/sys/kernel/debug/swsmmu/swsmmu.0"

#define IOVA		0x40000000ULL
#define NPAGES		4

static int fn_group(const char *fn)
{
	char path[512], target[512];
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/iommu_group", fn);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = 0;
	return atoi(basename(target));
}

/* A counter of a "name value" file, or -1 */
static long long counter(const char *file, const char *name)
{
	char buf[8192], *p;
	size_t len = strlen(name);

	if (read_str(file, buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ' ')
			return strtoll(p + len + 1, NULL, 0);
	return -1;
}

/* Lines of the SMMU's event log with @what and ADDR=@addr */
static int nevents(const char *what, uint64_t addr)
{
	char *buf = malloc(1 << 20), *line, *save = NULL, a[40];
	int n = 0;

	if (!buf || read_str(HWDBG "/events", buf, 1 << 20) < 0) {
		free(buf);
		return -1;
	}
	snprintf(a, sizeof(a), " ADDR=0x%llx ", (unsigned long long)addr);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		n += strstr(line, what) && strstr(line, a);
	free(buf);
	return n;
}

/* CRC-32 (IEEE 802.3, reflected), bit by bit: the known answer of READ */
static uint32_t crc32_bitwise(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0U;

	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = crc >> 1 ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

/* The first byte of @p[0..@len) that is not @c, or -1 */
static long first_not(const uint8_t *p, uint8_t c, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != c)
			return i;
	return -1;
}

FIXTURE(vfio) {
	char fn[64];
	int container, group, device;
	uint64_t cfg;	/* offset of the config region in @device */
	uint8_t *buf;	/* NPAGES pages, mapped at IOVA */
	long page;
};

static uint32_t reg_rd(struct _test_data_vfio *self, unsigned int reg)
{
	uint32_t v = 0xdeadbeef;

	if (pread(self->device, &v, 4, self->cfg + SWSMMU_PCI_REGS_OFFSET +
		  reg) != 4)
		return 0xdeadbeef;
	return v;
}

static int reg_wr(struct _test_data_vfio *self, unsigned int reg, uint32_t v)
{
	return pwrite(self->device, &v, 4, self->cfg + SWSMMU_PCI_REGS_OFFSET +
		      reg) == 4 ? 0 : -errno;
}

static int cfg_rw16(struct _test_data_vfio *self, unsigned int off,
		    uint16_t set, uint16_t clear)
{
	uint16_t v;

	if (pread(self->device, &v, 2, self->cfg + off) != 2)
		return -errno;
	v = (v | set) & ~clear;
	return pwrite(self->device, &v, 2, self->cfg + off) == 2 ? 0 : -errno;
}

/*
 * Program and ring a command, wait for it to end; STATUS at the end (0 on
 * a timeout).  DONE and ERROR are cleared (RW1C) before.
 */
static uint32_t run_cmd(struct _test_data_vfio *self, uint32_t op, uint64_t src,
			uint64_t dst, uint32_t len)
{
	struct timespec ts = { 0, 100000 };
	uint32_t st;

	reg_wr(self, SWSMMU_PCI_REG_STATUS,
	       SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR);
	reg_wr(self, SWSMMU_PCI_REG_OP, op);
	reg_wr(self, SWSMMU_PCI_REG_PASID, 0);
	reg_wr(self, SWSMMU_PCI_REG_LEN, len);
	reg_wr(self, SWSMMU_PCI_REG_SRC_LO, (uint32_t)src);
	reg_wr(self, SWSMMU_PCI_REG_SRC_HI, src >> 32);
	reg_wr(self, SWSMMU_PCI_REG_DST_LO, (uint32_t)dst);
	reg_wr(self, SWSMMU_PCI_REG_DST_HI, dst >> 32);
	reg_wr(self, SWSMMU_PCI_REG_DOORBELL, SWSMMU_PCI_DB_GO);
	for (int i = 0; i < 50000; i++) {	/* 5 s */
		st = reg_rd(self, SWSMMU_PCI_REG_STATUS);
		if (st != 0xdeadbeef && (st & SWSMMU_PCI_STATUS_DONE))
			return st;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static int map_dma(struct _test_data_vfio *self, void *va, uint64_t iova,
		   uint64_t size, uint32_t flags)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = flags,
		.vaddr = (uintptr_t)va,
		.iova = iova,
		.size = size,
	};

	return ioctl(self->container, VFIO_IOMMU_MAP_DMA, &map) ? -errno : 0;
}

/* Bytes unmapped, or -errno */
static long long unmap_dma(struct _test_data_vfio *self, uint64_t iova,
			   uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (ioctl(self->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return -errno;
	return unmap.size;
}

FIXTURE_SETUP(vfio)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_region_info reg = {
		.argsz = sizeof(reg),
		.index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	char path[64];
	int grp;

	self->container = -1;
	self->group = -1;
	self->device = -1;
	self->page = sysconf(_SC_PAGESIZE);
	ASSERT_EQ(0, pick_fn(self->fn, sizeof(self->fn)));
	TH_LOG("function %s", self->fn);
	grp = fn_group(self->fn);
	ASSERT_GE(grp, 0);
	ASSERT_EQ(0, rebind(self->fn, "vfio-pci")) TH_LOG("bind to vfio-pci");

	self->container = open("/dev/vfio/vfio", O_RDWR);
	ASSERT_GE(self->container, 0);
	ASSERT_EQ(VFIO_API_VERSION,
		  ioctl(self->container, VFIO_GET_API_VERSION));
	ASSERT_EQ(1, ioctl(self->container, VFIO_CHECK_EXTENSION,
			   VFIO_TYPE1v2_IOMMU));

	snprintf(path, sizeof(path), "/dev/vfio/%d", grp);
	self->group = open(path, O_RDWR);
	ASSERT_GE(self->group, 0) TH_LOG("%s: %s", path, strerror(errno));
	ASSERT_EQ(0, ioctl(self->group, VFIO_GROUP_GET_STATUS, &status));
	ASSERT_NE(0U, status.flags & VFIO_GROUP_FLAGS_VIABLE);
	ASSERT_EQ(0, ioctl(self->group, VFIO_GROUP_SET_CONTAINER,
			   &self->container));
	ASSERT_EQ(0, ioctl(self->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		TH_LOG("VFIO_SET_IOMMU: %s (allow_unsafe_interrupts?)",
		       strerror(errno));
	self->device = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, self->fn);
	ASSERT_GE(self->device, 0);
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &reg));
	ASSERT_GE(reg.size, 256U);
	self->cfg = reg.offset;

	self->buf = mmap(NULL, NPAGES * self->page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	memset(self->buf, 0, NPAGES * self->page);
	ASSERT_EQ(0, map_dma(self, self->buf, IOVA, NPAGES * self->page,
			     VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE));
	/* vfio-pci leaves Bus Master to the user, as to a guest */
	ASSERT_EQ(0, cfg_rw16(self, PCI_COMMAND, PCI_COMMAND_MASTER, 0));
}

FIXTURE_TEARDOWN(vfio)
{
	char drv[64];

	if (self->device >= 0)
		close(self->device);
	if (self->group >= 0)
		close(self->group);
	if (self->container >= 0)
		close(self->container);
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, NPAGES * self->page);
	/* Detached, the function goes back to its DMA-domain driver */
	EXPECT_EQ(0, rebind(self->fn, ""));
	fn_driver(self->fn, drv, sizeof(drv));
	EXPECT_STREQ(OUR_DRV, drv);
}

/* The block is the device's, passed through by vfio-pci */
TEST_F(vfio, registers)
{
	ASSERT_EQ(SWSMMU_PCI_REGS_ID, reg_rd(self, SWSMMU_PCI_REG_ID));
	/* Writable bits stick, reserved ones do not */
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_OP, 0xffffffff));
	EXPECT_EQ(SWSMMU_PCI_OP_CODE | SWSMMU_PCI_OP_SSV | SWSMMU_PCI_OP_IRQ |
		  SWSMMU_PCI_OP_FILL_BYTE, reg_rd(self, SWSMMU_PCI_REG_OP));
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_PASID, 0xffffffff));
	EXPECT_EQ(SWSMMU_PCI_PASID_MASK, reg_rd(self, SWSMMU_PCI_REG_PASID));
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_SRC_HI, 0x12345678));
	EXPECT_EQ(0x12345678U, reg_rd(self, SWSMMU_PCI_REG_SRC_HI));
	/* Read-only and write-only registers */
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_ID, 0));
	EXPECT_EQ(SWSMMU_PCI_REGS_ID, reg_rd(self, SWSMMU_PCI_REG_ID));
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_FAULT, 0xffffffff));
	EXPECT_EQ(0U, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ(0U, reg_rd(self, SWSMMU_PCI_REG_DOORBELL));
	/* A doorbell without GO starts nothing */
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_DOORBELL, 0xfffffffe));
	EXPECT_EQ(0U, reg_rd(self, SWSMMU_PCI_REG_STATUS));
	EXPECT_EQ(0U, reg_rd(self, SWSMMU_PCI_REG_COUNT));
}

/* COPY through the mapping: exactly the bytes asked for, across pages */
TEST_F(vfio, copy)
{
	uint8_t *src = self->buf, *dst = self->buf + 2 * self->page;
	uint32_t off_s = 0x10, off_d = 0x28, len = self->page + 0x321;
	uint32_t count = reg_rd(self, SWSMMU_PCI_REG_COUNT);

	for (unsigned int i = 0; i < 2 * self->page; i++)
		src[i] = i * 7 + 3;
	memset(dst, 0x5a, 2 * self->page);
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_COPY, IOVA + off_s,
			  IOVA + 2 * self->page + off_d, len));
	EXPECT_EQ(0U, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ(len, reg_rd(self, SWSMMU_PCI_REG_XFER));
	EXPECT_EQ(count + 1, reg_rd(self, SWSMMU_PCI_REG_COUNT));
	EXPECT_EQ(0, memcmp(dst + off_d, src + off_s, len));
	/* Nothing around the destination */
	EXPECT_EQ(-1, first_not(dst, 0x5a, off_d));
	EXPECT_EQ(-1, first_not(dst + off_d + len, 0x5a,
				2 * self->page - off_d - len));
}

/* FILL and READ: the byte where asked; READ's CRC a known answer */
TEST_F(vfio, fill_read)
{
	uint8_t *p = self->buf + self->page;
	uint32_t len = 3000;

	memset(self->buf, 0, NPAGES * self->page);
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_FILL |
			  0xa5 << SWSMMU_PCI_OP_FILL_SHIFT, 0,
			  IOVA + self->page + 100, len));
	for (unsigned int i = 0; i < 2 * self->page; i++) {
		ASSERT_EQ(i >= 100 && i < 100 + len ? 0xa5 : 0, (int)p[i])
			TH_LOG("byte %u", i);
	}
	for (unsigned int i = 0; i < NPAGES * self->page; i++)
		self->buf[i] = i ^ (i >> 8);
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_READ, IOVA + 1234, 0,
			  2 * self->page));
	EXPECT_EQ(crc32_bitwise(self->buf + 1234, 2 * self->page),
		  reg_rd(self, SWSMMU_PCI_REG_CRC));
	/* "123456789" is 0xcbf43926 for CRC-32: the oracle itself */
	EXPECT_EQ(0xcbf43926, crc32_bitwise((const uint8_t *)"123456789", 9));
}

/* After VFIO_IOMMU_UNMAP_DMA the same doorbell faults: F_TRANSLATION */
TEST_F(vfio, unmap_faults)
{
	uint64_t src = IOVA + 0x40, dst = IOVA + 2 * self->page;
	long long ev0 = counter(HWDBG "/counters", "events_recorded");
	int n0 = nevents("F_TRANSLATION", src), n;
	uint32_t st;

	for (unsigned int i = 0; i < self->page; i++)
		self->buf[i] = i;
	memset(self->buf + 2 * self->page, 0, self->page);
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_COPY, src, dst, 256));
	ASSERT_EQ(0, memcmp(self->buf + 0x40, self->buf + 2 * self->page, 256));

	ASSERT_EQ(NPAGES * self->page, unmap_dma(self, IOVA,
						 NPAGES * self->page));
	memset(self->buf + 2 * self->page, 0, self->page);
	st = run_cmd(self, SWSMMU_PCI_OP_COPY, src, dst, 256);
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR, st);
	EXPECT_EQ(SWSMMU_PCI_ERR_FAULT << SWSMMU_PCI_FAULT_ERR_SHIFT | 0x10,
		  reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ((uint32_t)src, reg_rd(self, SWSMMU_PCI_REG_FAULT_ADDR_LO));
	EXPECT_EQ(src >> 32, reg_rd(self, SWSMMU_PCI_REG_FAULT_ADDR_HI));
	EXPECT_EQ(0U, reg_rd(self, SWSMMU_PCI_REG_XFER));
	EXPECT_EQ(-1, first_not(self->buf + 2 * self->page, 0, 256));
	/* The SMMU recorded it (its queue publishes records a bit later) */
	for (int i = 0; i < 100; i++) {
		n = nevents("F_TRANSLATION", src);
		if (n > n0)
			break;
		usleep(10000);
	}
	EXPECT_EQ(n0 + 1, n);
	EXPECT_LT(ev0, counter(HWDBG "/counters", "events_recorded"));
	/* Unmapping what is not mapped unmaps nothing */
	EXPECT_EQ(0, unmap_dma(self, IOVA, NPAGES * self->page));
}

/* A write through a read-only mapping: F_PERMISSION, on the write */
TEST_F(vfio, read_only)
{
	uint64_t ro = IOVA + 0x100000;

	ASSERT_EQ(0, map_dma(self, self->buf + 3 * self->page, ro, self->page,
			     VFIO_DMA_MAP_FLAG_READ));
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR,
		  run_cmd(self, SWSMMU_PCI_OP_COPY, IOVA, ro + 8, 64));
	EXPECT_EQ(SWSMMU_PCI_ERR_FAULT << SWSMMU_PCI_FAULT_ERR_SHIFT |
		  SWSMMU_PCI_FAULT_WRITE | 0x13,
		  reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ((uint32_t)(ro + 8), reg_rd(self, SWSMMU_PCI_REG_FAULT_ADDR_LO));
	/* Reading it works */
	EXPECT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_COPY, ro, IOVA, 64));
}

/* What the function refuses: no Bus Master, bad commands */
TEST_F(vfio, refused)
{
	const uint32_t disabled = SWSMMU_PCI_ERR_DISABLED <<
				  SWSMMU_PCI_FAULT_ERR_SHIFT;
	const uint32_t bad = SWSMMU_PCI_ERR_BAD_CMD <<
			     SWSMMU_PCI_FAULT_ERR_SHIFT;
	const uint32_t fail = SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR;
	uint16_t ctl, zero = 0;
	unsigned int pasid;
	uint8_t cfg[4096];

	memset(self->buf, 0x11, self->page);
	memset(self->buf + self->page, 0, self->page);
	ASSERT_EQ(0, cfg_rw16(self, PCI_COMMAND, 0, PCI_COMMAND_MASTER));
	ASSERT_EQ(fail, run_cmd(self, SWSMMU_PCI_OP_COPY, IOVA,
				IOVA + self->page, 64));
	EXPECT_EQ(disabled, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ(0, self->buf[self->page]);
	ASSERT_EQ(0, cfg_rw16(self, PCI_COMMAND, PCI_COMMAND_MASTER, 0));

	/*
	 * A PASID-tagged request (OP.SSV) needs PASID Enable.  The IOMMU
	 * driver set it at probe, whatever driver has the function; clear
	 * it behind vfio-pci's back (sysfs) and the function must refuse
	 */
	ASSERT_EQ(4096, fn_cfg_read(self->fn, cfg, sizeof(cfg)));
	pasid = cfg_ext_cap(cfg, 0x1b);
	ASSERT_NE(0U, pasid) TH_LOG("no PASID capability");
	ctl = cfg_le(cfg, pasid + 6, 2);
	ASSERT_EQ(1U, ctl & 1) TH_LOG("PASID Control %#x", ctl);
	ASSERT_EQ(0, fn_cfg_write(self->fn, pasid + 6, &zero, 2));
	ASSERT_EQ(fail, run_cmd(self, SWSMMU_PCI_OP_COPY | SWSMMU_PCI_OP_SSV,
				IOVA, IOVA + self->page, 64));
	EXPECT_EQ(disabled, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ(0U, reg_rd(self, SWSMMU_PCI_REG_XFER));
	EXPECT_EQ(0, self->buf[self->page]);
	ASSERT_EQ(0, fn_cfg_write(self->fn, pasid + 6, &ctl, 2));

	ASSERT_EQ(fail, run_cmd(self, SWSMMU_PCI_OP_COPY, IOVA,
				IOVA + self->page, 0));
	EXPECT_EQ(bad, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	ASSERT_EQ(fail, run_cmd(self, SWSMMU_PCI_OP_COPY, IOVA,
				IOVA + self->page, SWSMMU_PCI_MAX_LEN + 1));
	EXPECT_EQ(bad, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	ASSERT_EQ(fail, run_cmd(self, 0, IOVA, IOVA + self->page, 64));
	EXPECT_EQ(bad, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ(0, self->buf[self->page]);
	/* And works again */
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_COPY, IOVA, IOVA + self->page,
			  64));
	EXPECT_EQ(0x11, self->buf[self->page + 63]);
}

/* The group has one owner; type1 refuses a second mapping of an IOVA */
TEST_F(vfio, owned)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/dev/vfio/%d", fn_group(self->fn));
	fd = open(path, O_RDWR);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EBUSY, errno);
	if (fd >= 0)
		close(fd);
	/* Our driver cannot take the function while vfio-pci has it */
	EXPECT_NE(0, write_str("/sys/bus/pci/drivers/" OUR_DRV "/bind",
			       self->fn));
	EXPECT_EQ(-EEXIST, map_dma(self, self->buf, IOVA, self->page,
				   VFIO_DMA_MAP_FLAG_READ));
}

/* VFIO_DEVICE_SET_IRQS on the INTx index: @flags, with @fd if >= 0 */
static int set_intx(struct _test_data_vfio *self, uint32_t flags, int fd)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} req = {
		.set = {
			.argsz = sizeof(req),
			.flags = flags,
			.index = VFIO_PCI_INTX_IRQ_INDEX,
			.start = 0,
			.count = 1,
		},
		.fd = fd,
	};

	if (fd < 0) {
		req.set.argsz = sizeof(req.set);
		if ((flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) ==
		    VFIO_IRQ_SET_ACTION_TRIGGER)
			req.set.count = 0;	/* tear the trigger down */
	}
	return ioctl(self->device, VFIO_DEVICE_SET_IRQS, &req) ? -errno : 0;
}

static int intx_unmask(struct _test_data_vfio *self)
{
	return set_intx(self, VFIO_IRQ_SET_DATA_NONE |
			VFIO_IRQ_SET_ACTION_UNMASK, -1);
}

/* Signals the eventfd got within @ms (its counter, reset), or -errno */
static long long wait_efd(int efd, int ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t v;
	int n = poll(&p, 1, ms);

	if (n < 0)
		return -errno;
	if (!n)
		return 0;
	if (read(efd, &v, sizeof(v)) != sizeof(v))
		return -errno;
	return v;
}

/*
 * Interrupts of vfio-pci's INTx handler for @fn, from /proc/interrupts
 * (all CPUs), or -1: what user space sees of interrupts its eventfd does
 * not count (the handler returns IRQ_NONE while the line is masked)
 */
static long long intx_count(const char *fn)
{
	char line[1024], name[96], *p, *end;
	long long n = -1, v;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	snprintf(name, sizeof(name), "vfio-intx(%s)", fn);
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, name))
			continue;
		p = strchr(line, ':');
		if (!p)
			break;
		n = 0;
		for (p++;; p = end) {
			v = strtoll(p, &end, 10);
			if (end == p)
				break;
			n += v;
		}
		break;
	}
	fclose(f);
	return n;
}

#define FILL_IRQ(b)	(SWSMMU_PCI_OP_FILL | SWSMMU_PCI_OP_IRQ | \
			 (b) << SWSMMU_PCI_OP_FILL_SHIFT)

/*
 * INTx through VFIO: the eventfd is signalled once per command rung with
 * OP.IRQ (vfio-pci masks the line with INTx Disable in its handler), the
 * line is a level (unmasked while DONE is still set, it interrupts
 * again), and nothing is signalled for a command without OP.IRQ or while
 * user space keeps the line masked, until it unmasks it.
 */
TEST_F(vfio, intx)
{
	struct vfio_irq_info info = {
		.argsz = sizeof(info),
		.index = VFIO_PCI_INTX_IRQ_INDEX,
	};
	const uint32_t clear = SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR;
	long long irqs;
	int efd;

	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_IRQ_INFO, &info));
	ASSERT_EQ(1U, info.count) TH_LOG("no INTx pin under vfio-pci");
	EXPECT_NE(0U, info.flags & VFIO_IRQ_INFO_EVENTFD);
	EXPECT_NE(0U, info.flags & VFIO_IRQ_INFO_MASKABLE);
	EXPECT_NE(0U, info.flags & VFIO_IRQ_INFO_AUTOMASKED);
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ASSERT_GE(efd, 0);
	ASSERT_EQ(0, set_intx(self, VFIO_IRQ_SET_DATA_EVENTFD |
			      VFIO_IRQ_SET_ACTION_TRIGGER, efd));
	EXPECT_EQ(0, wait_efd(efd, 100));

	/* A command with OP.IRQ: one signal, after the DMA landed */
	memset(self->buf, 0, self->page);
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, FILL_IRQ(0x3c), 0, IOVA + 8, 512));
	EXPECT_EQ(1, wait_efd(efd, 2000));
	EXPECT_EQ(-1, first_not(self->buf + 8, 0x3c, 512));
	EXPECT_EQ(0, self->buf[8 + 512]);
	/*
	 * Auto-masked: no second signal while DONE stays set, and no
	 * interrupt at all: INTx Disable holds the line back
	 */
	irqs = intx_count(self->fn);
	EXPECT_LT(0, irqs);
	EXPECT_EQ(0, wait_efd(efd, 300));
	EXPECT_EQ(irqs, intx_count(self->fn));
	/* A level: unmasked while still pending, it interrupts again */
	ASSERT_EQ(0, intx_unmask(self));
	EXPECT_EQ(1, wait_efd(efd, 2000));
	/* Cleared (RW1C), then unmasked: quiet */
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_STATUS, clear));
	ASSERT_EQ(0, intx_unmask(self));
	EXPECT_EQ(0, wait_efd(efd, 300));

	/* Without OP.IRQ the command ends with no signal */
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_FILL | 0x11 <<
			  SWSMMU_PCI_OP_FILL_SHIFT, 0, IOVA, 64));
	EXPECT_EQ(0, wait_efd(efd, 500));
	EXPECT_EQ(0x11, self->buf[63]);

	/* A failed command interrupts too */
	ASSERT_EQ(clear, run_cmd(self, SWSMMU_PCI_OP_IRQ, 0, IOVA, 64));
	EXPECT_EQ(1, wait_efd(efd, 2000));
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_STATUS, clear));
	ASSERT_EQ(0, intx_unmask(self));

	/* Masked by user space: held back, delivered on unmask */
	ASSERT_EQ(0, set_intx(self, VFIO_IRQ_SET_DATA_NONE |
			      VFIO_IRQ_SET_ACTION_MASK, -1));
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, FILL_IRQ(0x22), 0, IOVA, 64));
	EXPECT_EQ(0, wait_efd(efd, 500));
	ASSERT_EQ(0, intx_unmask(self));
	EXPECT_EQ(1, wait_efd(efd, 2000));
	ASSERT_EQ(0, reg_wr(self, SWSMMU_PCI_REG_STATUS, clear));
	ASSERT_EQ(0, intx_unmask(self));
	EXPECT_EQ(0, wait_efd(efd, 300));

	EXPECT_EQ(0, set_intx(self, VFIO_IRQ_SET_DATA_NONE |
			      VFIO_IRQ_SET_ACTION_TRIGGER, -1));
	close(efd);
}

TEST_HARNESS_MAIN
