namespace Connectors.Testing;

/// <summary>
/// Where the test PostgreSQL and RabbitMQ servers are. <c>scripts/test.sh</c> starts them on loopback; the
/// environment variables override the defaults it uses.
/// </summary>
public static class TestServers
{
    public static string PostgresAdmin { get; } =
        Environment.GetEnvironmentVariable("CONNECTORS_PG")
        ?? "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

    public static Uri Amqp { get; } =
        new(Environment.GetEnvironmentVariable("CONNECTORS_AMQP") ?? "amqp://guest:guest@127.0.0.1:56729/");

    public static Uri RabbitManagement { get; } =
        new(Environment.GetEnvironmentVariable("CONNECTORS_RABBIT_MGMT") ?? "http://guest:guest@127.0.0.1:15729/");

    /// <summary>The repository root, found from the test assembly's folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
