using Connectors.OAuth.Options;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Security;

/// <summary>
/// Runs <see cref="CredentialReencryptor"/> at start and every <see cref="EncryptionOptions.ReencryptInterval"/>,
/// and says once when nothing is left under keys other than the active one (old keys may then be removed).
/// </summary>
public sealed class ReencryptionService(
    CredentialReencryptor reencryptor,
    SecretProtector protector,
    IOptions<EncryptionOptions> options,
    TimeProvider time,
    ILogger<ReencryptionService> logger) : BackgroundService
{
    private long? _leftLastTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReencryptInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            var pass = await reencryptor.RunPassAsync(stoppingToken);
            Report(pass);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ReencryptionPassFailed(logger, exception);
        }
    }

    private void Report(ReencryptionPass pass)
    {
        if (pass.LeftUnderOtherKeys == 0)
        {
            if (_leftLastTime != 0 && (protector.KeyIds.Count > 1 || pass.Resealed > 0))
            {
                Log.ReencryptionComplete(logger, protector.ActiveKeyId);
            }
        }
        else if (pass.LeftUnderOtherKeys != _leftLastTime || pass.Resealed > 0)
        {
            Log.ReencryptionPending(logger, pass.LeftUnderOtherKeys, protector.ActiveKeyId);
        }

        _leftLastTime = pass.LeftUnderOtherKeys;
    }
}
