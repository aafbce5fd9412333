using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Rectification;

/// <summary>
/// Problems are a record (问题清单, 挂牌销号): an organization that rectified or issued one, and a person named responsible
/// for one, stay (ADR 0013). Counted across scopes (a count says nothing of whose problems they are).
/// </summary>
public sealed class ProblemRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public async Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct)
    {
        var count = await db.Set<Problem>().IgnoreQueryFilters().AsNoTracking().CountAsync(p => p.ResponsiblePersonId == personId, ct);
        return count == 0 ? null : new DomainException("person_has_problems",
            $"此人是 {count} 个问题的整改责任人，问题清单须完整保留，不能删除。人员调离请办理调动。");
    }

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var count = await db.Set<Problem>().IgnoreQueryFilters().AsNoTracking().CountAsync(p => p.OrgId == orgId || p.IssuerOrgId == orgId, ct);
        return count == 0 ? null : new DomainException("org_has_problems",
            $"该组织交办或承担了 {count} 个问题的整改，问题清单须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
