using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>A meeting with several faults is refused with all of them at once: in the API's errors, and on the form beside each field.</summary>
public partial class MeetingErrorsTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Api_NamesEveryFault_AndSavesNothing(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var good = MeetingsApiTests.Input(b, MeetingsApiTests.Yesterday(), [MeetingType.Lecture]);
        var bad = good with
        {
            EndsAt = good.StartsAt.AddMinutes(-5),
            Topic = "",
            ChairPersonId = b.VillageCadre.Id,
            Attendees = [.. good.Attendees, new AttendeeInput(b.VillageCadre.Id, AttendanceStatus.Present)],
        };

        var response = await client.PostJson("/api/v1/meetings", bad);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Errors!.Select(e => e.Code).Should().Equal(
            "meeting_end_before_start", "meeting_topic_required", "meeting_chair_village_link", "meeting_lecturer_required", "meeting_attendee_not_member");
        problem.Errors!.Select(e => e.Field).Should().Equal("endsAt", "topic", "chairPersonId", "lecturerPersonId", "attendees");
        problem.Code.Should().Be("meeting_end_before_start", "the first fault heads the answer");
        problem.Detail.Should().Be(problem.Errors![0].Message);
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Form_ShowsEveryFaultBesideItsField_AndSavesNothing(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var day = DateOnly.FromDateTime(MeetingsApiTests.Yesterday().DateTime);

        // No day, the end before the start, no topic or place, a member in the chair, a 党课 without lecturer.
        var response = await MeetingPagesTests.PostForm(client, $"/meetings/new?org={b.Village.Id}", html =>
        {
            var fields = MeetingPagesTests.Fields(html, day, b.Members[2].Id)
                .Where(f => f.Key is not ("Model.Date" or "Model.Topic" or "Model.Place" or "Model.EndTime")).ToList();
            fields.Add(new("Model.EndTime", "08:00"));
            var lecture = Regex.Match(html, "name=\"Model\\.Types\\[(\\d+)\\]\\.Type\" value=\"Lecture\"").Groups[1].Value;
            fields.Add(new($"Model.Types[{lecture}].Selected", "true"));
            return fields;
        });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var beside = FieldMessages(page);
        beside.Should().ContainKey("m-date").WhoseValue.Should().Contain("请填写会议日期");
        beside.Should().ContainKey("m-end").WhoseValue.Should().Contain("结束时间应晚于开始时间");
        beside.Should().ContainKey("m-topic").WhoseValue.Should().Contain("会议主题不能为空");
        beside.Should().ContainKey("m-place").WhoseValue.Should().Contain("会议地点不能为空");
        beside.Should().ContainKey("m-chair").WhoseValue.Should().Contain("不能主持");
        beside.Should().ContainKey("m-lecturer").WhoseValue.Should().Contain("党课应登记讲课人");
        // The summary above the form lists them all too.
        var alert = Regex.Match(page, "<div class=\"alert alert-danger\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        foreach (var message in beside.Values)
        {
            alert.Should().Contain(message);
        }
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}")).Total.Should().Be(0);
    }

    /// <summary>The validation message that follows each input (by the input's id), up to the next input.</summary>
    private static Dictionary<string, string> FieldMessages(string html)
    {
        var result = new Dictionary<string, string>();
        foreach (Match m in InputWithMessage().Matches(html))
        {
            result[m.Groups[1].Value] = string.Join(" ", Message().Matches(m.Groups[2].Value).Select(x => x.Groups[1].Value));
        }
        return result.Where(kv => kv.Value.Length > 0).ToDictionary();
    }

    [GeneratedRegex("id=\"(m-[a-z]+)\"(.*?)(?=id=\"m-[a-z]+\"|</form>)", RegexOptions.Singleline)]
    private static partial Regex InputWithMessage();

    [GeneratedRegex("<div class=\"validation-message\">([^<]*)</div>")]
    private static partial Regex Message();
}
