using System.Diagnostics;

namespace EventKit.Functions.Testing.Azurite;

/// <summary>
/// Makes Azurite stop with the process that started it. Azurite runs with its standard input a pipe from that process;
/// a small script Node loads first (<c>NODE_OPTIONS=--require</c>) stops Azurite the way Ctrl+C does when the pipe
/// closes: when the process disposes it, exits, or is killed. Stopping that way lets Azurite save a data directory;
/// killed instead, it loses the writes of its last seconds (it saves them every five), and an orphan would keep the
/// ports and the directory from the next run.
/// </summary>
internal static class AzuriteParentWatch
{
    // Azurite listens for SIGTERM only once all its services run, which can be seconds after its ports open; the stop
    // waits for that. The fallback exit bounds a stop that open connections hold up; by then Azurite has usually saved.
    private const string Script = """
        // EventKit: stop Azurite (as Ctrl+C does, so it saves its data) when the process that started it is gone.
        // Its output pipes are gone with that process, and Azurite's stop logs "closing...": without these handlers the
        // failed write (EPIPE) would end Azurite before it saved.
        process.stdout.on('error', () => {});
        process.stderr.on('error', () => {});
        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          setTimeout(() => process.exit(0), 20000).unref();
          const whenListening = () => process.listenerCount('SIGTERM') > 0 ? process.emit('SIGTERM') : setTimeout(whenListening, 100);
          whenListening();
        };
        process.stdin.on('end', stop);
        process.stdin.on('error', stop);
        process.stdin.resume();
        """;

    /// <summary>Sets up <paramref name="startInfo"/> so that the Azurite it starts watches this process.</summary>
    public static void Apply(ProcessStartInfo startInfo)
    {
        startInfo.RedirectStandardInput = true;
        var script = ScriptPath();
        var inherited = Environment.GetEnvironmentVariable("NODE_OPTIONS");
        startInfo.Environment["NODE_OPTIONS"] = $"{inherited} --require \"{script}\"".TrimStart();
    }

    /// <summary>Asks an Azurite started with <see cref="Apply"/> to stop, by closing its standard input.</summary>
    public static void RequestStop(Process process) => process.StandardInput.Close();

    private static string ScriptPath()
    {
        // Written whole, then renamed, so that concurrent starts never read half a script.
        var path = Path.Combine(Path.GetTempPath(), "eventkit-azurite-parent-watch-v3.js");
        if (!File.Exists(path) || File.ReadAllText(path) != Script)
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, Script);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }
}
