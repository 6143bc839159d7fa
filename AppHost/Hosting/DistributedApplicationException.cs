namespace Aspire.Hosting;

/// <summary>The app could not do what was asked: a resource failed, a dependency never became ready.</summary>
public class DistributedApplicationException(string message, Exception? innerException = null) : Exception(message, innerException);
