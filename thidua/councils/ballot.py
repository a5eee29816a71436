"""The cryptography of a secret poll, from maintained libraries only.

- Paillier (`phe`) is additively homomorphic: the product of ciphertexts decrypts to the sum of the
  votes, so the tally never needs any single ballot decrypted.
- A ballot is one or a few ciphertexts of packed counters: for candidate i and choice c (approve,
  disapprove, abstain) the slot 3·i + c holds 1, every slot `SLOT_BITS` wide, so a sum of up to
  2**SLOT_BITS − 1 ballots cannot overflow into the next slot.
- The private key (p, q) is sealed with AES-GCM under a random 128-bit key that is split by Shamir's
  scheme (pycryptodome) into one share per trustee, any `TRUSTEE_QUORUM` of which rebuild it. Only the
  sealed key is stored; the shares go to the trustees and nowhere else. After the tally the sealed key
  is erased, so no one can ever decrypt an individual ballot.
"""

import hashlib
import json
import secrets

from Crypto.Cipher import AES
from Crypto.Protocol.SecretSharing import Shamir
from phe import paillier

KEY_BITS = 2048
SLOT_BITS = 24  # up to 16,777,215 ballots per poll
SLOTS_PER_CIPHERTEXT = 80  # 80 × 24 = 1,920 bits < the 2,046-bit plaintext space
CHOICES = ("approve", "disapprove", "abstain")
TRUSTEE_QUORUM = 2


class ShareError(ValueError):
    """The trustees' shares do not open the poll's key."""


def seal(trustees: int) -> tuple[str, bytes, list[str]]:
    """Generate a key pair and split the seal among `trustees` (any TRUSTEE_QUORUM of them open it)."""
    public, private = paillier.generate_paillier_keypair(n_length=KEY_BITS)
    seal_key = secrets.token_bytes(16)
    cipher = AES.new(seal_key, AES.MODE_GCM)
    body, tag = cipher.encrypt_and_digest(json.dumps({"p": str(private.p), "q": str(private.q)}).encode())
    shares = Shamir.split(TRUSTEE_QUORUM, trustees, seal_key)
    codes = [f"{index}-{share.hex().upper()}" for index, share in shares]
    return str(public.n), cipher.nonce + tag + body, codes


def _private_key(public_text: str, sealed: bytes, codes: list[str]) -> paillier.PaillierPrivateKey:
    shares = []
    for code in codes:
        index, _sep, hex_part = code.strip().partition("-")
        try:
            shares.append((int(index), bytes.fromhex(hex_part)))
        except ValueError as exc:
            raise ShareError("malformed share") from exc
        if len(shares[-1][1]) != 16:
            raise ShareError("malformed share")
    if len({i for i, _s in shares}) < TRUSTEE_QUORUM:
        raise ShareError("not enough distinct shares")
    seal_key = Shamir.combine(shares[:TRUSTEE_QUORUM])
    nonce, tag, body = sealed[:16], sealed[16:32], sealed[32:]
    try:
        plain = AES.new(seal_key, AES.MODE_GCM, nonce=nonce).decrypt_and_verify(body, tag)
    except ValueError as exc:
        raise ShareError("the shares do not open this poll's key") from exc
    numbers = json.loads(plain)
    public = paillier.PaillierPublicKey(int(public_text))
    return paillier.PaillierPrivateKey(public, int(numbers["p"]), int(numbers["q"]))


def _chunks(slots: int) -> list[range]:
    return [range(start, min(start + SLOTS_PER_CIPHERTEXT, slots)) for start in range(0, slots, SLOTS_PER_CIPHERTEXT)]


def encrypt_ballot(public_text: str, choices: list[str]) -> list[str]:
    """Encrypt one voter's choices (one of CHOICES per candidate, in candidate order)."""
    public = paillier.PaillierPublicKey(int(public_text))
    slots = [0] * (len(choices) * len(CHOICES))
    for i, choice in enumerate(choices):
        slots[i * len(CHOICES) + CHOICES.index(choice)] = 1
    ciphertexts = []
    for chunk in _chunks(len(slots)):
        packed = sum(slots[s] << (SLOT_BITS * (s - chunk.start)) for s in chunk)
        ciphertexts.append(str(public.raw_encrypt(packed)))
    return ciphertexts


def add(public_text: str, ballots: list[list[str]], candidates: int) -> list[str]:
    """The homomorphic sum of ballots: the product of their ciphertexts modulo n² (1 encrypts zero)."""
    n_square = int(public_text) ** 2
    totals = [1] * len(_chunks(candidates * len(CHOICES)))
    for ballot in ballots:
        for i, text in enumerate(ballot):
            totals[i] = totals[i] * int(text) % n_square
    return [str(t) for t in totals]


def decrypt_tally(public_text: str, sealed: bytes, codes: list[str], sums: list[str],
                  candidates: int) -> list[dict[str, int]]:
    """Open the key with the trustees' shares, decrypt the sums only, and forget the key."""
    private = _private_key(public_text, sealed, codes)
    slots = candidates * len(CHOICES)
    counts = [0] * slots
    for chunk, text in zip(_chunks(slots), sums, strict=True):
        packed = private.raw_decrypt(int(text))
        for s in chunk:
            counts[s] = (packed >> (SLOT_BITS * (s - chunk.start))) & ((1 << SLOT_BITS) - 1)
    del private
    return [dict(zip(CHOICES, counts[i * 3:i * 3 + 3], strict=True)) for i in range(candidates)]


def fingerprint(ciphertexts: list[str]) -> str:
    """A short public fingerprint of a stored ballot, published beside its receipt."""
    return hashlib.sha256("|".join(ciphertexts).encode()).hexdigest()[:16].upper()
