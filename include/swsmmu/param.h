/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module parameters that refuse what cannot work: a load with an
 * out-of-range value fails with -EINVAL and says why (drivers/param.c).
 */
#ifndef _SWSMMU_PARAM_H
#define _SWSMMU_PARAM_H

#include <linux/moduleparam.h>

int swsmmu_param_set_uint_range(const char *val, const struct kernel_param *kp,
				unsigned int min, unsigned int max);
int swsmmu_param_set_uint_choice(const char *val,
				 const struct kernel_param *kp,
				 const unsigned int *choices, unsigned int n);
int swsmmu_param_set_flags(const char *val, const struct kernel_param *kp,
			   const char * const *names, unsigned int n);
int swsmmu_param_get_flags(char *buf, const struct kernel_param *kp,
			   const char * const *names, unsigned int n);

int swsmmu_param_parse_range(const char *val, const struct kernel_param *kp,
			     u32 limit, u32 *min, u32 *max);

#endif /* _SWSMMU_PARAM_H */
