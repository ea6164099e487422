#!/usr/bin/env bash
# Makes this machine ready to build and test tensorpad: the Debian packages of the toolchain, then
# the npm dependencies. Does nothing (and needs no network) when everything is already there.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TP_ROOT"

# What the build and tests need from Debian 12 (docs/toolchain.md says why each).
APT_PACKAGES=(emscripten binaryen libxtensor-dev libxsimd-dev xtl-dev libgtest-dev cmake make g++ wabt chromium)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

check_node() {
  command -v node >/dev/null || die "Node.js is not installed (tensorpad needs Node 20 or newer)."
  command -v npm >/dev/null || die "npm is not installed."
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  ((major >= 20)) || die "Node $(node --version) is too old: tensorpad needs Node 20 or newer."
}

apt_packages() {
  command -v dpkg-query >/dev/null || die "dpkg-query not found: scripts/setup.sh expects Debian 12."
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
  if ((${#missing[@]} == 0)); then
    note "Debian packages: all ${#APT_PACKAGES[@]} present"
    return
  fi
  local cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
  if [[ "$(id -u)" != 0 ]]; then
    printf 'Missing Debian packages: %s\n' "${missing[*]}" >&2
    printf 'Install them as root, then run this again:\n  sudo sh -c "%s"\n' "$cmd" >&2
    exit 1
  fi
  step "Installing Debian packages: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

npm_dependencies() {
  if node scripts/npm-deps-current.mjs; then
    note "npm dependencies: up to date"
    return
  fi
  [[ -f package-lock.json ]] || die "package-lock.json is missing: run 'npm install' once and commit it."
  step "Installing npm dependencies (npm ci)"
  local log
  log="$(mktemp)"
  if ! npm ci --no-audit --no-fund 2>&1 | tee "$log"; then
    if grep -qiE 'in sync|missing from lock file|invalid: .* from lock file' "$log"; then
      rm -f "$log"
      die "package.json and package-lock.json do not match, so 'npm ci' refused to install.
       Run 'npm install' once, commit the updated package-lock.json, and run this again."
    fi
    rm -f "$log"
    die "'npm ci' failed (see its output above)."
  fi
  rm -f "$log"
}

step "Checking the toolchain"
check_node
apt_packages
npm_dependencies
