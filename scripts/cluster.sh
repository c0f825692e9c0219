#!/usr/bin/env bash
# A local cluster for tests and demos, in one command:
#   scripts/cluster.sh start | stop | status | pg-restart | pg-start | pg-stop
# start: PostgreSQL (Debian's binaries) on 127.0.0.1, migrated and seeded; two web instances
# (`next start`, QUEUE_BACKEND=pg-boss, no inference in them) and two inference workers
# (`npm run worker`). Every PID is written to the run dir; stop kills exactly those PIDs.
# Needs a build (`next build`; made once if .next has none).
#
# Settings (environment): CLUSTER_DIR (run dir, default data/cluster), CLUSTER_PG_PORT (55432),
# CLUSTER_WEB_PORT (first web port, 3800; the second is +1), WORKER_MODELS (all), plus any app
# setting (QUEUE_LEASE_SECONDS, WEBHOOK_RETRY_BASE_SECONDS, ENGINE_PROVIDER, …), passed to every process.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

RUN=${CLUSTER_DIR:-data/cluster}
PG_FIRST_PORT=${CLUSTER_PG_PORT:-55432}
WEB_PORT=${CLUSTER_WEB_PORT:-3800}
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
# The postgres user must reach its data dir inside the run dir (mktemp makes 0700 dirs).
[ "$(id -u)" = 0 ] && chmod o+x "$RUN"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() { # url seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

app_env() {
  export DATABASE_URL QUEUE_BACKEND=pg-boss QUEUE_NAME=${QUEUE_NAME:-cluster}
  export DATA_DIR="$RUN/data" NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
  # Two workers share this machine's cores: one engine thread pool each unless told otherwise.
  export ENGINE_WORKERS=${ENGINE_WORKERS:-1}
}

start_pg() {
  if alive "$RUN/pg.pid"; then return 0; fi
  local bin port datadir
  bin=$(pg_bin_dir)
  datadir="$RUN/pg"
  port=$(cat "$RUN/pg.port" 2>/dev/null || echo "$PG_FIRST_PORT")
  if [ ! -d "$datadir/data" ]; then
    while port_in_use "$port"; do port=$((port + 1)); done
    mkdir -p "$datadir"
    [ "$(id -u)" = 0 ] && chown postgres: "$datadir"
    as_pg_owner "$bin/initdb" -D "$datadir/data" -U postgres -A trust --no-sync -E UTF8 >"$RUN/initdb.log" 2>&1 ||
      { cat "$RUN/initdb.log" >&2; return 1; }
  fi
  echo "$port" >"$RUN/pg.port"
  as_pg_owner "$bin/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 60 start \
    -o "-p $port -k $datadir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null ||
    { cat "$datadir/server.log" >&2; return 1; }
  head -n 1 "$datadir/data/postmaster.pid" >"$RUN/pg.pid"
}

stop_pg() {
  alive "$RUN/pg.pid" || return 0
  local pid; pid=$(cat "$RUN/pg.pid")
  kill -INT "$pid" 2>/dev/null || true # fast shutdown
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$RUN/pg.pid"
}

start() {
  [ -f .next/BUILD_ID ] || npx next build
  start_pg
  DATABASE_URL="postgresql://postgres@127.0.0.1:$(cat "$RUN/pg.port")/postgres"
  app_env
  npx prisma migrate deploy >"$RUN/migrate.log" 2>&1 || { cat "$RUN/migrate.log" >&2; return 1; }
  npm run --silent db:seed >>"$RUN/migrate.log" 2>&1
  local i port
  for i in 1 2; do
    alive "$RUN/worker$i.pid" && continue
    node --conditions=react-server --import tsx scripts/worker.ts >"$RUN/worker$i.log" 2>&1 </dev/null &
    echo $! >"$RUN/worker$i.pid"
  done
  for i in 1 2; do
    port=$((WEB_PORT + i - 1))
    alive "$RUN/web$i.pid" && continue
    # The next binary itself (not npx), so the PID is the server's.
    PORT=$port node node_modules/next/dist/bin/next start -p "$port" -H 127.0.0.1 >"$RUN/web$i.log" 2>&1 </dev/null &
    echo $! >"$RUN/web$i.pid"
    echo "$port" >"$RUN/web$i.port"
  done
  for i in 1 2; do
    wait_http "http://127.0.0.1:$(cat "$RUN/web$i.port")/api/health" 90 || { echo "web$i did not start; see $RUN/web$i.log" >&2; return 1; }
  done
  for i in 1 2; do
    for _ in $(seq 600); do grep -q "serving" "$RUN/worker$i.log" 2>/dev/null && break; alive "$RUN/worker$i.pid" || break; sleep 0.1; done
    grep -q "serving" "$RUN/worker$i.log" || { echo "worker$i did not start; see $RUN/worker$i.log" >&2; cat "$RUN/worker$i.log" >&2; return 1; }
  done
  echo "DATABASE_URL=$DATABASE_URL" >"$RUN/env"
  status
}

stop() {
  local i name pid
  for name in web1 web2 worker1 worker2; do
    alive "$RUN/$name.pid" || { rm -f "$RUN/$name.pid"; continue; }
    pid=$(cat "$RUN/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$RUN/$name.pid"
  done
  stop_pg
  echo "cluster stopped"
}

status() {
  local name state code=0
  for name in pg web1 web2 worker1 worker2; do
    if alive "$RUN/$name.pid"; then state="up (pid $(cat "$RUN/$name.pid"))"; else state="down"; code=1; fi
    case $name in
      pg) state="$state port $(cat "$RUN/pg.port" 2>/dev/null)";;
      web*) state="$state http://127.0.0.1:$(cat "$RUN/$name.port" 2>/dev/null)";;
    esac
    printf '%-8s %s\n' "$name" "$state"
  done
  return $code
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  # For fault tests: PostgreSQL goes away and comes back on the same port and data; nothing else is touched.
  pg-restart) stop_pg; sleep "${CLUSTER_PG_DOWN_SECONDS:-2}"; start_pg; echo "postgresql restarted" ;;
  # PostgreSQL alone (a fault test runs its own web and workers against it): prints its URL on start.
  pg-start) start_pg; echo "postgresql://postgres@127.0.0.1:$(cat "$RUN/pg.port")/postgres" ;;
  pg-stop) stop_pg; echo "postgresql stopped" ;;
  *) echo "usage: $0 start|stop|status|pg-restart|pg-start|pg-stop" >&2; exit 2 ;;
esac
