using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Zeren.Core.Security;

/// <summary>
/// The authenticator codes (TOTP, RFC 6238) of two-factor sign-in, each good once: Identity's own provider accepts a
/// code again for as long as it is valid, so a code seen over a shoulder or captured on the way could be replayed.
/// This one remembers the time step of the last code the account used (<see cref="Account.LastTotpTimeStep"/>) and
/// accepts only a later one; the account's concurrency stamp makes two sign-ins racing with the same code save once.
/// Registered under Identity's authenticator provider name, so every check of a code goes through it.
/// </summary>
public sealed class OnceOnlyAuthenticator(TimeProvider clock, Data.ZerenDbContext db) : AuthenticatorTokenProvider<Account>
{
    /// <summary>Steps either side of now that are accepted, for a phone whose clock is a little off (30 s each).</summary>
    public const int Window = 1;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<Account> manager, Account user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || TotpCodes.StepOf(key, token, clock.GetUtcNow(), Window) is not { } step)
        {
            return false;
        }
        if (user.LastTotpTimeStep is { } last && step <= last)
        {
            return false;
        }
        user.LastTotpTimeStep = step;
        if ((await manager.UpdateAsync(user)).Succeeded)
        {
            return true;
        }
        // Another request saved the account first (the same code, twice at once): take its values, refuse this one.
        await db.Entry(user).ReloadAsync();
        return false;
    }
}

/// <summary>RFC 6238 over RFC 4226 as authenticator apps do it: HMAC-SHA1, 30-second steps, six digits.</summary>
public static class TotpCodes
{
    public const int StepSeconds = 30;

    /// <summary>The time step whose code <paramref name="code"/> is, within <paramref name="window"/> steps of <paramref name="now"/>; null when none.</summary>
    public static long? StepOf(string base32Key, string? code, DateTimeOffset now, int window)
    {
        ArgumentNullException.ThrowIfNull(base32Key);
        var digits = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }
        var key = Base32(base32Key);
        var current = now.ToUnixTimeSeconds() / StepSeconds;
        long? found = null;
        // Every step in the window is computed, so the time taken says nothing about which matched.
        for (var step = current - window; step <= current + window; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(key, step)), System.Text.Encoding.ASCII.GetBytes(digits)))
            {
                found ??= step;
            }
        }
        return found;
    }

    public static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238's default, which authenticator apps use
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32 (Identity's authenticator keys), ignoring spaces and padding, in either case.</summary>
    public static byte[] Base32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
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
                throw new FormatException("The authenticator key is not base32.");
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
