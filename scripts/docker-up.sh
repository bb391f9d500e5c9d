#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock (or DOCKER_HOST): installs Debian's
# docker.io and busybox-static when missing and starts dockerd when nothing answers. A dockerd that
# is already running is left alone.
set -euo pipefail

ping_docker() {
  curl -sf --max-time 2 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1
}

need_packages=()
command -v dockerd >/dev/null 2>&1 || need_packages+=(docker.io)
command -v docker >/dev/null 2>&1 || need_packages+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need_packages+=(busybox-static)
command -v curl >/dev/null 2>&1 || need_packages+=(curl)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "installing ${need_packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
  exit 0 # a remote engine: nothing to start here
fi
if ping_docker; then
  exit 0
fi
echo "starting dockerd" >&2
setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
for _ in $(seq 1 120); do
  if ping_docker; then
    exit 0
  fi
  sleep 0.5
done
echo "dockerd did not answer within 60 s; see /var/log/dockerd.log" >&2
tail -20 /var/log/dockerd.log >&2 || true
exit 1
