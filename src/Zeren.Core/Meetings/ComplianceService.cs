using System.Linq.Expressions;
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

/// <summary>
/// The heat map of a year; <see cref="Total"/> sums its rows month by month (null when it has none). A large subtree's
/// is a snapshot (ADR 0050): <see cref="SnapshotAt"/> is the instant it was judged, null when judged for this request.
/// </summary>
public sealed record Heatmap(Guid OrgId, string OrgName, int Year, DateOnly Today, IReadOnlyList<HeatRow> Rows, HeatRow? Total,
    DateTimeOffset? SnapshotAt = null);

/// <summary>The compliance page's data: the year's heat map and, when a month is asked, that month's branches behind (a page).</summary>
public sealed record ComplianceOverview(Heatmap Heatmap, Paged<BranchCompliance>? Behind);

/// <summary>A branch that is behind, by name only (the home page's first few).</summary>
public sealed record BranchRef(Guid OrgId, string Name, string? ParentName);

/// <summary>
/// How many branches under an organization are short of what falls due in a month, and the first few in tree order;
/// <see cref="SnapshotAt"/> as in <see cref="Heatmap"/>.
/// </summary>
public sealed record BehindSummary(Guid OrgId, int Year, int Month, int Count, IReadOnlyList<BranchRef> First, DateTimeOffset? SnapshotAt = null);

/// <summary>
/// 三会一课 compliance, computed in the database: for a set of branches and a span of months, meetings are counted
/// with one GROUP BY per question (by branch, month and type; attendance by branch; 党课 by lecturer), never a query
/// per branch, so the number of commands does not grow with the number of branches. The cadence arithmetic on the
/// counts is <see cref="ComplianceEngine"/>.
/// <para>A branch (支部) is an organization of kind <see cref="OrgKind.Branch"/> (党支部): members belong to it
/// and it holds the 三会一课. 党委 and 党总支 are judged through their branches.</para>
/// </summary>
public sealed class ComplianceService(
    ZerenDbContext db, OrganizationService orgs, TimeProvider clock, ComplianceSnapshots? snapshots = null, CadenceRules? cadences = null)
{
    /// <summary>The posts whose holders are a branch's 党员领导干部, each owing a 党课 a year.</summary>
    public static readonly PositionTitle[] LeaderTitles = [PositionTitle.Secretary, PositionTitle.DeputySecretary, PositionTitle.FirstSecretary];

    private DateOnly Today => ChinaTime.Today(clock);

    /// <summary>The cadence rules: held in memory (<see cref="CadenceRules"/>), or without it read from the table.</summary>
    private async Task<IReadOnlyList<MeetingCadence>> RulesAsync(CancellationToken ct) =>
        cadences is not null ? await cadences.GetAsync(db, ct) : await db.Set<MeetingCadence>().AsNoTracking().ToListAsync(ct);

    /// <summary>The per-branch, per-type matrix of the branches under <paramref name="orgId"/>, paged by branch in tree order.</summary>
    public async Task<ComplianceReport> ReportAsync(Guid orgId, Period period, PageRequest page, CancellationToken ct = default)
    {
        var root = await orgs.NodeAsync(orgId, ct);
        var path = root.Path;
        var branches = await Branches(path).OrderBy(o => o.Path).Select(BranchInfoOf()).ToPagedAsync(page, ct);
        var data = await LoadAsync(branches.Items, null, period.Start, period.EndExclusive, null, ct);
        var today = Today;
        var rows = branches.Items.Select(b => Row(b, data, period, today)).ToList();
        return new ComplianceReport(root.Id, root.Name, period.ToString(), period.Label, period.Start, period.LastDay, today,
            branches.With<BranchCompliance>(rows));
    }

    /// <summary>The branches under an organization that are behind in a period, the furthest behind first.</summary>
    public async Task<IReadOnlyList<BranchCompliance>> BehindAsync(Guid orgId, Period period, int take = 50, CancellationToken ct = default)
    {
        var path = await orgs.PathOfAsync(orgId, ct);
        var branches = await Branches(path).Select(BranchInfoOf()).ToListAsync(ct);
        var data = await LoadAsync(branches, path, period.Start, period.EndExclusive, null, ct);
        var today = Today;
        return branches.Select(b => Row(b, data, period, today))
            .Where(r => r.Missing > 0)
            .OrderByDescending(r => r.Missing).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(Math.Clamp(take, 1, 500)).ToList();
    }

    /// <summary>
    /// The heat map of a year: one row per child of the organization (its branches summed), one cell per month with
    /// what fell due that month (<see cref="ComplianceEngine.DueInMonth"/>). A branch asked for is its own single row.
    /// </summary>
    public async Task<Heatmap> HeatmapAsync(Guid orgId, int year, CancellationToken ct = default) =>
        (await OverviewAsync(orgId, year, null, PageRequest.Of(1, 1), ct)).Heatmap;

    /// <summary>
    /// The compliance page in one pass: the heat map of a year and, for one of its months, the branches short of what
    /// fell due (<see cref="BehindInMonthAsync"/>'s list), paged in tree order. The year is read once (its monthly
    /// summaries) and each branch's months are judged once, for both.
    /// </summary>
    public async Task<ComplianceOverview> OverviewAsync(Guid orgId, int year, int? month, PageRequest page, CancellationToken ct = default)
    {
        Period.CheckYear(year);
        if (FromLedger || JudgeInMemory)
        {
            return await OverviewInMemoryAsync(orgId, year, month, page, ct);
        }
        var root = await orgs.NodeAsync(orgId, ct);
        var path = root.Path;
        var today = Today;
        var rowOrgs = await RowOrgsAsync(root, path, ct);
        var subtree = await SubtreeAsync(path, ct);
        // Every branch under a child shares the child's path as its first characters: the row is that prefix.
        var rowPathLength = root.Kind == OrgKind.Branch ? path.Length : path.Length + OrgPath.SegmentLength;
        var requirements = HeatmapQuery.Requirements(subtree.Rules, year, today);
        var key = $"heatmap|{rowPathLength}|{year}|{today:yyyyMMdd}|{HeatmapQuery.Fingerprint(requirements)}";
        var (judged, snapshotAt) = await SnapshotAsync(path, key, Kept(subtree),
            c => HeatmapQuery.RunAsync(db, requirements, path, rowPathLength, year, today, c), ct);
        var cells = judged.ToDictionary(c => c.RowPath, StringComparer.Ordinal);
        var rows = new List<HeatRow>();
        foreach (var (id, name, rowPath) in rowOrgs)
        {
            if (!cells.TryGetValue(rowPath, out var c) || c.Branches == 0)
            {
                continue;
            }
            var months = Enumerable.Range(1, 12)
                .Select(m => new HeatCell(m, c.Due[m - 1], c.Missing[m - 1], c.Pending[m - 1], c.Late[m - 1], Period.Month(year, m).Start > today))
                .ToList();
            rows.Add(new HeatRow(id, name, c.Branches, months, months.Sum(x => x.Missing)));
        }
        var heatmap = new Heatmap(root.Id, root.Name, year, today, rows, TotalOf(root, rows), snapshotAt);
        // The month's branches behind: decided in the database too (ShortInMonthAsync), only a page judged here.
        var behind = month is { } mo ? await BehindInMonthAsync(subtree, year, mo, page, ct) : null;
        return new ComplianceOverview(heatmap, behind);
    }

    /// <summary>The heat map's rows: the children of the organization, in their order, or a branch alone.</summary>
    private async Task<List<(Guid Id, string Name, string Path)>> RowOrgsAsync(OrgNode root, string path, CancellationToken ct) =>
        root.Kind == OrgKind.Branch
            ? [(root.Id, root.Name, path)]
            : (await db.Set<Organization>().AsNoTracking().Where(o => o.ParentId == root.Id)
                .OrderBy(o => o.SortOrder).ThenBy(o => o.Name).Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct))
                .Select(o => (o.Id, o.Name, o.Path)).ToList();

    /// <summary>
    /// Judges every branch's months here, from the counts read (the summaries, or the meetings with
    /// <see cref="FromLedger"/>): the reference the database's judgement (<see cref="HeatmapQuery"/>) is tested against.
    /// </summary>
    internal bool JudgeInMemory { get; set; }

    private async Task<ComplianceOverview> OverviewInMemoryAsync(Guid orgId, int year, int? month, PageRequest page, CancellationToken ct)
    {
        var root = await orgs.NodeAsync(orgId, ct);
        var path = root.Path;
        var yearPeriod = Period.OfYear(year);
        var branches = await Branches(path).OrderBy(o => o.Path).Select(BranchInfoOf()).ToListAsync(ct);
        var data = await LoadAsync(branches, path, yearPeriod.Start, yearPeriod.EndExclusive, null, ct);
        var today = Today;
        var rowOrgs = await RowOrgsAsync(root, path, ct);
        // Each branch's twelve months, judged once.
        var judged = new Dictionary<Guid, IReadOnlyList<ComplianceCell>[]>(branches.Count);
        foreach (var b in branches)
        {
            var counts = data.CountsOf(b.Id);
            var leaders = data.LeadersOf(b.Id);
            var months = new IReadOnlyList<ComplianceCell>[12];
            for (var m = 1; m <= 12; m++)
            {
                months[m - 1] = ComplianceEngine.DueInMonth(b, year, m, data.Rules, counts, leaders, today);
            }
            judged[b.Id] = months;
        }
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
                    foreach (var c in judged[b.Id][m - 1])
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
        var heatmap = new Heatmap(root.Id, root.Name, year, today, rows, TotalOf(root, rows));
        if (month is not { } mo)
        {
            return new ComplianceOverview(heatmap, null);
        }
        var monthPeriod = Period.Month(year, mo);
        var shortOnes = branches.Where(b => judged[b.Id][mo - 1].Any(c => c.Missing + c.Pending > 0)).ToList();
        var pageItems = shortOnes.Skip(page.Skip).Take(page.SafeSize).Select(b =>
        {
            var cells = judged[b.Id][mo - 1];
            return Row(b, data, monthPeriod, today) with
            {
                Cells = cells,
                Required = cells.Sum(c => c.Required),
                Missing = cells.Sum(c => c.Missing),
                Pending = cells.Sum(c => c.Pending),
                Late = cells.Count(c => c.Status == ComplianceStatus.Late),
            };
        }).ToList();
        return new ComplianceOverview(heatmap, new Paged<BranchCompliance>(pageItems, shortOnes.Count, page.SafePage, page.SafeSize));
    }

    /// <summary>The rows summed month by month: the 合计 row under the heat map.</summary>
    private static HeatRow? TotalOf(OrgNode root, List<HeatRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }
        var months = Enumerable.Range(1, 12).Select(m =>
        {
            var cells = rows.Select(r => r.Months[m - 1]).ToList();
            return new HeatCell(m, cells.Sum(c => c.Due), cells.Sum(c => c.Missing), cells.Sum(c => c.Pending), cells.Sum(c => c.Late), cells[0].Future);
        }).ToList();
        return new HeatRow(root.Id, root.Name, rows.Sum(r => r.Branches), months, rows.Sum(r => r.Missing));
    }

    /// <summary>
    /// The branches under an organization that are short of what falls due in a month (the heat map's cell: missing,
    /// or still owed while the month runs), complete and paged in tree order; each row holds that month's cells.
    /// Which branches are short is decided in the database (<see cref="ShortInMonthAsync"/>); only a page is evaluated.
    /// </summary>
    public async Task<Paged<BranchCompliance>> BehindInMonthAsync(Guid orgId, int year, int month, PageRequest page, CancellationToken ct = default) =>
        await BehindInMonthAsync(await SubtreeAsync(await orgs.PathOfAsync(orgId, ct), ct), year, month, page, ct);

    private async Task<Paged<BranchCompliance>> BehindInMonthAsync(Subtree subtree, int year, int month, PageRequest page, CancellationToken ct)
    {
        var path = subtree.Path;
        var due = DueIn(subtree, year, month);
        Paged<BranchInfo> branches;
        if (due is { OnePass: true, Kept: true })
        {
            // A city's or the province's: which branches are short, in tree order, is a snapshot (ADR 0050; a province's
            // December took 1–4 s to decide at each page); the page's rows and their cells are read for this request.
            var key = $"short|{year}|{month}|{Today:yyyyMMdd}|{HeatmapQuery.Fingerprint(due.Requirements)}";
            var (ordered, _) = await SnapshotAsync(path, key, kept: true,
                c => HeatmapQuery.ShortInMonthInOrder(db, due.Requirements, path, due.AsOf).ToListAsync(c), ct);
            var ids = ordered.Skip(page.Skip).Take(page.SafeSize).ToList();
            var infos = (await Branches(path).Where(o => ids.Contains(o.Id)).Select(BranchInfoOf()).ToListAsync(ct)).ToDictionary(b => b.Id);
            branches = new Paged<BranchInfo>([.. ids.Where(infos.ContainsKey).Select(id => infos[id])], ordered.Count, page.SafePage, page.SafeSize);
        }
        else
        {
            branches = await ShortInMonth(path, due).OrderBy(o => o.Path).Select(BranchInfoOf()).ToPagedAsync(page, ct);
        }
        var yearPeriod = Period.OfYear(year);
        var data = await LoadAsync(branches.Items, null, yearPeriod.Start, yearPeriod.EndExclusive, subtree.Rules, ct);
        var today = Today;
        var monthPeriod = Period.Month(year, month);
        var rows = branches.Items.Select(b =>
        {
            var cells = ComplianceEngine.DueInMonth(b, year, month, data.Rules, data.CountsOf(b.Id), data.LeadersOf(b.Id), today);
            return Row(b, data, monthPeriod, today) with
            {
                Cells = cells,
                Required = cells.Sum(c => c.Required),
                Missing = cells.Sum(c => c.Missing),
                Pending = cells.Sum(c => c.Pending),
                Late = cells.Count(c => c.Status == ComplianceStatus.Late),
            };
        }).ToList();
        return branches.With<BranchCompliance>(rows);
    }

    /// <summary>How many branches under an organization are short in a month, and the first <paramref name="take"/> of them; counted in the database.</summary>
    public async Task<BehindSummary> BehindSummaryAsync(Guid orgId, int year, int month, int take = 5, CancellationToken ct = default) =>
        (await BehindSummariesAsync(orgId, [(year, month)], take, ct))[0];

    /// <summary>
    /// <see cref="BehindSummaryAsync"/> for several months of one organization (the home page's this month and last): its
    /// path, its size and the rules are read once for all of them.
    /// </summary>
    public async Task<IReadOnlyList<BehindSummary>> BehindSummariesAsync(
        Guid orgId, IReadOnlyList<(int Year, int Month)> months, int take = 5, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(months);
        var path = await orgs.PathOfAsync(orgId, ct);
        take = Math.Clamp(take, 0, 50);
        var subtree = await SubtreeAsync(path, ct);
        var summaries = new List<BehindSummary>(months.Count);
        foreach (var (year, month) in months)
        {
            summaries.Add(await BehindAsync(orgId, path, subtree, year, month, take, ct));
        }
        return summaries;
    }

    private async Task<BehindSummary> BehindAsync(Guid orgId, string path, Subtree subtree, int year, int month, int take, CancellationToken ct)
    {
        var due = DueIn(subtree, year, month);
        if (due is { OnePass: true })
        {
            // A large subtree: the count and the first few from one run of the statement, not two (a province's December: 1.1 s each),
            // kept a few minutes above a county's size (ADR 0050). The names are read at each request.
            var key = $"behind|{year}|{month}|{Today:yyyyMMdd}|{take}|{HeatmapQuery.Fingerprint(due.Requirements)}";
            var ((total, ids), snapshotAt) = await SnapshotAsync(path, key, due.Kept, async c =>
            {
                var rows = await HeatmapQuery.FirstShortInMonth(db, due.Requirements, path, due.AsOf, Math.Max(take, 1)).ToListAsync(c);
                return new ShortFirst(rows.Count == 0 ? 0 : (int)rows[0].Total, rows.Take(take).Select(r => r.Id).ToList());
            }, ct);
            return new BehindSummary(orgId, year, month, total, await RefsAsync(ids, ct), snapshotAt);
        }
        // A county's: the short branches' ids in tree order, in one statement that both counts them and gives the first
        // few (a count and a page were two runs of the same probes: 5–6 ms each on the county's home page).
        var shortIds = await ShortInMonth(path, due).OrderBy(o => o.Path).Select(o => o.Id).ToListAsync(ct);
        return new BehindSummary(orgId, year, month, shortIds.Count, await RefsAsync(shortIds.Take(take).ToList(), ct));
    }

    /// <summary>The branches' names and their parents', in the order of <paramref name="ids"/>.</summary>
    private async Task<List<BranchRef>> RefsAsync(List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var refs = await db.Set<Organization>().AsNoTracking().Where(o => ids.Contains(o.Id)).Select(RefOf()).ToListAsync(ct);
        return ids.Select(id => refs.Find(r => r.OrgId == id)).OfType<BranchRef>().ToList();
    }

    /// <summary>How many branches are short in a month, and the ids of the first few in tree order.</summary>
    private sealed record ShortFirst(int Total, List<Guid> Ids);

    /// <summary>
    /// Above this many branches under it, a subtree's judgements are snapshots kept <see cref="ComplianceSnapshots.MaxAge"/>
    /// (ADR 0050): a city's or a province's. A county's 400–600 branches are judged at each request.
    /// </summary>
    internal int SnapshotBranchesAbove { get; set; } = 2000;

    /// <summary>
    /// A subtree asked about: its path, its branches counted up to the larger of <see cref="ProbeBranchesUpTo"/> and
    /// <see cref="SnapshotBranchesAbove"/> and one more, and the cadence rules; read once per question and shared by its parts
    /// (the compliance page's heat map and its month's list).
    /// </summary>
    private sealed record Subtree(string Path, int Branches, IReadOnlyList<MeetingCadence> Rules);

    private async Task<Subtree> SubtreeAsync(string path, CancellationToken ct)
    {
        var rules = await RulesAsync(ct);
        var above = Math.Max(ProbeBranchesUpTo, snapshots is null ? 0 : SnapshotBranchesAbove);
        return new Subtree(path, await Branches(path).Take(above + 1).CountAsync(ct), rules);
    }

    /// <summary>Whether the subtree's judgements are kept as snapshots: snapshots are on and it holds more than <see cref="SnapshotBranchesAbove"/> branches.</summary>
    private bool Kept(Subtree subtree) => snapshots is not null && subtree.Branches > SnapshotBranchesAbove;

    /// <summary>The value computed for this request, or for a large subtree (<paramref name="kept"/>) the snapshot under the subtree's path and <paramref name="key"/>.</summary>
    private async Task<(T Value, DateTimeOffset? At)> SnapshotAsync<T>(
        string path, string key, bool kept, Func<CancellationToken, Task<T>> compute, CancellationToken ct) where T : class
    {
        if (!kept || snapshots is null)
        {
            return (await compute(ct), null);
        }
        var (value, at) = await snapshots.GetAsync($"{path}|{key}", compute, ct);
        return (value, at);
    }

    private Expression<Func<Organization, BranchRef>> RefOf() =>
        o => new BranchRef(o.Id, o.Name, db.Set<Organization>().Where(p => p.Id == o.ParentId).Select(p => p.Name).FirstOrDefault());

    /// <summary>
    /// Up to this many branches, <see cref="ShortInMonthAsync"/> probes each branch's months; above, it reads the
    /// months' counts of the whole subtree in one pass (ADR 0048). Measured on a province's data: a county's 422
    /// branches take 33 ms in one pass and a few by probes; the province's 42 000, 1.1–1.8 s by probes, 0.26 s
    /// (November) to 1.1 s (December, the year's rules) in one pass. Tests set it to 0 to hold the pass to the engine too.
    /// </summary>
    internal int ProbeBranchesUpTo { get; set; } = 2000;

    /// <summary>
    /// The branches under <paramref name="path"/> short of something that falls due in the month, as one query the
    /// database answers however many branches there are (a province's 60 000): for each requirement due that month
    /// (<see cref="ComplianceEngine.DueInMonth"/>: the monthly rules, the quarter's in its last month, the year's in
    /// December, each by the rule in force at the start of its period for the branch's domain; the heat map's
    /// requirements, <see cref="HeatmapQuery.Requirements"/>), a branch is short when its meetings that count, in the
    /// rule's period, are fewer than the minimum; for a per-leader rule (党课), when a leader on record gave fewer, or,
    /// with no leader on record, the branch held fewer. The same answer as the engine, which a test holds both ways to.
    /// </summary>
    public async Task<IQueryable<Organization>> ShortInMonthAsync(string path, int year, int month, CancellationToken ct = default) =>
        ShortInMonth(path, DueIn(await SubtreeAsync(path, ct), year, month));

    /// <summary>What falls due in a month under a subtree, the day its leaders are asked for, and whether the subtree is judged in one pass; null when nothing falls due.</summary>
    private sealed record DueInMonth(List<HeatmapQuery.Requirement> Requirements, DateOnly AsOf, bool OnePass, bool Kept);

    private DueInMonth? DueIn(Subtree subtree, int year, int month)
    {
        var today = Today;
        var requirements = HeatmapQuery.Requirements(subtree.Rules, year, today).Where(r => r.HeatMonth == month).ToList();
        if (requirements.Count == 0)
        {
            return null;
        }
        var yearPeriod = Period.OfYear(year);
        var asOf = yearPeriod.LastDay < today ? yearPeriod.LastDay : today;
        // One count answers both: whether to judge in one pass, and whether to keep the answer (ADR 0050).
        return new DueInMonth(requirements, asOf, subtree.Branches > ProbeBranchesUpTo, Kept(subtree));
    }

    private IQueryable<Organization> ShortInMonth(string path, DueInMonth? due)
    {
        var branches = Branches(path);
        if (due is null)
        {
            return branches.Where(_ => false);
        }
        if (due.OnePass)
        {
            // A join, not ids.Contains: PostgreSQL ran an IN's statement again for each branch it walked in path order
            // (the province's first five: 3.1 s); a join's derived table is read once.
            var shortIds = HeatmapQuery.ShortInMonth(db, due.Requirements, path, due.AsOf);
            return branches.Join(shortIds, o => o.Id, id => id, (o, _) => o);
        }
        var o = Expression.Parameter(typeof(Organization), "o");
        Expression? any = null;
        foreach (var requirement in due.Requirements)
        {
            var body = new Rebind(o).Visit(ShortOf(requirement, due.AsOf, path).Body);
            any = any is null ? body : Expression.OrElse(any, body);
        }
        return branches.Where(Expression.Lambda<Func<Organization, bool>>(any!, o));
    }

    /// <summary>The summaries' scope filter, lifted where the branches they are read for are already the actor's.</summary>
    private static readonly string[] Summaries = [MeetingSummaries.ScopeFilter];

    /// <summary>
    /// Whether a branch under <paramref name="path"/> falls short of one requirement, as an expression the database
    /// evaluates per branch. The tests of 党小组 and leaders stand under an OR, where PostgreSQL may run them as a hashed SubPlan:
    /// the subquery once, over every row it selects. They say the subtree again (redundant for a branch in it) so that
    /// this once reads the subtree's 党小组 and posts, not the whole deployment's (a county's count of branches behind
    /// read a province's 58 700 posts and 5 400 党小组: 0.2 s).
    /// </summary>
    private Expression<Func<Organization, bool>> ShortOf(HeatmapQuery.Requirement due, DateOnly asOf, string path)
    {
        var subtree = db.Set<Organization>().InSubtree(db, path);
        var (type, min, domains, from, to) = (due.Type, due.MinCount, due.Domains, due.From, due.To);
        var titles = LeaderTitles;
        // The monthly summaries, read for branches already in the actor's scope (the subtree the caller filtered).
        var counts = db.Set<MeetingMonthCount>().IgnoreQueryFilters(Summaries);
        var lectures = db.Set<MeetingMonthLecture>().IgnoreQueryFilters(Summaries);
        if (due.PerLeader)
        {
            return o => domains.Contains(o.Domain) &&
                (db.Set<Position>().Any(p => p.OrgId == o.Id && titles.Contains(p.Title) && p.StartOn <= asOf && (p.EndOn == null || p.EndOn >= asOf)
                        && subtree.Any(x => x.Id == p.OrgId))
                    ? db.Set<Position>().Any(p => p.OrgId == o.Id && titles.Contains(p.Title) && p.StartOn <= asOf && (p.EndOn == null || p.EndOn >= asOf)
                        && lectures.Where(c => c.OrgId == o.Id && c.LecturerPersonId == p.PersonId && c.Month >= from && c.Month < to).Sum(c => c.Lectures) < min)
                    : counts.Where(c => c.OrgId == o.Id && c.Type == type && c.Month >= from && c.Month < to).Sum(c => c.Counted) < min);
        }
        if (type == MeetingType.GroupMeeting)
        {
            // 党小组会 is owed only by branches that have 党小组.
            return o => domains.Contains(o.Domain)
                && subtree.Any(g => g.ParentId == o.Id && g.Kind == OrgKind.Group)
                && counts.Where(c => c.OrgId == o.Id && c.Type == type && c.Month >= from && c.Month < to).Sum(c => c.Counted) < min;
        }
        return o => domains.Contains(o.Domain)
            && counts.Where(c => c.OrgId == o.Id && c.Type == type && c.Month >= from && c.Month < to).Sum(c => c.Counted) < min;
    }

    /// <summary>Puts one parameter in place of each lambda's own, so that the requirements' bodies join into one predicate.</summary>
    private sealed class Rebind(ParameterExpression target) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node.Type == typeof(Organization) && node.Name == "o" ? target : base.VisitParameter(node);
    }

    /// <summary>What fell due in one month of a year (the heat map's cell) for the branches under an organization, with the shortfalls.</summary>
    public async Task<IReadOnlyList<BranchCompliance>> DueInMonthAsync(Guid orgId, int year, int month, bool shortOnly, CancellationToken ct = default)
    {
        var path = await orgs.PathOfAsync(orgId, ct);
        var yearPeriod = Period.OfYear(year);
        var branches = await Branches(path).OrderBy(o => o.Path).Select(BranchInfoOf()).ToListAsync(ct);
        var data = await LoadAsync(branches, path, yearPeriod.Start, yearPeriod.EndExclusive, null, ct);
        var today = Today;
        var monthPeriod = Period.Month(year, month);
        var list = new List<BranchCompliance>();
        foreach (var b in branches)
        {
            var cells = ComplianceEngine.DueInMonth(b, year, month, data.Rules, data.CountsOf(b.Id), data.LeadersOf(b.Id), today);
            var row = Row(b, data, monthPeriod, today) with
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
        db.Set<Organization>().AsNoTracking().InSubtree(db, path).Where(o => o.Kind == OrgKind.Branch);

    /// <summary>A branch as the engine needs it, with its parent's name (through the scope filter, as the reader may see it).</summary>
    private System.Linq.Expressions.Expression<Func<Organization, BranchInfo>> BranchInfoOf() =>
        o => new BranchInfo(o.Id, o.Code, o.Name, o.Domain,
            db.Set<Organization>().Any(g => g.ParentId == o.Id && g.Kind == OrgKind.Group), o.ParentId, o.Path,
            db.Set<Organization>().Where(p => p.Id == o.ParentId).Select(p => p.Name).FirstOrDefault());

    private static BranchCompliance Row(BranchInfo b, Loaded data, Period period, DateOnly today)
    {
        var counts = data.CountsOf(b.Id);
        var leaders = data.LeadersOf(b.Id);
        var cells = ComplianceEngine.Evaluate(b, period, data.Rules, counts, leaders, today);
        var (expected, present, meetings) = data.Attendance.GetValueOrDefault(b.Id);
        return new BranchCompliance(
            b.Id, b.Code, b.Name, b.ParentName, cells,
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

        public BranchCounts CountsOf(Guid id) => Counts.TryGetValue(id, out var c) ? c : new BranchCounts();

        public List<BranchLeader> LeadersOf(Guid id) => Leaders.TryGetValue(id, out var l) ? l : [];
    }

    /// <summary>
    /// Reads the counts. <paramref name="subtreePath"/> set: the branches are every branch of that subtree (a
    /// semi-join, however many); otherwise the listed branches (one page).
    /// </summary>
    private async Task<Loaded> LoadAsync(
        IReadOnlyList<BranchInfo> branches, string? subtreePath, DateOnly from, DateOnly to, IReadOnlyList<MeetingCadence>? rules, CancellationToken ct)
    {
        var data = new Loaded { Rules = rules ?? await RulesAsync(ct) };
        if (branches.Count == 0)
        {
            return data;
        }
        var ids = branches.Select(b => b.Id).ToList();
        var meetings = db.Set<Meeting>().AsNoTracking().Where(m => m.HeldOn >= from && m.HeldOn < to);
        IQueryable<Position> positions = db.Set<Position>().AsNoTracking();
        if (subtreePath is not null)
        {
            var subtree = db.Set<Organization>().InSubtree(db, subtreePath);
            meetings = meetings.Where(m => subtree.Any(o => o.Id == m.OrgId));
            positions = positions.Where(p => subtree.Any(o => o.Id == p.OrgId && o.Kind == OrgKind.Branch));
        }
        else
        {
            meetings = meetings.Where(m => ids.Contains(m.OrgId));
            positions = positions.Where(p => ids.Contains(p.OrgId));
        }

        if (FromLedger)
        {
            await CountFromLedgerAsync(data, meetings, ct);
        }
        else
        {
            await CountFromSummariesAsync(data, ids, subtreePath, from, to, ct);
        }

        // Leaders as of the period's last day, or today while it runs.
        var last = to.AddDays(-1);
        var asOf = last < Today ? last : Today;
        var titles = LeaderTitles;
        // A first secretary may belong outside the actor's scope: only the people filter is lifted, for the names alone.
        var people = db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]);
        var posts = await positions
            .Where(p => titles.Contains(p.Title) && p.StartOn <= asOf && (p.EndOn == null || p.EndOn >= asOf))
            .Select(p => new { p.OrgId, p.PersonId, p.Title, Name = people.Where(x => x.Id == p.PersonId).Select(x => x.Name).FirstOrDefault() })
            .ToListAsync(ct);
        foreach (var p in posts.OrderBy(p => p.Title).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            if (!data.Leaders.TryGetValue(p.OrgId, out var list))
            {
                data.Leaders[p.OrgId] = list = [];
            }
            if (list.All(l => l.PersonId != p.PersonId))
            {
                list.Add(new BranchLeader(p.PersonId, p.Name ?? "", p.Title));
            }
        }
        return data;
    }

    /// <summary>
    /// Reads the counts from the meetings themselves instead of their monthly summaries: the reference the
    /// summaries are tested against (the same answers on the same data), not used by the app.
    /// </summary>
    internal bool FromLedger { get; set; }

    /// <summary>
    /// The counts from the monthly summaries (<see cref="MeetingSummaries"/>): a few rows per branch and month. The
    /// branches are already the actor's (a scoped subtree or page), so the summaries are read without the per-row
    /// scope test and joined to the branches instead.
    /// </summary>
    private async Task CountFromSummariesAsync(Loaded data, List<Guid> ids, string? subtreePath, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (fromKey, toKey) = (BranchCounts.Key(from), BranchCounts.Key(to));
        var counts = db.Set<MeetingMonthCount>().IgnoreQueryFilters(Summaries).AsNoTracking().Where(c => c.Month >= fromKey && c.Month < toKey);
        var totals = db.Set<MeetingMonthTotal>().IgnoreQueryFilters(Summaries).AsNoTracking().Where(c => c.Month >= fromKey && c.Month < toKey);
        var lectures = db.Set<MeetingMonthLecture>().IgnoreQueryFilters(Summaries).AsNoTracking().Where(c => c.Month >= fromKey && c.Month < toKey);
        if (subtreePath is not null)
        {
            var branches = db.Set<Organization>().InSubtree(db, subtreePath).Where(o => o.Kind == OrgKind.Branch);
            counts = counts.Where(c => branches.Any(o => o.Id == c.OrgId));
            totals = totals.Where(c => branches.Any(o => o.Id == c.OrgId));
            lectures = lectures.Where(c => branches.Any(o => o.Id == c.OrgId));
        }
        else
        {
            counts = counts.Where(c => ids.Contains(c.OrgId));
            totals = totals.Where(c => ids.Contains(c.OrgId));
            lectures = lectures.Where(c => ids.Contains(c.OrgId));
        }
        foreach (var r in await counts.Select(c => new { c.OrgId, c.Month, c.Type, c.Counted, c.NotCounted }).ToListAsync(ct))
        {
            Counts(data, r.OrgId).ByMonth[(r.Month, r.Type)] = (r.Counted, r.NotCounted);
        }
        foreach (var r in await lectures.Select(c => new { c.OrgId, c.Month, c.LecturerPersonId, c.Lectures }).ToListAsync(ct))
        {
            Counts(data, r.OrgId).Lectures[(r.LecturerPersonId, r.Month)] = r.Lectures;
        }
        foreach (var r in await totals.GroupBy(c => c.OrgId)
            .Select(g => new { OrgId = g.Key, Expected = g.Sum(c => c.Expected), Present = g.Sum(c => c.Present), N = g.Sum(c => c.Meetings) })
            .ToListAsync(ct))
        {
            data.Attendance[r.OrgId] = (r.Expected, r.Present, r.N);
        }
    }

    /// <summary>The counts grouped from the meetings of the period (<see cref="FromLedger"/>).</summary>
    private async Task CountFromLedgerAsync(Loaded data, IQueryable<Meeting> meetings, CancellationToken ct)
    {
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
