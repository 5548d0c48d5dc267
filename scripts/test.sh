#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine and runs it all.
# The suite starts and stops its own servers (Oxigraph for SPARQL, FalkorDB's Bolt listener
# for the Neo4j path) and drives Debian's headless Chromium for the HTML explorer.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "installing chromium and chromium-driver (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[all,test]'

.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
