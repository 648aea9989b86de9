#!/usr/bin/env bash
# Runs every test of the product. Installs and starts what the tests need (PostgreSQL, RabbitMQ and Chromium
# from Debian's packages, on 127.0.0.1), builds, runs the suites, and stops the servers it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

started_here=0
if ! (pg_isready -q -h 127.0.0.1 -p "${CONNECTORS_PG_PORT:-54329}" 2>/dev/null); then started_here=1; fi
scripts/infra.sh start
eval "$(scripts/infra.sh env)"
export CONNECTORS_PG CONNECTORS_AMQP CONNECTORS_RABBIT_MGMT
cleanup() { if [ "$started_here" = 1 ] && [ "${CONNECTORS_KEEP_SERVERS:-0}" != 1 ]; then scripts/infra.sh stop; fi; }
trap cleanup EXIT

# The dashboard's browser tests drive Debian's Chromium (no browser download).
if [ ! -x /usr/lib/chromium/chromium ]; then
  echo "[test] installing chromium from Debian's packages"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi

# The contract checks run third-party validators (Stoplight Prism, protobufjs, Ajv) on Node.js, pinned by
# tools/contracts/package-lock.json. Debian's nodejs and npm are installed only when node is missing.
if ! command -v node >/dev/null 2>&1; then
  echo "[test] installing nodejs and npm from Debian's packages"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nodejs npm >/dev/null
fi
echo "[test] installing the contract tools (npm ci)"
npm ci --prefix tools/contracts --no-audit --no-fund --loglevel=error

# The QuickBooks contract check validates against Intuit's XML Schema with xmllint (Debian's libxml2-utils).
if ! command -v xmllint >/dev/null 2>&1; then
  echo "[test] installing xmllint (libxml2-utils) from Debian's packages"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq libxml2-utils >/dev/null
fi

# The deployment checks validate docker-compose.yml with Debian's docker-compose (no Docker engine needed).
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "[test] installing docker-compose from Debian's packages"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq docker-compose >/dev/null
fi

echo "[test] building"
dotnet build Connectors.slnx -c Release -nologo -clp:ErrorsOnly

echo "[test] running the suites"
status=0
dotnet test Connectors.slnx -c Release --no-build -nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=normal" 2>&1 | tee "$results/console.log" || status=$?

# One closing line for the whole run, summed over every test assembly's TRX report.
find "$results" -name '*.trx' -print0 | xargs -0 -r grep -ho '<Counters [^>]*>' | awk '
  function attr(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
  { p += attr("passed"); f += attr("failed") + attr("error") + attr("timeout"); s += attr("total") - attr("executed") }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }'
exit "$status"
