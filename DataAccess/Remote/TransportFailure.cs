using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DataAccess.Remote;

// What a call of the DataService that got no answer means for the caller: the service
// could not be reached, or did not answer in time. Cancellation by the caller is no failure
// and is left to propagate, as is anything else (a bug, or configuration service discovery
// cannot resolve).
internal static class TransportFailure
{
    public static DatabaseError? From(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutRejectedException or OperationCanceledException =>
            new DatabaseError(DatabaseErrorCode.ConnectionTimeout, "The DataService did not answer in time.", innerException: exception),
        BrokenCircuitException =>
            new DatabaseError(DatabaseErrorCode.ConnectionFailed, "Too many recent calls of the DataService failed; calls fail at once for a short while.", innerException: exception),
        HttpRequestException or IOException =>
            new DatabaseError(DatabaseErrorCode.ConnectionFailed, $"The DataService could not be reached: {exception.Message}", innerException: exception),
        _ => null,
    };
}
