namespace Zeren.Core.Projects;

/// <summary>Until the obligation engine is wired: plans and projects owe nothing to anyone else.</summary>
public sealed class ProjectObligations : IProjectObligations
{
    public Task PlanSubmittedAsync(AnnualPlan plan, CancellationToken ct) => Task.CompletedTask;

    public Task PlanReturnedAsync(AnnualPlan plan, string comments, CancellationToken ct) => Task.CompletedTask;

    public Task PlanApprovedAsync(AnnualPlan plan, CancellationToken ct) => Task.CompletedTask;

    public Task ReconciledAsync(Project project, Platform.Period month, DateOnly dueOn, CancellationToken ct) => Task.CompletedTask;

    public Task CancelledAsync(Project project, string reason, CancellationToken ct) => Task.CompletedTask;
}
