#!/usr/bin/env bash
# Builds llama.cpp's own llama-server once, from the llama.cpp source of the release Hearth pins (the npm package
# node-llama-cpp carries it as a git bundle), the way node-llama-cpp builds its binaries (dynamic CPU backends, all
# variants). A benchmark reference only: nothing of it enters Hearth's build or runtime.
#
# usage: bench/peer/build-llama-server.sh     prints the path of the llama-server binary
# The build is cached in ${HEARTH_BENCH_CACHE:-~/.cache/hearth-bench}/llama.cpp-<npm version>/ (about 30 minutes on
# 2 cores the first time; it runs under nice so that it yields to everything else).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="$(sed -n 's:.*<llama.npm.version>\(.*\)</llama.npm.version>.*:\1:p' "$root/pom.xml" | head -n 1)"
[ -n "$version" ] || { echo "peer: no llama.npm.version in pom.xml" >&2; exit 1; }
cache="${HEARTH_BENCH_CACHE:-$HOME/.cache/hearth-bench}/llama.cpp-$version"
bin="$cache/build/bin/llama-server"
variants="${PEER_VARIANTS:-zen4 icelake skylakex haswell x64}"
# llama-server loads the best CPU variant it finds beside it, so the variants left out must not be there: the build
# makes every variant whatever the targets say (sapphirerapids among them, whose AMX kernels die with SIGILL here).
prune_variants() {
  local lib name
  for lib in "$cache"/build/bin/libggml-cpu-*.so; do
    [ -e "$lib" ] || continue
    name="${lib##*/libggml-cpu-}"; name="${name%.so}"
    case " $variants " in *" $name "*) ;; *) rm -f "$lib"; echo "peer: left out the $name CPU variant" >&2 ;; esac
  done
}
if [ -x "$bin" ]; then prune_variants; echo "$bin"; exit 0; fi
for tool in cmake ninja git c++; do
  command -v "$tool" >/dev/null || { echo "peer: $tool is needed (apt-get install -y cmake ninja-build git g++)" >&2; exit 1; }
done
tgz="${HEARTH_NPM_CACHE:-$HOME/.cache/hearth/npm}/node-llama-cpp-$version.tgz"
if [ ! -f "$tgz" ]; then
  # The engine build fetches and verifies this tarball (hearth-engine/natives/provision.sh).
  echo "peer: $tgz is missing; build hearth-engine once first" >&2; exit 1
fi
mkdir -p "$cache"
if [ ! -f "$cache/src/CMakeLists.txt" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  tar -xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle
  rm -rf "$cache/src"
  git clone -q "$tmp/package/llama/gitRelease.bundle" "$cache/src"
  rm -rf "$tmp"; trap - EXIT
fi
echo "peer: building llama-server $version in $cache (nice 19; ~30 min on 2 cores) ..." >&2
nice -n 19 cmake -S "$cache/src" -B "$cache/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >&2
# The CPU backends are modules loaded at run time, not link dependencies of llama-server: build the variants asked for.
# sapphirerapids is left out by default: its AMX kernels die with SIGILL in a process that never asked the kernel for
# AMX state (llama-server does not), so the loader falls back to the next variant.
targets=(llama-server)
for v in $variants; do targets+=("ggml-cpu-$v"); done
nice -n 19 cmake --build "$cache/build" --target "${targets[@]}" -j "${PEER_JOBS:-2}" >&2
[ -x "$bin" ] || { echo "peer: the build left no $bin" >&2; exit 1; }
prune_variants
echo "$bin"
