using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Auth;

/// <summary>One real server in jwt mode (<see cref="JitsiTokens.Settings"/>) for a test class.</summary>
public sealed class JwtServerFixture : IAsyncLifetime
{
    internal ScaleMeetProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ScaleMeetProcess.StartWithSettingsAsync(JitsiTokens.Settings());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
