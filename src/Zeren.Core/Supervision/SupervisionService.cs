using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Supervision;

/// <summary>
/// One order in a list: its number, who issued it to whom, about what, by when, where it stands. <see cref="IsOverdue"/>
/// is read from the deadline and today (China).
/// </summary>
public sealed record OrderRow(
    Guid Id, int Year, int Number, Guid IssuerOrgId, string IssuerName, Guid OrgId, string OrgName, string Title, DateOnly DueOn,
    SupervisionState State, bool IsOverdue, bool IsEscalated, string SourceType, string? SourceTitle, DateTimeOffset IssuedAt,
    DateTimeOffset? RespondedAt, bool RespondedLate, int ReturnCount, Guid? BatchId)
{
    /// <summary>督办〔2026〕3号.</summary>
    public string NumberText => SupervisionOrder.Format(Year, Number);
}

/// <summary>An evidence file of an answer; downloaded from <c>/api/v1/files/{FileId}</c>.</summary>
public sealed record OrderFileView(Guid FileId, Guid EventId, string FileName, string ContentType, long Size)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>One step of an order's history: what, who (the account, and the organization it acted for), when, what they wrote.</summary>
public sealed record OrderEventView(Guid Id, SupervisionAction Action, string? Text, DateTimeOffset At, string By, Guid? ByOrgId, string? ByOrgName,
    IReadOnlyList<OrderFileView> Files);

/// <summary>Which steps the asking account may take on the order now.</summary>
public sealed record OrderSteps(bool Acknowledge, bool Respond, bool Verify, bool Return, bool Escalate)
{
    public bool Any => Acknowledge || Respond || Verify || Return || Escalate;
}

public sealed record OrderDetail(
    OrderRow Order, string Content, string? Requirements, string? SourceId, string? SourceLink, string IssuedBy,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ClosedAt, DateTimeOffset? EscalatedAt, IReadOnlyList<OrderEventView> History,
    OrderSteps Steps);

/// <summary>Whose orders a list shows, seen from the account's own organization.</summary>
public enum OrderSide
{
    /// <summary>本单位下发.</summary>
    Issued,

    /// <summary>本单位承办.</summary>
    Received,
}

/// <summary>
/// The register's filters: receivers in a subtree (<see cref="Under"/>) or one receiver, the issuer, the side seen from the
/// account, state, overdue, 重点督办, still open, the year of the number, a batch, the source type, and text (督办事项,
/// 来源, or a number such as 3 or 督办〔2026〕3号).
/// </summary>
public sealed record OrderFilter(
    Guid? Under = null, Guid? OrgId = null, Guid? IssuerOrgId = null, OrderSide? Side = null, SupervisionState? State = null,
    bool? Overdue = null, bool? Escalated = null, bool? Open = null, int? Year = null, Guid? BatchId = null, string? SourceType = null,
    string? Q = null);

/// <summary>What the issuer writes for one order (API and form).</summary>
public sealed record SupervisionOrderInput(
    Guid OrgId,
    string Title,
    [MultiLineText] string Content,
    [MultiLineText] string? Requirements,
    DateOnly DueOn,
    Guid? IssuerOrgId = null,
    string? SourceType = null,
    string? SourceId = null,
    string? SourceTitle = null,
    string? SourceLink = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public OrderDraft Draft => new(OrgId, Title, Content, Requirements, DueOn, SourceType ?? SupervisionSources.Task, SourceId, SourceTitle, SourceLink);
}

/// <summary>One receiver of a bulk issuance and what its order is about: an (organization, source) pair of a list of lagging items.</summary>
public sealed record OrderTarget(Guid OrgId, string? SourceType = null, string? SourceId = null, string? SourceTitle = null, string? SourceLink = null);

/// <summary>The same order to several receivers, one each: the text is shared, each target brings its own source.</summary>
public sealed record BulkOrderInput(
    string Title,
    [MultiLineText] string Content,
    [MultiLineText] string? Requirements,
    DateOnly DueOn,
    IReadOnlyList<OrderTarget> Targets,
    Guid? IssuerOrgId = null);

public sealed record BulkIssueResult(Guid BatchId, IReadOnlyList<OrderRow> Orders);

public sealed record RespondInput([MultiLineText] string Text, IReadOnlyList<Guid>? FileIds = null);

public sealed record VerifyInput([MultiLineText] string? Comment);

public sealed record ReturnInput(string Reason);

public sealed record EscalateInput([MultiLineText] string? Reason);

/// <summary>An evidence file as the order page's form posts it.</summary>
public sealed record EvidenceUpload(Stream Content, string? FileName, string? ContentType);

/// <summary>A few orders of a kind and how many there are in all (home cards).</summary>
public sealed record OrderSummary(int Count, int Overdue, IReadOnlyList<OrderRow> First);

/// <summary>
/// 督办单: issuing (one, or one per receiver of a list), the steps of the receiver (签收, 反馈) and of the issuer (核验办结,
/// 退回, 升级为重点督办), and reading them. Who may take which step is decided here from the account's organization: the
/// receiver's accounts answer, the issuer's decide; everyone else in scope reads. A refusal changes nothing.
/// <para>
/// Each order opens an obligation (<see cref="ObligationKind"/>) for the receiving organization, owed to the issuer by the
/// deadline, through the obligation engine, in the same save as the step: answering submits it, a return reopens it,
/// verifying closes it. The engine's daily job reminds of it and its home card lists it.
/// </para>
/// </summary>
public sealed class SupervisionService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, UploadStore uploads, UploadCleanup cleanup,
    ObligationService obligations)
{
    /// <summary>The kind of the obligation an order opens: the receiver owes its answer.</summary>
    public const string ObligationKind = "order.response";

    /// <summary>The most orders one bulk issuance makes.</summary>
    public const int MaxBulk = 200;

    /// <summary>What an answer's evidence may be: photos, scans (PDF) and spreadsheets.</summary>
    public static readonly IReadOnlyCollection<FileKind> EvidenceFiles = [FileKind.Jpeg, FileKind.Png, FileKind.Pdf, FileKind.Xlsx];

    private static readonly string[] SourceFields = ["sourceType", "sourceId", "sourceTitle", "sourceLink"];

    private Actor Current => actor.Current;

    private DateOnly Today => ChinaTime.Today(clock);

    // ---- reading ----

    public async Task<Paged<OrderRow>> ListAsync(OrderFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        var paged = await Rows(q.OrderByDescending(o => o.IsEscalated && o.State != SupervisionState.Closed).ThenByDescending(o => o.Id))
            .ToPagedAsync(page, ct);
        return paged with { Items = await WithIssuerNamesAsync(paged.Items, ct) };
    }

    /// <summary>The orders a filter selects, unordered and untracked: the register and its export share it.</summary>
    public async Task<IQueryable<SupervisionOrder>> FilterAsync(OrderFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = db.Set<SupervisionOrder>().AsNoTracking();
        if (filter.Under is { } under)
        {
            var path = await db.Set<Organization>().Where(o => o.Id == under).Select(o => o.Path).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("组织", under);
            var subtree = db.Set<Organization>().InSubtree(db, path);
            q = q.Where(o => subtree.Any(s => s.Id == o.OrgId));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(o => o.OrgId == orgId);
        }
        if (filter.IssuerOrgId is { } issuer)
        {
            q = q.Where(o => o.IssuerOrgId == issuer);
        }
        if (filter.Side is { } side)
        {
            // An account bound to no organization is neither side of any order.
            var own = Current.OrgId ?? Guid.Empty;
            q = side == OrderSide.Issued ? q.Where(o => o.IssuerOrgId == own) : q.Where(o => o.OrgId == own);
        }
        if (filter.State is { } state)
        {
            q = q.Where(o => o.State == state);
        }
        var today = Today;
        if (filter.Overdue is { } overdue)
        {
            q = overdue
                ? q.Where(o => o.State != SupervisionState.Closed && o.DueOn < today)
                : q.Where(o => !(o.State != SupervisionState.Closed && o.DueOn < today));
        }
        if (filter.Escalated is { } escalated)
        {
            q = q.Where(o => o.IsEscalated == escalated);
        }
        if (filter.Open is { } open)
        {
            q = open ? q.Where(o => o.State != SupervisionState.Closed) : q.Where(o => o.State == SupervisionState.Closed);
        }
        if (filter.Year is { } year)
        {
            q = q.Where(o => o.Year == year);
        }
        if (filter.BatchId is { } batch)
        {
            q = q.Where(o => o.BatchId == batch);
        }
        if (!string.IsNullOrWhiteSpace(filter.SourceType))
        {
            var type = filter.SourceType.Trim();
            q = q.Where(o => o.SourceType == type);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            if (ParseNumber(text) is var (numberYear, number))
            {
                q = numberYear is { } y ? q.Where(o => o.Year == y && o.Number == number) : q.Where(o => o.Number == number);
            }
            else
            {
                q = q.Where(o => o.Title.Contains(text) || (o.SourceTitle != null && o.SourceTitle.Contains(text)));
            }
        }
        return q;
    }

    /// <summary>"3", "3号", "督办〔2026〕3号", "〔2026〕3": the number and, when written, its year.</summary>
    internal static (int? Year, int Number)? ParseNumber(string text)
    {
        var t = text.Replace("督办", "", StringComparison.Ordinal).Replace("号", "", StringComparison.Ordinal).Trim();
        int? year = null;
        foreach (var (open, close) in new[] { ('〔', '〕'), ('[', ']'), ('(', ')'), ('（', '）') })
        {
            if (t.StartsWith(open) && t.IndexOf(close, StringComparison.Ordinal) is var end and > 0)
            {
                if (!int.TryParse(t.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                {
                    return null;
                }
                year = y;
                t = t[(end + 1)..].Trim();
                break;
            }
        }
        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? (year, n) : null;
    }

    private IQueryable<OrderRow> Rows(IQueryable<SupervisionOrder> q)
    {
        var today = Today;
        return q.Select(o => new OrderRow(
            o.Id, o.Year, o.Number, o.IssuerOrgId, "", o.OrgId,
            db.Set<Organization>().Where(g => g.Id == o.OrgId).Select(g => g.Name).First(),
            o.Title, o.DueOn, o.State,
            o.State != SupervisionState.Closed && o.DueOn < today,
            o.IsEscalated, o.SourceType, o.SourceTitle, o.IssuedAt, o.RespondedAt, o.RespondedLate, o.ReturnCount, o.BatchId));
    }

    /// <summary>
    /// The issuers' names in a query of their own: the issuer lies above the receiver, outside a receiver's scope, and its
    /// name is part of the order (who asks). <c>IgnoreQueryFilters</c> lifts every filter of a query, so not the orders'.
    /// </summary>
    private async Task<IReadOnlyList<OrderRow>> WithIssuerNamesAsync(IReadOnlyList<OrderRow> rows, CancellationToken ct)
    {
        var names = await OrgNamesAsync(rows.Select(r => r.IssuerOrgId), ct);
        return rows.Select(r => r with { IssuerName = names.GetValueOrDefault(r.IssuerOrgId, "") }).ToList();
    }

    private async Task<Dictionary<Guid, string>> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id))
            .Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    public async Task<OrderDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<SupervisionOrder>().AsNoTracking().Where(o => o.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("督办单", id);
        var order = await db.Set<SupervisionOrder>().AsNoTracking().SingleAsync(o => o.Id == id, ct);
        var events = await db.Set<SupervisionEvent>().AsNoTracking().Where(e => e.OrderId == id).ToListAsync(ct);
        var files = await db.Set<SupervisionFile>().AsNoTracking().Where(f => f.OrderId == id)
            .Join(db.Set<StoredFile>(), f => f.StoredFileId, s => s.Id, (f, s) => new OrderFileView(s.Id, f.EventId, s.FileName, s.ContentType, s.Size))
            .ToListAsync(ct);
        var names = await OrgNamesAsync(events.Where(e => e.ByOrgId is not null).Select(e => e.ByOrgId!.Value).Append(row.IssuerOrgId), ct);
        var byEvent = files.ToLookup(f => f.EventId);
        // Ids are version 7 from each step's instant: their order is the history's on both databases.
        var history = events.OrderBy(e => e.Id)
            .Select(e => new OrderEventView(e.Id, e.Action, e.Text, e.At, e.By, e.ByOrgId, e.ByOrgId is { } o ? names.GetValueOrDefault(o) : null,
                byEvent[e.Id].OrderBy(f => f.FileName, StringComparer.Ordinal).ToList()))
            .ToList();
        return new OrderDetail(
            row with { IssuerName = names.GetValueOrDefault(row.IssuerOrgId, "") }, order.Content, order.Requirements, order.SourceId, order.SourceLink,
            order.IssuedBy, order.AcknowledgedAt, order.ClosedAt, order.EscalatedAt, history, StepsFor(order));
    }

    /// <summary>The steps the account may take on the order now: its side (receiver or issuer), its permission, the order's state.</summary>
    public OrderSteps StepsFor(SupervisionOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var receiver = IsReceiver(order);
        var issuer = IsIssuer(order);
        return new OrderSteps(
            receiver && order.Allows(SupervisionAction.Acknowledge),
            receiver && order.Allows(SupervisionAction.Respond),
            issuer && order.Allows(SupervisionAction.Verify),
            issuer && order.Allows(SupervisionAction.Return),
            issuer && order.Allows(SupervisionAction.Escalate));
    }

    private bool IsReceiver(SupervisionOrder order) => Current.Has(Permission.SupervisionRespond) && Current.OrgId == order.OrgId;

    /// <summary>The issuing organization's accounts; an account bound to no organization acts for any issuer it sees.</summary>
    private bool IsIssuer(SupervisionOrder order) =>
        Current.Has(Permission.SupervisionIssue) && (Current.OrgId is null || Current.OrgId == order.IssuerOrgId);

    // ---- issuing ----

    /// <summary>Issues one order (督办〔年〕N号, the issuer's next number this year).</summary>
    public async Task<OrderDetail> IssueAsync(SupervisionOrderInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (ids, _) = await IssueAllAsync(input.IssuerOrgId, [input.Draft], bulk: false, ct);
        return await GetAsync(ids[0], ct);
    }

    /// <summary>
    /// Issues the same order to each target, one each, numbered in the order given, all or none: a refusal names every
    /// fault (each target's at <c>targets[i].…</c>) and issues nothing.
    /// </summary>
    public async Task<BulkIssueResult> IssueBulkAsync(BulkOrderInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var targets = input.Targets ?? [];
        var drafts = targets.Select(t => new OrderDraft(t.OrgId, input.Title, input.Content, input.Requirements, input.DueOn,
            t.SourceType ?? SupervisionSources.Task, t.SourceId, t.SourceTitle, t.SourceLink)).ToList();
        var (_, batch) = await IssueAllAsync(input.IssuerOrgId, drafts, bulk: true, ct);
        var rows = await WithIssuerNamesAsync(await Rows(db.Set<SupervisionOrder>().AsNoTracking().Where(o => o.BatchId == batch))
            .ToListAsync(ct), ct);
        return new BulkIssueResult(batch!.Value, rows.OrderBy(r => r.Number).ToList());
    }

    /// <summary>Checks every draft (every fault at once), then numbers and saves them in one transaction; the ids and the batch.</summary>
    private async Task<(List<Guid> Ids, Guid? Batch)> IssueAllAsync(Guid? issuerOrgId, List<OrderDraft> drafts, bool bulk, CancellationToken ct)
    {
        if (!Current.Has(Permission.SupervisionIssue))
        {
            throw new ForbiddenException("order_issue_forbidden", "您的角色不能下发督办单。");
        }
        var today = Today;
        var problems = new Problems();
        var issuer = await IssuerAsync(issuerOrgId, problems, ct);
        if (bulk && drafts.Count == 0)
        {
            problems.Add("order_bulk_empty", "请至少选择一个承办单位。", "targets");
        }
        if (drafts.Count > MaxBulk)
        {
            problems.Add("order_bulk_too_many", $"一次最多下发 {MaxBulk} 份督办单，本次 {drafts.Count} 份：请缩小范围后分批下发。", "targets");
        }
        var receiverIds = drafts.Select(d => d.OrgId).Where(id => id != Guid.Empty).Distinct().ToList();
        var receivers = await db.Set<Organization>().AsNoTracking().Where(o => receiverIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.Path }).ToDictionaryAsync(o => o.Id, ct);
        if (receiverIds.FirstOrDefault(id => !receivers.ContainsKey(id)) is var missing && missing != Guid.Empty)
        {
            throw new NotFoundException("组织", missing);
        }
        var kept = new List<OrderDraft>();
        var seen = new HashSet<(Guid, string, string?)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var prefix = bulk ? $"targets[{i}]." : "";
            var (draft, errors) = SupervisionRules.Check(drafts[i], today, prefix);
            // In a bulk issuance the text is shared: its faults once, at the top; each target's source at the target.
            if (!bulk)
            {
                problems.AddRange(errors);
            }
            else
            {
                if (i == 0)
                {
                    problems.AddRange(SupervisionRules.Check(drafts[0], today).Errors.Where(e => !SourceFields.Contains(e.Field)));
                }
                problems.AddRange(errors.Where(e => SourceFields.Any(f => e.Field == prefix + f)));
            }
            kept.Add(draft);
            var orgField = prefix + "orgId";
            if (draft.OrgId == Guid.Empty)
            {
                problems.Add("order_receiver_required", "请选择承办单位。", orgField);
            }
            else if (issuer is not null && receivers.TryGetValue(draft.OrgId, out var receiver)
                && !(receiver.Path.StartsWith(issuer.Path, StringComparison.Ordinal) && receiver.Path.Length > issuer.Path.Length))
            {
                problems.Add("order_receiver_not_below", $"{receiver.Name}不是{issuer.Name}的下级组织：督办单只能下发给本单位的下级组织。", orgField);
            }
            if (bulk && draft.OrgId != Guid.Empty && !seen.Add((draft.OrgId, draft.SourceType, draft.SourceId)))
            {
                problems.Add("order_bulk_duplicate", $"{receivers.GetValueOrDefault(draft.OrgId)?.Name}在本次下发中重复出现（同一来源）。", orgField);
            }
        }
        problems.ThrowIfAny();

        var now = clock.GetUtcNow();
        var batch = bulk ? Ids.New() : (Guid?)null;
        var ids = new List<Guid>();
        async Task SaveAsync()
        {
            ids.Clear();
            var orders = new List<SupervisionOrder>();
            foreach (var draft in kept)
            {
                // First in the transaction: the counter's row lock (PostgreSQL) or the write lock (SQLite) queues
                // other issuers of the same organization until this commits or rolls back, so no number is lost.
                var number = await NextNumberAsync(issuer!.Id, today.Year, ct);
                var (order, issued) = SupervisionOrder.Issue(issuer.Id, draft, today.Year, number, batch, now, Current.UserName, Current.OrgId);
                db.Add(order);
                db.Add(issued);
                orders.Add(order);
                ids.Add(order.Id);
            }
            await db.SaveChangesAsync(ct);
            // The receivers' obligations, in the same transaction: an order is never without its obligation.
            await obligations.OpenAllAsync(orders.Select(ObligationOf).ToList(), ct);
        }
        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction (a problem turned into an order: 转督办): it commits or rolls back the orders with its own rows.
            await SaveAsync();
            return (ids, batch);
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
        return (ids, batch);
    }

    /// <summary>What the receiver owes for an order: its answer, by the deadline, to the issuer.</summary>
    public static ObligationDraft ObligationOf(SupervisionOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var title = $"{order.NumberText}：{order.Title}";
        return new ObligationDraft(ObligationKind, title.Length > Obligation.TitleMax ? title[..Obligation.TitleMax] : title, order.OrgId, order.DueOn,
            nameof(SupervisionOrder), order.Id, IssuerOrgId: order.IssuerOrgId, Link: $"/supervision/{order.Id}");
    }

    private sealed record IssuerOrg(Guid Id, string Name, string Path);

    /// <summary>
    /// The issuing organization: the one named, else the account's own. An account bound to an organization issues in its
    /// name only; it must be the county (the top) or a township.
    /// </summary>
    private async Task<IssuerOrg?> IssuerAsync(Guid? asked, Problems problems, CancellationToken ct)
    {
        var id = asked ?? Current.OrgId;
        if (id is not { } issuerId || issuerId == Guid.Empty)
        {
            problems.Add("order_issuer_required", "请选择督办单位（以哪个组织的名义下发）。", "issuerOrgId");
            return null;
        }
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == issuerId)
            .Select(o => new { o.Id, o.Name, o.Path, o.Depth, o.Domain }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("组织", issuerId);
        if (Current.OrgId is { } own && own != org.Id)
        {
            problems.Add("order_issuer_not_own", "只能以本单位的名义下发督办单。", "issuerOrgId");
            return null;
        }
        if (!(org.Depth == 0 || (org.Depth == 1 && org.Domain == OrgDomain.Comprehensive)))
        {
            problems.Add("order_issuer_level", $"{org.Name}不能下发督办单：督办单由县委或乡镇（街道）党委下发。", "issuerOrgId");
            return null;
        }
        return new IssuerOrg(org.Id, org.Name, org.Path);
    }

    /// <summary>
    /// The issuer's next number of the year, raised in one statement inside the caller's transaction: the counter row
    /// stays locked until the transaction ends, so a concurrent issuer waits and takes the number after it, and a rollback
    /// gives the number back. The same SQL on both databases (SQLite 3.35+ and PostgreSQL have ON CONFLICT and RETURNING).
    /// </summary>
    private async Task<int> NextNumberAsync(Guid issuerOrgId, int year, CancellationToken ct)
    {
        var numbers = await db.Database.SqlQuery<int>(
            $"""
            INSERT INTO supervision_counters (issuer_org_id, year, last_number) VALUES ({issuerOrgId}, {year}, 1)
            ON CONFLICT (issuer_org_id, year) DO UPDATE SET last_number = supervision_counters.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(ct);
        return numbers.Single();
    }

    // ---- the receiver's steps ----

    /// <summary>签收.</summary>
    public async Task<OrderDetail> AcknowledgeAsync(Guid id, CancellationToken ct = default)
    {
        var order = await FindAsync(id, ct);
        await EnsureReceiverAsync(order, SupervisionAction.Acknowledge, ct);
        db.Add(order.Acknowledge(clock.GetUtcNow(), Current.UserName, Current.OrgId));
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// 反馈: the answer's text and the evidence files already uploaded (files of the receiving organization that nothing
    /// keeps yet, e.g. from <c>POST /api/v1/files?orgId=…</c>).
    /// </summary>
    public async Task<OrderDetail> RespondAsync(Guid id, RespondInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var order = await FindAsync(id, ct);
        await EnsureReceiverAsync(order, SupervisionAction.Respond, ct);
        var problems = new Problems();
        problems.Check(() => EnsureStep(order, SupervisionAction.Respond));
        var text = problems.Check(() => SupervisionRules.Response(input.Text));
        var fileIds = (input.FileIds ?? []).Distinct().ToList();
        await problems.CheckAsync(() => CheckEvidenceAsync(order, fileIds, ct));
        problems.ThrowIfAny();
        var response = order.Respond(text!, Today, clock.GetUtcNow(), Current.UserName, Current.OrgId);
        db.Add(response);
        db.AddRange(fileIds.Select(f => SupervisionFile.Of(response, f)));
        await SubmitObligationAsync(order, text!, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// 反馈 from the order page: the text and the files the form posted, kept as files of the receiving organization in
    /// the same transaction as the answer. A refusal (of the step, the text or a file) keeps nothing.
    /// </summary>
    public async Task<OrderDetail> RespondWithUploadsAsync(Guid id, string? text, IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var order = await FindAsync(id, ct);
        await EnsureReceiverAsync(order, SupervisionAction.Respond, ct);
        var problems = new Problems();
        problems.Check(() => EnsureStep(order, SupervisionAction.Respond));
        var checkedText = problems.Check(() => SupervisionRules.Response(text));
        if (files.Count > SupervisionOrder.MaxFilesPerResponse)
        {
            problems.Add("order_files_too_many", $"每次反馈最多 {SupervisionOrder.MaxFilesPerResponse} 个材料。", "files");
        }
        problems.ThrowIfAny();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var response = order.Respond(checkedText!, Today, clock.GetUtcNow(), Current.UserName, Current.OrgId);
                db.Add(response);
                foreach (var file in files)
                {
                    await uploads.SaveAsync(file.Content, file.FileName, file.ContentType, EvidenceFiles, order.OrgId,
                        f => [db.Add(SupervisionFile.Of(response, f.Id)).Entity], ct);
                }
                await SubmitObligationAsync(order, checkedText!, ct);
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
    /// The answer submits the receiver's obligation, in the same save as the answer (the engine saves what is pending); an
    /// order without one (none was opened for it) is saved on its own. The evidence files stay the order's.
    /// </summary>
    private async Task SubmitObligationAsync(SupervisionOrder order, string text, CancellationToken ct)
    {
        await obligations.SubmitForSourceAsync(ObligationKind, order.Id, null, order.OrgId, new ObligationEvidence(text), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Evidence must be files of the receiving organization, seen by the account, that nothing keeps yet.</summary>
    private async Task CheckEvidenceAsync(SupervisionOrder order, List<Guid> fileIds, CancellationToken ct)
    {
        if (fileIds.Count == 0)
        {
            return;
        }
        if (fileIds.Count > SupervisionOrder.MaxFilesPerResponse)
        {
            throw new DomainException("order_files_too_many", $"每次反馈最多 {SupervisionOrder.MaxFilesPerResponse} 个材料。", "fileIds");
        }
        var free = await cleanup.UsableEvidenceAsync(order.OrgId, fileIds, ct: ct);
        var unusable = fileIds.Where(f => !free.Contains(f)).ToList();
        if (unusable.Count > 0)
        {
            throw new DomainException("order_file_unusable",
                $"有 {unusable.Count} 个材料不能作为反馈材料（{string.Join("、", unusable)}）：材料须为承办单位上传、尚未用于其他记录的文件。", "fileIds");
        }
    }

    // ---- the issuer's steps ----

    /// <summary>核验办结, with an optional comment.</summary>
    public async Task<OrderDetail> VerifyAsync(Guid id, VerifyInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var order = await FindAsync(id, ct);
        await EnsureIssuerAsync(order, SupervisionAction.Verify, ct);
        var problems = new Problems();
        problems.Check(() => EnsureStep(order, SupervisionAction.Verify));
        var comment = problems.Check(() => SupervisionRules.Comment(input.Comment, "comment"));
        problems.ThrowIfAny();
        db.Add(order.Verify(comment, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        // Closes the receiver's obligation and saves the step with it.
        await obligations.CloseForSourceAsync(ObligationKind, order.Id, null, order.OrgId, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>退回, with the reason (kept in the history and the audit log); the order is the receiver's to answer again.</summary>
    public async Task<OrderDetail> ReturnAsync(Guid id, ReturnInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var order = await FindAsync(id, ct);
        await EnsureIssuerAsync(order, SupervisionAction.Return, ct);
        var problems = new Problems();
        problems.Check(() => EnsureStep(order, SupervisionAction.Return));
        var reason = problems.Check(() => Reasons.Require(input.Reason));
        problems.ThrowIfAny();
        db.Because(reason);
        db.Add(order.Return(reason!, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        // Owed again: the receiver's obligation reopens, saved with the step.
        await obligations.ReturnForSourceAsync(ObligationKind, order.Id, null, order.OrgId, reason!, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>升级为重点督办, with an optional note.</summary>
    public async Task<OrderDetail> EscalateAsync(Guid id, EscalateInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var order = await FindAsync(id, ct);
        await EnsureIssuerAsync(order, SupervisionAction.Escalate, ct);
        var problems = new Problems();
        problems.Check(() => EnsureStep(order, SupervisionAction.Escalate));
        var reason = problems.Check(() => SupervisionRules.Comment(input.Reason, "reason"));
        problems.ThrowIfAny();
        db.Add(order.Escalate(reason, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<SupervisionOrder> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<SupervisionOrder>().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("督办单", id);

    private static void EnsureStep(SupervisionOrder order, SupervisionAction action) => order.EnsureAllows(action);

    private async Task EnsureReceiverAsync(SupervisionOrder order, SupervisionAction action, CancellationToken ct)
    {
        if (!IsReceiver(order))
        {
            var names = await OrgNamesAsync([order.OrgId], ct);
            throw new ForbiddenException("order_not_receiver",
                $"只有承办单位（{names.GetValueOrDefault(order.OrgId)}）的账号可以{SupervisionLabels.Of(action)}{order.NumberText}。");
        }
    }

    private async Task EnsureIssuerAsync(SupervisionOrder order, SupervisionAction action, CancellationToken ct)
    {
        if (!IsIssuer(order))
        {
            var names = await OrgNamesAsync([order.IssuerOrgId], ct);
            throw new ForbiddenException("order_not_issuer",
                $"只有督办单位（{names.GetValueOrDefault(order.IssuerOrgId)}）可以{SupervisionLabels.Of(action)}{order.NumberText}。");
        }
    }

    // ---- dashboards ----

    /// <summary>
    /// Open 重点督办 orders the account is concerned with: those its organization issued or received, and every one in scope
    /// for the county's accounts (bound to a top organization, or to none).
    /// </summary>
    public async Task<OrderSummary> EscalatedAsync(int take, CancellationToken ct = default)
    {
        var q = db.Set<SupervisionOrder>().AsNoTracking().Where(o => o.IsEscalated && o.State != SupervisionState.Closed);
        if (Current.OrgId is { } own)
        {
            // A top organization's path is its own segment alone: a signed-in account's path says so without asking.
            var top = Current.OrgPath is { } path
                ? OrgPath.DepthOf(path) == 0
                : await db.Set<Organization>().AsNoTracking().AnyAsync(o => o.Id == own && o.ParentId == null, ct);
            if (!top)
            {
                q = q.Where(o => o.IssuerOrgId == own || o.OrgId == own);
            }
        }
        return await SummaryAsync(q, take, ct);
    }

    /// <summary>What waits for an issuing organization: the answers it has to verify.</summary>
    public Task<OrderSummary> ToVerifyAsync(Guid issuerOrgId, int take, CancellationToken ct = default) =>
        SummaryAsync(db.Set<SupervisionOrder>().AsNoTracking()
            .Where(o => o.IssuerOrgId == issuerOrgId && o.State == SupervisionState.Responded), take, ct);

    private async Task<OrderSummary> SummaryAsync(IQueryable<SupervisionOrder> q, int take, CancellationToken ct)
    {
        var today = Today;
        // Both counts from one statement; the first few only when there are any.
        var counts = await q.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Overdue = g.Count(o => o.State != SupervisionState.Closed && o.DueOn < today) })
            .SingleOrDefaultAsync(ct);
        if (counts is null)
        {
            return new OrderSummary(0, 0, []);
        }
        var first = await WithIssuerNamesAsync(await Rows(q.OrderBy(o => o.DueOn).ThenBy(o => o.Id)).Take(take).ToListAsync(ct), ct);
        return new OrderSummary(counts.Count, counts.Overdue, first);
    }
}
