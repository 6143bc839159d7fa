namespace Deployment.Tests;

// Theory data: the name of every overlay under deploy/overlays.
public sealed class Overlays : TheoryData<string>
{
    public Overlays()
    {
        foreach (var overlay in Repository.Overlays())
        {
            Add(overlay);
        }
    }
}
