#!/usr/bin/env bash
# The embeddings benchmark (see docs/benchmarks.md, "Embeddings"): builds hearth-embed and the benchmark, then
# measures all-MiniLM-L6-v2 sentences/s through the embedding worker's HTTP API (POST /embed) and through raw ONNX
# Runtime in the same JVM and run: batch 1, batch 64, and CLIENTS concurrent single-sentence clients (served by
# cross-request batching) against sequential single requests. Works offline (the model ships in a Maven jar).
# The markdown result goes to stdout and to bench/out/embeddings-results.md; progress goes to stderr.
#
# Options (environment):
#   MEASURE_SECONDS=4   length of each measurement
#   REPEATS=3      interleaved passes over every cell; the table shows medians and the range
#   CLIENTS=8      concurrent single-sentence clients
#   THREADS=       ONNX Runtime intra-op threads (default: all cores)
#   SKIP_BUILD=1   reuse the last build
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build bench/embeddings/pom.xml -pl hearth-embed -am

mkdir -p bench/out
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
changed="$(GIT_OPTIONAL_LOCKS=0 git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | wc -l || echo 0)"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
mem="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
{
  echo "Embeddings benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit$([ "$changed" -gt 0 ] && echo " (+$changed locally modified tracked files)")"
  echo "Machine: $(nproc) cores of $cpu, $mem; $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "Command: MEASURE_SECONDS=${MEASURE_SECONDS:-4} REPEATS=${REPEATS:-3} CLIENTS=${CLIENTS:-8} bench/run-embeddings.sh"
  echo
  MEASURE_SECONDS="${MEASURE_SECONDS:-4}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "bench/embeddings/target/classes:$(cat bench/embeddings/target/classpath.txt)" \
    dev.hearth.bench.embed.EmbeddingBench
} | tee bench/out/embeddings-results.md
