using System.Buffers.Binary;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Sampling;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// Hostile participants that passed ICE play handshake-fragment games before their real ClientHello:
/// <list type="number">
/// <item>the first sends 16 datagrams of 26 bytes, one per message_seq, each declaring a 16 MB ClientHello (on
/// Portable.BouncyCastle 1.8.10 the bridge allocated 275 MB for them), one more hidden behind a valid record,
/// overlapping fragments and a fragment contradicting an earlier one's length — and then completes its real handshake;</item>
/// <item>the second splinters one message into 1-byte fragments at odd offsets (each a hole in the reassembly) far past
/// its handshake's byte budget; whether its own ClientHello still fits in what is left depends on how fast the bridge
/// read the first splinters, so its join may succeed or time out — either is fine, the cap is what counts;</item>
/// <item>then an ordinary participant joins and connects both ways.</item>
/// </list>
/// Asserted: the oversize fragments are dropped and counted apart, the budget stopped the splinters, no handshake held
/// more than <c>ScaleMeet:Bridge:Dtls:MaxBufferedBytes</c> (default 32 KiB), the server's RSS did not jump, and the
/// ordinary participant still works.
/// </summary>
internal sealed class DtlsOversizeFragmentAttack : IHostileAttack
{
    /// <summary>The server's default per-handshake cap (queue + reassembly).</summary>
    public const int MaxBufferedBytes = 32 * 1024;

    /// <summary>A participant joining costs some memory; 275 MB would be the old allocation. Generous for a busy CI.</summary>
    private const double RssGrowthLimitMegabytes = 40;

    private const int Megabyte16 = 0xFFFFFF;

    public string Name => "dtls-oversize-fragments";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        var pid = ProcessProbe.FindListener(target.Server.HttpPort) ?? throw new InvalidOperationException("the server's process was not found");
        var probe = new ProcessProbe(pid);
        var before = await PrometheusScrape.ReadAsync(target.ServerUri, cancellationToken);
        var rssBefore = probe.RssMegabytes() ?? throw new InvalidOperationException("the server's RSS is unreadable");

        // 1. Oversize declarations, overlap and contradiction; then the real handshake.
        var gamesOptions = new SyntheticTransportOptions { BeforeHandshake = SendFragmentGamesAsync };
        await using (var player = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room, "hostile dtls 1", gamesOptions, cancellationToken))
        {
            Assert.Equal(SyntheticTransportState.Connected, player.Publish.State);
        }

        // 2. Splinters far past the budget.
        var splinterOptions = new SyntheticTransportOptions { BeforeHandshake = SendSplintersAsync, ConnectTimeout = TimeSpan.FromSeconds(5) };
        try
        {
            await (await SignalingParticipant.JoinAsync(target.ServerUri, target.Room, "hostile dtls 2", splinterOptions, cancellationToken)).DisposeAsync();
        }
        catch (Exception e) when (e is TimeoutException or ScaleMeet.Media.Dtls.DtlsHandshakeException)
        {
            // Its own ClientHello found no room left in its budget: the join failed, and the participant is gone with it.
            // Which timer reports it first — the join's deadline or the client's own DTLS timeout, both 5 s — depends
            // on the scheduling of a busy machine (CI saw the DTLS one).
        }

        // 3. An ordinary participant: both transports connect.
        await using (var sender = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room + "-dtls-check", "dtls check sender", cancellationToken: cancellationToken))
        await using (var receiver = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room + "-dtls-check", "dtls check receiver", cancellationToken: cancellationToken))
        {
            await Eventually.WaitForAsync(() => Task.FromResult(receiver.Subscribe.State), s => s == SyntheticTransportState.Connected,
                TimeSpan.FromSeconds(30), "the ordinary receiver's subscribe transport connected");
            Assert.Equal(SyntheticTransportState.Connected, sender.Publish.State);
        }

        var after = await PrometheusScrape.ReadAsync(target.ServerUri, cancellationToken);
        double Delta(string name, string? reason = null) => after.Since(before, reason is null ? name : $"{name}{{reason=\"{reason}\"}}");
        const string Dropped = "scalemeet_bridge_dtls_datagrams_dropped_total";
        Assert.True(Delta(Dropped, "oversize_message") >= 17, $"oversize drops: {Delta(Dropped, "oversize_message")}");
        Assert.True(Delta(Dropped, "malformed") >= 1, $"malformed drops: {Delta(Dropped, "malformed")}");
        Assert.True(Delta(Dropped, "over_budget") >= 10, $"over-budget drops: {Delta(Dropped, "over_budget")}");
        Assert.True(Delta("scalemeet_bridge_dtls_handshakes_completed_total") >= 3, "the hostile's and the ordinary participants' handshakes");
        Assert.InRange(after["scalemeet_bridge_dtls_handshake_buffered_bytes_max"], 1, MaxBufferedBytes);

        var rssAfter = probe.RssMegabytes() ?? throw new InvalidOperationException("the server's RSS is unreadable");
        Assert.True(rssAfter - rssBefore < RssGrowthLimitMegabytes, $"the server's RSS grew from {rssBefore:0} MB to {rssAfter:0} MB");
    }

    private static async Task SendFragmentGamesAsync(SyntheticTransport transport, CancellationToken cancellationToken)
    {
        // Record sequence numbers far from the real client's (0, 1, 2 …) so nothing the bridge accepts collides with them.
        for (var seq = 0; seq < 16; seq++)
        {
            transport.SendRaw(ClientHelloFragment(Megabyte16, seq, offset: 0, length: 1, recordSequence: 1000 + seq));
        }

        // The same behind a valid change_cipher_spec record in one datagram.
        transport.SendRaw([.. ChangeCipherSpec(1020), .. ClientHelloFragment(Megabyte16, 3, 0, 1, 1021)]);

        // Overlapping fragments of one (unused) message under the cap, then one contradicting its length.
        transport.SendRaw(ClientHelloFragment(3000, 12, offset: 0, length: 100, recordSequence: 40));
        transport.SendRaw(ClientHelloFragment(3000, 12, offset: 50, length: 100, recordSequence: 41));
        transport.SendRaw(ClientHelloFragment(3000, 12, offset: 100, length: 100, recordSequence: 42));
        transport.SendRaw(ClientHelloFragment(3001, 12, offset: 200, length: 10, recordSequence: 43));
        await Task.Delay(100, cancellationToken); // let them arrive before the real ClientHello (order only; asserted on counters)
    }

    private static Task SendSplintersAsync(SyntheticTransport transport, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 40; i++)
        {
            int[] offsets = [.. Enumerable.Range(0, 100).Select(k => (i * 200 + k * 2 + 1) % 4095)];
            transport.SendRaw(Splinters(4096, 13, offsets, recordSequence: 40 + i));
        }

        return Task.CompletedTask;
    }

    /// <summary>One epoch-0 record with one ClientHello fragment (RFC 6347 §4.1 record header, §4.2.2 handshake header).</summary>
    private static byte[] ClientHelloFragment(int declared, int messageSeq, int offset, int length, long recordSequence)
    {
        var datagram = new byte[13 + 12 + length];
        RecordHeader(datagram, 22, recordSequence, 12 + length);
        FragmentHeader(datagram.AsSpan(13), declared, messageSeq, offset, length);
        return datagram;
    }

    private static byte[] Splinters(int declared, int messageSeq, IReadOnlyList<int> offsets, long recordSequence)
    {
        var datagram = new byte[13 + offsets.Count * 13];
        RecordHeader(datagram, 22, recordSequence, offsets.Count * 13);
        for (var i = 0; i < offsets.Count; i++)
        {
            FragmentHeader(datagram.AsSpan(13 + i * 13), declared, messageSeq, offsets[i], 1);
        }

        return datagram;
    }

    private static byte[] ChangeCipherSpec(long recordSequence)
    {
        var record = new byte[14];
        RecordHeader(record, 20, recordSequence, 1);
        record[13] = 1;
        return record;
    }

    private static void RecordHeader(Span<byte> datagram, byte contentType, long sequence, int length)
    {
        datagram[0] = contentType;
        BinaryPrimitives.WriteUInt16BigEndian(datagram[1..], 0xFEFD); // DTLS 1.2
        BinaryPrimitives.WriteUInt16BigEndian(datagram[3..], 0);      // epoch 0
        BinaryPrimitives.WriteUInt16BigEndian(datagram[5..], (ushort)(sequence >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(datagram[7..], (uint)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[11..], (ushort)length);
    }

    private static void FragmentHeader(Span<byte> fragment, int declared, int messageSeq, int offset, int length)
    {
        fragment[0] = 1; // client_hello
        WriteUInt24(fragment[1..], declared);
        BinaryPrimitives.WriteUInt16BigEndian(fragment[4..], (ushort)messageSeq);
        WriteUInt24(fragment[6..], offset);
        WriteUInt24(fragment[9..], length);
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
