using Zeren.Core.Platform;

namespace Zeren.Core.Checklists;

/// <summary>
/// A new template. <c>orgId</c>: the holder (default: the account's own organization); <c>name</c> defaults to the
/// kind's name for the year; <c>items</c> left out (null): the kind's default items (<see cref="ChecklistDefaults"/>).
/// </summary>
public sealed record ChecklistTemplateInput(int Year, ChecklistKind Kind, string? Name = null, Guid? OrgId = null,
    IReadOnlyList<ChecklistItemInput>? Items = null);

/// <summary>The name and items of a template not yet claimed against (the items are replaced as a whole).</summary>
public sealed record ChecklistTemplateUpdate(string Name, IReadOnlyList<ChecklistItemInput> Items);

/// <summary>A new version of a template (its items copied), for the same year or <c>year</c>.</summary>
public sealed record ChecklistCopyInput(int? Year);

/// <summary>申报: the village's note and its photos, already uploaded for the village (<c>POST /api/v1/files?orgId=…</c>).</summary>
public sealed record ChecklistClaimInput([MultiLineText] string? Note, IReadOnlyList<Guid>? FileIds = null);

/// <summary>验收, with an optional comment.</summary>
public sealed record ChecklistVerifyInput([MultiLineText] string? Comment);

/// <summary>退回, with the reason.</summary>
public sealed record ChecklistReturnInput(string? Reason);

/// <summary>A photo posted with the claim form.</summary>
public sealed record ChecklistUpload(Stream Content, string? FileName, string? ContentType);

public sealed record ChecklistItemView(Guid Id, int Position, string Name, string Description, bool PhotoRequired);

public sealed record ChecklistTemplateRow(
    Guid Id,
    Guid OrgId,
    string OrgName,
    int Year,
    ChecklistKind Kind,
    string KindLabel,
    string Name,
    int Version,
    bool Current,
    bool Frozen,
    int Items);

public sealed record ChecklistTemplateDetail(
    Guid Id,
    Guid OrgId,
    string OrgName,
    int Year,
    ChecklistKind Kind,
    string KindLabel,
    string Name,
    int Version,
    Guid? CopiedFromId,
    bool Current,
    bool Frozen,
    bool CanEdit,
    IReadOnlyList<ChecklistItemView> Items,
    bool CanCopy = false);

/// <summary>An organization that may hold a template: the county or a township with villages under it.</summary>
public sealed record ChecklistHolder(Guid Id, string Name, int Depth);

/// <summary>One village's row of the board: the state of each item (in the template's order) and whether it is 达标.</summary>
public sealed record BoardRow(Guid OrgId, string Name, Guid? TownshipId, string TownshipName, IReadOnlyList<ChecklistItemState> States,
    int Verified, bool Passed);

/// <summary>A township's count of villages and of those 达标 (every item verified).</summary>
public sealed record BoardTownship(Guid OrgId, string Name, int Villages, int Passed, int Claimed);

/// <summary>达标看板: villages × items of a template, in the account's scope.</summary>
public sealed record ChecklistBoard(
    Guid TemplateId,
    string Name,
    ChecklistKind Kind,
    string KindLabel,
    int Year,
    int Version,
    IReadOnlyList<ChecklistItemView> Items,
    IReadOnlyList<BoardTownship> Townships,
    IReadOnlyList<BoardRow> Rows,
    int Villages,
    int Passed,
    int Claimed)
{
    /// <summary>The same board narrowed to one township's villages (what <c>BoardAsync(id, townshipId)</c> returns), without asking again.</summary>
    public ChecklistBoard OfTownship(Guid townshipId)
    {
        var rows = Rows.Where(r => r.TownshipId == townshipId).ToList();
        var townships = Townships.Where(t => t.OrgId == townshipId).ToList();
        return this with
        {
            Rows = rows, Townships = townships, Villages = rows.Count, Passed = rows.Count(r => r.Passed), Claimed = townships.Sum(t => t.Claimed),
        };
    }
}

public sealed record EvidenceView(Guid Id, string FileName, string ContentType);

public sealed record ChecklistHistoryView(ChecklistAction Action, string ActionLabel, string? Text, DateTimeOffset At, string By,
    IReadOnlyList<EvidenceView> Files);

public sealed record VillageItemView(
    Guid ItemId,
    int Position,
    string Name,
    string Description,
    bool PhotoRequired,
    ChecklistItemState State,
    string StateLabel,
    string? Note,
    string? ReturnReason,
    DateTimeOffset? ClaimedAt,
    string? ClaimedBy,
    DateTimeOffset? VerifiedAt,
    string? VerifiedBy,
    bool CanClaim,
    bool CanVerify,
    IReadOnlyList<EvidenceView> Files,
    IReadOnlyList<ChecklistHistoryView> History);

/// <summary>One village's checklist: its items with state, photos and history; 达标 when every item is verified.</summary>
public sealed record VillageChecklist(
    Guid TemplateId,
    string TemplateName,
    ChecklistKind Kind,
    string KindLabel,
    int Year,
    bool Current,
    Guid OrgId,
    string OrgName,
    bool Passed,
    int Verified,
    IReadOnlyList<VillageItemView> Items);

/// <summary>An item of a village waiting for the account (a claim to verify, or a return to claim again), for the home page.</summary>
public sealed record ChecklistQueueItem(Guid TemplateId, string TemplateName, Guid OrgId, string OrgName, Guid ItemId, string ItemName,
    DateTimeOffset At, string? Reason);

public sealed record ChecklistQueue(int Total, IReadOnlyList<ChecklistQueueItem> First);
