using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Projects;

/// <summary>A project as made by hand: the township, the 五定 and the milestones (the ledger year is the start's year).</summary>
public sealed record ProjectInput(
    Guid OrgId,
    string? Name,
    [MultiLineText] string? Target,
    [MultiLineText] string? Responsibility,
    Guid? PersonId,
    DateOnly? StartOn,
    DateOnly? DueOn,
    IReadOnlyList<MilestoneInput>? Milestones = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public ProjectTerms Terms => new(Name, Target, Responsibility, PersonId, StartOn, DueOn);
}

/// <summary>A project's 五定 and milestones changed.</summary>
public sealed record ProjectRevision(
    string? Name,
    [MultiLineText] string? Target,
    [MultiLineText] string? Responsibility,
    Guid? PersonId,
    DateOnly? StartOn,
    DateOnly? DueOn,
    IReadOnlyList<MilestoneInput>? Milestones = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public ProjectTerms Terms => new(Name, Target, Responsibility, PersonId, StartOn, DueOn);
}

/// <summary>A progress report: the day, what was done, how far the project is.</summary>
public sealed record ProgressInput(DateOnly? On, [MultiLineText] string? Text, int Percent);

/// <summary>A month's reconciliation (一月一对账): the month (2026-11), progress, problems, next steps, percent.</summary>
public sealed record ReconciliationInput(string? Month, [MultiLineText] string? Progress, [MultiLineText] string? Problems,
    [MultiLineText] string? NextSteps, int Percent);

/// <summary>The project done on a day.</summary>
public sealed record CompletionInput(DateOnly? DoneOn);

/// <summary>The project cancelled, with the reason.</summary>
public sealed record CancellationInput(string? Reason);

public sealed record ProjectFilter(Guid? Under = null, Guid? OrgId = null, int? Year = null, ProjectStatus? Status = null, Guid? PlanId = null);

/// <summary>One project of a ledger; <see cref="Status"/> is the status today (overdue computed).</summary>
public sealed record ProjectRow(
    Guid Id, Guid OrgId, string OrgName, int Year, Guid? PlanId, string Name, Guid PersonId, string PersonName, DateOnly StartOn, DateOnly DueOn,
    ProjectStatus Status, int Percent, DateOnly? DoneOn, string? LastReconciled);

public sealed record MilestoneView(int Ordinal, string Title, DateOnly DueOn, DateOnly? DoneOn);

public sealed record EvidenceView(Guid Id, Guid FileId, string FileName, string ContentType, long Size);

public sealed record ProgressView(Guid Id, DateOnly On, string Text, int Percent, DateTimeOffset CreatedAt, string CreatedBy, IReadOnlyList<EvidenceView> Evidence);

public sealed record ReconciliationView(Guid Id, string Month, string Progress, string? Problems, string NextSteps, int Percent, DateOnly DueOn,
    DateTimeOffset SubmittedAt, string SubmittedBy, bool Late);

public sealed record ProjectDetail(
    ProjectRow Project, string Target, string Responsibility, string? CancelReason, IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<ProgressView> Progress, IReadOnlyList<ReconciliationView> Reconciliations, IReadOnlyList<string> MonthsUnreconciled,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>A township's ledger for a year: how many projects in each status today, and the average progress.</summary>
public sealed record LedgerSummary(Guid OrgId, string OrgName, int Year, int Total, int Planned, int InProgress, int Done, int Overdue, int Cancelled,
    int AveragePercent);

/// <summary>
/// 党建项目 and 项目账单: making, changing, progressing, reconciling, finishing and cancelling projects; the rules are on
/// <see cref="Project"/>, <see cref="ProgressEntry"/> and <see cref="Reconciliation"/>. A refused input saves nothing.
/// What the capability owes the obligation engine (a reconciliation submitted, a cancelled project's obligations
/// cancelled) goes through <see cref="IProjectObligations"/>.
/// </summary>
public sealed class ProjectService(ZerenDbContext db, TimeProvider clock, ActorAccessor actor, UploadStore uploads, ProjectObligations obligations)
{
    public static readonly IReadOnlyList<FileKind> AcceptedFiles = [FileKind.Jpeg, FileKind.Png, FileKind.Pdf];

    private DateOnly Today => ChinaTime.Today(clock);

    private string Who => actor.Current.UserName;

    public async Task<Paged<ProjectRow>> ListAsync(ProjectFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        var paged = await Rows(q.OrderBy(p => p.OrgId).ThenBy(p => p.StartOn).ThenBy(p => p.Id)).ToPagedAsync(page, ct);
        return paged with { Items = await WithPersonNamesAsync(paged.Items, ct) };
    }

    /// <summary>
    /// The people responsible, in a query of their own: <c>IgnoreQueryFilters</c> lifts the filters of a whole query, so it
    /// must not touch the projects' query.
    /// </summary>
    private async Task<IReadOnlyList<ProjectRow>> WithPersonNamesAsync(IReadOnlyList<ProjectRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.PersonId).Distinct().ToList();
        var names = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return rows.Select(r => r with { PersonName = names.GetValueOrDefault(r.PersonId, "") }).ToList();
    }

    /// <summary>Every project a filter selects (the ledger's export), in ledger order.</summary>
    public async Task<IReadOnlyList<ProjectRow>> AllAsync(ProjectFilter filter, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        var rows = await WithPersonNamesAsync(await Rows(q).ToListAsync(ct), ct);
        return rows.OrderBy(r => r.OrgName, StringComparer.Ordinal).ThenBy(r => r.StartOn).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Each township's ledger of a year under an organization, counted in the database.</summary>
    public async Task<IReadOnlyList<LedgerSummary>> LedgersAsync(Guid? under, int year, CancellationToken ct = default)
    {
        var today = Today;
        var q = await FilterAsync(new ProjectFilter(under, Year: year), ct);
        var counts = await q.GroupBy(p => p.OrgId).Select(g => new
        {
            OrgId = g.Key,
            Total = g.Count(),
            Planned = g.Count(p => p.Status == ProjectStatus.Planned && p.DueOn >= today),
            InProgress = g.Count(p => p.Status == ProjectStatus.InProgress && p.DueOn >= today),
            Done = g.Count(p => p.Status == ProjectStatus.Done),
            Overdue = g.Count(p => (p.Status == ProjectStatus.Planned || p.Status == ProjectStatus.InProgress) && p.DueOn < today),
            Cancelled = g.Count(p => p.Status == ProjectStatus.Cancelled),
            PercentSum = g.Where(p => p.Status != ProjectStatus.Cancelled).Sum(p => p.Percent),
        }).ToListAsync(ct);
        var ids = counts.Select(c => c.OrgId).ToList();
        var names = await db.Set<Organization>().AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.Path }).ToDictionaryAsync(o => o.Id, ct);
        return counts.Select(c =>
            {
                var counted = c.Total - c.Cancelled;
                return new LedgerSummary(c.OrgId, names.GetValueOrDefault(c.OrgId)?.Name ?? "", year, c.Total, c.Planned, c.InProgress, c.Done, c.Overdue,
                    c.Cancelled, counted == 0 ? 0 : c.PercentSum / counted);
            })
            .OrderBy(l => names.GetValueOrDefault(l.OrgId)?.Path, StringComparer.Ordinal).ToList();
    }

    public async Task<IQueryable<Project>> FilterAsync(ProjectFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = Today;
        var q = db.Set<Project>().AsNoTracking();
        if (filter.Under is { } under)
        {
            var path = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == under).Select(o => o.Path).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("组织", under);
            var subtree = db.Set<Organization>().InSubtree(db, path);
            q = q.Where(p => subtree.Any(o => o.Id == p.OrgId));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(p => p.OrgId == orgId);
        }
        if (filter.Year is { } year)
        {
            q = q.Where(p => p.Year == year);
        }
        if (filter.PlanId is { } planId)
        {
            q = q.Where(p => p.PlanId == planId);
        }
        q = filter.Status switch
        {
            ProjectStatus.Overdue => q.Where(p => (p.Status == ProjectStatus.Planned || p.Status == ProjectStatus.InProgress) && p.DueOn < today),
            ProjectStatus.Planned or ProjectStatus.InProgress => q.Where(p => p.Status == filter.Status && p.DueOn >= today),
            { } s => q.Where(p => p.Status == s),
            null => q,
        };
        return q;
    }

    private IQueryable<ProjectRow> Rows(IQueryable<Project> q)
    {
        var today = Today;
        return q.Select(p => new ProjectRow(
            p.Id, p.OrgId, db.Set<Organization>().Where(o => o.Id == p.OrgId).Select(o => o.Name).First(), p.Year, p.PlanId, p.Name, p.PersonId,
            "",
            p.StartOn, p.DueOn,
            (p.Status == ProjectStatus.Planned || p.Status == ProjectStatus.InProgress) && p.DueOn < today ? ProjectStatus.Overdue : p.Status,
            p.Percent, p.DoneOn,
            db.Set<Reconciliation>().Where(r => r.ProjectId == p.Id).Max(r => (string?)r.Month)));
    }

    public async Task<ProjectDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var found = await Rows(db.Set<Project>().AsNoTracking().Where(p => p.Id == id)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("党建项目", id);
        var row = (await WithPersonNamesAsync([found], ct))[0];
        var project = await db.Set<Project>().AsNoTracking().Include(p => p.Milestones).SingleAsync(p => p.Id == id, ct);
        var entries = await db.Set<ProgressEntry>().AsNoTracking().Where(e => e.ProjectId == id).ToListAsync(ct);
        var entryIds = entries.Select(e => e.Id).ToList();
        var evidence = await db.Set<ProgressEvidence>().AsNoTracking().Where(e => entryIds.Contains(e.ProgressEntryId))
            .Join(db.Set<StoredFile>(), e => e.StoredFileId, f => f.Id,
                (e, f) => new { e.ProgressEntryId, View = new EvidenceView(e.Id, f.Id, f.FileName, f.ContentType, f.Size) })
            .ToListAsync(ct);
        var recs = await db.Set<Reconciliation>().AsNoTracking().Where(r => r.ProjectId == id).ToListAsync(ct);
        var reconciled = recs.Select(r => r.Month).ToHashSet(StringComparer.Ordinal);
        var owedThrough = Today.AddDays(-Today.Day); // the last day of last month: this month is reconciled next month
        var unreconciled = project.IsClosed ? [] : ReconciliationCalendar.MonthsOwed(project.StartOn, owedThrough)
            .Select(m => m.ToString()).Where(m => !reconciled.Contains(m)).ToList();
        return new ProjectDetail(
            row, project.Target, project.Responsibility, project.CancelReason,
            project.Milestones.OrderBy(m => m.Ordinal).Select(m => new MilestoneView(m.Ordinal, m.Title, m.DueOn, m.DoneOn)).ToList(),
            entries.OrderByDescending(e => e.On).ThenByDescending(e => e.Id)
                .Select(e => new ProgressView(e.Id, e.On, e.Text, e.Percent, e.CreatedAt, e.CreatedBy,
                    evidence.Where(x => x.ProgressEntryId == e.Id).Select(x => x.View).OrderBy(v => v.Id).ToList())).ToList(),
            recs.OrderByDescending(r => r.Month, StringComparer.Ordinal)
                .Select(r => new ReconciliationView(r.Id, r.Month, r.Progress, r.Problems, r.NextSteps, r.Percent, r.DueOn, r.SubmittedAt, r.SubmittedBy, r.Late))
                .ToList(),
            unreconciled, project.CreatedAt, project.CreatedBy, project.UpdatedAt, project.UpdatedBy);
    }

    /// <summary>A project made by hand in a township's ledger; every missing 定 is named at once.</summary>
    public async Task<ProjectDetail> CreateAsync(ProjectInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var milestones = input.Milestones ?? [];
        var errors = new List<ValidationError>();
        errors.AddRange(ProjectRules.Check(input.Terms));
        errors.AddRange(ProjectRules.CheckMilestones(milestones, input.StartOn, input.DueOn, Today));
        errors.AddRange(await CheckFactsAsync(input.OrgId, input.PersonId, ct));
        ValidationFailedException.ThrowIfAny(errors);
        var project = Project.Create(input.OrgId, input.StartOn!.Value.Year, null, input.Terms, milestones, Today, clock.GetUtcNow(), Who);
        db.Add(project);
        await db.SaveChangesAsync(ct);
        return await GetAsync(project.Id, ct);
    }

    public async Task<ProjectDetail> UpdateAsync(Guid id, ProjectRevision input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, ct);
        project.EnsureOpen();
        var milestones = input.Milestones ?? [];
        var errors = new List<ValidationError>();
        errors.AddRange(ProjectRules.Check(input.Terms));
        errors.AddRange(ProjectRules.CheckMilestones(milestones, input.StartOn, input.DueOn, Today));
        errors.AddRange(await CheckFactsAsync(project.OrgId, input.PersonId, ct));
        ValidationFailedException.ThrowIfAny(errors);
        project.Revise(input.Terms, milestones, Today, clock.GetUtcNow(), Who);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<ProgressView> AddProgressAsync(Guid id, ProgressInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, ct);
        var entry = ProgressEntry.Of(project, input.On, input.Text, input.Percent, Today, clock.GetUtcNow(), Who);
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return new ProgressView(entry.Id, entry.On, entry.Text, entry.Percent, entry.CreatedAt, entry.CreatedBy, []);
    }

    /// <summary>An evidence file (jpg, png, pdf) kept with a progress entry of an open project; a refusal keeps nothing.</summary>
    public async Task<EvidenceView> AttachEvidenceAsync(Guid id, Guid entryId, Stream content, string? fileName, string? contentType,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var project = await LoadAsync(id, ct);
        project.EnsureOpen();
        var entry = await db.Set<ProgressEntry>().SingleOrDefaultAsync(e => e.Id == entryId && e.ProjectId == id, ct)
            ?? throw new NotFoundException("项目进展", entryId);
        ProgressEvidence.EnsureRoom(await db.Set<ProgressEvidence>().CountAsync(e => e.ProgressEntryId == entryId, ct));
        var now = clock.GetUtcNow();
        ProgressEvidence? evidence = null;
        var file = await uploads.SaveAsync(content, fileName, contentType, AcceptedFiles, project.OrgId, f =>
        {
            evidence = ProgressEvidence.Of(entry.Id, f.Id, now, Who);
            project.Touch(now, Who);
            db.Add(evidence);
            return [evidence];
        }, ct);
        return new EvidenceView(evidence!.Id, file.Id, file.FileName, file.ContentType, file.Size);
    }

    /// <summary>
    /// 一月一对账: a month's reconciliation of an open project, saved once; the month's obligation is submitted with it
    /// (late when after the due day). A closed project, a month not begun or before the start, a second one: refused.
    /// </summary>
    public async Task<ReconciliationView> ReconcileAsync(Guid id, ReconciliationInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, ct);
        Period? month = null;
        ValidationError? monthError = null;
        try
        {
            month = ReconciliationCalendar.ParseMonth(input.Month);
        }
        catch (DomainException e)
        {
            monthError = e.AsErrors()[0];
        }
        var key = month?.ToString();
        var exists = key is not null && await db.Set<Reconciliation>().AnyAsync(r => r.ProjectId == id && r.Month == key, ct);
        ValidationFailedException.ThrowIfAny(Reconciliation.Check(project, month, monthError, exists, input.Progress, input.Problems, input.NextSteps,
            input.Percent, Today));
        var now = clock.GetUtcNow();
        var due = ReconciliationCalendar.DueOn(month!.Value, await obligations.ReconciliationRuleAsync(ct));
        var rec = Reconciliation.Of(project, month.Value, input.Progress!, input.Problems, input.NextSteps!, input.Percent, due, Today, now, Who);
        db.Add(rec);
        // The month's obligation is submitted in the same save (the engine saves what the context has pending).
        await obligations.ReconciledAsync(project, month.Value, rec.DueOn, ct);
        await db.SaveChangesAsync(ct);
        return new ReconciliationView(rec.Id, rec.Month, rec.Progress, rec.Problems, rec.NextSteps, rec.Percent, rec.DueOn, rec.SubmittedAt,
            rec.SubmittedBy, rec.Late);
    }

    public async Task<ProjectDetail> CompleteAsync(Guid id, CompletionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, ct);
        project.EnsureOpen();
        var on = input.DoneOn ?? throw new DomainException("project_done_required", "请填写完成日期。", "doneOn");
        project.Complete(on, Today, clock.GetUtcNow(), Who);
        await db.SaveChangesAsync(ct);
        await obligations.ClosedAsync(project, "项目已完成，无需再对账", ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Cancelled with the reason (kept with the project and in the audit log); its open obligations are cancelled.</summary>
    public async Task<ProjectDetail> CancelAsync(Guid id, CancellationInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, ct);
        project.EnsureOpen();
        var reason = db.Because(input.Reason);
        project.Cancel(reason, clock.GetUtcNow(), Who);
        await db.SaveChangesAsync(ct);
        await obligations.ClosedAsync(project, reason, ct);
        return await GetAsync(id, ct);
    }

    private async Task<Project> LoadAsync(Guid id, CancellationToken ct) =>
        await db.Set<Project>().Include(p => p.Milestones).SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("党建项目", id);

    /// <summary>What only the database knows: the township is one in scope, the person responsible is someone in scope.</summary>
    internal async Task<IReadOnlyList<ValidationError>> CheckFactsAsync(Guid orgId, Guid? personId, CancellationToken ct, string prefix = "",
        string label = "")
    {
        var errors = new List<ValidationError>();
        if (orgId != Guid.Empty)
        {
            var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Depth }).SingleOrDefaultAsync(ct);
            if (org is null)
            {
                errors.Add(new ValidationError("orgId", "未找到该乡镇（街道），或不在您的管理范围内。", Code: "project_org_not_found"));
            }
            else if (org.Depth != 1)
            {
                errors.Add(new ValidationError("orgId", "项目账单按乡镇（街道）建立，请选择乡镇（街道）党（工）委。", Code: "project_org_not_township"));
            }
        }
        else
        {
            errors.Add(new ValidationError("orgId", "请选择乡镇（街道）。", Code: "project_org_required"));
        }
        if (personId is { } pid && pid != Guid.Empty && !await db.Set<Person>().AnyAsync(p => p.Id == pid, ct))
        {
            errors.Add(new ValidationError(prefix + "personId", label + "定人员：未找到所选责任人，或不在您的管理范围内。", Code: "project_person_not_found"));
        }
        return errors;
    }
}
