/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The board: what firmware and a platform would provide around an SMMU.
 * It creates the software SMMU (drivers/model/), describes it with a
 * platform device for the IOMMU driver (drivers/iommu/), and creates and
 * removes the client devices behind it (drivers/tdev/), each with the
 * fwspec and properties firmware would give it.
 */
#ifndef _SWSMMU_BOARD_H
#define _SWSMMU_BOARD_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct device;
struct fwnode_handle;
struct platform_device;
struct swsmmu_board_up;
struct swsmmu_pci_host;
struct swsmmu_hw;

/**
 * struct swsmmu_board - one SMMU and the devices behind it
 * @hw: the software SMMU
 * @pdev: its platform device, bound to the IOMMU driver
 * @up: with driver=upstream, what describes it to arm-smmu-v3 (upstream.c)
 * @index: which of the module's SMMUs (nr_smmus=): swsmmu.@index
 * @sid_bits: the SMMU's StreamID width (IDR1.SIDSIZE as configured)
 * @sid_base: StreamID of the first test device created at load
 * @nr_sids: StreamIDs from @sid_base that the test devices created at load
 *           use: their first ones, then the second ones (multi_sid_devices)
 * @pci: the PCI host bridge (pci.c), or NULL; under @clients_lock after
 *       module init
 * @clients_lock: serialises creation and removal of clients
 * @clients: the clients (struct swsmmu_client.node)
 */
struct swsmmu_board {
	struct swsmmu_hw *hw;
	struct platform_device *pdev;
	struct swsmmu_board_up *up;
	unsigned int index;
	unsigned int sid_bits;
	u32 sid_base;
	unsigned int nr_sids;
	/* Protects @clients, @pci and creation/removal of clients */
	struct mutex clients_lock;
	struct list_head clients;
	struct swsmmu_pci_host *pci;
};

/* board.c */
struct swsmmu_board *swsmmu_board_of_dev(struct device *dev);
int swsmmu_board_publish_smmu(struct swsmmu_board *board,
			      struct platform_device *pdev, const char *driver,
			      const char *hint);

/* clients.c */
extern const struct attribute_group *swsmmu_board_groups[];
int swsmmu_client_add(struct swsmmu_board *board, const u32 *sids,
		      unsigned int nr);
struct device *swsmmu_client_get(struct swsmmu_board *board, u32 sid);
int swsmmu_client_remove(struct swsmmu_board *board, u32 sid);
void swsmmu_client_remove_all(struct swsmmu_board *board);

/* upstream.c: the SMMU described to Linux's arm-smmu-v3 instead of ours */
bool swsmmu_upstream_selected(void);
int swsmmu_upstream_add_smmu(struct swsmmu_board *board);
void swsmmu_upstream_remove_smmu(struct swsmmu_board *board);

/* pci.c: the PCI host bridge and its test functions */
int swsmmu_pci_add(struct swsmmu_board *board);
void swsmmu_pci_remove(struct swsmmu_board *board);

/* fwspec.c */
int swsmmu_fwspec_attach(struct device *dev, struct fwnode_handle *iommu_fwnode,
			 const u32 *ids, unsigned int num_ids);
void swsmmu_fwspec_detach(struct device *dev);

/* board.c, for KUnit suites: clients of the board's SMMU */
#if IS_ENABLED(CONFIG_KUNIT)
int swsmmu_board_add_client(u32 sid);
int swsmmu_board_remove_client(u32 sid);
struct device *swsmmu_board_get_client(u32 sid);
unsigned int swsmmu_board_nr_smmus(void);
struct swsmmu_hw *swsmmu_board_hw(unsigned int smmu);
int swsmmu_board_add_client_on(unsigned int smmu, const u32 *sids,
			       unsigned int nr);
int swsmmu_board_remove_client_on(unsigned int smmu, u32 sid);
struct device *swsmmu_board_get_client_on(unsigned int smmu, u32 sid);
#endif

#endif /* _SWSMMU_BOARD_H */
