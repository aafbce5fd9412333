using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Obligations;

/// <summary>
/// 待办事项: the one engine every capability opens, submits, closes and cancels its obligations through, and the lists
/// and counts the pages read. Two kinds of callers:
/// <list type="bullet">
/// <item>a capability, in its own action, which has checked its own permission (<see cref="OpenAsync"/>,
/// <see cref="OpenAllAsync"/>, <see cref="SubmitForSourceAsync(string, Guid, string?, Guid, ObligationEvidence, CancellationToken)"/>,
/// <see cref="ReturnForSourceAsync"/>, <see cref="CloseForSourceAsync"/>, <see cref="CancelForSourceAsync"/>);</item>
/// <item>an account on the obligations pages and API, for what is submitted here (<see cref="Obligation.HandledAtSource"/>
/// false: the calendar's reports): <see cref="SubmitAsync"/>, <see cref="ReturnAsync"/>, <see cref="CloseAsync"/>,
/// <see cref="CancelAsync"/>, which ask for <see cref="Permission.ObligationsWrite"/>; closing, returning and
/// cancelling also for the issuer's organization in the account's scope.</item>
/// </list>
/// Every method saves what the scope's context has pending, so a capability may add its own row and open its obligation
/// in one save. Reads are filtered by the account's data scope like every query: the owing organization must be in it.
/// </summary>
public sealed class ObligationService(ZerenDbContext db, TimeProvider clock, ActorAccessor actor)
{
    private DateOnly Today => ChinaTime.Today(clock);

    private string Who => actor.Current.UserName;

    // ----- What capabilities call -----

    /// <summary>
    /// Opens the obligation a draft describes and returns its id. Idempotent on (kind, source, period, organization): when
    /// it is already there its id is returned, and an open one is brought up to date with the draft (title, due day,
    /// link, person, issuer); a submitted, closed or cancelled one is left as it is.
    /// </summary>
    public async Task<Guid> OpenAsync(ObligationDraft draft, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var (ids, _, _) = await OpenCoreAsync([draft], ct);
        return ids[0];
    }

    /// <summary>
    /// Opens many drafts at once (the daily job, a list issued to every township), looking up the ones already there in a
    /// few queries. Returns how many were opened and how many open ones were brought up to date.
    /// </summary>
    public async Task<(int Opened, int Updated)> OpenAllAsync(IReadOnlyList<ObligationDraft> drafts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return (0, 0);
        }
        var (_, opened, updated) = await OpenCoreAsync(drafts, ct);
        return (opened, updated);
    }

    /// <summary>
    /// The owner has done it by the capability's own action (a reconciliation saved, an order answered): the open
    /// obligation of that key is submitted, with its lateness, and its id returned. One already submitted or closed is
    /// left as it is (its id returned); null when there is none (nothing was owed, or it was cancelled).
    /// </summary>
    public async Task<Guid?> SubmitForSourceAsync(string kind, Guid sourceId, string? period, Guid orgId, ObligationEvidence evidence,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var key = period?.Trim() ?? "";
        var o = await db.Set<Obligation>().Include(x => x.Files)
            .SingleOrDefaultAsync(x => x.Kind == kind && x.SourceId == sourceId && x.Period == key && x.OrgId == orgId, ct);
        return o is null ? null : await SubmitFoundAsync(o, evidence, requireText: false, ct);
    }

    /// <summary>
    /// As above, opening the draft's obligation first when it is not there yet (a reconciliation saved before the
    /// calendar opened the month's obligation counts all the same).
    /// </summary>
    public async Task<Guid?> SubmitForSourceAsync(ObligationDraft draft, ObligationEvidence evidence, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(evidence);
        var id = await OpenAsync(draft, ct);
        var o = await db.Set<Obligation>().Include(x => x.Files).SingleAsync(x => x.Id == id, ct);
        return await SubmitFoundAsync(o, evidence, requireText: false, ct);
    }

    /// <summary>The issuer sent the capability's submission back (an order's response returned): owed again. False when none was submitted.</summary>
    public async Task<bool> ReturnForSourceAsync(string kind, Guid sourceId, string? period, Guid orgId, string reason, CancellationToken ct = default)
    {
        var key = period?.Trim() ?? "";
        var o = await db.Set<Obligation>()
            .SingleOrDefaultAsync(x => x.Kind == kind && x.SourceId == sourceId && x.Period == key && x.OrgId == orgId, ct);
        if (o is not { State: ObligationState.Submitted })
        {
            return false;
        }
        o.Return(Reasons.Require(reason), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The capability settled its source (an order verified, a project done): its open and submitted obligations (of a
    /// period, of an organization, when given) are closed. Returns how many.
    /// </summary>
    public async Task<int> CloseForSourceAsync(string kind, Guid sourceId, string? period = null, Guid? orgId = null, CancellationToken ct = default)
    {
        var found = await ForSource(kind, sourceId, period, orgId)
            .Where(o => o.State == ObligationState.Open || o.State == ObligationState.Submitted).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var o in found)
        {
            o.Close(now, Who, fromOpen: true);
        }
        await db.SaveChangesAsync(ct);
        return found.Count;
    }

    /// <summary>
    /// The source is no longer pursued (a project cancelled, an order withdrawn): its open obligations (of a period, of an
    /// organization, when given) are cancelled with the reason, which the audit log keeps. Submitted ones stay, as done.
    /// Returns how many.
    /// </summary>
    public async Task<int> CancelForSourceAsync(string kind, Guid sourceId, string reason, string? period = null, Guid? orgId = null,
        CancellationToken ct = default)
    {
        var text = db.Because(reason);
        var found = await ForSource(kind, sourceId, period, orgId).Where(o => o.State == ObligationState.Open).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var o in found)
        {
            o.Cancel(text, now, Who);
        }
        await db.SaveChangesAsync(ct);
        return found.Count;
    }

    // ----- What accounts do on the obligations pages -----

    /// <summary>The owner submits an obligation of the calendar with its evidence (text required, files optional).</summary>
    public async Task<ObligationDetail> SubmitAsync(Guid id, ObligationEvidence evidence, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        RequireWrite();
        var o = await FindHereAsync(id, ct);
        await SubmitFoundAsync(o, evidence, requireText: true, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The issuer sends a submission back to be done again, with the reason.</summary>
    public async Task<ObligationDetail> ReturnAsync(Guid id, string reason, CancellationToken ct = default)
    {
        RequireWrite();
        var o = await FindHereAsync(id, ct);
        await RequireIssuerAsync(o, ct);
        var text = db.Because(reason);
        o.Return(text, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The issuer accepts a submission: closed.</summary>
    public async Task<ObligationDetail> CloseAsync(Guid id, CancellationToken ct = default)
    {
        RequireWrite();
        var o = await FindHereAsync(id, ct);
        await RequireIssuerAsync(o, ct);
        o.Close(clock.GetUtcNow(), Who, fromOpen: false);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The issuer cancels an obligation no longer owed (open or submitted), with the reason.</summary>
    public async Task<ObligationDetail> CancelAsync(Guid id, string reason, CancellationToken ct = default)
    {
        RequireWrite();
        var o = await FindHereAsync(id, ct);
        await RequireIssuerAsync(o, ct);
        var text = db.Because(reason);
        o.Cancel(text, clock.GetUtcNow(), Who);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    // ----- Reading -----

    /// <summary>A page of the obligations a filter finds: open ones first, nearest due first, then the rest by due day.</summary>
    public async Task<Paged<ObligationRow>> ListAsync(ObligationFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        return await Rows(q.OrderBy(o => o.State == ObligationState.Open ? 0 : 1).ThenBy(o => o.DueOn).ThenBy(o => o.Id))
            .ToPagedAsync(page, ct);
    }

    /// <summary>How many obligations a filter finds in each state, in one query.</summary>
    public async Task<ObligationCounts> CountAsync(ObligationFilter filter, CancellationToken ct = default)
    {
        var q = await FilterAsync(filter, ct);
        var today = Today;
        var counts = await q.GroupBy(_ => 1).Select(g => new ObligationCounts(
                g.Count(o => o.State == ObligationState.Open && o.DueOn >= today),
                g.Count(o => o.State == ObligationState.Open && o.DueOn < today),
                g.Count(o => o.State == ObligationState.Submitted),
                g.Count(o => (o.State == ObligationState.Submitted || o.State == ObligationState.Closed) && o.SubmittedLate),
                g.Count(o => o.State == ObligationState.Closed),
                g.Count(o => o.State == ObligationState.Cancelled)))
            .SingleOrDefaultAsync(ct);
        return counts ?? new ObligationCounts(0, 0, 0, 0, 0, 0);
    }

    public async Task<ObligationDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<Obligation>().AsNoTracking().Where(o => o.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("待办事项", id);
        var more = await db.Set<Obligation>().AsNoTracking().Where(o => o.Id == id)
            .Select(o => new { o.SubmittedBy, o.Evidence, o.ClosedBy, o.Reason, o.CreatedAt, o.CreatedBy, Files = o.Files.Select(f => f.StoredFileId).ToList() })
            .SingleAsync(ct);
        // Names from beyond the account's scope (the issuer above it, a person registered elsewhere) in queries of their
        // own, each lifting only what it must.
        string? personName = row.PersonId is { } personId
            ? await db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]).Where(p => p.Id == personId).Select(p => p.Name).SingleOrDefaultAsync(ct)
            : null;
        string? issuerName = row.IssuerOrgId is { } issuer
            ? await db.Set<Organization>().IgnoreQueryFilters().Where(x => x.Id == issuer).Select(x => x.Name).SingleOrDefaultAsync(ct)
            : null;
        var files = more.Files.Count == 0 ? [] : await db.Set<StoredFile>().IgnoreQueryFilters().AsNoTracking()
            .Where(f => more.Files.Contains(f.Id)).OrderBy(f => f.CreatedAt)
            .Select(f => new ObligationFileView(f.Id, f.FileName, f.ContentType, f.Size)).ToListAsync(ct);
        return new ObligationDetail(row, personName, issuerName, more.SubmittedBy, more.Evidence, files, more.ClosedBy, more.Reason,
            more.CreatedAt, more.CreatedBy);
    }

    /// <summary>
    /// The grid the county reads (乡镇 × 月份): for each organization directly under <paramref name="orgId"/> (a county's
    /// townships), with everything under it, the obligations falling due in each month of <paramref name="year"/> (of a
    /// kind, when given), counted in the database in one query.
    /// </summary>
    public async Task<ObligationGrid> GridAsync(Guid orgId, int year, string? kind = null, CancellationToken ct = default)
    {
        if (!Period.IsWorkingYear(year))
        {
            throw new DomainException("obligation_grid_year", Period.WorkingYearMessage, "year");
        }
        var orgs = db.Set<Organization>().AsNoTracking();
        var top = await orgs.Where(o => o.Id == orgId).Select(o => new { o.Id, o.Name, o.Path, o.Depth }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("组织", orgId);
        var children = await orgs.Where(o => o.ParentId == orgId).OrderBy(o => o.SortOrder).ThenBy(o => o.Name)
            .Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct);
        // A child's subtree is every path starting with its own: the prefix one segment longer than the top's.
        var prefix = top.Path.Length + OrgPath.SegmentLength;
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var today = Today;
        var q = db.Set<Obligation>().AsNoTracking().Where(o => o.DueOn >= from && o.DueOn <= to && o.State != ObligationState.Cancelled);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var k = kind.Trim();
            q = q.Where(o => o.Kind == k);
        }
        var counts = await (
                from o in q
                join org in orgs.InSubtree(db, top.Path) on o.OrgId equals org.Id
                where org.Path != top.Path
                group o by new { Child = org.Path.Substring(0, prefix), o.DueOn.Month } into g
                select new
                {
                    g.Key.Child,
                    g.Key.Month,
                    Total = g.Count(),
                    Open = g.Count(o => o.State == ObligationState.Open && o.DueOn >= today),
                    Overdue = g.Count(o => o.State == ObligationState.Open && o.DueOn < today),
                    Done = g.Count(o => o.State == ObligationState.Submitted || o.State == ObligationState.Closed),
                    Late = g.Count(o => (o.State == ObligationState.Submitted || o.State == ObligationState.Closed) && o.SubmittedLate),
                })
            .ToListAsync(ct);
        var byChild = counts.ToLookup(c => c.Child);
        var rows = children.Select(c =>
        {
            var months = byChild[c.Path].ToDictionary(m => m.Month);
            return new ObligationGridRow(c.Id, c.Name, Enumerable.Range(1, 12).Select(m => months.TryGetValue(m, out var x)
                ? new ObligationGridCell(m, x.Total, x.Open, x.Overdue, x.Done, x.Late)
                : new ObligationGridCell(m, 0, 0, 0, 0, 0)).ToList());
        }).ToList();
        return new ObligationGrid(top.Id, top.Name, year, string.IsNullOrWhiteSpace(kind) ? null : kind.Trim(), rows);
    }

    /// <summary>The obligations a filter selects, unordered and untracked (the list, the counts and the export share it).</summary>
    public async Task<IQueryable<Obligation>> FilterAsync(ObligationFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // The scope is the model's filter: a semi-join from the scope's organizations (ADR 0043).
        var q = db.Set<Obligation>().AsNoTracking();
        var orgs = db.Set<Organization>();
        if (filter.Under is { } under)
        {
            var path = await orgs.Where(o => o.Id == under).Select(o => o.Path).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("组织", under);
            var subtree = orgs.InSubtree(db, path);
            q = q.Where(o => subtree.Any(s => s.Id == o.OrgId));
        }
        if (filter.OrgId is { } orgId)
        {
            q = q.Where(o => o.OrgId == orgId);
        }
        if (filter.State is { } state)
        {
            q = q.Where(o => o.State == state);
        }
        var today = Today;
        if (filter.Overdue is { } overdue)
        {
            q = overdue
                ? q.Where(o => o.State == ObligationState.Open && o.DueOn < today)
                : q.Where(o => !(o.State == ObligationState.Open && o.DueOn < today));
        }
        if (filter.Late is { } late)
        {
            q = q.Where(o => o.SubmittedLate == late);
        }
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            var kind = filter.Kind.Trim();
            q = q.Where(o => o.Kind == kind);
        }
        if (!string.IsNullOrWhiteSpace(filter.Period))
        {
            var period = filter.Period.Trim();
            q = q.Where(o => o.Period == period);
        }
        if (filter.DueFrom is { } from)
        {
            q = q.Where(o => o.DueOn >= from);
        }
        if (filter.DueTo is { } to)
        {
            q = q.Where(o => o.DueOn <= to);
        }
        if (filter.PersonId is { } person)
        {
            q = q.Where(o => o.PersonId == person);
        }
        if (!string.IsNullOrWhiteSpace(filter.SourceType))
        {
            var sourceType = filter.SourceType.Trim();
            q = q.Where(o => o.SourceType == sourceType);
        }
        if (filter.SourceId is { } source)
        {
            q = q.Where(o => o.SourceId == source);
        }
        if (filter.IssuerOrgId is { } issuerOrg)
        {
            q = q.Where(o => o.IssuerOrgId == issuerOrg);
        }
        return q;
    }

    private IQueryable<ObligationRow> Rows(IQueryable<Obligation> q)
    {
        var today = Today;
        return q.Select(o => new ObligationRow(
            o.Id, o.Kind, o.Title, o.OrgId, db.Set<Organization>().Where(x => x.Id == o.OrgId).Select(x => x.Name).FirstOrDefault() ?? "",
            o.PersonId, o.IssuerOrgId, o.DueOn, o.Period == "" ? null : o.Period, o.SourceType, o.SourceId, o.Link, o.HandledAtSource, o.State,
            o.State == ObligationState.Open && o.DueOn < today, o.SubmittedAt, o.SubmittedLate, o.ClosedAt));
    }

    // ----- Inside -----

    private IQueryable<Obligation> ForSource(string kind, Guid sourceId, string? period, Guid? orgId)
    {
        var q = db.Set<Obligation>().Where(o => o.Kind == kind && o.SourceId == sourceId);
        if (period is not null)
        {
            var key = period.Trim();
            q = q.Where(o => o.Period == key);
        }
        if (orgId is { } org)
        {
            q = q.Where(o => o.OrgId == org);
        }
        return q;
    }

    private async Task<(IReadOnlyList<Guid> Ids, int Opened, int Updated)> OpenCoreAsync(IReadOnlyList<ObligationDraft> drafts, CancellationToken ct)
    {
        var problems = new Problems();
        for (var i = 0; i < drafts.Count; i++)
        {
            problems.AddRange(Check(drafts[i], drafts.Count == 1 ? "" : $"[{i}]."));
        }
        problems.ThrowIfAny();
        await CheckReferencesAsync(drafts, ct);

        // The obligations already there, a few hundred sources per query.
        var existing = new Dictionary<(string, Guid, string, Guid), Obligation>();
        foreach (var group in drafts.GroupBy(d => d.Kind.Trim()))
        {
            foreach (var chunk in group.Select(d => d.SourceId).Distinct().Chunk(500))
            {
                var kind = group.Key;
                var found = await db.Set<Obligation>().Where(o => o.Kind == kind && chunk.Contains(o.SourceId)).ToListAsync(ct);
                foreach (var o in found)
                {
                    existing[(o.Kind, o.SourceId, o.Period, o.OrgId)] = o;
                }
            }
        }
        var now = clock.GetUtcNow();
        var ids = new List<Guid>(drafts.Count);
        int opened = 0, updated = 0;
        foreach (var draft in drafts)
        {
            var key = (draft.Kind.Trim(), draft.SourceId, draft.Period?.Trim() ?? "", draft.OrgId);
            if (existing.TryGetValue(key, out var o))
            {
                updated += o.Refresh(draft, now) ? 1 : 0;
            }
            else
            {
                o = Obligation.Open(draft, now, Who);
                db.Add(o);
                existing[key] = o;
                opened++;
            }
            ids.Add(o.Id);
        }
        await db.SaveChangesAsync(ct);
        return (ids, opened, updated);
    }

    /// <summary>The draft's own faults (a capability's mistake more than an account's, named all the same).</summary>
    private static List<ValidationError> Check(ObligationDraft d, string at)
    {
        var errors = new List<ValidationError>();
        var kind = d.Kind?.Trim() ?? "";
        if (kind.Length == 0 || kind.Length > Obligation.KindMax)
        {
            errors.Add(new(at + "kind", $"事项类型不能为空，且不超过 {Obligation.KindMax} 个字符。", Code: "obligation_kind"));
        }
        var title = d.Title?.Trim() ?? "";
        if (title.Length == 0 || title.Length > Obligation.TitleMax)
        {
            errors.Add(new(at + "title", $"事项名称不能为空，且不超过 {Obligation.TitleMax} 个字。", Code: "obligation_title"));
        }
        var sourceType = d.SourceType?.Trim() ?? "";
        if (sourceType.Length == 0 || sourceType.Length > Obligation.SourceTypeMax || d.SourceId == Guid.Empty)
        {
            errors.Add(new(at + "sourceId", "事项须注明来源（来源类型和编号）。", Code: "obligation_source"));
        }
        if (d.OrgId == Guid.Empty)
        {
            errors.Add(new(at + "orgId", "请选择责任组织。", Code: "obligation_org"));
        }
        if (d.Period is { } period && !ObligationPeriod.TryParse(period, out _))
        {
            errors.Add(new(at + "period", $"期间“{period}”格式不正确：应为 2026-03（月）、2026-Q1（季度）、2026-H1（半年）或 2026（年）。", Code: "obligation_period"));
        }
        if (d.Link is { } link && !string.IsNullOrWhiteSpace(link)
            && (link.Trim().Length > Obligation.LinkMax || !link.Trim().StartsWith('/') || link.Trim().StartsWith("//", StringComparison.Ordinal)))
        {
            errors.Add(new(at + "link", "办理页面应为本系统内的地址（以 / 开头）。", Code: "obligation_link"));
        }
        return errors;
    }

    /// <summary>The owing organizations must be in scope (else not found); persons and issuers must exist.</summary>
    private async Task CheckReferencesAsync(IReadOnlyList<ObligationDraft> drafts, CancellationToken ct)
    {
        var orgIds = drafts.Select(d => d.OrgId).Distinct().ToList();
        var seen = new HashSet<Guid>();
        foreach (var chunk in orgIds.Chunk(500))
        {
            seen.UnionWith(await db.Set<Organization>().Where(o => chunk.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct));
        }
        if (orgIds.FirstOrDefault(id => !seen.Contains(id)) is var missing && missing != Guid.Empty)
        {
            throw new NotFoundException("组织", missing);
        }
        // The issuer is usually above the writer's scope (a township answering to the county): its existence is asked
        // across scopes, and nothing of it is returned.
        var issuers = drafts.Where(d => d.IssuerOrgId is not null).Select(d => d.IssuerOrgId!.Value).Distinct().ToList();
        foreach (var chunk in issuers.Chunk(500))
        {
            var found = await db.Set<Organization>().IgnoreQueryFilters().Where(o => chunk.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
            if (chunk.FirstOrDefault(id => !found.Contains(id)) is var gone && gone != Guid.Empty)
            {
                throw new NotFoundException("组织", gone);
            }
        }
        var people = drafts.Where(d => d.PersonId is not null).Select(d => d.PersonId!.Value).Distinct().ToList();
        foreach (var chunk in people.Chunk(500))
        {
            var found = await db.Set<Person>().IgnoreQueryFilters().Where(p => chunk.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            if (chunk.FirstOrDefault(id => !found.Contains(id)) is var gone && gone != Guid.Empty)
            {
                throw new NotFoundException("人员", gone);
            }
        }
    }

    private async Task<Guid?> SubmitFoundAsync(Obligation o, ObligationEvidence evidence, bool requireText, CancellationToken ct)
    {
        if (!requireText && o.State != ObligationState.Open)
        {
            // The capability's action done again (a second reconciliation in the month): already done.
            return o.State == ObligationState.Cancelled ? null : o.Id;
        }
        var problems = new Problems();
        var text = evidence.Text?.Trim();
        if (requireText && string.IsNullOrEmpty(text))
        {
            problems.Add("obligation_evidence_required", "请填写报送说明。", "text");
        }
        else if (text?.Length > Obligation.EvidenceMax)
        {
            problems.Add("obligation_evidence_too_long", $"报送说明不能超过 {Obligation.EvidenceMax} 个字。", "text");
        }
        var fileIds = evidence.FileIds ?? [];
        if (fileIds.Count > Obligation.MaxFiles)
        {
            problems.Add("obligation_too_many_files", $"附件不能超过 {Obligation.MaxFiles} 个。", "fileIds");
        }
        else if (fileIds.Count > 0)
        {
            // Files the account can see: its own uploads of an organization in its scope.
            var distinct = fileIds.Distinct().ToList();
            var found = await db.Set<StoredFile>().Where(f => distinct.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct);
            for (var i = 0; i < fileIds.Count; i++)
            {
                if (!found.Contains(fileIds[i]))
                {
                    problems.Add("obligation_file_not_found", "未找到该附件，请重新上传。", $"fileIds[{i}]");
                }
            }
        }
        problems.Check(() =>
        {
            if (o.State != ObligationState.Open)
            {
                throw new DomainException("obligation_not_open", $"该事项{ObligationLabels.Of(o.State)}，不能再报送。", "state");
            }
        });
        problems.ThrowIfAny();
        o.Submit(text, fileIds, clock.GetUtcNow(), Who);
        await db.SaveChangesAsync(ct);
        return o.Id;
    }

    private void RequireWrite()
    {
        if (!actor.Current.Has(Permission.ObligationsWrite))
        {
            throw new ForbiddenException("您的角色不能办理待办事项。");
        }
    }

    /// <summary>
    /// An obligation of the calendar, found in the account's scope: one its capability handles (a project's
    /// reconciliation) is done there, not here.
    /// </summary>
    private async Task<Obligation> FindHereAsync(Guid id, CancellationToken ct)
    {
        var o = await db.Set<Obligation>().Include(x => x.Files).SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("待办事项", id);
        if (o.HandledAtSource)
        {
            throw new DomainException("obligation_handled_at_source",
                $"“{o.Title}”在其业务页面办理{(o.Link is null ? "" : $"（{o.Link}）")}，完成后自动报送，不在此报送、办结或取消。", "id");
        }
        return o;
    }

    /// <summary>Closing, returning and cancelling are the issuer's: its organization must be in the account's scope.</summary>
    private async Task RequireIssuerAsync(Obligation o, CancellationToken ct)
    {
        if (o.IssuerOrgId is { } issuer && !await db.Set<Organization>().AnyAsync(x => x.Id == issuer, ct))
        {
            throw new ForbiddenException("obligation_issuer_only", "只有下达单位可以办结、退回或取消此事项。");
        }
    }
}
