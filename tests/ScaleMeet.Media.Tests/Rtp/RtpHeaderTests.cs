using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Media.Tests.Rtp;

public class RtpHeaderTests
{
    // CSRCs, a one-byte extension block (RFC 8285 §4.2) and padding.
    internal static readonly byte[] OneByteVector = Hex.Parse("""
        b2          // V=2 P=1 X=1 CC=2
        e0          // M=1 PT=96
        12 34       // sequence number 4660
        de ad be ef // timestamp
        11 22 33 44 // SSRC
        aa bb cc dd // CSRC 1
        01 02 03 04 // CSRC 2
        be de       // profile: one-byte header
        00 02       // extension length: 2 words
        10 2a       // ID=1 L=0: 1 byte 2a
        22 01 02 03 // ID=2 L=2: 3 bytes 01 02 03
        00 00       // padding to the word boundary
        ca fe ba be 00 01 // payload (6 bytes)
        00 00 03    // RTP padding: 3 bytes, count in the last
        """);

    // Two-byte extension block (RFC 8285 §4.3), no CSRC, no padding.
    internal static readonly byte[] TwoByteVector = Hex.Parse("""
        90          // V=2 P=0 X=1 CC=0
        6f          // M=0 PT=111
        00 01       // sequence number 1
        00 00 00 64 // timestamp 100
        00 00 00 0a // SSRC 10
        10 02       // profile: two-byte header, appbits 2
        00 03       // extension length: 3 words
        01 00       // ID=1 length 0 (allowed in the two-byte form)
        02 02 aa bb // ID=2 length 2
        00          // padding byte between elements
        0f 03 01 02 03 // ID=15 length 3 (an ordinary id in this form)
        01 02 03 04 // payload
        """);

    internal static readonly byte[] MinimalVector = Hex.Parse("""
        80          // V=2, nothing else
        08          // PT=8 (PCMA)
        ff ff       // sequence number 65535
        00 00 00 00 // timestamp 0
        ff ff ff ff // SSRC
        """);

    [Fact]
    public void Parse_CsrcsOneByteExtensionPadding_ReadsEveryField()
    {
        Assert.True(RtpHeader.TryParse(OneByteVector, out var h));
        Assert.Equal(2, h.Version);
        Assert.True(h.Padding);
        Assert.True(h.Extension);
        Assert.Equal(2, h.CsrcCount);
        Assert.True(h.Marker);
        Assert.Equal(96, h.PayloadType);
        Assert.Equal(0x1234, h.SequenceNumber);
        Assert.Equal(0xdeadbeefu, h.Timestamp);
        Assert.Equal(0x11223344u, h.Ssrc);
        Assert.Equal(0xaabbccddu, h.GetCsrc(OneByteVector, 0));
        Assert.Equal(0x01020304u, h.GetCsrc(OneByteVector, 1));
        Assert.Equal(0xBEDE, h.ExtensionProfile);
        Assert.Equal(24, h.ExtensionOffset);
        Assert.Equal(8, h.ExtensionLength);
        Assert.Equal(32, h.HeaderLength);
        Assert.Equal(6, h.PayloadLength);
        Assert.Equal(3, h.PaddingLength);
        Assert.Equal("cafebabe0001", Hex.Format(h.GetPayload(OneByteVector)));

        Assert.True(h.TryGetExtension(OneByteVector, 1, out var one));
        Assert.Equal("2a", Hex.Format(one));
        Assert.True(h.TryGetExtension(OneByteVector, 2, out var two));
        Assert.Equal("010203", Hex.Format(two));
        Assert.False(h.TryGetExtension(OneByteVector, 3, out _));
        Assert.False(h.TryGetExtension(OneByteVector, 0, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetCsrc(OneByteVector, 2));
    }

    [Fact]
    public void Write_CsrcsOneByteExtensionPadding_MatchesVector()
    {
        RtpHeader.TryParse(OneByteVector, out var h);
        var buffer = new byte[64];
        var writer = new RtpHeaderWriter(buffer);
        writer.WriteFixedHeader(h.Marker, h.PayloadType, h.SequenceNumber, h.Timestamp, h.Ssrc, [0xaabbccdd, 0x01020304]);
        writer.AddExtension(1, [0x2a]);
        writer.AddExtension(2, [0x01, 0x02, 0x03]);
        var headerLength = writer.Finish();
        Assert.Equal(h.HeaderLength, headerLength);

        // The writer does not pad packets; add payload and padding the way a sender would.
        h.GetPayload(OneByteVector).CopyTo(buffer.AsSpan(headerLength));
        var length = headerLength + h.PayloadLength;
        buffer[length..(length + 3)].AsSpan().Clear();
        buffer[length + 2] = 3;
        buffer[0] |= 0x20;
        Assert.Equal(Hex.Format(OneByteVector), Hex.Format(buffer.AsSpan(0, length + 3)));
    }

    [Fact]
    public void Parse_TwoByteExtension_ReadsElementsIncludingEmptyOne()
    {
        Assert.True(RtpHeader.TryParse(TwoByteVector, out var h));
        Assert.False(h.Padding);
        Assert.False(h.Marker);
        Assert.Equal(111, h.PayloadType);
        Assert.Equal(1, h.SequenceNumber);
        Assert.Equal(100u, h.Timestamp);
        Assert.Equal(10u, h.Ssrc);
        Assert.Equal(0, h.CsrcCount);
        Assert.Equal(0x1002, h.ExtensionProfile);
        Assert.Equal(16, h.ExtensionOffset);
        Assert.Equal(12, h.ExtensionLength);
        Assert.Equal(28, h.HeaderLength);
        Assert.Equal(4, h.PayloadLength);
        Assert.Equal(0, h.PaddingLength);

        Assert.True(h.TryGetExtension(TwoByteVector, 1, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.True(h.TryGetExtension(TwoByteVector, 2, out var two));
        Assert.Equal("aabb", Hex.Format(two));
        Assert.True(h.TryGetExtension(TwoByteVector, 15, out var fifteen));
        Assert.Equal("010203", Hex.Format(fifteen));

        var ids = new List<int>();
        foreach (var element in h.EnumerateExtensions(TwoByteVector))
        {
            ids.Add(element.Id);
        }

        Assert.Equal([1, 2, 15], ids);
    }

    [Fact]
    public void Write_TwoByteExtensionVector_FixedHeaderAndOffsetsReproduceIt()
    {
        RtpHeader.TryParse(TwoByteVector, out var h);
        var buffer = new byte[64];
        var writer = new RtpHeaderWriter(buffer);
        writer.WriteFixedHeader(h.Marker, h.PayloadType, h.SequenceNumber, h.Timestamp, h.Ssrc);
        var at = writer.Finish();
        Assert.Equal(RtpHeader.FixedHeaderLength, at);

        // Re-assemble the extension block from the parsed profile, offset and length.
        buffer[0] |= 0x10;
        buffer[at] = (byte)(h.ExtensionProfile >> 8);
        buffer[at + 1] = (byte)h.ExtensionProfile;
        buffer[at + 3] = (byte)(h.ExtensionLength / 4);
        h.GetExtensionElements(TwoByteVector).CopyTo(buffer.AsSpan(h.ExtensionOffset));
        h.GetPayload(TwoByteVector).CopyTo(buffer.AsSpan(h.HeaderLength));
        Assert.Equal(Hex.Format(TwoByteVector), Hex.Format(buffer.AsSpan(0, h.HeaderLength + h.PayloadLength)));
    }

    [Fact]
    public void Parse_MinimalHeader_HasEmptyPayloadAndNoExtension()
    {
        Assert.True(RtpHeader.TryParse(MinimalVector, out var h));
        Assert.Equal(12, h.HeaderLength);
        Assert.Equal(0, h.PayloadLength);
        Assert.Equal(65535, h.SequenceNumber);
        Assert.Equal(0xffffffffu, h.Ssrc);
        Assert.Equal(0, h.ExtensionOffset);
        Assert.False(h.TryGetExtension(MinimalVector, 1, out _));
    }

    [Fact]
    public void TryGetExtension_OneByteId15_StopsProcessing()
    {
        var packet = Hex.Parse("""
            90 60 00 01 00 00 00 01 00 00 00 02 // V=2 X=1, PT 96, seq 1, ts 1, SSRC 2
            be de 00 02 // one-byte profile, 2 words
            10 aa       // ID=1 L=0
            f0          // ID=15: stop here
            20 bb 00 00 00 // ID=2 would follow but must be ignored
            """);
        Assert.True(RtpHeader.TryParse(packet, out var h));
        Assert.True(h.TryGetExtension(packet, 1, out var one));
        Assert.Equal("aa", Hex.Format(one));
        Assert.False(h.TryGetExtension(packet, 2, out _));
    }

    [Fact]
    public void TryGetExtension_ElementOverrunsBlock_ReturnsEarlierElementsOnly()
    {
        var packet = Hex.Parse("""
            90 60 00 01 00 00 00 01 00 00 00 02
            be de 00 01 // one word of elements
            10 aa       // ID=1 L=0
            2f 00       // ID=2 claims 16 bytes: runs past the block
            """);
        Assert.True(RtpHeader.TryParse(packet, out var h));
        Assert.True(h.TryGetExtension(packet, 1, out _));
        Assert.False(h.TryGetExtension(packet, 2, out _));
    }

    [Fact]
    public void TryGetExtension_UnknownProfile_FindsNothing()
    {
        var packet = Hex.Parse("90 60 00 01 00 00 00 01 00 00 00 02 ab cd 00 01 10 aa 00 00");
        Assert.True(RtpHeader.TryParse(packet, out var h));
        Assert.Equal(0xabcd, h.ExtensionProfile);
        Assert.False(h.TryGetExtension(packet, 1, out _));
    }

    [Theory]
    [InlineData("40 60 00 01 00 00 00 01 00 00 00 02")]          // version 1
    [InlineData("c0 60 00 01 00 00 00 01 00 00 00 02")]          // version 3
    [InlineData("80 60 00 01 00 00 00 01 00 00 00")]             // 11 bytes
    [InlineData("81 60 00 01 00 00 00 01 00 00 00 02 00 00 00")] // CC=1, CSRC cut short
    [InlineData("90 60 00 01 00 00 00 01 00 00 00 02 be de")]    // extension header cut short
    [InlineData("90 60 00 01 00 00 00 01 00 00 00 02 be de 00 02 10 aa 00 00")] // 2 words claimed, 1 present
    [InlineData("a0 60 00 01 00 00 00 01 00 00 00 02 01 02 00")] // padding count 0
    [InlineData("a0 60 00 01 00 00 00 01 00 00 00 02 01 02 04")] // padding 4 > 3 bytes after header
    public void Parse_Malformed_Rejected(string hex) => Assert.False(RtpHeader.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Parse_PaddingCoveringWholePayload_Accepted()
    {
        Assert.True(RtpHeader.TryParse(Hex.Parse("a0 60 00 01 00 00 00 01 00 00 00 02 00 00 03"), out var h));
        Assert.Equal(0, h.PayloadLength);
        Assert.Equal(3, h.PaddingLength);
    }

    [Theory]
    [InlineData("80 60", false)]                                   // too short
    [InlineData("80 60 00 01 00 00 00 01 00 00 00 02", true)]      // PT 96
    [InlineData("80 e0 00 01 00 00 00 01 00 00 00 02", true)]      // M=1 PT 96 -> 224, just above RTCP
    [InlineData("80 bf 00 01 00 00 00 01 00 00 00 02", true)]      // M=1 PT 63 -> 191, just below RTCP
    [InlineData("80 c8 00 06 00 00 00 01 00 00 00 02", false)]     // 200: SR
    [InlineData("81 cd 00 06 00 00 00 01 00 00 00 02", false)]     // 205: RTPFB
    [InlineData("80 df 00 06 00 00 00 01 00 00 00 02", false)]     // 223: top of the RTCP range
    [InlineData("00 60 00 01 00 00 00 01 00 00 00 02", false)]     // STUN-like first byte
    [InlineData("16 fe fd 00 00 00 00 00 00 00 00 00", false)]     // DTLS first byte
    public void IsRtp_FirstBytes_Demultiplex(string hex, bool expected) =>
        Assert.Equal(expected, RtpHeader.IsRtp(Hex.Parse(hex)));

    [Fact]
    public void Parse_TruncatedIntoHeader_Rejected()
    {
        static bool Parse(byte[] b) => RtpHeader.TryParse(b, out _);
        Mutations.AssertPrefixesRejected(OneByteVector, Parse, 32);
        Mutations.AssertPrefixesRejected(TwoByteVector, Parse, 28);
    }

    [Fact]
    public void Parse_RandomizedMalformedInput_NeverThrowsAndStaysInBounds()
    {
        var accepted = Mutations.Run(1, [OneByteVector, TwoByteVector, MinimalVector], bytes =>
        {
            if (!RtpHeader.TryParse(bytes, out var h))
            {
                return false;
            }

            Assert.Equal(bytes.Length, h.HeaderLength + h.PayloadLength + h.PaddingLength);
            for (var i = 0; i < h.CsrcCount; i++)
            {
                _ = h.GetCsrc(bytes, i);
            }

            foreach (var element in h.EnumerateExtensions(bytes))
            {
                Assert.NotEqual(0, element.Id);
            }

            _ = h.GetPayload(bytes);
            return true;
        }, 20_000);
        Assert.InRange(accepted, 1, 19_999);
    }
}
