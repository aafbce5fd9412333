using System.ComponentModel;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Rectification;

/// <summary>
/// 举一反三: a common problem pushed as a self-check to every organization of a kind (and level, in a subtree) below the
/// issuer, each to answer by <see cref="DueOn"/> whether it has the same problem. Scoped by the issuer; each answer by
/// its own organization.
/// </summary>
[DisplayName("举一反三自查")]
public sealed class SelfCheck
{
    public const int InstructionsMax = 2000;

    private SelfCheck()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The common problem it is about.</summary>
    [DisplayName("原问题")]
    public Guid ProblemId { get; private set; }

    [DisplayName("部署单位")]
    public Guid IssuerOrgId { get; private set; }

    [DisplayName("自查事项")]
    public string Title { get; private set; } = "";

    [DisplayName("自查要求")]
    public string? Instructions { get; private set; }

    [DisplayName("组织类别")]
    public OrgKind? Kind { get; private set; }

    /// <summary>How many levels below the issuer (1 = directly below), when given.</summary>
    [DisplayName("层级")]
    public int? Level { get; private set; }

    [DisplayName("领域")]
    public OrgDomain? Domain { get; private set; }

    /// <summary>The subtree the targets were drawn from.</summary>
    [DisplayName("范围")]
    public Guid UnderOrgId { get; private set; }

    [DisplayName("答复时限")]
    public DateOnly DueOn { get; private set; }

    [DisplayName("部署时间")]
    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("部署人")]
    public string CreatedBy { get; private set; } = "";

    internal static SelfCheck Of(Guid problemId, Guid issuerOrgId, string title, string? instructions, OrgKind? kind, int? level, OrgDomain? domain,
        Guid underOrgId, DateOnly dueOn, DateTimeOffset now, string by) => new()
    {
        Id = Ids.New(),
        ProblemId = problemId,
        IssuerOrgId = issuerOrgId,
        Title = title,
        Instructions = instructions,
        Kind = kind,
        Level = level,
        Domain = domain,
        UnderOrgId = underOrgId,
        DueOn = dueOn,
        CreatedAt = now,
        CreatedBy = by,
    };
}

/// <summary>How an organization answered a self-check.</summary>
public enum SelfCheckResult
{
    /// <summary>未答复.</summary>
    Pending,

    /// <summary>存在同类问题: its own problem was raised, linked to the original.</summary>
    Found,

    /// <summary>未发现同类问题.</summary>
    NotFound,
}

/// <summary>One organization's answer to a self-check (found / not found), with its note and, when found, its own problem.</summary>
[DisplayName("自查答复")]
public sealed class SelfCheckAnswer
{
    public const int NoteMax = 2000;

    private SelfCheckAnswer()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("自查")]
    public Guid SelfCheckId { get; private set; }

    [DisplayName("自查单位")]
    public Guid OrgId { get; private set; }

    [DisplayName("结果")]
    public SelfCheckResult Result { get; private set; }

    [DisplayName("自查情况")]
    public string? Note { get; private set; }

    /// <summary>The problem the organization raised for itself when it found one.</summary>
    [DisplayName("发现的问题")]
    public Guid? FoundProblemId { get; private set; }

    [DisplayName("答复时间")]
    public DateTimeOffset? AnsweredAt { get; private set; }

    [DisplayName("答复人")]
    public string? AnsweredBy { get; private set; }

    internal static SelfCheckAnswer Of(Guid selfCheckId, Guid orgId) => new()
    {
        Id = Ids.New(),
        SelfCheckId = selfCheckId,
        OrgId = orgId,
        Result = SelfCheckResult.Pending,
    };

    internal void Answer(bool found, string note, Guid? problemId, DateTimeOffset now, string by)
    {
        if (Result != SelfCheckResult.Pending)
        {
            throw new DomainException("self_check_answered", "本单位已答复该自查，不能重复答复。", "found");
        }
        Result = found ? SelfCheckResult.Found : SelfCheckResult.NotFound;
        Note = note;
        FoundProblemId = problemId;
        AnsweredAt = now;
        AnsweredBy = by;
    }
}
