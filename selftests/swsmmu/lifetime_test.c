// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu object lifetimes under removal and concurrency: the character
 * device of a test device against remove_client, driver unbind/rebind,
 * close, and concurrent waiters.  Each test reproduces a crash or leak the
 * earlier lifetimes had (use-after-free of the cdev on close after removal
 * or open racing removal, removal missing a closing file with faults in
 * flight, waiters freeing each other's batch, a driver unbind leaving a
 * PASID attached) and checks the behaviour that replaced it; the kernel
 * log check of the harness (KASAN, lockdep, WARN, kmemleak) is the other
 * half of each test.
 *
 * Works on test devices of its own (StreamIDs from 0x100), created and
 * removed through /sys/devices/platform/swsmmu.0; expects swsmmu.ko loaded
 * with test devices that have PASIDs, and root.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/swsmmu.h>

#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wclobbered"

#include "kselftest_harness.h"
#include "sysfs_util.h"

#define SMMU		"/sys/devices/platform/swsmmu.0"
#define TDEV_DRV	"/sys/bus/platform/drivers/swsmmu-tdev"
#define DRV_COUNTERS	"/sys/kernel/debug/swsmmu/swsmmu.0/driver/counters"
#define PG		4096UL
#define SID		0x100

static int client_add(unsigned int sid)
{
	char s[32];

	snprintf(s, sizeof(s), "%#x", sid);
	return write_str(SMMU "/add_client", s);
}

static int client_remove(unsigned int sid)
{
	char s[32];

	snprintf(s, sizeof(s), "%#x", sid);
	return write_str(SMMU "/remove_client", s);
}

/* The platform device name ("swsmmu-tdev.N") of the client with @sid */
static int client_name(unsigned int sid, char *name, size_t len)
{
	static char buf[65536];
	char *line, *save, n[64];
	unsigned int s;

	if (read_str(SMMU "/clients", buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%63s %x", n, &s) == 2 && s == sid) {
			snprintf(name, len, "%s", n);
			return 0;
		}
	}
	return -1;
}

/* /dev/swsmmu-tdevN of the platform device swsmmu-tdev.N */
static void node_of(const char *name, char *node, size_t len)
{
	snprintf(node, len, "/dev/swsmmu-tdev%s", strchr(name, '.') + 1);
}

static long counter(const char *file, const char *name)
{
	static char buf[8192];
	char *p;

	if (read_str(file, buf, sizeof(buf)) < 0)
		return -1;
	for (p = strtok(buf, "\n"); p; p = strtok(NULL, "\n")) {
		size_t l = strlen(name);

		if (!strncmp(p, name, l) && p[l] == ' ')
			return atol(p + l + 1);
	}
	return -1;
}

static int bind_fd(int fd)
{
	struct swsmmu_bind b = { 0 };

	return ioctl(fd, SWSMMU_IOC_BIND, &b) ? -errno : 0;
}

static int submit(int fd, struct swsmmu_desc *d, unsigned int n, uint64_t *seq)
{
	struct swsmmu_submit s = { .descs = (uintptr_t)d, .count = n };

	if (ioctl(fd, SWSMMU_IOC_SUBMIT, &s))
		return -errno;
	*seq = s.seq;
	return 0;
}

static int wait_seq(int fd, uint64_t seq, unsigned int ms,
		    struct swsmmu_wait *out)
{
	struct swsmmu_wait w = { .seq = seq, .timeout_ms = ms };
	int ret = ioctl(fd, SWSMMU_IOC_WAIT, &w) ? -errno : 0;

	if (out)
		*out = w;
	return ret;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct swsmmu_desc desc_fill(void *dst, uint64_t pat, size_t len)
{
	return (struct swsmmu_desc){ .op = SWSMMU_OP_FILL,
		.dst = (uintptr_t)dst, .pattern = pat, .len = len };
}

/* A test device of our own, its name and /dev node */
FIXTURE(client) {
	char name[64];
	char node[64];
	bool sva;
};

FIXTURE_SETUP(client)
{
	struct swsmmu_info info = { 0 };
	int fd;

	client_remove(SID);
	ASSERT_EQ(0, client_add(SID));
	ASSERT_EQ(0, client_name(SID, self->name, sizeof(self->name)));
	node_of(self->name, self->node, sizeof(self->node));
	fd = open(self->node, O_RDWR);
	ASSERT_GE(fd, 0) TH_LOG("%s: %s", self->node, strerror(errno));
	ASSERT_EQ(0, ioctl(fd, SWSMMU_IOC_INFO, &info));
	close(fd);
	self->sva = info.flags & SWSMMU_INFO_SVA;
	if (!self->sva)
		SKIP(return, "test devices have no SVA");
}

FIXTURE_TEARDOWN(client)
{
	client_remove(SID);
}

/* 1: the file outlives its device; every call then fails with -ENODEV */
TEST_F_TIMEOUT(client, close_after_remove, 600)
{
	struct swsmmu_info info;
	int i, fd;

	for (i = 0; i < 20; i++) {
		if (i) {
			ASSERT_EQ(0, client_add(SID));
			ASSERT_EQ(0, client_name(SID, self->name,
						 sizeof(self->name)));
			node_of(self->name, self->node, sizeof(self->node));
		}
		fd = open(self->node, O_RDWR);
		ASSERT_GE(fd, 0);
		if (i & 1)
			ASSERT_EQ(0, bind_fd(fd));
		ASSERT_EQ(0, client_remove(SID));
		EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_INFO, &info));
		EXPECT_EQ(ENODEV, errno);
		EXPECT_EQ(-ENODEV, bind_fd(fd));
		EXPECT_EQ(-ENODEV, wait_seq(fd, 1, 0, NULL));
		EXPECT_EQ(-1, ioctl(fd, SWSMMU_IOC_UNBIND));
		EXPECT_EQ(ENODEV, errno);
		close(fd);
		/* the node went with the device */
		EXPECT_EQ(-1, open(self->node, O_RDWR));
	}
}

struct opener {
	const char *node;
	atomic_bool stop;
	atomic_long opened;
};

static void *open_loop(void *arg)
{
	struct opener *o = arg;
	struct swsmmu_info info;
	int fd;

	while (!atomic_load(&o->stop)) {
		fd = open(o->node, O_RDWR);
		if (fd < 0)
			continue;
		atomic_fetch_add(&o->opened, 1);
		ioctl(fd, SWSMMU_IOC_INFO, &info);
		close(fd);
	}
	return NULL;
}

/* 2: open() racing removal, 100 times */
TEST_F_TIMEOUT(client, open_vs_remove, 600)
{
	struct opener o = { .node = self->node };
	pthread_t t[2];
	int i;

	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, open_loop, &o));
	for (i = 0; i < 100; i++) {
		usleep(1000 * (i % 5));
		ASSERT_EQ(0, client_remove(SID));
		ASSERT_EQ(0, client_add(SID));
		/* the ida hands out the same number: the node reappears */
		ASSERT_EQ(0, client_name(SID, self->name, sizeof(self->name)));
	}
	atomic_store(&o.stop, true);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	EXPECT_GT(atomic_load(&o.opened), 0);
}

struct closer {
	int fd;
	unsigned int delay_us;
};

static void *close_later(void *arg)
{
	struct closer *c = arg;

	usleep(c->delay_us);
	close(c->fd);
	return NULL;
}

/*
 * 3: close() with a batch still faulting, racing removal.  Removal must
 * see the closing file and wait for its bond to go before it disables
 * page faults and lets the device go.
 */
TEST_F_TIMEOUT(client, close_with_faults_vs_remove, 600)
{
	size_t len = 4 << 20;
	struct swsmmu_desc d[4];
	struct closer c;
	pthread_t t;
	uint64_t seq = 0;
	char *buf;
	int i, j;

	for (i = 0; i < 10; i++) {
		if (i) {
			ASSERT_EQ(0, client_add(SID));
			ASSERT_EQ(0, client_name(SID, self->name,
						 sizeof(self->name)));
			node_of(self->name, self->node, sizeof(self->node));
		}
		buf = mmap(NULL, 4 * len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, buf);
		c.fd = open(self->node, O_RDWR);
		ASSERT_GE(c.fd, 0);
		ASSERT_EQ(0, bind_fd(c.fd));
		/* untouched pages: every one is a page request */
		for (j = 0; j < 4; j++)
			d[j] = desc_fill(buf + j * len, j, len);
		ASSERT_EQ(0, submit(c.fd, d, 4, &seq));
		c.delay_us = 1000 * (i % 4);
		ASSERT_EQ(0, pthread_create(&t, NULL, close_later, &c));
		usleep(1000 * ((i + 2) % 4));
		ASSERT_EQ(0, client_remove(SID));
		pthread_join(t, NULL);
		munmap(buf, 4 * len);
	}
}

struct waiter {
	int fd;
	uint64_t seq;
	int ret;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->ret = wait_seq(w->fd, w->seq, 20000, NULL);
	return NULL;
}

/* 4: four waiters on one batch, 300 times: one gets it, the others -ENOENT */
TEST_F_TIMEOUT(client, concurrent_waits, 600)
{
	struct waiter w[4];
	struct swsmmu_desc d;
	pthread_t t[4];
	int i, j, fd, won, lost;
	char *buf;

	buf = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	fd = open(self->node, O_RDWR);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, bind_fd(fd));
	for (i = 0; i < 300; i++) {
		/* new pages every time a while: page requests keep it slow */
		if (i % 20 == 0)
			madvise(buf, 16 * PG, MADV_DONTNEED);
		d = desc_fill(buf, (i & 0xff) * 0x0101010101010101ULL, 16 * PG);
		for (j = 0; j < 4; j++)
			w[j].fd = fd;
		ASSERT_EQ(0, submit(fd, &d, 1, &w[0].seq));
		for (j = 0; j < 4; j++) {
			w[j].seq = w[0].seq;
			ASSERT_EQ(0, pthread_create(&t[j], NULL, wait_thread,
						    &w[j]));
		}
		won = 0;
		lost = 0;
		for (j = 0; j < 4; j++) {
			pthread_join(t[j], NULL);
			won += w[j].ret == 0;
			lost += w[j].ret == -ENOENT;
		}
		ASSERT_EQ(1, won) TH_LOG("round %d: %d %d %d %d", i, w[0].ret,
					 w[1].ret, w[2].ret, w[3].ret);
		ASSERT_EQ(3, lost);
		ASSERT_EQ(i & 0xff, (uint8_t)buf[16 * PG - 1]);
	}
	close(fd);
	munmap(buf, 16 * PG);
}

/* 6: a WAIT that revocation interrupts says -ENODEV, promptly */
TEST_F_TIMEOUT(client, wait_interrupted_by_removal, 600)
{
	struct swsmmu_desc d[64];
	struct waiter w;
	size_t len = 16 << 20;
	double t0, took;
	pthread_t t;
	char *buf;
	int i;

	/* 64 x 16 MiB of untouched memory: many minutes of page requests */
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	w.fd = open(self->node, O_RDWR);
	ASSERT_GE(w.fd, 0);
	ASSERT_EQ(0, bind_fd(w.fd));
	for (i = 0; i < 64; i++)
		d[i] = desc_fill(buf, i, len);
	ASSERT_EQ(0, submit(w.fd, d, 64, &w.seq));
	ASSERT_EQ(0, pthread_create(&t, NULL, wait_thread, &w));
	usleep(200 * 1000);
	t0 = now();
	ASSERT_EQ(0, client_remove(SID));
	took = now() - t0;
	pthread_join(t, NULL);
	EXPECT_EQ(-ENODEV, w.ret);
	/* revocation stops the batch at its next page, not at its end */
	EXPECT_LT(took, 10.0) TH_LOG("removal took %.1f s", took);
	close(w.fd);
	munmap(buf, len);
}

/* 6: results belong to the bound process, not to a child sharing the fd */
TEST_F_TIMEOUT(client, forked_child_cannot_wait, 600)
{
	struct swsmmu_desc d;
	uint64_t seq = 0;
	int fd, status;
	pid_t pid;
	char *buf;

	buf = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	fd = open(self->node, O_RDWR);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, bind_fd(fd));
	d = desc_fill(buf, 0x5a5a5a5a5a5a5a5aULL, PG);
	ASSERT_EQ(0, submit(fd, &d, 1, &seq));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(wait_seq(fd, seq, 5000, NULL) == -EPERM ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* and the owner still gets its result */
	EXPECT_EQ(0, wait_seq(fd, seq, 20000, NULL));
	EXPECT_EQ(0x5a, buf[PG - 1]);
	close(fd);
	munmap(buf, PG);
}

struct uffd_submit {
	int fd;
	void *arg;
	int ret;
};

static void *submit_blocked(void *arg)
{
	struct uffd_submit *u = arg;

	u->ret = ioctl(u->fd, SWSMMU_IOC_SUBMIT, u->arg) ? -errno : 0;
	return NULL;
}

/*
 * 6: an ioctl argument that never arrives (userfaultfd) must not hold
 * anything removal needs: removal completes while the ioctl is stuck.
 */
TEST_F_TIMEOUT(client, stuck_argument_does_not_block_removal, 600)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	struct uffdio_zeropage zero = { 0 };
	struct uffd_submit u;
	double t0, took;
	pthread_t t;
	char *page;
	int uffd;

	uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		SKIP(return, "no userfaultfd: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	page = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	reg.range.start = (uintptr_t)page;
	reg.range.len = PG;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));

	u.fd = open(self->node, O_RDWR);
	ASSERT_GE(u.fd, 0);
	ASSERT_EQ(0, bind_fd(u.fd));
	u.arg = page;		/* struct swsmmu_submit in a missing page */
	ASSERT_EQ(0, pthread_create(&t, NULL, submit_blocked, &u));
	usleep(200 * 1000);
	t0 = now();
	ASSERT_EQ(0, client_remove(SID));
	took = now() - t0;
	EXPECT_LT(took, 5.0) TH_LOG("removal took %.1f s", took);

	/* let the ioctl go: a zeroed argument, then a revoked file */
	zero.range.start = (uintptr_t)page;
	zero.range.len = PG;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_ZEROPAGE, &zero));
	pthread_join(t, NULL);
	EXPECT_TRUE(u.ret == -EINVAL || u.ret == -ENODEV) TH_LOG("%d", u.ret);
	close(u.fd);
	close(uffd);
	munmap(page, PG);
}

static int group_type(const char *name, const char *type)
{
	char path[256], link[256], *g;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/platform/devices/%s/iommu_group",
		 name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = 0;
	g = strrchr(link, '/') + 1;
	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%s/type", g);
	return write_str(path, type);
}

/*
 * 5: unbinding the test-device driver while a process holds a bond
 * revokes the file and unbinds the PASID first, so the IOMMU core lets the
 * group go: rebinding works, the group's type can change, the device can
 * be removed.
 */
TEST_F_TIMEOUT(client, driver_unbind_with_bond, 600)
{
	struct swsmmu_desc d;
	uint64_t seq = 0;
	char *buf;
	int fd, i;

	buf = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	for (i = 0; i < 3; i++) {
		fd = open(self->node, O_RDWR);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, bind_fd(fd));
		d = desc_fill(buf, 0x10 + i, PG);
		ASSERT_EQ(0, submit(fd, &d, 1, &seq));
		ASSERT_EQ(0, wait_seq(fd, seq, 20000, NULL));
		EXPECT_EQ(0x10 + i, buf[0]);

		ASSERT_EQ(0, write_str(TDEV_DRV "/unbind", self->name));
		EXPECT_EQ(-ENODEV, bind_fd(fd));
		EXPECT_EQ(-1, open(self->node, O_RDWR));
		/* the group is free: its default domain can change */
		EXPECT_EQ(0, group_type(self->name, i & 1 ? "DMA" : "identity"));
		ASSERT_EQ(0, write_str(TDEV_DRV "/bind", self->name));
		close(fd);
	}
	/* rebound: a new node that binds and works */
	fd = open(self->node, O_RDWR);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, bind_fd(fd));
	d = desc_fill(buf, 0x77, PG);
	ASSERT_EQ(0, submit(fd, &d, 1, &seq));
	ASSERT_EQ(0, wait_seq(fd, seq, 20000, NULL));
	EXPECT_EQ(0x77, buf[0]);
	ASSERT_EQ(0, client_remove(SID));
	close(fd);
	munmap(buf, PG);
}

/* 8: mirror tables of regions the device touched go with the regions */
TEST_F_TIMEOUT(client, mirror_tables_freed_on_unmap, 600)
{
	long base, peak, after;
	struct swsmmu_desc d;
	uint64_t seq = 0;
	char *hint, *p;
	int fd, i;

	if (counter(DRV_COUNTERS, "sva_table_pages") < 0)
		SKIP(return, "no debugfs counters");
	fd = open(self->node, O_RDWR);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, bind_fd(fd));
	base = counter(DRV_COUNTERS, "sva_table_pages");
	peak = base;
	/* a new 1 GiB-aligned region each time: new level-2 and -3 tables */
	hint = (char *)(64UL << 30);
	for (i = 0; i < 200; i++, hint += 1UL << 30) {
		p = mmap(hint, PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
		ASSERT_EQ(hint, p);
		d = desc_fill(p, i, PG);
		ASSERT_EQ(0, submit(fd, &d, 1, &seq));
		ASSERT_EQ(0, wait_seq(fd, seq, 20000, NULL));
		if (i == 0)
			peak = counter(DRV_COUNTERS, "sva_table_pages");
		ASSERT_EQ(0, munmap(p, PG));
	}
	after = counter(DRV_COUNTERS, "sva_table_pages");
	/* the counter sees the tables a touch adds... */
	EXPECT_GE(peak, base + 2) TH_LOG("base %ld peak %ld", base, peak);
	/* ...and they are gone with the mappings, not 400 pages later */
	EXPECT_LE(after, base + 1) TH_LOG("base %ld after %ld", base, after);
	close(fd);
}

TEST_HARNESS_MAIN
