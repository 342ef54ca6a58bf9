using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScaleMeet.Server;

/// <summary>The HTTPS certificate: loaded from PEM files, or generated (ECDSA P-256) for trials.</summary>
internal static class HttpsCertificates
{
    /// <summary>Loads the configured PEM certificate and key; null with <paramref name="error"/> naming the setting on failure.</summary>
    public static X509Certificate2? Load(ServerHttpOptions options, out string? error)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.CertificatePath!, options.CertificateKeyPath);
            if (!pem.HasPrivateKey)
            {
                error = $"{ServerHttpOptions.Section}:CertificatePath (--certificate): '{options.CertificatePath}' has no private key; give --certificate-key";
                return null;
            }

            error = null;
            return ReloadPortable(pem);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var key = options.CertificateKeyPath is null ? string.Empty : $" with key '{options.CertificateKeyPath}'";
            error = $"{ServerHttpOptions.Section}:CertificatePath (--certificate): cannot load '{options.CertificatePath}'{key}: {ex.Message}";
            return null;
        }
    }

    /// <summary>A certificate for localhost, the loopback addresses and <paramref name="extraAddresses"/>, valid 30 days.</summary>
    public static X509Certificate2 CreateSelfSigned(IEnumerable<string> extraAddresses, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ScaleMeet self-signed", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var address in extraAddresses)
        {
            if (IPAddress.TryParse(address, out var ip) && !IPAddress.IsLoopback(ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any))
            {
                names.AddIpAddress(ip);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return ReloadPortable(created);
    }

    /// <summary>SHA-256 of the DER, colon-separated upper-case hex (as browsers show it).</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);

    // An ephemeral key cannot be used by SslStream on every platform; a PKCS#12 round trip makes it a normal one.
    private static X509Certificate2 ReloadPortable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
}
