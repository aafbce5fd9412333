using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zeren.Core.Security;

namespace Zeren.Core.Audit;

public static class AuditRegistration
{
    /// <summary>The audit log's scoped services. The DbContext must also be configured with <see cref="UseAuditLog"/>.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.TryAddScoped<ActorAccessor>();
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditSearch>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditExport>();
        services.TryAddScoped<AccountNames>();
        services.RemoveAll<IPersonalDataAudit>();
        services.AddScoped<IPersonalDataAudit, AuditedPersonalDataReveal>();
        return services;
    }

    /// <summary>Adds the scope's <see cref="AuditInterceptor"/> to a DbContext being configured for that scope.</summary>
    public static DbContextOptionsBuilder UseAuditLog(this DbContextOptionsBuilder options, IServiceProvider scopedServices)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddInterceptors(scopedServices.GetRequiredService<AuditInterceptor>());
    }
}
