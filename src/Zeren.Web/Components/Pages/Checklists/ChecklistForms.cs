using Zeren.Core.Checklists;

namespace Zeren.Web.Components.Pages.Checklists;

/// <summary>One step on a village's item: the claim's note, the verifier's comment or the return's reason.</summary>
public sealed class ChecklistStepForm
{
    public string? Text { get; set; }
}

/// <summary>How a state looks on the board and the village page.</summary>
public static class ChecklistBadges
{
    public static string Of(ChecklistItemState state) => state switch
    {
        ChecklistItemState.Verified => "text-bg-success",
        ChecklistItemState.Claimed => "text-bg-warning",
        ChecklistItemState.Returned => "text-bg-danger",
        _ => "text-bg-light border",
    };

    public static string Cell(ChecklistItemState state) => state switch
    {
        ChecklistItemState.Verified => "table-success",
        ChecklistItemState.Claimed => "table-warning",
        ChecklistItemState.Returned => "table-danger",
        _ => "",
    };

    public static string Mark(ChecklistItemState state) => state switch
    {
        ChecklistItemState.Verified => "✓",
        ChecklistItemState.Claimed => "…",
        ChecklistItemState.Returned => "✗",
        _ => "",
    };
}

/// <summary>A new template: year, kind, holder and (optionally) name; the kind's default items come with it.</summary>
public sealed class ChecklistNewForm
{
    public int Year { get; set; }

    public ChecklistKind Kind { get; set; }

    public Guid? OrgId { get; set; }

    public string? Name { get; set; }
}

/// <summary>A template's name and items, edited as a whole and saved at once (add, remove and move are round trips that save nothing).</summary>
public sealed class ChecklistTemplateForm
{
    public string? Name { get; set; }

    public List<ChecklistItemForm> Items { get; set; } = [];

    public static ChecklistTemplateForm Of(ChecklistTemplateDetail t) => new()
    {
        Name = t.Name,
        Items = t.Items.Select(i => new ChecklistItemForm { Name = i.Name, Description = i.Description, PhotoRequired = i.PhotoRequired }).ToList(),
    };

    public ChecklistTemplateUpdate ToUpdate() =>
        new(Name ?? "", Items.Select(i => new ChecklistItemInput(i.Name ?? "", i.Description ?? "", i.PhotoRequired)).ToList());

    /// <summary>
    /// A row command of the form (<c>add</c>, <c>remove:2</c>, <c>up:2</c>, <c>down:2</c>); true when it was one (the
    /// page then shows the changed form, not saved). Anything else is the save.
    /// </summary>
    public bool Apply(string? op)
    {
        if (op == "add")
        {
            Items.Add(new ChecklistItemForm { PhotoRequired = true });
            return true;
        }
        var parts = (op ?? "").Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var at)
            || at < 0 || at >= Items.Count)
        {
            return false;
        }
        switch (parts[0])
        {
            case "remove":
                Items.RemoveAt(at);
                return true;
            case "up" when at > 0:
                (Items[at - 1], Items[at]) = (Items[at], Items[at - 1]);
                return true;
            case "down" when at < Items.Count - 1:
                (Items[at + 1], Items[at]) = (Items[at], Items[at + 1]);
                return true;
            default:
                return parts[0] is "up" or "down";
        }
    }
}

public sealed class ChecklistItemForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public bool PhotoRequired { get; set; }
}

/// <summary>复制为新版本: the year of the copy (the template's own when left empty).</summary>
public sealed class ChecklistCopyForm
{
    public int? Year { get; set; }
}
