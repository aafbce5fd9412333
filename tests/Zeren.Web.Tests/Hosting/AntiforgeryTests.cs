using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Hosting;

public partial class AntiforgeryTests
{
    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex TokenField();

    private static FormUrlEncodedContent NewOrgForm(string code, string? token)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "org",
            ["Model.Code"] = code,
            ["Model.Name"] = "表单测试县委",
            ["Model.Kind"] = "Committee",
            ["Model.Domain"] = "Comprehensive",
            ["Model.SortOrder"] = "0",
        };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }
        return new FormUrlEncodedContent(fields);
    }

    private static async Task<int> CountOrgs(HttpClient client, string code) =>
        (await client.GetFromJson<JsonElement>($"/api/v1/orgs?q={code}")).GetProperty("total").GetInt32();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FormPost_WithoutTheAntiforgeryToken_IsRefusedAndChangesNothing(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var code = TestData.Code("AF");
        // The client keeps the antiforgery cookie from the page, as a browser would; only the form field is missing.
        (await client.GetAsync(new Uri("/orgs/new", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        using (var forged = NewOrgForm(code, token: null))
        {
            var response = await client.PostAsync(new Uri("/orgs/new", UriKind.Relative), forged);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }
        (await CountOrgs(client, code)).Should().Be(0);

        // The same form with the token from the page is accepted: it was only the token that was missing.
        var page = await client.GetStringAsync(new Uri("/orgs/new", UriKind.Relative));
        var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
        token.Should().NotBeEmpty();
        using (var genuine = NewOrgForm(code, token))
        {
            var response = await client.PostAsync(new Uri("/orgs/new", UriKind.Relative), genuine);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        (await CountOrgs(client, code)).Should().Be(1);
    }

    /// <summary>The files of this test's township: other tests upload to the shared app at the same time.</summary>
    private static async Task<int> CountFilesAsync(ZerenFactory app, Guid orgId)
    {
        await using var scope = app.Scope();
        return await scope.Get<Zeren.Core.Data.ZerenDbContext>().Set<Zeren.Core.Files.StoredFile>().IgnoreQueryFilters()
            .CountAsync(f => f.OrgId == orgId);
    }

    private static MultipartFormDataContent Png()
    {
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "file", "photo.png" } };
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ApiWrite_SignedInByTheCookie_WithoutTheToken_IsRefused_UploadsAndJsonAlike(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var user = Accounts.UniqueName("csrf");
        await app.EnsureAccountAsync(user, [Zeren.Core.Security.Role.TownshipAdmin], township.Id);
        // A browser signed in to the app, made to post by a page of another site: it sends the cookie, not the token.
        var browser = await app.PageClientAsync(user);
        var files = await CountFilesAsync(app, township.Id);

        using (var upload = Png())
        {
            var refused = await browser.PostAsync(new Uri("/api/v1/files", UriKind.Relative), upload);
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
            (await refused.ReadAs<Problem>()).Code.Should().Be("antiforgery");
        }
        var person = await browser.PostJson("/api/v1/people", TestData.Member(township.Id, "跨站"));
        person.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await person.ReadAs<Problem>()).Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        (await CountFilesAsync(app, township.Id)).Should().Be(files, "nothing was stored");
        (await app.AdminClient().GetFromJson<JsonElement>($"/api/v1/people?under={township.Id}&q=跨站")).GetProperty("total").GetInt32().Should().Be(0);

        // The app's own page, with the token of its form in the header, may; so may an API client with its bearer token.
        var token = await browser.AntiforgeryTokenAsync("/orgs");
        using (var upload = Png())
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/files") { Content = upload })
        {
            request.Headers.Add("RequestVerificationToken", token);
            (await browser.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Created);
        }
        using (var upload = Png())
        {
            var api = await app.ClientFromLoginAsync(user, ZerenFactory.TestPassword);
            (await api.PostAsync(new Uri("/api/v1/files", UriKind.Relative), upload)).StatusCode.Should().Be(HttpStatusCode.Created);
        }
        (await CountFilesAsync(app, township.Id)).Should().Be(files + 2);
    }
}
