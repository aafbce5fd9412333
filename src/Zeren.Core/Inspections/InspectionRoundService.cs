using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Rectification;
using Zeren.Core.Security;

namespace Zeren.Core.Inspections;

/// <summary>A new round: its name and period (China dates, both ends included); the organization defaults to the account's.</summary>
public sealed record RoundInput(string Name, DateOnly StartsOn, DateOnly EndsOn, Guid? OrgId = null, [MultiLineText] string? Note = null);

/// <summary>The next status of a round (planned → in progress → finished).</summary>
public sealed record RoundStatusInput(RoundStatus Status);

/// <summary>A group of a round: its name, leader, the other members (accounts that record inspections) and its villages.</summary>
public sealed record GroupInput(string Name, Guid LeaderAccountId, IReadOnlyList<Guid> MemberAccountIds, IReadOnlyList<Guid> VillageIds);

public sealed record RoundRow(Guid Id, string Name, DateOnly StartsOn, DateOnly EndsOn, RoundStatus Status, int Groups, int Assigned, int Visited);

/// <summary>进度: a group's villages assigned and visited, the findings of its visits, the problems raised from them and closed.</summary>
public sealed record GroupProgress(Guid Id, string Name, Guid LeaderAccountId, string Leader, IReadOnlyList<PlanMemberView> Members, int Assigned, int Visited,
    int Findings, int ProblemsRaised, int ProblemsClosed);

public sealed record RoundDetail(RoundRow Round, string? Note, string CreatedBy, IReadOnlyList<GroupProgress> Groups, bool MayManage);

public sealed record AssignedVillage(Guid VillageId, string VillageName, Guid TownshipId, string TownshipName, Guid? InspectionId, DateOnly? VisitedOn,
    int Findings);

public sealed record GroupDetail(RoundRow Round, GroupProgress Group, IReadOnlyList<AssignedVillage> Villages, bool MayRecord, bool MayManage);

/// <summary>One finding of a village's visit in the round, and the problem it became (with its state) once raised.</summary>
public sealed record VillageFinding(Guid FindingId, string Text, Guid? ProblemId, ProblemState? State, DateOnly? DueOn, bool Overdue);

/// <summary>一村一清单: a village of a round, the group that visits it, its visit and the findings of the visit.</summary>
public sealed record VillageList(Guid RoundId, string RoundName, Guid VillageId, string VillageName, string TownshipName, Guid GroupId, string GroupName,
    Guid? InspectionId, DateOnly? VisitedOn, string? Team, IReadOnlyList<VillageFinding> Findings);

/// <summary>A village an inspector's group has still to visit in a round in progress.</summary>
public sealed record VisitDue(Guid RoundId, string RoundName, DateOnly EndsOn, Guid GroupId, string GroupName, Guid VillageId, string VillageName);

/// <summary>
/// 督导轮次 and 督导组 (seed 001): the department makes a round, its groups (a leader and members who record inspections)
/// and assigns each group villages, at most one group per village in a round; a visit recorded in the round
/// (<see cref="InspectionInput.RoundId"/>) counts for the group. Progress is counted in the database. 一村一清单 is each
/// village's findings in the round and the problems they became. Which villages a group visits is secret before the visit
/// (ADR 0033): the assignments' own visibility rule filters every query here, so counts and lists hold what the reader
/// may see.
/// </summary>
public sealed class InspectionRoundService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock, InspectionPlanService plans, AuditLog audit)
{
    public const int MaxGroupMembers = 20;
    public const int MaxGroupVillages = 500;

    private Actor Current => actor.Current;

    private DateOnly Today => ChinaTime.Today(clock);

    public async Task<Paged<RoundRow>> ListAsync(PageRequest page, CancellationToken ct = default) =>
        await Rows(db.Set<InspectionRound>().AsNoTracking().OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id)).ToPagedAsync(page, ct);

    public async Task<RoundDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<InspectionRound>().AsNoTracking().Where(r => r.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("督导轮次", id);
        var head = await db.Set<InspectionRound>().AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Note, r.CreatedBy }).SingleAsync(ct);
        var groups = await ProgressAsync(db.Set<InspectionGroup>().AsNoTracking().Where(g => g.RoundId == id), ct);
        return new RoundDetail(row, head.Note, head.CreatedBy, groups, Current.Has(Permission.InspectionsPlan) && row.Status != RoundStatus.Finished);
    }

    public async Task<GroupDetail> GetGroupAsync(Guid roundId, Guid groupId, CancellationToken ct = default)
    {
        var row = await Rows(db.Set<InspectionRound>().AsNoTracking().Where(r => r.Id == roundId)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("督导轮次", roundId);
        var group = (await ProgressAsync(db.Set<InspectionGroup>().AsNoTracking().Where(g => g.Id == groupId && g.RoundId == roundId), ct)).SingleOrDefault()
            ?? throw new NotFoundException("督导组", groupId);
        var orgs = db.Set<Organization>();
        var findings = db.Set<InspectionFinding>();
        var inspections = db.Set<Inspection>();
        var villages = await db.Set<InspectionRoundVillage>().AsNoTracking().Where(a => a.GroupId == groupId)
            .Select(a => new
            {
                a.VillageId,
                Village = orgs.Where(o => o.Id == a.VillageId).Select(o => o.Name).FirstOrDefault() ?? "",
                Path = orgs.Where(o => o.Id == a.VillageId).Select(o => o.Path).FirstOrDefault() ?? "",
                a.TownshipId,
                Township = orgs.Where(o => o.Id == a.TownshipId).Select(o => o.Name).FirstOrDefault() ?? "",
                a.InspectionId,
                VisitedOn = inspections.Where(i => i.Id == a.InspectionId).Select(i => (DateOnly?)i.VisitedOn).FirstOrDefault(),
                Findings = findings.Count(f => f.InspectionId == a.InspectionId),
            })
            .ToListAsync(ct);
        var list = villages.OrderBy(v => v.InspectionId is null ? 0 : 1).ThenBy(v => v.Path, StringComparer.Ordinal)
            .Select(v => new AssignedVillage(v.VillageId, v.Village, v.TownshipId, v.Township, v.InspectionId, v.VisitedOn, v.Findings)).ToList();
        var mayRecord = row.Status == RoundStatus.InProgress && Current.Has(Permission.InspectionsWrite)
            && (Current.Has(Permission.InspectionsPlan) || group.Members.Any(m => m.AccountId == Current.AccountId));
        return new GroupDetail(row, group, list, mayRecord, Current.Has(Permission.InspectionsPlan) && row.Status != RoundStatus.Finished);
    }

    /// <summary>
    /// 一村一清单 of every village of the round the reader may see (in scope, and visited, or the round finished, or the
    /// reader on its group or the department), by township and village. A reader who sees none of the round's villages and
    /// not the round itself gets the 404 of an unknown round.
    /// </summary>
    public async Task<IReadOnlyList<VillageList>> VillageListsAsync(Guid roundId, Guid? villageId, CancellationToken ct = default)
    {
        var assignments = db.Set<InspectionRoundVillage>().AsNoTracking().Where(a => a.RoundId == roundId);
        if (villageId is { } v)
        {
            assignments = assignments.Where(a => a.VillageId == v);
        }
        var orgs = db.Set<Organization>();
        var inspections = db.Set<Inspection>();
        var rows = await assignments
            .Select(a => new
            {
                a.VillageId,
                a.GroupId,
                Village = orgs.Where(o => o.Id == a.VillageId).Select(o => o.Name).FirstOrDefault() ?? "",
                Path = orgs.Where(o => o.Id == a.VillageId).Select(o => o.Path).FirstOrDefault() ?? "",
                Township = orgs.Where(o => o.Id == a.TownshipId).Select(o => o.Name).FirstOrDefault() ?? "",
                a.InspectionId,
                VisitedOn = inspections.Where(i => i.Id == a.InspectionId).Select(i => (DateOnly?)i.VisitedOn).FirstOrDefault(),
                Team = inspections.Where(i => i.Id == a.InspectionId).Select(i => i.Team).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // The round and its groups are named across the round's scope only for assignments the reader sees (a township
        // reads its visited village's list though the county's round is out of its scope).
        var round = await db.Set<InspectionRound>().IgnoreQueryFilters([InspectionRoundConfiguration.ScopeFilter]).AsNoTracking()
            .Where(r => r.Id == roundId).Select(r => new { r.Name }).SingleOrDefaultAsync(ct);
        if (round is null || (villageId is null && rows.Count == 0 && !await db.Set<InspectionRound>().AsNoTracking().AnyAsync(r => r.Id == roundId, ct)))
        {
            throw new NotFoundException("督导轮次", roundId);
        }
        if (villageId is { } asked && rows.Count == 0)
        {
            // Unknown, out of scope, or secret before its visit: the same answer.
            throw new NotFoundException("督导村", asked);
        }
        var groupIds = rows.Select(r => r.GroupId).Distinct().ToList();
        var groups = await db.Set<InspectionGroup>().IgnoreQueryFilters().AsNoTracking().Where(g => groupIds.Contains(g.Id))
            .ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var inspectionIds = rows.Where(r => r.InspectionId is not null).Select(r => r.InspectionId!.Value).ToList();
        var problems = db.Set<Problem>();
        var today = Today;
        var found = await db.Set<InspectionFinding>().AsNoTracking().Where(f => inspectionIds.Contains(f.InspectionId))
            .OrderBy(f => f.Position)
            .Select(f => new
            {
                f.InspectionId,
                f.Id,
                f.Text,
                f.ProblemId,
                Problem = problems.Where(p => p.Id == f.ProblemId).Select(p => new { p.State, p.DueOn }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var byInspection = found.ToLookup(f => f.InspectionId);
        return rows.OrderBy(r => r.Path, StringComparer.Ordinal)
            .Select(r => new VillageList(roundId, round.Name, r.VillageId, r.Village, r.Township, r.GroupId, groups.GetValueOrDefault(r.GroupId, ""),
                r.InspectionId, r.VisitedOn, r.Team,
                r.InspectionId is { } i
                    ? byInspection[i].Select(f => new VillageFinding(f.Id, f.Text, f.ProblemId, f.Problem?.State, f.Problem?.DueOn,
                        f.Problem is { } p && p.State != ProblemState.Closed && p.DueOn < today)).ToList()
                    : []))
            .ToList();
    }

    /// <summary>The villages of in-progress rounds the account's groups have still to visit (its home page), nearest end first.</summary>
    public async Task<IReadOnlyList<VisitDue>> UnvisitedForAsync(Guid accountId, int take, CancellationToken ct = default)
    {
        var members = db.Set<InspectionGroupMember>().Where(m => m.AccountId == accountId);
        var rounds = db.Set<InspectionRound>();
        var groups = db.Set<InspectionGroup>();
        var orgs = db.Set<Organization>();
        var rows = await db.Set<InspectionRoundVillage>().AsNoTracking()
            .Where(a => a.InspectionId == null && members.Any(m => m.GroupId == a.GroupId)
                && rounds.Any(r => r.Id == a.RoundId && r.Status == RoundStatus.InProgress))
            .Select(a => new
            {
                a.RoundId,
                Round = rounds.Where(r => r.Id == a.RoundId).Select(r => new { r.Name, r.EndsOn }).First(),
                a.GroupId,
                Group = groups.Where(g => g.Id == a.GroupId).Select(g => g.Name).First(),
                a.VillageId,
                Village = orgs.Where(o => o.Id == a.VillageId).Select(o => o.Name).FirstOrDefault() ?? "",
            })
            .OrderBy(a => a.Round.EndsOn).ThenBy(a => a.Village)
            .Take(take)
            .ToListAsync(ct);
        return rows.Select(r => new VisitDue(r.RoundId, r.Round.Name, r.Round.EndsOn, r.GroupId, r.Group, r.VillageId, r.Village)).ToList();
    }

    /// <summary>How many villages the account's groups have still to visit in in-progress rounds.</summary>
    public Task<int> UnvisitedCountAsync(Guid accountId, CancellationToken ct = default)
    {
        var members = db.Set<InspectionGroupMember>().Where(m => m.AccountId == accountId);
        var rounds = db.Set<InspectionRound>();
        return db.Set<InspectionRoundVillage>().CountAsync(a => a.InspectionId == null && members.Any(m => m.GroupId == a.GroupId)
            && rounds.Any(r => r.Id == a.RoundId && r.Status == RoundStatus.InProgress), ct);
    }

    /// <summary>The villages under the round's organization not yet given to a group of it (the department's picker).</summary>
    public async Task<IReadOnlyList<VillageChoice>> FreeVillagesAsync(Guid roundId, CancellationToken ct = default)
    {
        Manage();
        var round = await db.Set<InspectionRound>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new NotFoundException("督导轮次", roundId);
        var path = await db.Set<Organization>().Where(o => o.Id == round.OrgId).Select(o => o.Path).SingleAsync(ct);
        var orgs = db.Set<Organization>().AsNoTracking();
        var assigned = db.Set<InspectionRoundVillage>().Where(a => a.RoundId == roundId);
        return await orgs.InSubtree(db, path).Villages().Where(v => !assigned.Any(a => a.VillageId == v.Id))
            .OrderBy(v => v.Path)
            .Select(v => new VillageChoice(v.Id, v.Name, orgs.Where(t => t.Id == v.ParentId).Select(t => t.Name).FirstOrDefault() ?? ""))
            .ToListAsync(ct);
    }

    public async Task<RoundDetail> CreateAsync(RoundInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Manage();
        var orgId = input.OrgId ?? Current.OrgId ?? throw new DomainException("round_org", "请指明组织单位（orgId）。", "orgId");
        var org = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct)
            ?? throw new NotFoundException("组织", orgId);
        var problems = new Platform.Problems();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            problems.Add("required", "请填写轮次名称。", "name");
        }
        else if (input.Name.Trim().Length > InspectionRound.NameMax)
        {
            problems.Add("length", $"轮次名称不能超过 {InspectionRound.NameMax} 字。", "name");
        }
        if (input.EndsOn < input.StartsOn)
        {
            problems.Add("round_period", "结束日期不能早于开始日期。", "endsOn");
        }
        else if (input.EndsOn.DayNumber - input.StartsOn.DayNumber > 366)
        {
            problems.Add("round_period", "一轮督导不能超过一年。", "endsOn");
        }
        if (input.StartsOn < Today.AddYears(-1))
        {
            problems.Add("round_period", "开始日期不能早于一年前。", "startsOn");
        }
        if (input.Note is { Length: > InspectionRound.NoteMax })
        {
            problems.Add("length", $"备注不能超过 {InspectionRound.NoteMax} 字。", "note");
        }
        problems.ThrowIfAny();
        var round = InspectionRound.Create(org.Id, input.Name, input.StartsOn, input.EndsOn, input.Note, clock.GetUtcNow(), Current.UserName);
        db.Add(round);
        await db.SaveChangesAsync(ct);
        return await GetAsync(round.Id, ct);
    }

    /// <summary>
    /// Starts or finishes a round. Finishing reveals every assignment of it (the round is over: nothing left to keep secret):
    /// one bulk statement in the status change's transaction, and one audit entry for the round naming how many it revealed
    /// (a bulk statement passes neither the write guard nor the row-by-row audit; <see cref="Manage"/> and the round's scope
    /// stand for the guard, the statement touches only the round's assignments).
    /// </summary>
    public async Task<RoundDetail> SetStatusAsync(Guid id, RoundStatusInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Manage();
        var round = await db.Set<InspectionRound>().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("督导轮次", id);
        round.MoveTo(input.Status);
        if (input.Status != RoundStatus.Finished)
        {
            await db.SaveChangesAsync(ct);
            return await GetAsync(id, ct);
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var revealed = await db.Set<InspectionRoundVillage>().Where(a => a.RoundId == id && !a.Revealed && a.InspectionId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Revealed, true), ct);
            await audit.RecordAsync(AuditAction.Update, nameof(InspectionRound), id.ToString(), $"结束督导轮次，公开督导村 {revealed} 个",
                after: new { Revealed = revealed }, entityName: round.Name, ct: ct);
            await tx.CommitAsync(ct);
        });
        return await GetAsync(id, ct);
    }

    public async Task<GroupDetail> AddGroupAsync(Guid roundId, GroupInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Manage();
        var round = await db.Set<InspectionRound>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new NotFoundException("督导轮次", roundId);
        var villages = await CheckGroupAsync(round, null, input, ct);
        var group = InspectionGroup.Create(round, input.Name, input.LeaderAccountId);
        db.Add(group);
        db.AddRange(Members(input).Select(m => InspectionGroupMember.Create(group, m)));
        db.AddRange(villages.Select(v => InspectionRoundVillage.Create(group, v.Id, v.TownshipId)));
        await db.SaveChangesAsync(ct);
        return await GetGroupAsync(roundId, group.Id, ct);
    }

    /// <summary>Renames a group, changes its leader and members, and its villages; a village already visited in the round stays.</summary>
    public async Task<GroupDetail> UpdateGroupAsync(Guid roundId, Guid groupId, GroupInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Manage();
        var round = await db.Set<InspectionRound>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new NotFoundException("督导轮次", roundId);
        var group = await db.Set<InspectionGroup>().SingleOrDefaultAsync(g => g.Id == groupId && g.RoundId == roundId, ct)
            ?? throw new NotFoundException("督导组", groupId);
        var villages = await CheckGroupAsync(round, group, input, ct);
        group.Update(input.Name, input.LeaderAccountId);
        var members = Members(input).ToHashSet();
        var current = await db.Set<InspectionGroupMember>().Where(m => m.GroupId == groupId).ToListAsync(ct);
        db.RemoveRange(current.Where(m => !members.Contains(m.AccountId)));
        db.AddRange(members.Where(m => current.All(c => c.AccountId != m)).Select(m => InspectionGroupMember.Create(group, m)));
        var wanted = villages.Select(v => v.Id).ToHashSet();
        var assigned = await db.Set<InspectionRoundVillage>().Where(a => a.GroupId == groupId).ToListAsync(ct);
        db.RemoveRange(assigned.Where(a => !wanted.Contains(a.VillageId)));
        db.AddRange(villages.Where(v => assigned.All(a => a.VillageId != v.Id)).Select(v => InspectionRoundVillage.Create(group, v.Id, v.TownshipId)));
        await db.SaveChangesAsync(ct);
        return await GetGroupAsync(roundId, groupId, ct);
    }

    private void Manage()
    {
        if (!Current.Has(Permission.InspectionsPlan))
        {
            throw new ForbiddenException("round_forbidden", "只有组织部可以安排督导轮次和督导组。");
        }
    }

    private static IEnumerable<Guid> Members(GroupInput input) => (input.MemberAccountIds ?? []).Append(input.LeaderAccountId).Distinct();

    private sealed record Village(Guid Id, Guid TownshipId);

    /// <summary>Every fault of a group at once; the villages it is given.</summary>
    private async Task<List<Village>> CheckGroupAsync(InspectionRound round, InspectionGroup? group, GroupInput input, CancellationToken ct)
    {
        var problems = new Platform.Problems();
        if (round.Status == RoundStatus.Finished)
        {
            problems.Add("round_finished", "督导轮次已结束，不能再调整督导组。", "status");
        }
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            problems.Add("required", "请填写督导组名称。", "name");
        }
        else if (input.Name.Trim().Length > InspectionGroup.NameMax)
        {
            problems.Add("length", $"督导组名称不能超过 {InspectionGroup.NameMax} 字。", "name");
        }
        else
        {
            var name = input.Name.Trim();
            if (await db.Set<InspectionGroup>().AnyAsync(g => g.RoundId == round.Id && g.Name == name && (group == null || g.Id != group.Id), ct))
            {
                problems.Add("round_group_name", "本轮已有同名的督导组。", "name");
            }
        }
        var members = Members(input).ToList();
        var candidates = (await plans.TeamCandidatesAsync(ct)).Select(c => c.AccountId).ToHashSet();
        if (!candidates.Contains(input.LeaderAccountId))
        {
            problems.Add("round_group_member", "组长须为本范围内可记录暗访的账号（督查员或组织部）。", "leaderAccountId");
        }
        if (members.Count > MaxGroupMembers)
        {
            problems.Add("round_group_size", $"督导组最多 {MaxGroupMembers} 名成员。", "memberAccountIds");
        }
        else if (members.Any(m => m != input.LeaderAccountId && !candidates.Contains(m)))
        {
            problems.Add("round_group_member", "督导组成员须为本范围内可记录暗访的账号（督查员或组织部）。", "memberAccountIds");
        }
        var villageIds = (input.VillageIds ?? []).Distinct().ToList();
        var found = new List<Village>();
        if (villageIds.Count > MaxGroupVillages)
        {
            problems.Add("round_group_villages", $"一个督导组最多 {MaxGroupVillages} 个村。", "villageIds");
        }
        else if (villageIds.Count > 0)
        {
            var path = await db.Set<Organization>().Where(o => o.Id == round.OrgId).Select(o => o.Path).SingleAsync(ct);
            found = (await db.Set<Organization>().AsNoTracking().InSubtree(db, path).Villages().Where(o => villageIds.Contains(o.Id))
                .Select(o => new { o.Id, o.ParentId }).ToListAsync(ct)).Select(o => new Village(o.Id, o.ParentId!.Value)).ToList();
            if (found.Count != villageIds.Count)
            {
                problems.Add("round_village", "所选的村须为本轮组织单位下的村（乡镇下的农村党组织）。", "villageIds");
            }
            // One group per village in a round: assigned elsewhere is refused, across the assignments' secrecy (the department sees them all).
            var taken = await db.Set<InspectionRoundVillage>().IgnoreQueryFilters([InspectionRoundVillageConfiguration.SecrecyFilter]).AsNoTracking()
                .Where(a => a.RoundId == round.Id && villageIds.Contains(a.VillageId) && (group == null || a.GroupId != group.Id))
                .Select(a => a.VillageId).ToListAsync(ct);
            if (taken.Count > 0)
            {
                var names = await db.Set<Organization>().AsNoTracking().Where(o => taken.Contains(o.Id)).Select(o => o.Name).ToListAsync(ct);
                problems.Add("round_village_taken", $"本轮中这些村已分给其他督导组：{string.Join("、", names)}。", "villageIds");
            }
        }
        if (group is not null)
        {
            var visitedElsewhere = await db.Set<InspectionRoundVillage>().AsNoTracking()
                .Where(a => a.GroupId == group.Id && a.InspectionId != null && !villageIds.Contains(a.VillageId)).CountAsync(ct);
            if (visitedElsewhere > 0)
            {
                problems.Add("round_village_visited", "已督查的村不能从督导组中移除。", "villageIds");
            }
        }
        problems.ThrowIfAny();
        return found;
    }

    private IQueryable<RoundRow> Rows(IQueryable<InspectionRound> query)
    {
        var groups = db.Set<InspectionGroup>();
        var assignments = db.Set<InspectionRoundVillage>();
        return query.Select(r => new RoundRow(r.Id, r.Name, r.StartsOn, r.EndsOn, r.Status, groups.Count(g => g.RoundId == r.Id),
            assignments.Count(a => a.RoundId == r.Id), assignments.Count(a => a.RoundId == r.Id && a.InspectionId != null)));
    }

    /// <summary>Each group's progress, counted in the database (one query), with its members named.</summary>
    private async Task<IReadOnlyList<GroupProgress>> ProgressAsync(IQueryable<InspectionGroup> query, CancellationToken ct)
    {
        var assignments = db.Set<InspectionRoundVillage>();
        var findings = db.Set<InspectionFinding>();
        var problems = db.Set<Problem>();
        var rows = await query.OrderBy(g => g.Name)
            .Select(g => new
            {
                g.Id,
                g.Name,
                g.LeaderAccountId,
                Assigned = assignments.Count(a => a.GroupId == g.Id),
                Visited = assignments.Count(a => a.GroupId == g.Id && a.InspectionId != null),
                Findings = findings.Count(f => assignments.Any(a => a.GroupId == g.Id && a.InspectionId == f.InspectionId)),
                Raised = findings.Count(f => f.ProblemId != null && assignments.Any(a => a.GroupId == g.Id && a.InspectionId == f.InspectionId)),
                Closed = findings.Count(f => problems.Any(p => p.Id == f.ProblemId && p.State == ProblemState.Closed)
                    && assignments.Any(a => a.GroupId == g.Id && a.InspectionId == f.InspectionId)),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var members = await db.Set<InspectionGroupMember>().AsNoTracking().Where(m => ids.Contains(m.GroupId)).Select(m => new { m.GroupId, m.AccountId })
            .ToListAsync(ct);
        var accountIds = members.Select(m => m.AccountId).Distinct().ToList();
        var names = await db.Set<Account>().AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.Id, Name = a.DisplayName.Length > 0 ? a.DisplayName : a.UserName! }).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return rows.Select(r => new GroupProgress(r.Id, r.Name, r.LeaderAccountId, names.GetValueOrDefault(r.LeaderAccountId, ""),
                members.Where(m => m.GroupId == r.Id).OrderBy(m => m.AccountId != r.LeaderAccountId)
                    .Select(m => new PlanMemberView(m.AccountId, names.GetValueOrDefault(m.AccountId, ""))).ToList(),
                r.Assigned, r.Visited, r.Findings, r.Raised, r.Closed))
            .ToList();
    }
}
