// SPDX-License-Identifier: GPL-2.0
/*
 * A software PCIe host bridge: a PCI domain of its own whose functions are
 * test devices behind the board's SMMU, as a firmware-described PCIe root
 * complex would put them.
 *
 * Bus.  One root bus (bus 0 of a domain number above every domain in use,
 * as VMD chooses one on x86) with @pci_devices Root Complex Integrated
 * Endpoints, one per slot (device N, function 0): single-function slots,
 * so that pci_device_group() gives each function a group of its own
 * without an ACS capability.  The config accessors below are the bus's
 * pci_ops; x86 reads bus->sysdata as struct pci_sysdata, which is why
 * struct swsmmu_pci_host starts with one.
 *
 * Config space.  Each function has 4 KiB of config space (PCIe extended
 * config space) kept as bytes, with a mask of the bits software may write
 * and a mask of the RW1C bits, so that BAR sizing, the command register
 * and the capabilities' enable bits behave as the PCIe specification
 * says; the few side effects (PRI Reset and Stopped) are in
 * swsmmu_pci_cfg_effects().  x86 selects PCI_LOCKLESS_CONFIG: the PCI core
 * takes no lock around pci_ops, so the host's raw spinlock does (config
 * accesses may come from any context).
 *
 * Capabilities.  A PCI Express capability (device/port type RC_END, with
 * End-End TLP Prefix support, which pci_enable_pasid() requires of the
 * path to the root), then in extended config space, per function as
 * @pci_caps says: ATS, PRI and PASID, so that pci_enable_ats(),
 * pci_enable_pri() and pci_enable_pasid() work and lspci -vv decodes them.
 *
 * BAR.  BAR0 is a 64-bit non-prefetchable memory BAR of
 * SWSMMU_PCI_BAR_SIZE bytes.  The PCI core assigns it from a window this
 * file reserves in iomem_resource, so the address range is the function's
 * and no other device's; but nothing decodes it: reading it through
 * ioremap() would not reach the function.  The test-device driver does not
 * map it.  The register interface (doorbell, status, fault register) is
 * in config space instead, where our accessors see every access ("The
 * register interface" below).
 *
 * Interrupts.  INTx, one line per function (Interrupt Pin INTA), which a
 * command asks for with OP.IRQ ("INTx" below).  No MSI capability: INTx
 * is what the PCI core accepts with nothing but the bridge's own irq
 * domain; Documentation/pci.rst says what MSI would take.
 *
 * IOMMU.  Requester IDs map to StreamIDs as an iommu-map property with one
 * entry would map them: StreamID = @pci_sid_base + RID.  A function is
 * claimed by the SMMU through a fwspec that must exist before the IOMMU
 * core's bus notifier sees the device, and the PCI core adds a device
 * while scanning, before any hook of ours: a pci_bus_type notifier of
 * higher priority than the core's gives our functions their fwspec
 * (fwspec.c) and platform data (struct swsmmu_tdev_pdata: the SMMU their
 * DMA enters, their StreamID) on BUS_NOTIFY_ADD_DEVICE.
 *
 * DMA aliases.  With pci_alias=1 the function in slot 1 also issues DMA
 * with slot 0's Requester ID, like the devices the kernel's PCI quirks
 * describe: the same notifier gives it that DMA alias before the IOMMU
 * core groups it, so pci_device_group() puts both functions in one group.
 * Its fwspec keeps its own StreamID only: slot 0's belongs to slot 0's
 * fwspec, and an SMMU driver (ours, arm-smmu-v3) gives a StreamID to one
 * master.
 *
 * Lifetime.  Every function the IOMMU core probed pins the module, so the
 * bus goes before rmmod: "remove_client all" removes it
 * (swsmmu_pci_remove()).  A function removed through sysfs and found again
 * by a rescan gets a new fwspec from the notifier.
 */
#define pr_fmt(fmt) "swsmmu-pci: " fmt

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>
#include <swsmmu/param.h>
#include <uapi/swsmmu/pci_tdev.h>
#include "../tdev/tdev.h"
#include "board.h"

/* Functions on the bus: one per slot */
#define SWSMMU_PCI_MAX_FNS	SWSMMU_TDEV_PCI_MAX

/* Extended capabilities a function may have (pci_caps=) */
#define SWSMMU_PCI_CAP_ATS	BIT(0)
#define SWSMMU_PCI_CAP_PRI	BIT(1)
#define SWSMMU_PCI_CAP_PASID	BIT(2)

static int pci_devices_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_uint_range(val, kp, 0, SWSMMU_PCI_MAX_FNS);
}

static const struct kernel_param_ops pci_devices_ops = {
	.set = pci_devices_set,
	.get = param_get_uint,
};

static unsigned int pci_devices = 2;
module_param_cb(pci_devices, &pci_devices_ops, &pci_devices, 0444);
MODULE_PARM_DESC(pci_devices,
		 "PCIe test functions on swsmmu's own PCI host bridge: 0 (no bridge) to 32, default 2");

static long pci_sid_base = -1;
module_param(pci_sid_base, long, 0444);
MODULE_PARM_DESC(pci_sid_base,
		 "StreamID of Requester ID 0 of the PCI host bridge (iommu-map); -1 (default): right after the platform test devices");

static bool pci_alias;
module_param(pci_alias, bool, 0444);
MODULE_PARM_DESC(pci_alias,
		 "The function in slot 1 has a DMA alias to slot 0's Requester ID: both in one IOMMU group (needs pci_devices >= 2; default: no)");

static char *pci_caps[SWSMMU_PCI_MAX_FNS];
static int pci_caps_num;
module_param_array(pci_caps, charp, &pci_caps_num, 0444);
MODULE_PARM_DESC(pci_caps,
		 "Extended capabilities of each PCI function, comma-separated per function: ats+pri+pasid (default), any of these joined by +, or none; the last entry holds for the functions after it");

static int pci_pasid_bits_set(const char *val, const struct kernel_param *kp)
{
	return swsmmu_param_set_uint_range(val, kp, 1, 20);
}

static const struct kernel_param_ops pci_pasid_bits_ops = {
	.set = pci_pasid_bits_set,
	.get = param_get_uint,
};

static unsigned int pci_pasid_bits = 5;
module_param_cb(pci_pasid_bits, &pci_pasid_bits_ops, &pci_pasid_bits, 0444);
MODULE_PARM_DESC(pci_pasid_bits,
		 "Max PASID Width of the PCI functions' PASID capability: 1 to 20, default 5");

/* Where the capabilities sit in a function's config space */
#define SWSMMU_PCI_EXP_CAP	0x40
#define SWSMMU_PCI_EXT_CAP	PCI_CFG_SPACE_SIZE
#define SWSMMU_PCI_ATS_SIZE	PCI_EXT_CAP_ATS_SIZEOF
#define SWSMMU_PCI_PRI_SIZE	PCI_EXT_CAP_PRI_SIZEOF
#define SWSMMU_PCI_PASID_SIZE	PCI_EXT_CAP_PASID_SIZEOF

/* The register interface sits after the PCI Express capability */
static_assert(SWSMMU_PCI_EXP_CAP + PCI_CAP_EXP_ENDPOINT_SIZEOF_V2 <=
	      SWSMMU_PCI_REGS_OFFSET);
static_assert(SWSMMU_PCI_REGS_OFFSET + SWSMMU_PCI_REGS_SIZE <=
	      PCI_CFG_SPACE_SIZE);

/* Outstanding Page Request Capacity of the PRI capability */
#define SWSMMU_PCI_PRI_CAPACITY	32

/* The window BARs are assigned from, in iomem_resource, above 4 GiB */
#define SWSMMU_PCI_WINDOW_SIZE	SZ_1M

/* Command register bits a function implements (all others read 0) */
#define SWSMMU_PCI_COMMAND_RW	(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | \
				 PCI_COMMAND_PARITY | PCI_COMMAND_SERR | \
				 PCI_COMMAND_INTX_DISABLE)

/* Device Control bits a function implements: all but Initiate FLR */
#define SWSMMU_PCI_DEVCTL_RW	(PCI_EXP_DEVCTL_CERE | PCI_EXP_DEVCTL_NFERE | \
				 PCI_EXP_DEVCTL_FERE | PCI_EXP_DEVCTL_URRE | \
				 PCI_EXP_DEVCTL_RELAX_EN | \
				 PCI_EXP_DEVCTL_PAYLOAD | \
				 PCI_EXP_DEVCTL_EXT_TAG | \
				 PCI_EXP_DEVCTL_NOSNOOP_EN | \
				 PCI_EXP_DEVCTL_READRQ)

/* Device Status error bits: RW1C */
#define SWSMMU_PCI_DEVSTA_RW1C	(PCI_EXP_DEVSTA_CED | PCI_EXP_DEVSTA_NFED | \
				 PCI_EXP_DEVSTA_FED | PCI_EXP_DEVSTA_URD)

/* Extended capability header: ID, version, next */
#define SWSMMU_PCI_EXT_HDR_ID		GENMASK(15, 0)
#define SWSMMU_PCI_EXT_HDR_VER		GENMASK(19, 16)
#define SWSMMU_PCI_EXT_HDR_NEXT		GENMASK(31, 20)

struct swsmmu_pci_host;

/**
 * struct swsmmu_pci_fn - one PCIe function
 * @cfg: its config space, little endian as on the wire
 * @wmask: bits of @cfg software may write
 * @w1cmask: bits of @cfg that a write of 1 clears
 * @pdata: what its driver learns from the board: SMMU and StreamID
 * @host: its host bridge
 * @devfn: its device and function number
 * @caps: SWSMMU_PCI_CAP_* it has
 * @ats: offset of its ATS capability, or 0
 * @pri: offset of its PRI capability, or 0
 * @pasid: offset of its PASID capability, or 0
 * @engine: what runs the commands of its register interface
 * @intx_work: hands an asserted INTx to the irq core (see "INTx")
 * @irq_armed: the command in STATUS was rung with OP.IRQ
 * @intx_masked: the irq core has masked its interrupt
 * @intx_asserts: times its INTx was asserted (rising edges)
 * @intx_delivered: times it was handed to the irq core
 */
struct swsmmu_pci_fn {
	u8 cfg[PCI_CFG_SPACE_EXP_SIZE];
	u8 wmask[PCI_CFG_SPACE_EXP_SIZE];
	u8 w1cmask[PCI_CFG_SPACE_EXP_SIZE];
	struct swsmmu_tdev_pdata pdata;
	struct swsmmu_pci_host *host;
	u8 devfn;
	unsigned int caps;
	u16 ats;
	u16 pri;
	u16 pasid;
	struct swsmmu_pci_engine *engine;
	struct irq_work intx_work;
	bool irq_armed;
	bool intx_masked;
	u64 intx_asserts;
	u64 intx_delivered;
};

/**
 * struct swsmmu_pci_host - the host bridge and its functions
 * @sd: what x86's PCI code reads as bus->sysdata; must come first
 * @board: the board whose SMMU the functions are behind
 * @bridge: the host bridge, until removal
 * @busn: its bus number range (bus 0 only)
 * @mem: the memory window its BARs are assigned from
 * @nb: the pci_bus_type notifier that gives functions their fwspec
 * @sid_base: StreamID of RID 0
 * @lock: serialises config accesses (see "Config space")
 * @dead: being freed: no interrupt is raised any more
 * @intx_fwnode: names @intx_domain
 * @intx_domain: the functions' INTx lines, hwirq = slot
 * @dbg: debugfs file of the INTx counters
 * @nr_fns: functions in @fns
 * @fns: the functions, by slot
 */
struct swsmmu_pci_host {
	struct pci_sysdata sd;
	struct swsmmu_board *board;
	struct pci_host_bridge *bridge;
	struct resource busn;
	struct resource mem;
	struct notifier_block nb;
	u32 sid_base;
	/* Protects every function's @cfg: accessors run in any context */
	raw_spinlock_t lock;
	bool dead;
	struct fwnode_handle *intx_fwnode;
	struct irq_domain *intx_domain;
	struct dentry *dbg;
	unsigned int nr_fns;
	struct swsmmu_pci_fn *fns[SWSMMU_PCI_MAX_FNS];
};

static struct swsmmu_pci_host *swsmmu_pci_host_of(struct pci_bus *bus)
{
	return container_of((struct pci_sysdata *)bus->sysdata,
			    struct swsmmu_pci_host, sd);
}

static struct swsmmu_pci_fn *swsmmu_pci_fn_of(struct swsmmu_pci_host *host,
					      struct pci_bus *bus,
					      unsigned int devfn)
{
	if (bus->number || PCI_FUNC(devfn) ||
	    PCI_SLOT(devfn) >= host->nr_fns)
		return NULL;
	return host->fns[PCI_SLOT(devfn)];
}

/* ---------------------------------------------------------------------- */
/* Config space                                                           */
/* ---------------------------------------------------------------------- */

static void cfg_put(u8 *a, unsigned int off, u32 val, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		a[off + i] = val >> (8 * i);
}

static u32 cfg_get(const u8 *a, unsigned int off, unsigned int size)
{
	unsigned int i;
	u32 val = 0;

	for (i = 0; i < size; i++)
		val |= (u32)a[off + i] << (8 * i);
	return val;
}

/* A register: its reset value, writable bits and RW1C bits */
static void cfg_reg(struct swsmmu_pci_fn *fn, unsigned int off,
		    unsigned int size, u32 val, u32 wmask, u32 w1cmask)
{
	cfg_put(fn->cfg, off, val, size);
	cfg_put(fn->wmask, off, wmask, size);
	cfg_put(fn->w1cmask, off, w1cmask, size);
}

/* Link an extended capability at @off of ID @id after the one at @prev */
static void cfg_ext_cap(struct swsmmu_pci_fn *fn, u16 *prev, u16 off, u16 id)
{
	u32 hdr;

	if (*prev) {
		hdr = cfg_get(fn->cfg, *prev, 4);
		hdr |= FIELD_PREP(SWSMMU_PCI_EXT_HDR_NEXT, off);
		cfg_put(fn->cfg, *prev, hdr, 4);
	}
	cfg_put(fn->cfg, off, FIELD_PREP(SWSMMU_PCI_EXT_HDR_ID, id) |
		FIELD_PREP(SWSMMU_PCI_EXT_HDR_VER, 1), 4);
	*prev = off;
}

/* The Type 0 header and the PCI Express capability */
static void swsmmu_pci_build_header(struct swsmmu_pci_fn *fn)
{
	const u16 exp = SWSMMU_PCI_EXP_CAP;
	u32 bar_mask = ~(u32)(SWSMMU_PCI_BAR_SIZE - 1) &
		       PCI_BASE_ADDRESS_MEM_MASK;

	cfg_reg(fn, PCI_VENDOR_ID, 2, SWSMMU_PCI_VENDOR_ID, 0, 0);
	cfg_reg(fn, PCI_DEVICE_ID, 2, SWSMMU_PCI_DEVICE_ID, 0, 0);
	cfg_reg(fn, PCI_COMMAND, 2, 0, SWSMMU_PCI_COMMAND_RW, 0);
	cfg_reg(fn, PCI_STATUS, 2, PCI_STATUS_CAP_LIST, 0,
		PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |
		PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |
		PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY);
	cfg_reg(fn, PCI_CLASS_REVISION, 4,
		SWSMMU_PCI_CLASS << 8 | SWSMMU_PCI_REVISION, 0, 0);
	cfg_reg(fn, PCI_CACHE_LINE_SIZE, 1, 0, 0xff, 0);
	cfg_reg(fn, PCI_HEADER_TYPE, 1, PCI_HEADER_TYPE_NORMAL, 0, 0);
	/* BAR0: 64-bit memory, sized by the bits that do not stick */
	cfg_reg(fn, PCI_BASE_ADDRESS_0, 4, PCI_BASE_ADDRESS_MEM_TYPE_64,
		bar_mask, 0);
	cfg_reg(fn, PCI_BASE_ADDRESS_1, 4, 0, U32_MAX, 0);
	cfg_reg(fn, PCI_SUBSYSTEM_VENDOR_ID, 2, SWSMMU_PCI_VENDOR_ID, 0, 0);
	cfg_reg(fn, PCI_SUBSYSTEM_ID, 2, SWSMMU_PCI_DEVICE_ID, 0, 0);
	cfg_reg(fn, PCI_CAPABILITY_LIST, 1, exp, 0, 0);
	cfg_reg(fn, PCI_INTERRUPT_LINE, 1, 0, 0xff, 0);
	/* INTA; no MSI capability */
	cfg_reg(fn, PCI_INTERRUPT_PIN, 1, 1, 0, 0);

	cfg_reg(fn, exp + PCI_CAP_LIST_ID, 1, PCI_CAP_ID_EXP, 0, 0);
	cfg_reg(fn, exp + PCI_EXP_FLAGS, 2,
		FIELD_PREP(PCI_EXP_FLAGS_VERS, 2) |
		FIELD_PREP(PCI_EXP_FLAGS_TYPE, PCI_EXP_TYPE_RC_END), 0, 0);
	/* 128-byte payloads; nothing else in Device Capabilities */
	cfg_reg(fn, exp + PCI_EXP_DEVCAP, 4, 0, 0, 0);
	cfg_reg(fn, exp + PCI_EXP_DEVCTL, 2, 0, SWSMMU_PCI_DEVCTL_RW, 0);
	cfg_reg(fn, exp + PCI_EXP_DEVSTA, 2, 0, 0, SWSMMU_PCI_DEVSTA_RW1C);
	/* PASID TLP prefixes reach the root complex (pci_enable_pasid()) */
	cfg_reg(fn, exp + PCI_EXP_DEVCAP2, 4, PCI_EXP_DEVCAP2_EE_PREFIX, 0, 0);
}

static void swsmmu_pci_build_ext_caps(struct swsmmu_pci_fn *fn)
{
	u16 off = SWSMMU_PCI_EXT_CAP, prev = 0;

	if (fn->caps & SWSMMU_PCI_CAP_ATS) {
		fn->ats = off;
		cfg_ext_cap(fn, &prev, off, PCI_EXT_CAP_ID_ATS);
		/* Invalidate Queue Depth 0 means 32; page-aligned requests */
		cfg_reg(fn, off + PCI_ATS_CAP, 2, PCI_ATS_CAP_PAGE_ALIGNED,
			0, 0);
		cfg_reg(fn, off + PCI_ATS_CTRL, 2, 0,
			PCI_ATS_CTRL_ENABLE | PCI_ATS_CTRL_STU(0x1f), 0);
		off += SWSMMU_PCI_ATS_SIZE;
	}
	if (fn->caps & SWSMMU_PCI_CAP_PRI) {
		u16 status = PCI_PRI_STATUS_STOPPED;

		fn->pri = off;
		cfg_ext_cap(fn, &prev, off, PCI_EXT_CAP_ID_PRI);
		/* Reset is written, never read back: swsmmu_pci_cfg_effects() */
		cfg_reg(fn, off + PCI_PRI_CTRL, 2, 0, PCI_PRI_CTRL_ENABLE, 0);
		/* A function with PASIDs wants them in PRG responses */
		if (fn->caps & SWSMMU_PCI_CAP_PASID)
			status |= PCI_PRI_STATUS_PASID;
		cfg_reg(fn, off + PCI_PRI_STATUS, 2, status, 0,
			PCI_PRI_STATUS_RF | PCI_PRI_STATUS_UPRGI);
		cfg_reg(fn, off + PCI_PRI_MAX_REQ, 4, SWSMMU_PCI_PRI_CAPACITY,
			0, 0);
		cfg_reg(fn, off + PCI_PRI_ALLOC_REQ, 4, 0, U32_MAX, 0);
		off += SWSMMU_PCI_PRI_SIZE;
	}
	if (fn->caps & SWSMMU_PCI_CAP_PASID) {
		fn->pasid = off;
		cfg_ext_cap(fn, &prev, off, PCI_EXT_CAP_ID_PASID);
		/* No Execute or Privileged Mode permission */
		cfg_reg(fn, off + PCI_PASID_CAP, 2,
			FIELD_PREP(PCI_PASID_CAP_WIDTH, pci_pasid_bits), 0, 0);
		cfg_reg(fn, off + PCI_PASID_CTRL, 2, 0, PCI_PASID_CTRL_ENABLE,
			0);
	}
}

/*
 * What a write does beyond setting writable bits: PRI's Reset (when
 * Enable is clear) clears the status errors, and Stopped is set exactly
 * while PRI is disabled, since no page request is ever outstanding then.
 */
static void swsmmu_pci_cfg_effects(struct swsmmu_pci_fn *fn, unsigned int off,
				   unsigned int size, u32 val)
{
	unsigned int at = fn->pri + PCI_PRI_CTRL;
	u16 ctrl, status;

	/* Enable and Reset are in the low byte of PRI Control */
	if (!fn->pri || off > at || off + size <= at)
		return;
	ctrl = cfg_get(fn->cfg, at, 2);
	status = cfg_get(fn->cfg, fn->pri + PCI_PRI_STATUS, 2);
	val >>= 8 * (at - off);
	if ((val & PCI_PRI_CTRL_RESET) && !(ctrl & PCI_PRI_CTRL_ENABLE))
		status &= ~(PCI_PRI_STATUS_RF | PCI_PRI_STATUS_UPRGI);
	if (ctrl & PCI_PRI_CTRL_ENABLE)
		status &= ~PCI_PRI_STATUS_STOPPED;
	else
		status |= PCI_PRI_STATUS_STOPPED;
	cfg_put(fn->cfg, fn->pri + PCI_PRI_STATUS, status, 2);
}

/* ---------------------------------------------------------------------- */
/* The register interface (include/uapi/swsmmu/pci_tdev.h)                */
/* ---------------------------------------------------------------------- */

/*
 * The registers live in config space, in the gap after the PCI Express
 * capability that no capability claims, because config space is all a
 * software bridge decodes: pci_ops sees every config access, but nothing
 * traps a CPU's load or store to BAR0 on x86 (Documentation/pci.rst).  A
 * rung doorbell hands the command to the function's engine
 * (drivers/tdev/pci_engine.c), which reports back through
 * swsmmu_pci_regs_done().  All of it under host->lock, like the rest of
 * config space.
 */
#define SWSMMU_PCI_REG(r)	(SWSMMU_PCI_REGS_OFFSET + SWSMMU_PCI_REG_##r)

static u32 regs_get(struct swsmmu_pci_fn *fn, unsigned int reg)
{
	return cfg_get(fn->cfg, SWSMMU_PCI_REGS_OFFSET + reg, 4);
}

static void regs_put(struct swsmmu_pci_fn *fn, unsigned int reg, u32 val)
{
	cfg_put(fn->cfg, SWSMMU_PCI_REGS_OFFSET + reg, val, 4);
}

/* ---------------------------------------------------------------------- */
/* INTx                                                                   */
/* ---------------------------------------------------------------------- */

/*
 * Each function has one level-triggered INTx line, a hwirq (its slot) of
 * an irq domain of the bridge's, which the PCI core maps through the
 * bridge's map_irq when a driver binds; x86's ACPI code finds no _PRT
 * entry for our domain and leaves dev->irq as map_irq set it.
 *
 * The line is pending while the command in STATUS was rung with OP.IRQ
 * and has ended (DONE or ERROR set), and asserted while pending and INTx
 * Disable is clear; PCI_STATUS_INTERRUPT shows pending, as PCI 2.3 wants,
 * so that pci_check_and_mask_intx() (vfio-pci's handler) sees it.
 *
 * A level is not an edge: an asserted line interrupts again as soon as it
 * is unmasked.  That happens on a rising edge (a command ends, INTx
 * Disable is cleared, DONE is left set) and when the irq core unmasks the
 * line while it is asserted (handle_level_irq() after a handler that did
 * not clear it).  The interrupt is never raised from where the line
 * changes: that is a config write under host->lock, perhaps under
 * vfio-pci's irqlock, which its handler takes, or an irq chip callback
 * under the descriptor's lock.  An irq_work (hard irq context) raises it
 * instead, with no lock of ours held, if the line is still asserted and
 * unmasked then.
 */
static bool swsmmu_pci_intx_pending(struct swsmmu_pci_fn *fn)
{
	return fn->irq_armed &&
	       (regs_get(fn, SWSMMU_PCI_REG_STATUS) &
		(SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR));
}

static bool swsmmu_pci_intx_asserted(struct swsmmu_pci_fn *fn)
{
	return swsmmu_pci_intx_pending(fn) &&
	       !(cfg_get(fn->cfg, PCI_COMMAND, 2) & PCI_COMMAND_INTX_DISABLE);
}

/* Under host->lock, after a change that may move the line */
static void swsmmu_pci_intx_update(struct swsmmu_pci_fn *fn, bool was)
{
	u16 status = cfg_get(fn->cfg, PCI_STATUS, 2);
	bool now;

	if (swsmmu_pci_intx_pending(fn))
		status |= PCI_STATUS_INTERRUPT;
	else
		status &= ~PCI_STATUS_INTERRUPT;
	cfg_put(fn->cfg, PCI_STATUS, status, 2);

	now = swsmmu_pci_intx_asserted(fn);
	if (!now || was)
		return;
	fn->intx_asserts++;
	if (!fn->intx_masked && !fn->host->dead)
		irq_work_queue(&fn->intx_work);
}

static void swsmmu_pci_intx_work(struct irq_work *work)
{
	struct swsmmu_pci_fn *fn = container_of(work, struct swsmmu_pci_fn,
						intx_work);
	struct swsmmu_pci_host *host = fn->host;
	unsigned long flags;
	bool raise;

	raw_spin_lock_irqsave(&host->lock, flags);
	raise = swsmmu_pci_intx_asserted(fn) && !fn->intx_masked && !host->dead;
	if (raise)
		fn->intx_delivered++;
	raw_spin_unlock_irqrestore(&host->lock, flags);
	/*
	 * The handler may clear the line, or mask it; the freeing of the
	 * host waits for this work (irq_work_sync()) before the domain goes.
	 */
	if (raise)
		generic_handle_domain_irq_safe(host->intx_domain,
					       PCI_SLOT(fn->devfn));
}

static void swsmmu_pci_intx_mask(struct irq_data *d)
{
	struct swsmmu_pci_fn *fn = irq_data_get_irq_chip_data(d);
	unsigned long flags;

	raw_spin_lock_irqsave(&fn->host->lock, flags);
	fn->intx_masked = true;
	raw_spin_unlock_irqrestore(&fn->host->lock, flags);
}

static void swsmmu_pci_intx_unmask(struct irq_data *d)
{
	struct swsmmu_pci_fn *fn = irq_data_get_irq_chip_data(d);
	unsigned long flags;

	raw_spin_lock_irqsave(&fn->host->lock, flags);
	fn->intx_masked = false;
	/* Still asserted: a level interrupts again */
	if (swsmmu_pci_intx_asserted(fn) && !fn->host->dead)
		irq_work_queue(&fn->intx_work);
	raw_spin_unlock_irqrestore(&fn->host->lock, flags);
}

static struct irq_chip swsmmu_pci_intx_chip = {
	.name = "swsmmu-INTx",
	.irq_mask = swsmmu_pci_intx_mask,
	.irq_unmask = swsmmu_pci_intx_unmask,
};

static int swsmmu_pci_intx_map(struct irq_domain *d, unsigned int virq,
			       irq_hw_number_t hwirq)
{
	struct swsmmu_pci_host *host = d->host_data;

	if (hwirq >= host->nr_fns)
		return -EINVAL;
	irq_set_chip_data(virq, host->fns[hwirq]);
	irq_set_chip_and_handler(virq, &swsmmu_pci_intx_chip,
				 handle_level_irq);
	irq_set_noprobe(virq);
	return 0;
}

static const struct irq_domain_ops swsmmu_pci_intx_ops = {
	.map = swsmmu_pci_intx_map,
};

/*
 * The bridge's map_irq, called by the PCI core when a driver binds a
 * function (pci_assign_irq()): INTA of slot N is hwirq N.  0 is "no IRQ".
 */
static int swsmmu_pci_map_irq(const struct pci_dev *pdev, u8 slot, u8 pin)
{
	struct swsmmu_pci_host *host = swsmmu_pci_host_of(pdev->bus);
	unsigned int irq;

	if (!swsmmu_pci_fn_of(host, pdev->bus, pdev->devfn) || pin != 1)
		return 0;
	irq = irq_create_mapping(host->intx_domain, PCI_SLOT(pdev->devfn));
	/* x86 reads Interrupt Line 0xff as "not connected" */
	if (!irq || irq == 0xff) {
		pci_warn(pdev, "no IRQ for INTA (%u)\n", irq);
		return 0;
	}
	return irq;
}

static int swsmmu_pci_intx_show(struct seq_file *m, void *unused)
{
	struct swsmmu_pci_host *host = m->private;
	struct swsmmu_pci_fn *fn;
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < host->nr_fns; i++) {
		fn = host->fns[i];
		raw_spin_lock_irqsave(&host->lock, flags);
		seq_printf(m, "%04x:00:%02x.0 irq %u pending %d asserted %d masked %d asserts %llu delivered %llu\n",
			   host->sd.domain, PCI_SLOT(fn->devfn),
			   irq_find_mapping(host->intx_domain, i),
			   swsmmu_pci_intx_pending(fn),
			   swsmmu_pci_intx_asserted(fn), fn->intx_masked,
			   fn->intx_asserts, fn->intx_delivered);
		raw_spin_unlock_irqrestore(&host->lock, flags);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(swsmmu_pci_intx);

/* The INTx domain, before the scan: map_irq needs it at the first bind */
static int swsmmu_pci_intx_init(struct swsmmu_pci_host *host)
{
	struct dentry *parent;

	host->intx_fwnode = irq_domain_alloc_named_id_fwnode("swsmmu-pci-intx",
							     host->sd.domain);
	if (!host->intx_fwnode)
		return -ENOMEM;
	host->intx_domain = irq_domain_create_linear(host->intx_fwnode,
						     host->nr_fns,
						     &swsmmu_pci_intx_ops,
						     host);
	if (!host->intx_domain) {
		irq_domain_free_fwnode(host->intx_fwnode);
		host->intx_fwnode = NULL;
		return -ENOMEM;
	}
	parent = swsmmu_hw_debugfs_dir(host->board->hw);
	if (!IS_ERR_OR_NULL(parent))
		host->dbg = debugfs_create_file("pci-intx", 0444, parent, host,
						&swsmmu_pci_intx_fops);
	return 0;
}

/* After the bus is gone and every engine and irq_work is idle */
static void swsmmu_pci_intx_exit(struct swsmmu_pci_host *host)
{
	unsigned int i, virq;

	debugfs_remove(host->dbg);
	if (!host->intx_domain)
		return;
	for (i = 0; i < host->nr_fns; i++) {
		virq = irq_find_mapping(host->intx_domain, i);
		if (virq)
			irq_dispose_mapping(virq);
	}
	irq_domain_remove(host->intx_domain);
	irq_domain_free_fwnode(host->intx_fwnode);
}

/* The engine is done with the command: publish its outcome, STATUS last */
static void swsmmu_pci_regs_done(void *priv, const struct swsmmu_pci_result *res)
{
	struct swsmmu_pci_fn *fn = priv;
	unsigned long flags;
	u32 status = SWSMMU_PCI_STATUS_DONE;
	bool was;

	if (res->fault)
		status |= SWSMMU_PCI_STATUS_ERROR;
	raw_spin_lock_irqsave(&fn->host->lock, flags);
	was = swsmmu_pci_intx_asserted(fn);
	regs_put(fn, SWSMMU_PCI_REG_FAULT, res->fault);
	regs_put(fn, SWSMMU_PCI_REG_XFER, res->xfer);
	regs_put(fn, SWSMMU_PCI_REG_FAULT_ADDR_LO, lower_32_bits(res->fault_addr));
	regs_put(fn, SWSMMU_PCI_REG_FAULT_ADDR_HI, upper_32_bits(res->fault_addr));
	regs_put(fn, SWSMMU_PCI_REG_CRC, res->crc);
	regs_put(fn, SWSMMU_PCI_REG_COUNT,
		 regs_get(fn, SWSMMU_PCI_REG_COUNT) + 1);
	regs_put(fn, SWSMMU_PCI_REG_STATUS, status);
	swsmmu_pci_intx_update(fn, was);
	raw_spin_unlock_irqrestore(&fn->host->lock, flags);
}

/* The registers' reset values and access types, and the engine */
static int swsmmu_pci_build_regs(struct swsmmu_pci_fn *fn)
{
	cfg_reg(fn, SWSMMU_PCI_REG(ID), 4, SWSMMU_PCI_REGS_ID, 0, 0);
	cfg_reg(fn, SWSMMU_PCI_REG(OP), 4, 0,
		SWSMMU_PCI_OP_CODE | SWSMMU_PCI_OP_SSV | SWSMMU_PCI_OP_IRQ |
		SWSMMU_PCI_OP_FILL_BYTE, 0);
	cfg_reg(fn, SWSMMU_PCI_REG(PASID), 4, 0, SWSMMU_PCI_PASID_MASK, 0);
	cfg_reg(fn, SWSMMU_PCI_REG(LEN), 4, 0, U32_MAX, 0);
	cfg_reg(fn, SWSMMU_PCI_REG(SRC_LO), 4, 0, U32_MAX, 0);
	cfg_reg(fn, SWSMMU_PCI_REG(SRC_HI), 4, 0, U32_MAX, 0);
	cfg_reg(fn, SWSMMU_PCI_REG(DST_LO), 4, 0, U32_MAX, 0);
	cfg_reg(fn, SWSMMU_PCI_REG(DST_HI), 4, 0, U32_MAX, 0);
	/* DOORBELL is write-only (reads 0): swsmmu_pci_regs_effects() */
	cfg_reg(fn, SWSMMU_PCI_REG(STATUS), 4, 0, 0,
		SWSMMU_PCI_STATUS_DONE | SWSMMU_PCI_STATUS_ERROR);
	/* FAULT to COUNT: read-only, zero until a command ends */
	fn->engine = swsmmu_pci_engine_create(&fn->pdata, swsmmu_pci_regs_done,
					      fn);
	return fn->engine ? 0 : -ENOMEM;
}

/*
 * A write that sets DOORBELL.GO (bit 0 of its first byte) starts a
 * command from the registers as they are now, unless one is running.
 * What the function may do is decided here too: Bus Master Enable and
 * PASID Enable as config space has them when the doorbell rings.
 */
static void swsmmu_pci_regs_effects(struct swsmmu_pci_fn *fn, unsigned int off,
				    unsigned int size, u32 val)
{
	unsigned int db = SWSMMU_PCI_REG(DOORBELL);
	struct swsmmu_pci_cmd cmd = {};

	if (off > db || off + size <= db)
		return;
	val >>= 8 * (db - off);
	if (!(val & SWSMMU_PCI_DB_GO) ||
	    regs_get(fn, SWSMMU_PCI_REG_STATUS) & SWSMMU_PCI_STATUS_BUSY)
		return;

	cmd.op = regs_get(fn, SWSMMU_PCI_REG_OP);
	cmd.pasid = regs_get(fn, SWSMMU_PCI_REG_PASID);
	cmd.len = regs_get(fn, SWSMMU_PCI_REG_LEN);
	cmd.src = (u64)regs_get(fn, SWSMMU_PCI_REG_SRC_HI) << 32 |
		  regs_get(fn, SWSMMU_PCI_REG_SRC_LO);
	cmd.dst = (u64)regs_get(fn, SWSMMU_PCI_REG_DST_HI) << 32 |
		  regs_get(fn, SWSMMU_PCI_REG_DST_LO);
	cmd.master = cfg_get(fn->cfg, PCI_COMMAND, 2) & PCI_COMMAND_MASTER;
	cmd.pasid_enabled = fn->pasid &&
		(cfg_get(fn->cfg, fn->pasid + PCI_PASID_CTRL, 2) &
		 PCI_PASID_CTRL_ENABLE);

	/* The new command's end is what may interrupt now */
	fn->irq_armed = cmd.op & SWSMMU_PCI_OP_IRQ;
	regs_put(fn, SWSMMU_PCI_REG_STATUS, SWSMMU_PCI_STATUS_BUSY);
	regs_put(fn, SWSMMU_PCI_REG_FAULT, 0);
	regs_put(fn, SWSMMU_PCI_REG_XFER, 0);
	regs_put(fn, SWSMMU_PCI_REG_FAULT_ADDR_LO, 0);
	regs_put(fn, SWSMMU_PCI_REG_FAULT_ADDR_HI, 0);
	regs_put(fn, SWSMMU_PCI_REG_CRC, 0);
	swsmmu_pci_engine_start(fn->engine, &cmd);
}

static int swsmmu_pci_read(struct pci_bus *bus, unsigned int devfn, int where,
			   int size, u32 *val)
{
	struct swsmmu_pci_host *host = swsmmu_pci_host_of(bus);
	struct swsmmu_pci_fn *fn = swsmmu_pci_fn_of(host, bus, devfn);
	unsigned long flags;

	if (!fn) {
		PCI_SET_ERROR_RESPONSE(val);
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	if (where < 0 || where + size > PCI_CFG_SPACE_EXP_SIZE ||
	    where & (size - 1)) {
		PCI_SET_ERROR_RESPONSE(val);
		return PCIBIOS_BAD_REGISTER_NUMBER;
	}
	raw_spin_lock_irqsave(&host->lock, flags);
	*val = cfg_get(fn->cfg, where, size);
	raw_spin_unlock_irqrestore(&host->lock, flags);
	return PCIBIOS_SUCCESSFUL;
}

static int swsmmu_pci_write(struct pci_bus *bus, unsigned int devfn, int where,
			    int size, u32 val)
{
	struct swsmmu_pci_host *host = swsmmu_pci_host_of(bus);
	struct swsmmu_pci_fn *fn = swsmmu_pci_fn_of(host, bus, devfn);
	unsigned long flags;
	u32 old, wmask, w1c;
	bool was;

	if (!fn)
		return PCIBIOS_DEVICE_NOT_FOUND;
	if (where < 0 || where + size > PCI_CFG_SPACE_EXP_SIZE ||
	    where & (size - 1))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	raw_spin_lock_irqsave(&host->lock, flags);
	was = swsmmu_pci_intx_asserted(fn);
	old = cfg_get(fn->cfg, where, size);
	wmask = cfg_get(fn->wmask, where, size);
	w1c = cfg_get(fn->w1cmask, where, size);
	cfg_put(fn->cfg, where, ((old & ~wmask) | (val & wmask)) & ~(val & w1c),
		size);
	swsmmu_pci_cfg_effects(fn, where, size, val);
	swsmmu_pci_regs_effects(fn, where, size, val);
	/* STATUS cleared, INTx Disable, a doorbell: the line may move */
	swsmmu_pci_intx_update(fn, was);
	raw_spin_unlock_irqrestore(&host->lock, flags);
	return PCIBIOS_SUCCESSFUL;
}

/* swsmmu_tdev_pdata.enabled: what a function's control registers allow */
static unsigned int swsmmu_pci_enabled(const struct swsmmu_tdev_pdata *pd)
{
	struct swsmmu_pci_fn *fn = container_of(pd, struct swsmmu_pci_fn, pdata);
	struct swsmmu_pci_host *host = fn->host;
	unsigned int en = 0;
	unsigned long flags;

	raw_spin_lock_irqsave(&host->lock, flags);
	if (fn->pasid &&
	    cfg_get(fn->cfg, fn->pasid + PCI_PASID_CTRL, 2) & PCI_PASID_CTRL_ENABLE)
		en |= SWSMMU_TDEV_EN_PASID;
	if (fn->pri &&
	    cfg_get(fn->cfg, fn->pri + PCI_PRI_CTRL, 2) & PCI_PRI_CTRL_ENABLE)
		en |= SWSMMU_TDEV_EN_PRI;
	if (fn->ats &&
	    cfg_get(fn->cfg, fn->ats + PCI_ATS_CTRL, 2) & PCI_ATS_CTRL_ENABLE)
		en |= SWSMMU_TDEV_EN_ATS;
	raw_spin_unlock_irqrestore(&host->lock, flags);
	return en;
}

static struct pci_ops swsmmu_pci_ops = {
	.read = swsmmu_pci_read,
	.write = swsmmu_pci_write,
};

/* ---------------------------------------------------------------------- */
/* Functions and their fwspec                                             */
/* ---------------------------------------------------------------------- */

/* "ats+pri+pasid", "none", ...: SWSMMU_PCI_CAP_* or -EINVAL */
static int swsmmu_pci_parse_caps(const char *s)
{
	static const struct {
		const char *name;
		unsigned int cap;
	} names[] = {
		{ "ats", SWSMMU_PCI_CAP_ATS },
		{ "pri", SWSMMU_PCI_CAP_PRI },
		{ "pasid", SWSMMU_PCI_CAP_PASID },
	};
	unsigned int caps = 0, i;
	const char *end;
	size_t len;

	if (!strcmp(s, "none"))
		return 0;
	while (*s) {
		end = strchrnul(s, '+');
		len = end - s;
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (len == strlen(names[i].name) &&
			    !strncmp(s, names[i].name, len))
				break;
		if (i == ARRAY_SIZE(names))
			return -EINVAL;
		caps |= names[i].cap;
		s = *end ? end + 1 : end;
	}
	return caps ? caps : -EINVAL;
}

/* The capabilities of function @i as pci_caps= says */
static int swsmmu_pci_fn_caps(unsigned int i)
{
	const char *s;
	int caps;

	if (!pci_caps_num)
		return SWSMMU_PCI_CAP_ATS | SWSMMU_PCI_CAP_PRI |
		       SWSMMU_PCI_CAP_PASID;
	s = pci_caps[min_t(unsigned int, i, pci_caps_num - 1)];
	caps = swsmmu_pci_parse_caps(s);
	if (caps < 0)
		pr_err("pci_caps=%s: takes ats, pri and pasid joined by +, or none\n",
		       s);
	return caps;
}

static u32 swsmmu_pci_sid(struct swsmmu_pci_host *host, u8 devfn)
{
	/* Bus 0 of our own domain: the RID is the devfn */
	return host->sid_base + PCI_DEVID(0, devfn);
}

/* Devfns a bus has, the size of pci_dev.dma_alias_mask (MAX_NR_DEVFNS) */
#define SWSMMU_PCI_NR_DEVFNS	256

/*
 * What a PCI quirk's pci_add_dma_alias() does, which is not exported: the
 * PCI core frees the mask with the device (pci_release_dev()).
 */
static void swsmmu_pci_add_alias(struct pci_dev *pdev, u8 devfn)
{
	if (!pdev->dma_alias_mask)
		pdev->dma_alias_mask = bitmap_zalloc(SWSMMU_PCI_NR_DEVFNS,
						     GFP_KERNEL);
	if (!pdev->dma_alias_mask) {
		pci_warn(pdev, "no memory for its DMA alias\n");
		return;
	}
	set_bit(devfn, pdev->dma_alias_mask);
	pci_info(pdev, "DMA alias to %02x.%d\n", PCI_SLOT(devfn),
		 PCI_FUNC(devfn));
}

/*
 * Before the IOMMU core sees one of our functions: its fwspec and what its
 * driver needs (see "IOMMU" at the top).  An error leaves the function
 * without an IOMMU, which swsmmu_pci_add() refuses.
 */
static int swsmmu_pci_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct swsmmu_pci_host *host = container_of(nb, struct swsmmu_pci_host,
						    nb);
	struct device *dev = data;
	struct swsmmu_pci_fn *fn;
	struct pci_dev *pdev;
	int ret;

	if (action != BUS_NOTIFY_ADD_DEVICE)
		return NOTIFY_DONE;
	pdev = to_pci_dev(dev);
	if (pdev->bus->ops != &swsmmu_pci_ops || pdev->bus->sysdata != &host->sd)
		return NOTIFY_DONE;
	fn = swsmmu_pci_fn_of(host, pdev->bus, pdev->devfn);
	if (!fn)
		return NOTIFY_DONE;

	dev->platform_data = &fn->pdata;
	if (pci_alias && pdev->devfn == PCI_DEVFN(1, 0))
		swsmmu_pci_add_alias(pdev, PCI_DEVFN(0, 0));
	ret = swsmmu_fwspec_attach(dev, dev_fwnode(&host->board->pdev->dev),
				   &fn->pdata.sid, 1);
	if (ret)
		pci_err(pdev, "no fwspec: %d\n", ret);
	/* The root complex forwards ATS when the SMMU implements it */
	else if (swsmmu_hw_read32(fn->pdata.hw, SMMU_IDR0) & IDR0_ATS)
		dev_iommu_fwspec_get(dev)->flags |= IOMMU_FWSPEC_PCI_RC_ATS;
	return NOTIFY_DONE;
}

/* Which SIDs the functions use; refuse what cannot work */
static int swsmmu_pci_check(struct swsmmu_board *board, u64 sid_base,
			    unsigned int nr)
{
	u64 last = sid_base + PCI_DEVID(0, PCI_DEVFN(nr - 1, 0));

	if (pci_alias && nr < 2) {
		pr_err("pci_alias=1: needs pci_devices >= 2\n");
		return -EINVAL;
	}
	if (pci_sid_base < -1 || pci_sid_base > U32_MAX) {
		pr_err("pci_sid_base=%ld: must be -1 or 0 to 0xffffffff\n",
		       pci_sid_base);
		return -EINVAL;
	}
	if (last > U32_MAX ||
	    (board->sid_bits < 32 && last >= BIT_ULL(board->sid_bits))) {
		pr_err("PCI StreamIDs %#llx-%#llx do not fit in %u bits (sid_bits, pci_sid_base)\n",
		       sid_base, last, board->sid_bits);
		return -EINVAL;
	}
	if (sid_base < (u64)board->sid_base + board->nr_sids &&
	    last >= board->sid_base) {
		pr_err("PCI StreamIDs %#llx-%#llx overlap the test devices' (pci_sid_base)\n",
		       sid_base, last);
		return -EINVAL;
	}
	return 0;
}

static void swsmmu_pci_free(struct swsmmu_pci_host *host)
{
	unsigned long flags;
	unsigned int i;

	/*
	 * An engine may still be finishing a command (the bus is gone, the
	 * function's command is not): once dead, its end raises nothing, so
	 * after the engines and the irq_works are idle nothing touches the
	 * INTx domain.
	 */
	raw_spin_lock_irqsave(&host->lock, flags);
	host->dead = true;
	raw_spin_unlock_irqrestore(&host->lock, flags);
	for (i = 0; i < host->nr_fns; i++) {
		swsmmu_pci_engine_destroy(host->fns[i]->engine);
		irq_work_sync(&host->fns[i]->intx_work);
	}
	swsmmu_pci_intx_exit(host);
	for (i = 0; i < host->nr_fns; i++)
		kvfree(host->fns[i]);
	if (host->mem.parent)
		release_resource(&host->mem);
	kfree(host);
}

static struct swsmmu_pci_host *swsmmu_pci_alloc(struct swsmmu_board *board,
						u32 sid_base)
{
	struct swsmmu_pci_host *host;
	struct swsmmu_pci_fn *fn;
	unsigned int i;
	int caps;

	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return ERR_PTR(-ENOMEM);
	host->board = board;
	host->sid_base = sid_base;
	raw_spin_lock_init(&host->lock);
	for (i = 0; i < pci_devices; i++) {
		caps = swsmmu_pci_fn_caps(i);
		if (caps < 0) {
			swsmmu_pci_free(host);
			return ERR_PTR(caps);
		}
		fn = kvzalloc(sizeof(*fn), GFP_KERNEL);
		if (!fn) {
			swsmmu_pci_free(host);
			return ERR_PTR(-ENOMEM);
		}
		host->fns[host->nr_fns++] = fn;
		fn->intx_work = IRQ_WORK_INIT_HARD(swsmmu_pci_intx_work);
		/* Masked until a driver requests the IRQ */
		fn->intx_masked = true;
		fn->devfn = PCI_DEVFN(i, 0);
		fn->caps = caps;
		fn->pdata.hw = board->hw;
		fn->pdata.sid = swsmmu_pci_sid(host, fn->devfn);
		fn->pdata.enabled = swsmmu_pci_enabled;
		fn->host = host;
		swsmmu_pci_build_header(fn);
		swsmmu_pci_build_ext_caps(fn);
		if (swsmmu_pci_build_regs(fn)) {
			swsmmu_pci_free(host);
			return ERR_PTR(-ENOMEM);
		}
	}
	return host;
}

/* A domain number no bus uses, as VMD picks one */
static int swsmmu_pci_free_domain(void)
{
	struct pci_bus *bus = NULL;
	int domain = 0xffff;

	while ((bus = pci_find_next_bus(bus)) != NULL)
		domain = max(domain, pci_domain_nr(bus));
	return domain + 1;
}

/* The bus number and memory windows of the host bridge */
static int swsmmu_pci_windows(struct swsmmu_pci_host *host,
			      struct list_head *windows)
{
	int ret;

	host->busn = DEFINE_RES_NAMED(0, 1, "swsmmu PCI bus", IORESOURCE_BUS);
	host->mem.name = "swsmmu PCI";
	host->mem.flags = IORESOURCE_MEM | IORESOURCE_MEM_64;
	ret = allocate_resource(&iomem_resource, &host->mem,
				SWSMMU_PCI_WINDOW_SIZE, SZ_4G, U64_MAX,
				SWSMMU_PCI_WINDOW_SIZE, NULL, NULL);
	if (ret) {
		pr_err("no address space for the BAR window: %d\n", ret);
		return ret;
	}
	pci_add_resource(windows, &host->busn);
	pci_add_resource(windows, &host->mem);
	return 0;
}

/* Every function has a fwspec and an IOMMU group: the SMMU took them */
static int swsmmu_pci_check_taken(struct swsmmu_pci_host *host)
{
	struct pci_bus *bus = host->bridge->bus;
	unsigned int found = 0;
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &bus->devices, bus_list) {
		found++;
		if (!pdev->dev.iommu_group) {
			pci_err(pdev, "not taken by the IOMMU core\n");
			return -ENODEV;
		}
	}
	if (found != host->nr_fns) {
		pr_err("%u of %u functions found on the bus\n", found,
		       host->nr_fns);
		return -ENODEV;
	}
	return 0;
}

static void swsmmu_pci_remove_bus(struct pci_bus *bus)
{
	pci_lock_rescan_remove();
	pci_stop_root_bus(bus);
	pci_remove_root_bus(bus);
	pci_unlock_rescan_remove();
}

/**
 * swsmmu_pci_add() - create the PCI host bridge and its functions
 * @board: the board, with its SMMU device published
 *
 * With pci_devices=0 there is no bridge.
 *
 * Return: 0, -EINVAL for parameters that cannot work (the log says
 * which), -ENODEV if a function was not taken by the IOMMU, -ENOMEM, or
 * an error of the PCI core.
 */
int swsmmu_pci_add(struct swsmmu_board *board)
{
	u64 sid_base = pci_sid_base >= 0 ? pci_sid_base :
		       (u64)board->sid_base + board->nr_sids;
	struct swsmmu_pci_host *host;
	struct pci_host_bridge *bridge;
	int ret;

	if (!pci_devices)
		return 0;
	ret = swsmmu_pci_check(board, sid_base, pci_devices);
	if (ret)
		return ret;
	host = swsmmu_pci_alloc(board, sid_base);
	if (IS_ERR(host))
		return PTR_ERR(host);

	bridge = pci_alloc_host_bridge(0);
	if (!bridge) {
		swsmmu_pci_free(host);
		return -ENOMEM;
	}
	ret = swsmmu_pci_windows(host, &bridge->windows);
	if (ret) {
		pci_free_host_bridge(bridge);
		swsmmu_pci_free(host);
		return ret;
	}
	host->sd.domain = swsmmu_pci_free_domain();
	host->sd.node = NUMA_NO_NODE;
	bridge->dev.parent = &board->pdev->dev;
	bridge->sysdata = &host->sd;
	bridge->busnr = 0;
	bridge->ops = &swsmmu_pci_ops;
	bridge->map_irq = swsmmu_pci_map_irq;
	ret = swsmmu_pci_intx_init(host);
	if (ret) {
		pci_free_host_bridge(bridge);
		swsmmu_pci_free(host);
		return ret;
	}

	/* Before the scan, which adds the functions */
	host->nb.notifier_call = swsmmu_pci_notify;
	host->nb.priority = 1;	/* before the IOMMU core's notifier */
	ret = bus_register_notifier(&pci_bus_type, &host->nb);
	if (ret) {
		pci_free_host_bridge(bridge);
		swsmmu_pci_free(host);
		return ret;
	}

	pci_lock_rescan_remove();
	ret = pci_scan_root_bus_bridge(bridge);
	if (ret) {
		pci_unlock_rescan_remove();
		pr_err("cannot scan the root bus: %d\n", ret);
		bus_unregister_notifier(&pci_bus_type, &host->nb);
		pci_free_host_bridge(bridge);
		swsmmu_pci_free(host);
		return ret;
	}
	host->bridge = bridge;
	pci_assign_unassigned_bus_resources(bridge->bus);
	pci_bus_add_devices(bridge->bus);
	pci_unlock_rescan_remove();

	board->pci = host;
	ret = swsmmu_pci_check_taken(host);
	if (ret) {
		swsmmu_pci_remove(board);
		return ret;
	}
	dev_info(&bridge->dev, "%u functions, PCI domain %04x, RID r is StreamID %#x + r\n",
		 host->nr_fns, host->sd.domain, host->sid_base);
	return 0;
}

/**
 * swsmmu_pci_remove() - remove the PCI host bridge and its functions
 * @board: the board
 *
 * Unbinds the functions' drivers and removes the bus.  Nothing happens if
 * there is no bridge.  Call with @board->clients_lock held, or in module
 * init and exit.
 */
void swsmmu_pci_remove(struct swsmmu_board *board)
{
	struct swsmmu_pci_host *host = board->pci;

	if (!host)
		return;
	board->pci = NULL;
	swsmmu_pci_remove_bus(host->bridge->bus);
	/*
	 * pci_remove_root_bus() only deletes the bridge's device: the
	 * reference pci_alloc_host_bridge() gave us is ours to drop.  Its
	 * release frees the bridge and its window list, not the windows.
	 */
	pci_free_host_bridge(host->bridge);
	bus_unregister_notifier(&pci_bus_type, &host->nb);
	swsmmu_pci_free(host);
}
