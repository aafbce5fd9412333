using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Rectification;

/// <summary>The problem list (问题清单) as .xlsx, with the same filters as the list.</summary>
public sealed class ProblemExport(ZerenDbContext db, ProblemService problems, TimeProvider clock)
{
    /// <summary>Problems fetched per query.</summary>
    public const int PageSize = 1000;

    private static readonly SheetColumn[] Columns =
    [
        new("责任单位", 28),
        new("交办单位", 24),
        new("问题", 30, ColumnFormat.Wrapped),
        new("来源", 14),
        new("类别", 14),
        new("共性/个性", 10),
        new("严重程度", 10),
        new("整改时限", 13, ColumnFormat.Date),
        new("状态", 10),
        new("逾期", 7),
        new("挂牌日期", 13, ColumnFormat.Date),
        new("销号日期", 13, ColumnFormat.Date),
        new("退回次数", 9),
        new("问题描述", 50, ColumnFormat.Wrapped),
        new("原因分析", 40, ColumnFormat.Wrapped),
        new("整改措施", 40, ColumnFormat.Wrapped),
    ];

    public async Task WriteAsync(Stream output, ProblemFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = ChinaTime.Today(clock);
        var selected = (await problems.FilterAsync(filter, ct)).OrderBy(p => p.RaisedAt).ThenBy(p => p.Id);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("问题清单", Columns);
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await selected.Skip(offset).Take(PageSize)
                .Select(p => new
                {
                    p.IssuerOrgId, p.Title, p.Source, p.Category, p.IsCommon, p.Severity, p.DueOn, p.State, p.RaisedAt, p.ClosedAt, p.ReturnCount,
                    p.Description, p.CauseAnalysis, p.Measures,
                    Org = db.Set<Organization>().Where(g => g.Id == p.OrgId).Select(g => g.Name).FirstOrDefault(),
                })
                .ToListAsync(ct);
            var ids = page.Select(p => p.IssuerOrgId).Distinct().ToList();
            var issuers = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().Where(g => ids.Contains(g.Id))
                .Select(g => new { g.Id, g.Name }).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
            foreach (var p in page)
            {
                sheet.AddRow(p.Org, issuers.GetValueOrDefault(p.IssuerOrgId), p.Title, ProblemLabels.Of(p.Source), p.Category, p.IsCommon ? "共性" : "个性",
                    ProblemLabels.Of(p.Severity), p.DueOn, ProblemLabels.Of(p.State), p.State != ProblemState.Closed && p.DueOn < today ? "是" : null,
                    ChinaDate(p.RaisedAt), p.ClosedAt is { } c ? ChinaDate(c) : (DateOnly?)null, p.ReturnCount, p.Description, p.CauseAnalysis, p.Measures);
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
