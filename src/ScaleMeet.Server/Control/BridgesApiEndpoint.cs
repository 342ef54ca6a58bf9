using ScaleMeet.Focus;
using ScaleMeet.Server.Hardening;

namespace ScaleMeet.Server.Control;

/// <summary>
/// <c>GET /api/bridges</c>: the focus's bridge registry — each bridge's id, region, version, state, stress (and
/// corrected stress), participants, conferences, media addresses and heartbeat age; Lost ones for a while with their
/// reason. The same access rule as <c>/stats</c> (loopback or the admin token; 404 for anyone else).
/// </summary>
internal static class BridgesApiEndpoint
{
    public const string Path = "/api/bridges";

    public static void Map(WebApplication app, FocusService focus, AdminAccess access)
    {
        app.MapGet(Path, (HttpContext context) =>
            AdminAccess.Refusal(access.Check(context), context)
            ?? Results.Json(new BridgesDocument(focus.FocusId, focus.Bridges.List()), ServerJsonContext.Default.BridgesDocument));
    }
}
