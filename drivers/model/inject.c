// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: fault injection.
 *
 * Each instance has one fault attribute per enum hw_inject, armed through
 * the kernel's fault-injection files in /sys/kernel/debug/swsmmu/<name>/
 * fault/<attribute>/ (probability, interval, times, space, verbose, ...;
 * Documentation/fault-injection/fault-injection.rst and
 * Documentation/faults.rst).  Every attribute starts disarmed
 * (probability 0).  An armed site behaves as the architecture says the
 * SMMU behaves when that access hits an external abort, so the driver sees
 * nothing it could not see on silicon:
 *
 *   fail_ste_fetch   STE or L1STD fetch: F_STE_FETCH, the transaction aborts
 *   fail_cd_fetch    CD or L1CD fetch: F_CD_FETCH, the transaction aborts
 *   fail_walk_fetch  table descriptor fetch: F_WALK_EABT
 *   fail_cmd_fetch   command fetch: CMDQ_CONS.ERR = CERROR_ABT and
 *                    GERROR.CMDQ_ERR; the queue stops on that command
 *   fail_evtq_write  event record write: GERROR.EVTQ_ABT_ERR, the record is
 *                    lost and PROD does not move
 *   fail_priq_write  PRI record write: GERROR.PRIQ_ABT_ERR, the request is
 *                    lost and answered with Response Failure
 *   fail_msi_write   CMD_SYNC completion MSI write: GERROR.MSI_CMDQ_ABT_ERR
 *                    (the model sends no other MSI)
 *   fail_pri_resp    a CMD_PRI_RESP is consumed but its response never
 *                    reaches the device, which times out
 *   fail_resume      a CMD_RESUME is consumed but resumes nothing; the
 *                    stalled transaction is terminated by the device's
 *                    timeout (swsmmu_hw.stall_timeout), by CMD_STALL_TERM
 *                    or by SMMUEN 1->0
 *
 * Without CONFIG_FAULT_INJECTION the attributes are empty and the sites
 * compile to nothing; without CONFIG_FAULT_INJECTION_DEBUG_FS there are no
 * files (Debian's stock kernel has neither).
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include "model.h"

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
static const char * const hw_inject_names[HW_INJ_NR] = {
	[HW_INJ_STE_FETCH]	= "fail_ste_fetch",
	[HW_INJ_CD_FETCH]	= "fail_cd_fetch",
	[HW_INJ_WALK_FETCH]	= "fail_walk_fetch",
	[HW_INJ_CMD_FETCH]	= "fail_cmd_fetch",
	[HW_INJ_EVTQ_WRITE]	= "fail_evtq_write",
	[HW_INJ_PRIQ_WRITE]	= "fail_priq_write",
	[HW_INJ_MSI_WRITE]	= "fail_msi_write",
	[HW_INJ_PRI_RESP_LOST]	= "fail_pri_resp",
	[HW_INJ_RESUME_LOST]	= "fail_resume",
};
#endif

/**
 * hw_inject_init() - disarm every fault attribute of a new instance
 * @hw: the instance, not yet in use
 */
void hw_inject_init(struct swsmmu_hw *hw)
{
#ifdef CONFIG_FAULT_INJECTION
	static const struct fault_attr disarmed = FAULT_ATTR_INITIALIZER;
	unsigned int i;

	for (i = 0; i < HW_INJ_NR; i++) {
		hw->inject[i] = disarmed;
		/*
		 * One line per injected fault, no stack: several sites run
		 * with the model's spinlocks held, once per transaction
		 */
		hw->inject[i].verbose = 1;
	}
#endif
	hw->stall_timeout = HW_STALL_TIMEOUT;
}

/**
 * hw_inject_debugfs() - create the fault/ directory of an instance
 * @hw: the instance
 * @parent: its debugfs directory
 *
 * Nothing is created without CONFIG_FAULT_INJECTION_DEBUG_FS.  Failures
 * are not fatal: the attributes then stay disarmed.
 */
void hw_inject_debugfs(struct swsmmu_hw *hw, struct dentry *parent)
{
#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
	struct dentry *dir;
	unsigned int i;

	dir = debugfs_create_dir("fault", parent);
	if (IS_ERR(dir))
		return;
	for (i = 0; i < HW_INJ_NR; i++)
		fault_create_debugfs_attr(hw_inject_names[i], dir,
					  &hw->inject[i]);
#endif
}
