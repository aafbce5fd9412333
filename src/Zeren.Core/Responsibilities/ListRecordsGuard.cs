using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Responsibilities;

/// <summary>
/// Responsibility lists are a record of who answered for what: a person named on an item or answering for one at a
/// receiver, and an organization that issued or received a list, stay (ADR 0013). Counted across scopes.
/// </summary>
public sealed class ListRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public async Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct)
    {
        var count = await db.Set<ItemCompletion>().IgnoreQueryFilters().AsNoTracking().CountAsync(c => c.PersonId == personId, ct)
            + await db.Set<ResponsibilityItem>().IgnoreQueryFilters().AsNoTracking().CountAsync(i => i.PersonId == personId, ct);
        return count == 0 ? null : new DomainException("person_in_lists",
            $"该人员是 {count} 项责任清单事项的责任人，责任清单须完整保留，不能删除。人员调离请修改其所属组织。");
    }

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var count = await db.Set<ResponsibilityList>().IgnoreQueryFilters().AsNoTracking().CountAsync(l => l.IssuerOrgId == orgId, ct)
            + await db.Set<ListReceiver>().IgnoreQueryFilters().AsNoTracking().CountAsync(r => r.OrgId == orgId, ct);
        return count == 0 ? null : new DomainException("org_has_lists",
            $"该组织下发或接收了 {count} 份责任清单，责任清单须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
