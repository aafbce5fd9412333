using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>The static server-rendered pages: the record form posts, the ledger and the heat map show the meeting.</summary>
public partial class MeetingPagesTests
{
    /// <summary>The admin's token on a client that shows redirects (HttpClient drops the token when it follows one).</summary>
    internal static HttpClient NonRedirecting(ZerenFactory factory)
    {
        var admin = factory.AdminClient();
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        return client;
    }

    internal static async Task<HttpResponseMessage> PostForm(HttpClient client, string url, Func<string, List<KeyValuePair<string, string>>> fields)
    {
        var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        var form = fields(html);
        form.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value)));
        form.Add(new("_handler", "meeting"));
        return await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    internal static List<KeyValuePair<string, string>> Fields(string html, DateOnly day, Guid chair)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("Model.Date", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            new("Model.StartTime", "09:00"),
            new("Model.EndTime", "11:00"),
            new("Model.Topic", "表单登记的学习会"),
            new("Model.Place", "党员活动室"),
            new("Model.ChairPersonId", chair.ToString()),
        };
        foreach (Match m in TypeField().Matches(html))
        {
            list.Add(new($"Model.Types[{m.Groups[1].Value}].Type", m.Groups[2].Value));
            if (m.Groups[2].Value is "Study" or "ThemeDay")
            {
                list.Add(new($"Model.Types[{m.Groups[1].Value}].Selected", "true"));
            }
        }
        foreach (Match m in AttendeeField().Matches(html))
        {
            list.Add(new($"Model.Attendees[{m.Groups[1].Value}].PersonId", m.Groups[2].Value));
            list.Add(new($"Model.Attendees[{m.Groups[1].Value}].Status", "Present"));
            list.Add(new($"Model.Attendees[{m.Groups[1].Value}].Expected", "true"));
        }
        return list;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RecordForm_SavesTheMeeting_AndTheLedgerAndHeatmapShowIt(string provider)
    {
        var client = NonRedirecting(ZerenFactory.For(provider));
        var b = await MeetingsApiTests.CreateBranch(client);
        var day = DateOnly.FromDateTime(MeetingsApiTests.Yesterday().DateTime);

        var response = await PostForm(client, $"/meetings/new?org={b.Village.Id}", html => Fields(html, day, b.Secretary.Id));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.Should().StartWith("/meetings/", "a redirect is a path");
        var list = await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}");
        var saved = list.Items.Should().ContainSingle().Subject;
        saved.Types.Should().Equal(MeetingType.Study, MeetingType.ThemeDay);
        saved.ExpectedCount.Should().Be(4);

        var ledger = await client.GetStringAsync(new Uri($"/meetings?org={b.Village.Id}", UriKind.Relative));
        ledger.Should().Contain("表单登记的学习会");
        var page = await client.GetStringAsync(new Uri($"/meetings/{saved.Id}", UriKind.Relative));
        page.Should().Contain("党员活动室").And.Contain("李书记");
        var heatmap = await client.GetStringAsync(new Uri($"/compliance?org={b.County.Id}&year={day.Year}", UriKind.Relative));
        heatmap.Should().Contain(b.Township.Name).And.Contain("zr-heatmap");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RecordForm_WithAMemberInTheChair_ShowsTheRuleAndSavesNothing(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var day = DateOnly.FromDateTime(MeetingsApiTests.Yesterday().DateTime);

        var response = await PostForm(client, $"/meetings/new?org={b.Village.Id}", html => Fields(html, day, b.Members[2].Id));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.Should().Contain("党支部会议应由支部书记主持，书记不在时由第一书记主持");
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}")).Total.Should().Be(0);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"Model\\.Types\\[(\\d+)\\]\\.Type\" value=\"(\\w+)\"")]
    private static partial Regex TypeField();

    [GeneratedRegex("name=\"Model\\.Attendees\\[(\\d+)\\]\\.PersonId\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex AttendeeField();
}
