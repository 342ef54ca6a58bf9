using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

public sealed class DtlsHandshakeHeaderTests
{
    // The second fragment of a 700-byte Certificate message (RFC 6347 §4.2.2).
    private const string CertificateFragment =
        "0B"        // msg_type: certificate (11)
        + "0002BC"  // length: 700
        + "0002"    // message_seq: 2
        + "0001F4"  // fragment_offset: 500
        + "0000C8"; // fragment_length: 200

    [Fact]
    public void TryParse_CertificateFragment_ReadsEveryField()
    {
        Assert.True(DtlsHandshakeHeader.TryParse(Convert.FromHexString(CertificateFragment), out DtlsHandshakeHeader header));

        Assert.Equal(11, header.MessageType);
        Assert.Equal(700, header.Length);
        Assert.Equal(2, header.MessageSequence);
        Assert.Equal(500, header.FragmentOffset);
        Assert.Equal(200, header.FragmentLength);
    }

    [Fact]
    public void TryWrite_ParsedHeader_RoundTripsBytes()
    {
        byte[] data = Convert.FromHexString(CertificateFragment);
        Assert.True(DtlsHandshakeHeader.TryParse(data, out DtlsHandshakeHeader header));
        var written = new byte[DtlsHandshakeHeader.Size];

        Assert.True(header.TryWrite(written, out int count));

        Assert.Equal(DtlsHandshakeHeader.Size, count);
        Assert.Equal(data, written);
    }

    [Theory]
    [InlineData("0B0002BC00020001F40000C9")] // 500 + 201 > 700: fragment outside the message
    [InlineData("0B0002BC00020001F40000")]   // 11 bytes: truncated
    public void TryParse_Invalid_ReturnsFalse(string hex)
    {
        Assert.False(DtlsHandshakeHeader.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void TryWrite_FieldBeyond24Bits_ReturnsFalse()
    {
        var header = new DtlsHandshakeHeader(1, 0x1000000, 0, 0, 0);

        Assert.False(header.TryWrite(new byte[DtlsHandshakeHeader.Size], out _));
        Assert.False(new DtlsHandshakeHeader(1, 10, 0, 0, 10).TryWrite(new byte[11], out _));
    }

    [Fact]
    public void TryParse_RandomInput_NeverThrowsAndKeepsFragmentInsideMessage()
    {
        var random = new Random(4222);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input = new byte[random.Next(20)];
            random.NextBytes(input);

            if (DtlsHandshakeHeader.TryParse(input, out DtlsHandshakeHeader header))
            {
                Assert.True(input.Length >= DtlsHandshakeHeader.Size);
                Assert.True(header.FragmentOffset + header.FragmentLength <= header.Length);
                var rewritten = new byte[DtlsHandshakeHeader.Size];
                Assert.True(header.TryWrite(rewritten, out _));
                Assert.Equal(input.AsSpan(0, DtlsHandshakeHeader.Size).ToArray(), rewritten);
            }
        }
    }
}
