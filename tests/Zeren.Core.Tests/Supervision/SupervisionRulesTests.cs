using FluentAssertions;
using Zeren.Core.Platform;
using Zeren.Core.Supervision;

namespace Zeren.Core.Tests.Supervision;

/// <summary>The rules of an order without the database: what an issuer writes, the state machine, overdue, the number.</summary>
public class SupervisionRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    private static OrderDraft Draft(DateOnly? due = null) =>
        new(Guid.NewGuid(), " 整改问题 ", "内容", "  ", due ?? Today.AddDays(3), "", null, null, null);

    private static SupervisionOrder Order(DateOnly? due = null) =>
        SupervisionOrder.Issue(Guid.NewGuid(), Draft(due), 2026, 7, null, Now, "county", null).Order;

    [Fact]
    public void Check_TrimsText_TakesBlanksAsNone_AndTaskAsTheDefaultSource()
    {
        var (kept, errors) = SupervisionRules.Check(Draft(), Today);
        errors.Should().BeEmpty();
        kept.Title.Should().Be("整改问题");
        kept.Requirements.Should().BeNull();
        kept.SourceType.Should().Be(SupervisionSources.Task);
    }

    [Fact]
    public void Check_NamesEveryFaultAtOnce_WithThePrefixOfABulkTarget()
    {
        var bad = new OrderDraft(Guid.NewGuid(), "", new string('长', SupervisionOrder.ContentMax + 1), null, Today.AddDays(-1), "Project!", null, null, "//elsewhere");
        var (_, errors) = SupervisionRules.Check(bad, Today, "targets[2].");
        errors.Select(e => e.Code).Should().Equal("order_title_required", "order_content_too_long", "order_due_past", "order_source_type", "order_source_link");
        errors.Should().OnlyContain(e => e.Field.StartsWith("targets[2].", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/compliance?org=1", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("/a b", false)]
    public void SourceLink_IsAPathOfThisApp(string link, bool local) => SupervisionRules.IsLocalPath(link).Should().Be(local);

    [Fact]
    public void Steps_FollowTheStateMachine_AndAReturnGoesBackToAcknowledged()
    {
        var order = Order();
        order.NumberText.Should().Be("督办〔2026〕7号");
        FluentActions.Invoking(() => order.Respond("答复", Today, Now, "v", null)).Should().Throw<DomainException>().Which.Code.Should().Be("order_transition");
        order.Acknowledge(Now, "v", null);
        FluentActions.Invoking(() => order.Acknowledge(Now, "v", null)).Should().Throw<DomainException>().Which.Code.Should().Be("order_transition");
        FluentActions.Invoking(() => order.Verify(null, Now, "c", null)).Should().Throw<DomainException>();
        order.Respond("答复", Today, Now, "v", null);
        order.Return("不全", Now, "c", null);
        order.State.Should().Be(SupervisionState.Acknowledged);
        order.ReturnCount.Should().Be(1);
        order.Respond("补充", Today, Now, "v", null);
        order.Escalate(null, Now, "c", null);
        FluentActions.Invoking(() => order.Escalate(null, Now, "c", null)).Should().Throw<DomainException>().Which.Code.Should().Be("order_already_escalated");
        order.Verify("好", Now, "c", null);
        order.State.Should().Be(SupervisionState.Closed);
        order.Allows(SupervisionAction.Escalate).Should().BeFalse();
        FluentActions.Invoking(() => order.Return("再退", Now, "c", null)).Should().Throw<DomainException>().Which.Code.Should().Be("order_transition");
    }

    [Fact]
    public void Overdue_IsPastTheDeadlineWhileNotClosed()
    {
        var order = Order(Today);
        order.IsOverdue(Today).Should().BeFalse("due by the end of the deadline's day");
        order.IsOverdue(Today.AddDays(1)).Should().BeTrue();
        order.Acknowledge(Now, "v", null);
        order.Respond("答复", Today.AddDays(1), Now, "v", null);
        order.RespondedLate.Should().BeTrue();
        order.IsOverdue(Today.AddDays(1)).Should().BeTrue("an answer not yet verified does not stop the clock");
        order.Verify(null, Now, "c", null);
        order.IsOverdue(Today.AddDays(1)).Should().BeFalse();
    }

    [Theory]
    [InlineData("3", null, 3)]
    [InlineData("3号", null, 3)]
    [InlineData("督办〔2026〕12号", 2026, 12)]
    [InlineData("[2025]4", 2025, 4)]
    public void ANumber_IsFoundAsItIsWritten(string text, int? year, int number) =>
        SupervisionService.ParseNumber(text).Should().Be((year, number));

    [Theory]
    [InlineData("整改")]
    [InlineData("0")]
    [InlineData("〔二〇二六〕3号")]
    public void Text_IsNotANumber(string text) => SupervisionService.ParseNumber(text).Should().BeNull();
}
