using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>
/// Sends synthetic VP8 on one simulcast layer as Chrome does (sdes:mid and sdes:rtp-stream-id header extensions,
/// SSRCs not signalled), with the layer's SSRC and sequence numbers chosen by the test so it can change them.
/// </summary>
internal sealed class SimulcastSender(SyntheticTransport transport, SyntheticTracks tracks)
{
    private readonly byte[] _payload = new byte[SyntheticRtp.MaxPacketLength];
    private readonly byte[] _packet = new byte[SyntheticRtp.MaxPacketLength + 64];
    private uint _timestamp = 1_000_000;
    private ushort _pictureId = 10;

    public uint Ssrc { get; set; }

    public ushort Sequence { get; set; }

    /// <summary>One frame of <paramref name="packets"/> packets on layer <paramref name="rid"/>.</summary>
    public void SendFrame(string rid, bool keyFrame, int packets = 2)
    {
        for (var i = 0; i < packets; i++)
        {
            var length = SyntheticRtp.WriteVp8(_payload, Ssrc, Sequence, _timestamp, i == packets - 1, i == 0, keyFrame, _pictureId, 600);
            var writer = new RtpHeaderWriter(_packet);
            writer.WriteFixedHeader(i == packets - 1, SyntheticSdp.Vp8PayloadType, Sequence++, _timestamp, Ssrc);
            writer.AddExtension(tracks.MidExtensionId, System.Text.Encoding.ASCII.GetBytes(tracks.VideoMid));
            writer.AddExtension(tracks.RidExtensionId, System.Text.Encoding.ASCII.GetBytes(rid));
            var offset = writer.Finish();
            _payload.AsSpan(12, length - 12).CopyTo(_packet.AsSpan(offset));
            Assert.True(transport.SendRtp(_packet.AsSpan(0, offset + length - 12)), "the publish transport refused to send");
        }

        _timestamp += 3000;
        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
    }
}
