using Zeren.Core.Meetings;
using Zeren.Core.Platform;

namespace Zeren.Core.Decisions;

/// <summary>
/// The rules of 三议一会一公开一知晓 (seed 004 §2.1, SPEC §4) as pure functions over a step's input and
/// <see cref="StepFacts"/>: the order of the steps, who may chair and record each, the quorum and vote of 审议 and 一会, and the
/// disclosure period. Every rule is checked and every refusal collected, each with its code, its field and the rule's text
/// in Chinese. Counts are whole numbers and the arithmetic stays in integers: 以上 includes the number itself (Civil Code
/// art. 1259), 过半数 and 超过半数 are strictly more than half.
/// </summary>
public static class MatterRules
{
    public const int TitleMax = 100;
    public const int ProposerMax = 100;
    public const int PlaceMax = 100;
    public const int SummaryMax = 5000;
    public const int AmendmentMax = 2000;

    /// <summary>The most people a count may say (a villager meeting of a large village included).</summary>
    public const int CountMax = 100_000;

    /// <summary>The steps in their order; none is skipped.</summary>
    public static readonly IReadOnlyList<MatterStep> Order =
        [MatterStep.Proposal, MatterStep.Deliberation, MatterStep.Review, MatterStep.Assembly, MatterStep.Disclosure, MatterStep.Notice];

    /// <summary>The step after <paramref name="step"/>, or null after the last.</summary>
    public static MatterStep? After(MatterStep step) => step == MatterStep.Notice ? null : (MatterStep)((int)step + 1);

    public static string Label(MatterStep step) => step switch
    {
        MatterStep.Proposal => "提议",
        MatterStep.Deliberation => "商议",
        MatterStep.Review => "审议",
        MatterStep.Assembly => "一会",
        MatterStep.Disclosure => "一公开",
        MatterStep.Notice => "一知晓",
        _ => step.ToString(),
    };

    /// <summary>Steps held as a meeting, with a chair and a recorder.</summary>
    public static bool IsMeeting(MatterStep step) => step is MatterStep.Proposal or MatterStep.Deliberation or MatterStep.Review or MatterStep.Assembly;

    /// <summary>Steps that count in the meeting ledger (提议 as a 支委会, 审议 as a 党员大会) when the village's organization is a 党支部.</summary>
    public static MeetingType? LedgerType(MatterStep step) => step switch
    {
        MatterStep.Proposal => MeetingType.Committee,
        MatterStep.Review => MeetingType.Congress,
        _ => null,
    };

    // ---- the rules' texts, word for word where they quote ----

    public const string ProposalChairRule = "提议和审议由村党组织书记主持，书记不在时由第一书记主持，不能由包村领导、包村干部主持。";
    public const string DeliberationChairRule = "商议由包村领导、包村干部、村党组织书记或村委会主任主持。";
    public const string AssemblyChairRule = "一会（村民代表会议或村民会议）由村党组织书记主持（县级规定）。";
    public const string RecorderRule = "记录人应为村文书，或由包村干部代为记录。";
    public const string CongressQuorumRule = "表决必须有半数以上有表决权的党员到会方可进行。";
    public const string CongressPassRule = "赞成人数超过应到会有表决权的党员的半数为通过。";
    public const string RepresentativesQuorumRule = "村民代表会议有三分之二以上的组成人员参加方可召开。";
    public const string VillagersQuorumRule = "召开村民会议，应当有本村十八周岁以上村民的过半数，或者本村三分之二以上的户的代表参加。";
    public const string AssemblyPassRule = "所作决定应当经到会人员的过半数同意。";

    // ---- quorum and votes, in integers ----

    /// <summary>审议: 半数以上有表决权的党员到会 — present ≥ half of the voting members (以上 includes half).</summary>
    public static bool CongressQuorum(int voting, int present) => voting > 0 && 2 * present >= voting;

    /// <summary>审议: 赞成人数超过应到会有表决权的党员的半数 — votes for &gt; half of the voting members.</summary>
    public static bool CongressPasses(int voting, int votesFor) => 2 * votesFor > voting;

    /// <summary>村民代表会议: 三分之二以上的组成人员参加 — present ≥ two thirds of the members (以上 includes two thirds).</summary>
    public static bool RepresentativesQuorum(int members, int present) => members > 0 && 3 * present >= 2 * members;

    /// <summary>
    /// 村民会议: 本村十八周岁以上村民的过半数 (present adults &gt; half), 或者本村三分之二以上的户的代表 (households represented ≥ two
    /// thirds of the households).
    /// </summary>
    public static bool VillagersQuorum(int adults, int present, int? households, int? presentHouseholds) =>
        (adults > 0 && 2 * present > adults)
        || (households is > 0 and var h && presentHouseholds is { } ph && 3 * ph >= 2 * h);

    /// <summary>一会: 到会人员的过半数同意 — votes for &gt; half of those present.</summary>
    public static bool AssemblyPasses(int present, int votesFor) => 2 * votesFor > present;

    /// <summary>A time of day as HH:mm (or HH:mm:ss); null when it is not one.</summary>
    public static TimeOnly? TimeOf(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm", "HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var t) ? t : null;

    /// <summary>The days a disclosure is posted, both ends included.</summary>
    public static int DisclosureDays(DateOnly from, DateOnly until) => until.DayNumber - from.DayNumber + 1;

    /// <summary>The outcome of the checks: how the step ended, and why when it was rejected.</summary>
    public sealed record Checked(StepOutcome Outcome, string? Summary, string? Place, string? OutcomeNote);

    /// <summary>Checks every rule of the step; throws one <see cref="ValidationFailedException"/> with all that are broken.</summary>
    public static Checked Check(StepInput input, StepFacts facts)
    {
        var errors = new List<ValidationError>();
        var result = Check(input, facts, errors);
        ValidationFailedException.ThrowIfAny(errors);
        return result!;
    }

    /// <summary>Every rule the step breaks; empty when it may be recorded.</summary>
    public static IReadOnlyList<ValidationError> Problems(StepInput input, StepFacts facts)
    {
        var errors = new List<ValidationError>();
        Check(input, facts, errors);
        return errors;
    }

    private static Checked? Check(StepInput input, StepFacts facts, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(facts);
        void Fail(string code, string message, string field) => errors.Add(new ValidationError(field, message, Code: code));

        if (facts.State != MatterState.InProgress)
        {
            Fail("matter_not_in_progress", facts.State == MatterState.Rejected
                ? "该事项本轮已未通过而结束：如需继续，请重新发起（从提议开始）。"
                : "该事项六个步骤已全部完成，不能再登记步骤；如需更正请登记补正。", "step");
            return null;
        }
        if (!Enum.IsDefined(input.Step))
        {
            Fail("matter_step_unknown", $"未知的步骤（{(int)input.Step}）。", "step");
            return null;
        }
        var next = facts.Next;
        if (input.Step != next)
        {
            if (input.Step < next)
            {
                Fail("matter_step_done", $"“{Label(input.Step)}”已完成：完成的步骤不能修改，如需更正请登记补正。", "step");
            }
            else
            {
                Fail("matter_step_out_of_order",
                    $"不能跳过“{Label(next)}”：须按 提议、商议、审议、一会、一公开、一知晓 的顺序进行，前一步完成后才能开始下一步，下一步是“{Label(next)}”。",
                    "step");
            }
            return null;
        }

        if (input.On > facts.Today)
        {
            Fail("matter_step_in_future", $"日期 {input.On:yyyy-MM-dd} 晚于今天：只登记已经完成的步骤。", "on");
        }
        if (facts.Previous is { } prev && input.On < prev.On)
        {
            Fail("matter_step_before_previous", $"“{Label(input.Step)}”的日期不能早于上一步“{Label(prev.Step)}”（{prev.On:yyyy-MM-dd}）。", "on");
        }
        var summary = Text(input.Summary, SummaryMax, "summary", "内容", required: input.Step != MatterStep.Disclosure, Fail);
        var place = Text(input.Place, PlaceMax, "place", input.Step == MatterStep.Disclosure ? "公开地点" : "地点",
            required: IsMeeting(input.Step) || input.Step == MatterStep.Disclosure, Fail);

        if (IsMeeting(input.Step))
        {
            CheckChair(input, facts, Fail);
            CheckRecorder(input, facts, Fail);
        }

        var outcome = StepOutcome.Done;
        string? note = null;
        switch (input.Step)
        {
            case MatterStep.Review:
                (outcome, note) = CheckReview(input, facts, Fail);
                break;
            case MatterStep.Assembly:
                (outcome, note) = CheckAssembly(input, Fail);
                break;
            case MatterStep.Disclosure:
                CheckDisclosure(input, facts, Fail);
                break;
            case MatterStep.Notice:
                if (facts.DisclosedUntil is { } until && input.On <= until)
                {
                    Fail("matter_notice_before_disclosure_end",
                        $"公开期至 {until:yyyy-MM-dd} 结束，一知晓须在公开期满后（{until.AddDays(1):yyyy-MM-dd} 起）完成。", "on");
                }
                break;
        }
        return errors.Count > 0 ? null : new Checked(outcome, summary, place, note);
    }

    /// <summary>Who may chair each meeting step, in the rule's words when refused.</summary>
    private static void CheckChair(StepInput input, StepFacts facts, Action<string, string, string> fail)
    {
        if (input.ChairPersonId is not { } chair)
        {
            fail("matter_chair_required", "请选择主持人。", "chairPersonId");
            return;
        }
        if (!facts.Names.ContainsKey(chair))
        {
            fail("matter_chair_unknown", "未找到主持人。", "chairPersonId");
            return;
        }
        var name = facts.NameOf(chair);
        switch (input.Step)
        {
            case MatterStep.Proposal or MatterStep.Review:
                if (facts.Secretaries.Contains(chair))
                {
                    return;
                }
                if (facts.IsVillageLinked(chair) && !facts.FirstSecretaries.Contains(chair))
                {
                    fail("matter_chair_village_link", $"“{name}”是包村领导或包村干部，不能主持：{ProposalChairRule}", "chairPersonId");
                    return;
                }
                if (facts.FirstSecretaries.Contains(chair))
                {
                    if (facts.SecretaryPresent(input))
                    {
                        fail("matter_chair_secretary_present", $"书记在场时应由书记主持：{ProposalChairRule}", "chairPersonId");
                    }
                    return;
                }
                fail("matter_chair_not_allowed", $"“{name}”不能主持：{ProposalChairRule}", "chairPersonId");
                return;
            case MatterStep.Deliberation:
                if (facts.Secretaries.Contains(chair) || facts.Directors.Contains(chair) || facts.IsVillageLinked(chair))
                {
                    return;
                }
                fail("matter_chair_not_allowed", $"“{name}”不能主持：{DeliberationChairRule}", "chairPersonId");
                return;
            default:
                if (!facts.Secretaries.Contains(chair))
                {
                    fail("matter_chair_not_allowed", $"“{name}”不能主持：{AssemblyChairRule}", "chairPersonId");
                }
                return;
        }
    }

    private static void CheckRecorder(StepInput input, StepFacts facts, Action<string, string, string> fail)
    {
        if (input.RecorderPersonId is not { } recorder)
        {
            fail("matter_recorder_required", "请选择记录人。", "recorderPersonId");
            return;
        }
        if (!facts.Names.ContainsKey(recorder))
        {
            fail("matter_recorder_unknown", "未找到记录人。", "recorderPersonId");
            return;
        }
        if (!facts.Clerks.Contains(recorder) && !facts.VillageCadres.Contains(recorder))
        {
            fail("matter_recorder_not_allowed", $"“{facts.NameOf(recorder)}”不能记录：{RecorderRule}", "recorderPersonId");
        }
    }

    private static (StepOutcome, string?) CheckReview(StepInput input, StepFacts facts, Action<string, string, string> fail)
    {
        int voting, present;
        if (facts.LedgerQuorum is { } q)
        {
            (voting, present) = q;
        }
        else
        {
            voting = Count(input.VotingMembers, "votingMembers", "有表决权的党员人数", required: true, fail) ?? -1;
            present = Count(input.VotingPresent, "votingPresent", "到会有表决权的党员人数", required: true, fail) ?? -1;
            if (voting >= 0 && present > voting)
            {
                fail("matter_count_present_over", "到会有表决权的党员不能多于有表决权的党员。", "votingPresent");
                return (StepOutcome.Done, null);
            }
        }
        var votesFor = Count(input.VotesFor, "votesFor", "赞成人数", required: true, fail);
        var against = Count(input.VotesAgainst, "votesAgainst", "反对人数", required: false, fail) ?? 0;
        var abstain = Count(input.Abstentions, "abstentions", "弃权人数", required: false, fail) ?? 0;
        if (voting < 0 || present < 0 || votesFor is null)
        {
            return (StepOutcome.Done, null);
        }
        if (voting == 0)
        {
            fail("matter_review_no_voters", "没有有表决权的正式党员，党员大会不能表决。", "votingMembers");
            return (StepOutcome.Done, null);
        }
        if (!CongressQuorum(voting, present))
        {
            fail("matter_review_quorum", $"有表决权的党员 {voting} 人，到会 {present} 人，未达到半数：{CongressQuorumRule}", facts.LedgerQuorum is null ? "votingPresent" : "attendees");
            return (StepOutcome.Done, null);
        }
        if (votesFor + against + abstain > present)
        {
            fail("matter_votes_over_present", $"赞成、反对、弃权合计 {votesFor + against + abstain} 人，多于到会有表决权的党员 {present} 人。", "votesFor");
            return (StepOutcome.Done, null);
        }
        return CongressPasses(voting, votesFor.Value)
            ? (StepOutcome.Done, $"有表决权的党员 {voting} 人，到会 {present} 人，赞成 {votesFor} 人，通过。")
            : (StepOutcome.Rejected, $"有表决权的党员 {voting} 人，到会 {present} 人，赞成 {votesFor} 人，未超过半数，未通过。{CongressPassRule}");
    }

    private static (StepOutcome, string?) CheckAssembly(StepInput input, Action<string, string, string> fail)
    {
        if (input.Form is not { } form || !Enum.IsDefined(form))
        {
            fail("matter_assembly_form_required", "请选择会议形式：村民代表会议或村民会议。", "form");
            return (StepOutcome.Done, null);
        }
        var members = Count(input.Members, "members", form == AssemblyForm.Representatives ? "村民代表会议组成人员" : "本村十八周岁以上村民人数", required: true, fail);
        var present = Count(input.Present, "present", "到会人数", required: true, fail);
        int? households = null, presentHouseholds = null;
        if (form == AssemblyForm.Villagers)
        {
            households = Count(input.Households, "households", "本村户数", required: false, fail);
            presentHouseholds = Count(input.PresentHouseholds, "presentHouseholds", "到会户代表所代表的户数", required: false, fail);
            if (households is { } hh && presentHouseholds > hh)
            {
                fail("matter_count_households_over", "到会户代表所代表的户数不能多于本村户数。", "presentHouseholds");
                return (StepOutcome.Done, null);
            }
        }
        var votesFor = Count(input.VotesFor, "votesFor", "同意人数", required: true, fail);
        var against = Count(input.VotesAgainst, "votesAgainst", "反对人数", required: false, fail) ?? 0;
        var abstain = Count(input.Abstentions, "abstentions", "弃权人数", required: false, fail) ?? 0;
        if (members is not { } m || present is not { } p || votesFor is not { } yes)
        {
            return (StepOutcome.Done, null);
        }
        if (form == AssemblyForm.Representatives && p > m)
        {
            fail("matter_count_present_over", "到会人数不能多于村民代表会议组成人员。", "present");
            return (StepOutcome.Done, null);
        }
        if (form == AssemblyForm.Representatives ? !RepresentativesQuorum(m, p) : !VillagersQuorum(m, p, households, presentHouseholds))
        {
            fail("matter_assembly_quorum", form == AssemblyForm.Representatives
                ? $"组成人员 {m} 人，到会 {p} 人，不足三分之二：{RepresentativesQuorumRule}"
                : $"十八周岁以上村民 {m} 人，到会 {p} 人{(households is { } h ? $"，{h} 户中到会户代表 {presentHouseholds ?? 0} 户" : "")}：{VillagersQuorumRule}",
                "present");
            return (StepOutcome.Done, null);
        }
        if (yes + against + abstain > p)
        {
            fail("matter_votes_over_present", $"同意、反对、弃权合计 {yes + against + abstain} 人，多于到会人数 {p} 人。", "votesFor");
            return (StepOutcome.Done, null);
        }
        var meeting = form == AssemblyForm.Representatives ? "村民代表会议" : "村民会议";
        return AssemblyPasses(p, yes)
            ? (StepOutcome.Done, $"{meeting}到会 {p} 人，同意 {yes} 人，通过。")
            : (StepOutcome.Rejected, $"{meeting}到会 {p} 人，同意 {yes} 人，未过半数，未通过。{AssemblyPassRule}");
    }

    private static void CheckDisclosure(StepInput input, StepFacts facts, Action<string, string, string> fail)
    {
        if (input.Until is not { } until)
        {
            fail("matter_disclosure_until_required", "请填写公开截止日期。", "until");
            return;
        }
        var days = DisclosureDays(input.On, until);
        if (days < facts.MinDisclosureDays)
        {
            fail("matter_disclosure_too_short",
                $"公开期 {input.On:yyyy-MM-dd} 至 {until:yyyy-MM-dd} 共 {Math.Max(days, 0)} 天，不少于 {facts.MinDisclosureDays} 天。", "until");
        }
    }

    private static int? Count(int? value, string field, string label, bool required, Action<string, string, string> fail)
    {
        if (value is null)
        {
            if (required)
            {
                fail("matter_count_required", $"请填写{label}。", field);
            }
            return null;
        }
        if (value < 0 || value > CountMax)
        {
            fail("matter_count_range", $"{label}应在 0 到 {CountMax} 之间。", field);
            return null;
        }
        return value;
    }

    internal static string? Text(string? value, int max, string field, string label, bool required, Action<string, string, string> fail)
    {
        var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (v is null && required)
        {
            fail($"matter_{field}_required", $"{label}不能为空。", field);
        }
        if (v?.Length > max)
        {
            fail($"matter_{field}_too_long", $"{label}不能超过 {max} 个字。", field);
        }
        return v;
    }
}

/// <summary>
/// What one step says. A meeting step (提议, 商议, 审议, 一会) has a chair, a recorder and a place; 提议 and 审议 of a village whose
/// organization is a 党支部 are recorded in the meeting ledger, so they take the meeting's times and attendees too
/// (<see cref="StartTime"/>, <see cref="EndTime"/> as HH:mm, China time, and <see cref="Attendees"/>), and 审议's quorum is counted from them; elsewhere
/// 审议 states <see cref="VotingMembers"/> and <see cref="VotingPresent"/>. 审议 and 一会 record the vote; 一会 its form and
/// counts; 一公开 where (<see cref="Place"/>), from (<see cref="On"/>) and until, and a photo.
/// </summary>
public sealed record StepInput(
    MatterStep Step,
    DateOnly On,
    Guid? ChairPersonId = null,
    Guid? RecorderPersonId = null,
    string? Place = null,
    string? StartTime = null,
    string? EndTime = null,
    IReadOnlyList<AttendeeInput>? Attendees = null,
    bool? SecretaryAbsent = null,
    int? VotingMembers = null,
    int? VotingPresent = null,
    int? VotesFor = null,
    int? VotesAgainst = null,
    int? Abstentions = null,
    AssemblyForm? Form = null,
    int? Members = null,
    int? Households = null,
    int? Present = null,
    int? PresentHouseholds = null,
    DateOnly? Until = null,
    Guid? PhotoFileId = null,
    [MultiLineText] string? Summary = null);

/// <summary>
/// What the rules need from the database, on the step's date: the matter's state and next step, the step before, who holds
/// the village's posts (书记, 第一书记, 文书, 村委会主任) and who is linked to it as 包村领导/包村干部, the names of the people the
/// input mentions, and, for a 审议 recorded in the ledger, its quorum as the ledger counts it.
/// </summary>
public sealed record StepFacts(
    DateOnly Today,
    MatterState State,
    MatterStep Next,
    StepFacts.PreviousStep? Previous,
    DateOnly? DisclosedUntil,
    IReadOnlySet<Guid> Secretaries,
    IReadOnlySet<Guid> FirstSecretaries,
    IReadOnlySet<Guid> Clerks,
    IReadOnlySet<Guid> Directors,
    IReadOnlySet<Guid> VillageLeaders,
    IReadOnlySet<Guid> VillageCadres,
    IReadOnlyDictionary<Guid, string> Names,
    int MinDisclosureDays,
    bool InLedger = false,
    (int Voting, int Present)? LedgerQuorum = null)
{
    public sealed record PreviousStep(MatterStep Step, DateOnly On);

    public string NameOf(Guid personId) => Names.TryGetValue(personId, out var n) ? n : personId.ToString();

    public bool IsVillageLinked(Guid personId) => VillageLeaders.Contains(personId) || VillageCadres.Contains(personId);

    /// <summary>
    /// Whether the secretary was there: from the attendance when the meeting is in the ledger, else as the record says
    /// (a vacant post counts as absent).
    /// </summary>
    public bool SecretaryPresent(StepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Secretaries.Count == 0)
        {
            return false;
        }
        if (InLedger)
        {
            return (input.Attendees ?? []).Any(a => a.Status == AttendanceStatus.Present && Secretaries.Contains(a.PersonId));
        }
        return input.SecretaryAbsent != true;
    }
}
