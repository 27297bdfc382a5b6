// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: fault injection into its allocations.
 *
 * Every slab allocation of the driver (kzalloc, kcalloc, devm_*) asks
 * swsmmu_fail_alloc() first: debugfs driver/fail_alloc/.  The kernel's
 * failslab fails them too, but its fail-nth sweeps with ignore-gfp-wait=N
 * reach every GFP_KERNEL allocation of the kernel paths around the driver
 * as well, some of whose error paths splat on 6.12 (Documentation/
 * faults.rst); with the default ignore-gfp-wait=Y, fail-nth counts our
 * checks and little else.  Its page allocations -- the
 * stream table, the queues, CD tables, page-table and SVA table pages --
 * come from the page allocator, which the debug kernel does not fault
 * (no FAIL_PAGE_ALLOC), so each goes through swsmmu_fail_page_alloc()
 * first: one attribute for the module, armed with
 *
 *   /sys/kernel/debug/swsmmu/<instance>/driver/fail_page_alloc/   (each
 *       SMMU's driver directory shows the same attribute), or
 *   swsmmu.fail_page_alloc=<interval>,<probability>,<space>,<times>
 *       (setup_fault_attr()'s format) at load, for probe,
 *
 * and counted by fail-nth like any should_fail() of the allocating task.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/moduleparam.h>
#include <kunit/visibility.h>
#include "swsmmu.h"

static DECLARE_FAULT_ATTR(swsmmu_page_alloc_attr);
static DECLARE_FAULT_ATTR(swsmmu_alloc_attr);

/**
 * swsmmu_fail_alloc() - should this slab allocation of the driver fail?
 *
 * Any context.
 *
 * Return: true if the caller must behave as if the allocation failed.
 */
bool swsmmu_fail_alloc(void)
{
	return should_fail(&swsmmu_alloc_attr, 1);
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * swsmmu_page_alloc_fault_attr() - the attribute, for KUnit tests to arm
 *
 * Return: the fault attribute of the driver's page allocations.
 */
struct fault_attr *swsmmu_page_alloc_fault_attr(void)
{
	return &swsmmu_page_alloc_attr;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_page_alloc_fault_attr);
#endif

/**
 * swsmmu_fail_page_alloc() - should this page allocation fail?
 * @order: its order
 *
 * Any context.
 *
 * Return: true if the caller must behave as if the allocation failed.
 */
bool swsmmu_fail_page_alloc(unsigned int order)
{
	return should_fail(&swsmmu_page_alloc_attr, PAGE_SIZE << order);
}

static char swsmmu_fail_page_alloc_str[64];

static int swsmmu_fail_page_alloc_set(const char *val,
				      const struct kernel_param *kp)
{
	char buf[sizeof(swsmmu_fail_page_alloc_str)];

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION)) {
		pr_err("swsmmu: fail_page_alloc: this kernel has no CONFIG_FAULT_INJECTION\n");
		return -EOPNOTSUPP;
	}
	if (strscpy(buf, val, sizeof(buf)) < 0 ||
	    !setup_fault_attr(&swsmmu_page_alloc_attr, strim(buf))) {
		pr_err("swsmmu: fail_page_alloc: want <interval>,<probability>,<space>,<times>, not \"%s\"\n",
		       val);
		return -EINVAL;
	}
	strscpy(swsmmu_fail_page_alloc_str, val,
		sizeof(swsmmu_fail_page_alloc_str));
	return 0;
}

static const struct kernel_param_ops swsmmu_fail_page_alloc_ops = {
	.set = swsmmu_fail_page_alloc_set,
	.get = param_get_string,
};

static struct kparam_string swsmmu_fail_page_alloc_kps = {
	.string = swsmmu_fail_page_alloc_str,
	.maxlen = sizeof(swsmmu_fail_page_alloc_str),
};

module_param_cb(fail_page_alloc, &swsmmu_fail_page_alloc_ops,
		&swsmmu_fail_page_alloc_kps, 0400);
MODULE_PARM_DESC(fail_page_alloc,
		 "Fail the driver's page allocations: <interval>,<probability>,<space>,<times> (needs CONFIG_FAULT_INJECTION)");

/**
 * swsmmu_inject_debugfs() - show the driver's fault attributes
 * @dir: the SMMU's driver/ debugfs directory
 *
 * Nothing without CONFIG_FAULT_INJECTION_DEBUG_FS; failures are not fatal.
 */
void swsmmu_inject_debugfs(struct dentry *dir)
{
	if (!IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS))
		return;
	fault_create_debugfs_attr("fail_alloc", dir, &swsmmu_alloc_attr);
	fault_create_debugfs_attr("fail_page_alloc", dir,
				  &swsmmu_page_alloc_attr);
}
