namespace MigrationService.Backfill.Mapping;

// Where a legacy secret field goes in the AccountSecrets document.
internal enum SecretSlot
{
    AccessToken,
    RefreshToken,
    IdToken,

    // AccountSecrets.Other, under the legacy field name.
    Other,
}
