using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Connectors.ServiceDefaults.Telemetry;

/// <summary>
/// For a service that makes no spans of its own: a request that arrives without trace context starts a trace that
/// is passed on as sampled, as it would be if the service recorded it. Without this, ASP.NET Core's own request
/// activity goes out unsampled and the services behind, which follow their caller's sampling decision, would drop
/// the trace even when they export it. A caller's own decision is left as it came.
/// </summary>
internal sealed class SampledTraceRoots : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (Activity.Current is { } activity && string.IsNullOrEmpty(activity.ParentId))
            {
                activity.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
