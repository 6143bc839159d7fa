namespace Aspire.Hosting.ApplicationModel;

/// <summary>What the app model's fluent calls (WithReference, WaitFor, ...) work on.</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    IDistributedApplicationBuilder ApplicationBuilder { get; }

    T Resource { get; }

    IResourceBuilder<T> WithAnnotation<TAnnotation>(TAnnotation annotation) where TAnnotation : IResourceAnnotation;
}
