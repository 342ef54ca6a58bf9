using System.Text;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

public class Crc32Tests
{
    [Fact]
    public void Compute_CheckString_MatchesStandardCheckValue()
    {
        // The CRC-32 (ISO-HDLC) catalogue check value of "123456789".
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_Empty_IsZero()
    {
        Assert.Equal(0u, Crc32.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Append_InPieces_EqualsOneShot()
    {
        byte[] data = Rfc5769.Request;
        for (int split = 0; split <= data.Length; split += 7)
        {
            uint running = Crc32.Append(Crc32.Start, data.AsSpan(0, split));
            running = Crc32.Append(running, data.AsSpan(split));
            Assert.Equal(Crc32.Compute(data), Crc32.Finish(running));
        }
    }
}
