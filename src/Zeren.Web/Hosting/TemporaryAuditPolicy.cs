using Microsoft.AspNetCore.Authorization;
using Zeren.Core.Security;
using Zeren.Web.Api;

namespace Zeren.Web.Hosting;

/// <summary>
/// TEMPORARY, until the accounts work registers the "perm:&lt;Permission&gt;" policies: registers perm:AuditRead
/// from the current <see cref="Actor"/> when no one else has. Policies registered elsewhere win, so this is inert
/// after that merge; then delete this file and its one call in <see cref="ZerenSetup"/>.
/// </summary>
internal static class TemporaryAuditPolicy
{
    public static IServiceCollection AddTemporaryAuditPolicy(this IServiceCollection services)
    {
        services.AddAuthorization();
        services.PostConfigure<AuthorizationOptions>(o =>
        {
            if (o.GetPolicy(AuditApi.ReadPolicy) is null)
            {
                o.AddPolicy(AuditApi.ReadPolicy, p => p.RequireAssertion(ctx =>
                    ctx.Resource is HttpContext http && http.RequestServices.GetRequiredService<ActorAccessor>().Current.Has(Permission.AuditRead)));
            }
        });
        return services;
    }
}
