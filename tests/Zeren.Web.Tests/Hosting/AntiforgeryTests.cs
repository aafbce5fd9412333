using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
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
}
