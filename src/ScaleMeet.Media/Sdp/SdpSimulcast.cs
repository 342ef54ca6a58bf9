using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// The simulcast description (RFC 8853 §5.1):
///
///   a=simulcast:&lt;sc-value&gt;
///   sc-value     = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
///   sc-send      = %s"send" SP sc-str-list
///   sc-recv      = %s"recv" SP sc-str-list
///   sc-str-list  = sc-alt-list *( ";" sc-alt-list )        ; ';' separates simulcast streams
///   sc-alt-list  = sc-id *( "," sc-id )                    ; ',' separates alternatives of one stream
///   sc-id        = [ "~" ] rid-id                          ; '~' = paused
///
/// e.g. a=simulcast:send q;h;f (Chrome, three streams), a=simulcast:recv 1,2;~3.
/// <see cref="Send"/> and <see cref="Receive"/> are lists of streams, each a list of alternatives.
/// The writer puts "send" first.
/// </summary>
public sealed record SdpSimulcast(
    IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> Send,
    IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> Receive)
{
    internal const string Syntax = "send <rid>[,<alt>][;<rid>…] [recv …] (or recv first); '~' marks paused";

    /// <summary>A simulcast with one stream per rid and no alternatives (the usual Chrome shape).</summary>
    public static SdpSimulcast Of(IEnumerable<string> sendRids, IEnumerable<string> receiveRids) =>
        new(sendRids.Select(r => (IReadOnlyList<SdpSimulcastRid>)[new SdpSimulcastRid(r)]).ToArray(),
            receiveRids.Select(r => (IReadOnlyList<SdpSimulcastRid>)[new SdpSimulcastRid(r)]).ToArray());

    /// <summary>Parses the value after "a=simulcast:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSimulcast? simulcast)
    {
        simulcast = null;
        if (value is null) return false;
        string[] parts = value.Split(' ');
        if (parts.Length is not (2 or 4)) return false;
        IReadOnlyList<IReadOnlyList<SdpSimulcastRid>>? send = null, receive = null;
        for (int i = 0; i < parts.Length; i += 2)
        {
            if (!TryParseList(parts[i + 1], out var list)) return false;
            if (parts[i] == "send" && send is null) send = list;
            else if (parts[i] == "recv" && receive is null) receive = list;
            else return false;
        }
        simulcast = new SdpSimulcast(send ?? [], receive ?? []);
        return true;
    }

    public string ToValue()
    {
        if (Send.Count == 0 && Receive.Count == 0)
            throw new InvalidOperationException("A simulcast description needs a send or a recv list.");
        string send = Send.Count == 0 ? "" : "send " + Format(Send);
        string recv = Receive.Count == 0 ? "" : "recv " + Format(Receive);
        return send.Length == 0 ? recv : recv.Length == 0 ? send : send + " " + recv;
    }

    public bool Equals(SdpSimulcast? other) =>
        other is not null && ListsEqual(Send, other.Send) && ListsEqual(Receive, other.Receive);

    public override int GetHashCode() => HashCode.Combine(Send.Count, Receive.Count);

    private static string Format(IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> streams) =>
        string.Join(';', streams.Select(alternatives => string.Join(',', alternatives)));

    private static bool ListsEqual(
        IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> a, IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.SequenceEqual(pair.Second));

    private static bool TryParseList(string text, out IReadOnlyList<IReadOnlyList<SdpSimulcastRid>> streams)
    {
        var result = new List<IReadOnlyList<SdpSimulcastRid>>();
        streams = result;
        foreach (string stream in text.Split(';'))
        {
            var alternatives = new List<SdpSimulcastRid>();
            foreach (string id in stream.Split(','))
            {
                bool paused = id.StartsWith('~');
                string rid = paused ? id[1..] : id;
                if (!SdpRid.IsRidId(rid)) return false;
                alternatives.Add(new SdpSimulcastRid(rid, paused));
            }
            result.Add(alternatives);
        }
        return true;
    }
}
