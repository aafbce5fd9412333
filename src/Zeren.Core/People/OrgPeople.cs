using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;

namespace Zeren.Core.People;

/// <summary>The people of the org tree, as <see cref="OrganizationService"/> asks for them (<see cref="IOrgPeople"/>).</summary>
public sealed class OrgPeople(ZerenDbContext db) : IOrgPeople
{
    public Task<bool> AnyInAsync(Guid orgId, CancellationToken ct) => db.Set<Person>().AnyAsync(p => p.OrgId == orgId, ct);

    public async Task TrackRemovedWithAsync(Guid orgId, CancellationToken ct)
    {
        await db.Set<Position>().Where(p => p.OrgId == orgId).LoadAsync(ct);
        await db.Set<Link>().Where(l => l.OrgId == orgId).LoadAsync(ct);
        await db.Set<ReserveCadre>().Where(r => r.OrgId == orgId).LoadAsync(ct);
    }

    public Task<Guid?> OrgOfAsync(Guid personId, CancellationToken ct) =>
        db.Set<Person>().Where(p => p.Id == personId).Select(p => (Guid?)p.OrgId).SingleOrDefaultAsync(ct);

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> personIds, CancellationToken ct)
    {
        if (personIds.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }
        var ids = personIds.Distinct().ToList();
        return await db.Set<Person>().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }
}
