using Microsoft.Extensions.FileProviders;
using ScaleMeet.Focus;

namespace ScaleMeet.Server;

/// <summary>
/// Pages: the web client's <c>index.html</c> for <c>GET /</c> and <c>GET /{room}</c> (room names
/// as the signaling rule has them), its assets as static files; anything else is 404.
/// </summary>
internal static class WebClientEndpoints
{
    public static void Map(WebApplication app, IFileProvider webRoot)
    {
        app.MapGet("/", (HttpContext context) => ServeIndexAsync(context, webRoot));
        app.MapGet("/{room}", (HttpContext context, string room) =>
            SignalingRules.IsValidRoom(room) ? ServeIndexAsync(context, webRoot) : NotFound(context));
    }

    private static Task ServeIndexAsync(HttpContext context, IFileProvider webRoot)
    {
        var index = webRoot.GetFileInfo("index.html");
        if (!index.Exists)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(
                "The ScaleMeet web client is not built: run 'cd web && npm ci && npm run build', then rebuild the server.\n",
                context.RequestAborted);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.SendFileAsync(index, context.RequestAborted);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
