using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;
using ScaleMeet.Media.Tests.Stun;

namespace ScaleMeet.Media.Tests.Ice;

public class IceLiteSessionTests
{
    private const string LocalUfrag = "brdg";
    private const string LocalPwd = "abcdefghijklmnopqrstuvwx";
    private const string RemoteUfrag = "cli1";

    private static readonly IPEndPoint PeerA = new(IPAddress.Parse("192.0.2.1"), 32853);
    private static readonly IPEndPoint PeerB = new(IPAddress.Parse("198.51.100.7"), 40000);

    private readonly ManualTimeProvider _time = new();
    private int _transactions;

    [Fact]
    public void Handle_ValidCheck_ByteExactResponseAgainstIndependentOracle()
    {
        IceLiteSession session = NewSession();
        byte[] transactionId = Hex.Parse("0102030405060708090a0b0c");
        var request = new byte[256];
        int length = IceBindingRequest.Write(request, transactionId, LocalUfrag, RemoteUfrag, LocalPwd, 0x6e0001ff, 0x0102030405060708, true);
        var response = new byte[IceLiteSession.MinResponseBufferLength];

        IceCheckResult result = session.Handle(request.AsSpan(0, length), PeerA, response, out int written);

        Assert.Equal(IceCheckResult.AnsweredAndNominated, result);
        // HMAC and CRC computed independently (Python hmac/hashlib/zlib).
        byte[] expected = Hex.Parse(
            "0101 002c" +                                          // Binding success response, length 44
            "2112a442" +                                           // magic cookie
            "0102030405060708090a0b0c" +                           // the request's transaction id
            "0020 0008 0001 a147 e112a643" +                       // XOR-MAPPED-ADDRESS 192.0.2.1:32853
            "0008 0014 4cf8ac2b7d681359b81f8814b9a3dde7ca16a453" + // MESSAGE-INTEGRITY keyed with the local pwd
            "8028 0004 6cf35fa3");                                 // FINGERPRINT
        Assert.Equal(Hex.Format(expected), Hex.Format(response.AsSpan(0, written)));
    }

    [Theory]
    [InlineData("203.0.113.5", AddressFamily.InterNetwork)]
    [InlineData("2001:db8::42", AddressFamily.InterNetworkV6)]
    public void Handle_ValidCheck_SuccessRoundTripsThroughTryParseSuccess(string address, AddressFamily family)
    {
        IceLiteSession session = NewSession();
        var from = new IPEndPoint(IPAddress.Parse(address), 5000);

        (IceCheckResult result, byte[] response, byte[] transactionId) = Check(session, from, useCandidate: false);

        Assert.Equal(IceCheckResult.Answered, result);
        Assert.True(IceBindingRequest.TryParseSuccess(response, transactionId, LocalPwd, out IPEndPoint? mapped));
        Assert.Equal(from, mapped);
        Assert.Equal(family, mapped.AddressFamily);
    }

    [Fact]
    public void Handle_IPv4MappedIPv6Source_MappedAddressWrittenAsIPv4()
    {
        IceLiteSession session = NewSession();
        var dualMode = new IPEndPoint(IPAddress.Parse("::ffff:203.0.113.5"), 5000);

        (IceCheckResult result, byte[] response, byte[] transactionId) = Check(session, dualMode, useCandidate: false);

        Assert.Equal(IceCheckResult.Answered, result);
        Assert.True(StunPacket.TryParse(response, out StunPacket message));
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value));
        Assert.Equal(StunXorMappedAddress.FamilyIPv4, value[1]);
        Assert.True(IceBindingRequest.TryParseSuccess(response, transactionId, LocalPwd, out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.5"), 5000), mapped);
    }

    [Fact]
    public void Handle_WrongPassword_401WithoutIntegrity()
    {
        IceLiteSession session = NewSession();

        (IceCheckResult result, byte[] response, byte[] transactionId) = Check(session, PeerA, useCandidate: true, password: "abcdefghijklmnopqrstuvwX");

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, transactionId, 401, authenticated: false);
        Assert.Null(session.SelectedEndpoint);
        Assert.False(session.IsNominated);
    }

    [Theory]
    [InlineData("other", RemoteUfrag)]  // not our ufrag
    [InlineData(LocalUfrag, "cli2")]    // not the remote ufrag from the SDP
    public void Handle_UnknownUsername_401(string requestLocal, string requestRemote)
    {
        IceLiteSession session = NewSession();

        (IceCheckResult result, byte[] response, byte[] transactionId) = Check(session, PeerA, useCandidate: false, localUfrag: requestLocal, remoteUfrag: requestRemote);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, transactionId, 401, authenticated: false);
    }

    [Fact]
    public void Handle_RemoteUfragNotKnownYet_AnyRemotePartAccepted()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, _time);

        (IceCheckResult result, _, _) = Check(session, PeerA, useCandidate: false, remoteUfrag: "whatever");

        Assert.Equal(IceCheckResult.Answered, result);
    }

    [Fact]
    public void Handle_MissingFingerprint_400()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(fingerprint: false);

        (IceCheckResult result, byte[] response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, request.AsSpan(8, 12).ToArray(), 400, authenticated: false);
    }

    [Fact]
    public void Handle_MissingUsername_400()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(username: null);

        (IceCheckResult result, byte[] response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, request.AsSpan(8, 12).ToArray(), 400, authenticated: false);
    }

    [Fact]
    public void Handle_MissingMessageIntegrity_400()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(integrity: false);

        (IceCheckResult result, byte[] response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, request.AsSpan(8, 12).ToArray(), 400, authenticated: false);
    }

    [Fact]
    public void Handle_MissingPriority_400Authenticated()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(priority: false);

        (IceCheckResult result, byte[] response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, request.AsSpan(8, 12).ToArray(), 400, authenticated: true);
        Assert.Null(session.SelectedEndpoint);
    }

    [Fact]
    public void Handle_IceControlled_487Authenticated()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(controlled: true);

        (IceCheckResult result, byte[] response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, request.AsSpan(8, 12).ToArray(), 487, authenticated: true);
        Assert.Null(session.SelectedEndpoint);
    }

    [Fact]
    public void Handle_Rfc5769SampleRequest_487BecauseItSaysIceControlled()
    {
        // RFC 5769 §2.1 is a check from a controlled agent to "evtj"; a lite agent cannot yield control.
        var session = new IceLiteSession("evtj", Rfc5769.Password, _time) { RemoteUfrag = "h6vY" };

        (IceCheckResult result, byte[] response) = Handle(session, Rfc5769.Request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        Assert.True(StunPacket.TryParse(response, out StunPacket message));
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Rfc5769.Password)));
        Assert.True(message.TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value));
        Assert.True(StunErrorCode.TryParse(value, out int code, out _));
        Assert.Equal(487, code);
    }

    [Fact]
    public void Handle_UnknownComprehensionRequiredAttribute_420ListingIt()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(extraAttribute: 0x7777);

        (IceCheckResult result, byte[] response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, request.AsSpan(8, 12).ToArray(), 420, authenticated: true);
        Assert.True(StunPacket.TryParse(response, out StunPacket message));
        Assert.True(message.TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> unknown));
        Assert.Equal("7777", Hex.Format(unknown));
    }

    [Fact]
    public void Handle_UnknownComprehensionOptionalAttribute_Answered()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(extraAttribute: 0xC057); // GOOG-NETWORK-INFO, as Chrome sends

        (IceCheckResult result, _) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.Answered, result);
    }

    [Fact]
    public void Handle_NonBindingRequest_400()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest(method: 0x003); // TURN Allocate

        (IceCheckResult result, byte[] response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        Assert.True(StunPacket.TryParse(response, out StunPacket message));
        Assert.Equal(0x003, message.Method);
        AssertError(response, request.AsSpan(8, 12).ToArray(), 400, authenticated: false);
    }

    [Theory]
    [InlineData((int)StunClass.Indication)]
    [InlineData((int)StunClass.SuccessResponse)]
    [InlineData((int)StunClass.ErrorResponse)]
    public void Handle_NotARequest_Dropped(int stunClass)
    {
        IceLiteSession session = NewSession();
        byte[] packet = CustomRequest(stunClass: (StunClass)stunClass);
        var response = new byte[IceLiteSession.MinResponseBufferLength];

        Assert.Equal(IceCheckResult.Dropped, session.Handle(packet, PeerA, response, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Handle_BadFingerprint_Dropped()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest();
        request[^1] ^= 0x01;
        var response = new byte[IceLiteSession.MinResponseBufferLength];

        Assert.Equal(IceCheckResult.Dropped, session.Handle(request, PeerA, response, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Handle_ResponseBufferTooSmall_Throws()
    {
        IceLiteSession session = NewSession();
        byte[] request = CustomRequest();

        Assert.Throws<ArgumentException>(() => session.Handle(request, PeerA, new byte[100], out _));
    }

    [Fact]
    public void Handle_Nomination_FirstValidCheckThenUseCandidateThenRenomination()
    {
        IceLiteSession session = NewSession();
        Assert.Null(session.SelectedEndpoint);

        Assert.Equal(IceCheckResult.Answered, Check(session, PeerA, useCandidate: false).Result);
        Assert.Equal(PeerA, session.SelectedEndpoint);
        Assert.False(session.IsNominated);

        Assert.Equal(IceCheckResult.Answered, Check(session, PeerB, useCandidate: false).Result);
        Assert.Equal(PeerA, session.SelectedEndpoint); // first valid check keeps it until a nomination

        Assert.Equal(IceCheckResult.AnsweredAndNominated, Check(session, PeerB, useCandidate: true).Result);
        Assert.Equal(PeerB, session.SelectedEndpoint);
        Assert.True(session.IsNominated);

        Assert.Equal(IceCheckResult.Answered, Check(session, PeerA, useCandidate: false).Result);
        Assert.Equal(PeerB, session.SelectedEndpoint); // a plain check does not undo the nomination

        Assert.Equal(IceCheckResult.AnsweredAndNominated, Check(session, PeerA, useCandidate: true).Result);
        Assert.Equal(PeerA, session.SelectedEndpoint); // the latest nomination wins
    }

    [Fact]
    public void Handle_CallerReusesEndpointInstance_SelectedEndpointUnchanged()
    {
        IceLiteSession session = NewSession();
        var reused = new IPEndPoint(IPAddress.Parse("192.0.2.9"), 1000);

        Check(session, reused, useCandidate: true);
        reused.Port = 2000;

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.9"), 1000), session.SelectedEndpoint);
    }

    [Fact]
    public void IsConsentExpired_NoCheckForTimeout_ExpiresAndValidChecksRefresh()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, _time, TimeSpan.FromSeconds(30)) { RemoteUfrag = RemoteUfrag };

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(session.IsConsentExpired);
        Assert.Equal(IceCheckResult.AnsweredAndNominated, Check(session, PeerA, useCandidate: true).Result);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(session.IsConsentExpired); // measured from the check, not from construction

        Check(session, PeerA, useCandidate: false, password: "wrong-password-wrong-pwd"); // 401: no refresh
        Check(session, PeerA, useCandidate: false, controlled: true);                      // 487: no refresh
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(session.IsConsentExpired);

        Check(session, PeerA, useCandidate: false);
        Assert.False(session.IsConsentExpired);
    }

    [Fact]
    public void IsConsentExpired_NoCheckEver_ExpiresAfterDefaultTimeout()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, _time);

        _time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.False(session.IsConsentExpired);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(session.IsConsentExpired);
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new IceLiteSession("", LocalPwd, _time));
        Assert.Throws<ArgumentException>(() => new IceLiteSession("a:b", LocalPwd, _time));
        Assert.Throws<ArgumentException>(() => new IceLiteSession(LocalUfrag, "", _time));
        Assert.Throws<ArgumentNullException>(() => new IceLiteSession(LocalUfrag, LocalPwd, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceLiteSession(LocalUfrag, LocalPwd, _time, TimeSpan.Zero));
    }

    [Fact]
    public void NewUfragAndPassword_Random_LengthAndIceCharSet()
    {
        const string iceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var seen = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            string ufrag = IceLiteSession.NewUfrag();
            string pwd = IceLiteSession.NewPassword();
            Assert.Equal(8, ufrag.Length);
            Assert.Equal(24, pwd.Length);
            Assert.All(ufrag + pwd, c => Assert.Contains(c, iceChars));
            Assert.True(seen.Add(ufrag));
            Assert.True(seen.Add(pwd));
        }
    }

    private IceLiteSession NewSession() => new(LocalUfrag, LocalPwd, _time) { RemoteUfrag = RemoteUfrag };

    private (IceCheckResult Result, byte[] Response, byte[] TransactionId) Check(
        IceLiteSession session, IPEndPoint from, bool useCandidate, string password = LocalPwd,
        string localUfrag = LocalUfrag, string remoteUfrag = RemoteUfrag, bool controlled = false)
    {
        byte[] transactionId = NextTransactionId();
        byte[] request;
        if (controlled)
        {
            request = CustomRequest(controlled: true);
            transactionId = request.AsSpan(8, 12).ToArray();
        }
        else
        {
            var buffer = new byte[256];
            int length = IceBindingRequest.Write(buffer, transactionId, localUfrag, remoteUfrag, password, 100, 42, useCandidate);
            request = buffer.AsSpan(0, length).ToArray();
        }

        (IceCheckResult result, byte[] response) = Handle(session, request, from);
        return (result, response, transactionId);
    }

    private static (IceCheckResult Result, byte[] Response) Handle(IceLiteSession session, byte[] request, IPEndPoint from)
    {
        var response = new byte[IceLiteSession.MinResponseBufferLength];
        IceCheckResult result = session.Handle(request, from, response, out int written);
        return (result, response.AsSpan(0, written).ToArray());
    }

    /// <summary>A Binding request like a browser's, with parts left out or added on demand.</summary>
    private byte[] CustomRequest(
        string? username = LocalUfrag + ":" + RemoteUfrag, bool priority = true, bool controlled = false, ushort? extraAttribute = null,
        bool integrity = true, bool fingerprint = true, ushort method = StunMessageType.BindingMethod, StunClass stunClass = StunClass.Request)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, method, stunClass, NextTransactionId());
        if (username is not null)
        {
            writer.AddString(StunAttributeType.Username, username);
        }

        if (priority)
        {
            writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        }

        writer.AddUInt64(controlled ? StunAttributeType.IceControlled : StunAttributeType.IceControlling, 7);
        if (extraAttribute is ushort extra)
        {
            writer.AddBytes(extra, [1, 2, 3, 4]);
        }

        if (integrity)
        {
            writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(LocalPwd));
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        Assert.True(writer.TryComplete(out int written));
        return buffer.AsSpan(0, written).ToArray();
    }

    private byte[] NextTransactionId()
    {
        var id = new byte[12];
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(8), ++_transactions);
        return id;
    }

    private static void AssertError(byte[] response, byte[] transactionId, int expectedCode, bool authenticated)
    {
        Assert.True(StunPacket.TryParse(response, out StunPacket message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.Equal(transactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value));
        Assert.True(StunErrorCode.TryParse(value, out int code, out string? reason));
        Assert.Equal(expectedCode, code);
        Assert.NotEmpty(reason);
        Assert.True(message.VerifyFingerprint());
        Assert.Equal(authenticated, message.HasMessageIntegrity);
        if (authenticated)
        {
            Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(LocalPwd)));
        }
    }
}
