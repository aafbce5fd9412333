using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Files;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Inspections;

public sealed record CheckInput(ChecklistKind Kind, string Item, bool Passed, [MultiLineText] string? Note = null);

public sealed record FindingInput([MultiLineText] string Text);

/// <summary>A photo already uploaded (<c>POST /api/v1/files?orgId={village}</c>), of the finding at index <see cref="Finding"/> or of the visit.</summary>
public sealed record PhotoInput(Guid FileId, int? Finding = null, DateTimeOffset? CapturedAt = null);

/// <summary>What the team records of one village visit.</summary>
public sealed record InspectionInput(
    Guid VillageId,
    DateOnly VisitedOn,
    string Team,
    int HomesVisited,
    int PeopleAsked,
    IReadOnlyList<Guid>? GridIds = null,
    IReadOnlyList<CheckInput>? Checks = null,
    IReadOnlyList<FindingInput>? Findings = null,
    IReadOnlyList<PhotoInput>? Photos = null,
    Guid? PlanId = null,
    [MultiLineText] string? Summary = null,
    Guid? RoundId = null);

/// <summary>A photo as the on-site page posts it, with its capture time when the phone gave one.</summary>
public sealed record PhotoUpload(Stream Content, string? FileName, string? ContentType, int? Finding, DateTimeOffset? CapturedAt);

public sealed record InspectionRow(Guid Id, Guid VillageId, string VillageName, Guid TownshipId, string TownshipName, DateOnly VisitedOn, string Team,
    int HomesVisited, int PeopleAsked, int Grids, int Failed, int Findings, Guid? PlanId);

public sealed record CheckView(ChecklistKind Kind, string Item, bool Passed, string? Note);

public sealed record PhotoView(Guid FileId, string FileName, DateTimeOffset? CapturedAt);

public sealed record FindingView(Guid Id, string Text, Guid? ProblemId, IReadOnlyList<PhotoView> Photos);

public sealed record InspectionDetail(InspectionRow Inspection, string? Summary, IReadOnlyList<PlanGrid> Grids, IReadOnlyList<CheckView> Checks,
    IReadOnlyList<FindingView> Findings, IReadOnlyList<PhotoView> Photos, string RecordedBy, DateTimeOffset RecordedAt, InspectionRoundRef? Round = null);

/// <summary>
/// The round (督导轮次) and group a visit was recorded in. Named to whoever reads the record; <see cref="MayOpen"/> when the
/// reader may open the round itself (it is scoped by the county that runs it).
/// </summary>
public sealed record InspectionRoundRef(Guid RoundId, string RoundName, Guid GroupId, string GroupName, bool MayOpen);

/// <summary>How a finding becomes a problem: its deadline, and optionally category and severity.</summary>
public sealed record RaiseInput(DateOnly DueOn, string? Category = null, Rectification.ProblemSeverity? Severity = null);

public sealed record VillageChoice(Guid Id, string Name, string TownshipName);

/// <summary>覆盖情况: how far inspections reached in a period and subtree (seed 000: 15 乡镇 / 60 村 / 130 网格 / 485 人).</summary>
public sealed record Coverage(DateOnly From, DateOnly To, int Inspections, int Townships, int Villages, int Grids, int HomesVisited, int PeopleAsked);

/// <summary>
/// 暗访记录: records a village visit (grids, homes, people asked, checklist results, findings, photos with their capture
/// time), reads records and counts coverage. Only accounts that record inspections write; a record names the village it
/// visited, so the village, its township and the county read it.
/// </summary>
public sealed class InspectionService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, UploadStore uploads, UploadCleanup cleanup,
    Rectification.ProblemService problems)
{
    /// <summary>The source type of problems raised from inspection findings.</summary>
    public const string ProblemSourceType = "inspection";

    /// <summary>
    /// 发现问题 → 问题: raises the finding as a tracked problem of the village visited (source: this inspection), owed to the
    /// county (or the account's organization) by <paramref name="input"/>'s deadline, in one transaction with the finding's link
    /// to it. A finding is raised once.
    /// </summary>
    public async Task<Guid> RaiseAsync(Guid inspectionId, Guid findingId, RaiseInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inspection = await db.Set<Inspection>().SingleOrDefaultAsync(i => i.Id == inspectionId, ct)
            ?? throw new NotFoundException("暗访记录", inspectionId);
        var finding = await db.Set<InspectionFinding>().SingleOrDefaultAsync(f => f.Id == findingId && f.InspectionId == inspectionId, ct)
            ?? throw new NotFoundException("发现问题", findingId);
        if (finding.ProblemId is not null)
        {
            throw new DomainException("finding_already_raised", "该问题已列入问题清单。", "findingId");
        }
        var village = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == inspection.OrgId).Select(o => o.Name).SingleAsync(ct);
        var title = finding.Text.Split('\n')[0];
        title = title.Length > 60 ? title[..60] : title;
        Guid id = Guid.Empty;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                id = await problems.RaiseAsync(new Rectification.ProblemDraft(inspection.OrgId, Rectification.ProblemSource.Inspection, title, finding.Text,
                    input.DueOn, input.Category, input.Severity ?? Rectification.ProblemSeverity.General, SourceType: ProblemSourceType,
                    SourceId: inspection.Id, SourceTitle: $"{inspection.VisitedOn:yyyy-MM-dd} 暗访 {village}"), ct);
                finding.Raised(id);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return id;
    }

    public const int MaxItems = 60;
    public const int MaxPhotos = 30;

    /// <summary>Photos only: jpeg and png.</summary>
    public static readonly IReadOnlyCollection<FileKind> PhotoFiles = [FileKind.Jpeg, FileKind.Png];

    private Actor Current => actor.Current;

    private DateOnly Today => ChinaTime.Today(clock);

    public async Task<Paged<InspectionRow>> ListAsync(Guid? under, DateOnly? from, DateOnly? to, Guid? planId, PageRequest page, CancellationToken ct = default) =>
        await Rows((await FilterAsync(under, from, to, planId, ct)).OrderByDescending(i => i.VisitedOn).ThenByDescending(i => i.Id)).ToPagedAsync(page, ct);

    public async Task<InspectionDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<Inspection>().AsNoTracking().Where(i => i.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("暗访记录", id);
        var head = await db.Set<Inspection>().AsNoTracking().Where(i => i.Id == id).Select(i => new { i.Summary, i.RecordedBy, i.RecordedAt }).SingleAsync(ct);
        var grids = await db.Set<InspectionGrid>().AsNoTracking().Where(g => g.InspectionId == id)
            .Join(db.Set<Grid>(), g => g.GridId, x => x.Id, (g, x) => new PlanGrid(x.Id, x.Name)).ToListAsync(ct);
        var checks = await db.Set<InspectionCheck>().AsNoTracking().Where(c => c.InspectionId == id).OrderBy(c => c.Position)
            .Select(c => new CheckView(c.Kind, c.Item, c.Passed, c.Note)).ToListAsync(ct);
        var photos = await db.Set<InspectionPhoto>().AsNoTracking().Where(p => p.InspectionId == id)
            .Join(db.Set<StoredFile>(), p => p.StoredFileId, f => f.Id, (p, f) => new { p.FindingId, View = new PhotoView(f.Id, f.FileName, p.CapturedAt) })
            .ToListAsync(ct);
        var findings = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.InspectionId == id).OrderBy(f => f.Position)
            .Select(f => new { f.Id, f.Text, f.ProblemId }).ToListAsync(ct);
        return new InspectionDetail(row, head.Summary, grids, checks,
            findings.Select(f => new FindingView(f.Id, f.Text, f.ProblemId, photos.Where(p => p.FindingId == f.Id).Select(p => p.View).ToList())).ToList(),
            photos.Where(p => p.FindingId is null).Select(p => p.View).ToList(), head.RecordedBy, head.RecordedAt, await RoundOfAsync(id, ct));
    }

    /// <summary>
    /// The round a visit counts for: its assignment is visible with the record (a recorded visit is no secret), and the round's
    /// and group's names are read across the round's scope, as the round's village lists do (ADR 0033).
    /// </summary>
    private async Task<InspectionRoundRef?> RoundOfAsync(Guid inspectionId, CancellationToken ct)
    {
        var assignment = await db.Set<InspectionRoundVillage>().AsNoTracking().Where(a => a.InspectionId == inspectionId)
            .Select(a => new { a.RoundId, a.GroupId }).SingleOrDefaultAsync(ct);
        if (assignment is null)
        {
            return null;
        }
        var round = await db.Set<InspectionRound>().IgnoreQueryFilters([InspectionRoundConfiguration.ScopeFilter]).AsNoTracking()
            .Where(r => r.Id == assignment.RoundId).Select(r => r.Name).SingleAsync(ct);
        var group = await db.Set<InspectionGroup>().IgnoreQueryFilters().AsNoTracking().Where(g => g.Id == assignment.GroupId).Select(g => g.Name).SingleAsync(ct);
        var mayOpen = await db.Set<InspectionRound>().AsNoTracking().AnyAsync(r => r.Id == assignment.RoundId, ct);
        return new InspectionRoundRef(assignment.RoundId, round, assignment.GroupId, group, mayOpen);
    }

    /// <summary>The villages in scope (for the on-site page's picker), by township.</summary>
    public async Task<IReadOnlyList<VillageChoice>> VillagesAsync(CancellationToken ct = default)
    {
        var orgs = db.Set<Organization>().AsNoTracking();
        return await orgs.Villages()
            .OrderBy(v => v.Path)
            .Select(v => new VillageChoice(v.Id, v.Name, orgs.Where(t => t.Id == v.ParentId).Select(t => t.Name).FirstOrDefault() ?? ""))
            .ToListAsync(ct);
    }

    /// <summary>A village's grids (for the on-site page).</summary>
    public async Task<IReadOnlyList<PlanGrid>> GridsAsync(Guid villageId, CancellationToken ct = default) =>
        await db.Set<Grid>().AsNoTracking().Where(g => g.OrgId == villageId).OrderBy(g => g.Name).Select(g => new PlanGrid(g.Id, g.Name)).ToListAsync(ct);

    /// <summary>Coverage in a period (China dates, both ends included) under an organization (all in scope when omitted).</summary>
    public async Task<Coverage> CoverageAsync(Guid? under, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var inspections = await FilterAsync(under, from, to, null, ct);
        var totals = await inspections.GroupBy(_ => 1).Select(g => new
        {
            Count = g.Count(),
            Townships = g.Select(i => i.TownshipId).Distinct().Count(),
            Villages = g.Select(i => i.OrgId).Distinct().Count(),
            Homes = g.Sum(i => i.HomesVisited),
            People = g.Sum(i => i.PeopleAsked),
        }).SingleOrDefaultAsync(ct);
        var grids = await db.Set<InspectionGrid>().Where(g => inspections.Any(i => i.Id == g.InspectionId)).Select(g => g.GridId).Distinct().CountAsync(ct);
        return new Coverage(from, to, totals?.Count ?? 0, totals?.Townships ?? 0, totals?.Villages ?? 0, grids, totals?.Homes ?? 0, totals?.People ?? 0);
    }

    /// <summary>Records a visit; photos are files already uploaded for the village. Every fault at once; nothing saved on a refusal.</summary>
    public Task<InspectionDetail> RecordAsync(InspectionInput input, CancellationToken ct = default) => RecordAsync(input, [], ct);

    /// <summary>As above, with the photos the on-site page posted, kept as files of the village in the same transaction.</summary>
    public async Task<InspectionDetail> RecordAsync(InspectionInput input, IReadOnlyList<PhotoUpload> posted, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(posted);
        if (!Current.Has(Permission.InspectionsWrite))
        {
            throw new ForbiddenException("inspection_forbidden", "只有督查员和组织部可以记录暗访。");
        }
        var village = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == input.VillageId, ct)
            ?? throw new NotFoundException("村", input.VillageId);
        var problems = new Problems();
        if (!village.IsVillage || village.ParentId is null)
        {
            problems.Add("inspection_not_village", "暗访记录须针对一个村（乡镇下的农村党组织）。", "villageId");
        }
        if (input.VisitedOn > Today)
        {
            problems.Add("inspection_future", "暗访日期不能晚于今天。", "visitedOn");
        }
        if (input.VisitedOn < Today.AddYears(-1))
        {
            problems.Add("inspection_too_old", "只能补记一年内的暗访。", "visitedOn");
        }
        if (string.IsNullOrWhiteSpace(input.Team))
        {
            problems.Add("required", "请填写暗访组（成员姓名）。", "team");
        }
        else if (input.Team.Trim().Length > Inspection.TeamMax)
        {
            problems.Add("length", $"暗访组不能超过 {Inspection.TeamMax} 字。", "team");
        }
        if (input.HomesVisited is < 0 or > Inspection.MaxCount)
        {
            problems.Add("inspection_count", "走访农户数须为 0 或正整数。", "homesVisited");
        }
        if (input.PeopleAsked is < 0 or > Inspection.MaxCount)
        {
            problems.Add("inspection_count", "询问党员群众数须为 0 或正整数。", "peopleAsked");
        }
        if (input.Summary is { Length: > Inspection.SummaryMax })
        {
            problems.Add("length", $"总体情况不能超过 {Inspection.SummaryMax} 字。", "summary");
        }
        var gridIds = (input.GridIds ?? []).Distinct().ToList();
        if (gridIds.Count > 0)
        {
            var own = await db.Set<Grid>().AsNoTracking().Where(g => gridIds.Contains(g.Id) && g.OrgId == input.VillageId).CountAsync(ct);
            if (own != gridIds.Count)
            {
                problems.Add("inspection_grid", "所选网格须为该村的网格。", "gridIds");
            }
        }
        var checks = input.Checks ?? [];
        var findings = input.Findings ?? [];
        if (checks.Count > MaxItems)
        {
            problems.Add("inspection_items", $"检查项最多 {MaxItems} 项。", "checks");
        }
        for (var i = 0; i < checks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(checks[i].Item) || checks[i].Item.Trim().Length > InspectionCheck.ItemMax)
            {
                problems.Add("required", $"检查项须有内容（不超过 {InspectionCheck.ItemMax} 字）。", $"checks[{i}].item");
            }
            if (checks[i].Note is { Length: > InspectionCheck.NoteMax })
            {
                problems.Add("length", $"说明不能超过 {InspectionCheck.NoteMax} 字。", $"checks[{i}].note");
            }
        }
        if (findings.Count > MaxItems)
        {
            problems.Add("inspection_items", $"发现问题最多 {MaxItems} 条。", "findings");
        }
        for (var i = 0; i < findings.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(findings[i].Text) || findings[i].Text.Trim().Length > InspectionFinding.TextMax)
            {
                problems.Add("required", $"问题描述须有内容（不超过 {InspectionFinding.TextMax} 字）。", $"findings[{i}].text");
            }
        }
        var photos = input.Photos ?? [];
        if (photos.Count + posted.Count > MaxPhotos)
        {
            problems.Add("inspection_photos", $"一次暗访最多 {MaxPhotos} 张照片。", "photos");
        }
        for (var i = 0; i < photos.Count; i++)
        {
            if (photos[i].Finding is { } f && (f < 0 || f >= findings.Count))
            {
                problems.Add("inspection_photo_finding", "照片所属的问题不存在。", $"photos[{i}].finding");
            }
        }
        if (posted.Any(p => p.Finding is { } f && (f < 0 || f >= findings.Count)))
        {
            problems.Add("inspection_photo_finding", "照片所属的问题不存在。", "photos");
        }
        if (photos.Count > 0)
        {
            var ids = photos.Select(p => p.FileId).Distinct().ToList();
            var free = await cleanup.UsableEvidenceAsync(input.VillageId, ids, imagesOnly: true, ct);
            if (ids.Count != photos.Count || ids.Any(id => !free.Contains(id)))
            {
                problems.Add("inspection_photo_unusable", "照片须为该村上传（orgId 为该村）、尚未用于其他记录的 jpg/png 文件。", "photos");
            }
        }
        if (input.PlanId is { } planId)
        {
            var planned = await db.Set<InspectionPlanVillage>().AsNoTracking().AnyAsync(v => v.PlanId == planId && v.VillageId == input.VillageId, ct);
            if (!planned)
            {
                problems.Add("inspection_plan_village", "该村不在所选暗访计划的抽样中。", "planId");
            }
        }
        InspectionRoundVillage? assignment = null;
        if (input.RoundId is { } roundId)
        {
            assignment = await RoundAssignmentAsync(roundId, input, problems, ct);
        }
        problems.ThrowIfAny();

        var inspection = Inspection.Create(village.Id, village.ParentId!.Value, input.PlanId, input.VisitedOn, input.Team, input.HomesVisited,
            input.PeopleAsked, input.Summary, clock.GetUtcNow(), Current.UserName);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                db.Add(inspection);
                db.AddRange(gridIds.Select(g => InspectionGrid.Create(inspection.Id, g)));
                var position = 0;
                db.AddRange(checks.Select(c => InspectionCheck.Create(inspection.Id, c.Kind, c.Item, c.Passed, c.Note, ++position)));
                position = 0;
                var made = findings.Select(f => InspectionFinding.Create(inspection.Id, f.Text, ++position)).ToList();
                db.AddRange(made);
                db.AddRange(photos.Select(p => InspectionPhoto.Create(inspection.Id, p.Finding is { } f ? made[f].Id : null, p.FileId, p.CapturedAt)));
                await db.SaveChangesAsync(ct);
                if (assignment is not null)
                {
                    assignment.Recorded(inspection.Id);
                    await db.SaveChangesAsync(ct);
                }
                foreach (var photo in posted)
                {
                    var findingId = photo.Finding is { } f ? made[f].Id : (Guid?)null;
                    await uploads.SaveAsync(photo.Content, photo.FileName, photo.ContentType, PhotoFiles, village.Id,
                        file => [db.Add(InspectionPhoto.Create(inspection.Id, findingId, file.Id, photo.CapturedAt)).Entity], ct);
                }
                await tx.CommitAsync(ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        });
        return await GetAsync(inspection.Id, ct);
    }

    /// <summary>
    /// A visit recorded in a round (督导轮次): the village must be assigned to a group of the round that the recorder is on
    /// (or the recorder the department), the round in progress, the day within its period, and the village not yet
    /// recorded in it. The assignment is found through its secrecy rule, so a recorder who may not see it is told the
    /// village is not in the round.
    /// </summary>
    private async Task<InspectionRoundVillage?> RoundAssignmentAsync(Guid roundId, InspectionInput input, Problems problems, CancellationToken ct)
    {
        var round = await db.Set<InspectionRound>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new NotFoundException("督导轮次", roundId);
        var assignment = await db.Set<InspectionRoundVillage>().SingleOrDefaultAsync(a => a.RoundId == roundId && a.VillageId == input.VillageId, ct);
        var member = Current.Has(Permission.InspectionsPlan) || (assignment is not null
            && await db.Set<InspectionGroupMember>().AnyAsync(m => m.GroupId == assignment.GroupId && m.AccountId == Current.AccountId, ct));
        if (assignment is null || !member)
        {
            problems.Add("round_village", "该村不在您所在督导组本轮的督导名单中。", "roundId");
            return null;
        }
        if (round.Status != RoundStatus.InProgress)
        {
            problems.Add("round_not_in_progress", "督导轮次不在进行中，不能记录本轮督查。", "roundId");
        }
        if (input.VisitedOn < round.StartsOn || input.VisitedOn > round.EndsOn)
        {
            problems.Add("round_period", $"督查日期须在本轮期间（{round.StartsOn:yyyy-MM-dd} 至 {round.EndsOn:yyyy-MM-dd}）内。", "visitedOn");
        }
        if (assignment.InspectionId is not null)
        {
            problems.Add("round_village_recorded", "该村本轮已有督查记录。", "roundId");
        }
        return assignment;
    }

    private async Task<IQueryable<Inspection>> FilterAsync(Guid? under, DateOnly? from, DateOnly? to, Guid? planId, CancellationToken ct)
    {
        var query = db.Set<Inspection>().AsNoTracking();
        if (under is { } root)
        {
            var path = await db.Set<Organization>().Where(o => o.Id == root).Select(o => o.Path).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("组织", root);
            var subtree = db.Set<Organization>().InSubtree(db, path);
            query = query.Where(i => subtree.Any(o => o.Id == i.OrgId));
        }
        if (from is { } f)
        {
            query = query.Where(i => i.VisitedOn >= f);
        }
        if (to is { } t)
        {
            query = query.Where(i => i.VisitedOn <= t);
        }
        if (planId is { } p)
        {
            query = query.Where(i => i.PlanId == p);
        }
        return query;
    }

    private IQueryable<InspectionRow> Rows(IQueryable<Inspection> query)
    {
        var orgs = db.Set<Organization>();
        var grids = db.Set<InspectionGrid>();
        var checks = db.Set<InspectionCheck>();
        var findings = db.Set<InspectionFinding>();
        return query.Select(i => new InspectionRow(i.Id, i.OrgId, orgs.Where(o => o.Id == i.OrgId).Select(o => o.Name).First(), i.TownshipId,
            orgs.Where(o => o.Id == i.TownshipId).Select(o => o.Name).FirstOrDefault() ?? "", i.VisitedOn, i.Team, i.HomesVisited, i.PeopleAsked,
            grids.Count(g => g.InspectionId == i.Id), checks.Count(c => c.InspectionId == i.Id && !c.Passed), findings.Count(x => x.InspectionId == i.Id),
            i.PlanId));
    }
}
