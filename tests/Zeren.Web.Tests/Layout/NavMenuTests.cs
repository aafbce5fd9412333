using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Layout;

/// <summary>
/// The menu marks the most specific item only: on /assessment/stars 星级评定 and not 考核评分 (/assessment) as well, while
/// /assessment's own pages and the pages under /checklists keep their item.
/// </summary>
public class NavMenuTests
{
    [Theory]
    [InlineData("/assessment/stars", "/assessment/stars", "/assessment")]
    [InlineData("/assessment/stars/map", "/assessment/stars", "/assessment")]
    [InlineData("/assessment", "/assessment", "/assessment/stars")]
    [InlineData("/checklists/templates", "/checklists", "/assessment")]
    [InlineData("/obligations/grid", "/obligations/grid", "/obligations")]
    public async Task OnlyTheMostSpecificItem_IsActive(string url, string active, string inactive)
    {
        var app = ZerenFactory.For(TestDatabases.Sqlite);
        var county = await app.AdminClient().CreateOrg(null, "菜单县委");
        var page = await app.NewPageClientAsync("nav", Role.CountyAdmin, county.Id);
        var html = await page.PageTextAsync(url);
        var nav = html[html.IndexOf("<nav class=\"nav flex-column", StringComparison.Ordinal)..];
        nav = nav[..nav.IndexOf("</nav>", StringComparison.Ordinal)];
        ClassOf(nav, active).Should().Contain("active", $"{active} is the item of {url}");
        ClassOf(nav, inactive).Should().NotContain("active", $"{inactive} is not the item of {url}");
    }

    private static string ClassOf(string nav, string href)
    {
        var link = Regex.Match(nav, $"<a [^>]*href=\"{Regex.Escape(href)}\"[^>]*>");
        link.Success.Should().BeTrue($"the menu has {href}");
        return Regex.Match(link.Value, "class=\"([^\"]*)\"").Groups[1].Value;
    }
}
