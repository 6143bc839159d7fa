using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Tests.Npgsql;

public sealed class Note
{
    public int Id { get; set; }

    public required string Text { get; set; }
}

public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();
}

// A second context type, for settings sections named after the context.
public sealed class ArchiveContext(DbContextOptions<ArchiveContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();
}
