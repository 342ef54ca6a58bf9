using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

public sealed class DtlsRecordHeaderTests
{
    // A DTLS 1.2 ChangeCipherSpec record as Chrome sends it (RFC 6347 §4.1).
    private const string ChangeCipherSpecRecord =
        "14"            // type: change_cipher_spec (20)
        + "FEFD"        // version: DTLS 1.2
        + "0000"        // epoch: 0
        + "000000000005" // sequence_number: 5
        + "0001"        // length: 1
        + "01";         // fragment: change_cipher_spec

    // An epoch-1 alert record with an 8-byte explicit nonce and a 16-byte GCM tag (26 bytes of fragment).
    private const string EncryptedAlertRecord =
        "15"            // type: alert (21)
        + "FEFD"        // version: DTLS 1.2
        + "0001"        // epoch: 1
        + "0000A1B2C3D4" // sequence_number
        + "001A"        // length: 26
        + "0001000000000001" + "DEAD" + "00112233445566778899AABBCCDDEEFF"; // nonce | encrypted alert | tag

    [Fact]
    public void TryParse_ChangeCipherSpecRecord_ReadsEveryField()
    {
        byte[] data = Convert.FromHexString(ChangeCipherSpecRecord);

        Assert.True(DtlsRecordHeader.TryParse(data, out DtlsRecordHeader header));

        Assert.Equal(DtlsRecordHeader.ChangeCipherSpec, header.ContentType);
        Assert.Equal(0xFEFD, header.Version);
        Assert.Equal(0, header.Epoch);
        Assert.Equal(5UL, header.SequenceNumber);
        Assert.Equal(1, header.Length);
    }

    [Fact]
    public void TryParse_EncryptedAlert_Reads48BitSequence()
    {
        Assert.True(DtlsRecordHeader.TryParse(Convert.FromHexString(EncryptedAlertRecord), out DtlsRecordHeader header));

        Assert.Equal(DtlsRecordHeader.Alert, header.ContentType);
        Assert.Equal(1, header.Epoch);
        Assert.Equal(0x0000A1B2C3D4UL, header.SequenceNumber);
        Assert.Equal(26, header.Length);
    }

    [Theory]
    [InlineData(ChangeCipherSpecRecord)]
    [InlineData(EncryptedAlertRecord)]
    public void TryWrite_ParsedHeader_RoundTripsBytes(string hex)
    {
        byte[] data = Convert.FromHexString(hex);
        Assert.True(DtlsRecordHeader.TryParse(data, out DtlsRecordHeader header));
        var written = new byte[DtlsRecordHeader.Size];

        Assert.True(header.TryWrite(written, out int count));

        Assert.Equal(DtlsRecordHeader.Size, count);
        Assert.Equal(data.AsSpan(0, DtlsRecordHeader.Size).ToArray(), written);
    }

    [Fact]
    public void TryWrite_ShortBufferOrHugeSequence_ReturnsFalse()
    {
        var header = new DtlsRecordHeader(DtlsRecordHeader.Handshake, 0xFEFD, 0, 1, 0);

        Assert.False(header.TryWrite(new byte[12], out _));
        Assert.False((header with { SequenceNumber = 1UL << 48 }).TryWrite(new byte[13], out _));
    }

    [Theory]
    [InlineData("13FEFD0000000000000000000100")] // content type 19 is not DTLS
    [InlineData("19FEFD0000000000000000000100")] // content type 25 unknown
    [InlineData("160303000000000000000000010000")] // TLS version, not DTLS
    [InlineData("16FEFD00000000000000004801")]   // length 0x4801 > 2^14 + 2048
    [InlineData("16FEFD000000000000000000")]     // 12 bytes: truncated header
    public void TryParse_InvalidHeader_ReturnsFalse(string hex)
    {
        Assert.False(DtlsRecordHeader.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void TryParse_RandomInput_NeverThrowsAndAcceptsOnlyDtlsHeaders()
    {
        var random = new Random(6347);
        byte[] valid = Convert.FromHexString(EncryptedAlertRecord);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input = i % 2 == 0 ? (byte[])valid.Clone() : new byte[random.Next(32)];
            if (i % 2 == 0)
            {
                input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                input = input.AsSpan(0, random.Next(input.Length + 1)).ToArray();
            }
            else
            {
                random.NextBytes(input);
            }

            if (DtlsRecordHeader.TryParse(input, out DtlsRecordHeader header))
            {
                Assert.True(input.Length >= DtlsRecordHeader.Size);
                Assert.InRange(header.ContentType, (byte)20, (byte)24);
                Assert.Equal(0xFE, header.Version >> 8);
                Assert.InRange(header.Length, 0, DtlsRecordHeader.MaxFragmentLength);
                var rewritten = new byte[DtlsRecordHeader.Size];
                Assert.True(header.TryWrite(rewritten, out _));
                Assert.Equal(input.AsSpan(0, DtlsRecordHeader.Size).ToArray(), rewritten);
            }
            else
            {
                Assert.Equal(default, header);
            }
        }
    }
}
