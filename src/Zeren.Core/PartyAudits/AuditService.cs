using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;
using Faults = Zeren.Core.Platform.Problems;

namespace Zeren.Core.PartyAudits;

/// <summary>
/// 党建审计 (seed 002, ADR 0032): rounds set up by the department (units, sampling rule, checklist), the random and
/// reproducible draw of branches under each unit (<see cref="AuditSampler"/>), scoring each sampled branch on every item,
/// the ranking of units (mean of their branches' totals, in the database), and closing: in one transaction the round is
/// closed, the units' results are released to them, every failed item opens a problem at its branch (source 党建审计,
/// deadline two months on) and every unit owes a written rectification report (整改报告) by the same day.
/// </summary>
public sealed class AuditService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, ProblemService problems, ObligationService obligations)
{
    /// <summary>The problems a round opens: one per failed item at a branch, its source the score.</summary>
    public const string ProblemSourceType = "party-audit.score";

    /// <summary>The obligation each audited unit owes on closing: its written rectification report (书面整改报告).</summary>
    public const string ReportObligationKind = "party-audit.report";

    public const int MaxUnits = 200;

    private Actor Current => actor.Current;

    private DateOnly Today => ChinaTime.Today(clock);

    private void Require(Permission permission, string code, string message)
    {
        if (!Current.Has(permission))
        {
            throw new ForbiddenException(code, message);
        }
    }

    // ---- reading ----

    public async Task<Paged<AuditRoundRow>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        var units = db.Set<AuditUnit>();
        var samples = db.Set<AuditSample>();
        return await db.Set<AuditRound>().AsNoTracking()
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Id)
            .Select(r => new AuditRoundRow(r.Id, r.OrgId, r.Year, r.Name, r.State, units.Count(u => u.RoundId == r.Id),
                samples.Count(s => s.RoundId == r.Id), samples.Count(s => s.RoundId == r.Id && s.Total != null), r.CreatedAt, r.ClosedAt))
            .ToPagedAsync(page, ct);
    }

    public async Task<AuditRoundDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var round = await db.Set<AuditRound>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("党建审计", id);
        var items = await ItemsAsync(id, ct);
        var units = await db.Set<AuditUnit>().AsNoTracking().Where(u => u.RoundId == id).OrderBy(u => u.Position).ToListAsync(ct);
        var samples = await SamplesAsync(db.Set<AuditSample>().Where(s => s.RoundId == id), ct);
        var orgIds = units.Select(u => u.OrgId).Append(round.OrgId).Distinct().ToList();
        var names = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var opened = await ProblemsOf(id).CountAsync(ct);
        return new AuditRoundDetail(round.Id, round.OrgId, names.GetValueOrDefault(round.OrgId, ""), round.Year, round.Name, round.State, round.Rules,
            round.Seed, round.SampledAt, round.ClosedAt, round.RectifyBy, round.CreatedBy, items.Sum(i => i.MaxPoints), items,
            units.Select(u => new AuditUnitView(u.Id, u.OrgId, names.GetValueOrDefault(u.OrgId, ""),
                samples.Where(s => s.UnitId == u.Id).ToList())).ToList(), opened);
    }

    /// <summary>A sampled branch with its scores (the scoring form).</summary>
    public async Task<AuditBranchDetail> BranchAsync(Guid roundId, Guid sampleId, CancellationToken ct = default)
    {
        var round = await db.Set<AuditRound>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new NotFoundException("党建审计", roundId);
        var branch = (await SamplesAsync(db.Set<AuditSample>().Where(s => s.Id == sampleId && s.RoundId == roundId), ct)).SingleOrDefault()
            ?? throw new NotFoundException("抽中支部", sampleId);
        var unitName = await db.Set<AuditUnit>().Where(u => u.Id == branch.UnitId)
            .Select(u => db.Set<Organization>().Where(o => o.Id == u.OrgId).Select(o => o.Name).FirstOrDefault()).FirstOrDefaultAsync(ct) ?? "";
        var scores = await ScoresAsync([sampleId], ct);
        return new AuditBranchDetail(round.Id, round.Name, round.State, branch, unitName, await ItemsAsync(roundId, ct), scores.GetValueOrDefault(sampleId, []));
    }

    /// <summary>
    /// The units of a round by score: the mean of their scored branches' totals, averaged in the database; higher first,
    /// equal means share a place (1, 1, 3), then by name; units with nothing scored yet last, without a place.
    /// </summary>
    public async Task<IReadOnlyList<AuditRankRow>> RankingAsync(Guid id, CancellationToken ct = default)
    {
        if (!await db.Set<AuditRound>().AnyAsync(r => r.Id == id, ct))
        {
            throw new NotFoundException("党建审计", id);
        }
        return await RankAsync(db.Set<AuditUnit>(), id, ct);
    }

    private async Task<IReadOnlyList<AuditRankRow>> RankAsync(IQueryable<AuditUnit> units, Guid roundId, CancellationToken ct)
    {
        var samples = db.Set<AuditSample>();
        var orgs = db.Set<Organization>().IgnoreQueryFilters();
        var rows = await units.AsNoTracking().Where(u => u.RoundId == roundId)
            .Select(u => new
            {
                u.Id,
                u.OrgId,
                Name = orgs.Where(o => o.Id == u.OrgId).Select(o => o.Name).FirstOrDefault() ?? "",
                Branches = samples.Count(s => s.UnitId == u.Id),
                Scored = samples.Count(s => s.UnitId == u.Id && s.Total != null),
                Score = samples.Where(s => s.UnitId == u.Id && s.Total != null).Average(s => (double?)s.Total),
            })
            .OrderBy(x => x.Score == null).ThenByDescending(x => x.Score).ThenBy(x => x.Name).ThenBy(x => x.Id)
            .ToListAsync(ct);
        var ranked = new List<AuditRankRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            int? rank = r.Score is null ? null : i > 0 && rows[i - 1].Score == r.Score ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new AuditRankRow(rank, r.Id, r.OrgId, r.Name, r.Branches, r.Scored, r.Score));
        }
        return ranked;
    }

    /// <summary>Released results of the units in the account's scope (its own township, say), newest first.</summary>
    public async Task<Paged<AuditUnitResultRow>> ResultsAsync(PageRequest page, CancellationToken ct = default)
    {
        var rounds = db.Set<AuditRound>().IgnoreQueryFilters([AuditRoundConfiguration.ScopeFilter]);
        var samples = db.Set<AuditSample>();
        var orgs = db.Set<Organization>();
        return await db.Set<AuditUnit>().AsNoTracking().Where(u => u.ReleasedAt != null)
            .Join(rounds, u => u.RoundId, r => r.Id, (u, r) => new { u, r })
            .OrderByDescending(x => x.r.Year).ThenByDescending(x => x.r.Id).ThenBy(x => x.u.Position)
            .Select(x => new AuditUnitResultRow(x.u.Id, x.r.Id, x.r.Year, x.r.Name, x.u.OrgId,
                orgs.Where(o => o.Id == x.u.OrgId).Select(o => o.Name).FirstOrDefault() ?? "", x.u.ReleasedAt,
                samples.Where(s => s.UnitId == x.u.Id && s.Total != null).Average(s => (double?)s.Total)))
            .ToPagedAsync(page, ct);
    }

    /// <summary>One unit's result: for the unit's own accounts once released, for auditors at any time.</summary>
    public async Task<AuditUnitResult> ResultAsync(Guid unitId, CancellationToken ct = default)
    {
        var unit = await db.Set<AuditUnit>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct) ?? throw new NotFoundException("被审计单位", unitId);
        var round = await db.Set<AuditRound>().IgnoreQueryFilters([AuditRoundConfiguration.ScopeFilter]).AsNoTracking()
            .SingleAsync(r => r.Id == unit.RoundId, ct);
        var orgName = await db.Set<Organization>().Where(o => o.Id == unit.OrgId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var items = await ItemsAsync(round.Id, ct);
        var branches = await SamplesAsync(db.Set<AuditSample>().Where(s => s.UnitId == unitId), ct);
        var scores = await ScoresAsync(branches.Select(b => b.Id).ToList(), ct);
        // The place among every unit of the round (released together, so all are visible to the figures, not their names).
        var ranking = await RankAsync(db.Set<AuditUnit>().IgnoreQueryFilters([AuditUnitConfiguration.ScopeFilter, AuditUnitConfiguration.ReleaseFilter])
            .Where(u => u.ReleasedAt != null || u.Id == unitId), round.Id, ct);
        var own = ranking.FirstOrDefault(r => r.UnitId == unitId);
        return new AuditUnitResult(unit.Id, round.Id, round.Year, round.Name, unit.OrgId, orgName, unit.ReleasedAt, round.RectifyBy, own?.Score, own?.Rank,
            ranking.Count(r => r.Rank is not null), items.Sum(i => i.MaxPoints), items,
            branches.Select(b => new AuditBranchResult(b, scores.GetValueOrDefault(b.Id, []))).ToList());
    }

    private async Task<List<AuditItemView>> ItemsAsync(Guid roundId, CancellationToken ct) =>
        await db.Set<AuditItem>().AsNoTracking().Where(i => i.RoundId == roundId).OrderBy(i => i.Position)
            .Select(i => new AuditItemView(i.Id, i.Position, i.Title, i.MaxPoints)).ToListAsync(ct);

    private async Task<List<AuditSampleView>> SamplesAsync(IQueryable<AuditSample> query, CancellationToken ct)
    {
        var orgs = db.Set<Organization>().IgnoreQueryFilters();
        var units = db.Set<AuditUnit>();
        return await query.AsNoTracking()
            .OrderBy(s => units.Where(u => u.Id == s.UnitId).Select(u => u.Position).FirstOrDefault()).ThenBy(s => s.Position)
            .Select(s => new AuditSampleView(s.Id, s.UnitId, s.OrgId, orgs.Where(o => o.Id == s.OrgId).Select(o => o.Name).FirstOrDefault() ?? "",
                s.Kind, s.Total, s.Failed, s.ScoredAt, s.ScoredBy))
            .ToListAsync(ct);
    }

    private async Task<Dictionary<Guid, IReadOnlyList<AuditScoreView>>> ScoresAsync(IReadOnlyList<Guid> sampleIds, CancellationToken ct)
    {
        var found = db.Set<Problem>().Where(p => p.SourceType == ProblemSourceType);
        var rows = await db.Set<AuditScore>().AsNoTracking().Where(s => sampleIds.Contains(s.SampleId))
            .Select(s => new { s.SampleId, View = new AuditScoreView(s.ItemId, s.Points, s.Passed, s.Note,
                found.Where(p => p.SourceId == s.Id).Select(p => (Guid?)p.Id).FirstOrDefault()) })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.SampleId).ToDictionary(g => g.Key, g => (IReadOnlyList<AuditScoreView>)g.Select(r => r.View).ToList());
    }

    private IQueryable<Problem> ProblemsOf(Guid roundId)
    {
        var scores = db.Set<AuditScore>();
        var samples = db.Set<AuditSample>();
        return db.Set<Problem>().Where(p => p.SourceType == ProblemSourceType
            && scores.Any(s => s.Id == p.SourceId && samples.Any(m => m.Id == s.SampleId && m.RoundId == roundId)));
    }

    // ---- setting up ----

    /// <summary>The organizations a new round may audit: those directly under the account's own (under the top ones for an account bound to none).</summary>
    public async Task<IReadOnlyList<AuditUnitChoice>> UnitChoicesAsync(CancellationToken ct = default)
    {
        var orgs = db.Set<Organization>().AsNoTracking().Where(o => o.Kind != OrgKind.Group);
        orgs = Current.OrgId is { } own ? orgs.Where(o => o.ParentId == own) : orgs.Where(o => o.Depth == 1);
        return await orgs.OrderBy(o => o.SortOrder).ThenBy(o => o.Name).Select(o => new AuditUnitChoice(o.Id, o.Name)).ToListAsync(ct);
    }

    /// <summary>A new round (not yet drawn). Refusals: 403 without <see cref="Permission.PartyAuditsRun"/>, 404 for an organization out of scope, 422 naming every fault.</summary>
    public async Task<Guid> CreateAsync(AuditRoundInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Require(Permission.PartyAuditsRun, "audit_run_forbidden", "您的角色不能组织党建审计。");
        var faults = new Faults();
        var orgId = input.OrgId ?? Current.OrgId;
        Organization? runner = null;
        if (orgId is null)
        {
            faults.Add("audit_org_required", "请指定组织审计的单位。", "orgId");
        }
        else
        {
            runner = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct) ?? throw new NotFoundException("组织", orgId);
        }
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0)
        {
            faults.Add("audit_name_required", "请填写审计名称。", "name");
        }
        else if (name.Length > AuditRound.NameMax)
        {
            faults.Add("audit_name_length", $"审计名称最多 {AuditRound.NameMax} 个字。", "name");
        }
        if (!Period.IsWorkingYear(input.Year))
        {
            faults.Add("audit_year", Period.WorkingYearMessage, "year");
        }
        var rules = input.Rules ?? AuditSamplingRules.Default;
        AuditSampler.CheckRules(rules, faults);
        var items = CheckItems(input.Items ?? AuditChecklist.Default, faults);

        var unitIds = (input.UnitIds ?? []).Where(u => u != Guid.Empty).Distinct().ToList();
        if (unitIds.Count == 0)
        {
            faults.Add("audit_units_required", "请至少选择一个被审计单位。", "unitIds");
        }
        else if (unitIds.Count > MaxUnits)
        {
            faults.Add("audit_units_too_many", $"一轮审计最多 {MaxUnits} 个被审计单位。", "unitIds");
        }
        else
        {
            var units = await db.Set<Organization>().AsNoTracking().Where(o => unitIds.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.Path })
                .ToDictionaryAsync(o => o.Id, ct);
            if (unitIds.FirstOrDefault(u => !units.ContainsKey(u)) is var missing && missing != Guid.Empty)
            {
                throw new NotFoundException("组织", missing);
            }
            if (runner is not null)
            {
                foreach (var u in units.Values.Where(u => !(u.Path.StartsWith(runner.Path, StringComparison.Ordinal) && u.Path.Length > runner.Path.Length)))
                {
                    faults.Add("audit_unit_not_below", $"{u.Name}不在{runner.Name}之下，不能作为被审计单位。", "unitIds");
                }
            }
        }
        faults.ThrowIfAny();

        var now = clock.GetUtcNow();
        var round = AuditRound.Create(runner!.Id, input.Year, name, rules, now, Current.UserName);
        db.Add(round);
        for (var i = 0; i < unitIds.Count; i++)
        {
            db.Add(AuditUnit.Create(round, unitIds[i], i + 1));
        }
        for (var i = 0; i < items.Count; i++)
        {
            db.Add(AuditItem.Create(round, i + 1, items[i].Title, items[i].MaxPoints));
        }
        await db.SaveChangesAsync(ct);
        return round.Id;
    }

    private static List<AuditItemInput> CheckItems(IReadOnlyList<AuditItemInput> items, Faults faults)
    {
        var kept = new List<AuditItemInput>();
        if (items.Count == 0)
        {
            faults.Add("audit_items_required", "审计清单至少要有一项。", "items");
            return kept;
        }
        if (items.Count > AuditChecklist.MaxItems)
        {
            faults.Add("audit_items_too_many", $"审计清单最多 {AuditChecklist.MaxItems} 项。", "items");
            return kept;
        }
        var titles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var title = (items[i]?.Title ?? "").Trim();
            var points = items[i]?.MaxPoints ?? 0;
            if (title.Length == 0)
            {
                faults.Add("audit_item_title_required", $"第 {i + 1} 项：请填写审计内容。", $"items[{i}].title");
            }
            else if (title.Length > AuditItem.TitleMax)
            {
                faults.Add("audit_item_title_length", $"第 {i + 1} 项：审计内容最多 {AuditItem.TitleMax} 个字。", $"items[{i}].title");
            }
            else if (!titles.Add(title))
            {
                faults.Add("audit_item_duplicate", $"第 {i + 1} 项：“{title}”重复。", $"items[{i}].title");
            }
            if (points is < 1 or > AuditItem.MaxPointsLimit)
            {
                faults.Add("audit_item_points", $"第 {i + 1} 项：分值须在 1 至 {AuditItem.MaxPointsLimit} 之间。", $"items[{i}].maxPoints");
            }
            kept.Add(new AuditItemInput(title, points));
        }
        return kept;
    }

    // ---- drawing ----

    /// <summary>
    /// Draws the branches under every unit (once; a drawn round is not drawn again) with the given seed or a new one, from the
    /// organizations as they stand: each unit's branches are the organizations directly under it (not 党小组), by domain.
    /// </summary>
    public async Task<AuditRoundDetail> DrawAsync(Guid id, AuditDrawInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Require(Permission.PartyAuditsRun, "audit_run_forbidden", "您的角色不能组织党建审计。");
        var round = await db.Set<AuditRound>().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("党建审计", id);
        if (round.State != AuditRoundState.Draft)
        {
            throw new DomainException("audit_already_sampled", "本轮审计已经抽样，不能再次抽样；可以用保存的种子核对抽样结果。", "state");
        }
        var units = await db.Set<AuditUnit>().Where(u => u.RoundId == id).OrderBy(u => u.Position).ToListAsync(ct);
        var unitOrgIds = units.Select(u => (Guid?)u.OrgId).ToList();
        var names = await db.Set<Organization>().AsNoTracking().Where(o => unitOrgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var children = await db.Set<Organization>().AsNoTracking().Where(o => unitOrgIds.Contains(o.ParentId) && o.Kind != OrgKind.Group)
            .Select(o => new { o.Id, o.ParentId, o.Domain }).ToListAsync(ct);
        // Keyed by the units' organizations, so the same seed over the same units draws the same branches in any round.
        var candidates = units.Select(u => new AuditUnitCandidates(u.OrgId, names.GetValueOrDefault(u.OrgId, ""),
            children.Where(c => c.ParentId == u.OrgId)
                .Select(c => (c.Id, Kind: AuditSampler.KindOf(c.Domain)))
                .Where(c => c.Kind is not null)
                .Select(c => new AuditCandidate(c.Id, c.Kind!.Value)).ToList())).ToList();
        var sampleInput = new AuditSampleInput(round.Rules, input.Seed ?? AuditSampler.NewSeed(), candidates);
        var drawn = AuditSampler.Draw(sampleInput);

        round.Sampled(sampleInput, clock.GetUtcNow(), Current.UserName);
        var byId = units.ToDictionary(u => u.OrgId);
        foreach (var group in drawn.GroupBy(d => d.UnitId))
        {
            var position = 0;
            foreach (var d in group)
            {
                db.Add(AuditSample.Create(byId[d.UnitId], d.BranchId, d.Kind, ++position));
            }
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Draws again from the stored seed and inputs and says whether it gives the stored sample (reproducibility).</summary>
    public async Task<AuditRedraw> RedrawAsync(Guid id, CancellationToken ct = default)
    {
        var round = await db.Set<AuditRound>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("党建审计", id);
        var input = round.Input() ?? throw new DomainException("audit_not_sampled", "本轮审计尚未抽样。", "state");
        var drawn = AuditSampler.Draw(input);
        var units = db.Set<AuditUnit>();
        var stored = await db.Set<AuditSample>().AsNoTracking().Where(s => s.RoundId == id)
            .Select(s => new { UnitId = units.Where(u => u.Id == s.UnitId).Select(u => u.OrgId).FirstOrDefault(), s.OrgId, s.Kind, s.Position })
            .ToListAsync(ct);
        var storedOrder = stored.OrderBy(s => s.UnitId.ToString("N"), StringComparer.Ordinal).ThenBy(s => s.Position)
            .Select(s => new AuditDrawnBranch(s.UnitId, s.OrgId, s.Kind)).ToList();
        return new AuditRedraw(input.Seed, storedOrder.SequenceEqual(drawn), drawn);
    }

    // ---- scoring ----

    /// <summary>
    /// Scores one sampled branch on every item of the checklist (replacing earlier scores while the round is open). Refusals:
    /// 403 without <see cref="Permission.PartyAuditsScore"/>, 404 for a round or branch not found, 422 naming every fault
    /// (points over the item's, a fail without a note, an item missing or twice, a closed round).
    /// </summary>
    public async Task<AuditBranchDetail> ScoreAsync(Guid roundId, Guid sampleId, AuditScoreInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Require(Permission.PartyAuditsScore, "audit_score_forbidden", "您的角色不能为党建审计评分。");
        var round = await db.Set<AuditRound>().SingleOrDefaultAsync(r => r.Id == roundId, ct) ?? throw new NotFoundException("党建审计", roundId);
        var sample = await db.Set<AuditSample>().SingleOrDefaultAsync(s => s.Id == sampleId && s.RoundId == roundId, ct)
            ?? throw new NotFoundException("抽中支部", sampleId);
        round.EnsureScoring();
        var items = await db.Set<AuditItem>().Where(i => i.RoundId == roundId).OrderBy(i => i.Position).ToListAsync(ct);
        var byId = items.ToDictionary(i => i.Id);
        var faults = new Faults();
        var given = input.Scores ?? [];
        var seen = new HashSet<Guid>();
        for (var i = 0; i < given.Count; i++)
        {
            var s = given[i];
            var at = $"scores[{i}].";
            if (!byId.TryGetValue(s.ItemId, out var item))
            {
                faults.Add("audit_item_unknown", $"第 {i + 1} 条评分：本轮审计清单中没有这一项。", at + "itemId");
                continue;
            }
            if (!seen.Add(s.ItemId))
            {
                faults.Add("audit_item_twice", $"“{item.Title}”评了两次。", at + "itemId");
                continue;
            }
            if (s.Points < 0)
            {
                faults.Add("audit_points_negative", $"“{item.Title}”的得分不能为负数。", at + "points");
            }
            else if (s.Points > item.MaxPoints)
            {
                faults.Add("audit_points_over_max", $"“{item.Title}”最多 {item.MaxPoints} 分，不能给 {s.Points} 分。", at + "points");
            }
            var note = s.Note?.Trim();
            if (!s.Passed && string.IsNullOrEmpty(note))
            {
                faults.Add("audit_note_required", $"“{item.Title}”未通过，请写明存在的问题（将列入问题清单）。", at + "note");
            }
            else if (note is { Length: > AuditScore.NoteMax })
            {
                faults.Add("audit_note_length", $"“{item.Title}”的说明最多 {AuditScore.NoteMax} 个字。", at + "note");
            }
        }
        var missing = items.Where(i => !seen.Contains(i.Id)).Select(i => i.Title).ToList();
        if (missing.Count > 0 && !faults.Any)
        {
            faults.Add("audit_items_missing", $"还有 {missing.Count} 项未评分：{string.Join("、", missing)}。", "scores");
        }
        faults.ThrowIfAny();

        var existing = await db.Set<AuditScore>().Where(s => s.SampleId == sampleId).ToDictionaryAsync(s => s.ItemId, ct);
        foreach (var s in given)
        {
            var note = string.IsNullOrWhiteSpace(s.Note) ? null : s.Note.Trim();
            if (existing.TryGetValue(s.ItemId, out var row))
            {
                row.Change(s.Points, s.Passed, note);
            }
            else
            {
                db.Add(AuditScore.Create(sample, s.ItemId, s.Points, s.Passed, note));
            }
        }
        sample.Scored(given.Sum(s => s.Points), given.Count(s => !s.Passed), clock.GetUtcNow(), Current.UserName);
        await db.SaveChangesAsync(ct);
        return await BranchAsync(roundId, sampleId, ct);
    }

    // ---- closing ----

    /// <summary>
    /// Closes a round, once, in one transaction: the units' results are released to them; every failed item opens a problem
    /// at its branch (source 党建审计, issued by the running organization, due two months after today, China time); every unit
    /// owes a written rectification report (<see cref="ReportObligationKind"/>) to the running organization by the same day.
    /// Refused while a sampled branch is unscored, and when the round is already closed (422).
    /// </summary>
    public async Task<AuditCloseResult> CloseAsync(Guid id, CancellationToken ct = default)
    {
        Require(Permission.PartyAuditsRun, "audit_run_forbidden", "您的角色不能组织党建审计。");
        var round = await db.Set<AuditRound>().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("党建审计", id);
        if (round.State == AuditRoundState.Closed)
        {
            throw new DomainException("audit_round_closed", "本轮审计已经结束，不能再次结束。", "state");
        }
        if (round.State == AuditRoundState.Draft)
        {
            throw new DomainException("audit_not_sampled", "本轮审计尚未抽样，不能结束。", "state");
        }
        var unscored = await db.Set<AuditSample>().CountAsync(s => s.RoundId == id && s.Total == null, ct);
        if (unscored > 0)
        {
            throw new DomainException("audit_unscored", $"还有 {unscored} 个抽中支部未评分，全部评分后才能结束审计。", "state");
        }
        var rectifyBy = Today.AddMonths(AuditRound.RectificationMonths);
        var units = await db.Set<AuditUnit>().Where(u => u.RoundId == id).ToListAsync(ct);
        var failed = await (
                from s in db.Set<AuditScore>()
                join m in db.Set<AuditSample>() on s.SampleId equals m.Id
                join i in db.Set<AuditItem>() on s.ItemId equals i.Id
                where m.RoundId == id && !s.Passed
                orderby m.UnitId, m.Position, i.Position
                select new { ScoreId = s.Id, m.OrgId, i.Title, s.Note, s.Points, i.MaxPoints })
            .AsNoTracking().ToListAsync(ct);
        var drafts = failed.Select(f => new ProblemDraft(
            f.OrgId, ProblemSource.Audit, Clip($"党建审计：{f.Title}未通过", Problem.TitleMax),
            Clip($"{round.Name}，“{f.Title}”得 {f.Points} 分（满分 {f.MaxPoints} 分），未通过：{f.Note}", Problem.DescriptionMax),
            rectifyBy, Clip(f.Title, Problem.CategoryMax), ProblemSeverity.General, false, null,
            ProblemSourceType, f.ScoreId, Clip(round.Name, Problem.SourceTitleMax), round.OrgId)).ToList();
        var reports = units.Select(u => new ObligationDraft(ReportObligationKind, Clip($"党建审计书面整改报告：{round.Name}", Obligation.TitleMax),
            u.OrgId, rectifyBy, nameof(AuditRound), round.Id, IssuerOrgId: round.OrgId, HandledAtSource: false)).ToList();

        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                round.Close(rectifyBy, now, Current.UserName);
                foreach (var u in units)
                {
                    u.Release(now);
                }
                // The state is the round's concurrency token: a second close running at the same time updates no row.
                await db.SaveChangesAsync(ct);
                await problems.RaiseManyAsync(drafts, ct);
                await obligations.OpenAllAsync(reports, ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                throw new DomainException("audit_round_closed", "本轮审计已经结束，不能再次结束。", "state");
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return new AuditCloseResult(id, drafts.Count, reports.Count, rectifyBy);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    // ---- home page ----

    /// <summary>What auditors owe: per open round in scope, how many sampled branches are still unscored.</summary>
    public async Task<IReadOnlyList<(Guid RoundId, string Name, int Unscored)>> UnscoredAsync(int take, CancellationToken ct = default)
    {
        if (!Current.Has(Permission.PartyAuditsScore))
        {
            return [];
        }
        var samples = db.Set<AuditSample>();
        var rows = await db.Set<AuditRound>().AsNoTracking().Where(r => r.State == AuditRoundState.Sampled)
            .Select(r => new { r.Id, r.Name, Unscored = samples.Count(s => s.RoundId == r.Id && s.Total == null) })
            .Where(r => r.Unscored > 0)
            .OrderBy(r => r.Id).Take(take).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Name, r.Unscored)).ToList();
    }
}
