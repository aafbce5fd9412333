using Microsoft.AspNetCore.Http.HttpResults;
using Zeren.Core.Files;
using Zeren.Core.Platform;

namespace Zeren.Web.Api;

/// <summary>How every Excel export is sent: an attachment named after what it holds and the China day it was made.</summary>
public static class XlsxDownload
{
    public const string ContentType = FileSignature.XlsxContentType;

    /// <summary>
    /// Sends a written workbook (rewound here) as <c>{name}_{yyyy-MM-dd}.xlsx</c>, with <c>{asciiName}_{yyyy-MM-dd}.xlsx</c>
    /// for clients that do not read RFC 5987's <c>filename*</c>.
    /// </summary>
    public static FileStreamHttpResult Send(HttpContext http, MemoryStream buffer, TimeProvider clock, string name, string asciiName)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Position = 0;
        var day = ChinaTime.Today(clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileName = $"{asciiName}_{day}.xlsx",
            FileNameStar = $"{name}_{day}.xlsx",
        };
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.File(buffer, ContentType);
    }
}
