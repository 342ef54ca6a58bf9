#!/usr/bin/env bash
# Runs scalemeet-load, the load tester (installs ffmpeg when missing, builds, passes every argument on).
#   ./load.sh --scenario S3 --duration 60 --target http://localhost:8080 --out results.json --report report.html
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/ensure-deps.sh" load
dotnet build "$root/src/ScaleMeet.LoadTest" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/src/ScaleMeet.LoadTest/bin/Release/net10.0/scalemeet-load.dll" "$@"
