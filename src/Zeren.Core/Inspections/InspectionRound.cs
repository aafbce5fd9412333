using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Inspections;

/// <summary>督导轮次的状态: planned (groups and villages being set), in progress (visits recorded), finished.</summary>
public enum RoundStatus
{
    /// <summary>未开始.</summary>
    Planned,

    /// <summary>进行中.</summary>
    InProgress,

    /// <summary>已结束.</summary>
    Finished,
}

/// <summary>
/// 督导轮次 (seed 001: 6 督查组, 2 轮 over 266 villages, 一周一通报, 一村一清单): a period in which the department's
/// supervision groups each visit the villages assigned to them. Scoped by the organization that runs it (the county).
/// The round and its groups are known; which village a group visits, and so when, is not (ADR 0033): an assignment is
/// seen by the department and the group's members until its visit is recorded or the round is finished.
/// </summary>
[DisplayName("督导轮次")]
public sealed class InspectionRound
{
    public const int NameMax = 100;
    public const int NoteMax = 1000;

    private InspectionRound()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The organization that runs the round (the county's committee); the row is scoped by it.</summary>
    [DisplayName("组织单位")]
    public Guid OrgId { get; private set; }

    [DisplayName("名称")]
    public string Name { get; private set; } = "";

    [DisplayName("开始日期")]
    public DateOnly StartsOn { get; private set; }

    [DisplayName("结束日期")]
    public DateOnly EndsOn { get; private set; }

    [DisplayName("状态")]
    public RoundStatus Status { get; private set; }

    [DisplayName("备注")]
    public string? Note { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public static InspectionRound Create(Guid orgId, string name, DateOnly startsOn, DateOnly endsOn, string? note, DateTimeOffset now, string by) => new()
    {
        Id = Ids.New(),
        OrgId = orgId,
        Name = name.Trim(),
        StartsOn = startsOn,
        EndsOn = endsOn,
        Status = RoundStatus.Planned,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        CreatedAt = now,
        CreatedBy = by,
    };

    /// <summary>Moves the round one step on: planned → in progress → finished, never back.</summary>
    public void MoveTo(RoundStatus status)
    {
        if ((int)status != (int)Status + 1)
        {
            throw new DomainException("round_status_order", "督导轮次只能依次从未开始到进行中、再到已结束。", "status");
        }
        Status = status;
    }
}

/// <summary>督导组: a group of inspectors in a round, with its leader (组长), who visits the villages assigned to it.</summary>
[DisplayName("督导组")]
public sealed class InspectionGroup
{
    public const int NameMax = 100;

    private InspectionGroup()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("督导轮次")]
    public Guid RoundId { get; private set; }

    /// <summary>The round's organization, copied: the row is scoped by it.</summary>
    public Guid OrgId { get; private set; }

    [DisplayName("名称")]
    public string Name { get; private set; } = "";

    [DisplayName("组长")]
    public Guid LeaderAccountId { get; private set; }

    public static InspectionGroup Create(InspectionRound round, string name, Guid leader) => new()
    {
        Id = Ids.New(),
        RoundId = round.Id,
        OrgId = round.OrgId,
        Name = name.Trim(),
        LeaderAccountId = leader,
    };

    public void Update(string name, Guid leader)
    {
        Name = name.Trim();
        LeaderAccountId = leader;
    }
}

/// <summary>督导组成员: an account on a group (the leader is one too); it sees the group's villages before their visit.</summary>
[DisplayName("督导组成员")]
public sealed class InspectionGroupMember
{
    private InspectionGroupMember()
    {
    }

    public Guid GroupId { get; private set; }

    [DisplayName("账号")]
    public Guid AccountId { get; private set; }

    /// <summary>The round's organization, copied: the row is scoped by it (the assignments' secrecy rule reads this table).</summary>
    public Guid OrgId { get; private set; }

    public static InspectionGroupMember Create(InspectionGroup group, Guid accountId) =>
        new() { GroupId = group.Id, AccountId = accountId, OrgId = group.OrgId };
}

/// <summary>
/// 督导村: a village assigned to a group for a round (one group per village and round), with the record of its visit in
/// the round once made. Scoped by the village, and secret before its visit (ADR 0033): seen by the department and the
/// group's members, by everyone in scope once the visit is recorded (<see cref="InspectionId"/>) or the round is
/// finished (<see cref="Revealed"/>).
/// </summary>
[DisplayName("督导村")]
public sealed class InspectionRoundVillage
{
    private InspectionRoundVillage()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("督导轮次")]
    public Guid RoundId { get; private set; }

    [DisplayName("督导组")]
    public Guid GroupId { get; private set; }

    [DisplayName("村")]
    public Guid VillageId { get; private set; }

    [DisplayName("乡镇")]
    public Guid TownshipId { get; private set; }

    /// <summary>The inspection record of the visit in the round, once recorded.</summary>
    [DisplayName("暗访记录")]
    public Guid? InspectionId { get; private set; }

    /// <summary>Set when the round is finished: then every account in scope sees the assignment.</summary>
    [DisplayName("已公开")]
    public bool Revealed { get; private set; }

    public static InspectionRoundVillage Create(InspectionGroup group, Guid villageId, Guid townshipId) => new()
    {
        Id = Ids.New(),
        RoundId = group.RoundId,
        GroupId = group.Id,
        VillageId = villageId,
        TownshipId = townshipId,
    };

    public void Recorded(Guid inspectionId) => InspectionId = inspectionId;

    public void Reveal() => Revealed = true;
}
