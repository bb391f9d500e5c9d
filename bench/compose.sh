#!/usr/bin/env bash
# Prints the path of a Docker Compose v2 binary (the Go one users run today): Debian 13's
# docker-compose package (2.26), fetched once into target/tools/compose without touching the
# system's apt setup, signature-checked with Debian's archive keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$PWD/target/tools/compose
binary=$tools/root/usr/libexec/docker/cli-plugins/docker-compose
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "cannot find this machine's Debian mirror" >&2; exit 1; }
mkdir -p "$tools/lists/partial" "$tools/cache/archives/partial" "$tools/root"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$tools/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$tools/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$tools/lists" -o "Dir::Cache=$tools/cache" -o "APT::Get::List-Cleanup=0"
  -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" -qq update >&2
(cd "$tools" && apt-get "${apt_opts[@]}" -qq download docker-compose >&2)
dpkg-deb -x "$tools"/docker-compose_*.deb "$tools/root"
"$binary" version >&2
echo "$binary"
