// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu module: the "board" that wires a software SMMUv3 into the system.
 *
 * It creates the SMMU hardware model, describes it with a platform device
 * and a software node (as firmware would), registers the IOMMU driver that
 * binds to it and the test devices' driver, and creates the requested test
 * devices (clients.c).  It knows the SMMU by its hardware interface
 * (<swsmmu/hw.h>) and the driver by its registration (<swsmmu/iommu.h>)
 * only.
 */
#define pr_fmt(fmt) "swsmmu: " fmt

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include <swsmmu/iommu.h>
#include "../tdev/tdev.h"
#include "board.h"

static unsigned int nr_smmus = 1;
module_param(nr_smmus, uint, 0444);
MODULE_PARM_DESC(nr_smmus,
		 "SMMU instances (1-4, default 1), each with nr_devices test devices; PCI functions are behind SMMU 0");

static unsigned int nr_devices = 4;
module_param(nr_devices, uint, 0444);
MODULE_PARM_DESC(nr_devices, "Test devices created at load behind each SMMU (1-1024, default 4)");

static unsigned int multi_sid_devices;
module_param(multi_sid_devices, uint, 0444);
MODULE_PARM_DESC(multi_sid_devices,
		 "The first N test devices of each SMMU have a second StreamID, sid_base + nr_devices + their index, which their second DMA channel uses (default 0)");

static unsigned int sid_base;
module_param(sid_base, uint, 0444);
MODULE_PARM_DESC(sid_base, "StreamID of the first test device; the others follow (default 0)");

static unsigned int sid_bits = 16;
module_param(sid_bits, uint, 0444);
MODULE_PARM_DESC(sid_bits, "IDR1.SIDSIZE: StreamID width in bits (1-32, default 16)");

static unsigned int ssid_bits = 20;
module_param(ssid_bits, uint, 0444);
MODULE_PARM_DESC(ssid_bits, "IDR1.SSIDSIZE: SubstreamID width in bits (0-20, default 20)");

static unsigned int oas_bits = 48;
module_param(oas_bits, uint, 0444);
MODULE_PARM_DESC(oas_bits, "IDR5.OAS: output address size, 32/36/40/42/44/48/52 (default 48)");

static char *features = "";
module_param(features, charp, 0444);
MODULE_PARM_DESC(features,
		 "Features to switch off (-name) or on (+name), comma-separated: st_2lvl cd_2lvl s1p s2p gran4k gran16k gran64k asid16 vmid16 pri stall ril msi sev httu hd ats (httu: IDR0.HTTU = 1, Access flag; hd: HTTU = 2, Access flag and dirty state, implies httu; -httu also switches hd off; both off by default, the others on)");

/*
 * The SMMUs of this module and what is behind each: nr_smmus of them,
 * instance 0 first.  Each has its own software SMMU ("swsmmu.N" in
 * debugfs), platform device (swsmmu.N) and test devices; StreamIDs are
 * per SMMU, so every instance's test devices use the same ones.
 */
static struct swsmmu_board swsmmu_boards[SWSMMU_MAX_SMMUS];

/**
 * swsmmu_board_of_dev() - the board of an SMMU device
 * @dev: the SMMU's platform device
 *
 * Return: its board.
 */
struct swsmmu_board *swsmmu_board_of_dev(struct device *dev)
{
	unsigned int i;

	for (i = 0; i < nr_smmus; i++)
		if (swsmmu_boards[i].pdev && dev == &swsmmu_boards[i].pdev->dev)
			return &swsmmu_boards[i];
	WARN_ON_ONCE(1);
	return &swsmmu_boards[0];
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * swsmmu_board_add_client() - swsmmu_client_add() on the board's SMMU
 * @sid: the StreamID
 *
 * Return: as swsmmu_client_add().
 */
int swsmmu_board_add_client(u32 sid)
{
	return swsmmu_client_add(&swsmmu_boards[0], &sid, 1);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_add_client);

/**
 * swsmmu_board_remove_client() - swsmmu_client_remove() on the board's SMMU
 * @sid: the StreamID
 *
 * Return: as swsmmu_client_remove().
 */
int swsmmu_board_remove_client(u32 sid)
{
	return swsmmu_client_remove(&swsmmu_boards[0], sid);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_remove_client);

/**
 * swsmmu_board_get_client() - swsmmu_client_get() on the board's SMMU
 * @sid: the StreamID
 *
 * Return: as swsmmu_client_get().
 */
struct device *swsmmu_board_get_client(u32 sid)
{
	return swsmmu_client_get(&swsmmu_boards[0], sid);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_get_client);

/**
 * swsmmu_board_nr_smmus() - how many SMMUs the board has
 *
 * Return: nr_smmus.
 */
unsigned int swsmmu_board_nr_smmus(void)
{
	return nr_smmus;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_nr_smmus);

/**
 * swsmmu_board_hw() - the software SMMU of one instance, whichever driver
 *                     drives it
 * @smmu: the instance, below swsmmu_board_nr_smmus()
 *
 * For suites that must run under Linux's arm-smmu-v3 too (driver=upstream),
 * where swsmmu_kunit_smmu() finds no SMMU of our driver, and for the
 * topology suite.
 *
 * Return: its model, whose swsmmu_hw_access() is a device's DMA.
 */
struct swsmmu_hw *swsmmu_board_hw(unsigned int smmu)
{
	return swsmmu_boards[smmu].hw;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_hw);

/**
 * swsmmu_board_add_client_on() - swsmmu_client_add() on one SMMU
 * @smmu: the instance, below swsmmu_board_nr_smmus()
 * @sids: the StreamIDs
 * @nr: 1 or 2
 *
 * Return: as swsmmu_client_add().
 */
int swsmmu_board_add_client_on(unsigned int smmu, const u32 *sids,
			       unsigned int nr)
{
	return swsmmu_client_add(&swsmmu_boards[smmu], sids, nr);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_add_client_on);

/**
 * swsmmu_board_remove_client_on() - swsmmu_client_remove() on one SMMU
 * @smmu: the instance
 * @sid: the client's first StreamID
 *
 * Return: as swsmmu_client_remove().
 */
int swsmmu_board_remove_client_on(unsigned int smmu, u32 sid)
{
	return swsmmu_client_remove(&swsmmu_boards[smmu], sid);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_remove_client_on);

/**
 * swsmmu_board_get_client_on() - swsmmu_client_get() on one SMMU
 * @smmu: the instance
 * @sid: one of the client's StreamIDs
 *
 * Return: as swsmmu_client_get().
 */
struct device *swsmmu_board_get_client_on(unsigned int smmu, u32 sid)
{
	return swsmmu_client_get(&swsmmu_boards[smmu], sid);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_board_get_client_on);
#endif

static int __init swsmmu_check_params(void)
{
	u64 last;

	if (sid_bits < 1 || sid_bits > 32) {
		pr_err("sid_bits=%u: must be 1 to 32\n", sid_bits);
		return -EINVAL;
	}
	if (ssid_bits > 20) {
		pr_err("ssid_bits=%u: must be 0 to 20\n", ssid_bits);
		return -EINVAL;
	}
	if (smmu_pa_size_enc(oas_bits) < 0) {
		pr_err("oas_bits=%u: must be 32, 36, 40, 42, 44, 48 or 52\n",
		       oas_bits);
		return -EINVAL;
	}
	if (nr_smmus < 1 || nr_smmus > SWSMMU_MAX_SMMUS) {
		pr_err("nr_smmus=%u: must be 1 to %u\n", nr_smmus,
		       SWSMMU_MAX_SMMUS);
		return -EINVAL;
	}
	if (nr_smmus > 1 && swsmmu_upstream_selected()) {
		pr_err("nr_smmus=%u: driver=upstream describes one SMMU only\n",
		       nr_smmus);
		return -EINVAL;
	}
	if (nr_devices < 1 || nr_devices * nr_smmus > SWSMMU_TDEV_MAX) {
		pr_err("nr_devices=%u: must be 1 to %u with nr_smmus=%u\n",
		       nr_devices, SWSMMU_TDEV_MAX / nr_smmus, nr_smmus);
		return -EINVAL;
	}
	if (multi_sid_devices > nr_devices) {
		pr_err("multi_sid_devices=%u: more than nr_devices=%u\n",
		       multi_sid_devices, nr_devices);
		return -EINVAL;
	}
	/* The second StreamIDs follow the first ones */
	last = (u64)sid_base + nr_devices - 1;
	if (multi_sid_devices)
		last += multi_sid_devices;
	if (last >= BIT_ULL(sid_bits)) {
		pr_err("StreamIDs %#x-%#llx do not fit in %u bits (sid_bits)\n",
		       sid_base, last, sid_bits);
		return -EINVAL;
	}
	return 0;
}

/*
 * The names "features=" accepts: the IDR field each one sets, in lower
 * case.  A smaller SMMU is how a driver gets tested against one.
 */
static const struct {
	const char *name;
	size_t offset;
} swsmmu_feature_names[] = {
#define SWSMMU_FEATURE(n, field) { n, offsetof(struct swsmmu_hw_features, field) }
	SWSMMU_FEATURE("st_2lvl", st_2lvl),	/* IDR0.ST_LVL */
	SWSMMU_FEATURE("cd_2lvl", cd_2lvl),	/* IDR0.CD2L */
	SWSMMU_FEATURE("s1p", s1),		/* IDR0.S1P */
	SWSMMU_FEATURE("s2p", s2),		/* IDR0.S2P */
	SWSMMU_FEATURE("gran4k", gran4k),	/* IDR5.GRAN4K */
	SWSMMU_FEATURE("gran16k", gran16k),	/* IDR5.GRAN16K */
	SWSMMU_FEATURE("gran64k", gran64k),	/* IDR5.GRAN64K */
	SWSMMU_FEATURE("asid16", asid16),	/* IDR0.ASID16 */
	SWSMMU_FEATURE("vmid16", vmid16),	/* IDR0.VMID16 */
	SWSMMU_FEATURE("pri", pri),		/* IDR0.PRI */
	SWSMMU_FEATURE("stall", stall),		/* IDR0.STALL_MODEL */
	SWSMMU_FEATURE("ril", ril),		/* IDR3.RIL */
	SWSMMU_FEATURE("msi", msi),		/* IDR0.MSI */
	SWSMMU_FEATURE("sev", sev),		/* IDR0.SEV */
	SWSMMU_FEATURE("httu", httu_access),	/* IDR0.HTTU = 1 */
	SWSMMU_FEATURE("hd", httu_dirty),	/* IDR0.HTTU = 2, with httu */
	SWSMMU_FEATURE("ats", ats),		/* IDR0.ATS */
#undef SWSMMU_FEATURE
};

/* Apply "features=": "-name" switches a feature off, "+name" (or "name") on */
static int swsmmu_parse_features(struct swsmmu_hw_features *f)
{
	char *buf, *cur, *tok;
	unsigned int i;
	bool on;
	int ret = 0;

	buf = kstrdup(features, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cur = buf;
	while ((tok = strsep(&cur, ",")) != NULL) {
		tok = strim(tok);
		if (!*tok)
			continue;
		on = *tok != '-';
		if (*tok == '-' || *tok == '+')
			tok++;
		for (i = 0; i < ARRAY_SIZE(swsmmu_feature_names); i++)
			if (!strcmp(tok, swsmmu_feature_names[i].name))
				break;
		if (i == ARRAY_SIZE(swsmmu_feature_names)) {
			pr_err("features=%s: unknown feature \"%s\"\n",
			       features, tok);
			ret = -EINVAL;
			break;
		}
		*(bool *)((void *)f + swsmmu_feature_names[i].offset) = on;
		/*
		 * HTTU is one field: dirty state (2) includes the Access flag
		 * (1), and an SMMU without Access flag updates has neither.
		 */
		if (on && !strcmp(tok, "hd"))
			f->httu_access = true;
		if (!on && !strcmp(tok, "httu"))
			f->httu_dirty = false;
	}
	kfree(buf);
	return ret;
}

static int swsmmu_build_features(struct swsmmu_hw_features *f)
{
	*f = (struct swsmmu_hw_features) {
		.sid_bits = sid_bits,
		.ssid_bits = ssid_bits,
		.oas = smmu_pa_size_enc(oas_bits),	/* checked at init */
		.cmdq_bits = 19,
		.evtq_bits = 19,
		.priq_bits = 19,
		.st_2lvl = true,
		.cd_2lvl = true,
		.s1 = true,
		.s2 = true,
		.gran4k = true,
		.gran16k = true,
		.gran64k = true,
		.asid16 = true,
		.vmid16 = true,
		.pri = true,
		.ats = true,
		.stall = true,
		.ril = true,
		.msi = true,
		.sev = true,
	};
	return swsmmu_parse_features(f);
}

/**
 * swsmmu_board_publish_smmu() - add a described SMMU device; a driver must
 *                               bind it
 * @board: the board; @board->pdev is @pdev while it is added
 * @pdev: the SMMU's platform device, described but not added; put (or
 *        unregistered) on failure
 * @driver: the driver that should bind it, for the message
 * @hint: appended to the message
 *
 * Return: 0, an error of platform_device_add(), or -ENODEV if no driver
 * bound the device.
 */
int swsmmu_board_publish_smmu(struct swsmmu_board *board,
			      struct platform_device *pdev, const char *driver,
			      const char *hint)
{
	int ret;

	/* The control files are the board's, whichever driver binds */
	pdev->dev.groups = swsmmu_board_groups;
	/* Set first: the control files may be used as soon as they exist */
	board->pdev = pdev;
	ret = platform_device_add(pdev);
	if (ret) {
		platform_device_put(pdev);
		board->pdev = NULL;
		return ret;
	}
	if (!device_is_bound(&pdev->dev)) {
		pr_err("%s did not bind to %s%s\n", driver, dev_name(&pdev->dev),
		       hint);
		platform_device_unregister(pdev);
		board->pdev = NULL;
		return -ENODEV;
	}
	return 0;
}

/*
 * The SMMU's platform device: what firmware says of an SMMUv3, for our
 * driver, or with driver=upstream for arm-smmu-v3 (upstream.c)
 */
static int swsmmu_board_add_smmu(struct swsmmu_board *board)
{
	static const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING("compatible", "arm,smmu-v3"),
		{ }
	};
	struct platform_device *pdev;
	int ret;

	if (swsmmu_upstream_selected())
		return swsmmu_upstream_add_smmu(board);
	pdev = platform_device_alloc(SWSMMU_IOMMU_DRV_NAME, board->index);
	if (!pdev)
		return -ENOMEM;
	ret = platform_device_add_data(pdev, &board->hw, sizeof(board->hw));
	if (!ret)
		ret = device_create_managed_software_node(&pdev->dev, props,
							  NULL);
	if (ret) {
		platform_device_put(pdev);
		return ret;
	}
	return swsmmu_board_publish_smmu(board, pdev, "the IOMMU driver", "");
}

static void swsmmu_board_remove_smmu(struct swsmmu_board *board)
{
	if (board->up) {
		swsmmu_upstream_remove_smmu(board);
		return;
	}
	platform_device_unregister(board->pdev);
	board->pdev = NULL;
}

/* Instance @idx: its software SMMU, its platform device, its test devices */
static int __init swsmmu_board_create(struct swsmmu_board *board,
				      unsigned int idx,
				      const struct swsmmu_hw_features *feat)
{
	char name[24];
	unsigned int i;
	u32 sids[2];
	int ret;

	mutex_init(&board->clients_lock);
	INIT_LIST_HEAD(&board->clients);
	board->index = idx;
	board->sid_bits = sid_bits;
	board->sid_base = sid_base;
	/* The second StreamIDs too: PCI's follow them (pci_sid_base) */
	board->nr_sids = nr_devices + multi_sid_devices;
	snprintf(name, sizeof(name), "swsmmu.%u", idx);
	board->hw = swsmmu_hw_create(name, feat);
	if (IS_ERR(board->hw)) {
		/* e.g. features=-s1p,-s2p: nothing left to translate with */
		pr_err("the software SMMU rejects this feature set: %ld\n",
		       PTR_ERR(board->hw));
		ret = PTR_ERR(board->hw);
		board->hw = NULL;
		return ret;
	}
	/* cmdq_latency_ns, evtq_latency_ns: the asynchronous model */
	ret = swsmmu_hw_set_latency_default(board->hw);
	if (ret)
		goto err_hw;
	ret = swsmmu_board_add_smmu(board);
	if (ret)
		goto err_hw;

	for (i = 0; i < nr_devices; i++) {
		sids[0] = sid_base + i;
		sids[1] = sid_base + nr_devices + i;
		ret = swsmmu_client_add(board, sids,
					i < multi_sid_devices ? 2 : 1);
		if (ret) {
			pr_err("swsmmu.%u: cannot create test device for StreamID %#x: %d\n",
			       idx, sids[0], ret);
			goto err_clients;
		}
	}
	return 0;

err_clients:
	swsmmu_client_remove_all(board);
	swsmmu_board_remove_smmu(board);
err_hw:
	swsmmu_hw_destroy(board->hw);
	board->hw = NULL;
	return ret;
}

/* Undo swsmmu_board_create(); its clients are already gone at unload */
static void swsmmu_board_destroy(struct swsmmu_board *board)
{
	if (!board->hw)
		return;
	swsmmu_client_remove_all(board);
	swsmmu_board_remove_smmu(board);
	swsmmu_hw_destroy(board->hw);
	board->hw = NULL;
}

static int __init swsmmu_init(void)
{
	struct swsmmu_hw_features feat;
	unsigned int i;
	int ret;

	ret = swsmmu_check_params();
	if (ret)
		return ret;
#ifdef SWSMMU_MUTANT
	pr_warn("built with SWSMMU_MUTANT=%s: the driver is broken on purpose\n",
		SWSMMU_MUTANT);
#endif

	ret = swsmmu_build_features(&feat);
	if (ret)
		return ret;
	ret = swsmmu_iommu_register();
	if (ret)
		return ret;
	ret = swsmmu_tdev_register_driver();
	if (ret)
		goto err_driver;
	for (i = 0; i < nr_smmus; i++) {
		ret = swsmmu_board_create(&swsmmu_boards[i], i, &feat);
		if (ret)
			goto err_boards;
	}
	/* The PCI host bridge's functions are behind SMMU 0 */
	mutex_lock(&swsmmu_boards[0].clients_lock);
	ret = swsmmu_pci_add(&swsmmu_boards[0]);
	mutex_unlock(&swsmmu_boards[0].clients_lock);
	if (ret)
		goto err_boards;
	return 0;

err_boards:
	for (i = nr_smmus; i-- > 0;)
		swsmmu_board_destroy(&swsmmu_boards[i]);
	swsmmu_tdev_unregister_driver();
err_driver:
	swsmmu_iommu_unregister();
	return ret;
}
module_init(swsmmu_init);

/* Clients pin the module: by now "remove_client all" has removed them */
static void __exit swsmmu_exit(void)
{
	unsigned int i;

	/* A bridge without functions pins nothing: it may still be there */
	swsmmu_pci_remove(&swsmmu_boards[0]);
	for (i = nr_smmus; i-- > 0;)
		swsmmu_board_destroy(&swsmmu_boards[i]);
	swsmmu_tdev_unregister_driver();
	swsmmu_iommu_unregister();
}
module_exit(swsmmu_exit);

MODULE_DESCRIPTION("Software ARM SMMUv3: an IOMMU driver and the SMMU it drives");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
