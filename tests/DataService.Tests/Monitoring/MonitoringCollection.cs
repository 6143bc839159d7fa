namespace DataService.Tests.Monitoring;

// The data-access layer's meter is one per process, so a service host counts the cache
// lookups and failures of every other host in the test process too. These tests run alone,
// after the parallel ones, on one service instance they share.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MonitoringCollection : ICollectionFixture<MonitoredService>
{
    public const string Name = "Monitoring";
}
