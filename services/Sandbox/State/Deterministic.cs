using System.Text;

namespace Connectors.Sandbox.State;

/// <summary>Stable pseudo-random numbers: the same inputs give the same values in every process.</summary>
internal static class Deterministic
{
    public static ulong Seed(string product, string accountId) => Hash($"{product}:{accountId}");

    public static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return Mix(hash);
    }

    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    public static ulong Value(ulong seed, string salt, long index) =>
        Mix(seed ^ Hash(salt) ^ Mix((ulong)index));

    public static int Range(ulong seed, string salt, long index, int min, int maxExclusive) =>
        min + (int)(Value(seed, salt, index) % (ulong)(maxExclusive - min));

    public static string Base62(ulong seed, string salt, long index, int length)
    {
        const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[(int)(Value(seed, salt + i, index) % 62)];
        }

        return new string(chars);
    }
}
