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
    /// by its organization or one under it), earliest deadline first (then the oldest raised).</summary>
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
        var rows = await Rows(q.OrderBy(p => p.DueOn).ThenBy(p => p.RaisedAt).ThenBy(p => p.Id)).Take(first).ToListAsync(ct);
        return new ProblemQueue(await TotalAsync(q, rows.Count, first, ct), rows);
    }

    /// <summary>辖区逾期问题: overdue problems of the organizations in the account's scope other than its own, most overdue first.</summary>
    public async Task<ProblemQueue> OverdueBelowAsync(int first, CancellationToken ct = default)
    {
        var own = Current.OrgId;
        var q = (await FilterAsync(new ProblemFilter(Overdue: true), ct)).Where(p => p.OrgId != own);
        var rows = await Rows(q.OrderBy(p => p.DueOn).ThenBy(p => p.Id)).Take(first).ToListAsync(ct);
        return new ProblemQueue(await TotalAsync(q, rows.Count, first, ct), rows);
    }

    /// <summary>The queue's size: fewer rows than asked are all there are, so the database counts only when there may be more.</summary>
    private static async Task<int> TotalAsync(IQueryable<Problem> q, int read, int asked, CancellationToken ct) =>
        read < asked ? read : await q.CountAsync(ct);
}
