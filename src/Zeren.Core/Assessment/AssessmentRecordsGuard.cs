using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Assessment;

/// <summary>
/// Assessment results are a record: an organization that assessed or was assessed stays (ADR 0013). Counted across
/// scopes. Results name organizations only, no person.
/// </summary>
public sealed class AssessmentRecordsGuard(ZerenDbContext db) : IDeletionGuard
{
    public Task<DomainException?> CheckPersonAsync(Guid personId, CancellationToken ct) => Task.FromResult<DomainException?>(null);

    public async Task<DomainException?> CheckOrgAsync(Guid orgId, CancellationToken ct)
    {
        var schemes = await db.Set<AssessmentScheme>().IgnoreQueryFilters().AsNoTracking().CountAsync(s => s.OrgId == orgId, ct);
        var results = await db.Set<RunResult>().IgnoreQueryFilters().AsNoTracking().CountAsync(r => r.OrgId == orgId, ct);
        results += await db.Set<StarRatingEntry>().IgnoreQueryFilters().AsNoTracking().CountAsync(e => e.OrgId == orgId, ct);
        schemes += await db.Set<StarRating>().IgnoreQueryFilters().AsNoTracking().CountAsync(r => r.OrgId == orgId, ct);
        return schemes + results == 0 ? null : new DomainException("org_has_assessments",
            $"该组织有 {schemes} 个考核方案、{results} 条考核结果，考核记录须完整保留，不能删除。组织撤并请将其调整到新的上级组织下。");
    }
}
