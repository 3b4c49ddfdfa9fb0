#!/usr/bin/env bash
# Installs what the bridge needs on a fresh Debian/Ubuntu machine that has the .NET 10 SDK:
# the PostgreSQL server binaries (the embedded default and the tests run a private cluster from them).
# Later issues add the npm packages (EVM dev chain, solc) and Chromium here.
set -euo pipefail

have_pg_server() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then return 0; fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "error: '$*' needs root; run it as root or install sudo" >&2; exit 1; fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi

if ! have_pg_server; then
  echo "Installing PostgreSQL server binaries (Debian package 'postgresql')..." >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # The package may start a system-wide cluster; the bridge runs its own private one, so stop that.
  as_root service postgresql stop >/dev/null 2>&1 || true
fi

# PostgreSQL refuses to run as root; when the bridge runs as root its embedded cluster runs as 'postgres'.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "error: running as root needs the 'postgres' system user (created by the postgresql package)" >&2
  exit 1
fi
