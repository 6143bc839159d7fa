using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataAccess.Validation;

// The checks every input goes through before the rules of its own operation: a required
// value or list entry is present, text holds only characters PostgreSQL and Redis can store,
// and lengths, counts and numbers stay within the field's declared bounds ([MaxLength],
// [Range]) or InputLimits' defaults. It walks a request object's properties, so a new field
// is held to the same bounds without anyone having to remember it. Failures name the field
// as the caller wrote it ("restrictions.allowedClients[3]").
//
// Hand-written because the framework's validation (Microsoft.Extensions.Validation) answers
// with ProblemDetails rather than our envelope and knows nothing of the characters the
// stores refuse; the bounds themselves are the standard DataAnnotations attributes.
public static class InputRules
{
    private static readonly ConcurrentDictionary<Type, InputProperty[]> s_properties = new();
    private static readonly NullabilityInfoContext s_nullability = new();
    private static readonly object s_nullabilityLock = new();

    // Checks a whole request object (or a single route, query or header value) named field;
    // an empty field means the properties are top-level names.
    public static void Validate(object? value, string field = "") =>
        Walk(value, new FieldName(field), required: false, attributes: []);

    private static void ValidateText(string value, FieldName field, int maxLength = InputLimits.DefaultTextLength)
    {
        if (value.Length > maxLength)
        {
            throw DatabaseError.Invalid(field.ToString(), $"must be at most {maxLength} characters.");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var character = value[i];
            if (character == '\0')
            {
                throw DatabaseError.Invalid(field.ToString(), "must not contain NUL characters.");
            }

            if (char.IsHighSurrogate(character) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(character))
            {
                throw DatabaseError.Invalid(field.ToString(), "must not contain unpaired surrogate characters (not valid Unicode text).");
            }
        }
    }

    private static void Walk(object? value, FieldName field, bool required, ValidationAttribute[] attributes)
    {
        if (value is null)
        {
            if (required)
            {
                throw DatabaseError.Invalid(field.ToString(), "is required and must not be null.");
            }

            return;
        }

        // An Optional property's bounds and required flag are its value's.
        if (value is IOptional optional)
        {
            if (optional.HasValue)
            {
                Walk(optional.Value, field, required, attributes);
            }

            return;
        }

        foreach (var attribute in attributes)
        {
            if (!attribute.IsValid(value))
            {
                throw DatabaseError.Invalid(field.ToString(), Describe(attribute, value));
            }
        }

        switch (value)
        {
            case string text:
                ValidateText(text, field, attributes.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length ?? InputLimits.DefaultTextLength);
                return;
            case JsonElement json:
                WalkJson(json, field);
                return;
            case Enum:
                if (!Enum.IsDefined(value.GetType(), value))
                {
                    throw DatabaseError.Invalid(field.ToString(), "is not one of the allowed names.");
                }

                return;
            case IDictionary dictionary:
                CheckCount(dictionary.Count, field, attributes);
                var dictionaryName = field.ToString();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString() ?? "";
                    ValidateText(key, field);
                    Walk(entry.Value, new FieldName($"{dictionaryName}.{key}"), required: false, attributes: []);
                }

                return;
            case IEnumerable items:
                var listName = field.ToString();
                var index = 0;
                foreach (var item in items)
                {
                    CheckCount(index + 1, field, attributes);
                    Walk(item, new FieldName(listName, Index: index), required: true, attributes: []);
                    index++;
                }

                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsValueType && type.Namespace == "System")
        {
            return;
        }

        var objectName = field.ToString();
        foreach (var property in s_properties.GetOrAdd(type, Describe))
        {
            if (property.HasChecks)
            {
                Walk(property.Info.GetValue(value), new FieldName(objectName, property.Name), property.Required, property.Attributes);
            }
        }
    }

    private static void WalkJson(JsonElement json, FieldName field)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                ValidateText(Unescaped(() => json.GetString()!, field), field, InputLimits.JsonTextLength);
                break;
            case JsonValueKind.Object:
                var objectName = field.ToString();
                foreach (var property in json.EnumerateObject())
                {
                    var name = Unescaped(() => property.Name, field);
                    ValidateText(name, field);
                    WalkJson(property.Value, new FieldName(objectName, name));
                }

                break;
            case JsonValueKind.Array:
                var arrayName = field.ToString();
                var index = 0;
                foreach (var item in json.EnumerateArray())
                {
                    WalkJson(item, new FieldName(arrayName, Index: index++));
                }

                break;
        }
    }

    // A JSON escape of half a surrogate pair parses, but is no text: reading it throws.
    private static string Unescaped(Func<string> read, FieldName field)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            throw DatabaseError.Invalid(field.ToString(), "must not contain unpaired surrogate characters (not valid Unicode text).");
        }
    }

    private static void CheckCount(int count, FieldName field, ValidationAttribute[] attributes)
    {
        var limit = attributes.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length ?? InputLimits.DefaultItemCount;
        if (count > limit)
        {
            throw DatabaseError.Invalid(field.ToString(), $"must hold at most {limit} entries.");
        }
    }

    private static string Describe(ValidationAttribute attribute, object value) => attribute switch
    {
        RangeAttribute range => $"must be between {range.Minimum} and {range.Maximum}.",
        MaxLengthAttribute length => value is string ? $"must be at most {length.Length} characters." : $"must hold at most {length.Length} entries.",
        _ => attribute.FormatErrorMessage("the value").TrimEnd('.') + ".",
    };

    private static InputProperty[] Describe(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is not null && property.GetIndexParameters().Length == 0 && property.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(property => new InputProperty(
                property,
                property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name),
                IsRequired(property),
                [.. property.GetCustomAttributes<ValidationAttribute>()]))];

    // A plain value (a number, a Guid, a time) without bounds cannot fail a check, so it is
    // not even read.
    private static bool IsPlainValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsValueType && underlying.Namespace == "System";
    }

    // Nullable annotations say which properties may be null; NullabilityInfoContext is not
    // thread-safe, and this runs once per type.
    private static bool IsRequired(PropertyInfo property)
    {
        var type = property.PropertyType;
        var optional = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);
        if ((optional ? type.GetGenericArguments()[0] : type).IsValueType)
        {
            return false;
        }

        lock (s_nullabilityLock)
        {
            var nullability = s_nullability.Create(property);
            return (optional ? nullability.GenericTypeArguments[0].ReadState : nullability.WriteState) == NullabilityState.NotNull;
        }
    }

    private sealed record InputProperty(PropertyInfo Info, string Name, bool Required, ValidationAttribute[] Attributes)
    {
        public bool HasChecks { get; } = Required || Attributes.Length > 0 || !IsPlainValue(Info.PropertyType);
    }

    // A field's name as the caller wrote it ("restrictions.allowedClients[3]"), put together
    // only when it is needed: for a failure, or as the parent of nested fields.
    private readonly record struct FieldName(string Parent, string? Name = null, int Index = -1)
    {
        public override string ToString() =>
            Name is not null ? (Parent.Length == 0 ? Name : $"{Parent}.{Name}")
            : Index >= 0 ? $"{Parent}[{Index}]"
            : Parent;
    }
}
