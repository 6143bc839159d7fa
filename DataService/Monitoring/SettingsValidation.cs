using Microsoft.Extensions.Options;

namespace DataService.Monitoring;

// Fails start-up with the first problem a settings class finds in itself.
internal sealed class SettingsValidation<TOptions>(Func<TOptions, string?> problem) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        problem(options) is { } message ? ValidateOptionsResult.Fail($"{MonitoringOptions.SectionName}: {message}") : ValidateOptionsResult.Success;
}
