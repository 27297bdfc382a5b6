// SPDX-License-Identifier: GPL-2.0
/*
 * The test devices' DMA engine.  Each swsmmu-tdev and each PCIe test
 * function (pci.c) is a dmaengine provider with SWSMMU_DMA_CHANNELS
 * memory-to-memory channels (DMA_MEMCPY and DMA_MEMSET).  Every byte it
 * moves is a device transaction that enters the software SMMU through
 * swsmmu_hw_access() with the device's StreamID, so a DMA API client
 * (dmatest, the KUnit suite) exercises whatever domain the IOMMU core
 * attached to the device's group.
 *
 * Execution.  A channel runs its descriptors in submission order on a work
 * item of the device's unbound workqueue: swsmmu_hw_access() may sleep (a
 * stalled transaction waits for the SMMU driver), and the dmaengine entry
 * points may be called in atomic context.  A descriptor is cut into pieces
 * of at most SWSMMU_DMA_CHUNK bytes that pass through the channel's bounce
 * buffer: a read transaction fills it from the source, a write transaction
 * drains it to the destination.  The first transaction that fails ends the
 * descriptor with DMA_TRANS_READ_FAILED or DMA_TRANS_WRITE_FAILED and
 * tx_status DMA_ERROR; the SMMU has recorded the event, if the fault was
 * one to record.  The channel then goes on with the next descriptor.
 *
 * Why no virt-dma.  The kernel's providers share drivers/dma/virt-dma.h and
 * the cookie helpers of drivers/dma/dmaengine.h.  Both headers are private
 * to drivers/dma and are not part of the headers an out-of-tree module is
 * built against, so the descriptor lists and the few lines of cookie
 * bookkeeping are written out here.
 *
 * Lifetime.  A client may still hold a channel when its device is removed
 * (remove_client, unbind).  Removal marks the channels dead, so that prep
 * fails and anything submitted later ends as DMA_TRANS_ABORTED; it ends the
 * queued descriptors with DMA_TRANS_ABORTED, stops the one in flight at the
 * next piece, waits for the worker and unregisters.  The memory lives until
 * the dmaengine core drops its last reference (swsmmu_dma_release()), and
 * a little longer: when a client's dma_release_channel() drops it, the core
 * still reads the channel after the release callback returns (chan->slave,
 * chan->dbg_client_name, under its dma_list_mutex).  Released engines
 * therefore wait on a graveyard list and are freed by swsmmu_dma_reap()
 * once that mutex has been seen free.
 *
 * Descriptors are freed as soon as they end: the channels are DMA_PRIVATE,
 * so async_tx never chains operations on them and DMA_CTRL_ACK has no use.
 */
#define pr_fmt(fmt) "swsmmu-tdev: " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <swsmmu/hw.h>
#include "tdev.h"

/* Bytes moved per read/write transaction pair: one page of bounce buffer */
#define SWSMMU_DMA_CHUNK	PAGE_SIZE
/* The longest descriptor the engine takes */
#define SWSMMU_DMA_MAX_LEN	SZ_16M
/* Failed cookies a channel remembers, for tx_status to report DMA_ERROR */
#define SWSMMU_DMA_FAILED_LOG	16

enum swsmmu_dma_op {
	SWSMMU_DMA_MEMCPY,
	SWSMMU_DMA_MEMSET,
};

/* Whether, and why, a descriptor must stop before its end */
enum swsmmu_dma_stop {
	SWSMMU_DMA_RUN,		/* run to the end */
	SWSMMU_DMA_TERMINATED,	/* device_terminate_all(): no callback */
	SWSMMU_DMA_REMOVED,	/* device removed: DMA_TRANS_ABORTED */
};

/**
 * struct swsmmu_dma_desc - one memcpy or memset
 * @txd: the descriptor handed to the client
 * @node: entry in swsmmu_dma_chan.submitted or .issued, under its lock
 * @op: what to do
 * @src: source DMA address (memcpy)
 * @dst: destination DMA address
 * @len: bytes
 * @fill: byte value (memset)
 * @issued_ns: when the client handed the engine @src and @dst (prep): the
 *             DMA sanitizer reports an access to an IOVA mapped after it
 * @stop: SWSMMU_DMA_*; written under the channel lock, read by the worker
 *        without it (READ_ONCE) between pieces
 */
struct swsmmu_dma_desc {
	struct dma_async_tx_descriptor txd;
	struct list_head node;
	enum swsmmu_dma_op op;
	dma_addr_t src;
	dma_addr_t dst;
	size_t len;
	u8 fill;
	u64 issued_ns;
	enum swsmmu_dma_stop stop;
};

struct swsmmu_dma;

/**
 * struct swsmmu_dma_chan - one channel
 * @chan: the dmaengine channel
 * @dma: its engine
 * @work: runs the issued descriptors, one at a time, in order
 * @bounce: SWSMMU_DMA_CHUNK bytes; used only by @work, which the
 *          workqueue never runs twice at once
 * @sid: the StreamID its transactions carry: the device's first, or on
 *       channel 1 of a device with two StreamIDs its second
 * @lock: protects the members below it, and @chan.cookie and
 *        @chan.completed_cookie.  Taken with interrupts off: tx_submit,
 *        issue_pending, tx_status and terminate_all may be called from
 *        any context, even hard interrupt.
 * @submitted: descriptors submitted but not yet issued, in cookie order
 * @issued: descriptors issued and waiting for @work, in cookie order
 * @active: the descriptor @work is executing, or NULL
 * @failed: cookies of the last descriptors that failed, a ring
 * @failed_next: next slot of @failed to overwrite
 * @dead: the device was removed; set once, never cleared
 */
struct swsmmu_dma_chan {
	struct dma_chan chan;
	struct swsmmu_dma *dma;
	struct work_struct work;
	void *bounce;
	u32 sid;

	/* Protects the members below (see above), any context, irqsave */
	spinlock_t lock;
	struct list_head submitted;
	struct list_head issued;
	struct swsmmu_dma_desc *active;
	dma_cookie_t failed[SWSMMU_DMA_FAILED_LOG];
	unsigned int failed_next;
	bool dead;
};

/**
 * struct swsmmu_dma - the DMA engine of one test device
 * @ddev: the dmaengine provider
 * @dev: the test device (a reference is held until swsmmu_dma_release())
 * @hw: the SMMU its transactions enter
 * @sid: its (first) StreamID; each channel carries its own (@chans)
 * @atc: the device's ATC (atc.c), or NULL
 * @wq: where the channels' work runs (unbound: it sleeps on stalls)
 * @chans: the channels
 * @grave: entry in swsmmu_dma_graveyard once released
 *
 * Nothing here changes after probe; per-channel state has its own lock.
 */
struct swsmmu_dma {
	struct dma_device ddev;
	struct device *dev;
	struct swsmmu_hw *hw;
	u32 sid;
	struct swsmmu_atc *atc;
	struct workqueue_struct *wq;
	struct swsmmu_dma_chan chans[SWSMMU_DMA_CHANNELS];
	struct list_head grave;
};

/* Released engines, until swsmmu_dma_reap() frees them */
static LIST_HEAD(swsmmu_dma_graveyard);
/* Protects swsmmu_dma_graveyard */
static DEFINE_SPINLOCK(swsmmu_dma_graveyard_lock);

static struct swsmmu_dma_chan *to_swsmmu_chan(struct dma_chan *chan)
{
	return container_of(chan, struct swsmmu_dma_chan, chan);
}

static struct swsmmu_dma_desc *to_swsmmu_desc(struct dma_async_tx_descriptor *txd)
{
	return container_of(txd, struct swsmmu_dma_desc, txd);
}

/*
 * Release the client's unmap data, tell the client (unless the descriptor
 * was terminated) and free the descriptor.  Called without the channel
 * lock: the callback may submit, issue or terminate on this channel.
 */
static void swsmmu_dma_end(struct swsmmu_dma_desc *d,
			   enum dmaengine_tx_result result, u32 residue)
{
	struct dma_async_tx_descriptor *txd = &d->txd;
	struct dmaengine_result res = {
		.result = result,
		.residue = residue,
	};

	dma_descriptor_unmap(txd);
	if (d->stop != SWSMMU_DMA_TERMINATED) {
		if (txd->callback_result)
			txd->callback_result(txd->callback_param, &res);
		else if (txd->callback)
			txd->callback(txd->callback_param);
	}
	kfree(d);
}

/*
 * Execute @d piece by piece.  Returns the bytes moved before the end, and
 * the result in @result: DMA_TRANS_ABORTED if told to stop.
 */
static size_t swsmmu_dma_execute(struct swsmmu_dma_chan *c,
				 struct swsmmu_dma_desc *d,
				 enum dmaengine_tx_result *result)
{
	struct swsmmu_dma *dma = c->dma;
	const struct swsmmu_txn rd = {
		.sid = c->sid,
		.issued_ns = d->issued_ns,
	};
	const struct swsmmu_txn wr = {
		.sid = c->sid,
		.flags = SWSMMU_TXN_WRITE,
		.issued_ns = d->issued_ns,
	};
	size_t done = 0, n;
	int ret;

	if (d->op == SWSMMU_DMA_MEMSET)
		memset(c->bounce, d->fill, min_t(size_t, d->len, SWSMMU_DMA_CHUNK));

	while (done < d->len) {
		if (READ_ONCE(d->stop) != SWSMMU_DMA_RUN) {
			*result = DMA_TRANS_ABORTED;
			return done;
		}
		n = min_t(size_t, d->len - done, SWSMMU_DMA_CHUNK);
		if (d->op == SWSMMU_DMA_MEMCPY) {
			ret = swsmmu_atc_access(dma->atc, dma->hw, &rd,
						d->src + done, c->bounce, n);
			if (ret) {
				dev_dbg(dma->dev, "chan%d: read of %pad+%#zx failed: %d\n",
					c->chan.chan_id, &d->src, done, ret);
				*result = DMA_TRANS_READ_FAILED;
				return done;
			}
		}
		ret = swsmmu_atc_access(dma->atc, dma->hw, &wr, d->dst + done,
					c->bounce, n);
		if (ret) {
			dev_dbg(dma->dev, "chan%d: write of %pad+%#zx failed: %d\n",
				c->chan.chan_id, &d->dst, done, ret);
			*result = DMA_TRANS_WRITE_FAILED;
			return done;
		}
		done += n;
		cond_resched();
	}
	*result = DMA_TRANS_NOERROR;
	return done;
}

static void swsmmu_dma_work(struct work_struct *work)
{
	struct swsmmu_dma_chan *c = container_of(work, struct swsmmu_dma_chan,
						 work);
	enum dmaengine_tx_result result;
	struct swsmmu_dma_desc *d;
	unsigned long flags;
	size_t done;

	for (;;) {
		spin_lock_irqsave(&c->lock, flags);
		d = list_first_entry_or_null(&c->issued, struct swsmmu_dma_desc,
					     node);
		if (d) {
			list_del(&d->node);
			if (c->dead)
				d->stop = SWSMMU_DMA_REMOVED;
			c->active = d;
		}
		spin_unlock_irqrestore(&c->lock, flags);
		if (!d)
			return;

		done = swsmmu_dma_execute(c, d, &result);

		spin_lock_irqsave(&c->lock, flags);
		c->active = NULL;
		/* Descriptors end in cookie order: completed_cookie only grows */
		if (result != DMA_TRANS_ABORTED)
			c->chan.completed_cookie = d->txd.cookie;
		if (result != DMA_TRANS_ABORTED && result != DMA_TRANS_NOERROR) {
			c->failed[c->failed_next] = d->txd.cookie;
			c->failed_next = (c->failed_next + 1) %
					 SWSMMU_DMA_FAILED_LOG;
		}
		spin_unlock_irqrestore(&c->lock, flags);

		swsmmu_dma_end(d, result, d->len - done);
		cond_resched();
	}
}

static dma_cookie_t swsmmu_dma_tx_submit(struct dma_async_tx_descriptor *txd)
{
	struct swsmmu_dma_chan *c = to_swsmmu_chan(txd->chan);
	struct swsmmu_dma_desc *d = to_swsmmu_desc(txd);
	unsigned long flags;
	dma_cookie_t cookie;

	spin_lock_irqsave(&c->lock, flags);
	/* Cookies count up from DMA_MIN_COOKIE and wrap back to it */
	cookie = c->chan.cookie < INT_MAX ? c->chan.cookie + 1 : DMA_MIN_COOKIE;
	c->chan.cookie = cookie;
	txd->cookie = cookie;
	list_add_tail(&d->node, &c->submitted);
	spin_unlock_irqrestore(&c->lock, flags);
	return cookie;
}

static struct dma_async_tx_descriptor *
swsmmu_dma_prep(struct dma_chan *chan, enum swsmmu_dma_op op, dma_addr_t dst,
		dma_addr_t src, u8 fill, size_t len, unsigned long flags)
{
	struct swsmmu_dma_chan *c = to_swsmmu_chan(chan);
	struct swsmmu_dma_desc *d;

	if (!len || len > SWSMMU_DMA_MAX_LEN || READ_ONCE(c->dead))
		return NULL;
	/* A range that wraps past the top of the address space */
	if (dst + (len - 1) < dst ||
	    (op == SWSMMU_DMA_MEMCPY && src + (len - 1) < src))
		return NULL;

	/* May be called in atomic context */
	d = kzalloc(sizeof(*d), GFP_NOWAIT);
	if (!d)
		return NULL;
	dma_async_tx_descriptor_init(&d->txd, chan);
	d->txd.flags = flags;
	d->txd.tx_submit = swsmmu_dma_tx_submit;
	d->op = op;
	d->src = src;
	d->dst = dst;
	d->fill = fill;
	d->len = len;
	d->issued_ns = ktime_get_ns();
	d->stop = SWSMMU_DMA_RUN;
	return &d->txd;
}

static struct dma_async_tx_descriptor *
swsmmu_dma_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		       size_t len, unsigned long flags)
{
	return swsmmu_dma_prep(chan, SWSMMU_DMA_MEMCPY, dst, src, 0, len,
			       flags);
}

static struct dma_async_tx_descriptor *
swsmmu_dma_prep_memset(struct dma_chan *chan, dma_addr_t dst, int value,
		       size_t len, unsigned long flags)
{
	/* The fill pattern is the low byte of @value, as for memset() */
	return swsmmu_dma_prep(chan, SWSMMU_DMA_MEMSET, dst, 0, (u8)value, len,
			       flags);
}

static void swsmmu_dma_issue_pending(struct dma_chan *chan)
{
	struct swsmmu_dma_chan *c = to_swsmmu_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	list_splice_tail_init(&c->submitted, &c->issued);
	if (!list_empty(&c->issued))
		queue_work(c->dma->wq, &c->work);
	spin_unlock_irqrestore(&c->lock, flags);
}

static enum dma_status swsmmu_dma_tx_status(struct dma_chan *chan,
					    dma_cookie_t cookie,
					    struct dma_tx_state *state)
{
	struct swsmmu_dma_chan *c = to_swsmmu_chan(chan);
	dma_cookie_t last, used;
	enum dma_status status;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&c->lock, flags);
	last = chan->completed_cookie;
	used = chan->cookie;
	status = dma_async_is_complete(cookie, last, used);
	if (status == DMA_COMPLETE) {
		for (i = 0; i < SWSMMU_DMA_FAILED_LOG; i++)
			if (cookie >= DMA_MIN_COOKIE && c->failed[i] == cookie)
				status = DMA_ERROR;
	} else if (c->dead) {
		/* It will never complete */
		status = DMA_ERROR;
	}
	spin_unlock_irqrestore(&c->lock, flags);

	dma_set_tx_state(state, last, used, 0);
	return status;
}

/* Take every queued descriptor off @c, in cookie order, onto @list */
static void swsmmu_dma_take_queued(struct swsmmu_dma_chan *c,
				   struct list_head *list)
{
	lockdep_assert_held(&c->lock);
	list_splice_tail_init(&c->issued, list);
	list_splice_tail_init(&c->submitted, list);
}

/* Never sleeps: may be called from a completion callback or in atomic context */
static int swsmmu_dma_terminate_all(struct dma_chan *chan)
{
	struct swsmmu_dma_chan *c = to_swsmmu_chan(chan);
	struct swsmmu_dma_desc *d, *next;
	unsigned long flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&c->lock, flags);
	swsmmu_dma_take_queued(c, &list);
	/* The worker stops it at the next piece and frees it */
	if (c->active)
		WRITE_ONCE(c->active->stop, SWSMMU_DMA_TERMINATED);
	spin_unlock_irqrestore(&c->lock, flags);

	list_for_each_entry_safe(d, next, &list, node) {
		list_del(&d->node);
		d->stop = SWSMMU_DMA_TERMINATED;
		swsmmu_dma_end(d, DMA_TRANS_ABORTED, d->len);
	}
	return 0;
}

/* Wait until the worker has let go of every descriptor and callback */
static void swsmmu_dma_synchronize(struct dma_chan *chan)
{
	flush_work(&to_swsmmu_chan(chan)->work);
}

static int swsmmu_dma_alloc_chan_resources(struct dma_chan *chan)
{
	struct swsmmu_dma_chan *c = to_swsmmu_chan(chan);
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&c->lock, flags);
	if (c->dead) {
		ret = -ENODEV;
	} else {
		chan->cookie = DMA_MIN_COOKIE;
		chan->completed_cookie = DMA_MIN_COOKIE;
		memset(c->failed, 0, sizeof(c->failed));
		c->failed_next = 0;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	return ret;
}

static void swsmmu_dma_free_chan_resources(struct dma_chan *chan)
{
	swsmmu_dma_terminate_all(chan);
	swsmmu_dma_synchronize(chan);
}

/* Free what only the engine itself uses, also for a partly set up one */
static void swsmmu_dma_free_resources(struct swsmmu_dma *dma)
{
	unsigned int i;

	if (dma->wq)
		destroy_workqueue(dma->wq);
	for (i = 0; i < SWSMMU_DMA_CHANNELS; i++)
		kfree(dma->chans[i].bounce);
	put_device(dma->dev);
}

/*
 * The dmaengine core dropped its last reference: no client is left, the
 * worker is idle (removal flushed it, and prep fails since).  Called with
 * the core's dma_list_mutex held.
 */
static void swsmmu_dma_release(struct dma_device *ddev)
{
	struct swsmmu_dma *dma = container_of(ddev, struct swsmmu_dma, ddev);

	swsmmu_dma_free_resources(dma);
	spin_lock(&swsmmu_dma_graveyard_lock);
	list_add_tail(&dma->grave, &swsmmu_dma_graveyard);
	spin_unlock(&swsmmu_dma_graveyard_lock);
}

static bool swsmmu_dma_match_none(struct dma_chan *chan, void *param)
{
	return false;
}

/*
 * Free the released engines.  Each was released under dma_list_mutex, and
 * the core is done with its channels once it lets go of that mutex.  The
 * mutex is private to the core: a channel request that matches nothing is
 * the exported way to take and release it.
 */
static void swsmmu_dma_reap(void)
{
	struct swsmmu_dma *dma, *next;
	dma_cap_mask_t none;
	LIST_HEAD(list);

	spin_lock(&swsmmu_dma_graveyard_lock);
	list_splice_init(&swsmmu_dma_graveyard, &list);
	spin_unlock(&swsmmu_dma_graveyard_lock);
	if (list_empty(&list))
		return;

	dma_cap_zero(none);
	WARN_ON(dma_request_channel(none, swsmmu_dma_match_none, NULL));
	list_for_each_entry_safe(dma, next, &list, grave)
		kfree(dma);
}

/**
 * swsmmu_tdev_dma_probe() - register a test device's DMA engine
 * @dev: the test device (platform device or PCIe function), with its
 *       struct swsmmu_tdev_pdata
 * @atc: its ATC, through which its accesses go while ATS is enabled, or
 *       NULL; it must outlive the engine
 *
 * Registers a DMA_PRIVATE dmaengine provider with SWSMMU_DMA_CHANNELS
 * channels that can memcpy and memset.
 *
 * Return: the engine, for swsmmu_tdev_dma_remove(); ERR_PTR(-ENODEV)
 * without platform data, -ENOMEM, or the error of
 * dma_async_device_register().
 */
struct swsmmu_dma *swsmmu_tdev_dma_probe(struct device *dev,
					 struct swsmmu_atc *atc)
{
	const struct swsmmu_tdev_pdata *pd = dev_get_platdata(dev);
	struct dma_device *ddev;
	struct swsmmu_dma *dma;
	unsigned int i;
	int ret;

	if (!pd || !pd->hw)
		return ERR_PTR(-ENODEV);
	swsmmu_dma_reap();

	dma = kzalloc(sizeof(*dma), GFP_KERNEL);
	if (!dma)
		return ERR_PTR(-ENOMEM);
	dma->dev = get_device(dev);
	dma->hw = pd->hw;
	dma->sid = pd->sid;
	dma->atc = atc;
	dma->wq = alloc_workqueue("%s", WQ_UNBOUND, 0, dev_name(dev));
	if (!dma->wq) {
		ret = -ENOMEM;
		goto err;
	}

	ddev = &dma->ddev;
	ddev->dev = dev;
	INIT_LIST_HEAD(&ddev->channels);
	for (i = 0; i < SWSMMU_DMA_CHANNELS; i++) {
		struct swsmmu_dma_chan *c = &dma->chans[i];

		c->bounce = kmalloc(SWSMMU_DMA_CHUNK, GFP_KERNEL);
		if (!c->bounce) {
			ret = -ENOMEM;
			goto err;
		}
		c->dma = dma;
		c->sid = (i == 1 && pd->has_sid2) ? pd->sid2 : pd->sid;
		INIT_WORK(&c->work, swsmmu_dma_work);
		spin_lock_init(&c->lock);
		INIT_LIST_HEAD(&c->submitted);
		INIT_LIST_HEAD(&c->issued);
		c->chan.device = ddev;
		list_add_tail(&c->chan.device_node, &ddev->channels);
	}

	dma_cap_set(DMA_MEMCPY, ddev->cap_mask);
	dma_cap_set(DMA_MEMSET, ddev->cap_mask);
	/* Handed out only by dma_request_channel(), never to async_tx */
	dma_cap_set(DMA_PRIVATE, ddev->cap_mask);
	ddev->copy_align = DMAENGINE_ALIGN_1_BYTE;
	ddev->fill_align = DMAENGINE_ALIGN_1_BYTE;
	ddev->directions = BIT(DMA_MEM_TO_MEM);
	ddev->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	ddev->device_alloc_chan_resources = swsmmu_dma_alloc_chan_resources;
	ddev->device_free_chan_resources = swsmmu_dma_free_chan_resources;
	ddev->device_prep_dma_memcpy = swsmmu_dma_prep_memcpy;
	ddev->device_prep_dma_memset = swsmmu_dma_prep_memset;
	ddev->device_issue_pending = swsmmu_dma_issue_pending;
	ddev->device_tx_status = swsmmu_dma_tx_status;
	ddev->device_terminate_all = swsmmu_dma_terminate_all;
	ddev->device_synchronize = swsmmu_dma_synchronize;
	ddev->device_release = swsmmu_dma_release;
	dma_set_max_seg_size(dev, SWSMMU_DMA_MAX_LEN);

	ret = dma_async_device_register(ddev);
	if (ret)
		goto err;
	return dma;

err:
	swsmmu_dma_free_resources(dma);
	kfree(dma);
	return ERR_PTR(ret);
}

/* Stop a channel for good: see "Lifetime" at the top */
static void swsmmu_dma_kill(struct swsmmu_dma_chan *c)
{
	struct swsmmu_dma_desc *d, *next;
	unsigned long flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&c->lock, flags);
	WRITE_ONCE(c->dead, true);
	swsmmu_dma_take_queued(c, &list);
	if (c->active && c->active->stop == SWSMMU_DMA_RUN)
		WRITE_ONCE(c->active->stop, SWSMMU_DMA_REMOVED);
	spin_unlock_irqrestore(&c->lock, flags);

	/* The active descriptor ends first: callbacks stay in cookie order */
	flush_work(&c->work);
	list_for_each_entry_safe(d, next, &list, node) {
		list_del(&d->node);
		d->stop = SWSMMU_DMA_REMOVED;
		swsmmu_dma_end(d, DMA_TRANS_ABORTED, d->len);
	}
}

/**
 * swsmmu_tdev_dma_remove() - unregister a test device's DMA engine
 * @dma: what swsmmu_tdev_dma_probe() returned
 *
 * Ends every descriptor still queued with DMA_TRANS_ABORTED and waits for
 * the one in flight, which stops at its next piece (a transaction stalled
 * in the SMMU is waited for until the SMMU driver resumes or terminates
 * it).  Clients that still hold a channel keep the engine's memory alive;
 * their later descriptors fail.
 */
void swsmmu_tdev_dma_remove(struct swsmmu_dma *dma)
{
	unsigned int i;

	for (i = 0; i < SWSMMU_DMA_CHANNELS; i++)
		swsmmu_dma_kill(&dma->chans[i]);
	/* Drops the core's reference: may call swsmmu_dma_release() */
	dma_async_device_unregister(&dma->ddev);
	swsmmu_dma_reap();
}

/**
 * swsmmu_tdev_dma_exit() - free the engines of removed test devices
 *
 * Call after the test device driver is unregistered, before the module
 * goes: no engine is left in use by then.
 */
void swsmmu_tdev_dma_exit(void)
{
	swsmmu_dma_reap();
}
