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
