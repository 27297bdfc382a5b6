/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the software SMMU.  Nothing outside drivers/model/ (and the
 * KUnit tests of the model) includes this file: the driver half sees only
 * <swsmmu/hw.h> and the architectural layouts in <swsmmu/arch.h>.
 */
#ifndef _SWSMMU_MODEL_H
#define _SWSMMU_MODEL_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>

/**
 * struct hw_queue - the model's view of one in-memory queue
 * @base: *Q_BASE register value
 * @prod: *Q_PROD register value
 * @cons: *Q_CONS register value
 * @ent_shift: log2 of the entry size in bytes
 */
struct hw_queue {
	u64 base;
	u32 prod;
	u32 cons;
	u8 ent_shift;
};

/**
 * struct swsmmu_hw - one software SMMUv3 instance
 * @name: instance name, for messages
 * @feat: the features it was built with; the IDRs are derived from these
 * @idr: ID registers IDR0-IDR5
 * @irq_lock: serialises the handler against swsmmu_hw_free_irq()
 * @irq: interrupt handler installed by the driver, under @irq_lock
 * @irq_priv: cookie for @irq, under @irq_lock
 * @irq_work: runs @irq in process context
 * @irq_pending: SWSMMU_IRQ_* lines raised and not yet delivered
 * @reg_lock: serialises register writes and their side effects
 * @cr0: CR0 as written; @cr0 is acknowledged in CR0ACK immediately
 * @cr1: CR1
 * @cr2: CR2
 * @gbpa: GBPA
 * @irq_ctrl: IRQ_CTRL, acknowledged in IRQ_CTRLACK immediately
 * @gerror: GERROR (read-only to software, toggled by the model)
 * @gerrorn: GERRORN (written by software to acknowledge)
 * @gerror_irq_cfg: GERROR_IRQ_CFG0/1/2
 * @strtab_base: STRTAB_BASE
 * @strtab_base_cfg: STRTAB_BASE_CFG
 * @cmdq: command queue registers
 * @evtq: event queue registers
 * @priq: PRI queue registers
 * @evtq_irq_cfg: EVTQ_IRQ_CFG0/1/2
 * @priq_irq_cfg: PRIQ_IRQ_CFG0/1/2
 */
struct swsmmu_hw {
	const char *name;
	struct swsmmu_hw_features feat;
	u32 idr[6];

	struct mutex irq_lock;
	swsmmu_hw_irq_fn irq;
	void *irq_priv;
	struct work_struct irq_work;
	unsigned long irq_pending;

	/* Protects every register field below. */
	spinlock_t reg_lock;
	u32 cr0;
	u32 cr1;
	u32 cr2;
	u32 gbpa;
	u32 irq_ctrl;
	u32 gerror;
	u32 gerrorn;
	u64 gerror_irq_cfg0;
	u32 gerror_irq_cfg1;
	u32 gerror_irq_cfg2;
	u64 strtab_base;
	u32 strtab_base_cfg;
	struct hw_queue cmdq;
	struct hw_queue evtq;
	struct hw_queue priq;
	u64 evtq_irq_cfg0;
	u32 evtq_irq_cfg1;
	u32 evtq_irq_cfg2;
	u64 priq_irq_cfg0;
	u32 priq_irq_cfg1;
	u32 priq_irq_cfg2;
};

void hw_raise_irq(struct swsmmu_hw *hw, unsigned int lines);

#endif /* _SWSMMU_MODEL_H */
