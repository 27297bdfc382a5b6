// SPDX-License-Identifier: GPL-2.0
/*
 * The compat layer of swsmmu-upstream.ko: the functions behind
 * drivers/upstream/compat.h, which arm-smmu-v3.c and io-pgtable-arm.c
 * (Linux 6.12, unmodified) are compiled against on x86.
 *
 * MMIO: arm-smmu-v3 maps its MMIO resource with devm_ioremap_resource()
 * and reaches its registers with readl/writel/readq/writeq.  The resource
 * is the register window of a software SMMU (drivers/board/upstream.c), so
 * "mapping" it records the window, and the cookie returned is the
 * resource's physical address, which is never dereferenced: an access at
 * cookie + offset becomes the software SMMU's register access at offset.
 */
#define pr_fmt(fmt) "swsmmu-upstream: " fmt

#include <linux/device.h>
#include <linux/io-pgtable.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <swsmmu/upstream.h>
#include "compat.h"

/* SMMUs this module can drive at once */
#define SWSMMU_UP_WINDOWS	4

/**
 * struct swsmmu_up_window - one mapped part of a register window
 * @start: the cookie: the start of the part mapped
 * @size: bytes mapped
 * @base: start of the device's MMIO resource: register offset 0
 * @pd: the board's platform data: the registers behind the window; NULL
 *      while the slot is free
 */
struct swsmmu_up_window {
	unsigned long start;
	unsigned long size;
	unsigned long base;
	const struct swsmmu_upstream_pdata *pd;
};

/* Writers hold swsmmu_up_lock; readers (every MMIO access) do not */
static struct swsmmu_up_window swsmmu_up_windows[SWSMMU_UP_WINDOWS];
static DEFINE_MUTEX(swsmmu_up_lock);

static void swsmmu_up_unmap(void *data)
{
	struct swsmmu_up_window *w = data;

	mutex_lock(&swsmmu_up_lock);
	WRITE_ONCE(w->pd, NULL);
	mutex_unlock(&swsmmu_up_lock);
}

/**
 * swsmmu_up_ioremap() - devm_ioremap_resource() of the SMMU's MMIO
 * @dev: the SMMU device, whose platform data is a swsmmu_upstream_pdata
 * @res: the part of its MMIO resource to map
 *
 * Return: the cookie for @res, unmapped when @dev unbinds; an ERR_PTR()
 * if @dev is not a software SMMU or every window is in use.
 */
void __iomem *swsmmu_up_ioremap(struct device *dev, const struct resource *res)
{
	const struct swsmmu_upstream_pdata *pd = dev_get_platdata(dev);
	struct swsmmu_up_window *w = NULL;
	struct resource *mmio;
	int i, ret;

	mmio = platform_get_resource(to_platform_device(dev), IORESOURCE_MEM, 0);
	if (!pd || !pd->hw || !mmio || res->start < mmio->start ||
	    res->end > mmio->end) {
		dev_err(dev, "not a software SMMU's register window\n");
		return IOMEM_ERR_PTR(-ENODEV);
	}
	mutex_lock(&swsmmu_up_lock);
	for (i = 0; i < SWSMMU_UP_WINDOWS; i++) {
		if (!swsmmu_up_windows[i].pd) {
			w = &swsmmu_up_windows[i];
			w->start = res->start;
			w->size = resource_size(res);
			w->base = mmio->start;
			/* Pairs with swsmmu_up_lookup(): publish it complete */
			smp_store_release(&w->pd, pd);
			break;
		}
	}
	mutex_unlock(&swsmmu_up_lock);
	if (!w)
		return IOMEM_ERR_PTR(-ENOSPC);
	ret = devm_add_action_or_reset(dev, swsmmu_up_unmap, w);
	if (ret)
		return IOMEM_ERR_PTR(ret);
	return (void __iomem *)res->start;
}

/* The window of an MMIO address; *offset is the register offset in it */
static const struct swsmmu_upstream_pdata *
swsmmu_up_lookup(const void __iomem *addr, u32 *offset)
{
	unsigned long a = (__force unsigned long)addr;
	const struct swsmmu_upstream_pdata *pd;
	int i;

	for (i = 0; i < SWSMMU_UP_WINDOWS; i++) {
		struct swsmmu_up_window *w = &swsmmu_up_windows[i];

		/* Pairs with swsmmu_up_ioremap(): see it complete */
		pd = smp_load_acquire(&w->pd);
		if (pd && a >= w->start && a - w->start < w->size) {
			/* page 1 is mapped on its own: offsets are from page 0 */
			*offset = a - w->base;
			return pd;
		}
	}
	WARN_ONCE(1, "MMIO access to unmapped %p\n", addr);
	return NULL;
}

/**
 * swsmmu_up_poll() - wfe() while polling: let every software SMMU do the
 *                    work that is due (swsmmu_hw_poll())
 */
void swsmmu_up_poll(void)
{
	const struct swsmmu_upstream_pdata *pd;
	int i;

	for (i = 0; i < SWSMMU_UP_WINDOWS; i++) {
		/* Pairs with swsmmu_up_ioremap(): see it complete */
		pd = smp_load_acquire(&swsmmu_up_windows[i].pd);
		if (pd && pd->poll)
			pd->poll(pd->hw);
	}
	cpu_relax();
}

/**
 * swsmmu_up_udelay() - udelay() of arm-smmu-v3: poll, then wait
 * @usecs: microseconds
 */
void swsmmu_up_udelay(unsigned long usecs)
{
	swsmmu_up_poll();
	__udelay(usecs);
}

/**
 * swsmmu_up_readl() - readl() and readl_relaxed() of an SMMU register
 * @addr: cookie + offset
 *
 * Return: the register; all ones if @addr is not mapped (a bus error)
 */
u32 swsmmu_up_readl(const void __iomem *addr)
{
	const struct swsmmu_upstream_pdata *pd;
	u32 offset;

	pd = swsmmu_up_lookup(addr, &offset);
	return pd ? pd->read32(pd->hw, offset) : ~0U;
}

/**
 * swsmmu_up_readq() - readq() and readq_relaxed() of an SMMU register
 * @addr: cookie + offset
 *
 * Return: the register; all ones if @addr is not mapped
 */
u64 swsmmu_up_readq(const void __iomem *addr)
{
	const struct swsmmu_upstream_pdata *pd;
	u32 offset;

	pd = swsmmu_up_lookup(addr, &offset);
	return pd ? pd->read64(pd->hw, offset) : ~0ULL;
}

/**
 * swsmmu_up_writel() - writel() and writel_relaxed() of an SMMU register
 * @val: value
 * @addr: cookie + offset
 *
 * The write is complete when it returns (the model is synchronous), which
 * is as ordered as writel() and more than writel_relaxed() requires.
 */
void swsmmu_up_writel(u32 val, void __iomem *addr)
{
	const struct swsmmu_upstream_pdata *pd;
	u32 offset;

	pd = swsmmu_up_lookup(addr, &offset);
	if (pd)
		pd->write32(pd->hw, offset, val);
}

/**
 * swsmmu_up_writeq() - writeq() and writeq_relaxed() of an SMMU register
 * @val: value
 * @addr: cookie + offset
 */
void swsmmu_up_writeq(u64 val, void __iomem *addr)
{
	const struct swsmmu_upstream_pdata *pd;
	u32 offset;

	pd = swsmmu_up_lookup(addr, &offset);
	if (pd)
		pd->write64(pd->hw, offset, val);
}

#if !IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_LPAE)
/*
 * io-pgtable's format dispatch, for the two formats arm-smmu-v3 uses.
 * alloc_io_pgtable_ops() of the kernel finds formats in a table built
 * from its own configuration, where Debian's x86 kernel has no LPAE, so
 * the formats of our io-pgtable-arm.c are looked up here instead.
 */
static const struct io_pgtable_init_fns *
swsmmu_up_pgtable_fns(enum io_pgtable_fmt fmt)
{
	switch (fmt) {
	case ARM_64_LPAE_S1:
		return &io_pgtable_arm_64_lpae_s1_init_fns;
	case ARM_64_LPAE_S2:
		return &io_pgtable_arm_64_lpae_s2_init_fns;
	default:
		return NULL;
	}
}

/**
 * swsmmu_up_alloc_io_pgtable_ops() - alloc_io_pgtable_ops() for LPAE
 * @fmt: ARM_64_LPAE_S1 or ARM_64_LPAE_S2
 * @cfg: the page-table configuration, updated with what was allocated
 * @cookie: passed to the TLB callbacks
 *
 * Return: the page-table ops, or NULL for another format or no memory.
 */
struct io_pgtable_ops *swsmmu_up_alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
						      struct io_pgtable_cfg *cfg,
						      void *cookie)
{
	const struct io_pgtable_init_fns *fns = swsmmu_up_pgtable_fns(fmt);
	struct io_pgtable *iop;

	if (!fns)
		return NULL;
	/* LPAE supports a custom allocator; arm-smmu-v3 never sets one */
	iop = fns->alloc(cfg, cookie);
	if (!iop)
		return NULL;
	iop->fmt = fmt;
	iop->cookie = cookie;
	iop->cfg = *cfg;
	return &iop->ops;
}

/**
 * swsmmu_up_free_io_pgtable_ops() - free_io_pgtable_ops() for LPAE
 * @ops: what swsmmu_up_alloc_io_pgtable_ops() returned, or NULL
 *
 * Flushes the TLB of the tables' users first, as the kernel's does.
 */
void swsmmu_up_free_io_pgtable_ops(struct io_pgtable_ops *ops)
{
	struct io_pgtable *iop;

	if (!ops)
		return;
	iop = io_pgtable_ops_to_pgtable(ops);
	io_pgtable_tlb_flush_all(iop);
	swsmmu_up_pgtable_fns(iop->fmt)->free(iop);
}
#endif /* !CONFIG_IOMMU_IO_PGTABLE_LPAE */
