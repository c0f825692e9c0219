#!/usr/bin/env bash
# Serves the already-built site for Playwright on a fresh database: drops the throwaway SQLite file
# named by DATABASE_URL, applies the committed migrations, seeds the catalog, then becomes the server
# (server.ts: Next plus the realtime WebSocket endpoint, what `npm start` runs).
#   DATABASE_URL=file:/abs/path/e2e.db bash e2e/serve.sh 3100
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3100}"

if [[ "${DATABASE_URL:-}" == file:* ]]; then
  db_file="${DATABASE_URL#file:}"
  rm -f "$db_file" "$db_file-journal" "$db_file-wal" "$db_file-shm"
fi

npm run --silent db:setup >&2

if [[ ! -f .next/BUILD_ID ]]; then
  echo "e2e/serve.sh: no production build in .next — run \`npx next build\` first" >&2
  exit 1
fi
exec node --import tsx server.ts -H localhost -p "$port"
