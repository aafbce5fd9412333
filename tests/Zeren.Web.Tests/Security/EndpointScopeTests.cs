using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Projects;
using Zeren.Core.Spreadsheets;
using Zeren.Web.Api;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Security;

/// <summary>
/// 数据范围 on every endpoint. <see cref="Routes"/> classifies each route of the app (API, htmx fragments, pages, the rest)
/// by how a TownshipAdmin of township A is kept out of township B: asking for B's record by id is 404, a list never
/// shows B's rows, a write aimed at B is refused and changes nothing. A route missing from the table fails
/// <see cref="EveryRoute_IsClassified"/>, so a new endpoint cannot skip scope.
/// Every write runs on a fresh <see cref="ScopeWorld"/> and has a control: the same request by an account that may
/// make it (B's administrator, or the county's) succeeds, so the refusal is about scope, not a bad body.
/// </summary>
public sealed partial class EndpointScopeTests(ScopeApps apps)
    : IClassFixture<ScopeApps>
{
    // ---- the table: one line per route ("METHOD pattern" as the app maps it) ----

    private static readonly Dictionary<string, RouteCheck[]> Routes = new(StringComparer.Ordinal)
    {
        // Not about business data.
        ["POST /api/v1/auth/login"] = [Exempt("signs in: finds the account by name before anyone is signed in")],
        ["POST /api/v1/auth/refresh"] = [Exempt("exchanges a refresh token for the account it was issued to")],
        ["GET /api/v1/auth/me"] = [Exempt("the caller's own account")],
        ["POST /api/v1/auth/password"] = [Exempt("changes the caller's own password")],
        ["POST /api/v1/auth/logout"] = [Exempt("ends the caller's own session")],
        ["GET /openapi/{documentName}.json"] = [Exempt("the API description, no data")],
        ["* /health"] = [Exempt("process and database health, no data")],
        ["GET /culture/{culture}"] = [Exempt("sets the language cookie")],
        ["POST /logout"] = [Exempt("signs the caller out")],
        ["GET /_framework/opaque-redirect"] = [Exempt("Blazor's redirect helper, no data")],
        ["GET /login"] = [Exempt("the login page")],
        ["POST /login"] = [Exempt("the login form")],
        ["GET /account/password"] = [Exempt("the caller's own password")],
        ["POST /account/password"] = [Exempt("the caller's own password")],
        ["GET /not-found"] = [Exempt("a message")],
        ["POST /not-found"] = [Exempt("a message")],
        ["GET /forbidden"] = [Exempt("a message")],
        ["POST /forbidden"] = [Exempt("a message")],

        // Accounts (账号): only security administrators reach them, so township A's TownshipAdmin gets 403 on all of
        // them; how a security administrator of township A is kept out of B's accounts is proven route by route in
        // AccountsApiTests.SecurityAdminOfOneTownship_NeitherSeesNorCreatesAccountsOfAnother (pages use the same service).
        ["GET /api/v1/accounts/"] = [Exempt(AccountsScope)],
        ["GET /api/v1/accounts/{id:guid}"] = [Exempt(AccountsScope)],
        ["POST /api/v1/accounts/"] = [Exempt(AccountsScope)],
        ["PUT /api/v1/accounts/{id:guid}"] = [Exempt(AccountsScope)],
        ["PUT /api/v1/accounts/{id:guid}/roles"] = [Exempt(AccountsScope)],
        ["POST /api/v1/accounts/{id:guid}/reset-password"] = [Exempt(AccountsScope)],
        ["POST /api/v1/accounts/{id:guid}/disable"] = [Exempt(AccountsScope)],
        ["POST /api/v1/accounts/{id:guid}/enable"] = [Exempt(AccountsScope)],
        ["POST /api/v1/accounts/{id:guid}/unlock"] = [Exempt(AccountsScope)],
        ["POST /api/v1/accounts/{id:guid}/reset-two-factor"] = [Exempt(AccountsScope)],
        ["GET /ui/accounts/results"] = [Exempt(AccountsScope)],
        ["GET /ui/accounts/pick-orgs"] = [Exempt(AccountsScope)],
        ["GET /ui/accounts/pick-people"] = [Exempt("people picker of the account pages: PeopleService's query filters keep it to the security administrator's scope (names and organizations only), proven in AccountPersonTests")],
        ["GET /admin/accounts"] = [Exempt(AccountsScope)],
        ["POST /admin/accounts"] = [Exempt(AccountsScope)],
        ["GET /admin/accounts/new"] = [Exempt(AccountsScope)],
        ["POST /admin/accounts/new"] = [Exempt(AccountsScope)],
        ["GET /admin/accounts/{Id:guid}"] = [Exempt(AccountsScope)],
        ["POST /admin/accounts/{Id:guid}"] = [Exempt(AccountsScope)],
        ["GET /account"] = [Exempt("the caller's own account")],
        ["POST /account"] = [Exempt("the caller's own account")],
        ["GET /account/two-factor"] = [Exempt("the caller's own two-factor key")],
        ["POST /account/two-factor"] = [Exempt("the caller's own two-factor key")],

        // Audit log (审计日志): only audit administrators reach it (A's TownshipAdmin gets 403); an auditor bound to a
        // township reads the entries of accounts inside it, proven in AuditLogTests.AuditorOfATownship_ReadsWhatItsAccountsDid_AndNothingOfAnother.
        ["GET /api/v1/audit/"] = [Exempt(AuditScope)],
        ["GET /api/v1/audit/operations"] = [Exempt(AuditScope)],
        ["GET /api/v1/audit/export.xlsx"] = [Exempt(AuditScope)],
        ["GET /ui/audit/results"] = [Exempt(AuditScope)],
        ["GET /audit"] = [Exempt(AuditScope)],
        ["POST /audit"] = [Exempt(AuditScope)],
        ["GET /api/v1/audit/verify"] = [Exempt("verifies the whole chain; answers with sequence numbers and hashes, no business data")],
        ["GET /ui/audit/verify"] = [Exempt("verifies the whole chain; answers with sequence numbers and hashes, no business data")],

        // Notifications (站内通知): an account reads only those addressed to its own organization, on top of the scope
        // filter; proven in MeetingRemindersTests (a township's administrator cannot read or mark its branch's).
        ["GET /api/v1/notifications/"] = [Exempt(OwnNotifications)],
        ["GET /api/v1/notifications/unread-count"] = [Exempt(OwnNotifications)],
        ["POST /api/v1/notifications/{id:guid}/read"] = [Exempt(OwnNotifications)],
        ["GET /notifications"] = [Exempt(OwnNotifications)],

        // Obligations (待办事项): scoped by the owing organization like every row; proven route by route (another
        // township's obligation is not found, its lists and counts and grid show none, its submit, return, close and
        // cancel are refused) in ObligationsTests.AnotherTownship_NeitherSeesNorSubmits_AndTheHomeCardListsTheAccountsOwn.
        ["GET /api/v1/obligations/"] = [Exempt(ObligationScope)],
        ["GET /api/v1/obligations/counts"] = [Exempt(ObligationScope)],
        ["GET /api/v1/obligations/grid"] = [Exempt(ObligationScope)],
        ["GET /api/v1/obligations/{id:guid}"] = [Exempt(ObligationScope)],
        ["POST /api/v1/obligations/{id:guid}/submit"] = [Exempt(ObligationScope)],
        ["POST /api/v1/obligations/{id:guid}/return"] = [Exempt(ObligationScope)],
        ["POST /api/v1/obligations/{id:guid}/close"] = [Exempt(ObligationScope)],
        ["POST /api/v1/obligations/{id:guid}/cancel"] = [Exempt(ObligationScope)],
        // Obligations stage 2: the exports read the list's and the grid's queries; the pages call the same service
        // (another township's obligation page is not found, its list and grid show none: ObligationPagesTests).
        ["GET /api/v1/obligations/export.xlsx"] = [Exempt(ObligationScope)],
        ["GET /api/v1/obligations/grid/export.xlsx"] = [Exempt(ObligationScope)],
        ["GET /api/v1/obligations/calendar"] = [Exempt(ObligationCalendar)],
        ["PUT /api/v1/obligations/calendar/{id:guid}"] = [Exempt(ObligationCalendar)],
        ["GET /obligations"] = [List(ScopeWorld.AName, "/obligations", "/obligations?org={B}", "/obligations?org={C}&state=Open", "/obligations?issuer={C}")],
        ["POST /obligations"] = [NoForms("/obligations")],
        ["GET /obligations/{Id:guid}"] = [Read("/obligations/{BObligation}")],
        ["POST /obligations/{Id:guid}"] =
        [
            NoForms("/obligations/{BObligation}"),
            Form("/obligations/{BObligation}", "submit", _ => new() { ["Submit.Evidence"] = "西岭季度报告" }, Expect.Refused, Control.B),
        ],
        ["GET /obligations/grid"] = [List(ScopeWorld.AvName, "/obligations/grid", "/obligations/grid?org={B}", "/obligations/grid?org={C}&year={Year}")],
        ["POST /obligations/grid"] = [NoForms("/obligations/grid")],
        ["GET /obligations/calendar"] = [Exempt(ObligationCalendar)],
        ["POST /obligations/calendar"] = [Exempt(ObligationCalendar)],
        ["POST /notifications"] = [Exempt(OwnNotifications)],

        // Organizations.
        ["GET /api/v1/orgs/"] = [List(ScopeWorld.AName, "/api/v1/orgs/", "/api/v1/orgs/?under={B}", "/api/v1/orgs/?parentId={B}", "/api/v1/orgs/?q=西岭", "/api/v1/orgs/?q={BvCode}")],
        ["GET /api/v1/orgs/roots"] = [List(ScopeWorld.AName, "/api/v1/orgs/roots")],
        ["GET /api/v1/orgs/{id:guid}"] = [Read("/api/v1/orgs/{Bv}")],
        ["GET /api/v1/orgs/{id:guid}/children"] = [Read("/api/v1/orgs/{B}/children")],
        ["GET /api/v1/orgs/{id:guid}/subtree"] = [Read("/api/v1/orgs/{B}/subtree")],
        ["GET /api/v1/orgs/{id:guid}/grids"] = [Read("/api/v1/orgs/{Bv}/grids")],
        ["POST /api/v1/orgs/"] =
        [
            Write("POST", "/api/v1/orgs/", w => Json(new OrgInput(w.Id("B"), TestData.Code("B"), "西岭三村党支部", OrgKind.Branch, OrgDomain.Rural)), Expect.Refused, Control.B),
            Write("POST", "/api/v1/orgs/", w => Json(new OrgInput(w.Id("A"), w["BvCode"], "东坡三村党支部", OrgKind.Branch, OrgDomain.Rural)), Expect.Code("org_code_duplicate"), Control.None),
        ],
        ["PUT /api/v1/orgs/{id:guid}"] =
        [
            Write("PUT", "/api/v1/orgs/{Bv}", w => Json(new OrgInput(w.Id("B"), w["BvCode"], "西岭村党支部改", OrgKind.Branch, OrgDomain.Rural)), Expect.NotFound, Control.B),
            Write("PUT", "/api/v1/orgs/{Av}", w => Json(new OrgInput(w.Id("B"), w["AvCode"], ScopeWorld.AvName, OrgKind.Branch, OrgDomain.Rural)), Expect.Refused, Control.County),
        ],
        ["DELETE /api/v1/orgs/{id:guid}"] = [Write("DELETE", "/api/v1/orgs/{BvLeaf}?reason=%E6%92%A4%E5%B9%B6", _ => null, Expect.NotFound, Control.B)],
        // A grid's leader must belong to the grid's village (or below), so B's person as leader of A's grid is refused
        // whoever asks; A is told only that the person does not exist.
        ["POST /api/v1/orgs/{id:guid}/grids"] =
        [
            Write("POST", "/api/v1/orgs/{Bv}/grids", _ => Json(new OrgsApi.GridInput("西岭二组网格", 30, null)), Expect.NotFound, Control.B),
            Write("POST", "/api/v1/orgs/{Av}/grids", w => Json(new OrgsApi.GridInput("东坡二组网格", 30, w.Id("BPerson"))), Expect.Code("grid_leader_unknown"), Control.None),
        ],
        ["PUT /api/v1/orgs/{orgId:guid}/grids/{gridId:guid}"] =
        [
            Write("PUT", "/api/v1/orgs/{Bv}/grids/{BGrid}", w => Json(new OrgsApi.GridInput("西岭一组网格改", 60, w.Id("BLoner"))), Expect.NotFound, Control.B),
            Write("PUT", "/api/v1/orgs/{Av}/grids/{BGrid}", _ => Json(new OrgsApi.GridInput("东坡二组网格", 60, null)), Expect.NotFound, Control.None),
            Write("PUT", "/api/v1/orgs/{Av}/grids/{AGrid}", w => Json(new OrgsApi.GridInput(ScopeWorld.AGridName, 40, w.Id("BPerson"))), Expect.Code("grid_leader_unknown"), Control.None),
        ],
        ["DELETE /api/v1/orgs/{orgId:guid}/grids/{gridId:guid}"] =
        [
            Write("DELETE", "/api/v1/orgs/{Bv}/grids/{BGrid}", _ => null, Expect.NotFound, Control.B),
            Write("DELETE", "/api/v1/orgs/{Av}/grids/{BGrid}", _ => null, Expect.NotFound, Control.None),
        ],
        // Regions belong to the county committee, which a township's account does not see: it can neither change the
        // county's regions nor make one of its own.
        ["GET /api/v1/regions/"] = [List(null, "/api/v1/regions/", "/api/v1/regions/?countyOrgId={C}")],
        ["POST /api/v1/regions/"] =
        [
            Write("POST", "/api/v1/regions/", w => Json(new OrgsApi.RegionInput(w.Id("C"), "东部片区", 3)), Expect.Refused, Control.County),
            Write("POST", "/api/v1/regions/", w => Json(new OrgsApi.RegionInput(w.Id("A"), "东坡片区", 1)), Expect.Code("region_not_county"), Control.None),
        ],
        ["PUT /api/v1/regions/{id:guid}"] = [Write("PUT", "/api/v1/regions/{Region}", _ => Json(new OrgsApi.RegionUpdate("西部片区改", 1)), Expect.NotFound, Control.County)],
        ["DELETE /api/v1/regions/{id:guid}"] = [Write("DELETE", "/api/v1/regions/{EmptyRegion}", _ => null, Expect.NotFound, Control.County)],
        ["GET /api/v1/orgs/template.xlsx"] = [List(null, "/api/v1/orgs/template.xlsx")],
        ["GET /api/v1/orgs/export.xlsx"] = [List(ScopeWorld.AName, "/api/v1/orgs/export.xlsx", "/api/v1/orgs/export.xlsx?under={B}", "/api/v1/orgs/export.xlsx?parentId={B}", "/api/v1/orgs/export.xlsx?q=西岭")],
        ["POST /api/v1/orgs/import"] =
        [
            Write("POST", "/api/v1/orgs/import", w => OrgWorkbook(TestData.Code("B"), "西岭三村党支部", w["BCode"]), Expect.Refused, Control.B),
            Write("POST", "/api/v1/orgs/import", w => OrgWorkbook(w["BvCode"], "东坡三村党支部", w["ACode"]), Expect.Refused, Control.None),
        ],

        // People, positions, links, reserves.
        ["GET /api/v1/people/"] = [List(ScopeWorld.APersonName, "/api/v1/people/", "/api/v1/people/?under={B}", "/api/v1/people/?orgId={Bv}", "/api/v1/people/?q=西门", "/api/v1/people/?q={BPersonIdNumber}")],
        ["GET /api/v1/people/{id:guid}"] = [Read("/api/v1/people/{BPerson}")],
        ["GET /api/v1/people/{id:guid}/personal-data"] = [Read("/api/v1/people/{BPerson}/personal-data")],
        ["POST /api/v1/people/"] =
        [
            Write("POST", "/api/v1/people/", w => Json(TestData.Member(w.Id("Bv"), "西岭新人")), Expect.Refused, Control.B),
            Write("POST", "/api/v1/people/", w => Json(TestData.Member(w.Id("Av"), "东坡新人") with { IdNumber = w["BPersonIdNumber"] }), Expect.Code("person_duplicate_id_number"), Control.None),
        ],
        ["PUT /api/v1/people/{id:guid}"] =
        [
            Write("PUT", "/api/v1/people/{BPerson}", w => Json(TestData.Member(w.Id("Bv"), "西门雪改") with { IdNumber = w["BPersonIdNumber"] }), Expect.NotFound, Control.B),
            Write("PUT", "/api/v1/people/{APerson}", w => Json(TestData.Member(w.Id("Bv"), ScopeWorld.APersonName) with { IdNumber = w["APersonIdNumber"] }), Expect.Refused, Control.County),
        ],
        ["DELETE /api/v1/people/{id:guid}"] = [Write("DELETE", "/api/v1/people/{BCadre}?reason=%E9%87%8D%E5%A4%8D%E7%99%BB%E8%AE%B0", _ => null, Expect.NotFound, Control.B)], // BLoner attends B's meeting, which keeps them
        ["GET /api/v1/people/template.xlsx"] = [List(null, "/api/v1/people/template.xlsx")],
        ["GET /api/v1/people/export.xlsx"] = [List(ScopeWorld.APersonName, "/api/v1/people/export.xlsx", "/api/v1/people/export.xlsx?under={B}", "/api/v1/people/export.xlsx?orgId={Bv}", "/api/v1/people/export.xlsx?q=西门")],
        ["POST /api/v1/people/import"] =
        [
            Write("POST", "/api/v1/people/import", w => RosterWorkbook("西岭新人", TestData.IdNumber(new DateOnly(1990, 6, 1)), w["BvCode"]), Expect.Refused, Control.B),
            Write("POST", "/api/v1/people/import", w => RosterWorkbook(ScopeWorld.BPersonName, w["BPersonIdNumber"], w["AvCode"]), Expect.Refused, Control.None),
        ],
        ["GET /api/v1/positions/"] = [List(ScopeWorld.APersonName, "/api/v1/positions/", "/api/v1/positions/?orgId={Bv}", "/api/v1/positions/?personId={BPerson}", "/api/v1/positions/?includeEnded=true")],
        ["POST /api/v1/positions/"] =
        [
            Write("POST", "/api/v1/positions/", w => Json(new PeopleApi.PositionInput(w.Id("Bv"), w.Id("BLoner"), PositionTitle.DeputySecretary, ScopeWorld.Today)), Expect.Refused, Control.B),
            Write("POST", "/api/v1/positions/", w => Json(new PeopleApi.PositionInput(w.Id("Av"), w.Id("BLoner"), PositionTitle.DeputySecretary, ScopeWorld.Today)), Expect.Refused, Control.County),
        ],
        ["POST /api/v1/positions/{id:guid}/end"] = [Write("POST", "/api/v1/positions/{BPosition}/end", _ => Json(new PeopleApi.EndInput(ScopeWorld.Today, "换届")), Expect.NotFound, Control.B)],
        ["DELETE /api/v1/positions/{id:guid}"] = [Write("DELETE", "/api/v1/positions/{BPosition}", _ => null, Expect.NotFound, Control.B)],
        ["GET /api/v1/links/"] = [List(ScopeWorld.ACadreName, "/api/v1/links/?kind=VillageCadre", "/api/v1/links/", "/api/v1/links/?orgId={Bv}", "/api/v1/links/?personId={BCadre}", "/api/v1/links/?under={B}", "/api/v1/links/?includeEnded=true", "/api/v1/links/?kind=CountyLeaderTownship")],
        ["GET /api/v1/links/export.xlsx"] = [List(ScopeWorld.ACadreName, "/api/v1/links/export.xlsx", "/api/v1/links/export.xlsx?under={B}", "/api/v1/links/export.xlsx?orgId={Bv}", "/api/v1/links/export.xlsx?personId={BCadre}")],
        ["POST /api/v1/links/"] =
        [
            Write("POST", "/api/v1/links/", w => Json(new PeopleApi.LinkInput(LinkKind.VillageCadre, w.Id("BLoner"), w.Id("Bv"), ScopeWorld.Today)), Expect.Refused, Control.B),
            Write("POST", "/api/v1/links/", w => Json(new PeopleApi.LinkInput(LinkKind.VillageCadre, w.Id("BLoner"), w.Id("Av"), ScopeWorld.Today)), Expect.Refused, Control.County),
        ],
        ["POST /api/v1/links/{id:guid}/end"] = [Write("POST", "/api/v1/links/{BLink}/end", _ => Json(new PeopleApi.EndInput(ScopeWorld.Today, "换届")), Expect.NotFound, Control.B)],
        ["DELETE /api/v1/links/{id:guid}"] = [Write("DELETE", "/api/v1/links/{BLink}", _ => null, Expect.NotFound, Control.B)],
        ["GET /api/v1/reserves/"] = [List(ScopeWorld.ACadreName, "/api/v1/reserves/", "/api/v1/reserves/?under={B}", "/api/v1/reserves/?under35=true")],
        ["GET /api/v1/reserves/villages-without"] = [List(ScopeWorld.AvLeafName, "/api/v1/reserves/villages-without", "/api/v1/reserves/villages-without?under={B}")],
        ["GET /api/v1/reserves/export.xlsx"] = [List(ScopeWorld.ACadreName, "/api/v1/reserves/export.xlsx", "/api/v1/reserves/export.xlsx?under={B}")],
        ["POST /api/v1/reserves/"] =
        [
            Write("POST", "/api/v1/reserves/", w => Json(new PeopleApi.ReserveInput(w.Id("BLoner"), w.Id("Bv"), PositionTitle.Secretary, ScopeWorld.Today, null)), Expect.Refused, Control.B),
            Write("POST", "/api/v1/reserves/", w => Json(new PeopleApi.ReserveInput(w.Id("BLoner"), w.Id("Av"), PositionTitle.Secretary, ScopeWorld.Today, null)), Expect.Refused, Control.County),
        ],
        ["DELETE /api/v1/reserves/{id:guid}"] = [Write("DELETE", "/api/v1/reserves/{BReserve}?reason=%E5%B7%B2%E4%BB%BB%E8%81%8C", _ => null, Expect.NotFound, Control.B)],

        // Files (附件).
        ["POST /api/v1/files/"] = [Write("POST", "/api/v1/files/?orgId={Bv}", _ => new(ScopeWorld.Png("西岭新附件"), "西岭新附件"), Expect.Refused, Control.B)],
        ["GET /api/v1/files/{id:guid}"] = [Read("/api/v1/files/{BFile}")],

        // Meetings (三会一课). A chair or attendee from B named in A's meeting is refused without B's name.
        // Responsibility lists (责任清单): A's TownshipAdmin neither sees B's own list nor its branches' records, nor writes them.
        ["GET /api/v1/responsibility-lists/"] = [List(ScopeWorld.AListTitle, "/api/v1/responsibility-lists/", "/api/v1/responsibility-lists/?side=Received", "/api/v1/responsibility-lists/?q=西岭", "/api/v1/responsibility-lists/?kind=Own&side=Issued")],
        ["GET /api/v1/responsibility-lists/{id:guid}"] = [Read("/api/v1/responsibility-lists/{BList}")],
        ["GET /api/v1/responsibility-lists/{id:guid}/receivers"] = [Read("/api/v1/responsibility-lists/{BList}/receivers")],
        ["GET /api/v1/responsibility-lists/{id:guid}/receivers/{orgId:guid}"] = [Read("/api/v1/responsibility-lists/{BList}/receivers/{Bv}")],
        ["GET /api/v1/responsibility-lists/{id:guid}/export.xlsx"] = [Read("/api/v1/responsibility-lists/{BList}/export.xlsx")],
        ["POST /api/v1/responsibility-lists/"] =
            [Write("POST", "/api/v1/responsibility-lists/", w => Json(new Zeren.Core.Responsibilities.ListInput(w.Id("B"), Zeren.Core.Responsibilities.ListKind.Own, "西岭新清单", null, [ScopeWorld.ListItem("西岭新事项")])), Expect.Refused, Control.B)],
        ["POST /api/v1/responsibility-lists/{id:guid}/items"] =
            [Write("POST", "/api/v1/responsibility-lists/{BList}/items", _ => Json(ScopeWorld.ListItem("西岭追加事项")), Expect.NotFound, Control.B)],
        ["POST /api/v1/responsibility-lists/{id:guid}/issue"] =
        [
            Write("POST", "/api/v1/responsibility-lists/{BList}/issue", w => Json(new Zeren.Core.Responsibilities.IssueInput(null, [w.Id("BvLeaf")])), Expect.NotFound, Control.B),
            Write("POST", "/api/v1/responsibility-lists/{AList}/issue", w => Json(new Zeren.Core.Responsibilities.IssueInput(null, [w.Id("BvLeaf")])), Expect.Refused, Control.None),
        ],
        ["PUT /api/v1/responsibility-lists/{id:guid}/items/{itemId:guid}"] =
        [
            Write("PUT", "/api/v1/responsibility-lists/{BList}/items/{BListItem}", _ => Json(ScopeWorld.ListItem("东坡改写西岭事项")), Expect.NotFound, Control.B),
            Write("PUT", "/api/v1/responsibility-lists/{AList}/items/{BListItem}", _ => Json(ScopeWorld.ListItem("东坡改写西岭事项")), Expect.NotFound, Control.None),
        ],
        ["POST /api/v1/responsibility-lists/{id:guid}/items/{itemId:guid}/revoke"] =
            [Write("POST", "/api/v1/responsibility-lists/{BList}/items/{BListItem}/revoke", _ => Json(new Zeren.Core.Responsibilities.RevokeInput("东坡撤销")), Expect.NotFound, Control.B)],
        ["DELETE /api/v1/responsibility-lists/{id:guid}"] =
            [Write("DELETE", "/api/v1/responsibility-lists/{BDraftList}", _ => null, Expect.NotFound, Control.B)],
        ["GET /api/v1/responsibility-lists/completions/{id:guid}"] = [Read("/api/v1/responsibility-lists/completions/{BListOpen}")],
        ["POST /api/v1/responsibility-lists/completions/{id:guid}/done"] =
            [Write("POST", "/api/v1/responsibility-lists/completions/{BListOpen}/done", _ => Json(new Zeren.Core.Responsibilities.DoneInput("东坡代报")), Expect.NotFound, Control.B)],
        ["POST /api/v1/responsibility-lists/completions/{id:guid}/confirm"] =
            [Write("POST", "/api/v1/responsibility-lists/completions/{BListDone}/confirm", _ => Json(new { }), Expect.NotFound, Control.B)],
        ["POST /api/v1/responsibility-lists/completions/{id:guid}/return"] =
            [Write("POST", "/api/v1/responsibility-lists/completions/{BListDone}/return", _ => Json(new Zeren.Core.Responsibilities.ReturnInput("东坡退回")), Expect.NotFound, Control.B)],
        ["POST /api/v1/responsibility-lists/completions/{id:guid}/files"] =
            [Write("POST", "/api/v1/responsibility-lists/completions/{BListOpen}/files", _ => new(ScopeWorld.Png("东坡佐证"), "东坡佐证"), Expect.NotFound, Control.B)],

        ["GET /api/v1/meetings/"] = [List(ScopeWorld.AMeetingTopic, "/api/v1/meetings/", "/api/v1/meetings/?under={B}", "/api/v1/meetings/?orgId={Bv}", "/api/v1/meetings/?type=Study&period={Year}")],
        ["GET /api/v1/meetings/export.xlsx"] = [List(ScopeWorld.AMeetingTopic, "/api/v1/meetings/export.xlsx", "/api/v1/meetings/export.xlsx?under={B}", "/api/v1/meetings/export.xlsx?orgId={Bv}")],
        ["GET /api/v1/meetings/{id:guid}"] = [Read("/api/v1/meetings/{BMeeting}")],
        ["GET /api/v1/meetings/officers"] = [Read("/api/v1/meetings/officers?orgId={Bv}")],
        ["POST /api/v1/meetings/"] =
        [
            Write("POST", "/api/v1/meetings/", w => Json(BMeetingInput(w)), Expect.Refused, Control.B),
            Write("POST", "/api/v1/meetings/", w => Json(ScopeWorld.Meeting(w.Id("Av"), w.Id("APerson"), [w.Id("APerson"), w.Id("BLoner")], "东坡冬季学习会")), Expect.Refused, Control.None),
            Write("POST", "/api/v1/meetings/", w => Json(ScopeWorld.Meeting(w.Id("Av"), w.Id("BPerson"), [w.Id("APerson")], "东坡冬季学习会")), Expect.Refused, Control.None),
        ],
        ["PUT /api/v1/meetings/{id:guid}"] =
        [
            Write("PUT", "/api/v1/meetings/{BMeeting}", w => Json(BMeetingInput(w) with { Topic = "西岭秋季学习会改" }), Expect.NotFound, Control.B),
            Write("PUT", "/api/v1/meetings/{AMeeting}", w => Json(BMeetingInput(w)), Expect.Refused, Control.None),
        ],
        ["DELETE /api/v1/meetings/{id:guid}"] = [Write("DELETE", "/api/v1/meetings/{BMeeting}", _ => null, Expect.NotFound, Control.B)],

        // Meeting attachments.
        ["POST /api/v1/meetings/{id:guid}/attachments"] =
            [Write("POST", "/api/v1/meetings/{BMeeting}/attachments", _ => new(ScopeWorld.MeetingPhoto("西岭新会议照片"), "西岭新会议照片 Photo"), Expect.NotFound, Control.B)],
        ["DELETE /api/v1/meetings/{id:guid}/attachments/{attachmentId:guid}"] =
        [
            Write("DELETE", "/api/v1/meetings/{BMeeting}/attachments/{BMeetingPhoto}", _ => null, Expect.NotFound, Control.B),
            // B's attachment asked for under A's own meeting: not there either.
            Write("DELETE", "/api/v1/meetings/{AMeeting}/attachments/{BMeetingPhoto}", _ => null, Expect.NotFound, Control.None),
        ],
        // Plans and projects (党建思路, 党建项目).
        ["GET /api/v1/plans/"] = [List(ScopeWorld.AName, "/api/v1/plans/?year={PlanYear}", "/api/v1/plans/", "/api/v1/plans/?under={B}", "/api/v1/plans/?status=Returned", "/api/v1/plans/?flagged=false")],
        ["GET /api/v1/plans/{id:guid}"] = [Read("/api/v1/plans/{BPlan}")],
        ["POST /api/v1/plans/"] =
        [
            Write("POST", "/api/v1/plans/", w => Json(new PlanInput(w.Id("B"), ScopeWorld.PlanYear + 1, "西岭明年思路", [ScopeWorld.Terms(w.Id("BPerson"), "西岭新项目")])), Expect.Refused, Control.B),
            Write("POST", "/api/v1/plans/", w => Json(new PlanInput(w.Id("A"), ScopeWorld.PlanYear + 1, "东坡明年思路", [ScopeWorld.Terms(w.Id("BPerson"), "东坡新项目")])), Expect.Code("project_person_not_found"), Control.None),
        ],
        ["POST /api/v1/plans/{id:guid}/versions"] = [Write("POST", "/api/v1/plans/{BPlan}/versions", w => Json(new PlanRevision("西岭思路第二版", [ScopeWorld.Terms(w.Id("BPerson"), "西岭细化项目")])), Expect.NotFound, Control.B)],
        ["POST /api/v1/plans/{id:guid}/return"] = [Exempt(PlanReview)],
        ["POST /api/v1/plans/{id:guid}/approve"] = [Exempt(PlanReview)],
        ["GET /api/v1/projects/"] = [List(ScopeWorld.AProjectName, "/api/v1/projects/", "/api/v1/projects/?under={B}", "/api/v1/projects/?orgId={B}", "/api/v1/projects/?planId={BPlan}", "/api/v1/projects/?status=InProgress")],
        ["GET /api/v1/projects/ledgers"] = [List(ScopeWorld.AName, "/api/v1/projects/ledgers?year={Year}", "/api/v1/projects/ledgers?under={B}&year={Year}", "/api/v1/projects/ledgers?under={C}&year={Year}")],
        ["GET /api/v1/projects/export.xlsx"] = [List(ScopeWorld.AProjectName, "/api/v1/projects/export.xlsx", "/api/v1/projects/export.xlsx?under={B}", "/api/v1/projects/export.xlsx?orgId={B}")],
        ["GET /api/v1/projects/{id:guid}"] = [Read("/api/v1/projects/{BProject}")],
        ["POST /api/v1/projects/"] =
        [
            Write("POST", "/api/v1/projects/", w => Json(ScopeWorld.Project(w.Id("B"), w.Id("BPerson"), "西岭新项目")), Expect.Refused, Control.B),
            Write("POST", "/api/v1/projects/", w => Json(ScopeWorld.Project(w.Id("A"), w.Id("BPerson"), "东坡新项目")), Expect.Code("project_person_not_found"), Control.None),
        ],
        ["PUT /api/v1/projects/{id:guid}"] =
        [
            Write("PUT", "/api/v1/projects/{BProject}", w => Json(Revision(ScopeWorld.Project(w.Id("B"), w.Id("BPerson"), "西岭产业党建项目改"))), Expect.NotFound, Control.B),
            Write("PUT", "/api/v1/projects/{AProject}", w => Json(Revision(ScopeWorld.Project(w.Id("A"), w.Id("BPerson"), ScopeWorld.AProjectName))), Expect.Code("project_person_not_found"), Control.None),
        ],
        ["POST /api/v1/projects/{id:guid}/progress"] = [Write("POST", "/api/v1/projects/{BProject}/progress", _ => Json(new ProgressInput(ScopeWorld.Today, "西岭完成招标", 40)), Expect.NotFound, Control.B)],
        ["POST /api/v1/projects/{id:guid}/progress/{entryId:guid}/evidence"] =
        [
            Write("POST", "/api/v1/projects/{BProject}/progress/{BProgress}/evidence", _ => new(ScopeWorld.Png("西岭进展照片"), "西岭进展照片"), Expect.NotFound, Control.B),
            Write("POST", "/api/v1/projects/{AProject}/progress/{BProgress}/evidence", _ => new(ScopeWorld.Png("东坡进展照片"), "东坡进展照片"), Expect.NotFound, Control.None),
        ],
        ["POST /api/v1/projects/{id:guid}/reconciliations"] = [Write("POST", "/api/v1/projects/{BProject}/reconciliations", w => Json(new ReconciliationInput(w["LastMonth"], "西岭本月进展", null, "西岭下步措施", 30)), Expect.NotFound, Control.B)],
        ["POST /api/v1/projects/{id:guid}/complete"] = [Write("POST", "/api/v1/projects/{BProject}/complete", _ => Json(new CompletionInput(ScopeWorld.Today)), Expect.NotFound, Control.B)],
        ["POST /api/v1/projects/{id:guid}/cancel"] = [Write("POST", "/api/v1/projects/{BProject}/cancel", _ => Json(new CancellationInput("西岭项目合并")), Expect.NotFound, Control.B)],

        ["GET /api/v1/meeting-cadences"] = [Exempt(CadenceRules)],
        ["POST /api/v1/meeting-cadences/"] = [Exempt(CadenceRules)],
        ["GET /admin/meeting-cadences"] = [Exempt(CadenceRules)],
        ["POST /admin/meeting-cadences"] = [Exempt(CadenceRules)],
        ["GET /api/v1/compliance/"] = [Read("/api/v1/compliance/?org={B}&period={Year}"), List(ScopeWorld.AvName, "/api/v1/compliance/?org={A}&period={Year}", "/api/v1/compliance/?org={C}&period={Year}")],
        ["GET /api/v1/compliance/behind"] = [Read("/api/v1/compliance/behind?org={B}&period={Year}"), List(null, "/api/v1/compliance/behind?org={A}&period={Year}", "/api/v1/compliance/behind?org={C}&period={Year}")],
        ["GET /api/v1/compliance/behind-in-month"] = [Read("/api/v1/compliance/behind-in-month?org={B}&month={YearMonth}"),
            List(null, "/api/v1/compliance/behind-in-month?org={A}&month={YearMonth}", "/api/v1/compliance/behind-in-month?org={C}&month={YearMonth}")],
        ["GET /api/v1/compliance/heatmap"] = [Read("/api/v1/compliance/heatmap?org={B}&year={Year}"), List(ScopeWorld.AvName, "/api/v1/compliance/heatmap?org={A}&year={Year}", "/api/v1/compliance/heatmap?org={C}&year={Year}")],

        // htmx fragments.
        ["GET /ui/orgs/{id:guid}/children"] = [Read("/ui/orgs/{B}/children")],
        ["GET /ui/orgs/search"] = [List(ScopeWorld.AName, "/ui/orgs/search?q=东坡", "/ui/orgs/search?q=西岭", "/ui/orgs/search?q={BvCode}&sel={Bv}")],
        ["GET /ui/people/{id:guid}/personal-data"] = [Read("/ui/people/{BPerson}/personal-data")],
        ["GET /ui/people/results"] = [List(ScopeWorld.APersonName, "/ui/people/results", "/ui/people/results?under={B}", "/ui/people/results?q=西门")],
        ["GET /ui/pick/orgs"] = [List(ScopeWorld.AName, "/ui/pick/orgs?field=f&input=i&i=东坡", "/ui/pick/orgs?field=f&input=i&i=西岭&f={Bv}", "/ui/pick/orgs?field=f&input=i&i=西岭&scope=villages", "/ui/pick/orgs?field=f&input=i&i=西岭&scope=townships", "/ui/pick/orgs?field=f&input=i&i=西岭&scope=branches")],
        ["GET /ui/pick/people"] = [List(ScopeWorld.APersonName, "/ui/pick/people?field=f&input=i&i=东方", "/ui/pick/people?field=f&input=i&i=西门&f={BPerson}", "/ui/pick/people?field=f&input=i&i=南宫&scope=leaders", "/ui/pick/people?field=f&input=i&i=西门&scope=under:{Bv}")],

        // Pages (GET renders, POST submits a form on the page).
        ["GET /"] = [List(ScopeWorld.AName, "/")],
        ["POST /"] = [NoForms("/")],
        ["GET /orgs"] = [List(ScopeWorld.AName, "/orgs", "/orgs?q=西岭")],
        ["POST /orgs"] = [NoForms("/orgs")],
        ["GET /orgs/{Id:guid}"] = [Read("/orgs/{Bv}")],
        // The org tree page's forms: a village's grids, a county's regions.
        ["POST /orgs/{Id:guid}"] =
        [
            Form("/orgs/{Bv}", "grid", _ => new() { ["Grid.Name"] = "西岭二组网格", ["Grid.Households"] = "30" }, Expect.Refused, Control.B),
            Form("/orgs/{Av}", "grid", w => new() { ["Grid.GridId"] = w["BGrid"], ["Grid.Name"] = "西岭一组网格改", ["Grid.Households"] = "60" }, Expect.Refused, Control.B, controlUrl: "/orgs/{Bv}"),
            Form("/orgs/{Av}", "grid", w => new() { ["Grid.Name"] = "东坡二组网格", ["Grid.Households"] = "30", ["Grid.LeaderPersonId"] = w["BPerson"] }, Expect.Refused, Control.None),
            Form("/orgs/{Av}", "remove-grid", w => new() { ["RemoveGrid.GridId"] = w["BGrid"] }, Expect.Refused, Control.B, controlUrl: "/orgs/{Bv}"),
            Form("/orgs/{C}", "region", _ => new() { ["Region.Name"] = "东部片区", ["Region.SortOrder"] = "3" }, Expect.Refused, Control.County),
            Form("/orgs/{C}", "region", w => new() { ["Region.RegionId"] = w["Region"], ["Region.Name"] = "西部片区改", ["Region.SortOrder"] = "1" }, Expect.Refused, Control.County),
            Form("/orgs/{C}", "remove-region", w => new() { ["RemoveRegion.RegionId"] = w["EmptyRegion"] }, Expect.Refused, Control.County),
            Form("/orgs/{A}", "region", _ => new() { ["Region.Name"] = "东坡片区", ["Region.SortOrder"] = "1" }, Expect.Refused, Control.None),
        ],
        ["GET /orgs/new"] = [List(null, "/orgs/new?parent={B}")],
        ["POST /orgs/new"] = [Form("/orgs/new", "org", w => OrgFields(w.Id("B"), TestData.Code("B"), "西岭三村党支部"), Expect.Refused, Control.B)],
        ["GET /orgs/{Id:guid}/edit"] = [Read("/orgs/{Bv}/edit")],
        ["POST /orgs/{Id:guid}/edit"] =
        [
            Form("/orgs/{Bv}/edit", "org", w => OrgFields(w.Id("B"), w["BvCode"], "西岭村党支部改"), Expect.Refused, Control.B),
            Form("/orgs/{BvLeaf}/edit", "delete-org", _ => new() { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "撤并" }, Expect.Refused, Control.B),
        ],
        ["GET /people"] = [List(ScopeWorld.APersonName, "/people", "/people?under={B}", "/people?q=西门")],
        ["POST /people"] = [NoForms("/people")],
        ["GET /people/{Id:guid}"] = [Read("/people/{BPerson}")],
        ["POST /people/{Id:guid}"] =
        [
            Form("/people/{BPerson}", "appoint", w => new() { ["Appoint.OrgId"] = w["Bv"], ["Appoint.Title"] = "DeputySecretary", ["Appoint.StartOn"] = Date(ScopeWorld.Today) }, Expect.Refused, Control.B),
            Form("/people/{APerson}", "end-position", w => new() { ["End.PositionId"] = w["BPosition"], ["End.EndOn"] = Date(ScopeWorld.Today), ["End.Reason"] = "换届" }, Expect.Refused, Control.B, controlUrl: "/people/{BPerson}"),
            Form("/people/{BCadre}", "delete-person", _ => new() { ["Delete.Confirm"] = "true", ["Delete.Reason"] = "重复登记" }, Expect.Refused, Control.B),
        ],
        ["GET /people/new"] = [List(null, "/people/new?org={Bv}")],
        ["POST /people/new"] = [Form("/people/new", "person", w => PersonFields(w.Id("Bv"), "西岭新人", TestData.IdNumber(new DateOnly(1990, 6, 1))), Expect.Refused, Control.B)],
        ["GET /people/{Id:guid}/edit"] = [Read("/people/{BPerson}/edit")],
        ["POST /people/{Id:guid}/edit"] = [Form("/people/{BPerson}/edit", "person", w => PersonFields(w.Id("Bv"), "西门雪改", w["BPersonIdNumber"]), Expect.Refused, Control.B)],
        ["GET /links"] = [List(ScopeWorld.LeaderAName, "/links", "/links?kind=VillageCadre", "/links?kind=VillageCadre&under={B}")],
        ["POST /links"] =
        [
            Form("/links?kind=VillageCadre", "end-link", w => new() { ["EndLink.LinkId"] = w["BLink"], ["EndLink.EndOn"] = Date(ScopeWorld.Today), ["EndLink.Reason"] = "调整分工" }, Expect.Refused, Control.B),
            Form("/links?kind=VillageCadre", "add-link", w => new() { ["Add.Kind"] = "VillageCadre", ["Add.PersonId"] = w["BLoner"], ["Add.OrgId"] = w["Bv"], ["Add.StartOn"] = Date(ScopeWorld.Today) }, Expect.Refused, Control.B),
        ],
        // 村级事务 (三议一会一公开一知晓)
        ["GET /api/v1/matters/"] = [List(ScopeWorld.AMatterTitle, "/api/v1/matters/", "/api/v1/matters/?under={B}", "/api/v1/matters/?orgId={Bv}", "/api/v1/matters/?state=InProgress")],
        ["GET /api/v1/matters/guided-runs"] = [List(null, "/api/v1/matters/guided-runs", "/api/v1/matters/guided-runs?year={Year}")],
        ["GET /api/v1/matters/{id:guid}"] = [Read("/api/v1/matters/{BMatter}")],
        ["GET /api/v1/matters/{id:guid}/steps"] = [Read("/api/v1/matters/{BMatter}/steps")],
        ["GET /api/v1/matters/{id:guid}/next"] = [Read("/api/v1/matters/{BMatter}/next")],
        ["POST /api/v1/matters/"] =
        [
            Write("POST", "/api/v1/matters/", w => Json(new Zeren.Core.Decisions.MatterInput(w.Id("Bv"), "西岭道路硬化", Zeren.Core.Decisions.MatterCategory.Projects, "西岭村党支部")),
                Expect.Refused, Control.B),
        ],
        ["POST /api/v1/matters/{id:guid}/steps"] =
        [
            Write("POST", "/api/v1/matters/{BMatter}/steps", w => Json(new Zeren.Core.Decisions.StepInput(Zeren.Core.Decisions.MatterStep.Deliberation,
                ScopeWorld.MeetingDay, w.Id("BCadre"), w.Id("BCadre"), "西岭村委会", Summary: "联席会议商议")), Expect.NotFound, Control.B),
        ],
        ["POST /api/v1/matters/{id:guid}/steps/{stepId:guid}/amendments"] =
        [
            Write("POST", "/api/v1/matters/{BMatter}/steps/{BMatterStep}/amendments", _ => Json(new Zeren.Core.Decisions.AmendmentInput("地点应为村委会", "笔误")),
                Expect.NotFound, Control.B),
            Write("POST", "/api/v1/matters/{AMatter}/steps/{BMatterStep}/amendments", _ => Json(new Zeren.Core.Decisions.AmendmentInput("地点应为村委会", "笔误")),
                Expect.NotFound, Control.None),
        ],
        // Only a rejected matter restarts: B's own administrator is refused too (422), A's is not shown the matter at all (404).
        ["POST /api/v1/matters/{id:guid}/restart"] = [Write("POST", "/api/v1/matters/{BMatter}/restart", _ => Json(new Zeren.Core.Decisions.RestartInput(ScopeWorld.Today, null)), Expect.NotFound, Control.None)],
        ["GET /matters"] = [List(ScopeWorld.AMatterTitle, "/matters", "/matters?under={B}", "/matters?state=InProgress&step=Deliberation")],
        ["POST /matters"] = [NoForms("/matters")],
        ["GET /matters/guided"] = [List(null, "/matters/guided")],
        ["POST /matters/guided"] = [NoForms("/matters/guided")],
        ["GET /matters/new"] = [List(ScopeWorld.AvName, "/matters/new")],
        ["POST /matters/new"] =
        [
            Form("/matters/new", "matter", w => new() { ["Model.OrgId"] = w["Bv"], ["Model.Title"] = "西岭道路硬化", ["Model.Category"] = "Projects", ["Model.Proposer"] = "西岭村党支部" },
                Expect.Refused, Control.B),
        ],
        ["GET /matters/{Id:guid}"] = [Read("/matters/{BMatter}")],
        ["POST /matters/{Id:guid}"] =
        [
            NoForms("/matters/{BMatter}"),
            Form("/matters/{BMatter}", "step", w => new()
            {
                ["StepModel.Step"] = "Deliberation", ["StepModel.On"] = Date(ScopeWorld.MeetingDay), ["StepModel.ChairPersonId"] = w["BCadre"],
                ["StepModel.RecorderPersonId"] = w["BCadre"], ["StepModel.Place"] = "西岭村委会", ["StepModel.Summary"] = "联席会议商议",
            }, Expect.Refused, Control.B),
            Form("/matters/{BMatter}", "amend", w => new() { ["AmendForm.StepId"] = w["BMatterStep"], ["AmendForm.Correction"] = "地点更正", ["AmendForm.Reason"] = "笔误" },
                Expect.Refused, Control.B),
        ],
        ["GET /meetings"] = [List(ScopeWorld.AMeetingTopic, "/meetings", "/meetings?org={B}", "/meetings?org={Bv}", "/meetings?type=Study&period={Year}"), List(ScopeWorld.AMeetingTopic, "/meetings?view=calendar&period={YearMonth}", "/meetings?view=calendar&org={B}&period={YearMonth}", "/meetings?view=calendar&org={C}&period={YearMonth}")],
        ["POST /meetings"] = [NoForms("/meetings")],
        ["GET /orgs/{OrgId:guid}/meetings"] = [Read("/orgs/{Bv}/meetings")],
        ["POST /orgs/{OrgId:guid}/meetings"] = [NoForms("/orgs/{Av}/meetings")],
        ["GET /meetings/{Id:guid}"] = [Read("/meetings/{BMeeting}")],
        ["POST /meetings/{Id:guid}"] =
        [
            NoForms("/meetings/{BMeeting}"),
            // Meeting attachments: the page's upload form (multipart, with a photo) and its remove buttons.
            Form("/meetings/{BMeeting}", "attach", _ => new() { ["Attach.Kind"] = "SignInSheet" }, Expect.Refused, Control.B, file: "西岭签到表"),
            Form("/meetings/{BMeeting}", "remove-attachment", w => new() { ["Remove.AttachmentId"] = w["BMeetingPhoto"] }, Expect.Refused, Control.B),
        ],
        ["GET /meetings/new"] = [Read("/meetings/new?org={Bv}"), List(ScopeWorld.AvName, "/meetings/new", "/meetings/new?q=西岭", "/meetings/new?q={BvCode}")],
        ["POST /meetings/new"] =
        [
            Form("/meetings/new?org={Bv}", "meeting", w => MeetingFields(w.Id("BPerson"), [w.Id("BPerson"), w.Id("BLoner")], "西岭冬季学习会"), Expect.Refused, Control.B),
            Form("/meetings/new?org={Av}", "meeting", w => MeetingFields(w.Id("APerson"), [w.Id("APerson"), w.Id("BLoner")], "东坡冬季学习会"), Expect.Refused, Control.None),
        ],
        ["GET /meetings/{Id:guid}/edit"] = [Read("/meetings/{BMeeting}/edit")],
        ["POST /meetings/{Id:guid}/edit"] =
        [
            Form("/meetings/{BMeeting}/edit", "meeting", w => MeetingFields(w.Id("BPerson"), [w.Id("BPerson"), w.Id("BLoner")], "西岭秋季学习会改"), Expect.Refused, Control.B),
            Form("/meetings/{AMeeting}/edit", "meeting", w => MeetingFields(w.Id("BPerson"), [w.Id("APerson")], "东坡秋季学习会改"), Expect.Refused, Control.None),
        ],
        // Supervision orders (督办单): B's orders are the county's to township B; B answers them, the county decides.
        // Problems and rectification (问题清单, 整改, 挂牌销号, 举一反三)
        // Problems are scoped by the rectifying organization: B's problems (the county's to township B, one per state) and the
        // county's self-check asking township B; B takes the rectifying steps, the county the issuing side's.
        ["GET /api/v1/problems/"] = [List(ScopeWorld.AProblemTitle, "/api/v1/problems/", "/api/v1/problems/?under={B}", "/api/v1/problems/?orgId={B}",
            "/api/v1/problems/?issuerOrgId={C}", "/api/v1/problems/?q=西岭", "/api/v1/problems/?state=Applied", "/api/v1/problems/?common=true")],
        ["GET /api/v1/problems/export.xlsx"] = [List(ScopeWorld.AProblemTitle, "/api/v1/problems/export.xlsx", "/api/v1/problems/export.xlsx?under={B}",
            "/api/v1/problems/export.xlsx?orgId={B}")],
        ["GET /api/v1/problems/stats"] = [List(ScopeWorld.AvName, "/api/v1/problems/stats?orgId={A}", "/api/v1/problems/stats?orgId={B}", "/api/v1/problems/stats?orgId={C}")],
        ["GET /api/v1/problems/board"] = [List(ScopeWorld.AProblemTitle, "/api/v1/problems/board?orgId={A}", "/api/v1/problems/board?orgId={B}", "/api/v1/problems/board?orgId={C}")],
        ["GET /api/v1/problems/{id:guid}"] = [Read("/api/v1/problems/{BProblem}")],
        ["POST /api/v1/problems/"] = [Write("POST", "/api/v1/problems/", w => Json(BProblemDraft(w)), Expect.Refused, Control.B)],
        ["POST /api/v1/problems/batch"] =
            [Write("POST", "/api/v1/problems/batch", w => Json(new Zeren.Core.Rectification.ProblemBatchInput([BProblemDraft(w)])), Expect.Refused, Control.B)],
        ["POST /api/v1/problems/{id:guid}/start"] =
            [Write("POST", "/api/v1/problems/{BProblem}/start", _ => Json(new Zeren.Core.Rectification.ProblemStartInput("西岭再分析", "西岭再措施")), Expect.NotFound, Control.B)],
        ["POST /api/v1/problems/{id:guid}/apply"] =
            [Write("POST", "/api/v1/problems/{BProblemRectifying}/apply", w => Json(new Zeren.Core.Rectification.ProblemApplyInput("西岭已整改", [w.Id("BEvidence")])), Expect.NotFound, Control.B)],
        ["POST /api/v1/problems/{id:guid}/verify"] =
            [Write("POST", "/api/v1/problems/{BProblemApplied}/verify", _ => Json(new Zeren.Core.Rectification.ProblemVerifyInput("同意销号")), Expect.NotFound, Control.County)],
        ["POST /api/v1/problems/{id:guid}/return"] =
            [Write("POST", "/api/v1/problems/{BProblemApplied}/return", _ => Json(new Zeren.Core.Rectification.ProblemReturnInput("材料不全")), Expect.NotFound, Control.County)],
        ["POST /api/v1/problems/{id:guid}/supervise"] =
            [Write("POST", "/api/v1/problems/{BProblem}/supervise", _ => Json(new Zeren.Core.Rectification.ProblemSuperviseInput(ScopeWorld.Today.AddDays(5))), Expect.NotFound, Control.County)],
        ["GET /api/v1/self-checks/"] = [List(ScopeWorld.ACommonTitle, "/api/v1/self-checks/", "/api/v1/self-checks/?problemId={BCommon}")],
        ["GET /api/v1/self-checks/mine"] = [List(null, "/api/v1/self-checks/mine")],
        ["GET /api/v1/self-checks/{id:guid}"] = [Read("/api/v1/self-checks/{BSelfCheck}")],
        ["POST /api/v1/self-checks/"] =
            [Write("POST", "/api/v1/self-checks/", w => Json(new Zeren.Core.Rectification.SelfCheckInput(w.Id("BCommon"), ScopeWorld.Today.AddDays(5), OrgKind.Branch)), Expect.NotFound, Control.B)],
        ["POST /api/v1/self-checks/{id:guid}/answer"] =
            [Write("POST", "/api/v1/self-checks/{BSelfCheck}/answer", _ => Json(new Zeren.Core.Rectification.SelfCheckAnswerInput(false, "西岭未发现同类问题")), Expect.NotFound, Control.B)],
        ["GET /problems"] = [List(ScopeWorld.AProblemTitle, "/problems", "/problems?org={B}", "/problems?q=西岭", "/problems?state=Applied")],
        ["POST /problems"] = [NoForms("/problems")],
        ["GET /problems/board"] = [List(ScopeWorld.AProblemTitle, "/problems/board", "/problems/board?org={B}")],
        ["POST /problems/board"] = [NoForms("/problems/board")],
        ["GET /problems/{Id:guid}"] = [Read("/problems/{BProblem}")],
        ["POST /problems/{Id:guid}"] =
        [
            NoForms("/problems/{BProblem}"),
            Form("/problems/{BProblem}", "start", _ => new() { ["Start.Cause"] = "西岭再分析", ["Start.Measures"] = "西岭再措施" }, Expect.Refused, Control.B),
            Form("/problems/{BProblemRectifying}", "apply", _ => new() { ["Apply.Text"] = "西岭已整改" }, Expect.Refused, Control.B, file: "西岭整改照片"),
            Form("/problems/{BProblemApplied}", "verify", _ => new() { ["Verify.Text"] = "同意销号" }, Expect.Refused, Control.County),
            Form("/problems/{BProblemApplied}", "return", _ => new() { ["Return.Text"] = "材料不全" }, Expect.Refused, Control.County),
            Form("/problems/{BProblem}", "supervise", _ => new() { ["Supervise.DueOn"] = Date(ScopeWorld.Today.AddDays(5)) }, Expect.Refused, Control.County),
            Form("/problems/{BCommon}", "self-check", _ => new() { ["Push.Kind"] = nameof(OrgKind.Branch), ["Push.DueOn"] = Date(ScopeWorld.Today.AddDays(5)) },
                Expect.Refused, Control.B),
        ],
        ["GET /problems/new"] = [List(ScopeWorld.AvName, "/problems/new", "/problems/new?org={Bv}")],
        ["POST /problems/new"] = [Form("/problems/new?org={Bv}", "problem", w => ProblemFields(w.Id("Bv"), "西岭新问题"), Expect.Refused, Control.B)],
        ["GET /self-checks"] = [List(ScopeWorld.ACommonTitle, "/self-checks")],
        ["POST /self-checks"] = [NoForms("/self-checks")],
        ["GET /self-checks/{Id:guid}"] = [Read("/self-checks/{BSelfCheck}")],
        ["POST /self-checks/{Id:guid}"] =
        [
            NoForms("/self-checks/{BSelfCheck}"),
            Form("/self-checks/{BSelfCheck}", "answer", _ => new() { ["Model.Result"] = "NotFound", ["Model.Note"] = "西岭未发现同类问题" }, Expect.Refused, Control.B),
        ],
        ["GET /api/v1/supervision-orders/"] = [List(ScopeWorld.AOrderTitle, "/api/v1/supervision-orders/", "/api/v1/supervision-orders/?under={B}", "/api/v1/supervision-orders/?orgId={B}", "/api/v1/supervision-orders/?issuerOrgId={C}", "/api/v1/supervision-orders/?q=西岭")],
        ["GET /api/v1/supervision-orders/export.xlsx"] = [List(ScopeWorld.AOrderTitle, "/api/v1/supervision-orders/export.xlsx", "/api/v1/supervision-orders/export.xlsx?under={B}", "/api/v1/supervision-orders/export.xlsx?orgId={B}")],
        ["GET /api/v1/supervision-orders/{id:guid}"] = [Read("/api/v1/supervision-orders/{BOrder}")],
        ["POST /api/v1/supervision-orders/"] =
        [
            Write("POST", "/api/v1/supervision-orders/", w => Json(new Zeren.Core.Supervision.SupervisionOrderInput(w.Id("Bv"), "西岭新督办", "请整改。", null, ScopeWorld.Today.AddDays(5))), Expect.Refused, Control.B),
        ],
        ["POST /api/v1/supervision-orders/bulk"] =
        [
            Write("POST", "/api/v1/supervision-orders/bulk", w => Json(new Zeren.Core.Supervision.BulkOrderInput("西岭新督办", "请整改。", null, ScopeWorld.Today.AddDays(5),
                [new Zeren.Core.Supervision.OrderTarget(w.Id("Bv")), new Zeren.Core.Supervision.OrderTarget(w.Id("BvLeaf"))])), Expect.Refused, Control.B),
        ],
        ["POST /api/v1/supervision-orders/{id:guid}/acknowledge"] = [Write("POST", "/api/v1/supervision-orders/{BOrder}/acknowledge", _ => Json(new { }), Expect.NotFound, Control.B)],
        ["POST /api/v1/supervision-orders/{id:guid}/respond"] =
            [Write("POST", "/api/v1/supervision-orders/{BOrderAcked}/respond", _ => Json(new Zeren.Core.Supervision.RespondInput("西岭再反馈", [])), Expect.NotFound, Control.B)],
        ["POST /api/v1/supervision-orders/{id:guid}/verify"] =
            [Write("POST", "/api/v1/supervision-orders/{BOrderAnswered}/verify", _ => Json(new Zeren.Core.Supervision.VerifyInput("已核实")), Expect.NotFound, Control.County)],
        ["POST /api/v1/supervision-orders/{id:guid}/return"] =
            [Write("POST", "/api/v1/supervision-orders/{BOrderAnswered}/return", _ => Json(new Zeren.Core.Supervision.ReturnInput("材料不全")), Expect.NotFound, Control.County)],
        ["POST /api/v1/supervision-orders/{id:guid}/escalate"] =
            [Write("POST", "/api/v1/supervision-orders/{BOrder}/escalate", _ => Json(new Zeren.Core.Supervision.EscalateInput("逾期未办")), Expect.NotFound, Control.County)],
        // Inspections (暗访): records scoped by the village visited; plans by the county and secret before their date.
        ["GET /api/v1/inspection-plans/"] = [List(null, "/api/v1/inspection-plans/")],
        ["GET /api/v1/inspection-plans/team-candidates"] = [Exempt(InspectionPlanning)],
        ["GET /api/v1/inspection-plans/{id:guid}"] = [Read("/api/v1/inspection-plans/{CInspectionPlan}")],
        ["GET /api/v1/inspection-plans/{id:guid}/draw"] = [Read("/api/v1/inspection-plans/{CInspectionPlan}/draw")],
        ["POST /api/v1/inspection-plans/draw"] = [Exempt(InspectionPlanning)],
        ["GET /api/v1/inspections/"] = [List(ScopeWorld.AInspectionTeam, "/api/v1/inspections/", "/api/v1/inspections/?under={B}", "/api/v1/inspections/?planId={CInspectionPlan}")],
        ["GET /api/v1/inspections/coverage"] = [List(null, "/api/v1/inspections/coverage", "/api/v1/inspections/coverage?under={B}")],
        ["GET /api/v1/inspections/{id:guid}"] = [Read("/api/v1/inspections/{BInspection}")],
        ["POST /api/v1/inspections/"] = [Exempt(InspectionRecording)],
        ["POST /api/v1/inspections/{id:guid}/findings/{findingId:guid}/raise"] =
            [Exempt("raising a finding as a problem needs InspectionsWrite, which no township role holds: A's TownshipAdmin is forbidden whatever the inspection, and the service finds the inspection through the scope filter")],
        ["GET /inspections"] = [List(ScopeWorld.AInspectionTeam, "/inspections")],
        ["POST /inspections"] = [NoForms("/inspections")],
        ["GET /inspections/{Id:guid}"] = [Read("/inspections/{BInspection}")],
        ["POST /inspections/{Id:guid}"] = [NoForms("/inspections/{BInspection}")],
        ["GET /inspections/plans/{Id:guid}"] = [Read("/inspections/plans/{CInspectionPlan}")],
        ["POST /inspections/plans/{Id:guid}"] = [NoForms("/inspections/plans/{CInspectionPlan}")],
        ["GET /inspections/plans/new"] = [Exempt(InspectionPlanning)],
        ["POST /inspections/plans/new"] = [Exempt(InspectionPlanning)],
        ["GET /inspections/new"] = [Exempt(InspectionRecording)],
        ["POST /inspections/new"] = [Exempt(InspectionRecording)],
        // Inspection rounds (督导轮次): rounds and groups scoped by the county; a village's assignment by the village, and secret
        // before its visit (InspectionRoundTests).
        ["GET /api/v1/inspection-rounds/"] = [List(null, "/api/v1/inspection-rounds/")],
        ["POST /api/v1/inspection-rounds/"] = [Exempt(RoundArranging)],
        ["GET /api/v1/inspection-rounds/{id:guid}"] = [Read("/api/v1/inspection-rounds/{CInspectionRound}")],
        ["POST /api/v1/inspection-rounds/{id:guid}/status"] = [Exempt(RoundArranging)],
        ["POST /api/v1/inspection-rounds/{id:guid}/groups"] = [Exempt(RoundArranging)],
        ["GET /api/v1/inspection-rounds/{id:guid}/groups/{groupId:guid}"] = [Read("/api/v1/inspection-rounds/{CInspectionRound}/groups/{CInspectionGroup}")],
        ["PUT /api/v1/inspection-rounds/{id:guid}/groups/{groupId:guid}"] = [Exempt(RoundArranging)],
        ["GET /api/v1/inspection-rounds/{id:guid}/villages"] = [Read("/api/v1/inspection-rounds/{CInspectionRound}/villages")],
        ["GET /api/v1/inspection-rounds/{id:guid}/villages/{villageId:guid}"] = [Read("/api/v1/inspection-rounds/{CInspectionRound}/villages/{Bv}")],
        ["GET /api/v1/inspection-rounds/{id:guid}/export.xlsx"] = [Read("/api/v1/inspection-rounds/{CInspectionRound}/export.xlsx")],
        ["GET /inspections/rounds"] = [List(null, "/inspections/rounds")],
        ["POST /inspections/rounds"] = [NoForms("/inspections/rounds")],
        ["GET /inspections/rounds/{Id:guid}"] = [Read("/inspections/rounds/{CInspectionRound}")],
        ["POST /inspections/rounds/{Id:guid}"] = [NoForms("/inspections/rounds/{CInspectionRound}")],
        ["GET /inspections/rounds/{Id:guid}/groups/{GroupId:guid}"] = [Read("/inspections/rounds/{CInspectionRound}/groups/{CInspectionGroup}")],
        ["POST /inspections/rounds/{Id:guid}/groups/{GroupId:guid}"] = [NoForms("/inspections/rounds/{CInspectionRound}/groups/{CInspectionGroup}")],
        ["GET /inspections/rounds/{Id:guid}/villages"] = [Read("/inspections/rounds/{CInspectionRound}/villages")],
        ["POST /inspections/rounds/{Id:guid}/villages"] = [NoForms("/inspections/rounds/{CInspectionRound}/villages")],
        ["GET /supervision"] = [List(ScopeWorld.AOrderTitle, "/supervision", "/supervision?org={B}", "/supervision?q=西岭", "/supervision?state=Issued")],
        ["POST /supervision"] = [NoForms("/supervision")],
        ["GET /supervision/{Id:guid}"] = [Read("/supervision/{BOrder}")],
        ["POST /supervision/{Id:guid}"] =
        [
            NoForms("/supervision/{BOrder}"),
            Form("/supervision/{BOrder}", "acknowledge", _ => [], Expect.Refused, Control.B),
            Form("/supervision/{BOrderAcked}", "respond", _ => new() { ["Respond.Text"] = "西岭再反馈" }, Expect.Refused, Control.B),
            Form("/supervision/{BOrderAnswered}", "verify", _ => new() { ["Verify.Text"] = "已核实" }, Expect.Refused, Control.County),
            Form("/supervision/{BOrderAnswered}", "return", _ => new() { ["Return.Text"] = "材料不全" }, Expect.Refused, Control.County),
            Form("/supervision/{BOrder}", "escalate", _ => new() { ["Escalate.Text"] = "逾期未办" }, Expect.Refused, Control.County),
        ],
        ["GET /supervision/new"] = [List(null, "/supervision/new?org={Bv}")],
        ["POST /supervision/new"] = [Form("/supervision/new", "order", w => OrderFields(w.Id("Bv"), "西岭新督办"), Expect.Refused, Control.B)],
        ["GET /supervision/bulk"] = [List(null, "/supervision/bulk?org={B}&month={YearMonth}")],
        ["POST /supervision/bulk"] =
        [
            Form("/supervision/bulk?org={B}", "bulk", w => new()
            {
                ["Model.Title"] = "西岭新督办", ["Model.Content"] = "请整改。", ["Model.DueOn"] = Date(ScopeWorld.Today.AddDays(5)),
                ["Model.Targets[0].Selected"] = "true", ["Model.Targets[0].OrgId"] = w["Bv"], ["Model.Targets[0].SourceType"] = "meetings.compliance",
            }, Expect.Refused, Control.B),
        ],
        // Responsibility lists (责任清单): pages.
        ["GET /lists"] = [List(ScopeWorld.AListTitle, "/lists", "/lists?side=Received", "/lists?q=西岭", "/lists?kind=Own&side=Issued")],
        ["POST /lists"] = [NoForms("/lists")],
        ["GET /lists/new"] = [List(ScopeWorld.AName, "/lists/new")],
        ["POST /lists/new"] =
        [
            Form("/lists/new", "list", w => new() { ["Model.IssuerOrgId"] = w["B"], ["Model.Kind"] = "Own", ["Model.Title"] = "西岭新清单", ["Model.Items[0].Content"] = "西岭事项",
                ["Model.Items[0].Standard"] = "有记录", ["Model.Items[0].DueOn"] = Date(ScopeWorld.Today.AddDays(30)), ["Model.Items[0].Role"] = "Specific", ["Model.TargetKind"] = "Branch" },
                Expect.Refused, Control.B),
        ],
        ["GET /lists/{Id:guid}"] = [Read("/lists/{BList}")],
        ["POST /lists/{Id:guid}"] =
        [
            NoForms("/lists/{BList}"),
            Form("/lists/{BList}", "issue", _ => new() { ["Issue.TargetKind"] = "Branch" }, Expect.Refused, Control.B),
            Form("/lists/{BList}", "add-item", _ => new() { ["Add.Content"] = "东坡追加", ["Add.Standard"] = "东坡标准", ["Add.DueOn"] = Date(ScopeWorld.Today.AddDays(20)), ["Add.Role"] = "Specific" }, Expect.Refused, Control.B),
            Form("/lists/{BDraftList}", "delete", _ => new() { ["Delete.Confirm"] = "true" }, Expect.Refused, Control.B),
        ],
        ["GET /lists/{Id:guid}/items/{ItemId:guid}"] = [Read("/lists/{BList}/items/{BListItem}")],
        ["POST /lists/{Id:guid}/items/{ItemId:guid}"] =
        [
            NoForms("/lists/{BList}/items/{BListItem}"),
            Form("/lists/{BList}/items/{BListItem}", "edit-item", _ => new() { ["Edit.Content"] = "东坡改写", ["Edit.Standard"] = "东坡标准", ["Edit.DueOn"] = Date(ScopeWorld.Today.AddDays(20)), ["Edit.Role"] = "Specific" }, Expect.Refused, Control.B),
            Form("/lists/{BList}/items/{BListItem}", "revoke-item", _ => new() { ["Revoke.Reason"] = "东坡撤销" }, Expect.Refused, Control.B),
        ],
        ["GET /lists/{Id:guid}/orgs/{OrgId:guid}"] = [Read("/lists/{BList}/orgs/{Bv}")],
        ["POST /lists/{Id:guid}/orgs/{OrgId:guid}"] =
        [
            NoForms("/lists/{BList}/orgs/{Bv}"),
            Form("/lists/{BList}/orgs/{Bv}", "done", w => new() { ["Report.CompletionId"] = w["BListOpen"], ["Report.Evidence"] = "东坡代报" }, Expect.Refused, Control.B),
            Form("/lists/{BList}/orgs/{Bv}", "confirm", w => new() { ["Review.CompletionId"] = w["BListDone"] }, Expect.Refused, Control.B),
            Form("/lists/{BList}/orgs/{Bv}", "return", w => new() { ["Review.CompletionId"] = w["BListDone"], ["Review.Comment"] = "东坡退回" }, Expect.Refused, Control.B),
        ],
        ["GET /compliance"] = [List(ScopeWorld.AvName, "/compliance", "/compliance?org={B}", "/compliance?org={Bv}&year={Year}", "/compliance?org={C}&month={YearMonth}")],
        ["POST /compliance"] = [NoForms("/compliance")],
        ["GET /compliance/cell"] = [List(null, "/compliance/cell?org={A}&year={Year}&month={Month}", "/compliance/cell?org={B}&year={Year}&month={Month}")],
        ["POST /compliance/cell"] = [NoForms("/compliance/cell?org={A}&year={Year}&month={Month}")],
        // Plans and projects (党建思路, 党建项目) pages.
        // Assessment (考核): schemes and runs are scoped by the assessing organization (B assesses its villages), their
        // items, entries and results through them; also proven in AssessmentApiTests.AnotherTownship_NeitherSeesNorScores.
        ["GET /api/v1/assessment-schemes/"] = [List(ScopeWorld.ASchemeName, "/api/v1/assessment-schemes/", "/api/v1/assessment-schemes/?year={PlanYear}")],
        ["GET /api/v1/assessment-schemes/sources"] = [Exempt("the list of computed sources: code, no data")],
        ["GET /api/v1/assessment-schemes/{id:guid}"] = [Read("/api/v1/assessment-schemes/{BScheme}")],
        ["POST /api/v1/assessment-schemes/"] =
        [
            Write("POST", "/api/v1/assessment-schemes/", w => Json(new Zeren.Core.Assessment.SchemeInput(ScopeWorld.PlanYear, Zeren.Core.Assessment.AssessedKind.Village,
                "西岭新考核方案", [new Zeren.Core.Assessment.ItemInput("工作实绩", Zeren.Core.Assessment.ItemType.Score, null, 100)], OrgId: w.Id("B"))), Expect.Refused, Control.B),
        ],
        ["PUT /api/v1/assessment-schemes/{id:guid}"] =
        [
            Write("PUT", "/api/v1/assessment-schemes/{BSchemeFree}", _ => Json(new Zeren.Core.Assessment.SchemeInput(ScopeWorld.PlanYear, Zeren.Core.Assessment.AssessedKind.Village,
                "西岭改考核方案", [new Zeren.Core.Assessment.ItemInput("工作实绩", Zeren.Core.Assessment.ItemType.Score, null, 100)])), Expect.NotFound, Control.B),
        ],
        ["GET /api/v1/scoring-runs/"] = [List(ScopeWorld.ASchemeName, "/api/v1/scoring-runs/", "/api/v1/scoring-runs/?schemeId={BScheme}", "/api/v1/scoring-runs/?period={PlanYear}")],
        ["GET /api/v1/scoring-runs/{id:guid}"] = [Read("/api/v1/scoring-runs/{BRun}")],
        ["GET /api/v1/scoring-runs/{id:guid}/awards"] = [Read("/api/v1/scoring-runs/{BRunPublished}/awards")],
        ["POST /api/v1/scoring-runs/"] =
            [Write("POST", "/api/v1/scoring-runs/", w => Json(new Zeren.Core.Assessment.RunInput(w.Id("BSchemeFree"), w["PlanYear"])), Expect.NotFound, Control.B)],
        ["POST /api/v1/scoring-runs/{id:guid}/recompute"] = [Write("POST", "/api/v1/scoring-runs/{BRun}/recompute", _ => Json(new { }), Expect.NotFound, Control.B)],
        ["POST /api/v1/scoring-runs/{id:guid}/scores"] =
        [
            Write("POST", "/api/v1/scoring-runs/{BRun}/scores", w => Json(new Zeren.Core.Assessment.ManualScoreInput(w.Id("Bv"), w.Id("BBonusItem"), 1, "西岭创新")),
                Expect.NotFound, Control.B),
        ],
        ["POST /api/v1/scoring-runs/{id:guid}/publish"] = [Write("POST", "/api/v1/scoring-runs/{BRun}/publish", _ => Json(new { }), Expect.NotFound, Control.B)],
        ["POST /api/v1/scoring-runs/{id:guid}/corrections"] =
            [Write("POST", "/api/v1/scoring-runs/{BRunPublished}/corrections", _ => Json(new Zeren.Core.Assessment.CorrectionInput("西岭更正")), Expect.NotFound, Control.B)],
        ["DELETE /api/v1/scoring-runs/{id:guid}"] = [Write("DELETE", "/api/v1/scoring-runs/{BRun}?reason=放弃", _ => null, Expect.NotFound, Control.B)],
        ["GET /api/v1/rankings/"] = [Read("/api/v1/rankings/?schemeId={BScheme}&period={PlanYear}-Q1")],
        ["GET /assessment"] = [List(ScopeWorld.ASchemeName, "/assessment")],
        ["POST /assessment"] =
        [
            Form("/assessment", "scheme", w => new() { ["New.Name"] = "西岭新考核方案", ["New.Year"] = w["PlanYear"], ["New.Kind"] = "Village", ["New.OrgId"] = w["B"] },
                Expect.Refused, Control.B),
        ],
        ["GET /assessment/schemes/{Id:guid}"] = [Read("/assessment/schemes/{BScheme}")],
        ["POST /assessment/schemes/{Id:guid}"] =
        [
            Form("/assessment/schemes/{BSchemeFree}", "run", w => new() { ["Run.Text"] = w["PlanYear"] }, Expect.Refused, Control.B),
            Form("/assessment/schemes/{BSchemeFree}", "item", _ => new() { ["Item.Name"] = "西岭新指标", ["Item.Type"] = "Bonus", ["Item.Points"] = "1", ["Item.Cap"] = "1" },
                Expect.Refused, Control.B),
        ],
        ["GET /assessment/runs/{Id:guid}"] = [Read("/assessment/runs/{BRun}")],
        ["POST /assessment/runs/{Id:guid}"] =
        [
            Form("/assessment/runs/{BRun}", "recompute", _ => [], Expect.Refused, Control.B),
            Form("/assessment/runs/{BRun}", "score", w => new() { ["Score.OrgId"] = w["Bv"], ["Score.ItemId"] = w["BBonusItem"], ["Score.Value"] = "1", ["Score.Reason"] = "西岭创新" },
                Expect.Refused, Control.B),
            Form("/assessment/runs/{BRunPublished}", "correct", _ => new() { ["Correct.Text"] = "西岭更正" }, Expect.Refused, Control.B),
        ],
        ["GET /assessment/runs/{Id:guid}/awards"] = [Read("/assessment/runs/{BRunPublished}/awards")],
        ["POST /assessment/runs/{Id:guid}/awards"] = [Exempt("the award list has no form: a post is the page again, read-only; its GET is checked above")],
        ["GET /api/v1/star-ratings/"] = [Exempt(StarScope)],
        ["GET /api/v1/star-ratings/{id:guid}"] = [Exempt(StarScope)],
        ["POST /api/v1/star-ratings/"] = [Exempt(StarScope)],
        ["GET /api/v1/star-ratings/bands"] = [Exempt(StarScope)],
        ["PUT /api/v1/star-ratings/bands"] = [Exempt(StarScope)],
        ["GET /api/v1/star-ratings/clearance"] = [Exempt(StarScope)],
        ["GET /api/v1/star-ratings/map"] = [Exempt(StarScope)],
        ["GET /api/v1/star-ratings/branches/{orgId:guid}"] = [Exempt(StarScope)],
        ["GET /assessment/stars"] = [Exempt(StarScope)],
        ["POST /assessment/stars"] = [Exempt(StarScope)],
        ["GET /assessment/stars/map"] = [Exempt(StarScope)],
        ["POST /assessment/stars/map"] = [Exempt(StarScope)],
        ["POST /assessment/stars/branches/{Id:guid}"] = [Exempt(StarScope)],
        ["GET /assessment/stars/branches/{Id:guid}"] = [Exempt(StarScope)],
        // Party-building audits (党建审计): a round is scoped by the county that runs it; a unit's sample and scores by the unit,
        // seen by it only once the round is closed (the world's closed round audited both townships). Running and scoring need
        // permissions no township role holds.
        ["GET /api/v1/audits/"] = [List(null, "/api/v1/audits/")],
        ["GET /api/v1/audits/results"] = [List(ScopeWorld.AName, "/api/v1/audits/results")],
        ["GET /api/v1/audits/results/{unitId:guid}"] = [Read("/api/v1/audits/results/{BAuditUnit}")],
        ["GET /api/v1/audits/{id:guid}"] = [Read("/api/v1/audits/{ClosedAudit}")],
        ["POST /api/v1/audits/"] = [Exempt(PartyAuditRunning)],
        ["POST /api/v1/audits/{id:guid}/draw"] = [Exempt(PartyAuditRunning)],
        ["GET /api/v1/audits/{id:guid}/draw"] = [Read("/api/v1/audits/{ClosedAudit}/draw")],
        ["GET /api/v1/audits/{id:guid}/branches/{sampleId:guid}"] = [Read("/api/v1/audits/{ClosedAudit}/branches/{BAuditBranch}")],
        ["PUT /api/v1/audits/{id:guid}/branches/{sampleId:guid}/scores"] = [Exempt(PartyAuditScoring)],
        ["GET /api/v1/audits/{id:guid}/ranking"] = [Read("/api/v1/audits/{ClosedAudit}/ranking")],
        ["POST /api/v1/audits/{id:guid}/close"] = [Exempt(PartyAuditRunning)],
        ["GET /party-audits"] = [List(null, "/party-audits")],
        ["POST /party-audits"] = [NoForms("/party-audits")],
        ["GET /party-audits/new"] = [Exempt(PartyAuditRunning)],
        ["POST /party-audits/new"] = [Exempt(PartyAuditRunning)],
        ["GET /party-audits/{Id:guid}"] = [Read("/party-audits/{ClosedAudit}")],
        ["POST /party-audits/{Id:guid}"] = [Exempt(PartyAuditRunning)],
        ["GET /party-audits/{Id:guid}/branches/{SampleId:guid}"] = [Read("/party-audits/{ClosedAudit}/branches/{BAuditBranch}")],
        ["POST /party-audits/{Id:guid}/branches/{SampleId:guid}"] = [Exempt(PartyAuditScoring)],
        // Competitions (擂台赛): scoped by the organizing organization, contestants, judges and scores through it; proven route by
        // route in CompetitionsApiTests.AnotherTownship_NeitherSeesNorScoresNorRuns (pages and the fragment call the same service).
        ["GET /api/v1/competitions/"] = [List(null, "/api/v1/competitions/")],
        ["GET /api/v1/competitions/{id:guid}"] = [Exempt(CompetitionScope)],
        ["GET /api/v1/competitions/{id:guid}/ranking"] = [Exempt(CompetitionScope)],
        ["POST /api/v1/competitions/"] = [Exempt(CompetitionScope)],
        ["PUT /api/v1/competitions/{id:guid}/contestants"] = [Exempt(CompetitionScope)],
        ["PUT /api/v1/competitions/{id:guid}/judges"] = [Exempt(CompetitionScope)],
        ["POST /api/v1/competitions/{id:guid}/start"] = [Exempt(CompetitionScope)],
        ["POST /api/v1/competitions/{id:guid}/scores"] = [Exempt(CompetitionScope)],
        ["POST /api/v1/competitions/{id:guid}/publish"] = [Exempt(CompetitionScope)],
        ["GET /ui/competitions/{id:guid}/ranking"] = [Exempt(CompetitionScope)],
        ["GET /competitions"] = [List(null, "/competitions")],
        ["POST /competitions"] = [NoForms("/competitions")],
        ["GET /competitions/new"] = [Exempt(CompetitionScope)],
        ["POST /competitions/new"] = [Exempt(CompetitionScope)],
        ["GET /competitions/{Id:guid}"] = [Exempt(CompetitionScope)],
        ["POST /competitions/{Id:guid}"] = [Exempt(CompetitionScope)],
        ["GET /competitions/{Id:guid}/score"] = [Exempt(CompetitionScope)],
        ["POST /competitions/{Id:guid}/score"] = [Exempt("the judge's list has no form: a post is the page again, read-only")],
        ["GET /competitions/{Id:guid}/score/{OrgId:guid}"] = [Exempt(CompetitionScope)],
        ["POST /competitions/{Id:guid}/score/{OrgId:guid}"] = [Exempt(CompetitionScope)],
        // Standardization checklists (标准化建设清单): templates are a published standard listed along the account's line, entries
        // scoped by the village; proven route by route in ChecklistsApiTests.AnotherTownship_NeitherSeesNorClaimsNorVerifies.
        ["GET /api/v1/checklists/templates"] = [List(null, "/api/v1/checklists/templates")],
        ["GET /api/v1/checklists/templates/{id:guid}"] = [Exempt(ChecklistScope)],
        ["POST /api/v1/checklists/templates"] = [Exempt(ChecklistScope)],
        ["PUT /api/v1/checklists/templates/{id:guid}"] = [Exempt(ChecklistScope)],
        ["POST /api/v1/checklists/templates/{id:guid}/copy"] = [Exempt(ChecklistScope)],
        ["GET /api/v1/checklists/templates/{id:guid}/board"] = [Exempt(ChecklistScope)],
        ["GET /api/v1/checklists/templates/{id:guid}/orgs/{orgId:guid}"] = [Exempt(ChecklistScope)],
        ["POST /api/v1/checklists/templates/{id:guid}/orgs/{orgId:guid}/items/{itemId:guid}/claim"] = [Exempt(ChecklistScope)],
        ["POST /api/v1/checklists/templates/{id:guid}/orgs/{orgId:guid}/items/{itemId:guid}/verify"] = [Exempt(ChecklistScope)],
        ["POST /api/v1/checklists/templates/{id:guid}/orgs/{orgId:guid}/items/{itemId:guid}/return"] = [Exempt(ChecklistScope)],
        ["GET /checklists"] = [List(null, "/checklists")],
        ["POST /checklists"] = [NoForms("/checklists")],
        ["GET /checklists/{Id:guid}/orgs/{OrgId:guid}"] = [Exempt(ChecklistScope)],
        ["POST /checklists/{Id:guid}/orgs/{OrgId:guid}"] = [Exempt(ChecklistScope)],
        ["GET /checklists/templates"] = [Exempt(ChecklistScope)],
        ["POST /checklists/templates"] = [Exempt(ChecklistScope)],
        ["GET /checklists/templates/{Id:guid}"] = [Exempt(ChecklistScope)],
        ["POST /checklists/templates/{Id:guid}"] = [Exempt(ChecklistScope)],
        ["GET /party-audits/results/{UnitId:guid}"] = [Read("/party-audits/results/{BAuditUnit}")],
        ["POST /party-audits/results/{UnitId:guid}"] = [NoForms("/party-audits/results/{BAuditUnit}")],
        ["GET /plans"] = [List(ScopeWorld.AName, "/plans?year={PlanYear}", "/plans", "/plans?status=Returned&year={PlanYear}")],
        ["POST /plans"] = [NoForms("/plans")],
        ["GET /plans/new"] = [List(ScopeWorld.AName, "/plans/new", "/plans/new?org={B}")],
        ["POST /plans/new"] =
        [
            Form("/plans/new?org={B}", "plan", w => PlanFormFields(w.Id("B"), w.Id("BPerson"), "西岭明年思路"), Expect.Refused, Control.B),
            Form("/plans/new?org={A}", "plan", w => PlanFormFields(w.Id("A"), w.Id("BPerson"), "东坡明年思路"), Expect.Refused, Control.None),
        ],
        // A project added by hand to a township's ledger.
        ["GET /projects/new"] = [List(ScopeWorld.AName, "/projects/new", "/projects/new?org={B}")],
        ["POST /projects/new"] =
        [
            Form("/projects/new?org={B}", "project", w => ProjectFormFields(w.Id("BPerson"), "西岭手建项目"), Expect.Refused, Control.B),
            Form("/projects/new?org={A}", "project", w => ProjectFormFields(w.Id("BPerson"), "东坡手建项目"), Expect.Refused, Control.None),
        ],
        ["GET /plans/{Id:guid}"] = [Read("/plans/{BPlan}")],
        ["POST /plans/{Id:guid}"] =
        [
            Form("/plans/{BPlan}", "plan", w => PlanFormFields(null, w.Id("BPerson"), "西岭思路第二版"), Expect.Refused, Control.B),
            Form("/plans/{BPlan}", "review", _ => new() { ["Review.Comments"] = "同意", ["Review.Decision"] = "approve" }, Expect.Refused, Control.None),
        ],
        ["GET /projects"] = [List(ScopeWorld.AProjectName, "/projects?org={A}", "/projects", "/projects?org={B}", "/projects?org={B}&status=InProgress")],
        ["POST /projects"] = [NoForms("/projects")],
        ["GET /projects/{Id:guid}"] = [Read("/projects/{BProject}")],
        ["POST /projects/{Id:guid}"] =
        [
            Form("/projects/{BProject}", "progress", _ => new() { ["Progress.On"] = Date(ScopeWorld.Today), ["Progress.Text"] = "西岭完成招标", ["Progress.Percent"] = "40" }, Expect.Refused, Control.B),
            Form("/projects/{BProject}", "reconcile", w => new() { ["Reconcile.Month"] = w["LastMonth"], ["Reconcile.Progress"] = "西岭进展", ["Reconcile.NextSteps"] = "西岭措施", ["Reconcile.Percent"] = "30" }, Expect.Refused, Control.B),
            Form("/projects/{BProject}", "complete", _ => new() { ["Complete.DoneOn"] = Date(ScopeWorld.Today) }, Expect.Refused, Control.B),
            Form("/projects/{BProject}", "cancel", _ => new() { ["Cancel.Reason"] = "西岭合并", ["Cancel.Confirm"] = "true" }, Expect.Refused, Control.B),
            Form("/projects/{BProject}", "evidence", w => new() { ["Evidence.EntryId"] = w["BProgress"] }, Expect.Refused, Control.B, file: "西岭进展照片"),
        ],
        ["GET /import"] = [List(null, "/import")],
        ["POST /import"] = [Exempt("imports run OrgImport and RosterImport, the services behind POST /api/v1/orgs/import and /api/v1/people/import, whose scope checks are above; the page adds no query of its own")],
        ["GET /reserves"] = [List(ScopeWorld.ACadreName, "/reserves", "/reserves?under={B}")],
        ["POST /reserves"] =
        [
            Form("/reserves", "remove-reserve", w => new() { ["Remove.ReserveId"] = w["BReserve"], ["Remove.Reason"] = "已任职" }, Expect.Refused, Control.B),
            Form("/reserves", "add-reserve", w => new() { ["Add.PersonId"] = w["BLoner"], ["Add.OrgId"] = w["Bv"], ["Add.TargetPost"] = "Secretary", ["Add.AddedOn"] = Date(ScopeWorld.Today) }, Expect.Refused, Control.B),
        ],
    };

    // ---- the tests ----

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public void EveryRoute_IsClassified(string provider)
    {
        var app = apps.For(provider);
        var mapped = MappedRoutes(app);

        var unclassified = mapped.Where(r => !Routes.ContainsKey(r)).ToList();
        unclassified.Should().BeEmpty(
            "every route must say in EndpointScopeTests.Routes how township A is kept out of township B's data (or why it needs no scope); add a line for: {0}",
            string.Join(", ", unclassified));
        var stale = Routes.Keys.Where(r => !mapped.Contains(r)).ToList();
        stale.Should().BeEmpty("the table names routes the app no longer maps");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ReadsById_OfAnotherTownship_AreNotFound(string provider)
    {
        var app = apps.For(provider);
        var world = await ScopeWorld.CreateAsync(app);
        var failures = new List<string>();
        foreach (var (route, check) in Checks<ReadCheck>())
        {
            await Collect(failures, route, async () =>
            {
                var url = world.Fill(check.Url);
                var (status, text) = await SendAsync(world.A, HttpMethod.Get, url, null);
                if (status != HttpStatusCode.NotFound)
                {
                    failures.Add($"{route}: {url} as A answered {(int)status}, expected 404");
                }
                Leaks(world, route, url, text, failures);

                var (controlStatus, controlText) = await SendAsync(world.CountyAdmin, HttpMethod.Get, url, null);
                if (controlStatus != HttpStatusCode.OK || world.OutsideAIn(Without(controlText, url)).Count == 0)
                {
                    failures.Add($"{route}: control failed: the county administrator got {(int)controlStatus} without B's data at {url}");
                }
            });
        }
        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Lists_ShowOwnTownship_AndNothingOfAnother(string provider)
    {
        var app = apps.For(provider);
        var world = await ScopeWorld.CreateAsync(app);
        var failures = new List<string>();
        foreach (var (route, check) in Checks<ListCheck>())
        {
            await Collect(failures, route, async () =>
            {
                var controlSawB = false;
                for (var i = 0; i < check.Urls.Length; i++)
                {
                    var url = world.Fill(check.Urls[i]);
                    var (status, text) = await SendAsync(world.A, HttpMethod.Get, url, null);
                    if (status is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
                    {
                        failures.Add($"{route}: {url} as A answered {(int)status}");
                    }
                    Leaks(world, route, url, text, failures);
                    if (i == 0 && check.Sees is { } own && !text.Contains(own, StringComparison.Ordinal))
                    {
                        failures.Add($"{route}: {url} as A does not show A's own “{own}”");
                    }
                    var (_, controlText) = await SendAsync(world.CountyAdmin, HttpMethod.Get, url, null);
                    controlSawB |= world.OutsideAIn(Without(controlText, url)).Count > 0;
                }
                if (!controlSawB && check.Sees is not null)
                {
                    failures.Add($"{route}: control failed: the county administrator saw nothing outside A in any of these calls, so they prove nothing");
                }
            });
        }
        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Writes_AimedAtAnotherTownship_AreRefused_AndChangeNothing(string provider)
    {
        // Each check builds a world of its own, and every snapshot reads every row: a fresh database every few checks keeps
        // the snapshots small (one database for all would make the test quadratic in the number of routes).
        ZerenFactory? app = null;
        var checks = 0;
        var failures = new List<string>();
        try
        {
            foreach (var (route, check) in Checks<RouteCheck>().Where(c => c.Check is WriteCheck or FormCheck))
            {
                if (checks++ % WorldsPerDatabase == 0)
                {
                    app?.Dispose();
                    app = new ZerenFactory(provider);
                }
                var db = app!;
                await Collect(failures, route, async () =>
                {
                    var world = await ScopeWorld.CreateAsync(db);
                    var before = await DatabaseSnapshot.TakeAsync(db);
                    var (status, text, url, sent) = await AttemptAsync(world, world.A, check, control: false);
                    var expect = check is WriteCheck w ? w.Expect : ((FormCheck)check).Expect;
                    if (!expect.Accepts(status, text, isForm: check is FormCheck))
                    {
                        failures.Add($"{route}: {url} as A answered {(int)status} ({Short(text)}), expected {expect}");
                    }
                    Leaks(world, route, sent, text, failures, minLength: 4);
                    if (await DatabaseSnapshot.TakeAsync(db) != before)
                    {
                        failures.Add($"{route}: {url} as A changed the database");
                    }

                    var control = check is WriteCheck wc ? wc.Control : ((FormCheck)check).Control;
                    if (control != Control.None)
                    {
                        var client = control == Control.B ? world.B : world.CountyAdmin;
                        var (controlStatus, controlText, controlUrl, _) = await AttemptAsync(world, client, check, control: true);
                        if ((int)controlStatus is < 200 or > 399 || await DatabaseSnapshot.TakeAsync(db) == before)
                        {
                            failures.Add($"{route}: control failed: {control} got {(int)controlStatus} at {controlUrl} ({Short(controlText)}) or changed nothing");
                        }
                    }
                });
            }
        }
        finally
        {
            app?.Dispose();
        }
        failures.Should().BeEmpty();
    }

    private const int WorldsPerDatabase = 8;

    // ---- running a check ----

    /// <summary>Makes the request of a write check; returns its answer, its address and what it sent (as text).</summary>
    private static async Task<(HttpStatusCode Status, string Text, string Url, string Sent)> AttemptAsync(ScopeWorld world, HttpClient client, RouteCheck check, bool control)
    {
        switch (check)
        {
            case WriteCheck w:
            {
                var url = world.Fill(w.Url);
                var body = w.Body(world);
                var (status, text) = await SendAsync(client, new HttpMethod(w.Method), url, body?.Content);
                return (status, text, url, url + " " + body?.Echo);
            }
            case FormCheck f:
            {
                var url = world.Fill(control && f.ControlUrl is not null ? f.ControlUrl : f.Url);
                var fields = f.Fields(world);
                using var response = f.File is null
                    ? await client.PostFormAsync(url, f.FormName, fields)
                    : await PostUploadFormAsync(client, url, f.FormName, fields, f.File);
                return (response.StatusCode, await response.Content.ReadAsStringAsync(), url, url + " " + string.Join(" ", fields.Values) + " " + f.File);
            }
            default:
                throw new InvalidOperationException(check.GetType().Name);
        }
    }

    /// <summary>Posts a page's upload form (multipart) with the antiforgery token and a small PNG carrying <paramref name="text"/> as its file.</summary>
    private static async Task<HttpResponseMessage> PostUploadFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields, string text)
    {
        var token = await client.AntiforgeryTokenAsync("/");
        using var form = ScopeWorld.Png(text);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(formName), "_handler");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = body };
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, Text(bytes));
    }

    /// <summary>The text of a response: JSON or HTML as is, an .xlsx workbook as the XML of all its parts.</summary>
    private static string Text(byte[] bytes)
    {
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var text = new StringBuilder();
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                text.Append(reader.ReadToEnd());
            }
            return text.ToString();
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// B's data in a response, leaving out what the request itself carried (a page repeats its address, an error the
    /// value it refuses): the words of the request at least <paramref name="minLength"/> long. Lists keep it at 8, so
    /// that a short search word (西岭) does not hide the names it would find.
    /// </summary>
    private static void Leaks(ScopeWorld world, string route, string request, string text, List<string> failures, int minLength = 8)
    {
        var leaked = world.OutsideAIn(Without(text, request, minLength));
        if (leaked.Count > 0)
        {
            failures.Add($"{route}: {Short(request)} as A shows data outside A: {string.Join(", ", leaked)}");
        }
    }

    private static string Without(string text, string request, int minLength = 8)
    {
        foreach (var part in Words().Split(Uri.UnescapeDataString(request)).Where(p => p.Length >= minLength).OrderByDescending(p => p.Length))
        {
            text = text.Replace(part, "", StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\p{L}\p{N}-]+")]
    private static partial System.Text.RegularExpressions.Regex Words();

    private static async Task Collect(List<string> failures, string route, Func<Task> check)
    {
        try
        {
            await check();
        }
#pragma warning disable CA1031 // one broken route is reported with the others
        catch (Exception e)
#pragma warning restore CA1031
        {
            failures.Add($"{route}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static IEnumerable<(string Route, T Check)> Checks<T>()
        where T : RouteCheck =>
        Routes.SelectMany(r => r.Value.OfType<T>().Select(c => (r.Key, c)));

    /// <summary>"METHOD pattern" for every route the app maps; a route without a method list is "*".</summary>
    internal static HashSet<string> MappedRoutes(ZerenFactory app)
    {
        _ = app.Server;
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            foreach (var method in methods.Count == 0 ? ["*"] : methods)
            {
                routes.Add($"{method} {endpoint.RoutePattern.RawText}");
            }
        }
        return routes;
    }

    // ---- bodies ----

    private static Body Json<T>(T body) => new(JsonContent.Create(body, options: ZerenFactory.Json), System.Text.Json.JsonSerializer.Serialize(body, ZerenFactory.Json));

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static ByteArrayContent Workbook(string sheet, IReadOnlyList<SheetColumn> columns, params object?[] row)
    {
        using var stream = new MemoryStream();
        using (var xlsx = new XlsxWriter(stream))
        {
            xlsx.AddSheet(sheet, columns).AddRow(row);
        }
        return new ByteArrayContent(stream.ToArray());
    }

    private static Body Upload(ByteArrayContent file, params string[] values)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue(SpreadsheetsApi.XlsxContentType);
        return new(new MultipartFormDataContent { { file, "file", "导入.xlsx" } }, string.Join(" ", values));
    }

    private static Body OrgWorkbook(string code, string name, string parentCode) =>
        Upload(Workbook(OrgSheet.SheetName, OrgSheet.Columns,
            code, name, parentCode, OrgLabels.Kind.Label(OrgKind.Branch), OrgLabels.Domain.Label(OrgDomain.Rural), null, null, null, null, 0),
            code, name, parentCode);

    private static Body RosterWorkbook(string name, string idNumber, string orgCode) =>
        Upload(Workbook(RosterSheet.SheetName, RosterSheet.Columns,
            name, null, "汉族", null, null, idNumber, null, PeopleLabels.PartyStatus.Label(PartyStatus.Full), "2015-07-01", orgCode),
            name, idNumber, orgCode);

    private static Dictionary<string, string> OrgFields(Guid parentId, string code, string name) => new()
    {
        ["Model.ParentId"] = parentId.ToString(),
        ["Model.Code"] = code,
        ["Model.Name"] = name,
        ["Model.Kind"] = nameof(OrgKind.Branch),
        ["Model.Domain"] = nameof(OrgDomain.Rural),
        ["Model.SortOrder"] = "0",
    };

    private static Dictionary<string, string> PersonFields(Guid orgId, string name, string idNumber)
    {
        var p = TestData.Member(orgId, name) with { IdNumber = idNumber };
        return new()
        {
            ["Model.OrgId"] = orgId.ToString(),
            ["Model.Name"] = p.Name,
            ["Model.Gender"] = p.Gender.ToString(),
            ["Model.PartyStatus"] = p.PartyStatus.ToString(),
            ["Model.Ethnicity"] = p.Ethnicity ?? "汉族",
            ["Model.IdNumber"] = idNumber,
            ["Model.BirthDate"] = Date(Zeren.Core.People.ChineseIdNumber.BirthDate(idNumber)),
            ["Model.JoinedPartyOn"] = "2015-07-01",
        };
    }

    /// <summary>A problem of B's village raised by whoever sends it (issued by their own organization).</summary>
    private static Zeren.Core.Rectification.ProblemDraft BProblemDraft(ScopeWorld w) =>
        new(w.Id("Bv"), Zeren.Core.Rectification.ProblemSource.SuperiorFeedback, "西岭新问题", "西岭新问题：请整改。", ScopeWorld.Today.AddDays(20));

    /// <summary>The new-problem form for <paramref name="orgId"/>, due in twenty days.</summary>
    private static Dictionary<string, string> ProblemFields(Guid orgId, string title) => new()
    {
        ["org"] = orgId.ToString(),
        ["Model.Source"] = nameof(Zeren.Core.Rectification.ProblemSource.SuperiorFeedback),
        ["Model.Title"] = title,
        ["Model.Description"] = title + "：请整改。",
        ["Model.Severity"] = nameof(Zeren.Core.Rectification.ProblemSeverity.General),
        ["Model.DueOn"] = Date(ScopeWorld.Today.AddDays(20)),
    };

    /// <summary>The issue form of a supervision order (督办单) to <paramref name="orgId"/>, due in five days.</summary>
    private static Dictionary<string, string> OrderFields(Guid orgId, string title) => new()
    {
        ["Model.OrgId"] = orgId.ToString(),
        ["Model.Title"] = title,
        ["Model.Content"] = "请整改。",
        ["Model.DueOn"] = Date(ScopeWorld.Today.AddDays(5)),
    };

    private static Zeren.Core.Meetings.MeetingInput BMeetingInput(ScopeWorld w) =>
        ScopeWorld.Meeting(w.Id("Bv"), w.Id("BPerson"), [w.Id("BPerson"), w.Id("BLoner")], "西岭冬季学习会");

    /// <summary>The "record a meeting" form: a study meeting yesterday, these people present.</summary>
    private static Dictionary<string, string> MeetingFields(Guid chairId, IReadOnlyList<Guid> present, string topic)
    {
        var fields = new Dictionary<string, string>
        {
            ["Model.Date"] = Date(ScopeWorld.MeetingDay),
            ["Model.StartTime"] = "09:00",
            ["Model.EndTime"] = "11:00",
            ["Model.Place"] = "党群服务中心",
            ["Model.Topic"] = topic,
            ["Model.Types[0].Type"] = nameof(Zeren.Core.Meetings.MeetingType.Study),
            ["Model.Types[0].Selected"] = "true",
            ["Model.ChairPersonId"] = chairId.ToString(),
        };
        for (var i = 0; i < present.Count; i++)
        {
            fields[$"Model.Attendees[{i}].PersonId"] = present[i].ToString();
            fields[$"Model.Attendees[{i}].Status"] = nameof(Zeren.Core.Meetings.AttendanceStatus.Present);
            fields[$"Model.Attendees[{i}].Expected"] = "true";
        }
        return fields;
    }

    /// <summary>The new-project form: all five 定.</summary>
    private static Dictionary<string, string> ProjectFormFields(Guid personId, string name) => new()
    {
        ["Model.Name"] = name,
        ["Model.Target"] = "建成投用",
        ["Model.Responsibility"] = "书记牵头",
        ["Model.PersonId"] = personId.ToString(),
        ["Model.StartOn"] = Date(ScopeWorld.Today),
        ["Model.DueOn"] = Date(ScopeWorld.Today.AddMonths(6)),
    };

    /// <summary>The plan form: its township (none on a resubmission), next year, one project with all five 定.</summary>
    private static Dictionary<string, string> PlanFormFields(Guid? orgId, Guid personId, string text)
    {
        var fields = new Dictionary<string, string>
        {
            ["Model.Year"] = (ScopeWorld.PlanYear + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Model.Text"] = text,
            ["Model.Projects[0].Name"] = text + "项目",
            ["Model.Projects[0].Target"] = "建成投用",
            ["Model.Projects[0].Responsibility"] = "书记牵头",
            ["Model.Projects[0].PersonId"] = personId.ToString(),
            ["Model.Projects[0].StartOn"] = Date(ScopeWorld.Today),
            ["Model.Projects[0].DueOn"] = Date(ScopeWorld.Today.AddMonths(6)),
        };
        if (orgId is { } id)
        {
            fields["Model.OrgId"] = id.ToString();
        }
        return fields;
    }

    private static ProjectRevision Revision(ProjectInput p) => new(p.Name, p.Target, p.Responsibility, p.PersonId, p.StartOn, p.DueOn, p.Milestones);

    // ---- the kinds of check ----

    private const string AccountsScope = "accounts: scoped per security administrator in AccountService, proven in AccountsApiTests (the pages call the same service)";

    private const string AuditScope = "audit log: AuditSearch keeps an auditor to the entries of accounts in its scope, proven in AuditLogTests";

    private const string CadenceRules = "三会一课 cadence rules: county-wide configuration by org domain, no organization's data; only 系统管理员 (ConfigWrite) changes them";

    private const string PartyAuditRunning = "running audits needs PartyAuditsRun, which no township role holds (403 whatever the data); units must lie under the running organization, proven in PartyAuditsApiTests";
    private const string PartyAuditScoring = "scoring needs PartyAuditsScore, which no township role holds (403 whatever the data); proven in PartyAuditsApiTests";
    private const string ChecklistScope = "checklists: templates listed along the account's line (held above, by or under its organization), entries scoped by the village, their events and photos through them; another township's template is not found and its villages' claims and verifications refused, proven in ChecklistsApiTests.AnotherTownship_NeitherSeesNorClaimsNorVerifies";
    private const string CompetitionScope = "competitions: scoped by the organizing organization, their contestants, judges and scores through it; another township's competition is not found and its writes refused, proven in CompetitionsApiTests.AnotherTownship_NeitherSeesNorScoresNorRuns";
    private const string StarScope = "star ratings: scoped by the assessing organization (ratings, bands) and the branch (its stars), proven in StarRatingsTests";
    private const string ObligationScope = "obligations: scoped by the owing organization, proven in ObligationsTests and ObligationPagesTests";
    private const string ObligationCalendar = "the obligation calendar (履责日历): county-wide configuration, no organization's data; only 系统管理员 (ConfigWrite) changes it";
    private const string PlanReview = "reviewing a plan needs PlansReview, which no township role holds: A's TownshipAdmin is forbidden whatever the plan, and the service finds the plan through the scope filter, proven in PlansApiTests";

    private const string InspectionPlanning = "drawing plans needs InspectionsPlan, which no township role holds (403 whatever the data); who sees a plan is proven in InspectionPlanSecrecyTests";
    private const string RoundArranging = "arranging rounds and groups needs InspectionsPlan, which no township role holds (403 whatever the data); who sees a group's villages is proven in InspectionRoundTests";
    private const string InspectionRecording = "recording inspections needs InspectionsWrite, which no township role holds (403 whatever the data); the village must be in scope, proven in InspectionRecordTests";

    private const string OwnNotifications = "notifications: only the account's own organization's, proven in MeetingRemindersTests";

    private static ExemptCheck Exempt(string reason) => new(reason);

    private static ReadCheck Read(string url) => new(url);

    private static ListCheck List(string? sees, params string[] urls) => new(sees, urls);

    private static WriteCheck Write(string method, string url, Func<ScopeWorld, Body?> body, Expect expect, Control control) =>
        new(method, url, body, expect, control);

    private static FormCheck Form(string url, string formName, Func<ScopeWorld, Dictionary<string, string>> fields, Expect expect, Control control, string? controlUrl = null,
        string? file = null) =>
        new(url, formName, w => fields(w), expect, control, controlUrl, file);

    /// <summary>A page without forms: a post to it changes nothing.</summary>
    private static FormCheck NoForms(string url) => new(url, "none", _ => [], Expect.Refused, Control.None, null, null);
}

public enum Control
{
    /// <summary>No control: the request is refused whoever makes it (a uniqueness rule across scopes).</summary>
    None,

    /// <summary>B's township administrator makes the same request, and it works.</summary>
    B,

    /// <summary>The county administrator makes the same request, and it works.</summary>
    County,
}

/// <summary>What a refused request must answer.</summary>
public sealed record Expect(string Name, Func<HttpStatusCode, string, bool, bool> Test)
{
    /// <summary>404, as if the record did not exist.</summary>
    public static readonly Expect NotFound = new("404", (s, _, _) => s == HttpStatusCode.NotFound);

    /// <summary>
    /// 404 or 422 from the API. A page form answers the page again with its error, 404 when the page's record is not
    /// found, or 400 when the page has no such form (it was not rendered for a record not found): never a 5xx.
    /// </summary>
    public static readonly Expect Refused = new("a refusal (404/422; from a form also the page again or 400)", (s, _, isForm) =>
        isForm ? (int)s is 200 or 400 or 404 or 422 : s is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity);

    /// <summary>422 with this rule's code.</summary>
    public static Expect Code(string code) => new($"422 {code}", (s, text, _) =>
        s == HttpStatusCode.UnprocessableEntity && text.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal));

    public bool Accepts(HttpStatusCode status, string text, bool isForm) => Test(status, text, isForm);

    public override string ToString() => Name;
}

public abstract record RouteCheck;

public sealed record ExemptCheck(string Reason) : RouteCheck;

public sealed record ReadCheck(string Url) : RouteCheck;

/// <summary>GET each url as A: no data outside A; the first shows <paramref name="Sees"/> (A's own data), when given.</summary>
public sealed record ListCheck(string? Sees, string[] Urls) : RouteCheck;

public sealed record WriteCheck(string Method, string Url, Func<ScopeWorld, Body?> Body, Expect Expect, Control Control) : RouteCheck;

/// <summary>A request body and its values as text: an error may repeat what was sent, which is no leak.</summary>
public sealed record Body(HttpContent Content, string Echo);

/// <summary>A page form; with <paramref name="File"/> it is an upload, posted as multipart with a small PNG carrying that text.</summary>
public sealed record FormCheck(string Url, string FormName, Func<ScopeWorld, Dictionary<string, string>> Fields, Expect Expect, Control Control, string? ControlUrl,
    string? File = null) : RouteCheck;

/// <summary>One app per provider for the scope tests, with a database no other test writes to (they compare snapshots).</summary>
public sealed class ScopeApps : DedicatedApps;
