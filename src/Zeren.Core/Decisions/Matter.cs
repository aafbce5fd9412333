using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Decisions;

/// <summary>
/// 村级事务: one village-level matter that goes through 三议一会一公开一知晓. The matter keeps where its current run stands
/// (<see cref="Run"/>, <see cref="State"/>, <see cref="NextStep"/>) and since when it waits; its steps are
/// <see cref="MatterStepRecord"/>s, which are never changed once recorded. A vote that fails ends the run as rejected;
/// the matter may start again (a new run, from 提议).
/// </summary>
[DisplayName("村级事务")]
public sealed class Matter
{
    private Matter()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The village (its party organization, an organization at village level).</summary>
    [DisplayName("村")]
    public Guid OrgId { get; private set; }

    [DisplayName("事项名称")]
    public string Title { get; private set; } = "";

    [DisplayName("事项类别")]
    public MatterCategory Category { get; private set; }

    /// <summary>涉及金额 in 分 (fen), when money is involved.</summary>
    [DisplayName("涉及金额（分）")]
    public long? AmountFen { get; private set; }

    /// <summary>Who raised it (村党组织, 村委会, 十名以上村民联名 …), as written.</summary>
    [DisplayName("提议人")]
    public string Proposer { get; private set; } = "";

    /// <summary>The county leader who guides this run (县级领导指导), if any.</summary>
    [DisplayName("指导县级领导")]
    public Guid? GuidedByPersonId { get; private set; }

    /// <summary>1 for the first run; a restart after a rejection adds one.</summary>
    [DisplayName("轮次")]
    public int Run { get; private set; }

    [DisplayName("状态")]
    public MatterState State { get; private set; }

    /// <summary>The step the matter waits for; null once completed or rejected.</summary>
    [DisplayName("下一步骤")]
    public MatterStep? NextStep { get; private set; }

    /// <summary>The day the matter started waiting for <see cref="NextStep"/> (the last step's date, or the start).</summary>
    [DisplayName("等待起始日期")]
    public DateOnly WaitingSince { get; private set; }

    [DisplayName("发起日期")]
    public DateOnly StartedOn { get; private set; }

    /// <summary>The day the run ended (一知晓 done, or the vote that rejected it).</summary>
    [DisplayName("结束日期")]
    public DateOnly? EndedOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("登记人")]
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("更新人")]
    public string UpdatedBy { get; private set; } = "";

    public decimal? Amount => AmountFen is { } f ? f / 100m : null;

    public static Matter Start(Guid orgId, MatterInput input, DateOnly today, DateTimeOffset now, string by, Guid? id = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new Problems();
        void Fail(string code, string message, string field) => problems.Add(code, message, field);
        var title = MatterRules.Text(input.Title, MatterRules.TitleMax, "title", "事项名称", required: true, Fail);
        var proposer = MatterRules.Text(input.Proposer, MatterRules.ProposerMax, "proposer", "提议人", required: true, Fail);
        if (!Enum.IsDefined(input.Category))
        {
            Fail("matter_category_unknown", $"未知的事项类别（{(int)input.Category}）。", "category");
        }
        var fen = AmountToFen(input.Amount, Fail);
        if (input.StartedOn is { } started && started > today)
        {
            Fail("matter_started_in_future", "发起日期不能晚于今天。", "startedOn");
        }
        problems.ThrowIfAny();
        var on = input.StartedOn ?? today;
        return new Matter
        {
            Id = id ?? Ids.New(), OrgId = orgId, Title = title!, Category = input.Category, AmountFen = fen, Proposer = proposer!,
            GuidedByPersonId = input.GuidedByPersonId, Run = 1, State = MatterState.InProgress, NextStep = MatterStep.Proposal,
            WaitingSince = on, StartedOn = on, CreatedAt = now, CreatedBy = by, UpdatedAt = now, UpdatedBy = by,
        };
    }

    /// <summary>涉及金额 in whole yuan, kept in fen.</summary>
    private static long? AmountToFen(int? amount, Action<string, string, string> fail)
    {
        if (amount is not { } a)
        {
            return null;
        }
        if (a < 0)
        {
            fail("matter_amount_range", "涉及金额不能为负数。", "amount");
            return null;
        }
        return a * 100L;
    }

    /// <summary>
    /// Records the next step as checked by <see cref="MatterRules"/>: the step row to keep, and the matter moves on (or ends:
    /// completed after 一知晓, rejected by a failed vote).
    /// </summary>
    public MatterStepRecord Complete(StepInput input, StepFacts facts, Guid? meetingId, DateTimeOffset now, string by)
    {
        var result = MatterRules.Check(input, facts);
        var step = MatterStepRecord.Of(this, input, result, meetingId, now, by);
        if (result.Outcome == StepOutcome.Rejected)
        {
            State = MatterState.Rejected;
            NextStep = null;
            EndedOn = input.On;
        }
        else if (MatterRules.After(input.Step) is { } next)
        {
            NextStep = next;
        }
        else
        {
            State = MatterState.Completed;
            NextStep = null;
            EndedOn = input.On;
        }
        WaitingSince = input.On;
        Touch(now, by);
        return step;
    }

    /// <summary>重新发起 after a rejection: a new run from 提议; the rejected run's steps stay in the record.</summary>
    public void Restart(DateOnly on, Guid? guidedBy, DateOnly today, DateTimeOffset now, string by)
    {
        if (State != MatterState.Rejected)
        {
            throw new DomainException("matter_restart_not_rejected", "只有未通过的事项可以重新发起。");
        }
        var problems = new Problems();
        if (on > today)
        {
            problems.Add("matter_started_in_future", "发起日期不能晚于今天。", "startedOn");
        }
        if (EndedOn is { } ended && on < ended)
        {
            problems.Add("matter_restart_before_rejection", $"重新发起的日期不能早于上一轮未通过的日期（{ended:yyyy-MM-dd}）。", "startedOn");
        }
        problems.ThrowIfAny();
        Run++;
        State = MatterState.InProgress;
        NextStep = MatterStep.Proposal;
        StartedOn = on;
        WaitingSince = on;
        EndedOn = null;
        GuidedByPersonId = guidedBy;
        Touch(now, by);
    }

    /// <summary>The record changed (an amendment added): by whom and when, so the guard checks the matter's village.</summary>
    internal void Touch(DateTimeOffset now, string by)
    {
        UpdatedAt = now;
        UpdatedBy = by;
    }
}

/// <summary>
/// 步骤记录: one step of one run of a matter, as recorded; never changed afterwards (a correction is a
/// <see cref="MatterAmendment"/>). A 提议 or 审议 kept in the meeting ledger points to its meeting (<see cref="MeetingId"/>),
/// whose attendance and times are not copied here.
/// </summary>
[DisplayName("事项步骤")]
public sealed class MatterStepRecord
{
    private MatterStepRecord()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("村级事务")]
    public Guid MatterId { get; private set; }

    [DisplayName("轮次")]
    public int Run { get; private set; }

    [DisplayName("步骤")]
    public MatterStep Step { get; private set; }

    [DisplayName("日期")]
    public DateOnly On { get; private set; }

    [DisplayName("结果")]
    public StepOutcome Outcome { get; private set; }

    /// <summary>The vote's numbers in words, when the step voted.</summary>
    [DisplayName("表决情况")]
    public string? OutcomeNote { get; private set; }

    [DisplayName("主持人")]
    public Guid? ChairPersonId { get; private set; }

    [DisplayName("记录人")]
    public Guid? RecorderPersonId { get; private set; }

    /// <summary>The meeting in the ledger (提议 as 支委会, 审议 as 党员大会).</summary>
    [DisplayName("会议记录")]
    public Guid? MeetingId { get; private set; }

    [DisplayName("地点")]
    public string? Place { get; private set; }

    [DisplayName("内容")]
    public string? Summary { get; private set; }

    [DisplayName("书记缺席")]
    public bool? SecretaryAbsent { get; private set; }

    [DisplayName("有表决权党员")]
    public int? VotingMembers { get; private set; }

    [DisplayName("到会有表决权党员")]
    public int? VotingPresent { get; private set; }

    [DisplayName("赞成")]
    public int? VotesFor { get; private set; }

    [DisplayName("反对")]
    public int? VotesAgainst { get; private set; }

    [DisplayName("弃权")]
    public int? Abstentions { get; private set; }

    [DisplayName("会议形式")]
    public AssemblyForm? Form { get; private set; }

    /// <summary>村民代表会议的组成人员, or 本村十八周岁以上村民.</summary>
    [DisplayName("应到人数")]
    public int? Members { get; private set; }

    [DisplayName("户数")]
    public int? Households { get; private set; }

    [DisplayName("到会人数")]
    public int? Present { get; private set; }

    [DisplayName("到会户数")]
    public int? PresentHouseholds { get; private set; }

    [DisplayName("公开截止日期")]
    public DateOnly? Until { get; private set; }

    [DisplayName("公开照片")]
    public Guid? PhotoFileId { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    [DisplayName("登记人")]
    public string RecordedBy { get; private set; } = "";

    internal static MatterStepRecord Of(Matter matter, StepInput input, MatterRules.Checked result, Guid? meetingId, DateTimeOffset now, string by)
    {
        var meeting = MatterRules.IsMeeting(input.Step);
        var voted = input.Step is MatterStep.Review or MatterStep.Assembly;
        return new MatterStepRecord
        {
            Id = Ids.New(), MatterId = matter.Id, Run = matter.Run, Step = input.Step, On = input.On, Outcome = result.Outcome,
            OutcomeNote = result.OutcomeNote,
            ChairPersonId = meeting ? input.ChairPersonId : null,
            RecorderPersonId = meeting ? input.RecorderPersonId : null,
            MeetingId = meetingId,
            Place = result.Place,
            Summary = result.Summary,
            SecretaryAbsent = input.Step is MatterStep.Proposal or MatterStep.Review && meetingId is null ? input.SecretaryAbsent : null,
            VotingMembers = input.Step == MatterStep.Review && meetingId is null ? input.VotingMembers : null,
            VotingPresent = input.Step == MatterStep.Review && meetingId is null ? input.VotingPresent : null,
            VotesFor = voted ? input.VotesFor : null,
            VotesAgainst = voted ? input.VotesAgainst : null,
            Abstentions = voted ? input.Abstentions : null,
            Form = input.Step == MatterStep.Assembly ? input.Form : null,
            Members = input.Step == MatterStep.Assembly ? input.Members : null,
            Households = input.Step == MatterStep.Assembly && input.Form == AssemblyForm.Villagers ? input.Households : null,
            Present = input.Step == MatterStep.Assembly ? input.Present : null,
            PresentHouseholds = input.Step == MatterStep.Assembly && input.Form == AssemblyForm.Villagers ? input.PresentHouseholds : null,
            Until = input.Step == MatterStep.Disclosure ? input.Until : null,
            PhotoFileId = input.Step == MatterStep.Disclosure ? input.PhotoFileId : null,
            RecordedAt = now,
            RecordedBy = by,
        };
    }
}

/// <summary>补正: a correction of a recorded step, with its reason and author. The step itself stays as it was recorded.</summary>
[DisplayName("事项补正")]
public sealed class MatterAmendment
{
    private MatterAmendment()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("村级事务")]
    public Guid MatterId { get; private set; }

    [DisplayName("事项步骤")]
    public Guid StepId { get; private set; }

    [DisplayName("更正内容")]
    public string Correction { get; private set; } = "";

    [DisplayName("补正原因")]
    public string Reason { get; private set; } = "";

    [DisplayName("补正时间")]
    public DateTimeOffset AmendedAt { get; private set; }

    [DisplayName("补正人")]
    public string AmendedBy { get; private set; } = "";

    public static MatterAmendment Of(MatterStepRecord step, AmendmentInput input, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(input);
        var problems = new Problems();
        void Fail(string code, string message, string field) => problems.Add(code, message, field);
        var correction = MatterRules.Text(input.Correction, MatterRules.AmendmentMax, "correction", "更正内容", required: true, Fail);
        var reason = problems.Check(() => Reasons.Require(input.Reason));
        problems.ThrowIfAny();
        return new MatterAmendment
        {
            Id = Ids.New(), MatterId = step.MatterId, StepId = step.Id, Correction = correction!, Reason = reason!, AmendedAt = now, AmendedBy = by,
        };
    }
}

/// <summary>What starts a matter.</summary>
public sealed record MatterInput(
    Guid OrgId,
    string Title,
    MatterCategory Category,
    string Proposer,
    int? Amount = null,
    Guid? GuidedByPersonId = null,
    DateOnly? StartedOn = null);

/// <summary>A correction of a recorded step: what is corrected and why.</summary>
public sealed record AmendmentInput([MultiLineText] string Correction, string Reason);

/// <summary>重新发起 a rejected matter: the day, and the county leader who guides the new run (if any).</summary>
public sealed record RestartInput(DateOnly StartedOn, Guid? GuidedByPersonId);
