#!/usr/bin/env bash
# Runs the capacity study's scenarios S1-S4 against ScaleMeet and against Janus VideoRoom on this machine, in one go,
# and writes the comparison into docs/benchmarks.md (between the side-by-side markers).
#
#   bench/side-by-side.sh [--duration SECONDS] [--scenarios "S1 S2 S3 S4"] [--results DIR] [--no-docs]
#
# Layout: three network namespaces. The load generator (scalemeet-load) runs in smb-load; ScaleMeet in smb-sm
# (veth 10.235.1.1 <-> 10.235.1.2); Janus in smbjanus (veth 10.234.2.1 <-> 10.234.2.2, scripts/janus-netns.sh with
# deploy/janus). Janus never uses loopback for media, so neither server does here. Each scenario starts a fresh
# server. Needs root, iproute2, janus, ffmpeg (installed when missing) and about 2.5 minutes per scenario and system
# at the default duration.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration=60
scenarios="S1 S2 S3 S4"
results=""
write_docs=1
while (($# > 0)); do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --scenarios) scenarios="$2"; shift 2 ;;
        --results) results="$2"; shift 2 ;;
        --no-docs) write_docs=0; shift ;;
        *) echo "usage: $0 [--duration SECONDS] [--scenarios \"S1 S2 S3 S4\"] [--results DIR] [--no-docs]" >&2; exit 2 ;;
    esac
done
[[ $(id -u) -eq 0 ]] || { echo "side-by-side.sh needs root (network namespaces)" >&2; exit 1; }
results="${results:-$(mktemp -d /tmp/side-by-side.XXXXXX)}"
mkdir -p "$results"

"$root/scripts/ensure-deps.sh" test >/dev/null
dotnet build "$root/ScaleMeet.sln" -c Release -v quiet -nologo >/dev/null
server_dll="$root/src/ScaleMeet.Server/bin/Release/net10.0/scalemeet.dll"
load_dll="$root/src/ScaleMeet.LoadTest/bin/Release/net10.0/scalemeet-load.dll"

load_ns=smb-load
sm_ns=smb-sm
janus_name=smbjanus
sm_pid=""

cleanup() {
    [[ -n "$sm_pid" ]] && kill "$sm_pid" 2>/dev/null || true
    JANUS_NETNS_PEER=$load_ns "$root/scripts/janus-netns.sh" stop $janus_name >/dev/null 2>&1 || true
    ip netns del $sm_ns 2>/dev/null || true
    ip netns del $load_ns 2>/dev/null || true
}
trap cleanup EXIT
cleanup

ip netns add $load_ns
ip -n $load_ns link set lo up
ip netns add $sm_ns
ip -n $sm_ns link set lo up
ip link add smb-sm-h type veth peer name smb-sm-i
ip link set smb-sm-h netns $load_ns
ip link set smb-sm-i netns $sm_ns
ip -n $load_ns addr add 10.235.1.1/24 dev smb-sm-h
ip -n $load_ns link set smb-sm-h up
ip -n $sm_ns addr add 10.235.1.2/24 dev smb-sm-i
ip -n $sm_ns link set smb-sm-i up

wait_tcp() { # namespace host port
    for _ in $(seq 300); do
        ip netns exec "$1" bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null && return 0
        sleep 0.2
    done
    echo "nothing answers on $2:$3" >&2
    return 1
}

run_load() { # system scenario target pid
    echo "== $2 against $1"
    ip netns exec $load_ns dotnet "$load_dll" --scenario "$2" --duration "$duration" --target "$3" --server-pid "$4" \
        --bind "$5" --out "$results/$1-$2.json" --report "$results/$1-$2.html" | tail -n 5 || true
}

for scenario in $scenarios; do
    setsid ip netns exec $sm_ns dotnet "$server_dll" --bind 10.235.1.2 --http-port 8080 --udp-port 10000 \
        --advertise-ip 10.235.1.2 </dev/null >"$results/scalemeet-$scenario.log" 2>&1 &
    sm_pid=$!
    wait_tcp $load_ns 10.235.1.2 8080
    sleep 2 # past start-up (JIT, first GC): the idle figure is what the run starts from
    run_load scalemeet "$scenario" http://10.235.1.2:8080 "$sm_pid" 10.235.1.1
    kill "$sm_pid"; wait "$sm_pid" 2>/dev/null || true; sm_pid=""

    janus_pid=$(JANUS_NETNS_PEER=$load_ns "$root/scripts/janus-netns.sh" start $janus_name 2 8188 | tail -n 1)
    sleep 2
    run_load janus "$scenario" janus://10.234.2.2:8188/ "$janus_pid" 10.234.2.1
    JANUS_NETNS_PEER=$load_ns "$root/scripts/janus-netns.sh" stop $janus_name
done

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
machine="$(nproc) vCPU ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r), .NET $(dotnet --version), $(dpkg-query -W -f='janus ${Version}' janus 2>/dev/null || echo janus)"
command="bench/side-by-side.sh --duration $duration --scenarios \"$scenarios\""
dotnet "$load_dll" compare --results "$results" --command "$command" --machine "$machine" --markdown "$results/side-by-side.md" --html-dir "$results"
echo "results, reports and the Markdown section: $results"

if ((write_docs)); then
    docs="$root/docs/benchmarks.md"
    begin='<!-- side-by-side:begin (written by bench/side-by-side.sh) -->'
    end='<!-- side-by-side:end -->'
    if ! grep -qF "$begin" "$docs"; then
        printf '\n%s\n%s\n' "$begin" "$end" >>"$docs"
    fi
    awk -v b="$begin" -v e="$end" -v f="$results/side-by-side.md" '
        $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
        $0 == e { skip = 0 }
        !skip { print }' "$docs" >"$docs.tmp"
    mv "$docs.tmp" "$docs"
    echo "docs/benchmarks.md updated"
fi
