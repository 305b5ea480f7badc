#!/usr/bin/env bash
# Installs what akimstat needs on Debian or Ubuntu: the Debian packages the reports use
# (when run as root; otherwise it says which to install) and a virtual environment in .venv.
# Sourced by scripts/render.sh and scripts/test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# libicu-dev, pkg-config, g++ and python3-dev build PyICU (ICU's collation: Kazakh alphabetical order)
DEBIAN_PACKAGES=(chromium fonts-dejavu-core poppler-utils python3-venv libicu-dev pkg-config g++ python3-dev)
extras="${AKIMSTAT_EXTRAS:-}"
# The tests check every page with axe-core (an npm package), so they need npm; a Node.js
# that brings its own npm (e.g. NodeSource's) is as good as Debian's nodejs and npm.
AXE_CORE_VERSION=4.14.1
if [[ "$extras" == *test* ]] && ! command -v npm >/dev/null; then
  DEBIAN_PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "akimstat setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "akimstat setup: these Debian packages are missing; install them as root and run again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "akimstat setup: creating the virtual environment .venv"
  python3 -m venv .venv
fi
echo "akimstat setup: installing Python packages into .venv"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras:+[$extras]}"

if [[ "$extras" == *test* ]] && ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" .venv/npm/node_modules/axe-core/package.json; then
  echo "akimstat setup: installing axe-core $AXE_CORE_VERSION (npm) into .venv/npm"
  npm install --prefix .venv/npm --no-audit --no-fund --no-save --silent "axe-core@$AXE_CORE_VERSION" >/dev/null
fi
