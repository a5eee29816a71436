"""The cryptography of a secret poll: exponential ElGamal over ristretto255 with a threshold key that no
one ever holds, zero-knowledge proofs that ballots are well formed and that trustees decrypted honestly,
and the independent check of a published bulletin board. The browser runs the same protocol in
`static/thidua/ballot.js`; `docs/ballot-board.md` specifies it for anyone writing their own verifier.

- Group: ristretto255 (RFC 9496) through libsodium (`rbcl`). Points and scalars travel as lowercase hex of
  their 32-byte encodings (scalars little-endian, reduced modulo ℓ).
- Challenges: SHA-512 of "thidua-ballot-v1|" + the parts joined by "|", reduced modulo ℓ (Fiat–Shamir).
- Key: each trustee i picks a polynomial f_i of degree k−1 (from a code only they see), publishes
  A_ij = a_ij·G with a proof of knowledge of a_i0, and sends f_i(m) to each trustee m encrypted under
  m's transport key T_m. The public key is Y = Σ A_i0; trustee m's share s_m = Σ_i f_i(m) and its
  verification key S_m = Σ_i Σ_j m^j·A_ij. The secret Σ a_i0 is never computed anywhere.
- Ballot: for each nominee and each of CHOICES a ciphertext (r·G, v·G + r·Y) with a disjunctive
  Chaum–Pedersen proof that v ∈ {0, 1}, and a proof that the three values add up to 1.
- Tally: the product of all ballots; k trustees publish D = s_m·a with a Chaum–Pedersen proof; the count
  c satisfies c·G = b − Σ λ_m·D_m (Lagrange at 0) and is found by search over 0…number of ballots.
"""

import base64
import hashlib
import json
import math
import secrets

import rbcl as _s

CHOICES = ("approve", "disapprove", "abstain")
GROUP = "ristretto255"
FORMAT = "thidua-ballot-board/1"
ORDER = 2**252 + 27742317777372353535851937790883648493
MAX_NOMINEES = 100
MAX_TRUSTEES = 15
POOL_FROM = 200  # ballots from which `verify_board` checks proofs in several processes
_DOMAIN = "thidua-ballot-v1"
_ZERO = bytes(32)


class BallotError(ValueError):
    """Something a client sent, or a board holds, does not check out; `item` names what."""

    def __init__(self, item: str, reason: str = "invalid"):
        super().__init__(f"{item}: {reason}")
        self.item, self.reason = item, reason


# Group -------------------------------------------------------------------------------------------


def _sc(n: int) -> bytes:
    return (n % ORDER).to_bytes(32, "little")


def _base(n: int) -> bytes:
    return _s.crypto_scalarmult_ristretto255_base_allow_scalar_zero(_sc(n))


def _mul(n: int, point: bytes) -> bytes:
    return _s.crypto_scalarmult_ristretto255_allow_scalar_zero(_sc(n), point)


def _add(p: bytes, q: bytes) -> bytes:
    return _s.crypto_core_ristretto255_add(p, q)


def _sub(p: bytes, q: bytes) -> bytes:
    return _s.crypto_core_ristretto255_sub(p, q)


G = _base(1)


def point(text, item: str) -> bytes:
    """Decode a point from hex, refusing anything that is not a canonical ristretto255 encoding."""
    try:
        raw = bytes.fromhex(text) if isinstance(text, str) and len(text) == 64 else b""
    except ValueError:
        raw = b""
    if not raw or not _s.crypto_core_ristretto255_is_valid_point(raw):
        raise BallotError(item, "not a group element")
    return raw


def scalar(text, item: str) -> int:
    try:
        raw = bytes.fromhex(text) if isinstance(text, str) and len(text) == 64 else b""
    except ValueError:
        raw = b""
    value = int.from_bytes(raw, "little") if raw else ORDER
    if value >= ORDER:
        raise BallotError(item, "not a scalar")
    return value


def hx(value) -> str:
    return (value if isinstance(value, bytes) else _sc(value)).hex()


def challenge(*parts) -> int:
    text = "|".join([_DOMAIN, *(p.hex() if isinstance(p, bytes) else str(p) for p in parts)])
    return int.from_bytes(hashlib.sha512(text.encode()).digest(), "little") % ORDER


def _random() -> int:
    return secrets.randbelow(ORDER - 1) + 1


# Schnorr and Chaum–Pedersen proofs -------------------------------------------------------------


def _prove_dlog(x: int, context: tuple) -> list[str]:
    """Proof of knowledge of x with X = x·G."""
    w = _random()
    c = challenge(*context, _base(x), _base(w))
    return [hx(c), hx((w + c * x) % ORDER)]


def _check_dlog(public: bytes, proof, context: tuple, item: str) -> None:
    c, z = _pair(proof, item)
    commitment = _sub(_base(z), _mul(c, public))
    if challenge(*context, public, commitment) != c:
        raise BallotError(item, "proof of knowledge does not verify")


def _prove_equal(x: int, base2: bytes, context: tuple) -> list[str]:
    """Proof that log_G(x·G) = log_base2(x·base2)."""
    w = _random()
    c = challenge(*context, _base(x), _mul(x, base2), _base(w), _mul(w, base2))
    return [hx(c), hx((w + c * x) % ORDER)]


def _check_equal(public: bytes, base2: bytes, result: bytes, proof, context: tuple, item: str) -> None:
    c, z = _pair(proof, item)
    t1 = _sub(_base(z), _mul(c, public))
    t2 = _sub(_mul(z, base2), _mul(c, result))
    if challenge(*context, public, result, t1, t2) != c:
        raise BallotError(item, "proof does not verify")


def _pair(proof, item: str) -> tuple[int, int]:
    if not isinstance(proof, list) or len(proof) != 2:
        raise BallotError(item, "malformed proof")
    return scalar(proof[0], item), scalar(proof[1], item)


# Trustees (what a trustee's browser does; used here by the demo, the tests and the benchmark) ------


def new_trustee_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(15)).decode()
    return "-".join(raw[i:i + 4] for i in range(0, 24, 4))


def _derive(code: str, election: str, index: int, label: str) -> int:
    clean = "".join(ch for ch in code.upper() if ch.isalnum())
    text = f"thidua-trustee-v1|{election}|{index}|{label}|{clean}"
    return int.from_bytes(hashlib.sha512(text.encode()).digest(), "little") % ORDER or 1


def _coefficients(code: str, election: str, index: int, k: int) -> list[int]:
    return [_derive(code, election, index, f"coefficient|{j}") for j in range(k)]


def _poly(coefficients: list[int], x: int) -> int:
    return sum(a * pow(x, j, ORDER) for j, a in enumerate(coefficients)) % ORDER


def trustee_keys(*, code: str, election: str, index: int, k: int) -> dict:
    """Round 1: the trustee's transport key and polynomial commitments, with proofs of knowledge."""
    transport = _derive(code, election, index, "transport")
    coefficients = _coefficients(code, election, index, k)
    return {"transport": hx(_base(transport)), "commitments": [hx(_base(a)) for a in coefficients],
            "transport_proof": _prove_dlog(transport, (election, "transport", index)),
            "commitment_proof": _prove_dlog(coefficients[0], (election, "commitment", index))}


def _share_key(election: str, sender: int, receiver: int, shared: bytes) -> int:
    return challenge("share", election, sender, receiver, shared)


def trustee_shares(*, code: str, election: str, index: int, k: int, transports: dict[int, str]) -> list[dict]:
    """Round 2: f_i(m) for every other trustee m, encrypted to m's transport key."""
    coefficients = _coefficients(code, election, index, k)
    shares = []
    for receiver, text in sorted(transports.items()):
        if receiver == index:
            continue
        e = _random()
        key = _share_key(election, index, receiver, _mul(e, point(text, f"trustee {receiver} transport key")))
        shares.append({"to": receiver, "ephemeral": hx(_base(e)),
                       "value": hx((_poly(coefficients, receiver) + key) % ORDER)})
    return shares


def verification_key(trustees: list[dict], index: int) -> bytes:
    """S_m = Σ_i Σ_j m^j·A_ij: what trustee m's share times G must be."""
    total = _ZERO
    for trustee in trustees:
        for j, commitment in enumerate(trustee["commitments"]):
            total = _add(total, _mul(pow(index, j, ORDER), point(commitment, f"trustee {trustee['index']}")))
    return total


def public_key(trustees: list[dict]) -> bytes:
    total = _ZERO
    for trustee in trustees:
        total = _add(total, point(trustee["commitments"][0], f"trustee {trustee['index']} commitment"))
    return total


def trustee_secret(*, code: str, election: str, index: int, k: int, trustees: list[dict]) -> int:
    """Trustee m's share s_m from their own polynomial and the shares sent to them, each checked."""
    total = _poly(_coefficients(code, election, index, k), index)
    transport = _derive(code, election, index, "transport")
    for sender in trustees:
        if sender["index"] == index:
            continue
        sent = next((s for s in sender.get("shares") or [] if s["to"] == index), None)
        if sent is None:
            raise BallotError(f"trustee {sender['index']}", "sent no share")
        shared = _mul(transport, point(sent["ephemeral"], f"trustee {sender['index']} share"))
        value = (scalar(sent["value"], f"trustee {sender['index']} share")
                 - _share_key(election, sender["index"], index, shared)) % ORDER
        expected = _ZERO
        for j, commitment in enumerate(sender["commitments"]):
            expected = _add(expected, _mul(pow(index, j, ORDER), point(commitment, f"trustee {sender['index']}")))
        if _base(value) != expected:
            raise BallotError(f"trustee {sender['index']}", "the share sent does not match its commitments")
        total = (total + value) % ORDER
    if _base(total) != verification_key(trustees, index):
        raise BallotError(f"trustee {index}", "this code does not belong to this trustee")
    return total


def check_trustee_keys(*, election: str, index: int, k: int, keys: dict) -> None:
    item = f"trustee {index}"
    if not isinstance(keys, dict) or not isinstance(keys.get("commitments"), list) or len(keys["commitments"]) != k:
        raise BallotError(item, "malformed keys")
    _check_dlog(point(keys.get("transport"), item), keys.get("transport_proof"), (election, "transport", index), item)
    commitments = [point(c, item) for c in keys["commitments"]]
    _check_dlog(commitments[0], keys.get("commitment_proof"), (election, "commitment", index), item)


def check_trustee_shares(*, index: int, indices: list[int], shares) -> None:
    item = f"trustee {index} shares"
    if not isinstance(shares, list) or sorted(s.get("to") for s in shares if isinstance(s, dict)) != sorted(
            i for i in indices if i != index):
        raise BallotError(item, "one encrypted share per other trustee is required")
    for share in shares:
        point(share.get("ephemeral"), item)
        scalar(share.get("value"), item)


def partial_decryption(*, secret: int, election: str, index: int, tally: list) -> dict:
    """D = s_m·a for every tally ciphertext, each with a proof against the trustee's verification key."""
    factors, proofs = [], []
    for n, row in enumerate(tally):
        factors.append([]), proofs.append([])
        for c, (a, _b) in enumerate(row):
            alpha = point(a, "tally")
            factors[-1].append(hx(_mul(secret, alpha)))
            proofs[-1].append(_prove_equal(secret, alpha, (election, "partial", index, n, c)))
    return {"factors": factors, "proofs": proofs}


def check_partial(*, election: str, index: int, verification: bytes, tally: list, partial) -> None:
    item = f"partial decryption of trustee {index}"
    if not isinstance(partial, dict) or _shape(partial.get("factors")) != _shape(tally, 2) or _shape(
            partial.get("proofs")) != _shape(tally, 2):
        raise BallotError(item, "malformed")
    for n, row in enumerate(tally):
        for c, (a, _b) in enumerate(row):
            _check_equal(verification, point(a, "tally"), point(partial["factors"][n][c], item),
                         partial["proofs"][n][c], (election, "partial", index, n, c), item)


def _shape(rows, depth=1):
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        return None
    return [len(r) for r in rows] if depth == 1 else [len(r) for r in rows]


def lagrange(indices: list[int]) -> dict[int, int]:
    out = {}
    for m in indices:
        value = 1
        for j in indices:
            if j != m:
                value = value * j * pow(j - m, -1, ORDER) % ORDER
        out[m] = value
    return out


def decrypt(*, tally: list, partials: dict[int, dict], k: int, ballots: int) -> list[list[int]]:
    """Combine k partial decryptions and find each count in 0…ballots."""
    chosen = sorted(partials)[:k]
    if len(chosen) < k:
        raise BallotError("partial decryptions", f"{k} trustees are needed, {len(chosen)} decrypted")
    weights = lagrange(chosen)
    table, running = {}, _ZERO
    for count in range(ballots + 1):
        table[running] = count
        running = _add(running, G)
    counts = []
    for n, row in enumerate(tally):
        counts.append([])
        for c, (_a, b) in enumerate(row):
            value = point(b, "tally")
            for m in chosen:
                value = _sub(value, _mul(weights[m], point(partials[m]["factors"][n][c], "partial")))
            if value not in table:
                raise BallotError(f"tally of nominee {n + 1}", "does not decrypt to a count")
            counts[-1].append(table[value])
    return counts


# Ballots -----------------------------------------------------------------------------------------


def encrypt_ballot(*, election: str, public: str, choices: list[str]) -> dict:
    """What a voter's browser does: one ciphertext and proof per (nominee, choice), one sum proof per nominee."""
    return _encrypt(election, public, choices)[0]


def _encrypt(election: str, public: str, choices: list[str]) -> tuple[dict, list[list[int]]]:
    y = point(public, "public key")
    answers, randomness = [], []
    for n, choice in enumerate(choices):
        cts, proofs, rs = [], [], []
        for c, name in enumerate(CHOICES):
            v, r = int(name == choice), _random()
            a, b = _base(r), _add(_base(v), _mul(r, y))
            cts.append([hx(a), hx(b)])
            proofs.append(_prove_bit(election, y, n, c, a, b, v, r))
            rs.append(r)
        a_sum, b_sum = _sum_pair(cts)
        w, total = _random(), sum(rs) % ORDER
        ch = challenge(election, "sum", n, y, a_sum, b_sum, _base(w), _mul(w, y))
        answers.append({"choices": cts, "proofs": proofs, "sum_proof": [hx(ch), hx((w + ch * total) % ORDER)]})
        randomness.append(rs)
    return {"answers": answers}, randomness


# Cast or audit (Benaloh): before casting, the voter may have their browser encrypt the ballot and then reveal
# the randomness; that ballot is never cast, and any other device can check that it encrypts the voter's choices.
AUDIT_FORMAT = "thidua-ballot-audit/1"


def audit_record(*, election: str, public: str, choices: list[str]) -> dict:
    """An audited ballot with its randomness revealed (what the browser shows; this one is the tests')."""
    content, randomness = _encrypt(election, public, choices)
    return {"format": AUDIT_FORMAT, "election": election, "public_key": public, "tracker": tracker(content),
            "ballot": content, "choices": list(choices), "randomness": [[hx(r) for r in rs] for rs in randomness]}


def audit_ballot(record) -> list[str]:
    """Check an audited ballot from the record alone: its tracker, its proofs, and that each ciphertext is
    the encryption of the stated choices with the revealed randomness. Returns the choices it encrypts."""
    if not isinstance(record, dict) or record.get("format") != AUDIT_FORMAT:
        raise BallotError("audit", f"not a {AUDIT_FORMAT} record")
    content, choices, randomness = record.get("ballot"), record.get("choices"), record.get("randomness")
    election, public = str(record.get("election")), record.get("public_key")
    if not isinstance(choices, list) or not isinstance(randomness, list) or len(randomness) != len(choices) or any(
            c not in CHOICES for c in choices):
        raise BallotError("audit", "malformed choices or randomness")
    check_ballot(election=election, public=public, nominees=len(choices), content=content)
    if tracker(content) != record.get("tracker"):
        raise BallotError("tracker", "is not the hash of the ballot")
    y = point(public, "public key")
    for n, (choice, rs) in enumerate(zip(choices, randomness, strict=True)):
        if not isinstance(rs, list) or len(rs) != len(CHOICES):
            raise BallotError(f"nominee {n + 1}", "malformed randomness")
        for c, (name, (a, b)) in enumerate(zip(CHOICES, content["answers"][n]["choices"], strict=True)):
            r = scalar(rs[c], f"nominee {n + 1}")
            if hx(_base(r)) != a or hx(_add(_base(int(name == choice)), _mul(r, y))) != b:
                raise BallotError(f"nominee {n + 1}", f"“{CHOICES[c]}” is not encrypted as stated")
    return choices


def _prove_bit(election, y, n, c, a, b, v, r) -> list[str]:
    fake = 1 - v
    c_fake, z_fake, w = _random(), _random(), _random()
    commit = {fake: (_sub(_base(z_fake), _mul(c_fake, a)), _sub(_mul(z_fake, y), _mul(c_fake, _sub(b, _base(fake)))))}
    commit[v] = (_base(w), _mul(w, y))
    total = challenge(election, "bit", n, c, y, a, b, *commit[0], *commit[1])
    c_real = (total - c_fake) % ORDER
    z_real = (w + c_real * r) % ORDER
    out = {fake: (c_fake, z_fake), v: (c_real, z_real)}
    return [hx(out[0][0]), hx(out[0][1]), hx(out[1][0]), hx(out[1][1])]


def _sum_pair(cts) -> tuple[bytes, bytes]:
    a_sum, b_sum = _ZERO, _ZERO
    for a, b in cts:
        a_sum, b_sum = _add(a_sum, point(a, "ciphertext")), _add(b_sum, point(b, "ciphertext"))
    return a_sum, b_sum


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def tracker(content: dict) -> str:
    """The ballot tracker: SHA-256 of the ballot's canonical JSON, base64url without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(canonical(content)).digest()).rstrip(b"=").decode()


def check_ballot(*, election: str, public: str, nominees: int, content, item: str = "ballot") -> None:
    """Refuse a ballot unless every choice is an encryption of 0 or 1 and each nominee's choices add up to 1."""
    y = point(public, "public key")
    answers = content.get("answers") if isinstance(content, dict) and set(content) == {"answers"} else None
    if not isinstance(answers, list) or len(answers) != nominees:
        raise BallotError(item, "one answer per nominee is required")
    for n, answer in enumerate(answers):
        where = f"{item}, nominee {n + 1}"
        if not isinstance(answer, dict) or set(answer) != {"choices", "proofs", "sum_proof"}:
            raise BallotError(where, "malformed answer")
        cts, proofs = answer["choices"], answer["proofs"]
        if not (isinstance(cts, list) and isinstance(proofs, list) and len(cts) == len(proofs) == len(CHOICES)):
            raise BallotError(where, "malformed answer")
        for c, (ct, proof) in enumerate(zip(cts, proofs, strict=True)):
            if not isinstance(ct, list) or len(ct) != 2 or not isinstance(proof, list) or len(proof) != 4:
                raise BallotError(where, "malformed ciphertext")
            a, b = point(ct[0], where), point(ct[1], where)
            c0, z0, c1, z1 = (scalar(x, where) for x in proof)
            commits = []
            for j, (cj, zj) in enumerate(((c0, z0), (c1, z1))):
                commits += [_sub(_base(zj), _mul(cj, a)), _sub(_mul(zj, y), _mul(cj, _sub(b, G) if j else b))]
            if (c0 + c1) % ORDER != challenge(election, "bit", n, c, y, a, b, *commits):
                raise BallotError(where, f"the proof that “{CHOICES[c]}” is 0 or 1 does not verify")
        a_sum, b_sum = _sum_pair(cts)
        ch, z = _pair(answer["sum_proof"], where)
        t1, t2 = _sub(_base(z), _mul(ch, a_sum)), _sub(_mul(z, y), _mul(ch, _sub(b_sum, G)))
        if challenge(election, "sum", n, y, a_sum, b_sum, t1, t2) != ch:
            raise BallotError(where, "the proof of exactly one choice does not verify")


def homomorphic_tally(contents: list[dict], nominees: int) -> list[list[list[str]]]:
    sums = [[[_ZERO, _ZERO] for _c in CHOICES] for _n in range(nominees)]
    for content in contents:
        for n, answer in enumerate(content["answers"]):
            for c, (a, b) in enumerate(answer["choices"]):
                sums[n][c][0] = _add(sums[n][c][0], bytes.fromhex(a))
                sums[n][c][1] = _add(sums[n][c][1], bytes.fromhex(b))
    return [[[hx(a), hx(b)] for a, b in row] for row in sums]


def needed(total: int, share: float) -> int:
    """Smallest whole number of members that reaches `share` of `total` (parameters such as 0.6667 stand
    for exact fractions, hence the small tolerance)."""
    return max(0, math.ceil(total * share - 0.001))


# The bulletin board ------------------------------------------------------------------------------


def _check_ballots(args) -> str | None:
    election, public, nominees, ballots = args
    for entry in ballots:
        content = {"answers": entry.get("answers")}
        item = f"ballot {entry.get('tracker')}"
        if tracker(content) != entry.get("tracker"):
            return f"{item}: the tracker is not the hash of the ballot"
        try:
            check_ballot(election=election, public=public, nominees=nominees, content=content, item=item)
        except BallotError as exc:
            return str(exc)
    return None


def verify_board(board: dict, *, workers: int = 1) -> list[dict]:
    """Recompute everything from the board alone; return the result rows or raise BallotError naming the
    first item that fails."""
    if not isinstance(board, dict) or board.get("format") != FORMAT or board.get("group") != GROUP:
        raise BallotError("board", f"not a {FORMAT} board over {GROUP}")
    try:
        poll, trustees, k = board["poll"], board["trustees"], int(board["trustees_needed"])
        election, nominees = str(poll["election"]), list(poll["nominees"])
        ballots, tally, partials, result = (board["ballots"], board["encrypted_tally"],
                                            board["partial_decryptions"], board["result"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BallotError("board", f"missing or malformed field {exc}") from exc
    if poll.get("choices") != list(CHOICES) or not 0 < len(nominees) <= MAX_NOMINEES:
        raise BallotError("poll", "unexpected choices or nominees")
    indices = [t.get("index") for t in trustees]
    if indices != list(range(1, len(trustees) + 1)) or not 1 <= k <= len(trustees) <= MAX_TRUSTEES:
        raise BallotError("trustees", "trustees must be numbered 1…n with 1 ≤ k ≤ n")
    for trustee in trustees:
        check_trustee_keys(election=election, index=trustee["index"], k=k, keys=trustee)
        check_trustee_shares(index=trustee["index"], indices=indices, shares=trustee.get("shares"))
    public = board.get("public_key")
    if public != hx(public_key(trustees)):
        raise BallotError("public key", "is not the sum of the trustees' commitments")
    trackers = [b.get("tracker") for b in ballots if isinstance(b, dict)]
    if len(trackers) != len(ballots) or trackers != sorted(trackers) or len(set(trackers)) != len(trackers):
        raise BallotError("ballots", "must be listed once each, in tracker order")
    if poll.get("voters") != len(ballots):
        raise BallotError("ballots", f"{len(ballots)} ballots for {poll.get('voters')} voters")
    seen = set()
    for entry in ballots:
        for answer in entry.get("answers") or []:
            for ct in (answer.get("choices") or []) if isinstance(answer, dict) else []:
                if isinstance(ct, list) and ct and ct[0] in seen:
                    raise BallotError(f"ballot {entry['tracker']}", "replays a ciphertext of another ballot")
                seen.add(ct[0] if isinstance(ct, list) and ct else None)
    batches = [ballots[i::workers] for i in range(workers)] if workers > 1 else [ballots]
    jobs = [(election, public, len(nominees), batch) for batch in batches]
    if workers > 1 and len(ballots) > POOL_FROM:
        from concurrent.futures import ProcessPoolExecutor

        summed = None
        with ProcessPoolExecutor(workers) as pool:
            checked = pool.map(_check_ballots, jobs)  # the workers check the proofs; this process sums meanwhile
            try:
                summed = homomorphic_tally(ballots, len(nominees))
            except Exception:  # noqa: BLE001 — a malformed ballot: the checks name it below
                summed = None
            failures = [f for f in checked if f]
        if failures:  # name the first failing ballot in board order
            failures = [_check_ballots((election, public, len(nominees), ballots))]
    else:
        summed, failures = None, [f for f in map(_check_ballots, jobs) if f]
    if failures:
        item, _sep, reason = failures[0].partition(": ")
        raise BallotError(item, reason)
    if tally != (summed or homomorphic_tally(ballots, len(nominees))):
        raise BallotError("encrypted tally", "is not the product of the ballots")
    by_index = {}
    for partial in partials:
        index = partial.get("trustee") if isinstance(partial, dict) else None
        if index not in indices or index in by_index:
            raise BallotError("partial decryptions", f"unknown or repeated trustee {index}")
        check_partial(election=election, index=index, verification=verification_key(trustees, index), tally=tally,
                      partial=partial)
        by_index[index] = partial
    counts = decrypt(tally=tally, partials=by_index, k=k, ballots=len(ballots))
    try:
        electorate, threshold = int(poll["electorate"]), float(poll["approval_threshold"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BallotError("poll", "electorate or approval threshold missing") from exc
    required = needed(electorate, threshold)
    expected = [{"nominee": name, **dict(zip(CHOICES, row, strict=True)), "needed": required,
                 "passed": electorate > 0 and row[0] >= required} for name, row in zip(nominees, counts, strict=True)]
    for n, row in enumerate(expected):
        if sum(row[c] for c in CHOICES) != len(ballots):
            raise BallotError(f"tally of nominee {n + 1}", "the choices do not add up to the number of ballots")
        if not isinstance(result, list) or len(result) != len(expected) or result[n] != row:
            raise BallotError(f"result for nominee {n + 1}", "does not match the decrypted tally")
    return expected
