// SPDX-License-Identifier: GPL-2.0
/*
 * Software SMMUv3: instance life cycle and the register file.
 *
 * Register writes take effect synchronously: a write to CR0 is reflected in
 * CR0ACK before the write returns, which is a legal (if unusually fast)
 * implementation of the architecture's update handshake.
 */
#define pr_fmt(fmt) "swsmmu-hw: " fmt

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
		     (f->sev ? IDR0_SEV : 0) |
		     (f->msi ? IDR0_MSI : 0) |
		     (f->asid16 ? IDR0_ASID16 : 0) |
		     FIELD_PREP(IDR0_HTTU, f->httu_access ? 1 : 0) |
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
 * @name: name used in messages
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

	hw->name = name;
	hw->feat = *feat;
	mutex_init(&hw->irq_lock);
	INIT_WORK(&hw->irq_work, hw_irq_work);
	spin_lock_init(&hw->reg_lock);
	hw_queue_init(hw);
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
	/* First: waits for debugfs readers, which look at everything */
	hw_debugfs_exit(hw);
	cancel_work_sync(&hw->irq_work);
	hw_queue_destroy(hw);
	hw_caches_destroy(hw);
	kfree(hw);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_destroy);

/*
 * The event and PRI queues' PROD and CONS live in register page 1 (IHI 0070
 * 6.2.2).  Page 0 offsets 0xa8/0xac/0xc8/0xcc are "optional alias of
 * SMMU_{EVENTQ,PRIQ}_{PROD,CONS}, otherwise RAZ/WI" (6.2.1): this model
 * implements the aliases, so both offsets reach the same register.  Other
 * page 1 offsets are Reserved, CONSTRAINED UNPREDICTABLE between RES0 and
 * aliasing page 0 (6.2): here they are RES0.
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
 * swsmmu_hw_read32() - read a 32-bit register
 * @hw: the instance
 * @offset: register offset (SMMU_*)
 *
 * Return: the register value; unimplemented offsets read as zero.
 */
u32 swsmmu_hw_read32(struct swsmmu_hw *hw, u32 offset)
{
	unsigned long flags;
	u32 val;

	offset = hw_reg_page1(offset);
	switch (offset) {
	case SMMU_IDR0 ... SMMU_IDR5:
		return hw->idr[offset / 4];
	case SMMU_IIDR:
		return 0;
	case SMMU_AIDR:
		/* SMMUv3.2: range invalidation is a v3.2 feature */
		return FIELD_PREP(AIDR_ARCH_MINOR_REV, 2);
	}

	spin_lock_irqsave(&hw->reg_lock, flags);
	switch (offset) {
	case SMMU_CR0:
	case SMMU_CR0ACK:
		val = hw->cr0;
		break;
	case SMMU_CR1:
		val = hw->cr1;
		break;
	case SMMU_CR2:
		val = hw->cr2;
		break;
	case SMMU_GBPA:
		val = hw->gbpa;
		break;
	case SMMU_IRQ_CTRL:
	case SMMU_IRQ_CTRLACK:
		val = hw->irq_ctrl;
		break;
	case SMMU_GERROR:
		val = hw->gerror;
		break;
	case SMMU_GERRORN:
		val = hw->gerrorn;
		break;
	case SMMU_GERROR_IRQ_CFG1:
		val = hw->gerror_irq_cfg1;
		break;
	case SMMU_GERROR_IRQ_CFG2:
		val = hw->gerror_irq_cfg2;
		break;
	case SMMU_STRTAB_BASE_CFG:
		val = hw->strtab_base_cfg;
		break;
	case SMMU_CMDQ_PROD:
		val = hw->cmdq.prod;
		break;
	case SMMU_CMDQ_CONS:
		val = hw->cmdq.cons;
		break;
	case SMMU_EVTQ_PROD:
		val = hw->evtq.prod;
		break;
	case SMMU_EVTQ_CONS:
		val = hw->evtq.cons;
		break;
	case SMMU_EVTQ_IRQ_CFG1:
		val = hw->evtq_irq_cfg1;
		break;
	case SMMU_EVTQ_IRQ_CFG2:
		val = hw->evtq_irq_cfg2;
		break;
	case SMMU_PRIQ_PROD:
		val = hw->priq.prod;
		break;
	case SMMU_PRIQ_CONS:
		val = hw->priq.cons;
		break;
	case SMMU_PRIQ_IRQ_CFG1:
		val = hw->priq_irq_cfg1;
		break;
	case SMMU_PRIQ_IRQ_CFG2:
		val = hw->priq_irq_cfg2;
		break;
	default:
		val = 0;
		break;
	}
	spin_unlock_irqrestore(&hw->reg_lock, flags);
	return val;
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
	unsigned long flags;
	u64 val;

	spin_lock_irqsave(&hw->reg_lock, flags);
	switch (offset) {
	case SMMU_STRTAB_BASE:
		val = hw->strtab_base;
		break;
	case SMMU_CMDQ_BASE:
		val = hw->cmdq.base;
		break;
	case SMMU_EVTQ_BASE:
		val = hw->evtq.base;
		break;
	case SMMU_PRIQ_BASE:
		val = hw->priq.base;
		break;
	case SMMU_GERROR_IRQ_CFG0:
		val = hw->gerror_irq_cfg0;
		break;
	case SMMU_EVTQ_IRQ_CFG0:
		val = hw->evtq_irq_cfg0;
		break;
	case SMMU_PRIQ_IRQ_CFG0:
		val = hw->priq_irq_cfg0;
		break;
	default:
		val = 0;
		break;
	}
	spin_unlock_irqrestore(&hw->reg_lock, flags);
	return val;
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
	unsigned long flags;
	unsigned int ev = 0;
	u32 old, new;

	offset = hw_reg_page1(offset);
	spin_lock_irqsave(&hw->reg_lock, flags);
	switch (offset) {
	case SMMU_CR0:
		old = hw->cr0;
		new = val & (CR0_SMMUEN | CR0_PRIQEN | CR0_EVTQEN | CR0_CMDQEN);
		if (!hw->feat.pri)
			new &= ~CR0_PRIQEN;
		WRITE_ONCE(hw->cr0, new);
		if (~old & new & CR0_CMDQEN)
			ev |= HW_QEV_CMDQ;
		if (~old & new & CR0_EVTQEN)
			ev |= HW_QEV_EVTQ;
		if (old & ~new & CR0_SMMUEN)
			ev |= HW_QEV_SMMU_OFF;
		break;
	case SMMU_CR1:
		hw->cr1 = val & GENMASK(11, 0);
		break;
	case SMMU_CR2:
		/* read without reg_lock by the transaction path */
		WRITE_ONCE(hw->cr2, val & (CR2_RECINVSID | CR2_PTM));
		break;
	case SMMU_GBPA:
		/* The update completes at once: UPDATE reads back as zero */
		if (val & GBPA_UPDATE)
			hw->gbpa = val & GBPA_ABORT;
		break;
	case SMMU_IRQ_CTRL:
		hw->irq_ctrl = val & (IRQ_CTRL_GERROR_IRQEN |
				      IRQ_CTRL_PRIQ_IRQEN |
				      IRQ_CTRL_EVTQ_IRQEN);
		break;
	case SMMU_GERRORN:
		old = hw->gerror ^ hw->gerrorn;	/* active errors */
		hw->gerrorn = val & GERROR_ERR_MASK;
		new = old & ~(hw->gerror ^ hw->gerrorn);	/* acknowledged */
		if (new & GERROR_CMDQ_ERR) {
			/* consumption restarts at the command that failed */
			hw->cmdq.cons &= ~CMDQ_CONS_ERR;
			ev |= HW_QEV_CMDQ;
		}
		if (new & GERROR_EVTQ_ABT_ERR)
			ev |= HW_QEV_EVTQ;
		break;
	case SMMU_GERROR_IRQ_CFG1:
		hw->gerror_irq_cfg1 = val;
		break;
	case SMMU_GERROR_IRQ_CFG2:
		hw->gerror_irq_cfg2 = val & (IRQ_CFG2_MEMATTR | IRQ_CFG2_SH);
		break;
	case SMMU_STRTAB_BASE_CFG:
		hw->strtab_base_cfg = val & (STRTAB_BASE_CFG_LOG2SIZE |
					     STRTAB_BASE_CFG_SPLIT |
					     STRTAB_BASE_CFG_FMT);
		break;
	case SMMU_CMDQ_PROD:
		hw->cmdq.prod = val & Q_IDX_WRAP;
		ev |= HW_QEV_CMDQ;
		break;
	case SMMU_CMDQ_CONS:
		/* initialised by software while the queue is disabled */
		if (!(hw->cr0 & CR0_CMDQEN))
			hw->cmdq.cons = val & Q_IDX_WRAP;
		break;
	case SMMU_EVTQ_PROD:
		if (!(hw->cr0 & CR0_EVTQEN))
			hw->evtq.prod = val & (Q_IDX_WRAP | Q_OVF);
		break;
	case SMMU_EVTQ_CONS:
		hw->evtq.cons = val & (Q_IDX_WRAP | Q_OVF);
		ev |= HW_QEV_EVTQ;
		break;
	case SMMU_PRIQ_PROD:
		if (!(hw->cr0 & CR0_PRIQEN))
			hw->priq.prod = val & (Q_IDX_WRAP | Q_OVF);
		break;
	case SMMU_PRIQ_CONS:
		hw->priq.cons = val & (Q_IDX_WRAP | Q_OVF);
		break;
	case SMMU_EVTQ_IRQ_CFG1:
		hw->evtq_irq_cfg1 = val;
		break;
	case SMMU_EVTQ_IRQ_CFG2:
		hw->evtq_irq_cfg2 = val & (IRQ_CFG2_MEMATTR | IRQ_CFG2_SH);
		break;
	case SMMU_PRIQ_IRQ_CFG1:
		hw->priq_irq_cfg1 = val;
		break;
	case SMMU_PRIQ_IRQ_CFG2:
		hw->priq_irq_cfg2 = val & (IRQ_CFG2_MEMATTR | IRQ_CFG2_SH);
		break;
	}
	spin_unlock_irqrestore(&hw->reg_lock, flags);

	if (ev)
		hw_queue_notify(hw, ev);
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
	unsigned long flags;

	spin_lock_irqsave(&hw->reg_lock, flags);
	switch (offset) {
	case SMMU_STRTAB_BASE:
		if (!(hw->cr0 & CR0_SMMUEN))
			hw->strtab_base = val & (STRTAB_BASE_ADDR | STRTAB_BASE_RA);
		break;
	case SMMU_CMDQ_BASE:
		if (!(hw->cr0 & CR0_CMDQEN))
			hw->cmdq.base = val & (Q_BASE_ADDR | Q_BASE_LOG2SIZE |
					       Q_BASE_RWA);
		break;
	case SMMU_EVTQ_BASE:
		if (!(hw->cr0 & CR0_EVTQEN))
			hw->evtq.base = val & (Q_BASE_ADDR | Q_BASE_LOG2SIZE |
					       Q_BASE_RWA);
		break;
	case SMMU_PRIQ_BASE:
		if (!(hw->cr0 & CR0_PRIQEN))
			hw->priq.base = val & (Q_BASE_ADDR | Q_BASE_LOG2SIZE |
					       Q_BASE_RWA);
		break;
	case SMMU_GERROR_IRQ_CFG0:
		hw->gerror_irq_cfg0 = val & IRQ_CFG0_ADDR;
		break;
	case SMMU_EVTQ_IRQ_CFG0:
		hw->evtq_irq_cfg0 = val & IRQ_CFG0_ADDR;
		break;
	case SMMU_PRIQ_IRQ_CFG0:
		hw->priq_irq_cfg0 = val & IRQ_CFG0_ADDR;
		break;
	}
	spin_unlock_irqrestore(&hw->reg_lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_hw_write64);
