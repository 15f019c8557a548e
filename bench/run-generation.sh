#!/usr/bin/env bash
# The generation benchmark (see docs/benchmarks.md): builds Hearth and the benchmark, then measures decode
# tokens/s through the raw engine, the scheduler and the worker's HTTP API at 1, 2, 4 and 8 streams on
# random-weight models with TinyLlama-1.1B's shape, with the memory bandwidth measured in the same run.
# The markdown result goes to stdout and to bench/out/generation-results.md; progress goes to stderr.
#
# Options (environment):
#   QUANTS=F16,Q8_0,Q4_0   weight types to measure
#   STREAMS=1,2,4,8        concurrent streams (the first is the single-stream reference)
#   TOKENS=64              tokens generated per stream
#   REPEATS=3              passes over every cell; each cell keeps its best
#   THREADS=2              engine threads
#   SKIP_BUILD=1           reuse the last build
#   BUDGET_MINUTES=18      time for the measurements: passes after the first, and retries, are dropped to keep to it
#                          (the build, model files and bandwidth add 1–2 minutes)
#   QUIET=0.10             before each measurement, wait until other processes use less than this share of the CPUs,
#   QUIET_WAIT=5           for at most this many seconds each time
#   QUIET_BUDGET=120       and at most this many seconds over the run; a measurement during which other processes
#                          used more than 2 × QUIET is tried once more while the budgets last
#   RAW_ONLY=1             measure the raw engine alone (a diagnostic; the other columns then repeat it)
# Quick run: QUANTS=Q4_0 TOKENS=64 REPEATS=1 bench/run-generation.sh
# Model files are cached under bench/out/models/ (F16 is 2.2 GB); delete them to regenerate.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build bench/pom.xml

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
changed="$(GIT_OPTIONAL_LOCKS=0 git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | wc -l || echo 0)"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
mem="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "Generation benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit$([ "$changed" -gt 0 ] && echo " (+$changed locally modified tracked files)")"
echo "Machine: $(nproc) cores of $cpu, $mem; $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "Command: QUANTS=${QUANTS:-F16,Q8_0,Q4_0} STREAMS=${STREAMS:-1,2,4,8} TOKENS=${TOKENS:-64} REPEATS=${REPEATS:-3} THREADS=${THREADS:-2} BUDGET_MINUTES=${BUDGET_MINUTES:-18} bench/run-generation.sh"
echo

exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss4m -Xms256m -Xmx3g \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dbench.quants="${QUANTS:-F16,Q8_0,Q4_0}" -Dbench.streams="${STREAMS:-1,2,4,8}" -Dbench.tokens="${TOKENS:-64}" \
  -Dbench.repeats="${REPEATS:-3}" -Dbench.threads="${THREADS:-2}" -Dbench.quietThreshold="${QUIET:-0.10}" -Dbench.quietWait="${QUIET_WAIT:-5}" -Dbench.quietBudget="${QUIET_BUDGET:-120}" \
  -Dbench.budgetMinutes="${BUDGET_MINUTES:-18}" \
  -Dbench.rawOnly="$([ "${RAW_ONLY:-0}" = 1 ] && echo true || echo false)" \
  -Dbench.models=bench/out/models -Dbench.out=bench/out \
  dev.hearth.bench.GenerationBenchmark
