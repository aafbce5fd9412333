using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.Meetings;

public sealed record CadenceView(
    Guid Id, MeetingType Type, OrgDomain? Domain, int MinCount, PeriodKind Period, int? ExpectedQuarter, bool PerLeader,
    DateOnly EffectiveFrom, string? Note, DateTimeOffset CreatedAt, string CreatedBy, bool InForce);

/// <summary>三会一课频次: the versions of the cadence rules. A change is a new version; none is edited or deleted.</summary>
public sealed class CadenceService(ZerenDbContext db, TimeProvider clock, ActorAccessor actor)
{
    public async Task<IReadOnlyList<CadenceView>> ListAsync(CancellationToken ct = default)
    {
        var rules = await db.Set<MeetingCadence>().AsNoTracking().ToListAsync(ct);
        var today = ChinaTime.Today(clock);
        bool InForce(MeetingCadence r) =>
            r.EffectiveFrom <= today && !rules.Any(o => o.Type == r.Type && o.Domain == r.Domain && o.EffectiveFrom <= today && o.EffectiveFrom > r.EffectiveFrom);
        return rules.OrderBy(r => r.Type).ThenBy(r => r.Domain.HasValue).ThenBy(r => r.Domain).ThenByDescending(r => r.EffectiveFrom)
            .Select(r => new CadenceView(r.Id, r.Type, r.Domain, r.MinCount, r.Period, r.ExpectedQuarter, r.PerLeader, r.EffectiveFrom,
                r.Note, r.CreatedAt, r.CreatedBy, InForce(r)))
            .ToList();
    }

    /// <summary>
    /// Adds a version of a rule. It must start after the latest version of the same type and domain: a version
    /// dated earlier would silently change periods already judged.
    /// </summary>
    public async Task<CadenceView> AddVersionAsync(CadenceInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rule = MeetingCadence.Create(input, clock.GetUtcNow(), actor.Current.UserName);
        var latest = await db.Set<MeetingCadence>().AsNoTracking()
            .Where(r => r.Type == input.Type && r.Domain == input.Domain)
            .MaxAsync(r => (DateOnly?)r.EffectiveFrom, ct);
        if (latest is { } l && input.EffectiveFrom <= l)
        {
            throw new DomainException("cadence_not_later",
                $"新的频次规则应晚于现行版本的生效日期（{l:yyyy-MM-dd}）生效：规则只能向后调整，不改变已判定的期间。", "effectiveFrom");
        }
        var firstOfThisMonth = Period.Containing(ChinaTime.Today(clock), PeriodKind.Month).Start;
        if (input.EffectiveFrom < firstOfThisMonth)
        {
            throw new DomainException("cadence_in_past", "新的频次规则不能从已经过去的月份开始生效。", "effectiveFrom");
        }
        db.Add(rule);
        await db.SaveChangesAsync(ct);
        // Committed now: the save's hook counted the change before its commit, when a question could still read the old rules.
        CadenceRules.Changed();
        return (await ListAsync(ct)).Single(r => r.Id == rule.Id);
    }
}
