using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>
/// What an authenticator app does, written out for the tests (RFC 6238 over RFC 4226): HMAC-SHA1 of the number of
/// 30-second steps since 1970 under the base32 key, truncated to 6 digits. Independent of Identity's own code.
/// </summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238's default, which authenticator apps and Identity use
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The code of the next 30-second step. The app takes each code once (and one step either side of its clock), so
    /// right after a code was used, to turn two-factor sign-in on or to sign in, this is one it has not seen.
    /// </summary>
    public static string NextCode(string base32Key) => Code(base32Key, DateTimeOffset.UtcNow.AddSeconds(30));

    /// <summary>
    /// A code the app takes now, after the account last used step <paramref name="lastUsedStep"/>: this step's, or the
    /// next one's, or (when both are used) the next one's once time has caught up.
    /// </summary>
    public static async Task<string> UnusedCodeAsync(string base32Key, long? lastUsedStep)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var step = Math.Max(now, (lastUsedStep ?? 0) + 1);
            if (step <= now + 1)
            {
                return Code(base32Key, DateTimeOffset.FromUnixTimeSeconds(step * 30));
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>RFC 4648 base32, ignoring spaces and padding, in either case.</summary>
    public static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '=')
            {
                continue;
            }
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"Not base32: {c}");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
