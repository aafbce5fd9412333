using Zeren.Core.Organizations;

namespace Zeren.Web.Components.Pages.Orgs;

/// <summary>The org editor's fields, as posted. Property names follow <see cref="OrgInput"/> so domain errors find their field.</summary>
public sealed class OrgForm
{
    public string? ParentQuery { get; set; }
    public Guid? ParentId { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public OrgKind Kind { get; set; } = OrgKind.Branch;
    public OrgDomain Domain { get; set; } = OrgDomain.Rural;
    public StrengthClass? Strength { get; set; }
    public StandardType? Standard { get; set; }
    public int? Stars { get; set; }
    public Guid? RegionId { get; set; }
    public int SortOrder { get; set; }

    public OrgInput ToInput() => new(ParentId, Code ?? "", Name ?? "", Kind, Domain, Strength, Standard, Stars, RegionId, SortOrder);

    public static OrgForm From(OrgSummary o) => new()
    {
        ParentId = o.ParentId,
        Code = o.Code,
        Name = o.Name,
        Kind = o.Kind,
        Domain = o.Domain,
        Strength = o.Strength,
        Standard = o.Standard,
        Stars = o.Stars,
        RegionId = o.RegionId,
        SortOrder = o.SortOrder,
    };

    /// <summary>A new org under <paramref name="parent"/>: committees under the county, branches further down, in the parent's domain.</summary>
    public static OrgForm ChildOf(OrgSummary? parent) => new()
    {
        ParentId = parent?.Id,
        Kind = parent is null ? OrgKind.Committee : parent.Depth == 0 ? OrgKind.Committee : parent.Kind == OrgKind.Branch ? OrgKind.Group : OrgKind.Branch,
        Domain = parent is null || (parent.Depth == 0 && parent.Domain == OrgDomain.Comprehensive) ? OrgDomain.Comprehensive : parent.Domain,
        SortOrder = parent?.ChildCount + 1 ?? 0,
    };
}
