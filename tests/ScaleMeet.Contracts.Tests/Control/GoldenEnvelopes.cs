using System.Reflection;
using System.Text.Json.Serialization;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Contracts.Tests.Control;

/// <summary>
/// The golden control envelopes: one file per message type in <c>Control/Golden/&lt;type&gt;.json</c> (copied to the
/// output directory), and the record each file must decode to and encode from. One story: bridge-1 registers, the focus
/// allocates Ada's endpoint in the third life of room standup-7f3a and negotiates, the bridge reports on the room.
/// </summary>
internal static class GoldenEnvelopes
{
    private const string Conference = "standup-7f3a";
    private const string Ada = "ep-4b1c9e";
    private const string Grace = "ep-9d2f01";
    private const string Linus = "ep-2a7e44";
    private const long Generation = 3;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Control", "Golden");

    public static byte[] ReadFile(string type) => File.ReadAllBytes(Path.Combine(Directory, type + ".json"));

    /// <summary>The types that have a golden file (file names without <c>.json</c>).</summary>
    public static IEnumerable<string> FileTypes() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>();

    /// <summary>The discriminators declared on <see cref="ControlMessage"/>, with the type each names.</summary>
    public static IReadOnlyDictionary<string, Type> Discriminators() =>
        typeof(ControlMessage).GetCustomAttributes<JsonDerivedTypeAttribute>()
            .ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType);

    public static TheoryData<string> Types() => new(ByType.Keys.Order(StringComparer.Ordinal));

    /// <summary>Grace's video as her bridge relays it: VP8 simulcast with RTX, every layer's SSRC learned.</summary>
    private static readonly RelayedTrack[] GraceTracks =
    [
        new("video", "1", 96,
        [
            new RelayedLayer(0x0BADCAFE, "q", 0x0BADCAFF),
            new RelayedLayer(0x1BADCAFE, "h", 0x1BADCAFF),
            new RelayedLayer(0x2BADCAFE, "f", 0x2BADCAFF),
        ], RtxPayloadType: 97),
    ];

    public static readonly IReadOnlyDictionary<string, ControlEnvelope> ByType = new Dictionary<string, ControlEnvelope>
    {
        ["hello"] = new(2, 1, new HelloMessage(
            "bridge-1", "eu-west", "1.4.2", ["203.0.113.10:10000", "[2001:db8::10]:10000"], 0.012,
            new ControlAuth(1_700_000_000_000, "AAAAAAAAAAAAAAAAAAAAAA", "qx3Gh8lAW3iMM4ljrlT5yVzjLpbNYJcHhZWdHnhz2Nc"),
            "10.0.4.17:4443", 9001)),
        ["welcome"] = new(2, 1, new WelcomeMessage("focus-eu-1", 2000, 3), ReplyTo: 1),
        ["refused"] = new(2, 1, new RefusedMessage(
            RefusalReasons.StaleTimestamp, "the hello's timestamp is 45000 ms from the focus's clock; the allowed skew is 30000 ms"), ReplyTo: 1),
        ["heartbeat"] = new(2, 17, new HeartbeatMessage(new BridgeStatus(
            State: BridgeStates.Draining,
            Healthy: true,
            Stress: 0.37,
            AverageParticipantStress: 0.012,
            Participants: 23,
            Conferences: 4,
            BitrateDownloadKbps: 18250.5,
            BitrateUploadKbps: 41200.25,
            PacketRateDownload: 1830.5,
            PacketRateUpload: 3904.75,
            RttMilliseconds: 38.5,
            IncomingLoss: 0.004,
            OutgoingLoss: 0.0125))),
        ["allocateEndpoint"] = new(2, 42, new AllocateEndpointRequest(Conference, Ada, "Ada Lovelace") { Generation = Generation }),
        ["publishOffer"] = new(2, 43, new PublishOfferRequest(Conference, Ada, PublishOfferSdp) { Generation = Generation }),
        ["subscribeAnswer"] = new(2, 45, new SubscribeAnswerRequest(Conference, Ada, SubscribeAnswerSdp, 5) { Generation = Generation }),
        ["expireEndpoint"] = new(2, 48, new ExpireEndpointRequest(Conference, Ada) { Generation = Generation }),
        ["receiverConstraints"] = new(2, 46, new ReceiverConstraintsRequest(
            Conference, Ada, new ReceiverVideoConstraints(6, [Grace], 180, new Dictionary<string, int> { [Grace] = 720, [Linus] = 360 }))
        {
            Generation = Generation,
        }),
        ["createRelay"] = new(2, 70, new CreateRelayRequest(Conference, "relay:bridge-2", 0x0123_4556, "bridge-2", "10.0.4.18:10001",
            new RelayIceCredentials("Rk3vQ9aZ", "p8HsY2wLm4Nq7TzB1cXe6VgJ"), new RelayIceCredentials("w7Ly2Gd+", "Zt5Qa/9KeM3rB8nWc2HvX4jY"),
            new RelaySrtpKey("ASNFZ4mrze/+3LqYdlQyEA==", "EjRWeJq83vASNFZ4"), new RelaySrtpKey("/ty6mHZUMhDvze+riWdFIw==", "h2VDIQDevJp4VjQS"))
        {
            Generation = Generation,
        }),
        ["expireRelay"] = new(2, 77, new ExpireRelayRequest(Conference, "relay:bridge-2") { Generation = Generation }),
        ["relayFailed"] = new(2, 64, new RelayFailedEvent(Conference, "relay:bridge-2", "relay consent expired: no answer to its checks for 10 s")
        {
            Generation = Generation,
        }),
        ["senderTracks"] = new(2, 66, new SenderTracksEvent(Conference, Grace, "Grace Hopper", 1, GraceTracks) { Generation = Generation }),
        ["remoteSender"] = new(2, 71, new RemoteSenderRequest(Conference, Grace, "relay:bridge-1", "Grace Hopper", 1, GraceTracks) { Generation = Generation }),
        ["expireRemoteSender"] = new(2, 78, new ExpireRemoteSenderRequest(Conference, Grace) { Generation = Generation }),
        ["ok"] = new(2, 52, OkReply.Instance, ReplyTo: 42),
        ["publishAnswer"] = new(2, 53, new PublishAnswerReply(PublishAnswerSdp), ReplyTo: 43),
        ["error"] = new(2, 55, new BridgeErrorReply(
            BridgeErrorCodes.OutOfOrder, "subscribe answer version 4 answers an older offer than the current one (5)"), ReplyTo: 45),
        ["subscribeOffer"] = new(2, 54, new SubscribeOfferEvent(Conference, Ada, SubscribeOfferSdp, 6,
            [new SubscribedTrack("0", Grace, "audio", "a-9d2f01"), new SubscribedTrack("1", Grace, "video", "v-9d2f01")])
        {
            Generation = Generation,
        }),
        ["endpointExpired"] = new(2, 61, new EndpointExpiredEvent(Conference, Linus, "ICE consent expired") { Generation = Generation }),
        ["dominantSpeaker"] = new(2, 58, new DominantSpeakerEvent(Conference, Grace) { Generation = Generation }),
        ["senderConstraints"] = new(2, 59, new SenderConstraintsEvent(Conference, Grace, 360) { Generation = Generation }),
    };

    private const string PublishOfferSdp =
        "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n";

    private const string PublishAnswerSdp =
        "v=0\r\no=- 1 1 IN IP4 203.0.113.10\r\ns=ScaleMeet\r\nt=0 0\r\na=ice-lite\r\na=group:BUNDLE 0 1\r\n"
        + "m=audio 10000 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 203.0.113.10\r\na=mid:0\r\na=recvonly\r\n"
        + "a=candidate:1 1 udp 2130706431 203.0.113.10 10000 typ host\r\n"
        + "m=video 10000 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 203.0.113.10\r\na=mid:1\r\na=recvonly\r\n";

    private const string SubscribeOfferSdp =
        "v=0\r\no=- 1 6 IN IP4 203.0.113.10\r\ns=ScaleMeet\r\nt=0 0\r\na=ice-lite\r\na=group:BUNDLE 0 1\r\n"
        + "m=audio 10000 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\na=msid:ep-9d2f01 a-9d2f01\r\n"
        + "m=video 10000 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=sendonly\r\na=msid:ep-9d2f01 v-9d2f01\r\n";

    private const string SubscribeAnswerSdp =
        "v=0\r\no=- 8204139571226830451 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=recvonly\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=recvonly\r\n";
}
