using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using ECCurve = Org.BouncyCastle.Math.EC.ECCurve;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// secp256k1 in managed code on Portable.BouncyCastle's <c>CustomNamedCurves</c> "secp256k1" (its fast field
/// arithmetic; <c>SecNamedCurves</c> is several times slower). The fallback when libsecp256k1 is missing; it gives
/// the same results as <see cref="NativeSecp256k1"/> for every input:
/// <list type="bullet">
/// <item>signing: SEC 1 v2 §4.1.3 with the nonce of RFC 6979 §3.2 (HMAC-SHA256, <c>HMacDsaKCalculator</c>), then
/// s → n − s when s &gt; n/2 (EIP-2), flipping the recovery id; the id is the parity of R.y, plus 2 when R.x ≥ n;</item>
/// <item>recovery: SEC 1 v2 §4.1.6, Q = r⁻¹(sR − eG), with R the curve point whose x is r and whose y has the
/// parity of the id;</item>
/// <item>verification: SEC 1 v2 §4.1.4.</item>
/// </list>
/// BouncyCastle's EC code reaches full speed only after it has run for about a second (JIT tiering), so benchmarks
/// warm it up (../shared/design/ethereum-notes.md). Private keys pass through BouncyCastle <c>BigInteger</c>s, which
/// cannot be wiped; the native backend never copies a key.
/// </summary>
internal sealed class ManagedSecp256k1 : ISecp256k1Backend
{
    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");

    private readonly ECCurve _curve = Parameters.Curve;
    private readonly ECPoint _generator = Parameters.G;
    private readonly BigInteger _order = Parameters.N;
    private readonly BigInteger _halfOrder = Parameters.N.ShiftRight(1);
    private readonly FixedPointCombMultiplier _multiplier = new();

    private ManagedSecp256k1()
    {
    }

    /// <summary>The one instance (it holds no per-call state).</summary>
    public static ManagedSecp256k1 Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "managed (BouncyCastle)";

    /// <inheritdoc />
    public bool TryGetPublicKey(ReadOnlySpan<byte> privateKey32, Span<byte> publicKey64)
    {
        RequireLength(privateKey32, 32, nameof(privateKey32));
        RequireLength(publicKey64, 64, nameof(publicKey64));
        if (!Secp256k1Scalars.IsInRange(privateKey32))
        {
            return false;
        }

        var point = _multiplier.Multiply(_generator, ToInteger(privateKey32)).Normalize();
        WriteScalar(point.AffineXCoord.ToBigInteger(), publicKey64[..32]);
        WriteScalar(point.AffineYCoord.ToBigInteger(), publicKey64[32..64]);
        return true;
    }

    /// <inheritdoc />
    public bool TrySign(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> privateKey32, Span<byte> signature64, out int recoveryId)
    {
        RequireLength(hash32, 32, nameof(hash32));
        RequireLength(privateKey32, 32, nameof(privateKey32));
        RequireLength(signature64, 64, nameof(signature64));
        recoveryId = -1;
        if (!Secp256k1Scalars.IsInRange(privateKey32))
        {
            return false;
        }

        var d = ToInteger(privateKey32);
        var hash = hash32.ToArray();

        // SEC 1 §4.1.3 step 5: e is the leftmost 256 bits of the hash, i.e. all of it.
        var e = new BigInteger(1, hash);
        var nonces = new HMacDsaKCalculator(new Sha256Digest());
        nonces.Init(_order, d, hash);
        while (true)
        {
            var k = nonces.NextK();
            var point = _multiplier.Multiply(_generator, k).Normalize();
            var x = point.AffineXCoord.ToBigInteger();
            var r = x.Mod(_order);
            if (r.SignValue == 0)
            {
                continue; // RFC 6979 §3.2 step h.3: take the next k (libsecp256k1 does the same)
            }

            var s = k.ModInverse(_order).Multiply(e.Add(d.Multiply(r))).Mod(_order);
            if (s.SignValue == 0)
            {
                continue;
            }

            var id = (point.AffineYCoord.TestBitZero() ? 1 : 0) | (x.CompareTo(_order) >= 0 ? 2 : 0);
            if (s.CompareTo(_halfOrder) > 0)
            {
                // (r, n − s) is the signature of the point −R, whose y has the other parity.
                s = _order.Subtract(s);
                id ^= 1;
            }

            if (id > 1)
            {
                throw new CryptographicException("The signature needs recovery id 2 or 3 (R.x ≥ n), which an Ethereum v cannot carry.");
            }

            WriteScalar(r, signature64[..32]);
            WriteScalar(s, signature64[32..64]);
            recoveryId = id;
            return true;
        }
    }

    /// <inheritdoc />
    public bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, int recoveryId, Span<byte> publicKey64)
    {
        RequireLength(hash32, 32, nameof(hash32));
        RequireLength(signature64, 64, nameof(signature64));
        RequireLength(publicKey64, 64, nameof(publicKey64));
        if (recoveryId is not (0 or 1) || !Secp256k1Scalars.IsInRange(signature64[..32]) || !Secp256k1Scalars.IsLowS(signature64[32..]))
        {
            return false;
        }

        // SEC 1 §4.1.6 step 1.1-1.3 with j = 0 (ids 0 and 1): x = r, which is below n and so below p.
        var r = ToInteger(signature64[..32]);
        var s = ToInteger(signature64[32..]);
        var x = _curve.FromBigInteger(r);
        var y = x.Square().Multiply(x).Add(_curve.B).Sqrt(); // y² = x³ + 7 (a = 0)
        if (y is null)
        {
            return false; // no curve point has this x
        }

        if (y.TestBitZero() != (recoveryId == 1))
        {
            y = y.Negate();
        }

        var nonce = _curve.CreatePoint(r, y.ToBigInteger());

        // Step 1.6: Q = r⁻¹(sR − eG) = (−e·r⁻¹)G + (s·r⁻¹)R.
        var e = ToInteger(hash32).Mod(_order);
        var rInverse = r.ModInverse(_order);
        var u1 = _order.Subtract(e).Multiply(rInverse).Mod(_order);
        var u2 = s.Multiply(rInverse).Mod(_order);
        var q = ECAlgorithms.SumOfTwoMultiplies(_generator, u1, nonce, u2).Normalize();
        if (q.IsInfinity)
        {
            return false;
        }

        WriteScalar(q.AffineXCoord.ToBigInteger(), publicKey64[..32]);
        WriteScalar(q.AffineYCoord.ToBigInteger(), publicKey64[32..64]);
        return true;
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> publicKey64)
    {
        RequireLength(hash32, 32, nameof(hash32));
        RequireLength(signature64, 64, nameof(signature64));
        RequireLength(publicKey64, 64, nameof(publicKey64));
        if (!Secp256k1Scalars.IsInRange(signature64[..32]) || !Secp256k1Scalars.IsLowS(signature64[32..]))
        {
            return false;
        }

        // The key must be an affine curve point: coordinates below p and y² = x³ + 7 (SEC 1 §3.2.2.1).
        var xBytes = publicKey64[..32];
        var yBytes = publicKey64[32..64];
        if (!Secp256k1Scalars.IsFieldElement(xBytes) || !Secp256k1Scalars.IsFieldElement(yBytes))
        {
            return false;
        }

        var x = _curve.FromBigInteger(ToInteger(xBytes));
        var y = _curve.FromBigInteger(ToInteger(yBytes));
        if (!y.Square().Equals(x.Square().Multiply(x).Add(_curve.B)))
        {
            return false;
        }

        var key = _curve.CreatePoint(x.ToBigInteger(), y.ToBigInteger());
        var r = ToInteger(signature64[..32]);
        var w = ToInteger(signature64[32..]).ModInverse(_order);
        var u1 = ToInteger(hash32).Mod(_order).Multiply(w).Mod(_order);
        var u2 = r.Multiply(w).Mod(_order);
        var point = ECAlgorithms.SumOfTwoMultiplies(_generator, u1, key, u2).Normalize();
        return !point.IsInfinity && point.AffineXCoord.ToBigInteger().Mod(_order).Equals(r);
    }

    private static void RequireLength(ReadOnlySpan<byte> span, int length, string name) =>
        Secp256k1Scalars.RequireLength(span, length, name);

    private static BigInteger ToInteger(ReadOnlySpan<byte> bigEndian)
    {
        var copy = bigEndian.ToArray();
        var value = new BigInteger(1, copy);
        CryptographicOperations.ZeroMemory(copy);
        return value;
    }

    private static void WriteScalar(BigInteger value, Span<byte> destination32)
    {
        var bytes = value.ToByteArrayUnsigned();
        destination32.Clear();
        bytes.CopyTo(destination32[(32 - bytes.Length)..]);
    }
}
