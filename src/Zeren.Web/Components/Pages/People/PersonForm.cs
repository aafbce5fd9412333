using Zeren.Core.People;

namespace Zeren.Web.Components.Pages.People;

/// <summary>
/// The person editor's fields, as posted. Property names follow <see cref="PersonInput"/> so domain errors find their field.
/// Editing starts with the ID number and mobile blank (the page only knows them masked): blank keeps them.
/// </summary>
public sealed class PersonForm
{
    public string? OrgQuery { get; set; }
    public Guid? OrgId { get; set; }
    public string? Name { get; set; }
    public Gender Gender { get; set; } = Gender.Male;
    public PartyStatus PartyStatus { get; set; } = PartyStatus.Full;
    public string? Ethnicity { get; set; } = "汉族";
    public DateOnly? BirthDate { get; set; }
    public Education? Education { get; set; }
    public string? IdNumber { get; set; }
    public string? Mobile { get; set; }
    public bool ClearIdNumber { get; set; }
    public bool ClearMobile { get; set; }
    public DateOnly? JoinedPartyOn { get; set; }

    public PersonInput ToInput(Guid orgId) =>
        new(orgId, Name ?? "", Gender, PartyStatus, Ethnicity, BirthDate, Education, IdNumber, Mobile, JoinedPartyOn, ClearIdNumber, ClearMobile);

    public static PersonForm From(PersonRow p) => new()
    {
        OrgId = p.OrgId,
        Name = p.Name,
        Gender = p.Gender,
        PartyStatus = p.PartyStatus,
        Ethnicity = p.Ethnicity,
        BirthDate = p.BirthDate,
        Education = p.Education,
        JoinedPartyOn = p.JoinedPartyOn,
    };
}
