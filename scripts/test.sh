#!/usr/bin/env bash
# The fast test tier (the README's second command, and what CI runs):
#   1. install what the tests need (Debian packages; idempotent)
#   2. build Release and run the unit tests (CTest)
#   3. run the integration tests against a real `cairn serve` (transcripts,
#      imaplib, crash, CLI, backup), the abuse tests (tests/abuse) and a
#      short stress run
#   4. build the whole suite with ASan+UBSan (g++) and run it again (unit,
#      integration, abuse and a shorter stress run)
#   5. run every fuzzer briefly (clang 14, libFuzzer)
# Each stage prints how long it took. Exits non-zero at the first failure.
#
# Environment: JOBS (default: cores), FUZZ_SECONDS (default 10 per target),
# SKIP_ASAN=1 / SKIP_FUZZ=1 to shorten a local run (CI runs everything).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-$(nproc)}
total_start=$(date +%s)

stage() {
  local name=$1; shift
  local start=$(date +%s)
  echo "=== $name"
  if "$@"; then
    echo "=== $name: ok ($(( $(date +%s) - start ))s)"
  else
    local rc=$?
    echo "=== $name: FAILED ($(( $(date +%s) - start ))s)"
    exit $rc
  fi
}

install() {
  if [ "$(id -u)" = 0 ]; then scripts/install-deps.sh --test; else scripts/install-deps.sh --test || true; fi
  id cairn >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && useradd --system --no-create-home --shell /usr/sbin/nologin cairn; } || true
}

build_release() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCAIRN_WERROR=ON >/dev/null
  cmake --build build -j"$jobs"
}

unit_release() { (cd build && ctest --output-on-failure -j"$jobs" --timeout 300); }

integration_release() { CAIRN_BIN="$root/build/cairn" python3 tests/integration/run_all.py; }

abuse_release() { CAIRN_BIN="$root/build/cairn" python3 tests/abuse/run.py; }

stress_release() { CAIRN_BIN="$root/build/cairn" python3 tests/stress/stress.py --clients 20 --seconds 30 --seed "${STRESS_SEED:-$(date +%s)}"; }

build_asan() {
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCAIRN_SANITIZE=ON -DCAIRN_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
}

unit_asan() {
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j"$jobs" --timeout 600)
}

integration_asan() {
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    CAIRN_BIN="$root/build-asan/cairn" CAIRN_SANITIZED=1 python3 tests/integration/run_all.py
}

abuse_asan() {
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    CAIRN_BIN="$root/build-asan/cairn" CAIRN_SANITIZED=1 python3 tests/abuse/run.py
}

stress_asan() {
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    CAIRN_BIN="$root/build-asan/cairn" CAIRN_SANITIZED=1 \
    python3 tests/stress/stress.py --clients 10 --seconds 20 --seed "${STRESS_SEED:-$(date +%s)}"
}

fuzz_brief() { JOBS=$jobs fuzz/run.sh "${FUZZ_SECONDS:-10}"; }

stage "install dependencies" install
stage "build (Release)" build_release
stage "unit tests (Release)" unit_release
stage "integration tests (Release)" integration_release
stage "abuse tests (Release)" abuse_release
stage "stress: 20 clients, 30 s (Release)" stress_release
if [ "${SKIP_ASAN:-0}" != 1 ]; then
  stage "build (ASan+UBSan)" build_asan
  stage "unit tests (ASan+UBSan)" unit_asan
  stage "integration tests (ASan+UBSan)" integration_asan
  stage "abuse tests (ASan+UBSan)" abuse_asan
  stage "stress: 10 clients, 20 s (ASan+UBSan)" stress_asan
fi
if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  stage "fuzzers (${FUZZ_SECONDS:-10}s each)" fuzz_brief
fi
echo "=== all tests passed ($(( $(date +%s) - total_start ))s)"
