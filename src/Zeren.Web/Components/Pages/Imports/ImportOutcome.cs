using Zeren.Core.Platform;
using Zeren.Core.Spreadsheets;

namespace Zeren.Web.Components.Pages.Imports;

/// <summary>What an upload came to: the summary of an import, or why nothing was imported.</summary>
public sealed record ImportOutcome(string? FileName, ImportSummary? Summary, DomainException? Error);
