using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// A list already issued to the townships gets one more item from the form on its page (追加事项): a blank content is
/// named first, then the item reaches every township as a new column of the matrix and an obligation of each.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ListItemsTests(ZerenApp app)
{
    [Fact]
    public async Task TheCountyAddsAnItemToAnIssuedList_FromItsPage()
    {
        var title = "浏览器追加事项清单" + Guid.NewGuid().ToString("N")[..6];
        var (listId, today) = await app.WithServicesAsync(async sp =>
        {
            var today = ChinaTime.Today(sp.GetRequiredService<TimeProvider>());
            var lists = sp.GetRequiredService<ResponsibilityListService>();
            var list = await lists.CreateAsync(new ListInput(app.Seed.County.Id, ListKind.Common, title, null,
                [new ItemInput("落实党建述职", "有记录", today.AddDays(30), ResponsibilityRole.First, null)]));
            await lists.IssueAsync(list.List.Id, new IssueInput([new AudienceRule(OrgKind.Committee, 1, null)]));
            return (list.List.Id, today);
        });

        var county = await app.NewPageAsync();
        await county.GotoAsync($"/lists/{listId}");
        await county.ClickAsync("#add-item-submit");
        await Expect(county.Locator(".zr-add-item-form")).ToContainTextAsync("请填写事项内容");

        await county.FillAsync("#add-content", "开展党员冬训");
        await county.FillAsync("#add-standard", "冬训覆盖全体党员");
        await county.FillAsync("#add-due", today.AddDays(40).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await county.SelectOptionAsync("#add-role", "First");
        await county.ClickAsync("#add-item-submit");
        await county.WaitForURLAsync(u => u.Contains("done=added", StringComparison.Ordinal));
        await Expect(county.Locator("#item-2")).ToContainTextAsync("开展党员冬训");
        await Expect(county.Locator(".zr-matrix thead th")).ToHaveCountAsync(4);

        var owed = await app.WithServicesAsync(async sp =>
        {
            var detail = await sp.GetRequiredService<ResponsibilityListService>().GetAsync(listId);
            var item = detail.Items.Single(i => i.Number == 2);
            return (await sp.GetRequiredService<ObligationService>().ListAsync(new ObligationFilter(SourceId: item.Id), new PageRequest(1, 100))).Items;
        });
        owed.Should().NotBeEmpty().And.OnlyContain(o => o.State == ObligationState.Open);
        owed.Select(o => o.OrgId).Should().Contain(app.Seed.Dongshan.Id);
    }
}
