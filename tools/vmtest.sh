#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# swsmmu VM test harness.
#
#   tools/vmtest.sh demo     build, boot Debian's stock 6.12 kernel, load swsmmu, show what it did
#   tools/vmtest.sh test     every VM test: stock and debug kernels, plus the harness self-test
#   tools/vmtest.sh kunit    only the KUnit suites, in the debug kernel (quick iteration)
#   tools/vmtest.sh stock|debug   the full plan on one kernel
#   tools/vmtest.sh upstream      Linux's arm-smmu-v3 driving the software SMMU, both kernels
#   tools/vmtest.sh upstream-stock|upstream-debug   the same on one kernel
#
# Environment: SWSMMU_PARAMS (swsmmu.ko parameters, after the run's SMMU
# mode, so they can override it), SWSMMU_KUNIT_PARAMS
# (swsmmu-kunit.ko parameters), SWSMMU_KUNIT_FILTER (kunit filter_glob,
# "suite.case" with wildcards, to run only some KUnit suites), SWSMMU_PLAN
# (the guest steps to run instead of a flavour's plan, see tools/guest/init),
# SWSMMU_FAULT_LONG=1 (the fault_sweep step tries every N, not a sample),
# SWSMMU_CMDLINE (more kernel arguments, e.g. kasan_multi_shot).
#
# Everything it needs comes from Debian's archive (tools/deps.sh); the debug
# kernel is built once and cached (tools/build-debug-kernel.sh).  Guests run
# under qemu-system-x86_64 -accel tcg.  The run fails when a test fails, a
# guest does not finish, or a kernel log shows a WARNING, BUG, Oops, KASAN,
# UBSAN, lockdep, kmemleak or DMA-API debug report.  The last line reads
# "N passed, N failed, N skipped".
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-test}
log() { echo "vmtest: $*" >&2; }

eval "$("$repo"/tools/deps.sh)"
ksrc=$("$repo"/tools/kernel-source.sh)

mkdir -p "$repo/build"
work=$(mktemp -d "$repo/build/run.XXXXXX")
trap 'rm -rf "$work"' EXIT
logs=$repo/build/logs
mkdir -p "$logs"

jobs=$(nproc)

# build_modules FLAVOUR KDIR: swsmmu (+ KUnit where the kernel has it)
build_modules() {
	local flavour=$1 kdir=$2 out=$work/$1/src
	mkdir -p "$out"
	cp -a "$repo"/Kbuild "$repo"/drivers "$repo"/include "$repo"/kunit "$out"/
	mkdir -p "$out/tools" && cp -a "$repo"/tools/bench "$out/tools/"
	"$repo"/tools/upstream-src.sh "$out"	# swsmmu-upstream.ko's sources
	log "building swsmmu for the $flavour kernel"
	make -s -C "$kdir" M="$out" -j"$jobs" modules >"$work/$flavour/build.log" 2>&1 ||
		{ cat "$work/$flavour/build.log" >&2; return 1; }
	mkdir -p "$work/$flavour/harness"
	cp -a "$repo"/tools/harness-check/. "$work/$flavour/harness/"
	make -s -C "$kdir" M="$work/$flavour/harness" modules >>"$work/$flavour/build.log" 2>&1 ||
		{ cat "$work/$flavour/build.log" >&2; return 1; }
	build_dmatest "$flavour" "$kdir"
	build_map_benchmark "$flavour" "$kdir"
}

# build_dmatest FLAVOUR KDIR: the kernel's own drivers/dma/dmatest.c,
# unmodified, as a module, for a kernel that does not have it built in
build_dmatest() {
	local flavour=$1 kdir=$2 out=$work/$1/dmatest
	grep -q '^CONFIG_DMATEST=y' "$kdir/.config" && return 0
	mkdir -p "$out"
	cp "$ksrc/drivers/dma/dmatest.c" "$out/"
	echo 'obj-m += dmatest.o' > "$out/Kbuild"
	log "building dmatest for the $flavour kernel"
	make -s -C "$kdir" M="$out" modules >>"$work/$flavour/build.log" 2>&1 ||
		{ cat "$work/$flavour/build.log" >&2; return 1; }
}

# build_map_benchmark FLAVOUR KDIR: the kernel's kernel/dma/map_benchmark.c
# as a module, for a kernel that does not have it built in, with the two
# changes an out-of-tree build needs: a MODULE_LICENSE (the file is
# GPL-2.0-only but names none, which modpost refuses, and it uses GPL-only
# exports), and set_cpus_allowed_ptr() for kthread_bind_mask(), which
# vmlinux does not export (it pins the threads to the NUMA node asked for
# with -n, which the harness never asks for)
build_map_benchmark() {
	local flavour=$1 kdir=$2 out=$work/$1/map_benchmark
	grep -q '^CONFIG_DMA_MAP_BENCHMARK=y' "$kdir/.config" && return 0
	mkdir -p "$out"
	sed -e 's/\<kthread_bind_mask(/set_cpus_allowed_ptr(/' \
	    -e '$a MODULE_LICENSE("GPL");' \
	    "$ksrc/kernel/dma/map_benchmark.c" > "$out/map_benchmark.c"
	grep -q 'set_cpus_allowed_ptr(' "$out/map_benchmark.c" ||
		{ log "map_benchmark.c: no kthread_bind_mask() to replace"; return 1; }
	echo 'obj-m += map_benchmark.o' > "$out/Kbuild"
	log "building map_benchmark for the $flavour kernel"
	make -s -C "$kdir" M="$out" modules >>"$work/$flavour/build.log" 2>&1 ||
		{ cat "$work/$flavour/build.log" >&2; return 1; }
}

build_kselftests() {
	log "building kselftests (static)"
	make -s -C "$repo/selftests" KSFT_DIR="$ksrc/tools/testing/selftests" \
		OUT="$work/kselftest" >"$work/kselftest.log" 2>&1 ||
		{ cat "$work/kselftest.log" >&2; return 1; }
	# The user half of dma_map_benchmark; its ioctl header is not a uapi
	# header in 6.12, so only that one file comes from include/linux
	mkdir -p "$work/mbinc/linux"
	cp "$ksrc/include/linux/map_benchmark.h" "$work/mbinc/linux/"
	${CC:-cc} -O2 -Wall -static -I"$work/mbinc" -o "$work/kselftest/dma_map_benchmark" \
		"$ksrc/tools/testing/selftests/dma/dma_map_benchmark.c" >>"$work/kselftest.log" 2>&1 ||
		{ cat "$work/kselftest.log" >&2; return 1; }
}

# copy_vfio_modules DIR: the stock kernel's VFIO modules, uncompressed (the
# guest's busybox insmod takes plain .ko files), for the vfio step: vfio-pci
# and the type1 container with what they depend on (modinfo -F depends).
# The debug kernel has them built in (tools/kconfig/debug.config).
vfio_modules="virt/lib/irqbypass drivers/vfio/vfio drivers/vfio/vfio_iommu_type1 drivers/vfio/pci/vfio-pci-core drivers/vfio/pci/vfio-pci"
copy_vfio_modules() {
	local dir=$1 m src
	mkdir -p "$dir"
	for m in $vfio_modules; do
		src=$SWSMMU_STOCK_ROOT/lib/modules/$SWSMMU_KVER/kernel/$m.ko.xz
		[ -e "$src" ] || { log "no $src"; return 1; }
		xz -dc "$src" > "$dir/${m##*/}.ko"
	done
}

# make_initramfs FLAVOUR PLAN OUT
make_initramfs() {
	local flavour=$1 plan=$2 out=$3 root
	root=$(mktemp -d "$work/root.XXXXXX")
	mkdir -p "$root"/{bin,sbin,etc/swsmmu,proc,sys,dev,tmp,lib/swsmmu/kselftest}
	cp "$SWSMMU_BUSYBOX" "$root/bin/busybox"
	cp "$repo/tools/guest/init" "$root/init"
	chmod 755 "$root/init"
	cp "$work/$flavour/src/swsmmu.ko" "$root/lib/swsmmu/"
	[ -e "$work/$flavour/src/kunit/swsmmu-kunit.ko" ] &&
		cp "$work/$flavour/src/kunit/swsmmu-kunit.ko" "$root/lib/swsmmu/"
	cp "$work/$flavour/harness/swsmmu-splat.ko" "$root/lib/swsmmu/"
	[ -e "$work/$flavour/src/swsmmu-upstream.ko" ] &&
		cp "$work/$flavour/src/swsmmu-upstream.ko" "$root/lib/swsmmu/"
	[ -e "$work/$flavour/src/swsmmu-upstream-test.ko" ] &&
		cp "$work/$flavour/src/swsmmu-upstream-test.ko" "$root/lib/swsmmu/"
	[ -e "$work/$flavour/src/kunit/swsmmu-dma-kunit.ko" ] &&
		cp "$work/$flavour/src/kunit/swsmmu-dma-kunit.ko" "$root/lib/swsmmu/"
	[ -e "$work/$flavour/src/tools/bench/swsmmu-bench.ko" ] &&
		cp "$work/$flavour/src/tools/bench/swsmmu-bench.ko" "$root/lib/swsmmu/"
	[ -e "$work/$flavour/dmatest/dmatest.ko" ] &&
		cp "$work/$flavour/dmatest/dmatest.ko" "$root/lib/swsmmu/"
	[ -e "$work/$flavour/map_benchmark/map_benchmark.ko" ] &&
		cp "$work/$flavour/map_benchmark/map_benchmark.ko" "$root/lib/swsmmu/"
	cp "$work"/kselftest/* "$root/lib/swsmmu/kselftest/"
	[ "$flavour" != stock ] || copy_vfio_modules "$root/lib/swsmmu/vfio"
	cat > "$root/etc/swsmmu/plan" <<-PLAN
	FLAVOUR=$flavour
	PLAN="$plan"
	SWSMMU_PARAMS="${mode_params:+$mode_params }${SWSMMU_PARAMS:-}"
	SWSMMU_KUNIT_PARAMS="${SWSMMU_KUNIT_PARAMS:-}"
	SWSMMU_KUNIT_FILTER="${SWSMMU_KUNIT_FILTER:-}"
	SWSMMU_FAULT_LONG="${SWSMMU_FAULT_LONG:-}"
	PLAN
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
	rm -rf "$root"
}

# boot FLAVOUR PLAN LABEL [MODE]: boots, parses; returns the parser's
# status.  MODE: the SMMU's mode, async (default) or sync
boot() {
	local flavour=$1 plan=$2 label=$3 kernel mem timeout initrd console
	local mode_params=$async_params
	[ "${4:-async}" = sync ] && mode_params=$sync_params
	case $flavour in
	stock)
		kernel=$SWSMMU_STOCK_ROOT/boot/vmlinuz-$SWSMMU_KVER
		mem=1G
		timeout=${SWSMMU_TIMEOUT_STOCK:-600}
		;;
	debug)
		kernel=$debug_kdir/arch/x86/boot/bzImage
		mem=2G
		timeout=${SWSMMU_TIMEOUT_DEBUG:-2400}
		;;
	esac
	initrd=$work/$label.cpio.gz
	console=$logs/$label.log
	make_initramfs "$flavour" "$plan" "$initrd"
	log "booting the $flavour kernel: $plan (log: build/logs/$label.log)"
	# tsc=reliable: under TCG a busy guest's clocksource watchdog finds the
	# TSC skewed against the HPET (the vCPU threads reading them are
	# scheduled by the host) and marks it unstable, in 8 of 9 upstream-lane
	# guests during dma_map_benchmark; that flips sched_clock's static key,
	# patching kernel text (int3 first) while both vCPUs run it, and a CI
	# run ended there in "Oops: int3" on both vCPUs.  TCG derives every
	# vCPU's TSC from one host clock: the watchdog has nothing to find.
	# This removes one trigger, not the hazard: other static keys (the
	# trace step's tracepoints) still patch text while both vCPUs run, so
	# an "Oops: int3" there would be the same thing again.
	timeout --foreground "$timeout" qemu-system-x86_64 -accel tcg -cpu max \
		-m "$mem" -smp 2 -display none -monitor none -serial stdio \
		-no-reboot -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 oops=panic tsc=reliable ${SWSMMU_CMDLINE:-}" \
		</dev/null >"$console" 2>&1 || true
	python3 "$repo/tools/vmparse.py" "$console" "$label" "$work/$label.json"
}

total() { # sum the JSON counts of the runs named
	python3 - "$@" <<-'PY'
	import json, sys
	p = f = s = 0
	for path in sys.argv[1:]:
	    c = json.load(open(path))
	    p += c['passed']; f += c['failed']; s += c['skipped']
	print("%d passed, %d failed, %d skipped" % (p, f, s))
	sys.exit(1 if f else 0)
	PY
}

# The harness must notice a failing test and a kernel WARN: run a guest that
# has both and check that the parser fails it for both reasons.
harness_selftest() {
	local label=harness-inject rc=0
	boot stock "inject_warn inject_fail" "$label" >"$work/$label.out" || rc=$?
	sed 's/^/        | /' "$work/$label.out"
	# ... and the WARN's call trace is shown, for CI logs (vmparse.py)
	if [ $rc -ne 0 ] && grep -q "dmesg: .*WARNING" "$work/$label.out" &&
	   grep -q "> Call Trace:" "$work/$label.out" &&
	   grep -q "FAIL .*harness_fail_test: 0 passed, 1 failed" "$work/$label.out"; then
		echo "ok      harness/self-test: an injected WARN (shown with its call trace) and a failing test both fail the run"
		echo '{"passed": 1, "failed": 0, "skipped": 0}' > "$work/harness.json"
	else
		echo "FAIL    harness/self-test: the injected WARN or failing test went unnoticed"
		echo '{"passed": 0, "failed": 1, "skipped": 0}' > "$work/harness.json"
	fi
}

# Both kernels run dmatest and dma_map_benchmark in identity, DMA and DMA-FQ
# domains.  Under DMA-API debug (the debug kernel) no test device has two
# threads making cacheline-tracked mappings at once: DMA-API debug would
# report a false overlap (DMA_DEBUG in tools/guest/init says why).
stock_plan="load pci pci_lspci pci_irq kselftest:ctl_test kselftest:debugfs_test kselftest:sva_test kselftest:lifetime_test dmatest:identity dmatest:DMA dmatest:DMA-FQ map_benchmark pci_sva pci_dmatest:identity pci_dmatest:DMA pci_dmatest:DMA-FQ pci_map_benchmark unload pci_irq_unload topo vfio iommufd features sva_stall trace"
debug_plan="kmemleak_clear kunit bench load pci pci_lspci pci_irq kselftest:ctl_test kselftest:debugfs_test kselftest:sva_test kselftest:lifetime_test kselftest:uapi_fuzz dmatest:identity dmatest:DMA dmatest:DMA-FQ map_benchmark pci_sva pci_dmatest:identity pci_dmatest:DMA pci_dmatest:DMA-FQ pci_map_benchmark unload pci_irq_unload topo vfio iommufd sva_stall trace fault fault_sweep kmemleak_scan"

# The upstream lane (Documentation/upstream.rst): Linux's arm-smmu-v3
# drives the software SMMU; tools/vmtest.sh upstream runs it on both
# kernels, and tools/vmtest.sh test (make test) too, after our lane
upstream_plan="upstream_load dmatest:identity dmatest:DMA dmatest:DMA-FQ map_benchmark pci pci_lspci pci_dmatest:identity pci_dmatest:DMA pci_dmatest:DMA-FQ pci_map_benchmark upstream_clients upstream_bad_dma upstream_unload"
upstream_debug_plan="kmemleak_clear upstream_kunit $upstream_plan kmemleak_scan"

# The SMMU's modes (Documentation/model.rst, "The asynchronous model"):
# every plan runs with the SMMU asynchronous, commands and records taking
# 2 to 20 us, so that a driver that does not wait for what it asked shows;
# make test runs the stock plan once more synchronous, and with strict
# mode off: the hit path that strict mode does without (a stream's last
# translation, "The last translation" in drivers/model/xlate.c) then
# serves the real drivers' DMA too
async_params="cmdq_latency_ns=2000-20000 evtq_latency_ns=2000-20000"
sync_params="cmdq_latency_ns=0 evtq_latency_ns=0 strict=none"

need_debug() {
	debug_kdir=$("$repo"/tools/build-debug-kernel.sh)
}

rc=0
case $mode in
demo)
	build_modules stock "$SWSMMU_STOCK_KDIR"
	build_kselftests
	# The upstream lane only where swsmmu-upstream.ko was built
	if [ -e "$work/stock/src/swsmmu-upstream.ko" ]; then
		boot stock "demo upstream_demo" demo >"$work/demo.out" || rc=$?
	else
		boot stock demo demo >"$work/demo.out" || rc=$?
	fi
	sed -n '/=== swsmmu \(upstream \)\{0,1\}demo ===/,/^=====/p' "$logs/demo.log" |
		sed 's/^\[[ 0-9.]*\] //'
	cat "$work/demo.out"
	total "$work/demo.json" || rc=$?
	;;
kunit)
	need_debug
	build_modules debug "$debug_kdir"
	build_kselftests
	boot debug "kmemleak_clear kunit kmemleak_scan" debug-kunit || true
	total "$work/debug-kunit.json" || rc=$?
	;;
upstream|upstream-stock|upstream-debug)
	runs=()
	if [ "$mode" != upstream-debug ]; then
		build_modules stock "$SWSMMU_STOCK_KDIR"
	fi
	if [ "$mode" != upstream-stock ]; then
		need_debug
		build_modules debug "$debug_kdir"
	fi
	build_kselftests
	if [ "$mode" != upstream-debug ]; then
		boot stock "${SWSMMU_PLAN:-$upstream_plan}" upstream-stock || true
		runs+=("$work/upstream-stock.json")
	fi
	if [ "$mode" != upstream-stock ]; then
		boot debug "${SWSMMU_PLAN:-$upstream_debug_plan}" upstream-debug || true
		runs+=("$work/upstream-debug.json")
	fi
	total "${runs[@]}" || rc=$?
	;;
stock|debug|test)
	runs=()
	if [ "$mode" != debug ]; then
		build_modules stock "$SWSMMU_STOCK_KDIR"
	fi
	if [ "$mode" != stock ]; then
		need_debug
		build_modules debug "$debug_kdir"
	fi
	build_kselftests
	if [ "$mode" != debug ]; then
		boot stock "${SWSMMU_PLAN:-$stock_plan}" stock || true
		runs+=("$work/stock.json")
	fi
	if [ "$mode" = test ]; then
		boot stock "$stock_plan" stock-sync sync || true
		runs+=("$work/stock-sync.json")
	fi
	if [ "$mode" != stock ]; then
		boot debug "${SWSMMU_PLAN:-$debug_plan}" debug || true
		runs+=("$work/debug.json")
	fi
	# The upstream lane, in guests of its own, where it was built
	if [ "$mode" = test ] && [ -e "$work/stock/src/swsmmu-upstream.ko" ]; then
		boot stock "$upstream_plan" upstream-stock || true
		runs+=("$work/upstream-stock.json")
	fi
	if [ "$mode" = test ] && [ -e "$work/debug/src/swsmmu-upstream.ko" ]; then
		boot debug "$upstream_debug_plan" upstream-debug || true
		runs+=("$work/upstream-debug.json")
	fi
	if [ "$mode" = test ]; then
		harness_selftest
		runs+=("$work/harness.json")
	fi
	total "${runs[@]}" || rc=$?
	;;
*)
	echo "usage: $0 demo|test|kunit|stock|debug|upstream[-stock|-debug]" >&2
	exit 2
	;;
esac
exit $rc
