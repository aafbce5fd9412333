using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>The account pages as HTML, over a bearer token (the browser tests go through the login page).</summary>
public partial class AccountPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AdminPages_OpenForSecurityAdministrators_AndNoOneElse(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, _, _) = await app.SecurityAdminAsync(county.Id);
        var name = Accounts.UniqueName("page");
        var id = await app.EnsureAccountAsync(name, [Role.TownshipAdmin], township.Id);
        var other = app.ClientAs(Accounts.UniqueName("cadm"), [Role.CountyAdmin], county.Id);

        foreach (var page in new[] { $"/admin/accounts?q={name}", "/admin/accounts/new", $"/admin/accounts/{id}", $"/ui/accounts/results?q={name}" })
        {
            var ok = await sec.GetAsync(new Uri(page, UriKind.Relative));
            ok.StatusCode.Should().Be(HttpStatusCode.OK, page);
            (await other.GetAsync(new Uri(page, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden, page);
        }
        var list = await sec.GetStringAsync(new Uri($"/admin/accounts?q={name}", UriKind.Relative));
        list.Should().Contain(name).And.Contain("乡镇管理员");
        var detail = await sec.GetStringAsync(new Uri($"/admin/accounts/{id}", UriKind.Relative));
        detail.Should().Contain(name).And.Contain("三权分立");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AccountPage_ShowsWhoIAm_AndTheTwoFactorPageAQrCodeOfTheKey(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var name = Accounts.UniqueName("me");
        var client = app.ClientAs(name, [Role.TownshipAdmin], township.Id);

        var me = await client.GetStringAsync(new Uri("/account", UriKind.Relative));
        me.Should().Contain(name).And.Contain(township.Name).And.Contain("乡镇管理员").And.Contain("/account/password").And.Contain("/account/two-factor");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/account/two-factor", UriKind.Relative)));
        var key = KeyPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        key.Should().HaveLength(32);
        var image = ImagePattern().Match(page).Groups[1].Value;
        var svg = Encoding.UTF8.GetString(Convert.FromBase64String(image));
        svg.Should().Contain("<svg").And.Contain("viewBox");
        // The same key on a second visit: it is made once, not on every view.
        KeyPattern().Match(await client.GetStringAsync(new Uri("/account/two-factor", UriKind.Relative))).Groups[1].Value
            .Replace(" ", "", StringComparison.Ordinal).Should().Be(key);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task NewRecoveryCodes_OnThePage_NeedThePassword(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (_, township, _) = await app.AdminClient().CreateCounty();
        var name = Accounts.UniqueName("codes");
        var id = await app.EnsureAccountAsync(name, [Role.TownshipAdmin], township.Id);
        var key = await app.EnableTwoFactorAsync(id);
        var client = await app.PageClientAsync(name, code: Totp.NextCode(key));

        var wrong = await client.PostFormAsync("/account/two-factor", "two-factor-codes", [new("Codes.Password", "Wrong#2026pass")], tokenFrom: "/account/two-factor");
        var refused = await wrong.Content.ReadAsStringAsync();
        refused.Should().Contain("密码不正确").And.NotContain("id=\"tf-recovery\"");

        var right = await client.PostFormAsync("/account/two-factor", "two-factor-codes", [new("Codes.Password", ZerenFactory.TestPassword)], tokenFrom: "/account/two-factor");
        (await right.Content.ReadAsStringAsync()).Should().Contain("id=\"tf-recovery\"");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OwnAccountPage_OffersNoResetOfOnesOwnPasswordOrTwoFactor(string provider)
    {
        var app = ZerenFactory.For(provider);
        var (county, township, _) = await app.AdminClient().CreateCounty();
        var (sec, secId, _) = await app.SecurityAdminAsync(county.Id);
        var other = await app.EnsureAccountAsync(Accounts.UniqueName("oth"), [Role.TownshipAdmin], township.Id);
        await app.EnableTwoFactorAsync(other);

        var own = await sec.GetStringAsync(new Uri($"/admin/accounts/{secId}", UriKind.Relative));
        own.Should().Contain("id=\"own-account-actions\"").And.NotContain("id=\"action-reset-password\"").And.NotContain("id=\"action-reset-two-factor\"");
        var theirs = await sec.GetStringAsync(new Uri($"/admin/accounts/{other}", UriKind.Relative));
        theirs.Should().Contain("id=\"action-reset-password\"").And.Contain("id=\"action-reset-two-factor\"").And.NotContain("own-account-actions");
    }

    [GeneratedRegex("id=\"tf-key\">([A-Z2-7 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ImagePattern();
}
