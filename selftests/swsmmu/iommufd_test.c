// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty tracking through iommufd on a PCIe test function (issue 15): the
 * function is bound to vfio-pci and opened as /dev/vfio/devices/vfioN,
 * bound to an iommufd (VFIO_DEVICE_BIND_IOMMUFD), attached to a HWPT
 * allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING over an IOAS that maps a
 * buffer; with tracking enabled, the function's doorbell
 * (include/uapi/swsmmu/pci_tdev.h) writes known pages, and
 * IOMMU_HWPT_GET_DIRTY_BITMAP must report exactly those, then nothing
 * after the clear; a read by the device dirties nothing; NO_CLEAR reports
 * without clearing.
 *
 * Needs /dev/iommu (the debug kernel; on the stock kernel, which has no
 * iommufd, every case is SKIP), vfio-pci with VFIO_DEVICE_CDEV, swsmmu.ko
 * with features=+hd (IDR0.HTTU 2; otherwise the allocation is EOPNOTSUPP
 * and the case SKIPs) and iommufd.allow_unsafe_interrupts=1 on x86 without
 * interrupt remapping.  SWSMMU_VFIO_FN names the function, default the
 * last of ours.  The function goes back to swsmmu-tdev-pci at the end.
 *
 * The uapi of 6.12 is declared here where the build host's headers (6.1)
 * lack it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/types.h>
#include <linux/vfio.h>
#include <swsmmu/pci_tdev.h>

#include "kselftest_harness.h"
#include "sysfs_util.h"
#include "pci_fn_util.h"

/* <linux/iommufd.h> and <linux/vfio.h> of 6.12, what this test uses */
#define IOMMUFD_TYPE				(';')
#define IOMMU_IOAS_ALLOC			_IO(IOMMUFD_TYPE, 0x81)
#define IOMMU_IOAS_MAP				_IO(IOMMUFD_TYPE, 0x85)
#define IOMMU_HWPT_ALLOC			_IO(IOMMUFD_TYPE, 0x89)
#define IOMMU_HWPT_SET_DIRTY_TRACKING		_IO(IOMMUFD_TYPE, 0x8b)
#define IOMMU_HWPT_GET_DIRTY_BITMAP		_IO(IOMMUFD_TYPE, 0x8c)
#define IOMMU_FAULT_QUEUE_ALLOC			_IO(IOMMUFD_TYPE, 0x8e)
#define IOMMU_DESTROY				_IO(IOMMUFD_TYPE, 0x80)
#define IOMMU_HWPT_FAULT_ID_VALID		0x4
#define IOMMU_PGFAULT_FLAGS_PASID_VALID		0x1U
#define IOMMU_PGFAULT_FLAGS_LAST_PAGE		0x2U
#define IOMMU_PGFAULT_PERM_READ			0x1U
#define IOMMU_PGFAULT_PERM_WRITE		0x2U
#define IOMMUFD_PAGE_RESP_SUCCESS		0
#define IOMMUFD_PAGE_RESP_INVALID		1
#define IOMMU_IOAS_MAP_FIXED_IOVA		0x1
#define IOMMU_IOAS_MAP_WRITEABLE		0x2
#define IOMMU_IOAS_MAP_READABLE			0x4
#define IOMMU_HWPT_ALLOC_DIRTY_TRACKING		0x2
#define IOMMU_HWPT_DIRTY_TRACKING_ENABLE	1
#define IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR	1
#ifndef VFIO_DEVICE_BIND_IOMMUFD
#define VFIO_DEVICE_BIND_IOMMUFD		_IO(VFIO_TYPE, VFIO_BASE + 18)
#define VFIO_DEVICE_ATTACH_IOMMUFD_PT		_IO(VFIO_TYPE, VFIO_BASE + 19)
#endif

struct iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};

struct iommu_ioas_map {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__u32 __reserved;
	__aligned_u64 user_va;
	__aligned_u64 length;
	__aligned_u64 iova;
};

struct iommu_hwpt_alloc {
	__u32 size;
	__u32 flags;
	__u32 dev_id;
	__u32 pt_id;
	__u32 out_hwpt_id;
	__u32 __reserved;
	__u32 data_type;
	__u32 data_len;
	__aligned_u64 data_uptr;
	__u32 fault_id;
	__u32 __reserved2;
};

struct iommu_hwpt_set_dirty_tracking {
	__u32 size;
	__u32 flags;
	__u32 hwpt_id;
	__u32 __reserved;
};

struct iommu_hwpt_get_dirty_bitmap {
	__u32 size;
	__u32 hwpt_id;
	__u32 flags;
	__u32 __reserved;
	__aligned_u64 iova;
	__aligned_u64 length;
	__aligned_u64 page_size;
	__aligned_u64 data;
};

struct iommu_fault_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_fault_id;
	__u32 out_fault_fd;
};

struct iommu_hwpt_pgfault {
	__u32 flags;
	__u32 dev_id;
	__u32 pasid;
	__u32 grpid;
	__u32 perm;
	__u32 __reserved;
	__aligned_u64 addr;
	__u32 length;
	__u32 cookie;
};

struct iommu_hwpt_page_response {
	__u32 cookie;
	__u32 code;
};

struct iommu_destroy {
	__u32 size;
	__u32 id;
};

struct vfio_device_bind_iommufd_612 {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};

struct vfio_device_attach_iommufd_pt_612 {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
};

#define IOVA		0x40000000ULL
#define NPAGES		16

/* The vfio cdev of @fn: /dev/vfio/devices/vfioN from its vfio-dev dir */
static int fn_cdev(const char *fn, char *dev, size_t len)
{
	char path[512];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/vfio-dev", fn);
	d = opendir(path);
	if (!d)
		return -errno;
	dev[0] = 0;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "vfio", 4))
			snprintf(dev, len, "/dev/vfio/devices/%.32s", e->d_name);
	closedir(d);
	return dev[0] ? 0 : -ENOENT;
}

FIXTURE(iommufd) {
	char fn[64];
	int iommufd, device;
	uint32_t devid, ioas, hwpt;
	uint64_t cfg;	/* offset of the config region in @device */
	uint8_t *buf;	/* NPAGES pages, mapped at IOVA */
	long page;
	uint64_t *bitmap;
	uint32_t fault_id;	/* of the last fault_queue() */
};

static uint32_t reg_rd(struct _test_data_iommufd *self, unsigned int reg)
{
	uint32_t v = 0xdeadbeef;

	if (pread(self->device, &v, 4, self->cfg + SWSMMU_PCI_REGS_OFFSET +
		  reg) != 4)
		return 0xdeadbeef;
	return v;
}

static int reg_wr(struct _test_data_iommufd *self, unsigned int reg, uint32_t v)
{
	return pwrite(self->device, &v, 4, self->cfg + SWSMMU_PCI_REGS_OFFSET +
		      reg) == 4 ? 0 : -errno;
}

/* Program and ring a command, do not wait for it */
static void ring(struct _test_data_iommufd *self, uint32_t op, uint64_t src,
		 uint64_t dst, uint32_t len)
{
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
}

/* Wait for the command rung last; STATUS at the end (0: timeout) */
static uint32_t wait_cmd(struct _test_data_iommufd *self)
{
	struct timespec ts = { 0, 100000 };
	uint32_t st;

	for (int i = 0; i < 50000; i++) {	/* 5 s */
		st = reg_rd(self, SWSMMU_PCI_REG_STATUS);
		if (st != 0xdeadbeef && (st & SWSMMU_PCI_STATUS_DONE))
			return st;
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* Program and ring a command, wait for it; STATUS at the end (0: timeout) */
static uint32_t run_cmd(struct _test_data_iommufd *self, uint32_t op,
			uint64_t src, uint64_t dst, uint32_t len)
{
	ring(self, op, src, dst, len);
	return wait_cmd(self);
}

/* The device fills @len bytes of page @pg at @off with @byte */
static uint32_t fill(struct _test_data_iommufd *self, unsigned int pg,
		     unsigned int off, uint32_t len, uint8_t byte)
{
	return run_cmd(self, SWSMMU_PCI_OP_FILL |
		       byte << SWSMMU_PCI_OP_FILL_SHIFT, 0,
		       IOVA + pg * self->page + off, len);
}

/* The dirty pages of the whole buffer as a mask (bit n: page n), or -errno */
static long long dirty(struct _test_data_iommufd *self, uint32_t flags)
{
	struct iommu_hwpt_get_dirty_bitmap get = {
		.size = sizeof(get),
		.hwpt_id = self->hwpt,
		.flags = flags,
		.iova = IOVA,
		.length = NPAGES * self->page,
		.page_size = self->page,
		.data = (uintptr_t)self->bitmap,
	};

	self->bitmap[0] = 0;
	if (ioctl(self->iommufd, IOMMU_HWPT_GET_DIRTY_BITMAP, &get))
		return -errno;
	return (long long)(self->bitmap[0] & ((1ULL << NPAGES) - 1));
}

static int tracking(struct _test_data_iommufd *self, bool on)
{
	struct iommu_hwpt_set_dirty_tracking set = {
		.size = sizeof(set),
		.flags = on ? IOMMU_HWPT_DIRTY_TRACKING_ENABLE : 0,
		.hwpt_id = self->hwpt,
	};

	return ioctl(self->iommufd, IOMMU_HWPT_SET_DIRTY_TRACKING, &set) ?
	       -errno : 0;
}

FIXTURE_SETUP(iommufd)
{
	struct vfio_region_info reg = {
		.argsz = sizeof(reg),
		.index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	struct vfio_device_bind_iommufd_612 bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt_612 attach = {
		.argsz = sizeof(attach),
	};
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct iommu_hwpt_alloc hwpt = {
		.size = sizeof(hwpt),
		.flags = IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
	};
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.iova = IOVA,
	};
	char cdev[96];
	uint16_t cmd;

	self->iommufd = -1;
	self->device = -1;
	self->fn[0] = 0;
	self->page = sysconf(_SC_PAGESIZE);
	self->iommufd = open("/dev/iommu", O_RDWR);
	if (self->iommufd < 0 && errno == ENOENT)
		SKIP(return, "no /dev/iommu: this kernel has no iommufd");
	ASSERT_GE(self->iommufd, 0);
	ASSERT_EQ(0, pick_fn(self->fn, sizeof(self->fn)));
	TH_LOG("function %s", self->fn);
	ASSERT_EQ(0, rebind(self->fn, "vfio-pci")) TH_LOG("bind to vfio-pci");
	ASSERT_EQ(0, fn_cdev(self->fn, cdev, sizeof(cdev)))
		TH_LOG("no vfio-dev: VFIO_DEVICE_CDEV?");
	self->device = open(cdev, O_RDWR);
	ASSERT_GE(self->device, 0) TH_LOG("%s: %s", cdev, strerror(errno));

	bind.iommufd = self->iommufd;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		TH_LOG("VFIO_DEVICE_BIND_IOMMUFD: %s (allow_unsafe_interrupts?)",
		       strerror(errno));
	self->devid = bind.out_devid;
	ASSERT_EQ(0, ioctl(self->iommufd, IOMMU_IOAS_ALLOC, &ioas));
	self->ioas = ioas.out_ioas_id;

	hwpt.dev_id = self->devid;
	hwpt.pt_id = self->ioas;
	if (ioctl(self->iommufd, IOMMU_HWPT_ALLOC, &hwpt) && errno == EOPNOTSUPP)
		SKIP(return, "no dirty tracking (swsmmu.ko features=+hd?)");
	self->hwpt = hwpt.out_hwpt_id;
	ASSERT_NE(0U, self->hwpt);
	attach.pt_id = self->hwpt;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT,
			   &attach)) TH_LOG("attach: %s", strerror(errno));

	self->buf = mmap(NULL, NPAGES * self->page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	memset(self->buf, 0, NPAGES * self->page);
	map.ioas_id = self->ioas;
	map.user_va = (uintptr_t)self->buf;
	map.length = NPAGES * self->page;
	ASSERT_EQ(0, ioctl(self->iommufd, IOMMU_IOAS_MAP, &map))
		TH_LOG("IOMMU_IOAS_MAP: %s", strerror(errno));
	self->bitmap = calloc(1, 4096);
	ASSERT_NE(NULL, self->bitmap);

	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &reg));
	self->cfg = reg.offset;
	ASSERT_EQ(SWSMMU_PCI_REGS_ID, reg_rd(self, SWSMMU_PCI_REG_ID));
	/* vfio-pci leaves Bus Master to the user */
	ASSERT_EQ(2, pread(self->device, &cmd, 2, self->cfg + PCI_COMMAND));
	cmd |= PCI_COMMAND_MASTER;
	ASSERT_EQ(2, pwrite(self->device, &cmd, 2, self->cfg + PCI_COMMAND));
}

FIXTURE_TEARDOWN(iommufd)
{
	char drv[64];

	if (self->device >= 0)
		close(self->device);
	if (self->iommufd >= 0)
		close(self->iommufd);
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, NPAGES * self->page);
	free(self->bitmap);
	if (!self->fn[0])
		return;
	EXPECT_EQ(0, rebind(self->fn, ""));
	fn_driver(self->fn, drv, sizeof(drv));
	EXPECT_STREQ(OUR_DRV, drv);
}

/* Exactly the pages the device wrote, then nothing after the clear */
TEST_F(iommufd, dirty_bitmap)
{
	ASSERT_EQ(0, tracking(self, true));
	/* Enabling clears: nothing was written since */
	EXPECT_EQ(0, dirty(self, 0));

	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE, fill(self, 1, 100, 200, 0xa1));
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE, fill(self, 5, 0, 8, 0xa5));
	/* Across a page boundary: pages 9 and 10 */
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  fill(self, 9, self->page - 16, 32, 0xa9));
	/* A read dirties nothing */
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE,
		  run_cmd(self, SWSMMU_PCI_OP_READ, IOVA + 12 * self->page, 0,
			  self->page));
	EXPECT_EQ(0xa1, self->buf[self->page + 100]);
	EXPECT_EQ(0xa9, self->buf[10 * self->page + 15]);
	EXPECT_EQ((1 << 1) | (1 << 5) | (1 << 9) | (1 << 10), dirty(self, 0));
	EXPECT_EQ(0, dirty(self, 0));

	/* The same pages written again are dirty again */
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE, fill(self, 5, 64, 8, 0xb5));
	EXPECT_EQ(1 << 5, dirty(self, 0));
	EXPECT_EQ(0, dirty(self, 0));
	EXPECT_EQ(0, tracking(self, false));
}

/* NO_CLEAR reports and leaves the state; the next read clears it */
TEST_F(iommufd, no_clear)
{
	ASSERT_EQ(0, tracking(self, true));
	EXPECT_EQ(0, dirty(self, 0));
	ASSERT_EQ(SWSMMU_PCI_STATUS_DONE, fill(self, 3, 0, 1, 0x33));
	EXPECT_EQ(1 << 3, dirty(self, IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR));
	EXPECT_EQ(1 << 3, dirty(self, IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR));
	EXPECT_EQ(1 << 3, dirty(self, 0));
	EXPECT_EQ(0, dirty(self, 0));
	EXPECT_EQ(0, tracking(self, false));
}

/* A response to a page fault: bytes written, or -errno */
static ssize_t respond(int fd, uint32_t cookie, uint32_t code)
{
	struct iommu_hwpt_page_response r = { .cookie = cookie, .code = code };
	ssize_t n = write(fd, &r, sizeof(r));

	return n < 0 ? -errno : n;
}

/* The next fault from @fd within 5 s: 0, or -errno (-ETIMEDOUT) */
static int read_fault(int fd, struct iommu_hwpt_pgfault *f)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, 5000) != 1)
		return -ETIMEDOUT;
	n = read(fd, f, sizeof(*f));
	if (n < 0)
		return -errno;
	return n == sizeof(*f) ? 0 : -EIO;
}

static int fault_queue(struct _test_data_iommufd *self)
{
	struct iommu_fault_alloc alloc = { .size = sizeof(alloc) };

	if (ioctl(self->iommufd, IOMMU_FAULT_QUEUE_ALLOC, &alloc))
		return -errno;
	self->fault_id = alloc.out_fault_id;
	return alloc.out_fault_fd;
}

/*
 * The fault queue's own checks, which need no fault: an empty queue reads
 * nothing, a read of less than one fault, an unknown cookie and a code
 * that is neither SUCCESS nor INVALID are refused
 */
TEST_F(iommufd, fault_queue)
{
	struct iommu_hwpt_pgfault f;
	int fd;

	fd = fault_queue(self);
	ASSERT_GE(fd, 0) TH_LOG("IOMMU_FAULT_QUEUE_ALLOC: %s", strerror(-fd));
	EXPECT_NE(0U, self->fault_id);
	EXPECT_EQ(0, read(fd, &f, sizeof(f)));
	EXPECT_EQ(-1, read(fd, &f, sizeof(f) - 1));
	EXPECT_EQ(ESPIPE, errno);
	EXPECT_EQ(-EINVAL, respond(fd, 12345, IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(-EINVAL, respond(fd, 1, 7));
	/* In use by nobody: it goes */
	close(fd);
	EXPECT_EQ(0, ioctl(self->iommufd, IOMMU_DESTROY,
			   &(struct iommu_destroy){ sizeof(struct iommu_destroy),
						    self->fault_id }));
}

#define FIOVA	(IOVA + 0x100000ULL)

/* The function's FAULT register says a translation fault at @addr */
static void expect_failed(struct __test_metadata *_metadata,
			  struct _test_data_iommufd *self, uint64_t addr)
{
	EXPECT_EQ(SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR,
		  wait_cmd(self));
	EXPECT_EQ(SWSMMU_PCI_ERR_FAULT << SWSMMU_PCI_FAULT_ERR_SHIFT | 0x10 |
		  SWSMMU_PCI_FAULT_WRITE, reg_rd(self, SWSMMU_PCI_REG_FAULT));
	EXPECT_EQ((uint32_t)addr, reg_rd(self, SWSMMU_PCI_REG_FAULT_ADDR_LO));
}

/*
 * A paging HWPT with a fault queue: the device's write at an unmapped IOVA
 * is read from the queue, the page mapped, the answer written, and the
 * write completes; Invalid fails it; a bad cookie is refused; the HWPT
 * replaced with a fault outstanding fails the access (iommufd answers).
 *
 * Linux 6.12 takes a fault ID only for a nested HWPT
 * (iommufd_hwpt_paging_alloc() refuses IOMMU_HWPT_FAULT_ID_VALID with
 * EOPNOTSUPP): SKIP there.  The driver's side of it runs in KUnit
 * (swsmmu-iopf) on every kernel.
 */
TEST_F(iommufd, fault_paging_hwpt)
{
	struct vfio_device_attach_iommufd_pt_612 attach = {
		.argsz = sizeof(attach),
	};
	struct iommu_hwpt_alloc hwpt = {
		.size = sizeof(hwpt),
		.flags = IOMMU_HWPT_FAULT_ID_VALID,
		.dev_id = self->devid,
		.pt_id = self->ioas,
	};
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = self->ioas,
		.iova = FIOVA,
	};
	struct iommu_hwpt_pgfault f;
	uint32_t cookie;
	uint8_t *page;
	int fd;

	fd = fault_queue(self);
	ASSERT_GE(fd, 0);
	hwpt.fault_id = self->fault_id;
	if (ioctl(self->iommufd, IOMMU_HWPT_ALLOC, &hwpt) && errno == EOPNOTSUPP) {
		close(fd);
		SKIP(return, "no fault ID on a paging HWPT (6.12: nested only)");
	}
	ASSERT_NE(0U, hwpt.out_hwpt_id) TH_LOG("%s", strerror(errno));
	attach.pt_id = hwpt.out_hwpt_id;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		TH_LOG("attach: %s", strerror(errno));
	page = mmap(NULL, self->page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	memset(page, 0, self->page);

	/* Success: the write waits, then lands in the page mapped meanwhile */
	ring(self, SWSMMU_PCI_OP_FILL | 0x5c << SWSMMU_PCI_OP_FILL_SHIFT, 0,
	     FIOVA + 0x80, 0x100);
	ASSERT_EQ(0, read_fault(fd, &f));
	EXPECT_EQ(IOMMU_PGFAULT_FLAGS_LAST_PAGE, f.flags);
	EXPECT_EQ(self->devid, f.dev_id);
	EXPECT_EQ(0U, f.pasid);
	EXPECT_EQ(IOMMU_PGFAULT_PERM_WRITE, f.perm);
	EXPECT_EQ(FIOVA, f.addr);
	EXPECT_EQ(SWSMMU_PCI_STATUS_BUSY, reg_rd(self, SWSMMU_PCI_REG_STATUS));
	map.user_va = (uintptr_t)page;
	map.length = self->page;
	ASSERT_EQ(0, ioctl(self->iommufd, IOMMU_IOAS_MAP, &map));
	EXPECT_EQ(8, respond(fd, f.cookie, IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(SWSMMU_PCI_STATUS_DONE, wait_cmd(self));
	EXPECT_EQ(0x5c, page[0x80]);
	EXPECT_EQ(0x5c, page[0x17f]);
	EXPECT_EQ(0, page[0x7f]);
	EXPECT_EQ(0, page[0x180]);
	/* The cookie is used up */
	EXPECT_EQ(-EINVAL, respond(fd, f.cookie, IOMMUFD_PAGE_RESP_SUCCESS));

	/* Invalid: the write fails with the translation fault */
	ring(self, SWSMMU_PCI_OP_FILL, 0, FIOVA + 2 * self->page + 8, 8);
	ASSERT_EQ(0, read_fault(fd, &f));
	EXPECT_EQ(FIOVA + 2 * self->page, f.addr);
	EXPECT_EQ(8, respond(fd, f.cookie, IOMMUFD_PAGE_RESP_INVALID));
	expect_failed(_metadata, self, FIOVA + 2 * self->page + 8);

	/* Outstanding when the HWPT is replaced: iommufd answers Invalid */
	ring(self, SWSMMU_PCI_OP_FILL, 0, FIOVA + 3 * self->page, 8);
	ASSERT_EQ(0, read_fault(fd, &f));
	cookie = f.cookie;
	attach.pt_id = self->hwpt;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach));
	expect_failed(_metadata, self, FIOVA + 3 * self->page);
	EXPECT_EQ(-EINVAL, respond(fd, cookie, IOMMUFD_PAGE_RESP_SUCCESS));
	close(fd);
	EXPECT_EQ(0, ioctl(self->iommufd, IOMMU_DESTROY,
			   &(struct iommu_destroy){ sizeof(struct iommu_destroy),
						    hwpt.out_hwpt_id }));
	munmap(page, self->page);
}

TEST_HARNESS_MAIN
