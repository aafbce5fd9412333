using System.Net;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>The app with two-factor sign-in not required, so the three administrator roles reach their permissions.</summary>
public sealed class NoTwoFactorApps : DedicatedApps
{
    protected override IReadOnlyDictionary<string, string?>? Settings =>
        new Dictionary<string, string?> { ["Zeren:Security:RequireTwoFactorForAdmins"] = "false" };
}

/// <summary>
/// What each role may do (SPEC §9): the matrix below is written out here, not read from <see cref="Roles"/>, so a
/// change to a role's permissions has to change this test too. An allowed request is shown by getting past
/// authorization to the service (a 404 for an unknown id, a 422 for an empty name), so nothing is changed.
/// </summary>
public sealed class RolePermissionTests(NoTwoFactorApps apps) : IClassFixture<NoTwoFactorApps>
{
    /// <summary>Read business data · change organizations · change people · export.</summary>
    private static readonly Dictionary<Role, (bool Read, bool Orgs, bool People, bool Export)> Matrix = new()
    {
        [Role.SystemAdmin] = (false, false, false, false),
        [Role.SecurityAdmin] = (false, false, false, false),
        [Role.AuditAdmin] = (false, false, false, false),
        [Role.CountyAdmin] = (true, true, true, true),
        [Role.TownshipAdmin] = (true, true, true, true),
        [Role.BranchClerk] = (true, false, true, false),
        [Role.Inspector] = (true, false, false, false),
        [Role.CountyLeader] = (true, false, false, true),
        [Role.ReadOnly] = (true, false, false, false),
    };

    public static TheoryData<string, Role> ProvidersAndRoles()
    {
        var data = new TheoryData<string, Role>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                data.Add(provider, role);
            }
        }
        return data;
    }

    [Fact]
    public void Matrix_CoversEveryRole() => Matrix.Keys.Should().BeEquivalentTo(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(ProvidersAndRoles))]
    public async Task Role_MayDoWhatItsPermissionsSay_AndNothingElse(string provider, Role role)
    {
        var app = apps.For(provider);
        var admin = app.AdminClient();
        var (county, township, village) = await admin.CreateCounty();
        // Bound where such an account would be: administrators and inspectors at the county, a clerk at a village.
        var orgId = role switch
        {
            Role.TownshipAdmin or Role.ReadOnly or Role.CountyLeader => township.Id,
            Role.BranchClerk => village.Id,
            _ => county.Id,
        };
        var client = app.ClientAs($"role-{role}-{Guid.NewGuid():N}"[..30], [role], orgId);
        var (read, orgs, people, export) = Matrix[role];
        var unknown = Guid.NewGuid();

        await Expect(client.GetAsync(new Uri($"/api/v1/people?under={orgId}", UriKind.Relative)), read, HttpStatusCode.OK, "GET /people");
        await Expect(client.GetAsync(new Uri($"/api/v1/orgs/{orgId}", UriKind.Relative)), read, HttpStatusCode.OK, "GET /orgs/{id}");
        await Expect(client.GetAsync(new Uri($"/api/v1/links?orgId={orgId}", UriKind.Relative)), read, HttpStatusCode.OK, "GET /links");

        await Expect(client.PostJson("/api/v1/orgs", new OrgInput(orgId, TestData.Code(), "", OrgKind.Branch, OrgDomain.Rural)), orgs, HttpStatusCode.UnprocessableEntity, "POST /orgs");
        await Expect(client.PutJson($"/api/v1/orgs/{unknown}", new OrgInput(orgId, TestData.Code(), "某村党支部", OrgKind.Branch, OrgDomain.Rural)), orgs, HttpStatusCode.NotFound, "PUT /orgs/{id}");
        await Expect(client.DeleteAsync(new Uri($"/api/v1/orgs/{unknown}", UriKind.Relative)), orgs, HttpStatusCode.NotFound, "DELETE /orgs/{id}");

        await Expect(client.PostJson("/api/v1/people", TestData.Member(orgId, "")), people, HttpStatusCode.UnprocessableEntity, "POST /people");
        await Expect(client.PutJson($"/api/v1/people/{unknown}", TestData.Member(orgId)), people, HttpStatusCode.NotFound, "PUT /people/{id}");
        await Expect(client.DeleteAsync(new Uri($"/api/v1/people/{unknown}", UriKind.Relative)), people, HttpStatusCode.NotFound, "DELETE /people/{id}");
        await Expect(client.DeleteAsync(new Uri($"/api/v1/positions/{unknown}", UriKind.Relative)), people, HttpStatusCode.NotFound, "DELETE /positions/{id}");

        await Expect(client.GetAsync(new Uri($"/api/v1/people/export.xlsx?under={orgId}", UriKind.Relative)), export, HttpStatusCode.OK, "GET /people/export.xlsx");
        await Expect(client.GetAsync(new Uri($"/api/v1/orgs/export.xlsx?under={orgId}", UriKind.Relative)), export, HttpStatusCode.OK, "GET /orgs/export.xlsx");
    }

    private static async Task Expect(Task<HttpResponseMessage> request, bool allowed, HttpStatusCode whenAllowed, string what)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        if (allowed)
        {
            response.StatusCode.Should().Be(whenAllowed, $"{what} is allowed ({body})");
        }
        else
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{what} is not allowed ({body})");
            body.Should().NotContain("two_factor_required").And.NotContain("password_change_required", "the refusal is the role's");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task BranchClerk_EditsPeopleOfItsBranch_ButCreatesNoOrganization(string provider)
    {
        var app = apps.For(provider);
        var admin = app.AdminClient();
        var (_, township, village) = await admin.CreateCounty();
        var member = await admin.CreatePerson(TestData.Member(village.Id, "钟文书"));
        var other = await admin.CreatePerson(TestData.Member(township.Id, "乡干部"));
        var clerk = app.ClientAs($"clerk-{Guid.NewGuid():N}"[..20], [Role.BranchClerk], village.Id);

        var edit = await clerk.PutJson($"/api/v1/people/{member.Id}", TestData.Member(village.Id, "钟文书改") with { IdNumber = null });
        edit.StatusCode.Should().Be(HttpStatusCode.OK, await edit.Content.ReadAsStringAsync());
        (await edit.ReadAs<PersonRow>()).Name.Should().Be("钟文书改");

        (await clerk.PostJson("/api/v1/orgs", new OrgInput(village.Id, TestData.Code(), "第一党小组", OrgKind.Group, OrgDomain.Rural)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await clerk.GetAsync(new Uri($"/api/v1/people/{other.Id}", UriKind.Relative))).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "the township above the branch is outside its scope");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Pages_ReadOnlyReads_ButIsSentToForbiddenFromTheEditor(string provider)
    {
        var app = apps.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var user = $"ro-{Guid.NewGuid():N}"[..20];
        await app.EnsureAccountAsync(user, [Role.ReadOnly], township.Id);
        var browser = await app.PageClientAsync(user);

        var list = await browser.GetAsync(new Uri("/orgs", UriKind.Relative));
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        (await list.Content.ReadAsStringAsync()).Should().Contain("测试镇党委");

        foreach (var editor in new[] { "/orgs/new", $"/orgs/{township.Id}/edit", "/people/new" })
        {
            var response = await browser.GetAsync(new Uri(editor, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.Redirect, editor);
            response.Headers.Location!.ToString().Should().Contain("/forbidden", editor);
        }
        var forbidden = await browser.GetAsync(new Uri("/forbidden", UriKind.Relative));
        (await forbidden.Content.ReadAsStringAsync()).Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Pages_SystemAdminSeesNoBusinessPage(string provider)
    {
        var app = apps.For(provider);
        var (county, _, _) = await app.AdminClient().CreateCounty();
        var user = $"sys-{Guid.NewGuid():N}"[..20];
        await app.EnsureAccountAsync(user, [Role.SystemAdmin], county.Id);
        var browser = await app.PageClientAsync(user);

        foreach (var page in new[] { "/orgs", "/people", "/links", "/reserves" })
        {
            var response = await browser.GetAsync(new Uri(page, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.Redirect, page);
            response.Headers.Location!.ToString().Should().Contain("/forbidden", page);
        }
    }
}
