#!/usr/bin/env bash
# The store benchmark (see docs/benchmarks.md): at 1,000 endpoints, the list route and one reconcile pass on
# PostgreSQL against SQLite in the same run, and the time another instance takes to lead after kill -9 of the leader.
# Needs Debian's postgresql package (initdb, postgres). Result: stdout and bench/out/store-results.md.
#
# Options (environment): ENDPOINTS=1000, SAMPLES=20 (median kept), TAKEOVERS=3 (median kept), SKIP_BUILD=1 (reuse
# the last build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. "$root/.mvn/find-jdk.sh"
hearth_find_jdk
if [ -n "$HEARTH_JDK_ERROR" ]; then echo "$HEARTH_JDK_ERROR" >&2; exit 1; fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building Hearth and the store benchmark ..." >&2
  ./mvnw -q -B -ntp -Dmaven.test.skip=true install >&2
  ./mvnw -q -B -ntp -f bench/store/pom.xml package >&2
fi
exec "$JAVA_HOME/bin/java" -Xmx1g \
  -cp "bench/store/target/classes:$(cat bench/store/target/classpath.txt)" dev.hearth.bench.store.StoreBenchmark
