using System.ComponentModel;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Responsibilities;

/// <summary>
/// 清单事项: one thing a list asks of each receiver: what (内容), when it counts as done (完成标准), by when (完成时限, a
/// China date: due by the end of that day) and who answers for it at the receiver: a responsibility role (第一/直接/具体
/// 责任人, the person holding it there) or a named person. The issuer may edit an item (ADR 0034): on an issued list the
/// change reaches every receiver's record that is still open; and may revoke (撤销) an item of an issued list with a
/// reason: it is no longer asked, what was reported on it stays.
/// </summary>
[DisplayName("清单事项")]
public sealed class ResponsibilityItem
{
    private ResponsibilityItem()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("责任清单")]
    public Guid ListId { get; private set; }

    /// <summary>序号 within the list, from 1.</summary>
    [DisplayName("序号")]
    public int Number { get; private set; }

    [DisplayName("事项内容")]
    public string Content { get; private set; } = "";

    [DisplayName("完成标准")]
    public string Standard { get; private set; } = "";

    [DisplayName("完成时限")]
    public DateOnly DueOn { get; private set; }

    /// <summary>The responsibility role that answers for the item at each receiver (seed 004 §3); null when a person is named.</summary>
    [DisplayName("责任人类别")]
    public ResponsibilityRole? Role { get; private set; }

    /// <summary>The person named to answer for the item; null when a role is.</summary>
    [DisplayName("责任人")]
    public Guid? PersonId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("创建人")]
    public string CreatedBy { get; private set; } = "";

    /// <summary>撤销时间: when the issuer revoked the item; null while it is asked.</summary>
    [DisplayName("撤销时间")]
    public DateTimeOffset? RevokedAt { get; private set; }

    [DisplayName("撤销人")]
    public string? RevokedBy { get; private set; }

    [DisplayName("撤销原因")]
    public string? RevokeReason { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Open items past this day are overdue: a China date after <see cref="DueOn"/>; a revoked item never is.</summary>
    public bool IsOverdueOn(DateOnly today) => !IsRevoked && today > DueOn;

    /// <summary>
    /// A new item of <paramref name="list"/>, checked by <see cref="ListRules.CheckItem"/> (every fault at once). The list's
    /// update stamp moves, so the issuer's organization is checked in the same save.
    /// </summary>
    internal static ResponsibilityItem Create(ResponsibilityList list, int number, ItemInput input, DateOnly today, DateTimeOffset now, string by)
    {
        ListRules.CheckItem(input, today).ThrowIfAny();
        var item = new ResponsibilityItem { Id = Ids.New(), ListId = list.Id, Number = number, CreatedAt = now, CreatedBy = by };
        item.Apply(input);
        list.Touch(now, by);
        return item;
    }

    /// <summary>
    /// 修改事项: every fault at once (<see cref="ListRules.CheckItem"/>; a deadline already past may stay as it was). A
    /// revoked item is not edited. Returns whether who answers for it (role or named person) changed.
    /// </summary>
    internal bool Update(ResponsibilityList list, ItemInput input, DateOnly today, DateTimeOffset now, string by)
    {
        RequireNotRevoked("修改");
        ListRules.CheckItem(input, today, keptDue: DueOn).ThrowIfAny();
        var before = (Role, PersonId);
        Apply(input);
        list.Touch(now, by);
        return before != (Role, PersonId);
    }

    /// <summary>撤销: no longer asked of anyone, with the reason (already checked); what was reported stays.</summary>
    internal void Revoke(ResponsibilityList list, string reason, DateTimeOffset now, string by)
    {
        RequireNotRevoked("撤销");
        if (!list.IsIssued)
        {
            throw new DomainException("item_revoke_draft", "清单尚未下发，不需撤销事项：可直接修改，或删除整份草稿清单。", "reason");
        }
        RevokedAt = now;
        RevokedBy = by;
        RevokeReason = reason;
        list.Touch(now, by);
    }

    /// <summary>A revoked item takes no edit, completion, return or file: 422 <c>item_revoked</c>.</summary>
    internal void RequireNotRevoked(string action)
    {
        if (IsRevoked)
        {
            throw new DomainException("item_revoked", $"事项 {Number} 已撤销（原因：{RevokeReason}），不能再{action}。", "itemId");
        }
    }

    private void Apply(ItemInput input)
    {
        Content = ListRules.Clean(input.Content)!;
        Standard = ListRules.Clean(input.Standard)!;
        DueOn = input.DueOn!.Value;
        Role = input.PersonId is null ? input.Role : null;
        PersonId = input.PersonId;
    }
}

/// <summary>
/// An item as entered: its content and standard of done (several lines each), its deadline, and either a
/// responsibility role or a named person (exactly one of the two).
/// </summary>
public sealed record ItemInput(
    [MultiLineText] string Content,
    [MultiLineText] string Standard,
    DateOnly? DueOn,
    ResponsibilityRole? Role,
    Guid? PersonId);
