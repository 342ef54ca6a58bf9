using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Srtp;

/// <summary>A fact about the managed AES-NI + PCLMULQDQ GCM: skipped, with the reason, on a CPU without those instructions.</summary>
public sealed class AesGcmIntrinsicsFactAttribute : FactAttribute
{
    public AesGcmIntrinsicsFactAttribute()
    {
        if (!AesGcmIntrinsics.IsSupported)
        {
            Skip = "this CPU lacks AES-NI or PCLMULQDQ: the intrinsics GCM cannot run here";
        }
    }
}
