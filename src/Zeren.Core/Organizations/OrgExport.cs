using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Organizations;

/// <summary>组织导出: the org list as .xlsx, in the import layout so that the file re-imports unchanged.</summary>
public sealed class OrgExport(ZerenDbContext db, OrganizationService orgs)
{
    /// <summary>Rows fetched per query: the list is read in slices along the tree order, never all at once.</summary>
    public const int PageSize = 1000;

    public async Task WriteAsync(Stream output, OrgFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var selected = await orgs.FilterAsync(filter, ct);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet(OrgSheet.SheetName, OrgSheet.Columns);
        var after = "";
        while (true)
        {
            var from = after;
            var page = await selected
                .Where(o => o.Path.CompareTo(from) > 0)
                .OrderBy(o => o.Path)
                .Take(PageSize)
                .Select(o => new
                {
                    o.Path, o.Code, o.Name, o.Kind, o.Domain, o.Strength, o.Standard, o.Stars, o.SortOrder,
                    ParentCode = db.Set<Organization>().Where(p => p.Id == o.ParentId).Select(p => p.Code).FirstOrDefault(),
                    RegionName = db.Set<Region>().Where(r => r.Id == o.RegionId).Select(r => r.Name).FirstOrDefault(),
                })
                .ToListAsync(ct);
            foreach (var o in page)
            {
                sheet.AddRow(o.Code, o.Name, o.ParentCode, OrgLabels.Kind.Label(o.Kind), OrgLabels.Domain.Label(o.Domain),
                    OrgLabels.Strength.Label(o.Strength), OrgLabels.Standard.Label(o.Standard), o.Stars, o.RegionName, o.SortOrder);
            }
            if (page.Count < PageSize)
            {
                break;
            }
            after = page[^1].Path;
        }
        xlsx.Finish();
    }
}
