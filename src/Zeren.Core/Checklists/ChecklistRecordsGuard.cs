using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Checklists;

/// <summary>Checklists are a record: an organization that holds a template or has claimed against one stays (ADR 0013). Counted across scopes.</summary>
public sealed class ChecklistRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct) => Task.FromResult<DomainException?>(null);

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var held = await db.Set<ChecklistTemplate>().IgnoreQueryFilters().AsNoTracking().CountAsync(t => t.OrgId == orgId, ct);
        var entries = await db.Set<ChecklistEntry>().IgnoreQueryFilters().AsNoTracking().CountAsync(e => e.OrgId == orgId, ct);
        return held + entries == 0 ? null : new DomainException("org_has_checklists",
            $"该组织制定了 {held} 份标准化建设清单、有 {entries} 条达标记录，记录须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
