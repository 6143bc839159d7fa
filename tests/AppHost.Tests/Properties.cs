// Each test starts the whole app; two at once would only compete for the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
