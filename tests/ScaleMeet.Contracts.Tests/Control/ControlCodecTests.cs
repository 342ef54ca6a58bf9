using System.Text;
using System.Text.Json.Nodes;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Contracts.Tests.Control;

/// <summary>
/// What <see cref="ControlCodec.TryDecode"/> says about input that is not a control envelope: the code, a message naming
/// the problem, and the envelope id whenever it could be read. Decoding never throws.
/// </summary>
public sealed class ControlCodecTests
{
    private const string Allocate = """{"type":"allocateEndpoint","conferenceId":"standup-7f3a","endpointId":"ep-4b1c9e","generation":3,"displayName":"Ada"}""";

    public static TheoryData<string> GoldenTypes => GoldenEnvelopes.Types();

    [Fact]
    public void TryDecode_NotJson_ReturnsMalformed()
    {
        var error = DecodeFails("hello, bridge");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("not a valid control message", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Id);
    }

    [Fact]
    public void TryDecode_Empty_ReturnsMalformed()
    {
        var error = DecodeFails("");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Null(error.Id);
    }

    [Fact]
    public void TryDecode_JsonArray_ReturnsMalformed()
    {
        var error = DecodeFails($$"""[{"v":2,"id":7,"message":{{Allocate}}}]""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("JSON object", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Id);
    }

    [Fact]
    public void TryDecode_MissingVersion_ReturnsMalformedWithId()
    {
        var error = DecodeFails($$"""{"id":7,"message":{{Allocate}}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("'v'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_VersionAsString_ReturnsMalformedWithId()
    {
        var error = DecodeFails($$"""{"v":"2","id":7,"message":{{Allocate}}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("'v'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TryDecode_OtherVersion_ReturnsUnsupportedVersionWithId(int version)
    {
        var error = DecodeFails($$"""{"v":{{version}},"id":7,"message":{{Allocate}}}""");

        Assert.Equal(RefusalReasons.UnsupportedVersion, error.Code);
        Assert.Contains($"version {version} is not supported", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_MissingId_ReturnsMalformed()
    {
        var error = DecodeFails($$"""{"v":2,"message":{{Allocate}}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Id);
    }

    [Theory]
    [InlineData("\"7\"")]
    [InlineData("7.5")]
    [InlineData("null")]
    public void TryDecode_IdNotInteger_ReturnsMalformed(string id)
    {
        var error = DecodeFails($$"""{"v":2,"id":{{id}},"message":{{Allocate}}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Id);
    }

    [Fact]
    public void TryDecode_MissingMessage_ReturnsMalformedWithId()
    {
        var error = DecodeFails("""{"v":2,"id":7}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("'message'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_MessageWithoutType_ReturnsMalformedWithId()
    {
        var error = DecodeFails("""{"v":2,"id":7,"message":{"conferenceId":"standup-7f3a","endpointId":"ep-4b1c9e"}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("'type'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_TypeNotString_ReturnsMalformedWithId()
    {
        var error = DecodeFails("""{"v":2,"id":7,"message":{"type":4}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("'type'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_UnknownType_ReturnsUnknownTypeWithId()
    {
        var error = DecodeFails("""{"v":2,"id":7,"message":{"type":"moveEndpoint","conferenceId":"standup-7f3a","endpointId":"ep-4b1c9e"}}""");

        Assert.Equal(BridgeErrorCodes.UnknownType, error.Code);
        Assert.Contains("'moveEndpoint'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_MissingRequiredField_ReturnsMalformedNamingIt()
    {
        var error = DecodeFails("""{"v":2,"id":7,"message":{"type":"allocateEndpoint","conferenceId":"standup-7f3a","generation":3,"displayName":"Ada"}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("endpointId", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_RequiredFieldNull_ReturnsMalformedNamingIt()
    {
        var error = DecodeFails("""{"v":2,"id":7,"message":{"type":"allocateEndpoint","conferenceId":"standup-7f3a","endpointId":null,"generation":3,"displayName":"Ada"}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("endpointId", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_MissingNestedRequiredField_ReturnsMalformedNamingIt()
    {
        var json = """{"v":2,"id":7,"message":{"type":"hello","bridgeId":"bridge-1","region":"eu-west","version":"1.4.2","mediaAddresses":[],"averageParticipantStress":0,"auth":{"timestamp":1700000000000,"nonce":"AAAAAAAAAAAAAAAAAAAAAA"}}}""";

        var error = DecodeFails(json);

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("mac", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_WrongFieldType_ReturnsMalformedNamingIt()
    {
        var error = DecodeFails("""{"v":2,"id":7,"message":{"type":"subscribeAnswer","conferenceId":"standup-7f3a","endpointId":"ep-4b1c9e","generation":3,"sdp":"v=0\r\n","version":"5"}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains("$.message.version", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Id);
    }

    [Fact]
    public void TryDecode_AtMaxMessageBytes_Succeeds()
    {
        var json = PaddedTo(ControlProtocol.MaxMessageBytes);

        Assert.True(ControlCodec.TryDecode(json, out var envelope, out var error), error?.Message);
        Assert.Equal(ControlProtocol.MaxMessageBytes, ControlCodec.Encode(envelope!).Length);
    }

    [Fact]
    public void TryDecode_OverMaxMessageBytes_ReturnsMalformedNamingTheLimit()
    {
        var error = DecodeFails(PaddedTo(ControlProtocol.MaxMessageBytes + 1));

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Contains($"the limit is {ControlProtocol.MaxMessageBytes}", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Id);
    }

    [Fact]
    public void TryDecode_TypeAfterOtherFields_Decodes()
    {
        var json = """{"message":{"endpointId":"ep-4b1c9e","conferenceId":"standup-7f3a","generation":3,"type":"expireEndpoint"},"id":48,"v":2}""";

        Assert.True(ControlCodec.TryDecode(Encoding.UTF8.GetBytes(json), out var envelope, out var error), error?.Message);
        Assert.Equal(new ControlEnvelope(2, 48, new ExpireEndpointRequest("standup-7f3a", "ep-4b1c9e") { Generation = 3 }), envelope);
    }

    [Fact]
    public void TryDecode_HelloWithoutRelayAddress_RelayAddressNull()
    {
        var hello = JsonNode.Parse(GoldenEnvelopes.ReadFile("hello"))!;
        Assert.True(hello["message"]!.AsObject().Remove("relayAddress"));

        Assert.True(ControlCodec.TryDecode(Encoding.UTF8.GetBytes(hello.ToJsonString()), out var envelope, out var error), error?.Message);
        Assert.Null(Assert.IsType<HelloMessage>(envelope!.Message).RelayAddress);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","replyTo":null""")]
    public void TryDecode_ReplyToAbsentOrNull_ReplyToNull(string replyTo)
    {
        var json = $$"""{"v":2,"id":58,"message":{"type":"dominantSpeaker","conferenceId":"standup-7f3a","endpointId":"ep-9d2f01","generation":3}{{replyTo}}}""";

        Assert.True(ControlCodec.TryDecode(Encoding.UTF8.GetBytes(json), out var envelope, out var error), error?.Message);
        Assert.Null(envelope!.ReplyTo);
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0xc3 })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]
    public void TryDecode_TypeNotUtf8_ReturnsMalformedWithId(byte[] typeBytes)
    {
        byte[] json = [.. "{\"v\":2,\"id\":7,\"message\":{\"type\":\""u8, .. typeBytes, .. "\"}}"u8];

        var error = DecodeFails(json);

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Equal(7, error.Id);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("ok\\udc00")]
    public void TryDecode_TypeWithLoneSurrogateEscape_ReturnsMalformedWithId(string escapedType)
    {
        var error = DecodeFails($$$"""{"v":2,"id":7,"message":{"type":"{{{escapedType}}}"}}""");

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
        Assert.Equal(7, error.Id);
    }

    [Theory]
    [InlineData(" trailing")]
    [InlineData("""{"v":2,"id":8,"message":{"type":"ok"}}""")]
    [InlineData("}")]
    public void TryDecode_DataAfterEnvelope_ReturnsMalformed(string trailing)
    {
        var error = DecodeFails("""{"v":2,"id":7,"replyTo":3,"message":{"type":"ok"}}""" + trailing);

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
    }

    [Theory]
    [InlineData("hello", "mediaAddresses")]
    [InlineData("subscribeOffer", "tracks")]
    public void TryDecode_NullListElement_ReturnsMalformed(string type, string list)
    {
        var golden = JsonNode.Parse(GoldenEnvelopes.ReadFile(type))!;
        golden["message"]![list]!.AsArray().Add(null);

        var error = DecodeFails(golden.ToJsonString());

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
    }

    [Fact]
    public void TryDecode_NumberBeyondDouble_ReturnsMalformed()
    {
        var heartbeat = JsonNode.Parse(GoldenEnvelopes.ReadFile("heartbeat"))!;
        var json = heartbeat.ToJsonString().Replace("\"stress\":0.37", "\"stress\":1e400", StringComparison.Ordinal);

        var error = DecodeFails(json);

        Assert.Equal(BridgeErrorCodes.Malformed, error.Code);
    }

    /// <summary>Random byte flips, deletions and insertions in each golden file (fixed seed): decoding answers, never throws.</summary>
    [Theory]
    [MemberData(nameof(GoldenTypes))]
    public void TryDecode_MutatedGoldenFile_NeverThrows(string type)
    {
        var golden = GoldenEnvelopes.ReadFile(type);
        var random = new Random(20_240_000 + GoldenEnvelopes.ByType.Keys.Order(StringComparer.Ordinal).ToList().IndexOf(type));
        for (var i = 0; i < 200; i++)
        {
            var mutated = Mutate(golden, random);
            DecodeAnswers(mutated, $"mutation {i}: {Convert.ToHexString(mutated)}");
        }
    }

    /// <summary>Each field of each golden file removed, or replaced by a value of another JSON kind: decoding answers, never throws.</summary>
    [Theory]
    [MemberData(nameof(GoldenTypes))]
    public void TryDecode_GoldenFileWithFieldReplaced_NeverThrows(string type)
    {
        JsonNode?[] replacements = [null, 0, -1, 2.5, long.MaxValue, "", "x", true, new JsonArray(), new JsonArray(1, "x"), new JsonObject()];
        var golden = JsonNode.Parse(GoldenEnvelopes.ReadFile(type))!;
        foreach (var path in FieldPaths(golden))
        {
            var removed = golden.DeepClone();
            Remove(removed, path);
            DecodeAnswers(Encoding.UTF8.GetBytes(removed.ToJsonString()), $"without {path}");
            foreach (var replacement in replacements)
            {
                var replaced = golden.DeepClone();
                Replace(replaced, path, replacement?.DeepClone());
                DecodeAnswers(Encoding.UTF8.GetBytes(replaced.ToJsonString()), $"{path} = {replacement?.ToJsonString() ?? "null"}");
            }
        }
    }

    private static ControlDecodeError DecodeFails(string json) => DecodeFails(Encoding.UTF8.GetBytes(json));

    private static ControlDecodeError DecodeFails(byte[] json)
    {
        Assert.False(ControlCodec.TryDecode(json, out var envelope, out var error));
        Assert.Null(envelope);
        Assert.NotNull(error);
        Assert.False(string.IsNullOrEmpty(error.Message));
        return error;
    }

    /// <summary>Decodes and checks the result is one of the two answers: an envelope and no error, or an error and no envelope.</summary>
    private static void DecodeAnswers(byte[] input, string what)
    {
        bool decoded;
        ControlEnvelope? envelope;
        ControlDecodeError? error;
        try
        {
            decoded = ControlCodec.TryDecode(input, out envelope, out error);
        }
        catch (Exception ex)
        {
            Assert.Fail($"TryDecode threw {ex.GetType().Name} ({ex.Message}) for {what}");
            return;
        }

        Assert.True(decoded ? envelope is not null && error is null : envelope is null && error is not null, what);
    }

    /// <summary>An allocateEndpoint envelope of exactly <paramref name="length"/> bytes (the display name pads it).</summary>
    private static byte[] PaddedTo(int length)
    {
        var envelope = new ControlEnvelope(2, 7, new AllocateEndpointRequest("standup-7f3a", "ep-4b1c9e", "") { Generation = 3 });
        var padding = length - ControlCodec.Encode(envelope).Length;
        var padded = ControlCodec.Encode(envelope with { Message = new AllocateEndpointRequest("standup-7f3a", "ep-4b1c9e", new string('a', padding)) { Generation = 3 } });
        Assert.Equal(length, padded.Length);
        return padded;
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2 when bytes.Count > 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Every property and array element below the root, as a list of keys (string) and indices (int).</summary>
    private static IEnumerable<object[]> FieldPaths(JsonNode node, object[]? prefix = null)
    {
        prefix ??= [];
        IEnumerable<(object Key, JsonNode? Child)> children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)),
            JsonArray a => a.Select((child, i) => ((object)i, child)),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            object[] path = [.. prefix, key];
            yield return path;
            if (child is not null)
            {
                foreach (var below in FieldPaths(child, path))
                {
                    yield return below;
                }
            }
        }
    }

    private static JsonNode Parent(JsonNode root, object[] path) =>
        path[..^1].Aggregate(root, (node, key) => key is int i ? node[i]! : node[(string)key]!);

    private static void Remove(JsonNode root, object[] path)
    {
        var parent = Parent(root, path);
        if (path[^1] is int i)
        {
            parent.AsArray().RemoveAt(i);
        }
        else
        {
            parent.AsObject().Remove((string)path[^1]);
        }
    }

    private static void Replace(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = Parent(root, path);
        if (path[^1] is int i)
        {
            parent[i] = value;
        }
        else
        {
            parent[(string)path[^1]] = value;
        }
    }
}
