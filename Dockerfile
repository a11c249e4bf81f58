# Tock's container image: `tock server` on a JRE, as a fixed non-root user, on a read-only root filesystem.
#
#   docker build -t tock:0.1.0 .
#   docker run --read-only --tmpfs /tmp -v tock-data:/var/lib/tock -p 127.0.0.1:8080:8080 tock:0.1.0
#
# Writable paths: /var/lib/tock (data: the embedded store when TOCK_DB_URL is not set, a VOLUME) and
# /tmp (java.io.tmpdir; mount a tmpfs or emptyDir there). Everything else may be mounted read-only.
# Base images are pinned to a release; pin them to a digest (image@sha256:...) in your own builds.

ARG BUILD_IMAGE=maven:3.9.9-eclipse-temurin-21
ARG RUNTIME_IMAGE=eclipse-temurin:21.0.5_11-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# Tests run in CI, not in the image build; the cache mount keeps Maven's downloads between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl tock-cli -am package

FROM ${RUNTIME_IMAGE} AS runtime
ARG TOCK_UID=10001
# A numeric, fixed UID/GID (not a name), so Kubernetes' runAsNonRoot can verify it and volumes' owners stay stable.
RUN groupadd --system --gid "${TOCK_UID}" tock \
 && useradd --system --uid "${TOCK_UID}" --gid tock --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin tock \
 && mkdir -p /var/lib/tock \
 && chown "${TOCK_UID}:${TOCK_UID}" /var/lib/tock \
 && chmod 0750 /var/lib/tock
# Owned by root and read-only to the tock user: the process cannot change its own code.
COPY --from=build --chmod=0444 /src/tock-cli/target/tock.jar /opt/tock/tock.jar
COPY --chmod=0555 deploy/docker/healthcheck /opt/tock/bin/healthcheck

# Listen on every interface of the container (the default, 127.0.0.1, is unreachable from outside it);
# publishing the port is the operator's choice. The JVM sizes its heap from the container's memory
# limit, dies on OutOfMemoryError so the orchestrator restarts it, and keeps temporary files in /tmp.
ENV TOCK_HOST=0.0.0.0 \
    TOCK_PORT=8080 \
    TOCK_DB_URL=jdbc:h2:file:/var/lib/tock/tock \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"

WORKDIR /opt/tock
USER 10001:10001
VOLUME ["/var/lib/tock"]
EXPOSE 8080
# On SIGTERM tock server drains: /ready turns 503, running jobs get TOCK_DRAIN_GRACE, the rest are released.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/opt/tock/bin/healthcheck", "/health"]
ENTRYPOINT ["java", "-jar", "/opt/tock/tock.jar"]
CMD ["server"]
