namespace ScaleMeet.Media.Dtls;

/// <summary>The outcome of <see cref="DtlsHandshakeBudget.TryCharge"/>.</summary>
internal enum DtlsBudgetResult
{
    /// <summary>Within the budget; charged.</summary>
    Charged,

    /// <summary>The datagram would take the handshake past its byte budget or its message count.</summary>
    OverBudget,

    /// <summary>A fragment declares another length than an earlier fragment of the same message.</summary>
    Contradictory,
}
