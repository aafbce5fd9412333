using System.ComponentModel;
using Zeren.Core.Platform;
using Zeren.Core.Security;

namespace Zeren.Core.People;

/// <summary>人员: a Party member or another person who holds a post or a link.</summary>
[DisplayName("人员")]
public sealed class Person
{
    /// <summary>
    /// The name of the data-scope filter on people. A query that shows the holder of a position or link in scope,
    /// who may belong elsewhere, lifts only this filter: <c>IgnoreQueryFilters([Person.ScopeFilter])</c>.
    /// </summary>
    public const string ScopeFilter = "scope_people";
    /// <summary>Room for <c>k{keyId}:</c> (at most 18) and the base64 of nonce, an 18-character ID number and tag (64).</summary>
    public const int CipherMaxLength = 100;

    /// <summary>HMAC-SM3 in hex.</summary>
    public const int HashLength = 64;

    private Person()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The organization the person belongs to: their branch for members, their unit otherwise.</summary>
    [DisplayName("所属组织")]
    public Guid OrgId { get; private set; }

    [DisplayName("姓名")]
    public string Name { get; private set; } = "";

    [DisplayName("性别")]
    public Gender Gender { get; private set; }

    [DisplayName("民族")]
    public string Ethnicity { get; private set; } = "汉族";

    [DisplayName("出生日期")]
    public DateOnly? BirthDate { get; private set; }

    [DisplayName("学历")]
    public Education? Education { get; private set; }

    /// <summary>居民身份证号码, encrypted (<see cref="PersonalDataProtector.Encrypt"/>); never stored in the clear.</summary>
    [DisplayName("身份证号码")]
    public string? IdNumberCipher { get; private set; }

    /// <summary>The keyed hash of the ID number (<see cref="PersonalDataProtector.Index"/>): exact search and uniqueness.</summary>
    [DisplayName("身份证号码索引")]
    public string? IdNumberHash { get; private set; }

    /// <summary>手机号码, encrypted like the ID number.</summary>
    [DisplayName("手机号码")]
    public string? MobileCipher { get; private set; }

    [DisplayName("手机号码索引")]
    public string? MobileHash { get; private set; }

    [DisplayName("党员身份")]
    public PartyStatus PartyStatus { get; private set; }

    [DisplayName("入党日期")]
    public DateOnly? JoinedPartyOn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A new person; the ID number and mobile are encrypted with <paramref name="protector"/>.</summary>
    public static Person Create(Guid orgId, PersonDetails details, DateOnly today, DateTimeOffset now, PersonalDataProtector protector, Guid? id = null)
    {
        var p = new Person { Id = id ?? Ids.New(), CreatedAt = now };
        p.Apply(orgId, details, today, now, protector);
        return p;
    }

    /// <summary>Replaces everything with <paramref name="details"/>, the ID number and mobile included (null clears them).</summary>
    public void Update(Guid orgId, PersonDetails details, DateOnly today, DateTimeOffset now, PersonalDataProtector protector) =>
        Apply(orgId, details, today, now, protector);

    public int? AgeOn(DateOnly day) => BirthDate is { } b ? ChinaTime.AgeOn(b, day) : null;

    /// <summary>Checks what a person entered; every problem found, not just the first.</summary>
    public static IReadOnlyList<ValidationError> Validate(PersonDetails d, DateOnly today)
    {
        var errors = new List<ValidationError>();
        var name = d.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("name", "姓名不能为空。"));
        }
        else if (name.Length > 50)
        {
            errors.Add(new("name", "姓名不能超过 50 个字。"));
        }
        if (!string.IsNullOrWhiteSpace(d.IdNumber))
        {
            var id = ChineseIdNumber.Normalize(d.IdNumber);
            if (ChineseIdNumber.Problem(id) is { } problem)
            {
                errors.Add(new("idNumber", problem));
            }
            else
            {
                if (d.BirthDate is { } b && b != ChineseIdNumber.BirthDate(id))
                {
                    errors.Add(new("birthDate", "出生日期与身份证号码不一致。"));
                }
                if (ChineseIdNumber.Gender(id) != d.Gender)
                {
                    errors.Add(new("gender", "性别与身份证号码不一致。"));
                }
            }
        }
        if (!string.IsNullOrWhiteSpace(d.Mobile) && !MobileNumber.IsValid(d.Mobile.Trim()))
        {
            errors.Add(new("mobile", "手机号码格式不正确：应为 11 位数字，以 13–19 开头。"));
        }
        if (d.BirthDate is { } birth && (birth > today || birth.Year < 1900))
        {
            errors.Add(new("birthDate", "出生日期不正确。"));
        }
        if (d.JoinedPartyOn is { } joined)
        {
            if (joined > today)
            {
                errors.Add(new("joinedPartyOn", "入党日期不能晚于今天。"));
            }
            if (d.BirthDate is { } b && joined < b.AddYears(18))
            {
                errors.Add(new("joinedPartyOn", "入党时应年满十八岁。"));
            }
        }
        if (d.PartyStatus == PartyStatus.None && d.JoinedPartyOn is not null)
        {
            errors.Add(new("joinedPartyOn", "非党员不应填写入党日期。"));
        }
        if (d.PartyStatus != PartyStatus.None && d.JoinedPartyOn is null)
        {
            errors.Add(new("joinedPartyOn", "党员应填写入党日期。"));
        }
        if ((d.Ethnicity?.Trim().Length ?? 0) > 20)
        {
            errors.Add(new("ethnicity", "民族不能超过 20 个字。"));
        }
        return errors;
    }

    private void Apply(Guid orgId, PersonDetails d, DateOnly today, DateTimeOffset now, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var errors = Validate(d, today);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors[0].Message, errors);
        }
        var idNumber = string.IsNullOrWhiteSpace(d.IdNumber) ? null : ChineseIdNumber.Normalize(d.IdNumber);
        OrgId = orgId;
        Name = d.Name.Trim();
        Gender = d.Gender;
        Ethnicity = string.IsNullOrWhiteSpace(d.Ethnicity) ? "汉族" : d.Ethnicity.Trim();
        BirthDate = d.BirthDate ?? (idNumber is null ? null : ChineseIdNumber.BirthDate(idNumber));
        Education = d.Education;
        (IdNumberCipher, IdNumberHash) = Seal(protector, idNumber, IdNumberCipher, IdNumberHash);
        (MobileCipher, MobileHash) = Seal(protector, string.IsNullOrWhiteSpace(d.Mobile) ? null : d.Mobile.Trim(), MobileCipher, MobileHash);
        PartyStatus = d.PartyStatus;
        JoinedPartyOn = d.JoinedPartyOn;
        UpdatedAt = now;
    }

    /// <summary>
    /// 密钥轮换: encrypts again, under the current key, each number stored under another; the values, and so the
    /// hashes, stay. Returns the key each re-encrypted number was under (null: left as it was).
    /// </summary>
    internal (string? IdNumberKey, string? MobileKey) Reencrypt(PersonalDataProtector protector)
    {
        var idNumberKey = Again(protector, IdNumberCipher, out var idNumber);
        var mobileKey = Again(protector, MobileCipher, out var mobile);
        IdNumberCipher = idNumber;
        MobileCipher = mobile;
        return (idNumberKey, mobileKey);

        static string? Again(PersonalDataProtector protector, string? cipher, out string? result)
        {
            result = cipher;
            if (cipher is null || protector.IsCurrent(cipher))
            {
                return null;
            }
            result = protector.Encrypt(protector.Decrypt(cipher));
            return PersonalDataProtector.KeyIdOf(cipher) ?? "?";
        }
    }

    /// <summary>
    /// The stored pair for a value. An unchanged value keeps its ciphertext, so saving a person without touching the
    /// numbers writes nothing new for them; a changed one is encrypted afresh under the current key.
    /// </summary>
    private static (string? Cipher, string? Hash) Seal(PersonalDataProtector protector, string? value, string? cipher, string? hash)
    {
        if (value is null)
        {
            return (null, null);
        }
        var newHash = protector.Index(value);
        return cipher is not null && newHash == hash ? (cipher, hash) : (protector.Encrypt(value), newHash);
    }
}

/// <summary>What a person enters about a person.</summary>
public sealed record PersonDetails(
    string Name,
    Gender Gender,
    PartyStatus PartyStatus,
    string? Ethnicity = null,
    DateOnly? BirthDate = null,
    Education? Education = null,
    string? IdNumber = null,
    string? Mobile = null,
    DateOnly? JoinedPartyOn = null);
