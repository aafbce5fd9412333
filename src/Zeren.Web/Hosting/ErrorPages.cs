using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Zeren.Web.Hosting;

/// <summary>
/// The styled error page for an error without a body (404, 400, 405 …) outside /api: the status code pages re-execute
/// the page at <c>path</c> with the status kept, as <c>UseStatusCodePagesWithReExecute</c> does (in a scope of its own,
/// with <see cref="IStatusCodeReExecuteFeature"/> saying what was asked), but always as a GET of that page's endpoint: a
/// refused post (a form without its token or with forbidden characters, a sign-out without its token) gets the page
/// too, where the page's own POST handling would refuse it again for want of a form.
/// </summary>
internal static class ErrorPages
{
    public static WebApplication UseErrorPages(this WebApplication app, string path)
    {
        Endpoint? page = null;
        app.Use(next =>
        {
            var options = Options.Create(new StatusCodePagesOptions
            {
                HandleAsync = context => ReExecuteAsync(context.HttpContext, path, page ??= PageAt(app, path), next),
            });
            return new StatusCodePagesMiddleware(next, options).Invoke;
        });
        return app;
    }

    /// <summary>The GET endpoint of the page at <paramref name="path"/>: what routing would choose for it.</summary>
    private static RouteEndpoint PageAt(WebApplication app, string path) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Single(e =>
            string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), path, StringComparison.Ordinal)
            && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true);

    private static async Task ReExecuteAsync(HttpContext http, string path, Endpoint page, RequestDelegate next)
    {
        var request = http.Request;
        var (originalPath, originalQuery, originalMethod, originalServices) = (request.Path, request.QueryString, request.Method, http.RequestServices);
        var routeValues = http.Features.Get<IRouteValuesFeature>()?.RouteValues;
        http.Features.Set<IStatusCodeReExecuteFeature>(new ReExecuted
        {
            OriginalPathBase = request.PathBase.Value!,
            OriginalPath = originalPath.Value!,
            OriginalQueryString = originalQuery.HasValue ? originalQuery.Value : null,
            OriginalStatusCode = http.Response.StatusCode,
            Endpoint = http.GetEndpoint(),
            RouteValues = routeValues is null ? null : new RouteValueDictionary(routeValues),
        });
        http.SetEndpoint(page);
        routeValues?.Clear();
        request.Path = path;
        request.QueryString = QueryString.Empty;
        request.Method = HttpMethods.Get;
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        http.RequestServices = scope.ServiceProvider;
        try
        {
            await next(http);
        }
        finally
        {
            http.RequestServices = originalServices;
            request.Method = originalMethod;
            request.QueryString = originalQuery;
            request.Path = originalPath;
            http.Features.Set<IStatusCodeReExecuteFeature?>(null);
        }
    }

    private sealed class ReExecuted : IStatusCodeReExecuteFeature
    {
        public required string OriginalPathBase { get; set; }

        public required string OriginalPath { get; set; }

        public string? OriginalQueryString { get; set; }

        public int OriginalStatusCode { get; init; }

        public Endpoint? Endpoint { get; init; }

        public RouteValueDictionary? RouteValues { get; init; }
    }
}
