#!/usr/bin/env bash
# A local Docker engine and local base images for machines without Docker and without a public image registry
# (the recipe: shared containers.md). Usage: deploy/local-engine.sh up|down|status
#
#   up      Where an engine already answers, uses it and changes nothing. Otherwise installs docker.io and
#           debootstrap (apt-get), starts dockerd with no bridge, no iptables/NAT/forwarding changes, its data and
#           exec roots under ENGINE_DIR, logging to a file, its pid recorded; then builds local/debian:bookworm
#           (debootstrap minbase, the rootfs tarball cached) and the JRE base local/jre:17 on it.
#   down    Stops the dockerd this script started (by its recorded pid) and unmounts what it left under ENGINE_DIR.
#           Images and the cached tarball stay, so the next 'up' is fast.
#   status  Says whether an engine answers, whether it is ours, and which local base images exist.
#
# ENGINE_DIR defaults to .local-engine/ at the repository root (gitignored); override with TEMPORA_ENGINE_DIR.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENGINE_DIR="${TEMPORA_ENGINE_DIR:-$REPO_ROOT/.local-engine}"
PID_FILE="$ENGINE_DIR/dockerd.pid"
LOG_FILE="$ENGINE_DIR/dockerd.log"
CACHE_DIR="$ENGINE_DIR/cache"
ROOTFS_TAR="$CACHE_DIR/debian-bookworm-minbase.tar"
SOCKET=/var/run/docker.sock
DEBIAN_IMAGE=local/debian:bookworm
JRE_IMAGE=local/jre:17
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${TEMPORA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# dockerd answers in about a second; a slow disk gets this many seconds before 'up' gives up.
READY_TIMEOUT_SECONDS=60
STOP_TIMEOUT_SECONDS=30

log() { printf '[local-engine %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }

our_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] \
    && echo "$pid"
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  [[ $EUID -eq 0 ]] || die "installing ${missing[*]} needs root"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_dockerd() {
  mkdir -p "$ENGINE_DIR/root" "$ENGINE_DIR/exec"
  log "starting dockerd (data root $ENGINE_DIR/root, log $LOG_FILE)"
  # No bridge, no NAT, no iptables rules, no forwarding change: containers use the host network only.
  setsid dockerd \
    --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none \
    --storage-driver=overlay2 --exec-opt native.cgroupdriver=cgroupfs \
    --data-root "$ENGINE_DIR/root" --exec-root "$ENGINE_DIR/exec" --pidfile "$ENGINE_DIR/dockerd.self.pid" \
    -H "unix://$SOCKET" >>"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local waited=0
  until engine_answers; do
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || die "dockerd exited; see $LOG_FILE"
    ((waited++ < READY_TIMEOUT_SECONDS * 4)) || die "dockerd did not answer within ${READY_TIMEOUT_SECONDS}s; see $LOG_FILE"
    sleep 0.25
  done
  log "dockerd answers (pid $(cat "$PID_FILE"))"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

build_debian_base() {
  image_exists "$DEBIAN_IMAGE" && return 0
  if [[ ! -s "$ROOTFS_TAR" ]]; then
    local rootfs="$ENGINE_DIR/rootfs"
    rm -rf "$rootfs"
    mkdir -p "$CACHE_DIR"
    log "debootstrap $DEBIAN_SUITE (minbase) into $rootfs"
    debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$DEBIAN_MIRROR" >"$ENGINE_DIR/debootstrap.log" 2>&1 \
      || die "debootstrap failed; see $ENGINE_DIR/debootstrap.log"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$ROOTFS_TAR.partial" .
    mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
    rm -rf "$rootfs"
  fi
  log "importing $DEBIAN_IMAGE from $ROOTFS_TAR"
  docker import "$ROOTFS_TAR" "$DEBIAN_IMAGE" >/dev/null
}

build_jre_base() {
  image_exists "$JRE_IMAGE" && return 0
  log "building $JRE_IMAGE (openjdk-17-jre-headless from the Debian mirror)"
  docker build -q --network host -t "$JRE_IMAGE" -f "$REPO_ROOT/deploy/base/jre.Dockerfile" \
    "$REPO_ROOT/deploy/base" >/dev/null
}

up() {
  if engine_answers && ! our_pid >/dev/null; then
    log "an engine already answers at $(docker context inspect -f '{{.Endpoints.docker.Host}}' 2>/dev/null || echo default); using it, changing nothing"
    return 0
  fi
  [[ $EUID -eq 0 ]] || die "starting a local engine needs root"
  mkdir -p "$ENGINE_DIR"
  install_packages
  our_pid >/dev/null || start_dockerd
  build_debian_base
  build_jre_base
  log "ready: $DEBIAN_IMAGE, $JRE_IMAGE"
}

unmount_leftovers() {
  # Deepest first, so nested mounts come off before their parents.
  awk -v dir="$ENGINE_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" || log "could not unmount $mnt"
  done
}

down() {
  local pid
  if ! pid="$(our_pid)"; then
    log "no dockerd started by this script is running"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    ((waited++ < STOP_TIMEOUT_SECONDS * 4)) || { log "dockerd ignored SIGTERM; sending SIGKILL"; kill -KILL "$pid"; }
    sleep 0.25
  done
  rm -f "$PID_FILE"
  unmount_leftovers
  log "stopped"
}

status() {
  if ! engine_answers; then
    echo "engine: none answers"
    return 0
  fi
  local pid
  if pid="$(our_pid)"; then echo "engine: ours (dockerd pid $pid, dir $ENGINE_DIR)"; else echo "engine: not ours"; fi
  echo "server version: $(docker version -f '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
  for image in "$DEBIAN_IMAGE" "$JRE_IMAGE"; do
    if image_exists "$image"; then echo "image $image: present"; else echo "image $image: absent"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
