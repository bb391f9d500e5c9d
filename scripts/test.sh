#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests against a real dockerd with real
# containers. Installs and starts what it needs (docker.io, busybox-static, local test images).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/docker-up.sh
scripts/test-images.sh --java
exec mvn -B -ntp verify "$@"
