// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of I/O page faults on a paging domain (issue 15): what
 * iommufd does for a paging HWPT with a fault queue, done here by hand on
 * a PCIe test function.  A paging domain gets an iopf_handler, the device
 * IOMMU_DEV_FEAT_IOPF (PRI Enable), and the domain is attached with an
 * attach handle (iommu_attach_group_handle(), as iommufd does); then the
 * function's doorbell (include/uapi/swsmmu/pci_tdev.h, through config
 * space) makes it touch an IOVA the domain does not map.  The fault must
 * reach the handler as a page request without PASID, the answer must
 * reach the function: Success after the page is mapped completes the
 * command with the right data, Invalid Request fails it with the SMMU's
 * translation fault in its FAULT register.  A domain without a handler
 * keeps the old behaviour (the command fails at once), and detaching the
 * domain while a fault is outstanding (iommufd then answers Invalid)
 * completes the command as failed.
 *
 * Needs swsmmu.ko with PCIe test functions (pci_devices >= 1, the
 * default) that have the PRI capability (pci_caps, default
 * ats+pri+pasid) and IDR0.PRI.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/iommu.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <swsmmu/arch.h>
#include <uapi/swsmmu/pci_tdev.h>
#include "iommu/swsmmu.h"
#include "tdev/tdev.h"
#include "iommufd_internal.h"

MODULE_IMPORT_NS(IOMMUFD_INTERNAL);

/* IOVAs of the test domain, which maps nothing else */
#define IOPF_IOVA	0x10000000ULL
#define IOPF_IOVA2	0x10200000ULL
/* How long the function gets for a command, and a handler for a fault */
#define IOPF_WAIT_MS	5000
/*
 * How soon a command must fail once its fault is answered Invalid: well
 * before the function gives up on an answer that never comes (10 s), which
 * fails it the same way
 */
#define IOPF_PROMPT_MS	2000

struct iopf_ctx {
	struct pci_dev *pdev;
	struct iommu_group *group;
	struct iommu_domain *dom;
	struct iommu_attach_handle handle;
	bool attached;
	bool own_iopf;
	/* Protects @groups and @nr_groups against the handler */
	spinlock_t lock;
	struct list_head groups;
	unsigned int nr_groups;
	struct completion got;
	void *page;
	size_t map_size;
	unsigned int order;
};

/* The domain's iopf_handler: queue the group, as iommufd's handler does */
static int iopf_test_handler(struct iopf_group *group)
{
	struct iopf_ctx *ctx = group->attach_handle->domain->fault_data;

	/* We answer it: the core must not when the device goes */
	iopf_group_dequeue(group);
	spin_lock(&ctx->lock);
	list_add_tail(&group->node, &ctx->groups);
	ctx->nr_groups++;
	spin_unlock(&ctx->lock);
	complete(&ctx->got);
	return 0;
}

static struct iopf_group *iopf_next_group(struct iopf_ctx *ctx)
{
	struct iopf_group *group;

	spin_lock(&ctx->lock);
	group = list_first_entry_or_null(&ctx->groups, struct iopf_group, node);
	if (group)
		list_del_init(&group->node);
	spin_unlock(&ctx->lock);
	return group;
}

/* The next fault group, waiting for it; NULL after IOPF_WAIT_MS */
static struct iopf_group *iopf_wait_group(struct iopf_ctx *ctx)
{
	unsigned long end = jiffies + msecs_to_jiffies(IOPF_WAIT_MS);
	struct iopf_group *group;

	while (!(group = iopf_next_group(ctx))) {
		if (time_after(jiffies, end) ||
		    !wait_for_completion_timeout(&ctx->got,
						 msecs_to_jiffies(IOPF_WAIT_MS)))
			return NULL;
	}
	return group;
}

static void iopf_answer(struct iopf_group *group,
			enum iommu_page_response_code code)
{
	iopf_group_response(group, code);
	iopf_free_group(group);
}

static u32 iopf_reg(struct iopf_ctx *ctx, unsigned int reg)
{
	u32 v = 0;

	pci_read_config_dword(ctx->pdev, SWSMMU_PCI_REGS_OFFSET + reg, &v);
	return v;
}

static void iopf_reg_wr(struct iopf_ctx *ctx, unsigned int reg, u32 v)
{
	pci_write_config_dword(ctx->pdev, SWSMMU_PCI_REGS_OFFSET + reg, v);
}

/* Ring the doorbell for a command without PASID; do not wait */
static void iopf_ring(struct iopf_ctx *ctx, u32 op, u64 src, u64 dst, u32 len)
{
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_STATUS,
		    SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR);
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_OP, op);
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_PASID, 0);
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_LEN, len);
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_SRC_LO, lower_32_bits(src));
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_SRC_HI, upper_32_bits(src));
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_DST_LO, lower_32_bits(dst));
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_DST_HI, upper_32_bits(dst));
	iopf_reg_wr(ctx, SWSMMU_PCI_REG_DOORBELL, SWSMMU_PCI_DB_GO);
}

/* STATUS once the command is over; 0 if it still runs after @ms */
static u32 iopf_wait_done_ms(struct iopf_ctx *ctx, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	u32 st;

	for (;;) {
		st = iopf_reg(ctx, SWSMMU_PCI_REG_STATUS);
		if (st & SWSMMU_PCI_STATUS_DONE)
			return st;
		if (time_after(jiffies, end))
			return 0;
		usleep_range(1000, 2000);
	}
}

static u32 iopf_wait_done(struct iopf_ctx *ctx)
{
	return iopf_wait_done_ms(ctx, IOPF_WAIT_MS);
}

static u32 iopf_fill_op(u8 byte)
{
	return SWSMMU_PCI_OP_FILL | byte << SWSMMU_PCI_OP_FILL_SHIFT;
}

static int iopf_test_init(struct kunit *test)
{
	struct iopf_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	spin_lock_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->groups);
	init_completion(&ctx->got);
	test->priv = ctx;
	if (!swsmmu_kunit_smmu())
		kunit_skip(test, "swsmmu.ko is not loaded");
	ctx->pdev = pci_get_device(SWSMMU_PCI_VENDOR_ID, SWSMMU_PCI_DEVICE_ID,
				   NULL);
	if (!ctx->pdev)
		kunit_skip(test, "no PCIe test function (pci_devices=0)");
	if (!pci_find_ext_capability(ctx->pdev, PCI_EXT_CAP_ID_PRI))
		kunit_skip(test, "the function has no PRI capability");
	ctx->group = iommu_group_get(&ctx->pdev->dev);
	KUNIT_ASSERT_NOT_NULL(test, ctx->group);
	ctx->dom = iommu_paging_domain_alloc(&ctx->pdev->dev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx->dom));
	ctx->dom->fault_data = ctx;
	/* The domain's granule (granule=16/64): map that much, aligned */
	ctx->map_size = max_t(size_t, PAGE_SIZE,
			      1UL << __ffs(ctx->dom->pgsize_bitmap));
	ctx->order = get_order(ctx->map_size);
	ctx->page = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					     ctx->order);
	KUNIT_ASSERT_NOT_NULL(test, ctx->page);

	/* As iommufd: IOPF first (PRI on), then the attach */
	ret = iommu_dev_enable_feature(&ctx->pdev->dev, IOMMU_DEV_FEAT_IOPF);
	if (ret == -ENODEV)
		kunit_skip(test, "no IOPF: the SMMU has no PRI (features=-pri?)");
	/* Our function driver enables it for SVA already */
	KUNIT_ASSERT_TRUE(test, !ret || ret == -EBUSY);
	ctx->own_iopf = !ret;
	/* PCI Command.Bus Master: the function driver set it */
	return 0;
}

/* Attach with an attach handle, with or without a fault handler */
static void iopf_attach(struct kunit *test, bool handler)
{
	struct iopf_ctx *ctx = test->priv;

	ctx->dom->iopf_handler = handler ? iopf_test_handler : NULL;
	KUNIT_ASSERT_EQ(test, 0, iommu_attach_group_handle(ctx->dom,
							   ctx->group,
							   &ctx->handle));
	ctx->attached = true;
}

static void iopf_detach(struct iopf_ctx *ctx)
{
	if (!ctx->attached)
		return;
	iommu_detach_group_handle(ctx->dom, ctx->group);
	ctx->attached = false;
}

static void iopf_test_exit(struct kunit *test)
{
	struct iopf_ctx *ctx = test->priv;
	struct iopf_group *group;

	if (!ctx || !ctx->dom || IS_ERR(ctx->dom))
		goto out;
	/* As iommufd: detach, then answer what is left Invalid */
	iopf_detach(ctx);
	while ((group = iopf_next_group(ctx)))
		iopf_answer(group, IOMMU_PAGE_RESP_INVALID);
	/* The function's command (if any) ends now: no access after free */
	if (iopf_reg(ctx, SWSMMU_PCI_REG_STATUS) & SWSMMU_PCI_STATUS_BUSY)
		iopf_wait_done(ctx);
	if (ctx->own_iopf)
		iommu_dev_disable_feature(&ctx->pdev->dev, IOMMU_DEV_FEAT_IOPF);
	iommu_domain_free(ctx->dom);
out:
	if (ctx && ctx->page)
		free_pages((unsigned long)ctx->page, ctx->order);
	if (ctx && ctx->group)
		iommu_group_put(ctx->group);
	if (ctx)
		pci_dev_put(ctx->pdev);
}

/* Check one fault: a page request of @perm at @addr's page, no PASID */
static void iopf_check_fault(struct kunit *test, struct iopf_group *group,
			     u64 addr, u32 perm)
{
	struct iopf_ctx *ctx = test->priv;
	const struct iommu_fault_page_request *prm;
	struct iopf_fault *iopf;
	unsigned int n = 0;

	KUNIT_EXPECT_PTR_EQ(test, group->attach_handle, &ctx->handle);
	list_for_each_entry(iopf, &group->faults, list) {
		prm = &iopf->fault.prm;
		KUNIT_EXPECT_EQ(test, iopf->fault.type, IOMMU_FAULT_PAGE_REQ);
		KUNIT_EXPECT_EQ(test, prm->addr, addr & ~(u64)(SZ_4K - 1));
		KUNIT_EXPECT_EQ(test, prm->perm, perm);
		/* iommufd's iommu_hwpt_pgfault: flags LAST_PAGE, pasid 0 */
		KUNIT_EXPECT_EQ(test, prm->flags,
				IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE);
		KUNIT_EXPECT_EQ(test, prm->pasid, 0);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, group->fault_count, 1);
}

/*
 * Ring @op and wait for the fault it must raise on @page: the group
 * reported, checked (@perm), not answered yet
 */
static struct iopf_group *iopf_ring_fault(struct kunit *test, u32 op,
					  u64 src, u64 dst, u32 len, u64 page,
					  u32 perm)
{
	struct iopf_ctx *ctx = test->priv;
	struct iopf_group *group;

	iopf_ring(ctx, op, src, dst, len);
	group = iopf_wait_group(ctx);
	KUNIT_ASSERT_NOT_NULL_MSG(test, group, "no fault reported");
	iopf_check_fault(test, group, page, perm);
	return group;
}

/*
 * A write and a read at unmapped IOVAs: each is reported, waits for the
 * answer, and completes with the data of the page mapped meanwhile
 */
static void iopf_success(struct kunit *test)
{
	struct iopf_ctx *ctx = test->priv;
	struct iopf_group *group;
	u8 *p = ctx->page;
	u32 st, crc;
	int i;

	iopf_attach(test, true);
	group = iopf_ring_fault(test, iopf_fill_op(0x5c), 0, IOPF_IOVA + 0x100,
				0x200, IOPF_IOVA + 0x100,
				IOMMU_FAULT_PERM_WRITE);
	/* The access waits for the answer */
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_STATUS),
			SWSMMU_PCI_STATUS_BUSY);
	KUNIT_ASSERT_EQ(test, 0, iommu_map(ctx->dom, IOPF_IOVA,
					   virt_to_phys(p), ctx->map_size,
					   IOMMU_READ | IOMMU_WRITE,
					   GFP_KERNEL));
	iopf_answer(group, IOMMU_PAGE_RESP_SUCCESS);
	st = iopf_wait_done(ctx);
	KUNIT_EXPECT_EQ(test, st, SWSMMU_PCI_STATUS_DONE);
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_XFER), 0x200);
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_FAULT), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i] != (i >= 0x100 && i < 0x300 ? 0x5c : 0)) {
			KUNIT_FAIL(test, "byte %#x is %#x", i, p[i]);
			break;
		}
	KUNIT_EXPECT_EQ(test, ctx->nr_groups, 1);

	/* A read asks for read permission; its CRC is of the new page */
	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = i * 7 + 3;
	group = iopf_ring_fault(test, SWSMMU_PCI_OP_READ, IOPF_IOVA2, 0,
				PAGE_SIZE, IOPF_IOVA2, IOMMU_FAULT_PERM_READ);
	KUNIT_ASSERT_EQ(test, 0, iommu_map(ctx->dom, IOPF_IOVA2,
					   virt_to_phys(p), ctx->map_size,
					   IOMMU_READ, GFP_KERNEL));
	iopf_answer(group, IOMMU_PAGE_RESP_SUCCESS);
	st = iopf_wait_done(ctx);
	KUNIT_EXPECT_EQ(test, st, SWSMMU_PCI_STATUS_DONE);
	crc = ~crc32_le(~0U, p, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_CRC), crc);
	KUNIT_EXPECT_EQ(test, ctx->nr_groups, 2);
}

/*
 * The FAULT register of a write the SMMU refused with a translation fault,
 * promptly: an answer that did not reach the function fails it too, but
 * only when the function stops waiting
 */
static void iopf_expect_failed(struct kunit *test, u64 addr)
{
	struct iopf_ctx *ctx = test->priv;
	u32 fault = FIELD_PREP(SWSMMU_PCI_FAULT_ERR, SWSMMU_PCI_ERR_FAULT) |
		    FIELD_PREP(SWSMMU_PCI_FAULT_EVENT, EVT_ID_TRANSLATION) |
		    SWSMMU_PCI_FAULT_WRITE;

	KUNIT_EXPECT_EQ_MSG(test, iopf_wait_done_ms(ctx, IOPF_PROMPT_MS),
			    SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR,
			    "the command did not fail within %u ms",
			    IOPF_PROMPT_MS);
	/* Over by now either way: what it says */
	iopf_wait_done(ctx);
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_FAULT), fault);
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_FAULT_ADDR_LO),
			lower_32_bits(addr));
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_FAULT_ADDR_HI),
			upper_32_bits(addr));
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_XFER), 0);
}

/* Invalid Request: the access fails, once, with the translation fault */
static void iopf_invalid(struct kunit *test)
{
	struct iopf_ctx *ctx = test->priv;
	struct iopf_group *group;

	iopf_attach(test, true);
	group = iopf_ring_fault(test, iopf_fill_op(0x11), 0, IOPF_IOVA + 0x40,
				8, IOPF_IOVA, IOMMU_FAULT_PERM_WRITE);
	iopf_answer(group, IOMMU_PAGE_RESP_INVALID);
	iopf_expect_failed(test, IOPF_IOVA + 0x40);
	/* No second request after Invalid Request */
	KUNIT_EXPECT_EQ(test, ctx->nr_groups, 1);
}

/* A domain without iopf_handler: the fault fails the access at once */
static void iopf_no_handler(struct kunit *test)
{
	struct iopf_ctx *ctx = test->priv;

	iopf_attach(test, false);
	iopf_ring(ctx, iopf_fill_op(0x22), 0, IOPF_IOVA + 0x80, 8);
	iopf_expect_failed(test, IOPF_IOVA + 0x80);
	KUNIT_EXPECT_EQ(test, ctx->nr_groups, 0);
}

/*
 * The domain goes while a fault is outstanding: iommufd detaches, then
 * answers Invalid; the access fails (no hang) and nothing leaks
 */
static void iopf_detach_outstanding(struct kunit *test)
{
	struct iopf_ctx *ctx = test->priv;
	struct iopf_group *group;

	iopf_attach(test, true);
	group = iopf_ring_fault(test, iopf_fill_op(0x33), 0, IOPF_IOVA + 0x10,
				8, IOPF_IOVA, IOMMU_FAULT_PERM_WRITE);
	iopf_detach(ctx);
	KUNIT_EXPECT_EQ(test, iopf_reg(ctx, SWSMMU_PCI_REG_STATUS),
			SWSMMU_PCI_STATUS_BUSY);
	iopf_answer(group, IOMMU_PAGE_RESP_INVALID);
	iopf_expect_failed(test, IOPF_IOVA + 0x10);
}

static struct kunit_case iopf_cases[] = {
	KUNIT_CASE(iopf_success),
	KUNIT_CASE(iopf_invalid),
	KUNIT_CASE(iopf_no_handler),
	KUNIT_CASE(iopf_detach_outstanding),
	{}
};

static struct kunit_suite iopf_suite = {
	.name = "swsmmu-iopf",
	.init = iopf_test_init,
	.exit = iopf_test_exit,
	.test_cases = iopf_cases,
};

kunit_test_suite(iopf_suite);
