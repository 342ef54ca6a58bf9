using System.Globalization;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A hostile participant tries to hold the dominant speaker (and with it the first place in everyone's video
/// allocation) by flooding audio: ten packets every 20 ms, all at the loudest level there is. It floods alone for two
/// seconds, then a real speaker (one packet per 20 ms, syllables with pauses) starts while the flood goes on. Outcome:
/// the room is told the real speaker is dominant, and the flooder is never announced before that (the announcements
/// arrive in order, so the speaker's is the marker that the flooder had its chance). The flood demonstrably reached the
/// bridge: its received-datagram counter rose by at least half of what was sent.
/// </summary>
internal sealed class LoudAudioFloodAttack : IHostileAttack
{
    private const int FloodPacketsPerTick = 10;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan FloodAlone = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SpeakerDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StatsSettle = TimeSpan.FromSeconds(15);

    public string Name => "loud-audio-flood";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        await using var observer = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room, "observer", null, null, null, cancellationToken);
        await using var flooder = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room, "loud-flooder", cancellationToken: cancellationToken);
        await using var speaker = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room, "speaker", cancellationToken: cancellationToken);
        var receivedBefore = await ReceivedPacketsAsync(target, cancellationToken);

        var buffer = new byte[SyntheticRtp.MaxPacketLength];
        var flooded = 0L;
        var tick = 0;
        using var timer = new PeriodicTimer(Tick);
        var speakingFrom = DateTime.UtcNow + FloodAlone;
        var deadline = speakingFrom + SpeakerDeadline;
        while (!observer.DominantSpeakers.Contains(speaker.ParticipantId))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"the speaker was not announced dominant within {SpeakerDeadline.TotalSeconds:0} s of speaking; announced: [{string.Join(", ", observer.DominantSpeakers)}]");
            await timer.WaitForNextTickAsync(cancellationToken);
            for (var i = 0; i < FloodPacketsPerTick; i++)
            {
                var sequence = (ushort)((tick * FloodPacketsPerTick) + i);
                flooded += flooder.Publish.SendRtp(Opus(buffer, flooder, sequence, (uint)(tick * 960), level: 0)) ? 1 : 0;
            }

            if (DateTime.UtcNow >= speakingFrom)
            {
                speaker.Publish.SendRtp(Opus(buffer, speaker, (ushort)tick, (uint)(tick * 960), SpeechLevel(tick)));
            }

            tick++;
        }

        var announced = observer.DominantSpeakers;
        Assert.DoesNotContain(flooder.ParticipantId, announced);
        Assert.Equal(speaker.ParticipantId, announced[^1]);
        // The counter is sampled (ScaleMeet:Bridge:Stress:SampleInterval, 5 s by default): wait for a sample after the flood.
        await Eventually.WaitForAsync(() => ReceivedPacketsAsync(target, cancellationToken), received => received - receivedBefore >= flooded / 2,
            StatsSettle, $"the bridge's received-datagram counter up by half the {flooded} flood packets sent");
    }

    /// <summary>Syllables around −30 dBov, a 40 ms pause (−95 dBov) every 240 ms.</summary>
    private static byte SpeechLevel(int tick) => tick % 12 < 2 ? (byte)95 : (byte)(26 + ((tick * 7) % 12));

    private static ReadOnlySpan<byte> Opus(byte[] buffer, SignalingParticipant from, ushort sequence, uint timestamp, byte level)
    {
        var tracks = from.Tracks!;
        var length = SyntheticRtp.WriteOpus(buffer, tracks.AudioSsrc, sequence, timestamp, tracks.AudioLevelExtensionId, voice: true, level, packetLength: 100);
        return buffer.AsSpan(0, length);
    }

    /// <summary>The bridge's datagrams-received counter from <c>/metrics</c> (all its samples).</summary>
    private static async Task<long> ReceivedPacketsAsync(AbuseTarget target, CancellationToken cancellationToken) =>
        (long)(await PrometheusScrape.ReadAsync(target.ServerUri, cancellationToken)).Sum("scalemeet_bridge_received_packets_total");
}
