#!/usr/bin/env bash
# Provisions llama.cpp for the build: the shared libraries of the pinned npm package
# @node-llama-cpp/<platform> go into the engine jar, and llama.h of the same llama.cpp release
# (from the package node-llama-cpp, which carries its source) goes where the layout test reads it.
#
# usage: provision.sh NPM_VERSION NATIVES_DIR HEADERS_DIR
#
# Downloads happen once: tarballs are kept in ${HEARTH_NPM_CACHE:-~/.cache/hearth/npm} and are
# verified against the integrity pinned below before anything is unpacked.
set -euo pipefail

version=$1; natives_dir=$2; headers_dir=$3
cache=${HEARTH_NPM_CACHE:-$HOME/.cache/hearth/npm}

# Pinned npm integrity (sha512, as `npm view PKG@VERSION dist.integrity` prints it).
declare -A integrity=(
  ["@node-llama-cpp/linux-x64@3.22.1"]="sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg=="
  ["@node-llama-cpp/linux-arm64@3.22.1"]="sha512-W+7naKCXX9/eEjjFmRS8vvx91QyLXDbeFxexZc3bh/PtQABZgmRL3C0AtYYXn4YGTj/3Qor4lWZn2tpjZFPLdQ=="
  ["node-llama-cpp@3.22.1"]="sha512-bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=="
)

fail() { echo "hearth: $*" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 ;;
  Linux-aarch64) platform=linux-arm64 ;;
  *) fail "no pinned llama.cpp build for $(uname -s) $(uname -m); Hearth's engine currently runs on Linux x64 and arm64." ;;
esac

# Fetches PKG@VERSION into the cache (npm pack) and checks its integrity; prints the tarball path.
fetch() {
  local spec=$1 want=${integrity[$1]:-}
  [ -n "$want" ] || fail "no pinned integrity for $spec; add it to $0 after checking the package."
  local name=${spec%@*}; name=${name#@}; name=${name//\//-}
  local tgz="$cache/$name-${spec##*@}.tgz"
  if [ ! -f "$tgz" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm is needed once to fetch llama.cpp ($spec) and was not found.
Install Node.js with npm (e.g. apt-get install -y nodejs npm), or put the tarball at $tgz."
    mkdir -p "$cache"
    local tmp; tmp=$(mktemp -d "$cache/.pack.XXXXXX")
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || { rm -rf "$tmp"; fail "npm pack $spec failed"; }
    mv "$tmp"/*.tgz "$tgz.part" && rm -rf "$tmp" && mv "$tgz.part" "$tgz"
  fi
  local got; got="sha512-$(openssl dgst -sha512 -binary "$tgz" | openssl base64 -A)"
  if [ "$got" != "$want" ]; then
    rm -f "$tgz"
    fail "integrity mismatch for $spec: expected $want, got $got (the cached tarball was removed; build again)"
  fi
  echo "$tgz"
}

# 1. Shared libraries into the jar, with an index the runtime extracts by.
out="$natives_dir/$platform"
if [ ! -f "$out/index.txt" ] || ! grep -qx "npm-version=$version" "$out/index.txt"; then
  tgz=$(fetch "@node-llama-cpp/$platform@$version")
  rm -rf "$out"; mkdir -p "$out"
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  tar -xzf "$tgz" -C "$tmp"
  src="$tmp/package/bins/$platform"
  # libllama-common and the node addon are not used: Hearth calls libllama directly.
  for f in "$src"/libllama.v*.so "$src"/libggml.v*.so "$src"/libggml-base.so "$src"/libggml-cpu-*.so; do
    [ -f "$f" ] && cp "$f" "$out/"
  done
  cp "$src/_nlcBuildMetadata.json" "$out/build-metadata.json"
  {
    echo "npm-version=$version"
    (cd "$out" && ls -1 *.so)
  } > "$out/index.txt.part"
  mv "$out/index.txt.part" "$out/index.txt"
  rm -rf "$tmp"; trap - EXIT
fi

# 2. llama.h of the same release, for the struct-layout test.
if [ ! -f "$headers_dir/llama.h" ] || [ ! -f "$headers_dir/.npm-$version" ]; then
  tgz=$(fetch "node-llama-cpp@$version")
  command -v git >/dev/null 2>&1 || fail "git is needed to read llama.h out of node-llama-cpp's source bundle."
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  tar -xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle
  git clone -q --no-checkout "$tmp/package/llama/gitRelease.bundle" "$tmp/llama"
  (cd "$tmp/llama" && git -c advice.detachedHead=false checkout -q HEAD -- include ggml/include)
  rm -rf "$headers_dir"; mkdir -p "$headers_dir"
  cp "$tmp/llama/include/llama.h" "$tmp/llama/ggml/include/"*.h "$headers_dir/"
  touch "$headers_dir/.npm-$version"
  rm -rf "$tmp"; trap - EXIT
fi
