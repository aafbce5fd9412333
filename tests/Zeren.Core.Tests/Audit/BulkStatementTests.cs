using System.Text.RegularExpressions;
using FluentAssertions;

namespace Zeren.Core.Tests.Audit;

/// <summary>
/// ExecuteUpdate and ExecuteDelete bypass SaveChanges, and so the audit log. They stay where the log records the
/// job as a whole (docs/decisions/0007-audit-log.md); anywhere else, change rows through the change tracker.
/// </summary>
public class BulkStatementTests
{
    private static readonly string[] Allowed =
    [
        "src/Zeren.Core/Demo/DemoCountyLoader.cs", // the demo reset: one summary entry
        "src/Zeren.Core/Organizations/OrganizationService.cs", // descendants' paths on a move: the org's own entry records it
        "src/Zeren.Core/Inspections/InspectionRoundService.cs", // finishing a round reveals its unvisited villages: one entry with the count
    ];

    private static readonly Regex Call = new(@"\.Execute(Update|Delete)(Async)?\s*\(", RegexOptions.CultureInvariant);

    [Fact]
    public void BulkStatements_AreUsedOnlyWhereTheLogRecordsTheJob()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Zeren.slnx")))
        {
            root = root.Parent;
        }
        root.Should().NotBeNull("the tests run inside the repository");
        var src = Path.Combine(root!.FullName, "src");

        var users = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Call.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root.FullName, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        users.Should().BeSubsetOf(Allowed);
    }
}
