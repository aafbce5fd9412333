using Microsoft.EntityFrameworkCore;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Rectification;

/// <summary>Found / closed / overdue counts of a group, and the closure rate (closed of found, 0 when none was found).</summary>
public sealed record ProblemCount(string Key, string Label, int Found, int Closed, int Overdue)
{
    public int Open => Found - Closed;

    public double ClosureRate => Found == 0 ? 0 : Math.Round((double)Closed / Found, 4);
}

/// <summary>
/// 问题统计 for a subtree and a period (problems raised in it, China dates inclusive): the totals, and the same counts by
/// organization (each one directly below <see cref="OrgId"/> with its subtree; <c>本级</c> for its own), category, source
/// and state. Overdue: open and past the deadline today.
/// </summary>
public sealed record ProblemStats(Guid OrgId, string OrgName, DateOnly? From, DateOnly? To, ProblemCount Total, IReadOnlyList<ProblemCount> ByOrg,
    IReadOnlyList<ProblemCount> ByCategory, IReadOnlyList<ProblemCount> BySource, IReadOnlyList<ProblemCount> ByState);

/// <summary>One organization on the 挂牌 board: its open problems, counted by state, overdue ones flagged.</summary>
public sealed record BoardOrg(Guid OrgId, string OrgName, int Listed, int Rectifying, int Applied, int Overdue, IReadOnlyList<ProblemRow> Problems);

/// <summary>挂牌公示栏: a township's (or any organization's) open problems, by organization, most overdue first.</summary>
public sealed record ProblemBoard(Guid OrgId, string OrgName, int Open, int Overdue, int ClosedThisYear, IReadOnlyList<BoardOrg> Orgs);

public sealed partial class ProblemService
{
    /// <summary>The most open problems the board lists.</summary>
    public const int BoardMax = 500;

    /// <summary>Statistics, counted in the database (one grouped query per breakdown).</summary>
    public async Task<ProblemStats> StatsAsync(Guid orgId, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new DomainException("stats_period", "开始日期不能晚于结束日期。", "from");
        }
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Id, o.Name, o.Path }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("组织", orgId);
        var q = await FilterAsync(new ProblemFilter(Under: orgId, From: from, To: to), ct);
        var today = Today;

        var total = await q.GroupBy(_ => 1)
            .Select(g => new { Found = g.Count(), Closed = g.Count(p => p.State == ProblemState.Closed), Overdue = g.Count(p => p.State != ProblemState.Closed && p.DueOn < today) })
            .SingleOrDefaultAsync(ct);

        // By organization: the prefix of each problem's organization path that names the child of the org it lies in.
        var length = org.Path.Length + OrgPath.Segment(Guid.Empty).Length;
        var byPath = await q.Join(db.Set<Organization>(), p => p.OrgId, o => o.Id, (p, o) => new { p.State, p.DueOn, o.Path })
            .GroupBy(x => x.Path.Substring(0, length))
            .Select(g => new { g.Key, Found = g.Count(), Closed = g.Count(x => x.State == ProblemState.Closed), Overdue = g.Count(x => x.State != ProblemState.Closed && x.DueOn < today) })
            .ToListAsync(ct);
        var children = await db.Set<Organization>().AsNoTracking().Where(o => o.ParentId == orgId).OrderBy(o => o.SortOrder).ThenBy(o => o.Name)
            .Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct);
        var byOrg = new List<ProblemCount>();
        if (byPath.FirstOrDefault(x => x.Key == org.Path) is { } self)
        {
            byOrg.Add(new ProblemCount(org.Id.ToString(), "本级", self.Found, self.Closed, self.Overdue));
        }
        foreach (var c in children)
        {
            var x = byPath.FirstOrDefault(x => x.Key == c.Path);
            byOrg.Add(new ProblemCount(c.Id.ToString(), c.Name, x?.Found ?? 0, x?.Closed ?? 0, x?.Overdue ?? 0));
        }

        var byCategory = (await q.GroupBy(p => p.Category)
                .Select(g => new { g.Key, Found = g.Count(), Closed = g.Count(p => p.State == ProblemState.Closed), Overdue = g.Count(p => p.State != ProblemState.Closed && p.DueOn < today) })
                .ToListAsync(ct))
            .Select(x => new ProblemCount(x.Key ?? "", x.Key ?? "未分类", x.Found, x.Closed, x.Overdue))
            .OrderByDescending(x => x.Found).ThenBy(x => x.Label, StringComparer.Ordinal).ToList();
        var bySource = (await q.GroupBy(p => p.Source)
                .Select(g => new { g.Key, Found = g.Count(), Closed = g.Count(p => p.State == ProblemState.Closed), Overdue = g.Count(p => p.State != ProblemState.Closed && p.DueOn < today) })
                .ToListAsync(ct))
            .Select(x => new ProblemCount(x.Key.ToString(), ProblemLabels.Of(x.Key), x.Found, x.Closed, x.Overdue))
            .OrderBy(x => Enum.Parse<ProblemSource>(x.Key)).ToList();
        var byState = (await q.GroupBy(p => p.State)
                .Select(g => new { g.Key, Found = g.Count(), Overdue = g.Count(p => p.State != ProblemState.Closed && p.DueOn < today) })
                .ToListAsync(ct))
            .Select(x => new ProblemCount(x.Key.ToString(), ProblemLabels.Of(x.Key), x.Found, x.Key == ProblemState.Closed ? x.Found : 0, x.Overdue))
            .OrderBy(x => Enum.Parse<ProblemState>(x.Key)).ToList();

        return new ProblemStats(org.Id, org.Name, from, to,
            new ProblemCount("", "合计", total?.Found ?? 0, total?.Closed ?? 0, total?.Overdue ?? 0), byOrg, byCategory, bySource, byState);
    }

    /// <summary>挂牌公示栏 of an organization's subtree: its open problems by organization.</summary>
    public async Task<ProblemBoard> BoardAsync(Guid orgId, CancellationToken ct = default)
    {
        var org = await db.Set<Organization>().AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("组织", orgId);
        var open = await Rows(await FilterAsync(new ProblemFilter(Under: orgId, Open: true), ct))
            .OrderBy(r => r.DueOn).ThenBy(r => r.Id).Take(BoardMax).ToListAsync(ct);
        var yearStart = StartOfChinaDay(new DateOnly(Today.Year, 1, 1));
        var closed = await (await FilterAsync(new ProblemFilter(Under: orgId, Open: false), ct)).CountAsync(p => p.ClosedAt >= yearStart, ct);
        var orgs = open.GroupBy(r => (r.OrgId, r.OrgName))
            .Select(g => new BoardOrg(g.Key.OrgId, g.Key.OrgName, g.Count(r => r.State == ProblemState.Listed), g.Count(r => r.State == ProblemState.Rectifying),
                g.Count(r => r.State == ProblemState.Applied), g.Count(r => r.IsOverdue), g.OrderByDescending(r => r.IsOverdue).ThenBy(r => r.DueOn).ToList()))
            .OrderByDescending(o => o.Overdue).ThenByDescending(o => o.Problems.Count).ThenBy(o => o.OrgName, StringComparer.Ordinal).ToList();
        return new ProblemBoard(org.Id, org.Name, open.Count, open.Count(r => r.IsOverdue), closed, orgs);
    }
}
