namespace Connectors.Sandbox;

internal static partial class Log
{
    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Information,
        Message = "Sandbox grant {GrantId} issued by {Provider} for {Product} account {AccountId}")]
    public static partial void GrantIssued(
        ILogger logger, string grantId, string provider, string product, string accountId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Sandbox grant {GrantId} revoked")]
    public static partial void GrantRevoked(ILogger logger, string grantId);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Information,
        Message = "Fault {Kind} armed on {Product} account {AccountId}")]
    public static partial void FaultArmed(ILogger logger, string kind, string product, string accountId);

    [LoggerMessage(
        EventId = 4,
        Level = LogLevel.Information,
        Message = "Fault {Kind} fired on {Product} account {AccountId}, stream {Stream}")]
    public static partial void FaultFired(
        ILogger logger, string kind, string product, string accountId, string stream);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Stripe fixtures loaded from {Source}")]
    public static partial void FixturesLoaded(ILogger logger, string source);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Token request refused at {Provider}: {Error}")]
    public static partial void TokenRefused(ILogger logger, string provider, string error);
}
