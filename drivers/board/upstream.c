// SPDX-License-Identifier: GPL-2.0
/*
 * The board of the upstream lane: with driver=upstream, swsmmu.ko describes
 * its software SMMU the way ACPI firmware describes an SMMUv3 to Linux, and
 * Linux's own arm-smmu-v3 driver (swsmmu-upstream.ko, which must be loaded
 * first) binds to it instead of ours:
 *
 *  - a platform device "arm-smmu-v3" whose MMIO resource is the software
 *    SMMU's register window (pages 0 and 1, 128K at an unused physical
 *    address; the compat layer routes accesses to it, see
 *    include/swsmmu/upstream.h);
 *  - an IORT SMMUv3 node as its platform data, as iort.c passes one:
 *    generic model, coherent (COHACC override), HTTU override = IDR0.HTTU;
 *  - wired interrupts "eventq", "priq" and "gerror", from an IRQ domain of
 *    ours, fired by the software SMMU's interrupt callback;
 *  - and, as in our lane, the board's control files on the SMMU device
 *    and test devices whose fwspecs name its fwnode (clients.c).
 */
#define pr_fmt(fmt) "swsmmu: " fmt

#include <linux/acpi.h>
#include <linux/acpi_iort.h>
#include <linux/bitfield.h>
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include <swsmmu/upstream.h>
#include "board.h"

/* The wired interrupt lines, in the order of our IRQ domain's hwirqs */
static const struct {
	const char *name;
	unsigned int line;
} swsmmu_up_irqs[] = {
	{ "eventq", SWSMMU_IRQ_EVTQ },
	{ "priq", SWSMMU_IRQ_PRIQ },
	{ "gerror", SWSMMU_IRQ_GERROR },
};

#define SWSMMU_UP_NR_IRQS	ARRAY_SIZE(swsmmu_up_irqs)

/**
 * struct swsmmu_board_up - what the upstream lane adds to a board
 * @fwnode: fwnode of the IRQ domain
 * @domain: the IRQ domain of the SMMU's wired interrupts
 * @virq: Linux interrupt of each line of swsmmu_up_irqs
 * @iort: the IORT node (struct acpi_iort_node + struct acpi_iort_smmu_v3)
 */
struct swsmmu_board_up {
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	unsigned int virq[SWSMMU_UP_NR_IRQS];
	struct acpi_iort_node *iort;
};

static bool swsmmu_driver_upstream;

static int swsmmu_driver_set(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "swsmmu"))
		swsmmu_driver_upstream = false;
	else if (sysfs_streq(val, "upstream"))
		swsmmu_driver_upstream = true;
	else
		return -EINVAL;
	return 0;
}

static int swsmmu_driver_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  swsmmu_driver_upstream ? "upstream" : "swsmmu");
}

static const struct kernel_param_ops swsmmu_driver_ops = {
	.set = swsmmu_driver_set,
	.get = swsmmu_driver_get,
};
module_param_cb(driver, &swsmmu_driver_ops, NULL, 0444);
MODULE_PARM_DESC(driver, "IOMMU driver of the SMMU: swsmmu (ours, default) or upstream (Linux's arm-smmu-v3 from swsmmu-upstream.ko, loaded first)");

/**
 * swsmmu_upstream_selected() - is the upstream lane asked for?
 *
 * Return: true with driver=upstream.
 */
bool swsmmu_upstream_selected(void)
{
	return swsmmu_driver_upstream;
}

/* The software SMMU's interrupt callback: its lines become Linux interrupts */
static void swsmmu_up_irq(void *priv, unsigned int lines)
{
	struct swsmmu_board_up *up = priv;
	unsigned int i;

	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++)
		if (lines & swsmmu_up_irqs[i].line)
			generic_handle_irq_safe(up->virq[i]);
}

static int swsmmu_up_irq_map(struct irq_domain *d, unsigned int virq,
			     irq_hw_number_t hwirq)
{
	/* Edge-like lines that need no acknowledgment: the simple flow */
	irq_set_chip_and_handler(virq, &dummy_irq_chip, handle_simple_irq);
	return 0;
}

static const struct irq_domain_ops swsmmu_up_irq_ops = {
	.map = swsmmu_up_irq_map,
};

static int swsmmu_up_irqs_create(struct swsmmu_board_up *up)
{
	unsigned int i;

	up->fwnode = irq_domain_alloc_named_fwnode("swsmmu-upstream");
	if (!up->fwnode)
		return -ENOMEM;
	up->domain = irq_domain_create_simple(up->fwnode, SWSMMU_UP_NR_IRQS, 0,
					      &swsmmu_up_irq_ops, up);
	if (!up->domain) {
		irq_domain_free_fwnode(up->fwnode);
		return -ENOMEM;
	}
	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++) {
		up->virq[i] = irq_create_mapping(up->domain, i);
		if (!up->virq[i])
			return -ENOMEM;	/* the caller disposes of the rest */
	}
	return 0;
}

static void swsmmu_up_irqs_destroy(struct swsmmu_board_up *up)
{
	unsigned int i;

	if (!up->domain)
		return;
	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++)
		if (up->virq[i])
			irq_dispose_mapping(up->virq[i]);
	irq_domain_remove(up->domain);
	irq_domain_free_fwnode(up->fwnode);
}

/* The IORT SMMUv3 node firmware would publish for this SMMU */
static struct acpi_iort_node *swsmmu_up_iort_node(struct swsmmu_hw *hw,
						  phys_addr_t base)
{
	struct acpi_iort_smmu_v3 *smmu;
	struct acpi_iort_node *node;
	u32 idr0 = swsmmu_hw_read32(hw, SMMU_IDR0);

	node = kzalloc(sizeof(*node) + sizeof(*smmu), GFP_KERNEL);
	if (!node)
		return NULL;
	node->type = ACPI_IORT_NODE_SMMU_V3;
	node->length = sizeof(*node) + sizeof(*smmu);
	node->revision = 4;
	smmu = (struct acpi_iort_smmu_v3 *)node->node_data;
	smmu->base_address = base;
	smmu->model = ACPI_IORT_SMMU_V3_GENERIC;
	/* Coherent, as IDR0.COHACC says; HTTU as IDR0.HTTU says */
	smmu->flags = ((idr0 & IDR0_COHACC) ? ACPI_IORT_SMMU_V3_COHACC_OVERRIDE : 0) |
		      FIELD_PREP(ACPI_IORT_SMMU_V3_HTTU_OVERRIDE,
				 FIELD_GET(IDR0_HTTU, idr0));
	return node;
}

/* A physical address range no RAM or device uses, for the MMIO resource */
static int swsmmu_up_mmio_range(struct resource *res)
{
	struct resource probe = DEFINE_RES_MEM_NAMED(0, SMMU_REG_SIZE,
						     "swsmmu-upstream");
	int ret;

	ret = allocate_resource(&iomem_resource, &probe, SMMU_REG_SIZE, SZ_4G,
				iomem_resource.end, SZ_64K, NULL, NULL);
	if (ret)
		return ret;
	release_resource(&probe);
	*res = DEFINE_RES_MEM_NAMED(probe.start, SMMU_REG_SIZE,
				    "swsmmu-upstream");
	return 0;
}

static int swsmmu_up_pdev_create(struct swsmmu_board *board)
{
	struct swsmmu_board_up *up = board->up;
	struct swsmmu_hw *hw = board->hw;
	static const struct property_entry no_props[] = { { } };
	struct swsmmu_upstream_pdata pd = {
		.hw = hw,
		.read32 = swsmmu_hw_read32,
		.write32 = swsmmu_hw_write32,
		.read64 = swsmmu_hw_read64,
		.write64 = swsmmu_hw_write64,
		.poll = swsmmu_hw_poll,
	};
	struct resource res[1 + SWSMMU_UP_NR_IRQS];
	struct platform_device *pdev;
	unsigned int i;
	int ret;

	ret = swsmmu_up_mmio_range(&res[0]);
	if (ret)
		return ret;
	for (i = 0; i < SWSMMU_UP_NR_IRQS; i++)
		res[1 + i] = DEFINE_RES_IRQ_NAMED(up->virq[i],
						  swsmmu_up_irqs[i].name);
	up->iort = swsmmu_up_iort_node(hw, res[0].start);
	if (!up->iort)
		return -ENOMEM;
	pd.iort_node = up->iort;

	pdev = platform_device_alloc("arm-smmu-v3", 0);
	if (!pdev)
		return -ENOMEM;
	ret = platform_device_add_resources(pdev, res, ARRAY_SIZE(res));
	if (ret)
		goto err_put;
	ret = platform_device_add_data(pdev, &pd, sizeof(pd));
	if (ret)
		goto err_put;
	/* The fwnode that the IOMMU registers with and fwspecs name */
	ret = device_create_managed_software_node(&pdev->dev, no_props, NULL);
	if (ret)
		goto err_put;
	return swsmmu_board_publish_smmu(board, pdev, "arm-smmu-v3",
					 " (is swsmmu-upstream.ko loaded?)");

err_put:
	platform_device_put(pdev);
	return ret;
}

static void swsmmu_up_free(struct swsmmu_board_up *up)
{
	swsmmu_up_irqs_destroy(up);
	kfree(up->iort);
	kfree(up);
}

/**
 * swsmmu_upstream_add_smmu() - describe the board's SMMU to arm-smmu-v3
 * @board: the board, its software SMMU in its reset state
 *
 * Sets @board->pdev to the SMMU's platform device, bound to arm-smmu-v3.
 *
 * Return: 0, or a negative errno with everything undone.
 */
int swsmmu_upstream_add_smmu(struct swsmmu_board *board)
{
	struct swsmmu_board_up *up;
	int ret;

	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	board->up = up;
	ret = swsmmu_up_irqs_create(up);
	if (ret)
		goto err_free;
	swsmmu_hw_request_irq(board->hw, swsmmu_up_irq, up);
	ret = swsmmu_up_pdev_create(board);
	if (ret)
		goto err_irq;
	return 0;

err_irq:
	swsmmu_hw_free_irq(board->hw);
err_free:
	swsmmu_up_free(up);
	board->up = NULL;
	return ret;
}

/**
 * swsmmu_upstream_remove_smmu() - undo swsmmu_upstream_add_smmu()
 * @board: the board, its clients gone
 */
void swsmmu_upstream_remove_smmu(struct swsmmu_board *board)
{
	/* arm-smmu-v3 disables the SMMU and frees its interrupts */
	platform_device_unregister(board->pdev);
	board->pdev = NULL;
	swsmmu_hw_free_irq(board->hw);
	swsmmu_up_free(board->up);
	board->up = NULL;
}
