using System.Net;
using FluentAssertions;
using Zeren.Core.Rectification;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Problems;

/// <summary>
/// The problem cards of the home page: 待验收的问题 for the issuing side's verifiers (not for the rectifying organization,
/// nor for another township), 辖区逾期问题 for the organizations above an overdue problem (not for its own clerk, whose
/// obligation card says it); on both databases.
/// </summary>
public class ProblemHomeCardsTests
{
    private static async Task<string> HomeAsync(HttpClient client) =>
        WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/", UriKind.Relative)));

    /// <summary>The text of the card with this key, or null when the page has none.</summary>
    private static string? Card(string html, string key)
    {
        var start = html.IndexOf($"data-zr-card=\"{key}\"", StringComparison.Ordinal);
        return start < 0 ? null : html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verifiers_SeeTheApplicationsToVerify_AndTheLevelsAbove_SeeTheOverdueProblems(string provider)
    {
        var w = await ProblemsApiTests.CreateWorld(provider);
        var title = "村务公开栏未更新" + Guid.NewGuid().ToString("N")[..6];
        var raised = await ProblemsApiTests.Raise(w.TownshipUser, ProblemsApiTests.Draft(w.Village.Id, title));
        var id = raised.Problem.Id;

        // Not applied yet: nobody has it to verify.
        Card(await HomeAsync(w.TownshipUser), "problems-to-verify")?.Should().NotContain(title);

        (await w.Clerk.PostJson($"/api/v1/problems/{id}/start", new ProblemStartInput("制度不熟。", "每月更新。"))).EnsureSuccessStatusCode();
        var photo = await ProblemsApiTests.Upload(w.Clerk, w.Village.Id, "公开栏照片");
        (await w.Clerk.PostJson($"/api/v1/problems/{id}/apply", new ProblemApplyInput("已更新。", [photo]))).EnsureSuccessStatusCode();

        Card(await HomeAsync(w.TownshipUser), "problems-to-verify").Should().NotBeNull().And.Contain(title).And.Contain($"/problems/{id}");
        Card(await HomeAsync(w.CountyUser), "problems-to-verify").Should().NotBeNull().And.Contain(title, "the county is above the issuer");
        Card(await HomeAsync(w.Clerk), "problems-to-verify").Should().BeNull("the rectifying organization never verifies itself");
        Card(await HomeAsync(w.OtherTownshipUser), "problems-to-verify").Should().BeNull("another township's problems are not its to verify");

        // Verified: it leaves the card.
        (await w.TownshipUser.PostJson($"/api/v1/problems/{id}/verify", new ProblemVerifyInput(null))).EnsureSuccessStatusCode();
        Card(await HomeAsync(w.TownshipUser), "problems-to-verify")?.Should().NotContain(title);

        // Overdue: the township and the county see it under their organizations; the village's clerk does not (its obligation says it).
        var late = "党旗破损未更换" + Guid.NewGuid().ToString("N")[..6];
        await ProblemsApiTests.Raise(w.TownshipUser, ProblemsApiTests.Draft(w.Village.Id, late, dueOn: ProblemsApiTests.Today.AddDays(1)));
        Card(await HomeAsync(w.TownshipUser), "problems-overdue")?.Should().NotContain(late);
        await using (var scope = w.App.Scope())
        {
            var yesterday = ProblemsApiTests.Today.AddDays(-1);
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                scope.Get<Core.Data.ZerenDbContext>().Set<Core.Rectification.Problem>().Where(p => p.Title == late),
                s => s.SetProperty(p => p.DueOn, yesterday));
        }
        Card(await HomeAsync(w.TownshipUser), "problems-overdue").Should().NotBeNull().And.Contain(late);
        Card(await HomeAsync(w.CountyUser), "problems-overdue").Should().NotBeNull().And.Contain(late);
        Card(await HomeAsync(w.Clerk), "problems-overdue").Should().BeNull();
        Card(await HomeAsync(w.OtherTownshipUser), "problems-overdue").Should().BeNull();
    }
}
