using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generate_Defaults_SelfSignedEcdsaP256WithSha256Fingerprint()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(certificate.Der);
        Assert.Equal("CN=ScaleMeet", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        using ECDsa? publicKey = parsed.GetECDsaPublicKey();
        Assert.NotNull(publicKey);
        Assert.Equal(256, publicKey.KeySize);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.True(parsed.NotBefore.ToUniversalTime() < DateTime.UtcNow);
        Assert.InRange(parsed.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));
        Assert.Matches(new Regex("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"), certificate.Fingerprint);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(certificate.Der)), certificate.Fingerprint.Replace(":", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_CustomNameAndValidity_Applied()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate("bridge-7, O=evil", TimeSpan.FromHours(2));

        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(certificate.Der);
        Assert.Equal("bridge-7, O=evil", parsed.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.InRange(parsed.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddHours(1), DateTime.UtcNow.AddHours(3));
    }

    [Fact]
    public void Generate_TwoCalls_DifferentKeysAndFingerprints()
    {
        Assert.NotEqual(DtlsCertificate.Generate().Fingerprint, DtlsCertificate.Generate().Fingerprint);
    }

    [Fact]
    public void Generate_NonPositiveValidity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DtlsCertificate.Generate(validity: TimeSpan.Zero));
        Assert.ThrowsAny<ArgumentException>(() => DtlsCertificate.Generate(" "));
    }

    [Fact]
    public void Der_ReturnsCopy_CallerCannotAlterCertificate()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();
        byte[] der = certificate.Der;
        der[0] ^= 0xFF;

        Assert.Equal(certificate.Fingerprint, DtlsCertificate.ComputeFingerprint(certificate.Der));
    }

    [Fact]
    public void ComputeFingerprint_Fips180Vector_UpperCaseColonSeparated()
    {
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        string fingerprint = DtlsCertificate.ComputeFingerprint(Encoding.ASCII.GetBytes("abc"));

        Assert.Equal(
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
            fingerprint);
    }

    [Theory]
    [InlineData("BA:78:16:BF", "BA:78:16:BF", true)]
    [InlineData("ba:78:16:bf", "BA:78:16:BF", true)]
    [InlineData("sha-256 BA:78:16:BF", "BA:78:16:BF", true)]
    [InlineData("  SHA-256   ba:78:16:bf ", "BA:78:16:BF", true)]
    [InlineData("sha-1 BA:78:16:BF", "BA:78:16:BF", false)]
    [InlineData("BA:78:16:BE", "BA:78:16:BF", false)]
    [InlineData("BA:78:16", "BA:78:16:BF", false)]
    [InlineData("", "BA:78:16:BF", false)]
    public void FingerprintMatches_SdpForms_ComparedCaseInsensitively(string expected, string actual, bool matches)
    {
        Assert.Equal(matches, DtlsCertificate.FingerprintMatches(expected, actual));
    }
}
