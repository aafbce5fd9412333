using System.ComponentModel;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.People;

/// <summary>任职: a person holds a post in an organization from a date, until a date.</summary>
[DisplayName("任职")]
public sealed class Position
{
    private Position()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("任职组织")]
    public Guid OrgId { get; private set; }

    [DisplayName("人员")]
    public Guid PersonId { get; private set; }

    [DisplayName("职务")]
    public PositionTitle Title { get; private set; }

    [DisplayName("任职日期")]
    public DateOnly StartOn { get; private set; }

    [DisplayName("离任日期")]
    public DateOnly? EndOn { get; private set; }

    /// <summary>Why the holder left the post (换届, 调任, …).</summary>
    [DisplayName("离任原因")]
    public string? EndReason { get; private set; }

    public bool IsActiveOn(DateOnly day) => StartOn <= day && (EndOn is null || EndOn >= day);

    public static Position Create(Guid orgId, Guid personId, PositionTitle title, DateOnly startOn, DateOnly today, Guid? id = null)
    {
        if (startOn > today)
        {
            throw new DomainException("position_future", "任职日期不能晚于今天。", "startOn");
        }
        return new Position { Id = id ?? Ids.New(), OrgId = orgId, PersonId = personId, Title = title, StartOn = startOn };
    }

    /// <summary>离任 on <paramref name="endOn"/>, the last day in the post, for <paramref name="reason"/> (<see cref="Reasons.Require"/>).</summary>
    public void End(DateOnly endOn, string reason)
    {
        var why = Reasons.Require(reason);
        if (EndOn is not null)
        {
            throw new DomainException("position_already_ended", "此任职已离任。");
        }
        if (endOn < StartOn)
        {
            throw new DomainException("position_end_before_start", "离任日期不能早于任职日期。", "endOn");
        }
        EndOn = endOn;
        EndReason = why;
    }

    /// <summary>
    /// 党组织书记是第一责任人，副书记是直接责任人，党建办主任、第一书记和支部书记是具体责任人 (seed 004 §3).
    /// A 党支部's secretary is the 具体责任人; a committee's (党委/党工委/党总支) is the 第一责任人.
    /// </summary>
    public static ResponsibilityRole? RoleOf(PositionTitle title, OrgKind orgKind) => title switch
    {
        PositionTitle.Secretary when orgKind == OrgKind.Branch => ResponsibilityRole.Specific,
        PositionTitle.Secretary when orgKind != OrgKind.Group => ResponsibilityRole.First,
        PositionTitle.DeputySecretary when orgKind != OrgKind.Group => ResponsibilityRole.Direct,
        PositionTitle.PartyOfficeDirector or PositionTitle.FirstSecretary => ResponsibilityRole.Specific,
        _ => null,
    };

    /// <summary>Posts that at most one person holds at a time in one organization.</summary>
    public static bool IsSingleHolder(PositionTitle title) =>
        title is PositionTitle.Secretary or PositionTitle.FirstSecretary or PositionTitle.VillageCommitteeDirector
            or PositionTitle.PartyOfficeDirector;
}
