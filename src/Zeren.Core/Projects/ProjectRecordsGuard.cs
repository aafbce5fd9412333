using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Projects;

/// <summary>
/// Plans and the project ledger are records: a township with plans or projects, and a person responsible for a project
/// (in the ledger or in a plan's version), stay. Counted across scopes.
/// </summary>
public sealed class ProjectRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public async Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct)
    {
        var count = await db.Set<Project>().IgnoreQueryFilters().AsNoTracking().CountAsync(p => p.PersonId == personId, ct)
            + await db.Set<PlanProject>().IgnoreQueryFilters().AsNoTracking().CountAsync(p => p.PersonId == personId, ct);
        return count == 0 ? null : new DomainException("person_in_projects",
            $"该人员是 {count} 个党建项目（含党建思路中的拟办项目）的责任人，项目账单须完整保留，不能删除。人员调离请修改其所属组织。");
    }

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var count = await db.Set<Project>().IgnoreQueryFilters().AsNoTracking().CountAsync(p => p.OrgId == orgId, ct)
            + await db.Set<AnnualPlan>().IgnoreQueryFilters().AsNoTracking().CountAsync(p => p.OrgId == orgId, ct);
        return count == 0 ? null : new DomainException("org_has_projects",
            $"该组织有 {count} 份党建思路或党建项目，项目账单须完整保留，不能删除。");
    }
}
