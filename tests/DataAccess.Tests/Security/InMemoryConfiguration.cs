using Microsoft.Extensions.Configuration;

namespace DataAccess.Tests.Security;

internal static class InMemoryConfiguration
{
    public static IConfiguration From(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
            .Build();
}
