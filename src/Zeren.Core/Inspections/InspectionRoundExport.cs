using Zeren.Core.Rectification;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Inspections;

/// <summary>
/// 一村一清单 of a round as .xlsx: one row per finding of each village the reader may see (a village without findings, or
/// not yet visited, gets one row saying so), with the problem each finding became and its state.
/// </summary>
public sealed class InspectionRoundExport(InspectionRoundService rounds)
{
    private static readonly SheetColumn[] Columns =
    [
        new("乡镇", 20),
        new("村", 24),
        new("督导组", 16),
        new("督查日期", 13, ColumnFormat.Date),
        new("督查人员", 20),
        new("序号", 6),
        new("发现问题", 50, ColumnFormat.Wrapped),
        new("问题状态", 10),
        new("整改时限", 13, ColumnFormat.Date),
        new("逾期", 7),
    ];

    /// <summary>Writes the lists; returns the round's name (for the file's name).</summary>
    public async Task<string> WriteAsync(Stream output, Guid roundId, CancellationToken ct = default)
    {
        var lists = await rounds.VillageListsAsync(roundId, null, ct);
        var name = lists.Count > 0 ? lists[0].RoundName : (await rounds.GetAsync(roundId, ct)).Round.Name;
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("一村一清单", Columns);
        foreach (var v in lists)
        {
            if (v.Findings.Count == 0)
            {
                sheet.AddRow(v.TownshipName, v.VillageName, v.GroupName, v.VisitedOn, v.Team, null, v.InspectionId is null ? "（未督查）" : "（未发现问题）",
                    null, null, null);
                continue;
            }
            var n = 0;
            foreach (var f in v.Findings)
            {
                sheet.AddRow(v.TownshipName, v.VillageName, v.GroupName, v.VisitedOn, v.Team, ++n, f.Text,
                    f.State is { } s ? ProblemLabels.Of(s) : "未列入问题清单", f.DueOn, f.Overdue ? "是" : null);
            }
        }
        xlsx.Finish();
        return name;
    }
}
