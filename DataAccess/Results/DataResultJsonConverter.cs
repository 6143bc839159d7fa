using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataAccess;

// { success, data, error, code, field }: data only on success (even when it is 0 or false),
// the error fields only on failure.
internal sealed class DataResultJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(DataResult<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(DataResultJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class DataResultJsonConverter<T> : JsonConverter<DataResult<T>>
    {
        public override DataResult<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A result must be a JSON object.");
            }

            bool? success = null;
            T? data = default;
            string? error = null, code = null, field = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "success":
                        success = reader.GetBoolean();
                        break;
                    case "data":
                        data = JsonSerializer.Deserialize<T>(ref reader, options);
                        break;
                    case "error":
                        error = reader.GetString();
                        break;
                    case "code":
                        code = reader.GetString();
                        break;
                    case "field":
                        field = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return success == true
                ? DataResult<T>.Ok(data!)
                : new DataResult<T> { Success = false, Error = error, Code = code, Field = field };
        }

        public override void Write(Utf8JsonWriter writer, DataResult<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteBoolean(Name("success", options), value.Success);
            if (value.Success)
            {
                writer.WritePropertyName(Name("data", options));
                JsonSerializer.Serialize(writer, value.Data, options);
            }
            else
            {
                WriteIfSet(writer, Name("error", options), value.Error);
                WriteIfSet(writer, Name("code", options), value.Code);
                WriteIfSet(writer, Name("field", options), value.Field);
            }

            writer.WriteEndObject();
        }

        private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
        {
            if (value is not null)
            {
                writer.WriteString(name, value);
            }
        }

        private static string Name(string name, JsonSerializerOptions options) => options.PropertyNamingPolicy?.ConvertName(name) ?? name;
    }
}
