#!/usr/bin/env bash
# Command 1 of the README quickstart: installs what the site needs (Debian build tools, npm packages),
# prepares the database (generate, migrate, seed), builds, and serves on http://localhost:3000.
#   npm run quickstart            (PORT=3200 npm run quickstart for another port)
# DATABASE_URL picks the database: the SQLite file ./data/gigarouter.db unless it names PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_apt_packages "${NATIVE_BUILD_PACKAGES[@]}"
ensure_node_modules
ensure_prisma_clients

# A local install signs in with magic links printed on the console, under a secret made once here
# (production refuses to run without AUTH_SECRET). Settings already in .env are kept.
touch .env
grep -q '^AUTH_SECRET=' .env || echo "AUTH_SECRET=$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64url"))')" >> .env
grep -q '^EMAIL_SERVER=' .env || echo "EMAIL_SERVER=log" >> .env

step "database: migrate deploy + seed"
npx prisma migrate deploy </dev/null
npm run --silent db:seed </dev/null

step "next build"
npx next build </dev/null

port="${PORT:-3000}"
step "serving on http://localhost:$port (Ctrl-C stops)"
# server.ts = Next plus the realtime WebSocket endpoint (/v1/realtime) on the same port; `npm start` runs it.
exec node --import tsx server.ts -H "${HOST:-localhost}" -p "$port"
