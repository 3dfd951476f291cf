#!/usr/bin/env bash
# The long tier (never in CI): stress for minutes, long fuzzing, many crash
# kills, ThreadSanitizer. Each part can be run alone:
#   scripts/test-long.sh [stress|fuzz|crash|tsan|abuse|search]...
# Environment: STRESS_CLIENTS (50), STRESS_SECONDS (600), FUZZ_SECONDS (600),
# CAIRN_CRASH_KILLS (200), CAIRN_SEARCH_PROPERTY_BOXES (400: 4,800 cases),
# JOBS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-$(nproc)}
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(stress crash abuse search tsan fuzz)

build_release() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j"$jobs" --target cairn
}

for p in "${parts[@]}"; do
  start=$(date +%s)
  echo "=== $p"
  case "$p" in
    stress)
      build_release
      CAIRN_BIN="$root/build/cairn" python3 tests/stress/stress.py --clients "${STRESS_CLIENTS:-50}" \
        --seconds "${STRESS_SECONDS:-600}" --seed "${STRESS_SEED:-$(date +%s)}" ;;
    crash)
      build_release
      CAIRN_BIN="$root/build/cairn" CAIRN_CRASH_KILLS="${CAIRN_CRASH_KILLS:-200}" \
        python3 -m unittest -v tests/integration/test_crash.py ;;
    tsan)
      cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAIRN_TSAN=ON -DCAIRN_BENCH=OFF >/dev/null
      cmake --build build-tsan -j"$jobs"
      (cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -R 'patient_store_test|ReadersRunBesideWriters|BlobCollectedBetweenPutAndAppend|ReadersBesideAWriter|verifier|throttle|conn_limits|worker_pool')
      TSAN_OPTIONS=halt_on_error=1 CAIRN_BIN="$root/build-tsan/cairn" CAIRN_SANITIZED=1 \
        python3 tests/stress/stress.py --clients 10 --seconds 60 ;;
    abuse)
      build_release
      CAIRN_BIN="$root/build/cairn" CAIRN_ABUSE_SCALE=full python3 tests/abuse/run.py ;;
    search)
      # The search property test (index, scan and the test's own evaluator
      # agree) with thousands of cases instead of the fast tier's 360.
      cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build build -j"$jobs" --target unit_store
      CAIRN_SEARCH_PROPERTY_BOXES="${CAIRN_SEARCH_PROPERTY_BOXES:-400}" \
        CAIRN_SEARCH_PROPERTY_SEED="${CAIRN_SEARCH_PROPERTY_SEED:-$(date +%s)}" \
        build/tests/unit_store --gtest_filter='search_property_test.*' ;;
    fuzz)
      fuzz/run.sh "${FUZZ_SECONDS:-600}" ;;
    *) echo "unknown part $p" >&2; exit 2 ;;
  esac
  echo "=== $p: ok ($(( $(date +%s) - start ))s)"
done
