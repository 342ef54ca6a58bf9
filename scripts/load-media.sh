#!/usr/bin/env bash
# Makes the looped media of scalemeet-load's synthetic participants, with ffmpeg, into <outdir>:
#   video-320x180.ivf    VP8, ~150 kbit/s   (simulcast rid "q")
#   video-640x360.ivf    VP8, ~500 kbit/s   (simulcast rid "h")
#   video-1280x720.ivf   VP8, ~1.7 Mbit/s   (simulcast rid "f")
#   audio.opus           Opus in Ogg, 48 kHz mono, 20 ms frames, ~32 kbit/s: a 440 Hz tone whose loudness swells and fades
#   audio-levels.txt     one RFC 6464 level (0..127, -dBov) per 20 ms frame of the tone, measured by ffmpeg
#   VERSION              the stamp written last; when it matches this script's version nothing is redone
# Video: a moving test pattern (testsrc2), 30 fps, 10 s, libvpx realtime, a keyframe every 30 frames exactly,
# no alt-ref (invisible) frames, error resilient. All files loop seamlessly: frame 0 is a keyframe.
# Usage: load-media.sh <outdir>
set -euo pipefail

readonly VERSION="scalemeet-load-media 1"
readonly SECONDS_LONG=10
readonly FPS=30
readonly GOP=30

die() {
    echo "load-media.sh: $*" >&2
    exit 1
}

[[ $# -eq 1 && -n "$1" ]] || die "usage: load-media.sh <outdir>"
outdir=$1

files=(video-320x180.ivf video-640x360.ivf video-1280x720.ivf audio.opus audio-levels.txt)

up_to_date() {
    [[ -f "$outdir/VERSION" && "$(cat "$outdir/VERSION")" == "$VERSION" ]] || return 1
    local f
    for f in "${files[@]}"; do
        [[ -s "$outdir/$f" ]] || return 1
    done
}

if up_to_date; then
    exit 0
fi

command -v ffmpeg >/dev/null 2>&1 || die "ffmpeg is not installed (needed to make the load-test media); install it, e.g. 'apt-get install ffmpeg'"

mkdir -p "$outdir"
# Several load generators may start at once on an empty cache: one makes the media, the others wait and use it.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$outdir/.lock"
    flock 9
    if up_to_date; then
        exit 0
    fi
fi
# Work in a private directory beside the results and move them in at the end, so a concurrent run or an
# interrupted one never leaves a half-written file under a final name.
work=$(mktemp -d "$outdir/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

vp8_options() {
    # $1: bitrate in kbit/s
    local rate=$1
    echo -c:v libvpx -deadline realtime -cpu-used 8 -threads 2 \
        -b:v "${rate}k" -minrate "${rate}k" -maxrate "${rate}k" -bufsize "$((rate * 2))k" \
        -g "$GOP" -keyint_min "$GOP" -force_key_frames "expr:eq(mod(n,$GOP),0)" \
        -auto-alt-ref 0 -lag-in-frames 0 -error-resilient 1 -pix_fmt yuv420p -f ivf
}

ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=$FPS:duration=$SECONDS_LONG" \
    -filter_complex "[0:v]format=yuv420p,split=3[a][b][f];[a]scale=320:180[q];[b]scale=640:360[h]" \
    -map "[q]" $(vp8_options 150) "$work/video-320x180.ivf" \
    -map "[h]" $(vp8_options 500) "$work/video-640x360.ivf" \
    -map "[f]" $(vp8_options 1700) "$work/video-1280x720.ivf"

# A tone whose amplitude swells and fades (tremolo at 0.5 Hz, depth 0.8) so the audio level moves like speech.
tone="sine=frequency=440:sample_rate=48000:duration=$SECONDS_LONG,volume=0.5,tremolo=f=0.5:d=0.8"
ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "$tone" \
    -c:a libopus -application voip -b:a 32k -vbr constrained -frame_duration 20 -ac 1 -ar 48000 -f ogg "$work/audio.opus"

# The level of each 20 ms (960-sample) frame: RMS in dBFS from astats, as 0..127 (-dBov, 127 = silence).
ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "$tone" \
    -af "asetnsamples=n=960:p=0,astats=metadata=1:reset=1,ametadata=mode=print:key=lavfi.astats.Overall.RMS_level:file=$work/rms.txt" \
    -f null -
awk -F= '/RMS_level=/ {
        v = $2
        if (v == "-inf" || v == "inf" || v == "nan") { level = 127 } else { level = int(-v + 0.5) }
        if (level < 0) level = 0
        if (level > 127) level = 127
        print level
    }' "$work/rms.txt" >"$work/audio-levels.txt"
[[ -s "$work/audio-levels.txt" ]] || die "ffmpeg measured no audio levels"

for f in "${files[@]}"; do
    [[ -s "$work/$f" ]] || die "ffmpeg did not produce $f"
    mv -f "$work/$f" "$outdir/$f"
done
echo "$VERSION" >"$work/VERSION"
mv -f "$work/VERSION" "$outdir/VERSION"
echo "load-media.sh: made the load-test media in $outdir" >&2
