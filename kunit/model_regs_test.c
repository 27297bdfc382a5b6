// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the software SMMU's register file: reset state, ID
 * registers derived from the feature set (expected values worked out by
 * hand from the architectural field positions), and the CR0/CR0ACK,
 * IRQ_CTRL/IRQ_CTRLACK and GBPA update handshakes.
 */
#include <kunit/test.h>
#include <swsmmu/arch.h>
#include <swsmmu/hw.h>

static const struct swsmmu_hw_features full = {
	.sid_bits = 16, .ssid_bits = 20, .oas = PA_SIZE_48,
	.cmdq_bits = 19, .evtq_bits = 19, .priq_bits = 19,
	.st_2lvl = true, .cd_2lvl = true, .s1 = true, .s2 = true,
	.gran4k = true, .gran16k = true, .gran64k = true,
	.asid16 = true, .vmid16 = true, .pri = true, .stall = true,
	.ril = true, .msi = true, .sev = true,
};

static struct swsmmu_hw *new_hw(struct kunit *test,
				const struct swsmmu_hw_features *f)
{
	struct swsmmu_hw *hw = swsmmu_hw_create("kunit", f);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	return hw;
}

static void regs_idr_full(struct kunit *test)
{
	struct swsmmu_hw *hw = new_hw(test, &full);

	/*
	 * IDR0: ST_LVL=1 (bit 27), TTENDIAN=LE (2 << 21), CD2L (19), VMID16
	 * (18), PRI (16), SEV (14), MSI (13), ASID16 (12), COHACC (4),
	 * TTF=AArch64 (2 << 2), S1P (1), S2P (0); STALL_MODEL 0, HTTU 0.
	 */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR0), 0x084d701b);
	/* IDR1: CMDQS 19 << 21, EVTQS 19 << 16, PRIQS 19 << 11, SSIDSIZE 20 << 6, SIDSIZE 16 */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR1), 0x02739d10);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR3), 0x400);
	/* IDR5: STALL_MAX 64 << 16, GRAN64K|16K|4K (0x70), OAS 48-bit (5) */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR5), 0x00400075);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_AIDR), 0x2);
	swsmmu_hw_destroy(hw);
}

static void regs_idr_minimal(struct kunit *test)
{
	struct swsmmu_hw_features f = {
		.sid_bits = 8, .oas = PA_SIZE_40, .cmdq_bits = 8,
		.evtq_bits = 7, .s2 = true, .gran64k = true,
	};
	struct swsmmu_hw *hw = new_hw(test, &f);

	/* STALL_MODEL=1 (no stall) 1 << 24, TTENDIAN 2 << 21, COHACC, TTF, S2P */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR0), 0x01400019);
	/* CMDQS 8 << 21, EVTQS 7 << 16, SIDSIZE 8 */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR1), 0x01070008);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR3), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IDR5), 0x42);
	swsmmu_hw_destroy(hw);
}

static void regs_bad_features(struct kunit *test)
{
	struct swsmmu_hw_features f = full;

	f.sid_bits = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(swsmmu_hw_create("k", &f)), -EINVAL);
	f = full;
	f.sid_bits = 33;
	KUNIT_EXPECT_EQ(test, PTR_ERR(swsmmu_hw_create("k", &f)), -EINVAL);
	f = full;
	f.ssid_bits = 21;
	KUNIT_EXPECT_EQ(test, PTR_ERR(swsmmu_hw_create("k", &f)), -EINVAL);
	f = full;
	f.s1 = false;
	f.s2 = false;
	KUNIT_EXPECT_EQ(test, PTR_ERR(swsmmu_hw_create("k", &f)), -EINVAL);
	f = full;
	f.gran4k = false;
	f.gran16k = false;
	f.gran64k = false;
	KUNIT_EXPECT_EQ(test, PTR_ERR(swsmmu_hw_create("k", &f)), -EINVAL);
	f = full;
	f.priq_bits = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(swsmmu_hw_create("k", &f)), -EINVAL);
}

static void regs_reset_and_ack(struct kunit *test)
{
	struct swsmmu_hw *hw = new_hw(test, &full);

	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_CR0), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_CR0ACK), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_GBPA), GBPA_ABORT);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_GERROR), 0);

	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN | BIT(31));
	/* RES0 bit 31 is dropped; the rest is acknowledged at once */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_CR0ACK),
			CR0_SMMUEN | CR0_CMDQEN);

	swsmmu_hw_write32(hw, SMMU_IRQ_CTRL, IRQ_CTRL_EVTQ_IRQEN | BIT(5));
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_IRQ_CTRLACK),
			IRQ_CTRL_EVTQ_IRQEN);

	/* GBPA changes only with UPDATE set, which then reads back clear */
	swsmmu_hw_write32(hw, SMMU_GBPA, 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_GBPA), GBPA_ABORT);
	swsmmu_hw_write32(hw, SMMU_GBPA, GBPA_UPDATE);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_GBPA), 0);
	swsmmu_hw_destroy(hw);
}

static void regs_base_locked_while_enabled(struct kunit *test)
{
	struct swsmmu_hw *hw = new_hw(test, &full);

	swsmmu_hw_write64(hw, SMMU_STRTAB_BASE, 0x12340040ULL);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read64(hw, SMMU_STRTAB_BASE),
			0x12340040ULL);
	swsmmu_hw_write64(hw, SMMU_CMDQ_BASE, 0x5000ULL | 8);
	swsmmu_hw_write32(hw, SMMU_CR0, CR0_SMMUEN | CR0_CMDQEN);
	/* Enabled: base registers ignore writes */
	swsmmu_hw_write64(hw, SMMU_STRTAB_BASE, 0x99990000ULL);
	swsmmu_hw_write64(hw, SMMU_CMDQ_BASE, 0x7000ULL | 4);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read64(hw, SMMU_STRTAB_BASE),
			0x12340040ULL);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read64(hw, SMMU_CMDQ_BASE),
			0x5000ULL | 8);
	swsmmu_hw_destroy(hw);
}

/*
 * The event and PRI queues' PROD/CONS are architected in page 1 (IHI 0070
 * 6.2.2), where arm-smmu-v3 accesses them; page 0 holds optional aliases
 * (6.2.1).  Both offsets reach one register; other page 1 offsets are RES0.
 */
static void regs_page1_queue_pointers(struct kunit *test)
{
	struct swsmmu_hw *hw = new_hw(test, &full);

	/* Disabled queues: PROD and CONS are writable by software */
	swsmmu_hw_write32(hw, SMMU_PAGE1_EVTQ_PROD, 3);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_EVTQ_PROD), 3);
	swsmmu_hw_write32(hw, SMMU_EVTQ_CONS, 2);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_PAGE1_EVTQ_CONS), 2);
	swsmmu_hw_write32(hw, SMMU_PRIQ_PROD, 5);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_PAGE1_PRIQ_PROD), 5);
	swsmmu_hw_write32(hw, SMMU_PAGE1_PRIQ_CONS, 4);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_PRIQ_CONS), 4);

	/* Page 1 does not alias the rest of page 0 */
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_PAGE1 + SMMU_GBPA), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_PAGE1 + SMMU_IDR0), 0);
	swsmmu_hw_write32(hw, SMMU_PAGE1 + SMMU_CR0, CR0_CMDQEN);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_CR0), 0);
	KUNIT_EXPECT_EQ(test, swsmmu_hw_read32(hw, SMMU_PAGE1 + SMMU_CR0), 0);
	swsmmu_hw_destroy(hw);
}

static struct kunit_case swsmmu_regs_cases[] = {
	KUNIT_CASE(regs_idr_full),
	KUNIT_CASE(regs_idr_minimal),
	KUNIT_CASE(regs_bad_features),
	KUNIT_CASE(regs_reset_and_ack),
	KUNIT_CASE(regs_base_locked_while_enabled),
	KUNIT_CASE(regs_page1_queue_pointers),
	{}
};

static struct kunit_suite swsmmu_regs_suite = {
	.name = "swsmmu-regs",
	.test_cases = swsmmu_regs_cases,
};

kunit_test_suite(swsmmu_regs_suite);

MODULE_DESCRIPTION("KUnit tests for swsmmu");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
