using Zeren.Core.Supervision;

namespace Zeren.Web.Components.Pages.Supervision;

/// <summary>The issue form (下发督办单): one receiver, or, with <see cref="Targets"/>, one order per ticked organization.</summary>
public sealed class IssueForm
{
    /// <summary>In whose name it is issued: the account's own organization; asked only of an account bound to none.</summary>
    public Guid? IssuerOrgId { get; set; }
    public Guid? OrgId { get; set; }
    public string? Title { get; set; }
    public string? Content { get; set; }
    public string? Requirements { get; set; }
    public DateOnly? DueOn { get; set; }
    public string? SourceType { get; set; }
    public string? SourceId { get; set; }
    public string? SourceTitle { get; set; }
    public string? SourceLink { get; set; }

    public SupervisionOrderInput Input => new(OrgId ?? Guid.Empty, Title ?? "", Content ?? "", Requirements, DueOn ?? DateOnly.MinValue,
        IssuerOrgId, SourceType, SourceId, SourceTitle, SourceLink);
}

/// <summary>The bulk issue form: the shared text, and a tick per lagging organization of the list it came from.</summary>
public sealed class BulkIssueForm
{
    public Guid? IssuerOrgId { get; set; }
    public string? Title { get; set; }
    public string? Content { get; set; }
    public string? Requirements { get; set; }
    public DateOnly? DueOn { get; set; }
    public List<BulkTargetRow> Targets { get; set; } = [];
}

/// <summary>One lagging organization of a bulk issuance and what its order is about.</summary>
public sealed class BulkTargetRow
{
    public bool Selected { get; set; }
    public Guid OrgId { get; set; }
    public string? Name { get; set; }
    public string? SourceType { get; set; }
    public string? SourceId { get; set; }
    public string? SourceTitle { get; set; }
    public string? SourceLink { get; set; }
}

/// <summary>The text of a step on the order page: the answer, the issuer's comment, a return's reason, an escalation's note.</summary>
public sealed class StepForm
{
    public string? Text { get; set; }
}
