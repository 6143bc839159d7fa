namespace TestSupport;

// Where the servers that test.sh starts can be reached. The defaults match test.sh, so
// `dotnet test` works directly once test.sh has brought the servers up.
public static class TestServers
{
    public static string Redis { get; } =
        Environment.GetEnvironmentVariable("TEST_REDIS") ?? "127.0.0.1:6390";

    public static string Postgres { get; } =
        Environment.GetEnvironmentVariable("TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=relay_test;Password=relay_test;Database=relay_test";
}
