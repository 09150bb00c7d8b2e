#!/usr/bin/env bash
# Criterion measurements of the live dashboard's reading (app/benches/statistics.rs):
# one edition of 500,000 applications, 50,000 offers and 40,000 pairs, on SQLite, and on
# PostgreSQL when BENCH_POSTGRES_URL names a server.
#
#   bash bench/statistics.sh
#   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/statistics.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
TEST_DATABASE_URL="${BENCH_POSTGRES_URL:-}" cargo bench -p app --features testing --bench statistics -- --noplot
