namespace Zeren.Core.Competitions;

/// <summary>
/// A new competition. <c>period</c> is a quarter (<c>2026-Q4</c>); <c>orgId</c> the organizing organization (default: the
/// account's own); <c>maxScore</c> 100, <c>dropHighest</c>/<c>dropLowest</c> 1 and <c>bottomCount</c> 3 when left out.
/// Contestants (organizations under the organizer) and judges (accounts) may be given here or set later while a draft.
/// </summary>
public sealed record CompetitionInput(
    string Name,
    CompetitionTheme Theme,
    string Period,
    Guid? OrgId = null,
    decimal? MaxScore = null,
    int? DropHighest = null,
    int? DropLowest = null,
    int? BottomCount = null,
    IReadOnlyList<Guid>? ContestantOrgIds = null,
    IReadOnlyList<Guid>? JudgeAccountIds = null);

/// <summary>The contestants of a draft competition (replaces the list).</summary>
public sealed record CompetitionContestantsInput(IReadOnlyList<Guid> OrgIds);

/// <summary>The judges' panel of a draft competition (replaces the list).</summary>
public sealed record CompetitionJudgesInput(IReadOnlyList<Guid> AccountIds);

/// <summary>A judge's score of one contestant (the contestant's organization), 0 to the competition's full score.</summary>
public sealed record CompetitionScoreInput(Guid OrgId, decimal Points);

public sealed record CompetitionRow(
    Guid Id,
    string Name,
    CompetitionTheme Theme,
    string ThemeLabel,
    Guid OrgId,
    string OrgName,
    string Period,
    string PeriodLabel,
    CompetitionState State,
    string StateLabel,
    int Contestants,
    int Judges,
    int Scored,
    bool IsJudge,
    int MyRemaining);

public sealed record ContestantView(Guid Id, Guid OrgId, string OrgName, int Scored, decimal? MyScore);

public sealed record JudgeView(Guid AccountId, string Name, int Scored);

public sealed record CompetitionDetail(
    Guid Id,
    string Name,
    CompetitionTheme Theme,
    string ThemeLabel,
    Guid OrgId,
    string OrgName,
    string Period,
    string PeriodLabel,
    decimal MaxScore,
    int DropHighest,
    int DropLowest,
    int BottomCount,
    CompetitionState State,
    string StateLabel,
    DateTimeOffset? StartedAt,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    IReadOnlyList<ContestantView> Contestants,
    IReadOnlyList<JudgeView> Judges,
    int Scored,
    int Expected,
    bool CanManage,
    bool IsJudge,
    int MyRemaining,
    CompetitionRanking Ranking);

public sealed record RankingRowView(int Rank, Guid OrgId, string OrgName, int Scores, decimal? Score, decimal? Mean, bool Bottom);

/// <summary>The ranking: live while scoring, frozen once published.</summary>
public sealed record CompetitionRanking(Guid CompetitionId, CompetitionState State, bool Final, int Scored, int Expected, string ScoringRule,
    string TieRule, IReadOnlyList<RankingRowView> Rows);

/// <summary>A competition a judge still has to score, for the home page.</summary>
public sealed record JudgeDue(Guid CompetitionId, string Name, string PeriodLabel, int Remaining);

/// <summary>An account that may sit on a panel: it reads the organizer's records.</summary>
public sealed record JudgeCandidate(Guid AccountId, string Name, string UserName);
