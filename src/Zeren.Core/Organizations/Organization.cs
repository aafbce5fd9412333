using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Organizations;

/// <summary>党组织: a node of the org tree, from 县委 down to 党小组.</summary>
[DisplayName("组织")]
public sealed class Organization
{
    private Organization()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("上级组织")]
    public Guid? ParentId { get; private set; }

    /// <summary>组织编码: unique, the key used by imports and exports.</summary>
    [DisplayName("组织编码")]
    public string Code { get; private set; } = "";

    [DisplayName("名称")]
    public string Name { get; private set; } = "";

    [DisplayName("组织类别")]
    public OrgKind Kind { get; private set; }

    [DisplayName("领域")]
    public OrgDomain Domain { get; private set; }

    [DisplayName("党建强弱")]
    public StrengthClass? Strength { get; private set; }

    [DisplayName("标准类型")]
    public StandardType? Standard { get; private set; }

    /// <summary>星级 1–5, when rated.</summary>
    [DisplayName("星级")]
    public int? Stars { get; private set; }

    /// <summary>片区, for townships.</summary>
    [DisplayName("片区")]
    public Guid? RegionId { get; private set; }

    [DisplayName("路径")]
    public string Path { get; private set; } = "";

    [DisplayName("层级")]
    public int Depth { get; private set; }

    [DisplayName("排序")]
    public int SortOrder { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A village: a rural organization directly under a township.</summary>
    public bool IsVillage => Domain == OrgDomain.Rural && Depth == 2;

    /// <summary>
    /// A township (乡镇党委, or 街道党工委): a 综合 organization directly under the county. The county's other
    /// committees at that level (县直机关工委, 非公和社会组织党委) have their own domain. Same rule as <see cref="OrgQueries.Townships"/>.
    /// </summary>
    public bool IsTownship => Domain == OrgDomain.Comprehensive && Depth == 1;

    public static Organization Create(Organization? parent, OrgDetails details, DateTimeOffset now, Guid? id = null)
    {
        var org = new Organization { Id = id ?? Ids.New(), CreatedAt = now };
        org.Apply(details, now);
        org.PlaceUnder(parent);
        return org;
    }

    public void Update(OrgDetails details, DateTimeOffset now) => Apply(details, now);

    /// <summary>Puts this organization under a new parent. Descendants' paths are rewritten by the service.</summary>
    internal void PlaceUnder(Organization? parent)
    {
        if (parent is not null && parent.Path.StartsWith(Path, StringComparison.Ordinal) && Path.Length > 0)
        {
            throw new DomainException("org_cycle", $"不能把“{Name}”移到它自己或它的下级组织“{parent.Name}”之下：组织树不能有环。", "parentId");
        }
        if (parent is not null && parent.Kind == OrgKind.Group)
        {
            throw new DomainException("org_parent_is_group", $"党小组“{parent.Name}”之下不能再设组织。", "parentId");
        }
        ParentId = parent?.Id;
        Path = OrgPath.Child(parent?.Path, Id);
        Depth = OrgPath.DepthOf(Path);
        if (Path.Length > OrgPath.MaxLength)
        {
            throw new DomainException("org_too_deep", "组织层级过深（最多 12 级）。", "parentId");
        }
    }

    public void SetRegion(Guid? regionId) => RegionId = regionId;

    private void Apply(OrgDetails d, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        var name = d.Name?.Trim() ?? "";
        var code = d.Code?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("name", "组织名称不能为空。"));
        }
        else if (name.Length > 100)
        {
            errors.Add(new("name", "组织名称不能超过 100 个字。"));
        }
        if (code.Length == 0)
        {
            errors.Add(new("code", "组织编码不能为空。"));
        }
        else if (code.Length > 40)
        {
            errors.Add(new("code", "组织编码不能超过 40 个字符。"));
        }
        if (d.Stars is < 1 or > 5)
        {
            errors.Add(new("stars", "星级应为 1 到 5。"));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors[0].Message, errors);
        }
        Name = name;
        Code = code;
        Kind = d.Kind;
        Domain = d.Domain;
        Strength = d.Strength;
        Standard = d.Standard;
        Stars = d.Stars;
        SortOrder = d.SortOrder;
        UpdatedAt = now;
    }
}

/// <summary>What a person enters about an organization.</summary>
public sealed record OrgDetails(
    string Code,
    string Name,
    OrgKind Kind,
    OrgDomain Domain,
    StrengthClass? Strength = null,
    StandardType? Standard = null,
    int? Stars = null,
    int SortOrder = 0);
