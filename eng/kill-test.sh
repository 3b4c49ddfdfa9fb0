#!/usr/bin/env bash
# The relay's kill -9 fault test at full size (issue 7 §6; docs/relay.md "Faults"): moves BRIDGE_KILL_TRANSFERS titles
# (default 1000) from the Fabric simulator to the Ethereum dev chain while `bridge serve` processes running the relay are
# killed with SIGKILL BRIDGE_KILL_ROUNDS times (default 10) at random points (BRIDGE_KILL_SEED to repeat a run); then two
# hosts on the one database finish. Passes when every transfer completed, none was applied twice on the destination (one
# TitleImported log per title) and none is lost. The suite runs the same test with 20 transfers and 3 kills.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/eng/prerequisites.sh"
dotnet build "$root/Bridge.sln" -c Release --nologo -v quiet
export BRIDGE_KILL_TRANSFERS="${BRIDGE_KILL_TRANSFERS:-1000}"
export BRIDGE_KILL_ROUNDS="${BRIDGE_KILL_ROUNDS:-10}"
cd "$root/tests/Bridge.IntegrationTests/bin/Release/net10.0"
exec dotnet Bridge.IntegrationTests.dll -method "*RelayKillTests.KilledAtRandomPoints*"
