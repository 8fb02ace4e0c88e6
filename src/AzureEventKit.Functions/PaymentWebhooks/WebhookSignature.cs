using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>
/// The webhook signature scheme: <c>Webhook-Timestamp</c> carries Unix seconds, and <c>Webhook-Signature</c> carries
/// <c>v1=</c> plus the lowercase hex HMAC-SHA256, keyed with the shared secret, of the UTF-8 bytes
/// <c>{timestamp}.{raw body}</c>. Signing the timestamp with the body stops an attacker from moving a captured request
/// into a fresh time window; comparing in constant time stops the signature from being guessed byte by byte.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "Webhook-Timestamp";

    public const string SignatureHeader = "Webhook-Signature";

    public const string SchemePrefix = "v1=";

    /// <summary>The <c>Webhook-Signature</c> value for <paramref name="body"/> sent at <paramref name="timestamp"/> (what the provider computes).</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return SchemePrefix + Convert.ToHexStringLower(Mac(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>Checks the two headers against the body; anything but <see cref="WebhookVerification.Valid"/> is answered 401.</summary>
    public static WebhookVerification Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
        {
            return WebhookVerification.MissingHeaders;
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return WebhookVerification.MalformedTimestamp;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return WebhookVerification.OutsideTolerance;
        }

        if (!signatureHeader.StartsWith(SchemePrefix, StringComparison.Ordinal))
        {
            return WebhookVerification.BadSignature;
        }

        byte[] supplied;
        try
        {
            supplied = Convert.FromHexString(signatureHeader.AsSpan(SchemePrefix.Length));
        }
        catch (FormatException)
        {
            return WebhookVerification.BadSignature;
        }

        // FixedTimeEquals also returns false, in constant time, for a supplied value of the wrong length.
        return CryptographicOperations.FixedTimeEquals(supplied, Mac(secret, timestampHeader, body))
            ? WebhookVerification.Valid
            : WebhookVerification.BadSignature;
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}

/// <summary>The outcome of <see cref="WebhookSignature.Verify"/>.</summary>
public enum WebhookVerification
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,
    OutsideTolerance,
    BadSignature,
}
