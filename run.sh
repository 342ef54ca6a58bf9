#!/usr/bin/env bash
# Runs ScaleMeet all-in-one (web client + focus + one bridge). Extra flags go to the server, e.g.
#   ./run.sh --http-port 8080 --udp-port 10000 --advertise-ip 192.168.1.20
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh run
dotnet build src/ScaleMeet.Server -c Release -v quiet -nologo
exec dotnet src/ScaleMeet.Server/bin/Release/net10.0/scalemeet.dll "$@"
