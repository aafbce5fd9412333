using System.ComponentModel;
using System.Text.Json;
using Zeren.Core.Platform;

namespace Zeren.Core.PartyAudits;

/// <summary>Where an audit round stands.</summary>
public enum AuditRoundState
{
    /// <summary>已建立: units and checklist set, no sample drawn yet.</summary>
    Draft,

    /// <summary>审计中: the sample is drawn; auditors score the sampled branches.</summary>
    Sampled,

    /// <summary>已结束: closed; the units see their results, failed items became problems.</summary>
    Closed,
}

/// <summary>The two kinds of branch a round samples under each audited unit (seed 002: 机关支部 1–2; 村、社区、两新 2–3).</summary>
public enum AuditBranchKind
{
    /// <summary>机关支部: branches of agencies and public institutions (机关, 事业单位, 学校, 医院).</summary>
    Agency,

    /// <summary>村、社区、两新: village, community and non-public (两新) branches.</summary>
    Grassroots,
}

/// <summary>
/// 党建审计轮次 (seed 002): the department audits units (townships, county agencies) by drawing a few of their branches at
/// random, scoring each on the round's checklist (<see cref="AuditItem"/>), ranking the units by the mean of their
/// branches' totals, and, on closing, opening a problem for every failed item with a two-month deadline and a written
/// rectification report owed by each unit (ADR 0032). Scoped by the organization that runs it (the county).
/// </summary>
[DisplayName("党建审计")]
public sealed class AuditRound
{
    public const int NameMax = 200;

    /// <summary>The deadline of the rectification after closing (seed 002: 两个月内整改完毕).</summary>
    public const int RectificationMonths = 2;

    private AuditRound()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The organization that runs the audit (the county's committee); the row is scoped by it.</summary>
    [DisplayName("审计单位")]
    public Guid OrgId { get; private set; }

    [DisplayName("年度")]
    public int Year { get; private set; }

    [DisplayName("名称")]
    public string Name { get; private set; } = "";

    [DisplayName("机关支部最少")]
    public int AgencyMin { get; private set; }

    [DisplayName("机关支部最多")]
    public int AgencyMax { get; private set; }

    [DisplayName("村社区两新支部最少")]
    public int GrassrootsMin { get; private set; }

    [DisplayName("村社区两新支部最多")]
    public int GrassrootsMax { get; private set; }

    [DisplayName("状态")]
    public AuditRoundState State { get; private set; }

    [DisplayName("随机种子")]
    public long? Seed { get; private set; }

    /// <summary>Every input of the draw as it stood (<see cref="AuditSampleInput"/> as JSON).</summary>
    [DisplayName("抽样输入")]
    public string? InputJson { get; private set; }

    [DisplayName("抽样时间")]
    public DateTimeOffset? SampledAt { get; private set; }

    [DisplayName("抽样人")]
    public string? SampledBy { get; private set; }

    [DisplayName("结束时间")]
    public DateTimeOffset? ClosedAt { get; private set; }

    [DisplayName("结束人")]
    public string? ClosedBy { get; private set; }

    /// <summary>整改时限: two months after the China day of closing.</summary>
    [DisplayName("整改时限")]
    public DateOnly? RectifyBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("建立人")]
    public string CreatedBy { get; private set; } = "";

    public AuditSamplingRules Rules => new(AgencyMin, AgencyMax, GrassrootsMin, GrassrootsMax);

    internal static AuditRound Create(Guid orgId, int year, string name, AuditSamplingRules rules, DateTimeOffset now, string by, Guid? id = null) => new()
    {
        Id = id ?? Ids.New(),
        OrgId = orgId,
        Year = year,
        Name = name,
        AgencyMin = rules.AgencyMin,
        AgencyMax = rules.AgencyMax,
        GrassrootsMin = rules.GrassrootsMin,
        GrassrootsMax = rules.GrassrootsMax,
        State = AuditRoundState.Draft,
        CreatedAt = now,
        CreatedBy = by,
    };

    /// <summary>The sample is drawn: the seed and inputs are kept so the draw can be repeated.</summary>
    internal void Sampled(AuditSampleInput input, DateTimeOffset now, string by)
    {
        if (State != AuditRoundState.Draft)
        {
            throw new DomainException("audit_already_sampled", "本轮审计已经抽样，不能再次抽样。", "state");
        }
        Seed = input.Seed;
        InputJson = JsonSerializer.Serialize(input, Json);
        SampledAt = now;
        SampledBy = by;
        State = AuditRoundState.Sampled;
    }

    /// <summary>Refuses a change of scores once the round is not in its scoring state.</summary>
    internal void EnsureScoring()
    {
        if (State == AuditRoundState.Closed)
        {
            throw new DomainException("audit_round_closed", "本轮审计已经结束，不能再评分。", "state");
        }
        if (State == AuditRoundState.Draft)
        {
            throw new DomainException("audit_not_sampled", "本轮审计尚未抽样，请先抽取被审计支部。", "state");
        }
    }

    internal void Close(DateOnly rectifyBy, DateTimeOffset now, string by)
    {
        if (State == AuditRoundState.Closed)
        {
            throw new DomainException("audit_round_closed", "本轮审计已经结束，不能再次结束。", "state");
        }
        if (State == AuditRoundState.Draft)
        {
            throw new DomainException("audit_not_sampled", "本轮审计尚未抽样，不能结束。", "state");
        }
        State = AuditRoundState.Closed;
        ClosedAt = now;
        ClosedBy = by;
        RectifyBy = rectifyBy;
    }

    /// <summary>The stored inputs of the draw, when drawn.</summary>
    public AuditSampleInput? Input() => InputJson is null ? null : JsonSerializer.Deserialize<AuditSampleInput>(InputJson, Json);

    /// <summary>A closed round, for the demo county.</summary>
    internal static AuditRound Demo(Guid id, Guid orgId, int year, string name, AuditSamplingRules rules, AuditSampleInput input, DateTimeOffset createdAt,
        DateTimeOffset sampledAt, DateTimeOffset closedAt, DateOnly rectifyBy, string by)
    {
        var r = Create(orgId, year, name, rules, createdAt, by, id);
        r.Sampled(input, sampledAt, by);
        r.Close(rectifyBy, closedAt, by);
        return r;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>被审计单位: one unit of a round (a township, a county agency's committee), scoped by the unit itself.</summary>
[DisplayName("被审计单位")]
public sealed class AuditUnit
{
    private AuditUnit()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("审计")]
    public Guid RoundId { get; private set; }

    [DisplayName("被审计单位")]
    public Guid OrgId { get; private set; }

    [DisplayName("顺序")]
    public int Position { get; private set; }

    /// <summary>When the round closed: from then on the unit's own accounts see its result (before, only auditors do).</summary>
    [DisplayName("结果公布时间")]
    public DateTimeOffset? ReleasedAt { get; private set; }

    internal static AuditUnit Create(AuditRound round, Guid orgId, int position, Guid? id = null) =>
        new() { Id = id ?? Ids.New(), RoundId = round.Id, OrgId = orgId, Position = position };

    internal void Release(DateTimeOffset now) => ReleasedAt = now;
}

/// <summary>审计清单项: an item of a round's checklist, scored up to its points.</summary>
[DisplayName("审计清单项")]
public sealed class AuditItem
{
    public const int TitleMax = 200;
    public const int MaxPointsLimit = 100;

    private AuditItem()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("审计")]
    public Guid RoundId { get; private set; }

    [DisplayName("顺序")]
    public int Position { get; private set; }

    [DisplayName("审计内容")]
    public string Title { get; private set; } = "";

    [DisplayName("分值")]
    public int MaxPoints { get; private set; }

    internal static AuditItem Create(AuditRound round, int position, string title, int maxPoints, Guid? id = null) =>
        new() { Id = id ?? Ids.New(), RoundId = round.Id, Position = position, Title = title, MaxPoints = maxPoints };
}

/// <summary>抽中支部: a branch drawn under an audited unit, with its total once scored.</summary>
[DisplayName("抽中支部")]
public sealed class AuditSample
{
    private AuditSample()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("审计")]
    public Guid RoundId { get; private set; }

    [DisplayName("被审计单位")]
    public Guid UnitId { get; private set; }

    [DisplayName("支部")]
    public Guid OrgId { get; private set; }

    [DisplayName("类别")]
    public AuditBranchKind Kind { get; private set; }

    [DisplayName("顺序")]
    public int Position { get; private set; }

    /// <summary>The sum of its item points; null until scored.</summary>
    [DisplayName("得分")]
    public int? Total { get; private set; }

    [DisplayName("未通过项数")]
    public int Failed { get; private set; }

    [DisplayName("评分时间")]
    public DateTimeOffset? ScoredAt { get; private set; }

    [DisplayName("评分人")]
    public string? ScoredBy { get; private set; }

    internal static AuditSample Create(AuditUnit unit, Guid orgId, AuditBranchKind kind, int position, Guid? id = null) =>
        new() { Id = id ?? Ids.New(), RoundId = unit.RoundId, UnitId = unit.Id, OrgId = orgId, Kind = kind, Position = position };

    internal void Scored(int total, int failed, DateTimeOffset now, string by)
    {
        Total = total;
        Failed = failed;
        ScoredAt = now;
        ScoredBy = by;
    }
}

/// <summary>审计评分: one checklist item's points, pass or fail and note at one sampled branch.</summary>
[DisplayName("审计评分")]
public sealed class AuditScore
{
    public const int NoteMax = 1000;

    private AuditScore()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("抽中支部")]
    public Guid SampleId { get; private set; }

    [DisplayName("清单项")]
    public Guid ItemId { get; private set; }

    [DisplayName("得分")]
    public int Points { get; private set; }

    [DisplayName("通过")]
    public bool Passed { get; private set; }

    [DisplayName("说明")]
    public string? Note { get; private set; }

    internal static AuditScore Create(AuditSample sample, Guid itemId, int points, bool passed, string? note, Guid? id = null) =>
        new() { Id = id ?? Ids.New(), SampleId = sample.Id, ItemId = itemId, Points = points, Passed = passed, Note = note };

    internal void Change(int points, bool passed, string? note)
    {
        Points = points;
        Passed = passed;
        Note = note;
    }
}
