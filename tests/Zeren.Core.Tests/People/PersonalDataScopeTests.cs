using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Zeren.Core.Data;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Tests.Spreadsheets;

namespace Zeren.Core.Tests.People;

/// <summary>
/// Data-scope query filters will hide people outside an account's subtree. An ID number registered there must
/// still be refused, not duplicated: the checks look past the filters.
/// </summary>
public sealed class PersonalDataScopeTests : IAsyncLifetime
{
    private static readonly DateOnly Birth = new(1980, 5, 17);
    private static readonly string IdNumber = TestFiles.IdNumber(Birth, 7, male: true);

    private readonly TestDatabase database = new();
    private Guid eastId;
    private Guid westId;

    /// <summary>A context that sees only the people of one organization, as a scoped account's will.</summary>
    private sealed class OneOrgContext(DbContextOptions<ZerenDbContext> options, Guid visibleOrgId) : ZerenDbContext(options)
    {
        public Guid VisibleOrgId { get; } = visibleOrgId;

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<Person>().HasQueryFilter(Person.ScopeFilter, p => p.OrgId == VisibleOrgId);
        }
    }

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var s = database.Open();
        var county = await s.Orgs.CreateAsync(new OrgInput(null, "C01", "某县委", OrgKind.Committee, OrgDomain.Comprehensive));
        eastId = (await s.Orgs.CreateAsync(new OrgInput(county.Id, "E01", "东村党支部", OrgKind.Branch, OrgDomain.Rural))).Id;
        westId = (await s.Orgs.CreateAsync(new OrgInput(county.Id, "W01", "西村党支部", OrgKind.Branch, OrgDomain.Rural))).Id;
        await s.People.CreateAsync(new PersonInput(eastId, "张三", Gender.Male, PartyStatus.None, BirthDate: Birth, IdNumber: IdNumber));
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Create_WhenTheHolderIsOutOfScope_IsStillRefusedAsADuplicate()
    {
        await using var s = database.Open(new OneOrgContext(database.Options, westId));
        (await s.People.ListAsync(new PeopleFilter(Q: IdNumber), new PageRequest())).Total.Should().Be(0, "the holder is out of sight");

        var act = () => s.People.CreateAsync(new PersonInput(westId, "张三丰", Gender.Male, PartyStatus.None, IdNumber: IdNumber.ToLowerInvariant()));

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("person_duplicate_id_number");
    }

    [Fact]
    public async Task Update_WhenTheHolderIsOutOfScope_IsStillRefusedAsADuplicate()
    {
        await using var s = database.Open(new OneOrgContext(database.Options, westId));
        var other = await s.People.CreateAsync(new PersonInput(westId, "李四", Gender.Male, PartyStatus.None));

        var act = () => s.People.UpdateAsync(other.Id, new PersonInput(westId, "李四", Gender.Male, PartyStatus.None, IdNumber: IdNumber));

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("person_duplicate_id_number");
    }

    [Fact]
    public async Task Import_WhenTheHolderIsOutOfScope_RefusesTheRowRatherThanUpdatingSomeoneUnseen()
    {
        using var file = TestFiles.Build(RosterSheet.SheetName, [.. RosterSheet.Columns.Select(c => c.Header)],
            ["张三", "男", "汉族", Birth, null, IdNumber, "13812345678", "群众", null, "W01"]);
        await using (var s = database.Open(new OneOrgContext(database.Options, westId)))
        {
            var act = () => s.RosterImport.ImportAsync(file);

            var error = (await act.Should().ThrowAsync<ValidationFailedException>()).Which;
            error.Errors.Should().ContainSingle(e => e.Field == RosterSheet.IdNumber && e.Message.Contains("不在您的管理范围内"));
        }
        await using var all = database.Open();
        var holder = await all.Db.Set<Person>().SingleAsync();
        holder.OrgId.Should().Be(eastId);
        holder.MobileCipher.Should().BeNull();
    }
}
