using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Data;
using Zeren.Core.Obligations;
using Zeren.Core.Rectification;
using Zeren.Core.Supervision;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Problems;

/// <summary>
/// 转督办 is one transaction: the supervision order (with its number and its obligation) is saved first, then the step in the
/// problem's history. Here the second half really fails (a save interceptor registered only in this test's app refuses the
/// save that holds the 转督办 step), and nothing of the first half may remain: no order, no number taken, no obligation, the
/// problem as it was. Once the fault is lifted the same request succeeds, so the checks can see an order when there is one.
/// </summary>
public class SuperviseFailureTests
{
    /// <summary>Fails every save that adds a 转督办 step to a problem's history while armed.</summary>
    private sealed class FailTheSuperviseStep : SaveChangesInterceptor
    {
        public volatile bool Armed = true;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context!.ChangeTracker.Entries<ProblemEvent>()
                    .Any(e => e.State == EntityState.Added && e.Entity.Action == ProblemAction.Supervise))
            {
                throw new InvalidOperationException("Injected failure: the problem's 转督办 step is not saved.");
            }
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task WhenTheProblemsHalfFails_TheOrderItsNumberAndItsObligationAreNotSavedEither(string provider)
    {
        var fault = new FailTheSuperviseStep();
        await using var app = new ZerenFactory(provider, services: s => s.ConfigureDbContext<ZerenDbContext>((_, o) => o.AddInterceptors(fault)));
        var admin = app.AdminClient();
        var (county, _, village) = await admin.CreateCounty();
        var problem = await ProblemsApiTests.Raise(admin, ProblemsApiTests.Draft(village.Id) with { IssuerOrgId = county.Id });
        var id = problem.Problem.Id;
        var before = await StateAsync(app, id);
        before.Orders.Should().Be(0);

        var failed = await admin.PostJson($"/api/v1/problems/{id}/supervise", new ProblemSuperviseInput(ProblemsApiTests.Today.AddDays(7), "三日内反馈"));
        failed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await StateAsync(app, id)).Should().Be(before, "the order was saved in the same transaction as the failed step");
        (await admin.GetFromJson<ProblemDetail>($"/api/v1/problems/{id}")).Orders.Should().BeEmpty();

        // The control: without the fault the same request issues the order, and the checks above see it.
        fault.Armed = false;
        var supervised = await admin.PostJson($"/api/v1/problems/{id}/supervise", new ProblemSuperviseInput(ProblemsApiTests.Today.AddDays(7), "三日内反馈"));
        supervised.StatusCode.Should().Be(HttpStatusCode.Created, await supervised.Content.ReadAsStringAsync());
        var after = await StateAsync(app, id);
        (after.Orders, after.Obligations, after.Events).Should().Be((1, before.Obligations + 1, before.Events + 1));
        after.LastNumber.Should().Be(1, "the failed attempt took no number");
    }

    private sealed record State(ProblemState Problem, int Events, int Orders, int Obligations, int LastNumber);

    private static async Task<State> StateAsync(ZerenFactory app, Guid problemId)
    {
        await using var scope = app.Scope();
        var db = scope.Get<ZerenDbContext>();
        var problem = await db.Set<Core.Rectification.Problem>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == problemId);
        return new State(
            problem.State,
            await db.Set<ProblemEvent>().IgnoreQueryFilters().CountAsync(e => e.ProblemId == problemId),
            await db.Set<SupervisionOrder>().IgnoreQueryFilters().CountAsync(),
            await db.Set<Obligation>().IgnoreQueryFilters().CountAsync(o => o.Kind == SupervisionService.ObligationKind),
            await db.Set<SupervisionCounter>().IgnoreQueryFilters().Select(c => (int?)c.LastNumber).MaxAsync() ?? 0);
    }
}
