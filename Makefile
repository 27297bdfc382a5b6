# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of swsmmu.  See README.md.
#
#   make                 build against KDIR (default: the running kernel)
#   make check           sparse (C=2), W=1 and checkpatch --strict; fails on findings
#   make demo            boot Debian's 6.12 kernel in QEMU, load swsmmu, show it
#   make test            make check, the DKMS package test, then every VM test on both kernels
#   make bench           build and run swsmmu-bench (tools/bench): the translation core in user space
#   make fuzz            run the translation core's fuzzer for FUZZ_SECONDS (default 60)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)

all: modules

# swsmmu-upstream.ko's sources, from linux-source-6.12 if it is installed
modules:
	tools/upstream-src.sh $(PWD)
	$(MAKE) -C $(KDIR) M=$(PWD) modules

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean
	$(MAKE) -C selftests clean
	$(MAKE) -C tools/bench clean

check:
	tools/check.sh

demo:
	tools/vmtest.sh demo

test:
	tools/test-all.sh

dkms-test:
	tools/dkms-test.sh

# tools/deps.sh installs liburcu-dev and clang-14 (and the VM test tools)
bench:
	tools/deps.sh >/dev/null
	$(MAKE) -C tools/bench run

fuzz:
	tools/deps.sh >/dev/null
	$(MAKE) -C tools/bench fuzz

.PHONY: all modules clean check demo test dkms-test bench fuzz
