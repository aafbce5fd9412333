using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Decisions;

/// <summary>
/// The record of village decisions stays (ADR 0013): a person who guided, chaired or recorded a step, and a village with
/// matters, are not deleted. Counted across scopes (a count says nothing of whose matters they are).
/// </summary>
public sealed class MatterRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public async Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct)
    {
        var guided = await db.Set<Matter>().IgnoreQueryFilters().AsNoTracking().CountAsync(m => m.GuidedByPersonId == personId, ct);
        var steps = await db.Set<MatterStepRecord>().IgnoreQueryFilters().AsNoTracking()
            .CountAsync(s => s.ChairPersonId == personId || s.RecorderPersonId == personId, ct);
        return guided + steps == 0 ? null : new DomainException("person_in_matters",
            $"该人员出现在村级事务记录中（指导 {guided} 项，主持或记录 {steps} 个步骤），村级事务决策记录须完整保留，不能删除。");
    }

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var count = await db.Set<Matter>().IgnoreQueryFilters().AsNoTracking().CountAsync(m => m.OrgId == orgId, ct);
        return count == 0 ? null : new DomainException("org_has_matters",
            $"该村有 {count} 项村级事务记录，须完整保留，不能删除。");
    }
}
