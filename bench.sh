#!/usr/bin/env bash
# Runs one benchmark: ./bench.sh NAME [ARGS...]. Builds what it needs first.
# The last line printed is "BENCH " followed by one JSON object.
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -lt 1 ]; then
  echo "usage: ./bench.sh NAME [ARGS...]   (NAME: solver, adjoint, model, event, types, serde, e2e, query, faults, realdata)" >&2
  exit 2
fi
./mvnw -B -q -DskipTests -Dtempora.shade.skip=true -pl load-tests -am package >&2
export OMP_NUM_THREADS=1
exec java -Xmx4g @load-tests/target/jvm.args \
  -cp "load-tests/target/classes:$(cat load-tests/target/classpath.txt)" io.tempora.bench.BenchMain "$@"
