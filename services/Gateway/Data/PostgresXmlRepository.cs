using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Connectors.Gateway.Data;

/// <summary>
/// Keeps the ASP.NET Core data-protection key ring in <c>gateway.data_protection_keys</c>, so session cookies
/// survive restarts and every gateway instance can read the others' cookies.
/// </summary>
internal sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    private const string All = "SELECT xml FROM gateway.data_protection_keys ORDER BY id";

    private const string Store = """
        INSERT INTO gateway.data_protection_keys (friendly_name, xml) VALUES (@FriendlyName, @Xml)
        ON CONFLICT (friendly_name) DO NOTHING
        """;

    // The interface is synchronous; data protection calls it rarely (at key ring load and rotation).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>(All).Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        var row = new
        {
            FriendlyName = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        };
        connection.Execute(Store, row);
    }
}
