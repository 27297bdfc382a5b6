// SPDX-License-Identifier: GPL-2.0
/*
 * The board's clients: test devices behind an SMMU, created at load and
 * added or removed at run time through sysfs files of the SMMU device:
 *
 *   /sys/devices/platform/swsmmu.N/clients        list "name sid [sid2]"
 *                                                 per line
 *   /sys/devices/platform/swsmmu.N/add_client     write a StreamID, or two
 *                                                 separated by a space
 *   /sys/devices/platform/swsmmu.N/remove_client  write a (first) StreamID
 *                                                 or "all" ("all" also
 *                                                 removes the PCI host
 *                                                 bridge, pci.c)
 *
 * Each client is described as firmware would describe a platform device:
 * a fwspec naming the SMMU and its StreamIDs (one, or two: a device that
 * issues DMA with either, its second DMA channel with the second), and the
 * properties
 * "pasid-num-bits" and "dma-can-stall".  Each pins the module, so
 * "remove_client all" makes rmmod possible.
 */
#define pr_fmt(fmt) "swsmmu: " fmt

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <swsmmu/hw.h>
#include <swsmmu/param.h>
#include "../tdev/tdev.h"
#include "board.h"

static int pasid_bits_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_uint_range(val, kp, 0, 20);
}

static const struct kernel_param_ops pasid_bits_ops = {
	.set = pasid_bits_set,
	.get = param_get_uint,
};

static unsigned int pasid_bits = 5;
module_param_cb(pasid_bits, &pasid_bits_ops, &pasid_bits, 0444);
MODULE_PARM_DESC(pasid_bits,
		 "PASID bits of test devices (\"pasid-num-bits\"): 0 (no PASIDs) to 20, default 5");

static bool dma_can_stall;
module_param(dma_can_stall, bool, 0444);
MODULE_PARM_DESC(dma_can_stall,
		 "Test devices stall on faults (\"dma-can-stall\") instead of issuing PRI page requests (default: no)");

static DEFINE_IDA(swsmmu_client_ida);

/**
 * struct swsmmu_client - a device the board put behind its SMMU
 * @pdev: its platform device (swsmmu-tdev.N)
 * @sids: its StreamIDs; @sids[0] names it in the sysfs files
 * @nr_sids: 1 or 2
 * @node: entry in swsmmu_board.clients, under clients_lock
 */
struct swsmmu_client {
	struct platform_device *pdev;
	u32 sids[2];
	unsigned int nr_sids;
	struct list_head node;
};

static struct swsmmu_client *swsmmu_client_find(struct swsmmu_board *board,
						u32 sid)
{
	struct swsmmu_client *c;

	lockdep_assert_held(&board->clients_lock);
	list_for_each_entry(c, &board->clients, node)
		if (c->sids[0] == sid || (c->nr_sids > 1 && c->sids[1] == sid))
			return c;
	return NULL;
}

/* What firmware would say about a platform device that does DMA */
static int swsmmu_client_describe(struct swsmmu_board *board,
				  struct platform_device *pdev, const u32 *sids,
				  unsigned int nr)
{
	const struct swsmmu_tdev_pdata pd = {
		.hw = board->hw,
		.sid = sids[0],
		.sid2 = nr > 1 ? sids[1] : 0,
		.has_sid2 = nr > 1,
	};
	struct property_entry props[3] = { };
	unsigned int n = 0;
	int ret;

	ret = platform_device_add_data(pdev, &pd, sizeof(pd));
	if (ret)
		return ret;
	if (pasid_bits)
		props[n++] = PROPERTY_ENTRY_U32("pasid-num-bits", pasid_bits);
	if (dma_can_stall)
		props[n++] = PROPERTY_ENTRY_BOOL("dma-can-stall");
	/* Freed with the device */
	if (n) {
		ret = device_create_managed_software_node(&pdev->dev, props,
							  NULL);
		if (ret)
			return ret;
	}
	return swsmmu_fwspec_attach(&pdev->dev, dev_fwnode(&board->pdev->dev),
				    sids, nr);
}

/**
 * swsmmu_client_add() - put a test device behind the board's SMMU
 * @board: the board
 * @sids: its StreamIDs
 * @nr: how many: 1 or 2
 *
 * Return: 0; -EINVAL for @nr not 1 or 2, or two equal StreamIDs; -ERANGE
 * if a StreamID does not fit the SMMU's SIDSIZE; -EEXIST if a client
 * already uses one; -ENOSPC past SWSMMU_TDEV_MAX; -ENODEV if the
 * IOMMU driver did not take the device (its log says why: a StreamID
 * beyond its stream table, say); -ENOMEM.
 */
int swsmmu_client_add(struct swsmmu_board *board, const u32 *sids,
		      unsigned int nr)
{
	struct platform_device *pdev;
	struct swsmmu_client *c;
	unsigned int count = 0, i;
	int id, ret;

	if (nr < 1 || nr > ARRAY_SIZE(c->sids) || (nr > 1 && sids[0] == sids[1]))
		return -EINVAL;
	for (i = 0; i < nr; i++)
		if (board->sid_bits < 32 && sids[i] >= BIT_ULL(board->sid_bits))
			return -ERANGE;

	mutex_lock(&board->clients_lock);
	for (i = 0; i < nr; i++) {
		if (swsmmu_client_find(board, sids[i])) {
			ret = -EEXIST;
			goto out_unlock;
		}
	}
	list_for_each_entry(c, &board->clients, node)
		count++;
	if (count >= SWSMMU_TDEV_MAX) {
		ret = -ENOSPC;
		goto out_unlock;
	}

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	id = ida_alloc_max(&swsmmu_client_ida, SWSMMU_TDEV_MAX - 1, GFP_KERNEL);
	if (id < 0) {
		ret = id;
		goto out_free;
	}
	pdev = platform_device_alloc(SWSMMU_TDEV_NAME, id);
	if (!pdev) {
		ret = -ENOMEM;
		goto out_ida;
	}
	pdev->dev.parent = &board->pdev->dev;
	ret = swsmmu_client_describe(board, pdev, sids, nr);
	if (ret)
		goto out_put;

	ret = platform_device_add(pdev);
	if (ret) {
		/* Not added: the IOMMU core never saw the fwspec */
		swsmmu_fwspec_detach(&pdev->dev);
		goto out_put;
	}
	if (!pdev->dev.iommu_group) {
		dev_err(&pdev->dev, "not taken by the IOMMU core\n");
		platform_device_unregister(pdev);
		ret = -ENODEV;
		goto out_ida;
	}

	c->pdev = pdev;
	memcpy(c->sids, sids, nr * sizeof(*sids));
	c->nr_sids = nr;
	list_add_tail(&c->node, &board->clients);
	mutex_unlock(&board->clients_lock);
	return 0;

out_put:
	platform_device_put(pdev);
out_ida:
	ida_free(&swsmmu_client_ida, id);
out_free:
	kfree(c);
out_unlock:
	mutex_unlock(&board->clients_lock);
	return ret;
}

static void swsmmu_client_destroy(struct swsmmu_client *c)
{
	int id = c->pdev->id;

	list_del(&c->node);
	platform_device_unregister(c->pdev);
	ida_free(&swsmmu_client_ida, id);
	kfree(c);
}

/**
 * swsmmu_client_get() - the device of the client with a given StreamID
 * @board: the board
 * @sid: one of its StreamIDs
 *
 * Return: the device with a reference held (put_device() it), or NULL.
 */
struct device *swsmmu_client_get(struct swsmmu_board *board, u32 sid)
{
	struct swsmmu_client *c;
	struct device *dev = NULL;

	mutex_lock(&board->clients_lock);
	c = swsmmu_client_find(board, sid);
	if (c)
		dev = get_device(&c->pdev->dev);
	mutex_unlock(&board->clients_lock);
	return dev;
}

/**
 * swsmmu_client_remove() - remove the client with a given StreamID
 * @board: the board
 * @sid: one of its StreamIDs
 *
 * Return: 0, or -ENOENT if no client uses @sid.
 */
int swsmmu_client_remove(struct swsmmu_board *board, u32 sid)
{
	struct swsmmu_client *c;
	int ret = -ENOENT;

	mutex_lock(&board->clients_lock);
	c = swsmmu_client_find(board, sid);
	if (c) {
		swsmmu_client_destroy(c);
		ret = 0;
	}
	mutex_unlock(&board->clients_lock);
	return ret;
}

/**
 * swsmmu_client_remove_all() - remove every client of a board, and its
 *                              PCI host bridge with the functions on it
 * @board: the board
 */
void swsmmu_client_remove_all(struct swsmmu_board *board)
{
	struct swsmmu_client *c, *next;

	mutex_lock(&board->clients_lock);
	swsmmu_pci_remove(board);
	list_for_each_entry_safe(c, next, &board->clients, node)
		swsmmu_client_destroy(c);
	mutex_unlock(&board->clients_lock);
}

/* ---------------------------------------------------------------------- */
/* sysfs                                                                  */
/* ---------------------------------------------------------------------- */

/* "swsmmu-tdev.1023 0xffffffff 0xffffffff\n" */
#define SWSMMU_CLIENT_LINE	44

/*
 * A binary attribute, because SWSMMU_TDEV_MAX lines do not fit the page a
 * text attribute may return.  Each read() formats the whole list afresh,
 * so a reader that needs several calls may see the list change between
 * them, as with any file in /proc.
 */
static ssize_t clients_read(struct file *file, struct kobject *kobj,
			    struct bin_attribute *attr, char *buf, loff_t off,
			    size_t count)
{
	struct swsmmu_board *board = swsmmu_board_of_dev(kobj_to_dev(kobj));
	size_t size = SWSMMU_TDEV_MAX * SWSMMU_CLIENT_LINE;
	struct swsmmu_client *c;
	size_t len = 0;
	ssize_t ret;
	char *text;

	text = kvmalloc(size, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	mutex_lock(&board->clients_lock);
	list_for_each_entry(c, &board->clients, node) {
		len += scnprintf(text + len, size - len, "%s %#x",
				 dev_name(&c->pdev->dev), c->sids[0]);
		if (c->nr_sids > 1)
			len += scnprintf(text + len, size - len, " %#x",
					 c->sids[1]);
		len += scnprintf(text + len, size - len, "\n");
	}
	mutex_unlock(&board->clients_lock);
	ret = memory_read_from_buffer(buf, count, &off, text, len);
	kvfree(text);
	return ret;
}
static BIN_ATTR_ADMIN_RO(clients, 0);

static ssize_t add_client_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	char *copy, *cur, *tok;
	unsigned int nr = 0;
	u32 sids[2];
	int ret = 0;

	/* "SID" or "SID SID2" */
	copy = kstrndup(buf, count, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = strim(copy);
	while ((tok = strsep(&cur, " \t")) != NULL) {
		if (!*tok)
			continue;
		if (nr == ARRAY_SIZE(sids)) {
			ret = -EINVAL;
			break;
		}
		ret = kstrtou32(tok, 0, &sids[nr++]);
		if (ret)
			break;
	}
	kfree(copy);
	if (!ret && !nr)
		ret = -EINVAL;
	if (ret) {
		dev_err(dev, "add_client: takes a StreamID, or two separated by a space\n");
		return ret;
	}
	ret = swsmmu_client_add(swsmmu_board_of_dev(dev), sids, nr);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(add_client);

static ssize_t remove_client_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	struct swsmmu_board *board = swsmmu_board_of_dev(dev);
	u32 sid;
	int ret;

	if (sysfs_streq(buf, "all")) {
		swsmmu_client_remove_all(board);
		return count;
	}
	ret = kstrtou32(buf, 0, &sid);
	if (ret)
		return ret;
	ret = swsmmu_client_remove(board, sid);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(remove_client);

/* An IOVA that no DMA domain maps: the top page below 4G */
#define SWSMMU_BAD_IOVA	0xfffff000ULL

/*
 * bad_dma: write a StreamID; a read of SWSMMU_BAD_IOVA with it enters the
 * SMMU, as a misbehaving device's DMA would, so that the driver has a
 * translation fault to report.  The write fails with the access's error.
 */
static ssize_t bad_dma_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct swsmmu_txn txn = { };
	u64 val;
	int ret;

	ret = kstrtou32(buf, 0, &txn.sid);
	if (ret)
		return ret;
	ret = swsmmu_hw_access(swsmmu_board_of_dev(dev)->hw, &txn,
			       SWSMMU_BAD_IOVA, &val, sizeof(val));
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(bad_dma);

static struct attribute *swsmmu_board_attrs[] = {
	&dev_attr_add_client.attr,
	&dev_attr_remove_client.attr,
	&dev_attr_bad_dma.attr,
	NULL
};

static struct bin_attribute *swsmmu_board_bin_attrs[] = {
	&bin_attr_clients,
	NULL
};

static const struct attribute_group swsmmu_board_group = {
	.attrs = swsmmu_board_attrs,
	.bin_attrs = swsmmu_board_bin_attrs,
};

/* The SMMU device's files: the board's, whatever driver binds it */
const struct attribute_group *swsmmu_board_groups[] = {
	&swsmmu_board_group,
	NULL
};
