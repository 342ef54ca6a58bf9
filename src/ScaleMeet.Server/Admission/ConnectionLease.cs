using System.Net;
using ScaleMeet.Focus;

namespace ScaleMeet.Server.Admission;

/// <summary>
/// One admitted signaling connection's hold on <see cref="AdmissionControl"/>: its connection place until
/// <see cref="Dispose"/>, and a participant place between <see cref="TryAdmit"/> and <see cref="Release"/> (given
/// to its <see cref="SignalingSession"/>). Threading: the session calls admit and release one message at a time;
/// <see cref="Dispose"/> comes after the session closed. Idempotent throughout.
/// </summary>
internal sealed class ConnectionLease : IJoinAdmission, IDisposable
{
    private readonly AdmissionControl _control;
    private readonly IPAddress _key;
    private readonly AddressCounts _counts;
    private readonly Lock _lock = new();
    private bool _participant;
    private bool _disposed;

    public ConnectionLease(AdmissionControl control, IPAddress key, AddressCounts counts)
    {
        _control = control;
        _key = key;
        _counts = counts;
    }

    /// <summary>The address (IPv6: prefix) this connection counts under.</summary>
    public IPAddress Address => _key;

    public JoinAdmissionRefusal? TryAdmit()
    {
        lock (_lock)
        {
            if (_participant)
            {
                return null;
            }

            if (_disposed)
            {
                return new JoinAdmissionRefusal(false, "the connection is closing");
            }

            var refusal = _control.TryTakeParticipant(_counts);
            _participant = refusal is null;
            return refusal;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            if (!_participant)
            {
                return;
            }

            _participant = false;
            _control.ReturnParticipant(_counts);
        }
    }

    /// <inheritdoc />
    public void Close() => Dispose();

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Release();
        _control.Close(_key, _counts);
    }
}
