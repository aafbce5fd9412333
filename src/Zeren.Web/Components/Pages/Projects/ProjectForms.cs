namespace Zeren.Web.Components.Pages.Projects;

public sealed class ProgressForm
{
    public DateOnly? On { get; set; }
    public string? Text { get; set; }
    public int Percent { get; set; }
}

public sealed class EvidenceForm
{
    public Guid? EntryId { get; set; }
}

public sealed class ReconcileForm
{
    public string? Month { get; set; }
    public string? Progress { get; set; }
    public string? Problems { get; set; }
    public string? NextSteps { get; set; }
    public int Percent { get; set; }
}

public sealed class CompleteForm
{
    public DateOnly? DoneOn { get; set; }
}

public sealed class CancelForm
{
    public bool Confirm { get; set; }
    public string? Reason { get; set; }
}
