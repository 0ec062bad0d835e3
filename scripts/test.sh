#!/usr/bin/env bash
# Runs every test suite: the backend's GoogleTest programs (through ctest), then the frontend's
# type check, unit and end-to-end tests. Prints one closing tally line and exits non-zero if any
# suite fails.   Usage: scripts/test.sh [BUILD_DIR]   (default: build)
set -uo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
log=$(mktemp /tmp/exodetect-test.XXXXXX)
trap 'rm -f "$log"' EXIT
status=0

echo "== backend tests (ctest)"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
# "100% tests passed, 0 tests failed out of 312"
read -r backend_failed backend_total < <(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$log" | tail -1)
backend_failed=${backend_failed:-0}
backend_total=${backend_total:-0}
[[ $backend_total -gt 0 ]] || { echo "test.sh: ctest ran no test" >&2; status=1; }
passed=$((backend_total - backend_failed))
failed=$backend_failed

if [[ -f frontend/package.json ]]; then
  echo "== frontend tests"
  scripts/frontend-test.sh "$build_dir" 2>&1 | tee "$log"
  fe_status=${PIPESTATUS[0]}
  # Vitest: "Tests  32 passed (32)" / "Tests  1 failed | 31 passed (32)"; e2e: PASS/FAIL lines.
  unit_passed=$(sed -n 's/.*Tests .* \([0-9][0-9]*\) passed.*/\1/p' "$log" | tail -1)
  unit_failed=$(sed -n 's/.*Tests .* \([0-9][0-9]*\) failed.*/\1/p' "$log" | tail -1)
  e2e_passed=$(grep -c '^PASS ' "$log")
  e2e_failed=$(grep -c '^FAIL ' "$log")
  passed=$((passed + ${unit_passed:-0} + e2e_passed))
  failed=$((failed + ${unit_failed:-0} + e2e_failed))
  if [[ $fe_status -ne 0 ]]; then
    status=1
    # A failure before any test ran (build, type check) still counts as a failed suite.
    [[ $((${unit_failed:-0} + e2e_failed)) -gt 0 ]] || failed=$((failed + 1))
  fi
fi

echo
echo "tests: $passed passed, $failed failed"
exit $status
