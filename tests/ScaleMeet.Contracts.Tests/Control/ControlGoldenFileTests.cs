using System.Collections;
using System.Reflection;
using System.Text;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Contracts.Tests.Control;

/// <summary>
/// Every control message type has a golden envelope in <c>Control/Golden/&lt;type&gt;.json</c>: the file decodes to the
/// record in <see cref="GoldenEnvelopes"/>, and the record encodes to the file (as JSON values: property order and
/// whitespace aside). The files are the wire contract other implementations test against.
/// </summary>
public sealed class ControlGoldenFileTests
{
    public static TheoryData<string> Types => GoldenEnvelopes.Types();

    [Fact]
    public void GoldenFiles_ComparedWithDerivedTypes_OneFilePerDiscriminator()
    {
        var discriminators = GoldenEnvelopes.Discriminators().Keys.Order(StringComparer.Ordinal);
        Assert.Equal(discriminators, GoldenEnvelopes.FileTypes().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GoldenRecords_ComparedWithDerivedTypes_OneRecordPerDiscriminator()
    {
        var discriminators = GoldenEnvelopes.Discriminators();
        Assert.Equal(discriminators.Keys.Order(StringComparer.Ordinal), GoldenEnvelopes.ByType.Keys.Order(StringComparer.Ordinal));
        foreach (var (type, envelope) in GoldenEnvelopes.ByType)
        {
            Assert.Equal(discriminators[type], envelope.Message.GetType());
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void TryDecode_GoldenFile_EqualsRecord(string type)
    {
        Assert.True(ControlCodec.TryDecode(GoldenEnvelopes.ReadFile(type), out var envelope, out var error), error?.Message);
        Assert.Null(error);
        Assert.NotNull(envelope);
        EnvelopeAssert.Equal(GoldenEnvelopes.ByType[type], envelope);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Encode_GoldenRecord_EqualsFile(string type)
    {
        EnvelopeAssert.JsonEqual(GoldenEnvelopes.ReadFile(type), ControlCodec.Encode(GoldenEnvelopes.ByType[type]));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void EncodeToString_GoldenRecord_SameAsEncode(string type)
    {
        var envelope = GoldenEnvelopes.ByType[type];
        Assert.Equal(Encoding.UTF8.GetString(ControlCodec.Encode(envelope)), ControlCodec.EncodeToString(envelope));
    }

    /// <summary>
    /// A field left at its default (0, false, null, empty) would decode equal even if the decoder never read it: the
    /// golden records set every field of every message.
    /// </summary>
    [Theory]
    [MemberData(nameof(Types))]
    public void GoldenRecord_EveryField_NotDefault(string type)
    {
        AssertNoDefaults(GoldenEnvelopes.ByType[type].Message, type);
    }

    private static void AssertNoDefaults(object record, string path)
    {
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            AssertNotDefault(property.GetValue(record), $"{path}.{property.Name}");
        }
    }

    private static void AssertNotDefault(object? value, string path)
    {
        Assert.False(value is null, $"{path} is null");
        var type = value.GetType();
        switch (value)
        {
            case string s:
                Assert.False(s.Length == 0, $"{path} is empty");
                break;
            case IEnumerable items:
                var count = 0;
                foreach (var item in items)
                {
                    AssertNotDefault(item, $"{path}[{count++}]");
                }

                Assert.False(count == 0, $"{path} is empty");
                break;
            case not null when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>):
                AssertNoDefaults(value, path);
                break;
            case not null when type.IsValueType:
                Assert.False(value.Equals(Activator.CreateInstance(type)), $"{path} is the default");
                break;
            case not null when type.Namespace == typeof(ControlMessage).Namespace:
                AssertNoDefaults(value, path);
                break;
        }
    }
}
