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
