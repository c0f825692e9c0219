# shellcheck shell=bash
# A throwaway PostgreSQL server on loopback, for tests and for writing migrations. Source this file,
# then: pg_throwaway_start <first port to try>  (sets PG_URL, PG_PID, PG_DIR);  pg_throwaway_stop.
# Uses Debian's postgresql binaries; as root the server runs as the postgres user (it refuses root).

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || { echo "postgresql is not installed (apt-get install -y postgresql)" >&2; return 1; }
  echo "$dir"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_throwaway_start() {
  local port=${1:-54329} bin
  bin=$(pg_bin_dir) || return 1
  while port_in_use "$port"; do port=$((port + 1)); done
  PG_DIR=$(mktemp -d /tmp/gigarouter-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  as_pg_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # Loopback only, socket inside the temp dir, no fsync: the data is thrown away afterwards.
  as_pg_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" >/dev/null ||
    { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_PID=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  PG_PORT=$port
  PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  export PG_URL PG_PID PG_DIR PG_PORT
}

# Creates (or recreates) a database on the throwaway server and prints its URL.
pg_throwaway_db() {
  local name=$1 bin
  bin=$(pg_bin_dir) || return 1
  "$bin/dropdb" --if-exists 2>/dev/null -h 127.0.0.1 -p "$PG_PORT" -U postgres "$name" &&
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$name" &&
    echo "postgresql://postgres@127.0.0.1:$PG_PORT/$name"
}

pg_throwaway_stop() {
  [ -n "${PG_PID:-}" ] || return 0
  # SIGINT is PostgreSQL's "fast" shutdown: roll back open sessions and exit.
  kill -INT "$PG_PID" 2>/dev/null || true
  local waited=0
  while kill -0 "$PG_PID" 2>/dev/null && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
  [ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
  PG_PID=""
}
