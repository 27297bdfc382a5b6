/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * swsmmu test device character device: shared virtual addressing from user
 * space through a software SMMUv3.
 *
 * Each test device swsmmu-tdev.N has a character device /dev/swsmmu-tdevN
 * (root only, mode 0600).  A process opens it, binds its address space
 * (SWSMMU_IOC_BIND returns the PASID the device then uses for it) and
 * submits batches of descriptors that the device executes on the process's
 * virtual addresses.  Pages the device touches are faulted in on demand
 * through PRI page requests; an address the process could not access
 * itself with the same permission fails the descriptor.
 *
 * Every structure has only naturally aligned fixed-size fields; reserved
 * fields and unknown flags must be zero (else -EINVAL).  Once the test
 * device is removed or its driver unbound, every call on an open file
 * fails with -ENODEV.
 */
#ifndef _UAPI_LINUX_SWSMMU_H
#define _UAPI_LINUX_SWSMMU_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define SWSMMU_IOC_MAGIC	0xb7

/**
 * struct swsmmu_info - what the device offers (SWSMMU_IOC_INFO)
 * @flags: SWSMMU_INFO_SVA if processes can be bound; SWSMMU_INFO_STALL if
 *         the device's page faults stall in the SMMU (resolved with
 *         CMD_RESUME) instead of being PRI page requests
 * @max_pasids: the device's PASID space (2^pasid-num-bits); PASIDs 1 to
 *              @max_pasids - 1 can be handed out, shared by all devices
 * @max_descs: most descriptors in one batch
 * @max_batches: most batches submitted and not yet waited for per file
 * @max_len: largest @len of one descriptor, in bytes
 * @reserved: zero
 */
struct swsmmu_info {
	__u32 flags;
	__u32 max_pasids;
	__u32 max_descs;
	__u32 max_batches;
	__u64 max_len;
	__u64 reserved[2];
};

#define SWSMMU_INFO_SVA		_BITUL(0)
#define SWSMMU_INFO_STALL	_BITUL(1)

/**
 * struct swsmmu_bind - bind the caller's address space (SWSMMU_IOC_BIND)
 * @flags: zero
 * @pasid: out: the PASID
 *
 * One bond per open file.  Errors: -EBUSY if this file is already bound,
 * -ENOSPC when no PASID is left, -EOPNOTSUPP without SVA support.
 */
struct swsmmu_bind {
	__u32 flags;
	__u32 pasid;
};

/* Descriptor operations */
#define SWSMMU_OP_MEMCPY	1	/* copy @len bytes from @src to @dst */
#define SWSMMU_OP_FILL		2	/* fill @len bytes at @dst with @pattern */
#define SWSMMU_OP_COMPARE	3	/* compare @len bytes at @src and @dst */

/* Descriptor flags */
#define SWSMMU_DESC_COMPLETION	_BITUL(0)	/* write a completion record */

/**
 * struct swsmmu_desc - one operation on the bound process's memory
 * @op: SWSMMU_OP_*
 * @flags: SWSMMU_DESC_*
 * @reserved: zero
 * @src: source address (MEMCPY, COMPARE; zero for FILL)
 * @dst: destination address (compared with @src by COMPARE)
 * @len: bytes, 1 to swsmmu_info.max_len
 * @pattern: 8-byte pattern FILL repeats (little-endian byte order in
 *           memory); zero for the others
 * @completion: with SWSMMU_DESC_COMPLETION, the 8-byte aligned address of
 *              a struct swsmmu_completion the device writes (through the
 *              same PASID) when the descriptor is done; else zero
 */
struct swsmmu_desc {
	__u16 op;
	__u16 flags;
	__u32 reserved;
	__u64 src;
	__u64 dst;
	__u64 len;
	__u64 pattern;
	__u64 completion;
};

/* Completion status */
#define SWSMMU_STATUS_SUCCESS	1	/* done */
#define SWSMMU_STATUS_FAULT	2	/* a page could not be made accessible */
#define SWSMMU_STATUS_ERROR	3	/* other device error */

/**
 * struct swsmmu_completion - written by the device when a descriptor is done
 * @status: SWSMMU_STATUS_* (0 until the device writes the record)
 * @result: COMPARE: 0 if equal, 1 if not
 * @bytes: bytes processed; for an unequal COMPARE the offset of the first
 *         difference
 * @fault_addr: with SWSMMU_STATUS_FAULT, the address that faulted
 */
struct swsmmu_completion {
	__u32 status;
	__u32 result;
	__u64 bytes;
	__u64 fault_addr;
};

/**
 * struct swsmmu_submit - queue a batch of descriptors (SWSMMU_IOC_SUBMIT)
 * @descs: address of an array of @count struct swsmmu_desc
 * @count: 1 to swsmmu_info.max_descs
 * @flags: zero
 * @seq: out: the batch's sequence number, for SWSMMU_IOC_WAIT
 *
 * The batch runs asynchronously, descriptors in order.  Only the process
 * that bound the file may submit (-EPERM otherwise, e.g. a forked child);
 * -EAGAIN with swsmmu_info.max_batches batches not yet waited for.
 */
struct swsmmu_submit {
	__u64 descs;
	__u32 count;
	__u32 flags;
	__u64 seq;
};

/**
 * struct swsmmu_wait - wait for a batch (SWSMMU_IOC_WAIT)
 * @seq: the batch
 * @timeout_ms: how long to wait; 0 does not wait
 * @flags: zero
 * @completed: out: descriptors that succeeded
 * @failed: out: descriptors that failed
 * @error: out: 0, or the negative errno of the first failure (-EFAULT: a
 *         page fault that could not be resolved)
 * @first_failed: out: index of the first failed descriptor
 *
 * Returns 0 and forgets the batch once it is done, -ETIMEDOUT if it is
 * not done in time, -ENOENT for an unknown (or already waited) @seq,
 * -EPERM to any process but the one that bound the file, -ENODEV once
 * the device is gone.
 * poll() reports POLLIN while no batch is running.
 */
struct swsmmu_wait {
	__u64 seq;
	__u32 timeout_ms;
	__u32 flags;
	__u32 completed;
	__u32 failed;
	__s32 error;
	__u32 first_failed;
};

/**
 * struct swsmmu_fault_stats - fault statistics of this file's device work
 * @page_requests: page requests the device issued (PRI devices)
 * @responses_ok: Success responses it received, or stalls that were
 *                retried
 * @responses_fail: other responses, or stalls that were aborted (its
 *                  access then failed)
 * @descs_done: descriptors that succeeded
 * @descs_failed: descriptors that failed
 * @stalls: accesses that stalled in the SMMU (SWSMMU_INFO_STALL devices)
 * @reserved: zero
 */
struct swsmmu_fault_stats {
	__u64 page_requests;
	__u64 responses_ok;
	__u64 responses_fail;
	__u64 descs_done;
	__u64 descs_failed;
	__u64 stalls;
	__u64 reserved[2];
};

#define SWSMMU_IOC_INFO		_IOR(SWSMMU_IOC_MAGIC, 0, struct swsmmu_info)
#define SWSMMU_IOC_BIND		_IOWR(SWSMMU_IOC_MAGIC, 1, struct swsmmu_bind)
#define SWSMMU_IOC_UNBIND	_IO(SWSMMU_IOC_MAGIC, 2)
#define SWSMMU_IOC_SUBMIT	_IOWR(SWSMMU_IOC_MAGIC, 3, struct swsmmu_submit)
#define SWSMMU_IOC_WAIT		_IOWR(SWSMMU_IOC_MAGIC, 4, struct swsmmu_wait)
#define SWSMMU_IOC_STATS	_IOR(SWSMMU_IOC_MAGIC, 5, struct swsmmu_fault_stats)

#endif /* _UAPI_LINUX_SWSMMU_H */
