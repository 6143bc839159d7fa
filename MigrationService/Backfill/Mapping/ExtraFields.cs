namespace MigrationService.Backfill.Mapping;

// The fields of a legacy hash that our columns do not reproduce, for the extra column: fields
// no column holds, and mapped fields whose stored text differs from what formatting the column
// back gives (a junk number read as 0, an unparsable timestamp, "null" where "" is meant). So a
// migrated record keeps every stored value, and well-formed records keep an empty extra.
internal sealed class ExtraFields(IReadOnlyDictionary<string, string> fields, ISet<string> elsewhere)
{
    private readonly Dictionary<string, Func<string>> _reproductions = new(StringComparer.Ordinal);

    // A field held by a column; reproduce formats the column's value back into legacy text.
    public ExtraFields Mapped(string field, Func<string> reproduce)
    {
        _reproductions[field] = reproduce;
        return this;
    }

    public string ToJson() => RawJson.Of(
        fields.Where(field => !elsewhere.Contains(field.Key)
            && (!_reproductions.TryGetValue(field.Key, out var reproduce) || reproduce() != field.Value)));
}
