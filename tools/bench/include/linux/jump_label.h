/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in: see tools/bench/include/compat.h.  A static key is
 * a plain flag here, so a disabled static_branch_unlikely() costs a load
 * and a predicted-not-taken branch: more than the kernel's patched-out
 * NOP, so a bench row that shows no cost for it shows no cost in the
 * kernel either.  The bench never enables one.
 */
#ifndef _SWSMMU_BENCH_JUMP_LABEL_H
#define _SWSMMU_BENCH_JUMP_LABEL_H
#include "../compat.h"

struct static_key_false {
	int enabled;
};

#define DEFINE_STATIC_KEY_FALSE(name)	struct static_key_false name = { 0 }
#define DECLARE_STATIC_KEY_FALSE(name)	extern struct static_key_false name
#define static_branch_unlikely(k)	__builtin_expect(READ_ONCE((k)->enabled), 0)

#endif
