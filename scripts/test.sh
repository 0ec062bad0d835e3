#!/usr/bin/env bash
# Runs every test suite: the backend's GoogleTest programs (through ctest), then the frontend's
# unit and end-to-end tests when the frontend exists. Exits non-zero if any suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
status=0

echo "== backend tests (ctest)"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" || status=1

if [[ -f frontend/package.json ]]; then
  echo "== frontend tests"
  scripts/frontend-test.sh "$build_dir" || status=1
fi
exit $status
