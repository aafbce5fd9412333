using System.Text;
using QRCoder;

namespace Zeren.Web.Components.Shared;

/// <summary>
/// QR codes drawn on the server as SVG (QRCoder, see ADR 0008) and put in the page as a data: address, so the
/// secret they carry never leaves in a URL of its own and no script draws them.
/// </summary>
public static class QrCodes
{
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute, null);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
