using Microsoft.EntityFrameworkCore;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
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
            var issuers = db.Set<Organization>().InSubtree(db, path);
            q = q.Where(p => issuers.Any(o => o.Id == p.IssuerOrgId));
        }
        return await QueueAsync(Rows(q.OrderBy(p => p.DueOn).ThenBy(p => p.RaisedAt).ThenBy(p => p.Id)), first, ct);
    }

    /// <summary>辖区逾期问题: overdue problems of the organizations in the account's scope other than its own, most overdue first.</summary>
    public async Task<ProblemQueue> OverdueBelowAsync(int first, CancellationToken ct = default)
    {
        var own = Current.OrgId;
        var q = (await FilterAsync(new ProblemFilter(Overdue: true), ct)).Where(p => p.OrgId != own);
        return await QueueAsync(Rows(q.OrderBy(p => p.DueOn).ThenBy(p => p.Id)), first, ct);
    }

    /// <summary>The first few of an ordered queue and its size, as the first page of a list (counted only when there may be more).</summary>
    private static async Task<ProblemQueue> QueueAsync(IQueryable<ProblemRow> ordered, int first, CancellationToken ct)
    {
        var page = await ordered.ToPagedAsync(new PageRequest(1, first), ct);
        return new ProblemQueue(page.Total, page.Items);
    }
}
