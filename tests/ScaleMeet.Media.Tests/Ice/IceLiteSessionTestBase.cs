using System.Buffers.Binary;
using System.Net;
using System.Text;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Ice;

/// <summary>Shared set-up for the IceLiteSession tests: a session "brdg"/"cli1", requests built like a browser's.</summary>
public abstract class IceLiteSessionTestBase
{
    private protected const string LocalUfrag = "brdg";
    private protected const string LocalPwd = "abcdefghijklmnopqrstuvwx";
    private protected const string RemoteUfrag = "cli1";

    private protected static readonly IPEndPoint PeerA = new(IPAddress.Parse("192.0.2.1"), 32853);
    private protected static readonly IPEndPoint PeerB = new(IPAddress.Parse("198.51.100.7"), 40000);

    private protected readonly ManualTimeProvider Time = new();
    private int _transactions;

    private protected IceLiteSession NewSession() => new(LocalUfrag, LocalPwd, Time) { RemoteUfrag = RemoteUfrag };

    private protected (IceCheckResult Result, byte[] Response, byte[] TransactionId) Check(
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

    private protected static (IceCheckResult Result, byte[] Response) Handle(IceLiteSession session, byte[] request, IPEndPoint from)
    {
        var response = new byte[IceLiteSession.MinResponseBufferLength];
        IceCheckResult result = session.Handle(request, from, response, out int written);
        return (result, response.AsSpan(0, written).ToArray());
    }

    /// <summary>A Binding request like a browser's, with parts left out or added on demand.</summary>
    private protected byte[] CustomRequest(
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

    private protected byte[] NextTransactionId()
    {
        var id = new byte[12];
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(8), ++_transactions);
        return id;
    }

    private protected static void AssertError(byte[] response, byte[] transactionId, int expectedCode, bool authenticated)
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
