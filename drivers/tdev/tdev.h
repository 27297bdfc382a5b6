/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual test devices: what the board needs to create them (their name,
 * their platform data, their driver), and what the driver's files share
 * (tdev.c: the platform driver; pci.c: the PCI driver; dma.c: the
 * dmaengine provider; cdev.c: the character device for user-space SVA;
 * pri.c: the page request loop of sva.c's and pci_engine.c's engines).
 */
#ifndef _SWSMMU_TDEV_H
#define _SWSMMU_TDEV_H

#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/types.h>

struct device;
struct swsmmu_dma;
struct swsmmu_hw;
struct swsmmu_tdev_cdev;
struct swsmmu_txn;

/* Platform device name: swsmmu-tdev.N, with N below SWSMMU_TDEV_MAX */
#define SWSMMU_TDEV_NAME	"swsmmu-tdev"
#define SWSMMU_TDEV_MAX		1024

/*
 * PCIe test functions (the board's PCI host bridge, drivers/board/pci.c):
 * IDs of ours, not assigned by the PCI-SIG, for virtual hardware only;
 * class "system peripheral, other".
 */
#define SWSMMU_PCI_VENDOR_ID	0x5357
#define SWSMMU_PCI_DEVICE_ID	0x3376
#define SWSMMU_PCI_CLASS	0x088000
#define SWSMMU_PCI_REVISION	1
/* Size of BAR0 */
#define SWSMMU_PCI_BAR_SIZE	SZ_4K

/* PCIe test functions have character devices swsmmu-pciN, N its slot */
#define SWSMMU_TDEV_PCI_NAME	"swsmmu-pci"
#define SWSMMU_TDEV_PCI_MAX	32

/* What a PCIe function's control registers let it do */
#define SWSMMU_TDEV_EN_PASID	BIT(0)	/* PASID Control: PASID Enable */
#define SWSMMU_TDEV_EN_PRI	BIT(1)	/* PRI Control: Enable */
#define SWSMMU_TDEV_EN_ATS	BIT(2)	/* ATS Control: Enable */

/**
 * struct swsmmu_tdev_pdata - how a test device is wired to its SMMU
 * @hw: the software SMMU that its transactions enter
 * @sid: the StreamID its transactions carry
 * @sid2: with @has_sid2, a second StreamID: its DMA engine's second
 *        channel uses it (a device behind a bridge that issues DMA with
 *        either, as firmware lists both in its fwspec)
 * @has_sid2: @sid2 is valid
 * @enabled: for a PCIe function, SWSMMU_TDEV_EN_* as its config space has
 *           them now; NULL for a platform device, which may always use
 *           PASIDs and page requests
 *
 * The platform data of every swsmmu-tdev device and PCIe test function:
 * what the "board" wired, not what the device could discover by itself.
 */
struct swsmmu_tdev_pdata {
	struct swsmmu_hw *hw;
	u32 sid;
	u32 sid2;
	bool has_sid2;
	unsigned int (*enabled)(const struct swsmmu_tdev_pdata *pd);
};

/*
 * SWSMMU_TDEV_EN_*: what a device may use now, by @pd (NULL for none):
 * its config space's for a PCIe function; PASIDs and page requests for a
 * platform device, which has no capability that could disable them
 */
static inline unsigned int
swsmmu_tdev_enabled(const struct swsmmu_tdev_pdata *pd)
{
	if (!pd || !pd->enabled)
		return SWSMMU_TDEV_EN_PASID | SWSMMU_TDEV_EN_PRI;
	return pd->enabled(pd);
}

/**
 * struct swsmmu_tdev_pri - how a test device asks for the pages it faults on
 * @hw: the SMMU its transactions and page requests enter
 * @pd: its wiring, for PRI Enable (@pd->enabled); NULL, or no @pd->enabled,
 *      for a platform device, which may always send page requests
 * @next_grpid: the last Page Request Group Index used (only its low 9 bits
 *              count); the device's, shared by all its accesses
 * @max_requests: page requests for one access before it fails
 * @retry_last: try the access again after a Success to the last of
 *              @max_requests; else that Success fails it at once
 * @timeout: how long to wait for each response, in jiffies
 * @page_requests: optional: counts the page requests sent
 * @responses_ok: optional: counts Success responses
 * @responses_fail: optional: counts other responses and failed waits
 *
 * Filled in by the caller of swsmmu_tdev_pri_access(), which only reads it
 * (and bumps the atomics it points to): each engine has its own bound,
 * timeout and statistics.
 */
struct swsmmu_tdev_pri {
	struct swsmmu_hw *hw;
	const struct swsmmu_tdev_pdata *pd;
	atomic_t *next_grpid;
	unsigned int max_requests;
	bool retry_last;
	unsigned long timeout;
	atomic64_t *page_requests;
	atomic64_t *responses_ok;
	atomic64_t *responses_fail;
};

/* pri.c: one access, with page requests while PRI is enabled */
int swsmmu_tdev_pri_access(const struct swsmmu_tdev_pri *pri,
			   const struct swsmmu_txn *txn, u64 addr, void *buf,
			   size_t len);

int swsmmu_tdev_register_driver(void);
void swsmmu_tdev_unregister_driver(void);
int swsmmu_tdev_bind(struct device *dev, int cdev_minor, const char *cdev_name);
void swsmmu_tdev_unbind(struct device *dev);

/* pci.c: the PCIe test functions' driver */
int swsmmu_tdev_pci_register_driver(void);
void swsmmu_tdev_pci_unregister_driver(void);

/*
 * pci_engine.c: the command engine behind a PCIe function's register
 * interface (include/uapi/swsmmu/pci_tdev.h), driven by the board
 */
struct swsmmu_pci_engine;

/**
 * struct swsmmu_pci_cmd - a command, as the registers held it at the doorbell
 * @op: OP (SWSMMU_PCI_OP_*)
 * @pasid: PASID, used with SWSMMU_PCI_OP_SSV
 * @len: LEN
 * @src: source IOVA
 * @dst: destination IOVA
 * @master: Bus Master Enable was set
 * @pasid_enabled: the PASID capability's Enable was set
 */
struct swsmmu_pci_cmd {
	u32 op;
	u32 pasid;
	u32 len;
	u64 src;
	u64 dst;
	bool master;
	bool pasid_enabled;
};

/**
 * struct swsmmu_pci_result - how a command ended
 * @fault: FAULT (SWSMMU_PCI_FAULT_*), 0 on success
 * @xfer: bytes transferred
 * @fault_addr: IOVA of the access that failed
 * @crc: CRC-32 of what SWSMMU_PCI_OP_READ read
 */
struct swsmmu_pci_result {
	u32 fault;
	u32 xfer;
	u64 fault_addr;
	u32 crc;
};

typedef void (*swsmmu_pci_done_fn)(void *priv,
				   const struct swsmmu_pci_result *res);

struct swsmmu_pci_engine *swsmmu_pci_engine_create(const struct swsmmu_tdev_pdata *pd,
						   swsmmu_pci_done_fn done,
						   void *priv);
void swsmmu_pci_engine_start(struct swsmmu_pci_engine *e,
			     const struct swsmmu_pci_cmd *cmd);
void swsmmu_pci_engine_destroy(struct swsmmu_pci_engine *e);

/* Channels of one test device's DMA engine */
#define SWSMMU_DMA_CHANNELS	2

struct swsmmu_atc;
struct swsmmu_txn;

struct swsmmu_dma *swsmmu_tdev_dma_probe(struct device *dev,
					 struct swsmmu_atc *atc);
void swsmmu_tdev_dma_remove(struct swsmmu_dma *dma);
void swsmmu_tdev_dma_exit(void);

struct swsmmu_tdev_cdev *swsmmu_tdev_cdev_create(struct device *dev,
						 unsigned int minor,
						 const char *name);
void swsmmu_tdev_cdev_destroy(struct swsmmu_tdev_cdev *tc);
int swsmmu_tdev_cdev_init(void);
void swsmmu_tdev_cdev_exit(void);

/**
 * struct swsmmu_atc_stats - what a function's ATC counted (atc.c)
 * @hits: accesses served by a cached translation
 * @misses: Translation Requests sent
 * @refused: requests that granted less than the access needed
 * @inv_requests: ATS Invalidate Requests (CMD_ATC_INV) received
 * @inv_entries: cached translations they removed
 */
struct swsmmu_atc_stats {
	u64 hits;
	u64 misses;
	u64 refused;
	u64 inv_requests;
	u64 inv_entries;
};

struct swsmmu_atc *swsmmu_atc_create(struct device *dev,
				     const struct swsmmu_tdev_pdata *pd);
void swsmmu_atc_destroy(struct swsmmu_atc *atc);
int swsmmu_atc_access(struct swsmmu_atc *atc, struct swsmmu_hw *hw,
		      const struct swsmmu_txn *txn, u64 iova, void *buf,
		      size_t len);
void swsmmu_atc_stats(struct swsmmu_atc *atc, struct swsmmu_atc_stats *s);
struct swsmmu_atc *swsmmu_tdev_atc(struct device *dev);

#endif /* _SWSMMU_TDEV_H */
