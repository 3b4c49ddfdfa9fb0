#!/usr/bin/env bash
# The relay load tool (issue 7 point 9; docs/performance.md "Relay throughput and latency"): document anchors relayed
# from one Fabric simulator channel to another through PostgreSQL and the real dispatcher, with the crypto, database,
# source and destination ceilings measured in the same run. Not part of the test suite.
#   ./eng/load.sh                                   defaults (10000 anchors after 2000 to warm up, 1 dispatcher x 2 loops x 16,
#                                                   batch 64, source blocks of up to 64, destination blocks cut at once)
#   ./eng/load.sh --messages 20000 --parallelism 32 any option; ./eng/load.sh --help lists them
#   BRIDGE_TEST_DURABLE=1 ./eng/load.sh             PostgreSQL with fsync on
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release tests/Bridge.Benchmarks/Bridge.Benchmarks.csproj -v quiet -nologo >/dev/null
exec dotnet tests/Bridge.Benchmarks/bin/Release/net10.0/Bridge.Benchmarks.dll relay-load "$@"
