#!/usr/bin/env bash
# Build the module documentation (ns3-module/doc, a Sphinx project) as HTML.
# Usage: scripts/build-docs.sh [OUT_DIR]    (default: build/doc/html)
# Warnings are errors (-W). Needs Debian's python3-sphinx (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/doc/html}"
if ! /usr/bin/python3 -c "import sphinx" 2>/dev/null; then
  echo "build-docs: Sphinx is not installed (apt-get install python3-sphinx, or scripts/install-deps.sh)" >&2
  exit 2
fi
exec /usr/bin/python3 -m sphinx -b html -W -q -E ns3-module/doc "$out"
