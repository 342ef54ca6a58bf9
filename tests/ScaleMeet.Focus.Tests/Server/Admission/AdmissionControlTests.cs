using System.Net;
using ScaleMeet.Server.Admission;

namespace ScaleMeet.Focus.Tests.Server.Admission;

/// <summary>The connection and participant caps, counted per address and for the server.</summary>
public sealed class AdmissionControlTests
{
    private static readonly IPAddress Ada = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress Bob = IPAddress.Parse("198.51.100.2");

    [Fact]
    public void TryOpen_PerAddressCap_ExactlyTheCapThenRefusedWithReason()
    {
        var control = new AdmissionControl(new AdmissionOptions { MaxConnections = 100, MaxConnectionsPerAddress = 3 });

        var leases = Enumerable.Range(0, 3).Select(i => control.TryOpen(Ada, out _)).ToArray();
        var fourth = control.TryOpen(Ada, out var refusal);
        var other = control.TryOpen(Bob, out _);

        Assert.All(leases, Assert.NotNull);
        Assert.Null(fourth);
        Assert.Equal(RefusalReasons.AddressConnectionLimit, refusal!.Reason);
        Assert.Equal("your address holds its maximum of 3 connections; close one or try again later", refusal.Message);
        Assert.NotNull(other);
        Assert.Equal((4, 2), (control.Connections, control.Addresses));
    }

    [Fact]
    public void TryOpen_GlobalCap_RefusedForEveryoneUntilOneCloses()
    {
        var control = new AdmissionControl(new AdmissionOptions { MaxConnections = 2, MaxConnectionsPerAddress = 2 });
        var first = control.TryOpen(Ada, out _)!;
        _ = control.TryOpen(Bob, out _)!;

        Assert.Null(control.TryOpen(IPAddress.Parse("203.0.113.9"), out var refusal));
        Assert.Equal(RefusalReasons.ConnectionLimit, refusal!.Reason);
        Assert.Equal("the server holds its maximum of 2 connections; try again later", refusal.Message);

        first.Dispose();
        first.Dispose();

        Assert.NotNull(control.TryOpen(IPAddress.Parse("203.0.113.9"), out _));
        Assert.Equal(2, control.Connections);
    }

    [Fact]
    public void Dispose_LastConnectionOfAnAddress_AddressForgotten()
    {
        var control = new AdmissionControl(new AdmissionOptions());
        var leases = Enumerable.Range(0, 5).Select(i => control.TryOpen(IPAddress.Parse($"198.51.100.{i + 1}"), out _)!).ToArray();

        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal((0, 0, 0), (control.Connections, control.Participants, control.Addresses));
    }

    [Fact]
    public void TryAdmit_PerAddressParticipantCap_RefusedPerAddressAndGivenBackOnRelease()
    {
        var control = new AdmissionControl(new AdmissionOptions { MaxParticipants = 10, MaxParticipantsPerAddress = 2 });
        var leases = Enumerable.Range(0, 3).Select(i => control.TryOpen(Ada, out _)!).ToArray();

        Assert.Null(leases[0].TryAdmit());
        Assert.Null(leases[0].TryAdmit());
        Assert.Null(leases[1].TryAdmit());
        var refused = leases[2].TryAdmit();

        Assert.NotNull(refused);
        Assert.True(refused.PerAddress);
        Assert.Equal("your network address holds its maximum of 2 participants; try again later", refused.Message);
        Assert.Equal(2, control.Participants);
        Assert.Null(control.TryOpen(Bob, out _)!.TryAdmit());

        leases[1].Release();
        leases[1].Release();

        Assert.Null(leases[2].TryAdmit());
        Assert.Equal(3, control.Participants);
    }

    [Fact]
    public void TryAdmit_GlobalParticipantCap_RefusedNotPerAddress()
    {
        var control = new AdmissionControl(new AdmissionOptions { MaxParticipants = 1, MaxParticipantsPerAddress = 1 });
        Assert.Null(control.TryOpen(Ada, out _)!.TryAdmit());

        var refused = control.TryOpen(Bob, out _)!.TryAdmit();

        Assert.NotNull(refused);
        Assert.False(refused.PerAddress);
        Assert.Equal("the server holds its maximum of 1 participants; try again later", refused.Message);
    }

    [Fact]
    public void Dispose_WhileParticipant_PlaceAndConnectionGivenBack()
    {
        var control = new AdmissionControl(new AdmissionOptions());
        var lease = control.TryOpen(Ada, out _)!;
        Assert.Null(lease.TryAdmit());

        lease.Dispose();

        Assert.Equal((0, 0), (control.Connections, control.Participants));
        Assert.NotNull(lease.TryAdmit());
        Assert.Equal(0, control.Participants);
    }

    [Fact]
    public async Task TryOpen_ManyThreadsAtOnce_CapNeverExceeded()
    {
        var control = new AdmissionControl(new AdmissionOptions { MaxConnections = 1000, MaxConnectionsPerAddress = 50 });

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => control.TryOpen(Ada, out _))));

        Assert.Equal(50, results.Count(r => r is not null));
        Assert.Equal(50, control.Connections);
    }

    [Theory]
    [InlineData("192.0.2.7", 64, "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", 64, "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64, "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 56, "2001:db8:1::")]
    [InlineData("2001:db8:1:2ff:aaaa:bbbb:cccc:dddd", 60, "2001:db8:1:2f0::")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 128, "2001:db8:1:2:aaaa:bbbb:cccc:dddd")]
    [InlineData("::1", 64, "::")]
    public void Key_Address_CountedUnder(string address, int prefix, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), ClientAddress.Key(IPAddress.Parse(address), prefix));

    [Fact]
    public void TryOpen_TwoAddressesOfOneIPv6Prefix_ShareTheCap()
    {
        var control = new AdmissionControl(new AdmissionOptions { MaxConnectionsPerAddress = 1 });

        Assert.NotNull(control.TryOpen(IPAddress.Parse("2001:db8:0:7::1"), out _));
        Assert.Null(control.TryOpen(IPAddress.Parse("2001:db8:0:7:ffff::2"), out _));
        Assert.NotNull(control.TryOpen(IPAddress.Parse("2001:db8:0:8::1"), out _));
    }
}
