using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Competitions;

/// <summary>Competitions are a record: an organization that held or entered one stays (ADR 0013). Counted across scopes.</summary>
public sealed class CompetitionRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct) => Task.FromResult<DomainException?>(null);

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var held = await db.Set<Competition>().IgnoreQueryFilters().AsNoTracking().CountAsync(c => c.OrgId == orgId, ct);
        var entered = await db.Set<CompetitionContestant>().IgnoreQueryFilters().AsNoTracking().CountAsync(c => c.OrgId == orgId, ct);
        return held + entered == 0 ? null : new DomainException("org_has_competitions",
            $"该组织举办或参加了 {held + entered} 次擂台赛，记录须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
