// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu debugfs: the software SMMU's files in
 * /sys/kernel/debug/swsmmu/swsmmu.0/ and the driver's in its driver/
 * subdirectory.  Checks that they exist and are root-only, that regs
 * decodes the documented ID registers and an enabled SMMU, that ste, cd
 * and translate describe a test device's DMA domain, an unused StreamID and
 * an unmapped IOVA as the architecture says, that the hardware's and the
 * driver's command counters agree, and that every malformed command is
 * rejected (-EINVAL, or -ERANGE for a number too large for its field)
 * without disturbing the last good query, for root and, earlier still, for
 * anybody else.
 *
 * Expects swsmmu.ko loaded with default parameters (4 test devices, 16-bit
 * StreamIDs, SSIDSIZE 20, stage-1 DMA domains) and debugfs mounted on
 * /sys/kernel/debug; leaves both as they were.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define SMMU		"/sys/devices/platform/swsmmu.0"
#define DBG		"/sys/kernel/debug/swsmmu/swsmmu.0"
#define TEXT_MAX	65536

/* An IOVA no DMA domain maps: iommu-dma allocates top-down below 4GB */
#define UNMAPPED_IOVA	0x12345000ULL

static int write_buf(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		n = -errno;
	else
		n = (size_t)n == len ? 0 : -EIO;
	close(fd);
	return n;
}

static int write_str(const char *path, const char *s)
{
	return write_buf(path, s, strlen(s));
}

/* The whole file, NUL-terminated; returns its length or -errno */
static int read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	size_t off = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -errno;
	while (off < len - 1 && (n = read(fd, buf + off, len - 1 - off)) > 0)
		off += n;
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[off] = 0;
	return off;
}

/* Write @cmd to the debugfs file @name, then read it back into @out */
static int query(const char *name, const char *cmd, char *out, size_t len)
{
	char path[256];
	int ret;

	snprintf(path, sizeof(path), DBG "/%s", name);
	ret = write_str(path, cmd);
	if (ret)
		return ret;
	ret = read_text(path, out, len);
	return ret < 0 ? ret : 0;
}

/* Copy the line of @text whose first word is @name into @line */
static int find_line(const char *text, const char *name, char *line,
		     size_t len)
{
	size_t n = strlen(name);
	const char *p = text, *end;

	while (*p) {
		end = strchrnul(p, '\n');
		if (!strncmp(p, name, n) && (p[n] == ' ' || p[n] == ':')) {
			snprintf(line, len, "%.*s", (int)(end - p), p);
			return 0;
		}
		p = *end ? end + 1 : end;
	}
	line[0] = 0;
	return -1;
}

/* The value of the word NAME=<number> in @text (first occurrence) */
static int field(const char *text, const char *name, unsigned long long *val)
{
	size_t n = strlen(name);
	const char *p = text;
	char *end;

	while ((p = strstr(p, name))) {
		if ((p == text || p[-1] == ' ' || p[-1] == '\n') && p[n] == '=') {
			*val = strtoull(p + n + 1, &end, 0);
			return end == p + n + 1 ? -1 : 0;
		}
		p += n;
	}
	return -1;
}

/* The value after "<name> " at the start of a line (the counters files) */
static long long counter(const char *text, const char *name)
{
	char line[256];

	if (find_line(text, name, line, sizeof(line)))
		return -1;
	return strtoll(line + strlen(name), NULL, 0);
}

/* The value (second word) of register @name in the regs file */
static int reg(const char *regs, const char *name, char *line, size_t len,
	       unsigned long long *val)
{
	if (find_line(regs, name, line, len))
		return -1;
	*val = strtoull(line + strlen(name), NULL, 16);
	return 0;
}

/* StreamIDs of the test devices */
static int client_sids(unsigned int *sids, int max)
{
	char buf[TEXT_MAX], *line, *save;
	int n = 0;

	if (read_text(SMMU "/clients", buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64];

		if (sscanf(line, "%63s %x", name, &sids[n]) == 2)
			n++;
	}
	return n;
}

static int first_client(unsigned int *sid)
{
	unsigned int sids[1];

	if (client_sids(sids, 1) != 1)
		return -1;
	*sid = sids[0];
	return 0;
}

/* A StreamID in [0, 256) (the first level-2 table) that no device uses */
static unsigned int unused_sid(void)
{
	unsigned int sids[1024], sid;
	int n = client_sids(sids, 1024), i;

	for (sid = 0x80; sid < 0x100; sid++) {
		for (i = 0; i < n; i++)
			if (sids[i] == sid)
				break;
		if (i == n)
			return sid;
	}
	return 0xff;
}

/* Raw qword @q of the dump that follows "raw <what> at" in @text */
static int raw_qword(const char *text, const char *what, unsigned int q,
		     unsigned long long *val)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), "raw %s at", what);
	p = strstr(text, key);
	if (!p)
		return -1;
	snprintf(key, sizeof(key), "q%u", q);
	return field(p, key, val);
}

static const struct {
	const char *path;
	unsigned int mode;
	bool writable;
} files[] = {
	{ DBG "/regs", 0400, false },
	{ DBG "/ste", 0600, true },
	{ DBG "/cd", 0600, true },
	{ DBG "/translate", 0600, true },
	{ DBG "/events", 0400, false },
	{ DBG "/counters", 0400, false },
	{ DBG "/driver/counters", 0400, false },
};

TEST(files_exist_root_only)
{
	struct stat st;

	ASSERT_EQ(0, stat(DBG, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++) {
		ASSERT_EQ(0, stat(files[i].path, &st)) TH_LOG("%s", files[i].path);
		EXPECT_TRUE(S_ISREG(st.st_mode));
		EXPECT_EQ(files[i].mode, st.st_mode & 07777)
			TH_LOG("%s mode %o", files[i].path, st.st_mode & 07777);
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
			_exit(100);
		for (unsigned int i = 0; i < ARRAY_SIZE(files); i++) {
			if (open(files[i].path, O_RDONLY) >= 0 || errno != EACCES)
				_exit(1 + i);
			if (open(files[i].path, O_WRONLY) >= 0 || errno != EACCES)
				_exit(20 + i);
		}
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* Files without a command refuse writes, even root's */
TEST(read_only_files_refuse_writes)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++) {
		if (files[i].writable)
			continue;
		EXPECT_EQ(-EINVAL, write_str(files[i].path, "0"))
			TH_LOG("%s", files[i].path);
	}
}

TEST(regs_decoded)
{
	char regs[TEXT_MAX], line[1024];
	unsigned long long v, f, prod, cons;

	ASSERT_LT(0, read_text(DBG "/regs", regs, sizeof(regs)));

	/*
	 * Documentation/swsmmu.rst, "ID registers", for the default features:
	 * IDR0 = ST_LEVEL 1 << 27 | TTENDIAN 2 << 21 | CD2L << 19 |
	 *        VMID16 << 18 | PRI << 16 | SEV << 14 | MSI << 13 |
	 *        ASID16 << 12 | ATS << 10 | COHACC << 4 | TTF 2 << 2 |
	 *        S1P << 1 | S2P
	 *      = 0x08000000 + 0x400000 + 0x80000 + 0x40000 + 0x10000 +
	 *        0x4000 + 0x2000 + 0x1000 + 0x400 + 0x10 + 0x8 + 0x2 + 0x1
	 *      = 0x084d741b
	 * IDR1 = CMDQS 19 << 21 | EVTQS 19 << 16 | PRIQS 19 << 11 |
	 *        SSIDSIZE 20 << 6 | SIDSIZE 16
	 *      = 0x2600000 + 0x130000 + 0x9800 + 0x500 + 0x10 = 0x02739d10
	 * IDR3 = RIL << 10 = 0x400
	 * IDR5 = STALL_MAX 64 << 16 | GRAN64K << 6 | GRAN16K << 5 |
	 *        GRAN4K << 4 | OAS 5 (48 bits) = 0x400000 + 0x75 = 0x00400075
	 * AIDR = ArchMinorRev 2 (SMMUv3.2)
	 */
	ASSERT_EQ(0, reg(regs, "IDR0", line, sizeof(line), &v));
	EXPECT_EQ(0x084d741bULL, v) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "ST_LEVEL", &f));
	EXPECT_EQ(1ULL, f);
	EXPECT_EQ(0, field(line, "TTENDIAN", &f));
	EXPECT_EQ(2ULL, f);
	EXPECT_EQ(0, field(line, "TTF", &f));
	EXPECT_EQ(2ULL, f);
	EXPECT_EQ(0, field(line, "STALL_MODEL", &f));
	EXPECT_EQ(0ULL, f);
	EXPECT_EQ(0, field(line, "S1P", &f));
	EXPECT_EQ(1ULL, f);
	EXPECT_EQ(0, field(line, "S2P", &f));
	EXPECT_EQ(1ULL, f);
	EXPECT_EQ(0, field(line, "HTTU", &f));
	EXPECT_EQ(0ULL, f);

	ASSERT_EQ(0, reg(regs, "IDR1", line, sizeof(line), &v));
	EXPECT_EQ(0x02739d10ULL, v) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "SIDSIZE", &f));
	EXPECT_EQ(16ULL, f);
	EXPECT_EQ(0, field(line, "SSIDSIZE", &f));
	EXPECT_EQ(20ULL, f);
	EXPECT_EQ(0, field(line, "CMDQS", &f));
	EXPECT_EQ(19ULL, f);
	EXPECT_EQ(0, field(line, "EVTQS", &f));
	EXPECT_EQ(19ULL, f);

	ASSERT_EQ(0, reg(regs, "IDR3", line, sizeof(line), &v));
	EXPECT_EQ(0x400ULL, v) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "RIL", &f));
	EXPECT_EQ(1ULL, f);

	ASSERT_EQ(0, reg(regs, "IDR5", line, sizeof(line), &v));
	EXPECT_EQ(0x00400075ULL, v) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "OAS", &f));
	EXPECT_EQ(5ULL, f);
	EXPECT_EQ(0, field(line, "STALL_MAX", &f));
	EXPECT_EQ(64ULL, f);
	EXPECT_EQ(0, field(line, "GRAN16K", &f));
	EXPECT_EQ(1ULL, f);

	ASSERT_EQ(0, reg(regs, "AIDR", line, sizeof(line), &v));
	EXPECT_EQ(0x2ULL, v) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "ArchMinorRev", &f));
	EXPECT_EQ(2ULL, f);

	/* The driver enabled the SMMU with both queues (not PRI) */
	ASSERT_EQ(0, reg(regs, "CR0", line, sizeof(line), &v));
	EXPECT_EQ(0, field(line, "SMMUEN", &f));
	EXPECT_EQ(1ULL, f) TH_LOG("%s", line);
	EXPECT_EQ(1ULL, v & 1);
	EXPECT_EQ(0, field(line, "CMDQEN", &f));
	EXPECT_EQ(1ULL, f);
	EXPECT_EQ(0, field(line, "EVTQEN", &f));
	EXPECT_EQ(1ULL, f);
	/* SMMUEN bit 0, PRIQEN 1 (if the driver uses PRI), EVTQEN 2, CMDQEN 3 */
	EXPECT_EQ(0, field(line, "PRIQEN", &f));
	EXPECT_EQ(0xdULL | f << 1, v) TH_LOG("%s", line);
	ASSERT_EQ(0, reg(regs, "CR0ACK", line, sizeof(line), &f));
	EXPECT_EQ(v, f);

	ASSERT_EQ(0, reg(regs, "IRQ_CTRL", line, sizeof(line), &v));
	EXPECT_EQ(0, field(line, "EVTQ_IRQEN", &f));
	EXPECT_EQ(1ULL, f) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "GERROR_IRQEN", &f));
	EXPECT_EQ(1ULL, f);

	/* 2-level Stream table split at 8, as the driver programs it */
	ASSERT_EQ(0, reg(regs, "STRTAB_BASE_CFG", line, sizeof(line), &v));
	EXPECT_EQ(0, field(line, "FMT", &f));
	EXPECT_EQ(1ULL, f) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "SPLIT", &f));
	EXPECT_EQ(8ULL, f);
	EXPECT_EQ(0, field(line, "LOG2SIZE", &f));
	EXPECT_EQ(16ULL, f);
	ASSERT_EQ(0, reg(regs, "STRTAB_BASE", line, sizeof(line), &v));
	EXPECT_EQ(0, field(line, "ADDR", &f));
	EXPECT_NE(0ULL, f);
	EXPECT_EQ(v & 0x000fffffffffffc0ULL, f) TH_LOG("%s", line);

	/* The command queue is drained, without error */
	ASSERT_EQ(0, reg(regs, "CMDQ_BASE", line, sizeof(line), &v));
	EXPECT_EQ(0, field(line, "LOG2SIZE", &f));
	EXPECT_EQ(10ULL, f) TH_LOG("%s", line);
	ASSERT_EQ(0, reg(regs, "CMDQ_PROD", line, sizeof(line), &prod));
	ASSERT_EQ(0, reg(regs, "CMDQ_CONS", line, sizeof(line), &cons));
	EXPECT_EQ(prod, cons) TH_LOG("%s", line);
	EXPECT_EQ(0, field(line, "ERR", &f));
	EXPECT_EQ(0ULL, f);
	EXPECT_NE(NULL, strstr(line, "(NONE)"));
	/* IDX and WR split the value at LOG2SIZE 10 */
	EXPECT_EQ(0, field(line, "IDX", &f));
	EXPECT_EQ(cons & 0x3ff, f);
	EXPECT_EQ(0, field(line, "WR", &f));
	EXPECT_EQ((cons >> 10) & 1, f);

	ASSERT_EQ(0, reg(regs, "EVTQ_PROD", line, sizeof(line), &v));
	EXPECT_EQ(0, field(line, "OVFLG", &f));
	EXPECT_EQ(v >> 31, f);

	ASSERT_EQ(0, reg(regs, "active_errors", line, sizeof(line), &v));
	EXPECT_EQ(0ULL, v) TH_LOG("%s", line);
}

/* S1CDMax of the STE of @sid, from the ste file; -1 if it has none */
static int ste_cdmax(unsigned int sid)
{
	char out[TEXT_MAX], cmd[32];
	unsigned long long cdmax;

	snprintf(cmd, sizeof(cmd), "%u", sid);
	if (query("ste", cmd, out, sizeof(out)) ||
	    field(out, "S1CDMax", &cdmax))
		return -1;
	return cdmax;
}

/*
 * A test device sits in the IOMMU core's default DMA domain: stage 1,
 * through a CD table that is linear or (with substreams) 2-level.  The
 * decoded fields must agree with the raw qwords, and the CD shown must be
 * the one the STE's table points at.
 */
TEST(ste_and_cd_of_test_device)
{
	char out[TEXT_MAX], cmd[64], line[1024];
	unsigned long long ctxptr, cdmax, q, f, l2ptr, cd_at;
	const char *fmt;
	unsigned int sid;

	ASSERT_EQ(0, first_client(&sid));
	snprintf(cmd, sizeof(cmd), "0x%x\n", sid);
	ASSERT_EQ(0, query("ste", cmd, out, sizeof(out)));

	snprintf(cmd, sizeof(cmd), "StreamID 0x%x", sid);
	EXPECT_NE(NULL, strstr(out, cmd)) TH_LOG("%s", out);
	/* The L1STD covering it points at a level-2 table of 2^8 STEs */
	snprintf(cmd, sizeof(cmd), "L1STD[0x%x]", sid >> 8);
	ASSERT_EQ(0, find_line(out, cmd, line, sizeof(line))) TH_LOG("%s", out);
	EXPECT_EQ(0, field(line, "Span", &f));
	EXPECT_EQ(9ULL, f) TH_LOG("%s", line);

	EXPECT_NE(NULL, strstr(out, "result: OK\n")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "V=1 Config=S1_TRANS(5)")) TH_LOG("%s", out);
	ASSERT_EQ(0, field(out, "S1CDMax", &cdmax)) TH_LOG("%s", out);
	EXPECT_GE(20ULL, cdmax);	/* SSIDSIZE */
	ASSERT_EQ(0, field(out, "S1ContextPtr", &ctxptr));
	EXPECT_NE(0ULL, ctxptr);
	EXPECT_EQ(0ULL, ctxptr & 63);

	/*
	 * The raw qword 0 says the same: V (bit 0), Config 0b101 ([3:1]),
	 * S1Fmt ([5:4], 0b01 = 4K_L2, 0b10 = 64K_L2; linear without
	 * substreams), S1ContextPtr ([51:6]), S1CDMax ([63:59]).
	 */
	ASSERT_EQ(0, raw_qword(out, "STE", 0, &q)) TH_LOG("%s", out);
	EXPECT_EQ(1ULL, q & 1);
	EXPECT_EQ(5ULL, (q >> 1) & 7);
	EXPECT_EQ(ctxptr, q & 0x000fffffffffffc0ULL);
	EXPECT_EQ(cdmax, q >> 59);
	fmt = "S1Fmt=LINEAR";
	if (cdmax && ((q >> 4) & 3) == 1)
		fmt = "S1Fmt=4K_L2";
	else if (cdmax && ((q >> 4) & 3) == 2)
		fmt = "S1Fmt=64K_L2";
	EXPECT_NE(NULL, strstr(out, fmt)) TH_LOG("%s", out);
	ASSERT_EQ(0, raw_qword(out, "STE", 7, &q)) TH_LOG("%s", out);

	/* Its CD 0: a 48-bit VA space of 4KB pages, faults recorded */
	snprintf(cmd, sizeof(cmd), "%u 0", sid);
	ASSERT_EQ(0, query("cd", cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "STE: Config=S1_TRANS(5)")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "result: OK\n")) TH_LOG("%s", out);
	ASSERT_EQ(0, field(out, "ASID", &f));
	EXPECT_NE(0ULL, f);
	ASSERT_EQ(0, field(out, "T0SZ", &f));
	EXPECT_EQ(16ULL, f);
	EXPECT_NE(NULL, strstr(out, "TG0=4K")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "EPD1=1")) TH_LOG("%s", out);
	ASSERT_EQ(0, field(out, "R", &f));
	EXPECT_EQ(1ULL, f);

	/*
	 * Where CD 0 is: at S1ContextPtr for a linear table; for a 2-level
	 * one, the L1CD at S1ContextPtr gives the level-2 table, whose first
	 * CD it is.
	 */
	cd_at = ctxptr;
	if (strstr(out, "S1Fmt=4K_L2") || strstr(out, "S1Fmt=64K_L2")) {
		snprintf(cmd, sizeof(cmd), "L1CD[0x0] at 0x%llx:", ctxptr);
		EXPECT_NE(NULL, strstr(out, cmd)) TH_LOG("%s", out);
		ASSERT_EQ(0, find_line(out, "L1CD[0x0]", line, sizeof(line)));
		ASSERT_EQ(0, field(line, "V", &f));
		EXPECT_EQ(1ULL, f);
		ASSERT_EQ(0, field(line, "L2Ptr", &l2ptr));
		cd_at = l2ptr;
	}
	snprintf(cmd, sizeof(cmd), "raw CD at 0x%llx:", cd_at);
	EXPECT_NE(NULL, strstr(out, cmd)) TH_LOG("%s", out);
	/* CD qword 0: V (bit 31), AA64 (bit 41), ASID in [63:48] */
	ASSERT_EQ(0, raw_qword(out, "CD", 0, &q));
	EXPECT_EQ(1ULL, (q >> 31) & 1);
	EXPECT_EQ(1ULL, (q >> 41) & 1);
	ASSERT_EQ(0, field(out, "ASID", &f));
	EXPECT_EQ(f, q >> 48);
	ASSERT_EQ(0, raw_qword(out, "CD", 1, &q));
	ASSERT_EQ(0, field(out, "TTB0", &f));
	EXPECT_EQ(f, q & 0x000ffffffffffff0ULL);

	/* The first SubstreamID beyond S1CDMax has no CD */
	if (cdmax < 20) {
		snprintf(cmd, sizeof(cmd), "%u %u", sid, 1U << cdmax);
		ASSERT_EQ(0, query("cd", cmd, out, sizeof(out)));
		EXPECT_NE(NULL, strstr(out, "result: C_BAD_SUBSTREAMID(0x8)"))
			TH_LOG("%s", out);
		/* and names the rule */
		EXPECT_NE(NULL, strstr(out,
				       "reason: SubstreamID >= 2^STE.S1CDMax\n"))
			TH_LOG("%s", out);
		EXPECT_EQ(NULL, strstr(out, "raw CD")) TH_LOG("%s", out);
	}
}

TEST(ste_of_unused_sid)
{
	char out[TEXT_MAX], cmd[64], line[1024];
	unsigned int sid = unused_sid();
	unsigned long long q, span;

	/* A free StreamID next to the devices': its STE aborts */
	snprintf(cmd, sizeof(cmd), "%u", sid);
	ASSERT_EQ(0, query("ste", cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "result: OK\nV=1 Config=ABORT(0)\n"))
		TH_LOG("sid %#x: %s", sid, out);
	ASSERT_EQ(0, raw_qword(out, "STE", 0, &q)) TH_LOG("%s", out);
	EXPECT_EQ(1ULL, q & 0xf);	/* V=1, Config=0b000 */
	/* and translating through it ends without a record */
	snprintf(cmd, sizeof(cmd), "%u - 0x1000 r", sid);
	ASSERT_EQ(0, query("translate", cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "result: terminated silently\n"))
		TH_LOG("%s", out);

	/* A CD of a StreamID without stage 1 */
	snprintf(cmd, sizeof(cmd), "%u 0", sid);
	ASSERT_EQ(0, query("cd", cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "Config=ABORT(0): no stage 1, no CD"))
		TH_LOG("%s", out);

	/* Far from any device: its level-2 table may not exist */
	ASSERT_EQ(0, query("ste", "0xff00", out, sizeof(out)));
	ASSERT_EQ(0, find_line(out, "L1STD[0xff]", line, sizeof(line)))
		TH_LOG("%s", out);
	ASSERT_EQ(0, field(line, "Span", &span));
	if (span) {
		EXPECT_NE(NULL, strstr(out, "Config=ABORT(0)"))
			TH_LOG("%s", out);
	} else {
		EXPECT_NE(NULL, strstr(out, "result: C_BAD_STREAMID(0x2)\n"))
			TH_LOG("%s", out);
	}

	/* The largest StreamID SIDSIZE 16 allows is still a query */
	ASSERT_EQ(0, query("ste", "0xffff", out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "StreamID 0xffff\n")) TH_LOG("%s", out);
}

TEST(translate_unmapped_iova)
{
	char out[TEXT_MAX], cmd[128], want[64];
	unsigned long long q, f;
	unsigned int sid, ssid;
	int cdmax;

	ASSERT_EQ(0, first_client(&sid));
	snprintf(cmd, sizeof(cmd), "%u - 0x%llx r", sid, UNMAPPED_IOVA);
	ASSERT_EQ(0, query("translate", cmd, out, sizeof(out)));
	snprintf(want, sizeof(want), "IOVA 0x%llx read unpriv", UNMAPPED_IOVA);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "result: fault F_TRANSLATION(0x10)\n"))
		TH_LOG("%s", out);
	snprintf(want, sizeof(want), "event: F_TRANSLATION(0x10) SID=0x%x SSV=0 ",
		 sid);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s", out);
	ASSERT_EQ(0, field(out, "ADDR", &f));
	EXPECT_EQ(UNMAPPED_IOVA, f);
	ASSERT_EQ(0, field(out, "RnW", &f));
	EXPECT_EQ(1ULL, f);
	ASSERT_EQ(0, field(out, "PnU", &f));
	EXPECT_EQ(0ULL, f);
	ASSERT_EQ(0, field(out, "InD", &f));
	EXPECT_EQ(0ULL, f);
	ASSERT_EQ(0, field(out, "S2", &f));
	EXPECT_EQ(0ULL, f);
	/* a stage-1 translation fault is CLASS IN (IHI 0070 7.3.13) */
	EXPECT_NE(NULL, strstr(out, " S2=0 CLASS=IN")) TH_LOG("%s", out);
	/* raw: ID [7:0], SID [63:32]; RnW is bit 35 of q1; q2 the address */
	ASSERT_EQ(0, field(out, "q0", &q));
	EXPECT_EQ(0x10ULL, q & 0xff);
	EXPECT_EQ((unsigned long long)sid, q >> 32);
	EXPECT_EQ(0ULL, q & (1ULL << 11));	/* SSV */
	ASSERT_EQ(0, field(out, "q1", &q));
	EXPECT_EQ(1ULL, (q >> 35) & 1);
	ASSERT_EQ(0, field(out, "q2", &q));
	EXPECT_EQ(UNMAPPED_IOVA, q);

	/* A privileged write: RnW 0 (bit 35), PnU 1 (bit 33) */
	snprintf(cmd, sizeof(cmd), "%u - 0x%llx w priv", sid, UNMAPPED_IOVA + 8);
	ASSERT_EQ(0, query("translate", cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "write priv")) TH_LOG("%s", out);
	ASSERT_EQ(0, field(out, "RnW", &f));
	EXPECT_EQ(0ULL, f);
	ASSERT_EQ(0, field(out, "PnU", &f));
	EXPECT_EQ(1ULL, f);
	ASSERT_EQ(0, field(out, "ADDR", &f));
	EXPECT_EQ(UNMAPPED_IOVA + 8, f);
	ASSERT_EQ(0, field(out, "q1", &q));
	EXPECT_EQ(1ULL, (q >> 33) & 1);
	EXPECT_EQ(0ULL, (q >> 35) & 1);

	/* An instruction fetch: InD 1 (bit 34), a read */
	snprintf(cmd, sizeof(cmd), "%u - 0x%llx x", sid, UNMAPPED_IOVA);
	ASSERT_EQ(0, query("translate", cmd, out, sizeof(out)));
	ASSERT_EQ(0, field(out, "InD", &f));
	EXPECT_EQ(1ULL, f) TH_LOG("%s", out);
	ASSERT_EQ(0, field(out, "RnW", &f));
	EXPECT_EQ(1ULL, f);

	/* A SubstreamID beyond the STE's S1CDMax */
	cdmax = ste_cdmax(sid);
	ASSERT_LE(0, cdmax);
	ASSERT_GT(20, cdmax);
	ssid = 1U << cdmax;
	snprintf(cmd, sizeof(cmd), "%u 0x%x 0x%llx r", sid, ssid,
		 UNMAPPED_IOVA);
	ASSERT_EQ(0, query("translate", cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "result: fault C_BAD_SUBSTREAMID(0x8)\n"))
		TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "reason: SubstreamID >= 2^STE.S1CDMax\n"))
		TH_LOG("%s", out);
	snprintf(want, sizeof(want), "SID=0x%x SSID=0x%x", sid, ssid);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s", out);
	/* raw: SSID [31:12]; bit 11 is RES0, this record has no SSV */
	ASSERT_EQ(0, field(out, "q0", &q));
	EXPECT_EQ(0x8ULL, q & 0xff);
	EXPECT_EQ((unsigned long long)ssid, (q >> 12) & 0xfffff);
	EXPECT_EQ(0ULL, q & (1ULL << 11));

	/* Nothing of this was recorded: translate has no side effects */
	ASSERT_LT(0, read_text(DBG "/events", out, sizeof(out)));
	EXPECT_EQ(NULL, strstr(out, want)) TH_LOG("%s", out);
}

TEST(bad_input)
{
	static const struct {
		const char *file;
		const char *cmd;
		int err;
	} bad[] = {
		{ "ste", "", -EINVAL },
		{ "ste", "\n", -EINVAL },
		{ "ste", "banana", -EINVAL },
		{ "ste", "-1", -EINVAL },
		{ "ste", "0x", -EINVAL },
		{ "ste", "12abc", -EINVAL },
		{ "ste", "1 2", -EINVAL },
		{ "ste", "1 -", -EINVAL },
		{ "ste", "0x10000", -ERANGE },		/* SIDSIZE 16 */
		{ "ste", "0xffffffff", -ERANGE },
		{ "ste", "0x100000000", -ERANGE },	/* beyond 32 bits */
		{ "cd", "1", -EINVAL },
		{ "cd", "1 2 3", -EINVAL },
		{ "cd", "1 x", -EINVAL },
		{ "cd", "x 1", -EINVAL },
		{ "cd", "1 -", -EINVAL },
		{ "cd", "0x10000 0", -ERANGE },
		{ "cd", "1 0x100000", -ERANGE },	/* SSIDSIZE 20 */
		{ "translate", "", -EINVAL },
		{ "translate", "1", -EINVAL },
		{ "translate", "1 - 0x1000", -EINVAL },
		{ "translate", "1 - 0x1000 q", -EINVAL },
		{ "translate", "1 - 0x1000 rw", -EINVAL },
		{ "translate", "1 - 0x1000 R", -EINVAL },
		{ "translate", "1 - 0x1000 r unpriv", -EINVAL },
		{ "translate", "1 - 0x1000 r priv 7", -EINVAL },
		{ "translate", "1 -- 0x1000 r", -EINVAL },
		{ "translate", "1 + 0x1000 r", -EINVAL },
		{ "translate", "1 - zz r", -EINVAL },
		{ "translate", "1 - -4096 r", -EINVAL },
		{ "translate", "y - 0x1000 r", -EINVAL },
		{ "translate", "0x10000 - 0x1000 r", -ERANGE },
		{ "translate", "1 0x100000 0x1000 r", -ERANGE },
		{ "translate", "1 - 0x10000000000000000 r", -ERANGE },
	};
	static const char * const rw[] = { "ste", "cd", "translate" };
	char before[TEXT_MAX], after[TEXT_MAX], path[256], big[4096];
	static const char nul[] = "1\0 2";
	unsigned int sid;

	ASSERT_EQ(0, first_client(&sid));
	snprintf(big, sizeof(big), "%u", sid);
	ASSERT_EQ(0, query("ste", big, before, sizeof(before)));
	snprintf(big, sizeof(big), "%u 0", sid);
	ASSERT_EQ(0, query("cd", big, before, sizeof(before)));
	snprintf(big, sizeof(big), "%u - 0x%llx r", sid, UNMAPPED_IOVA);
	ASSERT_EQ(0, query("translate", big, before, sizeof(before)));

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(path, sizeof(path), DBG "/%s", bad[i].file);
		EXPECT_EQ(bad[i].err, write_str(path, bad[i].cmd))
			TH_LOG("%s: \"%s\"", bad[i].file, bad[i].cmd);
	}

	for (unsigned int i = 0; i < ARRAY_SIZE(rw); i++) {
		snprintf(path, sizeof(path), DBG "/%s", rw[i]);
		ASSERT_LT(0, read_text(path, before, sizeof(before)));
		/* Oversized (padding is harmless, length is not), a NUL */
		memset(big, ' ', sizeof(big));
		big[0] = '1';
		EXPECT_EQ(-EINVAL, write_buf(path, big, sizeof(big)))
			TH_LOG("%s", path);
		EXPECT_EQ(-EINVAL, write_buf(path, big, 129)) TH_LOG("%s", path);
		EXPECT_EQ(-EINVAL, write_buf(path, nul, sizeof(nul) - 1))
			TH_LOG("%s", path);
		EXPECT_EQ(-EINVAL, write_buf(path, "", 0)) TH_LOG("%s", path);
		/* A bad write leaves the last good query */
		ASSERT_LT(0, read_text(path, after, sizeof(after)));
		EXPECT_STREQ(before, after);
	}

	/* 128 bytes is still one command */
	memset(big, ' ', 128);
	big[0] = '1';
	big[128] = 0;
	EXPECT_EQ(0, write_str(DBG "/ste", big));
	ASSERT_LT(0, read_text(DBG "/ste", after, sizeof(after)));
	EXPECT_NE(NULL, strstr(after, "StreamID 0x1\n")) TH_LOG("%s", after);
}

/*
 * The hardware counts the commands it consumed, the driver the commands it
 * submitted: with the queue drained the two agree, and so do their error
 * counts (the driver replaces a failed command with a CMD_SYNC, which the
 * SMMU then consumes).
 */
TEST(counters_agree)
{
	char hw[TEXT_MAX], drv[TEXT_MAX], again[TEXT_MAX];
	int tries;

	for (tries = 0; tries < 10; tries++) {
		ASSERT_LT(0, read_text(DBG "/counters", hw, sizeof(hw)));
		ASSERT_LT(0, read_text(DBG "/driver/counters", drv, sizeof(drv)));
		ASSERT_LT(0, read_text(DBG "/counters", again, sizeof(again)));
		if (!strcmp(hw, again))
			break;
	}
	ASSERT_LT(tries, 10);

	EXPECT_LT(0, counter(hw, "commands")) TH_LOG("%s", hw);
	EXPECT_EQ(counter(drv, "commands"), counter(hw, "commands"))
		TH_LOG("hardware:\n%sdriver:\n%s", hw, drv);
	EXPECT_EQ(counter(drv, "cmd_errors"), counter(hw, "command_errors"));
	EXPECT_EQ(counter(hw, "command_errors"),
		  counter(hw, "command_errors_ill") +
		  counter(hw, "command_errors_abt") +
		  counter(hw, "command_errors_atc_inv_sync"));
	EXPECT_LE(0, counter(hw, "events_recorded"));
	EXPECT_LE(0, counter(hw, "events_dropped_overflow"));
	EXPECT_LE(0, counter(hw, "events_dropped_unwritable"));
	EXPECT_LE(0, counter(hw, "events_lost_abort"));
	EXPECT_EQ(0, counter(hw, "stalls_outstanding"));
	/* the driver consumed every event the hardware recorded */
	EXPECT_EQ(counter(hw, "events_recorded"), counter(drv, "events"));
	EXPECT_LE(0, counter(drv, "maps"));
	EXPECT_LE(0, counter(drv, "unmaps"));
	EXPECT_LE(0, counter(drv, "faults"));
	EXPECT_EQ(0, counter(drv, "evtq_overflows"));
}

TEST(events_log)
{
	char out[TEXT_MAX], counters[TEXT_MAX];
	unsigned long long logged, shown;
	long long total;
	int n = 0, fields;
	char *p;

	/* Counted before logged: read the log first */
	ASSERT_LT(0, read_text(DBG "/events", out, sizeof(out)));
	ASSERT_LT(0, read_text(DBG "/counters", counters, sizeof(counters)));
	fields = sscanf(out, "%llu events logged, last %llu shown", &logged,
			&shown);
	ASSERT_EQ(2, fields) TH_LOG("%s", out);
	EXPECT_EQ(logged < 64 ? logged : 64, shown);
	/* Every event the model tried to write is logged and counted */
	total = counter(counters, "events_recorded") +
		counter(counters, "events_dropped_overflow") +
		counter(counters, "events_dropped_unwritable") +
		counter(counters, "events_lost_abort");
	EXPECT_LE((long long)logged, total);
	for (p = out; (p = strstr(p, "\n#")); p++)
		n++;
	EXPECT_EQ(shown, (unsigned long long)n);
}

TEST_HARNESS_MAIN
