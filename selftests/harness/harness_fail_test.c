// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test only: a kselftest that always fails, so that
 * tools/vmtest.sh can show that a failing test fails the run.
 */
#include "kselftest_harness.h"

TEST(always_fails)
{
	ASSERT_EQ(1, 2);
}

TEST_HARNESS_MAIN
