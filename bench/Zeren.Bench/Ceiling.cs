using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using Zeren.Core.Organizations;

namespace Zeren.Bench;

/// <summary>
/// The raw ceiling of the people list: a minimal Kestrel endpoint that runs, through Npgsql alone, the SQL the list
/// needs for a county user's page 1 (the count and twenty rows of the county's people with their organization's name,
/// by name: the page's ids from an index alone, then their rows, as the app reads them (ADR 0045)) and writes them as
/// JSON. No authentication, scope, decryption or masking: what the app's own endpoint
/// is measured against, so "our endpoint / raw ceiling" is a ratio from the same run.
/// </summary>
internal static class Ceiling
{
    private const string CountSql =
        "SELECT count(*) FROM people p JOIN organizations o ON o.id = p.org_id WHERE o.path >= @from AND o.path < @until";

    private const string PageSql =
        "SELECT p.id, p.org_id, o.name, p.name, p.gender, p.ethnicity, p.birth_date, p.education, p.id_number_cipher, p.mobile_cipher, " +
        "p.party_status, p.joined_party_on FROM people p JOIN organizations o ON o.id = p.org_id " +
        "WHERE p.id IN (SELECT p.id FROM people p JOIN organizations o ON o.id = p.org_id " +
        "WHERE o.path >= @from AND o.path < @until ORDER BY p.name, p.id LIMIT @take) ORDER BY p.name, p.id";

    public static async Task<int> RunAsync(string connectionString, string urls, Guid orgId)
    {
        // The app's own session settings for a county's account (ADR 0044, 0053): its subtree as a range, planned once per
        // connection for any value, so that the two plan alike.
        await using var source = NpgsqlDataSource.Create(
            Zeren.Core.Data.DatabaseTarget.ForGenericPlans(Zeren.Core.Data.DatabaseTarget.WithPlannerSettings(connectionString)));
        string path;
        await using (var cmd = source.CreateCommand("SELECT path FROM organizations WHERE id = @id"))
        {
            cmd.Parameters.AddWithValue("id", orgId);
            path = (string?)await cmd.ExecuteScalarAsync() ?? throw new ArgumentException($"No organization {orgId}.");
        }
        var (from, until) = (path, OrgPath.UpperBound(path));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        app.MapGet("/people", async (HttpContext http) =>
        {
            await using var connection = await source.OpenConnectionAsync(http.RequestAborted);
            long total;
            await using (var count = new NpgsqlCommand(CountSql, connection))
            {
                count.Parameters.AddWithValue("from", from);
                count.Parameters.AddWithValue("until", until);
                total = (long)(await count.ExecuteScalarAsync(http.RequestAborted))!;
            }
            await using var page = new NpgsqlCommand(PageSql, connection);
            page.Parameters.AddWithValue("from", from);
            page.Parameters.AddWithValue("until", until);
            // The page size as a parameter, as EF Core sends it: a generic plan then plans for a tenth of the rows (ADR 0053).
            page.Parameters.AddWithValue("take", 20);
            var items = new List<object?[]>(20);
            await using (var reader = await page.ExecuteReaderAsync(http.RequestAborted))
            {
                while (await reader.ReadAsync(http.RequestAborted))
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : reader.GetValue(i);
                    }
                    items.Add(row);
                }
            }
            await http.Response.WriteAsJsonAsync(new { items, total, page = 1, pageSize = 20 }, http.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }
}
