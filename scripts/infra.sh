#!/usr/bin/env bash
# Starts (installing when missing) the PostgreSQL and RabbitMQ servers the product needs, on 127.0.0.1,
# with their data under .data/ in the repository. Usage: scripts/infra.sh start|stop|status|env
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${CONNECTORS_DATA_DIR:-$root/.data}"
pg_port="${CONNECTORS_PG_PORT:-54329}"
amqp_port="${CONNECTORS_AMQP_PORT:-56729}"
mgmt_port="${CONNECTORS_RABBIT_MGMT_PORT:-15729}"
dist_port="${CONNECTORS_RABBIT_DIST_PORT:-25729}"
epmd_port="${CONNECTORS_EPMD_PORT:-43729}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"

log() { printf '[infra] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $* from Debian's packages"
  # Keep the packages' own init scripts from starting system-wide servers on the default ports.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null; as_root chmod +x "$policy"; created=1
  fi
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
  if [ "$created" = 1 ]; then as_root rm -f "$policy"; fi
}

ensure_packages() {
  local missing=()
  [ -n "$pg_bin" ] && [ -x "$pg_bin/postgres" ] || missing+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
}

# PostgreSQL refuses to run as root, so its files belong to the postgres account when we are root.
pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ready() { pg_run "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null; }

start_postgres() {
  if pg_ready; then log "PostgreSQL already answers on 127.0.0.1:$pg_port"; return; fi
  local dir="$data/postgres"
  mkdir -p "$data"
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir" && chmod 700 "$dir"
    pg_run "$pg_bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
fsync = on
CONF
  fi
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  pg_run "$pg_bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
  log "PostgreSQL started on 127.0.0.1:$pg_port"
}

stop_postgres() {
  local dir="$data/postgres"
  [ -f "$dir/postmaster.pid" ] || return 0
  pg_run "$pg_bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
  log "PostgreSQL stopped"
}

rabbit_env() {
  local dir="$data/rabbitmq"
  export HOME="$dir/home"
  export RABBITMQ_NODENAME="connectors@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$amqp_port"
  export RABBITMQ_DIST_PORT="$dist_port"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT="$epmd_port"
  export RABBITMQ_MNESIA_BASE="$dir/mnesia"
  export RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

# Anything answering on the AMQP port counts: another checkout's broker on the same port serves us as well.
rabbit_ready() { (exec 3<>"/dev/tcp/127.0.0.1/$amqp_port") 2>/dev/null; }

start_rabbitmq() {
  rabbit_env
  local dir="$data/rabbitmq"
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  if rabbit_ready; then log "RabbitMQ already answers on 127.0.0.1:$amqp_port"; return; fi
  [ -f "$HOME/.erlang.cookie" ] || { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$HOME/.erlang.cookie"; }
  chmod 400 "$HOME/.erlang.cookie"
  echo '[rabbitmq_management].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.local = 127.0.0.1:$amqp_port
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt_port
loopback_users.guest = true
log.console = false
log.file.level = warning
CONF
  echo '[].' >"$RABBITMQ_ADVANCED_CONFIG_FILE"
  nohup /usr/lib/rabbitmq/bin/rabbitmq-server >"$RABBITMQ_LOG_BASE/startup.log" 2>&1 &
  local pid=$! i
  for i in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    if /usr/lib/rabbitmq/bin/rabbitmqctl -q await_startup --timeout 1 >/dev/null 2>&1; then
      log "RabbitMQ started on 127.0.0.1:$amqp_port (management on 127.0.0.1:$mgmt_port)"
      return
    fi
    sleep 1
  done
  log "RabbitMQ did not start; see $RABBITMQ_LOG_BASE"; tail -n 30 "$RABBITMQ_LOG_BASE/startup.log" >&2; exit 1
}

stop_rabbitmq() {
  (rabbit_env; [ -f "$RABBITMQ_PID_FILE" ] || exit 0
   /usr/lib/rabbitmq/bin/rabbitmqctl -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
   ERL_EPMD_PORT="$epmd_port" epmd -kill >/dev/null 2>&1 || true)
  log "RabbitMQ stopped"
}

print_env() {
  cat <<ENV
export CONNECTORS_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export CONNECTORS_AMQP="amqp://guest:guest@127.0.0.1:$amqp_port/"
export CONNECTORS_RABBIT_MGMT="http://guest:guest@127.0.0.1:$mgmt_port/"
ENV
}

case "${1:-start}" in
  start) ensure_packages; start_postgres; start_rabbitmq ;;
  stop) stop_rabbitmq; stop_postgres ;;
  restart-postgres) stop_postgres; start_postgres ;;
  restart-rabbitmq) stop_rabbitmq; start_rabbitmq ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|restart-postgres|restart-rabbitmq|env" >&2; exit 2 ;;
esac
