/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The register interface of swsmmu's PCIe test functions (vendor 0x5357,
 * device 0x3376, drivers/board/pci.c): what a driver, or a user-space
 * test through vfio-pci, programs to make a function do DMA.
 *
 * Where it is.  A block of SWSMMU_PCI_REGS_SIZE bytes in each function's
 * configuration space at SWSMMU_PCI_REGS_OFFSET, outside every capability
 * (Documentation/pci.rst says why it is not behind BAR0: nothing on x86
 * traps a CPU's access to a BAR of a software bridge).  Reach it through
 * anything that reads and writes config space: pci_read_config_dword(),
 * /sys/bus/pci/devices/.../config, or the config region of a vfio-pci
 * device file (VFIO_PCI_CONFIG_REGION_INDEX), which passes bytes that
 * belong to no capability straight to the device.  Every register is 32
 * bits, little endian, and is accessed as a whole dword, or as aligned
 * bytes and words of it; 64-bit values are two registers, low first.
 *
 * A command.  Write SRC, DST, LEN, PASID and OP, then SWSMMU_PCI_DB_GO to
 * DOORBELL.  The function takes a copy of the command registers, sets
 * STATUS.BUSY, clears STATUS.DONE, STATUS.ERROR and the fault registers,
 * and performs the command's DMA through the SMMU with its Requester ID
 * (and the PASID if OP.SSV).  When it is over, BUSY clears, DONE sets,
 * ERROR sets if the command failed (FAULT and FAULT_ADDR say how), XFER
 * says how many bytes were transferred and COUNT goes up by one.  A
 * doorbell rung while BUSY is ignored.  Software polls STATUS, or asks
 * for an interrupt with OP.IRQ.
 *
 * The interrupt.  A function has INTx (Interrupt Pin INTA; no MSI).  A
 * command rung with SWSMMU_PCI_OP_IRQ asserts it when it ends (DONE, or
 * DONE and ERROR), and it stays asserted, level-triggered, until software
 * clears DONE and ERROR in STATUS (writing 1) or rings the next doorbell.
 * PCI_STATUS_INTERRUPT in the config Status register says it is asserted;
 * PCI_COMMAND_INTX_DISABLE keeps it from the interrupt controller without
 * clearing it, as PCI 2.3 says, so the kernel's and vfio-pci's INTx masking
 * work.  Interfaces before this bit (same ID) ignored writes to it: write
 * OP.IRQ and read it back to learn whether the function has it.
 *
 * The function refuses to start DMA (ERROR with SWSMMU_PCI_ERR_DISABLED)
 * while its Bus Master Enable is clear, and with OP.SSV while its PASID
 * capability is not enabled, as a PCIe function must.
 */
#ifndef _UAPI_SWSMMU_PCI_TDEV_H
#define _UAPI_SWSMMU_PCI_TDEV_H

/* The block: config space offset and size */
#define SWSMMU_PCI_REGS_OFFSET		0xc0
#define SWSMMU_PCI_REGS_SIZE		0x40

/* Register offsets, from SWSMMU_PCI_REGS_OFFSET */
#define SWSMMU_PCI_REG_ID		0x00	/* RO: SWSMMU_PCI_REGS_ID */
#define SWSMMU_PCI_REG_OP		0x04	/* RW: SWSMMU_PCI_OP_* */
#define SWSMMU_PCI_REG_PASID		0x08	/* RW: bits 19:0 */
#define SWSMMU_PCI_REG_LEN		0x0c	/* RW: bytes, 1 to SWSMMU_PCI_MAX_LEN */
#define SWSMMU_PCI_REG_SRC_LO		0x10	/* RW: source IOVA (COPY, READ) */
#define SWSMMU_PCI_REG_SRC_HI		0x14
#define SWSMMU_PCI_REG_DST_LO		0x18	/* RW: destination IOVA (COPY, FILL) */
#define SWSMMU_PCI_REG_DST_HI		0x1c
#define SWSMMU_PCI_REG_DOORBELL		0x20	/* WO, reads 0: SWSMMU_PCI_DB_GO */
#define SWSMMU_PCI_REG_STATUS		0x24	/* SWSMMU_PCI_STATUS_* */
#define SWSMMU_PCI_REG_FAULT		0x28	/* RO: SWSMMU_PCI_FAULT_* */
#define SWSMMU_PCI_REG_XFER		0x2c	/* RO: bytes the last command transferred */
#define SWSMMU_PCI_REG_FAULT_ADDR_LO	0x30	/* RO: IOVA of the access that failed */
#define SWSMMU_PCI_REG_FAULT_ADDR_HI	0x34
#define SWSMMU_PCI_REG_CRC		0x38	/* RO: CRC-32 of what READ read */
#define SWSMMU_PCI_REG_COUNT		0x3c	/* RO: commands completed */

/* ID: "SW" and the version of this interface */
#define SWSMMU_PCI_REGS_ID		0x53570001U

/* OP */
#define SWSMMU_PCI_OP_CODE		0x0000000fU	/* what to do: */
#define SWSMMU_PCI_OP_COPY		1U	/* LEN bytes from SRC to DST */
#define SWSMMU_PCI_OP_FILL		2U	/* LEN bytes of OP_FILL_BYTE at DST */
#define SWSMMU_PCI_OP_READ		3U	/* read LEN bytes at SRC into CRC */
#define SWSMMU_PCI_OP_SSV		0x00000010U	/* tag the DMA with PASID */
#define SWSMMU_PCI_OP_IRQ		0x00000020U	/* assert INTx at the end */
#define SWSMMU_PCI_OP_FILL_BYTE		0x0000ff00U	/* the byte FILL writes */
#define SWSMMU_PCI_OP_FILL_SHIFT	8

#define SWSMMU_PCI_PASID_MASK		0x000fffffU

/* Largest LEN of one command */
#define SWSMMU_PCI_MAX_LEN		0x00100000U

/* DOORBELL */
#define SWSMMU_PCI_DB_GO		0x00000001U

/* STATUS: BUSY is read-only, DONE and ERROR are cleared by writing 1 */
#define SWSMMU_PCI_STATUS_BUSY		0x00000001U
#define SWSMMU_PCI_STATUS_DONE		0x00000002U
#define SWSMMU_PCI_STATUS_ERROR		0x00000004U

/*
 * FAULT: why the last command failed.  ERR is what the function saw;
 * EVENT, for SWSMMU_PCI_ERR_FAULT, is the SMMU's event ID for the access
 * (0x10 F_TRANSLATION, 0x13 F_PERMISSION, ...; 0 if the SMMU terminated
 * it without an event): a diagnostic no real function has, taken from
 * the software SMMU.  WRITE: the failed access was a write.
 */
#define SWSMMU_PCI_FAULT_EVENT		0x000000ffU
#define SWSMMU_PCI_FAULT_ERR		0x00000f00U
#define SWSMMU_PCI_FAULT_ERR_SHIFT	8
#define SWSMMU_PCI_FAULT_WRITE		0x00001000U

/* FAULT.ERR */
#define SWSMMU_PCI_ERR_NONE		0U
#define SWSMMU_PCI_ERR_FAULT		1U	/* the SMMU terminated the access */
#define SWSMMU_PCI_ERR_ABORT		2U	/* the output address is not memory */
#define SWSMMU_PCI_ERR_DISABLED		3U	/* Bus Master or PASID not enabled */
#define SWSMMU_PCI_ERR_BAD_CMD		4U	/* unknown OP, LEN 0 or too large */

#endif /* _UAPI_SWSMMU_PCI_TDEV_H */
