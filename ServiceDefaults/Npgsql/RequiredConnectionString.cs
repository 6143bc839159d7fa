namespace ServiceDefaults.Npgsql;

// Checked when the data source or DbContext is first resolved, not when it is registered, so a
// missing connection string fails where it is used, after logging is set up, instead of while
// the host is still being built.
internal static class RequiredConnectionString
{
    public static string Validate(string? connectionString, string connectionName, params string[] sectionNames)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var sections = string.Join(" or ", sectionNames.Select(name => $"'{name}'"));
        throw new InvalidOperationException(
            $"ConnectionString is missing. It should be provided in 'ConnectionStrings:{connectionName}' "
            + $"or under the 'ConnectionString' key in the {sections} configuration section.");
    }
}
