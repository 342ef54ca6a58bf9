#!/usr/bin/env bash
# Does memory come back after calls end? Starts a fresh ScaleMeet on loopback, measures its resident memory idle,
# during scenario S3 (3 conferences x 10 participants, everyone sending 720p simulcast) and 60 s after S3 ended.
#   bench/memory-return.sh [--duration SECONDS] [--after SECONDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration=60
after=60
while (($# > 0)); do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --after) after="$2"; shift 2 ;;
        *) echo "usage: $0 [--duration SECONDS] [--after SECONDS]" >&2; exit 2 ;;
    esac
done
"$root/scripts/ensure-deps.sh" load >/dev/null
dotnet build "$root/ScaleMeet.sln" -c Release -v quiet -nologo >/dev/null
work="$(mktemp -d /tmp/memory-return.XXXXXX)"
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
anon() { awk '/RssAnon/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

dotnet "$root/src/ScaleMeet.Server/bin/Release/net10.0/scalemeet.dll" --http-port 18480 --udp-port 18400 \
    >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/18480) 2>/dev/null && break; sleep 0.2; done
sleep 10
idle=$(rss $server); idle_anon=$(anon $server)

dotnet "$root/src/ScaleMeet.LoadTest/bin/Release/net10.0/scalemeet-load.dll" --scenario S3 --duration "$duration" \
    --target http://127.0.0.1:18480 --server-pid $server --out "$work/s3.json" --quiet >"$work/load.txt"
peak=$(grep -o '"serverPeakRssMb": [0-9.]*' "$work/s3.json" | awk '{printf "%.0f", $2}')
connected=$(grep -o '"participantsConnected": [0-9]*' "$work/s3.json" | awk '{print $2}')
ended=$(rss $server); ended_anon=$(anon $server)
sleep "$after"
later=$(rss $server); later_anon=$(anon $server)

echo "| | idle (10 s after start) | during S3 (peak, $connected/30 connected, ${duration} s) | when S3 ended | ${after} s after S3 ended |"
echo "|---|--:|--:|--:|--:|"
echo "| resident (VmRSS) | ${idle} MB | ${peak} MB | ${ended} MB | ${later} MB |"
echo "| of which anonymous (heap, buffers: RssAnon) | ${idle_anon} MB | — | ${ended_anon} MB | ${later_anon} MB |"
grep -h "returned memory" "$work/server.log" | sed 's/^/server: /' || true
rm -rf "$work"
