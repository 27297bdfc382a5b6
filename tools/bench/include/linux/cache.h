/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in: see tools/bench/include/compat.h */
#include "../compat.h"
