using System.Numerics;
using Bridge.Adapters.Ethereum.Crypto;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Crypto;

/// <summary>
/// The native and managed backends must be interchangeable: identical signatures (RFC 6979 is deterministic), identical
/// recoveries and verdicts, and identical refusals of invalid input. The native backend must be present.
/// </summary>
[Trait("Category", "Unit")]
public sealed class Secp256k1EquivalenceTests
{
    // Field prime p (SEC 2 v2 §2.4.1), written here independently of the code under test.
    private static readonly BigInteger P = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger N = EthSignatureTests.N;

    private static readonly Gen<byte[]> Bytes32 = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 32);

    // Keys: mostly uniform, some near the ends of [1, n − 1] where reductions and carries differ.
    private static readonly Gen<byte[]> Keys = Gen.OneOf(
        Bytes32.Where(k => Secp256k1.IsValidPrivateKey(k)),
        Gen.Choose(1, 1000).Select(i => EthSignatureTests.Word(i)),
        Gen.Choose(1, 1000).Select(i => EthSignatureTests.Word(N - i)));

    // Hashes: uniform, plus 0, n − 1, n and values above n (the hash is reduced mod n in places).
    private static readonly Gen<byte[]> Hashes = Gen.OneOf(
        Bytes32,
        Bytes32,
        Gen.Elements(BigInteger.Zero, N - 1, N, N + 1, BigInteger.Pow(2, 256) - 1).Select(EthSignatureTests.Word));

    private static ISecp256k1Backend Native => Backends.Get(Backends.Native);

    private static ISecp256k1Backend Managed => Backends.Get(Backends.Managed);

    [Fact]
    public void SignRecoverVerify_RandomKeysAndHashes_AreIdenticalOnBothBackends()
    {
        var cases = Gen.Zip(Keys, Hashes);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(Arb.From(cases), pair =>
        {
            var (key, hash) = pair;
            var native = Secp256k1.Sign(Native, hash, key);
            var managed = Secp256k1.Sign(Managed, hash, key);
            native.ShouldBe(managed);

            var nativeKey = new byte[64];
            var managedKey = new byte[64];
            Secp256k1.GetPublicKey(Native, key, nativeKey);
            Secp256k1.GetPublicKey(Managed, key, managedKey);
            nativeKey.ShouldBe(managedKey);

            var nativeRecovered = new byte[64];
            var managedRecovered = new byte[64];
            Secp256k1.TryRecoverPublicKey(Native, hash, native, nativeRecovered).ShouldBeTrue();
            Secp256k1.TryRecoverPublicKey(Managed, hash, native, managedRecovered).ShouldBeTrue();
            nativeRecovered.ShouldBe(nativeKey);
            managedRecovered.ShouldBe(nativeKey);

            Secp256k1.Verify(Native, hash, native, nativeKey).ShouldBeTrue();
            Secp256k1.Verify(Managed, hash, native, nativeKey).ShouldBeTrue();
        }));
    }

    [Fact]
    public void RecoverVerify_RandomSignatures_GiveTheSameVerdictOnBothBackends()
    {
        // Arbitrary r, s, id and key bytes: mostly invalid or unrelated, sometimes in range. Both backends must agree
        // on every verdict and every recovered key.
        var ids = Gen.Choose(-1, 4);
        var cases = Gen.Zip(Gen.Zip(Bytes32, Bytes32), Gen.Zip(Gen.Zip(Hashes, ids), Gen.Zip(Bytes32, Bytes32)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Arb.From(cases), c =>
        {
            var ((r, s), ((hash, id), (x, y))) = c;

            // Half of the cases get a low s, so that recovery gets past the range checks.
            if ((hash[0] & 1) == 0)
            {
                s[0] &= 0x7F;
            }

            AssertSameVerdicts([.. r, .. s], hash, id, [.. x, .. y]);
        }));
    }

    public static TheoryData<string> InvalidSignatures => new()
    {
        "r = 0", "s = 0", "r = n", "s = n", "r = 2^256 - 1", "s = 2^256 - 1", "high s", "s = n - 1",
        "id 2", "id 3", "id -1", "id 4", "r is no point's x",
    };

    [Theory]
    [MemberData(nameof(InvalidSignatures))]
    public void Recover_InvalidSignature_IsRefusedByBothBackends(string description)
    {
        var key = EthSignatureTests.Word(123456789);
        var hash = EthSignatureTests.Word(987654321);
        var valid = Secp256k1.Sign(Managed, hash, key);
        var r = valid.R.ToArray();
        var s = valid.S.ToArray();
        int id = valid.RecoveryId;
        switch (description)
        {
            case "r = 0": r = new byte[32]; break;
            case "s = 0": s = new byte[32]; break;
            case "r = n": r = EthSignatureTests.Word(N); break;
            case "s = n": s = EthSignatureTests.Word(N); break;
            case "r = 2^256 - 1": r = EthSignatureTests.Word(BigInteger.Pow(2, 256) - 1); break;
            case "s = 2^256 - 1": s = EthSignatureTests.Word(BigInteger.Pow(2, 256) - 1); break;
            case "high s": // the malleated twin (r, n − s) with the other id: valid ECDSA, refused by EIP-2
                s = EthSignatureTests.Word(N - new BigInteger(s, isUnsigned: true, isBigEndian: true));
                id ^= 1;
                break;
            case "s = n - 1": s = EthSignatureTests.Word(N - 1); break;
            case "id 2": id = 2; break;
            case "id 3": id = 3; break;
            case "id -1": id = -1; break;
            case "id 4": id = 4; break;
            default: r = EthSignatureTests.Word(NotAnXCoordinate()); break;
        }

        var publicKey = new byte[64];
        Native.TryRecover(hash, [.. r, .. s], id, publicKey).ShouldBeFalse();
        Managed.TryRecover(hash, [.. r, .. s], id, publicKey).ShouldBeFalse();

        // The untouched signature recovers on both, so the refusal above is about the change.
        Native.TryRecover(hash, [.. valid.R, .. valid.S], valid.RecoveryId, publicKey).ShouldBeTrue();
        Managed.TryRecover(hash, [.. valid.R, .. valid.S], valid.RecoveryId, publicKey).ShouldBeTrue();
        if (description is not ("id 2" or "id 3" or "id -1" or "id 4"))
        {
            Native.Verify(hash, [.. r, .. s], publicKey).ShouldBeFalse();
            Managed.Verify(hash, [.. r, .. s], publicKey).ShouldBeFalse();
        }
    }

    public static TheoryData<string> InvalidPublicKeys => new() { "(1, 1)", "x = p", "y = p", "(0, 0)", "y negated + 1" };

    [Theory]
    [MemberData(nameof(InvalidPublicKeys))]
    public void Verify_PublicKeyNotOnTheCurve_IsRefusedByBothBackends(string description)
    {
        var key = EthSignatureTests.Word(42);
        var hash = EthSignatureTests.Word(4242);
        var signature = Secp256k1.Sign(Native, hash, key);
        var valid = new byte[64];
        Secp256k1.GetPublicKey(Native, key, valid);
        var x = new BigInteger(valid.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(valid.AsSpan(32), isUnsigned: true, isBigEndian: true);
        byte[] bad = description switch
        {
            "(1, 1)" => [.. EthSignatureTests.Word(1), .. EthSignatureTests.Word(1)],
            "x = p" => [.. EthSignatureTests.Word(P), .. EthSignatureTests.Word(y)],
            "y = p" => [.. EthSignatureTests.Word(x), .. EthSignatureTests.Word(P)],
            "(0, 0)" => new byte[64],
            _ => [.. EthSignatureTests.Word(x), .. EthSignatureTests.Word(P - y + 1)],
        };

        Secp256k1.Verify(Native, hash, signature, valid).ShouldBeTrue();
        Secp256k1.Verify(Managed, hash, signature, valid).ShouldBeTrue();
        Secp256k1.Verify(Native, hash, signature, bad).ShouldBeFalse();
        Secp256k1.Verify(Managed, hash, signature, bad).ShouldBeFalse();
    }

    [Fact]
    public void NotAnXCoordinate_HasNoSquareRoot()
    {
        // Euler's criterion: (x³ + 7)^((p − 1)/2) ≡ −1 (mod p) means x³ + 7 is not a square, so no point has this x.
        var x = NotAnXCoordinate();
        BigInteger.ModPow((BigInteger.Pow(x, 3) + 7) % P, (P - 1) / 2, P).ShouldBe(P - 1);
        x.ShouldBeLessThan(N);
    }

    private static void AssertSameVerdicts(byte[] signature64, byte[] hash, int id, byte[] publicKey)
    {
        var nativeKey = new byte[64];
        var managedKey = new byte[64];
        var nativeRecovered = Native.TryRecover(hash, signature64, id, nativeKey);
        var managedRecovered = Managed.TryRecover(hash, signature64, id, managedKey);
        managedRecovered.ShouldBe(nativeRecovered);
        if (nativeRecovered)
        {
            managedKey.ShouldBe(nativeKey);
            Native.Verify(hash, signature64, nativeKey).ShouldBeTrue();
            Managed.Verify(hash, signature64, nativeKey).ShouldBeTrue();
        }

        Managed.Verify(hash, signature64, publicKey).ShouldBe(Native.Verify(hash, signature64, publicKey));
    }

    /// <summary>The smallest x ≥ 1 for which x³ + 7 is a quadratic non-residue mod p, found with Euler's criterion.</summary>
    internal static BigInteger NotAnXCoordinate()
    {
        for (BigInteger x = 1; ; x++)
        {
            if (BigInteger.ModPow((BigInteger.Pow(x, 3) + 7) % P, (P - 1) / 2, P) == P - 1)
            {
                return x;
            }
        }
    }
}
