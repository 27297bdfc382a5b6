// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: instance life cycle and the register file.
 *
 * Register writes take effect synchronously: a write to CR0 is reflected in
 * CR0ACK before the write returns, which is a legal (if unusually fast)
 * implementation of the architecture's update handshake.  Clearing
 * CMDQEN returns only once no command is being fetched.  What commands do
 * and when records appear depends on the latencies (async.c): at once in
 * the register write or transaction, or later from the instance's context.
 */
#include <linux/bitfield.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "model.h"

static void hw_irq_work(struct work_struct *work)
{
	struct swsmmu_hw *hw = container_of(work, struct swsmmu_hw, irq_work);
	unsigned int lines = xchg(&hw->irq_pending, 0);
	swsmmu_hw_irq_fn fn;

	mutex_lock(&hw->irq_lock);
	fn = hw->irq;
	if (lines && fn)
		fn(hw->irq_priv, lines);
	mutex_unlock(&hw->irq_lock);
}

/**
 * swsmmu_hw_request_irq() - connect the instance's interrupt lines
 * @hw: the instance
 * @fn: handler, called in process context with the lines that fired
 * @priv: cookie for @fn
 */
void swsmmu_hw_request_irq(struct swsmmu_hw *hw, swsmmu_hw_irq_fn fn,
			   void *priv)
{
	mutex_lock(&hw->irq_lock);
	hw->irq = fn;
	hw->irq_priv = priv;
	mutex_unlock(&hw->irq_lock);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_request_irq);

/**
 * swsmmu_hw_free_irq() - disconnect the interrupt handler
 * @hw: the instance
 *
 * On return the handler is not running and will not be called again.
 */
void swsmmu_hw_free_irq(struct swsmmu_hw *hw)
{
	mutex_lock(&hw->irq_lock);
	hw->irq = NULL;
	hw->irq_priv = NULL;
	mutex_unlock(&hw->irq_lock);
	cancel_work_sync(&hw->irq_work);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_free_irq);

/**
 * swsmmu_hw_set_sanitizer() - let a DMA sanitizer watch device accesses
 * @hw: the instance
 * @san: the sanitizer, or NULL to remove the one registered
 *
 * Not architectural (see struct swsmmu_hw_sanitizer).  After a removal
 * returns, @san->access is no longer running and is not called again.
 * Process context: removal waits for an RCU grace period.
 */
void swsmmu_hw_set_sanitizer(struct swsmmu_hw *hw,
			     const struct swsmmu_hw_sanitizer *san)
{
	const struct swsmmu_hw_sanitizer *old;

	mutex_lock(&hw->irq_lock);
	old = rcu_dereference_protected(hw->san, lockdep_is_held(&hw->irq_lock));
	rcu_assign_pointer(hw->san, san);
	mutex_unlock(&hw->irq_lock);
	if (san && !old)
		static_branch_inc(&swsmmu_hw_san_key);
	if (!san && old) {
		static_branch_dec(&swsmmu_hw_san_key);
		synchronize_rcu();
	}
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_set_sanitizer);

/**
 * hw_raise_irq() - assert interrupt lines towards the driver half
 * @hw: the instance
 * @lines: SWSMMU_IRQ_* mask
 *
 * Lines disabled in IRQ_CTRL are dropped (the condition stays visible in
 * the queue and GERROR registers, as on silicon).  Delivery happens later
 * from a workqueue, never in the caller's context.
 */
void hw_raise_irq(struct swsmmu_hw *hw, unsigned int lines)
{
	u32 ctrl = READ_ONCE(hw->irq_ctrl);

	if (!(ctrl & IRQ_CTRL_EVTQ_IRQEN))
		lines &= ~SWSMMU_IRQ_EVTQ;
	if (!(ctrl & IRQ_CTRL_PRIQ_IRQEN))
		lines &= ~SWSMMU_IRQ_PRIQ;
	if (!(ctrl & IRQ_CTRL_GERROR_IRQEN))
		lines &= ~SWSMMU_IRQ_GERROR;
	if (!lines)
		return;
	set_mask_bits(&hw->irq_pending, 0, lines);
	queue_work(system_unbound_wq, &hw->irq_work);
}

/**
 * hw_gerror_raise() - activate a global error
 * @hw: the instance, with @hw->reg_lock held
 * @err: one GERROR_* bit
 *
 * Toggles @err in GERROR and raises the GERROR interrupt, unless the error
 * is already active (GERROR and GERRORN differ in that bit): an active
 * error is not raised again until software acknowledges it in GERRORN.
 */
void hw_gerror_raise(struct swsmmu_hw *hw, u32 err)
{
	lockdep_assert_held(&hw->reg_lock);
	if ((hw->gerror ^ hw->gerrorn) & err)
		return;
	hw->gerror ^= err;
	hw_raise_irq(hw, SWSMMU_IRQ_GERROR);
}

/*
 * Act on a register write that affects the queues, after reg_lock has been
 * dropped (commands never execute under it).  Never sleeps.
 */
static void hw_queue_notify(struct swsmmu_hw *hw, unsigned int ev)
{
	if (ev & HW_QEV_SMMU_OFF)
		hw_stall_release_all(hw, true, 0, CMDQ_RESUME_0_RESP_ABORT);
	if (ev & HW_QEV_EVTQ)
		wake_up_all(&hw->stall_wq);
	if (ev & HW_QEV_CMDQ_OFF)
		hw_cmdq_quiesce(hw);
	if ((ev & HW_QEV_CMDQ) && hw_async_cmd(hw))
		hw_async_kick(hw);
	else if (ev & HW_QEV_CMDQ)
		hw_cmdq_consume(hw);
}

static void hw_build_idrs(struct swsmmu_hw *hw)
{
	const struct swsmmu_hw_features *f = &hw->feat;

	hw->idr[0] = FIELD_PREP(IDR0_ST_LVL, f->st_2lvl ? IDR0_ST_LVL_2LVL :
						      IDR0_ST_LVL_LINEAR) |
		     FIELD_PREP(IDR0_STALL_MODEL, f->stall ?
				IDR0_STALL_MODEL_STALL : IDR0_STALL_MODEL_NOSTALL) |
		     FIELD_PREP(IDR0_TTENDIAN, IDR0_TTENDIAN_LE) |
		     (f->cd_2lvl ? IDR0_CD2L : 0) |
		     (f->vmid16 ? IDR0_VMID16 : 0) |
		     (f->pri ? IDR0_PRI : 0) |
		     (f->ats ? IDR0_ATS : 0) |
		     (f->sev ? IDR0_SEV : 0) |
		     (f->msi ? IDR0_MSI : 0) |
		     (f->asid16 ? IDR0_ASID16 : 0) |
		     FIELD_PREP(IDR0_HTTU, !f->httu_access ? 0 : f->httu_dirty ? 2 : 1) |
		     IDR0_COHACC |
		     FIELD_PREP(IDR0_TTF, IDR0_TTF_AARCH64) |
		     (f->s1 ? IDR0_S1P : 0) |
		     (f->s2 ? IDR0_S2P : 0);
	hw->idr[1] = FIELD_PREP(IDR1_SIDSIZE, f->sid_bits) |
		     FIELD_PREP(IDR1_SSIDSIZE, f->ssid_bits) |
		     FIELD_PREP(IDR1_PRIQS, f->priq_bits) |
		     FIELD_PREP(IDR1_EVTQS, f->evtq_bits) |
		     FIELD_PREP(IDR1_CMDQS, f->cmdq_bits);
	hw->idr[2] = 0;
	hw->idr[3] = f->ril ? IDR3_RIL : 0;
	hw->idr[4] = 0;
	hw->idr[5] = FIELD_PREP(IDR5_OAS, f->oas) |
		     (f->gran4k ? IDR5_GRAN4K : 0) |
		     (f->gran16k ? IDR5_GRAN16K : 0) |
		     (f->gran64k ? IDR5_GRAN64K : 0) |
		     FIELD_PREP(IDR5_STALL_MAX, f->stall ? 64 : 0);
	/* SMMUv3.2: range invalidation is a v3.2 feature */
	hw->aidr = FIELD_PREP(AIDR_ARCH_MINOR_REV, 2);
}

static int hw_check_features(const struct swsmmu_hw_features *f)
{
	if (f->sid_bits < 1 || f->sid_bits > 32)
		return -EINVAL;
	if (f->ssid_bits > 20)
		return -EINVAL;
	if (f->oas > PA_SIZE_52)
		return -EINVAL;
	if (!f->s1 && !f->s2)
		return -EINVAL;
	if (!f->gran4k && !f->gran16k && !f->gran64k)
		return -EINVAL;
	if (!f->cmdq_bits || f->cmdq_bits > 19 || !f->evtq_bits ||
	    f->evtq_bits > 19 || f->priq_bits > 19 || (f->pri && !f->priq_bits))
		return -EINVAL;
	return 0;
}

/**
 * swsmmu_hw_create() - create a software SMMU instance in its reset state
 * @name: name used in messages and trace events (copied: the caller's may
 *        be a local buffer)
 * @feat: features to implement (validated; see struct swsmmu_hw_features)
 *
 * Return: the instance, or an ERR_PTR(): -EINVAL for an impossible feature
 * set, -ENOMEM.
 */
struct swsmmu_hw *swsmmu_hw_create(const char *name,
				   const struct swsmmu_hw_features *feat)
{
	struct swsmmu_hw *hw;
	int ret;

	ret = hw_check_features(feat);
	if (ret)
		return ERR_PTR(ret);

	hw = kzalloc(sizeof(*hw), GFP_KERNEL);
	if (!hw)
		return ERR_PTR(-ENOMEM);

	strscpy(hw->name, name, sizeof(hw->name));
	hw->feat = *feat;
	mutex_init(&hw->irq_lock);
	INIT_WORK(&hw->irq_work, hw_irq_work);
	spin_lock_init(&hw->reg_lock);
	spin_lock_init(&hw->cmdq_lock);
	hw_stall_init(hw);
	hw_pri_init(hw);
	hw_ats_init(hw);
	if (hw_caches_init(hw)) {
		kfree(hw);
		return ERR_PTR(-ENOMEM);
	}
	hw->cmdq.ent_shift = CMDQ_ENT_SZ_SHIFT;
	hw->evtq.ent_shift = EVTQ_ENT_SZ_SHIFT;
	hw->priq.ent_shift = PRIQ_ENT_SZ_SHIFT;
	/* Reset: disabled, incoming transactions abort until GBPA says not */
	hw->gbpa = GBPA_ABORT;
	hw_build_idrs(hw);
	hw_inject_init(hw);
	hw_debugfs_init(hw);
	return hw;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_create);

/**
 * swsmmu_hw_destroy() - free an instance
 * @hw: the instance; the caller guarantees no transaction or register
 *      access is in progress and none will start
 */
void swsmmu_hw_destroy(struct swsmmu_hw *hw)
{
	if (!hw)
		return;
	/* The context first: it executes commands and raises interrupts */
	hw_async_destroy(hw);
	/* Then: waits for debugfs readers, which look at everything */
	hw_debugfs_exit(hw);
	cancel_work_sync(&hw->irq_work);
	WARN_ON(!list_empty(&hw->stalls));
	hw_pri_destroy(hw);
	hw_ats_destroy(hw);
	hw_caches_destroy(hw);
	kfree(hw);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_destroy);

/* ---------------------------------------------------------------------- */
/* The register file                                                      */
/* ---------------------------------------------------------------------- */

#define HW_REG_FIELD(n, m)	{ .name = (n), .mask = (m) }
#define HW_REG_ADDR(n, m)	{ .name = (n), .mask = (m), .addr = true }

static const struct hw_reg_field hw_reg_idr0[] = {
	HW_REG_FIELD("S2P", IDR0_S2P),
	HW_REG_FIELD("S1P", IDR0_S1P),
	HW_REG_FIELD("TTF", IDR0_TTF),
	HW_REG_FIELD("COHACC", IDR0_COHACC),
	HW_REG_FIELD("BTM", IDR0_BTM),
	HW_REG_FIELD("HTTU", IDR0_HTTU),
	HW_REG_FIELD("DORMHINT", IDR0_DORMHINT),
	HW_REG_FIELD("Hyp", IDR0_HYP),
	HW_REG_FIELD("ATS", IDR0_ATS),
	HW_REG_FIELD("NS1ATS", IDR0_NS1ATS),
	HW_REG_FIELD("ASID16", IDR0_ASID16),
	HW_REG_FIELD("MSI", IDR0_MSI),
	HW_REG_FIELD("SEV", IDR0_SEV),
	HW_REG_FIELD("ATOS", IDR0_ATOS),
	HW_REG_FIELD("PRI", IDR0_PRI),
	HW_REG_FIELD("VMW", IDR0_VMW),
	HW_REG_FIELD("VMID16", IDR0_VMID16),
	HW_REG_FIELD("CD2L", IDR0_CD2L),
	HW_REG_FIELD("VATOS", IDR0_VATOS),
	HW_REG_FIELD("TTENDIAN", IDR0_TTENDIAN),
	HW_REG_FIELD("STALL_MODEL", IDR0_STALL_MODEL),
	HW_REG_FIELD("TERM_MODEL", IDR0_TERM_MODEL),
	HW_REG_FIELD("ST_LEVEL", IDR0_ST_LVL),
	{ }
};

static const struct hw_reg_field hw_reg_idr1[] = {
	HW_REG_FIELD("SIDSIZE", IDR1_SIDSIZE),
	HW_REG_FIELD("SSIDSIZE", IDR1_SSIDSIZE),
	HW_REG_FIELD("PRIQS", IDR1_PRIQS),
	HW_REG_FIELD("EVTQS", IDR1_EVTQS),
	HW_REG_FIELD("CMDQS", IDR1_CMDQS),
	HW_REG_FIELD("ATTR_PERMS_OVR", IDR1_ATTR_PERMS_OVR),
	HW_REG_FIELD("ATTR_TYPES_OVR", IDR1_ATTR_TYPES_OVR),
	HW_REG_FIELD("REL", IDR1_REL),
	HW_REG_FIELD("QUEUES_PRESET", IDR1_QUEUES_PRESET),
	HW_REG_FIELD("TABLES_PRESET", IDR1_TABLES_PRESET),
	{ }
};

static const struct hw_reg_field hw_reg_idr3[] = {
	HW_REG_FIELD("RIL", IDR3_RIL),
	{ }
};

static const struct hw_reg_field hw_reg_idr5[] = {
	HW_REG_FIELD("OAS", IDR5_OAS),
	HW_REG_FIELD("GRAN4K", IDR5_GRAN4K),
	HW_REG_FIELD("GRAN16K", IDR5_GRAN16K),
	HW_REG_FIELD("GRAN64K", IDR5_GRAN64K),
	HW_REG_FIELD("VAX", IDR5_VAX),
	HW_REG_FIELD("STALL_MAX", IDR5_STALL_MAX),
	{ }
};

static const struct hw_reg_field hw_reg_iidr[] = {
	HW_REG_FIELD("Implementer", IIDR_IMPLEMENTER),
	HW_REG_FIELD("Revision", IIDR_REVISION),
	HW_REG_FIELD("Variant", IIDR_VARIANT),
	HW_REG_FIELD("ProductID", IIDR_PRODUCTID),
	{ }
};

static const struct hw_reg_field hw_reg_aidr[] = {
	HW_REG_FIELD("ArchMinorRev", AIDR_ARCH_MINOR_REV),
	HW_REG_FIELD("ArchMajorRev", AIDR_ARCH_MAJOR_REV),
	{ }
};

static const struct hw_reg_field hw_reg_cr0[] = {
	HW_REG_FIELD("SMMUEN", CR0_SMMUEN),
	HW_REG_FIELD("PRIQEN", CR0_PRIQEN),
	HW_REG_FIELD("EVTQEN", CR0_EVTQEN),
	HW_REG_FIELD("CMDQEN", CR0_CMDQEN),
	HW_REG_FIELD("ATSCHK", CR0_ATSCHK),
	HW_REG_FIELD("VMW", CR0_VMW),
	{ }
};

static const struct hw_reg_field hw_reg_cr1[] = {
	HW_REG_FIELD("QUEUE_IC", CR1_QUEUE_IC),
	HW_REG_FIELD("QUEUE_OC", CR1_QUEUE_OC),
	HW_REG_FIELD("QUEUE_SH", CR1_QUEUE_SH),
	HW_REG_FIELD("TABLE_IC", CR1_TABLE_IC),
	HW_REG_FIELD("TABLE_OC", CR1_TABLE_OC),
	HW_REG_FIELD("TABLE_SH", CR1_TABLE_SH),
	{ }
};

static const struct hw_reg_field hw_reg_cr2[] = {
	HW_REG_FIELD("E2H", CR2_E2H),
	HW_REG_FIELD("RECINVSID", CR2_RECINVSID),
	HW_REG_FIELD("PTM", CR2_PTM),
	{ }
};

static const struct hw_reg_field hw_reg_gbpa[] = {
	HW_REG_FIELD("ABORT", GBPA_ABORT),
	HW_REG_FIELD("Update", GBPA_UPDATE),
	{ }
};

static const struct hw_reg_field hw_reg_irq_ctrl[] = {
	HW_REG_FIELD("GERROR_IRQEN", IRQ_CTRL_GERROR_IRQEN),
	HW_REG_FIELD("PRIQ_IRQEN", IRQ_CTRL_PRIQ_IRQEN),
	HW_REG_FIELD("EVTQ_IRQEN", IRQ_CTRL_EVTQ_IRQEN),
	{ }
};

static const struct hw_reg_field hw_reg_gerror[] = {
	HW_REG_FIELD("CMDQ_ERR", GERROR_CMDQ_ERR),
	HW_REG_FIELD("EVTQ_ABT_ERR", GERROR_EVTQ_ABT_ERR),
	HW_REG_FIELD("PRIQ_ABT_ERR", GERROR_PRIQ_ABT_ERR),
	HW_REG_FIELD("MSI_CMDQ_ABT_ERR", GERROR_MSI_CMDQ_ABT_ERR),
	HW_REG_FIELD("MSI_EVTQ_ABT_ERR", GERROR_MSI_EVTQ_ABT_ERR),
	HW_REG_FIELD("MSI_PRIQ_ABT_ERR", GERROR_MSI_PRIQ_ABT_ERR),
	HW_REG_FIELD("MSI_GERROR_ABT_ERR", GERROR_MSI_GERROR_ABT_ERR),
	HW_REG_FIELD("SFM_ERR", GERROR_SFM_ERR),
	{ }
};

static const struct hw_reg_field hw_reg_irq_cfg0[] = {
	HW_REG_ADDR("ADDR", IRQ_CFG0_ADDR),
	{ }
};

static const struct hw_reg_field hw_reg_irq_cfg2[] = {
	HW_REG_FIELD("MemAttr", IRQ_CFG2_MEMATTR),
	HW_REG_FIELD("SH", IRQ_CFG2_SH),
	{ }
};

static const struct hw_reg_field hw_reg_strtab_base[] = {
	HW_REG_ADDR("ADDR", STRTAB_BASE_ADDR),
	HW_REG_FIELD("RA", STRTAB_BASE_RA),
	{ }
};

static const struct hw_reg_field hw_reg_strtab_base_cfg[] = {
	HW_REG_FIELD("LOG2SIZE", STRTAB_BASE_CFG_LOG2SIZE),
	HW_REG_FIELD("SPLIT", STRTAB_BASE_CFG_SPLIT),
	HW_REG_FIELD("FMT", STRTAB_BASE_CFG_FMT),
	{ }
};

static const struct hw_reg_field hw_reg_cmdq_base[] = {
	HW_REG_ADDR("ADDR", Q_BASE_ADDR),
	HW_REG_FIELD("LOG2SIZE", Q_BASE_LOG2SIZE),
	HW_REG_FIELD("RA", Q_BASE_RWA),
	{ }
};

static const struct hw_reg_field hw_reg_outq_base[] = {
	HW_REG_ADDR("ADDR", Q_BASE_ADDR),
	HW_REG_FIELD("LOG2SIZE", Q_BASE_LOG2SIZE),
	HW_REG_FIELD("WA", Q_BASE_RWA),
	{ }
};

static const struct hw_reg_field hw_reg_cmdq_cons[] = {
	HW_REG_FIELD("ERR", CMDQ_CONS_ERR),
	{ }
};

static const struct hw_reg_field hw_reg_outq_prod[] = {
	HW_REG_FIELD("OVFLG", Q_OVF),
	{ }
};

static const struct hw_reg_field hw_reg_outq_cons[] = {
	HW_REG_FIELD("OVACKFLG", Q_OVF),
	{ }
};

#define HW_REG_AT(f)		offsetof(struct swsmmu_hw, f)
#define HW_REG_ALL32		U32_MAX
#define HW_REG_IRQ_CFG2		(IRQ_CFG2_MEMATTR | IRQ_CFG2_SH)
#define HW_REG_Q_BASE		(Q_BASE_ADDR | Q_BASE_LOG2SIZE | Q_BASE_RWA)
#define HW_REG_OUTQ_PTR		(Q_IDX_WRAP | Q_OVF)

#define HW_REG32(n, at, wm, f) \
	{ .name = #n, .offset = SMMU_##n, .store = (at), .wmask = (wm), \
	  .fields = (f) }
#define HW_REG64(n, at, wm, f) \
	{ .name = #n, .offset = SMMU_##n, .is64 = true, .store = (at), \
	  .wmask = (wm), .fields = (f) }
/* A queue or table base: writable only while CR0.@en is clear */
#define HW_REG_BASE(n, at, wm, en, f) \
	{ .name = #n, .offset = SMMU_##n, .is64 = true, .store = (at), \
	  .wmask = (wm), .wen = (en), .fields = (f) }
/* PROD or CONS of queue @qu; @en as for HW_REG_BASE, @ev caused by a write */
#define HW_REG_QPTR(n, qu, at, wm, en, ev, f) \
	{ .name = #n, .offset = SMMU_##n, .q = (qu), .store = (at), \
	  .wmask = (wm), .wen = (en), .wev = (ev), .fields = (f) }

/*
 * Every register the model implements, in offset order; any other offset,
 * or an access of the wrong width, reads as zero and ignores writes.  A
 * write stores val & wmask, unless CR0 has a bit of wen set (the base of an
 * enabled queue); CR0, GBPA and GERRORN have their own write rules
 * (hw_reg_write_special()).  The debugfs regs file prints this table.
 */
const struct hw_reg swsmmu_hw_regs[] = {
	HW_REG32(IDR0, HW_REG_AT(idr[0]), 0, hw_reg_idr0),
	HW_REG32(IDR1, HW_REG_AT(idr[1]), 0, hw_reg_idr1),
	HW_REG32(IDR2, HW_REG_AT(idr[2]), 0, NULL),
	HW_REG32(IDR3, HW_REG_AT(idr[3]), 0, hw_reg_idr3),
	HW_REG32(IDR4, HW_REG_AT(idr[4]), 0, NULL),
	HW_REG32(IDR5, HW_REG_AT(idr[5]), 0, hw_reg_idr5),
	HW_REG32(IIDR, HW_REG_RAZ, 0, hw_reg_iidr),
	HW_REG32(AIDR, HW_REG_AT(aidr), 0, hw_reg_aidr),
	HW_REG32(CR0, HW_REG_AT(cr0), 0, hw_reg_cr0),
	HW_REG32(CR0ACK, HW_REG_AT(cr0), 0, hw_reg_cr0),
	HW_REG32(CR1, HW_REG_AT(cr1), GENMASK(11, 0), hw_reg_cr1),
	HW_REG32(CR2, HW_REG_AT(cr2), CR2_RECINVSID | CR2_PTM, hw_reg_cr2),
	HW_REG32(GBPA, HW_REG_AT(gbpa), 0, hw_reg_gbpa),
	HW_REG32(IRQ_CTRL, HW_REG_AT(irq_ctrl),
		 IRQ_CTRL_GERROR_IRQEN | IRQ_CTRL_PRIQ_IRQEN |
		 IRQ_CTRL_EVTQ_IRQEN, hw_reg_irq_ctrl),
	HW_REG32(IRQ_CTRLACK, HW_REG_AT(irq_ctrl), 0, hw_reg_irq_ctrl),
	HW_REG32(GERROR, HW_REG_AT(gerror), 0, hw_reg_gerror),
	HW_REG32(GERRORN, HW_REG_AT(gerrorn), 0, hw_reg_gerror),
	HW_REG64(GERROR_IRQ_CFG0, HW_REG_AT(gerror_irq_cfg0), IRQ_CFG0_ADDR,
		 hw_reg_irq_cfg0),
	HW_REG32(GERROR_IRQ_CFG1, HW_REG_AT(gerror_irq_cfg1), HW_REG_ALL32,
		 NULL),
	HW_REG32(GERROR_IRQ_CFG2, HW_REG_AT(gerror_irq_cfg2), HW_REG_IRQ_CFG2,
		 hw_reg_irq_cfg2),
	HW_REG_BASE(STRTAB_BASE, HW_REG_AT(strtab_base),
		    STRTAB_BASE_ADDR | STRTAB_BASE_RA, CR0_SMMUEN,
		    hw_reg_strtab_base),
	HW_REG32(STRTAB_BASE_CFG, HW_REG_AT(strtab_base_cfg),
		 STRTAB_BASE_CFG_LOG2SIZE | STRTAB_BASE_CFG_SPLIT |
		 STRTAB_BASE_CFG_FMT, hw_reg_strtab_base_cfg),
	HW_REG_BASE(CMDQ_BASE, HW_REG_AT(cmdq.base), HW_REG_Q_BASE,
		    CR0_CMDQEN, hw_reg_cmdq_base),
	HW_REG_QPTR(CMDQ_PROD, HW_REG_Q_CMDQ, HW_REG_AT(cmdq.prod), Q_IDX_WRAP,
		    0, HW_QEV_CMDQ, NULL),
	/* CONS is initialised by software while the queue is disabled */
	HW_REG_QPTR(CMDQ_CONS, HW_REG_Q_CMDQ, HW_REG_AT(cmdq.cons), Q_IDX_WRAP,
		    CR0_CMDQEN, 0, hw_reg_cmdq_cons),
	HW_REG_BASE(EVTQ_BASE, HW_REG_AT(evtq.base), HW_REG_Q_BASE,
		    CR0_EVTQEN, hw_reg_outq_base),
	HW_REG_QPTR(EVTQ_PROD, HW_REG_Q_EVTQ, HW_REG_AT(evtq.prod),
		    HW_REG_OUTQ_PTR, CR0_EVTQEN, 0, hw_reg_outq_prod),
	/* consuming may make room for a stalled transaction's record */
	HW_REG_QPTR(EVTQ_CONS, HW_REG_Q_EVTQ, HW_REG_AT(evtq.cons),
		    HW_REG_OUTQ_PTR, 0, HW_QEV_EVTQ, hw_reg_outq_cons),
	HW_REG64(EVTQ_IRQ_CFG0, HW_REG_AT(evtq_irq_cfg0), IRQ_CFG0_ADDR,
		 hw_reg_irq_cfg0),
	HW_REG32(EVTQ_IRQ_CFG1, HW_REG_AT(evtq_irq_cfg1), HW_REG_ALL32, NULL),
	HW_REG32(EVTQ_IRQ_CFG2, HW_REG_AT(evtq_irq_cfg2), HW_REG_IRQ_CFG2,
		 hw_reg_irq_cfg2),
	HW_REG_BASE(PRIQ_BASE, HW_REG_AT(priq.base), HW_REG_Q_BASE,
		    CR0_PRIQEN, hw_reg_outq_base),
	HW_REG_QPTR(PRIQ_PROD, HW_REG_Q_PRIQ, HW_REG_AT(priq.prod),
		    HW_REG_OUTQ_PTR, CR0_PRIQEN, 0, hw_reg_outq_prod),
	HW_REG_QPTR(PRIQ_CONS, HW_REG_Q_PRIQ, HW_REG_AT(priq.cons),
		    HW_REG_OUTQ_PTR, 0, 0, hw_reg_outq_cons),
	HW_REG64(PRIQ_IRQ_CFG0, HW_REG_AT(priq_irq_cfg0), IRQ_CFG0_ADDR,
		 hw_reg_irq_cfg0),
	HW_REG32(PRIQ_IRQ_CFG1, HW_REG_AT(priq_irq_cfg1), HW_REG_ALL32, NULL),
	HW_REG32(PRIQ_IRQ_CFG2, HW_REG_AT(priq_irq_cfg2), HW_REG_IRQ_CFG2,
		 hw_reg_irq_cfg2),
};
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_regs);
const unsigned int swsmmu_hw_nr_regs = ARRAY_SIZE(swsmmu_hw_regs);
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_nr_regs);

/*
 * The event and PRI queues' PROD and CONS live in register page 1 (IHI 0070
 * 6.2.2).  Page 0 offsets 0xa8/0xac/0xc8/0xcc are "optional alias of
 * SMMU_{EVENTQ,PRIQ}_{PROD,CONS}, otherwise RAZ/WI" (6.2.1): this model
 * implements the aliases, so both offsets reach the same register (the
 * table describes it once, at its page-0 alias).  Other page 1 offsets are
 * Reserved, CONSTRAINED UNPREDICTABLE between RES0 and aliasing page 0
 * (6.2): here they are RES0.
 */
static u32 hw_reg_page1(u32 offset)
{
	switch (offset) {
	case SMMU_PAGE1_EVTQ_PROD:
	case SMMU_PAGE1_EVTQ_CONS:
	case SMMU_PAGE1_PRIQ_PROD:
	case SMMU_PAGE1_PRIQ_CONS:
		return offset - SMMU_PAGE1;
	}
	return offset;
}

/**
 * swsmmu_hw_reg_find() - the description of a register
 * @offset: its offset, in page 0 or page 1
 * @is64: the access is 64-bit
 *
 * Return: the entry of swsmmu_hw_regs[], or NULL for an unimplemented offset or
 * an access of the wrong width.
 */
const struct hw_reg *swsmmu_hw_reg_find(u32 offset, bool is64)
{
	const struct hw_reg *r;

	offset = hw_reg_page1(offset);
	for (r = swsmmu_hw_regs; r < swsmmu_hw_regs + swsmmu_hw_nr_regs; r++)
		if (r->offset == offset)
			return r->is64 == is64 ? r : NULL;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_reg_find);

static u64 hw_reg_get(struct swsmmu_hw *hw, const struct hw_reg *r)
{
	void *p = (void *)hw + r->store;

	if (r->store == HW_REG_RAZ)
		return 0;
	return r->is64 ? *(u64 *)p : *(u32 *)p;
}

/* Read by the transaction path without reg_lock: WRITE_ONCE */
static void hw_reg_set(struct swsmmu_hw *hw, const struct hw_reg *r, u64 val)
{
	void *p = (void *)hw + r->store;

	if (r->is64)
		WRITE_ONCE(*(u64 *)p, val);
	else
		WRITE_ONCE(*(u32 *)p, val);
}

/*
 * The registers whose write is not "store the writable bits": returns true
 * if @r is one of them, with the side effects in @ev.
 */
static bool hw_reg_write_special(struct swsmmu_hw *hw, const struct hw_reg *r,
				 u32 val, unsigned int *ev)
{
	u32 old, new;

	switch (r->offset) {
	case SMMU_CR0:
		old = hw->cr0;
		new = val & (CR0_SMMUEN | CR0_PRIQEN | CR0_EVTQEN | CR0_CMDQEN |
			     CR0_ATSCHK);
		if (!hw->feat.pri)
			new &= ~CR0_PRIQEN;
		/* ATSCHK is RES0 without IDR0.ATS (6.3.9) */
		if (!hw->feat.ats)
			new &= ~CR0_ATSCHK;
		WRITE_ONCE(hw->cr0, new);
		if (~old & new & CR0_CMDQEN)
			*ev |= HW_QEV_CMDQ;
		if (old & ~new & CR0_CMDQEN)
			*ev |= HW_QEV_CMDQ_OFF;
		if (~old & new & CR0_EVTQEN) {
			/* software set PROD while the queue was off */
			hw->evtq.wprod = hw->evtq.prod;
			*ev |= HW_QEV_EVTQ;
		}
		if (old & ~new & CR0_EVTQEN)
			hw_outq_flush(hw, &hw->evtq);
		if (~old & new & CR0_PRIQEN)
			hw->priq.wprod = hw->priq.prod;
		if (old & ~new & CR0_PRIQEN)
			hw_outq_flush(hw, &hw->priq);
		if (old & ~new & CR0_SMMUEN)
			*ev |= HW_QEV_SMMU_OFF;
		return true;
	case SMMU_GBPA:
		/* The update completes at once: UPDATE reads back as zero */
		if (val & GBPA_UPDATE)
			hw->gbpa = val & GBPA_ABORT;
		return true;
	case SMMU_GERRORN:
		old = hw->gerror ^ hw->gerrorn;	/* active errors */
		hw->gerrorn = val & GERROR_ERR_MASK;
		new = old & ~(hw->gerror ^ hw->gerrorn);	/* acknowledged */
		if (new & GERROR_CMDQ_ERR) {
			/* consumption restarts at the command that failed */
			hw->cmdq.cons &= ~CMDQ_CONS_ERR;
			*ev |= HW_QEV_CMDQ;
		}
		if (new & GERROR_EVTQ_ABT_ERR)
			*ev |= HW_QEV_EVTQ;
		return true;
	}
	return false;
}

static u64 hw_reg_read(struct swsmmu_hw *hw, u32 offset, bool is64)
{
	const struct hw_reg *r = swsmmu_hw_reg_find(offset, is64);
	unsigned long flags;
	u64 val;

	if (!r)
		return 0;
	/* A CPU polling for consumption does the due work (async.c) */
	if (r->offset == SMMU_CMDQ_CONS)
		hw_async_lend(hw);
	spin_lock_irqsave(&hw->reg_lock, flags);
	val = hw_reg_get(hw, r);
	spin_unlock_irqrestore(&hw->reg_lock, flags);
	return val;
}

static void hw_reg_write(struct swsmmu_hw *hw, u32 offset, bool is64, u64 val)
{
	const struct hw_reg *r = swsmmu_hw_reg_find(offset, is64);
	unsigned long flags;
	unsigned int ev = 0;

	if (!r)
		return;
	spin_lock_irqsave(&hw->reg_lock, flags);
	if (!hw_reg_write_special(hw, r, val, &ev) && r->wmask &&
	    !(hw->cr0 & r->wen)) {
		hw_reg_set(hw, r, val & r->wmask);
		ev = r->wev;
	}
	spin_unlock_irqrestore(&hw->reg_lock, flags);

	if (ev)
		hw_queue_notify(hw, ev);
}

/**
 * swsmmu_hw_read32() - read a 32-bit register
 * @hw: the instance
 * @offset: register offset (SMMU_*)
 *
 * Return: the register value; unimplemented offsets read as zero.
 */
u32 swsmmu_hw_read32(struct swsmmu_hw *hw, u32 offset)
{
	return hw_reg_read(hw, offset, false);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_read32);

/**
 * swsmmu_hw_read64() - read a 64-bit register
 * @hw: the instance
 * @offset: register offset (SMMU_*_BASE, SMMU_*_IRQ_CFG0)
 *
 * Return: the register value; unimplemented offsets read as zero.
 */
u64 swsmmu_hw_read64(struct swsmmu_hw *hw, u32 offset)
{
	return hw_reg_read(hw, offset, true);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_read64);

/**
 * swsmmu_hw_write32() - write a 32-bit register
 * @hw: the instance
 * @offset: register offset (SMMU_*)
 * @val: value
 *
 * Read-only and unimplemented registers ignore writes.  Queue side effects
 * (command consumption, stall termination) run after the register update,
 * in the caller's context, without sleeping.
 */
void swsmmu_hw_write32(struct swsmmu_hw *hw, u32 offset, u32 val)
{
	hw_reg_write(hw, offset, false, val);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_write32);

/**
 * swsmmu_hw_write64() - write a 64-bit register
 * @hw: the instance
 * @offset: register offset (SMMU_*_BASE, SMMU_*_IRQ_CFG0)
 * @val: value
 *
 * Base registers are only writable while the corresponding queue or table
 * is disabled in CR0, as the architecture requires; other writes are
 * ignored.
 */
void swsmmu_hw_write64(struct swsmmu_hw *hw, u32 offset, u64 val)
{
	hw_reg_write(hw, offset, true, val);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_write64);

/**
 * swsmmu_hw_poll() - a CPU spins waiting for the SMMU: lend it its cycles
 * @hw: the instance
 *
 * For drivers that wait for CMD_SYNC without reading a register (polling
 * the MSI word in memory): executes the commands that are due, as a
 * CMDQ_CONS read does.  Never sleeps; does nothing on a synchronous
 * instance.
 */
void swsmmu_hw_poll(struct swsmmu_hw *hw)
{
	hw_async_lend(hw);
}
