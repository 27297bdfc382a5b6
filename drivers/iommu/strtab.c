// SPDX-License-Identifier: GPL-2.0
/*
 * swsmmu driver: the stream table and the masters' context descriptors.
 *
 * The stream table is 2-level when the SMMU supports it: a level-1 array of
 * descriptors, each pointing at a level-2 table of 2^SWSMMU_STRTAB_SPLIT
 * STEs allocated when a device with a StreamID in its span is probed.  New
 * level-2 tables start with every STE set to abort (or bypass, with
 * disable_bypass=0), so a StreamID never reaches the SMMU undescribed.
 *
 * STEs and CDs are changed only through swsmmu_entry_write(), which keeps
 * every intermediate state one the SMMU may legitimately see while it reads
 * the entry one qword at a time, with CFGI_STE/CFGI_CD + CMD_SYNC in between.
 */
#include <linux/bitfield.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include <swsmmu/arch.h>
#include "swsmmu.h"
#include "entry.h"

static bool disable_bypass = true;
module_param(disable_bypass, bool, 0444);
MODULE_PARM_DESC(disable_bypass,
		 "StreamIDs without an attached domain abort (1, default) or bypass (0)");

static void swsmmu_init_ste(struct swsmmu_ste *ste)
{
	if (disable_bypass)
		swsmmu_ste_abort(ste);
	else
		swsmmu_ste_bypass(ste);
}

/**
 * swsmmu_strtab_init() - allocate the stream table and choose its format
 * @smmu: the SMMU, with @sid_bits and @st_2lvl read from the IDRs
 *
 * Return: 0 or -ENOMEM.  Sets @strtab, @strtab_pa, @strtab_bits; the caller
 * programs STRTAB_BASE and STRTAB_BASE_CFG.
 */
int swsmmu_strtab_init(struct swsmmu_device *smmu)
{
	unsigned int bits, i;
	size_t size;

	if (smmu->st_2lvl && smmu->sid_bits > SWSMMU_STRTAB_SPLIT) {
		bits = min(smmu->sid_bits,
			   SWSMMU_STRTAB_L1_MAX_BITS + SWSMMU_STRTAB_SPLIT);
		size = (size_t)STRTAB_L1_DESC_SIZE << (bits - SWSMMU_STRTAB_SPLIT);
		if (swsmmu_fail_alloc())
			return -ENOMEM;
		smmu->strtab_l2 = devm_kcalloc(smmu->dev,
					       BIT(bits - SWSMMU_STRTAB_SPLIT),
					       sizeof(*smmu->strtab_l2),
					       GFP_KERNEL);
		if (!smmu->strtab_l2)
			return -ENOMEM;
	} else {
		smmu->st_2lvl = false;
		bits = min(smmu->sid_bits, SWSMMU_STRTAB_LINEAR_MAX_BITS);
		size = (size_t)STRTAB_STE_SIZE << bits;
	}
	if (bits < smmu->sid_bits)
		dev_info(smmu->dev, "stream table covers %u of %u StreamID bits\n",
			 bits, smmu->sid_bits);

	/* Physically contiguous and aligned to its size, as the SMMU needs */
	if (swsmmu_fail_page_alloc(get_order(size)))
		return -ENOMEM;
	smmu->strtab = (__le64 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
						  get_order(size));
	if (!smmu->strtab)
		return -ENOMEM;
	smmu->strtab_pa = virt_to_phys(smmu->strtab);
	smmu->strtab_bits = bits;

	if (!smmu->st_2lvl)
		for (i = 0; i < BIT(bits); i++)
			swsmmu_init_ste(swsmmu_strtab_ste(smmu, i));
	return 0;
}

/**
 * swsmmu_strtab_free() - free the stream table
 * @smmu: the SMMU, disabled
 */
void swsmmu_strtab_free(struct swsmmu_device *smmu)
{
	size_t size;
	unsigned int i;

	if (!smmu->strtab)
		return;
	if (smmu->st_2lvl) {
		for (i = 0; i < BIT(smmu->strtab_bits - SWSMMU_STRTAB_SPLIT); i++)
			kfree(smmu->strtab_l2[i]);
		size = (size_t)STRTAB_L1_DESC_SIZE <<
		       (smmu->strtab_bits - SWSMMU_STRTAB_SPLIT);
	} else {
		size = (size_t)STRTAB_STE_SIZE << smmu->strtab_bits;
	}
	free_pages((unsigned long)smmu->strtab, get_order(size));
	smmu->strtab = NULL;
}

/**
 * swsmmu_strtab_base_cfg() - the STRTAB_BASE_CFG value for the table
 * @smmu: the SMMU
 *
 * Return: format, split and log2 size.
 */
u32 swsmmu_strtab_base_cfg(const struct swsmmu_device *smmu)
{
	if (smmu->st_2lvl)
		return FIELD_PREP(STRTAB_BASE_CFG_FMT, STRTAB_BASE_CFG_FMT_2LVL) |
		       FIELD_PREP(STRTAB_BASE_CFG_SPLIT, SWSMMU_STRTAB_SPLIT) |
		       FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, smmu->strtab_bits);
	return FIELD_PREP(STRTAB_BASE_CFG_FMT, STRTAB_BASE_CFG_FMT_LINEAR) |
	       FIELD_PREP(STRTAB_BASE_CFG_LOG2SIZE, smmu->strtab_bits);
}

/**
 * swsmmu_strtab_prepare() - make sure a StreamID has an STE in memory
 * @smmu: the SMMU
 * @sid: StreamID
 *
 * Allocates the level-2 table covering @sid if needed, initialises its STEs
 * and then publishes the level-1 descriptor.  The SMMU never caches an
 * invalid level-1 descriptor, so no invalidation is needed.
 *
 * Return: 0, -ERANGE if the table does not cover @sid, -ENOMEM.
 */
int swsmmu_strtab_prepare(struct swsmmu_device *smmu, u32 sid)
{
	unsigned int idx, i;
	struct swsmmu_ste *l2;

	if (smmu->strtab_bits < 32 && sid >= BIT_ULL(smmu->strtab_bits))
		return -ERANGE;
	if (!smmu->st_2lvl)
		return 0;

	idx = sid >> SWSMMU_STRTAB_SPLIT;
	mutex_lock(&smmu->strtab_lock);
	if (smmu->strtab_l2[idx])
		goto out;
	/* kmalloc of a power of two is naturally aligned (16 KiB here) */
	l2 = swsmmu_fail_alloc() ? NULL :
	     kzalloc(STRTAB_STE_SIZE << SWSMMU_STRTAB_SPLIT, GFP_KERNEL);
	if (!l2) {
		mutex_unlock(&smmu->strtab_lock);
		return -ENOMEM;
	}
	for (i = 0; i < BIT(SWSMMU_STRTAB_SPLIT); i++)
		swsmmu_init_ste(&l2[i]);
	smmu->strtab_l2[idx] = l2;
	/* The STEs must be visible before the descriptor that reaches them */
	wmb();
	WRITE_ONCE(smmu->strtab[idx],
		   cpu_to_le64((virt_to_phys(l2) & STRTAB_L1_DESC_L2PTR) |
			       FIELD_PREP(STRTAB_L1_DESC_SPAN,
					  SWSMMU_STRTAB_SPLIT + 1)));
out:
	mutex_unlock(&smmu->strtab_lock);
	return 0;
}

/**
 * swsmmu_strtab_ste() - the STE of a prepared StreamID
 * @smmu: the SMMU
 * @sid: StreamID, prepared with swsmmu_strtab_prepare()
 *
 * Return: the STE in the table.
 */
struct swsmmu_ste *swsmmu_strtab_ste(struct swsmmu_device *smmu, u32 sid)
{
	if (!smmu->st_2lvl)
		return (struct swsmmu_ste *)smmu->strtab + sid;
	return &smmu->strtab_l2[sid >> SWSMMU_STRTAB_SPLIT]
			       [sid & (BIT(SWSMMU_STRTAB_SPLIT) - 1)];
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_strtab_ste);

/* An update of one STE or CD of a master; sync invalidates it everywhere */
struct swsmmu_master_writer {
	struct swsmmu_entry_writer w;
	struct swsmmu_master *master;
	u32 sid;
	u32 ssid;
	bool cd;
};

static void swsmmu_writer_sync(struct swsmmu_entry_writer *w)
{
	struct swsmmu_master_writer *mw =
		container_of(w, struct swsmmu_master_writer, w);
	struct swsmmu_master *master = mw->master;
	struct swsmmu_cmd_batch b = { };
	struct swsmmu_cmd cmd;
	unsigned int i;

	if (!mw->cd) {
		swsmmu_cmd_cfgi_ste(&cmd, mw->sid);
		swsmmu_batch_add(master->smmu, &b, &cmd);
	} else {
#ifdef SWSMMU_MUTANT_cd_no_cfgi
		/* Mutant (tools/mutants.sh): a CD changes, no CFGI_CD follows */
		return;
#endif
		/* A master's CD table is shared by all its StreamIDs */
		for (i = 0; i < master->num_sids; i++) {
			swsmmu_cmd_cfgi_cd(&cmd, master->sids[i], mw->ssid,
					   true);
			swsmmu_batch_add(master->smmu, &b, &cmd);
		}
	}
	swsmmu_batch_submit(master->smmu, &b);
}

static const struct swsmmu_entry_writer_ops swsmmu_ste_writer_ops =
	SWSMMU_STE_WRITER_OPS(swsmmu_writer_sync);
static const struct swsmmu_entry_writer_ops swsmmu_cd_writer_ops =
	SWSMMU_CD_WRITER_OPS(swsmmu_writer_sync);

/**
 * swsmmu_master_write_ste() - change the STEs of all a master's StreamIDs
 * @master: the master
 * @target: the new STE
 */
void swsmmu_master_write_ste(struct swsmmu_master *master,
			     const struct swsmmu_ste *target)
{
	struct swsmmu_master_writer mw = {
		.w.ops = &swsmmu_ste_writer_ops,
		.master = master,
	};
	struct swsmmu_ste ste = *target;
	unsigned int i;

	swsmmu_ste_apply_eats(master, &ste);
	for (i = 0; i < master->num_sids; i++) {
		mw.sid = master->sids[i];
		swsmmu_entry_write(&mw.w,
				   swsmmu_strtab_ste(master->smmu, mw.sid)->data,
				   ste.data);
	}
}

/* ---------------------------------------------------------------------- */
/* Context descriptor tables                                              */
/* ---------------------------------------------------------------------- */

/* CDs per level-2 table: 4K_L2, one 4KB page (CTXDESC_L2_4K_BITS) */
#define SWSMMU_CD_L2_BITS	CTXDESC_L2_4K_BITS
#define SWSMMU_CD_L2_SIZE	(CTXDESC_CD_SIZE << SWSMMU_CD_L2_BITS)
/* Without CD2L a linear table of at most one page: 64 CDs */
#define SWSMMU_CD_LINEAR_MAX_BITS	6

/**
 * swsmmu_master_cdtab_alloc() - allocate a master's CD table
 * @master: the master, not yet attached to anything
 * @ssid_bits: SubstreamID bits it needs (0: one CD, no PASIDs)
 *
 * With substreams the table is 2-level (S1Fmt 4K_L2: level-2 tables of 64
 * CDs, one 4KB page each, allocated when a CD in their span is first
 * written) when the SMMU has CD2L, else linear and limited to 64 CDs.  The
 * level-1 table holds 2^(@ssid_bits - 6) descriptors, at least one, and is
 * a naturally aligned block of pages (at least the 64 bytes the
 * architecture needs).  Example: 20 bits -> 2^14 descriptors * 8 bytes =
 * 128 KiB, page order 5.
 *
 * Return: 0 or -ENOMEM.  Sets @ssid_bits (possibly reduced), @s1fmt,
 * @cdtab, @cdtab_pa.
 */
int swsmmu_master_cdtab_alloc(struct swsmmu_master *master,
			      unsigned int ssid_bits)
{
	struct swsmmu_device *smmu = master->smmu;
	size_t size;

	mutex_init(&master->cd_lock);
	ssid_bits = min(ssid_bits, smmu->ssid_bits);
	if (!smmu->cd_2lvl)
		ssid_bits = min_t(unsigned int, ssid_bits,
				  SWSMMU_CD_LINEAR_MAX_BITS);
	master->ssid_bits = ssid_bits;
	if (!ssid_bits) {
		/* kmalloc of 64 bytes is 64-byte aligned */
		master->s1fmt = STRTAB_STE_0_S1FMT_LINEAR;
		master->cdtab = swsmmu_fail_alloc() ? NULL :
				kzalloc(CTXDESC_CD_SIZE, GFP_KERNEL);
		if (!master->cdtab)
			return -ENOMEM;
		master->cdtab_pa = virt_to_phys(master->cdtab);
		return 0;
	}

	if (smmu->cd_2lvl) {
		unsigned int l1_bits = ssid_bits > SWSMMU_CD_L2_BITS ?
				       ssid_bits - SWSMMU_CD_L2_BITS : 0;

		master->s1fmt = STRTAB_STE_0_S1FMT_4K_L2;
		size = (size_t)CTXDESC_L1_DESC_SIZE << l1_bits;
		if (swsmmu_fail_alloc())
			return -ENOMEM;
		master->cd_l2 = kcalloc(BIT(l1_bits), sizeof(*master->cd_l2),
					GFP_KERNEL);
		if (!master->cd_l2)
			return -ENOMEM;
	} else {
		master->s1fmt = STRTAB_STE_0_S1FMT_LINEAR;
		size = (size_t)CTXDESC_CD_SIZE << ssid_bits;
	}
	master->cdtab_order = get_order(size);
	master->cdtab = NULL;
	if (!swsmmu_fail_page_alloc(master->cdtab_order))
		master->cdtab = (__le64 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
							   master->cdtab_order);
	if (!master->cdtab) {
		kfree(master->cd_l2);
		master->cd_l2 = NULL;
		return -ENOMEM;
	}
	master->cdtab_pa = virt_to_phys(master->cdtab);
	return 0;
}

/**
 * swsmmu_master_cdtab_free() - free a master's CD table
 * @master: the master; its STEs no longer point at the table
 */
void swsmmu_master_cdtab_free(struct swsmmu_master *master)
{
	unsigned int i, l1_bits;

	if (!master->ssid_bits) {
		kfree(master->cdtab);
	} else {
		if (master->cd_l2) {
			l1_bits = master->ssid_bits > SWSMMU_CD_L2_BITS ?
				  master->ssid_bits - SWSMMU_CD_L2_BITS : 0;
			for (i = 0; i < BIT(l1_bits); i++)
				free_page((unsigned long)master->cd_l2[i]);
			kfree(master->cd_l2);
		}
		free_pages((unsigned long)master->cdtab, master->cdtab_order);
	}
	master->cdtab = NULL;
	master->cd_l2 = NULL;
	mutex_destroy(&master->cd_lock);
}

/* Invalidate a level-1 CD descriptor (CFGI_CD with Leaf=0) everywhere */
static void swsmmu_master_sync_l1cd(struct swsmmu_master *master, u32 ssid)
{
	struct swsmmu_cmd_batch b = { };
	struct swsmmu_cmd cmd;
	unsigned int i;

	for (i = 0; i < master->num_sids; i++) {
		swsmmu_cmd_cfgi_cd(&cmd, master->sids[i], ssid, false);
		swsmmu_batch_add(master->smmu, &b, &cmd);
	}
	swsmmu_batch_submit(master->smmu, &b);
}

/* The CD of @ssid, allocating its level-2 table; NULL on -ENOMEM */
static struct swsmmu_cd *
swsmmu_master_cd_ptr(struct swsmmu_master *master, u32 ssid)
{
	struct swsmmu_cd *l2;
	unsigned int idx;

	lockdep_assert_held(&master->cd_lock);
	if (!master->cd_l2)
		return (struct swsmmu_cd *)master->cdtab + ssid;

	idx = ssid >> SWSMMU_CD_L2_BITS;
	l2 = master->cd_l2[idx];
	if (!l2) {
		BUILD_BUG_ON(SWSMMU_CD_L2_SIZE != SZ_4K);
		l2 = (struct swsmmu_cd *)get_zeroed_page(GFP_KERNEL);
		if (!l2)
			return NULL;
		master->cd_l2[idx] = l2;
		/* CDs with V=0 first, then the descriptor that reaches them */
		wmb();
		WRITE_ONCE(master->cdtab[idx],
			   cpu_to_le64(CTXDESC_L1_DESC_V |
				       (virt_to_phys(l2) & CTXDESC_L1_DESC_L2PTR)));
		swsmmu_master_sync_l1cd(master, ssid);
	}
	return &l2[ssid & (BIT(SWSMMU_CD_L2_BITS) - 1)];
}

/**
 * swsmmu_master_write_cd() - change one CD of a master
 * @master: the master
 * @ssid: SubstreamID of the CD: 0 (untagged traffic, and the only CD
 *        without substreams) or a PASID below 2^@master->ssid_bits
 * @target: the new CD
 *
 * The CD table is shared by all the master's StreamIDs, so each sync
 * invalidates the CD for every one of them.  Takes @master->cd_lock.
 *
 * Return: 0, -ERANGE for an SSID the table does not cover, -ENOMEM when a
 * level-2 table cannot be allocated.
 */
int swsmmu_master_write_cd(struct swsmmu_master *master, u32 ssid,
			   const struct swsmmu_cd *target)
{
	struct swsmmu_master_writer mw = {
		.w.ops = &swsmmu_cd_writer_ops,
		.master = master,
		.ssid = ssid,
		.cd = true,
	};
	struct swsmmu_cd *cd;

	if ((u64)ssid >> master->ssid_bits)
		return -ERANGE;
	mutex_lock(&master->cd_lock);
	cd = swsmmu_master_cd_ptr(master, ssid);
	if (cd)
		swsmmu_entry_write(&mw.w, cd->data, target->data);
	mutex_unlock(&master->cd_lock);
	return cd ? 0 : -ENOMEM;
}

/* Write the STE that @master->rid and @master->nr_pasids call for */
static void __swsmmu_master_update_ste(struct swsmmu_master *master)
{
	struct swsmmu_ste ste = { };
	u8 s1dss;

	lockdep_assert_held(&master->cd_lock);
	switch (master->rid) {
	case SWSMMU_RID_S2:
		/* the caller wrote it: stage 2 has no substreams here */
		return;
	case SWSMMU_RID_S1:
		s1dss = STRTAB_STE_1_S1DSS_SSID0;
		break;
	case SWSMMU_RID_BYPASS:
		if (!master->nr_pasids) {
			swsmmu_ste_bypass(&ste);
			goto write;
		}
		s1dss = STRTAB_STE_1_S1DSS_BYPASS;
		break;
	default:
		if (!master->nr_pasids) {
			swsmmu_ste_abort(&ste);
			goto write;
		}
		s1dss = STRTAB_STE_1_S1DSS_TERMINATE;
		break;
	}
	/*
	 * With substreams, S1CDMax covers every PASID of the device and
	 * untagged traffic goes to CD 0 (S1DSS=SSID0), bypasses or is
	 * terminated as the RID's domain says.
	 */
	swsmmu_ste_s1(&ste, master->cdtab_pa, master->s1fmt, master->ssid_bits,
		      master->ssid_bits ? s1dss : 0,
		      master->smmu->stall && !master->stall_enabled);
write:
	swsmmu_master_write_ste(master, &ste);
}

/**
 * swsmmu_master_set_rid() - change what untagged traffic of a master gets
 * @master: the master
 * @rid: SWSMMU_RID_*; for SWSMMU_RID_S1, CD 0 is already written; for
 *       SWSMMU_RID_S2 the caller writes the STE itself afterwards
 *
 * Leaving SWSMMU_RID_S1 clears CD 0 once the STE no longer selects it.
 * Takes @master->cd_lock.
 */
void swsmmu_master_set_rid(struct swsmmu_master *master, u8 rid)
{
	struct swsmmu_master_writer mw = {
		.w.ops = &swsmmu_cd_writer_ops,
		.master = master,
		.cd = true,
	};
	struct swsmmu_cd cd0, *cd;
	u8 old;

	mutex_lock(&master->cd_lock);
	old = master->rid;
	master->rid = rid;
	__swsmmu_master_update_ste(master);
	if (old == SWSMMU_RID_S1 && rid != SWSMMU_RID_S1) {
		/* CD 0 was written for SWSMMU_RID_S1: its table exists */
		cd = swsmmu_master_cd_ptr(master, 0);
		swsmmu_cd_clear(&cd0);
		if (cd)
			swsmmu_entry_write(&mw.w, cd->data, cd0.data);
	}
	mutex_unlock(&master->cd_lock);
}

/**
 * swsmmu_master_set_pasid() - install or remove the CD of one PASID
 * @master: the master
 * @pasid: the PASID, 1 to 2^@master->ssid_bits - 1
 * @target: the new CD, or NULL to clear it (C_BAD_CD from then on)
 *
 * Keeps @master->nr_pasids and the STE in step: the first PASID turns a
 * bypass or abort STE into a stage-1 STE with substreams (S1DSS BYPASS or
 * TERMINATE for untagged traffic), the last one turns it back.  The CD is
 * valid before the STE can select it, and cleared only after.  Takes
 * @master->cd_lock.
 *
 * Return: 0, -EINVAL for PASID 0 or one out of range, -EBUSY while a
 * stage-2 domain owns the STE, -ENOMEM.
 */
int swsmmu_master_set_pasid(struct swsmmu_master *master, u32 pasid,
			    const struct swsmmu_cd *target)
{
	struct swsmmu_master_writer mw = {
		.w.ops = &swsmmu_cd_writer_ops,
		.master = master,
		.ssid = pasid,
		.cd = true,
	};
	struct swsmmu_cd clear, *cd;
	bool was_valid;
	int ret = 0;

	if (!pasid || (u64)pasid >> master->ssid_bits)
		return -EINVAL;
	mutex_lock(&master->cd_lock);
	if (master->rid == SWSMMU_RID_S2) {
		ret = -EBUSY;
		goto out;
	}
	cd = swsmmu_master_cd_ptr(master, pasid);
	if (!cd) {
		ret = -ENOMEM;
		goto out;
	}
	was_valid = le64_to_cpu(READ_ONCE(cd->data[0])) & CTXDESC_CD_0_V;
	if (!target) {
		swsmmu_cd_clear(&clear);
		target = &clear;
	}
	swsmmu_entry_write(&mw.w, cd->data, target->data);
	if (!was_valid && target != &clear) {
		if (!master->nr_pasids++)
			__swsmmu_master_update_ste(master);
	} else if (was_valid && target == &clear) {
		if (!--master->nr_pasids)
			__swsmmu_master_update_ste(master);
	}
out:
	mutex_unlock(&master->cd_lock);
	return ret;
}
