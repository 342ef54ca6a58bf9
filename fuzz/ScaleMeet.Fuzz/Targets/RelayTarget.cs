using System.Net;
using System.Net.Sockets;
using ScaleMeet.Bridge;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Relay;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// A datagram on the relay port, as <see cref="RelayTable.Receive"/> takes it from the relay's peer address, into a
/// fresh relay each time (no state carries over between inputs). Must hold: every datagram is accepted or counted under
/// exactly one refusal. Then the input is taken as a plain RTP or RTCP packet, protected with the peer's key behind
/// the relay's header: it must be accepted and decrypt to the input, and the same datagram again must count as a replay.
/// </summary>
internal sealed class RelayTarget : IFuzzTarget
{
    private const uint RelayId = 0x0123456;
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
    private static readonly byte[] Salt = Convert.FromHexString("A0A1A2A3A4A5A6A7A8A9AAAB");
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 9);
    private static readonly MediaSocket Socket = new(IPAddress.Loopback, 0);

    public string Name => "relay";

    public string Description => "relay datagrams: header, STUN checks, SRTP AEAD_AES_128_GCM (RelayTable, RelayTransport)";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        new("rtp", Convert.FromHexString("40123456" + "80600001" + "00015F90" + "CAFE0001" + "0102030405060708")),
        new("rtcp-pli", Convert.FromHexString("40123456" + "81CE0002" + "0000BEEF" + "CAFE0001")),
        new("stun-binding-request", Convert.FromHexString("40123456" + "000100002112A442" + "000102030405060708090A0B")),
        new("unknown-relay", Convert.FromHexString("4FFFFFFF" + "80600001")),
        new("no-header", Convert.FromHexString("80600001" + "00015F90" + "CAFE0001")),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        var from = Peer.Serialize();
        var (table, _) = NewRelay();
        Accounted(table, input.ToArray(), from, out _, out _);

        var plain = input.Length > 0 && input.Length <= 1200 && (RtpHeader.IsRtp(input) || Rtcp.IsRtcp(input)) ? input.ToArray() : null;
        if (plain is null)
        {
            return;
        }

        var rtcp = Rtcp.IsRtcp(plain);
        var datagram = new byte[RelayHeader.Length + plain.Length + SrtpSession.MaxRtcpOverhead];
        RelayHeader.Write(datagram, RelayId);
        plain.CopyTo(datagram, RelayHeader.Length);
        using var sender = new SrtpSession(SrtpProfile.AeadAes128Gcm, Key, Salt);
        var packet = datagram.AsSpan(RelayHeader.Length);
        int length;
        if (!(rtcp ? sender.ProtectRtcp(packet, plain.Length, out length) : sender.ProtectRtp(packet, plain.Length, out length)))
        {
            return; // not protectable as given (e.g. a header longer than the packet): nothing to check
        }

        var (fresh, _) = NewRelay();
        var wire = datagram.AsSpan(0, RelayHeader.Length + length).ToArray();
        var kind = Accounted(fresh, wire.ToArray(), from, out var decrypted, out _);
        FuzzInvariantException.Equal(rtcp ? RelayPacketKind.Rtcp : RelayPacketKind.Rtp, kind, "a packet protected with the relay's key");
        FuzzInvariantException.Equal((ReadOnlySpan<byte>)plain, decrypted, "decrypted relay packet versus the packet protected");
        Accounted(fresh, wire, from, out _, out _);
        FuzzInvariantException.Equal(1L, fresh.Counters.SrtpReplayed, "the same protected datagram twice: one replay");
    }

    private static (RelayTable Table, RelayTransport Relay) NewRelay()
    {
        var options = new RelayOptions();
        var table = new RelayTable(4, new RelayCounters());
        var parameters = new RelayParameters(RelayId, Peer, "fuzzLocal", "fuzzLocalPasswordOf24chr", "fuzzPeer", "fuzzPeerPasswordOf24char",
            Key, Salt, Key, Salt);
        var relay = new RelayTransport(parameters, Socket, TimeProvider.System, options, new BudgetOptions(), table.Counters);
        table.TryAdd(relay);
        return (table, relay);
    }

    /// <summary>Feeds one datagram; checks it was accepted or refused under exactly one counter.</summary>
    private static RelayPacketKind Accounted(RelayTable table, byte[] datagram, SocketAddress from, out byte[] plain, out long refusals)
    {
        var before = Refusals(table.Counters);
        var kind = table.Receive(datagram, from, out _, out var decrypted);
        plain = decrypted.ToArray();
        refusals = Refusals(table.Counters) - before;
        FuzzInvariantException.Equal(kind == RelayPacketKind.Dropped ? 1L : 0L, refusals, $"refusal counters moved for a {kind} datagram");
        FuzzInvariantException.Check(kind is RelayPacketKind.Rtp or RelayPacketKind.Rtcp || plain.Length == 0, "plain bytes for a datagram that carried no media");
        return kind;
    }

    private static long Refusals(RelayCounters c) =>
        c.MalformedDropped + c.UnknownRelayDropped + c.UnknownAddressDropped + c.StunRefused + c.SrtpAuthenticationFailed + c.SrtpReplayed + c.SrtpStreamRefused;
}
