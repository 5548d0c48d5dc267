#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine and runs it all.
# The suite starts and stops its own servers (Oxigraph for SPARQL, FalkorDB's Bolt listener
# for the Neo4j path), drives Debian's headless Chromium for the HTML explorer and to print
# PDFs, and reads .doc files with Debian's antiword.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
        || ! command -v antiword >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy \
        || ! ldconfig -p | grep -q 'libGL.so.1 '; then
    # libgl1 and libglib2.0-0: OpenCV, under RapidOCR (the ocr extra), links them
    echo "installing chromium, chromium-driver, fonts-wqy-zenhei, antiword, libgl1 and" \
         "libglib2.0-0 (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei antiword libgl1 \
        libglib2.0-0 >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[all,test]'

# The repository root is the package policykg: mypy finds policykg.* through this link
# (mypy_path in pyproject.toml), since the editable install's import hook is not for it.
mkdir -p .venv/typing
ln -sfn ../.. .venv/typing/policykg

.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
