using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Supervision;

/// <summary>
/// Supervision orders are a record: an organization that issued or received one stays (ADR 0013). Counted across scopes
/// (a count says nothing of whose orders they are). Orders name no person, only accounts.
/// </summary>
public sealed class SupervisionRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct) => Task.FromResult<DomainException?>(null);

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var count = await db.Set<SupervisionOrder>().IgnoreQueryFilters().AsNoTracking().CountAsync(o => o.OrgId == orgId || o.IssuerOrgId == orgId, ct);
        return count == 0 ? null : new DomainException("org_has_supervision_orders",
            $"该组织下发或承办了 {count} 份督办单，督办台账须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
