#!/usr/bin/env bash
# Debian packages the tests run for real: Prometheus (its server scrapes Condo in MetricsIT, and
# promtool lints the scrape), Chromium with its driver (the web UI's tests drive a real browser),
# a private registry with htpasswd (RegistryIT pulls from it) and the pass credential helper with
# pass and GnuPG (RegistryIT's credHelpers and credsStore).
# Installed only when missing; nothing is started here.
set -euo pipefail

need_packages=()
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || need_packages+=(prometheus)
{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || need_packages+=(chromium chromium-driver)
{ command -v docker-registry && command -v htpasswd; } >/dev/null 2>&1 || need_packages+=(docker-registry apache2-utils)
{ command -v docker-credential-pass && command -v pass && command -v gpg; } >/dev/null 2>&1 \
  || need_packages+=(golang-docker-credential-helpers pass gnupg)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "installing ${need_packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # No systemd here: the package's service is never started, the tests start their own servers.
  apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi
