namespace DataService.Tests.Monitoring;

// Polls until a condition holds or a generous deadline passes; timing is never asserted.
internal static class Eventually
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last seen: {value}");
            }

            await Task.Delay(s_pollInterval);
        }
    }

    // Does `step` over and over until the condition holds: for conditions that need traffic.
    public static async Task WhileAsync(Func<Task> step, Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await step();
            await Task.Delay(s_pollInterval);
        }
    }
}
