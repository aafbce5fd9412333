using Zeren.Core.Competitions;

namespace Zeren.Web.Components.Pages.Competitions;

/// <summary>新建擂台赛: the event and its scoring rule; contestants and judges are chosen on the event page.</summary>
public sealed class CompetitionForm
{
    public string? Name { get; set; }
    public CompetitionTheme Theme { get; set; }
    public Guid OrgId { get; set; }
    public string? Period { get; set; }
    public decimal MaxScore { get; set; } = CompetitionService.DefaultMaxScore;
    public int DropHighest { get; set; } = CompetitionService.DefaultDrop;
    public int DropLowest { get; set; } = CompetitionService.DefaultDrop;
    public int BottomCount { get; set; } = CompetitionService.DefaultBottom;
}

/// <summary>A list of checked ids: the contestants or the judges of a draft.</summary>
public sealed class CompetitionPickForm
{
    public List<Guid> Ids { get; set; } = [];
}

/// <summary>A button only: start, publish.</summary>
public sealed class CompetitionActionForm
{
    public string? Confirm { get; set; }
}

/// <summary>A judge's score of one contestant.</summary>
public sealed class CompetitionScoreForm
{
    public decimal? Points { get; set; }
}
