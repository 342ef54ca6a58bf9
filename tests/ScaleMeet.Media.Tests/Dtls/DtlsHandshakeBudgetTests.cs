using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

public sealed class DtlsHandshakeBudgetTests
{
    private const int Charge = DtlsHandshakeBudget.FragmentCharge;

    [Fact]
    public void TryCharge_NewMessage_ChargesDeclaredLengthPlusFragment()
    {
        var budget = new DtlsHandshakeBudget();

        var result = budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1000, 0), 10_000, out int cost);

        Assert.Equal(DtlsBudgetResult.Charged, result);
        Assert.Equal(1000 + Charge, cost);
        Assert.Equal(1000 + Charge, budget.Charged);
    }

    [Fact]
    public void TryCharge_FurtherFragmentOfTheSameMessage_ChargesOnlyTheFragment()
    {
        var budget = new DtlsHandshakeBudget();
        budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1000, 0, offset: 0, fragmentLength: 500), 10_000, out _);

        var result = budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1000, 0, offset: 500, fragmentLength: 500), 10_000, out int cost);

        Assert.Equal(DtlsBudgetResult.Charged, result);
        Assert.Equal(Charge, cost);
        Assert.Equal(1000 + 2 * Charge, budget.Charged);
    }

    [Fact]
    public void TryCharge_SameMessageDeclaringAnotherLength_ContradictoryAndNothingCharged()
    {
        var budget = new DtlsHandshakeBudget();
        budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1000, 0), 10_000, out _);

        var result = budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1001, 0), 10_000, out _);

        Assert.Equal(DtlsBudgetResult.Contradictory, result);
        Assert.Equal(1000 + Charge, budget.Charged);
    }

    [Fact]
    public void TryCharge_BeyondAvailable_OverBudgetAndNothingCharged()
    {
        var budget = new DtlsHandshakeBudget();

        var result = budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(4096, 0), 4096 + Charge - 1, out _);

        Assert.Equal(DtlsBudgetResult.OverBudget, result);
        Assert.Equal(0, budget.Charged);
        Assert.Equal(DtlsBudgetResult.Charged, budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(4096, 0), 4096 + Charge, out _));
    }

    [Fact]
    public void TryCharge_SplintersOfOneMessage_EachFragmentCharged()
    {
        var budget = new DtlsHandshakeBudget();
        int[] offsets = [.. Enumerable.Range(0, 100).Select(i => i * 2 + 1)];

        budget.TryCharge(DtlsTestDatagrams.ClientHelloSplinters(4096, 0, offsets, 1), 100_000, out int cost);

        Assert.Equal(4096 + 100 * Charge, cost);
    }

    [Fact]
    public void TryCharge_MoreDistinctMessagesThanTracked_OverBudget()
    {
        var budget = new DtlsHandshakeBudget();
        for (int seq = 0; seq < DtlsHandshakeBudget.MaxMessages; seq++)
        {
            Assert.Equal(DtlsBudgetResult.Charged, budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1, seq), 1_000_000, out _));
        }

        Assert.Equal(DtlsBudgetResult.OverBudget, budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1, DtlsHandshakeBudget.MaxMessages), 1_000_000, out _));
    }

    [Fact]
    public void TryCharge_EncryptedAndNonHandshakeRecords_Free()
    {
        var budget = new DtlsHandshakeBudget();
        byte[] datagram = [.. Convert.FromHexString("14FEFD00000000000000050001" + "01"), .. DtlsTestDatagrams.ForgedEncryptedAlert(3)];

        Assert.Equal(DtlsBudgetResult.Charged, budget.TryCharge(datagram, 0, out int cost));
        Assert.Equal(0, cost);
    }

    [Fact]
    public void Reset_ForgetsMessagesAndCharge()
    {
        var budget = new DtlsHandshakeBudget();
        budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(1000, 0), 10_000, out _);

        budget.Reset();

        Assert.Equal(0, budget.Charged);
        Assert.Equal(DtlsBudgetResult.Charged, budget.TryCharge(DtlsTestDatagrams.ClientHelloFragment(2000, 0), 10_000, out _));
    }
}
