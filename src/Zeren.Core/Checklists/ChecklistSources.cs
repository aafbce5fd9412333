using Microsoft.EntityFrameworkCore;
using Zeren.Core.Assessment;
using Zeren.Core.Data;
using Zeren.Core.Organizations;

namespace Zeren.Core.Checklists;

/// <summary>
/// The 达标型 items that count for a year: those of the current version of every 达标型 template of the year, each with
/// its holder's path (the villages under the holder owe it).
/// </summary>
internal static class StandardItems
{
    public static IQueryable<HeldItem> Of(ZerenDbContext db, int year)
    {
        var templates = db.Set<ChecklistTemplate>().AsNoTracking();
        return templates.Where(t => t.Kind == ChecklistKind.Standard && t.Year == year
                && !templates.Any(n => n.OrgId == t.OrgId && n.Year == t.Year && n.Kind == t.Kind && n.Version > t.Version))
            .Join(db.Set<Organization>().IgnoreQueryFilters(), t => t.OrgId, o => o.Id, (t, o) => new { t.Id, o.Path })
            .Join(db.Set<ChecklistItem>(), t => t.Id, i => i.TemplateId, (t, i) => new HeldItem { ItemId = i.Id, HolderPath = t.Path });
    }

    /// <summary>The village branches of the assessed organizations' subtrees (in the actor's scope).</summary>
    public static IQueryable<Organization> Villages(ZerenDbContext db) => ChecklistService.Branches(db.Set<Organization>().AsNoTracking());
}

internal sealed class HeldItem
{
    public Guid ItemId { get; init; }

    public string HolderPath { get; init; } = "";
}

/// <summary>
/// 标准化达标率: of the 达标型 items the subtree's village branches owe in the period's year (each village × each item of
/// the current 达标型 templates held above it), the share verified (已验收) by the end of the period (up to today).
/// Summed in the database. None owed: full marks.
/// </summary>
public sealed class ChecklistStandardSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "checklists.standard";

    public string Label => "标准化建设达标率（达标型条目验收比例）";

    public SourceMeasure Measure => SourceMeasure.Rate;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var end = SourceHelp.StartOf(context.To.AddDays(1));
        var items = StandardItems.Of(db, context.Period.Year);
        var entries = db.Set<ChecklistEntry>().AsNoTracking();
        // A cross join filtered by the holder's subtree (no APPLY, which SQLite lacks).
        var rows = StandardItems.Villages(db)
            .SelectMany(o => items, (o, i) => new { o.Id, o.Path, i.ItemId, i.HolderPath })
            .Where(x => x.Path.StartsWith(x.HolderPath) && x.Path != x.HolderPath)
            .Select(x => new PathSum
            {
                Path = x.Path,
                A = entries.Any(e => e.ItemId == x.ItemId && e.OrgId == x.Id && e.State == ChecklistItemState.Verified && e.VerifiedAt < end) ? 1 : 0,
                B = 1,
            });
        var sums = await SourceHelp.SumAsync(context, rows, ct);
        return SourceHelp.Rates(sums, 1, "无达标型清单条目", (a, b) => $"达标型条目 {b} 项（村×条目），已验收 {a} 项（{SourceHelp.Percent(a, b)}）");
    }
}

/// <summary>
/// 标准化未达标村数: the subtree's village branches that owe 达标型 items in the period's year and had not every one of
/// them verified by the end of the period (up to today). For a 否决项: any such village vetoes (value above 0). Summed
/// in the database.
/// </summary>
public sealed class ChecklistNotStandardSource(ZerenDbContext db) : IAssessmentSource
{
    public string Key => "checklists.not-standard";

    public string Label => "标准化建设未达标村数（达标型）";

    public SourceMeasure Measure => SourceMeasure.Count;

    public async Task<IReadOnlyDictionary<Guid, SourceValue>> MeasureAsync(AssessmentContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var end = SourceHelp.StartOf(context.To.AddDays(1));
        var items = StandardItems.Of(db, context.Period.Year);
        var entries = db.Set<ChecklistEntry>().AsNoTracking();
        var rows = StandardItems.Villages(db).Select(o => new PathSum
        {
            Path = o.Path,
            A = items.Any(i => o.Path.StartsWith(i.HolderPath) && o.Path != i.HolderPath
                && !entries.Any(e => e.ItemId == i.ItemId && e.OrgId == o.Id && e.State == ChecklistItemState.Verified && e.VerifiedAt < end)) ? 1 : 0,
            B = items.Any(i => o.Path.StartsWith(i.HolderPath) && o.Path != i.HolderPath) ? 1 : 0,
        });
        var sums = await SourceHelp.SumAsync(context, rows, ct);
        return sums.ToDictionary(t => t.Key, t => new SourceValue(t.Value.A, t.Value.B == 0
            ? "无须达标的村（社区）"
            : t.Value.A == 0 ? $"{t.Value.B} 个村（社区）全部达标" : $"{t.Value.B} 个村（社区）中 {t.Value.A} 个未达标"));
    }
}
