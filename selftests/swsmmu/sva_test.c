// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu SVA from user space: a test device's character device binds the
 * process (PASID) and executes descriptors on its virtual addresses, with
 * pages faulted in through PRI page requests.
 *
 * Expects swsmmu.ko loaded with default parameters (test devices with
 * PASIDs), devtmpfs on /dev, and root.  SWSMMU_TDEV=/dev/... picks the
 * device (a PCIe function's, say); by default the first swsmmu-tdevN.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/swsmmu.h>

/* The harness compares mixed signedness in every EXPECT_EQ(0, u32) */
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wclobbered"

#include "kselftest_harness.h"

#define PG	4096UL

/* $SWSMMU_TDEV (a PCIe function's /dev/swsmmu-pciN, say), else the first test device */
static int open_tdev(void)
{
	const char *env = getenv("SWSMMU_TDEV");
	struct dirent *de;
	char path[300];
	DIR *d;
	int fd = -1;

	if (env)
		return open(env, O_RDWR);
	d = opendir("/dev");
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "swsmmu-tdev", 11))
			continue;
		snprintf(path, sizeof(path), "/dev/%s", de->d_name);
		fd = open(path, O_RDWR);
		break;
	}
	closedir(d);
	return fd;
}

static int bind(int fd, unsigned int *pasid)
{
	struct swsmmu_bind b = { 0 };
	int ret = ioctl(fd, SWSMMU_IOC_BIND, &b);

	if (!ret && pasid)
		*pasid = b.pasid;
	return ret ? -errno : 0;
}

/* Submit @n descriptors and wait; fills @w; returns 0 or -errno */
static int run(int fd, struct swsmmu_desc *d, unsigned int n,
	       struct swsmmu_wait *w)
{
	struct swsmmu_submit s = { .descs = (uintptr_t)d, .count = n };

	if (ioctl(fd, SWSMMU_IOC_SUBMIT, &s))
		return -errno;
	memset(w, 0, sizeof(*w));
	w->seq = s.seq;
	w->timeout_ms = 60000;
	return ioctl(fd, SWSMMU_IOC_WAIT, w) ? -errno : 0;
}

static struct swsmmu_desc desc_copy(void *dst, const void *src, size_t len)
{
	return (struct swsmmu_desc){ .op = SWSMMU_OP_MEMCPY,
		.src = (uintptr_t)src, .dst = (uintptr_t)dst, .len = len };
}

static struct swsmmu_desc desc_fill(void *dst, uint64_t pat, size_t len)
{
	return (struct swsmmu_desc){ .op = SWSMMU_OP_FILL,
		.dst = (uintptr_t)dst, .pattern = pat, .len = len };
}

static void *map_anon(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

FIXTURE(sva) {
	int fd;
	unsigned int pasid;
	bool stall;
};

FIXTURE_SETUP(sva)
{
	struct swsmmu_info info = { 0 };

	self->fd = open_tdev();
	ASSERT_GE(self->fd, 0) TH_LOG("no /dev/swsmmu-tdev*: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(self->fd, SWSMMU_IOC_INFO, &info));
	if (!(info.flags & SWSMMU_INFO_SVA))
		SKIP(return, "the test device has no SVA");
	self->stall = info.flags & SWSMMU_INFO_STALL;
	TH_LOG("faults resolved by %s", self->stall ? "stalls (CMD_RESUME)" :
						     "PRI page requests");
	ASSERT_EQ(0, bind(self->fd, &self->pasid));
	ASSERT_GT(self->pasid, 0);
}

FIXTURE_TEARDOWN(sva)
{
	close(self->fd);
}

/* Untouched source and destination: faults on both sides */
TEST_F(sva, copy_untouched)
{
	size_t len = 16 * PG + 100;
	uint8_t *a = map_anon(len, PROT_READ | PROT_WRITE);
	uint8_t *b = map_anon(len, PROT_READ | PROT_WRITE);
	uint8_t *c = map_anon(len, PROT_READ | PROT_WRITE);
	struct swsmmu_fault_stats st = { 0 };
	struct swsmmu_desc d[2];
	struct swsmmu_wait w;
	size_t i;

	ASSERT_TRUE(a && b && c);
	/* The device fills a (never touched), then copies a into b */
	d[0] = desc_fill(a, 0x0807060504030201ULL, len);
	d[1] = desc_copy(b, a, len);
	ASSERT_EQ(0, run(self->fd, d, 2, &w));
	EXPECT_EQ(2, w.completed);
	EXPECT_EQ(0, w.failed);
	for (i = 0; i < len; i++)
		if (b[i] != (i & 7) + 1)
			break;
	EXPECT_EQ(len, i);
	/* Reading an untouched buffer reads zeroes */
	d[0] = desc_copy(a, c, len);
	ASSERT_EQ(0, run(self->fd, d, 1, &w));
	EXPECT_EQ(1, w.completed);
	EXPECT_EQ(0, a[0]);
	EXPECT_EQ(0, a[len - 1]);
	ASSERT_EQ(0, ioctl(self->fd, SWSMMU_IOC_STATS, &st));
	/* at least one page request or stall per page of a and b */
	if (self->stall) {
		EXPECT_EQ(0, st.page_requests);
		EXPECT_GE(st.stalls, 2 * 17);
		EXPECT_EQ(st.stalls, st.responses_ok);
	} else {
		EXPECT_EQ(0, st.stalls);
		EXPECT_GE(st.page_requests, 2 * 17);
		EXPECT_EQ(st.page_requests, st.responses_ok);
	}
	EXPECT_EQ(0, st.responses_fail);
	EXPECT_EQ(3, st.descs_done);
}

TEST_F(sva, completion_and_compare)
{
	uint8_t *a = map_anon(4 * PG, PROT_READ | PROT_WRITE);
	struct swsmmu_completion *c = map_anon(PG, PROT_READ | PROT_WRITE);
	struct swsmmu_desc d;
	struct swsmmu_wait w;

	ASSERT_TRUE(a && c);
	memset(a, 0x11, 4 * PG);
	a[2 * PG + 5] = 0x12;
	d = (struct swsmmu_desc){ .op = SWSMMU_OP_COMPARE,
		.flags = SWSMMU_DESC_COMPLETION, .src = (uintptr_t)a,
		.dst = (uintptr_t)(a + 2 * PG), .len = 2 * PG,
		.completion = (uintptr_t)c };
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(SWSMMU_STATUS_SUCCESS, c->status);
	EXPECT_EQ(1, c->result);
	EXPECT_EQ(5, c->bytes);
	a[5] = 0x12;
	memset(c, 0, sizeof(*c));
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(SWSMMU_STATUS_SUCCESS, c->status);
	EXPECT_EQ(0, c->result);
	EXPECT_EQ(2 * PG, c->bytes);
}

TEST_F(sva, read_only_source_and_destination)
{
	uint8_t *ro = map_anon(2 * PG, PROT_READ | PROT_WRITE);
	uint8_t *rw = map_anon(2 * PG, PROT_READ | PROT_WRITE);
	struct swsmmu_completion *c = map_anon(PG, PROT_READ | PROT_WRITE);
	struct swsmmu_desc d;
	struct swsmmu_wait w;

	ASSERT_TRUE(ro && rw && c);
	memset(ro, 0x5a, 2 * PG);
	ASSERT_EQ(0, mprotect(ro, 2 * PG, PROT_READ));
	/* Read-only source: fine */
	d = desc_copy(rw, ro, 2 * PG);
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(1, w.completed);
	EXPECT_EQ(0x5a, rw[2 * PG - 1]);
	/* Read-only destination: fails, nothing written */
	memset(rw, 0x33, 2 * PG);
	d = desc_copy(ro, rw, 2 * PG);
	d.flags = SWSMMU_DESC_COMPLETION;
	d.completion = (uintptr_t)c;
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(0, w.completed);
	EXPECT_EQ(1, w.failed);
	EXPECT_EQ(-EFAULT, w.error);
	EXPECT_EQ(SWSMMU_STATUS_FAULT, c->status);
	EXPECT_EQ((uintptr_t)ro, c->fault_addr);
	EXPECT_EQ(0x5a, ro[0]);
	EXPECT_EQ(0x5a, ro[2 * PG - 1]);
}

/* After munmap returns the device faults; a new mapping is seen anew */
TEST_F(sva, munmap_coherence)
{
	uint8_t *a = map_anon(PG, PROT_READ | PROT_WRITE);
	uint8_t *b = map_anon(PG, PROT_READ | PROT_WRITE);
	struct swsmmu_desc d;
	struct swsmmu_wait w;

	ASSERT_TRUE(a && b);
	d = desc_fill(a, 0x4141414141414141ULL, PG);
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(1, w.completed);
	EXPECT_EQ(0x41, a[100]);
	ASSERT_EQ(0, munmap(a, PG));
	d = desc_copy(b, a, PG);
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(1, w.failed);
	EXPECT_EQ(-EFAULT, w.error);
	/* Same address, new page */
	ASSERT_EQ(a, mmap(a, PG, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	memset(a, 0x77, PG);
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(1, w.completed);
	EXPECT_EQ(0x77, b[0]);
	EXPECT_EQ(0x77, b[PG - 1]);
	/* madvise(DONTNEED): the device sees the fresh zero page */
	ASSERT_EQ(0, madvise(a, PG, MADV_DONTNEED));
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(1, w.completed);
	EXPECT_EQ(0, b[0]);
	/* mprotect: no more device writes */
	ASSERT_EQ(0, mprotect(a, PG, PROT_READ));
	d = desc_fill(a, 1, PG);
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(1, w.failed);
	EXPECT_EQ(0, a[0]);
}

/* munmap in the middle of a submitted batch: later descriptors fail */
TEST_F(sva, munmap_mid_batch)
{
	size_t len = 64 * PG;
	uint8_t *a = map_anon(len, PROT_READ | PROT_WRITE);
	uint8_t *b = map_anon(len, PROT_READ | PROT_WRITE);
	struct swsmmu_submit s;
	struct swsmmu_desc d[32];
	struct swsmmu_wait w = { 0 };
	int i;

	ASSERT_TRUE(a && b);
	memset(a, 3, len);
	for (i = 0; i < 32; i++)
		d[i] = desc_copy(b, a, len);
	s = (struct swsmmu_submit){ .descs = (uintptr_t)d, .count = 32 };
	ASSERT_EQ(0, ioctl(self->fd, SWSMMU_IOC_SUBMIT, &s));
	usleep(1000);
	ASSERT_EQ(0, munmap(a, len));
	w.seq = s.seq;
	w.timeout_ms = 120000;
	ASSERT_EQ(0, ioctl(self->fd, SWSMMU_IOC_WAIT, &w));
	EXPECT_EQ(32, w.completed + w.failed);
	/* Once unmapped, every later descriptor faults */
	if (w.failed) {
		EXPECT_EQ(-EFAULT, w.error);
		EXPECT_EQ(32 - w.first_failed, w.failed);
	}
}

/* The child of a fork cannot use the parent's PASID */
TEST_F(sva, fork_child_no_access)
{
	uint8_t *a = map_anon(PG, PROT_READ | PROT_WRITE);
	struct swsmmu_desc d;
	struct swsmmu_wait w;
	int status;
	pid_t pid;

	ASSERT_NE(NULL, a);
	memset(a, 1, PG);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		struct swsmmu_submit s;
		unsigned int pasid = 0;
		int fd2;

		d = desc_fill(a, 0x2222222222222222ULL, PG);
		s = (struct swsmmu_submit){ .descs = (uintptr_t)&d, .count = 1 };
		/* The inherited file is bound to the parent */
		if (ioctl(self->fd, SWSMMU_IOC_SUBMIT, &s) != -1 || errno != EPERM)
			_exit(1);
		if (ioctl(self->fd, SWSMMU_IOC_UNBIND) != -1 || errno != EPERM)
			_exit(2);
		/* Its own bond reaches its own copy only */
		fd2 = open_tdev();
		if (fd2 < 0 || bind(fd2, &pasid) || pasid == self->pasid)
			_exit(3);
		if (run(fd2, &d, 1, &w) || w.completed != 1 || a[0] != 0x22)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(1, a[0]);
	/* And the parent's COW'd pages are its own again */
	d = desc_fill(a, 0x3333333333333333ULL, PG);
	ASSERT_EQ(0, run(self->fd, &d, 1, &w));
	EXPECT_EQ(1, w.completed);
	EXPECT_EQ(0x33, a[0]);
}

TEST_F(sva, huge_pages)
{
	size_t len = 4UL << 20;
	uint8_t *raw = map_anon(2 * len, PROT_READ | PROT_WRITE), *a, *b;
	struct swsmmu_desc d[2];
	struct swsmmu_wait w;
	size_t i;

	ASSERT_NE(NULL, raw);
	a = (uint8_t *)(((uintptr_t)raw + (2UL << 20) - 1) & ~((2UL << 20) - 1));
	b = a + (2UL << 20);
	madvise(a, 2UL << 20, MADV_HUGEPAGE);
	memset(a, 0x9c, 2UL << 20);
	d[0] = desc_copy(b, a, 2UL << 20);
	d[1] = desc_fill(a + 12345, 0x0101010101010101ULL, 1000);
	ASSERT_EQ(0, run(self->fd, d, 2, &w));
	EXPECT_EQ(2, w.completed);
	for (i = 0; i < (2UL << 20); i += 4093)
		if (b[i] != 0x9c)
			break;
	EXPECT_GE(i, 2UL << 20);
	EXPECT_EQ(1, a[12345]);
	EXPECT_EQ(0x9c, a[12344]);
	EXPECT_EQ(0x9c, a[12345 + 1000]);
}

struct thr {
	int fd;
	int ok;
};

static void *thr_fn(void *arg)
{
	struct thr *t = arg;
	uint8_t *a = map_anon(4 * PG, PROT_READ | PROT_WRITE);
	struct swsmmu_desc d;
	struct swsmmu_wait w;
	int i, busy = 0;

	if (!a)
		return NULL;
	for (i = 0; i < 20; i++) {
		d = desc_fill(a, i, 4 * PG);
		int ret = run(t->fd, &d, 1, &w);

		if (ret == -EAGAIN) {
			busy++;
			i--;
			usleep(1000);
			continue;
		}
		if (ret || w.completed != 1 || a[0] != i || a[4 * PG - 8] != i)
			return NULL;
	}
	t->ok = 1;
	return NULL;
}

TEST_F(sva, many_threads)
{
	pthread_t th[8];
	struct thr t[8];
	int i;

	for (i = 0; i < 8; i++) {
		t[i] = (struct thr){ .fd = self->fd };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, thr_fn, &t[i]));
	}
	for (i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(1, t[i].ok);
	}
}

TEST(many_processes)
{
	struct swsmmu_info info = { 0 };
	int fd = open_tdev(), bound = 0, enospc = 0, i, n;
	int pipes[2], go[2];
	pid_t pids[1100];
	char c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, ioctl(fd, SWSMMU_IOC_INFO, &info));
	if (!(info.flags & SWSMMU_INFO_SVA))
		SKIP(return, "no SVA");
	close(fd);
	ASSERT_LE(info.max_pasids, 1024);
	ASSERT_EQ(0, pipe(pipes));
	ASSERT_EQ(0, pipe(go));
	/* One more than there are PASIDs (PASID 0 is never handed out) */
	n = info.max_pasids;
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (!pids[i]) {
			uint8_t *a = map_anon(PG, PROT_READ | PROT_WRITE);
			struct swsmmu_desc d = desc_fill(a, 0x5555555555555555ULL, PG);
			struct swsmmu_wait w;
			int f, ret;

			/* Only the parent may hold the "go" pipe open */
			close(go[1]);
			f = open_tdev();

			ret = f < 0 ? -ENODEV : bind(f, NULL);
			if (!ret && (run(f, &d, 1, &w) || a[0] != 0x55))
				ret = -EIO;
			c = !ret ? 'b' : ret == -ENOSPC ? 'n' : 'x';
			if (write(pipes[1], &c, 1) != 1)
				_exit(1);
			/* Stay bound until the parent has counted */
			if (read(go[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
	}
	for (i = 0; i < n; i++) {
		ASSERT_EQ(1, read(pipes[0], &c, 1));
		bound += c == 'b';
		enospc += c == 'n';
	}
	close(go[1]);
	for (i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
	/* At most max_pasids - 1 bonds, and the rest are a clean -ENOSPC */
	EXPECT_EQ(n, bound + enospc);
	EXPECT_LE(bound, n - 1);
	EXPECT_GE(enospc, 1);
	EXPECT_GE(bound, 1);
}

TEST(bad_ioctls)
{
	struct swsmmu_bind b = { .flags = 1 };
	struct swsmmu_desc d;
	struct swsmmu_submit s = { 0 };
	struct swsmmu_wait w = { .seq = 12345 };
	uint8_t *a = map_anon(PG, PROT_READ | PROT_WRITE);
	int fd = open_tdev();
	struct pollfd p = { .fd = fd, .events = POLLIN };

	ASSERT_GE(fd, 0);
	ASSERT_NE(NULL, a);
	EXPECT_EQ(-1, ioctl(fd, _IO(SWSMMU_IOC_MAGIC, 99)));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_BIND, &b));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_BIND, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	d = desc_fill(a, 1, PG);
	s.descs = (uintptr_t)&d;
	s.count = 1;
	/* Not bound */
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_SUBMIT, &s));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_UNBIND));
	EXPECT_EQ(ENOTCONN, errno);
	ASSERT_EQ(0, bind(fd, NULL));
	EXPECT_EQ(-EBUSY, bind(fd, NULL));
#define BAD(field, val) do {						\
		d = desc_fill(a, 1, PG);				\
		d.field = (val);					\
		EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_SUBMIT, &s));	\
		EXPECT_EQ(EINVAL, errno);				\
	} while (0)
	BAD(op, 0);
	BAD(op, 4);
	BAD(flags, 2);
	BAD(reserved, 1);
	BAD(len, 0);
	BAD(len, 1UL << 30);
	BAD(src, 4096);			/* FILL has no source */
	BAD(dst, ~0UL - 10);		/* wraps */
	BAD(dst, 1UL << 63);		/* kernel half */
	BAD(completion, 64);		/* without the flag */
	d = desc_fill(a, 1, PG);
	d.flags = SWSMMU_DESC_COMPLETION;
	d.completion = (uintptr_t)a + 4;	/* misaligned */
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_SUBMIT, &s));
	EXPECT_EQ(EINVAL, errno);
	d = desc_copy(a, a, PG);
	d.pattern = 1;
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_SUBMIT, &s));
	EXPECT_EQ(EINVAL, errno);
	d = desc_fill(a, 1, PG);
	s.count = 0;
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_SUBMIT, &s));
	EXPECT_EQ(EINVAL, errno);
	s.count = 65;
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_SUBMIT, &s));
	EXPECT_EQ(EINVAL, errno);
	s.count = 1;
	s.descs = 8;
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_SUBMIT, &s));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_WAIT, &w));
	EXPECT_EQ(ENOENT, errno);
	/* Nothing submitted, nothing running: poll says idle */
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_TRUE(p.revents & POLLIN);
	EXPECT_EQ(0, ioctl(fd, SWSMMU_IOC_UNBIND));
	close(fd);
}

TEST_HARNESS_MAIN
