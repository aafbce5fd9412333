using System.Buffers.Binary;
using Bogus;

namespace Zeren.Core.Demo;

/// <summary>
/// Version-7-shaped GUIDs that come out the same every run: the 48-bit timestamp is a fixed base plus a
/// counter (so ids stay time-ordered in indexes, as <see cref="Platform.Ids.New"/> would make them) and the
/// remaining bits come from a seeded randomizer instead of the system's.
/// </summary>
internal sealed class DemoIdFactory(Randomizer random)
{
    /// <summary>2026-11-22T00:00:00Z: any fixed instant does; this one is the demo's seed date.</summary>
    private const long BaseUnixMilliseconds = 1_795_305_600_000;

    private long counter;

    public Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.Bytes(10).CopyTo(bytes[6..]);
        // The timestamp's low 48 bits fill bytes 0–5, big-endian as RFC 9562 lays them out.
        var timestamp = BaseUnixMilliseconds + counter++;
        Span<byte> stamp = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(stamp, timestamp);
        stamp[2..].CopyTo(bytes);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
