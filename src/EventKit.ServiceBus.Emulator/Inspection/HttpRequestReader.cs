using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EventKit.ServiceBus.Emulator.Inspection;

/// <summary>
/// Reads one HTTP/1.1 request: the head up to <see cref="MaxHeadBytes"/> and a body of at most <see cref="MaxBodyBytes"/>
/// given by Content-Length. Anything else (chunked bodies, oversize requests) is refused with a specific error.
/// </summary>
internal static class HttpRequestReader
{
    public const int MaxHeadBytes = 16 * 1024;
    public const int MaxBodyBytes = 1024 * 1024;

    /// <exception cref="InvalidDataException">The request is malformed or too large; the message says why.</exception>
    public static async Task<HttpRequest> ReadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                throw new InvalidDataException($"The request head exceeds {MaxHeadBytes} bytes.");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException("The connection closed before the request head ended.");
            }

            length += read;
        }

        var lines = Encoding.ASCII.GetString(buffer, 0, headEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 3)
        {
            throw new InvalidDataException("The request line is not 'METHOD target HTTP/1.1'.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException("Chunked request bodies are not supported; send Content-Length.");
        }

        var bodyLength = 0;
        if (headers.TryGetValue("Content-Length", out var declared)
            && (!int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out bodyLength) || bodyLength > MaxBodyBytes))
        {
            throw new InvalidDataException($"Content-Length must be a number of bytes up to {MaxBodyBytes}.");
        }

        var body = new byte[bodyLength];
        var already = Math.Min(length - (headEnd + 4), bodyLength);
        buffer.AsSpan(headEnd + 4, already).CopyTo(body);
        if (already < bodyLength)
        {
            await stream.ReadExactlyAsync(body.AsMemory(already), cancellationToken).ConfigureAwait(false);
        }

        var (path, query) = SplitTarget(requestLine[1]);
        return new HttpRequest(requestLine[0].ToUpperInvariant(), path, query, headers, Encoding.UTF8.GetString(body));
    }

    private static (string Path, Dictionary<string, string> Query) SplitTarget(string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            target = absolute.PathAndQuery;
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? target : target[..question];
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (question >= 0)
        {
            foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                query[name] = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return (Uri.UnescapeDataString(rawPath).Trim('/'), query);
    }
}
