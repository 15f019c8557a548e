#!/usr/bin/env bash
# The side-by-side benchmark of issue #14: Hearth's worker against llama.cpp's own llama-server, built from the
# llama.cpp source of the release Hearth pins (bench/peer/build-llama-server.sh; cached in ~/.cache/hearth-bench, about
# 30 minutes on 2 cores the first time). Both serve the same random-weight GGUF (hidden 1024, 12 layers, 32k
# vocabulary, Q4_0) with the same threads and slots; one streaming /v1/completions client measures them in
# alternating runs: decode tok/s at 1, 2, 4, 8 streams, time to first token of a cold ~1,500-word prompt and of the
# follow-up turn that extends it, a 10-turn chat's total time, and each server's RSS and the CPU variant it loaded.
# Ratios are Hearth ÷ llama-server, > 1 better for Hearth. The peer is a reference only: nothing of it enters Hearth.
#
# Options (environment): THREADS=2 SLOTS=8 ROUNDS=3 TOKENS=64 STREAMS=1,2,4,8 PROMPT_WORDS=1500 CHAT_TURNS=10
#   SKIP_BUILD=1 (reuse the last Hearth build)
# Note: llama-server's sapphirerapids variant dies with SIGILL in its AMX kernels on VMs that grant no AMX state to
# a process that does not ask for it; the build leaves that variant out (PEER_VARIANTS), so the loader takes the next.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads=${THREADS:-2}; slots=${SLOTS:-8}; ctx_per_slot=4096
mkdir -p bench/out/models
cp_file="$root/bench/out/prompt-cache-classpath.txt"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$cp_file" ]; then
  echo "bench: packaging the worker and what it needs ..." >&2
  ./mvnw -q -B -ntp -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cp_file" -pl hearth-worker -am >&2
fi
classpath="hearth-worker/target/classes:$(cat "$cp_file")"
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=bench/src/main/resources/logback.xml)
peer_bin="$(bench/peer/build-llama-server.sh)"
model="$root/bench/out/models/peer-1024x12-q4_0.gguf"
[ -f "$model" ] || "${java[@]}" -cp "$classpath" bench/peer/PeerBenchmark.java --write-model "$model"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
hport=$(free_port); pport=$(free_port)
"${java[@]}" -Xmx2g -cp "$classpath" dev.hearth.worker.WorkerCommand --model "$model" --hostname 127.0.0.1 \
  --port "$hport" --threads "$threads" --max-batch-size "$slots" --max-total-tokens "$ctx_per_slot" \
  > bench/out/peer-hearth.log 2>&1 &
hpid=$!
"$peer_bin" -m "$model" --host 127.0.0.1 --port "$pport" -t "$threads" -tb "$threads" -np "$slots" \
  -c $((slots * ctx_per_slot)) > bench/out/peer-llama-server.log 2>&1 &
ppid=$!
trap 'kill $hpid $ppid 2>/dev/null || true' EXIT
for url in "http://127.0.0.1:$hport/health" "http://127.0.0.1:$pport/health"; do
  for _ in $(seq 1 240); do curl -sf "$url" >/dev/null && break; sleep 0.5; done
  curl -sf "$url" >/dev/null || { echo "bench: $url never became healthy (logs in bench/out/peer-*.log)" >&2; exit 1; }
done

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "Side-by-side benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
echo "Machine: $(nproc) cores of $cpu; $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); peer $peer_bin"
echo "Command: THREADS=$threads SLOTS=$slots ROUNDS=${ROUNDS:-3} TOKENS=${TOKENS:-64} STREAMS=${STREAMS:-1,2,4,8} PROMPT_WORDS=${PROMPT_WORDS:-1500} CHAT_TURNS=${CHAT_TURNS:-10} bench/run-peer.sh"
echo
"${java[@]}" -cp "$classpath" -Drounds="${ROUNDS:-3}" -Dtokens="${TOKENS:-64}" -Dstreams="${STREAMS:-1,2,4,8}" \
  -DpromptWords="${PROMPT_WORDS:-1500}" -DchatTurns="${CHAT_TURNS:-10}" \
  bench/peer/PeerBenchmark.java "http://127.0.0.1:$hport" "$hpid" "http://127.0.0.1:$pport" "$ppid"
