#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that dkms.conf works: README.md's dkms add, build and install of
# swsmmu against Debian's 6.12 headers (as extracted by tools/deps.sh), check
# the installed module, then dkms remove.
#
# The host stays as it was.  dkms writes to /usr/src (the source copy),
# /var/lib/dkms (its tree, and a module-signing key it generates there) and
# /lib/modules (the module, depmod's indexes; it also finds the headers only
# through /lib/modules/$kver/build).  Its --sourcetree/--dkmstree/--installtree
# options cover neither the key nor depmod, so instead the test runs in a
# private mount namespace (unshare -m) with an empty tmpfs over those three
# directories: the commands are exactly README.md's, they cannot touch a
# host kernel's modules or a DKMS package the host really has, and all they
# write is gone with the namespace, even when the test fails half-way.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${SWSMMU_DKMS_NS:-}" ]; then
	# Outside the namespace: what deps.sh installs or extracts must persist
	eval "$("$repo"/tools/deps.sh)"
	export SWSMMU_KVER SWSMMU_STOCK_KDIR SWSMMU_DKMS_NS=1
	# A container may have no /lib/modules at all, but a tmpfs needs a
	# mount point: make it for the run and remove it again.
	made=""
	for d in /usr/src /var/lib/dkms /lib/modules; do
		[ -d "$d" ] || { mkdir "$d"; made="$d $made"; }
	done
	rc=0
	unshare -m --propagation private "$0" "$@" || rc=$?
	for d in $made; do rmdir "$d"; done
	exit $rc
fi
for d in /usr/src /var/lib/dkms /lib/modules; do
	mount -t tmpfs swsmmu-dkms-test "$d"
done
mkdir -p "/lib/modules/$SWSMMU_KVER"
ln -s "$SWSMMU_STOCK_KDIR" "/lib/modules/$SWSMMU_KVER/build"

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo/dkms.conf")
dst=/usr/src/swsmmu-$ver
modver=$(sed -n 's/^MODULE_VERSION("\(.*\)");/\1/p' "$repo/drivers/board/board.c")
out=$(mktemp)
trap 'rm -f "$out"' EXIT

result() { echo "$1 dkms/$2"; [ "$1" = ok ] || { sed 's/^/        | /' "$out"; exit 1; }; }

[ "$modver" = "$ver" ] && result ok "version $ver matches MODULE_VERSION" ||
	{ echo "dkms.conf $ver, MODULE_VERSION $modver" >"$out"; result FAIL "version"; }

mkdir -p "$dst"
cp -a "$repo"/dkms.conf "$repo"/Kbuild "$repo"/Makefile "$repo"/drivers "$repo"/include "$repo"/kunit "$dst"/

dkms add -m swsmmu -v "$ver" >"$out" 2>&1 && result ok add || result FAIL add
dkms build -m swsmmu -v "$ver" -k "$SWSMMU_KVER" >"$out" 2>&1 && result ok "build -k $SWSMMU_KVER" ||
	result FAIL build
dkms install -m swsmmu -v "$ver" -k "$SWSMMU_KVER" >"$out" 2>&1 && result ok install ||
	result FAIL install
ko=$(find "/lib/modules/$SWSMMU_KVER/updates/dkms" -name 'swsmmu.ko*' | head -n1)
# modinfo -F, not modinfo | grep -q: grep -q stops reading at its match,
# and under pipefail the SIGPIPE that then kills modinfo fails the check
if [ -n "$ko" ] && [ "$(modinfo -F version "$ko")" = "$ver" ]; then
	result ok "installed $(basename "$ko") with version $ver"
else
	modinfo "$ko" >"$out" 2>&1 || true
	result FAIL "installed module"
fi
dkms remove -m swsmmu -v "$ver" --all >"$out" 2>&1 && result ok remove || result FAIL remove
