namespace Connectors.Workers.Data;

/// <summary>The schema the workers own: landed records, stream cursors, outbox and inbox.</summary>
public static class WorkersDatabase
{
    public const string Schema = "data";
}
