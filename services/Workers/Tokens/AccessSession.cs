namespace Connectors.Workers.Tokens;

/// <summary>The token a sync is using, and the one way to replace it when the platform refuses it.</summary>
public sealed class AccessSession(TokenClient tokens, Guid projectId, string type, PlatformToken token)
{
    public PlatformToken Token { get; private set; } = token;

    public string Type => type;

    /// <summary>Asks the OAuth service for a forced refresh, naming the token the platform refused.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        Token = await tokens.GetAsync(projectId, type, Token.AccessToken, cancellationToken);
}
