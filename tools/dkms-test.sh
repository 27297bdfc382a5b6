#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that dkms.conf works: dkms add, build and install swsmmu against
# Debian's 6.12 headers, check the installed module, then remove it again.
# The module is installed for the Debian 6.12 kernel version only (not
# necessarily the kernel this host runs), and removed at the end.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$repo"/tools/deps.sh)"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo/dkms.conf")
dst=/usr/src/swsmmu-$ver
modver=$(sed -n 's/^MODULE_VERSION("\(.*\)");/\1/p' "$repo/drivers/board/board.c")
out=$(mktemp)
trap 'dkms remove -m swsmmu -v "$ver" --all >/dev/null 2>&1 || true; rm -rf "$dst" "$out"' EXIT

result() { echo "$1 dkms/$2"; [ "$1" = ok ] || { sed 's/^/        | /' "$out"; exit 1; }; }

[ "$modver" = "$ver" ] && result ok "version $ver matches MODULE_VERSION" ||
	{ echo "dkms.conf $ver, MODULE_VERSION $modver" >"$out"; result FAIL "version"; }

dkms remove -m swsmmu -v "$ver" --all >/dev/null 2>&1 || true
rm -rf "$dst"
mkdir -p "$dst"
cp -a "$repo"/dkms.conf "$repo"/Kbuild "$repo"/Makefile "$repo"/drivers "$repo"/include "$repo"/kunit "$dst"/

dkms add -m swsmmu -v "$ver" >"$out" 2>&1 && result ok add || result FAIL add
dkms build -m swsmmu -v "$ver" -k "$SWSMMU_KVER" >"$out" 2>&1 && result ok "build -k $SWSMMU_KVER" ||
	result FAIL build
dkms install -m swsmmu -v "$ver" -k "$SWSMMU_KVER" >"$out" 2>&1 && result ok install ||
	result FAIL install
ko=$(find "/lib/modules/$SWSMMU_KVER/updates/dkms" -name 'swsmmu.ko*' | head -n1)
if [ -n "$ko" ] && modinfo "$ko" | grep -q "^version: *$ver$"; then
	result ok "installed $(basename "$ko") with version $ver"
else
	modinfo "$ko" >"$out" 2>&1 || true
	result FAIL "installed module"
fi
dkms remove -m swsmmu -v "$ver" --all >"$out" 2>&1 && result ok remove || result FAIL remove
