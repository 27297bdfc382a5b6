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
#include <linux/sysfs.h>
#include <kunit/visibility.h>
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
 * swsmmu_param_set_flags() - set an unsigned parameter from a set of names
 * @val: the text given: "all", "none", or names separated by commas
 * @kp: the parameter (an unsigned int; bit i is @names[i])
 * @names: the names of the bits, from bit 0
 * @n: how many (at most 32)
 *
 * Return: 0, or -EINVAL with a message naming what is accepted.
 */
int swsmmu_param_set_flags(const char *val, const struct kernel_param *kp,
			   const char * const *names, unsigned int n)
{
	char buf[128], list[128], *s, *tok;
	unsigned int v = 0, i;
	int len = 0;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		goto bad;
	s = strim(buf);
	if (!strcmp(s, "all")) {
		v = n >= 32 ? U32_MAX : BIT(n) - 1;
		goto out;
	}
	if (!strcmp(s, "none") || !*s)
		goto out;
	while ((tok = strsep(&s, ",")) != NULL) {
		tok = strim(tok);
		for (i = 0; i < n; i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i == n)
			goto bad;
		v |= BIT(i);
	}
out:
	*(unsigned int *)kp->arg = v;
	return 0;
bad:
	for (i = 0; i < n; i++)
		len += scnprintf(list + len, sizeof(list) - len, "%s%s",
				 i ? "," : "", names[i]);
	pr_err("%s=%s: must be all, none, or a comma-separated set of %s\n",
	       kp->name, val, list);
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_param_set_flags);

/**
 * swsmmu_param_get_flags() - show a parameter set by swsmmu_param_set_flags()
 * @buf: where to write (a page)
 * @kp: the parameter
 * @names: the names of the bits, from bit 0
 * @n: how many
 *
 * Return: the length written.
 */
int swsmmu_param_get_flags(char *buf, const struct kernel_param *kp,
			   const char * const *names, unsigned int n)
{
	unsigned int v = *(unsigned int *)kp->arg, i;
	int len = 0;

	for (i = 0; i < n; i++)
		if (v & BIT(i))
			len += sysfs_emit_at(buf, len, "%s%s", len ? "," : "",
					     names[i]);
	if (!len)
		len = sysfs_emit(buf, "none");
	return len + sysfs_emit_at(buf, len, "\n");
}
EXPORT_SYMBOL_IF_KUNIT(swsmmu_param_get_flags);

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
