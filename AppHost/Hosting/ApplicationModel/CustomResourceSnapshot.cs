using System.Collections.Immutable;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>What is known about a resource at one moment.</summary>
public sealed record CustomResourceSnapshot
{
    /// <summary>Project, PostgresServer, PostgresDatabase, Redis.</summary>
    public required string ResourceType { get; init; }

    public ResourceStateSnapshot? State { get; init; }

    /// <summary>Healthy once every health check passes; null before the first check or while not running.</summary>
    public HealthStatus? HealthStatus { get; init; }

    public int? ExitCode { get; init; }

    public DateTime? StartTimeStamp { get; init; }

    public DateTime? StopTimeStamp { get; init; }

    public ImmutableArray<ResourcePropertySnapshot> Properties { get; init; } = [];
}
