namespace ScaleMeet.Server;

/// <summary><c>scalemeet</c>: runs the all-in-one server until Ctrl-C or SIGTERM. Exit codes: 0 ok, 1 could not start, 2 bad option.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var host = ServerHost.Create(args, Console.Out, Console.Error, out var exitCode);
        if (host is null)
        {
            return exitCode;
        }

        await using (host.ConfigureAwait(false))
        {
            exitCode = await host.StartAsync().ConfigureAwait(false);
            if (exitCode != 0)
            {
                return exitCode;
            }

            await host.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
