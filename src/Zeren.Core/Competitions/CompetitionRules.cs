namespace Zeren.Core.Competitions;

/// <summary>One contestant's scores, as the ranking reads them.</summary>
public sealed record ContestantScores(Guid OrgId, string Name, IReadOnlyList<decimal> Scores);

/// <summary>A contestant's place: its trimmed mean (null while it has no more scores than are dropped), its plain mean, its rank.</summary>
public sealed record CompetitionStanding(Guid OrgId, string Name, int Count, decimal? Score, decimal? Mean, int Rank);

/// <summary>
/// The scoring of a competition, in one place: the trimmed mean (去掉最高分、最低分后的平均分) and the ranking with its
/// tie rule. Scores are decimals with at most two places; means are rounded to two places, half away from zero.
/// </summary>
public static class CompetitionRules
{
    public const string ScoringRule = "每位评委对每个参赛单位打一个分（0 至满分，最多两位小数）；去掉设定个数的最高分和最低分后取平均，四舍五入保留两位小数。";

    public const string TieRule = "得分高者在前；得分相同时，全部评委分数的平均分高者在前；仍相同按单位名称排序。";

    /// <summary>Rounds to two places, half away from zero.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>The plain mean of the scores (null when none).</summary>
    public static decimal? Mean(IReadOnlyList<decimal> scores) => scores.Count == 0 ? null : Round(scores.Sum() / scores.Count);

    /// <summary>
    /// The mean after dropping the <paramref name="dropHighest"/> highest and <paramref name="dropLowest"/> lowest scores;
    /// null when that would leave none.
    /// </summary>
    public static decimal? Trimmed(IReadOnlyList<decimal> scores, int dropHighest, int dropLowest)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var kept = scores.Count - dropHighest - dropLowest;
        if (kept <= 0)
        {
            return null;
        }
        var middle = scores.Order().Skip(dropLowest).Take(kept).ToList();
        return Round(middle.Sum() / kept);
    }

    /// <summary>
    /// Ranks the contestants by <see cref="TieRule"/>: trimmed mean (highest first; none yet: after those with one), then
    /// the plain mean, then the name (ordinal). Every contestant gets its own place.
    /// </summary>
    public static IReadOnlyList<CompetitionStanding> Rank(IEnumerable<ContestantScores> contestants, int dropHighest, int dropLowest)
    {
        ArgumentNullException.ThrowIfNull(contestants);
        return contestants
            .Select(c => (c, Score: Trimmed(c.Scores, dropHighest, dropLowest), Mean: Mean(c.Scores)))
            .OrderBy(x => x.Score is null)
            .ThenByDescending(x => x.Score ?? 0)
            .ThenByDescending(x => x.Mean ?? 0)
            .ThenBy(x => x.c.Name, StringComparer.Ordinal)
            .ThenBy(x => x.c.OrgId)
            .Select((x, i) => new CompetitionStanding(x.c.OrgId, x.c.Name, x.c.Scores.Count, x.Score, x.Mean, i + 1))
            .ToList();
    }

    /// <summary>The last <paramref name="bottomCount"/> places.</summary>
    public static IReadOnlyList<CompetitionStanding> Bottom(IReadOnlyList<CompetitionStanding> ranked, int bottomCount) =>
        bottomCount <= 0 ? [] : ranked.OrderByDescending(s => s.Rank).Take(bottomCount).OrderBy(s => s.Rank).ToList();

    public static string ThemeLabel(CompetitionTheme theme) => theme switch
    {
        CompetitionTheme.PartyBuilding => "党建",
        CompetitionTheme.Development => "发展",
        _ => "治理",
    };

    public static string StateLabel(CompetitionState state) => state switch
    {
        CompetitionState.Draft => "草稿",
        CompetitionState.Scoring => "评分中",
        _ => "已发布",
    };
}
