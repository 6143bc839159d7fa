namespace ServiceDefaults.Tests.Telemetry;

// Exports leave on background timers, so tests poll for them; the deadline only bounds a
// failing test, a passing one returns as soon as the condition holds.
internal static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task AssertAsync(Func<bool> condition, string failureMessage)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail(failureMessage);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
