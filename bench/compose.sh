#!/usr/bin/env bash
# Prints the path of a Docker Compose v2 binary (the Go one users run today): Debian 13's
# docker-compose package (2.26), fetched once into target/tools/docker-compose.
set -euo pipefail
exec "$(dirname "$0")/../scripts/debian-package.sh" trixie docker-compose \
  usr/libexec/docker/cli-plugins/docker-compose
