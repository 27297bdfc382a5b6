/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMMUv3 architectural encodings (ARM IHI 0070): register offsets and fields,
 * Stream Table Entries, Context Descriptors, commands, event and PRI records,
 * and VMSAv8-64 translation table descriptors.
 *
 * This is the one place where a bit layout is written down.  Both halves of
 * swsmmu include it: the software SMMU (drivers/model/) decodes these
 * structures, the IOMMU driver (drivers/iommu/) builds them.  Names follow
 * the architecture: <STRUCTURE>_<qword>_<FIELD>.  The translation table,
 * TCR and MAIR encodings carry a SWSMMU_ prefix: arm64's own headers
 * (asm/pgtable-hwdef.h) define PTE_*, TCR_* and MAIR_* for the CPU.
 */
#ifndef _SWSMMU_ARCH_H
#define _SWSMMU_ARCH_H

#include <linux/bits.h>
#include <linux/types.h>

/* ---------------------------------------------------------------------- */
/* Register file (page 0)                                                 */
/* ---------------------------------------------------------------------- */

#define SMMU_IDR0			0x00
#define IDR0_S2P			BIT(0)
#define IDR0_S1P			BIT(1)
#define IDR0_TTF			GENMASK(3, 2)
#define IDR0_TTF_AARCH64		2
#define IDR0_COHACC			BIT(4)
#define IDR0_BTM			BIT(5)
#define IDR0_HTTU			GENMASK(7, 6)
#define IDR0_HTTU_ACCESS		1
#define IDR0_HTTU_ACCESS_DIRTY		2
#define IDR0_DORMHINT			BIT(8)
#define IDR0_HYP			BIT(9)
#define IDR0_ATS			BIT(10)
#define IDR0_NS1ATS			BIT(11)
#define IDR0_ASID16			BIT(12)
#define IDR0_MSI			BIT(13)
#define IDR0_SEV			BIT(14)
#define IDR0_ATOS			BIT(15)
#define IDR0_PRI			BIT(16)
#define IDR0_VMW			BIT(17)
#define IDR0_VMID16			BIT(18)
#define IDR0_CD2L			BIT(19)
#define IDR0_VATOS			BIT(20)
#define IDR0_TTENDIAN			GENMASK(22, 21)
#define IDR0_TTENDIAN_LE		2
#define IDR0_STALL_MODEL		GENMASK(25, 24)
#define IDR0_STALL_MODEL_STALL		0	/* stall and terminate */
#define IDR0_STALL_MODEL_NOSTALL	1	/* terminate only */
#define IDR0_STALL_MODEL_FORCE		2	/* stall forced */
#define IDR0_TERM_MODEL			BIT(26)
#define IDR0_ST_LVL			GENMASK(28, 27)
#define IDR0_ST_LVL_LINEAR		0
#define IDR0_ST_LVL_2LVL		1

#define SMMU_IDR1			0x04
#define IDR1_SIDSIZE			GENMASK(5, 0)
#define IDR1_SSIDSIZE			GENMASK(10, 6)
#define IDR1_PRIQS			GENMASK(15, 11)
#define IDR1_EVTQS			GENMASK(20, 16)
#define IDR1_CMDQS			GENMASK(25, 21)
#define IDR1_ATTR_PERMS_OVR		BIT(26)
#define IDR1_ATTR_TYPES_OVR		BIT(27)
#define IDR1_REL			BIT(28)
#define IDR1_QUEUES_PRESET		BIT(29)
#define IDR1_TABLES_PRESET		BIT(30)

#define SMMU_IDR2			0x08
#define SMMU_IDR3			0x0c
#define IDR3_RIL			BIT(10)

#define SMMU_IDR4			0x10
#define SMMU_IDR5			0x14
#define IDR5_OAS			GENMASK(2, 0)
#define IDR5_OAS_32_BIT			0
#define IDR5_OAS_36_BIT			1
#define IDR5_OAS_40_BIT			2
#define IDR5_OAS_42_BIT			3
#define IDR5_OAS_44_BIT			4
#define IDR5_OAS_48_BIT			5
#define IDR5_OAS_52_BIT			6
#define IDR5_GRAN4K			BIT(4)
#define IDR5_GRAN16K			BIT(5)
#define IDR5_GRAN64K			BIT(6)
#define IDR5_VAX			GENMASK(11, 10)
#define IDR5_STALL_MAX			GENMASK(31, 16)

#define SMMU_IIDR			0x18
#define IIDR_IMPLEMENTER		GENMASK(11, 0)
#define IIDR_REVISION			GENMASK(15, 12)
#define IIDR_VARIANT			GENMASK(19, 16)
#define IIDR_PRODUCTID			GENMASK(31, 20)

#define SMMU_AIDR			0x1c
#define AIDR_ARCH_MINOR_REV		GENMASK(3, 0)
#define AIDR_ARCH_MAJOR_REV		GENMASK(7, 4)

#define SMMU_CR0			0x20
#define CR0_SMMUEN			BIT(0)
#define CR0_PRIQEN			BIT(1)
#define CR0_EVTQEN			BIT(2)
#define CR0_CMDQEN			BIT(3)
#define CR0_ATSCHK			BIT(4)
#define CR0_VMW				GENMASK(8, 6)

#define SMMU_CR0ACK			0x24

#define SMMU_CR1			0x28
#define CR1_QUEUE_IC			GENMASK(1, 0)
#define CR1_QUEUE_OC			GENMASK(3, 2)
#define CR1_QUEUE_SH			GENMASK(5, 4)
#define CR1_TABLE_IC			GENMASK(7, 6)
#define CR1_TABLE_OC			GENMASK(9, 8)
#define CR1_TABLE_SH			GENMASK(11, 10)

#define SMMU_CR2			0x2c
#define CR2_E2H				BIT(0)
#define CR2_RECINVSID			BIT(1)
#define CR2_PTM				BIT(2)

#define SMMU_STATUSR			0x40

#define SMMU_GBPA			0x44
#define GBPA_ABORT			BIT(20)
#define GBPA_UPDATE			BIT(31)

#define SMMU_AGBPA			0x48

#define SMMU_IRQ_CTRL			0x50
#define IRQ_CTRL_GERROR_IRQEN		BIT(0)
#define IRQ_CTRL_PRIQ_IRQEN		BIT(1)
#define IRQ_CTRL_EVTQ_IRQEN		BIT(2)

#define SMMU_IRQ_CTRLACK		0x54

#define SMMU_GERROR			0x60
#define GERROR_CMDQ_ERR			BIT(0)
#define GERROR_EVTQ_ABT_ERR		BIT(2)
#define GERROR_PRIQ_ABT_ERR		BIT(3)
#define GERROR_MSI_CMDQ_ABT_ERR		BIT(4)
#define GERROR_MSI_EVTQ_ABT_ERR		BIT(5)
#define GERROR_MSI_PRIQ_ABT_ERR		BIT(6)
#define GERROR_MSI_GERROR_ABT_ERR	BIT(7)
#define GERROR_SFM_ERR			BIT(8)
#define GERROR_ERR_MASK			0x1fd

#define SMMU_GERRORN			0x64
#define SMMU_GERROR_IRQ_CFG0		0x68
#define SMMU_GERROR_IRQ_CFG1		0x70
#define SMMU_GERROR_IRQ_CFG2		0x74

#define SMMU_STRTAB_BASE		0x80
#define STRTAB_BASE_ADDR		GENMASK_ULL(51, 6)
#define STRTAB_BASE_RA			BIT_ULL(62)

#define SMMU_STRTAB_BASE_CFG		0x88
#define STRTAB_BASE_CFG_LOG2SIZE	GENMASK(5, 0)
#define STRTAB_BASE_CFG_SPLIT		GENMASK(10, 6)
#define STRTAB_BASE_CFG_FMT		GENMASK(17, 16)
#define STRTAB_BASE_CFG_FMT_LINEAR	0
#define STRTAB_BASE_CFG_FMT_2LVL	1

#define SMMU_CMDQ_BASE			0x90
#define SMMU_CMDQ_PROD			0x98
#define SMMU_CMDQ_CONS			0x9c
#define SMMU_EVTQ_BASE			0xa0
#define SMMU_EVTQ_PROD			0xa8
#define SMMU_EVTQ_CONS			0xac
#define SMMU_EVTQ_IRQ_CFG0		0xb0
#define SMMU_EVTQ_IRQ_CFG1		0xb8
#define SMMU_EVTQ_IRQ_CFG2		0xbc
#define SMMU_PRIQ_BASE			0xc0
#define SMMU_PRIQ_PROD			0xc8
#define SMMU_PRIQ_CONS			0xcc
#define SMMU_PRIQ_IRQ_CFG0		0xd0
#define SMMU_PRIQ_IRQ_CFG1		0xd8
#define SMMU_PRIQ_IRQ_CFG2		0xdc

/*
 * Register page 1 (IHI 0070 6.2.2) holds the event and PRI queues' PROD and
 * CONS.  The page 0 offsets above are only their optional aliases, which
 * Arm recommends software does not use (6.2.1).
 */
#define SMMU_PAGE1			0x10000
#define SMMU_PAGE1_EVTQ_PROD		(SMMU_PAGE1 + SMMU_EVTQ_PROD)
#define SMMU_PAGE1_EVTQ_CONS		(SMMU_PAGE1 + SMMU_EVTQ_CONS)
#define SMMU_PAGE1_PRIQ_PROD		(SMMU_PAGE1 + SMMU_PRIQ_PROD)
#define SMMU_PAGE1_PRIQ_CONS		(SMMU_PAGE1 + SMMU_PRIQ_CONS)

/* Size of the register window this model implements: pages 0 and 1 */
#define SMMU_REG_SIZE			0x20000

/* *_IRQ_CFG0/1/2: MSI address, data and attributes */
#define IRQ_CFG0_ADDR			GENMASK_ULL(51, 2)
#define IRQ_CFG2_MEMATTR		GENMASK(3, 0)
#define IRQ_CFG2_SH			GENMASK(5, 4)

/* *Q_BASE */
#define Q_BASE_LOG2SIZE			GENMASK_ULL(4, 0)
#define Q_BASE_ADDR			GENMASK_ULL(51, 5)
#define Q_BASE_RWA			BIT_ULL(62)

/* *Q_PROD / *Q_CONS: index and wrap in the low bits, then these */
#define Q_IDX_WRAP			GENMASK(19, 0)	/* WR/RD index (up to 19 bits) and wrap */
#define Q_OVF				BIT(31)		/* EVTQ/PRIQ PROD.OVFLG, CONS.OVACKFLG */
#define CMDQ_CONS_ERR			GENMASK(30, 24)
#define CMDQ_CONS_ERR_NONE		0
#define CMDQ_CONS_ERR_ILL		1
#define CMDQ_CONS_ERR_ABT		2
#define CMDQ_CONS_ERR_ATC_INV_SYNC	3

/* ---------------------------------------------------------------------- */
/* Stream table                                                           */
/* ---------------------------------------------------------------------- */

#define STRTAB_L1_DESC_SPAN		GENMASK_ULL(4, 0)
#define STRTAB_L1_DESC_L2PTR		GENMASK_ULL(51, 6)
#define STRTAB_L1_DESC_SIZE		8

#define STRTAB_STE_DWORDS		8
#define STRTAB_STE_SIZE			(STRTAB_STE_DWORDS * 8)

#define STRTAB_STE_0_V			BIT_ULL(0)
#define STRTAB_STE_0_CFG		GENMASK_ULL(3, 1)
#define STRTAB_STE_0_CFG_ABORT		0
#define STRTAB_STE_0_CFG_BYPASS		4
#define STRTAB_STE_0_CFG_S1_TRANS	5
#define STRTAB_STE_0_CFG_S2_TRANS	6
#define STRTAB_STE_0_CFG_NESTED		7
#define STRTAB_STE_0_S1FMT		GENMASK_ULL(5, 4)
#define STRTAB_STE_0_S1FMT_LINEAR	0
#define STRTAB_STE_0_S1FMT_4K_L2	1
#define STRTAB_STE_0_S1FMT_64K_L2	2
#define STRTAB_STE_0_S1CTXPTR		GENMASK_ULL(51, 6)
#define STRTAB_STE_0_S1CDMAX		GENMASK_ULL(63, 59)

#define STRTAB_STE_1_S1DSS		GENMASK_ULL(1, 0)
#define STRTAB_STE_1_S1DSS_TERMINATE	0
#define STRTAB_STE_1_S1DSS_BYPASS	1
#define STRTAB_STE_1_S1DSS_SSID0	2
#define STRTAB_STE_1_S1CIR		GENMASK_ULL(3, 2)
#define STRTAB_STE_1_S1COR		GENMASK_ULL(5, 4)
#define STRTAB_STE_1_S1CSH		GENMASK_ULL(7, 6)
/* S1CIR/S1COR: cacheability of CD and CD table fetches (S1CSH: TCR_SH_*) */
#define STRTAB_STE_1_S1C_CACHE_NC	0
#define STRTAB_STE_1_S1C_CACHE_WBRA	1
#define STRTAB_STE_1_S1C_CACHE_WT	2
#define STRTAB_STE_1_S1C_CACHE_WB	3
#define STRTAB_STE_1_DCP		BIT_ULL(17)
#define STRTAB_STE_1_PPAR		BIT_ULL(18)
#define STRTAB_STE_1_MEV		BIT_ULL(19)
#define STRTAB_STE_1_S1STALLD		BIT_ULL(27)
#define STRTAB_STE_1_EATS		GENMASK_ULL(29, 28)
#define STRTAB_STE_1_EATS_ABT		0	/* ATS off for the stream */
#define STRTAB_STE_1_EATS_TRANS		1	/* Full ATS */
#define STRTAB_STE_1_STRW		GENMASK_ULL(31, 30)
#define STRTAB_STE_1_STRW_NSEL1		0
#define STRTAB_STE_1_STRW_EL2		2
#define STRTAB_STE_1_ALLOCCFG		GENMASK_ULL(35, 32)
#define STRTAB_STE_1_MTCFG		BIT_ULL(36)
#define STRTAB_STE_1_MEMATTR		GENMASK_ULL(40, 37)
#define STRTAB_STE_1_SHCFG		GENMASK_ULL(45, 44)
#define STRTAB_STE_1_SHCFG_INCOMING	1
#define STRTAB_STE_1_PRIVCFG		GENMASK_ULL(49, 48)
#define STRTAB_STE_1_INSTCFG		GENMASK_ULL(51, 50)

#define STRTAB_STE_2_S2VMID		GENMASK_ULL(15, 0)
#define STRTAB_STE_2_VTCR		GENMASK_ULL(50, 32)
#define STRTAB_STE_2_S2T0SZ		GENMASK_ULL(37, 32)
#define STRTAB_STE_2_S2SL0		GENMASK_ULL(39, 38)
/* S2SL0: starting level of the stage-2 walk; the encoding depends on S2TG */
#define STRTAB_STE_2_S2SL0_4K_L2	0
#define STRTAB_STE_2_S2SL0_4K_L1	1
#define STRTAB_STE_2_S2SL0_4K_L0	2
#define STRTAB_STE_2_S2SL0_16K_64K_L3	0
#define STRTAB_STE_2_S2SL0_16K_64K_L2	1
#define STRTAB_STE_2_S2SL0_16K_64K_L1	2
#define STRTAB_STE_2_S2IR0		GENMASK_ULL(41, 40)
#define STRTAB_STE_2_S2OR0		GENMASK_ULL(43, 42)
#define STRTAB_STE_2_S2SH0		GENMASK_ULL(45, 44)
#define STRTAB_STE_2_S2TG		GENMASK_ULL(47, 46)
#define STRTAB_STE_2_S2PS		GENMASK_ULL(50, 48)
#define STRTAB_STE_2_S2AA64		BIT_ULL(51)
#define STRTAB_STE_2_S2ENDI		BIT_ULL(52)
#define STRTAB_STE_2_S2AFFD		BIT_ULL(53)
#define STRTAB_STE_2_S2PTW		BIT_ULL(54)
#define STRTAB_STE_2_S2HD		BIT_ULL(55)
#define STRTAB_STE_2_S2HA		BIT_ULL(56)
#define STRTAB_STE_2_S2S		BIT_ULL(57)
#define STRTAB_STE_2_S2R		BIT_ULL(58)

#define STRTAB_STE_3_S2TTB		GENMASK_ULL(51, 4)

/* ---------------------------------------------------------------------- */
/* Context descriptors                                                    */
/* ---------------------------------------------------------------------- */

#define CTXDESC_L1_DESC_V		BIT_ULL(0)
#define CTXDESC_L1_DESC_L2PTR		GENMASK_ULL(51, 12)
#define CTXDESC_L1_DESC_SIZE		8
/*
 * Level-2 CD tables hold 64 CDs (4KB, S1Fmt 4K_L2) or 1024 CDs (64KB,
 * 64K_L2): the SSID splits as [..:6] + [5:0] or [..:10] + [9:0].
 */
#define CTXDESC_L2_4K_BITS		6
#define CTXDESC_L2_64K_BITS		10

#define CTXDESC_CD_DWORDS		8
#define CTXDESC_CD_SIZE			(CTXDESC_CD_DWORDS * 8)

#define CTXDESC_CD_0_TCR_T0SZ		GENMASK_ULL(5, 0)
#define CTXDESC_CD_0_TCR_TG0		GENMASK_ULL(7, 6)
#define CTXDESC_CD_0_TCR_IRGN0		GENMASK_ULL(9, 8)
#define CTXDESC_CD_0_TCR_ORGN0		GENMASK_ULL(11, 10)
#define CTXDESC_CD_0_TCR_SH0		GENMASK_ULL(13, 12)
#define CTXDESC_CD_0_TCR_EPD0		BIT_ULL(14)
#define CTXDESC_CD_0_ENDI		BIT_ULL(15)
#define CTXDESC_CD_0_TCR_T1SZ		GENMASK_ULL(21, 16)
#define CTXDESC_CD_0_TCR_TG1		GENMASK_ULL(23, 22)
#define CTXDESC_CD_0_TCR_IRGN1		GENMASK_ULL(25, 24)
#define CTXDESC_CD_0_TCR_ORGN1		GENMASK_ULL(27, 26)
#define CTXDESC_CD_0_TCR_SH1		GENMASK_ULL(29, 28)
#define CTXDESC_CD_0_TCR_EPD1		BIT_ULL(30)
#define CTXDESC_CD_0_V			BIT_ULL(31)
#define CTXDESC_CD_0_TCR_IPS		GENMASK_ULL(34, 32)
#define CTXDESC_CD_0_AFFD		BIT_ULL(35)
#define CTXDESC_CD_0_WXN		BIT_ULL(36)
#define CTXDESC_CD_0_UWXN		BIT_ULL(37)
#define CTXDESC_CD_0_TCR_TBI0		BIT_ULL(38)
#define CTXDESC_CD_0_TCR_TBI1		BIT_ULL(39)
#define CTXDESC_CD_0_PAN		BIT_ULL(40)
#define CTXDESC_CD_0_AA64		BIT_ULL(41)
#define CTXDESC_CD_0_TCR_HD		BIT_ULL(42)
#define CTXDESC_CD_0_TCR_HA		BIT_ULL(43)
#define CTXDESC_CD_0_S			BIT_ULL(44)
#define CTXDESC_CD_0_R			BIT_ULL(45)
#define CTXDESC_CD_0_A			BIT_ULL(46)
#define CTXDESC_CD_0_ASET		BIT_ULL(47)
#define CTXDESC_CD_0_ASID		GENMASK_ULL(63, 48)

#define CTXDESC_CD_1_TTB0		GENMASK_ULL(51, 4)
#define CTXDESC_CD_2_TTB1		GENMASK_ULL(51, 4)
#define CTXDESC_CD_3_MAIR		GENMASK_ULL(63, 0)
/* MAIR: eight 8-bit attributes, Attr<n> in bits [8n+7:8n] selected by AttrIndx n */
#define SWSMMU_MAIR_ATTR_SHIFT(n)		((n) * 8)
#define SWSMMU_MAIR_ATTR_DEVICE_NGNRE		0x04
#define SWSMMU_MAIR_ATTR_NORMAL_NC		0x44	/* outer and inner Non-cacheable */
#define SWSMMU_MAIR_ATTR_NORMAL_WB		0xff	/* outer and inner WB, R and W allocate */

/* TCR.TGx encodings differ between TG0 and TG1 (and S2TG = TG0) */
#define SWSMMU_TCR_TG0_4K			0
#define SWSMMU_TCR_TG0_64K			1
#define SWSMMU_TCR_TG0_16K			2
#define SWSMMU_TCR_TG1_16K			1
#define SWSMMU_TCR_TG1_4K			2
#define SWSMMU_TCR_TG1_64K			3

/* TCR.IRGNx/ORGNx and STE.S2IR0/S2OR0: cacheability of table walks */
#define SWSMMU_TCR_RGN_NC			0
#define SWSMMU_TCR_RGN_WBWA			1
#define SWSMMU_TCR_RGN_WT			2
#define SWSMMU_TCR_RGN_WB			3

/* TCR.SHx, STE.S2SH0 and STE.S1CSH: shareability */
#define SWSMMU_TCR_SH_NSH			0
#define SWSMMU_TCR_SH_OSH			2
#define SWSMMU_TCR_SH_ISH			3

/* TCR.IPS / VTCR.PS / IDR5.OAS share one encoding of output address size */
#define PA_SIZE_32			0
#define PA_SIZE_36			1
#define PA_SIZE_40			2
#define PA_SIZE_42			3
#define PA_SIZE_44			4
#define PA_SIZE_48			5
#define PA_SIZE_52			6

/* Address bits of a PA_SIZE_* encoding; the Reserved 0b111 behaves as 52 */
static inline unsigned int smmu_pa_size_bits(unsigned int enc)
{
	switch (enc & 7) {
	case PA_SIZE_32: return 32;
	case PA_SIZE_36: return 36;
	case PA_SIZE_40: return 40;
	case PA_SIZE_42: return 42;
	case PA_SIZE_44: return 44;
	case PA_SIZE_48: return 48;
	default: return 52;
	}
}

/* The PA_SIZE_* encoding of an address size in bits, or -1 if none */
static inline int smmu_pa_size_enc(unsigned int bits)
{
	unsigned int enc;

	for (enc = PA_SIZE_32; enc <= PA_SIZE_52; enc++)
		if (smmu_pa_size_bits(enc) == bits)
			return enc;
	return -1;
}

/* ---------------------------------------------------------------------- */
/* Command queue (16-byte entries)                                        */
/* ---------------------------------------------------------------------- */

#define CMDQ_ENT_DWORDS			2
#define CMDQ_ENT_SZ_SHIFT		4

#define CMDQ_0_OP			GENMASK_ULL(7, 0)
#define CMDQ_0_SSEC			BIT_ULL(10)	/* must be 0 on the NS queue */
#define CMDQ_0_SSV			BIT_ULL(11)

#define CMDQ_OP_PREFETCH_CONFIG		0x01
#define CMDQ_OP_PREFETCH_ADDR		0x02
#define CMDQ_OP_CFGI_STE		0x03
#define CMDQ_OP_CFGI_STE_RANGE		0x04	/* Range 31 is CFGI_ALL */
#define CMDQ_OP_CFGI_CD			0x05
#define CMDQ_OP_CFGI_CD_ALL		0x06
#define CMDQ_OP_CFGI_VMS_PIDM		0x07
#define CMDQ_OP_TLBI_NH_ALL		0x10
#define CMDQ_OP_TLBI_NH_ASID		0x11
#define CMDQ_OP_TLBI_NH_VA		0x12
#define CMDQ_OP_TLBI_NH_VAA		0x13
#define CMDQ_OP_TLBI_EL3_ALL		0x18
#define CMDQ_OP_TLBI_EL3_VA		0x1a
#define CMDQ_OP_TLBI_EL2_ALL		0x20
#define CMDQ_OP_TLBI_EL2_ASID		0x21
#define CMDQ_OP_TLBI_EL2_VA		0x22
#define CMDQ_OP_TLBI_EL2_VAA		0x23
#define CMDQ_OP_TLBI_S12_VMALL		0x28
#define CMDQ_OP_TLBI_S2_IPA		0x2a
#define CMDQ_OP_TLBI_NSNH_ALL		0x30
#define CMDQ_OP_ATC_INV			0x40
#define CMDQ_OP_PRI_RESP		0x41
#define CMDQ_OP_RESUME			0x44
#define CMDQ_OP_STALL_TERM		0x45
#define CMDQ_OP_SYNC			0x46

#define CMDQ_PREFETCH_0_SSID		GENMASK_ULL(31, 12)
#define CMDQ_PREFETCH_0_SID		GENMASK_ULL(63, 32)
#define CMDQ_PREFETCH_1_SIZE		GENMASK_ULL(4, 0)
#define CMDQ_PREFETCH_1_ADDR		GENMASK_ULL(63, 12)

#define CMDQ_CFGI_0_SSID		GENMASK_ULL(31, 12)
#define CMDQ_CFGI_0_SID			GENMASK_ULL(63, 32)
#define CMDQ_CFGI_1_LEAF		BIT_ULL(0)
#define CMDQ_CFGI_1_RANGE		GENMASK_ULL(4, 0)
#define CMDQ_CFGI_1_RANGE_ALL		31

#define CMDQ_TLBI_0_NUM			GENMASK_ULL(16, 12)
#define CMDQ_TLBI_0_SCALE		GENMASK_ULL(24, 20)
#define CMDQ_TLBI_0_VMID		GENMASK_ULL(47, 32)
#define CMDQ_TLBI_0_ASID		GENMASK_ULL(63, 48)
#define CMDQ_TLBI_1_LEAF		BIT_ULL(0)
#define CMDQ_TLBI_1_TTL			GENMASK_ULL(9, 8)
#define CMDQ_TLBI_1_TG			GENMASK_ULL(11, 10)
#define CMDQ_TLBI_1_VA			GENMASK_ULL(63, 12)
#define CMDQ_TLBI_1_IPA			GENMASK_ULL(51, 12)
/* TLBI TG field: granule of the entries to invalidate (0: any/none given) */
#define CMDQ_TLBI_TG_4K			1
#define CMDQ_TLBI_TG_16K		2
#define CMDQ_TLBI_TG_64K		3

#define CMDQ_ATC_0_GLOBAL		BIT_ULL(9)
#define CMDQ_ATC_0_SSID			GENMASK_ULL(31, 12)
#define CMDQ_ATC_0_SID			GENMASK_ULL(63, 32)
#define CMDQ_ATC_1_SIZE			GENMASK_ULL(5, 0)
#define CMDQ_ATC_1_ADDR			GENMASK_ULL(63, 12)

#define CMDQ_PRI_0_SSID			GENMASK_ULL(31, 12)
#define CMDQ_PRI_0_SID			GENMASK_ULL(63, 32)
#define CMDQ_PRI_1_GRPID		GENMASK_ULL(8, 0)
#define CMDQ_PRI_1_RESP			GENMASK_ULL(13, 12)
#define CMDQ_PRI_1_RESP_DENY		0
#define CMDQ_PRI_1_RESP_FAIL		1
#define CMDQ_PRI_1_RESP_SUCC		2

#define CMDQ_RESUME_0_RESP		GENMASK_ULL(13, 12)
#define CMDQ_RESUME_0_RESP_TERM		0
#define CMDQ_RESUME_0_RESP_RETRY	1
#define CMDQ_RESUME_0_RESP_ABORT	2
#define CMDQ_RESUME_0_SID		GENMASK_ULL(63, 32)
#define CMDQ_RESUME_1_STAG		GENMASK_ULL(15, 0)

#define CMDQ_STALL_TERM_0_SID		GENMASK_ULL(63, 32)

#define CMDQ_SYNC_0_CS			GENMASK_ULL(13, 12)
#define CMDQ_SYNC_0_CS_NONE		0
#define CMDQ_SYNC_0_CS_IRQ		1
#define CMDQ_SYNC_0_CS_SEV		2
#define CMDQ_SYNC_0_MSH			GENMASK_ULL(23, 22)
#define CMDQ_SYNC_0_MSIATTR		GENMASK_ULL(27, 24)
#define CMDQ_SYNC_0_MSIDATA		GENMASK_ULL(63, 32)
#define CMDQ_SYNC_1_MSIADDR		GENMASK_ULL(51, 2)

/* ---------------------------------------------------------------------- */
/* Event queue (32-byte records)                                          */
/* ---------------------------------------------------------------------- */

#define EVTQ_ENT_DWORDS			4
#define EVTQ_ENT_SZ_SHIFT		5

#define EVTQ_0_ID			GENMASK_ULL(7, 0)
#define EVTQ_0_SSV			BIT_ULL(11)
#define EVTQ_0_SSID			GENMASK_ULL(31, 12)
#define EVTQ_0_SID			GENMASK_ULL(63, 32)
#define EVTQ_1_STAG			GENMASK_ULL(15, 0)
#define EVTQ_1_STALL			BIT_ULL(31)
#define EVTQ_1_PnU			BIT_ULL(33)
#define EVTQ_1_InD			BIT_ULL(34)
#define EVTQ_1_RnW			BIT_ULL(35)
#define EVTQ_1_NSIPA			BIT_ULL(38)
#define EVTQ_1_S2			BIT_ULL(39)
#define EVTQ_1_CLASS			GENMASK_ULL(41, 40)
#define EVTQ_1_CLASS_CD			0
#define EVTQ_1_CLASS_TT			1
#define EVTQ_1_CLASS_IN			2
#define EVTQ_1_TT_READ			BIT_ULL(44)
#define EVTQ_2_ADDR			GENMASK_ULL(63, 0)
#define EVTQ_3_IPA			GENMASK_ULL(51, 12)
#define EVTQ_3_FETCH_ADDR		GENMASK_ULL(51, 3)

/*
 * Event record types (EVTQ_0_ID).  EVT_ID_NONE is never recorded: the
 * model's walker and decoders return it for "no fault".
 */
enum evt_id {
	EVT_ID_NONE			= 0x00,
	EVT_ID_UUT			= 0x01,
	EVT_ID_BAD_STREAMID		= 0x02,
	EVT_ID_STE_FETCH		= 0x03,
	EVT_ID_BAD_STE			= 0x04,
	EVT_ID_BAD_ATS_TREQ		= 0x05,
	EVT_ID_STREAM_DISABLED		= 0x06,
	EVT_ID_TRANSL_FORBIDDEN		= 0x07,
	EVT_ID_BAD_SUBSTREAMID		= 0x08,
	EVT_ID_CD_FETCH			= 0x09,
	EVT_ID_BAD_CD			= 0x0a,
	EVT_ID_WALK_EABT		= 0x0b,
	EVT_ID_TRANSLATION		= 0x10,
	EVT_ID_ADDR_SIZE		= 0x11,
	EVT_ID_ACCESS			= 0x12,
	EVT_ID_PERMISSION		= 0x13,
	EVT_ID_TLB_CONFLICT		= 0x20,
	EVT_ID_CFG_CONFLICT		= 0x21,
	EVT_ID_PAGE_REQUEST		= 0x24,
	EVT_ID_VMS_FETCH		= 0x25,
};

const char *smmu_event_name(u8 id);	/* drivers/arch.c */

/*
 * The translation-related faults: the ones CD.R/CD.S (stage 1) and
 * STE.S2R/S2S (stage 2) decide whether to record and whether to stall.
 */
static inline bool smmu_event_is_translation(u8 id)
{
	return id == EVT_ID_TRANSLATION || id == EVT_ID_ADDR_SIZE ||
	       id == EVT_ID_ACCESS || id == EVT_ID_PERMISSION;
}

/* ---------------------------------------------------------------------- */
/* PRI queue (16-byte page requests)                                      */
/* ---------------------------------------------------------------------- */

#define PRIQ_ENT_DWORDS			2
#define PRIQ_ENT_SZ_SHIFT		4

#define PRIQ_0_SID			GENMASK_ULL(31, 0)
#define PRIQ_0_SSID			GENMASK_ULL(51, 32)
#define PRIQ_0_PERM_PRIV		BIT_ULL(58)
#define PRIQ_0_PERM_EXEC		BIT_ULL(59)
#define PRIQ_0_PERM_READ		BIT_ULL(60)
#define PRIQ_0_PERM_WRITE		BIT_ULL(61)
#define PRIQ_0_PRG_LAST			BIT_ULL(62)
#define PRIQ_0_SSID_V			BIT_ULL(63)
#define PRIQ_1_PRG_IDX			GENMASK_ULL(8, 0)
#define PRIQ_1_ADDR			GENMASK_ULL(63, 12)

/* ---------------------------------------------------------------------- */
/* VMSAv8-64 translation table descriptors (stage 1 and stage 2)         */
/* ---------------------------------------------------------------------- */

#define SWSMMU_PTE_VALID			BIT_ULL(0)
#define SWSMMU_PTE_TYPE			BIT_ULL(1)	/* 1: table (level < 3) or page (level 3) */
#define SWSMMU_PTE_ADDR			GENMASK_ULL(47, 12)	/* granule-aligned by the walker */

/* table descriptor attributes (stage 1 only; RES0 at stage 2) */
#define SWSMMU_PTE_TABLE_PXN			BIT_ULL(59)
#define SWSMMU_PTE_TABLE_UXN			BIT_ULL(60)	/* XNTable */
#define SWSMMU_PTE_TABLE_AP			GENMASK_ULL(62, 61)
#define SWSMMU_PTE_TABLE_AP_NO_EL0		BIT(0)	/* APTable[0]: no unprivileged access */
#define SWSMMU_PTE_TABLE_AP_RDONLY		BIT(1)	/* APTable[1]: no write at any level */
#define SWSMMU_PTE_TABLE_NS			BIT_ULL(63)

/* block and page attributes, stage 1 */
#define SWSMMU_PTE_S1_ATTRINDX			GENMASK_ULL(4, 2)
#define SWSMMU_PTE_S1_NS			BIT_ULL(5)
#define SWSMMU_PTE_S1_AP			GENMASK_ULL(7, 6)
#define SWSMMU_PTE_S1_AP_UNPRIV		BIT(0)	/* AP[1]: EL0 may access */
#define SWSMMU_PTE_S1_AP_RDONLY		BIT(1)	/* AP[2]: read-only */
#define SWSMMU_PTE_SH				GENMASK_ULL(9, 8)	/* TCR_SH_* encodings */
#define SWSMMU_PTE_AF				BIT_ULL(10)
#define SWSMMU_PTE_S1_NG			BIT_ULL(11)
#define SWSMMU_PTE_DBM				BIT_ULL(51)
#define SWSMMU_PTE_CONT			BIT_ULL(52)
#define SWSMMU_PTE_S1_PXN			BIT_ULL(53)
#define SWSMMU_PTE_S1_UXN			BIT_ULL(54)

/* block and page attributes, stage 2 */
#define SWSMMU_PTE_S2_MEMATTR			GENMASK_ULL(5, 2)
#define SWSMMU_PTE_S2_MEMATTR_DEVICE_NGNRE	0x1
#define SWSMMU_PTE_S2_MEMATTR_NORMAL_NC	0x5	/* outer and inner Non-cacheable */
#define SWSMMU_PTE_S2_MEMATTR_NORMAL_WB	0xf	/* outer and inner Write-Back */
#define SWSMMU_PTE_S2_AP			GENMASK_ULL(7, 6)
#define SWSMMU_PTE_S2_AP_READ			BIT(0)	/* S2AP[0] */
#define SWSMMU_PTE_S2_AP_WRITE			BIT(1)	/* S2AP[1] */
#define SWSMMU_PTE_S2_XN			BIT_ULL(54)

/* 52-bit output addresses with the 64K granule: OA[51:48] in bits [15:12] */
#define SWSMMU_PTE_ADDR_64K_HI			GENMASK_ULL(15, 12)

#endif /* _SWSMMU_ARCH_H */
