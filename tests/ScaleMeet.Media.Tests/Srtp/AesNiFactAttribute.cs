using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Srtp;

/// <summary>A fact about the AES-NI code path: skipped, with the reason, on a CPU without AES-NI (it cannot run there).</summary>
public sealed class AesNiFactAttribute : FactAttribute
{
    public AesNiFactAttribute()
    {
        if (!AesNiCore.IsSupported)
        {
            Skip = "this CPU has no AES-NI (or SSE2): the intrinsics path cannot run here";
        }
    }
}
