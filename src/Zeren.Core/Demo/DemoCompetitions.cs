using Microsoft.EntityFrameworkCore;
using Zeren.Core.Competitions;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's 擂台赛 (一季一比武): the first township's competition of last quarter, published (its bottom three
/// villages owing their rectification), and this quarter's, being scored — the township's own administrator and the
/// read-only account have some villages left to score, so their home pages show it. Judges are accounts, so this runs
/// once the demo accounts exist, in the load's transaction; a county that already has competitions gets none.
/// </summary>
public static class DemoCompetitions
{
    private static readonly string[] Judges = ["county", "inspector", "township1", "leader", "readonly"];

    public static async Task EnsureAsync(ZerenDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.Set<Competition>().IgnoreQueryFilters().AnyAsync(ct))
        {
            return;
        }
        var accounts = await db.Set<Account>().IgnoreQueryFilters().AsNoTracking().Where(a => a.IsDemo && Judges.Contains(a.UserName!))
            .Select(a => new { a.UserName, a.Id, a.OrgId }).ToListAsync(ct);
        var township = accounts.SingleOrDefault(a => a.UserName == "township1")?.OrgId;
        if (accounts.Count < Judges.Length || township is not { } townshipId)
        {
            return;
        }
        var villages = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => o.ParentId == townshipId && o.Kind != OrgKind.Group)
            .OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).Take(6).ToListAsync(ct);
        if (villages.Count < 5)
        {
            return;
        }
        var judges = Judges.Select(n => accounts.Single(a => a.UserName == n).Id).ToList();
        var names = villages.ToDictionary(v => v.Id, v => v.Name);
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var quarter = Period.Containing(today, PeriodKind.Quarter);

        // Each judge's scores: a village's base level plus a judge's own lean; the last judge is the strictest.
        decimal Points(int village, int judge) => Math.Min(100, 96 - (village * 4) + (((village * 7) + (judge * 3)) % 6) - (judge == judges.Count - 1 ? 9 : 0));

        (Competition Row, List<CompetitionContestant> Contestants, List<CompetitionScore> Scores) Add(string name, CompetitionTheme theme, Period period,
            DateTimeOffset createdAt, Func<int, int, bool> scored)
        {
            var c = new Competition
            {
                Id = Ids.New(), OrgId = townshipId, Name = name, Theme = theme, Period = period.ToString(), MaxScore = 100, DropHighest = 1, DropLowest = 1,
                BottomCount = 3, State = CompetitionState.Scoring, StartedAt = createdAt.AddDays(1), CreatedAt = createdAt, CreatedBy = "county",
                UpdatedAt = createdAt.AddDays(1), UpdatedBy = "county",
            };
            db.Add(c);
            var contestants = villages.Select(v => new CompetitionContestant { Id = Ids.New(), CompetitionId = c.Id, OrgId = v.Id }).ToList();
            db.AddRange(contestants);
            db.AddRange(judges.Select(j => new CompetitionJudge { CompetitionId = c.Id, AccountId = j }));
            var scores = new List<CompetitionScore>();
            for (var v = 0; v < contestants.Count; v++)
            {
                for (var j = 0; j < judges.Count; j++)
                {
                    if (scored(v, j))
                    {
                        scores.Add(new CompetitionScore
                        {
                            Id = Ids.New(), CompetitionId = c.Id, ContestantId = contestants[v].Id, JudgeAccountId = judges[j], Points = Points(v, j),
                            ScoredAt = createdAt.AddDays(2).AddMinutes((v * 10) + j),
                        });
                    }
                }
            }
            db.AddRange(scores);
            return (c, contestants, scores);
        }

        // Last quarter's: every score in, published, the bottom three owing rectification.
        var lastStart = new DateTimeOffset(quarter.Previous.LastDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-10);
        var (last, lastContestants, lastScores) = Add($"{quarter.Previous.Label}“抓党建促发展”擂台赛", CompetitionTheme.Development, quarter.Previous, lastStart,
            (_, _) => true);
        var ranked = CompetitionService.Rank(last, lastContestants, lastScores, names);
        foreach (var s in ranked)
        {
            var x = lastContestants.Single(k => k.OrgId == s.OrgId);
            (x.Score, x.Mean, x.Rank) = (s.Score, s.Mean, s.Rank);
        }
        var publishedAt = lastStart.AddDays(5);
        (last.State, last.PublishedAt, last.PublishedBy, last.UpdatedAt) = (CompetitionState.Published, publishedAt, "county", publishedAt);
        var publishedOn = DateOnly.FromDateTime(ChinaTime.ToChina(publishedAt).DateTime);
        db.AddRange(CompetitionService.BottomDrafts(last, ranked, publishedOn).Select(d => Obligation.Open(d, publishedAt, "county")));

        // This quarter's: being scored; the township's administrator and the read-only account have villages left.
        Add($"{quarter.Label}“基层治理”擂台赛", CompetitionTheme.Governance, quarter, now.AddDays(-3),
            (v, j) => j < 2 || (j == 3 && v < 4) || (j is 2 or 4 && v < 2));
        await db.SaveChangesAsync(ct);
    }
}
