using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Zeren.Core.Data;

namespace Zeren.Web.Hosting;

/// <summary>/health: the process answers and the database accepts a query.</summary>
internal sealed class DatabaseHealthCheck(ZerenDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("数据库可用")
                : HealthCheckResult.Unhealthy("数据库不可用");
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("数据库不可用", e);
        }
    }
}
