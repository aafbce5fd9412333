using Bogus;
using Zeren.Core.Meetings;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Person = Zeren.Core.People.Person;
using Zeren.Core.Platform;

namespace Zeren.Core.Demo;

/// <summary>
/// A year of 三会一课 for every 党支部 of the demo county, up to yesterday: each month a 主题党日 that is also the
/// 学习会 (seed 004 merges them), a 支部委员会 of the branch's officers, a 党小组会 where groups exist; the 党员大会
/// rides on the 主题党日 in the middle month of each quarter, the 党课 on July's, and 组织生活会 with 民主评议 in
/// December. Weak villages miss more, and some go through a slump of a few months; now and then a congress misses its
/// quorum. Drawn from its own seeded randomizer, so the rest of the county is the same with or without meetings.
/// </summary>
internal sealed class DemoMeetings
{
    private static readonly string[] Places = ["党群服务中心会议室", "村委会议室", "党员活动室", "支部办公室", "新时代文明实践站"];
    private static readonly string[] StudyTopics =
    [
        "学习党章和党内法规", "学习习近平新时代中国特色社会主义思想", "学习全会精神", "学习《中国共产党支部工作条例》",
        "学习乡村振兴政策", "学习《中国共产党纪律处分条例》", "学习先进典型事迹", "学习基层治理“×工作法”",
    ];
    private static readonly string[] CommitteeTopics =
    [
        "研究本月党建工作安排", "研究发展党员工作", "研究村级集体经济项目", "研究“三议一会一公开一知晓”提议事项",
        "研究党费收缴和党员管理", "研究问题整改措施",
    ];
    private static readonly string[] AbsenceReasons = ["外出务工", "生病住院", "家中有事", "在外地学习", "年老行动不便"];

    private readonly Randomizer r;
    private readonly DemoIdFactory ids;
    private readonly DateOnly today;
    private readonly DateTimeOffset now;

    public DemoMeetings(int seed, DateOnly today, DateTimeOffset now)
    {
        r = new Randomizer(unchecked((seed * 31) + 4099));
        ids = new DemoIdFactory(new Randomizer(unchecked((seed * 7919) + 4111)));
        this.today = today;
        this.now = now;
    }

    public List<Meeting> Generate(IReadOnlyList<Organization> orgs, IReadOnlyList<Person> people, IReadOnlyList<Position> positions)
    {
        var byId = orgs.ToDictionary(o => o.Id);
        var hasGroups = orgs.Where(o => o.Kind == OrgKind.Group && o.ParentId.HasValue).Select(o => o.ParentId!.Value).ToHashSet();
        var membersOf = people.Where(p => p.PartyStatus != PartyStatus.None).GroupBy(p => p.OrgId).ToDictionary(g => g.Key, g => g.ToList());
        var names = people.ToDictionary(p => p.Id, p => p.Name);
        var active = positions.Where(p => p.IsActiveOn(today)).ToList();
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-12);
        var meetings = new List<Meeting>();
        foreach (var branch in orgs.Where(o => o.Kind == OrgKind.Branch))
        {
            if (!membersOf.TryGetValue(branch.Id, out var members) || members.Count < 3)
            {
                continue;
            }
            var secretary = active.FirstOrDefault(p => p.OrgId == branch.Id && p.Title == PositionTitle.Secretary);
            if (secretary is null)
            {
                continue;
            }
            // The village a branch belongs to decides how well it keeps its ledger.
            var village = branch.Depth > 2 && branch.ParentId is { } parent ? byId[parent] : branch;
            var diligence = village.Strength switch
            {
                StrengthClass.Strong => 0.97,
                StrengthClass.Average => 0.88,
                StrengthClass.Weak => 0.66,
                _ => 0.92,
            };
            var slumpStart = village.Strength == StrengthClass.Weak && r.Bool(0.5f) ? r.Number(0, 9) : -1;
            var slumpLength = r.Number(2, 4);
            // A 支委会 expects the committee (MeetingRules.DefaultExpected); a branch without one on record, its secretary and two members.
            var committee = active.Where(p => p.OrgId == branch.Id && MeetingRules.CommitteeTitles.Contains(p.Title)).Select(p => p.PersonId).ToList();
            var officers = committee.Count > 1
                ? MeetingRules.DefaultExpected([MeetingType.Committee], members.Select(m => m.Id), committee).ToHashSet()
                : members.Where(m => m.Id != secretary.PersonId).Take(2).Select(m => m.Id).Prepend(secretary.PersonId).ToHashSet();
            var firstSecretary = active.FirstOrDefault(p => p.OrgId == branch.Id && p.Title == PositionTitle.FirstSecretary);
            var facts = new MeetingFacts(today, new MeetingFacts.OrgFacts(branch.Id, branch.Name, OrgKind.Branch),
                members.ToDictionary(m => m.Id, m => m.PartyStatus), new HashSet<Guid> { secretary.PersonId },
                firstSecretary is null ? new HashSet<Guid>() : [firstSecretary.PersonId], new HashSet<Guid>(), names);
            var recorder = members.FirstOrDefault(m => m.Id != secretary.PersonId)?.Id;

            for (var i = 0; i < 13; i++)
            {
                var month = first.AddMonths(i);
                var p = i >= slumpStart && i < slumpStart + slumpLength && slumpStart >= 0 ? diligence - 0.45 : diligence;
                var themeTypes = new List<MeetingType> { MeetingType.ThemeDay, MeetingType.Study };
                if (month.Month % 3 == 2)
                {
                    themeTypes.Add(MeetingType.Congress);
                }
                if (month.Month == 7)
                {
                    themeTypes.Add(MeetingType.Lecture);
                }
                if (month.Month == 12)
                {
                    themeTypes.Add(MeetingType.OrgLife);
                    themeTypes.Add(MeetingType.MemberReview);
                }
                if (r.Bool((float)p))
                {
                    Add(meetings, facts, branch, month, themeTypes, r.ArrayElement(StudyTopics), secretary.PersonId, recorder, members.Select(m => m.Id), p,
                        month.Month == 7 ? secretary.PersonId : null);
                }
                else if (month.Month % 3 == 2 && r.Bool((float)p))
                {
                    // The congress is made up in the quarter's last month.
                    Add(meetings, facts, branch, month.AddMonths(1), [MeetingType.Congress], "召开党员大会", secretary.PersonId, recorder, members.Select(m => m.Id), p, null);
                }
                if (r.Bool((float)p))
                {
                    Add(meetings, facts, branch, month, [MeetingType.Committee], r.ArrayElement(CommitteeTopics), secretary.PersonId, recorder, officers, 0.97, null);
                }
                if (hasGroups.Contains(branch.Id) && r.Bool((float)p))
                {
                    Add(meetings, facts, branch, month, [MeetingType.GroupMeeting], "党小组学习讨论", secretary.PersonId, recorder, members.Take(members.Count / 2).Select(m => m.Id), p, null);
                }
                if (firstSecretary is not null && month.Month == 10 && r.Bool((float)p))
                {
                    Add(meetings, facts, branch, month, [MeetingType.Lecture], "第一书记讲党课", secretary.PersonId, recorder, members.Select(m => m.Id), p, firstSecretary.PersonId);
                }
            }
        }
        return meetings;
    }

    private void Add(List<Meeting> meetings, MeetingFacts facts, Organization branch, DateOnly month, IReadOnlyList<MeetingType> types, string topic,
        Guid chair, Guid? recorder, IEnumerable<Guid> expected, double diligence, Guid? lecturer)
    {
        var day = new DateOnly(month.Year, month.Month, r.Number(2, 26));
        if (day >= today)
        {
            return;
        }
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(r.Bool() ? 9 : 14, r.Bool() ? 0 : 30)), ChinaTime.Zone.BaseUtcOffset);
        var presentRate = 0.55 + (0.4 * diligence);
        var attendees = expected.Select(id =>
        {
            if (id == chair || r.Bool((float)presentRate))
            {
                return new AttendeeInput(id, AttendanceStatus.Present);
            }
            return r.Bool(0.6f)
                ? new AttendeeInput(id, AttendanceStatus.OnLeave, r.ArrayElement(AbsenceReasons))
                : new AttendeeInput(id, AttendanceStatus.AbsentWithReason, r.ArrayElement(AbsenceReasons));
        }).ToList();
        var input = new MeetingInput(branch.Id, start, start.AddMinutes(r.Number(60, 150)), r.ArrayElement(Places), types, topic, chair, recorder,
            attendees, lecturer, $"{topic}。与会党员结合实际交流了学习体会。", types.Contains(MeetingType.Committee) ? "会议研究确定了下一步工作安排。" : null);
        meetings.Add(Meeting.Record(input, facts, now, "demo", ids.Next()));
    }
}
