#!/usr/bin/env bash
# Starts a focus and N bridges on this machine, for trials and benchmarks, and stops them all on Ctrl-C / SIGTERM.
#
#   scripts/fleet.sh [--bridges N] [--regions a,b,...] [--strategy NAME] [--http-port PORT]
#                    [--udp-base PORT] [--bridge-http-base PORT] [--relay-base PORT] [--netns [--delay-ms MS]] [--check]
#                    [-- extra focus flags]
#
#   --bridges N       bridges to start (default 3), ids b1..bN
#   --udp-base PORT   media UDP port of b1 (default 10001); bI uses PORT + I - 1
#   --bridge-http-base PORT  HTTP port of b1 (/health, /metrics, /stats; default 9001); bI uses PORT + I - 1
#   --relay-base PORT relay UDP port of b1 (default 4096); bI uses PORT + I - 1
#   --regions LIST    region of each bridge, in order (cycled when shorter than N); default none
#   --strategy NAME   ScaleMeet:Focus:BridgeSelection:Strategy (Single, Split, RegionBased, IntraRegion)
#   --http-port PORT  the focus's HTTP port (default 8080): open http://localhost:PORT/<room>[?region=NAME]
#   --netns           each bridge in a network namespace of its own (root; iproute2): namespace smfleet-bI, joined
#                     by a veth pair, host side 10.235.I.1, bridge 10.235.I.2 (media advertised there)
#   --delay-ms MS     with --netns: tc netem delay of MS on both ends of each veth (round trip + 2 × MS)
#   --check           start, wait until every bridge is Active, print the registry, stop, exit 0 (1 on failure)
#
# The focus allows ?region= on the meeting URL (ScaleMeet:Focus:AllowRegionParameter), so a trial can pick regions;
# never run it like that on the open internet. Logs: ${FLEET_DIR:-/tmp/scalemeet-fleet}/<name>.log.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dll="$repo/src/ScaleMeet.Server/bin/Release/net10.0/scalemeet.dll"
dir="${FLEET_DIR:-/tmp/scalemeet-fleet}"
bridges=3 regions="" strategy="" http_port=8080 udp_base=10001 bridge_http_base=9001 relay_base=4096 netns=0 delay_ms=0 check=0
extra=()

usage() {
    sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($#)); do
    case "$1" in
        --bridges) bridges="${2:?}"; shift 2 ;;
        --regions) regions="${2:?}"; shift 2 ;;
        --strategy) strategy="${2:?}"; shift 2 ;;
        --http-port) http_port="${2:?}"; shift 2 ;;
        --udp-base) udp_base="${2:?}"; shift 2 ;;
        --bridge-http-base) bridge_http_base="${2:?}"; shift 2 ;;
        --relay-base) relay_base="${2:?}"; shift 2 ;;
        --netns) netns=1; shift ;;
        --delay-ms) delay_ms="${2:?}"; shift 2 ;;
        --check) check=1; shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) usage ;;
        *) echo "fleet.sh: unknown option '$1'" >&2; usage ;;
    esac
done

[[ "$bridges" =~ ^[0-9]+$ ]] && ((bridges >= 1 && bridges <= 50)) || { echo "fleet.sh: --bridges must be 1..50" >&2; exit 2; }
[[ "$http_port" =~ ^[0-9]+$ ]] && ((http_port >= 1 && http_port <= 65535)) || { echo "fleet.sh: --http-port must be 1..65535" >&2; exit 2; }
for base in "$udp_base" "$bridge_http_base" "$relay_base"; do
    [[ "$base" =~ ^[0-9]+$ ]] && ((base >= 1 && base + bridges - 1 <= 65535)) || { echo "fleet.sh: --udp-base, --bridge-http-base and --relay-base must leave room for $bridges ports below 65536" >&2; exit 2; }
done
[[ "$delay_ms" =~ ^[0-9]+$ ]] && ((delay_ms <= 10000)) || { echo "fleet.sh: --delay-ms must be 0..10000" >&2; exit 2; }
((delay_ms == 0 || netns)) || { echo "fleet.sh: --delay-ms needs --netns" >&2; exit 2; }
if ((netns)) && [[ $(id -u) -ne 0 ]]; then
    echo "fleet.sh: --netns needs root (ip netns, veth, tc)" >&2
    exit 2
fi
if ((delay_ms > 0)); then
    # Some kernels are built without sch_netem: say so before anything starts.
    ip link del smfleet-probe 2>/dev/null || true
    ip link add smfleet-probe type veth peer name smfleet-probe-p
    if ! tc qdisc add dev smfleet-probe root netem delay 1ms 2>/dev/null; then
        ip link del smfleet-probe
        echo "fleet.sh: --delay-ms needs tc netem, which this kernel lacks (sch_netem); run without --delay-ms" >&2
        exit 2
    fi
    ip link del smfleet-probe
fi
IFS=',' read -r -a region_list <<<"$regions"

if [[ ! -f "$dll" ]]; then
    dotnet build "$repo/src/ScaleMeet.Server" -c Release -v quiet -nologo
fi

mkdir -p "$dir"
secret="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
pids=()

namespace() { echo "smfleet-b$1"; }

cleanup() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if ((netns)); then
        for ((i = 1; i <= bridges; i++)); do
            ip netns del "$(namespace "$i")" 2>/dev/null || true
            ip link del "smfb$i-h" 2>/dev/null || true
        done
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

focus_host=localhost
bind=()
if ((netns)); then
    # Bridges in namespaces dial the focus over their veth: it listens on every address of this machine.
    bind=(--bind 0.0.0.0)
fi

focus_args=(focus --control-secret "$secret" --http-port "$http_port" "${bind[@]}")
settings=("ScaleMeet__Focus__AllowRegionParameter=true")
[[ -n "$strategy" ]] && settings+=("ScaleMeet__Focus__BridgeSelection__Strategy=$strategy")
env "${settings[@]}" dotnet "$dll" "${focus_args[@]}" "${extra[@]}" >"$dir/focus.log" 2>&1 &
pids+=($!)

for ((i = 1; i <= bridges; i++)); do
    region=""
    if ((${#region_list[@]})); then
        region="${region_list[$(((i - 1) % ${#region_list[@]}))]}"
    fi

    args=(bridge --control-secret "$secret" --bridge-id "b$i" --udp-port "$((udp_base + i - 1))" --http-port "$((bridge_http_base + i - 1))" --relay-port "$((relay_base + i - 1))")
    [[ -n "$region" ]] && args+=(--region "$region")
    if ((netns)); then
        ns="$(namespace "$i")" host="10.235.$i.1" inside="10.235.$i.2"
        ip netns del "$ns" 2>/dev/null || true
        ip link del "smfb$i-h" 2>/dev/null || true
        ip netns add "$ns"
        ip link add "smfb$i-h" type veth peer name "smfb$i-i"
        ip link set "smfb$i-i" netns "$ns"
        ip addr add "$host/24" dev "smfb$i-h"
        ip link set "smfb$i-h" up
        ip -n "$ns" addr add "$inside/24" dev "smfb$i-i"
        ip -n "$ns" link set "smfb$i-i" up
        ip -n "$ns" link set lo up
        ip -n "$ns" route add default via "$host"
        if ((delay_ms > 0)); then
            tc qdisc add dev "smfb$i-h" root netem delay "${delay_ms}ms"
            ip netns exec "$ns" tc qdisc add dev "smfb$i-i" root netem delay "${delay_ms}ms"
        fi

        args+=(--focus "http://$host:$http_port" --advertise-ip "$inside" --bind 0.0.0.0)
        ip netns exec "$ns" dotnet "$dll" "${args[@]}" >"$dir/b$i.log" 2>&1 &
    else
        args+=(--focus "http://$focus_host:$http_port")
        dotnet "$dll" "${args[@]}" >"$dir/b$i.log" 2>&1 &
    fi
    pids+=($!)
done

# Every bridge Active in the focus's registry (loopback reads /api/bridges without a token).
registry() { curl -fsS "http://localhost:$http_port/api/bridges" 2>/dev/null || true; }
active() { registry | grep -o '"state":"Active"' | wc -l; }
deadline=$((SECONDS + 60))
until (($(active) == bridges)); do
    for pid in "${pids[@]}"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "fleet.sh: a process exited during start-up; see $dir/*.log" >&2
            tail -n 5 "$dir"/*.log >&2 || true
            exit 1
        fi
    done
    if ((SECONDS > deadline)); then
        echo "fleet.sh: only $(active) of $bridges bridges Active after 60 s; see $dir/*.log" >&2
        exit 1
    fi
    sleep 0.5
done

echo "focus: http://localhost:$http_port/<room>  (?region=NAME picks the participant's region)"
registry | python3 -c '
import json, sys
for b in json.load(sys.stdin)["bridges"]:
    print("  %s: %s, region %s, media %s" % (b["id"], b["state"], b["region"] or "-", " ".join(b["mediaAddresses"])))
'
if ((netns && delay_ms > 0)); then
    for ((i = 1; i <= bridges; i++)); do
        rtt="$(ping -c 3 -i 0.2 -q "10.235.$i.2" | sed -n 's/.*= [0-9.]*\/\([0-9.]*\)\/.*/\1/p')"
        echo "  b$i: round trip ${rtt} ms"
    done
fi

if ((check)); then
    exit 0
fi

echo "logs in $dir; Ctrl-C stops everything"
wait -n "${pids[@]}" || true
echo "fleet.sh: a process exited; stopping the others (see $dir/*.log)" >&2
exit 1
