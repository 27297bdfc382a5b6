// SPDX-License-Identifier: GPL-2.0
/*
 * The software SMMU's memory port: descriptor fetches and the data accesses
 * of translated transactions.
 *
 * Descriptor fetches are single-copy-atomic 64-bit loads, one per qword, in
 * the order the caller asks for them, so that a driver's tear-free update
 * protocol is exercised for real.  An address that is not backed by RAM
 * returns -EFAULT, which the caller turns into the architectural external
 * abort (F_WALK_EABT, F_STE_FETCH, F_CD_FETCH) instead of an oops.
 */
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/kasan-checks.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include "model.h"

static void *hw_mem_ptr(u64 pa)
{
	if (pa >= BIT_ULL(MAX_PHYSMEM_BITS) || !pfn_valid(PHYS_PFN(pa)))
		return NULL;
	return phys_to_virt(pa);
}

/**
 * hw_read_desc() - fetch one 64-bit descriptor
 * @hw: the instance
 * @pa: physical address, 8-byte aligned
 * @val: the value read
 *
 * Return: 0, or -EFAULT if @pa is not RAM.
 */
int hw_read_desc(struct swsmmu_hw *hw, u64 pa, u64 *val)
{
	__le64 *p, raw;

	if (!IS_ALIGNED(pa, 8))
		return -EFAULT;
	p = hw_mem_ptr(pa);
	if (!p)
		return -EFAULT;
	/* Catch a driver that lets the SMMU walk freed memory */
	kasan_check_read(p, sizeof(*p));
	if (get_kernel_nofault(raw, p))
		return -EFAULT;
	/* SMMU structures are little-endian (IDR0.TTENDIAN) */
	*val = le64_to_cpu(raw);
	return 0;
}
