// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu module: the "board" that wires a software SMMUv3 into the system.
 *
 * It creates the SMMU hardware model, describes it with a platform device
 * and a software node (as firmware would), binds the IOMMU driver to it and
 * creates the requested test devices.  Test devices can be added and
 * removed at run time through sysfs attributes of the SMMU device:
 *
 *   /sys/devices/platform/swsmmu.0/clients        list "name sid" per line
 *   /sys/devices/platform/swsmmu.0/add_client     write a StreamID
 *   /sys/devices/platform/swsmmu.0/remove_client  write a StreamID or "all"
 *
 * Each test device pins the module; "remove_client all" makes rmmod
 * possible.
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
#include "swsmmu.h"

static unsigned int nr_devices = 4;
module_param(nr_devices, uint, 0444);
MODULE_PARM_DESC(nr_devices, "Test devices created at load (1-1024, default 4)");

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
		 "Features to switch off (-name) or on (+name), comma-separated: st_2lvl cd_2lvl s1p s2p gran4k gran16k gran64k asid16 vmid16 pri stall ril msi sev httu (httu is off by default, the others on)");

static struct swsmmu_hw *swsmmu_hw;
static struct platform_device *swsmmu_pdev;
static struct platform_driver swsmmu_driver;

/**
 * swsmmu_device_from_fwnode() - find the SMMU a fwspec names
 * @fwnode: the fwnode in a client's fwspec
 *
 * Return: the bound SMMU, or NULL.  No reference is taken: an SMMU outlives
 * its clients, which pin this module.
 */
struct swsmmu_device *swsmmu_device_from_fwnode(struct fwnode_handle *fwnode)
{
	struct device *dev;
	struct swsmmu_device *smmu;

	dev = driver_find_device_by_fwnode(&swsmmu_driver.driver, fwnode);
	if (!dev)
		return NULL;
	smmu = dev_get_drvdata(dev);
	put_device(dev);
	return smmu;
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * swsmmu_kunit_smmu() - the module's SMMU, for the driver's KUnit tests
 *
 * Return: the bound SMMU or NULL.
 */
struct swsmmu_device *swsmmu_kunit_smmu(void)
{
	return swsmmu_pdev ? platform_get_drvdata(swsmmu_pdev) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_kunit_smmu);
#endif

static ssize_t clients_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct swsmmu_device *smmu = dev_get_drvdata(dev);
	struct swsmmu_tdev *tdev;
	int len = 0;

	mutex_lock(&smmu->clients_lock);
	list_for_each_entry(tdev, &smmu->clients, node)
		len += sysfs_emit_at(buf, len, "%s %#x\n",
				     dev_name(&tdev->pdev->dev), tdev->sid);
	mutex_unlock(&smmu->clients_lock);
	return len;
}
static DEVICE_ATTR_ADMIN_RO(clients);

static ssize_t add_client_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct swsmmu_device *smmu = dev_get_drvdata(dev);
	u32 sid;
	int ret;

	ret = kstrtou32(buf, 0, &sid);
	if (ret)
		return ret;
	ret = swsmmu_tdev_create(smmu, sid);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(add_client);

static ssize_t remove_client_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	struct swsmmu_device *smmu = dev_get_drvdata(dev);
	u32 sid;
	int ret;

	if (sysfs_streq(buf, "all")) {
		swsmmu_tdev_destroy_all(smmu);
		return count;
	}
	ret = kstrtou32(buf, 0, &sid);
	if (ret)
		return ret;
	ret = swsmmu_tdev_destroy(smmu, sid);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(remove_client);

static struct attribute *swsmmu_attrs[] = {
	&dev_attr_clients.attr,
	&dev_attr_add_client.attr,
	&dev_attr_remove_client.attr,
	NULL
};
ATTRIBUTE_GROUPS(swsmmu);

static struct platform_driver swsmmu_driver = {
	.driver = {
		.name = SWSMMU_DRV_NAME,
		.dev_groups = swsmmu_groups,
		/* Unbinding with clients present would pull the IOMMU from under them */
		.suppress_bind_attrs = true,
	},
	.probe = swsmmu_device_probe,
	.remove = swsmmu_device_remove,
};

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
	if (nr_devices < 1 || nr_devices > SWSMMU_MAX_CLIENTS) {
		pr_err("nr_devices=%u: must be 1 to %u\n", nr_devices,
		       SWSMMU_MAX_CLIENTS);
		return -EINVAL;
	}
	last = (u64)sid_base + nr_devices - 1;
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
		.stall = true,
		.ril = true,
		.msi = true,
		.sev = true,
	};
	return swsmmu_parse_features(f);
}

static int __init swsmmu_init(void)
{
	static const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING("compatible", "arm,smmu-v3"),
		{ }
	};
	struct platform_device_info info = {
		.name = SWSMMU_DRV_NAME,
		.id = 0,
		.properties = props,
	};
	struct swsmmu_hw_features feat;
	struct swsmmu_device *smmu;
	unsigned int i;
	int ret;

	ret = swsmmu_check_params();
	if (ret)
		return ret;

	ret = swsmmu_build_features(&feat);
	if (ret)
		return ret;
	swsmmu_hw = swsmmu_hw_create("swsmmu.0", &feat);
	if (IS_ERR(swsmmu_hw)) {
		/* e.g. features=-s1p,-s2p: nothing left to translate with */
		pr_err("the software SMMU rejects this feature set: %ld\n",
		       PTR_ERR(swsmmu_hw));
		return PTR_ERR(swsmmu_hw);
	}

	ret = platform_driver_register(&swsmmu_driver);
	if (ret)
		goto err_hw;
	ret = swsmmu_tdev_register_driver();
	if (ret)
		goto err_driver;
	if (swsmmu_upstream_selected()) {
		/* driver=upstream: arm-smmu-v3 instead (drivers/upstream/) */
		ret = swsmmu_upstream_init(swsmmu_hw, sid_base, nr_devices);
		if (ret)
			goto err_tdev_driver;
		return 0;
	}

	info.data = &swsmmu_hw;
	info.size_data = sizeof(swsmmu_hw);
	swsmmu_pdev = platform_device_register_full(&info);
	if (IS_ERR(swsmmu_pdev)) {
		ret = PTR_ERR(swsmmu_pdev);
		goto err_tdev_driver;
	}
	smmu = platform_get_drvdata(swsmmu_pdev);
	if (!smmu) {
		pr_err("the IOMMU driver did not bind to %s\n",
		       dev_name(&swsmmu_pdev->dev));
		ret = -ENODEV;
		goto err_pdev;
	}

	for (i = 0; i < nr_devices; i++) {
		ret = swsmmu_tdev_create(smmu, sid_base + i);
		if (ret) {
			pr_err("cannot create test device for StreamID %#x: %d\n",
			       sid_base + i, ret);
			goto err_clients;
		}
	}
	return 0;

err_clients:
	swsmmu_tdev_destroy_all(smmu);
err_pdev:
	platform_device_unregister(swsmmu_pdev);
err_tdev_driver:
	swsmmu_tdev_unregister_driver();
err_driver:
	platform_driver_unregister(&swsmmu_driver);
err_hw:
	swsmmu_hw_destroy(swsmmu_hw);
	return ret;
}
module_init(swsmmu_init);

static void __exit swsmmu_exit(void)
{
	swsmmu_upstream_exit();
	platform_device_unregister(swsmmu_pdev);
	swsmmu_tdev_unregister_driver();
	platform_driver_unregister(&swsmmu_driver);
	swsmmu_hw_destroy(swsmmu_hw);
}
module_exit(swsmmu_exit);

MODULE_DESCRIPTION("Software ARM SMMUv3: an IOMMU driver and the SMMU it drives");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
