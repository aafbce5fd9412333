using System.ComponentModel;
using Zeren.Core.Security;

namespace Zeren.Core.Audit;

/// <summary>
/// 审计日志条目: one thing that happened, by whom, when and from where, with the values before and after.
/// Entries are only ever appended (<see cref="AuditInterceptor"/>); each carries the SM3 hash of its own fields
/// and of the previous entry's hash, so an edited, removed or inserted row breaks the chain
/// (<see cref="AuditVerifier"/>). There is no method that changes an entry, and the database refuses it too.
/// </summary>
[DisplayName("审计日志")]
public sealed class AuditEntry
{
    public const int UserNameMaxLength = 256;
    public const int ClientAddressMaxLength = 64;
    public const int EntityTypeMaxLength = 100;
    public const int EntityIdMaxLength = 100;
    public const int SummaryMaxLength = 500;
    public const int EntityNameMaxLength = 200;
    public const int ReasonMaxLength = Platform.Reasons.MaxLength;

    private AuditEntry()
    {
    }

    /// <summary>序号: 1, 2, 3, … without gaps; the primary key, assigned by the app under the append lock.</summary>
    public long Sequence { get; private set; }

    /// <summary>When, in UTC, to the millisecond (so it reads back the same from both databases).</summary>
    public DateTimeOffset At { get; private set; }

    public Guid? AccountId { get; private set; }
    public string UserName { get; private set; } = "";
    public string? ClientAddress { get; private set; }

    /// <summary>The acting account's org path, so that a reader's view of the log can be scoped to a subtree.</summary>
    public string? ActorOrgPath { get; private set; }

    public AuditAction Action { get; private set; }

    /// <summary>The entity's model name (<c>Organization</c>, <c>Person</c>, …) or the subject of an event.</summary>
    public string EntityType { get; private set; } = "";

    /// <summary>The entity's key (composite keys joined by commas); null for events about no single row.</summary>
    public string? EntityId { get; private set; }

    /// <summary>摘要: one short line in Chinese.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>Property → value before, as JSON, personal data masked; null for a creation or an event.</summary>
    public string? Before { get; private set; }

    /// <summary>Property → value after, as JSON, personal data masked; null for a deletion.</summary>
    public string? After { get; private set; }

    /// <summary>
    /// 操作: the <see cref="Sequence"/> of the first entry of the operation this one belongs to — everything one request
    /// (one saved form, one sign-in, one import) recorded, however many rows and saves it took. The first entry names
    /// itself. Null only for entries written before operations were recorded (hash format 1).
    /// </summary>
    public long? Operation { get; private set; }

    /// <summary>对象名称: the row's name as people know it when it was recorded (an organization's or person's name, a meeting's topic).</summary>
    public string? EntityName { get; private set; }

    /// <summary>原因: why, when the action asks for one (ending a link, removing a reserve, deleting a person).</summary>
    public string? Reason { get; private set; }

    /// <summary>The previous entry's <see cref="Hash"/>; <see cref="AuditHash.Genesis"/> for the first.</summary>
    public string PreviousHash { get; private set; } = "";

    /// <summary>SM3, lower-case hex, of every other field (<see cref="AuditHash.Of"/>).</summary>
    public string Hash { get; private set; } = "";

    /// <summary>
    /// The entry that follows one with <paramref name="previousSequence"/> and <paramref name="previousHash"/>, in
    /// <paramref name="operation"/> (the sequence of the operation's first entry, this entry's own when it starts one).
    /// Without an operation the entry is of the first format, which only the tests of that format still write.
    /// </summary>
    internal static AuditEntry Next(long previousSequence, string previousHash, DateTimeOffset at, Actor actor, AuditDraft draft,
        long? operation = null, string? reason = null)
    {
        var actorOf = draft.Actor ?? actor;
        var entry = new AuditEntry
        {
            Sequence = previousSequence + 1,
            At = ToMilliseconds(at),
            AccountId = actorOf.AccountId,
            UserName = Clip(actorOf.UserName, UserNameMaxLength) ?? "",
            ClientAddress = Clip(actorOf.ClientAddress, ClientAddressMaxLength),
            ActorOrgPath = actorOf.OrgPath,
            Action = draft.Action,
            EntityType = Clip(draft.EntityType, EntityTypeMaxLength) ?? "",
            EntityId = Clip(draft.EntityId, EntityIdMaxLength),
            Summary = Clip(draft.Summary, SummaryMaxLength) ?? "",
            Before = draft.Before,
            After = draft.After,
            Operation = operation,
            EntityName = operation is null ? null : Clip(Blank(draft.EntityName), EntityNameMaxLength),
            Reason = operation is null ? null : Clip(Blank(reason), ReasonMaxLength),
            PreviousHash = previousHash,
        };
        entry.Hash = AuditHash.Of(entry);
        return entry;
    }

    /// <summary>An instant cut to whole milliseconds in UTC: both databases store at least that much.</summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Clip(string? value, int max) =>
        value is null || value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}

/// <summary>
/// What is to be recorded, before it gets its place in the chain. <paramref name="Actor"/> overrides the current
/// actor (a failed login: nobody is signed in, but the typed user name and the address are known).
/// </summary>
public sealed record AuditDraft(AuditAction Action, string EntityType, string? EntityId, string Summary, string? Before, string? After, Actor? Actor = null)
{
    /// <summary>The row's name as people know it, when it has one (<see cref="AuditEntry.EntityName"/>).</summary>
    public string? EntityName { get; init; }
}
