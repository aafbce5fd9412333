using System.ComponentModel;
using System.Globalization;
using Zeren.Core.Platform;

namespace Zeren.Core.Supervision;

/// <summary>Where a supervision order stands. Overdue is not a state: it is read from the deadline and the clock.</summary>
public enum SupervisionState
{
    /// <summary>已下发: issued, not yet acknowledged by the receiver.</summary>
    Issued,

    /// <summary>已签收: the receiver has taken it on (also after a return: it is theirs to answer again).</summary>
    Acknowledged,

    /// <summary>已反馈: the receiver has answered; the issuer verifies or returns it.</summary>
    Responded,

    /// <summary>已办结: the issuer verified the answer and closed it.</summary>
    Closed,
}

/// <summary>What happened to an order: every transition is kept with who and when.</summary>
public enum SupervisionAction
{
    /// <summary>下发.</summary>
    Issue,

    /// <summary>签收.</summary>
    Acknowledge,

    /// <summary>反馈 (with text and evidence).</summary>
    Respond,

    /// <summary>核验办结.</summary>
    Verify,

    /// <summary>退回 (with the reason), back to acknowledged.</summary>
    Return,

    /// <summary>升级为重点督办.</summary>
    Escalate,
}

/// <summary>
/// 督办单: an order from the department (the county, or a township to the organizations below it) to an organization
/// about a task, a project or a problem, with what to do and by when. The receiver acknowledges it, then answers with
/// text and evidence; the issuer verifies (closes) it or returns it with a reason, back to acknowledged. It is overdue
/// when its deadline (a China date) has passed and it is not closed. The issuer may raise it to 重点督办, which
/// every dashboard concerned shows. Numbered 督办〔年〕N号, without gaps per issuing organization and year.
/// <para>
/// What it is about is a free reference (<see cref="SourceType"/>, <see cref="SourceId"/>, <see cref="SourceTitle"/>,
/// <see cref="SourceLink"/>), so any capability can issue orders from its rows without this one knowing it.
/// </para>
/// </summary>
[DisplayName("督办单")]
public sealed class SupervisionOrder
{
    public const int TitleMax = 200;
    public const int ContentMax = 4000;
    public const int RequirementsMax = 2000;
    public const int ResponseMax = 4000;
    public const int CommentMax = 1000;
    public const int SourceTypeMax = 40;
    public const int SourceIdMax = 100;
    public const int SourceTitleMax = 200;
    public const int SourceLinkMax = 400;

    /// <summary>The most evidence files one answer carries.</summary>
    public const int MaxFilesPerResponse = 20;

    private SupervisionOrder()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The organization that issued it (the county, or a township).</summary>
    [DisplayName("督办单位")]
    public Guid IssuerOrgId { get; private set; }

    /// <summary>The organization it is addressed to (承办单位): the row's scope.</summary>
    [DisplayName("承办单位")]
    public Guid OrgId { get; private set; }

    /// <summary>The year of the number (the China year it was issued in).</summary>
    [DisplayName("年度")]
    public int Year { get; private set; }

    /// <summary>N of 督办〔年〕N号: consecutive per issuing organization and year.</summary>
    [DisplayName("编号")]
    public int Number { get; private set; }

    [DisplayName("督办事项")]
    public string Title { get; private set; } = "";

    [DisplayName("督办内容")]
    public string Content { get; private set; } = "";

    [DisplayName("办理要求")]
    public string? Requirements { get; private set; }

    /// <summary>办理时限: the receiver answers by the end of this China day.</summary>
    [DisplayName("办理时限")]
    public DateOnly DueOn { get; private set; }

    /// <summary>What kind of row it is about (<see cref="SupervisionSources"/>), e.g. <c>task</c>, <c>meetings.compliance</c>.</summary>
    [DisplayName("来源类型")]
    public string SourceType { get; private set; } = SupervisionSources.Task;

    [DisplayName("来源编号")]
    public string? SourceId { get; private set; }

    [DisplayName("来源")]
    public string? SourceTitle { get; private set; }

    /// <summary>The app's page of the source (a path such as <c>/compliance?org=…</c>), when there is one.</summary>
    [DisplayName("来源链接")]
    public string? SourceLink { get; private set; }

    [DisplayName("状态")]
    public SupervisionState State { get; private set; }

    /// <summary>重点督办.</summary>
    [DisplayName("重点督办")]
    public bool IsEscalated { get; private set; }

    [DisplayName("升级时间")]
    public DateTimeOffset? EscalatedAt { get; private set; }

    /// <summary>Orders issued together in one bulk issuance share it.</summary>
    [DisplayName("批次")]
    public Guid? BatchId { get; private set; }

    [DisplayName("退回次数")]
    public int ReturnCount { get; private set; }

    [DisplayName("下发时间")]
    public DateTimeOffset IssuedAt { get; private set; }

    [DisplayName("下发人")]
    public string IssuedBy { get; private set; } = "";

    [DisplayName("签收时间")]
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>The latest answer's time.</summary>
    [DisplayName("反馈时间")]
    public DateTimeOffset? RespondedAt { get; private set; }

    /// <summary>The latest answer came after the deadline.</summary>
    [DisplayName("逾期反馈")]
    public bool RespondedLate { get; private set; }

    [DisplayName("办结时间")]
    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("更新人")]
    public string UpdatedBy { get; private set; } = "";

    /// <summary>督办〔2026〕3号.</summary>
    public string NumberText => Format(Year, Number);

    public static string Format(int year, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"督办〔{year}〕{number}号");

    /// <summary>Not closed and past its deadline (China date): an answer the issuer has not yet verified does not stop the clock.</summary>
    public bool IsOverdue(DateOnly today) => IsOverdue(State, DueOn, today);

    public static bool IsOverdue(SupervisionState state, DateOnly dueOn, DateOnly today) =>
        state != SupervisionState.Closed && dueOn < today;

    public bool IsOpen => State != SupervisionState.Closed;

    /// <summary>
    /// A new order, numbered; <paramref name="draft"/> has passed <see cref="SupervisionRules.Check"/>. Returns the order and
    /// its first history entry.
    /// </summary>
    internal static (SupervisionOrder Order, SupervisionEvent Issued) Issue(Guid issuerOrgId, OrderDraft draft, int year, int number,
        Guid? batchId, DateTimeOffset now, string by, Guid? byOrgId)
    {
        var order = new SupervisionOrder
        {
            Id = Ids.New(),
            IssuerOrgId = issuerOrgId,
            OrgId = draft.OrgId,
            Year = year,
            Number = number,
            Title = draft.Title,
            Content = draft.Content,
            Requirements = draft.Requirements,
            DueOn = draft.DueOn,
            SourceType = draft.SourceType,
            SourceId = draft.SourceId,
            SourceTitle = draft.SourceTitle,
            SourceLink = draft.SourceLink,
            State = SupervisionState.Issued,
            BatchId = batchId,
            IssuedAt = now,
            IssuedBy = by,
            UpdatedAt = now,
            UpdatedBy = by,
        };
        return (order, SupervisionEvent.Of(order, SupervisionAction.Issue, null, now, by, byOrgId));
    }

    /// <summary>签收: the receiver takes it on.</summary>
    internal SupervisionEvent Acknowledge(DateTimeOffset now, string by, Guid? byOrgId)
    {
        Require(SupervisionAction.Acknowledge, SupervisionState.Issued);
        State = SupervisionState.Acknowledged;
        AcknowledgedAt = now;
        return Changed(SupervisionAction.Acknowledge, null, now, by, byOrgId);
    }

    /// <summary>反馈: the receiver answers, with text (checked by <see cref="SupervisionRules.Response"/>).</summary>
    internal SupervisionEvent Respond(string text, DateOnly today, DateTimeOffset now, string by, Guid? byOrgId)
    {
        Require(SupervisionAction.Respond, SupervisionState.Acknowledged);
        State = SupervisionState.Responded;
        RespondedAt = now;
        RespondedLate = today > DueOn;
        return Changed(SupervisionAction.Respond, text, now, by, byOrgId);
    }

    /// <summary>核验办结: the issuer accepts the answer.</summary>
    internal SupervisionEvent Verify(string? comment, DateTimeOffset now, string by, Guid? byOrgId)
    {
        Require(SupervisionAction.Verify, SupervisionState.Responded);
        State = SupervisionState.Closed;
        ClosedAt = now;
        return Changed(SupervisionAction.Verify, comment, now, by, byOrgId);
    }

    /// <summary>退回: the issuer does not accept the answer; it is the receiver's again.</summary>
    internal SupervisionEvent Return(string reason, DateTimeOffset now, string by, Guid? byOrgId)
    {
        Require(SupervisionAction.Return, SupervisionState.Responded);
        State = SupervisionState.Acknowledged;
        ReturnCount++;
        return Changed(SupervisionAction.Return, reason, now, by, byOrgId);
    }

    /// <summary>升级为重点督办: once, while the order is open.</summary>
    internal SupervisionEvent Escalate(string? reason, DateTimeOffset now, string by, Guid? byOrgId)
    {
        EnsureAllows(SupervisionAction.Escalate);
        IsEscalated = true;
        EscalatedAt = now;
        return Changed(SupervisionAction.Escalate, reason, now, by, byOrgId);
    }

    /// <summary>Whether <paramref name="action"/> may follow in the order's present state (who may take it is the service's to say).</summary>
    public bool Allows(SupervisionAction action) => action switch
    {
        SupervisionAction.Acknowledge => State == SupervisionState.Issued,
        SupervisionAction.Respond => State == SupervisionState.Acknowledged,
        SupervisionAction.Verify or SupervisionAction.Return => State == SupervisionState.Responded,
        SupervisionAction.Escalate => State != SupervisionState.Closed && !IsEscalated,
        _ => false,
    };

    /// <summary>
    /// Refuses <paramref name="action"/> when the order's state does not allow it (422 <c>order_transition</c>, naming the
    /// state it needs; <c>order_already_escalated</c> for a second escalation).
    /// </summary>
    public void EnsureAllows(SupervisionAction action)
    {
        if (action == SupervisionAction.Escalate && State != SupervisionState.Closed && IsEscalated)
        {
            throw new DomainException("order_already_escalated", $"{NumberText}已是重点督办。");
        }
        if (!Allows(action))
        {
            throw Transition(action);
        }
    }

    private void Require(SupervisionAction action, SupervisionState from)
    {
        if (State != from)
        {
            throw Transition(action);
        }
    }

    private DomainException Transition(SupervisionAction action) => new("order_transition",
        $"{NumberText}现为“{SupervisionLabels.Of(State)}”，不能{SupervisionLabels.Of(action)}" +
        (SupervisionLabels.From(action) is { } from ? $"：只有“{from}”的督办单可以{SupervisionLabels.Of(action)}。" : "。"));

    private SupervisionEvent Changed(SupervisionAction action, string? text, DateTimeOffset now, string by, Guid? byOrgId)
    {
        UpdatedAt = now;
        UpdatedBy = by;
        return SupervisionEvent.Of(this, action, text, now, by, byOrgId);
    }
}

/// <summary>
/// 督办记录: one step in an order's history (下发, 签收, 反馈, 办结, 退回, 升级), who took it, from which organization, when, and
/// what they wrote: the answer, the reason of a return, the issuer's comment.
/// </summary>
[DisplayName("督办记录")]
public sealed class SupervisionEvent
{
    private SupervisionEvent()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("督办单")]
    public Guid OrderId { get; private set; }

    [DisplayName("环节")]
    public SupervisionAction Action { get; private set; }

    /// <summary>The answer, a return's reason, or a comment.</summary>
    [DisplayName("内容")]
    public string? Text { get; private set; }

    [DisplayName("时间")]
    public DateTimeOffset At { get; private set; }

    [DisplayName("操作人")]
    public string By { get; private set; } = "";

    /// <summary>The organization the acting account was bound to (none: a whole-deployment account).</summary>
    [DisplayName("操作单位")]
    public Guid? ByOrgId { get; private set; }

    internal static SupervisionEvent Of(SupervisionOrder order, SupervisionAction action, string? text, DateTimeOffset now, string by, Guid? byOrgId) => new()
    {
        // Version 7 from the instant: ordered like the history, on both databases.
        Id = Guid.CreateVersion7(now),
        OrderId = order.Id,
        Action = action,
        Text = text,
        At = now,
        By = by,
        ByOrgId = byOrgId,
    };
}

/// <summary>反馈材料: an evidence file of an answer, a <see cref="Files.StoredFile"/> of the receiving organization.</summary>
[DisplayName("反馈材料")]
public sealed class SupervisionFile
{
    private SupervisionFile()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("督办单")]
    public Guid OrderId { get; private set; }

    /// <summary>The answer (<see cref="SupervisionAction.Respond"/> entry) it came with.</summary>
    [DisplayName("反馈")]
    public Guid EventId { get; private set; }

    [DisplayName("文件")]
    public Guid StoredFileId { get; private set; }

    internal static SupervisionFile Of(SupervisionEvent response, Guid storedFileId) => new()
    {
        Id = Ids.New(),
        OrderId = response.OrderId,
        EventId = response.Id,
        StoredFileId = storedFileId,
    };
}

/// <summary>
/// The last number an issuing organization gave in a year: taken and raised in the transaction that saves the order
/// (one statement, <c>INSERT … ON CONFLICT … DO UPDATE … RETURNING</c>), so numbers are unique and without gaps however
/// many issue at once, on both databases (ADR 0023).
/// </summary>
[DisplayName("督办单编号")]
public sealed class SupervisionCounter
{
    private SupervisionCounter()
    {
    }

    public Guid IssuerOrgId { get; private set; }

    public int Year { get; private set; }

    public int LastNumber { get; private set; }

    /// <summary>A counter as it stands after <paramref name="lastNumber"/> orders (the demo county's).</summary>
    internal static SupervisionCounter Of(Guid issuerOrgId, int year, int lastNumber) =>
        new() { IssuerOrgId = issuerOrgId, Year = year, LastNumber = lastNumber };
}

/// <summary>What an order says, as the issuer gives it; one per receiver in a bulk issuance.</summary>
public sealed record OrderDraft(
    Guid OrgId,
    string Title,
    string Content,
    string? Requirements,
    DateOnly DueOn,
    string SourceType,
    string? SourceId,
    string? SourceTitle,
    string? SourceLink);
