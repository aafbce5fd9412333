using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Zeren.Core.Platform;
using Zeren.Web.Api;

namespace Zeren.Web.Input;

/// <summary>
/// The input contract at the door (ADR 0015), one middleware for every endpoint, after sign-in and permission checks
/// and before anything binds:
/// <list type="bullet">
/// <item>every query value holds no control character or direction override;</item>
/// <item>an endpoint's typed query parameters (integers, booleans, ids, dates, enums) are read strictly, and a required
/// one must be there; the API answers 400 naming each parameter; a page's likewise (<see cref="PageQueries"/>), before
/// it renders;</item>
/// <item>a JSON body is read (at most <see cref="InputOptions.MaxJsonBytes"/>) and checked by <see cref="JsonBodyCheck"/>:
/// unreadable JSON is 400, a body that does not fit its type is 422 naming every field, in the shape of
/// <see cref="ValidationFailedException"/>;</item>
/// <item>a form posted to a page holds no control character or direction override;</item>
/// <item>a page that cannot read its query (<see cref="MalformedValueException"/>, or a typed <c>[SupplyParameterFromQuery]</c>
/// value Blazor cannot parse) or a form post without a valid antiforgery token is 400.</item>
/// </list>
/// Under /api a refusal is a ProblemDetails; elsewhere the status alone, which the status code pages turn into the
/// styled error page.
/// </summary>
public sealed partial class InputContract(RequestDelegate next, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<InputOptions> limits,
    IProblemDetailsService problems, ILogger<InputContract> log)
{
    private readonly JsonSerializerOptions serializer = json.Value.SerializerOptions;
    private readonly JsonBodyCheck bodies = new(json.Value.SerializerOptions, limits.Value.MaxTextLength);
    private readonly ConcurrentDictionary<Endpoint, QueryParameter[]> queryParameters = new();
    private readonly PageQueries pages = new();

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            // The styled error page, re-executed for a refusal (ErrorPages): the request was judged already.
            await next(http);
            return;
        }
        var api = IsApi(http);
        var errors = QueryText(http.Request.Query);
        var endpoint = http.GetEndpoint();
        if (errors.Count == 0 && endpoint is not null)
        {
            errors = TypedQuery(http, endpoint);
            if (errors.Count == 0 && pages.Problem(endpoint, http.Request.Query) is { } page)
            {
                errors = [new ValidationError(page.Name, page.Message, Code: "type")];
            }
        }
        if (errors.Count > 0)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "invalid_parameter", Summary("查询参数不正确", errors), errors);
            return;
        }
        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } bodyType } accepts
            && accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase))
            && http.Request.HasJsonContentType()
            && !await JsonBodyAsync(http, bodyType, accepts.IsOptional))
        {
            return;
        }
        if (!api && IsUrlEncodedForm(http))
        {
            // The form is not read when its antiforgery token failed (the framework forbids it): the post is refused as is.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } || !await FormTextAsync(http))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }
        if (api)
        {
            await next(http);
            return;
        }
        try
        {
            await next(http);
        }
        catch (Exception e) when (BadPageRequest(e) is { } why && !http.Response.HasStarted)
        {
            LogBadPageRequest(log, http.Request.Path, why);
            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    private static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");

    private static bool IsUrlEncodedForm(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && http.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    // ---- query strings ----

    /// <summary>Query values never hold control characters or direction overrides, whichever endpoint reads them.</summary>
    private static List<ValidationError> QueryText(IQueryCollection query)
    {
        var errors = new List<ValidationError>();
        foreach (var (key, values) in query)
        {
            if (TextRules.Check(key, TextKind.SingleLine) is { } keyProblem)
            {
                errors.Add(new ValidationError(key, keyProblem.Message, Code: "text"));
                continue;
            }
            foreach (var value in values)
            {
                if (value is not null && TextRules.Check(value, TextKind.MultiLine) is { } problem)
                {
                    errors.Add(new ValidationError(key, problem.Message, Code: "text"));
                    break;
                }
            }
        }
        return errors;
    }

    private sealed record QueryParameter(string Name, Type Type, bool Required, bool Many);

    /// <summary>The minimal-API endpoint's own query parameters, read as strictly as its JSON.</summary>
    private List<ValidationError> TypedQuery(HttpContext http, Endpoint endpoint)
    {
        var errors = new List<ValidationError>();
        foreach (var p in queryParameters.GetOrAdd(endpoint, QueryParametersOf))
        {
            var values = http.Request.Query[p.Name];
            var present = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
            if (present.Count == 0)
            {
                if (p.Required)
                {
                    errors.Add(new ValidationError(p.Name, "缺少必填参数。", Code: "required"));
                }
                continue;
            }
            if (present.Count > 1 && !p.Many)
            {
                errors.Add(new ValidationError(p.Name, "只能给一个值。", Code: "duplicate"));
                continue;
            }
            foreach (var value in present)
            {
                if (QueryValues.Problem(p.Type, value!) is { } problem)
                {
                    errors.Add(new ValidationError(p.Name, problem, Code: p.Type.WithoutNullable().IsEnum ? "enum" : "type"));
                    break;
                }
            }
        }
        return errors;
    }

    private static QueryParameter[] QueryParametersOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } method || endpoint is not RouteEndpoint route)
        {
            return [];
        }
        var list = new List<QueryParameter>();
        foreach (var parameter in method.GetParameters())
        {
            var many = parameter.ParameterType.IsArray;
            var type = many ? parameter.ParameterType.GetElementType()! : parameter.ParameterType;
            if (parameter.Name is not { } name || !QueryValues.IsChecked(type)
                || parameter.GetCustomAttributes().Any(a => a is IFromRouteMetadata or IFromHeaderMetadata or IFromBodyMetadata or IFromFormMetadata or IFromServiceMetadata))
            {
                continue;
            }
            var queryName = parameter.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name ?? name;
            if (route.RoutePattern.GetParameter(queryName) is not null)
            {
                continue;
            }
            var optional = parameter.HasDefaultValue || parameter.ParameterType.IsNullableValue()
                || (!parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState != NullabilityState.NotNull);
            list.Add(new QueryParameter(queryName, type, !optional, many));
        }
        return [.. list];
    }

    // ---- JSON bodies ----

    /// <summary>Reads and checks the body; false when it was refused (the response is written).</summary>
    private async Task<bool> JsonBodyAsync(HttpContext http, Type bodyType, bool optional)
    {
        var max = limits.Value.MaxJsonBytes;
        if (http.Request.ContentLength > max)
        {
            await TooLargeAsync(http, max);
            return false;
        }
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    await TooLargeAsync(http, max);
                    return false;
                }
                buffer.Write(chunk, 0, read);
            }
            bytes = buffer.ToArray();
        }
        // The binder reads the same bytes after the check.
        http.Request.Body = new MemoryStream(bytes, writable: false);
        var json = bytes.AsMemory();
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }
        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            if (optional)
            {
                return true;
            }
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "body_missing", "缺少 JSON 请求体。", []);
            return false;
        }
        IReadOnlyList<ValidationError> errors;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = serializer.MaxDepth > 0 ? serializer.MaxDepth : 64 });
            errors = bodies.Check(document.RootElement, bodyType);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"第 {line + 1} 行第 {e.BytePositionInLine + 1} 个字节附近" : "";
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "json_malformed", $"请求体不是有效的 JSON：{where}有误。", []);
            return false;
        }
        if (errors.Count == 0)
        {
            return true;
        }
        var problem = ProblemHandling.ToProblem(new ValidationFailedException(Summary("请求内容不符合要求", errors), errors));
        await WriteAsync(http, problem);
        return false;
    }

    private Task TooLargeAsync(HttpContext http, long max) =>
        RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, "body_too_large", $"JSON 请求体超过 {max / 1024} KB 上限。", []);

    // ---- forms posted to pages ----

    /// <summary>
    /// A page's form holds no control character (tab and line breaks aside) or direction override: such a value cannot be
    /// typed, only forged, and would reach the database's queries before the save checks it. What a person can type but a
    /// field may not hold (a line break in a name, a zero-width space) is refused by the save, next to its field.
    /// </summary>
    private async Task<bool> FormTextAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        foreach (var (key, values) in form)
        {
            foreach (var value in values)
            {
                if (value is not null && TextRules.Check(value, TextKind.MultiLine) is { } problem)
                {
                    LogBadPageRequest(log, http.Request.Path, $"form field {key}: {problem.Message}");
                    return false;
                }
            }
        }
        return true;
    }

    // ---- pages ----

    /// <summary>Why a page's exception means the request was bad (400), or null when it is the app's fault.</summary>
    private static string? BadPageRequest(Exception e) => e switch
    {
        MalformedValueException q => q.Message,
        AntiforgeryValidationException => "antiforgery token missing or invalid",
        InvalidOperationException io when IsQueryParseFailure(io) => io.Message,
        _ => null,
    };

    /// <summary>
    /// Blazor throws this when a <c>[SupplyParameterFromQuery]</c> value does not parse as its type (<c>?page=x</c>); the
    /// message is the framework's own, and <c>MalformedQueryTests</c> tries every page's parameters so a change is noticed.
    /// </summary>
    private static bool IsQueryParseFailure(InvalidOperationException e) =>
        e.Message.StartsWith("Cannot parse the value", StringComparison.Ordinal)
        && e.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) == true;

    // ---- answers ----

    private static string Summary(string what, IReadOnlyList<ValidationError> errors) =>
        errors.Count == 1
            ? $"{what}：{Field(errors[0])}{errors[0].Message}"
            : $"{what}（{errors.Count} 处）：{Field(errors[0])}{errors[0].Message}";

    private static string Field(ValidationError e) => e.Field.Length == 0 ? "" : $"{e.Field}：";

    private async Task RefuseAsync(HttpContext http, int status, string code, string detail, List<ValidationError> errors)
    {
        if (!IsApi(http))
        {
            LogBadPageRequest(log, http.Request.Path, detail);
            http.Response.StatusCode = status;
            return;
        }
        var problem = new ProblemDetails { Status = status, Detail = detail };
        problem.Extensions["code"] = code;
        if (errors.Count > 0)
        {
            problem.Extensions["errors"] = errors;
        }
        await WriteAsync(http, problem);
    }

    private async Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bad request to {Path}: {Why}")]
    private static partial void LogBadPageRequest(ILogger logger, PathString path, string why);
}

/// <summary><c>Zeren:Input</c>: limits of the input contract.</summary>
public sealed class InputOptions
{
    public const string Section = "Zeren:Input";

    /// <summary>The largest JSON request body, in bytes (1 MB); a larger one is 413.</summary>
    public long MaxJsonBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The longest text value a JSON body may hold, in characters (20 000, the longest field: a meeting's content); each
    /// field may allow less. Passwords included, so nothing unbounded reaches a hash or a query.
    /// </summary>
    public int MaxTextLength { get; set; } = 20_000;
}
