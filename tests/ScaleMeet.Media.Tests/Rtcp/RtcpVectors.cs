using ScaleMeet.Media.Tests.Rtp;

namespace ScaleMeet.Media.Tests.Rtcp;

/// <summary>Annotated RTCP vectors shared by the per-type, compound and mutation tests.</summary>
internal static class RtcpVectors
{
    public static readonly byte[] SenderReport = Hex.Parse("""
        81          // V=2 P=0 RC=1
        c8          // PT=200 SR
        00 0c       // length 12 words -> 52 bytes
        12 34 56 78 // SSRC of sender
        e7 2f 00 00 // NTP timestamp, most significant word
        80 00 00 00 // NTP timestamp, least significant word (0.5 s)
        00 01 e2 40 // RTP timestamp 123456
        00 00 03 e8 // sender's packet count 1000
        00 0f 42 40 // sender's octet count 1000000
        87 65 43 21 // report block 1: SSRC_1
        19          //   fraction lost 25/256
        ff ff fe    //   cumulative lost -2 (duplicates)
        00 01 00 2a //   extended highest sequence number: cycle 1, seq 42
        00 00 00 10 //   jitter 16
        2f 00 00 80 //   LSR
        00 01 80 00 //   DLSR 98304/65536 s = 1.5 s
        """);

    public static readonly byte[] ReceiverReport = Hex.Parse("""
        82          // V=2 P=0 RC=2
        c9          // PT=201 RR
        00 0d       // length 13 words -> 56 bytes
        00 00 00 01 // SSRC of packet sender
        aa aa aa aa // report block 1: SSRC_1
        00 00 00 00 //   fraction lost 0, cumulative lost 0
        00 00 ff ff //   extended highest sequence 65535
        00 00 01 00 //   jitter 256
        00 00 00 00 //   LSR none
        00 00 00 00 //   DLSR none
        bb bb bb bb // report block 2: SSRC_2
        ff          //   fraction lost 255/256
        7f ff ff    //   cumulative lost 8388607 (24-bit maximum)
        00 05 00 00 //   extended highest sequence: cycle 5, seq 0
        ff ff ff ff //   jitter
        12 34 56 78 //   LSR
        00 00 00 01 //   DLSR 1/65536 s
        """);

    public static readonly byte[] EmptyReceiverReport = Hex.Parse("""
        80 c9 00 01 // V=2 RC=0 PT=201 length 1 -> 8 bytes (what Chrome sends before any media arrives)
        00 00 00 01 // SSRC of packet sender
        """);

    public static readonly byte[] Sdes = Hex.Parse("""
        82          // V=2 P=0 SC=2
        ca          // PT=202 SDES
        00 0b       // length 11 words -> 48 bytes
        12 34 56 78 // chunk 1: SSRC
        01 10       //   CNAME, 16 bytes
        61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 // "abcdefghijklmnop"
        00 00       //   END + 1 zero byte to the word boundary (chunk: 24 bytes)
        9a bc de f0 // chunk 2: SSRC
        01 0a       //   CNAME, 10 bytes
        75 73 65 72 40 68 6f 73 74 31 // "user@host1"
        00 00 00 00 //   END + 3 zero bytes (chunk: 20 bytes)
        """);

    public static readonly byte[] SdesWithOtherItems = Hex.Parse("""
        81 ca 00 05 // V=2 SC=1 PT=202 length 5 -> 24 bytes
        00 00 00 2a // chunk: SSRC 42
        02 03 62 6f 62 // NAME "bob" (skipped when looking for CNAME)
        01 01 78    // CNAME "x"
        08 03 01 02 03 // PRIV, 3 bytes
        00 00 00    // END + 2 zero bytes
        """);

    public static readonly byte[] ByeWithReason = Hex.Parse("""
        81          // V=2 P=0 SC=1
        cb          // PT=203 BYE
        00 04       // length 4 words -> 20 bytes
        12 34 56 78 // SSRC
        08          // reason length 8
        73 68 75 74 64 6f 77 6e // "shutdown"
        00 00 00    // zero padding to the word boundary
        """);

    public static readonly byte[] ByeTwoSources = Hex.Parse("""
        82 cb 00 02 // V=2 SC=2 PT=203 length 2 -> 12 bytes
        00 00 00 01 // SSRC 1
        00 00 00 02 // SSRC 2 (no reason)
        """);

    public static readonly byte[] Pli = Hex.Parse("""
        81          // V=2 P=0 FMT=1
        ce          // PT=206 PSFB
        00 02       // length 2 -> 12 bytes
        00 00 00 01 // SSRC of packet sender
        12 34 56 78 // SSRC of media source
        """);

    public static readonly byte[] Fir = Hex.Parse("""
        84          // V=2 P=0 FMT=4
        ce          // PT=206 PSFB
        00 06       // length 6 -> 28 bytes
        00 00 00 01 // SSRC of packet sender
        00 00 00 00 // SSRC of media source: unused
        12 34 56 78 // FCI 1: SSRC
        05 00 00 00 //   seq nr 5, reserved
        9a bc de f0 // FCI 2: SSRC
        ff 00 00 00 //   seq nr 255, reserved
        """);

    public static readonly byte[] Nack = Hex.Parse("""
        81          // V=2 P=0 FMT=1
        cd          // PT=205 RTPFB
        00 04       // length 4 -> 20 bytes
        00 00 00 01 // SSRC of packet sender
        12 34 56 78 // SSRC of media source
        00 64       // PID 100
        80 01       // BLP: +1 and +16 -> 101, 116
        ff ff       // PID 65535
        00 01       // BLP: +1 -> 0 (across the wrap)
        """);

    // Real data sent by Chrome while watching a 6 Mb/s stream (the vector pion/rtcp tests against).
    public static readonly byte[] Remb = Hex.Parse("""
        8f          // V=2 P=0 FMT=15
        ce          // PT=206 PSFB
        00 05       // length 5 -> 24 bytes
        00 00 00 01 // SSRC of packet sender
        00 00 00 00 // SSRC of media source: 0
        52 45 4d 42 // "REMB"
        01          // Num SSRC 1
        1a 20 df    // BR Exp 6 (0x1a >> 2), BR Mantissa 0x220df = 139487 -> 8927168 b/s
        48 74 ed 16 // SSRC feedback 1215622422
        """);

    // Both status vector kinds and a run length chunk, a sequence wrap, negative and large deltas, padding.
    public static readonly byte[] TransportCc = Hex.Parse("""
        af          // V=2 P=1 FMT=15
        cd          // PT=205 RTPFB
        00 0a       // length 10 -> 44 bytes
        fa 17 fa 17 // SSRC of packet sender
        01 02 03 04 // SSRC of media source
        ff fe       // base sequence number 65534
        00 17       // packet status count 23
        12 34 56    // reference time 0x123456 x 64 ms
        2a          // feedback packet count 42
        9f 1c       // 1-bit vector (draft §3.1.4 example 1): N R R R R R N N N R R R N N
        d8 52       // 2-bit vector: small, large, not received, small, small, not received, large
        20 02       // run length: small delta x 2
        04 08 00 ff 10 01 02 03 // small deltas of the 1-bit vector (ticks of 250 us)
        20          // small delta 32
        04 00       // large delta 1024 (256 ms)
        05 06       // small deltas
        ff f0       // large delta -16 (-4 ms)
        07 08       // small deltas of the run
        01          // RTCP padding: 1 byte
        """);

    // A libwebrtc-style feedback with RTCP padding (from pion/rtcp's test set).
    public static readonly byte[] TransportCcRun = Hex.Parse("""
        af          // V=2 P=1 FMT=15
        cd          // PT=205 RTPFB
        00 07       // length 7 -> 32 bytes
        fa 17 fa 17 // SSRC of packet sender
        19 3d d8 bb // SSRC of media source
        00 04       // base sequence number 4
        00 07       // packet status count 7
        10 63 6e    // reference time 1074030
        01          // feedback packet count 1
        20 07       // run length: small delta x 7
        4c 24 24 10 0c 0c 10 // deltas 76, 36, 36, 16, 12, 12, 16 ticks
        00 00 03    // RTCP padding: 3 bytes
        """);

    public static IReadOnlyList<byte[]> All =>
    [
        SenderReport, ReceiverReport, EmptyReceiverReport, Sdes, SdesWithOtherItems, ByeWithReason, ByeTwoSources,
        Pli, Fir, Nack, Remb, TransportCc, TransportCcRun,
    ];
}
