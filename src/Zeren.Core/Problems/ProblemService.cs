using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Supervision;
using Faults = Zeren.Core.Platform.Problems;

namespace Zeren.Core.Rectification;

/// <summary>
/// 问题清单 and 整改: raising problems (挂牌, one or many, all or nothing, from any capability), the rectifying
/// organization's steps (cause analysis and measures, 申请销号 with evidence), the issuing side's (验收销号, 退回), turning
/// a problem into a supervision order, and reading them. Who may take which step is decided here from the account's
/// permission and organization; a refusal changes nothing.
/// <para>
/// Each problem opens an obligation (<see cref="ObligationKind"/>) for the rectifying organization, owed to the issuer by
/// the deadline, through the obligation engine, in the same transaction: applying submits it, a return reopens it,
/// verifying closes it.
/// </para>
/// </summary>
public sealed partial class ProblemService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, UploadStore uploads, UploadCleanup cleanup,
    ObligationService obligations, SupervisionService supervision)
{
    /// <summary>The kind of the obligation a problem opens: the organization owes its rectification.</summary>
    public const string ObligationKind = "problem.rectification";

    /// <summary>The most problems one call raises.</summary>
    public const int MaxBatch = 500;

    /// <summary>What evidence may be: photos, scans (PDF) and spreadsheets.</summary>
    public static readonly IReadOnlyCollection<FileKind> EvidenceFiles = [FileKind.Jpeg, FileKind.Png, FileKind.Pdf, FileKind.Xlsx];

    private Actor Current => actor.Current;

    private DateOnly Today => ChinaTime.Today(clock);

    // ---- raising ----

    /// <summary>Raises one problem (挂牌) and returns its id. Refusals: 403 without <see cref="Permission.ProblemsRaise"/>, 404 for an organization out of scope, 422 naming every fault.</summary>
    public async Task<Guid> RaiseAsync(ProblemDraft draft, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var ids = await RaiseCoreAsync([draft], prefix: _ => "", ct);
        return ids[0];
    }

    /// <summary>
    /// Raises many problems at once, all or none: a refusal names every fault (each draft's at <c>drafts[i].…</c>) and raises
    /// nothing. The ids in the order of the drafts. Joins the caller's transaction when one is open (an inspection record
    /// saved with its findings' problems), else runs in its own.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RaiseManyAsync(IReadOnlyList<ProblemDraft> drafts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return [];
        }
        return await RaiseCoreAsync(drafts, prefix: i => $"drafts[{i}].", ct);
    }

    private sealed record OrgInfo(Guid Id, string Name, string Path);

    private async Task<List<Guid>> RaiseCoreAsync(IReadOnlyList<ProblemDraft> drafts, Func<int, string> prefix, CancellationToken ct)
    {
        if (!Current.Has(Permission.ProblemsRaise))
        {
            throw new ForbiddenException("problem_raise_forbidden", "您的角色不能挂牌问题。");
        }
        if (drafts.Count > MaxBatch)
        {
            throw new DomainException("problem_batch_too_many", $"一次最多挂牌 {MaxBatch} 个问题，本次 {drafts.Count} 个。", "drafts");
        }
        var today = Today;
        var faults = new Faults();
        // The organizations concerned: the rectifying ones in scope (else 404), the issuers across scopes (they lie above).
        var orgIds = drafts.Select(d => d.OrgId).Where(id => id != Guid.Empty).Distinct().ToList();
        var orgs = await db.Set<Organization>().AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .Select(o => new OrgInfo(o.Id, o.Name, o.Path)).ToDictionaryAsync(o => o.Id, ct);
        if (orgIds.FirstOrDefault(id => !orgs.ContainsKey(id)) is var missing && missing != Guid.Empty)
        {
            throw new NotFoundException("组织", missing);
        }
        var issuerIds = drafts.Select(d => d.IssuerOrgId).Append(Current.OrgId).Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var issuers = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => issuerIds.Contains(o.Id))
            .Select(o => new OrgInfo(o.Id, o.Name, o.Path)).ToDictionaryAsync(o => o.Id, ct);
        var personIds = drafts.Where(d => d.ResponsiblePersonId is not null).Select(d => d.ResponsiblePersonId!.Value).Distinct().ToList();
        var people = await db.Set<Person>().AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.OrgId }).ToDictionaryAsync(p => p.Id, p => p.OrgId, ct);
        var originIds = drafts.Where(d => d.OriginProblemId is not null).Select(d => d.OriginProblemId!.Value).Distinct().ToList();
        var origins = await db.Set<Problem>().IgnoreQueryFilters().AsNoTracking().Where(p => originIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);

        var kept = new List<(ProblemDraft Draft, Guid Issuer)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var at = prefix(i);
            var (draft, errors) = ProblemRules.Check(drafts[i], today, at);
            faults.AddRange(errors);
            var issuerId = Guid.Empty;
            if (orgs.TryGetValue(draft.OrgId, out var org))
            {
                issuerId = IssuerOf(draft, org, issuers, faults, at);
            }
            if (draft.ResponsiblePersonId is { } person && !people.ContainsKey(person))
            {
                faults.Add("problem_person_not_found", "未找到责任人（或不在您的数据范围内）。", at + "responsiblePersonId");
            }
            if (draft.OriginProblemId is { } origin && !origins.Contains(origin))
            {
                faults.Add("problem_origin_not_found", "未找到原问题。", at + "originProblemId");
            }
            kept.Add((draft, issuerId));
        }
        faults.ThrowIfAny();

        var now = clock.GetUtcNow();
        var ids = new List<Guid>();
        async Task SaveAsync()
        {
            ids.Clear();
            var raised = new List<Problem>();
            foreach (var (draft, issuer) in kept)
            {
                var (problem, ev) = Problem.Raise(draft, issuer, now, Current.UserName, Current.OrgId);
                db.Add(problem);
                db.Add(ev);
                raised.Add(problem);
                ids.Add(problem.Id);
            }
            await db.SaveChangesAsync(ct);
            // The organizations' obligations, in the same transaction: a problem is never without its obligation.
            await obligations.OpenAllAsync(raised.Select(ObligationOf).ToList(), ct);
        }
        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction: it commits or rolls back the problems with its own rows.
            await SaveAsync();
            return ids;
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await SaveAsync();
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return ids;
    }

    /// <summary>
    /// The issuing side of a draft: the one named, else the account's organization, else (an account bound to none) the
    /// top of the organization's tree. A bound account issues in the name of its organization or one in its subtree; the
    /// issuer must lie strictly above the rectifying organization (the org never verifies itself).
    /// </summary>
    private Guid IssuerOf(ProblemDraft draft, OrgInfo org, Dictionary<Guid, OrgInfo> issuers, Faults faults, string at)
    {
        OrgInfo? issuer;
        if (draft.IssuerOrgId is { } named)
        {
            if (!issuers.TryGetValue(named, out issuer))
            {
                faults.Add("problem_issuer_not_found", "未找到交办单位。", at + "issuerOrgId");
                return Guid.Empty;
            }
            if (Current.OrgPath is { } own && !issuer.Path.StartsWith(own, StringComparison.Ordinal))
            {
                faults.Add("problem_issuer_not_own", "只能以本单位或本单位下级组织的名义挂牌问题。", at + "issuerOrgId");
                return Guid.Empty;
            }
        }
        else if (Current.OrgId is { } own)
        {
            issuer = issuers.GetValueOrDefault(own);
        }
        else
        {
            // An account bound to no organization: the top of the tree issues it.
            var root = OrgPath.Ancestry(org.Path)[0];
            if (root == org.Id)
            {
                faults.Add("problem_issuer_not_above", $"{org.Name}是最上级组织，没有可以交办和验收的上级。", at + "issuerOrgId");
                return Guid.Empty;
            }
            return root;
        }
        if (issuer is null)
        {
            faults.Add("problem_issuer_required", "请选择交办单位。", at + "issuerOrgId");
            return Guid.Empty;
        }
        if (!(org.Path.StartsWith(issuer.Path, StringComparison.Ordinal) && org.Path.Length > issuer.Path.Length))
        {
            faults.Add("problem_issuer_not_above", $"{issuer.Name}不是{org.Name}的上级组织：问题须由上级交办和验收，责任单位不能验收自己的问题。", at + "issuerOrgId");
            return Guid.Empty;
        }
        return issuer.Id;
    }

    /// <summary>What the organization owes for a problem: its rectification (申请销号), by the deadline, to the issuer.</summary>
    public static ObligationDraft ObligationOf(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var title = $"问题整改：{problem.Title}";
        return new ObligationDraft(ObligationKind, title.Length > Obligation.TitleMax ? title[..Obligation.TitleMax] : title, problem.OrgId,
            problem.DueOn, nameof(Problem), problem.Id, PersonId: problem.ResponsiblePersonId, IssuerOrgId: problem.IssuerOrgId,
            Link: $"/problems/{problem.Id}");
    }
}
