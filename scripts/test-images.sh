#!/usr/bin/env bash
# Builds the local images the demo and the tests use, without any registry, from Debian's static
# busybox: condo-test/good:1 and :2 (different content), condo-test/bad:1 (its health check always
# fails). With --java also condo-test/jre:17, a Java base image made from this machine's JDK, to
# build Condo's own Dockerfile offline. Images that exist are kept.
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exists() { docker image inspect "$1" >/dev/null 2>&1; }

busybox_rootfs() {
  local root=$1 version=$2
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh sleep nc httpd cat echo test true false ls touch rm kill env ps; do
    ln -sf busybox "$root/bin/$applet"
  done
  echo "root:x:0:0:root:/:/bin/sh" > "$root/etc/passwd"
  echo "$version" > "$root/version"
}

import_image() {
  local name=$1 version=$2
  shift 2
  if exists "$name"; then return; fi
  local root="$work/$(echo "$name" | tr '/:' '__')"
  busybox_rootfs "$root" "$version"
  tar -C "$root" -c . | docker import "$@" - "$name" >/dev/null
  echo "built $name" >&2
}

import_image condo-test/good:1 "good 1" --change 'CMD ["/bin/sleep", "1000000"]'
import_image condo-test/good:2 "good 2" --change 'CMD ["/bin/sleep", "1000000"]'
import_image condo-test/bad:1 "bad 1" --change 'CMD ["/bin/sleep", "1000000"]' \
  --change 'HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD ["/bin/false"]'

if [ "${1:-}" = "--java" ] && ! exists condo-test/jre:17; then
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  root="$work/jre"
  mkdir -p "$root/opt" "$root/tmp" "$root/etc" "$root/bin" "$root/lib64"
  chmod 1777 "$root/tmp"
  tar -C "$(dirname "$jdk")" -h --exclude=jmods --exclude=include --exclude=man --exclude=src.zip \
    --exclude=demo --exclude=sample -cf - "$(basename "$jdk")" | tar -C "$root/opt" -xf -
  mv "$root/opt/$(basename "$jdk")" "$root/opt/java"
  # The shared libraries the JVM needs, at the paths the loader expects.
  for binary in "$root/opt/java/bin/java" "$root/opt/java/lib/server/libjvm.so" "$root"/opt/java/lib/*.so; do
    ldd "$binary" 2>/dev/null | awk '/=> \// {print $3} /^\s*\/lib/ {print $1}'
  done | sort -u | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh cat echo test true false ls; do ln -sf busybox "$root/bin/$applet"; done
  cp /etc/passwd /etc/group /etc/nsswitch.conf "$root/etc/"
  tar -C "$root" -c . | docker import --change 'ENV PATH=/opt/java/bin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' - condo-test/jre:17 >/dev/null
  echo "built condo-test/jre:17" >&2
fi
