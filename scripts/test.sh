#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests against a real dockerd with real
# containers, a real Consul, a real Prometheus and clustered instances. Installs and starts what it
# needs (docker.io, busybox-static, local test images, Consul 1.8.7 and Prometheus from Debian's
# packages).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/docker-up.sh
scripts/test-images.sh --java
scripts/consul.sh >/dev/null
scripts/test-packages.sh
exec mvn -B -ntp verify "$@"
