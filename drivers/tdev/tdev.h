/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual test devices: what the board needs to create them (their name,
 * their platform data, their driver), and what the driver's files share
 * (tdev.c: the platform driver; dma.c: the dmaengine provider; cdev.c:
 * the character device for user-space SVA).
 */
#ifndef _SWSMMU_TDEV_H
#define _SWSMMU_TDEV_H

#include <linux/types.h>

struct device;
struct platform_device;
struct swsmmu_dma;
struct swsmmu_hw;
struct swsmmu_tdev_cdev;

/* Platform device name: swsmmu-tdev.N, with N below SWSMMU_TDEV_MAX */
#define SWSMMU_TDEV_NAME	"swsmmu-tdev"
#define SWSMMU_TDEV_MAX		1024

/**
 * struct swsmmu_tdev_pdata - how a test device is wired to its SMMU
 * @hw: the software SMMU that its transactions enter
 * @sid: the StreamID its transactions carry
 *
 * The platform data of every swsmmu-tdev device: what the "board" wired,
 * not what the device could discover by itself.
 */
struct swsmmu_tdev_pdata {
	struct swsmmu_hw *hw;
	u32 sid;
};

int swsmmu_tdev_register_driver(void);
void swsmmu_tdev_unregister_driver(void);

/* Channels of one test device's DMA engine */
#define SWSMMU_DMA_CHANNELS	2

struct swsmmu_dma *swsmmu_tdev_dma_probe(struct platform_device *pdev);
void swsmmu_tdev_dma_remove(struct swsmmu_dma *dma);
void swsmmu_tdev_dma_exit(void);

struct swsmmu_tdev_cdev *swsmmu_tdev_cdev_create(struct device *dev,
						 struct swsmmu_hw *hw, u32 sid);
void swsmmu_tdev_cdev_destroy(struct swsmmu_tdev_cdev *tc);
int swsmmu_tdev_cdev_init(void);
void swsmmu_tdev_cdev_exit(void);

#endif /* _SWSMMU_TDEV_H */
