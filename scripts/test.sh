#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine and runs it all.
# The suite starts and stops its own servers (Oxigraph for SPARQL, FalkorDB's Bolt listener
# for the Neo4j path) and drives Debian's headless Chromium for the HTML explorer.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
        || ! fc-list 2>/dev/null | grep -qi wqy; then
    echo "installing chromium, chromium-driver and fonts-wqy-zenhei (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[all,test]'

.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
