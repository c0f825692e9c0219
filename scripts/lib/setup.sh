# shellcheck shell=bash
# Install steps shared by scripts/quickstart.sh and scripts/test.sh. Each one does nothing when its
# result is already in place, so re-runs are quick. Source from the repo root.

export DEBIAN_FRONTEND=noninteractive
export NEXT_TELEMETRY_DISABLED=1
# Prisma's update check phones home in a background process; offline it only costs time.
export CHECKPOINT_DISABLE=1
# onnxruntime-node's install script would fetch CUDA libraries from NuGet; the CPU build ships in the package.
export ONNXRUNTIME_NODE_INSTALL=skip

step() { printf '\n==> %s\n' "$*"; }

# Installs the Debian packages among "$@" that are not installed yet (apt-get update once, first).
ensure_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "apt: installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "Missing Debian packages: ${missing[*]} (run as root or install them)" >&2; return 1; }
    sudo=(sudo -n)
  fi
  "${sudo[@]}" apt-get update -q </dev/null
  "${sudo[@]}" apt-get install -y -q "${missing[@]}" </dev/null
}

# What npm install needs to build better-sqlite3 (its prebuilt download is not reachable offline).
NATIVE_BUILD_PACKAGES=(make g++ python3)

install_stamp() { cat package.json package-lock.json | sha256sum | cut -d' ' -f1; }

# npm install when node_modules is missing or was installed from another package.json / lockfile.
ensure_node_modules() {
  local stamp_file=node_modules/.gigarouter-install-stamp
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$(install_stamp)" ]; then return 0; fi
  step "npm install"
  # Not `npm ci`: see "Why npm install, not npm ci" in README.md.
  npm install --no-audit --no-fund </dev/null
  install_stamp >"$stamp_file"
}

# Both Prisma clients (SQLite and PostgreSQL), regenerated when a schema file or Prisma changed.
ensure_prisma_clients() {
  local stamp_file=prisma/generated/.stamp stamp
  stamp=$(cat prisma/sqlite/schema.prisma prisma/postgresql/schema.prisma node_modules/prisma/package.json | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then return 0; fi
  step "prisma generate (sqlite, postgresql)"
  npm run --silent db:generate </dev/null
  echo "$stamp" >"$stamp_file"
}
