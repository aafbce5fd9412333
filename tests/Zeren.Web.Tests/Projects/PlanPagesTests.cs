using System.Globalization;
using System.Net;
using FluentAssertions;
using Zeren.Core.Projects;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Projects;

/// <summary>
/// The plan pages on both databases, posted as a browser posts them: every row of the form, blank ones included, so a
/// fault is named on the form and the filled rows come back as they were; then 一下 and 二上 on the plan's page.
/// </summary>
public class PlanPagesTests
{
    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The fields of the plan form as the browser sends them: all eight rows, the first filled (its person may be blank).</summary>
    internal static Dictionary<string, string> Fields(string text, string project, Guid? person, DateOnly start, Guid? orgId = null, int? year = null)
    {
        var fields = new Dictionary<string, string> { ["Model.Text"] = text };
        if (orgId is { } org)
        {
            fields["Model.OrgId"] = org.ToString();
            fields["Model.Year"] = year!.Value.ToString(CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < 8; i++)
        {
            var first = i == 0;
            fields[$"Model.Projects[{i}].Name"] = first ? project : "";
            fields[$"Model.Projects[{i}].PersonId"] = first && person is { } p ? p.ToString() : "";
            fields[$"Model.Projects[{i}].StartOn"] = first ? Date(start) : "";
            fields[$"Model.Projects[{i}].DueOn"] = first ? Date(start.AddMonths(6)) : "";
            fields[$"Model.Projects[{i}].Target"] = first ? "建成投用" : "";
            fields[$"Model.Projects[{i}].Responsibility"] = first ? "书记牵头" : "";
        }
        return fields;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ThePlanForm_NamesAFault_KeepsTheRows_AndThePlanGoesDownAndUpAgain(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);
        var name = $"tp-{Guid.NewGuid():N}"[..12];
        await app.EnsureAccountAsync(name, [Role.TownshipAdmin], t.Town.Id);
        var town = await app.PageClientAsync(name);
        const int year = 2030;
        var start = new DateOnly(year, 3, 1);
        var url = $"/plans/new?org={t.Town.Id}&year={year}";

        var missing = await town.PostFormAsync(url, "plan", Fields("思路", "红色驿站", null, start, t.Town.Id, year), tokenFrom: url);
        missing.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync());
        html.Should().Contain("alert-danger").And.Contain("红色驿站", "the rows typed stay on the form");
        (await admin.GetFromJson<Zeren.Core.Platform.Paged<PlanRow>>($"/api/v1/plans?under={t.Town.Id}&year={year}")).Total.Should().Be(0);

        var submitted = await town.PostFormAsync(url, "plan", Fields("思路", "红色驿站", t.Secretary.Id, start, t.Town.Id, year), tokenFrom: url);
        submitted.StatusCode.Should().Be(HttpStatusCode.Redirect, await submitted.Content.ReadAsStringAsync());
        var planUrl = submitted.Headers.Location!.OriginalString.Replace("?ok=1", "", StringComparison.Ordinal);

        var countyName = $"cp-{Guid.NewGuid():N}"[..12];
        await app.EnsureAccountAsync(countyName, [Role.CountyAdmin], t.County.Id);
        var adminPage = await app.PageClientAsync(countyName);
        var returned = await adminPage.PostFormAsync(planUrl, "review",
            new Dictionary<string, string> { ["Review.Comments"] = "目标要量化", ["Review.Decision"] = "return" }, tokenFrom: planUrl);
        returned.StatusCode.Should().Be(HttpStatusCode.Redirect, await returned.Content.ReadAsStringAsync());

        var page = WebUtility.HtmlDecode(await town.GetStringAsync(new Uri(planUrl, UriKind.Relative)));
        page.Should().Contain("目标要量化").And.Contain("plan-resubmit");
        var again = await town.PostFormAsync(planUrl, "plan", Fields("思路（二上）", "红色驿站", t.Secretary.Id, start), tokenFrom: planUrl);
        again.StatusCode.Should().Be(HttpStatusCode.Redirect, await again.Content.ReadAsStringAsync());

        var approved = await adminPage.PostFormAsync(planUrl, "review",
            new Dictionary<string, string> { ["Review.Comments"] = "", ["Review.Decision"] = "approve" }, tokenFrom: planUrl);
        approved.StatusCode.Should().Be(HttpStatusCode.Redirect, await approved.Content.ReadAsStringAsync());
        var ledger = WebUtility.HtmlDecode(await town.GetStringAsync(new Uri($"/projects?org={t.Town.Id}&year={year}", UriKind.Relative)));
        ledger.Should().Contain("红色驿站");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AProjectAddedByHand_NeedsAllFive_AndJoinsTheLedger(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var t = await PlansApiTests.CreateTownship(admin);
        var name = $"tn-{Guid.NewGuid():N}"[..12];
        await app.EnsureAccountAsync(name, [Role.TownshipAdmin], t.Town.Id);
        var town = await app.PageClientAsync(name);
        var url = $"/projects/new?org={t.Town.Id}";
        (await town.GetStringAsync(new Uri(url, UriKind.Relative))).Should().Contain("id=\"np-person\"");
        (await town.GetStringAsync(new Uri($"/projects?org={t.Town.Id}", UriKind.Relative))).Should().Contain("href=\"/projects/new?org=");

        // Every missing 定 named at once, and a time limit before its start; nothing saved.
        var blank = new Dictionary<string, string>
        {
            ["Model.Name"] = "", ["Model.Target"] = "", ["Model.Responsibility"] = "", ["Model.PersonId"] = "", ["Model.StartOn"] = "", ["Model.DueOn"] = "",
        };
        var refused = await town.PostFormAsync(url, "project", blank, tokenFrom: url);
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.Should().Contain("alert-danger").And.Contain("定人员").And.Contain("定目标").And.Contain("定责任");
        var backwards = new Dictionary<string, string>
        {
            ["Model.Name"] = "手建项目", ["Model.Target"] = "建成", ["Model.Responsibility"] = "书记牵头", ["Model.PersonId"] = t.Secretary.Id.ToString(),
            ["Model.StartOn"] = "2030-06-01", ["Model.DueOn"] = "2030-05-01",
        };
        (await town.PostFormAsync(url, "project", backwards, tokenFrom: url)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetFromJson<Zeren.Core.Platform.Paged<ProjectRow>>($"/api/v1/projects?orgId={t.Town.Id}")).Total.Should().Be(0);

        backwards["Model.DueOn"] = "2030-12-31";
        var saved = await town.PostFormAsync(url, "project", backwards, tokenFrom: url);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        saved.Headers.Location!.OriginalString.Should().MatchRegex("^/projects/[0-9a-f-]{36}\\?ok=1$");
        var ledger = (await admin.GetFromJson<Zeren.Core.Platform.Paged<ProjectRow>>($"/api/v1/projects?orgId={t.Town.Id}")).Items.Should().ContainSingle().Which;
        (ledger.Name, ledger.PersonId, ledger.StartOn, ledger.DueOn, ledger.PlanId).Should().Be(("手建项目", t.Secretary.Id, new DateOnly(2030, 6, 1),
            new DateOnly(2030, 12, 31), (Guid?)null));
    }
}
