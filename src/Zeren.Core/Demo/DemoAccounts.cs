using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Demo;

public sealed record DemoLogin(string UserName, string Password, Role Role, string OrgName);

/// <summary>
/// 演示账号: one per role and scope, made only together with the demo county. They are ordinary accounts (lockout,
/// scope, audit all apply) except that they are spared the first-login password change.
/// </summary>
public static class DemoAccounts
{
    /// <summary>Meets the password policy; published in the README, so demo accounts are for demos only.</summary>
    public const string Password = PasswordPolicy.DemoPassword;

    /// <summary>Creates the demo accounts that do not exist yet and returns all of them.</summary>
    public static async Task<IReadOnlyList<DemoLogin>> EnsureAsync(ZerenDbContext db, AccountService accounts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(accounts);
        var orgs = db.Set<Organization>().IgnoreQueryFilters().AsNoTracking();
        var county = await orgs.Where(o => o.Depth == 0).OrderBy(o => o.SortOrder).ThenBy(o => o.Code).FirstOrDefaultAsync(ct);
        if (county is null)
        {
            return [];
        }
        var townships = await orgs.Where(o => o.Depth == 1 && o.Kind == OrgKind.Committee && o.Domain == OrgDomain.Comprehensive)
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Code).Take(2).ToListAsync(ct);
        var t1 = townships[0];
        var t2 = townships[1];
        var t1Path = t1.Path;
        var village = await orgs.Where(o => o.Depth == 2 && o.Domain == OrgDomain.Rural && o.Path.StartsWith(t1Path))
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Code).FirstAsync(ct);
        var today = ChinaTime.Today(TimeProvider.System);
        var leader = await db.Set<Link>().IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.Kind == LinkKind.CountyLeaderTownship && l.OrgId == t1.Id)
            .Join(db.Set<Person>().IgnoreQueryFilters(), l => l.PersonId, p => p.Id, (l, p) => new { p.Id, p.Name })
            .FirstOrDefaultAsync(ct);

        // Accounts stand for people where the demo county has them: the branch's secretary keeps its ledger, each township's
        // 党建办主任 administers it; pages name them rather than their logins.
        var holders = await db.Set<Position>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => (p.OrgId == village.Id && p.Title == PositionTitle.Secretary)
                || ((p.OrgId == t1.Id || p.OrgId == t2.Id) && p.Title == PositionTitle.PartyOfficeDirector))
            .Where(p => p.EndOn == null || p.EndOn >= today)
            .Select(p => new { p.OrgId, p.PersonId })
            .ToListAsync(ct);
        Guid? HolderOf(Guid orgId) => holders.FirstOrDefault(h => h.OrgId == orgId)?.PersonId;

        var wanted = new List<(string User, string Name, Role Role, Organization Org, Guid? PersonId)>
        {
            ("sysadmin", "系统管理员", Role.SystemAdmin, county, null),
            ("secadmin", "安全管理员", Role.SecurityAdmin, county, null),
            ("auditor", "审计管理员", Role.AuditAdmin, county, null),
            ("county", "组织部管理员", Role.CountyAdmin, county, null),
            ("inspector", "督查员", Role.Inspector, county, null),
            ("township1", t1.Name + "管理员", Role.TownshipAdmin, t1, HolderOf(t1.Id)),
            ("township2", t2.Name + "管理员", Role.TownshipAdmin, t2, HolderOf(t2.Id)),
            ("branch", village.Name + "文书", Role.BranchClerk, village, HolderOf(village.Id)),
            ("leader", leader?.Name ?? "县级领导", Role.CountyLeader, t1, leader?.Id),
            ("readonly", "只读用户", Role.ReadOnly, t1, null),
        };
        var existing = await db.Set<Account>().Select(a => a.UserName).ToListAsync(ct);
        var logins = new List<DemoLogin>();
        foreach (var (user, name, role, org, personId) in wanted)
        {
            if (!existing.Contains(user))
            {
                await accounts.CreateAsync(new AccountInput(user, name, org.Id, [role], Password, personId), isDemo: true, ct);
            }
            logins.Add(new DemoLogin(user, Password, role, org.Name));
        }
        return logins;
    }

    /// <summary>The demo accounts that exist, for the start banner.</summary>
    public static async Task<IReadOnlyList<DemoLogin>> ListAsync(ZerenDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<Account>().AsNoTracking().Where(a => a.IsDemo)
            .Select(a => new
            {
                a.UserName,
                a.OrgId,
                Role = db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<Guid>>().Where(ur => ur.UserId == a.Id)
                    .Join(db.Set<Microsoft.AspNetCore.Identity.IdentityRole<Guid>>(), ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var orgIds = rows.Where(r => r.OrgId != null).Select(r => r.OrgId!.Value).ToList();
        var names = await db.Set<Organization>().IgnoreQueryFilters().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return rows.Where(r => Enum.TryParse<Role>(r.Role, out _))
            .Select(r => new DemoLogin(r.UserName!, Password, Enum.Parse<Role>(r.Role!), r.OrgId is { } o ? names.GetValueOrDefault(o, "") : "全部"))
            .OrderBy(l => l.Role).ThenBy(l => l.UserName, StringComparer.Ordinal).ToList();
    }
}
