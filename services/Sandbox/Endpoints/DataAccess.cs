using Connectors.Sandbox.OAuth;
using Microsoft.AspNetCore.Http.Features;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Endpoints;

/// <summary>Tags a data request for the log and checks its bearer (or <c>access_token</c> parameter)
/// credential.</summary>
internal static class DataAccess
{
    public const string AccountStream = "account";

    public static Grant? Check(
        HttpContext context, SandboxStore store, string provider, string product, out AccessFailure failure)
    {
        var tag = RequestTag.Mark(context, "data", provider, product);
        var value = ClientRegistry.ReadBearer(context.Request)
            ?? (context.Request.Query["access_token"].ToString() is { Length: > 0 } fromQuery
                ? fromQuery
                : context.Features.Get<IFormFeature>()?.Form?["access_token"].ToString());
        (var grant, failure) = store.CheckAccess(value, provider);
        if (grant is not null && failure == AccessFailure.None)
        {
            tag.Bind(grant);
            return grant;
        }

        return null;
    }
}
