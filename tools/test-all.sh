#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test, as `make test` runs it: static checks (tools/check.sh), the
# DKMS package (tools/dkms-test.sh), then the VM tests on Debian's stock
# kernel and the debug kernel (tools/vmtest.sh test).  Each prints one line
# per suite; the last line here totals them: "N passed, N failed, N skipped".
# Last, host/unchanged: what the host boots and the modules it has are the
# same as before the run (tools/host-state.sh), deps.sh's installs included.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

"$repo"/tools/host-state.sh >"$tmp/host-before"
"$repo"/tools/check.sh 2>&1 | tee "$tmp/check"
"$repo"/tools/dkms-test.sh 2>&1 | tee "$tmp/dkms"
"$repo"/tools/vmtest.sh test 2>&1 | tee "$tmp/vm"

"$repo"/tools/host-state.sh >"$tmp/host-after"
if diff -u "$tmp/host-before" "$tmp/host-after" >"$tmp/host-diff"; then
	echo "ok      host/unchanged: kernel packages, boot links, /boot, /lib/modules, DKMS"
else
	echo "FAIL    host/unchanged: the run changed what the host boots or its modules"
	sed -n '3,42s/^/        | /p' "$tmp/host-diff"
fi | tee "$tmp/host"

p=$(cat "$tmp/check" "$tmp/dkms" "$tmp/host" | grep -c '^ok ')
f=$(cat "$tmp/check" "$tmp/dkms" "$tmp/host" | grep -c '^FAIL ')
s=0
read -r vp vf vs < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$tmp/vm" | tail -n1)
if [ -z "${vp:-}" ]; then
	echo "FAIL    vmtest: no result line"
	vp=0 vf=1 vs=0
fi
p=$((p + vp)) f=$((f + vf)) s=$((s + vs))
echo "make test took $(( $(date +%s) - start )) s"
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
