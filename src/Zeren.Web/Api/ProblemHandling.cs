using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Zeren.Core.Platform;

namespace Zeren.Web.Api;

/// <summary>
/// The one place refusals become RFC 7807 ProblemDetails: a <see cref="DomainException"/> is 422 (404 when
/// something is not found, 413 when an upload is too large, 429 when too much runs at once or an account's quota is
/// used up), with a Chinese title and detail, the rule's code and,
/// for input, the fields at fault.
/// </summary>
public sealed class ProblemHandling(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException d => ToProblem(d),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge, Title = "上传内容过大", Detail = "请求内容超过大小上限。",
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "请求格式不正确", Detail = "请求无法解析，请检查参数和 JSON 格式。" },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status ?? 400;
        if (exception is TooManyRequestsException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails ToProblem(DomainException d)
    {
        var (status, title) = d switch
        {
            NotFoundException => (StatusCodes.Status404NotFound, "未找到"),
            ForbiddenException => (StatusCodes.Status403Forbidden, "没有权限"),
            TooLargeException => (StatusCodes.Status413PayloadTooLarge, "上传内容过大"),
            TooManyRequestsException => (StatusCodes.Status429TooManyRequests, "请求过于频繁"),
            _ => (StatusCodes.Status422UnprocessableEntity, "请求未被接受"),
        };
        var problem = new ProblemDetails { Status = status, Title = title, Detail = d.Message };
        problem.Extensions["code"] = d.Code;
        if (d is ValidationFailedException v)
        {
            problem.Extensions["errors"] = v.Errors;
        }
        else if (d.Field is not null)
        {
            problem.Extensions["errors"] = new[] { new ValidationError(d.Field, d.Message) };
        }
        return problem;
    }

    /// <summary>ProblemDetails the framework writes (bad binding, 404 routes, 405) get Chinese titles too.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var p = context.ProblemDetails;
        if (p.Title is null || p.Title.All(char.IsAscii))
        {
            p.Title = p.Status switch
            {
                400 => "请求格式不正确",
                401 => "需要登录",
                403 => "没有权限",
                404 => "未找到",
                405 => "不支持此请求方法",
                409 => "与现有数据冲突",
                413 => "上传内容过大",
                415 => "不支持的内容类型",
                422 => "请求未被接受",
                429 => "请求过于频繁",
                _ => "服务器出错",
            };
        }
        if (p.Status == 400 && p.Detail is null)
        {
            p.Detail = "请求无法解析，请检查参数和 JSON 格式。";
        }
        // The authentication handlers answer 401/403 without a body of their own.
        p.Detail ??= p.Status switch
        {
            401 => "请先登录。",
            403 => "您的角色没有此项权限。",
            _ => null,
        };
    }
}

/// <summary>Shared result shapes for the API.</summary>
public static class ApiResults
{
    public static Created<T> Created<T>(string location, T value) => TypedResults.Created(location, value);
}
