using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Responsibilities;

/// <summary>
/// 责任清单: making lists, issuing them to organizations below the issuer, marking items done with evidence, confirming
/// or returning completions, and reading completion across receivers (counted in the database). The rules of single
/// rows are on <see cref="ResponsibilityList"/>, <see cref="ResponsibilityItem"/> and <see cref="ItemCompletion"/>.
/// </summary>
public sealed class ResponsibilityListService(ZerenDbContext db, TimeProvider clock, ActorAccessor actor, UploadStore uploads,
    ObligationService obligations)
{
    /// <summary>The obligation kind of an item at a receiver (义务): owed by the receiver by the item's deadline.</summary>
    public const string ObligationKind = "responsibility.item";

    /// <summary>Organizations whose holders of a role are read in one query.</summary>
    private const int Chunk = 500;

    private DateOnly Today => ChinaTime.Today(clock);

    private string Who => actor.Current.UserName;

    private static readonly string[] ListFilter = [ResponsibilityList.ScopeFilter];

    /// <summary>
    /// The lists the reader sees: those whose issuer is in scope, and those issued to an organization in scope (a
    /// township reading the county's list). The list's own filter is lifted alone; the others hold.
    /// </summary>
    private IQueryable<ResponsibilityList> Visible() =>
        db.Set<ResponsibilityList>().IgnoreQueryFilters(ListFilter).AsNoTracking()
            .Where(l => db.Set<Organization>().Any(o => o.Id == l.IssuerOrgId) || db.Set<ListReceiver>().Any(r => r.ListId == l.Id));

    /// <summary>A list's items, read by its issuer and its receivers alike (the list was checked visible first).</summary>
    private IQueryable<ResponsibilityItem> ItemsOf(Guid listId) =>
        db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter).Where(i => i.ListId == listId);

    public async Task<Paged<ListSummary>> ListAsync(ListFilter filter, PageRequest page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = Visible();
        if (filter.Side == ListSide.Issued)
        {
            q = q.Where(l => db.Set<Organization>().Any(o => o.Id == l.IssuerOrgId));
        }
        else if (filter.Side == ListSide.Received)
        {
            q = q.Where(l => db.Set<ListReceiver>().Any(r => r.ListId == l.Id));
        }
        if (filter.Kind is { } kind)
        {
            q = q.Where(l => l.Kind == kind);
        }
        if (ListRules.Clean(filter.Q) is { } text)
        {
            q = q.Where(l => l.Title.Contains(text));
        }
        var none = ListProgress.None;
        // Ids are time-ordered: the newest list first.
        var paged = await q.OrderByDescending(l => l.Id)
            .Select(l => new ListSummary(l.Id, l.IssuerOrgId, "", l.Kind, l.Title,
                db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter).Count(i => i.ListId == l.Id), l.IssuedAt, none))
            .ToPagedAsync(page, ct);
        return paged with { Items = await CompleteAsync(paged.Items, ct) };
    }

    /// <summary>Issuers' names (an issuer may lie above the reader's scope) and each list's progress over the receivers in scope.</summary>
    private async Task<IReadOnlyList<ListSummary>> CompleteAsync(IReadOnlyList<ListSummary> lists, CancellationToken ct)
    {
        var ids = lists.Select(l => l.Id).ToList();
        var issuers = lists.Select(l => l.IssuerOrgId).Distinct().ToList();
        var names = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => issuers.Contains(o.Id))
            .Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var progress = await ProgressAsync(ids, ct);
        return lists.Select(l => l with { IssuerName = names.GetValueOrDefault(l.IssuerOrgId, ""), Progress = progress.GetValueOrDefault(l.Id, ListProgress.None) })
            .ToList();
    }

    /// <summary>Each list's progress over the receivers in the reader's scope, counted in the database.</summary>
    private async Task<Dictionary<Guid, ListProgress>> ProgressAsync(IReadOnlyCollection<Guid> listIds, CancellationToken ct)
    {
        var today = Today;
        var counts = await db.Set<ItemCompletion>().IgnoreQueryFilters(ListFilter).Where(c => listIds.Contains(c.ListId))
            .Join(db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter), c => c.ItemId, i => i.Id,
                (c, i) => new { c.ListId, c.State, Past = i.DueOn < today })
            .GroupBy(x => new { x.ListId, x.State, x.Past })
            .Select(g => new { g.Key.ListId, g.Key.State, g.Key.Past, Count = g.Count() })
            .ToListAsync(ct);
        var receivers = await db.Set<ListReceiver>().Where(r => listIds.Contains(r.ListId)).GroupBy(r => r.ListId)
            .Select(g => new { ListId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.ListId, x => x.Count, ct);
        return listIds.ToDictionary(id => id, id =>
        {
            var of = counts.Where(c => c.ListId == id).ToList();
            int Sum(Func<CompletionState, bool> state, bool? past = null) =>
                of.Where(c => state(c.State) && (past is null || c.Past == past)).Sum(c => c.Count);
            return new ListProgress(
                receivers.GetValueOrDefault(id),
                Sum(s => s != CompletionState.Revoked),
                Sum(s => s == CompletionState.Done),
                Sum(s => s == CompletionState.Confirmed),
                Sum(s => s is CompletionState.Open or CompletionState.Returned),
                Sum(s => s is CompletionState.Open or CompletionState.Returned, past: true),
                Sum(s => s == CompletionState.Returned));
        });
    }

    private async Task<ResponsibilityList> VisibleListAsync(Guid id, CancellationToken ct) =>
        await Visible().SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("责任清单", id);

    /// <summary>The reader may manage the list: its role issues lists and the issuer is in its scope.</summary>
    private async Task<bool> ManagesAsync(Guid issuerOrgId, CancellationToken ct) =>
        actor.Current.Has(Permission.ListsIssue) && await db.Set<Organization>().AnyAsync(o => o.Id == issuerOrgId, ct);

    /// <summary>A list that the reader manages, tracked; a list it only receives is refused, one it cannot see is not found.</summary>
    private async Task<ResponsibilityList> ManagedListAsync(Guid id, CancellationToken ct)
    {
        var list = await db.Set<ResponsibilityList>().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (list is null)
        {
            await VisibleListAsync(id, ct);
            throw new ForbiddenException("list_not_issuer", "只有下发单位可以修改、下发清单或确认、退回完成情况。");
        }
        return list;
    }

    public async Task<ListDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var list = await VisibleListAsync(id, ct);
        var summary = (await CompleteAsync([new ListSummary(list.Id, list.IssuerOrgId, "", list.Kind, list.Title, 0, list.IssuedAt, ListProgress.None)], ct))[0];
        var items = await ItemViewsAsync(id, ct);
        return new ListDetail(summary with { Items = items.Count }, list.Note, list.CreatedAt, list.CreatedBy, list.IssuedBy, items,
            await ManagesAsync(list.IssuerOrgId, ct));
    }

    /// <summary>A list's items in order, each with its progress over the receivers in scope (counted in the database).</summary>
    private async Task<IReadOnlyList<ItemView>> ItemViewsAsync(Guid listId, CancellationToken ct)
    {
        var today = Today;
        var items = await ItemsOf(listId).AsNoTracking().OrderBy(i => i.Number).ToListAsync(ct);
        var counts = await db.Set<ItemCompletion>().Where(c => c.ListId == listId).GroupBy(c => new { c.ItemId, c.State })
            .Select(g => new { g.Key.ItemId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var names = await PersonNamesAsync(items.Where(i => i.PersonId is not null).Select(i => i.PersonId!.Value), ct);
        return items.Select(i =>
        {
            var of = counts.Where(c => c.ItemId == i.Id).ToList();
            int Sum(params CompletionState[] states) => of.Where(c => states.Contains(c.State)).Sum(c => c.Count);
            var open = Sum(CompletionState.Open, CompletionState.Returned);
            return ToView(i, names, new ItemProgress(of.Where(c => c.State != CompletionState.Revoked).Sum(c => c.Count), Sum(CompletionState.Done), Sum(CompletionState.Confirmed), open,
                i.IsOverdueOn(today) ? open : 0));
        }).ToList();
    }

    private static ItemView ToView(ResponsibilityItem i, IReadOnlyDictionary<Guid, string> names, ItemProgress progress) =>
        new(i.Id, i.Number, i.Content, i.Standard, i.DueOn, i.Role, i.PersonId, i.PersonId is { } p ? names.GetValueOrDefault(p) : null, progress,
            i.RevokedAt, i.RevokedBy, i.RevokeReason);

    /// <summary>Names of people answering for items: they may belong outside the reader's scope (a receiver's secretary read by the county is not).</summary>
    private async Task<Dictionary<Guid, string>> PersonNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return list.Count == 0
            ? []
            : await db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]).AsNoTracking().Where(p => list.Contains(p.Id))
                .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }

    /// <summary>新建清单: a draft of the issuer, with its first items (every fault of the list and of its items at once).</summary>
    public async Task<ListDetail> CreateAsync(ListInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new Problems();
        if (!await db.Set<Organization>().AnyAsync(o => o.Id == input.IssuerOrgId, ct))
        {
            problems.Add("list_issuer", "下发单位不存在或不在您的管理范围内。", "issuerOrgId");
        }
        var now = clock.GetUtcNow();
        var list = problems.Check(() => ResponsibilityList.Create(input.IssuerOrgId, input.Kind, input.Title, input.Note, now, Who));
        var items = input.Items ?? [];
        if (items.Count > ListRules.MaxItems)
        {
            problems.Add("list_items_too_many", $"一份清单最多 {ListRules.MaxItems} 项。", "items");
        }
        var today = Today;
        for (var i = 0; i < items.Count && i < ListRules.MaxItems; i++)
        {
            problems.AddRange(ListRules.CheckItem(items[i], today).Errors.Select(e => e with { Field = $"items[{i}].{e.Field}" }));
        }
        await CheckNamedPeopleAsync(problems, items, ct);
        problems.ThrowIfAny();
        db.Add(list!);
        for (var i = 0; i < items.Count; i++)
        {
            db.Add(ResponsibilityItem.Create(list!, i + 1, items[i], today, now, Who));
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(list!.Id, ct);
    }

    /// <summary>A named person must be one the reader sees.</summary>
    private async Task CheckNamedPeopleAsync(Problems problems, IReadOnlyList<ItemInput> items, CancellationToken ct)
    {
        var named = items.Where(i => i.PersonId is not null && i.Role is null).Select(i => i.PersonId!.Value).Distinct().ToList();
        if (named.Count == 0)
        {
            return;
        }
        var known = await db.Set<Person>().Where(p => named.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].PersonId is { } p && items[i].Role is null && !known.Contains(p))
            {
                problems.Add("item_person", "指定的责任人不存在或不在您的管理范围内。", items.Count == 1 ? "personId" : $"items[{i}].personId");
            }
        }
    }

    /// <summary>追加事项: a new item of the list; on an issued list it reaches every receiver at once.</summary>
    public async Task<ListDetail> AddItemAsync(Guid listId, ItemInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var list = await ManagedListAsync(listId, ct);
        var problems = ListRules.CheckItem(input, Today);
        await CheckNamedPeopleAsync(problems, [input], ct);
        var count = await db.Set<ResponsibilityItem>().CountAsync(i => i.ListId == listId, ct);
        if (count >= ListRules.MaxItems)
        {
            problems.Add("list_items_too_many", $"一份清单最多 {ListRules.MaxItems} 项。", "content");
        }
        problems.ThrowIfAny();
        var now = clock.GetUtcNow();
        var number = count == 0 ? 1 : await db.Set<ResponsibilityItem>().Where(i => i.ListId == listId).MaxAsync(i => i.Number, ct) + 1;
        var item = ResponsibilityItem.Create(list, number, input, Today, now, Who);
        db.Add(item);
        if (list.IsIssued)
        {
            var receivers = await db.Set<ListReceiver>().Where(r => r.ListId == listId)
                .Join(db.Set<Organization>(), r => r.OrgId, o => o.Id, (r, o) => new Receiving(o.Id, o.Kind)).ToListAsync(ct);
            var added = await AssignAsync([item], receivers, now, ct);
            await OpenObligationsAsync(list, [item], added, ct);
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(listId, ct);
    }

    private sealed record Receiving(Guid OrgId, OrgKind Kind);

    /// <summary>
    /// Adds an item × receiver record for each pair, naming the person who answers for the item there today: the holder
    /// of the item's role at the receiver (the earliest appointed when several hold it), or the named person.
    /// </summary>
    private async Task<List<ItemCompletion>> AssignAsync(List<ResponsibilityItem> items, IReadOnlyList<Receiving> receivers, DateTimeOffset now,
        CancellationToken ct)
    {
        var byOrg = await HoldersAsync(items, receivers, ct);
        var added = new List<ItemCompletion>(items.Count * receivers.Count);
        foreach (var r in receivers)
        {
            foreach (var item in items)
            {
                added.Add(ItemCompletion.Assign(item, r.OrgId, PersonFor(item, r, byOrg), now));
            }
        }
        db.AddRange(added);
        return added;
    }

    /// <summary>Today's holders of the posts the items' roles name, at each receiver (read in chunks of organizations).</summary>
    private async Task<Dictionary<Guid, List<(Guid OrgId, PositionTitle Title, Guid PersonId, DateOnly StartOn)>>> HoldersAsync(
        IReadOnlyList<ResponsibilityItem> items, IReadOnlyList<Receiving> receivers, CancellationToken ct)
    {
        var today = Today;
        var roles = items.Where(i => i.Role is not null).Select(i => i.Role!.Value).Distinct().ToList();
        var titles = roles.SelectMany(r => Enum.GetValues<OrgKind>().SelectMany(k => ListRules.TitlesFor(r, k))).Distinct().ToList();
        var holders = new List<(Guid OrgId, PositionTitle Title, Guid PersonId, DateOnly StartOn)>();
        if (titles.Count > 0)
        {
            foreach (var chunk in receivers.Select(r => r.OrgId).Chunk(Chunk))
            {
                var found = await db.Set<Position>().AsNoTracking()
                    .Where(p => chunk.Contains(p.OrgId) && titles.Contains(p.Title) && p.StartOn <= today && (p.EndOn == null || p.EndOn >= today))
                    .Select(p => new { p.OrgId, p.Title, p.PersonId, p.StartOn }).ToListAsync(ct);
                holders.AddRange(found.Select(f => (f.OrgId, f.Title, f.PersonId, f.StartOn)));
            }
        }
        return holders.GroupBy(h => h.OrgId).ToDictionary(g => g.Key, g => g.OrderBy(h => h.StartOn).ThenBy(h => h.PersonId).ToList());
    }

    /// <summary>Who answers for an item at a receiver: the named person, or the holder of the item's role there.</summary>
    private static Guid? PersonFor(ResponsibilityItem item, Receiving r,
        Dictionary<Guid, List<(Guid OrgId, PositionTitle Title, Guid PersonId, DateOnly StartOn)>> byOrg)
    {
        if (item.Role is not { } role)
        {
            return item.PersonId;
        }
        // The posts in the order of their titles: a committee's 书记 before its 副书记.
        var posts = ListRules.TitlesFor(role, r.Kind);
        var held = byOrg.GetValueOrDefault(r.OrgId) ?? [];
        return held.Where(h => posts.Contains(h.Title)).OrderBy(h => h.Title).Select(h => (Guid?)h.PersonId).FirstOrDefault();
    }

    /// <summary>
    /// 下发: to the organizations below the issuer that the rules select and to those named; an organization already
    /// receiving the list is left as it is. Every item reaches every new receiver, naming who answers for it there.
    /// </summary>
    public async Task<IssueResult> IssueAsync(Guid listId, IssueInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var list = await ManagedListAsync(listId, ct);
        var issuer = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == list.IssuerOrgId).Select(o => new { o.Path, o.Depth }).SingleAsync(ct);
        var problems = new Problems();
        var targets = input.Targets ?? [];
        var named = (input.OrgIds ?? []).Distinct().ToList();
        if (targets.Count == 0 && named.Count == 0)
        {
            problems.Add("issue_receivers_required", "请选择接收单位：按组织类别和层级，或逐个指定。", "targets");
        }
        if (targets.Count > ListRules.MaxTargets)
        {
            problems.Add("issue_targets_too_many", $"一次最多 {ListRules.MaxTargets} 条接收单位规则。", "targets");
        }
        if (named.Count > ListRules.MaxNamedReceivers)
        {
            problems.Add("issue_orgs_too_many", $"一次最多逐个指定 {ListRules.MaxNamedReceivers} 个接收单位。", "orgIds");
        }
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            if (t.Kind is null && t.Level is null && t.Domain is null)
            {
                problems.Add("issue_target_empty", "接收单位规则至少要指定组织类别、层级或领域之一。", $"targets[{i}]");
            }
            if (t.Kind is { } k && !Enum.IsDefined(k))
            {
                problems.Add("issue_target_kind", "组织类别无效。", $"targets[{i}].kind");
            }
            if (t.Domain is { } d && !Enum.IsDefined(d))
            {
                problems.Add("issue_target_domain", "组织领域无效。", $"targets[{i}].domain");
            }
            if (t.Level is < 1 or > 6)
            {
                problems.Add("issue_target_level", "层级为下发单位以下第几级，取 1 至 6。", $"targets[{i}].level");
            }
        }
        var items = await db.Set<ResponsibilityItem>().Where(i => i.ListId == listId).OrderBy(i => i.Number).ToListAsync(ct);
        if (items.Count == 0)
        {
            problems.Add("issue_no_items", "清单还没有事项，请先添加事项再下发。", "items");
        }
        problems.ThrowIfAny();

        var below = db.Set<Organization>().AsNoTracking().InSubtree(db, issuer.Path).Where(o => o.Depth > issuer.Depth);
        var chosen = new Dictionary<Guid, Receiving>();
        foreach (var t in targets)
        {
            var q = below;
            if (t.Kind is { } kind)
            {
                q = q.Where(o => o.Kind == kind);
            }
            if (t.Level is { } level)
            {
                var depth = issuer.Depth + level;
                q = q.Where(o => o.Depth == depth);
            }
            if (t.Domain is { } domain)
            {
                q = q.Where(o => o.Domain == domain);
            }
            foreach (var o in await q.Select(o => new Receiving(o.Id, o.Kind)).ToListAsync(ct))
            {
                chosen[o.OrgId] = o;
            }
        }
        if (named.Count > 0)
        {
            var found = await below.Where(o => named.Contains(o.Id)).Select(o => new Receiving(o.Id, o.Kind)).ToListAsync(ct);
            if (found.Count < named.Count)
            {
                throw new DomainException("issue_org_outside", "逐个指定的接收单位须是下发单位的下级组织。", "orgIds");
            }
            foreach (var o in found)
            {
                chosen[o.OrgId] = o;
            }
        }
        if (chosen.Count == 0)
        {
            throw new DomainException("issue_none_selected", "没有符合条件的下级组织，请调整接收单位规则。", "targets");
        }
        var existing = (await db.Set<ListReceiver>().Where(r => r.ListId == listId).Select(r => r.OrgId).ToListAsync(ct)).ToHashSet();
        var fresh = chosen.Values.Where(r => !existing.Contains(r.OrgId)).ToList();
        var now = clock.GetUtcNow();
        db.AddRange(fresh.Select(r => ListReceiver.Of(listId, r.OrgId, now)));
        var added = await AssignAsync(items, fresh, now, ct);
        list.MarkIssued(now, Who);
        await OpenObligationsAsync(list, items, added, ct);
        await db.SaveChangesAsync(ct);
        return new IssueResult(fresh.Count, existing.Count + fresh.Count);
    }

    /// <summary>An item of a list the reader manages, tracked (not found when it is not this list's).</summary>
    private async Task<(ResponsibilityList List, ResponsibilityItem Item)> ManagedItemAsync(Guid listId, Guid itemId, CancellationToken ct)
    {
        var list = await ManagedListAsync(listId, ct);
        var item = await db.Set<ResponsibilityItem>().SingleOrDefaultAsync(i => i.Id == itemId && i.ListId == listId, ct)
            ?? throw new NotFoundException("清单事项", itemId);
        return (list, item);
    }

    /// <summary>
    /// 修改事项 (ADR 0034): content, standard, deadline, responsible role or person; every fault at once, nothing saved on a
    /// refusal. On an issued list the change reaches every receiver: a record still open names the new role's holder (or
    /// the new person) when who answers for it changed, and each receiver's open obligation for the item takes the new
    /// title, deadline and person (found by its key, never doubled). Records reported done or confirmed keep their state,
    /// evidence and files. One save.
    /// </summary>
    public async Task<ListDetail> UpdateItemAsync(Guid listId, Guid itemId, ItemInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (list, item) = await ManagedItemAsync(listId, itemId, ct);
        item.RequireNotRevoked("修改");
        var problems = ListRules.CheckItem(input, Today, keptDue: item.DueOn);
        await CheckNamedPeopleAsync(problems, [input], ct);
        problems.ThrowIfAny();
        var now = clock.GetUtcNow();
        var reassigned = item.Update(list, input, Today, now, Who);
        if (list.IsIssued)
        {
            var records = await db.Set<ItemCompletion>().Where(c => c.ItemId == itemId).ToListAsync(ct);
            if (reassigned)
            {
                var orgIds = records.Where(c => c.IsOpen).Select(c => c.OrgId).Distinct().ToList();
                var receivers = new List<Receiving>();
                foreach (var chunk in orgIds.Chunk(Chunk))
                {
                    receivers.AddRange(await db.Set<Organization>().AsNoTracking().Where(o => chunk.Contains(o.Id))
                        .Select(o => new Receiving(o.Id, o.Kind)).ToListAsync(ct));
                }
                var byOrg = await HoldersAsync([item], receivers, ct);
                var kinds = receivers.ToDictionary(r => r.OrgId);
                foreach (var c in records.Where(c => c.IsOpen && kinds.ContainsKey(c.OrgId)))
                {
                    c.Reassign(PersonFor(item, kinds[c.OrgId], byOrg), now);
                }
            }
            // The engine opens by key: every receiver's obligation is there already, so an open one is brought up to date
            // and a submitted or closed one is left as it is. Saves the item and its records with them.
            await obligations.OpenAllAsync(records.Select(c => Draft(list, item, c)).ToList(), ct);
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(listId, ct);
    }

    /// <summary>
    /// 撤销事项 (ADR 0034): an item of an issued list is no longer asked, for a reason (required): its records still open
    /// at every receiver become 已撤销 and their obligations are cancelled with the reason (the engine's cancel, which the
    /// audit log keeps); records reported done or confirmed stay, as history. No completion is recorded on it afterwards.
    /// </summary>
    public async Task<ListDetail> RevokeItemAsync(Guid listId, Guid itemId, RevokeInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (list, item) = await ManagedItemAsync(listId, itemId, ct);
        var reason = ListRules.CheckRevokeReason(input.Reason);
        var now = clock.GetUtcNow();
        item.Revoke(list, reason, now, Who);
        foreach (var c in await db.Set<ItemCompletion>().Where(c => c.ItemId == itemId).ToListAsync(ct))
        {
            c.Revoke(now);
        }
        // Cancels the open obligations and saves everything pending with them: one save.
        await obligations.CancelForSourceAsync(ObligationKind, itemId, reason, ct: ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(listId, ct);
    }

    /// <summary>
    /// 删除清单: a draft (never issued) goes with its items. An issued list is a record of what was asked and stays (422
    /// <c>list_issued</c>): its items are revoked one by one instead.
    /// </summary>
    public async Task DeleteAsync(Guid listId, CancellationToken ct = default)
    {
        var list = await ManagedListAsync(listId, ct);
        if (list.IsIssued)
        {
            throw new DomainException("list_issued", "清单已下发，不能删除；如某些事项不再要求，请逐项撤销。", "id");
        }
        // Each item is removed through the change tracker, so the audit log records it.
        db.RemoveRange(await db.Set<ResponsibilityItem>().Where(i => i.ListId == listId).ToListAsync(ct));
        db.Remove(list);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 完成情况: the receivers in the reader's scope, in tree order, each with its counts and its cell per item (the
    /// matrix), filtered and paged in the database.
    /// </summary>
    public async Task<Paged<ReceiverRow>> ReceiversAsync(Guid listId, ReceiverFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await VisibleListAsync(listId, ct);
        var today = Today;
        var open = new[] { CompletionState.Open, CompletionState.Returned };
        var completions = db.Set<ItemCompletion>().IgnoreQueryFilters(ListFilter).Where(c => c.ListId == listId);
        var q = db.Set<ListReceiver>().AsNoTracking().Where(r => r.ListId == listId)
            .Join(db.Set<Organization>(), r => r.OrgId, o => o.Id, (r, o) => new { o.Id, o.Name, o.Path });
        q = filter switch
        {
            ReceiverFilter.Done => q.Where(o => !completions.Any(c => c.OrgId == o.Id && open.Contains(c.State))),
            ReceiverFilter.Open => q.Where(o => completions.Any(c => c.OrgId == o.Id && open.Contains(c.State))),
            ReceiverFilter.Overdue => q.Where(o => completions.Any(c => c.OrgId == o.Id && open.Contains(c.State)
                && db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter).Any(i => i.Id == c.ItemId && i.DueOn < today))),
            _ => q,
        };
        var orgs = await q.OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToPagedAsync(page, ct);
        var ids = orgs.Items.Select(o => o.Id).ToList();
        var cells = await completions.Where(c => ids.Contains(c.OrgId))
            .Join(db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter), c => c.ItemId, i => i.Id,
                (c, i) => new { c.Id, c.OrgId, c.ItemId, i.Number, c.State, Overdue = i.DueOn < today && open.Contains(c.State) })
            .ToListAsync(ct);
        var rows = orgs.Items.Select(o =>
        {
            var of = cells.Where(c => c.OrgId == o.Id).OrderBy(c => c.Number).ToList();
            return new ReceiverRow(o.Id, o.Name, of.Count(c => c.State != CompletionState.Revoked), of.Count(c => c.State == CompletionState.Done), of.Count(c => c.State == CompletionState.Confirmed),
                of.Count(c => open.Contains(c.State)), of.Count(c => c.Overdue),
                of.Select(c => new MatrixCell(c.Id, c.ItemId, c.State, c.Overdue)).ToList());
        }).ToList();
        return orgs.With<ReceiverRow>(rows);
    }

    /// <summary>A receiver's items of a list, each with its state, responsible person, evidence and files.</summary>
    public async Task<ReceiverDetail> ReceiverAsync(Guid listId, Guid orgId, CancellationToken ct = default)
    {
        var list = await VisibleListAsync(listId, ct);
        var org = await db.Set<ListReceiver>().Where(r => r.ListId == listId && r.OrgId == orgId)
            .Join(db.Set<Organization>(), r => r.OrgId, o => o.Id, (r, o) => new { o.Id, o.Name }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("清单接收单位", orgId);
        var summary = (await CompleteAsync([new ListSummary(list.Id, list.IssuerOrgId, "", list.Kind, list.Title, 0, list.IssuedAt, ListProgress.None)], ct))[0];
        var rows = await db.Set<ItemCompletion>().AsNoTracking().Where(c => c.ListId == listId && c.OrgId == orgId).ToListAsync(ct);
        var views = await ViewsAsync(rows, ct);
        return new ReceiverDetail(summary with { Items = views.Count }, list.Note, org.Id, org.Name, views,
            actor.Current.Has(Permission.ListsReport), await ManagesAsync(list.IssuerOrgId, ct));
    }

    /// <summary>One item at one receiver.</summary>
    public async Task<CompletionView> CompletionAsync(Guid id, CancellationToken ct = default)
    {
        var row = await db.Set<ItemCompletion>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("清单落实情况", id);
        return (await ViewsAsync([row], ct))[0];
    }

    private async Task<IReadOnlyList<CompletionView>> ViewsAsync(IReadOnlyList<ItemCompletion> rows, CancellationToken ct)
    {
        var today = Today;
        var itemIds = rows.Select(r => r.ItemId).Distinct().ToList();
        var items = await db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter).AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, ct);
        var orgIds = rows.Select(r => r.OrgId).Distinct().ToList();
        var orgNames = await db.Set<Organization>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var names = await PersonNamesAsync(rows.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value)
            .Concat(items.Values.Where(i => i.PersonId is not null).Select(i => i.PersonId!.Value)), ct);
        var ids = rows.Select(r => r.Id).ToList();
        var files = (await db.Set<CompletionFile>().AsNoTracking().Where(f => ids.Contains(f.CompletionId))
            .Join(db.Set<StoredFile>(), f => f.StoredFileId, s => s.Id,
                (f, s) => new { f.CompletionId, File = new EvidenceFile(s.Id, s.FileName, s.ContentType, s.Size, f.AddedAt, f.AddedBy) })
            .ToListAsync(ct))
            .ToLookup(f => f.CompletionId, f => f.File);
        return rows.Select(r =>
        {
            var item = items[r.ItemId];
            return new CompletionView(r.Id, r.ListId, ToView(item, names, ItemProgress.None), r.OrgId, orgNames.GetValueOrDefault(r.OrgId, ""),
                r.PersonId, r.PersonId is { } p ? names.GetValueOrDefault(p) : null, r.State, r.IsOpen && item.IsOverdueOn(today),
                r.Evidence, r.DoneAt, r.DoneBy, r.Late, r.ConfirmedAt, r.ConfirmedBy, r.ReturnedAt, r.ReturnedBy, r.ReturnComment, r.ReturnCount,
                files[r.Id].OrderBy(f => f.AddedAt.UtcTicks).ToList());
        }).OrderBy(v => v.Item.Number).ToList();
    }

    private async Task<(ItemCompletion Completion, ResponsibilityItem Item)> CompletionForWriteAsync(Guid id, CancellationToken ct)
    {
        var completion = await db.Set<ItemCompletion>().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("清单落实情况", id);
        var item = await db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter).AsNoTracking().SingleAsync(i => i.Id == completion.ItemId, ct);
        return (completion, item);
    }

    /// <summary>标记完成: the receiving organization reports the item done, with evidence text; it submits the item's obligation.</summary>
    public async Task<CompletionView> MarkDoneAsync(Guid id, DoneInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (completion, item) = await CompletionForWriteAsync(id, ct);
        completion.MarkDone(item, input.Evidence, clock.GetUtcNow(), Who);
        // Saves the completion with the obligation's submission.
        await obligations.SubmitForSourceAsync(ObligationKind, item.Id, null, completion.OrgId, new ObligationEvidence(completion.Evidence), ct);
        await db.SaveChangesAsync(ct);
        return await CompletionAsync(id, ct);
    }

    /// <summary>确认: the issuer accepts a completion; it closes the item's obligation.</summary>
    public async Task<CompletionView> ConfirmAsync(Guid id, CancellationToken ct = default)
    {
        var (completion, item) = await CompletionForWriteAsync(id, ct);
        await ManagedListAsync(completion.ListId, ct);
        completion.Confirm(item, clock.GetUtcNow(), Who);
        await obligations.CloseForSourceAsync(ObligationKind, item.Id, null, completion.OrgId, ct);
        await db.SaveChangesAsync(ct);
        return await CompletionAsync(id, ct);
    }

    /// <summary>退回: the issuer returns a completion with a comment; the item is open again there, and so is its obligation.</summary>
    public async Task<CompletionView> ReturnAsync(Guid id, ReturnInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (completion, item) = await CompletionForWriteAsync(id, ct);
        await ManagedListAsync(completion.ListId, ct);
        completion.Return(item, input.Comment, clock.GetUtcNow(), Who);
        // The obligation keeps the comment as its reason, on one line.
        await obligations.ReturnForSourceAsync(ObligationKind, item.Id, null, completion.OrgId, completion.ReturnComment!.ReplaceLineEndings(" "), ct);
        await db.SaveChangesAsync(ct);
        return await CompletionAsync(id, ct);
    }

    /// <summary>
    /// 佐证材料: keeps an uploaded image or PDF with a completion that is not yet confirmed, stored as a file of the
    /// receiving organization. A refusal keeps nothing.
    /// </summary>
    public async Task<EvidenceFile> AttachAsync(Guid id, Stream content, string? fileName, string? contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var completion = await db.Set<ItemCompletion>().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("清单落实情况", id);
        if (completion.State == CompletionState.Confirmed)
        {
            throw new DomainException("completion_confirmed", "已确认的事项不能再添加佐证材料。", "file");
        }
        var item = await db.Set<ResponsibilityItem>().IgnoreQueryFilters(ListFilter).AsNoTracking().SingleAsync(i => i.Id == completion.ItemId, ct);
        item.RequireNotRevoked("添加佐证材料");
        var count = await db.Set<CompletionFile>().CountAsync(f => f.CompletionId == id, ct);
        if (count >= ListRules.MaxFiles)
        {
            throw new DomainException("completion_files_full", $"每个事项最多 {ListRules.MaxFiles} 个佐证材料。", "file");
        }
        var now = clock.GetUtcNow();
        CompletionFile? kept = null;
        var file = await uploads.SaveAsync(content, fileName, contentType, ListRules.AcceptedFiles, completion.OrgId, f =>
        {
            kept = CompletionFile.Of(completion, f.Id, now, Who);
            db.Add(kept);
            return [kept];
        }, ct);
        return new EvidenceFile(file.Id, file.FileName, file.ContentType, file.Size, kept!.AddedAt, kept.AddedBy);
    }

    /// <summary>
    /// Each item × receiver that was just made is owed by the receiver (its resolved person named) to the issuer by the
    /// item's deadline; opened with the pending rows in one save.
    /// </summary>
    private async Task OpenObligationsAsync(ResponsibilityList list, IReadOnlyList<ResponsibilityItem> items, IReadOnlyList<ItemCompletion> added,
        CancellationToken ct)
    {
        var byId = items.ToDictionary(i => i.Id);
        await obligations.OpenAllAsync(added.Select(c => Draft(list, byId[c.ItemId], c)).ToList(), ct);
    }

    /// <summary>The obligation of an item at a receiver.</summary>
    public static ObligationDraft Draft(ResponsibilityList list, ResponsibilityItem item, ItemCompletion c)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(c);
        var title = $"{list.Title}：{item.Number}. {item.Content.ReplaceLineEndings(" ")}";
        if (title.Length > Obligation.TitleMax)
        {
            title = string.Concat(title.AsSpan(0, Obligation.TitleMax - 1), "…");
        }
        return new ObligationDraft(ObligationKind, title, c.OrgId, item.DueOn, nameof(ResponsibilityItem), item.Id, null, c.PersonId, list.IssuerOrgId,
            $"/lists/{list.Id}/orgs/{c.OrgId}#item-{item.Number}");
    }
}
