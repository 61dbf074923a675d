#!/usr/bin/env bash
# A local Citus cluster for tests and benchmarks: a coordinator and two workers on 127.0.0.1
# (ports 9700, 9701, 9702 by default), trust authentication, data directories outside the
# repository. Idempotent: `start` on a running cluster and `stop` on a stopped one change nothing.
#
# Usage: scripts/citus-cluster.sh start|stop|status|url
#   XINYONG_CITUS_DIR   where the nodes' data directories live (default /var/lib/postgresql/xinyong-citus
#                       as root, ~/.xinyong-citus otherwise)
#   XINYONG_CITUS_PORT  the coordinator's port (default 9700); the workers take the next two
# `status` exits 0 when every node runs and the coordinator knows both workers, 3 otherwise.
# `url` prints the coordinator's DATABASE_URL.
set -euo pipefail

bindir="$(/usr/lib/postgresql/15/bin/pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
port="${XINYONG_CITUS_PORT:-9700}"
ports=("$port" "$((port + 1))" "$((port + 2))")
names=(coordinator worker1 worker2)
worker_processes=64
if [ "$(id -u)" = 0 ]; then
  base="${XINYONG_CITUS_DIR:-/var/lib/postgresql/xinyong-citus}"
else
  base="${XINYONG_CITUS_DIR:-$HOME/.xinyong-citus}"
fi

# initdb refuses root: as root, the nodes belong to and run as the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_on() { # port, sql
  as_owner env PGOPTIONS="-c client_min_messages=warning" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atc "$2"
}

running() { # data directory
  [ -f "$1/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$1" status >/dev/null 2>&1
}

citus_installed() {
  [ -f "$("$bindir/pg_config" --pkglibdir)/citus.so" ]
}

init_node() { # data directory, port
  local dir="$1" p="$2"
  if [ -f "$dir/PG_VERSION" ]; then
    # A node made before the setting below takes it at its next start (see start).
    grep -q '^max_worker_processes' "$dir/postgresql.conf" || echo "max_worker_processes = $worker_processes" | as_owner tee -a "$dir/postgresql.conf" >/dev/null
    return 0
  fi
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$base"
    chown postgres:postgres "$base"
  fi
  as_owner mkdir -p "$dir"
  as_owner "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb-$p.out" 2>&1 ||
    { cat "$base/initdb-$p.out"; exit 1; }
  # Citus needs more connections than a test database (each node connects to the others).
  as_owner tee -a "$dir/postgresql.conf" >/dev/null <<EOF

# xinyong: a local Citus node (scripts/citus-cluster.sh)
shared_preload_libraries = 'citus'
listen_addresses = '127.0.0.1'
port = $p
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 128MB
# Citus runs a maintenance daemon (2PC recovery, distributed deadlock detection) per database
# on every node, a background worker each; the tests make a database per suite, several at once,
# and every one of them needs its daemon.
max_worker_processes = $worker_processes
EOF
}

start() {
  if ! citus_installed; then
    echo "citus-cluster: Citus is not installed in $("$bindir/pg_config" --pkglibdir); run shared/vendor/citus/install.sh" >&2
    exit 1
  fi
  for i in 0 1 2; do
    local dir="$base/${names[$i]}"
    init_node "$dir" "${ports[$i]}"
    if ! running "$dir"; then
      echo "citus-cluster: starting ${names[$i]} on 127.0.0.1:${ports[$i]}"
      as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p ${ports[$i]}" -w -t 60 start >/dev/null
    elif [ "$(psql_on "${ports[$i]}" 'SHOW max_worker_processes')" -lt "$worker_processes" ]; then
      # max_worker_processes takes effect only at a server start.
      echo "citus-cluster: restarting ${names[$i]} on 127.0.0.1:${ports[$i]} for max_worker_processes = $worker_processes"
      as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p ${ports[$i]}" -m fast -w -t 60 restart >/dev/null
    fi
  done
  for p in "${ports[@]}"; do psql_on "$p" 'CREATE EXTENSION IF NOT EXISTS citus'; done
  # The platform's triggers refuse changes to append-only rows and read nothing else, which is
  # safe on every shard; tests also add such triggers to tables already distributed.
  if [ "$(psql_on "$port" 'SHOW citus.enable_unsafe_triggers')" != on ]; then
    psql_on "$port" 'ALTER SYSTEM SET citus.enable_unsafe_triggers = on'
    psql_on "$port" 'SELECT pg_reload_conf()' >/dev/null
  fi
  psql_on "$port" "SELECT citus_set_coordinator_host('127.0.0.1', $port) WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE groupid = 0)" >/dev/null
  for p in "${ports[@]:1}"; do
    psql_on "$port" "SELECT citus_add_node('127.0.0.1', $p) WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE nodename = '127.0.0.1' AND nodeport = $p)" >/dev/null
  done
  status
}

stop() {
  for i in 2 1 0; do
    local dir="$base/${names[$i]}"
    if running "$dir"; then
      echo "citus-cluster: stopping ${names[$i]}"
      as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null
    fi
  done
  echo "citus-cluster: stopped"
}

status() {
  local up=0
  for i in 0 1 2; do
    if running "$base/${names[$i]}"; then
      echo "citus-cluster: ${names[$i]} runs on 127.0.0.1:${ports[$i]} ($base/${names[$i]})"
      up=$((up + 1))
    else
      echo "citus-cluster: ${names[$i]} is stopped ($base/${names[$i]})"
    fi
  done
  [ "$up" = 3 ] || return 3
  local workers
  workers="$(psql_on "$port" 'SELECT count(*) FROM pg_dist_node WHERE groupid <> 0 AND isactive' 2>/dev/null || echo 0)"
  echo "citus-cluster: the coordinator knows $workers active workers; DATABASE_URL=$(url)"
  [ "$workers" = 2 ] || return 3
}

url() { echo "postgres://postgres@127.0.0.1:$port/postgres"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
