namespace ScaleMeet.Server.Admission;

/// <summary>What one client address holds now. Mutated only under <see cref="AdmissionControl"/>'s lock.</summary>
internal sealed class AddressCounts
{
    public int Connections;

    public int Participants;
}
