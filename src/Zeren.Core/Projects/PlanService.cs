using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Notifications;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Projects;

public sealed record PlanFilter(Guid? Under = null, int? Year = null, PlanStatus? Status = null, bool? Flagged = null);

public sealed record PlanRow(Guid Id, Guid OrgId, string OrgName, int Year, PlanStatus Status, int Round, int Returns, DateTimeOffset? FlaggedAt,
    DateTimeOffset? ApprovedAt, DateTimeOffset UpdatedAt)
{
    public bool Flagged => FlaggedAt is not null;
}

public sealed record PlanProjectView(int Ordinal, string Name, string Target, string Responsibility, Guid PersonId, string PersonName, DateOnly StartOn,
    DateOnly DueOn);

public sealed record PlanVersionView(Guid Id, int Number, string Text, DateTimeOffset SubmittedAt, string SubmittedBy, PlanDecision? Decision,
    string? Comments, DateTimeOffset? ReviewedAt, string? ReviewedBy, IReadOnlyList<PlanProjectView> Projects);

/// <summary>A plan with every version (oldest first) and, once approved, its projects in the ledger.</summary>
public sealed record PlanDetail(PlanRow Plan, IReadOnlyList<PlanVersionView> Versions, int LedgerProjects)
{
    public PlanVersionView Current => Versions[^1];
}

/// <summary>
/// 党建思路 with 三上三下: a township submits, the department approves or returns with comments, at most three times;
/// the rules are on <see cref="AnnualPlan"/>. Approving makes the approved version's projects the township's project
/// ledger in the same save. The third return tells the county's organization (the department's leadership) by a
/// notification, and the flag stays on the plan for assessment.
/// </summary>
public sealed class PlanService(ZerenDbContext db, TimeProvider clock, ActorAccessor actor, ProjectService projects, ProjectObligations obligations)
{
    private DateOnly Today => ChinaTime.Today(clock);

    private string Who => actor.Current.UserName;

    public async Task<Paged<PlanRow>> ListAsync(PlanFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        var rows = Rows(q.OrderBy(p => p.Year).ThenBy(p => p.OrgId));
        var paged = await rows.ToPagedAsync(page, ct);
        return paged;
    }

    private async Task<IQueryable<AnnualPlan>> FilterAsync(PlanFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = db.Set<AnnualPlan>().AsNoTracking();
        if (filter.Under is { } under)
        {
            var path = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == under).Select(o => o.Path).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("组织", under);
            var subtree = db.Set<Organization>().InSubtree(db, path);
            q = q.Where(p => subtree.Any(o => o.Id == p.OrgId));
        }
        if (filter.Year is { } year)
        {
            q = q.Where(p => p.Year == year);
        }
        if (filter.Status is { } status)
        {
            q = q.Where(p => p.Status == status);
        }
        if (filter.Flagged is { } flagged)
        {
            q = flagged ? q.Where(p => p.FlaggedAt != null) : q.Where(p => p.FlaggedAt == null);
        }
        return q;
    }

    private IQueryable<PlanRow> Rows(IQueryable<AnnualPlan> q) => q.Select(p => new PlanRow(
        p.Id, p.OrgId, db.Set<Organization>().Where(o => o.Id == p.OrgId).Select(o => o.Name).First(), p.Year, p.Status, p.Round, p.Returns,
        p.FlaggedAt, p.ApprovedAt, p.UpdatedAt));

    /// <summary>Plans flagged after three returns and still not approved, under an organization (the leadership's list).</summary>
    public async Task<IReadOnlyList<PlanRow>> FlaggedOpenAsync(Guid? under, int take, CancellationToken ct = default)
    {
        var q = await FilterAsync(new PlanFilter(under, Flagged: true), ct);
        return await Rows(q.Where(p => p.Status != PlanStatus.Approved).OrderBy(p => p.Year).ThenBy(p => p.OrgId)).Take(take).ToListAsync(ct);
    }

    public async Task<PlanDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<AnnualPlan>().AsNoTracking().Where(p => p.Id == id)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("党建思路", id);
        var versions = await db.Set<PlanVersion>().AsNoTracking().Include(v => v.Projects).Where(v => v.PlanId == id).ToListAsync(ct);
        var personIds = versions.SelectMany(v => v.Projects).Select(p => p.PersonId).Distinct().ToList();
        var names = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var ledger = await db.Set<Project>().CountAsync(p => p.PlanId == id, ct);
        return new PlanDetail(row, versions.OrderBy(v => v.Number).Select(v => new PlanVersionView(
            v.Id, v.Number, v.Text, v.SubmittedAt, v.SubmittedBy, v.Decision, v.Comments, v.ReviewedAt, v.ReviewedBy,
            v.Projects.OrderBy(p => p.Ordinal).Select(p => new PlanProjectView(p.Ordinal, p.Name, p.Target, p.Responsibility, p.PersonId,
                names.GetValueOrDefault(p.PersonId, ""), p.StartOn, p.DueOn)).ToList())).ToList(), ledger);
    }

    /// <summary>The plan of a township for a year, if there is one.</summary>
    public async Task<Guid?> FindAsync(Guid orgId, int year, CancellationToken ct = default) =>
        await db.Set<AnnualPlan>().AsNoTracking().Where(p => p.OrgId == orgId && p.Year == year).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct);

    /// <summary>一上: a township's plan for a year, submitted for review. Every fault is named at once; nothing is saved then.</summary>
    public async Task<PlanDetail> SubmitAsync(PlanInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        if (!Period.IsWorkingYear(input.Year))
        {
            errors.Add(new ValidationError("year", Period.WorkingYearMessage, Code: "plan_year_range"));
        }
        else if (input.OrgId != Guid.Empty && await FindAsync(input.OrgId, input.Year, ct) is not null)
        {
            errors.Add(new ValidationError("year", $"该乡镇（街道）{input.Year} 年的党建思路已经提交，请在原思路上修改再报。", Code: "plan_exists"));
        }
        errors.AddRange(AnnualPlan.Check(input.Text, input.Projects));
        errors.AddRange(await FactsAsync(input.OrgId, input.Projects, ct));
        ValidationFailedException.ThrowIfAny(errors);
        var now = clock.GetUtcNow();
        var (plan, version) = AnnualPlan.Submit(input.OrgId, input.Year, input.Text, input.Projects, now, Who);
        db.Add(plan);
        db.Add(version);
        await obligations.PlanSubmittedAsync(plan, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(plan.Id, ct);
    }

    /// <summary>二上、三上…: a returned plan submitted again as a new version.</summary>
    public async Task<PlanDetail> ResubmitAsync(Guid id, PlanRevision input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        var errors = new List<ValidationError>();
        errors.AddRange(AnnualPlan.Check(input.Text, input.Projects));
        errors.AddRange(await FactsAsync(plan.OrgId, input.Projects, ct));
        ValidationFailedException.ThrowIfAny(errors);
        var version = plan.Resubmit(input.Text, input.Projects, clock.GetUtcNow(), Who);
        db.Add(version);
        await obligations.PlanSubmittedAsync(plan, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// 一下、二下、三下: returned with comments. The third tells the township's county (a notification to the
    /// department's leadership) and flags the plan; a fourth is refused.
    /// </summary>
    public async Task<PlanDetail> ReturnAsync(Guid id, PlanReview review, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        var plan = await LoadAsync(id, ct);
        var current = await CurrentAsync(plan, ct);
        var now = clock.GetUtcNow();
        var flagged = plan.Return(current, review.Comments, now, Who);
        if (flagged)
        {
            var township = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == plan.OrgId)
                .Select(o => new { o.Name, o.ParentId }).SingleAsync(ct);
            if (township.ParentId is { } county)
            {
                db.Add(Notification.Create(county, NotificationKind.PlanReturnedThrice, plan.Id.ToString(),
                    $"{township.Name}{plan.Year}年党建思路已退回三次仍未通过",
                    $"{township.Name}{plan.Year}年党建思路经三上三下仍未审核通过（第 {plan.Round} 版已退回），请部领导关注并督促；此情况计入年度考核。",
                    $"/plans/{plan.Id}", now));
            }
        }
        await obligations.PlanReturnedAsync(plan, current.Comments!, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>审核通过: the current version approved and its projects made the township's ledger, in one save.</summary>
    public async Task<PlanDetail> ApproveAsync(Guid id, PlanReview review, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        var plan = await LoadAsync(id, ct);
        var current = await CurrentAsync(plan, ct);
        var now = clock.GetUtcNow();
        plan.Approve(current, review.Comments, now, Who);
        foreach (var intended in current.Projects.OrderBy(p => p.Ordinal))
        {
            db.Add(Project.Create(plan.OrgId, plan.Year, plan.Id, intended.Terms, [], Today, now, Who));
        }
        await obligations.PlanApprovedAsync(plan, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<AnnualPlan> LoadAsync(Guid id, CancellationToken ct) =>
        await db.Set<AnnualPlan>().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("党建思路", id);

    private async Task<PlanVersion> CurrentAsync(AnnualPlan plan, CancellationToken ct) =>
        await db.Set<PlanVersion>().Include(v => v.Projects).SingleAsync(v => v.PlanId == plan.Id && v.Number == plan.Round, ct);

    private async Task<IReadOnlyList<ValidationError>> FactsAsync(Guid orgId, IReadOnlyList<ProjectTerms>? terms, CancellationToken ct)
    {
        var errors = new List<ValidationError>(await projects.CheckFactsAsync(orgId, null, ct));
        for (var i = 0; i < (terms?.Count ?? 0); i++)
        {
            if (terms![i]?.PersonId is { } pid && pid != Guid.Empty)
            {
                errors.AddRange(await projects.CheckFactsAsync(orgId, pid, ct, $"projects[{i}].", $"第 {i + 1} 个项目 "));
            }
        }
        // The township is named once, not once per project.
        return errors.DistinctBy(e => (e.Field, e.Code)).ToList();
    }
}
