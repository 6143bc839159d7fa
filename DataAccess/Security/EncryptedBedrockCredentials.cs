using System.Text.Json.Serialization;

namespace DataAccess.Security;

// The awsCredentials member of a legacy bedrock_account:{id} document when encrypted:
// both parts are lowercase hex.
public sealed record EncryptedBedrockCredentials(
    [property: JsonPropertyName("encrypted")] string Encrypted,
    [property: JsonPropertyName("iv")] string Iv);
