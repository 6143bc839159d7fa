namespace Aspire.Hosting.ApplicationModel;

/// <summary>The address an endpoint got when the app started.</summary>
public sealed record AllocatedEndpoint(string UriScheme, string Host, int Port)
{
    public string UriString => $"{UriScheme}://{Host}:{Port}";
}
