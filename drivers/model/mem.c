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
 * @pa: physical address, 8-byte aligned
 * @val: the value read
 *
 * Return: 0, or -EFAULT if @pa is not RAM.
 */
int hw_read_desc(u64 pa, u64 *val)
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

/**
 * hw_write_desc() - write one 64-bit queue record word
 * @pa: physical address, 8-byte aligned
 * @val: the value, stored little-endian in one single-copy-atomic write
 *
 * Return: 0, or -EFAULT if @pa is not writable RAM.
 */
int hw_write_desc(u64 pa, u64 val)
{
	__le64 raw = cpu_to_le64(val);
	void *p;

	if (!IS_ALIGNED(pa, 8))
		return -EFAULT;
	p = hw_mem_ptr(pa);
	if (!p)
		return -EFAULT;
	kasan_check_write(p, sizeof(raw));
	/* one store; a fault (read-only mapping) is fixed up, not an oops */
	pagefault_disable();
	__put_kernel_nofault(p, &raw, __le64, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

/**
 * hw_write32_pa() - write a 32-bit word, as an MSI write does
 * @pa: physical address, 4-byte aligned
 * @val: the value, stored little-endian in one write
 *
 * Return: 0, or -EFAULT if @pa is not writable RAM.
 */
int hw_write32_pa(u64 pa, u32 val)
{
	__le32 raw = cpu_to_le32(val);
	void *p;

	if (!IS_ALIGNED(pa, 4))
		return -EFAULT;
	p = hw_mem_ptr(pa);
	if (!p)
		return -EFAULT;
	kasan_check_write(p, sizeof(raw));
	pagefault_disable();
	__put_kernel_nofault(p, &raw, __le32, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

/**
 * hw_mem_copy() - the data access of one translated piece of a transaction
 * @pa: physical address of the first byte
 * @buf: kernel buffer
 * @len: bytes, not crossing a page boundary at @pa
 * @write: copy @buf to memory, else memory to @buf
 *
 * Return: 0, or -EIO if @pa is not memory (an external abort on the bus).
 */
int hw_mem_copy(u64 pa, void *buf, size_t len, bool write)
{
	struct page *page;
	void *va;

	if (!pfn_valid(PHYS_PFN(pa)))
		return -EIO;
	page = pfn_to_page(PHYS_PFN(pa));
	va = kmap_local_page(page) + offset_in_page(pa);
	if (write)
		memcpy(va, buf, len);
	else
		memcpy(buf, va, len);
	kunmap_local(va);
	return 0;
}
