#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests.
#
#   postgres-cluster.sh start      creates a cluster in a temporary folder, on 127.0.0.1 and a free port, as an
#                                  unprivileged user, with one database; prints the lines to `eval`:
#                                    export DATASPACE_POSTGRES='Host=127.0.0.1;Port=...;Username=postgres;Database=dataspace'
#                                    export DATASPACE_POSTGRES_DIR='/tmp/dataspace-postgres.XXXX'
#   postgres-cluster.sh env [DIR]  prints the same lines for a running cluster
#   postgres-cluster.sh stop [DIR] stops the cluster and removes its folder (DIR defaults to $DATASPACE_POSTGRES_DIR)
#
# PostgreSQL comes from Debian's packages: when no server is installed and this runs as root with apt-get, `start`
# installs `postgresql`. When it cannot, `start` prints one line saying why on stderr and exits 1.
set -euo pipefail

fail() { echo "postgres-cluster: $*" >&2; exit 1; }

find_bin() {
  local dir
  # The newest major version installed.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

install_postgres() {
  [ "$(id -u)" = 0 ] || fail "PostgreSQL is not installed and this is not root, so it cannot be installed (apt-get install postgresql)"
  command -v apt-get >/dev/null 2>&1 || fail "PostgreSQL is not installed and there is no apt-get to install it"
  echo "postgres-cluster: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The package's own cluster is not wanted: only the binaries are used.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/dataspace-no-main.conf
  { timeout 900 apt-get install -y -q postgresql >/dev/null 2>&1 \
    || { timeout 600 apt-get update -q >/dev/null 2>&1 && timeout 900 apt-get install -y -q postgresql >/dev/null 2>&1; }; } \
    || fail "could not install postgresql with apt-get (no network or no package source)"
}

# The user the server runs as: PostgreSQL refuses to run as root.
server_user() {
  if [ "$(id -u)" != 0 ]; then id -un; return 0; fi
  if getent passwd postgres >/dev/null 2>&1; then echo postgres; return 0; fi
  if ! getent passwd dataspace-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin dataspace-pg >/dev/null 2>&1 \
      || fail "could not create an unprivileged user to run PostgreSQL (useradd failed)"
  fi
  echo dataspace-pg
}

as_user() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ] && [ "$user" != root ]; then
    (cd / && runuser -u "$user" -- "$@")
  else
    (cd / && "$@")
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

print_env() {
  local dir=$1
  [ -f "$dir/cluster.env" ] || fail "no cluster at $dir"
  # shellcheck disable=SC1091
  . "$dir/cluster.env"
  printf "export DATASPACE_POSTGRES='Host=127.0.0.1;Port=%s;Username=postgres;Database=dataspace'\n" "$PORT"
  printf "export DATASPACE_POSTGRES_DIR='%s'\n" "$dir"
}

start() {
  local bin user dir port attempt
  bin=$(find_bin) || { install_postgres; bin=$(find_bin) || fail "postgresql was installed but initdb/pg_ctl were not found"; }
  user=$(server_user)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/dataspace-postgres.XXXXXX")
  chmod 0755 "$dir"
  mkdir "$dir/data" "$dir/socket" "$dir/log"
  if [ "$(id -u)" = 0 ]; then chown "$user" "$dir/data" "$dir/socket" "$dir/log"; fi
  if ! as_user "$user" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
     && ! as_user "$user" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
    local why; why=$(tail -n 1 "$dir/initdb.log")
    rm -rf "$dir"; fail "initdb failed: $why"
  fi
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/socket'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  # A free port: pick one, and pick again if the server could not bind it (another process took it meanwhile).
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    port_free "$port" || continue
    if as_user "$user" "$bin/pg_ctl" -D "$dir/data" -o "-p $port" -l "$dir/log/server.log" -w -t 60 start >/dev/null 2>&1; then
      echo "BIN='$bin'" >"$dir/cluster.env"
      echo "PGUSER_OS='$user'" >>"$dir/cluster.env"
      echo "PORT='$port'" >>"$dir/cluster.env"
      if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE dataspace" >/dev/null 2>"$dir/createdb.log"; then
        local why; why=$(tail -n 1 "$dir/createdb.log")
        stop "$dir"; fail "could not create the database: $why"
      fi
      print_env "$dir"
      return 0
    fi
  done
  local why; why=$(tail -n 1 "$dir/log/server.log" 2>/dev/null || echo "no server log")
  rm -rf "$dir"; fail "the server did not start: $why"
}

stop() {
  local dir=${1:-${DATASPACE_POSTGRES_DIR:-}}
  [ -n "$dir" ] || fail "stop: which cluster? give its folder or set DATASPACE_POSTGRES_DIR"
  if [ -f "$dir/cluster.env" ]; then
    # shellcheck disable=SC1091
    . "$dir/cluster.env"
    as_user "$PGUSER_OS" "$BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  case "$dir" in
    */dataspace-postgres.*) rm -rf "$dir" ;;
    *) fail "stop: $dir is not a folder this script created" ;;
  esac
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  env) print_env "${2:-${DATASPACE_POSTGRES_DIR:-}}" ;;
  *) echo "usage: $0 start|stop [DIR]|env [DIR]" >&2; exit 2 ;;
esac
