#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print what decides which kernel the host boots and which modules it can
# load, for tools/test-all.sh to compare before and after `make test`, which
# must leave the host as it was (README.md): the kernel packages, the
# /vmlinuz and /initrd.img links, every file under /boot and /lib/modules
# with its size and mtime (a rebuilt initrd or a depmod run shows), what DKMS
# has registered, and any swsmmu module loaded into the host kernel.
# Nothing here may change merely because deps.sh installed its packages on a
# fresh host: /var/lib/dkms itself appears with dkms, so only its contents
# count.
set -euo pipefail

echo "# kernel packages"
dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\n' \
	'linux-image-*' 'linux-headers-*' 'linux-kbuild-*' 'linux-modules-*' 2>/dev/null |
	grep -v ' [up]n $' || true	# names dpkg merely knows of, never installed
echo "# boot links"
for l in /vmlinuz /vmlinuz.old /initrd.img /initrd.img.old /boot/vmlinuz /boot/initrd.img; do
	if [ -L "$l" ]; then
		echo "$l -> $(readlink "$l")"
	fi
done
echo "# files"
find /boot /lib/modules/ -printf '%p %y %s %T@ %l\n' 2>/dev/null | sort || true
find /var/lib/dkms -mindepth 1 -printf '%p %y %s %T@ %l\n' 2>/dev/null | sort || true
echo "# swsmmu modules in the host kernel"
grep '^swsmmu' /proc/modules 2>/dev/null | cut -d' ' -f1 || true
