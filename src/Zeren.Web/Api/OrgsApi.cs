using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Security;

namespace Zeren.Web.Api;

/// <summary>/api/v1/orgs, /api/v1/regions: the org tree.</summary>
public static class OrgsApi
{
    public static RouteGroupBuilder MapOrgsApi(this RouteGroupBuilder api)
    {
        var orgs = api.MapGroup("/orgs").WithTags("组织 Organizations").RequireReadWrite(Permission.DataRead, Permission.OrgsWrite);
        orgs.MapGet("/", async (OrganizationService svc, int? page, int? pageSize, Guid? under, Guid? parentId, string? q,
                OrgKind? kind, OrgDomain? domain, StrengthClass? strength, int? depth, bool? villagesOnly, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(new OrgFilter(under, parentId, q, kind, domain, strength, depth, villagesOnly ?? false),
                PageRequest.Of(page, pageSize), ct)))
            .WithSummary("组织列表（分页、筛选）");
        orgs.MapGet("/roots", async (OrganizationService svc, CancellationToken ct) => TypedResults.Ok(await svc.RootsAsync(ct)))
            .WithSummary("顶级组织");
        orgs.MapGet("/{id:guid}", async (PeopleService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.OrgDetailAsync(id, ct)))
            .WithSummary("组织详情");
        orgs.MapGet("/{id:guid}/children", async (OrganizationService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.ChildrenAsync(id, ct)))
            .WithSummary("下级组织");
        orgs.MapGet("/{id:guid}/subtree", async (OrganizationService svc, Guid id, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await svc.SubtreeAsync(id, PageRequest.Of(page, pageSize), ct)))
            .WithSummary("组织及其全部下级（树序，分页）");
        orgs.MapPost("/", async Task<Created<OrgSummary>> (OrganizationService svc, OrgInput input, CancellationToken ct) =>
        {
            var org = await svc.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/orgs/{org.Id}", org);
        }).WithSummary("新建组织");
        orgs.MapPut("/{id:guid}", async (OrganizationService svc, Guid id, OrgInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateAsync(id, input, ct)))
            .WithSummary("修改组织（含调整上级）");
        orgs.MapDelete("/{id:guid}", async (OrganizationService svc, Guid id, string? reason, CancellationToken ct) =>
        {
            await svc.DeleteAsync(id, reason, ct);
            return TypedResults.NoContent();
        }).WithSummary("删除组织（无下级、无人员时；须填写原因）")
            .WithDescription("reason 为删除原因（必填，最多 200 字），记入审计日志；未填写返回 422 reason_required。");
        orgs.MapGet("/{id:guid}/grids", async (OrganizationService svc, Guid id, CancellationToken ct) => TypedResults.Ok(await svc.GridsAsync(id, ct)))
            .WithSummary("网格");
        orgs.MapPost("/{id:guid}/grids", async (OrganizationService svc, Guid id, GridInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.CreateGridAsync(id, input.Name, input.Households, input.LeaderPersonId, ct)))
            .WithSummary("新建网格");
        orgs.MapPut("/{orgId:guid}/grids/{gridId:guid}", async (OrganizationService svc, Guid orgId, Guid gridId, GridInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateGridAsync(orgId, gridId, input.Name, input.Households, input.LeaderPersonId, ct)))
            .WithSummary("修改网格（名称、户数、网格长）");
        orgs.MapDelete("/{orgId:guid}/grids/{gridId:guid}", async (OrganizationService svc, Guid orgId, Guid gridId, CancellationToken ct) =>
        {
            await svc.DeleteGridAsync(orgId, gridId, ct);
            return TypedResults.NoContent();
        }).WithSummary("删除网格");

        var regions = api.MapGroup("/regions").WithTags("组织 Organizations").RequireReadWrite(Permission.DataRead, Permission.OrgsWrite);
        regions.MapGet("/", async (OrganizationService svc, Guid? countyOrgId, CancellationToken ct) => TypedResults.Ok(await svc.RegionsAsync(countyOrgId, ct)))
            .WithSummary("片区（可按县委筛选）");
        regions.MapPost("/", async (OrganizationService svc, RegionInput input, CancellationToken ct) =>
            TypedResults.Ok(await svc.CreateRegionAsync(input.CountyOrgId, input.Name, input.SortOrder, ct)))
            .WithSummary("新建片区");
        regions.MapPut("/{id:guid}", async (OrganizationService svc, Guid id, RegionUpdate input, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateRegionAsync(id, input.Name, input.SortOrder, ct)))
            .WithSummary("修改片区（名称、排序）");
        regions.MapDelete("/{id:guid}", async (OrganizationService svc, Guid id, CancellationToken ct) =>
        {
            await svc.DeleteRegionAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("删除片区（无乡镇属于它时）");
        return api;
    }

    public sealed record GridInput(string Name, int Households, Guid? LeaderPersonId);

    public sealed record RegionInput(Guid CountyOrgId, string Name, int SortOrder);

    public sealed record RegionUpdate(string Name, int SortOrder);
}
