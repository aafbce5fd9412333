using Zeren.Core.Inspections;

namespace Zeren.Web.Components.Pages.Inspections;

/// <summary>The draw form (制定暗访计划).</summary>
public sealed class PlanForm
{
    public DateOnly? VisitOn { get; set; }
    public int Villages { get; set; } = SamplingRules.Default.Villages;
    public int GridsPerVillage { get; set; } = SamplingRules.Default.GridsPerVillage;
    public int CycleWeeks { get; set; } = SamplingRules.Default.CycleWeeks;
    public int ExcludeWeeks { get; set; } = SamplingRules.Default.ExcludeWeeks;
    public string? Weekday { get; set; } = nameof(DayOfWeek.Tuesday);
    public int? Seed { get; set; }
    public string? Note { get; set; }
    public List<Guid> Team { get; set; } = [];
}

/// <summary>The on-site record form's fixed fields; checklist rows, findings, grids and photos are read from the posted form by name.</summary>
public sealed class RecordForm
{
    public DateOnly? VisitedOn { get; set; }
    public string? Team { get; set; }
    public int HomesVisited { get; set; }
    public int PeopleAsked { get; set; }
    public string? Summary { get; set; }
}
