namespace Aspire.Hosting.ApplicationModel;

/// <summary>A parameter has neither a configured value nor a default.</summary>
public sealed class MissingParameterValueException(string message) : DistributedApplicationException(message);
