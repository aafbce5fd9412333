using System.Net;
using FluentAssertions;
using Zeren.Core.Meetings;
using Zeren.Core.Security;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;
using Zeren.Web.Tests.Meetings;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// An account may stand for a person (对应人员): the security administrator links it, and pages then name that person
/// wherever the account is the author — never its login; an account without a person shows its display name.
/// </summary>
public class AccountPersonTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SecurityAdministrator_LinksAndUnlinksAPerson(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var (county, _, village) = await factory.AdminClient().CreateCounty();
        var person = await factory.AdminClient().CreatePerson(TestData.Member(village.Id, "账号本人"));
        var (sec, _, _) = await factory.SecurityAdminAsync(county.Id);
        var name = TestData.Code("acc").ToLowerInvariant();
        var created = await sec.PostJson("/api/v1/accounts", new AccountInput(name, "村文书", village.Id, [Role.BranchClerk]));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadAs<AccountCreated>()).Account.Id;

        var linked = await sec.PutJson($"/api/v1/accounts/{id}", new AccountUpdate("村文书", village.Id, person.Id));
        linked.StatusCode.Should().Be(HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        (await linked.ReadAs<AccountView>()).Should().Match<AccountView>(a => a.PersonId == person.Id && a.PersonName == "账号本人");
        var page = await sec.GetStringAsync(new Uri($"/admin/accounts/{id}", UriKind.Relative));
        page.Should().Contain("id=\"account-person-name\">账号本人<").And.Contain("/ui/accounts/pick-people");

        // The picker of the account pages finds people by name for a security administrator, who cannot read the people pages.
        var picks = await sec.GetStringAsync(new Uri("/ui/accounts/pick-people?field=Profile.PersonId&input=Profile.PersonQuery&Profile.PersonQuery=账号本", UriKind.Relative));
        picks.Should().Contain("账号本人").And.Contain(person.Id.ToString());
        (await sec.GetAsync(new Uri($"/people/{person.Id}", UriKind.Relative))).StatusCode.Should().NotBe(HttpStatusCode.OK);

        var unknown = await sec.PutJson($"/api/v1/accounts/{id}", new AccountUpdate("村文书", village.Id, Guid.NewGuid()));
        unknown.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var unlinked = await sec.PutJson($"/api/v1/accounts/{id}", new AccountUpdate("村文书", village.Id));
        (await unlinked.ReadAs<AccountView>()).PersonId.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task MeetingPage_NamesTheRecorder_NotTheirLogin(string provider)
    {
        var factory = ZerenFactory.For(provider);
        var admin = factory.AdminClient();
        var b = await MeetingsApiTests.CreateBranch(admin);
        var clerk = TestData.Code("clerk").ToLowerInvariant();
        var other = TestData.Code("nobody").ToLowerInvariant();
        await factory.EnsureAccountAsync(clerk, [Role.BranchClerk], b.Village.Id, b.Members[1].Id);
        await using (var scope = factory.Scope())
        {
            // An account for no registered person, with a display name of its own.
            var (view, _) = await scope.Get<AccountService>().CreateAsync(new AccountInput(other, "值班文书", b.Village.Id, [Role.BranchClerk], ZerenFactory.TestPassword));
            var users = scope.Get<Microsoft.AspNetCore.Identity.UserManager<Account>>();
            var account = (await users.FindByIdAsync(view.Id.ToString()))!;
            account.MustChangePassword = false;
            await users.UpdateAsync(account);
        }
        var byClerk = await factory.ClientAs(clerk, [Role.BranchClerk], b.Village.Id)
            .PostJson("/api/v1/meetings", MeetingsApiTests.Input(b, MeetingsApiTests.Yesterday()));
        byClerk.StatusCode.Should().Be(HttpStatusCode.Created, await byClerk.Content.ReadAsStringAsync());
        var byOther = await factory.ClientAs(other, [Role.BranchClerk], b.Village.Id)
            .PostJson("/api/v1/meetings", MeetingsApiTests.Input(b, MeetingsApiTests.Yesterday().AddDays(-1)));
        byOther.StatusCode.Should().Be(HttpStatusCode.Created, await byOther.Content.ReadAsStringAsync());

        var clerkPage = await admin.GetStringAsync(new Uri($"/meetings/{(await byClerk.ReadAs<MeetingDetail>()).Meeting.Id}", UriKind.Relative));
        var otherPage = await admin.GetStringAsync(new Uri($"/meetings/{(await byOther.ReadAs<MeetingDetail>()).Meeting.Id}", UriKind.Relative));

        clerkPage.Should().Contain($"id=\"meeting-recorded-by\">{b.Members[1].Name}<").And.NotContain(clerk);
        // Without a person, the account's display name.
        otherPage.Should().Contain("id=\"meeting-recorded-by\">值班文书<").And.NotContain($">{other}<");
    }
}
