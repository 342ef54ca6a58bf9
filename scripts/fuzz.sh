#!/usr/bin/env bash
# Fuzzes one of ScaleMeet's network parsers with afl++ (Debian's afl++ package) through SharpFuzz.
#   scripts/fuzz.sh <target> <minutes>    build, instrument, seed, fuzz for <minutes>, print afl's figures
#   scripts/fuzz.sh --list                the targets
#   scripts/fuzz.sh --help                this text
# Targets (fuzz/ScaleMeet.Fuzz/Targets): stun rtp rtcp sdp dtls vp8 signaling relay.
# Installs what is missing: afl++ (apt-get) and SharpFuzz.CommandLine 2.3.0 (a dotnet tool, under .cache/fuzz/tools,
# not global). Everything it makes lives under .cache/fuzz/ (ignored by git):
#   .cache/fuzz/bin/                   the published fuzz program, ScaleMeet.Media, .Contracts and .Bridge instrumented
#   .cache/fuzz/<target>/corpus/       the seed corpus, written from the test vectors (scalemeet-fuzz seed)
#   .cache/fuzz/<target>/findings/     afl's output of the last run: default/crashes, default/hangs, fuzzer_stats
# Targets with a dictionary (fuzz/ScaleMeet.Fuzz/Dictionaries/<target>.dict: JSON and SDP tokens) get it with -x.
# A crash is replayed at the end (scalemeet-fuzz replay) so its exception and input (hex) are printed: turn each into
# a regression test in the matching test project. Environment: FUZZ_NICE (default 19) is the nice level of the run;
# FUZZ_TIMEOUT_MS (default 2000) is afl's per-input timeout.
set -euo pipefail

readonly SHARPFUZZ_VERSION=2.3.0
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/fuzz"
targets=(stun rtp rtcp sdp dtls vp8 signaling relay)

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "fuzz.sh: $*" >&2; exit 2; }

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --list) printf '%s\n' "${targets[@]}"; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac
[[ $# -eq 2 ]] || die "expected <target> <minutes>; see --help"
target="$1"
minutes="$2"
[[ " ${targets[*]} " == *" $target "* ]] || die "unknown target '$target'; targets: ${targets[*]}"
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -ge 1 ]] || die "minutes must be a whole number >= 1, not '$minutes'"

# --- what is missing ---------------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "installing afl++ (apt-get)"
  apt-get install -y afl++ >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y afl++ >/dev/null; }
fi
sharpfuzz="$cache/tools/sharpfuzz"
if [[ ! -x "$sharpfuzz" ]]; then
  echo "installing SharpFuzz.CommandLine $SHARPFUZZ_VERSION into $cache/tools"
  dotnet tool install SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION" --tool-path "$cache/tools" >/dev/null
fi

# --- build ----------------------------------------------------------------------------------------------------
# A fresh publish each time: SharpFuzz refuses an assembly it has already instrumented.
bin="$cache/bin"
rm -rf "$bin"
echo "building fuzz/ScaleMeet.Fuzz"
dotnet publish "$root/fuzz/ScaleMeet.Fuzz" -c Release -o "$bin" -v quiet -nologo >/dev/null
program=(dotnet "$bin/scalemeet-fuzz.dll")

# --- corpus (before instrumenting: instrumented code writes to afl's shared memory, which exists only under afl) --
work="$cache/$target"
corpus="$work/corpus"
findings="$work/findings"
rm -rf "$corpus" "$findings"
mkdir -p "$work"
"${program[@]}" seed "$target" "$corpus"
for assembly in ScaleMeet.Media.dll ScaleMeet.Contracts.dll ScaleMeet.Bridge.dll; do
  "$sharpfuzz" "$bin/$assembly" >/dev/null || die "sharpfuzz could not instrument $assembly"
done

# --- fuzz --------------------------------------------------------------------------------------------------------
# SharpFuzz's fork server is a .NET process, not an afl-instrumented binary: skip afl's binary check. No CPU binding
# (the machine is shared), no UI (a log line a minute instead), no core-pattern or CPU-governor demands.
dictionary=()
if [[ -f "$root/fuzz/ScaleMeet.Fuzz/Dictionaries/$target.dict" ]]; then
  dictionary=(-x "$root/fuzz/ScaleMeet.Fuzz/Dictionaries/$target.dict")
fi
echo "fuzzing '$target' for $minutes min (nice ${FUZZ_NICE:-19}); findings in $findings"
set +e
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_STATS_INTERVAL=60 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  nice -n "${FUZZ_NICE:-19}" afl-fuzz -i "$corpus" -o "$findings" "${dictionary[@]}" -t "${FUZZ_TIMEOUT_MS:-2000}" -m none \
  -V "$(( minutes * 60 ))" -- "${program[@]}" run "$target" > "$work/afl.log" 2>&1
status=$?
set -e
stats="$findings/default/fuzzer_stats"
if [[ ! -f "$stats" ]]; then
  tail -n 30 "$work/afl.log" >&2
  die "afl-fuzz stopped before writing fuzzer_stats (exit $status); its log: $work/afl.log"
fi

# --- report ------------------------------------------------------------------------------------------------------
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "target:     $target"
echo "run time:   $(stat run_time) s"
echo "executions: $(stat execs_done) ($(stat execs_per_sec)/s)"
echo "paths:      $(stat corpus_count) in the corpus, $(stat corpus_found) found by afl, $(stat corpus_favored) favored"
echo "coverage:   $(stat bitmap_cvg) of the map, $(stat edges_found) edges"
echo "crashes:    $crashes"
echo "hangs:      $hangs"
if [[ $crashes -gt 0 || $hangs -gt 0 ]]; then
  echo "replaying the findings:"
  # Replayed on a clean build: outside afl the instrumented assemblies cannot run.
  dotnet publish "$root/fuzz/ScaleMeet.Fuzz" -c Release -o "$work/replay-bin" -v quiet -nologo >/dev/null
  dotnet "$work/replay-bin/scalemeet-fuzz.dll" replay "$target" $(find "$findings/default/crashes" "$findings/default/hangs" -type f -name 'id:*' | sort) || true
  exit 1
fi
