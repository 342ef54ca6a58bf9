#!/usr/bin/env bash
# Installs what ScaleMeet needs on a fresh Debian machine, only when it is missing.
#   ensure-deps.sh run    -> .NET SDK check, Node/npm check (the web client is built with npm)
#   ensure-deps.sh load   -> the above + ffmpeg (the load tester makes its VP8/Opus media with it)
#   ensure-deps.sh test   -> the above + Debian's chromium (browser tests), iproute2 (ip netns, tc) and janus
#                            (the load tester's side-by-side SFU) and prometheus (a real Prometheus scrapes /metrics;
#                            promtool checks the output)
set -euo pipefail

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }

if ! have dotnet; then
  echo "error: the .NET SDK (dotnet) is required; see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
if ! have npm || ! have node; then
  need_apt+=(nodejs npm)
fi
mode="${1:-run}"
if [[ "$mode" == "load" || "$mode" == "test" ]]; then
  have ffmpeg || need_apt+=(ffmpeg)
fi
if [[ "$mode" == "test" ]]; then
  [[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
  { have ip && have tc; } || need_apt+=(iproute2)
  [[ -x /usr/bin/janus ]] || need_apt+=(janus)
  { [[ -x /usr/bin/prometheus ]] && [[ -x /usr/bin/promtool ]]; } || need_apt+=(prometheus)
fi

if ((${#need_apt[@]} > 0)); then
  echo "installing Debian packages: ${need_apt[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    if have sudo; then sudo_cmd=(sudo); else echo "error: need root (or sudo) to install ${need_apt[*]}" >&2; exit 1; fi
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
