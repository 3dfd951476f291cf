#!/usr/bin/env bash
# The side-by-side benchmark of issue 4, in one command (run as root):
#
#   bench/run.sh [--quick | --medium] [--scenario NAME ...] [--runs N] [--servers LIST] [--keep] ...
#
# Installs Dovecot from Debian (never starting the system instance), builds
# Cairn and the load generator in Release, starts a private Dovecot on
# Maildir and on sdbox and Cairn side by side on loopback, creates the same
# accounts with the same argon2id hashes, loads the same generated mail,
# runs every scenario against each server in turn (A B C A B C ...) and
# prints the table, then runs the later issues' rows (bench/scenarios/*.py,
# each with its own servers) and prints theirs. --quick is the development
# size (minutes), --medium every client and connection count with shorter
# runs (about an hour); without either the run takes hours (the long tier,
# never in CI). It stops only the processes it started, by PID. All options:
#   bench/run.sh --help        docs/benchmarks.md explains the scenarios.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "bench/run.sh: run as root (the servers drop to their own users)" >&2
  exit 1
fi
for a in "$@"; do
  if [ "$a" = "--help" ] || [ "$a" = "-h" ]; then exec python3 bench/harness/bench.py --help; fi
done

scripts/install-deps.sh --bench
# Dovecot's SQL passdb (SQLite), so that its password checks run in auth
# workers as Cairn's do (bench/harness/servers.py says why). Installed the
# way install-deps.sh installs: a policy-rc.d refuses service starts.
if ! dpkg-query -W -f='${Status}' dovecot-sqlite 2>/dev/null | grep -q "install ok installed"; then
  policy=/usr/sbin/policy-rc.d; made_policy=0
  if [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' > $policy; chmod 755 $policy; made_policy=1
    trap 'rm -f '$policy EXIT
  fi
  echo "bench/run.sh: installing dovecot-sqlite"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dovecot-sqlite \
      >/tmp/cairn-bench-apt.log 2>&1; then
    apt-get update -q >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dovecot-sqlite \
      >/tmp/cairn-bench-apt.log 2>&1 || { tail -20 /tmp/cairn-bench-apt.log; exit 1; }
  fi
  if [ $made_policy = 1 ]; then rm -f $policy; trap - EXIT; fi
fi

build=${CAIRN_BENCH_BUILD:-build-bench}
echo "bench/run.sh: building Cairn and the load generator (Release) in $build"
mkdir -p "$build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCAIRN_TESTS=OFF -DCAIRN_BENCH=ON >"$build/bench-cmake.log" 2>&1 ||
  { tail -20 "$build/bench-cmake.log"; exit 1; }
cmake --build "$build" -j"$(nproc)" --target cairn cairn-loadgen cairn-bench-users cairn-bench-selftest \
  >"$build/bench-build.log" 2>&1 || { grep -E "error|Error" "$build/bench-build.log" | head -20; exit 1; }
# The load generator checks its own parts first (percentiles, response
# parsing, generated mail); no timing is asserted.
"$build/cairn-bench-selftest" --gtest_brief=1 >"$build/bench-selftest.log" 2>&1 ||
  { tail -30 "$build/bench-selftest.log"; echo "bench/run.sh: the load generator's self-test failed" >&2; exit 1; }

exec python3 bench/harness/bench.py --build "$build" "$@"
