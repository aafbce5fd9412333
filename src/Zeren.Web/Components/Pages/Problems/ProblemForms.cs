using Zeren.Core.Organizations;
using Zeren.Core.Rectification;

namespace Zeren.Web.Components.Pages.Problems;

/// <summary>The text of a step on the problem page (evidence, comment, reason).</summary>
public sealed class ProblemStepForm
{
    public string? Text { get; set; }
}

/// <summary>开始整改: cause analysis and measures.</summary>
public sealed class ProblemStartForm
{
    public string? Cause { get; set; }
    public string? Measures { get; set; }
}

/// <summary>转督办: the order's deadline.</summary>
public sealed class ProblemSuperviseForm
{
    public DateOnly? DueOn { get; set; }
    public string? Requirements { get; set; }
}

/// <summary>挂牌问题 (direct entry): what the raiser says of a problem not found on an inspection.</summary>
public sealed class ProblemNewForm
{
    public ProblemSource Source { get; set; } = ProblemSource.SuperiorFeedback;
    public bool IsCommon { get; set; }
    public string? Category { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public ProblemSeverity Severity { get; set; } = ProblemSeverity.General;
    public Guid? ResponsiblePersonId { get; set; }
    public DateOnly? DueOn { get; set; }
}

/// <summary>举一反三: push a common problem as a self-check to every organization of a kind.</summary>
public sealed class SelfCheckPushForm
{
    public OrgKind? Kind { get; set; }
    public int? Level { get; set; }
    public OrgDomain? Domain { get; set; }
    public DateOnly? DueOn { get; set; }
    public string? Instructions { get; set; }
}

/// <summary>An organization's answer to a self-check: found or not, what it checked, and the deadline of its own problem.</summary>
public sealed class SelfCheckAnswerForm
{
    public string? Result { get; set; }
    public string? Note { get; set; }
    public DateOnly? DueOn { get; set; }
}
