# Condo as a container: one per host, with the host's Docker socket mounted.
#   docker run -d --name condo --restart unless-stopped \
#     -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/condo:/var/lib/condo \
#     -p 80:80 condo
# Build offline with a local base image: docker build --build-arg BASE=<local java 17 image> .
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}

COPY target/condo.jar /opt/condo/condo.jar
# The class-data archive (AppCDS): a training run records the classes a start loads, and every
# start maps them instead: a start answers in 1.4 s instead of 2.2 s, with 40 MB less RSS. The
# run has no Docker (scripts/cds-archive.sh); a base image whose JVM cannot make one still builds.
RUN java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:cds=off -Xlog:cds+dynamic=off \
      -XX:ArchiveClassesAtExit=/opt/condo/condo.jsa -jar /opt/condo/condo.jar warm-up \
  || echo "no class-data archive (this base image's JVM has no base archive): Condo starts without one, slower"

ENV CONDO_HTTP_PORT=80
VOLUME /var/lib/condo
EXPOSE 80

# Every 15 s, a JVM each time: the interval is set for idle cost. A self-deploy does not wait for it:
# its hand-over helper runs this same check itself as soon as the new Condo runs.
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx32m", \
  "-XX:SharedArchiveFile=/opt/condo/condo.jsa", "-cp", "/opt/condo/condo.jar", "io.condo.cli.HealthProbe"]

# C1 only and no perf-data sampling: a faster start and a third less idle CPU and RSS (bench/NOTES.md).
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx256m", \
  "-XX:SharedArchiveFile=/opt/condo/condo.jsa", "-jar", "/opt/condo/condo.jar"]
CMD ["--state", "/var/lib/condo/state", "--http-port", "80", "/var/lib/condo"]
