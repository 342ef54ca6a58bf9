namespace ScaleMeet.Focus;

/// <summary>
/// The host's say on whether one more participant may join through a connection (its global and per-address
/// participant caps). One instance per signaling connection, called by its <see cref="SignalingSession"/> only
/// (one message at a time): <see cref="TryAdmit"/> before a join goes to the focus, <see cref="Release"/> when that
/// join failed or the participant left. Both are idempotent: a second admit while admitted takes no second place.
/// A participant waiting for a resume keeps its place and its connection's slot after the connection dropped: the host
/// leaves the admission open then, and the session <see cref="Close"/>s it when the wait ends.
/// </summary>
public interface IJoinAdmission
{
    /// <summary>Takes a participant place for this connection; null when admitted, else why not.</summary>
    JoinAdmissionRefusal? TryAdmit();

    /// <summary>Gives the place back (no-op when none is held).</summary>
    void Release();

    /// <summary>Gives back the place and everything the connection held (its slot among the address's connections); idempotent.</summary>
    void Close();
}
