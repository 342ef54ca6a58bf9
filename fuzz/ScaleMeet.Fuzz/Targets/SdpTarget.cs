using System.Collections;
using System.Reflection;
using System.Text;
using ScaleMeet.Media.Sdp;
using ScaleMeet.Media.Tests.Sdp;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// SDP as the bridge receives an offer or an answer: <see cref="SessionDescription.TryParse(ReadOnlySpan{byte}, out SessionDescription?, out string?)"/>
/// (UTF-8 bytes, as they arrive in a signaling message), then every typed view the negotiation reads (each public
/// property of the session and of each media section, enumerated in full). A failure must name a line. Round trip:
/// the written description parses again and writes back identically (canonical form is a fixed point).
/// </summary>
internal sealed class SdpTarget : IFuzzTarget
{
    private static readonly PropertyInfo[] SessionViews = Views(typeof(SessionDescription));
    private static readonly PropertyInfo[] MediaViews = Views(typeof(MediaDescription));

    public string Name => "sdp";

    public string Description => "SDP offers and answers: every line, every typed attribute (RFC 8866, JSEP)";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        new("chrome-offer", Encoding.UTF8.GetBytes(SdpSamples.ChromeOffer)),
        new("chrome-simulcast-offer", Encoding.UTF8.GetBytes(SdpSamples.ChromeSimulcastOffer)),
        new("firefox-offer", Encoding.UTF8.GetBytes(SdpSamples.FirefoxOffer)),
        new("minimal", "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"u8.ToArray()),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!SessionDescription.TryParse(input, out SessionDescription? description, out string? error))
        {
            FuzzInvariantException.Check(description is null && error is not null && error.StartsWith("line ", StringComparison.Ordinal),
                $"a refused description must come with \"line N: …\", not '{error}'");
            return;
        }

        FuzzInvariantException.Check(description is not null && error is null, "a parsed description with an error or without a result");
        ReadViews(description!, SessionViews);
        foreach (MediaDescription media in description!.Media)
        {
            ReadViews(media, MediaViews);
        }

        string written = description.ToString();
        FuzzInvariantException.Check(SessionDescription.TryParse(written, out SessionDescription? again, out string? againError),
            $"the written description does not parse: {againError}");
        FuzzInvariantException.Equal(description.Media.Count, again!.Media.Count, "media sections");
        FuzzInvariantException.Equal(written, again.ToString(), "written form");
    }

    private static PropertyInfo[] Views(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null)];

    private static void ReadViews(object owner, PropertyInfo[] views)
    {
        foreach (PropertyInfo view in views)
        {
            object? value;
            try
            {
                value = view.GetValue(owner);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new FuzzInvariantException($"{view.DeclaringType?.Name}.{view.Name} threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}");
            }

            if (value is IEnumerable items and not string)
            {
                foreach (object? item in items)
                {
                    _ = item?.ToString();
                }
            }
        }
    }
}
