using System.Text.Json;
using System.Text.RegularExpressions;
using AppHost.Tests.Support;

namespace AppHost.Tests;

// The Aspire manifest azd deploys from, as `dotnet run --project AppHost -- --publisher
// manifest` writes it: publish mode, so PostgreSQL and Redis are Aspire's container resources
// and every secret is a parameter.
public sealed partial class ManifestTests : IClassFixture<ManifestTests.PublishedManifest>
{
    // What each service reads from its environment, and so must find bound in the manifest.
    public static TheoryData<string, string> BoundVariables => new()
    {
        { "migration", "ConnectionStrings__postgres" },
        { "migration", "Security__EncryptionKey" },
        { "dataservice", "ConnectionStrings__postgres" },
        { "dataservice", "ConnectionStrings__redis" },
        { "dataservice", "Security__EncryptionKey" },
        { "dataservice", "DataService__Auth__AdminTokens__0" },
        { "dataservice", "DataService__Auth__ServiceTokens__0" },
        { "gateway", "ConnectionStrings__redis" },
        { "gateway", "Security__EncryptionKey" },
        { "gateway", "services__dataservice__http__0" },
        { "gateway", "DataService__Client__Token" },
    };

    private readonly JsonElement _resources;

    public ManifestTests(PublishedManifest manifest) => _resources = manifest.Document.RootElement.GetProperty("resources");

    [Theory]
    [InlineData("migration", "project.v0")]
    [InlineData("dataservice", "project.v0")]
    [InlineData("gateway", "project.v0")]
    [InlineData("postgres-server", "container.v0")]
    [InlineData("postgres", "value.v0")]
    [InlineData("redis", "container.v0")]
    [InlineData("encryption-key", "parameter.v0")]
    [InlineData("admin-token", "parameter.v0")]
    [InlineData("service-token", "parameter.v0")]
    public void Every_project_the_database_the_cache_and_the_secrets_are_resources(string name, string type)
    {
        Assert.True(_resources.TryGetProperty(name, out var resource), $"No resource {name} in the manifest.");
        Assert.Equal(type, resource.GetProperty("type").GetString());
    }

    [Fact]
    public void PostgreSQL_and_Redis_are_the_standard_container_images_and_the_database_is_relay()
    {
        Assert.StartsWith("docker.io/library/postgres:", _resources.GetProperty("postgres-server").GetProperty("image").GetString());
        Assert.StartsWith("docker.io/library/redis:", _resources.GetProperty("redis").GetProperty("image").GetString());
        Assert.EndsWith(";Database=relay", _resources.GetProperty("postgres").GetProperty("connectionString").GetString());
    }

    [Theory]
    [MemberData(nameof(BoundVariables))]
    public void Every_variable_a_service_reads_is_bound_to_a_resource_or_parameter(string service, string variable)
    {
        var environment = _resources.GetProperty(service).GetProperty("env");

        Assert.True(environment.TryGetProperty(variable, out var value), $"{service} has no {variable}.");
        Assert.Matches(BindingExpression(), value.GetString());
    }

    [Theory]
    [InlineData("encryption-key")]
    [InlineData("admin-token")]
    [InlineData("service-token")]
    [InlineData("postgres-server-password")]
    [InlineData("redis-password")]
    public void Secrets_are_secret_parameters_generated_at_deployment_never_values(string name)
    {
        var parameter = _resources.GetProperty(name);
        var input = parameter.GetProperty("inputs").GetProperty("value");

        Assert.Equal($"{{{name}.inputs.value}}", parameter.GetProperty("value").GetString());
        Assert.True(input.GetProperty("secret").GetBoolean());
        Assert.True(input.GetProperty("default").TryGetProperty("generate", out _), $"{name} is not generated at deployment.");
    }

    [Fact]
    public void No_connection_string_or_variable_carries_a_literal_password_or_token()
    {
        foreach (var resource in _resources.EnumerateObject())
        {
            if (resource.Value.TryGetProperty("connectionString", out var connectionString))
            {
                Assert.DoesNotMatch(LiteralSecret(), connectionString.GetString());
            }

            if (resource.Value.TryGetProperty("env", out var environment))
            {
                foreach (var variable in environment.EnumerateObject())
                {
                    Assert.DoesNotMatch(LiteralSecret(), variable.Value.GetString());
                }
            }
        }
    }

    // {resource.connectionString}, {parameter.value}, {service.bindings.http.url} and the like.
    [GeneratedRegex(@"^\{[a-z-]+\.[A-Za-z.]+\}$")]
    private static partial Regex BindingExpression();

    // password=, Password= or a token followed by anything but a {binding}.
    [GeneratedRegex(@"(?i)(password|token)=[^{]")]
    private static partial Regex LiteralSecret();

    public sealed class PublishedManifest : IAsyncLifetime
    {
        private readonly string _file = Path.Combine(Path.GetTempPath(), $"aspire-manifest-{Guid.NewGuid():N}.json");

        public JsonDocument Document { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            using var command = AppHostCommand.Start(new Dictionary<string, string>(), "--publisher", "manifest", "--output-path", _file);
            var exitCode = await command.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"The AppHost exited with {exitCode}:{Environment.NewLine}{command.Output}");
            Document = JsonDocument.Parse(await File.ReadAllTextAsync(_file));
        }

        public Task DisposeAsync()
        {
            Document.Dispose();
            File.Delete(_file);
            return Task.CompletedTask;
        }
    }
}
