// SPDX-License-Identifier: GPL-2.0
/*
 * Architectural facts that are names rather than bit layouts, shared by the
 * software SMMU and the driver (declared in <swsmmu/arch.h>).
 */
#include <linux/kernel.h>
#include <kunit/visibility.h>
#include <swsmmu/arch.h>

static const char * const smmu_event_names[] = {
	[0]				= "NONE",
	[EVT_ID_UUT]			= "F_UUT",
	[EVT_ID_BAD_STREAMID]		= "C_BAD_STREAMID",
	[EVT_ID_STE_FETCH]		= "F_STE_FETCH",
	[EVT_ID_BAD_STE]		= "C_BAD_STE",
	[EVT_ID_BAD_ATS_TREQ]		= "F_BAD_ATS_TREQ",
	[EVT_ID_STREAM_DISABLED]	= "F_STREAM_DISABLED",
	[EVT_ID_TRANSL_FORBIDDEN]	= "F_TRANSL_FORBIDDEN",
	[EVT_ID_BAD_SUBSTREAMID]	= "C_BAD_SUBSTREAMID",
	[EVT_ID_CD_FETCH]		= "F_CD_FETCH",
	[EVT_ID_BAD_CD]			= "C_BAD_CD",
	[EVT_ID_WALK_EABT]		= "F_WALK_EABT",
	[EVT_ID_TRANSLATION]		= "F_TRANSLATION",
	[EVT_ID_ADDR_SIZE]		= "F_ADDR_SIZE",
	[EVT_ID_ACCESS]			= "F_ACCESS",
	[EVT_ID_PERMISSION]		= "F_PERMISSION",
	[EVT_ID_TLB_CONFLICT]		= "F_TLB_CONFLICT",
	[EVT_ID_CFG_CONFLICT]		= "F_CFG_CONFLICT",
	[EVT_ID_PAGE_REQUEST]		= "E_PAGE_REQUEST",
	[EVT_ID_VMS_FETCH]		= "F_VMS_FETCH",
};

/**
 * smmu_event_name() - the architecture's name of an event ID
 * @id: EVT_ID_* (0: no event)
 *
 * Return: "C_BAD_STE" and so on; "NONE" for 0, "UNKNOWN" for an ID the
 * architecture does not define.
 */
const char *smmu_event_name(u8 id)
{
	if (id < ARRAY_SIZE(smmu_event_names) && smmu_event_names[id])
		return smmu_event_names[id];
	return "UNKNOWN";
}
EXPORT_SYMBOL_IF_KUNIT(smmu_event_name);
