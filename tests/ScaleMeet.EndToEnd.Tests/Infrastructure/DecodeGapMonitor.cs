using System.Text.Json;
using Microsoft.Playwright;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Watches, inside one page, how long each remote participant's video goes without a newly decoded frame: the page
/// polls its own getStats() (through <c>window.scaleMeet.inboundStats()</c>) every <see cref="PollMilliseconds"/> and
/// keeps, per sender, the frames decoded and the longest interval between two increases of framesDecoded since
/// <see cref="StartAsync"/>. Polling in the page keeps Playwright's round trips out of the figure; a gap is measured
/// with at most one poll interval of error (plus Chromium's own stats caching).
/// </summary>
internal sealed class DecodeGapMonitor
{
    public const int PollMilliseconds = 40;

    private const string Install = """
        (poll) => {
          const state = { senders: {}, polls: 0, errors: 0, start: performance.now() };
          window.__decodeGaps = state;
          const tick = async () => {
            if (window.__decodeGaps !== state) return;
            try {
              const now = performance.now();
              for (const t of await window.scaleMeet.inboundStats()) {
                if (t.kind !== 'video' || !t.participantId) continue;
                const s = state.senders[t.participantId] ??= {
                  frames: t.framesDecoded, lastChange: now, longest: 0, firstFrames: t.framesDecoded,
                  packets: t.packetsReceived, lost: t.packetsLost, height: t.frameHeight, worst: null };
                if (t.framesDecoded > s.frames) {
                  const gap = now - s.lastChange;
                  if (gap > s.longest) {
                    s.longest = gap;
                    s.worst = { at: s.lastChange - state.start, packets: t.packetsReceived - s.packets,
                                lost: t.packetsLost - s.lost, heightBefore: s.height, heightAfter: t.frameHeight };
                  }
                  s.frames = t.framesDecoded; s.lastChange = now;
                  s.packets = t.packetsReceived; s.lost = t.packetsLost; s.height = t.frameHeight;
                }
              }
              state.polls++;
            } catch { state.errors++; }
            setTimeout(tick, poll);
          };
          tick();
        }
        """;

    private const string Read = """
        () => {
          const state = window.__decodeGaps;
          if (!state) return null;
          const now = performance.now();
          const senders = Object.entries(state.senders).map(([id, s]) => {
            const frozen = now - s.lastChange;
            const worst = frozen > s.longest
              ? `still frozen since ${(s.lastChange - state.start).toFixed(0)} ms`
              : s.worst === null ? 'none'
              : `from ${s.worst.at.toFixed(0)} ms: ${s.worst.packets} packets, ${s.worst.lost} lost meanwhile, ${s.worst.heightBefore}p then ${s.worst.heightAfter}p`;
            return { participantId: id, framesDecoded: s.frames - s.firstFrames, longestGapMs: Math.max(s.longest, frozen), worst };
          });
          return JSON.stringify({ polls: state.polls, errors: state.errors, senders });
        }
        """;

    private readonly IPage _page;

    private DecodeGapMonitor(IPage page)
    {
        _page = page;
    }

    /// <summary>Starts watching the page's received video (the page must be in a meeting).</summary>
    public static async Task<DecodeGapMonitor> StartAsync(IPage page)
    {
        await page.EvaluateAsync(Install, PollMilliseconds);
        return new DecodeGapMonitor(page);
    }

    /// <summary>What the page saw since <see cref="StartAsync"/>; a sender still frozen counts its gap up to now.</summary>
    public async Task<DecodeGapReport> ReadAsync()
    {
        var json = await _page.EvaluateAsync<string?>(Read) ?? throw new InvalidOperationException("the decode-gap monitor is not running in this page");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var senders = root.GetProperty("senders").EnumerateArray()
            .Select(s => new SenderDecoding(s.GetProperty("participantId").GetString()!, (long)s.GetProperty("framesDecoded").GetDouble(),
                TimeSpan.FromMilliseconds(s.GetProperty("longestGapMs").GetDouble()), s.GetProperty("worst").GetString()!))
            .ToArray();
        return new DecodeGapReport(root.GetProperty("polls").GetInt32(), root.GetProperty("errors").GetInt32(), senders);
    }
}

/// <summary>One page's view of its remote senders' video since the monitor started.</summary>
internal sealed record DecodeGapReport(int Polls, int Errors, IReadOnlyList<SenderDecoding> Senders)
{
    public override string ToString() =>
        $"{Polls} polls, {Errors} errors: " + string.Join(", ", Senders.Select(s => $"{s.ParticipantId} {s.FramesDecoded} frames, longest gap {s.LongestGap.TotalMilliseconds:0} ms ({s.LongestGapDetail})"));
}

/// <summary>
/// Frames decoded from one sender since the monitor started, and the longest time without a new one; the detail says
/// when it began (milliseconds after the monitor started) and what arrived meanwhile (packets, losses, frame heights).
/// </summary>
internal sealed record SenderDecoding(string ParticipantId, long FramesDecoded, TimeSpan LongestGap, string LongestGapDetail);
