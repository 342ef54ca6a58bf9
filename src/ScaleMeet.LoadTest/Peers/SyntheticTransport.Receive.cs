using System.Net;
using System.Net.Sockets;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>The receive thread: RFC 7983 demultiplexing and the counters it keeps.</summary>
public sealed partial class SyntheticTransport
{
    private readonly ManualResetEventSlim _resume = new(initialState: true);
    private volatile bool _paused;
    private long _rtpReceived;
    private long _rtcpReceived;
    private long _srtpDropped;
    private long _stunAccepted;
    private long _otherDropped;
    private long _handlerErrors;
    private long _rtpSent;
    private long _rtcpSent;
    private long _sendErrors;
    private long _lastConsentResponse;

    /// <summary>RTP packets that unprotected and were handed to <see cref="RtpReceived"/>.</summary>
    public long RtpPacketsReceived => Interlocked.Read(ref _rtpReceived);

    /// <summary>RTCP compounds that unprotected and were handed to <see cref="RtcpReceived"/>.</summary>
    public long RtcpPacketsReceived => Interlocked.Read(ref _rtcpReceived);

    /// <summary>SRTP/SRTCP that failed to unprotect (or came before the keys).</summary>
    public long SrtpDropped => Interlocked.Read(ref _srtpDropped);

    /// <summary>Authentic Binding success responses (the nomination and every consent check).</summary>
    public long StunResponsesAccepted => Interlocked.Read(ref _stunAccepted);

    /// <summary>Datagrams from another address, unmatched STUN, DTLS before the handshake, unknown first bytes.</summary>
    public long OtherDropped => Interlocked.Read(ref _otherDropped);

    /// <summary>Exceptions thrown by <see cref="RtpReceived"/> / <see cref="RtcpReceived"/> (swallowed to keep receiving).</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    public long RtpPacketsSent => Interlocked.Read(ref _rtpSent);

    public long RtcpPacketsSent => Interlocked.Read(ref _rtcpSent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary><see cref="Environment.TickCount64"/> of the last authentic Binding response; 0 before any.</summary>
    public long LastConsentResponseTick => Interlocked.Read(ref _lastConsentResponse);

    /// <summary>
    /// Stops reading the socket: the kernel queues datagrams until its buffer is full and then drops them, like a
    /// stalled client. Benchmarks use it to keep receivers off the CPU.
    /// </summary>
    public void PauseReceiving()
    {
        _paused = true;
        _resume.Reset();
    }

    public void ResumeReceiving()
    {
        _paused = false;
        _resume.Set();
    }

    private void ReceiveLoop()
    {
        var buffer = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        while (State is not (SyntheticTransportState.Closed or SyntheticTransportState.Failed))
        {
            if (_paused)
            {
                _resume.Wait(200);
                continue;
            }

            int length;
            try
            {
                if (!_socket.Poll(100_000, SelectMode.SelectRead))
                {
                    continue;
                }

                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (length == 0 || !from.Equals(_remoteAddress))
            {
                Interlocked.Increment(ref _otherDropped);
                continue;
            }

            Dispatch(buffer.AsSpan(0, length));
        }
    }

    private void Dispatch(Span<byte> datagram)
    {
        var first = datagram[0];
        if (first < 4)
        {
            OnStun(datagram);
        }
        else if (DtlsEndpoint.IsDtls(datagram))
        {
            if (_dtls is { } dtls)
            {
                dtls.Enqueue(datagram);
            }
            else
            {
                Interlocked.Increment(ref _otherDropped);
            }
        }
        else if (first is >= 128 and <= 191)
        {
            OnSrtp(datagram);
        }
        else
        {
            Interlocked.Increment(ref _otherDropped);
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram)
    {
        if (TryAnswerCheck(datagram))
        {
            return;
        }

        if (_ice is not { } ice || !ice.TryAcceptResponse(datagram, out var nominated))
        {
            Interlocked.Increment(ref _otherDropped);
            return;
        }

        Interlocked.Increment(ref _stunAccepted);
        Interlocked.Exchange(ref _lastConsentResponse, Environment.TickCount64);
        if (nominated)
        {
            _nominated.TrySetResult();
        }
    }

    private void OnSrtp(Span<byte> datagram)
    {
        var inbound = _inbound;
        if (inbound is null)
        {
            Interlocked.Increment(ref _srtpDropped);
            return;
        }

        var isRtcp = Rtcp.IsRtcp(datagram);
        var ok = isRtcp
            ? inbound.UnprotectRtcp(datagram, datagram.Length, out var length)
            : inbound.UnprotectRtp(datagram, datagram.Length, out length);
        if (!ok)
        {
            Interlocked.Increment(ref _srtpDropped);
            return;
        }

        _dtls?.OnPeerMediaReceived();
        var handler = isRtcp ? RtcpReceived : RtpReceived;
        Interlocked.Increment(ref isRtcp ? ref _rtcpReceived : ref _rtpReceived);
        try
        {
            handler?.Invoke(datagram[..length]);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _handlerErrors);
        }
    }
}
