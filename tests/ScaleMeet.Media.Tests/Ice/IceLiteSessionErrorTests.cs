using System.Text;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;
using ScaleMeet.Media.Tests.Stun;

namespace ScaleMeet.Media.Tests.Ice;

/// <summary>Checks that must be answered with an error (400, 401, 420, 487) or dropped.</summary>
public class IceLiteSessionErrorTests : IceLiteSessionTestBase
{
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
        var session = new IceLiteSession("evtj", Rfc5769.Password, Time) { RemoteUfrag = "h6vY" };

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
}
