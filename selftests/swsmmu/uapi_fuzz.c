// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded fuzz of the test devices' character device against removal:
 * threads open, close, bind, unbind, submit (valid and garbage
 * descriptors), wait and poll at random while another thread removes and
 * re-adds the device.  What it checks is that the kernel survives without
 * a report (the harness reads the log) and that the device works
 * afterwards (a known-answer copy).
 *
 *   uapi_fuzz [ITERATIONS [SEED]]     defaults: 3000, time-based seed
 *
 * It runs until both ITERATIONS operations and MIN_CHURNS removals are
 * done, or for MAX_SECONDS.
 *
 * Uses its own test device (StreamID 0x180); prints TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/swsmmu.h>
#include "sysfs_util.h"

#define SMMU	"/sys/devices/platform/swsmmu.0"
#define SID	"0x180"
#define PG	4096UL
#define THREADS		3
#define FDS		4
#define MIN_CHURNS	30
#define MAX_SECONDS	300

static atomic_long ops;
static atomic_long churns;
static atomic_bool stop;
static time_t deadline;
static long iterations = 3000;
static char node[64];
static char *mem;		/* 64 pages the descriptors may touch */

static int find_node(void)
{
	char buf[65536], name[64];
	unsigned int sid;
	char *line, *save;

	if (read_str(SMMU "/clients", buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%63s %x", name, &sid) == 2 && sid == 0x180) {
			snprintf(node, sizeof(node), "/dev/swsmmu-tdev%s",
				 strchr(name, '.') + 1);
			return 0;
		}
	return -1;
}

static uint64_t rnd(unsigned int *seed)
{
	return ((uint64_t)rand_r(seed) << 31) ^ rand_r(seed);
}

/* An address: inside mem mostly, else something hostile */
static uint64_t rnd_addr(unsigned int *seed)
{
	switch (rand_r(seed) % 8) {
	case 0:
		return 0;
	case 1:
		return rnd(seed) << 16;
	case 2:
		return (uintptr_t)mem + 64 * PG - (rand_r(seed) % 64);
	default:
		return (uintptr_t)mem + rand_r(seed) % (60 * PG);
	}
}

static void rnd_desc(struct swsmmu_desc *d, unsigned int *seed)
{
	memset(d, 0, sizeof(*d));
	d->op = rand_r(seed) % 4;
	d->dst = rnd_addr(seed);
	d->src = d->op == SWSMMU_OP_FILL ? 0 : rnd_addr(seed);
	d->len = rand_r(seed) % 3 ? 1 + rand_r(seed) % (4 * PG) : rnd(seed);
	if (d->op == SWSMMU_OP_FILL)
		d->pattern = rnd(seed);
	if (rand_r(seed) % 4 == 0) {
		d->flags = SWSMMU_DESC_COMPLETION;
		d->completion = rnd_addr(seed) & ~7ULL;
	}
	if (rand_r(seed) % 16 == 0)
		d->flags = rnd(seed);
}

static void one_op(int *fds, unsigned int *seed)
{
	static const unsigned long cmds[] = {
		SWSMMU_IOC_INFO, SWSMMU_IOC_BIND, SWSMMU_IOC_UNBIND,
		SWSMMU_IOC_SUBMIT, SWSMMU_IOC_WAIT, SWSMMU_IOC_STATS,
	};
	union {
		struct swsmmu_info info;
		struct swsmmu_bind bind;
		struct swsmmu_submit sub;
		struct swsmmu_wait wait;
		struct swsmmu_fault_stats st;
		char raw[64];
	} a;
	struct swsmmu_desc d[8];
	int i = rand_r(seed) % FDS, fd = fds[i], n;
	struct pollfd p;
	unsigned long cmd;

	if (fd < 0 || rand_r(seed) % 16 == 0) {
		if (fd >= 0)
			close(fd);
		fds[i] = open(node, O_RDWR);
		return;
	}
	memset(&a, 0, sizeof(a));
	cmd = rand_r(seed) % 32 ? cmds[rand_r(seed) % 6] : rnd(seed);
	switch (cmd) {
	case SWSMMU_IOC_SUBMIT:
		n = 1 + rand_r(seed) % 8;
		for (int j = 0; j < n; j++)
			rnd_desc(&d[j], seed);
		a.sub.descs = rand_r(seed) % 8 ? (uintptr_t)d : rnd_addr(seed);
		a.sub.count = rand_r(seed) % 8 ? n : rand_r(seed);
		break;
	case SWSMMU_IOC_WAIT:
		a.wait.seq = rand_r(seed) % 40;
		a.wait.timeout_ms = rand_r(seed) % 50;
		break;
	default:
		if (rand_r(seed) % 8 == 0)
			for (unsigned int j = 0; j < sizeof(a.raw); j++)
				a.raw[j] = rand_r(seed);
		break;
	}
	if (rand_r(seed) % 8 == 0) {
		p.fd = fd;
		p.events = POLLIN;
		poll(&p, 1, rand_r(seed) % 10);
	} else {
		ioctl(fd, cmd, rand_r(seed) % 16 ? (void *)&a :
			       (void *)(uintptr_t)rnd_addr(seed));
	}
}

static void *fuzz_thread(void *arg)
{
	unsigned int seed = (uintptr_t)arg;
	int fds[FDS];

	for (int i = 0; i < FDS; i++)
		fds[i] = -1;
	while (!atomic_load(&stop) && time(NULL) < deadline &&
	       (atomic_fetch_add(&ops, 1) < iterations ||
		atomic_load(&churns) < MIN_CHURNS))
		one_op(fds, &seed);
	for (int i = 0; i < FDS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return NULL;
}

static void *churn_thread(void *arg)
{
	unsigned int seed = (uintptr_t)arg;

	while (!atomic_load(&stop)) {
		usleep(1000 * (rand_r(&seed) % 20));
		write_str(SMMU "/remove_client", SID);
		write_str(SMMU "/add_client", SID);
		atomic_fetch_add(&churns, 1);
	}
	return NULL;
}

/* After the storm: bind and copy a known pattern through the device */
static int known_answer(void)
{
	struct swsmmu_desc d = { .op = SWSMMU_OP_FILL, .len = PG,
				 .pattern = 0x0123456789abcdefULL };
	struct swsmmu_bind b = { 0 };
	struct swsmmu_submit s = { .count = 1 };
	struct swsmmu_wait w = { .timeout_ms = 30000 };
	uint64_t *p = (uint64_t *)(mem + 63 * PG);
	int fd = open(node, O_RDWR), ret = -1;

	if (fd < 0)
		return -1;
	d.dst = (uintptr_t)p;
	s.descs = (uintptr_t)&d;
	if (!ioctl(fd, SWSMMU_IOC_BIND, &b) && !ioctl(fd, SWSMMU_IOC_SUBMIT, &s)) {
		w.seq = s.seq;
		if (!ioctl(fd, SWSMMU_IOC_WAIT, &w) && w.completed == 1 &&
		    p[0] == 0x0123456789abcdefULL && p[511] == p[0])
			ret = 0;
	}
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned int seed = argc > 2 ? strtoul(argv[2], NULL, 0) :
			    (unsigned int)time(NULL);
	pthread_t t[THREADS], churn;
	int fail = 0;

	if (argc > 1)
		iterations = strtol(argv[1], NULL, 0);
	printf("TAP version 13\n1..2\n# seed %u, %ld operations\n", seed,
	       iterations);
	mem = mmap(NULL, 64 * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	write_str(SMMU "/remove_client", SID);
	if (mem == MAP_FAILED || write_str(SMMU "/add_client", SID) ||
	    find_node()) {
		printf("not ok 1 set-up: %s\n", strerror(errno));
		return 1;
	}
	/* Read-only and unmapped holes for the descriptors to hit */
	mprotect(mem + 8 * PG, PG, PROT_READ);
	munmap(mem + 16 * PG, PG);

	deadline = time(NULL) + MAX_SECONDS;
	pthread_create(&churn, NULL, churn_thread, (void *)(uintptr_t)(seed + 99));
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, fuzz_thread,
			       (void *)(uintptr_t)(seed + i));
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	atomic_store(&stop, true);
	pthread_join(churn, NULL);
	printf("ok 1 %ld operations with %ld removals racing them\n",
	       atomic_load(&ops) - THREADS, atomic_load(&churns));

	/* the churn may have left it removed: make sure it is there */
	if (find_node()) {
		write_str(SMMU "/add_client", SID);
		find_node();
	}
	if (known_answer()) {
		printf("not ok 2 the device works after the fuzz\n");
		fail = 1;
	} else {
		printf("ok 2 the device works after the fuzz\n");
	}
	write_str(SMMU "/remove_client", SID);
	return fail;
}
