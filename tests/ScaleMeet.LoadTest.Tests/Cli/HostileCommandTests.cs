using ScaleMeet.LoadTest.Cli;

namespace ScaleMeet.LoadTest.Tests.Cli;

/// <summary><c>scalemeet-load hostile</c> refuses a bad command line with one line naming the option, before it connects anywhere.</summary>
public sealed class HostileCommandTests
{
    [Theory]
    [InlineData(new[] { "--attacks", "nack-storm" }, "--room is required")]
    [InlineData(new[] { "--room", "r", "--attacks", "ping-flood" }, "--attacks takes nack-storm and transport-cc-flood, got 'ping-flood'")]
    [InlineData(new[] { "--room", "r", "--attacks", "," }, "--attacks names no attack")]
    [InlineData(new[] { "--room", "r", "--rate", "0" }, "--rate must be a number 0.1..1000, got '0'")]
    [InlineData(new[] { "--room", "r", "--duration", "forever" }, "--duration must be a number 1..3600, got 'forever'")]
    [InlineData(new[] { "--room", "r", "--target", "janus://localhost:8188/" }, "--target must be a ScaleMeet server's http(s) URL")]
    [InlineData(new[] { "--room", "r", "--room", "s" }, "unknown or repeated option --room")]
    [InlineData(new[] { "--room" }, "expected --name value pairs")]
    public async Task RunAsync_BadCommandLine_OptionsExceptionNamingIt(string[] args, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsException>(() => HostileCommand.RunAsync(args, TextWriter.Null, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("hostile: ", error.Message, StringComparison.Ordinal);
    }
}
