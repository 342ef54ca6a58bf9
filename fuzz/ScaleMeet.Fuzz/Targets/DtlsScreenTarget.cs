using System.Buffers.Binary;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// The structural screen every inbound DTLS datagram passes before the DTLS library sees it
/// (<see cref="DtlsDatagramScreen.IsAcceptable"/>). A datagram is a sequence of records (RFC 6347 §4.1: 13-byte header,
/// 16-bit length at offset 11), each judged on its own: the screen must accept a datagram exactly when it frames into
/// whole records and accepts each of them alone.
/// </summary>
internal sealed class DtlsScreenTarget : IFuzzTarget
{
    private const int RecordHeaderSize = 13;

    public string Name => "dtls";

    public string Description => "DTLS record and epoch-0 handshake framing screen (RFC 6347)";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        // DtlsDatagramScreenTests' datagrams.
        new("change-cipher-spec", Convert.FromHexString("14FEFD0000000000000005000101")),
        new("encrypted-alert", Convert.FromHexString("15FEFD00010000A1B2C3D4001A0001000000000001DEAD00112233445566778899AABBCCDDEEFF")),
        new("two-handshake-fragments", Convert.FromHexString(
            "16FEFD00000000000000070018" + "00" + "000000" + "0003" + "000000" + "000000" + "0E" + "000000" + "0004" + "000000" + "000000")),
        new("close-notify", Convert.FromHexString("15FEFD000000000000000900020100")),
        new("client-hello", ClientHello()),
        new("client-hello-fragment", Convert.FromHexString("16FEFD0000000000000000001A" + "01" + "000100" + "0000" + "000000" + "00000E" + "FEFD00000000000000000000000000")),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        bool accepted = DtlsDatagramScreen.IsAcceptable(input);
        bool framed = !input.IsEmpty;
        bool eachAccepted = true;
        ReadOnlySpan<byte> rest = input;
        while (!rest.IsEmpty)
        {
            if (rest.Length < RecordHeaderSize || rest.Length - RecordHeaderSize < BinaryPrimitives.ReadUInt16BigEndian(rest[11..]))
            {
                framed = false;
                break;
            }

            int length = RecordHeaderSize + BinaryPrimitives.ReadUInt16BigEndian(rest[11..]);
            eachAccepted &= DtlsDatagramScreen.IsAcceptable(rest[..length]);
            rest = rest[length..];
        }

        FuzzInvariantException.Check(!accepted || framed, "accepted a datagram that does not frame into records");
        if (framed)
        {
            FuzzInvariantException.Equal(eachAccepted, accepted, "datagram accepted versus each record accepted alone");
        }
    }

    /// <summary>A DTLS 1.2 ClientHello in one record, shaped like Chrome's (cookie empty, ECDHE-ECDSA suites, use_srtp).</summary>
    private static byte[] ClientHello()
    {
        byte[] body = Convert.FromHexString(
            "FEFD" + new string('5', 64)                // client_version, random
            + "00" + "00"                                  // session_id, cookie: empty
            + "0004" + "C02B" + "C02F"                     // cipher suites
            + "0100"                                       // compression: null
            + "0017"                                       // extensions length 23
            + "000E" + "0007" + "0004" + "0007" + "0001" + "00" // use_srtp: AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80
            + "000A" + "0004" + "0002" + "0017"            // supported_groups: P-256
            + "0017" + "0000");                            // extended_master_secret
        byte[] record = new byte[RecordHeaderSize + 12 + body.Length];
        Convert.FromHexString("16FEFF0000000000000000").CopyTo(record, 0);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)(12 + body.Length));
        record[13] = 1; // client_hello
        WriteUInt24(record.AsSpan(14), body.Length);
        WriteUInt24(record.AsSpan(22), body.Length); // message_seq 0, fragment_offset 0, fragment_length = length
        body.CopyTo(record, RecordHeaderSize + 12);
        return record;
    }

    private static void WriteUInt24(Span<byte> dest, int value)
    {
        dest[0] = (byte)(value >> 16);
        dest[1] = (byte)(value >> 8);
        dest[2] = (byte)value;
    }
}
