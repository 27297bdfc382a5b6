/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in: the kernel's stubs without CONFIG_FAULT_INJECTION.
 * The model's injection sites (hw_inject()) compile to nothing here.
 */
#ifndef _BENCH_LINUX_FAULT_INJECT_H
#define _BENCH_LINUX_FAULT_INJECT_H
#include "../compat.h"

struct dentry;

struct fault_attr {
	int unused;
};
#endif
