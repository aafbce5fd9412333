using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

public sealed record LeaderCoverage(Guid PersonId, string Name, PositionTitle Title, int Lectures);

/// <summary>One branch's row of the compliance matrix.</summary>
public sealed record BranchCompliance(
    Guid OrgId, string Code, string Name, string? ParentName, IReadOnlyList<ComplianceCell> Cells,
    int Required, int Missing, int Pending, int Late, int Meetings, int ExpectedAttendance, int PresentAttendance,
    double? AttendanceRate, IReadOnlyList<LeaderCoverage> Leaders);

public sealed record ComplianceReport(
    Guid OrgId, string OrgName, string Period, string PeriodLabel, DateOnly From, DateOnly To, DateOnly Today,
    Paged<BranchCompliance> Branches);

/// <summary>One cell of the heat map: what fell due in a month for the branches of one row.</summary>
public sealed record HeatCell(int Month, int Due, int Missing, int Pending, int Late, bool Future)
{
    /// <summary>Share of what fell due that is held (0–1), or null when nothing fell due.</summary>
    public double? Rate => Due == 0 ? null : (double)(Due - Missing - Pending) / Due;
}

public sealed record HeatRow(Guid OrgId, string Name, int Branches, IReadOnlyList<HeatCell> Months, int Missing);

public sealed record Heatmap(Guid OrgId, string OrgName, int Year, DateOnly Today, IReadOnlyList<HeatRow> Rows);

/// <summary>
/// 三会一课 compliance, computed in the database: for a set of branches and a span of months, meetings are counted
/// with one GROUP BY per question (by branch, month and type; attendance by branch; 党课 by lecturer), never a query
/// per branch, so the number of commands does not grow with the number of branches. The cadence arithmetic on the
/// counts is <see cref="ComplianceEngine"/>.
/// <para>A branch (支部) is an organization of kind <see cref="OrgKind.Branch"/> (党支部): members belong to it
/// and it holds the 三会一课. 党委 and 党总支 are judged through their branches.</para>
/// </summary>
public sealed class ComplianceService(ZerenDbContext db, OrganizationService orgs, TimeProvider clock)
{
    /// <summary>The posts whose holders are a branch's 党员领导干部, each owing a 党课 a year.</summary>
    public static readonly PositionTitle[] LeaderTitles = [PositionTitle.Secretary, PositionTitle.DeputySecretary, PositionTitle.FirstSecretary];

    private DateOnly Today => ChinaTime.Today(clock);

    /// <summary>The per-branch, per-type matrix of the branches under <paramref name="orgId"/>, paged by branch in tree order.</summary>
    public async Task<ComplianceReport> ReportAsync(Guid orgId, Period period, PageRequest page, CancellationToken ct = default)
    {
        var root = await orgs.GetAsync(orgId, ct);
        var path = await orgs.PathOfAsync(orgId, ct);
        var branches = await Branches(path).OrderBy(o => o.Path).Select(BranchInfoOf()).ToPagedAsync(page, ct);
        var data = await LoadAsync(branches.Items, null, period.Start, period.EndExclusive, ct);
        var today = Today;
        var rows = branches.Items.Select(b => Row(b, data, data.Parents, period, today)).ToList();
        return new ComplianceReport(root.Id, root.Name, period.ToString(), period.Label, period.Start, period.LastDay, today,
            new Paged<BranchCompliance>(rows, branches.Total, branches.Page, branches.PageSize));
    }

    /// <summary>The branches under an organization that are behind in a period, the furthest behind first.</summary>
    public async Task<IReadOnlyList<BranchCompliance>> BehindAsync(Guid orgId, Period period, int take = 50, CancellationToken ct = default)
    {
        var path = await orgs.PathOfAsync(orgId, ct);
        var branches = await Branches(path).Select(BranchInfoOf()).ToListAsync(ct);
        var data = await LoadAsync(branches, path, period.Start, period.EndExclusive, ct);
        var today = Today;
        return branches.Select(b => Row(b, data, data.Parents, period, today))
            .Where(r => r.Missing > 0)
            .OrderByDescending(r => r.Missing).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(Math.Clamp(take, 1, 500)).ToList();
    }

    /// <summary>
    /// The heat map of a year: one row per child of the organization (its branches summed), one cell per month with
    /// what fell due that month (<see cref="ComplianceEngine.DueInMonth"/>). A branch asked for is its own single row.
    /// </summary>
    public async Task<Heatmap> HeatmapAsync(Guid orgId, int year, CancellationToken ct = default)
    {
        var root = await orgs.GetAsync(orgId, ct);
        var path = await orgs.PathOfAsync(orgId, ct);
        var yearPeriod = Period.OfYear(year);
        var branches = await Branches(path).Select(BranchInfoOf()).ToListAsync(ct);
        var data = await LoadAsync(branches, path, yearPeriod.Start, yearPeriod.EndExclusive, ct);
        var today = Today;
        var rowOrgs = root.Kind == OrgKind.Branch
            ? [(root.Id, root.Name, Path: path)]
            : (await db.Set<Organization>().AsNoTracking().Where(o => o.ParentId == orgId)
                .OrderBy(o => o.SortOrder).ThenBy(o => o.Name).Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct))
                .Select(o => (o.Id, o.Name, o.Path)).ToList();
        var rows = new List<HeatRow>();
        foreach (var (id, name, rowPath) in rowOrgs)
        {
            var inRow = branches.Where(b => b.Path.StartsWith(rowPath, StringComparison.Ordinal)).ToList();
            if (inRow.Count == 0)
            {
                continue;
            }
            var months = new List<HeatCell>(12);
            for (var m = 1; m <= 12; m++)
            {
                int due = 0, missing = 0, pending = 0, late = 0;
                foreach (var b in inRow)
                {
                    foreach (var c in ComplianceEngine.DueInMonth(b, year, m, data.Rules, data.CountsOf(b.Id), data.LeadersOf(b.Id), today))
                    {
                        due += c.Required;
                        missing += c.Missing;
                        pending += c.Pending;
                        late += c.Status == ComplianceStatus.Late ? 1 : 0;
                    }
                }
                months.Add(new HeatCell(m, due, missing, pending, late, Period.Month(year, m).Start > today));
            }
            rows.Add(new HeatRow(id, name, inRow.Count, months, months.Sum(c => c.Missing)));
        }
        return new Heatmap(root.Id, root.Name, year, today, rows);
    }

    /// <summary>What fell due in one month of a year (the heat map's cell) for the branches under an organization, with the shortfalls.</summary>
    public async Task<IReadOnlyList<BranchCompliance>> DueInMonthAsync(Guid orgId, int year, int month, bool shortOnly, CancellationToken ct = default)
    {
        var path = await orgs.PathOfAsync(orgId, ct);
        var yearPeriod = Period.OfYear(year);
        var branches = await Branches(path).OrderBy(o => o.Path).Select(BranchInfoOf()).ToListAsync(ct);
        var data = await LoadAsync(branches, path, yearPeriod.Start, yearPeriod.EndExclusive, ct);
        var today = Today;
        var monthPeriod = Period.Month(year, month);
        var list = new List<BranchCompliance>();
        foreach (var b in branches)
        {
            var cells = ComplianceEngine.DueInMonth(b, year, month, data.Rules, data.CountsOf(b.Id), data.LeadersOf(b.Id), today);
            var row = Row(b, data, data.Parents, monthPeriod, today) with
            {
                Cells = cells,
                Required = cells.Sum(c => c.Required),
                Missing = cells.Sum(c => c.Missing),
                Pending = cells.Sum(c => c.Pending),
                Late = cells.Count(c => c.Status == ComplianceStatus.Late),
            };
            if (!shortOnly || row.Missing + row.Pending > 0 || row.Late > 0)
            {
                list.Add(row);
            }
        }
        return list;
    }

    private IQueryable<Organization> Branches(string path) =>
        db.Set<Organization>().AsNoTracking().InSubtree(path).Where(o => o.Kind == OrgKind.Branch);

    private System.Linq.Expressions.Expression<Func<Organization, BranchInfo>> BranchInfoOf() =>
        o => new BranchInfo(o.Id, o.Code, o.Name, o.Domain,
            db.Set<Organization>().Any(g => g.ParentId == o.Id && g.Kind == OrgKind.Group), o.ParentId, o.Path);

    private static BranchCompliance Row(BranchInfo b, Loaded data, IReadOnlyDictionary<Guid, string> parents, Period period, DateOnly today)
    {
        var counts = data.CountsOf(b.Id);
        var leaders = data.LeadersOf(b.Id);
        var cells = ComplianceEngine.Evaluate(b, period, data.Rules, counts, leaders, today);
        var (expected, present, meetings) = data.Attendance.GetValueOrDefault(b.Id);
        return new BranchCompliance(
            b.Id, b.Code, b.Name, b.ParentId is { } p ? parents.GetValueOrDefault(p) : null, cells,
            cells.Sum(c => c.Required), cells.Sum(c => c.Missing), cells.Sum(c => c.Pending), cells.Count(c => c.Status == ComplianceStatus.Late),
            meetings, expected, present, expected == 0 ? null : Math.Round((double)present / expected, 4),
            leaders.Select(l => new LeaderCoverage(l.PersonId, l.Name, l.Title, counts.LecturesBy(l.PersonId, period))).ToList());
    }

    /// <summary>Everything the engine needs for a set of branches and a span of days, in a fixed number of queries.</summary>
    private sealed class Loaded
    {
        public IReadOnlyList<MeetingCadence> Rules { get; init; } = [];
        public Dictionary<Guid, BranchCounts> Counts { get; } = [];
        public Dictionary<Guid, List<BranchLeader>> Leaders { get; } = [];
        public Dictionary<Guid, (int Expected, int Present, int Meetings)> Attendance { get; } = [];
        public Dictionary<Guid, string> Parents { get; } = [];

        public BranchCounts CountsOf(Guid id) => Counts.TryGetValue(id, out var c) ? c : new BranchCounts();

        public List<BranchLeader> LeadersOf(Guid id) => Leaders.TryGetValue(id, out var l) ? l : [];
    }

    /// <summary>
    /// Reads the counts. <paramref name="subtreePath"/> set: the branches are every branch of that subtree (a
    /// semi-join, however many); otherwise the listed branches (one page).
    /// </summary>
    private async Task<Loaded> LoadAsync(IReadOnlyList<BranchInfo> branches, string? subtreePath, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var data = new Loaded { Rules = await db.Set<MeetingCadence>().AsNoTracking().ToListAsync(ct) };
        if (branches.Count == 0)
        {
            return data;
        }
        var ids = branches.Select(b => b.Id).ToList();
        var meetings = db.Set<Meeting>().AsNoTracking().Where(m => m.HeldOn >= from && m.HeldOn < to);
        IQueryable<Position> positions = db.Set<Position>().AsNoTracking();
        if (subtreePath is not null)
        {
            var subtree = db.Set<Organization>().InSubtree(subtreePath);
            meetings = meetings.Where(m => subtree.Any(o => o.Id == m.OrgId));
            positions = positions.Where(p => subtree.Any(o => o.Id == p.OrgId && o.Kind == OrgKind.Branch));
        }
        else
        {
            meetings = meetings.Where(m => ids.Contains(m.OrgId));
            positions = positions.Where(p => ids.Contains(p.OrgId));
        }

        var byType = await meetings
            .Join(db.Set<MeetingTypeEntry>(), m => m.Id, t => t.MeetingId, (m, t) => new { m.OrgId, m.HeldOn.Year, m.HeldOn.Month, t.Type, t.Counts })
            .GroupBy(x => new { x.OrgId, x.Year, x.Month, x.Type })
            .Select(g => new { g.Key.OrgId, g.Key.Year, g.Key.Month, g.Key.Type, Counted = g.Count(x => x.Counts), NotCounted = g.Count(x => !x.Counts) })
            .ToListAsync(ct);
        foreach (var r in byType)
        {
            Counts(data, r.OrgId).ByMonth[(BranchCounts.Key(r.Year, r.Month), r.Type)] = (r.Counted, r.NotCounted);
        }

        var lectures = await meetings
            .Where(m => m.LecturerPersonId != null && m.Types.Any(t => t.Type == MeetingType.Lecture && t.Counts))
            .GroupBy(m => new { m.OrgId, m.LecturerPersonId, m.HeldOn.Year, m.HeldOn.Month })
            .Select(g => new { g.Key.OrgId, g.Key.LecturerPersonId, g.Key.Year, g.Key.Month, N = g.Count() })
            .ToListAsync(ct);
        foreach (var r in lectures)
        {
            Counts(data, r.OrgId).Lectures[(r.LecturerPersonId!.Value, BranchCounts.Key(r.Year, r.Month))] = r.N;
        }

        var attendance = await meetings
            .GroupBy(m => m.OrgId)
            .Select(g => new { OrgId = g.Key, Expected = g.Sum(m => m.ExpectedCount), Present = g.Sum(m => m.PresentCount), N = g.Count() })
            .ToListAsync(ct);
        foreach (var r in attendance)
        {
            data.Attendance[r.OrgId] = (r.Expected, r.Present, r.N);
        }

        // Leaders as of the period's last day, or today while it runs.
        var last = to.AddDays(-1);
        var asOf = last < Today ? last : Today;
        var titles = LeaderTitles;
        var posts = await positions
            .Where(p => titles.Contains(p.Title) && p.StartOn <= asOf && (p.EndOn == null || p.EndOn >= asOf))
            .Select(p => new { p.OrgId, p.PersonId, p.Title })
            .ToListAsync(ct);
        // Names in a query of their own: a first secretary may belong outside the actor's scope.
        var personIds = posts.Select(p => p.PersonId).Distinct().ToList();
        var names = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        foreach (var p in posts.OrderBy(p => p.Title).ThenBy(p => names.GetValueOrDefault(p.PersonId), StringComparer.Ordinal))
        {
            if (!data.Leaders.TryGetValue(p.OrgId, out var list))
            {
                data.Leaders[p.OrgId] = list = [];
            }
            if (list.All(l => l.PersonId != p.PersonId))
            {
                list.Add(new BranchLeader(p.PersonId, names.GetValueOrDefault(p.PersonId, ""), p.Title));
            }
        }

        var parentIds = branches.Where(b => b.ParentId.HasValue).Select(b => b.ParentId!.Value).Distinct().ToList();
        foreach (var p in await db.Set<Organization>().AsNoTracking().Where(o => parentIds.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
        {
            data.Parents[p.Id] = p.Name;
        }
        return data;
    }

    private static BranchCounts Counts(Loaded data, Guid orgId)
    {
        if (!data.Counts.TryGetValue(orgId, out var c))
        {
            data.Counts[orgId] = c = new BranchCounts();
        }
        return c;
    }
}
