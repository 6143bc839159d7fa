using Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- <benchmark> [options]
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["redis-client"] = RedisClientBenchmark.RunAsync,
    ["data-access"] = DataAccessBenchmark.RunAsync,
    ["dataservice"] = DataServiceBenchmark.RunAsync,
    ["migration"] = MigrationBenchmark.RunAsync,
    ["gateway"] = GatewayBenchmark.RunAsync,

    // Servers the gateway benchmark starts in processes of their own.
    [GatewayServers.StandInMode] = GatewayServers.RunStandInAsync,
    [GatewayServers.PassThroughMode] = GatewayServers.RunPassThroughAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Benchmarks <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}

return await run(args[1..]);
