/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the stress suites of swsmmu-kunit.ko share: their duration, the
 * module parameter stress_seconds (defined in driver_stress_test.c).
 */
#ifndef _SWSMMU_KUNIT_STRESS_H
#define _SWSMMU_KUNIT_STRESS_H

/* Seconds of swsmmu-stress, and of each case of swsmmu-model-stress */
extern unsigned int swsmmu_stress_seconds;

#endif /* _SWSMMU_KUNIT_STRESS_H */
