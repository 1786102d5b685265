#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine: system packages (Chromium for screenshots and
# browser tests, PostgreSQL and Redis for the test suite, wrk for the web benchmark), then a
# virtual environment with newsmt in it.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)  # the distributed runner's tests
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v wrk >/dev/null 2>&1 || need+=(wrk)  # benchmarks/web_speed.py
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# torch==2.13.0 is pinned: a CPU build that pip takes from local disk on these machines.
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'
