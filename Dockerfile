# Condo as a container: one per host, with the host's Docker socket mounted.
#   docker run -d --name condo --restart unless-stopped \
#     -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/condo:/var/lib/condo \
#     -p 80:80 condo
# Build offline with a local base image: docker build --build-arg BASE=<local java 17 image> .
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}

COPY target/condo.jar /opt/condo/condo.jar

ENV CONDO_HTTP_PORT=80
VOLUME /var/lib/condo
EXPOSE 80

HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx32m", "-cp", "/opt/condo/condo.jar", "io.condo.HealthProbe"]

# C1 only and no perf-data sampling: a faster start and a third less idle CPU and RSS (bench/NOTES.md).
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx256m", \
  "-jar", "/opt/condo/condo.jar"]
CMD ["--state", "/var/lib/condo/state", "--http-port", "80", "/var/lib/condo"]
