#!/usr/bin/env bash
# Floods of password work against the release server (SQLite): 400 connections at once
# sending reset_password with made-up links, then log_in with a wrong password for an
# existing account (each one an argon2 check of 19 MiB). Prints the latency (wrk) and the
# server's peak memory (VmHWM) after each flood: hashing runs at most one per core, so
# the memory stays bounded whatever the number of callers.
#
#   bash bench/password-flood.sh
#
# Builds the release first (`cargo leptos build --release --split --precompress`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS=400
command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
install_rust_tools
install_npm_packages
build_style
cargo leptos build --release --split --precompress
bin="$CARGO_TARGET_DIR/release/vismonjob"

work=$(mktemp -d)
trap 'kill "$server" 2> /dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The limits of attempts are lifted: what is measured is the hashing cap alone.
export DATABASE_URL="sqlite:$work/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  OUTBOX_DIR="$work/outbox" RUST_LOG=warn RATE_LIMIT_PER_ADDRESS=100000000 RATE_LIMIT_PER_EMAIL=100000000
"$bin" migrate > /dev/null
echo "un mot de passe de test" | "$bin" user create --role organiser --email flood@exemple.fr > /dev/null
"$bin" serve &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
peak() { awk '/VmHWM/ {printf "%d Mio", $2 / 1024}' "/proc/$server/status"; }
echo "mémoire au repos : $(peak)"

flood() {
  local name=$1 body=$2
  cat > "$work/$name.lua" <<EOF
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
EOF
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency -s "$work/$name.lua" \
    "http://127.0.0.1:$port/api/$name" > "$work/$name.txt"
  printf '%s : %s req/s, p50 %s, p99 %s, pic mémoire %s\n' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")" \
    "$(awk '$1 == "50%" {print $2}' "$work/$name.txt")" \
    "$(awk '$1 == "99%" {print $2}' "$work/$name.txt")" "$(peak)"
  grep -E "Non-2xx|Socket errors" "$work/$name.txt" || true
}
flood reset_password "token=jeton-invente&password=une+phrase+de+passe+solide"
flood log_in "email=flood%40exemple.fr&password=pas+le+bon+mot+de+passe"
