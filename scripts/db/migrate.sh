#!/usr/bin/env bash
# Writes a new migration for BOTH databases from prisma/models.prisma:
#   npm run db:migrate -- --name add_something
# Each provider gets a scratch database that first replays the committed migrations (`migrate deploy`),
# then `prisma migrate dev` diffs it against the schema and writes (and applies) the new migration.
# Your own databases are not touched; run `npm run db:deploy` to apply the result to them.
# Two engine limits shape this (Prisma 6.19 JS schema engine): on PostgreSQL `migrate dev` fails when it
# must also apply pending migrations (the shadow database is offered once), hence deploy first; and
# `--create-only` frees the engine twice and errors after writing the file, hence it is refused.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/setup.sh
source scripts/lib/postgres.sh

if [[ " $* " != *" --name "* && " $* " != *" --name="* ]]; then
  echo "usage: npm run db:migrate -- --name <what_changed>" >&2
  exit 2
fi

if [[ " $* " == *" --create-only "* ]]; then
  echo "--create-only is not supported (see the comment in scripts/db/migrate.sh); edit the written SQL" \
    "afterwards instead, then check it with npm run db:check" >&2
  exit 2
fi

npx tsx scripts/db/schemas.ts

scratch=$(mktemp -d /tmp/gigarouter-migrate.XXXXXX)
trap 'pg_throwaway_stop; rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM

echo "== SQLite"
export DATABASE_URL="file:$scratch/scratch.db"
npx prisma migrate deploy
npx prisma migrate dev --skip-generate --skip-seed "$@"

echo "== PostgreSQL"
pg_throwaway_start 54329
DATABASE_URL=$(pg_throwaway_db scratch)
export DATABASE_URL
npx prisma migrate deploy
npx prisma migrate dev --skip-generate --skip-seed "$@"

unset DATABASE_URL
npm run --silent db:generate
