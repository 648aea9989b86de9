using System.Diagnostics.Metrics;

namespace Connectors.OAuth;

/// <summary>
/// The OAuth service's meter <c>Connectors.OAuth</c>: access tokens refreshed at the platforms, and refreshes that
/// failed by reason (<c>GrantRevoked</c>: the user must connect again; <c>Transient</c>; <c>Refused</c>).
/// </summary>
public sealed class OAuthMetrics
{
    public const string MeterName = "Connectors.OAuth";

    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _failures;

    public OAuthMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _refreshes = meter.CreateCounter<long>(
            "connectors.oauth.token.refreshes", "{refresh}", "Access tokens refreshed at a platform.");
        _failures = meter.CreateCounter<long>(
            "connectors.oauth.token.refresh_failures", "{refresh}", "Refreshes a platform did not grant, by reason.");
    }

    public void Refreshed(string type) =>
        _refreshes.Add(1, new KeyValuePair<string, object?>("connector.type", type));

    public void RefreshFailed(string type, string reason) => _failures.Add(
        1,
        new KeyValuePair<string, object?>("connector.type", type),
        new KeyValuePair<string, object?>("failure.reason", reason));
}
