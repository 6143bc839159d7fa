using DataAccess.Validation;

namespace DataAccess.Sessions;

public static class SessionRules
{
    public const int DefaultTtlSeconds = 86_400;
    public const int MaxTtlSeconds = 30 * 86_400;
    public const int MaxDataBytes = 64 * 1024;
    public const int MaxUserIdLength = 200;

    public static void ValidateCreate(CreateSessionRequest request)
    {
        InputRules.Validate(request);
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            throw DatabaseError.Invalid("userId", "is required.");
        }

        if (request.UserType is not ("admin" or "user"))
        {
            throw DatabaseError.Invalid("userType", "must be admin or user.");
        }

        ValidateTtl(request.TtlSeconds, "ttlSeconds");
        ValidateData(request.SessionData);
    }

    public static void ValidateUpdate(SessionUpdate update)
    {
        InputRules.Validate(update);
        ValidateTtl(update.ExtendTtlSeconds, "extendTTL");
        ValidateData(update.SessionData);
    }

    public static void ValidateToken(string sessionToken)
    {
        if (sessionToken is not { Length: >= 32 and <= 512 })
        {
            throw DatabaseError.Invalid("sessionToken", "must be 32 to 512 characters.");
        }
    }

    private static void ValidateTtl(int? seconds, string field)
    {
        if (seconds is < 1 or > MaxTtlSeconds)
        {
            throw DatabaseError.Invalid(field, $"must be between 1 and {MaxTtlSeconds} seconds.");
        }
    }

    private static void ValidateData(System.Text.Json.JsonElement? data)
    {
        if (data is { } value && (value.ValueKind != System.Text.Json.JsonValueKind.Object || value.GetRawText().Length > MaxDataBytes))
        {
            throw DatabaseError.Invalid("sessionData", $"must be a JSON object of at most {MaxDataBytes} bytes.");
        }
    }
}
