# Starts a throwaway PostgreSQL server for tests and benchmarks; source this file, then call
# `start_throwaway_postgres`. It sets PG_URL and stops the server (and removes its folder) on exit.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

start_throwaway_postgres() {
  local bin
  if ! bin=$(find_pg_bin); then
    if [ "$(id -u)" = 0 ]; then
      echo "Installing PostgreSQL (Debian package postgresql)…"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bin=$(find_pg_bin) || { echo "PostgreSQL could not be installed" >&2; return 1; }
    else
      echo "PostgreSQL is not installed; run as root or install the Debian package postgresql" >&2
      return 1
    fi
  fi

  PG_DIR=$(mktemp -d /tmp/dia-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=1000 -c fsync=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_BIN=$bin
  PG_RUN=("${run[@]}")
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  trap stop_throwaway_postgres EXIT
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') runs on 127.0.0.1:$PG_PORT"
}

stop_throwaway_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
