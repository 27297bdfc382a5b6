// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: debugfs.
 *
 * The driver's files live in a driver/ subdirectory of the directory the
 * software SMMU gives its instance (swsmmu_hw_debugfs_dir()), so that one
 * place, /sys/kernel/debug/swsmmu/<instance>/, shows both the hardware and
 * the driver that programs it:
 *
 *   driver/counters  0400  struct swsmmu_stats and struct swsmmu_iopf_stats
 *                          (PRI and stall handling), one "name value" per
 *                          line
 *   driver/sanitizer 0400  the DMA sanitizer: on or off, reports by class
 *                          and in total (Documentation/diagnostics.rst)
 *   driver/sanitizer_last 0400  the text of its last report, also when
 *                          rate limiting kept it out of the kernel log
 *   driver/fail_page_alloc/   the fault attribute of the driver's page
 *                          allocations (inject.c)
 *
 * The directory is created at the end of a successful probe and removed
 * first thing in remove: debugfs_remove_recursive() waits for readers, so
 * no read sees a struct swsmmu_device being torn down.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "swsmmu.h"

static int swsmmu_counters_show(struct seq_file *m, void *v)
{
	struct swsmmu_device *smmu = m->private;
	struct swsmmu_stats *s = &smmu->stats;

	seq_printf(m, "maps %lld\n", atomic64_read(&s->maps));
	seq_printf(m, "unmaps %lld\n", atomic64_read(&s->unmaps));
	seq_printf(m, "commands %lld\n", atomic64_read(&s->commands));
	seq_printf(m, "cmd_errors %lld\n", atomic64_read(&s->cmd_errors));
	seq_printf(m, "events %lld\n", atomic64_read(&s->events));
	seq_printf(m, "faults %lld\n", atomic64_read(&s->faults));
	seq_printf(m, "evtq_overflows %lld\n",
		   atomic64_read(&s->evtq_overflows));
	seq_printf(m, "pri_page_requests %lld\n",
		   atomic64_read(&smmu->iopf.page_requests));
	seq_printf(m, "pri_responses_success %lld\n",
		   atomic64_read(&smmu->iopf.responses_ok));
	seq_printf(m, "pri_responses_failure %lld\n",
		   atomic64_read(&smmu->iopf.responses_fail));
	seq_printf(m, "priq_overflows %lld\n",
		   atomic64_read(&smmu->iopf.priq_overflows));
	seq_printf(m, "stall_events %lld\n",
		   atomic64_read(&smmu->iopf.stall_events));
	seq_printf(m, "resumes_retry %lld\n",
		   atomic64_read(&smmu->iopf.resumes_retry));
	seq_printf(m, "resumes_abort %lld\n",
		   atomic64_read(&smmu->iopf.resumes_abort));
	seq_printf(m, "iopf_faults_handled %lld\n",
		   atomic64_read(&smmu->iopf.faults_handled));
	seq_printf(m, "sva_invalidations %lld\n",
		   atomic64_read(&smmu->iopf.invalidations));
	seq_printf(m, "sva_table_pages %lld\n",
		   atomic64_read(&smmu->iopf.sva_table_pages));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swsmmu_counters);

static int swsmmu_sanitizer_show(struct seq_file *m, void *v)
{
	swsmmu_san_show(m, m->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swsmmu_sanitizer);

static int swsmmu_sanitizer_last_show(struct seq_file *m, void *v)
{
	char *buf = kmalloc(SWSMMU_SAN_REPORT_MAX, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	swsmmu_san_last_report(m->private, buf, SWSMMU_SAN_REPORT_MAX);
	seq_puts(m, buf);
	kfree(buf);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swsmmu_sanitizer_last);

/**
 * swsmmu_debugfs_init() - create the driver's debugfs files for an SMMU
 * @smmu: the SMMU, probed
 *
 * Nothing is created when the SMMU instance has no debugfs directory.
 * Failures are not fatal.
 */
void swsmmu_debugfs_init(struct swsmmu_device *smmu)
{
	struct dentry *parent = swsmmu_hw_debugfs_dir(smmu->hw);
	struct dentry *dir;

	if (!parent)
		return;
	dir = debugfs_create_dir("driver", parent);
	if (IS_ERR(dir))
		return;
	smmu->debugfs = dir;
	debugfs_create_file("counters", 0400, dir, smmu,
			    &swsmmu_counters_fops);
	debugfs_create_file("sanitizer", 0400, dir, smmu,
			    &swsmmu_sanitizer_fops);
	debugfs_create_file("sanitizer_last", 0400, dir, smmu,
			    &swsmmu_sanitizer_last_fops);
	swsmmu_inject_debugfs(dir);
}

/**
 * swsmmu_debugfs_exit() - remove the driver's debugfs files of an SMMU
 * @smmu: the SMMU
 *
 * Waits for reads in progress.  Safe when swsmmu_debugfs_init() created
 * nothing.
 */
void swsmmu_debugfs_exit(struct swsmmu_device *smmu)
{
	debugfs_remove_recursive(smmu->debugfs);
	smmu->debugfs = NULL;
}
