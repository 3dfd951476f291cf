#!/usr/bin/env bash
# Installs everything Cairn needs to build and test, from Debian 12 packages.
# Idempotent: packages already present are skipped. Never starts Debian's
# system instances of the services used by tests (DESIGN.md): a policy-rc.d
# refuses starts while this runs, and Postfix is preseeded to "No configuration".
#   scripts/install-deps.sh            build + runtime
#   scripts/install-deps.sh --test     + what the test tiers use
#   scripts/install-deps.sh --bench    + Dovecot for the benchmarks
set -euo pipefail

want_test=0; want_bench=0
for a in "$@"; do
  case "$a" in
    --test) want_test=1 ;;
    --bench) want_bench=1; want_test=1 ;;
    *) echo "usage: $0 [--test] [--bench]" >&2; exit 2 ;;
  esac
done

build_pkgs=(build-essential cmake pkg-config libboost1.81-dev libssl-dev libsqlite3-dev libpq-dev
  zlib1g-dev libargon2-dev libcrypt-dev libicu-dev libtomlplusplus-dev libcli11-dev openssl)
test_pkgs=(libgtest-dev libgmock-dev libbenchmark-dev clang-14 libclang-rt-14-dev python3
  dovecot-imapd dovecot-lmtpd isync postfix sqlite3 procps iproute2)

pkgs=("${build_pkgs[@]}")
[ $want_test = 1 ] && pkgs+=("${test_pkgs[@]}")
# Node.js: this machine kind ships its own (v20 with npm); take Debian's only
# where there is none.
if [ $want_test = 1 ] && ! command -v npm >/dev/null 2>&1; then pkgs+=(nodejs npm); fi

# The npm clients of the integration tests (imapflow: tests/clients), at
# the versions of the committed lockfile. Needs Node.js 20 and the npm
# registry; runs as whoever runs this script.
install_npm_clients() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/clients"
  [ $want_test = 1 ] && [ -f "$dir/package-lock.json" ] || return 0
  command -v npm >/dev/null 2>&1 || { echo "install-deps: npm missing, cannot install tests/clients" >&2; return 1; }
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "install-deps: npm ci in tests/clients"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/tmp/cairn-npm.log 2>&1) ||
    { tail -20 /tmp/cairn-npm.log; return 1; }
}

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  install_npm_clients
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root to install them" >&2
  exit 1
fi

# Refuse service starts during the install (restored afterwards).
policy=/usr/sbin/policy-rc.d
had_policy=0; [ -e $policy ] && had_policy=1
if [ $had_policy = 0 ]; then
  printf '#!/bin/sh\nexit 101\n' > $policy; chmod 755 $policy
  trap 'rm -f '$policy EXIT
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/cairn-apt.log 2>&1; then
  apt-get update -q >/tmp/cairn-apt-update.log 2>&1 || true
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/cairn-apt.log 2>&1 ||
    { tail -30 /tmp/cairn-apt.log; exit 1; }
fi
# Debian starts nothing with the policy above, and nothing starts these at
# boot either. A system instance somebody else started is not ours to stop:
# our private instances use their own loopback ports, so it is only noted.
for svc in dovecot postfix; do
  if command -v systemctl >/dev/null 2>&1; then
    systemctl disable "$svc" >/dev/null 2>&1 || true
    if systemctl is-active --quiet "$svc" 2>/dev/null; then
      echo "install-deps: a system $svc is running; left alone (the private instances use other ports)"
    fi
  fi
done
install_npm_clients
echo "install-deps: done"
