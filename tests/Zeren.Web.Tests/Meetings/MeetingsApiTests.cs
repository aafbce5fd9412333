using System.Net;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

public class MeetingsApiTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>A village branch with a secretary, three more members (one probationary), a 包村干部 and a first secretary.</summary>
    internal sealed record Branch(OrgSummary County, OrgSummary Township, OrgSummary Village, PersonRow Secretary, PersonRow[] Members,
        PersonRow VillageCadre, PersonRow FirstSecretary);

    internal static async Task<Branch> CreateBranch(HttpClient client)
    {
        var (county, township, village) = await client.CreateCounty();
        var secretary = await client.CreatePerson(TestData.Member(village.Id, "李书记"));
        var others = new[]
        {
            await client.CreatePerson(TestData.Member(village.Id, "王党员")),
            await client.CreatePerson(TestData.Member(village.Id, "赵党员")),
            await client.CreatePerson(TestData.Member(village.Id, "钱预备") with { PartyStatus = PartyStatus.Probationary, JoinedPartyOn = new DateOnly(2026, 7, 1) }),
        };
        var cadre = await client.CreatePerson(TestData.Member(township.Id, "孙包村"));
        var first = await client.CreatePerson(TestData.Member(county.Id, "周第一书记"));
        var since = new DateOnly(2024, 1, 1);
        (await client.PostJson("/api/v1/positions", new { orgId = village.Id, personId = secretary.Id, title = PositionTitle.Secretary, startOn = since })).EnsureSuccessStatusCode();
        (await client.PostJson("/api/v1/positions", new { orgId = village.Id, personId = first.Id, title = PositionTitle.FirstSecretary, startOn = since })).EnsureSuccessStatusCode();
        var link = await client.PostJson("/api/v1/links", new { kind = LinkKind.VillageCadre, personId = cadre.Id, orgId = village.Id, startOn = since });
        link.StatusCode.Should().Be(HttpStatusCode.OK, await link.Content.ReadAsStringAsync());
        return new Branch(county, township, village, secretary, [secretary, .. others], cadre, first);
    }

    internal static MeetingInput Input(Branch b, DateTimeOffset start, MeetingType[]? types = null, Guid? chair = null, Guid? lecturer = null) =>
        new(b.Village.Id, start, start.AddHours(2), "村党群服务中心", types ?? [MeetingType.Study], "学习党章",
            chair ?? b.Secretary.Id, b.Members[1].Id, b.Members.Select(m => new AttendeeInput(m.Id, AttendanceStatus.Present)).ToList(), lecturer);

    /// <summary>Yesterday at 09:00 in China: always in the past, whatever the clock.</summary>
    internal static DateTimeOffset Yesterday() =>
        new(DateTime.SpecifyKind(DateTime.UtcNow.Add(China).Date.AddDays(-1).AddHours(9), DateTimeKind.Unspecified), China);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Record_ThenListGetAndSeeItInCompliance(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await CreateBranch(client);
        var start = Yesterday();
        var response = await client.PostJson("/api/v1/meetings", Input(b, start, [MeetingType.Study, MeetingType.ThemeDay, MeetingType.Lecture], lecturer: b.Secretary.Id));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.ReadAs<MeetingDetail>();
        created.Meeting.Types.Should().Equal(MeetingType.Study, MeetingType.ThemeDay, MeetingType.Lecture);
        created.Attendees.Should().HaveCount(4);
        created.LecturerName.Should().Be("李书记");
        created.Meeting.ChairName.Should().Be("李书记");

        var month = Period.Containing(DateOnly.FromDateTime(start.DateTime), PeriodKind.Month).ToString();
        var list = await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?under={b.County.Id}&period={month}&type=ThemeDay");
        list.Items.Should().ContainSingle().Which.Id.Should().Be(created.Meeting.Id);
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}&type=Congress")).Total.Should().Be(0);
        (await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{created.Meeting.Id}")).Meeting.Topic.Should().Be("学习党章");

        var report = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={b.County.Id}&period={month}");
        var row = report.Branches.Items.Should().ContainSingle().Which;
        row.Cells.Single(c => c.Type == MeetingType.Study).Status.Should().Be(ComplianceStatus.Met);
        row.Cells.Single(c => c.Type == MeetingType.Committee).Status.Should().BeOneOf(ComplianceStatus.Pending, ComplianceStatus.Missing);
        row.AttendanceRate.Should().Be(1);
        row.Leaders.Select(l => l.Name).Should().BeEquivalentTo(["李书记", "周第一书记"]);

        var year = start.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var yearly = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={b.Township.Id}&period={year}");
        yearly.Branches.Items.Single().Leaders.Single(l => l.Name == "李书记").Lectures.Should().Be(1);
        var heat = await client.GetFromJson<Heatmap>($"/api/v1/compliance/heatmap?org={b.County.Id}&year={year}");
        heat.Rows.Should().ContainSingle().Which.Branches.Should().Be(1);
    }

    public static TheoryData<string, string, string> BadMeetings()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var (fault, code) in new[]
            {
                ("future", "meeting_in_future"), ("end-before-start", "meeting_end_before_start"), ("unknown-org", "meeting_org_unknown"),
                ("not-branch", "meeting_org_not_branch"), ("outsider", "meeting_attendee_not_member"), ("village-cadre-chair", "meeting_chair_village_link"),
                ("member-chair", "meeting_chair_not_allowed"),
                // An undefined meeting type never reaches the rules: the input contract refuses the number (ADR 0015).
                ("unknown-type", "validation_failed"),
            })
            {
                data.Add(provider, fault, code);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadMeetings))]
    public async Task Record_WithBadInput_IsRefusedInChineseAndSavesNothing(string provider, string fault, string code)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await CreateBranch(client);
        var good = Input(b, Yesterday());
        var bad = fault switch
        {
            "future" => good with { StartsAt = good.StartsAt.AddDays(3), EndsAt = good.EndsAt.AddDays(3) },
            "end-before-start" => good with { EndsAt = good.StartsAt.AddMinutes(-10) },
            "unknown-org" => good with { OrgId = Guid.NewGuid() },
            "not-branch" => good with { OrgId = b.Township.Id },
            "outsider" => good with { Attendees = [.. good.Attendees, new AttendeeInput(b.VillageCadre.Id, AttendanceStatus.Present)] },
            "village-cadre-chair" => good with { ChairPersonId = b.VillageCadre.Id },
            "member-chair" => good with { ChairPersonId = b.Members[2].Id },
            _ => good with { Types = [(MeetingType)42] },
        };
        var response = await client.PostJson("/api/v1/meetings", bad);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadAs<Problem>();
        problem.Code.Should().Be(code);
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?under={b.County.Id}")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Congress_BelowQuorum_IsRecordedButNotCounted(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await CreateBranch(client);
        // Three full members vote; only the secretary is present (the probationary member does not count).
        var input = Input(b, Yesterday(), [MeetingType.Congress]) with
        {
            Attendees =
            [
                new AttendeeInput(b.Members[0].Id, AttendanceStatus.Present),
                new AttendeeInput(b.Members[1].Id, AttendanceStatus.OnLeave, "外出务工"),
                new AttendeeInput(b.Members[2].Id, AttendanceStatus.AbsentWithReason, "生病"),
                new AttendeeInput(b.Members[3].Id, AttendanceStatus.Present),
            ],
        };
        var response = await client.PostJson("/api/v1/meetings", input);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var detail = await response.ReadAs<MeetingDetail>();
        detail.Types.Should().ContainSingle().Which.Counts.Should().BeFalse();
        detail.Meeting.NotCountedReason.Should().Contain("不计入");
        var quarter = Period.Containing(DateOnly.FromDateTime(input.StartsAt.DateTime), PeriodKind.Quarter).ToString();
        var report = await client.GetFromJson<ComplianceReport>($"/api/v1/compliance?org={b.Village.Id}&period={quarter}");
        var congress = report.Branches.Items.Single().Cells.Single(c => c.Type == MeetingType.Congress);
        congress.Held.Should().Be(0);
        congress.NotCounted.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Edit_AfterSevenDays_KeepsTheOriginal_AndDeleteIsRefused(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await CreateBranch(client);
        var old = Yesterday().AddDays(-9);
        var created = await (await client.PostJson("/api/v1/meetings", Input(b, old))).ReadAs<MeetingDetail>();
        created.NextChangeIsAmendment.Should().BeTrue();

        var response = await client.PutJson($"/api/v1/meetings/{created.Meeting.Id}", Input(b, old) with { Topic = "补正：学习党章第二章" });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var amended = await response.ReadAs<MeetingDetail>();
        amended.Meeting.IsAmended.Should().BeTrue();
        amended.Meeting.Topic.Should().Be("补正：学习党章第二章");
        amended.Amendments.Should().ContainSingle().Which.Original.Topic.Should().Be("学习党章");

        var delete = await client.DeleteAsync(new Uri($"/api/v1/meetings/{created.Meeting.Id}", UriKind.Relative));
        delete.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await delete.ReadAs<Problem>()).Code.Should().Be("meeting_delete_after_window");

        var fresh = await (await client.PostJson("/api/v1/meetings", Input(b, Yesterday()))).ReadAs<MeetingDetail>();
        var edited = await (await client.PutJson($"/api/v1/meetings/{fresh.Meeting.Id}", Input(b, Yesterday()) with { Topic = "当周修改" })).ReadAs<MeetingDetail>();
        edited.Amendments.Should().BeEmpty();
        (await client.DeleteAsync(new Uri($"/api/v1/meetings/{fresh.Meeting.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownshipsMeeting_IsNotFound_AndOnlyWritersMayRecord(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var b = await CreateBranch(admin);
        var other = await admin.CreateOrg(b.County.Id, "另一个镇党委");
        var meeting = await (await admin.PostJson("/api/v1/meetings", Input(b, Yesterday()))).ReadAs<MeetingDetail>();

        var outsider = factory.ClientAs("meet-town-" + Guid.NewGuid().ToString("N")[..8], [Role.TownshipAdmin], other.Id);
        (await outsider.GetAsync(new Uri($"/api/v1/meetings/{meeting.Meeting.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outsider.PostJson("/api/v1/meetings", Input(b, Yesterday()))).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity,
            "a branch outside the scope is not there at all");

        var clerk = factory.ClientAs("meet-clerk-" + Guid.NewGuid().ToString("N")[..8], [Role.BranchClerk], b.Village.Id);
        (await clerk.PostJson("/api/v1/meetings", Input(b, Yesterday()))).StatusCode.Should().Be(HttpStatusCode.Created);
        var reader = factory.ClientAs("meet-read-" + Guid.NewGuid().ToString("N")[..8], [Role.ReadOnly], b.Village.Id);
        (await reader.PostJson("/api/v1/meetings", Input(b, Yesterday()))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await reader.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={b.Village.Id}")).Total.Should().Be(2);
        // The whole list of a scoped account (its scope a conjunct of the list's own, ADR 0040): its own meetings, no other's.
        var own = await reader.GetFromJson<Paged<MeetingRow>>("/api/v1/meetings?pageSize=100");
        own.Total.Should().Be(2);
        own.Items.Should().OnlyContain(m => m.OrgId == b.Village.Id).And.Contain(m => m.Id == meeting.Meeting.Id);
        (await outsider.GetFromJson<Paged<MeetingRow>>("/api/v1/meetings?pageSize=100")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cadences_ListTheDefaults_AndOnlyConfigurationAddsAVersion(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var rules = await admin.GetFromJson<List<CadenceView>>("/api/v1/meeting-cadences");
        rules.Where(r => r.Domain == null && r.EffectiveFrom == MeetingCadence.DefaultsFrom).Should().HaveCount(8);
        rules.Single(r => r.Type == MeetingType.MemberReview && r.Domain == null && r.EffectiveFrom == MeetingCadence.DefaultsFrom).ExpectedQuarter.Should().Be(4);

        var next = DateOnly.FromDateTime(DateTime.UtcNow.Add(China)).AddMonths(1);
        var input = new CadenceInput(MeetingType.ThemeDay, OrgDomain.Hospital, 2, PeriodKind.Month, new DateOnly(next.Year, next.Month, 1), Note: "测试");
        (await admin.PostJson("/api/v1/meeting-cadences", input)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // A system administrator must set up two-factor sign-in before anything else, so the service is driven
        // directly here, as the app itself (the write guard's ConfigWrite check is covered by the 403 above).
        await using var scope = factory.Scope();
        var cadences = scope.Get<CadenceService>();
        var later = input with { EffectiveFrom = input.EffectiveFrom.AddYears(5).AddMonths(Random.Shared.Next(0, 24)) };
        var added = await cadences.AddVersionAsync(later);
        added.InForce.Should().BeFalse("it starts in the future");
        var again = async () => await cadences.AddVersionAsync(later);
        (await again.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("cadence_not_later");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Ledger_ExportsAsExcel_WithTheListsFilters(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var b = await CreateBranch(client);
        (await client.PostJson("/api/v1/meetings", Input(b, Yesterday(), [MeetingType.Congress, MeetingType.ThemeDay]))).EnsureSuccessStatusCode();
        (await client.PostJson("/api/v1/meetings", Input(b, Yesterday().AddDays(-40), [MeetingType.Committee]) with { Topic = "支委会议题" })).EnsureSuccessStatusCode();

        var response = await client.GetAsync(new Uri($"/api/v1/meetings/export.xlsx?under={b.County.Id}&type=Congress", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith("会议台账_");
        var table = Zeren.Core.Spreadsheets.XlsxReader.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), 1000);
        table.Rows.Should().ContainSingle();
        var row = table.Rows[0];
        table.Cell(row, "会议类型").Should().Be("主题党日、党员大会");
        table.Cell(row, "主持人").Should().Be("李书记");
        table.Cell(row, "应到").Should().Be("4");
        table.Cell(row, "党支部").Should().Be(b.Village.Name);

        var reader = ZerenFactory.For(provider).ClientAs("meet-ro-" + Guid.NewGuid().ToString("N")[..8], [Role.ReadOnly], b.County.Id);
        (await reader.GetAsync(new Uri($"/api/v1/meetings/export.xlsx?under={b.County.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Compliance_WithABadPeriod_IsRefusedInChinese(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, _) = await client.CreateCounty();
        var response = await client.GetAsync(new Uri($"/api/v1/compliance?org={county.Id}&period=2026-13", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAs<Problem>()).Detail.Should().Contain("2026-Q1");
    }
}
