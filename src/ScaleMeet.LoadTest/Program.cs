using System.Globalization;
using System.Runtime.InteropServices;
using ScaleMeet.LoadTest.Cli;
using ScaleMeet.LoadTest.Clients;
using ScaleMeet.LoadTest.Results;
using ScaleMeet.LoadTest.Running;

namespace ScaleMeet.LoadTest;

/// <summary>
/// <c>scalemeet-load</c>: exit 0 when every participant connected, 3 when some did not, 130 when stopped (Ctrl-C, SIGTERM;
/// the results are still written), 2 for a bad command line, 1 when the target or the media cannot be used.
/// </summary>
internal static class Program
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;
    public const int ExitNotAllConnected = 3;
    public const int ExitInterrupted = 130;

    public static async Task<int> Main(string[] args)
    {
        LoadOptions? options;
        try
        {
            if (args.Length > 0 && args[0] == "compare")
            {
                return CompareCommand.Run(args[1..], Console.Out);
            }

            if (args.Length > 0 && args[0] == "hostile")
            {
                return await HostileCommand.RunAsync(args[1..], Console.Out, CancellationToken.None).ConfigureAwait(false);
            }

            options = OptionsParser.Parse(args);
        }
        catch (OptionsException ex)
        {
            Console.Error.WriteLine($"scalemeet-load: {ex.Message}");
            return ExitUsage;
        }

        if (options is null)
        {
            Console.WriteLine(OptionsParser.Usage);
            return ExitOk;
        }

        using var stop = new CancellationTokenSource();
        // Ctrl-C (SIGINT) and SIGTERM stop the run cleanly, once; a second Ctrl-C kills. Registered as POSIX signal
        // handlers rather than Console.CancelKeyPress so they also work where SIGINT starts out ignored (a process
        // launched in the background by a non-interactive shell inherits SIG_IGN for it).
        void Stop(PosixSignalContext context)
        {
            if (!stop.IsCancellationRequested)
            {
                context.Cancel = true;
                Console.Error.WriteLine($"scalemeet-load: {context.Signal} received: stopping and writing what was measured (Ctrl-C again to abort)");
                stop.Cancel();
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        try
        {
            var results = await LoadCommand.RunAsync(options, Console.Out, stop.Token).ConfigureAwait(false);
            WriteOutputs(options, results);
            Console.WriteLine(LoadCommand.Describe(results));
            return results.Interrupted ? ExitInterrupted
                : results.Summary.ParticipantsConnected == results.Summary.ParticipantsTotal ? ExitOk
                : ExitNotAllConnected;
        }
        catch (Exception ex) when (ex is TargetUnreachableException or LoadSetupException)
        {
            Console.Error.WriteLine($"scalemeet-load: {ex.Message}");
            return ExitFailure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("scalemeet-load: stopped before any participant joined; nothing to write");
            return ExitInterrupted;
        }
    }

    private static void WriteOutputs(LoadOptions options, LoadResults results)
    {
        if (options.OutPath is { } json)
        {
            File.WriteAllText(json, ResultsJson.Serialize(results));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"results: {Path.GetFullPath(json)}"));
        }

        if (options.ReportPath is { } report)
        {
            File.WriteAllText(report, LoadCommand.RenderReport(results));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {Path.GetFullPath(report)}"));
        }
    }
}
