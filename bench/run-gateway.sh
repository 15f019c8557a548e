#!/usr/bin/env bash
# The gateway benchmark (see docs/benchmarks.md): gateway overhead against direct access to the same worker, and
# scale-from-zero time against the bare cost of starting that worker, both measured in the same run.
# Result: stdout and bench/out/gateway-results.md.
#
# Options (environment): CLIENTS=8 (closed-loop clients), SECONDS=8 (per run), ROUNDS=3 (alternating direct/gateway
# rounds, best kept), COLD_STARTS=3 (median kept), SKIP_BUILD=1 (reuse the last build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. "$root/.mvn/find-jdk.sh"
hearth_find_jdk
if [ -n "$HEARTH_JDK_ERROR" ]; then echo "$HEARTH_JDK_ERROR" >&2; exit 1; fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building Hearth and the gateway benchmark ..." >&2
  ./mvnw -q -B -ntp -Dmaven.test.skip=true install >&2
  ./mvnw -q -B -ntp -f bench/gateway/pom.xml package >&2
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g \
  -cp "bench/gateway/target/classes:$(cat bench/gateway/target/classpath.txt)" dev.hearth.bench.gateway.GatewayBenchmark
