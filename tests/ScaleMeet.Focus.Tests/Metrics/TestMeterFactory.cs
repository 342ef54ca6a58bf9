using System.Diagnostics.Metrics;

namespace ScaleMeet.Focus.Tests.Metrics;

/// <summary>An <see cref="IMeterFactory"/> whose meters carry it as their scope, as the host's factory does; disposes them.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
            _meters.Clear();
        }
    }
}
