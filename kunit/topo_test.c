// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the board's topology (issue 14 item 4) with the driver:
 *
 *  - topo_shared_domain: one UNMANAGED domain, allocated for a device of
 *    SMMU 0, attached to a device of SMMU 0 and one of SMMU 1; both reach
 *    the mapped page, both fault once it is unmapped (each SMMU cached the
 *    translation first, so an SMMU left out of the invalidation would
 *    still hit: mutant first_smmu_only).
 *  - topo_shared_domain_free: the domain's TLB entries on SMMU 1 are gone
 *    when it is freed, so the next domain with the same ASID translates
 *    afresh there.
 *  - topo_two_sids: a device with two StreamIDs translates on both (both
 *    STEs written), a third StreamID has no STE, and unmapping removes
 *    both; its DMA engine's channel 1 uses the second StreamID (the fault
 *    record of a failed copy names it).
 *  - topo_alias_group: with pci_alias=1, the two aliased PCI functions
 *    share one group, which refuses DMA ownership while either has a
 *    driver (the iommufd/VFIO cdev path iommu_device_claim_dma_owner()
 *    and the VFIO group path iommu_group_claim_dma_owner() both return
 *    -EPERM in 6.12) and grants it once neither has.
 *
 * Needs swsmmu.ko loaded with nr_smmus=2 multi_sid_devices=1 pci_alias=1
 * (the guest's kunit step); a case whose topology is missing is skipped.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <swsmmu/arch.h>
#include "board/board.h"
#include "iommu/swsmmu.h"
#include "tdev/tdev.h"
#include "client.h"

/* StreamIDs no test device of the default set uses */
#define TOPO_SID	0x4343
#define TOPO_SID_A	0x4400
#define TOPO_SID_B	0x4401
#define TOPO_SID_NONE	0x4402
/* An IOVA of the UNMANAGED domains, far from anything else */
#define TOPO_IOVA	0x10000000ULL
#define TOPO_TOKEN	0x544f504fULL	/* "TOPO" */

/* A test device of its own behind SMMU @smmu, removed when the case ends */
static struct device *topo_client(struct kunit *test, unsigned int smmu,
				  const u32 *sids, unsigned int nr)
{
	return swsmmu_tc_get_on(test, smmu, sids, nr, 0)->dev;
}

/* The device's DMA through SMMU @smmu's model with StreamID @sid */
static int topo_access(unsigned int smmu, u32 sid, u64 iova, u64 *val,
		       bool write)
{
	return swsmmu_tc_dma(swsmmu_board_hw(smmu), sid, iova, val,
			     sizeof(*val), write);
}

static void topo_domain_free(void *data)
{
	iommu_domain_free(data);
}

static void topo_free_page(void *data)
{
	free_page((unsigned long)data);
}

static u64 *topo_page(struct kunit *test, u64 token)
{
	u64 *p = (u64 *)get_zeroed_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   topo_free_page, p));
	*p = token;
	return p;
}

static struct iommu_domain *topo_domain(struct kunit *test, struct device *dev)
{
	struct iommu_domain *dom = iommu_paging_domain_alloc(dev);

	KUNIT_ASSERT_FALSE(test, IS_ERR(dom));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   topo_domain_free,
							   dom));
	return dom;
}

static void topo_shared_domain(struct kunit *test)
{
	u32 sid = TOPO_SID;
	struct device *d0 = topo_client(test, 0, &sid, 1);
	struct device *d1 = topo_client(test, 1, &sid, 1);
	struct iommu_domain *dom = topo_domain(test, d0);
	u64 *page = topo_page(test, TOPO_TOKEN);
	u64 val;

	KUNIT_ASSERT_EQ(test, 0, iommu_attach_device(dom, d0));
	KUNIT_ASSERT_EQ(test, 0, iommu_attach_device(dom, d1));
	KUNIT_ASSERT_EQ(test, 0, iommu_map(dom, TOPO_IOVA, virt_to_phys(page),
					   PAGE_SIZE, IOMMU_READ | IOMMU_WRITE,
					   GFP_KERNEL));

	/* Both SMMUs walk the same tables, and now cache the translation */
	val = 0;
	KUNIT_EXPECT_EQ(test, 0, topo_access(0, sid, TOPO_IOVA, &val, false));
	KUNIT_EXPECT_EQ(test, val, TOPO_TOKEN);
	val = 0;
	KUNIT_EXPECT_EQ(test, 0, topo_access(1, sid, TOPO_IOVA, &val, false));
	KUNIT_EXPECT_EQ(test, val, TOPO_TOKEN);
	/* A write through SMMU 1 lands in the page SMMU 0 reads */
	val = ~TOPO_TOKEN;
	KUNIT_EXPECT_EQ(test, 0, topo_access(1, sid, TOPO_IOVA + 8, &val, true));
	val = 0;
	KUNIT_EXPECT_EQ(test, 0, topo_access(0, sid, TOPO_IOVA + 8, &val, false));
	KUNIT_EXPECT_EQ(test, val, ~TOPO_TOKEN);
	KUNIT_EXPECT_EQ(test, page[1], ~TOPO_TOKEN);

	KUNIT_ASSERT_EQ(test, PAGE_SIZE, iommu_unmap(dom, TOPO_IOVA, PAGE_SIZE));
	/* Each SMMU got the invalidation: neither reaches the page now */
	KUNIT_EXPECT_EQ(test, -EFAULT,
			topo_access(0, sid, TOPO_IOVA, &val, false));
	KUNIT_EXPECT_EQ(test, -EFAULT,
			topo_access(1, sid, TOPO_IOVA, &val, false));
	val = 0xdead;
	KUNIT_EXPECT_EQ(test, -EFAULT,
			topo_access(1, sid, TOPO_IOVA, &val, true));
	KUNIT_EXPECT_EQ(test, page[0], TOPO_TOKEN);

	iommu_detach_device(dom, d1);
	iommu_detach_device(dom, d0);
}

/*
 * Freeing a domain must flush it from every SMMU it was attached through:
 * its ASID is reused next, and SMMU 1 must not translate the new domain
 * with the old one's cached entries.
 */
static void topo_shared_domain_free(struct kunit *test)
{
	u32 sid = TOPO_SID;
	struct device *d0 = topo_client(test, 0, &sid, 1);
	struct device *d1 = topo_client(test, 1, &sid, 1);
	u64 *old = topo_page(test, TOPO_TOKEN);
	u64 *new = topo_page(test, ~TOPO_TOKEN);
	struct swsmmu_domain *d;
	struct iommu_domain *dom;
	u64 val = 0;
	u16 tag;

	dom = iommu_paging_domain_alloc(d0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dom));
	d = to_swsmmu_domain(dom);
	tag = d->stage == 1 ? d->asid : d->vmid;
	if (iommu_attach_device(dom, d0) || iommu_attach_device(dom, d1) ||
	    iommu_map(dom, TOPO_IOVA, virt_to_phys(old), PAGE_SIZE,
		      IOMMU_READ, GFP_KERNEL)) {
		iommu_domain_free(dom);
		KUNIT_FAIL_AND_ABORT(test, "cannot attach and map the first domain");
	}
	KUNIT_EXPECT_EQ(test, 0, topo_access(1, sid, TOPO_IOVA, &val, false));
	KUNIT_EXPECT_EQ(test, val, TOPO_TOKEN);
	/* No unmap: only the free removes what SMMU 1 cached */
	iommu_detach_device(dom, d1);
	iommu_detach_device(dom, d0);
	iommu_domain_free(dom);

	dom = topo_domain(test, d0);
	d = to_swsmmu_domain(dom);
	/* The lowest free tag is the one just freed: what SMMU 1 cached */
	KUNIT_ASSERT_EQ(test, tag, d->stage == 1 ? d->asid : d->vmid);
	KUNIT_ASSERT_EQ(test, 0, iommu_attach_device(dom, d1));
	KUNIT_ASSERT_EQ(test, 0, iommu_map(dom, TOPO_IOVA, virt_to_phys(new),
					   PAGE_SIZE, IOMMU_READ, GFP_KERNEL));
	val = 0;
	KUNIT_EXPECT_EQ(test, 0, topo_access(1, sid, TOPO_IOVA, &val, false));
	KUNIT_EXPECT_EQ(test, val, ~TOPO_TOKEN);
	iommu_detach_device(dom, d1);
}

/* Wait until SMMU @smmu's driver has consumed an event after @before */
static void topo_wait_event(struct kunit *test, struct swsmmu_device *smmu,
			    s64 before, u64 evt[4])
{
	int i;

	for (i = 0; i < 1000; i++) {
		if (atomic64_read(&smmu->stats.events) > before)
			break;
		usleep_range(1000, 2000);
	}
	KUNIT_ASSERT_GT(test, atomic64_read(&smmu->stats.events), before);
	spin_lock(&smmu->stats.last_event_lock);
	memcpy(evt, smmu->stats.last_event, 4 * sizeof(u64));
	spin_unlock(&smmu->stats.last_event_lock);
}

struct topo_chan_match {
	struct device *dev;
	int chan_id;
};

static bool topo_chan_filter(struct dma_chan *chan, void *param)
{
	const struct topo_chan_match *m = param;

	return chan->device->dev == m->dev && chan->chan_id == m->chan_id;
}

static void topo_dma_done(void *param, const struct dmaengine_result *res)
{
	int *result = param;

	WRITE_ONCE(*result, res->result);
}

/* One memcpy on channel @chan_id of @dev; returns its dmaengine result */
static int topo_dma_copy(struct kunit *test, struct device *dev, int chan_id,
			 dma_addr_t dst, dma_addr_t src, size_t len)
{
	struct topo_chan_match m = { .dev = dev, .chan_id = chan_id };
	struct dma_async_tx_descriptor *tx;
	struct dma_chan *chan;
	dma_cap_mask_t mask;
	int result = -1;
	int i;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, topo_chan_filter, &m);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	tx = dmaengine_prep_dma_memcpy(chan, dst, src, len, DMA_PREP_INTERRUPT);
	if (!tx) {
		dma_release_channel(chan);
		KUNIT_FAIL_AND_ABORT(test, "chan%d: no memcpy descriptor", chan_id);
	}
	tx->callback_result = topo_dma_done;
	tx->callback_param = &result;
	if (dma_submit_error(dmaengine_submit(tx))) {
		dma_release_channel(chan);
		KUNIT_FAIL_AND_ABORT(test, "chan%d: submit failed", chan_id);
	}
	dma_async_issue_pending(chan);
	for (i = 0; i < 5000 && READ_ONCE(result) < 0; i++)
		usleep_range(1000, 2000);
	dma_release_channel(chan);
	return READ_ONCE(result);
}

static void topo_two_sids(struct kunit *test)
{
	static const u32 sids[] = { TOPO_SID_A, TOPO_SID_B };
	struct device *dev = topo_client(test, 0, sids, 2);
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	struct iommu_domain *dom = topo_domain(test, dev);
	u64 *page = topo_page(test, TOPO_TOKEN);
	u64 val;

	KUNIT_ASSERT_EQ(test, 2, master->num_sids);
	KUNIT_ASSERT_EQ(test, 0, iommu_attach_device(dom, dev));
	KUNIT_ASSERT_EQ(test, 0, iommu_map(dom, TOPO_IOVA, virt_to_phys(page),
					   PAGE_SIZE, IOMMU_READ | IOMMU_WRITE,
					   GFP_KERNEL));
	/* Both STEs point at the domain */
	val = 0;
	KUNIT_EXPECT_EQ(test, 0, topo_access(0, TOPO_SID_A, TOPO_IOVA, &val, false));
	KUNIT_EXPECT_EQ(test, val, TOPO_TOKEN);
	val = 0x1234;
	KUNIT_EXPECT_EQ(test, 0, topo_access(0, TOPO_SID_B, TOPO_IOVA + 16, &val, true));
	KUNIT_EXPECT_EQ(test, page[2], 0x1234);
	/* A StreamID of no device: no STE for it */
	KUNIT_EXPECT_NE(test, 0, topo_access(0, TOPO_SID_NONE, TOPO_IOVA, &val, false));

	KUNIT_ASSERT_EQ(test, PAGE_SIZE, iommu_unmap(dom, TOPO_IOVA, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EFAULT, topo_access(0, TOPO_SID_A, TOPO_IOVA, &val, false));
	KUNIT_EXPECT_EQ(test, -EFAULT, topo_access(0, TOPO_SID_B, TOPO_IOVA, &val, false));
	iommu_detach_device(dom, dev);
}

/*
 * The device's own DMA engine: channel 0 carries the first StreamID,
 * channel 1 the second.  Both copy through the default domain; a copy
 * from an unmapped IOVA fails, and the fault record names the StreamID
 * the channel used.
 */
static void topo_two_sids_engine(struct kunit *test)
{
	static const u32 sids[] = { TOPO_SID_A, TOPO_SID_B };
	struct device *dev = topo_client(test, 0, sids, 2);
	struct swsmmu_master *master = dev_iommu_priv_get(dev);
	u8 *buf = kunit_kzalloc(test, 2 * SZ_4K, GFP_KERNEL);
	dma_addr_t addr;
	s64 before;
	u64 evt[4];
	int ch;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	if (!(iommu_get_domain_for_dev(dev)->type & __IOMMU_DOMAIN_PAGING))
		kunit_skip(test, "the default domain does not translate");
	addr = dma_map_single(dev, buf, 2 * SZ_4K, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, addr));
	for (ch = 0; ch < SWSMMU_DMA_CHANNELS; ch++) {
		memset(buf, 0x30 + ch, SZ_4K);
		memset(buf + SZ_4K, 0, SZ_4K);
		dma_sync_single_for_device(dev, addr, 2 * SZ_4K,
					   DMA_BIDIRECTIONAL);
		KUNIT_EXPECT_EQ(test, DMA_TRANS_NOERROR,
				topo_dma_copy(test, dev, ch, addr + SZ_4K, addr,
					      SZ_4K));
		dma_sync_single_for_cpu(dev, addr, 2 * SZ_4K,
					DMA_BIDIRECTIONAL);
		KUNIT_EXPECT_EQ(test, buf[SZ_4K + 7], 0x30 + ch);

		/* Above anything iommu-dma hands out: no translation */
		before = atomic64_read(&master->smmu->stats.events);
		KUNIT_EXPECT_EQ(test, DMA_TRANS_READ_FAILED,
				topo_dma_copy(test, dev, ch, addr, BIT_ULL(46),
					      64));
		topo_wait_event(test, master->smmu, before, evt);
		KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_ID, evt[0]),
				(u64)EVT_ID_TRANSLATION);
		KUNIT_EXPECT_EQ(test, FIELD_GET(EVTQ_0_SID, evt[0]),
				(u64)sids[ch]);
	}
	dma_unmap_single(dev, addr, 2 * SZ_4K, DMA_BIDIRECTIONAL);
}

/* The test functions of the board's PCI bridge in slots 0 and 1 */
static void topo_alias_fns(struct kunit *test, struct pci_dev **fn)
{
	struct pci_dev *pdev = NULL;

	fn[0] = NULL;
	fn[1] = NULL;
	while ((pdev = pci_get_device(SWSMMU_PCI_VENDOR_ID,
				      SWSMMU_PCI_DEVICE_ID, pdev))) {
		if (pdev->devfn == PCI_DEVFN(0, 0) && !fn[0])
			fn[0] = pci_dev_get(pdev);
		else if (pdev->devfn == PCI_DEVFN(1, 0) && !fn[1])
			fn[1] = pci_dev_get(pdev);
	}
	if (!fn[0] || !fn[1] || !fn[1]->dma_alias_mask) {
		pci_dev_put(fn[0]);
		pci_dev_put(fn[1]);
		kunit_skip(test, "needs swsmmu.ko pci_devices=2 pci_alias=1");
	}
}

static void topo_alias_group(struct kunit *test)
{
	struct iommu_group *g0, *g1;
	struct pci_dev *fn[2];
	int owner, i;

	topo_alias_fns(test, fn);
	g0 = iommu_group_get(&fn[0]->dev);
	g1 = iommu_group_get(&fn[1]->dev);
	KUNIT_EXPECT_NOT_NULL(test, g0);
	KUNIT_EXPECT_PTR_EQ(test, g0, g1);
	KUNIT_EXPECT_TRUE(test, test_bit(PCI_DEVFN(0, 0), fn[1]->dma_alias_mask));
	if (!g0 || g0 != g1)
		goto out;
	/* Both bound to the test functions' driver when the module loaded */
	KUNIT_EXPECT_NOT_NULL(test, fn[0]->dev.driver);
	KUNIT_EXPECT_NOT_NULL(test, fn[1]->dev.driver);

	/* Slot 0 unbound, slot 1 still driven: the group is not free */
	device_release_driver(&fn[0]->dev);
	KUNIT_EXPECT_EQ(test, -EPERM,
			iommu_device_claim_dma_owner(&fn[0]->dev, &owner));
	KUNIT_EXPECT_EQ(test, -EPERM, iommu_group_claim_dma_owner(g0, &owner));

	/* Neither driven: both ways of claiming succeed, and release */
	device_release_driver(&fn[1]->dev);
	KUNIT_EXPECT_EQ(test, 0, iommu_device_claim_dma_owner(&fn[0]->dev,
							      &owner));
	/* The owner holds the group: a second owner is refused */
	KUNIT_EXPECT_EQ(test, -EPERM,
			iommu_device_claim_dma_owner(&fn[1]->dev, &i));
	iommu_device_release_dma_owner(&fn[0]->dev);
	KUNIT_EXPECT_EQ(test, 0, iommu_group_claim_dma_owner(g0, &owner));
	iommu_group_release_dma_owner(g0);

	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, 1, device_attach(&fn[i]->dev));
out:
	iommu_group_put(g0);
	iommu_group_put(g1);
	pci_dev_put(fn[0]);
	pci_dev_put(fn[1]);
}

static struct kunit_case topo_cases[] = {
	KUNIT_CASE(topo_shared_domain),
	KUNIT_CASE(topo_shared_domain_free),
	KUNIT_CASE(topo_two_sids),
	KUNIT_CASE(topo_two_sids_engine),
	KUNIT_CASE(topo_alias_group),
	{}
};

static struct kunit_suite topo_suite = {
	.name = "swsmmu-topo",
	.test_cases = topo_cases,
};

kunit_test_suite(topo_suite);
