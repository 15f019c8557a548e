#!/usr/bin/env bash
# The store benchmark (see docs/benchmarks.md): at 1,000 endpoints, the list route and one reconcile pass on
# PostgreSQL against SQLite in the same run, and the time another instance takes to lead after kill -9 of the leader.
# Needs Debian's postgresql package (initdb, postgres). Result: stdout and bench/out/store-results.md.
#
# Options (environment): ENDPOINTS=1000, SAMPLES=20 (median kept), TAKEOVERS=3 (median kept), SKIP_BUILD=1 (reuse
# the last build).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build bench/store/pom.xml
exec "$JAVA_HOME/bin/java" -Xmx1g \
  -cp "bench/store/target/classes:$(cat bench/store/target/classpath.txt)" dev.hearth.bench.store.StoreBenchmark
