#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, from Debian's archive, everything the swsmmu build and VM tests
# need on a Debian 12 host.  Idempotent: a second run does nothing but print
# the versions it found.  The stock kernel image is only extracted (dpkg -x),
# never installed, so the host keeps booting the kernel it booted before.
#
# Prints shell assignments (SWSMMU_KVER=..., SWSMMU_KIMG=...) on stdout for
# the harness to eval; progress goes to stderr.
set -euo pipefail

CACHE=${SWSMMU_CACHE:-/var/cache/swsmmu}
mkdir -p "$CACHE"

log() { echo "deps: $*" >&2; }

PKGS="qemu-system-x86 busybox-static sparse dkms build-essential flex bison bc
      libelf-dev libssl-dev dwarves kmod cpio zstd xz-utils python3 gawk
      liburcu-dev clang-14 libclang-rt-14-dev linux-source-6.12"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done

stamp=$CACHE/apt-updated
if [ -n "$missing" ] || [ ! -e "$stamp" ]; then
	if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +720)" ]; then
		log "apt-get update"
		apt-get update -qq >&2
		touch "$stamp"
	fi
fi

# Newest Debian 6.12 flavour that has both an unsigned image and headers.
kver=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' |
	sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12-amd64\)-unsigned .*/\1/p' |
	sort -t. -k3,3n | tail -n1)
if [ -z "$kver" ]; then
	# Offline: fall back to what is already here.
	kver=$(ls -d /usr/src/linux-headers-6.12.*+deb12-amd64 2>/dev/null |
		sed 's|.*/linux-headers-||' | sort -t. -k3,3n | tail -n1)
fi
[ -n "$kver" ] || { log "no Debian 6.12 kernel found in apt"; exit 1; }

dpkg-query -W -f='${Status}' "linux-headers-$kver" 2>/dev/null | grep -q "ok installed" ||
	missing="$missing linux-headers-$kver"

if [ -n "$missing" ]; then
	log "installing:$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

kimg_dir=$CACHE/stock-$kver
if [ ! -e "$kimg_dir/boot/vmlinuz-$kver" ]; then
	log "extracting linux-image-$kver-unsigned"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "linux-image-$kver-unsigned" >&2)
	rm -rf "$kimg_dir.tmp"
	dpkg -x "$tmp"/linux-image-"$kver"-unsigned_*.deb "$kimg_dir.tmp"
	rm -rf "$tmp" "$kimg_dir"
	mv "$kimg_dir.tmp" "$kimg_dir"
fi

src_tar=$(ls /usr/src/linux-source-6.12.tar.xz)
echo "SWSMMU_KVER=$kver"
echo "SWSMMU_STOCK_ROOT=$kimg_dir"
echo "SWSMMU_STOCK_KDIR=/usr/src/linux-headers-$kver"
echo "SWSMMU_SRC_TAR=$src_tar"
