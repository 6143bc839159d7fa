namespace Aspire.Hosting.ApplicationModel;

/// <summary>Where a parameter's value comes from when configuration has none.</summary>
public abstract class ParameterDefault
{
    public abstract string GetDefaultValue();
}
