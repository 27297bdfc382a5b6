/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test device internals shared by tdev.c (creation, the platform driver)
 * and dma.c (the dmaengine provider each test device exposes).
 */
#ifndef _SWSMMU_TDEV_H
#define _SWSMMU_TDEV_H

#include <linux/types.h>

struct platform_device;
struct swsmmu_dma;
struct swsmmu_hw;

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

/* Channels of one test device's DMA engine */
#define SWSMMU_DMA_CHANNELS	2

struct swsmmu_dma *swsmmu_tdev_dma_probe(struct platform_device *pdev);
void swsmmu_tdev_dma_remove(struct swsmmu_dma *dma);
void swsmmu_tdev_dma_exit(void);

#endif /* _SWSMMU_TDEV_H */
