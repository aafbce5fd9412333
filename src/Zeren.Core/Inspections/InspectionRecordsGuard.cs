using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Inspections;

/// <summary>
/// Inspection plans and records are a record: a village visited or drawn, or the organization that made a plan, stays
/// (ADR 0013). Counted across scopes and secrecy (a count says nothing of which plan). They name accounts, not people.
/// </summary>
public sealed class InspectionRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct) => Task.FromResult<DomainException?>(null);

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var records = await db.Set<Inspection>().IgnoreQueryFilters().AsNoTracking().CountAsync(i => i.OrgId == orgId || i.TownshipId == orgId, ct);
        var plans = await db.Set<InspectionPlan>().IgnoreQueryFilters().AsNoTracking().CountAsync(p => p.OrgId == orgId, ct)
            + await db.Set<InspectionPlanVillage>().IgnoreQueryFilters().AsNoTracking().CountAsync(v => v.VillageId == orgId, ct)
            + await db.Set<InspectionRound>().IgnoreQueryFilters().AsNoTracking().CountAsync(r => r.OrgId == orgId, ct)
            + await db.Set<InspectionRoundVillage>().IgnoreQueryFilters().AsNoTracking().CountAsync(v => v.VillageId == orgId, ct);
        return records + plans == 0 ? null : new DomainException("org_has_inspections",
            "该组织有暗访记录、暗访计划或督导轮次，暗访台账须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }

    public async Task<DomainException?> CheckGridAsync(Guid gridId, CancellationToken ct)
    {
        var visited = await db.Set<InspectionGrid>().IgnoreQueryFilters().AsNoTracking().CountAsync(g => g.GridId == gridId, ct);
        return visited == 0 ? null : new DomainException("grid_has_inspections",
            "该网格有暗访记录，暗访台账须完整保留，不能删除。");
    }
}
