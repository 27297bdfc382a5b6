#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the swsmmu debug test kernel from Debian's linux-source-6.12:
# tinyconfig + tools/kconfig/debug.config (KASAN, lockdep, kmemleak, KUnit,
# DMA-API debug, dmatest, the ARM LPAE io-pgtable reference).
#
# The build tree is cached under $SWSMMU_CACHE (default /var/cache/swsmmu),
# keyed by the source package version and the fragment's hash, so repeated
# runs and fresh clones on the same machine reuse it.  Prints the build
# directory on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${SWSMMU_CACHE:-/var/cache/swsmmu}
frag=$here/kconfig/debug.config
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
hash=$(sha256sum < "$frag" | cut -c1-12)
out=$CACHE/debug-kernel-$srcver-$hash

log() { echo "debug-kernel: $*" >&2; }

# One build at a time per machine; a waiting caller then finds it done.
mkdir -p "$CACHE"
exec 9>"$CACHE/debug-kernel.lock"
flock 9

src=$("$here"/kernel-source.sh)

# Built, but without the symbol versions external modules link against
if [ -e "$out/.swsmmu-done" ]; then
	make -s -C "$src" O="$out" -j"$(nproc)" modules >&2
	echo "$out"
	exit 0
fi

if [ -e "$out/.swsmmu-done" ] && [ -s "$out/Module.symvers" ]; then
	echo "$out"
	exit 0
fi

log "configuring $out"
rm -rf "$out"
mkdir -p "$out"
make -s -C "$src" O="$out" tinyconfig >&2
"$src"/scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "$frag" >"$out/merge.log" 2>&1
make -s -C "$src" O="$out" olddefconfig >&2

# Every line of the fragment must have survived olddefconfig; a silently
# dropped option (an unmet dependency) would weaken the tests.
bad=0
while read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qx "$line" "$out/.config" || { log "fragment option lost: $line"; bad=1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		grep -q "^$opt=" "$out/.config" && { log "fragment option forced on: $opt"; bad=1; } ;;
	esac
done < "$frag"
[ $bad = 0 ] || exit 1

log "building (this takes 10-30 minutes on 2 cores the first time)"
start=$(date +%s)
# "modules" writes Module.symvers, which external modules link against
make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules modules_prepare >&2
log "built in $(( $(date +%s) - start )) s"
touch "$out/.swsmmu-done"
echo "$out"
