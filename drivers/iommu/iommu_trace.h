/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of swsmmu's IOMMU driver (system "swsmmu", beside the
 * software SMMU's own in drivers/model/model_trace.h).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM swsmmu

#if !defined(_SWSMMU_IOMMU_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SWSMMU_IOMMU_TRACE_H

#include <linux/tracepoint.h>

/*
 * One submission to the command queue: @n commands (a CMD_SYNC included
 * when @sync), and how long the driver waited from publishing PROD until
 * CONS passed the CMD_SYNC; @ret is 0 or -ETIMEDOUT
 */
TRACE_EVENT(swsmmu_cmdq_submit,
	TP_PROTO(const char *smmu, unsigned int n, bool sync, u64 wait_ns,
		 int ret),
	TP_ARGS(smmu, n, sync, wait_ns, ret),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(unsigned int, n)
		__field(bool, sync)
		__field(u64, wait_ns)
		__field(int, ret)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->n = n;
		__entry->sync = sync;
		__entry->wait_ns = wait_ns;
		__entry->ret = ret;
	),
	TP_printk("%s %u commands%s, waited %llu ns, ret %d", __get_str(smmu),
		  __entry->n, __entry->sync ? " with CMD_SYNC" : "",
		  __entry->wait_ns, __entry->ret)
);

/*
 * One DMA sanitizer report (drivers/iommu/sanitize.c): its class, the
 * access, and the stack depot handles of the mapping's map and unmap
 * (0: none), counted per class in driver/sanitizer
 */
TRACE_EVENT(swsmmu_sanitizer,
	TP_PROTO(const char *smmu, const char *dev, const char *class,
		 u32 sid, u64 iova, u64 len, bool write, u32 map_stack,
		 u32 unmap_stack),
	TP_ARGS(smmu, dev, class, sid, iova, len, write, map_stack,
		unmap_stack),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__string(dev, dev)
		__string(class, class)
		__field(u32, sid)
		__field(u64, iova)
		__field(u64, len)
		__field(bool, write)
		__field(u32, map_stack)
		__field(u32, unmap_stack)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__assign_str(dev);
		__assign_str(class);
		__entry->sid = sid;
		__entry->iova = iova;
		__entry->len = len;
		__entry->write = write;
		__entry->map_stack = map_stack;
		__entry->unmap_stack = unmap_stack;
	),
	TP_printk("%s %s %s sid=%#x iova=%#llx len=%#llx %s map_stack=%#x unmap_stack=%#x",
		  __get_str(smmu), __get_str(class), __get_str(dev),
		  __entry->sid, __entry->iova, __entry->len,
		  __entry->write ? "write" : "read", __entry->map_stack,
		  __entry->unmap_stack)
);

#endif /* _SWSMMU_IOMMU_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE iommu_trace
#include <trace/define_trace.h>
