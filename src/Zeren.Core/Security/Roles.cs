namespace Zeren.Core.Security;

/// <summary>
/// 角色. The first three are the 三权分立 administrators: configuration, accounts, audit. An account that holds one of
/// them holds no other role, administrator or business.
/// </summary>
public enum Role
{
    /// <summary>系统管理员: configuration (meeting cadences, settings); no business data, no accounts, no audit log.</summary>
    SystemAdmin,

    /// <summary>安全管理员: accounts and role grants.</summary>
    SecurityAdmin,

    /// <summary>审计管理员: reads the audit log, nothing else.</summary>
    AuditAdmin,

    /// <summary>组织部管理员: the county organization department; everything in its scope.</summary>
    CountyAdmin,

    /// <summary>乡镇管理员: a township's 党建办; everything in the township.</summary>
    TownshipAdmin,

    /// <summary>支部书记/文书: data entry for one branch.</summary>
    BranchClerk,

    /// <summary>督查员: inspections; reads its scope.</summary>
    Inspector,

    /// <summary>县级领导: reads the township they are linked to.</summary>
    CountyLeader,

    /// <summary>只读: reads its scope.</summary>
    ReadOnly,
}

/// <summary>What a role lets an account do. Endpoints and pages ask for a permission, never for a role.</summary>
public enum Permission
{
    /// <summary>Read organizations, people and every business record in scope.</summary>
    DataRead,

    /// <summary>Create, change and delete organizations, regions and grids in scope.</summary>
    OrgsWrite,

    /// <summary>Create, change and delete people, positions, links and reserves in scope.</summary>
    PeopleWrite,

    /// <summary>See full ID numbers and mobiles (each unmasking is audited).</summary>
    PersonalDataView,

    /// <summary>Export lists to Excel (each export is audited).</summary>
    Export,

    /// <summary>Change configuration: meeting cadences and other rules.</summary>
    ConfigWrite,

    /// <summary>Create accounts, grant roles, lock and unlock.</summary>
    AccountsManage,

    /// <summary>Read and verify the audit log.</summary>
    AuditRead,

    /// <summary>Record inspections and findings.</summary>
    InspectionsWrite,

    /// <summary>Record, change and delete meetings in the ledger (三会一课) in scope.</summary>
    MeetingsWrite,

    /// <summary>
    /// Do the obligations of the calendar (待办事项) in scope: submit one's own with evidence; close, return and cancel those
    /// one's organization issued. Obligations a capability handles are done through that capability's own permission.
    /// </summary>
    ObligationsWrite,

    /// <summary>
    /// Issue supervision orders (督办单) from one's own organization to those below it, and verify, return and escalate
    /// them (the issuer's side).
    /// </summary>
    SupervisionIssue,

    /// <summary>
    /// Acknowledge and answer supervision orders addressed to one's own organization (the receiver's side); the rows of
    /// an order are written with this permission, whichever side acts.
    /// </summary>
    SupervisionRespond,

    /// <summary>Issue responsibility lists (责任清单) from an organization in scope, add their items, confirm or return completions.</summary>
    ListsIssue,

    /// <summary>Mark the items of a responsibility list received by an organization in scope done, with evidence.</summary>
    ListsReport,

    /// <summary>Village decisions (村级事务, 三议一会一公开一知晓): start matters, record their steps and amendments in scope.</summary>
    MattersWrite,

    /// <summary>Submit a township's annual plan (党建思路) for review, and resubmit it after a return (三上三下).</summary>
    PlansWrite,

    /// <summary>Review annual plans: approve or return them with comments (the organization department).</summary>
    PlansReview,

    // ---- inspections (暗访) ----

    /// <summary>
    /// Draw unannounced-inspection plans (暗访计划) and see every plan before its visit date: the department (部领导). Other
    /// accounts see a plan before its date only when they are on its team (ADR 0029).
    /// </summary>
    InspectionsPlan,

    /// <summary>Keep the project ledger (项目账单): projects with their 五定, milestones, progress and monthly reconciliations.</summary>
    ProjectsWrite,

    // Problems and rectification (问题清单, 整改, 挂牌销号)

    /// <summary>Raise problems (挂牌) for organizations below one's own, push 举一反三 self-checks, turn a problem into a supervision order.</summary>
    ProblemsRaise,

    /// <summary>Rectify one's own organization's problems: cause analysis and measures, apply to close (申请销号), answer self-checks.</summary>
    ProblemsRectify,

    /// <summary>Verify (验收销号) or return applications to close problems one's own organization (or one above it) issued.</summary>
    ProblemsVerify,

    // Assessment (考核): schemes, scoring runs, rankings.

    /// <summary>Edit assessment schemes (考核方案) of one's own organization while no run of them is published.</summary>
    AssessmentConfigure,

    /// <summary>Score assessments: compute runs, enter manual items, publish, correct (考核评分).</summary>
    AssessmentScore,

    // Party-building audits (党建审计, ADR 0032)

    /// <summary>Run party-building audits (党建审计): set up rounds (units, sampling rule, checklist), draw the sample, close a round.</summary>
    PartyAuditsRun,

    /// <summary>Score the sampled branches of an audit round in scope, and see a round's units and sample before it closes (审计人员).</summary>
    PartyAuditsScore,
}

public static class Roles
{
    /// <summary>
    /// The 三权分立 roles: configuration, accounts and audit are held by three different accounts, none of which holds a
    /// business role too (an 审计管理员 who is also 乡镇管理员 would audit their own work).
    /// </summary>
    public static readonly IReadOnlySet<Role> SeparatedAdmins = new HashSet<Role> { Role.SystemAdmin, Role.SecurityAdmin, Role.AuditAdmin };

    private static readonly Dictionary<Role, Permission[]> Grants = new()
    {
        [Role.SystemAdmin] = [Permission.ConfigWrite],
        [Role.SecurityAdmin] = [Permission.AccountsManage],
        [Role.AuditAdmin] = [Permission.AuditRead],
        [Role.CountyAdmin] = [Permission.DataRead, Permission.OrgsWrite, Permission.PeopleWrite, Permission.PersonalDataView, Permission.Export, Permission.InspectionsWrite, Permission.MeetingsWrite, Permission.ObligationsWrite,
            Permission.SupervisionIssue, Permission.SupervisionRespond, Permission.ListsIssue, Permission.ListsReport, Permission.MattersWrite,
            Permission.PlansWrite, Permission.PlansReview, Permission.ProjectsWrite,
            /* problems */ Permission.ProblemsRaise, Permission.ProblemsRectify, Permission.ProblemsVerify,
            // inspections
            Permission.InspectionsPlan,
            /* assessment */ Permission.AssessmentConfigure, Permission.AssessmentScore,
            /* party audits */ Permission.PartyAuditsRun, Permission.PartyAuditsScore],
        [Role.TownshipAdmin] = [Permission.DataRead, Permission.OrgsWrite, Permission.PeopleWrite, Permission.PersonalDataView, Permission.Export, Permission.MeetingsWrite, Permission.ObligationsWrite,
            Permission.SupervisionIssue, Permission.SupervisionRespond, Permission.ListsIssue, Permission.ListsReport, Permission.MattersWrite,
            Permission.PlansWrite, Permission.ProjectsWrite,
            /* problems */ Permission.ProblemsRaise, Permission.ProblemsRectify, Permission.ProblemsVerify,
            /* assessment */ Permission.AssessmentConfigure, Permission.AssessmentScore],
        [Role.BranchClerk] = [Permission.DataRead, Permission.PeopleWrite, Permission.MeetingsWrite, Permission.ObligationsWrite, Permission.SupervisionRespond, Permission.ListsReport,
            Permission.MattersWrite,
            /* problems */ Permission.ProblemsRectify],
        [Role.Inspector] = [Permission.DataRead, Permission.InspectionsWrite,
            /* problems */ Permission.ProblemsRaise, Permission.ProblemsVerify,
            /* party audits */ Permission.PartyAuditsScore],
        [Role.CountyLeader] = [Permission.DataRead, Permission.Export],
        [Role.ReadOnly] = [Permission.DataRead],
    };

    public static IReadOnlyList<Permission> PermissionsOf(Role role) => Grants[role];

    public static bool Allows(IEnumerable<Role> roles, Permission permission) => roles.Any(r => Grants[r].Contains(permission));

    /// <summary>Null when the set is allowed; otherwise why not, in Chinese.</summary>
    public static string? Conflict(IEnumerable<Role> roles)
    {
        var distinct = roles.Distinct().ToList();
        var admins = distinct.Where(SeparatedAdmins.Contains).ToList();
        if (admins.Count > 1)
        {
            return $"三权分立：系统管理员、安全管理员、审计管理员不得由同一账号兼任（{string.Join("、", admins.Select(Label))}）。";
        }
        if (admins.Count == 1 && distinct.Count > 1)
        {
            var others = distinct.Where(r => r != admins[0]).Select(Label);
            return $"三权分立：{Label(admins[0])}不得兼任其他角色（{string.Join("、", others)}）。";
        }
        return null;
    }

    public static string Label(Role role) => role switch
    {
        Role.SystemAdmin => "系统管理员",
        Role.SecurityAdmin => "安全管理员",
        Role.AuditAdmin => "审计管理员",
        Role.CountyAdmin => "组织部管理员",
        Role.TownshipAdmin => "乡镇管理员",
        Role.BranchClerk => "支部书记/文书",
        Role.Inspector => "督查员",
        Role.CountyLeader => "县级领导",
        Role.ReadOnly => "只读",
        _ => role.ToString(),
    };
}
