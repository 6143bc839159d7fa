using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

public sealed class ParameterTests : IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("apphost-parameters-");

    [Fact]
    public async Task A_generated_value_is_kept_and_read_back_by_the_next_run()
    {
        var first = await ValueOf(NewBuilder());
        var second = await ValueOf(NewBuilder());

        Assert.Matches("^[A-Za-z0-9]{32}$", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_configured_value_wins_and_is_not_stored()
    {
        var builder = NewBuilder();
        builder.Configuration["Parameters:token"] = "from-configuration";

        Assert.Equal("from-configuration", await ValueOf(builder));
        Assert.False(File.Exists(Path.Combine(_state.FullName, "parameters.json")));
    }

    [Fact]
    public async Task A_parameter_without_a_value_or_default_says_which_key_is_missing()
    {
        var parameter = NewBuilder().AddParameter("required", secret: true);

        var missing = await Assert.ThrowsAsync<MissingParameterValueException>(async () => await parameter.Resource.GetValueAsync());
        Assert.Contains("Parameters:required", missing.Message);
    }

    public void Dispose() => _state.Delete(recursive: true);

    private IDistributedApplicationBuilder NewBuilder()
    {
        var builder = DistributedApplication.CreateBuilder();
        builder.Configuration["AppHost:StateDirectory"] = _state.FullName;
        return builder;
    }

    private static async Task<string?> ValueOf(IDistributedApplicationBuilder builder) =>
        await builder.AddParameter("token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
            .Resource.GetValueAsync();
}
