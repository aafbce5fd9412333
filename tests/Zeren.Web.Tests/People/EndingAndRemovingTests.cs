using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Audit;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Audit;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.People;

/// <summary>
/// What ends or removes a record asks first and takes a reason (结束联系, 离任, 移出后备干部库, 删除人员, 删除组织): a two-step
/// page without script, a 422 from the API without a reason, the reason kept; an ended link or post stays, muted, after
/// the current ones.
/// </summary>
public partial class EndingAndRemovingTests
{
    private static async Task<LinkView> LinkAsync(HttpClient client, LinkKind kind, Guid personId, Guid orgId, DateOnly? startOn = null)
    {
        var response = await client.PostJson("/api/v1/links", new { kind, personId, orgId, startOn = startOn ?? new DateOnly(2024, 3, 1) });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<LinkView>();
    }

    private static async Task<LinkView> LinkOf(HttpClient client, Guid personId, Guid linkId) =>
        (await client.GetFromJson<PersonDetail>($"/api/v1/people/{personId}")).Links.Single(l => l.Id == linkId);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EndingALink_OnThePage_AsksForTheDayAndAReason_ThenShowsItEnded(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, township, village) = await client.CreateCounty();
        var leaving = await client.CreatePerson(TestData.Member(township.Id, "将结束"));
        var staying = await client.CreatePerson(TestData.Member(township.Id, "仍在联"));
        var link = await LinkAsync(client, LinkKind.VillageCadre, leaving.Id, village.Id);
        await LinkAsync(client, LinkKind.VillageCadre, staying.Id, village.Id);
        var list = $"/links?kind=VillageCadre&under={county.Id}";

        // The list's 结束 is a link to the second step, not a button that ends at once.
        var page = await client.GetStringAsync(new Uri(list, UriKind.Relative));
        WebUtility.HtmlDecode(page).Should().Contain($"href=\"{list}&end={link.Id}#end-link\"");
        page.Should().NotContain("id=\"end-link\"");
        var confirm = await client.GetStringAsync(new Uri($"{list}&end={link.Id}", UriKind.Relative));
        EndLinkSection().Match(confirm).Value.Should().Contain("结束“将结束”对“测试村党支部”的包村干部？").And.Contain("end-link-reason");

        var fields = new Dictionary<string, string> { ["EndLink.LinkId"] = link.Id.ToString(), ["EndLink.EndOn"] = "2026-01-15", ["EndLink.Reason"] = " " };
        var refused = await client.PostFormAsync($"{list}&end={link.Id}", "end-link", fields);
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("请填写原因");
        (await LinkOf(client, leaving.Id, link.Id)).EndOn.Should().BeNull("nothing ends without a reason");

        fields["EndLink.Reason"] = "工作调整";
        var ended = await client.PostFormAsync($"{list}&end={link.Id}", "end-link", fields);
        ended.StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.OK);
        var kept = await LinkOf(client, leaving.Id, link.Id);
        (kept.EndOn, kept.EndReason).Should().Be((new DateOnly(2026, 1, 15), "工作调整"));

        var after = await client.GetStringAsync(new Uri(list, UriKind.Relative));
        var rows = LinksTable().Match(after).Value.Split("<tr").Skip(2).ToList();
        rows.Should().HaveCount(2);
        rows[0].Should().Contain("仍在联").And.NotContain("zr-ended");
        rows[1].Should().Contain("将结束").And.Contain("class=\"zr-ended\"").And.Contain("data-ended=\"true\"")
            .And.Contain("已结束").And.Contain("2026-01-15").And.Contain("原因：工作调整").And.NotContain("#end-link");
        var current = await client.GetStringAsync(new Uri(list + "&current=1", UriKind.Relative));
        LinksTable().Match(current).Value.Should().Contain("仍在联").And.NotContain("将结束");

        var history = await ZerenFactory.For(provider).AuditorClient().History(nameof(Link), link.Id);
        history.Last().Reason.Should().Be("工作调整");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EndingALink_ThroughTheApi_TakesAReason_AndHappensOnce(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, township, village) = await client.CreateCounty();
        var cadre = await client.CreatePerson(TestData.Member(township.Id, "接口结束"));
        var link = await LinkAsync(client, LinkKind.VillageCadre, cadre.Id, village.Id);

        var without = await client.PostJson($"/api/v1/links/{link.Id}/end", new { endOn = new DateOnly(2026, 1, 1) });
        without.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await without.ReadAs<Problem>()).Code.Should().Be("reason_required");
        (await LinkOf(client, cadre.Id, link.Id)).EndOn.Should().BeNull();

        (await client.PostJson($"/api/v1/links/{link.Id}/end", new { endOn = new DateOnly(2026, 1, 1), reason = "退休" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var again = await client.PostJson($"/api/v1/links/{link.Id}/end", new { endOn = new DateOnly(2026, 2, 1), reason = "再次" });
        (await again.ReadAs<Problem>()).Code.Should().Be("link_already_ended");
        (await LinkOf(client, cadre.Id, link.Id)).Should().Match<LinkView>(l => l.EndOn == new DateOnly(2026, 1, 1) && l.EndReason == "退休");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EndingAPost_OnThePersonPage_TakesAReason_AndListsItAfterTheCurrentOnes(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, township, village) = await client.CreateCounty();
        var person = await client.CreatePerson(TestData.Member(village.Id, "离任者"));
        async Task<PositionView> Appoint(Guid orgId, PositionTitle title)
        {
            var response = await client.PostJson("/api/v1/positions", new { orgId, personId = person.Id, title, startOn = new DateOnly(2021, 1, 1) });
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return await response.ReadAs<PositionView>();
        }
        var secretary = await Appoint(village.Id, PositionTitle.Secretary);
        await Appoint(township.Id, PositionTitle.TownshipCadre);
        var url = $"/people/{person.Id}";

        var confirm = await client.GetStringAsync(new Uri($"{url}?end={secretary.Id}", UriKind.Relative));
        confirm.Should().Contain("id=\"end-position\"").And.Contain("“离任者”离任“测试村党支部”书记？");
        var fields = new Dictionary<string, string> { ["End.PositionId"] = secretary.Id.ToString(), ["End.EndOn"] = "2025-12-31" };
        (await (await client.PostFormAsync($"{url}?end={secretary.Id}", "end-position", fields)).Content.ReadAsStringAsync()).Should().Contain("请填写原因");
        (await client.GetFromJson<PersonDetail>($"/api/v1/people/{person.Id}")).Positions.Should().OnlyContain(p => p.EndOn == null);

        fields["End.Reason"] = "换届";
        (await client.PostFormAsync($"{url}?end={secretary.Id}", "end-position", fields)).StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.OK);

        var positions = (await client.GetFromJson<PersonDetail>($"/api/v1/people/{person.Id}")).Positions;
        positions.Select(p => p.Title).Should().Equal(PositionTitle.TownshipCadre, PositionTitle.Secretary);
        positions[1].Should().Match<PositionView>(p => p.EndOn == new DateOnly(2025, 12, 31) && p.EndReason == "换届");
        var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        var rows = PositionsTable().Match(html).Value.Split("<tr").Skip(2).ToList();
        rows[1].Should().Contain("data-ended=\"true\"").And.Contain("2025-12-31").And.Contain("原因：换届");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RemovingAReserve_AsksWhy_AndTheAuditLogKeepsIt(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var person = await client.CreatePerson(TestData.Member(village.Id, "后备移出"));
        var added = await client.PostJson("/api/v1/reserves", new { personId = person.Id, orgId = village.Id, targetPost = PositionTitle.Secretary, addedOn = new DateOnly(2025, 1, 1) });
        added.StatusCode.Should().Be(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        var reserve = await added.ReadAs<ReserveView>();
        var list = $"/reserves?under={county.Id}";

        var confirm = await client.GetStringAsync(new Uri($"{list}&remove={reserve.Id}", UriKind.Relative));
        confirm.Should().Contain("id=\"remove-reserve\"").And.Contain("将“后备移出”移出“测试村党支部”的后备干部库？");
        var fields = new Dictionary<string, string> { ["Remove.ReserveId"] = reserve.Id.ToString() };
        (await (await client.PostFormAsync(list, "remove-reserve", fields)).Content.ReadAsStringAsync()).Should().Contain("请填写原因");
        (await client.GetFromJson<Paged<ReserveView>>($"/api/v1/reserves?under={county.Id}")).Items.Should().ContainSingle();
        (await client.DeleteAsync(new Uri($"/api/v1/reserves/{reserve.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);

        fields["Remove.Reason"] = "已任村委会主任";
        (await client.PostFormAsync(list, "remove-reserve", fields)).StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.OK);

        (await client.GetFromJson<Paged<ReserveView>>($"/api/v1/reserves?under={county.Id}")).Items.Should().BeEmpty();
        var removal = (await factory.AuditorClient().History(nameof(ReserveCadre), reserve.Id)).Should().ContainSingle(e => e.Action == AuditAction.Delete).Which;
        removal.Reason.Should().Be("已任村委会主任");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DeletingAPersonOrAnOrg_OnTheirPages_TakesAReason(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var client = factory.AdminClient();
        var (_, township, village) = await client.CreateCounty();
        var person = await client.CreatePerson(TestData.Member(village.Id, "页面删除"));
        var empty = await client.CreateOrg(township.Id, "待撤并村党支部", OrgKind.Branch, OrgDomain.Rural);

        var noReason = await client.PostFormAsync($"/people/{person.Id}", "delete-person", new Dictionary<string, string> { ["Delete.Confirm"] = "true" });
        (await noReason.Content.ReadAsStringAsync()).Should().Contain("请填写原因");
        (await client.GetAsync(new Uri($"/api/v1/people/{person.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var orgNoReason = await client.PostFormAsync($"/orgs/{empty.Id}/edit", "delete-org", new Dictionary<string, string> { ["Delete.Confirm"] = "true" });
        (await orgNoReason.Content.ReadAsStringAsync()).Should().Contain("请填写原因");
        (await client.GetAsync(new Uri($"/api/v1/orgs/{empty.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await client.PostFormAsync($"/people/{person.Id}", "delete-person", new Dictionary<string, string> { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "重复登记" }))
            .StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.OK);
        (await client.PostFormAsync($"/orgs/{empty.Id}/edit", "delete-org", new Dictionary<string, string> { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "撤并" }))
            .StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.OK);

        (await client.GetAsync(new Uri($"/api/v1/people/{person.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri($"/api/v1/orgs/{empty.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var auditor = factory.AuditorClient();
        (await auditor.History(nameof(Person), person.Id)).Last().Should().Match<AuditEntryView>(e => e.Action == AuditAction.Delete && e.Reason == "重复登记");
        (await auditor.History(nameof(Organization), empty.Id)).Last().Should().Match<AuditEntryView>(e => e.Action == AuditAction.Delete && e.Reason == "撤并");
    }

    [GeneratedRegex("<table[^>]*id=\"links-table\".*?</table>", RegexOptions.Singleline)]
    private static partial Regex LinksTable();

    [GeneratedRegex("<table[^>]*id=\"positions-table\".*?</table>", RegexOptions.Singleline)]
    private static partial Regex PositionsTable();

    [GeneratedRegex("<section[^>]*id=\"end-link\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex EndLinkSection();
}
