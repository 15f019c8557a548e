#!/usr/bin/env bash
# The gateway benchmark (see docs/benchmarks.md): gateway overhead against direct access to the same worker, and
# scale-from-zero time against the bare cost of starting that worker, both measured in the same run.
# Result: stdout and bench/out/gateway-results.md.
#
# Options (environment): CLIENTS=8 (closed-loop clients), SECONDS=8 (per run), ROUNDS=3 (alternating direct/gateway
# rounds, best kept), COLD_STARTS=3 (median kept), SKIP_BUILD=1 (reuse the last build).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build bench/gateway/pom.xml
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g \
  -cp "bench/gateway/target/classes:$(cat bench/gateway/target/classpath.txt)" dev.hearth.bench.gateway.GatewayBenchmark
