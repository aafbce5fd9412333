using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;
using Zeren.Core.Supervision;

namespace Zeren.Core.Demo;

/// <summary>
/// The demo county's supervision orders (督办单): a handful from the county to townships and a village, and one from the
/// first township to the demo branch, in every state — one issued, one acknowledged and then escalated to 重点督办 and
/// past its deadline, one answered and waiting to be verified, one closed, one returned — numbered as the service numbers
/// them (per issuer and year, in the order issued), with the counters that continue the numbering.
/// </summary>
public sealed class DemoOrders
{
    private DemoOrders(IReadOnlyList<SupervisionOrder> orders, IReadOnlyList<SupervisionEvent> events, IReadOnlyList<SupervisionCounter> counters,
        IReadOnlyList<Obligation> obligations)
    {
        Orders = orders;
        Events = events;
        Counters = counters;
        Obligations = obligations;
    }

    public IReadOnlyList<SupervisionOrder> Orders { get; }
    public IReadOnlyList<SupervisionEvent> Events { get; }
    public IReadOnlyList<SupervisionCounter> Counters { get; }

    /// <summary>The receivers' obligations (<see cref="SupervisionService.ObligationKind"/>), in the state their orders left them.</summary>
    public IReadOnlyList<Obligation> Obligations { get; }

    /// <summary>The demo accounts that act on them (their logins: pages show their people's names).</summary>
    private const string County = "county";
    private const string Township = "township1";
    private const string Branch = "branch";

    private sealed record Plan(int DaysAgo, Organization Issuer, Organization Receiver, string Title, string Content, string? Requirements, int DueInDays,
        string SourceType, string? SourceTitle, Func<SupervisionOrder, DateTimeOffset, List<SupervisionEvent>> Steps);

    public static DemoOrders Generate(DemoCounty county, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(county);
        var today = ChinaTime.Today(new FixedClock(now));
        var t = county.Townships;
        var t1 = t[0];
        var village = county.VillagesAndCommunities.Where(v => v.ParentId == t1.Id && v.Domain == OrgDomain.Rural)
            .OrderBy(v => v.SortOrder).ThenBy(v => v.Code, StringComparer.Ordinal).First();
        var farVillage = county.VillagesAndCommunities.Where(v => v.ParentId == t[4].Id).OrderBy(v => v.SortOrder).ThenBy(v => v.Code, StringComparer.Ordinal).First();
        var c = county.County;
        DateTimeOffset Ago(int days) => now.AddDays(-days);

        var plans = new List<Plan>
        {
            new(60, c, t[3], "报送党建引领基层治理试点工作总结", "请报送试点工作开展情况、主要做法和成效。", "附典型案例 1 至 2 个", -30, SupervisionSources.Task, null,
                (o, _) => [o.Acknowledge(Ago(59), Township, t[3].Id), o.Respond("已报送试点工作总结及两个典型案例。", ChinaDate(Ago(35)), Ago(35), Township, t[3].Id),
                    o.Verify("材料齐全，同意办结。", Ago(33), County, c.Id)]),
            new(30, c, t1, "整改软弱涣散村党组织整顿进度滞后问题", "经督查，你镇软弱涣散村党组织整顿工作进度滞后，整顿方案未按期报送。",
                "逐村制定整顿方案，明确包村领导和整顿时限，报县委组织部备案", -10, SupervisionSources.Problem, "2026年软弱涣散村党组织整顿",
                (o, _) => [o.Acknowledge(Ago(28), Township, t1.Id), o.Escalate("逾期未反馈，列为重点督办。", Ago(5), County, c.Id)]),
            new(20, c, t[2], "推进村级组织活动场所规范化建设", "请对照标准逐项整改村级组织活动场所存在的问题。", "附整改前后照片", 5, SupervisionSources.Inspection, "2026年第三季度党建督查",
                (o, _) => [o.Acknowledge(Ago(18), Township, t[2].Id), o.Respond("已完成 12 个村活动场所标识标牌和制度上墙整改。", ChinaDate(Ago(2)), Ago(2), Township, t[2].Id)]),
            new(15, c, farVillage, "补开支部委员会并规范会议记录", "你支部三会一课存在缺项，会议记录不规范。", "补开会议并上传会议记录照片", 3, SupervisionSources.MeetingCompliance,
                "三会一课：支部委员会缺项",
                (o, _) => [o.Acknowledge(Ago(14), Branch, farVillage.Id), o.Respond("已补开支部委员会。", ChinaDate(Ago(6)), Ago(6), Branch, farVillage.Id),
                    o.Return("佐证材料不全，请补充会议记录照片。", Ago(4), County, c.Id)]),
            new(3, c, t[1], "报送第四季度党建工作推进情况", "请报送本季度党建工作重点任务推进情况。", null, 12, SupervisionSources.Task, null, (_, _) => []),
            new(2, t1, village, "督促落实三会一课制度", "上月你支部三会一课存在缺项，请查明原因并及时补开。", "补开后反馈会议记录", 7, SupervisionSources.MeetingCompliance,
                "上月三会一课", (_, _) => []),
        };

        var orders = new List<SupervisionOrder>();
        var events = new List<SupervisionEvent>();
        var obligations = new List<Obligation>();
        var numbers = new Dictionary<(Guid, int), int>();
        foreach (var p in plans.OrderBy(p => -p.DaysAgo))
        {
            var at = Ago(p.DaysAgo);
            var year = ChinaDate(at).Year;
            var key = (p.Issuer.Id, year);
            var number = numbers[key] = numbers.GetValueOrDefault(key) + 1;
            var draft = new OrderDraft(p.Receiver.Id, p.Title, p.Content, p.Requirements, today.AddDays(p.DueInDays), p.SourceType, null, p.SourceTitle, null);
            var by = p.Issuer.Id == c.Id ? County : Township;
            var (order, issued) = SupervisionOrder.Issue(p.Issuer.Id, draft, year, number, null, at, by, p.Issuer.Id);
            orders.Add(order);
            events.Add(issued);
            var steps = p.Steps(order, at);
            events.AddRange(steps);
            // The obligation the order opened, taken through what its steps did to it.
            var obligation = Obligation.Open(SupervisionService.ObligationOf(order), at, by);
            foreach (var step in steps)
            {
                switch (step.Action)
                {
                    case SupervisionAction.Respond:
                        obligation.Submit(step.Text, [], step.At, step.By);
                        break;
                    case SupervisionAction.Return:
                        obligation.Return(step.Text!, step.At);
                        break;
                    case SupervisionAction.Verify:
                        obligation.Close(step.At, step.By, fromOpen: false);
                        break;
                }
            }
            obligations.Add(obligation);
        }
        var counters = numbers.Select(n => SupervisionCounter.Of(n.Key.Item1, n.Key.Item2, n.Value)).ToList();
        return new DemoOrders(orders, events, counters, obligations);
    }

    private static DateOnly ChinaDate(DateTimeOffset instant) => DateOnly.FromDateTime(ChinaTime.ToChina(instant).DateTime);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
