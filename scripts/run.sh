#!/usr/bin/env bash
# Runs the whole product on this machine: PostgreSQL and RabbitMQ (installed from Debian's packages when
# missing), every service and the provider sandbox. Prints the gateway URL and an API key for a ready-made
# project; Ctrl-C stops everything it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="$root/.data"
logs="$data/logs"
configuration="${CONNECTORS_CONFIGURATION:-Release}"
gateway_port="${CONNECTORS_GATEWAY_PORT:-5080}"
public_url="${PublicBaseUrl:-http://127.0.0.1:$gateway_port}"
mkdir -p "$logs"

# Servers that were already running (another checkout's, say) are used and left running on exit.
started_servers=1
if (exec 3<>"/dev/tcp/127.0.0.1/${CONNECTORS_PG_PORT:-54329}") 2>/dev/null; then started_servers=0; fi
scripts/infra.sh start
eval "$(scripts/infra.sh env)"

echo "[run] building ($configuration); the first build takes a few minutes"
dotnet build Connectors.slnx -c "$configuration" -nologo -clp:ErrorsOnly >"$logs/build.log" 2>&1 \
  || { tail -n 40 "$logs/build.log"; exit 1; }

# Secrets are generated once for this machine and kept out of the repository (.data is ignored).
secrets="$data/secrets.env"
if [ ! -f "$secrets" ]; then
  umask 077
  {
    echo "export Internal__SigningKey='$(head -c 32 /dev/urandom | base64)'"
    echo "export Encryption__ActiveKeyId='k1'"
    echo "export Encryption__Keys__k1='$(head -c 32 /dev/urandom | base64)'"
  } >"$secrets"
fi
# shellcheck disable=SC1090
source "$secrets"

pg_uri="postgresql://postgres@127.0.0.1:${CONNECTORS_PG_PORT:-54329}/postgres"
psql "$pg_uri" -tAc "SELECT 1 FROM pg_database WHERE datname = 'connectors'" | grep -q 1 \
  || psql "$pg_uri" -qc "CREATE DATABASE connectors" >/dev/null

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Postgres="${CONNECTORS_PG/Database=postgres/Database=connectors}"
export ConnectionStrings__RabbitMq="$CONNECTORS_AMQP"
export PublicBaseUrl="$public_url"
export Sandbox__BaseUrl="http://127.0.0.1:5090"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "[run] stopping services"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$started_servers" = 1 ] && [ "${CONNECTORS_KEEP_SERVERS:-0}" != 1 ]; then scripts/infra.sh stop; fi
}
trap stop_all INT TERM EXIT

# Each service runs from its own output folder, where its appsettings files are.
service_dir() { echo "$root/services/$1/bin/$configuration/net10.0"; }

start() {
  local name=$1 port=$2
  (cd "$(service_dir "$name")" && exec dotnet "Connectors.$name.dll" --urls "http://127.0.0.1:$port") \
    >"$logs/$name.log" 2>&1 &
  pids+=($!)
}

wait_ready() {
  local name=$1 port=$2 i
  for i in $(seq 1 90); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "[run] $name did not become ready; see $logs/$name.log" >&2; tail -n 20 "$logs/$name.log" >&2; exit 1
}

# The gateway creates the demo project (and its schema) before the services start taking traffic.
project="$data/project.json"
if [ ! -s "$project" ]; then
  (umask 077; cd "$(service_dir Gateway)" && dotnet Connectors.Gateway.dll create-project "Demo project" >"$project")
fi

start Sandbox 5090
start ConnectorRegistry 5081
start OAuth 5082
start SyncOrchestrator 5083
start Workers 5084
start Gateway "$gateway_port"
for svc in "Sandbox 5090" "ConnectorRegistry 5081" "OAuth 5082" "SyncOrchestrator 5083" "Workers 5084" \
  "Gateway $gateway_port"; do
  # shellcheck disable=SC2086
  wait_ready $svc
done

api_key=$(sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p' "$project")
cat <<MSG

  Connectors is running.
  Gateway:    $public_url
  Dashboard:  $public_url/dashboard/sensors
  API key:    $api_key
  Sandbox:    http://127.0.0.1:5090 (stands in for every platform)
  Logs:       $logs

  Try:  curl -H "Authorization: Bearer $api_key" $public_url/api/connectors

  Press Ctrl-C to stop everything.
MSG
wait
