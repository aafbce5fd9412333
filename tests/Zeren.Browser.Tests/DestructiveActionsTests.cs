using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Zeren.Core.People;
using Zeren.Core.Platform;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

/// <summary>
/// 结束 a link and 移出 a reserve candidate on a phone, as a township administrator does it in the field: the list's
/// button opens a second step that names what ends and asks why; nothing happens without a reason; the ended link stays
/// in the list, muted, after the current ones.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DestructiveActionsTests(ZerenApp app)
{
    [Fact]
    public async Task EndingALink_OnAPhone_AsksWhy_AndShowsItEnded()
    {
        var (cadre, link) = await app.WithServicesAsync(async sp =>
        {
            var people = sp.GetRequiredService<PeopleService>();
            var person = await people.CreateAsync(new PersonInput(app.Seed.Dongshan.Id, "手机结束联系", Gender.Female, PartyStatus.Full, "汉族",
                new DateOnly(1988, 2, 2), Education.Bachelor, null, null, new DateOnly(2012, 7, 1)));
            var staying = await people.CreateAsync(new PersonInput(app.Seed.Dongshan.Id, "手机仍在联", Gender.Male, PartyStatus.Full, "汉族",
                new DateOnly(1986, 3, 3), Education.Bachelor, null, null, new DateOnly(2010, 7, 1)));
            await people.LinkAsync(LinkKind.TeamVillageCadre, staying.Id, app.Seed.Taoyuan.Id, new DateOnly(2025, 3, 1));
            return (person, await people.LinkAsync(LinkKind.TeamVillageCadre, person.Id, app.Seed.Taoyuan.Id, new DateOnly(2025, 3, 1)));
        });
        var page = await app.NewPageAsync(390, 844, user: ZerenApp.DongshanAdmin);
        await page.GotoAsync("/links?kind=TeamVillageCadre");

        var row = page.Locator("#links-table tbody tr", new() { HasText = cadre.Name });
        await row.GetByRole(AriaRole.Link, new() { Name = "结束", Exact = true }).ClickAsync();
        var step = page.Locator("#end-link");
        await Expect(step).ToBeInViewportAsync();
        await Expect(page.Locator("#end-link-what")).ToContainTextAsync($"结束“{cadre.Name}”对“桃园村党支部”的组团联村干部？");
        await ZerenApp.ScreenshotAsync(page, "end-link-phone");

        await page.Locator("#end-link-confirm").ClickAsync();
        await Expect(step.Locator(".alert-danger")).ToContainTextAsync("请填写原因");
        (await EndOfAsync(cadre.Id, link.Id)).EndOn.Should().BeNull("nothing ends without a reason");

        var yesterday = ChinaTime.Today(TimeProvider.System).AddDays(-1);
        await page.Locator("#end-link-on").FillAsync(yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#end-link-reason").FillAsync("驻村期满");
        await page.Locator("#end-link-confirm").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("ok=1", StringComparison.Ordinal));

        var ended = page.Locator("#links-table tbody tr", new() { HasText = cadre.Name });
        await Expect(ended).ToHaveAttributeAsync("data-ended", "true");
        await Expect(ended).ToContainTextAsync("已结束");
        await Expect(ended).ToContainTextAsync("原因：驻村期满");
        await Expect(ended.GetByRole(AriaRole.Link, new() { Name = "结束", Exact = true })).ToHaveCountAsync(0);
        // Muted, and after every link still in force.
        var color = await ended.Locator("td").Last.EvaluateAsync<string>("e => getComputedStyle(e).color");
        var current = await page.Locator("#links-table tbody tr:not([data-ended])").Last.Locator("td").Last.EvaluateAsync<string>("e => getComputedStyle(e).color");
        color.Should().NotBe(current);
        var order = await page.Locator("#links-table tbody tr").EvaluateAllAsync<bool[]>("rows => rows.map(r => r.hasAttribute('data-ended'))");
        order.SkipWhile(e => !e).Should().OnlyContain(e => e, "ended links come after the current ones");
        await ZerenApp.ScreenshotAsync(page, "links-ended-phone");
        (await EndOfAsync(cadre.Id, link.Id)).Should().Match<LinkView>(l => l.EndOn == yesterday && l.EndReason == "驻村期满");
    }

    [Fact]
    public async Task RemovingAReserve_OnAPhone_TakesAReason()
    {
        var (person, reserve) = await app.WithServicesAsync(async sp =>
        {
            var people = sp.GetRequiredService<PeopleService>();
            var p = await people.CreateAsync(new PersonInput(app.Seed.Taoyuan.Id, "手机移出后备", Gender.Male, PartyStatus.Full, "汉族",
                new DateOnly(1995, 6, 6), Education.College, null, null, new DateOnly(2018, 7, 1)));
            return (p, await people.AddReserveAsync(p.Id, app.Seed.Taoyuan.Id, PositionTitle.VillageCommitteeDirector, new DateOnly(2025, 5, 1), null));
        });
        var page = await app.NewPageAsync(390, 844, user: ZerenApp.DongshanAdmin);
        await page.GotoAsync($"/reserves?under={app.Seed.Taoyuan.Id}");

        await page.Locator("#reserves-table tbody tr", new() { HasText = person.Name }).GetByRole(AriaRole.Link, new() { Name = "移出", Exact = true }).ClickAsync();
        await Expect(page.Locator("#remove-reserve-what")).ToContainTextAsync($"将“{person.Name}”移出“桃园村党支部”的后备干部库？");
        await page.Locator("#remove-reserve-confirm").ClickAsync();
        await Expect(page.Locator("#remove-reserve .alert-danger")).ToContainTextAsync("请填写原因");
        await page.Locator("#remove-reserve-reason").FillAsync("外出务工");
        await page.Locator("#remove-reserve-confirm").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("ok=2", StringComparison.Ordinal));

        await Expect(page.Locator("#reserves-table")).Not.ToContainTextAsync(person.Name);
        var left = await app.WithServicesAsync(async sp =>
            (await sp.GetRequiredService<PeopleService>().ReservesAsync(app.Seed.Taoyuan.Id, false, new PageRequest(1, 100))).Items.Any(r => r.Id == reserve.Id));
        left.Should().BeFalse();
    }

    private Task<LinkView> EndOfAsync(Guid personId, Guid linkId) =>
        app.WithServicesAsync(async sp => (await sp.GetRequiredService<PeopleService>().DetailAsync(personId)).Links.Single(l => l.Id == linkId));
}
