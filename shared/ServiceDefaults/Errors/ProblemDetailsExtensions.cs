using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connectors.ServiceDefaults.Errors;

public static class ProblemDetailsExtensions
{
    internal static IServiceCollection AddDefaultProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    /// <summary>Turns every failure, thrown or returned as a bare status code, into a problem document.</summary>
    public static WebApplication UseDefaultProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>The one place where exceptions get a status code.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException known => Problem(known.Status, known.Title, known.Message, known.Extensions),
            BadHttpRequestException { InnerException: JsonException } => Problem(
                StatusCodes.Status400BadRequest,
                "Malformed request body",
                "The body is not valid JSON of the expected shape."),
            BadHttpRequestException bad => Problem(bad.StatusCode, "Bad request", bad.Message),
            NpgsqlException { IsTransient: true } => Problem(
                StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The database cannot be reached right now; nothing was changed. Try again shortly."),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Problem(
        int status,
        string title,
        string detail,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}
