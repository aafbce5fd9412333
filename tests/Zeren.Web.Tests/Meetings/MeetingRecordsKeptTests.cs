using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>The ledger keeps the people and organizations it names (ADR 0013): their deletion is refused and changes nothing.</summary>
public sealed class MeetingRecordsKeptTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PeopleAndOrganizationsInTheLedger_CannotBeDeleted_OthersCan(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await MeetingsApiTests.CreateBranch(client);
        var input = MeetingsApiTests.Input(b, MeetingsApiTests.Yesterday());
        var created = await client.PostJson("/api/v1/meetings", input);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var meeting = await created.ReadAs<MeetingDetail>();

        // An attendee who is neither chair nor recorder: only the attendance names them.
        var attendee = b.Members.Last();
        attendee.Id.Should().NotBe(input.ChairPersonId).And.NotBe(input.RecorderPersonId!.Value);
        foreach (var (personId, why) in new[] { (attendee.Id, "expected attendee"), (input.ChairPersonId, "chair"), (input.RecorderPersonId!.Value, "recorder") })
        {
            var refused = await client.DeleteAsync(new Uri($"/api/v1/people/{personId}?reason=测试删除", UriKind.Relative));
            refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, why);
            var problem = await refused.ReadAs<Problem>();
            problem.Code.Should().Be("person_in_meetings");
            problem.Detail.Should().Contain("会议台账");
            (await client.GetAsync(new Uri($"/api/v1/people/{personId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, why);
        }
        var kept = await client.GetFromJsonAsync<MeetingDetail>($"/api/v1/meetings/{meeting.Meeting.Id}", ZerenFactory.Json);
        kept!.Attendees.Select(a => a.PersonId).Should().BeEquivalentTo(meeting.Attendees.Select(a => a.PersonId));

        // The village has no people left to block it once they are moved; its meetings still do.
        foreach (var person in b.Members)
        {
            var move = await client.PutJson($"/api/v1/people/{person.Id}",
                TestData.Member(b.Township.Id, person.Name) with { IdNumber = null });
            move.IsSuccessStatusCode.Should().BeTrue(await move.Content.ReadAsStringAsync());
        }
        var orgRefused = await client.DeleteAsync(new Uri($"/api/v1/orgs/{b.Village.Id}?reason=测试删除", UriKind.Relative));
        orgRefused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await orgRefused.ReadAs<Problem>()).Code.Should().Be("org_has_meetings");
        (await client.GetAsync(new Uri($"/api/v1/orgs/{b.Village.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        // Someone the ledger does not name is deleted as before.
        var stranger = await client.CreatePerson(TestData.Member(b.Township.Id, "吴路人"));
        (await client.DeleteAsync(new Uri($"/api/v1/people/{stranger.Id}?reason=测试删除", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // Once the meeting (recorded by mistake, within 7 days) is deleted, nothing keeps the attendee.
        (await client.DeleteAsync(new Uri($"/api/v1/meetings/{meeting.Meeting.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.DeleteAsync(new Uri($"/api/v1/people/{attendee.Id}?reason=测试删除", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.DeleteAsync(new Uri($"/api/v1/orgs/{b.Village.Id}?reason=测试删除", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }
}
