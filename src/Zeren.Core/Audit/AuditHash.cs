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
/// <para>
/// Format 2 (<c>zeren-audit-2</c>, ADR 0019) adds the operation, the object's name and the reason: the same fields
/// in the same order, then Operation, EntityName and Reason, then PreviousHash. An entry is of format 1 exactly when
/// all three are null (every entry written before they existed), so old entries still verify, and giving an old
/// entry an operation, a name or a reason — or taking them from a new one — changes which form is hashed and breaks it.
/// </para>
/// </summary>
public static class AuditHash
{
    public const string FormatTag = "zeren-audit-1";
    public const string FormatTag2 = "zeren-audit-2";

    /// <summary>Which canonical form an entry is hashed in: 2 when it has an operation, a name or a reason, else 1.</summary>
    public static int FormatOf(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Operation is null && e.EntityName is null && e.Reason is null ? 1 : 2;
    }

    /// <summary>What the first entry chains to: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Of(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var format = FormatOf(e);
        var digest = new SM3Digest();
        Field(digest, format == 1 ? FormatTag : FormatTag2);
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
        if (format == 2)
        {
            Field(digest, e.Operation?.ToString(CultureInfo.InvariantCulture));
            Field(digest, e.EntityName);
            Field(digest, e.Reason);
        }
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
