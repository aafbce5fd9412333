using FluentAssertions;
using Zeren.Core.Audit;

namespace Zeren.Core.Tests.Audit;

public class AuditValuesTests
{
    [Theory]
    [InlineData("Person", "IdNumber", "330824198005171234", "330824********1234")]
    [InlineData("Person", "Mobile", "13812345678", "138****5678")]
    [InlineData("Person", "IdNumberCipher", "q83vEjRWeJA=", AuditValues.Hidden)]
    [InlineData("Person", "IdNumberHash", "9f2c", AuditValues.Hidden)]
    [InlineData("Person", "MobileCipher", "q83vEjRWeJA=", AuditValues.Hidden)]
    [InlineData("Account", "PasswordHash", "AQAAAAIAAYagAAAAE", AuditValues.Hidden)]
    [InlineData("Account", "SecurityStamp", "X3Y", AuditValues.Hidden)]
    [InlineData("Account", "ConcurrencyStamp", "c1", AuditValues.Hidden)]
    [InlineData("IdentityUserToken<Guid>", "Value", "JBSWY3DPEHPK3PXP", AuditValues.Hidden)]
    [InlineData("Account", "NewPassword", "Secret-123", AuditValues.Hidden)]
    [InlineData("Account", "PasswordChangedAt", "2026-11-22T03:00:00Z", "2026-11-22T03:00:00Z")]
    [InlineData("Account", "PhoneNumber", "13812345678", "138****5678")]
    [InlineData("Person", "Name", "张三", "张三")]
    [InlineData("Account", "UserName", "zhang", "zhang")]
    public void Mask_HidesPersonalDataAndSecrets(string entityType, string property, string value, string expected) =>
        AuditValues.Mask(entityType, property, value).Should().Be(expected);

    [Fact]
    public void Mask_KeepsNullsAndOtherTypes()
    {
        AuditValues.Mask("Person", "IdNumber", null).Should().BeNull();
        AuditValues.Mask("Organization", "Stars", 3).Should().Be(3);
    }

    [Fact]
    public void Serialize_AnObject_MasksAtAnyDepthAndKeepsChineseReadable()
    {
        var json = AuditValues.Serialize("Person", new
        {
            Name = "张三",
            Contact = new { Mobile = "13812345678", IdNumber = "330824198005171234" },
            Accounts = new[] { new { Password = "secret-1" } },
        });

        json.Should().Be("""{"Name":"张三","Contact":{"Mobile":"138****5678","IdNumber":"330824********1234"},"Accounts":[{"Password":"***"}]}""");
    }

    [Fact]
    public void Serialize_Pairs_WritesEnumsByNameAndSkipsNothing()
    {
        var json = AuditValues.Serialize("Person", [
            new KeyValuePair<string, object?>("Gender", DayOfWeek.Monday),
            new KeyValuePair<string, object?>("BirthDate", new DateOnly(1980, 5, 17)),
            new KeyValuePair<string, object?>("Note", null),
            new KeyValuePair<string, object?>("Id", new Guid("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")),
            new KeyValuePair<string, object?>("At", new DateTimeOffset(2026, 12, 5, 14, 30, 0, TimeSpan.Zero)),
            new KeyValuePair<string, object?>("Score", 92.5m),
            new KeyValuePair<string, object?>("Count", 3),
            new KeyValuePair<string, object?>("Closed", false),
            new KeyValuePair<string, object?>("Title", "“整改” <a> & 'b' + 1\n"),
            new KeyValuePair<string, object?>("IdNumber", "330824198005171234"),
        ]);

        json.Should().Be("""{"Gender":"Monday","BirthDate":"1980-05-17","Note":null,"Id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","At":"2026-12-05T14:30:00+00:00","Score":92.5,"Count":3,"Closed":false,"Title":"“整改” <a> & 'b' + 1\n","IdNumber":"330824********1234"}""");
        AuditValues.Read(json).Take(3).Select(p => (p.Key, p.Value)).Should().Equal(("Gender", "Monday"), ("BirthDate", "1980-05-17"), ("Note", null));
        AuditValues.Serialize("Person", []).Should().BeNull();
    }
}
