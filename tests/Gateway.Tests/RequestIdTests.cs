using Gateway.Routing;

namespace Gateway.Tests;

public sealed class RequestIdTests
{
    [Fact]
    public void An_id_is_a_version_7_uuid_of_its_millisecond()
    {
        var now = DateTimeOffset.Parse("2026-12-07T11:30:15.123Z", System.Globalization.CultureInfo.InvariantCulture);

        var id = RequestIds.Next(now);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var bytes = id.ToByteArray(bigEndian: true);
        var milliseconds = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        Assert.Equal(now.ToUnixTimeMilliseconds(), milliseconds);
    }

    [Fact]
    public void Ids_are_unique_and_sort_by_time()
    {
        var start = DateTimeOffset.Parse("2026-12-07T11:30:15Z", System.Globalization.CultureInfo.InvariantCulture);
        var ids = new List<Guid>();
        for (var millisecond = 0; millisecond < 100; millisecond++)
        {
            for (var i = 0; i < 1000; i++)
            {
                ids.Add(RequestIds.Next(start.AddMilliseconds(millisecond)));
            }
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(
            ids.Select(id => id.ToByteArray(bigEndian: true)[..6]).Select(Convert.ToHexString),
            ids.Select(id => id.ToByteArray(bigEndian: true)[..6]).Select(Convert.ToHexString).Order(StringComparer.Ordinal));
    }
}
