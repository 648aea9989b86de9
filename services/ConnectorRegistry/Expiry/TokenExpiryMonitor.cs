using Connectors.ConnectorRegistry.Data;
using Connectors.ConnectorRegistry.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectors.ConnectorRegistry.Expiry;

/// <summary>
/// Logs a warning, once a day per connector, for every connected connector whose access ends within the warning
/// window, so an operator sees it even when nobody opens the dashboard. The claim is a row update, so several
/// registry instances still log each connector once a day.
/// </summary>
public sealed class TokenExpiryMonitor(
    IConnectorRepository connectors,
    TokenExpiryWarnings warnings,
    IOptions<TokenExpiryOptions> options,
    TimeProvider time,
    ILogger<TokenExpiryMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.WarningDays == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        do
        {
            await WarnAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WarnAsync(CancellationToken cancellationToken)
    {
        try
        {
            var expiring = await connectors.ClaimExpiryWarningsAsync(
                warnings.WarnBefore.UtcDateTime, time.GetUtcNow().UtcDateTime, cancellationToken);
            foreach (var connector in expiring)
            {
                var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(connector.TokenExpiresAt, DateTimeKind.Utc));
                Log.TokenExpiring(logger, connector.Type, connector.ProjectId, expiresAt,
                    warnings.Sentence(connector.Type, expiresAt));
            }
        }
        catch (NpgsqlException exception)
        {
            // The next tick tries again; a database that is down is reported by the readiness check.
            Log.ExpiryCheckFailed(logger, exception);
        }
    }
}
