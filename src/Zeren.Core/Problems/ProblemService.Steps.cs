using Microsoft.EntityFrameworkCore;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Faults = Zeren.Core.Platform.Problems;

namespace Zeren.Core.Rectification;

public sealed partial class ProblemService
{
    // ---- reading ----

    public async Task<Paged<ProblemRow>> ListAsync(ProblemFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var today = Today;
        return await Rows((await FilterAsync(filter, ct)).OrderByDescending(p => p.State != ProblemState.Closed && p.DueOn < today)
            .ThenBy(p => p.DueOn).ThenBy(p => p.Id)).ToPagedAsync(page, ct);
    }

    /// <summary>The problems a filter selects, unordered and untracked: the list, its export and the statistics share it.</summary>
    public async Task<IQueryable<Problem>> FilterAsync(ProblemFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = db.Set<Problem>().AsNoTracking();
        if (filter.Under is { } under)
        {
            var path = await db.Set<Organization>().Where(o => o.Id == under).Select(o => o.Path).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("组织", under);
            var subtree = db.Set<Organization>().InSubtree(db, path);
            q = q.Where(p => subtree.Any(s => s.Id == p.OrgId));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(p => p.OrgId == orgId);
        }
        if (filter.IssuerOrgId is { } issuer)
        {
            q = q.Where(p => p.IssuerOrgId == issuer);
        }
        if (filter.State is { } state)
        {
            q = q.Where(p => p.State == state);
        }
        if (filter.Source is { } source)
        {
            q = q.Where(p => p.Source == source);
        }
        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var category = filter.Category.Trim();
            q = q.Where(p => p.Category == category);
        }
        var today = Today;
        if (filter.Overdue is { } overdue)
        {
            q = overdue
                ? q.Where(p => p.State != ProblemState.Closed && p.DueOn < today)
                : q.Where(p => !(p.State != ProblemState.Closed && p.DueOn < today));
        }
        if (filter.Open is { } open)
        {
            q = open ? q.Where(p => p.State != ProblemState.Closed) : q.Where(p => p.State == ProblemState.Closed);
        }
        if (filter.Common is { } common)
        {
            q = q.Where(p => p.IsCommon == common);
        }
        if (!string.IsNullOrWhiteSpace(filter.SourceType))
        {
            var type = filter.SourceType.Trim();
            q = q.Where(p => p.SourceType == type);
        }
        if (filter.SourceId is { } sourceId)
        {
            q = q.Where(p => p.SourceId == sourceId);
        }
        if (filter.From is { } from)
        {
            var start = StartOfChinaDay(from);
            q = q.Where(p => p.RaisedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = StartOfChinaDay(to.AddDays(1));
            q = q.Where(p => p.RaisedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            q = q.Where(p => p.Title.Contains(text) || p.Description.Contains(text));
        }
        return q;
    }

    /// <summary>The UTC instant a China day begins (China keeps no daylight saving).</summary>
    internal static DateTimeOffset StartOfChinaDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();

    public IQueryable<ProblemRow> Rows(IQueryable<Problem> q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var today = Today;
        return q.Select(p => new ProblemRow(
            p.Id, p.OrgId, db.Set<Organization>().Where(g => g.Id == p.OrgId).Select(g => g.Name).First(), p.IssuerOrgId,
            p.Source, p.SourceType, p.SourceId, p.SourceTitle, p.IsCommon, p.Category, p.Title, p.Severity, p.DueOn, p.State,
            p.State != ProblemState.Closed && p.DueOn < today, p.RaisedAt, p.ClosedAt, p.ReturnCount, p.OriginProblemId));
    }

    public async Task<ProblemDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<Problem>().AsNoTracking().Where(p => p.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("问题", id);
        var problem = await db.Set<Problem>().AsNoTracking().SingleAsync(p => p.Id == id, ct);
        var events = await db.Set<ProblemEvent>().AsNoTracking().Where(e => e.ProblemId == id).ToListAsync(ct);
        var files = await db.Set<ProblemFile>().AsNoTracking().Where(f => f.ProblemId == id)
            .Join(db.Set<StoredFile>(), f => f.StoredFileId, s => s.Id, (f, s) => new ProblemFileView(s.Id, f.EventId, s.FileName, s.ContentType, s.Size))
            .ToListAsync(ct);
        var names = await OrgNamesAsync(events.Where(e => e.ByOrgId is not null).Select(e => e.ByOrgId!.Value).Append(problem.IssuerOrgId), ct);
        var byEvent = files.ToLookup(f => f.EventId);
        var history = events.OrderBy(e => e.Id)
            .Select(e => new ProblemEventView(e.Id, e.Action, e.Text, e.At, e.By, e.ByOrgId, e.ByOrgId is { } o ? names.GetValueOrDefault(o) : null,
                byEvent[e.Id].OrderBy(f => f.FileName, StringComparer.Ordinal).ToList(),
                e.Action is ProblemAction.Start or ProblemAction.Apply && e.ByOrgId is { } by && by != problem.OrgId))
            .ToList();
        var responsible = problem.ResponsiblePersonId is { } person
            ? await db.Set<Person>().AsNoTracking().Where(p => p.Id == person).Select(p => p.Name).SingleOrDefaultAsync(ct)
            : null;
        var origin = problem.OriginProblemId is { } originId
            ? await db.Set<Problem>().IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == originId).Select(p => p.Title).SingleOrDefaultAsync(ct)
            : null;
        var key = id.ToString();
        var orders = (await db.Set<SupervisionOrder>().AsNoTracking()
                .Where(o => o.SourceType == SupervisionSources.Problem && o.SourceId == key)
                .Select(o => new { o.Id, o.Year, o.Number, o.State }).ToListAsync(ct))
            .OrderBy(o => o.Year).ThenBy(o => o.Number)
            .Select(o => new ProblemOrderLink(o.Id, SupervisionOrder.Format(o.Year, o.Number), SupervisionLabels.Of(o.State))).ToList();
        var steps = await StepsForAsync(problem, ct);
        return new ProblemDetail(row, names.GetValueOrDefault(problem.IssuerOrgId, ""), problem.Description, problem.ResponsiblePersonId,
            responsible, problem.CauseAnalysis, problem.Measures, problem.RaisedBy, problem.StartedAt, problem.AppliedAt, origin, history, orders, steps);
    }

    private async Task<Dictionary<Guid, string>> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id))
            .Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    /// <summary>The steps the account may take now: its side (rectifying or issuing), its permission, the state.</summary>
    public async Task<ProblemSteps> StepsForAsync(Problem problem, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var rectifier = await IsRectifierAsync(problem, ct);
        var verifier = await IsVerifierAsync(problem, ct);
        return new ProblemSteps(
            rectifier && problem.Allows(ProblemAction.Start),
            rectifier && problem.Allows(ProblemAction.Apply),
            verifier && problem.Allows(ProblemAction.Verify),
            verifier && problem.Allows(ProblemAction.Return),
            Current.Has(Permission.SupervisionIssue) && verifier && problem.Allows(ProblemAction.Supervise));
    }

    /// <summary>
    /// The rectifying side: the rectifying organization's own accounts, or (代为整改) an account of an organization strictly
    /// between the issuer and the rectifying organization, acting for it: a township takes its village's steps when the
    /// county issued the problem. An organization that issued the problem, or lies above the issuer, never rectifies it (it
    /// verifies), and one acting for the organization is below the issuer, so it never verifies what it rectified.
    /// </summary>
    private async Task<bool> IsRectifierAsync(Problem problem, CancellationToken ct)
    {
        if (!Current.Has(Permission.ProblemsRectify) || Current.OrgId is null)
        {
            return false;
        }
        return Current.OrgId == problem.OrgId || await ActsForAsync(problem, ct);
    }

    /// <summary>The account's organization lies strictly between the issuer and the rectifying organization.</summary>
    private async Task<bool> ActsForAsync(Problem problem, CancellationToken ct)
    {
        if (Current.OrgPath is not { } own)
        {
            return false;
        }
        var paths = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Id == problem.OrgId || o.Id == problem.IssuerOrgId).Select(o => new { o.Id, o.Path }).ToListAsync(ct);
        var org = paths.FirstOrDefault(p => p.Id == problem.OrgId)?.Path;
        var issuer = paths.FirstOrDefault(p => p.Id == problem.IssuerOrgId)?.Path;
        return org is not null && issuer is not null
            && org.StartsWith(own, StringComparison.Ordinal) && org.Length > own.Length
            && own.StartsWith(issuer, StringComparison.Ordinal) && own.Length > issuer.Length;
    }

    /// <summary>
    /// The issuing side: accounts with <see cref="Permission.ProblemsVerify"/> of the issuing organization or one above it
    /// (an account bound to none acts for every issuer), never of the rectifying organization itself.
    /// </summary>
    private async Task<bool> IsVerifierAsync(Problem problem, CancellationToken ct)
    {
        if (!Current.Has(Permission.ProblemsVerify) || Current.OrgId == problem.OrgId)
        {
            return false;
        }
        if (Current.OrgPath is not { } own)
        {
            return true;
        }
        var issuerPath = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == problem.IssuerOrgId)
            .Select(o => o.Path).SingleOrDefaultAsync(ct);
        return issuerPath is not null && issuerPath.StartsWith(own, StringComparison.Ordinal);
    }

    // ---- the rectifying organization's steps ----

    /// <summary>开始整改: cause analysis and measures, both required (挂牌 → 整改中).</summary>
    public async Task<ProblemDetail> StartAsync(Guid id, ProblemStartInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = await FindAsync(id, ct);
        await EnsureRectifierAsync(problem, ProblemAction.Start, ct);
        var faults = new Faults();
        faults.Check(() => problem.EnsureAllows(ProblemAction.Start));
        var cause = faults.Check(() => ProblemRules.Required(input.CauseAnalysis, Problem.AnalysisMax, "problem_cause", "原因分析", "causeAnalysis"));
        var measures = faults.Check(() => ProblemRules.Required(input.Measures, Problem.AnalysisMax, "problem_measures", "整改措施", "measures"));
        faults.ThrowIfAny();
        db.Add(problem.Start(cause!, measures!, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// 申请销号 (整改中 → 申请销号): the written report and at least one evidence file already uploaded (files of the
    /// rectifying organization that nothing keeps yet, e.g. from <c>POST /api/v1/files?orgId=…</c>). Submits the obligation.
    /// </summary>
    public async Task<ProblemDetail> ApplyAsync(Guid id, ProblemApplyInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = await FindAsync(id, ct);
        await EnsureRectifierAsync(problem, ProblemAction.Apply, ct);
        var faults = new Faults();
        faults.Check(() => problem.EnsureAllows(ProblemAction.Apply));
        var text = faults.Check(() => ProblemRules.Required(input.Evidence, Problem.TextMax, "problem_evidence", "整改情况（销号申请）", "evidence"));
        var fileIds = (input.FileIds ?? []).Distinct().ToList();
        if (fileIds.Count == 0)
        {
            faults.Add("problem_files_required", "申请销号须附整改佐证材料（照片、扫描件或表格），至少一个。", "fileIds");
        }
        else
        {
            await faults.CheckAsync(() => CheckEvidenceAsync(problem, fileIds, ct));
        }
        faults.ThrowIfAny();
        var application = problem.Apply(text!, clock.GetUtcNow(), Current.UserName, Current.OrgId);
        db.Add(application);
        db.AddRange(fileIds.Select(f => ProblemFile.Of(application, f)));
        await obligations.SubmitForSourceAsync(ObligationKind, problem.Id, null, problem.OrgId, new Obligations.ObligationEvidence(text), ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// 申请销号 from the problem page: the text and the files the form posted, kept as files of the rectifying organization
    /// in the same transaction as the application. A refusal keeps nothing.
    /// </summary>
    public async Task<ProblemDetail> ApplyWithUploadsAsync(Guid id, string? evidence, IReadOnlyList<ProblemUpload> files, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problem = await FindAsync(id, ct);
        await EnsureRectifierAsync(problem, ProblemAction.Apply, ct);
        var faults = new Faults();
        faults.Check(() => problem.EnsureAllows(ProblemAction.Apply));
        var text = faults.Check(() => ProblemRules.Required(evidence, Problem.TextMax, "problem_evidence", "整改情况（销号申请）", "evidence"));
        if (files.Count == 0)
        {
            faults.Add("problem_files_required", "申请销号须附整改佐证材料（照片、扫描件或表格），至少一个。", "files");
        }
        else if (files.Count > Problem.MaxFilesPerApplication)
        {
            faults.Add("problem_files_too_many", $"每次申请最多 {Problem.MaxFilesPerApplication} 个材料。", "files");
        }
        faults.ThrowIfAny();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var application = problem.Apply(text!, clock.GetUtcNow(), Current.UserName, Current.OrgId);
                db.Add(application);
                foreach (var file in files)
                {
                    await uploads.SaveAsync(file.Content, file.FileName, file.ContentType, EvidenceFiles, problem.OrgId,
                        f => [db.Add(ProblemFile.Of(application, f.Id)).Entity], ct);
                }
                await obligations.SubmitForSourceAsync(ObligationKind, problem.Id, null, problem.OrgId, new Obligations.ObligationEvidence(text), ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return await GetAsync(id, ct);
    }

    /// <summary>Evidence must be files of the rectifying organization, seen by the account, that nothing keeps yet.</summary>
    private async Task CheckEvidenceAsync(Problem problem, List<Guid> fileIds, CancellationToken ct)
    {
        if (fileIds.Count > Problem.MaxFilesPerApplication)
        {
            throw new DomainException("problem_files_too_many", $"每次申请最多 {Problem.MaxFilesPerApplication} 个材料。", "fileIds");
        }
        var free = await cleanup.UsableEvidenceAsync(problem.OrgId, fileIds, ct: ct);
        var unusable = fileIds.Where(f => !free.Contains(f)).ToList();
        if (unusable.Count > 0)
        {
            throw new DomainException("problem_file_unusable",
                $"有 {unusable.Count} 个材料不能作为佐证材料（{string.Join("、", unusable)}）：材料须为责任单位上传、尚未用于其他记录的文件。", "fileIds");
        }
    }

    // ---- the issuing side's steps ----

    /// <summary>验收销号 (申请销号 → 已销号): closes the obligation.</summary>
    public async Task<ProblemDetail> VerifyAsync(Guid id, ProblemVerifyInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = await FindAsync(id, ct);
        await EnsureVerifierAsync(problem, ProblemAction.Verify, ct);
        var faults = new Faults();
        faults.Check(() => problem.EnsureAllows(ProblemAction.Verify));
        var comment = faults.Check(() => ProblemRules.Comment(input.Comment, "comment"));
        faults.ThrowIfAny();
        db.Add(problem.Verify(comment, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        await obligations.CloseForSourceAsync(ObligationKind, problem.Id, null, problem.OrgId, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>退回 with the reason (申请销号 → 整改中): the obligation is owed again.</summary>
    public async Task<ProblemDetail> ReturnAsync(Guid id, ProblemReturnInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = await FindAsync(id, ct);
        await EnsureVerifierAsync(problem, ProblemAction.Return, ct);
        var faults = new Faults();
        faults.Check(() => problem.EnsureAllows(ProblemAction.Return));
        var reason = faults.Check(() => Reasons.Require(input.Reason));
        faults.ThrowIfAny();
        db.Because(reason);
        db.Add(problem.Return(reason!, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        await obligations.ReturnForSourceAsync(ObligationKind, problem.Id, null, problem.OrgId, reason!, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// 转督办: a supervision order to the rectifying organization about the problem, issued in the account's name through
    /// the supervision capability (source: the problem), and the step in the problem's history.
    /// </summary>
    public async Task<(ProblemDetail Problem, Guid OrderId)> SuperviseAsync(Guid id, ProblemSuperviseInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = await FindAsync(id, ct);
        await EnsureVerifierAsync(problem, ProblemAction.Supervise, ct);
        if (!Current.Has(Permission.SupervisionIssue))
        {
            throw new ForbiddenException("order_issue_forbidden", "您的角色不能下发督办单。");
        }
        problem.EnsureAllows(ProblemAction.Supervise);
        var overdue = problem.IsOverdue(Today) ? $"（已逾期，整改时限 {problem.DueOn:yyyy-MM-dd}）" : $"（整改时限 {problem.DueOn:yyyy-MM-dd}）";
        var title = $"问题整改督办：{problem.Title}";
        var orderInput = new SupervisionOrderInput(
            problem.OrgId,
            title.Length > SupervisionOrder.TitleMax ? title[..SupervisionOrder.TitleMax] : title,
            $"{problem.Title}{overdue}\n{problem.Description}".Trim() is var content && content.Length > SupervisionOrder.ContentMax
                ? content[..SupervisionOrder.ContentMax] : content,
            input.Requirements,
            input.DueOn,
            // In the account's own organization's name; an account bound to none issues in the name of the problem's issuer.
            IssuerOrgId: Current.OrgId ?? problem.IssuerOrgId,
            SourceType: SupervisionSources.Problem,
            SourceId: problem.Id.ToString(),
            SourceTitle: problem.Title.Length > SupervisionOrder.SourceTitleMax ? problem.Title[..SupervisionOrder.SourceTitleMax] : problem.Title,
            SourceLink: $"/problems/{problem.Id}");
        // One transaction: the order (with its number and obligation) and the step in the problem's history are saved
        // together or not at all (the supervision service joins this transaction).
        Guid orderId = Guid.Empty;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var order = await supervision.IssueAsync(orderInput, ct);
                orderId = order.Order.Id;
                // The issue cleared nothing: the problem is still tracked (re-attach it after a retry's clear).
                if (db.Entry(problem).State == EntityState.Detached)
                {
                    db.Attach(problem);
                }
                db.Add(problem.Supervised(order.Order.NumberText, clock.GetUtcNow(), Current.UserName, Current.OrgId));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return (await GetAsync(id, ct), orderId);
    }

    private async Task<Problem> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<Problem>().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("问题", id);

    private async Task EnsureRectifierAsync(Problem problem, ProblemAction action, CancellationToken ct)
    {
        if (!await IsRectifierAsync(problem, ct))
        {
            var names = await OrgNamesAsync([problem.OrgId], ct);
            throw new ForbiddenException("problem_not_rectifier",
                $"只有责任单位（{names.GetValueOrDefault(problem.OrgId)}）或代其整改的上级组织（交办单位以下）的账号可以{ProblemLabels.Of(action)}。");
        }
    }

    private async Task EnsureVerifierAsync(Problem problem, ProblemAction action, CancellationToken ct)
    {
        if (!await IsVerifierAsync(problem, ct))
        {
            var names = await OrgNamesAsync([problem.IssuerOrgId, problem.OrgId], ct);
            throw new ForbiddenException("problem_not_verifier", Current.OrgId == problem.OrgId
                ? $"责任单位（{names.GetValueOrDefault(problem.OrgId)}）不能{ProblemLabels.Of(action)}自己的问题：须由交办单位（{names.GetValueOrDefault(problem.IssuerOrgId)}）验收。"
                : $"只有交办单位（{names.GetValueOrDefault(problem.IssuerOrgId)}）或其上级的验收人员可以{ProblemLabels.Of(action)}。");
        }
    }
}
