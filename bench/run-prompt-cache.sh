#!/usr/bin/env bash
# The prompt-cache benchmark (docs/benchmarks.md, "Prompt cache"): two workers on the same random-weight model
# (hidden 1024, 12 layers, 32k vocabulary, Q4_0), one with the prompt cache and one with --no-prefix-cache, measured
# alternately in the same run: time to first token of a cold ~1,500-token prompt, of the follow-up turn that extends
# it, and a 10-turn chat's total time. Prints a markdown table with ratios off ÷ on.
#
# Options (environment): ROUNDS=3 THREADS=2 PROMPT_WORDS=1500 CHAT_TURNS=10 SKIP_BUILD=1 (reuse the last build)
# The build packages the modules in place (no install into ~/.m2).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p bench/out
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f bench/out/prompt-cache-classpath.txt ]; then
  echo "bench: packaging the worker and what it needs ..." >&2
  ./mvnw -q -B -ntp -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$root/bench/out/prompt-cache-classpath.txt" -pl hearth-worker -am >&2
fi
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "Prompt-cache benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
echo "Machine: $(nproc) cores of $cpu; $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "Command: ROUNDS=${ROUNDS:-3} THREADS=${THREADS:-2} PROMPT_WORDS=${PROMPT_WORDS:-1500} CHAT_TURNS=${CHAT_TURNS:-10} bench/run-prompt-cache.sh"
echo
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss4m -Xmx2g \
  -cp "hearth-worker/target/classes:$(cat bench/out/prompt-cache-classpath.txt)" \
  -Drounds="${ROUNDS:-3}" -Dthreads="${THREADS:-2}" -DpromptWords="${PROMPT_WORDS:-1500}" -DchatTurns="${CHAT_TURNS:-10}" \
  -Dlogback.configurationFile=bench/src/main/resources/logback.xml -Dmodels=bench/out/models \
  bench/prompt-cache/PromptCacheBenchmark.java
