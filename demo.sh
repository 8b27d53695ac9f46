#!/usr/bin/env bash
# The demo, the whole system on one machine: an in-process Kafka broker, the dev Schema Registry, a generator of
# marked Hawkes events for a few hundred entities (with a few bad records) after their simulated history on the
# events topic, the streams app, the training service (first model from the history, then a retrain every 40 s
# that the app rolls in when it beats the serving version), and a live console view.
#   ./demo.sh                 runs until Ctrl-C
#   ./demo.sh seconds=120     runs 120 s, drains, stops; the last line is "DEMO {json}"
#   ./demo.sh --help          the other options
#   ./demo.sh offline [...]   the in-memory demo of the model alone (no Kafka)
# Builds what it needs first (a fresh machine needs only a JDK 17).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests -Dtempora.shade.skip=true -pl load-tests -am package >&2
export OMP_NUM_THREADS=1
main=io.tempora.demo.Demo
if [[ "${1:-}" == "offline" ]]; then
  main=io.tempora.demo.OfflineDemo
  shift
fi
exec java -Xmx4g @load-tests/target/jvm.args \
  -cp "load-tests/target/classes:$(cat load-tests/target/classpath.txt)" "$main" "$@"
