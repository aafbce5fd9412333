[assembly: Microsoft.Extensions.Localization.RootNamespace("Zeren.Web")]

namespace Zeren.Web;

/// <summary>Marker for the UI's shared strings: Resources/SharedResource.resx (zh-CN) and .en-US.resx.</summary>
public sealed class SharedResource;
