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
    public LinkKind Kind { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid OrgId { get; private set; }
    public DateOnly StartOn { get; private set; }
    public DateOnly? EndOn { get; private set; }

    public static Link Create(LinkKind kind, Guid personId, Guid orgId, DateOnly startOn, DateOnly today, Guid? id = null)
    {
        if (startOn > today)
        {
            throw new DomainException("link_future", "联系开始日期不能晚于今天。", "startOn");
        }
        return new Link { Id = id ?? Ids.New(), Kind = kind, PersonId = personId, OrgId = orgId, StartOn = startOn };
    }

    public void End(DateOnly endOn)
    {
        if (endOn < StartOn)
        {
            throw new DomainException("link_end_before_start", "结束日期不能早于开始日期。", "endOn");
        }
        EndOn = endOn;
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
    public Guid PersonId { get; private set; }

    /// <summary>The village the candidate is kept for.</summary>
    public Guid OrgId { get; private set; }
    public PositionTitle TargetPost { get; private set; }
    public DateOnly AddedOn { get; private set; }
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
