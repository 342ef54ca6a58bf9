using ScaleMeet.LoadTest.Running;

namespace ScaleMeet.LoadTest.Tests.Running;

public sealed class LoadParticipantTests
{
    [Fact]
    public void OfferedSsrcs_SendingAndInactiveSections_OnlyTheSendingOnes()
    {
        const string Offer = "v=0\r\no=scalemeet 1 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=ssrc:11 cname:a\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=inactive\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=sendonly\r\na=ssrc:21 cname:b\r\na=ssrc:22 cname:b\r\n";

        Assert.Equal([11u, 21u, 22u], LoadParticipant.OfferedSsrcs(Offer).Order());
        Assert.Empty(LoadParticipant.OfferedSsrcs("not SDP"));
    }
}
