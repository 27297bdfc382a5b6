#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks, failing on any finding:
#   - W=1 build and sparse (C=2) against Debian's stock 6.12 headers
#   - the same W=1 build against the debug kernel (which also builds KUnit)
#   - checkpatch.pl --strict on every C source and header
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$repo"/tools/deps.sh)"
ksrc=$("$repo"/tools/kernel-source.sh)
dk=$("$repo"/tools/build-debug-kernel.sh)

mkdir -p "$repo/build"
work=$(mktemp -d "$repo/build/check.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

# build_check NAME KDIR ARGS...: a warning or a sparse message fails it
build_check() {
	local name=$1 kdir=$2 out=$work/$1
	shift 2
	mkdir -p "$out"
	cp -a "$repo"/Kbuild "$repo"/drivers "$repo"/include "$repo"/kunit "$out"/
	mkdir -p "$out/tools" && cp -a "$repo"/tools/bench "$out/tools/"
	# swsmmu-upstream.ko too: our compat layer, and proof that the
	# upstream files build warning-free against it
	"$repo"/tools/upstream-src.sh "$out"
	if ! make -C "$kdir" M="$out" W=1 "$@" -j"$(nproc)" modules >"$out.log" 2>&1; then
		echo "FAIL    check/$name: build failed"
		sed 's/^/        | /' "$out.log"
		fail=1
		return
	fi
	# Anything the compiler or sparse says is a finding
	if grep -E "warning:|error:|sparse:|: note:" "$out.log" | grep -v "^make" >"$out.findings"; then
		echo "FAIL    check/$name: $(wc -l <"$out.findings") findings"
		sed 's/^/        | /' "$out.findings"
		fail=1
	else
		echo "ok      check/$name"
	fi
}

build_check stock-W1-sparse "$SWSMMU_STOCK_KDIR" C=2
build_check debug-W1-sparse "$dk" C=2

# The IOMMU driver and the model link as a module of their own, without
# the board and the test devices: a stand-in for the board gives it only
# its licence.  modpost fails on any symbol the driver takes from them.
alone=$work/driver-alone
mkdir -p "$alone"
cp -a "$repo"/Kbuild "$repo"/drivers "$repo"/include "$alone"/
mv "$alone/Kbuild" "$alone/Kbuild.swsmmu"
cat >"$alone/Kbuild" <<'KBUILD'
include $(src)/Kbuild.swsmmu
obj-y :=
obj-m := swsmmu-driver-alone.o
swsmmu-driver-alone-y := $(swsmmu_common_objs) $(swsmmu_model_objs) \
			 $(swsmmu_iommu_objs) board-stand-in.o
KBUILD
printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' >"$alone/board-stand-in.c"
if make -C "$SWSMMU_STOCK_KDIR" M="$alone" -j"$(nproc)" modules >"$alone.log" 2>&1; then
	echo "ok      check/driver-links-without-board-and-devices"
else
	echo "FAIL    check/driver-links-without-board-and-devices"
	grep -E "undefined|error" "$alone.log" | sed 's/^/        | /'
	fail=1
fi

# The translation core as a user-space library (tools/bench), with gcc's
# -Wall -Wextra -Werror, and the fuzzer with clang-14 and its sanitizers
if make -C "$repo/tools/bench" O="$work/bench" all >"$work/bench.log" 2>&1; then
	echo "ok      check/bench-user-space"
else
	echo "FAIL    check/bench-user-space: build failed"
	sed 's/^/        | /' "$work/bench.log"
	fail=1
fi

files=$(cd "$repo" && git ls-files '*.c' '*.h' 2>/dev/null || find drivers include kunit selftests tools -name '*.[ch]')
# Not kernel code: user-space tests follow the kernel style too, but
# checkpatch's kernel-only rules are skipped for them below.
cp_out=$work/checkpatch.log
: >"$cp_out"
for f in $files; do
	extra=""
	case $f in
	selftests/*) extra="--ignore AVOID_EXTERNS,PREFER_KERNEL_TYPES" ;;
	# The kernel-API stand-ins re-define kernel macros; not kernel code
	tools/bench/include/*) continue ;;
	tools/bench/fuzz.c) extra="--ignore CAMELCASE" ;;	# libFuzzer's entry
	# TRACE_EVENT() blocks are laid out as in the kernel's include/trace/events/
	drivers/*/*_trace.h) extra="--ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT" ;;
	esac
	"$ksrc"/scripts/checkpatch.pl --strict --no-tree --terse --show-types \
		--ignore FILE_PATH_CHANGES $extra -f "$repo/$f" >>"$cp_out" 2>&1 || true
done
if grep -E "^[^ ]+:[0-9]+: (ERROR|WARNING|CHECK)" "$cp_out" >"$work/cp.findings"; then
	echo "FAIL    check/checkpatch-strict: $(wc -l <"$work/cp.findings") findings"
	sed 's|'"$repo"'/||; s/^/        | /' "$work/cp.findings"
	fail=1
else
	echo "ok      check/checkpatch-strict ($(echo "$files" | wc -w) files)"
fi

exit $fail
