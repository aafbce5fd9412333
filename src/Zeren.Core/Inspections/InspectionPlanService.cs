using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Inspections;

/// <summary>What the department asks for: the rules, the day (the next preferred weekday when omitted), the team, a seed (new when omitted).</summary>
public sealed record PlanInput(
    int Villages,
    int GridsPerVillage,
    int CycleWeeks,
    int ExcludeWeeks,
    IReadOnlyList<Guid> TeamAccountIds,
    DateOnly? VisitOn = null,
    DayOfWeek? PreferredWeekday = null,
    int? Seed = null,
    Guid? OrgId = null,
    [MultiLineText] string? Note = null);

public sealed record PlanRow(Guid Id, DateOnly VisitOn, bool IsSecret, int Villages, int GridsPerVillage, int CycleWeeks, int ExcludeWeeks,
    DayOfWeek PreferredWeekday, long Seed, DateTimeOffset CreatedAt, int Visited);

public sealed record PlanGrid(Guid Id, string Name);

public sealed record PlanVillageView(int Position, Guid VillageId, string VillageName, Guid TownshipId, string TownshipName,
    IReadOnlyList<PlanGrid> Grids, Guid? InspectionId);

public sealed record PlanMemberView(Guid AccountId, string Name);

public sealed record PlanDetail(PlanRow Plan, string? Note, string CreatedBy, IReadOnlyList<PlanMemberView> Team, IReadOnlyList<PlanVillageView> Sample,
    bool MayRecord);

/// <summary>Drawing again from the stored seed and inputs: the sample it gives, and whether it is the plan's.</summary>
public sealed record DrawCheck(bool Same, long Seed, IReadOnlyList<SampledVillage> Sample);

/// <summary>An account that may be put on a team (it records inspections).</summary>
public sealed record TeamCandidate(Guid AccountId, string Name, string UserName);

/// <summary>
/// 暗访计划: draws a sample by the department's rules (<see cref="Sampler"/>) from the villages and visits as they stand,
/// stores it with its seed and inputs and the team; lists and shows plans; draws again from the stored inputs to show
/// the draw is reproducible. Secrecy is not decided here: the plan's visibility rule (ADR 0029) filters every query, so a
/// secret plan is missing here exactly as an unknown id is, in the same single query.
/// </summary>
public sealed class InspectionPlanService(ZerenDbContext db, ActorAccessor actor, TimeProvider clock)
{
    public const int MaxTeam = 10;

    private Actor Current => actor.Current;

    private DateOnly Today => ChinaTime.Today(clock);

    public async Task<Paged<PlanRow>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        var today = Today;
        var inspections = db.Set<Inspection>();
        return await db.Set<InspectionPlan>().AsNoTracking()
            .OrderByDescending(p => p.VisitOn).ThenByDescending(p => p.Id)
            .Select(p => new PlanRow(p.Id, p.VisitOn, p.VisitOn > today, p.Villages, p.GridsPerVillage, p.CycleWeeks, p.ExcludeWeeks,
                p.PreferredWeekday, p.Seed, p.CreatedAt, inspections.Count(i => i.PlanId == p.Id)))
            .ToPagedAsync(page, ct);
    }

    /// <summary>
    /// The plans the account is on the team of, from today on, nearest first (the team's home card): the secrecy rule lets a
    /// team see its own plans, and this reads no other.
    /// </summary>
    public async Task<IReadOnlyList<PlanRow>> UpcomingForAsync(Guid accountId, int take, CancellationToken ct = default)
    {
        var today = Today;
        var members = db.Set<InspectionPlanMember>();
        var inspections = db.Set<Inspection>();
        return await db.Set<InspectionPlan>().AsNoTracking()
            .Where(p => p.VisitOn >= today && members.Any(m => m.PlanId == p.Id && m.AccountId == accountId))
            .OrderBy(p => p.VisitOn).ThenBy(p => p.Id).Take(take)
            .Select(p => new PlanRow(p.Id, p.VisitOn, p.VisitOn > today, p.Villages, p.GridsPerVillage, p.CycleWeeks, p.ExcludeWeeks,
                p.PreferredWeekday, p.Seed, p.CreatedAt, inspections.Count(i => i.PlanId == p.Id)))
            .ToListAsync(ct);
    }

    public async Task<PlanDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        // One query whatever the reason for not finding it: unknown, out of scope, or secret (ADR 0029).
        var plan = await db.Set<InspectionPlan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("暗访计划", id);
        var today = Today;
        var villages = await db.Set<InspectionPlanVillage>().AsNoTracking().Where(v => v.PlanId == id).OrderBy(v => v.Position).ToListAsync(ct);
        var orgIds = villages.SelectMany(v => new[] { v.VillageId, v.TownshipId }).Distinct().ToList();
        var names = await db.Set<Organization>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var gridIds = villages.SelectMany(v => v.Grids()).ToList();
        var grids = await db.Set<Grid>().AsNoTracking().Where(g => gridIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var done = await db.Set<Inspection>().AsNoTracking().Where(i => i.PlanId == id).Select(i => new { i.OrgId, i.Id }).ToListAsync(ct);
        var members = await db.Set<InspectionPlanMember>().AsNoTracking().Where(m => m.PlanId == id).Select(m => m.AccountId).ToListAsync(ct);
        var accounts = await db.Set<Account>().AsNoTracking().Where(a => members.Contains(a.Id))
            .Select(a => new PlanMemberView(a.Id, a.DisplayName.Length > 0 ? a.DisplayName : a.UserName!)).ToListAsync(ct);
        var visited = done.Count;
        var row = new PlanRow(plan.Id, plan.VisitOn, plan.VisitOn > today, plan.Villages, plan.GridsPerVillage, plan.CycleWeeks, plan.ExcludeWeeks,
            plan.PreferredWeekday, plan.Seed, plan.CreatedAt, visited);
        var sample = villages.Select(v => new PlanVillageView(v.Position, v.VillageId, names.GetValueOrDefault(v.VillageId, "?"), v.TownshipId,
                names.GetValueOrDefault(v.TownshipId, "?"), v.Grids().Select(g => new PlanGrid(g, grids.GetValueOrDefault(g, "?"))).ToList(),
                done.FirstOrDefault(d => d.OrgId == v.VillageId)?.Id))
            .ToList();
        var mayRecord = Current.Has(Permission.InspectionsWrite) && plan.VisitOn <= today;
        return new PlanDetail(row, plan.Note, plan.CreatedBy, accounts, sample, mayRecord);
    }

    /// <summary>Accounts that record inspections (督查员 and the department), for the team picker.</summary>
    public async Task<IReadOnlyList<TeamCandidate>> TeamCandidatesAsync(CancellationToken ct = default)
    {
        var roles = Enum.GetValues<Role>().Where(r => Roles.PermissionsOf(r).Contains(Permission.InspectionsWrite)).Select(r => r.ToString()).ToList();
        var roleIds = db.Set<IdentityRole<Guid>>().Where(r => roles.Contains(r.Name!)).Select(r => r.Id);
        var holders = db.Set<IdentityUserRole<Guid>>().Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        var orgs = db.Set<Organization>();
        return await db.Set<Account>().AsNoTracking()
            .Where(a => !a.Disabled && holders.Contains(a.Id) && (db.Scope.All || (a.OrgId != null && orgs.Any(o => o.Id == a.OrgId))))
            .OrderBy(a => a.UserName)
            .Select(a => new TeamCandidate(a.Id, a.DisplayName.Length > 0 ? a.DisplayName : a.UserName!, a.UserName!))
            .ToListAsync(ct);
    }

    /// <summary>Draws and saves a plan. Every fault of the input at once; nothing saved on a refusal.</summary>
    public async Task<PlanDetail> DrawAsync(PlanInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Current.Has(Permission.InspectionsPlan))
        {
            throw new ForbiddenException("inspection_plan_forbidden", "只有组织部可以制定暗访计划。");
        }
        var orgId = input.OrgId ?? Current.OrgId ?? throw new DomainException("inspection_plan_org", "请指明在哪个组织范围内抽样（orgId）。", "orgId");
        var org = await db.Set<Organization>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct)
            ?? throw new NotFoundException("组织", orgId);
        var problems = new Problems();
        var weekday = input.PreferredWeekday ?? DayOfWeek.Tuesday;
        var visitOn = input.VisitOn ?? Sampler.NextWeekday(Today, weekday);
        if (visitOn <= Today)
        {
            problems.Add("inspection_plan_past", "暗访日期须在今天之后（计划在暗访前保密）。", "visitOn");
        }
        var team = (input.TeamAccountIds ?? []).Distinct().ToList();
        if (team.Count == 0 || team.Count > MaxTeam)
        {
            problems.Add("inspection_team_size", $"暗访组须有 1 至 {MaxTeam} 名成员。", "teamAccountIds");
        }
        else
        {
            var candidates = (await TeamCandidatesAsync(ct)).Select(c => c.AccountId).ToHashSet();
            var unknown = team.Where(t => !candidates.Contains(t)).ToList();
            if (unknown.Count > 0)
            {
                problems.Add("inspection_team_member", "暗访组成员须为本范围内可记录暗访的账号（督查员或组织部）。", "teamAccountIds");
            }
        }
        if (input.Note is { Length: > InspectionPlan.NoteMax })
        {
            problems.Add("length", $"备注不能超过 {InspectionPlan.NoteMax} 字。", "note");
        }
        var rules = new SamplingRules(input.Villages, input.GridsPerVillage, input.CycleWeeks, input.ExcludeWeeks, weekday);
        var sampleInput = await InputAsync(org, rules, visitOn, input.Seed ?? Sampler.NewSeed(), ct);
        var sample = problems.Check(() => Sampler.Draw(sampleInput));
        problems.ThrowIfAny();

        var plan = InspectionPlan.Create(org.Id, sampleInput, input.Note, clock.GetUtcNow(), Current.UserName);
        db.Add(plan);
        foreach (var member in team)
        {
            db.Add(InspectionPlanMember.Create(plan, member));
        }
        var position = 0;
        foreach (var village in sample!)
        {
            db.Add(InspectionPlanVillage.Create(plan, village, ++position));
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(plan.Id, ct);
    }

    /// <summary>Draws again from the plan's stored seed and inputs (nothing is read from today's data).</summary>
    public async Task<DrawCheck> RedrawAsync(Guid id, CancellationToken ct = default)
    {
        var plan = await db.Set<InspectionPlan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("暗访计划", id);
        var stored = await db.Set<InspectionPlanVillage>().AsNoTracking().Where(v => v.PlanId == id).OrderBy(v => v.Position).ToListAsync(ct);
        var again = Sampler.Draw(plan.Input());
        var same = again.Count == stored.Count
            && again.Zip(stored).All(x => x.First.VillageId == x.Second.VillageId && x.First.GridIds.SequenceEqual(x.Second.Grids()));
        return new DrawCheck(same, plan.Seed, again);
    }

    /// <summary>
    /// The draw's inputs as they stand: the townships and villages under the organization, each village's grids, and the
    /// last visit before the day of each (inspection records and other plans' samples).
    /// </summary>
    private async Task<SampleInput> InputAsync(Organization org, SamplingRules rules, DateOnly visitOn, long seed, CancellationToken ct)
    {
        var orgs = db.Set<Organization>().AsNoTracking().InSubtree(db, org.Path);
        var townships = await orgs.Townships().Select(t => t.Id).ToListAsync(ct);
        var villages = await orgs.Villages().Select(v => new { v.Id, TownshipId = v.ParentId!.Value }).ToListAsync(ct);
        var grids = (await db.Set<Grid>().AsNoTracking().Where(g => orgs.Any(o => o.Id == g.OrgId)).Select(g => new { g.OrgId, g.Id }).ToListAsync(ct))
            .ToLookup(g => g.OrgId, g => g.Id);
        var recorded = await db.Set<Inspection>().AsNoTracking().Where(i => i.VisitedOn < visitOn && orgs.Any(o => o.Id == i.OrgId))
            .GroupBy(i => i.OrgId).Select(g => new { VillageId = g.Key, Last = g.Max(i => i.VisitedOn) }).ToListAsync(ct);
        var plans = db.Set<InspectionPlan>();
        var planned = await db.Set<InspectionPlanVillage>().AsNoTracking()
            .Select(v => new { v.VillageId, VisitOn = plans.Where(p => p.Id == v.PlanId).Select(p => p.VisitOn).First() })
            .Where(v => v.VisitOn < visitOn)
            .GroupBy(v => v.VillageId).Select(g => new { VillageId = g.Key, Last = g.Max(v => v.VisitOn) }).ToListAsync(ct);
        var last = recorded.Concat(planned).GroupBy(x => x.VillageId).ToDictionary(g => g.Key, g => g.Max(x => x.Last));
        var townshipSet = townships.ToHashSet();
        var candidates = villages.Where(v => townshipSet.Contains(v.TownshipId))
            .OrderBy(v => v.Id.ToString("N"), StringComparer.Ordinal)
            .Select(v => new SampleCandidate(v.Id, v.TownshipId, last.TryGetValue(v.Id, out var d) ? d : null,
                grids[v.Id].OrderBy(g => g.ToString("N"), StringComparer.Ordinal).ToList()))
            .ToList();
        var strata = townships.OrderBy(t => t.ToString("N"), StringComparer.Ordinal)
            .Select(t => new SampleStratum(t, candidates.Where(c => c.TownshipId == t).Max(c => c.LastVisitedOn)))
            .ToList();
        return new SampleInput(rules, visitOn, seed, strata, candidates);
    }
}
