namespace DataService.Tests.Faults;

// The scenarios run one after the other: each starts its own servers and DataService
// processes and times its fault by the traffic it sees, which other scenarios competing for
// the two cores would only blur.
[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    public const string Name = "Fault scenarios";
}
