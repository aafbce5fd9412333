using System.Net;
using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;

namespace Zeren.Web.Tests.Infrastructure;

/// <summary>Builders for test data through the API; every code is unique so tests can share one database.</summary>
public static class TestData
{
    public static string Code(string prefix = "T") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static async Task<OrgSummary> CreateOrg(this HttpClient client, Guid? parentId, string name, OrgKind kind = OrgKind.Committee,
        OrgDomain domain = OrgDomain.Comprehensive, string? code = null)
    {
        var response = await client.PostJson("/api/v1/orgs", new OrgInput(parentId, code ?? Code(), name, kind, domain));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<OrgSummary>();
    }

    /// <summary>县委 → 乡镇 → 村, the shape most rules need.</summary>
    public static async Task<(OrgSummary County, OrgSummary Township, OrgSummary Village)> CreateCounty(this HttpClient client)
    {
        var county = await client.CreateOrg(null, "测试县委");
        var township = await client.CreateOrg(county.Id, "测试镇党委");
        var village = await client.CreateOrg(township.Id, "测试村党支部", OrgKind.Branch, OrgDomain.Rural);
        return (county, township, village);
    }

    private static int idCounter = Random.Shared.Next(1_000_000);

    /// <summary>A valid, unique ID number (GB 11643) for someone born on the given date.</summary>
    public static string IdNumber(DateOnly birth, Gender gender = Gender.Male)
    {
        var serial = Interlocked.Increment(ref idCounter) % 500;
        var area = 110101 + Interlocked.Increment(ref idCounter) % 800_000;
        var genderDigit = gender == Gender.Male ? 1 : 2;
        var first17 = $"{area:D6}{birth:yyyyMMdd}{serial:D2}{genderDigit}"[..17];
        first17 = first17[..16] + genderDigit;
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }

    public static PersonInput Member(Guid orgId, string name = "张三", DateOnly? birth = null, Gender gender = Gender.Male)
    {
        var b = birth ?? new DateOnly(1980, 5, 17);
        return new PersonInput(orgId, name, gender, PartyStatus.Full, "汉族", b, Education.Bachelor, IdNumber(b, gender),
            null, b.AddYears(22) < new DateOnly(2024, 7, 1) ? b.AddYears(22) : new DateOnly(2024, 7, 1));
    }

    public static async Task<PersonRow> CreatePerson(this HttpClient client, PersonInput input)
    {
        var response = await client.PostJson("/api/v1/people", input);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAs<PersonRow>();
    }
}

/// <summary>The parts of RFC 7807 ProblemDetails the tests read.</summary>
public sealed record Problem(string? Type, string? Title, int? Status, string? Detail, string? Code, List<ProblemError>? Errors);

public sealed record ProblemError(string Field, string Message, int? Row, string? Code = null);
