#!/usr/bin/env bash
# Runs the BenchmarkDotNet benchmarks in Release (docs/performance.md).
#   ./eng/bench.sh                      all benchmarks, default job
#   ./eng/bench.sh --filter '*Tnt22*'   a subset; any BenchmarkDotNet argument works
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(--filter '*'); fi
exec dotnet run -c Release --project tests/Bridge.Benchmarks/Bridge.Benchmarks.csproj -- "${args[@]}"
