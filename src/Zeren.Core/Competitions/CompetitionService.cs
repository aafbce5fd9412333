using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Assessment;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Competitions;

/// <summary>
/// 擂台赛 (一季一比武): an organizer (<see cref="Permission.AssessmentScore"/>) sets up an event (theme, region, quarter,
/// contestants, the judges' panel, the scoring rule) and starts it; each judge of the panel scores each contestant once
/// (and may correct their own score) while it is 评分中; the ranking is live; publishing, once every judge has scored
/// every contestant, freezes scores and places and opens for the bottom places the same rectification obligations the
/// assessment's bottom places owe (<see cref="AssessmentService.BottomObligations"/>), in one transaction.
/// </summary>
public sealed class CompetitionService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, ObligationService obligations)
{
    public const decimal DefaultMaxScore = 100;
    public const int DefaultDrop = 1;
    public const int DefaultBottom = 3;
    public const int MaxDrop = 5;
    public const int MaxContestants = 200;
    public const int MaxJudges = 30;

    private Actor Current => actor.Current;

    // ----- reads -----

    public async Task<IReadOnlyList<CompetitionRow>> ListAsync(CancellationToken ct = default)
    {
        var list = await db.Set<Competition>().AsNoTracking().ToListAsync(ct);
        var ids = list.Select(c => c.Id).ToList();
        var contestants = await db.Set<CompetitionContestant>().AsNoTracking().Where(c => ids.Contains(c.CompetitionId))
            .GroupBy(c => c.CompetitionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var judges = await db.Set<CompetitionJudge>().AsNoTracking().Where(j => ids.Contains(j.CompetitionId))
            .Select(j => new { j.CompetitionId, j.AccountId }).ToListAsync(ct);
        var scored = await db.Set<CompetitionScore>().AsNoTracking().Where(s => ids.Contains(s.CompetitionId))
            .Select(s => new { s.CompetitionId, s.JudgeAccountId }).ToListAsync(ct);
        var names = await OrgNamesAsync(list.Select(c => c.OrgId), ct);
        var me = Current.AccountId;
        return list.OrderByDescending(c => c.Period, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).Select(c =>
        {
            var n = contestants.GetValueOrDefault(c.Id);
            var isJudge = me is { } m && judges.Any(j => j.CompetitionId == c.Id && j.AccountId == m);
            var mine = isJudge ? scored.Count(s => s.CompetitionId == c.Id && s.JudgeAccountId == me) : 0;
            return new CompetitionRow(c.Id, c.Name, c.Theme, CompetitionRules.ThemeLabel(c.Theme), c.OrgId, names.GetValueOrDefault(c.OrgId, ""), c.Period,
                Platform.Period.Parse(c.Period).Label, c.State, CompetitionRules.StateLabel(c.State), n, judges.Count(j => j.CompetitionId == c.Id),
                scored.Count(s => s.CompetitionId == c.Id), isJudge, isJudge && c.State == CompetitionState.Scoring ? n - mine : 0);
        }).ToList();
    }

    public async Task<CompetitionDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var c = await db.Set<Competition>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("擂台赛", id);
        var contestants = await db.Set<CompetitionContestant>().AsNoTracking().Where(x => x.CompetitionId == id).ToListAsync(ct);
        var judges = await db.Set<CompetitionJudge>().AsNoTracking().Where(j => j.CompetitionId == id)
            .Join(db.Set<Account>(), j => j.AccountId, a => a.Id, (j, a) => new { a.Id, a.DisplayName, a.UserName }).ToListAsync(ct);
        var scores = await db.Set<CompetitionScore>().AsNoTracking().Where(s => s.CompetitionId == id).ToListAsync(ct);
        var names = await OrgNamesAsync(contestants.Select(x => x.OrgId).Append(c.OrgId), ct);
        var me = Current.AccountId;
        var isJudge = me is { } m && judges.Any(j => j.Id == m);
        var views = contestants.OrderBy(x => names.GetValueOrDefault(x.OrgId, ""), StringComparer.Ordinal).Select(x => new ContestantView(x.Id, x.OrgId,
            names.GetValueOrDefault(x.OrgId, ""), scores.Count(s => s.ContestantId == x.Id),
            isJudge ? scores.SingleOrDefault(s => s.ContestantId == x.Id && s.JudgeAccountId == me)?.Points : null)).ToList();
        var judgeViews = judges.OrderBy(j => j.UserName, StringComparer.Ordinal)
            .Select(j => new JudgeView(j.Id, j.DisplayName.Length > 0 ? j.DisplayName : j.UserName ?? "", scores.Count(s => s.JudgeAccountId == j.Id))).ToList();
        var mine = isJudge ? scores.Count(s => s.JudgeAccountId == me) : 0;
        return new CompetitionDetail(c.Id, c.Name, c.Theme, CompetitionRules.ThemeLabel(c.Theme), c.OrgId, names.GetValueOrDefault(c.OrgId, ""), c.Period,
            Platform.Period.Parse(c.Period).Label, c.MaxScore, c.DropHighest, c.DropLowest, c.BottomCount, c.State, CompetitionRules.StateLabel(c.State),
            c.StartedAt, c.PublishedAt, c.PublishedBy, views, judgeViews, scores.Count, contestants.Count * judges.Count,
            Current.Has(Permission.AssessmentScore) && c.State != CompetitionState.Published, isJudge,
            isJudge && c.State == CompetitionState.Scoring ? contestants.Count - mine : 0,
            RankingOf(c, contestants, scores, names, judges.Count));
    }

    /// <summary>The ranking: computed from the scores while scoring (live), read from the frozen places once published.</summary>
    public async Task<CompetitionRanking> RankingAsync(Guid id, CancellationToken ct = default)
    {
        var c = await db.Set<Competition>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("擂台赛", id);
        var contestants = await db.Set<CompetitionContestant>().AsNoTracking().Where(x => x.CompetitionId == id).ToListAsync(ct);
        var scores = await db.Set<CompetitionScore>().AsNoTracking().Where(s => s.CompetitionId == id).ToListAsync(ct);
        var judges = await db.Set<CompetitionJudge>().AsNoTracking().CountAsync(j => j.CompetitionId == id, ct);
        var names = await OrgNamesAsync(contestants.Select(x => x.OrgId), ct);
        return RankingOf(c, contestants, scores, names, judges);
    }

    private static CompetitionRanking RankingOf(Competition c, List<CompetitionContestant> contestants, List<CompetitionScore> scores,
        IReadOnlyDictionary<Guid, string> names, int judges)
    {
        IReadOnlyList<CompetitionStanding> ranked;
        if (c.State == CompetitionState.Published)
        {
            ranked = contestants.OrderBy(x => x.Rank).Select(x => new CompetitionStanding(x.OrgId, names.GetValueOrDefault(x.OrgId, ""),
                scores.Count(s => s.ContestantId == x.Id), x.Score, x.Mean, x.Rank ?? 0)).ToList();
        }
        else
        {
            ranked = Standings(c, contestants, scores, names);
        }
        var bottom = c.State == CompetitionState.Draft ? [] : CompetitionRules.Bottom(ranked, c.BottomCount).Select(s => s.OrgId).ToHashSet();
        return new CompetitionRanking(c.Id, c.State, c.State == CompetitionState.Published, scores.Count, contestants.Count * judges, CompetitionRules.ScoringRule,
            CompetitionRules.TieRule, ranked.Select(s => new RankingRowView(s.Rank, s.OrgId, s.Name, s.Count, s.Score, s.Mean, bottom.Contains(s.OrgId))).ToList());
    }

    private static IReadOnlyList<CompetitionStanding> Standings(Competition c, List<CompetitionContestant> contestants,
        List<CompetitionScore> scores, IReadOnlyDictionary<Guid, string> names) =>
        CompetitionRules.Rank(contestants.Select(x => new ContestantScores(x.OrgId, names.GetValueOrDefault(x.OrgId, ""),
            scores.Where(s => s.ContestantId == x.Id).Select(s => s.Points).ToList())), c.DropHighest, c.DropLowest);

    /// <summary>The competitions being scored where the account is a judge and still has contestants to score.</summary>
    public async Task<IReadOnlyList<JudgeDue>> DueForAsync(Guid accountId, CancellationToken ct = default)
    {
        var rows = await db.Set<CompetitionJudge>().AsNoTracking().Where(j => j.AccountId == accountId)
            .Join(db.Set<Competition>().Where(c => c.State == CompetitionState.Scoring), j => j.CompetitionId, c => c.Id, (j, c) => new
            {
                c.Id,
                c.Name,
                c.Period,
                Contestants = db.Set<CompetitionContestant>().Count(x => x.CompetitionId == c.Id),
                Mine = db.Set<CompetitionScore>().Count(s => s.CompetitionId == c.Id && s.JudgeAccountId == accountId),
            })
            .ToListAsync(ct);
        return rows.Where(r => r.Contestants > r.Mine).OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new JudgeDue(r.Id, r.Name, Platform.Period.Parse(r.Period).Label, r.Contestants - r.Mine)).ToList();
    }

    /// <summary>The organizations that may organize (in scope; those with organizations under them).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> OrganizersAsync(CancellationToken ct = default)
    {
        var orgs = db.Set<Organization>().AsNoTracking();
        var q = orgs.Where(o => o.Depth == 0 || (o.Depth == 1 && o.Domain == OrgDomain.Comprehensive));
        return (await q.OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    /// <summary>The organizations that may compete: those directly under the organizer (townships of a county, branches of a township).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> ContestantCandidatesAsync(Guid competitionId, CancellationToken ct = default)
    {
        var c = await db.Set<Competition>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == competitionId, ct) ?? throw new NotFoundException("擂台赛", competitionId);
        var root = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == c.OrgId).Select(o => new { o.Path, o.Depth }).SingleAsync(ct);
        return (await db.Set<Organization>().AsNoTracking().InSubtree(db, root.Path).Where(o => o.Depth == root.Depth + 1)
            .OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    /// <summary>
    /// The accounts that may judge an organizer's event: enabled, with a role that reads data, bound to the organizer or
    /// an organization above it (or to none), so that they see the event.
    /// </summary>
    public async Task<IReadOnlyList<JudgeCandidate>> JudgeCandidatesAsync(Guid organizerId, CancellationToken ct = default)
    {
        var path = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == organizerId).Select(o => o.Path).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("组织", organizerId);
        var above = OrgPath.Ancestry(path).ToList();
        var roles = Enum.GetValues<Role>().Where(r => Roles.PermissionsOf(r).Contains(Permission.DataRead)).Select(r => r.ToString()).ToList();
        var roleIds = db.Set<IdentityRole<Guid>>().Where(r => roles.Contains(r.Name!)).Select(r => r.Id);
        var holders = db.Set<IdentityUserRole<Guid>>().Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return await db.Set<Account>().AsNoTracking()
            .Where(a => !a.Disabled && holders.Contains(a.Id) && (a.OrgId == null || above.Contains(a.OrgId.Value)))
            .OrderBy(a => a.UserName)
            .Select(a => new JudgeCandidate(a.Id, a.DisplayName.Length > 0 ? a.DisplayName : a.UserName!, a.UserName!))
            .ToListAsync(ct);
    }

    // ----- writes -----

    public async Task<CompetitionDetail> CreateAsync(CompetitionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireManage();
        var problems = new Problems();
        var orgId = input.OrgId ?? Current.OrgId;
        Organization? org = null;
        if (orgId is not { } oid || oid == Guid.Empty)
        {
            problems.Add("competition_org_required", "请选择举办单位。", "orgId");
        }
        else
        {
            org = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == oid, ct) ?? throw new NotFoundException("组织", oid);
        }
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add("competition_name_required", "请填写擂台赛名称。", "name");
        }
        else if (name.Length > Competition.NameMax)
        {
            problems.Add("competition_name_too_long", $"名称不能超过 {Competition.NameMax} 个字。", "name");
        }
        string? period = null;
        if (!Platform.Period.TryParse(input.Period, out var p) || p.Kind != PeriodKind.Quarter)
        {
            problems.Add("competition_period_invalid", $"季度“{input.Period}”格式不正确：应为 2026-Q4 这样的季度。", "period");
        }
        else
        {
            period = p.ToString();
        }
        var max = input.MaxScore ?? DefaultMaxScore;
        if (max is < 1 or > 1000 || max != CompetitionRules.Round(max))
        {
            problems.Add("competition_max_invalid", "满分应在 1—1000 之间，最多两位小数。", "maxScore");
        }
        var high = input.DropHighest ?? DefaultDrop;
        var low = input.DropLowest ?? DefaultDrop;
        if (high is < 0 or > MaxDrop)
        {
            problems.Add("competition_drop_invalid", $"去掉最高分的个数应在 0—{MaxDrop} 之间。", "dropHighest");
        }
        if (low is < 0 or > MaxDrop)
        {
            problems.Add("competition_drop_invalid", $"去掉最低分的个数应在 0—{MaxDrop} 之间。", "dropLowest");
        }
        var bottom = input.BottomCount ?? DefaultBottom;
        if (bottom is < 0 or > 50)
        {
            problems.Add("competition_bottom_invalid", "末位整改数应在 0—50 之间。", "bottomCount");
        }
        var contestants = org is null ? [] : await CheckContestantsAsync(org, input.ContestantOrgIds ?? [], problems, ct);
        var judges = org is null ? [] : await CheckJudgesAsync(org.Id, input.JudgeAccountIds ?? [], problems, ct);
        if (judges.Count > 0 && high >= 0 && low >= 0 && judges.Count <= high + low)
        {
            problems.Add("competition_drops_all", DropsAllMessage(judges.Count, high, low), "judgeAccountIds");
        }
        problems.ThrowIfAny();
        var now = clock.GetUtcNow();
        var c = new Competition
        {
            Id = Ids.New(), OrgId = org!.Id, Name = name, Theme = input.Theme, Period = period!, MaxScore = max, DropHighest = high, DropLowest = low,
            BottomCount = bottom, State = CompetitionState.Draft, CreatedAt = now, CreatedBy = Current.UserName, UpdatedAt = now, UpdatedBy = Current.UserName,
        };
        db.Add(c);
        foreach (var o in contestants)
        {
            db.Add(new CompetitionContestant { Id = Ids.New(), CompetitionId = c.Id, OrgId = o });
        }
        foreach (var a in judges)
        {
            db.Add(new CompetitionJudge { CompetitionId = c.Id, AccountId = a });
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(c.Id, ct);
    }

    private static string DropsAllMessage(int judges, int high, int low) =>
        $"评委 {judges} 人，去掉 {high} 个最高分和 {low} 个最低分后没有剩余分数：请增加评委或减少去掉的分数个数。";

    /// <summary>Replaces the contestants of a draft.</summary>
    public async Task<CompetitionDetail> SetContestantsAsync(Guid id, CompetitionContestantsInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireManage();
        var c = await DraftAsync(id, ct);
        var org = await db.Set<Organization>().AsNoTracking().SingleAsync(o => o.Id == c.OrgId, ct);
        var problems = new Problems();
        var wanted = await CheckContestantsAsync(org, input.OrgIds ?? [], problems, ct);
        problems.ThrowIfAny();
        var existing = await db.Set<CompetitionContestant>().Where(x => x.CompetitionId == id).ToListAsync(ct);
        db.RemoveRange(existing.Where(x => !wanted.Contains(x.OrgId)));
        foreach (var o in wanted.Where(o => existing.All(x => x.OrgId != o)))
        {
            db.Add(new CompetitionContestant { Id = Ids.New(), CompetitionId = id, OrgId = o });
        }
        Touch(c);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Replaces the judges' panel of a draft.</summary>
    public async Task<CompetitionDetail> SetJudgesAsync(Guid id, CompetitionJudgesInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireManage();
        var c = await DraftAsync(id, ct);
        var problems = new Problems();
        var wanted = await CheckJudgesAsync(c.OrgId, input.AccountIds ?? [], problems, ct);
        if (wanted.Count > 0 && wanted.Count <= c.DropHighest + c.DropLowest)
        {
            problems.Add("competition_drops_all", DropsAllMessage(wanted.Count, c.DropHighest, c.DropLowest), "accountIds");
        }
        problems.ThrowIfAny();
        var existing = await db.Set<CompetitionJudge>().Where(x => x.CompetitionId == id).ToListAsync(ct);
        db.RemoveRange(existing.Where(x => !wanted.Contains(x.AccountId)));
        foreach (var a in wanted.Where(a => existing.All(x => x.AccountId != a)))
        {
            db.Add(new CompetitionJudge { CompetitionId = id, AccountId = a });
        }
        Touch(c);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<List<Guid>> CheckContestantsAsync(Organization org, IReadOnlyList<Guid> ids, Problems problems, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count > MaxContestants)
        {
            problems.Add("competition_contestants_too_many", $"参赛单位最多 {MaxContestants} 个。", "contestantOrgIds");
            return [];
        }
        var under = await db.Set<Organization>().AsNoTracking().InSubtree(db, org.Path).Where(o => o.Id != org.Id && wanted.Contains(o.Id))
            .Select(o => o.Id).ToListAsync(ct);
        if (under.Count != wanted.Count)
        {
            problems.Add("competition_contestant_outside", $"参赛单位须是{org.Name}下属的组织。", "contestantOrgIds");
        }
        return wanted;
    }

    private async Task<List<Guid>> CheckJudgesAsync(Guid organizerId, IReadOnlyList<Guid> ids, Problems problems, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count > MaxJudges)
        {
            problems.Add("competition_judges_too_many", $"评委最多 {MaxJudges} 人。", "judgeAccountIds");
            return [];
        }
        if (wanted.Count == 0)
        {
            return wanted;
        }
        var candidates = (await JudgeCandidatesAsync(organizerId, ct)).Select(j => j.AccountId).ToHashSet();
        if (wanted.Any(w => !candidates.Contains(w)))
        {
            problems.Add("competition_judge_invalid", "评委须是能查看举办单位数据的在用账号（本单位或上级单位的账号）。", "judgeAccountIds");
        }
        return wanted;
    }

    /// <summary>Starts scoring: contestants and judges are fixed from now on.</summary>
    public async Task<CompetitionDetail> StartAsync(Guid id, CancellationToken ct = default)
    {
        RequireManage();
        var c = await DraftAsync(id, ct);
        var contestants = await db.Set<CompetitionContestant>().CountAsync(x => x.CompetitionId == id, ct);
        var judges = await db.Set<CompetitionJudge>().CountAsync(x => x.CompetitionId == id, ct);
        var problems = new Problems();
        if (contestants < 2)
        {
            problems.Add("competition_contestants_required", "至少要有 2 个参赛单位才能开始评分。", "contestantOrgIds");
        }
        else if (c.BottomCount >= contestants)
        {
            problems.Add("competition_bottom_too_many", $"末位整改数（{c.BottomCount}）应少于参赛单位数（{contestants}）。", "bottomCount");
        }
        if (judges == 0)
        {
            problems.Add("competition_judges_required", "请先确定评委。", "judgeAccountIds");
        }
        else if (judges <= c.DropHighest + c.DropLowest)
        {
            problems.Add("competition_drops_all", DropsAllMessage(judges, c.DropHighest, c.DropLowest), "judgeAccountIds");
        }
        problems.ThrowIfAny();
        c.State = CompetitionState.Scoring;
        c.StartedAt = clock.GetUtcNow();
        Touch(c);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>A judge of the panel scores one contestant (or corrects their own score) while the event is being scored.</summary>
    public async Task<CompetitionDetail> ScoreAsync(Guid id, CompetitionScoreInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = await db.Set<Competition>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("擂台赛", id);
        if (Current.AccountId is not { } me || !await db.Set<CompetitionJudge>().AnyAsync(j => j.CompetitionId == id && j.AccountId == me, ct))
        {
            throw new ForbiddenException("competition_not_judge", $"您不是“{c.Name}”的评委，不能评分：只有评委会成员可以打分。");
        }
        var problems = new Problems();
        if (c.State == CompetitionState.Draft)
        {
            problems.Add("competition_not_started", "擂台赛尚未开始评分。", "orgId");
        }
        else if (c.State == CompetitionState.Published)
        {
            problems.Add("competition_published", "擂台赛结果已发布，分数不能再修改。", "orgId");
        }
        var contestant = await db.Set<CompetitionContestant>().AsNoTracking().SingleOrDefaultAsync(x => x.CompetitionId == id && x.OrgId == input.OrgId, ct);
        if (contestant is null)
        {
            problems.Add("competition_contestant_unknown", "该单位不是本次擂台赛的参赛单位。", "orgId");
        }
        if (input.Points < 0 || input.Points > c.MaxScore)
        {
            problems.Add("competition_score_out_of_range", $"分数应在 0—{c.MaxScore:0.##} 之间。", "points");
        }
        else if (input.Points != CompetitionRules.Round(input.Points))
        {
            problems.Add("competition_score_precision", "分数最多保留两位小数。", "points");
        }
        problems.ThrowIfAny();
        var now = clock.GetUtcNow();
        var score = await db.Set<CompetitionScore>().SingleOrDefaultAsync(s => s.ContestantId == contestant!.Id && s.JudgeAccountId == me, ct);
        if (score is null)
        {
            score = new CompetitionScore { Id = Ids.New(), CompetitionId = id, ContestantId = contestant!.Id, JudgeAccountId = me };
            db.Add(score);
        }
        score.Points = input.Points;
        score.ScoredAt = now;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Publishes: only when every judge has scored every contestant. Scores and places are frozen, and the bottom places
    /// owe their rectification through the obligation engine, all in one transaction. Published is immutable.
    /// </summary>
    public async Task<CompetitionDetail> PublishAsync(Guid id, CancellationToken ct = default)
    {
        RequireManage();
        var c = await db.Set<Competition>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("擂台赛", id);
        if (c.State != CompetitionState.Scoring)
        {
            throw new DomainException(c.State == CompetitionState.Published ? "competition_published" : "competition_not_started",
                c.State == CompetitionState.Published ? "擂台赛结果已发布，不能再次发布或修改。" : "擂台赛尚未开始评分。");
        }
        var view = await GetAsync(id, ct);
        if (view.Scored < view.Expected)
        {
            var late = view.Judges.Where(j => j.Scored < view.Contestants.Count).Select(j => j.Name);
            throw new DomainException("competition_scores_missing",
                $"还有 {view.Expected - view.Scored} 个分数未打（{string.Join("、", late)}），每位评委为每个参赛单位打分后才能发布。");
        }
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var row = await db.Set<Competition>().SingleAsync(x => x.Id == id, ct);
                if (row.State != CompetitionState.Scoring)
                {
                    throw new DomainException("competition_published", "擂台赛结果已发布，不能再次发布或修改。");
                }
                var contestants = await db.Set<CompetitionContestant>().Where(x => x.CompetitionId == id).ToListAsync(ct);
                var scores = await db.Set<CompetitionScore>().AsNoTracking().Where(s => s.CompetitionId == id).ToListAsync(ct);
                var names = await OrgNamesAsync(contestants.Select(x => x.OrgId), ct);
                var ranked = Standings(row, contestants, scores, names);
                foreach (var s in ranked)
                {
                    var x = contestants.Single(k => k.OrgId == s.OrgId);
                    x.Score = s.Score;
                    x.Mean = s.Mean;
                    x.Rank = s.Rank;
                }
                row.State = CompetitionState.Published;
                row.PublishedAt = now;
                row.PublishedBy = Current.UserName;
                Touch(row);
                await db.SaveChangesAsync(ct);
                await obligations.OpenAllAsync(BottomDrafts(row, ranked, today), ct);
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

    /// <summary>
    /// What the bottom places of a published competition owe: the assessment's bottom obligations
    /// (<see cref="AssessmentService.BottomObligations"/>), due in <see cref="AssessmentService.BottomDays"/> days, owed to the organizer.
    /// </summary>
    internal static List<ObligationDraft> BottomDrafts(Competition row, IReadOnlyList<CompetitionStanding> ranked, DateOnly today)
    {
        var label = Platform.Period.Parse(row.Period).Label;
        return CompetitionRules.Bottom(ranked, row.BottomCount).SelectMany(b => AssessmentService.BottomObligations.Select(o =>
            new ObligationDraft(o.Kind, Title($"{label}{row.Name}排名末位：{o.Title}"), b.OrgId, today.AddDays(AssessmentService.BottomDays),
                nameof(Competition), row.Id, row.Period, IssuerOrgId: row.OrgId, Link: $"/competitions/{row.Id}", HandledAtSource: false)))
            .ToList();
    }

    /// <summary>The ranking of contestants with their scores (the demo county's published competition uses it too).</summary>
    internal static IReadOnlyList<CompetitionStanding> Rank(Competition c, List<CompetitionContestant> contestants, List<CompetitionScore> scores,
        IReadOnlyDictionary<Guid, string> names) => Standings(c, contestants, scores, names);

    private static string Title(string text) => text.Length > Obligation.TitleMax ? text[..Obligation.TitleMax] : text;

    private async Task<Competition> DraftAsync(Guid id, CancellationToken ct)
    {
        var c = await db.Set<Competition>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("擂台赛", id);
        if (c.State != CompetitionState.Draft)
        {
            throw new DomainException(c.State == CompetitionState.Published ? "competition_published" : "competition_started",
                c.State == CompetitionState.Published ? "擂台赛结果已发布，不能再修改。" : "擂台赛已开始评分，参赛单位和评委不能再更改。");
        }
        return c;
    }

    private void Touch(Competition c)
    {
        c.UpdatedAt = clock.GetUtcNow();
        c.UpdatedBy = Current.UserName;
    }

    private void RequireManage()
    {
        if (!Current.Has(Permission.AssessmentScore))
        {
            throw new ForbiddenException("competition_manage_forbidden", "您的角色不能组织擂台赛。");
        }
    }

    private async Task<Dictionary<Guid, string>> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id))
            .Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }
}
