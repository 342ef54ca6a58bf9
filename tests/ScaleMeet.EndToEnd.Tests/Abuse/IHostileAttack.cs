namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>
/// One attack a hostile participant (built on the load tester's synthetic peers) runs against a real server, with
/// the assertions on its outcome. Each attack has its own test against a fresh server; the combined test runs them
/// all, one after another, in one room while Chromium participants in another room keep decoding. An attack must be
/// bounded in time, leave the server as it found it (it disconnects its own participants) and assert only on what it
/// caused itself (counters are read as differences, not absolute values).
/// </summary>
internal interface IHostileAttack
{
    /// <summary>Short name for test output ("nack-storm").</summary>
    string Name { get; }

    /// <summary>Runs the attack against <paramref name="target"/> and asserts its outcome; throws (xunit) when it fails.</summary>
    Task RunAsync(AbuseTarget target, CancellationToken cancellationToken);
}
