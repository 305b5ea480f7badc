#!/usr/bin/env bash
# One command on a fresh machine: install everything, then render the default reports
# from data/ into output/. Extra arguments go to `akimstat render`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
.venv/bin/akimstat render "$@"
