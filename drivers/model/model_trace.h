/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the software SMMU (system "swsmmu"): what the hardware
 * did, decoded, for a driver developer reading ftrace, trace-cmd or perf.
 * The driver's own events are in drivers/iommu/iommu_trace.h.
 *
 * Each event is emitted where the matching debugfs counter counts, so a
 * trace and the counters always agree (the guest step "trace" checks it).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM swsmmu

#if !defined(_SWSMMU_MODEL_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SWSMMU_MODEL_TRACE_H

#include <linux/bitfield.h>
#include <linux/tracepoint.h>
#include <swsmmu/arch.h>

#define swsmmu_show_cmd(op)						\
	__print_symbolic(op,						\
		{ CMDQ_OP_PREFETCH_CONFIG,	"PREFETCH_CONFIG" },	\
		{ CMDQ_OP_PREFETCH_ADDR,	"PREFETCH_ADDR" },	\
		{ CMDQ_OP_CFGI_STE,		"CFGI_STE" },		\
		{ CMDQ_OP_CFGI_STE_RANGE,	"CFGI_STE_RANGE" },	\
		{ CMDQ_OP_CFGI_CD,		"CFGI_CD" },		\
		{ CMDQ_OP_CFGI_CD_ALL,		"CFGI_CD_ALL" },	\
		{ CMDQ_OP_TLBI_NH_ALL,		"TLBI_NH_ALL" },	\
		{ CMDQ_OP_TLBI_NH_ASID,		"TLBI_NH_ASID" },	\
		{ CMDQ_OP_TLBI_NH_VA,		"TLBI_NH_VA" },		\
		{ CMDQ_OP_TLBI_NH_VAA,		"TLBI_NH_VAA" },	\
		{ CMDQ_OP_TLBI_S12_VMALL,	"TLBI_S12_VMALL" },	\
		{ CMDQ_OP_TLBI_S2_IPA,		"TLBI_S2_IPA" },	\
		{ CMDQ_OP_TLBI_NSNH_ALL,	"TLBI_NSNH_ALL" },	\
		{ CMDQ_OP_PRI_RESP,		"PRI_RESP" },		\
		{ CMDQ_OP_RESUME,		"RESUME" },		\
		{ CMDQ_OP_STALL_TERM,		"STALL_TERM" },		\
		{ CMDQ_OP_SYNC,			"SYNC" })

/* Read once, though trace headers are read several times */
#ifndef _SWSMMU_MODEL_TRACE_HELPERS
#define _SWSMMU_MODEL_TRACE_HELPERS
/* TLBI opcodes are 0x10-0x3f; the others name a stream */
static inline bool swsmmu_cmd_is_tlbi(u8 op)
{
	return op >= 0x10 && op < 0x40;
}
#endif

/*
 * One command taken from the command queue, decoded: the StreamID and
 * SubstreamID of commands that name a stream, the ASID, VMID and address
 * of TLBIs (0 where a command has no such field), the raw qwords, and the
 * CERROR code it raised (0 if none)
 */
TRACE_EVENT(swsmmu_cmd,
	TP_PROTO(const char *smmu, const u64 *cmd, int err),
	TP_ARGS(smmu, cmd, err),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(u8, op)
		__field(u32, sid)
		__field(u32, ssid)
		__field(u16, asid)
		__field(u16, vmid)
		__field(u64, addr)
		__field(u64, q0)
		__field(u64, q1)
		__field(int, err)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->op = FIELD_GET(CMDQ_0_OP, cmd[0]);
		if (swsmmu_cmd_is_tlbi(__entry->op)) {
			__entry->sid = 0;
			__entry->ssid = 0;
			__entry->asid = FIELD_GET(CMDQ_TLBI_0_ASID, cmd[0]);
			__entry->vmid = FIELD_GET(CMDQ_TLBI_0_VMID, cmd[0]);
			__entry->addr = cmd[1] & CMDQ_TLBI_1_VA;
		} else {
			__entry->sid = FIELD_GET(CMDQ_CFGI_0_SID, cmd[0]);
			__entry->ssid = FIELD_GET(CMDQ_CFGI_0_SSID, cmd[0]);
			__entry->asid = 0;
			__entry->vmid = 0;
			__entry->addr = 0;
		}
		__entry->q0 = cmd[0];
		__entry->q1 = cmd[1];
		__entry->err = err;
	),
	TP_printk("%s CMD_%s sid=%#x ssid=%#x asid=%u vmid=%u addr=%#llx q0=%#llx q1=%#llx cerror=%d",
		  __get_str(smmu), swsmmu_show_cmd(__entry->op), __entry->sid,
		  __entry->ssid, __entry->asid, __entry->vmid, __entry->addr,
		  __entry->q0, __entry->q1, __entry->err)
);

/* A TLB invalidation, and how many IOTLB entries it removed */
TRACE_EVENT(swsmmu_tlbi,
	TP_PROTO(const char *smmu, u8 op, u16 asid, u16 vmid, u64 addr,
		 u64 size, bool leaf, unsigned int removed),
	TP_ARGS(smmu, op, asid, vmid, addr, size, leaf, removed),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(u8, op)
		__field(u16, asid)
		__field(u16, vmid)
		__field(u64, addr)
		__field(u64, size)
		__field(bool, leaf)
		__field(unsigned int, removed)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->op = op;
		__entry->asid = asid;
		__entry->vmid = vmid;
		__entry->addr = addr;
		__entry->size = size;
		__entry->leaf = leaf;
		__entry->removed = removed;
	),
	TP_printk("%s %s asid=%u vmid=%u addr=%#llx size=%#llx leaf=%d removed=%u",
		  __get_str(smmu),
		  __print_symbolic(__entry->op,
				   { 0, "NH_ALL" }, { 1, "NH_ASID" },
				   { 2, "NH_VA" }, { 3, "NH_VAA" },
				   { 4, "S12_VMALL" }, { 5, "S2_IPA" },
				   { 6, "NSNH_ALL" }),
		  __entry->asid, __entry->vmid, __entry->addr, __entry->size,
		  __entry->leaf, __entry->removed)
);

/* A configuration invalidation, and how many cached STEs/CDs it removed */
TRACE_EVENT(swsmmu_cfgi,
	TP_PROTO(const char *smmu, u8 op, u32 sid, u64 nr_sids, u32 ssid,
		 unsigned int removed),
	TP_ARGS(smmu, op, sid, nr_sids, ssid, removed),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(u8, op)
		__field(u32, sid)
		__field(u64, nr_sids)
		__field(u32, ssid)
		__field(unsigned int, removed)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->op = op;
		__entry->sid = sid;
		__entry->nr_sids = nr_sids;
		__entry->ssid = ssid;
		__entry->removed = removed;
	),
	TP_printk("%s %s sid=%#x nr_sids=%llu ssid=%#x removed=%u",
		  __get_str(smmu),
		  __print_symbolic(__entry->op,
				   { 0, "STE" }, { 1, "STE_RANGE" }, { 2, "ALL" },
				   { 3, "CD" }, { 4, "CD_ALL" }),
		  __entry->sid, __entry->nr_sids, __entry->ssid,
		  __entry->removed)
);

/*
 * A CMD_SYNC: how many CPUs had a transaction in flight that it waited
 * for, and for how long
 */
TRACE_EVENT(swsmmu_sync,
	TP_PROTO(const char *smmu, unsigned int waited_cpus, u64 wait_ns),
	TP_ARGS(smmu, waited_cpus, wait_ns),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(unsigned int, waited_cpus)
		__field(u64, wait_ns)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->waited_cpus = waited_cpus;
		__entry->wait_ns = wait_ns;
	),
	TP_printk("%s waited for %u CPUs, %llu ns", __get_str(smmu),
		  __entry->waited_cpus, __entry->wait_ns)
);

/*
 * An event record the SMMU tried to write to the event queue, decoded;
 * @ret is 0 if it was written, else why not (-ENOSPC: queue full, the
 * overflow flag set; -EIO: the queue is not writable or the write aborted)
 */
TRACE_EVENT(swsmmu_event,
	TP_PROTO(const char *smmu, const u64 *evt, int ret),
	TP_ARGS(smmu, evt, ret),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__string(name, smmu_event_name(FIELD_GET(EVTQ_0_ID, evt[0])))
		__field(u8, id)
		__field(u32, sid)
		__field(u32, ssid)
		__field(bool, ssv)
		__field(u64, addr)
		__field(u64, ipa)
		__field(bool, read)
		__field(bool, stall)
		__field(u16, stag)
		__field(int, ret)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__assign_str(name);
		__entry->id = FIELD_GET(EVTQ_0_ID, evt[0]);
		__entry->sid = FIELD_GET(EVTQ_0_SID, evt[0]);
		__entry->ssv = evt[0] & EVTQ_0_SSV;
		__entry->ssid = FIELD_GET(EVTQ_0_SSID, evt[0]);
		__entry->addr = evt[2];
		__entry->ipa = FIELD_GET(EVTQ_3_IPA, evt[3]) << 12;
		__entry->read = evt[1] & EVTQ_1_RnW;
		__entry->stall = evt[1] & EVTQ_1_STALL;
		__entry->stag = FIELD_GET(EVTQ_1_STAG, evt[1]);
		__entry->ret = ret;
	),
	TP_printk("%s %s(%#x) sid=%#x ssv=%d ssid=%#x addr=%#llx ipa=%#llx %s stall=%d stag=%#x %s",
		  __get_str(smmu), __get_str(name), __entry->id, __entry->sid,
		  __entry->ssv, __entry->ssid, __entry->addr, __entry->ipa,
		  __entry->read ? "read" : "write", __entry->stall,
		  __entry->stag,
		  !__entry->ret ? "written" :
		  __entry->ret == -ENOSPC ? "lost: queue full" : "lost")
);

/*
 * A transaction piece that did not translate: how it ended (terminated,
 * stalled, or RAZ/WI) and the event it raised; @recorded is false for a
 * silent termination (CD.R == 0, STE.S2R == 0) and the like
 */
TRACE_EVENT(swsmmu_fault,
	TP_PROTO(const char *smmu, u32 sid, bool ssv, u32 ssid, u64 iova,
		 bool write, u8 id, int outcome, bool recorded),
	TP_ARGS(smmu, sid, ssv, ssid, iova, write, id, outcome, recorded),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__string(name, smmu_event_name(id))
		__field(u32, sid)
		__field(bool, ssv)
		__field(u32, ssid)
		__field(u64, iova)
		__field(bool, write)
		__field(int, outcome)
		__field(bool, recorded)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__assign_str(name);
		__entry->sid = sid;
		__entry->ssv = ssv;
		__entry->ssid = ssid;
		__entry->iova = iova;
		__entry->write = write;
		__entry->outcome = outcome;
		__entry->recorded = recorded;
	),
	TP_printk("%s sid=%#x ssv=%d ssid=%#x iova=%#llx %s %s %s%s",
		  __get_str(smmu), __entry->sid, __entry->ssv, __entry->ssid,
		  __entry->iova, __entry->write ? "write" : "read",
		  __get_str(name),
		  __print_symbolic(__entry->outcome, { 1, "terminated" },
				   { 2, "RAZ/WI" }, { 3, "stalled" }),
		  __entry->recorded ? "" : " (not recorded)")
);

/*
 * Strict mode saw a driver error (drivers/model/strict.c): @kind 0 a torn
 * STE read, 1 a torn CD read (@addr the entry's PA, @v0/@v1 the qword as
 * read and as memory held it after), 2 a TLB conflict (@addr the input
 * address, @v0/@v1 the output addresses of the two matching entries).
 * Emitted where the torn_ste, torn_cd and tlb_conflict counters count.
 */
TRACE_EVENT(swsmmu_strict,
	TP_PROTO(const char *smmu, u8 kind, u32 sid, bool ssv, u32 ssid,
		 u64 addr, u64 v0, u64 v1),
	TP_ARGS(smmu, kind, sid, ssv, ssid, addr, v0, v1),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(u8, kind)
		__field(u32, sid)
		__field(bool, ssv)
		__field(u32, ssid)
		__field(u64, addr)
		__field(u64, v0)
		__field(u64, v1)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->kind = kind;
		__entry->sid = sid;
		__entry->ssv = ssv;
		__entry->ssid = ssid;
		__entry->addr = addr;
		__entry->v0 = v0;
		__entry->v1 = v1;
	),
	TP_printk("%s %s sid=%#x ssv=%d ssid=%#x addr=%#llx %#llx %#llx",
		  __get_str(smmu),
		  __print_symbolic(__entry->kind, { 0, "torn_ste" },
				   { 1, "torn_cd" }, { 2, "tlb_conflict" }),
		  __entry->sid, __entry->ssv, __entry->ssid, __entry->addr,
		  __entry->v0, __entry->v1)
);

/* A PRI Page Request the SMMU queued for a device (@last: PRG Last) */
TRACE_EVENT(swsmmu_page_request,
	TP_PROTO(const char *smmu, u32 sid, bool ssv, u32 ssid, u64 addr,
		 u16 grpid, bool last),
	TP_ARGS(smmu, sid, ssv, ssid, addr, grpid, last),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(u32, sid)
		__field(bool, ssv)
		__field(u32, ssid)
		__field(u64, addr)
		__field(u16, grpid)
		__field(bool, last)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->sid = sid;
		__entry->ssv = ssv;
		__entry->ssid = ssid;
		__entry->addr = addr;
		__entry->grpid = grpid;
		__entry->last = last;
	),
	TP_printk("%s sid=%#x ssv=%d ssid=%#x addr=%#llx grpid=%#x last=%d",
		  __get_str(smmu), __entry->sid, __entry->ssv, __entry->ssid,
		  __entry->addr, __entry->grpid, __entry->last)
);

/* The response a device received for its Page Request Group */
TRACE_EVENT(swsmmu_page_response,
	TP_PROTO(const char *smmu, u32 sid, u32 ssid, u16 grpid, int resp),
	TP_ARGS(smmu, sid, ssid, grpid, resp),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(u32, sid)
		__field(u32, ssid)
		__field(u16, grpid)
		__field(int, resp)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->sid = sid;
		__entry->ssid = ssid;
		__entry->grpid = grpid;
		__entry->resp = resp;
	),
	TP_printk("%s sid=%#x ssid=%#x grpid=%#x %s", __get_str(smmu),
		  __entry->sid, __entry->ssid, __entry->grpid,
		  __print_symbolic(__entry->resp,
				   { CMDQ_PRI_1_RESP_DENY, "Invalid Request" },
				   { CMDQ_PRI_1_RESP_FAIL, "Response Failure" },
				   { CMDQ_PRI_1_RESP_SUCC, "Success" },
				   { -ETIMEDOUT, "timed out" },
				   { -ERESTARTSYS, "interrupted" },
				   { -ENOENT, "no such request" }))
);

/* A transaction stalled (@stag), or its stall resolved (@retry or not) */
DECLARE_EVENT_CLASS(swsmmu_stall_class,
	TP_PROTO(const char *smmu, u32 sid, u16 stag, bool retry),
	TP_ARGS(smmu, sid, stag, retry),
	TP_STRUCT__entry(
		__string(smmu, smmu)
		__field(u32, sid)
		__field(u16, stag)
		__field(bool, retry)
	),
	TP_fast_assign(
		__assign_str(smmu);
		__entry->sid = sid;
		__entry->stag = stag;
		__entry->retry = retry;
	),
	TP_printk("%s sid=%#x stag=%#x retry=%d", __get_str(smmu),
		  __entry->sid, __entry->stag, __entry->retry)
);

DEFINE_EVENT(swsmmu_stall_class, swsmmu_stall,
	TP_PROTO(const char *smmu, u32 sid, u16 stag, bool retry),
	TP_ARGS(smmu, sid, stag, retry)
);

DEFINE_EVENT(swsmmu_stall_class, swsmmu_resume,
	TP_PROTO(const char *smmu, u32 sid, u16 stag, bool retry),
	TP_ARGS(smmu, sid, stag, retry)
);

#endif /* _SWSMMU_MODEL_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE model_trace
#include <trace/define_trace.h>
