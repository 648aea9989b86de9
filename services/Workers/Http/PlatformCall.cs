using Connectors.Workers.Tokens;

namespace Connectors.Workers.Http;

/// <summary>
/// One request to a platform API. <see cref="Build"/> makes a fresh request for an access token each time, so the
/// same page can be asked for again after a wait or a token refresh.
/// </summary>
public sealed record PlatformCall(
    HttpClient Http,
    AccessSession Session,
    IPlatformErrors Errors,
    string What,
    Func<string, HttpRequestMessage> Build);
