using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;
using Zeren.Core.Projects;
using Zeren.Core.Security;

namespace Zeren.Core.Demo;

/// <summary>Puts the demo county (<see cref="DemoCounty"/>) into a database, or replaces what is there with it.</summary>
public static class DemoCountyLoader
{
    /// <summary>Rows per SaveChanges: large enough to be fast, small enough to keep the change tracker cheap.</summary>
    private const int BatchSize = 2000;

    /// <summary>True when the database has no organization at all, i.e. a demo load would not collide.</summary>
    public static async Task<bool> IsEmptyAsync(ZerenDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return !await db.Set<Organization>().AnyAsync(ct);
    }

    /// <summary>
    /// Inserts the demo county generated for the clock's today, in one transaction. Only into an empty database:
    /// mixed with real data the demo would be misleading, so anything else is refused (use <see cref="ResetAsync"/>).
    /// </summary>
    public static async Task LoadAsync(ZerenDbContext db, TimeProvider clock, PersonalDataProtector protector, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var county = DemoCounty.Generate(clock, protector);
        var orders = DemoOrders.Generate(county, clock.GetUtcNow());
        await InTransactionAsync(db, async () =>
        {
            if (!await IsEmptyAsync(db, ct))
            {
                throw new DomainException("demo_database_not_empty", "数据库中已有组织数据，不能载入演示县；如需演示数据，请使用“重置演示数据”。");
            }
            await InsertAsync(db, county, ct);
            await InsertOrdersAsync(db, orders, ct);
        }, ct);
    }

    /// <summary>
    /// Deletes every meeting, region, organization, grid, person, position, link and reserve cadre, then loads the demo
    /// county, all in one transaction: on any failure the database keeps what it had.
    /// </summary>
    public static async Task ResetAsync(ZerenDbContext db, TimeProvider clock, PersonalDataProtector protector, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var county = DemoCounty.Generate(clock, protector);
        var orders = DemoOrders.Generate(county, clock.GetUtcNow());
        await InTransactionAsync(db, async () =>
        {
            await DeleteAllAsync(db, ct);
            await InsertAsync(db, county, ct);
            await InsertOrdersAsync(db, orders, ct);
        }, ct);
    }

    private static async Task InTransactionAsync(ZerenDbContext db, Func<Task> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction decides.
            await work();
            return;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await work();
        await tx.CommitAsync(ct);
    }

    private static async Task DeleteAllAsync(ZerenDbContext db, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        // Demo accounts go with the demo county; a real account bound to an organization stops the reset.
        if (await db.Set<Account>().AnyAsync(a => !a.IsDemo && a.OrgId != null, ct))
        {
            throw new DomainException("demo_reset_accounts", "有非演示账号绑定在组织上，不能重置演示数据。");
        }
        // Inspection rounds (督导轮次) name demo accounts, inspections (暗访), problems and self-checks (问题清单, 举一反三) too:
        // before the accounts (a plan's team and a round's groups name them) and the organizations.
        await db.Set<Inspections.InspectionRoundVillage>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionGroupMember>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        // Assessment (考核): its runs and schemes name the organizations.
        await db.Set<Assessment.RunResult>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Assessment.RunEntry>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        // Corrections name the run they correct, items their group (restricted keys, checked row by row on SQLite): unlinked first.
        await db.Set<Assessment.ScoringRun>().IgnoreQueryFilters().ExecuteUpdateAsync(s => s.SetProperty(r => r.CorrectsRunId, (Guid?)null), ct);
        await db.Set<Assessment.ScoringRun>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Assessment.SchemeItem>().IgnoreQueryFilters().ExecuteUpdateAsync(s => s.SetProperty(i => i.ParentId, (Guid?)null), ct);
        await db.Set<Assessment.SchemeItem>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Assessment.AssessmentScheme>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        // Party-building audits (党建审计): before the problems their failed items opened.
        await db.Set<PartyAudits.AuditScore>().ExecuteDeleteAsync(ct);
        await db.Set<PartyAudits.AuditSample>().ExecuteDeleteAsync(ct);
        await db.Set<PartyAudits.AuditItem>().ExecuteDeleteAsync(ct);
        await db.Set<PartyAudits.AuditUnit>().ExecuteDeleteAsync(ct);
        await db.Set<PartyAudits.AuditRound>().ExecuteDeleteAsync(ct);
        await DeleteInspectionsAsync(db, ct);
        await db.Set<Inspections.InspectionGroup>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionRound>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        // Competitions (擂台赛): their judges are demo accounts.
        await db.Set<Competitions.CompetitionScore>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Competitions.CompetitionJudge>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Competitions.CompetitionContestant>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Competitions.Competition>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        // Standardization checklists (标准化建设清单): their entries name the villages, their photos stored files.
        await db.Set<Checklists.ChecklistFile>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Checklists.ChecklistEvent>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Checklists.ChecklistEntry>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Checklists.ChecklistItem>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Checklists.ChecklistTemplate>().IgnoreQueryFilters().ExecuteUpdateAsync(s => s.SetProperty(t => t.CopiedFromId, (Guid?)null), ct);
        await db.Set<Checklists.ChecklistTemplate>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Account>().Where(a => a.IsDemo).ExecuteDeleteAsync(ct);
        // Children first: every table below points at people or organizations.
        // Obligations (待办事项: the demo orders' among them) and supervision orders (督办单).
        await db.Set<Obligations.ObligationFile>().ExecuteDeleteAsync(ct);
        await db.Set<Obligations.Obligation>().ExecuteDeleteAsync(ct);
        await db.Set<Supervision.SupervisionFile>().ExecuteDeleteAsync(ct);
        await db.Set<Supervision.SupervisionEvent>().ExecuteDeleteAsync(ct);
        await db.Set<Supervision.SupervisionOrder>().ExecuteDeleteAsync(ct);
        await db.Set<Supervision.SupervisionCounter>().ExecuteDeleteAsync(ct);
        // Village decisions (村级事务): their steps point at ledger meetings, so before the meetings.
        await db.Set<Decisions.MatterAmendment>().ExecuteDeleteAsync(ct);
        await db.Set<Decisions.MatterStepRecord>().ExecuteDeleteAsync(ct);
        await db.Set<Decisions.Matter>().ExecuteDeleteAsync(ct);
        // Responsibility lists (责任清单).
        await db.Set<CompletionFile>().ExecuteDeleteAsync(ct);
        await db.Set<ItemCompletion>().ExecuteDeleteAsync(ct);
        await db.Set<ListReceiver>().ExecuteDeleteAsync(ct);
        await db.Set<ResponsibilityItem>().ExecuteDeleteAsync(ct);
        await db.Set<ResponsibilityList>().ExecuteDeleteAsync(ct);
        // Plans and projects
        await db.Set<Reconciliation>().ExecuteDeleteAsync(ct);
        await db.Set<ProgressEvidence>().ExecuteDeleteAsync(ct);
        await db.Set<ProgressEntry>().ExecuteDeleteAsync(ct);
        await db.Set<Milestone>().ExecuteDeleteAsync(ct);
        await db.Set<Project>().ExecuteDeleteAsync(ct);
        await db.Set<PlanProject>().ExecuteDeleteAsync(ct);
        await db.Set<PlanVersion>().ExecuteDeleteAsync(ct);
        await db.Set<AnnualPlan>().ExecuteDeleteAsync(ct);
        await db.Set<MeetingMonthCount>().ExecuteDeleteAsync(ct);
        await db.Set<MeetingMonthTotal>().ExecuteDeleteAsync(ct);
        await db.Set<MeetingMonthLecture>().ExecuteDeleteAsync(ct);
        await db.Set<MeetingAttachment>().ExecuteDeleteAsync(ct);
        await db.Set<MeetingAmendment>().ExecuteDeleteAsync(ct);
        await db.Set<MeetingAttendee>().ExecuteDeleteAsync(ct);
        await db.Set<MeetingTypeEntry>().ExecuteDeleteAsync(ct);
        await db.Set<Meeting>().ExecuteDeleteAsync(ct);
        await db.Set<ReserveCadre>().ExecuteDeleteAsync(ct);
        await db.Set<Link>().ExecuteDeleteAsync(ct);
        await db.Set<Position>().ExecuteDeleteAsync(ct);
        await db.Set<Grid>().ExecuteDeleteAsync(ct);
        await db.Set<Person>().ExecuteDeleteAsync(ct);
        // parent_id is ON DELETE RESTRICT, which both databases check row by row: deepest level first.
        var maxDepth = await db.Set<Organization>().MaxAsync(o => (int?)o.Depth, ct) ?? -1;
        for (var depth = maxDepth; depth >= 0; depth--)
        {
            var level = depth;
            await db.Set<Organization>().Where(o => o.Depth == level).ExecuteDeleteAsync(ct);
        }
        await db.Set<Region>().ExecuteDeleteAsync(ct);
    }

    private static async Task InsertAsync(ZerenDbContext db, DemoCounty county, CancellationToken ct)
    {
        var detectChanges = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            // In foreign-key order; organizations come parents first, so each batch finds its parents saved.
            await InsertInBatchesAsync(db, county.Regions, ct);
            await InsertInBatchesAsync(db, county.Organizations, ct);
            await InsertInBatchesAsync(db, county.People, ct);
            await InsertInBatchesAsync(db, county.Grids, ct);
            await InsertInBatchesAsync(db, county.Positions, ct);
            await InsertInBatchesAsync(db, county.Links, ct);
            await InsertInBatchesAsync(db, county.Reserves, ct);
            await InsertMeetingsAsync(db, county.Meetings, ct);
            // Responsibility lists (责任清单)
            await InsertInBatchesAsync(db, county.Lists.Lists, ct);
            await InsertInBatchesAsync(db, county.Lists.Items, ct);
            await InsertInBatchesAsync(db, county.Lists.Receivers, ct);
            await InsertInBatchesAsync(db, county.Lists.Completions, ct);
            await InsertInBatchesAsync(db, county.Lists.Obligations, ct);
            // Plans and projects
            await InsertInBatchesAsync(db, county.Plans.Plans, ct);
            await InsertInBatchesAsync(db, county.Plans.Versions, ct);
            await InsertInBatchesAsync(db, county.Plans.Projects, ct);
            await InsertInBatchesAsync(db, county.Plans.Reconciliations, ct);
            await InsertInBatchesAsync(db, county.Plans.Obligations, ct);
            // Village decisions (村级事务): the ledger meetings of their 提议 and 审议 first, then the matters, steps and obligations.
            await InsertMeetingsAsync(db, county.Matters.Meetings, ct);
            await InsertInBatchesAsync(db, county.Matters.Matters, ct);
            await InsertInBatchesAsync(db, county.Matters.Steps, ct);
            await InsertInBatchesAsync(db, county.Matters.Obligations, ct);
            // Inspections, problems and rectification (暗访, 问题清单, 举一反三): problems before the findings that name them
            await InsertInspectionsAsync(db, county.Inspections, ct);
            // Party-building audits (党建审计): the round, its sample and scores, the problems it opened and what they owe.
            await InsertInBatchesAsync(db, county.Audits.Rounds, ct);
            await InsertInBatchesAsync(db, county.Audits.Units, ct);
            await InsertInBatchesAsync(db, county.Audits.Items, ct);
            await InsertInBatchesAsync(db, county.Audits.Samples, ct);
            await InsertInBatchesAsync(db, county.Audits.Scores, ct);
            await InsertInBatchesAsync(db, county.Audits.Problems, ct);
            await InsertInBatchesAsync(db, county.Audits.Events, ct);
            await InsertInBatchesAsync(db, county.Audits.Obligations, ct);
            // Assessment (考核): the scheme, its published run and what the bottom owed.
            await InsertInBatchesAsync(db, county.Assessment.Schemes, ct);
            await InsertInBatchesAsync(db, county.Assessment.Items, ct);
            await InsertInBatchesAsync(db, county.Assessment.Runs, ct);
            await InsertInBatchesAsync(db, county.Assessment.Entries, ct);
            await InsertInBatchesAsync(db, county.Assessment.Results, ct);
            await InsertInBatchesAsync(db, county.Assessment.Obligations, ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
    }

    /// <summary>
    /// Meetings and their types through EF; their ~100 000 attendance rows straight to the database (a prepared
    /// INSERT on SQLite, binary COPY on PostgreSQL), which halves the demo's load time. Demo data only: the app
    /// itself is the actor, so the write guard has nothing to check.
    /// </summary>
    private static async Task InsertMeetingsAsync(ZerenDbContext db, IReadOnlyList<Meeting> meetings, CancellationToken ct)
    {
        // The monthly summaries are written once from all of them, at the end, in the same transaction.
        db.DeferDerivedRows = true;
        try
        {
            await InsertMeetingRowsAsync(db, meetings, ct);
        }
        finally
        {
            db.DeferDerivedRows = false;
        }
        await MeetingSummaries.RebuildAsync(db, ct);
    }

    private static async Task InsertMeetingRowsAsync(ZerenDbContext db, IReadOnlyList<Meeting> meetings, CancellationToken ct)
    {
        for (var start = 0; start < meetings.Count; start += 500)
        {
            // Entity by entity, not the graph: the attendees stay out of the change tracker (and in their meetings).
            foreach (var meeting in meetings.Skip(start).Take(500))
            {
                db.Entry(meeting).State = EntityState.Added;
                foreach (var type in meeting.Types)
                {
                    db.Entry(type).State = EntityState.Added;
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        var rows = meetings.SelectMany(m => m.Attendees);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (connection is Npgsql.NpgsqlConnection npgsql)
        {
            await using var copy = await npgsql.BeginBinaryImportAsync(
                "COPY meeting_attendees (meeting_id, person_id, status, reason) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var a in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(a.MeetingId, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(a.PersonId, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(a.Status.ToString(), NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                if (a.Reason is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(a.Reason, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                }
            }
            await copy.CompleteAsync(ct);
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meeting_attendees (meeting_id, person_id, status, reason) VALUES ($m, $p, $s, $r)";
        var (m, p, st, r) = (command.CreateParameter(), command.CreateParameter(), command.CreateParameter(), command.CreateParameter());
        (m.ParameterName, p.ParameterName, st.ParameterName, r.ParameterName) = ("$m", "$p", "$s", "$r");
        command.Parameters.AddRange(new[] { m, p, st, r });
        foreach (var a in rows)
        {
            // As EF stores them on SQLite: GUIDs as upper-case text, enums by name.
            m.Value = a.MeetingId.ToString().ToUpperInvariant();
            p.Value = a.PersonId.ToString().ToUpperInvariant();
            st.Value = a.Status.ToString();
            r.Value = (object?)a.Reason ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The demo's supervision orders (督办单), their history, number counters and the obligations they opened.</summary>
    private static async Task InsertOrdersAsync(ZerenDbContext db, DemoOrders orders, CancellationToken ct)
    {
        await InsertInBatchesAsync(db, orders.Counters, ct);
        await InsertInBatchesAsync(db, orders.Orders, ct);
        await InsertInBatchesAsync(db, orders.Events, ct);
        await InsertInBatchesAsync(db, orders.Obligations, ct);
    }

    private static async Task InsertInspectionsAsync(ZerenDbContext db, DemoInspections demo, CancellationToken ct)
    {
        await InsertInBatchesAsync(db, demo.Plans, ct);
        await InsertInBatchesAsync(db, demo.PlanVillages, ct);
        // Originals before the problems their self-checks found (origin_problem_id).
        await InsertInBatchesAsync(db, demo.Problems.Where(p => p.OriginProblemId is null).ToList(), ct);
        await InsertInBatchesAsync(db, demo.Problems.Where(p => p.OriginProblemId is not null).ToList(), ct);
        await InsertInBatchesAsync(db, demo.Events, ct);
        await InsertInBatchesAsync(db, demo.Inspections, ct);
        await InsertInBatchesAsync(db, demo.Grids, ct);
        await InsertInBatchesAsync(db, demo.Checks, ct);
        await InsertInBatchesAsync(db, demo.Findings, ct);
        await InsertInBatchesAsync(db, demo.SelfChecks, ct);
        await InsertInBatchesAsync(db, demo.Answers, ct);
        await InsertInBatchesAsync(db, demo.Obligations, ct);
    }

    private static async Task DeleteInspectionsAsync(ZerenDbContext db, CancellationToken ct)
    {
        await db.Set<Rectification.SelfCheckAnswer>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Rectification.SelfCheck>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionPhoto>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionFinding>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionCheck>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionGrid>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.Inspection>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionPlanVillage>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionPlanMember>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Inspections.InspectionPlan>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Rectification.ProblemFile>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Set<Rectification.ProblemEvent>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        // A problem found by a self-check points at its original: those first.
        await db.Set<Rectification.Problem>().IgnoreQueryFilters().Where(p => p.OriginProblemId != null).ExecuteDeleteAsync(ct);
        await db.Set<Rectification.Problem>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
    }

    private static async Task InsertInBatchesAsync<T>(ZerenDbContext db, IReadOnlyList<T> rows, CancellationToken ct, int batchSize = BatchSize)
        where T : class
    {
        for (var start = 0; start < rows.Count; start += batchSize)
        {
            db.Set<T>().AddRange(rows.Skip(start).Take(batchSize));
            await db.SaveChangesAsync(ct);
            // Saved rows need no tracking; a growing tracker would slow every later batch.
            db.ChangeTracker.Clear();
        }
    }
}
