#!/usr/bin/env bash
# Runs the benchmark suite on demand (never from scripts/test.sh or CI): starts PostgreSQL and RabbitMQ like the
# other scripts, builds Release, runs every benchmark against its baseline measured in the same run, and writes the
# table to docs/benchmarks.md. A full run takes about 15 minutes; --quick is a short smoke run.
# Usage: scripts/bench.sh [--quick] [--only gateway,ingest,fanout,token] [--output path]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

case "${1:-}" in
  -h|--help)
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
esac

scripts/infra.sh start
eval "$(scripts/infra.sh env)"
export CONNECTORS_PG CONNECTORS_AMQP CONNECTORS_RABBIT_MGMT

echo "[bench] building (Release)"
dotnet build Connectors.slnx -c Release -nologo -clp:ErrorsOnly

echo "[bench] running"
dotnet bench/Connectors.Benchmarks/bin/Release/net10.0/Connectors.Benchmarks.dll "$@"
