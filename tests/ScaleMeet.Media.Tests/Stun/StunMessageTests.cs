using System.Text;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

public class StunMessageTests
{
    private static readonly byte[] TransactionId = Hex.Parse("0102030405060708090a0b0c");

    [Theory]
    [InlineData((byte)0x16)] // DTLS handshake (RFC 7983: 20..63)
    [InlineData((byte)0x80)] // RTP version 2 (128..191)
    [InlineData((byte)0x04)] // just above the STUN range 0..3
    [InlineData((byte)0x40)] // TURN ChannelData (64..79)
    public void IsStun_FirstByteOutsideStunRange_False(byte first)
    {
        byte[] packet = Rfc5769.Request;
        packet[0] = first;

        Assert.False(StunMessage.IsStun(packet));
    }

    [Fact]
    public void IsStun_LengthFieldDisagreesWithDatagram_False()
    {
        byte[] packet = Rfc5769.Request;

        Assert.False(StunMessage.IsStun(packet.AsSpan(0, packet.Length - 4)));
        Assert.False(StunMessage.IsStun([.. packet, 0, 0, 0, 0]));
        packet[3] ^= 0x02; // length 0x5a: not a multiple of 4
        Assert.False(StunMessage.IsStun(packet));
    }

    [Fact]
    public void IsStun_NoMagicCookie_False()
    {
        byte[] packet = Rfc5769.Request;
        packet[7] ^= 1;

        Assert.False(StunMessage.IsStun(packet));
    }

    [Fact]
    public void TryGetUsername_ColonInRemotePart_SplitsAtFirstColon()
    {
        byte[] packet = Request(StunAttributeType.Username, "bridge:peer:x"u8.ToArray());

        Assert.True(StunMessage.TryGetUsername(packet, out string local, out string remote));
        Assert.Equal("bridge", local);
        Assert.Equal("peer:x", remote);
    }

    [Fact]
    public void TryGetUsername_NoColon_False()
    {
        byte[] packet = Request(StunAttributeType.Username, "bridge"u8.ToArray());

        Assert.False(StunMessage.TryGetUsername(packet, out string local, out string remote));
        Assert.Equal(string.Empty, local);
        Assert.Equal(string.Empty, remote);
    }

    [Fact]
    public void TryGetUsername_NoUsername_False()
    {
        byte[] packet = Request(StunAttributeType.Priority, [0, 0, 0, 1]);

        Assert.False(StunMessage.TryGetUsername(packet, out _, out _));
    }

    [Fact]
    public void TryGetUsername_InvalidUtf8_False()
    {
        byte[] packet = Request(StunAttributeType.Username, [0x61, 0x3a, 0xff]);

        Assert.False(StunMessage.TryGetUsername(packet, out _, out _));
    }

    [Fact]
    public void TryGetUsername_Utf8Username_Decoded()
    {
        byte[] packet = Request(StunAttributeType.Username, Encoding.UTF8.GetBytes("brücke:pêer"));

        Assert.True(StunMessage.TryGetUsername(packet, out string local, out string remote));
        Assert.Equal("brücke", local);
        Assert.Equal("pêer", remote);
    }

    [Fact]
    public void TryGetUsername_Indication_False()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Indication, TransactionId);
        writer.AddBytes(StunAttributeType.Username, Encoding.UTF8.GetBytes("a:b"));
        Assert.True(writer.TryComplete(out int written));

        Assert.False(StunMessage.TryGetUsername(buffer.AsSpan(0, written), out _, out _));
    }

    /// <summary>A Binding request carrying one attribute.</summary>
    private static byte[] Request(ushort type, byte[] value)
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, TransactionId);
        writer.AddBytes(type, value);
        Assert.True(writer.TryComplete(out int written));
        return buffer.AsSpan(0, written).ToArray();
    }
}
