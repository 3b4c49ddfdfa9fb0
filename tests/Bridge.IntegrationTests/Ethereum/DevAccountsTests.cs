using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Bridge.Canonical.Hashing;
using Bridge.Simulators.Ethereum;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// The hard-coded dev accounts re-derived independently: BIP-39 seed from the mnemonic, BIP-32 private
/// derivation along m/44'/60'/0'/0/i, Ethereum address = last 20 bytes of Keccak-256 of the public key
/// (Yellow Paper, appendix F), EIP-55 checksum.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DevAccountsTests
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    public static TheoryData<int> Indexes => new(Enumerable.Range(0, 20));

    [Fact]
    public void Default_Lists20AccountsInIndexOrder()
    {
        DevAccounts.Default.Count.ShouldBe(20);
        DevAccounts.Default.Select(a => a.Index).ShouldBe(Enumerable.Range(0, 20));
        DevAccounts.Default.Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(20);
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Default_PrivateKey_IsDerivedFromTheMnemonicAtTheBip44Path(int index)
    {
        var seed = Bip39Seed(DevAccounts.Mnemonic);
        var (key, chainCode) = Bip32Master(seed);
        foreach (var child in new[] { Hardened(44), Hardened(60), Hardened(0), 0u, (uint)index })
        {
            (key, chainCode) = Bip32Child(key, chainCode, child);
        }

        DevAccounts.Default[index].PrivateKeyHex.ShouldBe("0x" + Convert.ToHexStringLower(key));
        DevAccounts.Default[index].GetPrivateKey().ShouldBe(key);
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Default_Address_IsTheKeysAddressWithEip55Checksum(int index)
    {
        var account = DevAccounts.Default[index];
        var publicKey = Curve.G.Multiply(new BigInteger(1, account.GetPrivateKey())).Normalize().GetEncoded(false);
        var address = Convert.ToHexStringLower(Keccak256.Hash(publicKey.AsSpan(1)).AsSpan(12));

        account.Address.ShouldBe("0x" + Eip55(address));
    }

    [Fact]
    public void Eip55_PublishedExample_IsReproduced()
    {
        // EIP-55 test cases (https://eips.ethereum.org/EIPS/eip-55): proves the checksum helper above.
        Eip55("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").ShouldBe("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        Eip55("fb6916095ca1df60bb79ce92ce3ea74c37c5d359").ShouldBe("fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
    }

    [Fact]
    public void ToString_ShowsTheAddressButNotTheKey()
    {
        var account = DevAccounts.Default[0];

        account.ToString().ShouldContain(account.Address);
        account.ToString().ShouldNotContain(account.PrivateKeyHex[2..]);
    }

    /// <summary>BIP-39: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048 rounds, 64 bytes); the ASCII mnemonic is already NFKD.</summary>
    private static byte[] Bip39Seed(string mnemonic) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(mnemonic), Encoding.UTF8.GetBytes("mnemonic"), 2048, HashAlgorithmName.SHA512, 64);

    /// <summary>BIP-32 master key: HMAC-SHA512(key "Bitcoin seed", seed) = IL (key) || IR (chain code).</summary>
    private static (byte[] Key, byte[] ChainCode) Bip32Master(byte[] seed)
    {
        var i = HMACSHA512.HashData("Bitcoin seed"u8, seed);
        return (i[..32], i[32..]);
    }

    /// <summary>BIP-32 CKDpriv: hardened children hash 0x00 || k, normal children the compressed public key.</summary>
    private static (byte[] Key, byte[] ChainCode) Bip32Child(byte[] parentKey, byte[] chainCode, uint index)
    {
        var data = new byte[37];
        if (index >= 0x8000_0000u)
        {
            parentKey.CopyTo(data, 1);
        }
        else
        {
            Curve.G.Multiply(new BigInteger(1, parentKey)).Normalize().GetEncoded(true).CopyTo(data, 0);
        }

        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(33), index);
        var i = HMACSHA512.HashData(chainCode, data);
        var child = new BigInteger(1, i[..32]).Add(new BigInteger(1, parentKey)).Mod(Curve.N);
        return (LeftPad(child.ToByteArrayUnsigned()), i[32..]);
    }

    private static uint Hardened(uint index) => index | 0x8000_0000u;

    private static byte[] LeftPad(byte[] value)
    {
        var padded = new byte[32];
        value.CopyTo(padded, 32 - value.Length);
        return padded;
    }

    /// <summary>EIP-55: upper-case each letter whose nibble in Keccak-256(lower-case hex address) is 8 or more.</summary>
    private static string Eip55(string lowerHexAddress)
    {
        var hash = Keccak256.Hash(Encoding.ASCII.GetBytes(lowerHexAddress));
        var chars = lowerHexAddress.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
            if (nibble >= 8)
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }
}
