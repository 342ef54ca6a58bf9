using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// What a client needs from the server's SDP to connect one BUNDLEd transport: ICE credentials, the DTLS
/// certificate fingerprint, and the host candidate to send checks to (the server is ICE-lite, so it never
/// checks back).
/// </summary>
public sealed record RemoteTransportParameters(string IceUfrag, string IcePwd, string Fingerprint, IPEndPoint Candidate, bool IceLite)
{
    /// <summary>
    /// The server's <c>a=setup</c> (actpass, active, passive), or null when its SDP has none. Only <c>active</c> changes
    /// anything: the server is then the DTLS client, so we are the DTLS server (<see cref="LocalDtlsRole"/>).
    /// </summary>
    public string? Setup { get; init; }

    /// <summary>Our DTLS role: <see cref="DtlsRole.Server"/> when the server's <see cref="Setup"/> is <c>active</c>, otherwise client.</summary>
    public DtlsRole LocalDtlsRole => string.Equals(Setup, "active", StringComparison.OrdinalIgnoreCase) ? DtlsRole.Server : DtlsRole.Client;

    /// <summary>Reads the parameters from the first media section that is not rejected (port ≠ 0). Never throws.</summary>
    public static bool TryFromSdp(string sdp, AddressFamily family, [NotNullWhen(true)] out RemoteTransportParameters? parameters, out string? error)
    {
        parameters = null;
        if (!SessionDescription.TryParse(sdp, out var description, out var parseError))
        {
            error = $"remote SDP does not parse: {parseError}";
            return false;
        }

        var media = description!.Media.FirstOrDefault(m => m.Port != 0);
        if (media is null)
        {
            error = "remote SDP has no media section with a port";
            return false;
        }

        var ufrag = media.IceUfrag ?? description.IceUfrag;
        var pwd = media.IcePwd ?? description.IcePwd;
        var fingerprint = media.Fingerprint ?? description.Fingerprint;
        if (ufrag is null || pwd is null)
        {
            error = $"remote SDP section {media.Mid} has no a=ice-ufrag / a=ice-pwd";
            return false;
        }

        if (fingerprint is not { Algorithm: "sha-256" })
        {
            error = $"remote SDP section {media.Mid} has no a=fingerprint:sha-256";
            return false;
        }

        IPEndPoint? candidate = null;
        foreach (var c in media.Candidates)
        {
            if (c.Component == 1 && c.Transport.Equals("udp", StringComparison.OrdinalIgnoreCase) &&
                IPAddress.TryParse(c.Address, out var address) && address.AddressFamily == family)
            {
                candidate = new IPEndPoint(address, c.Port);
                break;
            }
        }

        if (candidate is null)
        {
            error = $"remote SDP section {media.Mid} has no UDP {family} candidate";
            return false;
        }

        parameters = new RemoteTransportParameters(ufrag, pwd, fingerprint.Value, candidate, description.IceLite)
        {
            Setup = media.Setup ?? description.Setup,
        };
        error = null;
        return true;
    }

    /// <summary>As <see cref="TryFromSdp"/>, for IPv4; throws <see cref="FormatException"/> naming the problem.</summary>
    public static RemoteTransportParameters FromSdp(string sdp) =>
        TryFromSdp(sdp, AddressFamily.InterNetwork, out var p, out var error) ? p : throw new FormatException(error);
}
