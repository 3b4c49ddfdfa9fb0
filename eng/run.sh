#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the demo (`bridge demo`): the Fabric and platform simulators,
# the Ethereum dev chain and the host with the relay on an embedded PostgreSQL under ./bridge-data/demo, walking
# through the relay's flows, then running until Ctrl+C. Extra arguments go to `bridge demo` (e.g. --urls, --exit).
# To run the plain host instead: ./artifacts/bridge/bridge serve
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/eng/prerequisites.sh"
echo "Building..." >&2
dotnet publish "$root/src/Bridge.Host/Bridge.Host.csproj" -c Release -o "$root/artifacts/bridge" --nologo -v quiet >&2
cd "$root"
# As root, the embedded cluster runs as the 'postgres' user, which must be able to reach its folder.
if [ "$(id -u)" -eq 0 ] && [ -z "${Bridge__Database__Embedded__DataDirectory:-}" ] && ! runuser -u postgres -- test -x "$root"; then
  export Bridge__Database__Embedded__DataDirectory=/var/lib/trade-chain-bridge/postgres
  echo "note: $root is not reachable by the 'postgres' user; the embedded cluster lives in $Bridge__Database__Embedded__DataDirectory" >&2
fi
exec "$root/artifacts/bridge/bridge" demo "$@"
