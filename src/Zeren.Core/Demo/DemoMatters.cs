using Bogus;
using Zeren.Core.Decisions;
using Zeren.Core.Meetings;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Person = Zeren.Core.People.Person;

namespace Zeren.Core.Demo;

/// <summary>
/// 村级事务 of the demo county: two matters in each township's villages, at every step of 三议一会一公开一知晓 — just started,
/// waiting at each step (one waiting for its disclosure to end), completed — and a few rejected by the 党员大会 or the 村民代表会议.
/// Each step is recorded by the rules themselves (<see cref="Matter.Complete"/> with the facts of the village on the
/// step's day: its 书记, 文书 and 包村干部, the quorums, the disclosure period), and in a 党支部 village 提议 and 审议 are
/// meetings of its ledger (<see cref="Meeting.Record"/>), linked from the step, not recorded twice. What each matter owes
/// (<see cref="MatterObligations.Kind"/>) is kept as the service keeps it: closed for the steps done, cancelled for the
/// rejected vote, open for the step it waits at. Drawn from its own seeded randomizer.
/// </summary>
internal sealed class DemoMatters
{
    private static readonly (string Title, MatterCategory Category, int? Amount)[] Topics =
    [
        ("村集体鱼塘对外发包", MatterCategory.CollectiveAssets, 86000), ("村道硬化及路灯安装工程", MatterCategory.Projects, 420000),
        ("修订村规民约", MatterCategory.VillageRules, null), ("村集体林地经营权流转", MatterCategory.LandContracting, 150000),
        ("推行红白喜事简办标准", MatterCategory.CustomsReform, null), ("村级光伏电站收益分配", MatterCategory.Finance, 64000),
        ("村集体闲置校舍出租", MatterCategory.CollectiveAssets, 36000), ("高标准农田建设项目", MatterCategory.Projects, 980000),
        ("土地承包经营权调整", MatterCategory.LandContracting, null), ("村文化礼堂修缮", MatterCategory.Projects, 120000),
    ];

    /// <summary>Days after the start each step is held (一公开 posts seven days: until is its day + 6).</summary>
    private static readonly int[] Offsets = [3, 7, 14, 20, 24, 32];

    private const string By = "demo-township-01";

    private readonly Randomizer r;
    private readonly DemoIdFactory ids;
    private readonly DateOnly today;

    public DemoMatters(int seed, DateOnly today)
    {
        r = new Randomizer(unchecked((seed * 41) + 7001));
        ids = new DemoIdFactory(new Randomizer(unchecked((seed * 7901) + 7013)));
        this.today = today;
    }

    public List<Matter> Matters { get; } = [];
    public List<MatterStepRecord> Steps { get; } = [];
    public List<Meeting> Meetings { get; } = [];
    public List<Obligation> Obligations { get; } = [];

    private static DateTimeOffset At(DateOnly day, int hour) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    public DemoMatters Generate(IReadOnlyList<Organization> townships, IReadOnlyList<Organization> orgs, IReadOnlyList<Person> people,
        IReadOnlyList<Position> positions, IReadOnlyList<Link> links)
    {
        var names = people.ToDictionary(p => p.Id, p => p.Name);
        var membersOf = people.Where(p => p.PartyStatus != PartyStatus.None).GroupBy(p => p.OrgId).ToDictionary(g => g.Key, g => g.ToList());
        // Every matter's steps fall in the last 80 days: a village takes part when its posts and links held all that time.
        var since = today.AddDays(-80);
        bool Held(DateOnly start, DateOnly? end) => start <= since && (end is null || end >= today);
        var leaders = positions.Where(p => p.Title == PositionTitle.CountyLeader && Held(p.StartOn, p.EndOn)).Select(p => p.PersonId).ToHashSet();
        var stage = 0;
        foreach (var township in townships)
        {
            var villages = orgs.Where(o => o.ParentId == township.Id && o.Domain == OrgDomain.Rural && o.Depth == 2)
                .OrderBy(o => o.SortOrder).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();
            var guide = links.Where(l => l.Kind == LinkKind.CountyLeaderTownship && l.OrgId == township.Id && Held(l.StartOn, l.EndOn) && leaders.Contains(l.PersonId))
                .Select(l => (Guid?)l.PersonId).FirstOrDefault();
            var made = 0;
            foreach (var village in villages)
            {
                if (made == 2)
                {
                    break;
                }
                Guid? Post(PositionTitle title) => positions.Where(p => p.OrgId == village.Id && p.Title == title && Held(p.StartOn, p.EndOn))
                    .Select(p => (Guid?)p.PersonId).FirstOrDefault();
                var secretary = Post(PositionTitle.Secretary);
                var clerk = Post(PositionTitle.Clerk);
                var cadre = links.Where(l => l.OrgId == village.Id && l.Kind == LinkKind.VillageCadre && Held(l.StartOn, l.EndOn)).Select(l => (Guid?)l.PersonId).FirstOrDefault();
                if (secretary is null || clerk is null || cadre is null || !membersOf.TryGetValue(village.Id, out var members)
                    || members.Count(m => m.PartyStatus == PartyStatus.Full) < 3 || !members.Any(m => m.Id == secretary))
                {
                    continue;
                }
                var v = new Village(village, secretary.Value, clerk.Value, cadre.Value, members, positions, links, names);
                // Stages 0–5: waiting at that step; 6: completed; 7: rejected by the 党员大会, 8: by the 村民代表会议.
                Add(v, stage % 9, made == 0 ? guide : null);
                stage++;
                made++;
            }
        }
        return this;
    }

    private sealed record Village(Organization Org, Guid Secretary, Guid Clerk, Guid Cadre, List<Person> Members, IReadOnlyList<Position> Positions,
        IReadOnlyList<Link> Links, IReadOnlyDictionary<Guid, string> Names);

    private void Add(Village v, int stage, Guid? guide)
    {
        var (title, category, amount) = Topics[(Matters.Count + r.Number(0, 3)) % Topics.Length];
        var done = stage switch { <= 6 => stage, 7 => 3, _ => 4 };
        var waited = r.Number(2, 30);
        // The last step done lies `waited` days back (a matter just started: its start does).
        var start = done == 0 ? today.AddDays(-waited) : today.AddDays(-waited - Offsets[done - 1]);
        if (stage == 5)
        {
            // Waiting for 一知晓 while the disclosure is still posted.
            start = today.AddDays(-Offsets[4] - 3);
        }
        var input = new MatterInput(v.Org.Id, title, category, r.Bool() ? "村党组织" : "村民委员会", amount, guide, start);
        var matter = Matter.Start(v.Org.Id, input, today, At(start, 9), By, ids.Next());
        Matters.Add(matter);
        var township = v.Org.ParentId;
        DateOnly? until = null;
        for (var i = 0; i < done; i++)
        {
            var step = MatterRules.Order[i];
            var day = start.AddDays(Offsets[i]);
            var owed = Obligation.Open(MatterObligations.Draft(matter.Id, matter.Title, v.Org.Id, township, matter.Run, step, matter.WaitingSince, until,
                MatterOptions.DefaultStepDueDays), At(matter.WaitingSince, 9), By);
            var rejects = (stage == 7 && step == MatterStep.Review) || (stage == 8 && step == MatterStep.Assembly);
            var (stepInput, meeting) = Step(v, matter, step, day, rejects);
            var facts = Facts(v, matter, step, day, until, meeting);
            Meeting? recorded = null;
            if (meeting is not null)
            {
                recorded = Meeting.Record(meeting.Value.Input, meeting.Value.Facts, At(day, 12), By, ids.Next());
                Meetings.Add(recorded);
            }
            var record = matter.Complete(stepInput, facts, recorded?.Id, At(day, 18), By);
            Steps.Add(record);
            if (record.Outcome == StepOutcome.Rejected)
            {
                owed.Cancel($"{MatterRules.Label(step)}表决未通过，本轮结束", At(day, 18), By);
            }
            else
            {
                owed.Close(At(day, 18), By, fromOpen: true);
            }
            Obligations.Add(owed);
            until = stepInput.Until ?? until;
        }
        if (matter.State == MatterState.InProgress && matter.NextStep is { } next)
        {
            Obligations.Add(Obligation.Open(MatterObligations.Draft(matter.Id, matter.Title, v.Org.Id, township, matter.Run, next, matter.WaitingSince, until,
                MatterOptions.DefaultStepDueDays), At(matter.WaitingSince, 19), By));
        }
    }

    /// <summary>One step's input; for 提议 and 审议 of a 党支部 the meeting of its ledger as well.</summary>
    private (StepInput Input, (MeetingInput Input, MeetingFacts Facts)? Meeting) Step(Village v, Matter matter, MatterStep step, DateOnly day, bool rejects)
    {
        var ledger = v.Org.Kind == OrgKind.Branch && MatterRules.LedgerType(step) is not null;
        var voting = v.Members.Count(m => m.PartyStatus == PartyStatus.Full);
        switch (step)
        {
            case MatterStep.Proposal or MatterStep.Review when ledger:
            {
                var type = MatterRules.LedgerType(step)!.Value;
                var committee = v.Positions.Where(p => p.OrgId == v.Org.Id && p.IsActiveOn(day) && MeetingRules.CommitteeTitles.Contains(p.Title))
                    .Select(p => p.PersonId).ToList();
                var expected = step == MatterStep.Proposal && committee.Count > 1
                    ? MeetingRules.DefaultExpected([MeetingType.Committee], v.Members.Select(m => m.Id), committee)
                    : v.Members.Select(m => m.Id).ToList();
                // All there but one member now and then, away with leave; the secretary chairs.
                var away = expected.Count > 3 && r.Bool(0.5f) ? expected.Last(id => id != v.Secretary) : Guid.Empty;
                var attendees = expected.Select(id => id == away ? new AttendeeInput(id, AttendanceStatus.OnLeave, "外出务工") : new AttendeeInput(id, AttendanceStatus.Present))
                    .ToList();
                var summary = step == MatterStep.Proposal ? $"村党组织研究提出“{matter.Title}”的初步意见。" : $"党员大会审议“{matter.Title}”方案。";
                var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), ChinaTime.Zone.BaseUtcOffset).ToUniversalTime();
                var recorder = v.Members.Any(m => m.Id == v.Clerk) ? v.Clerk : v.Cadre;
                var meeting = new MeetingInput(v.Org.Id, start, start.AddMinutes(90), "党群服务中心会议室", [type], $"村级事务{MatterRules.Label(step)}：{matter.Title}",
                    v.Secretary, recorder, attendees, Content: summary);
                var memberFacts = new MeetingFacts(day, new MeetingFacts.OrgFacts(v.Org.Id, v.Org.Name, v.Org.Kind),
                    v.Members.ToDictionary(m => m.Id, m => m.PartyStatus), new HashSet<Guid> { v.Secretary }, FirstSecretaries(v, day), new HashSet<Guid>(), v.Names);
                var present = MeetingRules.QuorumOf(attendees, memberFacts.Members).Present;
                var input = new StepInput(step, day, v.Secretary, recorder, "党群服务中心会议室", "09:00", "10:30", attendees,
                    VotesFor: step == MatterStep.Review ? (rejects ? voting / 2 : present) : null, Summary: summary);
                return (input, (meeting, memberFacts));
            }
            case MatterStep.Proposal:
                return (new StepInput(step, day, v.Secretary, v.Clerk, "村委会议室", SecretaryAbsent: false, Summary: $"村党组织研究提出“{matter.Title}”的初步意见。"), null);
            case MatterStep.Deliberation:
                return (new StepInput(step, day, r.Bool() ? v.Cadre : v.Secretary, v.Clerk, "村委会议室", Summary: "村“两委”联席会议商议，包村干部列席，形成方案。"), null);
            case MatterStep.Review:
            {
                var present = voting - (voting > 4 ? 1 : 0);
                return (new StepInput(step, day, v.Secretary, v.Clerk, "党群服务中心会议室", SecretaryAbsent: false, VotingMembers: voting, VotingPresent: present,
                    VotesFor: rejects ? voting / 2 : present, Summary: $"党员大会审议“{matter.Title}”方案。"), null);
            }
            case MatterStep.Assembly:
            {
                var members = r.Number(21, 45);
                var present = (2 * members + 2) / 3 + r.Number(0, 3);
                var yes = rejects ? present / 2 : present - r.Number(1, 3);
                return (new StepInput(step, day, v.Secretary, v.Clerk, "村文化礼堂", Form: AssemblyForm.Representatives, Members: members, Present: present,
                    VotesFor: yes, VotesAgainst: rejects ? present - yes : present - yes - 1, Abstentions: rejects ? 0 : 1,
                    Summary: rejects ? "村民代表会议表决，同意人数未过半数。" : "村民代表会议表决通过。"), null);
            }
            case MatterStep.Disclosure:
                return (new StepInput(step, day, Place: "村务公开栏", Until: day.AddDays(6)), null);
            default:
                return (new StepInput(step, day, Summary: "结果已在村务公开栏、村民微信群告知。"), null);
        }
    }

    private static HashSet<Guid> FirstSecretaries(Village v, DateOnly day) =>
        v.Positions.Where(p => p.OrgId == v.Org.Id && p.Title == PositionTitle.FirstSecretary && p.IsActiveOn(day)).Select(p => p.PersonId).ToHashSet();

    /// <summary>The facts the rules read, as the service reads them from the database on the step's day.</summary>
    private StepFacts Facts(Village v, Matter matter, MatterStep step, DateOnly day, DateOnly? until, (MeetingInput Input, MeetingFacts Facts)? meeting)
    {
        HashSet<Guid> Of(PositionTitle title) => v.Positions.Where(p => p.OrgId == v.Org.Id && p.Title == title && p.IsActiveOn(day)).Select(p => p.PersonId).ToHashSet();
        HashSet<Guid> Linked(LinkKind kind) => v.Links.Where(l => l.OrgId == v.Org.Id && l.Kind == kind && l.StartOn <= day && (l.EndOn == null || l.EndOn >= day))
            .Select(l => l.PersonId).ToHashSet();
        var previous = Steps.Where(s => s.MatterId == matter.Id && s.Run == matter.Run).OrderByDescending(s => s.Step).FirstOrDefault();
        (int, int)? quorum = null;
        if (meeting is { } m && step == MatterStep.Review)
        {
            var q = MeetingRules.QuorumOf(m.Input.Attendees, m.Facts.Members);
            quorum = (q.Voting, q.Present);
        }
        return new StepFacts(today, matter.State, matter.NextStep ?? MatterStep.Notice,
            previous is null ? null : new StepFacts.PreviousStep(previous.Step, previous.On), until,
            Of(PositionTitle.Secretary), Of(PositionTitle.FirstSecretary), Of(PositionTitle.Clerk), Of(PositionTitle.VillageCommitteeDirector),
            Linked(LinkKind.VillageLeader), Linked(LinkKind.VillageCadre), v.Names, MatterOptions.DefaultMinDisclosureDays, meeting is not null, quorum);
    }
}
