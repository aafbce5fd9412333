namespace Zeren.Web.Components.Shared;

/// <summary>One step of the breadcrumbs; the last one is the current page and has no link.</summary>
public sealed record Crumb(string Text, string? Href = null);
