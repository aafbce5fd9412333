using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Organizations;

/// <summary>组织导出: the org list as .xlsx, in the import layout so that the file re-imports unchanged.</summary>
public sealed class OrgExport(ZerenDbContext db, OrganizationService orgs)
{
    /// <summary>Rows fetched per query: the full rows are read in slices, never all at once.</summary>
    public const int PageSize = 1000;

    public async Task WriteAsync(Stream output, OrgFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var order = await TreeOrderAsync(await orgs.FilterAsync(filter, ct), ct);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet(OrgSheet.SheetName, OrgSheet.Columns);
        foreach (var slice in order.Chunk(PageSize))
        {
            var rows = await db.Set<Organization>().AsNoTracking()
                .Where(o => slice.Contains(o.Id))
                .Select(o => new
                {
                    o.Id, o.Code, o.Name, o.Kind, o.Domain, o.Strength, o.Standard, o.Stars, o.SortOrder,
                    ParentCode = db.Set<Organization>().Where(p => p.Id == o.ParentId).Select(p => p.Code).FirstOrDefault(),
                    RegionName = db.Set<Region>().Where(r => r.Id == o.RegionId).Select(r => r.Name).FirstOrDefault(),
                })
                .ToDictionaryAsync(o => o.Id, ct);
            foreach (var o in slice.Select(id => rows[id]))
            {
                sheet.AddRow(o.Code, o.Name, o.ParentCode, OrgLabels.Kind.Label(o.Kind), OrgLabels.Domain.Label(o.Domain),
                    OrgLabels.Strength.Label(o.Strength), OrgLabels.Standard.Label(o.Standard), o.Stars, o.RegionName, o.SortOrder);
            }
        }
        xlsx.Finish();
    }

    /// <summary>
    /// The ids of the selected organizations in the tree page's order: parents before children, siblings by 排序
    /// (SortOrder), then by name. The materialized path orders siblings by creation instead, so the order is worked
    /// out here from each organization's ancestry and every organization's rank by 排序 and name. The rank comes
    /// from the database, so names compare in its collation, as on the tree page.
    /// </summary>
    private async Task<List<Guid>> TreeOrderAsync(IQueryable<Organization> selected, CancellationToken ct)
    {
        var rows = await selected.Select(o => new { o.Id, o.Path }).ToListAsync(ct);
        // Every organization the actor sees, ranked in one query. Those above the actor's scope are not among them,
        // but they are shared by every row, so they never decide the order.
        var names = await db.Set<Organization>().AsNoTracking()
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .Select(o => o.Id)
            .ToListAsync(ct);
        var rank = new Dictionary<Guid, int>(names.Count);
        foreach (var id in names)
        {
            rank[id] = rank.Count;
        }
        var byAncestry = Comparer<IReadOnlyList<Guid>>.Create((x, y) =>
        {
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                if (x[i] == y[i])
                {
                    continue;
                }
                return rank.TryGetValue(x[i], out var rx) && rank.TryGetValue(y[i], out var ry) ? rx.CompareTo(ry) : x[i].CompareTo(y[i]);
            }
            return x.Count.CompareTo(y.Count);
        });
        return [.. rows.OrderBy(r => OrgPath.Ancestry(r.Path), byAncestry).Select(r => r.Id)];
    }
}
