// SPDX-License-Identifier: GPL-2.0
/*
 * Checked module parameters, for the board, the driver and the model alike
 * (declared in <swsmmu/param.h>).  A parameter's ->set failing makes the
 * module loader refuse the load with its error, so a value that cannot
 * work never reaches the code that would misbehave on it.
 */
#define pr_fmt(fmt) "swsmmu: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <swsmmu/param.h>

/**
 * swsmmu_param_set_uint_range() - set an unsigned parameter within bounds
 * @val: the text given
 * @kp: the parameter (an unsigned int)
 * @min: smallest value accepted
 * @max: largest value accepted
 *
 * Return: 0, or -EINVAL with a message naming the bounds.
 */
int swsmmu_param_set_uint_range(const char *val, const struct kernel_param *kp,
				unsigned int min, unsigned int max)
{
	int ret = param_set_uint_minmax(val, kp, min, max);

	if (ret)
		pr_err("%s=%s: must be %u to %u\n", kp->name, val, min, max);
	return ret;
}

/**
 * swsmmu_param_set_uint_choice() - set an unsigned parameter to one of a list
 * @val: the text given
 * @kp: the parameter (an unsigned int)
 * @choices: the values accepted
 * @n: how many
 *
 * Return: 0, or -EINVAL with a message.
 */
int swsmmu_param_set_uint_choice(const char *val,
				 const struct kernel_param *kp,
				 const unsigned int *choices, unsigned int n)
{
	char list[64];
	unsigned int v, i;
	int len = 0;

	if (!kstrtouint(val, 0, &v))
		for (i = 0; i < n; i++)
			if (v == choices[i])
				return param_set_uint(val, kp);
	for (i = 0; i < n; i++)
		len += scnprintf(list + len, sizeof(list) - len, " %u",
				 choices[i]);
	pr_err("%s=%s: must be one of%s\n", kp->name, val, list);
	return -EINVAL;
}

/**
 * swsmmu_param_parse_range() - parse "MIN" or "MIN-MAX" within bounds
 * @val: the text given
 * @kp: the parameter, for the message
 * @limit: largest value accepted for either bound
 * @min: set to MIN
 * @max: set to MAX (MIN when no range is given)
 *
 * Return: 0, or -EINVAL with a message (not a number, MIN > MAX, or a
 * bound above @limit).
 */
int swsmmu_param_parse_range(const char *val, const struct kernel_param *kp,
			     u32 limit, u32 *min, u32 *max)
{
	char buf[24], *dash;
	u32 lo, hi;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		goto bad;
	strim(buf);
	dash = strchr(buf, '-');
	if (dash)
		*dash++ = '\0';
	if (kstrtou32(buf, 0, &lo))
		goto bad;
	hi = lo;
	if (dash && kstrtou32(dash, 0, &hi))
		goto bad;
	if (lo > hi || hi > limit)
		goto bad;
	*min = lo;
	*max = hi;
	return 0;
bad:
	pr_err("%s=%s: must be MIN or MIN-MAX with MIN <= MAX <= %u\n",
	       kp->name, val, limit);
	return -EINVAL;
}
