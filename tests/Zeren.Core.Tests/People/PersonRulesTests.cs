using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Tests.People;

public class PersonRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    // A published sample number from GB 11643 explanations: 11010519491231002X.
    [Theory]
    [InlineData("11010519491231002X", null)]
    [InlineData("11010519491231002x", null)]
    [InlineData("110105194912310021", "身份证号码校验位不正确（GB 11643）。")]
    [InlineData("11010519491331002X", "身份证号码中的出生日期无效。")]
    [InlineData("1101051949123100", "身份证号码应为 18 位：17 位数字加 1 位数字或 X。")]
    [InlineData("11010519491231002Y", "身份证号码应为 18 位：17 位数字加 1 位数字或 X。")]
    public void IdNumber_IsCheckedPerGb11643(string value, string? problem) =>
        ChineseIdNumber.Problem(value).Should().Be(problem);

    [Fact]
    public void IdNumber_CarriesBirthDateAndGender()
    {
        ChineseIdNumber.BirthDate("11010519491231002X").Should().Be(new DateOnly(1949, 12, 31));
        ChineseIdNumber.Gender("11010519491231002X").Should().Be(Gender.Female);
    }

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("19912345678", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("138123456789", false)]
    [InlineData("1381234567a", false)]
    public void Mobile_IsElevenDigitsFrom13To19(string value, bool valid) => MobileNumber.IsValid(value).Should().Be(valid);

    private static PersonDetails Good => new("王芳", Gender.Female, PartyStatus.Full, "汉族", new DateOnly(1949, 12, 31),
        Education.Bachelor, "11010519491231002X", "13812345678", new DateOnly(1975, 7, 1));

    [Fact]
    public void Validate_GoodPerson_HasNoErrors() => Person.Validate(Good, Today).Should().BeEmpty();

    [Fact]
    public void Validate_FutureJoinDate_IsRefused() =>
        Person.Validate(Good with { JoinedPartyOn = Today.AddDays(1) }, Today).Should().Contain(e => e.Field == "joinedPartyOn" && e.Message == "入党日期不能晚于今天。");

    [Fact]
    public void Validate_JoinedBeforeEighteen_IsRefused() =>
        Person.Validate(Good with { JoinedPartyOn = new DateOnly(1960, 1, 1) }, Today).Should().Contain(e => e.Message == "入党时应年满十八岁。");

    [Fact]
    public void Validate_BirthDateOrGenderDisagreeingWithIdNumber_IsRefused()
    {
        var errors = Person.Validate(Good with { BirthDate = new DateOnly(1950, 1, 1), Gender = Gender.Male }, Today);
        errors.Select(e => e.Field).Should().BeEquivalentTo(["birthDate", "gender"]);
    }

    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var errors = Person.Validate(Good with { Name = "", Mobile = "123", IdNumber = "110105194912310021" }, Today);
        errors.Select(e => e.Field).Should().BeEquivalentTo(["name", "mobile", "idNumber"]);
    }

    [Fact]
    public void Create_WithBadInput_ThrowsWithAllErrors()
    {
        var act = () => Person.Create(Guid.NewGuid(), Good with { Mobile = "1" }, Today, DateTimeOffset.UtcNow, TestKeys.Protector);
        act.Should().Throw<ValidationFailedException>().Which.Errors.Should().ContainSingle(e => e.Field == "mobile");
    }

    [Theory]
    [InlineData(PositionTitle.Secretary, OrgKind.Committee, ResponsibilityRole.First)]
    [InlineData(PositionTitle.Secretary, OrgKind.GeneralBranch, ResponsibilityRole.First)]
    [InlineData(PositionTitle.Secretary, OrgKind.Branch, ResponsibilityRole.Specific)]
    [InlineData(PositionTitle.DeputySecretary, OrgKind.Committee, ResponsibilityRole.Direct)]
    [InlineData(PositionTitle.PartyOfficeDirector, OrgKind.Committee, ResponsibilityRole.Specific)]
    [InlineData(PositionTitle.FirstSecretary, OrgKind.Branch, ResponsibilityRole.Specific)]
    [InlineData(PositionTitle.Clerk, OrgKind.Branch, null)]
    public void Role_FollowsFromPosition_PerSeed004(PositionTitle title, OrgKind kind, ResponsibilityRole? role) =>
        Position.RoleOf(title, kind).Should().Be(role);

    [Fact]
    public void EndPosition_BeforeItStarted_IsRefused()
    {
        var position = Position.Create(Guid.NewGuid(), Guid.NewGuid(), PositionTitle.Secretary, new DateOnly(2024, 1, 1), Today);
        var act = () => position.End(new DateOnly(2023, 12, 31), "换届");
        act.Should().Throw<DomainException>().Which.Code.Should().Be("position_end_before_start");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void EndPosition_WithoutAReason_IsRefused(string? reason)
    {
        var position = Position.Create(Guid.NewGuid(), Guid.NewGuid(), PositionTitle.Secretary, new DateOnly(2024, 1, 1), Today);
        var act = () => position.End(Today, reason!);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("reason_required");
        position.EndOn.Should().BeNull();
    }

    [Fact]
    public void EndPosition_KeepsTheReason_AndIsDoneOnce()
    {
        var position = Position.Create(Guid.NewGuid(), Guid.NewGuid(), PositionTitle.Secretary, new DateOnly(2024, 1, 1), Today);
        position.End(Today, "  换届  ");
        position.EndReason.Should().Be("换届");
        var again = () => position.End(Today, "调任");
        again.Should().Throw<DomainException>().Which.Code.Should().Be("position_already_ended");
    }

    [Fact]
    public void EndLink_KeepsTheReason_AndATooLongOneIsRefused()
    {
        var link = Link.Create(LinkKind.VillageCadre, Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2024, 1, 1), Today);
        var act = () => link.End(Today, new string('因', Reasons.MaxLength + 1));
        act.Should().Throw<DomainException>().Which.Code.Should().Be("reason_too_long");
        link.End(Today, "工作调整");
        (link.EndOn, link.EndReason).Should().Be((Today, "工作调整"));
    }

    [Theory]
    [InlineData("1991-11-22", 35)]
    [InlineData("1991-11-23", 34)]
    [InlineData("2000-02-29", 26)]
    public void AgeOn_CountsBirthdayOnTheDay(string birth, int age) =>
        ChinaTime.AgeOn(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), Today).Should().Be(age);

    [Fact]
    public void Today_IsTheDateInShanghai()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));
        ChinaTime.Today(clock).Should().Be(new DateOnly(2027, 1, 1));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
