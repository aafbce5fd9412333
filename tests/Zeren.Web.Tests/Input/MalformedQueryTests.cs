using System.Net;
using System.Reflection;
using FluentAssertions;
using Microsoft.AspNetCore.Components;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Security;

namespace Zeren.Web.Tests.Input;

/// <summary>
/// Every page and htmx fragment, tried with a malformed value for every query parameter it reads (the table below,
/// which a route or a <c>[SupplyParameterFromQuery]</c> the table does not know fails): each answers 400 with the styled
/// page (<c>id="bad-request"</c>), never 500, while the same address with good values answers 200. A control character
/// in any query value is refused the same way on every route. Every API route of /openapi/v1.json with query
/// parameters answers a malformed or missing one with 400 naming it. Plus the few non-page addresses the issue named:
/// the sign-out without its token and the language switch with a return address elsewhere.
/// </summary>
public sealed class MalformedQueryTests(InputContractApps apps) : IClassFixture<InputContractApps>
{
    private enum Caller
    {
        Anonymous,
        Admin,
        SecurityAdmin,
        AuditAdmin,
        SystemAdmin,
    }

    /// <summary>How a query parameter is read, and so what is malformed for it.</summary>
    private enum Kind
    {
        Int,
        Guid,
        Enum,
        Bool,
        Date,
        Choice,
        Text,
    }

    private sealed record PageRoute(Caller Caller, string Url, (string Name, Kind Kind)[] Parameters, PageRoute.Also? More = null)
    {
        /// <summary>Another good address of the same route, where other parameters are read.</summary>
        public sealed record Also(string Url, (string Name, Kind Kind)[] Parameters);

        public IEnumerable<(string Url, (string Name, Kind Kind)[] Parameters)> Addresses =>
            More is null ? [(Url, Parameters)] : [(Url, Parameters), (More.Url, More.Parameters)];

        public IEnumerable<(string Name, Kind Kind)> AllParameters => Addresses.SelectMany(a => a.Parameters);
    }

    private static readonly (string, Kind) Page = ("page", Kind.Int);
    private static readonly (string, Kind) Ok = ("ok", Kind.Int);
    private static readonly (string, Kind)[] PeopleQuery =
        [("q", Kind.Text), ("under", Kind.Guid), ("status", Kind.Enum), ("title", Kind.Enum), ("sort", Kind.Enum), Page];
    private static readonly (string, Kind)[] AuditQuery =
        [("user", Kind.Text), ("type", Kind.Text), ("id", Kind.Text), ("action", Kind.Enum), ("from", Kind.Date), ("to", Kind.Date), Page, ("verify", Kind.Choice)];
    private static readonly (string, Kind)[] AccountsQuery = [("q", Kind.Text), ("role", Kind.Enum), ("org", Kind.Guid), Page];
    private static readonly (string, Kind)[] MeetingsQuery = [("org", Kind.Guid), ("type", Kind.Enum), Page, ("view", Kind.Choice), ("period", Kind.Text)];

    /// <summary>
    /// Every GET route a browser or htmx asks for outside /api, as the app maps it: who asks, a good address
    /// (placeholders from <see cref="ScopeWorld"/>), and the query parameters the page or its components read.
    /// <c>period</c> on the meeting ledger is free text typed in its filter, which the page answers with its own message.
    /// </summary>
    private static readonly Dictionary<string, PageRoute> Routes = new(StringComparer.Ordinal)
    {
        ["/"] = new(Caller.Admin, "/", []),
        ["/not-found"] = new(Caller.Anonymous, "/not-found", []),
        ["/forbidden"] = new(Caller.Admin, "/forbidden", []),
        ["/login"] = new(Caller.Anonymous, "/login?returnUrl=%2Fpeople", [("returnUrl", Kind.Text)]),
        ["/account"] = new(Caller.Admin, "/account", []),
        ["/account/password"] = new(Caller.Admin, "/account/password?returnUrl=%2F", [("returnUrl", Kind.Text)]),
        ["/account/two-factor"] = new(Caller.Admin, "/account/two-factor?returnUrl=%2F", [("returnUrl", Kind.Text)]),
        ["/admin/accounts"] = new(Caller.SecurityAdmin, "/admin/accounts", AccountsQuery),
        ["/admin/accounts/new"] = new(Caller.SecurityAdmin, "/admin/accounts/new", []),
        ["/admin/accounts/{Id:guid}"] = new(Caller.SecurityAdmin, "/admin/accounts/{Account}", [Ok]),
        ["/audit"] = new(Caller.AuditAdmin, "/audit", AuditQuery),
        ["/notifications"] = new(Caller.Admin, "/notifications?unread=true", [("unread", Kind.Bool), Page]),
        ["/admin/meeting-cadences"] = new(Caller.SystemAdmin, "/admin/meeting-cadences", [Ok]),
        ["/orgs"] = new(Caller.Admin, "/orgs?q=东坡", [("q", Kind.Text), Page, Ok]),
        // A village's page shows its grids, the county's its regions.
        ["/orgs/{Id:guid}"] = new(Caller.Admin, "/orgs/{Av}", [("grid", Kind.Guid), Ok], new("/orgs/{C}", [("region", Kind.Guid)])),
        ["/orgs/new"] = new(Caller.Admin, "/orgs/new?parent={A}", [("parent", Kind.Guid)]),
        ["/orgs/{Id:guid}/edit"] = new(Caller.Admin, "/orgs/{Av}/edit", [("parent", Kind.Guid)]),
        ["/people"] = new(Caller.Admin, "/people?status=Full&sort=NameDesc", [.. PeopleQuery, Ok]),
        ["/people/{Id:guid}"] = new(Caller.Admin, "/people/{APerson}", [("numbers", Kind.Choice), ("end", Kind.Guid), Ok]),
        ["/people/new"] = new(Caller.Admin, "/people/new?org={Av}", [("org", Kind.Guid)]),
        ["/people/{Id:guid}/edit"] = new(Caller.Admin, "/people/{APerson}/edit", [("org", Kind.Guid)]),
        ["/links"] = new(Caller.Admin, "/links?kind=VillageCadre&under={A}", [("kind", Kind.Enum), ("under", Kind.Guid), ("current", Kind.Int), ("end", Kind.Guid), Page, Ok]),
        ["/reserves"] = new(Caller.Admin, "/reserves?under={A}&young=1", [("under", Kind.Guid), ("young", Kind.Int), ("remove", Kind.Guid), Page, Ok]),
        // Responsibility lists (责任清单)
        ["/lists"] = new(Caller.Admin, "/lists?side=Issued&kind=Common&q=清单&done=deleted", [("side", Kind.Enum), ("kind", Kind.Enum), ("q", Kind.Text), Page, ("done", Kind.Choice)]),
        ["/lists/new"] = new(Caller.Admin, "/lists/new", []),
        ["/lists/{Id:guid}"] = new(Caller.Admin, "/lists/{AList}?filter=Open", [("filter", Kind.Enum), Page, ("done", Kind.Choice)]),
        ["/lists/{Id:guid}/items/{ItemId:guid}"] = new(Caller.Admin, "/lists/{AList}/items/{AListItem}", []),
        ["/lists/{Id:guid}/orgs/{OrgId:guid}"] = new(Caller.Admin, "/lists/{AList}/orgs/{Av}?done=done", [("done", Kind.Choice)]),
        ["/matters"] = new(Caller.Admin, "/matters?under={A}&state=InProgress&step=Proposal", [("under", Kind.Guid), ("guidedBy", Kind.Guid), ("state", Kind.Enum), ("step", Kind.Enum), Page]),
        ["/matters/guided"] = new(Caller.Admin, "/matters/guided?year={Year}", [("year", Kind.Int)]),
        ["/matters/new"] = new(Caller.Admin, "/matters/new?org={Av}", [("org", Kind.Guid)]),
        ["/matters/{Id:guid}"] = new(Caller.Admin, "/matters/{AMatter}", [("amend", Kind.Guid), Ok]),
        ["/meetings"] = new(Caller.Admin, "/meetings?org={A}&type=Study", MeetingsQuery),
        ["/orgs/{OrgId:guid}/meetings"] = new(Caller.Admin, "/orgs/{Av}/meetings?view=calendar", MeetingsQuery),
        ["/meetings/{Id:guid}"] = new(Caller.Admin, "/meetings/{AMeeting}?done=attached", [("done", Kind.Choice), Ok]),
        ["/meetings/new"] = new(Caller.Admin, "/meetings/new?org={Av}", [("org", Kind.Guid)]),
        ["/meetings/{Id:guid}/edit"] = new(Caller.Admin, "/meetings/{AMeeting}/edit", [("org", Kind.Guid)]),
        // month is typed in the page's month picker, which answers a bad one with its own message.
        ["/compliance"] = new(Caller.Admin, "/compliance?org={A}&month={YearMonth}", [("org", Kind.Guid), ("year", Kind.Int), Page, ("month", Kind.Text)]),
        ["/compliance/cell"] = new(Caller.Admin, "/compliance/cell?org={A}&year={Year}&month={Month}", [("org", Kind.Guid), ("year", Kind.Int), ("month", Kind.Int)]),
        // Problems and rectification (问题清单, 挂牌销号)
        ["/problems"] = new(Caller.Admin, "/problems?org={A}&state=Listed&source=Inspection&overdue=1&q=x",
            [("org", Kind.Guid), ("state", Kind.Enum), ("source", Kind.Enum), ("overdue", Kind.Int), ("q", Kind.Text), Page, Ok]),
        ["/problems/board"] = new(Caller.Admin, "/problems/board?org={A}", [("org", Kind.Guid), Ok]),
        ["/problems/{Id:guid}"] = new(Caller.Admin, "/problems/{AProblem}", [Ok]),
        ["/problems/new"] = new(Caller.Admin, "/problems/new?org={Av}", [("org", Kind.Guid)]),
        ["/self-checks"] = new(Caller.Admin, "/self-checks?page=1", [Page]),
        ["/self-checks/{Id:guid}"] = new(Caller.Admin, "/self-checks/{ASelfCheck}", [Ok]),
        // Inspections (暗访)
        ["/inspections"] = new(Caller.Admin, "/inspections?page=1", [Page, Ok]),
        ["/inspections/{Id:guid}"] = new(Caller.Admin, "/inspections/{AInspection}", [Ok]),
        ["/inspections/plans/{Id:guid}"] = new(Caller.Admin, "/inspections/plans/{CInspectionPlan}", [Ok]),
        ["/inspections/plans/new"] = new(Caller.Admin, "/inspections/plans/new", []),
        ["/inspections/new"] = new(Caller.Admin, "/inspections/new?village={Av}", [("plan", Kind.Guid), ("village", Kind.Guid), ("round", Kind.Guid)]),
        ["/inspections/rounds"] = new(Caller.Admin, "/inspections/rounds?page=1", [Page, Ok]),
        ["/inspections/rounds/{Id:guid}"] = new(Caller.Admin, "/inspections/rounds/{CInspectionRound}", [Ok]),
        ["/inspections/rounds/{Id:guid}/groups/{GroupId:guid}"] = new(Caller.Admin, "/inspections/rounds/{CInspectionRound}/groups/{CInspectionGroup}", [Ok]),
        ["/inspections/rounds/{Id:guid}/villages"] = new(Caller.Admin, "/inspections/rounds/{CInspectionRound}/villages", []),
        // Supervision orders (督办单); month on the bulk page is text, which the page answers with its own message.
        ["/supervision"] = new(Caller.Admin, "/supervision?state=Issued&side=Issued&overdue=1&key=1",
            [("org", Kind.Guid), ("state", Kind.Enum), ("side", Kind.Enum), ("overdue", Kind.Int), ("key", Kind.Int), ("year", Kind.Int), ("batch", Kind.Guid), ("q", Kind.Text), Page, Ok]),
        ["/supervision/{Id:guid}"] = new(Caller.Admin, "/supervision/{AOrder}", [Ok]),
        ["/supervision/new"] = new(Caller.Admin, "/supervision/new?org={Av}&source=task",
            [("org", Kind.Guid), ("source", Kind.Text), ("sourceId", Kind.Text), ("sourceTitle", Kind.Text), ("sourceLink", Kind.Text)]),
        ["/supervision/bulk"] = new(Caller.Admin, "/supervision/bulk?org={A}&month={YearMonth}", [("org", Kind.Guid), ("month", Kind.Text)]),
        // Obligations (待办事项) stage 2.
        ["/obligations"] = new(Caller.Admin, "/obligations?org={A}&state=Open&overdue=false&late=false&dueFrom=2026-01-01&dueTo=2026-12-31",
            [("org", Kind.Guid), ("state", Kind.Enum), ("overdue", Kind.Bool), ("late", Kind.Bool), ("kind", Kind.Text), ("period", Kind.Text),
                ("dueFrom", Kind.Date), ("dueTo", Kind.Date), ("issuer", Kind.Guid), Page]),
        ["/obligations/{Id:guid}"] = new(Caller.Admin, "/obligations/{AObligation}?done=submitted", [("done", Kind.Choice)]),
        ["/obligations/grid"] = new(Caller.Admin, "/obligations/grid?org={C}&year={Year}", [("org", Kind.Guid), ("year", Kind.Int), ("kind", Kind.Text)]),
        ["/obligations/calendar"] = new(Caller.SystemAdmin, "/obligations/calendar", [("edit", Kind.Guid), Ok]),
        // Plans and projects (党建思路, 党建项目).
        // Assessment (考核)
        ["/assessment"] = new(Caller.Admin, "/assessment", [Ok]),
        // Party-building audits (党建审计)
        ["/party-audits"] = new(Caller.Admin, "/party-audits", []),
        ["/party-audits/new"] = new(Caller.Admin, "/party-audits/new", []),
        ["/party-audits/{Id:guid}"] = new(Caller.Admin, "/party-audits/{AAudit}", [Ok]),
        ["/party-audits/{Id:guid}/branches/{SampleId:guid}"] = new(Caller.Admin, "/party-audits/{AAudit}/branches/{AAuditBranch}", [Ok]),
        ["/party-audits/results/{UnitId:guid}"] = new(Caller.Admin, "/party-audits/results/{AAuditUnit}", []),
        ["/assessment/schemes/{Id:guid}"] = new(Caller.Admin, "/assessment/schemes/{AScheme}", [Ok]),
        ["/assessment/runs/{Id:guid}"] = new(Caller.Admin, "/assessment/runs/{ARun}", [Ok]),
        ["/assessment/runs/{Id:guid}/awards"] = new(Caller.Admin, "/assessment/runs/{ARun}/awards", []),
        // Competitions (擂台赛)
        ["/competitions"] = new(Caller.Admin, "/competitions", []),
        ["/competitions/new"] = new(Caller.Admin, "/competitions/new", []),
        ["/competitions/{Id:guid}"] = new(Caller.Admin, "/competitions/{ACompetition}", [Ok]),
        ["/competitions/{Id:guid}/score"] = new(Caller.Admin, "/competitions/{ACompetition}/score", [Ok]),
        ["/competitions/{Id:guid}/score/{OrgId:guid}"] = new(Caller.Admin, "/competitions/{ACompetition}/score/{Av}", []),
        ["/ui/competitions/{id:guid}/ranking"] = new(Caller.Admin, "/ui/competitions/{ACompetition}/ranking", []),
        // Standardization checklists (标准化建设清单)
        ["/checklists"] = new(Caller.Admin, "/checklists?year={Year}&template={AChecklist}&township={A}", [("year", Kind.Int), ("template", Kind.Guid), ("township", Kind.Guid)]),
        ["/checklists/{Id:guid}/orgs/{OrgId:guid}"] = new(Caller.Admin, "/checklists/{AChecklist}/orgs/{Av}?item={AChecklistItem}", [("item", Kind.Guid), Ok]),
        ["/checklists/templates"] = new(Caller.Admin, "/checklists/templates?year={Year}", [("year", Kind.Int)]),
        ["/checklists/templates/{Id:guid}"] = new(Caller.Admin, "/checklists/templates/{AChecklist}", [Ok]),
        ["/assessment/stars"] = new(Caller.Admin, "/assessment/stars?org={A}&year={Year}", [("org", Kind.Guid), ("year", Kind.Int), Ok]),
        ["/assessment/stars/map"] = new(Caller.Admin, "/assessment/stars/map?org={A}&year={Year}", [("org", Kind.Guid), ("year", Kind.Int)]),
        ["/assessment/stars/branches/{Id:guid}"] = new(Caller.Admin, "/assessment/stars/branches/{Av}", []),
        ["/plans"] = new(Caller.Admin, "/plans?year={PlanYear}&status=Returned", [("year", Kind.Int), ("status", Kind.Enum), ("flagged", Kind.Bool), Page, Ok]),
        ["/plans/new"] = new(Caller.Admin, "/plans/new?org={A}", [("org", Kind.Guid), ("year", Kind.Int)]),
        ["/plans/{Id:guid}"] = new(Caller.Admin, "/plans/{APlan}?left=1&right=1", [("left", Kind.Int), ("right", Kind.Int), Ok]),
        ["/projects/new"] = new(Caller.Admin, "/projects/new?org={A}", [("org", Kind.Guid)]),
        ["/projects"] = new(Caller.Admin, "/projects?org={A}&year={PlanYear}", [("org", Kind.Guid), ("year", Kind.Int), ("status", Kind.Enum), Page, Ok]),
        ["/projects/{Id:guid}"] = new(Caller.Admin, "/projects/{AProject}", [Ok]),
        ["/import"] = new(Caller.Admin, "/import", []),
        ["/ui/orgs/{id:guid}/children"] = new(Caller.Admin, "/ui/orgs/{A}/children?sel={Av}", [("sel", Kind.Guid)]),
        ["/ui/orgs/search"] = new(Caller.Admin, "/ui/orgs/search?q=东坡", [("q", Kind.Text), ("sel", Kind.Guid), Page]),
        ["/ui/people/results"] = new(Caller.Admin, "/ui/people/results?status=Full", PeopleQuery),
        ["/ui/people/{id:guid}/personal-data"] = new(Caller.Admin, "/ui/people/{APerson}/personal-data", []),
        ["/ui/pick/orgs"] = new(Caller.Admin, "/ui/pick/orgs?field=orgId&input=orgQuery&orgQuery=东坡", [("orgId", Kind.Guid), ("field", Kind.Text), ("scope", Kind.Text)]),
        ["/ui/pick/people"] = new(Caller.Admin, "/ui/pick/people?field=personId&input=personQuery&personQuery=东方", [("personId", Kind.Guid), ("field", Kind.Text)]),
        ["/ui/audit/results"] = new(Caller.AuditAdmin, "/ui/audit/results", AuditQuery),
        ["/ui/audit/verify"] = new(Caller.AuditAdmin, "/ui/audit/verify", []),
        ["/ui/accounts/results"] = new(Caller.SecurityAdmin, "/ui/accounts/results", AccountsQuery),
        ["/ui/accounts/pick-orgs"] = new(Caller.SecurityAdmin, "/ui/accounts/pick-orgs?field=orgId&input=orgQuery&orgQuery=东坡", [("orgId", Kind.Guid)]),
        ["/ui/accounts/pick-people"] = new(Caller.SecurityAdmin, "/ui/accounts/pick-people?field=personId&input=personQuery&personQuery=东方", [("personId", Kind.Guid)]),
    };

    /// <summary>Addresses that are not pages for people: what the app maps beside them.</summary>
    private static readonly HashSet<string> NotPages = new(StringComparer.Ordinal)
    {
        "/openapi/{documentName}.json", "/health", "/_framework/opaque-redirect", "/culture/{culture}",
    };

    private static string[] Malformed(Kind kind) => kind switch
    {
        Kind.Int => ["x", "1.5", "99999999999", "１"],
        Kind.Guid => ["x", "1234", "0192f000-0000-7000-8000-00000000000G"],
        Kind.Enum => ["7", "-1", "NoSuchName", "Full,None"],
        Kind.Bool => ["maybe", "2"],
        Kind.Date => ["2026-13-01", "x"],
        Kind.Choice => ["x"],
        _ => [],
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public void EveryPageRoute_AndEveryQueryParameter_IsInTheTable(string provider)
    {
        var app = apps.For(provider);
        var pages = EndpointScopeTests.MappedRoutes(app)
            .Where(r => r.StartsWith("GET /", StringComparison.Ordinal) && !r.StartsWith("GET /api/", StringComparison.Ordinal))
            .Select(r => r[4..])
            .Where(r => !NotPages.Contains(r))
            .ToList();
        pages.Except(Routes.Keys).Should().BeEmpty("every page and fragment needs a line in MalformedQueryTests.Routes with the query it reads");
        Routes.Keys.Except(pages).Should().BeEmpty("the table names routes the app no longer maps");

        var known = Routes.Values.SelectMany(r => r.AllParameters).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var declared = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => $"{p.Property.DeclaringType!.Name}.{p.Property.Name} ({p.Attribute!.Name ?? p.Property.Name})")
            .ToList();
        declared.Should().NotBeEmpty();
        declared.Where(d => !known.Contains(d[(d.IndexOf('(', StringComparison.Ordinal) + 1)..^1])).Should().BeEmpty(
            "every query parameter a component reads is tried by this test");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task MalformedQueryValues_OnEveryPage_Are400WithTheStyledPage(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var clients = await ClientsAsync(world);
        var account = await world.AccountAsync();
        var failures = new List<string>();
        foreach (var (route, page, address, parameters) in Routes.SelectMany(r => r.Value.Addresses.Select(a => (r.Key, r.Value, a.Url, a.Parameters))))
        {
            var client = clients[page.Caller];
            var url = world.Scope.Fill(address.Replace("{Account}", account.Id.ToString(), StringComparison.Ordinal));
            var (status, _) = await GetAsync(client, url);
            if (status != HttpStatusCode.OK)
            {
                failures.Add($"{route}: the good address {url} answered {(int)status}");
                continue;
            }
            var tries = parameters.SelectMany(p => Malformed(p.Kind).Select(v => (p.Name, Value: v)))
                .Append(("zz", "甲\u0000乙")).Append(("q", "\u202E")).Append(("page", "\u001B"));
            foreach (var (name, value) in tries)
            {
                var bad = WithParameter(url, name, value);
                var (badStatus, text) = await GetAsync(client, bad);
                if (badStatus != HttpStatusCode.BadRequest || !text.Contains("id=\"bad-request\"", StringComparison.Ordinal))
                {
                    failures.Add($"{route}: {bad} answered {(int)badStatus}{(badStatus == HttpStatusCode.BadRequest ? " without the styled page" : "")}");
                }
            }
        }
        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task MalformedQueryValues_OnEveryApiRoute_Are400NamingTheParameter(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var document = await world.OpenApiAsync();
        var auditor = world.App.AuditorClient($"aud-{world.Scope.Tag}", world.Scope.County.Id);
        var failures = new List<string>();
        var tried = 0;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                var query = parameters.Where(p => p["in"]!.GetValue<string>() == "query").ToList();
                if (query.Count == 0)
                {
                    continue;
                }
                var client = path.StartsWith("/api/v1/accounts", StringComparison.Ordinal) ? world.SecurityAdmin
                    : path == "/api/v1/audit" || path.StartsWith("/api/v1/audit/", StringComparison.Ordinal) ? auditor // the audit log, not /api/v1/audits
                    : world.Admin;
                // Route values: any id will do, the query is checked before anything is looked up.
                var url = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", Guid.NewGuid().ToString());
                var required = query.Where(p => p["required"]?.GetValue<bool>() == true).Select(p => p["name"]!.GetValue<string>()).ToList();
                foreach (var parameter in query)
                {
                    var name = parameter["name"]!.GetValue<string>();
                    foreach (var value in ApiMalformed(document, parameter["schema"]!.AsObject()))
                    {
                        tried++;
                        var sent = $"{url}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
                        failures.AddRange(await RefusedAsync(client, new HttpMethod(method.ToUpperInvariant()), sent, name, value.Contains('\0', StringComparison.Ordinal) ? "text" : null));
                    }
                }
                foreach (var name in required)
                {
                    tried++;
                    failures.AddRange(await RefusedAsync(client, new HttpMethod(method.ToUpperInvariant()), url, name, "required"));
                }
            }
        }
        tried.Should().BeGreaterThan(50);
        failures.Should().BeEmpty();
    }

    private static async Task<IEnumerable<string>> RefusedAsync(HttpClient client, HttpMethod method, string url, string name, string? code)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return [$"{method} {url}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}"];
        }
        using var problem = System.Text.Json.JsonDocument.Parse(text);
        var errors = problem.RootElement.TryGetProperty("errors", out var e)
            ? e.EnumerateArray().Select(x => (x.GetProperty("field").GetString(), x.GetProperty("code").GetString())).ToList()
            : [];
        return errors.Any(x => x.Item1 == name && (code is null || x.Item2 == code)) ? [] : [$"{method} {url}: no error for {name}: {text}"];
    }

    /// <summary>Values a query parameter of this schema never accepts; NUL for every one.</summary>
    private static IEnumerable<string> ApiMalformed(System.Text.Json.Nodes.JsonObject document, System.Text.Json.Nodes.JsonObject schema)
    {
        yield return "甲\0乙";
        if (schema["items"] is System.Text.Json.Nodes.JsonObject items)
        {
            schema = items;
        }
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!.AsObject();
        }
        var type = schema["type"]?.ToJsonString() ?? "";
        var format = schema["format"]?.GetValue<string>();
        if (schema["enum"] is not null)
        {
            yield return "7";
            yield return "NoSuchName";
        }
        else if (type.Contains("integer", StringComparison.Ordinal))
        {
            yield return "x";
            yield return "99999999999";
        }
        else if (type.Contains("boolean", StringComparison.Ordinal))
        {
            yield return "maybe";
        }
        else if (format == "uuid")
        {
            yield return "x";
        }
        else if (format == "date")
        {
            yield return "2026-13-01";
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SignOutWithoutItsToken_AndALanguageSwitchLeavingTheSite_Are400WithTheStyledPage(string provider)
    {
        var world = await apps.WorldAsync(provider);
        var client = (await ClientsAsync(world))[Caller.Admin];

        using (var form = new FormUrlEncodedContent([]))
        {
            var response = await client.PostAsync(new Uri("/logout", UriKind.Relative), form);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).Should().Contain("id=\"bad-request\"");
        }
        // Still signed in: the post without a token did nothing.
        (await client.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var returnUrl in new[] { "%2F%5Cevil", "%2F%2Fevil.example", "https%3A%2F%2Fevil.example%2F", "%2F%09%2Fevil.example", "evil" })
        {
            var response = await client.GetAsync(new Uri($"/culture/zh-CN?returnUrl={returnUrl}", UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, returnUrl);
            response.Headers.Location.Should().BeNull();
            (await response.Content.ReadAsStringAsync()).Should().Contain("id=\"bad-request\"");
        }
        (await client.GetAsync(new Uri("/culture/xx-XX?returnUrl=%2F", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // The switch itself still works, back to where it was asked from.
        var ok = await client.GetAsync(new Uri("/culture/en-US?returnUrl=%2Fpeople%3Fpage%3D2", UriKind.Relative));
        ok.StatusCode.Should().Be(HttpStatusCode.Redirect);
        ok.Headers.Location!.OriginalString.Should().Be("/people?page=2");
        (await client.GetAsync(new Uri("/culture/zh-CN", UriKind.Relative))).Headers.Location!.OriginalString.Should().Be("/");
    }

    private static string WithParameter(string url, string name, string value)
    {
        var encoded = Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return url + "?" + encoded;
        }
        // The malformed value replaces a good one of the same name.
        var kept = url[(question + 1)..].Split('&').Where(p => !p.StartsWith(Uri.EscapeDataString(name) + "=", StringComparison.OrdinalIgnoreCase));
        return url[..question] + "?" + string.Join("&", kept.Append(encoded));
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<Dictionary<Caller, HttpClient>> ClientsAsync(ContractWorld world)
    {
        var app = world.App;
        _ = world.Admin; // makes the county administrator's account
        return new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = app.BrowserClient(),
            [Caller.Admin] = await app.PageClientAsync("test-admin"),
            [Caller.SecurityAdmin] = await world.PageAdministratorAsync(Role.SecurityAdmin),
            [Caller.AuditAdmin] = await world.PageAdministratorAsync(Role.AuditAdmin),
            [Caller.SystemAdmin] = await world.PageAdministratorAsync(Role.SystemAdmin),
        };
    }
}
