using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.People;

/// <summary>人员、联系、后备干部 lists as .xlsx.</summary>
public sealed class PeopleExport(ZerenDbContext db, PeopleService people, TimeProvider clock, PersonalDataProtector protector)
{
    /// <summary>Rows fetched per query: a county roster is read in slices, never all at once.</summary>
    public const int PageSize = 1000;

    private static readonly SheetColumn[] LinkColumns =
    [
        new("联系类型", 18),
        new("人员", 12),
        new("联系组织", 30),
        new("开始日期", 13, ColumnFormat.Date),
        new("结束日期", 13, ColumnFormat.Date),
        new("状态", 8),
    ];

    private static readonly SheetColumn[] ReserveColumns =
    [
        new("村", 30),
        new("姓名", 12),
        new("出生日期", 13, ColumnFormat.Date),
        new("年龄", 8),
        new("35岁以下", 10),
        new("目标岗位", 14),
        new("入库日期", 13, ColumnFormat.Date),
        new("备注", 40, ColumnFormat.Wrapped),
    ];

    /// <summary>
    /// The roster in the import layout plus the organization's name. ID numbers and mobiles are masked
    /// (330824********1234, 138****5678) unless <paramref name="unmasked"/>: only an unmasked file re-imports, and
    /// only an actor who may see full numbers gets one. Returns how many people the file lists.
    /// </summary>
    public async Task<int> WriteRosterAsync(Stream output, PeopleFilter filter, PeopleSort sort = PeopleSort.Name, bool unmasked = false, CancellationToken ct = default)
    {
        var count = 0;
        ArgumentNullException.ThrowIfNull(filter);
        if (unmasked)
        {
            people.EnsureMayRevealPersonalData();
        }
        var selected = PeopleService.Sorted(await people.FilterAsync(filter, ct), sort);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet(RosterSheet.SheetName, [.. RosterSheet.Columns, new SheetColumn(RosterSheet.OrgName, 30)]);
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await selected
                .Skip(offset)
                .Take(PageSize)
                .Select(p => new
                {
                    p.Name, p.Gender, p.Ethnicity, p.BirthDate, p.Education, p.IdNumberCipher, p.MobileCipher, p.PartyStatus, p.JoinedPartyOn,
                    Org = db.Set<Organization>().Where(o => o.Id == p.OrgId).Select(o => new { o.Code, o.Name }).FirstOrDefault(),
                })
                .ToListAsync(ct);
            foreach (var p in page)
            {
                var idNumber = p.IdNumberCipher is null ? null : protector.Decrypt(p.IdNumberCipher);
                var mobile = p.MobileCipher is null ? null : protector.Decrypt(p.MobileCipher);
                sheet.AddRow(p.Name, PeopleLabels.Gender.Label(p.Gender), p.Ethnicity, p.BirthDate, PeopleLabels.Education.Label(p.Education),
                    unmasked ? idNumber : Masking.IdNumber(idNumber), unmasked ? mobile : Masking.Mobile(mobile),
                    PeopleLabels.PartyStatus.Label(p.PartyStatus), p.JoinedPartyOn, p.Org?.Code, p.Org?.Name);
            }
            count += page.Count;
            if (page.Count < PageSize)
            {
                break;
            }
        }
        xlsx.Finish();
        return count;
    }

    /// <summary>联系 (县级领导联系乡镇, 包村, 重点村) with the same filter as the list.</summary>
    public async Task WriteLinksAsync(Stream output, LinkFilter filter, CancellationToken ct = default)
    {
        var links = await people.LinksAsync(filter, ct);
        var today = ChinaTime.Today(clock);
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("联系", LinkColumns);
        foreach (var l in links)
        {
            sheet.AddRow(PeopleLabels.LinkKind.Label(l.Kind), l.PersonName, l.OrgName, l.StartOn, l.EndOn,
                l.EndOn is { } end && end < today ? "已结束" : "在联");
        }
        xlsx.Finish();
    }

    /// <summary>后备干部库, with the under-35 flag (春苗计划).</summary>
    public async Task WriteReservesAsync(Stream output, Guid? under, bool onlyUnderThirtyFive, CancellationToken ct = default)
    {
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("后备干部", ReserveColumns);
        for (var page = 1; ; page++)
        {
            var slice = await people.ReservesAsync(under, onlyUnderThirtyFive, new PageRequest(page, PageRequest.MaxSize), ct);
            foreach (var r in slice.Items)
            {
                sheet.AddRow(r.OrgName, r.PersonName, r.BirthDate, r.Age, r.UnderThirtyFive, PeopleLabels.Title.Label(r.TargetPost), r.AddedOn, r.Note);
            }
            if (page >= slice.PageCount)
            {
                break;
            }
        }
        xlsx.Finish();
    }
}
