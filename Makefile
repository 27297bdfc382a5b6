# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of swsmmu.  See README.md.
#
#   make                 build against KDIR (default: the running kernel)
#   make check           sparse (C=2), W=1 and checkpatch --strict; fails on findings
#   make demo            boot Debian's 6.12 kernel in QEMU, load swsmmu, show it
#   make test            make check, the DKMS package test, then every VM test on both kernels
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean
	$(MAKE) -C selftests clean

check:
	tools/check.sh

demo:
	tools/vmtest.sh demo

test:
	tools/test-all.sh

dkms-test:
	tools/dkms-test.sh

.PHONY: all modules clean check demo test dkms-test
