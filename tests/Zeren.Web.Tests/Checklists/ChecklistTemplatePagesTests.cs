using System.Net;
using FluentAssertions;
using Zeren.Core.Checklists;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Checklists;

/// <summary>
/// 清单管理 (/checklists/templates) on both databases: the county creates a template with the kind's default items through
/// the form (a second one of the same year and kind is refused in Chinese); moving, adding and removing rows save
/// nothing until 保存; a save with faults saves nothing and names every fault; a good save replaces name and items;
/// after a village's claim the template is frozen (no edit form) and 复制为新版本 makes the current version; a township
/// reads the county's template without edit or copy; a branch clerk may not open the page and is not shown the link.
/// </summary>
public class ChecklistTemplatePagesTests
{
    private static Dictionary<string, string> Fields(string name, params (string Name, string Description, bool Photo)[] items)
    {
        var fields = new Dictionary<string, string> { ["Form.Name"] = name };
        for (var i = 0; i < items.Length; i++)
        {
            fields[$"Form.Items[{i}].Name"] = items[i].Name;
            fields[$"Form.Items[{i}].Description"] = items[i].Description;
            if (items[i].Photo)
            {
                fields[$"Form.Items[{i}].PhotoRequired"] = "True";
            }
        }
        return fields;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> fields, string op) => new(fields) { ["op"] = op };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task County_CreatesEditsAndCopiesTemplates_NothingHalfSaved(string provider)
    {
        var app = ZerenFactory.For(provider);
        var admin = app.AdminClient();
        var county = await admin.CreateOrg(null, "清单管理县委");
        var township = await admin.CreateOrg(county.Id, "清单管理镇党委");
        var village = await admin.CreateOrg(township.Id, "清单管理村党支部", OrgKind.Branch, OrgDomain.Rural);
        var year = ChinaTime.Today(TimeProvider.System).Year;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var countyApi = app.ClientAs($"ctp-c-{tag}", [Role.CountyAdmin], county.Id);
        var page = await app.NewPageClientAsync("ctp-cp", Role.CountyAdmin, county.Id);

        var list = await page.PageTextAsync("/checklists/templates");
        list.Should().Contain("清单管理").And.Contain("checklist-template-create").And.Contain(county.Name).And.Contain(township.Name);
        (await page.PageTextAsync("/checklists")).Should().Contain("id=\"checklist-manage\"");

        var newFields = new Dictionary<string, string>
        {
            ["New.Year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture), ["New.Kind"] = "Standard", ["New.OrgId"] = county.Id.ToString(),
            ["New.Name"] = "",
        };
        var created = await page.PostFormAsync("/checklists/templates", "new-template", newFields, tokenFrom: "/checklists/templates");
        created.StatusCode.Should().Be(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var location = created.Headers.Location!.OriginalString;
        location.Should().MatchRegex("^/checklists/templates/[0-9a-f-]{36}\\?ok=1$");
        var id = Guid.Parse(location["/checklists/templates/".Length..location.IndexOf('?', StringComparison.Ordinal)]);
        var again = await page.PostFormAsync("/checklists/templates", "new-template", newFields, tokenFrom: "/checklists/templates");
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()).Should().Contain($"已有 {year} 年的达标型清单");
        (await countyApi.GetFromJson<List<ChecklistTemplateRow>>($"/api/v1/checklists/templates?year={year}"))!
            .Where(t => t.OrgId == county.Id).Should().ContainSingle();

        var url = $"/checklists/templates/{id}";
        var edit = await page.PageTextAsync(url + "?ok=1");
        edit.Should().Contain("checklist-template-form").And.Contain("屋顶树党徽").And.Contain("党员家门前贴共产党员牌").And.NotContain("checklist-template-copy");
        var original = await countyApi.GetFromJson<ChecklistTemplateDetail>($"/api/v1/checklists/templates/{id}");
        var rows = original!.Items.Select(i => (i.Name, i.Description, i.PhotoRequired)).ToArray();

        // A row command comes back changed and unsaved.
        var moved = await page.PostFormAsync(url, "template", With(Fields(original.Name, rows), "down:0"), tokenFrom: url);
        moved.StatusCode.Should().Be(HttpStatusCode.OK);
        var movedText = WebUtility.HtmlDecode(await moved.Content.ReadAsStringAsync());
        movedText.Should().Contain("checklist-template-unsaved");
        movedText.IndexOf("室内挂党旗", StringComparison.Ordinal).Should().BeLessThan(movedText.IndexOf("屋顶树党徽", StringComparison.Ordinal));
        var added = WebUtility.HtmlDecode(await (await page.PostFormAsync(url, "template", With(Fields(original.Name, rows), "add"), tokenFrom: url))
            .Content.ReadAsStringAsync());
        added.Should().Contain("id=\"item-name-4\"");
        (await countyApi.GetFromJson<ChecklistTemplateDetail>($"/api/v1/checklists/templates/{id}"))!.Items.Select(i => i.Name)
            .Should().Equal(original.Items.Select(i => i.Name), "moving and adding save nothing");

        // A save with faults: every fault named, nothing saved.
        var bad = await page.PostFormAsync(url, "template",
            With(Fields("", ("", "", true), ("室内挂党旗", "", true), ("室内挂党旗", "", false)), "save"), tokenFrom: url);
        bad.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()).Should().Contain("请填写清单名称").And.Contain("第 1 个条目没有名称").And.Contain("条目“室内挂党旗”重复");
        (await countyApi.GetFromJson<ChecklistTemplateDetail>($"/api/v1/checklists/templates/{id}"))!.Name.Should().Be(original.Name);

        // A good save: the name and the items as the form has them.
        var saved = await page.PostFormAsync(url, "template",
            With(Fields("县级达标清单", ("室内挂党旗", "党旗规范悬挂", true), ("屋顶树党徽", "", true), ("宣传栏", "定期更新", false)), "save"), tokenFrom: url);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var t = await countyApi.GetFromJson<ChecklistTemplateDetail>($"/api/v1/checklists/templates/{id}");
        t!.Name.Should().Be("县级达标清单");
        t.Items.Select(i => (i.Name, i.PhotoRequired)).Should().Equal(("室内挂党旗", true), ("屋顶树党徽", true), ("宣传栏", false));

        // The first claim freezes it: no edit form, and a copy is the new current version.
        var clerk = app.ClientAs($"ctp-v-{tag}", [Role.BranchClerk], village.Id);
        (await clerk.PostJson($"/api/v1/checklists/templates/{id}/orgs/{village.Id}/items/{t.Items[2].Id}/claim", new ChecklistClaimInput("宣传栏已更新", [])))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var frozen = await page.PageTextAsync(url);
        frozen.Should().Contain("checklist-template-frozen").And.NotContain("checklist-template-form").And.Contain("checklist-template-copy-submit");
        var refused = await page.PostFormAsync(url, "template", With(Fields("改不了", ("宣传栏", "", false)), "save"), tokenFrom: url);
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).Should().Contain("清单已冻结");
        var copied = await page.PostFormAsync(url, "copy", new Dictionary<string, string> { ["Copy.Year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            tokenFrom: url);
        copied.StatusCode.Should().Be(HttpStatusCode.Redirect, await copied.Content.ReadAsStringAsync());
        var copyUrl = copied.Headers.Location!.OriginalString;
        var copy = await countyApi.GetFromJson<ChecklistTemplateDetail>($"/api/v1{copyUrl[..copyUrl.IndexOf('?', StringComparison.Ordinal)]}");
        copy!.Version.Should().Be(2);
        copy.Current.Should().BeTrue();
        copy.CanEdit.Should().BeTrue();
        copy.Items.Select(i => i.Name).Should().Equal("室内挂党旗", "屋顶树党徽", "宣传栏");

        // The township reads the county's standard, changes nothing of it; a branch clerk does not manage templates.
        var townshipPage = await app.NewPageClientAsync("ctp-tp", Role.TownshipAdmin, township.Id);
        var read = await townshipPage.PageTextAsync(url);
        read.Should().Contain("县级达标清单").And.NotContain("checklist-template-form").And.NotContain("checklist-template-copy");
        var clerkPage = await app.NewPageClientAsync("ctp-vp", Role.BranchClerk, village.Id);
        var forbidden = await clerkPage.GetAsync(new Uri("/checklists/templates", UriKind.Relative));
        ((int)forbidden.StatusCode is 403 || forbidden.Headers.Location?.OriginalString.Contains("/forbidden", StringComparison.Ordinal) == true)
            .Should().BeTrue($"a branch clerk may not manage templates ({forbidden.StatusCode})");
        (await clerkPage.PageTextAsync("/checklists")).Should().NotContain("checklist-manage");
    }
}
