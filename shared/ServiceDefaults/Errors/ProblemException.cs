namespace Connectors.ServiceDefaults.Errors;

/// <summary>
/// A failure whose meaning for the caller is known: it becomes an RFC 9457 problem with this status, title and
/// detail. The detail is shown to users, so it never holds a secret.
/// </summary>
public class ProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    /// <summary>Extra members of the problem document (e.g. the valid values of a field).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}
