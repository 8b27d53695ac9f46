# The local JRE base: Debian's OpenJDK 17 runtime on the local Debian base (deploy/local-engine.sh builds
# local/debian:bookworm with debootstrap), for machines that cannot pull eclipse-temurin. Built with host networking
# so apt reaches the Debian mirror.
ARG DEBIAN_BASE=local/debian:bookworm
FROM ${DEBIAN_BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates-java \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
