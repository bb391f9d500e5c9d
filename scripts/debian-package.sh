#!/usr/bin/env bash
# Usage: scripts/debian-package.sh SUITE PACKAGE PATH-IN-PACKAGE
# Prints the path of a binary from another Debian release's package (e.g. bullseye's consul,
# trixie's docker-compose), fetched once into target/tools/PACKAGE without touching the system's
# apt setup: a private sources list pointing at the mirror this machine's apt uses, checked
# against Debian's archive keyring.
set -euo pipefail
suite=$1 package=$2 inside=$3
cd "$(dirname "$0")/.."
tools=$PWD/target/tools/$package
binary=$tools/root/$inside
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "cannot find this machine's Debian mirror" >&2; exit 1; }
mkdir -p "$tools/lists/partial" "$tools/cache/archives/partial" "$tools/root"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$tools/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$tools/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$tools/lists" -o "Dir::Cache=$tools/cache" -o "APT::Get::List-Cleanup=0"
  -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" -qq update >&2
(cd "$tools" && apt-get "${apt_opts[@]}" -qq download "$package" >&2)
dpkg-deb -x "$tools"/"${package}"_*.deb "$tools/root"
"$binary" version >&2
echo "$binary"
