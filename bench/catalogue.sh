#!/usr/bin/env bash
# Catalogue benchmark, 10,000 published offers, every page server-side rendered:
# /offres?metier=developpeur&region=11 (filtered), /offres (unfiltered) and a mix of 500
# filter URLs (bench/catalogue-urls.py), against the filtered page's HTML served as a
# static file by the same server.
# wrk, 2 threads, 32 connections, on SQLite and on PostgreSQL.
#
#   bash bench/catalogue.sh                 # SQLite, and PostgreSQL if BENCH_POSTGRES_URL is set
#   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/catalogue.sh
#
# Builds the release first (`cargo leptos build --release --split --precompress`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS=32
OFFERS=10000
QUERY="/offres?metier=developpeur&region=11"
out=bench/results
mkdir -p "$out"

command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
install_rust_tools
install_npm_packages
build_style
cargo leptos build --release --split --precompress
bin="$CARGO_TARGET_DIR/release/vismonjob"

run_backend() {
  local name=$1 url=$2 port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "== $name : création de $OFFERS offres"
  DATABASE_URL="$url" "$bin" seed --ambassadors "$OFFERS" --students 0
  DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$bin" serve &
  local server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port$QUERY" -o target/site/bench-offres.html
  echo "   page : $(wc -c < target/site/bench-offres.html) octets, $(grep -o 'fr-card__title' target/site/bench-offres.html | wc -l) offres affichées"
  curl -fs "http://127.0.0.1:$port/offres" -o "$out/offres.html"
  python3 bench/catalogue-urls.py "$out/offres.html" > "$out/mix.lua"
  local base="http://127.0.0.1:$port"
  wrk -t2 -c"$CONNECTIONS" -d2s "$base$QUERY" > /dev/null # warm-up
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$base$QUERY" > "$out/$name-filtered.txt"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$base/offres" > "$out/$name-unfiltered.txt"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$out/mix.lua" "$base" > "$out/$name-mix.txt"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$base/bench-offres.html" > "$out/$name-static.txt"
  kill "$server"
  wait "$server" 2> /dev/null || true
  local static
  static=$(awk '/Requests\/sec/ {print $2}' "$out/$name-static.txt")
  for run in filtered unfiltered mix; do
    local ssr p99
    ssr=$(awk '/Requests\/sec/ {print $2}' "$out/$name-$run.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$out/$name-$run.txt")
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$run" "$ssr" "$p99" "$static" \
      "$(python3 -c "print(f'{100 * $ssr / $static:.0f} %')")" >> "$out/summary.md"
  done
}

: > "$out/summary.md"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_backend sqlite "sqlite:$work/bench.db"
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  db="vmj_bench_$$"
  psql "$BENCH_POSTGRES_URL" -qc "CREATE DATABASE $db"
  run_backend postgresql "${BENCH_POSTGRES_URL%/*}/$db"
  psql "$BENCH_POSTGRES_URL" -qc "DROP DATABASE $db WITH (FORCE)"
fi
echo
echo "| base | pages | SSR req/s | SSR p99 | statique req/s | ratio |"
echo "|---|---|---|---|---|---|"
cat "$out/summary.md"
