using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Responsibilities;

namespace Zeren.Web.Components.Pages.Responsibilities;

/// <summary>The new-list form: the list, up to <see cref="Rows"/> items (blank rows are left out) and whom to issue it to.</summary>
public sealed class NewListForm
{
    public const int Rows = 6;

    public Guid? IssuerOrgId { get; set; }
    public ListKind Kind { get; set; } = ListKind.Common;
    public string? Title { get; set; }
    public string? Note { get; set; }
    public List<ItemRow> Items { get; set; } = [.. Enumerable.Range(0, Rows).Select(_ => new ItemRow())];
    public OrgKind? TargetKind { get; set; }
    public int? TargetLevel { get; set; }
}

/// <summary>One item row of the new-list form.</summary>
public sealed class ItemRow
{
    public string? Content { get; set; }
    public string? Standard { get; set; }
    public DateOnly? DueOn { get; set; }
    public ResponsibilityRole? Role { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Content) && string.IsNullOrWhiteSpace(Standard) && DueOn is null;
}

/// <summary>The issue form of a list's page: every organization of this kind at this level below the issuer.</summary>
public sealed class IssueForm
{
    public OrgKind? TargetKind { get; set; }
    public int? TargetLevel { get; set; }
}

/// <summary>The mark-done form of an item at a receiver; a file is read from the posted form.</summary>
public sealed class DoneForm
{
    public Guid? CompletionId { get; set; }
    public string? Evidence { get; set; }
}

/// <summary>The confirm and return buttons of a reported item; a return takes the issuer's comment.</summary>
public sealed class ReviewForm
{
    public Guid? CompletionId { get; set; }
    public string? Comment { get; set; }
}

/// <summary>A destructive action's confirmation: the box must be ticked (the page refuses otherwise, nothing is changed).</summary>
public sealed class ConfirmForm
{
    public bool Confirm { get; set; }
}

/// <summary>The edit form of one item (its page), and the revoke form's reason.</summary>
public sealed class ItemEditForm
{
    public string? Content { get; set; }
    public string? Standard { get; set; }
    public DateOnly? DueOn { get; set; }
    public ResponsibilityRole? Role { get; set; }
}

/// <summary>撤销事项: the reason is required.</summary>
public sealed class RevokeForm
{
    public string? Reason { get; set; }
}
