using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zeren.Browser.Tests;

internal static class Htmx
{
    /// <summary>
    /// Waits until htmx has no request in flight and has settled what it swapped in. Content is swapped first and
    /// wired up (hx-get on its links) only when it settles, a moment later: a click in between would miss htmx.
    /// </summary>
    public static async Task IdleAsync(IPage page) =>
        await Expect(page.Locator(".htmx-request, .htmx-settling, .htmx-swapping, .htmx-added")).ToHaveCountAsync(0);
}
