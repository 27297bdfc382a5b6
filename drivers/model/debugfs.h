/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software SMMU's debugfs files (drivers/model/debugfs.c): the parsers
 * and the generators of each file's text, visible to the KUnit tests only.
 * Nothing else includes this file; the life cycle and the event and
 * command hooks are declared in model.h.
 */
#ifndef _SWSMMU_MODEL_DEBUGFS_H
#define _SWSMMU_MODEL_DEBUGFS_H

#include <linux/seq_file.h>
#include "model.h"

/* Event log entries kept per instance, the newest ones */
#define HW_DBG_EVLOG_LEN	64
/* The longest command a debugfs file accepts, in bytes */
#define HW_DBG_CMD_MAX		128

/* Static unless KUnit tests them (VISIBLE_IF_KUNIT) */
#if IS_ENABLED(CONFIG_KUNIT)
int swsmmu_hw_dbg_parse_sid(const struct swsmmu_hw *hw, char *buf, u32 *sid);
int swsmmu_hw_dbg_parse_cd(const struct swsmmu_hw *hw, char *buf, u32 *sid,
			   u32 *ssid);
int swsmmu_hw_dbg_parse_txn(const struct swsmmu_hw *hw, char *buf,
			    struct swsmmu_txn *txn, u64 *iova);

void swsmmu_hw_dbg_show_regs(struct seq_file *m, struct swsmmu_hw *hw);
void swsmmu_hw_dbg_show_ste(struct seq_file *m, struct swsmmu_hw *hw, u32 sid);
void swsmmu_hw_dbg_show_cd(struct seq_file *m, struct swsmmu_hw *hw, u32 sid,
			   u32 ssid);
void swsmmu_hw_dbg_show_xlate(struct seq_file *m, struct swsmmu_hw *hw,
			      const struct swsmmu_txn *txn, u64 iova);
int swsmmu_hw_dbg_show_events(struct seq_file *m, struct swsmmu_hw *hw);
void swsmmu_hw_dbg_show_counters(struct seq_file *m, struct swsmmu_hw *hw);
#endif

#endif /* _SWSMMU_MODEL_DEBUGFS_H */
