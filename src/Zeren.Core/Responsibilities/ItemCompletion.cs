using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Responsibilities;

/// <summary>
/// 接收单位: an organization a list was issued to. Every item of the list (those added later too) is owed by it.
/// </summary>
[DisplayName("清单接收单位")]
public sealed class ListReceiver
{
    private ListReceiver()
    {
    }

    [DisplayName("责任清单")]
    public Guid ListId { get; private set; }

    [DisplayName("接收单位")]
    public Guid OrgId { get; private set; }

    [DisplayName("下发时间")]
    public DateTimeOffset AddedAt { get; private set; }

    internal static ListReceiver Of(Guid listId, Guid orgId, DateTimeOffset now) => new() { ListId = listId, OrgId = orgId, AddedAt = now };
}

/// <summary>
/// 落实情况: one item at one receiving organization, made when the item reaches it (the list is issued, or an item is
/// added to an issued list). It names the person who answers for the item there, resolved when it was made (the holder of
/// the item's responsibility role at that organization that day, or the named person), and goes 待完成 → 已报完成 (with
/// evidence text and files) → 已确认 by the issuer, or back to 已退回 (open again) with the issuer's comment.
/// </summary>
[DisplayName("清单落实情况")]
public sealed class ItemCompletion
{
    private ItemCompletion()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The item's list, kept here so that a list's progress is counted without its items.</summary>
    [DisplayName("责任清单")]
    public Guid ListId { get; private set; }

    [DisplayName("清单事项")]
    public Guid ItemId { get; private set; }

    /// <summary>The receiving organization.</summary>
    [DisplayName("接收单位")]
    public Guid OrgId { get; private set; }

    /// <summary>责任人 at the receiver, resolved when the item reached it; null when nobody held the role then.</summary>
    [DisplayName("责任人")]
    public Guid? PersonId { get; private set; }

    [DisplayName("状态")]
    public CompletionState State { get; private set; }

    /// <summary>完成情况说明: what was done, the text part of the evidence.</summary>
    [DisplayName("完成情况说明")]
    public string? Evidence { get; private set; }

    [DisplayName("报完成时间")]
    public DateTimeOffset? DoneAt { get; private set; }

    [DisplayName("报送人")]
    public string? DoneBy { get; private set; }

    /// <summary>Marked done (the last time) after the deadline's day (China time).</summary>
    [DisplayName("逾期完成")]
    public bool Late { get; private set; }

    [DisplayName("确认时间")]
    public DateTimeOffset? ConfirmedAt { get; private set; }

    [DisplayName("确认人")]
    public string? ConfirmedBy { get; private set; }

    [DisplayName("退回时间")]
    public DateTimeOffset? ReturnedAt { get; private set; }

    [DisplayName("退回人")]
    public string? ReturnedBy { get; private set; }

    [DisplayName("退回意见")]
    public string? ReturnComment { get; private set; }

    /// <summary>How many times the issuer returned it.</summary>
    [DisplayName("退回次数")]
    public int ReturnCount { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Open: nothing reported, or returned.</summary>
    public bool IsOpen => State is CompletionState.Open or CompletionState.Returned;

    internal static ItemCompletion Assign(ResponsibilityItem item, Guid orgId, Guid? personId, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        ListId = item.ListId,
        ItemId = item.Id,
        OrgId = orgId,
        PersonId = personId,
        State = CompletionState.Open,
        UpdatedAt = now,
    };

    /// <summary>标记完成: with its evidence text (<see cref="ListRules.CheckEvidence"/>); open or returned items only.</summary>
    internal void MarkDone(ResponsibilityItem item, string? evidence, DateTimeOffset now, string by)
    {
        item.RequireNotRevoked("报完成");
        var text = ListRules.CheckEvidence(evidence);
        if (!IsOpen)
        {
            throw new DomainException("item_already_done", $"事项 {item.Number} 已报完成；下发单位退回后才能重新报送。");
        }
        Evidence = text;
        State = CompletionState.Done;
        DoneAt = now;
        DoneBy = by;
        Late = DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime) > item.DueOn;
        UpdatedAt = now;
    }

    /// <summary>确认: the issuer accepts the completion.</summary>
    internal void Confirm(ResponsibilityItem item, DateTimeOffset now, string by)
    {
        if (State != CompletionState.Done)
        {
            throw new DomainException("completion_not_done", $"事项 {item.Number} 尚未报完成，不能确认。");
        }
        State = CompletionState.Confirmed;
        ConfirmedAt = now;
        ConfirmedBy = by;
        UpdatedAt = now;
    }

    /// <summary>退回: the issuer does not accept the completion; the receiver sees the comment and the item is open again.</summary>
    internal void Return(ResponsibilityItem item, string? comment, DateTimeOffset now, string by)
    {
        item.RequireNotRevoked("退回");
        var text = ListRules.CheckComment(comment);
        if (State != CompletionState.Done)
        {
            throw new DomainException("completion_not_done", $"事项 {item.Number} 尚未报完成，不能退回。");
        }
        State = CompletionState.Returned;
        ReturnedAt = now;
        ReturnedBy = by;
        ReturnComment = text;
        ReturnCount++;
        UpdatedAt = now;
    }

    /// <summary>The item's responsible role or person changed: an open record names who answers for it now.</summary>
    internal void Reassign(Guid? personId, DateTimeOffset now)
    {
        if (IsOpen && PersonId != personId)
        {
            PersonId = personId;
            UpdatedAt = now;
        }
    }

    /// <summary>The item was revoked: an open record is closed as 已撤销; a reported or confirmed one stays as it is.</summary>
    internal bool Revoke(DateTimeOffset now)
    {
        if (!IsOpen)
        {
            return false;
        }
        State = CompletionState.Revoked;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Files were added: the receiver's organization is checked in the same save.</summary>
    internal void Touch(DateTimeOffset now) => UpdatedAt = now;
}

/// <summary>佐证材料: a file (photo, scan, PDF) kept with a completion, uploaded through the upload store.</summary>
[DisplayName("佐证材料")]
public sealed class CompletionFile
{
    private CompletionFile()
    {
    }

    [DisplayName("落实情况")]
    public Guid CompletionId { get; private set; }

    [DisplayName("文件")]
    public Guid StoredFileId { get; private set; }

    [DisplayName("上传时间")]
    public DateTimeOffset AddedAt { get; private set; }

    [DisplayName("上传人")]
    public string AddedBy { get; private set; } = "";

    internal static CompletionFile Of(ItemCompletion completion, Guid storedFileId, DateTimeOffset now, string by)
    {
        completion.Touch(now);
        return new CompletionFile { CompletionId = completion.Id, StoredFileId = storedFileId, AddedAt = now, AddedBy = by };
    }
}
