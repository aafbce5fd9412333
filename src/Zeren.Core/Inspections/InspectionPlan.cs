using System.ComponentModel;
using System.Text.Json;
using Zeren.Core.Platform;

namespace Zeren.Core.Inspections;

/// <summary>
/// 暗访计划: a drawn sample of villages (and grids in them) for an unannounced visit on a date, by the department's rules.
/// Until its visit date it is secret (三不: no notice): only the accounts of its team and the department (those who may
/// draw plans) see it; for every other account it does not exist (ADR 0029). The seed and every input of the draw are
/// stored (<see cref="InputJson"/>), so drawing again from them gives the same sample.
/// </summary>
[DisplayName("暗访计划")]
public sealed class InspectionPlan
{
    public const int NoteMax = 1000;

    private InspectionPlan()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The organization that made the plan (the county's committee); the row is scoped by it.</summary>
    [DisplayName("制定单位")]
    public Guid OrgId { get; private set; }

    [DisplayName("暗访日期")]
    public DateOnly VisitOn { get; private set; }

    [DisplayName("抽取村数")]
    public int Villages { get; private set; }

    [DisplayName("每村网格数")]
    public int GridsPerVillage { get; private set; }

    [DisplayName("覆盖周期（周）")]
    public int CycleWeeks { get; private set; }

    [DisplayName("排除近期已访（周）")]
    public int ExcludeWeeks { get; private set; }

    [DisplayName("优先日")]
    public DayOfWeek PreferredWeekday { get; private set; }

    [DisplayName("随机种子")]
    public long Seed { get; private set; }

    /// <summary>Every input of the draw as it stood (<see cref="SampleInput"/> as JSON).</summary>
    [DisplayName("抽样输入")]
    public string InputJson { get; private set; } = "";

    [DisplayName("备注")]
    public string? Note { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public static InspectionPlan Create(Guid orgId, SampleInput input, string? note, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new InspectionPlan
        {
            Id = Ids.New(),
            OrgId = orgId,
            VisitOn = input.VisitOn,
            Villages = input.Rules.Villages,
            GridsPerVillage = input.Rules.GridsPerVillage,
            CycleWeeks = input.Rules.CycleWeeks,
            ExcludeWeeks = input.Rules.ExcludeWeeks,
            PreferredWeekday = input.Rules.PreferredWeekday,
            Seed = input.Seed,
            InputJson = JsonSerializer.Serialize(input, Json),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            CreatedAt = now,
            CreatedBy = by,
        };
    }

    /// <summary>The stored inputs of the draw.</summary>
    public SampleInput Input() => JsonSerializer.Deserialize<SampleInput>(InputJson, Json)
        ?? throw new InvalidOperationException("The plan's stored draw inputs cannot be read.");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>暗访组成员: an account on a plan's team; it sees the plan before its date.</summary>
[DisplayName("暗访组成员")]
public sealed class InspectionPlanMember
{
    private InspectionPlanMember()
    {
    }

    public Guid PlanId { get; private set; }

    [DisplayName("账号")]
    public Guid AccountId { get; private set; }

    /// <summary>The plan's organization, copied: the row is scoped by it.</summary>
    public Guid OrgId { get; private set; }

    public static InspectionPlanMember Create(InspectionPlan plan, Guid accountId) =>
        new() { PlanId = plan.Id, AccountId = accountId, OrgId = plan.OrgId };
}

/// <summary>抽中村: one village of a plan's sample, in the order drawn, with the grids drawn in it.</summary>
[DisplayName("抽中村")]
public sealed class InspectionPlanVillage
{
    private InspectionPlanVillage()
    {
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }

    [DisplayName("村")]
    public Guid VillageId { get; private set; }

    [DisplayName("乡镇")]
    public Guid TownshipId { get; private set; }

    [DisplayName("顺序")]
    public int Position { get; private set; }

    /// <summary>The drawn grids' ids, comma-separated, in the order drawn.</summary>
    [DisplayName("抽中网格")]
    public string GridIds { get; private set; } = "";

    public IReadOnlyList<Guid> Grids() =>
        GridIds.Length == 0 ? [] : GridIds.Split(',').Select(Guid.Parse).ToList();

    public static InspectionPlanVillage Create(InspectionPlan plan, SampledVillage village, int position) => new()
    {
        Id = Ids.New(),
        PlanId = plan.Id,
        VillageId = village.VillageId,
        TownshipId = village.TownshipId,
        Position = position,
        GridIds = string.Join(",", village.GridIds),
    };
}
