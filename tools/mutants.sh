#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutants that must fail (issue 13, part 3): build each deliberately broken
# driver (make SWSMMU_MUTANT=<name>, see Kbuild; never a normal build), run
# the swsmmu-mutant case that must catch it in the debug kernel, with the
# SMMU asynchronous and synchronous, then run the same cases against the
# correct driver (once each), which must pass them.  One line per run:
#
#   <mutant> <mode>: caught|NOT caught (<how>, <time to detection>)
#
# and last "N caught, N not caught, N correct-driver failures".
#
#   tools/mutants.sh [mutant...]        default: every mutant
#
# Environment: MUTANT_SECONDS (how long a case tries, default 30),
# MUTANT_RUNS (tries of each case, for the median time to detection,
# default 10; a try stops at the first sign of the bug), MUTANT_MODES (default "async sync"),
# MUTANT_CORRECT=0 (skip the correct driver's runs).  VM runs
# take the shared lock (/tmp/swsmmu-vm.lock) unless SWSMMU_VM_LOCKED is set
# (the caller holds it).  Guest logs are kept as
# build/logs/mutant-<name>-<mode>.log.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/logs
mkdir -p "$logs"

# The case of kunit/mutant_test.c that catches each mutant
declare -A case_of=(
	[no_sync_wait]=mutant_stale_after_unmap
	[free_pgtable_before_sync]=mutant_walk_freed_table
	[leaf_tlbi_table_free]=mutant_walk_after_table_free
	[ste_one_pass]=mutant_torn_ste
	[pte_no_tlbi]=mutant_stale_after_remap
	[cd_no_cfgi]=mutant_stale_cd
	[asid_reuse_no_tlbi]=mutant_asid_reuse
	[no_atc_inv]=mutant_stale_atc
)
# Kernel arguments a mutant's boots need: KASAN reports only the first bug
# of a boot unless kasan_multi_shot, and each try waits for a report
declare -A cmdline_of=(
	[free_pgtable_before_sync]=kasan_multi_shot
)
declare -A params_of=(
	[async]="cmdq_latency_ns=2000-20000 evtq_latency_ns=2000-20000"
	[sync]="cmdq_latency_ns=0 evtq_latency_ns=0"
)
secs=${MUTANT_SECONDS:-30}
runs=${MUTANT_RUNS:-10}
modes=${MUTANT_MODES:-async sync}
lock=(flock /tmp/swsmmu-vm.lock)
[ -n "${SWSMMU_VM_LOCKED:-}" ] && lock=()
mutants=("$@")
[ ${#mutants[@]} -eq 0 ] && mutants=(no_sync_wait free_pgtable_before_sync
	leaf_tlbi_table_free ste_one_pass pte_no_tlbi cd_no_cfgi
	asid_reuse_no_tlbi no_atc_inv)

# run MUTANT MODE FILTER [RUNS]: boots the debug kernel, keeps its log;
# "" = correct
run() {
	local m=$1 mode=$2 filter=$3 label=${1:-correct}-$2
	SWSMMU_MUTANT=$m SWSMMU_PARAMS="${params_of[$mode]}" \
	SWSMMU_CMDLINE="${cmdline_of[$m]:-}" \
	SWSMMU_KUNIT_FILTER="$filter" \
	SWSMMU_KUNIT_PARAMS="mutant_seconds=$secs mutant_runs=${4:-$runs}" \
		"${lock[@]}" "$repo/tools/vmtest.sh" kunit \
		>"$logs/mutant-$label.out" 2>&1
	cp "$logs/debug-kunit.log" "$logs/mutant-$label.log"
}

# verdict LOG: "caught (how, time)" or "NOT caught"; status 0 if caught
verdict() {
	python3 - "$1" <<-'PY'
	import re, sys
	start = kasan = None
	median = failed = None
	for line in open(sys.argv[1], errors='replace'):
	    m = re.match(r'\[\s*([0-9.]+)\]', line)
	    t = float(m.group(1)) if m else None
	    if 'MUTANT START' in line and start is None:
	        start = t
	    if 'BUG: KASAN' in line and kasan is None:
	        kasan = t
	    m = re.search(r'MUTANT MEDIAN: (\d+) us over (\d+) of (\d+) runs'
	                  r'(?: \((.*)\))?', line)
	    if m:
	        median = m.groups()
	    if re.match(r'\s*not ok \d+ mutant_', line):
	        failed = True
	if median:
	    us, n, of, what = median
	    print("caught (%s, median %.3f s over %s of %s runs)" %
	          (what or "stale translation", int(us) / 1e6, n, of))
	elif kasan is not None and start is not None:
	    print("caught (KASAN report, %.3f s)" % (kasan - start))
	elif kasan is not None or failed:
	    print("caught (%s)" % ("KASAN report" if kasan is not None else "test failed"))
	else:
	    print("NOT caught")
	    sys.exit(1)
	PY
}

# tools/upstream-mutants.sh judges its guests' logs the same way
if [ -n "${MUTANT_VERDICT:-}" ]; then
	verdict "$MUTANT_VERDICT"
	exit
fi

caught=0 missed=0 bad=0
for m in "${mutants[@]}"; do
	c=${case_of[$m]:-}
	if [ -z "$c" ]; then
		echo "mutants: unknown mutant $m (known: ${!case_of[*]})" >&2
		exit 2
	fi
	for mode in $modes; do
		run "$m" "$mode" "swsmmu-mutant.$c"
		if v=$(verdict "$logs/mutant-$m-$mode.log"); then
			caught=$((caught + 1))
		else
			missed=$((missed + 1))
		fi
		echo "$m $mode: $v"
	done
done
# The correct driver passes every case, in each mode, with nothing in dmesg
# (swsmmu-queue too: the model's own asynchronous cases)
[ "${MUTANT_CORRECT:-1}" = 0 ] && modes=
for mode in $modes; do
	# once each: the medians are the mutants' (7 cases x 30 s already)
	run "" "$mode" "swsmmu-[mq]u*" 1
	if grep -q '^[0-9]* passed, 0 failed' "$logs/mutant-correct-$mode.out"; then
		echo "correct driver $mode: passes swsmmu-mutant and swsmmu-queue"
	else
		echo "correct driver $mode: FAILS swsmmu-mutant or swsmmu-queue"
		bad=$((bad + 1))
	fi
done
echo "$caught caught, $missed not caught, $bad correct-driver failures"
[ "$missed" -eq 0 ] && [ "$bad" -eq 0 ]
