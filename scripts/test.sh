#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests against a real dockerd with real
# containers, a real Consul and clustered instances. Installs and starts what it needs (docker.io,
# busybox-static, local test images, Consul 1.8.7 from Debian's packages).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/docker-up.sh
scripts/test-images.sh --java
scripts/consul.sh >/dev/null
exec mvn -B -ntp verify "$@"
