using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Dtls;

public sealed class DtlsSrtpNegotiationTests
{
    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm, 12)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 14)]
    public void Split_Rfc5764Layout_ServerAndClientViewsAreCrosswise(SrtpProfile profile, int salt)
    {
        // RFC 5764 §4.2: client key | server key | client salt | server salt; fill byte i with value i.
        byte[] material = Enumerable.Range(0, 2 * (16 + salt)).Select(i => (byte)i).ToArray();

        DtlsSrtpKeys server = DtlsSrtpNegotiation.Split(profile, material, isServer: true);
        DtlsSrtpKeys client = DtlsSrtpNegotiation.Split(profile, material, isServer: false);

        Assert.Equal(material[16..32], server.LocalMasterKey);
        Assert.Equal(material[0..16], server.RemoteMasterKey);
        Assert.Equal(material[(32 + salt)..], server.LocalMasterSalt);
        Assert.Equal(material[32..(32 + salt)], server.RemoteMasterSalt);
        Assert.Equal(server.RemoteMasterKey, client.LocalMasterKey);
        Assert.Equal(server.RemoteMasterSalt, client.LocalMasterSalt);
        Assert.Equal(server.LocalMasterKey, client.RemoteMasterKey);
        Assert.Equal(server.LocalMasterSalt, client.RemoteMasterSalt);
    }

    [Fact]
    public void Split_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DtlsSrtpNegotiation.Split(SrtpProfile.AeadAes128Gcm, new byte[60], isServer: true));
    }

    [Theory]
    [InlineData(new[] { 0x0001, 0x0007 }, SrtpProfile.AeadAes128Gcm)]   // our preference beats the client's order
    [InlineData(new[] { 0x0002, 0x0001 }, SrtpProfile.AesCm128HmacSha1_80)] // unknown 0x0002 skipped
    [InlineData(new[] { 0x0008 }, null)]                                  // AEAD_AES_256_GCM only
    [InlineData(new int[0], null)]
    public void Select_OurPreferenceOrder_FirstCommonProfile(int[] offered, SrtpProfile? expected)
    {
        Assert.Equal(expected, DtlsSrtpNegotiation.Select(DtlsSrtpNegotiation.DefaultProfiles, offered));
    }

    [Fact]
    public void Describe_KnownAndUnknown_ReadableList()
    {
        Assert.Equal("AeadAes128Gcm, 0x0008", DtlsSrtpNegotiation.Describe([7, 8]));
    }
}
