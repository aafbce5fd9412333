using Microsoft.Extensions.DependencyInjection;
using Zeren.Core.Organizations;
using Zeren.Core.People;

namespace Zeren.Browser.Tests;

internal static class Services
{
    public static OrganizationService GetRequiredOrgs(this IServiceProvider sp) => sp.GetRequiredService<OrganizationService>();

    public static PeopleService GetRequiredPeople(this IServiceProvider sp) => sp.GetRequiredService<PeopleService>();
}
