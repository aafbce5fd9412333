using FluentAssertions;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Tests.Architecture;

/// <summary>
/// Dependencies point down (docs/architecture.md, ADR 0014): Platform ← Data ← Organizations ← People ← later
/// capabilities ← Web. Read from the compiled Core assembly, method bodies included, so a type used anywhere counts
/// (only a constant, which the compiler copies into the user, leaves no trace).
/// </summary>
public class DependencyTests
{
    /// <summary>What each folder may not use: everything above it.</summary>
    public static TheoryData<string, string[]> Rules => new()
    {
        { "Platform", ["Data", "Security", "Audit", "Organizations", "People", "Spreadsheets", "Files", "Meetings", "Notifications", "Jobs", "Demo"] },
        { "Organizations", ["People", "Meetings", "Notifications", "Files", "Jobs", "Demo"] },
        { "People", ["Meetings", "Decisions", "Notifications", "Jobs", "Demo"] },
        { "Spreadsheets", ["Organizations", "People", "Meetings", "Notifications", "Files", "Jobs", "Demo"] },
        { "Meetings", ["Decisions", "Demo"] },
        { "Decisions", ["Demo"] },
        { "Notifications", ["Meetings", "Demo"] },
        { "Files", ["People", "Meetings", "Notifications", "Demo"] },
        // Responsibility lists (责任清单)
        { "Responsibilities", ["Meetings", "Demo"] },
        // Assessment (考核): reads the capabilities below it through its sources; nothing below uses it.
        { "Assessment", ["Demo"] },
        { "Meetings", ["Assessment"] },
        { "Projects", ["Assessment"] },
        { "Supervision", ["Assessment"] },
        { "Obligations", ["Assessment"] },
        { "Problems", ["Assessment"] },
        { "Inspections", ["Assessment"] },
        { "PartyAudits", ["Assessment"] },
        { "People", ["Assessment"] },
        // Party-building audits (党建审计): uses problems, obligations and the inspections' random sequence; nothing below uses it.
        { "PartyAudits", ["Demo"] },
        { "Problems", ["PartyAudits"] },
        { "Inspections", ["PartyAudits"] },
        { "Obligations", ["PartyAudits"] },
        // Competitions (擂台赛): uses assessment's bottom obligations and the obligation engine; nothing below uses it.
        { "Competitions", ["Demo"] },
        { "Assessment", ["Competitions"] },
        { "Obligations", ["Competitions"] },
        // Standardization checklists (标准化建设清单): uses assessment (its sources), files and the problems' instant converter; nothing below uses it.
        { "Checklists", ["Demo"] },
        { "Assessment", ["Checklists"] },
        { "Files", ["Checklists"] },
        { "Problems", ["Checklists"] },
        { "Organizations", ["Checklists"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Folder_UsesNothingAboveIt(string folder, string[] above)
    {
        var uses = CoreDependencies.Uses()
            .Where(u => CoreDependencies.Folder(u.User) == folder && above.Contains(CoreDependencies.Folder(u.Used)))
            .Select(u => $"{u.User.FullName} uses {u.Used.FullName}")
            .Distinct()
            .ToList();

        uses.Should().BeEmpty($"{folder} lies below {string.Join(", ", above)}");
    }

    /// <summary>The scope mechanism is built from what entities declare; it names no capability's type.</summary>
    [Fact]
    public void ScopeMechanism_NamesNoCapability()
    {
        Type[] mechanism = [typeof(RowRules), typeof(WriteRuleDeclaration), typeof(RowRulesConvention), typeof(WriteGuard), typeof(DataScopeFilters)];
        string[] capabilities = ["Organizations", "People", "Meetings", "Decisions", "Notifications", "Files", "Jobs", "Audit", "Demo", "Spreadsheets"];

        var uses = CoreDependencies.Uses()
            .Where(u => mechanism.Contains(u.User.DeclaringType ?? u.User) || mechanism.Contains(u.User))
            .Where(u => capabilities.Contains(CoreDependencies.Folder(u.Used)))
            .Select(u => $"{u.User.FullName} uses {u.Used.FullName}")
            .ToList();

        uses.Should().BeEmpty();
    }

    /// <summary>
    /// The DbContext names no capability: each reaches its tables with <c>Set&lt;T&gt;()</c>. (Its migrations are the
    /// schema's history and may; the accounts are Identity's, so the context is built on them.)
    /// </summary>
    [Fact]
    public void DataContext_NamesNoCapability()
    {
        string[] capabilities = ["Organizations", "People", "Meetings", "Decisions", "Notifications", "Files", "Jobs", "Audit", "Demo", "Spreadsheets"];

        var uses = CoreDependencies.Uses()
            .Where(u => CoreDependencies.Folder(u.User) == "Data" && u.User.Namespace != "Zeren.Core.Data.Migrations")
            .Where(u => capabilities.Contains(CoreDependencies.Folder(u.Used)))
            .Select(u => $"{u.User.FullName} uses {u.Used.FullName}")
            .ToList();

        uses.Should().BeEmpty();
    }

    /// <summary>The reader finds uses in method bodies too: People uses Organizations' service inside its methods.</summary>
    [Fact]
    public void Uses_FindsTypesUsedInsideMethodBodies() =>
        CoreDependencies.Uses().Should().Contain(u => u.User == typeof(OrgPeople) && u.Used == typeof(IOrgPeople))
            .And.Contain(u => u.User.DeclaringType == typeof(PeopleService) && u.Used == typeof(OrganizationService));
}
