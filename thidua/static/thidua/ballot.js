/* Secret ballots in the browser: the voter's ballot is encrypted here with proofs that it is well formed,
 * and a trustee's key share is created and used here, from a code that never leaves this page.
 * Same protocol as thidua/councils/ballot.py; specified in docs/ballot-board.md. */
(function () {
  "use strict";
  const { Point, sha512, sha256, bytesToHex, hexToBytes } = globalThis.nobleRistretto;
  const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
  const G = Point.BASE;
  const CHOICES = ["approve", "disapprove", "abstain"];
  const enc = new TextEncoder();

  const mod = (n) => ((n % ORDER) + ORDER) % ORDER;
  const le = (bytes) => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
  const hx = (n) => {
    const out = new Uint8Array(32);
    let v = mod(n);
    for (let i = 0; i < 32; i++) { out[i] = Number(v & 255n); v >>= 8n; }
    return bytesToHex(out);
  };
  const ph = (p) => bytesToHex(p.toBytes());
  const pt = (h) => Point.fromBytes(hexToBytes(h));
  const sc = (h) => le(hexToBytes(h));
  const mul = (n, p) => (mod(n) === 0n ? Point.ZERO : p.multiply(mod(n)));
  const base = (n) => mul(n, G);
  const part = (x) => (x instanceof Point ? ph(x) : String(x));
  const challenge = (...parts) => mod(le(sha512(enc.encode(["thidua-ballot-v1", ...parts.map(part)].join("|")))));
  const random = () => mod(le(crypto.getRandomValues(new Uint8Array(64)))) || 1n;
  const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  // `randomness`, when given, receives each ciphertext's r: only for a ballot audited instead of cast.
  function encryptBallot(election, publicHex, choices, randomness) {
    const y = pt(publicHex);
    const answers = choices.map((choice, n) => {
      const cts = [], proofs = [];
      if (randomness) randomness.push([]);
      let total = 0n, aSum = Point.ZERO, bSum = Point.ZERO;
      CHOICES.forEach((name, c) => {
        const v = name === choice ? 1 : 0, r = random();
        const a = base(r), b = base(BigInt(v)).add(mul(r, y));
        cts.push([ph(a), ph(b)]);
        const fake = 1 - v, cFake = random(), zFake = random(), w = random();
        const commit = [];
        commit[fake] = [base(zFake).subtract(mul(cFake, a)), mul(zFake, y).subtract(mul(cFake, b.subtract(base(BigInt(fake)))))];
        commit[v] = [base(w), mul(w, y)];
        const all = challenge(election, "bit", n, c, y, a, b, ...commit[0], ...commit[1]);
        const cReal = mod(all - cFake), zReal = mod(w + cReal * r);
        const pairs = [];
        pairs[fake] = [cFake, zFake]; pairs[v] = [cReal, zReal];
        proofs.push([hx(pairs[0][0]), hx(pairs[0][1]), hx(pairs[1][0]), hx(pairs[1][1])]);
        total += r; aSum = aSum.add(a); bSum = bSum.add(b);
        if (randomness) randomness[n].push(hx(r));
      });
      const w = random();
      const ch = challenge(election, "sum", n, y, aSum, bSum, base(w), mul(w, y));
      return { choices: cts, proofs: proofs, sum_proof: [hx(ch), hx(mod(w + ch * total))] };
    });
    return { answers: answers };
  }

  const tracker = (content) => b64url(sha256(enc.encode(JSON.stringify(content))));

  // Cast or audit (Benaloh): a ballot whose randomness is shown is never cast; another device checks it.
  function auditRecord(election, publicHex, choices) {
    const randomness = [];
    const ballot = encryptBallot(election, publicHex, choices, randomness);
    return { format: "thidua-ballot-audit/1", election: election, public_key: publicHex, tracker: tracker(ballot),
      ballot: ballot, choices: choices, randomness: randomness };
  }

  // Trustees -------------------------------------------------------------------------------------
  function newCode() {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const chars = Array.from(bytes, (b) => alphabet[b & 31]).join("");
    return chars.match(/.{4}/g).join("-");
  }
  const clean = (code) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const derive = (code, election, index, label) =>
    mod(le(sha512(enc.encode(`thidua-trustee-v1|${election}|${index}|${label}|${clean(code)}`)))) || 1n;
  const coefficients = (code, election, index, k) =>
    Array.from({ length: k }, (_, j) => derive(code, election, index, `coefficient|${j}`));
  const poly = (coeffs, x) => coeffs.reduce((acc, a, j) => mod(acc + a * (BigInt(x) ** BigInt(j))), 0n);
  function proveDlog(x, context) {
    const w = random();
    const c = challenge(...context, base(x), base(w));
    return [hx(c), hx(mod(w + c * x))];
  }

  function trusteeKeys(code, election, index, k) {
    const t = derive(code, election, index, "transport");
    const coeffs = coefficients(code, election, index, k);
    return { transport: ph(base(t)), commitments: coeffs.map((a) => ph(base(a))),
      transport_proof: proveDlog(t, [election, "transport", index]),
      commitment_proof: proveDlog(coeffs[0], [election, "commitment", index]) };
  }

  function trusteeShares(code, election, index, k, transports) {
    const coeffs = coefficients(code, election, index, k);
    return Object.keys(transports).map(Number).filter((m) => m !== index).sort((a, b) => a - b).map((m) => {
      const e = random();
      const key = challenge("share", election, index, m, mul(e, pt(transports[m])));
      return { to: m, ephemeral: ph(base(e)), value: hx(mod(poly(coeffs, m) + key)) };
    });
  }

  const commitmentAt = (trustee, m) =>
    trustee.commitments.reduce((acc, c, j) => acc.add(mul(BigInt(m) ** BigInt(j), pt(c))), Point.ZERO);

  function trusteeSecret(code, election, index, k, trustees) {
    let total = poly(coefficients(code, election, index, k), index);
    const t = derive(code, election, index, "transport");
    for (const sender of trustees) {
      if (sender.index === index) continue;
      const sent = (sender.shares || []).find((s) => s.to === index);
      if (!sent) throw new Error(`trustee ${sender.index} sent no share`);
      const key = challenge("share", election, sender.index, index, mul(t, pt(sent.ephemeral)));
      const value = mod(sc(sent.value) - key);
      if (!base(value).equals(commitmentAt(sender, index))) throw new Error(`bad share from trustee ${sender.index}`);
      total = mod(total + value);
    }
    const expected = trustees.reduce((acc, tr) => acc.add(commitmentAt(tr, index)), Point.ZERO);
    if (!base(total).equals(expected)) throw new Error("wrong code");
    return total;
  }

  function partialDecryption(secret, election, index, tally) {
    const factors = [], proofs = [];
    tally.forEach((row, n) => {
      factors.push([]); proofs.push([]);
      row.forEach(([a], c) => {
        const alpha = pt(a), d = mul(secret, alpha), w = random();
        const ch = challenge(election, "partial", index, n, c, base(secret), d, base(w), mul(w, alpha));
        factors[n].push(ph(d));
        proofs[n].push([hx(ch), hx(mod(w + ch * secret))]);
      });
    });
    return { factors: factors, proofs: proofs };
  }

  globalThis.thiduaBallot = { encryptBallot, auditRecord, tracker, newCode, trusteeKeys, trusteeShares, trusteeSecret, partialDecryption };

  // Pages ----------------------------------------------------------------------------------------
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const show = (el, text) => { el.textContent = text; el.hidden = false; };

  const ballotForm = document.querySelector("form[data-election]");
  if (ballotForm) {
    const chosen = () => Array.from(ballotForm.querySelectorAll("fieldset[data-nominee]"))
      .map((f) => (f.querySelector("input:checked") || {}).value);
    const auditButton = ballotForm.querySelector("[data-role=audit]");
    if (auditButton) auditButton.addEventListener("click", () => {
      const error = ballotForm.querySelector("[data-role=error]"), choices = chosen();
      if (choices.some((c) => !c)) { show(error, ballotForm.dataset.incomplete); return; }
      error.hidden = true;
      const record = auditRecord(ballotForm.dataset.election, ballotForm.dataset.publicKey, choices);
      const box = document.querySelector("[data-role=audit-result]");
      box.querySelector("[data-role=audit-tracker]").textContent = record.tracker;
      box.querySelector("textarea").value = JSON.stringify(record);
      box.hidden = false;  // nothing was sent: casting encrypts the ballot anew, with fresh randomness
    });
    ballotForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const error = ballotForm.querySelector("[data-role=error]");
      const choices = chosen();
      if (choices.some((c) => !c)) { show(error, ballotForm.dataset.incomplete); return; }
      const button = ballotForm.querySelector("button[type=submit]");
      button.disabled = true;
      const content = encryptBallot(ballotForm.dataset.election, ballotForm.dataset.publicKey, choices);
      const tr = tracker(content);
      sessionStorage.setItem(`thidua-tracker-${ballotForm.dataset.election}`, tr);
      const out = document.createElement("form");
      out.method = "post"; out.action = ballotForm.action; out.hidden = true;
      for (const [name, value] of [["csrfmiddlewaretoken", ballotForm.querySelector("[name=csrfmiddlewaretoken]").value],
        ["ballot", JSON.stringify(content)]]) {
        const input = document.createElement("input");
        input.type = "hidden"; input.name = name; input.value = value;
        out.appendChild(input);
      }
      document.body.appendChild(out);
      out.submit();
    });
  }

  const receipt = document.querySelector("[data-tracker-election]");
  if (receipt) {
    const mine = sessionStorage.getItem(`thidua-tracker-${receipt.dataset.trackerElection}`);
    const note = document.querySelector(mine === receipt.dataset.tracker ? "[data-role=match]" : "[data-role=mismatch]");
    if (mine) note.hidden = false;
  }

  const panel = document.querySelector("form[data-trustee]");
  if (panel) {
    const d = panel.dataset, index = Number(d.trustee), k = Number(d.k), codeInput = panel.querySelector("[name=code]");
    const fresh = panel.querySelector("[data-role=new-code]");
    if (fresh) fresh.addEventListener("click", () => {
      codeInput.value = newCode();
      panel.querySelector("[data-role=write-down]").hidden = false;
    });
    panel.addEventListener("submit", (event) => {
      event.preventDefault();
      const error = panel.querySelector("[data-role=error]");
      const code = codeInput.value;
      if (clean(code).length !== 24) { show(error, d.badCode); return; }
      let payload;
      try {
        if (d.step === "keys") payload = trusteeKeys(code, d.election, index, k);
        else if (d.step === "shares") payload = trusteeShares(code, d.election, index, k, data("trustee-transports"));
        else payload = partialDecryption(trusteeSecret(code, d.election, index, k, data("trustee-board")), d.election,
          index, data("encrypted-tally"));
      } catch (e) { show(error, d.badCode); return; }
      panel.querySelector("[name=payload]").value = JSON.stringify(payload);
      codeInput.value = ""; codeInput.disabled = true;  // the code is never sent
      HTMLFormElement.prototype.submit.call(panel);
    });
  }
})();
