using ScaleMeet.Bridge.Transport;
using ScaleMeet.Bridge.Tests.Stats;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>
/// An <see cref="IMediaTransport"/> that keeps what is sent on it, unprotected: the stand-in for a transport that is
/// not a browser's WebRTC connection (a relay, before relays exist), to show producers and consumers use only the seam.
/// </summary>
internal sealed class RecordingMediaTransport(bool connected = true) : IMediaTransport
{
    public List<byte[]> Rtp { get; } = [];

    public List<byte[]> Rtcp { get; } = [];

    public List<(uint Ssrc, bool Retire)> ForgottenIncoming { get; } = [];

    public List<uint> ForgottenOutgoing { get; } = [];

    public bool IsConnected { get; set; } = connected;

    public bool IsClosed { get; set; }

    public uint LocalRtcpSsrc => 0x5EED;

    public ushort NextTransportSequence { get; private set; }

    public int LastSentLength { get; private set; }

    public TransportBudgets Budgets { get; } = new(new BudgetOptions(), TransportRole.Subscribe, new ManualClock());

    public bool SendRtp(Span<byte> buffer, int length, long nowMicros)
    {
        NextTransportSequence++;
        if (!IsConnected)
        {
            return false;
        }

        Rtp.Add(buffer[..length].ToArray());
        LastSentLength = length;
        return true;
    }

    public bool SendRtcp(Span<byte> buffer, int length)
    {
        if (!IsConnected)
        {
            return false;
        }

        Rtcp.Add(buffer[..length].ToArray());
        return true;
    }

    public void ForgetIncoming(uint ssrc, bool retire) => ForgottenIncoming.Add((ssrc, retire));

    public void ForgetOutgoing(uint ssrc) => ForgottenOutgoing.Add(ssrc);
}
