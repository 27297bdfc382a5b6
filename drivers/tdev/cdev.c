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
 * order on the system unbound workqueue, one work item per file.  Closing
 * the file waits for the running batch, drops the others, and unbinds.
 * Removing the test device revokes its open files the same way.
 */
#define pr_fmt(fmt) "swsmmu-tdev: " fmt

#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/iommu.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/property.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/linux/swsmmu.h>
#include "../swsmmu.h"
#include "tdev_sva.h"

#define SWSMMU_CDEV_MAX_DESCS	64
#define SWSMMU_CDEV_MAX_BATCHES	16
#define SWSMMU_CDEV_MAX_LEN	SZ_16M

static dev_t swsmmu_cdev_base;
static const struct class swsmmu_cdev_class;

/**
 * struct swsmmu_tdev_cdev - the character device of one test device
 * @cdev: the character device
 * @cls_dev: its class device (the /dev node)
 * @dev: the test device
 * @hw: the SMMU its transactions enter
 * @sid: its StreamID
 * @sva: IOPF and SVA are enabled on @dev
 * @stall: @dev stalls on faults ("dma-can-stall") rather than using PRI
 * @ref: held by the test device and by each open file
 * @lock: protects @dead and @files
 * @dead: the test device is gone; files are revoked
 * @files: open files (struct swsmmu_cdev_file.node)
 */
struct swsmmu_tdev_cdev {
	struct cdev cdev;
	struct device *cls_dev;
	struct device *dev;
	struct swsmmu_hw *hw;
	u32 sid;
	bool sva;
	bool stall;
	struct kref ref;
	/* Protects @dead and @files */
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
 * @tc: its device
 * @node: in @tc->files
 * @eng: the device engine and this file's fault statistics
 * @lock: protects everything below
 * @bond: the bound process's bond, or NULL
 * @mm: the bound process (compared only; the bond's domain holds mmgrab)
 * @revoked: the device is gone
 * @batches: submitted, not yet waited for, oldest first
 * @nr_batches: number of @batches
 * @next_seq: sequence number of the next batch
 * @running: the work is executing a batch
 * @work: executes batches
 * @wq: woken when a batch is done
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
	bool running;
	struct work_struct work;
	wait_queue_head_t wq;
	u64 descs_done;
	u64 descs_failed;
	u8 *buf;
};

static void swsmmu_tdev_cdev_release(struct kref *ref)
{
	kfree(container_of(ref, struct swsmmu_tdev_cdev, ref));
}

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
		ret = fatal_signal_pending(current) ? -EINTR :
		      cdev_exec(f, pasid, d, &c);
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
		if (f->bond && !f->revoked) {
			list_for_each_entry(batch, &f->batches, node)
				if (!batch->done)
					break;
			if (list_entry_is_head(batch, &f->batches, node))
				batch = NULL;
		}
		f->running = !!batch;
		/* The bond cannot go while running: unbind waits for it */
		pasid = f->bond ? swsmmu_sva_bond_pasid(f->bond) : 0;
		mutex_unlock(&f->lock);
		if (!batch)
			break;

		cdev_run_batch(f, pasid, batch);

		mutex_lock(&f->lock);
		batch->done = true;
		f->descs_done += batch->completed;
		f->descs_failed += batch->failed;
		f->running = false;
		mutex_unlock(&f->lock);
		wake_up_all(&f->wq);
	}
	wake_up_all(&f->wq);
}

/* ---------------------------------------------------------------------- */
/* ioctls                                                                 */
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

/* Wait until no batch runs and drop those not started; f->lock held */
static void cdev_quiesce(struct swsmmu_cdev_file *f)
{
	struct swsmmu_cdev_batch *batch, *next;

	f->revoked = true;
	mutex_unlock(&f->lock);
	flush_work(&f->work);
	mutex_lock(&f->lock);
	list_for_each_entry_safe(batch, next, &f->batches, node) {
		list_del(&batch->node);
		kfree(batch);
	}
	f->nr_batches = 0;
}

static void cdev_unbind(struct swsmmu_cdev_file *f)
{
	if (!f->bond)
		return;
	swsmmu_sva_unbind(f->bond);
	f->bond = NULL;
	f->mm = NULL;
}

static long cdev_info(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_info info = {
		.flags = (f->tc->sva ? SWSMMU_INFO_SVA : 0) |
			 (f->tc->stall ? SWSMMU_INFO_STALL : 0),
		.max_pasids = f->tc->dev->iommu ? f->tc->dev->iommu->max_pasids : 0,
		.max_descs = SWSMMU_CDEV_MAX_DESCS,
		.max_batches = SWSMMU_CDEV_MAX_BATCHES,
		.max_len = SWSMMU_CDEV_MAX_LEN,
	};

	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long cdev_bind(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_sva_bond *bond;
	struct swsmmu_bind b;

	if (copy_from_user(&b, arg, sizeof(b)))
		return -EFAULT;
	if (b.flags || b.pasid)
		return -EINVAL;
	if (!f->tc->sva)
		return -EOPNOTSUPP;
	if (f->bond)
		return -EBUSY;
	if (!current->mm)
		return -EINVAL;
	bond = swsmmu_sva_bind(f->tc->dev, current->mm);
	if (IS_ERR(bond))
		return PTR_ERR(bond);
	b.pasid = swsmmu_sva_bond_pasid(bond);
	if (copy_to_user(arg, &b, sizeof(b))) {
		swsmmu_sva_unbind(bond);
		return -EFAULT;
	}
	f->bond = bond;
	f->mm = current->mm;
	f->next_seq = max_t(u64, f->next_seq, 1);
	return 0;
}

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
	if (!f->bond)
		return -ENOTCONN;
	if (f->mm != current->mm)
		return -EPERM;
	if (f->nr_batches >= SWSMMU_CDEV_MAX_BATCHES)
		return -EAGAIN;
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
	batch->seq = f->next_seq++;
	s.seq = batch->seq;
	if (copy_to_user(arg, &s, sizeof(s))) {
		ret = -EFAULT;
		goto err;
	}
	list_add_tail(&batch->node, &f->batches);
	f->nr_batches++;
	queue_work(system_unbound_wq, &f->work);
	return 0;
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

/* Called and returns with f->lock held */
static long cdev_wait(struct swsmmu_cdev_file *f, void __user *arg)
{
	struct swsmmu_cdev_batch *batch;
	struct swsmmu_wait w;
	long left;

	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	if (w.flags || w.completed || w.failed || w.error || w.first_failed)
		return -EINVAL;
	batch = cdev_find(f, w.seq);
	if (!batch)
		return -ENOENT;
	if (!batch->done) {
		mutex_unlock(&f->lock);
		left = wait_event_interruptible_timeout(f->wq,
							batch->done || f->revoked,
							msecs_to_jiffies(w.timeout_ms));
		mutex_lock(&f->lock);
		if (left < 0)
			return left;
		/* Another waiter may have taken it meanwhile */
		batch = cdev_find(f, w.seq);
		if (!batch)
			return -ENOENT;
		if (!batch->done)
			return f->revoked ? -ENODEV : -ETIMEDOUT;
	}
	w.completed = batch->completed;
	w.failed = batch->failed;
	w.error = batch->error;
	w.first_failed = batch->first_failed;
	list_del(&batch->node);
	f->nr_batches--;
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
		.descs_done = f->descs_done,
		.descs_failed = f->descs_failed,
	};

	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long swsmmu_cdev_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct swsmmu_cdev_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	long ret;

	mutex_lock(&f->lock);
	if (f->revoked) {
		ret = -ENODEV;
		goto out;
	}
	switch (cmd) {
	case SWSMMU_IOC_INFO:
		ret = cdev_info(f, uarg);
		break;
	case SWSMMU_IOC_BIND:
		ret = cdev_bind(f, uarg);
		break;
	case SWSMMU_IOC_UNBIND:
		if (!f->bond)
			ret = -ENOTCONN;
		else if (f->mm != current->mm)
			ret = -EPERM;
		else if (f->nr_batches)
			ret = -EBUSY;
		else
			ret = 0;
		if (!ret)
			cdev_unbind(f);
		break;
	case SWSMMU_IOC_SUBMIT:
		ret = cdev_submit(f, uarg);
		break;
	case SWSMMU_IOC_WAIT:
		ret = cdev_wait(f, uarg);
		break;
	case SWSMMU_IOC_STATS:
		ret = cdev_stats(f, uarg);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
out:
	mutex_unlock(&f->lock);
	return ret;
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

static int swsmmu_cdev_open(struct inode *inode, struct file *file)
{
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
	f->eng.stall = tc->stall;
	f->next_seq = 1;

	mutex_lock(&tc->lock);
	if (tc->dead) {
		mutex_unlock(&tc->lock);
		free_pages((unsigned long)f->buf, 1);
		kfree(f);
		return -ENODEV;
	}
	kref_get(&tc->ref);
	list_add(&f->node, &tc->files);
	mutex_unlock(&tc->lock);
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int swsmmu_cdev_release(struct inode *inode, struct file *file)
{
	struct swsmmu_cdev_file *f = file->private_data;
	struct swsmmu_tdev_cdev *tc = f->tc;

	mutex_lock(&tc->lock);
	list_del(&f->node);
	mutex_unlock(&tc->lock);

	mutex_lock(&f->lock);
	cdev_quiesce(f);
	cdev_unbind(f);
	mutex_unlock(&f->lock);

	free_pages((unsigned long)f->buf, 1);
	mutex_destroy(&f->lock);
	kfree(f);
	kref_put(&tc->ref, swsmmu_tdev_cdev_release);
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

/**
 * swsmmu_tdev_cdev_create() - give a test device its character device
 * @dev: the test device (platform device swsmmu-tdev.N, probed)
 * @hw: the SMMU translating it
 * @sid: its StreamID
 *
 * Enables IOPF and SVA on @dev when the SMMU and the device allow it; the
 * character device exists either way (binding then fails).
 *
 * Return: the character device or an ERR_PTR().
 */
struct swsmmu_tdev_cdev *swsmmu_tdev_cdev_create(struct device *dev,
						 struct swsmmu_hw *hw, u32 sid)
{
	struct platform_device *pdev = to_platform_device(dev);
	struct swsmmu_tdev_cdev *tc;
	dev_t devt;
	int ret;

	if (!swsmmu_cdev_base || pdev->id < 0 ||
	    pdev->id >= SWSMMU_MAX_CLIENTS)
		return ERR_PTR(-ENODEV);
	tc = kzalloc(sizeof(*tc), GFP_KERNEL);
	if (!tc)
		return ERR_PTR(-ENOMEM);
	kref_init(&tc->ref);
	mutex_init(&tc->lock);
	INIT_LIST_HEAD(&tc->files);
	tc->dev = dev;
	tc->hw = hw;
	tc->sid = sid;
	tc->stall = device_property_read_bool(dev, "dma-can-stall");

	if (!iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_IOPF)) {
		if (!iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_SVA))
			tc->sva = true;
		else
			iommu_dev_disable_feature(dev, IOMMU_DEV_FEAT_IOPF);
	}

	devt = MKDEV(MAJOR(swsmmu_cdev_base), pdev->id);
	cdev_init(&tc->cdev, &swsmmu_cdev_fops);
	tc->cdev.owner = THIS_MODULE;
	ret = cdev_add(&tc->cdev, devt, 1);
	if (ret)
		goto err;
	tc->cls_dev = device_create(&swsmmu_cdev_class, dev, devt, tc,
				    "swsmmu-tdev%d", pdev->id);
	if (IS_ERR(tc->cls_dev)) {
		ret = PTR_ERR(tc->cls_dev);
		cdev_del(&tc->cdev);
		goto err;
	}
	return tc;
err:
	if (tc->sva) {
		iommu_dev_disable_feature(dev, IOMMU_DEV_FEAT_SVA);
		iommu_dev_disable_feature(dev, IOMMU_DEV_FEAT_IOPF);
	}
	kfree(tc);
	return ERR_PTR(ret);
}

/**
 * swsmmu_tdev_cdev_destroy() - remove a test device's character device
 * @tc: the character device
 *
 * Open files are revoked: their running batch is waited for, their bonds
 * are unbound, and every later call on them fails with -ENODEV.
 */
void swsmmu_tdev_cdev_destroy(struct swsmmu_tdev_cdev *tc)
{
	struct swsmmu_cdev_file *f;

	device_destroy(&swsmmu_cdev_class, tc->cdev.dev);
	cdev_del(&tc->cdev);

	mutex_lock(&tc->lock);
	tc->dead = true;
	list_for_each_entry(f, &tc->files, node) {
		mutex_lock(&f->lock);
		cdev_quiesce(f);
		cdev_unbind(f);
		mutex_unlock(&f->lock);
		wake_up_all(&f->wq);
	}
	mutex_unlock(&tc->lock);

	if (tc->sva) {
		iommu_dev_disable_feature(tc->dev, IOMMU_DEV_FEAT_SVA);
		iommu_dev_disable_feature(tc->dev, IOMMU_DEV_FEAT_IOPF);
	}
	kref_put(&tc->ref, swsmmu_tdev_cdev_release);
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

	ret = alloc_chrdev_region(&swsmmu_cdev_base, 0, SWSMMU_MAX_CLIENTS,
				  "swsmmu-tdev");
	if (ret)
		return ret;
	ret = class_register(&swsmmu_cdev_class);
	if (ret) {
		unregister_chrdev_region(swsmmu_cdev_base, SWSMMU_MAX_CLIENTS);
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
	unregister_chrdev_region(swsmmu_cdev_base, SWSMMU_MAX_CLIENTS);
	swsmmu_cdev_base = 0;
}
