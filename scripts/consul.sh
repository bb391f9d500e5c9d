#!/usr/bin/env bash
# Prints the path of a Consul binary for the tests: Debian 11's consul package (1.8.7, built
# from HashiCorp's source), fetched once into target/tools/consul.
set -euo pipefail
exec "$(dirname "$0")/debian-package.sh" bullseye consul usr/bin/consul
