#!/usr/bin/env bash
# Runs the whole test suite: unit tests, functional tests and the browser end-to-end tests.
set -uo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh test || exit 1
dotnet build ScaleMeet.sln -c Release -v quiet -nologo || exit 1

log=$(mktemp)
status=0
for project in tests/*/*.csproj; do
  echo "=== $(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build --nologo -v minimal 2>&1 | tee -a "$log" || status=1
done

echo "=== web client unit tests"
(cd web && npm test 2>&1) | tee -a "$log" || status=1

# One closing line for the whole suite, summed over the projects (dotnet test and node's test runner).
passed=$(( $(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}') + $(grep -oE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
failed=$(( $(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}') + $(grep -oE '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
