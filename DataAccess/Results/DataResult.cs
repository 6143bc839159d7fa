using System.Text.Json.Serialization;

namespace DataAccess;

// The one result shape of every data-access operation: { success, data, error, code }.
// Expected failures (not found, duplicates, bad input, unavailable storage) come back as a
// result with a code; they are not thrown.
public sealed record DataResult<T>
{
    public bool Success { get; init; }

    // Not WhenWritingNull, which is invalid for a value-type T (a cost) and makes serializing
    // the result throw; for a reference type the two are the same.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public T? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    // For bad input: which field was wrong.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    public static DataResult<T> Ok(T data) => new() { Success = true, Data = data };

    public static DataResult<T> Fail(DatabaseError error) =>
        new() { Success = false, Error = error.Message, Code = error.Code, Field = error.Field };

    // The data of a successful result; throws the error of a failed one.
    public T Unwrap() => Success ? Data! : throw new DatabaseError(Code!, Error!, Field);
}

// For operations that return no data.
public sealed record DataResult
{
    public bool Success { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    public static DataResult Ok() => new() { Success = true };

    public static DataResult Fail(DatabaseError error) =>
        new() { Success = false, Error = error.Message, Code = error.Code, Field = error.Field };

    public void EnsureSuccess()
    {
        if (!Success)
        {
            throw new DatabaseError(Code!, Error!, Field);
        }
    }
}
