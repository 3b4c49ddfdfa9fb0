#!/usr/bin/env bash
# Measures the host's start-up on the embedded default: cold (empty folder: initdb, migrate, start),
# warm (existing cluster), and the idle RSS of the host process after start-up.
# Usage: ./eng/measure-startup.sh [runs]   (needs a published build: ./eng/run.sh builds one, or
#   dotnet publish src/Bridge.Host -c Release -o artifacts/bridge)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/artifacts/bridge/bridge"
runs="${1:-3}"
port=5199

measure() { # $1 = folder; sets $ms (time to /health/ready 200) and $pid (the running host)
  local start; start=$(( $(date +%s%N) / 1000000 ))
  cd "$1"
  "$bin" serve --urls "http://127.0.0.1:$port" >"$1/host.log" 2>&1 &
  pid=$!
  cd - >/dev/null
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "host exited before it was ready:" >&2; tail -5 "$1/host.log" >&2; exit 1; }
    sleep 0.02
  done
  ms=$(( $(date +%s%N) / 1000000 - start ))
}

for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d /tmp/bridge-measure-XXXX); chmod 755 "$dir"
  measure "$dir"; cold=$ms
  kill -TERM $pid; wait $pid || true
  measure "$dir"; warm=$ms
  sleep 5
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill -TERM $pid; wait $pid || true
  rm -rf "$dir"
  echo "run $i: cold ${cold} ms, warm ${warm} ms, idle RSS $((rss / 1024)) MiB"
done
