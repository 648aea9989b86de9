using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Connectors.ServiceDefaults.Security;

/// <summary>
/// Who a request acts for, as vouched for by the gateway or another service of the product. A handler takes it as
/// a parameter; it is never read from anything the client chose.
/// </summary>
public sealed record TrustedCaller(Guid? ProjectId)
{
    /// <summary>The caller's project; only valid on endpoints that require one.</summary>
    public Guid Project => ProjectId
        ?? throw new InvalidOperationException("This endpoint was not marked as requiring a project.");

    public static ValueTask<TrustedCaller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<TrustedCaller>());
}
