using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.People;

/// <summary>联系: a person follows an organization (县级领导联系乡镇, 包村, 重点村).</summary>
[DisplayName("联系")]
public sealed class Link
{
    private Link()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("联系类型")]
    public LinkKind Kind { get; private set; }

    [DisplayName("人员")]
    public Guid PersonId { get; private set; }

    [DisplayName("联系组织")]
    public Guid OrgId { get; private set; }

    [DisplayName("开始日期")]
    public DateOnly StartOn { get; private set; }

    [DisplayName("结束日期")]
    public DateOnly? EndOn { get; private set; }

    /// <summary>Why the link ended (调整分工, 退休, …).</summary>
    [DisplayName("结束原因")]
    public string? EndReason { get; private set; }

    /// <summary>Ended: its last day is before <paramref name="today"/>.</summary>
    public bool HasEndedBy(DateOnly today) => EndOn is { } end && end < today;

    public static Link Create(LinkKind kind, Guid personId, Guid orgId, DateOnly startOn, DateOnly today, Guid? id = null)
    {
        if (startOn > today)
        {
            throw new DomainException("link_future", "联系开始日期不能晚于今天。", "startOn");
        }
        return new Link { Id = id ?? Ids.New(), Kind = kind, PersonId = personId, OrgId = orgId, StartOn = startOn };
    }

    /// <summary>结束联系 on <paramref name="endOn"/>, its last day, for <paramref name="reason"/> (<see cref="Reasons.Require"/>).</summary>
    public void End(DateOnly endOn, string reason)
    {
        var why = Reasons.Require(reason);
        if (EndOn is not null)
        {
            throw new DomainException("link_already_ended", "此联系已结束。");
        }
        if (endOn < StartOn)
        {
            throw new DomainException("link_end_before_start", "结束日期不能早于开始日期。", "endOn");
        }
        EndOn = endOn;
        EndReason = why;
    }

    /// <summary>Links to a township; the others are to a village.</summary>
    public static bool TargetsTownship(LinkKind kind) => kind == LinkKind.CountyLeaderTownship;

    /// <summary>Links only a county leader may hold.</summary>
    public static bool NeedsCountyLeader(LinkKind kind) => kind is LinkKind.CountyLeaderTownship or LinkKind.KeyVillage;
}

/// <summary>后备干部: a reserve candidate for a village's principal post (seed 002).</summary>
[DisplayName("后备干部")]
public sealed class ReserveCadre
{
    /// <summary>春苗计划: candidates under this age are flagged.</summary>
    public const int YouthAgeLimit = 35;

    private ReserveCadre()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("人员")]
    public Guid PersonId { get; private set; }

    /// <summary>The village the candidate is kept for.</summary>
    [DisplayName("村")]
    public Guid OrgId { get; private set; }

    [DisplayName("目标岗位")]
    public PositionTitle TargetPost { get; private set; }

    [DisplayName("入库日期")]
    public DateOnly AddedOn { get; private set; }

    [DisplayName("备注")]
    public string? Note { get; private set; }

    public static ReserveCadre Create(Guid personId, Guid villageOrgId, PositionTitle targetPost, DateOnly addedOn, DateOnly today, string? note, Guid? id = null)
    {
        var problems = new Problems();
        if (targetPost is not (PositionTitle.Secretary or PositionTitle.VillageCommitteeDirector))
        {
            problems.Add("reserve_post", "后备干部只针对村党组织书记或村委会主任岗位。", "targetPost");
        }
        if (addedOn > today)
        {
            problems.Add("reserve_future", "入库日期不能晚于今天。", "addedOn");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > 500)
        {
            problems.Add("reserve_note", "备注不能超过 500 个字。", "note");
        }
        problems.ThrowIfAny();
        return new ReserveCadre { Id = id ?? Ids.New(), PersonId = personId, OrgId = villageOrgId, TargetPost = targetPost, AddedOn = addedOn, Note = note };
    }
}
