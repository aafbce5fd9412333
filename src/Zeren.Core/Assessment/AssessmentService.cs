using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Assessment;

/// <summary>
/// 考核: schemes (edited until their first run is published), scoring runs (computed, scored by hand, previewed,
/// published, corrected by a new run), rankings and award lists. Publishing a run opens the rectification obligations
/// of the bottom places through the obligation engine, in the same transaction.
/// </summary>
public sealed class AssessmentService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, ObligationService obligations,
    IEnumerable<IAssessmentSource> sources)
{
    /// <summary>The obligations of a bottom place (seed 000): hold a committee meeting, re-plan, report a rectification plan within a week.</summary>
    public static readonly IReadOnlyList<(string Kind, string Title)> BottomObligations =
    [
        ("assessment.committee-meeting", "召开党委班子会分析原因"),
        ("assessment.replan", "重新谋划工作思路"),
        ("assessment.rectification-plan", "向县委组织部专题汇报整改方案"),
    ];

    /// <summary>The days the bottom places have for their obligations (一周内).</summary>
    public const int BottomDays = 7;

    /// <summary>末两位 (seed 001): how many bottom places of a township ranking have their 组织委员 proposed for adjustment.</summary>
    public const int AdjustmentCount = 2;

    public const string TieRule = "总分高者在前；受一票否决的排在未受否决的之后；总分相同时，期内逾期或逾期报送事项少者在前，再同时最后一次报送早者在前；仍相同则并列。";

    private readonly Dictionary<string, IAssessmentSource> sourceByKey = sources.ToDictionary(s => s.Key, StringComparer.Ordinal);

    private Actor Current => actor.Current;

    private DateOnly Today => ChinaTime.Today(clock);

    public IReadOnlyList<SourceInfo> Sources() =>
        sourceByKey.Values.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SourceInfo(s.Key, s.Label, s.Measure)).ToList();

    // ----- schemes -----

    public async Task<IReadOnlyList<SchemeRow>> ListSchemesAsync(int? year = null, CancellationToken ct = default)
    {
        var q = db.Set<AssessmentScheme>().AsNoTracking();
        if (year is { } y)
        {
            q = q.Where(s => s.Year == y);
        }
        var schemes = await q.OrderByDescending(s => s.Year).ThenBy(s => s.Name).ToListAsync(ct);
        var ids = schemes.Select(s => s.Id).ToList();
        var items = await db.Set<SchemeItem>().AsNoTracking().Where(i => ids.Contains(i.SchemeId)).ToListAsync(ct);
        var names = await OrgNamesAsync(schemes.Select(s => s.OrgId), ct);
        return schemes.Select(s =>
        {
            var own = items.Where(i => i.SchemeId == s.Id).ToList();
            return new SchemeRow(s.Id, s.OrgId, names.GetValueOrDefault(s.OrgId, ""), s.Year, s.Kind, s.Name, s.IsFrozen, own.Count, FullPoints(own));
        }).ToList();
    }

    public async Task<SchemeView> GetSchemeAsync(Guid id, CancellationToken ct = default)
    {
        var scheme = await db.Set<AssessmentScheme>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("考核方案", id);
        var items = await db.Set<SchemeItem>().AsNoTracking().Where(i => i.SchemeId == id).ToListAsync(ct);
        var names = await OrgNamesAsync([scheme.OrgId], ct);
        return ViewOf(scheme, items, names.GetValueOrDefault(scheme.OrgId, ""));
    }

    private SchemeView ViewOf(AssessmentScheme s, IReadOnlyList<SchemeItem> items, string orgName) =>
        new(s.Id, s.OrgId, orgName, s.Year, s.Kind, s.Name, s.BonusCap, s.DeductionCap, s.BottomCount, s.Tiers, s.FrozenAt, FullPoints(items),
            TreeOrder(items).Select(x => new ItemView(x.Item.Id, x.Item.ParentId, x.Item.Ordinal, x.Depth, items.Any(c => c.ParentId == x.Item.Id),
                x.Item.Name, x.Item.Type, x.Item.Source, x.Item.Source is { } k ? sourceByKey.GetValueOrDefault(k)?.Label ?? k : null, x.Item.Points,
                x.Item.Cap, x.Item.Note)).ToList(),
            s.UpdatedAt, s.UpdatedBy);

    /// <summary>The scheme's full points: its top 计分项 (a group's points are its children's sum).</summary>
    private static decimal FullPoints(IReadOnlyList<SchemeItem> items) => items.Where(i => i.Type == ItemType.Score && IsLeaf(items, i)).Sum(i => i.Points);

    private static bool IsLeaf(IReadOnlyList<SchemeItem> items, SchemeItem item) => !items.Any(c => c.ParentId == item.Id);

    private static List<(SchemeItem Item, int Depth)> TreeOrder(IReadOnlyList<SchemeItem> items)
    {
        var result = new List<(SchemeItem, int)>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var item in items.Where(i => i.ParentId == parent).OrderBy(i => i.Ordinal))
            {
                result.Add((item, depth));
                Walk(item.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return result;
    }

    public async Task<SchemeView> CreateSchemeAsync(SchemeInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireConfigure();
        var problems = new Problems();
        var orgId = await AssessingOrgAsync(input.OrgId, problems, ct);
        var items = Check(input, problems);
        problems.ThrowIfAny();
        var now = clock.GetUtcNow();
        var scheme = new AssessmentScheme { Id = Ids.New(), OrgId = orgId!.Value, CreatedAt = now, CreatedBy = Current.UserName };
        Apply(scheme, input, now);
        db.Add(scheme);
        AddItems(scheme.Id, items);
        await db.SaveChangesAsync(ct);
        return await GetSchemeAsync(scheme.Id, ct);
    }

    /// <summary>Replaces a scheme's settings and items while no run of it is published.</summary>
    public async Task<SchemeView> UpdateSchemeAsync(Guid id, SchemeInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireConfigure();
        var scheme = await EditableSchemeAsync(id, ct);
        var problems = new Problems();
        if (input.OrgId is { } asked && asked != scheme.OrgId)
        {
            problems.Add("scheme_org_fixed", "考核单位不能更改：请新建方案。", "orgId");
        }
        var items = Check(input, problems);
        problems.ThrowIfAny();
        if (await db.Set<ScoringRun>().AnyAsync(r => r.SchemeId == id && r.State == RunState.Draft, ct))
        {
            throw new DomainException("scheme_has_draft_run", $"“{scheme.Name}”有预览中的考核评分，修改方案前请先发布或放弃该评分。");
        }
        Apply(scheme, input, clock.GetUtcNow());
        db.RemoveRange(await db.Set<SchemeItem>().Where(i => i.SchemeId == id).ToListAsync(ct));
        AddItems(scheme.Id, items);
        await db.SaveChangesAsync(ct);
        return await GetSchemeAsync(id, ct);
    }

    /// <summary>Adds one item (the scheme page's form): the scheme as it is plus the item, checked as a whole.</summary>
    public async Task<SchemeView> AddItemAsync(Guid id, ItemInput item, Guid? parentId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (input, order) = await InputOfAsync(id, ct);
        var parent = parentId is { } p ? order.IndexOf(p) : (int?)null;
        if (parentId is not null && parent < 0)
        {
            throw new NotFoundException("考核指标", parentId);
        }
        return await UpdateSchemeAsync(id, input with { Items = [.. input.Items, item with { Parent = parent }], OrgId = null }, ct);
    }

    /// <summary>Removes one item and the items under it, with the reason (the scheme page).</summary>
    public async Task<SchemeView> RemoveItemAsync(Guid id, Guid itemId, string? reason, CancellationToken ct = default)
    {
        RequireConfigure();
        await EditableSchemeAsync(id, ct);
        db.Because(reason);
        var items = await db.Set<SchemeItem>().AsNoTracking().Where(i => i.SchemeId == id).ToListAsync(ct);
        if (items.All(i => i.Id != itemId))
        {
            throw new NotFoundException("考核指标", itemId);
        }
        var gone = new HashSet<Guid> { itemId };
        foreach (var (item, _) in TreeOrder(items))
        {
            if (item.ParentId is { } pid && gone.Contains(pid))
            {
                gone.Add(item.Id);
            }
        }
        var (input, order) = await InputOfAsync(id, ct);
        var keep = order.Select((itemKey, index) => (itemKey, index)).Where(x => !gone.Contains(x.itemKey)).Select(x => x.index).ToList();
        var remap = keep.Select((oldIndex, newIndex) => (oldIndex, newIndex)).ToDictionary(x => x.oldIndex, x => x.newIndex);
        var kept = keep.Select(i => input.Items[i] with { Parent = input.Items[i].Parent is { } pi ? remap[pi] : null }).ToList();
        return await UpdateSchemeAsync(id, input with { Items = kept, OrgId = null }, ct);
    }

    /// <summary>The scheme as an input, to change a part of it (the scheme page's settings).</summary>
    public async Task<SchemeInput> InputOfSchemeAsync(Guid id, CancellationToken ct = default) => (await InputOfAsync(id, ct)).Input;

    /// <summary>The scheme as an input (items in tree order, parents by index) and the item ids in that order.</summary>
    private async Task<(SchemeInput Input, List<Guid> Order)> InputOfAsync(Guid id, CancellationToken ct)
    {
        var scheme = await db.Set<AssessmentScheme>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("考核方案", id);
        var items = TreeOrder(await db.Set<SchemeItem>().AsNoTracking().Where(i => i.SchemeId == id).ToListAsync(ct));
        var order = items.Select(x => x.Item.Id).ToList();
        var inputs = items.Select(x => new ItemInput(x.Item.Name, x.Item.Type, x.Item.Source, x.Item.Points, x.Item.Cap, x.Item.Note,
            x.Item.ParentId is { } p ? order.IndexOf(p) : null)).ToList();
        return (new SchemeInput(scheme.Year, scheme.Kind, scheme.Name, inputs, scheme.Tiers, scheme.BonusCap, scheme.DeductionCap, scheme.BottomCount), order);
    }

    private async Task<AssessmentScheme> EditableSchemeAsync(Guid id, CancellationToken ct)
    {
        var scheme = await db.Set<AssessmentScheme>().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("考核方案", id);
        if (scheme.IsFrozen)
        {
            throw new DomainException("scheme_frozen", $"“{scheme.Name}”已有发布的考核结果，方案已冻结，不能修改：如需调整请新建方案。");
        }
        return scheme;
    }

    private void Apply(AssessmentScheme scheme, SchemeInput input, DateTimeOffset now)
    {
        scheme.Year = input.Year;
        scheme.Kind = input.Kind;
        scheme.Name = input.Name.Trim();
        scheme.BonusCap = input.BonusCap;
        scheme.DeductionCap = input.DeductionCap;
        scheme.BottomCount = input.BottomCount;
        scheme.TiersJson = AssessmentScheme.WriteTiers((input.Tiers ?? []).Select(t => t with { Name = t.Name.Trim() }).ToList());
        scheme.UpdatedAt = now;
        scheme.UpdatedBy = Current.UserName;
    }

    private void AddItems(Guid schemeId, IReadOnlyList<SchemeItem> items)
    {
        foreach (var item in items)
        {
            item.SchemeId = schemeId;
            db.Add(item);
        }
    }

    /// <summary>Every fault of a scheme's input at once; the items to save (ids given, parents linked).</summary>
    private List<SchemeItem> Check(SchemeInput input, Problems problems)
    {
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add("scheme_name_required", "请填写方案名称。", "name");
        }
        else if (name.Length > AssessmentScheme.NameMax)
        {
            problems.Add("scheme_name_too_long", $"方案名称不能超过 {AssessmentScheme.NameMax} 个字。", "name");
        }
        if (!Period.IsWorkingYear(input.Year))
        {
            problems.Add("scheme_year_invalid", Period.WorkingYearMessage, "year");
        }
        if (input.BottomCount is < 0 or > 50)
        {
            problems.Add("scheme_bottom_invalid", "末位整改数应在 0—50 之间。", "bottomCount");
        }
        if (input.BonusCap is < 0)
        {
            problems.Add("scheme_cap_negative", "加分上限不能为负数。", "bonusCap");
        }
        if (input.DeductionCap is < 0)
        {
            problems.Add("scheme_cap_negative", "扣分上限不能为负数。", "deductionCap");
        }
        var tiers = input.Tiers ?? [];
        if (tiers.Count > AssessmentScheme.MaxTiers)
        {
            problems.Add("scheme_tiers_too_many", $"奖励档次最多 {AssessmentScheme.MaxTiers} 档。", "tiers");
        }
        for (var i = 0; i < tiers.Count; i++)
        {
            var t = tiers[i];
            if (string.IsNullOrWhiteSpace(t.Name) || t.Name.Trim().Length > 20)
            {
                problems.Add("tier_name_invalid", "请填写档次名称（不超过 20 个字），如“一等奖”。", $"tiers[{i}].name");
            }
            if (t.Size is < 1 or > 1000)
            {
                problems.Add("tier_size_invalid", "每档名额应在 1—1000 之间。", $"tiers[{i}].size");
            }
            if (t.Amount is < 0 or > 1_000_000)
            {
                problems.Add("tier_amount_invalid", "奖励金额应在 0—1000000 元之间。", $"tiers[{i}].amount");
            }
        }
        var inputs = input.Items ?? [];
        if (inputs.Count > AssessmentScheme.MaxItems)
        {
            problems.Add("scheme_items_too_many", $"考核指标最多 {AssessmentScheme.MaxItems} 个。", "items");
        }
        var items = new List<SchemeItem>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i];
            var f = $"items[{i}].";
            var itemName = x.Name?.Trim() ?? "";
            if (itemName.Length == 0 || itemName.Length > SchemeItem.NameMax)
            {
                problems.Add("item_name_invalid", $"请填写指标名称（不超过 {SchemeItem.NameMax} 个字）。", f + "name");
            }
            if (x.Note is { Length: > SchemeItem.NoteMax })
            {
                problems.Add("item_note_too_long", $"评分说明不能超过 {SchemeItem.NoteMax} 个字。", f + "note");
            }
            if (x.Points < 0 || x.Points > 1000)
            {
                problems.Add("item_points_invalid", "分值应在 0—1000 之间。", f + "points");
            }
            if (x.Cap is < 0)
            {
                problems.Add("item_cap_negative", "上限不能为负数。", f + "cap");
            }
            if (x.Cap is not null && x.Type is ItemType.Score or ItemType.Veto)
            {
                problems.Add("item_cap_only_bonus", "只有加分项、扣分项设上限。", f + "cap");
            }
            var source = string.IsNullOrWhiteSpace(x.Source) ? null : x.Source.Trim();
            if (source is not null)
            {
                if (!sourceByKey.TryGetValue(source, out var s))
                {
                    problems.Add("item_source_unknown", $"没有“{source}”这个数据来源：可选 {string.Join("、", sourceByKey.Keys.Order(StringComparer.Ordinal))}。", f + "source");
                }
                else if ((s.Measure == SourceMeasure.Rate) != (x.Type == ItemType.Score))
                {
                    problems.Add("item_source_measure", x.Type == ItemType.Score
                        ? $"“{s.Label}”是计数，只能用于加分、扣分或否决项。"
                        : $"“{s.Label}”是比率，只能用于计分项。", f + "source");
                }
            }
            Guid? parentId = null;
            if (x.Parent is { } p)
            {
                if (p < 0 || p >= i)
                {
                    problems.Add("item_parent_invalid", "上级指标须是排在它前面的指标。", f + "parent");
                }
                else if (inputs[p].Type != ItemType.Score || inputs[p].Source is not null && inputs[p].Source!.Trim().Length > 0 || x.Type != ItemType.Score)
                {
                    problems.Add("item_parent_not_group", "只有不取数的计分项可以分组，且组内只能是计分项。", f + "parent");
                }
                else
                {
                    parentId = items[p].Id;
                }
            }
            items.Add(new SchemeItem
            {
                Id = Ids.New(), ParentId = parentId, Ordinal = i, Name = itemName, Type = x.Type, Source = source, Points = x.Points, Cap = x.Cap,
                Note = string.IsNullOrWhiteSpace(x.Note) ? null : x.Note.Trim(),
            });
        }
        return items;
    }

    /// <summary>The assessing organization: the one named, else the account's own; the county or a township; an account bound to one assesses in its name only.</summary>
    private async Task<Guid?> AssessingOrgAsync(Guid? asked, Problems problems, CancellationToken ct)
    {
        var id = asked ?? Current.OrgId;
        if (id is not { } orgId || orgId == Guid.Empty)
        {
            problems.Add("scheme_org_required", "请选择考核单位。", "orgId");
            return null;
        }
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Id, o.Name, o.Depth, o.Domain })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", orgId);
        if (Current.OrgId is { } own && own != org.Id)
        {
            problems.Add("scheme_org_not_own", "只能以本单位的名义制定考核方案。", "orgId");
            return null;
        }
        if (!(org.Depth == 0 || (org.Depth == 1 && org.Domain == OrgDomain.Comprehensive)))
        {
            problems.Add("scheme_org_level", $"{org.Name}不能制定考核方案：考核由县委或乡镇（街道）党委组织。", "orgId");
            return null;
        }
        return org.Id;
    }

    private void RequireConfigure()
    {
        if (!Current.Has(Permission.AssessmentConfigure))
        {
            throw new ForbiddenException("assessment_configure_forbidden", "您的角色不能编辑考核方案。");
        }
    }

    private void RequireScore()
    {
        if (!Current.Has(Permission.AssessmentScore))
        {
            throw new ForbiddenException("assessment_score_forbidden", "您的角色不能进行考核评分。");
        }
    }

    /// <summary>The organizations the account may assess in the name of (the county and townships it sees; its own when bound to one).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> AssessingOrgsAsync(CancellationToken ct = default)
    {
        var q = db.Set<Organization>().AsNoTracking().Where(o => o.Depth == 0 || (o.Depth == 1 && o.Domain == OrgDomain.Comprehensive));
        if (Current.OrgId is { } own)
        {
            q = q.Where(o => o.Id == own);
        }
        return (await q.OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    // ----- runs -----

    public async Task<IReadOnlyList<RunRow>> ListRunsAsync(Guid? schemeId = null, string? period = null, CancellationToken ct = default)
    {
        var q = db.Set<ScoringRun>().AsNoTracking();
        if (schemeId is { } s)
        {
            q = q.Where(r => r.SchemeId == s);
        }
        if (!string.IsNullOrWhiteSpace(period))
        {
            var p = Period.Parse(period).ToString();
            q = q.Where(r => r.Period == p);
        }
        var runs = await q.Join(db.Set<AssessmentScheme>(), r => r.SchemeId, s => s.Id, (r, s) => new { r, s.Name }).ToListAsync(ct);
        return runs.OrderByDescending(x => x.r.Period, StringComparer.Ordinal).ThenBy(x => x.Name, StringComparer.Ordinal).ThenByDescending(x => x.r.Version)
            .Select(x => RowOf(x.r, x.Name)).ToList();
    }

    private static RunRow RowOf(ScoringRun r, string schemeName) =>
        new(r.Id, r.SchemeId, schemeName, r.OrgId, r.Period, Period.Parse(r.Period).Label, r.Version, r.State, r.CorrectsRunId, r.Reason, r.ComputedAt,
            r.PublishedAt, r.PublishedBy);

    public async Task<RunView> GetRunAsync(Guid id, CancellationToken ct = default)
    {
        var run = await db.Set<ScoringRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("考核评分", id);
        var scheme = await GetSchemeAsync(run.SchemeId, ct);
        var results = await db.Set<RunResult>().AsNoTracking().Where(r => r.RunId == id).ToListAsync(ct);
        var entries = (await db.Set<RunEntry>().AsNoTracking().Where(e => e.RunId == id).ToListAsync(ct)).ToLookup(e => e.OrgId);
        var names = await OrgNamesAsync(results.Select(r => r.OrgId), ct);
        var leaves = scheme.Items.Where(i => !i.IsGroup).ToList();
        var schemeRow = await db.Set<AssessmentScheme>().AsNoTracking().SingleAsync(s => s.Id == run.SchemeId, ct);
        var ranked = results.OrderBy(r => r.Rank).ThenBy(r => names.GetValueOrDefault(r.OrgId), StringComparer.Ordinal).ToList();
        var bottom = ScoreRules.Bottom(ranked.Select(r => new Placed(StandingOf(r, ""), r.Rank, r.Tier, r.Amount)).ToList(), schemeRow.BottomCount)
            .Select(p => p.Standing.OrgId).ToHashSet();
        var views = ranked.Select(r =>
        {
            var mine = entries[r.OrgId].ToDictionary(e => e.ItemId);
            var list = leaves.Select(i => mine.TryGetValue(i.Id, out var e)
                ? new EntryView(i.Id, i.Name, i.Type, e.Manual, e.Value, e.Points, e.Data, e.Reason, i.Type == ItemType.Veto && e.Value is > 0)
                : new EntryView(i.Id, i.Name, i.Type, i.Source is null, null, 0, null, null, false)).ToList();
            return new ResultView(r.OrgId, names.GetValueOrDefault(r.OrgId, ""), r.Rank, r.Total, r.BasePoints, r.Bonus, r.Deduction, r.Vetoed, r.LateCount,
                r.LastSubmittedAt, r.Tier, r.Amount, bottom.Contains(r.OrgId), list);
        }).ToList();
        var proposals = run.State == RunState.Published && schemeRow.Kind == AssessedKind.Township
            ? await ProposalsAsync(views, ChinaTime.ToChina(run.PublishedAt!.Value), ct)
            : [];
        return new RunView(RowOf(run, scheme.Name), scheme, views, run.State == RunState.Draft && Current.Has(Permission.AssessmentScore), proposals);
    }

    /// <summary>
    /// 调整建议: the 组织委员 of the townships at the bottom <see cref="AdjustmentCount"/> places (ties at the edge all in),
    /// as the people data had them on the day the run was published — so the list stays what it was when published.
    /// </summary>
    private async Task<IReadOnlyList<AdjustmentProposal>> ProposalsAsync(IReadOnlyList<ResultView> ranked, DateTimeOffset publishedAt, CancellationToken ct)
    {
        var bottom = ScoreRules.Bottom(ranked.Select(r => new Placed(new Standing(r.OrgId, r.OrgName, r.BasePoints, r.Bonus, r.Deduction, r.Vetoed, r.LateCount,
            r.LastSubmittedAt), r.Rank, r.Tier, r.Amount)).ToList(), AdjustmentCount).Select(p => p.Standing.OrgId).ToList();
        if (bottom.Count == 0)
        {
            return [];
        }
        var day = DateOnly.FromDateTime(publishedAt.DateTime);
        var holders = await db.Set<Position>().AsNoTracking()
            .Where(p => bottom.Contains(p.OrgId) && p.Title == PositionTitle.OrganizationCommissioner && p.StartOn <= day && (p.EndOn == null || p.EndOn >= day))
            .Join(db.Set<Person>(), p => p.PersonId, x => x.Id, (p, x) => new { p.OrgId, p.PersonId, x.Name, p.StartOn })
            .ToListAsync(ct);
        var post = PeopleLabels.Title.Label(PositionTitle.OrganizationCommissioner);
        return ranked.Where(r => bottom.Contains(r.OrgId)).SelectMany(r =>
        {
            var held = holders.Where(h => h.OrgId == r.OrgId).OrderBy(h => h.StartOn).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();
            return held.Count == 0
                ? [new AdjustmentProposal(r.Rank, r.OrgId, r.OrgName, r.Total, null, null, post, null)]
                : held.Select(h => new AdjustmentProposal(r.Rank, r.OrgId, r.OrgName, r.Total, h.PersonId, h.Name, post, h.StartOn));
        }).ToList();
    }

    private static Standing StandingOf(RunResult r, string name) =>
        new(r.OrgId, name, r.BasePoints, r.Bonus, r.Deduction, r.Vetoed, r.LateCount, r.LastSubmittedAt);

    /// <summary>Starts scoring a scheme for a period: a draft run, computed now. One draft per scheme and period at a time.</summary>
    public async Task<RunView> StartRunAsync(RunInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireScore();
        var scheme = await db.Set<AssessmentScheme>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == input.SchemeId, ct)
            ?? throw new NotFoundException("考核方案", input.SchemeId);
        var problems = new Problems();
        var period = problems.Check(() => Period.Parse(input.Period));
        if (!problems.Any && period.Year != scheme.Year)
        {
            problems.Add("run_period_year", $"考核期间应在方案年度（{scheme.Year}年）内。", "period");
        }
        var key = period.ToString();
        if (!await db.Set<SchemeItem>().AnyAsync(i => i.SchemeId == scheme.Id, ct))
        {
            problems.Add("scheme_items_required", $"“{scheme.Name}”还没有考核指标：请先添加指标。", "schemeId");
        }
        if (!problems.Any && await db.Set<ScoringRun>().AnyAsync(r => r.SchemeId == scheme.Id && r.Period == key, ct))
        {
            problems.Add("run_exists", $"“{scheme.Name}”{period.Label}已有考核评分：请在原评分上继续，已发布的请更正。", "period");
        }
        problems.ThrowIfAny();
        var run = NewRun(scheme, key, 1, null, null);
        return await SaveComputedAsync(run, scheme, copyFrom: null, ct);
    }

    /// <summary>Computes a draft run again from the data as it is now; manual entries stay.</summary>
    public async Task<RunView> RecomputeAsync(Guid id, CancellationToken ct = default)
    {
        RequireScore();
        var run = await DraftAsync(id, ct);
        var scheme = await db.Set<AssessmentScheme>().AsNoTracking().SingleAsync(s => s.Id == run.SchemeId, ct);
        run.ComputedAt = clock.GetUtcNow();
        return await SaveComputedAsync(run, scheme, copyFrom: null, ct);
    }

    /// <summary>A correction of a published run: a new draft of the same scheme and period, with the reason; manual entries are carried over.</summary>
    public async Task<RunView> CorrectAsync(Guid id, CorrectionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireScore();
        var old = await db.Set<ScoringRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("考核评分", id);
        var problems = new Problems();
        var reason = problems.Check(() => Reasons.Require(input.Reason));
        if (old.State != RunState.Published)
        {
            problems.Add("run_not_published", "只能更正已发布的考核结果；预览中的评分可直接修改。", "reason");
        }
        else
        {
            var latest = await db.Set<ScoringRun>().AsNoTracking().Where(r => r.SchemeId == old.SchemeId && r.Period == old.Period)
                .OrderByDescending(r => r.Version).FirstAsync(ct);
            if (latest.Id != old.Id)
            {
                problems.Add("run_not_latest", latest.State == RunState.Draft
                    ? $"已有一份更正（第 {latest.Version} 版）在预览中：请在其上继续。"
                    : $"该结果已被第 {latest.Version} 版更正：请更正最新的一版。", "reason");
            }
        }
        problems.ThrowIfAny();
        var scheme = await db.Set<AssessmentScheme>().AsNoTracking().SingleAsync(s => s.Id == old.SchemeId, ct);
        var run = NewRun(scheme, old.Period, old.Version + 1, old.Id, reason);
        return await SaveComputedAsync(run, scheme, copyFrom: old.Id, ct);
    }

    private ScoringRun NewRun(AssessmentScheme scheme, string period, int version, Guid? corrects, string? reason)
    {
        var now = clock.GetUtcNow();
        return new ScoringRun
        {
            Id = Ids.New(), SchemeId = scheme.Id, OrgId = scheme.OrgId, Period = period, Version = version, State = RunState.Draft,
            CorrectsRunId = corrects, Reason = reason, ComputedAt = now, CreatedAt = now, CreatedBy = Current.UserName, UpdatedAt = now,
            UpdatedBy = Current.UserName,
        };
    }

    /// <summary>Measures every computed item for every assessed organization, keeps (or copies) the manual entries, totals and ranks, saves.</summary>
    private async Task<RunView> SaveComputedAsync(ScoringRun run, AssessmentScheme scheme, Guid? copyFrom, CancellationToken ct)
    {
        var items = await db.Set<SchemeItem>().AsNoTracking().Where(i => i.SchemeId == scheme.Id).ToListAsync(ct);
        var leaves = items.Where(i => IsLeaf(items, i)).ToList();
        var targets = await TargetsAsync(scheme, ct);
        var period = Period.Parse(run.Period);
        var context = new AssessmentContext(period, Today, targets);
        var measured = new Dictionary<string, IReadOnlyDictionary<Guid, SourceValue>>(StringComparer.Ordinal);
        foreach (var key in leaves.Where(i => i.Source is not null).Select(i => i.Source!).Distinct())
        {
            measured[key] = await sourceByKey[key].MeasureAsync(context, ct);
        }
        var now = clock.GetUtcNow();
        var existing = await db.Set<RunEntry>().Where(e => e.RunId == (copyFrom ?? run.Id)).ToListAsync(ct);
        var manual = existing.Where(e => e.Manual).ToDictionary(e => (e.OrgId, e.ItemId));
        if (copyFrom is null)
        {
            db.RemoveRange(existing.Where(e => !e.Manual));
        }
        var entries = new List<RunEntry>();
        foreach (var org in targets)
        {
            foreach (var item in leaves)
            {
                if (item.Source is { } key)
                {
                    var value = measured[key].GetValueOrDefault(org.Id) ?? new SourceValue(0, "无数据");
                    var entry = new RunEntry
                    {
                        Id = Ids.New(), RunId = run.Id, OrgId = org.Id, ItemId = item.Id, Value = value.Value, Points = ScoreRules.Computed(item, value.Value),
                        Data = value.Data.Length > RunEntry.DataMax ? value.Data[..RunEntry.DataMax] : value.Data, Manual = false, UpdatedAt = now,
                        UpdatedBy = Current.UserName,
                    };
                    db.Add(entry);
                    entries.Add(entry);
                }
                else if (manual.TryGetValue((org.Id, item.Id), out var kept))
                {
                    if (copyFrom is not null)
                    {
                        kept = new RunEntry
                        {
                            Id = Ids.New(), RunId = run.Id, OrgId = org.Id, ItemId = item.Id, Value = kept.Value, Points = kept.Points, Data = kept.Data,
                            Manual = true, Reason = kept.Reason, UpdatedAt = kept.UpdatedAt, UpdatedBy = kept.UpdatedBy,
                        };
                        db.Add(kept);
                    }
                    entries.Add(kept);
                }
            }
        }
        if (db.Entry(run).State == EntityState.Detached)
        {
            db.Add(run);
        }
        run.UpdatedAt = now;
        run.UpdatedBy = Current.UserName;
        await RankAsync(run, scheme, items, targets, entries, ct);
        await db.SaveChangesAsync(ct);
        return await GetRunAsync(run.Id, ct);
    }

    /// <summary>Totals, tie-rule keys, ranks and tiers of every organization of a run, written over its results.</summary>
    private async Task RankAsync(ScoringRun run, AssessmentScheme scheme, IReadOnlyList<SchemeItem> items, IReadOnlyList<AssessedOrg> targets,
        IReadOnlyList<RunEntry> entries, CancellationToken ct)
    {
        var period = Period.Parse(run.Period);
        var (from, to) = (period.Start, period.LastDay < Today ? period.LastDay : Today);
        var today = Today;
        var owed = await db.Set<Obligation>().AsNoTracking()
            .Where(o => o.State != ObligationState.Cancelled && o.DueOn >= from && o.DueOn <= to)
            .Join(db.Set<Organization>(), o => o.OrgId, g => g.Id, (o, g) => new
            {
                g.Path,
                Late = o.SubmittedLate || (o.State == ObligationState.Open && o.DueOn < today),
                o.SubmittedAt,
            })
            .ToListAsync(ct);
        var context = new AssessmentContext(period, today, targets);
        var keys = targets.ToDictionary(t => t.Id, _ => (Late: 0, Last: (DateTimeOffset?)null));
        foreach (var o in owed)
        {
            if (context.OwnerOf(o.Path) is { } owner)
            {
                var (late, last) = keys[owner.Id];
                keys[owner.Id] = (late + (o.Late ? 1 : 0), o.SubmittedAt is { } at && (last is null || at > last) ? at : last);
            }
        }
        var byOrg = entries.ToLookup(e => e.OrgId);
        var standings = targets.Select(t =>
        {
            var (b, bonus, deduction, vetoed) = ScoreRules.Totals(scheme, items, byOrg[t.Id].Select(e => (e.ItemId, e.Value, e.Points)));
            return new Standing(t.Id, t.Name, b, bonus, deduction, vetoed, keys[t.Id].Late, keys[t.Id].Last);
        });
        var placed = ScoreRules.Rank(standings, scheme.Tiers);
        db.RemoveRange(await db.Set<RunResult>().Where(r => r.RunId == run.Id).ToListAsync(ct));
        foreach (var p in placed)
        {
            var s = p.Standing;
            db.Add(new RunResult
            {
                Id = Ids.New(), RunId = run.Id, OrgId = s.OrgId, BasePoints = s.BasePoints, Bonus = s.Bonus, Deduction = s.Deduction, Total = s.Total,
                Vetoed = s.Vetoed, LateCount = s.LateCount, LastSubmittedAt = s.LastSubmittedAt, Rank = p.Rank, Tier = p.Tier, Amount = p.Amount,
            });
        }
    }

    /// <summary>The organizations a scheme assesses, under its organization, in tree order.</summary>
    private async Task<IReadOnlyList<AssessedOrg>> TargetsAsync(AssessmentScheme scheme, CancellationToken ct)
    {
        var root = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == scheme.OrgId).Select(o => o.Path).SingleAsync(ct);
        var subtree = db.Set<Organization>().AsNoTracking().InSubtree(db, root).Where(o => o.Id != scheme.OrgId);
        switch (scheme.Kind)
        {
            case AssessedKind.Township:
                subtree = subtree.Townships();
                break;
            case AssessedKind.Village:
                subtree = subtree.Villages();
                break;
            default:
                var agencies = db.Set<Organization>().Where(o => o.Domain == OrgDomain.Agency);
                subtree = subtree.Where(o => o.Domain == OrgDomain.Agency && !agencies.Any(p => p.Id == o.ParentId));
                break;
        }
        return await subtree.OrderBy(o => o.Path).Select(o => new AssessedOrg(o.Id, o.Name, o.Path)).ToListAsync(ct);
    }

    private async Task<ScoringRun> DraftAsync(Guid id, CancellationToken ct)
    {
        var run = await db.Set<ScoringRun>().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("考核评分", id);
        if (run.State != RunState.Draft)
        {
            throw new DomainException("run_published", "该考核结果已发布，不能再修改：如有错误请发起更正（新的一版，须说明原因）。");
        }
        return run;
    }

    /// <summary>A scorer enters (or changes) one manual item for one organization of a draft run, with the reason; the ranking follows.</summary>
    public async Task<RunView> ScoreAsync(Guid id, ManualScoreInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireScore();
        var run = await DraftAsync(id, ct);
        var scheme = await db.Set<AssessmentScheme>().AsNoTracking().SingleAsync(s => s.Id == run.SchemeId, ct);
        var items = await db.Set<SchemeItem>().AsNoTracking().Where(i => i.SchemeId == scheme.Id).ToListAsync(ct);
        var item = items.SingleOrDefault(i => i.Id == input.ItemId) ?? throw new NotFoundException("考核指标", input.ItemId);
        var results = await db.Set<RunResult>().AsNoTracking().Where(r => r.RunId == id).Select(r => r.OrgId).ToListAsync(ct);
        if (!results.Contains(input.OrgId))
        {
            throw new NotFoundException("被考核单位", input.OrgId);
        }
        var problems = new Problems();
        if (item.Source is not null || !IsLeaf(items, item))
        {
            problems.Add("item_not_manual", $"“{item.Name}”由系统计算，不能人工评分。", "itemId");
        }
        var max = item.Type == ItemType.Veto ? 1 : item.Type == ItemType.Score ? item.Points : item.Cap ?? item.Points;
        if (input.Value < 0 || input.Value > max)
        {
            problems.Add("score_out_of_range", item.Type == ItemType.Veto ? "否决项填 1（否决）或 0（不否决）。" : $"“{item.Name}”的得分应在 0—{max:0.##} 之间。", "value");
        }
        if (item.Type == ItemType.Veto && input.Value is not (0 or 1))
        {
            problems.Add("score_veto_value", "否决项填 1（否决）或 0（不否决）。", "value");
        }
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            problems.Add("score_reason_required", "请填写评分理由。", "reason");
        }
        else if (reason.Length > RunEntry.ReasonMax)
        {
            problems.Add("score_reason_too_long", $"评分理由不能超过 {RunEntry.ReasonMax} 个字。", "reason");
        }
        problems.ThrowIfAny();
        var now = clock.GetUtcNow();
        var entries = await db.Set<RunEntry>().Where(e => e.RunId == id).ToListAsync(ct);
        var entry = entries.SingleOrDefault(e => e.OrgId == input.OrgId && e.ItemId == item.Id);
        if (entry is null)
        {
            entry = new RunEntry { Id = Ids.New(), RunId = id, OrgId = input.OrgId, ItemId = item.Id, Manual = true };
            db.Add(entry);
            entries.Add(entry);
        }
        entry.Value = ScoreRules.Round(input.Value);
        entry.Points = item.Type == ItemType.Veto ? 0 : ScoreRules.Round(input.Value);
        entry.Reason = reason;
        entry.UpdatedAt = now;
        entry.UpdatedBy = Current.UserName;
        run.UpdatedAt = now;
        run.UpdatedBy = Current.UserName;
        await RankAsync(run, scheme, items, await TargetsOfRunAsync(id, ct), entries, ct);
        await db.SaveChangesAsync(ct);
        return await GetRunAsync(id, ct);
    }

    private async Task<IReadOnlyList<AssessedOrg>> TargetsOfRunAsync(Guid runId, CancellationToken ct) =>
        await db.Set<RunResult>().AsNoTracking().Where(r => r.RunId == runId)
            .Join(db.Set<Organization>(), r => r.OrgId, o => o.Id, (r, o) => new AssessedOrg(o.Id, o.Name, o.Path)).ToListAsync(ct);

    /// <summary>
    /// Publishes a draft run: from now on it does not change, and its scheme is frozen. Every manual item must be entered.
    /// The bottom places owe their rectification (through the obligation engine); when it corrects a run, those no longer
    /// at the bottom have theirs cancelled and those still there keep them.
    /// </summary>
    public async Task<RunView> PublishAsync(Guid id, CancellationToken ct = default)
    {
        RequireScore();
        var view = await GetRunAsync(id, ct);
        if (view.Run.State != RunState.Draft)
        {
            throw new DomainException("run_published", "该考核结果已发布，不能再修改：如有错误请发起更正（新的一版，须说明原因）。");
        }
        if (view.Missing > 0)
        {
            var first = view.Results.First(r => r.Missing > 0);
            throw new DomainException("run_manual_missing",
                $"还有 {view.Missing} 项人工评分未录入（如{first.OrgName}的“{first.Entries.First(e => e.Manual && e.Value is null && e.Type == ItemType.Score).ItemName}”），不能发布。");
        }
        var now = clock.GetUtcNow();
        var today = Today;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var run = await DraftAsync(id, ct);
                run.State = RunState.Published;
                run.PublishedAt = now;
                run.PublishedBy = Current.UserName;
                run.UpdatedAt = now;
                run.UpdatedBy = Current.UserName;
                var scheme = await db.Set<AssessmentScheme>().SingleAsync(s => s.Id == run.SchemeId, ct);
                if (scheme.FrozenAt is null)
                {
                    scheme.FrozenAt = now;
                    scheme.UpdatedAt = now;
                    scheme.UpdatedBy = Current.UserName;
                }
                await db.SaveChangesAsync(ct);
                var bottom = view.Results.Where(r => r.Bottom).ToList();
                var kept = new HashSet<Guid>();
                if (run.CorrectsRunId is { } old)
                {
                    var before = await db.Set<Obligation>().AsNoTracking().Where(o => o.SourceType == nameof(ScoringRun) && o.SourceId == old)
                        .Select(o => o.OrgId).Distinct().ToListAsync(ct);
                    foreach (var orgId in before)
                    {
                        if (bottom.Any(b => b.OrgId == orgId))
                        {
                            kept.Add(orgId);
                            continue;
                        }
                        foreach (var (kind, _) in BottomObligations)
                        {
                            await obligations.CancelForSourceAsync(kind, old, $"考核结果更正（第 {run.Version} 版）后不再排名末位", run.Period, orgId, ct);
                        }
                    }
                }
                var label = Period.Parse(run.Period).Label;
                var drafts = bottom.Where(b => !kept.Contains(b.OrgId)).SelectMany(b => BottomObligations.Select(o =>
                    new ObligationDraft(o.Kind, Title($"{label}{scheme.Name}排名末位：{o.Title}"), b.OrgId, today.AddDays(BottomDays),
                        nameof(ScoringRun), run.Id, run.Period, IssuerOrgId: scheme.OrgId, Link: $"/assessment/runs/{run.Id}", HandledAtSource: false)))
                    .ToList();
                await obligations.OpenAllAsync(drafts, ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return await GetRunAsync(id, ct);
    }

    /// <summary>Discards a draft run (with the reason): nothing of it was published.</summary>
    public async Task DiscardAsync(Guid id, string? reason, CancellationToken ct = default)
    {
        RequireScore();
        var run = await DraftAsync(id, ct);
        db.Because(reason);
        db.RemoveRange(await db.Set<RunEntry>().Where(e => e.RunId == id).ToListAsync(ct));
        db.RemoveRange(await db.Set<RunResult>().Where(e => e.RunId == id).ToListAsync(ct));
        db.Remove(run);
        await db.SaveChangesAsync(ct);
    }

    private static string Title(string text) => text.Length > Obligation.TitleMax ? text[..Obligation.TitleMax] : text;

    // ----- rankings and awards -----

    /// <summary>The ranking of a scheme's period: its latest published run (null when none is published).</summary>
    public async Task<Ranking?> RankingAsync(Guid schemeId, string period, CancellationToken ct = default)
    {
        var key = Period.Parse(period).ToString();
        var run = await db.Set<ScoringRun>().AsNoTracking().Where(r => r.SchemeId == schemeId && r.Period == key && r.State == RunState.Published)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            _ = await db.Set<AssessmentScheme>().AsNoTracking().AnyAsync(s => s.Id == schemeId, ct) ? 0 : throw new NotFoundException("考核方案", schemeId);
            return null;
        }
        var view = await GetRunAsync(run.Id, ct);
        return new Ranking(run.Id, run.SchemeId, view.Scheme.Name, run.Period, view.Run.PeriodLabel, run.Version, run.PublishedAt!.Value, TieRule,
            view.Results.Select(r => new RankingRow(r.Rank, r.OrgId, r.OrgName, r.Total, r.Vetoed, r.LateCount, r.LastSubmittedAt, r.Tier, r.Amount, r.Bottom))
                .ToList());
    }

    /// <summary>The award list of a published run (奖励名单).</summary>
    public async Task<AwardList> AwardsAsync(Guid runId, CancellationToken ct = default)
    {
        var view = await GetRunAsync(runId, ct);
        if (view.Run.State != RunState.Published)
        {
            throw new DomainException("run_not_published", "考核结果发布后才有奖励名单。");
        }
        return new AwardList(runId, view.Scheme.Name, view.Run.PeriodLabel, view.Scheme.OrgName, view.Run.PublishedAt!.Value,
            view.Results.Where(r => r.Tier is not null).Select(r => new AwardRow(r.Rank, r.OrgName, r.Total, r.Tier!, r.Amount ?? 0)).ToList());
    }

    private async Task<Dictionary<Guid, string>> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id))
            .Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }
}
