#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, from Debian's archive, everything the swsmmu build and VM tests
# need on a Debian 12 host.  Idempotent: a second run does nothing but print
# the versions it found.  The stock kernel image and its headers are only
# extracted (apt-get download + dpkg -x into $SWSMMU_CACHE), never installed:
# linux-headers-* depends on linux-image-*, whose installation would run
# update-initramfs and repoint /vmlinuz, changing what the host boots next.
# So is busybox-static, for the guests: installing it would replace the
# host's busybox and trigger update-initramfs, rebuilding the host's initrd.
# None of $PKGS pulls in a linux-image or linux-headers package with
# --no-install-recommends (dkms only recommends linux-headers-amd64), and
# none has an initramfs trigger but kmod, which every Debian system has.
#
# Prints shell assignments (SWSMMU_KVER=..., SWSMMU_STOCK_KDIR=..., ...) on
# stdout for the harness to eval; progress goes to stderr.
set -euo pipefail

CACHE=${SWSMMU_CACHE:-/var/cache/swsmmu}
mkdir -p "$CACHE"

log() { echo "deps: $*" >&2; }

PKGS="qemu-system-x86 sparse dkms build-essential flex bison bc
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
	# Offline: fall back to what is already extracted.
	kver=$(ls -d "$CACHE"/headers-6.12.*+deb12-amd64 2>/dev/null |
		sed 's|.*/headers-||' | sort -t. -k3,3n | tail -n1)
fi
[ -n "$kver" ] || { log "no Debian 6.12 kernel found in apt"; exit 1; }

# The headers come in three packages: the flavour's, the -common one its
# Makefile includes and linux-kbuild, which its scripts/ and tools/ link to.
base=${kver%-amd64}
hdr_pkgs="linux-headers-$kver linux-headers-$base-common linux-kbuild-$base"
# What they depend on besides each other and the image (gcc-12, pahole, the
# libraries of kbuild's host programs) is installed for real.
if apt-cache show "linux-headers-$kver" >/dev/null 2>&1; then
	for p in $(apt-cache depends --no-recommends --no-suggests $hdr_pkgs 2>/dev/null |
		   sed -n 's/^ *|\{0,1\}Depends: \([^<].*\)/\1/p' | grep -v '^linux-' | sort -u); do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
fi

if [ -n "$missing" ]; then
	# The promise above, checked: refuse rather than install a kernel.
	# Removals too: they would take something from the host.
	bad=$(apt-get install -s --no-install-recommends $missing 2>/dev/null |
	      sed -n -e 's/^Inst \(linux-\(image\|headers\|modules\)-[^ ]*\).*/\1/p' \
		     -e 's/^Remv \([^ ]*\).*/-\1/p')
	[ -z "$bad" ] || { log "refusing: installing$missing would change" $bad; exit 1; }
	log "installing:$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

# extract DIR PKG...: apt-get download + dpkg -x into DIR, atomically
extract() {
	local dir=$1 tmp d
	shift
	log "extracting $*"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "$@" >&2)
	rm -rf "$dir.tmp"
	for d in "$tmp"/*.deb; do
		dpkg -x "$d" "$dir.tmp"
	done
	rm -rf "$tmp"
}

kimg_dir=$CACHE/stock-$kver
if [ ! -e "$kimg_dir/boot/vmlinuz-$kver" ]; then
	extract "$kimg_dir" "linux-image-$kver-unsigned"
	rm -rf "$kimg_dir"
	mv "$kimg_dir.tmp" "$kimg_dir"
fi

bb_dir=$CACHE/busybox-static
if [ ! -x "$bb_dir/bin/busybox" ]; then
	extract "$bb_dir" busybox-static
	rm -rf "$bb_dir"
	mv "$bb_dir.tmp" "$bb_dir"
fi

# The headers tree works where it is extracted once two absolute paths are
# made to point into it: the flavour Makefile's include of the -common
# Makefile, and lib/modules/$kver/{build,source} (used by dkms-test.sh).
# The links between the packages (scripts -> ../../lib/linux-kbuild-*/scripts)
# are relative already.
hdr_root=$CACHE/headers-$kver
kdir=$hdr_root/usr/src/linux-headers-$kver
if [ ! -e "$hdr_root/.swsmmu-extracted" ]; then
	extract "$hdr_root" $hdr_pkgs
	t=$hdr_root.tmp
	sed -i "s|^include /usr/src/|include $hdr_root/usr/src/|" "$t/usr/src/linux-headers-$kver/Makefile"
	find "$t" -type l -lname '/*' | while read -r l; do
		ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$t$(readlink "$l")")" "$l"
	done
	# Nothing may still lead to the host's /usr/src or /usr/lib: it would
	# work only where the headers packages happen to be installed.
	bad=$(find -L "$t" -type l
	      grep -rlIE "(^|[ \"'=:])/usr/(src/linux-headers|lib/linux-kbuild)" "$t" || true)
	[ -z "$bad" ] || { log "headers still point outside $hdr_root: $bad"; exit 1; }
	touch "$t/.swsmmu-extracted"
	rm -rf "$hdr_root"
	mv "$t" "$hdr_root"
fi

src_tar=$(ls /usr/src/linux-source-6.12.tar.xz)
echo "SWSMMU_KVER=$kver"
echo "SWSMMU_STOCK_ROOT=$kimg_dir"
echo "SWSMMU_STOCK_KDIR=$kdir"
echo "SWSMMU_SRC_TAR=$src_tar"
echo "SWSMMU_BUSYBOX=$bb_dir/bin/busybox"
