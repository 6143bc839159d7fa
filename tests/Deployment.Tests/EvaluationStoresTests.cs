using k8s.Models;

namespace Deployment.Tests;

// The evaluation overlay's own PostgreSQL and Redis.
public sealed class EvaluationStoresTests
{
    [Theory]
    [InlineData("postgres", "/var/lib/postgresql/data")]
    [InlineData("redis", "/data")]
    public async Task Each_store_is_a_StatefulSet_keeping_its_data_on_a_persistent_volume(string name, string dataPath)
    {
        var rendered = await RenderedOverlay.LoadAsync("evaluation");

        var store = rendered.Single<V1StatefulSet>(name);
        var claim = Assert.Single(store.Spec.VolumeClaimTemplates);
        Assert.NotNull(claim.Spec.Resources.Requests["storage"]);
        var container = Assert.Single(store.Spec.Template.Spec.Containers);
        Assert.Contains(container.VolumeMounts, mount => mount.Name == claim.Name() && mount.MountPath == dataPath);
        Assert.NotNull(container.ReadinessProbe);
    }

    [Fact]
    public async Task Redis_keeps_an_append_only_file_and_requires_a_password_from_a_Secret()
    {
        var rendered = await RenderedOverlay.LoadAsync("evaluation");
        var redis = Assert.Single(rendered.Single<V1StatefulSet>("redis").Spec.Template.Spec.Containers);

        var arguments = string.Join(' ', redis.Args);
        Assert.Contains("--appendonly yes", arguments);
        Assert.Contains("--dir /data", arguments);
        Assert.Contains("--requirepass $(REDIS_PASSWORD)", arguments);
        Assert.NotNull(redis.Env.Single(variable => variable.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef);
    }

    [Fact]
    public async Task PostgreSQL_takes_its_password_from_a_Secret()
    {
        var rendered = await RenderedOverlay.LoadAsync("evaluation");
        var postgres = Assert.Single(rendered.Single<V1StatefulSet>("postgres").Spec.Template.Spec.Containers);

        Assert.NotNull(postgres.Env.Single(variable => variable.Name == "POSTGRES_PASSWORD").ValueFrom.SecretKeyRef);
    }

    [Fact]
    public async Task Bring_your_own_runs_no_store_of_its_own()
    {
        var rendered = await RenderedOverlay.LoadAsync("external");

        Assert.Empty(rendered.All<V1StatefulSet>());
        Assert.Empty(rendered.All<V1PersistentVolumeClaim>());
    }
}
