#!/usr/bin/env bash
# Serves the demo app on localhost: port 5173, or the next free one. Prints the URL.
#
#   scripts/serve.sh [--dev] [vite options...]
#
# Default: the built app ($TP_BUILD_ROOT/app, from scripts/build.sh), as users get it.
# --dev: the Vite dev server on the sources (web/app, web/src), reloading on every edit.
# Other options go to Vite, e.g. `npm start -- --host 0.0.0.0 --port 8080`.
# The notebook kernel's frame comes from the other loopback name (localhost <-> 127.0.0.1, same
# port), another site, so it runs in a process of its own (README "Kernel isolation").
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TP_ROOT"

if [[ "${1:-}" == --dev ]]; then
  shift
  step "Demo app, Vite dev server (Ctrl+C to stop)"
  exec vite "$@"
fi
[[ -f "$TP_BUILD_ROOT/app/index.html" ]] || die "no built app in $TP_BUILD_ROOT/app: run 'npm run build' first."
step "Demo app, built (Ctrl+C to stop)"
exec vite preview "$@"
