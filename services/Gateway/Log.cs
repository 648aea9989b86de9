namespace Connectors.Gateway;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Dashboard session opened for project {ProjectId}")]
    public static partial void SignedIn(ILogger logger, Guid projectId);

    [LoggerMessage(2, LogLevel.Information, "Dashboard sign-in refused: the key is not valid")]
    public static partial void SignInRefused(ILogger logger);
}
