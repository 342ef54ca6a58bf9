using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Ice;

namespace ScaleMeet.EndToEnd.Tests.Janus;

/// <summary>
/// <see cref="SyntheticTransport.AnswerChecks"/>: the transport answers the Binding requests a server sends back (as
/// Janus's libnice does), checked against the media library's own STUN code on a fake server socket.
/// </summary>
public sealed class SyntheticTransportChecksTests
{
    private const string ServerUfrag = "srvU";
    private const string ServerPwd = "server-password-0123456789";

    [Fact]
    public async Task ServerCheck_WithOurCredentials_IsAnsweredWithAnAuthenticSuccess()
    {
        using var server = new FakeServer();
        using var transport = new SyntheticTransport(Options()) { AnswerChecks = true };
        var connecting = server.StartConnecting(transport);

        var id = server.SendCheck(transport, transport.LocalPwd);
        var response = server.ReceiveResponse(id, transport.LocalPwd, out var mapped);

        Assert.True(response, "no authentic success response to the server's check");
        Assert.Equal(server.EndPoint, mapped);
        Assert.Equal(1, transport.ChecksAnswered);
        transport.Dispose();
        await connecting;
    }

    [Fact]
    public async Task ServerCheck_WithAWrongPassword_IsNotAnswered()
    {
        using var server = new FakeServer();
        using var transport = new SyntheticTransport(Options()) { AnswerChecks = true };
        var connecting = server.StartConnecting(transport);

        var forged = server.SendCheck(transport, "not-the-password-at-all-x");
        var genuine = server.SendCheck(transport, transport.LocalPwd);

        // Loopback keeps order and one thread handles both: the genuine answer comes, the forged one never came first.
        Assert.True(server.ReceiveResponse(genuine, transport.LocalPwd, out _, unexpected: forged));
        Assert.Equal(1, transport.ChecksAnswered);
        transport.Dispose();
        await connecting;
    }

    [Fact]
    public async Task ServerCheck_ByDefault_IsDroppedUnanswered()
    {
        using var server = new FakeServer();
        using var transport = new SyntheticTransport(Options());
        var connecting = server.StartConnecting(transport);
        var droppedBefore = transport.OtherDropped;

        var id = server.SendCheck(transport, transport.LocalPwd);

        await Infrastructure.Eventually.WaitForAsync(() => Task.FromResult(transport.OtherDropped), n => n > droppedBefore,
            TimeSpan.FromSeconds(10), "the check was handled");
        Assert.Equal(0, transport.ChecksAnswered);
        Assert.False(server.HasResponse(id), "the server got an answer although AnswerChecks is off");
        transport.Dispose();
        await connecting;
    }

    private static SyntheticTransportOptions Options() => new() { ConnectTimeout = TimeSpan.FromSeconds(20) };

    /// <summary>A UDP socket playing the server: receives the transport's checks, sends checks of its own.</summary>
    private sealed class FakeServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly List<byte[]> _received = [];

        public FakeServer()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _socket.ReceiveTimeout = 10_000;
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }

        public IPEndPoint EndPoint { get; }

        /// <summary>Starts the transport's ICE towards us (never answered) and waits for its first check.</summary>
        public Task StartConnecting(SyntheticTransport transport)
        {
            var remote = new RemoteTransportParameters(ServerUfrag, ServerPwd, string.Join(':', Enumerable.Repeat("AB", 32)), EndPoint, IceLite: true);
            var connecting = transport.ConnectAsync(remote).ContinueWith(_ => { }, TaskScheduler.Default);
            _received.Add(Receive());
            return connecting;
        }

        /// <summary>Sends a Binding request keyed with <paramref name="password"/>; returns its transaction id.</summary>
        public byte[] SendCheck(SyntheticTransport transport, string password)
        {
            var id = RandomNumberGenerator.GetBytes(12);
            var buffer = new byte[256];
            var length = IceBindingRequest.Write(buffer, id, transport.LocalUfrag, ServerUfrag, password, 12345, 42, useCandidate: false);
            _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, transport.LocalEndPoint);
            return id;
        }

        /// <summary>Reads datagrams until the success response to <paramref name="id"/>; false if <paramref name="unexpected"/> is answered first.</summary>
        public bool ReceiveResponse(byte[] id, string password, out IPEndPoint? mapped, byte[]? unexpected = null)
        {
            while (true)
            {
                var datagram = Receive();
                if (unexpected is not null && IceBindingRequest.TryParseSuccess(datagram, unexpected, password, out _))
                {
                    mapped = null;
                    return false;
                }

                if (IceBindingRequest.TryParseSuccess(datagram, id, password, out mapped))
                {
                    return true;
                }
            }
        }

        /// <summary>True when a datagram already waiting (or received) answers <paramref name="id"/>.</summary>
        public bool HasResponse(byte[] id)
        {
            while (_socket.Available > 0)
            {
                _received.Add(Receive());
            }

            return _received.Any(d => d.Length >= 20 && d.AsSpan(8, 12).SequenceEqual(id) && d[0] == 0x01 && d[1] == 0x01);
        }

        public void Dispose() => _socket.Dispose();

        private byte[] Receive()
        {
            var buffer = new byte[2048];
            var length = _socket.Receive(buffer);
            return buffer[..length];
        }
    }
}
