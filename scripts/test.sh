#!/usr/bin/env bash
# One command on a fresh machine: install everything with the test tools, then run the tests.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
AKIMSTAT_EXTRAS=test bash scripts/setup.sh
.venv/bin/python -m pytest -n 2 "$@"
