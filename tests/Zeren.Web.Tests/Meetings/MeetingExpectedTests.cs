using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// Who is expected (应到): a 支委会 lists the branch committee by their posts on the meeting's day, every meeting's list is
/// the recorder's to change in the form and the API, and 应到/实到 and compliance follow the list as saved.
/// </summary>
public partial class MeetingExpectedTests
{
    /// <summary>The branch of <see cref="MeetingsApiTests.CreateBranch"/> with a committee: 李书记, 王党员 副书记 and 赵党员 组织委员.</summary>
    private static async Task<MeetingsApiTests.Branch> BranchWithCommittee(HttpClient client)
    {
        var b = await MeetingsApiTests.CreateBranch(client);
        var since = new DateOnly(2024, 1, 1);
        (await client.PostJson("/api/v1/positions", new { orgId = b.Village.Id, personId = b.Members[1].Id, title = PositionTitle.DeputySecretary, startOn = since }))
            .EnsureSuccessStatusCode();
        (await client.PostJson("/api/v1/positions", new { orgId = b.Village.Id, personId = b.Members[2].Id, title = PositionTitle.OrganizationCommissioner, startOn = since }))
            .EnsureSuccessStatusCode();
        return b;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Officers_ForACommitteeMeeting_ExpectTheCommitteeByTheirPostsThatDay(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await BranchWithCommittee(client);
        var day = DateOnly.FromDateTime(MeetingsApiTests.Yesterday().DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var committee = await client.GetFromJson<BranchOfficers>($"/api/v1/meetings/officers?orgId={b.Village.Id}&on={day}&types=Committee");
        committee.Committee.Select(c => c.PersonName).Should().Equal("李书记", "王党员", "赵党员");
        committee.Expected.Should().BeEquivalentTo([b.Members[0].Id, b.Members[1].Id, b.Members[2].Id]);

        var study = await client.GetFromJson<BranchOfficers>($"/api/v1/meetings/officers?orgId={b.Village.Id}&on={day}&types=Committee&types=Study");
        study.Expected.Should().HaveCount(4, "a 支委会 that is also a 学习会 expects every member");
        (await client.GetFromJson<BranchOfficers>($"/api/v1/meetings/officers?orgId={b.Village.Id}&on={day}")).Expected.Should().HaveCount(4);

        // Before the committee took office, a 支委会 has no committee on record and expects everyone.
        var before = await client.GetFromJson<BranchOfficers>($"/api/v1/meetings/officers?orgId={b.Village.Id}&on=2023-06-01&types=Committee");
        before.Committee.Should().BeEmpty();
        before.Expected.Should().HaveCount(4);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Api_SavesTheEditedList_AndComplianceCountsIt(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await BranchWithCommittee(client);
        var start = MeetingsApiTests.Yesterday();
        // A 支委会 of three with one on leave, then the same list with the fourth member added and present.
        var input = MeetingsApiTests.Input(b, start, [MeetingType.Committee]) with
        {
            Attendees =
            [
                new AttendeeInput(b.Members[0].Id, AttendanceStatus.Present),
                new AttendeeInput(b.Members[1].Id, AttendanceStatus.Present),
                new AttendeeInput(b.Members[2].Id, AttendanceStatus.OnLeave, "外出"),
            ],
        };
        var created = await (await client.PostJson("/api/v1/meetings", input)).ReadAs<MeetingDetail>();
        created.Meeting.ExpectedCount.Should().Be(3);
        created.Meeting.PresentCount.Should().Be(2);

        var month = Period.Containing(DateOnly.FromDateTime(start.DateTime), PeriodKind.Month).ToString();
        var report = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={b.Village.Id}&period={month}");
        report.Branches.Items.Single().ExpectedAttendance.Should().Be(3);
        report.Branches.Items.Single().PresentAttendance.Should().Be(2);

        var widened = input with { Attendees = [.. input.Attendees, new AttendeeInput(b.Members[3].Id, AttendanceStatus.Present)] };
        var updated = await (await client.PutJson($"/api/v1/meetings/{created.Meeting.Id}", widened)).ReadAs<MeetingDetail>();
        updated.Meeting.ExpectedCount.Should().Be(4);
        updated.Meeting.PresentCount.Should().Be(3);
        report = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={b.Village.Id}&period={month}");
        report.Branches.Items.Single().ExpectedAttendance.Should().Be(4);
        report.Branches.Items.Single().PresentAttendance.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Form_ForACommitteeMeeting_TicksTheCommittee_AndSavesOnlyTheTicked(string provider)
    {
        var client = MeetingPagesTests.NonRedirecting(ZerenFactory.For(provider));
        var b = await BranchWithCommittee(client);
        var day = DateOnly.FromDateTime(MeetingsApiTests.Yesterday().DateTime);

        // ?type=Committee: the type is ticked and so are the committee's three, not the fourth member.
        var html = await client.GetStringAsync(new Uri($"/meetings/new?org={b.Village.Id}&type=Committee", UriKind.Relative));
        Ticked(html, "Types").Should().Equal("Committee");
        ExpectedTicks(html).Should().BeEquivalentTo([b.Members[0].Id, b.Members[1].Id, b.Members[2].Id]);
        html.Should().Contain("副书记").And.Contain("组织委员");

        // The 全体党员 button (a form post that saves nothing) ticks everyone; 仅支部委员 goes back.
        var all = await MeetingPagesTests.PostForm(client, $"/meetings/new?org={b.Village.Id}&type=Committee",
            page => [.. Fields(page, day, b, tickedOnly: false), new("Model.Preset", "all")]);
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        ExpectedTicks(await all.Content.ReadAsStringAsync()).Should().HaveCount(4);
        var back = await MeetingPagesTests.PostForm(client, $"/meetings/new?org={b.Village.Id}&type=Committee",
            page => [.. Fields(page, day, b, tickedOnly: false), new("Model.Preset", "committee")]);
        ExpectedTicks(await back.Content.ReadAsStringAsync()).Should().HaveCount(3);
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}")).Total.Should().Be(0, "a preset button saves nothing");

        // Saved as ticked: the committee and, added by hand, the fourth member.
        var saved = await MeetingPagesTests.PostForm(client, $"/meetings/new?org={b.Village.Id}&type=Committee",
            page => Fields(page, day, b, tickedOnly: true, also: b.Members[3].Id));
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var row = (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}")).Items.Should().ContainSingle().Subject;
        row.Types.Should().Equal(MeetingType.Committee);
        row.ExpectedCount.Should().Be(4);

        // Editing it lists the four ticked; unticking one removes them from the record.
        var edit = await client.GetStringAsync(new Uri($"/meetings/{row.Id}/edit", UriKind.Relative));
        ExpectedTicks(edit).Should().HaveCount(4);
        var fewer = await MeetingPagesTests.PostForm(client, $"/meetings/{row.Id}/edit",
            page => Fields(page, day, b, tickedOnly: true).Where(f => f.Value != "true" || !IsRowOf(page, f.Key, b.Members[3].Id)).ToList());
        fewer.StatusCode.Should().Be(HttpStatusCode.Redirect, await fewer.Content.ReadAsStringAsync());
        (await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{row.Id}")).Meeting.ExpectedCount.Should().Be(3);
    }

    /// <summary>The form's fields as a browser posts them: the ticks as the page has them (or none), plus <paramref name="also"/> ticked.</summary>
    private static List<KeyValuePair<string, string>> Fields(string html, DateOnly day, MeetingsApiTests.Branch b, bool tickedOnly, Guid? also = null)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("Model.Date", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            new("Model.StartTime", "09:00"),
            new("Model.EndTime", "10:00"),
            new("Model.Topic", "研究本月党建工作"),
            new("Model.Place", "支部办公室"),
            new("Model.ChairPersonId", b.Secretary.Id.ToString()),
        };
        foreach (Match m in TypeField().Matches(html))
        {
            list.Add(new($"Model.Types[{m.Groups[1].Value}].Type", m.Groups[2].Value));
            if (m.Groups[2].Value == "Committee")
            {
                list.Add(new($"Model.Types[{m.Groups[1].Value}].Selected", "true"));
            }
        }
        var ticked = ExpectedTicks(html);
        foreach (Match m in AttendeeField().Matches(html))
        {
            var i = m.Groups[1].Value;
            var person = Guid.Parse(m.Groups[2].Value);
            list.Add(new($"Model.Attendees[{i}].PersonId", person.ToString()));
            list.Add(new($"Model.Attendees[{i}].Status", "Present"));
            if (tickedOnly && (ticked.Contains(person) || person == also))
            {
                list.Add(new($"Model.Attendees[{i}].Expected", "true"));
            }
        }
        return list;
    }

    private static bool IsRowOf(string html, string field, Guid person)
    {
        var m = Regex.Match(field, @"^Model\.Attendees\[(\d+)\]\.Expected$");
        return m.Success && AttendeeField().Matches(html).Any(a => a.Groups[1].Value == m.Groups[1].Value && Guid.Parse(a.Groups[2].Value) == person);
    }

    /// <summary>The ids of the attendee rows whose 应到 box is ticked.</summary>
    private static List<Guid> ExpectedTicks(string html)
    {
        var ids = AttendeeField().Matches(html).ToDictionary(m => m.Groups[1].Value, m => Guid.Parse(m.Groups[2].Value));
        return CheckedBoxes(html).Where(b => b.List == "Attendees" && b.Property == "Expected").Select(b => ids[b.Index]).ToList();
    }

    /// <summary>The values of the ticked type boxes.</summary>
    private static List<string> Ticked(string html, string list)
    {
        var types = TypeField().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return CheckedBoxes(html).Where(b => b.List == list).Select(b => types[b.Index]).ToList();
    }

    /// <summary>Every ticked checkbox of a list row: its list, index and property.</summary>
    private static IEnumerable<(string List, string Index, string Property)> CheckedBoxes(string html) =>
        InputTag().Matches(html).Select(m => m.Value)
            .Where(tag => tag.Contains("type=\"checkbox\"", StringComparison.Ordinal) && CheckedAttribute().IsMatch(tag))
            .Select(tag => RowName().Match(tag))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("\\schecked(\\s|=|/|>)")]
    private static partial Regex CheckedAttribute();

    [GeneratedRegex("name=\"Model\\.(\\w+)\\[(\\d+)\\]\\.(\\w+)\"")]
    private static partial Regex RowName();

    [GeneratedRegex("name=\"Model\\.Types\\[(\\d+)\\]\\.Type\" value=\"(\\w+)\"")]
    private static partial Regex TypeField();

    [GeneratedRegex("name=\"Model\\.Attendees\\[(\\d+)\\]\\.PersonId\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex AttendeeField();
}
