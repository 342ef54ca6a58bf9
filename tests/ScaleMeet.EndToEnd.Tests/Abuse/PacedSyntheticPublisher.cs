using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>
/// An ordinary synthetic participant that an attack needs in its room: it publishes audio and one video encoding
/// (synthetic VP8, 30 frames a second of two 1000-byte packets, a key frame every 2 s and when asked) and Opus, until
/// disposed. What the hostile participant receives, retransmissions included, comes from it.
/// </summary>
internal sealed class PacedSyntheticPublisher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _sending = Task.CompletedTask;
    private int _keyFrameRequested;

    private PacedSyntheticPublisher(SignalingParticipant participant) => Participant = participant;

    public SignalingParticipant Participant { get; }

    public string Id => Participant.ParticipantId;

    public static async Task<PacedSyntheticPublisher> StartAsync(Uri server, string room, string name, CancellationToken cancellationToken)
    {
        var participant = await SignalingParticipant.JoinAsync(server, room, name, cancellationToken: cancellationToken);
        var publisher = new PacedSyntheticPublisher(participant);
        participant.Publish.RtcpReceived = publisher.OnRtcp;
        publisher._sending = Task.Run(publisher.SendAsync, CancellationToken.None);
        return publisher;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        await Participant.DisposeAsync();
        _stop.Dispose();
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryNext(out var header, out _))
        {
            if (header.PacketType == RtcpPacketType.PSFB && header.Count == Pli.Format)
            {
                Interlocked.Exchange(ref _keyFrameRequested, 1);
            }
        }
    }

    private async Task SendAsync()
    {
        var tracks = Participant.Tracks!;
        var buffer = new byte[SyntheticRtp.MaxPacketLength];
        ushort videoSequence = 1, audioSequence = 1;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(33));
        for (var frame = 0; ; frame++)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(_stop.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var keyFrame = frame % 60 == 0 || Interlocked.Exchange(ref _keyFrameRequested, 0) == 1;
            for (var p = 0; p < 2; p++)
            {
                var length = SyntheticRtp.WriteVp8(buffer, tracks.VideoSsrc, videoSequence++, (uint)(frame * 3000), marker: p == 1, startOfFrame: p == 0,
                    keyFrame, pictureId: (ushort)frame, packetLength: 1000);
                Participant.Publish.SendRtp(buffer.AsSpan(0, length));
            }

            var audio = SyntheticRtp.WriteOpus(buffer, tracks.AudioSsrc, audioSequence++, (uint)(frame * 1584), tracks.AudioLevelExtensionId,
                voice: false, level: 90, packetLength: 100);
            Participant.Publish.SendRtp(buffer.AsSpan(0, audio));
        }
    }
}
