using Microsoft.EntityFrameworkCore;
using Zeren.Core.Organizations;
using Zeren.Core.Security;

namespace Zeren.Core.Rectification;

/// <summary>What the home page says of problems: the applications the account may verify, and the overdue problems of
/// the organizations under it (its own are its obligations already). Counted in the database, first few by date.</summary>
public sealed record ProblemQueue(int Count, IReadOnlyList<ProblemRow> First);

public sealed partial class ProblemService
{
    /// <summary>待验收销号: problems applied for closing that the account may verify (not its own organization's; issued
    /// by its organization or one under it), oldest application first.</summary>
    public async Task<ProblemQueue> ToVerifyAsync(int first, CancellationToken ct = default)
    {
        if (!Current.Has(Permission.ProblemsVerify))
        {
            return new ProblemQueue(0, []);
        }
        var own = Current.OrgId;
        var q = db.Set<Problem>().AsNoTracking().Where(p => p.State == ProblemState.Applied && p.OrgId != own);
        if (Current.OrgPath is { } path)
        {
            var issuers = db.Set<Organization>().InSubtree(path);
            q = q.Where(p => issuers.Any(o => o.Id == p.IssuerOrgId));
        }
        var count = await q.CountAsync(ct);
        if (count == 0)
        {
            return new ProblemQueue(0, []);
        }
        // Ordered here: SQLite cannot order by a DateTimeOffset. The queue is the problems awaiting verification: a few.
        var ids = (await q.Select(p => new { p.Id, p.AppliedAt }).ToListAsync(ct))
            .OrderBy(p => p.AppliedAt).ThenBy(p => p.Id).Take(first).Select(p => p.Id).ToList();
        var rows = await Rows(db.Set<Problem>().AsNoTracking().Where(p => ids.Contains(p.Id))).ToListAsync(ct);
        return new ProblemQueue(count, [.. rows.OrderBy(r => ids.IndexOf(r.Id))]);
    }

    /// <summary>辖区逾期问题: overdue problems of the organizations in the account's scope other than its own, most overdue first.</summary>
    public async Task<ProblemQueue> OverdueBelowAsync(int first, CancellationToken ct = default)
    {
        var own = Current.OrgId;
        var q = (await FilterAsync(new ProblemFilter(Overdue: true), ct)).Where(p => p.OrgId != own);
        var count = await q.CountAsync(ct);
        var rows = count == 0 ? [] : await Rows(q.OrderBy(p => p.DueOn).ThenBy(p => p.Id)).Take(first).ToListAsync(ct);
        return new ProblemQueue(count, rows);
    }
}
