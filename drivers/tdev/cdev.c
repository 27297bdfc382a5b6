// SPDX-License-Identifier: GPL-2.0
/*
 * Test devices: one character device per test device, /dev/swsmmu-tdevN
 * (root only, 0600), through which a process binds its address space
 * (SVA: the device then reaches it with a PASID) and submits descriptors
 * the device executes on its virtual addresses.  The uapi is documented
 * in include/uapi/linux/swsmmu.h and Documentation/sva.rst.
 *
 * Each open file has at most one bond, owned by the process that made it:
 * submissions from any other address space (a forked child sharing the
 * file, say) are refused, so a descriptor can only reach the submitting
 * process's memory through that process's own PASID.  Batches run in
 * order on the system unbound workqueue, one work item per file.
 *
 * Lifetimes.  The character device exists while the test-device driver is
 * bound (it is created in probe and deleted in remove), because a bond
 * holds a PASID of the device and the IOMMU core requires every PASID to
 * be detached before the driver lets go of the device's DMA ownership.
 * Its memory lives on while anything can still reach it: struct
 * swsmmu_tdev_cdev embeds both the cdev and the class device, and
 * cdev_device_add() makes the cdev (which each open file holds, from
 * chrdev_open() until after ->release) hold the class device, whose
 * release frees the object.  Removal revokes every open file under
 * @lock: the running batch stops at its next access, the others are
 * dropped, the bond is unbound; the file itself stays until closed and
 * then fails every call with -ENODEV.  Closing a file revokes it the same
 * way before it leaves @files, so removal and close never miss each
 * other.  No user memory is touched under a lock that revocation takes.
 */
#define pr_fmt(fmt) "swsmmu-tdev: " fmt

#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/property.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/linux/swsmmu.h>
#include <swsmmu/iommu.h>
#include "tdev.h"
#include "tdev_sva.h"

#define SWSMMU_CDEV_MAX_DESCS	64
#define SWSMMU_CDEV_MAX_BATCHES	16
#define SWSMMU_CDEV_MAX_LEN	SZ_16M
/* Minors: the platform test devices', then the PCIe functions' */
#define SWSMMU_CDEV_MINORS	(SWSMMU_TDEV_MAX + SWSMMU_TDEV_PCI_MAX)

static dev_t swsmmu_cdev_base;
static const struct class swsmmu_cdev_class;

/**
 * struct swsmmu_tdev_cdev - the character device of one test device
 * @cls_dev: its class device (the /dev node); its release frees this
 * @cdev: the character device, a child of @cls_dev
 * @dev: the test device, referenced until @cls_dev is released
 * @pd: its platform data (lives as long as @dev)
 * @hw: the SMMU its transactions enter
 * @sid: its StreamID
 * @sva: IOPF and SVA are enabled on @dev
 * @stall: @dev stalls on faults ("dma-can-stall") rather than using PRI
 * @lock: protects @dead and @files
 * @dead: the driver let go of the test device; files are revoked
 * @files: open files (struct swsmmu_cdev_file.node)
 */
struct swsmmu_tdev_cdev {
	struct device cls_dev;
	struct cdev cdev;
	struct device *dev;
	const struct swsmmu_tdev_pdata *pd;
	struct swsmmu_hw *hw;
	u32 sid;
	bool sva;
	bool stall;
	/* Protects @dead and @files; taken before swsmmu_cdev_file.lock */
	struct mutex lock;
	bool dead;
	struct list_head files;
};

/**
 * struct swsmmu_cdev_batch - descriptors submitted together
 * @node: in swsmmu_cdev_file.batches
 * @seq: its sequence number
 * @done: executed (results valid)
 * @completed: descriptors that succeeded
 * @failed: descriptors that failed
 * @error: first failure's errno
 * @first_failed: its index
 * @count: number of @descs
 * @descs: the validated descriptors
 */
struct swsmmu_cdev_batch {
	struct list_head node;
	u64 seq;
	bool done;
	u32 completed;
	u32 failed;
	s32 error;
	u32 first_failed;
	u32 count;
	struct swsmmu_desc descs[] __counted_by(count);
};

/**
 * struct swsmmu_cdev_file - one open file
 * @tc: its device; alive while the file is open (see the top of this file)
 * @node: in @tc->files, under @tc->lock
 * @eng: the device engine and this file's fault statistics
 * @lock: protects everything below
 * @bond: the bound process's bond, or NULL
 * @mm: the bound process (compared only; the bond's domain holds mmgrab)
 * @revoked: the device is gone or the file is closing; read locklessly by
 *           the running batch and by waiters
 * @batches: submitted, not yet waited for, oldest first
 * @nr_batches: number of @batches
 * @next_seq: sequence number of the next batch
 * @done_seq: sequence number of the last batch executed; batches execute
 *            in order, so a waiter compares sequence numbers and never
 *            needs to hold a batch that another waiter may free
 * @work: executes batches
 * @wq: woken when a batch is done and on revocation
 * @descs_done: descriptors that succeeded
 * @descs_failed: descriptors that failed
 * @buf: two bounce pages for the engine, used by @work only
 */
struct swsmmu_cdev_file {
	struct swsmmu_tdev_cdev *tc;
	struct list_head node;
	struct swsmmu_tdev_engine eng;
	/* Protects the fields below */
	struct mutex lock;
	struct swsmmu_sva_bond *bond;
	struct mm_struct *mm;
	bool revoked;
	struct list_head batches;
	unsigned int nr_batches;
	u64 next_seq;
	u64 done_seq;
	struct work_struct work;
	wait_queue_head_t wq;
	u64 descs_done;
	u64 descs_failed;
	u8 *buf;
};

/* ---------------------------------------------------------------------- */
/* Descriptor execution                                                   */
/* ---------------------------------------------------------------------- */

static int cdev_exec(struct swsmmu_cdev_file *f, u32 pasid,
		     const struct swsmmu_desc *d, struct swsmmu_completion *c)
{
	struct swsmmu_tdev_engine *eng = &f->eng;
	u8 *a = f->buf, *b = f->buf + PAGE_SIZE;
	u64 off, chunk, i;
	int ret = 0;

	for (off = 0; off < d->len; off += chunk) {
		/* Revocation waits for this batch: stop at the next page */
		if (READ_ONCE(f->revoked))
			return -ENODEV;
		chunk = min_t(u64, d->len - off, PAGE_SIZE);
		switch (d->op) {
		case SWSMMU_OP_MEMCPY:
			ret = swsmmu_tdev_xfer(eng, pasid, d->src + off, a, chunk,
					       false, &c->fault_addr);
			if (!ret)
				ret = swsmmu_tdev_xfer(eng, pasid, d->dst + off,
						       a, chunk, true,
						       &c->fault_addr);
			break;
		case SWSMMU_OP_FILL:
			for (i = 0; i < chunk; i++)
				a[i] = d->pattern >> (8 * ((off + i) & 7));
			ret = swsmmu_tdev_xfer(eng, pasid, d->dst + off, a,
					       chunk, true, &c->fault_addr);
			break;
		default:
			ret = swsmmu_tdev_xfer(eng, pasid, d->src + off, a, chunk,
					       false, &c->fault_addr);
			if (!ret)
				ret = swsmmu_tdev_xfer(eng, pasid, d->dst + off,
						       b, chunk, false,
						       &c->fault_addr);
			if (ret)
				break;
			for (i = 0; i < chunk; i++) {
				if (a[i] != b[i]) {
					c->result = 1;
					c->bytes = off + i;
					return 0;
				}
			}
			break;
		}
		if (ret)
			break;
		c->bytes = off + chunk;
	}
	return ret;
}

static void cdev_run_batch(struct swsmmu_cdev_file *f, u32 pasid,
			   struct swsmmu_cdev_batch *batch)
{
	struct swsmmu_completion c;
	u64 fault;
	u32 i;
	int ret;

	for (i = 0; i < batch->count; i++) {
		const struct swsmmu_desc *d = &batch->descs[i];

		memset(&c, 0, sizeof(c));
		ret = cdev_exec(f, pasid, d, &c);
		if (ret == -ENODEV)
			return;		/* revoked: nobody reads the results */
		c.status = !ret ? SWSMMU_STATUS_SUCCESS :
			   ret == -EFAULT ? SWSMMU_STATUS_FAULT :
					    SWSMMU_STATUS_ERROR;
		if (d->flags & SWSMMU_DESC_COMPLETION) {
			int cret = swsmmu_tdev_xfer(&f->eng, pasid,
						    d->completion, &c,
						    sizeof(c), true, &fault);
			if (!ret)
				ret = cret;
		}
		if (!ret) {
			batch->completed++;
			continue;
		}
		if (!batch->failed++) {
			batch->error = ret;
			batch->first_failed = i;
		}
	}
}

static void cdev_work(struct work_struct *work)
{
	struct swsmmu_cdev_file *f =
		container_of(work, struct swsmmu_cdev_file, work);
	struct swsmmu_cdev_batch *batch;
	u32 pasid;

	for (;;) {
		mutex_lock(&f->lock);
		batch = NULL;
		if (f->bond && !f->revoked)
			batch = list_first_entry_or_null(&f->batches,
							 struct swsmmu_cdev_batch,
							 node);
		/* Done batches stay listed until waited for: skip them */
		while (batch && batch->done) {
			batch = list_is_last(&batch->node, &f->batches) ? NULL :
				list_next_entry(batch, node);
		}
		/* The bond cannot go while this runs: revocation flushes us */
		pasid = batch ? swsmmu_sva_bond_pasid(f->bond) : 0;
		mutex_unlock(&f->lock);
		if (!batch)
			break;

		cdev_run_batch(f, pasid, batch);

		mutex_lock(&f->lock);
		batch->done = true;
		/* Read locklessly by waiters: cdev_waited_done() */
		WRITE_ONCE(f->done_seq, batch->seq);
		f->descs_done += batch->completed;
		f->descs_failed += batch->failed;
		mutex_unlock(&f->lock);
		wake_up_all(&f->wq);
	}
}

/* ---------------------------------------------------------------------- */
/* Revocation                                                             */
/* ---------------------------------------------------------------------- */

static void cdev_unbind(struct swsmmu_cdev_file *f)
{
	if (!f->bond)
		return;
	swsmmu_sva_unbind(f->bond);
	f->bond = NULL;
	f->mm = NULL;
}

/*
 * Stop everything a file has going on the device: no new call gets past
 * @revoked, the running batch stops at its next page (a page request or
 * stall already in flight is answered first: its PASID is still bound),
 * queued batches are dropped and waiters woken, then the bond goes.
 * Idempotent.  Called under tc->lock, so removal and close serialise.
 */
static void cdev_revoke(struct swsmmu_cdev_file *f)
{
	struct swsmmu_cdev_batch *batch, *next;

	lockdep_assert_held(&f->tc->lock);
	mutex_lock(&f->lock);
	WRITE_ONCE(f->revoked, true);
	mutex_unlock(&f->lock);
	wake_up_all(&f->wq);
	flush_work(&f->work);

	mutex_lock(&f->lock);
	list_for_each_entry_safe(batch, next, &f->batches, node) {
		list_del(&batch->node);
		kfree(batch);
	}
	f->nr_batches = 0;
	cdev_unbind(f);
	mutex_unlock(&f->lock);
}

/* ---------------------------------------------------------------------- */
/* ioctls: user memory is copied outside f->lock                          */
/* ---------------------------------------------------------------------- */

static bool cdev_range_ok(u64 addr, u64 len)
{
	return len <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - len;
}

static int cdev_check_desc(const struct swsmmu_desc *d)
{
	if (d->reserved || (d->flags & ~SWSMMU_DESC_COMPLETION) ||
	    !d->len || d->len > SWSMMU_CDEV_MAX_LEN ||
	    !cdev_range_ok(d->dst, d->len))
		return -EINVAL;
	switch (d->op) {
	case SWSMMU_OP_FILL:
		if (d->src)
			return -EINVAL;
		break;
	case SWSMMU_OP_MEMCPY:
	case SWSMMU_OP_COMPARE:
		if (d->pattern || !cdev_range_ok(d->src, d->len))
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (d->flags & SWSMMU_DESC_COMPLETION) {
		if (!IS_ALIGNED(d->completion, 8) ||
		    !cdev_range_ok(d->completion,
				   sizeof(struct swsmmu_completion)))
			return -EINVAL;
	} else if (d->completion) {
		return -EINVAL;
	}
	return 0;
}

/* Lock @f for a call; -ENODEV once revoked */
static int cdev_lock(struct swsmmu_cdev_file *f)
{
	mutex_lock(&f->lock);
	if (!f->revoked)
		return 0;
	mutex_unlock(&f->lock);
	return -ENODEV;
}

static long cdev_info(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_info info = {
		.flags = (f->tc->sva ? SWSMMU_INFO_SVA : 0) |
			 (f->tc->stall ? SWSMMU_INFO_STALL : 0),
		.max_descs = SWSMMU_CDEV_MAX_DESCS,
		.max_batches = SWSMMU_CDEV_MAX_BATCHES,
		.max_len = SWSMMU_CDEV_MAX_LEN,
	};
	int ret = cdev_lock(f);

	if (ret)
		return ret;
	/* dev->iommu is there while the driver is bound, so while not revoked */
	info.max_pasids = f->tc->dev->iommu ? f->tc->dev->iommu->max_pasids : 0;
	mutex_unlock(&f->lock);
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long cdev_bind(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_sva_bond *bond;
	struct swsmmu_bind b;
	int ret;

	if (copy_from_user(&b, arg, sizeof(b)))
		return -EFAULT;
	if (b.flags || b.pasid)
		return -EINVAL;
	if (!f->tc->sva)
		return -EOPNOTSUPP;
	if (!current->mm)
		return -EINVAL;
	ret = cdev_lock(f);
	if (ret)
		return ret;
	if (f->bond) {
		mutex_unlock(&f->lock);
		return -EBUSY;
	}
	bond = swsmmu_sva_bind(f->tc->dev, current->mm);
	if (IS_ERR(bond)) {
		mutex_unlock(&f->lock);
		return PTR_ERR(bond);
	}
	f->bond = bond;
	f->mm = current->mm;
	b.pasid = swsmmu_sva_bond_pasid(bond);
	mutex_unlock(&f->lock);

	if (!copy_to_user(arg, &b, sizeof(b)))
		return 0;
	/* Undo, unless revocation or another call got there first */
	mutex_lock(&f->lock);
	if (f->bond == bond && !f->nr_batches)
		cdev_unbind(f);
	mutex_unlock(&f->lock);
	return -EFAULT;
}

/* Only the bound process acts on the bond; f->lock held */
static int cdev_check_binder(struct swsmmu_cdev_file *f)
{
	if (!f->bond)
		return -ENOTCONN;
	return f->mm == current->mm ? 0 : -EPERM;
}

static long cdev_unbind_ioctl(struct swsmmu_cdev_file *f)
{
	int ret = cdev_lock(f);

	if (ret)
		return ret;
	ret = cdev_check_binder(f);
	if (!ret && f->nr_batches)
		ret = -EBUSY;
	if (!ret)
		cdev_unbind(f);
	mutex_unlock(&f->lock);
	return ret;
}

/*
 * If writing the sequence number back fails the batch still runs: it is
 * the one after the caller's previous batch, and close reaps it.
 */
static long cdev_submit(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_cdev_batch *batch;
	struct swsmmu_submit s;
	u32 i;
	int ret;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	if (s.flags || s.seq || !s.count || s.count > SWSMMU_CDEV_MAX_DESCS)
		return -EINVAL;
	batch = kzalloc(struct_size(batch, descs, s.count), GFP_KERNEL);
	if (!batch)
		return -ENOMEM;
	batch->count = s.count;
	if (copy_from_user(batch->descs, u64_to_user_ptr(s.descs),
			   array_size(s.count, sizeof(batch->descs[0])))) {
		ret = -EFAULT;
		goto err;
	}
	for (i = 0; i < s.count; i++) {
		ret = cdev_check_desc(&batch->descs[i]);
		if (ret)
			goto err;
	}

	ret = cdev_lock(f);
	if (ret)
		goto err;
	ret = cdev_check_binder(f);
	if (!ret && f->nr_batches >= SWSMMU_CDEV_MAX_BATCHES)
		ret = -EAGAIN;
	if (ret) {
		mutex_unlock(&f->lock);
		goto err;
	}
	batch->seq = f->next_seq++;
	s.seq = batch->seq;
	list_add_tail(&batch->node, &f->batches);
	f->nr_batches++;
	queue_work(system_unbound_wq, &f->work);
	mutex_unlock(&f->lock);
	return copy_to_user(arg, &s, sizeof(s)) ? -EFAULT : 0;
err:
	kfree(batch);
	return ret;
}

static struct swsmmu_cdev_batch *cdev_find(struct swsmmu_cdev_file *f,
					   u64 seq)
{
	struct swsmmu_cdev_batch *batch;

	list_for_each_entry(batch, &f->batches, node)
		if (batch->seq == seq)
			return batch;
	return NULL;
}

/* Batches run in order: @seq is done once the last one done is not older */
static bool cdev_waited_done(struct swsmmu_cdev_file *f, u64 seq)
{
	return READ_ONCE(f->done_seq) >= seq || READ_ONCE(f->revoked);
}

/* Look @seq up for the caller; f->lock held */
static int cdev_wait_find(struct swsmmu_cdev_file *f, u64 seq,
			  struct swsmmu_cdev_batch **batch)
{
	if (f->revoked)
		return -ENODEV;
	/* Results belong to the bound process, not to whoever shares the fd */
	if (f->bond && f->mm != current->mm)
		return -EPERM;
	*batch = cdev_find(f, seq);
	return *batch ? 0 : -ENOENT;
}

static long cdev_wait(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_cdev_batch *batch;
	struct swsmmu_wait w;
	long left;
	int ret;

	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	if (w.flags || w.completed || w.failed || w.error || w.first_failed)
		return -EINVAL;
	mutex_lock(&f->lock);
	ret = cdev_wait_find(f, w.seq, &batch);
	if (!ret && !batch->done) {
		mutex_unlock(&f->lock);
		/* Nothing here may touch a batch: another waiter can free it */
		left = wait_event_interruptible_timeout(f->wq,
							cdev_waited_done(f, w.seq),
							msecs_to_jiffies(w.timeout_ms));
		if (left < 0)
			return left;
		mutex_lock(&f->lock);
		/* -ENOENT here: another waiter took the batch meanwhile */
		ret = cdev_wait_find(f, w.seq, &batch);
		if (!ret && !batch->done)
			ret = -ETIMEDOUT;
	}
	if (ret) {
		mutex_unlock(&f->lock);
		return ret;
	}
	w.completed = batch->completed;
	w.failed = batch->failed;
	w.error = batch->error;
	w.first_failed = batch->first_failed;
	list_del(&batch->node);
	f->nr_batches--;
	mutex_unlock(&f->lock);
	kfree(batch);
	return copy_to_user(arg, &w, sizeof(w)) ? -EFAULT : 0;
}

static long cdev_stats(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_fault_stats st = {
		.page_requests = atomic64_read(&f->eng.page_requests),
		.stalls = atomic64_read(&f->eng.stalls),
		.responses_ok = atomic64_read(&f->eng.responses_ok),
		.responses_fail = atomic64_read(&f->eng.responses_fail),
	};
	int ret = cdev_lock(f);

	if (ret)
		return ret;
	st.descs_done = f->descs_done;
	st.descs_failed = f->descs_failed;
	mutex_unlock(&f->lock);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long swsmmu_cdev_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct swsmmu_cdev_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SWSMMU_IOC_INFO:
		return cdev_info(f, uarg);
	case SWSMMU_IOC_BIND:
		return cdev_bind(f, uarg);
	case SWSMMU_IOC_UNBIND:
		return cdev_unbind_ioctl(f);
	case SWSMMU_IOC_SUBMIT:
		return cdev_submit(f, uarg);
	case SWSMMU_IOC_WAIT:
		return cdev_wait(f, uarg);
	case SWSMMU_IOC_STATS:
		return cdev_stats(f, uarg);
	default:
		return -ENOTTY;
	}
}

static __poll_t swsmmu_cdev_poll(struct file *file, poll_table *wait)
{
	struct swsmmu_cdev_file *f = file->private_data;
	struct swsmmu_cdev_batch *batch;
	__poll_t mask = EPOLLIN | EPOLLRDNORM;

	poll_wait(file, &f->wq, wait);
	mutex_lock(&f->lock);
	if (f->revoked)
		mask = EPOLLERR;
	else
		list_for_each_entry(batch, &f->batches, node)
			if (!batch->done)
				mask = 0;
	mutex_unlock(&f->lock);
	return mask;
}

static void cdev_file_free(struct swsmmu_cdev_file *f)
{
	free_pages((unsigned long)f->buf, 1);
	mutex_destroy(&f->lock);
	kfree(f);
}

static int swsmmu_cdev_open(struct inode *inode, struct file *file)
{
	/* chrdev_open() holds the cdev, and so the object, for the file */
	struct swsmmu_tdev_cdev *tc =
		container_of(inode->i_cdev, struct swsmmu_tdev_cdev, cdev);
	struct swsmmu_cdev_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->buf = (u8 *)__get_free_pages(GFP_KERNEL, 1);
	if (!f->buf) {
		kfree(f);
		return -ENOMEM;
	}
	mutex_init(&f->lock);
	INIT_LIST_HEAD(&f->batches);
	INIT_WORK(&f->work, cdev_work);
	init_waitqueue_head(&f->wq);
	f->tc = tc;
	f->eng.hw = tc->hw;
	f->eng.sid = tc->sid;
	f->eng.pd = tc->pd;
	f->eng.stall = tc->stall;
	f->next_seq = 1;

	mutex_lock(&tc->lock);
	if (tc->dead) {
		/* Removed between chrdev_open() finding it and now */
		mutex_unlock(&tc->lock);
		cdev_file_free(f);
		return -ENODEV;
	}
	list_add(&f->node, &tc->files);
	mutex_unlock(&tc->lock);
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int swsmmu_cdev_release(struct inode *inode, struct file *file)
{
	struct swsmmu_cdev_file *f = file->private_data;
	struct swsmmu_tdev_cdev *tc = f->tc;

	/* Revoked before it leaves the list: removal never misses a bond */
	mutex_lock(&tc->lock);
	cdev_revoke(f);
	list_del(&f->node);
	mutex_unlock(&tc->lock);
	cdev_file_free(f);
	return 0;
}

static const struct file_operations swsmmu_cdev_fops = {
	.owner = THIS_MODULE,
	.open = swsmmu_cdev_open,
	.release = swsmmu_cdev_release,
	.unlocked_ioctl = swsmmu_cdev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.poll = swsmmu_cdev_poll,
};

/* ---------------------------------------------------------------------- */
/* Life cycle                                                             */
/* ---------------------------------------------------------------------- */

/* The last reference is gone: no file, no cdev, no driver holds it */
static void swsmmu_tdev_cdev_free(struct device *cls_dev)
{
	struct swsmmu_tdev_cdev *tc =
		container_of(cls_dev, struct swsmmu_tdev_cdev, cls_dev);

	put_device(tc->dev);
	mutex_destroy(&tc->lock);
	kfree(tc);
}

static void swsmmu_tdev_cdev_features(struct swsmmu_tdev_cdev *tc, bool on)
{
	if (!on) {
		/* @sva stays: calls that read it then find the file revoked */
		if (tc->sva) {
			iommu_dev_disable_feature(tc->dev, IOMMU_DEV_FEAT_SVA);
			iommu_dev_disable_feature(tc->dev, IOMMU_DEV_FEAT_IOPF);
		}
		return;
	}
	if (!iommu_dev_enable_feature(tc->dev, IOMMU_DEV_FEAT_IOPF)) {
		if (!iommu_dev_enable_feature(tc->dev, IOMMU_DEV_FEAT_SVA))
			tc->sva = true;
		else
			iommu_dev_disable_feature(tc->dev, IOMMU_DEV_FEAT_IOPF);
	}
}

/**
 * swsmmu_tdev_cdev_create() - give a bound test device its character device
 * @dev: the test device (platform device or PCIe function), being probed,
 *       with its struct swsmmu_tdev_pdata
 * @minor: minor number, below SWSMMU_TDEV_MAX + SWSMMU_TDEV_PCI_MAX
 * @name: the name of the device node
 *
 * Enables IOPF and SVA on @dev when the SMMU and the device allow it; the
 * character device exists either way (binding then fails).
 *
 * Return: the character device or an ERR_PTR().
 */
struct swsmmu_tdev_cdev *swsmmu_tdev_cdev_create(struct device *dev,
						 unsigned int minor,
						 const char *name)
{
	const struct swsmmu_tdev_pdata *pd = dev_get_platdata(dev);
	struct swsmmu_tdev_cdev *tc;
	int ret;

	if (!swsmmu_cdev_base || !pd || minor >= SWSMMU_CDEV_MINORS)
		return ERR_PTR(-ENODEV);
	tc = kzalloc(sizeof(*tc), GFP_KERNEL);
	if (!tc)
		return ERR_PTR(-ENOMEM);
	mutex_init(&tc->lock);
	INIT_LIST_HEAD(&tc->files);
	tc->dev = get_device(dev);
	tc->pd = pd;
	tc->hw = pd->hw;
	tc->sid = pd->sid;
	tc->stall = device_property_read_bool(dev, "dma-can-stall");

	device_initialize(&tc->cls_dev);
	tc->cls_dev.class = &swsmmu_cdev_class;
	tc->cls_dev.parent = dev;
	tc->cls_dev.devt = MKDEV(MAJOR(swsmmu_cdev_base), minor);
	tc->cls_dev.release = swsmmu_tdev_cdev_free;
	/* From here on, put_device() frees @tc */
	ret = dev_set_name(&tc->cls_dev, "%s", name);
	if (ret)
		goto err_put;

	swsmmu_tdev_cdev_features(tc, true);
	cdev_init(&tc->cdev, &swsmmu_cdev_fops);
	tc->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&tc->cdev, &tc->cls_dev);
	if (ret)
		goto err_features;
	return tc;

err_features:
	swsmmu_tdev_cdev_features(tc, false);
err_put:
	put_device(&tc->cls_dev);
	return ERR_PTR(ret);
}

/**
 * swsmmu_tdev_cdev_destroy() - remove a test device's character device
 * @tc: the character device
 *
 * Called before the test device's driver lets it go.  Open files are
 * revoked (their running batch stops at its next access, their bonds are
 * unbound) and fail every later call with -ENODEV; @tc is freed when the
 * last of them is closed.
 */
void swsmmu_tdev_cdev_destroy(struct swsmmu_tdev_cdev *tc)
{
	struct swsmmu_cdev_file *f;

	/* No new open finds it; one already in chrdev_open() sees @dead */
	cdev_device_del(&tc->cdev, &tc->cls_dev);

	mutex_lock(&tc->lock);
	tc->dead = true;
	list_for_each_entry(f, &tc->files, node)
		cdev_revoke(f);
	mutex_unlock(&tc->lock);

	swsmmu_tdev_cdev_features(tc, false);
	put_device(&tc->cls_dev);
}

static char *swsmmu_cdev_devnode(const struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0600;
	return NULL;
}

static const struct class swsmmu_cdev_class = {
	.name = "swsmmu",
	.devnode = swsmmu_cdev_devnode,
};

/**
 * swsmmu_tdev_cdev_init() - register the character device region and class
 *
 * Return: 0 or a negative errno.
 */
int swsmmu_tdev_cdev_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&swsmmu_cdev_base, 0, SWSMMU_CDEV_MINORS,
				  "swsmmu-tdev");
	if (ret)
		return ret;
	ret = class_register(&swsmmu_cdev_class);
	if (ret) {
		unregister_chrdev_region(swsmmu_cdev_base, SWSMMU_CDEV_MINORS);
		swsmmu_cdev_base = 0;
	}
	return ret;
}

/**
 * swsmmu_tdev_cdev_exit() - undo swsmmu_tdev_cdev_init()
 */
void swsmmu_tdev_cdev_exit(void)
{
	if (!swsmmu_cdev_base)
		return;
	class_unregister(&swsmmu_cdev_class);
	unregister_chrdev_region(swsmmu_cdev_base, SWSMMU_CDEV_MINORS);
	swsmmu_cdev_base = 0;
}
