using Microsoft.EntityFrameworkCore;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Faults = Zeren.Core.Platform.Problems;

namespace Zeren.Core.Rectification;

/// <summary>举一反三: push a common problem to every organization of a kind as a self-check (API and form).</summary>
public sealed record SelfCheckInput(
    Guid ProblemId,
    DateOnly DueOn,
    OrgKind? Kind = null,
    int? Level = null,
    OrgDomain? Domain = null,
    Guid? UnderOrgId = null,
    [MultiLineText] string? Instructions = null);

/// <summary>An organization's answer: found (with its own problem's deadline) or not found, and what it checked.</summary>
public sealed record SelfCheckAnswerInput(bool Found, [MultiLineText] string Note, DateOnly? DueOn = null);

/// <summary>One answer in a self-check's list.</summary>
public sealed record SelfCheckAnswerRow(Guid Id, Guid SelfCheckId, Guid OrgId, string OrgName, SelfCheckResult Result, string? Note, Guid? FoundProblemId,
    DateTimeOffset? AnsweredAt, string? AnsweredBy, DateOnly DueOn, bool IsOverdue, string Title);

/// <summary>A self-check with its answers (those in the account's scope) and their counts.</summary>
public sealed record SelfCheckDetail(Guid Id, Guid ProblemId, string Title, string? Instructions, Guid IssuerOrgId, string IssuerName, DateOnly DueOn,
    OrgKind? Kind, int? Level, OrgDomain? Domain, DateTimeOffset CreatedAt, string CreatedBy, int Pending, int Found, int NotFound,
    IReadOnlyList<SelfCheckAnswerRow> Answers);

public sealed partial class ProblemService
{
    /// <summary>The kind of the obligation a self-check opens for each organization: its answer.</summary>
    public const string SelfCheckObligationKind = "problem.self-check";

    /// <summary>The most organizations one self-check reaches.</summary>
    public const int MaxSelfCheckTargets = 2000;

    /// <summary>
    /// 举一反三: pushes a common problem to every organization below the issuer (in <see cref="SelfCheckInput.UnderOrgId"/>'s
    /// subtree) of the kind, level and domain given, except the problem's own organization, each owing its answer by the
    /// deadline. All or none.
    /// </summary>
    public async Task<SelfCheckDetail> PushSelfCheckAsync(SelfCheckInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Current.Has(Permission.ProblemsRaise))
        {
            throw new ForbiddenException("problem_raise_forbidden", "您的角色不能部署举一反三自查。");
        }
        var problem = await db.Set<Problem>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == input.ProblemId, ct)
            ?? throw new NotFoundException("问题", input.ProblemId);
        var faults = new Faults();
        if (!problem.IsCommon)
        {
            faults.Add("self_check_not_common", "只有共性问题可以举一反三：请先将该问题标为共性问题。", "problemId");
        }
        if (input.DueOn < Today)
        {
            faults.Add("self_check_due_past", $"答复时限不能早于今天（{Today:yyyy-MM-dd}）。", "dueOn");
        }
        if (input.Kind is { } k && !Enum.IsDefined(k))
        {
            faults.Add("self_check_kind", "组织类别无效。", "kind");
        }
        if (input.Domain is { } d && !Enum.IsDefined(d))
        {
            faults.Add("self_check_domain", "组织领域无效。", "domain");
        }
        if (input.Level is < 1 or > 6)
        {
            faults.Add("self_check_level", "层级为部署单位以下第几级，取 1 至 6。", "level");
        }
        if (input.Kind is null && input.Level is null && input.Domain is null)
        {
            faults.Add("self_check_target_empty", "请指定自查范围：组织类别、层级或领域至少一项。", "kind");
        }
        var instructions = faults.Check(() => Optional(input.Instructions, SelfCheck.InstructionsMax, "自查要求", "instructions"));
        // The issuer: the account's organization (an account bound to none: the problem's issuer).
        var issuerId = Current.OrgId ?? problem.IssuerOrgId;
        var issuer = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == issuerId)
            .Select(o => new { o.Id, o.Name, o.Path, o.Depth }).SingleAsync(ct);
        var underId = input.UnderOrgId ?? issuer.Id;
        var under = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == underId).Select(o => new { o.Id, o.Path }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("组织", underId);
        if (!under.Path.StartsWith(issuer.Path, StringComparison.Ordinal))
        {
            faults.Add("self_check_under_outside", $"自查范围须在{issuer.Name}之内。", "underOrgId");
        }
        faults.ThrowIfAny();

        var q = db.Set<Organization>().AsNoTracking().InSubtree(db, under.Path).Where(o => o.Depth > issuer.Depth && o.Id != problem.OrgId);
        if (input.Kind is { } kind)
        {
            q = q.Where(o => o.Kind == kind);
        }
        if (input.Level is { } level)
        {
            var depth = issuer.Depth + level;
            q = q.Where(o => o.Depth == depth);
        }
        if (input.Domain is { } domain)
        {
            q = q.Where(o => o.Domain == domain);
        }
        var targets = await q.OrderBy(o => o.Path).Select(o => o.Id).Take(MaxSelfCheckTargets + 1).ToListAsync(ct);
        if (targets.Count == 0)
        {
            throw new DomainException("self_check_no_targets", "范围内没有符合条件的组织，请调整组织类别、层级或领域。", "kind");
        }
        if (targets.Count > MaxSelfCheckTargets)
        {
            throw new DomainException("self_check_too_many", $"一次自查最多部署到 {MaxSelfCheckTargets} 个组织，请缩小范围。", "underOrgId");
        }
        var now = clock.GetUtcNow();
        var check = SelfCheck.Of(problem.Id, issuer.Id, problem.Title, instructions, input.Kind, input.Level, input.Domain, under.Id, input.DueOn, now,
            Current.UserName);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                db.Add(check);
                db.AddRange(targets.Select(t => SelfCheckAnswer.Of(check.Id, t)));
                await db.SaveChangesAsync(ct);
                await obligations.OpenAllAsync(targets.Select(t => SelfCheckObligation(check, t)).ToList(), ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return await GetSelfCheckAsync(check.Id, ct);
    }

    private static ObligationDraft SelfCheckObligation(SelfCheck check, Guid orgId)
    {
        var title = $"举一反三自查：{check.Title}";
        return new ObligationDraft(SelfCheckObligationKind, title.Length > Obligation.TitleMax ? title[..Obligation.TitleMax] : title, orgId, check.DueOn,
            nameof(SelfCheck), check.Id, IssuerOrgId: check.IssuerOrgId, Link: $"/self-checks/{check.Id}");
    }

    /// <summary>
    /// A self-check: the issuer's side sees every answer in its scope; an organization below sees the self-check through
    /// its own answer (404 otherwise).
    /// </summary>
    public async Task<SelfCheckDetail> GetSelfCheckAsync(Guid id, CancellationToken ct = default)
    {
        var answers = db.Set<SelfCheckAnswer>().AsNoTracking().Where(a => a.SelfCheckId == id);
        var check = await db.Set<SelfCheck>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (check is null && await answers.AnyAsync(ct))
        {
            // Seen through the organization's own answer: the self-check is what it is asked.
            check = await db.Set<SelfCheck>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        }
        if (check is null)
        {
            throw new NotFoundException("自查", id);
        }
        var today = Today;
        var rows = await answers.OrderBy(a => a.Id).Select(a => new SelfCheckAnswerRow(a.Id, a.SelfCheckId, a.OrgId,
                db.Set<Organization>().Where(o => o.Id == a.OrgId).Select(o => o.Name).First(), a.Result, a.Note, a.FoundProblemId, a.AnsweredAt,
                a.AnsweredBy, check.DueOn, a.Result == SelfCheckResult.Pending && check.DueOn < today, check.Title))
            .ToListAsync(ct);
        var names = await OrgNamesAsync([check.IssuerOrgId], ct);
        return new SelfCheckDetail(check.Id, check.ProblemId, check.Title, check.Instructions, check.IssuerOrgId, names.GetValueOrDefault(check.IssuerOrgId, ""),
            check.DueOn, check.Kind, check.Level, check.Domain, check.CreatedAt, check.CreatedBy,
            rows.Count(r => r.Result == SelfCheckResult.Pending), rows.Count(r => r.Result == SelfCheckResult.Found),
            rows.Count(r => r.Result == SelfCheckResult.NotFound), rows.OrderBy(r => r.OrgName, StringComparer.Ordinal).ToList());
    }

    /// <summary>Self-checks in the account's scope (issued by an organization in it), newest first.</summary>
    public async Task<Paged<SelfCheckDetail>> ListSelfChecksAsync(Guid? problemId, PageRequest page, CancellationToken ct = default)
    {
        var q = db.Set<SelfCheck>().AsNoTracking();
        if (problemId is { } p)
        {
            q = q.Where(s => s.ProblemId == p);
        }
        var ids = await q.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => s.Id).ToPagedAsync(page, ct);
        var items = new List<SelfCheckDetail>();
        foreach (var id in ids.Items)
        {
            items.Add(await GetSelfCheckAsync(id, ct));
        }
        return ids.With<SelfCheckDetail>(items);
    }

    /// <summary>The self-checks the account's own organization must answer (its answers, pending first).</summary>
    public async Task<IReadOnlyList<SelfCheckAnswerRow>> MyAnswersAsync(CancellationToken ct = default)
    {
        if (Current.OrgId is not { } own)
        {
            return [];
        }
        var today = Today;
        var rows = await db.Set<SelfCheckAnswer>().AsNoTracking().Where(a => a.OrgId == own)
            .Join(db.Set<SelfCheck>().IgnoreQueryFilters(), a => a.SelfCheckId, s => s.Id, (a, s) => new SelfCheckAnswerRow(a.Id, a.SelfCheckId, a.OrgId, "",
                a.Result, a.Note, a.FoundProblemId, a.AnsweredAt, a.AnsweredBy, s.DueOn, a.Result == SelfCheckResult.Pending && s.DueOn < today, s.Title))
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Result != SelfCheckResult.Pending).ThenBy(r => r.DueOn).ToList();
    }

    /// <summary>
    /// The organization answers its self-check: not found, or found, which raises its own problem (source 举一反三自查,
    /// linked to the original, issued by the self-check's issuer, due on the date given). Submits the answer's obligation.
    /// </summary>
    public async Task<SelfCheckDetail> AnswerSelfCheckAsync(Guid selfCheckId, SelfCheckAnswerInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Current.Has(Permission.ProblemsRectify) || Current.OrgId is not { } own)
        {
            throw new ForbiddenException("self_check_not_target", "只有自查单位的账号可以答复自查。");
        }
        var answer = await db.Set<SelfCheckAnswer>().SingleOrDefaultAsync(a => a.SelfCheckId == selfCheckId && a.OrgId == own, ct);
        if (answer is null)
        {
            // Not asked of this organization: the self-check is seen only by those it asks (and the issuer's side).
            _ = await GetSelfCheckAsync(selfCheckId, ct);
            throw new ForbiddenException("self_check_not_target", "本单位不在该自查的范围内，不能答复。");
        }
        var check = await db.Set<SelfCheck>().IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == selfCheckId, ct);
        var faults = new Faults();
        if (answer.Result != SelfCheckResult.Pending)
        {
            faults.Add("self_check_answered", "本单位已答复该自查，不能重复答复。", "found");
        }
        var note = faults.Check(() => ProblemRules.Required(input.Note, SelfCheckAnswer.NoteMax, "self_check_note", "自查情况", "note"));
        if (input.Found && input.DueOn is null)
        {
            faults.Add("self_check_due_required", "发现同类问题时请填写整改时限。", "dueOn");
        }
        else if (input.Found && input.DueOn < Today)
        {
            faults.Add("self_check_due_past", $"整改时限不能早于今天（{Today:yyyy-MM-dd}）。", "dueOn");
        }
        faults.ThrowIfAny();
        var origin = await db.Set<Problem>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == check.ProblemId, ct);
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                Guid? found = null;
                if (input.Found)
                {
                    var draft = new ProblemDraft(own, ProblemSource.SelfCheck, origin.Title, note!, input.DueOn!.Value, origin.Category, origin.Severity,
                        IsCommon: false, SourceType: ProblemSourceTypes.SelfCheck, SourceId: check.Id, SourceTitle: $"举一反三自查：{check.Title}",
                        OriginProblemId: origin.Id);
                    var (problem, raised) = Problem.Raise(draft, check.IssuerOrgId, now, Current.UserName, Current.OrgId);
                    db.Add(problem);
                    db.Add(raised);
                    found = problem.Id;
                    await db.SaveChangesAsync(ct);
                    await obligations.OpenAsync(ObligationOf(problem), ct);
                }
                answer.Answer(input.Found, note!, found, now, Current.UserName);
                await obligations.SubmitForSourceAsync(SelfCheckObligation(check, own), new ObligationEvidence(note), ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return await GetSelfCheckAsync(selfCheckId, ct);
    }

    private static string? Optional(string? text, int max, string label, string field)
    {
        var t = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return t?.Length > max ? throw new DomainException("text_too_long", $"{label}不能超过 {max} 个字。", field) : t;
    }
}
