using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Demo;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

/// <summary>
/// Every page of the demo county as each demo account finds it: starting from the home page, the walk follows every
/// link a page offers (at most a few addresses of each shape, an id being one shape) and asks that each answers in full
/// — no server error, and a page that renders to its end. On PostgreSQL a static page renders at its first database
/// wait, so a page whose markup reads data before it is loaded fails here even when it works on SQLite.
/// </summary>
public partial class DemoWalkTests
{
    private const int PerShape = 2;
    private const int MaxPages = 160;

    [GeneratedRegex("href=\"(/[^\"#]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Number();

    private static readonly string[] Accounts = ["county", "township1", "branch", "inspector", "leader", "readonly", "auditor", "sysadmin", "secadmin"];

    public static TheoryData<string, string> Walks()
    {
        var data = new TheoryData<string, string>();
        string[] providers = string.IsNullOrWhiteSpace(TestDatabases.PostgresServer)
            ? [TestDatabases.Sqlite]
            : [TestDatabases.Sqlite, TestDatabases.Postgres];
        foreach (var provider in providers)
        {
            foreach (var account in Accounts)
            {
                data.Add(provider, account);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public async Task EveryLinkedPage_RendersInFull(string provider, string account)
    {
        var app = ZerenFactory.WithDemo(provider);
        var client = await app.PageClientAsync(account, DemoAccounts.Password);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<(string Url, string From)>();
        queue.Enqueue(("/", "(start)"));
        seen.Add("/");
        var faults = new List<string>();
        var visited = 0;

        while (queue.Count > 0 && visited < MaxPages)
        {
            var (url, from) = queue.Dequeue();
            visited++;
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                faults.Add($"{url} (linked from {from}): {status}");
                continue;
            }
            if (response.StatusCode != HttpStatusCode.OK
                || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            if (!html.TrimEnd().EndsWith("</html>", StringComparison.OrdinalIgnoreCase) && html.Contains("<html", StringComparison.OrdinalIgnoreCase))
            {
                faults.Add($"{url} (linked from {from}): the page stops before its end");
                continue;
            }
            foreach (Match m in Href().Matches(html))
            {
                var next = WebUtility.HtmlDecode(m.Groups[1].Value);
                if (!Follow(next) || !seen.Add(next))
                {
                    continue;
                }
                var shape = Number().Replace(Guid().Replace(next.Split('?')[0], "{id}"), "{n}");
                var count = shapes.GetValueOrDefault(shape);
                if (count >= PerShape)
                {
                    continue;
                }
                shapes[shape] = count + 1;
                queue.Enqueue((next, url));
            }
        }

        faults.Should().BeEmpty($"every page {account} can reach should render ({visited} visited on {provider})");
        visited.Should().BeGreaterThan(5, "the home page links to the account's work");
    }

    /// <summary>Pages only: not the sign-out, not files, downloads, the API or the front-end libraries.</summary>
    private static bool Follow(string url)
    {
        var path = url.Split('?')[0];
        string[] skip = ["/logout", "/account/logout", "/api/", "/lib/", "/css/", "/js/", "/files/", "/openapi", "/health"];
        return !skip.Any(s => path.StartsWith(s, StringComparison.OrdinalIgnoreCase))
            && !path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".docx", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
            && !path.Contains("/download", StringComparison.OrdinalIgnoreCase)
            && !path.Contains("/export", StringComparison.OrdinalIgnoreCase);
    }
}
