using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Responsibilities;

/// <summary>A new list: its issuer, kind, name and note, and its first items.</summary>
public sealed record ListInput(Guid IssuerOrgId, ListKind Kind, string Title, [MultiLineText] string? Note, IReadOnlyList<ItemInput>? Items = null);

/// <summary>
/// 接收单位规则: every organization below the issuer of this kind, at this level below it (1 = directly below) and of this
/// domain; a part left out matches any. At least one part is given.
/// </summary>
public sealed record AudienceRule(OrgKind? Kind, int? Level, OrgDomain? Domain);

/// <summary>
/// 下发: to the organizations the rules select and to organizations below the issuer named one by one. Issuing again adds
/// receivers; those already receiving are left as they are.
/// </summary>
public sealed record IssueInput(IReadOnlyList<AudienceRule>? Targets, IReadOnlyList<Guid>? OrgIds = null);

/// <summary>How many receivers an issue added, and how many the list has now.</summary>
public sealed record IssueResult(int Added, int Receivers);

/// <summary>标记完成: what was done (files are added to the completion on their own route).</summary>
public sealed record DoneInput([MultiLineText] string Evidence);

/// <summary>撤销事项: why the issuer no longer asks an item (required, one line).</summary>
public sealed record RevokeInput(string Reason);

/// <summary>退回: why the issuer does not accept a completion.</summary>
public sealed record ReturnInput([MultiLineText] string Comment);

/// <summary>Which lists a list of lists shows: those the reader's organizations issued, received, or both.</summary>
public enum ListSide
{
    All = 0,
    Issued = 1,
    Received = 2,
}

public sealed record ListFilter(ListSide Side = ListSide.All, ListKind? Kind = null, string? Q = null);

/// <summary>
/// Progress over the receivers the reader sees (the whole list for its issuer; its own subtree's receivers for an
/// organization that received it): item × receiver pairs, how many are reported done, confirmed, open (returned
/// ones included), overdue (open past the deadline) and returned. Counted in the database.
/// </summary>
public sealed record ListProgress(int Receivers, int Pairs, int Done, int Confirmed, int Open, int Overdue, int Returned)
{
    public static readonly ListProgress None = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Reported done or confirmed, as a whole percentage of the pairs (0 when there are none).</summary>
    public int DonePercent => Percent.Of(Done + Confirmed, Pairs);

    /// <summary>Confirmed by the issuer, as a whole percentage of the pairs.</summary>
    public int ConfirmedPercent => Percent.Of(Confirmed, Pairs);
}

internal static class Percent
{
    public static int Of(int part, int whole) => whole == 0 ? 0 : (int)Math.Floor(part * 100.0 / whole);
}

/// <summary>One list in the register.</summary>
public sealed record ListSummary(
    Guid Id, Guid IssuerOrgId, string IssuerName, ListKind Kind, string Title, int Items, DateTimeOffset? IssuedAt, ListProgress Progress)
{
    public bool IsIssued => IssuedAt is not null;
}

/// <summary>An item's progress over the receivers the reader sees.</summary>
public sealed record ItemProgress(int Receivers, int Done, int Confirmed, int Open, int Overdue)
{
    public static readonly ItemProgress None = new(0, 0, 0, 0, 0);

    public int DonePercent => Percent.Of(Done + Confirmed, Receivers);
}

/// <summary>An item: its responsible role, or the named person's name; when revoked, when, by whom and why.</summary>
public sealed record ItemView(
    Guid Id, int Number, string Content, string Standard, DateOnly DueOn, ResponsibilityRole? Role, Guid? PersonId, string? PersonName, ItemProgress Progress,
    DateTimeOffset? RevokedAt = null, string? RevokedBy = null, string? RevokeReason = null)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>
/// A list as its page shows it: the list, its items with their progress and the whole list's progress.
/// <see cref="Manage"/>: the reader may add items, issue it and confirm or return completions (its issuer is in scope
/// and the role issues lists).
/// </summary>
public sealed record ListDetail(ListSummary List, string? Note, DateTimeOffset CreatedAt, string CreatedBy, string? IssuedBy, IReadOnlyList<ItemView> Items, bool Manage);

/// <summary>One cell of the completion matrix: an item at a receiver.</summary>
public sealed record MatrixCell(Guid CompletionId, Guid ItemId, CompletionState State, bool Overdue);

/// <summary>A receiver of a list (a row of the completion matrix), with its counts and its cells in item order.</summary>
public sealed record ReceiverRow(Guid OrgId, string OrgName, int Items, int Done, int Confirmed, int Open, int Overdue, IReadOnlyList<MatrixCell> Cells)
{
    public int DonePercent => Percent.Of(Done + Confirmed, Items);
}

/// <summary>A file kept as evidence of a completion; downloaded from <c>/api/v1/files/{FileId}</c>.</summary>
public sealed record EvidenceFile(Guid FileId, string FileName, string ContentType, long Size, DateTimeOffset AddedAt, string AddedBy)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>One item at one receiver: its state there, whether it is overdue, who answers for it, what was reported.</summary>
public sealed record CompletionView(
    Guid Id, Guid ListId, ItemView Item, Guid OrgId, string OrgName, Guid? PersonId, string? PersonName, CompletionState State, bool Overdue,
    string? Evidence, DateTimeOffset? DoneAt, string? DoneBy, bool Late, DateTimeOffset? ConfirmedAt, string? ConfirmedBy,
    DateTimeOffset? ReturnedAt, string? ReturnedBy, string? ReturnComment, int ReturnCount, IReadOnlyList<EvidenceFile> Files);

/// <summary>
/// A receiver's page of a list: the list, the receiving organization, every item with its state there.
/// <see cref="Report"/>: the reader may mark items done for it; <see cref="Manage"/>: the reader may confirm or return.
/// </summary>
public sealed record ReceiverDetail(ListSummary List, string? Note, Guid OrgId, string OrgName, IReadOnlyList<CompletionView> Items, bool Report, bool Manage)
{
    public int Open => Items.Count(i => i.State is CompletionState.Open or CompletionState.Returned);
    public int Overdue => Items.Count(i => i.Overdue);
}
