using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Meetings;

/// <summary>The meeting ledger (党支部工作手册) as .xlsx, with the same filters as the list.</summary>
public sealed class MeetingExport(ZerenDbContext db, MeetingService meetings)
{
    /// <summary>Meetings fetched per query: a county's year is read in slices.</summary>
    public const int PageSize = 1000;

    private static readonly SheetColumn[] Columns =
    [
        new("会议日期", 13, ColumnFormat.Date),
        new("时间", 13),
        new("党支部", 28),
        new("会议类型", 24),
        new("会议主题", 30, ColumnFormat.Wrapped),
        new("会议地点", 18),
        new("主持人", 10),
        new("记录人", 10),
        new("讲课人", 10),
        new("应到", 7),
        new("实到", 7),
        new("不计入原因", 30, ColumnFormat.Wrapped),
        new("补正", 7),
        new("会议内容", 50, ColumnFormat.Wrapped),
        new("会议决议", 40, ColumnFormat.Wrapped),
    ];

    public async Task WriteLedgerAsync(Stream output, MeetingFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var selected = (await meetings.FilterAsync(filter, ct)).OrderBy(m => m.HeldOn).ThenBy(m => m.Id);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("会议台账", Columns);
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await selected.Skip(offset).Take(PageSize)
                .Select(m => new
                {
                    m.HeldOn, m.StartsAt, m.EndsAt, m.Topic, m.Place, m.ChairPersonId, m.RecorderPersonId, m.LecturerPersonId,
                    m.ExpectedCount, m.PresentCount, m.NotCountedReason, m.IsAmended, m.Content, m.Resolutions,
                    Org = db.Set<Organization>().Where(o => o.Id == m.OrgId).Select(o => o.Name).FirstOrDefault(),
                    Types = m.Types.Select(t => t.Type).ToList(),
                })
                .ToListAsync(ct);
            // Names in a query of their own: a first secretary may belong outside the scope, and IgnoreQueryFilters
            // would lift the meetings' filter too if it were part of the query above.
            var ids = page.SelectMany(m => new[] { m.ChairPersonId, m.RecorderPersonId ?? Guid.Empty, m.LecturerPersonId ?? Guid.Empty })
                .Where(id => id != Guid.Empty).Distinct().ToList();
            var names = await db.Set<Person>().IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id))
                .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
            string? Name(Guid? id) => id is { } x ? names.GetValueOrDefault(x) : null;
            foreach (var m in page)
            {
                var time = $"{ChinaTime.ToChina(m.StartsAt):HH:mm}–{ChinaTime.ToChina(m.EndsAt):HH:mm}";
                sheet.AddRow(m.HeldOn, time, m.Org, string.Join("、", m.Types.Order().Select(MeetingLabels.Of)), m.Topic, m.Place,
                    Name(m.ChairPersonId), Name(m.RecorderPersonId), Name(m.LecturerPersonId), m.ExpectedCount, m.PresentCount,
                    m.NotCountedReason, m.IsAmended ? "是" : null, m.Content, m.Resolutions);
            }
            if (page.Count < PageSize)
            {
                break;
            }
        }
        xlsx.Finish();
    }
}
