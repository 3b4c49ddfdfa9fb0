#!/usr/bin/env bash
# Runs every test tier (unit, integration, end-to-end) against real PostgreSQL. With no
# BRIDGE_TEST_CONNECTION_STRING each test process starts its own private cluster in a temp folder.
# Extra arguments go to `dotnet test`, for example: ./eng/test.sh --filter Category=Unit
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/eng/prerequisites.sh"
cd "$root"
dotnet build Bridge.sln -c Release --nologo -v quiet
dotnet test Bridge.sln -c Release --no-build --nologo "$@"
