using Aspire.Hosting.ApplicationModel;

namespace AppHost.Hosting.Parameters;

/// <summary>A default worked out once by <paramref name="inner"/> and then read back from the parameter file on later runs.</summary>
internal sealed class PersistentParameterDefault(string key, ParameterDefault inner, AppHostDirectories directories) : ParameterDefault
{
    public override string GetDefaultValue() => new ParameterStore(directories.ParameterFile).GetOrAdd(key, inner.GetDefaultValue);
}
