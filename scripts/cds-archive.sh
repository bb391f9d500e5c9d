#!/usr/bin/env bash
# Builds the class-data archive (AppCDS) of a Condo jar: a training run (`condo warm-up`: Condo
# starts on an empty temporary directory, answers its state once, and stops) records every class
# a start loads, and a JVM given -XX:SharedArchiveFile maps them instead of loading them again:
# the first answer comes in 1.4 s instead of 2.2 s, with 40 MB less RSS (bench/NOTES.md). The
# archive belongs to that jar file: a jar rebuilt since makes the JVM skip it, so build it anew.
#   scripts/cds-archive.sh [JAR]      default target/condo.jar; writes JAR's name with .jsa
set -euo pipefail
jar=$(readlink -f "${1:-target/condo.jar}")
archive="${jar%.jar}.jsa"
tmp="$archive.$$.tmp"
trap 'rm -f "$tmp"' EXIT
# A jar from before the training run existed would take `warm-up` for a spec directory.
# (grep -c reads the whole listing: grep -q would stop the lister early, and pipefail count that.)
if ! unzip -Z1 "$jar" 2>/dev/null | grep -c 'WarmUpCommand.class' >/dev/null \
    && ! jar tf "$jar" 2>/dev/null | grep -c 'WarmUpCommand.class' >/dev/null; then
  echo "cds-archive: $jar has no warm-up command; no archive" >&2
  exit 1
fi
# The options Condo runs with (README, "Running it"): an archive is only used under the same GC and
# by the same JVM ($JAVA when set).
"${JAVA:-java}" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:cds=off -Xlog:cds+dynamic=off \
  -XX:ArchiveClassesAtExit="$tmp" -jar "$jar" warm-up > "$tmp.log" 2>&1 || { cat "$tmp.log" >&2; rm -f "$tmp.log"; exit 1; }
rm -f "$tmp.log"
mv -f "$tmp" "$archive"
echo "$archive"
