using System.Globalization;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Zeren.Core.Audit;

/// <summary>
/// The SM3 hash (GB/T 32905) of an audit entry. The input is a fixed sequence of netstrings over UTF-8:
/// each field is written as <c>{byte length}:{bytes},</c> and a null as <c>~,</c>, so that no two different entries
/// can serialize alike. Order: the format tag <c>zeren-audit-1</c>, Sequence, At (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>),
/// AccountId (<c>D</c> format), UserName, ClientAddress, ActorOrgPath, Action (its name), EntityType, EntityId,
/// Summary, Before, After, PreviousHash. Changing any of this breaks every existing chain: a new format gets a
/// new tag (docs/decisions/0007-audit-log.md).
/// </summary>
public static class AuditHash
{
    public const string FormatTag = "zeren-audit-1";

    /// <summary>What the first entry chains to: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Of(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var digest = new SM3Digest();
        Field(digest, FormatTag);
        Field(digest, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(digest, Instant(e.At));
        Field(digest, e.AccountId?.ToString("D"));
        Field(digest, e.UserName);
        Field(digest, e.ClientAddress);
        Field(digest, e.ActorOrgPath);
        Field(digest, e.Action.ToString());
        Field(digest, e.EntityType);
        Field(digest, e.EntityId);
        Field(digest, e.Summary);
        Field(digest, e.Before);
        Field(digest, e.After);
        Field(digest, e.PreviousHash);
        return Finish(digest);
    }

    /// <summary>SM3 of raw bytes, lower-case hex.</summary>
    public static string Sm3(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data.ToArray(), 0, data.Length);
        return Finish(digest);
    }

    /// <summary>The instant as hashed: UTC, milliseconds, invariant.</summary>
    public static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Field(SM3Digest digest, string? value)
    {
        if (value is null)
        {
            digest.Update((byte)'~');
            digest.Update((byte)',');
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        var length = Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture));
        digest.BlockUpdate(length, 0, length.Length);
        digest.Update((byte)':');
        digest.BlockUpdate(bytes, 0, bytes.Length);
        digest.Update((byte)',');
    }

    private static string Finish(SM3Digest digest)
    {
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return Convert.ToHexStringLower(hash);
    }
}
