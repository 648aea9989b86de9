using System.Security.Claims;

namespace Connectors.Gateway.Authentication;

/// <summary>The authenticated caller: a project, proven by an API key or a session cookie.</summary>
public static class GatewayPrincipal
{
    public const string ProjectClaim = "connectors:project";

    public static ClaimsPrincipal For(Guid projectId, string authenticationType) =>
        new(new ClaimsIdentity([new Claim(ProjectClaim, projectId.ToString("D"))], authenticationType));

    public static Guid? ProjectId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ProjectClaim), out var projectId) ? projectId : null;
}
