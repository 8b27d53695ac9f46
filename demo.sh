#!/usr/bin/env bash
# The demo: ./demo.sh [ARGS...]. Builds what it needs first (a fresh machine needs only a JDK 17).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests -pl load-tests -am package >&2
export OMP_NUM_THREADS=1
exec java -Xmx4g @load-tests/target/jvm.args \
  -cp "load-tests/target/classes:$(cat load-tests/target/classpath.txt)" io.tempora.demo.Demo "$@"
