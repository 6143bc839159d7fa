namespace Aspire.Hosting.ApplicationModel;

/// <summary>Marks a type that can be attached to a resource.</summary>
public interface IResourceAnnotation;
