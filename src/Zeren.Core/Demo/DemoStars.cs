using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Assessment;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's star rating (星级评定) of last year: the county's village scheme of last year, its published
/// annual run (one 综合评价 item scored by hand), and the rating of it by the default bands; the few villages at two
/// stars or fewer owe to rise by that year's end (obligations still open: they did not). A county that already has a
/// star rating gets none.
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
        var villages = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().InSubtree(county.Path).Villages()
            .OrderBy(v => v.Path).Select(v => v.Id).ToListAsync(ct);
        if (villages.Count == 0)
        {
            return;
        }
        var year = ChinaTime.Today(clock).Year - 1;
        var period = year.ToString(CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow();
        const string by = "county";
        var scheme = new AssessmentScheme
        {
            Id = Ids.New(), OrgId = county.Id, Year = year, Kind = AssessedKind.Village, Name = $"{year}年度村党组织星级评定考核", BottomCount = 0,
            FrozenAt = now, CreatedAt = now, CreatedBy = by, UpdatedAt = now, UpdatedBy = by,
        };
        var item = new SchemeItem { Id = Ids.New(), SchemeId = scheme.Id, Ordinal = 0, Name = "综合评价", Type = ItemType.Score, Points = 100, Note = "年终述职评议与实地察看" };
        var run = new ScoringRun
        {
            Id = Ids.New(), SchemeId = scheme.Id, OrgId = county.Id, Period = period, Version = 1, State = RunState.Published, ComputedAt = now,
            PublishedAt = now, PublishedBy = by, CreatedAt = now, CreatedBy = by, UpdatedAt = now, UpdatedBy = by,
        };
        db.AddRange(scheme, item, run);
        var rating = new StarRating
        {
            Id = Ids.New(), OrgId = county.Id, Year = year, RunId = run.Id, BandsJson = StarBands.Write(StarBands.Default), RatedAt = now, RatedBy = by,
        };
        db.Add(rating);
        // Scores spread over the bands: most villages three stars or more, every eleventh two stars, every seventeenth one.
        var scores = villages.Select((id, i) => (id, score: i % 17 == 5 ? 52m + (i % 5) : i % 11 == 3 ? 62m + (i % 7) : 72m + ((i * 7) % 27))).ToList();
        var ranked = scores.OrderByDescending(s => s.score).ToList();
        for (var i = 0; i < ranked.Count; i++)
        {
            var (id, score) = ranked[i];
            db.Add(new RunEntry
            {
                Id = Ids.New(), RunId = run.Id, OrgId = id, ItemId = item.Id, Value = score, Points = score, Manual = true, Reason = "年终述职评议",
                UpdatedAt = now, UpdatedBy = by,
            });
            db.Add(new RunResult { Id = Ids.New(), RunId = run.Id, OrgId = id, BasePoints = score, Total = score, Rank = i + 1 });
            var stars = StarBands.StarsOf(StarBands.Default, score, vetoed: false);
            db.Add(new StarRatingEntry { Id = Ids.New(), RatingId = rating.Id, OrgId = id, Year = year, RatedAt = now, Score = score, Stars = stars });
            if (stars <= StarBands.LowStars)
            {
                db.Add(Obligation.Open(new ObligationDraft(StarRatingService.RiseKind, $"{year}年星级评定为{stars}星：年底前晋位升级（两星以下动态清零）", id,
                    new DateOnly(year, 12, 31), nameof(StarRating), rating.Id, period, IssuerOrgId: county.Id, Link: $"/assessment/stars/branches/{id}"), now, by));
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
