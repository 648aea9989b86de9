namespace Connectors.Gateway.Dashboard;

/// <summary>Return URLs after sign-in: only paths on this site, never another host.</summary>
internal static class LocalUrl
{
    public const string Home = "/dashboard/sensors";

    public static string OrHome(string? url) => IsLocal(url) ? url! : Home;

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
