using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Delegates to an AEAD block cipher and resets it when <see cref="DoFinal"/> throws. BouncyCastle 1.8.10's
/// GcmBlockCipher keeps the tag bytes buffered after a failed tag check, and TlsAeadCipher asks it for the output
/// size before re-initialising it, so without the reset every later record would be mis-sized and rejected too.
/// </summary>
internal sealed class DtlsResettingAeadCipher : IAeadBlockCipher
{
    private readonly IAeadBlockCipher _inner;

    public DtlsResettingAeadCipher(IAeadBlockCipher inner)
    {
        _inner = inner;
    }

    public string AlgorithmName => _inner.AlgorithmName;

    public int GetBlockSize() => _inner.GetBlockSize();

    public IBlockCipher GetUnderlyingCipher() => _inner.GetUnderlyingCipher();

    public void Init(bool forEncryption, ICipherParameters parameters) => _inner.Init(forEncryption, parameters);

    public void ProcessAadByte(byte input) => _inner.ProcessAadByte(input);

    public void ProcessAadBytes(byte[] inBytes, int inOff, int len) => _inner.ProcessAadBytes(inBytes, inOff, len);

    public int ProcessByte(byte input, byte[] outBytes, int outOff) => _inner.ProcessByte(input, outBytes, outOff);

    public int ProcessBytes(byte[] inBytes, int inOff, int len, byte[] outBytes, int outOff) =>
        _inner.ProcessBytes(inBytes, inOff, len, outBytes, outOff);

    public int DoFinal(byte[] outBytes, int outOff)
    {
        try
        {
            return _inner.DoFinal(outBytes, outOff);
        }
        catch (InvalidCipherTextException)
        {
            _inner.Reset();
            throw;
        }
    }

    public byte[] GetMac() => _inner.GetMac();

    public int GetUpdateOutputSize(int len) => _inner.GetUpdateOutputSize(len);

    public int GetOutputSize(int len) => _inner.GetOutputSize(len);

    public void Reset() => _inner.Reset();
}
