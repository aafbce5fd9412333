using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>
/// The heat map judged in the database (ADR 0038): one statement over the monthly summaries of a subtree's branches
/// answers, for each heat-map row (a child of the organization asked, or the branch itself) and each month of a year,
/// what fell due, the shortfalls missing and pending, and the requirements met late — the numbers
/// <see cref="ComplianceEngine.DueInMonth"/> gives branch by branch, summed. Only the aggregated cells come back
/// (rows × 12), however many branches the subtree holds.
/// <para>The cadence rules are few and read first; what falls due each month (a type, its window, its minimum, the
/// domains whose rule it is) becomes SQL text with integer and enum-name literals only. Per branch the statement
/// sums the months' counts (<see cref="MeetingMonthCount"/>) into one column per requirement, its window's, and its
/// leaders' 党课 (<see cref="MeetingMonthLecture"/>) into one shortfall per per-leader requirement; the outer level sums by row.
/// The branches are read by path prefix without the query filters: the caller has already found the organization
/// asked for in the actor's scope, and a scope is whole subtrees, so every branch under it is in scope too.</para>
/// </summary>
internal static class HeatmapQuery
{
    /// <summary>One requirement due in a heat-map month: a type, its window of months (yyyymm, end exclusive), the rule's numbers and its domains.</summary>
    internal sealed record Requirement(
        int HeatMonth, MeetingType Type, int From, int To, int MinCount, bool PerLeader, int? LateFrom, int? LateTo, bool Ended, List<OrgDomain> Domains);

    /// <summary>One row of the answer: the heat-map row's path, its branches, and per month (index 0–11) the sums.</summary>
    internal sealed record Cells(string RowPath, int Branches, int[] Due, int[] Missing, int[] Pending, int[] Late);

    /// <summary>
    /// What falls due in each month of a year (<see cref="ComplianceEngine.DueInMonth"/>): the monthly rules of the
    /// month, the quarterly rules in a quarter's last month, the yearly rules in December, each by the rule in force on
    /// the window's first day for each domain, windows that have begun only; domains sharing the same numbers share a requirement.
    /// </summary>
    internal static List<Requirement> Requirements(IReadOnlyList<MeetingCadence> rules, int year, DateOnly today)
    {
        var list = new List<Requirement>();
        for (var month = 1; month <= 12; month++)
        {
            var windows = new List<(PeriodKind Kind, Period Window)> { (PeriodKind.Month, Period.Month(year, month)) };
            if (month % 3 == 0)
            {
                windows.Add((PeriodKind.Quarter, Period.Quarter(year, month / 3)));
            }
            if (month == 12)
            {
                windows.Add((PeriodKind.Year, Period.OfYear(year)));
            }
            foreach (var type in Enum.GetValues<MeetingType>())
            {
                foreach (var (kind, window) in windows.Where(w => w.Window.Start <= today))
                {
                    foreach (var domain in Enum.GetValues<OrgDomain>())
                    {
                        var rule = MeetingCadence.InForce(rules, type, domain, window.Start);
                        if (rule is null || rule.Period != kind || rule.MinCount <= 0)
                        {
                            continue;
                        }
                        // A yearly rule with an expected quarter: met with meetings outside it is late.
                        int? lateFrom = null, lateTo = null;
                        if (kind == PeriodKind.Year && rule.ExpectedQuarter is { } q)
                        {
                            var quarter = Period.Quarter(year, q);
                            (lateFrom, lateTo) = (BranchCounts.Key(quarter.Start), BranchCounts.Key(quarter.EndExclusive));
                        }
                        var (from, to) = (BranchCounts.Key(window.Start), BranchCounts.Key(window.EndExclusive));
                        var same = list.Find(r => r.HeatMonth == month && r.Type == type && r.From == from && r.MinCount == rule.MinCount
                            && r.PerLeader == rule.PerLeader && r.LateFrom == lateFrom);
                        if (same is null)
                        {
                            list.Add(new Requirement(month, type, from, to, rule.MinCount, rule.PerLeader, lateFrom, lateTo,
                                window.EndExclusive <= today, [domain]));
                        }
                        else
                        {
                            same.Domains.Add(domain);
                        }
                    }
                }
            }
        }
        return list;
    }

    /// <summary>What the statements judge by, as one string: a snapshot's key holds it, so that a changed rule is a new key (ADR 0050).</summary>
    internal static string Fingerprint(IEnumerable<Requirement> requirements)
    {
        var text = string.Join(";", requirements.Select(r => string.Join(",",
            Int(r.HeatMonth), r.Type, Int(r.From), Int(r.To), Int(r.MinCount), r.PerLeader, r.LateFrom, r.LateTo, r.Ended, string.Join("+", r.Domains))));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    /// <summary>
    /// The test that <paramref name="alias"/> lies in the subtree: <c>path LIKE @under</c>, planned for its value (ADR 0044),
    /// or the range <c>path &gt;= @from AND path &lt; @until</c> (<paramref name="ranges"/>: a context of generic plans,
    /// which reads it as index bounds, ADR 0053). <see cref="Parameters"/> sends the same form.
    /// </summary>
    private static string InSubtree(string alias, bool ranges) =>
        ranges ? $"{alias}.path >= @from AND {alias}.path < @until" : $"{alias}.path LIKE @under";

    /// <summary>The statement for the branches in the subtree (<see cref="InSubtree"/>), rows keyed by the first <paramref name="rowPathLength"/> characters of a branch's path.</summary>
    internal static string Sql(List<Requirement> requirements, int year, int rowPathLength, bool ranges)
    {
        var sb = new StringBuilder();
        // The outer level: per row and month, the sums of what fell due that month.
        sb.Append("SELECT row_path, COUNT(*) AS branches");
        for (var month = 1; month <= 12; month++)
        {
            var due = requirements.Select((r, i) => (r, i)).Where(x => x.r.HeatMonth == month).ToList();
            string Sum(IEnumerable<string> terms)
            {
                var list = terms.ToList();
                return list.Count == 0 ? "0" : "SUM(" + string.Join(" + ", list) + ")";
            }
            sb.Append(CultureInfo.InvariantCulture, $", {Sum(due.Select(x => $"d_{Int(x.i)}"))} AS due_{Int(month)}");
            sb.Append(CultureInfo.InvariantCulture, $", {Sum(due.Where(x => x.r.Ended).Select(x => $"s_{Int(x.i)}"))} AS missing_{Int(month)}");
            sb.Append(CultureInfo.InvariantCulture, $", {Sum(due.Where(x => !x.r.Ended).Select(x => $"s_{Int(x.i)}"))} AS pending_{Int(month)}");
            // Late (ComplianceEngine.Judge): nothing short, yet fewer held in the expected quarter than required.
            sb.Append(CultureInfo.InvariantCulture, $", {Sum(due.Where(x => x.r.LateFrom is not null).Select(x =>
                $"CASE WHEN d_{Int(x.i)} > 0 AND s_{Int(x.i)} = 0 AND n_{Int(x.i)} > q_{Int(x.i)} AND q_{Int(x.i)} < d_{Int(x.i)} THEN 1 ELSE 0 END"))} AS late_{Int(month)}");
        }
        sb.Append(CultureInfo.InvariantCulture, $" FROM ({PerBranch(requirements, BranchCounts.Key(year, 1), BranchCounts.Key(year + 1, 1), rowPathLength, ranges)}) l2 GROUP BY row_path");
        return sb.ToString();
    }

    /// <summary>
    /// The ids (column <c>Value</c>, for <c>SqlQueryRaw&lt;Guid&gt;</c>) of the branches in the subtree (<see cref="InSubtree"/>)
    /// short of any of <paramref name="requirements"/>: those due in one month. Only the months of their windows are read.
    /// </summary>
    internal static string ShortSql(List<Requirement> requirements, bool ranges) => ShortSql(requirements, "l2.branch_id AS \"Value\"", ranges);

    /// <summary>The branches short of any of <paramref name="requirements"/>, with <paramref name="columns"/> of <c>l2</c> (<c>branch_id</c>, <c>row_path</c>: the branch's path).</summary>
    private static string ShortSql(List<Requirement> requirements, string columns, bool ranges)
    {
        var (from, to) = (requirements.Min(r => r.From), requirements.Max(r => r.To));
        var anyShort = string.Join(" + ", requirements.Select((_, i) => $"s_{Int(i)}"));
        return $"SELECT {columns} FROM ({PerBranch(requirements, from, to, rowPathLength: null, ranges)}) l2 WHERE {anyShort} > 0";
    }

    private static string Lit(Enum e) => "'" + e + "'";

    /// <summary>The month keys (yyyymm) from <paramref name="from"/> up to <paramref name="to"/>, end exclusive.</summary>
    private static List<int> MonthKeys(int from, int to)
    {
        var keys = new List<int>();
        for (var month = new DateOnly(from / 100, from % 100, 1); BranchCounts.Key(month) < to; month = month.AddMonths(1))
        {
            keys.Add(BranchCounts.Key(month));
        }
        return keys;
    }

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One row per branch in the subtree (<see cref="InSubtree"/>): its id and row (its whole path without <paramref name="rowPathLength"/>), and per requirement its count in its window
    /// (<c>n_i</c>), what fell due (<c>d_i</c>) and the shortfall (<c>s_i</c>, zero where the requirement does not
    /// apply). The summaries of the months <paramref name="from"/> to <paramref name="to"/> (yyyymm, end exclusive) are read.
    /// </summary>
    private static string PerBranch(List<Requirement> requirements, int from, int to, int? rowPathLength, bool ranges)
    {
        static string Window(string month, int from, int to) => $"{month} >= {Int(from)} AND {month} < {Int(to)}";

        var leaderRules = requirements.Select((r, i) => (r, i)).Where(x => x.r.PerLeader).ToList();
        var branch = $"{InSubtree("b", ranges)} AND b.kind = {Lit(OrgKind.Branch)}";

        // The leaders' 党课 shortfalls, per branch: each per-leader requirement, the sum over its leaders.
        var leaders = new StringBuilder();
        leaders.Append("SELECT l.org_id, COUNT(*) AS leaders");
        foreach (var (r, i) in leaderRules)
        {
            var lectures = $"COALESCE(x.l_{Int(i)}, 0)";
            leaders.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN {lectures} < {Int(r.MinCount)} THEN {Int(r.MinCount)} - {lectures} ELSE 0 END) AS ls_{Int(i)}");
        }
        var titles = string.Join(", ", ComplianceService.LeaderTitles.Select(t => Lit(t)));
        leaders.Append(CultureInfo.InvariantCulture, $" FROM (SELECT DISTINCT p.org_id, p.person_id FROM positions p JOIN organizations b ON b.id = p.org_id WHERE {branch}")
            .Append(CultureInfo.InvariantCulture, $" AND p.title IN ({titles}) AND p.start_on <= @asOf AND (p.end_on IS NULL OR p.end_on >= @asOf)) l");
        leaders.Append(" LEFT JOIN (SELECT x.org_id, x.lecturer_person_id");
        foreach (var (r, i) in leaderRules)
        {
            leaders.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN {Window("x.month", r.From, r.To)} THEN x.lectures ELSE 0 END) AS l_{Int(i)}");
        }
        leaders.Append(CultureInfo.InvariantCulture, $" FROM meeting_month_lectures x JOIN organizations b ON b.id = x.org_id WHERE {branch} AND {Window("x.month", from, to)}")
            .Append(" GROUP BY x.org_id, x.lecturer_person_id) x ON x.org_id = l.org_id AND x.lecturer_person_id = l.person_id GROUP BY l.org_id");

        // Level 1, one row per branch: its row, domain, 党小组, leaders, and each requirement's count in its window
        // (and in the expected quarter of a yearly rule that has one), summed from the months' counts in one pass.
        var level1 = new StringBuilder();
        level1.Append("SELECT o.id AS branch_id, ")
            .Append(rowPathLength is { } length ? $"substr(o.path, 1, {Int(length)})" : "o.path").Append(" AS row_path, o.domain AS domain, ")
            .Append("CASE WHEN g.parent_id IS NULL THEN 0 ELSE 1 END AS has_groups, ")
            .Append(leaderRules.Count > 0 ? "COALESCE(ld.leaders, 0)" : "0").Append(" AS leaders");
        // The months' counts in two steps: per branch and type, one column per month of the span (m_0, m_1, …), then per
        // branch each requirement's count in its window as the sum of its months' columns on its type's row. One CASE per
        // requirement on every summary row (a county's 13 000 rows × 100 requirements) was most of the statement's time.
        var months = MonthKeys(from, to);
        string InWindow(int windowFrom, int windowTo)
        {
            var columns = months.Select((key, m) => (key, m)).Where(x => x.key >= windowFrom && x.key < windowTo).Select(x => $"t.m_{Int(x.m)}").ToList();
            return columns.Count == 0 ? "0" : string.Join(" + ", columns);
        }
        var byType = new StringBuilder("SELECT c.org_id, c.type");
        for (var m = 0; m < months.Count; m++)
        {
            byType.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN c.month = {Int(months[m])} THEN c.counted ELSE 0 END) AS m_{Int(m)}");
        }
        byType.Append(CultureInfo.InvariantCulture, $" FROM meeting_month_counts c JOIN organizations b ON b.id = c.org_id WHERE {branch} AND {Window("c.month", from, to)}");
        if (rowPathLength is null)
        {
            // One month's requirements: December's yearly rules span the year, but only for their few types; the
            // counts of the other types are read for their own windows alone, not summed over the year for nothing.
            var windows = requirements.Select(r => (r.Type, r.From, r.To)).Distinct()
                .Select(w => $"(c.type = {Lit(w.Type)} AND {Window("c.month", w.From, w.To)})");
            byType.Append(" AND (").Append(string.Join(" OR ", windows)).Append(')');
        }
        byType.Append(" GROUP BY c.org_id, c.type");
        var counts = new StringBuilder("SELECT t.org_id");
        for (var i = 0; i < requirements.Count; i++)
        {
            var r = requirements[i];
            var type = $"t.type = {Lit(r.Type)}";
            level1.Append(CultureInfo.InvariantCulture, $", COALESCE(k.n_{Int(i)}, 0) AS n_{Int(i)}");
            counts.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN {type} THEN {InWindow(r.From, r.To)} ELSE 0 END) AS n_{Int(i)}");
            if (r.LateFrom is { } lf && r.LateTo is { } lt)
            {
                level1.Append(CultureInfo.InvariantCulture, $", COALESCE(k.q_{Int(i)}, 0) AS q_{Int(i)}");
                counts.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN {type} THEN {InWindow(lf, lt)} ELSE 0 END) AS q_{Int(i)}");
            }
            if (r.PerLeader)
            {
                level1.Append(CultureInfo.InvariantCulture, $", COALESCE(ld.ls_{Int(i)}, 0) AS ls_{Int(i)}");
            }
        }
        counts.Append(CultureInfo.InvariantCulture, $" FROM ({byType}) t GROUP BY t.org_id");
        level1.Append(CultureInfo.InvariantCulture, $" FROM organizations o LEFT JOIN ({counts}) k ON k.org_id = o.id");
        level1.Append(CultureInfo.InvariantCulture, $" LEFT JOIN (SELECT DISTINCT b.parent_id FROM organizations b WHERE {InSubtree("b", ranges)} AND b.kind = {Lit(OrgKind.Group)}) g ON g.parent_id = o.id");
        if (leaderRules.Count > 0)
        {
            level1.Append(CultureInfo.InvariantCulture, $" LEFT JOIN ({leaders}) ld ON ld.org_id = o.id");
        }
        level1.Append(CultureInfo.InvariantCulture, $" WHERE {InSubtree("o", ranges)} AND o.kind = {Lit(OrgKind.Branch)}");

        // Level 2, still per branch: each requirement's due and shortfall (zero where it does not apply).
        var level2 = new StringBuilder("SELECT branch_id, row_path");
        for (var i = 0; i < requirements.Count; i++)
        {
            var r = requirements[i];
            var n = $"n_{Int(i)}";
            var min = Int(r.MinCount);
            var applies = $"domain IN ({string.Join(", ", r.Domains.Select(d => Lit(d)))})"
                + (r.Type == MeetingType.GroupMeeting ? " AND has_groups = 1" : "");
            var shortOfCount = $"CASE WHEN {n} < {min} THEN {min} - {n} ELSE 0 END";
            var (due, shortfall) = r.PerLeader
                ? ($"CASE WHEN leaders > 0 THEN {min} * leaders ELSE {min} END", $"CASE WHEN leaders > 0 THEN ls_{Int(i)} ELSE {shortOfCount} END")
                : (min, shortOfCount);
            level2.Append(CultureInfo.InvariantCulture, $", CASE WHEN {applies} THEN {due} ELSE 0 END AS d_{Int(i)}, CASE WHEN {applies} THEN {shortfall} ELSE 0 END AS s_{Int(i)}, {n}");
            if (r.LateFrom is not null)
            {
                level2.Append(CultureInfo.InvariantCulture, $", q_{Int(i)}");
            }
        }
        level2.Append(CultureInfo.InvariantCulture, $" FROM ({level1}) l1");
        return level2.ToString();
    }

    /// <summary>Runs the statement for the branches under <paramref name="rootPath"/> and reads its cells; <paramref name="requirements"/> are the year's (<see cref="Requirements"/>).</summary>
    internal static async Task<List<Cells>> RunAsync(
        ZerenDbContext db, List<Requirement> requirements, string rootPath, int rowPathLength, int year, DateOnly today, CancellationToken ct)
    {
        var yearPeriod = Period.OfYear(year);
        var asOf = yearPeriod.LastDay < today ? yearPeriod.LastDay : today;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = Sql(requirements, year, rowPathLength, db.GenericPlans);
            command.Parameters.AddRange(Parameters(db, rootPath, asOf));
            var cells = new List<Cells>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                int Read(int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);
                var row = new Cells(reader.GetString(0), Read(1), new int[12], new int[12], new int[12], new int[12]);
                for (var m = 0; m < 12; m++)
                {
                    row.Due[m] = Read(2 + (m * 4));
                    row.Missing[m] = Read(3 + (m * 4));
                    row.Pending[m] = Read(4 + (m * 4));
                    row.Late[m] = Read(5 + (m * 4));
                }
                cells.Add(row);
            }
            return cells;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// The branches under <paramref name="rootPath"/> short of any of <paramref name="requirements"/> (those due in one
    /// month), as ids a query can join: one statement over the summaries of the months their windows span, read as one
    /// range of the month index however many branches (a province's 60 000).
    /// </summary>
    internal static IQueryable<Guid> ShortInMonth(ZerenDbContext db, List<Requirement> requirements, string rootPath, DateOnly asOf) =>
        db.Database.SqlQueryRaw<Guid>(ShortSql(requirements, db.GenericPlans), Parameters(db, rootPath, asOf));

    /// <summary>All of <see cref="ShortInMonth"/>'s branches, in tree order (their paths carried by the statement, as in <see cref="FirstShortInMonth"/>).</summary>
    internal static IQueryable<Guid> ShortInMonthInOrder(ZerenDbContext db, List<Requirement> requirements, string rootPath, DateOnly asOf)
    {
        var sql = $"SELECT s.\"Value\" FROM ({ShortSql(requirements, "l2.branch_id AS \"Value\", l2.row_path AS path", db.GenericPlans)}) s ORDER BY s.path";
        return db.Database.SqlQueryRaw<Guid>(sql, Parameters(db, rootPath, asOf));
    }

    /// <summary>
    /// The first <paramref name="take"/> (at least one) of <see cref="ShortInMonth"/>'s branches in tree order, each
    /// with the total of them: a count and a first page from one run of the statement.
    /// </summary>
    internal static IQueryable<ShortRow> FirstShortInMonth(ZerenDbContext db, List<Requirement> requirements, string rootPath, DateOnly asOf, int take)
    {
        // The branch's path comes with it, so the order needs no join: joined to organizations for its path, PostgreSQL
        // walked the path index and, expecting the limit to stop it early, compared each branch with each short one (30 s).
        var columns = "l2.branch_id AS \"Id\", l2.row_path AS path, COUNT(*) OVER () AS \"Total\"";
        var sql = $"SELECT s.\"Id\", s.\"Total\" FROM ({ShortSql(requirements, columns, db.GenericPlans)}) s ORDER BY s.path LIMIT {Int(Math.Max(take, 1))}";
        return db.Database.SqlQueryRaw<ShortRow>(sql, Parameters(db, rootPath, asOf));
    }

    /// <summary>A branch short in a month, and how many are.</summary>
    internal sealed class ShortRow
    {
        public Guid Id { get; set; }

        public long Total { get; set; }
    }

    /// <summary>
    /// The subtree in the form <see cref="InSubtree"/> writes for <paramref name="db"/> (<c>@under</c>, its path pattern; or
    /// <c>@from</c> and <c>@until</c>, its range on a context of generic plans) and <c>@asOf</c>, the day whose leaders are asked for.
    /// </summary>
    private static DbParameter[] Parameters(ZerenDbContext db, string rootPath, DateOnly asOf)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        DbParameter Make(string name, object value)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            return p;
        }
        return
        [
            .. db.GenericPlans
                ? (DbParameter[])[Make("@from", rootPath), Make("@until", OrgPath.UpperBound(rootPath))]
                : [Make("@under", OrgPath.Pattern(rootPath))],
            Make("@asOf", db.IsPostgres ? asOf : asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ];
    }
}
