using System.ComponentModel;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Meetings;

/// <summary>
/// 三会一课频次: one version of the minimum cadence of a meeting type, for one org domain (or every domain), from a
/// date on. Rules are never edited: a change is a new row with a later <see cref="EffectiveFrom"/>, so a period
/// already judged keeps the rule it was judged by. A period is judged by the rule in force on its first day; a rule
/// for the org's own domain wins over one for every domain.
/// </summary>
[DisplayName("三会一课频次")]
public sealed class MeetingCadence
{
    /// <summary>The first day the seeded defaults apply: early enough to judge any ledger anyone will enter.</summary>
    public static readonly DateOnly DefaultsFrom = new(2000, 1, 1);

    private MeetingCadence()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("会议类型")]
    public MeetingType Type { get; private set; }

    /// <summary>The org domain the rule is for; null: every domain.</summary>
    [DisplayName("领域")]
    public OrgDomain? Domain { get; private set; }

    /// <summary>At least this many meetings per period; 0 switches the requirement off.</summary>
    [DisplayName("最少次数")]
    public int MinCount { get; private set; }

    [DisplayName("周期")]
    public PeriodKind Period { get; private set; }

    /// <summary>The quarter (1–4) a yearly meeting is normally held in (民主评议党员: Q4); held in another quarter it is late.</summary>
    [DisplayName("应在季度")]
    public int? ExpectedQuarter { get; private set; }

    /// <summary>The minimum is per 党员领导干部 of the branch (党课: each leader gives one a year).</summary>
    [DisplayName("按每位领导")]
    public bool PerLeader { get; private set; }

    [DisplayName("生效日期")]
    public DateOnly EffectiveFrom { get; private set; }

    [DisplayName("说明")]
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("设置人")]
    public string CreatedBy { get; private set; } = "";

    public static MeetingCadence Create(CadenceInput input, DateTimeOffset now, string createdBy, Guid? id = null)
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(input.Type))
        {
            errors.Add(new("type", "未知的会议类型。"));
        }
        if (input.Domain is { } d && !Enum.IsDefined(d))
        {
            errors.Add(new("domain", "未知的组织领域。"));
        }
        if (!Enum.IsDefined(input.Period))
        {
            errors.Add(new("period", "频次周期应为月、季度或年。"));
        }
        if (input.MinCount is < 0 or > 31)
        {
            errors.Add(new("minCount", "最少次数应在 0 到 31 之间。"));
        }
        if (input.ExpectedQuarter is { } q && (q is < 1 or > 4 || input.Period != PeriodKind.Year))
        {
            errors.Add(new("expectedQuarter", "应在季度只适用于每年一次的会议，取值 1 到 4。"));
        }
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note?.Length > 200)
        {
            errors.Add(new("note", "说明不能超过 200 个字。"));
        }
        if (input.EffectiveFrom.Day != 1)
        {
            // A rule changes at a period boundary, or a month would be judged by two rules.
            errors.Add(new("effectiveFrom", "生效日期应为某月的 1 日。"));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors[0].Message, errors);
        }
        return new MeetingCadence
        {
            Id = id ?? Ids.New(),
            Type = input.Type,
            Domain = input.Domain,
            MinCount = input.MinCount,
            Period = input.Period,
            ExpectedQuarter = input.ExpectedQuarter,
            PerLeader = input.PerLeader,
            EffectiveFrom = input.EffectiveFrom,
            Note = note,
            CreatedAt = now,
            CreatedBy = createdBy,
        };
    }

    /// <summary>
    /// The rule in force for a type, domain and day among <paramref name="rules"/>: the latest version on or before
    /// the day, of the domain's own rules if it has any in force, else of the rules for every domain.
    /// </summary>
    public static MeetingCadence? InForce(IEnumerable<MeetingCadence> rules, MeetingType type, OrgDomain domain, DateOnly day)
    {
        MeetingCadence? own = null;
        MeetingCadence? general = null;
        foreach (var r in rules)
        {
            if (r.Type != type || r.EffectiveFrom > day)
            {
                continue;
            }
            if (r.Domain == domain && (own is null || r.EffectiveFrom > own.EffectiveFrom))
            {
                own = r;
            }
            else if (r.Domain is null && (general is null || r.EffectiveFrom > general.EffectiveFrom))
            {
                general = r;
            }
        }
        return own ?? general;
    }
}

/// <summary>What an administrator enters for a new version of a cadence rule.</summary>
public sealed record CadenceInput(
    MeetingType Type,
    OrgDomain? Domain,
    int MinCount,
    PeriodKind Period,
    DateOnly EffectiveFrom,
    int? ExpectedQuarter = null,
    bool PerLeader = false,
    string? Note = null);

/// <summary>
/// The defaults of SPEC §3 (seed 004 §2.2: 党支部学习会、支部委员会、主题党日每月至少 1 次，党员大会每季度至少 1 次，
/// 党员领导干部每年讲党课不少于 1 次，民主评议每年 1 次、一般在第四季度). The migration inserts them with these ids.
/// </summary>
public static class CadenceDefaults
{
    public static IReadOnlyList<(Guid Id, CadenceInput Rule)> All { get; } =
    [
        (new Guid("0192f000-0000-7000-8000-000000000001"), new(MeetingType.Study, null, 1, PeriodKind.Month, MeetingCadence.DefaultsFrom)),
        (new Guid("0192f000-0000-7000-8000-000000000002"), new(MeetingType.Committee, null, 1, PeriodKind.Month, MeetingCadence.DefaultsFrom)),
        (new Guid("0192f000-0000-7000-8000-000000000003"), new(MeetingType.ThemeDay, null, 1, PeriodKind.Month, MeetingCadence.DefaultsFrom)),
        (new Guid("0192f000-0000-7000-8000-000000000004"), new(MeetingType.GroupMeeting, null, 1, PeriodKind.Month, MeetingCadence.DefaultsFrom, Note: "设有党小组的支部")),
        (new Guid("0192f000-0000-7000-8000-000000000005"), new(MeetingType.Congress, null, 1, PeriodKind.Quarter, MeetingCadence.DefaultsFrom)),
        (new Guid("0192f000-0000-7000-8000-000000000006"), new(MeetingType.Lecture, null, 1, PeriodKind.Year, MeetingCadence.DefaultsFrom, PerLeader: true, Note: "每名党员领导干部")),
        (new Guid("0192f000-0000-7000-8000-000000000007"), new(MeetingType.OrgLife, null, 1, PeriodKind.Year, MeetingCadence.DefaultsFrom)),
        (new Guid("0192f000-0000-7000-8000-000000000008"), new(MeetingType.MemberReview, null, 1, PeriodKind.Year, MeetingCadence.DefaultsFrom, ExpectedQuarter: 4, Note: "一般在第四季度，与组织生活会同步")),
    ];

    /// <summary>When the defaults were written (kept fixed so the migration is the same everywhere).</summary>
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    public const string CreatedBy = "system";

    public static IEnumerable<MeetingCadence> Rules() => All.Select(d => MeetingCadence.Create(d.Rule, CreatedAt, CreatedBy, d.Id));
}
