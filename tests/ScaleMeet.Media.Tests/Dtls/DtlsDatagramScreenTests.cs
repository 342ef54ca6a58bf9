using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

public sealed class DtlsDatagramScreenTests
{
    private const string ChangeCipherSpec = "14" + "FEFD" + "0000" + "000000000005" + "0001" + "01";

    private const string EncryptedAlert = "15" + "FEFD" + "0001" + "0000A1B2C3D4" + "001A"
        + "0001000000000001" + "DEAD" + "00112233445566778899AABBCCDDEEFF"; // nonce | ciphertext | tag: not checked

    // Epoch-0 record with two complete handshake messages: ServerHelloDone (14) after an empty HelloRequest (0).
    private const string TwoHandshakeFragments = "16" + "FEFD" + "0000" + "000000000007" + "0018"
        + "00" + "000000" + "0003" + "000000" + "000000"  // hello_request, empty
        + "0E" + "000000" + "0004" + "000000" + "000000"; // server_hello_done, empty

    [Theory]
    [InlineData(ChangeCipherSpec)]
    [InlineData(EncryptedAlert)]
    [InlineData(TwoHandshakeFragments)]
    [InlineData(ChangeCipherSpec + EncryptedAlert)]
    [InlineData("15FEFD00000000000000090002" + "0100")] // epoch-0 alert: warning close_notify
    public void IsAcceptable_WellFramedDatagrams_True(string hex)
    {
        Assert.True(DtlsDatagramScreen.IsAcceptable(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("")]                                       // empty
    [InlineData(ChangeCipherSpec + "00")]                  // trailing byte
    [InlineData("14FEFD00000000000000050002" + "01")]      // record length 2, one byte present
    [InlineData("14FEFD00000000000000050001" + "02")]      // change_cipher_spec must be 1
    [InlineData("15FEFD00000000000000050002" + "0300")]    // alert level 3
    [InlineData("15FEFD00000000000000050003" + "010000")]  // alert of 3 bytes
    [InlineData("17FEFD00000000000000050002" + "ABCD")]    // application data in epoch 0
    [InlineData("18FEFD00000000000000050001" + "01")]      // heartbeat in epoch 0
    [InlineData("16FEFD00000000000000050000")]             // empty handshake record
    [InlineData("16FEFD0000000000000005000C" + "630000000000000000000000")] // unknown handshake type 0x63
    [InlineData("16FEFD0000000000000005000C" + "0E0000010000000000000001")] // fragment_length 1, no byte left
    public void IsAcceptable_BadFramingOrEpoch0Content_False(string hex)
    {
        Assert.False(DtlsDatagramScreen.IsAcceptable(Convert.FromHexString(hex)));
    }

    [Fact]
    public void IsAcceptable_RandomMutations_NeverThrowsAndRejectsRandomBytes()
    {
        var random = new Random(7983);
        byte[] valid = Convert.FromHexString(ChangeCipherSpec + TwoHandshakeFragments + EncryptedAlert);
        int[] boundaries = [0, 14, 14 + 37, valid.Length];
        int randomAccepted = 0;
        for (int i = 0; i < 30_000; i++)
        {
            switch (i % 3)
            {
                case 0:
                    int cut = random.Next(valid.Length);
                    bool accepted = DtlsDatagramScreen.IsAcceptable(valid.AsSpan(0, cut));
                    Assert.Equal(cut != 0 && Array.IndexOf(boundaries, cut) >= 0, accepted);
                    break;
                case 1:
                    byte[] flipped = (byte[])valid.Clone();
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                    DtlsDatagramScreen.IsAcceptable(flipped);
                    break;
                default:
                    byte[] noise = new byte[random.Next(1, 300)];
                    random.NextBytes(noise);
                    noise[0] = (byte)random.Next(20, 64);
                    if (DtlsDatagramScreen.IsAcceptable(noise))
                    {
                        randomAccepted++;
                    }

                    break;
            }
        }

        Assert.Equal(0, randomAccepted);
    }

    [Theory]
    [InlineData(4096, nameof(DtlsScreenVerdict.Accepted))]
    [InlineData(4097, nameof(DtlsScreenVerdict.OversizeMessage))]
    [InlineData(0xFFFFFE, nameof(DtlsScreenVerdict.OversizeMessage))]
    [InlineData(0xFFFFFF, nameof(DtlsScreenVerdict.OversizeMessage))]
    public void Screen_DeclaredHandshakeLength_CappedAtTheLimit(int declared, string verdict)
    {
        var expected = Enum.Parse<DtlsScreenVerdict>(verdict);
        byte[] fragment = DtlsTestDatagrams.ClientHelloFragment(declared, messageSequence: 0);

        Assert.Equal(26, fragment.Length);
        Assert.Equal(expected, DtlsDatagramScreen.Screen(fragment, 4096));
        Assert.Equal(expected == DtlsScreenVerdict.Accepted, DtlsDatagramScreen.IsAcceptable(fragment));
    }

    [Fact]
    public void Screen_OversizeFragmentAfterAWellFramedRecord_WholeDatagramOversize()
    {
        byte[] datagram = [.. Convert.FromHexString(ChangeCipherSpec), .. DtlsTestDatagrams.ClientHelloFragment(1 << 20, 3)];

        Assert.Equal(DtlsScreenVerdict.OversizeMessage, DtlsDatagramScreen.Screen(datagram, 4096));
    }

    [Theory]
    [InlineData(23, nameof(DtlsScreenVerdict.Malformed))] // cannot hold the 8-byte nonce and 16-byte tag: BouncyCastle would fail the association
    [InlineData(24, nameof(DtlsScreenVerdict.Accepted))]  // an empty GCM record
    [InlineData(26, nameof(DtlsScreenVerdict.Accepted))]  // a GCM alert
    public void Screen_EncryptedRecordLength_AtLeastTheGcmOverhead(int length, string verdict)
    {
        var expected = Enum.Parse<DtlsScreenVerdict>(verdict);
        Assert.Equal(expected, DtlsDatagramScreen.Screen(DtlsTestDatagrams.ForgedEncryptedAlert(5, length), 4096));
    }

    [Theory]
    [InlineData("14FEFD0001000000000001" + "0018")] // change_cipher_spec never travels encrypted
    [InlineData("18FEFD0001000000000001" + "0018")] // heartbeat is not negotiated
    [InlineData("15FEFD0002000000000001" + "0018")] // epoch 2: no renegotiation
    public void Screen_EncryptedRecordOfUnusedTypeOrEpoch_Malformed(string header)
    {
        byte[] datagram = [.. Convert.FromHexString(header), .. new byte[24]];

        Assert.Equal(DtlsScreenVerdict.Malformed, DtlsDatagramScreen.Screen(datagram, 4096));
    }

    [Fact]
    public void IsOnlyEncryptedAlerts_AlertsTrue_AnythingElseFalse()
    {
        byte[] alert = DtlsTestDatagrams.ForgedEncryptedAlert(9);

        Assert.True(DtlsDatagramScreen.IsOnlyEncryptedAlerts(alert));
        Assert.True(DtlsDatagramScreen.IsOnlyEncryptedAlerts([.. alert, .. alert]));
        Assert.False(DtlsDatagramScreen.IsOnlyEncryptedAlerts(Convert.FromHexString(EncryptedAlert.Replace("15FEFD0001", "17FEFD0001"))));
        Assert.False(DtlsDatagramScreen.IsOnlyEncryptedAlerts(Convert.FromHexString(ChangeCipherSpec)));
        Assert.False(DtlsDatagramScreen.IsOnlyEncryptedAlerts([.. alert, .. Convert.FromHexString(ChangeCipherSpec)]));
        Assert.False(DtlsDatagramScreen.IsOnlyEncryptedAlerts([]));
    }

    [Fact]
    public void CountRecords_BackToBackRecords_CountsEach()
    {
        Assert.Equal(3, DtlsDatagramScreen.CountRecords(Convert.FromHexString(ChangeCipherSpec + TwoHandshakeFragments + EncryptedAlert)));
    }
}
