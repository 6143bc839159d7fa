using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace DataAccess.Remote;

// A query string in the form the DataService's endpoints bind: absent values are left out,
// dates in round-trip format, enums by their wire names.
internal sealed class QueryParameters
{
    private readonly QueryBuilder _query = [];

    public QueryParameters Add(string name, string? value)
    {
        if (value is not null)
        {
            _query.Add(name, value);
        }

        return this;
    }

    public QueryParameters Add(string name, bool? value) => Add(name, value is { } flag ? (flag ? "true" : "false") : null);

    public QueryParameters Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryParameters Add(string name, Guid? value) => Add(name, value?.ToString("D"));

    public QueryParameters Add(string name, DateTimeOffset value) => Add(name, value.ToString("O", CultureInfo.InvariantCulture));

    public QueryParameters AddEnum<TEnum>(string name, TEnum value) where TEnum : struct, Enum => Add(name, DataServiceJson.NameOf(value));

    public QueryParameters AddEnum<TEnum>(string name, TEnum? value) where TEnum : struct, Enum =>
        Add(name, value is { } set ? DataServiceJson.NameOf(set) : null);

    public string AppendTo(string path) => path + _query.ToQueryString();
}
