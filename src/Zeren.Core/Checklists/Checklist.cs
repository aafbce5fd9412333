using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Checklists;

/// <summary>The kind of a standardization checklist (标准化建设清单).</summary>
public enum ChecklistKind
{
    /// <summary>达标型: the red visual identity 一徽一旗一廊一牌 every village must have (seed 001).</summary>
    Standard,

    /// <summary>示范型: the activity venue built as a multi-function party–mass service centre (seed 001).</summary>
    Model,

    /// <summary>七个一: the venue's seven items (seed 004).</summary>
    Venue,
}

/// <summary>Where one item of one village stands: 未达标 → 已申报 → 已验收, or 已退回 (claimable again).</summary>
public enum ChecklistItemState
{
    /// <summary>未达标: nothing claimed yet (no row).</summary>
    NotMet,

    /// <summary>已申报: the village says it is done, with its note and photos; waits for a verifier above it.</summary>
    Claimed,

    /// <summary>已验收: verified by an organization above the village; final.</summary>
    Verified,

    /// <summary>已退回: the verifier sent it back with a reason; the village may claim it again.</summary>
    Returned,
}

/// <summary>What happened to an item of a village (the history).</summary>
public enum ChecklistAction
{
    /// <summary>申报.</summary>
    Claim,

    /// <summary>验收.</summary>
    Verify,

    /// <summary>退回.</summary>
    Return,
}

/// <summary>
/// 标准化建设清单: the standard of a year, held by an organization (the county, or a township for its own villages), that
/// every village and community branch under it must meet. Editable until the first claim; then frozen: a change is a
/// new version (<see cref="Version"/>), which from then on is the one that counts.
/// </summary>
[DisplayName("标准化建设清单")]
public sealed class ChecklistTemplate
{
    public const int NameMax = 100;

    public Guid Id { get; internal set; }

    /// <summary>The holding organization; the villages under it keep the checklist.</summary>
    [DisplayName("制定单位")]
    public Guid OrgId { get; internal set; }

    [DisplayName("年度")]
    public int Year { get; internal set; }

    [DisplayName("类型")]
    public ChecklistKind Kind { get; internal set; }

    [DisplayName("名称")]
    public string Name { get; internal set; } = "";

    /// <summary>1 for the first; a copy of a frozen template takes the next.</summary>
    [DisplayName("版本")]
    public int Version { get; internal set; }

    /// <summary>The template this one was copied from (a new version), if any.</summary>
    [DisplayName("复制自")]
    public Guid? CopiedFromId { get; internal set; }

    public DateTimeOffset CreatedAt { get; internal set; }

    public string CreatedBy { get; internal set; } = "";

    public DateTimeOffset UpdatedAt { get; internal set; }

    public string UpdatedBy { get; internal set; } = "";
}

/// <summary>清单条目: one item of a template.</summary>
[DisplayName("清单条目")]
public sealed class ChecklistItem
{
    public const int NameMax = 50;
    public const int DescriptionMax = 500;

    public Guid Id { get; internal set; }

    public Guid TemplateId { get; internal set; }

    /// <summary>The order on the page, from 1.</summary>
    [DisplayName("序号")]
    public int Position { get; internal set; }

    [DisplayName("条目")]
    public string Name { get; internal set; } = "";

    [DisplayName("标准说明")]
    public string Description { get; internal set; } = "";

    /// <summary>A claim of this item needs at least one photo.</summary>
    [DisplayName("须附照片")]
    public bool PhotoRequired { get; internal set; }
}

/// <summary>
/// 村级达标情况: one item of one village branch, from its first claim on (no row: 未达标). The village claims, an
/// organization above it verifies or returns.
/// </summary>
[DisplayName("达标情况")]
public sealed class ChecklistEntry
{
    public const int NoteMax = 500;

    private ChecklistEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid TemplateId { get; private set; }

    public Guid ItemId { get; private set; }

    /// <summary>The village or community branch.</summary>
    [DisplayName("村（社区）")]
    public Guid OrgId { get; private set; }

    [DisplayName("状态")]
    public ChecklistItemState State { get; private set; }

    /// <summary>The latest claim's note.</summary>
    [DisplayName("申报说明")]
    public string? Note { get; private set; }

    [DisplayName("申报时间")]
    public DateTimeOffset? ClaimedAt { get; private set; }

    [DisplayName("申报人")]
    public string? ClaimedBy { get; private set; }

    /// <summary>The organization of the account that claimed (it may not verify).</summary>
    [DisplayName("申报单位")]
    public Guid? ClaimedByOrgId { get; private set; }

    [DisplayName("验收时间")]
    public DateTimeOffset? VerifiedAt { get; private set; }

    [DisplayName("验收人")]
    public string? VerifiedBy { get; private set; }

    /// <summary>The latest return's reason.</summary>
    [DisplayName("退回原因")]
    public string? ReturnReason { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    /// <summary>The first claim of an item by a village creates its entry (no row before: 未达标).</summary>
    internal static ChecklistEntry For(Guid templateId, Guid itemId, Guid orgId) =>
        new() { Id = Ids.New(), TemplateId = templateId, ItemId = itemId, OrgId = orgId, State = ChecklistItemState.NotMet };

    /// <summary>申报 (未达标/已退回 → 已申报) with the note; the service has checked who claims and what comes with it.</summary>
    internal ChecklistEvent Claim(string note, DateTimeOffset now, string by, Guid? byOrgId)
    {
        if (State is not (ChecklistItemState.NotMet or ChecklistItemState.Returned))
        {
            throw new DomainException("checklist_not_claimable", $"该条目现为“{ChecklistDefaults.StateLabel(State)}”，不能申报。", "itemId");
        }
        State = ChecklistItemState.Claimed;
        Note = note;
        ClaimedAt = now;
        ClaimedBy = by;
        ClaimedByOrgId = byOrgId;
        return Changed(ChecklistAction.Claim, note, now, by, byOrgId);
    }

    /// <summary>
    /// The verifier's answer to the claim: 验收 (→ 已验收, <paramref name="text"/> an optional comment) or 退回 (→ 已退回,
    /// <paramref name="text"/> the reason).
    /// </summary>
    internal ChecklistEvent Answer(ChecklistAction answer, string? text, DateTimeOffset now, string by, Guid? byOrgId)
    {
        if (State != ChecklistItemState.Claimed)
        {
            throw new DomainException("checklist_not_claimed", $"该条目现为“{ChecklistDefaults.StateLabel(State)}”，不在待验收状态。", "itemId");
        }
        switch (answer)
        {
            case ChecklistAction.Verify:
                State = ChecklistItemState.Verified;
                VerifiedAt = now;
                VerifiedBy = by;
                break;
            case ChecklistAction.Return:
                State = ChecklistItemState.Returned;
                ReturnReason = text;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(answer), answer, "An answer is 验收 or 退回.");
        }
        return Changed(answer, string.IsNullOrEmpty(text) ? null : text, now, by, byOrgId);
    }

    private ChecklistEvent Changed(ChecklistAction action, string? text, DateTimeOffset now, string by, Guid? byOrgId)
    {
        UpdatedAt = now;
        UpdatedBy = by;
        return ChecklistEvent.Of(Id, action, text, now, by, byOrgId);
    }
}

/// <summary>清单记录: one step of an entry (who, when, what).</summary>
[DisplayName("达标记录")]
public sealed class ChecklistEvent
{
    private ChecklistEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid EntryId { get; private set; }

    [DisplayName("操作")]
    public ChecklistAction Action { get; private set; }

    /// <summary>The claim's note, the verifier's comment or the return's reason.</summary>
    [DisplayName("说明")]
    public string? Text { get; private set; }

    [DisplayName("时间")]
    public DateTimeOffset At { get; private set; }

    [DisplayName("操作人")]
    public string By { get; private set; } = "";

    [DisplayName("操作单位")]
    public Guid? ByOrgId { get; private set; }

    internal static ChecklistEvent Of(Guid entryId, ChecklistAction action, string? text, DateTimeOffset at, string by, Guid? byOrgId) =>
        new() { Id = Ids.New(), EntryId = entryId, Action = action, Text = text, At = at, By = by, ByOrgId = byOrgId };
}

/// <summary>佐证照片: a file that came with a claim.</summary>
[DisplayName("达标佐证")]
public sealed class ChecklistFile
{
    public Guid Id { get; internal set; }

    public Guid EntryId { get; internal set; }

    /// <summary>The claim (<see cref="ChecklistAction.Claim"/> event) it came with.</summary>
    public Guid EventId { get; internal set; }

    [DisplayName("文件")]
    public Guid StoredFileId { get; internal set; }
}
