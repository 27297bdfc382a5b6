// SPDX-License-Identifier: GPL-2.0
/*
 * The IOMMU driver's trace events (iommu_trace.h), instantiated.
 */
#define CREATE_TRACE_POINTS
#include "iommu_trace.h"
