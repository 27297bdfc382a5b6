// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu control interface and module life cycle: the IOMMU instance and its
 * test devices in sysfs, adding and removing test devices, rejecting bad
 * input and unprivileged users, refusing rmmod while devices exist, bad
 * module parameters, and 100 load/unload cycles.
 *
 * Expects swsmmu.ko loaded with default parameters and its image at
 * /lib/swsmmu/swsmmu.ko (the test guest's layout); leaves it loaded with
 * default parameters.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "module_util.h"
#include "sysfs_util.h"

#define SMMU		"/sys/devices/platform/swsmmu.0"
#define DEFAULT_CLIENTS	4
#define DEFAULT_PCI_FUNCTIONS	2	/* pci_devices */

static int count_clients(void)
{
	char buf[65536];
	int n = 0;

	if (read_str(SMMU "/clients", buf, sizeof(buf)) < 0)
		return -1;
	for (char *p = buf; *p; p++)
		n += *p == '\n';
	return n;
}

static int client_listed(unsigned int sid, char *name, size_t len)
{
	char buf[65536], *line, *save;

	if (read_str(SMMU "/clients", buf, sizeof(buf)) < 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char n[64];
		unsigned int s;

		if (sscanf(line, "%63s %x", n, &s) == 2 && s == sid) {
			if (name)
				snprintf(name, len, "%s", n);
			return 1;
		}
	}
	return 0;
}

/* Remove every test device, then the module. */
static int teardown(void)
{
	int ret = write_str(SMMU "/remove_client", "all");

	return ret ? ret : unload_module();
}

static int group_of(const char *dev, char *group, size_t len)
{
	char path[256], link[256];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/platform/devices/%s/iommu_group",
		 dev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = 0;
	snprintf(group, len, "%s", strrchr(link, '/') + 1);
	return 0;
}

TEST(iommu_registered)
{
	char path[256];
	struct dirent *de;
	int links = 0, pci = 0;
	DIR *d;

	ASSERT_EQ(0, access("/sys/class/iommu/swsmmu.0", F_OK));
	/* The IOMMU links every device it translates: PCI functions too */
	snprintf(path, sizeof(path), "/sys/class/iommu/swsmmu.0/devices");
	d = opendir(path);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (!strncmp(de->d_name, "swsmmu-tdev.", 12))
			links++;
		else
			pci++;
	}
	closedir(d);
	EXPECT_EQ(count_clients(), links);
	EXPECT_EQ(DEFAULT_CLIENTS, links);
	EXPECT_EQ(DEFAULT_PCI_FUNCTIONS, pci);
}

TEST(control_files_root_only)
{
	static const char * const files[] = {
		"clients", "add_client", "remove_client"
	};
	struct stat st;
	char path[256];

	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), SMMU "/%s", files[i]);
		ASSERT_EQ(0, stat(path, &st));
		EXPECT_EQ(0U, st.st_mode & 0077)
			TH_LOG("%s mode %o", path, st.st_mode & 0777);
		EXPECT_EQ(0U, st.st_uid);
	}
}

TEST(unprivileged_denied)
{
	pid_t pid = fork();
	int status;

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (open(SMMU "/add_client", O_WRONLY) >= 0 || errno != EACCES)
			_exit(11);
		if (open(SMMU "/remove_client", O_WRONLY) >= 0 || errno != EACCES)
			_exit(12);
		if (open(SMMU "/clients", O_RDONLY) >= 0 || errno != EACCES)
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST(clients_in_own_groups)
{
	char buf[65536], *line, *save, group[64], path[256], type[64];
	int seen = 0;

	ASSERT_LT(0, read_str(SMMU "/clients", buf, sizeof(buf)));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		unsigned int sid, members = 0;
		struct dirent *de;
		int fields;
		DIR *d;

		fields = sscanf(line, "%63s %x", name, &sid);
		ASSERT_EQ(2, fields);
		ASSERT_EQ(0, group_of(name, group, sizeof(group)));
		snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%s/type",
			 group);
		ASSERT_LT(0, read_str(path, type, sizeof(type)));
		/* The IOMMU core's choice: a DMA domain, strict or lazy */
		EXPECT_TRUE(!strcmp(type, "DMA\n") || !strcmp(type, "DMA-FQ\n"))
			TH_LOG("%s: default domain type %s", name, type);
		snprintf(path, sizeof(path),
			 "/sys/kernel/iommu_groups/%s/devices", group);
		d = opendir(path);
		ASSERT_NE(NULL, d);
		while ((de = readdir(d)))
			members += de->d_name[0] != '.';
		closedir(d);
		EXPECT_EQ(1U, members);
		seen++;
	}
	EXPECT_EQ(DEFAULT_CLIENTS, seen);
}

TEST(add_and_remove_client)
{
	char name[64], group[64];
	int before = count_clients();

	ASSERT_EQ(0, write_str(SMMU "/add_client", "0x1234"));
	EXPECT_EQ(before + 1, count_clients());
	ASSERT_TRUE(client_listed(0x1234, name, sizeof(name)));
	EXPECT_EQ(0, group_of(name, group, sizeof(group)));

	ASSERT_EQ(0, write_str(SMMU "/remove_client", "0x1234"));
	EXPECT_EQ(before, count_clients());
	EXPECT_FALSE(client_listed(0x1234, NULL, 0));
}

TEST(bad_control_input)
{
	int before = count_clients();

	/* Default SIDSIZE is 16 bits */
	EXPECT_EQ(-ERANGE, write_str(SMMU "/add_client", "0x10000"));
	EXPECT_EQ(-EINVAL, write_str(SMMU "/add_client", "banana"));
	EXPECT_EQ(-EINVAL, write_str(SMMU "/add_client", "-1"));
	EXPECT_EQ(-EINVAL, write_str(SMMU "/add_client", "\n"));
	EXPECT_EQ(-EEXIST, write_str(SMMU "/add_client", "0"));
	EXPECT_EQ(-ENOENT, write_str(SMMU "/remove_client", "0x4321"));
	EXPECT_EQ(-EINVAL, write_str(SMMU "/remove_client", "everything"));
	EXPECT_EQ(before, count_clients());
}

TEST(rmmod_refused_while_clients_exist)
{
	int ret = unload_module();

	EXPECT_TRUE(ret == -EWOULDBLOCK || ret == -EBUSY) TH_LOG("ret %d", ret);
	EXPECT_TRUE(module_loaded());
	EXPECT_EQ(DEFAULT_CLIENTS, count_clients());
}

FIXTURE(cycles) {};
FIXTURE_SETUP(cycles) {}
FIXTURE_TEARDOWN(cycles) {}

/* Loads and unloads: slow under KASAN and TCG */
TEST_F_TIMEOUT(cycles, bad_module_parameters, 300)
{
	static const char * const bad[] = {
		"nr_devices=0",
		"nr_devices=1025",
		"nr_devices=4294967295",
		"sid_bits=0",
		"sid_bits=33",
		"sid_bits=4 sid_base=15 nr_devices=2",
		"sid_bits=8 sid_base=256",
	};
	/* Each refused by its parameter's own check, which says why */
	static const char * const checked[][2] = {
		{ "granule=8", "granule=8: must be one of 0 4 16 64" },
		{ "granule=4k", "granule=4k: must be one of" },
		{ "stage=3", "stage=3: must be 0 to 2" },
		{ "default_domain=bogus", "default_domain=bogus: must be" },
		{ "pasid_bits=99", "pasid_bits=99: must be 0 to 20" },
		{ "tlb_entries=16777217", "tlb_entries=16777217: must be 0 to 16777216" },
		{ "strict=bogus", "strict=bogus: must be all, none, or a comma-separated set of" },
		{ "strict=torn,", "strict=torn,: must be all, none" },
		{ "strict=all,torn", "strict=all,torn: must be all, none" },
	};
	static const char edges[] =
		"granule=4 stage=1 pasid_bits=20 tlb_entries=16777216 default_domain=dma";
	int ret, kmsg;

	ASSERT_EQ(0, teardown());
	ASSERT_FALSE(module_loaded());
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, load_module(bad[i])) TH_LOG("%s", bad[i]);
		EXPECT_FALSE(module_loaded());
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(checked); i++) {
		kmsg = kmsg_open();
		EXPECT_EQ(-EINVAL, load_module(checked[i][0]))
			TH_LOG("%s", checked[i][0]);
		EXPECT_FALSE(module_loaded());
		EXPECT_TRUE(kmsg_has(kmsg, checked[i][1]))
			TH_LOG("no \"%s\" in the log", checked[i][1]);
		close(kmsg);
	}
	/* the edges they accept */
	ASSERT_EQ(0, load_module(edges));
	EXPECT_EQ(DEFAULT_CLIENTS, count_clients());
	ASSERT_EQ(0, teardown());
	/* a set of strict mode's names, shown back as given */
	ASSERT_EQ(0, load_module("strict=walk_cache,torn"));
	{
		char v[64] = "";

		EXPECT_LT(0, read_str("/sys/module/swsmmu/parameters/strict",
				      v, sizeof(v)));
		EXPECT_STREQ("walk_cache,torn\n", v);
	}
	ASSERT_EQ(0, teardown());

	/*
	 * With a 32-bit SIDSIZE the driver's 2-level stream table covers 25
	 * bits (a 2^17-entry level-1 table, as Linux caps it): the largest
	 * StreamID it covers is accepted, the next one is refused by the
	 * driver (the board, which knows SIDSIZE only, cannot tell: -ENODEV,
	 * with the driver's reason in the log).  Beyond SIDSIZE the board
	 * refuses (-ERANGE).
	 */
	/* No PCI functions: their StreamIDs would follow, beyond 25 bits */
	ASSERT_EQ(0, load_module("sid_bits=32 sid_base=0x1ffffff nr_devices=1 pci_devices=0"));
	EXPECT_EQ(1, count_clients());
	EXPECT_TRUE(client_listed(0x1ffffff, NULL, 0));
	kmsg = kmsg_open();
	EXPECT_EQ(-ENODEV, write_str(SMMU "/add_client", "0x2000000"));
	EXPECT_TRUE(kmsg_has(kmsg, "StreamID 0x2000000 not covered by the stream table"));
	close(kmsg);
	EXPECT_EQ(-ENODEV, write_str(SMMU "/add_client", "0xffffffff"));
	EXPECT_EQ(1, count_clients());
	ASSERT_EQ(0, teardown());
	ret = load_module("sid_bits=32 sid_base=0xffffffff nr_devices=1");
	EXPECT_EQ(-ENODEV, ret);
	EXPECT_FALSE(module_loaded());
	ASSERT_EQ(0, load_module("sid_bits=24 nr_devices=1"));
	EXPECT_EQ(-ERANGE, write_str(SMMU "/add_client", "0x1000000"));
	ASSERT_EQ(0, teardown());

	ASSERT_EQ(0, load_module(""));
	EXPECT_EQ(DEFAULT_CLIENTS, count_clients());
}

/*
 * clients lists every device, past the page a sysfs text file may hold:
 * 256 lines of 16 to 22 bytes ("swsmmu-tdev.N 0xN\n"), 5248 bytes in all.
 * Not 1024 devices: under the debug kernel, creating them took three and
 * a half minutes of make test.
 */
TEST_F_TIMEOUT(cycles, clients_lists_256, 900)
{
	char name[64];

	ASSERT_EQ(0, teardown());
	ASSERT_EQ(0, load_module("nr_devices=256"));
	EXPECT_EQ(256, count_clients());
	EXPECT_TRUE(client_listed(0, name, sizeof(name)));
	EXPECT_TRUE(client_listed(255, name, sizeof(name)));
	EXPECT_STREQ("swsmmu-tdev.255", name);
	ASSERT_EQ(0, teardown());
	ASSERT_EQ(0, load_module(""));
	EXPECT_EQ(DEFAULT_CLIENTS, count_clients());
}

/* KASAN and lockdep under TCG make each cycle slow: allow ten minutes */
TEST_F_TIMEOUT(cycles, load_unload_100_times, 600)
{
	for (int i = 0; i < 100; i++) {
		ASSERT_EQ(0, teardown()) TH_LOG("teardown %d", i);
		ASSERT_FALSE(module_loaded());
		ASSERT_EQ(0, load_module("")) TH_LOG("load %d", i);
		ASSERT_EQ(DEFAULT_CLIENTS, count_clients());
		/* and a device created and destroyed at run time */
		ASSERT_EQ(0, write_str(SMMU "/add_client", "0x77"));
		ASSERT_EQ(0, write_str(SMMU "/remove_client", "0x77"));
	}
}

TEST_HARNESS_MAIN
