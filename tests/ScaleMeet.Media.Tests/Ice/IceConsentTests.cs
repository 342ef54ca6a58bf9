using System.Net;
using ScaleMeet.Media.Ice;

namespace ScaleMeet.Media.Tests.Ice;

/// <summary>
/// Consent is bound to the selected address (RFC 7675), and a request is acted on once: retransmissions are answered
/// again without effect, replays from elsewhere are dropped unanswered. What a browser changing networks needs — an
/// authenticated USE-CANDIDATE from the new address — still moves the session.
/// </summary>
public sealed class IceConsentTests : IceLiteSessionTestBase
{
    private static readonly TimeSpan Consent = TimeSpan.FromSeconds(30);

    private IceLiteSession NominatedOnA()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, Time, Consent) { RemoteUfrag = RemoteUfrag };
        Assert.Equal(IceCheckResult.AnsweredAndNominated, Check(session, PeerA, useCandidate: true).Result);
        return session;
    }

    private byte[] Request(bool useCandidate, byte[]? transactionId = null)
    {
        var buffer = new byte[256];
        return buffer[..IceBindingRequest.Write(buffer, transactionId ?? NextTransactionId(), LocalUfrag, RemoteUfrag, LocalPwd, 100, 42, useCandidate)];
    }

    [Fact]
    public void CheckFromOtherAddress_WithoutUseCandidate_AnsweredButConsentNotRefreshedNothingSelected()
    {
        var session = NominatedOnA();
        Time.Advance(TimeSpan.FromSeconds(20));

        var (result, response, transactionId) = Check(session, PeerB, useCandidate: false);

        Assert.Equal(IceCheckResult.AnsweredNotSelected, result);
        Assert.True(IceBindingRequest.TryParseSuccess(response, transactionId, LocalPwd, out var mapped));
        Assert.Equal(PeerB, mapped);
        Assert.Equal(PeerA, session.SelectedEndpoint);
        Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(session.IsConsentExpired); // only PeerA's checks count, and the last was 30 s ago
    }

    [Fact]
    public void CheckFromSelectedAddress_Refreshes()
    {
        var session = NominatedOnA();
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(IceCheckResult.Answered, Check(session, PeerA, useCandidate: false).Result);
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(session.IsConsentExpired);
    }

    [Fact]
    public void ReplayedNomination_FromOtherAddress_DroppedUnansweredSelectionAndConsentKept()
    {
        var session = NominatedOnA();
        var captured = Request(useCandidate: true);
        Assert.Equal(IceCheckResult.AnsweredAndNominated, Handle(session, captured, PeerA).Result);
        Time.Advance(TimeSpan.FromSeconds(25));

        var (result, response) = Handle(session, captured, PeerB);

        Assert.Equal(IceCheckResult.Replayed, result);
        Assert.Empty(response);
        Assert.Equal(PeerA, session.SelectedEndpoint);
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(session.IsConsentExpired);
    }

    [Fact]
    public void Retransmission_FromTheSameAddress_AnsweredAgainWithoutRefreshingConsent()
    {
        var session = NominatedOnA();
        var transactionId = NextTransactionId();
        var request = Request(useCandidate: false, transactionId);
        Assert.Equal(IceCheckResult.Answered, Handle(session, request, PeerA).Result);
        Time.Advance(TimeSpan.FromSeconds(29));

        var (result, response) = Handle(session, request, PeerA);

        Assert.Equal(IceCheckResult.Retransmitted, result);
        Assert.True(IceBindingRequest.TryParseSuccess(response, transactionId, LocalPwd, out var mapped));
        Assert.Equal(PeerA, mapped);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(session.IsConsentExpired); // a replay spoofing the real address keeps nothing alive
    }

    [Fact]
    public void NominationFromNewAddress_Authenticated_MovesTheSessionAndRefreshesConsent()
    {
        var session = NominatedOnA();
        Time.Advance(TimeSpan.FromSeconds(25));

        // A browser that changed networks: checks from its new address, then nominates it.
        Assert.Equal(IceCheckResult.AnsweredNotSelected, Check(session, PeerB, useCandidate: false).Result);
        Assert.Equal(IceCheckResult.AnsweredAndNominated, Check(session, PeerB, useCandidate: true).Result);

        Assert.Equal(PeerB, session.SelectedEndpoint);
        Time.Advance(TimeSpan.FromSeconds(25));
        Assert.False(session.IsConsentExpired);
        Assert.Equal(IceCheckResult.AnsweredNotSelected, Check(session, PeerA, useCandidate: false).Result);
    }

    [Fact]
    public void ForgedRequestWithAKnownTransactionId_RefusedAs401NotAsReplay()
    {
        var session = NominatedOnA();
        var transactionId = NextTransactionId();
        Assert.Equal(IceCheckResult.Answered, Handle(session, Request(useCandidate: false, transactionId), PeerA).Result);
        var buffer = new byte[256];
        var forged = buffer[..IceBindingRequest.Write(buffer, transactionId, LocalUfrag, RemoteUfrag, "wrong-password-wrong-pwd", 100, 42, true)];

        var (result, response) = Handle(session, forged, PeerB);

        Assert.Equal(IceCheckResult.ErrorAnswered, result);
        AssertError(response, transactionId, 401, authenticated: false);
        Assert.Equal(PeerA, session.SelectedEndpoint);
    }

    [Fact]
    public void TransactionMemory_Full_OldestForgotten()
    {
        var session = new IceLiteSession(LocalUfrag, LocalPwd, Time, Consent, transactionMemory: 2) { RemoteUfrag = RemoteUfrag };
        var first = Request(useCandidate: false);
        var second = Request(useCandidate: false);
        var third = Request(useCandidate: false);
        Handle(session, first, PeerA);
        Handle(session, second, PeerA);
        Handle(session, third, PeerA);

        Assert.Equal(IceCheckResult.Replayed, Handle(session, third, PeerB).Result);
        Assert.Equal(IceCheckResult.Replayed, Handle(session, second, PeerB).Result);
        Assert.Equal(IceCheckResult.AnsweredNotSelected, Handle(session, first, PeerB).Result); // beyond the memory
    }

    [Fact]
    public void Constructor_NoTransactionMemory_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceLiteSession(LocalUfrag, LocalPwd, Time, Consent, transactionMemory: 0));

    [Theory]
    [InlineData("192.0.2.1", 5000, "::ffff:192.0.2.1", 5000, true)]
    [InlineData("192.0.2.1", 5000, "192.0.2.1", 5001, false)]
    [InlineData("192.0.2.1", 5000, "192.0.2.2", 5000, false)]
    [InlineData("2001:db8::1", 5000, "2001:db8::2", 5000, false)]
    [InlineData("2001:db8::1", 5000, "2001:db8::1", 5000, true)]
    [InlineData("0.0.0.1", 5000, "::1", 5000, false)]
    public void EndpointKey_SameEndpointSameKey_OthersDiffer(string a, int portA, string b, int portB, bool same)
    {
        var keyA = TransactionMemory.EndpointKey(new IPEndPoint(IPAddress.Parse(a), portA));
        var keyB = TransactionMemory.EndpointKey(new IPEndPoint(IPAddress.Parse(b), portB));

        Assert.Equal(same, keyA == keyB);
    }
}
