using System.Net;
using FluentAssertions;
using Zeren.Core.Decisions;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Decisions;

/// <summary>
/// 村级事务 through the API on both databases: the six steps in order, who may chair and record, quorum and votes at their
/// edges, disclosure, amendments, rejection and restart, and the link to the meeting ledger (once, not twice).
/// </summary>
public class MattersApiTests
{
    /// <summary>
    /// A village with its posts and links: 书记, 文书, 第一书记, 村委会主任, 包村领导, 包村干部, two more full members and a county
    /// leader. <paramref name="kind"/> decides whether 提议 and 审议 go to the ledger (党支部) or stay on the step (党总支).
    /// </summary>
    internal sealed record Village(
        OrgSummary County, OrgSummary Township, OrgSummary Org, PersonRow Secretary, PersonRow Clerk, PersonRow FirstSecretary, PersonRow Director,
        PersonRow VillageLeader, PersonRow VillageCadre, PersonRow[] Members, PersonRow CountyLeader);

    internal static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    internal static async Task<Village> CreateVillage(HttpClient client, OrgKind kind = OrgKind.Branch)
    {
        var county = await client.CreateOrg(null, "测试县委");
        var township = await client.CreateOrg(county.Id, "测试镇党委");
        var village = await client.CreateOrg(township.Id, kind == OrgKind.Branch ? "测试村党支部" : "测试村党总支", kind, OrgDomain.Rural);
        var secretary = await client.CreatePerson(TestData.Member(village.Id, "李书记"));
        var clerk = await client.CreatePerson(TestData.Member(village.Id, "王文书"));
        var director = await client.CreatePerson(TestData.Member(village.Id, "赵主任"));
        var member = await client.CreatePerson(TestData.Member(village.Id, "钱党员"));
        var first = await client.CreatePerson(TestData.Member(county.Id, "周第一书记"));
        var leader = await client.CreatePerson(TestData.Member(township.Id, "吴包村领导"));
        var cadre = await client.CreatePerson(TestData.Member(township.Id, "郑包村干部"));
        var countyLeader = await client.CreatePerson(TestData.Member(county.Id, "冯县领导"));
        var since = new DateOnly(2024, 1, 1);
        foreach (var (org, person, title) in new[]
        {
            (village, secretary, PositionTitle.Secretary), (village, clerk, PositionTitle.Clerk), (village, first, PositionTitle.FirstSecretary),
            (village, director, PositionTitle.VillageCommitteeDirector), (county, countyLeader, PositionTitle.CountyLeader),
        })
        {
            var r = await client.PostJson("/api/v1/positions", new { orgId = org.Id, personId = person.Id, title, startOn = since });
            r.StatusCode.Should().Be(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        foreach (var (kindOfLink, person) in new[] { (LinkKind.VillageLeader, leader), (LinkKind.VillageCadre, cadre) })
        {
            var r = await client.PostJson("/api/v1/links", new { kind = kindOfLink, personId = person.Id, orgId = village.Id, startOn = since });
            r.StatusCode.Should().Be(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        return new Village(county, township, village, secretary, clerk, first, director, leader, cadre, [secretary, clerk, director, member], countyLeader);
    }

    internal static async Task<MatterDetail> Start(HttpClient client, Village v, Guid? guidedBy = null, DateOnly? on = null)
    {
        var response = await client.PostJson("/api/v1/matters",
            new MatterInput(v.Org.Id, "村集体鱼塘对外发包", MatterCategory.CollectiveAssets, "村党支部", 128000, guidedBy ?? v.CountyLeader.Id, on ?? Today.AddDays(-40)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<MatterDetail>();
    }

    /// <summary>A valid input for each step, dated <paramref name="on"/>; in the ledger every member attends.</summary>
    internal static StepInput Step(Village v, MatterStep step, DateOnly on, bool ledger = true) => step switch
    {
        MatterStep.Proposal => new StepInput(step, on, v.Secretary.Id, v.Clerk.Id, "村党群服务中心", Summary: "支部委员会提议对外发包村集体鱼塘。")
            is var p && ledger ? p with { StartTime = "09:00", EndTime = "10:30", Attendees = Present(v) } : p,
        MatterStep.Deliberation => new StepInput(step, on, v.VillageCadre.Id, v.Clerk.Id, "村委会会议室", Summary: "村两委联席会议商议，形成初步方案。"),
        MatterStep.Review => ledger
            ? new StepInput(step, on, v.Secretary.Id, v.Clerk.Id, "村党群服务中心", "14:00", "16:00", Present(v), VotesFor: 4, Summary: "党员大会审议方案。")
            : new StepInput(step, on, v.Secretary.Id, v.Clerk.Id, "村党群服务中心", VotingMembers: 10, VotingPresent: 8, VotesFor: 6, Summary: "党员大会审议方案。"),
        MatterStep.Assembly => new StepInput(step, on, v.Secretary.Id, v.Clerk.Id, "村文化礼堂", Form: AssemblyForm.Representatives, Members: 21, Present: 18,
            VotesFor: 15, VotesAgainst: 2, Abstentions: 1, Summary: "村民代表会议表决通过。"),
        MatterStep.Disclosure => new StepInput(step, on, Place: "村务公开栏", Until: on.AddDays(6)),
        _ => new StepInput(step, on, Summary: "结果在村务公开栏和村民微信群告知。"),
    };

    private static List<AttendeeInput> Present(Village v) => v.Members.Select(m => new AttendeeInput(m.Id, AttendanceStatus.Present)).ToList();

    internal static async Task<MatterDetail> Record(HttpClient client, Guid matterId, StepInput input)
    {
        var response = await client.PostJson($"/api/v1/matters/{matterId}/steps", input);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<MatterDetail>();
    }

    private static async Task<Problem> Refused(HttpClient client, Guid matterId, StepInput input)
    {
        var response = await client.PostJson($"/api/v1/matters/{matterId}/steps", input);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        var problem = await response.ReadAs<Problem>();
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        return problem;
    }

    private static IEnumerable<string?> Codes(Problem p) => (p.Errors ?? []).Select(e => e.Code).Append(p.Code);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SixSteps_InOrder_CompleteTheMatter_AndTheLedgerHoldsEachMeetingOnce(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client);
        var matter = await Start(client, v);
        matter.Matter.NextStep.Should().Be(MatterStep.Proposal);
        matter.Matter.Amount.Should().Be(128000m);

        var days = new[] { -30, -28, -25, -20, -12, -2 };
        MatterDetail detail = matter;
        for (var i = 0; i < MatterRules.Order.Count; i++)
        {
            detail = await Record(client, matter.Matter.Id, Step(v, MatterRules.Order[i], Today.AddDays(days[i])));
        }
        detail.Matter.State.Should().Be(MatterState.Completed);
        detail.Matter.NextStep.Should().BeNull();
        detail.Matter.EndedOn.Should().Be(Today.AddDays(-2));
        detail.Steps.Select(s => s.Step).Should().Equal(MatterRules.Order);
        detail.Steps.Should().OnlyContain(s => s.Outcome == StepOutcome.Done);

        // 提议 is the ledger's 支委会 and 审议 its 党员大会: one meeting each, named by the step, not recorded again.
        var proposal = detail.Steps.Single(s => s.Step == MatterStep.Proposal);
        var review = detail.Steps.Single(s => s.Step == MatterStep.Review);
        var ledger = await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={v.Org.Id}");
        ledger.Items.Should().HaveCount(2);
        ledger.Items.Should().ContainSingle(m => m.Types.SequenceEqual(new[] { MeetingType.Committee })).Which.Id.Should().Be(proposal.MeetingId!.Value);
        var congress = ledger.Items.Should().ContainSingle(m => m.Types.SequenceEqual(new[] { MeetingType.Congress })).Which;
        congress.Id.Should().Be(review.MeetingId!.Value);
        congress.HeldOn.Should().Be(review.On);
        var meeting = await client.GetFromJson<MeetingDetail>($"/api/v1/meetings/{congress.Id}");
        meeting.Types.Should().ContainSingle().Which.Counts.Should().BeTrue();
        meeting.Meeting.ChairName.Should().Be("李书记");
        review.VotingMembers.Should().Be(4);
        review.VotingPresent.Should().Be(4);
        detail.Steps.Where(s => s.Step is not (MatterStep.Proposal or MatterStep.Review)).Should().OnlyContain(s => s.MeetingId == null);

        (await client.GetFromJson<List<StepView>>($"/api/v1/matters/{matter.Matter.Id}/steps")).Should().HaveCount(6);
        var guided = await client.GetFromJson<List<GuidedRuns>>($"/api/v1/matters/guided-runs?year={Today.AddDays(-2).Year}");
        guided.Should().Contain(g => g.PersonId == v.CountyLeader.Id && g.Completed == 1);
        (await client.PostJson($"/api/v1/matters/{matter.Matter.Id}/steps", Step(v, MatterStep.Notice, Today))).StatusCode
            .Should().Be(HttpStatusCode.UnprocessableEntity, "a completed matter takes no more steps");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Steps_CannotBeSkipped_Repeated_OrDatedBeforeTheLastOne(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client);
        var matter = await Start(client, v);
        var id = matter.Matter.Id;
        foreach (var later in MatterRules.Order.Skip(1))
        {
            var skip = await Refused(client, id, Step(v, later, Today.AddDays(-20)));
            skip.Code.Should().Be("matter_step_out_of_order");
            skip.Detail.Should().Contain("下一步是“提议”");
        }
        await Record(client, id, Step(v, MatterStep.Proposal, Today.AddDays(-20)));
        (await Refused(client, id, Step(v, MatterStep.Proposal, Today.AddDays(-19)))).Code.Should().Be("matter_step_done");
        (await Refused(client, id, Step(v, MatterStep.Review, Today.AddDays(-19)))).Code.Should().Be("matter_step_out_of_order");
        (await Refused(client, id, Step(v, MatterStep.Deliberation, Today.AddDays(-21)))).Code.Should().Be("matter_step_before_previous");
        (await Refused(client, id, Step(v, MatterStep.Deliberation, Today.AddDays(1)))).Code.Should().Be("matter_step_in_future");

        var after = await client.GetFromJson<MatterDetail>($"/api/v1/matters/{id}");
        after.Steps.Should().ContainSingle();
        after.Matter.NextStep.Should().Be(MatterStep.Deliberation);
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={v.Org.Id}")).Total.Should().Be(1, "refusals record no meeting");
    }

    public static TheoryData<string, string, string> WrongPeople()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var (fault, code) in new[]
            {
                ("proposal-by-village-cadre", "matter_chair_village_link"), ("proposal-by-village-leader", "matter_chair_village_link"),
                ("proposal-by-member", "matter_chair_not_allowed"), ("proposal-by-first-secretary-with-secretary-there", "matter_chair_secretary_present"),
                ("proposal-recorded-by-member", "matter_recorder_not_allowed"), ("proposal-recorded-by-village-leader", "matter_recorder_not_allowed"),
                ("deliberation-by-member", "matter_chair_not_allowed"), ("deliberation-by-first-secretary", "matter_chair_not_allowed"),
                ("assembly-by-director", "matter_chair_not_allowed"), ("assembly-by-first-secretary", "matter_chair_not_allowed"),
                ("review-by-village-cadre", "matter_chair_village_link"), ("proposal-without-chair", "matter_chair_required"),
                ("proposal-by-unknown", "matter_chair_unknown"),
            })
            {
                data.Add(provider, fault, code);
            }
        }
        return data;
    }

    /// <summary>Every chair and recorder rule, refused with the rule's text; on the 党总支 village (no ledger) and the 党支部 alike.</summary>
    [Theory]
    [MemberData(nameof(WrongPeople))]
    public async Task WrongChairOrRecorder_IsRefusedWithTheRule(string provider, string fault, string code)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var ledger = fault.StartsWith("proposal", StringComparison.Ordinal);
        var v = await CreateVillage(client, ledger ? OrgKind.Branch : OrgKind.GeneralBranch);
        var matter = await Start(client, v);
        var id = matter.Matter.Id;
        var step = fault.Split('-')[0] switch
        {
            "proposal" => MatterStep.Proposal,
            "deliberation" => MatterStep.Deliberation,
            "review" => MatterStep.Review,
            _ => MatterStep.Assembly,
        };
        var on = Today.AddDays(-20);
        foreach (var earlier in MatterRules.Order.TakeWhile(s => s != step))
        {
            await Record(client, id, Step(v, earlier, on, ledger));
        }
        var good = Step(v, step, on, ledger);
        var bad = fault switch
        {
            "proposal-by-village-cadre" or "review-by-village-cadre" => good with { ChairPersonId = v.VillageCadre.Id },
            "proposal-by-village-leader" => good with { ChairPersonId = v.VillageLeader.Id },
            "proposal-by-member" or "deliberation-by-member" => good with { ChairPersonId = v.Members[3].Id },
            "proposal-by-first-secretary-with-secretary-there" => good with { ChairPersonId = v.FirstSecretary.Id },
            "proposal-recorded-by-member" => good with { RecorderPersonId = v.Members[3].Id },
            "proposal-recorded-by-village-leader" => good with { RecorderPersonId = v.VillageLeader.Id },
            "deliberation-by-first-secretary" or "assembly-by-first-secretary" => good with { ChairPersonId = v.FirstSecretary.Id },
            "assembly-by-director" => good with { ChairPersonId = v.Director.Id },
            "proposal-without-chair" => good with { ChairPersonId = null },
            _ => good with { ChairPersonId = Guid.NewGuid() },
        };
        var problem = await Refused(client, id, bad);
        Codes(problem).Should().Contain(code);
        var rule = step switch
        {
            MatterStep.Proposal or MatterStep.Review => MatterRules.ProposalChairRule,
            MatterStep.Deliberation => MatterRules.DeliberationChairRule,
            _ => MatterRules.AssemblyChairRule,
        };
        if (code is "matter_chair_village_link" or "matter_chair_not_allowed" or "matter_chair_secretary_present")
        {
            problem.Errors!.Single(e => e.Field == "chairPersonId").Message.Should().EndWith(rule);
        }
        if (code == "matter_recorder_not_allowed")
        {
            problem.Errors!.Single(e => e.Field == "recorderPersonId").Message.Should().EndWith(MatterRules.RecorderRule);
        }
        (await client.GetFromJson<MatterDetail>($"/api/v1/matters/{id}")).Matter.NextStep.Should().Be(step, "nothing was recorded");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AllowedChairs_AndRecorders_AreAccepted(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client);
        var matter = await Start(client, v);
        var id = matter.Matter.Id;
        var on = Today.AddDays(-20);
        // The secretary on leave: the first secretary chairs 提议; a 包村干部 records in place of the 文书.
        var proposal = Step(v, MatterStep.Proposal, on) with
        {
            ChairPersonId = v.FirstSecretary.Id,
            RecorderPersonId = v.VillageCadre.Id,
            Attendees = v.Members.Select(m => new AttendeeInput(m.Id, m.Id == v.Secretary.Id ? AttendanceStatus.OnLeave : AttendanceStatus.Present)).ToList(),
        };
        var detail = await Record(client, id, proposal);
        detail.Steps.Single().ChairName.Should().Be("周第一书记");
        detail.Steps.Single().RecorderName.Should().Be("郑包村干部");
        // 商议 by the 村委会主任.
        await Record(client, id, Step(v, MatterStep.Deliberation, on) with { ChairPersonId = v.Director.Id });
        var choices = await client.GetFromJson<StepChoices>($"/api/v1/matters/{id}/next?on={on:yyyy-MM-dd}");
        choices.Step.Should().Be(MatterStep.Review);
        choices.InLedger.Should().BeTrue();
        choices.Chairs.Select(c => c.Name).Should().BeEquivalentTo(["李书记", "周第一书记"]);
        choices.Recorders.Select(c => c.Name).Should().BeEquivalentTo(["王文书", "郑包村干部"]);
        choices.ChairRule.Should().Be(MatterRules.ProposalChairRule);
    }

    /// <summary>A chair holds the post or link on the step's date: a 包村干部 linked five days ago did not hold it twenty days ago.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AChair_MustHoldThePost_OnTheStepsDate(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        await Record(client, id, Step(v, MatterStep.Proposal, Today.AddDays(-30), false));
        var newcomer = await client.CreatePerson(TestData.Member(v.Township.Id, "陈新包村"));
        var link = await client.PostJson("/api/v1/links", new { kind = LinkKind.VillageCadre, personId = newcomer.Id, orgId = v.Org.Id, startOn = Today.AddDays(-5) });
        link.StatusCode.Should().Be(HttpStatusCode.OK, await link.Content.ReadAsStringAsync());

        var before = await Refused(client, id, Step(v, MatterStep.Deliberation, Today.AddDays(-20), false) with { ChairPersonId = newcomer.Id });
        Codes(before).Should().Contain("matter_chair_not_allowed");
        before.Errors!.Single(e => e.Field == "chairPersonId").Message.Should().EndWith(MatterRules.DeliberationChairRule);
        var after = await Record(client, id, Step(v, MatterStep.Deliberation, Today.AddDays(-3), false) with { ChairPersonId = newcomer.Id });
        after.Steps.Single(s => s.Step == MatterStep.Deliberation).ChairName.Should().Be("陈新包村");
    }

    public static TheoryData<string, int, int, int, string?> ReviewVotes()
    {
        var data = new TheoryData<string, int, int, int, string?>();
        foreach (var provider in TestDatabases.Providers)
        {
            // (voting members, present, for): exactly half present is enough (以上); exactly half in favour is not (超过半数).
            data.Add(provider, 10, 6, 6, "Done");
            data.Add(provider, 10, 4, 4, "matter_review_quorum");
            data.Add(provider, 10, 5, 5, "Rejected");
            data.Add(provider, 10, 10, 5, "Rejected");
            data.Add(provider, 9, 5, 5, "Done");
            data.Add(provider, 9, 4, 4, "matter_review_quorum");
            data.Add(provider, 9, 9, 4, "Rejected");
        }
        return data;
    }

    /// <summary>审议 off the ledger (党总支 village): the counts as stated, at their edges.</summary>
    [Theory]
    [MemberData(nameof(ReviewVotes))]
    public async Task Review_QuorumAndVote_AtTheirEdges(string provider, int voting, int present, int votesFor, string? expected)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        var on = Today.AddDays(-20);
        await Record(client, id, Step(v, MatterStep.Proposal, on, ledger: false));
        await Record(client, id, Step(v, MatterStep.Deliberation, on, ledger: false));
        var input = Step(v, MatterStep.Review, on, ledger: false) with { VotingMembers = voting, VotingPresent = present, VotesFor = votesFor };
        await ExpectOutcome(client, id, input, expected, MatterStep.Review);
    }

    public static TheoryData<string, AssemblyForm, int, int, int?, int?, int, string?> AssemblyVotes()
    {
        var data = new TheoryData<string, AssemblyForm, int, int, int?, int?, int, string?>();
        foreach (var provider in TestDatabases.Providers)
        {
            // 村民代表会议: two thirds exactly is enough (以上); half of those present in favour is not (过半数).
            data.Add(provider, AssemblyForm.Representatives, 9, 6, null, null, 4, "Done");
            data.Add(provider, AssemblyForm.Representatives, 9, 5, null, null, 5, "matter_assembly_quorum");
            data.Add(provider, AssemblyForm.Representatives, 9, 6, null, null, 3, "Rejected");
            data.Add(provider, AssemblyForm.Representatives, 21, 14, null, null, 8, "Done");
            data.Add(provider, AssemblyForm.Representatives, 21, 13, null, null, 13, "matter_assembly_quorum");
            // 村民会议: exactly half of the adults is not 过半数; two thirds of the households is enough.
            data.Add(provider, AssemblyForm.Villagers, 100, 51, null, null, 26, "Done");
            data.Add(provider, AssemblyForm.Villagers, 100, 50, null, null, 26, "matter_assembly_quorum");
            data.Add(provider, AssemblyForm.Villagers, 100, 50, 30, 20, 26, "Done");
            data.Add(provider, AssemblyForm.Villagers, 100, 50, 30, 19, 26, "matter_assembly_quorum");
            data.Add(provider, AssemblyForm.Villagers, 100, 60, null, null, 30, "Rejected");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AssemblyVotes))]
    public async Task Assembly_QuorumAndVote_AtTheirEdges(string provider, AssemblyForm form, int members, int present, int? households,
        int? presentHouseholds, int votesFor, string? expected)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        var on = Today.AddDays(-20);
        foreach (var s in new[] { MatterStep.Proposal, MatterStep.Deliberation, MatterStep.Review })
        {
            await Record(client, id, Step(v, s, on, ledger: false));
        }
        var input = Step(v, MatterStep.Assembly, on) with
        {
            Form = form, Members = members, Present = present, Households = households, PresentHouseholds = presentHouseholds,
            VotesFor = votesFor, VotesAgainst = null, Abstentions = null,
        };
        await ExpectOutcome(client, id, input, expected, MatterStep.Assembly);
    }

    private static async Task ExpectOutcome(HttpClient client, Guid id, StepInput input, string? expected, MatterStep step)
    {
        if (expected is "Done" or "Rejected")
        {
            var detail = await Record(client, id, input);
            var recorded = detail.Steps.Single(s => s.Step == step);
            recorded.Outcome.Should().Be(Enum.Parse<StepOutcome>(expected));
            recorded.VotesFor.Should().Be(input.VotesFor);
            recorded.OutcomeNote.Should().Contain($"赞成 {input.VotesFor} 人".Replace("赞成", step == MatterStep.Assembly ? "同意" : "赞成", StringComparison.Ordinal));
            detail.Matter.State.Should().Be(expected == "Done" ? MatterState.InProgress : MatterState.Rejected);
            detail.Matter.NextStep.Should().Be(expected == "Done" ? MatterRules.After(step) : null);
        }
        else
        {
            var problem = await Refused(client, id, input);
            Codes(problem).Should().Contain(expected);
            (await client.GetFromJson<MatterDetail>($"/api/v1/matters/{id}")).Matter.NextStep.Should().Be(step);
        }
    }

    /// <summary>审议 in the ledger: the quorum is the ledger's count of full members present (exactly half is enough).</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Review_InTheLedger_CountsItsAttendance(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client);
        var id = (await Start(client, v)).Matter.Id;
        var on = Today.AddDays(-20);
        await Record(client, id, Step(v, MatterStep.Proposal, on));
        await Record(client, id, Step(v, MatterStep.Deliberation, on));
        List<AttendeeInput> Attending(int count) =>
            v.Members.Select((m, i) => new AttendeeInput(m.Id, i < count ? AttendanceStatus.Present : AttendanceStatus.OnLeave)).ToList();
        var below = await Refused(client, id, Step(v, MatterStep.Review, on) with { Attendees = Attending(1), VotesFor = 1 });
        Codes(below).Should().Contain("matter_review_quorum");
        below.Errors!.Single(e => e.Code == "matter_review_quorum").Message.Should().Contain(MatterRules.CongressQuorumRule);
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={v.Org.Id}&type=Congress")).Total.Should().Be(0,
            "a refused step leaves no meeting in the ledger");

        // Two of four full members: exactly half, quorate; two in favour of four is not more than half: rejected.
        var detail = await Record(client, id, Step(v, MatterStep.Review, on) with { Attendees = Attending(2), VotesFor = 2 });
        var review = detail.Steps.Single(s => s.Step == MatterStep.Review);
        review.Outcome.Should().Be(StepOutcome.Rejected);
        review.VotingMembers.Should().Be(4);
        review.VotingPresent.Should().Be(2);
        detail.Matter.State.Should().Be(MatterState.Rejected);
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={v.Org.Id}&type=Congress")).Total.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rejected_EndsTheRun_AndARestartBeginsAgainFromProposal(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        var on = Today.AddDays(-20);
        await Record(client, id, Step(v, MatterStep.Proposal, on, false));
        await Record(client, id, Step(v, MatterStep.Deliberation, on, false));
        await Record(client, id, Step(v, MatterStep.Review, on, false));
        var rejected = await Record(client, id, Step(v, MatterStep.Assembly, on) with { VotesFor = 9, VotesAgainst = 9, Abstentions = 0 });
        rejected.Matter.State.Should().Be(MatterState.Rejected);
        rejected.Matter.EndedOn.Should().Be(on);
        (await Refused(client, id, Step(v, MatterStep.Disclosure, on))).Code.Should().Be("matter_not_in_progress");

        var early = await client.PostJson($"/api/v1/matters/{id}/restart", new RestartInput(on.AddDays(-1), null));
        early.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await early.ReadAs<Problem>()).Code.Should().Be("matter_restart_before_rejection");
        var restart = await client.PostJson($"/api/v1/matters/{id}/restart", new RestartInput(on.AddDays(1), v.CountyLeader.Id));
        restart.StatusCode.Should().Be(HttpStatusCode.OK, await restart.Content.ReadAsStringAsync());
        var again = await restart.ReadAs<MatterDetail>();
        again.Matter.Run.Should().Be(2);
        again.Matter.State.Should().Be(MatterState.InProgress);
        again.Matter.NextStep.Should().Be(MatterStep.Proposal);
        again.Steps.Should().HaveCount(4).And.OnlyContain(s => s.Run == 1);
        var second = await Record(client, id, Step(v, MatterStep.Proposal, on.AddDays(1), false));
        second.Steps.Should().HaveCount(5);
        second.Steps[^1].Run.Should().Be(2);
        (await client.PostJson($"/api/v1/matters/{id}/restart", new RestartInput(Today, null))).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Disclosure_RunsItsDays_AndNoticeWaitsForItsEnd(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        var on = Today.AddDays(-20);
        foreach (var s in new[] { MatterStep.Proposal, MatterStep.Deliberation, MatterStep.Review, MatterStep.Assembly })
        {
            await Record(client, id, Step(v, s, on, false));
        }
        var from = Today.AddDays(-10);
        // Seven days both ends included is the least (default); six is refused.
        var shortOne = await Refused(client, id, Step(v, MatterStep.Disclosure, from) with { Until = from.AddDays(5) });
        shortOne.Code.Should().Be("matter_disclosure_too_short");
        shortOne.Detail.Should().Contain("共 6 天").And.Contain("不少于 7 天");
        (await Refused(client, id, Step(v, MatterStep.Disclosure, from) with { Until = null, Place = " " })).Errors!.Select(e => e.Code)
            .Should().BeEquivalentTo(["matter_place_required", "matter_disclosure_until_required"]);
        var until = from.AddDays(6);
        await Record(client, id, Step(v, MatterStep.Disclosure, from) with { Until = until });

        var onLastDay = await Refused(client, id, Step(v, MatterStep.Notice, until));
        onLastDay.Code.Should().Be("matter_notice_before_disclosure_end");
        var done = await Record(client, id, Step(v, MatterStep.Notice, until.AddDays(1)));
        done.Matter.State.Should().Be(MatterState.Completed);
        done.Steps.Single(s => s.Step == MatterStep.Disclosure).Until.Should().Be(until);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Amendment_KeepsTheStep_AndShowsReasonAndAuthor(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client, OrgKind.GeneralBranch);
        var id = (await Start(client, v)).Matter.Id;
        var detail = await Record(client, id, Step(v, MatterStep.Proposal, Today.AddDays(-3), false));
        var step = detail.Steps.Single();

        var noReason = await client.PostJson($"/api/v1/matters/{id}/steps/{step.Id}/amendments", new AmendmentInput("地点应为村委会议室", " "));
        noReason.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await noReason.ReadAs<Problem>()).Code.Should().Be("reason_required");
        (await client.PostJson($"/api/v1/matters/{id}/steps/{Guid.NewGuid()}/amendments", new AmendmentInput("x", "y"))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var response = await client.PostJson($"/api/v1/matters/{id}/steps/{step.Id}/amendments", new AmendmentInput("地点应为村委会议室", "登记时笔误"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var amended = (await response.ReadAs<MatterDetail>()).Steps.Single();
        amended.Place.Should().Be(step.Place, "a recorded step is not edited");
        amended.Summary.Should().Be(step.Summary);
        var a = amended.Amendments.Should().ContainSingle().Which;
        a.Correction.Should().Be("地点应为村委会议室");
        a.Reason.Should().Be("登记时笔误");
        a.AmendedBy.Should().Be("test-admin");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AStepAndItsMeeting_AreAllOrNothing(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client);
        var id = (await Start(client, v)).Matter.Id;
        // The step is fine by its own rules; the ledger refuses an attendee who is not a member of the branch, and the
        // missing end time: both at once, and neither the meeting nor the step is kept.
        var bad = Step(v, MatterStep.Proposal, Today.AddDays(-3)) with
        {
            EndTime = null,
            Attendees = [.. Step(v, MatterStep.Proposal, Today).Attendees!, new AttendeeInput(v.VillageCadre.Id, AttendanceStatus.Present)],
        };
        Codes(await Refused(client, id, bad)).Should().Contain("matter_end_time_required");
        var bad2 = bad with { EndTime = "10:00" };
        Codes(await Refused(client, id, bad2)).Should().Contain("meeting_attendee_not_member");
        (await client.GetFromJson<Paged<MeetingRow>>($"/api/v1/meetings?orgId={v.Org.Id}")).Total.Should().Be(0);
        (await client.GetFromJson<MatterDetail>($"/api/v1/matters/{id}")).Steps.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Start_IsRefused_ForAnythingButAVillage_AndAGuideWhoIsNoCountyLeader(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var v = await CreateVillage(client);
        var township = await client.PostJson("/api/v1/matters", new MatterInput(v.Township.Id, "事项", MatterCategory.Projects, "镇党委", null, v.Secretary.Id));
        township.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await township.ReadAs<Problem>();
        problem.Errors!.Select(e => e.Code).Should().BeEquivalentTo(["matter_org_not_village", "matter_guide_not_leader"]);
        var blank = await client.PostJson("/api/v1/matters", new MatterInput(v.Org.Id, " ", MatterCategory.Projects, "", -1));
        (await blank.ReadAs<Problem>()).Errors!.Select(e => e.Code).Should().BeEquivalentTo(["matter_title_required", "matter_proposer_required", "matter_amount_range"]);
        (await client.GetFromJson<Paged<MatterRow>>($"/api/v1/matters?under={v.County.Id}")).Total.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherTownshipsMatter_IsNotFound_AndReadersCannotWrite(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var v = await CreateVillage(admin);
        var other = await admin.CreateOrg(v.County.Id, "另一个镇党委");
        var matter = await Start(admin, v);
        var outsider = factory.ClientAs("matter-town-" + Guid.NewGuid().ToString("N")[..8], [Role.TownshipAdmin], other.Id);
        (await outsider.GetAsync(new Uri($"/api/v1/matters/{matter.Matter.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outsider.PostJson($"/api/v1/matters/{matter.Matter.Id}/steps", Step(v, MatterStep.Proposal, Today))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outsider.GetFromJson<Paged<MatterRow>>("/api/v1/matters")).Items.Should().NotContain(m => m.Id == matter.Matter.Id);

        var reader = factory.ClientAs("matter-read-" + Guid.NewGuid().ToString("N")[..8], [Role.ReadOnly], v.Township.Id);
        (await reader.GetAsync(new Uri($"/api/v1/matters/{matter.Matter.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await reader.PostJson($"/api/v1/matters/{matter.Matter.Id}/steps", Step(v, MatterStep.Proposal, Today))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The branch clerk records its own village's step, chaired by the first secretary from outside its scope.
        var clerk = factory.ClientAs("matter-clerk-" + Guid.NewGuid().ToString("N")[..8], [Role.BranchClerk], v.Org.Id);
        var step = Step(v, MatterStep.Proposal, Today.AddDays(-1)) with
        {
            ChairPersonId = v.FirstSecretary.Id,
            Attendees = v.Members.Select(m => new AttendeeInput(m.Id, m.Id == v.Secretary.Id ? AttendanceStatus.OnLeave : AttendanceStatus.Present)).ToList(),
        };
        var recorded = await Record(clerk, matter.Matter.Id, step);
        recorded.Steps.Single().ChairName.Should().Be("周第一书记");
    }
}
