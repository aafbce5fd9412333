using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Supervision;

/// <summary>The supervision-order register (督办台账) as .xlsx, with the same filters as the register.</summary>
public sealed class SupervisionExport(ZerenDbContext db, SupervisionService orders, TimeProvider clock)
{
    /// <summary>Orders fetched per query.</summary>
    public const int PageSize = 1000;

    private static readonly SheetColumn[] Columns =
    [
        new("编号", 18),
        new("督办单位", 24),
        new("承办单位", 28),
        new("督办事项", 30, ColumnFormat.Wrapped),
        new("来源", 24, ColumnFormat.Wrapped),
        new("办理时限", 13, ColumnFormat.Date),
        new("状态", 10),
        new("逾期", 7),
        new("重点督办", 9),
        new("下发日期", 13, ColumnFormat.Date),
        new("反馈日期", 13, ColumnFormat.Date),
        new("逾期反馈", 9),
        new("退回次数", 9),
        new("督办内容", 50, ColumnFormat.Wrapped),
        new("办理要求", 40, ColumnFormat.Wrapped),
    ];

    public async Task WriteRegisterAsync(Stream output, OrderFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = ChinaTime.Today(clock);
        var selected = (await orders.FilterAsync(filter, ct)).OrderBy(o => o.Year).ThenBy(o => o.IssuerOrgId).ThenBy(o => o.Number);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("督办台账", Columns);
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await selected.Skip(offset).Take(PageSize)
                .Select(o => new
                {
                    o.Year, o.Number, o.IssuerOrgId, o.Title, o.SourceType, o.SourceTitle, o.DueOn, o.State, o.IsEscalated, o.IssuedAt,
                    o.RespondedAt, o.RespondedLate, o.ReturnCount, o.Content, o.Requirements,
                    Org = db.Set<Organization>().Where(g => g.Id == o.OrgId).Select(g => g.Name).FirstOrDefault(),
                })
                .ToListAsync(ct);
            // Issuers in a query of their own: the issuer lies above a receiver's scope.
            var ids = page.Select(o => o.IssuerOrgId).Distinct().ToList();
            var issuers = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(g => ids.Contains(g.Id))
                .Select(g => new { g.Id, g.Name }).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
            foreach (var o in page)
            {
                var source = SupervisionSources.Label(o.SourceType) + (o.SourceTitle is { } t ? "：" + t : "");
                sheet.AddRow(SupervisionOrder.Format(o.Year, o.Number), issuers.GetValueOrDefault(o.IssuerOrgId), o.Org, o.Title, source, o.DueOn,
                    SupervisionLabels.Of(o.State), SupervisionOrder.IsOverdue(o.State, o.DueOn, today) ? "是" : null, o.IsEscalated ? "是" : null,
                    ChinaDate(o.IssuedAt), o.RespondedAt is { } r ? ChinaDate(r) : (DateOnly?)null,
                    o.RespondedLate ? "是" : null, o.ReturnCount, o.Content, o.Requirements);
            }
            if (page.Count < PageSize)
            {
                break;
            }
        }
        xlsx.Finish();
    }

    private static DateOnly ChinaDate(DateTimeOffset instant) => DateOnly.FromDateTime(ChinaTime.ToChina(instant).DateTime);
}
