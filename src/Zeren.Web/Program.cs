using Zeren.Web.Hosting;

// zeren                 start the web app (migrates the database first)
// zeren --demo          start, loading the demo county into an empty database
// zeren migrate         apply database migrations and exit
// zeren demo            replace the database's contents with the demo county and exit
// zeren accounts add U R [orgCode]   create an account (role R) and print its one-time password
// zeren audit verify    check the audit log's hash chain; exit 1 when broken
// zeren keys new        add a personal-data key and make it current (key file), or print one to configure
// zeren keys rotate     re-encrypt every ID number and mobile not under the current key
// zeren backup <file> [--include-keys]   write the database, uploads and a manifest to one archive (SQLite)
// zeren restore <file> [--force]         restore such an archive into the data folder (SQLite)
var (command, hostArgs) = CommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(hostArgs);
try
{
    builder.AddZeren();
}
catch (DataFolderNotWritableException e)
{
    // One sentence for the operator, not a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}
var app = builder.Build();
if (CommandLine.RunsBeforeStart(command))
{
    // Backup and restore touch nothing the start would create (keys, the database).
    return await CommandLine.RunAsync(app, command, hostArgs);
}
app.UseZeren();
return await CommandLine.RunAsync(app, command, hostArgs);

/// <summary>The entry point, named for WebApplicationFactory.</summary>
public partial class Program;
