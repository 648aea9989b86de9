namespace Connectors.OAuth.Authorization;

/// <summary>How a callback ends for the browser: sent on to the dashboard, or shown a page that says why not.</summary>
public abstract record CallbackOutcome
{
    private CallbackOutcome()
    {
    }

    /// <summary>A 302 to the dashboard (connected, or the reason it failed in the query).</summary>
    public sealed record Redirect(string Url) : CallbackOutcome;

    /// <summary>A 400 page for a link that cannot be trusted; nothing was stored.</summary>
    public sealed record Refused(string Title, string Explanation) : CallbackOutcome;
}
