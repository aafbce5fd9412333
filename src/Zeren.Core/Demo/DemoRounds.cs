using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Inspections;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's supervision rounds (督导轮次, seed 001): one finished two months ago and one in progress, each with
/// two groups led by the demo accounts that record inspections (督查员 <c>inspector</c>, 组织部 <c>county</c>), a few
/// villages each, and the few visits the rounds need, with findings. Groups are accounts, so this runs once the demo
/// accounts exist, in the load's transaction; a county that already has rounds gets none.
/// </summary>
public static class DemoRounds
{
    private static readonly string[] Findings =
    [
        "党群服务中心无人值守，群众办事找不到人。",
        "“一徽一旗一廊一牌”视觉标识不全，党建长廊内容未更新。",
        "三会一课记录不规范，主题党日签到表缺失。",
        "党员户未挂“共产党员”牌。",
    ];

    public static async Task EnsureAsync(ZerenDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.Set<InspectionRound>().IgnoreQueryFilters().AnyAsync(ct))
        {
            return;
        }
        var county = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(o => o.Code == DemoCounty.CountyCode, ct);
        var accounts = await db.Set<Account>().IgnoreQueryFilters().AsNoTracking().Where(a => a.IsDemo && (a.UserName == "inspector" || a.UserName == "county"))
            .ToDictionaryAsync(a => a.UserName!, a => a.Id, ct);
        if (county is null || accounts.Count < 2)
        {
            return;
        }
        var villages = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().InSubtree(db, county.Path).Villages()
            .OrderBy(v => v.Path).Select(v => new { v.Id, TownshipId = v.ParentId!.Value, v.Name }).Take(16).ToListAsync(ct);
        if (villages.Count < 16)
        {
            return;
        }
        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow();
        var inspector = accounts["inspector"];
        var department = accounts["county"];
        var finding = 0;

        void Round(string name, DateOnly starts, DateOnly ends, bool finish, int firstVillage, int visits)
        {
            var round = InspectionRound.Create(county.Id, name, starts, ends, "一周一通报，一村一清单。", now, "county");
            round.MoveTo(RoundStatus.InProgress);
            db.Add(round);
            var groups = new[] { ("第一督查组", inspector, department), ("第二督查组", department, inspector) };
            for (var g = 0; g < groups.Length; g++)
            {
                var (groupName, leader, member) = groups[g];
                var group = InspectionGroup.Create(round, groupName, leader);
                db.Add(group);
                db.Add(InspectionGroupMember.Create(group, leader));
                db.Add(InspectionGroupMember.Create(group, member));
                for (var i = 0; i < 4; i++)
                {
                    var v = villages[firstVillage + (g * 4) + i];
                    var assignment = InspectionRoundVillage.Create(group, v.Id, v.TownshipId);
                    db.Add(assignment);
                    if (i < visits)
                    {
                        var on = starts.AddDays(3 + (7 * i) + g);
                        var inspection = Inspection.Create(v.Id, v.TownshipId, null, on, groupName + "：督查员、组织部", 4 + i, 10 + (2 * i),
                            "按“一村一清单”逐项督查。", now, "inspector");
                        db.Add(inspection);
                        for (var f = 0; f < (i % 3); f++)
                        {
                            db.Add(InspectionFinding.Create(inspection.Id, Findings[finding++ % Findings.Length], f + 1));
                        }
                        assignment.Recorded(inspection.Id);
                    }
                    if (finish && i >= visits)
                    {
                        // Like finishing a round in the service: the villages nobody visited are revealed.
                        assignment.Reveal();
                    }
                }
            }
            if (finish)
            {
                round.MoveTo(RoundStatus.Finished);
            }
        }

        Round($"{today.Year}年“双整”督查第一轮", today.AddDays(-75), today.AddDays(-45), finish: true, firstVillage: 0, visits: 4);
        Round($"{today.Year}年“双整”督查第二轮", today.AddDays(-10), today.AddDays(20), finish: false, firstVillage: 8, visits: 1);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The demo county's secret plan (next Tuesday's, made with the county before any account exists) gets the demo 督查员
    /// <c>inspector</c> as its team, so that account sees the plan (and its home card) before the visit date; a plan that
    /// already has a team is left alone. Runs once the demo accounts exist, in the load's transaction.
    /// </summary>
    public static async Task EnsurePlanTeamAsync(ZerenDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var county = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(o => o.Code == DemoCounty.CountyCode, ct);
        var inspector = await db.Set<Account>().IgnoreQueryFilters().AsNoTracking().Where(a => a.IsDemo && a.UserName == "inspector")
            .Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct);
        if (county is null || inspector is null)
        {
            return;
        }
        var today = ChinaTime.Today(clock);
        var members = db.Set<InspectionPlanMember>().IgnoreQueryFilters();
        var plans = await db.Set<InspectionPlan>().IgnoreQueryFilters()
            .Where(p => p.OrgId == county.Id && p.VisitOn >= today && !members.Any(m => m.PlanId == p.Id))
            .ToListAsync(ct);
        foreach (var plan in plans)
        {
            db.Add(InspectionPlanMember.Create(plan, inspector.Value));
        }
        await db.SaveChangesAsync(ct);
    }
}
