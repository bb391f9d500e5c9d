#!/usr/bin/env bash
# Prints the path of a Consul binary for the tests, fetching Debian 11's consul package (1.8.7,
# built from HashiCorp's source) once into target/tools/consul without touching the system's apt
# setup: a private sources list pointing at the same mirror this machine's apt uses.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$PWD/target/tools/consul
binary=$tools/root/usr/bin/consul
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [ -z "$mirror" ]; then
  mirror=$(awk '/^deb / && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi
[ -n "$mirror" ] || { echo "cannot find this machine's Debian mirror" >&2; exit 1; }
mkdir -p "$tools/lists/partial" "$tools/cache/archives/partial" "$tools/root"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bullseye main" > "$tools/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$tools/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$tools/lists" -o "Dir::Cache=$tools/cache" -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" -qq update >&2
(cd "$tools" && apt-get "${apt_opts[@]}" -qq download consul >&2)
dpkg-deb -x "$tools"/consul_*.deb "$tools/root"
"$binary" version >&2
echo "$binary"
