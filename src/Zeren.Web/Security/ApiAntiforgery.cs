using Microsoft.AspNetCore.Antiforgery;

namespace Zeren.Web.Security;

/// <summary>
/// A write to the API (any method but GET, HEAD, OPTIONS, TRACE) signed in by the page cookie must carry the
/// antiforgery token (header <c>RequestVerificationToken</c> or the form field), because a browser sends the cookie
/// with a form another site makes it post: an import or an upload from another origin would run as the signed-in user.
/// A request with <c>Authorization: Bearer</c> is not signed in by the cookie, and no other site can make a browser
/// send that header, so API clients need nothing more. This covers the multipart endpoints, which take no form token.
/// </summary>
internal sealed class ApiAntiforgery(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (http.Request.Path.StartsWithSegments("/api")
            && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !HttpMethods.IsOptions(http.Request.Method) && !HttpMethods.IsTrace(http.Request.Method)
            && http.User.Identity?.IsAuthenticated == true
            && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && !await antiforgery.IsRequestValidAsync(http))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 400,
                Title = "请求被拒绝",
                Detail = "以网页登录状态调用接口写入数据时须带防伪令牌（请求头 RequestVerificationToken）；接口客户端请使用访问令牌（Authorization: Bearer）。",
            };
            problem.Extensions["code"] = "antiforgery";
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            return;
        }
        await next(http);
    }
}
