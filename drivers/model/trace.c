// SPDX-License-Identifier: GPL-2.0
/*
 * The software SMMU's trace events (model_trace.h), instantiated.
 */
#define CREATE_TRACE_POINTS
#include "model.h"
#include "model_trace.h"
