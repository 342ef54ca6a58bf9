using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;
using ScaleMeet.Media.Rtp;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Hostile;

/// <summary>
/// A receive-only participant that misbehaves on its subscribe connection, and keeps count of what the bridge sends
/// it: per video stream the newest sequence number (so its NACKs name packets the bridge still has), media and RTX
/// packets and bytes (RTX told apart by the <c>a=ssrc-group:FID</c> pairs of its subscribe offers; padding-only RTX
/// packets, the bridge's bandwidth probes, counted apart as probes).
/// <para>Threading: the counts are written on the subscribe transport's receive thread and read from any thread.</para>
/// </summary>
public sealed class HostileReceiver : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<uint, ushort> _newestVideo = [];
    private HashSet<uint> _videoSsrcs = [];
    private HashSet<uint> _rtxSsrcs = [];
    private long _mediaPackets;
    private long _mediaBytes;
    private long _rtxPackets;
    private long _rtxBytes;
    private long _probeBytes;

    private HostileReceiver()
    {
    }

    public SignalingParticipant Participant { get; private set; } = null!;

    /// <summary>The subscribe connection the attacks use (connected once a subscribe offer came).</summary>
    public SyntheticTransport Subscribe => Participant.Subscribe;

    /// <summary>RTCP sender SSRC of the hostile feedback.</summary>
    public uint RtcpSsrc { get; } = (uint)Random.Shared.Next(1, int.MaxValue);

    /// <summary>Media packets received (not RTX), plain RTP (before SRTP), and their bytes.</summary>
    public long MediaPackets => Interlocked.Read(ref _mediaPackets);

    public long MediaBytes => Interlocked.Read(ref _mediaBytes);

    /// <summary>Retransmissions received (RTX packets with a payload), plain RTP, and their bytes.</summary>
    public long RtxPackets => Interlocked.Read(ref _rtxPackets);

    public long RtxBytes => Interlocked.Read(ref _rtxBytes);

    /// <summary>Bytes of padding-only RTX packets (bandwidth probes, not retransmissions).</summary>
    public long ProbeBytes => Interlocked.Read(ref _probeBytes);

    /// <summary>Joins <paramref name="room"/> publishing nothing; the subscribe connection connects with the first offer.</summary>
    public static async Task<HostileReceiver> JoinAsync(Uri server, string room, string displayName, SyntheticTransportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var receiver = new HostileReceiver();
        receiver.Participant = await SignalingParticipant.JoinAsync(server, room, displayName, tracks: null, options, receiver.OnOffer, cancellationToken)
            .ConfigureAwait(false);
        return receiver;
    }

    /// <summary>A video stream being received (the first one seen) with its newest sequence number; false before any video arrived.</summary>
    public bool TryGetVideo(out uint ssrc, out ushort newestSequence)
    {
        lock (_lock)
        {
            foreach (var (s, sequence) in _newestVideo)
            {
                (ssrc, newestSequence) = (s, sequence);
                return true;
            }
        }

        (ssrc, newestSequence) = (0, 0);
        return false;
    }

    public async ValueTask DisposeAsync() => await Participant.DisposeAsync().ConfigureAwait(false);

    private void OnOffer(SyntheticTransport transport, string offerSdp)
    {
        if (!SessionDescription.TryParse(offerSdp, out var offer, out _))
        {
            return;
        }

        var video = new HashSet<uint>();
        var rtx = new HashSet<uint>();
        foreach (var media in offer!.Media)
        {
            foreach (var group in media.SsrcGroups)
            {
                if (group.Semantics == "FID" && group.Ssrcs.Count == 2)
                {
                    rtx.Add(group.Ssrcs[1]);
                    if (media.Kind == "video")
                    {
                        video.Add(group.Ssrcs[0]);
                    }
                }
            }
        }

        lock (_lock)
        {
            _videoSsrcs = video;
            _rtxSsrcs = rtx;
        }

        transport.RtpReceived = OnRtp;
    }

    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return;
        }

        lock (_lock)
        {
            if (_rtxSsrcs.Contains(header.Ssrc))
            {
                if (header.PayloadLength == 0)
                {
                    _probeBytes += packet.Length;
                    return;
                }

                _rtxPackets++;
                _rtxBytes += packet.Length;
                return;
            }

            _mediaPackets++;
            _mediaBytes += packet.Length;
            if (_videoSsrcs.Contains(header.Ssrc) &&
                (!_newestVideo.TryGetValue(header.Ssrc, out var newest) || SequenceNumber.IsNewer(header.SequenceNumber, newest)))
            {
                _newestVideo[header.Ssrc] = header.SequenceNumber;
            }
        }
    }
}
