using Bogus;
using Zeren.Core.Obligations;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Responsibilities;

namespace Zeren.Core.Demo;

/// <summary>The demo county's responsibility lists (责任清单) and each item's record at each receiver.</summary>
public sealed record DemoListSet(
    IReadOnlyList<ResponsibilityList> Lists, IReadOnlyList<ResponsibilityItem> Items, IReadOnlyList<ListReceiver> Receivers,
    IReadOnlyList<ItemCompletion> Completions, IReadOnlyList<Obligation> Obligations)
{
    public static readonly DemoListSet Empty = new([], [], [], [], []);
}

/// <summary>
/// This year's lists, issued in mid-January (or yesterday, early in a year): the county's common list for the
/// township committees and one for the village branches, and two townships' own lists for their branches. Items fall
/// due through the year; those past their deadline are mostly reported (some late, most confirmed, a few returned and
/// open again), some are overdue, and a few of those still ahead are already done. Drawn from its own seeded
/// randomizer, so the rest of the county is the same with or without lists.
/// </summary>
internal sealed class DemoLists
{
    private static readonly (string Content, string Standard, int Month)[] TownshipItems =
    [
        ("专题研究基层党建工作，制定年度党建工作要点", "党委会会议记录、年度要点文件", 3),
        ("书记讲专题党课", "讲稿、照片、参加人员签到表", 6),
        ("落实“三会一课”、主题党日督导，每季度全覆盖", "督导台账、问题清单", 9),
        ("整顿软弱涣散村党组织，销号验收", "整顿方案、验收材料", 11),
        ("开展抓基层党建述职评议", "述职报告、评议结果", 12),
    ];

    private static readonly (string Content, string Standard, int Month)[] BranchItems =
    [
        ("规范召开支部党员大会、支委会，落实“三会一课”", "会议记录完整，上传会议照片", 3),
        ("完成年度发展党员计划", "发展对象培养考察材料齐全", 6),
        ("落实“四议两公开”，公开村级重大事项", "公开栏照片、决议记录", 9),
        ("召开组织生活会，开展民主评议党员", "会议记录、评议结果", 12),
    ];

    private static readonly (string Content, string Standard, int Month)[] OwnItems =
    [
        ("每月开展主题党日，党员参与率不低于 80%", "活动记录、签到表", 4),
        ("建立党员联系户台账，走访困难群众", "台账、走访照片", 7),
        ("推进村集体经济项目，年底前见效", "项目进度说明、收益台账", 10),
    ];

    private static readonly string[] Evidence =
    [
        "已按要求完成，会议记录和照片已上传。", "已完成，相关材料已归档备查。", "已组织实施，形成书面材料。", "按时完成，附佐证材料。",
    ];

    private readonly Randomizer r;
    private readonly DemoIdFactory ids;
    private readonly DateOnly today;

    public DemoLists(int seed, DateOnly today)
    {
        r = new Randomizer(unchecked((seed * 37) + 5003));
        ids = new DemoIdFactory(new Randomizer(unchecked((seed * 7907) + 5011)));
        this.today = today;
    }

    /// <summary>An hour of a China day, as the instant (UTC) the database keeps.</summary>
    private static DateTimeOffset At(DateOnly day, int hour) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    public DemoListSet Generate(Organization county, IReadOnlyList<Organization> townships, IReadOnlyList<Organization> orgs, IReadOnlyList<Position> positions)
    {
        var issueDay = new DateOnly(today.Year, 1, 15);
        if (issueDay >= today)
        {
            issueDay = today.AddDays(-1);
        }
        var lists = new List<ResponsibilityList>();
        var items = new List<ResponsibilityItem>();
        var receivers = new List<ListReceiver>();
        var completions = new List<ItemCompletion>();
        var obligations = new List<Obligation>();
        var holders = positions.Where(p => p.IsActiveOn(issueDay)).GroupBy(p => p.OrgId).ToDictionary(g => g.Key, g => g.ToList());
        var year = today.Year;

        void Add(Organization issuer, ListKind kind, string title, (string Content, string Standard, int Month)[] entries, ResponsibilityRole role,
            IEnumerable<Organization> to)
        {
            var issuedAt = At(issueDay, 9);
            var list = ResponsibilityList.Create(issuer.Id, kind, title, null, issuedAt, "demo", ids.Next());
            var own = entries.Select((e, i) => ResponsibilityItem.Create(list, i + 1,
                new ItemInput(e.Content, e.Standard, new DateOnly(year, e.Month, DateTime.DaysInMonth(year, e.Month)), role, null), issueDay, issuedAt, "demo"))
                .ToList();
            list.MarkIssued(issuedAt, "demo");
            lists.Add(list);
            items.AddRange(own);
            foreach (var org in to)
            {
                receivers.Add(ListReceiver.Of(list.Id, org.Id, issuedAt));
                var held = holders.GetValueOrDefault(org.Id) ?? [];
                var posts = ListRules.TitlesFor(role, org.Kind);
                var person = held.Where(h => posts.Contains(h.Title)).OrderBy(h => h.Title).ThenBy(h => h.StartOn).Select(h => (Guid?)h.PersonId).FirstOrDefault();
                var diligence = org.Strength switch { StrengthClass.Weak => 0.6, StrengthClass.Average => 0.8, _ => 0.9 };
                foreach (var item in own)
                {
                    var c = ItemCompletion.Assign(item, org.Id, person, issuedAt);
                    Report(c, item, diligence);
                    completions.Add(c);
                    obligations.Add(Owed(list, item, c, issuedAt));
                }
            }
        }

        Add(county, ListKind.Common, $"{year}年度乡镇党委书记抓基层党建工作责任清单", TownshipItems, ResponsibilityRole.First, townships);
        Add(county, ListKind.Common, $"{year}年度村党支部书记抓党建工作责任清单", BranchItems, ResponsibilityRole.Specific,
            orgs.Where(o => o.Kind == OrgKind.Branch && o.IsVillage));
        foreach (var township in townships.Take(2))
        {
            Add(township, ListKind.Own, $"{year}年度{township.Name.Replace("党委", "", StringComparison.Ordinal)}党支部书记个性责任清单", OwnItems,
                ResponsibilityRole.Specific, orgs.Where(o => o.Kind == OrgKind.Branch && o.Path.StartsWith(township.Path, StringComparison.Ordinal)));
        }
        return new DemoListSet(lists, items, receivers, completions, obligations);
    }

    /// <summary>The item's obligation at the receiver, in the state its record is in (as the service would have left it).</summary>
    private static Obligation Owed(ResponsibilityList list, ResponsibilityItem item, ItemCompletion c, DateTimeOffset issuedAt)
    {
        var o = Obligation.Open(ResponsibilityListService.Draft(list, item, c), issuedAt, "demo");
        if (c.DoneAt is { } doneAt)
        {
            o.Submit(c.Evidence, [], doneAt, "demo");
            if (c.ConfirmedAt is { } confirmedAt)
            {
                o.Close(confirmedAt, "demo", fromOpen: false);
            }
            else if (c.ReturnedAt is { } returnedAt)
            {
                o.Return(c.ReturnComment!.ReplaceLineEndings(" "), returnedAt);
            }
        }
        return o;
    }

    private const int ReviewWindowDays = 30;

    /// <summary>What a receiver did with an item by today: reported (perhaps late), confirmed or returned, or nothing yet.</summary>
    private void Report(ItemCompletion c, ResponsibilityItem item, double diligence)
    {
        var past = item.DueOn < today;
        if (!r.Bool((float)(past ? diligence : diligence * 0.3)))
        {
            return;
        }
        var doneOn = past && r.Bool(0.15f) ? item.DueOn.AddDays(r.Number(1, 12)) : item.DueOn.AddDays(-r.Number(0, 40));
        if (doneOn >= today)
        {
            doneOn = today.AddDays(-1);
        }
        if (doneOn <= DateOnly.FromDateTime(item.CreatedAt.DateTime))
        {
            return;
        }
        c.MarkDone(item, r.ArrayElement(Evidence), At(doneOn, 16), "demo");
        var reviewOn = doneOn.AddDays(r.Number(1, 6));
        if (reviewOn >= today)
        {
            return;
        }
        if (r.Bool(0.08f))
        {
            c.Return(item, "佐证材料不完整，请补充后重新报送。", At(reviewOn, 10), "demo");
        }
        else if (r.Bool(0.75f) || reviewOn < today.AddDays(-ReviewWindowDays))
        {
            // The county reviews what is reported: only the last weeks' reports may still wait.
            c.Confirm(item, At(reviewOn, 10), "demo");
        }
    }
}
