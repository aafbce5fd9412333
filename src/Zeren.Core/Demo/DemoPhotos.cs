using System.IO.Compression;

namespace Zeren.Core.Demo;

/// <summary>
/// Small generated pictures for the demo's photo evidence (a real PNG, so the upload store's signature check and the
/// browser take it): a red field with a gold emblem-like square and a band whose colour varies with the number given.
/// </summary>
public static class DemoPhotos
{
    public const int Width = 160;
    public const int Height = 120;

    private static readonly uint[] CrcTable = MakeCrcTable();

    private static readonly (byte R, byte G, byte B)[] Bands =
        [(0x2e, 0x7d, 0x32), (0x15, 0x65, 0xc0), (0x8d, 0x6e, 0x63), (0x6a, 0x1b, 0x9a), (0x00, 0x83, 0x8f), (0x5d, 0x40, 0x37)];

    /// <summary>A <see cref="Width"/>×<see cref="Height"/> RGB PNG; <paramref name="n"/> picks the band's colour and place.</summary>
    public static byte[] Png(int n)
    {
        var band = Bands[Math.Abs(n) % Bands.Length];
        var bandTop = Height - 30 - (Math.Abs(n) % 3 * 6);
        var raw = new byte[Height * (1 + (Width * 3))];
        var at = 0;
        for (var y = 0; y < Height; y++)
        {
            raw[at++] = 0; // filter: none
            for (var x = 0; x < Width; x++)
            {
                var (r, g, b) = (0xc6, 0x28, 0x28);
                if (x is >= 60 and < 100 && y is >= 20 and < 60)
                {
                    (r, g, b) = (0xff, 0xd5, 0x4f);
                }
                else if (y >= bandTop)
                {
                    (r, g, b) = band;
                }
                raw[at++] = (byte)r;
                raw[at++] = (byte)g;
                raw[at++] = (byte)b;
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        var header = new byte[13];
        WriteBigEndian(header, 0, Width);
        WriteBigEndian(header, 4, Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        using (var data = new MemoryStream())
        {
            using (var z = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(raw);
            }
            Chunk(png, "IDAT", data.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, data.Length);
        png.Write(length);
        var typed = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++)
        {
            typed[i] = (byte)type[i];
        }
        data.CopyTo(typed, 4);
        png.Write(typed);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, (int)Crc(typed));
        png.Write(crc);
    }

    private static void WriteBigEndian(byte[] to, int at, int value)
    {
        to[at] = (byte)(value >> 24);
        to[at + 1] = (byte)(value >> 16);
        to[at + 2] = (byte)(value >> 8);
        to[at + 3] = (byte)value;
    }

    private static uint Crc(byte[] bytes)
    {
        var c = 0xffffffffu;
        foreach (var b in bytes)
        {
            c = CrcTable[(c ^ b) & 0xff] ^ (c >> 8);
        }
        return c ^ 0xffffffffu;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
