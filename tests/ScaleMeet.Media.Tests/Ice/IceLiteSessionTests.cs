using System.Net;
using System.Net.Sockets;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;
using ScaleMeet.Media.Tests.Stun;

namespace ScaleMeet.Media.Tests.Ice;

/// <summary>Successful checks, nomination, consent and credentials.</summary>
public class IceLiteSessionTests : IceLiteSessionTestBase
{
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
    public void Handle_RemoteUfragNotKnownYet_AnyRemotePartAccepted()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, Time);

        (IceCheckResult result, _, _) = Check(session, PeerA, useCandidate: false, remoteUfrag: "whatever");

        Assert.Equal(IceCheckResult.Answered, result);
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
    public void Handle_Nomination_FirstValidCheckThenUseCandidateThenRenomination()
    {
        IceLiteSession session = NewSession();
        Assert.Null(session.SelectedEndpoint);

        Assert.Equal(IceCheckResult.Answered, Check(session, PeerA, useCandidate: false).Result);
        Assert.Equal(PeerA, session.SelectedEndpoint);
        Assert.False(session.IsNominated);

        Assert.Equal(IceCheckResult.AnsweredNotSelected, Check(session, PeerB, useCandidate: false).Result);
        Assert.Equal(PeerA, session.SelectedEndpoint); // first valid check keeps it until a nomination

        Assert.Equal(IceCheckResult.AnsweredAndNominated, Check(session, PeerB, useCandidate: true).Result);
        Assert.Equal(PeerB, session.SelectedEndpoint);
        Assert.True(session.IsNominated);

        Assert.Equal(IceCheckResult.AnsweredNotSelected, Check(session, PeerA, useCandidate: false).Result);
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
    public void Handle_RepeatedValidCheck_AllocatesNothing()
    {
        IceLiteSession session = NewSession();
        var requests = new byte[1100][];
        for (int i = 0; i < requests.Length; i++)
        {
            var buffer = new byte[256];
            requests[i] = buffer[..IceBindingRequest.Write(buffer, NextTransactionId(), LocalUfrag, RemoteUfrag, LocalPwd, 100, 42, true)];
        }

        var response = new byte[IceLiteSession.MinResponseBufferLength];
        for (int i = 0; i < 100; i++)
        {
            session.Handle(requests[i], PeerA, response, out _);
        }

        int answered = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 100; i < requests.Length; i++)
        {
            answered += session.Handle(requests[i], PeerA, response, out _) == IceCheckResult.AnsweredAndNominated ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, answered);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void IsConsentExpired_NoCheckForTimeout_ExpiresAndValidChecksRefresh()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, Time, TimeSpan.FromSeconds(30)) { RemoteUfrag = RemoteUfrag };

        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(session.IsConsentExpired);
        Assert.Equal(IceCheckResult.AnsweredAndNominated, Check(session, PeerA, useCandidate: true).Result);

        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(session.IsConsentExpired); // measured from the check, not from construction

        Check(session, PeerA, useCandidate: false, password: "wrong-password-wrong-pwd"); // 401: no refresh
        Check(session, PeerA, useCandidate: false, controlled: true);                      // 487: no refresh
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(session.IsConsentExpired);

        Check(session, PeerA, useCandidate: false);
        Assert.False(session.IsConsentExpired);
    }

    [Fact]
    public void IsConsentExpired_NoCheckEver_ExpiresAfterDefaultTimeout()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, Time);

        Time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.False(session.IsConsentExpired);
        Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(session.IsConsentExpired);
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new IceLiteSession("", LocalPwd, Time));
        Assert.Throws<ArgumentException>(() => new IceLiteSession("a:b", LocalPwd, Time));
        Assert.Throws<ArgumentException>(() => new IceLiteSession(LocalUfrag, "", Time));
        Assert.Throws<ArgumentNullException>(() => new IceLiteSession(LocalUfrag, LocalPwd, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceLiteSession(LocalUfrag, LocalPwd, Time, TimeSpan.Zero));
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
}
