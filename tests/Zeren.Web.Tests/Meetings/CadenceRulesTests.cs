using FluentAssertions;
using Zeren.Core.Data;
using Zeren.Core.Meetings;
using Zeren.Core.Platform;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Meetings;

/// <summary>
/// The cadence rules held in memory (ADR 0051): a rule saved through this process is judged by at the next question;
/// one saved elsewhere (another instance: here a save that runs no hooks) once the rules held are older than their age.
/// </summary>
public class CadenceRulesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RulesAreHeldForTheirAge_AndReadAgainAtOnceAfterASaveHere(string provider)
    {
        await using var app = new ZerenFactory(provider);
        _ = app.AdminClient(); // starts the app: the database and its seeded rules
        var clock = new TestClock();
        var rules = new CadenceRules(clock) { MaxAge = TimeSpan.FromMinutes(1) };
        var year = ChinaTime.Today(clock).Year + 1;

        async Task<int> CountAsync()
        {
            await using var scope = app.Scope();
            return (await rules.GetAsync(scope.Get<ZerenDbContext>(), CancellationToken.None)).Count;
        }
        async Task AddAsync(int month, bool elsewhere)
        {
            await using var scope = app.Scope();
            var db = scope.Get<ZerenDbContext>();
            db.DeferDerivedRows = elsewhere;
            db.Add(MeetingCadence.Create(new CadenceInput(MeetingType.Study, null, 2, PeriodKind.Month, new DateOnly(year, month, 1)), clock.GetUtcNow(), "test"));
            await db.SaveChangesAsync();
        }

        var before = await CountAsync();
        before.Should().BeGreaterThan(0, "the defaults are seeded");

        await AddAsync(1, elsewhere: true);
        (await CountAsync()).Should().Be(before, "a rule saved by another instance is not seen while the rules held are young");
        clock.Advance(TimeSpan.FromSeconds(61));
        (await CountAsync()).Should().Be(before + 1, "older than their age, the rules are read again");

        await AddAsync(2, elsewhere: false);
        (await CountAsync()).Should().Be(before + 2, "a rule saved through this process is judged by at the next question");
    }
}
