#!/usr/bin/env bash
# Quick start, step 1: set everything up, then simulate the shipped quickstart scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
./build/vgpusim run scenarios/quickstart.yaml --out results/quickstart
