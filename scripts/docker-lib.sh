# Shared by the container tests (scripts/docker-test.sh: production stack, scripts/docker-test-dev.sh:
# development stack). Sourced, not run. The caller sets `test_name` and defines `compose` (its
# compose command line: project, files, env file).
#
# Exit codes of the tests: 0 all checks passed, 1 a check or build failed, 3 this machine cannot
# run containers (no engine, no privileges, no base images). With DOCKER_TEST_ALLOW_SKIP=1 (CI)
# that last case prints "<test> skipped: <reason>" and exits 0.

# shellcheck shell=bash disable=SC2154,SC2034 # test_name comes from the caller, compose_bin goes to it

failures=0
say() { echo "$test_name: $*" >&2; }
pass() { echo "  ok   $*" >&2; }
fail() {
  echo "  FAIL $*" >&2
  failures=$((failures + 1))
}
die() {
  say "$*"
  exit 1
}
cannot_run() {
  if [[ "${DOCKER_TEST_ALLOW_SKIP:-0}" == 1 ]]; then
    echo "$test_name skipped: $*" >&2
    exit 0
  fi
  say "cannot run containers here: $*"
  exit 3
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }

# A Docker engine (started if need be), a compose command, and the base images the Dockerfiles
# and compose files name (pulled, or built locally by docker-local-bases.sh without a registry).
# Sets compose_bin.
docker_prepare() {
  local repo="$1"
  local out
  out="$("$repo/scripts/docker-engine.sh" 2>&1)" || cannot_run "$(tail -1 <<<"$out" | sed 's/^docker-engine: //')"
  [[ -z "$out" ]] || echo "$out" >&2
  if command -v docker-compose >/dev/null; then
    compose_bin=(docker-compose)
  elif docker compose version >/dev/null 2>&1; then
    compose_bin=(docker compose)
  else
    die "neither docker-compose nor 'docker compose' is installed"
  fi
  local bases=(debian:bookworm-slim node:20-bookworm-slim redis:7.4-bookworm nginx:1.28-bookworm)
  local missing=() b pulled=1
  for b in "${bases[@]}"; do
    docker image inspect "$b" >/dev/null 2>&1 || missing+=("$b")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    for b in "${missing[@]}"; do
      timeout 120 docker pull -q "$b" >/dev/null 2>&1 || {
        pulled=0
        break
      }
    done
    if [[ $pulled -eq 0 ]]; then
      say "no registry: building local stand-ins for the base images"
      "$repo/scripts/docker-local-bases.sh" || cannot_run "the local base images could not be built"
    fi
  fi
  # An engine may start yet be unable to run containers (no cgroups or mounts in an unprivileged
  # CI container): that is this machine's limit, not a failure of the project.
  out="$(docker run --rm --network none debian:bookworm-slim true 2>&1)" ||
    cannot_run "a container does not start: ${out:0:300}"
}

# Waits until every container of the project is running and, where it has a health check,
# healthy. Returns 1 on timeout or on a container that stopped or turned unhealthy.
wait_healthy() {
  local deadline=$(($(date +%s) + ${1:-300})) ids id state pending
  while true; do
    pending=0
    ids="$(compose ps -q)"
    [[ -n "$ids" ]] || pending=1
    for id in $ids; do
      state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
      case "$state" in
        "running healthy" | "running none") ;;
        "running starting") pending=1 ;;
        *)
          say "container $(docker inspect -f '{{.Name}}' "$id") is '$state'"
          return 1
          ;;
      esac
    done
    [[ $pending -eq 0 ]] && return 0
    [[ $(date +%s) -lt $deadline ]] || return 1
    sleep 0.5
  done
}

container_of() { compose ps -q "$1" | head -1; }

# Builds the images of the given services with compose, its log in $tmp/build.log. The worker
# runs the backend's image: building it again would compile the C++ a second time whenever a
# source changed during the first build.
build_images() {
  local t
  t=$(now)
  compose build "$@" >"$tmp/build.log" 2>&1 || {
    tail -60 "$tmp/build.log" >&2
    die "image build failed (last lines above)"
  }
  say "images built in $(elapsed "$t" "$(now)") s"
}

# Polls a search job (its URL, then the curl command line) until it is done or failed, at most
# 5 minutes; prints its last JSON.
wait_search() {
  local url="$1" job="" status=""
  shift
  for _ in $(seq 600); do
    job="$("$@" "$url" || true)"
    status="$(echo "$job" | json_get 'd["status"]' 2>/dev/null || true)"
    [[ "$status" == "done" || "$status" == "failed" ]] && break
    sleep 0.5
  done
  echo "$job"
}

# The candidate period (days) nearest to $1 in the search job JSON on stdin; empty if none.
nearest_period() {
  json_get "min((c['period'] for c in d['result']['candidates']), key=lambda p: abs(p - $1))" 2>/dev/null || true
}

# Removes the stack and the temporary folder when the test ends; on failure prints the last log
# lines first, and with DOCKER_TEST_KEEP=1 leaves a failed stack up for a look.
stack_cleanup() {
  local rc=$?
  if [[ $rc -ne 0 || $failures -ne 0 ]]; then
    say "logs of the stack (last lines per service):"
    compose logs --no-color --tail=30 2>&1 | tail -150 >&2 || true
  fi
  if [[ "${DOCKER_TEST_KEEP:-0}" == 1 && ($rc -ne 0 || $failures -ne 0) ]]; then
    say "DOCKER_TEST_KEEP=1: stack left up (project $project, files in $tmp)"
    return
  fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
