#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the path of an extracted Debian linux-source-6.12 tree (extracting it
# once into $SWSMMU_CACHE).  It is used for checkpatch, the kselftest headers,
# dmatest and the debug kernel build; it is never modified.
set -euo pipefail
CACHE=${SWSMMU_CACHE:-/var/cache/swsmmu}
tar=/usr/src/linux-source-6.12.tar.xz
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
src=$CACHE/linux-source-$ver
if [ ! -e "$src/.swsmmu-extracted" ]; then
	echo "kernel-source: extracting $tar" >&2
	rm -rf "$src"
	mkdir -p "$src"
	tar -xJf "$tar" -C "$src" --strip-components=1
	touch "$src/.swsmmu-extracted"
fi
echo "$src"
