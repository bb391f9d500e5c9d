#!/usr/bin/env bash
# Runs Condo on a demo: starts dockerd if needed, builds local demo images and the jar, writes two
# spec files to /tmp/condo-demo/specs and runs Condo in the foreground with its API on port 8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/docker-up.sh
scripts/test-images.sh
[ -f target/condo.jar ] || mvn -B -q -ntp -DskipTests package
# Without it Condo starts all the same, only slower.
[ target/condo.jsa -nt target/condo.jar ] || scripts/cds-archive.sh target/condo.jar >/dev/null || true

demo=${CONDO_DEMO_DIR:-/tmp/condo-demo}
mkdir -p "$demo/specs"
cat > "$demo/specs/hello.edn" <<'EDN'
;; A service deployed with zero downtime: the new container runs beside the old one and the old
;; one is stopped 2 s after the new one is healthy.
{:spec {:Image "condo-test/good:1"
        :Cmd ["sleep" "1000000"]
        :HostConfig {:Init true}
        :Healthcheck {:Test ["CMD" "test" "-f" "/version"] :Interval 500000000}}
 :deploy [:After 2]
 :health-timeout 10}
EDN
cat > "$demo/specs/worker.edn" <<'EDN'
{:spec {:Image "condo-test/good:2"
        :Cmd ["sleep" "1000000"]
        :HostConfig {:Init true}}}
EDN
cat <<MSG
Condo demo: specs in $demo/specs, state in $demo/state, API on http://127.0.0.1:8080
  curl -s 127.0.0.1:8080/v1/state
  sed -i 's/good:1/good:2/' $demo/specs/hello.edn     # zero-downtime deploy
  sed -i 's/good:2/good:oops/' $demo/specs/hello.edn  # a failing deploy: the old one keeps serving
  rm $demo/specs/worker.edn                            # stops and removes its container
Ctrl-C stops Condo and leaves the containers running; run this again and it adopts them.
MSG
exec java -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:+UseSerialGC -XX:SharedArchiveFile=target/condo.jsa \
  -jar target/condo.jar --state "$demo/state" --http-port "${CONDO_HTTP_PORT:-8080}" \
  --http-host 127.0.0.1 "$demo/specs"
