// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test only: a module whose load WARNs, so that tools/vmtest.sh
 * can show that a kernel splat fails a run.  Never installed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init swsmmu_splat_init(void)
{
	WARN(1, "swsmmu-splat: injected warning for the harness self-test\n");
	return -EAGAIN;
}
module_init(swsmmu_splat_init);

MODULE_DESCRIPTION("swsmmu harness self-test: injects a WARN");
MODULE_LICENSE("GPL");
