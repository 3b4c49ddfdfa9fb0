#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the bridge on the embedded default
# (a private PostgreSQL cluster under ./bridge-data). Extra arguments go to `bridge serve`,
# for example: ./eng/run.sh --urls http://0.0.0.0:5180
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/eng/prerequisites.sh"
echo "Building..." >&2
dotnet publish "$root/src/Bridge.Host/Bridge.Host.csproj" -c Release -o "$root/artifacts/bridge" --nologo -v quiet >&2
cd "$root"
exec "$root/artifacts/bridge/bridge" serve "$@"
