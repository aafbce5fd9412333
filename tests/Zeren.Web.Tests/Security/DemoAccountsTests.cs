using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Zeren.Core.Demo;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>演示账号: one per role with the demo county, all with the published password; their scopes are real.</summary>
public class DemoAccountsTests
{
    private static readonly (string User, Role Role)[] Expected =
    [
        ("sysadmin", Role.SystemAdmin), ("secadmin", Role.SecurityAdmin), ("auditor", Role.AuditAdmin),
        ("county", Role.CountyAdmin), ("inspector", Role.Inspector), ("township1", Role.TownshipAdmin),
        ("township2", Role.TownshipAdmin), ("branch", Role.BranchClerk), ("leader", Role.CountyLeader), ("readonly", Role.ReadOnly),
    ];

    private static async Task<HttpClient> SignInAsync(ZerenFactory app, string user)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.LoginAsync(user, DemoAccounts.Password));
        return client;
    }

    private static async Task<List<T>> AllAsync<T>(HttpClient client, string url)
    {
        var all = new List<T>();
        for (var page = 1; ; page++)
        {
            var slice = await client.GetFromJson<Paged<T>>($"{url}page={page}&pageSize={PageRequest.MaxSize}");
            all.AddRange(slice.Items);
            if (slice.Items.Count == 0 || all.Count >= slice.Total)
            {
                return all;
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EveryDemoAccount_Exists_WithItsRole_AndSignsIn(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        await using (var scope = app.Scope())
        {
            var users = scope.Get<UserManager<Account>>();
            foreach (var (user, role) in Expected)
            {
                var account = await users.FindByNameAsync(user);
                account.Should().NotBeNull(user);
                account!.IsDemo.Should().BeTrue(user);
                (await users.GetRolesAsync(account)).Should().Equal([role.ToString()], user);
            }
        }
        foreach (var (user, role) in Expected)
        {
            using var client = await SignInAsync(app, user);
            var me = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
            me.StatusCode.Should().Be(HttpStatusCode.OK, user);
            var people = await client.GetAsync(new Uri("/api/v1/people?pageSize=1", UriKind.Relative));
            people.StatusCode.Should().Be(Roles.SeparatedAdmins.Contains(role) ? HttpStatusCode.Forbidden : HttpStatusCode.OK, user);
            (await people.Content.ReadAsStringAsync()).Should().NotContain("two_factor_required").And.NotContain("password_change_required",
                $"{user}: demo accounts are spared the password change and two-factor set-up; the role alone decides");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Township1_SeesNoneOfTownship2sPeople(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var county = await SignInAsync(app, "county");
        var t1 = await SignInAsync(app, "township1");
        var townships = (await county.GetFromJson<Paged<OrgSummary>>("/api/v1/orgs?depth=1&domain=Comprehensive&kind=Committee&pageSize=100")).Items
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();
        var (one, two) = (townships[0], townships[1]);
        var twoPeople = await county.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={two.Id}&pageSize=5");
        twoPeople.Total.Should().BePositive();

        (await t1.GetAsync(new Uri($"/api/v1/orgs/{two.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await t1.GetAsync(new Uri($"/api/v1/people?under={two.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var person in twoPeople.Items)
        {
            (await t1.GetAsync(new Uri($"/api/v1/people/{person.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, person.Name);
        }

        // Everyone township1 sees belongs to township1, and it sees all of them.
        var oneSubtree = (await AllAsync<OrgSummary>(county, $"/api/v1/orgs/{one.Id}/subtree?")).Select(o => o.Id).ToHashSet();
        var seen = await AllAsync<PersonRow>(t1, "/api/v1/people?");
        seen.Should().OnlyContain(p => oneSubtree.Contains(p.OrgId));
        seen.Should().HaveCount((await county.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={one.Id}&pageSize=1")).Total);
        (await t1.GetFromJson<List<OrgSummary>>("/api/v1/orgs/roots")).Should().ContainSingle().Which.Id.Should().Be(one.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DemoInspector_IsOnTheSecretPlansTeam_AndSeesItOnTheHomePage_WhileATownshipDoesNot(string provider)
    {
        var app = ZerenFactory.WithDemo(provider);
        var page = await app.PageClientAsync("inspector", DemoAccounts.Password);
        var home = System.Net.WebUtility.HtmlDecode(await page.GetStringAsync(new Uri("/", UriKind.Relative)));
        home.Should().Contain("暗访任务");
        var link = System.Text.RegularExpressions.Regex.Match(home, "/inspections/plans/([0-9a-f-]{36})");
        link.Success.Should().BeTrue("the card links the plan");
        var id = Guid.Parse(link.Groups[1].Value);

        using var inspector = await SignInAsync(app, "inspector");
        var detail = await inspector.GetFromJson<Zeren.Core.Inspections.PlanDetail>($"/api/v1/inspection-plans/{id}");
        detail.Plan.IsSecret.Should().BeTrue("the demo's next-Tuesday plan is still secret");
        detail.Team.Select(t => t.Name).Should().ContainSingle();
        (await inspector.GetFromJson<Paged<Zeren.Core.Inspections.PlanRow>>("/api/v1/inspection-plans?pageSize=100")).Items
            .Should().Contain(p => p.Id == id && p.IsSecret);

        using var township = await SignInAsync(app, "township1");
        (await township.GetAsync(new Uri($"/api/v1/inspection-plans/{id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var townshipHome = await (await app.PageClientAsync("township1", DemoAccounts.Password)).GetStringAsync(new Uri("/", UriKind.Relative));
        townshipHome.Should().NotContain(id.ToString()).And.NotContain("暗访任务");
    }
}
