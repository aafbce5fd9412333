using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Checklists;

/// <summary>
/// 标准化建设清单: templates of a year held by an organization (<see cref="Permission.AssessmentConfigure"/>), editable
/// until the first claim and then frozen (a change is a new version, which counts from then on); per village branch
/// under the holder, each item 未达标 → 已申报 (the village, <see cref="Permission.ListsReport"/>, with a note and the
/// photos the item requires) → 已验收, or 已退回 with a reason (claimable again), by a verifier of an organization above
/// the village (<see cref="Permission.ProblemsVerify"/>; never the village itself nor the organization that claimed).
/// Every step is kept with who and when (<see cref="ChecklistEvent"/>). A village is 达标 for a template when every item
/// of it is verified.
/// </summary>
public sealed class ChecklistService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, UploadStore uploads, UploadCleanup cleanup)
{
    public const int MaxItems = 50;
    public const int MaxFiles = 9;

    /// <summary>What a claim may carry: photos.</summary>
    public static readonly IReadOnlyCollection<FileKind> PhotoFiles = [FileKind.Jpeg, FileKind.Png];

    private Actor Current => actor.Current;

    /// <summary>Village and community branches: rural or community organizations under a township.</summary>
    public static IQueryable<Organization> Branches(IQueryable<Organization> orgs) =>
        orgs.Where(o => o.Depth == 2 && (o.Domain == OrgDomain.Rural || o.Domain == OrgDomain.Community));

    // ----- templates -----

    /// <summary>The templates of the account's line (held by its organization, one above it, or one under it), newest year first.</summary>
    public async Task<IReadOnlyList<ChecklistTemplateRow>> ListTemplatesAsync(int? year = null, CancellationToken ct = default)
    {
        var q = db.Set<ChecklistTemplate>().AsNoTracking();
        if (year is { } y)
        {
            q = q.Where(t => t.Year == y);
        }
        var rows = await q.Join(db.Set<Organization>().IgnoreQueryFilters(), t => t.OrgId, o => o.Id, (t, o) => new { t, o.Path, o.Name })
            .ToListAsync(ct);
        var visible = rows.Where(r => Sees(r.Path)).ToList();
        var ids = visible.Select(r => r.t.Id).ToList();
        var items = await db.Set<ChecklistItem>().AsNoTracking().Where(i => ids.Contains(i.TemplateId))
            .GroupBy(i => i.TemplateId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var frozen = (await db.Set<ChecklistEntry>().IgnoreQueryFilters().AsNoTracking().Where(e => ids.Contains(e.TemplateId))
            .Select(e => e.TemplateId).Distinct().ToListAsync(ct)).ToHashSet();
        return visible
            .OrderByDescending(r => r.t.Year).ThenBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.t.Kind).ThenByDescending(r => r.t.Version)
            .Select(r => new ChecklistTemplateRow(r.t.Id, r.t.OrgId, r.Name, r.t.Year, r.t.Kind, ChecklistDefaults.KindLabel(r.t.Kind), r.t.Name,
                r.t.Version, !rows.Any(o => o.t.OrgId == r.t.OrgId && o.t.Year == r.t.Year && o.t.Kind == r.t.Kind && o.t.Version > r.t.Version),
                frozen.Contains(r.t.Id), items.GetValueOrDefault(r.t.Id)))
            .ToList();
    }

    public async Task<ChecklistTemplateDetail> GetTemplateAsync(Guid id, CancellationToken ct = default)
    {
        var (t, holder) = await FindAsync(id, ct);
        var items = await ItemsAsync(id, ct);
        var frozen = await FrozenAsync(id, ct);
        var current = await IsCurrentAsync(t, ct);
        return new ChecklistTemplateDetail(t.Id, t.OrgId, holder.Name, t.Year, t.Kind, ChecklistDefaults.KindLabel(t.Kind), t.Name, t.Version,
            t.CopiedFromId, current, frozen, !frozen && MayConfigure(holder.Path), items, MayConfigure(holder.Path));
    }

    /// <summary>Where the account may hold a new template: the organizations in its scope with village branches under them (county, townships).</summary>
    public async Task<IReadOnlyList<ChecklistHolder>> HoldersAsync(CancellationToken ct = default)
    {
        if (!Current.Has(Permission.AssessmentConfigure))
        {
            return [];
        }
        var branches = Branches(db.Set<Organization>().AsNoTracking());
        var holders = await db.Set<Organization>().AsNoTracking()
            .Where(o => o.Depth == 0 || (o.Depth == 1 && branches.Any(b => b.ParentId == o.Id)))
            .OrderBy(o => o.Path).Select(o => new ChecklistHolder(o.Id, o.Name, o.Depth)).ToListAsync(ct);
        return holders;
    }

    public async Task<ChecklistTemplateDetail> CreateTemplateAsync(ChecklistTemplateInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireConfigure();
        var problems = new Problems();
        Organization? holder = null;
        if ((input.OrgId ?? Current.OrgId) is not { } orgId || orgId == Guid.Empty)
        {
            problems.Add("checklist_org_required", "请选择制定单位。", "orgId");
        }
        else
        {
            holder = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct) ?? throw new NotFoundException("组织", orgId);
            if (holder.Depth > 1)
            {
                problems.Add("checklist_org_invalid", $"{holder.Name}下没有村（社区）党组织：清单由县委或乡镇（街道）党委制定。", "orgId");
            }
        }
        CheckYear(input.Year, problems, "year");
        var name = CheckName(string.IsNullOrWhiteSpace(input.Name) ? ChecklistDefaults.DefaultName(input.Kind, input.Year) : input.Name, problems);
        var items = CheckItems(input.Items ?? ChecklistDefaults.For(input.Kind), problems);
        if (holder is not null && !problems.Any
            && await db.Set<ChecklistTemplate>().AnyAsync(t => t.OrgId == holder.Id && t.Year == input.Year && t.Kind == input.Kind, ct))
        {
            problems.Add("checklist_exists",
                $"{holder.Name}已有 {input.Year} 年的{ChecklistDefaults.KindLabel(input.Kind)}清单：请修改它，已有申报的请复制为新版本。", "kind");
        }
        problems.ThrowIfAny();
        var now = clock.GetUtcNow();
        var t = new ChecklistTemplate
        {
            Id = Ids.New(), OrgId = holder!.Id, Year = input.Year, Kind = input.Kind, Name = name!, Version = 1,
            CreatedAt = now, CreatedBy = Current.UserName, UpdatedAt = now, UpdatedBy = Current.UserName,
        };
        db.Add(t);
        AddItems(t.Id, items);
        await db.SaveChangesAsync(ct);
        return await GetTemplateAsync(t.Id, ct);
    }

    /// <summary>Changes the name and replaces the items, while no village has claimed against the template.</summary>
    public async Task<ChecklistTemplateDetail> UpdateTemplateAsync(Guid id, ChecklistTemplateUpdate input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireConfigure();
        var (t, holder) = await FindAsync(id, ct, track: true);
        RequireHolderInScope(holder);
        if (await FrozenAsync(id, ct))
        {
            throw new DomainException("checklist_frozen", "已有村（社区）按此清单申报，清单已冻结，不能再修改：请复制为新版本后修改。", "items");
        }
        var problems = new Problems();
        var name = CheckName(input.Name, problems);
        var items = CheckItems(input.Items ?? [], problems);
        problems.ThrowIfAny();
        t.Name = name!;
        t.UpdatedAt = clock.GetUtcNow();
        t.UpdatedBy = Current.UserName;
        db.RemoveRange(await db.Set<ChecklistItem>().Where(i => i.TemplateId == id).ToListAsync(ct));
        AddItems(id, items);
        await db.SaveChangesAsync(ct);
        return await GetTemplateAsync(id, ct);
    }

    /// <summary>A new version of a template (for its year or another), its items copied; from then on it is the one that counts.</summary>
    public async Task<ChecklistTemplateDetail> CopyTemplateAsync(Guid id, ChecklistCopyInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireConfigure();
        var (t, holder) = await FindAsync(id, ct);
        RequireHolderInScope(holder);
        var year = input.Year ?? t.Year;
        var problems = new Problems();
        CheckYear(year, problems, "year");
        problems.ThrowIfAny();
        var last = await db.Set<ChecklistTemplate>().Where(x => x.OrgId == t.OrgId && x.Year == year && x.Kind == t.Kind)
            .MaxAsync(x => (int?)x.Version, ct) ?? 0;
        var now = clock.GetUtcNow();
        var copy = new ChecklistTemplate
        {
            Id = Ids.New(), OrgId = t.OrgId, Year = year, Kind = t.Kind, Version = last + 1, CopiedFromId = t.Id,
            Name = year == t.Year ? t.Name : t.Name.Replace(t.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            CreatedAt = now, CreatedBy = Current.UserName, UpdatedAt = now, UpdatedBy = Current.UserName,
        };
        db.Add(copy);
        AddItems(copy.Id, (await ItemsAsync(id, ct)).Select(i => new ChecklistItemInput(i.Name, i.Description, i.PhotoRequired)).ToList());
        await db.SaveChangesAsync(ct);
        return await GetTemplateAsync(copy.Id, ct);
    }

    // ----- the board and a village -----

    /// <summary>达标看板: the villages under the holder in the account's scope (of one township when given) × the items.</summary>
    public async Task<ChecklistBoard> BoardAsync(Guid id, Guid? townshipId = null, CancellationToken ct = default)
    {
        var (t, holder) = await FindAsync(id, ct);
        var items = await ItemsAsync(id, ct);
        var villages = Branches(db.Set<Organization>().AsNoTracking().InSubtree(db, holder.Path));
        if (townshipId is { } tid)
        {
            villages = villages.Where(o => o.ParentId == tid);
        }
        var list = await villages.OrderBy(o => o.Path).Select(o => new { o.Id, o.Name, o.ParentId }).ToListAsync(ct);
        var parentIds = list.Select(v => v.ParentId).OfType<Guid>().Distinct().ToList();
        var townships = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(o => parentIds.Contains(o.Id))
            .OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var entryRows = db.Set<ChecklistEntry>().AsNoTracking().Where(e => e.TemplateId == id);
        if (townshipId is not null)
        {
            // One township's villages: only their entries leave the database (a semi-join on the same villages).
            entryRows = entryRows.Where(e => villages.Any(v => v.Id == e.OrgId));
        }
        var entries = await entryRows.Select(e => new { e.OrgId, e.ItemId, e.State }).ToListAsync(ct);
        var states = entries.ToDictionary(e => (e.OrgId, e.ItemId), e => e.State);
        var names = townships.ToDictionary(x => x.Id, x => x.Name);
        var rows = list.Select(v =>
        {
            var s = items.Select(i => states.GetValueOrDefault((v.Id, i.Id), ChecklistItemState.NotMet)).ToList();
            var verified = s.Count(x => x == ChecklistItemState.Verified);
            return new BoardRow(v.Id, v.Name, v.ParentId, v.ParentId is { } p ? names.GetValueOrDefault(p, "") : "", s, verified,
                items.Count > 0 && verified == items.Count);
        }).ToList();
        var perTownship = townships.Select(x =>
        {
            var mine = rows.Where(r => r.TownshipId == x.Id).ToList();
            return new BoardTownship(x.Id, x.Name, mine.Count, mine.Count(r => r.Passed), mine.Sum(r => r.States.Count(s => s == ChecklistItemState.Claimed)));
        }).ToList();
        return new ChecklistBoard(t.Id, t.Name, t.Kind, ChecklistDefaults.KindLabel(t.Kind), t.Year, t.Version, items, perTownship, rows,
            rows.Count, rows.Count(r => r.Passed), perTownship.Sum(x => x.Claimed));
    }

    /// <summary>One village's checklist: each item's state, note, photos and history, and what the account may do.</summary>
    public async Task<VillageChecklist> VillageAsync(Guid id, Guid orgId, CancellationToken ct = default)
    {
        var (t, holder) = await FindAsync(id, ct);
        var village = await VillageOfAsync(holder, orgId, ct);
        var items = await ItemsAsync(id, ct);
        var current = await IsCurrentAsync(t, ct);
        var entries = await db.Set<ChecklistEntry>().AsNoTracking().Where(e => e.TemplateId == id && e.OrgId == orgId).ToListAsync(ct);
        var entryIds = entries.Select(e => e.Id).ToList();
        var events = await db.Set<ChecklistEvent>().AsNoTracking().Where(e => entryIds.Contains(e.EntryId)).ToListAsync(ct);
        var files = await db.Set<ChecklistFile>().AsNoTracking().Where(f => entryIds.Contains(f.EntryId))
            .Join(db.Set<StoredFile>().IgnoreQueryFilters(), f => f.StoredFileId, s => s.Id, (f, s) => new { f.EntryId, f.EventId, s.Id, s.FileName, s.ContentType })
            .ToListAsync(ct);
        var claimant = current && Current.Has(Permission.ListsReport);
        var verifier = IsVerifierOf(village);
        var views = items.Select(i =>
        {
            var e = entries.SingleOrDefault(x => x.ItemId == i.Id);
            var state = e?.State ?? ChecklistItemState.NotMet;
            var lastClaim = e is null ? null : events.Where(x => x.EntryId == e.Id && x.Action == ChecklistAction.Claim).MaxBy(x => x.At);
            var photos = lastClaim is null ? [] : files.Where(f => f.EventId == lastClaim.Id).Select(f => new EvidenceView(f.Id, f.FileName, f.ContentType)).ToList();
            var history = e is null ? [] : events.Where(x => x.EntryId == e.Id).OrderBy(x => x.At)
                .Select(x => new ChecklistHistoryView(x.Action, ChecklistDefaults.ActionLabel(x.Action), x.Text, x.At, x.By,
                    files.Where(f => f.EventId == x.Id).Select(f => new EvidenceView(f.Id, f.FileName, f.ContentType)).ToList())).ToList();
            return new VillageItemView(i.Id, i.Position, i.Name, i.Description, i.PhotoRequired, state, ChecklistDefaults.StateLabel(state), e?.Note,
                e?.ReturnReason, e?.ClaimedAt, e?.ClaimedBy, e?.VerifiedAt, e?.VerifiedBy,
                claimant && state is ChecklistItemState.NotMet or ChecklistItemState.Returned,
                verifier && state == ChecklistItemState.Claimed && (e!.ClaimedByOrgId is not { } by || by != Current.OrgId) && e.ClaimedBy != Current.UserName,
                photos, history);
        }).ToList();
        var verified = views.Count(v => v.State == ChecklistItemState.Verified);
        return new VillageChecklist(t.Id, t.Name, t.Kind, ChecklistDefaults.KindLabel(t.Kind), t.Year, current, village.Id, village.Name,
            views.Count > 0 && verified == views.Count, verified, views);
    }

    // ----- the village's claim, the verifier's answer -----

    /// <summary>申报 (未达标/已退回 → 已申报): the note, and the photos already uploaded for the village (required when the item says so).</summary>
    public async Task<VillageChecklist> ClaimAsync(Guid id, Guid orgId, Guid itemId, ChecklistClaimInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fileIds = (input.FileIds ?? []).Distinct().ToList();
        var (entry, item, village, problems) = await PrepareClaimAsync(id, orgId, itemId, input.Note, fileIds.Count, "fileIds", ct);
        if (fileIds.Count is > 0 and <= MaxFiles)
        {
            var usable = await cleanup.UsableEvidenceAsync(village.Id, fileIds, imagesOnly: true, ct: ct);
            var bad = fileIds.Where(f => !usable.Contains(f)).ToList();
            if (bad.Count > 0)
            {
                problems.Add("checklist_file_unusable",
                    $"有 {bad.Count} 个文件不能作为佐证照片（{string.Join("、", bad)}）：照片须为该村（社区）上传的 JPEG 或 PNG、尚未用于其他记录。", "fileIds");
            }
        }
        problems.ThrowIfAny();
        var claim = Claim(entry, id, item, village, input.Note!.Trim());
        db.AddRange(fileIds.Select(f => new ChecklistFile { Id = Ids.New(), EntryId = claim.EntryId, EventId = claim.Id, StoredFileId = f }));
        await db.SaveChangesAsync(ct);
        return await VillageAsync(id, orgId, ct);
    }

    /// <summary>申报 from the claim form: the note and the photos the form posted, kept as the village's files in the same transaction.</summary>
    public async Task<VillageChecklist> ClaimWithUploadsAsync(Guid id, Guid orgId, Guid itemId, string? note, IReadOnlyList<ChecklistUpload> files,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var (entry, item, village, problems) = await PrepareClaimAsync(id, orgId, itemId, note, files.Count, "files", ct);
        problems.ThrowIfAny();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var claim = Claim(entry, id, item, village, note!.Trim());
                foreach (var file in files)
                {
                    await uploads.SaveAsync(file.Content, file.FileName, file.ContentType, PhotoFiles, village.Id,
                        f => [db.Add(new ChecklistFile { Id = Ids.New(), EntryId = claim.EntryId, EventId = claim.Id, StoredFileId = f.Id }).Entity], ct);
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return await VillageAsync(id, orgId, ct);
    }

    /// <summary>
    /// What both claims check, every fault at once: the permission, the template current, the item claimable, the note,
    /// and how many photos come with it (<paramref name="files"/>, reported on <paramref name="filesField"/>).
    /// </summary>
    private async Task<(ChecklistEntry? Entry, ChecklistItem Item, Organization Village, Problems Problems)> PrepareClaimAsync(Guid id, Guid orgId,
        Guid itemId, string? note, int files, string filesField, CancellationToken ct)
    {
        if (!Current.Has(Permission.ListsReport))
        {
            throw new ForbiddenException("checklist_claim_forbidden", "您的角色不能申报达标：由村（社区）党组织申报。");
        }
        var (t, holder) = await FindAsync(id, ct);
        var village = await VillageOfAsync(holder, orgId, ct);
        var item = await db.Set<ChecklistItem>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.TemplateId == id, ct)
            ?? throw new NotFoundException("清单条目", itemId);
        var problems = new Problems();
        if (!await IsCurrentAsync(t, ct))
        {
            problems.Add("checklist_superseded", "此清单已有新版本，请按新版本申报。", "itemId");
        }
        var entry = await db.Set<ChecklistEntry>().SingleOrDefaultAsync(e => e.ItemId == itemId && e.OrgId == orgId, ct);
        if (entry is { State: not ChecklistItemState.Returned })
        {
            problems.Add("checklist_not_claimable", entry.State == ChecklistItemState.Verified
                ? $"“{item.Name}”已验收，不能再申报。"
                : $"“{item.Name}”已申报，正等待验收。", "itemId");
        }
        var text = note?.Trim() ?? "";
        if (text.Length == 0)
        {
            problems.Add("checklist_note_required", "请填写申报说明（建设情况）。", "note");
        }
        else if (text.Length > ChecklistEntry.NoteMax)
        {
            problems.Add("checklist_note_too_long", $"申报说明不能超过 {ChecklistEntry.NoteMax} 个字。", "note");
        }
        if (files > MaxFiles)
        {
            problems.Add("checklist_files_too_many", $"每次申报最多 {MaxFiles} 张照片。", filesField);
        }
        else if (files == 0 && item.PhotoRequired)
        {
            problems.Add("checklist_photo_required", $"“{item.Name}”须附现场照片，至少一张。", filesField);
        }
        return (entry, item, village, problems);
    }

    private ChecklistEvent Claim(ChecklistEntry? entry, Guid templateId, ChecklistItem item, Organization village, string note)
    {
        if (entry is null)
        {
            entry = ChecklistEntry.For(templateId, item.Id, village.Id);
            db.Add(entry);
        }
        var e = entry.Claim(note, clock.GetUtcNow(), Current.UserName, Current.OrgId);
        db.Add(e);
        return e;
    }

    /// <summary>验收 (已申报 → 已验收), by a verifier of an organization above the village.</summary>
    public async Task<VillageChecklist> VerifyAsync(Guid id, Guid orgId, Guid itemId, ChecklistVerifyInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (entry, problems) = await PrepareAnswerAsync(id, orgId, itemId, "验收", ct);
        var comment = input.Comment?.Trim();
        if (comment is { Length: > ChecklistEntry.NoteMax })
        {
            problems.Add("checklist_comment_too_long", $"验收意见不能超过 {ChecklistEntry.NoteMax} 个字。", "comment");
        }
        problems.ThrowIfAny();
        db.Add(entry.Answer(ChecklistAction.Verify, comment, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        await db.SaveChangesAsync(ct);
        return await VillageAsync(id, orgId, ct);
    }

    /// <summary>退回 with the reason (已申报 → 已退回): the village may claim it again.</summary>
    public async Task<VillageChecklist> ReturnAsync(Guid id, Guid orgId, Guid itemId, ChecklistReturnInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (entry, problems) = await PrepareAnswerAsync(id, orgId, itemId, "退回", ct);
        var reason = problems.Check(() => Reasons.Require(input.Reason));
        problems.ThrowIfAny();
        db.Because(reason);
        db.Add(entry.Answer(ChecklistAction.Return, reason, clock.GetUtcNow(), Current.UserName, Current.OrgId));
        await db.SaveChangesAsync(ct);
        return await VillageAsync(id, orgId, ct);
    }

    private async Task<(ChecklistEntry Entry, Problems Problems)> PrepareAnswerAsync(Guid id, Guid orgId, Guid itemId, string verb, CancellationToken ct)
    {
        if (!Current.Has(Permission.ProblemsVerify))
        {
            throw new ForbiddenException("checklist_verify_forbidden", $"您的角色不能{verb}达标申报。");
        }
        var (_, holder) = await FindAsync(id, ct);
        var village = await VillageOfAsync(holder, orgId, ct);
        var item = await db.Set<ChecklistItem>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.TemplateId == id, ct)
            ?? throw new NotFoundException("清单条目", itemId);
        if (!IsVerifierOf(village))
        {
            throw new ForbiddenException("checklist_not_verifier",
                $"{village.Name}不能{verb}自己的申报：须由上级组织（乡镇或县）的验收人员{verb}。");
        }
        var entry = await db.Set<ChecklistEntry>().SingleOrDefaultAsync(e => e.ItemId == itemId && e.OrgId == orgId, ct);
        if (entry is not null && ((entry.ClaimedByOrgId is { } by && by == Current.OrgId) || entry.ClaimedBy == Current.UserName))
        {
            throw new ForbiddenException("checklist_not_verifier", $"申报由本单位（本人）提交，不能由本单位（本人）{verb}：须由其上级组织验收。");
        }
        var problems = new Problems();
        if (entry is not { State: ChecklistItemState.Claimed })
        {
            problems.Add("checklist_not_claimed", $"“{item.Name}”不在待验收状态（{ChecklistDefaults.StateLabel(entry?.State ?? ChecklistItemState.NotMet)}），不能{verb}。", "itemId");
        }
        return (entry!, problems);
    }

    // ----- queues for the home page -----

    /// <summary>待验收: claims of villages strictly under the account's organization (not claimed by it), oldest first.</summary>
    public async Task<ChecklistQueue> ToVerifyAsync(int first, CancellationToken ct = default)
    {
        if (!Current.Has(Permission.ProblemsVerify))
        {
            return new ChecklistQueue(0, []);
        }
        var own = Current.OrgId;
        var q = db.Set<ChecklistEntry>().AsNoTracking().Where(e => e.State == ChecklistItemState.Claimed && e.OrgId != own
            && (e.ClaimedByOrgId == null || e.ClaimedByOrgId != own) && e.ClaimedBy != Current.UserName);
        return await QueueAsync(q, first, returned: false, ct);
    }

    /// <summary>被退回: the account's own village's items returned to it, to claim again.</summary>
    public async Task<ChecklistQueue> ReturnedAsync(int first, CancellationToken ct = default)
    {
        if (!Current.Has(Permission.ListsReport) || Current.OrgId is not { } own)
        {
            return new ChecklistQueue(0, []);
        }
        var q = db.Set<ChecklistEntry>().AsNoTracking().Where(e => e.State == ChecklistItemState.Returned && e.OrgId == own);
        return await QueueAsync(q, first, returned: true, ct);
    }

    private async Task<ChecklistQueue> QueueAsync(IQueryable<ChecklistEntry> q, int first, bool returned, CancellationToken ct)
    {
        // Oldest first by the time-ordered id (SQLite cannot order by an instant kept as text with an offset); counted
        // only when there may be more, and then exactly the rows it can list.
        var page = await q
            .Join(db.Set<ChecklistTemplate>(), e => e.TemplateId, t => t.Id, (e, t) => new { e, TemplateName = t.Name })
            .Join(db.Set<ChecklistItem>(), x => x.e.ItemId, i => i.Id, (x, i) => new { x.e, x.TemplateName, ItemName = i.Name })
            .Join(db.Set<Organization>(), x => x.e.OrgId, o => o.Id, (x, o) => new { x.e, x.TemplateName, x.ItemName, OrgName = o.Name })
            .OrderBy(x => x.e.Id)
            .ToPagedAsync(new PageRequest(1, first), ct);
        return new ChecklistQueue(page.Total, page.Items.OrderBy(r => r.e.UpdatedAt).Select(r => new ChecklistQueueItem(r.e.TemplateId, r.TemplateName, r.e.OrgId,
            r.OrgName, r.e.ItemId, r.ItemName, r.e.UpdatedAt, returned ? r.e.ReturnReason : r.e.Note)).ToList());
    }

    // ----- helpers -----

    /// <summary>A holder the account sees the template of: its own line (above it, itself, or under it).</summary>
    private bool Sees(string holderPath) =>
        Current.OrgPath is not { } own || Current.Scope.All
        || holderPath.StartsWith(own, StringComparison.Ordinal) || own.StartsWith(holderPath, StringComparison.Ordinal)
        || Current.Scope.Contains(holderPath);

    private bool MayConfigure(string holderPath) => Current.Has(Permission.AssessmentConfigure) && Current.Scope.Contains(holderPath);

    /// <summary>A verifier of a village: of an organization strictly above it (or bound to none), never the village itself.</summary>
    private bool IsVerifierOf(Organization village)
    {
        if (!Current.Has(Permission.ProblemsVerify) || Current.OrgId == village.Id)
        {
            return false;
        }
        return Current.OrgPath is not { } own || (village.Path.StartsWith(own, StringComparison.Ordinal) && village.Path.Length > own.Length);
    }

    private async Task<(ChecklistTemplate Template, Organization Holder)> FindAsync(Guid id, CancellationToken ct, bool track = false)
    {
        var q = track ? db.Set<ChecklistTemplate>() : db.Set<ChecklistTemplate>().AsNoTracking();
        var t = await q.SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("标准化建设清单", id);
        var holder = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().SingleAsync(o => o.Id == t.OrgId, ct);
        if (!Sees(holder.Path))
        {
            throw new NotFoundException("标准化建设清单", id);
        }
        return (t, holder);
    }

    /// <summary>A village or community branch under the holder, in the account's scope (else not found).</summary>
    private async Task<Organization> VillageOfAsync(Organization holder, Guid orgId, CancellationToken ct) =>
        await Branches(db.Set<Organization>().AsNoTracking().InSubtree(db, holder.Path)).SingleOrDefaultAsync(o => o.Id == orgId, ct)
        ?? throw new NotFoundException("村（社区）党组织", orgId);

    private async Task<List<ChecklistItemView>> ItemsAsync(Guid id, CancellationToken ct) =>
        await db.Set<ChecklistItem>().AsNoTracking().Where(i => i.TemplateId == id).OrderBy(i => i.Position)
            .Select(i => new ChecklistItemView(i.Id, i.Position, i.Name, i.Description, i.PhotoRequired)).ToListAsync(ct);

    /// <summary>Frozen once any village (seen or not) has claimed against it.</summary>
    private Task<bool> FrozenAsync(Guid id, CancellationToken ct) =>
        db.Set<ChecklistEntry>().IgnoreQueryFilters().AnyAsync(e => e.TemplateId == id, ct);

    private Task<bool> IsCurrentAsync(ChecklistTemplate t, CancellationToken ct) =>
        db.Set<ChecklistTemplate>().AllAsync(x => !(x.OrgId == t.OrgId && x.Year == t.Year && x.Kind == t.Kind && x.Version > t.Version), ct);

    private void RequireConfigure()
    {
        if (!Current.Has(Permission.AssessmentConfigure))
        {
            throw new ForbiddenException("checklist_configure_forbidden", "您的角色不能制定或修改标准化建设清单。");
        }
    }

    private void RequireHolderInScope(Organization holder)
    {
        if (!Current.Scope.Contains(holder.Path))
        {
            throw new ForbiddenException("checklist_not_holder", $"清单由{holder.Name}制定，只有该单位或其上级可以修改。");
        }
    }

    private static void CheckYear(int year, Problems problems, string field)
    {
        if (!Period.IsWorkingYear(year))
        {
            problems.Add("checklist_year_invalid", Period.WorkingYearMessage, field);
        }
    }

    private static string? CheckName(string? name, Problems problems)
    {
        var text = name?.Trim() ?? "";
        if (text.Length == 0)
        {
            problems.Add("checklist_name_required", "请填写清单名称。", "name");
            return null;
        }
        if (text.Length > ChecklistTemplate.NameMax)
        {
            problems.Add("checklist_name_too_long", $"清单名称不能超过 {ChecklistTemplate.NameMax} 个字。", "name");
            return null;
        }
        return text;
    }

    private static List<ChecklistItemInput> CheckItems(IReadOnlyList<ChecklistItemInput> items, Problems problems)
    {
        if (items.Count == 0)
        {
            problems.Add("checklist_items_required", "清单至少要有一个条目。", "items");
            return [];
        }
        if (items.Count > MaxItems)
        {
            problems.Add("checklist_items_too_many", $"清单最多 {MaxItems} 个条目。", "items");
            return [];
        }
        var result = new List<ChecklistItemInput>();
        for (var i = 0; i < items.Count; i++)
        {
            var name = items[i].Name?.Trim() ?? "";
            var description = items[i].Description?.Trim() ?? "";
            if (name.Length == 0)
            {
                problems.Add("checklist_item_name_required", $"第 {i + 1} 个条目没有名称。", $"items[{i}].name");
            }
            else if (name.Length > ChecklistItem.NameMax)
            {
                problems.Add("checklist_item_name_too_long", $"第 {i + 1} 个条目名称不能超过 {ChecklistItem.NameMax} 个字。", $"items[{i}].name");
            }
            else if (result.Any(r => r.Name == name))
            {
                problems.Add("checklist_item_duplicate", $"条目“{name}”重复。", $"items[{i}].name");
            }
            if (description.Length > ChecklistItem.DescriptionMax)
            {
                problems.Add("checklist_item_description_too_long", $"第 {i + 1} 个条目的标准说明不能超过 {ChecklistItem.DescriptionMax} 个字。", $"items[{i}].description");
            }
            result.Add(new ChecklistItemInput(name, description, items[i].PhotoRequired));
        }
        return result;
    }

    private void AddItems(Guid templateId, IReadOnlyList<ChecklistItemInput> items)
    {
        var position = 1;
        foreach (var i in items)
        {
            db.Add(new ChecklistItem { Id = Ids.New(), TemplateId = templateId, Position = position++, Name = i.Name, Description = i.Description ?? "", PhotoRequired = i.PhotoRequired });
        }
    }
}
