using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Assessment;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's star ratings (星级评定) of this year: the county's village scheme of the year, rated twice — a first
/// rating four months ago by the default bands, whose villages at two stars or fewer owe to rise by the year's end
/// (两星以下动态清零), and a second one a month ago in which two thirds of them have risen (their obligations closed) while
/// the rest still owe. Early in a year, when the two would fall in one quarter, only the first. A county that already has
/// a star rating gets none.
/// </summary>
public static class DemoStars
{
    public static async Task EnsureAsync(ZerenDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.Set<StarRating>().IgnoreQueryFilters().AnyAsync(ct))
        {
            return;
        }
        var county = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(o => o.Code == DemoCounty.CountyCode, ct);
        if (county is null)
        {
            return;
        }
        var villages = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().InSubtree(db, county.Path).Villages()
            .OrderBy(v => v.Path).Select(v => v.Id).ToListAsync(ct);
        if (villages.Count == 0)
        {
            return;
        }
        var today = ChinaTime.Today(clock);
        var year = today.Year;
        var firstDay = today.AddDays(-120) < new DateOnly(year, 1, 10) ? new DateOnly(year, 1, 10) : today.AddDays(-120);
        firstDay = firstDay > today ? today : firstDay;
        var secondDay = today.AddDays(-30);
        var first = Period.Containing(firstDay, PeriodKind.Quarter);
        var second = Period.Containing(secondDay, PeriodKind.Quarter);
        var twice = secondDay > firstDay && second.ToString() != first.ToString();
        const string by = "county";
        var now = clock.GetUtcNow();
        DateTimeOffset At(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime() is var at && at < now ? at : now;

        var scheme = new AssessmentScheme
        {
            Id = Ids.New(), OrgId = county.Id, Year = year, Kind = AssessedKind.Village, Name = $"{year}年度村党组织星级评定考核", BottomCount = 0,
            FrozenAt = At(firstDay), CreatedAt = At(firstDay), CreatedBy = by, UpdatedAt = At(firstDay), UpdatedBy = by,
        };
        var item = new SchemeItem { Id = Ids.New(), SchemeId = scheme.Id, Ordinal = 0, Name = "综合评价", Type = ItemType.Score, Points = 100, Note = "述职评议与实地察看" };
        db.AddRange(scheme, item);
        var period = year.ToString(CultureInfo.InvariantCulture);

        // Scores spread over the bands: most villages three stars or more, every eleventh two stars, every seventeenth one.
        var scores = villages.Select((id, i) => (id, score: i % 17 == 5 ? 52m + (i % 5) : i % 11 == 3 ? 62m + (i % 7) : 72m + ((i * 7) % 27))).ToList();
        var owing = new Dictionary<Guid, Obligation>();
        Rate(first, At(firstDay), scores);
        if (twice)
        {
            // A quarter on: two of every three low villages have risen to three stars; the others moved a little.
            var low = 0;
            Rate(second, At(secondDay), scores.Select(s => (s.id, s.score < 70m && low++ % 3 != 2 ? 71m + (s.score % 9) : Math.Min(100m, s.score + 1m))).ToList());
        }
        await db.SaveChangesAsync(ct);

        void Rate(Period of, DateTimeOffset at, List<(Guid id, decimal score)> given)
        {
            var run = new ScoringRun
            {
                Id = Ids.New(), SchemeId = scheme.Id, OrgId = county.Id, Period = of.ToString(), Version = 1, State = RunState.Published, ComputedAt = at,
                PublishedAt = at, PublishedBy = by, CreatedAt = at, CreatedBy = by, UpdatedAt = at, UpdatedBy = by,
            };
            var rating = new StarRating
            {
                Id = Ids.New(), OrgId = county.Id, Year = year, RunId = run.Id, BandsJson = StarBands.Write(StarBands.Default), RatedAt = at, RatedBy = by,
            };
            db.AddRange(run, rating);
            var ranked = given.OrderByDescending(s => s.score).ToList();
            for (var i = 0; i < ranked.Count; i++)
            {
                var (id, score) = ranked[i];
                db.Add(new RunEntry
                {
                    Id = Ids.New(), RunId = run.Id, OrgId = id, ItemId = item.Id, Value = score, Points = score, Manual = true, Reason = "述职评议与实地察看",
                    UpdatedAt = at, UpdatedBy = by,
                });
                db.Add(new RunResult { Id = Ids.New(), RunId = run.Id, OrgId = id, BasePoints = score, Total = score, Rank = i + 1 });
                var stars = StarBands.StarsOf(StarBands.Default, score, vetoed: false);
                db.Add(new StarRatingEntry { Id = Ids.New(), RatingId = rating.Id, OrgId = id, Year = year, RatedAt = at, Score = score, Stars = stars });
                if (stars <= StarBands.LowStars && !owing.ContainsKey(id))
                {
                    var owed = Obligation.Open(new ObligationDraft(StarRatingService.RiseKind, $"{year}年星级评定为{stars}星：年底前晋位升级（两星以下动态清零）", id,
                        new DateOnly(year, 12, 31), nameof(StarRating), rating.Id, period, IssuerOrgId: county.Id, Link: $"/assessment/stars/branches/{id}",
                        HandledAtSource: true), at, by);
                    owing[id] = owed;
                    db.Add(owed);
                }
                else if (stars > StarBands.LowStars && owing.Remove(id, out var risen))
                {
                    risen.Close(at, by, fromOpen: true);
                }
            }
        }
    }
}
