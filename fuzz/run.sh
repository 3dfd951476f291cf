#!/usr/bin/env bash
# fuzz/run.sh SECONDS [TARGET...]: builds every libFuzzer target with clang 14
# (ASan+UBSan) and runs each for SECONDS from its seed corpus. Fails on any
# crash, leak or sanitizer report. Findings are kept in build-fuzz/findings/.
set -euo pipefail
secs=${1:-10}; shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CAIRN_FUZZ_BUILD:-$root/build-fuzz}
cmake -S "$root" -B "$build" -DCAIRN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$root"/fuzz/*.cpp; do targets+=("$(basename "${f%.cpp}")"); done
fi
# Only what is run is built (a target that names its libraries with
# "// fuzz-deps:" compiles just those).
cmake --build "$build" -j"${JOBS:-2}" --target "${targets[@]/#/fuzz_}" >/dev/null
mkdir -p "$build/findings"
status=0
for t in "${targets[@]}"; do
  work="$build/corpus-work/$t"; mkdir -p "$work"
  seeds="$root/fuzz/corpus/$t"; [ -d "$seeds" ] || seeds=""
  dict=()
  if [ -f "$root/fuzz/$t.dict" ]; then dict=(-dict="$root/fuzz/$t.dict")
  elif [ -f "$root/fuzz/imap.dict" ]; then dict=(-dict="$root/fuzz/imap.dict"); fi
  # A target may add environment ("// fuzz-env: NAME=value ...") and
  # libFuzzer flags ("// fuzz-flags: -max_len=...") on lines of its own.
  extra_env=(); extra_flags=()
  line=$(grep -m1 '^// fuzz-env:' "$root/fuzz/$t.cpp" || true)
  [ -n "$line" ] && read -r -a extra_env <<< "${line#// fuzz-env:}"
  line=$(grep -m1 '^// fuzz-flags:' "$root/fuzz/$t.cpp" || true)
  [ -n "$line" ] && read -r -a extra_flags <<< "${line#// fuzz-flags:}"
  start=$(date +%s)
  if ! (cd "$build/findings" && env ASAN_OPTIONS=detect_leaks=1 "${extra_env[@]}" "$build/fuzz/fuzz_$t" \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        "${dict[@]}" "${extra_flags[@]}" "$work" $seeds > "$build/findings/$t.log" 2>&1); then
    echo "FAIL fuzz_$t (see $build/findings/$t.log)"; tail -40 "$build/findings/$t.log"; status=1
  else
    execs=$(grep -m1 'stat::number_of_executed_units' "$build/findings/$t.log" | awk '{print $2}')
    cov=$(grep -o 'cov: [0-9]*' "$build/findings/$t.log" | tail -1 | awk '{print $2}')
    ft=$(grep -o 'ft: [0-9]*' "$build/findings/$t.log" | tail -1 | awk '{print $2}')
    corp=$(grep -o 'corp: [0-9]*' "$build/findings/$t.log" | tail -1 | awk '{print $2}')
    echo "ok   fuzz_$t ${secs}s execs=${execs:-?} cov=${cov:-?} ft=${ft:-?} corpus=${corp:-?} ($(( $(date +%s) - start ))s)"
  fi
done
exit $status
