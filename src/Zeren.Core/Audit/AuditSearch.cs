using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Audit;

/// <summary>
/// What to look for in the audit log: a user name (exact), an entity type and id, an action, a time range
/// [<paramref name="From"/>, <paramref name="To"/>) of UTC instants, and part of the object's name
/// (<paramref name="Name"/>: its recorded name or the summary, which names it in older entries too).
/// </summary>
public sealed record AuditFilter(string? User = null, string? EntityType = null, string? EntityId = null, AuditAction? Action = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? Name = null)
{
    /// <summary>True when nothing is asked for: every entry matches.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(User) && string.IsNullOrWhiteSpace(EntityType) && string.IsNullOrWhiteSpace(EntityId)
        && Action is null && From is null && To is null && string.IsNullOrWhiteSpace(Name);
}

/// <summary>
/// One audit entry. <paramref name="Operation"/> is the sequence of the first entry of the operation it belongs to
/// (null for entries older than operations); <paramref name="EntityName"/> the object's name when recorded;
/// <paramref name="Reason"/> why, when the action asked for one.
/// </summary>
public sealed record AuditEntryView(
    long Sequence, DateTimeOffset At, Guid? AccountId, string UserName, string? ClientAddress, string? ActorOrgPath, AuditAction Action,
    string EntityType, string? EntityId, string Summary, string? Before, string? After, string PreviousHash, string Hash,
    long? Operation = null, string? EntityName = null, string? Reason = null)
{
    /// <summary>Row changes (新增, 修改, 删除) as against events (登录, 导出, …).</summary>
    public bool IsRowChange => Action is AuditAction.Create or AuditAction.Update or AuditAction.Delete;

    /// <summary>The object's name: as recorded, or for older entries the first “quoted” name of the summary.</summary>
    public string? Name => EntityName ?? QuotedName(Summary);

    private static string? QuotedName(string summary)
    {
        var start = summary.IndexOf('“', StringComparison.Ordinal);
        var end = start < 0 ? -1 : summary.IndexOf('”', start + 1);
        return end > start + 1 ? summary[(start + 1)..end] : null;
    }
}

/// <summary>
/// 一次操作: everything one request recorded (a saved form with all its rows, a sign-in with the account row it touched,
/// an import), oldest entry first: <paramref name="Entries"/> as shown (of <paramref name="EntryCount"/> in all), with
/// <paramref name="Matched"/> the sequences of those a search asked for. <see cref="Title"/> says what it was: its first
/// event (登录, 导入, …) if it has one, else its first row change.
/// </summary>
public sealed record AuditOperationView(long Operation, IReadOnlyList<AuditEntryView> Entries, int EntryCount, IReadOnlyList<long> Matched)
{
    public AuditEntryView Title => Entries.FirstOrDefault(e => !e.IsRowChange) ?? Entries[0];

    public DateTimeOffset At => Entries[0].At;

    /// <summary>The reason given, if any entry carries one.</summary>
    public string? Reason => Entries.Select(e => e.Reason).FirstOrDefault(r => r is not null);
}

/// <summary>An entity type that rows of the log may name, with its Chinese label.</summary>
public sealed record AuditEntityType(string Name, string Label);

/// <summary>
/// Reading the audit log: search, newest first, paged in the database. An audit administrator bound to an organization
/// reads the entries of accounts inside its data scope (by <see cref="AuditEntry.ActorOrgPath"/>); entries of the app
/// itself, of failed sign-ins under unknown names and of whole-deployment accounts are for auditors bound to a top
/// organization or to none.
/// </summary>
public sealed class AuditSearch(ZerenDbContext db)
{
    public async Task<Paged<AuditEntryView>> SearchAsync(AuditFilter filter, PageRequest page, CancellationToken ct = default) =>
        await Views(Matching(filter).OrderByDescending(e => e.Sequence)).ToPagedAsync(page, ct);

    /// <summary>How many entries of one operation a page shows at most, besides those the search matched.</summary>
    public const int EntriesShown = 50;

    /// <summary>
    /// The operations with at least one entry that matches, newest first, each with its entries the reader may see: the
    /// first <see cref="EntriesShown"/>, the one that names it (<see cref="AuditOperationView.Title"/>) and those the search
    /// matched (an import of 2 000 people is one operation; a search for one of them shows that one among the first).
    /// Paged by operation in the database: an operation is found by its first entry, whose sequence every entry of it
    /// names, and older entries without an operation are each an operation of their own.
    /// </summary>
    public async Task<Paged<AuditOperationView>> OperationsAsync(AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var visible = Scoped(db.Set<AuditEntry>().AsNoTracking());
        var heads = visible.Where(h => h.Operation == null || h.Operation == h.Sequence);
        var matching = filter.IsEmpty ? null : Matching(filter);
        if (matching is not null)
        {
            var matched = matching.Select(e => e.Operation ?? e.Sequence);
            heads = heads.Where(h => matched.Contains(h.Sequence));
        }
        var keys = await heads.OrderByDescending(h => h.Sequence).Select(h => h.Sequence).ToPagedAsync(page, ct);
        var wanted = keys.Items.ToList();
        var outline = await visible.Where(e => wanted.Contains(e.Operation ?? e.Sequence))
            .Select(e => new { Key = e.Operation ?? e.Sequence, e.Sequence, e.Action })
            .ToListAsync(ct);
        var hits = matching is null ? [] : (await matching.Where(e => wanted.Contains(e.Operation ?? e.Sequence)).Select(e => e.Sequence).ToListAsync(ct)).ToHashSet();
        var shown = new HashSet<long>();
        foreach (var group in outline.GroupBy(e => e.Key))
        {
            var ordered = group.OrderBy(e => e.Sequence).ToList();
            shown.UnionWith(ordered.Take(EntriesShown).Select(e => e.Sequence));
            if (ordered.FirstOrDefault(e => e.Action is not (AuditAction.Create or AuditAction.Update or AuditAction.Delete)) is { } title)
            {
                shown.Add(title.Sequence);
            }
            shown.UnionWith(ordered.Where(e => hits.Contains(e.Sequence)).Take(EntriesShown).Select(e => e.Sequence));
        }
        var picked = shown.ToList();
        var entries = await Views(visible.Where(e => picked.Contains(e.Sequence)).OrderBy(e => e.Sequence)).ToListAsync(ct);
        var byOperation = entries.ToLookup(e => e.Operation ?? e.Sequence);
        var counts = outline.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
        var operations = wanted.Where(k => byOperation[k].Any())
            .Select(k => new AuditOperationView(k, byOperation[k].ToList(), counts[k], byOperation[k].Where(e => hits.Contains(e.Sequence)).Select(e => e.Sequence).ToList()))
            .ToList();
        return keys.With<AuditOperationView>(operations);
    }

    /// <summary>The entries that match <paramref name="filter"/> within the reader's view, unordered.</summary>
    public IQueryable<AuditEntry> Matching(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.From is { } f && filter.To is { } t && t <= f)
        {
            throw new DomainException("audit_range", "结束时间应晚于开始时间。", "to");
        }
        var q = Scoped(db.Set<AuditEntry>().AsNoTracking());
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim();
            q = q.Where(e => e.UserName == user);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            var type = filter.EntityType.Trim();
            q = q.Where(e => e.EntityType == type);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var id = filter.EntityId.Trim();
            q = q.Where(e => e.EntityId == id);
        }
        if (!string.IsNullOrWhiteSpace(filter.Name))
        {
            var name = filter.Name.Trim();
            q = q.Where(e => (e.EntityName != null && e.EntityName.Contains(name)) || e.Summary.Contains(name));
        }
        if (filter.Action is { } action)
        {
            q = q.Where(e => e.Action == action);
        }
        if (filter.From is { } from)
        {
            var since = AuditEntry.ToMilliseconds(from);
            q = q.Where(e => e.At >= since);
        }
        if (filter.To is { } to)
        {
            var until = AuditEntry.ToMilliseconds(to);
            q = q.Where(e => e.At < until);
        }
        return q;
    }

    /// <summary>
    /// The entries the reader may see: an auditor bound to a top organization (the county, or the province) audits the
    /// whole deployment, the app's own entries included; one bound lower, the entries of accounts inside their scope.
    /// </summary>
    private IQueryable<AuditEntry> Scoped(IQueryable<AuditEntry> q)
    {
        if (!db.ScopeAll && !db.Scope.Paths.Any(p => OrgPath.DepthOf(p) == 0))
        {
            // The scope's subtrees as the tree's own filter tests them (prefixes, or ranges on a context of generic plans).
            q = q.Where(e => e.ActorOrgPath != null).Where(DataScopeFilters.PathInScope<AuditEntry>(db, e => e.ActorOrgPath!));
        }
        return q;
    }

    private static IQueryable<AuditEntryView> Views(IQueryable<AuditEntry> q) =>
        q.Select(e => new AuditEntryView(e.Sequence, e.At, e.AccountId, e.UserName, e.ClientAddress, e.ActorOrgPath, e.Action,
            e.EntityType, e.EntityId, e.Summary, e.Before, e.After, e.PreviousHash, e.Hash, e.Operation, e.EntityName, e.Reason));

    public async Task<AuditEntryView?> FindAsync(long sequence, CancellationToken ct = default) =>
        await Views(db.Set<AuditEntry>().AsNoTracking().IgnoreQueryFilters().Where(e => e.Sequence == sequence)).SingleOrDefaultAsync(ct);

    /// <summary>What an entity type recorded in the log is called (组织, 人员, 账号, …); unknown types by their name.</summary>
    public string EntityLabel(string entityType) =>
        ClrTypeOf(entityType) is { } clr ? AuditEntityLabels.Of(clr, entityType) : entityType;

    /// <summary>What a property recorded in the log is called (名称, 入党日期, 最后登录时间, …); unknown ones by their name.</summary>
    public string FieldLabel(string entityType, string property) =>
        ClrTypeOf(entityType) is { } clr ? AuditEntityLabels.Field(clr, property) : property;

    /// <summary>
    /// The summary of an entry in today's words: a row change is described again from its values, with the properties by
    /// their Chinese names (entries written before they had them read “ConcurrencyStamp、LastLoginAt”); an event keeps its own.
    /// </summary>
    public string SummaryOf(AuditEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.IsRowChange)
        {
            return entry.Summary;
        }
        var name = entry.Name is { Length: > 0 } n ? $"“{n}”" : "";
        var label = EntityLabel(entry.EntityType);
        switch (entry.Action)
        {
            case AuditAction.Create:
                return $"新增{label}{name}";
            case AuditAction.Delete:
                return $"删除{label}{name}";
            default:
                var changed = AuditValues.Read(entry.After).Select(p => p.Key).Concat(AuditValues.Read(entry.Before).Select(p => p.Key))
                    .Where(k => k.Length > 0).Distinct().ToList();
                var named = changed.Where(k => !AuditEntityLabels.IsBookkeeping(k)).ToList();
                var fields = string.Join("、", (named.Count > 0 ? named : changed).Select(k => FieldLabel(entry.EntityType, k)));
                return fields.Length == 0 ? $"修改{label}{name}" : $"修改{label}{name}：{fields}";
        }
    }

    private Type? ClrTypeOf(string entityType) =>
        db.Model.GetEntityTypes().FirstOrDefault(t => t.ShortName() == entityType)?.ClrType;

    /// <summary>The entity types of the model (every one is audited), with the labels their classes declare.</summary>
    public IReadOnlyList<AuditEntityType> EntityTypes() =>
        db.Model.GetEntityTypes()
            .Where(t => t.ClrType != typeof(AuditEntry) && !t.IsOwned())
            .Select(t => new AuditEntityType(t.ShortName(), AuditEntityLabels.Of(t.ClrType, t.ShortName())))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
}
