using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Assessment;

/// <summary>
/// 星级评定 (ADR 0037): the village branches of a published scoring run of a village scheme get 1–5 stars by the
/// assessing organization's bands of the year. Branches at two stars or fewer form the year's 动态清零 list: each owes,
/// through the obligation engine, to rise by the year's end; a later rating in which it has risen closes it.
/// </summary>
public sealed class StarRatingService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, ObligationService obligations)
{
    /// <summary>The obligation of a branch at two stars or fewer: rise by the year's end (closed by a rating in which it has).</summary>
    public const string RiseKind = "assessment.star-rise";

    private Actor Current => actor.Current;

    // ----- bands -----

    /// <summary>The bands an organization rates by in a year: the ones set, else the default.</summary>
    public async Task<StarBandsView> GetBandsAsync(Guid? orgId, int year, CancellationToken ct = default)
    {
        Period.CheckYear(year);
        var org = await ReadOrgAsync(orgId, ct);
        var set = await db.Set<StarBandSet>().AsNoTracking().SingleOrDefaultAsync(s => s.OrgId == org.Id && s.Year == year, ct);
        var bands = set?.Bands ?? StarBands.Default;
        return new StarBandsView(org.Id, org.Name, year, bands, set is null, StarBands.Describe(bands));
    }

    /// <summary>Sets the bands of a year (ordered, no gap or overlap, 0–100 covered); ratings made before keep the bands they were made by.</summary>
    public async Task<StarBandsView> SetBandsAsync(StarBandsInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Current.Has(Permission.AssessmentConfigure))
        {
            throw new ForbiddenException("assessment_configure_forbidden", "您的角色不能设置星级分档。");
        }
        var problems = new Problems();
        if (!Period.IsWorkingYear(input.Year))
        {
            problems.Add("star_year_invalid", Period.WorkingYearMessage, "year");
        }
        StarBands.Check(input.Bands, problems);
        var found = await AssessingOrgAsync(input.OrgId, problems, ct);
        problems.ThrowIfAny();
        var org = found!.Value;
        var set = await db.Set<StarBandSet>().SingleOrDefaultAsync(s => s.OrgId == org.Id && s.Year == input.Year, ct);
        if (set is null)
        {
            set = new StarBandSet { Id = Ids.New(), OrgId = org.Id, Year = input.Year };
            db.Add(set);
        }
        set.BandsJson = StarBands.Write(input.Bands);
        set.UpdatedAt = clock.GetUtcNow();
        set.UpdatedBy = Current.UserName;
        await db.SaveChangesAsync(ct);
        return await GetBandsAsync(org.Id, input.Year, ct);
    }

    // ----- ratings -----

    public async Task<IReadOnlyList<StarRatingRow>> ListAsync(int? year = null, CancellationToken ct = default)
    {
        var q = db.Set<StarRating>().AsNoTracking();
        if (year is { } y)
        {
            q = q.Where(r => r.Year == y);
        }
        // Ordered here: SQLite does not order DateTimeOffset.
        var ratings = (await q.ToListAsync(ct)).OrderByDescending(r => r.RatedAt).ToList();
        return await RowsAsync(ratings, ct);
    }

    private async Task<List<StarRatingRow>> RowsAsync(List<StarRating> ratings, CancellationToken ct)
    {
        var ids = ratings.Select(r => r.Id).ToList();
        var counts = await db.Set<StarRatingEntry>().AsNoTracking().Where(e => ids.Contains(e.RatingId))
            .GroupBy(e => e.RatingId).Select(g => new { g.Key, All = g.Count(), Low = g.Count(e => e.Stars <= StarBands.LowStars) })
            .ToDictionaryAsync(x => x.Key, ct);
        var runIds = ratings.Select(r => r.RunId).ToList();
        var runs = await db.Set<ScoringRun>().AsNoTracking().Where(r => runIds.Contains(r.Id))
            .Join(db.Set<AssessmentScheme>(), r => r.SchemeId, s => s.Id, (r, s) => new { r.Id, r.Period, r.Version, s.Name })
            .ToDictionaryAsync(x => x.Id, ct);
        var names = await NamesAsync(ratings.Select(r => r.OrgId), ct);
        return ratings.Select(r =>
        {
            var label = runs.TryGetValue(r.RunId, out var run) ? $"{run.Name} {Period.Parse(run.Period).Label}（第 {run.Version} 版）" : "";
            var c = counts.GetValueOrDefault(r.Id);
            return new StarRatingRow(r.Id, r.OrgId, names.GetValueOrDefault(r.OrgId, ""), r.Year, r.RunId, label, r.RatedAt, r.RatedBy, c?.All ?? 0, c?.Low ?? 0);
        }).ToList();
    }

    public async Task<StarRatingView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var rating = await db.Set<StarRating>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("星级评定", id);
        var row = (await RowsAsync([rating], ct))[0];
        var entries = await db.Set<StarRatingEntry>().AsNoTracking().Where(e => e.RatingId == id).ToListAsync(ct);
        var previous = (await db.Set<StarRating>().AsNoTracking().Where(r => r.OrgId == rating.OrgId && r.Year == rating.Year)
                .Select(r => new { r.Id, r.RatedAt }).ToListAsync(ct))
            .Where(r => r.RatedAt < rating.RatedAt).OrderByDescending(r => r.RatedAt).Select(r => (Guid?)r.Id).FirstOrDefault();
        var before = previous is { } p
            ? await db.Set<StarRatingEntry>().AsNoTracking().Where(e => e.RatingId == p).ToDictionaryAsync(e => e.OrgId, e => e.Stars, ct)
            : [];
        var places = await PlacesAsync(entries.Select(e => e.OrgId), ct);
        var branches = entries
            .Select(e => new BranchStars(e.OrgId, places.GetValueOrDefault(e.OrgId).Name ?? "", places.GetValueOrDefault(e.OrgId).Township ?? "", e.Score, e.Vetoed,
                e.Stars, before.TryGetValue(e.OrgId, out var s) ? s : null))
            .OrderBy(b => b.Stars).ThenBy(b => b.Score).ThenBy(b => b.OrgName, StringComparer.Ordinal).ToList();
        return new StarRatingView(row, rating.Bands, branches);
    }

    /// <summary>
    /// Rates the branches of a published village run by the year's bands. In the same transaction: each branch at two
    /// stars or fewer without an open obligation to rise gets one (due at the year's end, owed to the assessing
    /// organization); each branch above two stars that had one has it closed.
    /// </summary>
    public async Task<StarRatingView> RateAsync(StarRatingInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Current.Has(Permission.AssessmentScore))
        {
            throw new ForbiddenException("assessment_score_forbidden", "您的角色不能进行星级评定。");
        }
        var run = await db.Set<ScoringRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == input.RunId, ct)
            ?? throw new NotFoundException("考核评分", input.RunId);
        var scheme = await db.Set<AssessmentScheme>().AsNoTracking().SingleAsync(s => s.Id == run.SchemeId, ct);
        var problems = new Problems();
        if (scheme.Kind != AssessedKind.Village)
        {
            problems.Add("star_run_not_village", $"“{scheme.Name}”考核的不是村党组织：星级评定只用村党组织考核的结果。", "runId");
        }
        if (run.State != RunState.Published)
        {
            problems.Add("star_run_not_published", "考核结果发布后才能据以评定星级。", "runId");
        }
        else if (await db.Set<ScoringRun>().AnyAsync(r => r.SchemeId == run.SchemeId && r.Period == run.Period && r.Version > run.Version, ct))
        {
            problems.Add("star_run_superseded", "该考核结果已被更正：请用最新的一版评定。", "runId");
        }
        if (await db.Set<StarRating>().AnyAsync(r => r.RunId == run.Id, ct))
        {
            problems.Add("star_run_rated", "该考核结果已评定过星级。", "runId");
        }
        problems.ThrowIfAny();

        var year = scheme.Year;
        var bands = (await db.Set<StarBandSet>().AsNoTracking().SingleOrDefaultAsync(s => s.OrgId == scheme.OrgId && s.Year == year, ct))?.Bands
            ?? StarBands.Default;
        var results = await db.Set<RunResult>().AsNoTracking().Where(r => r.RunId == run.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var rating = new StarRating
        {
            Id = Ids.New(), OrgId = scheme.OrgId, Year = year, RunId = run.Id, BandsJson = StarBands.Write(bands), RatedAt = now, RatedBy = Current.UserName,
        };
        var entries = results.Select(r => new StarRatingEntry
        {
            Id = Ids.New(), RatingId = rating.Id, OrgId = r.OrgId, Year = year, RatedAt = now, Score = r.Total, Vetoed = r.Vetoed,
            Stars = StarBands.StarsOf(bands, r.Total, r.Vetoed),
        }).ToList();

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                db.Add(rating);
                db.AddRange(entries);
                await db.SaveChangesAsync(ct);
                await FollowUpAsync(rating, entries, ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return await GetAsync(rating.Id, ct);
    }

    /// <summary>Opens the obligations of the branches now low and closes those of the branches that rose.</summary>
    private async Task FollowUpAsync(StarRating rating, IReadOnlyList<StarRatingEntry> entries, CancellationToken ct)
    {
        var period = rating.Year.ToString(CultureInfo.InvariantCulture);
        var orgIds = entries.Select(e => e.OrgId).ToList();
        var open = await db.Set<Obligation>().AsNoTracking()
            .Where(o => o.Kind == RiseKind && o.Period == period && o.State == ObligationState.Open && orgIds.Contains(o.OrgId))
            .Select(o => new { o.OrgId, o.SourceId }).ToListAsync(ct);
        foreach (var risen in open.Where(o => entries.Single(e => e.OrgId == o.OrgId).Stars > StarBands.LowStars))
        {
            await obligations.CloseForSourceAsync(RiseKind, risen.SourceId, period, risen.OrgId, ct);
        }
        var due = new DateOnly(rating.Year, 12, 31);
        var drafts = entries.Where(e => e.Stars <= StarBands.LowStars && open.All(o => o.OrgId != e.OrgId))
            .Select(e => new ObligationDraft(RiseKind, $"{rating.Year}年星级评定为{e.Stars}星：年底前晋位升级（两星以下动态清零）", e.OrgId, due,
                nameof(StarRating), rating.Id, period, IssuerOrgId: rating.OrgId, Link: $"/assessment/stars/branches/{e.OrgId}", HandledAtSource: true))
            .ToList();
        await obligations.OpenAllAsync(drafts, ct);
    }

    // ----- 动态清零, map, history -----

    /// <summary>The 动态清零 list of an assessing organization's year: low at the first rating, low now, each with its obligation.</summary>
    public async Task<ClearanceList> ClearanceAsync(Guid? orgId, int year, CancellationToken ct = default)
    {
        Period.CheckYear(year);
        var org = await ReadOrgAsync(orgId, ct);
        var ratings = (await db.Set<StarRating>().AsNoTracking().Where(r => r.OrgId == org.Id && r.Year == year).ToListAsync(ct))
            .OrderBy(r => r.RatedAt).ToList();
        if (ratings.Count == 0)
        {
            return new ClearanceList(org.Id, org.Name, year, null, null, 0, 0, []);
        }
        var (first, last) = (ratings[0], ratings[^1]);
        var start = await StarsOfAsync(first.Id, ct);
        var now = await StarsOfAsync(last.Id, ct);
        var ids = start.Where(s => s.Value <= StarBands.LowStars).Select(s => s.Key)
            .Union(now.Where(s => s.Value <= StarBands.LowStars).Select(s => s.Key)).ToList();
        var period = year.ToString(CultureInfo.InvariantCulture);
        var owed = (await db.Set<Obligation>().AsNoTracking().Where(o => o.Kind == RiseKind && o.Period == period && ids.Contains(o.OrgId))
                .Select(o => new { o.OrgId, o.State, o.DueOn, o.CreatedAt }).ToListAsync(ct))
            .GroupBy(o => o.OrgId).ToDictionary(g => g.Key, g => g.OrderByDescending(o => o.CreatedAt).First());
        var places = await PlacesAsync(ids, ct);
        var rows = ids.Select(id =>
        {
            int? s0 = start.TryGetValue(id, out var a) ? a : null;
            int? s1 = now.TryGetValue(id, out var b) ? b : null;
            var o = owed.GetValueOrDefault(id);
            return new ClearanceRow(id, places.GetValueOrDefault(id).Name ?? "", places.GetValueOrDefault(id).Township ?? "", s0, s1,
                s1 is <= StarBands.LowStars, o?.State, o?.DueOn);
        }).OrderByDescending(r => r.Low).ThenBy(r => r.StarsNow).ThenBy(r => r.TownshipName, StringComparer.Ordinal).ThenBy(r => r.OrgName, StringComparer.Ordinal)
            .ToList();
        return new ClearanceList(org.Id, org.Name, year, first.RatedAt, last.RatedAt, start.Count(s => s.Value <= StarBands.LowStars),
            now.Count(s => s.Value <= StarBands.LowStars), rows);
    }

    private Task<Dictionary<Guid, int>> StarsOfAsync(Guid ratingId, CancellationToken ct) =>
        db.Set<StarRatingEntry>().AsNoTracking().Where(e => e.RatingId == ratingId).ToDictionaryAsync(e => e.OrgId, e => e.Stars, ct);

    /// <summary>The star map of a township (or of every township of the county): each village branch with its latest stars of the year.</summary>
    public async Task<StarMap> MapAsync(Guid orgId, int year, CancellationToken ct = default)
    {
        Period.CheckYear(year);
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Id, o.Name, o.Path })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", orgId);
        var villages = await db.Set<Organization>().AsNoTracking().InSubtree(db, org.Path).Villages().OrderBy(o => o.Path)
            .Select(o => new { o.Id, o.Name, ParentId = o.ParentId!.Value }).ToListAsync(ct);
        var ids = villages.Select(v => v.Id).ToList();
        var latest = (await db.Set<StarRatingEntry>().AsNoTracking().Where(e => e.Year == year && ids.Contains(e.OrgId)).ToListAsync(ct))
            .GroupBy(e => e.OrgId).ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.RatedAt).First());
        var townships = await NamesAsync(villages.Select(v => v.ParentId), ct);
        var groups = villages.GroupBy(v => v.ParentId).Select(g => new StarMapGroup(g.Key, townships.GetValueOrDefault(g.Key, ""),
                g.Select(v => latest.TryGetValue(v.Id, out var e)
                    ? new StarCell(v.Id, v.Name, e.Stars, e.Score, e.RatedAt)
                    : new StarCell(v.Id, v.Name, null, null, null)).ToList()))
            .ToList();
        return new StarMap(org.Id, org.Name, year, groups);
    }

    /// <summary>A branch's stars in every rating, latest first.</summary>
    public async Task<BranchStarHistory> HistoryAsync(Guid branchId, CancellationToken ct = default)
    {
        var places = await PlacesAsync([branchId], ct);
        if (!places.TryGetValue(branchId, out var place))
        {
            throw new NotFoundException("组织", branchId);
        }
        var rows = (await db.Set<StarRatingEntry>().AsNoTracking().Where(e => e.OrgId == branchId)
            .Select(e => new BranchStarRow(e.RatingId, e.Year, e.RatedAt, e.Score, e.Vetoed, e.Stars)).ToListAsync(ct)).OrderByDescending(r => r.RatedAt).ToList();
        return new BranchStarHistory(branchId, place.Name, place.Township, rows);
    }

    // ----- organizations -----

    /// <summary>The assessing organizations the account may read or rate for (as the scoring pages: the county and townships it sees).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> AssessingOrgsAsync(CancellationToken ct = default)
    {
        var q = db.Set<Organization>().AsNoTracking().Where(o => o.Depth == 0 || (o.Depth == 1 && o.Domain == OrgDomain.Comprehensive));
        return (await q.OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    /// <summary>The organization asked for (in scope), else the account's own, else the first assessing one it sees.</summary>
    private async Task<(Guid Id, string Name)> ReadOrgAsync(Guid? orgId, CancellationToken ct)
    {
        if ((orgId ?? Current.OrgId) is { } id)
        {
            var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == id).Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("组织", id);
            return (org.Id, org.Name);
        }
        var orgs = await AssessingOrgsAsync(ct);
        return orgs.Count > 0 ? orgs[0] : throw new NotFoundException("组织", Guid.Empty);
    }

    /// <summary>As for schemes: the one named or the account's own; the county or a township; an account bound to one acts in its name only.</summary>
    private async Task<(Guid Id, string Name)?> AssessingOrgAsync(Guid? asked, Problems problems, CancellationToken ct)
    {
        if ((asked ?? Current.OrgId) is not { } orgId || orgId == Guid.Empty)
        {
            problems.Add("star_org_required", "请选择考核单位。", "orgId");
            return null;
        }
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Id, o.Name, o.Depth, o.Domain })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", orgId);
        if (Current.OrgId is { } own && own != org.Id)
        {
            problems.Add("star_org_not_own", "只能设置本单位的星级分档。", "orgId");
            return null;
        }
        if (!(org.Depth == 0 || (org.Depth == 1 && org.Domain == OrgDomain.Comprehensive)))
        {
            problems.Add("star_org_level", $"{org.Name}不能设置星级分档：星级评定由县委或乡镇（街道）党委组织。", "orgId");
            return null;
        }
        return (org.Id, org.Name);
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id))
            .Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    /// <summary>Each branch in scope with its township's name.</summary>
    private async Task<Dictionary<Guid, (string Name, string Township)>> PlacesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        var rows = await db.Set<Organization>().AsNoTracking().Where(o => list.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.ParentId }).ToListAsync(ct);
        var parents = await NamesAsync(rows.Where(r => r.ParentId != null).Select(r => r.ParentId!.Value), ct);
        return rows.ToDictionary(r => r.Id, r => (r.Name, r.ParentId is { } p ? parents.GetValueOrDefault(p, "") : ""));
    }
}
