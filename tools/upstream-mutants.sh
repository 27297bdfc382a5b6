#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The mutants of the upstream lane (issue 13, Documentation/upstream.rst):
# Linux's arm-smmu-v3.c / io-pgtable-arm.c built with one patch of
# tools/upstream-mutants/ applied (tools/upstream-src.sh applies
# $SWSMMU_UPSTREAM_PATCH after extracting them; never in a normal build),
# then the debug kernel boots with arm-smmu-v3 driving the asynchronous,
# strict SMMU (plan "upstream_load kunit") and runs the swsmmu-mutant case
# that must catch it.  Last, the unpatched driver must pass those cases.
# One line per run, as tools/mutants.sh:
#
#   upstream <mutant>: caught|NOT caught (<how>, <time to detection>)
#
#   tools/upstream-mutants.sh [mutant...]   default: every patch
#
# Environment: MUTANT_SECONDS (default 30), MUTANT_RUNS (default 10),
# MUTANT_CORRECT=0 (skip the unpatched driver's run); VM
# runs take the shared lock unless SWSMMU_VM_LOCKED is set.  Guest logs:
# build/logs/upstream-mutant-<name>.log.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/logs
mkdir -p "$logs"

# The swsmmu-mutant case that catches each patch
declare -A case_of=(
	[no_sync_wait]=mutant_stale_after_unmap
	[free_pgtable_before_sync]=mutant_walk_after_table_free
	[leaf_tlbi_table_free]=mutant_walk_after_table_free
	[ste_one_pass]=mutant_torn_ste
	[pte_no_tlbi]=mutant_stale_after_remap
	[cd_no_cfgi]=mutant_stale_cd
	[asid_reuse_no_tlbi]=mutant_asid_reuse
	[no_atc_inv]=mutant_stale_atc
)
async="cmdq_latency_ns=2000-20000 evtq_latency_ns=2000-20000"
secs=${MUTANT_SECONDS:-30}
runs=${MUTANT_RUNS:-10}
lock=(flock /tmp/swsmmu-vm.lock)
[ -n "${SWSMMU_VM_LOCKED:-}" ] && lock=()
mutants=("$@")
[ ${#mutants[@]} -eq 0 ] && mutants=(no_sync_wait free_pgtable_before_sync
	leaf_tlbi_table_free ste_one_pass pte_no_tlbi cd_no_cfgi
	asid_reuse_no_tlbi no_atc_inv)

# run LABEL PATCH FILTER RUNS: boots the debug kernel with arm-smmu-v3
run() {
	local label=$1 patch=$2 filter=$3 n=$4
	SWSMMU_UPSTREAM_PATCH=$patch SWSMMU_PLAN="upstream_load kunit" \
	SWSMMU_PARAMS="$async" SWSMMU_KUNIT_FILTER="$filter" \
	SWSMMU_KUNIT_PARAMS="mutant_seconds=$secs mutant_runs=$n" \
		"${lock[@]}" "$repo/tools/vmtest.sh" debug \
		>"$logs/upstream-mutant-$label.out" 2>&1
	cp "$logs/debug.log" "$logs/upstream-mutant-$label.log"
}

caught=0 missed=0 bad=0
for m in "${mutants[@]}"; do
	c=${case_of[$m]:-}
	p=$repo/tools/upstream-mutants/$m.patch
	if [ -z "$c" ] || [ ! -e "$p" ]; then
		echo "upstream-mutants: unknown mutant $m (known: ${!case_of[*]})" >&2
		exit 2
	fi
	run "$m" "$p" "swsmmu-mutant.$c" "$runs"
	if v=$(MUTANT_VERDICT="$logs/upstream-mutant-$m.log" "$repo/tools/mutants.sh"); then
		caught=$((caught + 1))
	else
		missed=$((missed + 1))
	fi
	echo "upstream $m: $v"
done
# Unpatched, arm-smmu-v3 passes the same cases (once each; every case
# runs under arm-smmu-v3, none skips)
if [ "${MUTANT_CORRECT:-1}" != 0 ]; then
	run correct "" "swsmmu-mutant.*" 1
	if grep -q '^[0-9]* passed, 0 failed' "$logs/upstream-mutant-correct.out"; then
		echo "upstream correct driver: passes swsmmu-mutant"
	else
		echo "upstream correct driver: FAILS swsmmu-mutant"
		bad=$((bad + 1))
	fi
fi
echo "$caught caught, $missed not caught, $bad correct-driver failures"
[ "$missed" -eq 0 ] && [ "$bad" -eq 0 ]
