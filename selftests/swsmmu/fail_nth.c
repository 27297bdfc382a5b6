// SPDX-License-Identifier: GPL-2.0
/*
 * fail_nth: run one operation with the kernel's per-task fail-nth armed, so
 * that its Nth fault-injection check (a slab allocation through failslab,
 * or any should_fail() of swsmmu, such as its page allocations) fails.
 * The guest's fault_sweep step (tools/guest/init) runs it for growing N.
 *
 *   fail_nth N load MODULE.ko [PARAMS]   finit_module()
 *   fail_nth N unload NAME               delete_module()
 *   fail_nth N write FILE VALUE          one write() of VALUE to FILE
 *   fail_nth N bind DEVNODE              SWSMMU_IOC_BIND on a test device's
 *                                        character device (then unbinds)
 *
 * fail-nth is per thread and not inherited, so the operation runs in this
 * thread, and everything it needs (the file descriptor) is set up before
 * fail-nth is armed.  Prints "fired F ret R": F is 1 if the Nth check
 * happened (so the failure was injected; 0 means the operation made fewer
 * than N checks and the sweep is complete), R is 0 or the -errno the
 * operation returned.  Exit status 0, or 2 for bad usage or setup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/swsmmu.h>

#define FAIL_NTH "/proc/thread-self/fail-nth"

static int nth_fd = -1;

static void arm(unsigned long n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	if (pwrite(nth_fd, buf, len, 0) != len) {
		perror(FAIL_NTH);
		exit(2);
	}
}

/* Disarm; whether the Nth check happened */
static int disarm(void)
{
	char buf[32] = "";
	int fired;

	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) < 0) {
		perror(FAIL_NTH);
		exit(2);
	}
	fired = atoi(buf) == 0;
	if (pwrite(nth_fd, "0", 1, 0) != 1) {
		perror(FAIL_NTH);
		exit(2);
	}
	return fired;
}

static int bad_args(void)
{
	fprintf(stderr, "fail_nth N load MODULE [PARAMS] | unload NAME |\n"
			"         write FILE VALUE | bind DEVNODE\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct swsmmu_bind bind = { 0 };
	unsigned long n;
	const char *op;
	int fd, ret, fired;

	if (argc < 4)
		return bad_args();
	n = strtoul(argv[1], NULL, 0);
	op = argv[2];
	if (!n)
		return bad_args();
	nth_fd = open(FAIL_NTH, O_RDWR);
	if (nth_fd < 0) {
		perror(FAIL_NTH);
		return 2;
	}

	if (!strcmp(op, "load")) {
		fd = open(argv[3], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
		arm(n);
		ret = syscall(SYS_finit_module, fd, argc > 4 ? argv[4] : "", 0);
		ret = ret ? -errno : 0;
		fired = disarm();
		close(fd);
	} else if (!strcmp(op, "unload")) {
		arm(n);
		ret = syscall(SYS_delete_module, argv[3], O_NONBLOCK);
		ret = ret ? -errno : 0;
		fired = disarm();
	} else if (!strcmp(op, "write") && argc == 5) {
		fd = open(argv[3], O_WRONLY);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
		arm(n);
		ret = write(fd, argv[4], strlen(argv[4]));
		ret = ret < 0 ? -errno : 0;
		fired = disarm();
		close(fd);
	} else if (!strcmp(op, "bind")) {
		fd = open(argv[3], O_RDWR);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
		arm(n);
		ret = ioctl(fd, SWSMMU_IOC_BIND, &bind);
		ret = ret ? -errno : 0;
		fired = disarm();
		if (!ret)
			ioctl(fd, SWSMMU_IOC_UNBIND);
		close(fd);
	} else {
		return bad_args();
	}
	printf("fired %d ret %d\n", fired, ret);
	return 0;
}
