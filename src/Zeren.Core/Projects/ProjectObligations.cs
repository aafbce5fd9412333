namespace Zeren.Core.Projects;

/// <summary>What plans and projects tell the obligation engine when their own actions fulfil or end what is owed.</summary>
public interface IProjectObligations
{
    Task PlanSubmittedAsync(AnnualPlan plan, CancellationToken ct);

    Task PlanReturnedAsync(AnnualPlan plan, string comments, CancellationToken ct);

    Task PlanApprovedAsync(AnnualPlan plan, CancellationToken ct);

    Task ReconciledAsync(Project project, Platform.Period month, DateOnly dueOn, CancellationToken ct);

    Task CancelledAsync(Project project, string reason, CancellationToken ct);
}
