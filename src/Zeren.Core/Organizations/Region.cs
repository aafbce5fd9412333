using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Organizations;

/// <summary>片区: a group of townships, e.g. for 擂台赛 (seed 000: 5 regions).</summary>
[DisplayName("片区")]
public sealed class Region
{
    private Region()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The county committee the region belongs to.</summary>
    [DisplayName("所属县")]
    public Guid CountyOrgId { get; private set; }

    [DisplayName("名称")]
    public string Name { get; private set; } = "";

    [DisplayName("排序")]
    public int SortOrder { get; private set; }

    public static Region Create(Guid countyOrgId, string name, int sortOrder, Guid? id = null) =>
        new() { Id = id ?? Ids.New(), CountyOrgId = countyOrgId, Name = ValidName(name), SortOrder = sortOrder };

    /// <summary>A new name and place in the list.</summary>
    public void Update(string name, int sortOrder)
    {
        Name = ValidName(name);
        SortOrder = sortOrder;
    }

    private static string ValidName(string name)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 50)
        {
            throw new DomainException("region_name", "片区名称不能为空，且不超过 50 个字。", "name");
        }
        return name;
    }
}

/// <summary>网格: a grid under a village or community (seed 000: 130 grids visited).</summary>
[DisplayName("网格")]
public sealed class Grid
{
    private Grid()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("所属组织")]
    public Guid OrgId { get; private set; }

    [DisplayName("名称")]
    public string Name { get; private set; } = "";

    [DisplayName("户数")]
    public int Households { get; private set; }

    [DisplayName("网格长")]
    public Guid? LeaderPersonId { get; private set; }

    public static Grid Create(Guid orgId, string name, int households, Guid? leaderPersonId = null, Guid? id = null)
    {
        var grid = new Grid { Id = id ?? Ids.New(), OrgId = orgId };
        grid.Update(name, households, leaderPersonId);
        return grid;
    }

    /// <summary>New name, households and 网格长; the service checks that the leader belongs to the grid's organization.</summary>
    public void Update(string name, int households, Guid? leaderPersonId)
    {
        name = name?.Trim() ?? "";
        var problems = new Problems();
        if (name.Length is 0 or > 50)
        {
            problems.Add("grid_name", "网格名称不能为空，且不超过 50 个字。", "name");
        }
        if (households < 0)
        {
            problems.Add("grid_households", "户数不能为负数。", "households");
        }
        problems.ThrowIfAny();
        Name = name;
        Households = households;
        LeaderPersonId = leaderPersonId;
    }
}
