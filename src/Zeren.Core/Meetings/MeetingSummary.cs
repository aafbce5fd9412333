using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Zeren.Core.Data;
using Zeren.Core.Security;

namespace Zeren.Core.Meetings;

/// <summary>
/// 会议月度汇总: how many meetings of one type a branch held in one month (yyyymm), those that count and those that
/// do not. Derived from the ledger (meetings and their types) and rewritten from it in the same transaction as every
/// save that changes a meeting (<see cref="MeetingSummaries"/>), so compliance counts read a few rows per branch
/// instead of every meeting of the period.
/// </summary>
public sealed class MeetingMonthCount
{
    public Guid OrgId { get; private set; }

    /// <summary>The month as yyyymm (<see cref="BranchCounts.Key(int, int)"/>).</summary>
    public int Month { get; private set; }

    public MeetingType Type { get; private set; }

    public int Counted { get; private set; }

    public int NotCounted { get; private set; }
}

/// <summary>A branch's meetings of one month, whatever their types, and their attendance (应到, 实到).</summary>
public sealed class MeetingMonthTotal
{
    public Guid OrgId { get; private set; }

    public int Month { get; private set; }

    public int Meetings { get; private set; }

    public int Expected { get; private set; }

    public int Present { get; private set; }
}

/// <summary>The 党课 that count a branch's lecturer gave in one month.</summary>
public sealed class MeetingMonthLecture
{
    public Guid OrgId { get; private set; }

    public int Month { get; private set; }

    public Guid LecturerPersonId { get; private set; }

    public int Lectures { get; private set; }
}

internal sealed class MeetingMonthCountConfiguration : IEntityTypeConfiguration<MeetingMonthCount>
{
    public void Configure(EntityTypeBuilder<MeetingMonthCount> b)
    {
        b.ToTable("meeting_month_counts");
        b.ScopedByOrg(c => c.OrgId, MeetingSummaries.ScopeFilter).GuardedElsewhere(MeetingSummaries.Guard);
        // Compliance reads a branch's months in a range.
        b.HasKey(c => new { c.OrgId, c.Month, c.Type });
        // The branches behind and the heat map of a large subtree read a month's counts of every branch, from this
        // index alone (ADR 0048): a province's month is one range, not 60 000 probes by branch.
        b.HasIndex(c => new { c.Month, c.OrgId, c.Type, c.Counted });
    }
}

internal sealed class MeetingMonthTotalConfiguration : IEntityTypeConfiguration<MeetingMonthTotal>
{
    public void Configure(EntityTypeBuilder<MeetingMonthTotal> b)
    {
        b.ToTable("meeting_month_totals");
        b.ScopedByOrg(c => c.OrgId, MeetingSummaries.ScopeFilter).GuardedElsewhere(MeetingSummaries.Guard);
        b.HasKey(c => new { c.OrgId, c.Month });
    }
}

internal sealed class MeetingMonthLectureConfiguration : IEntityTypeConfiguration<MeetingMonthLecture>
{
    public void Configure(EntityTypeBuilder<MeetingMonthLecture> b)
    {
        b.ToTable("meeting_month_lectures");
        b.ScopedByOrg(c => c.OrgId, MeetingSummaries.ScopeFilter).GuardedElsewhere(MeetingSummaries.Guard);
        b.HasKey(c => new { c.OrgId, c.Month, c.LecturerPersonId });
    }
}

/// <summary>
/// Keeps the monthly summaries (<see cref="MeetingMonthCount"/>, <see cref="MeetingMonthTotal"/>,
/// <see cref="MeetingMonthLecture"/>) equal to the ledger. Whatever saves a meeting or its types (the ledger's pages and
/// API, the decisions workflow's ledger link, the demo county), the context notes the branches and months the save
/// touches before it writes (old and new organization and month of a changed meeting) and, in the same transaction,
/// rewrites those summary rows from the meetings with one <c>INSERT … SELECT … GROUP BY</c> per table. The rows are
/// never edited one by one, so they cannot drift: a rewrite from the ledger is always the answer.
/// </summary>
public static class MeetingSummaries
{
    /// <summary>
    /// The name of the three summaries' scope filter. Compliance reads them for branches it already holds in the actor's
    /// scope and lifts this filter alone (<c>IgnoreQueryFilters([MeetingSummaries.ScopeFilter])</c>): lifting them all
    /// would lift the scope of everything else in the statement too (a branch's parent name).
    /// </summary>
    public const string ScopeFilter = "scope_meeting_summaries";

    /// <summary>The context's hook (<see cref="IDerivedRows"/>).</summary>
    private sealed class Hook : IDerivedRows
    {
        public async Task<object?> TouchedAsync(ZerenDbContext db, CancellationToken ct)
        {
            var touched = await MeetingSummaries.TouchedAsync(db, ct);
            return touched.IsEmpty ? null : touched;
        }

        public Task RefreshAsync(ZerenDbContext db, object touched, CancellationToken ct) => MeetingSummaries.RefreshAsync(db, (Touched)touched, ct);
    }

    internal const string Guard = "Derived from the meetings in the same save, whose own rule is checked (MeetingSummaries).";

    /// <summary>More branches than this in one save: the months are rewritten for every branch (one statement each).</summary>
    private const int PerBranchLimit = 20;

    /// <summary>What a save touches: branches and a span of months (first days, end exclusive).</summary>
    internal sealed class Touched
    {
        public HashSet<Guid> Orgs { get; } = [];
        public DateOnly From { get; set; } = DateOnly.MaxValue;
        public DateOnly To { get; set; } = DateOnly.MinValue;

        public bool IsEmpty => Orgs.Count == 0;

        public void Add(Guid org, DateOnly day)
        {
            Orgs.Add(org);
            var first = new DateOnly(day.Year, day.Month, 1);
            if (first < From)
            {
                From = first;
            }
            if (first.AddMonths(1) > To)
            {
                To = first.AddMonths(1);
            }
        }
    }

    /// <summary>The branches and months the pending changes of a context touch; empty when no meeting changes.</summary>
    internal static async Task<Touched> TouchedAsync(ZerenDbContext db, CancellationToken ct)
    {
        var touched = new Touched();
        var orphans = new HashSet<Guid>();
        var changedMeetings = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Meeting m:
                    changedMeetings.Add(m.Id);
                    if (entry.State != EntityState.Deleted)
                    {
                        touched.Add(m.OrgId, m.HeldOn);
                    }
                    if (entry.State != EntityState.Added)
                    {
                        touched.Add(Original<Guid>(entry, nameof(Meeting.OrgId)), Original<DateOnly>(entry, nameof(Meeting.HeldOn)));
                    }
                    break;
                case MeetingTypeEntry t:
                    orphans.Add(t.MeetingId);
                    break;
            }
        }
        orphans.ExceptWith(changedMeetings);
        foreach (var id in orphans)
        {
            // A type changed without its meeting: the meeting as tracked, else as stored.
            if (db.ChangeTracker.Entries<Meeting>().FirstOrDefault(e => e.Entity.Id == id) is { } tracked)
            {
                touched.Add(tracked.Entity.OrgId, tracked.Entity.HeldOn);
                continue;
            }
            var stored = await db.Set<Meeting>().IgnoreQueryFilters().AsNoTracking().Where(m => m.Id == id)
                .Select(m => new { m.OrgId, m.HeldOn }).SingleOrDefaultAsync(ct);
            if (stored is not null)
            {
                touched.Add(stored.OrgId, stored.HeldOn);
            }
        }
        return touched;
    }

    private static T Original<T>(EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;

    /// <summary>Rewrites the summary rows of the touched branches and months from the meetings.</summary>
    internal static async Task RefreshAsync(ZerenDbContext db, Touched touched, CancellationToken ct)
    {
        if (touched.IsEmpty)
        {
            return;
        }
        if (touched.Orgs.Count > PerBranchLimit)
        {
            await RewriteAsync(db, null, touched.From, touched.To, ct);
            return;
        }
        foreach (var org in touched.Orgs)
        {
            await RewriteAsync(db, org, touched.From, touched.To, ct);
        }
    }

    /// <summary>Rewrites every summary row from the meetings (the migration's backfill, the demo county, the benchmark's copies).</summary>
    public static Task RebuildAsync(ZerenDbContext db, CancellationToken ct = default) =>
        RewriteAsync(db, null, null, null, ct);

    /// <summary>The month (yyyymm) of <c>m.held_on</c> in each database's SQL.</summary>
    internal static string MonthSql(bool postgres) => postgres
        ? "(CAST(EXTRACT(YEAR FROM m.held_on) AS integer) * 100 + CAST(EXTRACT(MONTH FROM m.held_on) AS integer))"
        : "(CAST(substr(m.held_on, 1, 4) AS INTEGER) * 100 + CAST(substr(m.held_on, 6, 2) AS INTEGER))";

    /// <summary>The statements that rewrite the summaries, optionally for one branch (<c>@org</c>) and a span of days (<c>@from</c>, <c>@to</c>).</summary>
    internal static IReadOnlyList<string> RewriteSql(bool postgres, bool oneOrg, bool span)
    {
        var month = MonthSql(postgres);
        var counts = postgres ? "t.counts" : "t.counts <> 0";
        var where = new List<string>();
        var summaryWhere = new List<string>();
        if (oneOrg)
        {
            where.Add("m.org_id = @org");
            summaryWhere.Add("org_id = @org");
        }
        if (span)
        {
            where.Add("m.held_on >= @from AND m.held_on < @to");
            summaryWhere.Add("month >= @fromMonth AND month < @toMonth");
        }
        string Where(string first = "") => where.Count == 0 ? first : (first.Length == 0 ? " WHERE " : first + " AND ") + string.Join(" AND ", where);
        var deleteWhere = summaryWhere.Count == 0 ? "" : " WHERE " + string.Join(" AND ", summaryWhere);
        return
        [
            "DELETE FROM meeting_month_counts" + deleteWhere,
            "DELETE FROM meeting_month_totals" + deleteWhere,
            "DELETE FROM meeting_month_lectures" + deleteWhere,
            $"INSERT INTO meeting_month_counts (org_id, month, type, counted, not_counted) " +
            $"SELECT m.org_id, {month}, t.type, SUM(CASE WHEN {counts} THEN 1 ELSE 0 END), SUM(CASE WHEN {counts} THEN 0 ELSE 1 END) " +
            $"FROM meetings m JOIN meeting_types t ON t.meeting_id = m.id{Where()} GROUP BY m.org_id, {month}, t.type",
            $"INSERT INTO meeting_month_totals (org_id, month, meetings, expected, present) " +
            $"SELECT m.org_id, {month}, COUNT(*), SUM(m.expected_count), SUM(m.present_count) " +
            $"FROM meetings m{Where()} GROUP BY m.org_id, {month}",
            $"INSERT INTO meeting_month_lectures (org_id, month, lecturer_person_id, lectures) " +
            $"SELECT m.org_id, {month}, m.lecturer_person_id, COUNT(*) " +
            $"FROM meetings m{Where(" WHERE m.lecturer_person_id IS NOT NULL")} " +
            $"AND EXISTS (SELECT 1 FROM meeting_types t WHERE t.meeting_id = m.id AND t.type = 'Lecture' AND {counts}) " +
            $"GROUP BY m.org_id, {month}, m.lecturer_person_id",
        ];
    }

    private static async Task RewriteAsync(ZerenDbContext db, Guid? org, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var postgres = db.IsPostgres;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        try
        {
            foreach (var sql in RewriteSql(postgres, org.HasValue, from.HasValue))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = sql;
                // A command made on the connection does not take the context's timeout by itself; a province's rebuild needs it.
                if (db.Database.GetCommandTimeout() is { } timeout)
                {
                    command.CommandTimeout = timeout;
                }
                if (org is { } o && sql.Contains("@org", StringComparison.Ordinal))
                {
                    Add(command, "@org", postgres ? o : o.ToString().ToUpperInvariant());
                }
                if (from is { } f && to is { } t)
                {
                    if (sql.Contains("@fromMonth", StringComparison.Ordinal))
                    {
                        Add(command, "@fromMonth", BranchCounts.Key(f));
                        Add(command, "@toMonth", BranchCounts.Key(t));
                    }
                    if (sql.Contains("@from ", StringComparison.Ordinal))
                    {
                        Add(command, "@from", postgres ? f : f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                        Add(command, "@to", postgres ? t : t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
