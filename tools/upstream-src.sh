#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/upstream-src.sh DIR: put the Linux files that swsmmu-upstream.ko is
# built from (Documentation/upstream.rst) into DIR/upstream-src/, unmodified,
# from Debian's linux-source-6.12.  They are never part of our repository.
# Without linux-source-6.12 it says so in one line and leaves DIR alone:
# Kbuild then builds swsmmu.ko only.
set -euo pipefail

dest=${1:?usage: upstream-src.sh DIR}/upstream-src
tar=/usr/src/linux-source-6.12.tar.xz
CACHE=${SWSMMU_CACHE:-/var/cache/swsmmu}
files="drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c
       drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h
       drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c
       drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-test.c
       drivers/iommu/io-pgtable-arm.c
       drivers/iommu/io-pgtable-arm.h
       drivers/iommu/iommu-pages.h
       drivers/iommu/dma-iommu.h"

if [ ! -e "$tar" ]; then
	echo "upstream-src: no $tar: swsmmu-upstream.ko is skipped" >&2
	exit 0
fi

# The tree tools/kernel-source.sh extracted, if there is one; else only
# the files we need, straight from the tarball
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
tree=$CACHE/linux-source-$ver
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
if [ -n "$ver" ] && [ -e "$tree/.swsmmu-extracted" ]; then
	for f in $files; do
		mkdir -p "$dest.tmp/$(dirname "$f")"
		cp "$tree/$f" "$dest.tmp/$f"
	done
else
	# shellcheck disable=SC2086 # one pattern per file
	tar -xJf "$tar" -C "$dest.tmp" --strip-components=1 --wildcards \
		$(for f in $files; do echo "*/$f"; done)
fi
# tools/upstream-mutants.sh: one deliberately broken variant, never in a
# normal build
if [ -n "${SWSMMU_UPSTREAM_PATCH:-}" ]; then
	echo "upstream-src: applying $SWSMMU_UPSTREAM_PATCH (a mutant)" >&2
	patch -s -d "$dest.tmp" -p1 < "$SWSMMU_UPSTREAM_PATCH"
fi
rm -rf "$dest"
mv "$dest.tmp" "$dest"
