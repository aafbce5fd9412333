using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Obligations;

/// <summary>
/// Obligations are a record of who owed what and whether it was done: an organization that owes or issued one, and a
/// person named on one, stay (ADR 0013). Counted across scopes (a count says nothing of whose obligations they are).
/// </summary>
public sealed class ObligationRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public async Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct)
    {
        var count = await db.Set<Obligation>().IgnoreQueryFilters().AsNoTracking().CountAsync(o => o.PersonId == personId, ct);
        return count == 0 ? null : new DomainException("person_has_obligations",
            $"该人员是 {count} 项待办事项的责任人，履责记录须完整保留，不能删除。人员调离请修改其所属组织。");
    }

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var count = await db.Set<Obligation>().IgnoreQueryFilters().AsNoTracking().CountAsync(o => o.OrgId == orgId || o.IssuerOrgId == orgId, ct);
        return count == 0 ? null : new DomainException("org_has_obligations",
            $"该组织有 {count} 项待办事项（承担或下达），履责记录须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
