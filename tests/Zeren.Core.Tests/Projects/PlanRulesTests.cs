using FluentAssertions;
using Xunit;
using Zeren.Core.Platform;
using Zeren.Core.Projects;

namespace Zeren.Core.Tests.Projects;

/// <summary>三上三下 and 五定 without a database: the rules on <see cref="AnnualPlan"/> and <see cref="ProjectRules"/>.</summary>
public class PlanRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Person = Guid.NewGuid();

    private static ProjectTerms Terms(string name = "红色驿站") =>
        new(name, "建成投用", "书记牵头", Person, new DateOnly(2026, 3, 1), new DateOnly(2026, 11, 30));

    private static (AnnualPlan Plan, PlanVersion Version) Submitted() =>
        AnnualPlan.Submit(Guid.NewGuid(), 2026, "思路", [Terms()], Now, "ta");

    [Fact]
    public void ThreeReturns_FlagTheThird_AndAFourthIsRefused_ThenTheFourthVersionIsApproved()
    {
        var (plan, version) = Submitted();
        var versions = new List<PlanVersion> { version };
        for (var i = 1; i <= 3; i++)
        {
            var flagged = plan.Return(versions[^1], $"第{i}次意见", Now.AddDays(i), "county");
            flagged.Should().Be(i == 3, "only the third return flags the plan");
            plan.Returns.Should().Be(i);
            plan.Status.Should().Be(PlanStatus.Returned);
            versions.Add(plan.Resubmit($"第{i + 1}版", [Terms()], Now.AddDays(i).AddHours(1), "ta"));
        }
        plan.Round.Should().Be(4);
        plan.FlaggedAt.Should().Be(Now.AddDays(3));
        versions.Select(v => v.Number).Should().Equal(1, 2, 3, 4);
        versions.Take(3).Should().OnlyContain(v => v.Decision == PlanDecision.Returned && v.Comments != null);

        var fourth = () => plan.Return(versions[^1], "第4次意见", Now.AddDays(5), "county");
        fourth.Should().Throw<DomainException>().Which.Code.Should().Be("plan_fourth_return");
        plan.Returns.Should().Be(3);
        plan.Status.Should().Be(PlanStatus.Submitted);
        versions[^1].Decision.Should().BeNull("the refused return left the version undecided");

        plan.Approve(versions[^1], null, Now.AddDays(6), "county");
        plan.Status.Should().Be(PlanStatus.Approved);
        plan.Flagged.Should().BeTrue("the flag stays for assessment");
    }

    [Fact]
    public void Return_NeedsComments_AndOnlyASubmittedPlanIsReviewed()
    {
        var (plan, version) = Submitted();
        var blank = () => plan.Return(version, "  ", Now, "county");
        blank.Should().Throw<DomainException>().Which.Code.Should().Be("plan_comments_required");
        plan.Returns.Should().Be(0);

        plan.Approve(version, "同意", Now, "county");
        var again = () => plan.Return(version, "再改", Now, "county");
        again.Should().Throw<DomainException>().Which.Code.Should().Be("plan_not_submitted");
        var resubmit = () => plan.Resubmit("新", [Terms()], Now, "ta");
        resubmit.Should().Throw<DomainException>().Which.Code.Should().Be("plan_not_returned");
    }

    [Fact]
    public void APlan_NamesEveryMissingDing_OfEveryProject_AtOnce()
    {
        var errors = AnnualPlan.Check("", [
            new ProjectTerms(null, null, null, null, null, null),
            Terms() with { DueOn = new DateOnly(2026, 2, 1) },
        ]);
        errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("text", "plan_text_required"),
            ("projects[0].name", "project_matter_required"),
            ("projects[0].target", "project_target_required"),
            ("projects[0].responsibility", "project_responsibility_required"),
            ("projects[0].personId", "project_person_required"),
            ("projects[0].startOn", "project_start_required"),
            ("projects[0].dueOn", "project_deadline_required"),
            ("projects[1].dueOn", "project_deadline_before_start"),
        });
        errors.Should().OnlyContain(e => e.Message.Length > 0);
        errors[1].Message.Should().StartWith("第 1 个项目 定事项");
        AnnualPlan.Check("思路", []).Should().ContainSingle(e => e.Code == "plan_projects_required");
    }

    [Fact]
    public void AProject_WithAllFiveDing_IsPlanned_AndEachMissingOneIsRefused()
    {
        ProjectRules.Check(Terms()).Should().BeEmpty();
        ProjectRules.Check(Terms() with { PersonId = Guid.Empty }).Should().ContainSingle(e => e.Code == "project_person_required");
        ProjectRules.Check(Terms() with { Name = " " }).Should().ContainSingle(e => e.Code == "project_matter_required");
        ProjectRules.Check(Terms() with { Target = null }).Should().ContainSingle(e => e.Code == "project_target_required");
        ProjectRules.Check(Terms() with { Responsibility = "" }).Should().ContainSingle(e => e.Code == "project_responsibility_required");
        ProjectRules.Check(Terms() with { DueOn = null }).Should().ContainSingle(e => e.Code == "project_deadline_required");
        ProjectRules.Check(Terms() with { DueOn = new DateOnly(2026, 2, 28) }).Should().ContainSingle(e => e.Code == "project_deadline_before_start");
        ProjectRules.Check(Terms() with { DueOn = new DateOnly(2026, 3, 1) }).Should().BeEmpty("a project may end the day it starts");

        var create = () => Project.Create(Guid.NewGuid(), 2026, null, Terms() with { Target = null }, [], new DateOnly(2026, 2, 10), Now, "ta");
        create.Should().Throw<ValidationFailedException>().Which.Errors.Should().ContainSingle(e => e.Code == "project_target_required");

        var project = Project.Create(Guid.NewGuid(), 2026, null, Terms(), [new MilestoneInput("完成方案", new DateOnly(2026, 4, 1))], new DateOnly(2026, 2, 10), Now, "ta");
        project.Status.Should().Be(ProjectStatus.Planned);
        project.Milestones.Should().ContainSingle();
    }

    [Fact]
    public void Milestones_LieWithinTheTimeLimit()
    {
        var errors = ProjectRules.CheckMilestones([new MilestoneInput("早", new DateOnly(2026, 2, 1)), new MilestoneInput("", new DateOnly(2026, 12, 1))],
            new DateOnly(2026, 3, 1), new DateOnly(2026, 11, 30), new DateOnly(2026, 2, 10));
        errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("milestones[0].dueOn", "project_milestone_outside"),
            ("milestones[1].title", "project_milestone_title_required"),
            ("milestones[1].dueOn", "project_milestone_outside"),
        });
    }

    [Fact]
    public void Status_IsOverdue_WhenOpenPastItsDeadline_AndNotWhenDoneOrCancelled()
    {
        var today = new DateOnly(2026, 12, 1);
        var project = Project.Create(Guid.NewGuid(), 2026, null, Terms(), [], new DateOnly(2026, 2, 10), Now, "ta");
        project.StatusOn(new DateOnly(2026, 11, 30)).Should().Be(ProjectStatus.Planned, "due by the end of its last day");
        project.StatusOn(today).Should().Be(ProjectStatus.Overdue);
        project.Progressed(40, Now, "ta");
        project.StatusOn(today).Should().Be(ProjectStatus.Overdue);
        project.StatusOn(new DateOnly(2026, 11, 1)).Should().Be(ProjectStatus.InProgress);
        project.Complete(new DateOnly(2026, 11, 20), today, Now, "ta");
        project.StatusOn(today).Should().Be(ProjectStatus.Done);
        project.Percent.Should().Be(100);

        var cancelled = Project.Create(Guid.NewGuid(), 2026, null, Terms(), [], new DateOnly(2026, 2, 10), Now, "ta");
        var noReason = () => cancelled.Cancel(" ", Now, "ta");
        noReason.Should().Throw<DomainException>().Which.Code.Should().Be("project_cancel_reason_required");
        cancelled.Cancel("合并到其他项目", Now, "ta");
        cancelled.StatusOn(today).Should().Be(ProjectStatus.Cancelled);
        var progress = () => cancelled.Progressed(50, Now, "ta");
        progress.Should().Throw<DomainException>().Which.Code.Should().Be("project_closed");
    }
}
