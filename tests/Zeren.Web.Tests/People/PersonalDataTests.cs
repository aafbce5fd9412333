using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Zeren.Core.Data;
using Zeren.Core.People;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Api;
using Zeren.Web.Hosting;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.People;

/// <summary>ID numbers and mobiles: encrypted at rest, found through their hash, masked unless revealed, rotated.</summary>
public class PersonalDataTests
{
    private const string MaskedId = @"^\d{6}\*{8}\d{3}[\dX]$";
    private const string MaskedMobile = @"^1\d{2}\*{4}\d{4}$";

    private static int mobileCounter = Random.Shared.Next(10_000_000);

    private static string NewMobile() => $"139{Interlocked.Increment(ref mobileCounter) % 100_000_000:D8}";

    /// <summary>A valid ID number whose check character is X, to prove the x/X handling.</summary>
    private static string IdNumberEndingInX(DateOnly birth)
    {
        while (true)
        {
            var candidate = TestData.IdNumber(birth);
            if (candidate[17] == 'X')
            {
                return candidate;
            }
        }
    }

    private static async Task<PersonalData> Reveal(HttpClient client, Guid id) =>
        await client.GetFromJson<PersonalData>($"/api/v1/people/{id}/personal-data");

    private static async Task<Paged<PersonRow>> Search(HttpClient client, Guid under, string q) =>
        await client.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={under}&q={Uri.EscapeDataString(q)}");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Database_HoldsNoIdNumberOrMobileInTheClear(string provider)
    {
        var database = AppDatabase.Create(provider);
        var created = new List<string>();
        var orgCode = TestData.Code("PLAIN");
        using (var app = new PersonalDataApp(database))
        {
            var client = app.AdminClient();
            var county = await client.CreateOrg(null, "明文检查县委", code: orgCode);
            var village = await client.CreateOrg(county.Id, "明文检查村党支部", Core.Organizations.OrgKind.Branch, Core.Organizations.OrgDomain.Rural);
            var birth = new DateOnly(1981, 2, 3);
            var viaApi = TestData.Member(village.Id, "甲") with { IdNumber = IdNumberEndingInX(birth), BirthDate = birth, Mobile = NewMobile() };
            var person = await client.CreatePerson(viaApi);
            var changed = viaApi with { IdNumber = TestData.IdNumber(birth), Mobile = NewMobile() };
            (await client.PutJson($"/api/v1/people/{person.Id}", changed)).EnsureSuccessStatusCode();
            var imported = (Id: TestData.IdNumber(new DateOnly(1990, 4, 5), Core.People.Gender.Female), Mobile: NewMobile());
            await ImportRoster(client, village.Code, ("乙", imported.Id, imported.Mobile));
            created.AddRange([viaApi.IdNumber!, viaApi.Mobile!, changed.IdNumber!, changed.Mobile!, imported.Id, imported.Mobile]);

            // They are all there, and read back whole through the one way that shows them.
            (await Reveal(client, person.Id)).Should().Be(new PersonalData(person.Id, changed.IdNumber, changed.Mobile));
            (await Search(client, county.Id, imported.Mobile)).Items.Should().ContainSingle().Which.Name.Should().Be("乙");
        }

        var stored = await database.EverythingStoredAsync();

        stored.Should().Contain(orgCode, "the check reads the data itself: plain columns are found");
        foreach (var value in created)
        {
            stored.Should().NotContain(value);
            stored.Should().NotContain(value[..11], "not even the first 11 characters");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Search_ByIdNumberOrMobile_FindsExactlyThatPerson(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var birth = new DateOnly(1979, 8, 30);
        var input = TestData.Member(village.Id, "赵志刚") with { BirthDate = birth, IdNumber = IdNumberEndingInX(birth), Mobile = NewMobile() };
        var person = await client.CreatePerson(input);
        await client.CreatePerson(TestData.Member(village.Id, "钱志刚") with { Mobile = NewMobile() });

        (await Search(client, county.Id, input.IdNumber!)).Items.Should().ContainSingle().Which.Id.Should().Be(person.Id);
        (await Search(client, county.Id, input.IdNumber!.ToLowerInvariant())).Items.Should().ContainSingle().Which.Id.Should().Be(person.Id);
        (await Search(client, county.Id, $" {input.Mobile} ")).Items.Should().ContainSingle().Which.Id.Should().Be(person.Id);
        (await Search(client, county.Id, input.IdNumber![..17])).Items.Should().BeEmpty("numbers match whole or not at all");
        // Another number one digit away (a last digit that differs from the real one).
        var near = input.Mobile![..10] + (input.Mobile[10] == '0' ? "1" : "0");
        (await Search(client, county.Id, near)).Items.Should().NotContain(p => p.Id == person.Id);
        (await Search(client, county.Id, "志刚")).Total.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DuplicateIdNumber_IsRefusedOnCreateAndUpdate_AndImportUpdatesTheHolder(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var birth = new DateOnly(1983, 6, 1);
        var first = TestData.Member(village.Id, "孙一") with { BirthDate = birth, IdNumber = IdNumberEndingInX(birth) };
        var holder = await client.CreatePerson(first);
        var other = await client.CreatePerson(TestData.Member(village.Id, "孙二"));

        var create = await client.PostJson("/api/v1/people", TestData.Member(village.Id, "孙三") with { BirthDate = birth, IdNumber = first.IdNumber!.ToLowerInvariant() });
        var update = await client.PutJson($"/api/v1/people/{other.Id}", TestData.Member(village.Id, "孙二") with { BirthDate = birth, IdNumber = first.IdNumber });

        create.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await create.ReadAs<Problem>()).Code.Should().Be("person_duplicate_id_number");
        update.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await update.ReadAs<Problem>()).Code.Should().Be("person_duplicate_id_number");
        (await Search(client, county.Id, first.IdNumber!)).Items.Should().ContainSingle().Which.Id.Should().Be(holder.Id);

        var mobile = NewMobile();
        await ImportRoster(client, village.Code, ("孙一", first.IdNumber!, mobile));
        (await Search(client, county.Id, mobile)).Items.Should().ContainSingle().Which.Id.Should().Be(holder.Id);
        (await Search(client, county.Id, "孙")).Total.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ListsAndDetail_AreMasked_AndTheRevealEndpointGivesFullNumbersToWhoMay(string provider)
    {
        using var app = new PersonalDataApp(AppDatabase.Create(provider));
        var client = app.AdminClient();
        var (county, _, village) = await client.CreateCounty();
        var input = TestData.Member(village.Id, "周明") with { Mobile = NewMobile() };
        var person = await client.CreatePerson(input);

        var listed = (await client.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={county.Id}")).Items.Single();
        listed.IdNumber.Should().MatchRegex(MaskedId).And.Be(Masking.IdNumber(input.IdNumber));
        listed.Mobile.Should().MatchRegex(MaskedMobile).And.Be(Masking.Mobile(input.Mobile));
        person.IdNumber.Should().Be(listed.IdNumber, "what a create returns is masked too");
        var detail = await client.GetFromJson<JsonElement>($"/api/v1/people/{person.Id}");
        detail.GetProperty("person").GetProperty("idNumber").GetString().Should().Be(listed.IdNumber);
        detail.GetRawText().Should().NotContain(input.IdNumber!).And.NotContain(input.Mobile!);

        (await Reveal(client, person.Id)).Should().Be(new PersonalData(person.Id, input.IdNumber, input.Mobile));
        app.Audit.Revealed.Should().Equal(person.Id);

        var admin = app.ClientAs(Role.CountyAdmin);
        (await Reveal(admin, person.Id)).IdNumber.Should().Be(input.IdNumber);

        var reader = app.ClientAs(Role.ReadOnly);
        var refused = await reader.GetAsync(new Uri($"/api/v1/people/{person.Id}/personal-data", UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await refused.ReadAs<Problem>();
        problem.Title.Should().Be("没有权限");
        problem.Code.Should().Be("personal_data_forbidden");
        problem.Detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        (await refused.Content.ReadAsStringAsync()).Should().NotContain(input.IdNumber!);
        (await reader.GetFromJson<Paged<PersonRow>>($"/api/v1/people?under={county.Id}")).Items.Single().IdNumber.Should().Be(listed.IdNumber);
        app.Audit.Revealed.Should().Equal([person.Id, person.Id], "a refused reveal is not one");

        (await admin.GetAsync(new Uri($"/api/v1/people/{Guid.NewGuid()}/personal-data", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Update_BlankKeepsTheNumbers_ATypedOneReplaces_AndClearRemoves(string provider)
    {
        var client = ZerenFactory.For(provider).AdminClient();
        var (_, _, village) = await client.CreateCounty();
        var input = TestData.Member(village.Id, "吴刚") with { Mobile = NewMobile() };
        var person = await client.CreatePerson(input);
        var url = $"/api/v1/people/{person.Id}";

        (await client.PutJson(url, input with { Name = "吴刚强", IdNumber = null, Mobile = "" })).EnsureSuccessStatusCode();
        (await Reveal(client, person.Id)).Should().Be(new PersonalData(person.Id, input.IdNumber, input.Mobile));

        var mobile = NewMobile();
        (await client.PutJson(url, input with { IdNumber = null, Mobile = mobile })).EnsureSuccessStatusCode();
        (await Reveal(client, person.Id)).Should().Be(new PersonalData(person.Id, input.IdNumber, mobile));

        // A kept ID number is still checked against the rest.
        var wrongGender = await client.PutJson(url, input with { IdNumber = null, Gender = Core.People.Gender.Female });
        wrongGender.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await wrongGender.ReadAs<Problem>()).Errors.Should().Contain(e => e.Field == "gender");

        var both = await client.PutJson(url, input with { ClearIdNumber = true });
        both.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await both.ReadAs<Problem>()).Code.Should().Be("person_clear_and_replace");

        (await client.PutJson(url, input with { IdNumber = null, Mobile = null, ClearIdNumber = true, ClearMobile = true })).EnsureSuccessStatusCode();
        (await Reveal(client, person.Id)).Should().Be(new PersonalData(person.Id, null, null));
        var row = (await client.GetFromJson<Paged<PersonRow>>($"/api/v1/people?orgId={village.Id}")).Items.Single();
        row.IdNumber.Should().BeNull();
        row.Mobile.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task KeysRotate_ReencryptsEveryValueUnderTheNewKey_AndTheyStillRead(string provider)
    {
        var database = AppDatabase.Create(provider);
        var key1 = Key(16);
        var key2 = Key(16);
        var index = Key(32);
        var people = new List<(Guid Id, PersonInput Input)>();
        using (var app = new PersonalDataApp(database, Keys(("1", key1)), "1", index))
        {
            var client = app.AdminClient();
            var (_, _, village) = await client.CreateCounty();
            foreach (var (name, mobile) in new[] { ("郑一", NewMobile()), ("郑二", NewMobile()), ("郑三", null) })
            {
                var input = TestData.Member(village.Id, name) with { Mobile = mobile };
                people.Add(((await client.CreatePerson(input)).Id, input));
            }
        }

        using (var app = new PersonalDataApp(database, Keys(("1", key1), ("2", key2)), "2", index))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var rotation = scope.ServiceProvider.GetRequiredService<PersonalDataRotation>();
            (await rotation.CountByKeyAsync()).Should().Equal(new Dictionary<string, int> { ["1"] = 5 });

            var report = await rotation.RotateAsync();

            report.Should().BeEquivalentTo(new { CurrentKeyId = "2", People = 3, IdNumbers = 3, Mobiles = 2, Retries = 0 });
            report.ByOldKey.Should().Equal(new Dictionary<string, int> { ["1"] = 5 });
            (await rotation.CountByKeyAsync()).Should().Equal(new Dictionary<string, int> { ["2"] = 5 });
            (await rotation.RotateAsync()).People.Should().Be(0, "a second run finds nothing to do");
            var ciphers = await scope.ServiceProvider.GetRequiredService<ZerenDbContext>().Set<Person>().AsNoTracking()
                .Select(p => new { p.IdNumberCipher, p.MobileCipher }).ToListAsync();
            ciphers.SelectMany(c => new[] { c.IdNumberCipher, c.MobileCipher }).OfType<string>().Should().HaveCount(5).And.OnlyContain(c => c.StartsWith("k2:", StringComparison.Ordinal));
        }

        // Key 1 gone: everything still reads, and exact search still finds (the index key did not change).
        using (var app = new PersonalDataApp(database, Keys(("2", key2)), "2", index))
        {
            var client = app.AdminClient();
            foreach (var (id, input) in people)
            {
                (await Reveal(client, id)).Should().Be(new PersonalData(id, input.IdNumber, input.Mobile));
                (await client.GetFromJson<Paged<PersonRow>>($"/api/v1/people?q={input.IdNumber}")).Items.Should().ContainSingle().Which.Id.Should().Be(id);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FirstStart_WithoutConfiguredKeys_CreatesAKeyFile_ThatTheNextStartUses(string provider)
    {
        var database = AppDatabase.Create(provider);
        var keyFile = PersonalDataKeyStore.KeyFileIn(database.DataFolder);
        File.Exists(keyFile).Should().BeFalse();
        Guid id;
        PersonInput input;
        using (var app = new PersonalDataApp(database))
        {
            var client = app.AdminClient();
            var (_, _, village) = await client.CreateCounty();
            input = TestData.Member(village.Id) with { Mobile = NewMobile() };
            id = (await client.CreatePerson(input)).Id;
        }

        File.Exists(keyFile).Should().BeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var saved = JsonSerializer.Deserialize<PersonalDataOptions>(await File.ReadAllTextAsync(keyFile))!;
        saved.CurrentKey.Should().Be("1");
        Convert.FromBase64String(saved.Keys["1"]).Should().HaveCount(16);

        using (var again = new PersonalDataApp(database))
        {
            (await Reveal(again.AdminClient(), id)).Should().Be(new PersonalData(id, input.IdNumber, input.Mobile));
        }
    }

    [Fact]
    public void KeysNew_AddsTheNextKeyToTheKeyFileAsCurrent_ButLeavesConfiguredKeysAlone()
    {
        var folder = TestDatabases.NewTempFolder("zeren-keys");
        var none = new ConfigurationBuilder().Build();
        var first = PersonalDataKeyStore.Open(none, folder, NullLogger.Instance);
        var value = new PersonalDataProtector(first.Keys).Encrypt("13812345678");

        var added = first.AddCurrentKey();

        added.CurrentKeyId.Should().Be("2");
        var reopened = PersonalDataKeyStore.Open(none, folder, NullLogger.Instance);
        reopened.Keys.CurrentKeyId.Should().Be("2");
        reopened.Keys.ByIdentifier.Keys.Should().BeEquivalentTo(["1", "2"]);
        new PersonalDataProtector(reopened.Keys).Decrypt(value).Should().Be("13812345678");
        Directory.GetFiles(Path.GetDirectoryName(reopened.KeyFile!)!).Should().ContainSingle("no temp file is left behind");

        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Zeren:PersonalData:Keys:a"] = Convert.ToBase64String(new byte[16]),
            ["Zeren:PersonalData:IndexKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var fromConfig = PersonalDataKeyStore.Open(configured, folder, NullLogger.Instance);
        fromConfig.KeyFile.Should().BeNull();
        fromConfig.Keys.CurrentKeyId.Should().Be("a");
        fromConfig.AddCurrentKey().CurrentKeyId.Should().Be("1");
        PersonalDataKeyStore.Open(none, folder, NullLogger.Instance).Keys.CurrentKeyId.Should().Be("2", "the key file was not touched");
    }

    [Fact]
    public void CommandLine_ReadsTwoWordKeyCommands()
    {
        var (command, hostArgs) = CommandLine.Parse(["keys", "rotate", "--urls", "x"]);
        command.Should().Be("keys rotate");
        hostArgs.Should().Equal("--urls", "x");
        CommandLine.Parse(["keys", "new"]).Command.Should().Be("keys new");
        CommandLine.Parse(["migrate", "--demo"]).Command.Should().Be("migrate");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task PersonPage_ShowsMaskedNumbers_AndTheButtonShowsThemInFull(string provider)
    {
        using var app = new PersonalDataApp(AppDatabase.Create(provider));
        var client = app.AdminClient();
        var (_, _, village) = await client.CreateCounty();
        var input = TestData.Member(village.Id, "冯建华") with { Mobile = NewMobile() };
        var person = await client.CreatePerson(input);

        var page = await client.GetStringAsync(new Uri($"/people/{person.Id}", UriKind.Relative));
        page.Should().Contain(Masking.IdNumber(input.IdNumber)!).And.Contain(Masking.Mobile(input.Mobile)!).And.Contain("显示完整号码")
            .And.Contain($"hx-get=\"/ui/people/{person.Id}/personal-data\"");
        page.Should().NotContain(input.IdNumber!).And.NotContain(input.Mobile!);
        app.Audit.Revealed.Should().BeEmpty();

        var fragment = await client.GetStringAsync(new Uri($"/ui/people/{person.Id}/personal-data", UriKind.Relative));
        fragment.Should().Contain(input.IdNumber!).And.Contain(input.Mobile!).And.NotContain("显示完整号码").And.NotContain("<html");
        var withoutHtmx = await client.GetStringAsync(new Uri($"/people/{person.Id}?numbers=full", UriKind.Relative));
        withoutHtmx.Should().Contain(input.IdNumber!).And.Contain(input.Mobile!);
        app.Audit.Revealed.Should().Equal(person.Id, person.Id);

        var reader = app.ClientAs(Role.ReadOnly);
        (await reader.GetStringAsync(new Uri($"/people/{person.Id}", UriKind.Relative))).Should().NotContain("显示完整号码");
        var refused = await reader.GetStringAsync(new Uri($"/ui/people/{person.Id}/personal-data", UriKind.Relative));
        refused.Should().Contain("没有查看完整身份证号码和手机号的权限").And.NotContain(input.IdNumber!).And.Contain(Masking.IdNumber(input.IdNumber)!);

        var editor = await client.GetStringAsync(new Uri($"/people/{person.Id}/edit", UriKind.Relative));
        editor.Should().NotContain(input.IdNumber!).And.NotContain(input.Mobile!);
        editor.Should().MatchRegex($"id=\"person-idnumber\"[^>]*placeholder=\"{Regex.Escape(Masking.IdNumber(input.IdNumber)!)}\"")
            .And.Contain("留空则保持原号码不变").And.Contain("清除身份证号码").And.Contain("清除手机号");
    }

    private static async Task ImportRoster(HttpClient client, string orgCode, params (string Name, string IdNumber, string Mobile)[] people)
    {
        using var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            var sheet = xlsx.AddSheet(RosterSheet.SheetName, [.. RosterSheet.Columns]);
            foreach (var p in people)
            {
                sheet.AddRow(p.Name, null, "汉族", null, null, p.IdNumber, p.Mobile, "群众", null, orgCode);
            }
        }
        var file = new ByteArrayContent(stream.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(SpreadsheetsApi.XlsxContentType);
        using var form = new MultipartFormDataContent { { file, "file", "名册.xlsx" } };
        var response = await client.PostAsync(new Uri("/api/v1/people/import", UriKind.Relative), form);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static string Key(int size) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(size));

    private static Dictionary<string, string> Keys(params (string Id, string Key)[] keys) => keys.ToDictionary(k => k.Id, k => k.Key);
}

/// <summary>A database and data folder that several apps in a row can open, as restarts of one deployment.</summary>
public sealed record AppDatabase(string Provider, string DataFolder, string? Postgres)
{
    public static AppDatabase Create(string provider) => new(
        provider, TestDatabases.NewTempFolder("zeren-pd"), provider == TestDatabases.Postgres ? TestDatabases.CreatePostgresDatabase("zeren_pd") : null);

    /// <summary>
    /// Every text the database keeps: for SQLite the bytes of its files (after a checkpoint, with whatever WAL is left),
    /// for PostgreSQL every row of every table as text.
    /// </summary>
    public async Task<string> EverythingStoredAsync()
    {
        if (Postgres is null)
        {
            SqliteConnection.ClearAllPools();
            var file = Path.Combine(DataFolder, "zeren.db");
            await using (var conn = new SqliteConnection($"Data Source={file};Pooling=false"))
            {
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await cmd.ExecuteNonQueryAsync();
            }
            var text = new StringBuilder();
            foreach (var path in new[] { file, file + "-wal", file + "-journal" }.Where(File.Exists))
            {
                text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path)));
            }
            return text.ToString();
        }
        await using var pg = new NpgsqlConnection(Postgres);
        await pg.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", pg))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new StringBuilder();
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", pg);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.AppendLine(reader.GetString(0));
            }
        }
        return rows.ToString();
    }
}

/// <summary>
/// The app over an <see cref="AppDatabase"/>, with personal-data keys from configuration when given (else the key file),
/// and a recording reveal audit in place of the audit log's.
/// </summary>
public sealed class PersonalDataApp(AppDatabase database, Dictionary<string, string>? keys = null, string? currentKey = null, string? indexKey = null)
    : WebApplicationFactory<Program>
{
    public RecordingAudit Audit { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Zeren:DataFolder", database.DataFolder);
        builder.UseSetting("Demo:Load", "false");
        if (database.Postgres is { } pg)
        {
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:Zeren", pg);
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
        }
        foreach (var (id, key) in keys ?? [])
        {
            builder.UseSetting($"{PersonalDataOptions.Section}:Keys:{id}", key);
        }
        if (currentKey is not null)
        {
            builder.UseSetting($"{PersonalDataOptions.Section}:CurrentKey", currentKey);
        }
        if (indexKey is not null)
        {
            builder.UseSetting($"{PersonalDataOptions.Section}:IndexKey", indexKey);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPersonalDataAudit>(Audit);
        });
    }

    /// <summary>A client signed in as an organization-department administrator of the whole deployment.</summary>
    public HttpClient AdminClient() => ClientAs(Role.CountyAdmin);

    /// <summary>A client signed in as an account with these roles (made on first use), bound to no organization.</summary>
    public HttpClient ClientAs(params Role[] roles) =>
        TestAccounts.ClientAsync(this, "pd-" + string.Join('-', roles).ToLowerInvariant(), roles).GetAwaiter().GetResult();
}

public sealed class RecordingAudit : IPersonalDataAudit
{
    private readonly ConcurrentQueue<Guid> revealed = new();

    public IReadOnlyList<Guid> Revealed => [.. revealed];

    public Task RevealedAsync(Guid personId, CancellationToken ct)
    {
        revealed.Enqueue(personId);
        return Task.CompletedTask;
    }
}
