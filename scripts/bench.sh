#!/usr/bin/env bash
# Prints OpenCUS performance numbers (recorded in docs/benchmarks.md).
# Usage: scripts/bench.sh [release|debug]     (default release; builds first)
# Optional: OPENCUS_BENCH_POSTGRES_URL=postgres://… also benchmarks the outbox on PostgreSQL.
# Needs wrk (apt-get install wrk). Server and wrk share the machine, so numbers are lower bounds.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-release}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { echo "install wrk first"; exit 1; }; }
swift build -c "$MODE" --product opencus >/dev/null
BIN=".build/$MODE/opencus"
DATA=$(mktemp -d /tmp/opencus-bench.XXXXXX)
PORT=8190
LOG_LEVEL=warning OPENCUS_MAIL_WORKER=off OPENCUS_DATA_DIR="$DATA" "$BIN" serve --port $PORT > "$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; for _ in $(seq 1 50); do kill -0 $PID 2>/dev/null || break; sleep 0.2; done; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done

echo "OpenCUS HTTP benchmark ($MODE build, $(nproc) cores, embedded SQLite with demo data, wrk -t2 -c32 -d10s)"
printf "%-58s %12s %10s %10s\n" "path" "requests/s" "p50" "p99"
for path in /health / /organisations /login /accessibility /events /events/ii-kongres-centrow-uslug-spolecznych-2022 /events/ii-kongres-centrow-uslug-spolecznych-2022/print /api/v1/events; do
  out=$(wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$PORT$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf "%-58s %12s %10s %10s %s\n" "$path" "$rps" "$p50" "$p99" "${non2xx:+(non-2xx: $non2xx)}"
done
echo "server RSS after load: $(( $(ps -o rss= -p $PID) / 1024 )) MiB"
echo
"$BIN" bench-outbox --messages 2000
if [ -n "${OPENCUS_BENCH_POSTGRES_URL:-}" ]; then
  echo
  "$BIN" bench-outbox --messages 2000 --postgres "$OPENCUS_BENCH_POSTGRES_URL"
fi
