#!/usr/bin/env bash
# The engine-threads benchmark (see docs/benchmarks.md): single-stream decode and prefill through the raw engine
# with all cores as threads and with one core left free, on a quiet machine, beside one other busy process, and
# with two replicas decoding at once; ratios are taken within the run. The markdown result goes to stdout,
# progress to stderr.
#
# Options (environment):
#   QUANT=Q4_0      weight type of the random-weight TinyLlama-shape model (cached under bench/out/models/)
#   TOKENS=48       tokens decoded per measurement (a measurement also stops after DEADLINE seconds)
#   DEADLINE=12
#   ROUNDS=3        measurements per cell; each cell keeps its median
#   SKIP_BUILD=1    reuse the last build
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build bench/pom.xml

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "Engine-threads benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
echo "Machine: $(nproc) cores of $cpu; $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "Command: QUANT=${QUANT:-Q4_0} TOKENS=${TOKENS:-48} DEADLINE=${DEADLINE:-12} ROUNDS=${ROUNDS:-3} bench/run-threads.sh"
echo

exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss4m -Xmx1g \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dbench.quant="${QUANT:-Q4_0}" -Dbench.tokens="${TOKENS:-48}" -Dbench.deadline="${DEADLINE:-12}" \
  -Dbench.rounds="${ROUNDS:-3}" -Dbench.models=bench/out/models \
  dev.hearth.bench.ThreadsBenchmark
