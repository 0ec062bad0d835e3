#!/usr/bin/env bash
# Builds local stand-ins for the base images our Dockerfiles and compose files name, for machines
# that have a Docker engine but no registry access. The Dockerfiles stay unchanged: where a
# registry is reachable, Docker pulls the real images instead and this script is not needed.
#
#   debian:bookworm-slim   debootstrap --variant=minbase of bookworm, trimmed like the official one
#   node:20-bookworm-slim  that + this machine's own Node.js 20 laid out as in the official image
#   redis:7.4-bookworm     that + Debian's redis-server, user redis (uid 999), /data
#   nginx:1.28-bookworm    that + Debian's nginx, user nginx (uid 101), /var/cache/nginx
#
# The Debian mirror is the one this machine's apt uses (/etc/apt/sources.list.d/debian.sources).
# Usage: scripts/docker-local-bases.sh [--force]   (needs root for debootstrap, and a running dockerd)
set -euo pipefail

force=0
[[ "${1:-}" == "--force" ]] && force=1

readonly debian_image=debian:bookworm-slim
readonly node_image=node:20-bookworm-slim
readonly redis_image=redis:7.4-bookworm
readonly nginx_image=nginx:1.28-bookworm
readonly sources=/etc/apt/sources.list.d/debian.sources

have_image() { [[ $force -eq 0 ]] && docker image inspect "$1" >/dev/null 2>&1; }
log() { echo "docker-local-bases: $*" >&2; }

work="$(mktemp -d "${TMPDIR:-/var/tmp}/exodetect-bases.XXXXXX")"
cleanup() {
  # debootstrap may leave /proc or /sys mounted inside the root if it fails half way.
  for m in proc sys dev/pts; do
    mountpoint -q "$work/rootfs/$m" 2>/dev/null && umount -l "$work/rootfs/$m"
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The apt settings that decide how packages are fetched here (e.g. a snapshot mirror whose
# Release files are past their Valid-Until date) apply inside the images too.
apt_fetch_conf() {
  apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy) ' || true
}

build_debian() {
  have_image "$debian_image" && return 0
  command -v debootstrap >/dev/null || { log "debootstrap missing (scripts/install-deps.sh docker)"; exit 1; }
  [[ -r "$sources" ]] || { log "$sources not found: cannot tell which Debian mirror to use"; exit 1; }
  local mirror
  mirror="$(awk '/^URIs:/ {print $2; exit}' "$sources")"
  log "debootstrap bookworm from $mirror (a few minutes)"
  local root="$work/rootfs"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
  }
  rm -f "$root/etc/apt/sources.list"
  cp "$sources" "$root/etc/apt/sources.list.d/debian.sources"
  apt_fetch_conf >"$root/etc/apt/apt.conf.d/90local-fetch"
  # What the official slim image does: no docs, man pages or apt caches in layers.
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'APT::Install-Recommends "false";' >"$root/etc/apt/apt.conf.d/docker-no-recommends"
  find "$root/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,info,locale,groff,lintian}/* "$root"/var/lib/apt/lists/* \
    "$root"/var/cache/apt/* "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/*
  tar --numeric-owner -C "$root" -c . |
    docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      - "$debian_image" >/dev/null
  log "built $debian_image"
}

build_node() {
  have_image "$node_image" && return 0
  local node_bin npm_dir
  node_bin="$(command -v node || true)"
  [[ -n "$node_bin" ]] || { log "no node on this machine to put in $node_image"; exit 1; }
  node_bin="$(readlink -f "$node_bin")"
  [[ "$("$node_bin" --version)" == v20.* ]] || { log "$node_image needs Node.js 20, found $("$node_bin" --version)"; exit 1; }
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  local ctx="$work/node"
  mkdir -p "$ctx/node_modules"
  cp "$node_bin" "$ctx/node"
  cp -a "$npm_dir" "$ctx/node_modules/npm"
  [[ -d "$(dirname "$npm_dir")/corepack" ]] && cp -a "$(dirname "$npm_dir")/corepack" "$ctx/node_modules/corepack"
  # A machine whose HTTPS egress needs an extra CA (NODE_EXTRA_CA_CERTS) passes it on, so npm
  # reaches the registry from builds on this stand-in as it does here.
  local ca_env=""
  if [[ -n "${NODE_EXTRA_CA_CERTS:-}" && -r "$NODE_EXTRA_CA_CERTS" ]]; then
    cp "$NODE_EXTRA_CA_CERTS" "$ctx/extra-ca.crt"
    ca_env="COPY extra-ca.crt /usr/local/share/exodetect-extra-ca.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/exodetect-extra-ca.crt"
  fi
  cat >"$ctx/Dockerfile" <<EOF
FROM $debian_image
$ca_env
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY node /usr/local/bin/node
COPY node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && if [ -d /usr/local/lib/node_modules/corepack ]; then \\
      ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack; fi \\
 && node --version && npm --version
ENV NODE_VERSION=$("$node_bin" --version | tr -d v)
CMD ["node"]
EOF
  docker build -q --network host -t "$node_image" "$ctx" >/dev/null
  log "built $node_image"
}

# Images made of the Debian base plus a few packages, like the official ones but from Debian.
build_from_debian() {
  local tag="$1" dockerfile="$2"
  have_image "$tag" && return 0
  local ctx
  ctx="$work/$(echo "$tag" | tr ':/' '__')"
  mkdir -p "$ctx"
  printf '%s\n' "$dockerfile" >"$ctx/Dockerfile"
  docker build -q --network host -t "$tag" "$ctx" >/dev/null
  log "built $tag"
}

build_debian
build_node
build_from_debian "$redis_image" "FROM $debian_image
RUN groupadd --system --gid 999 redis && useradd --system --uid 999 --gid redis --home-dir /data redis \\
 && apt-get update && apt-get install -y --no-install-recommends redis-server \\
 && rm -rf /var/lib/apt/lists/* && mkdir -p /data && chown redis:redis /data
WORKDIR /data
VOLUME /data
EXPOSE 6379
CMD [\"redis-server\"]"
build_from_debian "$nginx_image" "FROM $debian_image
RUN groupadd --system --gid 101 nginx \\
 && useradd --system --uid 101 --gid nginx --no-create-home --home-dir /nonexistent --shell /bin/false nginx \\
 && apt-get update && apt-get install -y --no-install-recommends nginx \\
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/sites-available \\
 && mkdir -p /var/cache/nginx /etc/nginx/conf.d && rm -rf /var/lib/nginx
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD [\"nginx\", \"-g\", \"daemon off;\"]"
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' |
  grep -E "^($debian_image|$node_image|$redis_image|$nginx_image) " >&2
