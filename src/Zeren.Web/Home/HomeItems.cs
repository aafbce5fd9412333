using Zeren.Core.Security;

namespace Zeren.Web.Home;

/// <summary>How a card on the home page looks: neutral, all done, something to do, something wrong.</summary>
public enum HomeTone
{
    Neutral,
    Good,
    Attention,
    Alert,
}

/// <summary>
/// One line of a card, a link when it leads somewhere; <see cref="Detail"/> is a short figure or date on its right,
/// <see cref="Note"/> a longer remark under it.
/// </summary>
public sealed record HomeLine(string Text, string? Href = null, string? Detail = null, string? Note = null);

/// <summary>
/// One card of the home page: a title, a figure (the count that matters) with a caption, a few lines, and a link to
/// where the work is done. <see cref="Key"/> names the card (tests and the page find it by <c>data-zr-card</c>);
/// <see cref="Order"/> places it (lower first).
/// </summary>
public sealed record HomeCard(
    string Key,
    int Order,
    string Title,
    string Icon,
    HomeTone Tone,
    string? Figure,
    string? Caption,
    IReadOnlyList<HomeLine> Lines,
    HomeLine? Link = null);

/// <summary>
/// A capability's contribution to the home page: the cards of its work for the signed-in actor (none when the actor
/// has none there). Each capability keeps its implementation in its own folder; every implementation in this assembly
/// is registered by <see cref="HomeItemsRegistration.AddHomeItems"/>, so adding a capability's items adds no line
/// anywhere else. Implementations read counts from the database (aggregated there: a province has 60 000 branches)
/// and check the actor's permissions themselves.
/// </summary>
public interface IHomeItems
{
    Task<IReadOnlyList<HomeCard>> CardsAsync(Actor actor, CancellationToken ct = default);
}

public static class HomeItemsRegistration
{
    /// <summary>Registers every <see cref="IHomeItems"/> of this assembly, scoped (they use the request's services).</summary>
    public static IServiceCollection AddHomeItems(this IServiceCollection services)
    {
        foreach (var type in typeof(IHomeItems).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHomeItems).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            services.AddScoped(typeof(IHomeItems), type);
        }
        return services;
    }

    /// <summary>The cards of every capability for an actor, in order.</summary>
    public static async Task<IReadOnlyList<HomeCard>> CardsAsync(this IEnumerable<IHomeItems> items, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var cards = new List<HomeCard>();
        // One after the other: they share the request's DbContext.
        foreach (var item in items)
        {
            cards.AddRange(await item.CardsAsync(actor, ct));
        }
        return cards.OrderBy(c => c.Order).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }
}
