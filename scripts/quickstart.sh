#!/usr/bin/env bash
# The README's first command: on a fresh Debian 12 machine, as root, installs
# what Cairn needs, builds it, and starts a server on the embedded store on
# loopback (ports 143/993 when free, else 1143/1993) with a demo account,
# then prints how to point a mail client at it.
#
# Re-running it rebuilds, restarts the server it started before (by the PID
# in /run/cairn.pid) and gives the demo account a new password. Mail and
# other accounts in /var/lib/cairn are kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "$(id -u)" != 0 ]; then echo "quickstart: run as root (it installs packages and binds ports)" >&2; exit 1; fi

data=/var/lib/cairn
conf=/etc/cairn/cairn.toml
log=/var/log/cairn.log
pidfile=/run/cairn.pid

echo "[1/5] installing packages"
scripts/install-deps.sh

echo "[2/5] building (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target cairn >/dev/null
install -m 0755 build/cairn /usr/local/bin/cairn

echo "[3/5] preparing the cairn user, $data and $conf"
id cairn >/dev/null 2>&1 || useradd --system --home-dir "$data" --no-create-home --shell /usr/sbin/nologin cairn
install -d -m 0700 -o cairn -g cairn "$data"

# Stop the server an earlier run started, so its ports are free again.
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill -TERM "$(cat "$pidfile")"
  for _ in $(seq 1 100); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
fi

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! in_use 143 && ! in_use 993; then imap=143; imaps=993; else imap=1143; imaps=1993; fi
if in_use "$imap" || in_use "$imaps"; then
  echo "quickstart: ports $imap/$imaps are in use too; free them or edit $conf" >&2; exit 1
fi
install -d -m 0755 /etc/cairn
cat > "$conf" <<CONF
# Written by scripts/quickstart.sh; see docs/configuration.md for every key.
[server]
data = "$data"
user = "cairn"
imap = "127.0.0.1:$imap"
imaps = "127.0.0.1:$imaps"
CONF

echo "[4/5] creating the demo account"
password=$(openssl rand -base64 12 | tr -d '/+=' | cut -c1-14)
if cairn user list --config "$conf" | grep -qx demo; then
  printf '%s\n' "$password" | cairn user passwd demo --config "$conf" >/dev/null
else
  printf '%s\n' "$password" | cairn user add demo --config "$conf" >/dev/null
fi

echo "[5/5] starting the server"
: > "$log"
nohup cairn serve --config "$conf" >>"$log" 2>&1 &
echo $! > "$pidfile"
for _ in $(seq 1 100); do
  grep -q 'event=started' "$log" && break
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "quickstart: the server did not start:" >&2; tail -5 "$log" >&2; exit 1; }
  sleep 0.1
done
grep -q 'event=started' "$log" || { echo "quickstart: the server did not start in time:" >&2; tail -5 "$log" >&2; exit 1; }

cat <<MSG

Cairn is running (PID $(cat "$pidfile"), log $log, mail in $data).

Point a mail client at it:
  IMAP server   127.0.0.1
  port          $imaps with SSL/TLS, or $imap with STARTTLS
  user name     demo
  password      $password

The certificate is self-signed ($data/tls-cert.pem): accept it in your client
or set tls.certificate and tls.key in $conf. Try it from here with:
  openssl s_client -quiet -connect 127.0.0.1:$imaps
  a LOGIN demo $password

Stop it:      kill \$(cat $pidfile)
More users:   cairn user add NAME --config $conf     (password on stdin)
MSG
