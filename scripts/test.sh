#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs every suite and ends with ONE line:
#   tests: N passed, N failed
# 1. Debian packages (only the missing ones), npm packages (when package.json/lockfile changed),
#    both Prisma clients (when a schema changed).
# 2. A throwaway PostgreSQL on 127.0.0.1 (port 54329 or the next free one), stopped by PID at exit.
# 3. next build, once: the API integration tests (tests/integration/api-*.test.ts, the real openai
#    client against `next start`) and the Playwright end-to-end tests both run the built site.
# 4. vitest: all unit + integration tests on a fresh SQLite file, then the integration tests again
#    on a fresh PostgreSQL database (both migrated with `migrate deploy` and seeded).
# 5. Playwright end-to-end tests (Debian chromium) when e2e/ has specs.
# Works unattended as root with no stdin (CI). Exit status is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh
source scripts/lib/postgres.sh

work=$(mktemp -d /tmp/gigarouter-test.XXXXXX)
passed=0
failed=0

# Adds a runner's JSON report to the totals. A test file that failed without a failed test (it did not
# load, or a hook threw) counts as one failure, and so does a runner that exited non-zero without
# reporting any failure (crash, unhandled error).
count_report() {
  local kind=$1 file=$2 exit_code=$3 counts
  counts=$(node -e '
    const [kind, file] = process.argv.slice(1);
    const r = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
    const [p, f] = kind === "vitest"
      ? [r.numPassedTests, r.numFailedTests +
          r.testResults.filter((s) => s.status === "failed" &&
            !s.assertionResults.some((t) => t.status === "failed")).length]
      : [r.stats.expected + r.stats.flaky, r.stats.unexpected + (r.errors?.length ?? 0)];
    console.log(p, f);' "$kind" "$file" 2>/dev/null) || counts="0 0"
  local p=${counts% *} f=${counts#* }
  if [ "$exit_code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
}

finish() {
  local status=$?
  pg_throwaway_stop >/dev/null 2>&1
  rm -rf "$work"
  # Setup that died before any suite ran must not read as success.
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "tests: $passed passed, $failed failed"
  if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}
trap finish EXIT
# Ctrl-C or a CI timeout still stops PostgreSQL and prints the summary.
trap 'exit 130' INT TERM

# --- 1. install -------------------------------------------------------------------------------------
set -e
ensure_apt_packages "${NATIVE_BUILD_PACKAGES[@]}" chromium postgresql \
  python3-torch python3-onnx python3-numpy python3-scipy espeak-ng sox ffmpeg curl jq
ensure_node_modules
ensure_prisma_clients

# Models registered on this machine (`npm run models`) live in DATA_DIR; tests see only their own.
export DATA_DIR="$work/data"

# --- 2. databases -----------------------------------------------------------------------------------
step "databases: fresh SQLite file and throwaway PostgreSQL"
pg_throwaway_start 54329
sqlite_url="file:$work/test.db"
postgres_url=$(pg_throwaway_db gigarouter_test)
for url in "$sqlite_url" "$postgres_url"; do
  DATABASE_URL="$url" npx prisma migrate deploy </dev/null >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
  DATABASE_URL="$url" npm run --silent db:seed </dev/null
done
set +e

# --- 3. build ---------------------------------------------------------------------------------------
step "next build"
built=0
if npx next build </dev/null; then
  built=1
else
  echo "next build failed: the API integration tests will fail and end-to-end tests are not run" >&2
  failed=$((failed + 1))
fi

# --- 4. unit + integration --------------------------------------------------------------------------
step "vitest: unit + integration on SQLite"
DATABASE_URL="$sqlite_url" npx vitest run --reporter=default --reporter=json \
  --outputFile.json="$work/vitest-sqlite.json" </dev/null
count_report vitest "$work/vitest-sqlite.json" $?

step "vitest: integration on PostgreSQL"
DATABASE_URL="$postgres_url" npx vitest run tests/integration --reporter=default --reporter=json \
  --outputFile.json="$work/vitest-postgresql.json" </dev/null
count_report vitest "$work/vitest-postgresql.json" $?

# --- 5. end to end ----------------------------------------------------------------------------------
if [ "$built" = 1 ] && compgen -G "e2e/*.spec.ts" >/dev/null; then
  step "playwright (Debian chromium)"
  # CI=1: a fresh server on a fresh database, never one left running.
  CI=1 PLAYWRIGHT_HTML_OPEN=never PLAYWRIGHT_JSON_OUTPUT_FILE="$work/playwright.json" \
    npx playwright test --reporter=list,json,html </dev/null
  count_report playwright "$work/playwright.json" $?
  step "playwright: the playground's queue (its own server: one worker, a pause per job)"
  CI=1 PLAYWRIGHT_JSON_OUTPUT_FILE="$work/playwright-queue.json" \
    npx playwright test -c e2e/playground-queue.config.ts --reporter=list,json </dev/null
  count_report playwright "$work/playwright-queue.json" $?
fi
