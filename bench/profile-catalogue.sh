#!/usr/bin/env bash
# Where the server's time goes while it renders the catalogue: `perf record` (CPU clock,
# 499 Hz) on the release server during 10 s of wrk on one page, then the functions with
# the most samples of their own, and grouped by crate (bench/results/perf.data is kept
# for `perf report -i bench/results/perf.data`).
#
#   bash bench/profile-catalogue.sh                          # /offres?metier=developpeur&region=11
#   bash bench/profile-catalogue.sh /offres                  # another page
#   PROFILE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/profile-catalogue.sh
#
# bench/perf-crates.py groups the samples by crate. Uses the release build left by bench/catalogue.sh (or builds it) and Debian's perf.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

PAGE="${1:-/offres?metier=developpeur&region=11}"
OFFERS=10000
out=bench/results
mkdir -p "$out"
command -v perf > /dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf; }
command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bin="$CARGO_TARGET_DIR/release/vismonjob"
if [ ! -x "$bin" ]; then
  install_rust_tools
  install_npm_packages
  build_style
  cargo leptos build --release --split --precompress
fi

work=$(mktemp -d)
db_url="sqlite:$work/bench.db"
if [ -n "${PROFILE_DATABASE_URL:-}" ]; then
  db="vmj_profile_$$"
  psql "$PROFILE_DATABASE_URL" -qc "CREATE DATABASE $db"
  db_url="${PROFILE_DATABASE_URL%/*}/$db"
fi
cleanup() {
  rm -rf "$work"
  if [ -n "${PROFILE_DATABASE_URL:-}" ]; then
    psql "$PROFILE_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  fi
}
trap cleanup EXIT
DATABASE_URL="$db_url" "$bin" seed --ambassadors "$OFFERS" --students 0 > /dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="$db_url" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  "$bin" serve &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
wrk -t2 -c32 -d2s "http://127.0.0.1:$port$PAGE" > /dev/null # warm-up
perf record -e cpu-clock -F 499 -g -p "$server" -o "$out/perf.data" -- sleep 10 2> /dev/null &
recorder=$!
wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port$PAGE" > "$out/profile-wrk.txt"
wait "$recorder" || true
kill "$server"
wait "$server" 2> /dev/null || true
grep -E "Requests/sec|99%" "$out/profile-wrk.txt"
# perf reads its terminal when it has one: stdin from /dev/null.
perf report -i "$out/perf.data" --no-children -g none --percent-limit 0 --sort symbol --stdio \
  < /dev/null 2> /dev/null > "$out/profile-report.txt"
grep -E '^ +[0-9]' "$out/profile-report.txt" | sed -E 's/ +$//; s/  +/ /g' | head -40 \
  | tee "$out/profile-symbols.txt"
echo
python3 bench/perf-crates.py < "$out/profile-report.txt" | tee "$out/profile-crates.txt"
