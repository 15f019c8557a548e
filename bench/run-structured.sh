#!/usr/bin/env bash
# The structured-generation benchmark (see docs/benchmarks.md, "Structured generation"): builds Hearth and the
# benchmark, then measures greedy decode tokens/s through the continuous-batching scheduler with a JSON Schema
# constraint against unconstrained, at 1 and 8 streams, alternating in the same run, on the random-weight model of
# TinyLlama-1.1B's shape. The markdown result goes to stdout and to bench/out/structured-results.md.
#
# Options (environment):
#   QUANT=Q4_0      weight type
#   STREAMS=1,8     concurrent streams
#   TOKENS=48       tokens per stream
#   REPEATS=3       alternating passes per cell (medians and ranges shown)
#   THREADS=2       engine threads
#   SCHEMA=FILE     a JSON Schema to measure instead of the built-in one
#   SKIP_BUILD=1    reuse the last build
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build bench/pom.xml

mkdir -p bench/out
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
{
  echo "Structured-generation benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
  echo "Machine: $(nproc) cores of $cpu; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
  echo "Command: QUANT=${QUANT:-Q4_0} STREAMS=${STREAMS:-1,8} TOKENS=${TOKENS:-48} REPEATS=${REPEATS:-3} THREADS=${THREADS:-2} bench/run-structured.sh"
  echo
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss4m -Xmx3g \
    -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    -Dbench.quant="${QUANT:-Q4_0}" -Dbench.streams="${STREAMS:-1,8}" -Dbench.tokens="${TOKENS:-48}" \
    -Dbench.repeats="${REPEATS:-3}" -Dbench.threads="${THREADS:-2}" -Dbench.schema="${SCHEMA:-}" -Dbench.models=bench/out/models \
    dev.hearth.bench.StructuredBenchmark
} | tee bench/out/structured-results.md
