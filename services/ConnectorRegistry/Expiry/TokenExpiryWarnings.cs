using System.Globalization;
using Connectors.ConnectorRegistry.Data;
using Connectors.ConnectorRegistry.Extensions;
using Connectors.Contracts;
using Microsoft.Extensions.Options;

namespace Connectors.ConnectorRegistry.Expiry;

/// <summary>
/// Words the warning a connected connector carries when its access ends within <c>TokenExpiry:WarningDays</c>,
/// so the user connects the platform again before syncs start failing.
/// </summary>
public sealed class TokenExpiryWarnings(IOptionsMonitor<TokenExpiryOptions> options, TimeProvider time)
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [ConnectorTypes.GoogleAds] = "Google Ads",
        [ConnectorTypes.GoogleAnalytics] = "Google Analytics",
        [ConnectorTypes.HubSpot] = "HubSpot",
        [ConnectorTypes.Stripe] = "Stripe",
        [ConnectorTypes.MetaAds] = "Meta Ads",
        [ConnectorTypes.LinkedInAds] = "LinkedIn Ads",
        [ConnectorTypes.QuickBooks] = "QuickBooks",
    };

    /// <summary>The end of the warning window: access ending before it is warned about.</summary>
    public DateTimeOffset WarnBefore => time.GetUtcNow().AddDays(options.CurrentValue.WarningDays);

    public string? For(Connector connector)
    {
        if (connector.Status != ConnectorStatuses.Connected || connector.TokenExpiresAt is not { } expiry
            || options.CurrentValue.WarningDays == 0)
        {
            return null;
        }

        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(expiry, DateTimeKind.Utc));
        return expiresAt < WarnBefore ? Sentence(connector.Type, expiresAt) : null;
    }

    public string Sentence(string type, DateTimeOffset expiresAt)
    {
        var name = Names.GetValueOrDefault(type, type);
        var when = expiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return expiresAt <= time.GetUtcNow()
            ? $"The access to {name} expired on {when}, and {name} does not renew it. "
                + $"Connect {name} again to resume syncing."
            : $"The access to {name} expires on {when}, and {name} does not renew it. "
                + $"Connect {name} again before then to keep syncing.";
    }
}
