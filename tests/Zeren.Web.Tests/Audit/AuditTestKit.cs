using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Audit;
using Zeren.Core.Data;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Audit;

/// <summary>Reading the audit log through the API, and reaching past the app to the table for the tampering tests.</summary>
internal static class AuditTestKit
{
    public static async Task<Paged<AuditEntryView>> Audit(this HttpClient client, string query) =>
        await client.GetFromJson<Paged<AuditEntryView>>("/api/v1/audit" + query);

    /// <summary>Every entry about one row, oldest first.</summary>
    public static async Task<List<AuditEntryView>> History(this HttpClient client, string entityType, Guid id) =>
        (await client.Audit($"?entityType={entityType}&entityId={id}&pageSize=200")).Items.OrderBy(e => e.Sequence).ToList();

    public static Dictionary<string, JsonElement> Values(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    /// <summary>Raw SQL on the factory's database, as an intruder with database access would run it.</summary>
    public static async Task Sql(this ZerenFactory factory, string sql)
    {
        await using var scope = factory.Scope();
        await scope.Get<ZerenDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Takes the append-only triggers away, as someone with the database owner's rights could.</summary>
    public static Task DisableTriggers(this ZerenFactory factory) =>
        factory.Sql(factory.Provider == TestDatabases.Postgres
            ? "ALTER TABLE audit_entries DISABLE TRIGGER USER"
            : "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");

    public static async Task<AuditVerification> Verify(this ZerenFactory factory)
    {
        await using var scope = factory.Scope();
        return await scope.Get<AuditVerifier>().VerifyAsync(batchSize: 7);
    }
}
